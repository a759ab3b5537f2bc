//! Locked reports: published figures do not drift.

use serde::Serialize;

/// How a figure differs from the one locked: the locked value stays published, the current
/// one is shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub locked: Option<f64>,
    pub current: Option<f64>,
    pub text: String,
}
