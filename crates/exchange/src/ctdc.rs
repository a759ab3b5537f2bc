//! CTDC's data sets in and out.
//!
//! **In**: the victim-perpetrator synthetic data set (`haven import ctdc FILE`), one row per
//! victim and the perpetrators involved, as trafficking cases of a CTDC organisation, each with
//! a person who has no name. What Haven has fields for goes there (the victim's gender as the
//! person's sex; forced labour and sexual exploitation as forms of exploitation); the rest
//! stays in CTDC's coding ([`haven_domain::ctdc`]). CTDC gives the year of registration only as
//! a span (`2014-2018`) or not at all; the case is dated at the first day of the earliest year it
//! can be from (the span's first year, or 2002, where the data set begins) and keeps the span.
//! The records are synthetic and global: they go into a database of their own, and the import
//! refuses a database that holds other cases, whose national statistics they would swell.
//!
//! **Out**: one row per registered victim of trafficking in the column layout of the
//! Counter Trafficking Data Collaborative's global data set (2021 k-anonymised edition), made
//! k-anonymous the way CTDC does it, so that IOM can merge Haven's records into the global data
//! set without anyone being singled out.
//!
//! The quasi-identifiers are the columns someone may know of a victim from outside: year of
//! registration, gender, age band, majority status, citizenship and country of exploitation.
//! In every combination of them that the file holds there are at least `k` rows. Where a
//! combination is rarer, its rows lose one quasi-identifier after another (written as
//! missing, as CTDC writes an unknown value), the most identifying first: citizenship, then
//! country of exploitation, age band, year, gender, majority status. A row still alone after
//! all that is left out. The exploitation, control and recruiter flags are what the data set
//! is for and are kept as recorded.

use std::collections::HashMap;
use std::io::Write;

use chrono::Datelike;
use chrono::NaiveDate;
use haven_domain::access::Actor;
use haven_domain::case::{
    CaseDetails, CaseInput, CaseStatus, Exploitation, MeansOfControl, RecruiterRelation, TraffickingDetails,
    TraffickingStatus,
};
use haven_domain::country::CountryCode;
use haven_domain::ctdc::{CtdcValue, CtdcVariable};
use haven_domain::ids::{CaseId, OrgId};
use haven_domain::org::{OrgKind, OrganisationInput};
use haven_domain::person::Sex;
use haven_domain::person::{Identity, NewPerson};
use haven_store::Store;
use haven_store::{Batch, ImportKey};

use crate::facts::{TraffickingFacts, alpha2};
use crate::source::{ReadOptions, read_table};
use haven_stats::publish::spreadsheet_safe;

use crate::{ImportError, ImportOutcome, Rejection};

/// The columns of the victim-perpetrator data set that Haven has fields for.
const VP_GENDER: &str = "gender";
const VP_FLAGS: [(&str, Exploitation); 2] = [
    ("isForcedLabour", Exploitation::ForcedLabour),
    ("isSexualExploit", Exploitation::SexualExploitation),
];

/// The organisation CTDC's records are filed under.
const CTDC_ORG: &str = "CTDC";

/// Which of CTDC's layouts a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// The victim-perpetrator synthetic data set (`yearRegister`, `IP_...`).
    VictimPerpetrator,
    /// The global data set's layout, as `haven export ctdc` writes it (`yearOfRegistration`...).
    Global,
}

impl Layout {
    fn columns(self) -> Vec<&'static str> {
        match self {
            Self::VictimPerpetrator => {
                let mut wanted: Vec<&str> = vec![VP_GENDER];
                wanted.extend(VP_FLAGS.iter().map(|(n, _)| *n));
                wanted.extend(
                    CtdcVariable::ALL
                        .iter()
                        .filter(|v| v.in_victim_perpetrator_set())
                        .map(|v| v.code()),
                );
                wanted
            }
            Self::Global => columns(),
        }
    }
}

