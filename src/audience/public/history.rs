//! The public output over time: what the publication ledger released, and
//! the next release, audited against everything ever released.
//!
//! **The attacker** keeps every version of the public site; one audit
//! holds them all (see [`crate::audience::disclosure::versions`]): each
//! year's released versions, stacked, with the next release's counts.
//!
//! A release keeps what was published: every count released earlier keeps
//! its status (shown or hidden) unless its value changed; only new periods'
//! counts and revised counts are free, and they are hidden as needed to
//! protect everything, old and new. Should that fail, the unchanged counts
//! of the new version are freed too (an audited revision may hide a count
//! that was shown); should even that fail, nothing is released.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::cells::{Cells, Dims, Key, Label, Published, YearTable, year_tables};
use crate::analysis::PeriodReport;
use crate::audience::disclosure::versions::{Versions, status_of};
use crate::audience::disclosure::{self, Status, Thresholds};
use crate::audience::view::{Link, Num, RevisionView};
use crate::audience::{Ctx, report_path};
use crate::config::Cadence;
use crate::model::ledger::{
    CellId, CellKey, Entry, Ledger, PeriodRef, Protection, Release, Revision, Rule, Value,
};

/// How a period of the analysis is named in the ledger.
pub(super) fn period_ref(r: &PeriodReport) -> PeriodRef {
    PeriodRef {
        cadence: r.period.cadence,
        slug: r.period.slug.clone(),
    }
}

/// The date up to which every source's public data are complete: the
/// release line. Periods ending after it are never released. A late event
/// of a non-public category never moves it (see
/// [`crate::analysis::Analysis::public_until`]).
pub(super) fn release_line(ctx: &Ctx) -> Option<NaiveDate> {
    ctx.analysis.public_until
}

/// The reports a public output may show: per cadence, the run of reports
/// for which `keep` holds, after the periods before the incident data
/// that it does not keep (a period no data cover is never released
/// now; one released by an earlier version stays).
pub(super) fn published<'a>(
    ctx: &Ctx<'a>,
    cadences: &[Cadence],
    keep: impl Fn(&PeriodReport) -> bool,
) -> Published<'a> {
    cadences
        .iter()
        .map(|c| {
            let reports = ctx.analysis.reports[c].as_slice();
            let from = reports
                .iter()
                .take_while(|r| !r.covered && !keep(r))
                .count();
            let n = reports[from..].iter().take_while(|r| keep(r)).count();
            (*c, &reports[from..from + n])
        })
        .collect()
}

/// Complete periods that incident data cover: ending on or before the
/// release line, and not before the data start (zeros there would say
/// "nothing happened" where nothing is known).
pub(super) fn complete(ctx: &Ctx) -> impl Fn(&PeriodReport) -> bool {
    let line = release_line(ctx);
    move |r| r.covered && !r.partial && line.is_some_and(|l| r.period.end <= l)
}

impl Dims {
    /// The ledger's name of a cell.
    fn cell_id(&self, ctx: &Ctx, (cadence, slug, key): &Label) -> CellId {
        let key = match *key {
            Key::Total => CellKey::Total,
            Key::Category(ci) => {
                CellKey::Category(ctx.model.categories[self.categories[ci]].id.clone())
            }
            Key::Area(ai) => CellKey::Area(self.areas[ai].clone()),
            Key::Organisation(o) => CellKey::Organisation(ctx.model.organisations[o].clone()),
            Key::OtherAreas => CellKey::OtherAreas,
            Key::AreaCategory(ai, ci) => CellKey::AreaCategory {
                category: ctx.model.categories[self.categories[ci]].id.clone(),
                area: self.areas[ai].clone().expect("a named area"),
            },
        };
        CellId {
            period: PeriodRef {
                cadence: Cadence::from_id(cadence).expect("a cadence's own id"),
                slug: slug.clone(),
            },
            key,
        }
    }

