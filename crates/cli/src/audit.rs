//! `haven audit`.

use std::process::ExitCode;

use clap::Subcommand;
use haven_domain::access::Actor;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Database, keys};

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every entry of the hash chain, in order. Names the first altered, missing or
    /// reordered entry and exits with status 1; on success prints the head, which can be
    /// written down elsewhere and given back with --expect-head to detect a cut-off tail.
    Verify {
        #[command(flatten)]
        db: Database,
        /// A head printed by an earlier verification: SEQ:HEX-HASH.
        #[arg(long)]
        expect_head: Option<String>,
    },
    /// Print the latest entries.
    Tail {
        #[command(flatten)]
        db: Database,
        #[arg(long, default_value_t = 20)]
        count: i64,
    },
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

pub(crate) async fn run(command: AuditCommand) -> anyhow::Result<ExitCode> {
    let actor = Actor::system("audit");
    match command {
        AuditCommand::Verify { db, expect_head } => {
            let store = keys::open(&db).await?;
            let (entries, _) = store.audit_head().await?;
            let bar = ProgressBar::new(u64::try_from(entries).unwrap_or(0)).with_style(
                ProgressStyle::with_template("verifying the audit chain {wide_bar} {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let verdict = store
                .verify_audit(&actor, &|checked| bar.set_position(u64::try_from(checked).unwrap_or(0)))
                .await?;
            bar.finish_and_clear();
            store.close().await;
            match verdict {
                Ok(summary) => {
                    let head = format!("{}:{}", summary.head_seq, hex(&summary.head_hash));
                    if let Some(expected) = expect_head
                        && expected != head
                    {
                        let expected_seq: i64 = expected.split(':').next().and_then(|s| s.parse().ok()).unwrap_or(0);
                        if summary.head_seq < expected_seq {
                            println!(
                                "audit trail BROKEN: it ends at entry {} but entry {expected_seq} was recorded earlier",
                                summary.head_seq
                            );
                            return Ok(ExitCode::FAILURE);
                        }
                        println!(
                            "audit trail intact: {} entries; it has grown since the head you gave",
                            summary.entries
                        );
                    } else {
                        println!("audit trail intact: {} entries", summary.entries);
                    }
                    println!("head {head}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(bad) => {
                    println!("audit trail BROKEN at entry {}: {bad}", bad.seq());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        AuditCommand::Tail { db, count } => {
            let store = keys::open(&db).await?;
            let (head, _) = store.audit_head().await?;
            for entry in store.audit_entries(&actor, (head - count).max(0), count).await? {
                let r = &entry.record;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    entry.seq,
                    entry.at.to_rfc3339(),
                    r.actor_label,
                    r.action,
                    r.table,
                    r.record.map_or_else(|| "-".into(), |id| id.to_string()),
                    r.detail.as_deref().unwrap_or("")
                );
            }
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
    }
}
