//! `haven user`.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use haven_domain::access::{Actor, Role};
use haven_domain::user::{NewUser, check_password};
use haven_store::password;

use crate::{Database, keys, orgs};

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user account. The password is asked for twice on a terminal, or read as one
    /// line from standard input with --password-stdin.
    Add {
        #[command(flatten)]
        db: Database,
        /// Sign-in name: a-z, 0-9, '.', '_', '-'.
        #[arg(long)]
        username: String,
        /// Name shown to others.
        #[arg(long)]
        display_name: String,
        /// The user's organisation (id, short name or name).
        #[arg(long)]
        org: String,
        /// A role; repeat for several: hotline_operator, case_worker, investigator,
        /// migration_officer, analyst, administrator, auditor.
        #[arg(long = "role", required = true, value_parser = Role::parse)]
        roles: Vec<Role>,
        /// Read the password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List user accounts.
    List {
        #[command(flatten)]
        db: Database,
    },
}

fn read_password(username: &str, from_stdin: bool) -> anyhow::Result<String> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        anyhow::ensure!(first == second, "the two passwords differ");
        first
    };
    check_password(&password, username).map_err(|problem| anyhow::anyhow!("password: {problem}"))?;
    Ok(password)
}

pub(crate) async fn run(command: UserCommand) -> anyhow::Result<ExitCode> {
    match command {
        UserCommand::Add {
            db,
            username,
            display_name,
            org,
            roles,
            password_stdin,
        } => {
            let store = keys::open(&db).await?;
            let org = orgs::find(&*store, &org).await?;
            let secret = read_password(&username, password_stdin)?;
            let hash = password::hash(&secret)?;
            let input = NewUser {
                org: org.id,
                username,
                display_name,
                roles,
            };
            let user = store.create_user(&Actor::system("cli"), &input, &hash).await?;
            println!("{}", user.id);
            store.close().await;
        }
        UserCommand::List { db } => {
            let store = keys::open(&db).await?;
            for user in store.users(&Actor::system("cli")).await? {
                let roles: Vec<&str> = user.roles.iter().map(|r| r.code()).collect();
                println!(
                    "{}\t{}\t{}\t{}",
                    user.username,
                    roles.join(","),
                    if user.active { "active" } else { "inactive" },
                    user.display_name
                );
            }
            store.close().await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
