//! What a build keeps for the next beside its outputs, only ever to go
//! faster: a missing, damaged or foreign file means computing again, so
//! each may be deleted at will.
//!
//! - `.lagesbild.protected`: the public counts' protections
//!   (`audience::protected`), as text.
//! - `.lagesbild.read`: the incident files' part of the model as the last
//!   build read it (`source::ReadCache::stored`), as bytes. It holds the
//!   incidents' descriptions, which are internal: like `internal/`, the
//!   output folder as a whole is for staff.
//! - `.lagesbild.analysis`: what the analysis made of the incident data
//!   (`analysis::AnalysisCache::stored`), as bytes.
//! - `.lagesbild.views`: the fingerprints of the internal pages' parts
//!   made from the incident data (`audience::memo::Prints`), as bytes.
//! - `.lagesbild.search`: each output's pages' search documents by the
//!   fingerprints of their views (`render::search::KeptDocs`), as bytes.
//! - `.lagesbild.inputs`: the large input files as the last build hashed
//!   them (`source::seen`), as text: their paths below the site folder,
//!   inodes, sizes, times and hashes.
//! - `.lagesbild.folders`: the outputs' folders as the last two builds
//!   left them (`super::folders`), as bytes: hashes of their paths and
//!   names, inodes and times.

use std::sync::{Mutex, PoisonError};

use super::lock::OutDir;
use crate::framed::Bytes;

/// The public counts' protections.
pub const KEPT_FILE: &str = ".lagesbild.protected";

/// The incident files' part of the model.
pub const READ_FILE: &str = ".lagesbild.read";

/// The analysis of the incident data.
pub const ANALYSIS_FILE: &str = ".lagesbild.analysis";

/// The fingerprints of the views of the incident data.
pub const VIEWS_FILE: &str = ".lagesbild.views";

/// The search documents of the pages.
pub const SEARCH_FILE: &str = ".lagesbild.search";

/// The large input files as hashed.
pub const INPUTS_FILE: &str = ".lagesbild.inputs";

/// The outputs' folders as left.
pub const FOLDERS_FILE: &str = ".lagesbild.folders";

/// The largest part read back (a million incidents take 32 MB).
const LARGEST: u64 = 4 << 30;

/// The smallest part mapped into memory rather than read (see
/// [`crate::framed::Bytes`]): below it reading costs little.
const MAPPED: u64 = 1 << 20;

/// A part kept as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Read,
    Analysis,
    Views,
    Search,
    Inputs,
    Folders,
}

impl Part {
    /// Its file in the output folder.
    pub fn file(self) -> &'static str {
        match self {
            Part::Read => READ_FILE,
            Part::Analysis => ANALYSIS_FILE,
            Part::Views => VIEWS_FILE,
            Part::Search => SEARCH_FILE,
            Part::Inputs => INPUTS_FILE,
            Part::Folders => FOLDERS_FILE,
        }
    }
}

impl OutDir {
    /// The kept text, empty when there is none.
    pub fn kept(&self) -> String {
        std::fs::read_to_string(self.path(KEPT_FILE)).unwrap_or_default()
    }

    /// Replaces the kept text.
    pub fn keep(&self, text: &str) -> std::io::Result<()> {
        super::replace_file(&self.path(KEPT_FILE), text)
    }

    /// The part kept, empty when there is none, or when it is not a file
    /// (a link, a device) or larger than [`LARGEST`]; a large one mapped
    /// into memory.
    pub fn kept_part(&self, part: Part) -> Bytes {
        let path = self.path(part.file());
        let file = std::fs::symlink_metadata(&path).ok();
        let Some(len) = file.filter(|m| m.is_file()).map(|m| m.len()) else {
            return Bytes::default();
        };
        match len {
            ..MAPPED => std::fs::read(&path).unwrap_or_default().into(),
            MAPPED..=LARGEST => mapped(&path).unwrap_or_default(),
            _ => Bytes::default(),
        }
    }

    /// Parts to keep, put in place once the build has succeeded
    /// ([`Pending::commit`]).
    pub fn pending(&self) -> Pending<'_> {
        Pending {
            out: self,
            parts: Mutex::default(),
        }
    }
}

/// The file at `path` mapped into memory, read only; none when it is not
/// a regular file of at most [`LARGEST`] bytes once open.
fn mapped(path: &std::path::Path) -> Option<Bytes> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > LARGEST {
        return None;
    }
    // SAFETY: the map is only read: while the build decodes the part (its
    // frame's check covers every byte, see `crate::framed`, and every
    // value decoded is checked again before it is used; the decoders hold
    // no `unsafe` of their own), and, for the read part's incidents, which
    // are used where they lie in it (`model::Incidents`), until the views
    // are made. Any bytes there are some incidents (plain numbers, see
    // `model::Incident`), checked to fit once taken. No build changes the
    // file meanwhile: builds of one output folder take its lock, and a
    // part is replaced by renaming a new file over it, which leaves the
    // mapped file whole. Only another program writing into the file or
    // cutting it short at that moment would break this (bytes changing
    // under the build after their check, or a fault), as it would for any
    // program that maps a file (git its index, ripgrep what it searches);
    // these files are the build's own, beside its outputs, which such a
    // program could as well rewrite.
    unsafe { memmap2::Mmap::map(&file) }.ok().map(Bytes::Mapped)
}

/// Parts written for the next build beside their place (`.NAME.tmp`),
/// and put in place by [`Pending::commit`] only: a build that fails
/// leaves the parts the last one kept as they were. Every file begun is
/// removed when this is dropped (an interrupted build's, by the next
/// build's clean-up); only one written whole is put in place.
pub struct Pending<'a> {
    out: &'a OutDir,
    /// Parts whose file was begun, and those written whole.
    parts: Mutex<(Vec<Part>, Vec<Part>)>,
}

impl Pending<'_> {
    /// Writes `bytes` for `part` beside its place (not flushed to disk: a
    /// part checks itself, and one torn by a crash is made again).
    pub fn put(&self, part: Part, bytes: &[u8]) -> std::io::Result<()> {
        self.lock().0.push(part);
        // A new file, never one found there (a link planted since the
        // build's clean-up is removed, not written through).
        let mut file = super::file::new_file(&self.tmp(part))?;
        std::io::Write::write_all(&mut file, bytes)?;
        self.lock().1.push(part);
        Ok(())
    }

    /// Puts every part written whole in its place.
    pub fn commit(self) -> std::io::Result<()> {
        let written = std::mem::take(&mut self.lock().1);
        for part in written {
            std::fs::rename(self.tmp(part), self.out.path(part.file()))?;
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Vec<Part>, Vec<Part>)> {
        self.parts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn tmp(&self, part: Part) -> std::path::PathBuf {
        self.out.path(&format!(".{}.tmp", part.file()))
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        let begun = std::mem::take(&mut self.lock().0);
        for part in begun {
            // Gone already when it was put in place.
            let _ = std::fs::remove_file(self.tmp(part));
        }
    }
}
