//! `haven org`.

use std::process::ExitCode;

use clap::Subcommand;
use haven_domain::access::Actor;
use haven_domain::ids::OrgId;
use haven_domain::org::{OrgKind, Organisation, OrganisationInput, Region};
use haven_store::Store;

use crate::{Database, keys};

#[derive(Debug, Subcommand)]
pub(crate) enum OrgCommand {
    /// Add an organisation.
    Add {
        #[command(flatten)]
        db: Database,
        /// Full name.
        #[arg(long)]
        name: String,
        /// Short name, used to refer to it on the command line.
        #[arg(long)]
        short_name: Option<String>,
        /// Kind (an HTCDS org_Type or one of Haven's), e.g. LawEnforcement, NGO, ImmigrationService.
        #[arg(long, value_parser = OrgKind::parse)]
        kind: OrgKind,
        /// The organisation it belongs to (id, short name or name).
        #[arg(long)]
        parent: Option<String>,
        /// Region of Belarus (ISO 3166-2:BY), e.g. BY-HM.
        #[arg(long, value_parser = Region::parse)]
        region: Option<Region>,
    },
    /// List organisations.
    List {
        #[command(flatten)]
        db: Database,
    },
}

/// An organisation by id, short name or full name.
pub(crate) async fn find(store: &dyn Store, reference: &str) -> anyhow::Result<Organisation> {
    let all = store.organisations().await?;
    let matches: Vec<&Organisation> = all
        .iter()
        .filter(|o| o.id.to_string() == reference || o.short_name.as_deref() == Some(reference) || o.name == reference)
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => anyhow::bail!("no organisation is called '{reference}' (see `haven org list`)"),
        _ => anyhow::bail!("'{reference}' names more than one organisation; use its id"),
    }
}

pub(crate) async fn run(command: OrgCommand) -> anyhow::Result<ExitCode> {
    match command {
        OrgCommand::Add {
            db,
            name,
            short_name,
            kind,
            parent,
            region,
        } => {
            let store = keys::open(&db).await?;
            let parent: Option<OrgId> = match parent {
                Some(reference) => Some(find(&*store, &reference).await?.id),
                None => None,
            };
            let input = OrganisationInput {
                parent,
                name,
                short_name,
                kind,
                region,
            };
            let org = store.create_organisation(&Actor::system("cli"), &input).await?;
            println!("{}", org.id);
            store.close().await;
        }
        OrgCommand::List { db } => {
            let store = keys::open(&db).await?;
            for org in store.organisations().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    org.id,
                    org.short_name.as_deref().unwrap_or("-"),
                    org.kind,
                    org.name
                );
            }
            store.close().await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
