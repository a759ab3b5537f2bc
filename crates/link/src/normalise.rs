//! Comparison keys for personal names written in any script.
//!
//! A name reaches Haven as `Татьяна` from the police, `Тацяна` from the Red
//! Cross, `TATSIANA` from a passport and `Tatiana` from an NGO; an Arabic name
//! as `Mohammed`, `Muhammad` or `محمد`. [`normalise`] turns each into
//! - a **canonical** Latin form: ASCII, lower case, no spaces, articles
//!   (`al-`, `el`, `ال`) dropped, Cyrillic romanised by the passport system of
//!   the language it is written in (but `дж` as the `j` Latin spellings
//!   write), Arabic script, the attested Latin spellings of Arabic names and
//!   those names written in Cyrillic mapped to one shared spelling, other
//!   scripts romanised with each long vowel written once;
//! - a coarse **skeleton**: the consonants of the canonical form after
//!   folding the letters that romanisation systems disagree on (`ts`/`t` for
//!   Belarusian `ц`, `g`/`h`, `dz`/`d`, `j`/`y`/`i` and `dzh`, doubled letters,
//!   a first `v` before a consonant, Belarusian `u`), so that `Tatsiana`,
//!   `Tatiana` and `Tatjana` share `ttn`. A doubled consonant is written
//!   once, one repeated across a vowel twice (`Мироненок` is `mrnnk`,
//!   `Миронюк` `mrnk`).
//!
//! ```
//! use haven_link::normalise::normalise;
//!
//! assert_eq!(normalise("Тацяна").skeleton, normalise("Tatjana").skeleton);
//! assert_eq!(normalise("محمد").canonical, normalise("Muhammad").canonical);
//! ```

use std::collections::HashSet;
use std::sync::OnceLock;

use compact_str::CompactString;

use unicode_normalization::UnicodeNormalization;

use crate::arabic::{self, Table};
use crate::name_lists::{FAMILY, GIVEN, PATRONYMIC, rows};
use crate::nation::SpeltNation;
use crate::translit::{Language, Scheme, every_romanisation, transliterate};

/// The keys of one name (one field: a given name, a family name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct NameKey {
    /// ASCII lower-case Latin, words joined without spaces. Compact strings
    /// hold a name of up to 24 letters in place: at a million persons, a
    /// separate allocation for each key would cost hundreds of megabytes.
    pub canonical: CompactString,
    /// Consonant skeleton of `canonical` (see the module documentation).
    pub skeleton: CompactString,
    /// `canonical` read in the other orthographies its letters suggest, where
    /// that gives another skeleton: Telegram's style of Russian, Somali's
    /// (see [`readings`]). Usually none.
    pub readings: Vec<Reading>,
    /// Some word was romanised from a script that leaves short vowels
    /// unwritten (an Arabic name the variant table does not know, Bengali,
    /// Devanagari): `canonical` has the consonants and long vowels only
    /// (`الهق` is `hq`, `হক` is `hk`), so how it is spelt says less than a
    /// Latin or Cyrillic spelling does.
    pub unvowelled: bool,
}

/// A name's spelling read in another orthography, with its skeleton.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reading {
    pub orthography: Orthography,
    pub spelling: CompactString,
    pub skeleton: CompactString,
}

/// The orthographies a Latin name is also read in (see [`readings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orthography {
    Telegram,
    Somali,
    /// Arabic and Persian names whose final `ة` or `ه` one spelling writes
    /// `h` and another leaves out.
    SilentFinalH,
    /// French, in which West African names write u `ou`, and Maghrebi
    /// names w before a vowel `ou`.
    French,
}

impl NameKey {
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }
}

/// Articles and connecting particles of Arabic (and Urdu/Persian) names in
/// Latin script, the Somali title `Aw` that some spellings of a family
/// name keep (`Aw-Ali` for علي), and the particles of Spanish and Portuguese
/// family names that some records leave out (`de Silva`, `Silva`). Dropped
/// only when the name has another word, so a person actually called `Al`
/// keeps a name.
const ARTICLES: [&str; 19] = [
    "al", "el", "ul", "ur", "ud", "ad", "ed", "as", "ash", "at", "az", "ar", "an", "ut", "us", "aw", "de", "del", "dos",
];

