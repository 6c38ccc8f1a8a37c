//! `lagesbild init`: a new site folder that builds at once.
//!
//! A new municipality should not start from the example's configuration,
//! which is long and made for an invented town. The files written here
//! are short and say in Swedish comments what each setting does: a
//! configuration with common EST categories and a partner's source to
//! fill in, a place register with a few places to replace, a free page
//! and a first note. No incident rows are invented: the incident folder
//! is empty until the partners' files arrive, and the site builds anyway.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{ScaffoldError, fill, toml_escape, write_new};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostics;
use crate::i18n::Words;

/// The municipality's name when none is given.
pub const DEFAULT_NAME: &str = "Min kommun";

const CONFIG: &str = include_str!("init/lagesbild.toml");
const PLACES: &str = include_str!("init/places.toml");
const ABOUT: &str = include_str!("init/om.md");

/// The folder the partners' CSV files go in; written empty.
const INCIDENTS_DIR: &str = "content/incidents";

/// Writes a new site into `dir` (created if missing) for the municipality
/// `name`, with a first operative note dated `date`. Returns the files
/// written, relative to `dir`. Refuses, writing nothing, when any of them
/// exists.
pub fn init(dir: &Path, name: &str, date: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    let files = site_files(dir, name, date);
    write_new(dir, &files)?;
    let incidents = dir.join(INCIDENTS_DIR);
    std::fs::create_dir_all(&incidents).map_err(|e| ScaffoldError::Write(incidents, e))?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The files of a new site in `dir`: path below it and text.
pub fn site_files(dir: &Path, name: &str, date: NaiveDate) -> Vec<(PathBuf, String)> {
    let title = format!("Lägesbild för {name}");
    let config = fill(
        CONFIG,
        &[
            ("titel", &toml_escape(&title)),
            ("kommun", &toml_escape(name)),
        ],
    );
    let note = first_note(dir, &config, date);
    vec![
        (PathBuf::from(CONFIG_FILE), config),
        (PathBuf::from("content/places.toml"), PLACES.to_string()),
        (
            PathBuf::from("content/pages/om.md"),
            fill(ABOUT, &[("kommun", name)]),
        ),
        note,
    ]
}

/// The first note, written by the same template as `new meeting`, in the
/// words of the theme the new site will have (the built-in one, unless
/// `dir` already holds translations of its own).
fn first_note(dir: &Path, config_text: &str, date: NaiveDate) -> (PathBuf, String) {
    let mut diags = Diagnostics::default();
    let config = Config::parse(Path::new(CONFIG_FILE), config_text, &mut diags)
        .expect("the embedded configuration template parses");
    let theme = crate::source::theme::load(dir, config.site.language, &mut diags);
    super::meeting::first_note(&config, &Words::new(&theme.translations), date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn the_configuration_parses_without_a_problem() {
        let dir = Path::new("/nonexistent/lagesbild-init");
        let files = site_files(dir, "Sunne \"norra\" kommun", d());
        let mut diags = Diagnostics::default();
        let config = Config::parse(Path::new(CONFIG_FILE), &files[0].1, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(config.municipality.name, "Sunne \"norra\" kommun");
        assert_eq!(config.site.title, "Lägesbild för Sunne \"norra\" kommun");
        assert!(config.sources.is_empty());
        let note = &files[3];
        assert_eq!(note.0, Path::new("content/meetings/2026-12-03-operativ.md"));
        assert!(
            note.1
                .contains("title = \"Operativ grupp 3 december 2026\"\n")
        );
        assert!(note.1.contains("## Läget 20 november–3 december 2026\n"));
    }
}
