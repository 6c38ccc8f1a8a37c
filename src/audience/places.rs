//! A page per place and per area (internal output): events over time, by
//! category, hot times, light and darkness, the årshjul, and the notes and
//! actions that concern it. Places and areas are never published: the
//! public output shows areas only as protected counts in reports.

use super::insight::{self, seasonal, weekday_hour};
use super::insight_view::PlacePage;
use super::memo::{Kept, Profile, Span};
use super::report::{category_chart, count_row, timeline_chart};
use rayon::prelude::*;

use super::view::*;
use super::{Ctx, Taken, meeting_link, shared_action_row};
use crate::analysis::ActionRecord;
use crate::analysis::Patterns;
use crate::analysis::patterns::month_of_year;
use crate::model::{Incident, PlaceId};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

pub fn area_href(name: &str) -> String {
    format!("areas/{}/index.html", crate::model::names::page_name(name))
}

/// Every place's and every area's page, and the fingerprints known of
/// them. Their parts made from the incident data (their profiles) are
/// taken from the memo when kept (see [`super::memo::ViewMemo`]); what
/// notes add is made here. With `taken`, a page whose fingerprint is
/// known without its profile (the memo's print of it, and what the
/// notes add) is offered to it first, and is not made when taken.
pub fn pages(ctx: &Ctx, taken: Option<&Taken>) -> (Vec<PageView>, Vec<(String, u64)>) {
    let all = ctx.model.places.len() + ctx.model.areas.len();
    let offered: Vec<Option<(PageView, u64)>> = (0..all)
        .into_par_iter()
        .map(|i| {
            let taken = taken?;
            let (d, span) = ctx.memo?.profile_print(i)?;
            let (path, title, adds) = additions(ctx, i, span);
            let f = print(d, &path, &title, &adds)?;
            let files = taken(&path, f)?;
            Some((super::taken_page(path, title, "places", f, files, None), f))
        })
        .collect();
    let wanted: Vec<usize> = (0..all).filter(|&i| offered[i].is_none()).collect();
    let profiles: Vec<Kept<Profile>> = match ctx.memo {
        Some(memo) => memo.profiles(&wanted, |w| profiles(ctx, w)),
        None => (profiles(ctx, &wanted).into_iter())
            .map(|p| (Arc::new(p), None))
            .collect(),
    };
    let made: Vec<(PageView, Option<u64>)> = (wanted.par_iter().zip(profiles))
        .map(|(&i, (profile, data))| {
            let (profile, span) = Arc::unwrap_or_clone(profile);
            let (path, title, adds) = additions(ctx, i, span);
            let known = data.and_then(|d| print(d, &path, &title, &adds));
            (page(path, title, profile, adds), known)
        })
        .collect();
    let mut made = made.into_iter();
    let pages: Vec<(PageView, Option<u64>)> = (offered.into_iter())
        .filter_map(|o| o.map(|(p, f)| (p, Some(f))).or_else(|| made.next()))
        .collect();
    let known = (pages.iter())
        .filter_map(|(p, f)| Some((p.path.clone(), (*f)?)))
        .collect();
    (pages.into_iter().map(|(p, _)| p).collect(), known)
}

/// What the notes and the actions add to the profile of place or area
/// `i` (places first, then areas) whose timeline has `span`: the page's
/// path and title, and its [`Additions`].
fn additions(ctx: &Ctx, i: usize, span: Span) -> (String, String, Additions) {
    match i.checked_sub(ctx.model.places.len()) {
        None => place_additions(ctx, i as PlaceId, span),
        Some(a) => area_additions(ctx, a, span),
    }
}

/// The fingerprint of a page of a profile with fingerprint `data`, path,
/// title and additions: all it is made from (see [`page`]).
fn print(data: u64, path: &str, title: &str, adds: &Additions) -> Option<u64> {
    super::fingerprint::of(&(data, path, title, adds))
}

/// What a place's or an area's page adds to its profile: its area, place
/// register facts and places (an area's, with their totals), the marks
/// its concerning actions put on its timeline, its notes and actions.
#[derive(serde::Serialize)]
struct Additions {
    area: Option<Link>,
    registered: bool,
    coordinates: Option<String>,
    places: Vec<NamedCount>,
    marks: Vec<ChartMark>,
    meetings: Vec<MeetingLink>,
    actions: Vec<Arc<ActionRow>>,
}

/// The page of a profile with its path, title and additions.
fn page(path: String, title: String, mut page: PlacePage, adds: Additions) -> PageView {
    if let Some(chart) = &mut page.timeline {
        for m in &adds.marks {
            chart.long_desc.push(' ');
            chart.long_desc.push_str(&m.text);
        }
        chart.marks = adds.marks;
    }
    page.area = adds.area;
    page.registered = adds.registered;
    page.coordinates = adds.coordinates;
    page.places = adds.places;
    page.meetings = adds.meetings;
    page.actions = adds.actions;
    PageView {
        path,
        title,
        section: "places".into(),
        body: PageBody::Place(Box::new(page)),
    }
}

