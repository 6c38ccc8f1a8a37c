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
    /// `internal` or `public`: internal pages carry a "do not publish" banner.
    pub audience: String,
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

/// A published count: a number, or hidden by disclosure control (written
/// `..`, the way Swedish official statistics write it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Value(u64),
    /// Hidden by disclosure control. Every hidden count looks the same,
    /// small or hidden to protect a small one: no page says which, so a
    /// reader cannot tell the small ones apart.
    Hidden,
}

/// How a hidden count is written everywhere: pages, charts and downloads.
pub const HIDDEN: &str = "..";

impl Num {
    pub fn value(self) -> Option<u64> {
        match self {
            Num::Value(v) => Some(v),
            Num::Hidden => None,
        }
    }
}

impl From<u64> for Num {
    fn from(v: u64) -> Self {
        Num::Value(v)
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Num::Value(v) => s.serialize_u64(*v),
            Num::Hidden => s.serialize_str(HIDDEN),
        }
    }
}

/// The smallest earlier count a change is given as a percentage of:
/// below it a percentage says more than the counts do (1 → 4 is "+300 %"),
/// so only the difference is shown. Documented in the README.
pub const PCT_BASE: u64 = 10;

/// A change against a comparison period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// `up`, `down`, `same` or `new` (nothing before, something now).
    pub kind: &'static str,
    pub abs: i64,
    /// Percent change; `None` when the earlier count was below
    /// [`PCT_BASE`].
    pub pct: Option<f64>,
}

impl Change {
    /// `None` when there is no comparison (no data for the earlier period)
    /// or either count is hidden.
    pub fn between(now: Num, before: Option<Num>) -> Option<Change> {
        let (now, before) = (now.value()?, before?.value()?);
        let abs = now as i64 - before as i64;
        let kind = match (before, abs.signum()) {
            (0, 1) => "new",
            (_, 1) => "up",
            (_, -1) => "down",
            _ => "same",
        };
        let pct = (before >= PCT_BASE).then(|| abs as f64 * 100.0 / before as f64);
        Some(Change { kind, abs, pct })
    }
}

/// A line of a headline table: a category (or the total) with comparisons.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    pub id: String,
    pub label: String,
    pub colour: Option<String>,
    pub count: Num,
    pub previous: Option<Num>,
    pub change: Option<Change>,
    pub year_ago: Option<Num>,
    pub change_year: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedCount {
    pub id: String,
    pub label: String,
    pub detail: Option<String>,
    pub href: Option<String>,
    pub count: Num,
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
    pub value: Num,
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
    /// Points marked with a dashed vertical line and a short label: when
    /// an action concerning the selection started or ended.
    pub marks: Vec<ChartMark>,
    /// Filled in by the render stage.
    pub svg: String,
}

/// A marked point of a line chart.
#[derive(Debug, Clone, Serialize)]
pub struct ChartMark {
    /// Index into the chart's points.
    pub at: usize,
    /// Drawn beside the line (an action id and "start"/"slut").
    pub label: String,
    /// Said in the figure's text: "A-2025-03 började i maj 2025".
    pub text: String,
}

/// Markdown text; the render stage fills in `html`.
#[derive(Debug, Clone, Serialize)]
pub struct Markdown {
    #[serde(skip)]
    pub source: String,
    /// The computed figures in `source`, evaluated for this output.
    #[serde(skip)]
    pub figures: Vec<Figure>,
    pub html: String,
    /// `html` cut where a chart or table stands: each part is HTML
    /// followed by an optional figure (drawn by the theme's chart macro).
    pub parts: Vec<BodyPart>,
}

impl Markdown {
    pub fn new(source: &str) -> Self {
        Markdown {
            source: source.to_string(),
            figures: Vec::new(),
            html: String::new(),
            parts: Vec::new(),
        }
    }
}

/// One shortcode as an output shows it.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Bytes of the Markdown source that it replaces.
    pub span: std::ops::Range<usize>,
    pub value: FigureValue,
}

#[derive(Debug, Clone)]
pub enum FigureValue {
    /// A number or change, ready to read: `1 285`, `+12 (+15,0 %)`, `..`.
    Text(String),
    /// A chart, with its caption, text alternative and data table.
    Chart(Box<ChartView>),
    /// Only the data table of such a chart.
    Table(Box<ChartView>),
}

