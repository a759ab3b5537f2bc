//! `haven link`: record linkage of standalone files.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use haven_link::generate::{Options, generate};
use haven_link::linkage::{Settings, link};
use haven_link::normalise::normalise;
use haven_link::record::{read_tsv, write_tsv};

#[derive(Debug, Subcommand)]
pub(crate) enum LinkCommand {
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
pub(crate) struct GenerateArgs {
    /// Number of synthetic persons (each has one to five records).
    #[arg(long)]
    entities: usize,
    /// Seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The TSV file to write.
    #[arg(short, long)]
    output: PathBuf,
}

pub(crate) fn run(command: LinkCommand) -> anyhow::Result<ExitCode> {
    match command {
        LinkCommand::Eval(args) => eval(&args),
        LinkCommand::Generate(args) => generate_file(&args),
        LinkCommand::Normalise(args) => normalise_file(&args),
    }
}

fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    for (name, value) in [
        ("--link-threshold", args.link_threshold),
        ("--review-threshold", args.review_threshold),
    ] {
        anyhow::ensure!((0.0..=1.0).contains(&value), "{name} must be between 0 and 1");
    }
    anyhow::ensure!(
        args.review_threshold <= args.link_threshold,
        "--review-threshold must not exceed --link-threshold"
    );
    let started = Instant::now();
    let file = File::open(&args.input).with_context(|| format!("cannot open {}", args.input.display()))?;
    let dataset = read_tsv(BufReader::new(file)).with_context(|| format!("{}", args.input.display()))?;
    let settings = Settings {
        link_threshold: args.link_threshold,
        review_threshold: args.review_threshold,
        ..Settings::default()
    };
    let records = &dataset.records;
    let linkage = link(records, &settings);
    let write_pairs = |path: &PathBuf, pairs: &[haven_link::linkage::ScoredPair]| -> anyhow::Result<()> {
        let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = BufWriter::new(file);
        writeln!(out, "id_l\tid_r\tscore")?;
        for pair in pairs {
            writeln!(
                out,
                "{}\t{}\t{:.6}",
                records[pair.left].id, records[pair.right].id, pair.score
            )?;
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
        records.len(),
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
    let records = generate(Options {
        entities: args.entities,
        seed: args.seed,
    });
    let file = File::create(&args.output).with_context(|| format!("cannot create {}", args.output.display()))?;
    write_tsv(
        BufWriter::new(file),
        records
            .iter()
            .map(|g| (&g.record, Some((g.agency, g.cluster_id.as_str())))),
    )
    .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "wrote {} records of {} synthetic persons to {}",
        records.len(),
        args.entities,
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
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
        for name in [&record.first_name, &record.last_name, &record.patronymic] {
            let key = normalise(name);
            write!(out, "\t{}\t{}", key.canonical, key.skeleton)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    eprintln!("normalised the names of {} records", dataset.records.len());
    Ok(ExitCode::SUCCESS)
}
