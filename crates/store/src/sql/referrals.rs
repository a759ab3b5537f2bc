use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::AuditAction;
use haven_domain::error::Validate;
use haven_domain::event::EventSource;
use haven_domain::ids::{CaseId, OrgId, PersonId, ReferralId, UserId};
use haven_domain::outbox::{referral_payload, referral_topic};
use haven_domain::referral::{
    CaseSection, Consent, ConsentBasis, NewReferral, Referral, ReferralReason, ReferralResponse, ReferralStatus,
};
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::insert::Flush;
use super::{This, Tx, decode, decode_list, expect_changed, require_reference};
use crate::insert::Inserts;
use crate::insert::seal_decline_reason;
use crate::tables::{CASES, ORGANISATIONS, REFERRALS};
use crate::{Page, ReferralStore, Result, StoreError, now, today};

#[derive(sqlx::FromRow)]
struct ReferralRow {
    id: Uuid,
    case_id: Uuid,
    person_id: Option<Uuid>,
    from_org: Uuid,
    to_org: Uuid,
    reason: String,
    sections: String,
    consent_basis: String,
    consent_recorded_on: NaiveDate,
    consent_recorded_by: Option<Uuid>,
    status: String,
    sent_on: NaiveDate,
    responded_on: Option<NaiveDate>,
    decline_reason: Option<Vec<u8>>,
    completed_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

const REFERRAL_SELECT: &str = "SELECT id, case_id, person_id, from_org, to_org, reason, sections, consent_basis, \
    consent_recorded_on, consent_recorded_by, status, sent_on, responded_on, decline_reason, completed_on, created_at, \
    updated_at, version FROM referrals";

impl This {
    fn referral_from_row(&self, row: ReferralRow) -> Result<Referral> {
        Ok(Referral {
            id: ReferralId(row.id),
            case: CaseId(row.case_id),
            person: row.person_id.map(PersonId),
            from_org: OrgId(row.from_org),
            to_org: OrgId(row.to_org),
            reason: decode(ReferralReason::parse(&row.reason))?,
            sections: decode_list(&row.sections, CaseSection::parse)?,
            consent: Consent {
                basis: decode(ConsentBasis::parse(&row.consent_basis))?,
                recorded_on: row.consent_recorded_on,
                recorded_by: row.consent_recorded_by.map(UserId),
            },
            status: decode(ReferralStatus::parse(&row.status))?,
            sent_on: row.sent_on,
            responded_on: row.responded_on,
            decline_reason: row
                .decline_reason
                .map(|sealed| self.keys().open_str("referrals", "decline_reason", row.id, &sealed))
                .transpose()?,
            completed_on: row.completed_on,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }

    async fn load_referral(&self, tx: &mut Tx, id: ReferralId) -> Result<Referral> {
        let row: Option<ReferralRow> = sqlx::query_as(AssertSqlSafe(format!("{REFERRAL_SELECT} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
        self.referral_from_row(row.ok_or(StoreError::NotFound(REFERRALS.record(id)))?)
    }

    /// A minor-exception referral for someone who was clearly an adult on the day is refused.
    async fn check_consent_basis(&self, tx: &mut Tx, input: &NewReferral) -> Result<()> {
        let Some(consent) = &input.consent else { return Ok(()) };
        if consent.basis != ConsentBasis::MinorLegalException {
            return Ok(());
        }
        let birth_year: Option<Option<i64>> =
            sqlx::query_scalar("SELECT p.birth_year FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1")
                .bind(input.case.0)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some(Some(year)) = birth_year
            && i64::from(input.sent_on.year()) - year > 18
        {
            return Err(ValidationErrors::single(
                "consent.basis",
                Problem::Invalid {
                    reason: format!("the person, born in {year}, was not a minor on {}", input.sent_on),
                },
            )
            .into());
        }
        Ok(())
    }
}

impl This {
    /// A referral's new state, in the outbox of its sender and of its receiver.
    async fn report_referral(&self, tx: &mut Tx, referral: &Referral) -> Result<()> {
        self.append_outbox(
            tx,
            referral_topic(referral),
            &[referral.from_org, referral.to_org],
            referral.id.0,
            &referral_payload(referral),
        )
        .await
    }
}

#[async_trait]
impl ReferralStore for This {
    async fn send_referral(&self, actor: &Actor, input: &NewReferral) -> Result<Referral> {
        actor.require(Permission::SendReferral)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        require_reference(&mut tx, "case", CASES, input.case.0).await?;
        require_reference(&mut tx, "to_org", ORGANISATIONS, input.to_org.0).await?;
        // Only the organisation that keeps the case refers it onward.
        self.case_access(&mut tx, actor, input.case, true).await?;
        let (_, case_org, _) = self.case_scope_parts(&mut tx, input.case).await?;
        if case_org == input.to_org {
            return Err(ValidationErrors::single(
                "to_org",
                Problem::Invalid {
                    reason: "a case cannot be referred to the organisation that keeps it".into(),
                },
            )
            .into());
        }
        self.check_consent_basis(&mut tx, input).await?;
        let id = ReferralId::new();
        let case = self.case_person_and_org(&mut tx, input.case).await?;
        let mut ins = Inserts::default();
        let referral = ins.referral(self.keys(), actor, id, input, &[], case)?;
        ins.flush(&mut tx).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            REFERRALS,
            id.0,
            None::<&()>,
            Some(&referral),
        )
        .await?;
        self.report_referral(&mut tx, &referral).await?;
        tx.commit().await?;
        Ok(referral)
    }

    async fn respond_to_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        version: i64,
        response: &ReferralResponse,
    ) -> Result<Referral> {
        actor.require(Permission::RespondReferral)?;
        let mut tx = self.begin_write().await?;
        let before = self.load_referral(&mut tx, id).await?;
        if !actor.is_system() && !self.actor_orgs(&mut tx, actor).await?.contains(&before.to_org) {
            return Err(StoreError::Refused(format!(
                "referral {id} was sent to another organisation; only the receiver answers it"
            )));
        }
        if before.version != version {
            return Err(StoreError::Conflict {
                record: REFERRALS.record(id),
                expected: version,
                actual: before.version,
            });
        }
        let mut after = before.clone();
        after.respond(response, today())?;
        let updated = sqlx::query(
            "UPDATE referrals SET status = $1, responded_on = $2, decline_reason = $3, completed_on = $4, updated_at = $5, \
             version = version + 1 WHERE id = $6 AND version = $7",
        )
        .bind(after.status.code())
        .bind(after.responded_on)
        .bind(seal_decline_reason(self.keys(), id, after.decline_reason.as_deref()))
        .bind(after.completed_on)
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), REFERRALS, id.0, version).await?;
        self.delete_stated_events(&mut tx, after.case, id.0).await?;
        let mut ins = Inserts::default();
        ins.stated_events(
            actor,
            after.case,
            after.person,
            after.from_org,
            EventSource::Referral,
            id.0,
            &after.facts(),
        );
        ins.flush(&mut tx).await?;
        let after = self.load_referral(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            REFERRALS,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        self.report_referral(&mut tx, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn referral(&self, actor: &Actor, id: ReferralId) -> Result<Referral> {
        let mut tx = self.pool().begin().await?;
        let referral = self.load_referral(&mut tx, id).await?;
        if !actor.is_system() {
            actor
                .require(Permission::SendReferral)
                .or_else(|_| actor.require(Permission::RespondReferral))?;
            let orgs = self.actor_orgs(&mut tx, actor).await?;
            if !orgs.contains(&referral.from_org) && !orgs.contains(&referral.to_org) {
                return Err(StoreError::Refused(format!(
                    "referral {id} is between other organisations"
                )));
            }
        }
        Ok(referral)
    }

    async fn incoming_referrals(
        &self,
        actor: &Actor,
        status: Option<ReferralStatus>,
        page: Page,
    ) -> Result<Vec<Referral>> {
        actor.require(Permission::RespondReferral)?;
        let Some(org) = actor.org else { return Ok(Vec::new()) };
        // A partner's inbox grows by every referral of every year: a page is read, not all.
        let (limit, offset) = page.bounds();
        let rows: Vec<ReferralRow> = sqlx::query_as(AssertSqlSafe(format!(
            "WITH RECURSIVE scope(id) AS (SELECT id FROM organisations WHERE id = $1 \
             UNION SELECT o.id FROM organisations o JOIN scope s ON o.parent_id = s.id) \
             {REFERRAL_SELECT} WHERE to_org IN (SELECT id FROM scope) AND ($2 IS NULL OR status = $2) \
             ORDER BY sent_on DESC, id DESC {}",
            super::limit_offset(limit, offset)
        )))
        .bind(org.0)
        .bind(status.map(ReferralStatus::code))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(|row| self.referral_from_row(row)).collect()
    }
}