/// A piece of a rendered body: HTML, then a chart or a table or neither.
#[derive(Debug, Clone, Serialize)]
pub struct BodyPart {
    pub html: String,
    pub chart: Option<ChartView>,
    /// Only the chart's data table.
    pub table_only: bool,
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
    /// The note that recorded it, where the audience may see that note.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub what: String,
    pub place: Option<Link>,
    pub area: Option<String>,
    pub category: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: String,
    pub status_label: String,
    pub comment: Option<String>,
    pub history: Vec<HistoryItem>,
    /// Due before the site's date and not done or cancelled.
    pub overdue: bool,
    /// When it runs or ran: "från 5 maj 2025", "5 maj–30 sep 2025".
    pub period: Option<String>,
    /// Its effect, where evaluated and shown.
    pub effect: Option<super::action_view::EffectSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub start: String,
    pub end: String,
    pub label: String,
    pub count: Num,
}

/// What identifies a report: cadence, period and dates.
#[derive(Debug, Clone, Serialize)]
pub struct ReportHead {
    pub cadence: String,
    pub cadence_label: String,
    pub slug: String,
    pub label: String,
    pub start: String,
    pub end: String,
    pub range: String,
    pub partial: bool,
    /// The days the counts and their comparisons cover, where the
    /// audience's counts follow them (the internal output; the public
    /// output counts whole months and leaves them out).
    #[serde(flatten)]
    pub windows: Option<ReportWindows>,
}

/// The days a report's counts cover and are compared with.
#[derive(Debug, Clone, Serialize)]
pub struct ReportWindows {
    /// The days the counts cover (ISO dates): the period, or for a period
    /// not complete, its start to the coverage end.
    pub window: DateRange,
    /// The days of the previous period and of a year earlier that the
    /// counts are compared with; `None` without a comparison.
    pub previous_window: Option<DateRange>,
    pub year_ago_window: Option<DateRange>,
    /// For a period compared like for like (or not at all): which days,
    /// in words.
    pub comparison: Option<String>,
}

/// Two ISO dates, both inclusive.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateRange {
    pub start: String,
    pub end: String,
}

impl DateRange {
    pub fn new((start, end): (chrono::NaiveDate, chrono::NaiveDate)) -> Self {
        DateRange {
            start: start.to_string(),
            end: end.to_string(),
        }
    }
}

/// The most single events an operative report lists: a long list is not
/// read, and a large municipality's two weeks can hold thousands.
pub const MAX_EVENTS: usize = 500;

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub head: ReportHead,
    pub previous_label: Option<String>,
    pub year_ago_label: Option<String>,
    pub total: CountRow,
    pub categories: Vec<CountRow>,
    /// `None` where the audience may not see places.
    pub places: Option<Vec<NamedCount>>,
    pub areas: Vec<NamedCount>,
    /// `None` where the audience may not see reporting organisations.
    pub organisations: Option<Vec<NamedCount>>,
    pub series_unit: String,
    pub series: Vec<SeriesPoint>,
    /// `None` where the series would be finer than the audience may see.
    pub timeline: Option<ChartView>,
    pub category_chart: ChartView,
    pub meetings: Vec<MeetingLink>,
    pub actions: Vec<ActionRow>,
    /// The single events of the period, the latest [`MAX_EVENTS`] at most
    /// (internal operative reports only).
    pub events: Option<Vec<EventRow>>,
    /// How many events the period has (more than listed when capped).
    pub events_total: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Hot times, darkness, hot spots, reference statistics and the map.
    pub insight: Box<super::insight_view::ReportInsight>,
    /// Released counts of this period changed by later releases (public
    /// output with a ledger only).
    pub revisions: Vec<RevisionView>,
}

/// A released count changed by a later release, as the public sees it.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// The release's date, written out and as ISO.
    pub date: String,
    pub date_iso: String,
    /// The report the count belongs to.
    pub report: Link,
    /// What the count is about: "Totalt", a category, an area.
    pub what: String,
    pub from: Num,
    pub to: Num,
    pub reason: Option<String>,
}

