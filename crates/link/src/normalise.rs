//! Comparison keys for personal names written in any script.
//!
//! A name reaches Haven as `Татьяна` from the police, `Тацяна` from the Red
//! Cross, `TATSIANA` from a passport and `Tatiana` from an NGO; an Arabic name
//! as `Mohammed`, `Muhammad` or `محمد`. [`normalise`] turns each into
//! - a **canonical** Latin form: ASCII, lower case, no spaces, articles
//!   (`al-`, `el`, `ال`) dropped, Cyrillic romanised by the passport system of
//!   the language it is written in, Arabic script and the attested Latin
//!   spellings of Arabic names mapped to one shared spelling;
//! - a coarse **skeleton**: the consonants of the canonical form after
//!   folding the letters that romanisation systems disagree on (`ts`/`t` for
//!   Belarusian `ц`, `g`/`h`, `dz`/`d`, `j`/`y`/`i` and `dzh`, doubled letters), so
//!   that `Tatsiana`, `Tatiana` and `Tatjana` share `tn`.
//!
//! ```
//! use haven_link::normalise::normalise;
//!
//! assert_eq!(normalise("Тацяна").skeleton, normalise("Tatjana").skeleton);
//! assert_eq!(normalise("محمد").canonical, normalise("Muhammad").canonical);
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::arabic::{self, Table};
use crate::translit::{Language, Scheme, transliterate};

/// The keys of one name (one field: a given name, a family name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct NameKey {
    /// ASCII lower-case Latin, words joined without spaces.
    pub canonical: String,
    /// Consonant skeleton of `canonical` (see the module documentation).
    pub skeleton: String,
    /// `canonical` read as Telegram's style writes Russian, and its
    /// skeleton, where that differs from `skeleton`; else both empty (see
    /// [`telegram_reading`]).
    pub telegram: String,
    pub telegram_skeleton: String,
}

impl NameKey {
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }
}

/// Articles and connecting particles of Arabic (and Urdu/Persian) names in
/// Latin script. Dropped only when the name has another word, so a person
/// actually called `Al` keeps a name.
const ARTICLES: [&str; 15] = [
    "al", "el", "ul", "ur", "ud", "ad", "ed", "as", "ash", "at", "az", "ar", "an", "ut", "us",
];

/// The comparison keys of `name`, in any script. Never fails; an empty or
/// letterless name gives empty keys.
pub fn normalise(name: &str) -> NameKey {
    let table = Table::get();
    let language = cyrillic_language(name);
    let mut words: Vec<String> = Vec::new();
    for raw in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.' | ',' | '/' | '(' | ')')) {
        if raw.is_empty() {
            continue;
        }
        if raw.chars().any(arabic::is_arabic) {
            let folded = arabic::fold(&raw.nfkc().collect::<String>());
            let bare = arabic::strip_article(&folded);
            let latin = table
                .latin(&folded)
                .or_else(|| table.latin(bare))
                .map_or_else(|| arabic::romanise_letters(bare), str::to_owned);
            if !latin.is_empty() {
                words.push(latin);
            }
            continue;
        }
        let latin = if raw.chars().any(is_cyrillic) {
            transliterate(raw, language, passport_scheme(language))
        } else if raw.is_ascii() {
            raw.to_owned()
        } else {
            // Other scripts (Bengali, Devanagari, Greek, ...) and Latin
            // letters with diacritics: deunicode's generic romanisation is
            // rough, but the skeleton only needs the consonants.
            deunicode::deunicode(raw)
        };
        // Romanisation may itself contain separators (`Йошкар-Ола`).
        words.extend(
            fold_latin(&latin)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
    }
    if words.len() > 1 {
        let without: Vec<String> = words
            .iter()
            .filter(|w| !ARTICLES.contains(&w.as_str()))
            .cloned()
            .collect();
        if !without.is_empty() {
            words = without;
        }
    }
    let mut canonical = String::new();
    for word in &words {
        canonical.push_str(shared_spelling(table, word));
    }
    let skeleton = skeleton(&canonical);
    let (telegram, telegram_skeleton) = telegram_reading(&canonical, &skeleton);
    NameKey {
        canonical,
        skeleton,
        telegram,
        telegram_skeleton,
    }
}

