//! External reference statistics: each source's figures replaced whole, read by source,
//! indicator and country.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::reference::{FigureValue, ReferenceFigure, ReferenceSource, TOTAL};
use sqlx::QueryBuilder;

use super::This;
use crate::{ReferenceEdition, ReferenceImport, ReferenceQuery, ReferenceStore, Result, StoreError, now};

/// Bound values per INSERT, under both engines' limits.
const MAX_BOUND_VALUES: usize = 28_000;
const FIGURE_COLUMNS: usize = 14;

type FigureRow = (
    String,
    i64,
    String,
    Option<String>,
    String,
    i32,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn corrupt(e: &haven_domain::Problem) -> StoreError {
    StoreError::Corrupt(format!("reference figure: {e}"))
}

fn from_row(row: FigureRow) -> Result<(ReferenceSource, ReferenceFigure)> {
    let (source, line, indicator, country, country_name, year, dimension, category, sex, age, value, qualifier, text) =
        row;
    Ok((
        ReferenceSource::parse(&source).map_err(|e| corrupt(&e))?,
        ReferenceFigure {
            indicator,
            country,
            country_name,
            year,
            dimension,
            category,
            sex,
            age,
            value: FigureValue::from_columns(value, qualifier.as_deref(), text.as_deref()).map_err(|e| corrupt(&e))?,
            line: u64::try_from(line).unwrap_or(0),
        },
    ))
}

fn may_read(actor: &Actor) -> Result<()> {
    if actor.may(Permission::ManageReferenceLists) {
        return Ok(());
    }
    Ok(actor.require(Permission::ReadStatistics)?)
}

#[async_trait]
impl ReferenceStore for This {
    async fn replace_reference_figures(
        &self,
        actor: &Actor,
        source: ReferenceSource,
        file_name: &str,
        figures: &[ReferenceFigure],
    ) -> Result<ReferenceImport> {
        actor.require(Permission::ManageReferenceLists)?;
        if let Some(bad) = figures.iter().find(|f| f.year < 1900 || f.year > 2200) {
            return Err(StoreError::Refused(format!(
                "a {source} figure for the year {} (line {}) is not a figure of a year",
                bad.year, bad.line
            )));
        }
        let digest = self.digest(&(source.code(), figures));
        let mut tx = self.begin_write().await?;
        let stored: Option<(Vec<u8>, i64)> =
            sqlx::query_as("SELECT digest, figures FROM reference_editions WHERE source = $1")
                .bind(source.code())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((stored_digest, count)) = &stored
            && stored_digest.as_slice() == digest.as_slice()
        {
            return Ok(ReferenceImport {
                figures: usize::try_from(*count).unwrap_or(0),
                replaced: 0,
                unchanged: true,
            });
        }
        let replaced = sqlx::query("DELETE FROM reference_figures WHERE source = $1")
            .bind(source.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let at = now();
        sqlx::query(
            "INSERT INTO reference_editions (source, file_name, figures, digest, imported_at, imported_by) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (source) DO UPDATE SET file_name = $2, figures = $3, digest = $4, imported_at = $5, \
             imported_by = $6",
        )
        .bind(source.code())
        .bind(file_name)
        .bind(i64::try_from(figures.len()).unwrap_or(i64::MAX))
        .bind(digest.as_slice())
        .bind(at)
        .bind(&actor.label)
        .execute(&mut *tx)
        .await?;
        let per_statement = MAX_BOUND_VALUES / FIGURE_COLUMNS;
        for (chunk_no, chunk) in figures.chunks(per_statement).enumerate() {
            let mut builder = QueryBuilder::new(
                "INSERT INTO reference_figures (source, seq, line, indicator, country, country_name, year, \
                 dimension, category, sex, age, value, qualifier, text_value) ",
            );
            builder.push_values(chunk.iter().enumerate(), |mut b, (i, figure)| {
                let (value, qualifier, text) = figure.value.columns();
                let seq = chunk_no * per_statement + i;
                b.push_bind(source.code())
                    .push_bind(i64::try_from(seq).unwrap_or(i64::MAX))
                    .push_bind(i64::try_from(figure.line).unwrap_or(i64::MAX))
                    .push_bind(figure.indicator.clone())
                    .push_bind(figure.country.clone())
                    .push_bind(figure.country_name.clone())
                    .push_bind(figure.year)
                    .push_bind(figure.dimension.clone())
                    .push_bind(figure.category.clone())
                    .push_bind(figure.sex.clone())
                    .push_bind(figure.age.clone())
                    .push_bind(value)
                    .push_bind(qualifier)
                    .push_bind(text);
            });
            builder
                .build()
                .persistent(chunk.len() == per_statement)
                .execute(&mut *tx)
                .await?;
        }
        let record = AuditRecord::new(actor, AuditAction::BulkCreate, "reference_figures", None)
            .detail(format!(
                "reference figures {source} from {file_name}: {} stored, {replaced} of the earlier edition replaced",
                figures.len()
            ))
            .after(digest);
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(ReferenceImport {
            figures: figures.len(),
            replaced: usize::try_from(replaced).unwrap_or(usize::MAX),
            unchanged: false,
        })
    }

    async fn reference_figures(
        &self,
        actor: &Actor,
        query: &ReferenceQuery,
    ) -> Result<Vec<(ReferenceSource, ReferenceFigure)>> {
        may_read(actor)?;
        let mut builder = QueryBuilder::new(
            "SELECT source, line, indicator, country, country_name, year, dimension, category, sex, age, value, \
             qualifier, text_value FROM reference_figures WHERE 1 = 1",
        );
        if let Some(source) = query.source {
            builder.push(" AND source = ").push_bind(source.code());
        }
        if let Some(indicator) = &query.indicator {
            builder.push(" AND indicator = ").push_bind(indicator.clone());
        }
        if let Some(country) = &query.country {
            builder.push(" AND country = ").push_bind(country.clone());
        }
        if query.totals_only {
            builder
                .push(" AND dimension = ")
                .push_bind(TOTAL)
                .push(" AND category = ")
                .push_bind(TOTAL)
                .push(" AND sex = ")
                .push_bind(TOTAL)
                .push(" AND age = ")
                .push_bind(TOTAL);
        }
        builder.push(" ORDER BY source, country, indicator, year, seq");
        let rows: Vec<FigureRow> = builder.build_query_as().fetch_all(self.pool()).await?;
        rows.into_iter().map(from_row).collect()
    }

    async fn reference_editions(&self, actor: &Actor) -> Result<Vec<ReferenceEdition>> {
        may_read(actor)?;
        let rows: Vec<(String, String, i64, DateTime<Utc>, String)> = sqlx::query_as(
            "SELECT source, file_name, figures, imported_at, imported_by FROM reference_editions ORDER BY source",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(source, file_name, figures, imported_at, imported_by)| {
                Ok(ReferenceEdition {
                    source: ReferenceSource::parse(&source).map_err(|e| corrupt(&e))?,
                    file_name,
                    figures,
                    imported_at,
                    imported_by,
                })
            })
            .collect()
    }
}
