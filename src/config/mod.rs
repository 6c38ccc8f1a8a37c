//! The site configuration, `lagesbild.toml`.
//!
//! The structs mirror the TOML tables one to one and refuse unknown keys, so
//! a misspelt key is an error that names the key, the file, the line and a
//! close match rather than a setting silently ignored.

mod analysis;
mod data;
mod paths;
mod source;
mod spans;
mod toml_all;
mod toml_error;
mod validate;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use analysis::MAX_WINDOW_MONTHS;
pub use analysis::{AreasConfig, Crs, EffectsConfig, HotspotConfig, ReferenceConfig};
pub use data::{DataConfig, date_in};
pub use source::{
    ColumnNames, ColumnSpec, Delimiter, EncodingChoice, Extractor, Field, FixedValues, RowFilter,
    SourceConfig,
};
pub use toml_all::{Parsed, from_str_all};
pub use toml_error::toml_diagnostic;

/// File name of the configuration at the site root.
pub const CONFIG_FILE: &str = "lagesbild.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub site: SiteConfig,
    pub municipality: Municipality,
    #[serde(default)]
    pub categories: Vec<CategoryConfig>,
    #[serde(default)]
    pub groups: Vec<GroupConfig>,
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    #[serde(default)]
    pub reports: ReportsConfig,
    /// The outputs to write; by default `internal` and `public`.
    #[serde(default = "default_outputs")]
    pub outputs: Vec<OutputConfig>,
    /// Rules for public outputs.
    #[serde(default)]
    pub privacy: PrivacyConfig,
    #[serde(default)]
    pub areas: AreasConfig,
    #[serde(default)]
    pub reference: ReferenceConfig,
    #[serde(default)]
    pub hotspots: HotspotConfig,
    /// `[data]`: the earliest plausible date and the lag warning.
    #[serde(default)]
    pub data: DataConfig,
    #[serde(default)]
    pub effects: EffectsConfig,
}

/// One output folder and the audience it is for.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Folder name under the output folder: a-z, 0-9 and '-'.
    pub name: String,
    pub audience: AudienceKind,
}

/// Written in English or Swedish (`intern`, `offentlig`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AudienceKind {
    /// Everything, for the operative and strategic groups.
    #[serde(alias = "intern")]
    Internal,
    /// Citizens: only what the privacy rules allow.
    #[serde(alias = "offentlig")]
    Public,
}

fn default_outputs() -> Vec<OutputConfig> {
    vec![
        OutputConfig {
            name: "internal".into(),
            audience: AudienceKind::Internal,
        },
        OutputConfig {
            name: "public".into(),
            audience: AudienceKind::Public,
        },
    ]
}

/// What a public output may show. The defaults are the safe ones.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Counts from 1 to threshold − 1 are hidden (at least 3).
    #[serde(default = "default_threshold")]
    pub threshold: u64,
    /// The report cadences published: month or coarser, and only those
    /// that `[reports]` builds. Each extra overlapping cadence adds sums
    /// from which a hidden count could be worked out, so more is hidden.
    #[serde(default = "default_public_cadences")]
    pub cadences: Vec<Cadence>,
    /// Publish counts per reporting organisation.
    #[serde(default)]
    pub organisations: bool,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        PrivacyConfig {
            threshold: default_threshold(),
            cadences: default_public_cadences(),
            organisations: false,
        }
    }
}

fn default_threshold() -> u64 {
    3
}

fn default_public_cadences() -> Vec<Cadence> {
    vec![Cadence::Month, Cadence::Quarter, Cadence::Year]
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub language: Language,
    /// A banner shown on every page, e.g. "the data are invented".
    #[serde(default)]
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default = "default_timezone")]
    pub timezone: String,
}

fn default_timezone() -> String {
    "Europe/Stockholm".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    pub id: String,
    pub label: String,
    #[serde(default = "default_colour")]
    pub colour: String,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn default_colour() -> String {
    "#3d4f63".to_string()
}

/// A meeting group beyond the three built-in ones.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    #[serde(default = "default_cadences")]
    pub cadences: Vec<Cadence>,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            cadences: default_cadences(),
        }
    }
}

