//! Rendering again with the pages of the last render (what `lagesbild
//! serve` does after an edit) gives exactly what a clean render gives,
//! and draws anew only the pages whose views changed.

mod common;

use std::collections::{BTreeMap, HashMap};

use lagesbild::progress::Silent;
use lagesbild::site::Site;

type Outputs = BTreeMap<String, BTreeMap<String, Vec<u8>>>;

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
    let mut caches = HashMap::new();
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
    let drawn: usize = caches.values().map(|c| c.fresh()).sum();
    assert!(drawn > 0 && drawn <= pages, "{drawn} of {pages}");

    // Nothing changed: nothing drawn anew, the same files.
    let again = Site::rendered(&site, None, &Silent, Some(&mut caches)).unwrap();
    assert_eq!(caches.values().map(|c| c.fresh()).sum::<usize>(), 0);
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
    let drawn: usize = caches.values().map(|c| c.fresh()).sum();
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
