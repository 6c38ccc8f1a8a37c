//! View models of the public area pages: one area's released totals over
//! time, the change against a year earlier, its counts per category and
//! year, the public actions there and
//! a headline sentence, and the "my area" chooser that lists every area
//! with its headline. Every number is a released, audited count, copied in
//! by the public builder ([`super::public`]); a hidden one stays hidden.

use serde::Serialize;

use super::view::{ActionRow, Change, ChartView, Num};

/// One area's page.
#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub name: String,
    /// "Norr: 5 händelser under kvartal 4 2025, 1 fler än under kvartal 4 2024."
    pub headline: String,
    /// The level the counts are shown at, and why: "Per kvartal: …".
    pub level_note: String,
    /// The cadence id of that level (`month`, `quarter`, `year` …).
    pub level: String,
    /// The level's periods, oldest first.
    pub rows: Vec<AreaPeriodRow>,
    /// The rows as a line chart (with its own data table).
    pub chart: Option<ChartView>,
    /// The area's counts per public category and year, where released.
    pub categories: Option<AreaCategories>,
    /// Why there is no such table, where there is none (empty where years
    /// are not published: then the page has no such section).
    pub categories_note: String,
    /// The public actions whose place lies in the area.
    pub actions: Vec<ActionRow>,
}

/// One period of an area's series.
#[derive(Debug, Clone, Serialize)]
pub struct AreaPeriodRow {
    pub label: String,
    /// The public report of the period, relative to the root.
    pub href: String,
    pub count: Num,
    /// The same period a year earlier, where it is published.
    pub year_ago: Option<Num>,
    /// Only between two shown counts.
    pub change_year: Option<Change>,
}

/// An area's counts per public category, for the last years that publish
/// them (oldest first).
#[derive(Debug, Clone, Serialize)]
pub struct AreaCategories {
    pub years: Vec<AreaYear>,
    pub rows: Vec<AreaCategoryRow>,
    /// The last year against the one before, where both are in `years`
    /// and follow each other: "2025 mot 2024".
    pub change_label: Option<String>,
}

/// A year of [`AreaCategories`]: its label and its public report.
#[derive(Debug, Clone, Serialize)]
pub struct AreaYear {
    pub label: String,
    pub href: String,
}

/// One category's counts, one per year of [`AreaCategories::years`].
#[derive(Debug, Clone, Serialize)]
pub struct AreaCategoryRow {
    pub category: String,
    pub counts: Vec<Num>,
    /// The last year against the one before: only between two shown counts.
    pub change: Option<Change>,
}

/// An area in the chooser: its page and its headline.
#[derive(Debug, Clone, Serialize)]
pub struct AreaHeadline {
    pub name: String,
    pub href: String,
    pub headline: String,
}
