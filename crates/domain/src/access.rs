//! Who may do what: roles, the permissions each role has, and the scoping of case files by
//! organisation and referral. Deny unless allowed: a permission no row grants is refused.
//!
//! The store asks these rules before every read and write; the web layer never decides
//! access on its own.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::case::CaseKind;
use crate::code_list;
use crate::ids::{OrgId, UserId};
use crate::referral::{CaseSection, ReferralStatus};
use crate::user::User;

code_list! {
    /// What a user does in the response (DESIGN.md, "Who uses it").
    pub enum Role ("role") {
        HotlineOperator = "hotline_operator",
        CaseWorker = "case_worker",
        Investigator = "investigator",
        MigrationOfficer = "migration_officer",
        Analyst = "analyst",
        Administrator = "administrator",
        Auditor = "auditor",
    }
}

/// One thing a user can be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See a person's names, documents, date of birth and contacts.
    ReadIdentity,
    /// Register a person or change their identifying data.
    WriteIdentity,
    /// Decide whether two person records are one person: merge them, keep them apart, undo
    /// such a decision.
    LinkPersons,
    /// Open case files of a kind (within the organisation scope).
    ReadCase(CaseKind),
    /// Create and change case files of a kind (within the organisation scope).
    WriteCase(CaseKind),
    /// See assistance delivered (not its notes).
    ReadAssistance,
    /// Read the free-text notes of assistance delivered to a person.
    ReadAssistanceNotes,
    /// Record assistance delivered.
    RecordAssistance,
    /// Refer a case to another organisation.
    SendReferral,
    /// Accept, decline or complete a referral received.
    RespondReferral,
    /// Record prevention activities, trainings, funding, cooperation and surveys.
    RecordActivity,
    /// See prevention activities, trainings, funding, cooperation and surveys.
    ReadActivities,
    /// Compute and read statistics (never identifying).
    ReadStatistics,
    /// Lock a report, fixing its figures as published.
    PublishStatistics,
    ManageOrganisations,
    ManageUsers,
    ManageReferenceLists,
    /// Look up the register of licensed recruitment agencies and foreign employers.
    LookUpAgencies,
    /// Read and verify the audit trail.
    ReadAudit,
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReadCase(kind) => write!(f, "read {kind} cases"),
            Self::WriteCase(kind) => write!(f, "write {kind} cases"),
            other => {
                let name = serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                f.write_str(&name.replace('_', " "))
            }
        }
    }
}

/// The case kinds each role works with.
fn case_kinds(role: Role) -> &'static [CaseKind] {
    use CaseKind::{Citizenship, Criminal, Hotline, Migration, Protection, Trafficking};
    match role {
        Role::HotlineOperator => &[Hotline],
        Role::CaseWorker => &[Trafficking, Protection, Hotline],
        Role::Investigator => &[Trafficking, Criminal],
        Role::MigrationOfficer => &[Migration, Protection, Citizenship],
        Role::Analyst | Role::Administrator | Role::Auditor => &[],
    }
}

/// The permission table: whether a role grants a permission.
pub fn role_grants(role: Role, permission: Permission) -> bool {
    use Permission as P;
    use Role as R;
    match permission {
        P::ReadCase(kind) | P::WriteCase(kind) => case_kinds(role).contains(&kind),
        P::ReadIdentity | P::WriteIdentity => matches!(
            role,
            R::HotlineOperator | R::CaseWorker | R::Investigator | R::MigrationOfficer
        ),
        // Merging changes who a record is for everyone who sees it, so it is for those who
        // work cases about persons and answer for their identity, not for an operator taking
        // a call.
        P::LinkPersons => matches!(role, R::CaseWorker | R::Investigator | R::MigrationOfficer),
        P::ReadAssistance => matches!(role, R::CaseWorker | R::Investigator | R::MigrationOfficer),
        P::ReadAssistanceNotes | P::RecordAssistance => matches!(role, R::CaseWorker),
        P::SendReferral | P::RespondReferral => matches!(
            role,
            R::HotlineOperator | R::CaseWorker | R::Investigator | R::MigrationOfficer
        ),
        P::RecordActivity => matches!(role, R::CaseWorker | R::Investigator | R::MigrationOfficer),
        P::ReadActivities => matches!(role, R::CaseWorker | R::Investigator | R::MigrationOfficer | R::Analyst),
        P::ReadStatistics => matches!(role, R::Analyst | R::Investigator | R::MigrationOfficer),
        P::PublishStatistics => matches!(role, R::Analyst),
        P::ManageOrganisations | P::ManageUsers | P::ManageReferenceLists => {
            matches!(role, R::Administrator)
        }
        P::LookUpAgencies => matches!(
            role,
            R::HotlineOperator | R::CaseWorker | R::Investigator | R::MigrationOfficer | R::Administrator
        ),
        P::ReadAudit => matches!(role, R::Auditor),
    }
}