    /// The cell a ledger name stands for, if the data still have it.
    fn label(&self, ctx: &Ctx, id: &CellId) -> Option<Label> {
        let key = match &id.key {
            CellKey::Total => Key::Total,
            CellKey::Category(c) => Key::Category(
                self.categories
                    .iter()
                    .position(|&m| ctx.model.categories[m].id == *c)?,
            ),
            CellKey::Area(a) => Key::Area(self.areas.iter().position(|x| x == a)?),
            CellKey::Organisation(o) if self.organisations > 1 => {
                Key::Organisation(ctx.model.organisations.iter().position(|x| x == o)?)
            }
            CellKey::Organisation(_) => return None,
            CellKey::OtherAreas => Key::OtherAreas,
            CellKey::AreaCategory { category, area } if self.cross => Key::AreaCategory(
                self.areas
                    .iter()
                    .position(|x| x.as_deref() == Some(area.as_str()))?,
                self.categories
                    .iter()
                    .position(|&m| ctx.model.categories[m].id == *category)?,
            ),
            CellKey::AreaCategory { .. } => return None,
        };
        Some((
            id.period.cadence.id().to_string(),
            id.period.slug.clone(),
            key,
        ))
    }
}

fn value_of(count: u64, status: Status) -> Value {
    Value {
        count,
        hidden: status.hidden(),
    }
}

/// The published counts of a site with a ledger: as released and revised.
pub(super) fn cells_from_ledger(ctx: &Ctx, dims: &Dims, ledger: &Ledger) -> Cells {
    let rules = ledger.first_rules(ctx.config.privacy.threshold);
    let mut cells = Cells::default();
    for (id, v) in ledger.values(None) {
        let rule = rules.get(&id).copied().unwrap_or(new_rule(ctx));
        if let Some(label) = dims.label(ctx, &id) {
            cells.insert(label, v.count, status_of(v, false, rule));
        }
    }
    cells
}

/// What the data say now about the released counts: how many differ from
/// the ledger (to be published as revisions by the next release), and how
/// many complete periods are not released yet.
pub(super) fn pending(
    ctx: &Ctx,
    dims: &Dims,
    cadences: &[Cadence],
    ledger: &Ledger,
) -> (usize, usize) {
    let released = ledger.released();
    let now = published(ctx, cadences, |r| released.contains(&period_ref(r)));
    let values = ledger.values(None);
    let changed = year_tables(ctx, dims, &now)
        .iter()
        .flat_map(|t| t.labels.iter().zip(&t.table.cells))
        .filter(|(label, cell)| {
            values
                .get(&dims.cell_id(ctx, label))
                .is_some_and(|v| v.count != cell.value)
        })
        .count();
    let complete = complete(ctx);
    let waiting = published(ctx, cadences, |r| complete(r))
        .values()
        .flat_map(|rs| rs.iter())
        .filter(|r| !released.contains(&period_ref(r)))
        .count();
    (changed, waiting)
}

