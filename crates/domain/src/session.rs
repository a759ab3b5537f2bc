//! The sign-in policy: how long a session lives, when repeated failures lock an account or
//! an address out, and who must prove a second factor. Pure rules; the store keeps the
//! sessions and failures, the web layer asks these functions what to do with them.

use chrono::{DateTime, Duration, Utc};

use crate::access::{Permission, Role, role_grants};

/// A session unused for this long is over.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// No session lives longer than a working day, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Failures are counted over this window, and a lock-out lasts as long.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// Failed attempts on one account within the window before it is locked out.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed attempts from one address within the window before it is locked out: higher than
/// per account, since several colleagues may share an office's address.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// What a stored session is worth now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Live,
    /// Unused for longer than [`IDLE_TIMEOUT`].
    Idle,
    /// Older than [`ABSOLUTE_TIMEOUT`].
    Expired,
}

pub fn session_state(created_at: DateTime<Utc>, last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> SessionState {
    if now - created_at >= ABSOLUTE_TIMEOUT {
        SessionState::Expired
    } else if now - last_seen_at >= IDLE_TIMEOUT {
        SessionState::Idle
    } else {
        SessionState::Live
    }
}

/// Whether a user with these roles must prove a second factor: everyone who can see a
/// person's identity, and administrators, who can grant themselves anything.
pub fn needs_second_factor(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|role| role_grants(*role, Permission::ReadIdentity) || role_grants(*role, Permission::ManageUsers))
}

/// Whether `failures` within [`FAILURE_WINDOW`] lock out the next attempt.
pub fn locked_out(account_failures: i64, address_failures: i64) -> bool {
    account_failures >= MAX_FAILURES_PER_ACCOUNT || address_failures >= MAX_FAILURES_PER_ADDRESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_when_idle_or_old() {
        let start = DateTime::parse_from_rfc3339("2024-03-01T08:00:00Z").unwrap().to_utc();
        assert_eq!(
            session_state(start, start, start + Duration::minutes(29)),
            SessionState::Live
        );
        assert_eq!(
            session_state(start, start, start + Duration::minutes(30)),
            SessionState::Idle
        );
        let busy = start + Duration::hours(12) - Duration::minutes(1);
        assert_eq!(session_state(start, busy, busy), SessionState::Live);
        assert_eq!(
            session_state(start, busy, start + Duration::hours(12)),
            SessionState::Expired
        );
    }

    #[test]
    fn every_role_that_sees_identity_needs_a_second_factor() {
        for role in Role::ALL {
            let sees_identity = role_grants(*role, Permission::ReadIdentity);
            if sees_identity {
                assert!(needs_second_factor(&[*role]), "{role}");
            }
        }
        assert!(needs_second_factor(&[Role::Administrator]));
        assert!(!needs_second_factor(&[Role::Analyst]));
        assert!(needs_second_factor(&[Role::Analyst, Role::CaseWorker]));
    }

    #[test]
    fn lock_out_after_repeated_failures() {
        assert!(!locked_out(MAX_FAILURES_PER_ACCOUNT - 1, 0));
        assert!(locked_out(MAX_FAILURES_PER_ACCOUNT, 0));
        assert!(locked_out(0, MAX_FAILURES_PER_ADDRESS));
    }
}
