//! Romanisation of Russian, Belarusian and Ukrainian personal names.
//!
//! The same person's name reaches a case file in many Latin spellings: the
//! passport spelling (which differs by issuing country and year), the
//! spelling an NGO worker typed from hearing it, the one in a chat message.
//! [`transliterate`] produces each of them from the Cyrillic original, so the
//! demo-data generator can write realistic variants and record linkage can
//! compare names across scripts.
//!
//! ```
//! use haven_link::translit::{Language, Scheme, transliterate};
//!
//! let by = |name| transliterate(name, Language::Belarusian, Scheme::BelarusianPassport);
//! assert_eq!(by("Тацяна Бугаева"), "Tatsiana Buhayeva");
//! assert_eq!(by("АЛЯКСАНДР"), "ALIAKSANDR");
//! let ua = transliterate("Юлія", Language::Ukrainian, Scheme::UkrainianNational2010);
//! assert_eq!(ua, "Yuliia");
//! ```
//!
//! # Behaviour common to all schemes
//!
//! - Text is processed word by word; a word is a run of letters, with
//!   apostrophes (`'` U+0027, `’` U+2019, `ʼ` U+02BC, `‘` U+2018) counted as
//!   part of the word only between two letters. Position rules ("at the start
//!   of a word", "after a vowel") refer to these words, so the `О` of
//!   `Йошкар-Ола` is word-initial.
//! - Words without Cyrillic letters, and every character a scheme does not
//!   romanise (digits, punctuation, other scripts, Cyrillic letters of other
//!   languages), are copied unchanged.
//! - Cyrillic words are NFC-normalised first, so a `й` typed as `и` +
//!   combining breve is still `й`.
//! - Latin look-alike letters inside a Cyrillic word (`Iванава` with a Latin
//!   `I`, `Aнaпa` with Latin `a`) are read as the Cyrillic letters they
//!   imitate, provided every Latin letter of the word is such a look-alike.
//! - Case: a lower-case letter gives lower case; an upper-case letter gives a
//!   capitalised rendering (`Щеглова` → `Shcheglova`) unless its word is in
//!   capitals, in which case the whole rendering is upper case (`ЩЕГЛОВА` →
//!   `SHCHEGLOVA`). A one-letter word counts as capitals when the text has no
//!   lower-case letters and at least one longer capitalised word (so
//!   `ЩЕГЛОВА Ю.` gives `SHCHEGLOVA IU.` but `Ю.` alone gives `Iu.`).
//! - In Russian text the apostrophe is not a letter and is copied unchanged;
//!   it still separates letters for the position rules (as `ъ` would).

mod schemes;
mod script;

use schemes::{Ctx, LetterRule};
use script::{APOSTROPHE, fold_lookalikes, is_apostrophe, is_cyrillic, is_word_char, to_lower};
use unicode_normalization::UnicodeNormalization;

/// The language a name is written in. It selects letter values that differ
/// between the languages (`г` is G in Russian but H in Belarusian and
/// Ukrainian; Ukrainian `и` is not Russian `и`) and the national systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Russian,
    Belarusian,
    Ukrainian,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Russian, Language::Belarusian, Language::Ukrainian];
}

/// A romanisation system. See each variant for the languages it defines and
/// the fallback used for the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// ICAO Doc 9303 (7th edition), Part 3: the passport table. Defined for
    /// all three languages (Belarusian `г` → H and `ё` → IO, Ukrainian `и` →
    /// Y). Russian passports use it; Belarusian and Ukrainian passports use
    /// [`Scheme::BelarusianPassport`] and [`Scheme::UkrainianNational2010`].
    Icao9303,
    /// BGN/PCGN: Russian 1947, Belarusian 1979, Ukrainian 2019 (which is the
    /// Ukrainian national 2010 system adopted unchanged).
    BgnPcgn,
    /// Belarusian national system (2000 instruction as revised in 2007,
    /// UNGEGN-adopted), with diacritics: `š`, `ž`, `č`, `ć`, `ĺ`, `ŭ`.
    /// Russian and Ukrainian text is mapped to the nearest Belarusian letters.
    BelarusianNational,
    /// The ASCII spelling Belarusian passports print for Belarusian-language
    /// names (`Тацяна Бугаева` → `TATSIANA BUHAYEVA`). Russian-language names
    /// follow the same rules with Russian letter values; Ukrainian names
    /// fall back to [`Scheme::UkrainianNational2010`], Ukraine's passport
    /// system.
    BelarusianPassport,
    /// Ukrainian national system, Cabinet of Ministers resolution 55 of 2010,
    /// used in Ukrainian passports (`Олександр` → `Oleksandr`). Russian and
    /// Belarusian letters outside the Ukrainian alphabet get documented
    /// fallback values.
    UkrainianNational2010,
    /// GOST 7.79-2000 system B: ASCII, reversible (`щ` → `shh`, `ы` → `y``).
    Gost779B,
    /// GOST 7.79-2000 system A = ISO 9:1995: one letter with diacritics per
    /// Cyrillic letter, reversible and language-independent.
    Gost779A,
    /// iuliia `wikipedia`: informal English style (`Tatyana`, `Yuliya`,
    /// `Zelensky`), with `ий`/`ый` → `y` at the end of a word. Belarusian and
    /// Ukrainian letters follow their pronunciation (`г` → h).
    Wikipedia,
    /// iuliia `telegram`: chat style (`Iuliia`, `Jenia`, `Sc`). Shared
    /// letters keep their Russian values in every language.
    Telegram,
}

