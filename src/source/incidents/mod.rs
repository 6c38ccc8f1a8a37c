//! Incident files: CSV exports from police, municipality and housing company.
//!
//! Each file is read on its own (files are read in parallel) with the first
//! `[[sources]]` whose glob fits its path. Every row is validated: a real
//! date, a known category, a count of at least 1, valid coordinates, a known
//! place or a warning. Errors name file, line and column and show the line.
//! An unknown category or place is reported once per distinct value, with
//! its number of rows and first line, so a feed with a new type name gives
//! one clear message instead of hundreds. A source's `[sources.keep]`
//! filter is applied first: a row it leaves out is neither checked nor
//! counted. JSON files (`.json`, a list of objects) are read as rows of
//! the same shape (see `json.rs`).

mod dialect;
mod json;
mod layout;
mod names;
mod report;

use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::coords;
use super::dates::{parse_date, parse_time};
use super::lookup::Lookup;
use crate::config::{Field, SourceConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, echo};
use crate::model::{CategoryId, PlaceId};
use json::is_json;
use layout::Layout;

/// Most errors reported for one file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// Most warnings about implausible dates reported for one file.
const MAX_DATE_WARNINGS: usize = 10;

/// What the reader needs to know to validate rows.
pub struct Catalog<'a> {
    pub categories: &'a Lookup<CategoryId>,
    pub places: &'a Lookup<PlaceId>,
    pub tz: Tz,
    /// The dates a row may have: from `[data] start` (or 1990-01-01) to
    /// today. Rows outside are left out with a warning.
    pub dates: (NaiveDate, NaiveDate),
}

/// A source with its category mapping resolved to ids.
pub struct SourcePlan<'a> {
    pub config: &'a SourceConfig,
    /// The source's own names (normalised) → category.
    pub categories: HashMap<String, CategoryId>,
    pub catch_all: Option<CategoryId>,
}

/// A place on a row: from the register, or a name met only in this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRef {
    Known(PlaceId),
    Unregistered(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Row {
    /// The line of the file it was read from.
    pub line: u32,
    pub date: chrono::NaiveDate,
    pub minute: Option<u16>,
    pub category: CategoryId,
    pub place: Option<PlaceRef>,
    /// Index into [`FileRows::organisations`].
    pub organisation: u16,
    pub count: u32,
    pub position: Option<(i32, i32)>,
    /// Index into [`FileRows::descriptions`].
    pub description: Option<u32>,
}

/// The rows of one file and the strings they refer to.
#[derive(Debug, Default)]
pub struct FileRows {
    pub rows: Vec<Row>,
    pub organisations: Vec<String>,
    /// Free-text descriptions (internal only).
    pub descriptions: Vec<String>,
    /// Unregistered place names and the area the file gave them.
    pub unregistered: Vec<(String, Option<String>)>,
    /// A hash of each data line's fields and its line number, to find
    /// rows repeated within one source.
    pub fingerprints: Vec<(u64, u32)>,
    /// Rows left out by the source's `[sources.keep]`.
    pub filtered: usize,
    pub diags: Diagnostics,
}

/// Whether a file below `content/incidents/` is an incident file: CSV
/// or JSON (any case).
pub fn is_incident_file(path: &Path) -> bool {
    is_json(path)
        || path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
}

pub fn read_file(path: &Path, source: Option<&SourcePlan>, catalog: &Catalog) -> FileRows {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(path, &bytes, source, catalog),
        Err(e) => {
            let mut out = FileRows::default();
            out.diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!("cannot_read_file", error = e),
            ));
            out
        }
    }
}

