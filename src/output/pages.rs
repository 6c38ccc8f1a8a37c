//! `.lagesbild.pages`: which files each page of the current outputs is,
//! and the fingerprint of the view it was rendered from, so that the next
//! build stages an unchanged page's files again instead of rendering it.
//!
//! A coordinator who edits one note changes a few pages; rendering the
//! thousands of others again was most of a command-line build after such
//! an edit. A page's files are staged again only when all of these
//! hold: the same program (its stamp heads the record), the same
//! site-wide context of the output (the site data, the theme's templates
//! and words: its key), the same view (the page's fingerprint), and every
//! file of the page still the file this record found after the last
//! build (size, modification time and inode), taken from the staging
//! folder's seed (the output the last swap replaced, which shares the
//! unchanged files) or else from the current output. A file edited in
//! place by hand since is rendered again; one replaced or removed in the
//! current output is staged again as recorded while the seed holds it,
//! else rendered again. The record is removed before the
//! outputs change and written after, so it never describes outputs it
//! did not see. Only ever an optimisation: a missing or damaged record
//! means rendering every page.
//!
//! The trust is make's: a file whose size, time and inode are as
//! recorded is taken to hold what was written. Staged files are not
//! flushed to disk (the outputs survive a stopped process, not a power
//! cut: `output`'s module doc), so after a power cut that damaged a
//! file's bytes but not its size and time the page stays damaged until
//! its view changes or a build with `--force`; before this record, the
//! next build compared the bytes and mended it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
use std::fs;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use super::lock::OutDir;
use super::staging::Staging;
use crate::render::Made;

/// The record's name in the output folder.
pub const PAGES_FILE: &str = ".lagesbild.pages";

const HEADER: &str = "lagesbild pages 1";

/// A file as the record found it: its path below the output, size,
/// modification time (ns) and inode.
type Stamp = (String, u64, i128, u64);

/// The previous build's pages of one output, by path: the view's
/// fingerprint and the page's files.
type Pages = HashMap<String, (u64, Vec<Stamp>)>;

/// The record the last build left, under the program stamp it was read
/// with: per output, the site-wide context's key and its pages.
#[derive(Default)]
pub struct PageRecord {
    outputs: HashMap<String, (u64, Pages)>,
    /// The pages [`PageRecord::reuse`] staged again, by output, by path:
    /// their files are the very files recorded (each kept file is the
    /// same inode), so the next record takes their stamps from this one
    /// instead of looking at thousands of files again.
    reused: Mutex<HashMap<String, HashSet<String>>>,
}

impl OutDir {
    /// The record of the current outputs, when written by `program`;
    /// empty otherwise.
    pub fn page_record(&self, program: &str) -> PageRecord {
        let text = fs::read_to_string(self.path(PAGES_FILE)).unwrap_or_default();
        PageRecord::parse(&text, program).unwrap_or_default()
    }

    /// Removes the record (`--force`: every page rendered again);
    /// [`OutDir::commit`] removes it too, before the outputs change.
    pub fn forget_pages(&self) -> std::io::Result<()> {
        self.remove_record(PAGES_FILE)
    }

    /// Records the pages of the outputs just committed: per output, its
    /// name, the key of its site-wide context and its pages; the files of
    /// a page `before` staged again as they were recorded there.
    pub fn record_pages(
        &self,
        program: &str,
        outputs: &[(&str, u64, &[Made])],
        before: &PageRecord,
    ) -> std::io::Result<()> {
        let mut text = format!("{HEADER} {program}\n");
        for (name, key, pages) in outputs {
            let root = self.path(name);
            let _ = writeln!(text, "output\t{name}\t{key:016x}");
            // A path that would break the line is not recorded (and so
            // rendered again next time); the output's paths are slugs.
            let plain = |p: &str| !p.contains(['\t', '\n', '\r']);
            let pages = pages
                .iter()
                .filter(|p| plain(&p.path) && p.files.iter().all(|f| plain(f)));
            // Each page's files looked at in parallel; lines in page order.
            let lines: Vec<Option<String>> = (pages.collect::<Vec<_>>().par_iter())
                .map(|page| {
                    // A page staged again has its files' stamps recorded;
                    // the others' are looked up (none where not as
                    // rendered, removed meanwhile: not kept).
                    let stamps: Vec<Stamp> = match before.reused(name, page) {
                        Some(files) => files.to_vec(),
                        None => (page.files.iter())
                            .map(|file| {
                                let found = fs::symlink_metadata(root.join(file)).ok()?;
                                let (len, time, ino) = stamp(&found)?;
                                Some((file.clone(), len, time, ino))
                            })
                            .collect::<Option<_>>()?,
                    };
                    let mut line = format!("page\t{:016x}\t{}", page.hash, page.path);
                    for (file, len, time, ino) in stamps {
                        let _ = write!(line, "\t{file}\t{len}\t{time}\t{ino}");
                    }
                    line.push('\n');
                    Some(line)
                })
                .collect();
            text.extend(lines.into_iter().flatten());
        }
        super::replace_file(&self.path(PAGES_FILE), &text)
    }
}

