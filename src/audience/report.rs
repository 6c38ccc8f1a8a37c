//! Report pages: one period of one cadence, with its comparisons, charts,
//! places and the notes and actions of the period. The pieces that do not
//! depend on the audience (rows, charts, labels, pager) are shared with the
//! public builder, which feeds them its own, protected numbers.

use super::view::*;
use std::sync::Arc;

use super::{Ctx, SharedRow, Taken, meeting_link, report_path};
use crate::analysis::{Counts, PeriodReport, SeriesUnit};
use crate::config::Cadence;

/// The internal report: every number as counted.
pub fn report_view(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> Arc<ReportView> {
    keyed_view(ctx, reports, i).0
}

/// Report `i`'s page, with its fingerprint where the memo knows its data
/// part's (then only what notes add is hashed; see
/// [`super::fingerprint`]). With `taken`, a page whose fingerprint is
/// known so is offered to it first, and its view is not made when taken.
pub fn report_page(
    ctx: &Ctx,
    reports: &[PeriodReport],
    i: usize,
    taken: Option<&Taken>,
) -> (PageView, Option<u64>) {
    let r = &reports[i];
    if !r.covered {
        return (uncovered_page(ctx, reports, i), None);
    }
    let head = head(ctx, r);
    let path = report_path(&r.period);
    let title = format!("{}: {}", ctx.t("report"), head.label);
    let meetings: Vec<MeetingLink> = r.meetings.iter().map(|&m| meeting_link(ctx, m)).collect();
    let rows = period_actions(ctx, r);
    let hashes: Option<Vec<u64>> = rows.iter().map(|(_, h)| *h).collect();
    let print = |d: Option<u64>| {
        let rows = hashes.as_ref()?;
        super::fingerprint::of(&(d?, &path, &title, &meetings, rows))
    };
    if let Some(taken) = taken
        && let Some(f) = print(ctx.memo.and_then(|m| m.report_print(r.period.cadence, i)))
        && let Some(files) = taken(&path, f)
    {
        let report = Some((head, Num::Value(r.current.total)));
        let page = super::taken_page(path, title, "reports", f, files, report);
        return (page, Some(f));
    }
    let (report, data) = keyed_view(ctx, reports, i);
    let known = print(data);
    let actions = rows.into_iter().map(|(row, _)| Arc::clone(row)).collect();
    let page = PageView {
        path,
        title,
        section: "reports".into(),
        body: PageBody::Report(Box::new(ReportPage {
            report,
            meetings,
            actions,
        })),
    };
    (page, known)
}

/// The page of report `i`, a period no incident data cover: its notes
/// and actions, and a notice instead of counts.
fn uncovered_page(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> PageView {
    let r = &reports[i];
    let head = head(ctx, r);
    let title = format!("{}: {}", ctx.t("report"), head.label);
    let (prev, next) = pager(ctx, reports, i);
    let notice = match ctx.analysis.coverage {
        Some(c) => ctx.fill("uncovered_until", &[("date", ctx.words.date(c.start))]),
        None => ctx.t("uncovered_none"),
    };
    PageView {
        path: report_path(&r.period),
        title,
        section: "reports".into(),
        body: PageBody::Uncovered(Box::new(UncoveredReport {
            head,
            prev,
            next,
            notice,
            meetings: r.meetings.iter().map(|&m| meeting_link(ctx, m)).collect(),
            actions: period_actions(ctx, r)
                .into_iter()
                .map(|(row, _)| Arc::clone(row))
                .collect(),
        })),
    }
}

/// Report `i`'s view, from the memo when it keeps one, with the
/// fingerprint it keeps.
fn keyed_view(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> (Arc<ReportView>, Option<u64>) {
    match ctx.memo {
        Some(memo) => memo.report(reports[i].period.cadence, i, || data_view(ctx, reports, i)),
        None => (Arc::new(data_view(ctx, reports, i)), None),
    }
}

/// A report's view: what [`super::memo::ViewMemo`] keeps.
fn data_view(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> ReportView {
    let r = &reports[i];
    let label = ctx.words.period(&r.period);
    let pick = |c: &Option<Counts>, k: Option<usize>| {
        c.as_ref()
            .map(|c| Num::Value(k.map_or(c.total, |k| c.by_category[k])))
    };
    // The counts cover their windows (the same number of days but for a
    // leap day or a month's length).
    let days = RowDays {
        now: Some(days_in(r.window)),
        previous: r.previous_window.map(days_in),
        year_ago: r.year_ago_window.map(days_in),
    };
    let categories: Vec<CountRow> = ctx
        .model
        .categories
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let count = Num::Value(r.current.by_category[k]);
            count_row(
                &c.id,
                &c.label,
                Some(&c.colour),
                count,
                pick(&r.previous, Some(k)),
                pick(&r.year_ago, Some(k)),
                days,
            )
        })
        .collect();
    let total = count_row(
        "total",
        &ctx.t("total"),
        None,
        Num::Value(r.current.total),
        pick(&r.previous, None),
        pick(&r.year_ago, None),
        days,
    );
    let series = series(ctx, r);
    let unit = match r.series_unit {
        SeriesUnit::Day => "per_day",
        SeriesUnit::Week => "per_week",
        SeriesUnit::Month => "per_month",
    };
    let (mut previous_label, mut year_ago_label) = comparison_labels(ctx, reports, i);
    if like_for_like(r) {
        let same = |win: Option<(chrono::NaiveDate, chrono::NaiveDate)>| {
            win.map(|(a, b)| ctx.fill("same_days", &[("range", ctx.words.range(a, b))]))
        };
        (previous_label, year_ago_label) = (same(r.previous_window), same(r.year_ago_window));
    }
    let (prev, next) = pager(ctx, reports, i);
    let mut head = head(ctx, r);
    head.windows = Some(windows(ctx, r));
    ReportView {
        head,
        previous_label: r.previous.as_ref().and(previous_label),
        year_ago_label: r.year_ago.as_ref().and(year_ago_label),
        places: Some(
            r.places
                .iter()
                .map(|&(pl, n)| ctx.place_count(pl, n))
                .collect(),
        ),
        areas: r
            .areas
            .iter()
            .map(|(a, n)| ctx.area_count(a.as_deref(), Num::Value(*n)))
            .collect(),
        organisations: Some(
            r.organisations
                .iter()
                .map(|&(o, n)| ctx.org_count(o, n))
                .collect(),
        ),
        series_unit: format!("{:?}", r.series_unit).to_lowercase(),
        timeline: Some(timeline_chart(
            ctx,
            &series,
            &ctx.t(unit),
            &label,
            total.count,
        )),
        series,
        category_chart: category_chart(ctx, &categories, &label),
        total,
        categories,
        events: (r.period.cadence == Cadence::Operative).then(|| events(ctx, r)),
        events_total: ctx.model.incidents_between(r.window.0, r.window.1).len(),
        prev,
        next,
        insight: Box::new(super::insight::internal_report(ctx, r)),
        revisions: Vec::new(),
    }
}

/// Cadence, labels and dates of a report.
pub(super) fn head(ctx: &Ctx, r: &PeriodReport) -> ReportHead {
    let p = &r.period;
    ReportHead {
        cadence: p.cadence.id().to_string(),
        cadence_label: ctx.words.cadence(p.cadence).to_string(),
        slug: p.slug.clone(),
        label: ctx.words.period(p),
        start: p.start.to_string(),
        end: p.end.to_string(),
        range: ctx.words.range(p.start, p.end),
        partial: r.partial,
        windows: None,
    }
}

/// The days the internal counts cover and are compared with.
fn windows(ctx: &Ctx, r: &PeriodReport) -> ReportWindows {
    ReportWindows {
        window: DateRange::new(r.window),
        previous_window: r.previous_window.map(DateRange::new),
        year_ago_window: r.year_ago_window.map(DateRange::new),
        comparison: if like_for_like(r) {
            Some(comparison_text(ctx, r))
        } else {
            ctx.analysis
                .coverage
                .filter(|c| c.end < r.period.start)
                .map(|_| ctx.t("not_compared"))
        },
    }
}

/// Whether the internal counts cover only part of the period and are
/// compared on the same days. (The public builder counts whole months: its
/// reports carry no windows and keep the periods' own labels.)
fn like_for_like(r: &PeriodReport) -> bool {
    r.window.1 < r.period.end
}

/// "Siffrorna gäller 1–31 oktober 2026, jämfört med samma dagar: 1–31 juli
/// 2026 och 1–31 oktober 2025."
fn comparison_text(ctx: &Ctx, r: &PeriodReport) -> String {
    let w = &ctx.words;
    let window = w.range(r.window.0, r.window.1);
    let mut compared: Vec<String> = [r.previous_window, r.year_ago_window]
        .into_iter()
        .flatten()
        .map(|(a, b)| w.range(a, b))
        .collect();
    // A year's previous period is the year before: said once.
    compared.dedup();
    if compared.is_empty() {
        ctx.fill("window_only", &[("window", window)])
    } else {
        let and = format!(" {} ", ctx.t("and"));
        ctx.fill(
            "like_for_like",
            &[("window", window), ("compared", compared.join(&and))],
        )
    }
}

/// Names of the previous period and of the same period a year earlier.
pub(super) fn comparison_labels(
    ctx: &Ctx,
    reports: &[PeriodReport],
    i: usize,
) -> (Option<String>, Option<String>) {
    let w = &ctx.words;
    let p = &reports[i].period;
    let previous = if i > 0 {
        w.period(&reports[i - 1].period)
    } else {
        let (a, b) = crate::analysis::periods::range_before(p);
        w.range(a, b)
    };
    let (ya, yb) = p.year_ago();
    let year_ago = match p.cadence {
        Cadence::Operative => w.range(ya, yb),
        c => w.period(&crate::analysis::periods::calendar_period(c, ya)),
    };
    (Some(previous), Some(year_ago))
}

/// Links to the previous and next report of the same cadence.
pub(super) fn pager(ctx: &Ctx, reports: &[PeriodReport], i: usize) -> (Option<Link>, Option<Link>) {
    let link = |j: usize| Link {
        href: report_path(&reports[j].period),
        label: ctx.words.period(&reports[j].period),
    };
    (
        (i > 0).then(|| link(i - 1)),
        (i + 1 < reports.len()).then(|| link(i + 1)),
    )
}

/// A headline row with its changes (none where a count is hidden), each
/// marked notable or not over the periods' `days`.
pub(super) fn count_row(
    id: &str,
    label: &str,
    colour: Option<&str>,
    count: Num,
    previous: Option<Num>,
    year_ago: Option<Num>,
    days: RowDays,
) -> CountRow {
    CountRow {
        id: id.to_string(),
        label: label.to_string(),
        colour: colour.map(str::to_string),
        count,
        previous,
        change: Change::over(count, previous, days.now.zip(days.previous)),
        year_ago,
        change_year: Change::over(count, year_ago, days.now.zip(days.year_ago)),
    }
}

fn series(ctx: &Ctx, r: &PeriodReport) -> Vec<SeriesPoint> {
    r.series
        .iter()
        .map(|b| SeriesPoint {
            start: b.start.to_string(),
            end: b.end.to_string(),
            label: bucket_label(ctx, r.series_unit, b.start),
            count: Num::Value(b.count),
        })
        .collect()
}

pub(super) fn bucket_label(ctx: &Ctx, unit: SeriesUnit, start: chrono::NaiveDate) -> String {
    match unit {
        SeriesUnit::Day => ctx.words.date_short(start),
        SeriesUnit::Week => ctx.words.week(start),
        SeriesUnit::Month => ctx.words.month(chrono::Datelike::month(&start)).to_string(),
    }
}

/// Text for a count in a sentence: the number, or that it is hidden (the
/// same words for every hidden count, small or not).
pub(crate) fn say(ctx: &Ctx, n: Num) -> String {
    match n {
        Num::Value(v) => ctx.words.num(v as i64),
        Num::Hidden => ctx.t("hidden_value"),
    }
}

/// The point with the largest shown value (ties: the earlier label).
fn peak(points: &[ChartPoint]) -> Option<&ChartPoint> {
    points
        .iter()
        .filter(|p| p.value.value().is_some_and(|v| v > 0))
        .max_by(|a, b| {
            a.value
                .value()
                .cmp(&b.value.value())
                .then(b.label.cmp(&a.label))
        })
}

pub(super) fn timeline_chart(
    ctx: &Ctx,
    series: &[SeriesPoint],
    unit: &str,
    label: &str,
    total: Num,
) -> ChartView {
    let points: Vec<ChartPoint> = series
        .iter()
        .map(|s| ChartPoint {
            label: s.label.clone(),
            value: s.count,
            colour: None,
        })
        .collect();
    let long_desc = match peak(&points) {
        Some(pk) => {
            // The peak in full words ("juni 2026", "12 april 2026"), not
            // the axis' short label ("jun 2026", "12 apr").
            let i = points.iter().position(|p| std::ptr::eq(p, pk));
            ctx.fill(
                "timeline_desc",
                &[
                    ("total", say(ctx, total)),
                    (
                        "peak",
                        i.and_then(|i| spelled_out(ctx, &series[i]))
                            .unwrap_or_else(|| pk.label.clone()),
                    ),
                    ("peak_count", say(ctx, pk.value)),
                ],
            )
        }
        // Every point hidden: the total, if there is one, not "no events".
        None if total != Num::Value(0) => {
            ctx.fill("timeline_desc_total", &[("total", say(ctx, total))])
        }
        None => ctx.t("no_events"),
    };
    ChartView {
        id: "chart-timeline".into(),
        kind: ChartKind::Line,
        caption: format!("{} {unit}, {label}", ctx.t("events")),
        alt: ctx.fill(
            "timeline_alt",
            &[("unit", unit.to_string()), ("period", label.to_string())],
        ),
        long_desc,
        label_header: ctx.t("time"),
        value_header: ctx.t("events"),
        points,
        marks: Vec::new(),
        svg: String::new(),
    }
}

/// A series point's days in full words, for a sentence: a calendar period
/// by its name ("juni 2026", "kvartal 4 2025"), one day as a date, other
/// days (a week) as a range.
fn spelled_out(ctx: &Ctx, s: &SeriesPoint) -> Option<String> {
    let (start, end): (chrono::NaiveDate, chrono::NaiveDate) =
        (s.start.parse().ok()?, s.end.parse().ok()?);
    let calendar = [
        Cadence::Month,
        Cadence::Bimonth,
        Cadence::Tertial,
        Cadence::Quarter,
        Cadence::Year,
    ]
    .into_iter()
    .map(|c| crate::analysis::periods::calendar_period(c, start))
    .find(|p| p.start == start && p.end == end);
    Some(match calendar {
        Some(p) => ctx.words.period(&p),
        None if start == end => ctx.words.date(start),
        None => ctx.words.range(start, end),
    })
}

pub(super) fn category_chart(ctx: &Ctx, rows: &[CountRow], label: &str) -> ChartView {
    let points: Vec<ChartPoint> = rows
        .iter()
        .map(|c| ChartPoint {
            label: c.label.clone(),
            value: c.count,
            colour: c.colour.clone(),
        })
        .collect();
    let long_desc = match peak(&points).and_then(|p| rows.iter().find(|r| r.label == p.label)) {
        Some(t) => {
            let mut s = ctx.fill(
                "category_desc",
                &[("top", t.label.clone()), ("count", say(ctx, t.count))],
            );
            if let (Some(ch), Some(prev)) = (&t.change, t.previous) {
                s.push(' ');
                // "gick från 19 till 19 (±0)" says it twice: unchanged.
                let key = if ch.kind == ChangeKind::Same {
                    "category_same"
                } else {
                    "category_change"
                };
                s.push_str(&ctx.fill(
                    key,
                    &[
                        ("top", t.label.clone()),
                        ("from", say(ctx, prev)),
                        ("to", say(ctx, t.count)),
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
        marks: Vec::new(),
        svg: String::new(),
    }
}

/// Actions mentioned in the notes of the period, each once as its last
/// mention states it, in the order of those last mentions; then the other
/// actions that ran during the period.
fn period_actions<'c>(ctx: &'c Ctx, r: &PeriodReport) -> Vec<&'c SharedRow> {
    let rows: Vec<&SharedRow> = r.meetings.iter().flat_map(|&m| ctx.note_rows(m)).collect();
    // The position of each id's last mention (a map, not a scan per row:
    // a year can mention tens of thousands of actions).
    let last: rustc_hash::FxHashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| (row.0.id.as_str(), i))
        .collect();
    let keep: Vec<bool> = (0..rows.len())
        .map(|i| last[rows[i].0.id.as_str()] == i)
        .collect();
    let ran: Vec<&SharedRow> = ctx
        .analysis
        .actions
        .iter()
        .zip(ctx.register_rows())
        .filter(|(a, _)| {
            a.ran_during(r.period.start, r.period.end) && !last.contains_key(a.id.as_str())
        })
        .map(|(_, row)| row)
        .collect();
    rows.into_iter()
        .zip(keep)
        .filter_map(|(row, k)| k.then_some(row))
        .chain(ran)
        .collect()
}

/// The latest [`MAX_EVENTS`] incident rows of a period, oldest first, with
/// their descriptions.
fn events(ctx: &Ctx, r: &PeriodReport) -> Vec<EventRow> {
    let m = ctx.model;
    let all = m.incidents_between(r.window.0, r.window.1);
    all[all.len().saturating_sub(MAX_EVENTS)..]
        .iter()
        .map(|i| EventRow {
            date: i.date().to_string(),
            time: i.minute().map(|t| format!("{:02}:{:02}", t / 60, t % 60)),
            category: m.categories[i.category as usize].label.clone(),
            place: i.place().map(|p| ctx.place_link(p)),
            organisation: m.organisations[i.organisation as usize].clone(),
            count: u64::from(i.count),
            description: i.description().map(|d| m.descriptions[d as usize].clone()),
        })
        .collect()
}
