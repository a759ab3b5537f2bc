//! Synthetic multi-agency person records with known truth, to measure linkage.
//!
//! Each synthetic person (an *entity*) gets one to five records, each written
//! the way one agency writes names: the police in Russian Cyrillic with a
//! patronymic, the Red Cross in Belarusian Cyrillic, the border service from
//! the passport (ICAO-style Latin capitals and the document number), NGOs in
//! informal Latin typed from hearing, and for migrants the migration service's
//! Latin, the police's Cyrillic rendering and the person's own Arabic or
//! Persian script. Records carry typos, year-only or day/month-swapped dates of
//! birth and swapped given/family names. Hard negatives: siblings (same family
//! name, patronymic and citizenship, close birth years, twins), namesakes
//! (same name and sex, birth year within two) and the skewed popularity of
//! real name lists, which makes many distinct people share a common name.
//!
//! Family names come from the lists of common names shared with the demo data
//! set and, for the share of people `Options::surname_tail` asks, from a long
//! tail of rarer ones (`surnames`). No generated person is real: names are
//! combined at random.

mod surnames;

use std::collections::HashMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::name_lists::{FAMILY, GIVEN, MIGRANT, PATRONYMIC, rows};
use crate::record::{Dob, Record, Sex};
use crate::translit::{Language, Scheme, transliterate};

/// One generated record and the truth about it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub record: Record,
    /// The entity (true person) the record belongs to.
    pub cluster_id: String,
    /// Which agency's habits wrote it (for reading the file, not for linkage).
    pub agency: &'static str,
}

#[derive(Debug, Clone, Copy)]
struct Forms {
    ru: &'static str,
    be: &'static str,
    uk: &'static str,
}

#[derive(Debug, Clone, Copy)]
struct Gendered {
    male: Forms,
    female: Forms,
}

#[derive(Debug)]
struct MigrantPart {
    native: &'static str,
    variants: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct Country {
    code: &'static str,
    given_male: Weighted<MigrantPart>,
    given_female: Weighted<MigrantPart>,
    family: Weighted<MigrantPart>,
}

/// Items with cumulative weights, for weighted choice in `O(log n)`.
#[derive(Debug)]
struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u64>,
}

impl<T> Default for Weighted<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            cumulative: Vec::new(),
        }
    }
}

/// What the lists' weights are multiplied by when a tail is added, so that
/// a rare tail name's share, a fraction of a list weight, stays whole.
const TAIL_RESOLUTION: u64 = 10_000;

impl<T> Weighted<T> {
    fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    fn push(&mut self, item: T, weight: u32) {
        let total = self.total();
        self.items.push(item);
        self.cumulative.push(total + u64::from(weight.max(1)));
    }

    /// Appends a long tail of rarer items that together carry `share` of all
    /// choices, each in proportion to its own weight. A share of zero adds
    /// nothing and leaves the choices as they were.
    fn extend_tail(&mut self, tail: Vec<(T, u32)>, share: f64) {
        let tail_total: u64 = tail.iter().map(|(_, w)| u64::from((*w).max(1))).sum();
        if share <= 0.0 || self.items.is_empty() || tail_total == 0 {
            return;
        }
        for c in &mut self.cumulative {
            *c *= TAIL_RESOLUTION;
        }
        let scale = self.total() as f64 * share / (1.0 - share) / tail_total as f64;
        for (item, weight) in tail {
            let total = self.total();
            self.items.push(item);
            self.cumulative
                .push(total + ((f64::from(weight.max(1)) * scale).round() as u64).max(1));
        }
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        let ticket = rng.random_range(0..self.total().max(1));
        self.cumulative
            .partition_point(|&c| c <= ticket)
            .min(self.items.len() - 1)
    }
}

