//! A small reader for the tabular side inputs (reference statistics and
//! survey indicators): a header row, named columns found by any of
//! several names (any case), and file:line:column diagnostics.
//!
//! These files are short and written by hand or exported from a statistics
//! database, so they get a plain reader: delimiter `;`, `,` or tab found
//! from the header, UTF-8 with or without byte-order mark, blank lines
//! skipped, extra columns ignored.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A column: its display name and the header names that mean it.
pub struct Column {
    pub name: &'static str,
    pub headers: &'static [&'static str],
    pub required: bool,
}

/// One data row: its line number, the raw line and the fields of the
/// requested columns (`None` where the file lacks an optional column).
pub struct Row<'t> {
    pub line: usize,
    pub text: &'t str,
    delimiter: char,
    fields: Vec<Option<(usize, &'t str)>>,
}

impl<'t> Row<'t> {
    /// The trimmed value of column `i`; `None` when absent or empty.
    pub fn get(&self, i: usize) -> Option<&'t str> {
        self.fields[i]
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// An error at column `i` of this row.
    pub fn error(&self, path: &Path, i: usize, message: String) -> Diagnostic {
        let col = self.fields[i].map_or(0, |(k, _)| field_column(self.text, self.delimiter, k));
        Diagnostic::error(path, self.line, message)
            .at_column(col)
            .with_snippet(self.text)
    }
}

/// 1-based character column of field `k` of an unquoted line.
fn field_column(line: &str, delimiter: char, k: usize) -> usize {
    let mut col = 1;
    for (i, part) in line.split(delimiter).enumerate() {
        if i == k {
            return col;
        }
        col += part.chars().count() + 1;
    }
    col
}

/// Strips surrounding quotes of a field.
fn unquote(s: &str) -> &str {
    let t = s.trim();
    t.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(t)
}

/// Reads a file's text; an unreadable or non-UTF-8 file is an error.
pub fn read_text(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!("cannot_read", error = e),
            ));
            return None;
        }
    };
    match crate::diagnostics::text_from_bytes(path, &bytes, "CSV") {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The rows of `text` with the fields of `columns`; `None` (with an error)
/// when a required column is missing.
pub fn rows<'t>(
    path: &Path,
    text: &'t str,
    columns: &[Column],
    diags: &mut Diagnostics,
) -> Option<Vec<Row<'t>>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        diags.push(Diagnostic::error(path, 0, crate::msg!("table_empty")));
        return None;
    };
    let delimiter = [';', '\t', ',']
        .into_iter()
        .max_by_key(|d| header.matches(*d).count())
        .unwrap_or(';');
    let names: Vec<String> = header
        .split(delimiter)
        .map(|h| unquote(h).to_lowercase())
        .collect();
    let mut index = Vec::new();
    for c in columns {
        let at = names.iter().position(|n| c.headers.contains(&n.as_str()));
        if at.is_none() && c.required {
            diags.push(
                Diagnostic::error(
                    path,
                    1,
                    crate::msg!(
                        "table_no_column",
                        name = c.name,
                        headers = c.headers.join(", ")
                    ),
                )
                .with_snippet(header),
            );
            return None;
        }
        index.push(at);
    }
    Some(
        lines
            .map(|(n, line)| {
                let parts: Vec<&str> = line.split(delimiter).collect();
                Row {
                    line: n + 1,
                    text: line,
                    delimiter,
                    fields: index
                        .iter()
                        .map(|i| i.and_then(|i| parts.get(i).map(|v| (i, unquote(v)))))
                        .collect(),
                }
            })
            .collect(),
    )
}

/// A decimal number with a point or a comma (`62,5`), spaces allowed as
/// thousands separators.
pub fn decimal(v: &str) -> Option<f64> {
    let t: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    t.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// A whole number ≥ 0 (`1 234`, `71`, `71.0`).
pub fn whole(v: &str) -> Option<u64> {
    decimal(v)
        .filter(|x| *x >= 0.0 && x.fract() == 0.0 && *x < 1e15)
        .map(|x| x as u64)
}