impl Scheme {
    pub const ALL: [Scheme; 9] = [
        Scheme::Icao9303,
        Scheme::BgnPcgn,
        Scheme::BelarusianNational,
        Scheme::BelarusianPassport,
        Scheme::UkrainianNational2010,
        Scheme::Gost779B,
        Scheme::Gost779A,
        Scheme::Wikipedia,
        Scheme::Telegram,
    ];
}

/// Every romanisation of `text`: read as each language, by each system.
/// For the name lists, which must know every Latin spelling a listed name
/// can take on a document.
pub fn every_romanisation(text: &str) -> impl Iterator<Item = String> + '_ {
    Language::ALL
        .into_iter()
        .flat_map(|language| Scheme::ALL.into_iter().map(move |scheme| (language, scheme)))
        .map(move |(language, scheme)| transliterate(text, language, scheme))
}

/// Romanises `text`, written in `language`, with `scheme`.
///
/// Never fails: characters the scheme does not cover are copied unchanged.
pub fn transliterate(text: &str, language: Language, scheme: Scheme) -> String {
    let rules = Rules::resolve(language, scheme);
    let chars: Vec<char> = text.chars().collect();
    let text_in_capitals = is_text_in_capitals(&chars);

    let mut out = String::with_capacity(text.len() * 2);
    let mut start = 0;
    while start < chars.len() {
        let end = word_end(&chars, start);
        if end == start {
            // Not a word: punctuation, digits, whitespace, a stray apostrophe.
            out.push(chars[start]);
            start += 1;
        } else {
            rules.word(&chars[start..end], language, text_in_capitals, &mut out);
            start = end;
        }
    }
    out
}

/// The letter rule and ending table a (language, scheme) pair resolves to.
#[derive(Clone, Copy)]
struct Rules {
    letter: LetterRule,
    /// `(ending, replacement)`: when the rest of a word (lower-cased) equals
    /// `ending` and something precedes it, the ending is written as
    /// `replacement` instead of letter by letter.
    endings: &'static [(&'static str, &'static str)],
}

impl Rules {
    fn resolve(language: Language, scheme: Scheme) -> Self {
        let letter: LetterRule = match (scheme, language) {
            // Ukraine's passport system is the closest thing to a "Belarusian
            // passport" spelling for a Ukrainian name.
            (Scheme::BelarusianPassport, Language::Ukrainian) | (Scheme::UkrainianNational2010, _) => {
                schemes::ukrainian_national_2010
            }
            (Scheme::BelarusianPassport, _) => schemes::belarusian_passport,
            (Scheme::Icao9303, _) => schemes::icao_9303,
            (Scheme::BgnPcgn, _) => schemes::bgn_pcgn,
            (Scheme::BelarusianNational, _) => schemes::belarusian_national,
            (Scheme::Gost779B, _) => schemes::gost_779_b,
            (Scheme::Gost779A, _) => schemes::gost_779_a,
            (Scheme::Wikipedia, _) => schemes::wikipedia,
            (Scheme::Telegram, _) => schemes::telegram,
        };
        let endings = match scheme {
            Scheme::Wikipedia => schemes::WIKIPEDIA_ENDINGS,
            _ => &[],
        };
        Self { letter, endings }
    }

