//! Code lists (picklists): closed sets of values, each with its stable code.
//!
//! Codes are what is stored, exported and typed in imports. Lists taken from the HTCDS v2
//! standard keep its value names exactly (`ForcedLabour`), so an HTCDS export needs no
//! mapping; Haven's own lists use snake_case codes.

/// Declares a code list: an enum whose variants each have a code, with `ALL`, `code()`,
/// `parse()` (an unknown code is a [`Problem::UnknownCode`](crate::Problem) naming the list),
/// `Display`, `FromStr` and serde as the code string.
#[macro_export]
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($label:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// What the list is called in error messages.
            #[allow(dead_code)]
            pub const LIST: &'static str = $label;

            /// The stable code stored and exported for this value.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            /// The value for a code; surrounding white space is ignored.
            pub fn parse(code: &str) -> Result<Self, $crate::Problem> {
                match code.trim() {
                    $($code => Ok(Self::$variant),)+
                    other => Err($crate::Problem::UnknownCode {
                        list: $label,
                        value: other.to_owned(),
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::Problem;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [$($code),+] })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::parse(&code).map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// Parse a list of codes, naming the position of a bad one (`field[2]`) and any duplicate.
pub fn parse_codes<T, S>(
    checks: &mut crate::error::Checks,
    field: &str,
    codes: &[S],
    parse: impl Fn(&str) -> Result<T, crate::Problem>,
) -> Vec<T>
where
    T: PartialEq,
    S: AsRef<str>,
{
    let mut values = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        if let Some(value) = checks.result(&format!("{field}[{i}]"), parse(code.as_ref())) {
            if values.contains(&value) {
                checks.push(
                    &format!("{field}[{i}]"),
                    crate::Problem::Duplicate {
                        value: code.as_ref().trim().to_owned(),
                    },
                );
            } else {
                values.push(value);
            }
        }
    }
    values
}

/// Report a duplicate in a list of already typed values.
pub fn check_unique<T: PartialEq + std::fmt::Display>(checks: &mut crate::error::Checks, field: &str, values: &[T]) {
    for (i, value) in values.iter().enumerate() {
        if values[..i].contains(value) {
            checks.push(
                &format!("{field}[{i}]"),
                crate::Problem::Duplicate {
                    value: value.to_string(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Problem;

    code_list! {
        /// A test list.
        enum Colour ("colour") {
            Red = "red",
            Green = "green",
        }
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_name_the_list() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.code()), Ok(*c));
        }
        assert_eq!(
            Colour::parse("blue"),
            Err(Problem::UnknownCode {
                list: "colour",
                value: "blue".into()
            })
        );
        let json = serde_json::to_string(&Colour::Green).unwrap();
        assert_eq!(json, "\"green\"");
        let err = serde_json::from_str::<Colour>("\"mauve\"").unwrap_err();
        assert!(err.to_string().contains("'mauve' is not a known colour"));
    }
}
