//! Rendering an output as a build does: every file handed to a sink as
//! soon as it is made, none kept, so that an output is written while its
//! pages are rendered instead of held in memory until all are.
//!
//! A [`Stream`] is begun with an output's view and can render its pages
//! in rounds: a build renders the internal output's pages while the
//! public output's disclosure audit still runs (its slowest table is one
//! linear programme after another, which leaves the other processor with
//! nothing to do), and adds the privacy page, which needs the audit's
//! report, when it finishes.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use super::{
    Engine, OutFile, PIECE, ThemeParts, base_context, feed, page_hash, render_page, search,
    static_files,
};
use crate::audience::fingerprint;
use crate::audience::view::{PageBody, PageView, SiteMeta, SiteView};
use crate::i18n::Words;

/// Where a rendered file goes, with its place in the output's order (0
/// for the search page, feed and index, then each page's number from 1,
/// `usize::MAX` for the theme's static files), from any of the threads
/// rendering: it fails with the message to stop at.
pub type Put<'a> = dyn Fn(OutFile, usize) -> Result<(), String> + Sync + 'a;

/// Asked for a page (its site-wide context's key, path and fingerprint):
/// the files staged again unchanged, or `None` to render it.
pub type Reuse<'a> = dyn Fn(u64, &str, u64) -> Option<Vec<String>> + Sync + 'a;

/// A page as a build made it (rendered, or taken unchanged): its path,
/// the fingerprint of its view, and its files.
pub struct Made {
    pub path: String,
    pub hash: u64,
    pub files: Vec<String>,
    pub how: Making,
}

/// How a build made a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Making {
    /// Rendered.
    Drawn,
    /// Its view made, and its files taken unchanged.
    Kept,
    /// Its files taken unchanged without its view being made
    /// ([`crate::audience::view::TakenPage`]).
    Taken,
}

/// Pages rendered per round of [`Stream::render_while`]: about 20 ms of
/// one processor's work on the benchmark tiers, so a round started just
/// before the audit ends delays the rest of the build little.
const ROUND: usize = 32;

/// One output's rendering, begun and not yet finished.
pub struct Stream<'a> {
    theme: &'a ThemeParts<'a>,
    tera: &'a Tera,
    base: Context,
    put: &'a Put<'a>,
    /// The site-wide context's key with the sink's `reuse`.
    reuse: Option<(u64, &'a Reuse<'a>)>,
    known: HashMap<String, u64>,
    /// The search documents of the first `documented` pages, in page
    /// order, each page's with its fingerprint: taken just before the
    /// first of them is rendered (a page's view is consumed by its
    /// render), not held before.
    docs: Vec<(Option<u64>, Vec<search::Doc>)>,
    documented: usize,
    /// The documents the last build kept for this output, by page
    /// fingerprint ([`Stream::keeping_documents`]): a page's are taken
    /// when its fingerprint is there; and whether any page's were made
    /// anew.
    kept_docs: Option<search::ByPage>,
    docs_anew: bool,
    /// The pages not rendered yet, last first, with their numbers and
    /// (once documented, when pages are reused) their fingerprints.
    pending: Vec<(usize, PageView, Option<u64>)>,
    /// How many pages were handed over.
    pages: usize,
    made: Vec<Made>,
    /// The first failure, in page order: nothing more is rendered.
    failed: Option<String>,
}

