//! Which column of one file feeds which standard column.
//!
//! Resolved once per file from its header and the source's configuration:
//! a configured column must exist; a standard column the source does not
//! name is looked up by its usual header names; a column that appears twice
//! is an error, since it is unclear which one is meant.

use super::super::lookup::normalise;
use crate::config::{ColumnSpec, Extractor, Field, SourceConfig};

/// The value sources of one standard column in one file.
#[derive(Debug, Clone)]
pub enum Feed {
    /// Extractors applied to column indexes, first value wins.
    Columns(Vec<(usize, Extractor)>),
    Fixed(String),
}

#[derive(Debug, Default)]
pub struct Layout {
    /// By standard column (`Field as usize`, set from `Field::ALL`):
    /// looked up for every value of every row, so an index, not a hash
    /// table.
    feeds: [Option<Feed>; Field::ALL.len()],
    pub keep: Option<Keep>,
}

/// `[sources.keep]` in one file: the columns its value comes from and the
/// values (normalised) whose rows are kept.
#[derive(Debug)]
pub struct Keep {
    columns: Vec<(usize, Extractor)>,
    values: Vec<String>,
}

/// A header problem: message, and the header field it points at.
pub struct HeaderError {
    pub message: String,
    pub index: Option<usize>,
    pub hint: Option<String>,
}

impl Layout {
    pub fn resolve(
        header: &csv::StringRecord,
        source: Option<&SourceConfig>,
    ) -> Result<Layout, HeaderError> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        let find = |name: &str| -> Result<Option<usize>, HeaderError> {
            let want = name.trim().to_lowercase();
            let hits: Vec<usize> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| **n == want)
                .map(|(i, _)| i)
                .collect();
            match hits.as_slice() {
                [] => Ok(None),
                [i] => Ok(Some(*i)),
                [_, second, ..] => Err(HeaderError {
                    message: crate::msg!("column_twice", name = name),
                    index: Some(*second),
                    hint: None,
                }),
            }
        };
        let mut layout = Layout::default();
        for field in Field::ALL {
            if let Some(v) = source.and_then(|s| s.fixed.get(field)) {
                layout.feeds[field as usize] = Some(Feed::Fixed(v.to_string()));
                continue;
            }
            if let Some(spec) = source.and_then(|s| s.columns.get(field)) {
                let what = crate::msg!("source_column_names", field = field.key());
                let feeds = configured(spec, &what, header, &find)?;
                layout.feeds[field as usize] = Some(Feed::Columns(feeds));
                continue;
            }
            let mut found = None;
            for name in field.default_headers() {
                if let Some(i) = find(name)? {
                    if found.is_some() {
                        return Err(HeaderError {
                            message: crate::msg!("two_columns", field = field.key()),
                            index: Some(i),
                            hint: None,
                        });
                    }
                    found = Some(i);
                }
            }
            if let Some(i) = found {
                let ex = Extractor {
                    column: header[i].to_string(),
                    split: None,
                    part: None,
                    unless: Vec::new(),
                };
                layout.feeds[field as usize] = Some(Feed::Columns(vec![(i, ex)]));
            }
        }
        if let Some(keep) = source.and_then(|s| s.keep.as_ref()) {
            let columns = configured(&keep.column, &crate::msg!("keep_names"), header, &find)?;
            let values = keep.values.get_ref().iter().map(|v| normalise(v)).collect();
            layout.keep = Some(Keep { columns, values });
        }
        for field in [Field::Date, Field::Category] {
            if layout.feeds[field as usize].is_none() {
                let names = field.default_headers().join(&crate::msg!("header_or"));
                let close = header
                    .iter()
                    .filter(|h| h.chars().count() <= 40)
                    .find_map(|h| {
                        crate::diagnostics::suggest(
                            h.trim(),
                            field.default_headers().iter().copied(),
                        )
                    });
                let hint = close.map_or_else(
                    || crate::msg!("columns_hint"),
                    |c| crate::msg!("columns_hint_close", close = c),
                );
                return Err(HeaderError {
                    message: crate::msg!("no_column_field", field = field.key(), names = names),
                    index: None,
                    hint: Some(hint),
                });
            }
        }
        Ok(layout)
    }

    /// The value of a standard column on a record, and the index of the
    /// column it came from (for diagnostics).
    pub fn value<'r>(
        &'r self,
        f: Field,
        record: &'r csv::StringRecord,
    ) -> (Option<&'r str>, Option<usize>) {
        match self.feeds.get(f as usize).and_then(Option::as_ref) {
            None => (None, None),
            Some(Feed::Fixed(v)) => (Some(v.as_str()), None),
            Some(Feed::Columns(cols)) => extract(cols, record),
        }
    }

    /// Whether `[sources.keep]` keeps the record (always, without one).
    pub fn keeps(&self, record: &csv::StringRecord) -> bool {
        let Some(keep) = &self.keep else {
            return true;
        };
        extract(&keep.columns, record)
            .0
            .is_some_and(|v| keep.values.contains(&normalise(v)))
    }
}

/// The first value the extractors give on a record, and the index of the
/// column it came from (the first column when none gives one).
fn extract<'r>(
    cols: &'r [(usize, Extractor)],
    record: &'r csv::StringRecord,
) -> (Option<&'r str>, Option<usize>) {
    for (i, ex) in cols {
        if let Some(v) = record.get(*i).and_then(|text| ex.apply(text)) {
            return (Some(v), Some(*i));
        }
    }
    (None, cols.first().map(|(i, _)| *i))
}

/// The header columns of a configured column (a name, an extractor or a
/// chain); a name not in the header is an error that says which setting
/// (`what`) names it.
fn configured(
    spec: &ColumnSpec,
    what: &str,
    header: &csv::StringRecord,
    find: &dyn Fn(&str) -> Result<Option<usize>, HeaderError>,
) -> Result<Vec<(usize, Extractor)>, HeaderError> {
    let mut feeds = Vec::new();
    for ex in spec.extractors() {
        let Some(i) = find(&ex.column)? else {
            return Err(HeaderError {
                message: crate::msg!("no_column_which", column = ex.column, what = what),
                index: None,
                hint: crate::diagnostics::suggest(&ex.column, header.iter()),
            });
        };
        feeds.push((i, ex));
    }
    Ok(feeds)
}
