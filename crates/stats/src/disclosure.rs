//! Disclosure control for figures that leave the system.
//!
//! A cell standing for fewer than `threshold` persons (or facts), but more than none, is
//! shown as `<5` (for the default threshold), as UNODC publishes. Hiding one cell is not
//! enough when totals are published: the hidden value would be the total minus the cells
//! shown. So every line of the table (the cells of a row with their row total, of a column
//! with its column total, the totals with the grand total) is made to hide either nothing
//! or at least two values, by also hiding the smallest other value of a line that hides
//! only one (complementary suppression), until no line does.

use serde::Serialize;

use crate::engine::{Cell, Figure};

/// Cells below this many contributors are hidden unless the caller chooses otherwise.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// A value as published: the number, or the fact that it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Shown {
    Value(f64),
    Hidden,
}

impl Shown {
    pub fn value(self) -> Option<f64> {
        match self {
            Shown::Value(v) => Some(v),
            Shown::Hidden => None,
        }
    }
}

/// A cell as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedCell {
    pub keys: Vec<String>,
    pub shown: Shown,
}

/// A figure made safe to publish.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Published {
    pub value: Shown,
    pub cells: Vec<PublishedCell>,
    pub margins: Vec<Vec<PublishedCell>>,
    pub threshold: u64,
}

/// How a hidden value is written: `<5` for the default threshold.
pub fn hidden_label(threshold: u64) -> String {
    format!("<{threshold}")
}

struct Entry {
    value: f64,
    contributors: u64,
    hidden: bool,
}

/// Hide what could identify someone. `additive` says whether cells add up to their totals
/// (counts and sums); only then can a hidden cell be recovered by subtraction and needs
/// complementary suppression.
pub fn protect(figure: &Figure, additive: bool, threshold: u64) -> Published {
    let small = |contributors: u64| contributors > 0 && contributors < threshold;
    let mut entries: Vec<Entry> = Vec::new();
    let mut push = |cell: &Cell| {
        entries.push(Entry {
            value: cell.value,
            contributors: cell.contributors,
            hidden: small(cell.contributors),
        });
        entries.len() - 1
    };
    let total = push(&Cell {
        keys: Vec::new(),
        value: figure.value,
        contributors: figure.contributors,
    });
    let cells: Vec<usize> = figure.cells.iter().map(&mut push).collect();
    let margins: Vec<Vec<usize>> = figure
        .margins
        .iter()
        .map(|margin| margin.iter().map(&mut push).collect())
        .collect();

    // Each line: its parts, then the total they add up to.
    let mut lines: Vec<Vec<usize>> = Vec::new();
    match figure.dimensions.len() {
        1 => lines.push(cells.iter().copied().chain([total]).collect()),
        2 => {
            for (axis, margin) in figure.margins.iter().enumerate() {
                lines.push(margins[axis].iter().copied().chain([total]).collect());
                for (m, margin_cell) in margin.iter().enumerate() {
                    let parts = figure
                        .cells
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.keys[axis] == margin_cell.keys[0])
                        .map(|(i, _)| cells[i]);
                    lines.push(parts.chain([margins[axis][m]]).collect());
                }
            }
        }
        _ => {}
    }
    if additive {
        suppress_complements(&mut entries, &lines);
    }

    let shown = |i: usize| {
        if entries[i].hidden {
            Shown::Hidden
        } else {
            Shown::Value(entries[i].value)
        }
    };
    let publish = |cell: &Cell, i: usize| PublishedCell {
        keys: cell.keys.clone(),
        shown: shown(i),
    };
    Published {
        value: shown(total),
        cells: figure.cells.iter().zip(&cells).map(|(c, i)| publish(c, *i)).collect(),
        margins: figure
            .margins
            .iter()
            .zip(&margins)
            .map(|(margin, ids)| margin.iter().zip(ids).map(|(c, i)| publish(c, *i)).collect())
            .collect(),
        threshold,
    }
}

