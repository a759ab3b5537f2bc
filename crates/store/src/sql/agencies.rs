//! The register of licensed agencies: looked up by name or licence number, imported whole.

use async_trait::async_trait;
use chrono::NaiveDate;
use haven_domain::access::{Actor, Permission};
use haven_domain::agency::{AgencyInput, AgencyKind, LicensedAgency, search_key};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::country::CountryCode;
use haven_domain::error::Validate;

use super::This;
use crate::tables::AGENCIES;
use crate::{RegisterImport, RegisterStore, Result, StoreError, today};

#[derive(sqlx::FromRow)]
struct AgencyRow {
    licence_no: String,
    name: String,
    kind: String,
    country: String,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    version: i64,
}

impl AgencyRow {
    fn into_agency(self) -> Result<LicensedAgency> {
        let corrupt = |e: haven_domain::Problem| StoreError::Corrupt(format!("{}: {e}", AGENCIES.noun));
        Ok(LicensedAgency {
            entry: AgencyInput {
                licence_no: self.licence_no,
                name: self.name,
                kind: AgencyKind::parse(&self.kind).map_err(corrupt)?,
                country: CountryCode::parse(&self.country).map_err(corrupt)?,
                valid_from: self.valid_from,
                valid_until: self.valid_until,
            },
            version: self.version,
        })
    }
}

const COLUMNS: &str = "licence_no, name, kind, country, valid_from, valid_until, version";

/// `text` with LIKE's wildcards made literal (the query says `ESCAPE '\'`).
fn like_literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[async_trait]
impl RegisterStore for This {
    async fn find_agencies(&self, actor: &Actor, text: &str, limit: i64) -> Result<Vec<LicensedAgency>> {
        actor.require(Permission::LookUpAgencies)?;
        let key = search_key(text);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<AgencyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM licensed_agencies \
             WHERE name_key LIKE $1 ESCAPE '\\' OR licence_no = $2 ORDER BY name_key {}",
            super::limit(limit)
        )))
        .bind(format!("%{}%", like_literal(&key)))
        .bind(text.trim())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(AgencyRow::into_agency).collect()
    }

    async fn import_agencies(&self, actor: &Actor, entries: &[AgencyInput]) -> Result<RegisterImport> {
        actor.require(Permission::ManageReferenceLists)?;
        let today = today();
        let mut problems = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            if let Err(e) = entry.validate(today) {
                problems.extend(e.within(&format!("[{i}]")).errors);
            }
        }
        if !problems.is_empty() {
            return Err(haven_domain::ValidationErrors { errors: problems }.into());
        }
        let mut tx = self.begin_write().await?;
        let mut outcome = RegisterImport::default();
        for entry in entries {
            let stored: Option<AgencyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM licensed_agencies WHERE licence_no = $1"
            )))
            .bind(&entry.licence_no)
            .fetch_optional(&mut *tx)
            .await?;
            let version = match stored {
                None => {
                    outcome.added += 1;
                    1
                }
                Some(row) => {
                    let row = row.into_agency()?;
                    if row.entry == *entry {
                        outcome.unchanged += 1;
                        continue;
                    }
                    outcome.changed += 1;
                    row.version + 1
                }
            };
            sqlx::query(
                "INSERT INTO licensed_agencies \
                 (licence_no, name, name_key, kind, country, valid_from, valid_until, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (licence_no) DO UPDATE SET name = $2, name_key = $3, kind = $4, \
                 country = $5, valid_from = $6, valid_until = $7, version = $8",
            )
            .bind(&entry.licence_no)
            .bind(&entry.name)
            .bind(search_key(&entry.name))
            .bind(entry.kind.code())
            .bind(entry.country.as_str())
            .bind(entry.valid_from)
            .bind(entry.valid_until)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        }
        let record = AuditRecord::new(actor, AuditAction::BulkCreate, AGENCIES.name, None).detail(format!(
            "register import: {} added, {} changed, {} unchanged",
            outcome.added, outcome.changed, outcome.unchanged
        ));
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
