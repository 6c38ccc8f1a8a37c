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
//!   public, without owner or comments.

use std::collections::{BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::disclosure::{self, Cell, Status, Table};
use super::report::{category_chart, comparison_labels, count_row, head, pager, timeline_chart};
use super::view::*;
use super::*;
use crate::analysis::periods::calendar_period;

/// What a public count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Total,
    /// Index into `Dims::categories`.
    Category(usize),
    /// Index into `Dims::areas`.
    Area(usize),
    /// Index into the model's organisations.
    Organisation(usize),
}

/// The dimensions of the public atoms: month × category × area × organisation.
struct Dims {
    /// Model category index of each public category.
    categories: Vec<usize>,
    /// Area names, sorted; `None` (no area) last.
    areas: Vec<Option<String>>,
    /// Per place, its index in `areas`.
    place_area: Vec<usize>,
    /// Organisations as an atom dimension (1 when they are not published).
    organisations: usize,
}

impl Dims {
    fn new(ctx: &Ctx) -> Dims {
        let categories = ctx
            .model
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.public)
            .map(|(i, _)| i)
            .collect();
        let named: BTreeSet<&str> = ctx
            .model
            .places
            .iter()
            .filter_map(|p| p.area.as_deref())
            .collect();
        let mut areas: Vec<Option<String>> =
            named.into_iter().map(|a| Some(a.to_string())).collect();
        areas.push(None);
        let place_area = ctx
            .model
            .places
            .iter()
            .map(|p| {
                areas
                    .iter()
                    .position(|a| a.as_deref() == p.area.as_deref())
                    .unwrap_or(areas.len() - 1)
            })
            .collect();
        let organisations = if ctx.config.privacy.organisations {
            ctx.model.organisations.len().max(1)
        } else {
            1
        };
        Dims {
            categories,
            areas,
            place_area,
            organisations,
        }
    }

    fn atom(&self, month0: usize, cat: usize, area: usize, org: usize) -> usize {
        ((month0 * self.categories.len() + cat) * self.areas.len() + area) * self.organisations
            + org
    }

    fn atoms_per_year(&self) -> usize {
        12 * self.categories.len() * self.areas.len() * self.organisations
    }

    fn keys(&self) -> Vec<Key> {
        let mut keys = vec![Key::Total];
        keys.extend((0..self.categories.len()).map(Key::Category));
        keys.extend((0..self.areas.len()).map(Key::Area));
        if self.organisations > 1 {
            keys.extend((0..self.organisations).map(Key::Organisation));
        }
        keys
    }
}

/// The protected counts of every public period.
#[derive(Default)]
struct Cells {
    map: HashMap<(String, String, Key), (u64, Status)>,
    cells: usize,
    primary: usize,
    secondary: usize,
}

impl Cells {
    fn num(&self, p: &Period, key: Key) -> Num {
        match self
            .map
            .get(&(p.cadence.id().to_string(), p.slug.clone(), key))
        {
            Some((v, Status::Shown)) => Num::Value(*v),
            Some((_, Status::Primary)) => Num::Hidden { small: true },
            Some((_, Status::Secondary)) | None => Num::Hidden { small: false },
        }
    }
}

/// The cadences a public output shows: those of `[privacy]` that are built.
fn public_cadences(ctx: &Ctx) -> Vec<Cadence> {
    ctx.analysis
        .reports
        .keys()
        .copied()
        .filter(|c| *c != Cadence::Operative && ctx.config.privacy.cadences.contains(c))
        .collect()
}

/// Builds and protects the tables of every year.
fn protect_all(ctx: &Ctx, dims: &Dims, cadences: &[Cadence]) -> Cells {
    let years: BTreeSet<i32> = cadences
        .iter()
        .flat_map(|c| ctx.analysis.reports[c].iter().map(|r| r.period.year))
        .collect();
    let tables: Vec<_> = years
        .into_par_iter()
        .map(|y| year_table(ctx, dims, cadences, y))
        .collect();
    let mut cells = Cells::default();
    for (table, labels, pseudo) in tables {
        let status = disclosure::protect(&table, ctx.config.privacy.threshold);
        for (i, label) in labels.into_iter().enumerate() {
            cells.map.insert(label, (table.cells[i].value, status[i]));
        }
        let published = &status[..status.len() - pseudo];
        cells.cells += published.len();
        cells.primary += published.iter().filter(|s| **s == Status::Primary).count();
        cells.secondary += published
            .iter()
            .filter(|s| **s == Status::Secondary)
            .count();
    }
    cells
}

