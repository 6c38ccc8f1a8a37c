//! What may be read: files inside the site folder, and nothing else.
//!
//! One rule for every content folder and file (`incidents/`, `meetings/`,
//! `pages/`, `reference/`, `surveys/`, `places.toml`, the areas file) and
//! the site's theme overrides: a symbolic link is followed when its target,
//! fully resolved, lies inside the site folder; otherwise it is skipped with
//! a warning naming the link. Entries that cannot be read (a link loop, no
//! permission) are warnings too, so nothing is dropped silently.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The site folder, resolved once, against which every path is checked.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    root: PathBuf,
}

impl SiteRoot {
    pub fn new(site_dir: &Path) -> SiteRoot {
        SiteRoot {
            root: site_dir
                .canonicalize()
                .unwrap_or_else(|_| site_dir.to_path_buf()),
        }
    }

    /// `path` when it may be read: it exists and, where it is a link (or
    /// lies below one), resolves inside the site. A missing path is `None`
    /// without a word; a broken link or one leading outside is `None` with
    /// a warning.
    pub fn file(&self, path: &Path, diags: &mut Diagnostics) -> Option<PathBuf> {
        let resolved = match path.canonicalize() {
            Ok(r) => r,
            Err(e) => {
                if path.symlink_metadata().is_ok() {
                    diags.push(Diagnostic::warning(
                        path,
                        0,
                        crate::msg!("link_unfollowed", error = e),
                    ));
                }
                return None;
            }
        };
        if resolved.starts_with(&self.root) {
            Some(path.to_path_buf())
        } else {
            diags.push(outside(path, &resolved));
            None
        }
    }

    /// Files with `extension` (any case) under `dir`, at most `depth`
    /// folders down (1: only `dir`'s own files), sorted by path.
    pub fn files(
        &self,
        dir: &Path,
        extension: &str,
        depth: usize,
        diags: &mut Diagnostics,
    ) -> Vec<PathBuf> {
        let wanted = |p: &Path| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case(extension))
        };
        self.walk(dir, depth, diags)
            .into_iter()
            .filter(|p| wanted(p))
            .collect()
    }

    /// Every file under `dir` (links inside the site followed), sorted.
    pub fn walk(&self, dir: &Path, depth: usize, diags: &mut Diagnostics) -> Vec<PathBuf> {
        if self.file(dir, diags).is_none() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut it = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .max_depth(depth)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().unwrap_or(dir);
                    diags.push(Diagnostic::warning(
                        at,
                        0,
                        crate::msg!("entry_unreadable", error = e),
                    ));
                    continue;
                }
            };
            if entry.path_is_symlink() && self.file(entry.path(), diags).is_none() {
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                out.push(entry.into_path());
            }
        }
        out.sort();
        out
    }
}

fn outside(link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::warning(
        link,
        0,
        crate::msg!("link_outside", target = target.display()),
    )
}