/// A report cadence: how the calendar is cut into report periods.
/// Written in English or Swedish (`operativ`, `månad`, `tvåmånad`,
/// `tertial`, `kvartal`, `år`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// From the day after one operative meeting to the next meeting's date.
    #[serde(alias = "operativ")]
    Operative,
    #[serde(alias = "månad")]
    Month,
    /// Two months: Jan–Feb, Mar–Apr, …
    #[serde(alias = "tvåmånad")]
    Bimonth,
    /// Four months: Jan–Apr, May–Aug, Sep–Dec.
    Tertial,
    #[serde(alias = "kvartal")]
    Quarter,
    #[serde(alias = "år")]
    Year,
}

impl Cadence {
    pub const ALL: [Cadence; 6] = [
        Cadence::Operative,
        Cadence::Month,
        Cadence::Bimonth,
        Cadence::Tertial,
        Cadence::Quarter,
        Cadence::Year,
    ];

    /// Length of a period in months; 0 for operative periods, which follow
    /// the meetings.
    pub fn months(self) -> u32 {
        match self {
            Cadence::Operative => 0,
            Cadence::Month => 1,
            Cadence::Bimonth => 2,
            Cadence::Quarter => 3,
            Cadence::Tertial => 4,
            Cadence::Year => 12,
        }
    }

    /// The cadence whose [`Cadence::id`] is `id`.
    pub fn from_id(id: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Folder name under `reports/`.
    pub fn id(self) -> &'static str {
        match self {
            Cadence::Operative => "operative",
            Cadence::Month => "month",
            Cadence::Bimonth => "bimonth",
            Cadence::Tertial => "tertial",
            Cadence::Quarter => "quarter",
            Cadence::Year => "year",
        }
    }
}

fn default_cadences() -> Vec<Cadence> {
    Cadence::ALL.to_vec()
}

impl Config {
    /// Reads and validates `lagesbild.toml` in `site_dir`.
    pub fn load(site_dir: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = site_dir.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match crate::diagnostics::text_from_bytes(&path, &bytes, "TOML") {
                Ok(t) => t,
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            },
            Err(e) => {
                diags.push(Diagnostic::error(
                    &path,
                    0,
                    crate::msg!("config_unreadable", error = e),
                ));
                return None;
            }
        };
        // With errors in the configuration, reading the content would
        // mostly report their consequences (every row of a category that
        // failed, …): report the configuration's errors alone.
        let before = diags.errors().count();
        let config = Self::parse(&path, &text, diags)?;
        (diags.errors().count() == before).then_some(config)
    }

    pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Config> {
        match from_str_all::<Config>(path, text, 0).clean() {
            Ok(config) => {
                config.validate(path, text, diags);
                Some(config)
            }
            Err(errors) => {
                errors.into_iter().for_each(|d| diags.push(d));
                None
            }
        }
    }

    /// The municipality's time zone, `None` if the name is not known.
    pub fn timezone(&self) -> Option<chrono_tz::Tz> {
        self.municipality.timezone.parse().ok()
    }

    /// Built-in groups and the configured ones: (id, label) in display order.
    pub fn group_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = GROUP_NAMES.iter().map(|&(id, _)| id).collect();
        ids.extend(self.groups.iter().map(|g| g.id.as_str()));
        ids
    }
}

/// The built-in meeting groups and their Swedish names, which a note may
/// write instead (`group = "operativ"`).
pub const GROUP_NAMES: [(&str, &[&str]); 3] = [
    ("operative", &["operativ"]),
    ("strategic", &["strategisk"]),
    ("council", &["styrgrupp", "råd"]),
];