    /// Romanises one word (see [`word_end`]) onto `out`.
    fn word(self, word: &[char], language: Language, text_in_capitals: bool, out: &mut String) {
        if !word.iter().any(|&c| is_cyrillic(c)) {
            out.extend(word);
            return;
        }
        // Compose decomposed letters so rules see `й`, not `и` + breve.
        let original: Vec<char> = word.iter().copied().nfc().collect();
        // Folding replaces letters one for one, so indices into `folded`
        // and `lower` are indices into `original` too.
        let folded = fold_lookalikes(&original).unwrap_or_else(|| original.clone());
        let lower: Vec<char> = folded
            .iter()
            .map(|&c| if is_apostrophe(c) { APOSTROPHE } else { to_lower(c) })
            .collect();
        let in_capitals = is_word_in_capitals(&folded, text_in_capitals);

        for (index, (&source, &letter)) in folded.iter().zip(&lower).enumerate() {
            if index > 0
                && let Some(replacement) = self.ending_at(&lower[index..])
            {
                push_cased(out, replacement, source.is_uppercase(), in_capitals);
                return;
            }
            // Russian has no apostrophe letter: what was typed stays (it is
            // often a stand-in for `ъ`, and the rules still see it as a
            // separator through `lower`).
            let rendering = if letter == APOSTROPHE && language == Language::Russian {
                None
            } else {
                Ctx::new(language, &lower, index).and_then(|ctx| (self.letter)(&ctx))
            };
            match rendering {
                Some(latin) => push_cased(out, latin, source.is_uppercase(), in_capitals),
                // Unhandled: copy what was typed, not the folded look-alike.
                None => out.push(original.get(index).copied().unwrap_or(source)),
            }
        }
    }

    fn ending_at(self, rest: &[char]) -> Option<&'static str> {
        self.endings
            .iter()
            .find(|(ending, _)| ending.chars().eq(rest.iter().copied()))
            .map(|&(_, replacement)| replacement)
    }
}

/// The index one past the word starting at `start`, or `start` itself if no
/// word starts there. Apostrophes join two word characters (`Дар'я`) but
/// never start or end a word (`'Дар'я'` keeps its quotes).
fn word_end(chars: &[char], start: usize) -> usize {
    let is_word = |i: usize| chars.get(i).is_some_and(|&c| is_word_char(c));
    if !is_word(start) {
        return start;
    }
    let mut end = start + 1;
    loop {
        if is_word(end) {
            end += 1;
        } else if chars.get(end).is_some_and(|&c| is_apostrophe(c)) && is_word(end + 1) {
            end += 2;
        } else {
            return end;
        }
    }
}

/// Whether the text is written in capitals: no lower-case letter, and at
/// least one word of two or more capitals (a lone initial proves nothing).
fn is_text_in_capitals(chars: &[char]) -> bool {
    if chars.iter().any(|c| c.is_lowercase()) {
        return false;
    }
    let mut run = 0;
    for &c in chars {
        if c.is_uppercase() {
            run += 1;
            if run >= 2 {
                return true;
            }
        } else if !is_word_char(c) {
            run = 0;
        }
    }
    false
}

/// Whether a word is in capitals, so multi-letter renderings of its capitals
/// are written in capitals too (`ЩУКИН` → `SHCHUKIN`, not `ShUKIN`).
fn is_word_in_capitals(word: &[char], text_in_capitals: bool) -> bool {
    let upper = word.iter().filter(|c| c.is_uppercase()).count();
    let lower = word.iter().filter(|c| c.is_lowercase()).count();
    lower == 0 && (upper >= 2 || (upper == 1 && text_in_capitals))
}

/// Appends `latin` in the case the source letter asks for: as is for a
/// lower-case letter, in capitals inside a capitalised word, otherwise with
/// its first letter capitalised (`Щ` → `Shch`, `Ы` after a vowel → `·Y`).
fn push_cased(out: &mut String, latin: &str, source_is_upper: bool, word_in_capitals: bool) {
    if !source_is_upper {
        out.push_str(latin);
    } else if word_in_capitals {
        out.extend(latin.chars().flat_map(char::to_uppercase));
    } else {
        let mut capitalised = false;
        for c in latin.chars() {
            if !capitalised && c.is_alphabetic() {
                out.extend(c.to_uppercase());
                capitalised = true;
            } else {
                out.push(c);
            }
        }
    }
}
