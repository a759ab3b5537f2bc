//! Victims of trafficking: detected, identified by the police, referred with their consent to
//! a shelter, assisted, helped home by IOM, and the criminal cases against their traffickers;
//! and the criminal cases under the related articles that have no victim in the data.

use chrono::{Datelike, Duration, NaiveDate};
use haven_domain::assistance::{AssistanceInput, AssistanceKind};
use haven_domain::case::{
    CaseDetails, CaseInput, CaseParty, CaseStatus, CriminalArticle, CriminalDetails, CriminalStage, Exploitation,
    ForcedLabourIndustry, ForeignPartner, MeansOfControl, PartyRole, RecruiterRelation, RecruitmentMethod,
    SexExploitation, StatusDecisionOrg, TraffickingDetails, TraffickingStatus, Vulnerability,
};
use haven_domain::cooperation::{CooperationInput, CooperationKind};
use haven_domain::country::CountryCode;
use haven_domain::event::{EventKind, NewEvent};
use haven_domain::ids::{CaseId, OrgId, PersonId};
use haven_domain::money::{Currency, Money};
use haven_domain::org::Region;
use haven_domain::period::Period;
use haven_domain::person::Sex;
use haven_domain::referral::{CaseSection, Consent, ConsentBasis, NewReferral, ReferralReason, ReferralResponse};
use haven_store::StoreError;

use crate::orgs::{Orgs, REGIONS};
use crate::people::{belarusian, country, foreigner};
use crate::random::{Random, ymd};
use crate::targets::{IOM_REINTEGRATED_VICTIMS_TO_MARCH_2007, VICTIMS_IDENTIFIED};
use crate::writer::Writer;
use crate::{DATA_END, Scale};

/// The IOM programme's reach as the press release of 23 March 2007 reports it.
fn iom_programme() -> Period {
    Period::range(ymd(2002, 1, 1), ymd(2007, 3, 23)).expect("a valid period")
}

const DESTINATIONS_EARLY: [(&str, u32); 14] = [
    ("RUS", 25),
    ("TUR", 12),
    ("DEU", 10),
    ("POL", 10),
    ("ARE", 6),
    ("ISR", 6),
    ("ITA", 5),
    ("CZE", 5),
    ("CYP", 4),
    ("GRC", 4),
    ("NLD", 3),
    ("JPN", 2),
    ("LBN", 2),
    ("BLR", 6),
];
const DESTINATIONS_LATE: [(&str, u32); 10] = [
    ("RUS", 40),
    ("POL", 15),
    ("BLR", 15),
    ("DEU", 5),
    ("TUR", 5),
    ("ARE", 5),
    ("CZE", 5),
    ("LTU", 5),
    ("CHN", 3),
    ("ISR", 2),
];

/// One victim, as planned.
struct Victim {
    sex: Sex,
    age: i64,
    region: Region,
    detected_on: NaiveDate,
    identified_on: Option<NaiveDate>,
    status: TraffickingStatus,
    /// IOM reintegration, if any.
    reintegrated_on: Option<NaiveDate>,
}

