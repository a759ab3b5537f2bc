//! Record linkage: transliteration of personal names between scripts,
//! comparison keys for names in any script, and a generator of synthetic
//! multi-agency records with known truth.

mod arabic;
pub mod generate;
pub mod normalise;
pub mod record;
pub mod translit;