/// The comparison keys of `name`, in any script. Never fails; an empty or
/// letterless name gives empty keys.
pub fn normalise(name: &str) -> NameKey {
    let table = Table::get();
    let language = cyrillic_language(name);
    let mut words: Vec<String> = Vec::new();
    let mut unvowelled = false;
    for raw in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.' | ',' | '/' | '(' | ')')) {
        if raw.is_empty() {
            continue;
        }
        if raw.chars().any(arabic::is_arabic) {
            let folded = arabic::fold(&raw.nfkc().collect::<String>());
            let bare = arabic::strip_article(&folded);
            let latin = if let Some(spelling) = table.latin(&folded).or_else(|| table.latin(bare)) {
                spelling.to_owned()
            } else {
                unvowelled = true;
                arabic::romanise_letters(bare)
            };
            if !latin.is_empty() {
                words.push(latin);
            }
            continue;
        }
        let latin = if raw.chars().any(is_cyrillic) {
            let passport = transliterate(raw, language, passport_scheme(language));
            arabic_name_in_cyrillic(table, raw, &passport).map_or_else(|| foreign_j(&passport), str::to_owned)
        } else if raw.is_ascii() {
            raw.to_owned()
        } else if raw.chars().any(|c| c.is_ascii_alphabetic()) {
            // Latin letters with diacritics (`Çetin`, `Nguyễn`).
            deunicode::deunicode(raw)
        } else {
            // Other scripts (Bengali, Devanagari, Greek, ...): deunicode's
            // generic romanisation is rough, but the skeleton only needs the
            // consonants.
            unvowelled = true;
            single_vowels(&deunicode::deunicode(raw))
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
    let readings = readings(&canonical, &skeleton);
    NameKey {
        canonical: canonical.into(),
        skeleton: skeleton.into(),
        readings,
        unvowelled,
    }
}

/// `canonical` read in the other orthographies whose letters it has, each
/// where its skeleton differs from the `plain` one and from the others':
/// - Telegram's style of Russian writes ж `j`, ц a lone `c` and щ `sc`
///   (`Jukov`, `Kuznecov`, `Scerbakov`), where every other style writes
///   `zh`, `ts` and `shch` (`Zhukov`, `Kuznetsov`, `Shcherbakov`); the plain
///   skeleton reads `j` as the `j` of `Jafari` or the `й` of `Jakub`;
/// - Somali writes ħ `x` and ʿayn `c` (`Maxamed`, `Xasan`, `Cabdi`,
///   `Cumar`), where other spellings write `h` and nothing (`Mohamed`,
///   `Hassan`, `Abdi`, `Omar`); the plain skeleton reads `x` as the `ks` of
///   `Maxim` and `c` as `k`;
/// - the final `ة` or `ه` of an Arabic or Persian name is written `-ah` or
///   `-eh` by some (`Fatemah`, `Sarah`, `Abdallah`, `Hashemzadeh`) and left
///   out by others (`Fatima`, `Sara`, `Abdalla`, `Хашемзаде`), as is the `h` of
///   West African names (`Bah`, `Ba`); the plain skeleton keeps the `h`;
/// - French writes u `ou` (`Mamadou`, `Aïssatou`, `Oumarou`, where Russian
///   writes `Мамаду`), and w before a vowel `ou` (`Alaoui`, `Ouazzani`,
///   `Ouedraogo`, where Arabic and English write `w`: `Alawi`, `Wazzani`); the
///   plain skeleton reads a final `ou` as the Belarusian `-оў` of `Kazlou`
///   (`Козлов`), and `oua` as vowels.
fn readings(canonical: &str, plain: &str) -> Vec<Reading> {
    let mut readings: Vec<Reading> = Vec::new();
    let without_final = |ending: &str, kept: &str, shortest_stem: usize| {
        canonical
            .strip_suffix(ending)
            .filter(|stem| stem.len() >= shortest_stem)
            .map(|stem| format!("{stem}{kept}"))
    };
    // Persian `-eh` ends long names only; `Oleh`, `Aleh` are `Олег`, `Алег`.
    let silent_final_h = without_final("ah", "a", 1).or_else(|| without_final("eh", "e", 3));
    for (orthography, spelling) in [
        (Orthography::Telegram, Some(telegram_reading(canonical))),
        (Orthography::Somali, Some(somali_reading(canonical))),
        (Orthography::SilentFinalH, silent_final_h),
        (Orthography::French, french_reading(canonical)),
    ] {
        let Some(spelling) = spelling else {
            continue;
        };
        let skeleton = skeleton(&spelling);
        if skeleton != plain && readings.iter().all(|r| r.skeleton != skeleton) {
            readings.push(Reading {
                orthography,
                spelling: spelling.into(),
                skeleton: skeleton.into(),
            });
        }
    }
    readings
}

/// `canonical` read as French: `ou` before a vowel as `w`, a final `ou`
/// (after a stem) as `u`; none if it has neither.
fn french_reading(canonical: &str) -> Option<String> {
    let s = canonical.as_bytes();
    let mut read = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(b"ou") {
            let sound = match s.get(i + 2) {
                Some(b'a' | b'e' | b'i') => Some('w'),
                None if i > 0 => Some('u'),
                _ => None,
            };
            if let Some(sound) = sound {
                read.push(sound);
                i += 2;
                continue;
            }
        }
        read.push(char::from(s[i]));
        i += 1;
    }
    (read != canonical).then_some(read)
}

