//! Typed identifiers. Every record has a UUID (version 7: time-ordered, so inserts append to
//! indexes); the type says which kind of record it names, so a person's id cannot be passed
//! where a case's is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }
    };
}

id_type!(
    /// An organisation.
    OrgId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A person (the human being behind many records).
    PersonId
);
id_type!(
    /// A case file.
    CaseId
);
id_type!(
    /// An event on a case's timeline.
    EventId
);
id_type!(
    /// A referral between organisations.
    ReferralId
);
id_type!(
    /// A service delivered.
    AssistanceId
);
id_type!(
    /// A prevention activity.
    PreventionId
);
id_type!(
    /// A training course.
    TrainingId
);
id_type!(
    /// A funding allocation.
    FundingId
);
id_type!(
    /// An international cooperation record.
    CooperationId
);
id_type!(
    /// A survey.
    SurveyId
);
id_type!(
    /// A pair of person records proposed by linkage as possibly one person.
    PairId
);
