//! Trainings: courses of the International Training Centre and others, with participants
//! by country.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::error::{Checks, Validate};
use crate::ids::{OrgId, TrainingId};
use crate::{Problem, ValidationErrors};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Participants {
    pub country: CountryCode,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrainingInput {
    pub org: OrgId,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub participants: Vec<Participants>,
}

impl Validate for TrainingInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("title", &self.title, 300);
        checks.not_future("starts_on", self.starts_on, today);
        checks.not_future("ends_on", self.ends_on, today);
        checks.not_before("ends_on", self.ends_on, "starts_on", self.starts_on);
        for (i, p) in self.participants.iter().enumerate() {
            checks.non_negative(&format!("participants[{i}].count"), p.count);
            if self.participants[..i].iter().any(|q| q.country == p.country) {
                checks.push(
                    &format!("participants[{i}].country"),
                    Problem::Duplicate {
                        value: p.country.to_string(),
                    },
                );
            }
        }
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Training {
    pub id: TrainingId,
    #[serde(flatten)]
    pub input: TrainingInput,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}
