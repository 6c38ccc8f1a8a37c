//! Staging a build's outputs: the views made and each output rendered
//! into its staging folder file by file, the internal output's pages
//! while the public audit still runs.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use super::{Audited, BuildError, Site, chosen};
use crate::analysis::Analysis;
use crate::audience::memo::ViewMemo;
use crate::audience::protected::ProtectMemo;
use crate::audience::view::{PrivacyReport, SiteMeta};
use crate::config::OutputConfig;
use crate::i18n::Words;
use crate::output::folders::{Folders, Generation};
use crate::output::{OutDir, PageRecord, Staging, WriteError};
use crate::progress::Progress;
use crate::render::search::KeptDocs;
use crate::render::{self, OutFile, ThemeParts};

impl Site {
    /// Makes the views of the outputs (all, or the one named `only`) and
    /// renders each into its staging folder below `out`, file by file,
    /// taking from the current output the pages `record` says are
    /// unchanged (see [`PageRecord`]), with the theme's `engine`. The
    /// internal output's pages are rendered while the public audit runs,
    /// as far as it runs; the incidents and `analysis` are freed once the
    /// views are made. Per output: name, folder, pages, files, and what
    /// to record of its pages for the next build; and the privacy
    /// reports. Every output's staging folder is made first: one that
    /// cannot be made fails the build before anything is rendered.
    ///
    /// The internal pages whose fingerprints `memo` lets be known before
    /// their views are made are taken from the current output the same
    /// way, and their views never made (see [`ViewMemo`]); a page's
    /// search documents are taken from `docs` when its fingerprint is
    /// there (see [`KeptDocs`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn stage(
        &mut self,
        out: &OutDir,
        analysis: Analysis,
        engine: &render::Engine,
        only: Option<&str>,
        protected: &ProtectMemo,
        memo: &ViewMemo,
        record: &PageRecord,
        docs: &KeptDocs,
        folders: &Folders,
        progress: &dyn Progress,
        steps: usize,
    ) -> Result<Staged, BuildError> {
        let words = || Words::new(&self.theme.translations);
        // The theme's parts by field, so that the incidents can be freed
        // while the renders hold them.
        let parts = ThemeParts {
            templates: &self.theme.templates,
            static_files: &self.theme.static_files,
            translations: &self.theme.translations,
        };
        let outputs: Vec<&OutputConfig> = chosen(&self.config, only);
        let sinks = (outputs.iter())
            .map(|o| {
                out.staging(&o.name)
                    .map(|s| Sink::new(s.knowing(folders.seed(&o.name))))
            })
            .collect::<Result<Vec<Sink>, WriteError>>()
            .map_err(BuildError::Write)?;
        let puts: Vec<_> = sinks.iter().map(|s| move |f, _| s.put(f)).collect();
        let reuses: Vec<_> = (sinks.iter())
            .map(|s| move |key, path: &str, hash| record.reuse(&s.staging, key, path, hash))
            .collect();
        let stream = |k: usize, view| {
            render::Stream::begin(view, &parts, words(), engine, &puts[k], Some(&reuses[k]))
                .map(|s| s.keeping_documents(docs, &outputs[k].name))
        };
        let early = |k: usize, view, auditing: &dyn Fn() -> bool| {
            let mut stream = stream(k, view)?;
            stream.render_while(auditing);
            Ok(stream)
        };
        // A page is offered under its output's site-wide context, made of
        // the site data its view has (the render's key, made once).
        let keys: Vec<OnceLock<Option<u64>>> = sinks.iter().map(|_| OnceLock::new()).collect();
        let offer = |k: usize, meta: &SiteMeta, path: &str, hash| {
            let key = (*keys[k].get_or_init(|| render::context_key(meta, &parts)))?;
            record.reuse(&sinks[k].staging, key, path, hash)
        };
        let (views, privacy) = self.views_then(
            &analysis,
            &outputs,
            Some(memo),
            Some(protected),
            Some(&offer),
            &early,
        );
        drop(analysis);
        // The views hold what the pages show: the incidents (a million
        // rows: 32 MB) are freed before the rest is rendered.
        self.model.incidents = Default::default();
        let mut staged = Staged::default();
        for (k, ((name, view), sink)) in views.into_iter().zip(&sinks).enumerate() {
            progress.step(3 + k, steps, &crate::msg!("step_rendering", name = name));
            let rendered = match view {
                Audited::Public(view) => stream(k, view).and_then(|s| s.finish(Vec::new())),
                Audited::Internal(begun, privacy) => {
                    begun.and_then(|s| s.finish(privacy.into_iter().collect()))
                }
            };
            let finished = rendered.map_err(|msg| sink.error(out, msg))?;
            staged
                .made
                .push((name.clone(), finished.key, finished.made));
            (staged.documents).extend(finished.documents.map(|d| (name.clone(), d)));
            (sink.staging.sweep())
                .map_err(|e| out.stage_error(e))
                .map_err(BuildError::Write)?;
            (staged.folders).push((name.clone(), sink.staging.generation()));
            let (pages, count) = sink.staging.counts();
            (staged.written).push((name.clone(), out.dir().join(&name), pages, count));
            staged.files.push(sink.staging.files());
        }
        staged.privacy = privacy;
        Ok(staged)
    }
}

/// What [`Site::stage`] staged.
#[derive(Default)]
pub(super) struct Staged {
    /// Per output its name, folder, pages and files.
    pub written: Vec<(String, PathBuf, usize, usize)>,
    /// Per output its name, its site-wide context's key and its pages as
    /// made, to record for the next build.
    pub made: Vec<(String, Option<u64>, Vec<render::Made>)>,
    /// Each output's files (see [`crate::output::Staging::files`]).
    pub files: Vec<Vec<String>>,
    pub privacy: Vec<PrivacyReport>,
    /// Per output its pages' search documents, to keep for the next build.
    pub documents: Vec<(String, render::search::Documented)>,
    /// Per output its folders as left, to keep for a later build.
    pub folders: Vec<(String, Generation)>,
}

/// Where one output's files go while it is staged: its staging folder,
/// and the first failure to write there, which tells a failed build's
/// write errors apart from its templates'.
struct Sink {
    staging: Staging,
    failed: Mutex<Option<String>>,
}

impl Sink {
    fn new(staging: Staging) -> Sink {
        Sink {
            staging,
            failed: Mutex::new(None),
        }
    }

    /// Stages `f`; a failure is kept and becomes the render's error.
    fn put(&self, f: OutFile) -> Result<(), String> {
        self.staging.put(&f).map_err(|e| {
            let msg = e.to_string();
            *self.failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(msg.clone());
            msg
        })
    }

    /// The build's error for a render that stopped with `msg`: the write
    /// error that stopped it, else the template's.
    fn error(&self, out: &OutDir, msg: String) -> BuildError {
        match self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            Some(error) => BuildError::Write(WriteError::Stage {
                dir: out.dir().to_path_buf(),
                error,
            }),
            None => BuildError::Output(msg),
        }
    }
}