impl<'a> Stream<'a> {
    /// Starts rendering `site`: the search page and the feed are put at
    /// once (the feed lists reports and notes only, so pages added later
    /// by [`Stream::finish`] are not in it); no page is rendered yet.
    ///
    /// With `reuse`, each page's view is fingerprinted first and `reuse`
    /// is asked whether the files of a page rendered earlier from the
    /// same view, under the same site-wide context (its key), can be
    /// taken as they are (see `output::pages`); such a page is not
    /// rendered.
    pub fn begin(
        site: SiteView,
        theme: &'a ThemeParts<'a>,
        words: Words,
        engine: &'a Engine,
        put: &'a Put<'a>,
        reuse: Option<&'a Reuse<'a>>,
    ) -> Result<Stream<'a>, String> {
        let base = base_context(&site, theme);
        let key = reuse.and_then(|_| context_key(&site.meta, theme));
        put(search::page_file(&engine.0, &base, theme.translations)?, 0)?;
        let feed = feed::feed_file(&site.meta, &site.pages, theme.translations, &words);
        put(feed, 0)?;
        let SiteView { pages, known, .. } = site;
        let mut stream = Stream {
            theme,
            tera: &engine.0,
            base,
            put,
            reuse: key.zip(reuse),
            known,
            docs: Vec::new(),
            documented: 0,
            kept_docs: None,
            docs_anew: false,
            pending: Vec::new(),
            pages: 0,
            made: Vec::new(),
            failed: None,
        };
        stream.hand_over(pages);
        Ok(stream)
    }

    /// Takes the search documents `kept` holds for this output, `name`,
    /// under its site-wide context's key (see [`search::KeptDocs`]): a
    /// page whose fingerprint is among them gets its documents from there,
    /// not made again. Without reuse there are no fingerprints, and
    /// nothing is taken.
    pub fn keeping_documents(mut self, kept: &search::KeptDocs, name: &str) -> Stream<'a> {
        if let Some((key, _)) = self.reuse {
            self.kept_docs = Some(kept.take(name, key).unwrap_or_default());
        }
        self
    }

    /// Takes `pages` after those handed over so far, to render.
    fn hand_over(&mut self, pages: Vec<PageView>) {
        let first = self.pages;
        self.pages += pages.len();
        let mut numbered: Vec<(usize, PageView, Option<u64>)> = (pages.into_iter().enumerate())
            .map(|(i, p)| (first + i, p, None))
            .collect();
        numbered.reverse();
        numbered.append(&mut self.pending);
        self.pending = numbered;
    }

    /// Takes the search documents of the pages handed over since the last
    /// time, none of which is rendered yet; with reuse, their fingerprints
    /// first (the render asks for them), and the documents kept under a
    /// page's fingerprint rather than made again.
    fn document(&mut self) {
        let (texts, known, documented) = (self.theme.translations, &self.known, self.documented);
        let mut new: Vec<_> = (self.pending.iter_mut().rev())
            .skip_while(|(i, ..)| *i < documented)
            .collect();
        if self.reuse.is_some() {
            // A taken page has its fingerprint, and its documents cost
            // nothing to make.
            new.par_iter_mut().for_each(|(_, p, hash)| {
                if !matches!(p.body, PageBody::Taken(_)) {
                    *hash = page_hash(known, p);
                }
            });
        }
        let kept: Vec<Option<Vec<search::Doc>>> = (new.iter())
            .map(|(_, _, hash)| self.kept_docs.as_mut()?.remove(&(*hash)?))
            .collect();
        self.docs_anew |=
            (new.iter().zip(&kept)).any(|((.., hash), k)| hash.is_some() && k.is_none());
        let docs = (new.par_iter().zip(kept)).map(|((_, p, hash), kept)| {
            (
                *hash,
                kept.unwrap_or_else(|| search::page_documents(p, texts)),
            )
        });
        self.docs.par_extend(docs);
        self.documented = self.pages;
    }

    /// Renders pages, a round of [`ROUND`] at a time, for as long as
    /// `go_on` says so before each round, all of them have been rendered
    /// or one failed.
    pub fn render_while(&mut self, go_on: &dyn Fn() -> bool) {
        while self.failed.is_none() && !self.pending.is_empty() && go_on() {
            self.document();
            let at = self.pending.len().saturating_sub(ROUND);
            let mut round = self.pending.split_off(at);
            round.reverse();
            self.render(round);
        }
    }

    /// Renders `pages` in parallel, in pieces of at most [`PIECE`]; keeps
    /// what was made, or the first failure in page order.
    fn render(&mut self, pages: Vec<(usize, PageView, Option<u64>)>) {
        let (tera, put, reuse) = (self.tera, self.put, self.reuse);
        let results: Vec<Result<Option<Made>, String>> = (pages.into_par_iter())
            .with_max_len(PIECE)
            .map_init(
                || self.base.clone(),
                |ctx, (i, p, hash)| page(tera, ctx, put, reuse, i, p, hash),
            )
            .collect();
        for result in results {
            match result {
                Ok(made) => self.made.extend(made),
                Err(e) => {
                    self.failed = Some(e);
                    return;
                }
            }
        }
    }

    /// Adds `extra` after the pages handed over, renders every page left,
    /// and puts the search index (beside the pages) and the theme's
    /// static files. Returned: the context's key (when it could be made)
    /// and every page's fingerprint and files, for the next build, and,
    /// when it took kept search documents, its pages' documents to keep;
    /// or the first failure in page order.
    pub fn finish(mut self, extra: Vec<PageView>) -> Result<Finished, String> {
        self.hand_over(extra);
        self.document();
        let docs = std::mem::take(&mut self.docs);
        let put = self.put;
        let index = || {
            search::index_of(docs.iter().flat_map(|(_, d)| d).collect())
                .into_iter()
                .try_for_each(|f| put(f, 0))
        };
        let pending = std::mem::take(&mut self.pending);
        let (indexed, ()) = rayon::join(index, || {
            if self.failed.is_none() {
                self.render(pending.into_iter().rev().collect());
            }
        });
        if let Some(e) = self.failed {
            return Err(e);
        }
        indexed?;
        static_files(self.theme).try_for_each(|f| put(f, usize::MAX))?;
        let key = self.reuse.map(|(k, _)| k);
        // Pages gone since the last build leave documents behind: then
        // what is kept changes too.
        let documents = (key.zip(self.kept_docs)).map(|(key, left)| search::Documented {
            key,
            fresh: self.docs_anew || !left.is_empty(),
            pages: (docs.into_iter())
                .filter_map(|(hash, docs)| Some((hash?, docs)))
                .collect(),
        });
        Ok(Finished {
            key,
            made: self.made,
            documents,
        })
    }
}

