//! Bad input to every constructor: a future date, an end before its start, an unknown code,
//! an age over 120, a negative amount. Each is refused with an error that names the field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::assistance::{AssistanceInput, AssistanceKind};
use haven_domain::case::*;
use haven_domain::cooperation::{CooperationInput, CooperationKind};
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::error::Validate;
use haven_domain::event::{EventKind, NewEvent};
use haven_domain::funding::{FundingInput, FundingPurpose, FundingSource};
use haven_domain::ids::{CaseId, OrgId, PersonId};
use haven_domain::money::{Currency, ExchangeRate, Money};
use haven_domain::org::{OrgKind, OrganisationInput};
use haven_domain::period::Period;
use haven_domain::person::{Identity, NewPerson, Sex};
use haven_domain::prevention::{PreventionInput, PreventionKind, PreventionTopic};
use haven_domain::referral::{CaseSection, Consent, ConsentBasis, NewReferral, ReferralReason};
use haven_domain::survey::SurveyInput;
use haven_domain::training::{Participants, TrainingInput};
use haven_domain::{Problem, ValidationErrors};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2024, 6, 30);
fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}
fn future() -> NaiveDate {
    d(2030, 1, 1)
}
fn at(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// The input is refused, and one error names `field` with the kind of problem expected.
fn refused(outcome: Result<(), ValidationErrors>, field: &str, expected: fn(&Problem) -> bool) {
    let errors = outcome.expect_err(&format!("{field}: bad input was accepted"));
    let named = errors
        .errors
        .iter()
        .find(|e| e.field == field)
        .unwrap_or_else(|| panic!("{field} not named in: {errors}"));
    assert!(
        expected(&named.problem),
        "{field}: unexpected problem {:?}",
        named.problem
    );
    assert!(
        errors.to_string().contains(field),
        "the message names the field: {errors}"
    );
}

fn in_future(p: &Problem) -> bool {
    matches!(p, Problem::InFuture { .. })
}
fn before_other(p: &Problem) -> bool {
    matches!(p, Problem::BeforeOther { .. })
}
fn negative(p: &Problem) -> bool {
    matches!(p, Problem::Negative)
}

fn case(details: CaseDetails) -> CaseInput {
    CaseInput {
        org: OrgId::new(),
        person: Some(PersonId::new()),
        reference: "R-1".into(),
        opened_on: d(2023, 1, 1),
        closed_on: None,
        status: CaseStatus::Active,
        details,
    }
}

fn migration() -> MigrationDetails {
    MigrationDetails {
        detected_on: d(2023, 1, 1),
        detected_in: None,
        grounds: MigrationGrounds::IllegalStay,
        detention: vec![DetentionPeriod {
            facility: DetentionFacility::TemporaryDetentionCentre,
            started_on: d(2023, 1, 1),
            ended_on: Some(d(2023, 1, 10)),
        }],
        decision: None,
    }
}

fn protection() -> ProtectionDetails {
    ProtectionDetails {
        form_applied: ProtectionForm::AdditionalProtection,
        applied_on: d(2023, 1, 1),
        decision: Some(ProtectionDecision {
            outcome: ProtectionOutcome::Granted,
            form_granted: Some(ProtectionForm::AdditionalProtection),
            decided_on: d(2023, 2, 1),
            valid_until: Some(d(2024, 2, 1)),
        }),
        extensions: vec![],
    }
}

#[test]
fn future_dates_are_refused_in_every_record_kind() {
    let mut opened = case(CaseDetails::Migration(migration()));
    opened.opened_on = future();
    refused(opened.validate(today()), "opened_on", in_future);

    let mut trafficking = TraffickingDetails::possible(future());
    trafficking.status = TraffickingStatus::Possible;
    refused(
        case(CaseDetails::Trafficking(trafficking)).validate(today()),
        "details.detected_on",
        in_future,
    );

    let criminal = CriminalDetails {
        article: CriminalArticle::parse("181").unwrap(),
        initiated_on: future(),
        stage: CriminalStage::Initiated,
        stage_on: future(),
        parties: vec![],
        foreign_partner: None,
    };
    refused(
        case(CaseDetails::Criminal(criminal)).validate(today()),
        "details.initiated_on",
        in_future,
    );

    let mut detention = migration();
    detention.detention[0].ended_on = Some(future());
    refused(
        case(CaseDetails::Migration(detention)).validate(today()),
        "details.detention[0].ended_on",
        in_future,
    );

    let mut extended = protection();
    extended.extensions.push(ProtectionExtension {
        decided_on: future(),
        valid_until: d(2031, 1, 1),
    });
    refused(
        case(CaseDetails::Protection(extended)).validate(today()),
        "details.extensions[0].decided_on",
        in_future,
    );

    let applied = CitizenshipDetails {
        applied_on: future(),
        decision: None,
        acquired_on: None,
    };
    refused(
        case(CaseDetails::Citizenship(applied)).validate(today()),
        "details.applied_on",
        in_future,
    );

    let contact = HotlineDetails {
        contacted_at: at(future()),
        caller: CallerType::Anonymous,
        channel: ContactChannel::Phone,
        topic: HotlineTopic::Other,
        destination_country: None,
        advice: None,
        referred_to: None,
    };
    refused(
        case(CaseDetails::Hotline(contact)).validate(today()),
        "details.contacted_at",
        in_future,
    );

    let event = NewEvent {
        case: CaseId::new(),
        kind: EventKind::Note,
        occurred_on: future(),
        notes: None,
    };
    refused(event.validate(today()), "occurred_on", in_future);

    let referral = NewReferral {
        case: CaseId::new(),
        to_org: OrgId::new(),
        reason: ReferralReason::Other,
        sections: vec![CaseSection::Summary],
        consent: Some(Consent {
            basis: ConsentBasis::PersonConsented,
            recorded_on: d(2023, 1, 1),
            recorded_by: None,
        }),
        sent_on: future(),
    };
    refused(referral.validate(today()), "sent_on", in_future);

    refused(assistance(future(), None).validate(today()), "delivered_on", in_future);
    refused(prevention(future(), None).validate(today()), "held_on", in_future);
    refused(funding(future(), 100).validate(today()), "allocated_on", in_future);
    refused(
        training(future(), future(), 3).validate(today()),
        "starts_on",
        in_future,
    );
    refused(cooperation(future(), None).validate(today()), "started_on", in_future);
    let survey = SurveyInput {
        org: OrgId::new(),
        title: "S".into(),
        fielded_from: d(2024, 1, 1),
        fielded_to: future(),
    };
    refused(survey.validate(today()), "fielded_to", in_future);
    refused(Period::since(future(), today()).map(|_| ()), "since", in_future);
    let mut person = NewPerson {
        sex: Sex::Female,
        citizenships: vec![],
        identity: Identity::default(),
    };
    person.identity.birth_date = Some(PartialDate::full(future()));
    refused(person.validate(today()), "identity.birth_date", in_future);
}

#[test]
fn ends_before_their_starts_are_refused() {
    let mut closed = case(CaseDetails::Migration(migration()));
    closed.status = CaseStatus::Closed;
    closed.closed_on = Some(d(2022, 12, 31));
    refused(closed.validate(today()), "closed_on", before_other);

    let mut detention = migration();
    detention.detention[0].ended_on = Some(d(2022, 12, 1));
    refused(
        case(CaseDetails::Migration(detention)).validate(today()),
        "details.detention[0].ended_on",
        before_other,
    );

    let mut decided = migration();
    decided.decision = Some(MigrationDecision {
        kind: MigrationDecisionKind::Deportation,
        decided_on: d(2023, 2, 1),
        executed_on: Some(d(2023, 1, 20)),
        destination: None,
    });
    refused(
        case(CaseDetails::Migration(decided)).validate(today()),
        "details.decision.executed_on",
        before_other,
    );

    let mut protection_case = protection();
    protection_case.decision.as_mut().unwrap().decided_on = d(2022, 6, 1);
    refused(
        case(CaseDetails::Protection(protection_case)).validate(today()),
        "details.decision.decided_on",
        before_other,
    );

    let criminal = CriminalDetails {
        article: CriminalArticle::parse("171").unwrap(),
        initiated_on: d(2023, 5, 1),
        stage: CriminalStage::SentToCourt,
        stage_on: d(2023, 4, 1),
        parties: vec![],
        foreign_partner: None,
    };
    refused(
        case(CaseDetails::Criminal(criminal)).validate(today()),
        "details.stage_on",
        before_other,
    );

    let mut trafficking = TraffickingDetails::possible(d(2023, 3, 1));
    trafficking.identified_on = Some(d(2023, 2, 1));
    refused(
        case(CaseDetails::Trafficking(trafficking)).validate(today()),
        "details.identified_on",
        before_other,
    );

    refused(
        training(d(2023, 5, 10), d(2023, 5, 1), 3).validate(today()),
        "ends_on",
        before_other,
    );
    refused(
        cooperation(d(2023, 5, 10), Some(d(2023, 5, 1))).validate(today()),
        "ended_on",
        before_other,
    );
    let survey = SurveyInput {
        org: OrgId::new(),
        title: "S".into(),
        fielded_from: d(2006, 10, 1),
        fielded_to: d(2006, 9, 1),
    };
    refused(survey.validate(today()), "fielded_to", before_other);
    refused(
        Period::range(d(2024, 5, 31), d(2024, 1, 1)).map(|_| ()),
        "to",
        before_other,
    );
}

#[test]
fn negative_amounts_and_counts_are_refused() {
    assert_eq!(Money::new(-1, Currency::Byn), Err(Problem::Negative));
    refused(funding(d(2023, 1, 1), -500).validate(today()), "amount.minor", negative);
    let cost = Some(Money {
        minor: -100,
        currency: Currency::Byn,
    });
    refused(
        assistance(d(2023, 1, 1), cost).validate(today()),
        "cost.minor",
        negative,
    );
    refused(
        prevention(d(2023, 1, 1), Some(-3)).validate(today()),
        "audience",
        negative,
    );
    refused(
        training(d(2023, 5, 1), d(2023, 5, 2), -4).validate(today()),
        "participants[0].count",
        negative,
    );
    assert!("-0.3".parse::<ExchangeRate>().is_err());
}

#[test]
fn ages_over_120_are_refused() {
    let person = NewPerson {
        sex: Sex::Male,
        citizenships: vec![],
        identity: Identity {
            birth_date: Some(PartialDate::year(1899).unwrap()),
            ..Identity::default()
        },
    };
    refused(person.validate(today()), "identity.birth_date", |p| {
        matches!(p, Problem::AgeOver { max: 120, .. })
    });
}

#[test]
fn unknown_codes_are_refused_naming_their_list() {
    let unknown = |problem: Problem, list: &str| match problem {
        Problem::UnknownCode { list: named, value } => {
            assert_eq!(named, list);
            assert_eq!(value, "NOPE");
        }
        other => panic!("{other:?}"),
    };
    unknown(CountryCode::parse("NOPE").unwrap_err(), "ISO 3166 alpha-3 country code");
    unknown(Exploitation::parse("NOPE").unwrap_err(), "type of exploitation");
    unknown(MeansOfControl::parse("NOPE").unwrap_err(), "method of control");
    unknown(TraffickingStatus::parse("NOPE").unwrap_err(), "trafficking status");
    unknown(ProtectionForm::parse("NOPE").unwrap_err(), "form of protection");
    unknown(MigrationDecisionKind::parse("NOPE").unwrap_err(), "migration decision");
    unknown(CriminalArticle::parse("NOPE").unwrap_err(), "Criminal Code article");
    unknown(Currency::parse("NOPE").unwrap_err(), "ISO 4217 currency code");
    unknown(OrgKind::parse("NOPE").unwrap_err(), "organisation kind");
    unknown(AssistanceKind::parse("NOPE").unwrap_err(), "kind of assistance");
    // From JSON, as the API and imports will read it, the message names list and value.
    let json = r#"{"status":"PossibleVictimOfTrafficking","detected_on":"2023-01-01","identified_on":null,"status_decided_by":null,
        "exploitation":["NOPE"],"sex_exploitation":[],"forced_labour_industry":null,"means_of_control":[],"recruitment":[],
        "recruiter_relation":null,"vulnerabilities":[],"recruitment_country":null,"transit_countries":[],"exploitation_country":null}"#;
    let err = serde_json::from_str::<TraffickingDetails>(json)
        .unwrap_err()
        .to_string();
    assert!(err.contains("'NOPE' is not a known type of exploitation"), "{err}");
}

