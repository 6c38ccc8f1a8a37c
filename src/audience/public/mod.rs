//! The public output, for citizens: built through an allow-list.
//!
//! Every value on a public page is put there by this file on purpose; a
//! field of the model that is not named here never reaches a public page,
//! chart or download. The rules (all from `[privacy]`):
//!
//! - only categories marked public, and only their own totals;
//! - report periods of a month or coarser; no operative periods;
//! - places only as their area; no coordinates, no descriptions;
//! - no counts per reporting organisation unless allowed;
//! - every count passes disclosure control ([`super::disclosure`]): the
//!   cells of one calendar year (per period: total, each category, each
//!   area) are protected together, with the sums between periods (months
//!   in quarters, quarters in the year …) as known relations;
//! - notes only when marked public: title, date, group, public summary, and
//!   the body only when the note allows it; actions only when marked
//!   public, without owner, comments, target places or comparison, and
//!   their effect only from the counts this output shows ([`effects`]).

mod actions;
mod areas;
mod cells;
mod cube;
mod figures;
mod history;
mod insight;
mod pages;
mod recode;
mod release;

use super::report::{category_chart, comparison_labels, count_row, head, pager, timeline_chart};
use super::view::*;
use super::*;
use crate::analysis::periods::calendar_period;

use cells::{Cells, Dims, Key, Published, protect_all};
pub use release::{ReleasePlan, audit_ledger, plan_release};

/// The cadences a public output shows: those of `[privacy]` that are built.
fn public_cadences(ctx: &Ctx) -> Vec<Cadence> {
    ctx.analysis
        .reports
        .keys()
        .copied()
        .filter(|c| *c != Cadence::Operative && ctx.config.privacy.cadences.contains(c))
        .collect()
}

/// Builds the public output and the report of what it withheld.
pub fn public(ctx: &Ctx, name: &str) -> (SiteView, PrivacyReport) {
    let dims = Dims::new(ctx);
    let cadences = public_cadences(ctx);
    // With a ledger, what it released; without, the complete periods of
    // this build alone (and a warning at build time).
    let (published, cells, through, pending) = match &ctx.model.ledger {
        Some(ledger) => {
            let released = ledger.released();
            let published = history::published(ctx, &cadences, |r| {
                released.contains(&history::period_ref(r))
            });
            let cells = history::cells_from_ledger(ctx, &dims, ledger);
            let pending = history::pending(ctx, &dims, &cadences, ledger);
            let through = ledger.releases.last().map(|r| r.through);
            (published, cells, through, Some(pending))
        }
        None => {
            let published = history::published(ctx, &cadences, history::complete(ctx));
            let cells = protect_all(ctx, &dims, &published);
            (published, cells, history::release_line(ctx), None)
        }
    };
    let revisions = ctx
        .model
        .ledger
        .as_ref()
        .map(|l| history::revision_views(ctx, l))
        .unwrap_or_default();
    let p = Public {
        ctx,
        dims: &dims,
        cells: &cells,
        cadences: &cadences,
        published: &published,
        revisions: &revisions,
    };
    let public_notes: Vec<usize> = (0..ctx.model.meetings.len())
        .filter(|&i| ctx.model.meetings[i].public)
        .collect();
    let public_actions: Vec<&ActionRecord> =
        ctx.analysis.actions.iter().filter(|a| a.public).collect();
    let public_pages: Vec<&Page> = ctx.model.pages.iter().filter(|pg| pg.public).collect();

    let (area_pages, my_areas) = p.area_pages();
    let mut pages = vec![
        p.index_page(&public_notes, &public_actions, my_areas),
        archive_page(ctx, cadences.iter().map(|c| (*c, p.reports(*c))), |r| {
            Some(cells.num(&r.period, Key::Total))
        }),
        actions_page(ctx, public_actions.iter().map(|a| p.action(a)).collect()),
        p.numbers_page(),
    ];
    pages.extend(meetings_pages(ctx, &public_notes));
    for c in &cadences {
        let reports = p.reports(*c);
        pages.extend((0..reports.len()).map(|i| {
            let v = p.report(reports, i);
            PageView {
                path: report_path(&reports[i].period),
                title: format!("{}: {}", ctx.t("report"), v.report.head.label),
                section: "reports".into(),
                body: PageBody::Report(Box::new(v)),
            }
        }));
    }
    pages.extend(public_notes.iter().map(|&i| p.meeting_page(i)));
    pages.extend(area_pages);
    pages.extend(public_pages.iter().map(|pg| free_page(pg)));
    let mut items = vec![
        ("home", "index.html"),
        ("reports", "reports/index.html"),
        ("meetings", "meetings/index.html"),
        ("actions", "actions/index.html"),
        ("numbers", "numbers/index.html"),
    ];
    if !ctx.model.surveys.is_empty() {
        pages.push(super::surveys::page(ctx));
        items.insert(1, ("surveys", "surveys/index.html"));
    }
    if !revisions.is_empty() {
        pages.push(PageView {
            path: "revisions/index.html".into(),
            title: ctx.t("revisions"),
            section: "revisions".into(),
            body: PageBody::Revisions {
                revisions: revisions.clone(),
            },
        });
        items.push(("revisions", "revisions/index.html"));
    }
    let mut meta = site_meta(ctx, "public", nav(&items, public_pages.iter().copied()));
    meta.data_until = through.map(|d| ctx.words.date(d));
    let report = PrivacyReport {
        output: name.to_string(),
        threshold: ctx.config.privacy.threshold,
        cells: cells.cells,
        primary: cells.primary,
        secondary: cells.secondary,
        categories_withheld: ctx
            .model
            .categories
            .iter()
            .filter(|c| !c.public)
            .map(|c| c.label.clone())
            .collect(),
        cadences_withheld: ctx
            .analysis
            .reports
            .keys()
            .filter(|c| !cadences.contains(c))
            .map(|c| ctx.words.cadence(*c).to_string())
            .collect(),
        notes_published: public_notes.len(),
        notes_withheld: ctx.model.meetings.len() - public_notes.len(),
        actions_published: public_actions.len(),
        actions_withheld: ctx.analysis.actions.len() - public_actions.len(),
        pages_withheld: ctx.model.pages.len() - public_pages.len(),
        grouped_periods: published
            .values()
            .flat_map(|rs| rs.iter())
            .filter(|r| dims.recoding.group(&r.period).is_some())
            .count(),
        fields_withheld: withheld_fields(ctx),
        ledger: pending.map(|(changed, waiting)| LedgerStatus {
            releases: ctx.model.ledger.as_ref().map_or(0, |l| l.releases.len()),
            changed,
            waiting,
        }),
    };
    let view = SiteView {
        meta,
        pages,
        known: Default::default(),
    };
    (view, report)
}

