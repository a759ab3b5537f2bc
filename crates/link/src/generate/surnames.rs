//! The long tail of family names past the hand-written lists of common ones.
//!
//! The lists shared with the demo hold about two hundred Slavic family names
//! and a few dozen per migrant country. Drawn alone they give 200,000 people
//! a few hundred family names between them, so that a large share of records
//! fit more than one person on name, birth year and sex, which real
//! populations, with many thousands of family names, do not. Past the lists
//! the generator draws from two longer sources:
//!
//! - Slavic: every list name is split into a root and an ending in all three
//!   languages (`Ковальчук`, `Кавальчук`, `Ковальчук` = `Коваль` + `чук`), and
//!   every root is joined to every ending with the spelling rules of each
//!   language, so `Козлов` and `Коваленко` give `Козленко` / `Казленка`.
//! - Migrants: the surnames attested in Wikidata for sixteen countries,
//!   with their Arabic script and every attested Latin spelling
//!   (`data/arabic_surnames.tsv`, see `data/README.md`).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::name_lists::{FAMILY, PATRONYMIC, rows};

/// The Wikidata surnames: country (alpha-3), Arabic script, Latin spellings
/// separated by `|`, and how often the name is attested.
pub(super) const ARABIC_SURNAMES: &str = include_str!("../../data/arabic_surnames.tsv");

/// A family name's six forms: Russian, Belarusian and Ukrainian, each male
/// then female.
pub(super) type SixForms = [String; 6];

/// A family-name ending in its six forms, with the other Belarusian and
/// Ukrainian spellings it takes after some roots (accepted when splitting a
/// list name, never produced).
struct Ending {
    forms: [&'static str; 6],
    be_also: &'static [&'static str],
    uk_also: &'static [&'static str],
    after: After,
}

/// Which roots an ending joins: `-ов` after a hard consonant, `-ев` after a
/// soft or hushing one or a vowel, `-енко` after any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    Hard,
    Soft,
    Any,
}

const fn ending(
    after: After,
    forms: [&'static str; 6],
    be_also: &'static [&'static str],
    uk_also: &'static [&'static str],
) -> Ending {
    Ending {
        forms,
        be_also,
        uk_also,
        after,
    }
}

/// Longest first, so `Козловский` splits at `-овский`, not `-ий`.
const ENDINGS: [Ending; 11] = [
    ending(
        After::Hard,
        ["овский", "овская", "оўскі", "оўская", "овський", "овська"],
        &[],
        &[],
    ),
    ending(
        After::Soft,
        ["евский", "евская", "еўскі", "еўская", "евський", "евська"],
        &[],
        &[],
    ),
    ending(
        After::Hard,
        ["ович", "ович", "овіч", "овіч", "ович", "ович"],
        &["авіч"],
        &[],
    ),
    ending(
        After::Soft,
        ["евич", "евич", "евіч", "евіч", "евич", "евич"],
        &["эвіч"],
        &[],
    ),
    ending(
        After::Any,
        ["енко", "енко", "енка", "енка", "енко", "енко"],
        &["энка"],
        &[],
    ),
    ending(After::Any, ["ёнок", "ёнок", "ёнак", "ёнак", "ьонок", "ьонок"], &[], &[]),
    ending(After::Any, ["чук", "чук", "чук", "чук", "чук", "чук"], &[], &[]),
    ending(After::Any, ["юк", "юк", "юк", "юк", "юк", "юк"], &[], &[]),
    ending(After::Hard, ["ов", "ова", "аў", "ава", "ов", "ова"], &["оў"], &[]),
    ending(After::Soft, ["ев", "ева", "еў", "ева", "єв", "єва"], &["эў"], &["ев"]),
    ending(
        After::Any,
        ["ин", "ина", "ін", "іна", "ін", "іна"],
        &["ын"],
        &["ин", "їн"],
    ),
];

const VOWELS: &str = "аеёиоуыэюяіїє";

/// The Slavic tail: each list name's root with every ending, the list's own
/// names left out. Worked out once per process.
pub(super) static SLAVIC: LazyLock<Vec<SixForms>> = LazyLock::new(|| {
    // `ё` and `е` are one letter to a reader of names (`Ковалёв`, `Ковалев`).
    let fold = |name: &str| name.replace('ё', "е");
    let listed: HashSet<String> = rows(FAMILY).filter(|f| f.len() >= 7).map(|f| fold(f[0])).collect();
    let mut roots: Vec<[&str; 3]> = Vec::new();
    // Family names, and the patronymics that many family names began as
    // (`Иванович`: `Иван` gives `Иваненко`, `Иванчук`).
    let family = rows(FAMILY).filter(|f| f.len() >= 7).map(|f| (f[0], f[2], f[4]));
    let patronymics = rows(PATRONYMIC).filter(|f| f.len() >= 7).map(|f| (f[1], f[3], f[5]));
    for (ru, be, uk) in family.chain(patronymics) {
        if let Some(root) = split(ru, be, uk)
            && !roots.iter().any(|r| r[0] == root[0])
        {
            roots.push(root);
        }
    }
    let mut seen = HashSet::new();
    let mut tail = Vec::new();
    for root in &roots {
        let soft = if ends_soft(root[0]) { After::Soft } else { After::Hard };
        // `-чук` after a vowel and one consonant (`Шевчук`), not a cluster (`Галкчук`).
        let ends_in_cluster = root[0].chars().rev().take(2).all(|c| !VOWELS.contains(c) && c != 'ь');
        let fits = |e: &&Ending| {
            (e.after == After::Any || e.after == soft) && !(ends_in_cluster && e.forms[0].starts_with('ч'))
        };
        for end in ENDINGS.iter().filter(fits) {
            let name = join(*root, end);
            let folded = fold(&name[0]);
            if !listed.contains(&folded) && seen.insert(folded) {
                tail.push(name);
            }
        }
    }
    tail
});

