//! Report pages: one period of one cadence, with its comparisons, charts,
//! places and the notes and actions of the period.

use super::view::*;
use super::{Ctx, action_row, meeting_link, report_path};
use crate::analysis::{Counts, PeriodReport, SeriesUnit};
use crate::config::Cadence;

/// Places shown in full; the rest go in a folded list.
pub const TOP_PLACES: usize = 10;

pub fn report_view(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> ReportView {
    let r = &reports[i];
    let w = ctx.words;
    let p = &r.period;
    let link = |j: usize| Link {
        href: report_path(&reports[j].period),
        label: w.period(&reports[j].period),
    };
    let prev_label = (i > 0)
        .then(|| w.period(&reports[i - 1].period))
        .or_else(|| {
            let (a, b) = crate::analysis::periods::range_before(p);
            Some(w.range(a, b))
        });
    let (ya, yb) = p.year_ago();
    let year_ago_label = Some(match p.cadence {
        Cadence::Operative => w.range(ya, yb),
        c => w.period(&crate::analysis::periods::calendar_period(c, ya)),
    });
    let categories = category_rows(ctx, r);
    let label = w.period(p);
    ReportView {
        cadence: p.cadence.id().to_string(),
        cadence_label: w.cadence(p.cadence).to_string(),
        slug: p.slug.clone(),
        start: p.start.to_string(),
        end: p.end.to_string(),
        range: w.range(p.start, p.end),
        partial: r.partial,
        previous_label: r.previous.as_ref().and(prev_label),
        year_ago_label: r.year_ago.as_ref().and(year_ago_label),
        total: total_row(ctx, r),
        places: r
            .places
            .iter()
            .map(|&(pl, n)| ctx.place_count(pl, n))
            .collect(),
        areas: r
            .areas
            .iter()
            .map(|(a, n)| ctx.area_count(a.as_deref(), *n))
            .collect(),
        organisations: r
            .organisations
            .iter()
            .map(|&(o, n)| ctx.org_count(o, n))
            .collect(),
        series_unit: format!("{:?}", r.series_unit).to_lowercase(),
        series: series(ctx, r),
        timeline: timeline_chart(ctx, r, &label),
        category_chart: category_chart(ctx, &categories, &label),
        categories,
        meetings: r.meetings.iter().map(|&m| meeting_link(ctx, m)).collect(),
        actions: period_actions(ctx, r),
        prev: (i > 0).then(|| link(i - 1)),
        next: (i + 1 < reports.len()).then(|| link(i + 1)),
        label,
    }
}

fn pick(c: &Option<Counts>, cat: Option<usize>) -> Option<u64> {
    c.as_ref()
        .map(|c| cat.map_or(c.total, |k| c.by_category[k]))
}

fn total_row(ctx: &Ctx, r: &PeriodReport) -> CountRow {
    row(ctx, r, None, "total".into(), ctx.t("total"), None)
}

fn row(
    _ctx: &Ctx,
    r: &PeriodReport,
    cat: Option<usize>,
    id: String,
    label: String,
    colour: Option<String>,
) -> CountRow {
    let count = cat.map_or(r.current.total, |k| r.current.by_category[k]);
    let previous = pick(&r.previous, cat);
    let year_ago = pick(&r.year_ago, cat);
    CountRow {
        id,
        label,
        colour,
        count,
        previous,
        change: Change::between(count, previous),
        year_ago,
        change_year: Change::between(count, year_ago),
    }
}

/// Every configured category, in configuration order.
pub fn category_rows(ctx: &Ctx, r: &PeriodReport) -> Vec<CountRow> {
    ctx.model
        .categories
        .iter()
        .enumerate()
        .map(|(k, c)| {
            row(
                ctx,
                r,
                Some(k),
                c.id.clone(),
                c.label.clone(),
                Some(c.colour.clone()),
            )
        })
        .collect()
}

fn series(ctx: &Ctx, r: &PeriodReport) -> Vec<SeriesPoint> {
    let w = ctx.words;
    r.series
        .iter()
        .map(|b| SeriesPoint {
            start: b.start.to_string(),
            end: b.end.to_string(),
            label: match r.series_unit {
                SeriesUnit::Day => w.date_short(b.start),
                SeriesUnit::Week => w.week(b.start),
                SeriesUnit::Month => w.month(chrono::Datelike::month(&b.start)).to_string(),
            },
            count: b.count,
        })
        .collect()
}

fn timeline_chart(ctx: &Ctx, r: &PeriodReport, label: &str) -> ChartView {
    let unit = match r.series_unit {
        SeriesUnit::Day => ctx.t("per_day"),
        SeriesUnit::Week => ctx.t("per_week"),
        SeriesUnit::Month => ctx.t("per_month"),
    };
    let points: Vec<ChartPoint> = series(ctx, r)
        .into_iter()
        .map(|s| ChartPoint {
            label: s.label,
            value: s.count,
            colour: None,
        })
        .collect();
    let peak = points
        .iter()
        .max_by(|a, b| a.value.cmp(&b.value).then(b.label.cmp(&a.label)));
    let long_desc = match peak {
        Some(pk) if pk.value > 0 => ctx.fill(
            "timeline_desc",
            &[
                ("total", ctx.words.num(r.current.total as i64)),
                ("peak", pk.label.clone()),
                ("peak_count", ctx.words.num(pk.value as i64)),
            ],
        ),
        _ => ctx.t("no_events"),
    };
    ChartView {
        id: "chart-timeline".into(),
        kind: ChartKind::Line,
        caption: format!("{} {unit}, {label}", ctx.t("events")),
        alt: ctx.fill(
            "timeline_alt",
            &[("unit", unit.clone()), ("period", label.to_string())],
        ),
        long_desc,
        label_header: ctx.t("time"),
        value_header: ctx.t("events"),
        points,
        svg: String::new(),
    }
}

fn category_chart(ctx: &Ctx, rows: &[CountRow], label: &str) -> ChartView {
    let points: Vec<ChartPoint> = rows
        .iter()
        .map(|c| ChartPoint {
            label: c.label.clone(),
            value: c.count,
            colour: c.colour.clone(),
        })
        .collect();
    let top = rows
        .iter()
        .filter(|c| c.count > 0)
        .max_by(|a, b| a.count.cmp(&b.count).then(b.label.cmp(&a.label)));
    let long_desc = match top {
        Some(t) => {
            let mut s = ctx.fill(
                "category_desc",
                &[
                    ("top", t.label.clone()),
                    ("count", ctx.words.num(t.count as i64)),
                ],
            );
            if let Some(ch) = &t.change
                && let Some(prev) = t.previous
            {
                s.push(' ');
                s.push_str(&ctx.fill(
                    "category_change",
                    &[
                        ("top", t.label.clone()),
                        ("from", ctx.words.num(prev as i64)),
                        ("to", ctx.words.num(t.count as i64)),
                        ("change", ctx.words.signed(ch.abs)),
                    ],
                ));
            }
            s
        }
        None => ctx.t("no_events"),
    };
    ChartView {
        id: "chart-categories".into(),
        kind: ChartKind::Bar,
        caption: format!("{}, {label}", ctx.t("events_per_category")),
        alt: ctx.fill("category_alt", &[("period", label.to_string())]),
        long_desc,
        label_header: ctx.t("category"),
        value_header: ctx.t("events"),
        points,
        svg: String::new(),
    }
}

/// Actions mentioned in the notes of the period, as those notes state them.
fn period_actions(ctx: &Ctx, r: &PeriodReport) -> Vec<ActionRow> {
    let mut out: Vec<ActionRow> = Vec::new();
    for &m in &r.meetings {
        for a in &ctx.model.meetings[m].actions {
            if let Some(rec) = ctx.analysis.actions.iter().find(|x| x.id == a.id) {
                let mut row = action_row(ctx, rec);
                row.status = a.status.id().to_string();
                row.status_label = ctx.words.status(a.status).to_string();
                row.comment = a.comment.clone();
                out.retain(|x| x.id != row.id);
                out.push(row);
            }
        }
    }
    out
}
