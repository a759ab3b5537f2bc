//! The Belarusian and Ukrainian forms of a given name or patronymic as the
//! Russian form, for comparing records: `Мікалай`, `MIKALAI` and `Микола`
//! are `Николай`, `Мікалаевіч` is `Николаевич`, `Вольга` is `Ольга`. No
//! romanisation folds them: the forms differ in letters that carry meaning
//! elsewhere (`m`/`n`, a leading `u`, `v` or `h`), so the forms are looked up.
//!
//! The table is the demo's list of name forms (`name_lists`). The
//! synthetic-record generator draws from the same list, so
//! on generated records it knows every name; on real records a name it lacks
//! keeps its own skeleton and is compared by spelling as before.
//!
//! The same lists say which names are listed names ([`ListedNames`]): two
//! records whose given names are two different listed names are not one
//! person misspelt, and two spellings of one listed name are that name
//! however far apart they are spelt. A name the lists lack is never taken
//! for a different name, only compared by spelling.
//!
//! Linkage folds each field by its role (and `haven link normalise` hands
//! the keys to other linkage tools). A person search does not know which of
//! its words is the given name, so the spelling keys persons are found by
//! (`normalise::spelling_keys`) fold every field with [`fold_any_field`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::linkage::one_slip;
use crate::name_lists::{FAMILY, GIVEN, MIGRANT, PATRONYMIC, rows};
use crate::normalise::{NameKey, normalise, skeleton};
use crate::translit::every_romanisation;

/// Skeletons of Belarusian and Ukrainian forms -> the skeleton of the
/// Russian form.
#[derive(Debug)]
pub(crate) struct Forms {
    given: HashMap<String, String>,
    patronymic: HashMap<String, String>,
}

impl Forms {
    pub(crate) fn get() -> &'static Self {
        static FORMS: OnceLock<Forms> = OnceLock::new();
        FORMS.get_or_init(Self::load)
    }

    fn load() -> Self {
        // (Russian form, other forms) per row: given names are
        // `sex, russian, belarusian, ukrainian, weight`; patronymics
        // `father, russian_m, russian_f, belarusian_m, belarusian_f,
        // ukrainian_m, ukrainian_f`.
        let given: Vec<(&str, Vec<&str>)> = rows(GIVEN)
            .filter(|f| f.len() >= 4)
            .map(|f| (f[1], vec![f[2], f[3]]))
            .collect();
        let patronymic: Vec<(&str, Vec<&str>)> = rows(PATRONYMIC)
            .filter(|f| f.len() >= 7)
            .flat_map(|f| [(f[1], vec![f[3], f[5]]), (f[2], vec![f[4], f[6]])])
            .collect();
        Self {
            given: to_russian(&given),
            patronymic: to_russian(&patronymic),
        }
    }

    /// Makes the skeleton of a given name its Russian form's if it is a
    /// Belarusian or Ukrainian form of one.
    pub(crate) fn fold_given(&self, key: &mut NameKey) {
        if let Some(russian) = self.given.get(key.skeleton.as_str()) {
            key.skeleton = russian.into();
        }
    }

    /// The same for a patronymic.
    pub(crate) fn fold_patronymic(&self, key: &mut NameKey) {
        if let Some(russian) = self.patronymic.get(key.skeleton.as_str()) {
            key.skeleton = russian.into();
        }
    }
}

/// The map from the skeletons of the other forms to the Russian form's. A
/// skeleton that is itself a Russian form's, or a form of two Russian names,
/// is left out: folding it would join two different names.
fn to_russian(rows: &[(&str, Vec<&str>)]) -> HashMap<String, String> {
    let skeleton_of = |name: &str| normalise(name).skeleton.into_string();
    let russian: HashSet<String> = rows.iter().map(|(ru, _)| skeleton_of(ru)).collect();
    let mut map: HashMap<String, String> = HashMap::new();
    let mut ambiguous: HashSet<String> = HashSet::new();
    for (ru, others) in rows {
        let target = skeleton_of(ru);
        for other in others {
            let from = skeleton_of(other);
            if from.is_empty() || from == target || russian.contains(&from) {
                continue;
            }
            match map.get(&from) {
                Some(existing) if *existing != target => {
                    ambiguous.insert(from);
                }
                _ => {
                    map.insert(from, target.clone());
                }
            }
        }
    }
    for from in ambiguous {
        map.remove(&from);
    }
    map
}

