//! Sessions, second factors and failed sign-ins. The policy (time-outs, lock-outs, who needs
//! a second factor) is `haven_domain::session`'s; this keeps the state it is applied to.

use std::sync::LazyLock;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::access::Actor;
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::ids::UserId;
use sqlx::AssertSqlSafe;
use zeroize::Zeroizing;

use super::This;
use super::rows::{USER_COLUMNS, UserRow};
use crate::tables::USERS;
use crate::{Result, SessionRecord, SessionStore, StoreError, now};

/// A session with its user, read in one query: every request of a signed-in user reads it.
#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    lang: String,
    enrolled: bool,
    csrf_token: String,
    second_factor: bool,
    session_created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
}

/// The user columns, qualified: `sessions` has columns of the same names.
static SESSION_SELECT: LazyLock<String> = LazyLock::new(|| {
    let user_columns: Vec<String> = USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect();
    format!(
        "SELECT {}, u.lang, u.totp_secret IS NOT NULL AS enrolled, s.csrf_token, s.second_factor, \
         s.created_at AS session_created_at, s.last_seen_at \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        user_columns.join(", ")
    )
});

impl This {
    async fn audit_sign_in(&self, actor: &Actor, action: AuditAction, detail: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let record = AuditRecord::new(actor, action, USERS.name, actor.user.map(|u| u.0)).detail(detail);
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl SessionStore for This {
    async fn sign_in_failures(&self, subject: &str, since: DateTime<Utc>) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE subject = $1 AND at >= $2")
                .bind(subject)
                .bind(since)
                .fetch_one(self.pool())
                .await?,
        )
    }

    async fn record_sign_in_failure(&self, actor: &Actor, subjects: &[String], reason: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let at = now();
        // Only the lock-out window matters; older failures are not kept.
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(at - chrono::Duration::days(1))
            .execute(&mut *tx)
            .await?;
        for subject in subjects {
            sqlx::query("INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)")
                .bind(subject)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        let record =
            AuditRecord::new(actor, AuditAction::SignInRefused, USERS.name, actor.user.map(|u| u.0)).detail(reason);
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
            .bind(subject)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn start_session(
        &self,
        actor: &Actor,
        token_hash: &[u8; 32],
        csrf_token: &str,
        second_factor: bool,
    ) -> Result<()> {
        let user = actor
            .user
            .ok_or_else(|| StoreError::Refused("only a user can hold a session".into()))?;
        let mut tx = self.begin_write().await?;
        let at = now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, second_factor, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(token_hash.as_slice())
        .bind(user.0)
        .bind(csrf_token)
        .bind(second_factor)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let detail = if second_factor {
            "password accepted"
        } else {
            "password accepted; second factor pending"
        };
        let record = AuditRecord::new(actor, AuditAction::SignIn, USERS.name, Some(user.0)).detail(detail);
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>> {
        let row: Option<SessionRow> = sqlx::query_as(AssertSqlSafe(SESSION_SELECT.as_str()))
            .bind(token_hash.as_slice())
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            user: row.user.into_domain()?,
            lang: row.lang,
            second_factor_enrolled: row.enrolled,
            csrf_token: row.csrf_token,
            second_factor: row.second_factor,
            created_at: row.session_created_at,
            last_seen_at: row.last_seen_at,
        }))
    }

    async fn touch_session(&self, token_hash: &[u8; 32]) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now())
            .bind(token_hash.as_slice())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn confirm_second_factor(&self, actor: &Actor, token_hash: &[u8; 32]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE sessions SET second_factor = $1, last_seen_at = $2 WHERE token_hash = $3")
            .bind(true)
            .bind(now())
            .bind(token_hash.as_slice())
            .execute(&mut *tx)
            .await?;
        let record = AuditRecord::new(actor, AuditAction::SignIn, USERS.name, actor.user.map(|u| u.0))
            .detail("second factor accepted");
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn end_session(&self, actor: &Actor, token_hash: &[u8; 32], reason: &str) -> Result<()> {
        let ended = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.as_slice())
            .execute(self.pool())
            .await?;
        if ended.rows_affected() > 0 {
            self.audit_sign_in(actor, AuditAction::SignOut, reason).await?;
        }
        Ok(())
    }

    async fn totp_secret(&self, user: UserId) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let sealed: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT totp_secret FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(self.pool())
            .await?;
        match sealed.flatten() {
            None => Ok(None),
            Some(sealed) => Ok(Some(self.keys().open(USERS.name, "totp_secret", user.0, &sealed)?)),
        }
    }

    async fn enrol_second_factor(&self, actor: &Actor, secret: &[u8]) -> Result<()> {
        let user = actor
            .user
            .ok_or_else(|| StoreError::Refused("only a user enrols a second factor".into()))?;
        let mut tx = self.begin_write().await?;
        let sealed = self.keys().seal(USERS.name, "totp_secret", user.0, secret);
        let updated = sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret IS NULL")
            .bind(sealed)
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "this account already has a second factor; an administrator can reset it".into(),
            ));
        }
        let record =
            AuditRecord::new(actor, AuditAction::Update, USERS.name, Some(user.0)).detail("second factor enrolled");
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(user.0)
        .execute(self.pool())
        .await?;
        Ok(updated.rows_affected() > 0)
    }

    async fn set_language(&self, user: UserId, lang: &str) -> Result<()> {
        sqlx::query("UPDATE users SET lang = $1 WHERE id = $2")
            .bind(lang)
            .bind(user.0)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
