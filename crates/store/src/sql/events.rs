use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::AuditAction;
use haven_domain::error::Validate;
use haven_domain::event::{Event, EventKind, EventSource, NewEvent};
use haven_domain::ids::{CaseId, EventId, OrgId, PersonId, UserId};
use haven_domain::referral::CaseSection;
use haven_domain::{Problem, ValidationErrors};
use uuid::Uuid;

use super::insert::Flush;
use super::{This, Tx, decode, expect_changed, placeholders};
use crate::insert::Inserts;
use crate::tables::EVENTS;
use crate::{EventStore, Result, StoreError, today};

#[derive(sqlx::FromRow)]
struct EventRow {
    id: Uuid,
    case_id: Uuid,
    person_id: Option<Uuid>,
    org_id: Uuid,
    kind: String,
    occurred_on: NaiveDate,
    code: Option<String>,
    source: String,
    notes: Option<Vec<u8>>,
    recorded_at: DateTime<Utc>,
    recorded_by: Option<Uuid>,
    version: i64,
}

const EVENT_SELECT: &str = "SELECT id, case_id, person_id, org_id, kind, occurred_on, code, source, notes, \
    recorded_at, recorded_by, version FROM events";

impl This {
    fn event_from_row(&self, row: EventRow, notes_visible: bool) -> Result<Event> {
        let notes = match (row.notes, notes_visible) {
            (Some(sealed), true) => Some(self.keys().open_str("events", "notes", row.id, &sealed)?),
            _ => None,
        };
        Ok(Event {
            id: EventId(row.id),
            case: CaseId(row.case_id),
            person: row.person_id.map(PersonId),
            org: OrgId(row.org_id),
            kind: decode(EventKind::parse(&row.kind))?,
            occurred_on: row.occurred_on,
            code: row.code,
            source: decode(EventSource::parse(&row.source))?,
            notes,
            recorded_at: row.recorded_at,
            recorded_by: row.recorded_by.map(UserId),
            version: row.version,
        })
    }

    async fn load_event(&self, tx: &mut Tx, id: EventId) -> Result<Event> {
        let row: Option<EventRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{EVENT_SELECT} WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
        self.event_from_row(row.ok_or(StoreError::NotFound(EVENTS.record(id)))?, true)
    }

    /// The events of these cases, oldest first: the caller has checked that their
    /// timelines are open to the reader.
    pub(crate) async fn events_of_cases(&self, tx: &mut Tx, cases: &[CaseId]) -> Result<Vec<Event>> {
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(cases.len());
        let mut query = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(format!(
            "{EVENT_SELECT} WHERE case_id IN ({list}) ORDER BY occurred_on, recorded_at, id"
        )));
        for case in cases {
            query = query.bind(case.0);
        }
        let rows = query.fetch_all(&mut **tx).await?;
        rows.into_iter().map(|row| self.event_from_row(row, true)).collect()
    }

    /// The person and organisation of a case, which its events carry too.
    pub(crate) async fn case_person_and_org(&self, tx: &mut Tx, case: CaseId) -> Result<(Option<PersonId>, OrgId)> {
        let found: Option<(Option<Uuid>, Uuid)> = sqlx::query_as("SELECT person_id, org_id FROM cases WHERE id = $1")
            .bind(case.0)
            .fetch_optional(&mut **tx)
            .await?;
        let (person, org) = found.ok_or_else(|| {
            ValidationErrors::single(
                "case",
                Problem::Invalid {
                    reason: format!("there is no case {case}"),
                },
            )
        })?;
        Ok((person.map(PersonId), OrgId(org)))
    }

    /// An event the actor may correct or delete: one a user recorded (the others are stated by
    /// their record and change with it) on a case the actor may write events on.
    async fn user_event_to_change(&self, tx: &mut Tx, actor: &Actor, id: EventId) -> Result<Event> {
        let event = self.load_event(tx, id).await?;
        if event.source != EventSource::User {
            return Err(StoreError::Refused(format!(
                "event {id} is stated by its {} record; change that record instead",
                event.source
            )));
        }
        self.check_event_write(tx, actor, event.case).await?;
        Ok(event)
    }

    /// Users record events on cases they may change, and on cases referred to them.
    async fn check_event_write(&self, tx: &mut Tx, actor: &Actor, case: CaseId) -> Result<()> {
        let access = self.case_access(tx, actor, case, false).await?;
        let (kind, _, _) = self.case_scope_parts(tx, case).await?;
        if access.allows(CaseSection::Events)
            && (actor.may(Permission::WriteCase(kind)) || actor.may(Permission::RecordAssistance))
        {
            Ok(())
        } else {
            Err(haven_domain::access::AccessDenied {
                actor: actor.label.clone(),
                permission: Permission::WriteCase(kind),
            }
            .into())
        }
    }
}

#[async_trait]
impl EventStore for This {
    async fn record_event(&self, actor: &Actor, input: &NewEvent) -> Result<Event> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        self.check_event_write(&mut tx, actor, input.case).await?;
        let id = EventId::new();
        let case = self.case_person_and_org(&mut tx, input.case).await?;
        let mut ins = Inserts::default();
        ins.user_event(self.keys(), actor, id, input, case);
        ins.flush(&mut tx).await?;
        let event = self.load_event(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            EVENTS,
            id.0,
            None::<&()>,
            Some(&event),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn timeline(&self, actor: &Actor, case: CaseId) -> Result<Vec<Event>> {
        let mut tx = self.pool().begin().await?;
        let access = self.case_access(&mut tx, actor, case, false).await?;
        if !access.allows(CaseSection::Events) {
            return Err(StoreError::NotShared(format!(
                "the timeline of case {case} was not shared with your organisation"
            )));
        }
        self.events_of_cases(&mut tx, &[case]).await
    }

    async fn event(&self, actor: &Actor, id: EventId) -> Result<Event> {
        let mut tx = self.pool().begin().await?;
        let event = self.load_event(&mut tx, id).await?;
        let access = self.case_access(&mut tx, actor, event.case, false).await?;
        if !access.allows(CaseSection::Events) {
            return Err(StoreError::NotShared(format!(
                "the timeline of case {} was not shared with your organisation",
                event.case
            )));
        }
        Ok(event)
    }

    async fn update_event(&self, actor: &Actor, id: EventId, version: i64, input: &NewEvent) -> Result<Event> {
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let before = self.user_event_to_change(&mut tx, actor, id).await?;
        if input.case != before.case {
            return Err(ValidationErrors::single(
                "case",
                Problem::Invalid {
                    reason: format!(
                        "event {id} belongs to case {}; an event cannot move to another case",
                        before.case
                    ),
                },
            )
            .into());
        }
        let updated = sqlx::query(
            "UPDATE events SET kind = $1, occurred_on = $2, notes = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(input.kind.code())
        .bind(input.occurred_on)
        .bind(
            input
                .notes
                .as_deref()
                .map(|n| self.keys().seal_str("events", "notes", id.0, n)),
        )
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), EVENTS, id.0, version).await?;
        let after = self.load_event(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            EVENTS,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn delete_event(&self, actor: &Actor, id: EventId, version: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let event = self.user_event_to_change(&mut tx, actor, id).await?;
        let deleted = sqlx::query("DELETE FROM events WHERE id = $1 AND version = $2")
            .bind(id.0)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        expect_changed(&mut tx, deleted.rows_affected(), EVENTS, id.0, version).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Delete,
            EVENTS,
            id.0,
            Some(&event),
            None::<&()>,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
