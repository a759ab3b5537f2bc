//! `haven serve`: the web application.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use haven_domain::access::{Actor, Role};
use haven_domain::user::NewUser;
use haven_store::{Store, password};

use crate::{Database, demo, keys, orgs};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub db: Database,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Haven is reached over HTTPS (a proxy terminates TLS): cookies are marked Secure and
    /// browsers are told to insist on HTTPS.
    #[arg(long)]
    pub https: bool,
    /// If the database is empty, fill it with the demo data set and one account per role.
    #[arg(long)]
    pub demo: bool,
}

/// The demo accounts: one per role, each in an organisation that does such work.
const DEMO_ACCOUNTS: &[(&str, Role, &str)] = &[
    ("operator.demo", Role::HotlineOperator, "HOTLINE"),
    ("caseworker.demo", Role::CaseWorker, "RC"),
    ("investigator.demo", Role::Investigator, "MIA-THB"),
    ("migration.demo", Role::MigrationOfficer, "DCM"),
    ("analyst.demo", Role::Analyst, "MIA"),
    ("admin.demo", Role::Administrator, "MIA"),
    ("auditor.demo", Role::Auditor, "PGO"),
];

/// A password nobody chose: 18 random bytes in base 64 (24 characters).
fn random_password() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 18];
    rand::fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn add_demo_accounts(store: &dyn Store) -> anyhow::Result<()> {
    println!("Demo accounts (the passwords are shown only now; each asks for a one-time code at first sign-in):");
    for (username, role, org) in DEMO_ACCOUNTS {
        let org = orgs::find(store, org).await?;
        let secret = random_password();
        let input = NewUser {
            org: org.id,
            username: (*username).to_owned(),
            display_name: format!("{role} (demo)"),
            roles: vec![*role],
        };
        store
            .create_user(&Actor::system("demo"), &input, &password::hash(&secret)?)
            .await?;
        println!("  {username:<18} {secret}   {role}, {}", org.name);
    }
    Ok(())
}

/// The outbox delivered to webhooks every 15 seconds while Haven serves.
async fn deliver_webhooks(store: std::sync::Arc<dyn haven_store::Store>) {
    let client = haven_exchange::webhooks::client();
    let mut every = tokio::time::interval(std::time::Duration::from_secs(15));
    loop {
        every.tick().await;
        if let Err(e) = haven_exchange::webhooks::deliver_due(store.as_ref(), &client, chrono::Utc::now()).await {
            tracing::warn!(error = %e, "webhook delivery round failed");
        }
    }
}

pub(crate) async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = keys::open_or_initialise(&args.db).await?;
    if args.demo && store.count_rows("persons").await? == 0 {
        demo::fill(&store, 2024, 1.0).await?;
        add_demo_accounts(&*store).await?;
    }
    let config = haven_web::Config {
        https: args.https,
        ..haven_web::Config::default()
    };
    tokio::spawn(deliver_webhooks(store.clone()));
    let app = haven_web::app(store, config);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    println!("Haven is serving on http://{}/", args.bind);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}
