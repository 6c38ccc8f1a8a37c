//! Reading and validating the site folder into a [`Model`].
//!
//! Problems are collected, never raised one at a time: the coordinator gets
//! the whole list of what to fix from one `lagesbild check`.

pub mod areas;
mod cache;
mod coords;
mod coverage;
mod dates;
mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
mod incidents;
pub mod inputs;
#[doc(hidden)]
pub mod inside;
pub mod ledger;
mod lookup;
mod names;
mod note_dates;
mod notes;
mod places;
mod public_notes;
pub mod reference;
pub mod seen;
mod shortcodes;
pub mod surveys;
mod table;
pub mod theme;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use cache::ReadCache;
pub use dates::{LocalStamp, parse_date, parse_time};
pub use incidents::MAX_ERRORS_PER_FILE;

/// Most duplicate-row warnings reported per file.
const MAX_DUPLICATE_WARNINGS: usize = 10;
pub use lookup::Lookup;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Category, CategoryId, Incident, IncidentFields, Model, Place, PlaceId};
use incidents::{Catalog, FileRows, PlaceRef, SourcePlan};

/// Reads everything under `site_dir/content` that `config` describes.
/// Every file is read through [`inside::SiteRoot`]: nothing outside the
/// site folder, not even through a link.
pub fn read_site(site_dir: &Path, config: &Config, diags: &mut Diagnostics) -> Model {
    read_site_with(site_dir, config, diags, None)
}

