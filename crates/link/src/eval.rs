//! Measuring linkage against known truth: pairwise precision, recall and F1,
//! and the recall of each blocking rule.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::linkage::{Prepared, RULES, block};
use crate::record::Record;

/// Pairwise quality of predicted links against the true persons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores predicted pairs (record indices, each pair once) against `truth`,
/// the true person of each record.
pub fn pairwise(predicted: impl IntoIterator<Item = (usize, usize)>, truth: &[String]) -> Metrics {
    let mut sizes: HashMap<&str, u64> = HashMap::new();
    for t in truth {
        *sizes.entry(t.as_str()).or_default() += 1;
    }
    let true_pairs: u64 = sizes.values().map(|&k| k * (k - 1) / 2).sum();
    let (mut tp, mut fp) = (0u64, 0u64);
    for (a, b) in predicted {
        if truth[a] == truth[b] {
            tp += 1;
        } else {
            fp += 1;
        }
    }
    let fn_ = true_pairs.saturating_sub(tp);
    let ratio = |x: u64, y: u64| if y == 0 { 1.0 } else { x as f64 / y as f64 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, true_pairs);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Metrics {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        precision,
        recall,
        f1,
    }
}

/// One blocking rule's yield on a data set with known truth.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockingRecall {
    pub rule: &'static str,
    pub pairs: usize,
    /// Share of true pairs the rule makes candidates.
    pub recall: f64,
}

/// Each rule's candidate pairs and recall, then all rules together
/// (`rule` = `"all"`).
pub fn blocking_recall(records: &[Record], truth: &[String], max_block: usize) -> Vec<BlockingRecall> {
    let prepared: Vec<Prepared> = records.par_iter().map(Prepared::new).collect();
    let mut sizes: HashMap<&str, u64> = HashMap::new();
    for t in truth {
        *sizes.entry(t.as_str()).or_default() += 1;
    }
    let true_pairs: u64 = sizes.values().map(|&k| k * (k - 1) / 2).sum::<u64>().max(1);
    let recall = |pairs: &[u64]| {
        let found = pairs
            .par_iter()
            .filter(|&&p| truth[(p >> 32) as usize] == truth[(p & 0xFFFF_FFFF) as usize])
            .count();
        found as f64 / true_pairs as f64
    };
    let mut out = Vec::new();
    let mut all: Vec<u64> = Vec::new();
    for rule in RULES {
        let pairs = block(&prepared, rule, max_block);
        out.push(BlockingRecall {
            rule: rule.name,
            pairs: pairs.len(),
            recall: recall(&pairs),
        });
        all.extend(pairs);
    }
    all.par_sort_unstable();
    all.dedup();
    out.push(BlockingRecall {
        rule: "all",
        pairs: all.len(),
        recall: recall(&all),
    });
    out
}
