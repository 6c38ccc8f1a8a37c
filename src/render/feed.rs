//! The Atom feed (RFC 4287) of an output: `feed.xml` at its root, linked
//! from the `<head>` of every page. Like the search index it is built from
//! the view models of the output's pages (see [`super::search`] for why), so
//! the public feed lists what the public pages show: its reports and public
//! notes; the internal feed lists every report and note.
//!
//! - **Ids.** Atom needs ids that are absolute IRIs and never change. The
//!   configuration has no base URL (the site works under any path and
//!   straight from disk), so an id is a name-based UUID (version 5,
//!   `urn:uuid:…`) of the site's title, the audience and the page's path:
//!   the same in every build, different between the internal and the public
//!   feed, and changed only when the site is renamed or a page moves.
//! - **Links** are relative (`reports/month/2024-03/index.html`). The feed
//!   lies at the output's root and sets no `xml:base`, so a reader resolves
//!   them against the feed's own address, as RFC 4287 (§ 4.2.7.1 with XML
//!   Base) prescribes.
//! - **Dates.** An entry's `updated` is the last day of the report's
//!   period or the note's date (at midnight UTC), never the clock, so
//!   builds stay byte-identical; the feed's is its newest entry's. Reports
//!   of periods still running are left out: their numbers change with
//!   every new row. The newest [`MAX_ENTRIES`] entries are listed.

use std::fmt::Write;

use uuid::Uuid;

use super::search::excerpt;
use super::{OutFile, markdown};
use crate::audience::view::{MeetingView, Num, PageBody, PageView, ReportHead, SiteMeta};
use crate::i18n::{Translations, Words};

pub const PATH: &str = "feed.xml";

/// Entries in the feed: the newest, by `updated`.
pub const MAX_ENTRIES: usize = 50;

/// The namespace of lagesbild's name-based UUIDs (a fixed random UUID).
const NAMESPACE: Uuid = Uuid::from_u128(0x9bd5dde0_977d_49e5_944a_cac9ef64a3a6);

struct Entry {
    path: String,
    title: String,
    /// `YYYY-MM-DD`.
    date: String,
    kind: &'static str,
    summary: String,
}

/// `feed.xml` of an output with this site data and these pages.
pub fn feed_file(meta: &SiteMeta, pages: &[PageView], t: &Translations, w: &Words) -> OutFile {
    // Chosen by date and path first: an entry's summary (a note's text
    // without its Markdown) is made only for the entries listed.
    type Make<'a> = Box<dyn FnOnce() -> Entry + 'a>;
    let mut listed: Vec<(&str, &str, Make)> = pages
        .iter()
        .filter_map(|p| match &p.body {
            PageBody::Report(r) if !r.report.head.partial => {
                let (head, total) = (&r.report.head, r.report.total.count);
                let make: Make = Box::new(move || report(p, head, total, t, w));
                Some((head.end.as_str(), p.path.as_str(), make))
            }
            PageBody::Taken(taken) => {
                let (head, total) = taken.report.as_ref().filter(|(h, _)| !h.partial)?;
                let make: Make = Box::new(move || report(p, head, *total, t, w));
                Some((head.end.as_str(), p.path.as_str(), make))
            }
            PageBody::Meeting(m) => {
                let make: Make = Box::new(move || note(p, m));
                Some((m.date_iso.as_str(), p.path.as_str(), make))
            }
            _ => None,
        })
        .collect();
    listed.sort_by(|a, b| b.0.cmp(a.0).then(a.1.cmp(b.1)));
    listed.truncate(MAX_ENTRIES);
    let entries: Vec<Entry> = listed.into_iter().map(|(.., make)| make()).collect();
    let id = |path: &str| {
        let name = format!("{}\n{}\n{path}", meta.title, meta.audience);
        Uuid::new_v5(&NAMESPACE, name.as_bytes()).urn().to_string()
    };
    let updated = entries.first().map_or("1970-01-01", |e| e.date.as_str());
    let subtitle = if meta.audience == "internal" {
        t.get("internal_banner")
    } else {
        meta.description.clone()
    };
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        attr(&meta.lang)
    );
    let _ = writeln!(x, "<title>{}</title>", text(&meta.title));
    if !subtitle.is_empty() {
        let _ = writeln!(x, "<subtitle>{}</subtitle>", text(&subtitle));
    }
    let _ = writeln!(
        x,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{PATH}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n\
         <id>{}</id>\n<updated>{updated}T00:00:00Z</updated>\n\
         <author><name>{}</name></author>\n<generator>lagesbild</generator>",
        id(PATH),
        text(&meta.municipality)
    );
    for e in &entries {
        let _ = writeln!(
            x,
            "<entry>\n<title>{}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <id>{}</id>\n<updated>{}T00:00:00Z</updated>\n\
             <category term=\"{}\" label=\"{}\"/>\n<summary>{}</summary>\n</entry>",
            text(&e.title),
            attr(&e.path),
            id(&e.path),
            e.date,
            e.kind,
            attr(&t.get(&format!("kind_{}", e.kind))),
            text(&e.summary)
        );
    }
    x.push_str("</feed>\n");
    OutFile {
        path: PATH.into(),
        bytes: x.into_bytes().into(),
    }
}

/// A report's entry: its page, head and total.
fn report(p: &PageView, h: &ReportHead, total: Num, t: &Translations, w: &Words) -> Entry {
    let total = match total {
        Num::Value(n) => w.num(n as i64),
        Num::Hidden => t.get("hidden_value"),
    };
    Entry {
        path: p.path.clone(),
        title: p.title.clone(),
        date: h.end.clone(),
        kind: "report",
        summary: t.fill(
            "feed_report_summary",
            &[
                ("cadence", h.cadence_label.clone()),
                ("range", h.range.clone()),
                ("total", total),
            ],
        ),
    }
}

fn note(p: &PageView, m: &MeetingView) -> Entry {
    let lead = match (&m.summary, &m.body) {
        (Some(s), _) => s.clone(),
        (None, Some(b)) => markdown::body_text(b),
        (None, None) => String::new(),
    };
    Entry {
        path: p.path.clone(),
        title: m.title.clone(),
        date: m.date_iso.clone(),
        kind: "note",
        summary: excerpt(&format!("{}, {}. {lead}", m.group, m.date)),
    }
}

/// Text content: `&`, `<`, `>` escaped, characters XML 1.0 forbids dropped.
fn text(s: &str) -> String {
    html_escape::encode_text(&xml_chars(s)).into_owned()
}

/// An attribute value in double quotes.
fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(&xml_chars(s)).into_owned()
}

fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_what_xml_forbids() {
        assert_eq!(text("a < b & \u{1}c"), "a &lt; b &amp; c");
        assert_eq!(attr("\"x\""), "&quot;x&quot;");
    }
}
