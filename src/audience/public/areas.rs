//! Public area pages and the "my area" chooser: is it getting better
//! here, and what is being done?
//!
//! **Nothing is counted here.** Every number is a cell the disclosure
//! audit has protected, read from [`super::cells::Cells`]: the area's
//! total (of the public categories) for a released period, as the reports
//! read it, hidden where they hide it, and the area's count per public
//! category for a released year. Those are published for a year only
//! where the area's counts per category are not sparse (see
//! [`super::recode`]); elsewhere the page says why there are none.
//!
//! **The level** is chosen per area by rule: the finest public cadence at
//! which at most a quarter of the area's counts in the window are hidden
//! (a sparse area gets quarters or years instead of a page of `..`),
//! stated on the page. With no such cadence, the coarsest is shown.
//!
//! **The change** against a year earlier is shown only between two shown
//! counts; the headline sentence says only what the table shows. Actions
//! are the public ones whose place lies in the area, as the public action
//! register shows them (status and public effect).

use super::Public;
use super::cells::Key;
use crate::analysis::PeriodReport;
use crate::audience::area_view::{
    AreaCategories, AreaCategoryRow, AreaHeadline, AreaPeriodRow, AreaView, AreaYear,
};
use crate::audience::places::area_href;
use crate::audience::report::timeline_chart;
use crate::audience::report_path;
use crate::audience::view::{ActionRow, Change, Num, PageBody, PageView, SeriesPoint, days_in};
use crate::config::Cadence;

/// How far back an area page looks, at any level: three years.
const WINDOW_MONTHS: u32 = 36;

/// How many years the table per category shows: the last that publish it.
const CATEGORY_YEARS: usize = 3;

/// A level is used when at most 1 in `HIDDEN_SHARE` of its counts is hidden.
const HIDDEN_SHARE: usize = 4;

/// The level an area's counts are shown at.
struct Level {
    cadence: Cadence,
    /// Whether at most a quarter of the counts are hidden at this level.
    mostly_shown: bool,
}

