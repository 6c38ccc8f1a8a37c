//! What went wrong writing the outputs, each message saying what state
//! the output folder is in afterwards.

use std::fmt;
use std::path::PathBuf;

use super::{JOURNAL_FILE, OLD_DIR, STAGING_DIR};

/// One output's state after a swap stopped half-way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputState {
    /// The new build is in place.
    New,
    /// The previous build is in place; the new one waits in staging.
    Previous,
    /// Moved aside: the previous build is in `.lagesbild.old/NAME`, the
    /// new one in `.lagesbild.staging/NAME`.
    Missing,
    /// There was no previous one and the new one waits in staging.
    NeverBuilt,
    /// Neither is where it should be (someone removed it meanwhile).
    Lost,
}

/// Why the outputs could not be written, and where that leaves them.
#[derive(Debug)]
pub enum WriteError {
    /// Another build holds the folder's lock.
    Busy { dir: PathBuf },
    /// The folder or its lock file could not be made or locked.
    Lock { dir: PathBuf, error: String },
    /// An interrupted build's swap could not be finished.
    Recover {
        dir: PathBuf,
        error: String,
        states: Vec<(String, OutputState)>,
    },
    /// An interrupted build's leftovers could not be removed.
    Leftovers { dir: PathBuf, error: String },
    /// Writing the staged outputs failed; nothing was replaced.
    Stage { dir: PathBuf, error: String },
    /// A rename failed and the swap was undone; nothing was replaced.
    SwapUndone { dir: PathBuf, error: String },
    /// A rename failed and undoing failed too.
    SwapHalf {
        dir: PathBuf,
        error: String,
        states: Vec<(String, OutputState)>,
    },
    /// The new outputs are in place but the previous ones not removed.
    Cleanup { dir: PathBuf, error: String },
}

impl WriteError {
    /// True when another build holds the lock.
    pub fn is_busy(&self) -> bool {
        matches!(self, WriteError::Busy { .. })
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Busy { dir } => write!(
                f,
                "another build is writing to {d} (it holds the lock on that folder); \
                 nothing was written by this one, {d} is as that build leaves it. \
                 Build again when it has finished",
                d = dir.display()
            ),
            WriteError::Lock { dir, error } => write!(
                f,
                "cannot lock {d}: {error}; nothing was written, \
                 {d} is as it was",
                d = dir.display()
            ),
            WriteError::Recover { dir, error, states } => write!(
                f,
                "{d} holds a swap that an interrupted build did not finish \
                 ({d}/{JOURNAL_FILE}), and finishing it failed: {error}. {}. \
                 Nothing else was written; fix the cause and build again: the next \
                 build finishes the swap first",
                describe(states),
                d = dir.display()
            ),
            WriteError::Leftovers { dir, error } => write!(
                f,
                "cannot remove what an interrupted build left in {d}: {error}; \
                 nothing was written, the outputs in {d} are those of the last \
                 complete build",
                d = dir.display()
            ),
            WriteError::Stage { dir, error } => write!(
                f,
                "cannot write the new outputs ({d}/{STAGING_DIR}): {error}; \
                 nothing was replaced, {d} holds the previous build",
                d = dir.display()
            ),
            WriteError::SwapUndone { dir, error } => write!(
                f,
                "swapping the new outputs into {d} failed: {error}; the swap was \
                 undone: nothing was replaced, {d} holds the previous build",
                d = dir.display()
            ),
            WriteError::SwapHalf { dir, error, states } => write!(
                f,
                "swapping the new outputs into {d} failed and could not be undone: \
                 {error}. {}. Fix the cause and build again: the next build finishes \
                 the swap first ({d}/{JOURNAL_FILE})",
                describe(states),
                d = dir.display()
            ),
            WriteError::Cleanup { dir, error } => write!(
                f,
                "the new outputs are in place in {d}, but removing the previous ones \
                 failed: {error}; the next build removes them",
                d = dir.display()
            ),
        }
    }
}

/// "Now internal: the new build; public: …".
fn describe(states: &[(String, OutputState)]) -> String {
    let parts: Vec<String> = states
        .iter()
        .map(|(name, s)| {
            let what = match s {
                OutputState::New => "the new build".to_string(),
                OutputState::Previous => "the previous build".to_string(),
                OutputState::Missing => format!(
                    "missing (the previous build is in {OLD_DIR}/{name}, \
                     the new one in {STAGING_DIR}/{name})"
                ),
                OutputState::NeverBuilt => {
                    format!("not there yet (the new one is in {STAGING_DIR}/{name})")
                }
                OutputState::Lost => "missing".to_string(),
            };
            format!("{name}: {what}")
        })
        .collect();
    if parts.is_empty() {
        "The outputs are as the interrupted build left them".into()
    } else {
        format!("Now {}", parts.join("; "))
    }
}
