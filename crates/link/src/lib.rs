//! Record linkage: transliteration of personal names between scripts,
//! comparison keys for names in any script, linking person records into
//! persons, and a generator of synthetic multi-agency records with known
//! truth to measure it.

mod arabic;
pub mod eval;
mod forms;
pub mod generate;
pub mod linkage;
mod name_lists;
mod nation;
pub mod normalise;
pub mod record;
pub mod translit;
