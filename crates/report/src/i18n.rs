//! The report's words in English, Russian and Belarusian (Fluent, with each language's plural
//! rules: Russian and Belarusian choose between one, few and many).

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::Serialize;
use unic_langid::LanguageIdentifier;

/// A language Haven writes reports in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ru,
    Be,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Be];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Be => "be",
        }
    }

    /// The language of a code (`en`, `ru`, `be`), if Haven speaks it.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Ru => include_str!("../locales/ru.ftl"),
            Lang::Be => include_str!("../locales/be.ftl"),
        }
    }
}

/// The messages of one language.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages").finish_non_exhaustive()
    }
}

impl Messages {
    /// The report's messages.
    pub fn new(lang: Lang) -> Self {
        Self::from_ftl(lang, lang.source())
    }

    /// Messages of another part of Haven (the web application has its own files).
    pub fn from_ftl(lang: Lang, source: &str) -> Self {
        let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        // Isolation marks around values would land in PDFs and CSVs as invisible characters.
        bundle.set_use_isolating(false);
        // The files are part of the program and checked by tests; a syntax error in one
        // surfaces there, and the messages that did parse are still used.
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
        Self { bundle }
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id` with its arguments; the id itself if the message is missing, so that
    /// a gap shows on the page rather than failing the report.
    pub fn text(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

/// The ids of the messages in a Fluent file, sorted: for tests that every language has every
/// message. A syntax error is returned as text.
pub fn message_ids(source: &str) -> Result<Vec<String>, String> {
    let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| format!("{errors:?}"))?;
    let mut ids: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect();
    ids.sort();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message() {
        let english = message_ids(Lang::En.source()).expect("the file parses");
        assert!(english.len() > 30);
        for lang in [Lang::Ru, Lang::Be] {
            assert_eq!(
                message_ids(lang.source()).expect("the file parses"),
                english,
                "{lang:?} has the same messages as English"
            );
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let text = |lang, n: f64| {
            Messages::new(lang).text(
                "migration-irregular_migrants-detained",
                &[("value", n.to_string().into()), ("n", n.into())],
            )
        };
        assert!(text(Lang::En, 1.0).contains("1 person was"));
        assert!(text(Lang::En, 2.0).contains("2 people were"));
        assert!(text(Lang::Ru, 2.0).contains("2 человека"));
        assert!(text(Lang::Ru, 5.0).contains("5 человек"));
        assert!(text(Lang::Be, 3.0).contains("3 чалавекі"));
    }
}
