//! Fingerprints of views: a hash of everything a page is made from,
//! taken before the render stage draws its charts and renders its
//! Markdown, so that `lagesbild serve` can tell an unchanged page without
//! drawing it ([`crate::render::RenderCache`]), and `lagesbild build` one
//! it can take from the current output (`output::pages`). A report's,
//! place's or area's page has the fingerprint of its data part and what
//! the notes add (see [`super::memo`]), known before its view is made.
//!
//! A view serialises what its template reads; what it holds only for
//! drawing (`#[serde(skip)]`) is hashed here by hand, and a test counts
//! those fields so that a new one cannot be forgotten.

use std::hash::Hasher;

use sha2::{Digest, Sha256};

use super::insight_view::SurveyView;
use super::view::{FigureValue, Markdown, PageBody, PageView, ReportView, SiteView};

/// Everything a fingerprint covers (the view serialised as CBOR, and
/// what is hashed by hand), gathered in one buffer and hashed at the end
/// in one pass (SHA-256, done by the processor where it can): a
/// serialiser writes a view in many small pieces, and hashing each piece
/// as it came (SipHash) was a tenth of a preview's rebuild. CBOR, not the
/// JSON the templates' values resemble: it writes a string as its length
/// and bytes, where JSON scans every character for escapes (a full build
/// of the notes-only tier spent 40 ms of processor time on that), and it
/// is as unambiguous: two different views never serialise alike.
#[derive(Default)]
struct Hashing(Vec<u8>);

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Hashing {
    /// Adds `value` as serialised; `None` where it cannot be.
    fn cbor(&mut self, value: &impl serde::Serialize) -> Option<()> {
        ciborium::into_writer(value, self).ok()
    }
}

impl Hasher for Hashing {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = Sha256::digest(&self.0);
        u64::from_le_bytes(std::array::from_fn(|i| digest[i]))
    }
}

/// A hash of a view as serialised (the data the templates get). `None`
/// for a view that cannot be serialised (it is rendered, and fails,
/// anew).
pub fn of(view: &impl serde::Serialize) -> Option<u64> {
    let mut h = Hashing::default();
    h.cbor(view)?;
    Some(h.finish())
}

/// The survey values a chart is drawn from (the view's text rounds them).
fn survey_values(surveys: &[SurveyView], h: &mut Hashing) {
    use std::hash::Hash;
    for g in surveys.iter().flat_map(|s| &s.groups) {
        for v in &g.raw {
            v.map(f64::to_bits).hash(h);
        }
    }
}

/// A hash of everything a page is made from, taken before the render
/// stage draws its charts and renders its Markdown: its view as
/// serialised, and the fields the view holds for drawing or data files
/// but does not serialise (`#[serde(skip)]`: a note's Markdown source and
/// computed figures, a report's `data.json` numbers, a map's points and
/// outlines, a survey's unrounded values; a
/// survey chart's decimal comma is the site's language, in the cache's
/// key). A test counts the skipped fields, so a new one cannot be
/// forgotten here.
pub fn page(page: &PageView) -> Option<u64> {
    use std::hash::Hash;
    let mut h = Hashing::default();
    h.cbor(page)?;
    let markdown = |md: &Markdown, h: &mut Hashing| {
        md.source.hash(h);
        for f in &md.figures {
            f.span.hash(h);
            match &f.value {
                FigureValue::Text(t) => (0u8, t).hash(h),
                FigureValue::Chart(c) => h.cbor(&(1u8, c))?,
                FigureValue::Table(c) => h.cbor(&(2u8, c))?,
            }
        }
        Some(())
    };
    match &page.body {
        PageBody::Report(r) => unserialised(&r.report, &mut h)?,
        PageBody::Meeting(m) => {
            if let Some(b) = &m.body {
                markdown(b, &mut h)?;
            }
        }
        PageBody::Free { body } => markdown(body, &mut h)?,
        PageBody::Index(v) => survey_values(&v.surveys, &mut h),
        PageBody::Surveys { surveys } => survey_values(surveys, &mut h),
        _ => {}
    }
    Some(h.finish())
}

/// Takes the fingerprint of every page of `view` not known yet, in
/// parallel, into [`SiteView::known`]: what the render would take of each
/// page before drawing it, taken while the build waits for something
/// else (see `Site::views_then`).
pub fn complete(view: &mut SiteView) {
    use rayon::prelude::*;
    let known = &view.known;
    let found: Vec<(String, u64)> = (view.pages.par_iter())
        .filter(|p| !known.contains_key(&p.path))
        .filter_map(|p| Some((p.path.clone(), page(p)?)))
        .collect();
    view.known.extend(found);
}

/// A hash of a report's view alone (as [`page`] hashes it, without the
/// page's path and title).
pub fn report(r: &ReportView) -> Option<u64> {
    let mut h = Hashing::default();
    h.cbor(r)?;
    unserialised(r, &mut h)?;
    Some(h.finish())
}

/// What a report's view holds but does not serialise: the numbers of its
/// `data.json`, and the points and outlines its map is drawn from.
fn unserialised(r: &ReportView, h: &mut Hashing) -> Option<()> {
    use std::hash::Hash;
    h.cbor(&r.insight.data)?;
    if let Some(m) = &r.insight.map {
        m.points.hash(h);
        for s in &m.shapes {
            (&s.name, &s.rings).hash(h);
            h.cbor(&(s.count, s.grouped))?;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    /// [`super::page`] hashes each field a view skips when
    /// serialised; one more such field must be added there (and here).
    #[test]
    fn page_hash_knows_every_skipped_view_field() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/audience");
        let mut skipped = Vec::new();
        for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                for (i, l) in lines.iter().enumerate() {
                    if l.trim() == "#[serde(skip)]" {
                        skipped.push(lines[i + 1].trim().to_string());
                    }
                }
            }
        }
        assert_eq!(
            skipped,
            [
                "pub points: Vec<(i32, i32)>,",
                "pub shapes: Vec<MapShape>,",
                "pub data: InsightData,",
                "pub decimal_comma: bool,",
                "pub raw: Vec<Option<f64>>,",
                "pub source: String,",
                "pub figures: Vec<Figure>,",
            ]
        );
    }
}
