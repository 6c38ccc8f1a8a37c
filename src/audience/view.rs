//! View models: what the templates, charts and downloads receive.
//!
//! Nothing here refers back to the model: every value a page shows is
//! copied in on purpose, so an audience decides field by field what is
//! published. Numbers stay numbers (the render stage formats them); text
//! that depends on the language (dates, period names) is ready to show.

use serde::Serialize;

/// A link, `href` relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// Site-wide data, computed once per build and shared by every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMeta {
    pub title: String,
    pub description: String,
    pub notice: Option<String>,
    pub lang: String,
    pub municipality: String,
    /// Last date with incident data, as text.
    pub data_until: Option<String>,
    pub nav: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub id: String,
    pub href: String,
    /// A key in the theme's translations, or literal text for free pages.
    pub label: String,
    pub translate: bool,
}

/// A change against a comparison period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// `up`, `down`, `same` or `new` (nothing before, something now).
    pub kind: &'static str,
    pub abs: i64,
    /// Percent change; `None` when the earlier count was 0.
    pub pct: Option<f64>,
}

impl Change {
    /// `None` when there is no comparison (no data for the earlier period).
    pub fn between(now: u64, before: Option<u64>) -> Option<Change> {
        let before = before?;
        let abs = now as i64 - before as i64;
        let kind = match (before, abs.signum()) {
            (0, 1) => "new",
            (_, 1) => "up",
            (_, -1) => "down",
            _ => "same",
        };
        let pct = (before > 0).then(|| abs as f64 * 100.0 / before as f64);
        Some(Change { kind, abs, pct })
    }
}

/// A line of a headline table: a category (or the total) with comparisons.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub id: String,
    pub label: String,
    pub colour: Option<String>,
    pub count: u64,
    pub previous: Option<u64>,
    pub change: Option<Change>,
    pub year_ago: Option<u64>,
    pub change_year: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedCount {
    pub id: String,
    pub label: String,
    pub detail: Option<String>,
    pub href: Option<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    Line,
    Bar,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartPoint {
    pub label: String,
    pub value: u64,
    pub colour: Option<String>,
}

/// A chart and everything needed to make it accessible: caption, short
/// text alternative, long description and the data table it is drawn from.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub kind: ChartKind,
    pub caption: String,
    pub alt: String,
    pub long_desc: String,
    pub label_header: String,
    pub value_header: String,
    pub points: Vec<ChartPoint>,
    /// Filled in by the render stage.
    pub svg: String,
}

/// Markdown text; the render stage fills in `html`.
#[derive(Debug, Clone, Serialize)]
pub struct Markdown {
    #[serde(skip)]
    pub source: String,
    pub html: String,
}

impl Markdown {
    pub fn new(source: &str) -> Self {
        Markdown {
            source: source.to_string(),
            html: String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingLink {
    pub href: String,
    pub title: String,
    pub date: String,
    pub group: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryItem {
    pub date: String,
    pub status: String,
    pub comment: Option<String>,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub what: String,
    pub place: Option<Link>,
    pub category: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: String,
    pub status_label: String,
    pub comment: Option<String>,
    pub history: Vec<HistoryItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub start: String,
    pub end: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub cadence: String,
    pub cadence_label: String,
    pub slug: String,
    pub label: String,
    pub start: String,
    pub end: String,
    pub range: String,
    pub partial: bool,
    pub previous_label: Option<String>,
    pub year_ago_label: Option<String>,
    pub total: CountRow,
    pub categories: Vec<CountRow>,
    pub places: Vec<NamedCount>,
    pub areas: Vec<NamedCount>,
    pub organisations: Vec<NamedCount>,
    pub series_unit: String,
    pub series: Vec<SeriesPoint>,
    pub timeline: ChartView,
    pub category_chart: ChartView,
    pub meetings: Vec<MeetingLink>,
    pub actions: Vec<ActionRow>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub label: String,
    pub colour: String,
    pub counts: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub latest: Option<ReportSummary>,
    pub latest_reports: Vec<Link>,
    pub trend_months: Vec<String>,
    pub trend: Vec<TrendRow>,
    pub trend_chart: Option<ChartView>,
    pub open_actions: Vec<ActionRow>,
    pub recent_meetings: Vec<MeetingLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportSummary {
    pub href: String,
    pub label: String,
    pub previous_label: Option<String>,
    pub total: CountRow,
    pub categories: Vec<CountRow>,
    pub places: Vec<NamedCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveCadence {
    pub id: String,
    pub label: String,
    pub years: Vec<ArchiveYear>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveYear {
    pub year: i32,
    pub reports: Vec<NamedCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub title: String,
    pub date: String,
    pub group: String,
    pub attendees: Vec<String>,
    pub focus_places: Vec<Link>,
    pub focus_categories: Vec<String>,
    pub public: bool,
    pub summary: Option<String>,
    pub body: Markdown,
    pub actions: Vec<ActionRow>,
    pub report: Option<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingYear {
    pub year: i32,
    pub meetings: Vec<MeetingLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceRow {
    pub anchor: String,
    pub id: String,
    pub name: String,
    pub registered: bool,
    pub coordinates: Option<String>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaGroup {
    pub name: Option<String>,
    pub total: u64,
    pub places: Vec<PlaceRow>,
}

/// What one page shows; the variant picks the template.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageBody {
    Index(Box<IndexView>),
    Report(Box<ReportView>),
    Archive { cadences: Vec<ArchiveCadence> },
    Meeting(Box<MeetingView>),
    Meetings { years: Vec<MeetingYear> },
    Places { areas: Vec<AreaGroup> },
    Actions { actions: Vec<ActionRow> },
    Free { body: Markdown },
}

impl PageBody {
    pub fn template(&self) -> &'static str {
        match self {
            PageBody::Index(_) => "index.html",
            PageBody::Report(_) => "report.html",
            PageBody::Archive { .. } => "archive.html",
            PageBody::Meeting(_) => "meeting.html",
            PageBody::Meetings { .. } => "meetings.html",
            PageBody::Places { .. } => "places.html",
            PageBody::Actions { .. } => "actions.html",
            PageBody::Free { .. } => "page.html",
        }
    }
}

/// One page of the output.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Relative to the output root, always ending in `index.html`.
    pub path: String,
    pub title: String,
    /// Which navigation item is current.
    pub section: String,
    pub body: PageBody,
}

/// Everything one audience's output shows.
#[derive(Debug, Clone)]
pub struct SiteView {
    pub name: String,
    pub meta: SiteMeta,
    pub pages: Vec<PageView>,
}
