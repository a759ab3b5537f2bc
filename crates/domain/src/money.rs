//! Amounts of money in a currency, and their US-dollar equivalent at a date's rate.
//!
//! Amounts are whole minor units (kopecks, cents) in an `i64`: exact, and summable in SQL on
//! both backends. Exchange rates are decimals, kept as text in storage.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::error::Checks;

code_list! {
    /// ISO 4217 currencies seen in the response's funding and costs.
    pub enum Currency ("ISO 4217 currency code") {
        Usd = "USD",
        Eur = "EUR",
        /// Belarusian rouble since the 2016 redenomination.
        Byn = "BYN",
        /// Belarusian rouble 2000-2016 (no minor unit in use).
        Byr = "BYR",
        Rub = "RUB",
        Uah = "UAH",
        Pln = "PLN",
        Ltl = "LTL",
        Gbp = "GBP",
        Chf = "CHF",
        Sek = "SEK",
        Nok = "NOK",
        Dkk = "DKK",
        Jpy = "JPY",
        Cny = "CNY",
        Kzt = "KZT",
        Try = "TRY",
        Ils = "ILS",
    }
}

impl Currency {
    /// Digits after the decimal point of the currency's minor unit.
    pub const fn minor_digits(self) -> u32 {
        match self {
            Self::Byr | Self::Jpy => 0,
            _ => 2,
        }
    }
}

/// A non-negative amount in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Money {
    /// Whole minor units (cents, kopecks).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Result<Self, Problem> {
        if minor < 0 {
            return Err(Problem::Negative);
        }
        Ok(Self { minor, currency })
    }

    /// The amount in major units (dollars, roubles).
    pub fn major(&self) -> Decimal {
        Decimal::new(self.minor, self.currency.minor_digits())
    }

    /// US cents at `rate`, rounded half away from zero.
    pub fn usd_cents(&self, rate: ExchangeRate) -> i64 {
        (self.major() * rate.usd_per_unit * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .unwrap_or(i64::MAX)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.major(), self.currency)
    }
}

/// US dollars for one unit of a currency, on some date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExchangeRate {
    #[serde(with = "rust_decimal::serde::str")]
    #[schemars(with = "String")]
    pub usd_per_unit: Decimal,
}

impl ExchangeRate {
    pub const ONE: Self = Self {
        usd_per_unit: Decimal::ONE,
    };

    pub fn new(usd_per_unit: Decimal) -> Result<Self, Problem> {
        if usd_per_unit <= Decimal::ZERO {
            return Err(Problem::Invalid {
                reason: format!("an exchange rate must be above zero, not {usd_per_unit}"),
            });
        }
        Ok(Self { usd_per_unit })
    }

    pub fn check(&self, checks: &mut Checks, field: &str) {
        if let Err(problem) = Self::new(self.usd_per_unit) {
            checks.push(field, problem);
        }
    }
}

impl FromStr for ExchangeRate {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rate = Decimal::from_str(s.trim()).map_err(|_| Problem::Invalid {
            reason: format!("'{s}' is not a decimal number"),
        })?;
        Self::new(rate)
    }
}

impl fmt::Display for ExchangeRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.usd_per_unit.normalize().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_equivalent_rounds_to_the_cent() {
        let byn = Money::new(1_000_000, Currency::Byn).unwrap(); // 10,000.00 BYN
        let rate: ExchangeRate = "0.3061".parse().unwrap();
        assert_eq!(byn.usd_cents(rate), 306_100);
        let byr = Money::new(21_500, Currency::Byr).unwrap();
        assert_eq!(byr.usd_cents("0.000465".parse().unwrap()), 1000); // 9.9975 -> 10.00
    }

    #[test]
    fn negative_amounts_and_rates_are_refused() {
        assert_eq!(Money::new(-1, Currency::Usd), Err(Problem::Negative));
        assert!("0".parse::<ExchangeRate>().is_err());
        assert!("abc".parse::<ExchangeRate>().is_err());
        assert!(Currency::parse("XYZ").is_err());
    }
}
