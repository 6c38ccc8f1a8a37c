//! Analysis: periods, counts, the action register and the actions'
//! effects, computed once per build from the model and shared by every
//! page.
//!
//! Counting works on the date-sorted incidents: a period is a binary-searched
//! slice, so every report costs only its own rows. Incidents count by their
//! local date and with their `count` (one row may report several events).

mod actions;
mod cache;
pub mod daylight;
pub mod effects;
pub mod hotspots;
pub mod patterns;
pub mod periods;
pub mod poisson;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

pub use actions::{ActionEvent, ActionRecord, action_register, site_date};
pub use cache::AnalysisCache;
use cache::DataPart;
pub use daylight::{Light, Sun, SunTable};
pub use hotspots::HotSpot;
pub use patterns::Patterns;
pub use periods::Period;

use crate::config::{Cadence, Config};
use crate::model::{Incident, Model, OrgId, PlaceId};

/// The dates the incident data cover: from the first day of the month of
/// the earliest covered start of a source to the day up to which *every*
/// active source (one with rows or a configured coverage) is complete,
/// the minimum of their covered ends. Comparisons with periods outside it
/// are "no data", never zero; a period running past its end is compared
/// like for like, on the same days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Coverage {
    pub fn covers(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.start <= start && end <= self.end
    }
}

/// Event counts of one date range, per category.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub total: u64,
    pub by_category: Vec<u64>,
}

/// Granularity of a report's time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesUnit {
    Day,
    Week,
    Month,
}

/// One bucket of a time series (dates clipped to the period).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bucket {
    #[serde(with = "cache::day")]
    pub start: NaiveDate,
    #[serde(with = "cache::day")]
    pub end: NaiveDate,
    pub count: u64,
}

/// Everything counted for one period.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PeriodReport {
    pub period: Period,
    pub current: Counts,
    /// Previous period of the same cadence; `None` when not covered by data.
    pub previous: Option<Counts>,
    /// Same period a year earlier; `None` when not covered by data.
    pub year_ago: Option<Counts>,
    /// Places with events, most first (ties by place order).
    pub places: Vec<(PlaceId, u64)>,
    /// Areas with events, most first; `None` is "no area".
    pub areas: Vec<(Option<String>, u64)>,
    pub organisations: Vec<(OrgId, u64)>,
    pub series_unit: SeriesUnit,
    pub series: Vec<Bucket>,
    /// Indexes into `Model::meetings` of the notes dated in the period.
    pub meetings: Vec<usize>,
    /// The period runs past the coverage end.
    pub partial: bool,
    /// Incident data cover some of its days. Not so for a period wholly
    /// before the data start, or on a site without incident data: its
    /// counts would be zeros that mean only "no data", so no page shows
    /// them as counts.
    pub covered: bool,
    /// The days the current counts cover: the whole period, or for a
    /// period not complete, its start to the coverage end. (A period that
    /// begins after the coverage end counts what there is, uncompared.)
    pub window: (NaiveDate, NaiveDate),
    /// The days of the previous period compared: the same number of days
    /// from its start as `window` has; `None` without a comparison.
    pub previous_window: Option<(NaiveDate, NaiveDate)>,
    /// The same calendar days a year earlier; `None` without a comparison.
    pub year_ago_window: Option<(NaiveDate, NaiveDate)>,
    /// Weekday × hour, light classes and dark hours of the period.
    pub patterns: Patterns,
    /// Places with events, most first, against their own baseline.
    pub hotspots: Vec<HotSpot>,
}

/// The site-wide analysis, computed once.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub coverage: Option<Coverage>,
    /// The day up to which every active source is complete for the public
    /// categories: the minimum over sources of their last public-category
    /// row (or configured `covered_until`), so one late event of a
    /// non-public category never moves it.
    pub public_until: Option<NaiveDate>,
    /// Per configured cadence, the periods in date order.
    pub reports: BTreeMap<Cadence, Vec<PeriodReport>>,
    pub actions: Vec<ActionRecord>,
    /// Action id → its index in `actions`, for [`Analysis::action`].
    pub action_index: rustc_hash::FxHashMap<String, usize>,
    /// Per area of the model, the areas sharing a boundary with it.
    pub neighbours: Vec<Vec<crate::model::AreaId>>,
    /// Events per place over all data, indexed by `PlaceId`.
    pub place_totals: Vec<u64>,
    /// Sun times of every day of the data and meetings.
    pub sun: SunTable,
    /// Events per calendar month and year (the årshjul).
    pub seasonal: Vec<(i32, [Option<u64>; 12])>,
}

