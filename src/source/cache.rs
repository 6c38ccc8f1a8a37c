//! What reading the incident files made, kept between the rebuilds of
//! `lagesbild serve`.
//!
//! Why: on a large site nearly all of a read is parsing the incident files
//! (a million rows: about a second), and a coordinator previewing a note
//! changes none of them. The part of the model those files make (the
//! incidents with their areas, their descriptions and organisations, the
//! places they name that the register lacks, the areas, each source's
//! coverage, and the problems found in them) is kept with a key made of
//! everything it was read from: the configuration file, the place
//! register, the areas file, each incident file's path, size and
//! modification time, and the day (rows dated after today are errors).
//! The same key means the same part, so it is taken as it is.
//!
//! The model's data key ([`Model::data_key`]) goes further: it is the
//! same key with the size and time of every other file of the site folder
//! but the notes (reference tables, surveys, pages, the ledger, the
//! theme's overrides), so the later stages may keep what they made from
//! everything but the notes while it stays the same.
//!
//! Sizes and times, not contents: the preview notices a saved file by its
//! size and time ([`crate::serve`]), so a change the key misses would not
//! start a rebuild either; hashing 70 MB of files on every keystroke would
//! cost more than the rebuild is allowed to take.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::geo::Area;
use crate::model::{Incident, Model, Place, SourceCoverage};

/// The incident part of the last read and the key it was read under.
#[derive(Default)]
pub struct ReadCache {
    kept: Option<(u64, Kept)>,
    /// Whether the last read took the kept part (for tests and timings).
    hit: bool,
}

/// The fields of [`Model`] that reading the incident files fills in
/// (with each incident's area, and the areas), and the problems found.
struct Kept {
    places: Vec<Place>,
    descriptions: Vec<String>,
    incidents: Arc<Vec<Incident>>,
    areas: Vec<Area>,
    organisations: Vec<String>,
    rows: usize,
    files: usize,
    sources: Vec<SourceCoverage>,
    diags: Diagnostics,
}

impl ReadCache {
    /// Whether the last read took the incident part from this cache.
    pub fn hit(&self) -> bool {
        self.hit
    }

    /// Fills `model`'s incident part from the cache when `key` is the key
    /// it was kept under; `false` (and nothing changed) otherwise.
    pub(super) fn restore(&mut self, key: u64, model: &mut Model, diags: &mut Diagnostics) -> bool {
        self.hit = false;
        let Some((_, k)) = self.kept.as_ref().filter(|(at, _)| *at == key) else {
            return false;
        };
        model.places = k.places.clone();
        model.descriptions = k.descriptions.clone();
        model.incidents = Arc::clone(&k.incidents);
        model.areas = k.areas.clone();
        model.organisations = k.organisations.clone();
        model.rows = k.rows;
        model.files = k.files;
        model.sources = k.sources.clone();
        diags.extend(k.diags.clone());
        self.hit = true;
        true
    }

    /// Keeps `model`'s incident part, just read, and the problems found
    /// reading it.
    pub(super) fn keep(&mut self, key: u64, model: &Model, diags: &Diagnostics) {
        self.kept = Some((
            key,
            Kept {
                places: model.places.clone(),
                descriptions: model.descriptions.clone(),
                incidents: Arc::clone(&model.incidents),
                areas: model.areas.clone(),
                organisations: model.organisations.clone(),
                rows: model.rows,
                files: model.files,
                sources: model.sources.clone(),
                diags: diags.clone(),
            },
        ));
    }
}

/// The key of an incident part: everything reading it depends on.
pub(super) fn key(
    site_dir: &Path,
    incident_files: &[PathBuf],
    areas_file: &Path,
    today: NaiveDate,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    today.hash(&mut h);
    let fixed = [
        site_dir.join(crate::config::CONFIG_FILE),
        site_dir.join("content").join("places.toml"),
        areas_file.to_path_buf(),
    ];
    for path in fixed.iter().chain(incident_files) {
        path.hash(&mut h);
        match std::fs::metadata(path) {
            Ok(m) => (m.len(), m.modified().ok()).hash(&mut h),
            Err(_) => 0u8.hash(&mut h),
        }
    }
    h.finish()
}

/// The model's data key: the incident part's `key` and every file below
/// `site_dir` but the notes (`content/meetings/`), hidden files and the
/// default output folder `dist/` (the files the preview watches).
pub(super) fn data_key(site_dir: &Path, key: u64) -> u64 {
    let notes = site_dir.join("content").join("meetings");
    let files = super::inputs::stamps(site_dir, Some(&notes));
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (key, files).hash(&mut h);
    h.finish()
}
