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

use super::lock::OutDir;

/// The public counts' protections.
pub const KEPT_FILE: &str = ".lagesbild.protected";

/// The incident files' part of the model.
pub const READ_FILE: &str = ".lagesbild.read";

impl OutDir {
    /// The kept text, empty when there is none.
    pub fn kept(&self) -> String {
        std::fs::read_to_string(self.path(KEPT_FILE)).unwrap_or_default()
    }

    /// Replaces the kept text.
    pub fn keep(&self, text: &str) -> std::io::Result<()> {
        super::replace_file(&self.path(KEPT_FILE), text)
    }

    /// The read part kept, empty when there is none.
    pub fn kept_read(&self) -> Vec<u8> {
        std::fs::read(self.path(READ_FILE)).unwrap_or_default()
    }

    /// Replaces the read part kept (not flushed to disk: it checks
    /// itself, and one torn by a crash is read again from the sources).
    pub fn keep_read(&self, bytes: &[u8]) -> std::io::Result<()> {
        super::file::replace_bytes(&self.path(READ_FILE), bytes, false)
    }

    /// Removes the read part kept (`--force`: every incident file read
    /// again).
    pub fn forget_read(&self) -> std::io::Result<()> {
        self.remove_record(READ_FILE)
    }
}
