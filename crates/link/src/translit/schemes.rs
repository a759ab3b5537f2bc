//! Per-scheme letter rules.
//!
//! Each scheme is one function from a letter in context ([`Ctx`]) to its
//! lower-case Latin rendering. The engine in the parent module takes care of
//! word segmentation, letter case, word endings and characters a rule does not
//! handle (returns `None` for), which are copied through unchanged.
//!
//! The functions handle all three languages; where a letter's value depends on
//! the language (Belarusian and Ukrainian `г` is a fricative, Ukrainian `и` is
//! not Russian `и`) the rule says so next to the letter.

// A scheme reads best as its published table: one arm per letter (or per
// letter and context), in alphabet order, even when two letters happen to
// share a rendering.
#![allow(clippy::match_same_arms)]

use super::Language;
use super::script::{APOSTROPHE, is_consonant, is_vowel};

/// A letter together with the word it sits in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx<'a> {
    pub(super) language: Language,
    /// The word: lower-cased, look-alikes folded, apostrophes normalised to
    /// [`APOSTROPHE`]. Never empty.
    word: &'a [char],
    index: usize,
    cur: char,
}

impl<'a> Ctx<'a> {
    /// `None` if `index` is outside `word`.
    pub(super) fn new(language: Language, word: &'a [char], index: usize) -> Option<Self> {
        let cur = *word.get(index)?;
        Some(Self {
            language,
            word,
            index,
            cur,
        })
    }

    fn cur(&self) -> char {
        self.cur
    }

    /// The previous letter of the word, `None` at the start of the word.
    fn prev(&self) -> Option<char> {
        self.index.checked_sub(1).and_then(|i| self.word.get(i)).copied()
    }

    /// The next letter of the word, `None` at the end of the word.
    fn next(&self) -> Option<char> {
        self.word.get(self.index + 1).copied()
    }

    fn at_start(&self) -> bool {
        self.index == 0
    }

    fn at_end(&self) -> bool {
        self.index + 1 == self.word.len()
    }

    fn prev_is(&self, pred: impl Fn(char) -> bool) -> bool {
        self.prev().is_some_and(pred)
    }

    fn next_is(&self, pred: impl Fn(char) -> bool) -> bool {
        self.next().is_some_and(pred)
    }

    fn is(&self, language: Language) -> bool {
        self.language == language
    }
}

/// A scheme's letter rule: the Latin rendering of the current letter, or
/// `None` to copy the letter through unchanged.
pub(super) type LetterRule = fn(&Ctx<'_>) -> Option<&'static str>;

/// Letters that every scheme in this module romanises the same way.
fn common(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'д' => "d",
        'з' => "z",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        _ => return None,
    })
}

/// Chooses between the two spellings of an iotated vowel (`е ё ю я є`).
fn iotated(at_boundary: bool, initial: &'static str, medial: &'static str) -> &'static str {
    if at_boundary { initial } else { medial }
}

// ---------------------------------------------------------------------------
// ICAO Doc 9303
// ---------------------------------------------------------------------------

