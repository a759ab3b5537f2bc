//! The response's work that is about no one in particular: funding, prevention, trainings,
//! international cooperation and public-awareness surveys.

use chrono::{Datelike, Duration, NaiveDate};
use haven_domain::cooperation::{CooperationInput, CooperationKind};
use haven_domain::funding::{FundingInput, FundingPurpose, FundingSource};
use haven_domain::ids::FundingId;
use haven_domain::money::{Currency, ExchangeRate, Money};
use haven_domain::org::Region;
use haven_domain::person::Sex;
use haven_domain::prevention::{PreventionInput, PreventionKind, PreventionTopic};
use haven_domain::survey::{Answer, SurveyInput, SurveyResponse};
use haven_domain::training::{Participants, TrainingInput};
use haven_store::StoreError;

use crate::orgs::{Orgs, REGIONS};
use crate::people::country;
use crate::random::{Random, ymd};
use crate::targets::{
    MIGRANT_TRANSIT_FUNDING_USD_CENTS_2021_2023, MINORS_CAMPAIGN_PUBLICATIONS_2023, SURVEY_2006_AWARE,
    SURVEY_2006_RESPONDENTS,
};
use crate::writer::Writer;
use crate::{DATA_END, Scale};

/// US dollars per unit of a currency in a year: rough annual averages, enough for a
/// plausible dollar equivalent.
fn usd_rate(currency: Currency, year: i32) -> ExchangeRate {
    let rate = match (currency, year) {
        (Currency::Eur, ..=2008) => "1.35",
        (Currency::Eur, 2009..=2014) => "1.33",
        (Currency::Eur, 2015..=2019) => "1.12",
        (Currency::Eur, 2020 | 2021) => "1.16",
        (Currency::Eur, 2022) => "1.05",
        (Currency::Eur, _) => "1.08",
        (Currency::Byn, ..=2019) => "0.48",
        (Currency::Byn, 2020) => "0.41",
        (Currency::Byn, 2021) => "0.39",
        (Currency::Byn, 2022) => "0.38",
        (Currency::Byn, _) => "0.315",
        (Currency::Rub, ..=2021) => "0.0136",
        (Currency::Rub, 2022) => "0.0145",
        (Currency::Rub, _) => "0.0118",
        // US dollars, and currencies the demo does not use.
        _ => "1",
    };
    rate.parse().expect("a valid rate")
}

fn allocation(
    source: FundingSource,
    donor: &str,
    purpose: FundingPurpose,
    on: NaiveDate,
    major: i64,
    currency: Currency,
) -> FundingInput {
    FundingInput {
        source,
        donor: donor.to_owned(),
        recipient: None,
        purpose,
        allocated_on: on,
        amount: Money::new(major * 10i64.pow(currency.minor_digits()), currency).expect("positive"),
        usd_rate: usd_rate(currency, on.year()),
    }
}

/// Funding: the 2021-2023 programme for migrants in transit (more than a million dollars in
/// all, in several currencies and from several kinds of source) and, around it, money for
/// victims, prevention and training. Returns the transit programme's allocations.
pub(crate) fn funding(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) -> Vec<FundingId> {
    let target = (MIGRANT_TRANSIT_FUNDING_USD_CENTS_2021_2023 as f64 * scale.factor()).round() as i64;
    let sources: [(FundingSource, &str, Currency, i64); 4] = [
        (
            FundingSource::ForeignGratuitousAid,
            "Foreign humanitarian donors",
            Currency::Eur,
            40_000,
        ),
        (FundingSource::InternationalOrganisation, "UNHCR", Currency::Usd, 30_000),
        (
            FundingSource::Sponsorship,
            "Domestic companies (sponsorship)",
            Currency::Byn,
            60_000,
        ),
        (
            FundingSource::IndividualDonations,
            "Donations from individuals",
            Currency::Byn,
            15_000,
        ),
    ];
    let mut planned = Vec::new();
    let mut total = 0i64;
    // Allocations until the programme reaches its total; the last one is cut to land on it.
    while total < target {
        let (source, donor, currency, typical) = *r.pick(&sources);
        let on = r.day(ymd(2021, 8, 1), ymd(2023, 12, 31));
        let mut input = allocation(
            source,
            donor,
            FundingPurpose::MigrantTransitAssistance,
            on,
            r.between(typical / 2, typical * 2),
            currency,
        );
        input.recipient = Some(orgs.red_cross_in(Region::Hrodna));
        let cents = input.usd_cents();
        if total + cents > target {
            // Whole dollars in US dollars make the last allocation exact.
            input = allocation(
                source,
                donor,
                FundingPurpose::MigrantTransitAssistance,
                on,
                0,
                Currency::Usd,
            );
            input.amount = Money::new(target - total, Currency::Usd).expect("positive");
            input.recipient = Some(orgs.red_cross_in(Region::Hrodna));
        }
        total += input.usd_cents();
        planned.push(input);
    }
    let transit: Vec<FundingId> = planned.into_iter().map(|input| w.funding(input)).collect();
    for year in 2002..=2024 {
        let on = r.day_in_year(year).min(DATA_END);
        let mut victims = allocation(
            FundingSource::InternationalOrganisation,
            "IOM counter-trafficking programme",
            FundingPurpose::VictimAssistance,
            on,
            r.between(150_000, 400_000),
            Currency::Usd,
        );
        victims.recipient = Some(orgs.iom);
        w.funding(victims);
        let on = r.day_in_year(year).min(DATA_END);
        let currency = if on < ymd(2016, 7, 1) {
            Currency::Usd
        } else {
            Currency::Byn
        };
        w.funding(allocation(
            FundingSource::StateBudget,
            "State programme against trafficking",
            FundingPurpose::Prevention,
            on,
            r.between(20_000, 80_000),
            currency,
        ));
        if year >= 2008 {
            let on = r.day_in_year(year).min(DATA_END);
            let mut training = allocation(
                FundingSource::ForeignGratuitousAid,
                "International partners",
                FundingPurpose::Training,
                on,
                r.between(30_000, 90_000),
                Currency::Eur,
            );
            training.recipient = Some(orgs.training_centre);
            w.funding(training);
        }
    }
    transit
}

