//! Deciding that two person records are one person, or two.
//!
//! Linkage proposes pairs of records ([`Candidate`]) with a score and the evidence for and
//! against. A pair is then decided: **merged** (one record is shown as the other, the
//! survivor), **kept apart** (linkage never proposes it again), or left for review. A merge
//! never deletes anything: both records stay as they are, and the merge is an edge from one
//! record to another that an **undo** removes, giving back exactly what was there before. An
//! undo returns the pair to review, where a person decides it again; linkage does not redo
//! what a person undid.
//!
//! Merges form a forest: each record shows as the record at the root of its tree
//! ([`shown_as`]). A merge joins the roots of its two records' trees, so it can never make a
//! cycle, and removing it splits exactly the two trees it joined.

use std::collections::HashMap;
use std::hash::BuildHasher;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::access::{AccessDenied, Actor, Permission};
use crate::code_list;
use crate::error::{Checks, Validate};
use crate::ids::{PairId, PersonId};
use crate::{Problem, ValidationErrors};

code_list! {
    /// Where a pair stands.
    pub enum PairState ("pair state") {
        /// Waiting for a reviewer.
        Review = "review",
        Merged = "merged",
        KeptApart = "kept_apart",
    }
}

code_list! {
    /// What was decided about a pair.
    pub enum Decision ("linkage decision") {
        Merge = "merge",
        KeepApart = "keep_apart",
        Undo = "undo",
    }
}

/// The state a decision leaves a pair in, if the decision can be taken in its state: a pair
/// under review is merged or kept apart; a merge or a keep-apart is undone.
pub fn transition(state: PairState, decision: Decision) -> Result<PairState, Problem> {
    match (state, decision) {
        (PairState::Review, Decision::Merge) => Ok(PairState::Merged),
        (PairState::Review, Decision::KeepApart) => Ok(PairState::KeptApart),
        (PairState::Merged | PairState::KeptApart, Decision::Undo) => Ok(PairState::Review),
        (state, decision) => Err(Problem::Invalid {
            reason: format!(
                "a pair that is {} cannot be given the decision {}",
                state.code(),
                decision.code()
            ),
        }),
    }
}

/// Whether the actor may decide about pairs of person records at all; the store also asks
/// that both records' identities be open to them, since a reviewer compares them.
pub fn require_decision(actor: &Actor) -> Result<(), AccessDenied> {
    actor.require(Permission::LinkPersons)
}

/// Which way one field's comparison points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearing {
    For,
    Against,
    /// Agreement on this field says little either way.
    Neutral,
    /// One of the records lacks the field.
    Unknown,
}

impl Bearing {
    pub const fn code(self) -> &'static str {
        match self {
            Self::For => "for",
            Self::Against => "against",
            Self::Neutral => "neutral",
            Self::Unknown => "unknown",
        }
    }
}

/// How one field of the two records compares: its weight of evidence, `log2(m/u)` of the
/// level the comparison found. Nothing identifying: a field name and a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// `name`, `patronymic`, `dob`, `sex`, `citizenship` or `document`.
    pub field: String,
    /// `None` where one of the records lacks the field.
    pub weight: Option<f64>,
}

impl Evidence {
    pub fn bearing(&self) -> Bearing {
        match self.weight {
            None => Bearing::Unknown,
            Some(w) if w >= 1.0 => Bearing::For,
            Some(w) if w <= -1.0 => Bearing::Against,
            Some(_) => Bearing::Neutral,
        }
    }
}

/// A pair linkage proposes, `left` the lesser id so that a pair has one spelling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub left: PersonId,
    pub right: PersonId,
    /// Probability that the two records are one person, in `[0, 1]`.
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

impl Candidate {
    pub fn new(a: PersonId, b: PersonId, score: f64, evidence: Vec<Evidence>) -> Self {
        Self {
            left: a.min(b),
            right: a.max(b),
            score,
            evidence,
        }
    }
}

impl Validate for Candidate {
    fn validate(&self, _today: chrono::NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        if self.left >= self.right {
            checks.push(
                "right",
                Problem::Invalid {
                    reason: "a pair is two different records, the lesser id on the left".into(),
                },
            );
        }
        if !(0.0..=1.0).contains(&self.score) {
            checks.push(
                "score",
                Problem::Invalid {
                    reason: "a score is a probability, between 0 and 1".into(),
                },
            );
        }
        if self.evidence.len() > 20 {
            checks.push(
                "evidence",
                Problem::Invalid {
                    reason: "at most 20 fields of evidence".into(),
                },
            );
        }
        for (i, evidence) in self.evidence.iter().enumerate() {
            checks.nested(&format!("evidence[{i}]"), |c| {
                c.text("field", &evidence.field, 40);
                if evidence.weight.is_some_and(|w| !w.is_finite()) {
                    c.push(
                        "weight",
                        Problem::Invalid {
                            reason: "a weight is a finite number".into(),
                        },
                    );
                }
            });
        }
        checks.finish()
    }
}