/// Which of the lists' names a spelling is: the rows it is a spelling of
/// (a Slavic name in its Russian, Belarusian and Ukrainian forms by every
/// romanisation system, a migrant name in its native script and its Latin
/// variants), by canonical form. Given names, family names and patronymics
/// are each a list of their own.
///
/// Two given names that are each some listed name, and no name in common,
/// are two different names (`Evgenii`, `Stepan`), not one misspelt: the
/// sign of twins, where a typo (`Ogga` for `Olga`) is the name it misspells
/// (below). Two that share a row are one name however far apart their
/// spellings (`Igor` and `Ігар`, `Ильинична` and `Іллівна`), which neither
/// the spelling similarity nor a short or colliding skeleton can tell.
///
/// A given name or patronymic that is no listed spelling but a keying slip
/// from the spellings of one listed name only (`Nitita`, `Vaeriy`,
/// `Slitlana`) is taken for that name mistyped: the lists hold nearly every
/// Slavic given name, so a slip rarely makes another real name that is
/// missing from them. Family names go far past the lists, so a family name
/// must be a listed spelling itself.
#[derive(Debug)]
pub(crate) struct ListedNames {
    /// Each listed spelling (canonical form) and the rows it is a spelling of.
    spellings: Vec<(String, Vec<u32>)>,
    /// The spellings by canonical form.
    by_spelling: HashMap<String, usize>,
    /// The spellings under each of their forms with one letter left out, to
    /// find those a slip from a name (a symmetric deletion index); empty
    /// where slips are not corrected.
    by_deletion: HashMap<String, Vec<usize>>,
    /// Whether a slip from a listed name is taken for that name mistyped.
    corrects_slips: bool,
}

/// Names shorter than this are not taken for a listed name mistyped: one
/// letter apart, short names are commonly two names (`Ilya`, `Iya`, `Ira`).
const SHORTEST_MISTYPED: usize = 4;

/// `word` with each letter in turn left out.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(at, letter)| {
        let mut shorter = String::with_capacity(word.len());
        shorter.push_str(&word[..at]);
        shorter.push_str(&word[at + letter.len_utf8()..]);
        shorter
    })
}

