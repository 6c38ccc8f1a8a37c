//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh, empty temporary folder for one test, removed when the test
/// lets go of it. A failing test (a panic unwinding) keeps it, for
/// looking at what it wrote.
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("lagesbild-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir {
        path: dir.clone(),
        root: Some(dir),
    }
}

/// A folder of [`temp_dir`]; a path wherever one is asked for.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
    /// The folder removed on drop: `path` or a folder above it; none for
    /// a folder the caller keeps.
    root: Option<PathBuf>,
}

impl TempDir {
    /// A folder the caller chose and keeps: never removed.
    pub fn kept(path: PathBuf) -> TempDir {
        TempDir { path, root: None }
    }

    /// The folder `sub` inside this one, which it keeps until dropped.
    pub fn into_sub(mut self, sub: &str) -> TempDir {
        TempDir {
            path: self.path.join(sub),
            root: self.root.take(),
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(root) = &self.root
            && !std::thread::panicking()
        {
            let _ = std::fs::remove_dir_all(root);
        }
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}

/// Every file below `dir`, relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every file below the output folder `out` as [`read_tree`] reads it,
/// but the record of the pages' files (`.lagesbild.pages`), which holds
/// their modification times and inodes, the incidents read, their
/// analysis and their views' fingerprints (`.lagesbild.read`,
/// `.lagesbild.analysis`, `.lagesbild.views`), and the large input files'
/// and the outputs' folders' inodes and times (`.lagesbild.inputs`,
/// `.lagesbild.folders`): what two builds of the same site write alike.
pub fn read_out(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(out);
    files.remove(lagesbild::output::PAGES_FILE);
    // Their keys take in the input files' paths: another in a copy.
    files.remove(lagesbild::output::READ_FILE);
    files.remove(lagesbild::output::ANALYSIS_FILE);
    files.remove(lagesbild::output::VIEWS_FILE);
    files.remove(lagesbild::output::INPUTS_FILE);
    files.remove(lagesbild::output::FOLDERS_FILE);
    files
}

/// The search index of an output (see `src/render/search.rs`): its
/// documents in index order and, per folded word, the documents with it in
/// their title and those with it in their text.
#[allow(dead_code)]
pub struct SearchIndex {
    pub docs: Vec<serde_json::Value>,
    pub words: BTreeMap<String, (Vec<u64>, Vec<u64>)>,
    /// Every file of the index, one after the other.
    pub text: String,
}

/// The JSON arguments of the call `name(id, at, JSON);` that makes up an
/// index file, checking that it names the manifest's build `id`.
#[allow(dead_code)]
fn call_args(js: &str, name: &str, id: &str) -> (serde_json::Value, serde_json::Value) {
    let args = js
        .strip_prefix(&format!("{name}("))
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a call of {name}: {js:.80}"));
    let v: serde_json::Value = serde_json::from_str(&format!("[{args}]")).unwrap();
    assert_eq!(v[0], id, "a file of another build: {js:.80}");
    (v[1].clone(), v[2].clone())
}

#[allow(dead_code)]
pub fn search_index(output: &Path) -> SearchIndex {
    let dir = output.join("search");
    let manifest_js = std::fs::read_to_string(dir.join("index.js")).unwrap();
    let json = manifest_js
        .strip_prefix("window.LAGESBILD_SEARCH = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("not a manifest: {manifest_js:.80}"));
    let manifest: serde_json::Value = serde_json::from_str(json).unwrap();
    let n = manifest["docs"].as_u64().unwrap() as usize;
    let chunk = manifest["chunk"].as_u64().unwrap() as usize;
    // Each file's id, as the manifest lists it (a hash of its content).
    let id = |kind: &str, i: usize| -> &str {
        let id = manifest["ids"][kind][i].as_str().unwrap();
        assert_eq!(id.len(), 16, "{id}");
        id
    };
    let mut text = manifest_js.clone();
    let mut docs = Vec::new();
    for k in 0..n.div_ceil(chunk) {
        let js = std::fs::read_to_string(dir.join(format!("docs/{k}.js"))).unwrap();
        let (at, list) = call_args(&js, "LAGESBILD_SEARCH_DOCS", id("docs", k));
        assert_eq!(at, k as u64);
        docs.extend(list.as_array().unwrap().iter().cloned());
        text.push_str(&js);
    }
    assert_eq!(docs.len(), n, "the manifest counts the documents");
    let mut words = BTreeMap::new();
    for (i, key) in manifest["shards"].as_array().unwrap().iter().enumerate() {
        let key = key.as_str().unwrap();
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        let js = std::fs::read_to_string(dir.join(format!("words/{hex}.js"))).unwrap();
        let (at, file) = call_args(&js, "LAGESBILD_SEARCH_WORDS", id("words", i));
        assert_eq!(at, key);
        for (word, p) in file.as_object().unwrap() {
            assert!(word.starts_with(key), "{word} in {key}");
            let ids = |i: usize| {
                p[i].as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect()
            };
            words.insert(word.clone(), (ids(0), ids(1)));
        }
        text.push_str(&js);
    }
    let files = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok);
    let js = files
        .filter(|e| e.path().extension().is_some_and(|x| x == "js"))
        .count();
    let shards = manifest["shards"].as_array().unwrap().len();
    assert_eq!(
        js,
        1 + n.div_ceil(chunk) + shards,
        "no index file the manifest does not name"
    );
    SearchIndex { docs, words, text }
}

impl SearchIndex {
    /// The documents a whole folded word is indexed for, title or text.
    #[allow(dead_code)]
    pub fn having(&self, word: &str) -> Vec<&serde_json::Value> {
        let Some((title, text)) = self.words.get(word) else {
            return Vec::new();
        };
        let mut ids: Vec<u64> = title.iter().chain(text).copied().collect();
        ids.sort();
        ids.iter().map(|&i| &self.docs[i as usize]).collect()
    }
}

/// Values of `attr="…"` in an HTML text.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Checks every `href` and `src` of every HTML file below `root`: relative,
/// pointing at an existing file, and at an existing `id` when it has a
/// fragment. Returns the broken ones as "page: link (why)".
pub fn broken_links(root: &Path) -> Vec<String> {
    let tree = read_tree(root);
    let ids: BTreeMap<&str, HashSet<&str>> = tree
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            (
                p.as_str(),
                attr_values(std::str::from_utf8(b).unwrap(), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for link in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
        {
            if link.contains("://")
                || link.starts_with('/')
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                if !link.starts_with("mailto:") && !link.starts_with("tel:") {
                    broken.push(format!("{page}: {link} (not relative)"));
                }
                continue;
            }
            let (file, fragment) = link
                .split_once('#')
                .map_or((link, None), |(f, h)| (f, Some(h)));
            let target = if file.is_empty() {
                page.clone()
            } else {
                normalise(Path::new(page).parent().unwrap(), file)
            };
            if !tree.contains_key(&target) {
                broken.push(format!("{page}: {link} (no file {target})"));
            } else if let Some(frag) = fragment
                && !ids.get(target.as_str()).is_some_and(|s| s.contains(frag))
            {
                broken.push(format!("{page}: {link} (no id {frag})"));
            }
        }
    }
    broken
}

fn normalise(base: &Path, rel: &str) -> String {
    let mut parts: Vec<String> = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

/// xorshift64*: a small deterministic generator, so random test inputs are
/// the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `n` random bytes; without NULs unless `with_nul`.
    pub fn bytes(&mut self, n: usize, with_nul: bool) -> Vec<u8> {
        (0..n)
            .map(|_| {
                let b = self.next() as u8;
                if with_nul || b != 0 { b } else { b'x' }
            })
            .collect()
    }
}

/// Copies the folder `from` into `to`, every file and sub-folder.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The county police feed in the shared real data (`../shared/realdata`).
pub const COUNTY_FEED: &str = "polisen_events_varmland_2022-2026_with_text.csv";

/// The path of a file of the shared real data; fails when it is missing
/// (the tests that call it are ignored then, or fail under CI).
pub fn realdata(file: &str) -> PathBuf {
    let p = Path::new(env!("LAGESBILD_SHARED_DIR"))
        .join("realdata")
        .join(file);
    assert!(
        p.is_file(),
        "{} is missing: the shared real data must be beside the repository",
        p.display()
    );
    p
}

/// The municipality of a row of the county feed, by the rule its README
/// documents: the location name, or, where that is the county, the last
/// comma-separated part of the event's name. The tests' independent count.
pub fn feed_municipality(location: &str, name: &str) -> String {
    if location == "Värmlands län" {
        name.rsplit(',').next().unwrap().trim().to_string()
    } else {
        location.to_string()
    }
}

/// The text of the file `path` of a tree read by [`read_tree`]; fails
/// naming the path when there is none.
pub fn tree_text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// Builds `site` into `out`: the build's summary.
pub fn build_summary(site: &Path, out: &Path) -> lagesbild::site::Summary {
    lagesbild::site::Site::build(site, out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()))
        .1
}

/// Every file of every output in `out` (the build's own records aside).
pub fn outputs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(out);
    files.retain(|path, _| !path.starts_with(".lagesbild"));
    files
}