/// [`read_site`], taking the incident files' part of the model from
/// `cache` when none of what it was read from changed, and keeping it
/// there otherwise (see [`ReadCache`]).
pub fn read_site_with(
    site_dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    mut cache: Option<&mut ReadCache>,
) -> Model {
    let content = site_dir.join("content");
    let root = inside::SiteRoot::new(site_dir);
    let mut model = Model::default();
    let categories = read_categories(config, &mut model);
    let places_file = root.file(&content.join("places.toml"), diags);
    let places = read_places(
        places_file.as_deref(),
        &mut model,
        diags,
        cache.as_deref_mut(),
    );
    let tz = config.timezone().unwrap_or(chrono_tz::Europe::Stockholm);
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let catalog = Catalog {
        categories: &categories,
        places: &places,
        tz,
        dates: (config.data.earliest(), today),
    };
    let plans = source_plans(config, &categories);
    let incident_files: Vec<PathBuf> = root
        .walk(&content.join("incidents"), usize::MAX, diags)
        .into_iter()
        .filter(|p| incidents::is_incident_file(p))
        .collect();
    let areas_path = content.join(config.areas.file.get_ref());
    let by_contents = cache.as_ref().is_some_and(|c| c.by_contents());
    let key = cache.as_deref().and_then(|c| {
        let by = by_contents.then_some(c);
        cache::key(site_dir, &incident_files, &areas_path, today, by)
    });
    // A key by contents covers every file but the notes already.
    model.data_key = match by_contents {
        true => key,
        false => key.map(|k| cache::data_key(site_dir, k)),
    };
    let areas_file = root.file(&areas_path, diags);
    let polygons = areas_file
        .as_deref()
        .map_or_else(Vec::new, |f| areas::read(f, &config.areas, diags));
    let found = cache::Found {
        polygons: &polygons,
        config,
        dates: catalog.dates,
        diags,
    };
    let restored = match (cache.as_deref_mut(), key) {
        (Some(c), Some(key)) => c.restore(key, &mut model, found),
        (Some(c), None) => {
            c.forget();
            false
        }
        _ => false,
    };
    if !restored {
        let mut found = Diagnostics::default();
        read_incidents(
            &incident_files,
            &content.join("incidents"),
            config,
            &plans,
            &catalog,
            &mut model,
            &mut found,
        );
        areas::assign(&mut model, polygons.clone());
        if let (Some(c), Some(key)) = (cache.as_deref_mut(), key) {
            c.keep(key, &model, &found);
        }
        diags.extend(found);
    }
    let groups = config.group_ids();
    // The areas an action may name: the polygons' and the register's.
    let area_names: Vec<String> = polygons
        .iter()
        .map(|a| a.name.clone())
        .chain(model.places.iter().filter_map(|p| p.area.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let refs = notes::NoteRefs {
        groups: &groups,
        places: &places,
        categories: &categories,
        areas: &area_names,
    };
    let note_files = root.files(&content.join("meetings"), "md", usize::MAX, diags);
    // The notes and pages as the build's fingerprint read them, if it did.
    let texts = (cache.as_deref_mut())
        .map(ReadCache::take_texts)
        .unwrap_or_default();
    read_meetings(
        &content.join("meetings"),
        &note_files,
        (&refs, &texts),
        cache.filter(|c| !c.by_contents()).zip(key),
        &mut model,
        diags,
    );
    coverage::warn_lagging(site_dir, config, &model, diags);
    public_notes::check(&model, &note_files, diags);
    shortcodes::check_public(&model, &note_files, diags);
    let pages = root.files(&content.join("pages"), "md", usize::MAX, diags);
    read_pages(&pages, &texts, &mut model, diags);
    drop(texts);
    if let Some(places_file) = &places_file {
        areas::check_places(places_file, &model, &polygons, diags);
    }
    let tables =
        |dir: &str, diags: &mut Diagnostics| root.files(&content.join(dir), "csv", 1, diags);
    model.reference = reference::read(&tables("reference", diags), diags);
    model.surveys = surveys::read(&tables("surveys", diags), diags);
    let sources = names::Sources {
        places: places_file.as_deref(),
        areas: areas_file.as_deref(),
        incidents: &incident_files,
        meetings: &note_files,
        pages: &pages,
    };
    names::check(&sources, &model, diags);
    let ledger_file = root.file(&site_dir.join(ledger::LEDGER_FILE), diags);
    model.ledger = ledger_file.and_then(|f| ledger::read(&f, diags));
    if let Some(l) = &model.ledger {
        ledger::check_reasons(site_dir, l, &model, diags);
    }
    model
}

fn read_categories(config: &Config, model: &mut Model) -> Lookup<CategoryId> {
    let mut lookup = Lookup::default();
    for (i, c) in config.categories.iter().enumerate() {
        let mut names: Vec<&str> = vec![&c.label];
        names.extend(c.aliases.iter().map(String::as_str));
        lookup.insert(&c.id, &names, i as CategoryId);
        model.categories.push(Category {
            id: c.id.clone(),
            label: c.label.clone(),
            colour: c.colour.clone(),
            public: c.public,
        });
    }
    lookup
}

/// The place register (from `cache` when its file is unchanged).
fn read_places(
    path: Option<&Path>,
    model: &mut Model,
    diags: &mut Diagnostics,
    cache: Option<&mut ReadCache>,
) -> Lookup<PlaceId> {
    let mut lookup = Lookup::default();
    let register = match (path, cache) {
        (None, _) => Vec::new(),
        (Some(p), None) => places::read(p, diags),
        (Some(p), Some(c)) => {
            let (register, found) = c.register(p, |d| places::read(p, d));
            diags.extend(found);
            register
        }
    };
    for (place, aliases) in register {
        let id = model.places.len() as PlaceId;
        let mut names: Vec<&str> = vec![&place.name];
        names.extend(aliases.iter().map(String::as_str));
        lookup.insert(&place.id, &names, id);
        model.places.push(place);
    }
    lookup
}

/// Sources with their category names resolved (the configuration was
/// validated, so unknown ids cannot occur here).
fn source_plans<'a>(config: &'a Config, categories: &Lookup<CategoryId>) -> Vec<SourcePlan<'a>> {
    config
        .sources
        .iter()
        .map(|s| SourcePlan {
            config: s,
            categories: s
                .categories
                .iter()
                .filter_map(|(from, to)| Some((lookup::normalise(from), categories.get(to)?)))
                .collect(),
            catch_all: s.catch_all.as_deref().and_then(|c| categories.get(c)),
        })
        .collect()
}

