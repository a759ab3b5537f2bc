//! Irregular migrants: detection, detention, decisions and their execution, applications for
//! protection, and the humanitarian, medical and legal help they received.
//!
//! Each group of detection years is planned in memory first (a few bytes a person), so that
//! the report's constraints can be met exactly: how many were detained, the person-days of
//! detention, how many returned with IOM's help, applied for protection or were assisted in a
//! window. Then the plan is written out person by person.

use chrono::{Datelike, Duration, NaiveDate};
use haven_domain::assistance::{AssistanceInput, AssistanceKind};
use haven_domain::case::{
    CaseDetails, CaseInput, CaseStatus, DetentionFacility, DetentionPeriod, MigrationDecision, MigrationDecisionKind,
    MigrationDetails, MigrationGrounds, ProtectionDecision, ProtectionDetails, ProtectionForm, ProtectionOutcome,
};
use haven_domain::ids::FundingId;
use haven_domain::money::{Currency, Money};
use haven_domain::org::Region;
use haven_domain::period::Period;
use haven_domain::person::Sex;
use haven_store::StoreError;

use crate::orgs::{Orgs, REGIONS};
use crate::people::{country, foreigner};
use crate::random::{Random, ymd};
use crate::targets::{
    DETENTION_PERSON_DAYS_2023_TO_MAY_2024, IOM_RETURNS_BY_COHORT, MIGRANTS_ASSISTED_BY_COHORT,
    MIGRANTS_DETAINED_JAN_MAY_2024, MIGRANTS_DETECTED_2022, MIGRANTS_DETECTED_2023, MIGRANTS_DETECTED_EARLIER,
    MIGRANTS_DETECTED_JAN_MAY_2024, MIGRANTS_DETECTED_JUNE_2024, NON_CIS_APPLICANTS_2022, NON_CIS_APPLICANTS_2023,
    NON_CIS_APPLICANTS_JAN_MAY_2024,
};
use crate::writer::Writer;
use crate::{DATA_END, Scale};

/// Where irregular migrants came from before and after the 2021 border crisis.
const ORIGINS_BEFORE_2021: [(&str, u32); 12] = [
    ("VNM", 16),
    ("IND", 10),
    ("LKA", 9),
    ("AFG", 9),
    ("PAK", 9),
    ("SYR", 7),
    ("IRQ", 6),
    ("NGA", 6),
    ("CMR", 4),
    ("TUR", 5),
    ("BGD", 5),
    ("EGY", 4),
];
const ORIGINS_FROM_2021: [(&str, u32); 18] = [
    ("IRQ", 33),
    ("SYR", 20),
    ("AFG", 10),
    ("YEM", 8),
    ("IRN", 7),
    ("EGY", 4),
    ("LBN", 3),
    ("CMR", 3),
    ("CUB", 3),
    ("COD", 2),
    ("SOM", 2),
    ("ERI", 1),
    ("IND", 2),
    ("LKA", 2),
    ("PAK", 2),
    ("NGA", 2),
    ("TUR", 2),
    ("DZA", 1),
];

fn window() -> Period {
    Period::range(ymd(2023, 1, 1), ymd(2024, 5, 31)).expect("a valid window")
}

fn returns_window() -> Period {
    Period::range(ymd(2018, 1, 1), ymd(2023, 12, 31)).expect("a valid window")
}

/// Persons detected in a span of days, how many of them were detained, and how likely a
/// decision to remove someone was carried out (many who came in the 2021 crisis stayed).
struct Cohort {
    first: NaiveDate,
    last: NaiveDate,
    detected: u64,
    detained: u64,
    departures: f64,
}

#[derive(Debug, Clone, Copy)]
struct Stay {
    start: NaiveDate,
    days: i64,
    facility: DetentionFacility,
    /// Still detained when the data set ends.
    open: bool,
}

impl Stay {
    fn end(&self) -> NaiveDate {
        self.start + Duration::days(self.days - 1)
    }
}

/// One migrant, as planned.
#[derive(Debug)]
struct Plan {
    origin: &'static str,
    sex: Sex,
    age: i64,
    region: Region,
    detected_on: NaiveDate,
    grounds: MigrationGrounds,
    stay: Option<Stay>,
    /// Decided on, executed on (if carried out).
    decision: Option<(NaiveDate, Option<NaiveDate>)>,
    decision_kind: MigrationDecisionKind,
    applied_for_protection: Option<NaiveDate>,
    assisted_on: Vec<NaiveDate>,
    /// How likely a decision about this person was carried out (from the cohort).
    departures: f64,
    /// One of those counted as assisted in the window.
    assisted_in_window: bool,
}

