//! Records for tests, valid unless a test spoils them.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, Role};
use haven_domain::case::*;
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::org::{OrgKind, OrganisationInput, Region};
use haven_domain::person::{
    Contact, ContactKind, DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, Script, Sex,
};
use haven_domain::user::NewUser;
use haven_store::Store;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

pub fn at(y: i32, m: u32, day: u32, h: u32) -> DateTime<Utc> {
    d(y, m, day).and_hms_opt(h, 15, 0).expect("valid time").and_utc()
}

pub fn system() -> Actor {
    Actor::system("test")
}

pub fn org_input(name: &str, kind: OrgKind, parent: Option<OrgId>) -> OrganisationInput {
    OrganisationInput {
        parent,
        name: name.into(),
        short_name: None,
        kind,
        region: Some(Region::MinskCity),
    }
}

pub fn name(script: Script, source: NameSource, given: &str, family: &str) -> NameVariant {
    NameVariant {
        script,
        source,
        recorded_by: None,
        given: given.into(),
        family: family.into(),
        patronymic: None,
    }
}

/// The woman of the source document, in four spellings.
pub fn tatsiana() -> NewPerson {
    NewPerson {
        sex: Sex::Female,
        citizenships: vec![CountryCode::BELARUS],
        identity: Identity {
            names: vec![
                name(Script::Cyrillic, NameSource::PoliceRecord, "Татьяна", "Бугаева"),
                name(Script::Cyrillic, NameSource::NgoRecord, "Тацяна", "Бугаева"),
                name(Script::Latin, NameSource::Passport, "TATSIANA", "BUHAYEVA"),
            ],
            birth_date: Some(PartialDate::full(d(1979, 4, 12))),
            documents: vec![IdentityDocument {
                kind: DocumentKind::Passport,
                issuing_country: CountryCode::BELARUS,
                number: "MP 1234567".into(),
                valid_until: Some(d(2029, 1, 1)),
            }],
            contacts: vec![Contact {
                kind: ContactKind::Phone,
                value: "+375 29 123 45 67".into(),
            }],
        },
    }
}

pub fn migrant() -> NewPerson {
    NewPerson {
        sex: Sex::Male,
        citizenships: vec![CountryCode::parse("SYR").expect("SYR")],
        identity: Identity {
            names: vec![
                name(Script::Latin, NameSource::MigrationRecord, "Mohammed", "Al-Hassan"),
                name(Script::Arabic, NameSource::SelfDeclared, "محمد", "الحسن"),
            ],
            birth_date: Some(PartialDate::year(1994).expect("year")),
            documents: vec![],
            contacts: vec![],
        },
    }
}

pub fn trafficking(org: OrgId, person: PersonId) -> CaseInput {
    let mut details = TraffickingDetails::possible(d(2023, 3, 1));
    details.exploitation = vec![Exploitation::SexualExploitation];
    details.sex_exploitation = vec![SexExploitation::Prostitution];
    details.means_of_control = vec![MeansOfControl::WithholdsDocuments, MeansOfControl::DebtBondage];
    details.recruitment = vec![RecruitmentMethod::ThroughOnlineSocialNetworks];
    details.recruiter_relation = Some(RecruiterRelation::Acquainted);
    details.recruitment_country = Some(CountryCode::BELARUS);
    details.transit_countries = vec![CountryCode::RUSSIA];
    details.exploitation_country = Some(CountryCode::parse("TUR").expect("TUR"));
    CaseInput {
        org,
        person: Some(person),
        reference: "TH-2023-0001".into(),
        opened_on: d(2023, 3, 1),
        closed_on: None,
        status: CaseStatus::Active,
        details: CaseDetails::Trafficking(details),
    }
}

