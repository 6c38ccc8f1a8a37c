//! Builders of the analysis sections (see `insight_view.rs`): the parts
//! that do not depend on the audience take their numbers as arguments, so
//! the public builder can feed them protected counts.

use super::Ctx;
use super::insight_view::*;
use super::view::{NamedCount, Num};
use crate::analysis::{Light, Patterns, Period, PeriodReport};
use crate::config::Cadence;
use crate::model::RefPeriod;

/// A decimal number in the site's language: `62,5` (sv), `62.5` (en).
pub fn decimal(ctx: &Ctx, x: f64, digits: usize) -> String {
    ctx.words.decimal(x, digits)
}

/// A share (0–1) as a whole percentage: `42 %` / `42%`.
pub fn percent(ctx: &Ctx, share: f64) -> String {
    ctx.words.percent((share * 100.0).round() as i64)
}

/// The weekdays from a comma-separated translation: `weekdays_short`
/// for table heads, `weekdays_plural` ("måndagar") for sentences.
fn weekdays(ctx: &Ctx, key: &str) -> Vec<String> {
    ctx.t(key)
        .split(',')
        .map(|s| s.trim().to_string())
        .collect()
}

/// The weekday × hour heat map of some patterns.
pub fn weekday_hour(ctx: &Ctx, id: &str, p: &Patterns, what: &str) -> HeatView {
    let days = weekdays(ctx, "weekdays_short");
    let rows: Vec<HeatRow> = p
        .weekday_hour
        .iter()
        .enumerate()
        .map(|(d, hours)| HeatRow {
            label: days.get(d).cloned().unwrap_or_default(),
            cells: hours.iter().map(|&n| Some(Num::Value(n))).collect(),
            total: Num::Value(hours.iter().sum()),
        })
        .collect();
    let peak = p
        .weekday_hour
        .iter()
        .enumerate()
        .flat_map(|(d, h)| h.iter().enumerate().map(move |(hr, n)| (*n, d, hr)))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let long_desc = match peak {
        Some((n, d, h)) if n > 0 => ctx.fill(
            "heat_desc",
            &[
                (
                    "day",
                    weekdays(ctx, "weekdays_plural")
                        .get(d)
                        .cloned()
                        .unwrap_or_default(),
                ),
                ("hour", format!("{h:02}–{:02}", h + 1)),
                ("count", ctx.words.num(n as i64)),
            ],
        ),
        _ => ctx.t("no_events"),
    };
    HeatView {
        id: id.to_string(),
        caption: ctx.fill("heat_caption", &[("what", what.to_string())]),
        alt: ctx.fill("heat_alt", &[("what", what.to_string())]),
        long_desc,
        row_header: ctx.t("weekday"),
        columns: (0..24).map(|h| format!("{h:02}")).collect(),
        rows,
        svg: String::new(),
        note: (p.untimed > 0)
            .then(|| ctx.fill("untimed_note", &[("n", ctx.words.num(p.untimed as i64))])),
    }
}

/// The årshjul: events per calendar month, one row per year.
pub fn seasonal(ctx: &Ctx, id: &str, years: &[(i32, Vec<Option<Num>>)], what: &str) -> HeatView {
    let rows: Vec<HeatRow> = years
        .iter()
        .map(|(y, months)| HeatRow {
            label: y.to_string(),
            total: months
                .iter()
                .flatten()
                .map(|n| n.value())
                .sum::<Option<u64>>()
                .map_or(Num::Hidden, Num::Value),
            cells: months.clone(),
        })
        .collect();
    let mut by_month = [0u64; 12];
    for (_, months) in years {
        for (m, n) in months.iter().enumerate() {
            by_month[m] += n.and_then(Num::value).unwrap_or(0);
        }
    }
    let top = (0..12).max_by(|&a, &b| by_month[a].cmp(&by_month[b]).then(b.cmp(&a)));
    let long_desc = match top.filter(|&m| by_month[m] > 0) {
        Some(m) => ctx.fill(
            "seasonal_desc",
            &[("month", ctx.words.month(m as u32 + 1).to_string())],
        ),
        None => ctx.t("no_events"),
    };
    HeatView {
        id: id.to_string(),
        caption: ctx.fill("seasonal_caption", &[("what", what.to_string())]),
        alt: ctx.fill("seasonal_alt", &[("what", what.to_string())]),
        long_desc,
        row_header: ctx.t("year"),
        columns: (1..=12)
            .map(|m| ctx.words.month(m).chars().take(3).collect())
            .collect(),
        rows,
        svg: String::new(),
        note: None,
    }
}

