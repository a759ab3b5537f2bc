//! Names as the agencies write them: Russian and Belarusian Cyrillic with the Latin passport
//! spelling of Belarusians, Ukrainian with its passport spelling, and the Latin and native
//! spellings of migrants' names (see `data/README.md` for where the lists come from).

use std::collections::HashMap;
use std::sync::OnceLock;

use haven_domain::ids::OrgId;
use haven_domain::person::{NameSource, NameVariant, Script, Sex};
use haven_link::translit::{Language, Scheme, transliterate};

use crate::random::Random;

const GIVEN: &str = include_str!("../data/slavic_given.tsv");
const FAMILY: &str = include_str!("../data/slavic_family.tsv");
const PATRONYMIC: &str = include_str!("../data/slavic_patronymic.tsv");
const MIGRANT: &str = include_str!("../data/migrant_names.tsv");

/// One name in its Russian, Belarusian and Ukrainian forms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Forms {
    pub ru: &'static str,
    pub be: &'static str,
    pub uk: &'static str,
}

#[derive(Debug)]
struct Family {
    male: Forms,
    female: Forms,
}

#[derive(Debug)]
struct Patronymic {
    male: Forms,
    female: Forms,
}

#[derive(Debug)]
struct MigrantPart {
    native: &'static str,
    variants: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct CountryNames {
    given_male: Vec<(MigrantPart, u32)>,
    given_female: Vec<(MigrantPart, u32)>,
    family: Vec<(MigrantPart, u32)>,
}

#[derive(Debug)]
pub(crate) struct Names {
    given_female: Vec<(Forms, u32)>,
    given_male: Vec<(Forms, u32)>,
    family: Vec<(Family, u32)>,
    patronymics: HashMap<&'static str, Patronymic>,
    migrants: HashMap<&'static str, CountryNames>,
}

fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn weight(field: &str) -> u32 {
    field.trim().parse().unwrap_or(1).max(1)
}

impl Names {
    pub(crate) fn get() -> &'static Self {
        static NAMES: OnceLock<Names> = OnceLock::new();
        NAMES.get_or_init(Self::load)
    }

    fn load() -> Self {
        let mut names = Self {
            given_female: Vec::new(),
            given_male: Vec::new(),
            family: Vec::new(),
            patronymics: HashMap::new(),
            migrants: HashMap::new(),
        };
        for f in rows(GIVEN) {
            let forms = Forms {
                ru: f[1],
                be: f[2],
                uk: f[3],
            };
            match f[0] {
                "F" => names.given_female.push((forms, weight(f[4]))),
                _ => names.given_male.push((forms, weight(f[4]))),
            }
        }
        for f in rows(FAMILY) {
            names.family.push((
                Family {
                    male: Forms {
                        ru: f[0],
                        be: f[2],
                        uk: f[4],
                    },
                    female: Forms {
                        ru: f[1],
                        be: f[3],
                        uk: f[5],
                    },
                },
                weight(f[6]),
            ));
        }
        for f in rows(PATRONYMIC) {
            names.patronymics.insert(
                f[0],
                Patronymic {
                    male: Forms {
                        ru: f[1],
                        be: f[3],
                        uk: f[5],
                    },
                    female: Forms {
                        ru: f[2],
                        be: f[4],
                        uk: f[6],
                    },
                },
            );
        }
        for f in rows(MIGRANT) {
            let country = names.migrants.entry(f[0]).or_default();
            let part = MigrantPart {
                native: f[3],
                variants: f[4].split('|').map(str::trim).filter(|v| !v.is_empty()).collect(),
            };
            if part.variants.is_empty() {
                continue;
            }
            let w = weight(f[5]);
            match (f[2], f[1]) {
                ("given", "F") => country.given_female.push((part, w)),
                ("given", _) => country.given_male.push((part, w)),
                _ => country.family.push((part, w)),
            }
        }
        names
    }

    /// A Slavic person's given name, patronymic and family name.
    pub(crate) fn slavic(&self, r: &mut Random, sex: Sex) -> SlavicName {
        let female = sex == Sex::Female;
        let given = *r.weighted(if female { &self.given_female } else { &self.given_male });
        let family = r.weighted(&self.family);
        let father = r.weighted(&self.given_male);
        let patronymic = self
            .patronymics
            .get(father.ru)
            .map(|p| if female { p.female } else { p.male });
        SlavicName {
            given,
            family: if female { family.female } else { family.male },
            patronymic,
        }
    }

    /// Countries with a name list.
    #[cfg(test)]
    pub(crate) fn has_country(&self, alpha3: &str) -> bool {
        self.migrants.contains_key(alpha3)
    }

    /// A migrant's name as the migration service, a humanitarian organisation and the
    /// person themselves write it.
    pub(crate) fn migrant(
        &self,
        r: &mut Random,
        alpha3: &str,
        sex: Sex,
        recorded_by: [Option<OrgId>; 2],
    ) -> Vec<NameVariant> {
        let Some(country) = self.migrants.get(alpha3) else {
            return Vec::new();
        };
        let givens = if sex == Sex::Female && !country.given_female.is_empty() {
            &country.given_female
        } else {
            &country.given_male
        };
        if givens.is_empty() || country.family.is_empty() {
            return Vec::new();
        }
        let given = r.weighted(givens);
        let family = r.weighted(&country.family);
        let spelling = |r: &mut Random, part: &MigrantPart| (*r.pick(&part.variants)).to_owned();
        let mut variants = vec![latin(
            NameSource::MigrationRecord,
            recorded_by[0],
            &spelling(r, given),
            &spelling(r, family),
        )];
        if r.chance(0.7) {
            let (mut g, mut f) = (spelling(r, given), spelling(r, family));
            // Agencies swap given and family names of people whose naming customs differ.
            if r.chance(0.1) {
                std::mem::swap(&mut g, &mut f);
            }
            variants.push(latin(NameSource::NgoRecord, recorded_by[1], &g, &f));
        }
        if !given.native.is_empty() && !family.native.is_empty() && r.chance(0.8) {
            let native = NameVariant {
                script: Script::detect(&format!("{} {}", given.native, family.native)),
                source: NameSource::SelfDeclared,
                recorded_by: recorded_by[1],
                given: given.native.to_owned(),
                family: family.native.to_owned(),
                patronymic: None,
            };
            variants.push(native);
        }
        variants
    }
}

