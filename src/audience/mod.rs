//! The audience stage: from model and analysis to the view models of one
//! output. Templates never see the model; a builder copies into each view
//! exactly what its output may show. [`internal`] shows everything;
//! [`public`] builds its views through an allow-list, with disclosure
//! control on every count.

pub mod action_view;
mod actions;
pub mod area_view;
pub mod disclosure;
pub mod fingerprint;
mod insight;
mod insight_data;
pub mod insight_view;
mod internal;
pub mod memo;
mod places;
pub mod protected;
mod public;
mod report;
pub mod shortcodes;
mod surveys;
pub mod view;

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::analysis::{ActionRecord, Analysis, Period, PeriodReport};
use crate::config::{Cadence, Config};
use crate::i18n::{Translations, Words};
use crate::model::{Model, OrgId, Page, PlaceId};
pub use internal::{Offered, internal_before_privacy, privacy_page};
pub use public::{ReleasePlan, audit_ledger, plan_release, public};
use view::*;

/// What the builders share: inputs and language.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub model: &'a Model,
    pub analysis: &'a Analysis,
    pub words: Words,
    pub texts: &'a Translations,
    /// Views of the incident data kept from an earlier build (`lagesbild
    /// serve`), or their fingerprints (`lagesbild build`), when there is
    /// a memo (see [`memo`]).
    pub memo: Option<&'a memo::ViewMemo>,
    /// Protections of the public counts kept from an earlier build, when
    /// there are (see [`protected`]).
    pub protected: Option<&'a protected::ProtectMemo>,
    /// Every action's row in the register, and every note's rows of the
    /// actions as it states them, made once per build when first asked
    /// for and shared by the lists that show them (a thousand reports
    /// list the actions that ran in them: a row per action and report
    /// otherwise), and every note's link (its date and group in words).
    pub rows: Rows,
}

/// Asked for a page whose fingerprint is known before its view is made
/// (its path and fingerprint): the page's files, taken as the last build
/// rendered them, or `None` (then the view is made). See
/// [`view::TakenPage`].
pub type Taken<'a> = dyn Fn(&str, u64) -> Option<Vec<String>> + Sync + 'a;

/// The page at `path` taken with `files` (see [`Taken`]).
fn taken_page(
    path: String,
    title: String,
    section: &str,
    fingerprint: u64,
    files: Vec<String>,
    report: Option<(ReportHead, Num)>,
) -> PageView {
    let taken = TakenPage {
        fingerprint,
        files,
        report,
    };
    PageView {
        path,
        title,
        section: section.into(),
        body: PageBody::Taken(Box::new(taken)),
    }
}

/// An action row shared by the lists that show it, with its fingerprint
/// ([`fingerprint::of`]).
pub type SharedRow = (std::sync::Arc<ActionRow>, Option<u64>);

/// The shared rows of one build (see [`Ctx::rows`]).
#[derive(Default)]
pub struct Rows {
    register: std::sync::OnceLock<Vec<SharedRow>>,
    notes: std::sync::OnceLock<Vec<Vec<SharedRow>>>,
    links: std::sync::OnceLock<Vec<MeetingLink>>,
    /// Each place's page, by place: a report links its 200 places, a
    /// large site's 700 reports the same ones again.
    place_hrefs: std::sync::OnceLock<Vec<String>>,
}

fn shared(row: ActionRow) -> SharedRow {
    let hash = fingerprint::of(&row);
    (std::sync::Arc::new(row), hash)
}