/// A victim as one of CTDC's rows gives it.
#[derive(Debug, Default)]
struct Victim {
    sex: Option<Sex>,
    citizenship: Option<CountryCode>,
    exploitation: Vec<Exploitation>,
    control: Vec<MeansOfControl>,
    relation: Option<RecruiterRelation>,
    exploitation_country: Option<CountryCode>,
    ctdc: Vec<CtdcValue>,
    /// The earliest year the registration can be from.
    year: Option<i32>,
}

/// A CTDC country (ISO 3166 alpha-2) as Haven's (alpha-3).
fn from_alpha2(code: &str) -> Result<CountryCode, String> {
    haven_domain::country::all()
        .into_iter()
        .find(|c| c.alpha2 == code)
        .and_then(|c| CountryCode::parse(c.alpha3).ok())
        .ok_or_else(|| format!("'{code}' is not an ISO 3166 alpha-2 country code"))
}

/// One row read; the problems by column.
fn read_row<'r>(layout: Layout, cell: &dyn Fn(&str) -> &'r str) -> Result<Victim, Vec<(&'static str, String)>> {
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let sex = match cell(VP_GENDER) {
        "Female" => Some(Sex::Female),
        "Male" => Some(Sex::Male),
        "" => None,
        other => {
            problems.push((VP_GENDER, format!("'{other}' is not Female or Male")));
            None
        }
    };
    let mut victim = Victim {
        sex,
        ..Victim::default()
    };
    let mut flag = |name: &'static str| match cell(name) {
        "1" => true,
        "" | "0" => false,
        other => {
            problems.push((name, format!("'{other}' is not 1, 0 or empty")));
            false
        }
    };
    match layout {
        Layout::VictimPerpetrator => {
            for (name, form) in VP_FLAGS {
                if flag(name) {
                    victim.exploitation.push(form);
                }
            }
        }
        Layout::Global => {
            for (name, code) in CONTROL_FLAGS {
                if flag(name) {
                    match code {
                        Some(code) => victim.control.push(code),
                        None => victim
                            .ctdc
                            .push(CtdcValue::new(CtdcVariable::RestrictsMovement, "1").expect("a flag")),
                    }
                }
            }
            for (name, kinds) in EXPLOITATION_FLAGS {
                if flag(name) {
                    victim.exploitation.push(kinds[0]);
                }
            }
            if flag("isOtherExploit") {
                victim.exploitation.push(Exploitation::Other);
            }
            // Haven keeps one relation: the closest named.
            let family = flag("recruiterRelationFamily") | flag("recruiterRelationIntimatePartner");
            let (friend, other) = (flag("recruiterRelationFriend"), flag("recruiterRelationOther"));
            victim.relation = if family {
                Some(RecruiterRelation::Familial)
            } else if friend {
                Some(RecruiterRelation::Acquainted)
            } else if other {
                Some(RecruiterRelation::Unacquainted)
            } else {
                None
            };
            for (column, slot) in [
                ("citizenship", &mut victim.citizenship),
                ("CountryOfExploitation", &mut victim.exploitation_country),
            ] {
                let text = cell(column);
                if !text.is_empty() {
                    match from_alpha2(text) {
                        Ok(country) => *slot = Some(country),
                        Err(reason) => problems.push((column, reason)),
                    }
                }
            }
        }
    }
    for variable in CtdcVariable::ALL {
        let in_layout = match layout {
            Layout::VictimPerpetrator => variable.in_victim_perpetrator_set(),
            Layout::Global => matches!(
                variable,
                CtdcVariable::YearOfRegistration | CtdcVariable::AgeBroad | CtdcVariable::MajorityStatus
            ),
        };
        let text = if in_layout { cell(variable.code()) } else { "" };
        if text.is_empty() {
            continue;
        }
        match CtdcValue::new(*variable, text) {
            Ok(value) => victim.ctdc.push(value),
            Err(problem) => problems.push((variable.code(), problem.to_string())),
        }
    }
    victim.year = victim.ctdc.iter().find_map(|v| match v.variable {
        CtdcVariable::YearRegister => CtdcVariable::first_year(&v.value),
        CtdcVariable::YearOfRegistration => v.value.parse().ok(),
        _ => None,
    });
    if problems.is_empty() { Ok(victim) } else { Err(problems) }
}

