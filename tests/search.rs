//! The search index (`search/index.js`, `search/words/`, `search/docs/`)
//! and the search page of the hand-worked fixture `tests/fixtures/basic`.
//!
//! The fixture's data run from 10 January 2023 to 2 May 2024; it has six
//! notes (five operative, one of the council), none public, one action
//! (A-1, not public), two places and one free page (not public).

mod common;

use std::collections::BTreeMap;

use lagesbild::site::Site;
use serde_json::Value;

fn build(tag: &str) -> common::TempDir {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("basic"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    out
}

/// The documents of an output's index, parsed from its JavaScript files.
fn docs(output: &std::path::Path) -> Vec<Value> {
    common::search_index(output).docs
}

fn kinds(docs: &[Value]) -> BTreeMap<String, usize> {
    let mut k = BTreeMap::new();
    for d in docs {
        *k.entry(d["k"].as_str().unwrap().to_string()).or_default() += 1;
    }
    k
}

fn titles(docs: &[Value], kind: &str) -> Vec<String> {
    docs.iter()
        .filter(|d| d["k"] == kind)
        .map(|d| d["t"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn internal_index_lists_every_report_note_place_action_and_page() {
    let out = build("search-internal");
    let index = common::search_index(&out.join("internal"));
    let docs = index.docs.clone();
    // Reports: 17 months (Jan 2023 – May 2024), 9 two-month periods
    // (6 in 2023, 3 in 2024), 5 tertials (3 + 2), 6 quarters (4 + 2),
    // 2 years, 5 operative periods (one per operative meeting) = 44.
    let expected: BTreeMap<String, usize> = [
        ("action", 1),
        ("note", 6),
        ("page", 1),
        ("place", 2),
        ("report", 44),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(kinds(&docs), expected);
    // Kinds in order page, place, action, note, report; notes newest first.
    let order: Vec<&str> = docs.iter().map(|d| d["k"].as_str().unwrap()).collect();
    assert_eq!(&order[..5], ["page", "place", "place", "action", "note"]);
    assert_eq!(
        titles(&docs, "note"),
        [
            "Operativ grupp 2024-03-07",
            "Operativ grupp 2024-02-22",
            "Operativ grupp 2024-02-08",
            "Operativ grupp 2024-01-25",
            "Rådet januari",
            "Operativ grupp 2024-01-11",
        ]
    );
    assert_eq!(titles(&docs, "place"), ["Torget", "Norrskolan"]);
    let find = |t: &str| docs.iter().find(|d| d["t"] == t).unwrap();
    let torget = find("Torget");
    assert_eq!(
        torget["u"], "places/torget/index.html",
        "the place's own page"
    );
    assert_eq!(torget["e"], "Centrum");
    let action = find("Bättre belysning vid Torget");
    assert_eq!(
        action["u"], "actions/a-1/index.html",
        "the action's own page"
    );
    assert_eq!(
        action["e"],
        "Genomförd · Centrum · Klart senast 1 mars 2024"
    );
    // The owner and the last comment are searchable internally.
    for word in ["gatukontoret", "belysningen"] {
        assert!(index.having(word).contains(&action), "{word}");
    }
    // Words are folded: "Bättre" is filed as "battre", in the title.
    let battre = &index.words["battre"];
    assert_eq!(battre.0.len(), 1, "{battre:?}");
    assert_eq!(&docs[battre.0[0] as usize], action);
    let council = find("Rådet januari");
    assert_eq!(
        council["e"],
        "Lokalt brottsförebyggande råd, 18 januari 2024. Rådet beslutade om belysning vid Torget."
    );
    // The body's text without Markdown: table cells and footnote, no pipes.
    assert!(index.having("insatsregistret").contains(&council));
    assert!(index.words.keys().all(|w| !w.contains(['|', '<', '#'])));
    let march = find("Rapport: mars 2024");
    assert_eq!(march["u"], "reports/month/2024-03/index.html");
    assert_eq!(march["e"], "Månad, 1–31 mars 2024");
}

#[test]
fn public_index_lists_only_what_public_pages_show() {
    let out = build("search-public");
    let docs = docs(&out.join("public"));
    // The complete periods (data to 2 May 2024): 16 months, 5 quarters, 1
    // year, since a public output shows no period in progress; the page
    // "Om siffrorna"; no notes, action, place or free page, since none of
    // them is public.
    let expected: BTreeMap<String, usize> = [("page", 1), ("report", 22)]
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    assert_eq!(kinds(&docs), expected);
    assert_eq!(titles(&docs, "page"), ["Om siffrorna"]);
    let reports = titles(&docs, "report");
    assert!(reports.contains(&"Rapport: kvartal 1 2024".to_string()));
    assert!(
        !reports.iter().any(|t| t.contains("–7 mars")),
        "no operative"
    );
    // Nothing from the internal side: place names, notes, owners.
    let text = common::search_index(&out.join("public"))
        .text
        .to_lowercase();
    // Whole words: "området" (the numbers page's) folds to "omradet".
    let words: std::collections::BTreeSet<&str> =
        text.split(|c: char| !c.is_alphanumeric()).collect();
    assert!(words.contains("området") || words.contains("omradet"));
    for word in ["torget", "norrskolan", "gatukontoret", "rådet", "radet"] {
        assert!(!words.contains(word), "{word} in the public index");
    }
}

#[test]
fn index_links_resolve_and_excerpts_are_short() {
    let out = build("search-links");
    for output in ["internal", "public"] {
        let root = out.join(output);
        for d in docs(&root) {
            let u = d["u"].as_str().unwrap();
            let (file, fragment) = u.split_once('#').map_or((u, None), |(f, h)| (f, Some(h)));
            let page = std::fs::read_to_string(root.join(file))
                .unwrap_or_else(|e| panic!("{output}: {u}: {e}"));
            if let Some(id) = fragment {
                assert!(page.contains(&format!(" id=\"{id}\"")), "{output}: {u}");
            }
            let e = d["e"].as_str().unwrap();
            assert!(e.chars().count() <= 160, "{output}: {u}: {e}");
            assert!(!e.contains('<') && !e.contains("##"), "{output}: {u}: {e}");
        }
    }
}

#[test]
fn search_page_loads_the_index_and_works_without_javascript() {
    let out = build("search-page");
    for output in ["internal", "public"] {
        let root = out.join(output);
        let page = std::fs::read_to_string(root.join("search/index.html")).unwrap();
        assert!(
            page.contains("<script src=\"index.js\"></script>"),
            "{page}"
        );
        assert!(page.contains("<script src=\"../static/search.js\"></script>"));
        assert!(page.contains("role=\"search\""));
        assert!(page.contains("<label for=\"search-q\">"));
        assert!(page.contains("role=\"status\" aria-live=\"polite\""));
        // Without JavaScript: a notice and a way to the archive.
        let noscript = page.split("<noscript>").nth(1).unwrap();
        assert!(
            noscript.contains("href=\"../reports/index.html\""),
            "{noscript}"
        );
        assert!(root.join("static/search.js").is_file());
        // Every other page has the search form in its header.
        let report =
            std::fs::read_to_string(root.join("reports/month/2024-03/index.html")).unwrap();
        assert!(report.contains(
            "<form role=\"search\" class=\"site-search\" action=\"../../../search/index.html\" method=\"get\">"
        ));
        assert!(report.contains("name=\"q\""));
        assert!(common::broken_links(&root).is_empty());
    }
}

#[test]
fn index_is_the_same_in_two_builds() {
    let (a, b) = (build("search-det-a"), build("search-det-b"));
    for f in ["internal/search", "public/search"] {
        let (ta, tb) = (common::read_tree(&a.join(f)), common::read_tree(&b.join(f)));
        assert!(ta.len() > 3, "{f}: {:?}", ta.keys());
        assert_eq!(ta, tb, "{f}");
    }
}

/// A note edit that adds one word changes the manifest, the file of that
/// word and the document file holding the note's excerpt, and no other
/// index file: each file's id is a hash of its own content, so the rest
/// keep their bytes (and a rebuild writes only these).
#[test]
fn a_note_edit_changes_only_the_index_files_it_touches() {
    let site = common::temp_dir("search-edit-site");
    common::copy_dir(&common::fixture("basic"), &site);
    let before = common::temp_dir("search-edit-a");
    Site::build(&site, &before, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let note = site.join("content/meetings/2024-01-11-operativ.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("Inget särskilt.", "Inget särskilt, zebrakorsning."),
    )
    .unwrap();
    let after = common::temp_dir("search-edit-b");
    Site::build(&site, &after, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let (a, b) = (
        common::read_tree(&before.join("internal/search")),
        common::read_tree(&after.join("internal/search")),
    );
    let mut changed: Vec<&String> = b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    changed.sort();
    assert_eq!(
        changed,
        ["docs/0.js", "index.js", "words/7a.js"],
        "of {}",
        b.len()
    );
    let index = common::search_index(&after.join("internal"));
    assert_eq!(index.having("zebrakorsning").len(), 1);
    for dir in [site, before, after] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
