use std::path::Path;

use async_trait::async_trait;
use sqlx::AssertSqlSafe;

use super::This;
use crate::{Backend, Result, Store, StoreError};

/// Tables whose rows `count_rows` may count.
const COUNTABLE: [&str; 16] = [
    "organisations",
    "users",
    "persons",
    "cases",
    "events",
    "referrals",
    "assistance",
    "prevention_activities",
    "trainings",
    "funding_allocations",
    "cooperation",
    "surveys",
    "survey_answers",
    "audit_log",
    "licensed_agencies",
    "reference_figures",
];

#[async_trait]
impl Store for This {
    fn backend(&self) -> Backend {
        Self::BACKEND
    }

    async fn count_rows(&self, table: &str) -> Result<i64> {
        let table = COUNTABLE
            .iter()
            .find(|t| **t == table)
            .ok_or_else(|| StoreError::Refused(format!("'{table}' is not a table whose rows can be counted")))?;
        Ok(
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(self.pool())
                .await?,
        )
    }

    async fn backup(&self, destination: &Path) -> Result<()> {
        self.backup_to(destination).await
    }

    async fn close(&self) {
        self.close_pool().await;
    }
}
