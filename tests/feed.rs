//! The Atom feed (`feed.xml`) of the hand-worked fixture
//! `tests/fixtures/basic`: its data run from 10 January 2023 to 2 May 2024,
//! so May 2024 and every period containing it are still running and left
//! out; it has six notes, none public.

mod common;

use std::path::Path;

use lagesbild::site::Site;

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn build(tag: &str) -> common::TempDir {
    let out = common::temp_dir(tag);
    Site::build(&common::fixture("basic"), &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    out
}

/// One entry: (title, link, id, updated, category).
type Entry = (String, String, String, String, String);

/// Parses the feed as XML and returns its id, updated and entries.
fn entries(path: &Path) -> (String, String, Vec<Entry>) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let child = |n: roxmltree::Node, name: &str| -> String {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .unwrap_or_else(|| panic!("no <{name}>"))
            .text()
            .unwrap_or_default()
            .to_string()
    };
    let attr = |n: roxmltree::Node, name: &str, a: &str| -> String {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.attribute(a))
            .unwrap_or_else(|| panic!("no <{name} {a}>"))
            .to_string()
    };
    assert!(!child(feed, "title").is_empty());
    assert!(
        !child(
            feed.children()
                .find(|c| c.has_tag_name((ATOM, "author")))
                .unwrap(),
            "name"
        )
        .is_empty()
    );
    let list = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| {
            (
                child(e, "title"),
                attr(e, "link", "href"),
                child(e, "id"),
                child(e, "updated"),
                attr(e, "category", "term"),
            )
        })
        .collect();
    (child(feed, "id"), child(feed, "updated"), list)
}

#[test]
fn public_feed_lists_finished_public_reports_newest_first() {
    let out = build("feed-public");
    let (id, updated, list) = entries(&out.join("public/feed.xml"));
    // Months January 2023 – April 2024 (16), quarters 2023 Q1 – 2024 Q1
    // (5), the year 2023 (1); no note is public.
    assert_eq!(list.len(), 22);
    assert!(list.iter().all(|e| e.4 == "report"));
    assert_eq!(updated, "2024-04-30T00:00:00Z");
    assert_eq!(list[0].0, "Rapport: april 2024");
    assert_eq!(list[0].1, "reports/month/2024-04/index.html");
    assert_eq!(list[0].3, "2024-04-30T00:00:00Z");
    // Equal dates keep cadence order: the month, then its quarter.
    assert_eq!(list[1].0, "Rapport: mars 2024");
    assert_eq!(list[2].0, "Rapport: kvartal 1 2024");
    assert_eq!(list.last().unwrap().0, "Rapport: januari 2023");
    for running in ["month/2024-05/", "quarter/2024-q2/", "year/2024/"] {
        assert!(!list.iter().any(|e| e.1.contains(running)), "{running}");
    }
    // Ids are absolute (urn:uuid) and distinct; every link is a page.
    assert!(id.starts_with("urn:uuid:"));
    let mut ids: Vec<&str> = list.iter().map(|e| e.2.as_str()).collect();
    assert!(
        ids.iter()
            .all(|i| i.starts_with("urn:uuid:") && i.len() == 45)
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 22);
    for e in &list {
        assert!(out.join("public").join(&e.1).is_file(), "{}", e.1);
    }
}

#[test]
fn internal_feed_has_every_note_and_its_own_ids() {
    let out = build("feed-internal");
    let (id, _, list) = entries(&out.join("internal/feed.xml"));
    // 44 reports less the 5 still running (May 2024, May–June, tertial 2,
    // quarter 2 and the year 2024) and the 6 notes.
    assert_eq!(list.len(), 45);
    let notes: Vec<&str> = list
        .iter()
        .filter(|e| e.4 == "note")
        .map(|e| e.0.as_str())
        .collect();
    assert_eq!(notes.len(), 6);
    let council = list.iter().find(|e| e.0 == "Rådet januari").unwrap();
    assert_eq!(council.1, "meetings/2024-01-18-radet/index.html");
    assert_eq!(council.3, "2024-01-18T00:00:00Z");
    // The same report has another id in the public feed.
    let (public_id, _, public) = entries(&out.join("public/feed.xml"));
    assert_ne!(id, public_id);
    let march = |l: &[Entry]| {
        l.iter()
            .find(|e| e.0 == "Rapport: mars 2024")
            .unwrap()
            .2
            .clone()
    };
    assert_ne!(march(&list), march(&public));
}

#[test]
fn every_page_links_the_feed_and_two_builds_give_the_same_feed() {
    let (a, b) = (build("feed-det-a"), build("feed-det-b"));
    for output in ["internal", "public"] {
        let f = format!("{output}/feed.xml");
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap()
        );
        for (path, bytes) in common::read_tree(&a.join(output)) {
            if path.ends_with(".html") {
                let html = String::from_utf8(bytes).unwrap();
                let root = "../".repeat(path.matches('/').count());
                assert!(
                    html.contains(&format!(
                        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{root}feed.xml\""
                    )),
                    "{output}/{path}"
                );
            }
        }
    }
}