/// Who is acting: a signed-in user, or a system process started from the command line
/// (`haven demo`, `haven init`), which an operator with the key is answerable for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Actor {
    pub user: Option<UserId>,
    pub org: Option<OrgId>,
    pub roles: Vec<Role>,
    /// What the audit trail shows: a username, or `system:<task>`.
    pub label: String,
    system: bool,
}

impl Actor {
    /// A command-line task run by whoever holds the database key.
    pub fn system(task: &str) -> Self {
        Self {
            user: None,
            org: None,
            roles: Vec::new(),
            label: format!("system:{task}"),
            system: true,
        }
    }

    /// Someone not signed in (a refused sign-in attempt on an unknown account): allowed nothing.
    pub fn anonymous() -> Self {
        Self {
            user: None,
            org: None,
            roles: Vec::new(),
            label: "anonymous".to_owned(),
            system: false,
        }
    }

    pub fn for_user(user: &User) -> Self {
        Self {
            user: Some(user.id),
            org: Some(user.org),
            roles: if user.active { user.roles.clone() } else { Vec::new() },
            label: user.username.clone(),
            system: false,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    pub fn may(&self, permission: Permission) -> bool {
        self.system || self.roles.iter().any(|role| role_grants(*role, permission))
    }

    pub fn require(&self, permission: Permission) -> Result<(), AccessDenied> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AccessDenied {
                actor: self.label.clone(),
                permission,
            })
        }
    }
}

/// A refusal: who asked, and for what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{actor} may not {permission}")]
pub struct AccessDenied {
    pub actor: String,
    pub permission: Permission,
}

/// A referral's bearing on who may open a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralGrant {
    pub to_org: OrgId,
    pub status: ReferralStatus,
    pub sections: Vec<CaseSection>,
}

/// Everything the rules need to know about where a case sits.
#[derive(Debug, Clone, Copy)]
pub struct CaseScope<'a> {
    pub kind: CaseKind,
    pub case_org: OrgId,
    /// The actor's organisation and every unit below it.
    pub actor_orgs: &'a [OrgId],
    pub referrals: &'a [ReferralGrant],
}

/// The parts of a case an actor may open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAccess {
    pub sections: Vec<CaseSection>,
}

impl CaseAccess {
    pub fn allows(&self, section: CaseSection) -> bool {
        self.sections.contains(&section)
    }
}

/// Whether an actor may open a case and which sections: all of them within the actor's own
/// organisation tree; only the shared sections through a referral the actor's organisation
/// has accepted (and nothing once it is completed or declined); nothing otherwise.
pub fn case_access(actor: &Actor, scope: &CaseScope<'_>, write: bool) -> Result<CaseAccess, AccessDenied> {
    let permission = if write {
        Permission::WriteCase(scope.kind)
    } else {
        Permission::ReadCase(scope.kind)
    };
    if actor.is_system() {
        return Ok(CaseAccess {
            sections: CaseSection::ALL.to_vec(),
        });
    }
    let denied = || AccessDenied {
        actor: actor.label.clone(),
        permission,
    };
    actor.require(permission)?;
    let mut sections: Vec<CaseSection> = if scope.actor_orgs.contains(&scope.case_org) {
        CaseSection::ALL.to_vec()
    } else if write {
        // A referral lets the receiver read what was shared and record its own work
        // (assistance, events), never rewrite the sender's case file.
        return Err(denied());
    } else {
        let mut shared = Vec::new();
        for grant in scope.referrals {
            if grant.status == ReferralStatus::Accepted && scope.actor_orgs.contains(&grant.to_org) {
                shared.extend(grant.sections.iter().copied());
            }
        }
        shared
    };
    if !actor.may(Permission::ReadIdentity) {
        sections.retain(|s| *s != CaseSection::Identity);
    }
    if !actor.may(Permission::ReadAssistanceNotes) {
        sections.retain(|s| *s != CaseSection::Notes);
    }
    sections.sort();
    sections.dedup();
    if sections.is_empty() {
        Err(denied())
    } else {
        Ok(CaseAccess { sections })
    }
}