/// ICAO Doc 9303 (7th edition), Part 3, transliteration of Cyrillic.
///
/// A plain letter-for-letter table with per-language notes from the document:
/// `г` is H in Belarusian (G otherwise, including Ukrainian), `ё` is IO in
/// Belarusian (E otherwise), `и` is Y in Ukrainian. `ь` and the apostrophe are
/// omitted. Russian passports use exactly this table since 2014 (FMS order
/// 320); matches the iuliia `icao_doc_9303` schema for Russian.
pub(super) fn icao_9303(ctx: &Ctx<'_>) -> Option<&'static str> {
    Some(match ctx.cur() {
        'г' if ctx.is(Language::Belarusian) => "h",
        'г' | 'ґ' => "g",
        'е' | 'э' => "e",
        'ё' if ctx.is(Language::Belarusian) => "io",
        'ё' => "e",
        'є' => "ie",
        'ж' => "zh",
        'и' if ctx.is(Language::Ukrainian) => "y",
        'и' | 'і' | 'ї' | 'й' => "i",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' | APOSTROPHE => "",
        'ю' => "iu",
        'я' => "ia",
        'ў' => "u",
        c => return common(c),
    })
}

// ---------------------------------------------------------------------------
// BGN/PCGN
// ---------------------------------------------------------------------------

/// BGN/PCGN 1947 for Russian, as in the iuliia `bgn_pcgn` schema and the
/// interscript `bgnpcgn-rus-Cyrl-Latn-1947` examples.
///
/// - `е`/`ё` are `ye`/`yë` at the start of a word and after a vowel, `й`,
///   `ъ` or `ь`; `ë` is the Latin letter U+00EB.
/// - The optional middle dot `·` separates letters whose romanisations would
///   otherwise read as a different letter: `тс` → `t·s` (not `ц`), `шч` →
///   `sh·ch` (not `щ`), `ы` after a vowel (`·y`) and `й`/`ы` before `а у ы э`
///   (`y·`), `э` after a consonant (`·e`). Both dots are written when both
///   apply (`оыу` → `o·y·u`).
/// - `ъ` → `”` (U+201D), `ь` → `’` (U+2019).
fn bgn_pcgn_russian(ctx: &Ctx<'_>) -> Option<&'static str> {
    let iotating = ctx.at_start() || ctx.prev_is(|p| is_vowel(p) || matches!(p, 'й' | 'ъ' | 'ь' | APOSTROPHE));
    let before_separated_vowel = ctx.next_is(|n| matches!(n, 'а' | 'у' | 'ы' | 'э'));
    Some(match ctx.cur() {
        'е' => iotated(iotating, "ye", "e"),
        'ё' => iotated(iotating, "yë", "ë"),
        'й' if before_separated_vowel => "y·",
        'й' => "y",
        'ы' => {
            let after_vowel = ctx.prev_is(|p| is_vowel(p) && !matches!(p, 'і' | 'ї' | 'є'));
            match (after_vowel, before_separated_vowel) {
                (true, true) => "·y·",
                (true, false) => "·y",
                (false, true) => "y·",
                (false, false) => "y",
            }
        }
        'э' if ctx.prev_is(is_consonant) => "·e",
        'э' => "e",
        'т' if ctx.next() == Some('с') => "t·",
        'ш' if ctx.next() == Some('ч') => "sh·",
        'ш' => "sh",
        'г' | 'ґ' => "g",
        'ж' => "zh",
        'и' | 'і' => "i",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'щ' => "shch",
        'ъ' => "”",
        'ь' => "’",
        'ю' => "yu",
        'я' => "ya",
        // Not Russian letters: the Ukrainian 2019 / Belarusian 1979 values.
        'ї' => "yi",
        'є' => "ye",
        'ў' => "w",
        c => return common(c),
    })
}

/// BGN/PCGN 1979 for Belarusian (interscript `bgnpcgn-bel-Cyrl-Latn-1979`).
///
/// Unlike the Russian system, `е ё ю я` are always `ye yo yu ya`, `г` is `h`,
/// `ў` is `w`, `ь` is `’` and the apostrophe is `”`. The middle dot separates
/// `зг кг сг тс` (`z·h k·h s·h t·s`), which would otherwise read as `ж х ш ц`.
fn bgn_pcgn_belarusian(ctx: &Ctx<'_>) -> Option<&'static str> {
    let next_is_h = ctx.next() == Some('г');
    Some(match ctx.cur() {
        'г' => "h",
        'ґ' => "g",
        'е' | 'є' => "ye",
        'ё' => "yo",
        'ж' => "zh",
        'з' if next_is_h => "z·",
        'к' if next_is_h => "k·",
        'с' if next_is_h => "s·",
        'т' if ctx.next() == Some('с') => "t·",
        'і' | 'и' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'ў' => "w",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' => "’",
        'ъ' | APOSTROPHE => "”",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        c => return common(c),
    })
}

/// BGN/PCGN: Russian 1947, Belarusian 1979, Ukrainian 2019. The 2019
/// Ukrainian system is the Ukrainian national 2010 system adopted unchanged,
/// so Ukrainian is delegated to [`ukrainian_national_2010`].
pub(super) fn bgn_pcgn(ctx: &Ctx<'_>) -> Option<&'static str> {
    match ctx.language {
        Language::Russian => bgn_pcgn_russian(ctx),
        Language::Belarusian => bgn_pcgn_belarusian(ctx),
        Language::Ukrainian => ukrainian_national_2010(ctx),
    }
}

// ---------------------------------------------------------------------------
// Belarusian national system (2000 instruction, 2007 revision)
// ---------------------------------------------------------------------------

/// Belarusian national system, "Instruction on transliteration of Belarusian
/// geographical names" (2000, revised 2007; adopted by UNGEGN in 2007).
///
/// - `е ё ю я` are `je jo ju ja` at the start of a word and after a vowel,
///   the apostrophe, `ь` or `ў`; after a consonant they are `ie io iu ia`.
/// - `з л н с ц` followed by `ь` become `ź ĺ ń ś ć` and the `ь` itself is not
///   written; `ь` after any other consonant is dropped.
/// - `г` → `h`, `х` → `ch`, `ў` → `ŭ`, `ж ч ш` → `ž č š`, `й` → `j`.
///
/// Other languages (no official rule; documented fallbacks): Russian-only
/// letters get their Belarusian counterparts (`и` → `i` like `і`, `щ` → `šč`
/// like `шч`, `ъ` → nothing like the apostrophe); Ukrainian letters are
/// mapped by sound to the Belarusian ones (`и` → `y` like `ы`, `е` → `e` like
/// `э`, `є` → `je/ie` like `е`, `ї` → `ji`, `ґ` → `g`).
pub(super) fn belarusian_national(ctx: &Ctx<'_>) -> Option<&'static str> {
    let iotating = ctx.at_start() || ctx.prev_is(|p| is_vowel(p) || matches!(p, 'ў' | 'ь' | 'ъ' | APOSTROPHE));
    let soft = ctx.next() == Some('ь');
    let ukrainian = ctx.is(Language::Ukrainian);
    Some(match ctx.cur() {
        'г' => "h",
        'ґ' => "g",
        'е' if ukrainian => "e",
        'е' | 'є' => iotated(iotating, "je", "ie"),
        'ё' => iotated(iotating, "jo", "io"),
        'ю' => iotated(iotating, "ju", "iu"),
        'я' => iotated(iotating, "ja", "ia"),
        'ж' => "ž",
        'з' if soft => "ź",
        'л' if soft => "ĺ",
        'н' if soft => "ń",
        'с' if soft => "ś",
        'ц' if soft => "ć",
        'ц' => "c",
        'и' if ukrainian => "y",
        'і' | 'и' => "i",
        'ї' => "ji",
        'й' => "j",
        'ў' => "ŭ",
        'х' => "ch",
        'ч' => "č",
        'ш' => "š",
        'щ' => "šč",
        'ы' => "y",
        'ь' | 'ъ' | APOSTROPHE => "",
        'э' => "e",
        c => return common(c),
    })
}

// ---------------------------------------------------------------------------
// Belarusian passports
// ---------------------------------------------------------------------------

/// What Belarusian passports print for Belarusian-language names.
///
/// The passport spelling is ASCII (the machine-readable zone allows nothing
/// else) and follows the national system's structure with ICAO-style letters.
/// Rules, reconstructed from real passport spellings (Aliaksandr, Siarhei,
/// Tatsiana, Sviatlana, Volha, Dzmitry, Yury, Iryna, Yuliya, Maryia, Natallia,
/// Liudmila, Artsiom, Uladzislau, Tsikhanouskaya, Buhayeva, Mikalai, Ihar)
/// and the interscript `icao-bel-Cyrl-Latn-9303` / `mvd-bel-Cyrl-Latn-2010`
/// examples:
///
/// - `г` → H, `х` → KH, `ц` → TS, `ж ч ш` → ZH CH SH, `ў` → U, `ь` and the
///   apostrophe are omitted.
/// - `е ё ю я` take a Y at the start of a word and after a vowel, `ў`, `ь`
///   or the apostrophe (Yuliya, Buhayeva, Tsikhanouskaya, Yauhen).
///   After a consonant `ё ю я` are IO IU IA (Artsiom, Liudmila, Aliaksandr)
///   while `е` is a plain E (Siarhei, Alena, Pavel).
/// - After `ы` they are also IO IU IA (Maryia, Viktoryia): `YYA` would be
///   unreadable, so `ы` counts as a consonant here.
/// - `й` is I (Mikalai, Siarhei), Y at the start of a word, and is dropped
///   in the word-final `ый`, `ій`, `ий` (Dzmitry, Yury, Valery).
///
/// Russian-language names (Belarusian passports may carry the Russian form):
/// the same rules with Russian letter values, `г` → G, `и` → I (and `ий` →
/// I), `щ` → SHCH, `ъ` → omitted like the apostrophe. Ukrainian names never
/// reach this function: they use Ukraine's own passport system.
pub(super) fn belarusian_passport(ctx: &Ctx<'_>) -> Option<&'static str> {
    let iotating =
        ctx.at_start() || ctx.prev_is(|p| (is_vowel(p) && p != 'ы') || matches!(p, 'ў' | 'ь' | 'ъ' | APOSTROPHE));
    Some(match ctx.cur() {
        'г' if ctx.is(Language::Russian) => "g",
        'г' => "h",
        'ґ' => "g",
        'е' | 'є' => iotated(iotating, "ye", "e"),
        'ё' => iotated(iotating, "yo", "io"),
        'ю' => iotated(iotating, "yu", "iu"),
        'я' => iotated(iotating, "ya", "ia"),
        'ж' => "zh",
        'і' | 'и' => "i",
        'ї' => "yi",
        'й' if ctx.at_end() && ctx.prev_is(|p| matches!(p, 'ы' | 'і' | 'и')) => "",
        'й' if ctx.at_start() => "y",
        'й' => "i",
        'ў' => "u",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'ь' | 'ъ' | APOSTROPHE => "",
        'э' => "e",
        c => return common(c),
    })
}

// ---------------------------------------------------------------------------
// Ukrainian national system 2010
// ---------------------------------------------------------------------------

/// Ukrainian national system, Cabinet of Ministers resolution No. 55 of
/// 27 January 2010: used in Ukrainian passports, adopted by UNGEGN (2012) and
/// BGN/PCGN (2019).
///
/// - `є ї й ю я` are `ye yi y yu ya` at the start of a word and `ie i i iu ia`
///   elsewhere, including after the apostrophe (Znamianka, Marine).
/// - `зг` → `zgh` (Zghorany), to keep it apart from `ж` = `zh`.
/// - `г` → `h`, `ґ` → `g`, `и` → `y`, `і` → `i`, `ь` and the apostrophe are
///   omitted.
///
/// Letters outside the Ukrainian alphabet (documented fallback): `ё` →
/// `yo/io` by the same position rule, `ы` → `y`, `э` → `e`, `ъ` and `ў` as
/// the apostrophe and `у`. For Russian-language text `и` is `i`, because the
/// Russian letter is the sound the Ukrainian `і` spells.
pub(super) fn ukrainian_national_2010(ctx: &Ctx<'_>) -> Option<&'static str> {
    let initial = ctx.at_start();
    Some(match ctx.cur() {
        'г' if ctx.prev() == Some('з') => "gh",
        'г' => "h",
        'ґ' => "g",
        'е' | 'э' => "e",
        'є' => iotated(initial, "ye", "ie"),
        'ї' => iotated(initial, "yi", "i"),
        'й' => iotated(initial, "y", "i"),
        'ю' => iotated(initial, "yu", "iu"),
        'я' => iotated(initial, "ya", "ia"),
        'ё' => iotated(initial, "yo", "io"),
        'ж' => "zh",
        'и' if ctx.is(Language::Russian) => "i",
        'и' | 'ы' => "y",
        'і' => "i",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' | 'ъ' | APOSTROPHE => "",
        'ў' => "u",
        c => return common(c),
    })
}

// ---------------------------------------------------------------------------
// GOST 7.79-2000
// ---------------------------------------------------------------------------

/// GOST 7.79-2000 system B (ASCII, reversible), as in the iuliia
/// `gost_779_alt` schema for Russian and the standard's table for the other
/// languages: `ў` → `u``, `ґ` → `g``, `є` → `ye`, `ї` → `yi`, Ukrainian `и`
/// → `y``, the apostrophe → `'`.
///
/// `ц` is `c` before letters romanised with i, e, y, j and `cz` elsewhere;
/// like iuliia we apply this before `е и й ы` (and `і`), not before `ю я є ї`
/// whose `y` is part of a digraph.
pub(super) fn gost_779_b(ctx: &Ctx<'_>) -> Option<&'static str> {
    Some(match ctx.cur() {
        'г' => "g",
        'ґ' => "g`",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'и' if ctx.is(Language::Ukrainian) => "y`",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' => "j",
        'х' => "x",
        'ц' if ctx.next_is(|n| matches!(n, 'е' | 'и' | 'й' | 'ы' | 'і')) => "c",
        'ц' => "cz",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shh",
        'ъ' => "``",
        'ы' => "y`",
        'ь' => "`",
        'э' => "e`",
        'ю' => "yu",
        'я' => "ya",
        'ў' => "u`",
        APOSTROPHE => "'",
        c => return common(c),
    })
}

/// GOST 7.79-2000 system A = ISO 9:1995: one Latin letter (with diacritics)
/// per Cyrillic letter, language-independent, fully reversible. Useful as a
/// lossless key for record linkage.
///
/// `ъ` and `ь` are the modifier primes U+02BA and U+02B9 as in the standard
/// (and iuliia); `ґ` is `g` + combining grave (no precomposed letter exists).
pub(super) fn gost_779_a(ctx: &Ctx<'_>) -> Option<&'static str> {
    Some(match ctx.cur() {
        'г' => "g",
        'ґ' => "g\u{300}",
        'е' => "e",
        'ё' => "ë",
        'є' => "ê",
        'ж' => "ž",
        'и' => "i",
        'і' => "ì",
        'ї' => "ï",
        'й' => "j",
        'х' => "h",
        'ц' => "c",
        'ч' => "č",
        'ш' => "š",
        'щ' => "ŝ",
        'ъ' => "ʺ",
        'ы' => "y",
        'ь' => "ʹ",
        'э' => "è",
        'ю' => "û",
        'я' => "â",
        'ў' => "ǔ",
        APOSTROPHE => "’",
        c => return common(c),
    })
}

// ---------------------------------------------------------------------------
// Informal schemes (iuliia "wikipedia" and "telegram")
// ---------------------------------------------------------------------------

/// iuliia `wikipedia`: the English-language press style (Tatyana, Yuliya,
/// Zelensky). The `ий`/`ый` endings are in the engine's ending table.
///
/// - `е` is `ye` at the start of a word and after `а и о у э ю я ъ ь` (not
///   after `е ё ы й`: Meyer, not Meyyer).
/// - `ъ`/`ь` before `а и о у ы э` is `y` (Ilyinsky, Podyarsky), otherwise
///   silent.
///
/// For Belarusian and Ukrainian names, which iuliia does not cover, the
/// letters are pronounced differently and English spellings follow the
/// sound: `г` → `h` (Olha, Volha; `зг` → `zgh`), Ukrainian `и` → `y` (Mykola) and Ukrainian
/// `е` → `e` (the Ukrainian iotated e is `є` → `ye`); `і` → `i`, `ї` → `yi`,
/// `ў` → `u` (Tsikhanouskaya), the apostrophe behaves like `ъ`.
pub(super) fn wikipedia(ctx: &Ctx<'_>) -> Option<&'static str> {
    let ukrainian = ctx.is(Language::Ukrainian);
    let iotating = ctx.at_start()
        || ctx.prev_is(|p| {
            matches!(
                p,
                'а' | 'и' | 'о' | 'у' | 'э' | 'ю' | 'я' | 'ъ' | 'ь' | 'і' | 'ї' | 'є' | 'ў'
            ) || p == APOSTROPHE
        });
    let before_vowel = ctx.next_is(|n| matches!(n, 'а' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'і'));
    Some(match ctx.cur() {
        'г' if ctx.is(Language::Russian) => "g",
        // As in the Ukrainian national system, whose spellings English
        // Wikipedia uses: `зг` would otherwise read as `ж` (Zghorany).
        'г' if ctx.prev() == Some('з') => "gh",
        'г' => "h",
        'ґ' => "g",
        'е' if ukrainian => "e",
        'е' => iotated(iotating, "ye", "e"),
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'и' if ukrainian => "y",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' | APOSTROPHE if before_vowel => "y",
        'ъ' | 'ь' | APOSTROPHE => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ў' => "u",
        c => return common(c),
    })
}

/// Word endings of the `wikipedia` scheme: `-ий`/`-ый` → `-y` (Veliky,
/// Krasny, Zelensky), applied only when something precedes the ending.
pub(super) const WIKIPEDIA_ENDINGS: &[(&str, &str)] = &[("ий", "y"), ("ый", "y")];

/// iuliia `telegram`: the chat style people type on a Latin keyboard (`ж` →
/// `j`, `х` → `h`, `щ` → `sc`, `ю`/`я` → `iu`/`ia`, signs dropped). It is a
/// keyboard habit rather than a pronunciation guide, so Belarusian and
/// Ukrainian letters it lacks get the simplest ASCII letter (`і ї` → `i`,
/// `є` → `ie`, `ґ` → `g`, `ў` → `u`) and shared letters keep their Russian
/// values (Ukrainian `Олег` → `Oleg`), which is how such names are often
/// typed in practice.
pub(super) fn telegram(ctx: &Ctx<'_>) -> Option<&'static str> {
    Some(match ctx.cur() {
        'г' | 'ґ' => "g",
        'е' | 'ё' | 'э' => "e",
        'є' => "ie",
        'ж' => "j",
        'и' | 'й' | 'і' | 'ї' => "i",
        'х' => "h",
        'ц' => "c",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "sc",
        'ъ' | 'ь' | APOSTROPHE => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        'ў' => "u",
        c => return common(c),
    })
}
