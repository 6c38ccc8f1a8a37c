//! New files from templates: `lagesbild init` (a whole site folder) and
//! `lagesbild new meeting` (the next note of a group).
//!
//! The coordinator publishes after every meeting, usually within the hour.
//! Starting a site by copying the example's configuration, or a note by
//! copying the README's, costs that hour: these commands write files that
//! build at once and carry, as comments, what each setting means and what
//! the meeting has to follow up. The templates are real files beside this
//! module (`init/`, `meeting.md`), embedded in the binary.
//!
//! This module sits beside the command line, on top of the pipeline: it
//! reads a site through [`crate::site::Site`] and the register of
//! [`crate::analysis::actions`], and no stage imports it. It never
//! overwrites a file: everything it would write is checked first, and a
//! single existing file stops it before anything is written.

pub mod init;
pub mod meeting;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;

/// Why nothing (or, for [`ScaffoldError::Write`], not everything) was
/// written.
#[derive(Debug)]
pub enum ScaffoldError {
    /// These files exist already; nothing was written.
    Exists(Vec<PathBuf>),
    /// `--group` names no group of the site.
    UnknownGroup {
        name: String,
        expected: Vec<String>,
        hint: Option<String>,
    },
    /// The site folder has no configuration.
    NoSite(PathBuf),
    /// The site has errors; the note would be written from a wrong register.
    Content(Diagnostics),
    /// A file or folder could not be written.
    Write(PathBuf, std::io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::Exists(paths) => {
                let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let paths = list.join(", ");
                let text = if list.len() == 1 {
                    crate::msg!("exists_one", paths = paths)
                } else {
                    crate::msg!("exists_many", paths = paths)
                };
                f.write_str(&text)
            }
            ScaffoldError::UnknownGroup { name, expected, .. } => f.write_str(&crate::msg!(
                "unknown_group",
                name = name,
                expected = expected.join(", ")
            )),
            ScaffoldError::NoSite(dir) => f.write_str(&crate::msg!(
                "no_site",
                file = crate::config::CONFIG_FILE,
                dir = dir.display()
            )),
            ScaffoldError::Content(d) => {
                f.write_str(&crate::msg!("site_has_errors", count = d.errors().count()))
            }
            ScaffoldError::Write(path, e) => f.write_str(&crate::msg!(
                "cannot_write",
                path = path.display(),
                error = e
            )),
        }
    }
}

/// A string as a TOML basic string, quotes and escapes included.
pub fn toml_str(s: &str) -> String {
    format!("\"{}\"", toml_escape(s))
}

/// The inside of a TOML basic string: `\`, `"` and control characters
/// escaped, so a value goes between the quotes of a template's `"{name}"`.
pub fn toml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `template` with each `{name}` of `values` replaced, in one pass: a
/// value is never scanned again, so a name inside it (a title that says
/// `{datum}`) stays as written. Other braces (`{{ antal() }}`) are kept
/// ([`crate::messages::fill`]).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    crate::messages::fill(template, values)
}

/// One line of text for a TOML comment: line breaks and other control
/// characters become spaces.
pub fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes each `(path, text)` below `dir`, creating folders, after
/// checking that none of them exists: all or nothing.
pub fn write_new(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), ScaffoldError> {
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists() || p.is_symlink())
        .collect();
    if !existing.is_empty() {
        return Err(ScaffoldError::Exists(existing));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::Write(parent.into(), e))?;
        }
        create_new(&path, text)?;
    }
    Ok(())
}

/// Creates `path` with `text`, failing if it appeared meanwhile.
fn create_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| ScaffoldError::Write(path.into(), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_str("Sunne kommun"), "\"Sunne kommun\"");
        let tricky = "Ö \"citat\" \\ ny\nrad";
        let parsed: toml::Table = toml::from_str(&format!("x = {}", toml_str(tricky))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some(tricky));
    }

    #[test]
    fn fill_is_one_pass_and_keeps_other_braces() {
        let t = "a {x} b {y} {{ antal() }} {okänd}";
        let filled = fill(t, &[("x", "{y}"), ("y", "2")]);
        assert_eq!(filled, "a {y} b 2 {{ antal() }} {okänd}");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment_text("a\nb\r\tc"), "a b  c");
    }
}