/// The index of the first source whose glob matches the file's path below `dir`.
fn source_for(dir: &Path, file: &Path, globs: &[Option<globset::GlobMatcher>]) -> Option<usize> {
    let rel = file.strip_prefix(dir).unwrap_or(file);
    globs
        .iter()
        .position(|g| g.as_ref().is_some_and(|g| g.is_match(rel)))
}

fn read_incidents(
    files: &[PathBuf],
    dir: &Path,
    config: &Config,
    plans: &[SourcePlan],
    catalog: &Catalog,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let globs: Vec<_> = config
        .sources
        .iter()
        .map(|s| {
            globset::Glob::new(&s.glob)
                .ok()
                .map(|g| g.compile_matcher())
        })
        .collect();
    let sources: Vec<Option<usize>> = files.iter().map(|f| source_for(dir, f, &globs)).collect();
    // A file at a time for either processor (files differ in size by
    // source and year).
    let mut results: Vec<FileRows> = files
        .par_iter()
        .with_max_len(1)
        .zip(&sources)
        .map(|(f, s)| incidents::read_file(f, s.map(|i| &plans[i]), catalog))
        .collect();
    model.files = files.len();
    model.sources = coverage::record(config, &model.categories, files, &sources, &results);
    warn_duplicates(files, &sources, &mut results);
    merge_files(results, model, diags);
}

/// A row that repeats another row of the same source exactly is a warning
/// naming both lines: usually an export that overlaps an earlier one.
///
/// Found by sorting every row's fingerprint with its group (the source;
/// a file without a source is a group of its own) and place, rather
/// than by a map of every row: 24 bytes a row, once, instead of a hash
/// table's 56 and its growth (a million rows peaked at 180 MB). The
/// fingerprints are freed here: nothing later needs them.
fn warn_duplicates(files: &[PathBuf], sources: &[Option<usize>], results: &mut [FileRows]) {
    let groups = sources.iter().flatten().max().map_or(0, |s| s + 1);
    let group = |fi: usize| sources[fi].unwrap_or(groups + fi) as u32;
    let rows: usize = results.iter().map(|r| r.fingerprints.len()).sum();
    // (group, hash, file, index of the row's fingerprint in its file).
    let mut all: Vec<(u32, u64, u32, u32)> = Vec::with_capacity(rows);
    for (fi, r) in results.iter().enumerate() {
        let g = group(fi);
        all.extend(
            r.fingerprints
                .iter()
                .enumerate()
                .map(|(k, &(hash, _))| (g, hash, fi as u32, k as u32)),
        );
    }
    // Every tuple differs (file and index), so the parallel sort's order
    // is the one order: the same warnings on any number of threads.
    all.par_sort_unstable();
    // A repeated row and the first row it repeats (file, index; the
    // first in reading order sorts first), in reading order.
    let mut repeats: Vec<((u32, u32), (u32, u32))> = Vec::new();
    for run in all.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let first = (run[0].2, run[0].3);
        repeats.extend(run[1..].iter().map(|r| ((r.2, r.3), first)));
    }
    drop(all);
    repeats.sort_unstable();
    for run in repeats.chunk_by(|a, b| a.0.0 == b.0.0) {
        let fi = run[0].0.0 as usize;
        let mut warned = 0;
        for &((_, k), (of, ok)) in run {
            warned += 1;
            let (line, of) = (results[fi].fingerprints[k as usize].1, of as usize);
            let ol = results[of].fingerprints[ok as usize].1;
            let at = if of == fi {
                format!("line {ol}")
            } else {
                format!("{}:{ol}", crate::diagnostics::shown_path(&files[of]))
            };
            let d = Diagnostic::warning(
                &files[fi],
                line as usize,
                crate::msg!("row_repeated", at = at),
            );
            if warned <= MAX_DUPLICATE_WARNINGS {
                results[fi].diags.push(d);
            } else {
                results[fi].diags.push_hidden(d);
            }
        }
        if warned > MAX_DUPLICATE_WARNINGS {
            results[fi].diags.push_summary(Diagnostic::warning(
                &files[fi],
                0,
                crate::msg!("more_repeated_rows", more = warned - MAX_DUPLICATE_WARNINGS),
            ));
        }
    }
    for r in results {
        r.fingerprints = Vec::new();
    }
}