/// Prevention activities of every kind each year; in 2023 exactly the reported number of
/// publications of the campaign against sexual exploitation of minors.
pub(crate) async fn prevention(
    w: &mut Writer<'_>,
    r: &mut Random,
    scale: Scale,
    orgs: &Orgs,
) -> Result<(), StoreError> {
    for year in 2002..=DATA_END.year() {
        let last = ymd(year, 12, 31).min(DATA_END);
        let minors_publications = if year == 2023 {
            scale.n(MINORS_CAMPAIGN_PUBLICATIONS_2023)
        } else {
            scale.n(if year >= 2015 {
                150 + (year as u64 - 2015) * 15
            } else {
                40
            })
        };
        let kinds: [(PreventionKind, PreventionTopic, u64); 9] = [
            (
                PreventionKind::Publication,
                PreventionTopic::SexualExploitationOfMinors,
                minors_publications,
            ),
            (
                PreventionKind::Publication,
                PreventionTopic::SafeTravelAbroad,
                scale.n(120),
            ),
            (
                PreventionKind::Publication,
                PreventionTopic::LabourExploitation,
                scale.n(60),
            ),
            (PreventionKind::Lecture, PreventionTopic::SafeTravelAbroad, scale.n(300)),
            (
                PreventionKind::ParentMeeting,
                PreventionTopic::OnlineSafety,
                scale.n(if year >= 2012 { 200 } else { 40 }),
            ),
            (PreventionKind::Quiz, PreventionTopic::OnlineSafety, scale.n(30)),
            (
                PreventionKind::Announcement,
                PreventionTopic::SafeTravelAbroad,
                scale.n(24),
            ),
            (
                PreventionKind::Booklet,
                PreventionTopic::AssistanceToVictims,
                scale.n(12),
            ),
            (
                PreventionKind::Broadcast,
                PreventionTopic::IllegalMigration,
                scale.n(if year >= 2021 { 40 } else { 5 }),
            ),
        ];
        for (kind, topic, count) in kinds {
            // The data set ends half-way through its last year.
            let count = if year == DATA_END.year() { count / 2 } else { count };
            for _ in 0..count {
                let region = *r.weighted(&REGIONS);
                let held_on = r.day(ymd(year, 1, 1), last);
                w.prevention(PreventionInput {
                    org: orgs.police_in(region),
                    kind,
                    topic,
                    held_on,
                    title: title(kind, topic),
                    region: Some(region),
                    audience: matches!(
                        kind,
                        PreventionKind::Lecture | PreventionKind::ParentMeeting | PreventionKind::Quiz
                    )
                    .then(|| r.between(15, 200)),
                });
                w.flush_if_full().await?;
            }
        }
    }
    Ok(())
}

fn title(kind: PreventionKind, topic: PreventionTopic) -> String {
    let what = match topic {
        PreventionTopic::SexualExploitationOfMinors => "Protecting children from sexual exploitation",
        PreventionTopic::SafeTravelAbroad => "Safe departure and stay abroad",
        PreventionTopic::LabourExploitation => "Work abroad without slavery",
        PreventionTopic::OnlineSafety => "Children's safety on the Internet",
        PreventionTopic::AssistanceToVictims => "Where victims of trafficking get help",
        PreventionTopic::IllegalMigration => "Consequences of illegal migration",
        PreventionTopic::General => "Combating trafficking in human beings",
    };
    format!("{what} ({})", kind.code().replace('_', " "))
}

