//! Persons: the pseudonymous row in clear, the identity sealed field by field, and keyed
//! blind indexes for look-up by name and document number.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use futures_util::TryStreamExt;
use haven_domain::access::{AccessDenied, Actor, CaseScope, Permission, identity_access, person_access};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::error::Validate;
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::person::{
    Contact, ContactKind, DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, Person,
    PersonCode, PersonFile, Script, Sex, normalise_document_number, normalise_for_lookup,
};
use haven_link::normalise::spelling_keys_of_search;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::insert::Flush;
use super::linkage::shown_as_of;
use super::rows::{PERSON_COLUMNS, PersonRow};
use super::{Db, This, Tx, cases_of_persons, decode, expect_changed};
use crate::insert::Inserts;
use crate::insert::{LOOKUP_DOCUMENT, LOOKUP_NAME, LOOKUP_SPELLING, NameParts, seal_birth_date};
use crate::tables::PERSONS;
use crate::{Keyring, Page, PersonStore, Result, StoreError, now, today};

/// A sealed name as stored: row id, script, source, recording organisation, sealed parts.
type NameRow = (Uuid, String, String, Option<Uuid>, Vec<u8>);
/// A sealed document as stored: row id, kind, issuing country, sealed number and expiry.
type DocumentRow = (Uuid, String, String, Vec<u8>, Option<Vec<u8>>);
/// A sealed contact as stored: row id, kind, sealed value.
type ContactRow = (Uuid, String, Vec<u8>);

fn open_birth_date(keys: &Keyring, person: Uuid, sealed: Option<Vec<u8>>) -> Result<Option<PartialDate>> {
    sealed
        .map(|sealed| {
            decode(
                keys.open_str("persons", "birth_date", person, &sealed)?
                    .parse::<PartialDate>(),
            )
        })
        .transpose()
}

fn open_name(keys: &Keyring, (row, script, source, recorded_by, sealed): NameRow) -> Result<NameVariant> {
    let plain = keys.open("person_names", "name", row, &sealed)?;
    let parts: NameParts =
        serde_json::from_slice(&plain).map_err(|_| StoreError::Corrupt(format!("person_names.name of {row}")))?;
    Ok(NameVariant {
        script: decode(Script::parse(&script))?,
        source: decode(NameSource::parse(&source))?,
        recorded_by: recorded_by.map(OrgId),
        given: parts.given,
        family: parts.family,
        patronymic: parts.patronymic,
    })
}

fn open_document(keys: &Keyring, (row, kind, country, number, valid_until): DocumentRow) -> Result<IdentityDocument> {
    let valid_until = match valid_until {
        Some(sealed) => Some(
            keys.open_str("person_documents", "valid_until", row, &sealed)?
                .parse::<NaiveDate>()
                .map_err(|_| StoreError::Corrupt(format!("person_documents.valid_until of {row}")))?,
        ),
        None => None,
    };
    Ok(IdentityDocument {
        kind: decode(DocumentKind::parse(&kind))?,
        issuing_country: decode(CountryCode::parse(&country))?,
        number: keys.open_str("person_documents", "number", row, &number)?,
        valid_until,
    })
}

fn open_contact(keys: &Keyring, (row, kind, value): ContactRow) -> Result<Contact> {
    Ok(Contact {
        kind: decode(ContactKind::parse(&kind))?,
        value: keys.open_str("person_contacts", "value", row, &value)?,
    })
}

/// Every row of one of a person's lists, opened and grouped by person in the order read.
async fn grouped_by_person<Row, T>(
    tx: &mut Tx,
    sql: &'static str,
    mut open: impl FnMut(Row) -> Result<(Uuid, T)>,
) -> Result<HashMap<Uuid, Vec<T>>>
where
    Row: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    let mut grouped: HashMap<Uuid, Vec<T>> = HashMap::new();
    let mut rows = sqlx::query_as::<_, Row>(sql).fetch(&mut **tx);
    while let Some(row) = rows.try_next().await? {
        let (person, item) = open(row)?;
        grouped.entry(person).or_default().push(item);
    }
    Ok(grouped)
}