/// Merges per-file rows into the model: organisations sorted by name,
/// unregistered places appended after the register, incidents sorted.
fn merge_files(mut results: Vec<FileRows>, model: &mut Model, diags: &mut Diagnostics) {
    let orgs: BTreeMap<String, u16> = results
        .iter()
        .flat_map(|r| r.organisations.iter().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, o)| (o, i as u16))
        .collect();
    let mut extra: HashMap<String, PlaceId> = HashMap::new();
    // Allocated once: growing it would copy it while the rows are held.
    let mut incidents = Vec::with_capacity(results.iter().map(|r| r.rows.len()).sum());
    let mut rows = 0;
    for r in &mut results {
        let text_base = model.descriptions.len() as u32;
        model.descriptions.append(&mut r.descriptions);
        let place_ids: Vec<PlaceId> = r
            .unregistered
            .iter()
            .map(|(name, area)| {
                let key = lookup::normalise(name);
                *extra.entry(key.clone()).or_insert_with(|| {
                    model.places.push(Place {
                        id: format!(
                            "unregistered-{}",
                            key.replace(|c: char| !c.is_alphanumeric(), "-")
                        ),
                        name: name.clone(),
                        area: area.clone(),
                        latitude: None,
                        longitude: None,
                        registered: false,
                    });
                    (model.places.len() - 1) as PlaceId
                })
            })
            .collect();
        rows += r.rows.len();
        // Each file's rows are freed as they become incidents.
        // Every value a row gives can be held: minutes are below 1,440,
        // ids and indexes below their types' largest values (the reader
        // stops a file before), latitudes within ±90°.
        let incident = |row: incidents::Row| {
            Incident::new(IncidentFields {
                date: row.date,
                minute: row.minute,
                category: row.category,
                place: row.place.map(|p| match p {
                    PlaceRef::Known(id) => id,
                    PlaceRef::Unregistered(i) => place_ids[i as usize],
                }),
                organisation: orgs[r.organisations[row.organisation as usize].as_str()],
                count: row.count,
                position: row.position,
                description: row.description.map(|d| text_base + d),
                area: None,
            })
        };
        incidents.extend(std::mem::take(&mut r.rows).into_iter().filter_map(incident));
    }
    model.organisations = orgs.keys().map(|s| s.to_string()).collect();
    // Equal incidents are equal in every field: the parallel sort's
    // order is the serial one's.
    incidents.par_sort_unstable();
    model.incidents = incidents.into();
    model.rows = rows;
    for r in results {
        diags.extend(r.diags);
    }
}

/// Reads the notes `files` (a note read before under the same key with
/// the same text is taken from `cache`, which then keeps this read's).
fn read_meetings(
    dir: &Path,
    files: &[PathBuf],
    (refs, texts): (&notes::NoteRefs, &inputs::Texts),
    cache: Option<(&mut ReadCache, u64)>,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    let mut slugs: HashMap<String, PathBuf> = HashMap::new();
    let mut complete = true;
    // Read in parallel, taken in file order (so are their problems).
    let kept = cache.as_ref().map(|(c, key)| (&**c, *key));
    let read: Vec<(_, Diagnostics, Option<cache::Note>)> = files
        .par_iter()
        .map(|path| read_note(path, refs, texts.get(path), kept))
        .collect();
    let mut parsed = HashMap::new();
    for (path, (meeting, found, note)) in files.iter().zip(read) {
        if let Some(note) = note {
            parsed.insert(path.clone(), note);
        }
        diags.extend(found);
        let Some(meeting) = meeting else {
            complete = false;
            continue;
        };
        if let Some(other) = slugs.insert(meeting.slug.clone(), path.clone()) {
            diags.push(Diagnostic::error(
                path,
                0,
                crate::msg!(
                    "note_page_twice",
                    slug = meeting.slug,
                    other = crate::diagnostics::shown_path(&other)
                ),
            ));
            continue;
        }
        model.meetings.push(meeting);
    }
    model
        .meetings
        .sort_by(|a, b| (a.date, &a.slug).cmp(&(b.date, &b.slug)));
    check_actions(dir, model, complete, diags);
    if let Some((cache, _)) = cache {
        cache.keep_notes(files, parsed);
    }
}

