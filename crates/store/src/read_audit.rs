//! Group commit of the audit entries of identity reads.
//!
//! Every read of a person's identity is audited, and the identity is not handed out before its
//! entry is committed. Committing each entry in a transaction of its own makes every person
//! page wait for a disk flush of its own (`synchronous=FULL`), one after another; here the reads
//! that arrive while one commit is under way are committed together in the next, so one flush
//! serves them all. Nothing is weaker: each reader still waits until its own entry is on disk.

use std::sync::Mutex;

use haven_domain::audit::AuditRecord;
use tokio::sync::oneshot;

/// An entry waiting for the next commit, and where to say how that commit went.
type Waiting = (AuditRecord, oneshot::Sender<Result<(), String>>);

/// The entries waiting, and the right to commit them (one committer at a time).
#[derive(Debug, Default)]
pub(crate) struct ReadAudits {
    pending: Mutex<Vec<Waiting>>,
    committer: tokio::sync::Mutex<()>,
}

impl ReadAudits {
    /// Queue an entry; the receiver says when it is committed (or why not).
    pub(crate) fn enqueue(&self, record: AuditRecord) -> oneshot::Receiver<Result<(), String>> {
        let (sender, receiver) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((record, sender));
        receiver
    }

    /// Wait for the right to commit. Whoever holds it takes every entry waiting.
    pub(crate) async fn commit_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.committer.lock().await
    }

    /// Every entry waiting now, in the order they came.
    pub(crate) fn take_pending(&self) -> Vec<Waiting> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}
