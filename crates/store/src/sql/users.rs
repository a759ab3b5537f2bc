use async_trait::async_trait;
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::error::Validate;
use haven_domain::ids::UserId;
use haven_domain::user::{NewUser, User};
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;

use super::rows::{USER_COLUMNS, UserRow};
use super::{This, Tx, expect_changed, require_reference};
use crate::insert::encode_list;
use crate::tables::{ORGANISATIONS, USERS};
use crate::{Result, StoreError, UserStore, now, today};

async fn load_user(tx: &mut Tx, id: UserId) -> Result<User> {
    let row: Option<UserRow> = sqlx::query_as(AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(StoreError::NotFound(USERS.record(id)))?.into_domain()
}

#[async_trait]
impl UserStore for This {
    async fn create_user(&self, actor: &Actor, input: &NewUser, password_hash: &str) -> Result<User> {
        actor.require(Permission::ManageUsers)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        require_reference(&mut tx, "org", ORGANISATIONS, input.org.0).await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM users WHERE username = $1")
            .bind(&input.username)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(ValidationErrors::single(
                "username",
                Problem::Invalid {
                    reason: format!("'{}' is taken", input.username),
                },
            )
            .into());
        }
        let id = UserId::new();
        sqlx::query(
            "INSERT INTO users (id, org_id, username, display_name, password_hash, roles, active, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 1)",
        )
        .bind(id.0)
        .bind(input.org.0)
        .bind(&input.username)
        .bind(&input.display_name)
        .bind(password_hash)
        .bind(encode_list(&input.roles))
        .bind(true)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let user = load_user(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            USERS,
            id.0,
            None::<&()>,
            Some(&user),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn user(&self, actor: &Actor, id: UserId) -> Result<User> {
        if actor.user != Some(id) {
            actor.require(Permission::ManageUsers)?;
        }
        let mut tx = self.pool().begin().await?;
        load_user(&mut tx, id).await
    }

    async fn users(&self, actor: &Actor) -> Result<Vec<User>> {
        actor.require(Permission::ManageUsers)?;
        let rows: Vec<UserRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(UserRow::into_domain).collect()
    }

    async fn credentials(&self, username: &str) -> Result<Option<(User, String)>> {
        let hash: Option<(uuid::Uuid, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(self.pool())
                .await?;
        let Some((id, hash)) = hash else { return Ok(None) };
        let mut tx = self.pool().begin().await?;
        Ok(Some((load_user(&mut tx, UserId(id)).await?, hash)))
    }

    async fn set_user_active(&self, actor: &Actor, id: UserId, version: i64, active: bool) -> Result<User> {
        actor.require(Permission::ManageUsers)?;
        let mut tx = self.begin_write().await?;
        let before = load_user(&mut tx, id).await?;
        let updated = sqlx::query(
            "UPDATE users SET active = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
        )
        .bind(active)
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), USERS, id.0, version).await?;
        if !active {
            end_sessions(&mut tx, id).await?;
        }
        let after = load_user(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            USERS,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn reset_second_factor(&self, actor: &Actor, id: UserId, version: i64) -> Result<User> {
        actor.require(Permission::ManageUsers)?;
        let mut tx = self.begin_write().await?;
        let before = load_user(&mut tx, id).await?;
        let updated = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_last_step = NULL, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND version = $3",
        )
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), USERS, id.0, version).await?;
        end_sessions(&mut tx, id).await?;
        let after = load_user(&mut tx, id).await?;
        let mut record = AuditRecord::new(actor, AuditAction::Update, USERS.name, Some(id.0))
            .detail("second factor reset: the next sign-in enrols a new one");
        record.before = Some(self.digest(&before));
        record.after = Some(self.digest(&after));
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// Every session of an account ends (deactivated, or its second factor reset).
async fn end_sessions(tx: &mut Tx, user: UserId) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