/// One note: its meeting (none when it has errors) and its problems, from
/// `kept` when it holds this text read under this key; otherwise parsed,
/// with what to keep of it (its text read, when there is a cache).
fn read_note(
    path: &Path,
    refs: &notes::NoteRefs,
    hashed: Option<&[u8]>,
    kept: Option<(&ReadCache, u64)>,
) -> (
    Option<crate::model::Meeting>,
    Diagnostics,
    Option<cache::Note>,
) {
    let mut found = Diagnostics::default();
    let Some(text) = notes::read_text(path, hashed, &mut found) else {
        return (None, found, None);
    };
    if let Some(n) = kept.and_then(|(c, key)| c.note(path, key, &text)) {
        return (n.meeting.clone(), n.diags.clone(), None);
    }
    let meeting = notes::meeting_from_text(path, &text, refs, &mut found);
    let note = kept.map(|(_, key)| cache::Note {
        key,
        text,
        meeting: meeting.clone(),
        diags: found.clone(),
    });
    (meeting, found, note)
}

/// An action is described when first mentioned; later notes may restate it
/// with only a status. One note may mention an id only once. When a note
/// could not be read (`complete` is false), an action it describes would
/// seem undescribed later, so that check is left out.
fn check_actions(dir: &Path, model: &Model, complete: bool, diags: &mut Diagnostics) {
    let mut known = HashSet::new();
    for m in &model.meetings {
        let mut in_note: HashMap<&str, usize> = HashMap::new();
        let path = dir.join(format!("{}.md", m.slug));
        let mut text = None;
        for a in &m.actions {
            let nth = in_note.entry(a.id.as_str()).or_insert(0);
            *nth += 1;
            let nth = *nth;
            let twice = nth > 1;
            let undescribed = known.insert(a.id.as_str()) && a.what.is_none() && complete;
            if !twice && !undescribed {
                continue;
            }
            let text =
                text.get_or_insert_with(|| std::fs::read_to_string(&path).unwrap_or_default());
            let place = |d: Diagnostic| match action_offset(text, &a.id, nth) {
                Some(at) => d.at_offset(text, at),
                None => d,
            };
            if twice {
                diags.push(place(Diagnostic::error(
                    &path,
                    0,
                    crate::msg!("action_twice", id = a.id),
                )));
            }
            if undescribed {
                diags.push(place(Diagnostic::error(
                    &path,
                    0,
                    crate::msg!("action_undescribed", id = a.id),
                )));
            }
        }
    }
}

/// Byte offset of the quoted id in the `nth` (1-based) `id = "…"` line of
/// an action with this id in a note's text.
fn action_offset(text: &str, id: &str, nth: usize) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("id")
            && let Some(value) = rest.trim_start().strip_prefix('=')
            && value.trim() == quoted
        {
            seen += 1;
            if seen == nth {
                return line.find(&quoted).map(|i| offset + i);
            }
        }
        offset += line.len();
    }
    None
}

fn read_pages(
    files: &[PathBuf],
    texts: &inputs::Texts,
    model: &mut Model,
    diags: &mut Diagnostics,
) {
    model.pages = files
        .iter()
        .filter_map(|p| notes::read_page(p, texts.get(p), diags))
        .collect();
    model
        .pages
        .sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
}

#[cfg(test)]
mod tests;
