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
//! **Notes** are kept one by one: a note whose text is the same as last
//! time (compared whole), read under the same key (its references, the
//! groups, categories, places and areas, come from the files the key
//! covers, and so does the day), gives what it gave then, without parsing
//! its front matter again. A preview's rebuild after a note edit parses
//! that note alone.
//!
//! Sizes and times, not contents, for the preview: it notices a saved file
//! by its size and time ([`crate::serve`]), so a change the key misses
//! would not start a rebuild either; hashing 70 MB of files on every
//! keystroke would cost more than the rebuild is allowed to take.
//!
//! **`lagesbild build`** keeps the incident part on disk from one build
//! for the next ([`ReadCache::stored`], [`stored`]). There the key is made
//! of the files' contents: a build may run on a copy or a network share
//! where times are not kept, and a part taken under a stale key would
//! publish stale counts. (A large file provably the one the last build
//! hashed, its inode and change time the same, is not read again for its
//! hash: `super::seen`.) It covers every input file but the notes (the
//! reference tables, surveys, pages, ledger and the theme's overrides
//! too), so that it is also the model's data key, under which the
//! analysis keeps what it made of the incident data, and the language
//! messages are made in (the problems kept are in it). The output folder
//! is left out wherever it lies. The files' hashes are those the build's
//! fingerprint took already (`inputs::Hashes`), so no file is read twice
//! for keys. Notes are not kept there: parsing them all costs a build
//! little. A part read back from disk is checked against what this build
//! read before it is taken ([`stored::fits`]).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostics::Diagnostics;
use crate::model::geo::Area;
use crate::model::{Incidents, Meeting, Model, Place, SourceCoverage};

mod stored;

/// The incident part of the last read and the key it was read under, and
/// every note as last read.
#[derive(Default)]
pub struct ReadCache {
    kept: Option<(u64, Kept)>,
    /// Whether the last read took the kept part (for tests and timings).
    hit: bool,
    notes: HashMap<PathBuf, Note>,
    /// How many notes the last read parsed anew.
    parsed: usize,
    /// The place register as last read, with its file's path and stamp.
    register: Option<((PathBuf, Stamp), Register)>,
    /// Keyed by the files' contents, not their sizes and times: the cache
    /// `lagesbild build` stores on disk ([`ReadCache::stored`]).
    contents: bool,
    /// For a cache keyed by contents: the key the incident part was read
    /// under by this build, and the problems found reading it (only such a
    /// part is stored, from the model: [`ReadCache::to_stored`]).
    made: Option<(u64, Diagnostics)>,
    /// For a cache keyed by contents: the input files' hashes the build
    /// took already, and the output folder (left out of the key).
    known: super::inputs::Hashes,
    output: Option<PathBuf>,
    /// The bytes stored by the last build, decoded only when their key is
    /// the one this build reads under (and so dropped unread on a miss),
    /// and that key (none when they are not a whole part of this program).
    stored: crate::framed::Bytes,
    stored_key: Option<u64>,
    /// Where the body of `stored` lies (its frame checked once, here).
    stored_body: Option<std::ops::Range<usize>>,
}

/// A file's size and modification time (none when it cannot be read).
type Stamp = Option<(u64, Option<std::time::SystemTime>)>;

/// The place register's entries (each place with its aliases) and the
/// problems found reading it.
type Register = (Vec<(Place, Vec<String>)>, Diagnostics);

/// A note as read: the key it was read under, its text, and what reading
/// it made (nothing when it has errors) with the problems found.
pub(super) struct Note {
    pub(super) key: u64,
    pub(super) text: String,
    pub(super) meeting: Option<Meeting>,
    pub(super) diags: Diagnostics,
}

/// The fields of [`Model`] that reading the incident files fills in
/// (with each incident's area, and the areas), and the problems found.
#[derive(Clone)]
struct Kept {
    places: Vec<Place>,
    descriptions: Vec<String>,
    incidents: Incidents,
    /// None when read back from disk: made again from the areas file.
    areas: Option<Vec<Area>>,
    organisations: Vec<String>,
    rows: usize,
    files: usize,
    sources: Vec<SourceCoverage>,
    diags: Diagnostics,
}

