//! Every deserialisation error of a TOML document in one run, not only
//! the first.
//!
//! Serde stops at the first error, so a note with five typos would take
//! five builds to fix. A syntax error does stop the parser (one error, all
//! that can honestly be said); but once the text parses, the document is
//! deserialised again and again: at each error the key or list entry the
//! parser's span points at is reported and taken out, and the rest is tried
//! again, until it deserialises or nothing is left to take out. Every error
//! keeps its own line and column, from the parser's span.
//!
//! Taking a bad value out makes its key missing; a "missing field" for a
//! key taken out is a consequence, not a new error, and is not reported.
//! A table that lacks a required key (rightly or so) is taken out of its
//! parent in turn, so the errors in its siblings are still found. Serde
//! checks for missing keys only after it has visited every key of a table,
//! so nothing is hidden by taking a table out. Each round deserialises the
//! whole document again, so a file broken throughout stops after 50
//! errors, saying so.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::toml_diagnostic;
use crate::diagnostics::Diagnostic;

/// Most errors collected from one document; the rest of a badly broken
/// file adds nothing a reader can use.
const MAX_ERRORS: usize = 50;

/// What deserialising a document gave: the value of what was left after
/// the bad keys were taken out (when that much deserialised), and every
/// error, each with `path`, line and column.
pub struct Parsed<T> {
    pub value: Option<T>,
    pub errors: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// The value when the document had no error at all.
    pub fn clean(self) -> Result<T, Vec<Diagnostic>> {
        match self.value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

/// Deserialises `text` (which starts at line `line_offset + 1` of `path`)
/// into `T`, collecting every error (see the module documentation).
pub fn from_str_all<T: DeserializeOwned>(path: &Path, text: &str, line_offset: usize) -> Parsed<T> {
    let parse = || DeTable::parse(text).map_err(|e| toml_diagnostic(path, text, &e, line_offset));
    let failed = |d| Parsed {
        value: None,
        errors: vec![d],
    };
    // The first round takes the document itself: most files have no
    // error, and a copy of each note's table was an eighth of reading it.
    let first = match parse() {
        Ok(doc) => T::deserialize(toml::de::Deserializer::from(doc)),
        Err(d) => return failed(d),
    };
    let mut e = match first {
        Ok(v) => {
            return Parsed {
                value: Some(v),
                errors: Vec::new(),
            };
        }
        Err(e) => e,
    };
    // After an error, each round takes a copy of a document parsed again,
    // some keys taken out.
    let mut doc = match parse() {
        Ok(doc) => doc,
        Err(d) => return failed(d),
    };
    let mut errors = Vec::new();
    // (span of a table, key) taken out, to know a consequent "missing field".
    let mut taken: Vec<(Range<usize>, String)> = Vec::new();
    let mut rounds = 0;
    loop {
        let missing = missing_key(e.message());
        let span = e.span();
        let consequence = match (&missing, &span) {
            (Some(key), Some(s)) => taken.iter().any(|(t, k)| t == s && explains(k, key)),
            _ => false,
        };
        if !consequence {
            errors.push(toml_diagnostic(path, text, &e, line_offset));
        }
        // Each round deserialises the whole document again: a file broken
        // throughout stops here rather than take rounds × size.
        rounds += 1;
        if errors.len() >= MAX_ERRORS || rounds >= 4 * MAX_ERRORS {
            errors.push(Diagnostic::error(
                path,
                0,
                crate::msg!("toml_stopped", count = errors.len()),
            ));
            break;
        }
        let root = doc.span();
        let Some(span) = span.filter(|s| *s != root) else {
            break;
        };
        match take_out(doc.get_mut(), &root, &span) {
            Some(t) => taken.push(t),
            None => break,
        }
        e = match T::deserialize(toml::de::Deserializer::from(doc.clone())) {
            Ok(v) => {
                return Parsed {
                    value: Some(v),
                    errors,
                };
            }
            Err(e) => e,
        };
    }
    Parsed {
        value: None,
        errors,
    }
}

/// Whether taking out `taken` explains a missing `key`: the same key (its
/// value was bad), or a misspelling of it (`titel` for `title`), already
/// reported with a "did you mean".
fn explains(taken: &str, key: &str) -> bool {
    taken == key || crate::diagnostics::suggest(taken, [key]).is_some()
}

/// The key of serde's "missing field `key`".
fn missing_key(message: &str) -> Option<String> {
    let rest = message.split("missing field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// Takes out of `table` (whose span is `own`) the innermost key whose key
/// or value holds `at`, or the list entry that does; a table whose own span
/// is `at` (a missing key) goes as a whole. Returns the table and key taken
/// out (a list entry gives an empty key), `None` if nothing holds `at`.
fn take_out(
    table: &mut DeTable,
    own: &Range<usize>,
    at: &Range<usize>,
) -> Option<(Range<usize>, String)> {
    let key = table
        .iter()
        .find(|(k, v)| holds(&k.span(), at) || contains(v, at))
        .map(|(k, _)| k.clone())?;
    if !holds(&key.span(), at) {
        let value = table.get_mut(&key)?;
        let span = value.span();
        if let Some(t) = take_inside(value.get_mut(), &span, at) {
            return Some(t);
        }
    }
    table.remove(&key);
    Some((own.clone(), key.into_inner().into_owned()))
}

/// Takes out what holds `at` inside a table or list value; `None` when
/// the value itself is what must go.
fn take_inside(
    value: &mut DeValue,
    own: &Range<usize>,
    at: &Range<usize>,
) -> Option<(Range<usize>, String)> {
    match value {
        DeValue::Table(t) if own != at => take_out(t, own, at),
        DeValue::Array(items) => {
            let i = items.iter().position(|v| contains(v, at))?;
            let span = items[i].span();
            if span != *at
                && let Some(t) = take_inside(items.as_mut()[i].get_mut(), &span, at)
            {
                return Some(t);
            }
            remove_entry(items, i);
            Some((own.clone(), String::new()))
        }
        _ => None,
    }
}

fn remove_entry(items: &mut DeArray, i: usize) {
    let kept: DeArray = std::mem::replace(items, DeArray::new())
        .into_iter()
        .enumerate()
        .filter(|&(k, _)| k != i)
        .map(|(_, v): (usize, Spanned<DeValue>)| v)
        .collect();
    *items = kept;
}

/// Whether `value` holds `at`. A list of tables (`[[items]]`) has the
/// span of its first header, not of its entries, so lists and tables are
/// searched too.
fn contains(value: &Spanned<DeValue>, at: &Range<usize>) -> bool {
    holds(&value.span(), at)
        || match value.get_ref() {
            DeValue::Array(items) => items.iter().any(|v| contains(v, at)),
            DeValue::Table(t) => t
                .iter()
                .any(|(k, v)| holds(&k.span(), at) || contains(v, at)),
            _ => false,
        }
}

fn holds(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        n: u32,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        kind: Kind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        A,
        B,
    }

    fn lines(text: &str) -> Vec<(usize, String)> {
        let p = from_str_all::<Doc>(Path::new("x.toml"), text, 0);
        p.errors
            .iter()
            .map(|d| (d.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn a_clean_document_deserialises() {
        let p = from_str_all::<Doc>(Path::new("x.toml"), "title = \"t\"\nn = 2\n", 0);
        assert_eq!(p.clean().unwrap().n, 2);
    }

    #[test]
    fn every_error_is_reported_once_at_its_line() {
        let text = "titel = \"t\"\nn = \"two\"\ntags = [\"a\", 3]\n\
                    [[items]]\nid = \"1\"\nkind = \"c\"\n\
                    [[items]]\nid = \"2\"\nkind = \"a\"\ncolour = 1\n\
                    [[items]]\nkind = \"b\"\n";
        let got = lines(text);
        let at: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
        // Line 1 unknown key; 2 wrong type; 3 a number in a list of text;
        // 6 unknown value (its "missing field kind" is a consequence, not
        // reported); 10 unknown key; 11 the third item lacks `id` (reported
        // at its table). The root then lacks `title`: explained by `titel`,
        // whose hint names it, so not reported again.
        assert_eq!(got.len(), 6, "{got:?}");
        for line in [1, 2, 3, 6, 10, 11] {
            assert!(at.contains(&line), "line {line}: {got:?}");
        }
        assert!(got.iter().any(|(_, m)| m.contains("unknown key `titel`")));
        assert!(got.iter().any(|(_, m)| m.contains("unknown value \"c\"")));
        assert_eq!(
            got.iter()
                .filter(|(_, m)| m.contains("missing field `kind`"))
                .count(),
            0,
            "{got:?}"
        );
        assert!(got.iter().any(|(_, m)| m.contains("missing field `id`")));
        assert!(!got.iter().any(|(_, m)| m.contains("missing field `title`")));
    }

    #[test]
    fn a_file_broken_throughout_stops_after_fifty_errors() {
        let text: String = (0..200).map(|i| format!("bad{i} = 1\n")).collect();
        let got = lines(&format!("title = \"t\"\n{text}"));
        assert_eq!(got.len(), MAX_ERRORS + 1);
        assert!(
            got[..MAX_ERRORS]
                .iter()
                .all(|(_, m)| m.contains("unknown key `bad"))
        );
        assert!(
            got[MAX_ERRORS].1.contains("stopped after 50 errors"),
            "{:?}",
            got.last()
        );
    }

    #[test]
    fn a_syntax_error_is_one_error() {
        let got = lines("title = \"t\"\nn = = 2\ntags = 3\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, 2);
    }

    #[test]
    fn what_is_left_still_deserialises() {
        let p = from_str_all::<Doc>(
            Path::new("x.toml"),
            "title = \"t\"\nn = -1\ntags = [\"a\"]\n",
            0,
        );
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.value.unwrap().tags, ["a"]);
    }
}
