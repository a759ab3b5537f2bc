//! Rows as the database returns them, and their conversion into domain records.

use chrono::{DateTime, Utc};
use haven_domain::access::Role;
use haven_domain::country::CountryCode;
use haven_domain::ids::{OrgId, PersonId, UserId};
use haven_domain::org::{OrgKind, Organisation, Region};
use haven_domain::person::{Person, PersonCode, Sex};
use haven_domain::user::User;
use uuid::Uuid;

use super::{decode, decode_list, decode_opt};
use crate::Result;

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    id: Uuid,
    parent_id: Option<Uuid>,
    name: String,
    short_name: Option<String>,
    kind: String,
    region: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

pub(crate) const ORG_COLUMNS: &str = "id, parent_id, name, short_name, kind, region, created_at, updated_at, version";

impl OrgRow {
    pub(crate) fn into_domain(self) -> Result<Organisation> {
        Ok(Organisation {
            id: OrgId(self.id),
            parent: self.parent_id.map(OrgId),
            name: self.name,
            short_name: self.short_name,
            kind: decode(OrgKind::parse(&self.kind))?,
            region: decode_opt(self.region.as_deref(), Region::parse)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    org_id: Uuid,
    username: String,
    display_name: String,
    roles: String,
    active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

pub(crate) const USER_COLUMNS: &str =
    "id, org_id, username, display_name, roles, active, created_at, updated_at, version";

impl UserRow {
    pub(crate) fn into_domain(self) -> Result<User> {
        Ok(User {
            id: UserId(self.id),
            org: OrgId(self.org_id),
            username: self.username,
            display_name: self.display_name,
            roles: decode_list(&self.roles, Role::parse)?,
            active: self.active,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    pub(crate) id: Uuid,
    code: String,
    sex: String,
    birth_year: Option<i64>,
    pub(crate) registered_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

pub(crate) const PERSON_COLUMNS: &str = "id, code, sex, birth_year, registered_by, created_at, updated_at, version";

impl PersonRow {
    pub(crate) fn into_domain(self, citizenships: Vec<CountryCode>) -> Result<Person> {
        Ok(Person {
            id: PersonId(self.id),
            code: decode(PersonCode::parse(&self.code))?,
            sex: decode(Sex::parse(&self.sex))?,
            birth_year: self.birth_year.map(|y| y as i32),
            citizenships,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        })
    }
}
