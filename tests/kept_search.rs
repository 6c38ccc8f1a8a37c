//! A build takes the search documents of the pages whose views did not
//! change from those the last build kept (`OUT/.lagesbild.search`,
//! `render::search::KeptDocs`), by the fingerprints of the views, and
//! makes those of the others again. What it takes is seen by planting a
//! word in the kept file: it reaches the search index only if taken.

mod common;

use std::path::Path;

use lagesbild::output::SEARCH_FILE;
use lagesbild::progress::Silent;
use lagesbild::site::{Built, Site};

use common::{basic_site, build_summary as build, outputs, search_index};

const HEADER: &str = "lagesbild search 1";

/// The note whose body says "Lugnare vid Torget": the folded word
/// `lugnare` is among its page's search words only.
const CALM: &str = "2024-03-07-operativ.md";
const OTHER: &str = "2024-02-08-operativ.md";

/// The kept documents with `from` replaced by `to` (of the same length,
/// so that every length in the file still holds), framed by `stamp`, or
/// by the program that kept them.
fn planted(out: &Path, from: &str, to: &str, stamp: Option<&str>) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let bytes = std::fs::read(out.join(SEARCH_FILE)).unwrap();
    let (program, body) = common::unframed(&bytes, HEADER);
    let text = replaced(body, from.as_bytes(), to.as_bytes());
    assert_ne!(text, body, "{from} is in the kept documents");
    common::framed(HEADER, &text, stamp.unwrap_or(&program))
}

/// Plants `lugnaxe` for `lugnare` in the kept documents.
fn plant(out: &Path) {
    std::fs::write(
        out.join(SEARCH_FILE),
        planted(out, "lugnare", "lugnaxe", None),
    )
    .unwrap();
}