/// `canonical` read as Telegram's style writes Russian, with its skeleton:
/// `j` for ж, a lone `c` for ц and `sc` for щ (`Jukov`, `Kuznecov`,
/// `Scerbakov`), where every other style writes `zh`, `ts` and `shch`
/// (`Zhukov`, `Kuznetsov`, `Shcherbakov`). The plain skeleton reads `j` as
/// the `j` of `Jafari` or the `й` of `Jakub`, so a name typed in that style
/// is compared with this reading too. Empty when its skeleton is the plain
/// one.
fn telegram_reading(canonical: &str, plain: &str) -> (String, String) {
    let s = canonical.as_bytes();
    let mut read = String::with_capacity(canonical.len() + 4);
    let mut i = 0;
    while i < s.len() {
        let next = s.get(i + 1).copied();
        match s[i] {
            b'j' => read.push_str("zh"),
            b's' if next == Some(b'c') && s.get(i + 2) != Some(&b'h') => {
                read.push_str("shch");
                i += 1;
            }
            // `ck` too: in a Slavic name it is ц and к (`Mickevich`).
            b'c' if !matches!(next, Some(b'h' | b'z')) => read.push_str("ts"),
            other => read.push(char::from(other)),
        }
        i += 1;
    }
    let telegram = skeleton(&read);
    if telegram == plain {
        (String::new(), String::new())
    } else {
        (read, telegram)
    }
}

/// The key a person search compares, the same for a name in any script and in its
/// Belarusian, Ukrainian or Russian form: the skeletons of the name's fields (a family name
/// alone; given and family; given, patronymic and family), each folded to the Russian form
/// (`forms`), sorted, so that the order the fields come in does not matter. `None` when a
/// field has no consonant to compare (too little to tell anyone apart).
///
/// ```
/// use haven_link::normalise::spelling_key;
///
/// let police = spelling_key(&["Татьяна", "Бугаева"]);
/// assert!(police.is_some());
/// assert_eq!(police, spelling_key(&["TATSIANA", "BUHAYEVA"]));
/// assert_eq!(police, spelling_key(&["Бугаева", "Тацяна"]));
/// assert_eq!(spelling_key(&["Мікалай", "Казлоўскі"]), spelling_key(&["Nikolai", "Kozlovsky"]));
/// ```
pub fn spelling_key(fields: &[&str]) -> Option<String> {
    let mut skeletons = Vec::with_capacity(fields.len());
    for field in fields {
        let mut key = normalise(field);
        crate::forms::fold_any_field(&mut key);
        if key.skeleton.is_empty() {
            return None;
        }
        skeletons.push(key.skeleton);
    }
    if skeletons.is_empty() {
        return None;
    }
    skeletons.sort();
    Some(skeletons.join(" "))
}

/// Words of a typed search beyond these are ignored: no name has more fields.
const MOST_QUERY_WORDS: usize = 6;

/// The spelling keys a typed search may match. A search does not say where one field ends
/// and the next begins (`Mohammed Al Hassan`), so its words are split every way into two or
/// three fields; a single word is compared with family names alone.
pub fn spelling_keys_of_search(search: &str) -> Vec<String> {
    let words: Vec<&str> = search.split_whitespace().take(MOST_QUERY_WORDS).collect();
    let field = |range: std::ops::Range<usize>| words[range].join(" ");
    let n = words.len();
    let mut keys = Vec::new();
    if n == 1 {
        keys.extend(spelling_key(&words));
    }
    for i in 1..n {
        keys.extend(spelling_key(&[&field(0..i), &field(i..n)]));
        for j in i + 1..n {
            keys.extend(spelling_key(&[&field(0..i), &field(i..j), &field(j..n)]));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// A Latin word's shared spelling: the table's, after dropping a glued
/// article (`Alhassan`, `Elhassan`) when only the rest is a known name.
fn shared_spelling<'a>(table: &Table, word: &'a str) -> &'a str {
    if let Some(shared) = table.shared(word) {
        return shared;
    }
    for article in ["al", "el"] {
        if let Some(rest) = word.strip_prefix(article)
            && rest.len() >= 3
            && let Some(shared) = table.shared(rest)
        {
            return shared;
        }
    }
    word
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Which language a Cyrillic name is written in, from the letters only one
/// of the three alphabets has. A name with none of them (`Бугаева`) is read
/// as Russian; the skeleton absorbs the difference (`g`/`h`).
fn cyrillic_language(name: &str) -> Language {
    let has = |set: &[char]| {
        name.chars()
            .any(|c| set.contains(&c.to_lowercase().next().unwrap_or(c)))
    };
    if has(&['ў']) || (has(&['і']) && has(&['ы', 'э'])) {
        Language::Belarusian
    } else if has(&['ї', 'є', 'ґ']) || (has(&['і']) && has(&['и'])) {
        Language::Ukrainian
    } else if has(&['і']) {
        Language::Belarusian
    } else {
        Language::Russian
    }
}

/// The system the language's own passports use, as the Latin spelling most
/// records of the same person will carry.
fn passport_scheme(language: Language) -> Scheme {
    match language {
        Language::Russian => Scheme::Icao9303,
        Language::Belarusian => Scheme::BelarusianPassport,
        Language::Ukrainian => Scheme::UkrainianNational2010,
    }
}

/// ASCII lower case with diacritics removed; separators become spaces,
/// apostrophes and other marks vanish (`Dar'ya` = `Darya`).
fn fold_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            match lower {
                'a'..='z' => out.push(lower),
                'ł' => out.push('l'),
                'ø' => out.push('o'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ß' => out.push_str("ss"),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ı' => out.push('i'),
                c if c.is_whitespace() || matches!(c, '-' | '_' | '.' | ',') => out.push(' '),
                _ => {}
            }
        }
    }
    out
}

