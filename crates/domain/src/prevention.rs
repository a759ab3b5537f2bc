//! Prevention activities: publications, lectures, parent meetings, campaigns, quizzes,
//! posters, airport and station announcements.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::code_list;
use crate::error::{Checks, Validate};
use crate::ids::{OrgId, PreventionId};
use crate::org::Region;

code_list! {
    pub enum PreventionKind ("kind of prevention activity") {
        Publication = "publication",
        Broadcast = "broadcast",
        Lecture = "lecture",
        ParentMeeting = "parent_meeting",
        Campaign = "campaign",
        Quiz = "quiz",
        Competition = "competition",
        Poster = "poster",
        Booklet = "booklet",
        Announcement = "announcement",
        Seminar = "seminar",
        Other = "other",
    }
}

code_list! {
    pub enum PreventionTopic ("prevention topic") {
        SexualExploitationOfMinors = "sexual_exploitation_of_minors",
        SafeTravelAbroad = "safe_travel_abroad",
        LabourExploitation = "labour_exploitation",
        OnlineSafety = "online_safety",
        AssistanceToVictims = "assistance_to_victims",
        IllegalMigration = "illegal_migration",
        General = "general",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PreventionInput {
    pub org: OrgId,
    pub kind: PreventionKind,
    pub topic: PreventionTopic,
    pub held_on: NaiveDate,
    pub title: String,
    pub region: Option<Region>,
    /// People reached, where counted.
    pub audience: Option<i64>,
}

impl Validate for PreventionInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.not_future("held_on", self.held_on, today);
        checks.text("title", &self.title, 300);
        if let Some(audience) = self.audience {
            checks.non_negative("audience", audience);
        }
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PreventionActivity {
    pub id: PreventionId,
    #[serde(flatten)]
    pub input: PreventionInput,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}
