//! Markdown to HTML with tables, footnotes, strikethrough and heading
//! anchors (every heading gets an id made from its text, unique per page).
//! Each table is wrapped in a focusable box that scrolls sideways, so a wide
//! table never widens the page on a phone (as the theme's own tables).
//! The HTML then passes the allow-list of [`super::sanitise`]: Markdown
//! may hold raw HTML, and its authors are not the site's developers.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

pub fn to_html(source: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(source, opts).collect();
    add_heading_ids(&mut events);
    let events = wrap_tables(events);
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    super::sanitise::clean(&out)
}

/// The plain text of Markdown: words of text and code, blocks and line
/// breaks as single spaces, no markup. For the search index and feed.
pub fn to_text(source: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, opts) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            // The end of a block (not of a link or emphasis) separates words.
            Event::End(end)
                if !matches!(
                    end,
                    TagEnd::Link
                        | TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Image
                ) =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Puts every table in a `table-wrap` region named by the heading before it
/// or, with none, by the table's column heads.
fn wrap_tables(events: Vec<Event>) -> Vec<Event> {
    let mut out = Vec::with_capacity(events.len());
    let mut heading: Option<String> = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => heading = Some(id.to_string()),
            Event::Start(Tag::Table(_)) => {
                let name = match &heading {
                    Some(id) => format!("aria-labelledby=\"{}\"", super::escape_html(id)),
                    None => format!(
                        "aria-label=\"{}\"",
                        super::escape_html(&column_heads(&events[i..]))
                    ),
                };
                let open =
                    format!("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" {name}>\n");
                out.push(Event::Html(open.into()));
            }
            _ => {}
        }
        out.push(event.clone());
        if matches!(event, Event::End(TagEnd::Table)) {
            out.push(Event::Html("</div>\n".into()));
        }
    }
    out
}

/// The texts of a table's head cells, comma-separated.
fn column_heads(table: &[Event]) -> String {
    let mut heads = Vec::new();
    let mut cell = String::new();
    for event in table {
        match event {
            Event::End(TagEnd::TableHead) => break,
            Event::End(TagEnd::TableCell) => heads.push(std::mem::take(&mut cell)),
            Event::Text(t) | Event::Code(t) => cell.push_str(t),
            _ => {}
        }
    }
    heads.retain(|h| !h.trim().is_empty());
    heads.join(", ")
}

fn add_heading_ids(events: &mut [Event]) {
    let mut used = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match crate::audience::slug(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            // Each base remembers its next suffix, so n equal headings
            // cost n tries, not n²/2.
            let n = next.entry(base.clone()).or_insert(1);
            let mut id = base.clone();
            while !used.insert(id.clone()) {
                *n += 1;
                id = format!("{base}-{n}");
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
            i = j;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let h = to_html("## Läget på Torget\n\ntext\n\n## Läget på Torget\n");
        assert!(h.contains("<h2 id=\"laget-pa-torget\">"), "{h}");
        assert!(h.contains("<h2 id=\"laget-pa-torget-2\">"), "{h}");
    }

    #[test]
    fn text_without_markup() {
        let t =
            to_text("## Läget\n\n**Lugnt** vid [Torget](x.html).\n\n| a | b |\n|-|-|\n| 1 | 2 |\n");
        assert_eq!(t, "Läget Lugnt vid Torget. a b 1 2");
    }

    #[test]
    fn a_table_is_named_by_the_heading_before_it() {
        let h = to_html("# Först\n\n## Per kategori\n\n|Kategori|Antal|\n|-|-:|\n|Klotter|15|\n");
        let wrap = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"per-kategori\">\n<table>";
        assert!(h.contains(wrap), "{h}");
        assert_eq!(h.matches("table-wrap").count(), 1);
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let h = to_html("|a|b|\n|-|-|\n|1|2|\n\n~~gammal~~ text[^1]\n\n[^1]: Not.\n");
        assert!(h.contains("<table>"));
        assert!(
            h.starts_with("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"a, b\">\n<table>"),
            "{h}"
        );
        assert!(h.contains("</table>\n</div>\n"), "{h}");
        assert!(h.contains("<del>gammal</del>"));
        assert!(h.contains("footnote-definition"));
    }

    #[test]
    fn raw_html_and_heading_attributes_are_sanitised() {
        let h = to_html(
            "## H {#h .c onclick=x()}\n\nText <script>x()</script><b onclick=\"x()\">b</b>\n",
        );
        assert!(h.starts_with("<h2 id=\"h\">H</h2>"), "{h}");
        assert!(h.contains("<p>Text <b>b</b></p>"), "{h}");
        assert!(!h.contains("x()"), "{h}");
    }
}
