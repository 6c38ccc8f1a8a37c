//! The computed figures of a note's body, evaluated for one output.
//!
//! Each output answers "how many, in this report period, of this
//! selection" through a [`Counter`]: the internal output counts the rows
//! of its own report windows (a period in progress like for like, as its
//! report does); the public output only looks up the counts it already
//! publishes, the released cells that passed the disclosure audit, so a
//! note can never show a public number the audit has not seen. A count
//! the public output does not publish (a hidden cell, a category within an
//! area, a period not released) is written `..`.

use super::report::timeline_chart;
use super::view::{
    Change, ChangeKind, ChartView, Figure, FigureValue, HIDDEN, Markdown, Num, SeriesPoint,
};
use super::*;
use crate::model::Meeting;
use crate::model::ledger::PeriodRef;
use crate::model::shortcode::{Compare, Shortcode, ShortcodeKind};

/// How many periods a chart or table shows: the period and those before it.
const SERIES_PERIODS: usize = 12;

/// What one output may count.
pub(crate) trait Counter {
    /// The report periods of a cadence this output shows, in date order.
    fn reports(&self, c: Cadence) -> &[PeriodReport];
    /// The count of `reports[i]` (`compare: None`) or of its comparison
    /// period; `None` when there is nothing to compare with.
    fn count(
        &self,
        reports: &[PeriodReport],
        i: usize,
        compare: Option<Compare>,
        sc: &Shortcode,
    ) -> Option<Num>;
    /// How a period this output does not show is written.
    fn missing(&self) -> &'static str;
}

/// The note's body with its figures evaluated by `counter`.
pub(crate) fn body(ctx: &Ctx, m: &Meeting, counter: &dyn Counter) -> Markdown {
    let mut md = Markdown::new(&m.body);
    md.figures = m
        .shortcodes
        .iter()
        .enumerate()
        .map(|(n, sc)| Figure {
            span: sc.span.clone(),
            value: evaluate(ctx, m, counter, sc, n),
        })
        .collect();
    md
}

fn evaluate(
    ctx: &Ctx,
    m: &Meeting,
    counter: &dyn Counter,
    sc: &Shortcode,
    n: usize,
) -> FigureValue {
    let period = sc.period.clone().unwrap_or_else(|| PeriodRef {
        cadence: Cadence::Month,
        slug: crate::analysis::periods::calendar_period(Cadence::Month, m.date).slug,
    });
    let reports = counter.reports(period.cadence);
    let found = reports.iter().position(|r| r.period.slug == period.slug);
    let upto = found.map_or(&reports[..0], |i| &reports[..=i]);
    let count = |i, compare| counter.count(reports, i, compare, sc);
    let figure = || Box::new(chart(ctx, counter, sc, period.cadence, upto, n));
    match (sc.kind, found) {
        (ShortcodeKind::Count | ShortcodeKind::Change, None) => {
            FigureValue::Text(counter.missing().into())
        }
        (ShortcodeKind::Count, Some(i)) => FigureValue::Text(num_text(ctx, count(i, None))),
        (ShortcodeKind::Change, Some(i)) => match count(i, None) {
            Some(now) => FigureValue::Text(change_text(ctx, now, count(i, Some(sc.compare)))),
            None => FigureValue::Text(counter.missing().into()),
        },
        (ShortcodeKind::Chart, _) => FigureValue::Chart(figure()),
        (ShortcodeKind::Table, _) => FigureValue::Table(figure()),
    }
}

fn num_text(ctx: &Ctx, n: Option<Num>) -> String {
    match n {
        Some(Num::Value(v)) => ctx.words.num(v as i64),
        Some(Num::Hidden) => HIDDEN.into(),
        None => "–".into(),
    }
}

/// `+12 (+15,0 %)`, `ny` from 0, `..` when either count is hidden and
/// `–` with nothing to compare with: as the reports' change columns.
fn change_text(ctx: &Ctx, now: Num, before: Option<Num>) -> String {
    match Change::between(now, before) {
        Some(c) if c.kind == ChangeKind::New => ctx.t("new"),
        Some(c) => match c.pct {
            Some(p) => format!("{} ({})", ctx.words.signed(c.abs), ctx.words.pct(p)),
            None => ctx.words.signed(c.abs),
        },
        None if now.value().is_none() || before.is_some() => HIDDEN.into(),
        None => "–".into(),
    }
}

