//! View models of the follow-up of actions: an action's page, its effect
//! and chart, the council's follow-up page. Like every view they hold
//! only what the page shows, copied in by an audience's builder.

use serde::Serialize;

use super::view::{ActionRow, Link, MeetingLink, Num};
pub use crate::analysis::effects::Verdict;

/// An action's effect as one line of a register or follow-up: the
/// verdict in words and, where the audience may see them, the numbers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EffectSummary {
    /// `None` when it was not evaluated or may not be shown.
    pub verdict: Option<Verdict>,
    /// The verdict, or why there is none, in words.
    pub text: String,
    /// Target before and after, comparison before and after.
    pub counts: Option<[Num; 4]>,
    pub res: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub change_pct: Option<f64>,
    /// "2,00 (1,03–3,89)": RES and its 95 % interval, written out.
    pub res_text: Option<String>,
    /// The change in the target relative to the comparison, written out.
    pub change_text: Option<String>,
}

/// One row of an effect table: the target (or a zone checked for
/// displacement) before and after, against the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct EffectRowView {
    pub label: String,
    pub summary: EffectSummary,
}

/// Target and comparison per month, with the start month marked: drawn
/// by the render stage, with its data table.
#[derive(Debug, Clone, Serialize)]
pub struct EffectChart {
    pub id: String,
    pub caption: String,
    pub alt: String,
    pub long_desc: String,
    pub month_header: String,
    pub target_label: String,
    pub comparison_label: String,
    pub months: Vec<String>,
    pub target: Vec<u64>,
    pub comparison: Vec<u64>,
    /// Index of the start month in `months` (left out of the counts).
    pub start: usize,
    pub start_label: String,
    pub svg: String,
}

/// An evaluated effect on an action's page.
#[derive(Debug, Clone, Serialize)]
pub struct EffectView {
    pub months: u32,
    /// The windows in a sentence.
    pub windows: String,
    /// How RES, its interval and the verdict are worked out.
    pub method: String,
    pub before: String,
    pub after: String,
    pub start_month: String,
    /// The target first, then the zones checked for displacement.
    pub target: EffectRowView,
    pub displacement: Vec<EffectRowView>,
    pub chart: EffectChart,
}

/// One action's page (internal output).
#[derive(Debug, Clone, Serialize)]
pub struct ActionPage {
    pub action: ActionRow,
    /// The note that decided it.
    pub decided: Option<MeetingLink>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub targets: Vec<Link>,
    pub target_categories: Vec<String>,
    pub comparison: Vec<String>,
    pub default_comparison: bool,
    pub effect: Option<EffectView>,
}

/// The actions one meeting decided, on the follow-up page.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpGroup {
    pub meeting: MeetingLink,
    pub actions: Vec<ActionRow>,
}