/// Reads the content of an incident file; `path` names it in diagnostics.
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    source: Option<&SourcePlan>,
    catalog: &Catalog,
) -> FileRows {
    let mut out = FileRows::default();
    let encoding = source.map(|s| s.config.encoding).unwrap_or_default();
    let text = match dialect::decode(path, bytes, encoding) {
        Ok(t) => t,
        Err(d) => {
            out.diags.push(d);
            return out;
        }
    };
    if text.trim().is_empty() {
        out.diags.push(Diagnostic::error(
            path,
            0,
            crate::msg!("file_empty_incidents"),
        ));
        return out;
    }
    let delimiter = source
        .and_then(|s| s.config.delimiter)
        .map_or_else(|| dialect::detect_delimiter(&text), |d| d.byte());
    let json = json::is_json(path);
    if !json {
        // About a row a line: room for them all at once, not grown (and
        // copied) twenty times over on the way to a million. At most a
        // row per 32 bytes: a file of short lines that are not rows
        // (blank, or a quoted text's) does not ask for gigabytes.
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        let rows = lines.min(text.len() / 32);
        out.rows.reserve(rows);
        out.fingerprints.reserve(rows);
    }
    let reader = FileReader {
        path,
        text: &text,
        delimiter,
        source,
        catalog,
        out,
        errors: 0,
        date_warnings: 0,
        seen: Seen::default(),
        json,
    };
    reader.run()
}

/// Distinct unknown values met so far: (rows, first line, column, line text).
#[derive(Default)]
struct Seen {
    categories: HashMap<String, Unknown>,
    places: HashMap<String, Unknown>,
    orgs: HashMap<String, u16>,
    place_index: HashMap<String, u32>,
    /// Description text → index into `FileRows::descriptions`: a file
    /// repeats its texts ("Krossad ruta"), kept once.
    descriptions: HashMap<String, u32>,
    /// Category as written → what it resolved to, so a file's few
    /// spellings are resolved once, not per row.
    category_of: HashMap<String, Option<CategoryId>>,
}

struct Unknown {
    raw: String,
    rows: usize,
    line: usize,
    column: usize,
    text: String,
}

struct FileReader<'a> {
    path: &'a Path,
    text: &'a str,
    delimiter: u8,
    source: Option<&'a SourcePlan<'a>>,
    catalog: &'a Catalog<'a>,
    out: FileRows,
    errors: usize,
    /// Rows left out for an implausible date.
    date_warnings: usize,
    seen: Seen,
    /// A JSON file: records are its objects, positioned where each starts.
    json: bool,
}