fn telegram_reading(canonical: &str) -> String {
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
    read
}

fn somali_reading(canonical: &str) -> String {
    let s = canonical.as_bytes();
    let mut read = String::with_capacity(canonical.len());
    for (i, &letter) in s.iter().enumerate() {
        match letter {
            b'x' => read.push('h'),
            b'c' if s.get(i + 1) != Some(&b'h') => {}
            other => read.push(char::from(other)),
        }
    }
    read
}

/// The keys a person search compares, the same for a name in any script and in its
/// Belarusian, Ukrainian or Russian form: the skeletons of the name's fields (a family name
/// alone; given and family; given, patronymic and family), each folded to the Russian form
/// (`forms`), sorted, so that the order the fields come in does not matter. A name written
/// in another orthography has a second key, every field read in it (`Maxamed Xasan` also
/// as `Mahamed Hasan`). No key when a field has no consonant to compare (too little to tell
/// anyone apart).
///
/// ```
/// use haven_link::normalise::spelling_keys;
///
/// let police = spelling_keys(&["Татьяна", "Бугаева"]);
/// assert_eq!(police.len(), 1);
/// assert_eq!(police, spelling_keys(&["TATSIANA", "BUHAYEVA"]));
/// assert_eq!(police, spelling_keys(&["Бугаева", "Тацяна"]));
/// assert_eq!(spelling_keys(&["Мікалай", "Казлоўскі"]), spelling_keys(&["Nikolai", "Kozlovsky"]));
/// let somali = spelling_keys(&["Maxamed", "Xasan"]);
/// assert!(somali.contains(&spelling_keys(&["Mohamed", "Hassan"])[0]));
/// ```
pub fn spelling_keys(fields: &[&str]) -> Vec<String> {
    let names: Vec<NameKey> = fields.iter().map(|field| normalise(field)).collect();
    let mut keys: Vec<String> = Vec::new();
    for orthography in [None, Some(Orthography::Telegram), Some(Orthography::Somali)] {
        let mut skeletons = Vec::with_capacity(names.len());
        for name in &names {
            let reading = orthography.and_then(|o| name.readings.iter().find(|r| r.orthography == o));
            let (canonical, skeleton) = match reading {
                Some(reading) => (&reading.spelling, &reading.skeleton),
                None => (&name.canonical, &name.skeleton),
            };
            let mut read = NameKey {
                canonical: canonical.clone(),
                skeleton: skeleton.clone(),
                ..NameKey::default()
            };
            crate::forms::fold_any_field(&mut read);
            skeletons.push(read.skeleton);
        }
        if skeletons.is_empty() || skeletons.iter().any(CompactString::is_empty) {
            continue;
        }
        skeletons.sort();
        let key = skeletons.join(" ");
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
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
        keys.extend(spelling_keys(&words));
    }
    for i in 1..n {
        keys.extend(spelling_keys(&[&field(0..i), &field(i..n)]));
        for j in i + 1..n {
            keys.extend(spelling_keys(&[&field(0..i), &field(i..j), &field(j..n)]));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// A Latin word's shared spelling: the table's ([`arabic_spelling`]). A
/// spelling of one of the lists' Slavic names is kept: it is that name.
fn shared_spelling<'a>(table: &Table, word: &'a str) -> &'a str {
    if slavic_spellings().contains(word) {
        return word;
    }
    arabic_spelling(table, word).unwrap_or(word)
}

/// The table's shared spelling of a Latin word that is a spelling of an
/// Arabic name, also with a glued article (`Alhassan`, `Elhassan`) dropped.
fn arabic_spelling(table: &Table, word: &str) -> Option<&'static str> {
    table.shared(word).or_else(|| {
        ["al", "el"].into_iter().find_map(|article| {
            word.strip_prefix(article)
                .filter(|rest| rest.len() >= 3)
                .and_then(|rest| table.shared(rest))
        })
    })
}

