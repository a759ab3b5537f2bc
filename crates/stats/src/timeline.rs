//! An indicator's total over any period without a scan: its counted facts laid out once in the
//! order of the date it counts at, with running sums, so that a period is two binary searches
//! and a subtraction.
//!
//! Distinct persons are the one figure running sums cannot give. A fact is the first of its
//! person inside a period exactly when that person's previous fact lies before the period; with
//! facts in date order, "before the period" is "at a position below the period's first". So
//! each fact keeps the position of its person's previous fact, and the distinct persons of a
//! period are the facts in it whose previous position lies below its start: a count of values
//! below a bound in a range, which a wavelet matrix answers in time logarithmic in the number
//! of facts.

use haven_domain::period::Period;

use crate::base::{NO_DATE, NO_PERSON, Table, day_number, has_row};
use crate::catalogue::{At, Measure};
use crate::engine::{Tally, fixed_weight};

/// The facts an indicator counts, prepared for totals over any period.
pub(crate) enum Timeline {
    Facts(Facts),
    Stays(Stays),
}

/// Counted facts in the order of the date the indicator counts at.
pub(crate) struct Facts {
    /// Ascending.
    dates: Vec<i32>,
    /// `running[i]`: the weights (amounts, days, or hits for a share) of the facts before
    /// position `i`; empty when the measure has none.
    running: Vec<i128>,
    /// Whether the weights count facts with the share's value (else they are summed).
    weights_are_hits: bool,
    /// Per fact, 1 + the position of the same person's previous fact, or 0 for their first;
    /// only for person counts.
    previous: Option<WaveletMatrix>,
}

/// Stays (a detention from its main to its second date; open ones last to the period's end),
/// as the number of persons held on each day.
pub(crate) struct Stays {
    first_day: i32,
    /// `person_days[k]`: persons held, summed over the days before `first_day + k`.
    person_days: Vec<i128>,
    /// Stays still open: after the last day of the list, each day holds this many.
    open: i128,
    /// Sorted, to count the stays that overlap a period.
    starts: Vec<i32>,
    closed_ends: Vec<i32>,
}

/// Where the counted facts of `table` lie: rows passing the indicator's filters (`passing`,
/// a bit per row), with the dates they count at.
pub(crate) fn build(
    table: &Table,
    passing: &[u64],
    at: At,
    measure: Measure,
    share_of: Option<(&[u16], u16)>,
) -> Timeline {
    let passes = |row: usize| has_row(passing, row);
    if measure == Measure::AverageDailyPopulation {
        return Timeline::Stays(Stays::build(table, (0..table.len()).filter(|row| passes(*row))));
    }
    let counted_at = match at {
        At::Date => &table.date,
        At::OtherDate => &table.other_date,
    };
    let mut rows: Vec<usize> = (0..table.len())
        .filter(|row| passes(*row) && counted_at[*row] != NO_DATE)
        .filter(|row| measure != Measure::Persons || table.person[*row] != NO_PERSON)
        .collect();
    // Rows are already in main-date order; a stable sort keeps it among facts of one day.
    if at == At::OtherDate {
        rows.sort_by_key(|row| counted_at[*row]);
    }
    let weight = |row: usize| -> i128 {
        match measure {
            Measure::Share { .. } => share_of.map_or(0, |(column, value)| i128::from(column[row] == value)),
            measure => fixed_weight(table, measure, row),
        }
    };
    let running = match measure {
        Measure::Sum { .. } | Measure::AverageDays | Measure::Share { .. } => {
            let mut running = Vec::with_capacity(rows.len() + 1);
            let mut total = 0i128;
            running.push(total);
            for row in &rows {
                total += weight(*row);
                running.push(total);
            }
            running
        }
        _ => Vec::new(),
    };
    let previous = (measure == Measure::Persons && !rows.is_empty()).then(|| {
        let persons = rows
            .iter()
            .map(|row| table.person[*row] as usize + 1)
            .max()
            .unwrap_or(0);
        let mut last_position = vec![0u32; persons];
        let previous: Vec<u32> = rows
            .iter()
            .enumerate()
            .map(|(position, row)| {
                std::mem::replace(&mut last_position[table.person[*row] as usize], position as u32 + 1)
            })
            .collect();
        WaveletMatrix::new(previous)
    });
    Timeline::Facts(Facts {
        dates: rows.iter().map(|row| counted_at[*row]).collect(),
        running,
        weights_are_hits: matches!(measure, Measure::Share { .. }),
        previous,
    })
}

impl Timeline {
    /// What a scan of the period's facts would collect.
    pub(crate) fn totals(&self, period: Period) -> Tally {
        let (first, last) = (day_number(period.first()), day_number(period.last()));
        match self {
            Timeline::Facts(facts) => facts.totals(first, last),
            Timeline::Stays(stays) => stays.totals(first, last),
        }
    }
}

impl Facts {
    fn totals(&self, first: i32, last: i32) -> Tally {
        let start = self.dates.partition_point(|d| *d < first);
        let end = self.dates.partition_point(|d| *d <= last).max(start);
        let running = |i: usize| self.running.get(i).copied().unwrap_or(0);
        let weights = running(end) - running(start);
        Tally {
            records: (end - start) as u64,
            distinct_persons: match &self.previous {
                // A fact whose person's previous fact lies before `start` (or who has none)
                // is that person's first in the period.
                Some(previous) => previous.count_below(start..end, start as u32 + 1) as u64,
                _ => 0,
            },
            sum: if self.weights_are_hits { 0 } else { weights },
            hits: if self.weights_are_hits {
                u64::try_from(weights).unwrap_or(0)
            } else {
                0
            },
            persons: Vec::new(),
        }
    }
}

