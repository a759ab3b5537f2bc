//! Citizens of Ukraine: applications for protection since 2021 and additional protection
//! granted and extended (also to those protected since 2014), and applications for
//! citizenship of Belarus since September 2021.

use chrono::{Datelike, Duration, NaiveDate};
use haven_domain::case::{
    CaseDetails, CaseInput, CaseStatus, CitizenshipDecision, CitizenshipDetails, CitizenshipOutcome,
    ProtectionDecision, ProtectionDetails, ProtectionExtension, ProtectionForm, ProtectionOutcome,
};
use haven_domain::org::Region;
use haven_domain::period::Period;
use haven_domain::person::Sex;
use haven_store::StoreError;

use crate::orgs::Orgs;
use crate::people::ukrainian;
use crate::random::{Random, ymd};
use crate::targets::{
    UKRAINIAN_APPLICANTS, UKRAINIAN_CITIZENSHIP_ACQUIRED, UKRAINIAN_CITIZENSHIP_APPLICANTS, UKRAINIANS_EXTENDED,
    UKRAINIANS_GRANTED,
};
use crate::writer::Writer;
use crate::{DATA_END, Scale};

/// "Since 2021" up to the report's cut-off.
fn protection_window() -> Period {
    Period::range(ymd(2021, 1, 1), ymd(2024, 5, 31)).expect("a valid window")
}

/// "Since September 2021 ... as of 06.01.2024".
fn citizenship_window() -> Period {
    Period::range(ymd(2021, 9, 1), ymd(2024, 6, 1)).expect("a valid window")
}

const REGIONS_NEAR_UKRAINE: [(Region, u32); 5] = [
    (Region::Homyel, 35),
    (Region::Brest, 25),
    (Region::MinskCity, 25),
    (Region::MinskRegion, 10),
    (Region::Mahilyow, 5),
];

struct Applicant {
    applied_on: NaiveDate,
    decided_on: NaiveDate,
    outcome: Option<(ProtectionOutcome, Option<ProtectionForm>)>,
}

/// Yearly extensions of protection valid until `valid_until`, decided a few weeks before
/// each expiry, while `keep_on` says the person still needs it.
fn extensions(
    r: &mut Random,
    valid_until: NaiveDate,
    mut keep_on: impl FnMut(&mut Random, NaiveDate) -> bool,
) -> Vec<ProtectionExtension> {
    let mut chain = Vec::new();
    let mut until = valid_until;
    loop {
        let decided_on = until - Duration::days(r.between(10, 30));
        if decided_on > DATA_END || !keep_on(r, decided_on) {
            return chain;
        }
        let next = until + Duration::days(365);
        chain.push(ProtectionExtension {
            decided_on,
            valid_until: next,
        });
        until = next;
    }
}