/// A list name's root in its three languages, if it ends in a known ending.
fn split<'a>(ru: &'a str, be: &'a str, uk: &'a str) -> Option<[&'a str; 3]> {
    ENDINGS.iter().find_map(|end| {
        let ru_root = ru.strip_suffix(end.forms[0])?;
        let be_root = std::iter::once(end.forms[2])
            .chain(end.be_also.iter().copied())
            .find_map(|e| be.strip_suffix(e))?;
        let uk_root = std::iter::once(end.forms[4])
            .chain(end.uk_also.iter().copied())
            .find_map(|e| uk.strip_suffix(e))?;
        (ru_root.chars().count() >= 3 && !be_root.is_empty() && !uk_root.is_empty())
            .then_some([ru_root, be_root, uk_root])
    })
}

/// Whether a Russian root takes the soft endings: after a soft sign, a
/// hushing consonant, `ц` or a vowel (`Зайц-ев`, `Андре-ев`).
fn ends_soft(ru_root: &str) -> bool {
    ru_root
        .chars()
        .last()
        .is_some_and(|c| "ьйжшчщц".contains(c) || VOWELS.contains(c))
}

fn join(root: [&str; 3], end: &Ending) -> SixForms {
    let starts_with_vowel = end.forms[0].chars().next().is_some_and(|c| VOWELS.contains(c));
    // A soft sign does not stand before a vowel (`Коваль` + `ев` = `Ковалев`).
    let bare = |r: &str| -> String {
        if starts_with_vowel {
            r.trim_end_matches('ь').to_owned()
        } else {
            r.to_owned()
        }
    };
    let [ru, mut be, uk] = root.map(bare);
    // Belarusian ў stands only after a vowel and before a consonant (`Саўчук`, `Савенка`).
    if starts_with_vowel && be.ends_with('ў') {
        be.pop();
        be.push('в');
    }
    // Ukrainian writes `ьо` as `йо` after a vowel (`Бугайонок`).
    let uk_ending = |form: &'static str| -> String {
        match form.strip_prefix('ь') {
            Some(rest) if uk.chars().last().is_some_and(|c| VOWELS.contains(c)) => format!("й{rest}"),
            _ => form.to_owned(),
        }
    };
    let be_ending = |form: &'static str| -> String {
        // Belarusian `-оў` under stress in short names (`Казлоў`), `-аў` unstressed in longer ones.
        let short = be.chars().filter(|c| VOWELS.contains(*c)).count() <= 1;
        let form = if short && (form.starts_with("аў") || form.starts_with("ава")) {
            form.replacen('а', "о", 1)
        } else {
            form.to_owned()
        };
        // After a hardened consonant Belarusian writes э, ы, а, о, у (`Бандар-энка`, `Гур-ын`).
        if be.ends_with(['ж', 'ш', 'ч', 'ц', 'р']) {
            let mut chars = form.chars();
            let first = match chars.next() {
                Some('е') => 'э',
                Some('і') => 'ы',
                Some('я') => 'а',
                Some('ё') => 'о',
                Some('ю') => 'у',
                Some(c) => c,
                None => return form,
            };
            std::iter::once(first).chain(chars).collect()
        } else {
            form
        }
    };
    [
        format!("{ru}{}", end.forms[0]),
        format!("{ru}{}", end.forms[1]),
        format!("{be}{}", be_ending(end.forms[2])),
        format!("{be}{}", be_ending(end.forms[3])),
        format!("{uk}{}", uk_ending(end.forms[4])),
        format!("{uk}{}", uk_ending(end.forms[5])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_roots_take_every_ending_in_each_languages_spelling() {
        let has = |ru: &str| SLAVIC.iter().find(|f| f[0] == ru).cloned();
        assert_eq!(
            has("Козленко").expect("Козлов + енко"),
            ["Козленко", "Козленко", "Казленка", "Казленка", "Козленко", "Козленко"].map(String::from)
        );
        assert_eq!(
            has("Бондарович").expect("Бондаренко + ович"),
            [
                "Бондарович",
                "Бондарович",
                "Бандаровіч",
                "Бандаровіч",
                "Бондарович",
                "Бондарович"
            ]
            .map(String::from)
        );
        assert_eq!(has("Лукашев").map(|f| f[2].clone()), Some("Лукашэў".to_owned()));
        // Belarusian writes ы after р, and -оў in a short name.
        assert_eq!(has("Бондарин").map(|f| f[2].clone()), Some("Бандарын".to_owned()));
        assert_eq!(has("Козлин").map(|f| f[2].clone()), Some("Казлін".to_owned()));
        // ў turns to в before a vowel; Ukrainian ьо is йо after one.
        assert_eq!(has("Савенко").map(|f| f[2].clone()), Some("Савенка".to_owned()));
        assert_eq!(has("Бугаёнок").map(|f| f[4].clone()), Some("Бугайонок".to_owned()));
        assert_eq!(has("Галкчук"), None);
        assert_eq!(has("Жуков"), None, "a list name is not repeated in the tail");
        assert_eq!(
            has("Ковалев"),
            None,
            "nor is one that differs from a list name by ё alone"
        );
        assert!(SLAVIC.len() > 1000, "{}", SLAVIC.len());
    }
}
