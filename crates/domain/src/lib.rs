//! Haven's domain model.
//!
//! Pure types and rules: every record kind the response works with, the validation that
//! guards it, the period algebra statistics are counted over, the permission rules, and the
//! audit chain's hashing. Nothing here reads a clock, a file or a database: callers pass
//! "today" in, which keeps every rule testable and deterministic.

pub mod access;
pub mod agency;
pub mod assistance;
pub mod audit;
pub mod case;
pub mod cooperation;
pub mod country;
pub mod ctdc;
pub mod date;
pub mod error;
pub mod event;
pub mod facts;
pub mod funding;
pub mod ids;
pub mod merge;
pub mod money;
pub mod org;
pub mod outbox;
pub mod period;
pub mod person;
pub mod picklist;
pub mod prevention;
pub mod publication;
pub mod reference;
pub mod referral;
pub mod session;
pub mod survey;
pub mod training;
pub mod user;

pub use error::{FieldError, Problem, ValidationErrors};
