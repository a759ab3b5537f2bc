//! `haven link`: record linkage of the database's persons and of standalone files.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use std::collections::HashMap;

use anyhow::Context;
use clap::{Args, Subcommand};
use haven_domain::access::Actor;
use haven_domain::ids::PersonId;
use haven_domain::merge::{Candidate, Evidence};
use haven_domain::person::{NewPerson, Sex};
use haven_link::generate::{Options, Person, generate_with_persons};
use haven_link::linkage::{Linkage, Prepared, Settings, compare, link};
use haven_link::record::{Dob, Record, read_tsv, write_tsv};

use crate::{Database, keys};

#[derive(Debug, Subcommand)]
pub(crate) enum LinkCommand {
    /// Link the persons of the database: pairs at or above the link threshold are merged
    /// (each merge recorded as this run's decision, which a reviewer can undo), pairs between
    /// the thresholds go to the review queue. A pair decided before is left as it is, so a
    /// second run changes nothing. Prints counts only.
    Run(RunArgs),
    /// Link the person records of a TSV file and write the pairs predicted to be the same
    /// person. Input columns: unique_id, first_name, last_name, patronymic, dob (YYYY-MM-DD,
    /// YYYY or empty), sex (F, M or empty) and optionally citizenship (ISO alpha-3),
    /// document_no and address (free text); names in any script; other columns are ignored.
    Eval(EvalArgs),
    /// Write synthetic multi-agency person records with known truth (a cluster_id column)
    /// in the input format of `haven link eval`.
    Generate(GenerateArgs),
    /// Write, per record of a TSV in the input format of `eval`, the Latin comparison keys
    /// `eval` compares (canonical form and consonant skeleton of each name part), so that
    /// another linkage tool can be given the same transliteration and normalisation.
    Normalise(NormaliseArgs),
}

#[derive(Debug, Args)]
pub(crate) struct NormaliseArgs {
    /// The TSV file of person records.
    #[arg(long)]
    input: PathBuf,
    /// Where to write `unique_id` and the keys of given, family and patronymic names.
    #[arg(long)]
    output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The TSV file of person records.
    #[arg(long)]
    input: PathBuf,
    /// Where to write `id_l, id_r, score` for every pair linked as one person.
    #[arg(long)]
    output: PathBuf,
    /// Also write the pairs for a reviewer (between the two thresholds) here.
    #[arg(long)]
    review: Option<PathBuf>,
    /// Match probability at or above which two records are one person.
    #[arg(long, default_value_t = Settings::default().link_threshold)]
    link_threshold: f64,
    /// Match probability at or above which a pair not linked goes to review.
    #[arg(long, default_value_t = Settings::default().review_threshold)]
    review_threshold: f64,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    db: Database,
    /// Match probability at or above which two records are merged.
    #[arg(long, default_value_t = Settings::default().link_threshold)]
    link_threshold: f64,
    /// Match probability at or above which a pair not merged goes to review.
    #[arg(long, default_value_t = Settings::default().review_threshold)]
    review_threshold: f64,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// Number of synthetic persons (each has one to five records).
    #[arg(long)]
    entities: usize,
    /// Seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of persons, from 0 up to 0.95, whose family name comes from a
    /// long tail of rarer names rather than the lists of common ones.
    #[arg(long, default_value_t = 0.0)]
    surname_tail: f64,
    /// The TSV file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Also write here, one row per cluster_id, each person's true names (opaque keys,
    /// equal for one name however spelt), sex, date of birth and citizenship: what
    /// `bench/link_ambiguity.py` needs to count the records no linker can place.
    #[arg(long)]
    persons: Option<PathBuf>,
}

pub(crate) async fn run(command: LinkCommand) -> anyhow::Result<ExitCode> {
    match command {
        LinkCommand::Run(args) => run_database(&args).await,
        LinkCommand::Eval(args) => eval(&args),
        LinkCommand::Generate(args) => generate_file(&args),
        LinkCommand::Normalise(args) => normalise_file(&args),
    }
}

fn check_thresholds(link_threshold: f64, review_threshold: f64) -> anyhow::Result<()> {
    for (name, value) in [
        ("--link-threshold", link_threshold),
        ("--review-threshold", review_threshold),
    ] {
        anyhow::ensure!((0.0..=1.0).contains(&value), "{name} must be between 0 and 1");
    }
    anyhow::ensure!(
        review_threshold <= link_threshold,
        "--review-threshold must not exceed --link-threshold"
    );
    Ok(())
}

