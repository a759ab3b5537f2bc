//! Character classification shared by the transliteration engine and the
//! per-scheme rules: what counts as Cyrillic, as a vowel, as an apostrophe,
//! and which Latin letters are look-alikes of Cyrillic ones.

use unicode_normalization::char::is_combining_mark;

/// The single character every apostrophe variant is normalised to before the
/// scheme rules see a word, so that rules only have to match one character.
pub(super) const APOSTROPHE: char = '\'';

/// Apostrophe variants accepted inside Belarusian and Ukrainian words.
///
/// Ukrainian orthography prescribes U+02BC (modifier letter apostrophe), but
/// typed text mostly has the ASCII apostrophe or the typographic right single
/// quote U+2019 (what word processors substitute); U+2018 turns up when an
/// autocorrecting editor guesses the wrong direction. All four are the same
/// letter for our purpose.
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}')
}

/// Cyrillic and Cyrillic Supplement blocks. Only a subset of these letters is
/// romanised (the Russian, Belarusian and Ukrainian alphabets); the rest pass
/// through unchanged, but they still mark a word as "Cyrillic".
pub(super) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// A character that belongs to a word: a letter or a combining mark (so that a
/// decomposed `й` = `и` + U+0306 stays in one word until it is composed).
/// Apostrophes are handled separately because they only join letters.
pub(super) fn is_word_char(c: char) -> bool {
    !is_apostrophe(c) && (c.is_alphabetic() || is_combining_mark(c))
}

/// Lower-case vowels of the three alphabets (Russian, Belarusian, Ukrainian).
/// `ў` and `й` are deliberately absent: schemes differ on whether they behave
/// like vowels, so each rule names them explicitly.
pub(super) fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

/// Lower-case consonant letters (without `й`, which is a glide).
pub(super) fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'б' | 'в'
            | 'г'
            | 'ґ'
            | 'д'
            | 'ж'
            | 'з'
            | 'к'
            | 'л'
            | 'м'
            | 'н'
            | 'п'
            | 'р'
            | 'с'
            | 'т'
            | 'ф'
            | 'х'
            | 'ц'
            | 'ч'
            | 'ш'
            | 'щ'
    )
}

/// Lower-cases one character. Every Cyrillic and Latin letter we care about
/// lower-cases to exactly one character; anything exotic that would expand is
/// kept as it is (it is not romanised anyway).
pub(super) fn to_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// The Cyrillic letter a Latin look-alike stands for, if it has one.
///
/// Mixed-script words are common in data typed on a keyboard with both
/// layouts, OCR output and copied documents: `Iванава` with a Latin `I`,
/// `Aнaпa` with Latin `a`. The set is restricted to glyphs that are visually
/// identical (or nearly so) in common fonts; lower-case `k`, `n`, `r`, `u`
/// are left out because their Cyrillic counterparts look different.
pub(super) fn cyrillic_lookalike(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'a' => 'а',
        'B' => 'В',
        'C' => 'С',
        'c' => 'с',
        'E' => 'Е',
        'e' => 'е',
        'H' => 'Н',
        // Belarusian and Ukrainian `і` is visually the Latin `i`; keyboards
        // without a Belarusian or Ukrainian layout produce the Latin one.
        'I' => 'І',
        'i' => 'і',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'o' => 'о',
        'P' => 'Р',
        'p' => 'р',
        'T' => 'Т',
        'X' => 'Х',
        'x' => 'х',
        'Y' => 'У',
        'y' => 'у',
        'Ë' => 'Ё',
        'ë' => 'ё',
        'Ï' => 'Ї',
        'ï' => 'ї',
        _ => return None,
    })
}

/// Replaces Latin look-alikes with Cyrillic letters, but only in a word that
/// already contains Cyrillic and whose every Latin letter is a look-alike:
/// such a word is a Cyrillic word with typos, not a mixed-language token.
/// Returns `None` when the word is to be left alone.
pub(super) fn fold_lookalikes(word: &[char]) -> Option<Vec<char>> {
    let has_cyrillic = word.iter().any(|&c| is_cyrillic(c));
    let latin_letters = || {
        word.iter()
            .copied()
            .filter(|&c| c.is_alphabetic() && !is_cyrillic(c) && !is_apostrophe(c))
    };
    let has_latin = latin_letters().next().is_some();
    if !has_cyrillic || !has_latin || !latin_letters().all(|c| cyrillic_lookalike(c).is_some()) {
        return None;
    }
    Some(word.iter().map(|&c| cyrillic_lookalike(c).unwrap_or(c)).collect())
}