fn latin(source: NameSource, recorded_by: Option<OrgId>, given: &str, family: &str) -> NameVariant {
    NameVariant {
        script: Script::Latin,
        source,
        recorded_by,
        given: given.to_owned(),
        family: family.to_owned(),
        patronymic: None,
    }
}

/// A Slavic name in all its forms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlavicName {
    pub given: Forms,
    pub family: Forms,
    pub patronymic: Option<Forms>,
}

impl SlavicName {
    /// A Belarusian citizen: the Russian form the police write, the Latin passport spelling
    /// of the Belarusian form, often the Belarusian form itself, sometimes an informal Latin
    /// spelling typed by an NGO.
    pub(crate) fn belarusian(&self, r: &mut Random, police: Option<OrgId>, ngo: Option<OrgId>) -> Vec<NameVariant> {
        let mut variants = vec![
            cyrillic(
                NameSource::PoliceRecord,
                police,
                self.given.ru,
                self.family.ru,
                self.patronymic.map(|p| p.ru),
            ),
            latin(
                NameSource::Passport,
                None,
                &transliterate(self.given.be, Language::Belarusian, Scheme::BelarusianPassport).to_uppercase(),
                &transliterate(self.family.be, Language::Belarusian, Scheme::BelarusianPassport).to_uppercase(),
            ),
        ];
        if r.chance(0.5) {
            variants.push(cyrillic(
                NameSource::NgoRecord,
                ngo,
                self.given.be,
                self.family.be,
                self.patronymic.map(|p| p.be),
            ));
        }
        if r.chance(0.3) {
            variants.push(latin(
                NameSource::NgoRecord,
                ngo,
                &transliterate(self.given.ru, Language::Russian, Scheme::Wikipedia),
                &transliterate(self.family.ru, Language::Russian, Scheme::Wikipedia),
            ));
        }
        variants
    }

    /// A citizen of Ukraine: the Ukrainian form, the Russian form the migration service
    /// writes, and the Ukrainian passport's Latin spelling.
    pub(crate) fn ukrainian(&self, migration: Option<OrgId>) -> Vec<NameVariant> {
        vec![
            cyrillic(
                NameSource::SelfDeclared,
                None,
                self.given.uk,
                self.family.uk,
                self.patronymic.map(|p| p.uk),
            ),
            cyrillic(
                NameSource::MigrationRecord,
                migration,
                self.given.ru,
                self.family.ru,
                self.patronymic.map(|p| p.ru),
            ),
            latin(
                NameSource::Passport,
                None,
                &transliterate(self.given.uk, Language::Ukrainian, Scheme::UkrainianNational2010).to_uppercase(),
                &transliterate(self.family.uk, Language::Ukrainian, Scheme::UkrainianNational2010).to_uppercase(),
            ),
        ]
    }
}

fn cyrillic(
    source: NameSource,
    recorded_by: Option<OrgId>,
    given: &str,
    family: &str,
    patronymic: Option<&str>,
) -> NameVariant {
    NameVariant {
        script: Script::Cyrillic,
        source,
        recorded_by,
        given: given.to_owned(),
        family: family.to_owned(),
        patronymic: patronymic.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_loads_and_every_male_name_has_a_patronymic() {
        let names = Names::get();
        assert!(names.given_female.len() > 50 && names.given_male.len() > 50);
        assert!(names.family.len() > 150);
        for (given, _) in &names.given_male {
            assert!(names.patronymics.contains_key(given.ru), "{}", given.ru);
        }
        for country in ["SYR", "IRQ", "AFG", "IRN", "YEM", "EGY", "LKA", "IND", "VNM"] {
            assert!(names.has_country(country), "{country}");
        }
    }

    #[test]
    fn a_belarusian_woman_has_cyrillic_and_passport_spellings_that_validate() {
        let mut r = Random::seeded(11);
        let name = Names::get().slavic(&mut r, Sex::Female);
        let variants = name.belarusian(&mut r, None, None);
        assert_eq!(variants[0].script, Script::Cyrillic);
        assert_eq!(variants[1].script, Script::Latin);
        assert_eq!(variants[1].given, variants[1].given.to_uppercase());
        let tatsiana = Forms {
            ru: "Татьяна",
            be: "Тацяна",
            uk: "Тетяна",
        };
        let bugaeva = Forms {
            ru: "Бугаева",
            be: "Бугаева",
            uk: "Бугаєва",
        };
        let passport = SlavicName {
            given: tatsiana,
            family: bugaeva,
            patronymic: None,
        }
        .belarusian(&mut r, None, None);
        assert_eq!(
            (passport[1].given.as_str(), passport[1].family.as_str()),
            ("TATSIANA", "BUHAYEVA")
        );
    }

    #[test]
    fn migrant_spellings_carry_their_script() {
        let mut r = Random::seeded(5);
        for _ in 0..50 {
            for v in Names::get().migrant(&mut r, "SYR", Sex::Male, [None, None]) {
                let written = Script::detect(&v.full());
                assert!(written == v.script || written == Script::Other, "{v:?}");
            }
        }
    }
}
