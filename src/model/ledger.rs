//! The publication ledger: every number the public output has released,
//! release by release, and every revision of a released number since.
//!
//! A lägesbild is published again and again and read years later. A
//! citizen who keeps every version must learn no more than from one, and a
//! council member must find the numbers that were decided on. So the public
//! output does not show what the data say today: it shows what the ledger
//! says was released, and later changes to a released count appear as
//! marked revisions. The ledger lives in the site folder
//! (`content/releases.toml`), kept with the content in version control; it
//! is written only by `lagesbild release`, never by a build.
//!
//! This module holds the ledger's types and its canonical text: one line
//! per number (`month/2026-10 category:skadegorelse = 14`, hidden values as
//! `..2`), which is both the diff-friendly file format and what each
//! release's content hash is computed over.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::config::Cadence;

/// A released period: cadence and stable slug (`month/2026-10`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodRef {
    pub cadence: Cadence,
    pub slug: String,
}

/// What a released count is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellKey {
    Total,
    /// A category id.
    Category(String),
    /// An area name; `None` is "no area".
    Area(Option<String>),
    /// A reporting organisation's name.
    Organisation(String),
    /// The areas of a period published together (see
    /// `audience::public::recode`): those without a count of their own.
    OtherAreas,
    /// A named area's count of one category.
    AreaCategory {
        category: String,
        area: String,
    },
}

/// One released count: a period and what it counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId {
    pub period: PeriodRef,
    pub key: CellKey,
}

/// A count as released: its true value, and whether it is shown or hidden
/// (`..`). Hidden values are kept, since later releases are audited
/// against them; the ledger is internal, like the rest of the site folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value {
    pub count: u64,
    pub hidden: bool,
}

/// One number of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub cell: CellId,
    pub value: Value,
}

/// A released count changed by a later release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub cell: CellId,
    pub from: Value,
    pub to: Value,
    /// The coordinator's words, added by hand or with `release --reason`.
    pub reason: Option<String>,
}

/// What a release's audit guaranteed each hidden small count: the rule
/// of the release that first published a count stays its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protection {
    /// At least two possible values (releases before the key
    /// `protection` in the file).
    TwoValues,
    /// Every value from its floor to the threshold: nobody can tell it is
    /// small (`protection = "interval"`).
    Interval,
}

/// What a released count keeps from the release that first published it:
/// the rule and the threshold its hidden small value was protected by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub protection: Protection,
    pub threshold: u64,
}

/// One run of `lagesbild release`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub number: u32,
    pub date: NaiveDate,
    /// The date up to which every source's public data were complete.
    pub through: NaiveDate,
    /// The periods released for the first time.
    pub periods: Vec<PeriodRef>,
    /// Every number of those periods.
    pub entries: Vec<Entry>,
    pub revisions: Vec<Revision>,
    /// Whether this release's pages told which hidden counts are small
    /// ("färre än 3", as lagesbild did before hidden values were written
    /// alike): the audit of later releases then assumes the attacker knows
    /// it. Releases without the key in the file did.
    pub marks_small: bool,
    /// The rule its audit protected new hidden small counts by.
    pub protection: Protection,
    /// The `[privacy] threshold` it was made with: its counts from 1 to
    /// this − 1 were hidden and protected up to it, whatever the
    /// threshold is later. `None` for releases from before the key (see
    /// [`Ledger::thresholds`]).
    pub threshold: Option<u64>,
    /// Line of the release in the ledger file (0 for a new one).
    pub line: usize,
}

/// The whole ledger, releases in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub releases: Vec<Release>,
}

impl fmt::Display for PeriodRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.cadence.id(), self.slug)
    }
}

impl PeriodRef {
    pub fn parse(s: &str) -> Option<PeriodRef> {
        let (cadence, slug) = s.split_once('/')?;
        let cadence = Cadence::from_id(cadence)?;
        let ok = !slug.is_empty() && slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        ok.then(|| PeriodRef {
            cadence,
            slug: slug.to_string(),
        })
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellKey::Total => write!(f, "total"),
            CellKey::Category(c) => write!(f, "category:{c}"),
            CellKey::Area(Some(a)) => write!(f, "area:{a}"),
            CellKey::Area(None) => write!(f, "no-area"),
            CellKey::Organisation(o) => write!(f, "organisation:{o}"),
            CellKey::OtherAreas => write!(f, "other-areas"),
            CellKey::AreaCategory { category, area } => {
                write!(f, "area-category:{category}:{area}")
            }
        }
    }
}

