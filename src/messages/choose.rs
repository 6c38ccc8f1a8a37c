//! Which language the command line speaks: `LAGESBILD_LANG` when set, else
//! the site's `[site] language` (Swedish when the key is missing, as in the
//! configuration), else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else
//! English.
//!
//! The site's file is scanned line by line for that one key rather than
//! parsed, so a configuration with errors elsewhere still has its errors
//! reported in its own language.

use std::path::{Path, PathBuf};

use super::Lang;

/// The language for a run on the site folder `site` (`None`: no site yet,
/// as for `init`), with the environment read through `var`.
pub fn from_env(site: Option<&Path>, var: &dyn Fn(&str) -> Option<String>) -> Lang {
    if let Some(l) = var("LAGESBILD_LANG").and_then(|v| Lang::from_code(&v)) {
        return l;
    }
    if let Some(l) = site.and_then(site_language) {
        return l;
    }
    locale(var).unwrap_or(Lang::En)
}

/// The language for the command line `words` (the arguments after the
/// program's name): the site is the folder of `--site DIR`, else the
/// current folder; `init` has none yet.
pub fn for_args(words: &[String], var: &dyn Fn(&str) -> Option<String>) -> Lang {
    let mut site = None;
    for (i, w) in words.iter().enumerate() {
        if w == "--site" {
            site = words.get(i + 1).map(PathBuf::from);
        } else if let Some(dir) = w.strip_prefix("--site=") {
            site = Some(PathBuf::from(dir));
        }
    }
    let command = words.iter().find(|w| !w.starts_with('-'));
    let site = if command.is_some_and(|c| c == "init") {
        None
    } else {
        Some(site.unwrap_or_else(|| PathBuf::from(".")))
    };
    from_env(site.as_deref(), var)
}

/// The language of the locale: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set decides, as for other programs.
fn locale(var: &dyn Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k).filter(|v| !v.is_empty()))
        .map(|v| Lang::from_code(&v).unwrap_or(Lang::En))
        .next()
}

/// The language of the site folder `dir`, if it has a readable
/// `lagesbild.toml` naming a known language (or none: Swedish).
pub fn site_language(dir: &Path) -> Option<Lang> {
    let bytes = std::fs::read(dir.join("lagesbild.toml")).ok()?;
    site_language_in(&String::from_utf8_lossy(&bytes))
}

/// The `[site] language` of a configuration text: Swedish when the key is
/// missing (the configuration's default), `None` for an unknown value.
pub fn site_language_in(text: &str) -> Option<Lang> {
    let mut table = String::new();
    for line in text.lines() {
        let l = line.trim();
        if let Some(header) = l.strip_prefix('[') {
            table = header
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            continue;
        }
        let key = match table.as_str() {
            "site" => "language",
            "" => "site.language",
            _ => continue,
        };
        let Some(rest) = l.strip_prefix(key) else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim().trim_start_matches(['"', '\'']);
        let code: String = value
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        return match code.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        };
    }
    Some(Lang::Sv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_site_key_is_found_even_in_a_broken_file() {
        let broken = "[site]\ntitle = \"T\nlanguage = \"en\"\n[municipality]\nname = = 3\n";
        assert_eq!(site_language_in(broken), Some(Lang::En));
        assert_eq!(
            site_language_in("[site]\nlanguage='sv' # svenska\n"),
            Some(Lang::Sv)
        );
        // The key of another table is not the site's.
        assert_eq!(
            site_language_in("[site]\ntitle = \"T\"\n[other]\nlanguage = \"en\"\n"),
            Some(Lang::Sv)
        );
        assert_eq!(site_language_in("[site]\nlanguage = \"de\"\n"), None);
    }

    #[test]
    fn the_arguments_name_the_site() {
        let dir = std::env::temp_dir().join(format!("lagesbild-lang-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lagesbild.toml"), "[site]\nlanguage = \"en\"\n").unwrap();
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let sv = env(&[("LANG", "sv_SE.UTF-8")]);
        let d = dir.to_str().unwrap();
        assert_eq!(for_args(&words(&["check", "--site", d]), &sv), Lang::En);
        assert_eq!(
            for_args(&words(&["build", &format!("--site={d}")]), &sv),
            Lang::En
        );
        // `init` has no site yet: the locale decides.
        assert_eq!(for_args(&words(&["init", d]), &sv), Lang::Sv);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_locale_decides_without_a_site() {
        assert_eq!(from_env(None, &env(&[("LANG", "sv_SE.UTF-8")])), Lang::Sv);
        assert_eq!(from_env(None, &env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(from_env(None, &env(&[])), Lang::En);
        // LC_ALL comes before LANG; an empty one is skipped.
        let both = env(&[("LC_ALL", "C"), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(from_env(None, &both), Lang::En);
        let empty = env(&[("LC_ALL", ""), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(from_env(None, &empty), Lang::Sv);
        let forced = env(&[("LAGESBILD_LANG", "en"), ("LANG", "sv_SE.UTF-8")]);
        assert_eq!(from_env(None, &forced), Lang::En);
    }
}
