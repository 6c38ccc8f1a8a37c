//! The analysis sections of a public report, through the allow-list:
//! reference statistics (already official) beside the protected own
//! counts, the area map with the protected area counts, and the årshjul
//! from protected month totals. The share of dark hours is astronomy a
//! citizen does not need: it stays internal.
//! The weekday × hour table, events by light and the hot-spot list show
//! times and places of small numbers of events: they stay internal, and
//! the page says so.

use super::Public;
use super::cells::Key;
use crate::analysis::PeriodReport;
use crate::audience::insight;
use crate::audience::insight_view::ReportInsight;
use crate::audience::view::{NamedCount, Num};
use crate::config::Cadence;

impl Public<'_> {
    pub(super) fn insight(&self, r: &PeriodReport) -> ReportInsight {
        let ctx = self.ctx;
        let label = ctx.words.period(&r.period);
        // The map's table is the report's: each area published alone,
        // then the areas published together; those are drawn dotted.
        let areas: Vec<NamedCount> = self.area_counts(r);
        let group = self.dims.recoding.group(&r.period).unwrap_or_default();
        let grouped: Vec<&str> = group
            .iter()
            .filter_map(|&ai| self.dims.areas[ai].as_deref())
            .collect();
        let mut v = ReportInsight {
            dark_hours: None,
            light: None,
            weekday_hour: None,
            hotspots: None,
            reference: insight::reference(ctx, &r.period, "all_public_categories", |cats| {
                self.own_count(r, cats)
            }),
            map: insight::map(ctx, &label, areas, &grouped, Vec::new()),
            seasonal: (r.period.cadence == Cadence::Year
                && self.cadences.contains(&Cadence::Month))
            .then(|| {
                insight::seasonal(ctx, "heat-seasonal", &self.seasonal(), &ctx.t("all_events"))
            }),
            withheld: vec![ctx.t("withheld_patterns")],
            data: Default::default(),
        };
        v.data = crate::audience::insight_data::shared(ctx, r, &v.reference, v.seasonal.as_ref());
        v
    }

    /// The protected count of some categories: shown only when every one
    /// of them is public and shown (a sum of shown counts reveals nothing).
    fn own_count(&self, r: &PeriodReport, cats: Option<&[usize]>) -> Option<Num> {
        let Some(cats) = cats else {
            return Some(self.cells.num(&r.period, Key::Total));
        };
        let mut sum = 0;
        for &k in cats {
            let ci = self.dims.categories.iter().position(|&c| c == k)?;
            match self.cells.num(&r.period, Key::Category(ci)) {
                Num::Value(v) => sum += v,
                hidden => return Some(hidden),
            }
        }
        Some(Num::Value(sum))
    }

    /// Month totals per year, as published.
    fn seasonal(&self) -> Vec<(i32, Vec<Option<Num>>)> {
        let months = self.reports(Cadence::Month);
        self.ctx
            .analysis
            .seasonal
            .iter()
            .map(|(y, m)| {
                let row = (0..12)
                    .map(|k| {
                        m[k]?;
                        months
                            .iter()
                            .find(|r| r.period.year == *y && r.period.number == k as u32 + 1)
                            .map(|r| self.cells.num(&r.period, Key::Total))
                    })
                    .collect();
                (*y, row)
            })
            .collect()
    }
}