impl CellKey {
    pub fn parse(s: &str) -> Option<CellKey> {
        let named = |rest: &str| (!rest.is_empty()).then(|| rest.to_string());
        match s.split_once(':') {
            None if s == "total" => Some(CellKey::Total),
            None if s == "no-area" => Some(CellKey::Area(None)),
            None if s == "other-areas" => Some(CellKey::OtherAreas),
            Some(("category", c)) => named(c).map(CellKey::Category),
            Some(("area", a)) => named(a).map(|a| CellKey::Area(Some(a))),
            Some(("organisation", o)) => named(o).map(CellKey::Organisation),
            // A category id has no colon; the area's name may.
            Some(("area-category", rest)) => {
                let (category, area) = rest.split_once(':')?;
                Some(CellKey::AreaCategory {
                    category: named(category)?,
                    area: named(area)?,
                })
            }
            _ => None,
        }
    }
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.period, self.key)
    }
}

impl CellId {
    pub fn parse(s: &str) -> Option<CellId> {
        let (period, key) = s.split_once(' ')?;
        Some(CellId {
            period: PeriodRef::parse(period)?,
            key: CellKey::parse(key)?,
        })
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.hidden {
            write!(f, "..{}", self.count)
        } else {
            write!(f, "{}", self.count)
        }
    }
}

impl Value {
    pub fn parse(s: &str) -> Option<Value> {
        let (hidden, digits) = match s.strip_prefix("..") {
            Some(d) => (true, d),
            None => (false, s),
        };
        let ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        Some(Value {
            count: if ok {
                digits.parse().ok()?
            } else {
                return None;
            },
            hidden,
        })
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.cell, self.value)
    }
}

impl Entry {
    pub fn parse(s: &str) -> Option<Entry> {
        let (cell, value) = s.rsplit_once(" = ")?;
        Some(Entry {
            cell: CellId::parse(cell)?,
            value: Value::parse(value)?,
        })
    }
}