impl ListedNames {
    pub(crate) fn given() -> &'static Self {
        static NAMES: OnceLock<ListedNames> = OnceLock::new();
        NAMES.get_or_init(|| {
            let slavic = rows(GIVEN).filter(|f| f.len() >= 4).map(|f| romanised(&f[1..4]));
            Self::index(slavic.chain(migrant_rows("given")), true)
        })
    }

    /// Family names, the men's and the women's Slavic forms as two rows
    /// (as the patronymics'), and the migrant lists' spellings of one name
    /// (`Diallo`, `Jallow`, `Jalloh`), which skeletons alone take for three.
    pub(crate) fn family() -> &'static Self {
        static NAMES: OnceLock<ListedNames> = OnceLock::new();
        NAMES.get_or_init(|| Self::index(men_and_women(FAMILY, 0).chain(migrant_rows("family")), false))
    }

    /// Patronymics, the sons' and the daughters' forms as two rows: a
    /// brother and a sister share a father, and among different persons so
    /// common a pair must not count as one name spelt two ways.
    pub(crate) fn patronymic() -> &'static Self {
        static NAMES: OnceLock<ListedNames> = OnceLock::new();
        NAMES.get_or_init(|| Self::index(men_and_women(PATRONYMIC, 1), true))
    }

    fn index(spellings_by_row: impl Iterator<Item = Vec<String>>, corrects_slips: bool) -> Self {
        let mut rows_of: HashMap<String, Vec<u32>> = HashMap::new();
        for (row, spellings) in (0u32..).zip(spellings_by_row) {
            for spelling in spellings {
                let canonical = normalise(&spelling).canonical.into_string();
                if canonical.is_empty() {
                    continue;
                }
                let rows = rows_of.entry(canonical).or_default();
                if rows.last() != Some(&row) {
                    rows.push(row);
                }
            }
        }
        let mut spellings: Vec<(String, Vec<u32>)> = rows_of.into_iter().collect();
        spellings.sort_unstable();
        let by_spelling = spellings
            .iter()
            .enumerate()
            .map(|(i, (spelling, _))| (spelling.clone(), i))
            .collect();
        let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::new();
        if corrects_slips {
            for (i, (spelling, _)) in spellings.iter().enumerate() {
                for shorter in deletions(spelling) {
                    by_deletion.entry(shorter).or_default().push(i);
                }
            }
        }
        Self {
            spellings,
            by_spelling,
            by_deletion,
            corrects_slips,
        }
    }

    /// The rows `name` is a spelling of, or the one listed name it is
    /// mistyped from (where slips are corrected); none for a name not listed.
    pub(crate) fn rows(&'static self, name: &NameKey) -> &'static [u32] {
        let spelt = name.canonical.as_str();
        let found = self
            .by_spelling
            .get(spelt)
            .copied()
            .or_else(|| self.corrects_slips.then(|| self.mistyped(spelt)).flatten());
        found.map_or(&[], |i| self.spellings[i].1.as_slice())
    }

    /// The spelling `spelt` is a slip from, if the spellings it is a slip
    /// from are all of the same rows.
    fn mistyped(&self, spelt: &str) -> Option<usize> {
        // Canonical forms are ASCII: bytes are letters.
        if spelt.len() < SHORTEST_MISTYPED {
            return None;
        }
        // A slip leaves the two words equal once a letter is left out of
        // one or both (a substitution, a swap: both); `one_slip` rules out
        // the words that are two slips apart yet meet so.
        let shorter: Vec<String> = deletions(spelt).collect();
        let candidates = std::iter::once(spelt)
            .chain(shorter.iter().map(String::as_str))
            .filter_map(|key| self.by_deletion.get(key))
            .flatten()
            .chain(shorter.iter().filter_map(|key| self.by_spelling.get(key)))
            .copied();
        let mut found: Option<usize> = None;
        for i in candidates {
            if !one_slip(spelt.as_bytes(), self.spellings[i].0.as_bytes()) {
                continue;
            }
            match found {
                Some(f) if self.spellings[f].1 != self.spellings[i].1 => return None,
                Some(_) => {}
                None => found = Some(i),
            }
        }
        found
    }
}

/// The migrant lists' names of one part (`given` or `family`), each as its
/// native spelling and its Latin variants.
fn migrant_rows(part: &'static str) -> impl Iterator<Item = Vec<String>> {
    rows(MIGRANT).filter(move |f| f.len() >= 5 && f[2] == part).map(|f| {
        std::iter::once(f[3])
            .chain(f[4].split('|'))
            .map(str::to_owned)
            .collect()
    })
}

/// The rows of a Slavic list whose six columns from `first` are the
/// Russian, Belarusian and Ukrainian forms, a man's and a woman's in turn
/// (`russian_m`, `russian_f`, `belarusian_m`, ...): the men's forms and the
/// women's as two rows, each with every romanisation.
fn men_and_women(table: &'static str, first: usize) -> impl Iterator<Item = Vec<String>> {
    rows(table)
        .filter(move |f| f.len() >= first + 6)
        .flat_map(move |f| [0, 1].map(|sex| romanised(&[f[first + sex], f[first + 2 + sex], f[first + 4 + sex]])))
}

