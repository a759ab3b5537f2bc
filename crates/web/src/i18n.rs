//! The web application's words in English, Russian and Belarusian (Fluent files in
//! `locales/`), with the report's loader and plural rules.

use std::cell::RefCell;

use haven_report::i18n::{Lang, Messages};

/// Each language's Fluent file.
pub const WEB_MESSAGES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../locales/en.ftl")),
    (Lang::Ru, include_str!("../locales/ru.ftl")),
    (Lang::Be, include_str!("../locales/be.ftl")),
];

thread_local! {
    // A Fluent bundle is not `Sync`; one parsed set per worker thread costs little.
    static BUNDLES: RefCell<Vec<(Lang, Messages)>> = const { RefCell::new(Vec::new()) };
}

/// The words of one language, for a page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    pub fn code(self) -> &'static str {
        self.lang.code()
    }

    /// The message `id`.
    pub fn t(self, id: &str) -> String {
        self.with_args(id, &[])
    }

    /// A code-list value in words: the message `code-{list}-{code}`.
    pub fn value(self, list: &str, code: &str) -> String {
        self.t(&format!("code-{list}-{code}"))
    }

    /// The message `id` with a count, for plural forms.
    /// (Askama hands fields over by reference, hence `Borrow`.)
    pub fn n(self, id: &str, count: impl std::borrow::Borrow<usize>) -> String {
        self.with_args(id, &[("n", (*count.borrow() as f64).into())])
    }

    pub fn with_args(self, id: &str, args: &[(&str, fluent_bundle::FluentValue)]) -> String {
        BUNDLES.with(|cell| {
            let mut bundles = cell.borrow_mut();
            if !bundles.iter().any(|(lang, _)| *lang == self.lang) {
                let source = WEB_MESSAGES
                    .iter()
                    .find(|(lang, _)| *lang == self.lang)
                    .map_or("", |(_, source)| *source);
                bundles.push((self.lang, Messages::from_ftl(self.lang, source)));
            }
            bundles
                .iter()
                .find(|(lang, _)| *lang == self.lang)
                .map_or_else(|| id.to_owned(), |(_, messages)| messages.text(id, args))
        })
    }
}