/// Read one of CTDC's data sets (comma or semicolon delimited, a leading unnamed column of row
/// numbers ignored) into a database of its own: the victim-perpetrator data set, or the global
/// layout `haven export ctdc` writes.
#[tracing::instrument(skip_all)]
pub async fn import_file(
    store: &dyn Store,
    path: &std::path::Path,
    read: &ReadOptions,
    dry_run: bool,
) -> Result<ImportOutcome, ImportError> {
    let known =
        |name: &str| Layout::VictimPerpetrator.columns().contains(&name) || Layout::Global.columns().contains(&name);
    let table = read_table(path, read, &known)?;
    let layout = if table.header.iter().any(|h| h == "yearOfRegistration") {
        Layout::Global
    } else {
        Layout::VictimPerpetrator
    };
    let wanted = layout.columns();
    let column = |name: &str| table.header.iter().position(|h| h == name);
    let mut columns = HashMap::new();
    for name in wanted.iter().copied() {
        let index = column(name).ok_or_else(|| ImportError::MissingColumn {
            column: name.to_owned(),
            hint: match layout {
                Layout::VictimPerpetrator => " (CTDC's victim-perpetrator data set)".into(),
                Layout::Global => " (CTDC's global data set layout)".into(),
            },
        })?;
        columns.insert(name, index);
    }
    if let Some(extra) = table
        .header
        .iter()
        .find(|h| !h.is_empty() && !columns.contains_key(h.as_str()))
    {
        return Err(ImportError::UnknownColumns {
            kind: "CTDC records".into(),
            columns: extra.clone(),
        });
    }

    let system = Actor::system("import");
    // The content is the named columns in a fixed order, so that a copy with other
    // delimiters or an added column of row numbers is the same row.
    let named: Vec<usize> = wanted.iter().map(|name| columns[name]).collect();
    let keyed: Vec<(String, String)> = table
        .rows
        .iter()
        .map(|r| {
            let content: Vec<&str> = named.iter().map(|i| r.cells[*i].trim()).collect();
            (format!("line {}", r.line), content.join("\u{1f}"))
        })
        .collect();
    let before = store.imported(&system, "ctdc", &keyed).await?;
    let found = before.iter().flatten().count() as i64;
    if store.count_rows("cases").await? > found {
        return Err(ImportError::Refused(
            "the database holds cases of its own: import CTDC's synthetic global records into a database of \
             their own (--db), where they cannot count in national statistics"
                .into(),
        ));
    }
    let mut batch = Batch::default();
    let existing = store
        .organisations()
        .await?
        .into_iter()
        .find(|o| o.short_name.as_deref() == Some(CTDC_ORG));
    let org = if let Some(org) = existing {
        org.id
    } else {
        let id = OrgId::new();
        batch.organisations.push((
            id,
            OrganisationInput {
                parent: None,
                name: "Counter Trafficking Data Collaborative (IOM)".into(),
                short_name: Some(CTDC_ORG.into()),
                kind: OrgKind::InternationalOrganisation,
                region: None,
            },
        ));
        id
    };
    let mut outcome = ImportOutcome {
        rows: table.rows.len(),
        rejected: table.rejected.clone(),
        ..ImportOutcome::default()
    };
    for ((row, (key, content)), before) in table.rows.iter().zip(keyed).zip(before) {
        match before {
            Some(found) if found.unchanged => {
                outcome.unchanged += 1;
                continue;
            }
            Some(_) => {
                outcome.rejected.push(Rejection {
                    line: row.line,
                    column: String::new(),
                    reason: format!("{key} was imported before with other values"),
                });
                continue;
            }
            None => {}
        }
        let cell = |name: &str| columns.get(name).map_or("", |i| row.cells[*i].trim());
        let victim = match read_row(layout, &cell) {
            Ok(victim) => victim,
            Err(problems) => {
                outcome
                    .rejected
                    .extend(problems.into_iter().map(|(column, reason)| Rejection {
                        line: row.line,
                        column: column.to_owned(),
                        reason,
                    }));
                continue;
            }
        };
        let dated = NaiveDate::from_ymd_opt(victim.year.unwrap_or(2002), 1, 1).expect("the first of January");
        let person = haven_domain::ids::PersonId::new();
        batch.persons.push((
            person,
            NewPerson {
                sex: victim.sex.unwrap_or(Sex::Unknown),
                citizenships: victim.citizenship.into_iter().collect(),
                identity: Identity::default(),
            },
        ));
        let case = CaseId::new();
        batch.cases.push((
            case,
            CaseInput {
                org,
                person: Some(person),
                reference: format!("CTDC-{}", row.line),
                opened_on: dated,
                closed_on: None,
                status: CaseStatus::Active,
                details: CaseDetails::Trafficking(TraffickingDetails {
                    exploitation: victim.exploitation,
                    means_of_control: victim.control,
                    recruiter_relation: victim.relation,
                    exploitation_country: victim.exploitation_country,
                    ctdc: victim.ctdc,
                    ..TraffickingDetails::possible(dated)
                }),
            },
        ));
        batch.import_keys.push(ImportKey {
            kind: "ctdc",
            key,
            record: case.0,
            content,
        });
        outcome.new += 1;
    }
    if outcome.rejected.is_empty() && !dry_run && !batch.import_keys.is_empty() {
        store.write_batch(&system, &batch).await?;
        outcome.written = true;
    }
    Ok(outcome)
}

