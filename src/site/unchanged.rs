//! `lagesbild build` with nothing to do does nothing.
//!
//! A build's bytes follow from its inputs: every file of the site folder,
//! the program, the day (overdue actions, rows dated after today) and the
//! outputs chosen. [`Site::build_if_changed`] makes a key of these, and
//! when the output folder's record (`output::MANIFEST_FILE`) holds the
//! same key and every file it lists is still as written, it writes
//! nothing and says so; otherwise it builds in full and records the key.
//! A build with warnings is not recorded, so they are printed by every
//! build until they are fixed. (The ledger's advice, "no ledger" or
//! "periods waiting for a release", is not a problem of the input: it is
//! said by every build that builds.) Library callers (`Site::build`) build
//! in full always.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{BuildError, Site, Summary};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::output::{OutDir, Part};
use crate::progress::Progress;
use crate::source::inputs::{Hashes, fingerprint_and_hashes};
use crate::source::seen::{Seen, Trust};

/// What [`Site::build_if_changed`] did.
pub enum Built {
    /// A full build.
    Full(Box<Site>, Summary),
    /// Nothing to do: the outputs (name, folder, pages, files) are those
    /// the last build wrote from the same inputs.
    UpToDate {
        outputs: Vec<(String, PathBuf, usize, usize)>,
        elapsed: Duration,
    },
}

impl Site {
    /// [`Site::build_with`], unless the output folder already holds what
    /// it would write (see the module doc); with `force`, in full anyway,
    /// every page rendered again (and recorded).
    pub fn build_if_changed(
        dir: &Path,
        out_dir: &Path,
        only: Option<&str>,
        progress: &dyn Progress,
        force: bool,
    ) -> Result<Built, BuildError> {
        let started = Instant::now();
        let out = OutDir::open(out_dir).map_err(BuildError::Write)?;
        let (key, mut hashes) = key(dir, &out, only, force).unzip();
        if let Some(key) = key
            && !force
            && out.recovered.is_empty()
            && let Some(outputs) = out.up_to_date(key)
        {
            // The large files' record, when it has news (a file hashed
            // anew has settled since): a part kept like a build's.
            let seen = hashes.as_mut().and_then(Hashes::take_seen);
            if seen.is_some() {
                let stamp = program_stamp().unwrap_or_default();
                let parts = super::kept::Parts::new(&out, &stamp, false);
                parts.keep_seen(seen);
                parts.commit();
            }
            let outputs = outputs
                .into_iter()
                .map(|(name, pages, files)| (name.clone(), out_dir.join(name), pages, files))
                .collect();
            return Ok(Built::UpToDate {
                outputs,
                elapsed: started.elapsed(),
            });
        }
        if force {
            // In full: every page rendered again, none taken as it is.
            (out.forget_pages()).map_err(|e| BuildError::Write(out.stage_error(e)))?;
        }
        // And every incident file read and analysed again (what the last
        // build kept of them is replaced only if this one succeeds).
        let before = super::Before {
            key,
            fresh: force,
            hashes: hashes.unwrap_or_default(),
        };
        let (site, summary) = Site::full_build(dir, &out, only, progress, before, started)?;
        Ok(Built::Full(Box::new(site), summary))
    }
}

/// The program's path, size and time, as text: a rebuilt program gets
/// another stamp. `None` when it cannot be read.
pub(super) fn program_stamp() -> Option<String> {
    let p = std::env::current_exe().ok()?;
    let m = std::fs::metadata(&p).ok()?;
    let time = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (p, m.len(), time, env!("CARGO_PKG_VERSION")).hash(&mut h);
    Some(format!("{:016x}", h.finish()))
}

/// The key of a build's inputs, with the hash of each input file it was
/// made of; `None` when the configuration cannot be read (the build then
/// reports why) or a file cannot be read. The large files the last build
/// recorded in `out` as it hashed them are taken as hashed while they are
/// the same files (see [`crate::source::seen`]); not with `force`.
fn key(dir: &Path, out: &OutDir, only: Option<&str>, force: bool) -> Option<(u64, Hashes)> {
    let config = Config::load(dir, &mut Diagnostics::default())?;
    let tz = config.timezone().unwrap_or(chrono_tz::Europe::Stockholm);
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let program = program_stamp()?;
    let seen = match force {
        true => Seen::default(),
        false => Seen::stored(&out.kept_part(Part::Inputs), &program),
    };
    let (inputs, hashes) = fingerprint_and_hashes(dir, out.dir(), Trust::now(&seen)).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (inputs, today, program, only, env!("CARGO_PKG_VERSION")).hash(&mut h);
    Some((h.finish(), hashes))
}