/// The group id a note's `group` names: one of `ids` (the built-in and
/// configured ids), or a built-in group's Swedish name (any case).
/// Otherwise the message and a "did you mean" over both languages.
pub fn resolve_group(ids: &[&str], name: &str) -> Result<String, (String, Option<String>)> {
    if ids.contains(&name) {
        return Ok(name.to_string());
    }
    let lower = name.trim().to_lowercase();
    if let Some((id, _)) = GROUP_NAMES
        .iter()
        .find(|(_, sv)| sv.contains(&lower.as_str()))
    {
        return Ok(id.to_string());
    }
    let swedish = GROUP_NAMES.iter().flat_map(|(_, sv)| sv.iter().copied());
    let names: Vec<&str> = ids.iter().copied().chain(swedish).collect();
    let hint = crate::diagnostics::suggest(name, names.iter().copied());
    let message = crate::msg!(
        "unknown_group",
        name = crate::diagnostics::echo(name),
        expected = names.join(", ")
    );
    Err((message, hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "[site]\ntitle = \"T\"\n[municipality]\nname = \"M\"\nlatitude = 59.0\nlongitude = 13.0\n[[categories]]\nid = \"brand\"\nlabel = \"Brand\"\n";

    #[test]
    fn minimal_config_gets_defaults() {
        let mut d = Diagnostics::default();
        let c = Config::parse(Path::new("lagesbild.toml"), MINIMAL, &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.municipality.timezone, "Europe/Stockholm");
        assert_eq!(c.site.language, Language::Sv);
        assert_eq!(c.reports.cadences, Cadence::ALL.to_vec());
    }

    #[test]
    fn unknown_key_names_line_and_close_match() {
        let text = MINIMAL.replace("title = \"T\"", "titel = \"T\"");
        let mut d = Diagnostics::default();
        assert!(Config::parse(Path::new("lagesbild.toml"), &text, &mut d).is_none());
        let e = d.errors().next().unwrap();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unknown key `titel`"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some("did you mean \"title\"?"));
    }

    #[test]
    fn bad_timezone_is_an_error() {
        let text = MINIMAL.replace(
            "longitude = 13.0",
            "longitude = 13.0\ntimezone = \"Europe/Stokholm\"",
        );
        let mut d = Diagnostics::default();
        Config::parse(Path::new("lagesbild.toml"), &text, &mut d);
        assert_eq!(d.errors().next().unwrap().line, 7);
    }

    #[test]
    fn errors_are_at_the_value_not_where_its_text_is_first_written() {
        // The bad colour's text is written first as the category's label,
        // the unknown source category's first as the source's name: the
        // errors are at the values themselves (from the parser's spans).
        let text = format!(
            "{MINIMAL}colour = \"#a00000\"\n[[categories]]\nid = \"klotter\"\nlabel = \"rod\"\ncolour = \"rod\"\n[[sources]]\nname = \"Brnad\"\nglob = \"p/*.csv\"\n[sources.categories]\nKlotter = \"Brnad\"\n"
        );
        let mut d = Diagnostics::default();
        Config::parse(Path::new("lagesbild.toml"), &text, &mut d);
        let e: Vec<_> = d.errors().collect();
        let colour = e.iter().find(|e| e.message.contains("rod")).expect("{e:?}");
        assert_eq!((colour.line, colour.column), (14, 10), "{e:?}");
        let target = (e.iter())
            .find(|e| e.message.contains("unknown category"))
            .expect("{e:?}");
        assert_eq!(target.line, 19, "{e:?}");
    }

    #[test]
    fn data_and_coverage_dates() {
        let text = format!(
            "{MINIMAL}[data]\nstart = 2024-01-01\n[[sources]]\nname = \"P\"\nglob = \"p/*.csv\"\ncovered_from = 2024-03-01\ncovered_until = \"2024-02-01\"\n"
        );
        let mut d = Diagnostics::default();
        let c = Config::parse(Path::new("lagesbild.toml"), &text, &mut d).unwrap();
        assert_eq!(c.data.start, chrono::NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(c.data.lag_warning_days, 14);
        let e: Vec<_> = d.errors().collect();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 15);
        assert!(
            e[0].message
                .contains("covered_from 2024-03-01 is after covered_until 2024-02-01")
        );
        let bad = format!("{MINIMAL}[data]\nstart = \"2024-13-01\"\n");
        let mut d = Diagnostics::default();
        assert!(Config::parse(Path::new("lagesbild.toml"), &bad, &mut d).is_none());
        let e = d.errors().next().unwrap();
        assert_eq!(e.line, 11);
        assert!(e.message.contains("not a valid date"), "{}", e.message);
    }

    #[test]
    fn analysis_settings_are_checked() {
        let text = format!(
            "{MINIMAL}[hotspots]\np_value = 2.0\n[reference.compare]\ntotal = [\"brnad\"]\n"
        );
        let mut d = Diagnostics::default();
        Config::parse(Path::new("lagesbild.toml"), &text, &mut d);
        let e: Vec<_> = d.errors().collect();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e.iter()
                .any(|e| e.line == 11 && e.message.contains("p_value 2 must lie between 0 and 1"))
        );
        let r = e.iter().find(|e| e.line == 13).unwrap();
        assert!(r.message.contains("unknown category \"brnad\""));
        assert_eq!(r.hint.as_deref(), Some("did you mean \"brand\"?"));
    }
}
