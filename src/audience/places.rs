//! A page per place and per area (internal output): events over time, by
//! category, hot times, light and darkness, the årshjul, and the notes and
//! actions that concern it. Places and areas are never published: the
//! public output shows areas only as protected counts in reports.

use super::insight::{self, seasonal, weekday_hour};
use super::insight_view::PlacePage;
use super::memo::Profile;
use super::report::{category_chart, count_row, timeline_chart};
use rayon::prelude::*;

use super::view::*;
use super::{Ctx, meeting_link, shared_action_row};
use crate::analysis::ActionRecord;
use crate::analysis::Patterns;
use crate::analysis::patterns::month_of_year;
use crate::model::{Incident, PlaceId};
use chrono::{Datelike, NaiveDate};

pub fn area_href(name: &str) -> String {
    format!("areas/{}/index.html", crate::model::names::page_name(name))
}

/// Every place's and every area's page. Their parts made from the
/// incident data are taken from the memo when kept (see
/// [`super::memo::ViewMemo`]); what notes add is made here.
pub fn pages(ctx: &Ctx) -> (Vec<PageView>, Vec<(String, u64)>) {
    let profiles: Vec<(Profile, Option<u64>)> = match ctx.memo {
        // Copied: the memo keeps them.
        Some(memo) => (memo.profiles(|| profiles(ctx)).iter())
            .map(|(p, f)| ((**p).clone(), *f))
            .collect(),
        None => profiles(ctx).into_iter().map(|p| (p, None)).collect(),
    };
    let n = ctx.model.places.len();
    let made: Vec<(PageView, Option<u64>)> = profiles
        .into_par_iter()
        .enumerate()
        .map(|(i, (profile, data))| {
            let mut page = match i.checked_sub(n) {
                None => place_page(ctx, i as PlaceId, profile),
                Some(a) => area_page(ctx, a, profile),
            };
            let known = data.and_then(|d| fingerprint(d, &mut page));
            (page, known)
        })
        .collect();
    let known = (made.iter())
        .filter_map(|(p, f)| Some((p.path.clone(), (*f)?)))
        .collect();
    (made.into_iter().map(|(p, _)| p).collect(), known)
}

/// The part of a place's or an area's page made from the incident data
/// alone that the page leaves as it is (its timeline gets the actions'
/// marks): its fingerprint is kept with the profile.
pub(super) fn data_part(p: &PlacePage) -> impl serde::Serialize + '_ {
    (&p.categories, &p.weekday_hour, &p.seasonal, &p.light)
}

/// The fingerprint of a place's or an area's page whose [`data_part`] has
/// fingerprint `data`: that, and the rest of the page as serialised, so
/// the tables of a kept profile are not serialised again.
fn fingerprint(data: u64, page: &mut PageView) -> Option<u64> {
    let PageBody::Place(p) = &mut page.body else {
        return None;
    };
    let taken = (
        p.categories.take(),
        p.weekday_hour.take(),
        p.seasonal.take(),
        p.light.take(),
    );
    let f = super::fingerprint::of(&(data, &*page));
    let PageBody::Place(p) = &mut page.body else {
        return None;
    };
    (p.categories, p.weekday_hour, p.seasonal, p.light) = taken;
    f
}

/// Every place's profile, then every area's: the incidents are sorted out
/// by place and by area in one pass, so each profile reads only its own.
fn profiles(ctx: &Ctx) -> Vec<Profile> {
    let m = ctx.model;
    let mut by_place: Vec<Vec<&Incident>> = vec![Vec::new(); m.places.len()];
    let mut by_area: Vec<Vec<&Incident>> = vec![Vec::new(); m.areas.len()];
    for i in m.incidents.iter() {
        if let Some(p) = i.place.and_then(|p| by_place.get_mut(p as usize)) {
            p.push(i);
        }
        if let Some(a) = i.area.and_then(|a| by_area.get_mut(a as usize)) {
            a.push(i);
        }
    }
    let mut out: Vec<Profile> = by_place
        .par_iter()
        .enumerate()
        .map(|(p, rows)| profile(ctx, "place", &m.places[p].name, rows))
        .collect();
    out.par_extend(
        by_area
            .par_iter()
            .enumerate()
            .map(|(a, rows)| profile(ctx, "area", &m.areas[a].name, rows)),
    );
    out
}

