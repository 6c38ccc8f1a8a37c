//! The internal output's views of the incident data, kept between builds.
//!
//! Why: a large site's report and place pages cost most of the view
//! building (their tables, maps, hot spots and patterns), and a
//! coordinator editing a note changes none of what they are made from.
//! Such a page's view is made in two parts: the part made from the
//! incident data alone (a report's view, a place's profile), and what the
//! notes add (the period's meetings and actions, a place's notes, actions
//! and the marks they put on its timeline), made anew every time. A
//! page's fingerprint is the data part's fingerprint and what the notes
//! add, so it is known without the data part.
//!
//! Kept two ways:
//! - `lagesbild serve` keeps the data parts themselves in memory
//!   ([`ViewMemo::default`]); a render with the memo equals one without
//!   (`tests/incremental.rs`).
//! - `lagesbild build` keeps only their fingerprints ([`Prints`]), in the
//!   output folder (`OUT/.lagesbild.views`, [`ViewMemo::printing`]). With
//!   the page record (`output::pages`) they tell a page the last build
//!   rendered from the same view before the view is made: such a page is
//!   taken as it is, and its data part never made (see
//!   [`super::view::TakenPage`]); a build taking them equals a clean one
//!   (`tests/kept_views.rs`).
//!
//! What is kept is valid while the analysis's data key is the same (see
//! [`crate::analysis::AnalysisCache`]: it changes with every file of the
//! site but the notes, and with the meeting dates that shape periods); a
//! different key empties the memo, and no key disables it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{Datelike, NaiveDate};

use super::insight_view::PlacePage;
use super::view::ReportView;
use crate::config::Cadence;

/// The first month and length of a page's monthly timeline (where
/// actions mark it).
pub type Span = Option<(NaiveDate, usize)>;

/// A place's or an area's page made from the incident data alone, and
/// its timeline's [`Span`].
pub(super) type Profile = (PlacePage, Span);

/// A view and its fingerprint ([`super::fingerprint`]).
pub(super) type Kept<T> = (Arc<T>, Option<u64>);

/// The fingerprints of the data parts made or taken under one key: each
/// report's (by cadence and number) and each profile's (places first,
/// then areas, by number) with its timeline's span (its first month as
/// days from the common era).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prints {
    reports: BTreeMap<(Cadence, usize), u64>,
    profiles: BTreeMap<usize, (u64, Option<(i32, usize)>)>,
}

/// The header of the stored prints (see [`crate::framed`]).
const HEADER: &str = "lagesbild views 1";

impl Prints {
    /// The prints `lagesbild build` stored (see [`ViewMemo::to_stored`])
    /// and their key, when `program` framed them.
    pub fn stored(bytes: &[u8], program: &str) -> Option<(u64, Prints)> {
        let body = crate::framed::body(bytes, HEADER, program)?;
        postcard::from_bytes(body).ok()
    }
}

/// What the memo holds under one key.
#[derive(Default)]
struct Memo {
    key: Option<u64>,
    reports: HashMap<(Cadence, usize), Kept<ReportView>>,
    profiles: HashMap<usize, Kept<Profile>>,
    prints: Prints,
    /// Whether a print was added since the memo started.
    added: bool,
}

/// Views of the incident data by page, or their fingerprints only, under
/// the analysis's data key.
pub struct ViewMemo {
    kept: Mutex<Memo>,
    /// Whether the views are kept (`serve`), or their fingerprints only.
    views: bool,
}

impl Default for ViewMemo {
    /// A memo keeping the views (`lagesbild serve`).
    fn default() -> ViewMemo {
        ViewMemo {
            kept: Mutex::default(),
            views: true,
        }
    }
}

impl ViewMemo {
    /// A memo of one build under `key` that keeps no view, only the
    /// fingerprints of those made, and knows the fingerprints `stored`
    /// when they were made under the same key.
    pub fn printing(key: Option<u64>, stored: Option<(u64, Prints)>) -> ViewMemo {
        let prints = match (key, stored) {
            (Some(key), Some((at, prints))) if at == key => prints,
            _ => Prints::default(),
        };
        let memo = Memo {
            key,
            prints,
            ..Memo::default()
        };
        ViewMemo {
            kept: Mutex::new(memo),
            views: false,
        }
    }

