//! A synthetic but realistic national data set for 2002 to mid-2024: victims of trafficking
//! and the criminal cases against their traffickers, hotline calls, irregular migrants,
//! Ukrainians under protection and applying for citizenship, prevention, trainings, funding
//! and cooperation. Counted from its records, every figure of the source report comes out as
//! the report states it (see `targets.rs`); `--scale` multiplies every cohort.
//!
//! The data set is streamed: each cohort is planned (a few bytes a person where the report's
//! constraints need it), then written in batches of a few thousand records, one transaction
//! each.

mod activities;
mod hotline;
mod migration;
mod names;
mod orgs;
mod people;
mod random;
mod targets;
mod trafficking;
mod ukraine;
mod writer;

use std::sync::Arc;

use chrono::NaiveDate;
use haven_store::{Store, StoreError};

pub use crate::writer::Progress;

/// The last day the data set covers ("mid-2024").
pub const DATA_END: NaiveDate = match NaiveDate::from_ymd_opt(2024, 6, 30) {
    Some(d) => d,
    None => panic!("a valid date"),
};

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub seed: u64,
    /// Multiplies every cohort: 1 reproduces the report, 100 writes tens of millions of events.
    pub scale: f64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self { seed: 2024, scale: 1.0 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the scale must be a number above zero, not {0}")]
    Scale(f64),
    #[error("the database already holds {0} persons; demo data goes into an empty database")]
    NotEmpty(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A cohort size at the chosen scale.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale(f64);

impl Scale {
    pub(crate) fn n(self, at_scale_one: u64) -> u64 {
        (at_scale_one as f64 * self.0).round() as u64
    }

    pub(crate) fn factor(self) -> f64 {
        self.0
    }
}

/// Records written at scale 1, for progress bars.
pub const RECORDS_AT_SCALE_ONE: u64 = 188_000;

/// Fill an empty database with the demo data set; `progress` hears after every batch.
pub async fn generate(
    store: Arc<dyn Store>,
    options: DemoOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<Progress, DemoError> {
    if !(options.scale.is_finite() && options.scale > 0.0) {
        return Err(DemoError::Scale(options.scale));
    }
    let persons = store.count_rows("persons").await?;
    if persons > 0 {
        return Err(DemoError::NotEmpty(persons));
    }
    let scale = Scale(options.scale);
    let mut root = random::Random::seeded(options.seed);
    let mut w = writer::Writer::new(store, progress);
    let orgs = orgs::create(&mut w);
    let transit_funding = activities::funding(&mut w, &mut root.fork(1), scale, &orgs);
    w.flush().await?;
    trafficking::generate(&mut w, &mut root.fork(2), scale, &orgs).await?;
    hotline::generate(&mut w, &mut root.fork(3), scale, &orgs).await?;
    migration::generate(&mut w, &mut root.fork(4), scale, &orgs, &transit_funding).await?;
    ukraine::generate(&mut w, &mut root.fork(5), scale, &orgs).await?;
    activities::prevention(&mut w, &mut root.fork(6), scale, &orgs).await?;
    activities::trainings(&mut w, &mut root.fork(7), scale, &orgs);
    activities::cooperation(&mut w, &mut root.fork(8), scale, &orgs);
    activities::surveys(&mut w, &mut root.fork(9), scale, &orgs);
    w.flush().await?;
    w.wait().await?;
    Ok(w.written())
}