#[derive(Debug)]
struct Lists {
    given_female: Weighted<Forms>,
    given_male: Weighted<Forms>,
    family: Weighted<Gendered>,
    /// By the father's Russian given name.
    patronymics: Vec<(&'static str, Gendered)>,
    countries: Vec<Country>,
}

fn weight(field: &str) -> u32 {
    field.trim().parse().unwrap_or(1)
}

impl Lists {
    fn load(surname_tail: f64) -> Self {
        let mut lists = Self {
            given_female: Weighted::default(),
            given_male: Weighted::default(),
            family: Weighted::default(),
            patronymics: Vec::new(),
            countries: Vec::new(),
        };
        for f in rows(GIVEN).filter(|f| f.len() >= 5) {
            let forms = Forms {
                ru: f[1],
                be: f[2],
                uk: f[3],
            };
            if f[0] == "F" {
                lists.given_female.push(forms, weight(f[4]));
            } else {
                lists.given_male.push(forms, weight(f[4]));
            }
        }
        for f in rows(FAMILY).filter(|f| f.len() >= 7) {
            let male = Forms {
                ru: f[0],
                be: f[2],
                uk: f[4],
            };
            let female = Forms {
                ru: f[1],
                be: f[3],
                uk: f[5],
            };
            lists.family.push(Gendered { male, female }, weight(f[6]));
        }
        for f in rows(PATRONYMIC).filter(|f| f.len() >= 7) {
            let male = Forms {
                ru: f[1],
                be: f[3],
                uk: f[5],
            };
            let female = Forms {
                ru: f[2],
                be: f[4],
                uk: f[6],
            };
            lists.patronymics.push((f[0], Gendered { male, female }));
        }
        for f in rows(MIGRANT).filter(|f| f.len() >= 6) {
            let variants: Vec<&str> = f[4].split('|').map(str::trim).filter(|v| !v.is_empty()).collect();
            if variants.is_empty() {
                continue;
            }
            let at = if let Some(at) = lists.countries.iter().position(|c| c.code == f[0]) {
                at
            } else {
                lists.countries.push(Country {
                    code: f[0],
                    ..Country::default()
                });
                lists.countries.len() - 1
            };
            let country = &mut lists.countries[at];
            let part = MigrantPart { native: f[3], variants };
            match (f[2], f[1]) {
                ("given", "F") => country.given_female.push(part, weight(f[5])),
                ("given", _) => country.given_male.push(part, weight(f[5])),
                _ => country.family.push(part, weight(f[5])),
            }
        }
        lists
            .countries
            .retain(|c| !c.family.items.is_empty() && !c.given_male.items.is_empty());
        if surname_tail > 0.0 {
            lists.add_surname_tails(surname_tail);
        }
        lists
    }

    /// Appends the long tails of family names (`surnames`), which together
    /// carry `share` of the choices of each list.
    fn add_surname_tails(&mut self, share: f64) {
        let forms = |f: &'static surnames::SixForms, sex: usize| Forms {
            ru: &f[sex],
            be: &f[2 + sex],
            uk: &f[4 + sex],
        };
        let slavic = surnames::SLAVIC.iter().map(|f| {
            let gendered = Gendered {
                male: forms(f, 0),
                female: forms(f, 1),
            };
            (gendered, 1)
        });
        self.family.extend_tail(slavic.collect(), share);

        let mut by_country: HashMap<&str, Vec<(MigrantPart, u32)>> = HashMap::new();
        for f in rows(surnames::ARABIC_SURNAMES).filter(|f| f.len() >= 4) {
            let variants = f[2].split('|').collect();
            by_country
                .entry(f[0])
                .or_default()
                .push((MigrantPart { native: f[1], variants }, weight(f[3])));
        }
        for country in &mut self.countries {
            let mut tail = by_country.remove(country.code).unwrap_or_default();
            tail.retain(|(part, _)| !country.family.items.iter().any(|p| p.native == part.native));
            country.family.extend_tail(tail, share);
        }
    }
}

/// What a generated data set looks like. The default has no tail of
/// surnames: `Options { entities, seed, ..Options::default() }`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub entities: usize,
    pub seed: u64,
    /// The share of people, from 0 to 0.95, whose family name is drawn from the
    /// long tail of rarer names past the lists of common ones. At 0 every
    /// family name is one of the lists' two hundred Slavic and few dozen
    /// per migrant country, and at 200,000 persons one record in twelve
    /// fits another person on name, birth year, sex and citizenship alone;
    /// real populations, with many thousands of family names, are far less
    /// crowded.
    pub surname_tail: f64,
}

/// The true identity of one synthetic person.
#[derive(Debug, Clone)]
struct Entity {
    kind: Kind,
    sex: Sex,
    dob: (u16, u8, u8),
    given: Name,
    family: Name,
    patronymic: Option<Forms>,
    document: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Belarusian,
    Russian,
    Ukrainian,
    /// Index into `Lists::countries`.
    Migrant(usize),
}

#[derive(Debug, Clone, Copy)]
enum Name {
    Slavic(Forms),
    /// A migrant name part: (country, part index, is given, sex).
    Migrant {
        country: usize,
        part: usize,
        given: bool,
        female: bool,
    },
}

/// A synthetic person as the lists hold them, not as any agency wrote them:
/// what a linker could at best know, for counting the records that fit more
/// than one person whatever linker reads them (`bench/link_ambiguity.py`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub cluster_id: String,
    /// Opaque keys of the names: equal keys are one name however spelt.
    pub given: String,
    pub family: String,
    pub patronymic: String,
    pub sex: Sex,
    /// Always a full date.
    pub dob: Dob,
    pub citizenship: &'static str,
}

