//! The public counts as disclosure-control tables: per calendar year, the
//! atoms month × public category × area (× organisation, when published)
//! and, per published period, the cells total, each category and each area
//! (for a year, each area per category where published: see
//! [`super::recode`]), with the sums between them as relations.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::analysis::Period;
use crate::analysis::PeriodReport;
use crate::analysis::periods::calendar_period;
use crate::audience::Ctx;
use crate::audience::disclosure::{self, Cell, Status, Table};
use crate::audience::view::Num;
use crate::config::Cadence;

use super::cube::{Cube, Shape};
use super::recode::Recoding;

/// What a public count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Total,
    /// Index into `Dims::categories`.
    Category(usize),
    /// Index into `Dims::areas`.
    Area(usize),
    /// Index into the model's organisations.
    Organisation(usize),
    /// The areas a period publishes together (see [`super::recode`]).
    OtherAreas,
    /// An area's count of one category (indexes into `Dims::areas` and
    /// `Dims::categories`), published for years only.
    AreaCategory(usize, usize),
}

/// The dimensions of the public counts: month × category × area ×
/// organisation. The disclosure tables do not use every combination as an
/// atom. Where every public cell is a sum over one dimension's values (a
/// category, an area, an organisation, or all categories for a total), the
/// atoms are each month's one-way marginals (its count per category, per
/// area and per organisation), linked by the month's total: see
/// [`Table::links`] for why that is the same attacker's programme. Where
/// an area's counts per category are published ([`Dims::cross`]), the
/// atoms are each month's area × category counts, and its organisations'
/// linked to their total (any table of area × category by organisation
/// with those sums exists, so that is the attacker's programme too).
pub(super) struct Dims {
    /// Model category index of each public category.
    pub(super) categories: Vec<usize>,
    /// Area names, sorted; `None` (no area) last.
    pub(super) areas: Vec<Option<String>>,
    /// Organisations as a dimension (1 when they are not published).
    pub(super) organisations: usize,
    /// The breakdowns shown only for longer periods.
    pub(super) recoding: Recoding,
    /// Whether area × category counts are published (for years): then
    /// the atoms are every month × area × category, since the one-way
    /// marginals no longer determine what the attacker can work out.
    pub(super) cross: bool,
    /// The public counts' sums by month, area, category and organisation.
    pub(super) cube: Cube,
}

/// The sums of the incidents by month in the dimensions' terms: public
/// `categories`, `areas` of them (a model area's index by `model_area`,
/// no area last) and `organisations`.
fn cube(
    ctx: &Ctx,
    categories: &[usize],
    areas: usize,
    model_area: &[usize],
    organisations: usize,
) -> Cube {
    let mut category = vec![None; ctx.model.categories.len()];
    for (i, &c) in categories.iter().enumerate() {
        category[c] = Some(i);
    }
    let shape = Shape {
        category: &category,
        area: model_area,
        areas,
        categories: categories.len(),
        organisations,
    };
    Cube::new(&ctx.model.incidents, &shape)
}

/// One dimension of the marginal atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Dim {
    Category,
    Area,
    Organisation,
}