fn withheld_fields(ctx: &Ctx) -> Vec<String> {
    let mut f = vec![
        "withheld_descriptions",
        "withheld_places",
        "withheld_coordinates",
        "withheld_times",
        "withheld_note_texts",
        "withheld_attendees",
        "withheld_owners",
    ];
    if !ctx.config.privacy.organisations {
        f.push("withheld_organisations");
    }
    f.into_iter().map(str::to_string).collect()
}

/// The public builders, with the protected counts.
struct Public<'a> {
    ctx: &'a Ctx<'a>,
    dims: &'a Dims,
    cells: &'a Cells,
    cadences: &'a [Cadence],
    published: &'a Published<'a>,
    /// Every visible revision of a released count, newest first.
    revisions: &'a [RevisionView],
}

impl<'a> Public<'a> {
    /// The reports of a cadence that this output publishes.
    fn reports(&self, c: Cadence) -> &'a [PeriodReport] {
        self.published.get(&c).copied().unwrap_or(&[])
    }

    /// The last 12 published months (or fewer), oldest first.
    fn trend(&self) -> &'a [PeriodReport] {
        let months = self.reports(Cadence::Month);
        &months[months.len().saturating_sub(12)..]
    }

    fn category(&self, ci: usize) -> &crate::model::Category {
        &self.ctx.model.categories[self.dims.categories[ci]]
    }

    /// The same period a year earlier, among the reports of its cadence.
    fn year_ago<'r>(
        &self,
        reports: &'r [PeriodReport],
        r: &PeriodReport,
    ) -> Option<&'r PeriodReport> {
        r.year_ago.as_ref()?;
        let slug = calendar_period(r.period.cadence, r.period.year_ago().0).slug;
        reports.iter().find(|x| x.period.slug == slug)
    }

    fn report(&self, reports: &[PeriodReport], i: usize) -> ReportPage {
        let ctx = self.ctx;
        let r = &reports[i];
        let prev = if i > 0 && r.previous.is_some() {
            Some(&reports[i - 1])
        } else {
            None
        };
        let ya = self.year_ago(reports, r);
        let num = |x: &PeriodReport, k: Key| self.cells.num(&x.period, k);
        // Published periods are complete: their counts cover every day.
        let len = |x: &PeriodReport| days_in((x.period.start, x.period.end));
        let days = RowDays {
            now: Some(len(r)),
            previous: prev.map(len),
            year_ago: ya.map(len),
        };
        let row = |id: &str, label: &str, colour: Option<&str>, k: Key| {
            count_row(
                id,
                label,
                colour,
                num(r, k),
                prev.map(|p| num(p, k)),
                ya.map(|y| num(y, k)),
                days,
            )
        };
        let categories: Vec<CountRow> = (0..self.dims.categories.len())
            .map(|ci| {
                let c = self.category(ci);
                row(&c.id, &c.label, Some(&c.colour), Key::Category(ci))
            })
            .collect();
        let total = row("total", &ctx.t("total"), None, Key::Total);
        let areas = self
            .area_counts(r)
            .into_iter()
            .filter(|a| a.count != Num::Value(0))
            .collect();
        let organisations = (self.dims.organisations > 1).then(|| {
            (0..self.dims.organisations)
                .map(|o| {
                    let name = &ctx.model.organisations[o];
                    NamedCount {
                        id: slug(name),
                        label: name.clone(),
                        detail: None,
                        href: None,
                        count: num(r, Key::Organisation(o)),
                    }
                })
                .filter(|o| o.count != Num::Value(0))
                .collect()
        });
        let series = self.month_series(r);
        let label = ctx.words.period(&r.period);
        let timeline = (!series.is_empty())
            .then(|| timeline_chart(ctx, &series, &ctx.t("per_month"), &label, total.count));
        let (previous_label, year_ago_label) = comparison_labels(ctx, reports, i);
        let (prev_link, next_link) = pager(ctx, reports, i);
        let report = ReportView {
            head: head(ctx, r),
            previous_label: prev.and(previous_label),
            year_ago_label: ya.and(year_ago_label),
            category_chart: category_chart(ctx, &categories, &label),
            total,
            categories,
            places: None,
            areas,
            organisations,
            series_unit: if series.is_empty() {
                String::new()
            } else {
                "month".into()
            },
            series,
            timeline,
            events: None,
            events_total: 0,
            prev: prev_link,
            next: next_link,
            insight: Box::new(self.insight(r)),
            revisions: self
                .revisions
                .iter()
                .filter(|v| v.report.href == report_path(&r.period))
                .cloned()
                .collect(),
        };
        ReportPage {
            report: std::sync::Arc::new(report),
            meetings: r
                .meetings
                .iter()
                .filter(|&&m| ctx.model.meetings[m].public)
                .map(|&m| meeting_link(ctx, m))
                .collect(),
            actions: self
                .period_actions(r)
                .into_iter()
                .map(std::sync::Arc::new)
                .collect(),
        }
    }

    /// The counts per area a report publishes: each area published
    /// alone, then the areas published together, named (see [`recode`]).
    fn area_counts(&self, r: &PeriodReport) -> Vec<NamedCount> {
        let ctx = self.ctx;
        let name = |ai: usize| self.dims.areas[ai].as_deref();
        let mut out: Vec<NamedCount> = (0..self.dims.areas.len())
            .filter(|&ai| self.dims.publishes(&r.period, Key::Area(ai)))
            .map(|ai| ctx.area_count(name(ai), self.cells.num(&r.period, Key::Area(ai))))
            .collect();
        if let Some(group) = self.dims.recoding.group(&r.period) {
            let members: Vec<String> = group.iter().map(|&ai| ctx.area_label(name(ai))).collect();
            out.push(NamedCount {
                id: "other-areas".into(),
                label: format!("{} ({})", ctx.t("other_areas"), members.join(", ")),
                detail: None,
                href: None,
                count: self.cells.num(&r.period, Key::OtherAreas),
            });
        }
        out
    }

    /// The month totals inside a longer period, when months are public.
    fn month_series(&self, r: &PeriodReport) -> Vec<SeriesPoint> {
        if r.period.cadence.months() < 2 || !self.cadences.contains(&Cadence::Month) {
            return Vec::new();
        }
        self.reports(Cadence::Month)
            .iter()
            .filter(|m| r.period.contains(m.period.start))
            .map(|m| SeriesPoint {
                start: m.period.start.to_string(),
                end: m.period.end.to_string(),
                label: self.ctx.words.month(m.period.number).to_string(),
                count: self.cells.num(&m.period, Key::Total),
            })
            .collect()
    }

    fn meeting_page(&self, i: usize) -> PageView {
        let ctx = self.ctx;
        let m = &ctx.model.meetings[i];
        let actions = m
            .actions
            .iter()
            .filter_map(|a| ctx.analysis.action(&a.id).filter(|r| r.public))
            .map(|rec| self.action(rec))
            .collect();
        let report = self
            .cadences
            .contains(&Cadence::Month)
            .then(|| calendar_period(Cadence::Month, m.date))
            .map(|p| Link {
                href: report_path(&p),
                label: ctx.words.period(&p),
            });
        let view = MeetingView {
            title: m.title.clone(),
            date: ctx.words.date(m.date),
            date_iso: m.date.to_string(),
            group: ctx.group_label(&m.group),
            attendees: Vec::new(),
            focus_places: Vec::new(),
            focus_categories: m
                .focus_categories
                .iter()
                .map(|c| &ctx.model.categories[*c as usize])
                .filter(|c| c.public)
                .map(|c| c.label.clone())
                .collect(),
            public: None,
            summary: m.public_summary.clone(),
            body: m.public_body.then(|| super::shortcodes::body(ctx, m, self)),
            actions,
            report: report.filter(|l| {
                self.reports(Cadence::Month)
                    .iter()
                    .any(|r| report_path(&r.period) == l.href)
            }),
        };
        PageView {
            path: meeting_href(&m.slug),
            title: m.title.clone(),
            section: "meetings".into(),
            body: PageBody::Meeting(Box::new(view)),
        }
    }
}