/// Generates the records of `options.entities` synthetic people, shuffled,
/// with ids `r1`, `r2`, ... in output order. Deterministic in the seed.
pub fn generate(options: Options) -> Vec<Generated> {
    generate_with_persons(options).0
}

/// [`generate`], with the true persons behind the records in the order of
/// their cluster ids (`e1`, `e2`, ...).
pub fn generate_with_persons(options: Options) -> (Vec<Generated>, Vec<Person>) {
    let lists = Lists::load(options.surname_tail.clamp(0.0, 0.95));
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut entities: Vec<Entity> = Vec::with_capacity(options.entities);
    while entities.len() < options.entities {
        let entity = new_entity(&lists, &mut rng);
        let roll: f64 = rng.random();
        entities.push(entity);
        if entities.len() >= options.entities {
            break;
        }
        let last = entities.len() - 1;
        if roll < 0.10 {
            let sibling = sibling_of(&entities[last], &lists, &mut rng);
            entities.push(sibling);
        } else if roll < 0.14 {
            let namesake = namesake_of(&entities[last], &mut rng);
            entities.push(namesake);
        }
    }

    let mut out = Vec::with_capacity(options.entities * 3);
    for (index, entity) in entities.iter().enumerate() {
        let cluster_id = format!("e{}", index + 1);
        let count = match rng.random_range(0..100) {
            0..30 => 1,
            30..60 => 2,
            60..80 => 3,
            80..92 => 4,
            _ => 5,
        };
        for _ in 0..count {
            let (record, agency) = write_record(&lists, entity, &mut rng);
            out.push(Generated {
                record,
                cluster_id: cluster_id.clone(),
                agency,
            });
        }
    }
    // Fisher-Yates, so file order says nothing about who is who.
    for i in (1..out.len()).rev() {
        let j = rng.random_range(0..=i);
        out.swap(i, j);
    }
    for (index, generated) in out.iter_mut().enumerate() {
        generated.record.id = format!("r{}", index + 1);
    }
    let persons = entities
        .iter()
        .enumerate()
        .map(|(index, entity)| person(&lists, entity, format!("e{}", index + 1)))
        .collect();
    (out, persons)
}

fn person(lists: &Lists, entity: &Entity, cluster_id: String) -> Person {
    let key = |name: Name| match migrant_part(lists, name) {
        // Somali and Tigrinya names have no native spelling in the lists.
        Some(part) if part.native.is_empty() => format!("{}:{}", citizenship(entity.kind, lists), part.variants[0]),
        Some(part) => format!("{}:{}", citizenship(entity.kind, lists), part.native),
        None => match name {
            Name::Slavic(forms) => forms.ru.to_owned(),
            Name::Migrant { .. } => String::new(),
        },
    };
    let (year, month, day) = entity.dob;
    Person {
        cluster_id,
        given: key(entity.given),
        family: key(entity.family),
        patronymic: entity.patronymic.map_or_else(String::new, |p| p.ru.to_owned()),
        sex: entity.sex,
        dob: Dob {
            year: Some(year),
            month_day: Some((month, day)),
        },
        citizenship: citizenship(entity.kind, lists),
    }
}

fn random_sex(rng: &mut ChaCha8Rng) -> Sex {
    if rng.random_bool(0.5) { Sex::Female } else { Sex::Male }
}

fn random_dob(rng: &mut ChaCha8Rng, year: u16) -> (u16, u8, u8) {
    let month = rng.random_range(1..=12u8);
    let day = rng.random_range(1..=28u8);
    (year, month, day)
}

fn document(rng: &mut ChaCha8Rng, kind: Kind) -> String {
    let prefix = match kind {
        Kind::Belarusian => "MP".to_owned(),
        Kind::Russian => "75".to_owned(),
        Kind::Ukrainian => "FE".to_owned(),
        Kind::Migrant(_) => {
            let a = char::from(b'A' + rng.random_range(0..26u8));
            let b = char::from(b'A' + rng.random_range(0..26u8));
            format!("{a}{b}")
        }
    };
    let digits: String = (0..7).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect();
    format!("{prefix}{digits}")
}