/// `bytes` with every `from` replaced by `to`.
fn replaced(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(from) {
            out.extend_from_slice(to);
            at += from.len();
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    out
}

/// Replaces `from` by `to` in note `name`'s text.
fn edit(site: &Path, name: &str, from: &str, to: &str) {
    let note = site.join("content/meetings").join(name);
    let text = std::fs::read_to_string(&note).unwrap();
    assert!(text.contains(from), "{name} holds {from}");
    std::fs::write(&note, text.replace(from, to)).unwrap();
}

/// Edits the other note's title (its page changes, the calm note's not).
fn edit_other(site: &Path) {
    edit(
        site,
        OTHER,
        "Operativ grupp 2024-02-08",
        "Operativ grupp, Torget",
    );
}

/// How many documents of the internal search index have `word`.
fn found(out: &Path, word: &str) -> usize {
    search_index(&out.join("internal")).having(word).len()
}

/// Builds `site` afresh into `clean` and checks that `out` holds the same.
fn as_clean(site: &Path, out: &Path, clean: &Path) {
    build(site, clean);
    assert!(
        outputs(out) == outputs(clean),
        "the output differs from a clean build's"
    );
}

#[test]
fn unchanged_pages_documents_are_taken_and_an_edited_pages_made_again() {
    let (tmp, site, out) = basic_site("kept-search");
    build(&site, &out);
    assert_eq!(found(&out, "lugnare"), 1);
    plant(&out);

    // Another note edited: the calm note's page is unchanged, its
    // documents taken as kept.
    edit_other(&site);
    build(&site, &out);
    assert_eq!(found(&out, "lugnaxe"), 1, "taken from the kept file");
    assert_eq!(found(&out, "lugnare"), 0);
    assert!(found(&out, "torget") > 0);

    // The calm note edited: its documents are made again.
    edit(
        &site,
        CALM,
        "Lugnare vid Torget.",
        "Lugnare vid Torget i dag.",
    );
    build(&site, &out);
    assert_eq!(found(&out, "lugnaxe"), 0);
    assert_eq!(found(&out, "lugnare"), 1);
    assert_eq!(found(&out, "dag"), 1);
    as_clean(&site, &out, &tmp.join("clean"));
}

#[test]
fn damaged_foreign_missing_or_other_key_documents_are_made_again() {
    let (tmp, site, out) = basic_site("kept-search-damaged");
    build(&site, &out);
    let stored = std::fs::read(out.join(SEARCH_FILE)).unwrap();
    let mut damaged = planted(&out, "lugnare", "lugnaxe", None);
    let middle = damaged.len() / 2;
    damaged[middle] ^= 1;
    let foreign = planted(&out, "lugnare", "lugnaxe", Some("another program"));
    let cut = planted(&out, "lugnare", "lugnaxe", None);
    let cut = cut[..cut.len() - 1].to_vec();
    for (round, (what, bytes)) in [
        ("damaged", Some(damaged)),
        ("foreign", Some(foreign)),
        ("cut short", Some(cut)),
        ("empty", Some(Vec::new())),
        ("missing", None),
    ]
    .into_iter()
    .enumerate()
    {
        match bytes {
            Some(bytes) => std::fs::write(out.join(SEARCH_FILE), bytes).unwrap(),
            None => std::fs::remove_file(out.join(SEARCH_FILE)).unwrap(),
        }
        // A change, so that the build runs.
        std::fs::write(site.join("content/meetings").join(OTHER), {
            let text = std::fs::read_to_string(site.join("content/meetings").join(OTHER)).unwrap();
            format!("{text}\nRunda {round}.\n")
        })
        .unwrap();
        build(&site, &out);
        assert_eq!(found(&out, "lugnaxe"), 0, "{what}: nothing taken");
        assert_eq!(found(&out, "lugnare"), 1, "{what}");
        as_clean(&site, &out, &tmp.join(what.replace(' ', "-")));
        // Kept again, whole.
        let kept = std::fs::read(out.join(SEARCH_FILE)).unwrap();
        assert!(
            !common::unframed(&kept, HEADER).1.is_empty(),
            "{what}: kept again"
        );
    }
    assert!(stored.len() > HEADER.len());

    // Under another site-wide context (the site's title is on every
    // page): nothing taken.
    plant(&out);
    let config = site.join("lagesbild.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("Testkommunens lägesbild", "Testkommunens bild"),
    )
    .unwrap();
    build(&site, &out);
    assert_eq!(found(&out, "lugnaxe"), 0, "another key");
    as_clean(&site, &out, &tmp.join("clean-key"));
}

#[test]
fn a_build_of_one_output_keeps_the_others_documents() {
    let (_tmp, site, out) = basic_site("kept-search-one");
    build(&site, &out);
    plant(&out);
    // A page made public: the public output's documents change, and are
    // kept with the internal output's as they were.
    let page = site.join("content/pages/om.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.replace("order = 1\n", "order = 1\npublic = true\n");
    std::fs::write(&page, text.replace("Testsidan.", "Testsidan, ny.")).unwrap();
    let stored = std::fs::read(out.join(SEARCH_FILE)).unwrap();
    Site::build(&site, &out, Some("public")).unwrap();
    assert!(
        std::fs::read(out.join(SEARCH_FILE)).unwrap() != stored,
        "kept anew"
    );
    assert_eq!(search_index(&out.join("public")).having("ny").len(), 1);
    // The next full build takes the internal output's.
    edit_other(&site);
    build(&site, &out);
    assert_eq!(found(&out, "lugnaxe"), 1);
    assert_eq!(found(&out, "ny"), 1);
}

#[test]
fn a_forced_build_takes_no_documents() {
    let (_tmp, site, out) = basic_site("kept-search-force");
    build(&site, &out);
    plant(&out);
    match Site::build_if_changed(&site, &out, None, &Silent, true) {
        Ok(Built::Full(..)) => {}
        _ => panic!("a full build expected"),
    }
    assert_eq!(found(&out, "lugnaxe"), 0);
    assert_eq!(found(&out, "lugnare"), 1);
    // Made anew, and kept so.
    let kept = std::fs::read(out.join(SEARCH_FILE)).unwrap();
    let body = common::unframed(&kept, HEADER).1;
    assert!(!String::from_utf8_lossy(body).contains("lugnaxe"));
}
