//! Finding the key, and `haven init`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use haven_store::crypto::KEY_ENV;
use haven_store::{Keyring, MasterKey, Store, StoreError, redact_url};

use crate::Database;

/// The key of an existing database.
pub(crate) fn load(db: &Database) -> anyhow::Result<Keyring> {
    Ok(Keyring::new(&MasterKey::load(&db.key_file)?))
}

/// The key for a database being set up: from HAVEN_KEY, from the key file, or a new key
/// written to a new key file (mode 0600), which the operator is told to keep safe.
pub(crate) fn load_or_create(db: &Database) -> anyhow::Result<Keyring> {
    if std::env::var_os(KEY_ENV).is_some() || db.key_file.exists() {
        return load(db);
    }
    let key = MasterKey::generate();
    key.write_new_file(&db.key_file)?;
    eprintln!(
        "haven: wrote a new key to {} (mode 0600). Keep a copy somewhere safe and apart from the database: \
         without it nothing identifying can be read, and backups cannot be restored.",
        db.key_file.display()
    );
    Ok(Keyring::new(&key))
}

/// Open the database, or set it up when there is none yet.
pub(crate) async fn open_or_initialise(db: &Database) -> anyhow::Result<Arc<dyn Store>> {
    match haven_store::open(&db.db, load_or_create(db)?).await {
        Ok(store) => Ok(store),
        Err(StoreError::NotInitialised(_)) => initialise(db).await,
        Err(e) => Err(e.into()),
    }
}

async fn initialise(db: &Database) -> anyhow::Result<Arc<dyn Store>> {
    haven_store::initialise(&db.db, load_or_create(db)?)
        .await
        .with_context(|| format!("cannot initialise {}", redact_url(&db.db)))
}

pub(crate) async fn open(db: &Database) -> anyhow::Result<Arc<dyn Store>> {
    haven_store::open(&db.db, load(db)?)
        .await
        .with_context(|| format!("cannot open {}", redact_url(&db.db)))
}

pub(crate) async fn init(db: &Database) -> anyhow::Result<ExitCode> {
    let store = initialise(db).await?;
    let (entries, _) = store.audit_head().await?;
    println!("{} is ready ({entries} audit entries).", redact_url(&db.db));
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