impl Ctx<'_> {
    /// The link to place `p`'s page (see [`Rows::place_hrefs`]).
    fn place_href(&self, p: PlaceId) -> String {
        let hrefs = self.rows.place_hrefs.get_or_init(|| {
            (self.model.places.iter())
                .map(|pl| place_href(&pl.id))
                .collect()
        });
        hrefs[p as usize].clone()
    }

    /// The link to place `p`'s page, with its name.
    fn place_link(&self, p: PlaceId) -> Link {
        Link {
            href: self.place_href(p),
            label: self.model.places[p as usize].name.clone(),
        }
    }

    /// The register's row of every action, in the register's order.
    fn register_rows(&self) -> &[SharedRow] {
        use rayon::prelude::*;
        self.rows.register.get_or_init(|| {
            let actions = &self.analysis.actions;
            actions
                .par_iter()
                .map(|a| shared(make_action_row(self, a)))
                .collect()
        })
    }

    /// Note `i`'s actions as that note states them.
    fn note_rows(&self, i: usize) -> &[SharedRow] {
        use rayon::prelude::*;
        let all = self.rows.notes.get_or_init(|| {
            (0..self.model.meetings.len())
                .into_par_iter()
                .map(|m| {
                    let rows = self.model.meetings[m].actions.iter();
                    rows.filter_map(|a| {
                        let rec = self.analysis.action_index.get(&a.id)?;
                        let mut row = (*self.register_rows()[*rec].0).clone();
                        row.status = a.status.id().into();
                        row.status_label = self.words.status(a.status);
                        row.comment = a.comment.clone();
                        Some(shared(row))
                    })
                    .collect()
                })
                .collect()
        });
        &all[i]
    }
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        self.texts.get(key)
    }

    fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        self.texts.fill(key, args)
    }

    fn place_count(&self, p: PlaceId, n: u64) -> NamedCount {
        let place = &self.model.places[p as usize];
        NamedCount {
            id: place.id.clone(),
            label: place.name.clone(),
            detail: place.area.clone(),
            href: Some(self.place_href(p)),
            count: Num::Value(n),
        }
    }

    /// An area's name, or "no area".
    pub(crate) fn area_label(&self, area: Option<&str>) -> String {
        area.map_or_else(|| self.t("no_area"), str::to_string)
    }

    pub(crate) fn area_count(&self, area: Option<&str>, n: Num) -> NamedCount {
        let label = self.area_label(area);
        NamedCount {
            id: area.map_or_else(|| "no-area".to_string(), slug),
            label,
            detail: None,
            href: None,
            count: n,
        }
    }

    fn org_count(&self, o: OrgId, n: u64) -> NamedCount {
        let name = &self.model.organisations[o as usize];
        let label = if name.is_empty() {
            self.t("unknown_org")
        } else {
            name.clone()
        };
        NamedCount {
            id: slug(name),
            label,
            detail: None,
            href: None,
            count: Num::Value(n),
        }
    }

    fn group_label(&self, id: &str) -> String {
        self.words
            .group(id)
            .or_else(|| {
                self.config
                    .groups
                    .iter()
                    .find(|g| g.id == id)
                    .map(|g| g.label.clone())
            })
            .unwrap_or_else(|| id.to_string())
    }
}

use crate::model::names::page_name;
pub use crate::model::names::slug;

pub fn report_path(p: &Period) -> String {
    format!("reports/{}/{}/index.html", p.cadence.id(), p.slug)
}

fn place_href(id: &str) -> String {
    format!("places/{}/index.html", page_name(id))
}

fn meeting_href(slug: &str) -> String {
    format!("meetings/{slug}/index.html")
}

fn action_anchor(id: &str) -> String {
    format!("action-{}", slug(id))
}

/// The link to note `i`, as every list of notes shows it.
fn meeting_link(ctx: &Ctx, i: usize) -> MeetingLink {
    let links = ctx.rows.links.get_or_init(|| {
        let link = |m: &crate::model::Meeting| MeetingLink {
            href: meeting_href(&m.slug),
            title: m.title.clone(),
            date: ctx.words.date(m.date),
            group: ctx.group_label(&m.group),
        };
        ctx.model.meetings.iter().map(link).collect()
    });
    links[i].clone()
}

/// An action as the internal register shows it: every field, its
/// effect, and a link to its own page.
fn action_row(ctx: &Ctx, a: &ActionRecord) -> ActionRow {
    std::sync::Arc::unwrap_or_clone(shared_action_row(ctx, a))
}

/// [`action_row`], shared with the register's (not copied) when it is
/// one of the register's actions.
fn shared_action_row(ctx: &Ctx, a: &ActionRecord) -> std::sync::Arc<ActionRow> {
    match ctx.analysis.action_index.get(&a.id) {
        Some(&i) if std::ptr::eq(&ctx.analysis.actions[i], a) => {
            std::sync::Arc::clone(&ctx.register_rows()[i].0)
        }
        _ => std::sync::Arc::new(make_action_row(ctx, a)),
    }
}

fn make_action_row(ctx: &Ctx, a: &ActionRecord) -> ActionRow {
    let anchor = action_anchor(&a.id);
    ActionRow {
        id: a.id.clone(),
        href: actions::action_page_path(&a.id),
        anchor,
        overdue: a.overdue,
        period: actions::period_text(ctx, a),
        effect: actions::evaluation_summary(ctx, &a.effect),
        what: a.what.clone(),
        place: a.place.map(|p| ctx.place_link(p)),
        area: ctx.model.area_of(a.place).map(str::to_string),
        category: a
            .category
            .map(|c| ctx.model.categories[c as usize].label.clone()),
        owner: a.owner.clone(),
        due: a.due.map(|d| ctx.words.date(d)),
        status: a.status.id().to_string(),
        status_label: ctx.words.status(a.status).to_string(),
        comment: a.history.last().and_then(|h| h.comment.clone()),
        history: a
            .history
            .iter()
            .map(|h| HistoryItem {
                date: ctx.words.date(h.date),
                status: ctx.words.status(h.status).to_string(),
                comment: h.comment.clone(),
                href: Some(meeting_href(&ctx.model.meetings[h.meeting].slug)),
            })
            .collect(),
    }
}