fn new_entity(lists: &Lists, rng: &mut ChaCha8Rng) -> Entity {
    let sex = random_sex(rng);
    let female = sex == Sex::Female;
    let kind = match rng.random_range(0..100) {
        0..50 => Kind::Belarusian,
        50..62 => Kind::Russian,
        62..72 => Kind::Ukrainian,
        _ => Kind::Migrant(rng.random_range(0..lists.countries.len())),
    };
    let year = rng.random_range(1950..=2008u16);
    let dob = random_dob(rng, year);
    let (given, family, patronymic) = if let Kind::Migrant(country) = kind {
        let c = &lists.countries[country];
        let female = female && !c.given_female.items.is_empty();
        let givens = if female { &c.given_female } else { &c.given_male };
        (
            Name::Migrant {
                country,
                part: givens.pick(rng),
                given: true,
                female,
            },
            Name::Migrant {
                country,
                part: c.family.pick(rng),
                given: false,
                female,
            },
            None,
        )
    } else {
        let givens = if female { &lists.given_female } else { &lists.given_male };
        let given = givens.items[givens.pick(rng)];
        let family = &lists.family.items[lists.family.pick(rng)];
        let father = lists.given_male.items[lists.given_male.pick(rng)];
        let patronymic = lists
            .patronymics
            .iter()
            .find(|(name, _)| *name == father.ru)
            .map(|(_, p)| if female { p.female } else { p.male });
        (
            Name::Slavic(given),
            Name::Slavic(if female { family.female } else { family.male }),
            patronymic,
        )
    };
    Entity {
        kind,
        sex,
        dob,
        given,
        family,
        patronymic,
        document: document(rng, kind),
    }
}

/// A brother or sister: same parents' names, another given name, a close
/// birth year (the same day for twins).
fn sibling_of(first: &Entity, lists: &Lists, rng: &mut ChaCha8Rng) -> Entity {
    let mut sibling = new_entity(lists, rng);
    sibling.kind = first.kind;
    let female = sibling.sex == Sex::Female;
    match (first.family, first.kind) {
        (Name::Slavic(_), _) => {
            // Find the same family in the list to take its form for this sex.
            if let Some(family) = lists.family.items.iter().find(|f| {
                let Name::Slavic(forms) = first.family else {
                    return false;
                };
                f.male.ru == forms.ru || f.female.ru == forms.ru
            }) {
                sibling.family = Name::Slavic(if female { family.female } else { family.male });
            }
            let givens = if female { &lists.given_female } else { &lists.given_male };
            loop {
                let given = givens.items[givens.pick(rng)];
                if !matches!(first.given, Name::Slavic(g) if g.ru == given.ru) {
                    sibling.given = Name::Slavic(given);
                    break;
                }
            }
            if let Some(p) = first.patronymic {
                sibling.patronymic = lists
                    .patronymics
                    .iter()
                    .find(|(_, g)| g.male.ru == p.ru || g.female.ru == p.ru)
                    .map(|(_, g)| if female { g.female } else { g.male });
            }
        }
        (Name::Migrant { country, part, .. }, Kind::Migrant(_)) => {
            let c = &lists.countries[country];
            let female = female && !c.given_female.items.is_empty();
            let givens = if female { &c.given_female } else { &c.given_male };
            sibling.family = Name::Migrant {
                country,
                part,
                given: false,
                female,
            };
            // Parents do not give two children one name; with a list of
            // one name for this sex there is no other to give.
            let same_as_first =
                |part| matches!(first.given, Name::Migrant { part: p, female: f, .. } if p == part && f == female);
            let mut part = givens.pick(rng);
            while same_as_first(part) && givens.items.len() > 1 {
                part = givens.pick(rng);
            }
            sibling.given = Name::Migrant {
                country,
                part,
                given: true,
                female,
            };
        }
        _ => {}
    }
    sibling.document = document(rng, first.kind);
    let twins = rng.random_bool(0.1);
    sibling.dob = if twins {
        first.dob
    } else {
        let gap = rng.random_range(1..=6u16);
        let year = if rng.random_bool(0.5) {
            first.dob.0 + gap
        } else {
            first.dob.0 - gap
        };
        random_dob(rng, year)
    };
    sibling
}

/// Another person with the same name and sex, born within two years.
fn namesake_of(first: &Entity, rng: &mut ChaCha8Rng) -> Entity {
    let mut namesake = first.clone();
    let year = first.dob.0 + rng.random_range(0..=2u16);
    loop {
        namesake.dob = random_dob(rng, year);
        if namesake.dob != first.dob {
            break;
        }
    }
    namesake.document = document(rng, first.kind);
    if rng.random_bool(0.5) {
        namesake.patronymic = None;
    }
    namesake
}

/// How one agency writes a name.
#[derive(Debug, Clone, Copy)]
enum Style {
    Cyrillic(Language),
    Latin(Language, Scheme),
    /// A migrant's name as the migration service or an NGO spells it.
    LatinVariant,
    /// A migrant's name in Russian Cyrillic, transcribed from a Latin spelling.
    CyrillicFromLatin,
    Native,
}

#[derive(Debug, Clone, Copy)]
struct Habits {
    agency: &'static str,
    style: Style,
    capitals: bool,
    patronymic: bool,
    year_only: f64,
    day_month_swap: f64,
    no_dob: f64,
    citizenship: f64,
    document: f64,
    name_swap: f64,
    typo: f64,
}