/// The columns that identify, in the order they are given up.
const QUASI_IDENTIFIERS: [&str; 6] = [
    "citizenship",
    "CountryOfExploitation",
    "ageBroad",
    "yearOfRegistration",
    "gender",
    "majorityStatus",
];

/// CTDC's means-of-control flags, and the HTCDS code each stands for (none: HTCDS does not
/// record it, and the cell is left empty rather than claiming "no").
const CONTROL_FLAGS: [(&str, Option<MeansOfControl>); 17] = [
    ("meansOfControlDebtBondage", Some(MeansOfControl::DebtBondage)),
    ("meansOfControlTakesEarnings", Some(MeansOfControl::TakesEarnings)),
    (
        "meansOfControlRestrictsFinancialAccess",
        Some(MeansOfControl::RestrictsFinancialAccess),
    ),
    ("meansOfControlThreats", Some(MeansOfControl::PhysicalThreats)),
    (
        "meansOfControlPsychologicalAbuse",
        Some(MeansOfControl::PsychologicalAbuse),
    ),
    ("meansOfControlPhysicalAbuse", Some(MeansOfControl::PhysicalAbuse)),
    ("meansOfControlSexualAbuse", Some(MeansOfControl::SexualAbuse)),
    ("meansOfControlFalsePromises", Some(MeansOfControl::FalsePromises)),
    (
        "meansOfControlPsychoactiveSubstances",
        Some(MeansOfControl::PsychoactiveSubstance),
    ),
    ("meansOfControlRestrictsMovement", None),
    (
        "meansOfControlRestrictsMedicalCare",
        Some(MeansOfControl::RestrictsMedicalCare),
    ),
    (
        "meansOfControlExcessiveWorkingHours",
        Some(MeansOfControl::ExcessiveWorkingHours),
    ),
    (
        "meansOfControlUsesChildren",
        Some(MeansOfControl::ThreatensChildrenFamily),
    ),
    (
        "meansOfControlThreatOfLawEnforcement",
        Some(MeansOfControl::ThreatsLawEnforcement),
    ),
    (
        "meansOfControlWithholdsNecessities",
        Some(MeansOfControl::WithholdsNecessities),
    ),
    (
        "meansOfControlWithholdsDocuments",
        Some(MeansOfControl::WithholdsDocuments),
    ),
    ("meansOfControlOther", Some(MeansOfControl::Other)),
];

/// CTDC's exploitation flags, and the HTCDS codes each stands for (`isOtherExploit`: any other).
const EXPLOITATION_FLAGS: [(&str, &[Exploitation]); 5] = [
    (
        "isForcedLabour",
        &[Exploitation::ForcedLabour, Exploitation::ChildLabour],
    ),
    ("isSexualExploit", &[Exploitation::SexualExploitation]),
    ("isForcedMarriage", &[Exploitation::ForcedMarriage]),
    ("isForcedMilitary", &[Exploitation::ForcedMilitaryByNonStateActors]),
    ("isOrganRemoval", &[Exploitation::OrganRemoval]),
];

