//! Survey indicators, `content/surveys/*.csv`: series such as SCB's
//! medborgarundersökning ("trygg utomhus när det är mörkt", index 0–100) or
//! the police's trygghetsmätning (problem index 0–6), one value per
//! indicator, year and (optionally) group: everyone, or a split by sex or
//! area.

use std::path::PathBuf;

use super::table::{self, Column};
use crate::diagnostics::{Diagnostics, echo};
use crate::model::SurveyRow;

const COLUMNS: [Column; 7] = [
    Column {
        name: "indicator",
        headers: &["indicator", "indikator", "fråga", "question"],
        required: true,
    },
    Column {
        name: "year",
        headers: &["year", "år"],
        required: true,
    },
    Column {
        name: "value",
        headers: &["value", "värde", "index"],
        required: true,
    },
    Column {
        name: "n",
        headers: &["n", "svar", "antal_svar", "respondents"],
        required: false,
    },
    Column {
        name: "group",
        headers: &["group", "grupp", "kön", "sex", "område", "area"],
        required: false,
    },
    Column {
        name: "source",
        headers: &["source", "källa"],
        required: false,
    },
    Column {
        name: "unit",
        headers: &["unit", "skala", "enhet", "scale"],
        required: false,
    },
];

/// Group names that mean "everyone".
const EVERYONE: [&str; 5] = ["alla", "totalt", "all", "total", "samtliga"];

/// Reads every survey file below `dir` (a missing folder is none).
pub fn read(files: &[PathBuf], diags: &mut Diagnostics) -> Vec<SurveyRow> {
    let mut out: Vec<SurveyRow> = Vec::new();
    for path in files {
        let Some(text) = table::read_text(path, diags) else {
            continue;
        };
        let Some(rows) = table::rows(path, &text, &COLUMNS, diags) else {
            continue;
        };
        for r in rows {
            let Some(indicator) = r.get(0) else {
                diags.push(r.error(path, 0, crate::msg!("survey_indicator_empty")));
                continue;
            };
            let year = r
                .get(1)
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| (1900..=2200).contains(y));
            let Some(year) = year else {
                diags.push(r.error(
                    path,
                    1,
                    crate::msg!("survey_year_bad", value = echo(r.get(1).unwrap_or(""))),
                ));
                continue;
            };
            let Some(value) = r.get(2).and_then(table::decimal) else {
                diags.push(r.error(
                    path,
                    2,
                    crate::msg!("survey_value_bad", value = echo(r.get(2).unwrap_or(""))),
                ));
                continue;
            };
            let n = match r.get(3).map(|v| (v, table::whole(v))) {
                Some((v, None)) => {
                    diags.push(r.error(path, 3, crate::msg!("survey_n_bad", value = echo(v))));
                    continue;
                }
                Some((_, n)) => n,
                None => None,
            };
            let group = r
                .get(4)
                .filter(|g| !EVERYONE.contains(&g.to_lowercase().as_str()))
                .map(str::to_string);
            let row = SurveyRow {
                indicator: indicator.to_string(),
                year,
                group,
                value,
                n,
                source: r.get(5).map(str::to_string),
                unit: r.get(6).map(str::to_string),
            };
            if out
                .iter()
                .any(|o| o.indicator == row.indicator && o.year == row.year && o.group == row.group)
            {
                diags.push(r.error(
                    path,
                    0,
                    crate::msg!(
                        "survey_twice",
                        indicator = echo(indicator),
                        group = row.group.as_deref().unwrap_or("(alla)"),
                        year = year
                    ),
                ));
                continue;
            }
            out.push(row);
        }
    }
    out.sort_by(|a, b| (&a.indicator, &a.group, a.year).cmp(&(&b.indicator, &b.group, b.year)));
    out
}
