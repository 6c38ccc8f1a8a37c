//! Markdown to HTML with tables, footnotes, strikethrough and heading
//! anchors (every heading gets an id made from its text, unique per page).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

pub fn to_html(source: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(source, opts).collect();
    add_heading_ids(&mut events);
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
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

fn add_heading_ids(events: &mut [Event]) {
    let mut used = HashSet::new();
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
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
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
    fn tables_footnotes_strikethrough() {
        let h = to_html("|a|b|\n|-|-|\n|1|2|\n\n~~gammal~~ text[^1]\n\n[^1]: Not.\n");
        assert!(h.contains("<table>"));
        assert!(h.contains("<del>gammal</del>"));
        assert!(h.contains("footnote-definition"));
    }
}
