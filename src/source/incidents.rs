//! Incident files: CSV exports from police, municipality and housing company.
//!
//! Each file is read on its own (files are read in parallel), matched to the
//! first `[[sources]]` whose glob fits its path, and every row is validated:
//! a real date, a known category, a count of at least 1, a known place or a
//! warning. Errors name the file, line and column. Strings that repeat (the
//! organisation, an unregistered place) are interned per file and merged
//! into the model's tables afterwards.

use std::collections::HashMap;
use std::path::Path;

use chrono_tz::Tz;

use super::dates::{parse_date, parse_time};
use super::lookup::Lookup;
use crate::config::{ColumnNames, SourceConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::{CategoryId, PlaceId};

/// Most errors reported for one file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 50;

/// What the reader needs to know to validate rows.
pub struct Catalog<'a> {
    pub categories: &'a Lookup<CategoryId>,
    pub places: &'a Lookup<PlaceId>,
    pub tz: Tz,
}

/// A place on a row: from the register, or a name met only in this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRef {
    Known(PlaceId),
    Unregistered(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub date: chrono::NaiveDate,
    pub minute: Option<u16>,
    pub category: CategoryId,
    pub place: Option<PlaceRef>,
    /// Index into [`FileRows::organisations`].
    pub organisation: u16,
    pub count: u32,
}

/// The rows of one file and the strings they refer to.
#[derive(Debug, Default)]
pub struct FileRows {
    pub rows: Vec<Row>,
    pub organisations: Vec<String>,
    /// Unregistered place names and the area the file gave them.
    pub unregistered: Vec<(String, Option<String>)>,
    pub diags: Diagnostics,
}

/// Column indexes of the standard columns in one file.
#[derive(Debug, Default)]
struct Columns {
    date: usize,
    time: Option<usize>,
    category: usize,
    place: Option<usize>,
    area: Option<usize>,
    organisation: Option<usize>,
    count: Option<usize>,
}

/// Header names recognised when a source does not name its columns.
const DEFAULT_NAMES: [(&str, &[&str]); 8] = [
    ("date", &["date", "datum"]),
    ("time", &["time", "tid", "klockslag"]),
    ("category", &["category", "kategori"]),
    ("place", &["place", "plats"]),
    ("area", &["area", "område", "omrade"]),
    (
        "organisation",
        &["organisation", "organization", "aktör", "aktor"],
    ),
    ("count", &["count", "antal"]),
    ("description", &["description", "beskrivning"]),
];

pub fn read_file(path: &Path, source: Option<&SourceConfig>, catalog: &Catalog) -> FileRows {
    let mut out = FileRows::default();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.diags.push(Diagnostic::error(
                path,
                0,
                format!("cannot read the file: {e}"),
            ));
            return out;
        }
    };
    let text = decode(&bytes);
    if text.trim().is_empty() {
        out.diags.push(Diagnostic::error(
            path,
            0,
            "the file is empty: expected a header row and incident rows",
        ));
        return out;
    }
    FileReader {
        path,
        text: &text,
        source,
        catalog,
        out,
        errors: 0,
    }
    .run()
}

/// UTF-8 (a byte-order mark is dropped); anything else is read as
/// Windows-1252, the encoding of Excel's "CSV (semikolonavgränsad)".
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiter that occurs most often (outside quotes) on the header line.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// Character column where field `index` starts on `line`.
fn field_column(line: &str, delimiter: u8, index: usize) -> usize {
    let mut field = 0;
    let mut quoted = false;
    for (col, ch) in line.chars().enumerate() {
        if field == index {
            return col + 1;
        }
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted && ch as u32 == delimiter as u32 {
            field += 1;
        }
    }
    line.chars().count() + 1
}

struct FileReader<'a> {
    path: &'a Path,
    text: &'a str,
    source: Option<&'a SourceConfig>,
    catalog: &'a Catalog<'a>,
    out: FileRows,
    errors: usize,
}