impl PageRecord {
    fn parse(text: &str, program: &str) -> Option<PageRecord> {
        let mut lines = text.lines();
        if lines.next()? != format!("{HEADER} {program}") {
            return None;
        }
        let mut record = PageRecord::default();
        let mut current: Option<&mut (u64, Pages)> = None;
        for line in lines {
            let mut f = line.split('\t');
            match f.next()? {
                "output" => {
                    let name = f.next()?.to_string();
                    let key = u64::from_str_radix(f.next()?, 16).ok()?;
                    current = Some(
                        record
                            .outputs
                            .entry(name)
                            .or_insert((key, Pages::default())),
                    );
                }
                "page" => {
                    let hash = u64::from_str_radix(f.next()?, 16).ok()?;
                    let path = f.next()?.to_string();
                    let mut files = Vec::new();
                    while let Some(file) = f.next() {
                        // Only a plain path below the output: a damaged
                        // record never reaches outside it.
                        if !plain_path(file) {
                            return None;
                        }
                        let (len, time, ino) = (f.next()?, f.next()?, f.next()?);
                        files.push((
                            file.to_string(),
                            len.parse().ok()?,
                            time.parse().ok()?,
                            ino.parse().ok()?,
                        ));
                    }
                    current.as_mut()?.1.insert(path, (hash, files));
                }
                _ => return None,
            }
        }
        Some(record)
    }

    /// Stages again into `staging` the files of the page `path` of the
    /// output being staged, when the last build rendered it from a view
    /// with fingerprint `hash` under the site-wide context `key` and its
    /// files are still as recorded; their paths, or `None` (then the page
    /// is to be rendered). A file that cannot be staged so (removed
    /// meanwhile, say) means rendering the page, never a failed build:
    /// the files staged so far for it are taken back first.
    pub fn reuse(&self, staging: &Staging, key: u64, path: &str, hash: u64) -> Option<Vec<String>> {
        let (k, pages) = self.outputs.get(staging.name())?;
        let (h, files) = pages.get(path).filter(|_| *k == key)?;
        if *h != hash || files.is_empty() {
            return None;
        }
        // Each file as recorded: its size, time and inode.
        let mut very = true;
        for (k, (file, len, time, ino)) in files.iter().enumerate() {
            let recorded = |m: &fs::Metadata| stamp(m) == Some((*len, *time, *ino));
            match staging.keep(file, recorded) {
                Ok(Some(same)) => very &= same,
                Ok(None) | Err(_) => {
                    for (kept, ..) in &files[..k] {
                        staging.unkeep(kept);
                    }
                    return None;
                }
            }
        }
        // A copy (no hard links there) is another file: its stamps are
        // looked up for the next record.
        if very {
            let mut reused = self.reused.lock().unwrap_or_else(PoisonError::into_inner);
            let paths = reused.entry(staging.name().to_string()).or_default();
            paths.insert(path.to_string());
        }
        Some(files.iter().map(|f| f.0.clone()).collect())
    }

    /// The size and modification time of every file of the pages staged
    /// again from this record ([`PageRecord::reuse`]), as recorded: they
    /// are the very files, so the record of the build
    /// ([`OutDir::record`]) need not look at them again.
    pub fn known(&self) -> Known {
        let reused = self.reused.lock().unwrap_or_else(PoisonError::into_inner);
        let mut known = Known::default();
        for (name, paths) in reused.iter() {
            let Some((_, pages)) = self.outputs.get(name) else {
                continue;
            };
            let output = known.0.entry(name.clone()).or_default();
            for (file, len, time, _) in paths.iter().filter_map(|p| pages.get(p)).flat_map(|p| &p.1)
            {
                if let Ok(time) = u128::try_from(*time) {
                    output.insert(file.clone(), (*len, time));
                }
            }
        }
        known
    }

    /// The recorded files of `page` of output `name`, when it was staged
    /// again from them ([`PageRecord::reuse`]) as the same view.
    fn reused(&self, name: &str, page: &Made) -> Option<&[Stamp]> {
        let reused = self.reused.lock().unwrap_or_else(PoisonError::into_inner);
        if !reused
            .get(name)
            .is_some_and(|paths| paths.contains(&page.path))
        {
            return None;
        }
        let (hash, files) = self.outputs.get(name)?.1.get(&page.path)?;
        let same = *hash == page.hash && files.iter().map(|f| &f.0).eq(&page.files);
        same.then_some(files.as_slice())
    }
}

/// Files' sizes and modification times (ns since 1970) by output and
/// path, as [`PageRecord::known`] knows them.
#[derive(Default)]
pub struct Known(HashMap<String, HashMap<String, (u64, u128)>>);

impl Known {
    /// File `path` of output `name`'s size and time, if known.
    pub fn get(&self, name: &str, path: &str) -> Option<(u64, u128)> {
        self.0.get(name)?.get(path).copied()
    }
}

/// A relative path of plain names: no empty, `.` or `..` component, no
/// leading `/`, no backslash.
fn plain_path(path: &str) -> bool {
    !path.contains('\\')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

/// A regular file's size, modification time (ns) and inode.
#[cfg(unix)]
fn stamp(m: &fs::Metadata) -> Option<(u64, i128, u64)> {
    use std::os::unix::fs::MetadataExt;
    let time = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    m.is_file().then(|| (m.len(), time, m.ino()))
}

/// Without inodes no file is known unchanged: every page is rendered.
#[cfg(not(unix))]
fn stamp(_: &fs::Metadata) -> Option<(u64, i128, u64)> {
    None
}
