//! `Site::build`: the pipeline as a flat list of steps.

mod kept;
mod release;
mod stage;
mod unchanged;

pub use release::ReleaseOutcome;

pub use unchanged::Built;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analysis::{self, Analysis, AnalysisCache};
use crate::audience::view::{PageView, PrivacyReport, SiteView};
use crate::audience::{self, Ctx, memo::ViewMemo, protected::ProtectMemo};
use crate::config::{AudienceKind, Config, OutputConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Words;
use crate::model::Model;
use crate::output::{OutDir, WriteError};
use crate::progress::{Progress, Silent};
use crate::render::{self, Making, OutFile, RenderCache, ThemeParts};
use crate::source::{self, ReadCache, theme::Theme};

/// A site folder, read and validated.
pub struct Site {
    pub dir: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub model: Model,
    pub diagnostics: Diagnostics,
}

/// What a build did, for the summary lines.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rows: usize,
    pub files: usize,
    pub notes: usize,
    /// Per output written: name, folder, pages, files.
    pub outputs: Vec<(String, PathBuf, usize, usize)>,
    pub privacy: Vec<PrivacyReport>,
    /// Pages taken unchanged from the current outputs instead of being
    /// rendered again (see `output::PageRecord`).
    pub kept: usize,
    /// Of those, the pages whose views were not even made (see
    /// `audience::view::TakenPage`).
    pub unviewed: usize,
    /// Whether the incidents read, and their analysis, were taken from
    /// what the last build kept (see `site::kept`) instead of being made
    /// again.
    pub taken: (bool, bool),
    pub elapsed: Duration,
}

/// Why a build stopped: the input's problems, or a failure to write.
#[derive(Debug)]
pub enum BuildError {
    /// The input has errors (they are in the diagnostics).
    Content(Diagnostics),
    /// A template failed.
    Output(String),
    /// The outputs could not be written; the message says in what state
    /// the output folder is.
    Write(WriteError),
    /// `--output` names no configured output.
    UnknownOutput(String),
}

impl Site {
    /// Reads config, theme and content. `Err` holds the diagnostics when the
    /// input has errors; warnings travel in `Site::diagnostics`.
    pub fn load(dir: &Path) -> Result<Site, Diagnostics> {
        Site::load_with(dir, None)
    }

