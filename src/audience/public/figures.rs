//! The public output's answer to a note's computed figures: only the
//! counts it publishes (see [`crate::audience::shortcodes`]).

use super::Public;
use super::cells::Key;
use crate::analysis::PeriodReport;
use crate::audience::shortcodes::Counter;
use crate::audience::view::{HIDDEN, Num};
use crate::config::Cadence;
use crate::model::shortcode::{Compare, Shortcode};

/// Not published: written `..` like every hidden count.
const UNPUBLISHED: Num = Num::Hidden;

impl Counter for Public<'_> {
    fn reports(&self, c: Cadence) -> &[PeriodReport] {
        Public::reports(self, c)
    }

    fn count(
        &self,
        reports: &[PeriodReport],
        i: usize,
        compare: Option<Compare>,
        sc: &Shortcode,
    ) -> Option<Num> {
        let r = &reports[i];
        let at = match compare {
            None => Some(r),
            Some(Compare::Previous) => (i > 0 && r.previous.is_some()).then(|| &reports[i - 1]),
            Some(Compare::YearAgo) => self.year_ago(reports, r),
        }?;
        Some(
            self.key(sc)
                .map_or(UNPUBLISHED, |k| self.cells.num(&at.period, k)),
        )
    }

    fn missing(&self) -> &'static str {
        HIDDEN
    }
}

impl Public<'_> {
    /// The published cell a shortcode asks for: the total, a public
    /// category or an area. A category within an area, a place and a
    /// category that is not public are no published cell.
    fn key(&self, sc: &Shortcode) -> Option<Key> {
        if sc.place.is_some() {
            return None;
        }
        match (sc.category, &sc.area) {
            (None, None) => Some(Key::Total),
            (Some(c), None) => self
                .dims
                .categories
                .iter()
                .position(|&x| x == c as usize)
                .map(Key::Category),
            (None, Some(a)) => self
                .dims
                .areas
                .iter()
                .position(|x| x.as_deref() == Some(a.as_str()))
                .map(Key::Area),
            (Some(_), Some(_)) => None,
        }
    }
}
