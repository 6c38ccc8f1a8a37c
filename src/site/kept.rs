//! What `lagesbild build` takes from the last build and keeps for the
//! next beside its outputs: the incidents it read, their analysis, the
//! fingerprints of the views made of them, the pages' search documents,
//! the large input files as hashed and the outputs' folders as left (see
//! `output::kept`, `source::ReadCache::stored`,
//! `analysis::AnalysisCache::stored`, `audience::memo`,
//! `render::search::KeptDocs`, `source::seen`, `output::folders`).
//!
//! Each is only an optimisation: none is taken without the program's
//! stamp (a program that cannot read its own file's size and time keeps
//! nothing), nor by a forced build; one made anew is written beside its
//! place and put in place only when the build succeeds, so a failed build
//! leaves the last build's as they were.

use crate::analysis::AnalysisCache;
use crate::audience::memo::{Prints, ViewMemo};
use crate::framed::Bytes;
use crate::model::Model;
use crate::output::folders::{Folders, Generation};
use crate::output::{OutDir, Part, Pending};
use crate::render::search::{Documented, KeptDocs};
use crate::source::ReadCache;
use crate::source::inputs::Hashes;
use crate::source::seen::Seen;

/// The kept parts of one build.
pub(super) struct Parts<'a> {
    out: &'a OutDir,
    stamp: &'a str,
    /// Take nothing kept (`--force`), but keep what this build makes.
    fresh: bool,
    pending: Pending<'a>,
}

impl<'a> Parts<'a> {
    pub(super) fn new(out: &'a OutDir, stamp: &'a str, fresh: bool) -> Parts<'a> {
        Parts {
            out,
            stamp,
            fresh,
            pending: out.pending(),
        }
    }

    /// The bytes stored for `part` (none without the program's stamp).
    fn stored(&self, part: Part) -> Bytes {
        match self.stamp.is_empty() {
            true => Bytes::default(),
            false => self.out.kept_part(part),
        }
    }

    /// The reader's cache: the incident part the last build read (a forced
    /// build takes nothing, but knows whether the part stored is the one it
    /// reads), taking the input files' `hashes` the build took already.
    pub(super) fn read(&self, hashes: Hashes) -> ReadCache {
        let bytes = self.stored(Part::Read);
        let cache = match self.fresh {
            true => ReadCache::forced(&bytes, self.stamp),
            false => ReadCache::stored(bytes, self.stamp),
        };
        cache.knowing(hashes, self.out.dir())
    }

    /// The analysis's cache: what the last build made of the incident data
    /// (nothing for a forced build).
    pub(super) fn analysis(&self) -> AnalysisCache {
        let bytes = match self.fresh {
            true => Bytes::default(),
            false => self.stored(Part::Analysis),
        };
        AnalysisCache::stored(&bytes, self.stamp)
    }

    /// Keeps what `read` read anew into `model`, if it did and the part
    /// stored is not that already (as after a forced build of the same
    /// files: 32 MB not written again on the large tier). Without the
    /// program's stamp nothing is kept, so nothing is encoded either.
    pub(super) fn keep_read(&self, read: ReadCache, model: &Model) {
        self.put(Part::Read, || read.to_stored(model, self.stamp));
    }

    /// Keeps what the analysis made anew, if it did; `analysed` is dropped.
    pub(super) fn keep_analysis(&self, mut analysed: AnalysisCache) {
        self.put(Part::Analysis, || analysed.to_stored());
    }

    /// Puts `part` beside its place, if `bytes` gives any and the program
    /// has its stamp (without, nothing is encoded). Only an optimisation:
    /// a part not kept is made again by the next build.
    fn put(&self, part: Part, bytes: impl FnOnce() -> Option<Vec<u8>>) {
        if self.stamp.is_empty() {
            return;
        }
        if let Some(bytes) = bytes() {
            let _ = self.pending.put(part, &bytes);
        }
    }

    /// The views' memo of a build under the analysis's `key`: it keeps the
    /// fingerprints of the views made, and knows those the last build
    /// stored under the same key (none for a forced build).
    pub(super) fn views(&self, key: Option<u64>) -> ViewMemo {
        let stored = match self.fresh {
            true => None,
            false => Prints::stored(&self.stored(Part::Views), self.stamp),
        };
        ViewMemo::printing(key, stored)
    }

    /// Keeps the fingerprints `memo` has, if it added any.
    pub(super) fn keep_views(&self, memo: &ViewMemo) {
        self.put(Part::Views, || memo.to_stored(self.stamp));
    }

    /// The search documents the last build's pages had (none for a
    /// forced build).
    pub(super) fn search(&self) -> KeptDocs {
        match self.fresh {
            true => KeptDocs::default(),
            false => KeptDocs::stored(&self.stored(Part::Search), self.stamp),
        }
    }

    /// Keeps the search documents of the outputs rendered, `made`, with
    /// those of the site's other `outputs` as `kept` still has them, if
    /// any changed.
    pub(super) fn keep_search(
        &self,
        kept: &KeptDocs,
        made: &[(String, Documented)],
        outputs: &[&str],
    ) {
        self.put(Part::Search, || kept.to_stored(made, outputs, self.stamp));
    }

    /// Keeps the large input files' record `seen` as the build's key
    /// found them (see [`crate::source::seen`]), if it has news.
    pub(super) fn keep_seen(&self, seen: Option<Seen>) {
        self.put(Part::Inputs, || seen.map(|s| s.to_stored(self.stamp)));
    }

    /// The outputs' folders as the last builds left them (none for a
    /// forced build).
    pub(super) fn folders(&self) -> Folders {
        match self.fresh {
            true => Folders::default(),
            false => Folders::stored(&self.stored(Part::Folders), self.stamp),
        }
    }

    /// Keeps `folders` with the outputs `built` left, if that is news.
    pub(super) fn keep_folders(&self, folders: &Folders, built: Vec<(String, Generation)>) {
        let kept = folders.with(built);
        self.put(Part::Folders, || {
            (kept != *folders).then(|| kept.to_stored(self.stamp))
        });
    }

    /// Puts what was kept in place: the build has succeeded.
    pub(super) fn commit(self) {
        // Only an optimisation: a part not put in place is made again.
        let _ = self.pending.commit();
    }
}
