//! The audit trail: who did what to which record, when, with a keyed hash of the record
//! before and after. Entries form a hash chain: each entry's hash covers its own fields and
//! the previous entry's hash, keyed with a secret derived from the database key, so an
//! altered, deleted, inserted or reordered entry breaks the chain at that entry, and someone
//! with write access to the database but not the key cannot forge a new chain.

use std::fmt;

use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use crate::access::Actor;
use crate::code_list;

pub type Digest = [u8; 32];

/// The hash before the first entry.
pub const GENESIS: Digest = [0; 32];

code_list! {
    pub enum AuditAction ("audit action") {
        Create = "create",
        Update = "update",
        Delete = "delete",
        /// A person's identifying fields were decrypted for someone.
        ReadIdentity = "read_identity",
        /// A batch of records written at once (demo data, imports); `detail` says how many.
        BulkCreate = "bulk_create",
        /// The database was initialised, its key set.
        Initialise = "initialise",
        /// A user signed in (after the second factor, where one is needed).
        SignIn = "sign_in",
        /// A user signed out, or their session ended.
        SignOut = "sign_out",
        /// A sign-in was refused: wrong password or code, or a lock-out.
        SignInRefused = "sign_in_refused",
        /// Two person records were decided to be one person.
        Merge = "merge",
        /// Two person records were decided to be different persons.
        KeepApart = "keep_apart",
        /// A merge or keep-apart decision was undone.
        Undo = "undo",
    }
}

/// The secret that keys the chain and the record digests.
#[derive(Clone)]
pub struct AuditKey([u8; 32]);

impl AuditKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }

    /// Keyed digest of a record's state: plain hashes of low-entropy fields (a date of
    /// birth) could be reversed by guessing, keyed ones cannot.
    pub fn digest_of<T: Serialize>(&self, record: &T) -> Digest {
        let mut mac = self.mac();
        mac.update(b"haven-record-v1");
        // Serialising our own types to JSON cannot fail (no maps with non-string keys).
        // Written straight into the MAC: a bulk import's records would make a JSON
        // document of hundreds of megabytes.
        let _ = serde_json::to_writer(MacWriter(&mut mac), record);
        mac.finalize().into_bytes().into()
    }
}

/// Bytes written are bytes authenticated.
struct MacWriter<'a>(&'a mut Hmac<Sha256>);

impl std::io::Write for MacWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// What one entry says happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditRecord {
    pub actor_user: Option<Uuid>,
    pub actor_org: Option<Uuid>,
    pub actor_label: String,
    pub action: AuditAction,
    /// The kind of record: the table it lives in.
    pub table: String,
    pub record: Option<Uuid>,
    /// Extra words that identify no one: a batch size, a field list.
    pub detail: Option<String>,
    pub before: Option<Digest>,
    pub after: Option<Digest>,
}

impl AuditRecord {
    pub fn new(actor: &Actor, action: AuditAction, table: &str, record: Option<Uuid>) -> Self {
        Self {
            actor_user: actor.user.map(|u| u.0),
            actor_org: actor.org.map(|o| o.0),
            actor_label: actor.label.clone(),
            action,
            table: table.to_owned(),
            record,
            detail: None,
            before: None,
            after: None,
        }
    }

    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    #[must_use]
    pub fn before(mut self, digest: Digest) -> Self {
        self.before = Some(digest);
        self
    }

    #[must_use]
    pub fn after(mut self, digest: Digest) -> Self {
        self.after = Some(digest);
        self
    }
}

/// An entry as stored: the record, its place in the chain and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    pub seq: i64,
    /// Whole microseconds, which both backends store exactly.
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub record: AuditRecord,
    pub prev: Digest,
    pub hash: Digest,
}

fn put(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    buf.extend_from_slice(bytes);
}

fn put_opt(buf: &mut Vec<u8>, bytes: Option<&[u8]>) {
    match bytes {
        None => buf.push(0),
        Some(b) => {
            buf.push(1);
            put(buf, b);
        }
    }
}

impl AuditEntry {
    /// Build the entry that follows `prev` in the chain.
    pub fn chain(key: &AuditKey, seq: i64, at: DateTime<Utc>, record: AuditRecord, prev: Digest) -> Self {
        let mut entry = Self {
            seq,
            at,
            record,
            prev,
            hash: GENESIS,
        };
        entry.hash = entry.expected_hash(key);
        entry
    }

    /// The hash this entry must have: every field, length-prefixed, so no two different
    /// entries encode alike.
    pub fn expected_hash(&self, key: &AuditKey) -> Digest {
        let r = &self.record;
        let mut buf = Vec::with_capacity(256);
        put(&mut buf, b"haven-audit-v1");
        put(&mut buf, &self.seq.to_be_bytes());
        put(&mut buf, &self.at.timestamp_micros().to_be_bytes());
        put_opt(&mut buf, r.actor_user.as_ref().map(|u| u.as_bytes().as_slice()));
        put_opt(&mut buf, r.actor_org.as_ref().map(|u| u.as_bytes().as_slice()));
        put(&mut buf, r.actor_label.as_bytes());
        put(&mut buf, r.action.code().as_bytes());
        put(&mut buf, r.table.as_bytes());
        put_opt(&mut buf, r.record.as_ref().map(|u| u.as_bytes().as_slice()));
        put_opt(&mut buf, r.detail.as_deref().map(str::as_bytes));
        put_opt(&mut buf, r.before.as_ref().map(<[u8; 32]>::as_slice));
        put_opt(&mut buf, r.after.as_ref().map(<[u8; 32]>::as_slice));
        put(&mut buf, &self.prev);
        let mut mac = key.mac();
        mac.update(&buf);
        mac.finalize().into_bytes().into()
    }
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("audit entry {seq} was altered: its contents do not match its hash")]
    Altered { seq: i64 },
    #[error("audit entry {expected} is missing: the entry after {previous} is {found}")]
    Missing { expected: i64, previous: i64, found: i64 },
    #[error("audit entry {found} is out of order: expected entry {expected}")]
    OutOfOrder { expected: i64, found: i64 },
    #[error("audit entry {seq} does not follow the entry before it (entries were removed, inserted or reordered)")]
    BrokenLink { seq: i64 },
    #[error(
        "the chain ends at entry {last} but the recorded head is entry {head}: entries after {last} were removed, or the head altered"
    )]
    HeadMismatch { last: i64, head: i64 },
}