/// Cyrillic forms and every romanisation of each.
fn romanised(forms: &[&str]) -> Vec<String> {
    forms
        .iter()
        .flat_map(|form| std::iter::once((*form).to_owned()).chain(every_romanisation(form)))
        .collect()
}

/// Whether two names are two different listed names (see [`ListedNames`]).
pub(crate) fn different_listed_names(a: &[u32], b: &[u32]) -> bool {
    !a.is_empty() && !b.is_empty() && !one_listed_name(a, b)
}

/// Whether two names are spellings of one listed name (see [`ListedNames`]).
pub(crate) fn one_listed_name(a: &[u32], b: &[u32]) -> bool {
    a.iter().any(|row| b.contains(row))
}

/// Skeletons shorter than this are not folded when the field's role is not
/// known: `Ганна` is `Анна`, but the same two letters are `Khan` (a family
/// name), which must not become every `Ann`.
const SHORTEST_FOLDED_ANY_FIELD: usize = 3;

/// Folds a field that may be a given name, a patronymic or a family name,
/// as a person search's words are: a form of a given name or patronymic
/// becomes the Russian form, else a Belarusian family name its Russian one.
pub(crate) fn fold_any_field(key: &mut NameKey) {
    let forms = Forms::get();
    if key.skeleton.len() >= SHORTEST_FOLDED_ANY_FIELD
        && let Some(russian) = forms
            .given
            .get(key.skeleton.as_str())
            .or_else(|| forms.patronymic.get(key.skeleton.as_str()))
    {
        key.skeleton = russian.into();
        return;
    }
    fold_family(key);
}

