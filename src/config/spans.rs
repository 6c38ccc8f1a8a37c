//! Where a value of the configuration file is, from the parser's spans.
//!
//! The checks of [`super::validate`] judge values that deserialising alone
//! cannot (names that must exist, colours, the time zone …) and report
//! each problem at the value itself. Searching the text for the value
//! would find the first place it is written, often another key's (a
//! colour shared by two categories, `p_value` of `[hotspots]` and of
//! `[effects]`); the parser knows where each key's value is.

use toml::de::{DeTable, DeValue};

/// One step of a path into the document: a key of a table, or an entry
/// of an array (`[[categories]]` number k).
#[derive(Debug, Clone, Copy)]
pub(super) enum Seg<'s> {
    Key(&'s str),
    At(usize),
}

/// The parsed document, for its spans.
pub(super) struct Spans<'t> {
    doc: Option<DeTable<'t>>,
}

impl<'t> Spans<'t> {
    pub(super) fn new(text: &'t str) -> Spans<'t> {
        Spans {
            doc: DeTable::parse(text).ok().map(|d| d.into_inner()),
        }
    }

    /// The offset of the value at `path`; of the deepest part of it found
    /// when the rest is not written (a default), else 0.
    pub(super) fn at(&self, path: &[Seg]) -> usize {
        let Some(doc) = &self.doc else { return 0 };
        let mut offset = 0;
        let mut table = Some(doc);
        let mut array: Option<&toml::de::DeArray> = None;
        for seg in path {
            let value = match (seg, table, array) {
                (Seg::Key(k), Some(t), _) => t
                    .iter()
                    .find(|(key, _)| key.get_ref().as_ref() == *k)
                    .map(|(_, v)| v),
                (Seg::At(i), _, Some(items)) => items.get(*i),
                _ => None,
            };
            let Some(value) = value else { break };
            offset = value.span().start;
            (table, array) = match value.get_ref() {
                DeValue::Table(t) => (Some(t), None),
                DeValue::Array(items) => (None, Some(items)),
                _ => (None, None),
            };
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::Seg::{At, Key};
    use super::*;

    const TEXT: &str = "\
[hotspots]
p_value = 2.0

[effects]
p_value = 3.0

[[categories]]
id = \"a\"
colour = \"#ff0000\"

[[categories]]
id = \"b\"
colour = \"#ff0000\"
aliases = [\"x\", \"y\"]
";

    fn found(path: &[Seg]) -> &'static str {
        let at = Spans::new(TEXT).at(path);
        TEXT[at..].lines().next().unwrap()
    }

    #[test]
    fn each_value_where_it_is_written() {
        assert_eq!(found(&[Key("effects"), Key("p_value")]), "3.0");
        assert_eq!(found(&[Key("hotspots"), Key("p_value")]), "2.0");
        // The second category's colour, not the first one's same text.
        let second = found(&[Key("categories"), At(1), Key("colour")]);
        assert_eq!(second, "\"#ff0000\"");
        let at = Spans::new(TEXT).at(&[Key("categories"), At(1), Key("colour")]);
        assert!(at > TEXT.find("id = \"b\"").unwrap());
        assert_eq!(
            found(&[Key("categories"), At(1), Key("aliases"), At(1)]),
            "\"y\"]"
        );
        // A key not written: the deepest part found.
        let table = Spans::new(TEXT).at(&[Key("categories"), At(0), Key("label")]);
        assert!(
            TEXT[table..].starts_with("[[categories]]\nid = \"a\""),
            "{}",
            &TEXT[table..]
        );
        assert_eq!(Spans::new("= broken").at(&[Key("a")]), 0);
    }
}
