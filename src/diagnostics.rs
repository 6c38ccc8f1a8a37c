//! Diagnostics: every problem found in the input, with where and what to do.
//!
//! The reader stages never stop at the first problem. They push
//! [`Diagnostic`]s into a [`Diagnostics`] sink so a coordinator sees every
//! mistake of a run at once, the way a compiler reports them: `file:line:col`,
//! the offending line with a marker under the column, what was expected and,
//! where one exists, a hint such as `did you mean "skadegorelse"?`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The offending source line, shown with a marker under `column`.
    pub snippet: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line,
            column: 0,
            message: message.into(),
            snippet: None,
            hint: None,
        }
    }

    pub fn warning(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }

    pub fn with_snippet(mut self, line_text: impl Into<String>) -> Self {
        self.snippet = Some(line_text.into());
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Places the diagnostic at a byte offset of `text`, the whole file's
    /// content, filling in line, column and snippet.
    pub fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let (line, column, line_text) = locate(text, offset);
        self.line = line;
        self.column = column;
        self.snippet = Some(line_text.to_string());
        self
    }
}

/// A path as shown to the reader: relative to the site folder, without a
/// leading `./` (`--site .` gives paths like `./content/…`).
pub fn shown_path(path: &Path) -> String {
    let mut parts = path.components().peekable();
    while parts.peek() == Some(&std::path::Component::CurDir) && parts.clone().count() > 1 {
        parts.next();
    }
    let rest: PathBuf = parts.collect();
    rest.display().to_string()
}

/// 1-based line and column of a byte offset, and the text of that line.
pub fn locate(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[start..offset].chars().count() + 1;
    (line, column, text[start..end].trim_end_matches('\r'))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", shown_path(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(snippet) = &self.snippet {
            let shown: String = snippet.chars().take(200).collect();
            write!(f, "\n    | {shown}")?;
            if self.column > 0 && self.column <= 200 {
                write!(f, "\n    | {}^", " ".repeat(self.column - 1))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n    = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The problems of one run, kept in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted for stable output: by file, line, column, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        v
    }
}

/// The closest candidate to `word`, if any is close enough to suggest.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| format!("did you mean \"{c}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_line_and_column() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(locate(text, 0), (1, 1, "a = 1"));
        assert_eq!(locate(text, 9), (2, 3, "bé = 2"));
    }

    #[test]
    fn suggest_picks_close_word_only() {
        let c = ["skadegorelse", "klotter", "brand"];
        assert_eq!(
            suggest("skadegorlse", c).as_deref(),
            Some("did you mean \"skadegorelse\"?")
        );
        assert_eq!(suggest("xyz", c), None);
    }

    #[test]
    fn display_shows_marker_under_column() {
        let d = Diagnostic::error(Path::new("a.csv"), 2, "bad")
            .at_column(3)
            .with_snippet("abcdef");
        assert_eq!(
            d.to_string(),
            "error: a.csv:2:3: bad\n    | abcdef\n    |   ^"
        );
    }
}
