//! The example site at the repository root: it builds, twice
//! byte-identically, and every internal link resolves.

mod common;

use std::path::Path;

use lagesbild::site::Site;

#[test]
fn example_builds_deterministically_with_working_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let a = common::temp_dir("example-a");
    let b = common::temp_dir("example-b");
    let (site, summary) =
        Site::build(root, &a, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    assert!(
        site.diagnostics.is_empty(),
        "the example has warnings: {:?}",
        site.diagnostics
    );
    assert!(
        summary.rows >= 3000,
        "several thousand rows, got {}",
        summary.rows
    );
    assert!(summary.notes >= 50);
    Site::build(root, &b, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let (ta, tb) = (common::read_out(&a), common::read_out(&b));
    assert_eq!(ta.len(), tb.len());
    for (path, bytes) in &ta {
        assert!(
            tb.get(path) == Some(bytes),
            "{path} differs between two builds"
        );
    }
    let broken = common::broken_links(&a.join("internal"));
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:?}",
        broken.len(),
        broken.first()
    );
    // The feed keeps the newest 50 of the example's many reports and notes.
    let feed = std::fs::read_to_string(a.join("internal/feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 50);
    let index = std::fs::read_to_string(a.join("internal/index.html")).unwrap();
    assert!(
        index.contains("påhittade"),
        "the example says its data are invented"
    );
    // The public effect of A-2025-06 in words, no statistics: 150 events
    // after against 46·152/104 = 67.2 expected is 223 %; RES 0.448 with
    // interval 0.296–0.678 gives 1/0.678–1/0.296 = 147–338 %.
    let register = std::fs::read_to_string(a.join("public/actions/index.html")).unwrap();
    assert!(register.contains(
        "Efter starten: ungefär dubbelt så många händelser som om utvecklingen hade följt jämförelsen (223\u{a0}% av det antalet; osäkert, någonstans mellan 147 och 338\u{a0}%)."
    ));
    let pages: Vec<_> = ta
        .iter()
        .filter(|(p, _)| p.starts_with("public/") && p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 50, "{} public pages", pages.len());
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(!html.contains("RES "), "staff statistics in {path}");
    }
    let staff = std::fs::read_to_string(a.join("internal/actions/index.html")).unwrap();
    // Staff keep the figures, with the words beside them.
    assert!(
        staff.contains("%). <span class=\"sub\">RES "),
        "staff keep the figures"
    );
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}