pub(crate) async fn generate(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) -> Result<(), StoreError> {
    let programme = iom_programme();
    let mut early = Vec::new();
    for (year, identified) in VICTIMS_IDENTIFIED {
        let victims: Vec<Victim> = (0..scale.n(identified)).map(|_| plan_victim(r, year)).collect();
        if year <= programme.last().year() {
            early.extend(victims);
        } else {
            write_cohort(w, r, orgs, victims).await?;
        }
    }
    // Exactly the reported number received IOM reintegration help by 23 March 2007; the
    // others of those years, if at all, only after it.
    let candidates: Vec<usize> = (0..early.len())
        .filter(|&i| {
            early[i].status != TraffickingStatus::NotAVictim && earliest_reintegration(&early[i]) <= programme.last()
        })
        .collect();
    let quota = scale.n(IOM_REINTEGRATED_VICTIMS_TO_MARCH_2007);
    assert!(
        candidates.len() as u64 >= quota,
        "{} early victims for {quota} reintegrated",
        candidates.len()
    );
    let chosen: Vec<usize> = r
        .choose(candidates.len(), quota as usize)
        .into_iter()
        .map(|k| candidates[k])
        .collect();
    for (i, victim) in early.iter_mut().enumerate() {
        let from = earliest_reintegration(victim);
        victim.reintegrated_on = if chosen.binary_search(&i).is_ok() {
            Some(r.day(from, (from + Duration::days(120)).min(programme.last())))
        } else if victim.status != TraffickingStatus::NotAVictim && r.chance(0.3) {
            let after = from.max(programme.last() + Duration::days(1));
            Some(r.day(after, after + Duration::days(180)))
        } else {
            None
        };
    }
    write_cohort(w, r, orgs, early).await?;
    unlinked_criminal_cases(w, r, scale, orgs).await?;
    israeli_group(w, r, orgs);
    w.flush_if_full().await
}

fn earliest_reintegration(victim: &Victim) -> NaiveDate {
    victim.identified_on.unwrap_or(victim.detected_on) + Duration::days(20)
}

fn plan_victim(r: &mut Random, year: i32) -> Victim {
    let detected_on = r.day_in_year(year).min(DATA_END - Duration::days(30));
    let status = *r.weighted(&[
        (TraffickingStatus::Actual, 85),
        (TraffickingStatus::Possible, 10),
        (TraffickingStatus::NotAVictim, 5),
    ]);
    let identified_on = (status != TraffickingStatus::Possible).then(|| detected_on + Duration::days(r.between(5, 25)));
    Victim {
        sex: if r.chance(if year < 2010 { 0.85 } else { 0.7 }) {
            Sex::Female
        } else {
            Sex::Male
        },
        age: if r.chance(0.1) {
            r.between(14, 17)
        } else {
            r.between(18, 40)
        },
        region: *r.weighted(&REGIONS),
        detected_on,
        identified_on,
        status,
        reintegrated_on: None,
    }
}

async fn write_cohort(w: &mut Writer<'_>, r: &mut Random, orgs: &Orgs, victims: Vec<Victim>) -> Result<(), StoreError> {
    for victim in victims {
        write_victim(w, r, orgs, &victim);
        w.flush_if_full().await?;
    }
    Ok(())
}