impl Release {
    /// The content hash: SHA-256 over the release's number, dates, periods,
    /// numbers and revisions in their canonical text (reasons excluded, so
    /// the coordinator may add one by hand).
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(format!(
            "{}\n{}\n{}\n",
            self.number, self.date, self.through
        ));
        for p in &self.periods {
            h.update(format!("period {p}\n"));
        }
        for e in &self.entries {
            h.update(format!("{e}\n"));
        }
        for r in &self.revisions {
            h.update(format!("revision {} {} -> {}\n", r.cell, r.from, r.to));
        }
        // Only when false: the releases from before the key kept their hash.
        if !self.marks_small {
            h.update("marks_small false\n");
        }
        if self.protection == Protection::Interval {
            h.update("protection interval\n");
        }
        if let Some(t) = self.threshold {
            h.update(format!("threshold {t}\n"));
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl Ledger {
    /// Every period ever released.
    pub fn released(&self) -> BTreeSet<&PeriodRef> {
        self.releases.iter().flat_map(|r| &r.periods).collect()
    }

    /// The value of every released count as it stands after release
    /// `upto` (inclusive; all releases with `None`).
    pub fn values(&self, upto: Option<usize>) -> BTreeMap<CellId, Value> {
        let n = upto.map_or(self.releases.len(), |k| k + 1);
        let mut out = BTreeMap::new();
        for r in &self.releases[..n] {
            for e in &r.entries {
                out.insert(e.cell.clone(), e.value);
            }
            for rev in &r.revisions {
                out.insert(rev.cell.clone(), rev.to);
            }
        }
        out
    }

    /// The threshold each release was made with. A release from before
    /// the key is taken to have used that of the first later release that
    /// records one (lagesbild recorded it from then on, and a site's
    /// threshold rarely changes), else `now`, the one configured now.
    pub fn thresholds(&self, now: u64) -> Vec<u64> {
        let mut next = now;
        let mut out: Vec<u64> = (self.releases.iter().rev())
            .map(|r| {
                next = r.threshold.unwrap_or(next);
                next
            })
            .collect();
        out.reverse();
        out
    }

    /// A release that may have used a threshold above `now`, as its
    /// number and its smallest shown count above 0: one from before the
    /// key that no later release names a threshold for (so it is taken to
    /// have used `now`), yet shows no count above 0 below that smallest
    /// one. Its threshold was at most that count; had it been above `now`,
    /// its hidden counts would be judged by too low a threshold.
    pub fn unsure_threshold(&self, now: u64) -> Option<(u32, u64)> {
        let recorded_later = |k: usize| self.releases[k..].iter().any(|r| r.threshold.is_some());
        (0..self.releases.len())
            .filter(|&k| !recorded_later(k))
            .find_map(|k| {
                let r = &self.releases[k];
                let shown = r.entries.iter().map(|e| e.value);
                let smallest = shown
                    .filter(|v| !v.hidden && v.count > 0)
                    .map(|v| v.count)
                    .min()?;
                (smallest > now).then_some((r.number, smallest))
            })
    }

    /// Per released count, the protection and threshold of the release
    /// that first published it: the rule it keeps in every later release.
    /// `now` is the threshold configured now (see [`Ledger::thresholds`]).
    pub fn first_rules(&self, now: u64) -> BTreeMap<&CellId, Rule> {
        let mut out = BTreeMap::new();
        for (r, threshold) in self.releases.iter().zip(self.thresholds(now)) {
            let rule = Rule {
                protection: r.protection,
                threshold,
            };
            for e in &r.entries {
                out.entry(&e.cell).or_insert(rule);
            }
        }
        out
    }

    /// The visible revisions of every release, oldest first, with the
    /// release they came in: a change in a shown number or in whether it
    /// is shown. A hidden count that stays hidden shows no revision.
    pub fn visible_revisions(&self) -> impl Iterator<Item = (&Release, &Revision)> {
        self.releases.iter().flat_map(|r| {
            r.revisions
                .iter()
                .filter(|v| !(v.from.hidden && v.to.hidden))
                .map(move |v| (r, v))
        })
    }

    /// The ledger as its file: a TOML document, one number per line.
    pub fn to_toml(&self) -> String {
        let mut out = String::from(HEADER);
        for r in &self.releases {
            out.push_str(&release_toml(r));
        }
        out
    }
}

const HEADER: &str = "\
# Publication ledger of lagesbild: what the public output has released.
# Written by `lagesbild release`; keep it with the content (in git).
# Numbers are `period key = value`, hidden values as `..value` (the true
# value, kept for the audit of later releases; this file is internal).
# Do not edit numbers by hand: each release's sha256 checks them. A
# revision's `reason` may be added or changed by hand. A release without
# `marks_small = false` was published with hidden small counts marked as
# such (\"färre än 3\"); later releases are audited as if everyone knew.
# A release with `protection = \"interval\"` protected each new hidden
# small count so that it can be anything from 1 to the threshold; one
# without protected it by two possible values, and its counts keep that.
# `threshold` is the [privacy] threshold a release was made with: its
# counts keep it when the configured one changes (a release without the
# key is taken to have used that of the next release with one).
";

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn release_toml(r: &Release) -> String {
    let mut out = format!(
        "\n[[release]]\nnumber = {}\ndate = {}\nthrough = {}\nsha256 = \"{}\"\n",
        r.number,
        r.date,
        r.through,
        r.hash()
    );
    if !r.marks_small {
        out.push_str("marks_small = false\n");
    }
    if r.protection == Protection::Interval {
        out.push_str("protection = \"interval\"\n");
    }
    if let Some(t) = r.threshold {
        out.push_str(&format!("threshold = {t}\n"));
    }
    out.push_str("periods = [\n");
    for p in &r.periods {
        out.push_str(&format!("  {},\n", quoted(&p.to_string())));
    }
    out.push_str("]\nnumbers = [\n");
    for e in &r.entries {
        out.push_str(&format!("  {},\n", quoted(&e.to_string())));
    }
    out.push_str("]\n");
    for v in &r.revisions {
        out.push_str(&format!(
            "\n[[release.revision]]\ncell = {}\nfrom = \"{}\"\nto = \"{}\"\n",
            quoted(&v.cell.to_string()),
            v.from,
            v.to
        ));
        if let Some(reason) = &v.reason {
            out.push_str(&format!("reason = {}\n", quoted(reason)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip() {
        for line in [
            "month/2026-10 total = 181",
            "quarter/2026-q3 category:skadegorelse = ..2",
            "year/2025 area:Norra Sjöby = 0",
            "month/2026-01 no-area = ..12",
            "bimonth/2026-b2 organisation:Polisen = 40",
            "year/2025 area-category:brand:Norra Sjöby = ..2",
            "year/2025 area-category:klotter:Hamn: norra = 14",
        ] {
            assert_eq!(Entry::parse(line).expect(line).to_string(), line);
        }
        let e = Entry::parse("year/2025 area-category:klotter:Hamn: norra = 14").unwrap();
        assert_eq!(
            e.cell.key,
            CellKey::AreaCategory {
                category: "klotter".into(),
                area: "Hamn: norra".into()
            }
        );
        for bad in [
            "month/2026-10 total 181",
            "week/2026-10 total = 1",
            "month/2026-10 colour:x = 1",
            "month/2026-10 total = -1",
            "month/2026-10 total = ..",
            "year/2025 area-category:klotter = 1",
            "year/2025 area-category::Norra = 1",
            "year/2025 area-category:klotter: = 1",
        ] {
            assert_eq!(Entry::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_release_without_a_threshold_takes_the_next_recorded_one() {
        let release = |number, threshold| Release {
            number,
            date: NaiveDate::from_ymd_opt(2026, 1, number).unwrap(),
            through: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            periods: Vec::new(),
            entries: Vec::new(),
            revisions: Vec::new(),
            marks_small: false,
            protection: Protection::Interval,
            threshold,
            line: 0,
        };
        let ledger = |ts: &[Option<u64>]| Ledger {
            releases: (ts.iter().enumerate())
                .map(|(k, &t)| release(k as u32 + 1, t))
                .collect(),
        };
        assert_eq!(ledger(&[None, None]).thresholds(5), [5, 5]);
        assert_eq!(
            ledger(&[None, Some(3), None, Some(4), Some(5)]).thresholds(6),
            [3, 3, 4, 4, 5]
        );
        assert_eq!(ledger(&[Some(3), None]).thresholds(5), [3, 5]);
    }

    #[test]
    fn a_release_without_a_threshold_showing_no_small_count_is_unsure() {
        let entry = |count, hidden| Entry {
            cell: CellId::parse("month/2026-01 total").unwrap(),
            value: Value { count, hidden },
        };
        let release = |number, threshold, entries| Release {
            number,
            date: NaiveDate::from_ymd_opt(2026, 1, number).unwrap(),
            through: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            periods: Vec::new(),
            entries,
            revisions: Vec::new(),
            marks_small: false,
            protection: Protection::Interval,
            threshold,
            line: 0,
        };
        // Shows 3 at the earliest: a threshold of 3 fits, 5 could not.
        let shows_three = vec![
            entry(2, true),
            entry(0, false),
            entry(3, false),
            entry(9, false),
        ];
        let l = Ledger {
            releases: vec![release(1, None, shows_three.clone())],
        };
        assert_eq!(l.unsure_threshold(3), None);
        // Shows 5 at the earliest: it may have used 4 or 5.
        let shows_five = vec![entry(4, true), entry(5, false), entry(9, false)];
        let l = Ledger {
            releases: vec![
                release(1, None, shows_three),
                release(2, None, shows_five.clone()),
            ],
        };
        assert_eq!(l.unsure_threshold(3), Some((2, 5)));
        assert_eq!(l.unsure_threshold(5), None);
        // A later release that records one settles it.
        let l = Ledger {
            releases: vec![
                release(1, None, shows_five),
                release(2, Some(5), Vec::new()),
            ],
        };
        assert_eq!(l.unsure_threshold(3), None);
    }
}
