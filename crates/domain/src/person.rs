//! Persons: the one human being behind many records.
//!
//! A [`Person`] as most of Haven sees it carries nothing identifying: a pseudonymous
//! [`PersonCode`], sex, year of birth and citizenships, which statistics need. The
//! [`Identity`] (names in every script and spelling, full date of birth, documents,
//! contacts) is encrypted at rest, and every read of it is audited.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::code_list;
use crate::country::CountryCode;
use crate::date::PartialDate;
use crate::error::{Checks, Validate};
use crate::ids::{OrgId, PersonId};
use crate::picklist::check_unique;
use crate::{Problem, ValidationErrors};

code_list! {
    /// Sex as recorded by the agencies (HTCDS `prs_Gender` maps onto it on export).
    pub enum Sex ("sex") {
        Female = "F",
        Male = "M",
        Unknown = "U",
    }
}

code_list! {
    /// Writing system of a name (ISO 15924).
    pub enum Script ("script (ISO 15924)") {
        Cyrillic = "Cyrl",
        Latin = "Latn",
        Arabic = "Arab",
        Other = "Zyyy",
    }
}

impl Script {
    /// The script most letters of `text` are written in.
    pub fn detect(text: &str) -> Self {
        let (mut cyrillic, mut latin, mut arabic, mut other) = (0, 0, 0, 0);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match c as u32 {
                0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                    cyrillic += 1;
                }
                0x0041..=0x024F | 0x1E00..=0x1EFF => latin += 1,
                0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => arabic += 1,
                _ => other += 1,
            }
        }
        let best = cyrillic.max(latin).max(arabic).max(other);
        if best == 0 || best == other {
            Self::Other
        } else if best == cyrillic {
            Self::Cyrillic
        } else if best == latin {
            Self::Latin
        } else {
            Self::Arabic
        }
    }
}

code_list! {
    /// Where a spelling of a name comes from.
    pub enum NameSource ("name source") {
        Passport = "passport",
        NationalId = "national_id",
        TravelDocument = "travel_document",
        SelfDeclared = "self_declared",
        PoliceRecord = "police_record",
        MigrationRecord = "migration_record",
        NgoRecord = "ngo_record",
        HotlineRecord = "hotline_record",
        ForeignAuthority = "foreign_authority",
        Other = "other",
    }
}

/// One spelling of a person's name, as one source wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NameVariant {
    pub script: Script,
    pub source: NameSource,
    /// The organisation that recorded this spelling.
    pub recorded_by: Option<OrgId>,
    pub given: String,
    pub family: String,
    pub patronymic: Option<String>,
}

