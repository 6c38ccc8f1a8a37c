//! The theme: Tera templates, static files and interface translations.
//!
//! The default theme (`themes/default/` in the repository) is built into the
//! binary, so any site folder builds without a copy of it. A site overrides
//! any file by name: first `themes/default/…` inside the site folder, then
//! the site's own `templates/`, `static/` and `i18n/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Language, toml_diagnostic};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Translations;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const EMBEDDED: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/report.html",
    "templates/archive.html",
    "templates/meeting.html",
    "templates/meetings.html",
    "templates/places.html",
    "templates/actions.html",
    "templates/page.html",
    "templates/privacy.html",
    "templates/search.html",
    "templates/insight.html",
    "templates/report_insight.html",
    "templates/report_uncovered.html",
    "templates/place.html",
    "templates/surveys.html",
    "templates/revisions.html",
    "templates/revision_table.html",
    "templates/action.html",
    "templates/followup.html",
    "templates/area.html",
    "templates/areas.html",
    "templates/area_macros.html",
    "static/style.css",
    "static/search.js",
    "i18n/sv.toml",
    "i18n/en.toml",
);

pub struct Theme {
    /// Template name → source, e.g. `report.html`.
    pub templates: BTreeMap<String, String>,
    /// Path below `static/` → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    pub translations: Translations,
}

pub fn load(site_dir: &Path, lang: Language, diags: &mut Diagnostics) -> Theme {
    let mut files: BTreeMap<String, Vec<u8>> = EMBEDDED
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let root = super::inside::SiteRoot::new(site_dir);
    overlay(
        &root,
        &site_dir.join("themes/default"),
        "",
        &mut files,
        diags,
    );
    for sub in ["templates", "static", "i18n"] {
        overlay(&root, &site_dir.join(sub), sub, &mut files, diags);
    }
    let mut theme = Theme {
        templates: BTreeMap::new(),
        static_files: BTreeMap::new(),
        translations: Translations::default(),
    };
    let i18n_file = format!("i18n/{}.toml", lang.code());
    // A site's translation file need only hold the keys it changes: the
    // built-in texts go in first, the site's file (if any) on top.
    if let Some((_, builtin)) = EMBEDDED.iter().find(|(n, _)| *n == i18n_file) {
        let _ = theme
            .translations
            .merge_toml(&String::from_utf8_lossy(builtin));
    }
    for (name, bytes) in files {
        if let Some(t) = name.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(s) => {
                    theme.templates.insert(t.to_string(), s);
                }
                Err(_) => diags.push(Diagnostic::error(
                    Path::new(&name),
                    0,
                    crate::msg!("template_not_utf8"),
                )),
            }
        } else if let Some(s) = name.strip_prefix("static/") {
            theme.static_files.insert(s.to_string(), bytes);
        } else if name == i18n_file {
            let text = String::from_utf8_lossy(&bytes);
            if let Err(e) = theme.translations.merge_toml(&text) {
                diags.push(toml_diagnostic(Path::new(&name), &text, &e, 0));
            }
        }
    }
    theme
}

/// Adds every file below `dir` as `prefix/relative-path`, replacing any
/// file of the same name. Links are followed only inside the site (a
/// static file is published: a link must not publish `/etc/passwd`).
fn overlay(
    root: &super::inside::SiteRoot,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
    diags: &mut Diagnostics,
) {
    for path in root.walk(dir, usize::MAX, diags) {
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let name = if prefix.is_empty() {
            rel
        } else {
            format!("{prefix}/{rel}")
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                files.insert(name, bytes);
            }
            Err(e) => diags.push(Diagnostic::warning(
                &path,
                0,
                crate::msg!("theme_unreadable", error = e),
            )),
        }
    }
}