/// The profiles `wanted` (places first, then areas, by number), in that
/// order: the incidents are sorted out by place and by area in one pass,
/// so each profile reads only its own.
fn profiles(ctx: &Ctx, wanted: &[usize]) -> Vec<Profile> {
    if wanted.is_empty() {
        return Vec::new();
    }
    let m = ctx.model;
    let n = m.places.len();
    let mut slot: Vec<Option<usize>> = vec![None; n + m.areas.len()];
    for (k, &i) in wanted.iter().enumerate() {
        slot[i] = Some(k);
    }
    let mut rows: Vec<Vec<&Incident>> = vec![Vec::new(); wanted.len()];
    let mut push = |i: Option<usize>, incident| {
        if let Some(k) = i.and_then(|i| *slot.get(i)?) {
            rows[k].push(incident);
        }
    };
    for i in m.incidents.iter() {
        push(i.place().map(|p| p as usize).filter(|&p| p < n), i);
        push(i.area().map(|a| n + a as usize), i);
    }
    (wanted.par_iter().zip(&rows))
        .map(|(&i, rows)| match i.checked_sub(n) {
            None => profile(ctx, "place", &m.places[i].name, rows),
            Some(a) => profile(ctx, "area", &m.areas[a].name, rows),
        })
        .collect()
}

fn place_additions(ctx: &Ctx, p: PlaceId, span: Span) -> (String, String, Additions) {
    let place = &ctx.model.places[p as usize];
    let concerned: Vec<&ActionRecord> = ctx
        .analysis
        .actions
        .iter()
        .filter(|a| a.scope.target_places.contains(&p))
        .collect();
    let adds = Additions {
        area: place.area.as_ref().map(|a| Link {
            href: area_href(a),
            label: a.clone(),
        }),
        registered: place.registered,
        coordinates: (place.latitude.zip(place.longitude))
            .map(|(la, lo)| format!("{la:.5}, {lo:.5}")),
        places: Vec::new(),
        marks: marks(ctx, span, &concerned),
        meetings: (0..ctx.model.meetings.len())
            .filter(|&m| {
                let note = &ctx.model.meetings[m];
                note.focus_places.contains(&p) || note.actions.iter().any(|a| a.place == Some(p))
            })
            .map(|m| meeting_link(ctx, m))
            .collect(),
        actions: (ctx.analysis.actions.iter())
            .filter(|a| a.place == Some(p))
            .map(|a| shared_action_row(ctx, a))
            .collect(),
    };
    (ctx.place_href(p), place.name.clone(), adds)
}

fn area_additions(ctx: &Ctx, a: usize, span: Span) -> (String, String, Additions) {
    let name = &ctx.model.areas[a].name;
    let in_area =
        |p: &Option<PlaceId>| p.is_some_and(|p| ctx.model.area_of(Some(p)) == Some(name.as_str()));
    let concerned: Vec<&ActionRecord> = ctx
        .analysis
        .actions
        .iter()
        .filter(|x| {
            x.scope.target_areas.contains(name)
                || x.scope.target_places.iter().any(|p| in_area(&Some(*p)))
        })
        .collect();
    let mut places: Vec<(PlaceId, u64)> = ctx
        .model
        .places
        .iter()
        .enumerate()
        .filter(|(i, _)| in_area(&Some(*i as PlaceId)))
        .map(|(i, _)| (i as PlaceId, ctx.analysis.place_totals[i]))
        .collect();
    places.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let adds = Additions {
        area: None,
        registered: true,
        coordinates: None,
        places: (places.into_iter())
            .map(|(p, n)| ctx.place_count(p, n))
            .collect(),
        marks: marks(ctx, span, &concerned),
        meetings: (0..ctx.model.meetings.len())
            .filter(|&m| {
                let note = &ctx.model.meetings[m];
                note.focus_places.iter().any(|p| in_area(&Some(*p)))
                    || note.actions.iter().any(|x| in_area(&x.place))
            })
            .map(|m| meeting_link(ctx, m))
            .collect(),
        actions: (ctx.analysis.actions.iter())
            .filter(|x| in_area(&x.place))
            .map(|x| shared_action_row(ctx, x))
            .collect(),
    };
    let title = format!("{}: {name}", ctx.t("area"));
    (area_href(name), title, adds)
}

