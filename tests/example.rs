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
    let (ta, tb) = (common::read_tree(&a), common::read_tree(&b));
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
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}
