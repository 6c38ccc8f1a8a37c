//! Follow-up of actions (internal output): a page per action with its
//! statuses, target, comparison and effect, and the council's follow-up
//! page of every decided action by the meeting that decided it. The
//! effect's numbers come from `analysis::effects`; here they become words
//! that never claim more than the interval allows.

use super::action_view::*;
use super::view::*;
use super::{Ctx, meeting_link, slug};
use crate::analysis::ActionRecord;
use crate::analysis::effects::{Effect, Evaluation, Measure, Zone};

/// Where an action's own page lives.
pub(super) fn action_page_path(id: &str) -> String {
    format!("actions/{}/index.html", slug(id))
}

/// When an action runs or ran, in words.
pub(super) fn period_text(ctx: &Ctx, a: &ActionRecord) -> Option<String> {
    match (a.start, a.end) {
        (Some(s), Some(e)) => Some(ctx.words.range(s, e)),
        (Some(s), None) => Some(ctx.fill("action_from", &[("date", ctx.words.date(s))])),
        _ => None,
    }
}

/// The verdict text of a verdict.
pub(super) fn verdict_text(ctx: &Ctx, v: Verdict) -> String {
    ctx.t(&format!("verdict_{}", v.id()))
}

/// Four counts and what follows, as a summary with every number.
pub(super) fn measure_summary(ctx: &Ctx, m: &Measure) -> EffectSummary {
    let d = |x: f64| ctx.words.decimal(x, 2);
    EffectSummary {
        verdict: Some(m.verdict),
        text: verdict_text(ctx, m.verdict),
        counts: Some([m.a, m.b, m.c, m.d].map(Num::Value)),
        res: m.res,
        low: m.low,
        high: m.high,
        change_pct: m.change_pct,
        res_text: m
            .res
            .zip(m.low.zip(m.high))
            .map(|(r, (l, h))| format!("{} ({}–{})", d(r), d(l), d(h))),
        change_text: m.change_pct.map(|p| ctx.words.pct(p)),
        words: effect_words(ctx, m),
    }
}

/// The effect in words: the events after the start as a share of those
/// the comparison leads one to expect (1/RES), its size as a reader says
/// it, and the interval as the range that share may lie in (1/high to
/// 1/low), in whole percent. None with too few events: there the
/// interval means nothing, and the verdict says so.
pub(super) fn effect_words(ctx: &Ctx, m: &Measure) -> Option<String> {
    if m.verdict == Verdict::TooFew {
        return None;
    }
    let (res, (low, high)) = m.res.zip(m.low.zip(m.high))?;
    if !(res > 0.0 && low > 0.0 && high > 0.0) {
        return None;
    }
    let pct = |x: f64| ctx.words.num((100.0 / x).round() as i64);
    Some(ctx.fill(
        "effect_words",
        &[
            (
                "size",
                ctx.t(&format!("effect_size_{}", EffectSize::of(1.0 / res).id())),
            ),
            ("share", ctx.words.percent((100.0 / res).round() as i64)),
            ("low", pct(high)),
            ("high", pct(low)),
        ],
    ))
}

/// An effect as the public output shows it: the verdict and the words,
/// not the statistics (RES, its interval, the change against the
/// comparison written as figures) that only staff read.
pub(super) fn public_summary(mut s: EffectSummary) -> EffectSummary {
    s.res_text = None;
    s.change_text = None;
    s
}

/// A summary with words only: no numbers.
pub(super) fn text_summary(text: String) -> EffectSummary {
    EffectSummary {
        verdict: None,
        text,
        counts: None,
        res: None,
        low: None,
        high: None,
        change_pct: None,
        res_text: None,
        change_text: None,
        words: None,
    }
}

/// An action's effect, or why there is none, for the internal output.
pub(super) fn evaluation_summary(ctx: &Ctx, e: &Evaluation) -> Option<EffectSummary> {
    let rule = &ctx.config.effects;
    let text = match e {
        Evaluation::NoTarget => return None,
        Evaluation::Done(effect) => return Some(measure_summary(ctx, &effect.measure)),
        Evaluation::NotStarted => ctx.t("effect_not_started"),
        Evaluation::TooRecent { months } => ctx.fill(
            "effect_too_recent",
            &[
                ("months", months.to_string()),
                ("min", rule.min_months_after.to_string()),
            ],
        ),
        Evaluation::NoDataBefore => ctx.fill(
            "effect_no_data_before",
            &[("min", rule.min_months_after.to_string())],
        ),
        Evaluation::NoComparison => ctx.t("effect_no_comparison"),
    };
    Some(text_summary(text))
}

/// A zone in words: "Resecentrum", "Centrum utom Resecentrum".
fn zone_label(ctx: &Ctx, z: &Zone) -> String {
    let m = ctx.model;
    let mut names: Vec<String> = z
        .places
        .iter()
        .map(|&p| m.places[p as usize].name.clone())
        .collect();
    names.extend(z.areas.iter().map(|&a| m.areas[a as usize].name.clone()));
    let names = names.join(", ");
    // Only the excluded places that lie in the zone's areas are named.
    let except: Vec<String> = z
        .except_places
        .iter()
        .filter(|&&p| {
            m.area_of(Some(p))
                .is_some_and(|a| z.areas.iter().any(|&x| m.areas[x as usize].name == a))
        })
        .map(|&p| m.places[p as usize].name.clone())
        .collect();
    if except.is_empty() {
        return names;
    }
    ctx.fill(
        "zone_except",
        &[("zone", names), ("except", except.join(", "))],
    )
}

