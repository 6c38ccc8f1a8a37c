//! The audience stage: from model and analysis to the view models of one
//! output. Templates never see the model; this stage copies into each view
//! exactly what that output may show. The internal output shows everything;
//! a public output with disclosure control is another builder beside it.

pub mod disclosure;
mod report;
pub mod view;

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::analysis::{ActionRecord, Analysis, Period, PeriodReport};
use crate::config::{Cadence, Config};
use crate::i18n::{Translations, Words};
use crate::model::{Model, OrgId, PlaceId};
pub use report::TOP_PLACES;
use view::*;

/// What the builders share: inputs and language.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub model: &'a Model,
    pub analysis: &'a Analysis,
    pub words: Words,
    pub texts: &'a Translations,
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
            href: Some(place_href(&place.id)),
            count: n,
        }
    }

    fn area_count(&self, area: Option<&str>, n: u64) -> NamedCount {
        let label = area.map_or_else(|| self.t("no_area"), str::to_string);
        NamedCount {
            id: area.map_or_else(String::new, slug),
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
            count: n,
        }
    }

    fn group_label(&self, id: &str) -> String {
        self.words
            .group(id)
            .map(str::to_string)
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

/// Lowercase a-z0-9 and '-' (Swedish letters folded), for ids and anchors.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

pub fn report_path(p: &Period) -> String {
    format!("reports/{}/{}/index.html", p.cadence.id(), p.slug)
}

fn place_href(id: &str) -> String {
    format!("places/index.html#place-{}", slug(id))
}

fn meeting_href(slug: &str) -> String {
    format!("meetings/{slug}/index.html")
}

fn meeting_link(ctx: &Ctx, i: usize) -> MeetingLink {
    let m = &ctx.model.meetings[i];
    MeetingLink {
        href: meeting_href(&m.slug),
        title: m.title.clone(),
        date: ctx.words.date(m.date),
        group: ctx.group_label(&m.group),
    }
}

fn action_row(ctx: &Ctx, a: &ActionRecord) -> ActionRow {
    let anchor = format!("action-{}", slug(&a.id));
    ActionRow {
        id: a.id.clone(),
        href: format!("actions/index.html#{anchor}"),
        anchor,
        what: a.what.clone(),
        place: a.place.map(|p| {
            let pl = &ctx.model.places[p as usize];
            Link {
                href: place_href(&pl.id),
                label: pl.name.clone(),
            }
        }),
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
                href: meeting_href(&ctx.model.meetings[h.meeting].slug),
            })
            .collect(),
    }
}

/// The internal output: everything, for the operative and strategic groups.
pub fn internal(ctx: &Ctx) -> SiteView {
    let mut pages = vec![
        index_page(ctx),
        archive_page(ctx),
        meetings_page(ctx),
        places_page(ctx),
        actions_page(ctx),
    ];
    for reports in ctx.analysis.reports.values() {
        pages.extend((0..reports.len()).map(|i| {
            let v = report::report_view(ctx, reports, i);
            PageView {
                path: report_path(&reports[i].period),
                title: format!("{}: {}", ctx.t("report"), v.label),
                section: "reports".into(),
                body: PageBody::Report(Box::new(v)),
            }
        }));
    }
    pages.extend((0..ctx.model.meetings.len()).map(|i| meeting_page(ctx, i)));
    pages.extend(ctx.model.pages.iter().map(|p| PageView {
        path: format!("pages/{}/index.html", p.slug),
        title: p.title.clone(),
        section: format!("page-{}", p.slug),
        body: PageBody::Free {
            body: Markdown::new(&p.body),
        },
    }));
    SiteView {
        name: "internal".into(),
        meta: site_meta(ctx),
        pages,
    }
}

fn site_meta(ctx: &Ctx) -> SiteMeta {
    let mut nav: Vec<NavItem> = [
        ("home", "index.html"),
        ("reports", "reports/index.html"),
        ("meetings", "meetings/index.html"),
        ("places", "places/index.html"),
        ("actions", "actions/index.html"),
    ]
    .into_iter()
    .map(|(id, href)| NavItem {
        id: id.into(),
        href: href.into(),
        label: id.into(),
        translate: true,
    })
    .collect();
    nav.extend(ctx.model.pages.iter().map(|p| NavItem {
        id: format!("page-{}", p.slug),
        href: format!("pages/{}/index.html", p.slug),
        label: p.title.clone(),
        translate: false,
    }));
    let c = ctx.config;
    SiteMeta {
        title: c.site.title.clone(),
        description: c.site.description.clone(),
        notice: c.site.notice.clone(),
        lang: c.site.language.code().into(),
        municipality: c.municipality.name.clone(),
        data_until: ctx.analysis.coverage.map(|cv| ctx.words.date(cv.end)),
        nav,
    }
}