impl Plan {
    /// The last day the person was in the country as far as the records know.
    fn left_on(&self) -> NaiveDate {
        self.decision.and_then(|(_, executed)| executed).unwrap_or(DATA_END)
    }

    fn executed_on(&self) -> Option<NaiveDate> {
        self.decision.and_then(|(_, executed)| executed)
    }
}

/// What a group of cohorts must meet.
struct Constraints {
    /// Detention may not reach past this day (so that a group does not spill into the next
    /// group's window).
    detention_until: NaiveDate,
    person_days_in_window: Option<u64>,
    iom_returns: u64,
    /// Exactly this many apply for protection in each period; nobody else in the group applies.
    protection: Vec<(Period, u64)>,
    /// Exactly this many are assisted in the window; the others only outside it.
    assisted_in_window: u64,
}

pub(crate) async fn generate(
    w: &mut Writer<'_>,
    r: &mut Random,
    scale: Scale,
    orgs: &Orgs,
    funding: &[FundingId],
) -> Result<(), StoreError> {
    let returns = |year: i32| {
        IOM_RETURNS_BY_COHORT
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, n)| scale.n(*n))
    };
    let assisted = |year: i32| {
        MIGRANTS_ASSISTED_BY_COHORT
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, n)| scale.n(*n))
    };
    for (year, detected) in MIGRANTS_DETECTED_EARLIER {
        let cohort = Cohort {
            first: ymd(year, 1, 1),
            last: ymd(year, 12, 31),
            detected: scale.n(detected),
            detained: scale.n(detected * 6 / 10),
            departures: if year >= 2021 { 0.6 } else { 0.85 },
        };
        let constraints = Constraints {
            detention_until: DATA_END,
            person_days_in_window: None,
            iom_returns: returns(year),
            protection: Vec::new(),
            assisted_in_window: assisted(year),
        };
        run_group(w, r, orgs, funding, &[cohort], &constraints).await?;
    }
    let (migrants_2022, others_2022) = NON_CIS_APPLICANTS_2022;
    run_group(
        w,
        r,
        orgs,
        funding,
        &[Cohort {
            first: ymd(2022, 1, 1),
            last: ymd(2022, 12, 31),
            detected: scale.n(MIGRANTS_DETECTED_2022),
            detained: scale.n(MIGRANTS_DETECTED_2022 * 7 / 10),
            departures: 0.6,
        }],
        &Constraints {
            // The 2023 window's average detention population is the next group's to meet.
            detention_until: ymd(2022, 12, 31),
            person_days_in_window: None,
            iom_returns: returns(2022),
            protection: vec![(Period::year(2022).expect("year"), scale.n(migrants_2022))],
            assisted_in_window: assisted(2022),
        },
    )
    .await?;
    let (migrants_2023, others_2023) = NON_CIS_APPLICANTS_2023;
    let (migrants_2024, others_2024) = NON_CIS_APPLICANTS_JAN_MAY_2024;
    run_group(
        w,
        r,
        orgs,
        funding,
        &[
            Cohort {
                first: ymd(2023, 1, 1),
                last: ymd(2023, 12, 31),
                detected: scale.n(MIGRANTS_DETECTED_2023),
                detained: scale.n(MIGRANTS_DETECTED_2023 * 7 / 10),
                departures: 0.85,
            },
            Cohort {
                first: ymd(2024, 1, 1),
                last: ymd(2024, 5, 31),
                detected: scale.n(MIGRANTS_DETECTED_JAN_MAY_2024),
                detained: scale.n(MIGRANTS_DETAINED_JAN_MAY_2024),
                departures: 0.85,
            },
            Cohort {
                first: ymd(2024, 6, 1),
                last: DATA_END,
                detected: scale.n(MIGRANTS_DETECTED_JUNE_2024),
                detained: scale.n(MIGRANTS_DETECTED_JUNE_2024 * 8 / 10),
                departures: 0.85,
            },
        ],
        &Constraints {
            detention_until: DATA_END,
            person_days_in_window: Some(scale.n(DETENTION_PERSON_DAYS_2023_TO_MAY_2024)),
            iom_returns: returns(2023),
            protection: vec![
                (Period::year(2023).expect("year"), scale.n(migrants_2023)),
                (Period::first_months(2024, 5).expect("months"), scale.n(migrants_2024)),
            ],
            assisted_in_window: assisted(2023),
        },
    )
    .await?;
    // Applicants who were never detected as irregular: students, visitors, workers.
    for (period, count) in [
        (Period::year(2022).expect("year"), others_2022),
        (Period::year(2023).expect("year"), others_2023),
        (Period::first_months(2024, 5).expect("months"), others_2024),
    ] {
        for _ in 0..scale.n(count) {
            let origin = *r.weighted(&ORIGINS_FROM_2021);
            let sex = if r.chance(0.7) { Sex::Male } else { Sex::Female };
            let applied = r.day(period.first(), period.last());
            let region = *r.weighted(&REGIONS);
            let born = r.birth_date(applied, 19, 45);
            let office = orgs.migration_in(region);
            let person = w.person(foreigner(r, origin, sex, born, [Some(office), Some(orgs.unhcr)]));
            let case = protection_case(w, r, office, person, applied);
            w.case(case);
            w.flush_if_full().await?;
        }
    }
    Ok(())
}

