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

use std::sync::{Mutex, PoisonError};

use super::lock::OutDir;

/// The public counts' protections.
pub const KEPT_FILE: &str = ".lagesbild.protected";

/// The incident files' part of the model.
pub const READ_FILE: &str = ".lagesbild.read";

/// The analysis of the incident data.
pub const ANALYSIS_FILE: &str = ".lagesbild.analysis";

/// A part kept as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Read,
    Analysis,
}

impl Part {
    /// Its file in the output folder.
    pub fn file(self) -> &'static str {
        match self {
            Part::Read => READ_FILE,
            Part::Analysis => ANALYSIS_FILE,
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

    /// The part kept, empty when there is none.
    pub fn kept_part(&self, part: Part) -> Vec<u8> {
        std::fs::read(self.path(part.file())).unwrap_or_default()
    }

    /// Parts to keep, put in place once the build has succeeded
    /// ([`Pending::commit`]).
    pub fn pending(&self) -> Pending<'_> {
        Pending {
            out: self,
            parts: Mutex::default(),
        }
    }

    /// Removes the parts kept (`--force`: every incident file read and
    /// analysed again).
    pub fn forget_parts(&self) -> std::io::Result<()> {
        self.remove_record(READ_FILE)?;
        self.remove_record(ANALYSIS_FILE)
    }
}

/// Parts written for the next build beside their place (`.NAME.tmp`),
/// and put in place by [`Pending::commit`] only: a build that fails
/// leaves the parts the last one kept as they were, and the files it
/// wrote are removed when this is dropped (an interrupted build's, by the
/// next build's clean-up).
pub struct Pending<'a> {
    out: &'a OutDir,
    parts: Mutex<Vec<Part>>,
}

impl Pending<'_> {
    /// Writes `bytes` for `part` beside its place (not flushed to disk: a
    /// part checks itself, and one torn by a crash is made again).
    pub fn put(&self, part: Part, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::write(self.tmp(part), bytes)?;
        let mut parts = self.parts.lock().unwrap_or_else(PoisonError::into_inner);
        parts.push(part);
        Ok(())
    }

    /// Puts every part written in its place.
    pub fn commit(self) -> std::io::Result<()> {
        let parts = std::mem::take(&mut *self.parts.lock().unwrap_or_else(PoisonError::into_inner));
        for part in parts {
            std::fs::rename(self.tmp(part), self.out.path(part.file()))?;
        }
        Ok(())
    }

    fn tmp(&self, part: Part) -> std::path::PathBuf {
        self.out.path(&format!(".{}.tmp", part.file()))
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        let parts = std::mem::take(self.parts.get_mut().unwrap_or_else(PoisonError::into_inner));
        for part in parts {
            let _ = std::fs::remove_file(self.tmp(part));
        }
    }
}
