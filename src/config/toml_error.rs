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
    let (message, hint) = explain(&raw);
    let mut d = Diagnostic::error(path, 0, message).with_hint(hint);
    if let Some(span) = err.span() {
        d = d.at_offset(text, span.start);
        d.line += line_offset;
    }
    d
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into
/// "unknown key `x`" plus a close match, and leaves other messages as they are.
fn explain(raw: &str) -> (String, Option<String>) {
    let Some(rest) = raw.strip_prefix("unknown field `") else {
        return (raw.to_string(), None);
    };
    let Some((key, expected)) = rest.split_once('`') else {
        return (raw.to_string(), None);
    };
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let message = format!(
        "unknown key `{key}`: expected one of {}",
        quote_list(&candidates)
    );
    (message, suggest(key, candidates.iter().copied()))
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
    fn keeps_other_messages() {
        assert_eq!(explain("invalid type").0, "invalid type");
    }
}