/// One of the domain's rules of access to a person.
type PersonRule = fn(&Actor, Option<OrgId>, &[OrgId], &[CaseScope<'_>]) -> std::result::Result<(), AccessDenied>;

pub(crate) async fn load_person(tx: &mut Tx, id: PersonId) -> Result<(Person, Option<OrgId>)> {
    let row: Option<PersonRow> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {PERSON_COLUMNS} FROM persons WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    let row = row.ok_or(StoreError::NotFound(PERSONS.record(id)))?;
    let citizenships: Vec<String> =
        sqlx::query_scalar("SELECT country FROM person_citizenships WHERE person_id = $1 ORDER BY country")
            .bind(id.0)
            .fetch_all(&mut **tx)
            .await?;
    let citizenships = citizenships
        .iter()
        .map(|c| decode(CountryCode::parse(c)))
        .collect::<Result<Vec<_>>>()?;
    let registered_by = row.registered_by.map(OrgId);
    Ok((row.into_domain(citizenships)?, registered_by))
}

/// Which look-up keys [`Inserts::lookups`] writes; a database whose persons were written with
/// older ones has them rewritten by [`This::refresh_person_lookups`]. 2: spellings in any
/// script. 3: Belarusian and Ukrainian forms of names as the Russian (`Мікалай` = `Николай`).
/// 4: a foreign `j` written `дж` in Cyrillic as in Latin (`Джафари` = `Jafari`). 5: a first
/// `в` before a consonant as Belarusian `у` (`Уладзіславава` = `Владиславова`), Slavic names
/// kept from the Arabic table (`Yan`), names in Telegram's style and in Somali spelling read
/// as others write them (`Jukov` = `Жуков`, `Maxamed` = `Mohamed`). 6: a silent final `h`
/// (`Fatemah` = `Fatima`), a French final `ou`, `пх` and `tsh`, particles `de`/`del`/`dos`.
/// 7: Arabic names written in Cyrillic spelt as their Latin spellings (`Мухаммад` =
/// `Muhammad`, `Саййид` = `Sayyid`). 8: a first `و` before a consonant as `wa` (`الوصابي` =
/// `Wesabi`). 9: `дж` spelt `j` in every Cyrillic name (`Аджай` = `Ajay`), Indic long vowels
/// written once (`पूजा` = `Puja`). 10: a name of vowels and a glide has the glide for its
/// skeleton (`Aya` = `آية`), and a first `у` before a vowel of an Arabic name written in
/// Cyrillic is `w` (`Уалид` = `Walid`). 11: a French `ou` before a vowel is `w` (`Alaoui` =
/// `Alawi`). 12: a consonant repeated across a vowel is kept twice in the skeleton
/// (`Мироненок`, `mrnnk`, is no `Миронюк`, `mrnk`).
const LOOKUP_VERSION: &[u8] = b"12";

impl This {
    /// Rewrite every person's look-up keys if they were written by an older version (run by
    /// `haven init`): a search must find the persons recorded before it learnt a new key.
    pub(crate) async fn refresh_person_lookups(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let version: Option<Vec<u8>> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'person_lookup_version'")
            .fetch_optional(&mut *tx)
            .await?;
        if version.as_deref() == Some(LOOKUP_VERSION) {
            return Ok(());
        }
        let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM persons ORDER BY id")
            .fetch_all(&mut *tx)
            .await?;
        for id in &ids {
            let identity = self.load_identity(&mut tx, PersonId(*id)).await?;
            sqlx::query("DELETE FROM person_lookup WHERE person_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let mut ins = Inserts::default();
            ins.lookups(self.keys(), PersonId(*id), &identity);
            ins.flush(&mut tx).await?;
        }
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('person_lookup_version', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(LOOKUP_VERSION)
        .execute(&mut *tx)
        .await?;
        if !ids.is_empty() {
            let record =
                AuditRecord::new(&Actor::system("init"), AuditAction::Update, PERSONS.name, None).detail(format!(
                    "look-up keys of {} persons rewritten (their identities decrypted to compute them)",
                    ids.len()
                ));
            self.append_audit(&mut tx, record).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Remove a person's citizenships and sealed identity rows, before writing new ones.
    async fn delete_identity(&self, tx: &mut Tx, id: PersonId) -> Result<()> {
        for table in [
            "person_citizenships",
            "person_names",
            "person_documents",
            "person_contacts",
            "person_lookup",
        ] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE person_id = $1")))
                .bind(id.0)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Decrypt every identifying field of a person.
    pub(crate) async fn load_identity(&self, tx: &mut Tx, id: PersonId) -> Result<Identity> {
        let keys = self.keys();
        let birth: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT birth_date FROM persons WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
        let birth = birth.ok_or(StoreError::NotFound(PERSONS.record(id)))?;
        let names: Vec<NameRow> = sqlx::query_as(
            "SELECT id, script, source, recorded_by, name FROM person_names WHERE person_id = $1 ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(&mut **tx)
        .await?;
        let documents: Vec<DocumentRow> = sqlx::query_as(
            "SELECT id, kind, issuing_country, number, valid_until FROM person_documents WHERE person_id = $1 ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(&mut **tx)
        .await?;
        let contacts: Vec<ContactRow> =
            sqlx::query_as("SELECT id, kind, value FROM person_contacts WHERE person_id = $1 ORDER BY position")
                .bind(id.0)
                .fetch_all(&mut **tx)
                .await?;
        Ok(Identity {
            names: names
                .into_iter()
                .map(|row| open_name(keys, row))
                .collect::<Result<_>>()?,
            birth_date: open_birth_date(keys, id.0, birth)?,
            documents: documents
                .into_iter()
                .map(|row| open_document(keys, row))
                .collect::<Result<_>>()?,
            contacts: contacts
                .into_iter()
                .map(|row| open_contact(keys, row))
                .collect::<Result<_>>()?,
        })
    }

    /// Every person with her sex, citizenships and decrypted identity, by id. One query per
    /// table, whatever the number of persons: read person by person, a million persons took
    /// six million queries.
    pub(crate) async fn load_every_identity(&self, tx: &mut Tx) -> Result<Vec<(PersonId, NewPerson)>> {
        let keys = self.keys();
        let mut citizenships = grouped_by_person(
            tx,
            "SELECT person_id, country FROM person_citizenships ORDER BY person_id, country",
            |(person, country): (Uuid, String)| Ok((person, decode(CountryCode::parse(&country))?)),
        )
        .await?;
        let mut names = grouped_by_person(
            tx,
            "SELECT person_id, id, script, source, recorded_by, name FROM person_names ORDER BY person_id, position",
            |(person, id, script, source, recorded_by, name)| {
                Ok((person, open_name(keys, (id, script, source, recorded_by, name))?))
            },
        )
        .await?;
        let mut documents = grouped_by_person(
            tx,
            "SELECT person_id, id, kind, issuing_country, number, valid_until FROM person_documents \
             ORDER BY person_id, position",
            |(person, id, kind, country, number, valid_until)| {
                Ok((person, open_document(keys, (id, kind, country, number, valid_until))?))
            },
        )
        .await?;
        let mut contacts = grouped_by_person(
            tx,
            "SELECT person_id, id, kind, value FROM person_contacts ORDER BY person_id, position",
            |(person, id, kind, value)| Ok((person, open_contact(keys, (id, kind, value))?)),
        )
        .await?;
        let mut persons = Vec::new();
        let mut rows =
            sqlx::query_as::<_, (Uuid, String, Option<Vec<u8>>)>("SELECT id, sex, birth_date FROM persons ORDER BY id")
                .fetch(&mut **tx);
        while let Some((id, sex, birth)) = rows.try_next().await? {
            persons.push((
                PersonId(id),
                NewPerson {
                    sex: decode(Sex::parse(&sex))?,
                    citizenships: citizenships.remove(&id).unwrap_or_default(),
                    identity: Identity {
                        names: names.remove(&id).unwrap_or_default(),
                        birth_date: open_birth_date(keys, id, birth)?,
                        documents: documents.remove(&id).unwrap_or_default(),
                        contacts: contacts.remove(&id).unwrap_or_default(),
                    },
                },
            ));
        }
        Ok(persons)
    }

    /// Record that the actor read a person's identity. The read is not done, and the identity
    /// not handed out, until this entry is committed.
    pub(crate) async fn audit_identity_read(&self, actor: &Actor, id: PersonId) -> Result<()> {
        self.append_read_audit(AuditRecord::new(
            actor,
            AuditAction::ReadIdentity,
            PERSONS.name,
            Some(id.0),
        ))
        .await
    }

    /// Apply the domain's identity rule to a person: what it needs is the registering
    /// organisation and every case about the person with its referrals.
    pub(crate) async fn check_identity_access(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: PersonId,
        registered_by: Option<OrgId>,
    ) -> Result<()> {
        actor.require(Permission::ReadIdentity)?;
        self.check_access_to_person(tx, actor, id, registered_by, identity_access)
            .await
    }

    /// The pseudonymous view needs a reason to look: statistics, or identity rights over the
    /// person.
    pub(crate) async fn check_person_access(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: PersonId,
        registered_by: Option<OrgId>,
    ) -> Result<()> {
        self.check_access_to_person(tx, actor, id, registered_by, person_access)
            .await
    }

    async fn check_access_to_person(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: PersonId,
        registered_by: Option<OrgId>,
        rule: PersonRule,
    ) -> Result<()> {
        if actor.is_system() {
            return Ok(());
        }
        let actor_orgs = self.actor_orgs(tx, actor).await?;
        let cases = cases_of_persons(tx, &[id]).await?;
        let scopes: Vec<CaseScope<'_>> = cases.iter().map(|case| case.scope(&actor_orgs)).collect();
        Ok(rule(actor, registered_by, &actor_orgs, &scopes)?)
    }

    /// A page of the persons with any of these look-up keys (kind, normalised text) whose
    /// identity the actor may see, by the code of the record found.
    async fn find_by_lookup(&self, actor: &Actor, wanted: &[(&str, String)], page: Page) -> Result<Vec<Person>> {
        actor.require(Permission::ReadIdentity)?;
        let (limit, offset) = page.bounds();
        let (limit, offset) = (limit as usize, offset as usize);
        let mut tx = self.pool().begin().await?;
        let mut candidates: Vec<(String, Uuid)> = Vec::new();
        for (kind, normalised) in wanted {
            let digest = self.keys().blind_index(kind, normalised);
            let more: Vec<(String, Uuid)> = sqlx::query_as(
                "SELECT DISTINCT p.code, p.id FROM person_lookup l JOIN persons p ON p.id = l.person_id \
                 WHERE l.kind = $1 AND l.digest = $2",
            )
            .bind(*kind)
            .bind(digest)
            .fetch_all(&mut *tx)
            .await?;
            candidates.extend(more);
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Access is decided record by record, in the order of the list, only until the page
        // is full: a common family name matches thousands of persons (1,961 for one at the
        // demo's scale 10), and deciding for all of them took seconds for a page of fifty.
        // A record merged into another is found as the record it is shown as, so that one
        // person is listed once; as itself only where that record is not open to the actor.
        let mut listed: HashSet<PersonId> = HashSet::new();
        let mut found: Vec<Person> = Vec::new();
        for (_, id) in candidates {
            if found.len() == limit {
                break;
            }
            let id = PersonId(id);
            for candidate in [shown_as_of(&mut tx, id).await?, id] {
                let (person, registered_by) = load_person(&mut tx, candidate).await?;
                if self
                    .check_identity_access(&mut tx, actor, person.id, registered_by)
                    .await
                    .is_ok()
                {
                    if listed.insert(person.id) && listed.len() > offset {
                        found.push(person);
                    }
                    break;
                }
            }
        }
        Ok(found)
    }
}

#[async_trait]
impl PersonStore for This {
    async fn create_person(&self, actor: &Actor, input: &NewPerson) -> Result<Person> {
        actor.require(Permission::WriteIdentity)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let id = PersonId::new();
        let mut ins = Inserts::default();
        ins.person(self.keys(), id, input, actor.org);
        ins.flush(&mut tx).await?;
        let (person, _) = load_person(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Create,
            PERSONS,
            id.0,
            None::<&()>,
            Some(input),
        )
        .await?;
        tx.commit().await?;
        Ok(person)
    }

    async fn person_file(&self, actor: &Actor, id: PersonId) -> Result<PersonFile> {
        self.read_person_file(actor, id).await
    }

    async fn person(&self, actor: &Actor, id: PersonId) -> Result<Person> {
        let mut tx = self.pool().begin().await?;
        let (person, registered_by) = load_person(&mut tx, id).await?;
        self.check_person_access(&mut tx, actor, id, registered_by).await?;
        Ok(person)
    }

    async fn person_by_code(&self, actor: &Actor, code: &PersonCode) -> Result<Person> {
        let id: Option<Uuid> = sqlx::query_scalar("SELECT id FROM persons WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await?;
        match id {
            Some(id) => self.person(actor, PersonId(id)).await,
            None => Err(StoreError::Refused(format!("no person has the code {code}"))),
        }
    }

    async fn read_identity(&self, actor: &Actor, id: PersonId) -> Result<Identity> {
        let identity = {
            let mut tx = self.pool().begin().await?;
            let (_, registered_by) = load_person(&mut tx, id).await?;
            self.check_identity_access(&mut tx, actor, id, registered_by).await?;
            self.load_identity(&mut tx, id).await?
        };
        self.audit_identity_read(actor, id).await?;
        Ok(identity)
    }

    async fn update_person(&self, actor: &Actor, id: PersonId, version: i64, input: &NewPerson) -> Result<Person> {
        actor.require(Permission::WriteIdentity)?;
        input.validate(today())?;
        let mut tx = self.begin_write().await?;
        let (current, registered_by) = load_person(&mut tx, id).await?;
        self.check_identity_access(&mut tx, actor, id, registered_by).await?;
        let before = NewPerson {
            sex: current.sex,
            citizenships: current.citizenships,
            identity: self.load_identity(&mut tx, id).await?,
        };
        let updated = sqlx::query(
            "UPDATE persons SET sex = $1, birth_year = $2, birth_date = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6",
        )
        .bind(input.sex.code())
        .bind(input.identity.birth_date.map(|d| i64::from(d.year_part())))
        .bind(seal_birth_date(self.keys(), id, input.identity.birth_date))
        .bind(now())
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), PERSONS, id.0, version).await?;
        self.delete_identity(&mut tx, id).await?;
        let mut ins = Inserts::default();
        ins.citizenships(id, &input.citizenships);
        ins.identity(self.keys(), id, &input.identity);
        ins.flush(&mut tx).await?;
        let (person, _) = load_person(&mut tx, id).await?;
        self.audit_change(
            &mut tx,
            actor,
            AuditAction::Update,
            PERSONS,
            id.0,
            Some(&before),
            Some(input),
        )
        .await?;
        tx.commit().await?;
        Ok(person)
    }

    async fn find_by_document(&self, actor: &Actor, number: &str, page: Page) -> Result<Vec<Person>> {
        self.find_by_lookup(actor, &[(LOOKUP_DOCUMENT, normalise_document_number(number))], page)
            .await
    }

    async fn find_by_name(&self, actor: &Actor, full_name: &str, page: Page) -> Result<Vec<Person>> {
        // The name as typed, and the same name in any other spelling or script.
        let mut wanted = vec![(LOOKUP_NAME, normalise_for_lookup(full_name))];
        wanted.extend(
            spelling_keys_of_search(full_name)
                .into_iter()
                .map(|key| (LOOKUP_SPELLING, key)),
        );
        self.find_by_lookup(actor, &wanted, page).await
    }
}