impl ChainBreak {
    /// The first entry found bad.
    pub fn seq(&self) -> i64 {
        match self {
            Self::Altered { seq } | Self::BrokenLink { seq } => *seq,
            Self::Missing { expected, .. } | Self::OutOfOrder { expected, .. } => *expected,
            Self::HeadMismatch { last, .. } => *last + 1,
        }
    }
}

/// The end of a chain that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    pub entries: i64,
    pub head_seq: i64,
    pub head_hash: Digest,
}

/// Checks entries one at a time, in sequence order, so a chain of any length is verified
/// in constant memory.
#[derive(Debug)]
pub struct ChainVerifier<'k> {
    key: &'k AuditKey,
    next_seq: i64,
    prev: Digest,
    entries: i64,
}

impl<'k> ChainVerifier<'k> {
    pub fn new(key: &'k AuditKey) -> Self {
        Self {
            key,
            next_seq: 1,
            prev: GENESIS,
            entries: 0,
        }
    }

    pub fn push(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq > self.next_seq {
            return Err(ChainBreak::Missing {
                expected: self.next_seq,
                previous: self.next_seq - 1,
                found: entry.seq,
            });
        }
        if entry.seq < self.next_seq {
            return Err(ChainBreak::OutOfOrder {
                expected: self.next_seq,
                found: entry.seq,
            });
        }
        if entry.expected_hash(self.key) != entry.hash {
            return Err(ChainBreak::Altered { seq: entry.seq });
        }
        if entry.prev != self.prev {
            return Err(ChainBreak::BrokenLink { seq: entry.seq });
        }
        self.prev = entry.hash;
        self.next_seq += 1;
        self.entries += 1;
        Ok(())
    }

    /// Compare the end of the chain with the head the store recorded (or an anchor kept
    /// elsewhere): a chain cut short at its end is only visible against such a record.
    pub fn finish(self, head: Option<(i64, Digest)>) -> Result<ChainSummary, ChainBreak> {
        let last = self.next_seq - 1;
        if let Some((head_seq, head_hash)) = head
            && (head_seq != last || head_hash != self.prev)
        {
            return Err(ChainBreak::HeadMismatch { last, head: head_seq });
        }
        Ok(ChainSummary {
            entries: self.entries,
            head_seq: last,
            head_hash: self.prev,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(key: &AuditKey, n: i64) -> Vec<AuditEntry> {
        let actor = Actor::system("test");
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let record = AuditRecord::new(&actor, AuditAction::Create, "persons", Some(Uuid::now_v7()));
                let at = DateTime::from_timestamp_micros(1_700_000_000_000_000 + seq).unwrap();
                let entry = AuditEntry::chain(key, seq, at, record, prev);
                prev = entry.hash;
                entry
            })
            .collect()
    }

    fn verify(key: &AuditKey, entries: &[AuditEntry]) -> Result<ChainSummary, ChainBreak> {
        let mut v = ChainVerifier::new(key);
        for e in entries {
            v.push(e)?;
        }
        v.finish(None)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let key = AuditKey::new([7; 32]);
        let entries = chain(&key, 10);
        assert_eq!(verify(&key, &entries).unwrap().entries, 10);
    }

    #[test]
    fn tampering_is_found_at_the_first_bad_entry() {
        let key = AuditKey::new([7; 32]);
        let entries = chain(&key, 10);

        let mut altered = entries.clone();
        altered[4].record.actor_label = "someone else".into();
        assert_eq!(verify(&key, &altered).unwrap_err(), ChainBreak::Altered { seq: 5 });

        let mut deleted = entries.clone();
        deleted.remove(6);
        assert_eq!(verify(&key, &deleted).unwrap_err().seq(), 7);

        let mut reordered = entries.clone();
        reordered.swap(2, 3);
        assert_eq!(verify(&key, &reordered).unwrap_err().seq(), 3);

        // Renumbering after a deletion changes what the hashes cover.
        let mut renumbered = entries.clone();
        renumbered.remove(6);
        for e in &mut renumbered[6..] {
            e.seq -= 1;
        }
        assert_eq!(verify(&key, &renumbered).unwrap_err(), ChainBreak::Altered { seq: 7 });

        let forged_with_other_key = chain(&AuditKey::new([8; 32]), 10);
        assert_eq!(
            verify(&key, &forged_with_other_key).unwrap_err(),
            ChainBreak::Altered { seq: 1 }
        );
    }

    #[test]
    fn a_truncated_tail_shows_against_the_head() {
        let key = AuditKey::new([7; 32]);
        let entries = chain(&key, 10);
        let head = (10, entries[9].hash);
        let mut v = ChainVerifier::new(&key);
        for e in &entries[..8] {
            v.push(e).unwrap();
        }
        assert_eq!(
            v.finish(Some(head)).unwrap_err(),
            ChainBreak::HeadMismatch { last: 8, head: 10 }
        );
    }
}