fn index_page(ctx: &Ctx) -> PageView {
    let latest = ctx
        .analysis
        .reports
        .get(&Cadence::Operative)
        .and_then(|r| r.last())
        .map(|r| summary(ctx, r));
    let latest_reports = ctx
        .analysis
        .reports
        .iter()
        .filter_map(|(c, rs)| {
            rs.last().map(|r| Link {
                href: report_path(&r.period),
                label: format!("{}: {}", ctx.words.cadence(*c), ctx.words.period(&r.period)),
            })
        })
        .collect();
    let (trend_months, trend, trend_chart) = trend(ctx);
    let open_actions = ctx
        .analysis
        .actions
        .iter()
        .filter(|a| a.status.is_open())
        .map(|a| action_row(ctx, a))
        .collect();
    let recent_meetings = (0..ctx.model.meetings.len())
        .rev()
        .take(5)
        .map(|i| meeting_link(ctx, i))
        .collect();
    let body = IndexView {
        latest,
        latest_reports,
        trend_months,
        trend,
        trend_chart,
        open_actions,
        recent_meetings,
    };
    PageView {
        path: "index.html".into(),
        title: ctx.config.site.title.clone(),
        section: "home".into(),
        body: PageBody::Index(Box::new(body)),
    }
}

fn summary(ctx: &Ctx, r: &PeriodReport) -> ReportSummary {
    let reports = &ctx.analysis.reports[&Cadence::Operative];
    let v = report::report_view(ctx, reports, reports.len() - 1);
    ReportSummary {
        href: report_path(&r.period),
        label: v.label,
        previous_label: v.previous_label,
        total: v.total,
        categories: v
            .categories
            .into_iter()
            .filter(|c| c.count > 0 || c.previous.unwrap_or(0) > 0)
            .collect(),
        places: v.places.into_iter().take(5).collect(),
    }
}

/// The last 12 months with data, per category, and their total as a chart.
fn trend(ctx: &Ctx) -> (Vec<String>, Vec<TrendRow>, Option<ChartView>) {
    let Some(months) = ctx.analysis.reports.get(&Cadence::Month) else {
        return (Vec::new(), Vec::new(), None);
    };
    let last = months
        .iter()
        .rposition(|m| !m.partial)
        .unwrap_or(months.len().saturating_sub(1));
    let window = &months[(last + 1).saturating_sub(12)..(last + 1).min(months.len())];
    if window.is_empty() {
        return (Vec::new(), Vec::new(), None);
    }
    let labels: Vec<String> = window
        .iter()
        .map(|m| ctx.words.month_short(m.period.start))
        .collect();
    let rows = ctx
        .model
        .categories
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let counts: Vec<u64> = window.iter().map(|m| m.current.by_category[k]).collect();
            TrendRow {
                label: c.label.clone(),
                colour: c.colour.clone(),
                total: counts.iter().sum(),
                counts,
            }
        })
        .collect();
    let first = ctx.words.period(&window[0].period);
    let lastl = ctx.words.period(&window[window.len() - 1].period);
    let points: Vec<ChartPoint> = window
        .iter()
        .zip(&labels)
        .map(|(m, l)| ChartPoint {
            label: l.clone(),
            value: m.current.total,
            colour: None,
        })
        .collect();
    let max = points
        .iter()
        .max_by_key(|p| p.value)
        .map(|p| (p.label.clone(), p.value))
        .unwrap_or_default();
    let chart = ChartView {
        id: "chart-trend".into(),
        kind: ChartKind::Line,
        caption: ctx.fill(
            "trend_caption",
            &[("from", first.clone()), ("to", lastl.clone())],
        ),
        alt: ctx.fill("trend_alt", &[("from", first), ("to", lastl)]),
        long_desc: ctx.fill(
            "trend_desc",
            &[("peak", max.0), ("peak_count", ctx.words.num(max.1 as i64))],
        ),
        label_header: ctx.t("month"),
        value_header: ctx.t("events"),
        points,
        svg: String::new(),
    };
    (labels, rows, Some(chart))
}