fn plan_cohorts(r: &mut Random, cohorts: &[Cohort], until: NaiveDate) -> Vec<Plan> {
    let mut plans = Vec::new();
    for cohort in cohorts {
        let origins: &[(&str, u32)] = if cohort.first.year() >= 2021 {
            &ORIGINS_FROM_2021
        } else {
            &ORIGINS_BEFORE_2021
        };
        let detained = r.choose(cohort.detected as usize, cohort.detained as usize);
        let mut next_detained = detained.iter().peekable();
        for i in 0..cohort.detected as usize {
            let detected_on = r.day(cohort.first, cohort.last);
            let stay = if next_detained.peek() == Some(&&i) {
                next_detained.next();
                let days = if r.chance(0.15) {
                    r.between(25, 75)
                } else {
                    r.between(2, 20)
                };
                let facility = if r.chance(0.7) {
                    DetentionFacility::TemporaryDetentionCentre
                } else {
                    DetentionFacility::OffenderDetentionCentre
                };
                // Stays are cut at the group's limit; those still going on at the end of the
                // data set stay open.
                let limit = (until - detected_on).num_days() + 1;
                Some(Stay {
                    start: detected_on,
                    days: days.min(limit).max(1),
                    facility,
                    open: false,
                })
            } else {
                None
            };
            plans.push(Plan {
                origin: r.weighted::<&str>(origins),
                sex: if r.chance(0.82) { Sex::Male } else { Sex::Female },
                age: r.between(16, 52),
                region: *r.weighted(&[
                    (Region::Hrodna, 35),
                    (Region::Brest, 25),
                    (Region::MinskCity, 20),
                    (Region::Vitebsk, 10),
                    (Region::MinskRegion, 5),
                    (Region::Homyel, 3),
                    (Region::Mahilyow, 2),
                ]),
                detected_on,
                grounds: *r.weighted(&[
                    (MigrationGrounds::IllegalStay, 50),
                    (MigrationGrounds::AttemptedIllegalExit, 30),
                    (MigrationGrounds::IllegalEntry, 12),
                    (MigrationGrounds::StayRulesViolation, 8),
                ]),
                stay,
                decision: None,
                decision_kind: MigrationDecisionKind::Other,
                applied_for_protection: None,
                assisted_on: Vec::new(),
                departures: cohort.departures,
                assisted_in_window: false,
            });
        }
    }
    plans
}

/// Lengthen and shorten stays that lie wholly inside the window, a day at a time, until the
/// person-days inside it are exactly `target`.
fn fit_person_days(r: &mut Random, plans: &mut [Plan], target: u64) {
    let window = window();
    let total = |plans: &[Plan]| -> i64 {
        plans
            .iter()
            .filter_map(|p| p.stay)
            .map(|s| window.overlap_days(s.start, Some(s.end())))
            .sum()
    };
    let inside: Vec<usize> = (0..plans.len())
        .filter(|&i| {
            plans[i]
                .stay
                .is_some_and(|s| s.start >= window.first() && s.end() < window.last())
        })
        .collect();
    if inside.is_empty() {
        return;
    }
    let mut gap = target as i64 - total(plans);
    let mut cursor = r.index(inside.len());
    let mut idle = 0;
    while gap != 0 && idle < inside.len() {
        let plan = &mut plans[inside[cursor]];
        let stay = plan.stay.as_mut().expect("inside stays have a stay");
        let changed = if gap > 0 && stay.end() < window.last() - Duration::days(1) {
            stay.days += 1;
            gap -= 1;
            true
        } else if gap < 0 && stay.days > 1 {
            stay.days -= 1;
            gap += 1;
            true
        } else {
            false
        };
        idle = if changed { 0 } else { idle + 1 };
        cursor = (cursor + 1) % inside.len();
    }
}