impl Stays {
    fn build(table: &Table, rows: impl Iterator<Item = usize>) -> Self {
        let mut starts = Vec::new();
        let mut closed_ends = Vec::new();
        let mut open = 0i128;
        // (day, change in persons held from that day on)
        let mut changes: Vec<(i32, i128)> = Vec::new();
        for row in rows {
            let (start, end) = (table.date[row], table.other_date[row]);
            if end == NO_DATE {
                open += 1;
            } else if end < start {
                // Ends before it begins: holds nobody on any day, as a scan finds.
                continue;
            } else {
                closed_ends.push(end);
                changes.push((end + 1, -1));
            }
            starts.push(start);
            changes.push((start, 1));
        }
        starts.sort_unstable();
        closed_ends.sort_unstable();
        changes.sort_unstable();
        let first_day = changes.first().map_or(0, |c| c.0);
        let last_day = changes.last().map_or(0, |c| c.0);
        let mut person_days = Vec::with_capacity((last_day - first_day + 2).max(1) as usize);
        person_days.push(0);
        let (mut held, mut total, mut next) = (0i128, 0i128, 0);
        for day in first_day..=last_day {
            while let Some((_, change)) = changes.get(next).filter(|c| c.0 == day) {
                held += change;
                next += 1;
            }
            total += held;
            person_days.push(total);
        }
        Self {
            first_day,
            person_days,
            open,
            starts,
            closed_ends,
        }
    }

    /// Persons held, summed over every day before `day`.
    fn person_days_before(&self, day: i32) -> i128 {
        let days_listed = self.person_days.len() as i64 - 1;
        let offset = i64::from(day) - i64::from(self.first_day);
        if offset <= 0 {
            0
        } else if offset <= days_listed {
            self.person_days[offset as usize]
        } else {
            self.person_days[days_listed as usize] + i128::from(offset - days_listed) * self.open
        }
    }

    fn totals(&self, first: i32, last: i32) -> Tally {
        // A stay overlaps the period unless it starts after it or ended before it.
        let started = self.starts.partition_point(|d| *d <= last);
        let ended_before = self.closed_ends.partition_point(|d| *d < first);
        Tally {
            records: started.saturating_sub(ended_before) as u64,
            sum: self.person_days_before(last + 1) - self.person_days_before(first),
            ..Tally::default()
        }
    }
}

/// A sequence of integers that counts, in any range of positions, the values below a bound,
/// in one step per bit of the largest value.
///
/// Written here because the one crate that offers this count (`wavelet-matrix`, last released
/// in 2017) panics on a sequence of one value.
struct WaveletMatrix {
    /// One per bit, the highest first: at each, the sequence stably sorted by the bits above,
    /// with this bit of each value.
    levels: Vec<BitLevel>,
}

struct BitLevel {
    bits: Vec<u64>,
    /// Ones in the words before each word.
    ones_before: Vec<u32>,
    /// How many values have a 0 at this bit (they come first at the next level).
    zeros: usize,
}

impl BitLevel {
    fn ones(&self, position: usize) -> usize {
        let (word, bit) = (position / 64, position % 64);
        let partial = self
            .bits
            .get(word)
            .map_or(0, |w| (w & ((1u64 << bit) - 1)).count_ones());
        self.ones_before[word] as usize + partial as usize
    }

    fn zeros(&self, position: usize) -> usize {
        position - self.ones(position)
    }
}

impl WaveletMatrix {
    fn new(mut values: Vec<u32>) -> Self {
        let largest = values.iter().copied().max().unwrap_or(0);
        let bit_count = u32::BITS - largest.leading_zeros();
        let mut levels = Vec::with_capacity(bit_count as usize);
        for bit in (0..bit_count).rev() {
            let mut bits = vec![0u64; values.len().div_ceil(64)];
            for (i, value) in values.iter().enumerate() {
                bits[i / 64] |= u64::from((value >> bit) & 1) << (i % 64);
            }
            let mut ones_before = Vec::with_capacity(bits.len() + 1);
            let mut ones = 0u32;
            ones_before.push(0);
            for word in &bits {
                ones += word.count_ones();
                ones_before.push(ones);
            }
            let (zero, one): (Vec<u32>, Vec<u32>) = values.iter().partition(|v| (*v >> bit) & 1 == 0);
            let zeros = zero.len();
            values = zero;
            values.extend(one);
            levels.push(BitLevel {
                bits,
                ones_before,
                zeros,
            });
        }
        Self { levels }
    }

    /// How many values at `positions` are below `bound`.
    fn count_below(&self, positions: std::ops::Range<usize>, bound: u32) -> usize {
        let (mut start, mut end) = (positions.start, positions.end.max(positions.start));
        let bit_count = self.levels.len() as u32;
        if bit_count < u32::BITS && bound >> bit_count != 0 {
            return end - start;
        }
        let mut below = 0;
        for (level, bit) in self.levels.iter().zip((0..bit_count).rev()) {
            let (zeros_to_start, zeros_to_end) = (level.zeros(start), level.zeros(end));
            if (bound >> bit) & 1 == 1 {
                // Values with a 0 here (and the bound's bits above) are below the bound.
                below += zeros_to_end - zeros_to_start;
                start = level.zeros + (start - zeros_to_start);
                end = level.zeros + (end - zeros_to_end);
            } else {
                start = zeros_to_start;
                end = zeros_to_end;
            }
        }
        below
    }
}
