//! `[[sources]]`: how to read one partner's incident files.
//!
//! A source names its files by glob and says, by configuration alone, how
//! its export is laid out: encoding and delimiter (detected unless given),
//! which of its columns is which standard column, values fixed for every
//! row, and how its own type names map to the site's categories. A column
//! can be taken from part of another column, with fallbacks, so a feed that
//! names the county instead of the municipality needs no special code.
//! `covered_from` and `covered_until` say which days the source's data
//! cover when its first or last row does not (no events on its last days).
//! `[sources.keep]` keeps only the rows whose value of a column (taken the
//! same way as a standard column) is in a list: a county's feed becomes one
//! municipality's by configuration, with no hand-filtered copy to keep in
//! step.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub name: String,
    /// Relative to `content/incidents/`.
    pub glob: String,
    #[serde(default)]
    pub encoding: EncodingChoice,
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    #[serde(default)]
    pub columns: ColumnNames,
    /// Values used for every row, whatever the file holds.
    #[serde(default)]
    pub fixed: FixedValues,
    /// The source's own category names → category ids (any case).
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
    /// Category id for values neither mapped nor known; without it an
    /// unmapped value is an error.
    #[serde(default)]
    pub catch_all: Option<String>,
    /// The first day the source's data cover; by default its first row's
    /// date.
    #[serde(default, deserialize_with = "super::data::optional_date")]
    pub covered_from: Option<NaiveDate>,
    /// The last day the source's data cover; by default its last row's
    /// date. A partner that had no events on its last days says so here.
    #[serde(default, deserialize_with = "super::data::optional_date")]
    pub covered_until: Option<NaiveDate>,
    /// Only the rows this filter keeps are read; the others are neither
    /// checked nor counted.
    #[serde(default)]
    pub keep: Option<RowFilter>,
}

/// `[sources.keep]`: the rows whose value of `column` is one of `values`
/// (any case, surrounding spaces ignored). `column` is written like a
/// column of `[sources.columns]`: a header name, an extractor or a chain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowFilter {
    pub column: ColumnSpec,
    pub values: toml::Spanned<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum EncodingChoice {
    /// UTF-8 (with or without byte-order mark), else Windows-1252.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    #[serde(rename = "windows-1252", alias = "cp1252")]
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Delimiter {
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ";")]
    Semicolon,
    #[serde(rename = "tab", alias = "tabb", alias = "\t")]
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

/// A standard column of an incident file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Date,
    Time,
    Category,
    Place,
    Area,
    Organisation,
    Count,
    Description,
    Latitude,
    Longitude,
    Coordinates,
    Northing,
    Easting,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Date,
        Field::Time,
        Field::Category,
        Field::Place,
        Field::Area,
        Field::Organisation,
        Field::Count,
        Field::Description,
        Field::Latitude,
        Field::Longitude,
        Field::Coordinates,
        Field::Northing,
        Field::Easting,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Time => "time",
            Field::Category => "category",
            Field::Place => "place",
            Field::Area => "area",
            Field::Organisation => "organisation",
            Field::Count => "count",
            Field::Description => "description",
            Field::Latitude => "latitude",
            Field::Longitude => "longitude",
            Field::Coordinates => "coordinates",
            Field::Northing => "northing",
            Field::Easting => "easting",
        }
    }

    /// Header names recognised when a source does not name the column.
    pub fn default_headers(self) -> &'static [&'static str] {
        match self {
            Field::Date => &["date", "datum"],
            Field::Time => &["time", "tid", "klockslag"],
            Field::Category => &["category", "kategori"],
            Field::Place => &["place", "plats"],
            Field::Area => &["area", "område", "omrade"],
            Field::Organisation => &["organisation", "organization", "aktör", "aktor"],
            Field::Count => &["count", "antal"],
            Field::Description => &["description", "beskrivning"],
            Field::Latitude => &["latitude", "lat", "latitud"],
            Field::Longitude => &["longitude", "lon", "lng", "longitud"],
            Field::Coordinates => &["coordinates", "koordinater", "gps"],
            Field::Northing => &["northing", "nordkoordinat", "sweref99_n"],
            Field::Easting => &["easting", "ostkoordinat", "sweref99_e"],
        }
    }
}

/// Where a standard column's value comes from.
#[derive(Debug, Clone)]
pub enum ColumnSpec {
    /// The header name of the column.
    Name(String),
    /// Part of a column.
    Extract(Extractor),
    /// The first of several that gives a value.
    Chain(Vec<Extractor>),
}

