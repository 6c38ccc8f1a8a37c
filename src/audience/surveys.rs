//! Survey indicators: how safe people feel, from SCB's
//! medborgarundersökning, the police's trygghetsmätning or a municipal
//! survey. Published survey results, so both outputs show them: on the
//! start page (public) and on `surveys/index.html`.

use std::collections::BTreeSet;

use super::Ctx;
use super::insight::decimal;
use super::insight_view::{SurveyCell, SurveyGroup, SurveyView};
use super::view::{PageBody, PageView};

/// One view per indicator, in the order of the files' sorted rows.
pub fn views(ctx: &Ctx) -> Vec<SurveyView> {
    let rows = &ctx.model.surveys;
    let mut names: Vec<&str> = Vec::new();
    for r in rows {
        if !names.contains(&r.indicator.as_str()) {
            names.push(&r.indicator);
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(k, name)| view(ctx, k, name))
        .collect()
}

fn view(ctx: &Ctx, k: usize, name: &str) -> SurveyView {
    let rows: Vec<_> = ctx
        .model
        .surveys
        .iter()
        .filter(|r| r.indicator == name)
        .collect();
    let years: Vec<i32> = rows
        .iter()
        .map(|r| r.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut groups: Vec<Option<&str>> = Vec::new();
    for r in &rows {
        if !groups.contains(&r.group.as_deref()) {
            groups.push(r.group.as_deref());
        }
    }
    groups.sort_by_key(|g| g.is_some());
    let groups: Vec<SurveyGroup> = groups
        .into_iter()
        .map(|g| {
            let cell = |y: i32| rows.iter().find(|r| r.year == y && r.group.as_deref() == g);
            SurveyGroup {
                label: g.map_or_else(|| ctx.t("everyone"), str::to_string),
                values: years
                    .iter()
                    .map(|&y| {
                        cell(y).map(|r| SurveyCell {
                            value: decimal(ctx, r.value, 1),
                            n: r.n,
                        })
                    })
                    .collect(),
                raw: years.iter().map(|&y| cell(y).map(|r| r.value)).collect(),
            }
        })
        .collect();
    let first = rows.first();
    let unit = first.and_then(|r| r.unit.clone());
    let source = rows.iter().find_map(|r| r.source.clone());
    let everyone = &groups[0];
    let long_desc = match (
        everyone.raw.iter().flatten().next(),
        everyone.raw.iter().flatten().last(),
    ) {
        (Some(a), Some(b)) if years.len() > 1 => ctx.fill(
            "survey_desc",
            &[
                ("from_year", years[0].to_string()),
                ("to_year", years[years.len() - 1].to_string()),
                ("from", decimal(ctx, *a, 1)),
                ("to", decimal(ctx, *b, 1)),
            ],
        ),
        _ => ctx.t("survey_one"),
    };
    SurveyView {
        id: format!("survey-{}", k + 1),
        indicator: name.to_string(),
        caption: match &unit {
            Some(u) => format!("{name} ({u})"),
            None => name.to_string(),
        },
        alt: ctx.fill("survey_alt", &[("indicator", name.to_string())]),
        long_desc,
        unit,
        source,
        years,
        groups,
        svg: String::new(),
        decimal_comma: ctx.words.decimal_separator() == ",",
    }
}

pub fn page(ctx: &Ctx) -> PageView {
    PageView {
        path: "surveys/index.html".into(),
        title: ctx.t("surveys"),
        section: "surveys".into(),
        body: PageBody::Surveys {
            surveys: views(ctx),
        },
    }
}