fn trafficking_details(r: &mut Random, victim: &Victim) -> TraffickingDetails {
    let early = victim.detected_on.year() < 2012;
    let sexual = r.chance(if victim.sex == Sex::Female {
        if early { 0.8 } else { 0.55 }
    } else {
        0.1
    });
    let mut details = TraffickingDetails::possible(victim.detected_on);
    details.status = victim.status;
    details.identified_on = victim.identified_on;
    details.status_decided_by = victim.identified_on.map(|_| StatusDecisionOrg::Police);
    if sexual {
        details.exploitation.push(Exploitation::SexualExploitation);
        details.sex_exploitation.push(*r.weighted(&[
            (SexExploitation::Prostitution, 80),
            (SexExploitation::Pornography, 10),
            (SexExploitation::RemoteInteractiveServices, 10),
        ]));
    } else if r.chance(0.9) {
        details.exploitation.push(Exploitation::ForcedLabour);
        details.forced_labour_industry = Some(*r.weighted(&[
            (ForcedLabourIndustry::Construction, 35),
            (ForcedLabourIndustry::Agriculture, 20),
            (ForcedLabourIndustry::Manufacturing, 15),
            (ForcedLabourIndustry::Households, 15),
            (ForcedLabourIndustry::AccommodationAndFood, 15),
        ]));
    } else {
        details.exploitation.push(*r.pick(&[
            Exploitation::ForcedBegging,
            Exploitation::ForcedMarriage,
            Exploitation::Servitude,
        ]));
    }
    let controls = [
        MeansOfControl::WithholdsDocuments,
        MeansOfControl::DebtBondage,
        MeansOfControl::FalsePromises,
        MeansOfControl::PhysicalThreats,
        MeansOfControl::PsychologicalAbuse,
        MeansOfControl::TakesEarnings,
        MeansOfControl::ExcessiveWorkingHours,
    ];
    let chosen = r.between(1, 3) as usize;
    for k in r.choose(controls.len(), chosen) {
        details.means_of_control.push(controls[k]);
    }
    details.recruitment.push(if early {
        *r.weighted(&[
            (RecruitmentMethod::ThroughANewspaperAdvert, 40),
            (RecruitmentMethod::ThroughFriendsOrSocialEvents, 40),
            (RecruitmentMethod::ThroughFamilyOrFamilyEvents, 20),
        ])
    } else {
        *r.weighted(&[
            (RecruitmentMethod::ThroughOnlineSocialNetworks, 50),
            (RecruitmentMethod::ThroughAnOnlineAdvertisement, 20),
            (RecruitmentMethod::ThroughFriendsOrSocialEvents, 30),
        ])
    });
    details.recruiter_relation = Some(*r.weighted(&[
        (RecruiterRelation::Acquainted, 60),
        (RecruiterRelation::Unacquainted, 30),
        (RecruiterRelation::Familial, 10),
    ]));
    details.vulnerabilities.push(*r.weighted(&[
        (Vulnerability::Poverty, 50),
        (Vulnerability::Education, 15),
        (Vulnerability::Addiction, 10),
        (Vulnerability::WorkEnvironment, 25),
    ]));
    details.recruitment_country = Some(CountryCode::BELARUS);
    let destination = *r.weighted(if early { &DESTINATIONS_EARLY } else { &DESTINATIONS_LATE });
    details.exploitation_country = Some(country(destination));
    if destination != "BLR" && destination != "RUS" && destination != "POL" && r.chance(0.4) {
        details
            .transit_countries
            .push(country(r.pick::<&str>(&["RUS", "UKR", "POL"])));
    }
    details
}

fn write_victim(w: &mut Writer<'_>, r: &mut Random, orgs: &Orgs, victim: &Victim) {
    let police = orgs.police_in(victim.region);
    let shelter = orgs.shelter_for(victim.region);
    let born = r.birth_date(victim.detected_on, victim.age, victim.age);
    let person = w.person(belarusian(r, victim.sex, born, Some(police), Some(shelter)));
    let details = trafficking_details(r, victim);
    let closed_on = victim
        .identified_on
        .map(|on| on + Duration::days(r.between(200, 600)))
        .filter(|on| *on <= DATA_END);
    let reference = w.reference("TH", victim.detected_on.year());
    let case = w.case(CaseInput {
        org: police,
        person: Some(person),
        reference,
        opened_on: victim.detected_on,
        closed_on,
        status: if closed_on.is_some() {
            CaseStatus::Closed
        } else {
            CaseStatus::Active
        },
        details: CaseDetails::Trafficking(details),
    });
    if victim.status == TraffickingStatus::NotAVictim {
        return;
    }
    // Referred to a shelter with her consent (or, for a child, under the legal exception).
    let sent_on = victim.detected_on + Duration::days(r.between(1, 5));
    let accepted_on = sent_on + Duration::days(r.between(0, 3));
    let completed_on = accepted_on + Duration::days(r.between(60, 200));
    let mut steps = vec![ReferralResponse::Accept { on: accepted_on }];
    if completed_on <= DATA_END {
        steps.push(ReferralResponse::Complete { on: completed_on });
    }
    w.referral(
        NewReferral {
            case,
            to_org: shelter,
            reason: ReferralReason::AdditionalServicesRequired,
            sections: vec![
                CaseSection::Summary,
                CaseSection::Identity,
                CaseSection::Details,
                CaseSection::Assistance,
            ],
            consent: Some(Consent {
                basis: if victim.age < 18 {
                    ConsentBasis::MinorLegalException
                } else {
                    ConsentBasis::PersonConsented
                },
                recorded_on: sent_on,
                recorded_by: None,
            }),
            sent_on,
        },
        steps,
    );
    let mut help_on = accepted_on;
    for kind in [
        AssistanceKind::Shelter,
        AssistanceKind::Medical,
        AssistanceKind::Psychological,
        AssistanceKind::Legal,
    ] {
        if (kind == AssistanceKind::Shelter || r.chance(0.6)) && help_on <= DATA_END {
            w.assistance(AssistanceInput {
                person,
                case: Some(case),
                provider: shelter,
                kind,
                delivered_on: help_on,
                cost: Some(rouble_cost(help_on, r.between(30, 600))),
                funding: None,
                notes: None,
            });
            help_on += Duration::days(r.between(1, 20));
        }
    }
    if let Some(on) = victim.reintegrated_on.filter(|on| *on <= DATA_END) {
        w.assistance(AssistanceInput {
            person,
            case: Some(case),
            provider: orgs.iom,
            kind: AssistanceKind::Reintegration,
            delivered_on: on,
            cost: Some(Money::new(r.between(300, 1500) * 100, Currency::Usd).expect("positive")),
            funding: None,
            notes: None,
        });
    }
    if let Some(identified) = victim.identified_on
        && r.chance(0.6)
    {
        criminal_case(w, r, police, Some(person), identified);
    }
    if r.chance(0.3) {
        w.event(NewEvent {
            case,
            kind: EventKind::Interview,
            occurred_on: victim.detected_on,
            notes: Some(
                "Interview at the unit; the person was informed of her rights and of the assistance available.".into(),
            ),
        });
    }
}

