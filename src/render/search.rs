//! Search that works from file://: an output's index is a set of
//! JavaScript files under `search/`, each calling a function the search
//! page defined, and the search page loads them with `<script src>` tags
//! (browsers block `fetch` of local files, not scripts). The theme's
//! `static/search.js` does the matching in the browser.
//!
//! **The index is split so that a query loads only what it needs**:
//! `search/index.js` is a small manifest (how many documents, which word
//! files exist); `search/words/XXXX.js` holds the words starting with one
//! letter, or with one pair of letters where a letter has many (the file
//! named by the letters' UTF-8 bytes in hex), each with the documents that
//! have it in their title and in their text; `search/docs/N.js` holds
//! [`CHUNK`] documents' link, kind, title and excerpt, loaded only for the
//! results shown. A word of a query loads one or two word files (the one
//! of its letter, or of its first two letters and its letter's one-letter
//! word). Words are folded here as the script folds a query: lower case,
//! without diacritics.
//!
//! **The index is built from the view models of the output's pages, never
//! from the model.** The pages of an output are its view models; an index
//! made from them can hold only what those pages show. For the public
//! output this means the allow-list of `audience::public` decides the index
//! too: there is no second list of public fields to keep in step, and a
//! field that the allow-list leaves out (a place name, an internal summary,
//! a non-public note or action, an owner) cannot reach the index, because
//! this module never sees it. That is why it lives in render and takes
//! `&[PageView]` only.
//!
//! The index is compact and deterministic: per document its link, kind,
//! title and an excerpt of at most [`EXCERPT`] characters; per word the
//! documents in index order. No HTML, no Markdown, no text twice.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::{OutFile, markdown, root_of, template_error};

mod kept;
use crate::audience::view::{ActionRow, MeetingView, PageBody, PageView, ReportHead};
use crate::i18n::Translations;
pub(super) use kept::ByPage;
pub use kept::{Documented, KeptDocs};

/// Where the search page and its index lie in an output.
pub const PAGE: &str = "search/index.html";
pub const INDEX: &str = "search/index.js";

/// Longest excerpt, in characters (an ellipsis is added when cut).
pub const EXCERPT: usize = 160;

/// The size of a word file (bytes, about) past which a letter's words are
/// filed by their first two letters: small sites keep one file a letter,
/// and no query loads much more than this of words.
pub const SPLIT: usize = 8 * 1024;

/// Documents per file of `search/docs/`: the results shown (at most 50)
/// load a few of these, not every document's excerpt.
pub const CHUNK: usize = 32;

/// One searchable document. Short keys keep the files small; the search
/// script reads `u` (link from the site root), `k` (kind), `t` (title)
/// and `e` (excerpt).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Doc {
    u: String,
    k: &'static str,
    t: String,
    e: String,
    /// The folded words of the title (sorted, each once), and those of
    /// the rest of its text and the excerpt that are not in the title
    /// (each once, in the order first met, one space between words: a
    /// word never holds one): worked out when the document is made, so
    /// that a page kept by the render cache is not split into words
    /// again. One string, not a string per word: a note has hundreds.
    /// Not written out.
    #[serde(skip)]
    title_words: Vec<String>,
    #[serde(skip)]
    text_words: String,
    /// Sort key: kind, then newest first (an ISO date, or empty).
    #[serde(skip)]
    order: (u8, String),
}

impl Doc {
    /// A document with link `u`, kind `k`, title `t` and excerpt `e`,
    /// found also by the words of `texts`.
    fn new(u: String, k: &'static str, t: String, e: String, texts: &[&str]) -> Doc {
        let title = fold(&t);
        let title = sorted_words(tokens(&title));
        // Folded first: a decomposed "ö" (o and a combining mark) would
        // otherwise split the word at the mark.
        let folded: Vec<String> = (texts.iter().copied().chain([e.as_str()]))
            .map(fold)
            .collect();
        let text = (folded.iter())
            .flat_map(|s| tokens(s))
            .filter(|w| title.binary_search(w).is_err());
        let text_words = distinct(text);
        Doc {
            u,
            k,
            t,
            e,
            title_words: title.into_iter().map(str::to_string).collect(),
            text_words,
            order: (0, String::new()),
        }
    }

    /// The same document sorted by kind `kind` and then `date`, newest
    /// first.
    fn order(mut self, kind: u8, date: &str) -> Doc {
        self.order = (kind, date.to_string());
        self
    }
}

