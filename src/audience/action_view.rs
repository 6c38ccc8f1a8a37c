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
    /// The effect and its interval in words a reader without statistics
    /// follows: "Efter starten: ungefär hälften så många händelser som om
    /// utvecklingen hade följt jämförelsen (50 % av det antalet; osäkert,
    /// någonstans mellan 26 och 97 %)."
    pub words: Option<String>,
}

/// How many events the target had after the start against what it would
/// have had had it followed the comparison (b·c/(a·d) = 1/RES), rounded
/// to a fraction or multiple a reader knows. The theme words each as
/// `effect_size_ID`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectSize {
    /// Under 1/5.
    UnderFifth,
    /// 1/5 to 0.29: about a quarter.
    Quarter,
    /// 0.29 to 0.4: about a third.
    Third,
    /// 0.4 to 0.6: about half.
    Half,
    /// 0.6 to 0.85.
    Fewer,
    /// 0.85 to 1.18: about as many.
    AsMany,
    /// 1.18 to 1.7.
    More,
    /// 1.7 to 2.5: about twice.
    Double,
    /// 2.5 to 3.5: about three times.
    Triple,
    /// 3.5 and over.
    OverTriple,
}

impl EffectSize {
    /// The size of a ratio of events after the start to the number the
    /// comparison leads one to expect.
    pub fn of(ratio: f64) -> EffectSize {
        const BOUNDS: [(f64, EffectSize); 9] = [
            (0.2, EffectSize::UnderFifth),
            (0.29, EffectSize::Quarter),
            (0.4, EffectSize::Third),
            (0.6, EffectSize::Half),
            (0.85, EffectSize::Fewer),
            (1.18, EffectSize::AsMany),
            (1.7, EffectSize::More),
            (2.5, EffectSize::Double),
            (3.5, EffectSize::Triple),
        ];
        BOUNDS
            .iter()
            .find(|(bound, _)| ratio < *bound)
            .map_or(EffectSize::OverTriple, |&(_, size)| size)
    }

    pub fn id(self) -> &'static str {
        match self {
            EffectSize::UnderFifth => "under_fifth",
            EffectSize::Quarter => "quarter",
            EffectSize::Third => "third",
            EffectSize::Half => "half",
            EffectSize::Fewer => "fewer",
            EffectSize::AsMany => "as_many",
            EffectSize::More => "more",
            EffectSize::Double => "double",
            EffectSize::Triple => "triple",
            EffectSize::OverTriple => "over_triple",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::EffectSize;

    #[test]
    fn sizes_by_hand() {
        for (ratio, size) in [
            (0.1, EffectSize::UnderFifth),
            (0.2, EffectSize::Quarter),
            (0.25, EffectSize::Quarter),
            (1.0 / 3.0, EffectSize::Third),
            (0.5, EffectSize::Half),
            (0.75, EffectSize::Fewer),
            (0.9, EffectSize::AsMany),
            (1.0, EffectSize::AsMany),
            (1.3, EffectSize::More),
            (2.0, EffectSize::Double),
            (2.23, EffectSize::Double),
            (3.0, EffectSize::Triple),
            (3.5, EffectSize::OverTriple),
            (7.3, EffectSize::OverTriple),
        ] {
            assert_eq!(EffectSize::of(ratio), size, "{ratio}");
        }
    }
}