const fn habits(agency: &'static str, style: Style) -> Habits {
    Habits {
        agency,
        style,
        capitals: false,
        patronymic: false,
        year_only: 0.0,
        day_month_swap: 0.0,
        no_dob: 0.0,
        citizenship: 0.5,
        document: 0.0,
        name_swap: 0.0,
        typo: 0.05,
    }
}

fn habits_for(kind: Kind, rng: &mut ChaCha8Rng) -> Habits {
    let roll = rng.random_range(0..4);
    let police = |language| Habits {
        patronymic: true,
        citizenship: 0.9,
        document: 0.3,
        typo: 0.04,
        year_only: 0.03,
        ..habits("police", Style::Cyrillic(language))
    };
    let passport = |language, scheme| Habits {
        capitals: true,
        citizenship: 1.0,
        document: 1.0,
        typo: 0.01,
        ..habits("border", Style::Latin(language, scheme))
    };
    let ngo = |language, scheme| Habits {
        year_only: 0.3,
        day_month_swap: 0.08,
        no_dob: 0.05,
        citizenship: 0.4,
        name_swap: 0.05,
        typo: 0.08,
        ..habits("ngo", Style::Latin(language, scheme))
    };
    match (kind, roll) {
        (Kind::Belarusian | Kind::Russian, 0) | (Kind::Russian, 1) => police(Language::Russian),
        (Kind::Belarusian, 1) => Habits {
            patronymic: true,
            year_only: 0.15,
            day_month_swap: 0.03,
            ..habits("red_cross", Style::Cyrillic(Language::Belarusian))
        },
        (Kind::Belarusian, 2) => passport(Language::Belarusian, Scheme::BelarusianPassport),
        (Kind::Belarusian, _) => ngo(
            Language::Russian,
            if rng.random_bool(0.5) {
                Scheme::Wikipedia
            } else {
                Scheme::Telegram
            },
        ),
        (Kind::Russian, 2) => passport(Language::Russian, Scheme::Icao9303),
        (Kind::Russian, _) => ngo(Language::Russian, Scheme::Wikipedia),
        (Kind::Ukrainian, 0) => Habits {
            patronymic: true,
            year_only: 0.1,
            ..habits("self", Style::Cyrillic(Language::Ukrainian))
        },
        (Kind::Ukrainian, 1) => Habits {
            agency: "migration",
            document: 0.8,
            ..police(Language::Russian)
        },
        (Kind::Ukrainian, 2) => passport(Language::Ukrainian, Scheme::UkrainianNational2010),
        (Kind::Ukrainian, _) => ngo(Language::Ukrainian, Scheme::Wikipedia),
        (Kind::Migrant(_), 0) => Habits {
            capitals: true,
            citizenship: 1.0,
            document: 0.9,
            year_only: 0.1,
            day_month_swap: 0.05,
            ..habits("migration", Style::LatinVariant)
        },
        (Kind::Migrant(_), 1) => Habits {
            citizenship: 0.9,
            document: 0.3,
            year_only: 0.1,
            ..habits("police", Style::CyrillicFromLatin)
        },
        (Kind::Migrant(_), 2) => Habits {
            year_only: 0.4,
            no_dob: 0.1,
            citizenship: 0.6,
            ..habits("self", Style::Native)
        },
        (Kind::Migrant(_), _) => Habits {
            year_only: 0.4,
            day_month_swap: 0.08,
            no_dob: 0.1,
            name_swap: 0.15,
            typo: 0.08,
            ..habits("ngo", Style::LatinVariant)
        },
    }
}

fn citizenship(kind: Kind, lists: &Lists) -> &'static str {
    match kind {
        Kind::Belarusian => "BLR",
        Kind::Russian => "RUS",
        Kind::Ukrainian => "UKR",
        Kind::Migrant(c) => lists.countries[c].code,
    }
}

