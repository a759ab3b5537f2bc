//! Tests for `haven_link::translit`: gold pairs from public romanisation data
//! (copied under `tests/data/`, see the README there), real passport
//! spellings, case handling, and properties over arbitrary input.
//!
//! Run with `--nocapture` to see the pass rate of every scheme.

use std::fs;
use std::path::PathBuf;

use haven_link::translit::{Language, Scheme, transliterate};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Gold data
// ---------------------------------------------------------------------------

fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

/// A (Cyrillic, expected Latin) pair and where it comes from.
#[derive(Debug, Clone)]
struct GoldPair {
    origin: String,
    source: String,
    latin: String,
}

/// Pairs of one system from the interscript test extract
/// (`system lang script source latin`, tab-separated).
fn interscript(system: &str) -> Vec<GoldPair> {
    let path = data_path("interscript/tests.tsv");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let pairs: Vec<GoldPair> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [sys, _lang, _script, source, latin] if *sys == system => Some(GoldPair {
                    origin: format!("interscript {system}"),
                    source: tsv_field(source),
                    latin: tsv_field(latin),
                }),
                _ => None,
            }
        })
        .collect();
    assert!(!pairs.is_empty(), "no gold pairs for {system}");
    pairs
}

/// A TSV field is CSV-quoted when it contains quotes (`"…""…"`), and its
/// content is the Ruby string literal from the interscript map, so `\n` and
/// `\"` are still escaped.
fn tsv_field(raw: &str) -> String {
    let unquoted = match raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => raw.to_owned(),
    };
    let mut out = String::with_capacity(unquoted.len());
    let mut chars = unquoted.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The `samples` of an iuliia schema file.
fn iuliia(schema: &str) -> Vec<GoldPair> {
    let path = data_path(&format!("iuliia/{schema}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {schema}: {e}"));
    let samples = json["samples"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema} has no samples"));
    samples
        .iter()
        .map(|sample| {
            let field = |i: usize| {
                sample[i]
                    .as_str()
                    .unwrap_or_else(|| panic!("{schema}: malformed sample {sample}"))
                    .to_owned()
            };
            GoldPair {
                origin: format!("iuliia {schema}"),
                source: field(0),
                latin: field(1),
            }
        })
        .collect()
}

/// iuliia writes BGN/PCGN and ISO 9 `ë` with the *Cyrillic* letter `ё`
/// (U+0451) in its Latin output, a rendering shortcut; the standards (and the
/// interscript data) use Latin `ë` (U+00EB), which is what we produce. The
/// expected strings are corrected before comparison.
fn with_latin_e_diaeresis(pairs: Vec<GoldPair>) -> Vec<GoldPair> {
    pairs
        .into_iter()
        .map(|pair| GoldPair {
            latin: pair.latin.replace('ё', "ë").replace('Ё', "Ë"),
            ..pair
        })
        .collect()
}

/// Runs `pairs` through the scheme, prints the pass rate and every miss, and
/// checks that the rate is at least `floor` and every miss is one of the
/// documented `known_deviations` (by source text).
fn check_gold(
    label: &str,
    language: Language,
    scheme: Scheme,
    pairs: &[GoldPair],
    floor: f64,
    known_deviations: &[&str],
) {
    let misses: Vec<(&GoldPair, String)> = pairs
        .iter()
        .filter_map(|pair| {
            let actual = transliterate(&pair.source, language, scheme);
            (actual != pair.latin).then_some((pair, actual))
        })
        .collect();
    let passed = pairs.len() - misses.len();
    let rate = passed as f64 / pairs.len() as f64;
    println!("{label}: {passed}/{} passed ({:.1}%)", pairs.len(), rate * 100.0);
    for (pair, actual) in &misses {
        let (expected, actual) = difference_window(&pair.latin, actual);
        println!(
            "  miss [{}] {:?}\n    expected {expected:?}\n    actual   {actual:?}",
            pair.origin,
            pair.source.chars().take(60).collect::<String>(),
        );
    }
    let unexpected: Vec<&str> = misses
        .iter()
        .map(|(pair, _)| pair.source.as_str())
        .filter(|source| !known_deviations.contains(source))
        .collect();
    assert!(unexpected.is_empty(), "{label}: undocumented misses {unexpected:?}");
    assert!(rate >= floor, "{label}: pass rate {rate:.3} below floor {floor}");
}

