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
        let text = match self {
            WriteError::Busy { dir } => crate::msg!("write_busy", dir = dir.display()),
            WriteError::Lock { dir, error } => {
                crate::msg!("write_lock", dir = dir.display(), error = error)
            }
            WriteError::Recover { dir, error, states } => crate::msg!(
                "write_recover",
                dir = dir.display(),
                journal = JOURNAL_FILE,
                error = error,
                states = describe(states)
            ),
            WriteError::Leftovers { dir, error } => {
                crate::msg!("write_leftovers", dir = dir.display(), error = error)
            }
            WriteError::Stage { dir, error } => crate::msg!(
                "write_stage",
                dir = dir.display(),
                staging = STAGING_DIR,
                error = error
            ),
            WriteError::SwapUndone { dir, error } => {
                crate::msg!("write_swap_undone", dir = dir.display(), error = error)
            }
            WriteError::SwapHalf { dir, error, states } => crate::msg!(
                "write_swap_half",
                dir = dir.display(),
                journal = JOURNAL_FILE,
                error = error,
                states = describe(states)
            ),
            WriteError::Cleanup { dir, error } => {
                crate::msg!("write_cleanup", dir = dir.display(), error = error)
            }
        };
        f.write_str(&text)
    }
}

/// "Now internal: the new build; public: …".
fn describe(states: &[(String, OutputState)]) -> String {
    let parts: Vec<String> = states
        .iter()
        .map(|(name, s)| {
            let what = match s {
                OutputState::New => crate::msg!("state_new"),
                OutputState::Previous => crate::msg!("state_previous"),
                OutputState::Missing => crate::msg!(
                    "state_missing_moved",
                    old = OLD_DIR,
                    staging = STAGING_DIR,
                    name = name
                ),
                OutputState::NeverBuilt => {
                    crate::msg!("state_never_built", staging = STAGING_DIR, name = name)
                }
                OutputState::Lost => crate::msg!("state_lost"),
            };
            format!("{name}: {what}")
        })
        .collect();
    if parts.is_empty() {
        crate::msg!("states_unknown")
    } else {
        crate::msg!("states_now", states = parts.join("; "))
    }
}
