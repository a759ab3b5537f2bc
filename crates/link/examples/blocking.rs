//! The blocking recall of each rule on a TSV with known truth (a
//! `cluster_id` column, as `haven link generate` writes):
//! `cargo run --release -p haven-link --example blocking -- FILE.tsv`.

use std::fs::File;
use std::io::BufReader;

use haven_link::eval::blocking_recall;
use haven_link::linkage::Settings;
use haven_link::record::read_tsv;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("give a TSV file with a cluster_id column")?;
    let dataset = read_tsv(BufReader::new(File::open(&path)?))?;
    let truth = dataset.truth.ok_or("the file has no cluster_id column")?;
    println!("{} records", dataset.records.len());
    for b in blocking_recall(&dataset.records, &truth, Settings::default().max_block) {
        println!("blocking {:<16} pairs {:>10} recall {:.4}", b.rule, b.pairs, b.recall);
    }
    Ok(())
}
