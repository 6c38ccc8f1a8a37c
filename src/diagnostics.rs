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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one place of the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// Most characters of a single word (a run without spaces) echoed in a
/// message; longer values are cut and end in `…`.
pub const MAX_ECHO: usize = 80;
/// Most characters of a whole message.
const MAX_MESSAGE: usize = 1000;

/// A message made safe to print: control characters (a binary file, a NUL
/// in a field) become U+FFFD, a huge value is cut to [`MAX_ECHO`]
/// characters, the whole message to [`MAX_MESSAGE`].
pub fn printable(text: &str, keep_tabs: bool) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE + 8));
    let mut word = 0usize;
    let mut total = 0usize;
    for c in text.chars() {
        if total >= MAX_MESSAGE {
            out.push('…');
            break;
        }
        let c = if c == '\t' && keep_tabs {
            c
        } else if c.is_control() {
            '\u{fffd}'
        } else {
            c
        };
        if c.is_whitespace() {
            word = 0;
        } else {
            word += 1;
            if word == MAX_ECHO + 1 {
                out.push('…');
            }
            if word > MAX_ECHO {
                continue;
            }
        }
        out.push(c);
        total += 1;
    }
    out
}

/// A value to quote in a message, cut to [`MAX_ECHO`] characters.
pub fn echo(value: &str) -> String {
    let mut v: String = value.chars().take(MAX_ECHO).collect();
    if v.len() < value.len() {
        v.push('…');
    }
    v
}

/// Reads input bytes as UTF-8 text (a leading byte-order mark is dropped).
/// A UTF-16 file, a binary file, a zip file (an Excel workbook) or invalid
/// UTF-8 give an error placed at the first bad byte, so the coordinator
/// sees line and column rather than a byte offset. `what` says what the
/// file should be ("CSV", "TOML", "Markdown").
pub fn text_from_bytes(path: &Path, bytes: &[u8], what: &str) -> Result<String, Diagnostic> {
    if let Some(d) = not_text(path, bytes, what) {
        return Err(d);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => Err(not_utf8(path, body, e.valid_up_to())),
    }
}

/// The error for invalid UTF-8 at byte `at` of `body` (after any BOM).
pub fn not_utf8(path: &Path, body: &[u8], at: usize) -> Diagnostic {
    Diagnostic::error(path, 0, crate::msg!("not_utf8"))
        .at_offset(&String::from_utf8_lossy(body), at)
        .with_hint(Some(crate::msg!("not_utf8_hint")))
}

/// Why `bytes` are no text file at all (UTF-16, a zip archive, NUL bytes),
/// if they are not.
pub fn not_text(path: &Path, bytes: &[u8], what: &str) -> Option<Diagnostic> {
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Some(
            Diagnostic::error(path, 0, crate::msg!("utf16"))
                .with_hint(Some(crate::msg!("utf16_hint", what = what))),
        );
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(
            Diagnostic::error(path, 0, crate::msg!("zip", what = what))
                .with_hint(Some(crate::msg!("zip_hint"))),
        );
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // `contains` finds a byte a word at a time; most files have none.
    if body.contains(&0)
        && let Some(at) = body.iter().position(|&b| b == 0)
    {
        return Some(
            Diagnostic::error(path, 0, crate::msg!("nul", what = what))
                .at_offset(&String::from_utf8_lossy(body), at)
                .with_hint(Some(crate::msg!("nul_hint", what = what))),
        );
    }
    None
}

/// Byte offset of `needle` at or after `from`, else of its first
/// occurrence anywhere, else 0.
pub fn find_from(text: &str, from: usize, needle: &str) -> usize {
    text.get(from..)
        .and_then(|t| t.find(needle))
        .map(|i| from + i)
        .or_else(|| text.find(needle))
        .unwrap_or(0)
}

/// A path as shown to the reader: relative to the site folder, without a
/// leading `./` (`--site .` gives paths like `./content/…`), control
/// characters as U+FFFD.
pub fn shown_path(path: &Path) -> String {
    let mut parts = path.components().peekable();
    while parts.peek() == Some(&std::path::Component::CurDir) && parts.clone().count() > 1 {
        parts.next();
    }
    let rest: PathBuf = parts.collect();
    // A file's name is the site's, as any text in it: a control
    // character (an escape sequence in a name) is not sent to the
    // terminal.
    (rest.display().to_string().chars())
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
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
            Severity::Error => crate::msg!("severity_error"),
            Severity::Warning => crate::msg!("severity_warning"),
        };
        write!(f, "{kind}: {}", shown_path(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", printable(&self.message, false))?;
        if let Some(snippet) = &self.snippet {
            let cut: String = snippet.chars().take(200).collect();
            let shown: String = cut
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\t' {
                        '\u{fffd}'
                    } else {
                        c
                    }
                })
                .collect();
            write!(f, "\n    | {shown}")?;
            if self.column > 0 && self.column <= 200 {
                write!(f, "\n    | {}^", " ".repeat(self.column - 1))?;
            }
        }
        if let Some(hint) = &self.hint {
            let word = crate::msg!("hint");
            write!(f, "\n    = {word}: {}", printable(hint, false))?;
        }
        Ok(())
    }
}

