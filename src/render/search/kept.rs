//! The search documents of an output's pages, kept from one build for
//! the next by the fingerprints of the pages' views (`OUT/.lagesbild.search`,
//! see `output::kept`).
//!
//! Why: a page's documents are made from its view alone and the theme's
//! words (which the output's site-wide context key covers), so the same
//! fingerprint under the same key gives the same documents. Making them
//! means turning each note's Markdown into text and splitting it into
//! folded words: on the large tier about 25 ms of processor time in a
//! build after one note edit, for thousands of pages of which all but a
//! few are the same as last time.
//!
//! A kept document is only given to the page whose view has the
//! fingerprint it was kept under, in the output it was kept for, under
//! that output's key; anything else (another program's file, a damaged
//! one, a kind of document this program does not make) is not taken, and
//! the documents are made again. The file is the build's own, beside its
//! outputs: whoever can write there can write the outputs (see
//! [`crate::framed`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use super::Doc;

/// The header of the stored documents (see [`crate::framed`]).
const HEADER: &str = "lagesbild search 1";

/// The kinds of document there are ([`Doc`]'s `k`).
const KINDS: [&str; 5] = ["report", "note", "action", "place", "page"];

/// One page's documents by its view's fingerprint.
pub(in crate::render) type ByPage = HashMap<u64, Vec<Doc>>;

/// What the last build kept: per output, its site-wide context's key and
/// its pages' documents. Each output's are taken once, by the output's
/// render ([`KeptDocs::take`]); those of outputs this build does not
/// render are kept for the next as they are.
#[derive(Default)]
pub struct KeptDocs {
    outputs: Mutex<BTreeMap<String, (u64, ByPage)>>,
}

/// One output's pages' documents as its render left them, for the next
/// build: its key, and per page in order its fingerprint and documents;
/// and whether they differ from those the last build kept.
pub struct Documented {
    pub(in crate::render) key: u64,
    pub(in crate::render) pages: Vec<(u64, Vec<Doc>)>,
    pub(in crate::render) fresh: bool,
}

/// A document as stored: its fields in order, its kind by name.
type Stored = (
    String,
    String,
    String,
    String,
    Vec<String>,
    String,
    (u8, String),
);
type StoredRef<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [String],
    &'a str,
    &'a (u8, String),
);

/// An output as stored: its name, its key, and per page its fingerprint
/// and documents.
type Output<S, D> = (S, u64, Vec<(u64, Vec<D>)>);

impl KeptDocs {
    /// The documents [`KeptDocs::to_stored`] wrote under `program`; none
    /// for any other bytes.
    pub fn stored(bytes: &[u8], program: &str) -> KeptDocs {
        let outputs = crate::framed::body(bytes, HEADER, program)
            .and_then(|body| postcard::from_bytes::<Vec<Output<String, Stored>>>(body).ok())
            .and_then(|outputs| outputs.into_iter().map(output).collect::<Option<_>>())
            .unwrap_or_default();
        KeptDocs {
            outputs: Mutex::new(outputs),
        }
    }

    /// Takes output `name`'s documents, if they were kept under `key`
    /// (those under another key are dropped).
    pub(in crate::render) fn take(&self, name: &str, key: u64) -> Option<ByPage> {
        let taken = self.lock().remove(name)?;
        (taken.0 == key).then_some(taken.1)
    }