/// Courses of the International Training Centre, with participants from the CIS states.
pub(crate) fn trainings(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) {
    const CIS: [&str; 9] = ["ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB"];
    const COURSES: [&str; 5] = [
        "Identification of victims of trafficking",
        "Investigating trafficking and related crimes",
        "Countering illegal migration",
        "Working with asylum seekers",
        "Cybercrime against children",
    ];
    for year in 2008..=DATA_END.year() {
        for _ in 0..scale.n(30) {
            let starts_on = r.day(ymd(year, 1, 10), ymd(year, 12, 10).min(DATA_END - Duration::days(10)));
            let mut participants = Vec::new();
            let countries = r.between(1, 5) as usize;
            for k in r.choose(CIS.len(), countries) {
                participants.push(Participants {
                    country: country(CIS[k]),
                    count: r.between(2, 12),
                });
            }
            w.training(TrainingInput {
                org: orgs.training_centre,
                title: (*r.pick(&COURSES)).to_owned(),
                starts_on,
                ends_on: starts_on + Duration::days(r.between(2, 9)),
                participants,
            });
        }
    }
}

/// Requests from UNHCR every week since 2022, the CSTO's operation "Illegal" twice a year,
/// and requests to and from foreign police.
pub(crate) fn cooperation(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) {
    let mut week = ymd(2022, 1, 3);
    while week <= DATA_END {
        for _ in 0..scale.n(1) {
            let origin = *r.pick(&["SYR", "IRQ", "IRN", "AFG", "YEM"]);
            w.cooperation(CooperationInput {
                org: orgs.migration_in(Region::MinskCity),
                kind: CooperationKind::IncomingRequest,
                counterpart: "UNHCR Representative Office".into(),
                counterpart_country: None,
                subject: format!("Prompt consideration of an application for protection by a citizen of {origin}"),
                case: None,
                started_on: week,
                ended_on: Some(week + Duration::days(r.between(3, 20))).filter(|d| *d <= DATA_END),
                outcome: None,
            });
        }
        week += Duration::days(7);
    }
    for year in 2009..=DATA_END.year() {
        for (month, half) in [(4, 1), (10, 2)] {
            let started_on = ymd(year, month, 1);
            if started_on > DATA_END {
                continue;
            }
            w.cooperation(CooperationInput {
                org: orgs.ministry,
                kind: CooperationKind::JointOperation,
                counterpart: "Collective Security Treaty Organization".into(),
                counterpart_country: None,
                subject: format!("Operation \"Illegal-{year}\", stage {half}"),
                case: None,
                started_on,
                ended_on: Some(started_on + Duration::days(20)).filter(|d| *d <= DATA_END),
                outcome: None,
            });
        }
        for _ in 0..scale.n(40) {
            let started_on = r.day(ymd(year, 1, 1), ymd(year, 12, 31).min(DATA_END));
            let partner = *r.pick(&["RUS", "POL", "LTU", "DEU", "TUR", "ARE", "ISR", "UKR"]);
            w.cooperation(CooperationInput {
                org: orgs.police_in(*r.weighted(&REGIONS)),
                kind: if r.chance(0.5) {
                    CooperationKind::OutgoingRequest
                } else {
                    CooperationKind::IncomingRequest
                },
                counterpart: "Foreign police (via Interpol)".into(),
                counterpart_country: Some(country(partner)),
                subject: "Request for legal assistance in a trafficking case".into(),
                case: None,
                started_on,
                ended_on: None,
                outcome: None,
            });
        }
    }
}

/// IOM's 2006 survey, in which the reported share understood the issue well, and a later one.
pub(crate) fn surveys(w: &mut Writer<'_>, r: &mut Random, scale: Scale, orgs: &Orgs) {
    let respondents = scale.n(SURVEY_2006_RESPONDENTS);
    let aware = scale.n(SURVEY_2006_AWARE);
    let survey = |w: &mut Writer<'_>,
                  r: &mut Random,
                  title: &str,
                  from: NaiveDate,
                  to: NaiveDate,
                  respondents: u64,
                  aware: u64| {
        let yes = r.choose(respondents as usize, aware as usize);
        let responses = (0..respondents as usize)
            .map(|i| SurveyResponse {
                respondent: i as i64 + 1,
                sex: Some(if r.chance(0.54) { Sex::Female } else { Sex::Male }),
                region: Some(*r.weighted(&REGIONS)),
                answers: vec![Answer {
                    question: "understands_trafficking".into(),
                    answer: if yes.binary_search(&i).is_ok() { "yes" } else { "no" }.into(),
                }],
            })
            .collect();
        w.survey(
            SurveyInput {
                org: orgs.iom,
                title: title.to_owned(),
                fielded_from: from,
                fielded_to: to,
            },
            responses,
        );
    };
    survey(
        w,
        r,
        "Public awareness of trafficking in human beings (IOM)",
        ymd(2006, 9, 1),
        ymd(2006, 10, 15),
        respondents,
        aware,
    );
    survey(
        w,
        r,
        "Public awareness of trafficking in human beings, follow-up",
        ymd(2015, 5, 1),
        ymd(2015, 6, 15),
        scale.n(1_200),
        scale.n(1_056),
    );
}
