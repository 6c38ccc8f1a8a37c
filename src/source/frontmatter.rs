//! Splitting a Markdown file into its TOML front matter and body.
//!
//! Front matter sits between two lines that hold only `+++`, the first of
//! them the first line of the file (after an optional byte-order mark).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::config::{Parsed, from_str_all};
use crate::diagnostics::Diagnostic;

/// Front matter text, the line number it starts on (0-based offset for
/// diagnostics) and the body.
pub struct Split<'a> {
    pub front: &'a str,
    pub line_offset: usize,
    pub body: &'a str,
}

pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(Diagnostic::error(path, 1, crate::msg!("front_missing"))
            .at_column(1)
            .with_snippet(first.trim_end())
            .with_hint(Some(crate::msg!("front_missing_hint"))));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front: &text[front_start..offset],
                line_offset: 1,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, crate::msg!("front_unclosed"))
        .at_column(1)
        .with_snippet("+++"))
}

/// Parses front matter into `T`, with every error (not only the first)
/// at its position in the whole file; see [`crate::config::from_str_all`].
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split) -> Parsed<T> {
    from_str_all(path, split.front, split.line_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_and_body() {
        let s = split(Path::new("a.md"), "+++\ntitle = \"x\"\n+++\nBody\n").unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn unclosed_front_matter_is_error() {
        let e = split(Path::new("a.md"), "+++\ntitle = \"x\"\n")
            .err()
            .unwrap();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn missing_front_matter_is_error() {
        let e = split(Path::new("a.md"), "# Hello\n").err().unwrap();
        assert_eq!((e.line, e.column), (1, 1));
    }
}
