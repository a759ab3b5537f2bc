//! The outbox and the webhooks that deliver it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::ids::OrgId;
use haven_domain::outbox::{OutboxEntry, Topic};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{This, Tx, decode, require_reference};
use crate::tables::{ORGANISATIONS, Table};
use crate::{DueWebhook, OutboxStore, Result, StoreError, Webhook, now};

const WEBHOOKS: Table = Table {
    name: "webhooks",
    noun: "webhook",
};

impl This {
    /// Report a change to each organisation concerned, in the change's own transaction.
    pub(crate) async fn append_outbox(
        &self,
        tx: &mut Tx,
        topic: Topic,
        orgs: &[OrgId],
        record: Uuid,
        payload: &serde_json::Value,
    ) -> Result<()> {
        let at = now();
        let payload = payload.to_string();
        for org in orgs {
            sqlx::query(
                "INSERT INTO outbox (topic, org_id, record_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(topic.code())
            .bind(org.0)
            .bind(record)
            .bind(&payload)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

fn system_only(actor: &Actor, what: &str) -> Result<()> {
    if actor.is_system() {
        Ok(())
    } else {
        Err(StoreError::Refused(format!("only a system task {what}")))
    }
}

type WebhookRow = (
    Uuid,
    Uuid,
    String,
    Vec<u8>,
    i64,
    i64,
    DateTime<Utc>,
    Option<String>,
    bool,
);

const WEBHOOK_COLUMNS: &str = "id, org_id, url, secret, delivered_seq, failures, next_attempt_at, last_error, active";

fn webhook((id, org, url, _, delivered_seq, failures, next_attempt_at, last_error, active): WebhookRow) -> Webhook {
    Webhook {
        id,
        org: OrgId(org),
        url,
        delivered_seq,
        failures,
        next_attempt_at,
        last_error,
        active,
    }
}

#[async_trait]
impl OutboxStore for This {
    async fn outbox(&self, actor: &Actor, org: OrgId, after_seq: i64, limit: i64) -> Result<Vec<OutboxEntry>> {
        system_only(actor, "reads the outbox")?;
        let rows: Vec<(i64, String, Uuid, Uuid, String, DateTime<Utc>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT seq, topic, org_id, record_id, payload, created_at FROM outbox \
             WHERE org_id = $1 AND seq > $2 ORDER BY seq {}",
            super::limit(limit)
        )))
        .bind(org.0)
        .bind(after_seq)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(seq, topic, org, record, payload, created_at)| {
                Ok(OutboxEntry {
                    seq,
                    topic: decode(Topic::parse(&topic))?,
                    org: OrgId(org),
                    record,
                    payload: serde_json::from_str(&payload)
                        .map_err(|e| StoreError::Corrupt(format!("outbox entry {seq}: {e}")))?,
                    created_at,
                })
            })
            .collect()
    }

    async fn add_webhook(&self, actor: &Actor, org: OrgId, url: &str, secret: &str) -> Result<Webhook> {
        if !actor.is_system() {
            actor.require(Permission::ManageOrganisations)?;
        }
        let mut tx = self.begin_write().await?;
        require_reference(&mut tx, "org", ORGANISATIONS, org.0).await?;
        // A new receiver starts from now: what happened before it was added is not replayed.
        let head: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM outbox")
            .fetch_one(&mut *tx)
            .await?;
        let id = Uuid::now_v7();
        let at = now();
        let delivered_seq = head.unwrap_or(0);
        sqlx::query(
            "INSERT INTO webhooks (id, org_id, url, secret, delivered_seq, failures, next_attempt_at, last_error, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6, NULL, TRUE, $6)",
        )
        .bind(id)
        .bind(org.0)
        .bind(url)
        .bind(self.keys().seal_str(WEBHOOKS.name, "secret", id, secret))
        .bind(delivered_seq)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let record = AuditRecord::new(actor, AuditAction::Create, WEBHOOKS.name, Some(id))
            .detail(format!("webhook for organisation {org}"));
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(Webhook {
            id,
            org,
            url: url.to_owned(),
            delivered_seq,
            failures: 0,
            next_attempt_at: at,
            last_error: None,
            active: true,
        })
    }

    async fn webhooks(&self, actor: &Actor) -> Result<Vec<Webhook>> {
        if !actor.is_system() {
            actor.require(Permission::ManageOrganisations)?;
        }
        let rows: Vec<WebhookRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY created_at"
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(webhook).collect())
    }

    async fn due_webhooks(&self, actor: &Actor, at: DateTime<Utc>) -> Result<Vec<DueWebhook>> {
        system_only(actor, "delivers webhooks")?;
        let rows: Vec<WebhookRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE active AND next_attempt_at <= $1 ORDER BY created_at"
        )))
        .bind(at)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| {
                let secret = Zeroizing::new(self.keys().open_str(WEBHOOKS.name, "secret", row.0, &row.3)?);
                Ok(DueWebhook {
                    webhook: webhook(row),
                    secret,
                })
            })
            .collect()
    }

    async fn webhook_delivered(&self, actor: &Actor, id: Uuid, seq: i64) -> Result<()> {
        system_only(actor, "delivers webhooks")?;
        sqlx::query("UPDATE webhooks SET delivered_seq = $1, failures = 0, last_error = NULL WHERE id = $2 AND delivered_seq < $1")
            .bind(seq)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn webhook_failed(&self, actor: &Actor, id: Uuid, error: &str, retry_at: DateTime<Utc>) -> Result<()> {
        system_only(actor, "delivers webhooks")?;
        sqlx::query("UPDATE webhooks SET failures = failures + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3")
            .bind(error)
            .bind(retry_at)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