/// Money in the roubles of the day (the rouble lost four zeros on 1 July 2016).
fn rouble_cost(on: NaiveDate, roubles: i64) -> Money {
    if on < ymd(2016, 7, 1) {
        Money::new(roubles * 10_000, Currency::Byr).expect("positive")
    } else {
        Money::new(roubles * 100, Currency::Byn).expect("positive")
    }
}

fn criminal_case(
    w: &mut Writer<'_>,
    r: &mut Random,
    police: OrgId,
    victim: Option<PersonId>,
    from: NaiveDate,
) -> Option<CaseId> {
    let article = *r.weighted(&[("181", 60), ("171", 15), ("171-1", 10), ("187", 10), ("181-1", 5)]);
    related_case(w, r, police, victim, article, from)
}

/// A criminal case under `article`, with one or two suspects and, if given, its victim.
fn related_case(
    w: &mut Writer<'_>,
    r: &mut Random,
    police: OrgId,
    victim: Option<PersonId>,
    article: &str,
    from: NaiveDate,
) -> Option<CaseId> {
    let initiated_on = from + Duration::days(r.between(0, 30));
    if initiated_on > DATA_END {
        return None;
    }
    let mut parties = Vec::new();
    for _ in 0..r.between(1, 2) {
        let sex = if r.chance(0.6) { Sex::Male } else { Sex::Female };
        let born = r.birth_date(initiated_on, 22, 55);
        let suspect = w.person(belarusian(r, sex, born, Some(police), None));
        parties.push(CaseParty {
            person: suspect,
            role: PartyRole::Accused,
        });
    }
    if let Some(victim) = victim {
        parties.push(CaseParty {
            person: victim,
            role: PartyRole::Victim,
        });
    }
    let stage = *r.weighted(&[
        (CriminalStage::Convicted, 55),
        (CriminalStage::SentToCourt, 10),
        (CriminalStage::Investigation, 15),
        (CriminalStage::Suspended, 10),
        (CriminalStage::Terminated, 7),
        (CriminalStage::Acquitted, 3),
    ]);
    let stage_on = (initiated_on + Duration::days(r.between(60, 400))).min(DATA_END);
    if stage == CriminalStage::Convicted {
        for party in parties.iter_mut().filter(|p| p.role == PartyRole::Accused) {
            party.role = PartyRole::Convicted;
        }
    }
    let person = victim.or_else(|| parties.first().map(|p| p.person));
    let reference = w.reference("CR", initiated_on.year());
    Some(w.case(CaseInput {
        org: police,
        person,
        reference,
        opened_on: initiated_on,
        closed_on: None,
        status: CaseStatus::Active,
        details: CaseDetails::Criminal(CriminalDetails {
            article: CriminalArticle::parse(article).expect("a valid article"),
            initiated_on,
            stage,
            stage_on,
            parties,
            foreign_partner: None,
        }),
    }))
}

