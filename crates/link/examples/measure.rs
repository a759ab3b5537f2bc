//! Generates a data set, links it and prints quality, blocking recall, time
//! and the learned weights: `cargo run --release -p haven-link --example
//! measure -- ENTITIES SEED [SURNAME_TAIL]`.

use std::time::Instant;

use haven_link::eval::{blocking_recall, pairwise};
use haven_link::generate::{Options, generate};
use haven_link::linkage::{Settings, link};

fn main() {
    let mut args = std::env::args().skip(1);
    let entities = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let surname_tail = args.next().and_then(|a| a.parse().ok()).unwrap_or(0.0);
    let started = Instant::now();
    let generated = generate(Options {
        entities,
        seed,
        surname_tail,
    });
    let generated_in = started.elapsed();
    let (records, truth): (Vec<_>, Vec<_>) = generated.into_iter().map(|g| (g.record, g.cluster_id)).unzip();
    let settings = Settings::default();
    for b in blocking_recall(&records, &truth, settings.max_block) {
        println!("blocking {:<16} pairs {:>10} recall {:.4}", b.rule, b.pairs, b.recall);
    }
    let started = Instant::now();
    let linkage = link(records, &settings);
    let linked_in = started.elapsed();
    let metrics = pairwise(linkage.links.iter().map(|p| (p.left, p.right)), &truth);
    println!(
        "{} records generated in {:.1?}, linked in {:.1?}; {} candidates, {} review",
        truth.len(),
        generated_in,
        linked_in,
        linkage.candidates,
        linkage.review.len()
    );
    println!(
        "precision {:.4} recall {:.4} F1 {:.4} (tp {} fp {} fn {})",
        metrics.precision,
        metrics.recall,
        metrics.f1,
        metrics.true_positives,
        metrics.false_positives,
        metrics.false_negatives
    );
    for (stage, seconds) in &linkage.timings {
        println!("  {stage:<12} {seconds:.2} s");
    }
    println!(
        "lambda {:.4} after {} EM iterations",
        linkage.model.lambda, linkage.model.iterations
    );
    for (field, weights) in linkage.model.weights() {
        let w: Vec<String> = weights.iter().map(|w| format!("{w:+.1}")).collect();
        println!("  {field:<12} {}", w.join(" "));
    }
}