/// The next release: every complete period not yet released, and a
/// revision for every released count whose value the data changed, with
/// the statuses that keep every version safe together. `None` when there
/// is nothing to release.
pub(super) fn next_release(
    ctx: &Ctx,
    dims: &Dims,
    cadences: &[Cadence],
    ledger: &Ledger,
    date: NaiveDate,
    reason: Option<&str>,
) -> Result<Option<Release>, String> {
    let Some(through) = release_line(ctx) else {
        return Ok(None);
    };
    let threshold = ctx.config.privacy.threshold;
    if let Some((number, smallest)) = ledger.unsure_threshold(threshold) {
        return Err(crate::msg!(
            "release_threshold_unsure",
            number = number,
            smallest = smallest,
            threshold = threshold
        ));
    }
    let released = ledger.released();
    let complete = complete(ctx);
    let now = published(ctx, cadences, |r| {
        released.contains(&period_ref(r)) || complete(r)
    });
    let latest = ledger.values(None);
    let first = ledger.first_rules(ctx.config.privacy.threshold);
    let tables = year_tables(ctx, dims, &now);
    let statuses: Vec<Vec<Status>> = tables
        .par_iter()
        .map(|t| protect_history(ctx, dims, ledger, &latest, &first, t))
        .collect::<Result<_, _>>()?;
    let periods: Vec<PeriodRef> = now
        .values()
        .flat_map(|rs| rs.iter().map(period_ref))
        .filter(|p| !released.contains(p))
        .collect();
    let new: BTreeSet<&PeriodRef> = periods.iter().collect();
    let mut entries = Vec::new();
    let mut revisions = Vec::new();
    for (t, status) in tables.iter().zip(&statuses) {
        for (i, label) in t.labels.iter().enumerate() {
            let cell = dims.cell_id(ctx, label);
            let to = value_of(t.table.cells[i].value, status[i]);
            if new.contains(&cell.period) {
                entries.push(Entry { cell, value: to });
            } else if let Some(&from) = latest.get(&cell)
                && from != to
            {
                revisions.push(Revision {
                    cell,
                    from,
                    to,
                    reason: reason.map(str::to_string),
                });
            }
        }
    }
    if periods.is_empty() && revisions.is_empty() {
        return Ok(None);
    }
    entries.sort_by(|a, b| a.cell.cmp(&b.cell));
    revisions.sort_by(|a, b| a.cell.cmp(&b.cell));
    Ok(Some(Release {
        number: ledger.releases.len() as u32 + 1,
        date,
        through,
        periods,
        entries,
        revisions,
        marks_small: false,
        protection: Protection::Interval,
        threshold: Some(ctx.config.privacy.threshold),
        line: 0,
    }))
}

/// The released versions of one year, as the value per label index of
/// `t` and whether that release's pages told which counts were small:
/// those releases that published or revised one of the year's counts.
fn versions(
    ctx: &Ctx,
    dims: &Dims,
    ledger: &Ledger,
    t: &YearTable,
) -> (Vec<BTreeMap<usize, Value>>, Vec<bool>) {
    let index: HashMap<&Label, usize> = t.labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
    let in_year = |id: &CellId| id.period.slug.get(..4) == Some(t.year.to_string().as_str());
    (0..ledger.releases.len())
        .filter(|&k| {
            let r = &ledger.releases[k];
            r.entries.iter().any(|e| in_year(&e.cell))
                || r.revisions.iter().any(|v| in_year(&v.cell))
        })
        .map(|k| {
            let values = ledger
                .values(Some(k))
                .into_iter()
                .filter(|(id, _)| in_year(id))
                .filter_map(|(id, v)| Some((*index.get(&dims.label(ctx, &id)?)?, v)))
                .collect();
            (values, ledger.releases[k].marks_small)
        })
        .unzip()
}

/// The rule of a count not released yet: the interval, up to the
/// threshold configured now.
fn new_rule(ctx: &Ctx) -> Rule {
    Rule {
        protection: Protection::Interval,
        threshold: ctx.config.privacy.threshold,
    }
}

/// Per label index of `t`, the rule its count is protected by: that of
/// the release that first published it, [`new_rule`] for a new one.
/// `first` is [`Ledger::first_rules`].
fn rules(ctx: &Ctx, dims: &Dims, first: &BTreeMap<&CellId, Rule>, t: &YearTable) -> Vec<Rule> {
    t.labels
        .iter()
        .map(|l| {
            let id = dims.cell_id(ctx, l);
            first.get(&id).copied().unwrap_or(new_rule(ctx))
        })
        .collect()
}

/// The statuses of `t`'s counts in the next release, protecting every
/// version of the year together (see the module documentation).
fn protect_history(
    ctx: &Ctx,
    dims: &Dims,
    ledger: &Ledger,
    latest: &BTreeMap<CellId, Value>,
    first: &BTreeMap<&CellId, Rule>,
    t: &YearTable,
) -> Result<Vec<Status>, String> {
    let (mut states, mut marks_small) = versions(ctx, dims, ledger, t);
    marks_small.push(false);
    let current: BTreeMap<usize, Value> = (0..t.labels.len())
        .map(|i| (i, value_of(t.table.cells[i].value, Status::Shown)))
        .collect();
    states.push(current);
    // Counts released earlier and unchanged start as released.
    let kept: Vec<Option<Value>> = (0..t.labels.len())
        .map(|i| {
            let v = latest.get(&dims.cell_id(ctx, &t.labels[i]))?;
            (v.count == t.table.cells[i].value).then_some(*v)
        })
        .collect();
    let h = Versions::new(
        &t.table,
        t.labels.len(),
        dims.atoms_per_year() as u32,
        &states,
    )
    .with_point(&t.table);
    let rules = rules(ctx, dims, first, t);
    h.protect(&states, &marks_small, &kept, &rules)
        .ok_or_else(|| crate::msg!("release_unsafe", year = t.year))
}