/// A Cyrillic name's passport romanisation with `дж` written `j`, as the
/// Latin spellings of the foreign names it spells write it (`Аджай` and
/// `Ajay`, `Джеймс` and `James`): the passport's `dzh` is how no one spells
/// such a name in Latin letters, and it keeps the canonical forms of the two
/// spellings apart, which short names (`Ajay` has no consonant skeleton)
/// are compared by.
fn foreign_j(passport: &str) -> String {
    passport.to_lowercase().replace("dzh", "j")
}

/// A romanisation with each doubled vowel written once: deunicode writes the
/// long vowels of Indic scripts twice (`पूजा` is `puujaa`, `शर्मा`
/// `shrmaa`), which no Latin spelling of those names does (`Puja`,
/// `Sharma`). Hand-written: a fold of one letter class, no crate's job.
fn single_vowels(romanised: &str) -> String {
    let mut out = String::with_capacity(romanised.len());
    for c in romanised.chars() {
        let vowel = matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
        if !(vowel
            && out
                .chars()
                .last()
                .is_some_and(|last: char| last.eq_ignore_ascii_case(&c)))
        {
            out.push(c);
        }
    }
    out
}

/// The shared spelling of an Arabic name written in Cyrillic (`Мухаммад`,
/// `Саййид`, `Наджджар`, `Алхаддад`), which the passport system romanises
/// as no Latin spelling of the name is written (`Mukhammad`, `Saiiid`,
/// `Nadzhdzhar`). Russian writes Arabic names by their sound: `х` for both
/// `h` and `kh`, `в` for both `v` and `w`, `дж` for `j`, `й` for `y`. So the
/// word is also romanised as English spellings of it are (Wikipedia's
/// style), each way of reading `х` and `в`, and the first reading the table
/// knows as a spelling of an Arabic name is taken. Not for a word that is a
/// spelling of a listed Slavic name or that the table already knows as
/// romanised; a Slavic name the table lacks keeps its passport spelling
/// (`Хасанов`).
fn arabic_name_in_cyrillic(table: &Table, raw: &str, passport: &str) -> Option<&'static str> {
    let passport = fold_latin(passport);
    if slavic_spellings().contains(&passport) || arabic_spelling(table, &passport).is_some() {
        return None;
    }
    let english = fold_latin(&transliterate(raw, Language::Russian, Scheme::Wikipedia)).replace("dzh", "j");
    [english.replace("kh", "h"), english]
        .into_iter()
        .flat_map(|reading| [reading.replace('v', "w"), reading])
        .flat_map(|reading| {
            // A first `у` before a vowel is the `w` of `Уалид` (Walid).
            let first_w = reading
                .strip_prefix('u')
                .filter(|rest| rest.starts_with(['a', 'e', 'i']))
                .map(|rest| format!("w{rest}"));
            std::iter::once(reading).chain(first_w)
        })
        .find_map(|reading| arabic_spelling(table, &reading))
}

