//! View models of the analysis sections: heat maps (weekday × hour, the
//! årshjul), light and darkness, hot spots, reference statistics, the
//! area map and survey indicators. Like `view.rs`, every value is copied
//! in on purpose by an audience's builder.

use serde::Serialize;

use super::view::{Link, NamedCount, Num};

/// A grid of counts drawn as a heat map, with its table.
#[derive(Debug, Clone, Serialize)]
pub struct HeatView {
    pub id: String,
    pub caption: String,
    pub alt: String,
    pub long_desc: String,
    /// Header of the row labels (weekday, year).
    pub row_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<HeatRow>,
    /// Filled in by the render stage.
    pub svg: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub label: String,
    /// `None` where there is no data (a month outside the data).
    pub cells: Vec<Option<Num>>,
    pub total: Num,
}

/// Events in daylight, twilight and darkness.
#[derive(Debug, Clone, Serialize)]
pub struct LightRow {
    pub label: String,
    pub href: Option<String>,
    pub daylight: u64,
    pub twilight: u64,
    pub dark: u64,
    /// Share in darkness, formatted ("42 %"); `None` without timed events.
    pub dark_share: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LightView {
    /// Share of the period's hours that were dark, daylight and twilight.
    pub dark_hours: String,
    pub daylight_hours: String,
    pub twilight_hours: String,
    pub total: LightRow,
    pub categories: Vec<LightRow>,
    pub places: Vec<LightRow>,
    pub untimed: u64,
    /// A sentence reading the events' dark share against the dark hours.
    pub reading: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HotSpotRow {
    pub label: String,
    pub href: Option<String>,
    pub area: Option<String>,
    pub count: u64,
    /// Expected count from the baseline, formatted; `None` without history.
    pub expected: Option<String>,
    pub p_value: Option<String>,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HotSpotsView {
    /// The rule in words, with this site's parameters.
    pub rule: String,
    pub rows: Vec<HotSpotRow>,
    pub flagged: usize,
}

/// One official figure beside the own count it compares with.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceLine {
    pub key: String,
    pub label: String,
    pub period: String,
    pub official: Option<u64>,
    pub per100k: Option<String>,
    pub preliminary: bool,
    /// The own count of the compared categories, where configured.
    pub own: Option<Num>,
    pub own_categories: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// The series' id, its file stem ("bra"), as `data.json` gives it.
    pub series: String,
    /// Its name on the page ("Brå").
    pub series_label: String,
    pub lines: Vec<ReferenceLine>,
}

/// The choropleth of counts per area, drawn at build time.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub id: String,
    pub caption: String,
    pub alt: String,
    pub long_desc: String,
    pub areas: Vec<NamedCount>,
    /// Internal only: incident positions in the period.
    #[serde(skip)]
    pub points: Vec<(i32, i32)>,
    pub point_count: usize,
    #[serde(skip)]
    pub shapes: Vec<MapShape>,
    /// The key's words for a dotted (grouped) area, when there is one.
    pub group_key: Option<String>,
    pub svg: String,
}

/// An area's outline for the map: its rings and its count.
#[derive(Debug, Clone)]
pub struct MapShape {
    pub name: String,
    pub rings: Vec<Vec<(i64, i64)>>,
    pub count: Num,
    /// Published only together with other areas ("Övriga områden"): drawn
    /// dotted, its count is the group's, written below the map.
    pub grouped: bool,
}

impl MapShape {
    /// Hatched: its own count hidden (a grouped area is dotted instead).
    pub fn hatched(&self) -> bool {
        !self.grouped && matches!(self.count, Num::Hidden)
    }
}

/// The analysis sections of a report; `None` where the audience may not
/// see a section.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ReportInsight {
    pub dark_hours: Option<String>,
    pub light: Option<LightView>,
    pub weekday_hour: Option<HeatView>,
    pub hotspots: Option<HotSpotsView>,
    pub reference: Vec<ReferenceView>,
    pub map: Option<MapView>,
    pub seasonal: Option<HeatView>,
    /// Why a section is left out of this output (public reports).
    pub withheld: Vec<String>,
    /// The same numbers unformatted, for `data.json` and `data.csv`; not
    /// in the templates' values, which show the formatted ones: a large
    /// site's reports have hundreds each (light by place, the hot spots'
    /// tests), and making them template values was a sixth of the time
    /// spent giving pages to the templates (the large benchmark tier).
    #[serde(skip)]
    pub data: InsightData,
}

/// The analysis numbers of a report as `data.json` writes them.
#[derive(Debug, Clone, Serialize, Default)]
pub struct InsightData {
    /// Share (0–1) of the period's minutes with the sun below −6°
    /// (internal output only: astronomy a citizen does not need).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dark_hours_share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub twilight_hours_share: Option<f64>,
    /// Events by light: absent where the audience may not see them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light: Option<LightData>,
    /// Events per weekday (Monday first) × hour 0–23.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday_hour: Option<Vec<Vec<u64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untimed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hotspots: Option<Vec<HotSpotData>>,
    pub reference: Vec<ReferenceData>,
    /// Events per calendar month (year reports): per year 12 values,
    /// `null` outside the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seasonal: Option<Vec<SeasonalData>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LightData {
    pub daylight: u64,
    pub twilight: u64,
    pub dark: u64,
    pub categories: Vec<LightCategory>,
    /// Per place with timed events, most events first.
    pub places: Vec<LightCategory>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LightCategory {
    pub id: String,
    pub daylight: u64,
    pub twilight: u64,
    pub dark: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HotSpotData {
    pub id: String,
    pub label: String,
    pub events: u64,
    pub expected: Option<f64>,
    pub p_value: Option<f64>,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceData {
    pub series: String,
    pub key: String,
    pub label: String,
    pub official_count: Option<u64>,
    pub per100k: Option<f64>,
    pub preliminary: bool,
    /// The own count it is compared with (protected in a public output).
    pub own: Option<Num>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeasonalData {
    pub year: i32,
    pub months: Vec<Option<Num>>,
}

/// One survey indicator: a line over the years and a table of all groups.
#[derive(Debug, Clone, Serialize)]
pub struct SurveyView {
    pub id: String,
    pub indicator: String,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub years: Vec<i32>,
    /// Everyone first, then each group.
    pub groups: Vec<SurveyGroup>,
    pub caption: String,
    pub alt: String,
    pub long_desc: String,
    pub svg: String,
    /// Write decimals with a comma on the chart's axis (Swedish).
    #[serde(skip)]
    pub decimal_comma: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyGroup {
    pub label: String,
    /// Per year: the value formatted, with n.
    pub values: Vec<Option<SurveyCell>>,
    #[serde(skip)]
    pub raw: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SurveyCell {
    pub value: String,
    pub n: Option<u64>,
}

/// A page for one place or one area (internal output).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlacePage {
    pub kind: String,
    pub name: String,
    pub area: Option<Link>,
    pub registered: bool,
    pub coordinates: Option<String>,
    pub total: u64,
    pub places: Vec<NamedCount>,
    pub timeline: Option<super::view::ChartView>,
    pub categories: Option<super::view::ChartView>,
    pub weekday_hour: Option<HeatView>,
    pub seasonal: Option<HeatView>,
    pub light: Option<LightView>,
    pub meetings: Vec<super::view::MeetingLink>,
    /// Shared with the register's rows (see [`super::Ctx::rows`]).
    pub actions: Vec<std::sync::Arc<super::view::ActionRow>>,
}