impl FileReader<'_> {
    fn run(mut self) -> FileRows {
        let delimiter = detect_delimiter(self.text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(self.text.as_bytes());
        let mut record = csv::StringRecord::new();
        let columns = match reader.read_record(&mut record) {
            Ok(true) => match self.columns(&record) {
                Some(c) => c,
                None => return self.out,
            },
            Ok(false) => return self.out,
            Err(e) => {
                self.csv_error(&e);
                return self.out;
            }
        };
        let mut ctx = RowContext {
            delimiter,
            org_index: HashMap::new(),
            place_index: HashMap::new(),
            unknown_places: HashMap::new(),
        };
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => self.row(&record, &columns, &mut ctx),
                Ok(false) => break,
                Err(e) => {
                    self.csv_error(&e);
                    break;
                }
            }
        }
        self.finish(ctx)
    }

    fn finish(mut self, ctx: RowContext) -> FileRows {
        if self.errors > MAX_ERRORS_PER_FILE {
            let more = self.errors - MAX_ERRORS_PER_FILE;
            self.out.diags.push(Diagnostic::error(
                self.path,
                0,
                format!("… and {more} more errors in this file"),
            ));
        }
        let mut unknown: Vec<_> = ctx.unknown_places.into_iter().collect();
        unknown.sort_by_key(|(_, (_, line))| *line);
        for (name, (count, line)) in unknown {
            let hint = suggest(&name, self.catalog.places.names());
            let d = Diagnostic::warning(
                self.path,
                line,
                format!("unknown place \"{name}\" ({count} rows, first on this line): counted under its own name; add it to content/places.toml"),
            )
            .with_hint(hint);
            self.out.diags.push(d);
        }
        self.out
    }

    fn csv_error(&mut self, e: &csv::Error) {
        let line = e.position().map_or(0, |p| p.line() as usize);
        self.error(Diagnostic::error(
            self.path,
            line,
            format!("cannot read CSV: {e}"),
        ));
    }

    fn error(&mut self, d: Diagnostic) {
        self.errors += 1;
        if self.errors <= MAX_ERRORS_PER_FILE {
            self.out.diags.push(d);
        }
    }

    /// Finds the standard columns in the header row.
    fn columns(&mut self, header: &csv::StringRecord) -> Option<Columns> {
        let configured = self.source.map(|s| &s.columns);
        let mut found: HashMap<&str, usize> = HashMap::new();
        for (key, defaults) in DEFAULT_NAMES {
            let wanted: Vec<String> = match configured.and_then(|c| configured_name(c, key)) {
                Some(name) => vec![name.to_lowercase()],
                None => defaults.iter().map(|s| s.to_string()).collect(),
            };
            let hits: Vec<usize> = header
                .iter()
                .enumerate()
                .filter(|(_, h)| wanted.contains(&h.trim().to_lowercase()))
                .map(|(i, _)| i)
                .collect();
            if hits.len() > 1 {
                let line = self.text.lines().next().unwrap_or("");
                let col = field_column(line, detect_delimiter(self.text), hits[1]);
                self.error(
                    Diagnostic::error(
                        self.path,
                        1,
                        format!("the {key} column appears more than once in the header"),
                    )
                    .at_column(col)
                    .with_snippet(line),
                );
                return None;
            }
            if let Some(&i) = hits.first() {
                found.insert(key, i);
            }
        }
        for key in ["date", "category"] {
            if !found.contains_key(key) {
                let expected = match configured.and_then(|c| configured_name(c, key)) {
                    Some(name) => format!("\"{name}\" (as the source's columns say)"),
                    None => DEFAULT_NAMES
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, n)| n.join("\" or \""))
                        .map(|n| format!("\"{n}\""))
                        .unwrap_or_default(),
                };
                let line = self.text.lines().next().unwrap_or("").to_string();
                self.error(
                    Diagnostic::error(self.path, 1, format!("no {key} column in the header: expected a column named {expected}"))
                        .at_column(1)
                        .with_snippet(line)
                        .with_hint(Some("name the columns in a [[sources]] table of lagesbild.toml ([sources.columns])".into())),
                );
                return None;
            }
        }
        Some(Columns {
            date: found["date"],
            time: found.get("time").copied(),
            category: found["category"],
            place: found.get("place").copied(),
            area: found.get("area").copied(),
            organisation: found.get("organisation").copied(),
            count: found.get("count").copied(),
        })
    }

    /// A diagnostic pointing at field `index` of `record`.
    fn field_error(
        &mut self,
        record: &csv::StringRecord,
        delimiter: u8,
        index: usize,
        message: String,
        hint: Option<String>,
    ) {
        let pos = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let start = pos.byte() as usize;
        let line_text = self.text[start..].lines().next().unwrap_or("");
        let col = field_column(line_text, delimiter, index);
        let d = Diagnostic::error(self.path, pos.line() as usize, message)
            .at_column(col)
            .with_snippet(line_text)
            .with_hint(hint);
        self.error(d);
    }

    fn row(&mut self, record: &csv::StringRecord, c: &Columns, ctx: &mut RowContext) {
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let d = ctx.delimiter;
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
        let mut ok = true;
        let stamp = match parse_date(field(Some(c.date)), self.catalog.tz) {
            Ok(s) => Some(s),
            Err(m) => {
                self.field_error(record, d, c.date, m, None);
                ok = false;
                None
            }
        };
        let minute = match parse_time(field(c.time)) {
            Ok(m) => m,
            Err(m) => {
                self.field_error(record, d, c.time.unwrap_or(0), m, None);
                ok = false;
                None
            }
        };
        let raw_category = field(Some(c.category));
        let category = self.catalog.categories.get(raw_category);
        if category.is_none() {
            let (msg, hint) = if raw_category.is_empty() {
                (
                    "the category is empty: every row needs a category".to_string(),
                    None,
                )
            } else {
                (
                    format!(
                        "unknown category \"{raw_category}\": expected a category id, label or alias from lagesbild.toml"
                    ),
                    suggest(raw_category, self.catalog.categories.names()),
                )
            };
            self.field_error(record, d, c.category, msg, hint);
            ok = false;
        }
        let count = match parse_count(field(c.count)) {
            Ok(n) => n,
            Err(m) => {
                self.field_error(record, d, c.count.unwrap_or(0), m, None);
                ok = false;
                0
            }
        };
        let (Some(stamp), Some(category), true) = (stamp, category, ok) else {
            return;
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let place = self.place(field(c.place), field(c.area), line, ctx);
        let organisation = self.organisation(field(c.organisation), ctx);
        self.out.rows.push(Row {
            date: stamp.date,
            minute: minute.or(stamp.minute),
            category,
            place,
            organisation,
            count,
        });
    }

    fn place(
        &mut self,
        name: &str,
        area: &str,
        line: usize,
        ctx: &mut RowContext,
    ) -> Option<PlaceRef> {
        if name.is_empty() {
            return None;
        }
        if let Some(id) = self.catalog.places.get(name) {
            return Some(PlaceRef::Known(id));
        }
        let key = super::lookup::normalise(name);
        let next = self.out.unregistered.len() as u32;
        let idx = *ctx.place_index.entry(key).or_insert_with(|| {
            self.out.unregistered.push((
                name.to_string(),
                (!area.is_empty()).then(|| area.to_string()),
            ));
            next
        });
        let seen = ctx
            .unknown_places
            .entry(self.out.unregistered[idx as usize].0.clone())
            .or_insert((0, line));
        seen.0 += 1;
        Some(PlaceRef::Unregistered(idx))
    }

    fn organisation(&mut self, name: &str, ctx: &mut RowContext) -> u16 {
        let name = if name.is_empty() {
            self.source
                .and_then(|s| s.organisation.as_deref())
                .unwrap_or("")
        } else {
            name
        };
        let next = self.out.organisations.len() as u16;
        *ctx.org_index.entry(name.to_string()).or_insert_with(|| {
            self.out.organisations.push(name.to_string());
            next
        })
    }
}

