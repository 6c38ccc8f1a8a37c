//! Notes, actions and text: a meeting's page, action rows, Markdown with
//! its computed figures, and the lists of places.

use serde::Serialize;

use super::*;

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
    /// followed by an optional figure (drawn by the theme's `chart` component).
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
    pub effect: Option<crate::audience::action_view::EffectSummary>,
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
