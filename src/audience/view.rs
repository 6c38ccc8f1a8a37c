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

/// Which way a count moved against its comparison.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Up,
    Down,
    Same,
    /// Nothing before, something now.
    New,
}

/// The p-value below which a change is larger than chance (see
/// [`change_p_value`]).
pub const NOTABLE_P: f64 = 0.05;

/// A change against a comparison period.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    pub abs: i64,
    /// Percent change; `None` when the earlier count was below
    /// [`PCT_BASE`].
    pub pct: Option<f64>,
    /// Whether the change is larger than chance: [`change_p_value`] below
    /// [`NOTABLE_P`]. Only such a change is coloured up or down; the others
    /// keep their sign and numbers in the text colour.
    pub notable: bool,
}

impl Change {
    /// `None` when there is no comparison (no data for the earlier period)
    /// or either count is hidden. The periods are taken as equally long.
    pub fn between(now: Num, before: Option<Num>) -> Option<Change> {
        Change::over(now, before, None)
    }

    /// As [`Change::between`], for periods of `days` = (now, before) days
    /// where the view knows them (a 31-day month against a 30-day one);
    /// `None` takes them as equally long.
    pub fn over(now: Num, before: Option<Num>, days: Option<(i64, i64)>) -> Option<Change> {
        let (now, before) = (now.value()?, before?.value()?);
        let abs = now as i64 - before as i64;
        let kind = match (before, abs.signum()) {
            (0, 1) => ChangeKind::New,
            (_, 1) => ChangeKind::Up,
            (_, -1) => ChangeKind::Down,
            _ => ChangeKind::Same,
        };
        let pct = (before >= PCT_BASE).then(|| abs as f64 * 100.0 / before as f64);
        let share = match days {
            Some((t1, t2)) if t1 > 0 && t2 > 0 => t1 as f64 / (t1 + t2) as f64,
            _ => 0.5,
        };
        let notable = change_p_value(now, before, share) < NOTABLE_P;
        Some(Change {
            kind,
            abs,
            pct,
            notable,
        })
    }
}

/// How many days the periods of a headline row cover: now, the previous
/// period and a year earlier, where the view knows them (`None`: taken as
/// equally long).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowDays {
    pub now: Option<i64>,
    pub previous: Option<i64>,
    pub year_ago: Option<i64>,
}

/// The number of days from `start` to `end`, both inclusive.
pub fn days_in((start, end): (chrono::NaiveDate, chrono::NaiveDate)) -> i64 {
    (end - start).num_days() + 1
}

