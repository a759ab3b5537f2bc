//! Delivering the outbox to webhooks, so that a partner's system follows its referrals and
//! cases. Each due webhook gets its organisation's entries after the last one it took, oldest
//! first, at most [`BATCH`] to a POST:
//!
//! ```text
//! POST <url>
//! Content-Type: application/json
//! X-Haven-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" under the secret>
//! {"entries": [{"seq": 42, "topic": "referral.sent", "org": "...", "record": "...", "payload": {...}}]}
//! ```
//!
//! A 2xx answer moves the webhook past the entries; anything else (or no answer within
//! [`TIMEOUT`]) is tried again later, waiting twice as long after each failure in a row, from
//! 30 seconds up to an hour. Entries are never skipped, so a receiver sees each at least once,
//! in order (it may see one twice, if its answer is lost: `seq` tells).

use std::fmt::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};
use haven_domain::access::Actor;
use haven_store::{DueWebhook, Store, StoreError};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Entries per POST.
pub const BATCH: i64 = 100;
/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub posts: usize,
    pub entries_delivered: usize,
    pub failures: usize,
}

/// The client deliveries are made with.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Haven webhooks")
        .build()
        .expect("a client with a timeout builds")
}

/// `t=<at>,v1=<hex HMAC-SHA-256 of "<at>.<body>">`: what a receiver recomputes with the secret
/// to know the POST came from Haven and was not replayed long after.
pub fn signature(secret: &str, at: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(at.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let digest = mac.finalize().into_bytes().iter().fold(String::new(), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    format!("t={at},v1={digest}")
}

/// How long to wait after `failures` failures in a row.
fn backoff(failures: i64) -> chrono::Duration {
    let seconds = 30i64.saturating_mul(1 << failures.clamp(0, 7));
    chrono::Duration::seconds(seconds.min(3600))
}

/// Deliver to every webhook due at `at`: one POST each, of its oldest entries not yet taken.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(store: &dyn Store, client: &reqwest::Client, at: DateTime<Utc>) -> Result<Round, StoreError> {
    let system = Actor::system("webhooks");
    let mut round = Round::default();
    for due in store.due_webhooks(&system, at).await? {
        let DueWebhook { webhook, secret } = due;
        let entries = store.outbox(&system, webhook.org, webhook.delivered_seq, BATCH).await?;
        let Some(last) = entries.last().map(|e| e.seq) else {
            continue;
        };
        let body = serde_json::to_vec(&serde_json::json!({ "entries": entries }))
            .map_err(|e| StoreError::Corrupt(format!("outbox entries: {e}")))?;
        round.posts += 1;
        let answer = client
            .post(&webhook.url)
            .header("Content-Type", "application/json")
            .header("X-Haven-Signature", signature(&secret, at.timestamp(), &body))
            .body(body)
            .send()
            .await;
        let failure = match answer {
            Ok(response) if response.status().is_success() => None,
            Ok(response) => Some(format!("the receiver answered {}", response.status())),
            // The error names the URL, which is the partner's, not a person's.
            Err(e) => Some(format!("no answer: {e}")),
        };
        match failure {
            None => {
                store.webhook_delivered(&system, webhook.id, last).await?;
                round.entries_delivered += entries.len();
            }
            Some(error) => {
                tracing::warn!(webhook = %webhook.id, failures = webhook.failures + 1, "webhook delivery failed");
                store
                    .webhook_failed(&system, webhook.id, &error, at + backoff(webhook.failures))
                    .await?;
                round.failures += 1;
            }
        }
    }
    Ok(round)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_after_each_failure_up_to_an_hour() {
        assert_eq!(backoff(0).num_seconds(), 30);
        assert_eq!(backoff(1).num_seconds(), 60);
        assert_eq!(backoff(5).num_seconds(), 960);
        assert_eq!(backoff(50).num_seconds(), 3600);
    }

    #[test]
    fn the_signature_covers_time_and_body() {
        let a = signature("s3cret", 1_700_000_000, b"{}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, signature("s3cret", 1_700_000_001, b"{}"));
        assert_ne!(a, signature("s3cret", 1_700_000_000, b"{ }"));
        assert_ne!(a, signature("other", 1_700_000_000, b"{}"));
    }
}
