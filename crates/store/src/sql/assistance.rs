use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::assistance::{Assistance, AssistanceInput, AssistanceKind};
use haven_domain::audit::AuditAction;
use haven_domain::error::Validate;
use haven_domain::event::EventSource;
use haven_domain::ids::{AssistanceId, CaseId, FundingId, OrgId, PersonId};
use haven_domain::money::{Currency, Money};
use haven_domain::referral::CaseSection;
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::insert::Flush;
use super::{This, Tx, decode, expect_changed, require_reference};
use crate::insert::Inserts;
use crate::insert::seal_notes;
use crate::tables::{ASSISTANCE, CASES, FUNDING, ORGANISATIONS, PERSONS};
use crate::{AssistanceStore, Result, StoreError, now, today};

#[derive(sqlx::FromRow)]
struct AssistanceRow {
    id: Uuid,
    person_id: Uuid,
    case_id: Option<Uuid>,
    provider_id: Uuid,
    kind: String,
    delivered_on: NaiveDate,
    cost_minor: Option<i64>,
    currency: Option<String>,
    funding_id: Option<Uuid>,
    notes: Option<Vec<u8>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

const ASSISTANCE_SELECT: &str = "SELECT id, person_id, case_id, provider_id, kind, delivered_on, cost_minor, currency, \
    funding_id, notes, created_at, updated_at, version FROM assistance";

impl This {
    fn assistance_from_row(&self, row: AssistanceRow, notes_visible: bool) -> Result<Assistance> {
        let cost = match (row.cost_minor, row.currency) {
            (Some(minor), Some(currency)) => Some(Money {
                minor,
                currency: decode(Currency::parse(&currency))?,
            }),
            _ => None,
        };
        let notes = match (row.notes, notes_visible) {
            (Some(sealed), true) => Some(self.keys().open_str("assistance", "notes", row.id, &sealed)?),
            _ => None,
        };
        Ok(Assistance {
            id: AssistanceId(row.id),
            input: AssistanceInput {
                person: PersonId(row.person_id),
                case: row.case_id.map(CaseId),
                provider: OrgId(row.provider_id),
                kind: decode(AssistanceKind::parse(&row.kind))?,
                delivered_on: row.delivered_on,
                cost,
                funding: row.funding_id.map(FundingId),
                notes,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }

    async fn load_assistance(&self, tx: &mut Tx, id: AssistanceId, notes_visible: bool) -> Result<Assistance> {
        let row: Option<AssistanceRow> = sqlx::query_as(AssertSqlSafe(format!("{ASSISTANCE_SELECT} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
        self.assistance_from_row(row.ok_or(StoreError::NotFound(ASSISTANCE.record(id)))?, notes_visible)
    }

    /// Assistance is recorded by its provider, for a person it may work with.
    async fn check_assistance_write(&self, tx: &mut Tx, actor: &Actor, input: &AssistanceInput) -> Result<()> {
        actor.require(Permission::RecordAssistance)?;
        require_reference(tx, "person", PERSONS, input.person.0).await?;
        require_reference(tx, "provider", ORGANISATIONS, input.provider.0).await?;
        if let Some(funding) = input.funding {
            require_reference(tx, "funding", FUNDING, funding.0).await?;
        }
        if actor.is_system() {
            if let Some(case) = input.case {
                require_reference(tx, "case", CASES, case.0).await?;
            }
            return Ok(());
        }
        if !self.actor_orgs(tx, actor).await?.contains(&input.provider) {
            return Err(ValidationErrors::single(
                "provider",
                Problem::Invalid {
                    reason: "assistance is recorded by the organisation that provided it".into(),
                },
            )
            .into());
        }
        if let Some(case) = input.case {
            require_reference(tx, "case", CASES, case.0).await?;
            let access = self.case_access(tx, actor, case, false).await?;
            if !access.allows(CaseSection::Assistance) {
                return Err(StoreError::Refused(format!(
                    "case {case} does not share its assistance section with you"
                )));
            }
            let person: Option<Uuid> = sqlx::query_scalar("SELECT person_id FROM cases WHERE id = $1")
                .bind(case.0)
                .fetch_one(&mut **tx)
                .await?;
            if person != Some(input.person.0) {
                return Err(ValidationErrors::single(
                    "case",
                    Problem::Invalid {
                        reason: "the case is about another person".into(),
                    },
                )
                .into());
            }
        }
        Ok(())
    }

    async fn check_provider_scope(&self, tx: &mut Tx, actor: &Actor, provider: OrgId) -> Result<()> {
        if actor.is_system() || self.actor_orgs(tx, actor).await?.contains(&provider) {
            Ok(())
        } else {
            Err(StoreError::Refused(
                "this assistance was provided by another organisation".into(),
            ))
        }
    }
}

#[async_trait]
impl AssistanceStore for This {
    async fn record_assistance(&self, actor: &Actor, input: &AssistanceInput) -> Result<Assistance> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_assistance_write(&mut tx, actor, input).await?;
        let id = AssistanceId::new();
        let mut ins = Inserts::default();
        ins.assistance(self.keys(), actor, id, input);
        ins.flush(&mut tx).await?;
        let record = self.load_assistance(&mut tx, id, true).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            ASSISTANCE,
            id.0,
            None::<&()>,
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn update_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i64,
        input: &AssistanceInput,
    ) -> Result<Assistance> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_assistance(&mut tx, id, true).await?;
        self.check_provider_scope(&mut tx, actor, before.input.provider).await?;
        self.check_assistance_write(&mut tx, actor, input).await?;
        let updated = sqlx::query(
            "UPDATE assistance SET person_id = $1, case_id = $2, provider_id = $3, kind = $4, delivered_on = $5, \
             cost_minor = $6, currency = $7, funding_id = $8, notes = $9, updated_at = $10, version = version + 1 \
             WHERE id = $11 AND version = $12",
        )
        .bind(input.person.0)
        .bind(input.case.map(|c| c.0))
        .bind(input.provider.0)
        .bind(input.kind.code())
        .bind(input.delivered_on)
        .bind(input.cost.map(|c| c.minor))
        .bind(input.cost.map(|c| c.currency.code()))
        .bind(input.funding.map(|f| f.0))
        .bind(seal_notes(self.keys(), id, input.notes.as_deref()))
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), ASSISTANCE, id.0, version).await?;
        if let Some(old_case) = before.input.case {
            self.delete_stated_events(&mut tx, old_case, id.0).await?;
        }
        if let Some(case) = input.case {
            let mut ins = Inserts::default();
            ins.stated_events(
                actor,
                case,
                Some(input.person),
                input.provider,
                EventSource::Assistance,
                id.0,
                &input.facts(),
            );
            ins.flush(&mut tx).await?;
        }
        let after = self.load_assistance(&mut tx, id, true).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            ASSISTANCE,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn assistance(&self, actor: &Actor, id: AssistanceId) -> Result<Assistance> {
        actor.require(Permission::ReadAssistance)?;
        let mut tx = self.pool().begin().await?;
        let record = self
            .load_assistance(&mut tx, id, actor.may(Permission::ReadAssistanceNotes))
            .await?;
        self.check_provider_scope(&mut tx, actor, record.input.provider).await?;
        Ok(record)
    }

    async fn assistance_for_person(&self, actor: &Actor, person: PersonId) -> Result<Vec<Assistance>> {
        actor.require(Permission::ReadAssistance)?;
        let mut tx = self.pool().begin().await?;
        let rows: Vec<AssistanceRow> = sqlx::query_as(AssertSqlSafe(format!(
            "{ASSISTANCE_SELECT} WHERE person_id = $1 ORDER BY delivered_on, id"
        )))
        .bind(person.0)
        .fetch_all(&mut *tx)
        .await?;
        let orgs = self.actor_orgs(&mut tx, actor).await?;
        let notes = actor.may(Permission::ReadAssistanceNotes);
        rows.into_iter()
            .filter(|row| actor.is_system() || orgs.contains(&OrgId(row.provider_id)))
            .map(|row| self.assistance_from_row(row, notes))
            .collect()
    }

    async fn delete_assistance(&self, actor: &Actor, id: AssistanceId, version: i64) -> Result<()> {
        actor.require(Permission::RecordAssistance)?;
        let mut tx = self.begin_write().await?;
        let before = self.load_assistance(&mut tx, id, true).await?;
        self.check_provider_scope(&mut tx, actor, before.input.provider).await?;
        if let Some(case) = before.input.case {
            self.delete_stated_events(&mut tx, case, id.0).await?;
        }
        let deleted = sqlx::query("DELETE FROM assistance WHERE id = $1 AND version = $2")
            .bind(id.0)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        expect_changed(&mut tx, deleted.rows_affected(), ASSISTANCE, id.0, version).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Delete,
            ASSISTANCE,
            id.0,
            Some(&before),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