/// The problems of one run, kept in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Problems beyond a display limit (such as the per-file cap on
    /// errors): not shown by [`Diagnostics::sorted`], but counted by
    /// [`Diagnostics::errors`] and [`Diagnostics::warnings`], so the total
    /// a run prints is the true number.
    hidden: Vec<Diagnostic>,
    /// Lines that sum up hidden problems (`… and 10 more errors in this
    /// file`): shown, but not counted themselves.
    summaries: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records a problem that is counted but not shown.
    pub fn push_hidden(&mut self, d: Diagnostic) {
        self.hidden.push(d);
    }

    /// Records a line that sums up hidden problems: shown, not counted.
    pub fn push_summary(&mut self, d: Diagnostic) {
        self.summaries.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.hidden.extend(other.hidden);
        self.summaries.extend(other.summaries);
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Every error, the hidden ones last.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .chain(&self.hidden)
            .filter(|d| d.severity == Severity::Error)
    }

    /// Every warning, the hidden ones last.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .chain(&self.hidden)
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.hidden.is_empty() && self.summaries.is_empty()
    }

    /// Sorted for stable output: by file, line, column, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().chain(&self.summaries).collect();
        v.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        v
    }
}

/// The closest candidate to `word`, if any is close enough to suggest.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // A huge value (a 10 MB field) is like no name at all.
    if word.chars().count() > 4 * MAX_ECHO {
        return None;
    }
    let word = word.to_lowercase();
    // On a tie the earlier candidate wins when both are the same name (an
    // id before its label), else the one first in alphabetical order.
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word, &c.to_lowercase());
        if score < 0.8 {
            continue;
        }
        let better = match best {
            None => true,
            Some((s, b)) => {
                score > s || (score == s && c.to_lowercase() != b.to_lowercase() && c < b)
            }
        };
        if better {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| crate::msg!("did_you_mean", name = c))
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
    fn paths_are_shown_without_leading_dot_or_control_characters() {
        assert_eq!(shown_path(Path::new("./content/a.csv")), "content/a.csv");
        assert_eq!(shown_path(Path::new("content/a.csv")), "content/a.csv");
        assert_eq!(shown_path(Path::new(".")), ".");
        let named = Path::new("content/incidents/\u{1b}[2Ja\u{7}.csv");
        assert_eq!(
            shown_path(named),
            "content/incidents/\u{fffd}[2Ja\u{fffd}.csv"
        );
        let d = Diagnostic::warning(named, 3, "x");
        assert!(!d.to_string().chars().any(|c| c.is_control()), "{d}");
        let d = Diagnostic::error(Path::new("./lagesbild.toml"), 3, "bad");
        assert_eq!(d.to_string(), "error: lagesbild.toml:3: bad");
    }

    #[test]
    fn printable_cuts_values_and_hides_control_characters() {
        let long = "k".repeat(1000);
        let shown = printable(&format!("unknown \"{long}\" here"), false);
        assert!(shown.chars().count() < 120, "{shown}");
        assert!(shown.ends_with("… here"), "{shown}");
        assert_eq!(printable("a\u{1}b\tc", true), "a\u{fffd}b\tc");
        assert_eq!(echo(&long).chars().count(), MAX_ECHO + 1);
    }

    #[test]
    fn hidden_problems_are_counted_not_shown() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error(Path::new("a"), 1, "shown"));
        d.push_hidden(Diagnostic::error(Path::new("a"), 2, "hidden"));
        d.push_summary(Diagnostic::error(Path::new("a"), 0, "… and 1 more"));
        assert_eq!(d.errors().count(), 2);
        assert_eq!(d.sorted().len(), 2);
    }

    #[test]
    fn text_from_bytes_places_bad_bytes() {
        let p = Path::new("a.csv");
        let e = text_from_bytes(p, b"ab\nc\xf6d", "CSV").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        let e = text_from_bytes(p, b"\xff\xfea\x00", "CSV").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        let e = text_from_bytes(p, b"ab\x00", "CSV").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        assert_eq!(text_from_bytes(p, b"\xef\xbb\xbfok", "CSV").unwrap(), "ok");
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
