//! `Site::build`: the pipeline as a flat list of steps.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analysis::{self, Analysis};
use crate::audience::{self, Ctx};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Words;
use crate::model::Model;
use crate::output::{self, Output};
use crate::render::{self, ThemeParts};
use crate::source::{self, theme::Theme};

/// A site folder, read and validated.
pub struct Site {
    pub dir: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub model: Model,
    pub diagnostics: Diagnostics,
}

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rows: usize,
    pub files: usize,
    pub notes: usize,
    pub pages: usize,
    pub written: usize,
    pub elapsed: Duration,
}

/// Why a build stopped: the input's problems, or a failure to write.
#[derive(Debug)]
pub enum BuildError {
    /// The input has errors (they are in the diagnostics).
    Content(Diagnostics),
    /// A template failed or the output could not be written.
    Output(String),
}

impl Site {
    /// Reads config, theme and content. `Err` holds the diagnostics when the
    /// input has errors; warnings travel in `Site::diagnostics`.
    pub fn load(dir: &Path) -> Result<Site, Diagnostics> {
        let mut diags = Diagnostics::default();
        let Some(config) = Config::load(dir, &mut diags) else {
            return Err(diags);
        };
        let theme = source::theme::load(dir, config.site.language, &mut diags);
        let model = source::read_site(dir, &config, &mut diags);
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

    /// Renders the internal output into files.
    pub fn render(&self, analysis: &Analysis) -> Result<Vec<render::OutFile>, String> {
        let words = Words::new(self.config.site.language);
        let ctx = Ctx {
            config: &self.config,
            model: &self.model,
            analysis,
            words,
            texts: &self.theme.translations,
        };
        let view = audience::internal(&ctx);
        let parts = ThemeParts {
            templates: &self.theme.templates,
            static_files: &self.theme.static_files,
            translations: &self.theme.translations,
        };
        render::render(view, &parts, words)
    }

    /// Loads, analyses, renders and writes `out_dir/internal` atomically.
    pub fn build(dir: &Path, out_dir: &Path) -> Result<(Site, Summary), BuildError> {
        let started = Instant::now();
        let site = Site::load(dir).map_err(BuildError::Content)?;
        let analysis = site.analyse();
        let files = site.render(&analysis).map_err(BuildError::Output)?;
        let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
        let written = files.len();
        let outputs = [Output {
            target: out_dir.join("internal"),
            files,
        }];
        output::write_all(&outputs)
            .map_err(|e| BuildError::Output(format!("cannot write {}: {e}", out_dir.display())))?;
        let summary = Summary {
            rows: site.model.rows,
            files: site.model.files,
            notes: site.model.meetings.len(),
            pages,
            written,
            elapsed: started.elapsed(),
        };
        Ok((site, summary))
    }
}

impl BuildError {
    pub fn diagnostics(self) -> Diagnostics {
        match self {
            BuildError::Content(d) => d,
            BuildError::Output(msg) => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::error(Path::new("."), 0, msg));
                d
            }
        }
    }
}