impl Analysis {
    /// The action with this id, found by its index (a register of tens of
    /// thousands is looked up once per mention, so never by a scan).
    pub fn action(&self, id: &str) -> Option<&ActionRecord> {
        self.action_index.get(id).map(|&i| &self.actions[i])
    }
}

/// The coverage and the public end from the sources' coverage (see
/// [`Coverage`], [`Analysis::public_until`]). A model read without
/// sources (built in code) covers its first to its last incident.
pub fn coverage(model: &Model) -> (Option<Coverage>, Option<NaiveDate>) {
    let active: Vec<&crate::model::SourceCoverage> = model
        .sources
        .iter()
        .filter(|s| s.rows > 0 || s.covered_from.is_some() || s.covered_until.is_some())
        .collect();
    let (start, end, public_until) = if active.is_empty() {
        let (first, last) = model.coverage().unzip();
        (first, last, last)
    } else {
        (
            active.iter().filter_map(|s| s.from()).min(),
            active.iter().filter_map(|s| s.until()).min(),
            active.iter().filter_map(|s| s.public_until()).min(),
        )
    };
    let coverage = start.zip(end).map(|(start, end)| Coverage {
        start: start.with_day(1).expect("day 1"),
        end,
    });
    (coverage, public_until)
}

pub fn analyse(config: &Config, model: &Model) -> Analysis {
    analyse_with(config, model, None)
}

/// [`analyse`], taking everything but the actions from `cache` when the
/// model's data and the meeting dates that shape periods are those it was
/// kept for (see [`AnalysisCache`]), and keeping it there otherwise.
pub fn analyse_with(config: &Config, model: &Model, cache: Option<&mut AnalysisCache>) -> Analysis {
    let data = match cache {
        Some(c) => c.data(model, config, || data_part(config, model)),
        None => data_part(config, model),
    };
    let mut actions = action_register(model);
    actions.par_iter_mut().for_each(|a| {
        a.effect = effects::evaluate(model, data.coverage, &data.neighbours, &config.effects, a);
    });
    let action_index = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    Analysis {
        coverage: data.coverage,
        public_until: data.public_until,
        reports: data.reports,
        actions,
        action_index,
        neighbours: data.neighbours,
        place_totals: data.place_totals,
        seasonal: data.seasonal,
        sun: data.sun,
    }
}

/// What the analysis makes of the incident data: all of it but the
/// action register.
fn data_part(config: &Config, model: &Model) -> DataPart {
    let (coverage, public_until) = coverage(model);
    let sun = sun_table(config, model, coverage);
    let reports = config
        .reports
        .cadences
        .iter()
        .map(|&c| {
            let mut reports = cadence_reports(c, model, coverage, &sun);
            add_hotspots(&mut reports, model, coverage, &config.hotspots);
            (c, reports)
        })
        .collect();
    let mut place_totals = vec![0; model.places.len()];
    for i in model.incidents.iter() {
        if let Some(p) = i.place() {
            place_totals[p as usize] += u64::from(i.count);
        }
    }
    DataPart {
        coverage,
        public_until,
        reports,
        neighbours: effects::neighbours(model),
        place_totals,
        seasonal: patterns::month_of_year(model.incidents.iter(), coverage),
        sun,
    }
}

/// Sun times for every day a report or page may ask about: from a year
/// before the first data or meeting to the end of the last year.
fn sun_table(config: &Config, model: &Model, coverage: Option<Coverage>) -> SunTable {
    let Some((first, last)) = sun_span(model, coverage) else {
        return SunTable::default();
    };
    let m = &config.municipality;
    let tz = config.timezone().unwrap_or(chrono_tz::Europe::Stockholm);
    SunTable::new(&Sun::new(m.latitude, m.longitude, tz), first, last)
}

/// The days of the sun table: from the first of January of the year
/// before the first meeting or row to the end of the last one's year.
fn sun_span(model: &Model, coverage: Option<Coverage>) -> Option<(NaiveDate, NaiveDate)> {
    let dates = model
        .meetings
        .iter()
        .map(|m| m.date)
        .chain(coverage.iter().flat_map(|c| [c.start, c.end]))
        .chain(model.coverage().into_iter().flat_map(|(a, b)| [a, b]));
    let (first, last) = (dates.clone().min()?, dates.max()?);
    let first = NaiveDate::from_ymd_opt(first.year() - 1, 1, 1).expect("date");
    let last = NaiveDate::from_ymd_opt(last.year(), 12, 31).expect("date");
    Some((first, last))
}