const RELATION_FLAGS: [&str; 5] = [
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
];

/// The header of the file.
pub fn columns() -> Vec<&'static str> {
    let mut columns = vec![
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "majorityStatus",
        "citizenship",
        "CountryOfExploitation",
    ];
    columns.extend(CONTROL_FLAGS.iter().map(|(name, _)| *name));
    columns.push("meansOfControlNotSpecified");
    columns.extend(EXPLOITATION_FLAGS.iter().map(|(name, _)| *name));
    columns.push("isOtherExploit");
    columns.extend(RELATION_FLAGS);
    columns
}

/// One victim's row: quasi-identifiers (in the order of [`QUASI_IDENTIFIERS`]), then flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtdcRow {
    pub quasi: [Option<String>; 6],
    /// 1, 0, or not recorded.
    pub flags: Vec<Option<bool>>,
}

impl CtdcRow {
    fn cells(&self) -> Vec<String> {
        let q = |name: &str| {
            let i = QUASI_IDENTIFIERS
                .iter()
                .position(|n| *n == name)
                .expect("a quasi-identifier");
            self.quasi[i].clone().unwrap_or_default()
        };
        let mut cells = vec![
            q("yearOfRegistration"),
            q("gender"),
            q("ageBroad"),
            q("majorityStatus"),
            q("citizenship"),
            q("CountryOfExploitation"),
        ];
        cells.extend(self.flags.iter().map(|f| match f {
            Some(true) => "1".to_owned(),
            Some(false) => "0".to_owned(),
            None => String::new(),
        }));
        cells
    }
}

/// CTDC's age bands (`ageBroad`).
fn age_band(age: i32) -> &'static str {
    match age {
        ..=8 => "0--8",
        9..=17 => "9--17",
        18..=20 => "18--20",
        21..=23 => "21--23",
        24..=26 => "24--26",
        27..=29 => "27--29",
        30..=38 => "30--38",
        39..=47 => "39--47",
        _ => "48+",
    }
}

/// Every victim of trafficking (identified or presumed) as a CTDC row, before anonymisation.
pub async fn victims(store: &dyn Store) -> Result<Vec<CtdcRow>, ImportError> {
    let facts = TraffickingFacts::read(store, false).await?;
    let attribute = TraffickingFacts::attribute;
    let mut rows = Vec::with_capacity(facts.trafficking.len());
    for case in &facts.trafficking {
        let status = attribute(case, "victim_status");
        if status.as_deref() == Some(TraffickingStatus::NotAVictim.code()) {
            continue;
        }
        let person = case.person.and_then(|p| facts.persons.get(&p));
        let codes = facts.codes_of(case.record);
        let has = |list: &str, code: &str| codes.iter().any(|(l, c)| l == list && c == code);
        // A record imported from CTDC gives its year, age band and majority in CTDC's coding.
        let from_ctdc = case
            .org
            .and_then(|o| facts.orgs.get(&o))
            .is_some_and(|o| o.short_name.as_deref() == Some(CTDC_ORG));
        let coded = |variable: CtdcVariable| {
            let list = format!("ctdc:{}", variable.code());
            codes.iter().find(|(l, _)| *l == list).map(|(_, value)| value.clone())
        };
        let year = if from_ctdc {
            coded(CtdcVariable::YearOfRegistration)
        } else {
            Some(case.date.year().to_string())
        };
        let age = person.and_then(|p| p.birth_year).map(|born| case.date.year() - born);
        let gender = person.and_then(|p| match p.sex {
            Sex::Female => Some("Female".to_owned()),
            Sex::Male => Some("Male".to_owned()),
            Sex::Unknown => None,
        });
        let quasi = [
            person.and_then(|p| p.citizenships.first()).and_then(|c| alpha2(c)),
            attribute(case, "country_of_exploitation").and_then(|c| alpha2(&c)),
            age.map(|a| age_band(a).to_owned())
                .or_else(|| coded(CtdcVariable::AgeBroad)),
            year,
            gender,
            age.map(|a| if a < 18 { "Minor" } else { "Adult" }.to_owned())
                .or_else(|| coded(CtdcVariable::MajorityStatus)),
        ];
        let mut flags: Vec<Option<bool>> = CONTROL_FLAGS
            .iter()
            .map(|(_, code)| match code {
                Some(code) => Some(has("means_of_control", code.code())),
                None => coded(CtdcVariable::RestrictsMovement).map(|_| true),
            })
            .collect();
        flags.push(Some(!codes.iter().any(|(l, _)| l == "means_of_control")));
        for (_, kinds) in EXPLOITATION_FLAGS {
            flags.push(Some(kinds.iter().any(|k| has("exploitation", k.code()))));
        }
        let listed = |code: &str| {
            EXPLOITATION_FLAGS
                .iter()
                .any(|(_, kinds)| kinds.iter().any(|k| k.code() == code))
        };
        flags.push(Some(codes.iter().any(|(l, c)| l == "exploitation" && !listed(c))));
        let relation = attribute(case, "recruiter_relation");
        let relation = relation.as_deref();
        // HTCDS has no intimate partner of its own: that flag is not recorded.
        flags.extend([
            None,
            Some(relation == Some(RecruiterRelation::Acquainted.code())),
            Some(relation == Some(RecruiterRelation::Familial.code())),
            Some(relation == Some(RecruiterRelation::Unacquainted.code())),
            Some(relation.is_none()),
        ]);
        rows.push(CtdcRow { quasi, flags });
    }
    Ok(rows)
}

