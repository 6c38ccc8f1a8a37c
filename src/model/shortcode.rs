//! Computed figures in a note's body (`{{ antal(kategori="klotter") }}`):
//! what the source stage read, for the audiences to evaluate. A shortcode
//! holds resolved ids, never names, so every later stage can trust them.

use std::ops::Range;

use super::ledger::PeriodRef;
use super::{CategoryId, PlaceId};

/// What a shortcode shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    /// `antal`: the count of the period.
    Count,
    /// `forandring`: the change against a comparison period.
    Change,
    /// `diagram`: a chart of the count over the periods up to this one.
    Chart,
    /// `tabell`: the same counts as a table.
    Table,
}

impl ShortcodeKind {
    pub const ALL: [(&'static str, ShortcodeKind); 4] = [
        ("antal", ShortcodeKind::Count),
        ("forandring", ShortcodeKind::Change),
        ("diagram", ShortcodeKind::Chart),
        ("tabell", ShortcodeKind::Table),
    ];

    /// A figure or table: stands alone in its paragraph.
    pub fn is_block(self) -> bool {
        matches!(self, ShortcodeKind::Chart | ShortcodeKind::Table)
    }
}

/// What a change is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compare {
    /// The previous period of the same cadence (`jamfor="foregaende"`).
    #[default]
    Previous,
    /// The same period a year earlier (`jamfor="fjol"`).
    YearAgo,
}

/// One shortcode of a note's body.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub kind: ShortcodeKind,
    /// Bytes of the body that the shortcode replaces, `{{` to `}}`.
    pub span: Range<usize>,
    pub category: Option<CategoryId>,
    pub place: Option<PlaceId>,
    pub area: Option<String>,
    /// `None`: the month of the note's date.
    pub period: Option<PeriodRef>,
    pub compare: Compare,
    /// Where the `plats` and `kategori` values are written, for the check
    /// of public notes, which needs the whole model.
    pub place_at: Option<Written>,
    pub category_at: Option<Written>,
}

/// A position in a note's file: 1-based line and column, and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub line: usize,
    pub column: usize,
    pub snippet: String,
}