pub fn migration(org: OrgId, person: PersonId) -> CaseInput {
    CaseInput {
        org,
        person: Some(person),
        reference: "M-2023-0042".into(),
        opened_on: d(2023, 6, 2),
        closed_on: None,
        status: CaseStatus::Active,
        details: CaseDetails::Migration(MigrationDetails {
            detected_on: d(2023, 6, 2),
            detected_in: Some(Region::Hrodna),
            grounds: MigrationGrounds::IllegalStay,
            detention: vec![DetentionPeriod {
                facility: DetentionFacility::TemporaryDetentionCentre,
                started_on: d(2023, 6, 2),
                ended_on: Some(d(2023, 6, 20)),
            }],
            decision: Some(MigrationDecision {
                kind: MigrationDecisionKind::VoluntaryReturnIom,
                decided_on: d(2023, 6, 15),
                executed_on: Some(d(2023, 6, 20)),
                destination: Some(CountryCode::parse("SYR").expect("SYR")),
            }),
        }),
    }
}

/// One case of every kind for `person`, kept by `org`.
pub fn every_kind(org: OrgId, person: PersonId, other: PersonId) -> Vec<CaseInput> {
    let base = |reference: &str, opened_on, details| CaseInput {
        org,
        person: Some(person),
        reference: reference.into(),
        opened_on,
        closed_on: None,
        status: CaseStatus::Active,
        details,
    };
    vec![
        trafficking(org, person),
        migration(org, person),
        base(
            "CR-181-2023-7",
            d(2023, 4, 1),
            CaseDetails::Criminal(CriminalDetails {
                article: CriminalArticle::parse("181").expect("181"),
                initiated_on: d(2023, 4, 1),
                stage: CriminalStage::SentToCourt,
                stage_on: d(2023, 9, 1),
                parties: vec![
                    CaseParty {
                        person,
                        role: PartyRole::Victim,
                    },
                    CaseParty {
                        person: other,
                        role: PartyRole::Accused,
                    },
                ],
                foreign_partner: Some(ForeignPartner {
                    country: CountryCode::parse("ISR").expect("ISR"),
                    agency: "Israel Police".into(),
                }),
            }),
        ),
        base(
            "PR-2022-15",
            d(2022, 3, 10),
            CaseDetails::Protection(ProtectionDetails {
                form_applied: ProtectionForm::RefugeeStatus,
                applied_on: d(2022, 3, 10),
                decision: Some(ProtectionDecision {
                    outcome: ProtectionOutcome::Granted,
                    form_granted: Some(ProtectionForm::AdditionalProtection),
                    decided_on: d(2022, 5, 1),
                    valid_until: Some(d(2023, 5, 1)),
                }),
                extensions: vec![
                    ProtectionExtension {
                        decided_on: d(2023, 4, 20),
                        valid_until: d(2024, 5, 1),
                    },
                    ProtectionExtension {
                        decided_on: d(2024, 4, 22),
                        valid_until: d(2025, 5, 1),
                    },
                ],
            }),
        ),
        base(
            "CZ-2022-301",
            d(2022, 10, 3),
            CaseDetails::Citizenship(CitizenshipDetails {
                applied_on: d(2022, 10, 3),
                decision: Some(CitizenshipDecision {
                    outcome: CitizenshipOutcome::Granted,
                    decided_on: d(2023, 2, 1),
                }),
                acquired_on: Some(d(2023, 3, 1)),
            }),
        ),
        CaseInput {
            person: None,
            ..base(
                "HL-2024-0007",
                d(2024, 1, 15),
                CaseDetails::Hotline(HotlineDetails {
                    contacted_at: at(2024, 1, 15, 10),
                    caller: CallerType::PlanningToGoAbroad,
                    channel: ContactChannel::Phone,
                    topic: HotlineTopic::AgencyCheck,
                    destination_country: Some(CountryCode::parse("POL").expect("POL")),
                    advice: Some("Agency «Рабочие места» is not licensed; advised not to sign.".into()),
                    referred_to: None,
                }),
            )
        },
    ]
}

/// An organisation and a user of it with one role, as an actor.
pub async fn member(store: &dyn Store, org: OrgId, username: &str, role: Role) -> Actor {
    let user = store
        .create_user(
            &system(),
            &NewUser {
                org,
                username: username.into(),
                display_name: username.into(),
                roles: vec![role],
            },
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        )
        .await
        .expect("create user");
    Actor::for_user(&user)
}