/// Decisions follow detention: taken during it and carried out on release. Some who were not
/// detained are ordered to leave too.
fn plan_decisions(r: &mut Random, plans: &mut [Plan]) {
    for plan in plans.iter_mut() {
        plan.decision = match plan.stay {
            Some(mut stay) => {
                let decided = stay.start + Duration::days(stay.days * 2 / 3);
                if stay.end() > DATA_END {
                    stay.open = true;
                    plan.stay = Some(stay);
                    Some((decided.min(DATA_END), None))
                } else if r.chance(plan.departures) {
                    Some((decided, Some(stay.end())))
                } else {
                    None
                }
            }
            None if r.chance(plan.departures / 2.0) => {
                let decided = plan.detected_on + Duration::days(r.between(3, 30));
                let executed = decided + Duration::days(r.between(5, 40));
                let carried_out = executed <= DATA_END && r.chance(plan.departures);
                (decided <= DATA_END).then_some((decided, carried_out.then_some(executed)))
            }
            None => None,
        };
        if let Some(mut stay) = plan.stay
            && stay.end() > DATA_END
        {
            stay.open = true;
            plan.stay = Some(stay);
        }
    }
}

/// Exactly `quota` of those whose decision was carried out in 2018-2023 returned with IOM;
/// the others were deported or readmitted. Outside those years returns are free.
fn assign_decision_kinds(r: &mut Random, plans: &mut [Plan], quota: u64) {
    let counted = returns_window();
    let candidates: Vec<usize> = (0..plans.len())
        .filter(|&i| plans[i].executed_on().is_some_and(|on| counted.contains(on)))
        .collect();
    assert!(
        candidates.len() as u64 >= quota,
        "a cohort has {} departures in 2018-2023 for {quota} IOM returns",
        candidates.len()
    );
    let returning: Vec<usize> = r
        .choose(candidates.len(), quota as usize)
        .into_iter()
        .map(|k| candidates[k])
        .collect();
    for (i, plan) in plans.iter_mut().enumerate() {
        let Some((decided, executed)) = plan.decision else {
            continue;
        };
        let readmission_possible = decided < ymd(2021, 7, 1);
        plan.decision_kind = if returning.binary_search(&i).is_ok() {
            MigrationDecisionKind::VoluntaryReturnIom
        } else if readmission_possible && r.chance(0.3) {
            MigrationDecisionKind::ReadmissionToTransitCountry
        } else if executed.is_some_and(|on| counted.contains(on)) || r.chance(0.7) {
            MigrationDecisionKind::Deportation
        } else if r.chance(0.5) {
            MigrationDecisionKind::VoluntaryReturnIom
        } else {
            MigrationDecisionKind::Other
        };
    }
}

/// Exactly `quota` apply for protection within `period`, a few days after detection and
/// before leaving.
fn assign_protection(r: &mut Random, plans: &mut [Plan], period: &Period, quota: u64) {
    let mut candidates = Vec::new();
    let mut dates = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        if plan.applied_for_protection.is_some() || country(plan.origin).is_cis_as_reported() {
            continue;
        }
        let applied = plan.detected_on + Duration::days(r.between(1, 14));
        if period.contains(applied) && applied <= plan.left_on() && applied.year() == plan.detected_on.year() {
            candidates.push(i);
            dates.push(applied);
        }
    }
    assert!(
        candidates.len() as u64 >= quota,
        "{} candidates for {quota} applications in {period}",
        candidates.len()
    );
    for k in r.choose(candidates.len(), quota as usize) {
        plans[candidates[k]].applied_for_protection = Some(dates[k]);
    }
}