    /// [`Site::load`], taking the incident files' part from `cache` when
    /// none of them changed (see [`ReadCache`]).
    pub fn load_with(dir: &Path, cache: Option<&mut ReadCache>) -> Result<Site, Diagnostics> {
        let mut diags = Diagnostics::default();
        let Some(config) = Config::load(dir, &mut diags) else {
            return Err(diags);
        };
        let theme = source::theme::load(dir, config.site.language, &mut diags);
        let model = source::read_site_with(dir, &config, &mut diags, cache);
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Site {
            dir: dir.to_path_buf(),
            config,
            theme,
            model,
            diagnostics: diags,
        })
    }

    pub fn analyse(&self) -> Analysis {
        analysis::analyse(&self.config, &self.model)
    }

    /// [`Site::analyse`], taking the incident data's analysis from `cache`
    /// when it still holds (see [`AnalysisCache`]).
    pub fn analyse_with(&self, cache: Option<&mut AnalysisCache>) -> Analysis {
        analysis::analyse_with(&self.config, &self.model, cache)
    }

    fn ctx<'a>(&'a self, analysis: &'a Analysis) -> Ctx<'a> {
        Ctx {
            config: &self.config,
            model: &self.model,
            analysis,
            words: Words::new(&self.theme.translations),
            texts: &self.theme.translations,
            memo: None,
            protected: None,
            rows: Default::default(),
        }
    }

    /// The view models of the chosen outputs, in the configuration's
    /// order (the public audits made first, so that the internal output
    /// can show their privacy reports).
    pub fn views(
        &self,
        analysis: &Analysis,
        outputs: &[&OutputConfig],
    ) -> (Vec<(String, SiteView)>, Vec<PrivacyReport>) {
        self.views_with(analysis, outputs, None, None)
    }

    /// [`Site::views`], taking the internal output's views of the incident
    /// data from `memo` where it keeps them (see [`ViewMemo`]) and the
    /// public counts' protections from `protected` (see [`ProtectMemo`]).
    pub fn views_with(
        &self,
        analysis: &Analysis,
        outputs: &[&OutputConfig],
        memo: Option<&ViewMemo>,
        protected: Option<&ProtectMemo>,
    ) -> (Vec<(String, SiteView)>, Vec<PrivacyReport>) {
        let early = |_: usize, view, _: &dyn Fn() -> bool| view;
        let (views, reports) = self.views_then(analysis, outputs, memo, protected, None, &early);
        let views = (views.into_iter())
            .map(|(name, view)| match view {
                Audited::Public(view) => (name, view),
                Audited::Internal(mut view, privacy) => {
                    view.pages.extend(privacy);
                    (name, view)
                }
            })
            .collect();
        (views, reports)
    }

    /// [`Site::views_with`], handing each internal output's view, all but
    /// its privacy page, to `early` as soon as it is made, with a question
    /// to ask: whether the public outputs' audits still run. A build
    /// renders the internal pages there, on a processor the audit leaves
    /// waiting (its slowest table is one programme after another). With
    /// `taken`, an internal output's pages whose fingerprints are known
    /// before their views are made are offered to it first, with the
    /// output's place in the list (see [`audience::Offered`]).
    fn views_then<T: Send>(
        &self,
        analysis: &Analysis,
        outputs: &[&OutputConfig],
        memo: Option<&ViewMemo>,
        protected: Option<&ProtectMemo>,
        taken: Option<&Offer>,
        early: &Early<T>,
    ) -> (Vec<(String, Audited<T>)>, Vec<PrivacyReport>) {
        use std::sync::atomic::{AtomicBool, Ordering};
        let ctx = Ctx {
            memo,
            protected,
            ..self.ctx(analysis)
        };
        let public = |o: &OutputConfig| o.audience == AudienceKind::Public;
        // The internal views are made beside the public outputs' audits;
        // their privacy page is made once the first public report is known.
        let privacy = outputs.iter().any(|o| public(o));
        let auditing = AtomicBool::new(privacy);
        let (publics, internals): (Vec<_>, Vec<_>) = rayon::join(
            || {
                let views: Vec<_> = (outputs.iter().filter(|o| public(o)))
                    .map(|o| audience::public(&ctx, &o.name))
                    .collect();
                auditing.store(false, Ordering::Release);
                views
            },
            || {
                (outputs.iter().enumerate().filter(|(_, o)| !public(o)))
                    .map(|(k, _)| {
                        let offered = taken.map(|t| move |m: &_, p: &str, f| t(k, m, p, f));
                        let offered = offered.as_ref().map(|o| o as &audience::Offered);
                        let mut view = audience::internal_before_privacy(&ctx, privacy, offered);
                        // The pages' fingerprints, which the render would
                        // take, are taken here while the audit runs.
                        audience::fingerprint::complete(&mut view);
                        early(k, view, &|| auditing.load(Ordering::Acquire))
                    })
                    .collect()
            },
        );
        let (publics, reports): (Vec<_>, Vec<_>) = publics.into_iter().unzip();
        let privacy = reports.first().map(|r| audience::privacy_page(&ctx, r));
        // In the configuration's order.
        let (mut publics, mut internals) = (publics.into_iter(), internals.into_iter());
        let views = (outputs.iter())
            .filter_map(|o| {
                let view = match public(o) {
                    true => Audited::Public(publics.next()?),
                    false => Audited::Internal(internals.next()?, privacy.clone()),
                };
                Some((o.name.clone(), view))
            })
            .collect();
        (views, reports)
    }

    /// Renders one output's view into files.
    pub fn render(&self, view: SiteView) -> Result<Vec<OutFile>, String> {
        self.render_with(view, None)
    }

    /// [`Site::render`], taking unchanged pages from `cache` (see
    /// [`RenderCache`]) and refilling it.
    pub fn render_with(
        &self,
        view: SiteView,
        cache: Option<&mut RenderCache>,
    ) -> Result<Vec<OutFile>, String> {
        let parts = self.theme_parts();
        render::render_with(view, &parts, Words::new(&self.theme.translations), cache)
    }

    fn theme_parts(&self) -> ThemeParts<'_> {
        ThemeParts {
            templates: &self.theme.templates,
            static_files: &self.theme.static_files,
            translations: &self.theme.translations,
        }
    }

    /// Loads, analyses, renders and writes the outputs (all, or the one
    /// named `only`) below `out_dir`, all or nothing. The site returned
    /// has no incidents left in its model (they are freed once the views
    /// are made; `model.rows` still counts them); everything else is as
    /// read.
    pub fn build(
        dir: &Path,
        out_dir: &Path,
        only: Option<&str>,
    ) -> Result<(Site, Summary), BuildError> {
        Site::build_with(dir, out_dir, only, &Silent)
    }

    /// [`Site::build`], telling `progress` as each step starts.
    pub fn build_with(
        dir: &Path,
        out_dir: &Path,
        only: Option<&str>,
        progress: &dyn Progress,
    ) -> Result<(Site, Summary), BuildError> {
        let started = Instant::now();
        // Locked before reading, so a second build fails at once; an
        // interrupted build's swap is finished before anything else.
        let out = OutDir::open(out_dir).map_err(BuildError::Write)?;
        Site::full_build(dir, &out, only, progress, Before::default(), started)
    }

    /// The build proper, into the locked `out` (see [`Before`]).
    fn full_build(
        dir: &Path,
        out: &OutDir,
        only: Option<&str>,
        progress: &dyn Progress,
        before: Before,
        started: Instant,
    ) -> Result<(Site, Summary), BuildError> {
        let result = Site::steps(dir, out, only, progress, before);
        progress.finish();
        let (site, summary) = result?;
        let elapsed = started.elapsed();
        Ok((site, Summary { elapsed, ..summary }))
    }

    /// The steps: read, analyse, view and render each output, write.
    fn steps(
        dir: &Path,
        out: &OutDir,
        only: Option<&str>,
        progress: &dyn Progress,
        before: Before,
    ) -> Result<(Site, Summary), BuildError> {
        // How many outputs, and so how many steps, is known once read.
        progress.step(0, 0, &crate::msg!("step_reading"));
        let stamp = unchanged::program_stamp().unwrap_or_default();
        let protected = ProtectMemo::from_text(&out.kept(), &stamp);
        // The incident part the last build read, taken when its files'
        // contents are the same (see `source::ReadCache::stored`).
        let parts = kept::Parts::new(out, &stamp, before.fresh);
        // What the last build made of the incident data, and the search
        // documents of its pages, are decoded beside the reading (one
        // processor's work: about 12 ms and 3 ms on the large tier); the
        // analysis takes the one when its key matches, the render the
        // others by the pages' fingerprints. So is the record of the
        // current outputs' pages read (about a millisecond), and the read
        // part's frame is checked (about two) on the reading's side.
        let mut hashes = before.hashes;
        let seen = hashes.take_seen();
        let ((loaded, read), (mut analysed, docs, record)) = rayon::join(
            || {
                let mut read = parts.read(hashes);
                (Site::loaded(dir, only, Some(&mut read)), read)
            },
            || (parts.analysis(), parts.search(), out.page_record(&stamp)),
        );
        let loaded = loaded.map_err(|e| match e {
            BuildError::Content(mut d) => {
                recovered_notes(out, &mut d);
                BuildError::Content(d)
            }
            e => e,
        });
        let (mut site, steps) = loaded?;
        recovered_notes(out, &mut site.diagnostics);
        progress.step(1, steps, &crate::msg!("step_analysing"));
        // The templates are parsed beside the analysis (one processor's
        // work: about 7 ms for the default theme).
        let words = Words::new(&site.theme.translations);
        // So is the incident part kept for the next build, when it was
        // read anew (then the cache is dropped: the incidents are freed
        // once the views are made). The analysis takes what the last build
        // made of the same incident data (see `AnalysisCache::stored`).
        let read_taken = read.hit();
        let (analysis, engine) = rayon::join(
            || site.analyse_with(Some(&mut analysed)),
            || {
                parts.keep_read(read, &site.model);
                render::Engine::new(&site.theme_parts(), words)
            },
        );
        let taken = (read_taken, analysed.hit());
        // The internal views' fingerprints the last build made of the same
        // analysis (see `audience::memo`).
        let memo = parts.views(analysed.key());
        parts.keep_analysis(analysed);
        let engine = engine.map_err(BuildError::Output)?;
        progress.step(2, steps, &crate::msg!("step_disclosure"));
        // Each output's files are staged as they are rendered, none held
        // until all are: the swap below still replaces all or nothing.
        let folders = parts.folders();
        let staged = site.stage(
            out, analysis, &engine, only, &protected, &memo, &record, &docs, &folders, progress,
            steps,
        );
        let stage::Staged {
            written,
            made,
            files,
            privacy,
            documents,
            folders: left,
        } = match staged {
            Ok(staged) => staged,
            Err(e) => {
                out.discard_staging();
                return Err(e);
            }
        };
        progress.step(steps - 1, steps, &crate::msg!("step_writing"));
        let names: Vec<String> = written.iter().map(|(n, ..)| n.clone()).collect();
        out.commit(&names).map_err(BuildError::Write)?;
        // The records of the outputs (the pages', the build's) and the
        // parts kept for the next build are written side by side (on the
        // large tier each record is a few milliseconds of text, and the
        // search documents alone are about a megabyte to encode).
        let records = || {
            let pages = || {
                if !stamp.is_empty() {
                    // Only an optimisation: without it the next build renders all.
                    let made: Vec<(&str, u64, &[render::Made])> = (made.iter())
                        .filter_map(|(name, key, pages)| {
                            Some((name.as_str(), (*key)?, pages.as_slice()))
                        })
                        .collect();
                    let _ = out.record_pages(&stamp, &made, &record);
                }
            };
            // Recorded only without warnings: they are said again by every
            // build until they are fixed.
            let build = || {
                if let Some(key) = before.key
                    && site.diagnostics.is_empty()
                {
                    let outputs: Vec<(&str, Vec<String>)> =
                        names.iter().map(String::as_str).zip(files).collect();
                    // Only an optimisation: without it the next build is full.
                    let _ = out.record(key, &outputs, &record.known());
                }
            };
            rayon::join(pages, build);
        };
        let kept = || {
            // The theme's parsed templates are freed here rather than
            // after, alone (about a millisecond).
            drop(engine);
            // Only an optimisation too: without it the next build protects anew.
            if !stamp.is_empty() {
                let _ = out.keep(&protected.to_text(&stamp));
            }
            parts.keep_views(&memo);
            let outputs: Vec<&str> = (site.config.outputs.iter())
                .map(|o| o.name.as_str())
                .collect();
            parts.keep_search(&docs, &documents, &outputs);
            parts.keep_seen(seen);
            parts.keep_folders(&folders, left);
        };
        rayon::join(records, kept);
        parts.commit();
        let pages = || made.iter().flat_map(|(_, _, pages)| pages);
        let summary = Summary {
            rows: site.model.rows,
            files: site.model.files,
            notes: site.model.meetings.len(),
            outputs: written,
            privacy,
            kept: pages().filter(|p| p.how != Making::Drawn).count(),
            unviewed: pages().filter(|p| p.how == Making::Taken).count(),
            taken,
            elapsed: Duration::ZERO,
        };
        Ok((site, summary))
    }

    /// Reads the site and renders its outputs (all, or the one named
    /// `only`) into memory: everything a build does but the writing. The
    /// build writes the files; `lagesbild serve` serves them from memory,
    /// and keeps what each step made in `caches` so that the next render
    /// redoes only what an edit changed (see [`Caches`]).
    pub fn rendered(
        dir: &Path,
        only: Option<&str>,
        progress: &dyn Progress,
        caches: Option<&mut Caches>,
    ) -> Result<Rendered, BuildError> {
        let protected = caches.as_ref().map(|c| c.protected.clone());
        Site::rendered_with(dir, only, progress, caches, protected.as_deref())
    }

    /// [`Site::rendered`], with the public counts' protections kept in
    /// `protected`.
    fn rendered_with(
        dir: &Path,
        only: Option<&str>,
        progress: &dyn Progress,
        mut caches: Option<&mut Caches>,
        protected: Option<&ProtectMemo>,
    ) -> Result<Rendered, BuildError> {
        let Viewed {
            site,
            views,
            privacy,
            steps,
        } = Site::viewed(dir, only, progress, caches.as_deref_mut(), protected)?;
        let mut files = Vec::new();
        for (k, (name, view)) in views.into_iter().enumerate() {
            progress.step(3 + k, steps, &crate::msg!("step_rendering", name = name));
            let cache = caches
                .as_deref_mut()
                .map(|c| c.pages.entry(name.clone()).or_default());
            let rendered = site.render_with(view, cache).map_err(BuildError::Output)?;
            files.push((name, rendered));
        }
        Ok(Rendered {
            site,
            outputs: files,
            privacy,
            steps,
        })
    }

    /// Reads the site, analyses it and makes the view models of its
    /// outputs (all, or the one named `only`); the analysis is dropped
    /// once the views have what they need of it.
    fn viewed(
        dir: &Path,
        only: Option<&str>,
        progress: &dyn Progress,
        mut caches: Option<&mut Caches>,
        protected: Option<&ProtectMemo>,
    ) -> Result<Viewed, BuildError> {
        let read = caches.as_deref_mut().map(|c| &mut c.read);
        let (site, steps) = Site::loaded(dir, only, read)?;
        progress.step(1, steps, &crate::msg!("step_analysing"));
        let analysis = site.analyse_with(caches.as_deref_mut().map(|c| &mut c.analysis));
        progress.step(2, steps, &crate::msg!("step_disclosure"));
        let memo = caches.as_deref().map(|c| {
            c.views.start(c.analysis.key());
            &c.views
        });
        let outputs = chosen(&site.config, only);
        let (views, privacy) = site.views_with(&analysis, &outputs, memo, protected);
        drop(analysis);
        Ok(Viewed {
            site,
            views,
            privacy,
            steps,
        })
    }

    /// Reads the site (the incident files' part from `cache` where it
    /// holds) and checks that `only`, if given, names an output; with the
    /// build's step count (the writing step last).
    fn loaded(
        dir: &Path,
        only: Option<&str>,
        cache: Option<&mut ReadCache>,
    ) -> Result<(Site, usize), BuildError> {
        let site = Site::load_with(dir, cache);
        let site = site.map_err(BuildError::Content)?;
        let outputs = chosen(&site.config, only).len();
        if let Some(name) = only
            && outputs == 0
        {
            return Err(BuildError::UnknownOutput(name.to_string()));
        }
        Ok((site, 4 + outputs))
    }
}