/// The linkage records of a stored person: one per spelling of the name, since agencies
/// wrote the same person in several scripts and any of them may be how another record has it.
fn person_records(id: PersonId, person: &NewPerson, records: &mut Vec<Record>, owners: &mut Vec<PersonId>) {
    let identity = &person.identity;
    let dob = identity.birth_date.map_or(Dob::UNKNOWN, |born| Dob {
        year: u16::try_from(born.year_part()).ok(),
        month_day: born
            .month_part()
            .zip(born.day_part())
            .and_then(|(m, d)| Some((u8::try_from(m).ok()?, u8::try_from(d).ok()?))),
    });
    let sex = match person.sex {
        Sex::Female => Some(haven_link::record::Sex::Female),
        Sex::Male => Some(haven_link::record::Sex::Male),
        Sex::Unknown => None,
    };
    for (i, name) in identity.names.iter().enumerate() {
        records.push(Record {
            id: format!("{}/{i}", id.0),
            first_name: name.given.clone(),
            last_name: name.family.clone(),
            patronymic: name.patronymic.clone().unwrap_or_default(),
            dob,
            sex,
            citizenship: person.citizenships.first().map(|c| c.as_str().to_owned()),
            document_no: identity.documents.first().map(|d| d.number.clone()),
            address: identity
                .contacts
                .iter()
                .find(|c| c.kind == haven_domain::person::ContactKind::Address)
                .map(|c| c.value.clone()),
        });
        owners.push(id);
    }
}

/// For each pair of distinct persons, its strongest pair of records, and whether linkage put
/// those two persons in one person (links) or only proposed them for review.
fn person_pairs(linkage: &Linkage, owners: &[PersonId]) -> HashMap<(PersonId, PersonId), (usize, usize, f64, bool)> {
    let mut pairs: HashMap<(PersonId, PersonId), (usize, usize, f64, bool)> = HashMap::new();
    let scored = linkage
        .links
        .iter()
        .map(|p| (p, true))
        .chain(linkage.review.iter().map(|p| (p, false)));
    for (pair, linked) in scored {
        let (a, b) = (owners[pair.left], owners[pair.right]);
        if a == b {
            continue;
        }
        let entry = pairs
            .entry((a.min(b), a.max(b)))
            .or_insert((pair.left, pair.right, pair.score, linked));
        if pair.score > entry.2 {
            (entry.0, entry.1, entry.2) = (pair.left, pair.right, pair.score);
        }
        entry.3 |= linked;
    }
    pairs
}

/// Each field's weight of evidence for two records, as the model learned it.
fn evidence(linkage: &Linkage, a: &Record, b: &Record) -> Vec<Evidence> {
    let levels = compare(&Prepared::new(a), &Prepared::new(b));
    linkage
        .model
        .weights()
        .into_iter()
        .zip(levels)
        .map(|((field, weights), level)| Evidence {
            field: field.to_owned(),
            // The level past the last is "one of the two lacks the field".
            weight: weights.get(usize::from(level)).copied().filter(|w| w.is_finite()),
        })
        .collect()
}