fn assistance(on: NaiveDate, cost: Option<Money>) -> AssistanceInput {
    AssistanceInput {
        person: PersonId::new(),
        case: None,
        provider: OrgId::new(),
        kind: AssistanceKind::Medical,
        delivered_on: on,
        cost,
        funding: None,
        notes: None,
    }
}

fn prevention(on: NaiveDate, audience: Option<i64>) -> PreventionInput {
    PreventionInput {
        org: OrgId::new(),
        kind: PreventionKind::Lecture,
        topic: PreventionTopic::SafeTravelAbroad,
        held_on: on,
        title: "Lecture".into(),
        region: None,
        audience,
    }
}

fn funding(on: NaiveDate, minor: i64) -> FundingInput {
    FundingInput {
        source: FundingSource::Sponsorship,
        donor: "Donor".into(),
        recipient: None,
        purpose: FundingPurpose::Prevention,
        allocated_on: on,
        amount: Money {
            minor,
            currency: Currency::Byn,
        },
        usd_rate: "0.31".parse().unwrap(),
    }
}

fn training(starts: NaiveDate, ends: NaiveDate, count: i64) -> TrainingInput {
    TrainingInput {
        org: OrgId::new(),
        title: "Course".into(),
        starts_on: starts,
        ends_on: ends,
        participants: vec![Participants {
            country: CountryCode::parse("KAZ").unwrap(),
            count,
        }],
    }
}

fn cooperation(started: NaiveDate, ended: Option<NaiveDate>) -> CooperationInput {
    CooperationInput {
        org: OrgId::new(),
        kind: CooperationKind::OutgoingRequest,
        counterpart: "Police".into(),
        counterpart_country: None,
        subject: "Request".into(),
        case: None,
        started_on: started,
        ended_on: ended,
        outcome: None,
    }
}

#[test]
fn organisations_need_a_name() {
    let input = OrganisationInput {
        parent: None,
        name: "  ".into(),
        short_name: None,
        kind: OrgKind::Ngo,
        region: None,
    };
    refused(input.validate(today()), "name", |p| matches!(p, Problem::Required));
}
