//! Prevention activities, trainings, funding allocations, cooperation and surveys.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::AuditAction;
use haven_domain::cooperation::{Cooperation, CooperationInput, CooperationKind};
use haven_domain::country::CountryCode;
use haven_domain::error::Validate;
use haven_domain::funding::{Funding, FundingInput, FundingPurpose, FundingSource};
use haven_domain::ids::{CaseId, CooperationId, FundingId, OrgId, PreventionId, SurveyId, TrainingId};
use haven_domain::money::{Currency, ExchangeRate, Money};
use haven_domain::org::Region;
use haven_domain::person::Sex;
use haven_domain::prevention::{PreventionActivity, PreventionInput, PreventionKind, PreventionTopic};
use haven_domain::survey::{Answer, Survey, SurveyInput, SurveyResponse};
use haven_domain::training::{Participants, Training, TrainingInput};
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::insert::Flush;
use super::{This, Tx, decode, decode_opt, expect_changed, require_reference};
use crate::insert::Inserts;
use crate::tables::{CASES, COOPERATION, FUNDING, ORGANISATIONS, PREVENTION, SURVEYS, TRAININGS};
use crate::{ActivityStore, Page, Result, StoreError, now, today};

impl This {
    /// Activities are recorded by an organisation for itself or its units.
    async fn check_activity_write(&self, tx: &mut Tx, actor: &Actor, field: &str, org: Option<OrgId>) -> Result<()> {
        actor.require(Permission::RecordActivity)?;
        let Some(org) = org else { return Ok(()) };
        require_reference(tx, field, ORGANISATIONS, org.0).await?;
        if actor.is_system() || self.actor_orgs(tx, actor).await?.contains(&org) {
            Ok(())
        } else {
            Err(ValidationErrors::single(
                field,
                Problem::Invalid {
                    reason: "activities are recorded by your own organisation or its units".into(),
                },
            )
            .into())
        }
    }

    /// The ids of the latest records of a table whose organisation column lies in the actor's
    /// organisation tree (every record for a system task), newest first by `date_column`.
    /// The names are the callers' constants, never input.
    async fn recent_in_scope(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        table: &'static str,
        org_column: &'static str,
        date_column: &'static str,
        page: Page,
    ) -> Result<Vec<Uuid>> {
        let (limit, offset) = page.bounds();
        actor.require(Permission::ReadActivities)?;
        let sql = format!(
            "WITH RECURSIVE scope(id) AS (SELECT id FROM organisations WHERE id = $1 \
             UNION SELECT o.id FROM organisations o JOIN scope s ON o.parent_id = s.id) \
             SELECT id FROM {table} WHERE $2 OR {org_column} IN (SELECT id FROM scope) \
             ORDER BY {date_column} DESC, id DESC {}",
            super::limit_offset(limit, offset)
        );
        Ok(sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(actor.org.map(|o| o.0))
            .bind(actor.is_system())
            .fetch_all(&mut **tx)
            .await?)
    }