/// Tests each period's places against the earlier periods that the data
/// cover whole (see [`hotspots`]).
fn add_hotspots(
    reports: &mut [PeriodReport],
    model: &Model,
    coverage: Option<Coverage>,
    rule: &crate::config::HotspotConfig,
) {
    let per_place: Vec<Vec<u64>> = reports
        .iter()
        .map(|r| {
            let mut v = vec![0; model.places.len()];
            for &(p, n) in &r.places {
                v[p as usize] = n;
            }
            v
        })
        .collect();
    for i in 0..reports.len() {
        let history: Vec<(i64, &[u64])> = (0..i)
            .filter(|&j| {
                let p = &reports[j].period;
                coverage.is_some_and(|c| c.covers(p.start, p.end))
            })
            .map(|j| (reports[j].period.days(), per_place[j].as_slice()))
            .collect();
        let (a, b) = reports[i].window;
        let days = (b - a).num_days() + 1;
        reports[i].hotspots = hotspots::rank(&reports[i].places, days, &history, rule);
    }
}

fn cadence_periods(cadence: Cadence, model: &Model, coverage: Option<Coverage>) -> Vec<Period> {
    if cadence == Cadence::Operative {
        let mut dates: Vec<NaiveDate> = model
            .meetings
            .iter()
            .filter(|m| m.group == "operative")
            .map(|m| m.date)
            .collect();
        dates.dedup();
        return periods::operative_periods(&dates);
    }
    let meeting_dates = model.meetings.iter().map(|m| m.date);
    // Periods run to the latest row of any source: a source ahead of the
    // others is shown, counted up to the coverage end where compared.
    let data_dates = coverage
        .iter()
        .flat_map(|c| [c.start, c.end])
        .chain(model.coverage().into_iter().flat_map(|(a, b)| [a, b]));
    let all: Vec<NaiveDate> = meeting_dates.chain(data_dates).collect();
    match (all.iter().min(), all.iter().max()) {
        (Some(&first), Some(&last)) => periods::calendar_periods(cadence, first, last),
        _ => Vec::new(),
    }
}

fn cadence_reports(
    cadence: Cadence,
    model: &Model,
    coverage: Option<Coverage>,
    sun: &SunTable,
) -> Vec<PeriodReport> {
    let periods = cadence_periods(cadence, model, coverage);
    (0..periods.len())
        .into_par_iter()
        .map(|i| {
            let p = &periods[i];
            let prev = if i > 0 {
                (periods[i - 1].start, periods[i - 1].end)
            } else {
                periods::range_before(p)
            };
            period_report(p.clone(), prev, model, coverage, sun)
        })
        .collect()
}

/// Indexes into `model.meetings` of the notes dated in `period`.
fn meetings_in(period: &Period, model: &Model) -> Vec<usize> {
    model
        .meetings
        .iter()
        .enumerate()
        .filter(|(_, m)| period.contains(m.date))
        .map(|(i, _)| i)
        .collect()
}

fn count(model: &Model, start: NaiveDate, end: NaiveDate) -> Counts {
    let mut c = Counts {
        total: 0,
        by_category: vec![0; model.categories.len()],
    };
    for i in model.incidents_between(start, end) {
        c.total += u64::from(i.count);
        c.by_category[i.category as usize] += u64::from(i.count);
    }
    c
}

fn covered_count(
    model: &Model,
    coverage: Option<Coverage>,
    (start, end): (NaiveDate, NaiveDate),
) -> Option<Counts> {
    coverage
        .filter(|c| c.covers(start, end))
        .map(|_| count(model, start, end))
}

fn period_report(
    period: Period,
    prev: (NaiveDate, NaiveDate),
    model: &Model,
    coverage: Option<Coverage>,
    sun: &SunTable,
) -> PeriodReport {
    let w = windows(&period, prev, coverage);
    let rows = model.incidents_between(w.current.0, w.current.1);
    let patterns = Patterns::of(model, sun, rows, w.current);
    let current = count(model, w.current.0, w.current.1);
    let previous_window = w
        .previous
        .filter(|&(a, b)| coverage.is_some_and(|c| c.covers(a, b)));
    let year_ago_window = w
        .year_ago
        .filter(|&(a, b)| coverage.is_some_and(|c| c.covers(a, b)));
    let previous = previous_window.and_then(|p| covered_count(model, coverage, p));
    let year_ago = year_ago_window.and_then(|p| covered_count(model, coverage, p));
    let (series_unit, series) = series(&period, w.current.1, rows);
    let meetings = meetings_in(&period, model);
    PeriodReport {
        partial: coverage.is_some_and(|c| period.end > c.end),
        covered: coverage.is_some_and(|c| period.end >= c.start),
        window: w.current,
        previous_window,
        year_ago_window,
        places: ranked(rows, model.places.len(), |i| i.place().map(|p| p as usize))
            .into_iter()
            .map(|(p, n)| (p as PlaceId, n))
            .collect(),
        areas: areas(rows, model),
        organisations: ranked(rows, model.organisations.len(), |i| {
            Some(i.organisation as usize)
        })
        .into_iter()
        .map(|(o, n)| (o as OrgId, n))
        .collect(),
        period,
        current,
        previous,
        year_ago,
        series_unit,
        series,
        meetings,
        patterns,
        hotspots: Vec::new(),
    }
}