fn light_row(ctx: &Ctx, label: String, href: Option<String>, l: &[u64; 3]) -> LightRow {
    LightRow {
        label,
        href,
        daylight: l[Light::Daylight as usize],
        twilight: l[Light::Twilight as usize],
        dark: l[Light::Dark as usize],
        dark_share: crate::analysis::patterns::share(l).map(|s| percent(ctx, s)),
    }
}

/// Events by light, per category and (when `places`) per place, beside
/// the share of the period's hours that were dark.
pub fn light(ctx: &Ctx, p: &Patterns, places: bool) -> LightView {
    let all: u64 = p.minutes.iter().sum::<u64>().max(1);
    let share = |l: Light| percent(ctx, p.minutes[l as usize] as f64 / all as f64);
    let categories = ctx
        .model
        .categories
        .iter()
        .zip(&p.light_by_category)
        .filter(|(_, l)| l.iter().sum::<u64>() > 0)
        .map(|(c, l)| light_row(ctx, c.label.clone(), None, l))
        .collect();
    let place_rows = if places {
        p.light_by_place
            .iter()
            .take(15)
            .map(|(pl, l)| {
                let place = &ctx.model.places[*pl as usize];
                light_row(ctx, place.name.clone(), Some(ctx.place_href(*pl)), l)
            })
            .collect()
    } else {
        Vec::new()
    };
    let reading = match p.dark_event_share() {
        Some(s) => ctx.fill(
            "light_reading",
            &[
                ("events", percent(ctx, s)),
                ("hours", share(Light::Dark)),
                (
                    "verdict",
                    ctx.t(if s > p.dark_hours_share() + 0.05 {
                        "light_more"
                    } else if s + 0.05 < p.dark_hours_share() {
                        "light_less"
                    } else {
                        "light_same"
                    }),
                ),
            ],
        ),
        None => ctx.t("light_none"),
    };
    LightView {
        dark_hours: share(Light::Dark),
        daylight_hours: share(Light::Daylight),
        twilight_hours: share(Light::Twilight),
        total: light_row(ctx, ctx.t("total"), None, &p.light),
        categories,
        places: place_rows,
        untimed: p.untimed,
        reading,
    }
}

/// The hot-spot list of a report: flagged places first, then the places
/// with most events (up to 10 rows besides the flagged).
pub fn hotspots(ctx: &Ctx, r: &PeriodReport) -> HotSpotsView {
    let rule = &ctx.config.hotspots;
    let mut rows: Vec<&crate::analysis::HotSpot> =
        r.hotspots.iter().filter(|h| h.flagged).collect();
    let flagged = rows.len();
    rows.extend(r.hotspots.iter().filter(|h| !h.flagged).take(10));
    let rows = rows
        .into_iter()
        .map(|h| {
            let place = &ctx.model.places[h.place as usize];
            HotSpotRow {
                label: place.name.clone(),
                href: Some(ctx.place_href(h.place)),
                area: place.area.clone(),
                count: h.count,
                expected: h.expected.map(|e| decimal(ctx, e, 1)),
                p_value: h.p_value.map(|p| p_text(ctx, p)),
                flagged: h.flagged,
            }
        })
        .collect();
    HotSpotsView {
        rule: ctx.fill(
            "hotspot_rule",
            &[
                ("n", rule.baseline_periods.to_string()),
                (
                    "min_n",
                    crate::analysis::hotspots::MIN_BASELINE_PERIODS.to_string(),
                ),
                ("p", decimal(ctx, rule.p_value, 3)),
                ("min", rule.min_count.to_string()),
            ],
        ),
        rows,
        flagged,
    }
}