#[tracing::instrument(skip_all)]
async fn run_database(args: &RunArgs) -> anyhow::Result<ExitCode> {
    check_thresholds(args.link_threshold, args.review_threshold)?;
    let started = Instant::now();
    let actor = Actor::system("link");
    let store = keys::open(&args.db).await?;
    let persons = store.linkage_persons(&actor).await?;
    let (mut records, mut owners) = (Vec::new(), Vec::new());
    for (id, person) in &persons {
        person_records(*id, person, &mut records, &mut owners);
    }
    let settings = Settings {
        link_threshold: args.link_threshold,
        review_threshold: args.review_threshold,
        ..Settings::default()
    };
    let linkage = link(records.clone(), &settings);
    let (mut links, mut review) = (Vec::new(), Vec::new());
    for ((a, b), (left, right, score, linked)) in person_pairs(&linkage, &owners) {
        let candidate = Candidate::new(
            a,
            b,
            score.clamp(0.0, 1.0),
            evidence(&linkage, &records[left], &records[right]),
        );
        if linked {
            links.push(candidate);
        } else {
            review.push(candidate);
        }
    }
    let recorded = store.record_linkage(&actor, &links, &review).await?;
    store.close().await;
    // Counts only: nothing that identifies a person.
    println!(
        "linked {} persons ({} spellings): {} pairs merged, {} queued for review, {} decided or queued before, {} one person already",
        persons.len(),
        records.len(),
        recorded.merged,
        recorded.queued,
        recorded.known,
        recorded.joined,
    );
    eprintln!("{:.2} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    check_thresholds(args.link_threshold, args.review_threshold)?;
    let started = Instant::now();
    let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    // The file's true persons, if it has them, are not read: dropped here.
    let records = read_tsv(BufReader::new(file))
        .with_context(|| format!("{}", args.input.display()))?
        .records;
    let settings = Settings {
        link_threshold: args.link_threshold,
        review_threshold: args.review_threshold,
        ..Settings::default()
    };
    // Only the ids are kept: linkage drops the records once it has prepared them.
    let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
    let linkage = link(records, &settings);
    let write_pairs = |path: &PathBuf, pairs: &[haven_link::linkage::ScoredPair]| -> anyhow::Result<()> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::new(file);
        writeln!(out, "id_l\tid_r\tscore")?;
        for pair in pairs {
            writeln!(out, "{}\t{}\t{:.6}", ids[pair.left], ids[pair.right], pair.score)?;
        }
        out.flush()?;
        Ok(())
    };
    write_pairs(&args.output, &linkage.links)?;
    if let Some(review) = &args.review {
        write_pairs(review, &linkage.review)?;
    }
    // Counts and timings only: nothing that identifies a person.
    let persons = {
        let mut clusters = linkage.clusters.clone();
        clusters.sort_unstable();
        clusters.dedup();
        clusters.len()
    };
    eprintln!(
        "linked {} records into {} persons: {} pairs linked, {} for review, {} candidate pairs, {:.2} s",
        ids.len(),
        persons,
        linkage.links.len(),
        linkage.review.len(),
        linkage.candidates,
        started.elapsed().as_secs_f64()
    );
    for (rule, pairs) in &linkage.blocking {
        eprintln!("  blocking {rule}: {pairs} pairs");
    }
    for (stage, seconds) in &linkage.timings {
        eprintln!("  {stage}: {seconds:.2} s");
    }
    // The learned weights, log2(m/u) per level (strongest agreement first).
    for (field, weights) in linkage.model.weights() {
        let weights: Vec<String> = weights.iter().map(|w| format!("{w:+.1}")).collect();
        eprintln!("  weights {field}: {}", weights.join(" "));
    }
    Ok(ExitCode::SUCCESS)
}

fn generate_file(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(args.entities > 0, "--entities must be at least 1");
    anyhow::ensure!(
        (0.0..=0.95).contains(&args.surname_tail),
        "--surname-tail must be from 0 to 0.95, not {}",
        args.surname_tail
    );
    let (records, persons) = generate_with_persons(Options {
        entities: args.entities,
        seed: args.seed,
        surname_tail: args.surname_tail,
    });
    let file = File::create(&args.output).with_context(|| format!("cannot create {}", args.output.display()))?;
    write_tsv(
        BufWriter::new(file),
        records
            .iter()
            .map(|g| (&g.record, Some((g.agency, g.cluster_id.as_str())))),
    )
    .with_context(|| format!("cannot write {}", args.output.display()))?;
    if let Some(path) = &args.persons {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        write_persons(BufWriter::new(file), &persons).with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "wrote {} records of {} synthetic persons to {}",
        records.len(),
        args.entities,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_persons(mut out: impl Write, persons: &[Person]) -> std::io::Result<()> {
    writeln!(out, "cluster_id\tgiven\tfamily\tpatronymic\tsex\tdob\tcitizenship")?;
    for p in persons {
        let sex = if p.sex == haven_link::record::Sex::Female {
            "F"
        } else {
            "M"
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{sex}\t{}\t{}",
            p.cluster_id, p.given, p.family, p.patronymic, p.dob, p.citizenship
        )?;
    }
    out.flush()
}

fn normalise_file(args: &NormaliseArgs) -> anyhow::Result<ExitCode> {
    let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let dataset = read_tsv(BufReader::new(file)).with_context(|| format!("{}", args.input.display()))?;
    let file = File::create(&args.output).with_context(|| format!("cannot create {}", args.output.display()))?;
    let mut out = BufWriter::new(file);
    writeln!(
        out,
        "unique_id\tgiven_canonical\tgiven_skeleton\tfamily_canonical\tfamily_skeleton\tpatronymic_canonical\tpatronymic_skeleton"
    )?;
    for record in &dataset.records {
        write!(out, "{}", record.id)?;
        for key in Prepared::new(record).name_keys() {
            write!(out, "\t{}\t{}", key.canonical, key.skeleton)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    eprintln!("normalised the names of {} records", dataset.records.len());
    Ok(ExitCode::SUCCESS)
}