pub(crate) async fn generate(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) -> Result<(), StoreError> {
    let window = protection_window();
    let mut applicants = Vec::new();
    for (year, count) in UKRAINIAN_APPLICANTS {
        for _ in 0..scale.n(count) {
            let applied_on = match year {
                // Most came after February 2022 and after Decree No. 326 of September 2022.
                2022 if r.chance(0.8) => r.day(ymd(2022, 3, 1), ymd(2022, 12, 31)),
                2024 => r.day(ymd(2024, 1, 1), window.last()),
                _ => r.day_in_year(year),
            };
            applicants.push(Applicant {
                applied_on,
                decided_on: applied_on + Duration::days(r.between(20, 90)),
                outcome: None,
            });
        }
    }
    // Exactly the reported number were granted additional protection inside the window.
    let candidates: Vec<usize> = (0..applicants.len())
        .filter(|&i| window.contains(applicants[i].decided_on))
        .collect();
    let quota = scale.n(UKRAINIANS_GRANTED);
    assert!(
        candidates.len() as u64 >= quota,
        "{} decisions for {quota} grants",
        candidates.len()
    );
    let granted: Vec<usize> = r
        .choose(candidates.len(), quota as usize)
        .into_iter()
        .map(|k| candidates[k])
        .collect();
    for (i, applicant) in applicants.iter_mut().enumerate() {
        applicant.outcome = if granted.binary_search(&i).is_ok() {
            Some((ProtectionOutcome::Granted, Some(ProtectionForm::AdditionalProtection)))
        } else if applicant.decided_on > DATA_END {
            None
        } else if window.contains(applicant.decided_on) {
            Some(*r.weighted(&[
                ((ProtectionOutcome::Refused, None), 55),
                ((ProtectionOutcome::Withdrawn, None), 35),
                ((ProtectionOutcome::Granted, Some(ProtectionForm::RefugeeStatus)), 10),
            ]))
        } else {
            Some((ProtectionOutcome::Granted, Some(ProtectionForm::AdditionalProtection)))
        };
    }
    let mut extended = 0u64;
    for applicant in &applicants {
        let chain = write_protection(
            w,
            r,
            orgs,
            applicant.applied_on,
            applicant.decided_on,
            applicant.outcome,
            |r, _| r.chance(0.9),
        );
        if chain.iter().any(|e| window.contains(e.decided_on)) {
            extended += 1;
        }
        w.flush_if_full().await?;
    }
    // Those protected since 2014-2020 whose protection was extended again since 2021 make up
    // the rest of the reported number; others of them stopped needing it before 2021. (Yearly
    // decisions fall 345 to 385 days apart, so the first after 2020 comes before July 2022.)
    let target = scale.n(UKRAINIANS_EXTENDED);
    assert!(target >= extended, "{extended} extended already, more than {target}");
    for still_protected in std::iter::repeat_n(true, (target - extended) as usize)
        .chain(std::iter::repeat_n(false, scale.n(1_500) as usize))
    {
        let year = *r.weighted(&[
            (2014, 45),
            (2015, 30),
            (2016, 8),
            (2017, 5),
            (2018, 4),
            (2019, 4),
            (2020, 4),
        ]);
        let applied_on = r.day(ymd(year, 1, 1), ymd(year, 12, 31).min(ymd(2020, 10, 31)));
        let decided_on = applied_on + Duration::days(r.between(20, 60));
        let outcome = Some((ProtectionOutcome::Granted, Some(ProtectionForm::AdditionalProtection)));
        let stop_after = ymd(2020, 12, 31);
        write_protection(w, r, orgs, applied_on, decided_on, outcome, move |r, on| {
            if still_protected {
                on < ymd(2022, 7, 1) || r.chance(0.85)
            } else {
                on <= stop_after && r.chance(0.8)
            }
        });
        w.flush_if_full().await?;
    }
    citizenship(w, r, scale, orgs).await
}

#[allow(clippy::too_many_arguments)]
fn write_protection(
    w: &mut Writer<'_>,
    r: &mut Random,
    orgs: &Orgs,
    applied_on: NaiveDate,
    decided_on: NaiveDate,
    outcome: Option<(ProtectionOutcome, Option<ProtectionForm>)>,
    keep_on: impl FnMut(&mut Random, NaiveDate) -> bool,
) -> Vec<ProtectionExtension> {
    let region = *r.weighted(&REGIONS_NEAR_UKRAINE);
    let office = orgs.migration_in(region);
    let sex = if r.chance(0.6) { Sex::Female } else { Sex::Male };
    let born = r.birth_date(applied_on, 0, 75);
    let person = w.person(ukrainian(r, sex, born, Some(office)));
    let granted = matches!(outcome, Some((ProtectionOutcome::Granted, _)));
    let valid_until = decided_on + Duration::days(365);
    let chain = if matches!(
        outcome,
        Some((ProtectionOutcome::Granted, Some(ProtectionForm::AdditionalProtection)))
    ) {
        extensions(r, valid_until, keep_on)
    } else {
        Vec::new()
    };
    let decision = outcome.map(|(outcome, form_granted)| ProtectionDecision {
        outcome,
        form_granted,
        decided_on,
        valid_until: granted.then_some(valid_until),
    });
    let closed_on = decision
        .as_ref()
        .filter(|d| d.outcome != ProtectionOutcome::Granted)
        .map(|d| d.decided_on);
    let reference = w.reference("PR", applied_on.year());
    w.case(CaseInput {
        org: office,
        person: Some(person),
        reference,
        opened_on: applied_on,
        closed_on,
        status: if closed_on.is_some() {
            CaseStatus::Closed
        } else {
            CaseStatus::Active
        },
        details: CaseDetails::Protection(ProtectionDetails {
            form_applied: if r.chance(0.85) {
                ProtectionForm::AdditionalProtection
            } else {
                ProtectionForm::RefugeeStatus
            },
            applied_on,
            decision,
            extensions: chain.clone(),
        }),
    });
    chain
}

