//! Rendering again with what the last render kept (what `lagesbild
//! serve` does after an edit: the incident files' part of the model, the
//! analysis of the incident data, the views made from it, the rendered
//! pages) gives exactly what a clean render gives, whatever was edited,
//! and draws anew only the pages whose views changed.

mod common;

use std::collections::BTreeMap;

use lagesbild::progress::Silent;
use lagesbild::site::{Caches, Site};

type Outputs = BTreeMap<String, BTreeMap<String, std::sync::Arc<[u8]>>>;

fn files(r: lagesbild::site::Rendered) -> Outputs {
    r.outputs
        .into_iter()
        .map(|(name, files)| (name, files.into_iter().map(|f| (f.path, f.bytes)).collect()))
        .collect()
}

#[test]
fn a_render_reusing_unchanged_pages_equals_a_clean_one() {
    let site = common::temp_dir("incremental");
    common::copy_dir(&common::fixture("basic"), &site);
    let mut caches = Caches::default();
    let first = Site::rendered(&site, None, &Silent, Some(&mut caches))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let pages: usize = first
        .outputs
        .iter()
        .map(|(_, f)| f.iter().filter(|f| f.path.ends_with(".html")).count())
        .sum();
    assert_eq!(
        files(first),
        files(Site::rendered(&site, None, &Silent, None).unwrap())
    );
    let drawn: usize = caches.pages.values().map(|c| c.fresh()).sum();
    assert!(drawn > 0 && drawn <= pages, "{drawn} of {pages}");

    // Nothing changed: nothing drawn anew, the same files.
    let again = Site::rendered(&site, None, &Silent, Some(&mut caches)).unwrap();
    assert_eq!(caches.pages.values().map(|c| c.fresh()).sum::<usize>(), 0);
    let clean = files(Site::rendered(&site, None, &Silent, None).unwrap());
    assert_eq!(files(again), clean);

    // One note edited: a few pages drawn anew (its page, the lists and
    // reports that show it), and the whole equals a clean render.
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("Inget särskilt.", "Klotter vid skolan."),
    )
    .unwrap();
    let edited = files(Site::rendered(&site, None, &Silent, Some(&mut caches)).unwrap());
    let drawn: usize = caches.pages.values().map(|c| c.fresh()).sum();
    assert!(
        drawn > 0 && drawn < pages / 4,
        "{drawn} of {pages} drawn anew"
    );
    let clean = files(Site::rendered(&site, None, &Silent, None).unwrap());
    assert_eq!(
        edited.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    for (name, out) in &clean {
        for (path, bytes) in out {
            assert!(
                edited[name][path] == *bytes,
                "{name}/{path} differs from a clean render"
            );
        }
    }
    let page = &edited["internal"]["meetings/2024-01-11-operativ/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Klotter vid skolan."));
    let _ = std::fs::remove_dir_all(&site);
}

/// Renders with `caches` and checks the result file by file against a
/// clean render of the same folder.
fn equals_clean(site: &std::path::Path, caches: &mut Caches) -> Outputs {
    let cached = files(
        Site::rendered(site, None, &Silent, Some(caches))
            .unwrap_or_else(|e| panic!("{:?}", e.diagnostics())),
    );
    let clean = files(Site::rendered(site, None, &Silent, None).unwrap());
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>()
    );
    for (name, out) in &clean {
        assert_eq!(
            cached[name].keys().collect::<Vec<_>>(),
            out.keys().collect::<Vec<_>>(),
            "{name}: the same files"
        );
        for (path, bytes) in out {
            assert!(
                cached[name][path] == *bytes,
                "{name}/{path} differs from a clean render"
            );
        }
    }
    cached
}

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn each_kept_step_is_taken_only_while_what_it_was_made_from_is_unchanged() {
    let site = common::temp_dir("incremental-steps");
    common::copy_dir(&common::fixture("basic"), &site);
    let mut caches = Caches::default();
    equals_clean(&site, &mut caches);
    assert!(!caches.read.hit() && !caches.analysis.hit());

    // A note's text: the incident part and the analysis are kept.
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    edit(&note, "Inget särskilt.", "Klotter vid skolan, igen.");
    let out = equals_clean(&site, &mut caches);
    assert!(caches.read.hit() && caches.analysis.hit());
    assert_eq!(caches.read.notes_parsed(), 1, "the edited note alone");
    let page = &out["internal"]["meetings/2024-01-11-operativ/index.html"];
    assert!(String::from_utf8_lossy(page).contains("Klotter vid skolan, igen."));

    // A note puts a place in focus: the place's page (kept profile, new
    // list of notes) and the area's list it.
    edit(
        &note,
        "attendees = [",
        "focus = { places = [\"skolan\"] }\nattendees = [",
    );
    let out = equals_clean(&site, &mut caches);
    assert!(caches.read.hit() && caches.analysis.hit());
    for page in ["places/skolan/index.html", "areas/norr/index.html"] {
        let html = String::from_utf8_lossy(&out["internal"][page]);
        assert!(
            html.contains("Operativ grupp 2024-01-11"),
            "{page} lists the note"
        );
    }

    // A new council note between the others: the analysis is kept (no
    // period moves), but the notes after it shift in the list, and each
    // report's notes are counted again.
    std::fs::write(
        site.join("content/meetings/2024-01-15-radet.md"),
        "+++\ntitle = \"Rådet extra\"\ndate = 2024-01-15\ngroup = \"council\"\n+++\n\nExtramöte om torget.\n",
    )
    .unwrap();
    let out = equals_clean(&site, &mut caches);
    assert!(caches.read.hit() && caches.analysis.hit());
    assert_eq!(caches.read.notes_parsed(), 1, "the new note alone");
    let month = String::from_utf8_lossy(&out["internal"]["reports/month/2024-01/index.html"]);
    assert!(
        month.contains("Rådet extra"),
        "the month lists the new note"
    );

    // An operative meeting's date ends a period: the analysis is made
    // anew (the incident part is still kept).
    edit(&note, "date = 2024-01-11", "date = 2024-01-12");
    equals_clean(&site, &mut caches);
    assert!(caches.read.hit() && !caches.analysis.hit());

    // An incident row: read and analysed anew; the report counts it.
    let csv = site.join("content/incidents/a.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str("2024-01-05,21:00,brand,torget,Polisen,7,\n");
    std::fs::write(&csv, text).unwrap();
    equals_clean(&site, &mut caches);
    assert!(!caches.read.hit() && !caches.analysis.hit());

    // A free page (neither a note nor incident data): what was made from
    // the data is made anew too, since it may show it.
    let before = caches.analysis.key();
    edit(
        &site.join("content/pages/om.md"),
        "Testsidan.",
        "Testsidan, ändrad.",
    );
    equals_clean(&site, &mut caches);
    assert!(caches.read.hit(), "the incident files did not change");
    assert_ne!(caches.analysis.key(), before, "another data key");
    assert_eq!(caches.read.notes_parsed(), 0, "no note changed");

    // The place register (what notes refer to): everything read anew,
    // every note parsed again.
    edit(
        &site.join("content/places.toml"),
        "name = \"Norrskolan\"",
        "name = \"Norra skolan\"",
    );
    let out = equals_clean(&site, &mut caches);
    assert!(!caches.read.hit());
    assert_eq!(caches.read.notes_parsed(), 7, "every note");
    let html = String::from_utf8_lossy(&out["internal"]["places/skolan/index.html"]);
    assert!(html.contains("Norra skolan"));
    let _ = std::fs::remove_dir_all(&site);
}
