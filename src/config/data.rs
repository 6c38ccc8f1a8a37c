//! `[data]`: what the incident data as a whole may hold, and how far a
//! partner's data may lag before the build says so.
//!
//! A row dated before `start` (without it, before 1990) or after today is
//! a typo or an empty date cell (Excel's 1900-01-01), not an event: it
//! would stretch the site over decades of empty reports. Such rows are
//! left out with a warning (see `source::incidents`).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

/// The earliest date a row may have when `[data] start` is not set.
pub const DEFAULT_EARLIEST: (i32, u32, u32) = (1990, 1, 1);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// The first date of the site's data; earlier rows are left out.
    #[serde(default, deserialize_with = "optional_date")]
    pub start: Option<NaiveDate>,
    /// A source whose data end more than this many days before the latest
    /// meeting note or the most advanced other source is warned about.
    #[serde(default = "default_lag_warning_days")]
    pub lag_warning_days: u32,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            start: None,
            lag_warning_days: default_lag_warning_days(),
        }
    }
}

fn default_lag_warning_days() -> u32 {
    14
}

impl DataConfig {
    /// The earliest date a row may have.
    pub fn earliest(&self) -> NaiveDate {
        self.start.unwrap_or_else(|| {
            let (y, m, d) = DEFAULT_EARLIEST;
            NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
        })
    }
}

/// A date written as a TOML date (`2024-01-01`) or a string, within
/// `years` (a year outside is most likely a typo). Shared by the
/// configuration and the front matter of notes.
pub fn date_in<'de, D: Deserializer<'de>>(
    d: D,
    years: std::ops::RangeInclusive<i32>,
) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Repr::deserialize(d)? {
        Repr::Toml(dt) => dt.to_string(),
        Repr::Text(s) => s,
    };
    let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(crate::msg!("config_bad_date", value = text)))?;
    if !years.contains(&date.year()) {
        return Err(serde::de::Error::custom(crate::msg!(
            "config_date_years",
            value = text,
            from = years.start(),
            to = years.end()
        )));
    }
    Ok(date)
}

/// An optional date of the configuration (years 1900–2100).
pub(super) fn optional_date<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    date_in(d, 1900..=2100).map(Some)
}
