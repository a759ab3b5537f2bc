//! The outbox: what happened to referrals and cases, in order, for the systems of the
//! organisations concerned (a partner's case system follows its referrals by webhook). An
//! entry is written in the same transaction as the change it reports, so none is lost and none
//! reports a change that did not happen. It names records by id and says nothing identifying:
//! a partner that needs more reads it through the API, under its own access rights.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::case::Case;
use crate::code_list;
use crate::ids::OrgId;
use crate::referral::Referral;

code_list! {
    pub enum Topic ("outbox topic") {
        ReferralSent = "referral.sent",
        ReferralAccepted = "referral.accepted",
        ReferralDeclined = "referral.declined",
        ReferralCompleted = "referral.completed",
        CaseOpened = "case.opened",
        CaseUpdated = "case.updated",
        CaseClosed = "case.closed",
    }
}

/// An entry for one organisation (a referral concerns its sender and its receiver, each of
/// which gets its own entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OutboxEntry {
    /// Increasing: the order in which things happened.
    pub seq: i64,
    pub topic: Topic,
    pub org: OrgId,
    pub record: Uuid,
    /// The change, as JSON (see [`referral_payload`], [`case_payload`]).
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// What an outbox entry says about a referral.
pub fn referral_payload(referral: &Referral) -> serde_json::Value {
    #[derive(Serialize, schemars::JsonSchema)]
    struct Payload<'a> {
        referral: Uuid,
        case: Uuid,
        from_org: OrgId,
        to_org: OrgId,
        status: &'a str,
        sections: Vec<&'a str>,
        sent_on: NaiveDate,
        responded_on: Option<NaiveDate>,
        completed_on: Option<NaiveDate>,
        version: i64,
    }
    serde_json::to_value(Payload {
        referral: referral.id.0,
        case: referral.case.0,
        from_org: referral.from_org,
        to_org: referral.to_org,
        status: referral.status.code(),
        sections: referral.sections.iter().map(|s| s.code()).collect(),
        sent_on: referral.sent_on,
        responded_on: referral.responded_on,
        completed_on: referral.completed_on,
        version: referral.version,
    })
    .expect("a payload of plain values serialises")
}

/// What an outbox entry says about a case.
pub fn case_payload(case: &Case) -> serde_json::Value {
    serde_json::json!({
        "case": case.id.0,
        "kind": case.details.kind().code(),
        "org": case.org,
        "status": case.status.code(),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "version": case.version,
    })
}

/// The topic of a referral in its present state.
pub fn referral_topic(referral: &Referral) -> Topic {
    use crate::referral::ReferralStatus;
    match referral.status {
        ReferralStatus::Sent => Topic::ReferralSent,
        ReferralStatus::Accepted => Topic::ReferralAccepted,
        ReferralStatus::Declined => Topic::ReferralDeclined,
        ReferralStatus::Completed => Topic::ReferralCompleted,
    }
}

/// The topic of a change to a case: opened (no earlier state), closed (now, not before), or
/// updated.
pub fn case_topic(before: Option<&Case>, after: &Case) -> Topic {
    match before {
        None => Topic::CaseOpened,
        Some(before) if after.status.is_closed() && !before.status.is_closed() => Topic::CaseClosed,
        Some(_) => Topic::CaseUpdated,
    }
}