    /// Starts a build under `key`: what was kept under another key is
    /// dropped; `None` keeps nothing.
    pub fn start(&self, key: Option<u64>) {
        let mut k = self.lock();
        if k.key != key || key.is_none() {
            *k = Memo {
                key,
                ..Memo::default()
            };
        }
    }

    /// The fingerprints known now and their key; none without a key.
    #[cfg(test)]
    fn prints(&self) -> Option<(u64, Prints)> {
        let k = self.lock();
        Some((k.key?, k.prints.clone()))
    }

    /// The fingerprints known now and their key, framed for `program` to
    /// take ([`Prints::stored`]); none without a key, or when none was
    /// added to those the memo started with.
    pub fn to_stored(&self, program: &str) -> Option<Vec<u8>> {
        let k = self.lock();
        let key = k.key.filter(|_| k.added)?;
        let mut bytes = crate::framed::open(HEADER, program);
        bytes.extend(postcard::to_stdvec(&(key, &k.prints)).ok()?);
        Some(crate::framed::close(bytes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fingerprint of report `i` of `cadence`'s data part, when known.
    pub(super) fn report_print(&self, cadence: Cadence, i: usize) -> Option<u64> {
        let k = self.lock();
        k.key?;
        k.prints.reports.get(&(cadence, i)).copied()
    }

    /// The data part of report `i` of `cadence` and its fingerprint, made
    /// by `make` when not kept.
    pub(super) fn report(
        &self,
        cadence: Cadence,
        i: usize,
        make: impl FnOnce() -> ReportView,
    ) -> Kept<ReportView> {
        if let Some((v, f)) = self.lock().reports.get(&(cadence, i)) {
            return (Arc::clone(v), *f);
        }
        let v = make();
        let f = super::fingerprint::report(&v);
        let v = Arc::new(v);
        let mut k = self.lock();
        if k.key.is_some() {
            if let Some(f) = f {
                let old = k.prints.reports.insert((cadence, i), f);
                k.added |= old != Some(f);
            }
            if self.views {
                k.reports.insert((cadence, i), (Arc::clone(&v), f));
            }
        }
        (v, f)
    }

    /// The fingerprint of profile `i` (places first, then areas) and its
    /// timeline's span, when known.
    pub(super) fn profile_print(&self, i: usize) -> Option<(u64, Span)> {
        let k = self.lock();
        k.key?;
        let &(f, span) = k.prints.profiles.get(&i)?;
        let span = match span {
            None => None,
            Some((days, n)) => Some((NaiveDate::from_num_days_from_ce_opt(days)?, n)),
        };
        Some((f, span))
    }

    /// The profiles `wanted` (by number: places first, then areas) with
    /// their fingerprints, in that order, those not kept made by `make`
    /// (given the numbers of those, it returns their profiles in order).
    pub(super) fn profiles(
        &self,
        wanted: &[usize],
        make: impl FnOnce(&[usize]) -> Vec<Profile>,
    ) -> Vec<Kept<Profile>> {
        use rayon::prelude::*;
        let kept: Vec<Option<Kept<Profile>>> = {
            let k = self.lock();
            (wanted.iter())
                .map(|i| k.profiles.get(i).map(|(p, f)| (Arc::clone(p), *f)))
                .collect()
        };
        let missing: Vec<usize> = (wanted.iter().zip(&kept))
            .filter(|(_, k)| k.is_none())
            .map(|(i, _)| *i)
            .collect();
        let made: Vec<Kept<Profile>> = (make(&missing).into_par_iter())
            .map(|p| {
                let f = profile_print(&p);
                (Arc::new(p), f)
            })
            .collect();
        let mut k = self.lock();
        if k.key.is_some() {
            for (i, (p, f)) in missing.iter().zip(&made) {
                if let Some(f) = f {
                    let print = (*f, stored_span(p.1));
                    let old = k.prints.profiles.insert(*i, print);
                    k.added |= old != Some(print);
                }
                if self.views {
                    k.profiles.insert(*i, (Arc::clone(p), *f));
                }
            }
        }
        let mut made = made.into_iter();
        (kept.into_iter())
            .filter_map(|k| k.or_else(|| made.next()))
            .collect()
    }
}

/// A profile's fingerprint: all of it, its timeline's span included.
fn profile_print((page, span): &Profile) -> Option<u64> {
    super::fingerprint::of(&(page, stored_span(*span)))
}

/// A span as [`Prints`] holds it: its first month as days from the
/// common era.
fn stored_span(span: Span) -> Option<(i32, usize)> {
    span.map(|(d, n)| (d.num_days_from_ce(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_prints_are_known_only_under_their_key() {
        let mut prints = Prints::default();
        prints.reports.insert((Cadence::Operative, 3), 42);
        prints.profiles.insert(5, (7, Some((738000, 12))));
        let memo = ViewMemo::printing(Some(1), Some((1, prints.clone())));
        assert_eq!(memo.report_print(Cadence::Operative, 3), Some(42));
        assert_eq!(memo.report_print(Cadence::Operative, 4), None);
        let (f, span) = memo.profile_print(5).unwrap();
        assert_eq!(f, 7);
        assert_eq!(span.unwrap().0.num_days_from_ce(), 738000);
        assert_eq!(memo.prints(), Some((1, prints.clone())));
        let other = ViewMemo::printing(Some(2), Some((1, prints.clone())));
        assert_eq!(other.report_print(Cadence::Operative, 3), None);
        assert_eq!(other.prints(), Some((2, Prints::default())));
        let none = ViewMemo::printing(None, Some((1, prints)));
        assert_eq!(none.report_print(Cadence::Operative, 3), None);
        assert_eq!(none.prints(), None);
    }

    #[test]
    fn prints_are_stored_only_when_added_to_and_read_back_whole() {
        let memo = ViewMemo::printing(Some(9), None);
        assert_eq!(memo.to_stored("prog"), None);
        let make = |w: &[usize]| w.iter().map(|_| (PlacePage::default(), None)).collect();
        memo.profiles(&[0, 1], make);
        let bytes = memo.to_stored("prog").unwrap();
        let (key, prints) = Prints::stored(&bytes, "prog").unwrap();
        assert_eq!((key, prints.profiles.len()), (9, 2));
        assert_eq!(Prints::stored(&bytes, "other"), None);
        assert_eq!(Prints::stored(&bytes[..bytes.len() - 1], "prog"), None);
        // The same prints made again add nothing to store.
        let again = ViewMemo::printing(Some(9), Some((key, prints)));
        again.profiles(&[1], make);
        assert_eq!(again.to_stored("prog"), None);
        again.profiles(&[2], make);
        assert!(again.to_stored("prog").is_some());
    }

    #[test]
    fn a_span_no_date_can_hold_is_no_print() {
        let mut prints = Prints::default();
        prints.profiles.insert(0, (7, Some((i32::MAX, 1))));
        prints.profiles.insert(1, (8, None));
        let memo = ViewMemo::printing(Some(1), Some((1, prints)));
        assert_eq!(memo.profile_print(0), None);
        assert_eq!(memo.profile_print(1), Some((8, None)));
    }

    #[test]
    fn a_printing_memo_keeps_prints_not_views() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let made = AtomicUsize::new(0);
        let make = |wanted: &[usize]| {
            made.fetch_add(wanted.len(), Ordering::Relaxed);
            let page = |i: usize| PlacePage {
                name: format!("p{i}"),
                ..PlacePage::default()
            };
            wanted.iter().map(|&i| (page(i), None)).collect()
        };
        let memo = ViewMemo::printing(Some(1), None);
        let first = memo.profiles(&[2, 0], make);
        let again = memo.profiles(&[0, 2], make);
        assert_eq!(made.load(Ordering::Relaxed), 4);
        assert_eq!(first[0].0.0.name, "p2");
        assert_eq!(again[0].0.0.name, "p0");
        assert_eq!(memo.profile_print(2), Some((first[0].1.unwrap(), None)));
        assert_ne!(first[0].1, first[1].1);
        let keeping = ViewMemo::default();
        keeping.start(Some(1));
        keeping.profiles(&[2, 0], make);
        let kept = keeping.profiles(&[1, 0, 2], make);
        // Only profile 1 made again; the kept come back in the order asked.
        assert_eq!(made.load(Ordering::Relaxed), 7);
        let names: Vec<&str> = kept.iter().map(|(p, _)| p.0.name.as_str()).collect();
        assert_eq!(names, ["p1", "p0", "p2"]);
    }
}