/// One applicant for citizenship, as planned.
struct CitizenshipPlan {
    applied_on: NaiveDate,
    decided_on: NaiveDate,
    acquired_on: NaiveDate,
    outcome: Option<CitizenshipOutcome>,
    acquires: bool,
}

async fn citizenship(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) -> Result<(), StoreError> {
    let window = citizenship_window();
    let mut plans: Vec<CitizenshipPlan> = (0..scale.n(UKRAINIAN_CITIZENSHIP_APPLICANTS))
        .map(|_| {
            let applied_on = if r.chance(0.45) {
                r.day(ymd(2022, 3, 1), ymd(2023, 3, 31))
            } else {
                r.day(window.first(), window.last())
            };
            let decided_on = applied_on + Duration::days(r.between(30, 150));
            CitizenshipPlan {
                applied_on,
                decided_on,
                acquired_on: decided_on + Duration::days(r.between(7, 45)),
                outcome: None,
                acquires: false,
            }
        })
        .collect();
    let candidates: Vec<usize> = (0..plans.len())
        .filter(|&i| window.contains(plans[i].acquired_on))
        .collect();
    let quota = scale.n(UKRAINIAN_CITIZENSHIP_ACQUIRED);
    assert!(
        candidates.len() as u64 >= quota,
        "{} possible acquisitions for {quota}",
        candidates.len()
    );
    for k in r.choose(candidates.len(), quota as usize) {
        plans[candidates[k]].acquires = true;
    }
    for plan in &mut plans {
        plan.outcome = if plan.acquires {
            Some(CitizenshipOutcome::Granted)
        } else if plan.decided_on > DATA_END {
            None
        } else if window.contains(plan.acquired_on) {
            // Would have become citizens in the window, but were refused or withdrew.
            Some(if r.chance(0.6) {
                CitizenshipOutcome::Refused
            } else {
                CitizenshipOutcome::Withdrawn
            })
        } else {
            Some(CitizenshipOutcome::Granted)
        };
    }
    // Those who applied before September 2021 became citizens before it.
    for _ in 0..scale.n(400) {
        let applied_on = r.day(ymd(2019, 1, 1), ymd(2020, 12, 31));
        let decided_on = applied_on + Duration::days(r.between(30, 150));
        plans.push(CitizenshipPlan {
            applied_on,
            decided_on,
            acquired_on: (decided_on + Duration::days(r.between(7, 45))).min(ymd(2021, 8, 31)),
            outcome: Some(CitizenshipOutcome::Granted),
            acquires: true,
        });
    }
    for plan in plans {
        let region = *r.weighted(&REGIONS_NEAR_UKRAINE);
        let office = orgs.migration_in(region);
        let sex = if r.chance(0.55) { Sex::Female } else { Sex::Male };
        // "including minors": about one applicant in five is a child.
        let born = if r.chance(0.2) {
            r.birth_date(plan.applied_on, 0, 17)
        } else {
            r.birth_date(plan.applied_on, 18, 80)
        };
        let person = w.person(ukrainian(r, sex, born, Some(office)));
        let decision = plan.outcome.map(|outcome| CitizenshipDecision {
            outcome,
            decided_on: plan.decided_on,
        });
        let acquired_on = (plan.outcome == Some(CitizenshipOutcome::Granted) && plan.acquired_on <= DATA_END)
            .then_some(plan.acquired_on);
        let closed_on = acquired_on.or(decision
            .as_ref()
            .filter(|d| d.outcome != CitizenshipOutcome::Granted)
            .map(|d| d.decided_on));
        let reference = w.reference("CZ", plan.applied_on.year());
        w.case(CaseInput {
            org: office,
            person: Some(person),
            reference,
            opened_on: plan.applied_on,
            closed_on,
            status: if closed_on.is_some() {
                CaseStatus::Closed
            } else {
                CaseStatus::Active
            },
            details: CaseDetails::Citizenship(CitizenshipDetails {
                applied_on: plan.applied_on,
                decision,
                acquired_on,
            }),
        });
        w.flush_if_full().await?;
    }
    Ok(())
}