/// What anonymisation did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anonymised {
    /// The smallest number of rows sharing one combination of quasi-identifiers.
    pub k: usize,
    pub rows: usize,
    /// Quasi-identifier cells that held a value and were written as missing.
    pub cells_generalised: usize,
    /// Rows left out.
    pub rows_suppressed: usize,
}

impl Anonymised {
    /// The share of quasi-identifier cells generalised or in suppressed rows.
    pub fn share_changed(&self) -> f64 {
        let cells = (self.rows + self.rows_suppressed) * QUASI_IDENTIFIERS.len();
        if cells == 0 {
            return 0.0;
        }
        (self.cells_generalised + self.rows_suppressed * QUASI_IDENTIFIERS.len()) as f64 / cells as f64
    }
}

fn class_sizes(rows: &[CtdcRow]) -> HashMap<&[Option<String>; 6], usize> {
    let mut sizes = HashMap::new();
    for row in rows {
        *sizes.entry(&row.quasi).or_insert(0) += 1;
    }
    sizes
}

/// Make `rows` k-anonymous over the quasi-identifiers: in rows of a combination rarer than
/// `k`, give up one quasi-identifier after another; leave out rows still rarer than `k`.
pub fn anonymise(mut rows: Vec<CtdcRow>, k: usize) -> (Vec<CtdcRow>, Anonymised) {
    let mut cells_generalised = 0;
    for level in 0..QUASI_IDENTIFIERS.len() {
        let rare: Vec<bool> = {
            let sizes = class_sizes(&rows);
            rows.iter().map(|r| sizes[&r.quasi] < k).collect()
        };
        if !rare.contains(&true) {
            break;
        }
        for (row, rare) in rows.iter_mut().zip(rare) {
            if rare && row.quasi[level].take().is_some() {
                cells_generalised += 1;
            }
        }
    }
    let before = rows.len();
    let keep: Vec<bool> = {
        let sizes = class_sizes(&rows);
        rows.iter().map(|r| sizes[&r.quasi] >= k).collect()
    };
    let mut keep = keep.into_iter();
    rows.retain(|_| keep.next().unwrap_or(false));
    let achieved = class_sizes(&rows).values().copied().min().unwrap_or(0);
    let summary = Anonymised {
        k: achieved,
        rows: rows.len(),
        cells_generalised,
        rows_suppressed: before - rows.len(),
    };
    (rows, summary)
}