/// The actions of note `i` as that note states them.
fn note_actions(ctx: &Ctx, i: usize) -> Vec<ActionRow> {
    ctx.note_rows(i)
        .iter()
        .map(|(r, _)| (**r).clone())
        .collect()
}

/// Menu entries from (id, path) pairs and the free pages shown.
fn nav<'p>(items: &[(&str, &str)], pages: impl Iterator<Item = &'p Page>) -> Vec<NavItem> {
    let mut nav: Vec<NavItem> = items
        .iter()
        .map(|(id, href)| NavItem {
            id: id.to_string(),
            href: href.to_string(),
            label: id.to_string(),
            translate: true,
        })
        .collect();
    nav.extend(pages.map(|p| NavItem {
        id: format!("page-{}", p.slug),
        href: free_page_path(p),
        label: p.title.clone(),
        translate: false,
    }));
    nav
}

fn site_meta(ctx: &Ctx, audience: &str, nav: Vec<NavItem>) -> SiteMeta {
    let c = ctx.config;
    SiteMeta {
        title: c.site.title.clone(),
        description: c.site.description.clone(),
        notice: c.site.notice.clone(),
        lang: c.site.language.code().into(),
        municipality: c.municipality.name.clone(),
        data_until: ctx.analysis.coverage.map(|cv| ctx.words.date(cv.end)),
        audience: audience.to_string(),
        nav,
    }
}

fn free_page_path(p: &Page) -> String {
    format!("pages/{}/index.html", p.slug)
}

fn free_page(p: &Page) -> PageView {
    PageView {
        path: free_page_path(p),
        title: p.title.clone(),
        section: format!("page-{}", p.slug),
        body: PageBody::Free {
            body: Markdown::new(&p.body),
        },
    }
}

/// The last 12 complete months (or fewer), oldest first.
fn trend_window<'a>(ctx: &Ctx<'a>) -> &'a [PeriodReport] {
    let Some(months) = ctx.analysis.reports.get(&Cadence::Month) else {
        return &[];
    };
    let last = months
        .iter()
        .rposition(|m| !m.partial)
        .unwrap_or(months.len().saturating_sub(1));
    &months[(last + 1).saturating_sub(12)..(last + 1).min(months.len())]
}

/// The trend table and its chart, from rows per category and the totals.
fn trend_view(
    ctx: &Ctx,
    window: &[PeriodReport],
    rows: Vec<TrendRow>,
    totals: Vec<Num>,
) -> (Vec<String>, Vec<TrendRow>, Option<ChartView>) {
    let (Some(first), Some(last)) = (window.first(), window.last()) else {
        return (Vec::new(), Vec::new(), None);
    };
    let labels: Vec<String> = window
        .iter()
        .map(|m| ctx.words.month_short(m.period.start))
        .collect();
    let (from, to) = (
        ctx.words.period(&first.period),
        ctx.words.period(&last.period),
    );
    let points: Vec<ChartPoint> = labels
        .iter()
        .zip(totals)
        .map(|(l, v)| ChartPoint {
            label: l.clone(),
            value: v,
            colour: None,
        })
        .collect();
    let peak = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some((p.value.value()?, i, p)))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.2.label.cmp(&a.2.label)));
    let long_desc = match peak {
        // The month in full words ("juni 2026"), not the axis' "jun 2026".
        Some((v, i, _)) => ctx.fill(
            "trend_desc",
            &[
                ("peak", ctx.words.period(&window[i].period)),
                ("peak_count", ctx.words.num(v as i64)),
            ],
        ),
        None => ctx.t("no_events"),
    };
    let chart = ChartView {
        id: "chart-trend".into(),
        kind: ChartKind::Line,
        caption: ctx.fill(
            "trend_caption",
            &[("from", from.clone()), ("to", to.clone())],
        ),
        alt: ctx.fill("trend_alt", &[("from", from), ("to", to)]),
        long_desc,
        label_header: ctx.t("month"),
        value_header: ctx.t("events"),
        points,
        marks: Vec::new(),
        svg: String::new(),
    };
    (labels, rows, Some(chart))
}

/// Where a cadence comes in the archive: what the council reads first.
/// Years, then quarters, then the finer cadences from coarse to fine, so
/// the year reports do not come last after ~80 operative periods.
fn archive_rank(c: Cadence) -> (u8, std::cmp::Reverse<u32>) {
    let first = match c {
        Cadence::Year => 0,
        Cadence::Quarter => 1,
        _ => 2,
    };
    (first, std::cmp::Reverse(c.months()))
}

