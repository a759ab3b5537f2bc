//! The kinds of record Haven stores: each one's table, and the noun messages call it by.

use uuid::Uuid;

use crate::RecordRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Table {
    pub name: &'static str,
    pub noun: &'static str,
}

impl Table {
    /// One record of this kind, for an error message.
    pub(crate) fn record(self, id: impl Into<Uuid>) -> RecordRef {
        RecordRef::new(self.noun, id)
    }
}

pub(crate) const ORGANISATIONS: Table = Table {
    name: "organisations",
    noun: "organisation",
};
pub(crate) const USERS: Table = Table {
    name: "users",
    noun: "user",
};
pub(crate) const PERSONS: Table = Table {
    name: "persons",
    noun: "person",
};
pub(crate) const CASES: Table = Table {
    name: "cases",
    noun: "case",
};
pub(crate) const EVENTS: Table = Table {
    name: "events",
    noun: "event",
};
pub(crate) const LOCKED_REPORTS: Table = Table {
    name: "locked_reports",
    noun: "locked report",
};
pub(crate) const REFERRALS: Table = Table {
    name: "referrals",
    noun: "referral",
};
pub(crate) const ASSISTANCE: Table = Table {
    name: "assistance",
    noun: "assistance record",
};
pub(crate) const PREVENTION: Table = Table {
    name: "prevention_activities",
    noun: "prevention activity",
};
pub(crate) const TRAININGS: Table = Table {
    name: "trainings",
    noun: "training",
};
pub(crate) const FUNDING: Table = Table {
    name: "funding_allocations",
    noun: "funding allocation",
};
pub(crate) const COOPERATION: Table = Table {
    name: "cooperation",
    noun: "cooperation record",
};
pub(crate) const SURVEYS: Table = Table {
    name: "surveys",
    noun: "survey",
};
pub(crate) const AGENCIES: Table = Table {
    name: "licensed_agencies",
    noun: "licensed agency",
};
pub(crate) const PERSON_PAIRS: Table = Table {
    name: "person_pairs",
    noun: "pair of person records",
};
