//! Locked reports: written once, never changed, their fingerprint checked on every read.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::error::Validate;
use haven_domain::publication::{LockedFigure, LockedReport, NewLockedReport};
use haven_domain::{Problem, ValidationErrors};
use uuid::Uuid;

use super::{This, Tx};
use crate::tables::LOCKED_REPORTS;
use crate::{ReportStore, Result, StoreError, now, today};

type LockedRow = (
    String,
    String,
    NaiveDate,
    NaiveDate,
    i64,
    String,
    Vec<u8>,
    DateTime<Utc>,
    String,
);

const SELECT_LOCKED: &str = "SELECT name, kind, period_from, period_to, threshold, figures, fingerprint, locked_at, \
                             locked_by FROM locked_reports";

impl This {
    fn locked_from_row(&self, row: LockedRow) -> Result<LockedReport> {
        let (name, kind, from, to, threshold, figures, fingerprint, locked_at, locked_by) = row;
        let figures: Vec<LockedFigure> = serde_json::from_str(&figures)
            .map_err(|e| StoreError::Corrupt(format!("locked report '{name}' has unreadable figures: {e}")))?;
        let input = NewLockedReport {
            name,
            kind,
            from,
            to,
            threshold: u64::try_from(threshold).unwrap_or(0),
            figures,
        };
        if self.digest(&input).as_slice() != fingerprint.as_slice() {
            return Err(StoreError::Corrupt(format!(
                "locked report '{}' does not match its fingerprint: its figures were altered after locking",
                input.name
            )));
        }
        Ok(LockedReport {
            input,
            fingerprint: fingerprint.try_into().unwrap_or([0; 32]),
            locked_at,
            locked_by,
        })
    }

    async fn locked_by_name(&self, tx: &mut Tx, name: &str) -> Result<Option<LockedReport>> {
        let row: Option<LockedRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_LOCKED} WHERE name = $1")))
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
        row.map(|r| self.locked_from_row(r)).transpose()
    }
}

#[async_trait]
impl ReportStore for This {
    async fn lock_report(&self, actor: &Actor, input: &NewLockedReport) -> Result<LockedReport> {
        actor.require(Permission::PublishStatistics)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        if self.locked_by_name(&mut tx, input.name.trim()).await?.is_some() {
            return Err(ValidationErrors::single(
                "name",
                Problem::Duplicate {
                    value: input.name.clone(),
                },
            )
            .into());
        }
        let input = NewLockedReport {
            name: input.name.trim().to_owned(),
            ..input.clone()
        };
        let fingerprint = self.digest(&input);
        let figures = serde_json::to_string(&input.figures)
            .map_err(|e| StoreError::Refused(format!("the figures cannot be stored: {e}")))?;
        let id = Uuid::now_v7();
        let locked_at = now();
        sqlx::query(
            "INSERT INTO locked_reports (id, name, kind, period_from, period_to, threshold, figures, fingerprint, \
             locked_at, locked_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(&input.name)
        .bind(&input.kind)
        .bind(input.from)
        .bind(input.to)
        .bind(i64::try_from(input.threshold).unwrap_or(i64::MAX))
        .bind(&figures)
        .bind(fingerprint.as_slice())
        .bind(locked_at)
        .bind(&actor.label)
        .execute(&mut *tx)
        .await?;
        let record = AuditRecord::new(actor, AuditAction::Create, LOCKED_REPORTS.name, Some(id))
            .detail(format!(
                "locked report '{}' with {} figures",
                input.name,
                input.figures.len()
            ))
            .after(fingerprint);
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(LockedReport {
            input,
            fingerprint,
            locked_at,
            locked_by: actor.label.clone(),
        })
    }

    async fn locked_report(&self, actor: &Actor, name: &str) -> Result<LockedReport> {
        actor.require(Permission::ReadStatistics)?;
        let mut tx = self.begin_snapshot().await?;
        let found = self.locked_by_name(&mut tx, name).await?;
        tx.commit().await?;
        found.ok_or_else(|| StoreError::Refused(format!("there is no locked report named '{name}'")))
    }

    async fn locked_reports(&self, actor: &Actor) -> Result<Vec<LockedReport>> {
        actor.require(Permission::ReadStatistics)?;
        let rows: Vec<LockedRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_LOCKED} ORDER BY locked_at")))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(|r| self.locked_from_row(r)).collect()
    }
}