fn effect_view(ctx: &Ctx, a: &ActionRecord, e: &Effect) -> EffectView {
    let w = &ctx.words;
    let target_label = zone_label(ctx, &e.target);
    let comparison_label = ctx.t("comparison");
    let mean = |xs: &mut dyn Iterator<Item = u64>| {
        let v: Vec<u64> = xs.collect();
        w.decimal(v.iter().sum::<u64>() as f64 / v.len().max(1) as f64, 1)
    };
    let n = e.months as usize;
    let long_desc = ctx.fill(
        "effect_chart_desc",
        &[
            ("tb", mean(&mut e.monthly[..n].iter().map(|m| m.target))),
            ("cb", mean(&mut e.monthly[..n].iter().map(|m| m.comparison))),
            ("ta", mean(&mut e.monthly[n + 1..].iter().map(|m| m.target))),
            (
                "ca",
                mean(&mut e.monthly[n + 1..].iter().map(|m| m.comparison)),
            ),
        ],
    );
    let start_month = ctx.fill(
        "period_month",
        &[
            (
                "month",
                w.month(chrono::Datelike::month(&e.start_month)).to_string(),
            ),
            ("year", chrono::Datelike::year(&e.start_month).to_string()),
        ],
    );
    let chart = EffectChart {
        id: format!("chart-effect-{}", slug(&a.id)),
        caption: ctx.fill(
            "effect_chart_caption",
            &[
                ("target", target_label.clone()),
                ("range", w.range(e.before.0, e.after.1)),
            ],
        ),
        alt: ctx.fill(
            "effect_chart_alt",
            &[
                ("target", target_label.clone()),
                ("start", start_month.clone()),
            ],
        ),
        long_desc,
        month_header: ctx.t("month"),
        target_label: target_label.clone(),
        comparison_label,
        months: e.monthly.iter().map(|m| w.month_short(m.month)).collect(),
        target: e.monthly.iter().map(|m| m.target).collect(),
        comparison: e.monthly.iter().map(|m| m.comparison).collect(),
        start: n,
        start_label: ctx.t("start"),
        svg: String::new(),
    };
    EffectView {
        windows: ctx.fill(
            "effect_windows",
            &[
                ("months", e.months.to_string()),
                ("before", w.range(e.before.0, e.before.1)),
                ("after", w.range(e.after.0, e.after.1)),
                ("start", start_month.clone()),
            ],
        ),
        method: ctx.fill(
            "effect_method",
            &[("min", ctx.config.effects.min_count.to_string())],
        ),
        months: e.months,
        before: w.range(e.before.0, e.before.1),
        after: w.range(e.after.0, e.after.1),
        start_month,
        target: EffectRowView {
            label: target_label,
            summary: measure_summary(ctx, &e.measure),
        },
        displacement: e
            .displacement
            .iter()
            .map(|d| EffectRowView {
                label: zone_label(ctx, &d.zone),
                summary: measure_summary(ctx, &d.measure),
            })
            .collect(),
        chart,
    }
}

/// One action's page: statuses by meeting, owner, due, target,
/// comparison and the effect with its chart.
pub(super) fn action_page(ctx: &Ctx, a: &ActionRecord) -> PageView {
    let m = ctx.model;
    let s = &a.scope;
    let mut targets: Vec<Link> = s.target_places.iter().map(|&p| ctx.place_link(p)).collect();
    targets.extend(s.target_areas.iter().map(|name| Link {
        href: super::places::area_href(name),
        label: name.clone(),
    }));
    let effect = a.effect.effect();
    let comparison = match effect {
        Some(e) => vec![zone_label(ctx, &e.comparison)],
        None => s
            .compare_places
            .iter()
            .map(|&p| m.places[p as usize].name.clone())
            .chain(s.compare_areas.iter().cloned())
            .collect(),
    };
    let view = ActionPage {
        action: super::action_row(ctx, a),
        decided: a.history.first().map(|h| meeting_link(ctx, h.meeting)),
        start: a.start.map(|d| ctx.words.date(d)),
        end: a.end.map(|d| ctx.words.date(d)),
        targets,
        target_categories: s
            .target_categories
            .iter()
            .map(|&c| m.categories[c as usize].label.clone())
            .collect(),
        default_comparison: s.compare_areas.is_empty() && s.compare_places.is_empty(),
        comparison,
        effect: effect.map(|e| effect_view(ctx, a, e)),
    };
    PageView {
        path: action_page_path(&a.id),
        title: format!("{}: {}", a.id, a.what),
        section: "actions".into(),
        body: PageBody::Action(Box::new(view)),
    }
}

/// Every decided action with its status and effect, grouped by the
/// meeting that decided it (newest meeting first).
pub(super) fn follow_up_page(ctx: &Ctx) -> PageView {
    let mut groups: Vec<(usize, Vec<ActionRow>)> = Vec::new();
    for a in &ctx.analysis.actions {
        let Some(first) = a.history.first() else {
            continue;
        };
        let row = super::action_row(ctx, a);
        match groups.iter_mut().find(|(m, _)| *m == first.meeting) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((first.meeting, vec![row])),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    PageView {
        path: "actions/follow-up/index.html".into(),
        title: ctx.t("follow-up"),
        section: "follow-up".into(),
        body: PageBody::FollowUp {
            groups: groups
                .into_iter()
                .map(|(m, actions)| FollowUpGroup {
                    meeting: meeting_link(ctx, m),
                    actions,
                })
                .collect(),
        },
    }
}
