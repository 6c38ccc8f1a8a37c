//! The public start page and the page that explains the numbers.

use super::Public;
use super::cells::Key;
use crate::audience::view::*;
use crate::audience::*;
use crate::config::Cadence;

impl Public<'_> {
    pub(super) fn index_page(
        &self,
        notes: &[usize],
        actions: &[&ActionRecord],
        my_areas: Vec<crate::audience::area_view::AreaHeadline>,
    ) -> PageView {
        let ctx = self.ctx;
        let latest = self
            .cadences
            .contains(&Cadence::Month)
            .then(|| self.trend().last())
            .flatten()
            .map(|last| {
                let reports = self.reports(Cadence::Month);
                let i = reports
                    .iter()
                    .position(|r| r.period == last.period)
                    .unwrap_or(0);
                let v = std::sync::Arc::unwrap_or_clone(self.report(reports, i).report);
                ReportSummary {
                    href: report_path(&last.period),
                    label: v.head.label,
                    previous_label: v.previous_label,
                    total: v.total,
                    categories: v.categories,
                    places: Vec::new(),
                }
            });
        let latest_reports = self
            .cadences
            .iter()
            .filter_map(|c| {
                self.reports(*c).last().map(|r| Link {
                    href: report_path(&r.period),
                    label: ctx.words.period_entry(&r.period),
                })
            })
            .collect();
        let window = if self.cadences.contains(&Cadence::Month) {
            self.trend()
        } else {
            &[]
        };
        let rows = (0..self.dims.categories.len())
            .map(|ci| {
                let c = self.category(ci);
                let counts: Vec<Num> = window
                    .iter()
                    .map(|m| self.cells.num(&m.period, Key::Category(ci)))
                    .collect();
                // A sum over months is shown only when every month is.
                let total = counts
                    .iter()
                    .map(|n| n.value())
                    .sum::<Option<u64>>()
                    .map_or(Num::Hidden, Num::Value);
                TrendRow {
                    label: c.label.clone(),
                    colour: c.colour.clone(),
                    counts,
                    total,
                }
            })
            .collect();
        let totals = window
            .iter()
            .map(|m| self.cells.num(&m.period, Key::Total))
            .collect();
        let (trend_months, trend, trend_chart) = trend_view(ctx, window, rows, totals);
        let body = IndexView {
            latest_title: ctx.t("latest_month"),
            actions_title: ctx.t("public_actions"),
            latest,
            latest_reports,
            trend_months,
            trend,
            trend_chart,
            open_actions: actions.iter().map(|a| self.action(a)).collect(),
            surveys: super::surveys::views(ctx),
            recent_meetings: notes
                .iter()
                .rev()
                .take(5)
                .map(|&i| meeting_link(ctx, i))
                .collect(),
            my_areas,
        };
        PageView {
            path: "index.html".into(),
            title: ctx.config.site.title.clone(),
            section: "home".into(),
            body: PageBody::Index(Box::new(body)),
        }
    }

    /// "What the numbers and the dots mean": the rules of this output.
    pub(super) fn numbers_page(&self) -> PageView {
        let ctx = self.ctx;
        let max = (ctx.config.privacy.threshold - 1).to_string();
        let cats: Vec<String> = (0..self.dims.categories.len())
            .map(|ci| self.category(ci).label.clone())
            .collect();
        let cadences: Vec<String> = self
            .cadences
            .iter()
            .map(|c| ctx.words.cadence(*c).to_lowercase())
            .collect();
        // The rule of areas per category, where years are published.
        let by_category = match self.cadences.contains(&Cadence::Year) {
            true => ctx.fill("numbers_by_category", &[("max", max.clone())]),
            false => String::new(),
        };
        let text = ctx.fill(
            "numbers_page",
            &[
                ("max", max),
                ("threshold", ctx.config.privacy.threshold.to_string()),
                ("categories", cats.join(", ")),
                ("cadences", cadences.join(", ")),
                ("hidden", HIDDEN.to_string()),
                ("hidden_before", self.thresholds_before()),
                ("by_category", by_category),
            ],
        );
        PageView {
            path: "numbers/index.html".into(),
            title: ctx.t("numbers"),
            section: "numbers".into(),
            body: PageBody::Free {
                body: Markdown::new(&text),
            },
        }
    }

    /// The numbers page's word on earlier thresholds: per run of releases
    /// made with a threshold other than today's, when they were published
    /// and that threshold (their counts keep it, see
    /// [`crate::model::ledger::Rule`]). Empty when none.
    fn thresholds_before(&self) -> String {
        let ctx = self.ctx;
        let now = ctx.config.privacy.threshold;
        let Some(ledger) = &ctx.model.ledger else {
            return String::new();
        };
        // (threshold, first date, last date) per run of releases.
        let mut runs: Vec<(u64, chrono::NaiveDate, chrono::NaiveDate)> = Vec::new();
        for (r, t) in ledger.releases.iter().zip(ledger.thresholds(now)) {
            match runs.last_mut() {
                Some((last, _, to)) if *last == t => *to = r.date,
                _ => runs.push((t, r.date, r.date)),
            }
        }
        let date = |d| ctx.words.date(d);
        runs.iter()
            .enumerate()
            .filter(|(_, (t, _, _))| *t != now)
            .map(|(k, &(t, from, to))| {
                let when = match (k, from == to) {
                    (0, _) => ctx.fill("published_until", &[("date", date(to))]),
                    (_, true) => ctx.fill("published_on", &[("date", date(to))]),
                    _ => ctx.fill(
                        "published_between",
                        &[("from", date(from)), ("to", date(to))],
                    ),
                };
                let text = ctx.fill(
                    "numbers_threshold_before",
                    &[
                        ("when", when),
                        ("threshold", t.to_string()),
                        ("max", (t - 1).to_string()),
                    ],
                );
                format!("\n{text}\n")
            })
            .collect()
    }
}