/// The outputs of `config` a build makes: all, or the one named `only`.
fn chosen<'a>(config: &'a Config, only: Option<&str>) -> Vec<&'a OutputConfig> {
    (config.outputs.iter())
        .filter(|o| only.is_none_or(|n| n == o.name))
        .collect()
}

/// What [`Site::views_then`] does with an internal output's view (the
/// output's place in the list of outputs built, the view, and whether the
/// public audits still run).
type Early<'a, T> = dyn Fn(usize, SiteView, &dyn Fn() -> bool) -> T + Sync + 'a;

/// What [`Site::views_then`] offers the internal output's pages to (the
/// output's place in the list of outputs built, its site data, a page's
/// path and fingerprint): see [`audience::Offered`].
type Offer<'a> =
    dyn Fn(usize, &audience::view::SiteMeta, &str, u64) -> Option<Vec<String>> + Sync + 'a;

/// An output's view as [`Site::views_then`] hands it on: a public
/// output's view; an internal one's, as `early` made it while the audit
/// ran, with its privacy page (when a public output is built) to add last.
enum Audited<T> {
    Public(SiteView),
    Internal(T, Option<PageView>),
}

/// A site read and its outputs' views made ([`Site::viewed`]).
struct Viewed {
    site: Site,
    views: Vec<(String, SiteView)>,
    privacy: Vec<PrivacyReport>,
    /// The build's step count (the writing step last).
    steps: usize,
}

