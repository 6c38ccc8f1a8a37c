//! Every page name the output will use is checked here, before anything
//! is written: two places, two areas, two notes or two free pages with one
//! page name (a partner's area `centrum` beside the register's `Centrum`)
//! are an error naming both sources, never one page silently overwriting
//! the other; a name cut for length is a warning. Names are made by
//! [`crate::model::names`], the one rule the output uses too.
//!
//! Where a name came from is looked up only for a name that needs a
//! message, by finding its text in the files it can come from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, shown_path};
use crate::model::Model;
use crate::model::names::{MAX_NAME, page_name, slug};

/// The files names come from.
pub struct Sources<'a> {
    pub places: Option<&'a Path>,
    pub areas: Option<&'a Path>,
    pub incidents: &'a [PathBuf],
    pub meetings: &'a [PathBuf],
    pub pages: &'a [PathBuf],
}

/// Where a name was found: a file and a line (0 when unknown).
type Origin = (PathBuf, usize);

/// One page to be: the id a reader knows it by, its page name, the
/// length its name had before cutting, and where to look for the id.
struct Entry {
    id: String,
    name: String,
    folded: usize,
    from: From,
}

/// Where an entry's id can be found, looked up only for a message (a
/// site names hundreds of places, and searching every incident file for
/// each would cost more than reading them).
enum From {
    /// A place of the register.
    Register,
    /// A place named only in incident files, by this name.
    Incidents(String),
    Area,
    File(PathBuf),
}

impl Entry {
    /// A place or an area, named by [`page_name`].
    fn id(id: &str, from: From) -> Entry {
        Entry {
            id: id.to_string(),
            name: page_name(id),
            folded: slug(id).len(),
            from,
        }
    }

    /// A note or a free page, named after its file.
    fn file(path: &Path) -> Entry {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        Entry {
            id: stem.to_string(),
            name: super::notes::slug_of(path),
            folded: super::notes::plain_slug(&stem).len(),
            from: From::File(path.to_path_buf()),
        }
    }

    /// The file and line the id comes from, if found.
    fn origin(&self, src: &Sources) -> Option<Origin> {
        match &self.from {
            From::Register => src.places.map(|f| in_toml(f, "id", &self.id)),
            From::Incidents(name) => in_csv(src.incidents, name),
            From::Area => area_origin(src, &self.id),
            From::File(path) => Some((path.clone(), 0)),
        }
    }
}

pub fn check(src: &Sources, model: &Model, diags: &mut Diagnostics) {
    let places = model.places.iter().map(|p| match p.registered {
        true => Entry::id(&p.id, From::Register),
        false => Entry::id(&p.id, From::Incidents(p.name.clone())),
    });
    check_kind(src, &crate::msg!("kind_place"), places, true, diags);
    let areas = model.areas.iter().map(|a| Entry::id(&a.name, From::Area));
    check_kind(src, &crate::msg!("kind_area"), areas, true, diags);
    // Notes with one page name are already an error of their own.
    let notes = src.meetings.iter().map(|f| Entry::file(f));
    check_kind(src, &crate::msg!("kind_note"), notes, false, diags);
    let pages = src.pages.iter().map(|f| Entry::file(f));
    check_kind(src, &crate::msg!("kind_page"), pages, true, diags);
}

/// Page names of one kind: a clash is an error (when `clashes`), a cut
/// name a warning.
fn check_kind(
    src: &Sources,
    kind: &str,
    entries: impl Iterator<Item = Entry>,
    clashes: bool,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<String, Entry> = BTreeMap::new();
    for e in entries {
        let id = crate::diagnostics::echo(&e.id);
        if e.folded > MAX_NAME {
            let message = crate::msg!(
                "name_too_long",
                kind = kind,
                id = id,
                bytes = e.folded,
                max = MAX_NAME,
                name = e.name
            );
            let origin = e.origin(src);
            diags.push(at(Diagnostic::warning(Path::new(""), 0, message), &origin));
        }
        match seen.get(&e.name) {
            Some(first) if clashes => {
                let there =
                    (first.origin(src).as_ref()).map_or_else(|| crate::msg!("name_earlier"), shown);
                let message = crate::msg!(
                    "name_clash",
                    kind = kind,
                    id = id,
                    other = crate::diagnostics::echo(&first.id),
                    there = there,
                    name = e.name
                );
                let origin = e.origin(src);
                diags.push(at(Diagnostic::error(Path::new(""), 0, message), &origin));
            }
            Some(_) => {}
            None => {
                seen.insert(e.name.clone(), e);
            }
        }
    }
}

/// The diagnostic placed at `origin` (the site's configuration when unknown).
fn at(mut d: Diagnostic, origin: &Option<Origin>) -> Diagnostic {
    d.file = origin.as_ref().map_or_else(
        || PathBuf::from(crate::config::CONFIG_FILE),
        |o| o.0.clone(),
    );
    d.line = origin.as_ref().map_or(0, |o| o.1);
    d
}

fn shown((file, line): &Origin) -> String {
    if *line == 0 {
        shown_path(file)
    } else {
        format!("{}:{line}", shown_path(file))
    }
}

/// An area is named by the polygons' file, the register or an incident file.
fn area_origin(src: &Sources, name: &str) -> Option<Origin> {
    let quoted = format!("\"{name}\"");
    let in_file = |f: &Path| {
        let text = std::fs::read_to_string(f).ok()?;
        let i = text.find(&quoted)?;
        Some((f.to_path_buf(), crate::diagnostics::locate(&text, i).0))
    };
    src.areas
        .and_then(in_file)
        .or_else(|| src.places.map(|f| in_toml(f, "area", name)))
        .filter(|o| o.1 > 0)
        .or_else(|| in_csv(src.incidents, name))
}

/// The first line of a TOML file that sets `key` to `value`.
fn in_toml(file: &Path, key: &str, value: &str) -> Origin {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let quoted = format!("\"{value}\"");
    let line = text.lines().position(|l| {
        let l = l.trim_start();
        l.strip_prefix(key)
            .and_then(|r| r.trim_start().strip_prefix('='))
            .is_some_and(|v| v.trim() == quoted)
    });
    (file.to_path_buf(), line.map_or(0, |i| i + 1))
}

/// The first incident file and line with a field that is exactly `value`.
fn in_csv(files: &[PathBuf], value: &str) -> Option<Origin> {
    files.iter().find_map(|f| {
        let bytes = std::fs::read(f).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let line = text.lines().position(|l| {
            l.split([';', ',', '\t'])
                .any(|field| field.trim().trim_matches('"') == value)
        })?;
        Some((f.clone(), line + 1))
    })
}
