//! The analysis of the incident data, kept between the rebuilds of
//! `lagesbild serve`.
//!
//! Why: the reports of every period, their hot spots and patterns cost a
//! large site a few hundred milliseconds, and a coordinator editing a
//! note changes none of what they are made from. They are kept under a key
//! of everything they depend on: the model's data key (set by the reader
//! when it read with a cache: the configuration, the registers, every
//! incident and area file), the operative meetings' dates (they are the
//! operative periods' ends) and the first and last meeting date (calendar
//! periods and the sun table reach them). A model read without a data key
//! is never taken from the cache. What notes add to a report, the indexes
//! of the notes dated in it, is recomputed every time; so is the action
//! register, which notes make.

use std::hash::{Hash, Hasher};

use chrono::NaiveDate;

use super::{Coverage, PeriodReport, SunTable, meetings_in};
use crate::config::Cadence;
use crate::model::{AreaId, Model};

/// Everything the analysis makes of the incident data.
#[derive(Clone)]
pub(super) struct DataPart {
    pub coverage: Option<Coverage>,
    pub public_until: Option<NaiveDate>,
    pub reports: std::collections::BTreeMap<Cadence, Vec<PeriodReport>>,
    pub neighbours: Vec<Vec<AreaId>>,
    pub place_totals: Vec<u64>,
    pub seasonal: Vec<(i32, [Option<u64>; 12])>,
    pub sun: SunTable,
}

/// The data part of the last analysis and the key it was made under.
#[derive(Default)]
pub struct AnalysisCache {
    kept: Option<(u64, DataPart)>,
    key: Option<u64>,
    hit: bool,
}

impl AnalysisCache {
    /// Whether the last analysis took its data part from this cache.
    pub fn hit(&self) -> bool {
        self.hit
    }

    /// The key of the last analysis's data part: the same key, the same
    /// data part (`None` when the model had no data key).
    pub fn key(&self) -> Option<u64> {
        self.key
    }

    /// The data part for `model`: the kept one with the notes' indexes
    /// renewed when the key matches, else `make()`'s, kept.
    pub(super) fn data(&mut self, model: &Model, make: impl FnOnce() -> DataPart) -> DataPart {
        let key = key(model);
        self.key = key;
        self.hit = false;
        if let (Some(key), Some((at, kept))) = (key, &self.kept)
            && key == *at
        {
            let mut data = kept.clone();
            for r in data.reports.values_mut().flatten() {
                r.meetings = meetings_in(&r.period, model);
            }
            self.hit = true;
            return data;
        }
        let data = make();
        self.kept = key.map(|k| (k, data.clone()));
        data
    }
}

/// The key of the data part, or `None` for a model read without one.
fn key(model: &Model) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    model.data_key?.hash(&mut h);
    let dates = model.meetings.iter().map(|m| m.date);
    (dates.clone().min(), dates.max()).hash(&mut h);
    for m in model.meetings.iter().filter(|m| m.group == "operative") {
        m.date.hash(&mut h);
    }
    Some(h.finish())
}
