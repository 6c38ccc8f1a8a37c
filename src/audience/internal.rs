//! The internal output: everything, for the operative and strategic groups.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::view::*;
use super::*;

/// The internal output without its privacy page, which waits for the
/// public output's report (see [`privacy_page`]); `privacy` says whether
/// there will be one (a public output is built too), for the navigation.
/// Nothing here needs the public output's disclosure audit, the slowest
/// step of a build, so the site makes the two side by side.
///
/// With `taken`, the report, place and area pages whose fingerprints are
/// known before their views are made are offered to it (with the output's
/// site data, which the render's context is made of) and not made when
/// it takes them (see [`TakenPage`]).
pub fn internal_before_privacy(ctx: &Ctx, privacy: bool, taken: Option<&Offered>) -> SiteView {
    let mut items = vec![
        ("home", "index.html"),
        ("reports", "reports/index.html"),
        ("meetings", "meetings/index.html"),
        ("places", "places/index.html"),
        ("actions", "actions/index.html"),
        ("follow-up", "actions/follow-up/index.html"),
    ];
    if !ctx.model.surveys.is_empty() {
        items.push(("surveys", "surveys/index.html"));
    }
    if privacy {
        items.push(("privacy", PRIVACY));
    }
    let meta = site_meta(ctx, "internal", nav(&items, ctx.model.pages.iter()));
    let meta_ref = &meta;
    let taken = taken.map(|t| move |path: &str, f| t(meta_ref, path, f));
    let taken = taken.as_ref().map(|t| t as &Taken);
    let reports = &ctx.analysis.reports;
    let mut pages = vec![
        index_page(ctx),
        archive_page(ctx, reports.iter().map(|(c, r)| (*c, r.as_slice())), |r| {
            r.covered.then_some(Num::Value(r.current.total))
        }),
        places_page(ctx),
        actions_page(
            ctx,
            ctx.analysis
                .actions
                .iter()
                .map(|a| action_row(ctx, a))
                .collect(),
        ),
    ];
    let all: Vec<usize> = (0..ctx.model.meetings.len()).collect();
    pages.extend(meetings_pages(ctx, &all));
    let mut known = std::collections::HashMap::new();
    for reports in reports.values() {
        let made: Vec<_> = (0..reports.len())
            .into_par_iter()
            .map(|i| report::report_page(ctx, reports, i, taken))
            .collect();
        for (page, fingerprint) in made {
            if let Some(f) = fingerprint {
                known.insert(page.path.clone(), f);
            }
            pages.push(page);
        }
    }
    pages.par_extend(
        (0..ctx.model.meetings.len())
            .into_par_iter()
            .map(|i| meeting_page(ctx, i)),
    );
    pages.par_extend(
        ctx.analysis
            .actions
            .par_iter()
            .map(|a| super::actions::action_page(ctx, a)),
    );
    pages.push(super::actions::follow_up_page(ctx));
    pages.extend(ctx.model.pages.iter().map(free_page));
    let (place_pages, place_known) = places::pages(ctx, taken);
    pages.extend(place_pages);
    known.extend(place_known);
    if !ctx.model.surveys.is_empty() {
        pages.push(surveys::page(ctx));
    }
    SiteView { meta, pages, known }
}

/// Asked for a page of the internal output whose fingerprint is known
/// before its view is made (with the output's site data): see [`Taken`].
pub type Offered<'a> = dyn Fn(&SiteMeta, &str, u64) -> Option<Vec<String>> + Sync + 'a;

/// Where the internal output shows the public output's privacy report.
const PRIVACY: &str = "privacy/index.html";

/// The privacy page of the public output's report `p`: the last page of
/// a view made by [`internal_before_privacy`].
pub fn privacy_page(ctx: &Ctx, p: &PrivacyReport) -> PageView {
    PageView {
        path: PRIVACY.into(),
        title: ctx.t("privacy"),
        section: "privacy".into(),
        body: PageBody::Privacy(Box::new(p.clone())),
    }
}

fn index_page(ctx: &Ctx) -> PageView {
    let latest = ctx
        .analysis
        .reports
        .get(&Cadence::Operative)
        .filter(|r| r.last().is_some_and(|r| r.covered))
        .map(|reports| {
            let v = report::report_view(ctx, reports, reports.len() - 1);
            let v = std::sync::Arc::unwrap_or_clone(v);
            ReportSummary {
                href: report_path(&reports[reports.len() - 1].period),
                label: if v.head.partial {
                    format!("{} ({})", v.head.label, ctx.t("ongoing"))
                } else {
                    v.head.label
                },
                previous_label: v.previous_label,
                total: v.total,
                categories: v
                    .categories
                    .into_iter()
                    .filter(|c| {
                        c.count != Num::Value(0) || c.previous.is_some_and(|p| p != Num::Value(0))
                    })
                    .collect(),
                places: v.places.unwrap_or_default().into_iter().take(5).collect(),
            }
        });
    let latest_reports = ctx
        .analysis
        .reports
        .values()
        .filter_map(|rs| {
            rs.last().map(|r| {
                let mut label = ctx.words.period_entry(&r.period);
                if r.partial {
                    label = format!("{label} ({})", ctx.t("ongoing"));
                }
                Link {
                    href: report_path(&r.period),
                    label,
                }
            })
        })
        .collect();
    let window = trend_window(ctx);
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
                total: Num::Value(counts.iter().sum()),
                counts: counts.into_iter().map(Num::Value).collect(),
            }
        })
        .collect();
    let totals = window.iter().map(|m| Num::Value(m.current.total)).collect();
    let (trend_months, trend, trend_chart) = trend_view(ctx, window, rows, totals);
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
        latest_title: ctx.t("latest_operative"),
        actions_title: ctx.t("open_actions"),
        latest,
        latest_reports,
        trend_months,
        trend,
        trend_chart,
        open_actions,
        recent_meetings,
        my_areas: Vec::new(),
        surveys: Vec::new(),
    };
    PageView {
        path: "index.html".into(),
        title: ctx.config.site.title.clone(),
        section: "home".into(),
        body: PageBody::Index(Box::new(body)),
    }
}

fn meeting_page(ctx: &Ctx, i: usize) -> PageView {
    let m = &ctx.model.meetings[i];
    let place_link = |p: &PlaceId| ctx.place_link(*p);
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
        date_iso: m.date.to_string(),
        group: ctx.group_label(&m.group),
        attendees: m.attendees.clone(),
        focus_places: m.focus_places.iter().map(place_link).collect(),
        focus_categories: m
            .focus_categories
            .iter()
            .map(|c| ctx.model.categories[*c as usize].label.clone())
            .collect(),
        public: Some(m.public),
        summary: m.summary.clone(),
        body: Some(super::shortcodes::body(
            ctx,
            m,
            &super::shortcodes::Internal(ctx),
        )),
        actions: note_actions(ctx, i),
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
                href: ctx.place_href(i as PlaceId),
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
                href: name
                    .filter(|n| ctx.model.areas.iter().any(|a| a.name == *n))
                    .map(places::area_href),
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
