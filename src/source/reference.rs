//! Reference statistics, `content/reference/*.csv`: official series such
//! as Brå's reported crimes per year or quarter, shown beside the own
//! counts in year and quarter reports.
//!
//! The format is Brå's as published (semicolon, `period` a year `2024` or
//! a quarter `2024K3`, `preliminary` 1 for figures not yet final) and any
//! file with the same columns under Swedish or English names. Each file is
//! one series, named by its file stem.

use std::path::PathBuf;

use super::table::{self, Column};
use crate::diagnostics::{Diagnostics, echo};
use crate::model::{RefPeriod, ReferenceRow};

const COLUMNS: [Column; 6] = [
    Column {
        name: "period",
        headers: &["period", "år", "year", "tid"],
        required: true,
    },
    Column {
        name: "key",
        headers: &["key", "nyckel", "category", "kategori", "brottstyp"],
        required: true,
    },
    Column {
        name: "count",
        headers: &["count", "antal"],
        required: false,
    },
    Column {
        name: "per100k",
        headers: &["per100k", "per_100000", "per 100 000", "per100000"],
        required: false,
    },
    Column {
        name: "preliminary",
        headers: &["preliminary", "preliminär", "preliminar", "prel"],
        required: false,
    },
    Column {
        name: "label",
        headers: &["label", "namn", "benämning"],
        required: false,
    },
];

/// Reads every reference file below `dir` (a missing folder is none).
pub fn read(files: &[PathBuf], diags: &mut Diagnostics) -> Vec<ReferenceRow> {
    let mut out = Vec::new();
    for path in files {
        let Some(text) = table::read_text(path, diags) else {
            continue;
        };
        let series = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(rows) = table::rows(path, &text, &COLUMNS, diags) else {
            continue;
        };
        for r in rows {
            let Some(period) = r.get(0) else {
                diags.push(r.error(path, 0, crate::msg!("ref_period_empty")));
                continue;
            };
            let Some(period) = parse_period(period) else {
                diags.push(r.error(path, 0, crate::msg!("ref_period_bad", value = echo(period))));
                continue;
            };
            let Some(key) = r.get(1) else {
                diags.push(r.error(path, 1, crate::msg!("ref_key_empty")));
                continue;
            };
            let count = match r.get(2).map(|v| (v, table::whole(v))) {
                Some((v, None)) => {
                    diags.push(r.error(path, 2, crate::msg!("ref_count_bad", value = echo(v))));
                    continue;
                }
                Some((_, n)) => n,
                None => None,
            };
            let per100k = match r.get(3).map(|v| (v, table::decimal(v))) {
                Some((v, None)) => {
                    diags.push(r.error(path, 3, crate::msg!("ref_rate_bad", value = echo(v))));
                    continue;
                }
                Some((_, x)) => x,
                None => None,
            };
            let preliminary = match r.get(4).map(|v| v.to_lowercase()) {
                None => false,
                Some(v) if ["1", "true", "ja", "yes", "j", "y", "p"].contains(&v.as_str()) => true,
                Some(v) if ["0", "false", "nej", "no", "n"].contains(&v.as_str()) => false,
                Some(v) => {
                    diags.push(r.error(
                        path,
                        4,
                        crate::msg!("ref_preliminary_bad", value = echo(&v)),
                    ));
                    continue;
                }
            };
            if count.is_none() && per100k.is_none() {
                diags.push(r.error(path, 2, crate::msg!("ref_nothing")));
                continue;
            }
            out.push(ReferenceRow {
                series: series.clone(),
                period,
                key: key.to_string(),
                label: r.get(5).map(str::to_string),
                count,
                per100k,
                preliminary,
            });
        }
    }
    out.sort_by(|a, b| (&a.series, a.period, &a.key).cmp(&(&b.series, b.period, &b.key)));
    out
}

/// `2024`, `2024K3`, `2024Q3`, `2024-q3`, `2024 K3`.
pub fn parse_period(s: &str) -> Option<RefPeriod> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let t = t.to_uppercase();
    let (y, q) = match t.find(['K', 'Q']) {
        Some(i) => (
            &t[..i],
            t[i + 1..]
                .parse::<u8>()
                .ok()
                .filter(|q| (1..=4).contains(q))?,
        ),
        None => (t.as_str(), 0),
    };
    let year = y
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    Some(RefPeriod { year, quarter: q })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(
            parse_period("2024"),
            Some(RefPeriod {
                year: 2024,
                quarter: 0
            })
        );
        assert_eq!(
            parse_period("2024K3"),
            Some(RefPeriod {
                year: 2024,
                quarter: 3
            })
        );
        assert_eq!(
            parse_period("2024-q4"),
            Some(RefPeriod {
                year: 2024,
                quarter: 4
            })
        );
        assert_eq!(parse_period("2024K5"), None);
        assert_eq!(parse_period("24"), None);
    }
}
