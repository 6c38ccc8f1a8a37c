//! `.lagesbild.built`: what the last build wrote, so that a build with
//! nothing to do does nothing.
//!
//! Builds are deterministic: the same inputs, program and day give the
//! same bytes. After writing, a build records in the output folder the
//! key of its inputs (made by the caller: the site folder's fingerprint,
//! the program, the day, the outputs chosen) and every file it wrote with
//! its size and modification time. The next build with the same key
//! lists the same outputs again and, when every file is still there as
//! written (no file added, removed, resized or touched), writes nothing.
//! Any difference means a full build. The record is removed before any
//! output changes and written only after the swap, so an interrupted build
//! never leaves a record of outputs it did not finish.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use super::lock::OutDir;

/// The record's name in the output folder.
pub const MANIFEST_FILE: &str = ".lagesbild.built";

const HEADER: &str = "lagesbild build 1";

/// One output as recorded: its name, pages and files.
pub type Recorded = (String, usize, usize);

impl OutDir {
    /// The outputs the last build wrote under `key`, when every file of
    /// them is still as it was written; `None` otherwise.
    pub fn up_to_date(&self, key: u64) -> Option<Vec<Recorded>> {
        let text = std::fs::read_to_string(self.path(MANIFEST_FILE)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER || lines.next()? != format!("key {key:016x}") {
            return None;
        }
        let outputs: Vec<Recorded> = lines
            .filter_map(|l| l.strip_prefix("output "))
            .filter_map(|l| {
                let mut f = l.split(' ');
                Some((
                    f.next()?.to_string(),
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                ))
            })
            .collect();
        let names: Vec<&str> = outputs.iter().map(|(n, _, _)| n.as_str()).collect();
        (!outputs.is_empty() && record(self.dir(), key, &names).ok()? == text).then_some(outputs)
    }

    /// Removes the records that describe the current outputs (this one
    /// and the pages', `super::pages`): [`OutDir::commit`] does before
    /// the outputs change, so neither ever describes outputs it did not
    /// see.
    pub(super) fn forget(&self) -> std::io::Result<()> {
        self.remove_record(MANIFEST_FILE)?;
        self.remove_record(super::PAGES_FILE)
    }

    /// Removes the record `name` from the output folder, if there.
    pub(super) fn remove_record(&self, name: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Records the outputs as they are now, under `key`: each by its name
    /// and its files, as [`super::Staging::files`] gives them (the files
    /// are looked at, not the folders walked), but those `known` gives the
    /// size and time of (by output and path: the files of pages staged
    /// again as the page record had them, see [`super::PageRecord::known`]).
    pub fn record(
        &self,
        key: u64,
        outputs: &[(&str, Vec<String>)],
        known: &super::pages::Known,
    ) -> std::io::Result<()> {
        let listed = (outputs.iter())
            .map(|(name, files)| {
                Ok((
                    *name,
                    listed(&self.path(name), files, |f| known.get(name, f))?,
                ))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        super::replace_file(&self.path(MANIFEST_FILE), &text(key, &listed))
    }
}

/// A file as recorded: its path below its output, size and modification
/// time (ns since 1970).
type Listed = (String, u64, u128);

/// The record of the outputs `names` below `dir` as they are now, their
/// folders walked.
fn record(dir: &Path, key: u64, names: &[&str]) -> std::io::Result<String> {
    let listed = (names.iter())
        .map(|name| Ok((*name, walked(&dir.join(name))?)))
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(text(key, &listed))
}

/// The record's text of `outputs`, each with its files.
fn text(key: u64, outputs: &[(&str, Vec<Listed>)]) -> String {
    let mut text = format!("{HEADER}\nkey {key:016x}\n");
    for (name, files) in outputs {
        let pages = files.iter().filter(|f| f.0.ends_with(".html")).count();
        let _ = writeln!(text, "output {name} {pages} {}", files.len());
        for (path, len, time) in files {
            let _ = writeln!(text, "{path}\t{len}\t{time}");
        }
    }
    text
}

/// The files below `root`, each folder's entries sorted by name.
fn walked(root: &Path) -> std::io::Result<Vec<Listed>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let meta = entry.metadata().map_err(std::io::Error::other)?;
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.push((rel.to_string_lossy().into_owned(), meta.len(), time(&meta)?));
        }
    }
    Ok(files)
}

/// The files `files` below `root` (each must be a file), looked at in
/// parallel unless `known` gives their size and time.
fn listed(
    root: &Path,
    files: &[String],
    known: impl Fn(&str) -> Option<(u64, u128)> + Sync,
) -> std::io::Result<Vec<Listed>> {
    files
        .par_iter()
        .map(|rel| {
            if let Some((len, time)) = known(rel) {
                return Ok((rel.clone(), len, time));
            }
            let meta = std::fs::symlink_metadata(root.join(rel))?;
            if !meta.is_file() {
                return Err(std::io::Error::other(format!("{rel}: not a file")));
            }
            Ok((rel.clone(), meta.len(), time(&meta)?))
        })
        .collect()
}

fn time(meta: &std::fs::Metadata) -> std::io::Result<u128> {
    Ok(meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos()))
}
