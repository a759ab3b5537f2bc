//! Public-awareness surveys: anonymous responses, each answer a code, so a share such as
//! "95 % of the population have a good understanding of the issue" is counted, not typed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checks, Validate};
use crate::ids::{OrgId, SurveyId};
use crate::org::Region;
use crate::person::Sex;
use crate::{Problem, ValidationErrors};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SurveyInput {
    pub org: OrgId,
    pub title: String,
    pub fielded_from: NaiveDate,
    pub fielded_to: NaiveDate,
}

impl Validate for SurveyInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("title", &self.title, 300);
        checks.not_future("fielded_to", self.fielded_to, today);
        checks.not_before("fielded_to", self.fielded_to, "fielded_from", self.fielded_from);
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Survey {
    pub id: SurveyId,
    #[serde(flatten)]
    pub input: SurveyInput,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// One anonymous respondent's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SurveyResponse {
    /// Number of the questionnaire within the survey.
    pub respondent: i64,
    pub sex: Option<Sex>,
    pub region: Option<Region>,
    pub answers: Vec<Answer>,
}

/// A question's code and the answer's code (`understands_trafficking` = `yes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl SurveyResponse {
    pub fn check(&self, checks: &mut Checks) {
        if self.respondent < 1 {
            checks.push(
                "respondent",
                Problem::OutOfRange {
                    min: 1,
                    max: i64::MAX,
                    value: self.respondent,
                },
            );
        }
        for (i, a) in self.answers.iter().enumerate() {
            for (field, value) in [("question", &a.question), ("answer", &a.answer)] {
                if !is_code(value) {
                    checks.push(
                        &format!("answers[{i}].{field}"),
                        Problem::Invalid {
                            reason: format!("'{value}' is not a code (a-z, 0-9, '_')"),
                        },
                    );
                }
            }
            if self.answers[..i].iter().any(|b| b.question == a.question) {
                checks.push(
                    &format!("answers[{i}].question"),
                    Problem::Duplicate {
                        value: a.question.clone(),
                    },
                );
            }
        }
    }
}
