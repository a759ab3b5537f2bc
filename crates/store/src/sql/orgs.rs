use async_trait::async_trait;
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::AuditAction;
use haven_domain::error::Validate;
use haven_domain::ids::OrgId;
use haven_domain::org::{Organisation, OrganisationInput, Region};
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;

use super::insert::Flush;
use super::rows::{ORG_COLUMNS, OrgRow};
use super::{This, Tx, expect_changed, org_tree, require_reference};
use crate::insert::Inserts;
use crate::tables::ORGANISATIONS;
use crate::{OrganisationStore, Result, StoreError, now, today};

pub(crate) async fn load_org(tx: &mut Tx, id: OrgId) -> Result<Organisation> {
    let row: Option<OrgRow> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    row.ok_or(StoreError::NotFound(ORGANISATIONS.record(id)))?.into_domain()
}

impl This {}

#[async_trait]
impl OrganisationStore for This {
    async fn create_organisation(&self, actor: &Actor, input: &OrganisationInput) -> Result<Organisation> {
        actor.require(Permission::ManageOrganisations)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        if let Some(parent) = input.parent {
            require_reference(&mut tx, "parent", ORGANISATIONS, parent.0).await?;
        }
        let id = OrgId::new();
        let mut ins = Inserts::default();
        ins.organisation(id, input);
        ins.flush(&mut tx).await?;
        let org = load_org(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            ORGANISATIONS,
            org.id.0,
            None::<&()>,
            Some(&org),
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn update_organisation(
        &self,
        actor: &Actor,
        id: OrgId,
        version: i64,
        input: &OrganisationInput,
    ) -> Result<Organisation> {
        actor.require(Permission::ManageOrganisations)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        if let Some(parent) = input.parent {
            require_reference(&mut tx, "parent", ORGANISATIONS, parent.0).await?;
            // A unit cannot be moved under itself or one of its own sub-units.
            if org_tree(&mut tx, id).await?.contains(&parent) {
                return Err(ValidationErrors::single(
                    "parent",
                    Problem::Invalid {
                        reason: "an organisation cannot be placed under itself or its own sub-unit".into(),
                    },
                )
                .into());
            }
        }
        let before = load_org(&mut tx, id).await?;
        let updated = sqlx::query(
            "UPDATE organisations SET parent_id = $1, name = $2, short_name = $3, kind = $4, region = $5, \
             updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
        )
        .bind(input.parent.map(|p| p.0))
        .bind(&input.name)
        .bind(input.short_name.as_deref())
        .bind(input.kind.code())
        .bind(input.region.map(Region::code))
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), ORGANISATIONS, id.0, version).await?;
        let after = load_org(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            ORGANISATIONS,
            id.0,
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn organisation(&self, id: OrgId) -> Result<Organisation> {
        let mut tx = self.pool().begin().await?;
        load_org(&mut tx, id).await
    }

    async fn organisations(&self) -> Result<Vec<Organisation>> {
        let rows: Vec<OrgRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {ORG_COLUMNS} FROM organisations ORDER BY name"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(OrgRow::into_domain).collect()
    }

    async fn organisation_tree(&self, id: OrgId) -> Result<Vec<OrgId>> {
        let mut tx = self.pool().begin().await?;
        org_tree(&mut tx, id).await
    }
}