/// Exactly `quota` are assisted inside the window (and perhaps outside it too); the others
/// only outside it.
fn assign_assistance(r: &mut Random, plans: &mut [Plan], quota: u64) {
    let window = window();
    let present_in_window = |p: &Plan| p.detected_on <= window.last() && p.left_on() >= window.first();
    let candidates: Vec<usize> = (0..plans.len()).filter(|&i| present_in_window(&plans[i])).collect();
    assert!(
        candidates.len() as u64 >= quota,
        "{} migrants present for {quota} assisted",
        candidates.len()
    );
    let chosen: Vec<usize> = r
        .choose(candidates.len(), quota as usize)
        .into_iter()
        .map(|k| candidates[k])
        .collect();
    for (i, plan) in plans.iter_mut().enumerate() {
        let first = plan.detected_on;
        let last = plan.left_on();
        if chosen.binary_search(&i).is_ok() {
            plan.assisted_in_window = true;
            let from = first.max(window.first());
            let to = last.min(window.last());
            for _ in 0..r.between(1, 3) {
                plan.assisted_on.push(r.day(from, to));
            }
        } else if r.chance(0.5) {
            // Outside the window: before it, or after it.
            let before = (first < window.first()).then(|| (first, last.min(window.first() - Duration::days(1))));
            let after = (last > window.last()).then(|| (first.max(window.last() + Duration::days(1)), last));
            if let Some((from, to)) = before.or(after) {
                plan.assisted_on.push(r.day(from, to));
            }
        }
    }
}

async fn run_group(
    w: &mut Writer<'_>,
    r: &mut Random,
    orgs: &Orgs,
    funding: &[FundingId],
    cohorts: &[Cohort],
    constraints: &Constraints,
) -> Result<(), StoreError> {
    let mut plans = plan_cohorts(r, cohorts, constraints.detention_until);
    if let Some(target) = constraints.person_days_in_window {
        fit_person_days(r, &mut plans, target);
    }
    plan_decisions(r, &mut plans);
    assign_decision_kinds(r, &mut plans, constraints.iom_returns);
    if constraints.protection.is_empty() {
        // Outside the report's periods a few apply, in the year they were detected.
        let before_2022 = |p: &Plan| p.detected_on < ymd(2022, 1, 1);
        for plan in plans.iter_mut().filter(|p| before_2022(p)) {
            let applied = plan.detected_on + Duration::days(r.between(1, 14));
            if r.chance(0.05) && applied.year() == plan.detected_on.year() && applied <= plan.left_on() {
                plan.applied_for_protection = Some(applied);
            }
        }
    }
    for (period, quota) in &constraints.protection {
        assign_protection(r, &mut plans, period, *quota);
    }
    assign_assistance(r, &mut plans, constraints.assisted_in_window);
    for plan in &plans {
        write_migrant(w, r, orgs, funding, plan);
        w.flush_if_full().await?;
    }
    Ok(())
}

fn write_migrant(w: &mut Writer<'_>, r: &mut Random, orgs: &Orgs, funding: &[FundingId], plan: &Plan) {
    let office = orgs.migration_in(plan.region);
    let red_cross = orgs.red_cross_in(plan.region);
    let born = r.birth_date(plan.detected_on, plan.age, plan.age);
    let person = w.person(foreigner(
        r,
        plan.origin,
        plan.sex,
        born,
        [Some(office), Some(red_cross)],
    ));
    let executed = plan.executed_on();
    let decision = plan.decision.map(|(decided_on, executed_on)| MigrationDecision {
        kind: plan.decision_kind,
        decided_on,
        executed_on,
        destination: Some(
            if plan.decision_kind == MigrationDecisionKind::ReadmissionToTransitCountry {
                country(if r.chance(0.5) { "POL" } else { "LTU" })
            } else {
                country(plan.origin)
            },
        ),
    });
    let detention = plan
        .stay
        .map(|s| DetentionPeriod {
            facility: s.facility,
            started_on: s.start,
            ended_on: (!s.open).then(|| s.end()),
        })
        .into_iter()
        .collect();
    let year = plan.detected_on.year();
    let reference = w.reference("M", year);
    let case = w.case(CaseInput {
        org: office,
        person: Some(person),
        reference,
        opened_on: plan.detected_on,
        closed_on: executed,
        status: if executed.is_some() {
            CaseStatus::Closed
        } else {
            CaseStatus::Active
        },
        details: CaseDetails::Migration(MigrationDetails {
            detected_on: plan.detected_on,
            detected_in: Some(plan.region),
            grounds: plan.grounds,
            detention,
            decision,
        }),
    });
    if let Some(applied) = plan.applied_for_protection {
        let input = protection_case(w, r, office, person, applied);
        w.case(input);
    }
    for on in &plan.assisted_on {
        let kind = *r.weighted(&[
            (AssistanceKind::Humanitarian, 50),
            (AssistanceKind::Medical, 25),
            (AssistanceKind::Legal, 10),
            (AssistanceKind::SocialCounselling, 10),
            (AssistanceKind::FinancialAid, 5),
        ]);
        let provider = if kind == AssistanceKind::Legal {
            orgs.unhcr
        } else {
            red_cross
        };
        let (cost, linked) = assistance_cost(r, *on, kind, funding);
        w.assistance(AssistanceInput {
            person,
            case: Some(case),
            provider,
            kind,
            delivered_on: *on,
            cost,
            funding: linked,
            notes: None,
        });
    }
    if plan.decision_kind == MigrationDecisionKind::VoluntaryReturnIom
        && let Some(on) = executed
        // Travel paid inside the window counts as assistance there: only for those counted.
        && (!window().contains(on) || plan.assisted_in_window)
    {
        w.assistance(AssistanceInput {
            person,
            case: Some(case),
            provider: orgs.iom,
            kind: AssistanceKind::ReturnTravel,
            delivered_on: on,
            cost: Some(Money::new(r.between(250, 900) * 100, Currency::Usd).expect("a positive amount")),
            funding: None,
            notes: None,
        });
    }
}