impl NameVariant {
    /// The name as one line: given, patronymic, family.
    pub fn full(&self) -> String {
        [
            Some(self.given.as_str()),
            self.patronymic.as_deref(),
            Some(self.family.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    fn check(&self, checks: &mut Checks) {
        if self.given.trim().is_empty() && self.family.trim().is_empty() {
            checks.push("family", Problem::Required);
        }
        checks.optional_text("given", Some(&self.given), 100);
        checks.optional_text("family", Some(&self.family), 100);
        checks.optional_text("patronymic", self.patronymic.as_deref(), 100);
        let written = Script::detect(&self.full());
        if written != Script::Other && written != self.script {
            checks.push(
                "script",
                Problem::Invalid {
                    reason: format!(
                        "the name is written in {} script, not {}",
                        written.code(),
                        self.script.code()
                    ),
                },
            );
        }
    }
}

/// Normal form of a name or number for equality look-up: Unicode NFKC, lower case, inner
/// white space collapsed to one space.
pub fn normalise_for_lookup(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normal form of a document number: letters and digits only, upper case.
pub fn normalise_document_number(number: &str) -> String {
    number
        .nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

code_list! {
    pub enum DocumentKind ("identity document kind") {
        Passport = "passport",
        NationalId = "national_id",
        ResidencePermit = "residence_permit",
        RefugeeCertificate = "refugee_certificate",
        ProtectionCertificate = "protection_certificate",
        TravelDocument = "travel_document",
        BirthCertificate = "birth_certificate",
        Other = "other",
    }
}

/// An identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IdentityDocument {
    pub kind: DocumentKind,
    pub issuing_country: CountryCode,
    pub number: String,
    pub valid_until: Option<NaiveDate>,
}

impl IdentityDocument {
    fn check(&self, checks: &mut Checks) {
        checks.text("number", &self.number, 40);
        let normal = normalise_document_number(&self.number);
        if !self.number.trim().is_empty() && normal.is_empty() {
            checks.push(
                "number",
                Problem::Invalid {
                    reason: "a document number needs letters or digits".into(),
                },
            );
        }
    }
}

code_list! {
    pub enum ContactKind ("contact kind") {
        Phone = "phone",
        Email = "email",
        Address = "address",
        Messenger = "messenger",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Contact {
    pub kind: ContactKind,
    pub value: String,
}

/// Everything that identifies a person: encrypted at rest, every read audited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Identity {
    pub names: Vec<NameVariant>,
    pub birth_date: Option<PartialDate>,
    pub documents: Vec<IdentityDocument>,
    pub contacts: Vec<Contact>,
}

impl Identity {
    pub fn check(&self, checks: &mut Checks, today: NaiveDate) {
        for (i, name) in self.names.iter().enumerate() {
            checks.nested(&format!("names[{i}]"), |c| name.check(c));
        }
        if let Some(born) = self.birth_date
            && let Err(problem) = born.check_birth_date(today)
        {
            checks.push("birth_date", problem);
        }
        for (i, doc) in self.documents.iter().enumerate() {
            checks.nested(&format!("documents[{i}]"), |c| doc.check(c));
        }
        for (i, contact) in self.contacts.iter().enumerate() {
            checks.nested(&format!("contacts[{i}]"), |c| {
                c.text("value", &contact.value, 300);
            });
        }
    }
}

/// A new person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewPerson {
    pub sex: Sex,
    pub citizenships: Vec<CountryCode>,
    pub identity: Identity,
}

impl Validate for NewPerson {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        check_unique(&mut checks, "citizenships", &self.citizenships);
        checks.nested("identity", |c| self.identity.check(c, today));
        checks.finish()
    }
}

/// A person as statistics and lists see them: nothing identifying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Person {
    pub id: PersonId,
    pub code: PersonCode,
    pub sex: Sex,
    pub birth_year: Option<i32>,
    pub citizenships: Vec<CountryCode>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Everything a person's page shows, as one viewer may see it: the record, her identity if
/// the viewer may read it, the records merged into her, and the cases and events of all of
/// them that are open to the viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFile {
    pub person: Person,
    /// `None` when the viewer may see that the person exists but not who she is.
    pub identity: Option<Identity>,
    /// The record this one is shown as, if it was merged into another the viewer may see.
    pub shown_as: Option<Person>,
    /// The records merged into this one that the viewer may see.
    pub merged: Vec<Person>,
    /// The cases of this record and of those merged into it whose details the viewer may
    /// read, newest first.
    pub cases: Vec<crate::case::Case>,
    /// The events of those cases whose timeline is shared with the viewer, oldest first.
    pub timeline: Vec<crate::event::Event>,
}

/// The stable pseudonymous code statistics and exports use instead of a name:
/// `P-` and twelve Crockford base-32 characters (60 random bits), e.g. `P-7K3M9QX2AB4F`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct PersonCode(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl PersonCode {
    pub fn generate(rng: &mut impl Rng) -> Self {
        let code: String = (0..12)
            .map(|_| CROCKFORD[(rng.next_u32() % 32) as usize] as char)
            .collect();
        Self(format!("P-{code}"))
    }

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let body = s.strip_prefix("P-").unwrap_or("");
        if body.len() == 12 && body.bytes().all(|b| CROCKFORD.contains(&b)) {
            Ok(Self(s.to_owned()))
        } else {
            Err(Problem::Invalid {
                reason: format!("'{s}' is not a person code (P- and twelve characters)"),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
    }

    fn name(script: Script, given: &str, family: &str) -> NameVariant {
        NameVariant {
            script,
            source: NameSource::Passport,
            recorded_by: None,
            given: given.into(),
            family: family.into(),
            patronymic: None,
        }
    }

    #[test]
    fn scripts_are_detected() {
        assert_eq!(Script::detect("Тацяна Бугаева"), Script::Cyrillic);
        assert_eq!(Script::detect("TATSIANA BUHAYEVA"), Script::Latin);
        assert_eq!(Script::detect("محمد الحسن"), Script::Arabic);
        assert_eq!(Script::detect("Nguyễn Văn An"), Script::Latin);
        assert_eq!(Script::detect("123"), Script::Other);
    }

    #[test]
    fn a_person_with_every_kind_of_bad_identity_is_refused_field_by_field() {
        let person = NewPerson {
            sex: Sex::Female,
            citizenships: vec![CountryCode::BELARUS, CountryCode::BELARUS],
            identity: Identity {
                names: vec![
                    name(Script::Cyrillic, "Tatsiana", "Buhayeva"),
                    name(Script::Latin, "", ""),
                ],
                birth_date: Some(PartialDate::year(1890).unwrap()),
                documents: vec![IdentityDocument {
                    kind: DocumentKind::Passport,
                    issuing_country: CountryCode::BELARUS,
                    number: "--".into(),
                    valid_until: None,
                }],
                contacts: vec![],
            },
        };
        let errors = person.validate(today()).unwrap_err();
        for field in [
            "citizenships[1]",
            "identity.names[0].script",
            "identity.names[1].family",
            "identity.birth_date",
            "identity.documents[0].number",
        ] {
            assert!(errors.has(field), "{field} missing from {errors}");
        }
    }

    #[test]
    fn person_codes_are_well_formed() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let code = PersonCode::generate(&mut rng);
        assert_eq!(PersonCode::parse(code.as_str()), Ok(code.clone()));
        assert!(PersonCode::parse("P-ILOU00000000").is_err());
        assert!(PersonCode::parse("P-0000000000").is_err());
    }

    #[test]
    fn lookup_forms() {
        assert_eq!(normalise_for_lookup("  ТАЦЯНА   Бугаева "), "тацяна бугаева");
        assert_eq!(normalise_document_number("mp 123-45 67"), "MP1234567");
    }
}
