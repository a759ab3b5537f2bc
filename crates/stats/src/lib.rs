//! Haven's statistics.
//!
//! The [`catalogue`] defines every indicator declaratively; [`FactBase`] holds the facts they
//! count from in memory (read once from the store, in one snapshot, never decrypting
//! anything); [`evaluate`] computes an indicator over a period with up to two breakdowns;
//! [`disclosure`] makes a figure safe to publish.

mod base;
pub mod catalogue;
pub mod disclosure;
mod engine;
pub mod publish;
mod timeline;

use std::collections::BTreeSet;

use haven_domain::access::Actor;
use haven_domain::facts::FactTable;
use haven_store::{Store, StoreError};

pub use crate::base::FactBase;
pub use crate::catalogue::{CATALOGUE, Dimension, Indicator};
pub use crate::engine::{Cell, Figure, UNKNOWN, evaluate};
pub use crate::publish::{Statement, state};

#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no indicator '{0}'; `haven stats --list` lists them")]
    UnknownIndicator(String),
    #[error("'{0}' is not a dimension of this indicator's facts")]
    UnknownDimension(String),
    #[error("{indicator} cannot be broken down by {dimension}; it can by: {allowed}")]
    NotABreakdown {
        indicator: &'static str,
        dimension: String,
        allowed: String,
    },
    #[error("at most two breakdowns at once (a cross-table)")]
    TooManyDimensions,
    #[error("the facts of {0} were not loaded")]
    NotLoaded(&'static str),
    #[error("column {column} has more distinct values than statistics can hold (65535)")]
    TooManyValues { column: String },
    #[error("indicator {indicator} is defined wrongly: {problem}")]
    Definition { indicator: &'static str, problem: String },
}

/// The indicator with this id, or an error that says how to find the right one.
pub fn indicator(id: &str) -> Result<&'static Indicator, StatsError> {
    catalogue::find(id).ok_or_else(|| StatsError::UnknownIndicator(id.to_owned()))
}

/// Read from the store the facts these indicators need.
pub async fn load(store: &dyn Store, actor: &Actor, indicators: &[&Indicator]) -> Result<FactBase, StatsError> {
    let tables: BTreeSet<FactTable> = indicators.iter().flat_map(|i| i.tables()).collect();
    FactBase::load(store, actor, &tables).await
}
