//! The validated domain model every later stage works from.
//!
//! Incidents are compact: ids instead of strings, so a million rows fit in a
//! few tens of megabytes and aggregation touches only integers. Everything is
//! sorted on construction so that later stages can rely on a deterministic
//! order without sorting again.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub mod geo;
mod incident;
pub mod ledger;
pub mod markdown;
pub mod names;
mod ring_index;
pub mod shortcode;
pub mod simplify;

pub use incident::{Incident, IncidentFields, Incidents, PerDay};

/// Index into [`Model::categories`].
pub type CategoryId = u16;
/// Index into [`Model::places`].
pub type PlaceId = u32;
/// Index into [`Model::organisations`].
pub type OrgId = u16;
/// Index into [`Model::areas`].
pub type AreaId = u16;

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub colour: String,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub area: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// False for names met in incident files but missing from the register.
    pub registered: bool,
}

/// Status of an action (insats) in the register. Notes may write it in
/// English or Swedish (`planerad`, `pågår`, `klar` or `genomförd`,
/// `avbruten`); an unknown word gets a "did you mean" over both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    #[serde(alias = "planerad")]
    Planned,
    #[serde(alias = "pågår")]
    Ongoing,
    #[serde(alias = "klar", alias = "genomförd")]
    Done,
    #[serde(alias = "avbruten", alias = "canceled")]
    Cancelled,
}

impl ActionStatus {
    pub fn id(self) -> &'static str {
        match self {
            ActionStatus::Planned => "planned",
            ActionStatus::Ongoing => "ongoing",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::Ongoing)
    }
}

/// An action as one note states it: the first mention describes it, later
/// mentions may restate only the id and a new status.
#[derive(Debug, Clone)]
pub struct ActionEntry {
    pub id: String,
    pub what: Option<String>,
    pub place: Option<PlaceId>,
    pub category: Option<CategoryId>,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub public: Option<bool>,
    pub comment: Option<String>,
    /// When it works, what it aims at and what it is compared with.
    pub scope: ActionScope,
}

/// An action's dates, target and comparison as one note states them
/// (every field optional; a later note's value replaces an earlier one).
/// Areas are the model's area names, as the register or the polygons
/// spell them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionScope {
    /// When it started working; by default the first `ongoing` status.
    pub start: Option<NaiveDate>,
    /// When it stopped working, if it did.
    pub end: Option<NaiveDate>,
    pub target_places: Vec<PlaceId>,
    pub target_areas: Vec<String>,
    /// Only these categories count (all when empty).
    pub target_categories: Vec<CategoryId>,
    /// The comparison; by default the rest of the municipality without
    /// the target's areas and their neighbours.
    pub compare_places: Vec<PlaceId>,
    pub compare_areas: Vec<String>,
    /// Months before and after the start month, instead of `[effects]`.
    pub window_months: Option<u32>,
}

impl ActionScope {
    /// The later statement's fields win where it gives them.
    pub fn merge(&mut self, later: &ActionScope) {
        fn list<T: Clone>(a: &mut Vec<T>, b: &[T]) {
            if !b.is_empty() {
                *a = b.to_vec();
            }
        }
        self.start = later.start.or(self.start);
        self.end = later.end.or(self.end);
        list(&mut self.target_places, &later.target_places);
        list(&mut self.target_areas, &later.target_areas);
        list(&mut self.target_categories, &later.target_categories);
        list(&mut self.compare_places, &later.compare_places);
        list(&mut self.compare_areas, &later.compare_areas);
        self.window_months = later.window_months.or(self.window_months);
    }

    /// Does it name a place or an area to evaluate?
    pub fn has_target(&self) -> bool {
        !self.target_places.is_empty() || !self.target_areas.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct Meeting {
    /// From the file name; the page's folder name.
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    /// A built-in group id (operative, strategic, council) or a configured one.
    pub group: String,
    pub attendees: Vec<String>,
    pub focus_places: Vec<PlaceId>,
    pub focus_categories: Vec<CategoryId>,
    pub public: bool,
    pub summary: Option<String>,
    pub public_summary: Option<String>,
    pub public_body: bool,
    /// The Markdown body, rendered by the render stage.
    pub body: String,
    /// The computed figures in the body, in order.
    pub shortcodes: Vec<shortcode::Shortcode>,
    pub actions: Vec<ActionEntry>,
}

/// A free page from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub order: i64,
    /// May a public output show it?
    pub public: bool,
    pub body: String,
}

/// Everything read from the site folder, validated.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub categories: Vec<Category>,
    pub places: Vec<Place>,
    /// Areas: those of `areas.geojson` in file order, then the register's
    /// other area names, sorted.
    pub areas: Vec<crate::model::geo::Area>,
    /// Official statistics from `content/reference/`, sorted.
    pub reference: Vec<ReferenceRow>,
    /// Survey indicators from `content/surveys/`, sorted.
    pub surveys: Vec<SurveyRow>,
    pub organisations: Vec<String>,
    /// Incident descriptions (internal only), referred to by index.
    pub descriptions: Vec<String>,
    /// Sorted by date, then time, category, place, organisation. Shared
    /// with the reader's cache (`lagesbild serve`), or used where they lie
    /// in the part the last build kept (see [`Incidents`]).
    pub incidents: Incidents,
    /// Sorted by date, then slug.
    pub meetings: Vec<Meeting>,
    /// Sorted by order, then title.
    pub pages: Vec<Page>,
    /// Number of incident rows read (one row may count several events).
    pub rows: usize,
    pub files: usize,
    /// The publication ledger (`content/releases.toml`), when the site
    /// keeps one.
    pub ledger: Option<ledger::Ledger>,
    /// What each source's rows cover: the `[[sources]]` in configuration
    /// order, then the files that match none, if any.
    pub sources: Vec<SourceCoverage>,
    /// A key of every input but the notes, when the model was read with a
    /// cache: by sizes and times for `lagesbild serve`, by contents for
    /// `lagesbild build` (see `source::ReadCache`); the analysis keeps its
    /// data part under it.
    pub data_key: Option<u64>,
}