impl FileReader<'_> {
    fn run(mut self) -> FileRows {
        if self.json {
            return self.run_json();
        }
        if let Some(at) = dialect::unclosed_quote(self.text, self.delimiter) {
            let lines = self.text[at..].lines().count();
            let d = Diagnostic::error(self.path, 0, crate::msg!("unclosed_quote", lines = lines))
                .at_offset(self.text, at)
                .with_hint(Some(crate::msg!("unclosed_quote_hint")));
            self.error(d);
            return self.out;
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let layout = match reader.read_record(&mut record) {
            Ok(true) => match self.layout(&record) {
                Some(l) => l,
                None => return self.out,
            },
            Ok(false) => return self.out,
            Err(e) => {
                self.csv_error(&e);
                return self.out;
            }
        };
        let mut data_rows = 0usize;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {
                    data_rows += 1;
                    self.row(&record, &layout);
                }
                Ok(false) => break,
                Err(e) => {
                    self.csv_error(&e);
                    break;
                }
            }
        }
        if data_rows == 0 {
            self.out.diags.push(Diagnostic::warning(
                self.path,
                1,
                crate::msg!("header_no_rows"),
            ));
        }
        self.finish()
    }

    /// The file's layout from its header, or `None` after reporting why
    /// there is none.
    fn layout(&mut self, header: &csv::StringRecord) -> Option<Layout> {
        let e = match Layout::resolve(header, self.source.map(|s| s.config)) {
            Ok(l) => return Some(l),
            Err(e) => e,
        };
        let line = self.text.lines().next().unwrap_or("");
        let col = match (self.json, e.index) {
            (false, Some(i)) => dialect::field_column(line, self.delimiter, i),
            _ => 1,
        };
        let d = Diagnostic::error(self.path, 1, e.message)
            .at_column(col)
            .with_snippet(line)
            .with_hint(e.hint);
        self.error(d);
        None
    }

    /// A JSON file: its objects as records, read like a CSV file's rows.
    fn run_json(mut self) -> FileRows {
        let (header, records) = match json::records(self.path, self.text) {
            Ok(r) => r,
            Err(d) => {
                self.error(d);
                return self.out;
            }
        };
        let Some(layout) = self.layout(&header) else {
            return self.out;
        };
        if records.is_empty() {
            self.out
                .diags
                .push(Diagnostic::warning(self.path, 1, crate::msg!("no_events")));
        }
        for record in &records {
            self.row(record, &layout);
        }
        self.finish()
    }

    fn csv_error(&mut self, e: &csv::Error) {
        let line = e.position().map_or(0, |p| p.line() as usize);
        let message = match e.kind() {
            csv::ErrorKind::Utf8 { .. } => crate::msg!("csv_not_utf8"),
            _ => crate::msg!("csv_unreadable", error = e),
        };
        self.error(Diagnostic::error(self.path, line, message));
    }

    fn error(&mut self, d: Diagnostic) {
        self.errors += 1;
        if self.errors <= MAX_ERRORS_PER_FILE {
            self.out.diags.push(d);
        } else {
            self.out.diags.push_hidden(d);
        }
    }

    /// Line number, column and text of field `index` of `record`.
    fn locate(&self, record: &csv::StringRecord, index: Option<usize>) -> (usize, usize, String) {
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let start = (pos.byte() as usize).min(self.text.len());
        if self.json {
            let (line, col, text) = crate::diagnostics::locate(self.text, start);
            return (line, col, text.to_string());
        }
        let line_text = self.text[start..].lines().next().unwrap_or("");
        let col = index.map_or(1, |i| dialect::field_column(line_text, self.delimiter, i));
        (pos.line() as usize, col, line_text.to_string())
    }

    fn field_error(&mut self, record: &csv::StringRecord, index: Option<usize>, message: String) {
        let (line, col, text) = self.locate(record, index);
        self.error(
            Diagnostic::error(self.path, line, message)
                .at_column(col)
                .with_snippet(text),
        );
    }

    fn row(&mut self, record: &csv::StringRecord, layout: &Layout) {
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        if !layout.keeps(record) {
            self.out.filtered += 1;
            return;
        }
        let line = record.position().map_or(0, |p| p.line() as u32);
        self.out.fingerprints.push((fingerprint(record), line));
        let mut ok = true;
        let (date_text, date_col) = layout.value(Field::Date, record);
        let stamp = match parse_date(date_text.unwrap_or(""), self.catalog.tz) {
            Ok(s) => Some(s),
            Err(m) => {
                let m = if date_text.is_none() {
                    crate::msg!("date_empty")
                } else {
                    m
                };
                self.field_error(record, date_col, m);
                ok = false;
                None
            }
        };
        let (time_text, time_col) = layout.value(Field::Time, record);
        let minute = parse_time(time_text.unwrap_or("")).unwrap_or_else(|m| {
            self.field_error(record, time_col, m);
            ok = false;
            None
        });
        let category = self.category(record, layout);
        let (count_text, count_col) = layout.value(Field::Count, record);
        let count = parse_count(count_text.unwrap_or("")).unwrap_or_else(|m| {
            self.field_error(record, count_col, m);
            ok = false;
            0
        });
        let position = self.position(record, layout).unwrap_or_else(|(m, col)| {
            self.field_error(record, col, m);
            ok = false;
            None
        });
        let (Some(stamp), Some(category), true) = (stamp, category, ok) else {
            return;
        };
        if !self.plausible(record, date_col, stamp.date) {
            return;
        }
        let place = self.place(record, layout);
        let organisation =
            self.organisation(layout.value(Field::Organisation, record).0.unwrap_or(""));
        let description = layout.value(Field::Description, record).0.map(|d| {
            match self.seen.descriptions.get(d) {
                Some(&i) => i,
                None => {
                    let i = self.out.descriptions.len() as u32;
                    self.out.descriptions.push(d.to_string());
                    self.seen.descriptions.insert(d.to_string(), i);
                    i
                }
            }
        });
        self.out.rows.push(Row {
            line,
            date: stamp.date,
            minute: minute.or(stamp.minute),
            category,
            place,
            organisation,
            count,
            position,
            description,
        });
    }

    /// Whether a row's date can be right: not before the site's data
    /// start (1990 without one; Excel writes an empty date as 1900-01-01)
    /// and not after today. A row that is not is left out with a warning.
    fn plausible(
        &mut self,
        record: &csv::StringRecord,
        col: Option<usize>,
        date: NaiveDate,
    ) -> bool {
        let (earliest, today) = self.catalog.dates;
        let why = if date < earliest {
            crate::msg!("date_before_start", date = date, earliest = earliest)
        } else if date > today {
            crate::msg!("date_after_today", date = date, today = today)
        } else {
            return true;
        };
        self.date_warnings += 1;
        let (line, column, text) = self.locate(record, col);
        let d = Diagnostic::warning(self.path, line, why)
            .at_column(column)
            .with_snippet(text);
        if self.date_warnings <= MAX_DATE_WARNINGS {
            self.out.diags.push(d);
        } else {
            self.out.diags.push_hidden(d);
        }
        false
    }

    fn position(
        &self,
        record: &csv::StringRecord,
        layout: &Layout,
    ) -> Result<Option<(i32, i32)>, FieldError> {
        let v = |f| layout.value(f, record);
        let result =
            if let ((Some(la), c), (Some(lo), lc)) = (v(Field::Latitude), v(Field::Longitude)) {
                coords::wgs84(la, lo).map_err(|m| {
                    let lat_ok = coords::number(la).is_some_and(|x| (-90.0..=90.0).contains(&x));
                    (m, if lat_ok { lc } else { c })
                })?
            } else if let ((Some(_), _), (None, lc)) = (v(Field::Latitude), v(Field::Longitude)) {
                return Err((crate::msg!("latitude_only"), lc));
            } else if let ((None, c), (Some(_), _)) = (v(Field::Latitude), v(Field::Longitude)) {
                return Err((crate::msg!("longitude_only"), c));
            } else if let (Some(pair), c) = v(Field::Coordinates) {
                coords::wgs84_pair(pair).map_err(|m| (m, c))?
            } else if let ((Some(n), c), (Some(e), _)) = (v(Field::Northing), v(Field::Easting)) {
                coords::sweref99tm(n, e).map_err(|m| (m, c))?
            } else {
                return Ok(None);
            };
        let micro = |d: f64| (d * 1e6).round() as i32;
        Ok(Some((micro(result.0), micro(result.1))))
    }
}

/// A message and the column index it concerns.
type FieldError = (String, Option<usize>);

/// A stable hash of a record's fields (trimmed), for duplicate detection.
/// SipHash, not Fx: Fx was 5 % faster to read with, but two rows differing
/// in one 8–16-byte field can be written to share its hash (a false
/// "repeated" warning); SipHash's collisions are not found by hand.
fn fingerprint(record: &csv::StringRecord) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in record.iter() {
        f.trim().hash(&mut h);
    }
    h.finish()
}

fn parse_count(value: &str) -> Result<u32, String> {
    if value.is_empty() {
        return Ok(1);
    }
    match value.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(crate::msg!("bad_count", value = echo(value))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count(""), Ok(1));
        assert_eq!(parse_count("3"), Ok(3));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-2").is_err());
        assert!(parse_count("två").is_err());
        assert!(parse_count("99999999999").is_err());
    }
}