/// The Latin spellings of the lists' Slavic names in every language by every
/// system. The Arabic table is built from Wikidata's labels, which give
/// `Yan` as a spelling of يان (mostly `Eliane`) and `Alisa` of عيسى (`Issa`):
/// without this, `Yan` and `Ян` would have different canonical forms and
/// `Alisa` would be `Issa`'s.
fn slavic_spellings() -> &'static HashSet<String> {
    static SPELLINGS: OnceLock<HashSet<String>> = OnceLock::new();
    SPELLINGS.get_or_init(|| {
        let names = [GIVEN, FAMILY, PATRONYMIC]
            .into_iter()
            .flat_map(rows)
            .flatten()
            .filter(|field| field.chars().any(is_cyrillic));
        let mut spellings = HashSet::new();
        for latin in names.flat_map(every_romanisation) {
            let latin = fold_latin(&latin);
            spellings.extend(latin.split(' ').filter(|w| !w.is_empty()).map(str::to_owned));
        }
        spellings
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Which language a Cyrillic name is written in, from the letters only one
/// of the three alphabets has. A name with none of them (`Бугаева`) is read
/// as Russian; the skeleton absorbs the difference (`g`/`h`).
fn cyrillic_language(name: &str) -> Language {
    match SpeltNation::by_letters(&[name]) {
        Some(SpeltNation::Ukrainian) => Language::Ukrainian,
        Some(SpeltNation::Belarusian | SpeltNation::BelarusianOrUkrainian) => Language::Belarusian,
        None => Language::Russian,
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
    let mut vowel_since_last = false;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        // Belarusian -оў/-еў romanised as -ou/-eu is Russian -ов/-ев.
        let at_end = |n: usize| rest.len() == n;
        let (code, used): (Option<u8>, usize) = if rest.starts_with(b"shch") {
            (Some(b's'), 4)
        } else if rest.starts_with(b"tsh") || rest.starts_with(b"tskh") {
            // The `ch` of Congolese names, written `tsh` in Latin and `цх`
            // in Cyrillic (`Tshisekedi`, `Цхисекеди`, `Chisekedi`).
            (Some(b'C'), if rest[2] == b'k' { 4 } else { 3 })
        } else if rest.starts_with(b"dzh") {
            // `дж`, the Cyrillic spelling of a foreign `j` (`Джафари`,
            // `Jafari`), which the skeleton leaves out like `j` itself.
            (None, 3)
        } else if rest.starts_with(b"sch") || rest.starts_with(b"tch") {
            (Some(if rest[0] == b's' { b's' } else { b'C' }), 3)
        } else if i == 0 && matches!(rest[0], b'v' | b'w') && rest.get(1).is_some_and(|&next| single(next).is_some()) {
            // A name's first `в` before a consonant is `у` in Belarusian
            // (`Уладзімір`, `Усевалад`, `Улас`: `Владимир`, `Всеволод`,
            // `Влас`), a vowel the skeleton leaves out; so is the `в`.
            (None, 1)
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
                // `пх`, the Cyrillic spelling of a foreign `ph` (`Джосепх`,
                // `Мустапха`, `Алпха`).
                (b'p', b'k') if rest.get(2) == Some(&b'h') => (Some(b'f'), 3),
                (b't', b'h' | b's' | b'z') => (Some(b't'), 2),
                (b'd', b'h' | b'z') => (Some(b'd'), 2),
                (b'c', b'k') => (Some(b'k'), 2),
                _ => (single(rest[0]), 1),
            }
        } else {
            (single(rest[0]), 1)
        };
        // A consonant repeated across a vowel is two (`Мироненок` and
        // `Миронюк`, different names); only a doubled one is written once.
        if let Some(code) = code {
            let codes: &[u8] = if code == b'x' {
                b"ks"
            } else {
                std::slice::from_ref(&code)
            };
            for &c in codes {
                if out.last() != Some(&c) || vowel_since_last {
                    out.push(c);
                }
                vowel_since_last = false;
            }
        } else {
            vowel_since_last = true;
        }
        i += used;
    }
    // A name of vowels and the glides `j` and `y` alone (`Aya`, `Ajay`,
    // `Joy`) would have no skeleton, and a name part without one is never
    // compared by it; the glide is then its consonant.
    if out.is_empty() && s.iter().any(|&c| matches!(c, b'j' | b'y')) {
        return "j".to_owned();
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

    fn skel(name: &str) -> CompactString {
        normalise(name).skeleton
    }

    /// Whether `name`, read in another orthography, has the skeleton of `other`.
    fn read_as(name: &str, other: &str) -> bool {
        normalise(name).readings.iter().any(|r| r.skeleton == skel(other))
    }

    fn canon(name: &str) -> CompactString {
        normalise(name).canonical
    }

    #[test]
    fn a_consonant_repeated_across_a_vowel_is_kept_twice_and_a_doubled_one_once() {
        // Slavic family names of one root part by the ending, which a
        // skeleton that wrote the root's last consonant once would join:
        // `Мироненок` and `Миронюк`, `Germanenko` and `Германюк`.
        assert_eq!(skel("Мироненок"), "mrnnk");
        assert_eq!(skel("Миронюк"), "mrnk");
        assert_ne!(skel("Germanenko"), skel("Германюк"));
        // A doubled letter is one consonant however it is spelt.
        assert_eq!(skel("Anna"), skel("Ana"));
        assert_eq!(skel("Hassan"), skel("حسن"));
    }

    #[test]
    fn tatiana_in_five_spellings_shares_a_skeleton() {
        let names = ["Татьяна", "Тацяна", "TATSIANA", "Tatiana", "Tatjana"];
        for name in names {
            assert_eq!(skel(name), "ttn", "{name}");
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
    fn a_foreign_j_written_in_cyrillic_is_spelt_as_latin_spellings_spell_it() {
        // Not names of the Arabic table: no shared spelling to map them to.
        assert_eq!(canon("Аджай"), "ajai");
        assert_eq!(canon("Джеймс"), "jeims");
        assert_eq!(canon("Джаллох"), canon("Jalloh").replace("lloh", "llokh"));
        // Other Cyrillic letters keep their passport spelling.
        assert_eq!(canon("Дзмітрый"), "dzmitry");
        assert_eq!(canon("Жанна"), "zhanna");
    }

    #[test]
    fn a_long_vowel_of_an_indic_script_is_written_once_as_latin_spellings_do() {
        assert_eq!(canon("पूजा"), canon("Puja"));
        assert_eq!(skel("शर्मा"), skel("Sharma"));
        assert_eq!(canon("शर्मा"), "shrma");
        // Latin spellings keep the vowels they write (`Xaliimo`, `Faadumo`).
        assert_eq!(canon("Xaliimo"), "xaliimo");
    }

    #[test]
    fn a_name_typed_in_telegrams_style_is_read_as_the_other_styles_write_it() {
        assert_eq!(normalise("Anjela").readings[0].spelling, "anzhela");
        assert!(read_as("Jukov", "Жуков"));
        assert!(read_as("Kuznecova", "Кузнецова"));
        assert!(read_as("Scerbakov", "Щербаков"));
        assert!(read_as("Mickevich", "MITSKEVICH"));
        // Only where the reading differs: `ch`, `sch` and `zh` are read as ever.
        assert!(normalise("Chernov").readings.is_empty());
        assert!(normalise("Schmidt").readings.is_empty());
        assert!(normalise("Zhukov").readings.is_empty());
    }

    #[test]
    fn a_name_in_somali_spelling_is_read_as_others_write_it() {
        assert!(read_as("Maxamed", "Mohamed"));
        assert!(read_as("Xasan", "Hassan"));
        assert!(read_as("Xaawo", "Hawa"));
        assert!(read_as("Faarax", "Farah"));
        assert!(read_as("Cabdi", "Abdi"));
        assert!(read_as("Cumar", "Omar"));
        assert!(read_as("Cismaan", "Осман"));
        assert_eq!(canon("Aw-Ali"), canon("Ali"));
        // The plain skeleton still reads `x` as `ks`.
        assert_eq!(skel("Maxim"), skel("Максим"));
    }

    #[test]
    fn a_final_h_some_spellings_leave_out_is_read_without_it() {
        assert!(read_as("Fatemah", "Fatima"));
        assert!(read_as("SARRAH", "سارة"));
        assert!(read_as("ABDALLAH", "Абдалла"));
        assert!(read_as("Hashemzadeh", "Хашемзаде"));
        assert!(read_as("Bah", "Ба"));
        // The `-kh` of a Slavic name is a consonant, and so is the `h` of a
        // Ukrainian `Oleh` (`Олег`), which is no `Olia`.
        assert!(normalise("Chernykh").readings.is_empty());
        assert!(normalise("Oleh").readings.is_empty());
    }

    #[test]
    fn a_french_ou_is_read_as_the_u_russian_writes_and_before_a_vowel_as_w() {
        assert!(read_as("Mamadou", "Мамаду"));
        assert!(read_as("Aïssatou", "Аиссату"));
        assert!(read_as("Ouazzani", "Wazzani"));
        assert!(read_as("OUEDRAOGO", "Wedraogo"));
        // The variant table's shared spelling of `الورفلي` is French.
        assert!(read_as("الورفلي", "Warfali"));
        // Before a consonant `ou` is a vowel still (`Youssef`, `Khaoula`).
        assert!(!read_as("Youssef", "Yawsef"));
        // The plain skeleton still reads a final `ou` as Belarusian `-оў`.
        assert_eq!(skel("Kazlou"), skel("Козлов"));
    }

    #[test]
    fn a_congolese_tsh_shares_the_skeleton_of_ch() {
        assert_eq!(skel("TSHISEKEDI"), skel("Chisekedi"));
        assert_eq!(skel("Цхибангу"), skel("CHIBANGU"));
    }

    #[test]
    fn a_spanish_or_portuguese_particle_is_left_out() {
        assert_eq!(canon("DE SILVA"), canon("Silva"));
        assert_eq!(canon("dos Santos"), canon("Santos"));
    }

    #[test]
    fn a_foreign_ph_written_in_cyrillic_shares_the_latin_skeleton() {
        assert_eq!(skel("Джосепх"), skel("Joseph"));
        assert_eq!(skel("Мустапха"), skel("Moustapha"));
        assert_eq!(skel("Алпха"), skel("Alpha"));
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
    fn an_arabic_name_written_in_cyrillic_shares_the_canonical_form_of_its_latin_spellings() {
        for (cyrillic, latin) in [
            ("Мухаммад", "Muhammad"),
            ("Мохаммад", "Mohammad"),
            ("Саййид", "Sayyid"),
            ("Наджджар", "Najjar"),
            ("Халид", "Khalid"),
            ("Хасан", "Hasan"),
            ("Хиджджави", "Hijjawi"),
            ("Алхаддад", "Haddad"),
            ("Уалид", "Walid"),
            ("Уаиль", "Wael"),
        ] {
            assert_eq!(canon(cyrillic), canon(latin), "{cyrillic}");
        }
        // A Slavic name keeps its passport spelling.
        assert_eq!(canon("Хасанов"), "khasanov");
        assert_eq!(canon("Алена"), "alena");
        assert_eq!(canon("Уладзімір"), "uladzimir");
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
        // A first `و` before a consonant is a consonant, kept as the Latin
        // spellings' `w` is, not the Belarusian `у` of `Уладзімір`.
        assert_eq!(skel("الوصابي"), skel("al-Wesabi"));
        assert_eq!(skel("وصابي"), "vsb");
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
        // A first в before a consonant is у (`Усеваладовіч`, `Уладзіславава`).
        assert_eq!(skel("Усеваладовіч"), skel("Всеволодович"));
        assert_eq!(skel("USEVALADOVICH"), skel("Vsevolodovich"));
        assert_eq!(skel("Уладзіславава"), skel("VLADISLAVOVA"));
        // Before a vowel it stays в.
        assert_eq!(skel("Вячаслаў"), skel("Vyacheslav"));
        assert_ne!(skel("Vera"), skel("Ера"));
    }

    #[test]
    fn a_slavic_name_keeps_its_spelling_where_an_arabic_one_has_it_too() {
        assert_eq!(canon("Yan"), "yan");
        assert_eq!(skel("Yan"), skel("Ян"));
        assert_ne!(canon("Alisa"), canon("Issa"));
        // The Arabic spellings are still shared.
        assert_eq!(canon("Mohamed"), canon("Muhammad"));
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
    fn a_name_of_vowels_and_a_glide_has_the_glide_for_its_skeleton() {
        for aya in ["Aya", "Ayah", "آية", "Ая", "Аях"] {
            assert_eq!(skel(aya), "j", "{aya}");
        }
        assert_eq!(skel("Ajay"), "j");
        // A name of vowels only has none.
        assert_eq!(skel("Aoi"), "");
    }

    #[test]
    fn diacritics_and_empty_names() {
        assert_eq!(canon("Łukasz Müller"), "lukaszmuller");
        assert!(normalise("").is_empty());
        assert!(normalise(" - ").is_empty());
        assert_eq!(canon("Dar'ya"), "darya");
    }
}