/// The two strings around their first difference, so that a miss in a long
/// paragraph prints the few words that matter.
fn difference_window(expected: &str, actual: &str) -> (String, String) {
    const CONTEXT: usize = 25;
    let expected: Vec<char> = expected.chars().collect();
    let actual: Vec<char> = actual.chars().collect();
    let first_difference = expected
        .iter()
        .zip(&actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let start = first_difference.saturating_sub(CONTEXT);
    let window = |chars: &[char]| {
        let end = (first_difference + CONTEXT).min(chars.len());
        let text: String = chars[start.min(end)..end].iter().collect();
        let prefix = if start > 0 { "…" } else { "" };
        let suffix = if end < chars.len() { "…" } else { "" };
        format!("{prefix}{text}{suffix}")
    };
    (window(&expected), window(&actual))
}

#[test]
fn gold_icao_9303_russian() {
    check_gold(
        "Icao9303/Russian",
        Language::Russian,
        Scheme::Icao9303,
        &iuliia("icao_doc_9303"),
        1.0,
        &[],
    );
}

#[test]
fn gold_icao_9303_belarusian() {
    check_gold(
        "Icao9303/Belarusian",
        Language::Belarusian,
        Scheme::Icao9303,
        &interscript("icao-bel-Cyrl-Latn-9303"),
        1.0,
        &[],
    );
}

/// The one election-results paragraph of the 1947 examples writes `ъ` as an
/// ASCII `"` (`ob"yedinennaya`), while the system, the other BGN/PCGN
/// examples (Belarusian `z”yezd`) and iuliia use `”` (U+201D). We keep `”`.
const BGN_RUSSIAN_ASCII_QUOTE: &str = "Выборы депутатов";

#[test]
fn gold_bgn_pcgn_russian() {
    let mut pairs = with_latin_e_diaeresis(iuliia("bgn_pcgn"));
    pairs.extend(interscript("bgnpcgn-rus-Cyrl-Latn-1947"));
    let long_text: Vec<&str> = pairs
        .iter()
        .map(|p| p.source.as_str())
        .filter(|s| s.starts_with(BGN_RUSSIAN_ASCII_QUOTE))
        .collect();
    check_gold(
        "BgnPcgn/Russian",
        Language::Russian,
        Scheme::BgnPcgn,
        &pairs,
        0.97,
        &long_text,
    );
}

#[test]
fn gold_bgn_pcgn_belarusian() {
    check_gold(
        "BgnPcgn/Belarusian",
        Language::Belarusian,
        Scheme::BgnPcgn,
        &interscript("bgnpcgn-bel-Cyrl-Latn-1979"),
        1.0,
        &[],
    );
}

#[test]
fn gold_bgn_pcgn_ukrainian() {
    // The 1965 system (`Zahir”ya`) was replaced in 2019; only the 2019
    // examples apply.
    check_gold(
        "BgnPcgn/Ukrainian",
        Language::Ukrainian,
        Scheme::BgnPcgn,
        &interscript("bgnpcgn-ukr-Cyrl-Latn-2019"),
        1.0,
        &[],
    );
}

#[test]
fn gold_belarusian_national() {
    // The UN adopted the 2007 national system unchanged, so both sets apply.
    // The 1998/2000 editions (apostrophe instead of the acute: `Homiel'`)
    // are older and not used.
    let mut pairs = interscript("by-bel-Cyrl-Latn-2007");
    pairs.extend(interscript("un-bel-Cyrl-Latn-2007"));
    check_gold(
        "BelarusianNational/Belarusian",
        Language::Belarusian,
        Scheme::BelarusianNational,
        &pairs,
        1.0,
        &[],
    );
}

#[test]
fn gold_belarusian_passport() {
    // ICAO's Belarusian examples are passport names, and the 2010 MVD
    // (passport) examples are the same; the 2008 MVD system (`Jeva`,
    // `Salawjova`) was short-lived and is not what passports print now.
    let mut pairs = interscript("icao-bel-Cyrl-Latn-9303");
    pairs.extend(interscript("mvd-bel-Cyrl-Latn-2010"));
    check_gold(
        "BelarusianPassport/Belarusian",
        Language::Belarusian,
        Scheme::BelarusianPassport,
        &pairs,
        1.0,
        &[],
    );
}

#[test]
fn gold_ukrainian_national_2010() {
    // UNGEGN adopted the 2010 system in 2012: same table, same examples.
    let mut pairs = interscript("ua-ukr-Cyrl-Latn-2010");
    pairs.extend(interscript("un-ukr-Cyrl-Latn-2012"));
    check_gold(
        "UkrainianNational2010/Ukrainian",
        Language::Ukrainian,
        Scheme::UkrainianNational2010,
        &pairs,
        1.0,
        &[],
    );
}

#[test]
fn gold_gost_779_b() {
    check_gold(
        "Gost779B/Russian",
        Language::Russian,
        Scheme::Gost779B,
        &iuliia("gost_779_alt"),
        1.0,
        &[],
    );
}

#[test]
fn gold_gost_779_a() {
    // The interscript GOST map writes `ъ` as ASCII `"` and `ь` as the acute
    // accent `´` (U+00B4); GOST 7.79 / ISO 9:1995 and iuliia use the modifier
    // primes `ʺ` (U+02BA) and `ʹ` (U+02B9), which we keep.
    let mut pairs = with_latin_e_diaeresis(iuliia("gost_779"));
    pairs.extend(interscript("gost-rus-Cyrl-Latn-7.79-2000-2002"));
    check_gold(
        "Gost779A/Russian",
        Language::Russian,
        Scheme::Gost779A,
        &pairs,
        0.94,
        &["съезд", "альбом"],
    );
}

#[test]
fn gold_wikipedia() {
    check_gold(
        "Wikipedia/Russian",
        Language::Russian,
        Scheme::Wikipedia,
        &iuliia("wikipedia"),
        1.0,
        &[],
    );
}

#[test]
fn gold_telegram() {
    check_gold(
        "Telegram/Russian",
        Language::Russian,
        Scheme::Telegram,
        &iuliia("telegram"),
        1.0,
        &[],
    );
}

// ---------------------------------------------------------------------------
// Real-world spellings
// ---------------------------------------------------------------------------

fn assert_all(language: Language, scheme: Scheme, cases: &[(&str, &str)]) {
    for (cyrillic, latin) in cases {
        assert_eq!(
            transliterate(cyrillic, language, scheme),
            *latin,
            "{scheme:?}/{language:?} of {cyrillic:?}"
        );
    }
}

#[test]
fn belarusian_passport_spellings() {
    assert_all(
        Language::Belarusian,
        Scheme::BelarusianPassport,
        &[
            ("ТАЦЯНА БУГАЕВА", "TATSIANA BUHAYEVA"),
            ("Тацяна Бугаева", "Tatsiana Buhayeva"),
            ("Аляксандр", "Aliaksandr"),
            ("Сяргей", "Siarhei"),
            ("Вольга", "Volha"),
            ("Дзмітрый", "Dzmitry"),
            ("Юлія", "Yuliya"),
            ("Ірына", "Iryna"),
            ("Юрый", "Yury"),
            ("Марыя", "Maryia"),
            ("Наталля", "Natallia"),
            ("Людміла", "Liudmila"),
            ("Арцём", "Artsiom"),
            ("Уладзіслаў", "Uladzislau"),
            ("Яўген", "Yauhen"),
            ("Святлана Ціханоўская", "Sviatlana Tsikhanouskaya"),
            ("Кацярына", "Katsiaryna"),
            ("Дар’я", "Darya"),
            ("Мікалай", "Mikalai"),
        ],
    );
}

#[test]
fn belarusian_passport_for_russian_language_names() {
    assert_all(
        Language::Russian,
        Scheme::BelarusianPassport,
        &[
            ("Сергей", "Sergei"),
            ("Татьяна", "Tatyana"),
            ("Юлия", "Yuliya"),
            ("Дмитрий", "Dmitri"),
        ],
    );
}

#[test]
fn ukrainian_passport_spellings() {
    assert_all(
        Language::Ukrainian,
        Scheme::UkrainianNational2010,
        &[
            ("Олександр", "Oleksandr"),
            ("Юлія", "Yuliia"),
            ("Згорани", "Zghorany"),
            ("Андрій Шевченко", "Andrii Shevchenko"),
            ("Ярослав", "Yaroslav"),
            ("Євгенія", "Yevheniia"),
            ("Зеленський", "Zelenskyi"),
            ("Олег", "Oleh"),
            ("ЮЛІЯ", "YULIIA"),
        ],
    );
    // A Ukrainian name in a Belarusian-passport request gets the Ukrainian
    // passport spelling.
    assert_eq!(
        transliterate("Юлія", Language::Ukrainian, Scheme::BelarusianPassport),
        "Yuliia"
    );
}

#[test]
fn ukrainian_apostrophe_variants_are_equivalent() {
    for apostrophe in ['\'', '\u{2019}', '\u{02BC}', '\u{2018}'] {
        let name = format!("Знам{apostrophe}янка");
        assert_eq!(
            transliterate(&name, Language::Ukrainian, Scheme::UkrainianNational2010),
            "Znamianka"
        );
        let name = format!("Вераб{apostrophe}ёвічы");
        assert_eq!(
            transliterate(&name, Language::Belarusian, Scheme::BelarusianNational),
            "Vierabjovičy"
        );
    }
}

#[test]
fn russian_icao_passport_spellings() {
    assert_all(
        Language::Russian,
        Scheme::Icao9303,
        &[
            ("Щеглова", "Shcheglova"),
            ("ЩЕГЛОВА", "SHCHEGLOVA"),
            ("Щ", "Shch"),
            ("Юлия", "Iuliia"),
            ("Татьяна", "Tatiana"),
            ("Артём", "Artem"),
            ("Подъячев", "Podieiachev"),
        ],
    );
}

#[test]
fn bgn_pcgn_position_rules() {
    assert_all(
        Language::Russian,
        Scheme::BgnPcgn,
        &[
            ("Андреев", "Andreyev"),
            ("Ельцин", "Yel’tsin"),
            ("Сергеевич", "Sergeyevich"),
            ("Соловьёв", "Solov’yëv"),
            ("Пётр", "Pëtr"),
        ],
    );
    assert_all(
        Language::Belarusian,
        Scheme::BgnPcgn,
        &[("Згерская", "Z·hyerskaya"), ("Лукашэнка", "Lukashenka")],
    );
}

#[test]
fn informal_spellings() {
    assert_all(
        Language::Russian,
        Scheme::Wikipedia,
        &[
            ("Татьяна", "Tatyana"),
            ("Юлия", "Yuliya"),
            ("Дмитрий", "Dmitry"),
            ("Наталья Андреевна", "Natalya Andreevna"),
            ("Римский-Корсаков", "Rimsky-Korsakov"),
        ],
    );
    assert_all(
        Language::Ukrainian,
        Scheme::Wikipedia,
        &[
            ("Володимир Зеленський", "Volodymyr Zelensky"),
            ("Андрій", "Andriy"),
            ("Ольга", "Olha"),
            ("Згорани", "Zghorany"),
        ],
    );
    assert_all(
        Language::Belarusian,
        Scheme::Wikipedia,
        &[("Вольга", "Volha"), ("Ціханоўская", "Tsikhanouskaya")],
    );
    assert_all(
        Language::Russian,
        Scheme::Telegram,
        &[("Женя", "Jenia"), ("Щукин", "Scukin")],
    );
    // Telegram is a typing habit: shared letters keep Russian values.
    assert_eq!(transliterate("Олег", Language::Ukrainian, Scheme::Telegram), "Oleg");
}

#[test]
fn belarusian_national_soft_consonants() {
    assert_all(
        Language::Belarusian,
        Scheme::BelarusianNational,
        &[
            ("Вольга", "Voĺha"),
            ("ВОЛЬГА", "VOĹHA"),
            ("Ульяна", "Uĺjana"),
            ("Зьміцер", "Źmicier"),
        ],
    );
}

#[test]
fn gost_779_other_languages() {
    assert_all(
        Language::Ukrainian,
        Scheme::Gost779B,
        &[("Ґалаґан", "G`alag`an"), ("Київ", "Ky`yiv"), ("Цибуля", "Cy`bulya")],
    );
    assert_all(Language::Belarusian, Scheme::Gost779B, &[("Магілёў", "Magilyou`")]);
    assert_all(
        Language::Ukrainian,
        Scheme::Gost779A,
        &[("Їжакевич", "Ïžakevič"), ("Ґалаґан", "G\u{300}alag\u{300}an")],
    );
}

// ---------------------------------------------------------------------------
// Case, word boundaries and characters outside the schemes
// ---------------------------------------------------------------------------

#[test]
fn initials_follow_the_case_of_the_text() {
    let icao = |text| transliterate(text, Language::Russian, Scheme::Icao9303);
    assert_eq!(icao("ЩЕГЛОВА Ю. А."), "SHCHEGLOVA IU. A.");
    assert_eq!(icao("Щеглова Ю. А."), "Shcheglova Iu. A.");
    assert_eq!(icao("Ю. А."), "Iu. A.");
    assert_eq!(icao("Ю.Щ."), "Iu.Shch.");
}

#[test]
fn position_rules_restart_after_a_hyphen() {
    assert_eq!(
        transliterate("Йошкар-Ола", Language::Russian, Scheme::BgnPcgn),
        "Yoshkar-Ola"
    );
    assert_eq!(
        transliterate("Ян-Ёган", Language::Ukrainian, Scheme::UkrainianNational2010),
        "Yan-Yohan"
    );
}

#[test]
fn non_cyrillic_text_is_unchanged() {
    let text = "John O'Brien-Smith, born 1990-01-02; Jürgen née Müller, e\u{301} «ok»";
    for language in Language::ALL {
        for scheme in Scheme::ALL {
            assert_eq!(transliterate(text, language, scheme), text);
        }
    }
    assert_eq!(
        transliterate(
            "Іван Petrov (ID 42)",
            Language::Ukrainian,
            Scheme::UkrainianNational2010
        ),
        "Ivan Petrov (ID 42)"
    );
    // Letters of other Cyrillic alphabets are copied as they are.
    assert_eq!(transliterate("Ђорђе", Language::Russian, Scheme::Icao9303), "Ђorђe");
}

#[test]
fn quotes_around_a_name_are_not_apostrophes() {
    assert_eq!(
        transliterate("'Дар'я'", Language::Belarusian, Scheme::BelarusianPassport),
        "'Darya'"
    );
    // In Russian the apostrophe is not a letter: kept, but it still acts as a
    // separator (as the hard sign it replaces would).
    assert_eq!(
        transliterate("Под'ячев", Language::Russian, Scheme::BgnPcgn),
        "Pod'yachev"
    );
}

#[test]
fn latin_lookalikes_inside_cyrillic_words() {
    // Latin `I`, `a`, `C` typed inside Cyrillic words.
    assert_eq!(
        transliterate("Iванава", Language::Belarusian, Scheme::BelarusianNational),
        "Ivanava"
    );
    assert_eq!(transliterate("Aнaпa", Language::Russian, Scheme::Icao9303), "Anapa");
    assert_eq!(transliterate("Cергей", Language::Russian, Scheme::Icao9303), "Sergei");
    // A word with a Latin letter that has no Cyrillic twin is not folded.
    assert_eq!(transliterate("Сergeй", Language::Russian, Scheme::Icao9303), "Sergei");
}

#[test]
fn decomposed_letters_are_composed() {
    // `й` as `и` + combining breve, `ё` as `е` + combining diaeresis.
    assert_eq!(
        transliterate("Андреи\u{306}", Language::Russian, Scheme::Icao9303),
        "Andrei"
    );
    assert_eq!(
        transliterate("Пе\u{308}тр", Language::Russian, Scheme::Wikipedia),
        "Pyotr"
    );
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Letters of the three alphabets (lower case).
const LETTERS: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў";

fn letter() -> impl Strategy<Value = char> {
    let letters: Vec<char> = LETTERS.chars().collect();
    proptest::sample::select(letters)
}

/// A lower-case word of two or more letters.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(letter(), 2..12).prop_map(|cs| cs.into_iter().collect())
}

fn language() -> impl Strategy<Value = Language> {
    proptest::sample::select(Language::ALL.to_vec())
}

fn scheme() -> impl Strategy<Value = Scheme> {
    proptest::sample::select(Scheme::ALL.to_vec())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Capitalises the first alphabetic character (renderings may start with a
/// separator such as `·`).
fn capitalise_first_letter(text: &str) -> String {
    let mut done = false;
    text.chars()
        .flat_map(|c| {
            if !done && c.is_alphabetic() {
                done = true;
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,40}|[а-яёіїєґўА-ЯЁІЇЄҐЎ' ’ʼ-]{0,40}", language in language(), scheme in scheme()) {
        let _ = transliterate(&text, language, scheme);
    }

    #[test]
    fn text_without_cyrillic_is_unchanged(text in "\\PC{0,40}", language in language(), scheme in scheme()) {
        let text: String = text.chars().filter(|c| !matches!(c, '\u{0400}'..='\u{052F}')).collect();
        prop_assert_eq!(transliterate(&text, language, scheme), text);
    }

    #[test]
    fn capitals_give_capitals(word in word(), language in language(), scheme in scheme()) {
        let lower = transliterate(&word, language, scheme);
        let upper = transliterate(&word.to_uppercase(), language, scheme);
        prop_assert_eq!(upper, lower.to_uppercase());
    }

    #[test]
    fn title_case_gives_title_case(word in word(), language in language(), scheme in scheme()) {
        // A word cannot start with a sign letter, whose rendering is empty.
        prop_assume!(!word.starts_with(['ъ', 'ь']));
        let lower = transliterate(&word, language, scheme);
        let title = transliterate(&capitalise(&word), language, scheme);
        prop_assert_eq!(title, capitalise_first_letter(&lower));
    }

    #[test]
    fn passport_schemes_are_ascii(
        words in proptest::collection::vec(word(), 1..4),
        language in language(),
        scheme in proptest::sample::select(vec![
            Scheme::Icao9303,
            Scheme::BelarusianPassport,
            Scheme::UkrainianNational2010,
            Scheme::Gost779B,
            Scheme::Wikipedia,
            Scheme::Telegram,
        ]),
    ) {
        let text = words.join(" ");
        let latin = transliterate(&text, language, scheme);
        prop_assert!(latin.is_ascii(), "{:?} -> {:?}", text, latin);
    }
}