    /// The documents to keep for the next build: `made`, each output's
    /// as rendered now, and those of the other outputs the site still has
    /// (`outputs`) as they were kept; none when nothing changed.
    pub fn to_stored(
        &self,
        made: &[(String, Documented)],
        outputs: &[&str],
        program: &str,
    ) -> Option<Vec<u8>> {
        if made.iter().all(|(_, d)| !d.fresh) {
            return None;
        }
        let left = self.lock();
        let fresh = (made.iter()).map(|(name, d)| {
            let by_page = d.pages.iter().map(|(hash, docs)| (*hash, docs));
            (name.as_str(), d.key, pages(by_page))
        });
        // Those kept in the order of their fingerprints: the same
        // documents, the same bytes.
        let kept = (left.iter())
            .filter(|(name, _)| made.iter().all(|(n, _)| n != *name))
            .filter(|(name, _)| outputs.contains(&name.as_str()))
            .map(|(name, (key, by_page))| {
                let mut kept: Vec<(u64, &Vec<Doc>)> =
                    by_page.iter().map(|(h, d)| (*h, d)).collect();
                kept.sort_unstable_by_key(|(hash, _)| *hash);
                (name.as_str(), *key, pages(kept))
            });
        let mut outputs: Vec<Output<&str, StoredRef>> = fresh.chain(kept).collect();
        outputs.sort_by_key(|(name, ..)| *name);
        let mut bytes = crate::framed::open(HEADER, program);
        bytes.extend(postcard::to_stdvec(&outputs).ok()?);
        Some(crate::framed::close(bytes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, (u64, ByPage)>> {
        self.outputs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Pages' documents as stored.
fn pages<'a>(
    pages: impl IntoIterator<Item = (u64, &'a Vec<Doc>)>,
) -> Vec<(u64, Vec<StoredRef<'a>>)> {
    (pages.into_iter())
        .map(|(hash, docs)| (hash, docs.iter().map(as_stored).collect()))
        .collect()
}

/// One output as stored, its documents made whole; none when one is of a
/// kind this program does not make.
fn output((name, key, pages): Output<String, Stored>) -> Option<(String, (u64, ByPage))> {
    let pages = (pages.into_iter())
        .map(|(hash, docs)| Some((hash, docs.into_iter().map(doc).collect::<Option<_>>()?)))
        .collect::<Option<ByPage>>()?;
    Some((name, (key, pages)))
}

fn doc((u, k, t, e, title_words, text_words, order): Stored) -> Option<Doc> {
    Some(Doc {
        u,
        k: KINDS.into_iter().find(|kind| *kind == k)?,
        t,
        e,
        title_words,
        text_words,
        order,
    })
}

fn as_stored(d: &Doc) -> StoredRef<'_> {
    (
        &d.u,
        d.k,
        &d.t,
        &d.e,
        &d.title_words,
        &d.text_words,
        &d.order,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, kind: &'static str) -> Doc {
        Doc::new(
            format!("{title}/"),
            kind,
            title.into(),
            "Utdrag".into(),
            &["ord å ö"],
        )
        .order(3, "2026-12-05")
    }

    const BOTH: &[&str] = &["internal", "public"];

    fn documented(key: u64, titles: &[&str]) -> Documented {
        Documented {
            key,
            pages: (titles.iter().enumerate())
                .map(|(i, t)| (i as u64, vec![doc(t, KINDS[i % KINDS.len()])]))
                .collect(),
            fresh: true,
        }
    }

    fn named(name: &str, d: Documented) -> (String, Documented) {
        (name.to_string(), d)
    }

    fn same(a: &[Doc], b: &[Doc]) -> bool {
        let fields = |d: &Doc| {
            (
                d.u.clone(),
                d.k,
                d.t.clone(),
                d.e.clone(),
                d.title_words.clone(),
                d.text_words.clone(),
                d.order.clone(),
            )
        };
        a.iter().map(fields).eq(b.iter().map(fields))
    }

    #[test]
    fn documents_are_taken_back_whole_for_their_output_and_key_only() {
        let made = documented(7, &["a", "b", "c", "d", "e", "f"]);
        let bytes = KeptDocs::default()
            .to_stored(&[named("internal", made)], BOTH, "p")
            .unwrap();
        let kept = KeptDocs::stored(&bytes, "p");
        let made = documented(7, &["a", "b", "c", "d", "e", "f"]);
        let pages = kept.take("internal", 7).unwrap();
        assert_eq!(pages.len(), 6);
        for (hash, docs) in &made.pages {
            assert!(same(&pages[hash], docs), "page {hash}");
        }
        // Taken once; another output's or another key's are not there.
        assert!(kept.take("internal", 7).is_none());
        let kept = KeptDocs::stored(&bytes, "p");
        assert!(kept.take("public", 7).is_none());
        assert!(kept.take("internal", 8).is_none());
        assert!(
            kept.take("internal", 7).is_none(),
            "dropped under another key"
        );
        // Another program's, damaged, cut short: nothing.
        assert!(KeptDocs::stored(&bytes, "q").take("internal", 7).is_none());
        for at in [0, bytes.len() / 2, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert!(
                KeptDocs::stored(&damaged, "p")
                    .take("internal", 7)
                    .is_none(),
                "{at}"
            );
        }
        let cut = &bytes[..bytes.len() - 9];
        assert!(KeptDocs::stored(cut, "p").take("internal", 7).is_none());
    }

    #[test]
    fn a_kind_this_program_does_not_make_spoils_the_file() {
        let stored: Vec<Output<String, Stored>> = vec![(
            "internal".into(),
            7,
            vec![(
                1,
                vec![(
                    "u".into(),
                    "script".into(),
                    "t".into(),
                    "e".into(),
                    vec![],
                    String::new(),
                    (0, String::new()),
                )],
            )],
        )];
        let mut bytes = crate::framed::open(HEADER, "p");
        bytes.extend(postcard::to_stdvec(&stored).unwrap());
        let bytes = crate::framed::close(bytes);
        assert!(KeptDocs::stored(&bytes, "p").take("internal", 7).is_none());
    }

    #[test]
    fn outputs_not_rendered_are_kept_and_nothing_new_writes_nothing() {
        let (a, b) = (documented(1, &["a"]), documented(2, &["b", "c"]));
        let bytes = KeptDocs::default()
            .to_stored(&[named("internal", a), named("public", b)], BOTH, "p")
            .unwrap();
        // Only the internal output rendered, its documents all taken.
        let kept = KeptDocs::stored(&bytes, "p");
        let taken = kept.take("internal", 1).unwrap();
        let unchanged = Documented {
            key: 1,
            pages: taken.into_iter().collect(),
            fresh: false,
        };
        assert!(
            kept.to_stored(&[named("internal", unchanged)], BOTH, "p")
                .is_none()
        );
        let again = || named("internal", documented(3, &["z"]));
        let bytes = kept.to_stored(&[again()], BOTH, "p").unwrap();
        let kept = KeptDocs::stored(&bytes, "p");
        assert_eq!(kept.take("public", 2).map(|p| p.len()), Some(2));
        assert_eq!(kept.take("internal", 3).map(|p| p.len()), Some(1));
        // An output the site no longer has is not carried over.
        let kept = KeptDocs::stored(&bytes, "p");
        kept.take("internal", 3);
        let bytes = kept.to_stored(&[again()], &["internal"], "p").unwrap();
        assert!(KeptDocs::stored(&bytes, "p").take("public", 2).is_none());
    }
}