/// What a service cost, in the roubles of its day, and the transit-assistance allocation
/// that paid for it when it was delivered during that programme.
fn assistance_cost(
    r: &mut Random,
    on: NaiveDate,
    kind: AssistanceKind,
    funding: &[FundingId],
) -> (Option<Money>, Option<FundingId>) {
    let roubles = match kind {
        AssistanceKind::Medical => r.between(50, 400),
        AssistanceKind::FinancialAid => r.between(100, 300),
        AssistanceKind::Humanitarian => r.between(40, 150),
        _ => return (None, None),
    };
    // The rouble lost four zeros on 1 July 2016.
    let money = if on < ymd(2016, 7, 1) {
        Money::new(roubles * 10_000, Currency::Byr)
    } else {
        Money::new(roubles * 100, Currency::Byn)
    };
    let linked = (on.year() >= 2021 && on.year() <= 2023 && !funding.is_empty()).then(|| *r.pick(funding));
    (money.ok(), linked)
}

/// An application for protection by a foreigner from outside the CIS, and what became of it.
fn protection_case(
    w: &mut Writer<'_>,
    r: &mut Random,
    office: haven_domain::ids::OrgId,
    person: haven_domain::ids::PersonId,
    applied_on: NaiveDate,
) -> CaseInput {
    let form_applied = *r.weighted(&[
        (ProtectionForm::RefugeeStatus, 70),
        (ProtectionForm::AdditionalProtection, 20),
        (ProtectionForm::Asylum, 10),
    ]);
    let decided_on = applied_on + Duration::days(r.between(30, 150));
    let decision = (decided_on <= DATA_END).then(|| {
        let outcome = *r.weighted(&[
            (ProtectionOutcome::Refused, 55),
            (ProtectionOutcome::Granted, 30),
            (ProtectionOutcome::Withdrawn, 15),
        ]);
        let granted = outcome == ProtectionOutcome::Granted;
        ProtectionDecision {
            outcome,
            form_granted: granted.then(|| {
                if r.chance(0.35) {
                    ProtectionForm::RefugeeStatus
                } else {
                    ProtectionForm::AdditionalProtection
                }
            }),
            decided_on,
            valid_until: granted.then(|| decided_on + Duration::days(365)),
        }
    });
    let closed_on = decision
        .as_ref()
        .filter(|d| d.outcome != ProtectionOutcome::Granted)
        .map(|d| d.decided_on);
    CaseInput {
        org: office,
        person: Some(person),
        reference: w.reference("PR", applied_on.year()),
        opened_on: applied_on,
        closed_on,
        status: if closed_on.is_some() {
            CaseStatus::Closed
        } else {
            CaseStatus::Active
        },
        details: CaseDetails::Protection(ProtectionDetails {
            form_applied,
            applied_on,
            decision,
            extensions: Vec::new(),
        }),
    }
}