fn suppress_complements(entries: &mut [Entry], lines: &[Vec<usize>]) {
    loop {
        let mut changed = false;
        for line in lines {
            if line.iter().filter(|i| entries[**i].hidden).count() != 1 {
                continue;
            }
            // The smallest value still shown, preferring parts to the line's total; a zero
            // that nobody contributed to hides nothing, so it cannot serve.
            let (parts, total) = line.split_at(line.len() - 1);
            let candidate = |ids: &[usize]| {
                ids.iter()
                    .copied()
                    .filter(|i| !entries[*i].hidden && entries[*i].contributors > 0)
                    .min_by(|a, b| entries[*a].value.total_cmp(&entries[*b].value))
            };
            if let Some(i) = candidate(parts).or_else(|| candidate(total)) {
                entries[i].hidden = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use haven_domain::period::Period;
    use proptest::prelude::*;

    use super::*;

    fn cell(keys: &[&str], value: u64) -> Cell {
        Cell {
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            value: value as f64,
            contributors: value,
        }
    }

    /// A two-way table of counts with its margins, as the engine makes it.
    fn table(values: &[Vec<u64>]) -> Figure {
        let rows = values.len();
        let cols = values[0].len();
        let name = |axis: &str, i: usize| format!("{axis}{i}");
        let mut cells = Vec::new();
        for (r, row) in values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                cells.push(cell(&[&name("r", r), &name("c", c)], *v));
            }
        }
        let row_totals = (0..rows)
            .map(|r| cell(&[&name("r", r)], values[r].iter().sum()))
            .collect();
        let col_totals = (0..cols)
            .map(|c| cell(&[&name("c", c)], values.iter().map(|row| row[c]).sum()))
            .collect();
        let total: u64 = values.iter().flatten().sum();
        Figure {
            indicator: "test",
            version: 1,
            period: Period::year(2023).unwrap(),
            value: total as f64,
            contributors: total,
            dimensions: vec!["row", "column"],
            cells,
            margins: vec![row_totals, col_totals],
        }
    }

    /// What someone holding the published table can work out: any line with one hidden
    /// value gives it away as its total minus its other parts; repeat while anything new
    /// comes out. Returns the hidden cells recovered, by key.
    fn attack(figure: &Figure, published: &Published) -> Vec<Vec<String>> {
        let mut known: std::collections::HashMap<Vec<String>, Option<f64>> = std::collections::HashMap::new();
        known.insert(vec!["total".into()], published.value.value());
        for c in &published.cells {
            known.insert(c.keys.clone(), c.shown.value());
        }
        for (axis, margin) in published.margins.iter().enumerate() {
            for c in margin {
                known.insert(vec![format!("m{axis}"), c.keys[0].clone()], c.shown.value());
            }
        }
        let mut lines: Vec<(Vec<Vec<String>>, Vec<String>)> = Vec::new();
        for (axis, margin) in figure.margins.iter().enumerate() {
            lines.push((
                margin
                    .iter()
                    .map(|c| vec![format!("m{axis}"), c.keys[0].clone()])
                    .collect(),
                vec!["total".into()],
            ));
            for m in margin {
                let parts = figure
                    .cells
                    .iter()
                    .filter(|c| c.keys[axis] == m.keys[0])
                    .map(|c| c.keys.clone());
                lines.push((parts.collect(), vec![format!("m{axis}"), m.keys[0].clone()]));
            }
        }
        let mut recovered = Vec::new();
        loop {
            let mut progress = false;
            for (parts, total) in &lines {
                let members: Vec<&Vec<String>> = parts.iter().chain([total]).collect();
                let unknown: Vec<&&Vec<String>> = members.iter().filter(|k| known[**k].is_none()).collect();
                if unknown.len() != 1 {
                    continue;
                }
                let missing = (*unknown[0]).clone();
                let sum_parts: f64 = parts.iter().filter_map(|k| known[k]).sum();
                let value = if missing == *total {
                    sum_parts
                } else {
                    known[total].unwrap() - sum_parts
                };
                known.insert(missing.clone(), Some(value));
                recovered.push(missing);
                progress = true;
            }
            if !progress {
                return recovered;
            }
        }
    }

    #[test]
    fn a_single_small_cell_is_not_recoverable_from_the_totals() {
        let figure = table(&[vec![3, 20, 30], vec![40, 50, 60]]);
        let published = protect(&figure, true, DEFAULT_THRESHOLD);
        assert_eq!(published.cells[0].shown, Shown::Hidden, "the 3 is hidden");
        let hidden = published.cells.iter().filter(|c| c.shown == Shown::Hidden).count();
        assert!(
            hidden >= 4,
            "complements in its row and column, and one to close the rectangle"
        );
        assert!(attack(&figure, &published).is_empty(), "nothing recovered");
        assert_eq!(published.value, Shown::Value(203.0));
    }

    #[test]
    fn without_complements_the_attack_recovers_the_small_cell() {
        // The attack works: hiding only the small cell gives it away.
        let figure = table(&[vec![3, 20, 30], vec![40, 50, 60]]);
        let published = protect(&figure, false, DEFAULT_THRESHOLD);
        assert!(attack(&figure, &published).contains(&vec!["r0".to_owned(), "c0".to_owned()]));
    }

    #[test]
    fn a_lonely_small_cell_hides_its_total() {
        let figure = Figure {
            dimensions: vec!["sex"],
            cells: vec![cell(&["F"], 2), cell(&["M"], 0)],
            margins: Vec::new(),
            value: 2.0,
            contributors: 2,
            ..table(&[vec![1]])
        };
        let published = protect(&figure, true, DEFAULT_THRESHOLD);
        assert_eq!(published.value, Shown::Hidden);
        assert_eq!(published.cells[1].shown, Shown::Value(0.0), "a zero is shown");
        assert_eq!(hidden_label(DEFAULT_THRESHOLD), "<5");
    }

    proptest! {
        #[test]
        fn no_hidden_cell_can_be_recovered(values in prop::collection::vec(prop::collection::vec(0u64..25, 2..5), 2..5)) {
            let cols = values[0].len();
            let values: Vec<Vec<u64>> = values.into_iter().map(|mut r| { r.resize(cols, 1); r }).collect();
            let figure = table(&values);
            let published = protect(&figure, true, DEFAULT_THRESHOLD);
            for c in &published.cells {
                let original = figure.cells.iter().find(|o| o.keys == c.keys).unwrap();
                if original.contributors > 0 && original.contributors < DEFAULT_THRESHOLD {
                    prop_assert_eq!(c.shown, Shown::Hidden);
                }
            }
            prop_assert!(attack(&figure, &published).is_empty());
        }
    }
}
