//! What the spelling of a record's names tells of the person's nationality.
//!
//! Agencies write everyone's names in Russian Cyrillic or in a romanisation
//! of the Russian form, so a Russian spelling says nothing. But a name
//! written in the Belarusian or Ukrainian alphabet (`Ніна Дамброўская`,
//! `Олена Григор'єва`), or a Belarusian or Ukrainian form of a listed given
//! name in any script (`Сяргей`, `SIARHEI`; `Сергій`, `SERHII`), is how the
//! person's own state or their own hand writes it: such a record is not of
//! a Russian citizen, and one in Belarusian is not of a Ukrainian. Linkage
//! takes that as it takes a citizenship written on the record: two records
//! it tells apart are not one person. A citizenship the record itself states
//! outweighs its spelling (`Natallya`, `RUS`): that spelling is a slip or the
//! writer's habit.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::name_lists::{GIVEN, rows};
use crate::normalise::normalise;
use crate::translit::{Language, Scheme, transliterate};

/// The nation a record's spelling shows (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeltNation {
    Belarusian,
    Ukrainian,
    /// Letters both alphabets have and Russian lacks (`Ніна`), or a form
    /// the two languages share (`Iryna`).
    BelarusianOrUkrainian,
}

impl SpeltNation {
    /// The nation the names of a record show, by their letters if those
    /// say, else by the form of the given name (`given_canonical`, its
    /// canonical Latin form).
    pub fn of(fields: &[&str], given_canonical: &str) -> Option<Self> {
        Self::by_letters(fields).or_else(|| Self::by_given_name(given_canonical))
    }

    /// `ў` is Belarusian alone; `ї`, `є` and `ґ` Ukrainian alone; `і` both,
    /// beside `ы` or `э` Belarusian and beside `и` Ukrainian. Normalisation
    /// romanises a Cyrillic name by the language this finds.
    pub(crate) fn by_letters(fields: &[&str]) -> Option<Self> {
        let has = |letters: &[char]| {
            fields
                .iter()
                .flat_map(|field| field.chars())
                .flat_map(char::to_lowercase)
                .any(|c| letters.contains(&c))
        };
        if has(&['ў']) || (has(&['і']) && has(&['ы', 'э'])) {
            Some(Self::Belarusian)
        } else if has(&['ї', 'є', 'ґ']) || (has(&['і']) && has(&['и'])) {
            Some(Self::Ukrainian)
        } else if has(&['і']) {
            Some(Self::BelarusianOrUkrainian)
        } else {
            None
        }
    }

    /// The nation of a listed given name's form that is no Russian form's
    /// spelling too.
    fn by_given_name(canonical: &str) -> Option<Self> {
        let languages = given_name_languages().get(canonical).copied().unwrap_or_default();
        match (
            languages & RUSSIAN != 0,
            languages & BELARUSIAN != 0,
            languages & UKRAINIAN != 0,
        ) {
            (false, true, false) => Some(Self::Belarusian),
            (false, false, true) => Some(Self::Ukrainian),
            (false, true, true) => Some(Self::BelarusianOrUkrainian),
            _ => None,
        }
    }

    /// Whether a person of `citizenship` (ISO alpha-3) is not written so.
    pub fn excludes(self, citizenship: [u8; 3]) -> bool {
        match self {
            Self::Belarusian => matches!(&citizenship, b"RUS" | b"UKR"),
            Self::Ukrainian => matches!(&citizenship, b"RUS" | b"BLR"),
            Self::BelarusianOrUkrainian => &citizenship == b"RUS",
        }
    }

    /// Whether two spellings cannot be of one person.
    pub fn differs_from(self, other: Self) -> bool {
        matches!(
            (self, other),
            (Self::Belarusian, Self::Ukrainian) | (Self::Ukrainian, Self::Belarusian)
        )
    }
}

const RUSSIAN: u8 = 1;
const BELARUSIAN: u8 = 2;
const UKRAINIAN: u8 = 4;

/// The canonical form of every spelling of each listed given name's
/// Russian, Belarusian and Ukrainian forms (the Cyrillic, and its
/// romanisation in its own language by every system) -> the languages whose
/// forms it spells. Worked out once per process.
fn given_name_languages() -> &'static HashMap<String, u8> {
    static LANGUAGES: OnceLock<HashMap<String, u8>> = OnceLock::new();
    LANGUAGES.get_or_init(|| {
        let mut languages: HashMap<String, u8> = HashMap::new();
        for row in rows(GIVEN).filter(|row| row.len() >= 4) {
            for (bit, language, form) in [
                (RUSSIAN, Language::Russian, row[1]),
                (BELARUSIAN, Language::Belarusian, row[2]),
                (UKRAINIAN, Language::Ukrainian, row[3]),
            ] {
                let spellings = Scheme::ALL
                    .into_iter()
                    .map(|scheme| transliterate(form, language, scheme))
                    .chain(std::iter::once(form.to_owned()));
                for spelling in spellings {
                    *languages
                        .entry(normalise(&spelling).canonical.into_string())
                        .or_default() |= bit;
                }
            }
        }
        languages
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(first: &str, last: &str) -> Option<SpeltNation> {
        SpeltNation::of(&[first, last], &normalise(first).canonical)
    }

    #[test]
    fn the_belarusian_and_ukrainian_alphabets_show_their_nations() {
        assert_eq!(of("Ніна", "Дамброўская"), Some(SpeltNation::Belarusian));
        assert_eq!(of("Вольга", "Кавалёва"), Some(SpeltNation::Belarusian));
        assert_eq!(of("Олена", "Григор'єва"), Some(SpeltNation::Ukrainian));
        assert_eq!(of("Ніна", "Ткачук"), Some(SpeltNation::BelarusianOrUkrainian));
    }

    #[test]
    fn a_belarusian_or_ukrainian_form_of_a_given_name_shows_its_nation_in_any_script() {
        assert_eq!(of("SIARHEI", "KAZLOU"), Some(SpeltNation::Belarusian));
        assert_eq!(of("Сяргей", "Казлов"), Some(SpeltNation::Belarusian));
        assert_eq!(of("Oleksandr", "Koval"), Some(SpeltNation::Ukrainian));
    }

    #[test]
    fn russian_spellings_and_foreign_names_show_no_nation() {
        assert_eq!(of("Сергей", "Козлов"), None);
        assert_eq!(of("Sergei", "Kozlov"), None);
        assert_eq!(of("Мохаммед", "Аль-Хасан"), None);
        assert_eq!(of("Fatima", "Ahmed"), None);
    }

    #[test]
    fn a_nation_excludes_the_other_east_slavic_citizenships_only() {
        assert!(SpeltNation::Belarusian.excludes(*b"RUS"));
        assert!(SpeltNation::Belarusian.excludes(*b"UKR"));
        assert!(!SpeltNation::Belarusian.excludes(*b"BLR"));
        assert!(!SpeltNation::Belarusian.excludes(*b"SYR"));
        assert!(SpeltNation::BelarusianOrUkrainian.excludes(*b"RUS"));
        assert!(!SpeltNation::BelarusianOrUkrainian.excludes(*b"UKR"));
        assert!(SpeltNation::Belarusian.differs_from(SpeltNation::Ukrainian));
        assert!(!SpeltNation::Belarusian.differs_from(SpeltNation::BelarusianOrUkrainian));
    }
}
