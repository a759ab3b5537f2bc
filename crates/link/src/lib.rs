//! Record linkage: transliteration of personal names between scripts, and
//! comparison keys for names in any script.

mod arabic;
pub mod normalise;
pub mod translit;