/// A copy of the basic fixture in a folder of its own: the folder (kept
/// until dropped), the site and the output folder in it.
pub fn basic_site(name: &str) -> (TempDir, PathBuf, PathBuf) {
    let tmp = temp_dir(name);
    let site = tmp.join("site");
    copy_dir(&fixture("basic"), &site);
    let out = tmp.join("out");
    (tmp, site, out)
}

/// The program stamp and the body of a part a build kept, framed under
/// `header` (see `lagesbild::framed`).
#[allow(dead_code)]
pub fn unframed<'a>(bytes: &'a [u8], header: &str) -> (String, &'a [u8]) {
    let line = bytes.split(|b| *b == b'\n').next().unwrap();
    let line = String::from_utf8(line.to_vec()).unwrap();
    let stamp = line
        .strip_prefix(&format!("{header} "))
        .unwrap()
        .to_string();
    let body = lagesbild::framed::body(bytes, header, &stamp).expect("a frame");
    (stamp, body)
}

/// `body` framed under `header` as the program `stamp` frames a kept part.
#[allow(dead_code)]
pub fn framed(header: &str, body: &[u8], stamp: &str) -> Vec<u8> {
    let mut bytes = lagesbild::framed::open(header, stamp);
    bytes.extend_from_slice(body);
    lagesbild::framed::close(bytes)
}