/// The chance of a count at least as high, if the place stayed at its
/// usual level, in words for staff: "ovanligt många: skulle hända av en
/// slump ungefär 1 gång av 20". The number itself stays in `data.json`
/// and `data.csv` (`hotspot_p_value`).
fn p_text(ctx: &Ctx, p: f64) -> String {
    let key = if p < 0.001 {
        "chance_very_rare"
    } else if p <= 0.05 {
        "chance_rare"
    } else if p < 0.5 {
        "chance_sometimes"
    } else {
        "chance_common"
    };
    let n = if p < 0.001 { 1000 } else { one_in(p) };
    ctx.fill(key, &[("n", ctx.words.num(n as i64))])
}

/// 1/p as a round number a reader takes in at once: whole up to 10, then
/// to 5, then to two significant digits (1/0.0437 = 22.9 gives 25).
fn one_in(p: f64) -> u64 {
    let n = 1.0 / p.max(1e-9);
    let step = if n < 10.0 {
        1.0
    } else if n < 100.0 {
        5.0
    } else {
        10f64.powi(n.log10().floor() as i32 - 1)
    };
    ((n / step).round() * step).max(1.0) as u64
}

/// The reference period of a report, for years and quarters.
pub fn ref_period(p: &Period) -> Option<RefPeriod> {
    match p.cadence {
        Cadence::Year => Some(RefPeriod {
            year: p.year,
            quarter: 0,
        }),
        Cadence::Quarter => Some(RefPeriod {
            year: p.year,
            quarter: p.number as u8,
        }),
        _ => None,
    }
}