/// The manifest `search/index.js` assigns to `window.LAGESBILD_SEARCH`.
#[derive(Serialize)]
struct Manifest<'a> {
    docs: usize,
    chunk: usize,
    /// The first two letters of the words there are files for.
    shards: Vec<&'a str>,
    /// Each file's own id, which the file passes when loaded: a hash of
    /// its content. The script takes a file only with the id listed here,
    /// so it never mixes files of two builds (a cached one, say), and a
    /// file whose content did not change keeps its bytes: a rebuild after
    /// a note edit rewrites the few files it changed, not the whole index.
    ids: &'a Ids,
}

/// The ids of the word files (in the order of `shards`) and of the
/// document files (by number).
#[derive(Serialize)]
struct Ids {
    words: Vec<String>,
    docs: Vec<String>,
}

/// Per word, the documents (index positions) with it in their title and
/// those with it in their text only.
type Postings = (Vec<u32>, Vec<u32>);

/// The files of the search index of these documents (every page's, in
/// page order): the manifest, the word files and the document files.
pub(super) fn index_of(mut docs: Vec<&Doc>) -> Vec<OutFile> {
    // Stable: pages of equal key keep the order of the output.
    docs.sort_by(|a, b| a.order.0.cmp(&b.order.0).then(b.order.1.cmp(&a.order.1)));
    let shards = shards(&docs);
    // Serialised in parallel: on a large site this is most of the index.
    let chunks: Vec<String> = docs.par_chunks(CHUNK).map(json).collect();
    let shard_list: Vec<_> = shards.iter().collect();
    let words: Vec<(String, String)> = (shard_list.par_iter())
        .map(|(key, words)| (json(key), json(words)))
        .collect();
    let ids = Ids {
        words: words.iter().map(|(k, w)| id_of(&[k, w])).collect(),
        docs: chunks.iter().map(|c| id_of(&[c])).collect(),
    };
    let manifest = Manifest {
        docs: docs.len(),
        chunk: CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
        ids: &ids,
    };
    let manifest = script(
        INDEX.into(),
        format!("window.LAGESBILD_SEARCH = {};\n", json(&manifest)),
    );
    let doc_files = (chunks.iter().zip(&ids.docs).enumerate()).map(|(k, (chunk, id))| {
        script(
            format!("search/docs/{k}.js"),
            format!("LAGESBILD_SEARCH_DOCS(\"{id}\", {k}, {chunk});\n"),
        )
    });
    let word_files =
        (shards.keys().zip(&words).zip(&ids.words)).map(|((key, (name, words)), id)| {
            script(
                format!("search/words/{}.js", hex(key)),
                format!("LAGESBILD_SEARCH_WORDS(\"{id}\", {name}, {words});\n"),
            )
        });
    std::iter::once(manifest)
        .chain(doc_files)
        .chain(word_files)
        .collect()
}

/// The id of an index file with these parts: the first 8 bytes of their
/// SHA-256, in hex.
fn id_of(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update(b"\n");
    }
    hash.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// JSON of one of the index's parts (strings, numbers and lists: they
/// serialise without failing).
fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn script(path: String, text: String) -> OutFile {
    OutFile {
        path,
        bytes: text.into_bytes().into(),
    }
}

/// The words of `docs` filed by their first letter, each with its
/// [`Postings`] (a word of the title counts there only); a letter whose
/// file would pass [`SPLIT`] bytes has its words filed by their first two
/// letters instead (its one-letter word, if any, stays under the letter).
/// Every word is filed under a start of it, which the script relies on.
fn shards(docs: &[&Doc]) -> BTreeMap<String, BTreeMap<String, Postings>> {
    let mut words: HashMap<&str, Postings> = HashMap::default();
    for (id, d) in docs.iter().enumerate() {
        for w in &d.title_words {
            words.entry(w).or_default().0.push(id as u32);
        }
        for w in d.text_words.split(' ').filter(|w| !w.is_empty()) {
            words.entry(w).or_default().1.push(id as u32);
        }
    }
    let start = |w: &str, n: usize| -> String { w.chars().take(n).collect() };
    let mut size: BTreeMap<String, usize> = BTreeMap::new();
    for (w, (title, text)) in &words {
        // About what the word costs its file: itself, its numbers, quotes.
        *size.entry(start(w, 1)).or_default() += w.len() + 8 + 5 * (title.len() + text.len());
    }
    let mut out: BTreeMap<String, BTreeMap<String, Postings>> = BTreeMap::new();
    for (w, p) in words {
        let letter = start(w, 1);
        let key = match size[&letter] > SPLIT {
            true => start(w, 2),
            false => letter,
        };
        out.entry(key).or_default().insert(w.to_string(), p);
    }
    out
}