/// Folds a canonical form to its consonant skeleton.
///
/// Hand-written because the phonetic codes in crates (Soundex, Metaphone)
/// are built for English and keep what matters least here (the first
/// vowel: `Alena`/`Elena`/`Olena`) while splitting what romanisation
/// systems of Cyrillic and Arabic disagree on (`ts`/`c`, `kh`/`h`, `g`/`h`).
pub fn skeleton(canonical: &str) -> String {
    let s = canonical.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        // Belarusian -оў/-еў romanised as -ou/-eu is Russian -ов/-ев.
        let at_end = |n: usize| rest.len() == n;
        let (code, used): (Option<u8>, usize) = if rest.starts_with(b"shch") {
            (Some(b's'), 4)
        } else if rest.starts_with(b"dzh") {
            // `дж`, the Cyrillic spelling of a foreign `j` (`Джафари`,
            // `Jafari`), which the skeleton leaves out like `j` itself.
            (None, 3)
        } else if rest.starts_with(b"sch") || rest.starts_with(b"tch") {
            (Some(if rest[0] == b's' { b's' } else { b'C' }), 3)
        } else if (rest.starts_with(b"ou") || rest.starts_with(b"eu")) && at_end(2) {
            (Some(b'v'), 2)
        } else if rest[0] == b'u'
            && i > 0
            && matches!(s[i - 1], b'a' | b'e')
            && rest.get(1).is_none_or(|&next| single(next).is_some())
        {
            // Belarusian ў after a vowel before a consonant (`Kavaleuski`,
            // `Shauchuk`, `Yauhen`) is Russian в (`Kovalevsky`, `Shevchuk`,
            // `Evgenii`).
            (Some(b'v'), 1)
        } else if rest.len() >= 2 {
            match (rest[0], rest[1]) {
                (b'c', b'h' | b'z') => (Some(b'C'), 2),
                (b's', b'h' | b'z') => (Some(b's'), 2),
                (b'z', b'h') => (Some(b'z'), 2),
                (b'k' | b'g', b'h') => (Some(b'h'), 2),
                (b'p', b'h') => (Some(b'f'), 2),
                (b't', b'h' | b's' | b'z') => (Some(b't'), 2),
                (b'd', b'h' | b'z') => (Some(b'd'), 2),
                (b'c', b'k') => (Some(b'k'), 2),
                _ => (single(rest[0]), 1),
            }
        } else {
            (single(rest[0]), 1)
        };
        if let Some(code) = code {
            let codes: &[u8] = if code == b'x' {
                b"ks"
            } else {
                std::slice::from_ref(&code)
            };
            for &c in codes {
                if out.last() != Some(&c) {
                    out.push(c);
                }
            }
        }
        i += used;
    }
    // `C` (the sound of `ch`) is written `c`: a lone `c` became `k` above.
    out.into_iter().map(|b| (b as char).to_ascii_lowercase()).collect()
}