impl Public<'_> {
    /// Every named area's page, the chooser page, and the headlines for
    /// the start page's chooser.
    pub(super) fn area_pages(&self) -> (Vec<PageView>, Vec<AreaHeadline>) {
        let ctx = self.ctx;
        let mut pages = Vec::new();
        let mut headlines = Vec::new();
        for (ai, name) in self.dims.areas.iter().enumerate() {
            let Some(name) = name else { continue };
            let view = self.area_view(ai, name);
            let href = area_href(name);
            headlines.push(AreaHeadline {
                name: name.clone(),
                href: href.clone(),
                headline: view.headline.clone(),
            });
            pages.push(PageView {
                path: href,
                title: format!("{}: {name}", ctx.t("area")),
                section: "areas".into(),
                body: PageBody::Area(Box::new(view)),
            });
        }
        if !headlines.is_empty() {
            pages.push(PageView {
                path: "areas/index.html".into(),
                title: ctx.t("my_area"),
                section: "areas".into(),
                body: PageBody::Areas {
                    areas: headlines.clone(),
                },
            });
        }
        (pages, headlines)
    }

    /// The released reports of a cadence within the window, oldest first.
    fn area_window(&self, c: Cadence) -> &[PeriodReport] {
        let reports = self.reports(c);
        let n = (WINDOW_MONTHS / c.months().max(1)) as usize;
        &reports[reports.len().saturating_sub(n)..]
    }

    /// The finest public cadence at which the area is mostly shown, else
    /// the coarsest with released reports; `None` with nothing released.
    fn area_level(&self, ai: usize) -> Option<Level> {
        let mut cadences: Vec<Cadence> = self
            .cadences
            .iter()
            .copied()
            .filter(|c| !self.area_window(*c).is_empty())
            .collect();
        cadences.sort_by_key(|c| c.months());
        let mostly_shown = |c: Cadence| {
            let window = self.area_window(c);
            let hidden = window
                .iter()
                .filter(|r| self.cells.num(&r.period, Key::Area(ai)).value().is_none())
                .count();
            hidden * HIDDEN_SHARE <= window.len()
        };
        match cadences.iter().find(|c| mostly_shown(**c)) {
            Some(&cadence) => Some(Level {
                cadence,
                mostly_shown: true,
            }),
            None => cadences.last().map(|&cadence| Level {
                cadence,
                mostly_shown: false,
            }),
        }
    }

    fn area_view(&self, ai: usize, name: &str) -> AreaView {
        let ctx = self.ctx;
        let level = self.area_level(ai);
        let rows = level
            .as_ref()
            .map(|l| self.area_rows(ai, l.cadence))
            .unwrap_or_default();
        let headline = self.area_headline(name, level.as_ref(), &rows);
        let chart = level.as_ref().filter(|_| rows.len() > 1).map(|l| {
            let series: Vec<SeriesPoint> = self
                .area_window(l.cadence)
                .iter()
                .zip(&rows)
                .map(|(r, row)| SeriesPoint {
                    start: r.period.start.to_string(),
                    end: r.period.end.to_string(),
                    label: row.label.clone(),
                    count: row.count,
                })
                .collect();
            let last = rows.last().map_or(Num::Hidden, |r| r.count);
            let unit = format!("per_{}", l.cadence.id());
            let mut chart = timeline_chart(ctx, &series, &ctx.t(&unit), name, last);
            // The report's description speaks of the period's total; here
            // the headline says what the chart shows, from shown counts.
            chart.long_desc = headline.clone();
            chart
        });
        let categories = self.area_categories(ai);
        // No year published at all (or none configured): nothing to say.
        let years = self.cadences.contains(&Cadence::Year);
        let categories_note = match (&categories, self.reports(Cadence::Year).is_empty()) {
            (Some(_), _) => String::new(),
            (None, _) if !years => String::new(),
            (None, true) => ctx.t("area_categories_none_yet"),
            (None, false) => ctx.t("area_categories_sparse"),
        };
        AreaView {
            name: name.to_string(),
            categories,
            categories_note,
            level_note: level
                .as_ref()
                .map_or_else(String::new, |l| self.level_note(l)),
            level: level.as_ref().map_or("", |l| l.cadence.id()).to_string(),
            headline,
            rows,
            chart,
            actions: self.area_actions(name),
        }
    }

    /// The area's released count per period of the level, with the same
    /// period a year earlier and the change where both are shown.
    fn area_rows(&self, ai: usize, c: Cadence) -> Vec<AreaPeriodRow> {
        let all = self.reports(c);
        let num = |r: &PeriodReport| self.cells.num(&r.period, Key::Area(ai));
        self.area_window(c)
            .iter()
            .map(|r| {
                let count = num(r);
                let ya = self.year_ago(all, r);
                let year_ago = ya.map(num);
                // Complete periods: a leap year's quarter has a day more.
                let len = |x: &PeriodReport| days_in((x.period.start, x.period.end));
                AreaPeriodRow {
                    label: self.ctx.words.period(&r.period),
                    href: report_path(&r.period),
                    count,
                    year_ago,
                    change_year: Change::over(count, year_ago, ya.map(|y| (len(r), len(y)))),
                }
            })
            .collect()
    }

    /// The area's counts per public category for the last released years
    /// that publish them; `None` where none does.
    fn area_categories(&self, ai: usize) -> Option<AreaCategories> {
        let ctx = self.ctx;
        let years: Vec<&PeriodReport> = (self.reports(Cadence::Year).iter())
            .filter(|r| self.dims.recoding.by_category(&r.period, ai))
            .collect();
        let years = &years[years.len().saturating_sub(CATEGORY_YEARS)..];
        let (last, before) = match years {
            [.., b, l] if l.period.year == b.period.year + 1 => (Some(*l), Some(*b)),
            _ => (None, None),
        };
        let len = |x: &PeriodReport| days_in((x.period.start, x.period.end));
        let rows = (0..self.dims.categories.len())
            .map(|ci| {
                let num = |r: &PeriodReport| self.cells.num(&r.period, Key::AreaCategory(ai, ci));
                let change = last
                    .zip(before)
                    .and_then(|(l, b)| Change::over(num(l), Some(num(b)), Some((len(l), len(b)))));
                AreaCategoryRow {
                    category: self.category(ci).label.clone(),
                    counts: years.iter().map(|r| num(r)).collect(),
                    change,
                }
            })
            .collect();
        let change_label = last.zip(before).map(|(l, b)| {
            ctx.fill(
                "area_categories_change",
                &[
                    ("year", ctx.words.period(&l.period)),
                    ("before", ctx.words.period(&b.period)),
                ],
            )
        });
        (!years.is_empty()).then(|| AreaCategories {
            years: (years.iter())
                .map(|r| AreaYear {
                    label: ctx.words.period(&r.period),
                    href: report_path(&r.period),
                })
                .collect(),
            rows,
            change_label,
        })
    }

    /// "Norr: 5 händelser under kvartal 4 2025, 1 fler än under kvartal 4
    /// 2024.", from the last row of the level.
    fn area_headline(&self, name: &str, level: Option<&Level>, rows: &[AreaPeriodRow]) -> String {
        let ctx = self.ctx;
        let (Some(level), Some(last)) = (level, rows.last()) else {
            return ctx.fill("area_headline_none", &[("area", name.to_string())]);
        };
        let window = self.area_window(level.cadence);
        let report = &window[window.len() - 1];
        let mut args = vec![("area", name.to_string()), ("period", last.label.clone())];
        let Some(count) = last.count.value() else {
            return ctx.fill("area_headline_hidden", &args);
        };
        args.push(("count", ctx.words.num(count as i64)));
        let Some(change) = &last.change_year else {
            return ctx.fill("area_headline", &args);
        };
        let ago = self
            .year_ago(self.reports(level.cadence), report)
            .map(|y| ctx.words.period(&y.period))
            .unwrap_or_default();
        args.push(("year_ago", ago));
        args.push(("diff", ctx.words.num(change.abs.abs())));
        let key = match change.abs.signum() {
            1 => "area_headline_more",
            -1 => "area_headline_fewer",
            _ => "area_headline_same",
        };
        ctx.fill(key, &args)
    }

    /// "Per kvartal: siffrorna per månad är för få för att visas."
    fn level_note(&self, level: &Level) -> String {
        let ctx = self.ctx;
        let word = |c: Cadence| ctx.words.cadence(c).to_lowercase();
        let finer: Vec<String> = self
            .cadences
            .iter()
            .filter(|c| c.months() < level.cadence.months())
            .map(|c| word(*c))
            .collect();
        let level_word = word(level.cadence);
        let and = format!(" {} ", ctx.t("and"));
        let args = [("level", level_word), ("finer", finer.join(&and))];
        if !level.mostly_shown && args[1].1.is_empty() {
            ctx.fill("area_level_sparse_only", &args)
        } else if !level.mostly_shown {
            ctx.fill("area_level_sparse", &args)
        } else if args[1].1.is_empty() {
            ctx.fill("area_level", &args)
        } else {
            ctx.fill("area_level_coarser", &args)
        }
    }

    /// The public actions whose place lies in the area, as the public
    /// register shows them.
    fn area_actions(&self, name: &str) -> Vec<ActionRow> {
        self.ctx
            .analysis
            .actions
            .iter()
            .filter(|a| a.public)
            .map(|a| self.action(a))
            .filter(|row| row.area.as_deref() == Some(name))
            .collect()
    }
}