/// The exact audit over every version the ledger released, together: the
/// hidden counts that some combination of versions pins (as
/// `release N: cell`); empty when every hidden count keeps a range.
pub(super) fn audit_ledger(
    ctx: &Ctx,
    dims: &Dims,
    cadences: &[Cadence],
    ledger: &Ledger,
) -> Vec<String> {
    let released = ledger.released();
    let now = published(ctx, cadences, |r| released.contains(&period_ref(r)));
    let first = ledger.first_rules(ctx.config.privacy.threshold);
    year_tables(ctx, dims, &now)
        .par_iter()
        .flat_map_iter(|t| {
            let (states, marks_small) = versions(ctx, dims, ledger, t);
            let rules = rules(ctx, dims, &first, t);
            let h = Versions::new(
                &t.table,
                t.labels.len(),
                dims.atoms_per_year() as u32,
                &states,
            );
            let status: Vec<Status> = h
                .cells
                .iter()
                .map(|&(s, i)| {
                    i.map_or(Status::Shown, |i| {
                        status_of(states[s][&i], marks_small[s], rules[i])
                    })
                })
                .collect();
            let thresholds = h.thresholds(&rules);
            disclosure::audit(&h.table, &status, Thresholds::PerCell(&thresholds))
                .into_iter()
                .filter_map(|k| {
                    let (s, i) = h.cells[k];
                    Some(format!(
                        "version {} of {}: {}",
                        s + 1,
                        t.year,
                        dims.cell_id(ctx, &t.labels[i?])
                    ))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every visible revision in the ledger, newest release first, as the
/// public pages show it.
pub(super) fn revision_views(ctx: &Ctx, ledger: &Ledger) -> Vec<RevisionView> {
    let num = |v: Value| match v.hidden {
        false => Num::Value(v.count),
        true => Num::Hidden,
    };
    let mut out: Vec<RevisionView> = ledger
        .visible_revisions()
        .filter_map(|(release, v)| {
            let period = &ctx
                .analysis
                .reports
                .get(&v.cell.period.cadence)?
                .iter()
                .find(|r| r.period.slug == v.cell.period.slug)?
                .period;
            Some(RevisionView {
                date: ctx.words.date(release.date),
                date_iso: release.date.to_string(),
                report: Link {
                    href: report_path(period),
                    label: ctx.words.period(period),
                },
                what: what(ctx, &v.cell.key),
                from: num(v.from),
                to: num(v.to),
                reason: v.reason.clone(),
            })
        })
        .collect();
    // Newest release first; a release's own revisions in ledger order.
    out.sort_by(|a, b| b.date_iso.cmp(&a.date_iso));
    out
}

/// What a released count is about, in words.
fn what(ctx: &Ctx, key: &CellKey) -> String {
    match key {
        CellKey::Total => ctx.t("total"),
        CellKey::Category(id) => ctx
            .model
            .categories
            .iter()
            .find(|c| c.id == *id)
            .map_or_else(|| id.clone(), |c| c.label.clone()),
        CellKey::Area(a) => ctx.area_label(a.as_deref()),
        CellKey::Organisation(o) => o.clone(),
        CellKey::OtherAreas => ctx.t("other_areas"),
        CellKey::AreaCategory { category, area } => format!(
            "{}, {}",
            ctx.area_label(Some(area)),
            what(ctx, &CellKey::Category(category.clone()))
        ),
    }
}