/// The two-sided p-value of the conditional (exact) binomial test of two
/// Poisson counts: `now` events over one period and `before` over another,
/// `share` being the first period's share of their joint length (½ for
/// equally long periods). If both periods had the same rate, `now` would be
/// Binomial(now + before, share); the p-value is the probability of every
/// outcome no more likely than the one observed (the sum of probabilities
/// ≤ P(observed), as R's `binom.test`, with a relative tolerance of 10⁻⁷
/// for ties). 1 against 4 gives 0.375, 20 against 5 gives 0.0041, 10
/// against 10 gives 1.
///
/// The tails are summed outwards from their inner edge while terms matter,
/// so the work grows with the spread of the distribution, not its size.
pub fn change_p_value(now: u64, before: u64, share: f64) -> f64 {
    use crate::analysis::poisson::ln_factorial;
    let n = now + before;
    if n == 0 || !(share > 0.0 && share < 1.0) {
        return 1.0;
    }
    let (lq, lr) = (share.ln(), (1.0 - share).ln());
    let ln_pmf = |k: u64| {
        ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
            + k as f64 * lq
            + (n - k) as f64 * lr
    };
    // P(observed), with room for rounding: equally likely outcomes count.
    let limit = ln_pmf(now) + 1e-7;
    // The mode: the pmf rises up to it and falls after it.
    let mode = (((n + 1) as f64 * share).floor() as u64).min(n);
    // Sums P(k) from `from` outwards (down or up) while terms matter.
    let tail = |from: u64, down: bool| -> f64 {
        let (mut k, mut term, mut sum) = (from, ln_pmf(from).exp(), 0.0);
        let ratio = share / (1.0 - share);
        loop {
            sum += term;
            if term <= sum * 1e-17 || (down && k == 0) || (!down && k == n) {
                return sum;
            }
            // P(k−1)/P(k) = k/(n−k+1) · (1−q)/q; P(k+1)/P(k) = (n−k)/(k+1) · q/(1−q).
            if down {
                term *= k as f64 / ((n - k + 1) as f64 * ratio);
                k -= 1;
            } else {
                term *= (n - k) as f64 / (k + 1) as f64 * ratio;
                k += 1;
            }
        }
    };
    // The first outcome on the far side of the mode as unlikely as the one
    // observed, by binary search: past the observed count the pmf rises
    // (strictly, but for a tie at the mode) and then falls.
    let p = if now <= mode {
        let below = tail(now, true);
        let (mut lo, mut hi) = (now + 1, n + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if ln_pmf(mid) <= limit {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        below + if lo <= n { tail(lo, false) } else { 0.0 }
    } else {
        let above = tail(now, false);
        // The largest k < mode with P(k) ≤ P(observed), if any.
        let (mut lo, mut hi) = (0u64, mode);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if ln_pmf(mid) <= limit {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        above
            + if ln_pmf(lo) <= limit {
                tail(lo, true)
            } else {
                0.0
            }
    };
    p.min(1.0)
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

/// A report's page: the report as the incident data make it, shared
/// with [`super::memo::ViewMemo`] where that keeps it, and what the notes
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
    Report(Box<ReportPage>),
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
        assert_eq!(
            (small.kind, small.abs, small.pct),
            (ChangeKind::Up, 3, None)
        );
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

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn p_values_worked_by_hand() {
        // 1 against 4, n = 5, q = ½: P(k) = C(5, k)/32 = 1, 5, 10, 10, 5,
        // 1 (/32). P(1) = 5/32; the outcomes no more likely are k = 0, 1,
        // 4, 5: (1 + 5 + 5 + 1)/32 = 12/32 = 0.375.
        assert!(close(change_p_value(1, 4, 0.5), 0.375));
        assert!(close(change_p_value(4, 1, 0.5), 0.375));
        // 20 against 5, n = 25: P(X ≥ 20) = (C(25,20) + C(25,21) + … +
        // C(25,25))/2²⁵ = (53130 + 12650 + 2300 + 300 + 25 + 1)/33554432
        // = 68406/33554432; twice that (the distribution is symmetric) is
        // 136812/33554432 = 0.0040774.
        assert!(close(change_p_value(20, 5, 0.5), 136812.0 / 33554432.0));
        assert!(close(change_p_value(5, 20, 0.5), 136812.0 / 33554432.0));
        // 10 against 10: the most likely outcome, p = 1.
        assert!(close(change_p_value(10, 10, 0.5), 1.0));
        // 2 against 3 (n = 5): P(2) = P(3) = 10/32, the largest: p = 1.
        assert!(close(change_p_value(2, 3, 0.5), 1.0));
        assert!(close(change_p_value(3, 2, 0.5), 1.0));
        // Nothing before: 5 against 0 is 2/2⁵ = 0.0625, 6 against 0 is
        // 2/2⁶ = 0.03125.
        assert!(close(change_p_value(5, 0, 0.5), 0.0625));
        assert!(close(change_p_value(6, 0, 0.5), 0.03125));
        // Unequal periods: 3 against 0 where the earlier period is three
        // times as long (q = ¼): P(k) = 27, 27, 9, 1 (/64) for k = 0..3;
        // only k = 3 is as unlikely as observed, p = 1/64 = 0.015625. Over
        // equal periods it would be 2/8 = 0.25.
        assert!(close(change_p_value(3, 0, 0.25), 1.0 / 64.0));
        assert!(close(change_p_value(3, 0, 0.5), 0.25));
        // And the other way: 0 against 3 with q = ¼ is what one expects:
        // P(0) = P(1) = 27/64 are the largest (a tie at the mode), p = 1.
        assert!(close(change_p_value(0, 3, 0.25), 1.0));
        // Nothing at all: no evidence either way.
        assert!(close(change_p_value(0, 0, 0.5), 1.0));
    }

    #[test]
    fn only_changes_larger_than_chance_are_notable() {
        let notable = |now: u64, before: u64| {
            Change::between(now.into(), Some(before.into()))
                .unwrap()
                .notable
        };
        // 1 → 4 (p = 0.375), 10 → 10 (p = 1), 0 → 5 (p = 0.0625): chance.
        assert!(!notable(4, 1));
        assert!(!notable(10, 10));
        assert!(!notable(5, 0));
        // 5 → 20 and 20 → 5 (p = 0.0041), 0 → 6 (p = 0.031): notable.
        assert!(notable(20, 5));
        assert!(notable(5, 20));
        assert!(notable(6, 0));
        // 3 now over a period a third as long as the earlier one with 0:
        // p = 1/64 (see above).
        let c = Change::over(3.into(), Some(0.into()), Some((10, 30))).unwrap();
        assert_eq!((c.kind, c.notable), (ChangeKind::New, true));
        // Unknown or unusable lengths count as equal: p = 0.25.
        assert!(
            !Change::over(3.into(), Some(0.into()), Some((0, 30)))
                .unwrap()
                .notable
        );
    }

    #[test]
    fn large_counts_stay_exact_and_bounded() {
        // Near the normal approximation: 1 100 against 1 000 is z =
        // 100/√2100 = 2.18, two-sided p ≈ 0.029; 1 050 against 1 000 is
        // z = 1.10, p ≈ 0.27.
        let p = change_p_value(1100, 1000, 0.5);
        assert!((0.025..0.035).contains(&p), "{p}");
        let p = change_p_value(1050, 1000, 0.5);
        assert!((0.25..0.3).contains(&p), "{p}");
        // A count in the hundreds of millions answers at once: n = 6·10⁸,
        // sd = √n/2 = 12 247, 5 000 from the middle is z = 0.41, p ≈ 0.68,
        // either way round.
        let a = change_p_value(300_000_000, 299_990_000, 0.5);
        let b = change_p_value(299_990_000, 300_000_000, 0.5);
        assert!((0.66..0.70).contains(&a) && (a - b).abs() < 1e-3, "{a} {b}");
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
    /// Fingerprints the audience stage knew without serialising a whole
    /// page (a report whose data part the memo kept), by path: the
    /// render cache takes them instead of hashing the view
    /// ([`super::fingerprint`]).
    pub known: std::collections::HashMap<String, u64>,
}
