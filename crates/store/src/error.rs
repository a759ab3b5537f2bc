use std::fmt;

use haven_domain::ValidationErrors;
use haven_domain::access::AccessDenied;
use uuid::Uuid;

/// A record named in an error: its kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef {
    pub kind: &'static str,
    pub id: Uuid,
}

impl RecordRef {
    pub fn new(kind: &'static str, id: impl Into<Uuid>) -> Self {
        Self { kind, id: id.into() }
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationErrors),
    #[error(
        "{record} was changed by someone else: you edited version {expected}, it is now at version {actual}; nothing was saved"
    )]
    Conflict {
        record: RecordRef,
        expected: i64,
        actual: i64,
    },
    #[error("{0} does not exist")]
    NotFound(RecordRef),
    #[error("access denied: {0}")]
    Denied(#[from] AccessDenied),
    #[error("{0}")]
    Refused(String),
    /// A part of a case that no accepted referral shared with the actor's organisation.
    #[error("{0}")]
    NotShared(String),
    #[error("this key does not open this database (it was initialised with another key)")]
    WrongKey,
    #[error("{0}")]
    NotInitialised(String),
    #[error("stored data could not be decrypted ({0}): the row was altered or moved")]
    Corrupt(String),
    #[error("{0}")]
    Url(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The commit that carried the audit entry of a read (with others) failed.
    #[error("the audit entry of this read could not be written: {0}")]
    AuditUnwritten(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
