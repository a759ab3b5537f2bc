//! Identities of synthetic people: names, dates of birth, documents.

use chrono::{Datelike, NaiveDate};
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::ids::OrgId;
use haven_domain::person::{Contact, ContactKind, DocumentKind, Identity, IdentityDocument, NewPerson, Sex};

use crate::names::Names;
use crate::random::Random;

pub(crate) fn country(alpha3: &str) -> CountryCode {
    CountryCode::parse(alpha3).expect("a country in the table")
}

/// A Belarusian passport number: two letters of a series and seven digits.
fn belarusian_passport(r: &mut Random) -> String {
    const SERIES: [&str; 8] = ["AB", "BM", "HB", "KH", "MP", "MC", "KB", "PP"];
    format!("{}{}", r.pick(&SERIES), r.digits(7))
}

fn phone(r: &mut Random) -> String {
    let operator = *r.pick(&["29", "33", "44", "25"]);
    format!("+375 {operator} {} {} {}", r.digits(3), r.digits(2), r.digits(2))
}

/// A citizen of Belarus with a full date of birth and a passport.
pub(crate) fn belarusian(
    r: &mut Random,
    sex: Sex,
    born: NaiveDate,
    police: Option<OrgId>,
    ngo: Option<OrgId>,
) -> NewPerson {
    let name = Names::get().slavic(r, sex);
    let mut documents = Vec::new();
    if born.year() <= 2008 || r.chance(0.3) {
        documents.push(IdentityDocument {
            kind: DocumentKind::Passport,
            issuing_country: CountryCode::BELARUS,
            number: belarusian_passport(r),
            valid_until: None,
        });
    }
    let contacts = if r.chance(0.6) {
        vec![Contact {
            kind: ContactKind::Phone,
            value: phone(r),
        }]
    } else {
        Vec::new()
    };
    NewPerson {
        sex,
        citizenships: vec![CountryCode::BELARUS],
        identity: Identity {
            names: name.belarusian(r, police, ngo),
            birth_date: Some(PartialDate::full(born)),
            documents,
            contacts,
        },
    }
}

/// A citizen of Ukraine living in Belarus.
pub(crate) fn ukrainian(r: &mut Random, sex: Sex, born: NaiveDate, migration: Option<OrgId>) -> NewPerson {
    let name = Names::get().slavic(r, sex);
    let document = if r.chance(0.5) {
        IdentityDocument {
            kind: DocumentKind::Passport,
            issuing_country: CountryCode::UKRAINE,
            number: format!("{}{}", r.letters(2), r.digits(6)),
            valid_until: None,
        }
    } else {
        IdentityDocument {
            kind: DocumentKind::NationalId,
            issuing_country: CountryCode::UKRAINE,
            number: r.digits(9),
            valid_until: None,
        }
    };
    NewPerson {
        sex,
        citizenships: vec![CountryCode::UKRAINE],
        identity: Identity {
            names: name.ukrainian(migration),
            birth_date: Some(PartialDate::full(born)),
            documents: vec![document],
            contacts: Vec::new(),
        },
    }
}

/// A foreigner from `alpha3`: names as several agencies write them, a date of birth that is
/// often known only to the year, and a passport for some.
pub(crate) fn foreigner(
    r: &mut Random,
    alpha3: &str,
    sex: Sex,
    born: NaiveDate,
    recorded_by: [Option<OrgId>; 2],
) -> NewPerson {
    let birth_date = match r.between(0, 9) {
        0..=4 => PartialDate::year(born.year()).ok(),
        5..=8 => Some(PartialDate::full(born)),
        _ => None,
    };
    let documents = if r.chance(0.6) {
        vec![IdentityDocument {
            kind: DocumentKind::Passport,
            issuing_country: country(alpha3),
            number: format!("{}{}", r.letters(1), r.digits(8)),
            valid_until: None,
        }]
    } else {
        Vec::new()
    };
    NewPerson {
        sex,
        citizenships: vec![country(alpha3)],
        identity: Identity {
            names: Names::get().migrant(r, alpha3, sex, recorded_by),
            birth_date,
            documents,
            contacts: Vec::new(),
        },
    }
}
