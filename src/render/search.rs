//! Search that works from file://: the index of an output is a JavaScript
//! file, `search/index.js`, that assigns `window.LAGESBILD_SEARCH`, and the
//! search page loads it with a `<script src>` tag (browsers block `fetch`
//! of local files, not scripts). The theme's `static/search.js` does the
//! matching in the browser.
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
//! title, an excerpt of at most [`EXCERPT`] characters, and the words of
//! its text that are not in its title, once each, lower case, in order of
//! first occurrence. No HTML, no Markdown, no text twice.

use std::collections::HashSet;

use serde::Serialize;
use tera::{Context, Tera};

use super::{OutFile, markdown, root_of, template_error};
use crate::audience::view::{ActionRow, MeetingView, PageBody, PageView, ReportHead};
use crate::i18n::Translations;

/// Where the search page and its index lie in an output.
pub const PAGE: &str = "search/index.html";
pub const INDEX: &str = "search/index.js";

/// Longest excerpt, in characters (an ellipsis is added when cut).
pub const EXCERPT: usize = 160;

/// One searchable document. Short keys keep the file small; the search
/// script reads `u` (link from the site root), `k` (kind), `t` (title),
/// `e` (excerpt) and `w` (further words).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Doc {
    u: String,
    k: &'static str,
    t: String,
    e: String,
    w: String,
    /// Sort key: kind, then newest first (an ISO date, or empty).
    #[serde(skip)]
    order: (u8, String),
}

#[derive(Serialize)]
struct Index<'a> {
    docs: &'a [Doc],
}

/// `search/index.js` of an output with these pages.
pub fn index_file(pages: &[PageView], t: &Translations) -> OutFile {
    index_of(pages.iter().flat_map(|p| page_documents(p, t)).collect())
}

/// `search/index.js` of these documents (every page's, in page order).
pub(super) fn index_of(mut docs: Vec<Doc>) -> OutFile {
    // Stable: pages of equal key keep the order of the output.
    docs.sort_by(|a, b| a.order.0.cmp(&b.order.0).then(b.order.1.cmp(&a.order.1)));
    let json = serde_json::to_string(&Index { docs: &docs }).unwrap_or_default();
    OutFile {
        path: INDEX.into(),
        bytes: format!("window.LAGESBILD_SEARCH = {json};\n")
            .into_bytes()
            .into(),
    }
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
        PageBody::Meeting(m) => docs.push(note(p, m)),
        PageBody::Actions { actions } => docs.extend(actions.iter().map(|a| action(a, t))),
        PageBody::Places { areas } => {
            for area in areas {
                let area_name = area.name.clone().unwrap_or_else(|| t.get("no_area"));
                docs.extend(area.places.iter().map(|pl| Doc {
                    u: pl.href.clone(),
                    k: "place",
                    w: words(&[&pl.id, &area_name], &pl.name),
                    t: pl.name.clone(),
                    e: area_name.clone(),
                    order: (1, String::new()),
                }));
            }
        }
        PageBody::Free { body } => {
            let text = markdown::to_text(&body.source);
            docs.push(Doc {
                u: p.path.clone(),
                k: "page",
                w: words(&[&text], &p.title),
                t: p.title.clone(),
                e: excerpt(&text),
                order: (0, String::new()),
            });
        }
        _ => {}
    }
    docs
}

fn report(p: &PageView, h: &ReportHead) -> Doc {
    let e = format!("{}, {}", h.cadence_label, h.range);
    Doc {
        u: p.path.clone(),
        k: "report",
        w: words(&[&h.label, &e], &p.title),
        t: p.title.clone(),
        e,
        order: (4, h.end.clone()),
    }
}

fn note(p: &PageView, m: &MeetingView) -> Doc {
    let body = m.body.as_ref().map(markdown::body_text).unwrap_or_default();
    let summary = m.summary.as_deref().unwrap_or_default();
    let lead = if summary.is_empty() { &body } else { summary };
    let places: Vec<&str> = m.focus_places.iter().map(|l| l.label.as_str()).collect();
    let focus = format!("{} {}", places.join(" "), m.focus_categories.join(" "));
    Doc {
        u: p.path.clone(),
        k: "note",
        w: words(&[&m.group, &m.date, summary, &body, &focus], &m.title),
        t: m.title.clone(),
        e: excerpt(&format!("{}, {}. {lead}", m.group, m.date)),
        order: (3, m.date_iso.clone()),
    }
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
    Doc {
        u: a.href.clone(),
        k: "action",
        w: words(
            &[
                &a.id,
                &place,
                &opt(&a.area),
                &opt(&a.category),
                &opt(&a.owner),
                &a.status_label,
                &opt(&a.comment),
            ],
            &a.what,
        ),
        t: a.what.clone(),
        e: excerpt(&facts.join(" · ")),
        order: (2, String::new()),
    }
}

/// The distinct lower-case words of `texts` that are not words of `title`,
/// in order of first occurrence, separated by spaces.
fn words(texts: &[&str], title: &str) -> String {
    let mut seen: HashSet<String> = tokens(title).into_iter().collect();
    let mut out = Vec::new();
    for text in texts {
        for w in tokens(text) {
            if seen.insert(w.clone()) {
                out.push(w);
            }
        }
    }
    out.join(" ")
}

/// Lower-case words. A word with hyphens (an action id `A-2024-03`, a date)
/// is kept whole and also split, so both `a-2024` and `2024` find it; the
/// search script splits the same way.
fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in s.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let w = raw.trim_matches('-').to_lowercase();
        if w.contains('-') {
            out.push(w.clone());
            out.extend(w.split('-').filter(|p| !p.is_empty()).map(str::to_string));
        } else if !w.is_empty() {
            out.push(w);
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

    #[test]
    fn words_are_distinct_lower_case_and_skip_the_title() {
        assert_eq!(
            words(
                &["Lugnt vid Torget. Torget, torget!", "A-1 Sjöby–Norr"],
                "Vid torget"
            ),
            "lugnt a-1 a 1 sjöby norr"
        );
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
