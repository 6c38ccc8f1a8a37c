//! What each source's rows cover, recorded while its files are read, and
//! the warning for a source that lags behind.
//!
//! The analysis counts a period as complete only up to the day every
//! active source is complete (see `analysis::Coverage`), so one partner
//! whose export stops early holds back every comparison. The build says
//! which, and by how much, so the coordinator can ask for the missing
//! export or state `covered_until` when the partner simply had no events.
//! Only the rows a source keeps count: a row its `[sources.keep]` leaves
//! out (another municipality's) neither starts nor ends its coverage.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::incidents::FileRows;
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Category, Model, NO_SOURCE, SourceCoverage};

/// The coverage of every `[[sources]]` (in configuration order) and, when
/// some files match none, of those files as one implicit source.
pub fn record(
    config: &Config,
    categories: &[Category],
    files: &[PathBuf],
    sources: &[Option<usize>],
    results: &[FileRows],
) -> Vec<SourceCoverage> {
    let mut out: Vec<SourceCoverage> = config
        .sources
        .iter()
        .map(|s| SourceCoverage {
            name: s.name.clone(),
            covered_from: s.covered_from,
            covered_until: s.covered_until,
            ..SourceCoverage::default()
        })
        .collect();
    let implicit = out.len();
    if sources.iter().any(Option::is_none) {
        out.push(SourceCoverage {
            name: NO_SOURCE.to_string(),
            ..SourceCoverage::default()
        });
    }
    for ((file, source), r) in files.iter().zip(sources).zip(results) {
        let c = &mut out[source.unwrap_or(implicit)];
        c.rows += r.rows.len();
        c.filtered += r.filtered;
        for row in &r.rows {
            c.first = Some(c.first.map_or(row.date, |d| d.min(row.date)));
            if c.last.is_none_or(|d| row.date >= d) {
                c.last = Some(row.date);
                c.last_at = Some((file.clone(), row.line as usize));
            }
            if categories[row.category as usize].public {
                c.last_public = Some(c.last_public.map_or(row.date, |d| d.max(row.date)));
            }
        }
    }
    out
}

/// Warns about each source whose covered end lies more than `[data]
/// lag_warning_days` before the latest meeting note or the most advanced
/// other source, naming the source and the dates.
pub fn warn_lagging(site_dir: &Path, config: &Config, model: &Model, diags: &mut Diagnostics) {
    let limit = i64::from(config.data.lag_warning_days);
    let latest_note = model.meetings.iter().map(|m| m.date).max();
    for (k, s) in model.sources.iter().enumerate() {
        let Some(until) = s.until() else { continue };
        let ahead = model
            .sources
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .filter_map(|(_, o)| Some((o.until()?, o.name.as_str())))
            .max();
        let mut behind: Vec<String> = Vec::new();
        let mut worst: Option<NaiveDate> = None;
        if let Some(note) = latest_note.filter(|&d| (d - until).num_days() > limit) {
            behind.push(crate::msg!(
                "lag_note",
                days = (note - until).num_days(),
                note = note
            ));
            worst = Some(note);
        }
        if let Some((other, name)) = ahead.filter(|&(d, _)| (d - until).num_days() > limit) {
            behind.push(crate::msg!(
                "lag_source",
                days = (other - until).num_days(),
                name = name,
                other = other
            ));
            worst = worst.max(Some(other));
        }
        if worst.is_none() {
            continue;
        }
        let (file, line) = match (&s.last_at, s.covered_until) {
            (Some((f, l)), None) => (f.clone(), *l),
            _ => (site_dir.join(CONFIG_FILE), 0),
        };
        let how = if s.covered_until.is_some() {
            crate::msg!("lag_covered_until")
        } else {
            crate::msg!("lag_last_row")
        };
        diags.push(
            Diagnostic::warning(
                &file,
                line,
                crate::msg!(
                    "lag_behind",
                    source = s.name,
                    until = until,
                    how = how,
                    behind = behind.join(&crate::msg!("lag_and"))
                ),
            )
            .with_hint(Some(crate::msg!(
                "lag_behind_hint",
                until = until,
                limit = limit
            ))),
        );
    }
}
