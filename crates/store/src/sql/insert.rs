//! Writing the rows queued in [`Inserts`] with this backend's placeholders.

use sqlx::QueryBuilder;

use super::Tx;
use crate::Result;
use crate::insert::{Inserts, TABLES, Value};

/// Bound values per statement, under both engines' limits.
const MAX_BOUND_VALUES: usize = 30_000;

pub(crate) trait Flush {
    /// Insert everything queued, parents before children.
    fn flush(&mut self, tx: &mut Tx) -> impl Future<Output = Result<()>> + Send;
}

impl Flush for Inserts {
    async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        for (index, (table, columns)) in TABLES.iter().enumerate() {
            let rows = std::mem::take(&mut self.rows[index]);
            let per_statement = (MAX_BOUND_VALUES / columns.len()).max(1);
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
                // Only full chunks repeat the same text; caching the others would fill the
                // statement cache with large one-off statements.
                let repeats = chunk.len() == per_statement;
                let mut builder = QueryBuilder::new(format!("INSERT INTO {table} ({}) ", columns.join(", ")));
                builder.push_values(chunk, |mut b, row| {
                    for value in row {
                        match value {
                            Value::Uuid(v) => b.push_bind(v),
                            Value::Text(v) => b.push_bind(v),
                            Value::Int(v) => b.push_bind(v),
                            Value::Date(v) => b.push_bind(v),
                            Value::Time(v) => b.push_bind(v),
                            Value::Bytes(v) => b.push_bind(v),
                            Value::Bool(v) => b.push_bind(v),
                        };
                    }
                });
                builder.build().persistent(repeats).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }
}