impl Dims {
    pub(super) fn new(ctx: &Ctx) -> Dims {
        let categories: Vec<usize> = ctx
            .model
            .categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.public)
            .map(|(i, _)| i)
            .collect();
        let named: BTreeSet<&str> = ctx.model.areas.iter().map(|a| a.name.as_str()).collect();
        let mut areas: Vec<Option<String>> =
            named.into_iter().map(|a| Some(a.to_string())).collect();
        areas.push(None);
        let model_area: Vec<usize> = ctx
            .model
            .areas
            .iter()
            .map(|a| {
                areas
                    .iter()
                    .position(|x| x.as_deref() == Some(a.name.as_str()))
                    .unwrap_or(areas.len() - 1)
            })
            .collect();
        let organisations = if ctx.config.privacy.organisations {
            ctx.model.organisations.len().max(1)
        } else {
            1
        };
        let cube = cube(ctx, &categories, areas.len(), &model_area, organisations);
        let mut dims = Dims {
            categories,
            areas,
            organisations,
            recoding: Recoding::default(),
            cross: false,
            cube,
        };
        dims.recoding = Recoding::plan(ctx, &dims, &super::public_cadences(ctx));
        dims.cross = dims.recoding.any_by_category();
        dims
    }

    /// Whether period `p` publishes the count of `key`: an area only when
    /// not published together with others (see [`super::recode`]).
    pub(super) fn publishes(&self, p: &Period, key: Key) -> bool {
        let group = self.recoding.group(p);
        match key {
            Key::Area(a) => group.is_none_or(|g| !g.contains(&a)),
            Key::AreaCategory(a, _) => self.cross && self.recoding.by_category(p, a),
            Key::OtherAreas => group.is_some(),
            Key::Total | Key::Category(_) | Key::Organisation(_) => true,
        }
    }

    /// The dimensions with atoms: organisations only when published.
    fn dims(&self) -> &'static [Dim] {
        if self.organisations > 1 {
            &[Dim::Category, Dim::Area, Dim::Organisation]
        } else {
            &[Dim::Category, Dim::Area]
        }
    }

    fn len(&self, dim: Dim) -> usize {
        match dim {
            Dim::Category => self.categories.len(),
            Dim::Area => self.areas.len(),
            Dim::Organisation => self.organisations,
        }
    }

    /// Per month: every area × category (when those counts are published,
    /// see [`Dims::cross`]) or the category and area marginals, then the
    /// organisations' when published.
    fn atoms_per_month(&self) -> usize {
        let orgs = if self.organisations > 1 {
            self.organisations
        } else {
            0
        };
        if self.cross {
            self.categories.len() * self.areas.len() + orgs
        } else {
            self.dims().iter().map(|&d| self.len(d)).sum()
        }
    }

    pub(super) fn atoms_per_year(&self) -> usize {
        12 * self.atoms_per_month()
    }

    /// The atom of `value` in dimension `dim` of month `month0` (marginal
    /// atoms; in the cross layout, only organisations).
    fn atom(&self, month0: usize, dim: Dim, value: usize) -> usize {
        let offset: usize = if self.cross {
            self.categories.len() * self.areas.len()
        } else {
            self.dims()
                .iter()
                .take_while(|&&d| d != dim)
                .map(|&d| self.len(d))
                .sum()
        };
        month0 * self.atoms_per_month() + offset + value
    }

    /// The atom of area `a` × category `c` in month `month0` (cross layout).
    fn cross_atom(&self, month0: usize, a: usize, c: usize) -> usize {
        month0 * self.atoms_per_month() + a * self.categories.len() + c
    }

    /// The atoms of one dimension in one month.
    fn side(&self, month0: usize, dim: Dim) -> Vec<u32> {
        if self.cross && dim != Dim::Organisation {
            return (0..self.categories.len() * self.areas.len())
                .map(|i| (month0 * self.atoms_per_month() + i) as u32)
                .collect();
        }
        (0..self.len(dim))
            .map(|v| self.atom(month0, dim, v) as u32)
            .collect()
    }

    /// The atoms whose sum is the count of `key` in period `p`'s months.
    fn cell_atoms(&self, p: &Period, key: Key) -> Vec<u32> {
        let months = p.start.month0() as usize..=p.end.month0() as usize;
        self.month_atoms(months, key, self.recoding.group(p).unwrap_or(&[]))
    }

    /// The atoms whose sum is the count of `key` in the months, `group`
    /// being the areas of [`Key::OtherAreas`].
    fn month_atoms(
        &self,
        months: std::ops::RangeInclusive<usize>,
        key: Key,
        group: &[usize],
    ) -> Vec<u32> {
        let (na, nc) = (self.areas.len(), self.categories.len());
        let cross = |m: usize, a: usize, c: usize| self.cross_atom(m, a, c) as u32;
        months
            .flat_map(|m| match (key, self.cross) {
                (Key::Total, _) => self.side(m, Dim::Category),
                (Key::Category(c), false) => vec![self.atom(m, Dim::Category, c) as u32],
                (Key::Category(c), true) => (0..na).map(|a| cross(m, a, c)).collect(),
                (Key::Area(a), false) => vec![self.atom(m, Dim::Area, a) as u32],
                (Key::Area(a), true) => (0..nc).map(|c| cross(m, a, c)).collect(),
                (Key::AreaCategory(a, c), _) => vec![cross(m, a, c)],
                (Key::Organisation(o), _) => vec![self.atom(m, Dim::Organisation, o) as u32],
                (Key::OtherAreas, false) => group
                    .iter()
                    .map(|&a| self.atom(m, Dim::Area, a) as u32)
                    .collect(),
                (Key::OtherAreas, true) => group
                    .iter()
                    .flat_map(|&a| (0..nc).map(move |c| (a, c)))
                    .map(|(a, c)| cross(m, a, c))
                    .collect(),
            })
            .collect()
    }

    /// Per month, its marginals add up to the same total (in the cross
    /// layout, only the organisations' need a link).
    fn links(&self) -> Vec<Vec<Vec<u32>>> {
        if self.cross && self.organisations <= 1 {
            return Vec::new();
        }
        (0..12)
            .map(|m| {
                let dims: &[Dim] = if self.cross {
                    &[Dim::Category, Dim::Organisation]
                } else {
                    self.dims()
                };
                dims.iter().map(|&d| self.side(m, d)).collect()
            })
            .collect()
    }

    fn keys(&self) -> Vec<Key> {
        let mut keys = vec![Key::Total];
        keys.extend((0..self.categories.len()).map(Key::Category));
        keys.extend((0..self.areas.len()).map(Key::Area));
        keys.push(Key::OtherAreas);
        if self.cross {
            let named = self.areas.iter().enumerate().filter(|(_, a)| a.is_some());
            keys.extend(named.flat_map(|(a, _)| {
                (0..self.categories.len()).map(move |c| Key::AreaCategory(a, c))
            }));
        }
        if self.organisations > 1 {
            keys.extend((0..self.organisations).map(Key::Organisation));
        }
        keys
    }
}