fn write_record(lists: &Lists, entity: &Entity, rng: &mut ChaCha8Rng) -> (Record, &'static str) {
    let mut h = habits_for(entity.kind, rng);
    if matches!(h.style, Style::Native) && !has_native(lists, entity) {
        h.style = Style::LatinVariant;
    }
    let mut given = spell(lists, entity.given, h.style, rng);
    let mut family = spell(lists, entity.family, h.style, rng);
    let mut patronymic = match (h.patronymic, entity.patronymic, h.style) {
        (true, Some(p), Style::Cyrillic(language)) => forms_in(p, language).to_owned(),
        _ => String::new(),
    };
    if h.capitals {
        given = given.to_uppercase();
        family = family.to_uppercase();
    }
    if rng.random_bool(h.typo) {
        let target = if rng.random_bool(0.5) { &mut given } else { &mut family };
        *target = typo(target, rng);
    }
    if !patronymic.is_empty() && rng.random_bool(h.typo / 2.0) {
        patronymic = typo(&patronymic, rng);
    }
    if rng.random_bool(h.name_swap) {
        std::mem::swap(&mut given, &mut family);
    }

    let (year, month, day) = entity.dob;
    let dob = if rng.random_bool(h.no_dob) {
        Dob::UNKNOWN
    } else if rng.random_bool(h.year_only) {
        Dob {
            year: Some(year),
            month_day: None,
        }
    } else if day <= 12 && rng.random_bool(h.day_month_swap) {
        Dob {
            year: Some(year),
            month_day: Some((day, month)),
        }
    } else if rng.random_bool(0.01) {
        // A slip of one digit in the day.
        let day = if day >= 28 { day - 1 } else { day + 1 };
        Dob {
            year: Some(year),
            month_day: Some((month, day)),
        }
    } else {
        Dob {
            year: Some(year),
            month_day: Some((month, day)),
        }
    };
    let sex = if rng.random_bool(0.05) { None } else { Some(entity.sex) };
    let citizenship = rng
        .random_bool(h.citizenship)
        .then(|| citizenship(entity.kind, lists).to_owned());
    let document_no = rng.random_bool(h.document).then(|| {
        if rng.random_bool(0.03) {
            typo(&entity.document, rng)
        } else {
            entity.document.clone()
        }
    });
    let record = Record {
        id: String::new(),
        first_name: given,
        last_name: family,
        patronymic,
        dob,
        sex,
        citizenship,
        document_no,
        address: None,
    };
    (record, h.agency)
}

fn has_native(lists: &Lists, entity: &Entity) -> bool {
    [entity.given, entity.family]
        .iter()
        .all(|name| migrant_part(lists, *name).is_some_and(|p| !p.native.is_empty()))
}

fn migrant_part(lists: &Lists, name: Name) -> Option<&MigrantPart> {
    match name {
        Name::Migrant {
            country,
            part,
            given,
            female,
        } => {
            let c = &lists.countries[country];
            let parts = match (given, female) {
                (false, _) => &c.family,
                (true, true) => &c.given_female,
                (true, false) => &c.given_male,
            };
            parts.items.get(part)
        }
        Name::Slavic(_) => None,
    }
}

fn forms_in(forms: Forms, language: Language) -> &'static str {
    match language {
        Language::Russian => forms.ru,
        Language::Belarusian => forms.be,
        Language::Ukrainian => forms.uk,
    }
}

fn spell(lists: &Lists, name: Name, style: Style, rng: &mut ChaCha8Rng) -> String {
    match (name, style) {
        (Name::Slavic(forms), Style::Cyrillic(language)) => forms_in(forms, language).to_owned(),
        (Name::Slavic(forms), Style::Latin(language, scheme)) => {
            transliterate(forms_in(forms, language), language, scheme)
        }
        (Name::Slavic(forms), _) => forms.ru.to_owned(),
        (Name::Migrant { .. }, _) => {
            let Some(part) = migrant_part(lists, name) else {
                return String::new();
            };
            let variant = part.variants[rng.random_range(0..part.variants.len())];
            match style {
                Style::Native if !part.native.is_empty() => part.native.to_owned(),
                Style::CyrillicFromLatin => cyrillic_from_latin(variant),
                _ => variant.to_owned(),
            }
        }
    }
}