type Label = (String, String, Key);

/// The cells of one year with their labels, and how many trailing cells
/// are unpublished "known zero" constraints for months without data.
fn year_table(
    ctx: &Ctx,
    dims: &Dims,
    cadences: &[Cadence],
    year: i32,
) -> (Table, Vec<Label>, usize) {
    let mut atoms = vec![0u64; dims.atoms_per_year()];
    let (jan1, dec31) = (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("date"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("date"),
    );
    let cat_index: HashMap<usize, usize> = dims
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    for inc in ctx.model.incidents_between(jan1, dec31) {
        let Some(&ci) = cat_index.get(&(inc.category as usize)) else {
            continue;
        };
        let area = inc
            .place
            .map_or(dims.areas.len() - 1, |p| dims.place_area[p as usize]);
        let org = if dims.organisations > 1 {
            inc.organisation as usize
        } else {
            0
        };
        atoms[dims.atom(inc.date.month0() as usize, ci, area, org)] += u64::from(inc.count);
    }
    let keys = dims.keys();
    let mut table = Table::default();
    let mut labels = Vec::new();
    let mut index: HashMap<Label, usize> = HashMap::new();
    for c in cadences {
        for r in ctx.analysis.reports[c]
            .iter()
            .filter(|r| r.period.year == year)
        {
            let months = r.period.start.month0() as usize..=r.period.end.month0() as usize;
            for &key in &keys {
                let list: Vec<u32> = (0..atoms.len())
                    .filter(|&a| in_cell(dims, a, &months, key))
                    .map(|a| a as u32)
                    .collect();
                let value = list.iter().map(|&a| atoms[a as usize]).sum();
                let label = (c.id().to_string(), r.period.slug.clone(), key);
                index.insert(label.clone(), table.cells.len());
                labels.push(label);
                table.cells.push(Cell { atoms: list, value });
            }
            let at = |k: Key| index[&(c.id().to_string(), r.period.slug.clone(), k)];
            for group in [
                (0..dims.categories.len())
                    .map(Key::Category)
                    .collect::<Vec<_>>(),
                (0..dims.areas.len()).map(Key::Area).collect(),
                if dims.organisations > 1 {
                    (0..dims.organisations).map(Key::Organisation).collect()
                } else {
                    Vec::new()
                },
            ] {
                if !group.is_empty() {
                    table.relations.push(
                        std::iter::once(at(Key::Total))
                            .chain(group.into_iter().map(at))
                            .collect(),
                    );
                }
            }
        }
    }
    nest_relations(ctx, cadences, year, &keys, &index, &mut table);
    let pseudo = known_zero_months(ctx, dims, year, &mut table);
    (table, labels, pseudo)
}

fn in_cell(dims: &Dims, atom: usize, months: &std::ops::RangeInclusive<usize>, key: Key) -> bool {
    let org = atom % dims.organisations;
    let rest = atom / dims.organisations;
    let area = rest % dims.areas.len();
    let rest = rest / dims.areas.len();
    let cat = rest % dims.categories.len();
    let month = rest / dims.categories.len();
    months.contains(&month)
        && match key {
            Key::Total => true,
            Key::Category(c) => c == cat,
            Key::Area(a) => a == area,
            Key::Organisation(o) => o == org,
        }
}

/// A coarser period is the sum of the finer periods inside it (months in
/// a quarter, two-month periods in a tertial …): known relations.
fn nest_relations(
    ctx: &Ctx,
    cadences: &[Cadence],
    year: i32,
    keys: &[Key],
    index: &HashMap<Label, usize>,
    table: &mut Table,
) {
    for &coarse in cadences {
        for &fine in cadences
            .iter()
            .filter(|f| f.months() < coarse.months() && coarse.months() % f.months() == 0)
        {
            for r in ctx.analysis.reports[&coarse]
                .iter()
                .filter(|r| r.period.year == year)
            {
                let parts: Vec<&PeriodReport> = ctx.analysis.reports[&fine]
                    .iter()
                    .filter(|f| r.period.contains(f.period.start))
                    .collect();
                for &key in keys {
                    let total = index[&(coarse.id().to_string(), r.period.slug.clone(), key)];
                    let members: Vec<usize> = parts
                        .iter()
                        .filter_map(|f| {
                            index
                                .get(&(fine.id().to_string(), f.period.slug.clone(), key))
                                .copied()
                        })
                        .collect();
                    table
                        .relations
                        .push(std::iter::once(total).chain(members).collect());
                }
            }
        }
    }
}

/// Months of the year outside the data are known to be empty: added as
/// zero cells (never published) so the audit does not count on them.
fn known_zero_months(ctx: &Ctx, dims: &Dims, year: i32, table: &mut Table) -> usize {
    let Some(cov) = ctx.analysis.coverage else {
        return 0;
    };
    let mut n = 0;
    for m in 0..12u32 {
        let first = NaiveDate::from_ymd_opt(year, m + 1, 1).expect("date");
        let last = calendar_period(Cadence::Month, first).end;
        if last < cov.start || first > cov.end {
            let atoms = (0..dims.atoms_per_year())
                .filter(|&a| in_cell(dims, a, &(m as usize..=m as usize), Key::Total))
                .map(|a| a as u32)
                .collect();
            table.cells.push(Cell { atoms, value: 0 });
            n += 1;
        }
    }
    n
}

/// Builds the public output and the report of what it withheld.
pub fn public(ctx: &Ctx, name: &str) -> (SiteView, PrivacyReport) {
    let dims = Dims::new(ctx);
    let cadences = public_cadences(ctx);
    let cells = protect_all(ctx, &dims, &cadences);
    let p = Public {
        ctx,
        dims: &dims,
        cells: &cells,
        cadences: &cadences,
    };
    let public_notes: Vec<usize> = (0..ctx.model.meetings.len())
        .filter(|&i| ctx.model.meetings[i].public)
        .collect();
    let public_actions: Vec<&ActionRecord> =
        ctx.analysis.actions.iter().filter(|a| a.public).collect();
    let public_pages: Vec<&Page> = ctx.model.pages.iter().filter(|pg| pg.public).collect();

    let mut pages = vec![
        p.index_page(&public_notes, &public_actions),
        archive_page(
            ctx,
            cadences
                .iter()
                .map(|c| (*c, ctx.analysis.reports[c].as_slice())),
            |r| cells.num(&r.period, Key::Total),
        ),
        meetings_page(ctx, public_notes.iter().copied()),
        actions_page(ctx, public_actions.iter().map(|a| p.action(a)).collect()),
        p.numbers_page(),
    ];
    for c in &cadences {
        let reports = &ctx.analysis.reports[c];
        pages.extend((0..reports.len()).map(|i| {
            let v = p.report(reports, i);
            PageView {
                path: report_path(&reports[i].period),
                title: format!("{}: {}", ctx.t("report"), v.head.label),
                section: "reports".into(),
                body: PageBody::Report(Box::new(v)),
            }
        }));
    }
    pages.extend(public_notes.iter().map(|&i| p.meeting_page(i)));
    pages.extend(public_pages.iter().map(|pg| free_page(pg)));
    let items = [
        ("home", "index.html"),
        ("reports", "reports/index.html"),
        ("meetings", "meetings/index.html"),
        ("actions", "actions/index.html"),
        ("numbers", "numbers/index.html"),
    ];
    let meta = site_meta(ctx, "public", nav(&items, public_pages.iter().copied()));
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
        fields_withheld: withheld_fields(ctx),
    };
    (SiteView { meta, pages }, report)
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
}