/// The protected counts of every public period.
#[derive(Default)]
pub(super) struct Cells {
    /// By cadence id, then period slug, then key: looked up with the
    /// period's own strings, with nothing made for a lookup (a public
    /// output looks up tens of thousands of counts).
    map: HashMap<String, HashMap<String, PeriodCells>>,
    pub(super) cells: usize,
    pub(super) primary: usize,
    pub(super) secondary: usize,
}

/// One period's published counts, by key.
type PeriodCells = HashMap<Key, (u64, Status)>;

impl Cells {
    pub(super) fn num(&self, p: &Period, key: Key) -> Num {
        let cell = (self.map.get(p.cadence.id()))
            .and_then(|periods| periods.get(p.slug.as_str()))
            .and_then(|keys| keys.get(&key));
        match cell {
            Some((v, Status::Shown)) => Num::Value(*v),
            // Small or protecting a small one: written alike.
            Some(_) | None => Num::Hidden,
        }
    }
}

/// The reports a public output publishes, per cadence: a prefix of the
/// analysis' reports (complete periods, or those the ledger released).
pub(super) type Published<'a> = BTreeMap<Cadence, &'a [PeriodReport]>;

/// The disclosure table of one year's published cells.
pub(super) struct YearTable {
    pub(super) year: i32,
    pub(super) table: Table,
    /// The label of each published cell (the first `labels.len()` cells).
    pub(super) labels: Vec<Label>,
}

/// The tables of every year with published periods.
pub(super) fn year_tables(ctx: &Ctx, dims: &Dims, published: &Published) -> Vec<YearTable> {
    let years: BTreeSet<i32> = published
        .values()
        .flat_map(|rs| rs.iter().map(|r| r.period.year))
        .collect();
    years
        .into_par_iter()
        .map(|year| {
            let (table, labels) = year_table(ctx, dims, published, year);
            YearTable {
                year,
                table,
                labels,
            }
        })
        .collect()
}

