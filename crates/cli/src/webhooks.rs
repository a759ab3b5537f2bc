//! `haven webhook`.

use std::process::ExitCode;

use base64::Engine;
use clap::Subcommand;
use haven_domain::access::Actor;
use haven_exchange::webhooks::{client, deliver_due};
use rand::RngExt;

use crate::{Database, keys, orgs};

#[derive(Debug, Subcommand)]
pub(crate) enum WebhookCommand {
    /// Send an organisation's outbox (its referrals and cases, as they change) to a URL from
    /// now on; prints the secret that signs each delivery, once.
    Add {
        #[command(flatten)]
        db: Database,
        /// The organisation (id, short name or name).
        #[arg(long)]
        org: String,
        /// Where to POST (https:// in production).
        #[arg(long)]
        url: String,
    },
    /// Every webhook, how far it got and its last error.
    List {
        #[command(flatten)]
        db: Database,
    },
    /// One round of delivery now (`haven serve` delivers every 15 seconds by itself).
    Deliver {
        #[command(flatten)]
        db: Database,
    },
}

pub(crate) async fn run(command: WebhookCommand) -> anyhow::Result<ExitCode> {
    let system = Actor::system("cli");
    match command {
        WebhookCommand::Add { db, org, url } => {
            let parsed = http_url(&url)?;
            let store = keys::open(&db).await?;
            let org = orgs::find(&*store, &org).await?;
            let mut bytes = [0u8; 32];
            rand::rng().fill(&mut bytes);
            let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
            let hook = store.add_webhook(&system, org.id, &parsed, &secret).await?;
            store.close().await;
            println!("webhook {} for {}: {}", hook.id, org.name, hook.url);
            println!("secret (shown once; the receiver checks X-Haven-Signature with it): {secret}");
        }
        WebhookCommand::List { db } => {
            let store = keys::open(&db).await?;
            for hook in store.webhooks(&system).await? {
                println!(
                    "{}\t{}\t{}\tdelivered up to {}\t{} failures{}",
                    hook.id,
                    hook.org,
                    hook.url,
                    hook.delivered_seq,
                    hook.failures,
                    hook.last_error.map(|e| format!(": {e}")).unwrap_or_default()
                );
            }
            store.close().await;
        }
        WebhookCommand::Deliver { db } => {
            let store = keys::open(&db).await?;
            let round = deliver_due(store.as_ref(), &client(), chrono::Utc::now()).await;
            store.close().await;
            let round = round?;
            println!(
                "{} posts, {} entries delivered, {} failed (tried again later)",
                round.posts, round.entries_delivered, round.failures
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A URL Haven will POST to: http or https, with a host.
fn http_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| anyhow::anyhow!("'{url}' is not an http:// or https:// URL"))?;
    anyhow::ensure!(!rest.is_empty() && !rest.starts_with('/'), "'{url}' names no host");
    Ok(url.to_owned())
}