/// Whether an actor may see a person's identifying data: if their organisation tree
/// registered the person, or if one of the person's cases opens its identity section to them.
pub fn identity_access(
    actor: &Actor,
    registered_by: Option<OrgId>,
    actor_orgs: &[OrgId],
    cases: &[CaseScope<'_>],
) -> Result<(), AccessDenied> {
    actor.require(Permission::ReadIdentity)?;
    if actor.is_system() || registered_by.is_some_and(|org| actor_orgs.contains(&org)) {
        return Ok(());
    }
    let opened = cases
        .iter()
        .any(|scope| case_access(actor, scope, false).is_ok_and(|access| access.allows(CaseSection::Identity)));
    if opened {
        Ok(())
    } else {
        Err(AccessDenied {
            actor: actor.label.clone(),
            permission: Permission::ReadIdentity,
        })
    }
}

/// Whether an actor may see that a person exists (the pseudonymous record): for statistics
/// (an analyst, who never sees an identity), or with the right to see who she is.
pub fn person_access(
    actor: &Actor,
    registered_by: Option<OrgId>,
    actor_orgs: &[OrgId],
    cases: &[CaseScope<'_>],
) -> Result<(), AccessDenied> {
    if actor.may(Permission::ReadStatistics) && !actor.may(Permission::ReadIdentity) {
        return Ok(());
    }
    identity_access(actor, registered_by, actor_orgs, cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, org: OrgId) -> Actor {
        Actor {
            user: Some(UserId::new()),
            org: Some(org),
            roles: vec![role],
            label: format!("{role}"),
            system: false,
        }
    }

    #[test]
    fn analysts_never_see_identity_and_auditors_change_nothing() {
        let org = OrgId::new();
        let analyst = actor(Role::Analyst, org);
        assert!(!analyst.may(Permission::ReadIdentity));
        assert!(!analyst.may(Permission::ReadCase(CaseKind::Trafficking)));
        assert!(analyst.may(Permission::ReadStatistics));
        let auditor = actor(Role::Auditor, org);
        for kind in CaseKind::ALL {
            assert!(!auditor.may(Permission::WriteCase(*kind)));
        }
        assert!(!auditor.may(Permission::WriteIdentity));
        assert!(auditor.may(Permission::ReadAudit));
        let admin = actor(Role::Administrator, org);
        assert!(!admin.may(Permission::ReadCase(CaseKind::Criminal)));
        assert!(!actor(Role::HotlineOperator, org).may(Permission::ReadCase(CaseKind::Criminal)));
        assert!(!actor(Role::MigrationOfficer, org).may(Permission::ReadAssistanceNotes));
    }

    #[test]
    fn a_referral_grants_only_shared_sections_while_accepted() {
        let police = OrgId::new();
        let ngo = OrgId::new();
        let worker = actor(Role::CaseWorker, ngo);
        let mut grant = ReferralGrant {
            to_org: ngo,
            status: ReferralStatus::Sent,
            sections: vec![CaseSection::Identity, CaseSection::Summary],
        };
        let orgs = [ngo];
        let scope = |grants: &[ReferralGrant]| -> Result<CaseAccess, AccessDenied> {
            case_access(
                &worker,
                &CaseScope {
                    kind: CaseKind::Trafficking,
                    case_org: police,
                    actor_orgs: &orgs,
                    referrals: grants,
                },
                false,
            )
        };
        assert!(scope(std::slice::from_ref(&grant)).is_err(), "not yet accepted");
        grant.status = ReferralStatus::Accepted;
        let access = scope(std::slice::from_ref(&grant)).unwrap();
        assert!(access.allows(CaseSection::Identity));
        assert!(!access.allows(CaseSection::Events));
        grant.status = ReferralStatus::Completed;
        assert!(scope(std::slice::from_ref(&grant)).is_err(), "closing ends access");
        assert!(scope(&[]).is_err(), "no referral, no access");
    }

    #[test]
    fn identity_is_open_only_through_the_own_tree_or_a_shared_case() {
        let police = OrgId::new();
        let ngo = OrgId::new();
        let worker = actor(Role::CaseWorker, ngo);
        let grant = ReferralGrant {
            to_org: ngo,
            status: ReferralStatus::Accepted,
            sections: vec![CaseSection::Summary],
        };
        let case = CaseScope {
            kind: CaseKind::Trafficking,
            case_org: police,
            actor_orgs: &[ngo],
            referrals: std::slice::from_ref(&grant),
        };
        assert!(
            identity_access(&worker, Some(police), &[ngo], &[case]).is_err(),
            "identity not shared"
        );
        assert!(
            identity_access(&worker, Some(ngo), &[ngo], &[]).is_ok(),
            "registered here"
        );
        let shared = ReferralGrant {
            sections: vec![CaseSection::Identity],
            ..grant.clone()
        };
        let case = CaseScope {
            referrals: std::slice::from_ref(&shared),
            ..case
        };
        assert!(identity_access(&worker, Some(police), &[ngo], &[case]).is_ok());
        assert!(identity_access(&actor(Role::Analyst, ngo), Some(ngo), &[ngo], &[]).is_err());
    }

    #[test]
    fn own_organisation_tree_sees_everything_it_may() {
        let unit = OrgId::new();
        let investigator = actor(Role::Investigator, unit);
        let access = case_access(
            &investigator,
            &CaseScope {
                kind: CaseKind::Criminal,
                case_org: unit,
                actor_orgs: &[unit],
                referrals: &[],
            },
            true,
        )
        .unwrap();
        assert!(access.allows(CaseSection::Identity));
        assert!(
            !access.allows(CaseSection::Notes),
            "assistance notes are for case workers"
        );
    }
}