/// Builds and protects the tables of every year (a site without a ledger).
pub(super) fn protect_all(ctx: &Ctx, dims: &Dims, published: &Published) -> Cells {
    let tables: Vec<_> = year_tables(ctx, dims, published)
        .into_par_iter()
        .map(|t| {
            let threshold = ctx.config.privacy.threshold;
            let protect = || disclosure::protect(&t.table, threshold);
            let status = match ctx.protected {
                Some(memo) => memo.protect(&t.table, threshold, protect),
                None => protect(),
            };
            (t, status)
        })
        .collect();
    let mut cells = Cells::default();
    for (t, status) in tables {
        for (i, label) in t.labels.into_iter().enumerate() {
            cells.insert(label, t.table.cells[i].value, status[i]);
        }
    }
    cells
}

impl Cells {
    /// Adds one published count.
    pub(super) fn insert(&mut self, label: Label, value: u64, status: Status) {
        self.cells += 1;
        match status {
            Status::Primary | Status::Small | Status::Legacy => self.primary += 1,
            Status::Secondary | Status::Large => self.secondary += 1,
            Status::Shown => {}
        }
        let (cadence, slug, key) = label;
        let periods = self.map.entry(cadence).or_default();
        periods
            .entry(slug)
            .or_default()
            .insert(key, (value, status));
    }
}

pub(super) type Label = (String, String, Key);

/// A [`Label`] borrowed from the published reports: what a year's table
/// looks its cells up by, with no strings made for a lookup.
type LabelRef<'a> = (&'static str, &'a str, Key);

/// The cells of one year with their labels (the published cells first,
/// then unpublished "known zero" constraints for months before the data).
fn year_table<'a>(
    ctx: &Ctx,
    dims: &Dims,
    published: &Published<'a>,
    year: i32,
) -> (Table, Vec<Label>) {
    let mut atoms = vec![0u64; dims.atoms_per_year()];
    let cube = &dims.cube;
    let (na, nc) = (dims.areas.len(), dims.categories.len());
    for (m0, m) in (0..12).filter_map(|m0| Some((m0, cube.month_of(year, m0)?))) {
        for (a, c) in (0..na).flat_map(|a| (0..nc).map(move |c| (a, c))) {
            let n = cube.at(m, a, c);
            if dims.cross {
                atoms[dims.cross_atom(m0, a, c)] += n;
            } else {
                atoms[dims.atom(m0, Dim::Category, c)] += n;
                atoms[dims.atom(m0, Dim::Area, a)] += n;
            }
        }
        if dims.organisations > 1 {
            for o in 0..dims.organisations {
                atoms[dims.atom(m0, Dim::Organisation, o)] += cube.organisation(m, o);
            }
        }
    }
    let keys = dims.keys();
    let mut table = Table {
        links: dims.links(),
        ..Table::default()
    };
    let mut labels = Vec::new();
    let mut index: HashMap<LabelRef<'a>, usize> = HashMap::default();
    for (c, reports) in published {
        for r in reports.iter().filter(|r| r.period.year == year) {
            let slug = r.period.slug.as_str();
            for &key in keys.iter().filter(|&&k| dims.publishes(&r.period, k)) {
                let list = dims.cell_atoms(&r.period, key);
                let value = list.iter().map(|&a| atoms[a as usize]).sum();
                index.insert((c.id(), slug, key), table.cells.len());
                labels.push((c.id().to_string(), slug.to_string(), key));
                table.cells.push(Cell { atoms: list, value });
            }
            let at = |k: Key| index.get(&(c.id(), slug, k));
            for group in [
                (0..dims.categories.len())
                    .map(Key::Category)
                    .collect::<Vec<_>>(),
                (0..dims.areas.len())
                    .map(Key::Area)
                    .chain([Key::OtherAreas])
                    .collect(),
                if dims.organisations > 1 {
                    (0..dims.organisations).map(Key::Organisation).collect()
                } else {
                    Vec::new()
                },
            ] {
                // The published ones: areas published together are one.
                let members: Vec<usize> = std::iter::once(Key::Total)
                    .chain(group)
                    .filter_map(|k| at(k).copied())
                    .collect();
                if members.len() > 1 {
                    table.relations.push(members);
                }
            }
            // An area's count is the sum of its categories', and a
            // category's the sum of its areas' where each area has its
            // own and the rows of no area are a shown 0.
            let sum = |total: Key, parts: &mut dyn Iterator<Item = Key>| {
                std::iter::once(total)
                    .chain(parts)
                    .map(|k| at(k).copied())
                    .collect::<Option<Vec<usize>>>()
            };
            let (areas, categories) = (dims.areas.len(), dims.categories.len());
            for a in (0..areas).filter(|_| dims.cross) {
                let parts = &mut (0..categories).map(|c| Key::AreaCategory(a, c));
                table.relations.extend(sum(Key::Area(a), parts));
            }
            let none_zero = at(Key::Area(areas - 1)).is_some_and(|&i| table.cells[i].value == 0);
            for c in (0..categories).filter(|_| dims.cross && none_zero) {
                let parts = &mut (0..areas - 1).map(|a| Key::AreaCategory(a, c));
                table.relations.extend(sum(Key::Category(c), parts));
            }
        }
    }
    nest_relations(published, year, &keys, &index, &mut table);
    known_zero_months(ctx, dims, year, &mut table);
    // The true marginals: the programmes vary only atoms of hidden cells.
    table.point = atoms;
    (table, labels)
}