/// The reference statistics of a period beside the own counts: `own`
/// gives the count of some categories (model indexes; all when `None`).
pub fn reference(
    ctx: &Ctx,
    period: &Period,
    all_key: &str,
    own: impl Fn(Option<&[usize]>) -> Option<Num>,
) -> Vec<ReferenceView> {
    let Some(rp) = ref_period(period) else {
        return Vec::new();
    };
    let cfg = &ctx.config.reference;
    let mut out: Vec<ReferenceView> = Vec::new();
    for row in ctx.model.reference.iter().filter(|r| r.period == rp) {
        let compare = cfg.compare.get(&row.key);
        let cats: Option<Vec<usize>> = compare.filter(|c| !c.iter().any(|x| x == "*")).map(|c| {
            c.iter()
                .filter_map(|id| ctx.model.categories.iter().position(|k| &k.id == id))
                .collect()
        });
        let own_count = compare.and_then(|_| own(cats.as_deref()));
        let own_categories = compare.map(|c| {
            if c.iter().any(|x| x == "*") {
                ctx.t(all_key)
            } else {
                cats.iter()
                    .flatten()
                    .map(|&k| ctx.model.categories[k].label.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        });
        let label = cfg
            .labels
            .get(&row.key)
            .cloned()
            .or_else(|| row.label.clone())
            .unwrap_or_else(|| row.key.clone());
        let line = ReferenceLine {
            key: row.key.clone(),
            label,
            period: ctx.words.period(period),
            official: row.count,
            per100k: row.per100k.map(|x| decimal(ctx, x, 0)),
            preliminary: row.preliminary,
            own: own_count,
            own_categories,
        };
        match out.iter_mut().find(|v| v.series == row.series) {
            Some(v) => v.lines.push(line),
            None => out.push(ReferenceView {
                series: row.series.clone(),
                series_label: series_label(ctx, &row.series),
                lines: vec![line],
            }),
        }
    }
    out
}

/// A reference series' name: its file stem, or the theme's name for it
/// (`reference_series_bra = "Brå"`): a stem has no "å".
fn series_label(ctx: &Ctx, stem: &str) -> String {
    ctx.texts
        .text(&format!("reference_series_{stem}"))
        .map_or_else(|| stem.to_string(), str::to_string)
}

/// The choropleth of the given area counts (names as in `Model::areas`);
/// `None` when no area has a polygon.
pub fn map(
    ctx: &Ctx,
    label: &str,
    areas: Vec<NamedCount>,
    grouped: &[&str],
    points: Vec<(i32, i32)>,
) -> Option<MapView> {
    let shapes: Vec<MapShape> = ctx
        .model
        .areas
        .iter()
        .filter(|a| !a.polygons.is_empty())
        .map(|a| {
            let in_group = grouped.contains(&a.name.as_str());
            MapShape {
                name: a.name.clone(),
                // Simplified for drawing; the counts used the full polygons.
                rings: a.outline.clone(),
                // A grouped area has no count of its own on the map.
                count: if in_group {
                    Num::Hidden
                } else {
                    areas
                        .iter()
                        .find(|n| n.label == a.name)
                        .map_or(Num::Value(0), |n| n.count)
                },
                grouped: in_group,
            }
        })
        .collect();
    let group_key = shapes
        .iter()
        .any(|s| s.grouped)
        .then(|| ctx.t("other_areas"));
    if shapes.is_empty() && points.is_empty() {
        return None;
    }
    let top = areas
        .iter()
        .filter(|a| a.count.value().is_some_and(|v| v > 0))
        .max_by(|a, b| {
            a.count
                .value()
                .cmp(&b.count.value())
                .then(b.label.cmp(&a.label))
        });
    let long_desc = match top {
        Some(a) => ctx.fill(
            "map_desc",
            &[
                ("area", a.label.clone()),
                ("count", super::report::say(ctx, a.count)),
            ],
        ),
        None => ctx.t("no_events"),
    };
    // What the hatch and the dots mean, where the map has them.
    let hidden = shapes.iter().any(MapShape::hatched);
    let keys = [
        (hidden, "map_desc_hidden"),
        (group_key.is_some(), "map_desc_grouped"),
    ];
    let long_desc = keys
        .iter()
        .filter(|(has, _)| *has)
        .fold(long_desc, |d, (_, key)| format!("{d} {}", ctx.t(key)));
    Some(MapView {
        id: "map-areas".into(),
        caption: ctx.fill("map_caption", &[("period", label.to_string())]),
        alt: ctx.fill("map_alt", &[("period", label.to_string())]),
        long_desc,
        areas,
        point_count: points.len(),
        points,
        shapes,
        group_key,
        svg: String::new(),
    })
}

/// The årshjul of all data, as counted.
pub fn seasonal_all(ctx: &Ctx) -> Vec<(i32, Vec<Option<Num>>)> {
    ctx.analysis
        .seasonal
        .iter()
        .map(|(y, m)| (*y, m.iter().map(|v| v.map(Num::Value)).collect()))
        .collect()
}

/// The internal report's analysis sections: everything as counted.
pub fn internal_report(ctx: &Ctx, r: &PeriodReport) -> ReportInsight {
    let label = ctx.words.period(&r.period);
    let areas: Vec<NamedCount> = r
        .areas
        .iter()
        .map(|(a, n)| ctx.area_count(a.as_deref(), Num::Value(*n)))
        .collect();
    let points = ctx
        .model
        .incidents_between(r.period.start, r.period.end)
        .iter()
        .filter_map(|i| i.position())
        .collect();
    let counts = &r.current;
    let mut v = ReportInsight {
        dark_hours: Some(percent(ctx, r.patterns.dark_hours_share())),
        light: Some(light(ctx, &r.patterns, true)),
        weekday_hour: Some(weekday_hour(ctx, "heat-weekday-hour", &r.patterns, &label)),
        hotspots: Some(hotspots(ctx, r)),
        reference: reference(ctx, &r.period, "all_categories", |cats| {
            Some(Num::Value(match cats {
                None => counts.total,
                Some(c) => c.iter().map(|&k| counts.by_category[k]).sum(),
            }))
        }),
        map: map(ctx, &label, areas, &[], points),
        seasonal: (r.period.cadence == Cadence::Year).then(|| {
            seasonal(
                ctx,
                "heat-seasonal",
                &seasonal_all(ctx),
                &ctx.t("all_events"),
            )
        }),
        withheld: Vec::new(),
        data: InsightData::default(),
    };
    v.data = super::insight_data::shared(ctx, r, &v.reference, v.seasonal.as_ref());
    super::insight_data::internal(ctx, r, &mut v.data);
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_in_is_a_round_number() {
        // 1/0.582 = 1.72 → 2; 1/0.0437 = 22.9 → 25 (to 5);
        // 1/0.05 = 20; 1/0.0041 = 243.9 → 240 (two digits).
        let got: Vec<u64> = [0.582, 0.0437, 0.05, 0.0041].map(super::one_in).to_vec();
        assert_eq!(got, [2, 25, 20, 240]);
    }
}