/// Cases under the related articles whose victims are not in the data (prostitution rings,
/// abuse images of children, illegal employment agencies).
async fn unlinked_criminal_cases(
    w: &mut Writer<'_>,
    r: &mut Random,
    scale: Scale,
    orgs: &Orgs,
) -> Result<(), StoreError> {
    for year in 2002..=2024 {
        let share = if year == 2024 { 0.5 } else { 1.0 };
        let per_year: [(&str, u64); 5] = [
            ("171", 60),
            ("171-1", 20),
            ("343-1", if year >= 2012 { 20 + (year as u64 - 2012) * 4 } else { 5 }),
            ("187", 5),
            ("182", 3),
        ];
        for (article, count) in per_year {
            for _ in 0..scale.n((count as f64 * share).round() as u64) {
                let region = *r.weighted(&REGIONS);
                let from = r.day_in_year(year).min(DATA_END - Duration::days(31));
                related_case(w, r, orgs.police_in(region), None, article, from);
                w.flush_if_full().await?;
            }
        }
    }
    Ok(())
}

/// 2023: a criminal group of Israeli citizens, broken up with the Israeli police.
fn israeli_group(w: &mut Writer<'_>, r: &mut Random, orgs: &Orgs) {
    let police = orgs.police_in(Region::MinskCity);
    let initiated_on = ymd(2023, 4, 12);
    let mut parties = Vec::new();
    for (given, family) in [
        ("Eli", "Mizrahi"),
        ("Avi", "Peretz"),
        ("Yosef", "Biton"),
        ("David", "Friedman"),
    ] {
        let born = r.birth_date(initiated_on, 30, 55);
        let mut suspect = foreigner(r, "ISR", Sex::Male, born, [Some(police), None]);
        suspect.identity.names = vec![haven_domain::person::NameVariant {
            script: haven_domain::person::Script::Latin,
            source: haven_domain::person::NameSource::ForeignAuthority,
            recorded_by: Some(police),
            given: given.into(),
            family: family.into(),
            patronymic: None,
        }];
        parties.push(CaseParty {
            person: w.person(suspect),
            role: PartyRole::Accused,
        });
    }
    for _ in 0..3 {
        let born = r.birth_date(initiated_on, 19, 30);
        let victim = w.person(belarusian(r, Sex::Female, born, Some(police), None));
        parties.push(CaseParty {
            person: victim,
            role: PartyRole::Victim,
        });
    }
    let reference = w.reference("CR", 2023);
    let case = w.case(CaseInput {
        org: police,
        person: parties.last().map(|p| p.person),
        reference,
        opened_on: initiated_on,
        closed_on: None,
        status: CaseStatus::Active,
        details: CaseDetails::Criminal(CriminalDetails {
            article: CriminalArticle::parse("181").expect("181"),
            initiated_on,
            stage: CriminalStage::SentToCourt,
            stage_on: ymd(2023, 11, 20),
            parties,
            foreign_partner: Some(ForeignPartner {
                country: country("ISR"),
                agency: "Israel Police".into(),
            }),
        }),
    });
    w.cooperation(CooperationInput {
        org: police,
        kind: CooperationKind::JointOperation,
        counterpart: "Israel Police".into(),
        counterpart_country: Some(country("ISR")),
        subject: "Suppression of a trafficking group of Israeli citizens".into(),
        case: Some(case),
        started_on: ymd(2023, 3, 1),
        ended_on: Some(ymd(2023, 6, 30)),
        outcome: Some("Group of four suppressed; case sent to court".into()),
    });
}