/// The rows as CSV under CTDC's header; every cell safe to open in a spreadsheet.
pub fn write_csv(out: impl Write, rows: &[CtdcRow]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(columns())?;
    for row in rows {
        writer.write_record(row.cells().iter().map(|c| spreadsheet_safe(c)))?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn row(quasi: [&str; 6], flag: bool) -> CtdcRow {
        CtdcRow {
            quasi: quasi.map(|q| (!q.is_empty()).then(|| q.to_owned())),
            flags: vec![Some(flag); columns().len() - 6],
        }
    }

    #[test]
    fn the_header_is_the_ctdc_layout_and_rows_fit_it() {
        let header = columns();
        assert_eq!(
            header[..6],
            [
                "yearOfRegistration",
                "gender",
                "ageBroad",
                "majorityStatus",
                "citizenship",
                "CountryOfExploitation"
            ]
        );
        assert!(header.contains(&"meansOfControlDebtBondage") && header.contains(&"recruiterRelationFamily"));
        assert_eq!(
            row(["BY", "RU", "18--20", "2021", "Female", "Adult"], true)
                .cells()
                .len(),
            header.len()
        );
    }

    #[test]
    fn a_rare_citizenship_is_given_up_before_anything_else() {
        let mut rows: Vec<CtdcRow> = (0..3)
            .map(|_| row(["BY", "RU", "18--20", "2021", "Female", "Adult"], true))
            .collect();
        rows.push(row(["SY", "RU", "18--20", "2021", "Female", "Adult"], false));
        rows.push(row(["", "RU", "18--20", "2021", "Female", "Adult"], false));
        let (out, summary) = anonymise(rows, 2);
        assert_eq!(summary.k, 2);
        assert_eq!(summary.rows_suppressed, 0);
        assert_eq!(summary.cells_generalised, 1, "only the Syrian citizenship goes");
        assert_eq!(out.iter().filter(|r| r.quasi[0].is_none()).count(), 2);
        assert_eq!(out[3].flags[0], Some(false), "flags are kept as recorded");
    }

    #[test]
    fn a_row_alone_whatever_is_given_up_is_left_out() {
        let rows = vec![
            row(["BY", "RU", "18--20", "2021", "Female", "Adult"], true),
            row(["BY", "RU", "18--20", "2021", "Female", "Adult"], true),
            row(["UA", "PL", "9--17", "2019", "Male", "Minor"], true),
        ];
        let (out, summary) = anonymise(rows, 2);
        assert_eq!((summary.rows, summary.rows_suppressed, summary.k), (2, 1, 2));
        assert_eq!(out.len(), 2);
    }

    proptest! {
        #[test]
        fn every_combination_left_occurs_at_least_k_times(
            values in prop::collection::vec((0..4usize, 0..3usize, 0..5usize, 0..6usize, 0..3usize, 0..3usize), 0..300),
            k in 1..15usize,
        ) {
            let pick = |options: &[&str], i: usize| options[i % options.len()].to_owned();
            let rows: Vec<CtdcRow> = values.iter().map(|&(a, b, c, d, e, f)| CtdcRow {
                quasi: [
                    Some(pick(&["BY", "UA", "SY", "VN"], a)),
                    Some(pick(&["RU", "PL", "DE"], b)).filter(|_| b != 2),
                    Some(pick(&["9--17", "18--20", "21--23", "30--38", "48+"], c)),
                    Some(pick(&["2018", "2019", "2020", "2021", "2022", "2023"], d)),
                    Some(pick(&["Female", "Male", "Female"], e)),
                    Some(pick(&["Adult", "Minor", "Adult"], f)),
                ],
                flags: vec![Some(a % 2 == 0)],
            }).collect();
            let total = rows.len();
            let (out, summary) = anonymise(rows, k);
            for size in class_sizes(&out).values() {
                prop_assert!(*size >= k);
            }
            prop_assert_eq!(out.len() + summary.rows_suppressed, total);
            prop_assert!(out.is_empty() || summary.k >= k);
        }
    }
}
