//! A build renders the internal output's pages in rounds while the public
//! output's audit runs, and adds the privacy page, which needs the
//! audit's report, when it finishes (`render::Stream`, `Site::stage`).
//! The files are exactly those one render of the whole view makes, in
//! any order of the outputs.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use lagesbild::i18n::Words;
use lagesbild::progress::Silent;
use lagesbild::render::{Engine, OutFile, Stream, ThemeParts, render_to};
use lagesbild::site::Site;

/// Each file put: its bytes and the number of the page it belongs to.
type Files = Mutex<BTreeMap<String, (Vec<u8>, usize)>>;

fn keep(files: &Files) -> impl Fn(OutFile, usize) -> Result<(), String> + Sync + '_ {
    move |f: OutFile, page| {
        let mut files = files.lock().unwrap();
        let old = files.insert(f.path.clone(), (f.bytes.to_vec(), page));
        assert!(old.is_none(), "{} twice", f.path);
        Ok(())
    }
}

#[test]
fn pages_rendered_in_rounds_with_the_privacy_page_last_equal_one_render() {
    let site = Site::load(&common::fixture("basic")).unwrap();
    let analysis = site.analyse();
    let outputs: Vec<_> = site.config.outputs.iter().collect();
    let (views, _) = site.views(&analysis, &outputs);
    let (_, view) = (views.into_iter())
        .find(|(_, v)| v.meta.audience == "internal")
        .expect("the basic fixture has an internal output");
    let parts = ThemeParts {
        templates: &site.theme.templates,
        static_files: &site.theme.static_files,
        translations: &site.theme.translations,
    };
    let words = || Words::new(&site.theme.translations);
    let engine = Engine::new(&parts, words()).unwrap();

    let whole = Files::default();
    render_to(view.clone(), &parts, words(), &engine, &keep(&whole), None).unwrap();
    let whole = whole.into_inner().unwrap();

    let mut view = view;
    let privacy = view.pages.pop().unwrap();
    assert_eq!(privacy.path, "privacy/index.html");
    let pages = view.pages.len();
    assert!(pages > 32, "{pages} pages: too few for a round and a rest");
    let rounds = Files::default();
    let put = keep(&rounds);
    let mut stream = Stream::begin(view, &parts, words(), &engine, &put, None).unwrap();
    // One round (32 pages) while "the audit runs", then it has ended.
    let asked = AtomicUsize::new(0);
    stream.render_while(&|| asked.fetch_add(1, Ordering::SeqCst) < 1);
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    // The search page and the feed (0), and pages 1 to 32 exactly.
    let mut numbers: Vec<usize> = (rounds.lock().unwrap().values()).map(|(_, n)| *n).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers, (0..=32).collect::<Vec<_>>());
    stream.finish(vec![privacy]).unwrap();
    drop(put);
    let rounds = rounds.into_inner().unwrap();
    assert_eq!(rounds["privacy/index.html"].1, pages + 1);
    assert_eq!(
        rounds.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    for (path, (bytes, page)) in &whole {
        assert!(rounds[path].0 == *bytes, "{path} differs");
        assert_eq!(rounds[path].1, *page, "{path}'s page number");
    }
}

/// Every file below `dir` but the build's own records, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(rel, _)| !rel.starts_with(".lagesbild"))
        .collect()
}

/// The outputs of one render into memory, as paths below the output
/// folder (`NAME/PATH`).
fn rendered(site: &Path, only: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let r = Site::rendered(site, only, &Silent, None).unwrap_or_else(|e| panic!("{e:?}"));
    (r.outputs.into_iter())
        .flat_map(|(name, files)| {
            (files.into_iter()).map(move |f| (format!("{name}/{}", f.path), f.bytes.to_vec()))
        })
        .collect()
}

#[test]
fn a_build_writes_what_a_render_makes_in_any_order_of_its_outputs() {
    let dir = common::temp_dir("stream-orders");
    let site = dir.join("site");
    common::copy_dir(&common::fixture("basic"), &site);
    let config = site.join("lagesbild.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        !text.contains("[[outputs]]"),
        "the fixture's outputs are the default ones"
    );
    // The public output first, then two internal ones.
    let outputs = "\n[[outputs]]\nname = \"ut\"\naudience = \"public\"\n\n\
                   [[outputs]]\nname = \"in\"\naudience = \"internal\"\n\n\
                   [[outputs]]\nname = \"in2\"\naudience = \"internal\"\n";
    for (k, (text, only)) in [
        (text.clone(), None),
        (format!("{text}{outputs}"), None),
        (format!("{text}{outputs}"), Some("in2")),
    ]
    .into_iter()
    .enumerate()
    {
        std::fs::write(&config, text).unwrap();
        let out = dir.join(format!("out{k}"));
        Site::build(&site, &out, only).unwrap_or_else(|e| panic!("{e:?}"));
        let built = tree(&out);
        let made = rendered(&site, only);
        // With a public output built, the internal ones show its report.
        let privacy = made.keys().filter(|p| p.ends_with("/privacy/index.html"));
        assert_eq!(privacy.count(), [1, 2, 0][k], "case {k}");
        assert_eq!(
            built.keys().collect::<Vec<_>>(),
            made.keys().collect::<Vec<_>>(),
            "case {k}"
        );
        for (path, bytes) in &made {
            assert!(built[path] == *bytes, "case {k}: {path} differs");
        }
    }
}
