//! A build renders the internal output's pages in rounds while the public
//! output's audit runs, and adds the privacy page, which needs the
//! audit's report, when it finishes (`render::Stream`). The files are
//! exactly those one render of the whole view makes.

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use lagesbild::i18n::Words;
use lagesbild::render::{Engine, OutFile, Stream, ThemeParts, render_to};
use lagesbild::site::Site;

type Files = Mutex<BTreeMap<String, Vec<u8>>>;

fn keep(files: &Files) -> impl Fn(OutFile, usize) -> Result<(), String> + Sync + '_ {
    move |f: OutFile, _| {
        let mut files = files.lock().unwrap();
        assert!(
            files.insert(f.path.clone(), f.bytes.to_vec()).is_none(),
            "{} twice",
            f.path
        );
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
    let early = rounds.lock().unwrap().len();
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    // The search page, the feed and the round's pages' files.
    assert!(
        early >= 2 + 32 && early < whole.len() - 32,
        "{early} of {} files put before the rest",
        whole.len()
    );
    stream.finish(vec![privacy]).unwrap();
    drop(put);
    let rounds = rounds.into_inner().unwrap();
    assert_eq!(
        rounds.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &whole {
        assert!(rounds[path] == *bytes, "{path} differs");
    }
    assert!(whole.contains_key("privacy/index.html"));
}