struct RowContext {
    delimiter: u8,
    org_index: HashMap<String, u16>,
    place_index: HashMap<String, u32>,
    /// Unregistered place name → (rows, first line).
    unknown_places: HashMap<String, (usize, usize)>,
}

fn configured_name<'a>(c: &'a ColumnNames, key: &str) -> Option<&'a str> {
    match key {
        "date" => c.date.as_deref(),
        "time" => c.time.as_deref(),
        "category" => c.category.as_deref(),
        "place" => c.place.as_deref(),
        "area" => c.area.as_deref(),
        "organisation" => c.organisation.as_deref(),
        "count" => c.count.as_deref(),
        "description" => c.description.as_deref(),
        _ => None,
    }
}

fn parse_count(value: &str) -> Result<u32, String> {
    if value.is_empty() {
        return Ok(1);
    }
    match value.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "\"{value}\" is not a valid count: expected a whole number of at least 1 (empty means 1)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("a,b,\"c;d\"\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("single"), b',');
    }

    #[test]
    fn field_column_respects_quotes() {
        assert_eq!(field_column("a,\"b,c\",d", b',', 2), 9);
        assert_eq!(field_column("a;b", b';', 0), 1);
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(""), Ok(1));
        assert_eq!(parse_count("3"), Ok(3));
        assert!(parse_count("0").is_err());
        assert!(parse_count("-2").is_err());
        assert!(parse_count("två").is_err());
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"Skadeg\xf6relse"), "Skadegörelse");
        assert_eq!(decode("\u{feff}å".as_bytes()), "å");
    }
}
