//! Reports and charts: a report's view, its charts and series, the start
//! page's summary and the archive.

use serde::Serialize;

use super::*;

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
    /// The single events of the period, the latest [`MAX_EVENTS`] at most
    /// (internal operative reports only).
    pub events: Option<Vec<EventRow>>,
    /// How many events the period has (more than listed when capped).
    pub events_total: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Hot times, darkness, hot spots, reference statistics and the map.
    pub insight: Box<crate::audience::insight_view::ReportInsight>,
    /// Released counts of this period changed by later releases (public
    /// output with a ledger only).
    pub revisions: Vec<RevisionView>,
}

/// A report's page: the report as the incident data make it, shared
/// with [`crate::audience::memo::ViewMemo`] where that keeps it, and what the notes
/// add. The template sees one object (the report's fields flattened).
#[derive(Debug, Clone, Serialize)]
pub struct ReportPage {
    #[serde(flatten)]
    pub report: std::sync::Arc<ReportView>,
    /// The notes dated in the period.
    pub meetings: Vec<MeetingLink>,
    /// The actions decided, followed up or running in the period (shared
    /// with the other reports that list them).
    pub actions: Vec<std::sync::Arc<ActionRow>>,
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
    pub surveys: Vec<crate::audience::insight_view::SurveyView>,
    /// The "my area" chooser (public output only).
    pub my_areas: Vec<crate::audience::area_view::AreaHeadline>,
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
    pub reports: Vec<ArchiveEntry>,
}

/// One report in the archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveEntry {
    pub label: String,
    pub href: String,
    /// The period's total; absent for a period no incident data cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Num>,
    /// "pågår", "inga händelseuppgifter".
    pub detail: Option<String>,
}

/// The report of a period no incident data cover (wholly before the
/// data start, or a site without incident data): the notes and actions
/// of the period and why there are no counts, never a table of zeros
/// that would read as "nothing happened".
#[derive(Debug, Clone, Serialize)]
pub struct UncoveredReport {
    pub head: ReportHead,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// Why the page has no counts, and where the data start.
    pub notice: String,
    pub meetings: Vec<MeetingLink>,
    pub actions: Vec<std::sync::Arc<ActionRow>>,
}
