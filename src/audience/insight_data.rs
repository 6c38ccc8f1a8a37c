//! The analysis numbers of a report as `data.json` and `data.csv` write
//! them: unformatted, from the same views the page shows.

use super::Ctx;
use super::insight::ref_period;
use super::insight_view::*;
use crate::analysis::{Light, PeriodReport};

/// The numbers every audience may see: the reference lines and the
/// årshjul.
pub fn shared(
    ctx: &Ctx,
    r: &PeriodReport,
    reference: &[ReferenceView],
    seasonal: Option<&HeatView>,
) -> InsightData {
    let rp = ref_period(&r.period);
    InsightData {
        reference: reference
            .iter()
            .flat_map(|v| {
                v.lines.iter().map(move |l| {
                    let row =
                        ctx.model.reference.iter().find(|x| {
                            x.series == v.series && x.key == l.key && Some(x.period) == rp
                        });
                    ReferenceData {
                        series: v.series.clone(),
                        key: l.key.clone(),
                        label: l.label.clone(),
                        official_count: l.official,
                        per100k: row.and_then(|x| x.per100k),
                        preliminary: l.preliminary,
                        own: l.own,
                    }
                })
            })
            .collect(),
        seasonal: seasonal.map(|h| {
            h.rows
                .iter()
                .map(|row| SeasonalData {
                    year: row.label.parse().unwrap_or(0),
                    months: row.cells.clone(),
                })
                .collect()
        }),
        ..InsightData::default()
    }
}

/// Dark hours (astronomy: a citizen does not need it, so the public output
/// leaves it out), light, weekday × hour and hot spots as counted
/// (internal output).
pub fn internal(ctx: &Ctx, r: &PeriodReport, data: &mut InsightData) {
    let p = &r.patterns;
    let all = p.minutes.iter().sum::<u64>().max(1) as f64;
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    data.dark_hours_share = Some(round(p.minutes[Light::Dark as usize] as f64 / all));
    data.twilight_hours_share = Some(round(p.minutes[Light::Twilight as usize] as f64 / all));
    data.light = Some(LightData {
        daylight: p.light[0],
        twilight: p.light[1],
        dark: p.light[2],
        categories: ctx
            .model
            .categories
            .iter()
            .zip(&p.light_by_category)
            .map(|(c, l)| LightCategory {
                id: c.id.clone(),
                daylight: l[0],
                twilight: l[1],
                dark: l[2],
            })
            .collect(),
        places: p
            .light_by_place
            .iter()
            .map(|(pl, l)| LightCategory {
                id: ctx.model.places[*pl as usize].id.clone(),
                daylight: l[0],
                twilight: l[1],
                dark: l[2],
            })
            .collect(),
    });
    data.weekday_hour = Some(p.weekday_hour.iter().map(|d| d.to_vec()).collect());
    data.untimed = Some(p.untimed);
    data.hotspots = Some(
        r.hotspots
            .iter()
            .map(|h| {
                let place = &ctx.model.places[h.place as usize];
                HotSpotData {
                    id: place.id.clone(),
                    label: place.name.clone(),
                    events: h.count,
                    expected: h.expected.map(|e| (e * 1000.0).round() / 1000.0),
                    p_value: h.p_value.map(|p| (p * 1e6).round() / 1e6),
                    flagged: h.flagged,
                }
            })
            .collect(),
    );
}
