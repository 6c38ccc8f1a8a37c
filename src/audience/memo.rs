//! The internal output's views of the incident data, kept between the
//! rebuilds of `lagesbild serve`.
//!
//! Why: a large site's report and place pages cost most of the view
//! building (their tables, maps, hot spots and patterns), and a
//! coordinator editing a note changes none of what they are made from.
//! Such a page's view is made in two parts: the part made from the
//! incident data alone, kept here, and what the notes add (the period's
//! meetings and actions, a place's notes, actions and the marks they put
//! on its timeline), made anew every time. The views are complete when
//! built either way; a render with the memo equals one without
//! (`tests/incremental.rs`).
//!
//! The kept parts are valid while the analysis's data key is the same
//! (see [`crate::analysis::AnalysisCache`]: it changes with every file of
//! the site but the notes, and with the meeting dates that shape periods);
//! a different key empties the memo, and no key disables it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use super::insight_view::PlacePage;
use super::view::ReportView;
use crate::config::Cadence;

/// A place's or an area's page made from the incident data alone, and the
/// first month and length of its monthly timeline (where actions mark it).
pub(super) type Profile = (PlacePage, Option<(NaiveDate, usize)>);

/// A kept view and its fingerprint ([`super::fingerprint`]).
pub(super) type Kept<T> = (Arc<T>, Option<u64>);

/// What the memo holds under one key.
#[derive(Default)]
struct Memo {
    key: Option<u64>,
    reports: HashMap<(Cadence, usize), Kept<ReportView>>,
    /// Every place's profile, then every area's, each with its
    /// fingerprint.
    profiles: Option<Arc<Vec<Kept<Profile>>>>,
}

/// Views of the incident data by page, under the analysis's data key.
#[derive(Default)]
pub struct ViewMemo {
    kept: Mutex<Memo>,
}

impl ViewMemo {
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Memo> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
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
            k.reports.insert((cadence, i), (Arc::clone(&v), f));
        }
        (v, f)
    }

    /// Every place's and area's profile with its fingerprint (of the
    /// page's data part, [`super::places::data_part`]), made by `make` when
    /// not kept.
    pub(super) fn profiles(&self, make: impl FnOnce() -> Vec<Profile>) -> Arc<Vec<Kept<Profile>>> {
        use rayon::prelude::*;
        if let Some(p) = &self.lock().profiles {
            return Arc::clone(p);
        }
        let made = make().into_par_iter().map(|p| {
            let f = super::fingerprint::of(&(super::places::data_part(&p.0), p.1));
            (Arc::new(p), f)
        });
        let p = Arc::new(made.collect());
        let mut k = self.lock();
        if k.key.is_some() {
            k.profiles = Some(Arc::clone(&p));
        }
        p
    }
}