fn archive_page(ctx: &Ctx) -> PageView {
    let cadences = ctx
        .analysis
        .reports
        .iter()
        .map(|(c, reports)| {
            let mut years: BTreeMap<i32, Vec<NamedCount>> = BTreeMap::new();
            for r in reports {
                years
                    .entry(r.period.end.year())
                    .or_default()
                    .push(NamedCount {
                        id: r.period.slug.clone(),
                        label: ctx.words.period(&r.period),
                        detail: None,
                        href: Some(report_path(&r.period)),
                        count: r.current.total,
                    });
            }
            let years = years
                .into_iter()
                .rev()
                .map(|(year, reports)| ArchiveYear { year, reports })
                .collect();
            ArchiveCadence {
                id: c.id().into(),
                label: ctx.words.cadence(*c).into(),
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

fn meetings_page(ctx: &Ctx) -> PageView {
    let mut years: BTreeMap<i32, Vec<MeetingLink>> = BTreeMap::new();
    for (i, m) in ctx.model.meetings.iter().enumerate().rev() {
        years
            .entry(m.date.year())
            .or_default()
            .push(meeting_link(ctx, i));
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(year, meetings)| MeetingYear { year, meetings })
        .collect();
    PageView {
        path: "meetings/index.html".into(),
        title: ctx.t("meetings"),
        section: "meetings".into(),
        body: PageBody::Meetings { years },
    }
}

fn meeting_page(ctx: &Ctx, i: usize) -> PageView {
    let m = &ctx.model.meetings[i];
    let place_link = |p: &PlaceId| {
        let pl = &ctx.model.places[*p as usize];
        Link {
            href: place_href(&pl.id),
            label: pl.name.clone(),
        }
    };
    let actions = m
        .actions
        .iter()
        .filter_map(|a| {
            let rec = ctx.analysis.actions.iter().find(|r| r.id == a.id)?;
            let mut row = action_row(ctx, rec);
            row.status = a.status.id().into();
            row.status_label = ctx.words.status(a.status).into();
            row.comment = a.comment.clone();
            Some(row)
        })
        .collect();
    let report = ctx
        .analysis
        .reports
        .get(&Cadence::Operative)
        .and_then(|rs| rs.iter().find(|r| r.period.contains(m.date)))
        .map(|r| Link {
            href: report_path(&r.period),
            label: ctx.words.period(&r.period),
        });
    let view = MeetingView {
        title: m.title.clone(),
        date: ctx.words.date(m.date),
        group: ctx.group_label(&m.group),
        attendees: m.attendees.clone(),
        focus_places: m.focus_places.iter().map(place_link).collect(),
        focus_categories: m
            .focus_categories
            .iter()
            .map(|c| ctx.model.categories[*c as usize].label.clone())
            .collect(),
        public: m.public,
        summary: m.summary.clone(),
        body: Markdown::new(&m.body),
        actions,
        report,
    };
    PageView {
        path: meeting_href(&m.slug),
        title: m.title.clone(),
        section: "meetings".into(),
        body: PageBody::Meeting(Box::new(view)),
    }
}

fn places_page(ctx: &Ctx) -> PageView {
    let mut areas: BTreeMap<(bool, Option<&str>), Vec<PlaceRow>> = BTreeMap::new();
    for (i, p) in ctx.model.places.iter().enumerate() {
        let coordinates = p
            .latitude
            .zip(p.longitude)
            .map(|(la, lo)| format!("{la:.5}, {lo:.5}"));
        areas
            .entry((p.area.is_none(), p.area.as_deref()))
            .or_default()
            .push(PlaceRow {
                anchor: format!("place-{}", slug(&p.id)),
                id: p.id.clone(),
                name: p.name.clone(),
                registered: p.registered,
                coordinates,
                total: ctx.analysis.place_totals[i],
            });
    }
    let areas = areas
        .into_iter()
        .map(|((_, name), mut places)| {
            places.sort_by(|a, b| a.name.cmp(&b.name));
            AreaGroup {
                name: name.map(str::to_string),
                total: places.iter().map(|p| p.total).sum(),
                places,
            }
        })
        .collect();
    PageView {
        path: "places/index.html".into(),
        title: ctx.t("places"),
        section: "places".into(),
        body: PageBody::Places { areas },
    }
}

fn actions_page(ctx: &Ctx) -> PageView {
    let mut actions: Vec<ActionRow> = ctx
        .analysis
        .actions
        .iter()
        .map(|a| action_row(ctx, a))
        .collect();
    actions.sort_by_key(|a| !matches!(a.status.as_str(), "planned" | "ongoing"));
    PageView {
        path: "actions/index.html".into(),
        title: ctx.t("actions"),
        section: "actions".into(),
        body: PageBody::Actions { actions },
    }
}
