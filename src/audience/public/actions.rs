//! Public actions: what citizens see of an action, the actions of a
//! period, and an action's effect as the public output may show it.
//!
//! Only where it is certainly safe: the target and the comparison are
//! areas (never places, never a part of an area), no category is singled
//! out, and each of the four counts is a sum of month counts per area
//! that this output already shows, for released months. Every number
//! shown is then worked out from published numbers, so it tells nobody
//! more than the reports do. Where a month's count is hidden or not
//! released, or a sum is below `[effects] min_count`, the page says
//! "too few events to show the effect" and shows no number. The counts
//! are those of the public categories, as everywhere in this output.

use chrono::{Datelike, NaiveDate};

use super::Public;
use super::cells::Key;
use crate::analysis::effects::{Evaluation, Verdict, Zone, measure};
use crate::analysis::periods::calendar_period;
use crate::analysis::{ActionRecord, PeriodReport};
use crate::audience::action_view::EffectSummary;
use crate::audience::actions::{evaluation_summary, measure_summary, public_summary, text_summary};
use crate::audience::view::{ActionRow, HistoryItem};
use crate::audience::{action_anchor, meeting_href};
use crate::config::Cadence;

impl Public<'_> {
    pub(super) fn period_actions(&self, r: &PeriodReport) -> Vec<ActionRow> {
        // Each action once (a set, not a scan: a year can mention tens of
        // thousands), in order of first mention in the period's public
        // notes, then the public actions that ran during the period.
        let mut seen = rustc_hash::FxHashSet::default();
        let mut ids: Vec<&str> = Vec::new();
        let notes = r
            .meetings
            .iter()
            .filter(|&&m| self.ctx.model.meetings[m].public)
            .flat_map(|&m| {
                self.ctx.model.meetings[m]
                    .actions
                    .iter()
                    .map(|a| a.id.as_str())
            });
        let ran = self
            .ctx
            .analysis
            .actions
            .iter()
            .filter(|a| a.public && a.ran_during(r.period.start, r.period.end))
            .map(|a| a.id.as_str());
        for id in notes.chain(ran) {
            if seen.insert(id) {
                ids.push(id);
            }
        }
        ids.iter()
            .filter_map(|id| self.ctx.analysis.action(id).filter(|a| a.public))
            .map(|a| self.action(a))
            .collect()
    }

    /// An action as citizens see it: what, where (as an area), when due,
    /// its status and history; no owner, no comments.
    pub(super) fn action(&self, a: &ActionRecord) -> ActionRow {
        let ctx = self.ctx;
        let anchor = action_anchor(&a.id);
        ActionRow {
            id: a.id.clone(),
            href: format!("actions/index.html#{anchor}"),
            anchor,
            what: a.what.clone(),
            place: None,
            area: ctx.model.area_of(a.place).map(str::to_string),
            category: a
                .category
                .map(|c| &ctx.model.categories[c as usize])
                .filter(|c| c.public)
                .map(|c| c.label.clone()),
            owner: None,
            due: a.due.map(|d| ctx.words.date(d)),
            status: a.status.id().to_string(),
            status_label: ctx.words.status(a.status).to_string(),
            comment: None,
            overdue: a.overdue,
            period: crate::audience::actions::period_text(ctx, a),
            effect: self.effect(a),
            history: a
                .history
                .iter()
                .map(|h| {
                    let m = &ctx.model.meetings[h.meeting];
                    HistoryItem {
                        date: ctx.words.date(h.date),
                        status: ctx.words.status(h.status).to_string(),
                        comment: None,
                        href: m.public.then(|| meeting_href(&m.slug)),
                    }
                })
                .collect(),
        }
    }

    /// The effect of a public action, or why it is not shown.
    pub(super) fn effect(&self, a: &ActionRecord) -> Option<EffectSummary> {
        let ctx = self.ctx;
        let e = match &a.effect {
            Evaluation::Done(e) => e,
            other => return evaluation_summary(ctx, other),
        };
        let too_few = || Some(text_summary(ctx.t("effect_public_too_few")));
        let safe_shape = e.target.is_areas_only()
            && e.comparison.is_areas_only()
            && e.categories.is_empty()
            && self.cadences.contains(&Cadence::Month);
        if !safe_shape {
            return too_few();
        }
        let sums = [
            (&e.target, e.before),
            (&e.target, e.after),
            (&e.comparison, e.before),
            (&e.comparison, e.after),
        ]
        .map(|(zone, window)| self.shown_sum(zone, window));
        let [Some(a), Some(b), Some(c), Some(d)] = sums else {
            return too_few();
        };
        let m = measure(a, b, c, d, ctx.config.effects.min_count);
        if m.verdict == Verdict::TooFew {
            return too_few();
        }
        Some(public_summary(measure_summary(ctx, &m)))
    }

    /// The sum of the shown month counts of the zone's areas over the
    /// window's months; `None` if any of them is hidden or not released.
    fn shown_sum(&self, zone: &Zone, (from, to): (NaiveDate, NaiveDate)) -> Option<u64> {
        let mut sum = 0;
        let mut month = from;
        while month <= to {
            let period = calendar_period(Cadence::Month, month);
            for &area in &zone.areas {
                let name = &self.ctx.model.areas[area as usize].name;
                let ai = self
                    .dims
                    .areas
                    .iter()
                    .position(|x| x.as_deref() == Some(name.as_str()))?;
                sum += self.cells.num(&period, Key::Area(ai)).value()?;
            }
            month = NaiveDate::from_ymd_opt(
                month.year() + (month.month() / 12) as i32,
                month.month() % 12 + 1,
                1,
            )?;
        }
        Some(sum)
    }
}