/// One incident row as the internal operative report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub date: String,
    pub time: Option<String>,
    pub category: String,
    pub place: Option<Link>,
    pub organisation: String,
    pub count: u64,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub label: String,
    pub colour: String,
    pub counts: Vec<Num>,
    pub total: Num,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub latest_title: String,
    pub latest: Option<ReportSummary>,
    pub latest_reports: Vec<Link>,
    pub trend_months: Vec<String>,
    pub trend: Vec<TrendRow>,
    pub trend_chart: Option<ChartView>,
    pub actions_title: String,
    pub open_actions: Vec<ActionRow>,
    pub recent_meetings: Vec<MeetingLink>,
    /// Survey indicators shown on the start page.
    pub surveys: Vec<super::insight_view::SurveyView>,
    /// The "my area" chooser (public output only).
    pub my_areas: Vec<super::area_view::AreaHeadline>,
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
    /// The date as `YYYY-MM-DD`, for the feed.
    pub date_iso: String,
    pub group: String,
    pub attendees: Vec<String>,
    pub focus_places: Vec<Link>,
    pub focus_categories: Vec<String>,
    /// Whether the note is marked public (shown internally only).
    pub public: Option<bool>,
    pub summary: Option<String>,
    pub body: Option<Markdown>,
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
    pub href: String,
    pub id: String,
    pub name: String,
    pub registered: bool,
    pub coordinates: Option<String>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaGroup {
    pub name: Option<String>,
    pub href: Option<String>,
    pub total: u64,
    pub places: Vec<PlaceRow>,
}

/// What one page shows; the variant picks the template.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageBody {
    Index(Box<IndexView>),
    Report(Box<ReportView>),
    Archive {
        cadences: Vec<ArchiveCadence>,
    },
    Meeting(Box<MeetingView>),
    /// The meetings list, or one group's list.
    Meetings {
        /// This page's path, to mark the current group link.
        current: String,
        /// Every group's list of meetings.
        groups: Vec<Link>,
        years: Vec<MeetingYear>,
    },
    Places {
        areas: Vec<AreaGroup>,
    },
    Actions {
        actions: Vec<ActionRow>,
    },
    Free {
        body: Markdown,
    },
    Privacy(Box<PrivacyReport>),
    Place(Box<super::insight_view::PlacePage>),
    Surveys {
        surveys: Vec<super::insight_view::SurveyView>,
    },
    /// Every revision of a released count, newest release first.
    Revisions {
        revisions: Vec<RevisionView>,
    },
    Action(Box<super::action_view::ActionPage>),
    /// A public area page.
    Area(Box<super::area_view::AreaView>),
    /// Every public area with its headline.
    Areas {
        areas: Vec<super::area_view::AreaHeadline>,
    },
    /// Every decided action by the meeting that decided it.
    FollowUp {
        groups: Vec<super::action_view::FollowUpGroup>,
    },
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
            PageBody::Privacy(_) => "privacy.html",
            PageBody::Place(_) => "place.html",
            PageBody::Surveys { .. } => "surveys.html",
            PageBody::Revisions { .. } => "revisions.html",
            PageBody::Action(_) => "action.html",
            PageBody::Area(_) => "area.html",
            PageBody::Areas { .. } => "areas.html",
            PageBody::FollowUp { .. } => "followup.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_percentage_below_the_base() {
        // 1 → 4: the difference only, not "+300 %".
        let small = Change::between(Num::Value(4), Some(Num::Value(1))).unwrap();
        assert_eq!((small.kind, small.abs, small.pct), ("up", 3, None));
        // 9 → 12: still below the base of 10.
        assert_eq!(
            Change::between(12.into(), Some(9.into())).unwrap().pct,
            None
        );
        // 10 → 12: +2 of 10 = +20 %.
        assert_eq!(
            Change::between(12.into(), Some(10.into())).unwrap().pct,
            Some(20.0)
        );
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

/// What a public output withheld and hid: printed after every build and
/// shown on a page of the internal output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PrivacyReport {
    pub output: String,
    pub threshold: u64,
    /// Counts published (cells), and how many of them are hidden.
    pub cells: usize,
    pub primary: usize,
    pub secondary: usize,
    pub categories_withheld: Vec<String>,
    pub cadences_withheld: Vec<String>,
    pub notes_published: usize,
    pub notes_withheld: usize,
    pub actions_published: usize,
    pub actions_withheld: usize,
    pub pages_withheld: usize,
    /// Translation keys of the kinds of data never published.
    pub fields_withheld: Vec<String>,
    /// The publication ledger's state, when the site keeps one.
    pub ledger: Option<LedgerStatus>,
}

/// What the data say against the publication ledger.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerStatus {
    pub releases: usize,
    /// Released counts whose value the data changed since (the next
    /// release publishes them as revisions).
    pub changed: usize,
    /// Complete periods not released yet.
    pub waiting: usize,
}

/// Everything one audience's output shows.
#[derive(Debug, Clone)]
pub struct SiteView {
    pub meta: SiteMeta,
    pub pages: Vec<PageView>,
}