/// A pair as stored, with its current decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonPair {
    pub id: PairId,
    pub left: PersonId,
    pub right: PersonId,
    pub score: f64,
    pub evidence: Vec<Evidence>,
    pub state: PairState,
    /// While merged: the record the reviewer chose to be shown (`left` or `right`).
    pub survivor: Option<PersonId>,
    /// While merged: the edge the merge added, from the root that now shows as another to
    /// that root. These are the pair's records or records they were merged into before.
    pub edge: Option<(PersonId, PersonId)>,
    /// Who proposed the pair: the linkage run's label.
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    /// Who took the current decision, and when (the last undo, for a pair back in review).
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl PersonPair {
    /// The other record of the pair.
    pub fn other(&self, person: PersonId) -> PersonId {
        if person == self.left { self.right } else { self.left }
    }
}

/// One decision as recorded, for the list of decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionEntry {
    pub pair: PairId,
    pub decision: Decision,
    pub survivor: Option<PersonId>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// What a reviewer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruling {
    /// One person, shown as `survivor` (one of the pair's records).
    Merge {
        survivor: PersonId,
    },
    KeepApart,
    Undo,
}

impl Ruling {
    pub fn decision(self) -> Decision {
        match self {
            Self::Merge { .. } => Decision::Merge,
            Self::KeepApart => Decision::KeepApart,
            Self::Undo => Decision::Undo,
        }
    }
}

/// The record a record is shown as, following the merge edges (merged record → record
/// shown instead) to a root.
pub fn shown_as<S: BuildHasher>(edges: &HashMap<PersonId, PersonId, S>, mut id: PersonId) -> PersonId {
    // Edges join roots only, so there is no cycle; the bound guards against a database
    // changed by hand.
    for _ in 0..=edges.len() {
        match edges.get(&id) {
            Some(next) => id = *next,
            None => break,
        }
    }
    id
}

/// The edge a merge adds: from the root of the record that is not shown to the root of the
/// survivor. Refused if the survivor is not one of the pair or the two are one person already.
pub fn merge_edge<S: BuildHasher>(
    pair: (PersonId, PersonId),
    survivor: PersonId,
    edges: &HashMap<PersonId, PersonId, S>,
) -> Result<(PersonId, PersonId), Problem> {
    let merged = if survivor == pair.0 {
        pair.1
    } else if survivor == pair.1 {
        pair.0
    } else {
        return Err(Problem::Invalid {
            reason: "the record shown after a merge is one of the pair".into(),
        });
    };
    let (from, to) = (shown_as(edges, merged), shown_as(edges, survivor));
    if from == to {
        return Err(Problem::Invalid {
            reason: "the two records are one person already".into(),
        });
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn p(n: u128) -> PersonId {
        PersonId(Uuid::from_u128(n))
    }

    #[test]
    fn decisions_follow_the_states() {
        assert_eq!(transition(PairState::Review, Decision::Merge), Ok(PairState::Merged));
        assert_eq!(
            transition(PairState::Review, Decision::KeepApart),
            Ok(PairState::KeptApart)
        );
        assert_eq!(transition(PairState::Merged, Decision::Undo), Ok(PairState::Review));
        assert_eq!(transition(PairState::KeptApart, Decision::Undo), Ok(PairState::Review));
        assert!(transition(PairState::Merged, Decision::Merge).is_err());
        assert!(transition(PairState::Review, Decision::Undo).is_err());
        assert!(transition(PairState::KeptApart, Decision::Merge).is_err());
    }

    #[test]
    fn merges_join_roots_and_never_make_a_cycle() {
        let mut edges = HashMap::new();
        let first = merge_edge((p(1), p(2)), p(1), &edges).unwrap();
        assert_eq!(first, (p(2), p(1)));
        edges.insert(first.0, first.1);
        // 3 and 2 are one person: 2 shows as 1, so 3 joins 1.
        let second = merge_edge((p(2), p(3)), p(2), &edges).unwrap();
        assert_eq!(second, (p(3), p(1)));
        edges.insert(second.0, second.1);
        assert_eq!(shown_as(&edges, p(3)), p(1));
        assert!(merge_edge((p(1), p(3)), p(3), &edges).is_err(), "one person already");
        assert!(merge_edge((p(1), p(3)), p(4), &edges).is_err(), "not one of the pair");
        edges.remove(&p(2));
        assert_eq!(shown_as(&edges, p(2)), p(2));
        assert_eq!(shown_as(&edges, p(3)), p(1));
    }

    #[test]
    fn a_pair_is_spelled_one_way_and_its_score_is_a_probability() {
        let pair = Candidate::new(p(9), p(3), 0.7, vec![]);
        assert_eq!((pair.left, pair.right), (p(3), p(9)));
        let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert!(pair.validate(today).is_ok());
        assert!(Candidate::new(p(3), p(3), 0.7, vec![]).validate(today).is_err());
        assert!(Candidate::new(p(1), p(3), 1.5, vec![]).validate(today).is_err());
        let evidence = Evidence {
            field: "name".into(),
            weight: Some(-3.0),
        };
        assert_eq!(evidence.bearing(), Bearing::Against);
    }
}
