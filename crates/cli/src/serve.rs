//! `haven serve`: for now one status page. The web application replaces it.

use std::fmt::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Args;
use haven_store::Store;

use crate::{Database, demo, keys};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub db: Database,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// If the database is empty, fill it with the demo data set first.
    #[arg(long)]
    pub demo: bool,
}

pub(crate) async fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = keys::open_or_initialise(&args.db).await?;
    if args.demo && store.count_rows("persons").await? == 0 {
        demo::fill(&store, 2024, 1.0).await?;
    }
    let app = Router::new()
        .route("/", get(status))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(store);
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    println!("Haven is serving its status page on http://{}/", args.bind);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}

/// Record counts and the audit head: nothing about anyone.
async fn status(State(store): State<Arc<dyn Store>>) -> Response {
    let mut rows = String::new();
    for table in [
        "organisations",
        "users",
        "persons",
        "cases",
        "events",
        "referrals",
        "assistance",
        "audit_log",
    ] {
        match store.count_rows(table).await {
            Ok(n) => {
                let _ = write!(rows, "<tr><th scope=\"row\">{table}</th><td>{n}</td></tr>");
            }
            Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "the database is not available").into_response(),
        }
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Haven</title></head><body>\
         <h1>Haven</h1><p>The database is open. The web application is not built yet; this page shows only \
         how many records there are.</p><table>{rows}</table></body></html>"
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
