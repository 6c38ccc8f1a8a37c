//! Messages of the command line in the site's language.
//!
//! Everything the binary prints for a coordinator (summaries, progress,
//! errors and warnings with their hints, `--help`) is looked up here by key
//! in a catalogue compiled into the binary: one TOML file per language
//! (`en.toml`, `sv.toml`), `key = "text"` with `{name}` placeholders.
//!
//! The language is process-wide, set once by the binary before it reads
//! anything ([`set_language`]), and read when a message is made. A global
//! rather than a parameter because diagnostics are made deep in the reader
//! stages (~100 call sites) that otherwise know nothing of languages, and a
//! process prints for one person at a time. The default is English, so the
//! library and its unit tests keep English messages unless a test sets
//! another language.
//!
//! Lookups go through [`msg!`](crate::msg) with a literal key, so a test can
//! find every key the code uses and check that both catalogues hold it with
//! the same placeholders the call fills. The one exception is `--help`
//! ([`help`]), whose keys are made from the command and argument names
//! (`help_build_site`, `help_value_site`); tests/language.rs checks that
//! every command's help shows no key.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

mod choose;
pub mod help;
pub use choose::{for_args, from_env, site_language, site_language_in};

/// A language the command line speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Sv,
}

impl Lang {
    /// `sv…` is Swedish, `en…` English (`sv_SE.UTF-8`, `en-GB`), else none.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("sv") {
            Some(Lang::Sv)
        } else if code.starts_with("en") || code == "c" || code == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::Sv => 1,
        }
    }
}

static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message made from now on.
pub fn set_language(lang: Lang) {
    LANGUAGE.store(lang.index(), Ordering::Relaxed);
}

/// The language messages are made in.
pub fn language() -> Lang {
    match LANGUAGE.load(Ordering::Relaxed) {
        1 => Lang::Sv,
        _ => Lang::En,
    }
}

const EN: &str = include_str!("en.toml");
const SV: &str = include_str!("sv.toml");

type Catalogue = BTreeMap<String, String>;

/// The catalogue of `lang`, parsed when first asked for: a run needs
/// one, and parsing it is the largest thing a command does before its
/// work starts (about 0.8 ms, on one processor).
fn catalogue(lang: Lang) -> &'static Catalogue {
    static CATALOGUES: [OnceLock<Catalogue>; 2] = [OnceLock::new(), OnceLock::new()];
    let text = match lang {
        Lang::En => EN,
        Lang::Sv => SV,
    };
    CATALOGUES[lang.index() as usize].get_or_init(|| parse(text))
}

/// A catalogue file; an unreadable one (a build-time mistake the unit tests
/// catch) is empty, so messages show their keys rather than panic.
fn parse(text: &str) -> Catalogue {
    toml::from_str(text).unwrap_or_default()
}

/// The message `key` in the current language, each `{name}` replaced by
/// its value. A key missing from the catalogue shows as itself.
pub fn text(key: &str, args: &[(&str, String)]) -> String {
    text_in(language(), key, args)
}

/// The message `key` in `lang`.
pub fn text_in(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let Some(template) = catalogue(lang).get(key) else {
        return key.to_string();
    };
    fill(template, args)
}

/// Replaces each `{name}` of `template` by its value, in one pass so a
/// value holding `{other}` is not filled again; a `{…}` that names no
/// value (`{{ antal() }}`, an unclosed brace) stays as it is. Messages,
/// the theme's words (`i18n`) and the scaffold's templates all fill so.
pub fn fill<V: AsRef<str>>(template: &str, args: &[(&str, V)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v.as_ref(), close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` reads as a message of the current catalogue (its literal
/// parts in order), rather than a library's own English: a TOML error that
/// carries one of ours (a custom serde error) needs no translated frame.
pub fn made_here(text: &str) -> bool {
    catalogue(language()).values().any(|template| {
        let pieces = literal_pieces(template);
        pieces.iter().map(|p| p.chars().count()).sum::<usize>() >= 8 && {
            let mut rest = text;
            pieces.iter().all(|p| match rest.find(p.as_str()) {
                Some(i) => {
                    rest = &rest[i + p.len()..];
                    true
                }
                None => false,
            })
        }
    })
}

/// The text of a template between its placeholders.
fn literal_pieces(template: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        current.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if placeholders(&rest[open..open + close + 2]).len() == 1 => {
                pieces.push(std::mem::take(&mut current));
                rest = &after[close + 1..];
            }
            _ => {
                current.push('{');
                rest = after;
            }
        }
    }
    current.push_str(rest);
    pieces.push(current);
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// The `{name}` placeholders of a template (names of `a-z`, `0-9`, `_`).
pub fn placeholders(template: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// A message of the catalogue: `msg!("key")` or
/// `msg!("key", name = value, …)`, values shown with `Display`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::text($key, &[$((stringify!($name), ($value).to_string())),*])
    };
}

#[cfg(test)]
mod tests;
