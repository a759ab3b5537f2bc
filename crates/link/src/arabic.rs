//! Arabic-script names to Latin, and the many Latin spellings of one Arabic name
//! to a shared spelling, from the attested variants of `data/arabic_names.tsv`
//! (see `data/README.md`).

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/arabic_names.tsv");

/// The variant table, loaded once.
#[derive(Debug)]
pub(crate) struct Table {
    /// Normalised Arabic key -> its most frequent Latin spelling.
    latin_of: HashMap<&'static str, &'static str>,
    /// A Latin spelling -> the most frequent spelling of the Arabic name it
    /// is most often a spelling of (`muhammad` -> `mohamed`).
    shared: HashMap<&'static str, &'static str>,
}

impl Table {
    pub(crate) fn get() -> &'static Self {
        static TABLE_ONCE: OnceLock<Table> = OnceLock::new();
        TABLE_ONCE.get_or_init(Self::load)
    }

    fn load() -> Self {
        let mut latin_of = HashMap::new();
        // spelling -> (count of that spelling for the best key, shared spelling)
        let mut best: HashMap<&'static str, (u32, &'static str)> = HashMap::new();
        for line in TABLE.lines().skip(1) {
            let mut fields = line.split('\t');
            let (Some(key), Some(top), Some(variants)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            let Some((top_spelling, _)) = top.split_once(':') else {
                continue;
            };
            latin_of.insert(key, top_spelling);
            let spellings = std::iter::once(top).chain(variants.split('|').filter(|v| !v.is_empty()));
            for spelling in spellings {
                let Some((spelling, count)) = spelling.split_once(':') else {
                    continue;
                };
                let count: u32 = count.parse().unwrap_or(0);
                let entry = best.entry(spelling).or_insert((0, top_spelling));
                if count > entry.0 {
                    *entry = (count, top_spelling);
                }
            }
        }
        let shared = best.into_iter().map(|(spelling, (_, top))| (spelling, top)).collect();
        Self { latin_of, shared }
    }

    /// The usual Latin spelling of a normalised Arabic-script word.
    pub(crate) fn latin(&self, arabic: &str) -> Option<&'static str> {
        self.latin_of.get(arabic).copied()
    }

    /// The shared spelling of a folded Latin word, if it is a known spelling
    /// of an Arabic name.
    pub(crate) fn shared(&self, latin: &str) -> Option<&'static str> {
        self.shared.get(latin).copied()
    }
}

pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Normalises Arabic script the way the table's keys were normalised
/// (`derive_arabic_names.py`): no short vowels or tatweel, one alef, Persian
/// and Urdu letter forms as their Arabic equivalents.
pub(crate) fn fold(word: &str) -> String {
    word.chars()
        .filter(|&c| {
            !matches!(
                c,
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}'
            )
        })
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' | 'ے' | 'ئ' => 'ي',
            'ة' | 'ہ' | 'ھ' => 'ه',
            'ک' => 'ك',
            'ؤ' => 'و',
            other => other,
        })
        .collect()
}

/// The word without its article (`الحسن` -> `حسن`), as the table's keys are.
pub(crate) fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

/// Letter-by-letter romanisation for words the table does not know. Short
/// vowels are not written in Arabic script, so this is close to a consonant
/// skeleton, which is what matching needs of it.
pub(crate) fn romanise_letters(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let consonant_second = word.chars().nth(1).is_some_and(|c| !matches!(c, 'ا' | 'و' | 'ي'));
    for (index, c) in word.chars().enumerate() {
        let latin = match c {
            // No Arabic word begins with two consonants, so a first `و`
            // before a consonant is `wa` or `wu` (`الوصابي` al-Wasabi): a bare
            // `w` there would be read as the Belarusian `у` of `Уладзімір`,
            // which the skeleton leaves out.
            'و' if index == 0 && consonant_second => "wa",
            'ا' => "a",
            'ب' => "b",
            'ت' | 'ط' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' | 'ه' => "h",
            'خ' => "kh",
            'د' | 'ض' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' | 'ظ' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'و' if index == 0 => "w",
            'و' => "u",
            'ي' if index == 0 => "y",
            'ي' => "i",
            'پ' => "p",
            'چ' => "ch",
            'ژ' => "zh",
            'گ' => "g",
            'ڤ' => "v",
            _ => "",
        };
        out.push_str(latin);
    }
    out
}