/// The numbers of one selection of incidents over all data.
/// Marks on a monthly timeline whose first point is the month of `first`:
/// the start and the end of each action that targets the selection, where
/// they fall on the chart.
fn action_marks(
    ctx: &Ctx,
    first: NaiveDate,
    n: usize,
    actions: &[&ActionRecord],
) -> Vec<ChartMark> {
    let index = |d: NaiveDate| {
        let k = (d.year() - first.year()) * 12 + d.month0() as i32 - first.month0() as i32;
        usize::try_from(k).ok().filter(|&k| k < n)
    };
    let mut marks: Vec<ChartMark> = actions
        .iter()
        .flat_map(|a| {
            [
                (a.start, "mark_start", "mark_started"),
                (a.end, "mark_end", "mark_ended"),
            ]
            .into_iter()
            .filter_map(move |(d, label, text)| Some((a, d?, label, text)))
        })
        .filter_map(|(a, d, label, text)| {
            Some(ChartMark {
                at: index(d)?,
                label: format!("{} {}", a.id, ctx.t(label)),
                text: ctx.fill(
                    text,
                    &[
                        ("id", a.id.clone()),
                        ("what", a.what.clone()),
                        ("date", ctx.words.date(d)),
                    ],
                ),
            })
        })
        .collect();
    marks.sort_by(|x, y| x.at.cmp(&y.at).then(x.label.cmp(&y.label)));
    marks
}

/// Marks on a monthly timeline of `span` (none without a timeline) where
/// `actions` started and ended (see [`action_marks`]).
fn marks(ctx: &Ctx, span: Span, actions: &[&ActionRecord]) -> Vec<ChartMark> {
    span.map_or_else(Vec::new, |(first, n)| action_marks(ctx, first, n, actions))
}

/// The page of one selection of incidents over all data, as far as the
/// incidents make it, and its timeline's first month and length.
fn profile(ctx: &Ctx, kind: &str, name: &str, incidents: &[&Incident]) -> Profile {
    let m = ctx.model;
    let mut by_category = vec![0u64; m.categories.len()];
    let mut total = 0;
    for i in incidents {
        by_category[i.category as usize] += u64::from(i.count);
        total += u64::from(i.count);
    }
    let cov = ctx.analysis.coverage;
    let seasonal_rows = month_of_year(incidents.iter().copied(), cov);
    let timeline = (total > 0).then(|| {
        let series: Vec<SeriesPoint> = seasonal_rows
            .iter()
            .flat_map(|(y, months)| {
                months.iter().enumerate().filter_map(move |(k, n)| {
                    let first = chrono::NaiveDate::from_ymd_opt(*y, k as u32 + 1, 1)?;
                    Some((first, (*n)?))
                })
            })
            .map(|(first, n)| SeriesPoint {
                start: first.to_string(),
                end: crate::analysis::periods::calendar_period(
                    crate::config::Cadence::Month,
                    first,
                )
                .end
                .to_string(),
                label: ctx.words.month_short(first),
                count: Num::Value(n),
            })
            .collect();
        let first: Option<NaiveDate> = series.first().and_then(|p| p.start.parse().ok());
        let chart = timeline_chart(ctx, &series, &ctx.t("per_month"), name, Num::Value(total));
        (chart, first.map(|f| (f, series.len())))
    });
    let (timeline, first) = timeline.unzip();
    let rows: Vec<CountRow> = m
        .categories
        .iter()
        .zip(&by_category)
        .filter(|(_, n)| **n > 0)
        .map(|(c, n)| {
            count_row(
                &c.id,
                &c.label,
                Some(&c.colour),
                Num::Value(*n),
                None,
                None,
                RowDays::default(),
            )
        })
        .collect();
    let patterns = cov.map(|c| {
        let own = incidents.iter().copied();
        Patterns::of(m, &ctx.analysis.sun, own, (c.start, c.end))
    });
    let seasonal_num: Vec<(i32, Vec<Option<Num>>)> = seasonal_rows
        .iter()
        .map(|(y, r)| (*y, r.iter().map(|v| v.map(Num::Value)).collect()))
        .collect();
    let page = PlacePage {
        kind: kind.to_string(),
        name: name.to_string(),
        area: None,
        registered: true,
        coordinates: None,
        total,
        places: Vec::new(),
        timeline,
        categories: (!rows.is_empty()).then(|| category_chart(ctx, &rows, name)),
        weekday_hour: patterns
            .as_ref()
            .filter(|_| total > 0)
            .map(|p| weekday_hour(ctx, "heat-weekday-hour", p, name)),
        seasonal: (total > 0).then(|| seasonal(ctx, "heat-seasonal", &seasonal_num, name)),
        light: patterns
            .as_ref()
            .filter(|_| total > 0)
            .map(|p| insight::light(ctx, p, kind == "area")),
        meetings: Vec::new(),
        actions: Vec::new(),
    };
    (page, first.flatten())
}