    async fn load_prevention(&self, tx: &mut Tx, id: PreventionId) -> Result<PreventionActivity> {
        let row: Option<(
            Uuid,
            String,
            String,
            NaiveDate,
            String,
            Option<String>,
            Option<i64>,
            DateTime<Utc>,
            DateTime<Utc>,
            i64,
        )> = sqlx::query_as(
            "SELECT org_id, kind, topic, held_on, title, region, audience, created_at, updated_at, version \
                 FROM prevention_activities WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
        let (org, kind, topic, held_on, title, region, audience, created_at, updated_at, version) =
            row.ok_or(StoreError::NotFound(PREVENTION.record(id)))?;
        Ok(PreventionActivity {
            id,
            input: PreventionInput {
                org: OrgId(org),
                kind: decode(PreventionKind::parse(&kind))?,
                topic: decode(PreventionTopic::parse(&topic))?,
                held_on,
                title,
                region: decode_opt(region.as_deref(), Region::parse)?,
                audience,
            },
            created_at,
            updated_at,
            version,
        })
    }

    async fn load_training(&self, tx: &mut Tx, id: TrainingId) -> Result<Training> {
        let row: Option<(Uuid, String, NaiveDate, NaiveDate, DateTime<Utc>, DateTime<Utc>, i64)> = sqlx::query_as(
            "SELECT org_id, title, starts_on, ends_on, created_at, updated_at, version FROM trainings WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
        let (org, title, starts_on, ends_on, created_at, updated_at, version) =
            row.ok_or(StoreError::NotFound(TRAININGS.record(id)))?;
        let participants: Vec<(String, i64)> =
            sqlx::query_as("SELECT country, count FROM training_participants WHERE training_id = $1 ORDER BY country")
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
        Ok(Training {
            id,
            input: TrainingInput {
                org: OrgId(org),
                title,
                starts_on,
                ends_on,
                participants: participants
                    .into_iter()
                    .map(|(country, count)| {
                        Ok(Participants {
                            country: decode(CountryCode::parse(&country))?,
                            count,
                        })
                    })
                    .collect::<Result<_>>()?,
            },
            created_at,
            updated_at,
            version,
        })
    }

    async fn load_funding(&self, tx: &mut Tx, id: FundingId) -> Result<Funding> {
        let row: Option<(
            String,
            String,
            Option<Uuid>,
            String,
            NaiveDate,
            i64,
            String,
            String,
            i64,
            DateTime<Utc>,
            DateTime<Utc>,
            i64,
        )> = sqlx::query_as(
            "SELECT source, donor, recipient_id, purpose, allocated_on, amount_minor, currency, usd_rate, usd_cents, \
                 created_at, updated_at, version FROM funding_allocations WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
        let (
            source,
            donor,
            recipient,
            purpose,
            allocated_on,
            amount,
            currency,
            rate,
            usd_cents,
            created_at,
            updated_at,
            version,
        ) = row.ok_or(StoreError::NotFound(FUNDING.record(id)))?;
        Ok(Funding {
            id,
            input: FundingInput {
                source: decode(FundingSource::parse(&source))?,
                donor,
                recipient: recipient.map(OrgId),
                purpose: decode(FundingPurpose::parse(&purpose))?,
                allocated_on,
                amount: Money {
                    minor: amount,
                    currency: decode(Currency::parse(&currency))?,
                },
                usd_rate: decode(rate.parse::<ExchangeRate>())?,
            },
            usd_cents,
            created_at,
            updated_at,
            version,
        })
    }

    async fn load_cooperation(&self, tx: &mut Tx, id: CooperationId) -> Result<Cooperation> {
        let row: Option<(
            Uuid,
            String,
            String,
            Option<String>,
            String,
            Option<Uuid>,
            NaiveDate,
            Option<NaiveDate>,
            Option<String>,
            DateTime<Utc>,
            DateTime<Utc>,
            i64,
        )> = sqlx::query_as(
            "SELECT org_id, kind, counterpart, counterpart_country, subject, case_id, started_on, ended_on, outcome, \
                 created_at, updated_at, version FROM cooperation WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
        let (
            org,
            kind,
            counterpart,
            country,
            subject,
            case,
            started_on,
            ended_on,
            outcome,
            created_at,
            updated_at,
            version,
        ) = row.ok_or(StoreError::NotFound(COOPERATION.record(id)))?;
        Ok(Cooperation {
            id,
            input: CooperationInput {
                org: OrgId(org),
                kind: decode(CooperationKind::parse(&kind))?,
                counterpart,
                counterpart_country: decode_opt(country.as_deref(), CountryCode::parse)?,
                subject,
                case: case.map(CaseId),
                started_on,
                ended_on,
                outcome,
            },
            created_at,
            updated_at,
            version,
        })
    }
}

/// Check every response of a survey, naming the response by its position.
pub(crate) fn validate_survey(input: &SurveyInput, responses: &[SurveyResponse]) -> Result<()> {
    input.validate(today())?;
    let mut checks = haven_domain::error::Checks::new();
    for (i, response) in responses.iter().enumerate() {
        checks.nested(&format!("responses[{i}]"), |c| response.check(c));
        if responses[..i].iter().any(|r| r.respondent == response.respondent) {
            checks.push(
                &format!("responses[{i}].respondent"),
                Problem::Duplicate {
                    value: response.respondent.to_string(),
                },
            );
        }
    }
    checks.finish()?;
    Ok(())
}

#[async_trait]
impl ActivityStore for This {
    async fn create_prevention(&self, actor: &Actor, input: &PreventionInput) -> Result<PreventionActivity> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        let id = PreventionId::new();
        let mut ins = Inserts::default();
        ins.prevention(id, input);
        ins.flush(&mut tx).await?;
        let record = self.load_prevention(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            PREVENTION,
            id.0,
            None::<&()>,
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn update_prevention(
        &self,
        actor: &Actor,
        id: PreventionId,
        version: i64,
        input: &PreventionInput,
    ) -> Result<PreventionActivity> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_prevention(&mut tx, id).await?;
        self.check_activity_write(&mut tx, actor, "org", Some(before.input.org))
            .await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        let updated = sqlx::query(
            "UPDATE prevention_activities SET org_id = $1, kind = $2, topic = $3, held_on = $4, title = $5, region = $6, \
             audience = $7, updated_at = $8, version = version + 1 WHERE id = $9 AND version = $10",
        )
        .bind(input.org.0)
        .bind(input.kind.code())
        .bind(input.topic.code())
        .bind(input.held_on)
        .bind(&input.title)
        .bind(input.region.map(Region::code))
        .bind(input.audience)
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), PREVENTION, id.0, version).await?;
        let after = self.load_prevention(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            PREVENTION,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn prevention(&self, actor: &Actor, id: PreventionId) -> Result<PreventionActivity> {
        actor.require(Permission::ReadActivities)?;
        let mut tx = self.pool().begin().await?;
        self.load_prevention(&mut tx, id).await
    }

    async fn recent_prevention(&self, actor: &Actor, page: Page) -> Result<Vec<PreventionActivity>> {
        let mut tx = self.pool().begin().await?;
        let ids = self
            .recent_in_scope(&mut tx, actor, "prevention_activities", "org_id", "held_on", page)
            .await?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.push(self.load_prevention(&mut tx, PreventionId(id)).await?);
        }
        Ok(found)
    }

    async fn delete_prevention(&self, actor: &Actor, id: PreventionId, version: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let before = self.load_prevention(&mut tx, id).await?;
        self.check_activity_write(&mut tx, actor, "org", Some(before.input.org))
            .await?;
        let deleted = sqlx::query("DELETE FROM prevention_activities WHERE id = $1 AND version = $2")
            .bind(id.0)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        expect_changed(&mut tx, deleted.rows_affected(), PREVENTION, id.0, version).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Delete,
            PREVENTION,
            id.0,
            Some(&before),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_training(&self, actor: &Actor, input: &TrainingInput) -> Result<Training> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        let id = TrainingId::new();
        let mut ins = Inserts::default();
        ins.training(id, input);
        ins.flush(&mut tx).await?;
        let record = self.load_training(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            TRAININGS,
            id.0,
            None::<&()>,
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn update_training(
        &self,
        actor: &Actor,
        id: TrainingId,
        version: i64,
        input: &TrainingInput,
    ) -> Result<Training> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_training(&mut tx, id).await?;
        self.check_activity_write(&mut tx, actor, "org", Some(before.input.org))
            .await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        let updated = sqlx::query(
            "UPDATE trainings SET org_id = $1, title = $2, starts_on = $3, ends_on = $4, updated_at = $5, \
             version = version + 1 WHERE id = $6 AND version = $7",
        )
        .bind(input.org.0)
        .bind(&input.title)
        .bind(input.starts_on)
        .bind(input.ends_on)
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), TRAININGS, id.0, version).await?;
        sqlx::query("DELETE FROM training_participants WHERE training_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        for p in &input.participants {
            sqlx::query("INSERT INTO training_participants (training_id, country, count) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(p.country.as_str())
                .bind(p.count)
                .execute(&mut *tx)
                .await?;
        }
        let after = self.load_training(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            TRAININGS,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn training(&self, actor: &Actor, id: TrainingId) -> Result<Training> {
        actor.require(Permission::ReadActivities)?;
        let mut tx = self.pool().begin().await?;
        self.load_training(&mut tx, id).await
    }

    async fn recent_trainings(&self, actor: &Actor, page: Page) -> Result<Vec<Training>> {
        let mut tx = self.pool().begin().await?;
        let ids = self
            .recent_in_scope(&mut tx, actor, "trainings", "org_id", "starts_on", page)
            .await?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.push(self.load_training(&mut tx, TrainingId(id)).await?);
        }
        Ok(found)
    }

    async fn create_funding(&self, actor: &Actor, input: &FundingInput) -> Result<Funding> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_activity_write(&mut tx, actor, "recipient", input.recipient)
            .await?;
        let id = FundingId::new();
        let mut ins = Inserts::default();
        ins.funding(id, input);
        ins.flush(&mut tx).await?;
        let record = self.load_funding(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            FUNDING,
            id.0,
            None::<&()>,
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn update_funding(
        &self,
        actor: &Actor,
        id: FundingId,
        version: i64,
        input: &FundingInput,
    ) -> Result<Funding> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_funding(&mut tx, id).await?;
        // Another organisation's allocation is not taken over by naming oneself its recipient.
        self.check_activity_write(&mut tx, actor, "recipient", before.input.recipient)
            .await?;
        self.check_activity_write(&mut tx, actor, "recipient", input.recipient)
            .await?;
        let updated = sqlx::query(
            "UPDATE funding_allocations SET source = $1, donor = $2, recipient_id = $3, purpose = $4, allocated_on = $5, \
             amount_minor = $6, currency = $7, usd_rate = $8, usd_cents = $9, updated_at = $10, version = version + 1 \
             WHERE id = $11 AND version = $12",
        )
        .bind(input.source.code())
        .bind(&input.donor)
        .bind(input.recipient.map(|o| o.0))
        .bind(input.purpose.code())
        .bind(input.allocated_on)
        .bind(input.amount.minor)
        .bind(input.amount.currency.code())
        .bind(input.usd_rate.to_string())
        .bind(input.usd_cents())
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), FUNDING, id.0, version).await?;
        let after = self.load_funding(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            FUNDING,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn funding(&self, actor: &Actor, id: FundingId) -> Result<Funding> {
        actor.require(Permission::ReadActivities)?;
        let mut tx = self.pool().begin().await?;
        self.load_funding(&mut tx, id).await
    }

    async fn recent_funding(&self, actor: &Actor, page: Page) -> Result<Vec<Funding>> {
        let mut tx = self.pool().begin().await?;
        let ids = self
            .recent_in_scope(
                &mut tx,
                actor,
                "funding_allocations",
                "recipient_id",
                "allocated_on",
                page,
            )
            .await?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.push(self.load_funding(&mut tx, FundingId(id)).await?);
        }
        Ok(found)
    }

    async fn create_cooperation(&self, actor: &Actor, input: &CooperationInput) -> Result<Cooperation> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        if let Some(case) = input.case {
            require_reference(&mut tx, "case", CASES, case.0).await?;
        }
        let id = CooperationId::new();
        let mut ins = Inserts::default();
        ins.cooperation(id, input);
        ins.flush(&mut tx).await?;
        let record = self.load_cooperation(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            COOPERATION,
            id.0,
            None::<&()>,
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn update_cooperation(
        &self,
        actor: &Actor,
        id: CooperationId,
        version: i64,
        input: &CooperationInput,
    ) -> Result<Cooperation> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.load_cooperation(&mut tx, id).await?;
        self.check_activity_write(&mut tx, actor, "org", Some(before.input.org))
            .await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        if let Some(case) = input.case {
            require_reference(&mut tx, "case", CASES, case.0).await?;
        }
        let updated = sqlx::query(
            "UPDATE cooperation SET org_id = $1, kind = $2, counterpart = $3, counterpart_country = $4, subject = $5, \
             case_id = $6, started_on = $7, ended_on = $8, outcome = $9, updated_at = $10, version = version + 1 \
             WHERE id = $11 AND version = $12",
        )
        .bind(input.org.0)
        .bind(input.kind.code())
        .bind(&input.counterpart)
        .bind(input.counterpart_country.as_ref().map(CountryCode::as_str))
        .bind(&input.subject)
        .bind(input.case.map(|c| c.0))
        .bind(input.started_on)
        .bind(input.ended_on)
        .bind(input.outcome.as_deref())
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), COOPERATION, id.0, version).await?;
        let after = self.load_cooperation(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            COOPERATION,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn cooperation(&self, actor: &Actor, id: CooperationId) -> Result<Cooperation> {
        actor.require(Permission::ReadActivities)?;
        let mut tx = self.pool().begin().await?;
        self.load_cooperation(&mut tx, id).await
    }

    async fn recent_cooperation(&self, actor: &Actor, page: Page) -> Result<Vec<Cooperation>> {
        let mut tx = self.pool().begin().await?;
        let ids = self
            .recent_in_scope(&mut tx, actor, "cooperation", "org_id", "started_on", page)
            .await?;
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            found.push(self.load_cooperation(&mut tx, CooperationId(id)).await?);
        }
        Ok(found)
    }

    async fn create_survey(&self, actor: &Actor, input: &SurveyInput, responses: &[SurveyResponse]) -> Result<Survey> {
        validate_survey(input, responses)?;
        let mut tx = self.begin_write().await?;
        self.check_activity_write(&mut tx, actor, "org", Some(input.org))
            .await?;
        let id = SurveyId::new();
        let mut ins = Inserts::default();
        ins.survey(id, input, responses);
        ins.flush(&mut tx).await?;
        let (survey, _) = load_survey(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            SURVEYS,
            id.0,
            None::<&()>,
            Some(&(&survey, responses)),
        )
        .await?;
        tx.commit().await?;
        Ok(survey)
    }

    async fn survey(&self, actor: &Actor, id: SurveyId) -> Result<(Survey, Vec<SurveyResponse>)> {
        actor.require(Permission::ReadActivities)?;
        let mut tx = self.pool().begin().await?;
        load_survey(&mut tx, id).await
    }
}

async fn load_survey(tx: &mut Tx, id: SurveyId) -> Result<(Survey, Vec<SurveyResponse>)> {
    let row: Option<(Uuid, String, NaiveDate, NaiveDate, DateTime<Utc>, i64)> = sqlx::query_as(
        "SELECT org_id, title, fielded_from, fielded_to, created_at, version FROM surveys WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    let (org, title, fielded_from, fielded_to, created_at, version) =
        row.ok_or(StoreError::NotFound(SURVEYS.record(id)))?;
    let answers: Vec<(i64, Option<String>, Option<String>, String, String)> = sqlx::query_as(
        "SELECT respondent, sex, region, question, answer FROM survey_answers WHERE survey_id = $1 ORDER BY respondent, question",
    )
    .bind(id.0)
    .fetch_all(&mut **tx)
    .await?;
    let mut responses: Vec<SurveyResponse> = Vec::new();
    for (respondent, sex, region, question, answer) in answers {
        if responses.last().is_none_or(|r| r.respondent != respondent) {
            responses.push(SurveyResponse {
                respondent,
                sex: decode_opt(sex.as_deref(), Sex::parse)?,
                region: decode_opt(region.as_deref(), Region::parse)?,
                answers: Vec::new(),
            });
        }
        if let Some(last) = responses.last_mut() {
            last.answers.push(Answer { question, answer });
        }
    }
    Ok((
        Survey {
            id,
            input: SurveyInput {
                org: OrgId(org),
                title,
                fielded_from,
                fielded_to,
            },
            created_at,
            version,
        },
        responses,
    ))
}
