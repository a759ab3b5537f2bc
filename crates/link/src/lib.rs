//! Record linkage: transliteration of personal names between scripts.

pub mod translit;