/// Makes the skeleton of a family name the Belarusian `-оўскі`,
/// `-оўская` (`Kazlouski`, `Hrabouskaya`) the Russian `-овский`,
/// `-овская`. The skeleton folds `ў` after `a` and `e` but not after `o`,
/// where `ou` is as often a French spelling of `u` (`Ouazzani`, `Oumou`);
/// before `sk` it is the Belarusian letter.
pub(crate) fn fold_family(key: &mut NameKey) {
    if key.canonical.contains("ousk") {
        key.skeleton = skeleton(&key.canonical.replace("ousk", "ovsk")).into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_str::CompactString;

    fn given(name: &str) -> CompactString {
        let mut key = normalise(name);
        Forms::get().fold_given(&mut key);
        key.skeleton
    }

    fn patronymic(name: &str) -> CompactString {
        let mut key = normalise(name);
        Forms::get().fold_patronymic(&mut key);
        key.skeleton
    }

    fn family(name: &str) -> CompactString {
        let mut key = normalise(name);
        fold_family(&mut key);
        key.skeleton
    }

    fn listed_given(name: &str) -> &'static [u32] {
        ListedNames::given().rows(&normalise(name))
    }

    #[test]
    fn a_listed_name_mistyped_is_that_name_when_no_other_is_as_near() {
        for (mistyped, name) in [
            ("Nitita", "Никита"),
            ("Vaeriy", "Валерий"),
            ("Slitlana", "Світлана"),
            ("Anrrey", "ANDREI"),
            ("Yevgny", "Яўген"),
        ] {
            assert!(listed_given(name).len() == 1, "{name}");
            assert!(
                one_listed_name(listed_given(mistyped), listed_given(name)),
                "{mistyped} {name}"
            );
        }
        // A slip from two names (`Marina`, `Maria`) is neither.
        assert!(listed_given("Marna").is_empty());
        // Nor is a short name a slip from a listed one (`Ilya`).
        assert!(listed_given("Iya").is_empty());
        // A listed name stays itself, however near another.
        assert!(different_listed_names(listed_given("Karina"), listed_given("Marina")));
        // Patronymics too.
        let patronymic = |name: &str| ListedNames::patronymic().rows(&normalise(name));
        assert!(one_listed_name(patronymic("Никитчна"), patronymic("Никитична")));
    }

    #[test]
    fn belarusian_and_ukrainian_given_names_are_their_russian_forms() {
        for (other, russian) in [
            ("Мікалай", "Николай"),
            ("MIKALAI", "Nikolay"),
            ("Микола", "Николай"),
            ("Уладзімір", "Владимир"),
            ("Вольга", "Ольга"),
            ("HANNA", "Анна"),
            ("Мікіта", "Никита"),
        ] {
            assert_eq!(given(other), given(russian), "{other} {russian}");
        }
    }

    #[test]
    fn different_given_names_stay_different() {
        assert_ne!(given("Мікалай"), given("Михаил"));
        assert_ne!(given("Вольга"), given("Валентина"));
        assert_ne!(given("Ганна"), given("Галіна"));
    }

    #[test]
    fn belarusian_patronymics_are_their_russian_forms() {
        assert_eq!(patronymic("Мікалаевіч"), patronymic("Николаевич"));
        assert_eq!(patronymic("Уладзіміраўна"), patronymic("Vladimirovna"));
        assert_ne!(patronymic("Мікалаевіч"), patronymic("Михайлович"));
    }

    #[test]
    fn belarusian_family_names_in_ouski_are_russian_ovsky() {
        assert_eq!(family("KAZLOUSKI"), family("Козловский"));
        assert_eq!(family("Грабоўская"), family("Grabovskaya"));
        assert_eq!(family("Ouazzani"), normalise("Ouazzani").skeleton);
    }

    #[test]
    fn two_listed_given_names_are_told_from_a_misspelt_one() {
        let rows = |name: &str| ListedNames::given().rows(&normalise(name));
        assert!(different_listed_names(rows("Евгений"), rows("STSIAPAN")));
        assert!(different_listed_names(rows("Tatiana"), rows("Евгения")));
        assert!(different_listed_names(rows("Xasan"), rows("Cabdi")));
        // One name in other forms and scripts.
        assert!(!different_listed_names(rows("Тацяна"), rows("Tatyana")));
        assert!(!different_listed_names(rows("Mohammed"), rows("Maxamed")));
        // A misspelling is the name it misspells, not another.
        assert!(!different_listed_names(rows("Ogga"), rows("Olga")));
        assert!(different_listed_names(rows("Ogga"), rows("Anna")));
    }

    #[test]
    fn far_apart_spellings_of_one_listed_name_are_that_name() {
        let given = |name: &str| ListedNames::given().rows(&normalise(name));
        assert!(one_listed_name(given("Igor"), given("Ігар")));
        assert!(one_listed_name(given("YAUHEN"), given("Евгений")));
        assert!(!one_listed_name(given("Igor"), given("Ivan")));
        let patronymic = |name: &str| ListedNames::patronymic().rows(&normalise(name));
        assert!(one_listed_name(patronymic("Ильинична"), patronymic("Іллівна")));
        assert!(one_listed_name(patronymic("ILLIVNA"), patronymic("Ilinichna")));
        assert!(!one_listed_name(patronymic("Іллівна"), patronymic("Львовна")));
        assert!(!one_listed_name(patronymic("Ильич"), patronymic("Ильинична")));
        // A name the lists lack is one with no other.
        assert!(!one_listed_name(given("Brunhilda"), given("Brunhilda")));
    }

    fn any_field(name: &str) -> CompactString {
        let mut key = normalise(name);
        fold_any_field(&mut key);
        key.skeleton
    }

    #[test]
    fn a_field_of_unknown_role_folds_every_form_but_the_shortest() {
        assert_eq!(any_field("Мікалай"), any_field("Николай"));
        assert_eq!(any_field("Мікалаевіч"), any_field("Nikolaevich"));
        assert_eq!(any_field("Казлоўскі"), any_field("Kozlovsky"));
        // `Ганна` and `Khan` share a two-letter skeleton; neither becomes `Анна`.
        assert_ne!(any_field("Khan"), any_field("Anna"));
        assert_ne!(any_field("Ганна"), any_field("Ina"));
    }
}
