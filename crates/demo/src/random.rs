//! The demo's source of randomness: one seeded generator, so the same seed gives the same
//! data set, with the helpers the cohorts need.

use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug)]
pub(crate) struct Random(ChaCha8Rng);

impl Random {
    pub(crate) fn seeded(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// An independent stream for one cohort, so adding a cohort does not reshuffle others.
    pub(crate) fn fork(&mut self, salt: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(self.0.next_u64() ^ salt))
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p.clamp(0.0, 1.0))
    }

    /// A whole number in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            low
        } else {
            self.0.random_range(low..=high)
        }
    }

    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.0.random_range(0..len.max(1))
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One of `items`, each as likely as its weight.
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut ticket = self.0.random_range(0..total.max(1));
        for (item, weight) in items {
            if ticket < u64::from(*weight) {
                return item;
            }
            ticket -= u64::from(*weight);
        }
        &items[items.len() - 1].0
    }

    /// A day in `first..=last`.
    pub(crate) fn day(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        let span = (last - first).num_days();
        first + Duration::days(self.between(0, span))
    }

    pub(crate) fn day_in_year(&mut self, year: i32) -> NaiveDate {
        self.day(ymd(year, 1, 1), ymd(year, 12, 31))
    }

    /// `k` distinct positions out of `0..n`, in ascending order.
    pub(crate) fn choose(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.index(n - i);
            all.swap(i, j);
        }
        let mut chosen = all[..k].to_vec();
        chosen.sort_unstable();
        chosen
    }

    pub(crate) fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.between(0, 9) as u8)).collect()
    }

    pub(crate) fn letters(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'A' + self.between(0, 25) as u8)).collect()
    }

    /// A date of birth giving an age in `min..=max` years on `on`.
    pub(crate) fn birth_date(&mut self, on: NaiveDate, min: i64, max: i64) -> NaiveDate {
        let age = self.between(min, max);
        let born_year = on.year() - age as i32;
        let latest = on.with_year(born_year).unwrap_or_else(|| ymd(born_year, 2, 28));
        self.day(latest - Duration::days(364), latest)
    }
}

pub(crate) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a calendar date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_draws() {
        let mut a = Random::seeded(7);
        let mut b = Random::seeded(7);
        assert_eq!(a.choose(100, 10), b.choose(100, 10));
        assert_eq!(a.day_in_year(2023), b.day_in_year(2023));
        let chosen = Random::seeded(1).choose(50, 20);
        assert_eq!(chosen.len(), 20);
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        let born = Random::seeded(3).birth_date(ymd(2024, 6, 1), 17, 17);
        assert_eq!(haven_domain::date::completed_years(born, ymd(2024, 6, 1)), 17);
    }
}