fn single(b: u8) -> Option<u8> {
    match b {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'j' => None,
        b'g' => Some(b'h'),
        b'w' => Some(b'v'),
        b'q' | b'c' => Some(b'k'),
        b'a'..=b'z' => Some(b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skel(name: &str) -> String {
        normalise(name).skeleton
    }

    fn canon(name: &str) -> String {
        normalise(name).canonical
    }

    #[test]
    fn tatiana_in_five_spellings_shares_a_skeleton() {
        let names = ["Татьяна", "Тацяна", "TATSIANA", "Tatiana", "Tatjana"];
        for name in names {
            assert_eq!(skel(name), "tn", "{name}");
        }
        assert_eq!(canon("Татьяна"), "tatiana");
        assert_eq!(canon("Tatiana"), "tatiana");
        assert_eq!(canon("TATSIANA"), canon("Тацяна"));
    }

    #[test]
    fn a_foreign_j_written_in_cyrillic_shares_the_latin_skeleton() {
        assert_eq!(skel("Джафари"), skel("Jafari"));
        assert_eq!(skel("Наджджар"), skel("Najjar"));
        assert_eq!(skel("Джебали"), skel("Jebali"));
        assert_ne!(skel("Джафари"), skel("Zafari"));
    }

    #[test]
    fn a_name_typed_in_telegrams_style_is_read_as_the_other_styles_write_it() {
        let telegram = |name: &str| normalise(name).telegram_skeleton;
        assert_eq!(normalise("Anjela").telegram, "anzhela");
        assert_eq!(telegram("Jukov"), skel("Жуков"));
        assert_eq!(telegram("Kuznecova"), skel("Кузнецова"));
        assert_eq!(telegram("Scerbakov"), skel("Щербаков"));
        assert_eq!(telegram("Mickevich"), skel("MITSKEVICH"));
        // Only where the reading differs: `ch` and `sch` are read as ever.
        assert_eq!(telegram("Chernov"), "");
        assert_eq!(telegram("Schmidt"), "");
        assert_eq!(telegram("Zhukov"), "");
    }

    #[test]
    fn bugaeva_in_three_spellings_shares_a_skeleton() {
        for name in ["Бугаева", "BUHAYEVA", "Bugaeva"] {
            assert_eq!(skel(name), "bhv", "{name}");
        }
        assert_eq!(canon("Бугаева"), "bugaeva");
    }

    #[test]
    fn spellings_of_muhammad_share_a_canonical_form() {
        let expected = canon("محمد");
        assert!(!expected.is_empty());
        for name in ["Mohammed", "Muhammad", "Mohamad", "MOHAMMED"] {
            assert_eq!(canon(name), expected, "{name}");
        }
        assert_eq!(skel("Mohammed"), "mhmd");
        assert_eq!(skel("محمد"), "mhmd");
    }

    #[test]
    fn al_hassan_with_and_without_its_article_shares_a_canonical_form() {
        let expected = canon("Hasan");
        for name in ["Al-Hassan", "El Hasan", "Hasan", "الحسن", "al-Hassan", "Alhassan"] {
            assert_eq!(canon(name), expected, "{name}");
        }
        assert_eq!(skel("الحسن"), "hsn");
    }

    #[test]
    fn unknown_arabic_words_fall_back_to_their_letters() {
        // A made-up word: not in the table, so romanised letter by letter.
        assert_eq!(canon("بقزت"), "bqzt");
        assert_eq!(skel("بقزت"), "bkzt");
    }

    #[test]
    fn belarusian_endings_and_letters_match_russian_ones() {
        assert_eq!(skel("Іваноў"), skel("Иванов"));
        assert_eq!(skel("Іваноў"), skel("IVANOVA"));
        assert_eq!(skel("Дзмітрый"), skel("Дмитрий"));
        assert_eq!(skel("Аляксандр"), skel("Alexander"));
        assert_eq!(skel("Аляксандравіч"), skel("Александрович"));
        assert_eq!(skel("Kavaliou"), skel("Ковалёв"));
        assert_eq!(skel("Кавалеўскі"), skel("Kovalevsky"));
        assert_eq!(skel("SHAUCHUK"), skel("Шевчук"));
        assert_eq!(skel("Яўген"), skel("Евгений"));
        assert_eq!(skel("MAROZAU"), skel("Morozov"));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert_ne!(skel("Tatiana"), skel("Natalia"));
        assert_ne!(skel("Ivanov"), skel("Petrov"));
        assert_ne!(canon("Hasan"), canon("Hussein"));
    }

    #[test]
    fn other_scripts_are_romanised_roughly() {
        assert_eq!(skel("শাহানা"), skel("Shahana"));
        assert_eq!(skel("हरप्रीत"), skel("Harpreet"));
    }

    #[test]
    fn diacritics_and_empty_names() {
        assert_eq!(canon("Łukasz Müller"), "lukaszmuller");
        assert!(normalise("").is_empty());
        assert!(normalise(" - ").is_empty());
        assert_eq!(canon("Dar'ya"), "darya");
    }
}