/// Lower case without diacritics, as the search script folds a query:
/// canonical decomposition splits "ö" into "o" and a combining mark,
/// which is dropped. Character by character, which is the string's
/// canonical decomposition (NFD) less its marks: NFD's reordering moves
/// only marks. An ASCII character decomposes to itself.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    out.to_lowercase()
}

/// The UTF-8 bytes of `s` in hex: a file name of any letters.
fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The search page, rendered with the site-wide context `base`.
pub fn page_file(tera: &Tera, base: &Context, t: &Translations) -> Result<OutFile, String> {
    #[derive(Serialize)]
    struct SearchPage {
        path: &'static str,
        title: String,
        section: &'static str,
    }
    let mut ctx = base.clone();
    ctx.insert("root", &root_of(PAGE));
    ctx.insert(
        "page",
        &SearchPage {
            path: PAGE,
            title: t.get("search"),
            section: "search",
        },
    );
    let html = tera
        .render("search.html", &ctx)
        .map_err(|e| format!("{PAGE}: {}", template_error(&e)))?;
    Ok(OutFile {
        path: PAGE.into(),
        bytes: html.into_bytes().into(),
    })
}

/// The searchable documents of one page: a free page, places, actions,
/// a note or a report ([`index_of`] puts them in order of kind, newest
/// first within a kind).
pub(super) fn page_documents(p: &PageView, t: &Translations) -> Vec<Doc> {
    let mut docs = Vec::new();
    match &p.body {
        PageBody::Report(r) => docs.push(report(p, &r.report.head)),
        PageBody::Uncovered(r) => docs.push(report(p, &r.head)),
        PageBody::Taken(t) => docs.extend(t.report.as_ref().map(|(h, _)| report(p, h))),
        PageBody::Meeting(m) => docs.push(note(p, m)),
        PageBody::Actions { actions } => docs.extend(actions.iter().map(|a| action(a, t))),
        PageBody::Places { areas } => {
            for area in areas {
                let area_name = area.name.clone().unwrap_or_else(|| t.get("no_area"));
                docs.extend(area.places.iter().map(|pl| {
                    let (u, t) = (pl.href.clone(), pl.name.clone());
                    Doc::new(u, "place", t, area_name.clone(), &[&pl.id]).order(1, "")
                }));
            }
        }
        PageBody::Free { body } => {
            let text = markdown::to_text(&body.source);
            let (u, t) = (p.path.clone(), p.title.clone());
            docs.push(Doc::new(u, "page", t, excerpt(&text), &[&text]));
        }
        _ => {}
    }
    docs
}

fn report(p: &PageView, h: &ReportHead) -> Doc {
    let e = format!("{}, {}", h.cadence_label, h.range);
    Doc::new(p.path.clone(), "report", p.title.clone(), e, &[&h.label]).order(4, &h.end)
}

fn note(p: &PageView, m: &MeetingView) -> Doc {
    let body = m.body.as_ref().map(markdown::body_text).unwrap_or_default();
    let summary = m.summary.as_deref().unwrap_or_default();
    let lead = if summary.is_empty() { &body } else { summary };
    let places: Vec<&str> = m.focus_places.iter().map(|l| l.label.as_str()).collect();
    let focus = format!("{} {}", places.join(" "), m.focus_categories.join(" "));
    let e = excerpt(&format!("{}, {}. {lead}", m.group, m.date));
    let texts = [&m.group, &m.date, summary, &body, &focus];
    Doc::new(p.path.clone(), "note", m.title.clone(), e, &texts).order(3, &m.date_iso)
}

fn action(a: &ActionRow, t: &Translations) -> Doc {
    let due = a.due.as_ref().map(|d| format!("{} {d}", t.get("due")));
    let facts: Vec<&str> = [Some(&a.status_label), a.area.as_ref(), due.as_ref()]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let place = a
        .place
        .as_ref()
        .map(|l| l.label.clone())
        .unwrap_or_default();
    let texts: [&str; 7] = [
        &a.id,
        &place,
        &opt(&a.area),
        &opt(&a.category),
        &opt(&a.owner),
        &a.status_label,
        &opt(&a.comment),
    ];
    let e = excerpt(&facts.join(" · "));
    Doc::new(a.href.clone(), "action", a.what.clone(), e, &texts).order(2, "")
}

/// The words of folded text (lower case already, see [`fold`]). A word
/// with hyphens (an action id `A-2024-03`, a date) is kept whole and also
/// split, so both `a-2024` and `2024` find it; the search script splits
/// the same way.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    (s.split(|c: char| !(c.is_alphanumeric() || c == '-')))
        .map(|raw| raw.trim_matches('-'))
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let parts = (w.contains('-')).then(|| w.split('-').filter(|p| !p.is_empty()));
            std::iter::once(w).chain(parts.into_iter().flatten())
        })
}

