//! A row of a file as a record: each column names a path in the record (`details.detected_on`,
//! `amount.currency`) and holds text, and the domain's own `Deserialize` types read it. Numbers
//! and flags are parsed when the type asks for one; a list is written `a;b;c` in one cell; an
//! empty cell is an absent value; a part whose cells are all empty (a decision not yet taken)
//! is absent as a whole.
//!
//! Written here because no crate reads dotted column names into nested types with values
//! parsed on demand: `serde_json::Value` would need every number typed in advance, and the
//! query-string crates need bracket syntax and URL encoding.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// Why a row could not be read, and at which column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatError {
    pub path: Option<String>,
    pub message: String,
}

impl FlatError {
    fn at(mut self, path: &str) -> Self {
        if self.path.is_none() && !path.is_empty() {
            self.path = Some(path.to_owned());
        }
        self
    }
}

impl fmt::Display for FlatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FlatError {}

impl de::Error for FlatError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            path: None,
            message: msg.to_string(),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            path: Some(field.to_owned()),
            message: "a value is required".into(),
        }
    }
}

/// Cells by path, as a tree.
#[derive(Debug, Default)]
pub struct Tree {
    children: BTreeMap<String, Tree>,
    value: Option<String>,
}

impl Tree {
    /// A tree of `(path, text)` cells; text is trimmed.
    pub fn new<'a>(cells: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut root = Tree::default();
        for (path, text) in cells {
            let mut node = &mut root;
            for key in path.split('.') {
                node = node.children.entry(key.to_owned()).or_default();
            }
            node.value = Some(text.trim().to_owned());
        }
        root
    }

    fn is_blank(&self) -> bool {
        self.value.as_deref().is_none_or(str::is_empty) && self.children.values().all(Tree::is_blank)
    }
}

/// Read a record of type `T` from the tree, and say which paths it has no field for.
pub fn read<T: de::DeserializeOwned>(tree: &Tree) -> Result<(T, BTreeSet<String>), FlatError> {
    let seen = RefCell::new(Seen::default());
    let value = T::deserialize(Node {
        tree: Some(tree),
        path: "",
        seen: &seen,
    })?;
    let mut unused = BTreeSet::new();
    collect_unused(tree, "", &seen.borrow(), &mut unused);
    Ok((value, unused))
}

/// The paths a record read: cells it used, and parts it took as absent as a whole.
#[derive(Default)]
struct Seen {
    used: BTreeSet<String>,
    absent: BTreeSet<String>,
}

fn collect_unused(tree: &Tree, path: &str, seen: &Seen, unused: &mut BTreeSet<String>) {
    if seen.absent.contains(path) {
        return;
    }
    if tree.value.is_some() && !seen.used.contains(path) {
        unused.insert(path.to_owned());
    }
    for (key, child) in &tree.children {
        collect_unused(child, &join(path, key), seen, unused);
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// One place in the tree; `None` where the record has a field the file has no column for.
#[derive(Clone, Copy)]
struct Node<'t, 's> {
    tree: Option<&'t Tree>,
    seen: &'s RefCell<Seen>,
    path: &'t str,
}

impl<'t> Node<'t, '_> {
    fn text(&self) -> Option<&'t str> {
        self.tree
            .and_then(|t| t.value.as_deref())
            .filter(|text| !text.is_empty())
    }

    fn blank(&self) -> bool {
        self.tree.is_none_or(Tree::is_blank)
    }

    fn mark_seen(&self) {
        self.seen.borrow_mut().used.insert(self.path.to_owned());
    }

    fn required(&self) -> Result<&'t str, FlatError> {
        self.text().ok_or_else(|| FlatError {
            path: Some(self.path.to_owned()),
            message: "a value is required".into(),
        })
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, FlatError> {
        let text = self.required()?;
        text.parse().map_err(|_| FlatError {
            path: Some(self.path.to_owned()),
            message: format!("'{text}' is not {what}"),
        })
    }
}

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $ty:ty, $what:literal;)+) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
            self.mark_seen();
            let value: $ty = self.parse($what)?;
            visitor.$visit(value).map_err(|e: FlatError| e.at(self.path))
        })+
    };
}