impl<'de> Deserialize<'de> for ColumnSpec {
    /// By hand rather than `untagged`, so that a mistake inside a column
    /// table is named (an unknown key, a `part` that is no number) instead
    /// of "did not match any variant".
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        fn extractor<E: Error>(v: toml::Value) -> Result<Extractor, E> {
            match v {
                toml::Value::String(column) => Ok(Extractor {
                    column,
                    split: None,
                    part: None,
                    unless: Vec::new(),
                }),
                toml::Value::Table(_) => Extractor::deserialize(v).map_err(|e| {
                    let m = e.message().trim().to_string();
                    if m.contains("expected i64") || m.contains("expected an integer") {
                        E::custom(crate::msg!("column_part", detail = m))
                    } else {
                        E::custom(m)
                    }
                }),
                other => Err(E::custom(crate::msg!(
                    "column_forms",
                    found = other.type_str()
                ))),
            }
        }
        match toml::Value::deserialize(d)? {
            toml::Value::String(name) => Ok(ColumnSpec::Name(name)),
            v @ toml::Value::Table(_) => extractor(v).map(ColumnSpec::Extract),
            toml::Value::Array(items) => items
                .into_iter()
                .map(extractor)
                .collect::<Result<Vec<_>, _>>()
                .map(ColumnSpec::Chain),
            other => Err(D::Error::custom(crate::msg!(
                "column_forms",
                found = other.type_str()
            ))),
        }
    }
}

impl ColumnSpec {
    pub fn extractors(&self) -> Vec<Extractor> {
        match self {
            ColumnSpec::Name(n) => vec![Extractor {
                column: n.clone(),
                split: None,
                part: None,
                unless: Vec::new(),
            }],
            ColumnSpec::Extract(e) => vec![e.clone()],
            ColumnSpec::Chain(v) => v.clone(),
        }
    }
}

/// Takes a value from a column: optionally one part of it split at
/// `split` (`part` counts from 0, negative from the end: -1 is the last),
/// trimmed; values listed in `unless` count as empty, so the next
/// extractor of a chain is tried.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extractor {
    pub column: String,
    #[serde(default)]
    pub split: Option<String>,
    #[serde(default)]
    pub part: Option<i64>,
    #[serde(default)]
    pub unless: Vec<String>,
}

impl Extractor {
    /// The value this extractor takes from a field's text; `None` if empty.
    pub fn apply<'a>(&self, field: &'a str) -> Option<&'a str> {
        let value = match (&self.split, self.part) {
            (Some(sep), part) => {
                let parts: Vec<&str> = field.split(sep.as_str()).collect();
                let i = part.unwrap_or(0);
                let idx = if i < 0 { parts.len() as i64 + i } else { i };
                parts.get(usize::try_from(idx).ok()?).copied()?
            }
            (None, _) => field,
        }
        .trim();
        let excluded = self
            .unless
            .iter()
            .any(|u| u.trim().to_lowercase() == value.to_lowercase());
        (!value.is_empty() && !excluded).then_some(value)
    }
}

/// The source's own names for the standard columns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnNames {
    pub date: Option<ColumnSpec>,
    pub time: Option<ColumnSpec>,
    pub category: Option<ColumnSpec>,
    pub place: Option<ColumnSpec>,
    pub area: Option<ColumnSpec>,
    pub organisation: Option<ColumnSpec>,
    pub count: Option<ColumnSpec>,
    pub description: Option<ColumnSpec>,
    pub latitude: Option<ColumnSpec>,
    pub longitude: Option<ColumnSpec>,
    pub coordinates: Option<ColumnSpec>,
    pub northing: Option<ColumnSpec>,
    pub easting: Option<ColumnSpec>,
}

impl ColumnNames {
    pub fn get(&self, f: Field) -> Option<&ColumnSpec> {
        match f {
            Field::Date => self.date.as_ref(),
            Field::Time => self.time.as_ref(),
            Field::Category => self.category.as_ref(),
            Field::Place => self.place.as_ref(),
            Field::Area => self.area.as_ref(),
            Field::Organisation => self.organisation.as_ref(),
            Field::Count => self.count.as_ref(),
            Field::Description => self.description.as_ref(),
            Field::Latitude => self.latitude.as_ref(),
            Field::Longitude => self.longitude.as_ref(),
            Field::Coordinates => self.coordinates.as_ref(),
            Field::Northing => self.northing.as_ref(),
            Field::Easting => self.easting.as_ref(),
        }
    }
}

/// Values fixed for every row of the source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedValues {
    pub organisation: Option<String>,
    pub category: Option<String>,
    pub place: Option<String>,
    pub area: Option<String>,
}

impl FixedValues {
    pub fn get(&self, f: Field) -> Option<&str> {
        match f {
            Field::Organisation => self.organisation.as_deref(),
            Field::Category => self.category.as_deref(),
            Field::Place => self.place.as_deref(),
            Field::Area => self.area.as_deref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(split: Option<&str>, part: Option<i64>, unless: &[&str]) -> Extractor {
        Extractor {
            column: "c".into(),
            split: split.map(Into::into),
            part,
            unless: unless.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn extractor_takes_last_part() {
        let e = ex(Some(","), Some(-1), &[]);
        assert_eq!(e.apply("18 mars 13:29, Mord/dråp, Sunne"), Some("Sunne"));
        assert_eq!(ex(Some(","), Some(5), &[]).apply("a,b"), None);
    }

    #[test]
    fn extractor_unless_is_empty() {
        let e = ex(None, None, &["Värmlands län"]);
        assert_eq!(e.apply(" värmlands län "), None);
        assert_eq!(e.apply("Sunne"), Some("Sunne"));
        assert_eq!(e.apply("  "), None);
    }
}
