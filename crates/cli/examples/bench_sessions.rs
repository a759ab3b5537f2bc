//! Benchmark helper (run by bench/web_load.sh, not by the tests): gives a benchmark N signed-in
//! sessions of one investigator, straight in the store, because signing in is not what the
//! load test measures and a one-time code can be used only once per 30 seconds. Prints one
//! line per session: the session cookie's value, a person page and a case page the
//! investigator may open.
//!
//!   cargo run --release -p haven-cli --example bench_sessions -- DB_URL KEY_FILE N

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use haven_domain::access::{Actor, Role};
use haven_domain::user::NewUser;
use haven_store::CaseFilter;
use sha2::{Digest, Sha256};

const USERNAME: &str = "bench.investigator";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, key_file, n] = &args[..] else {
        anyhow::bail!("usage: bench_sessions DB_URL KEY_FILE N");
    };
    let n: usize = n.parse().context("N")?;
    let keys = haven_store::Keyring::new(&haven_store::MasterKey::load(std::path::Path::new(key_file))?);
    let store = haven_store::open(url, keys).await?;
    let system = Actor::system("bench");
    let existing = store.credentials(USERNAME).await?.map(|(user, _)| user);
    let user = if let Some(user) = existing {
        user
    } else {
        // The demo data's anti-trafficking police unit.
        let org = store
            .organisations()
            .await?
            .into_iter()
            .find(|o| o.short_name.as_deref() == Some("MIA-THB"))
            .context("no MIA-THB unit: fill the database with `haven demo` first")?;
        let input = NewUser {
            org: org.id,
            username: USERNAME.into(),
            display_name: "Load test".into(),
            roles: vec![Role::Investigator],
        };
        // Nobody signs in with this password: the sessions are made here.
        let mut unused = [0u8; 24];
        rand::fill(&mut unused);
        let hash = haven_store::password::hash(&URL_SAFE_NO_PAD.encode(unused))?;
        store.create_user(&system, &input, &hash).await?
    };
    let actor = Actor::for_user(&user);
    let filter = CaseFilter {
        limit: i64::try_from(n)?,
        ..CaseFilter::default()
    };
    let cases: Vec<_> = store
        .cases(&actor, &filter)
        .await?
        .into_iter()
        .filter(|c| c.person.is_some())
        .collect();
    anyhow::ensure!(!cases.is_empty(), "the investigator sees no case");
    for i in 0..n {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        store.start_session(&actor, &hash, "bench", true).await?;
        let case = &cases[i % cases.len()];
        let person = case.person.context("a person")?;
        println!("{token}\t/persons/{}\t/cases/{}", person.0, case.id.0);
    }
    store.close().await;
    Ok(())
}
