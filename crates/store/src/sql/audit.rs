//! Appending to and reading the audit chain.

use async_trait::async_trait;
use futures_util::TryStreamExt;
use haven_domain::access::{Actor, Permission};
use haven_domain::audit::{AuditAction, AuditEntry, AuditRecord, ChainBreak, ChainSummary, ChainVerifier};
use tokio::sync::oneshot;
use uuid::Uuid;

use super::{This, Tx, decode};
use crate::tables::Table;
use crate::{AuditStore, Result, StoreError, now};

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    at: chrono::DateTime<chrono::Utc>,
    actor_user: Option<Uuid>,
    actor_org: Option<Uuid>,
    actor_label: String,
    action: String,
    record_table: String,
    record_id: Option<Uuid>,
    detail: Option<String>,
    before_digest: Option<Vec<u8>>,
    after_digest: Option<Vec<u8>>,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
}

fn digest(bytes: Vec<u8>, seq: i64) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt(format!("audit entry {seq} has a hash of the wrong length")))
}

impl EntryRow {
    fn into_entry(self) -> Result<AuditEntry> {
        let seq = self.seq;
        Ok(AuditEntry {
            seq,
            at: self.at,
            record: AuditRecord {
                actor_user: self.actor_user,
                actor_org: self.actor_org,
                actor_label: self.actor_label,
                action: decode(AuditAction::parse(&self.action))?,
                table: self.record_table,
                record: self.record_id,
                detail: self.detail,
                before: self.before_digest.map(|d| digest(d, seq)).transpose()?,
                after: self.after_digest.map(|d| digest(d, seq)).transpose()?,
            },
            prev: digest(self.prev_hash, seq)?,
            hash: digest(self.hash, seq)?,
        })
    }
}

const SELECT_ENTRY: &str = "SELECT seq, at, actor_user, actor_org, actor_label, action, record_table, record_id, \
    detail, before_digest, after_digest, prev_hash, hash FROM audit_log";

impl This {
    /// Append one entry inside the caller's write transaction, which already holds the
    /// write lock (see `begin_write`), so the head read here is the chain's real end.
    pub(crate) async fn append_audit(&self, tx: &mut Tx, record: AuditRecord) -> Result<()> {
        let (seq, prev): (i64, Vec<u8>) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut **tx)
            .await?;
        let entry = AuditEntry::chain(self.keys().audit_key(), seq + 1, now(), record, digest(prev, seq)?);
        let r = &entry.record;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_user, actor_org, actor_label, action, record_table, record_id, \
             detail, before_digest, after_digest, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(entry.seq)
        .bind(entry.at)
        .bind(r.actor_user)
        .bind(r.actor_org)
        .bind(&r.actor_label)
        .bind(r.action.code())
        .bind(&r.table)
        .bind(r.record)
        .bind(r.detail.as_deref())
        .bind(r.before.map(|d| d.to_vec()))
        .bind(r.after.map(|d| d.to_vec()))
        .bind(entry.prev.to_vec())
        .bind(entry.hash.to_vec())
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(entry.seq)
            .bind(entry.hash.to_vec())
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Append the entry of a read, committed together with the entries of the reads waiting
    /// at the same time (see [`crate::read_audit`]); returns once it is committed.
    pub(crate) async fn append_read_audit(&self, record: AuditRecord) -> Result<()> {
        let queue = self.read_audits();
        let mut committed = queue.enqueue(record);
        let _turn = queue.commit_turn().await;
        // A committer before this one may have taken the entry already: then it has said how
        // its commit went, or it was cancelled before saying (its transaction rolled back),
        // and the identity must not be handed out.
        match committed.try_recv() {
            Ok(outcome) => return outcome.map_err(StoreError::AuditUnwritten),
            Err(oneshot::error::TryRecvError::Closed) => {
                return Err(StoreError::AuditUnwritten(
                    "the commit carrying it was cancelled".into(),
                ));
            }
            Err(oneshot::error::TryRecvError::Empty) => {}
        }
        let batch = queue.take_pending();
        let written = async {
            let mut tx = self.begin_write().await?;
            for (record, _) in &batch {
                self.append_audit(&mut tx, record.clone()).await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        }
        .await;
        let shared = written.as_ref().copied().map_err(ToString::to_string);
        for (_, waiting) in batch {
            // A reader that gave up waiting has nothing to be told.
            let _ = waiting.send(shared.clone());
        }
        written
    }

    /// Record that `actor` did `action` to a record, with digests of its states.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn audit_change<B: serde::Serialize, A: serde::Serialize>(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: AuditAction,
        table: Table,
        record: Uuid,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let mut entry = AuditRecord::new(actor, action, table.name, Some(record));
        entry.before = before.map(|b| self.digest(b));
        entry.after = after.map(|a| self.digest(a));
        self.append_audit(tx, entry).await
    }
}

impl This {
    /// Verify the whole chain as a system task; a break is an error.
    pub(crate) async fn verify_chain(&self) -> Result<()> {
        match self.verify_audit(&Actor::system("verify"), &|_| {}).await? {
            Ok(_) => Ok(()),
            Err(bad) => Err(StoreError::Refused(format!("the audit trail does not verify: {bad}"))),
        }
    }
}

#[async_trait]
impl AuditStore for This {
    async fn audit_entries(&self, actor: &Actor, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        actor.require(Permission::ReadAudit)?;
        let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_ENTRY} WHERE seq > $1 ORDER BY seq {}",
            super::limit(limit.clamp(1, 10_000))
        )))
        .bind(after_seq)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(EntryRow::into_entry).collect()
    }

    async fn verify_audit(
        &self,
        actor: &Actor,
        progress: &(dyn Fn(i64) + Send + Sync),
    ) -> Result<Result<ChainSummary, ChainBreak>> {
        actor.require(Permission::ReadAudit)?;
        // Read the head and the chain in one snapshot, so writes going on meanwhile cannot
        // make a sound chain look longer or shorter than its head.
        let mut tx = self.begin_snapshot().await?;
        let (head_seq, head_hash): (i64, Vec<u8>) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        let key = self.keys().audit_key().clone();
        let mut verifier = ChainVerifier::new(&key);
        let mut checked = 0i64;
        {
            let query = format!("{SELECT_ENTRY} ORDER BY seq");
            let mut rows = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(query)).fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                let entry = row.into_entry()?;
                if let Err(bad) = verifier.push(&entry) {
                    return Ok(Err(bad));
                }
                checked += 1;
                if checked % 10_000 == 0 {
                    progress(checked);
                }
            }
        }
        progress(checked);
        tx.commit().await?;
        Ok(verifier.finish(Some((head_seq, digest(head_hash, head_seq)?))))
    }

    async fn audit_head(&self) -> Result<(i64, [u8; 32])> {
        let (seq, hash): (i64, Vec<u8>) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok((seq, digest(hash, seq)?))
    }
}