/// The archive of the given cadences' reports, each with its total,
/// ordered by [`archive_rank`].
fn archive_page<'r>(
    ctx: &Ctx,
    cadences: impl Iterator<Item = (Cadence, &'r [PeriodReport])>,
    total: impl Fn(&PeriodReport) -> Option<Num>,
) -> PageView {
    let no_data = ctx.t("uncovered_short");
    let mut cadences: Vec<_> = cadences.collect();
    cadences.sort_by_key(|(c, _)| archive_rank(*c));
    let cadences = cadences
        .into_iter()
        .map(|(c, reports)| {
            let mut years: BTreeMap<i32, Vec<ArchiveEntry>> = BTreeMap::new();
            for r in reports {
                let count = total(r);
                let item = ArchiveEntry {
                    label: ctx.words.period(&r.period),
                    detail: match count {
                        None => Some(no_data.clone()),
                        Some(_) => r.partial.then(|| ctx.t("ongoing")),
                    },
                    href: report_path(&r.period),
                    count,
                };
                years.entry(r.period.end.year()).or_default().push(item);
            }
            let years = years
                .into_iter()
                .rev()
                .map(|(year, reports)| ArchiveYear { year, reports })
                .collect();
            ArchiveCadence {
                id: c.id().into(),
                label: ctx.words.cadence(c),
                years,
            }
        })
        .collect();
    PageView {
        path: "reports/index.html".into(),
        title: ctx.t("reports"),
        section: "reports".into(),
        body: PageBody::Archive { cadences },
    }
}

/// The meetings list of the given notes (indexes into the model, in
/// date order) and a page per group listing that group's notes: plain
/// links, so a reader finds the council's meetings among the operative
/// group's without JavaScript. An output passes only the notes it shows,
/// so a group page never lists more than the meetings list.
fn meetings_pages(ctx: &Ctx, notes: &[usize]) -> Vec<PageView> {
    let mut ids: Vec<&str> = ctx
        .config
        .group_ids()
        .into_iter()
        .filter(|g| notes.iter().any(|&i| ctx.model.meetings[i].group == *g))
        .collect();
    for &i in notes {
        let g = ctx.model.meetings[i].group.as_str();
        if !ids.contains(&g) {
            ids.push(g);
        }
    }
    let groups: Vec<Link> = ids
        .iter()
        .map(|g| Link {
            href: group_href(g),
            label: ctx.group_label(g),
        })
        .collect();
    let mut pages = vec![meetings_page(
        ctx,
        MeetingsPage {
            path: "meetings/index.html".into(),
            title: ctx.t("meetings"),
        },
        notes,
        &groups,
    )];
    for (g, link) in ids.iter().zip(&groups) {
        let own: Vec<usize> = notes
            .iter()
            .copied()
            .filter(|&i| ctx.model.meetings[i].group == *g)
            .collect();
        let title = ctx.fill("meetings_of_group", &[("group", link.label.clone())]);
        let path = link.href.clone();
        pages.push(meetings_page(
            ctx,
            MeetingsPage { path, title },
            &own,
            &groups,
        ));
    }
    pages
}

/// Where a group's meetings are listed: a folder of its own, so no
/// note's page name can collide with it.
fn group_href(id: &str) -> String {
    format!("groups/{}/index.html", page_name(id))
}

/// The path and title of a list of meetings.
struct MeetingsPage {
    path: String,
    title: String,
}

/// A list of notes, newest first, by year, with the links to every
/// group's list (the current one marked by the template).
fn meetings_page(ctx: &Ctx, page: MeetingsPage, notes: &[usize], groups: &[Link]) -> PageView {
    let mut years: BTreeMap<i32, Vec<MeetingLink>> = BTreeMap::new();
    for &i in notes.iter().rev() {
        years
            .entry(ctx.model.meetings[i].date.year())
            .or_default()
            .push(meeting_link(ctx, i));
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(year, meetings)| MeetingYear { year, meetings })
        .collect();
    PageView {
        body: PageBody::Meetings {
            current: page.path.clone(),
            groups: groups.to_vec(),
            years,
        },
        path: page.path,
        title: page.title,
        section: "meetings".into(),
    }
}

fn actions_page(ctx: &Ctx, mut actions: Vec<ActionRow>) -> PageView {
    actions.sort_by_key(|a| !matches!(a.status.as_str(), "planned" | "ongoing"));
    PageView {
        path: "actions/index.html".into(),
        title: ctx.t("actions"),
        section: "actions".into(),
        body: PageBody::Actions { actions },
    }
}