impl ReadCache {
    /// The cache of `lagesbild build`, keyed by contents: holding the
    /// incident part [`ReadCache::to_stored`] wrote under `program`, or
    /// empty for any other bytes (none, another program's, damaged).
    pub fn stored(bytes: impl Into<crate::framed::Bytes>, program: &str) -> ReadCache {
        let bytes = bytes.into();
        let body = stored::body_range(&bytes, program);
        ReadCache {
            stored_key: body.clone().and_then(|b| stored::key_of(&bytes[b])),
            stored_body: body,
            stored: bytes,
            contents: true,
            ..ReadCache::default()
        }
    }

    /// The cache of a forced build: keyed by contents but taking nothing;
    /// `bytes` (the part stored now) only say whether what it reads needs
    /// storing.
    pub fn forced(bytes: &[u8], program: &str) -> ReadCache {
        ReadCache {
            stored_key: stored::body_range(bytes, program).and_then(|b| stored::key_of(&bytes[b])),
            contents: true,
            ..ReadCache::default()
        }
    }

    /// The cache, taking the input files' hashes from `known` (the build's
    /// fingerprint) and leaving the output folder `output` out of its key.
    pub fn knowing(self, known: super::inputs::Hashes, output: &Path) -> ReadCache {
        ReadCache {
            known,
            output: Some(output.to_path_buf()),
            ..self
        }
    }

    /// The incident part this build read into `model`, as bytes for
    /// [`ReadCache::stored`] under `program`: none when it read none, or
    /// when the part stored holds it already (whole, under the same key
    /// and program: the same bytes).
    pub fn to_stored(&self, model: &Model, program: &str) -> Option<Vec<u8>> {
        let (key, diags) = self
            .made
            .as_ref()
            .filter(|(k, _)| self.stored_key != Some(*k))?;
        stored::encode(*key, &stored::Part::of(model, diags), program)
    }

    /// Drops the part kept: there is no key to take it under.
    pub(super) fn forget(&mut self) {
        self.kept = None;
        self.stored = Default::default();
        self.stored_body = None;
    }

    /// Whether it is keyed by contents (see [`ReadCache::stored`]).
    pub(super) fn by_contents(&self) -> bool {
        self.contents
    }

    /// The Markdown files' bytes the build's fingerprint hashed, taken out
    /// (see [`super::inputs::Hashes::take_texts`]); none without one.
    pub(super) fn take_texts(&mut self) -> super::inputs::Texts {
        self.known.take_texts()
    }

    /// Whether the last read took the incident part from this cache.
    pub fn hit(&self) -> bool {
        self.hit
    }

    /// How many notes the last read parsed (the others were kept).
    pub fn notes_parsed(&self) -> usize {
        self.parsed
    }

    /// The place register `path` as `read` reads it, kept while the
    /// file's size and time stay the same.
    pub(super) fn register(
        &mut self,
        path: &Path,
        read: impl FnOnce(&mut Diagnostics) -> Vec<(Place, Vec<String>)>,
    ) -> Register {
        let key = (path.to_path_buf(), stamp(path));
        match &self.register {
            Some((at, kept)) if *at == key => kept.clone(),
            _ => {
                let mut diags = Diagnostics::default();
                let places = read(&mut diags);
                let kept = (places, diags);
                self.register = Some((key, kept.clone()));
                kept
            }
        }
    }

    /// What note `path` made when read last, if that was under `key` and
    /// its text was `text`.
    pub(super) fn note(&self, path: &Path, key: u64, text: &str) -> Option<&Note> {
        (self.notes.get(path)).filter(|n| n.key == key && n.text == text)
    }

    /// Keeps the notes of `files` just read: those `parsed` anew, and
    /// the others as kept (a note no longer there, or unreadable, is
    /// forgotten).
    pub(super) fn keep_notes(&mut self, files: &[PathBuf], mut parsed: HashMap<PathBuf, Note>) {
        self.parsed = parsed.len();
        let mut kept = std::mem::take(&mut self.notes);
        self.notes = (files.iter())
            .filter_map(|p| Some((p.clone(), parsed.remove(p).or_else(|| kept.remove(p))?)))
            .collect();
    }