impl Model {
    /// First and last date of the incident data, if there is any.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((
            self.incidents.first()?.date(),
            self.incidents.last()?.date(),
        ))
    }

    /// The incidents whose date lies in `start..=end`, by binary search.
    pub fn incidents_between(&self, start: NaiveDate, end: NaiveDate) -> &[Incident] {
        let (start, end) = (start.num_days_from_ce(), end.num_days_from_ce());
        let lo = self.incidents.partition_point(|i| i.day() < start);
        let hi = self.incidents.partition_point(|i| i.day() <= end);
        &self.incidents[lo..hi.max(lo)]
    }

    /// A place (its name or id) that `text` names as whole words, if any:
    /// for text written to be published, which must not name places.
    pub fn place_named_in(&self, text: &str) -> Option<&str> {
        let words = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let text = format!(" {} ", words(text));
        self.places
            .iter()
            .find(|p| {
                [&p.name, &p.id].into_iter().any(|n| {
                    let n = words(n);
                    !n.is_empty() && text.contains(&format!(" {n} "))
                })
            })
            .map(|p| p.name.as_str())
    }

    pub fn area_of(&self, place: Option<PlaceId>) -> Option<&str> {
        place.and_then(|p| self.places[p as usize].area.as_deref())
    }

    /// The name of the area an incident counts in.
    pub fn incident_area(&self, i: &Incident) -> Option<&str> {
        i.area().map(|a| self.areas[a as usize].name.as_str())
    }
}

/// The name of the implicit source: incident files that match no
/// `[[sources]]` glob.
pub const NO_SOURCE: &str = "(no source)";

/// The dates one source's rows cover, recorded while its files are read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourceCoverage {
    /// The `[[sources]]` name, or [`NO_SOURCE`].
    pub name: String,
    /// Rows kept in the model.
    pub rows: usize,
    /// Rows left out by the source's `[sources.keep]`.
    pub filtered: usize,
    /// First and last row date.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// The last row date of a public category.
    pub last_public: Option<NaiveDate>,
    /// `covered_from` and `covered_until` from the configuration.
    pub covered_from: Option<NaiveDate>,
    pub covered_until: Option<NaiveDate>,
    /// Where the last row is: file and line (for the lag warning).
    pub last_at: Option<(std::path::PathBuf, usize)>,
}

impl SourceCoverage {
    /// The first day covered: configured, else the first row's date.
    pub fn from(&self) -> Option<NaiveDate> {
        self.covered_from.or(self.first)
    }

    /// The last day covered: configured, else the last row's date.
    pub fn until(&self) -> Option<NaiveDate> {
        self.covered_until.or(self.last)
    }

    /// The last day covered for public categories: configured, else the
    /// last public row's date, so one late row of a non-public category
    /// never moves it.
    pub fn public_until(&self) -> Option<NaiveDate> {
        self.covered_until.or(self.last_public)
    }

    /// One line for the build and `check` summary: name, from, until, rows.
    pub fn line(&self) -> String {
        let date = |d: Option<NaiveDate>, set: bool| match d {
            Some(d) if set => crate::msg!("coverage_configured", date = d),
            Some(d) => d.to_string(),
            None => "–".to_string(),
        };
        let filtered = match self.filtered {
            0 => String::new(),
            n => crate::msg!("coverage_filtered", count = n),
        };
        let name = if self.name == NO_SOURCE {
            crate::msg!("coverage_no_source")
        } else {
            self.name.clone()
        };
        crate::msg!(
            "coverage_line",
            name = name,
            from = date(self.from(), self.covered_from.is_some()),
            until = date(self.until(), self.covered_until.is_some()),
            rows = self.rows,
            filtered = filtered
        )
    }
}

/// The coverage lines of every source, for the build and `check` summary.
pub fn coverage_lines(model: &Model) -> Vec<String> {
    model.sources.iter().map(SourceCoverage::line).collect()
}

/// The period of an official statistic: a year or a quarter (`2024K3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RefPeriod {
    pub year: i32,
    /// 1–4 for a quarter, 0 for the whole year.
    pub quarter: u8,
}

/// One number of an official statistic (for instance Brå's reported
/// crimes per year or quarter).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceRow {
    /// File stem: which series it belongs to (`bra`).
    pub series: String,
    pub period: RefPeriod,
    /// The statistic's own key (`total`, `vandalism` …).
    pub key: String,
    pub label: Option<String>,
    pub count: Option<u64>,
    pub per100k: Option<f64>,
    pub preliminary: bool,
}

/// One value of a survey indicator, for one year and group.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    pub indicator: String,
    pub year: i32,
    /// `None` for everyone; otherwise a group such as "Kvinnor" or an area.
    pub group: Option<String>,
    pub value: f64,
    pub n: Option<u64>,
    pub source: Option<String>,
    pub unit: Option<String>,
}
