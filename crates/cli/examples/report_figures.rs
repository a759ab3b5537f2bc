//! Benchmark helper (run by bench/stats_vs_duckdb.sh, not by the tests): reads the facts of a
//! database once (cold), then computes every figure of spec/seed-report-figures.toml over its
//! period again and again from memory (warm), and prints the figures, the timings and the
//! peak memory as one JSON object.
//!
//!   cargo run --release -p haven-cli --example report_figures -- DB_URL KEY_FILE SPEC [REPEAT]

use std::time::Instant;

use anyhow::Context;
use haven_domain::access::Actor;
use haven_domain::period::Period;
use serde::Deserialize;

#[derive(Deserialize)]
struct Spec {
    figure: Vec<Figure>,
}

#[derive(Deserialize)]
struct Figure {
    id: String,
    period: [chrono::NaiveDate; 2],
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, key_file, spec] = &args[..4] else {
        anyhow::bail!("usage: report_figures DB_URL KEY_FILE SPEC [REPEAT]");
    };
    let repeat: usize = args.get(4).map_or(Ok(21), |r| r.parse())?;
    let spec: Spec = toml::from_str(&std::fs::read_to_string(spec).context("the spec")?)?;
    let figures: Vec<(&'static haven_stats::Indicator, Period, String)> = spec
        .figure
        .iter()
        .map(|f| {
            let period = Period::range(f.period[0], f.period[1])?;
            Ok((haven_stats::indicator(&f.id)?, period, format!("{} {}", f.id, period)))
        })
        .collect::<anyhow::Result<_>>()?;
    let indicators: Vec<_> = figures.iter().map(|f| f.0).collect();

    let keys = haven_store::Keyring::new(&haven_store::MasterKey::load(std::path::Path::new(key_file))?);
    let started = Instant::now();
    let store = haven_store::open(url, keys).await?;
    let facts = haven_stats::load(store.as_ref(), &Actor::system("benchmark"), &indicators).await?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    let compute = || -> anyhow::Result<Vec<(String, f64)>> {
        figures
            .iter()
            .map(|(indicator, period, key)| {
                Ok((
                    key.clone(),
                    haven_stats::evaluate(&facts, indicator, *period, &[])?.value,
                ))
            })
            .collect()
    };
    let first = Instant::now();
    let values = compute()?;
    let first_ms = first.elapsed().as_secs_f64() * 1e3;
    let mut warm = Vec::new();
    for _ in 0..repeat {
        let t = Instant::now();
        std::hint::black_box(compute()?);
        warm.push(t.elapsed().as_secs_f64() * 1e3);
    }
    store.close().await;
    let output = serde_json::json!({
        "figures": values.into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "facts": facts.sizes().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
        "persons": facts.person_count(),
        "cold_ms": load_ms + first_ms,
        "load_ms": load_ms,
        "warm_ms_median": median(warm.clone()),
        "warm_ms_runs": warm,
        "peak_rss_mib": peak_rss_mib(),
    });
    println!("{output}");
    Ok(())
}