/// The days a period's counts and its comparisons cover.
struct Windows {
    current: (NaiveDate, NaiveDate),
    previous: Option<(NaiveDate, NaiveDate)>,
    year_ago: Option<(NaiveDate, NaiveDate)>,
}

/// Like for like: a period that runs past the coverage end counts from its
/// start to the coverage end, and is compared with the same number of days
/// from the previous period's start (clipped to its end) and with the same
/// calendar days a year earlier (for a year, the year before is both, on
/// the same calendar days: year to date). Quarter 4 2026 with data to 31 October:
/// 1–31 October 2026 against 1–31 July 2026 and 1–31 October 2025. A
/// period that begins after the coverage end has nothing comparable.
fn windows(period: &Period, prev: (NaiveDate, NaiveDate), coverage: Option<Coverage>) -> Windows {
    let whole = (period.start, period.end);
    let year_ago = period.year_ago();
    match coverage.map(|c| c.end) {
        Some(end) if end < period.start => Windows {
            current: whole,
            previous: None,
            year_ago: None,
        },
        Some(end) if end < period.end => {
            let days = chrono::Days::new((end - period.start).num_days() as u64);
            let year_ago = (year_ago.0, periods::shift_year(end).min(year_ago.1));
            // A year's previous period is the year before: the same
            // calendar days, whether or not a leap day lies between.
            let previous = if prev.0 == year_ago.0 {
                year_ago
            } else {
                (prev.0, (prev.0 + days).min(prev.1))
            };
            Windows {
                current: (period.start, end),
                previous: Some(previous),
                year_ago: Some(year_ago),
            }
        }
        _ => Windows {
            current: whole,
            previous: Some(prev),
            year_ago: Some(year_ago),
        },
    }
}

/// Counts per key, non-zero ones only, most first and ties by key.
fn ranked(
    rows: &[Incident],
    keys: usize,
    key: impl Fn(&Incident) -> Option<usize>,
) -> Vec<(usize, u64)> {
    let mut counts = vec![0u64; keys];
    for i in rows {
        if let Some(k) = key(i) {
            counts[k] += u64::from(i.count);
        }
    }
    let mut out: Vec<(usize, u64)> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

fn areas(rows: &[Incident], model: &Model) -> Vec<(Option<String>, u64)> {
    let mut by_area: BTreeMap<Option<&str>, u64> = BTreeMap::new();
    for i in rows {
        *by_area.entry(model.incident_area(i)).or_default() += u64::from(i.count);
    }
    let mut out: Vec<(Option<String>, u64)> = by_area
        .into_iter()
        .map(|(a, n)| (a.map(str::to_string), n))
        .collect();
    out.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(a.0.is_none().cmp(&b.0.is_none()))
            .then(a.0.cmp(&b.0))
    });
    out
}

/// Daily series up to 62 days, weekly (ISO weeks) up to 130 days, monthly
/// beyond (by the period's length), from its start to `until`.
fn series(period: &Period, until: NaiveDate, rows: &[Incident]) -> (SeriesUnit, Vec<Bucket>) {
    let unit = match period.days() {
        ..=62 => SeriesUnit::Day,
        63..=130 => SeriesUnit::Week,
        _ => SeriesUnit::Month,
    };
    let bucket_start = |d: NaiveDate| match unit {
        SeriesUnit::Day => d,
        SeriesUnit::Week => {
            (d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))).max(period.start)
        }
        SeriesUnit::Month => d.with_day(1).expect("day 1").max(period.start),
    };
    let mut buckets: Vec<Bucket> = Vec::new();
    let mut d = period.start;
    while d <= until {
        let start = bucket_start(d);
        if buckets.last().is_none_or(|b| b.start != start) {
            buckets.push(Bucket {
                start,
                end: d,
                count: 0,
            });
        }
        buckets.last_mut().expect("pushed").end = d;
        d = d.succ_opt().expect("date in range");
    }
    // The buckets' last days by number, compared with each row's.
    let ends: Vec<i32> = buckets.iter().map(|b| b.end.num_days_from_ce()).collect();
    let mut idx = 0;
    for i in rows {
        while ends[idx] < i.day() {
            idx += 1;
        }
        buckets[idx].count += u64::from(i.count);
    }
    (unit, buckets)
}