    /// Fills `model`'s incident part from the cache when `key` is the key
    /// it was kept under; `false` (and nothing changed) otherwise. A part
    /// read back from disk has no areas (they are made from `polygons`,
    /// those of the areas file) and is taken, not copied (its incidents
    /// are used where they lie in the file's bytes), and only when it fits
    /// what this build read (see [`stored::fits`]); one that is not taken
    /// is dropped at once (its bytes, mapped or read, would otherwise be
    /// held beside the rows read instead).
    pub(super) fn restore(&mut self, key: u64, model: &mut Model, found: Found) -> bool {
        self.hit = false;
        if self.contents {
            let (bytes, body) = (std::mem::take(&mut self.stored), self.stored_body.take());
            if self.stored_key != Some(key) {
                return false;
            }
            let Some((_, mut k)) = body.and_then(|b| stored::decode_body(bytes, b)) else {
                return false;
            };
            let areas = super::areas::with_register(found.polygons.to_vec(), &k.places);
            if !stored::fits(&k, model, areas.len(), found.config, found.dates) {
                return false;
            }
            found.diags.extend(std::mem::take(&mut k.diags));
            fill(model, k, areas);
            self.hit = true;
            return true;
        }
        let Some((_, k)) = self.kept.as_ref().filter(|(at, _)| *at == key) else {
            return false;
        };
        let mut k = k.clone();
        found.diags.extend(std::mem::take(&mut k.diags));
        let areas = k.areas.take().unwrap_or_default();
        fill(model, k, areas);
        self.hit = true;
        true
    }

    /// Keeps `model`'s incident part, just read, and the problems found
    /// reading it.
    pub(super) fn keep(&mut self, key: u64, model: &Model, diags: &Diagnostics) {
        if self.contents {
            // Stored from the model itself, not a copy.
            self.made = Some((key, diags.clone()));
            return;
        }
        self.kept = Some((
            key,
            Kept {
                places: model.places.clone(),
                descriptions: model.descriptions.clone(),
                incidents: model.incidents.clone(),
                areas: Some(model.areas.clone()),
                organisations: model.organisations.clone(),
                rows: model.rows,
                files: model.files,
                sources: model.sources.clone(),
                diags: diags.clone(),
            },
        ));
    }
}

/// What [`ReadCache::restore`] checks a part read back from disk against,
/// and where it puts its problems.
pub(super) struct Found<'a> {
    /// The areas file's areas.
    pub polygons: &'a [Area],
    pub config: &'a crate::config::Config,
    /// The first and last day a row may have.
    pub dates: (NaiveDate, NaiveDate),
    pub diags: &'a mut Diagnostics,
}

/// Fills `model`'s incident part with `k`'s, and `areas`.
fn fill(model: &mut Model, k: Kept, areas: Vec<Area>) {
    model.places = k.places;
    model.descriptions = k.descriptions;
    model.incidents = k.incidents;
    model.areas = areas;
    model.organisations = k.organisations;
    model.rows = k.rows;
    model.files = k.files;
    model.sources = k.sources;
}

/// The key of an incident part: everything reading it depends on, each
/// file by its size and time; or, for a cache keyed by contents (`cache`
/// given), by its contents, and every other input file but the notes
/// with them (so the key is the model's data key too: see
/// [`ReadCache::stored`]). None when the site's input folders cannot be
/// walked.
pub(super) fn key(
    site_dir: &Path,
    incident_files: &[PathBuf],
    areas_file: &Path,
    today: NaiveDate,
    cache: Option<&ReadCache>,
) -> Option<u64> {
    use rayon::prelude::*;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // The problems kept are in the language messages are made in.
    (today, cache.is_some(), crate::messages::language()).hash(&mut h);
    let fixed = [
        site_dir.join(crate::config::CONFIG_FILE),
        site_dir.join("content").join("places.toml"),
        areas_file.to_path_buf(),
    ];
    if let Some(c) = cache {
        let notes = site_dir.join("content").join("meetings");
        // The input files the fingerprint hashed, else walked for here.
        let walked;
        let others: Vec<&PathBuf> = match c.known.is_empty() {
            false => c.known.paths().collect(),
            true => {
                walked = super::inputs::files(site_dir, c.output.as_deref()).ok()?;
                walked.iter().collect()
            }
        };
        let files: std::collections::BTreeSet<&PathBuf> = (fixed.iter())
            .chain(incident_files)
            .chain(others.into_iter().filter(|p| !p.starts_with(&notes)))
            .collect();
        let files: Vec<&PathBuf> = files.into_iter().collect();
        let each: Vec<Option<u64>> = (files.par_iter())
            .map(|p| c.known.of(site_dir, p))
            .collect();
        (files, each).hash(&mut h);
    } else {
        for path in fixed.iter().chain(incident_files) {
            (path, stamp(path)).hash(&mut h);
        }
    }
    Some(h.finish())
}

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()))
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