/// The selection's count over the last [`SERIES_PERIODS`] of `reports`.
fn chart(
    ctx: &Ctx,
    counter: &dyn Counter,
    sc: &Shortcode,
    cadence: Cadence,
    reports: &[PeriodReport],
    n: usize,
) -> ChartView {
    let from = reports.len().saturating_sub(SERIES_PERIODS);
    // A period with no count (internal: it starts after the data end) is
    // left out, not drawn as hidden.
    let series: Vec<SeriesPoint> = (from..reports.len())
        .filter_map(|i| {
            Some(SeriesPoint {
                start: reports[i].period.start.to_string(),
                end: reports[i].period.end.to_string(),
                label: ctx.words.period(&reports[i].period),
                count: counter.count(reports, i, None, sc)?,
            })
        })
        .collect();
    let total = series
        .iter()
        .try_fold(0, |sum, p| p.count.value().map(|v| sum + v));
    let total = total.map_or(Num::Hidden, Num::Value);
    let range = match (series.first(), series.last()) {
        (Some(a), Some(b)) if a.label != b.label => format!("{} – {}", a.label, b.label),
        (Some(a), _) => a.label.clone(),
        _ => counter.missing().to_string(),
    };
    let label = format!("{}, {range}", selection(ctx, sc));
    let unit = ctx.fill(
        "per_cadence",
        &[("cadence", ctx.words.cadence(cadence).to_lowercase())],
    );
    let mut c = timeline_chart(ctx, &series, &unit, &label, total);
    c.id = format!("figure-{}", n + 1);
    c
}

/// What a shortcode counts, in words: "Klotter i Centrum", "Totalt".
fn selection(ctx: &Ctx, sc: &Shortcode) -> String {
    let category = sc
        .category
        .map(|c| ctx.model.categories[c as usize].label.clone());
    let place = sc
        .place
        .map(|p| ctx.model.places[p as usize].name.clone())
        .or_else(|| sc.area.clone());
    match (category, place) {
        (Some(c), Some(p)) => format!("{c}, {p}"),
        (Some(c), None) => c,
        (None, Some(p)) => p,
        (None, None) => ctx.t("total"),
    }
}

/// The internal output: every row, counted in its reports' windows.
pub(crate) struct Internal<'c, 'a>(pub &'c Ctx<'a>);

impl Counter for Internal<'_, '_> {
    fn reports(&self, c: Cadence) -> &[PeriodReport] {
        self.0.analysis.reports.get(&c).map_or(&[], Vec::as_slice)
    }

    fn count(
        &self,
        reports: &[PeriodReport],
        i: usize,
        compare: Option<Compare>,
        sc: &Shortcode,
    ) -> Option<Num> {
        let r = &reports[i];
        let (a, b) = match compare {
            None => Some(r.window),
            Some(Compare::Previous) => r.previous_window,
            Some(Compare::YearAgo) => r.year_ago_window,
        }?;
        // A period that starts after the data end has no count yet: "–",
        // not a 0 that reads as a calm fortnight.
        let data_end = self.0.analysis.coverage.map(|c| c.end);
        if a > b || data_end.is_none_or(|end| end < a) {
            return None;
        }
        let model = self.0.model;
        let n = model
            .incidents_between(a, b)
            .iter()
            .filter(|x| sc.category.is_none_or(|c| x.category == c))
            .filter(|x| sc.place.is_none_or(|p| x.place() == Some(p)))
            .filter(|x| {
                sc.area
                    .as_deref()
                    .is_none_or(|a| model.incident_area(x) == Some(a))
            })
            .map(|x| u64::from(x.count))
            .sum();
        Some(Num::Value(n))
    }

    fn missing(&self) -> &'static str {
        "–"
    }
}