/// How a Russian-speaking officer writes a foreign name heard or read in
/// Latin letters (`Mohammed` -> `Мохаммед`, `Khaled` -> `Халед`).
fn cyrillic_from_latin(latin: &str) -> String {
    const PAIRS: [(&str, &str); 10] = [
        ("kh", "х"),
        ("sh", "ш"),
        ("ch", "ч"),
        ("zh", "ж"),
        ("ts", "ц"),
        ("ya", "я"),
        ("yu", "ю"),
        ("ou", "у"),
        ("gh", "г"),
        ("th", "т"),
    ];
    // Letters with a Russian rendering of their own (Turkish `ş ç ğ ı ö ü`,
    // `š č ž`) are kept for `cyrillic_letter`; other accented letters are read
    // as their base letter (`é` -> `e`, Vietnamese `ị` -> `i`), as an officer
    // reading them would, rather than dropped.
    let mut lower = String::new();
    for c in latin.to_lowercase().chars() {
        if c.is_ascii() || cyrillic_letter(c, false).is_some() {
            lower.push(c);
        } else {
            lower.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase());
        }
    }
    let mut out = String::new();
    let mut rest = lower.as_str();
    let mut word_start = true;
    while let Some(c) = rest.chars().next() {
        let (piece, used) = PAIRS.iter().find(|(from, _)| rest.starts_with(from)).map_or_else(
            || (cyrillic_letter(c, word_start), c.len_utf8()),
            |(from, to)| (Some(*to), from.len()),
        );
        match piece {
            Some(piece) => out.push_str(piece),
            // Keep separators (`Al-Hassan`), drop apostrophes.
            None if c == '-' || c == ' ' => out.push(c),
            None => {}
        }
        word_start = c == '-' || c == ' ';
        rest = &rest[used..];
    }
    // Capitalise each word, as a form is filled in.
    let mut capitalise = true;
    out.chars()
        .flat_map(|c| {
            let upper = capitalise;
            capitalise = c == '-' || c == ' ';
            if upper {
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// How a Russian-speaking officer writes one lower-case Latin letter, or
/// `None` for a letter without a rendering (separators, apostrophes).
fn cyrillic_letter(c: char, word_start: bool) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'b' => "б",
        'c' | 'k' | 'q' => "к",
        'd' => "д",
        'e' if word_start => "э",
        'e' => "е",
        'f' => "ф",
        'g' | 'ğ' => "г",
        'h' => "х",
        'i' => "и",
        'j' => "дж",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'o' => "о",
        'p' => "п",
        'r' => "р",
        's' => "с",
        't' => "т",
        'u' => "у",
        'v' | 'w' => "в",
        'x' => "кс",
        'y' => "й",
        'z' => "з",
        'ş' | 'š' => "ш",
        'ç' | 'č' => "ч",
        'ı' => "ы",
        'ö' => "ё",
        'ü' => "ю",
        'ž' => "ж",
        _ => return None,
    })
}