impl<'de> de::Deserializer<'de> for Node<'_, '_> {
    type Error = FlatError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        match self.tree {
            Some(tree) if !tree.children.is_empty() => self.deserialize_map(visitor),
            _ => self.deserialize_str(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.mark_seen();
        let text = self.required()?;
        let value = match text.to_lowercase().as_str() {
            "1" | "true" | "yes" | "y" => true,
            "0" | "false" | "no" | "n" => false,
            _ => {
                return Err(FlatError {
                    path: Some(self.path.to_owned()),
                    message: format!("'{text}' is not yes or no (1/0, true/false)"),
                });
            }
        };
        visitor.visit_bool(value).map_err(|e: FlatError| e.at(self.path))
    }

    parse_number! {
        deserialize_i8 => visit_i8: i8, "a whole number";
        deserialize_i16 => visit_i16: i16, "a whole number";
        deserialize_i32 => visit_i32: i32, "a whole number";
        deserialize_i64 => visit_i64: i64, "a whole number";
        deserialize_u8 => visit_u8: u8, "a whole number of at least 0";
        deserialize_u16 => visit_u16: u16, "a whole number of at least 0";
        deserialize_u32 => visit_u32: u32, "a whole number of at least 0";
        deserialize_u64 => visit_u64: u64, "a whole number of at least 0";
        deserialize_f32 => visit_f32: f32, "a number";
        deserialize_f64 => visit_f64: f64, "a number";
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.mark_seen();
        let text = self.required()?;
        visitor.visit_str(text).map_err(|e: FlatError| e.at(self.path))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        if self.blank() {
            self.seen.borrow_mut().absent.insert(self.path.to_owned());
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.mark_seen();
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, FlatError> {
        visitor.visit_newtype_struct(self)
    }

    /// A list: `a;b;c` in one cell, or numbered columns (`names.0.family`, `names.1.family`).
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.mark_seen();
        match self.tree {
            Some(tree) if !tree.children.is_empty() => {
                let mut items: Vec<(usize, String, &Tree)> = Vec::new();
                for (key, child) in &tree.children {
                    let index = key.parse::<usize>().map_err(|_| FlatError {
                        path: Some(join(self.path, key)),
                        message: "a list's columns are numbered (0, 1, 2...)".into(),
                    })?;
                    if !child.is_blank() {
                        items.push((index, join(self.path, key), child));
                    }
                }
                items.sort_by_key(|(index, _, _)| *index);
                let items: Vec<(String, &Tree)> = items.into_iter().map(|(_, p, t)| (p, t)).collect();
                visitor.visit_seq(Branches {
                    items: items.iter(),
                    seen: self.seen,
                })
            }
            _ => {
                let pieces: Vec<&str> = self
                    .text()
                    .map(|text| text.split(';').map(str::trim).filter(|p| !p.is_empty()).collect())
                    .unwrap_or_default();
                visitor
                    .visit_seq(Pieces {
                        pieces: pieces.into_iter(),
                    })
                    .map_err(|e: FlatError| e.at(self.path))
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, FlatError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.mark_seen();
        let fields: Vec<&str> = self
            .tree
            .map(|t| t.children.keys().map(String::as_str).collect())
            .unwrap_or_default();
        visitor.visit_map(Fields::new(self, fields))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FlatError> {
        visitor.visit_map(Fields::new(self, fields.to_vec()))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FlatError> {
        self.mark_seen();
        let text = self.required()?;
        let code: StrDeserializer<'_, FlatError> = text.into_deserializer();
        visitor.visit_enum(code).map_err(|e: FlatError| e.at(self.path))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FlatError> {
        visitor.visit_unit()
    }
}

/// A struct's fields (or a map's keys), each read from its own child.
struct Fields<'t, 's> {
    node: Node<'t, 's>,
    names: std::vec::IntoIter<&'t str>,
    current: Option<(String, Option<&'t Tree>)>,
}

impl<'t, 's> Fields<'t, 's> {
    fn new(node: Node<'t, 's>, names: Vec<&'t str>) -> Self {
        Self {
            node,
            names: names.into_iter(),
            current: None,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'_, '_> {
    type Error = FlatError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, FlatError> {
        let Some(name) = self.names.next() else {
            return Ok(None);
        };
        let child = self.node.tree.and_then(|t| t.children.get(name));
        self.current = Some((join(self.node.path, name), child));
        let key: StrDeserializer<'_, FlatError> = name.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, FlatError> {
        let (path, tree) = self.current.take().expect("serde asks for a value after its key");
        seed.deserialize(Node {
            tree,
            seen: self.node.seen,
            path: &path,
        })
        .map_err(|e: FlatError| e.at(&path))
    }
}

/// A list given as numbered columns.
struct Branches<'i, 't, 's> {
    items: std::slice::Iter<'i, (String, &'t Tree)>,
    seen: &'s RefCell<Seen>,
}

impl<'de> SeqAccess<'de> for Branches<'_, '_, '_> {
    type Error = FlatError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, FlatError> {
        let Some((path, tree)) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(Node {
            tree: Some(tree),
            seen: self.seen,
            path,
        })
        .map(Some)
        .map_err(|e: FlatError| e.at(path))
    }
}

/// A list written in one cell.
struct Pieces<'a> {
    pieces: std::vec::IntoIter<&'a str>,
}

impl<'de> SeqAccess<'de> for Pieces<'_> {
    type Error = FlatError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, FlatError> {
        let Some(piece) = self.pieces.next() else {
            return Ok(None);
        };
        let tree = Tree {
            children: BTreeMap::new(),
            value: Some(piece.to_owned()),
        };
        let seen = RefCell::new(Seen::default());
        seed.deserialize(Node {
            tree: Some(&tree),
            seen: &seen,
            path: "",
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use haven_domain::case::{Exploitation, TraffickingDetails, TraffickingStatus};
    use haven_domain::money::Money;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Sample {
        count: Option<i64>,
        flag: bool,
        codes: Vec<Exploitation>,
        cost: Option<Money>,
    }

    fn tree(cells: &[(&str, &str)]) -> Tree {
        Tree::new(cells.iter().copied())
    }

    #[test]
    fn cells_become_typed_values_by_their_paths() {
        let (sample, unused): (Sample, _) = read(&tree(&[
            ("count", " 12 "),
            ("flag", "yes"),
            ("codes", "SexualExploitation; ForcedLabour"),
            ("cost.minor", "1500"),
            ("cost.currency", "BYN"),
            ("extra", "x"),
        ]))
        .unwrap();
        assert_eq!(sample.count, Some(12));
        assert!(sample.flag);
        assert_eq!(
            sample.codes,
            vec![Exploitation::SexualExploitation, Exploitation::ForcedLabour]
        );
        assert_eq!(sample.cost.unwrap().minor, 1500);
        assert_eq!(unused.into_iter().collect::<Vec<_>>(), vec!["extra".to_owned()]);
    }

    #[test]
    fn empty_cells_are_absent_values_and_a_blank_part_is_absent() {
        let (sample, unused): (Sample, _) = read(&tree(&[
            ("count", ""),
            ("flag", "0"),
            ("codes", ""),
            ("cost.minor", ""),
            ("cost.currency", " "),
        ]))
        .unwrap();
        assert_eq!(
            sample,
            Sample {
                count: None,
                flag: false,
                codes: vec![],
                cost: None
            }
        );
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn a_bad_value_names_its_column_and_what_was_expected() {
        let error = read::<Sample>(&tree(&[("count", "twelve"), ("flag", "1")])).unwrap_err();
        assert_eq!(error.path.as_deref(), Some("count"));
        assert_eq!(error.message, "'twelve' is not a whole number");
        let error = read::<Sample>(&tree(&[("flag", "1"), ("codes", "ForcedLabour;begging?")])).unwrap_err();
        assert_eq!(error.path.as_deref(), Some("codes"));
        assert!(error.message.contains("begging?"), "{}", error.message);
        let error = read::<Sample>(&tree(&[("codes", "ForcedLabour")])).unwrap_err();
        assert_eq!(error.path.as_deref(), Some("flag"));
        assert_eq!(error.message, "a value is required");
        let error = read::<Sample>(&tree(&[("flag", "1"), ("cost.minor", "5")])).unwrap_err();
        assert_eq!(error.path.as_deref(), Some("cost.currency"));
    }

    #[test]
    fn a_domain_record_is_read_whole() {
        let (details, _): (TraffickingDetails, _) = read(&tree(&[
            ("status", "ActualVictimOfTrafficking"),
            ("detected_on", "2023-04-01"),
            ("exploitation", "ForcedLabour"),
            ("exploitation_country", "RUS"),
        ]))
        .unwrap();
        assert_eq!(details.status, TraffickingStatus::Actual);
        assert_eq!(details.detected_on, NaiveDate::from_ymd_opt(2023, 4, 1).unwrap());
        assert_eq!(details.exploitation_country.unwrap().as_str(), "RUS");
        assert!(details.transit_countries.is_empty());
    }
}