/// What a [`Stream`] made, for the next build: see [`Stream::finish`].
pub struct Finished {
    pub key: Option<u64>,
    pub made: Vec<Made>,
    pub documents: Option<search::Documented>,
}

/// Renders one output's view, handing every file to `put` as soon as it
/// is made and keeping none (a [`Stream`] begun and finished at once).
/// Pages are rendered in parallel, so `put` gets them in no particular
/// order; when pages fail, the error is the first failing page's in page
/// order.
pub fn render_to(
    site: SiteView,
    theme: &ThemeParts,
    words: Words,
    engine: &Engine,
    put: &Put,
    reuse: Option<&Reuse>,
) -> Result<(Option<u64>, Vec<Made>), String> {
    let finished = Stream::begin(site, theme, words, engine, put, reuse)?.finish(Vec::new())?;
    Ok((finished.key, finished.made))
}

/// Page `i`, taken unchanged where `reuse` may (`hash` is its
/// fingerprint, made as it was documented), else rendered and its files
/// put; what to record of it (nothing without a fingerprint).
fn page(
    tera: &Tera,
    ctx: &mut Context,
    put: &Put,
    reuse: Option<(u64, &Reuse)>,
    i: usize,
    p: PageView,
    hash: Option<u64>,
) -> Result<Option<Made>, String> {
    if let PageBody::Taken(t) = p.body {
        // Its files were taken as its view was offered.
        let made = Made {
            path: p.path,
            hash: t.fingerprint,
            files: t.files,
            how: Making::Taken,
        };
        return Ok(Some(made));
    }
    let path = p.path.clone();
    if let (Some((key, reuse)), Some(hash)) = (reuse, hash)
        && let Some(files) = reuse(key, &path, hash)
    {
        let made = Made {
            path,
            hash,
            files,
            how: Making::Kept,
        };
        return Ok(Some(made));
    }
    let mut made = Vec::new();
    for f in render_page(tera, ctx, p)? {
        made.push(f.path.clone());
        put(f, i + 1)?;
    }
    Ok(hash.map(|hash| Made {
        path,
        hash,
        files: made,
        how: Making::Drawn,
    }))
}

/// The key of an output's site-wide context: its site data and the
/// theme's templates and words, which every page is rendered with.
pub fn context_key(meta: &SiteMeta, theme: &ThemeParts) -> Option<u64> {
    let theme_key = fingerprint::of(&(theme.templates, theme.translations))?;
    fingerprint::of(&(meta, theme_key))
}
