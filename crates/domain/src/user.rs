//! User accounts. Passwords are hashed (Argon2id) outside the domain; the domain only says
//! what a good username and password look like.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::error::{Checks, Validate};
use crate::ids::{OrgId, UserId};
use crate::picklist::check_unique;
use crate::{Problem, ValidationErrors};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A user account as stored (the password hash never leaves the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct User {
    pub id: UserId,
    pub org: OrgId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A new account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewUser {
    pub org: OrgId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

impl Validate for NewUser {
    fn validate(&self, _today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        if let Err(problem) = check_username(&self.username) {
            checks.push("username", problem);
        }
        checks.text("display_name", &self.display_name, 120);
        if self.roles.is_empty() {
            checks.push("roles", Problem::Required);
        }
        check_unique(&mut checks, "roles", &self.roles);
        checks.finish()
    }
}

/// 3 to 64 characters: lower-case Latin letters, digits, `.`, `_` and `-`, starting with a
/// letter. Usernames appear in audit entries, so they must never carry a person's data.
pub fn check_username(username: &str) -> Result<(), Problem> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    let starts_with_letter = username.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if (3..=64).contains(&username.len()) && ok_chars && starts_with_letter {
        Ok(())
    } else {
        Err(Problem::Invalid {
            reason: "a username has 3 to 64 characters: a-z, 0-9, '.', '_', '-', starting with a letter".into(),
        })
    }
}

/// At least [`MIN_PASSWORD_CHARS`] characters, not all the same, and not the username.
pub fn check_password(password: &str, username: &str) -> Result<(), Problem> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < MIN_PASSWORD_CHARS {
        return Err(Problem::Invalid {
            reason: format!("a password needs at least {MIN_PASSWORD_CHARS} characters"),
        });
    }
    if chars.iter().all(|c| *c == chars[0]) {
        return Err(Problem::Invalid {
            reason: "a password of one repeated character is too easy to guess".into(),
        });
    }
    if password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(Problem::Invalid {
            reason: "a password must not contain the username".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords() {
        assert!(check_username("ivanova.t").is_ok());
        assert!(check_username("Ivanova").is_err());
        assert!(check_username("1abc").is_err());
        assert!(check_username("ab").is_err());
        assert!(check_password("short", "x").is_err());
        assert!(check_password("aaaaaaaaaaaaaaa", "x").is_err());
        assert!(check_password("ivanova.t-2024!", "ivanova.t").is_err());
        assert!(check_password("correct horse battery", "ivanova").is_ok());
    }
}