/// A coarser period is the sum of the finer periods inside it (months in
/// a quarter, two-month periods in a tertial …): known relations.
fn nest_relations(
    published: &Published,
    year: i32,
    keys: &[Key],
    index: &HashMap<LabelRef, usize>,
    table: &mut Table,
) {
    for (&coarse, coarse_reports) in published {
        for (&fine, fine_reports) in published
            .iter()
            .filter(|(f, _)| f.months() < coarse.months() && coarse.months() % f.months() == 0)
        {
            for r in coarse_reports.iter().filter(|r| r.period.year == year) {
                let parts: Vec<&PeriodReport> = fine_reports
                    .iter()
                    .filter(|f| r.period.contains(f.period.start))
                    .collect();
                // Other areas differ from period to period: no relation.
                for &key in keys.iter().filter(|&&k| k != Key::OtherAreas) {
                    // Only where the coarse count and every part of it are
                    // published (an area may be published alone only for
                    // the longer period).
                    let total = index.get(&(coarse.id(), r.period.slug.as_str(), key));
                    let members: Option<Vec<usize>> = parts
                        .iter()
                        .map(|f| {
                            index
                                .get(&(fine.id(), f.period.slug.as_str(), key))
                                .copied()
                        })
                        .collect();
                    if let (Some(&total), Some(members)) = (total, members) {
                        table
                            .relations
                            .push(std::iter::once(total).chain(members).collect());
                    }
                }
            }
        }
    }
}

/// Months of the year before the data are known to be empty, in every
/// version of the data: added as zero cells (never published), so the
/// audit does not count on them. (Months after
/// the data are not: late rows may fill them, and no published period
/// reaches past the data anyway.)
fn known_zero_months(ctx: &Ctx, dims: &Dims, year: i32, table: &mut Table) {
    let Some(cov) = ctx.analysis.coverage else {
        return;
    };
    for m in 0..12u32 {
        let first = NaiveDate::from_ymd_opt(year, m + 1, 1).expect("date");
        let last = calendar_period(Cadence::Month, first).end;
        if last < cov.start {
            let atoms = dims.month_atoms(m as usize..=m as usize, Key::Total, &[]);
            table.cells.push(Cell { atoms, value: 0 });
        }
    }
}