/// `words` sorted, each once.
fn sorted_words<'a>(words: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut words: Vec<&str> = words.collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// `words`, each once in the order first met, one space between them:
/// a hash set finds the repeats (the order of the index's words comes
/// from [`shards`], not from here), which costs less than sorting every
/// word of a long note.
fn distinct<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = String::new();
    for w in words {
        if seen.insert(w) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// `text` with runs of white space as one space, cut at a word boundary to
/// at most [`EXCERPT`] characters (an ellipsis included).
pub fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, texts: &[&str]) -> Doc {
        Doc::new(String::new(), "page", title.into(), String::new(), texts)
    }

    #[test]
    fn words_are_distinct_lower_case_and_skip_the_title() {
        let d = doc(
            "Vid torget",
            &["Lugnt vid Torget. Torget, torget!", "A-1 Sjöby–Norr"],
        );
        assert_eq!(d.title_words, ["torget", "vid"]);
        assert_eq!(d.text_words, "lugnt a-1 a 1 sjoby norr");
        // Decomposed text (o and a combining diaeresis) stays one word.
        assert_eq!(doc("", &["Sjo\u{308}byhem"]).text_words, "sjobyhem");
        assert_eq!(doc("", &["", "–"]).text_words, "");
    }

    #[test]
    fn words_are_filed_folded_by_their_first_two_letters() {
        assert_eq!(fold("Sjöby ÅÄÖ café"), "sjoby aao cafe");
        // The same as the whole string's decomposition less its marks.
        use unicode_normalization::UnicodeNormalization;
        for s in [
            "Ǻ ḉ Ệ ﬁ Σοφός 한국 Å\u{0323}\u{0301}x",
            "ASCII Only",
            "e\u{301}\u{316}",
        ] {
            let nfd: String = s.nfd().filter(|c| !is_combining_mark(*c)).collect();
            assert_eq!(fold(s), nfd.to_lowercase(), "{s}");
        }
        assert_eq!(hex("sj"), "736a");
        assert_eq!(hex("å"), "c3a5");
        let docs = [
            doc("Sjöby torg", &["sjöbyhem torg"]),
            doc("Norr", &["sjöby"]),
        ];
        let s = shards(&docs.iter().collect::<Vec<_>>());
        assert_eq!(s.keys().collect::<Vec<_>>(), ["n", "s", "t"]);
        assert_eq!(s["s"]["sjoby"], (vec![0], vec![1]));
        assert_eq!(s["s"]["sjobyhem"], (vec![], vec![0]));
        // A word of the title counts there only.
        assert_eq!(s["t"]["torg"], (vec![0], vec![]));
        // A letter with many words is filed by two letters, its one-letter
        // word under the letter.
        let many: Vec<String> = (0..2000).map(|i| format!("s{i}x")).collect();
        let s = shards(&[&doc("s sa", &[&many.join(" ")])]);
        assert_eq!(s["s"].keys().collect::<Vec<_>>(), ["s"]);
        assert!(s["sa"].contains_key("sa") && s["s1"].contains_key("s1999x"));
        assert!(
            s.iter()
                .all(|(k, words)| words.keys().all(|w| w.starts_with(k.as_str())))
        );
    }

    /// [`tokens`] takes folded text as lower case: every character's
    /// lower case is its own lower case, so a word of a lower-cased text
    /// is the same lower-cased again (the one contextual rule, a final
    /// sigma, applies only to `Σ`, which no lower case contains).
    #[test]
    fn lower_case_is_its_own_lower_case() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for d in c.to_lowercase() {
                assert_ne!(d, 'Σ');
                assert!(d.to_lowercase().eq([d]), "{c:?} → {d:?}");
            }
        }
        let folded = fold("ÅSA-Öberg ΟΔΟΣ İstanbul");
        for w in tokens(&folded) {
            assert_eq!(w.to_lowercase(), w);
        }
        let words: Vec<&str> = tokens(&folded).collect();
        assert_eq!(words, ["asa-oberg", "asa", "oberg", "οδος", "istanbul"]);
    }

    #[test]
    fn excerpts_are_capped_at_a_word() {
        assert_eq!(excerpt("  kort\n text "), "kort text");
        let long = "ord ".repeat(100);
        let e = excerpt(&long);
        assert!(e.chars().count() <= EXCERPT, "{e}");
        assert!(e.ends_with("ord…"), "{e}");
    }
}
