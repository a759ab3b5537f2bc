//! The country report: the shape of the UN input in `seeds/`, each paragraph's figures computed
//! for the period asked, with the previous comparable period, yearly trends and a table annex.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;
use haven_domain::period::Period;
use haven_stats::catalogue::Unit;
use haven_stats::disclosure::{Shown, hidden_label, protect};
use haven_stats::{Dimension, FactBase, Indicator, evaluate};
use serde::Serialize;

use haven_domain::publication::LockedReport;
use haven_domain::reference::{FigureValue, ReferenceFigure, ReferenceSource};

use crate::ReportError;
use crate::i18n::{Lang, Messages};
use crate::locked::Revision;

/// The report's sections and, in each, the indicators its paragraphs state, in order.
pub const SECTIONS: &[(&str, &[&str])] = &[
    (
        "section-prevention",
        &[
            "prevention.publications.minors_sexual_exploitation",
            "prevention.activities",
            "prevention.survey.awareness_share",
        ],
    ),
    (
        "section-migration",
        &[
            "migration.irregular_migrants.identified",
            "migration.irregular_migrants.detained",
            "detention.irregular_migrants.average_daily_population",
            "return.voluntary.iom_assisted",
            "assistance.irregular_migrants.persons_assisted",
            "funding.migrant_assistance.usd_equivalent",
        ],
    ),
    (
        "section-protection",
        &[
            "asylum.applications.non_cis",
            "protection.applications.ukraine",
            "protection.additional_protection.granted.ukraine",
            "protection.additional_protection.extended.ukraine",
            "citizenship.applications.ukraine",
            "citizenship.acquired.ukraine",
        ],
    ),
    (
        "section-trafficking",
        &[
            "trafficking.victims.identified",
            "assistance.trafficking_victims.reintegration",
            "criminal.cases.initiated",
            "criminal.persons.convicted",
            "hotline.contacts",
        ],
    ),
];

/// Indicators drawn as trend charts, year by year.
pub const TRENDS: &[&str] = &[
    "migration.irregular_migrants.identified",
    "asylum.applications.non_cis",
    "trafficking.victims.identified",
    "hotline.contacts",
];

/// The breakdowns of the table annex: indicator and dimension.
pub const ANNEX: &[(&str, &str)] = &[
    ("migration.irregular_migrants.identified", "origin_region"),
    ("migration.irregular_migrants.identified", "citizenship"),
    ("asylum.applications.non_cis", "citizenship"),
    ("return.voluntary.iom_assisted", "destination"),
    ("trafficking.victims.identified", "exploitation"),
    ("trafficking.victims.identified", "sex"),
    ("criminal.cases.initiated", "article"),
    ("hotline.contacts", "topic"),
    ("assistance.persons_assisted", "kind"),
    ("funding.usd_equivalent", "source"),
];

/// Every indicator the report reads.
pub fn indicators() -> Result<Vec<&'static Indicator>, ReportError> {
    let mut ids: Vec<&str> = SECTIONS.iter().flat_map(|(_, ids)| ids.iter().copied()).collect();
    ids.extend(TRENDS);
    ids.extend(ANNEX.iter().map(|(id, _)| *id));
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(|id| Ok(haven_stats::indicator(id)?)).collect()
}

/// How a figure that has nothing to be computed from (a share with no answers) is shown.
pub const NO_DATA: &str = "—";

/// A value as published, with how it is written in the report's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The number; `None` when hidden by disclosure control.
    pub value: Option<f64>,
    /// As printed: `1,047`, `1 047`, `95 %`, `<5`.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub value: Value,
}

/// One figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportFigure {
    pub id: &'static str,
    pub version: u32,
    pub title: &'static str,
    pub unit: Unit,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub value: Value,
    pub previous: Value,
    pub previous_from: NaiveDate,
    pub previous_to: NaiveDate,
    pub years: Vec<YearValue>,
    /// Set when the report is locked and the records have changed since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub text: String,
    pub figures: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

/// A cell of an annex table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TableCell {
    Text(String),
    Number { value: Option<f64>, text: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<TableCell>>,
}

/// The whole report, in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryReport {
    pub report: &'static str,
    pub lang: Lang,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub title: String,
    pub period_line: String,
    pub note: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<String>,
    pub threshold: u64,
    pub sections: Vec<Section>,
    pub figures: Vec<ReportFigure>,
    pub trends: Vec<&'static str>,
    pub tables: Vec<Table>,
    /// Labels of the report's own furniture, in its language.
    pub labels: Labels,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labels {
    pub trends: String,
    pub annex: String,
    pub indicator: String,
    pub period: String,
    pub value: String,
    pub previous: String,
    pub year: String,
    pub revision: String,
}

