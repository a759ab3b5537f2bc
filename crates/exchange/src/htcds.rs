//! The HTCDS export: the trafficking cases as the case-level tables of IOM's Human Trafficking
//! Case Data Standard v2 (field names `org_`, `prs_`, `cas_`, `vic_`, `hte_` and the standard's
//! picklist values, which Haven's code lists already use), for a partner's case system.
//!
//! Nothing identifying leaves: a person is named by their pseudonymous code, and the export
//! reads only what statistics read (no name, document, date of birth, contact or note exists
//! there to be written). A person appears only as the subject of a trafficking case.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Datelike;
use haven_domain::facts::{FactRow, FactTable};
use haven_domain::ids::PersonId;
use haven_domain::person::Sex;
use haven_store::Store;

use crate::facts::TraffickingFacts;
use haven_stats::publish::spreadsheet_safe;

use crate::ImportError;

/// How many rows each file got.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub files: Vec<(&'static str, usize)>,
}

fn alpha2(code: &str) -> String {
    crate::facts::alpha2(code).unwrap_or_default()
}

/// One CSV file of the export.
struct Table {
    name: &'static str,
    writer: csv::Writer<std::fs::File>,
    rows: usize,
}

impl Table {
    fn create(dir: &Path, name: &'static str, header: &[&str]) -> Result<Self, ImportError> {
        let path = dir.join(name);
        let file = std::fs::File::create_new(&path).map_err(|e| ImportError::Io(path.display().to_string(), e))?;
        let mut writer = csv::Writer::from_writer(file);
        writer.write_record(header)?;
        Ok(Self { name, writer, rows: 0 })
    }

    fn write(&mut self, cells: &[String]) -> Result<(), ImportError> {
        self.rows += 1;
        Ok(self.writer.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?)
    }

    fn finish(mut self) -> Result<(&'static str, usize), ImportError> {
        self.writer.flush().map_err(|e| ImportError::Io(self.name.into(), e))?;
        Ok((self.name, self.rows))
    }
}

/// Write the tables into `dir` (created; it must not hold files of the export already).
pub async fn export(store: &dyn Store, dir: &Path) -> Result<Written, ImportError> {
    let facts = TraffickingFacts::read(store, true).await?;
    let organisations = store.organisations().await?;
    std::fs::create_dir_all(dir).map_err(|e| ImportError::Io(dir.display().to_string(), e))?;

    let mut orgs = Table::create(dir, "organisations.csv", &["org_Id", "org_Name", "org_Type"])?;
    for org in &organisations {
        orgs.write(&[org.id.to_string(), org.name.clone(), org.kind.code().to_owned()])?;
    }
    let mut cases = Table::create(dir, "cases.csv", &["cas_Id", "prs_Id", "org_Id", "cas_Status"])?;
    let mut victims = Table::create(
        dir,
        "victims.csv",
        &[
            "cas_Id",
            "prs_Id",
            "vic_TraffickingStatus",
            "vic_TraffickingStatusDecisionMakingOrg",
            "vic_RelationshipToTrafficker",
            "vic_AgeWhenTrafficked",
            "vic_MethodOfRecruitment",
            "vic_MethodsOfControl",
            "vic_TypeOfExploitation",
            "vic_ForcedLabourIndustry",
            "vic_TypeOfSexExploitation",
            "vic_Vulnerabilities",
        ],
    )?;
    let mut events = Table::create(dir, "trafficking_events.csv", &["cas_Id", "hte_Type", "hte_Country"])?;
    let attribute =
        |row: &FactRow, name: &str| -> String { TraffickingFacts::attribute(row, name).unwrap_or_default() };
    let mut subjects: BTreeSet<PersonId> = BTreeSet::new();
    let mut trafficking = facts.trafficking.iter().collect::<Vec<_>>();
    trafficking.sort_by_key(|row| (row.date, row.record));
    for row in trafficking {
        let case = row.record.to_string();
        let person = row.person.and_then(|p| facts.persons.get(&p));
        let code = person.map(|p| p.code.clone()).unwrap_or_default();
        if let Some(p) = row.person {
            subjects.insert(p);
        }
        let status = facts
            .cases
            .get(&row.record)
            .and_then(|c| {
                FactTable::Cases
                    .attribute("status")
                    .and_then(|i| c.attributes[i].clone())
            })
            .unwrap_or_default();
        cases.write(&[
            case.clone(),
            code.clone(),
            row.org.map(|o| o.to_string()).unwrap_or_default(),
            status,
        ])?;
        let codes = facts.codes_of(row.record);
        let list = |name: &str| {
            codes
                .iter()
                .filter(|(l, _)| l == name)
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        let age = person
            .and_then(|p| p.birth_year)
            .map(|born| (row.date.year() - born).to_string())
            .unwrap_or_default();
        victims.write(&[
            case.clone(),
            code,
            attribute(row, "victim_status"),
            attribute(row, "decided_by"),
            attribute(row, "recruiter_relation"),
            age,
            list("recruitment"),
            list("means_of_control"),
            list("exploitation"),
            attribute(row, "industry"),
            list("sex_exploitation"),
            list("vulnerability"),
        ])?;
        let recruitment = attribute(row, "recruitment_country");
        if !recruitment.is_empty() {
            events.write(&[case.clone(), "Recruitment".into(), alpha2(&recruitment)])?;
        }
        for (l, country) in codes {
            if l == "transit_country" {
                events.write(&[case.clone(), "Transit".into(), alpha2(country)])?;
            }
        }
        let exploitation = attribute(row, "country_of_exploitation");
        if !exploitation.is_empty() {
            events.write(&[case, "Exploitation".into(), alpha2(&exploitation)])?;
        }
    }
    let mut persons = Table::create(dir, "persons.csv", &["prs_Id", "prs_Gender", "prs_Citizenship"])?;
    for id in subjects {
        let Some(p) = facts.persons.get(&id) else { continue };
        let gender = match p.sex {
            Sex::Female => "Feminine",
            Sex::Male => "Masculine",
            Sex::Unknown => "",
        };
        let citizenship: Vec<String> = p.citizenships.iter().map(|c| alpha2(c)).collect();
        persons.write(&[p.code.clone(), gender.into(), citizenship.join(";")])?;
    }
    Ok(Written {
        files: vec![
            orgs.finish()?,
            persons.finish()?,
            cases.finish()?,
            victims.finish()?,
            events.finish()?,
        ],
    })
}