/// What `lagesbild serve` keeps from one render for the next, step by
/// step: the incident files' part of the model, the analysis of the
/// incident data, the internal output's views of it, and each output's
/// rendered pages (by output name).
/// Each part is taken only when what it was made from is unchanged, so a
/// render with caches equals one without (`tests/incremental.rs`).
#[derive(Default)]
pub struct Caches {
    pub read: ReadCache,
    pub analysis: AnalysisCache,
    pub views: ViewMemo,
    pub pages: HashMap<String, RenderCache>,
    pub protected: std::sync::Arc<ProtectMemo>,
}

/// What the caller of a build knows before it starts.
#[derive(Default)]
struct Before {
    /// The key of the build's inputs, recorded in the output folder when
    /// the build has no warnings (see [`Built`]).
    key: Option<u64>,
    /// Take nothing the last build kept (`--force`).
    fresh: bool,
    /// The input files' hashes taken for the key.
    hashes: source::inputs::Hashes,
}

/// A site rendered into memory ([`Site::rendered`]).
pub struct Rendered {
    pub site: Site,
    /// Per output: its name and its files.
    pub outputs: Vec<(String, Vec<OutFile>)>,
    pub privacy: Vec<PrivacyReport>,
    /// The build's step count (the writing step last).
    pub steps: usize,
}

/// What the start-up clean-up of the output folder did, as warnings.
fn recovered_notes(out: &OutDir, diags: &mut Diagnostics) {
    for note in &out.recovered {
        diags.push(Diagnostic::warning(out.dir(), 0, note.clone()));
    }
}

impl BuildError {
    pub fn diagnostics(self) -> Diagnostics {
        match self {
            BuildError::Content(d) => d,
            BuildError::Write(e) => BuildError::Output(e.to_string()).diagnostics(),
            BuildError::Output(msg) | BuildError::UnknownOutput(msg) => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::error(Path::new("."), 0, msg));
                d
            }
        }
    }
}
