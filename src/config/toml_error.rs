//! Turning a TOML/serde error into a diagnostic with line, column and hint.
//!
//! Shared by the configuration, the place register and the front matter of
//! notes, which all are TOML deserialised into structs that deny unknown keys.

use std::path::Path;

use crate::diagnostics::{Diagnostic, suggest};

/// A diagnostic for a TOML error in `text`, a document that starts at line
/// `line_offset + 1` of `path` (front matter starts below the `+++` line).
pub fn toml_diagnostic(
    path: &Path,
    text: &str,
    err: &toml::de::Error,
    line_offset: usize,
) -> Diagnostic {
    let raw = err.message().trim().to_string();
    let (mut message, mut hint) = explain(&raw);
    if let Some(span) = err.span() {
        let (_, _, line) = crate::diagnostics::locate(text, span.start);
        let at = &text[span.start.min(text.len())..];
        if let Some((m, h)) = explain_at(&raw, line, at) {
            message = m;
            hint = h.or(hint);
        }
    }
    let mut d = Diagnostic::error(path, 0, framed(message)).with_hint(hint);
    if let Some(span) = err.span() {
        d = d.at_offset(text, span.start);
        d.line += line_offset;
    }
    d
}

/// A message of the toml crate or serde in the catalogue's frame (a
/// missing key told outright); one of ours, from a custom serde error, as
/// it is.
fn framed(message: String) -> String {
    if crate::messages::made_here(&message) {
        return message;
    }
    if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return crate::msg!("toml_missing_key", key = key);
    }
    crate::msg!("toml_detail", detail = message)
}

/// Rewrites messages that need the text where the error is: a single
/// table (`[categories]`) where a list of tables is expected, a text value
/// without quotes.
fn explain_at(raw: &str, line: &str, at: &str) -> Option<(String, Option<String>)> {
    let l = line.trim();
    if raw.contains("expected a sequence")
        && l.starts_with('[')
        && !l.starts_with("[[")
        && let Some(name) = l.strip_prefix('[').and_then(|r| r.split(']').next())
    {
        return Some((crate::msg!("toml_single_table", name = name), None));
    }
    let word: String = at
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
        .collect();
    let unquoted = word.chars().next().is_some_and(char::is_alphabetic)
        && word != "true"
        && word != "false"
        && !raw.starts_with("unknown")
        && !raw.starts_with("missing")
        && !raw.starts_with("duplicate")
        && l.contains('=');
    if unquoted {
        let shown = crate::diagnostics::echo(&word);
        return Some((
            crate::msg!("toml_unquoted", value = shown),
            Some(crate::msg!("toml_unquoted_hint", value = shown)),
        ));
    }
    None
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into
/// "unknown key `x`" plus a close match, an unknown value likewise, type
/// names such as `f64` into words, and leaves other messages as they are.
fn explain(raw: &str) -> (String, Option<String>) {
    if let Some(i) = raw.find("unknown variant `") {
        let rest = &raw[i + "unknown variant `".len()..];
        if let Some((value, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let message = crate::msg!(
                "toml_unknown_value",
                before = &raw[..i],
                value = crate::diagnostics::echo(value),
                expected = quote_list(&candidates)
            );
            return (message, suggest(value, candidates.iter().copied()));
        }
    }
    let Some(i) = raw.find("unknown field `") else {
        return (plain_types(raw), None);
    };
    let rest = &raw[i + "unknown field `".len()..];
    let Some((key, expected)) = rest.split_once('`') else {
        return (raw.to_string(), None);
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let message = crate::msg!(
        "toml_unknown_key",
        key = key,
        expected = quote_list(&candidates)
    );
    (message, suggest(key, candidates.iter().copied()))
}

/// Serde's Rust type names in words.
fn plain_types(raw: &str) -> String {
    let mut m = raw.to_string();
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u64", "expected a whole number of at least 0"),
        ("expected u32", "expected a whole number of at least 0"),
        ("expected u16", "expected a whole number of at least 0"),
        ("expected u8", "expected a whole number of at least 0"),
        ("expected usize", "expected a whole number of at least 0"),
        ("expected a sequence", "expected a list [ … ]"),
        ("expected a boolean", "expected a boolean (true or false)"),
    ] {
        if let Some(i) = m.find(rust) {
            let end = i + rust.len();
            if !m[end..].starts_with(|c: char| c.is_alphanumeric()) {
                m.replace_range(i..end, words);
            }
        }
    }
    m
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_unknown_field() {
        let (m, h) = explain("unknown field `colur`, expected one of `id`, `colour`");
        assert_eq!(m, "unknown key `colur`: expected one of `id`, `colour`");
        assert_eq!(h.as_deref(), Some("did you mean \"colour\"?"));
    }

    #[test]
    fn explains_unknown_variant_and_types() {
        let (m, h) = explain("unknown variant `plannned`, expected one of `planned`, `done`");
        assert_eq!(
            m,
            "unknown value \"plannned\": expected one of `planned`, `done`"
        );
        assert_eq!(h.as_deref(), Some("did you mean \"planned\"?"));
        let (m, _) = explain("invalid type: string \"x\", expected f64");
        assert_eq!(m, "invalid type: string \"x\", expected a number");
    }

    #[test]
    fn keeps_other_messages() {
        assert_eq!(explain("invalid type").0, "invalid type");
    }
}