impl Public<'_> {
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

    fn report(&self, reports: &[PeriodReport], i: usize) -> ReportView {
        let ctx = self.ctx;
        let r = &reports[i];
        let prev = if i > 0 && r.previous.is_some() {
            Some(&reports[i - 1])
        } else {
            None
        };
        let ya = self.year_ago(reports, r);
        let num = |x: &PeriodReport, k: Key| self.cells.num(&x.period, k);
        let row = |id: &str, label: &str, colour: Option<&str>, k: Key| {
            count_row(
                id,
                label,
                colour,
                num(r, k),
                prev.map(|p| num(p, k)),
                ya.map(|y| num(y, k)),
            )
        };
        let categories: Vec<CountRow> = (0..self.dims.categories.len())
            .map(|ci| {
                let c = self.category(ci);
                row(&c.id, &c.label, Some(&c.colour), Key::Category(ci))
            })
            .collect();
        let total = row("total", &ctx.t("total"), None, Key::Total);
        let areas = (0..self.dims.areas.len())
            .map(|ai| ctx.area_count(self.dims.areas[ai].as_deref(), num(r, Key::Area(ai))))
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
        let timeline = (!series.is_empty()).then(|| {
            let points = series
                .iter()
                .map(|s| ChartPoint {
                    label: s.label.clone(),
                    value: s.count,
                    colour: None,
                })
                .collect();
            timeline_chart(ctx, points, "per_month", &label, total.count)
        });
        let (previous_label, year_ago_label) = comparison_labels(ctx, reports, i);
        let (prev_link, next_link) = pager(ctx, reports, i);
        ReportView {
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
            meetings: r
                .meetings
                .iter()
                .filter(|&&m| ctx.model.meetings[m].public)
                .map(|&m| meeting_link(ctx, m))
                .collect(),
            actions: self.period_actions(r),
            prev: prev_link,
            next: next_link,
        }
    }

    /// The month totals inside a longer period, when months are public.
    fn month_series(&self, r: &PeriodReport) -> Vec<SeriesPoint> {
        if r.period.cadence.months() < 2 || !self.cadences.contains(&Cadence::Month) {
            return Vec::new();
        }
        self.ctx.analysis.reports[&Cadence::Month]
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

    fn period_actions(&self, r: &PeriodReport) -> Vec<ActionRow> {
        let mut ids: Vec<&str> = Vec::new();
        for &m in r
            .meetings
            .iter()
            .filter(|&&m| self.ctx.model.meetings[m].public)
        {
            for a in &self.ctx.model.meetings[m].actions {
                if !ids.contains(&a.id.as_str()) {
                    ids.push(&a.id);
                }
            }
        }
        ids.iter()
            .filter_map(|id| {
                self.ctx
                    .analysis
                    .actions
                    .iter()
                    .find(|a| a.id == *id && a.public)
            })
            .map(|a| self.action(a))
            .collect()
    }

    /// An action as citizens see it: what, where (as an area), when due,
    /// its status and history; no owner, no comments.
    fn action(&self, a: &ActionRecord) -> ActionRow {
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

    fn meeting_page(&self, i: usize) -> PageView {
        let ctx = self.ctx;
        let m = &ctx.model.meetings[i];
        let actions = m
            .actions
            .iter()
            .filter_map(|a| {
                ctx.analysis
                    .actions
                    .iter()
                    .find(|r| r.id == a.id && r.public)
            })
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
            body: m.public_body.then(|| Markdown::new(&m.body)),
            actions,
            report: report.filter(|l| {
                ctx.analysis.reports[&Cadence::Month]
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

    fn index_page(&self, notes: &[usize], actions: &[&ActionRecord]) -> PageView {
        let ctx = self.ctx;
        let latest = self
            .cadences
            .contains(&Cadence::Month)
            .then(|| trend_window(ctx).last())
            .flatten()
            .map(|last| {
                let reports = &ctx.analysis.reports[&Cadence::Month];
                let i = reports
                    .iter()
                    .position(|r| r.period == last.period)
                    .unwrap_or(0);
                let v = self.report(reports, i);
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
                ctx.analysis.reports[c].last().map(|r| Link {
                    href: report_path(&r.period),
                    label: format!("{}: {}", ctx.words.cadence(*c), ctx.words.period(&r.period)),
                })
            })
            .collect();
        let window = if self.cadences.contains(&Cadence::Month) {
            trend_window(ctx)
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
                    .map_or(Num::Hidden { small: false }, Num::Value);
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
            latest,
            latest_reports,
            trend_months,
            trend,
            trend_chart,
            open_actions: actions.iter().map(|a| self.action(a)).collect(),
            recent_meetings: notes
                .iter()
                .rev()
                .take(5)
                .map(|&i| meeting_link(ctx, i))
                .collect(),
        };
        PageView {
            path: "index.html".into(),
            title: ctx.config.site.title.clone(),
            section: "home".into(),
            body: PageBody::Index(Box::new(body)),
        }
    }

    /// "What the numbers and the dots mean": the rules of this output.
    fn numbers_page(&self) -> PageView {
        let ctx = self.ctx;
        let cats: Vec<String> = (0..self.dims.categories.len())
            .map(|ci| self.category(ci).label.clone())
            .collect();
        let cadences: Vec<String> = self
            .cadences
            .iter()
            .map(|c| ctx.words.cadence(*c).to_lowercase())
            .collect();
        let text = ctx.fill(
            "numbers_page",
            &[
                ("max", (ctx.config.privacy.threshold - 1).to_string()),
                ("categories", cats.join(", ")),
                ("cadences", cadences.join(", ")),
                ("hidden", HIDDEN.to_string()),
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
}