/// What to report on.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub period: Period,
    pub lang: Lang,
    pub threshold: u64,
    /// The date the report is made, printed on it.
    pub today: NaiveDate,
    /// A locked report whose values are printed instead of those computed now.
    pub locked: Option<&'a LockedReport>,
    /// External reference statistics about the country (see [`REFERENCE_COUNTRY`]), shown
    /// beside Haven's own figures; empty if none are stored.
    pub reference: &'a [(ReferenceSource, ReferenceFigure)],
}

/// The country whose reference figures the report shows beside its own.
pub const REFERENCE_COUNTRY: &str = "BLR";
/// The GLOTIP indicator that matches Haven's `trafficking.victims.identified`.
pub const GLOTIP_VICTIMS: &str = "Detected trafficking victims";

/// Detected victims by year as UNODC GLOTIP publishes them beside Haven's own count, with the
/// US TIP tier of the year: every year GLOTIP gives, and the years of the period, up to its end.
fn reference_table(base: &FactBase, messages: &Messages, request: &Request) -> Result<Option<Table>, ReportError> {
    let ours = |f: &ReferenceFigure| f.country.as_deref() == Some(REFERENCE_COUNTRY) && f.is_total();
    let glotip: std::collections::BTreeMap<i32, &FigureValue> = request
        .reference
        .iter()
        .filter(|(s, f)| *s == ReferenceSource::UnodcGlotip && f.indicator == GLOTIP_VICTIMS && ours(f))
        .map(|(_, f)| (f.year, &f.value))
        .collect();
    if glotip.is_empty() {
        return Ok(None);
    }
    let tiers: std::collections::BTreeMap<i32, &FigureValue> = request
        .reference
        .iter()
        .filter(|(s, f)| *s == ReferenceSource::UsTipTiers && ours(f))
        .map(|(_, f)| (f.year, &f.value))
        .collect();
    let last = request.period.last().year();
    let mut years: Vec<i32> = glotip.keys().copied().filter(|y| *y <= last).collect();
    years.extend(self::years(request.period).into_iter().map(|(y, _)| y));
    years.sort_unstable();
    years.dedup();
    let indicator = haven_stats::indicator("trafficking.victims.identified")?;
    let reference_cell = |value: Option<&&FigureValue>| match value {
        Some(FigureValue::Count(n)) => TableCell::Number {
            value: Some(*n as f64),
            text: format_value(*n as f64, Unit::Persons, request.lang),
        },
        Some(other) => TableCell::Text(other.to_string()),
        None => TableCell::Text(NO_DATA.to_owned()),
    };
    let mut rows = Vec::new();
    for year in years {
        let (Some(first), Some(end)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let period =
            Period::range(first, end.min(request.period.last())).map_err(|e| ReportError::Definition(e.to_string()))?;
        let figure = evaluate(base, indicator, period, &[])?;
        let shown = protect(&figure, true, request.threshold).value;
        let haven = published(shown, indicator.unit, request.lang, request.threshold);
        rows.push(vec![
            TableCell::Text(year.to_string()),
            reference_cell(glotip.get(&year)),
            TableCell::Number {
                value: haven.value,
                text: haven.text,
            },
            reference_cell(tiers.get(&year)),
        ]);
    }
    Ok(Some(Table {
        title: messages.text("reference-victims-title", &[]),
        columns: vec![
            messages.text("column-year", &[]),
            "UNODC GLOTIP".to_owned(),
            "Haven".to_owned(),
            messages.text("column-tip-tier", &[]),
        ],
        rows,
    }))
}

/// Numbers as the report's language writes them.
pub fn format_value(value: f64, unit: Unit, lang: Lang) -> String {
    let (group, decimal) = match lang {
        Lang::En => (",", "."),
        Lang::Ru | Lang::Be => ("\u{a0}", ","),
    };
    let grouped = |whole: u64| {
        let digits = whole.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(c);
        }
        out
    };
    let with_decimals = |v: f64, places: usize| {
        let text = format!("{:.*}", places, v.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let whole = grouped(whole.parse().unwrap_or(0));
        let sign = if v < 0.0 { "-" } else { "" };
        if fraction.is_empty() || fraction.chars().all(|c| c == '0') {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{decimal}{fraction}")
        }
    };
    match unit {
        Unit::Share => format!("{}\u{a0}%", with_decimals(value * 100.0, 1)),
        Unit::PersonsPerDay | Unit::Days => with_decimals(value, 1),
        Unit::UsDollars => with_decimals(value.round(), 0),
        Unit::Persons | Unit::Records | Unit::People => with_decimals(value, 0),
    }
}

fn published(shown: Shown, unit: Unit, lang: Lang, threshold: u64) -> Value {
    match shown {
        Shown::Value(v) => Value {
            value: Some(v),
            text: format_value(v, unit, lang),
        },
        Shown::Hidden => Value {
            value: None,
            text: hidden_label(threshold),
        },
    }
}

/// The calendar years the period touches, each cut to the period.
fn years(period: Period) -> Vec<(i32, Period)> {
    (period.first().year()..=period.last().year())
        .filter_map(|year| {
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?.max(period.first());
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?.min(period.last());
            Some((year, Period::range(first, last).ok()?))
        })
        .collect()
}

fn figure(base: &FactBase, indicator: &'static Indicator, request: &Request) -> Result<ReportFigure, ReportError> {
    let additive = indicator.measure.is_additive();
    let compute = |period: Period| -> Result<Value, ReportError> {
        let figure = evaluate(base, indicator, period, &[])?;
        if !additive && figure.contributors == 0 {
            // An average or a share of nothing is not zero: there is no figure.
            return Ok(Value {
                value: None,
                text: NO_DATA.to_owned(),
            });
        }
        let shown = protect(&figure, additive, request.threshold).value;
        Ok(published(shown, indicator.unit, request.lang, request.threshold))
    };
    let messages = Messages::new(request.lang);
    let mut revision = None;
    // A locked report prints what it printed when it was locked; where the records have
    // changed since, the main figure carries a revision.
    let mut show = |period: Period| -> Result<Value, ReportError> {
        let current = compute(period)?;
        let Some(locked) = request
            .locked
            .and_then(|l| l.figure(indicator.id, period.first(), period.last()))
        else {
            return Ok(current);
        };
        let printed = locked.value.map_or_else(
            || Value {
                value: None,
                text: current.text.clone(),
            },
            |v| Value {
                value: Some(v),
                text: format_value(v, indicator.unit, request.lang),
            },
        );
        if printed.value != current.value && period == request.period {
            revision = Some(Revision {
                locked: printed.value,
                current: current.value,
                text: messages.text(
                    "revision",
                    &[
                        ("locked", printed.text.clone().into()),
                        ("current", current.text.clone().into()),
                    ],
                ),
            });
        }
        Ok(printed)
    };
    let previous_period = request.period.previous_comparable();
    let value = show(request.period)?;
    let previous = show(previous_period)?;
    let years = years(request.period)
        .into_iter()
        .map(|(year, period)| {
            Ok(YearValue {
                year,
                from: period.first(),
                to: period.last(),
                value: show(period)?,
            })
        })
        .collect::<Result<_, ReportError>>()?;
    Ok(ReportFigure {
        id: indicator.id,
        version: indicator.version,
        title: indicator.title.get(request.lang.code()),
        unit: indicator.unit,
        from: request.period.first(),
        to: request.period.last(),
        value,
        previous,
        previous_from: previous_period.first(),
        previous_to: previous_period.last(),
        years,
        revision,
    })
}

fn annex_table(
    base: &FactBase,
    messages: &Messages,
    request: &Request,
    id: &str,
    dimension: &str,
) -> Result<Table, ReportError> {
    let indicator = haven_stats::indicator(id)?;
    let by: Dimension = indicator
        .dimension(dimension)
        .ok_or_else(|| ReportError::Definition(format!("{id} has no breakdown {dimension}")))?;
    let figure = evaluate(base, indicator, request.period, &[by])?;
    let protected = protect(&figure, indicator.measure.is_additive(), request.threshold);
    let number = |shown: Shown| {
        let v = published(shown, indicator.unit, request.lang, request.threshold);
        TableCell::Number {
            value: v.value,
            text: v.text,
        }
    };
    let mut rows: Vec<Vec<TableCell>> = protected
        .cells
        .iter()
        .map(|cell| vec![TableCell::Text(cell.keys[0].clone()), number(cell.shown)])
        .collect();
    rows.push(vec![TableCell::Text("total".into()), number(protected.value)]);
    Ok(Table {
        title: format!("{} — {dimension}", indicator.title.get(request.lang.code())),
        columns: vec![dimension.to_owned(), messages.text("column-value", &[])],
        rows,
    })
}

/// Compute the report from facts in memory.
pub fn country_report(base: &FactBase, request: &Request) -> Result<CountryReport, ReportError> {
    let messages = Messages::new(request.lang);
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut figures: Vec<ReportFigure> = Vec::new();
    let mut sections = Vec::new();
    for (title, ids) in SECTIONS {
        let mut paragraphs = Vec::new();
        for id in *ids {
            let f = figure(base, haven_stats::indicator(id)?, request)?;
            if f.value.text == NO_DATA {
                // A sentence about a figure that does not exist would mislead.
                figures.push(f);
                continue;
            }
            let args: Vec<(&str, FluentValue)> = vec![
                ("value", f.value.text.clone().into()),
                ("n", f.value.value.unwrap_or(0.0).into()),
                ("previous", f.previous.text.clone().into()),
            ];
            paragraphs.push(Paragraph {
                text: messages.text(&id.replace('.', "-"), &args),
                figures: vec![f.id],
            });
            figures.push(f);
        }
        sections.push(Section {
            title: messages.text(title, &[]),
            paragraphs,
        });
    }
    for id in TRENDS {
        if !figures.iter().any(|f| f.id == *id) {
            figures.push(figure(base, haven_stats::indicator(id)?, request)?);
        }
    }
    let mut tables: Vec<Table> = ANNEX
        .iter()
        .map(|(id, dimension)| annex_table(base, &messages, request, id, dimension))
        .collect::<Result<_, _>>()?;
    tables.extend(reference_table(base, &messages, request)?);
    Ok(CountryReport {
        report: "country",
        lang: request.lang,
        from: request.period.first(),
        to: request.period.last(),
        title: messages.text("report-title", &[]),
        period_line: messages.text(
            "report-period",
            &[
                ("from", date(request.period.first()).into()),
                ("to", date(request.period.last()).into()),
            ],
        ),
        note: messages.text(
            "report-generated",
            &[
                ("date", date(request.today).into()),
                ("threshold", request.threshold.to_string().into()),
            ],
        ),
        locked: request.locked.map(|l| {
            messages.text(
                "report-locked",
                &[
                    ("name", l.input.name.clone().into()),
                    ("date", l.locked_at.format("%Y-%m-%d").to_string().into()),
                    ("hash", l.short_fingerprint().into()),
                ],
            )
        }),
        threshold: request.threshold,
        sections,
        figures,
        trends: TRENDS.to_vec(),
        tables,
        labels: Labels {
            trends: messages.text("section-trends", &[]),
            annex: messages.text("section-annex", &[]),
            indicator: messages.text("column-indicator", &[]),
            period: messages.text("column-period", &[]),
            value: messages.text("column-value", &[]),
            previous: messages.text("column-previous", &[]),
            year: messages.text("column-year", &[]),
            revision: messages.text("column-revision", &[]),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(format_value(1_048_350.4, Unit::UsDollars, Lang::En), "1,048,350");
        assert_eq!(format_value(1047.0, Unit::Persons, Lang::Ru), "1\u{a0}047");
        assert_eq!(format_value(0.95, Unit::Share, Lang::En), "95\u{a0}%");
        assert_eq!(format_value(100.04, Unit::PersonsPerDay, Lang::Be), "100");
        assert_eq!(format_value(99.75, Unit::PersonsPerDay, Lang::Ru), "99,8");
        assert_eq!(format_value(63.0, Unit::Persons, Lang::En), "63");
    }

    #[test]
    fn years_cut_the_period() {
        let period = Period::range(
            NaiveDate::from_ymd_opt(2022, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2024, 5, 31).unwrap(),
        )
        .unwrap();
        let cut: Vec<_> = years(period).into_iter().map(|(y, p)| (y, p.days())).collect();
        assert_eq!(cut, vec![(2022, 306), (2023, 365), (2024, 152)]);
    }

    #[test]
    fn every_section_paragraph_has_its_message_in_every_language() {
        for lang in Lang::ALL {
            let messages = Messages::new(lang);
            for (title, ids) in SECTIONS {
                assert!(messages.has(title), "{lang:?} {title}");
                for id in *ids {
                    assert!(messages.has(&id.replace('.', "-")), "{lang:?} {id}");
                }
            }
        }
    }
}