/// One keying slip: a letter dropped, doubled, swapped with its neighbour
/// or replaced by another letter of the word.
fn typo(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.len() < 3 {
        return text.to_owned();
    }
    let at = rng.random_range(1..chars.len() - 1);
    match rng.random_range(0..4) {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        2 => chars.swap(at, at + 1),
        _ => {
            let other = chars[rng.random_range(0..chars.len())];
            chars[at] = other;
        }
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_records_and_another_seed_others() {
        let a = generate(Options {
            entities: 300,
            seed: 7,
            ..Options::default()
        });
        let b = generate(Options {
            entities: 300,
            seed: 7,
            ..Options::default()
        });
        let c = generate(Options {
            entities: 300,
            seed: 8,
            ..Options::default()
        });
        let key = |g: &Generated| format!("{:?}{}", g.record, g.cluster_id);
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>()
        );
        assert_ne!(
            a.iter().map(key).collect::<Vec<_>>(),
            c.iter().map(key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn records_come_in_every_script_with_partial_dates_and_hard_negatives() {
        let records = generate(Options {
            entities: 2000,
            seed: 1,
            ..Options::default()
        });
        let clusters: std::collections::HashSet<&str> = records.iter().map(|g| g.cluster_id.as_str()).collect();
        assert_eq!(clusters.len(), 2000);
        let any = |f: &dyn Fn(&Generated) -> bool| records.iter().any(f);
        let cyrillic = |s: &str| s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        assert!(any(&|g| cyrillic(&g.record.last_name)));
        assert!(any(&|g| arabic(&g.record.last_name)));
        assert!(any(&|g| g.record.last_name.chars().all(|c| c.is_ascii_uppercase())));
        assert!(any(&|g| g.record.dob.year.is_some() && g.record.dob.month_day.is_none()));
        assert!(any(&|g| g.record.dob.year.is_none()));
        assert!(any(&|g| g.record.document_no.is_some()));
        // Distinct people sharing a family name and birth year: the siblings and namesakes.
        let mut by_name_year: std::collections::HashMap<(&str, Option<u16>), std::collections::HashSet<&str>> =
            std::collections::HashMap::new();
        for g in &records {
            by_name_year
                .entry((g.record.last_name.as_str(), g.record.dob.year))
                .or_default()
                .insert(&g.cluster_id);
        }
        let shared = by_name_year.values().filter(|people| people.len() > 1).count();
        assert!(shared > 50, "{shared}");
    }

    #[test]
    fn the_persons_are_the_truth_the_records_were_written_from() {
        let (records, persons) = generate_with_persons(Options {
            entities: 2000,
            seed: 3,
            ..Options::default()
        });
        assert_eq!(persons.len(), 2000);
        let by_id: HashMap<&str, &Person> = persons.iter().map(|p| (p.cluster_id.as_str(), p)).collect();
        for g in &records {
            let person = by_id[g.cluster_id.as_str()];
            assert!(g.record.sex.is_none_or(|sex| sex == person.sex));
            assert!(g.record.citizenship.as_deref().is_none_or(|c| c == person.citizenship));
            assert!(g.record.dob.year.is_none_or(|year| Some(year) == person.dob.year));
        }
        // Namesakes: one name key, two persons born on different days.
        let mut born: HashMap<(&str, &str), HashSet<Dob>> = HashMap::new();
        for p in &persons {
            born.entry((&p.given, &p.family)).or_default().insert(p.dob);
        }
        assert!(born.values().any(|dates| dates.len() > 1));
        // Names the lists hold in Latin letters only (Somali) still keep apart.
        let somali: HashSet<&str> = persons
            .iter()
            .filter(|p| p.citizenship == "SOM")
            .map(|p| p.family.as_str())
            .collect();
        assert!(somali.len() > 5, "{somali:?}");
    }

    #[test]
    fn a_surname_tail_brings_rarer_family_names_in_each_script() {
        let records = |surname_tail| {
            generate(Options {
                entities: 3000,
                seed: 5,
                surname_tail,
            })
        };
        // Persons whose family name, as the police write it (one Russian form
        // a name), another person of the data set also has: namesakes by
        // family name.
        let sharing = |records: &[Generated]| -> f64 {
            let mut persons: HashMap<String, HashSet<&str>> = HashMap::new();
            for g in records.iter().filter(|g| g.agency == "police") {
                persons
                    .entry(g.record.last_name.to_lowercase())
                    .or_default()
                    .insert(&g.cluster_id);
            }
            let all: usize = persons.values().map(HashSet::len).sum();
            let shared: usize = persons.values().map(HashSet::len).filter(|&n| n > 1).sum();
            shared as f64 / all as f64
        };
        let (lists_only, with_tail) = (records(0.0), records(0.6));
        let (crowded, spread) = (sharing(&lists_only), sharing(&with_tail));
        assert!(
            spread < 0.7 * crowded,
            "share of persons with a namesake by family name: {crowded:.2} from the lists alone, {spread:.2} with the tail"
        );

        // Names only the tail has, in any of their forms and scripts.
        let listed: HashSet<&str> = rows(FAMILY).chain(rows(MIGRANT)).flatten().collect();
        let slavic_tail: HashSet<&str> = surnames::SLAVIC.iter().flatten().map(String::as_str).collect();
        let arabic_tail: HashSet<&str> = rows(surnames::ARABIC_SURNAMES).map(|f| f[1]).collect();
        let drawn = |tail: &HashSet<&str>, records: &[Generated]| {
            records
                .iter()
                .filter(|g| tail.contains(g.record.last_name.as_str()) && !listed.contains(g.record.last_name.as_str()))
                .count()
        };
        for (tail, script) in [(&slavic_tail, "Cyrillic"), (&arabic_tail, "Arabic-script")] {
            let (by_chance, from_tail) = (drawn(tail, &lists_only), drawn(tail, &with_tail));
            // A keying slip in a listed name can make a tail name by chance.
            assert!(
                from_tail > 50 && from_tail > 20 * by_chance,
                "{script} tail names: {by_chance} without the tail, {from_tail} with it"
            );
        }
    }

    #[test]
    fn siblings_never_share_a_given_name() {
        let lists = Lists::load(0.0);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let given_key = |e: &Entity| match e.given {
            Name::Slavic(forms) => forms.ru.to_owned(),
            Name::Migrant { part, female, .. } => format!("{part}/{female}"),
        };
        let mut migrants = 0;
        for _ in 0..3000 {
            let first = new_entity(&lists, &mut rng);
            let sibling = sibling_of(&first, &lists, &mut rng);
            migrants += usize::from(matches!(first.kind, Kind::Migrant(_)));
            assert_ne!(given_key(&first), given_key(&sibling), "{first:?} {sibling:?}");
        }
        assert!(migrants > 500, "{migrants}");
    }

    #[test]
    fn migrant_names_are_transcribed_into_cyrillic_as_police_do() {
        assert_eq!(cyrillic_from_latin("Mohammed"), "Мохаммед");
        assert_eq!(cyrillic_from_latin("Al-Hassan"), "Ал-Хассан");
        assert_eq!(cyrillic_from_latin("Khaled"), "Халед");
        // Turkish letters as a Russian writes them, not dropped; other
        // accents read as their base letter.
        assert_eq!(cyrillic_from_latin("Ayşe Yıldız"), "Айше Йылдыз");
        assert_eq!(cyrillic_from_latin("Büşra Öztürk"), "Бюшра Ёзтюрк");
        assert_eq!(cyrillic_from_latin("Doğan Çelik"), "Доган Челик");
        assert_eq!(cyrillic_from_latin("İbrahim"), "Ибрахим");
        assert_eq!(cyrillic_from_latin("Aïssatou"), "Аиссату");
    }
}