fn place_page(ctx: &Ctx, p: PlaceId, (mut page, timeline): Profile) -> PageView {
    let place = &ctx.model.places[p as usize];
    let concerned: Vec<&ActionRecord> = ctx
        .analysis
        .actions
        .iter()
        .filter(|a| a.scope.target_places.contains(&p))
        .collect();
    mark_actions(ctx, &mut page, timeline, &concerned);
    page.area = place.area.as_ref().map(|a| Link {
        href: area_href(a),
        label: a.clone(),
    });
    page.registered = place.registered;
    page.coordinates = place
        .latitude
        .zip(place.longitude)
        .map(|(la, lo)| format!("{la:.5}, {lo:.5}"));
    page.meetings = (0..ctx.model.meetings.len())
        .filter(|&m| {
            let note = &ctx.model.meetings[m];
            note.focus_places.contains(&p) || note.actions.iter().any(|a| a.place == Some(p))
        })
        .map(|m| meeting_link(ctx, m))
        .collect();
    page.actions = ctx
        .analysis
        .actions
        .iter()
        .filter(|a| a.place == Some(p))
        .map(|a| shared_action_row(ctx, a))
        .collect();
    PageView {
        path: ctx.place_href(p),
        title: place.name.clone(),
        section: "places".into(),
        body: PageBody::Place(Box::new(page)),
    }
}

fn area_page(ctx: &Ctx, a: usize, (mut page, timeline): Profile) -> PageView {
    let name = ctx.model.areas[a].name.clone();
    let in_area =
        |p: &Option<PlaceId>| p.is_some_and(|p| ctx.model.area_of(Some(p)) == Some(name.as_str()));
    let concerned: Vec<&ActionRecord> = ctx
        .analysis
        .actions
        .iter()
        .filter(|x| {
            x.scope.target_areas.contains(&name)
                || x.scope.target_places.iter().any(|p| in_area(&Some(*p)))
        })
        .collect();
    mark_actions(ctx, &mut page, timeline, &concerned);
    let mut places: Vec<(PlaceId, u64)> = ctx
        .model
        .places
        .iter()
        .enumerate()
        .filter(|(i, _)| in_area(&Some(*i as PlaceId)))
        .map(|(i, _)| (i as PlaceId, ctx.analysis.place_totals[i]))
        .collect();
    places.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    page.places = places
        .into_iter()
        .map(|(p, n)| ctx.place_count(p, n))
        .collect();
    page.meetings = (0..ctx.model.meetings.len())
        .filter(|&m| {
            let note = &ctx.model.meetings[m];
            note.focus_places.iter().any(|p| in_area(&Some(*p)))
                || note.actions.iter().any(|x| in_area(&x.place))
        })
        .map(|m| meeting_link(ctx, m))
        .collect();
    page.actions = ctx
        .analysis
        .actions
        .iter()
        .filter(|x| in_area(&x.place))
        .map(|x| shared_action_row(ctx, x))
        .collect();
    PageView {
        path: area_href(&name),
        title: format!("{}: {name}", ctx.t("area")),
        section: "places".into(),
        body: PageBody::Place(Box::new(page)),
    }
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

/// Marks on `page`'s monthly timeline (first month and length
/// `timeline`) where the actions concerning it started and ended, said in
/// the figure's text too.
fn mark_actions(
    ctx: &Ctx,
    page: &mut PlacePage,
    timeline: Option<(NaiveDate, usize)>,
    actions: &[&ActionRecord],
) {
    let (Some(chart), Some((first, n))) = (&mut page.timeline, timeline) else {
        return;
    };
    chart.marks = action_marks(ctx, first, n, actions);
    for m in &chart.marks {
        chart.long_desc.push(' ');
        chart.long_desc.push_str(&m.text);
    }
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
