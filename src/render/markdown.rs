//! Markdown to HTML with tables, footnotes, strikethrough and heading
//! anchors (every heading gets an id made from its text, unique per page).
//! Each table is wrapped in a focusable box that scrolls sideways, so a wide
//! table never widens the page on a phone (as the theme's own tables).
//! The HTML then passes the allow-list of [`super::sanitise`]: Markdown
//! may hold raw HTML, and its authors are not the site's developers.
//!
//! A note's computed figures (evaluated by the audience) go in here. A
//! number is put into the Markdown as escaped text before rendering, so
//! it is sanitised like the words around it. A chart or table stands in
//! its own paragraph: it is replaced by a placeholder word, and the
//! sanitised HTML is cut at `<p>placeholder</p>` into parts between which
//! the theme draws the figure. The placeholder cannot be forged by the
//! note: its prefix is chosen, per body, as one that neither the source
//! nor the body's HTML rendered without figures contains (entities
//! included), and it cannot arise across its boundary (it starts with
//! `L`, ends with `Z` and holds neither elsewhere).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::audience::view::{BodyPart, ChartView, FigureValue, Markdown};
use crate::model::markdown;

/// Renders a body with its figures: fills `md.html` (without the charts)
/// and `md.parts`.
pub fn render_body(md: &mut Markdown) {
    if !md
        .figures
        .iter()
        .any(|f| !matches!(f.value, FigureValue::Text(_)))
    {
        return without_blocks(md);
    }
    // Free in the source and in the source with its numbers filled in (a
    // number may complete a prefix the note started: `LBSC{{ antal() }}Z`).
    let prefix = placeholder_prefix(&[&md.source, &with_figures(md, |_, _| String::new())]);
    let html = to_html(&with_figures(md, |n, _| format!("{prefix}{n}Z")));
    let token = |n: usize| format!("{prefix}{n}Z");
    let blocks = md
        .figures
        .iter()
        .enumerate()
        .filter(|(_, f)| !matches!(f.value, FigureValue::Text(_)));
    if blocks
        .clone()
        .any(|(n, _)| html.matches(&token(n)).count() != 1)
    {
        // Not one place per figure: never guess where to draw it.
        return without_blocks(md);
    }
    let mut parts = Vec::new();
    let mut rest = html.as_str();
    for (n, f) in md.figures.iter().enumerate() {
        let (chart, table_only) = match &f.value {
            FigureValue::Text(_) => continue,
            FigureValue::Chart(c) => (c, false),
            FigureValue::Table(c) => (c, true),
        };
        let Some((before, after)) = cut(rest, &format!("{prefix}{n}Z")) else {
            continue;
        };
        parts.push(BodyPart {
            html: before.to_string(),
            chart: Some((**chart).clone()),
            table_only,
        });
        rest = after;
    }
    parts.push(BodyPart {
        html: rest.to_string(),
        chart: None,
        table_only: false,
    });
    md.html = parts.iter().map(|p| p.html.as_str()).collect();
    md.parts = parts;
}

/// The body in one part, its numbers in place and no chart or table.
fn without_blocks(md: &mut Markdown) {
    md.html = to_html(&with_figures(md, |_, _| String::new()));
    md.parts = vec![BodyPart {
        html: md.html.clone(),
        chart: None,
        table_only: false,
    }];
}

/// `html` before and after `token`, without the paragraph around it (a
/// figure is not part of a paragraph; in a tight list item it has none).
fn cut<'h>(html: &'h str, token: &str) -> Option<(&'h str, &'h str)> {
    let at = html.find(token)?;
    let (before, after) = (&html[..at], &html[at + token.len()..]);
    match (before.strip_suffix("<p>"), after.strip_prefix("</p>")) {
        (Some(b), Some(a)) => Some((b, a.strip_prefix('\n').unwrap_or(a))),
        _ => Some((before, after)),
    }
}

/// The plain text of a body with its figures: numbers as shown, a chart
/// or table as its caption and description. For the search index and feed.
pub fn body_text(md: &Markdown) -> String {
    to_text(&with_figures(md, |_, c| {
        escape(&format!("{}. {}", c.caption, c.long_desc))
    }))
}

/// The source with each figure's text in place, and each chart or table
/// as `block(index, chart)` gives it.
fn with_figures(md: &Markdown, block: impl Fn(usize, &ChartView) -> String) -> String {
    let mut out = String::with_capacity(md.source.len());
    let mut at = 0;
    for (n, f) in md.figures.iter().enumerate() {
        out.push_str(&md.source[at..f.span.start]);
        match &f.value {
            FigureValue::Text(t) => out.push_str(&escape(t)),
            FigureValue::Chart(c) | FigureValue::Table(c) => out.push_str(&block(n, c)),
        }
        at = f.span.end;
    }
    out.push_str(&md.source[at..]);
    out
}

/// Text that Markdown shows as it is: every ASCII punctuation escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `LBSC{k}Z` for the smallest k that none of `texts` nor their HTML
/// contains.
fn placeholder_prefix(texts: &[&str]) -> String {
    let html: Vec<String> = texts.iter().map(|t| to_html(t)).collect();
    (0..)
        .map(|k| format!("LBSC{k}Z"))
        .find(|p| {
            let free = |t: &str| !t.contains(p.as_str());
            texts.iter().all(|t| free(t)) && html.iter().all(|h| free(h))
        })
        .expect("some prefix is free")
}

/// Markdown to sanitised HTML (see the module's documentation).
pub fn to_html(source: &str) -> String {
    // Markdown the parser trips on (see [`events`]) is read without
    // heading attributes, the options that trip it; else it is the text
    // as it is.
    let events = rendered_events(source, markdown::options())
        .or_else(|| rendered_events(source, markdown::without_attributes()));
    match events {
        Some(events) => super::sanitise::html_of(events, source.len() * 3 / 2),
        None => format!("<p>{}</p>\n", super::escape_html(source)),
    }
}

/// The events [`to_html`] writes for `source`: headings with their ids,
/// tables wrapped; `None` where the parser trips (see [`events`]).
pub(super) fn rendered_events(source: &str, opts: Options) -> Option<Vec<Event<'_>>> {
    let mut events = events(source, opts)?;
    add_heading_ids(&mut events);
    Some(wrap_tables(events))
}

/// The plain text of Markdown: words of text and code, blocks and line
/// breaks as single spaces, no markup. For the search index and feed.
pub fn to_text(source: &str) -> String {
    let Some(events) = events(source, markdown::without_attributes()) else {
        return source.split_whitespace().collect::<Vec<_>>().join(" ");
    };
    let mut out = String::with_capacity(source.len());
    for event in events {
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

/// The events of `source`, `None` where the parser panics on it (see
/// [`crate::model::markdown`]; such a note is an error when read, but a
/// figure's text filled in could still trip it).
fn events(source: &str, opts: Options) -> Option<Vec<Event<'_>>> {
    markdown::guarded(|| Parser::new_ext(source, opts).collect())
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

    fn body_with(source: &str, figures: Vec<(std::ops::Range<usize>, FigureValue)>) -> Markdown {
        let mut md = Markdown::new(source);
        md.figures = figures
            .into_iter()
            .map(|(span, value)| crate::audience::view::Figure { span, value })
            .collect();
        md
    }

    fn table(caption: &str) -> FigureValue {
        FigureValue::Table(Box::new(ChartView {
            id: "figure-1".into(),
            kind: crate::audience::view::ChartKind::Line,
            caption: caption.into(),
            alt: String::new(),
            long_desc: "Totalt 3.".into(),
            label_header: String::new(),
            value_header: String::new(),
            points: Vec::new(),
            marks: Vec::new(),
            svg: String::new(),
        }))
    }

    #[test]
    fn figures_are_spliced_in_and_cannot_be_forged() {
        // The note writes the placeholder of the first prefix itself, as
        // text and as an entity: the body then takes the next prefix.
        let source = "Nu *X* h\u{e4}r.\n\nLBSC0Z1Z &#76;BSC1Z1Z\n\nX\n\nslut\n";
        let x = source.find('X').unwrap();
        let chart = source.rfind("X\n").unwrap();
        let mut md = body_with(
            source,
            vec![
                (x..x + 1, FigureValue::Text("+12 (*15 %)".into())),
                (chart..chart + 1, table("Händelser")),
            ],
        );
        render_body(&mut md);
        assert_eq!(md.parts.len(), 2, "{:?}", md.parts);
        assert!(
            md.parts[0]
                .html
                .starts_with("<p>Nu <em>+12 (*15 %)</em> här.</p>"),
            "{}",
            md.html
        );
        assert!(
            md.parts[0].html.contains("<p>LBSC0Z1Z LBSC1Z1Z</p>"),
            "{}",
            md.html
        );
        assert!(
            md.parts[0]
                .chart
                .as_ref()
                .is_some_and(|c| c.caption == "Händelser")
        );
        assert!(md.parts[0].table_only);
        assert_eq!(md.parts[1].html, "<p>slut</p>\n");
        assert_eq!(
            body_text(&md),
            "Nu +12 (*15 %) här. LBSC0Z1Z LBSC1Z1Z Händelser. Totalt 3. slut"
        );
    }

    #[test]
    fn a_number_cannot_complete_a_placeholder_the_note_started() {
        // `LBSC` + a count of 0 + `Z1Z` would read `LBSC0Z1Z`, the first
        // prefix's token for figure 1: the prefix is chosen free of the
        // text with its numbers filled in, so the chart goes where its
        // shortcode is and the note's text stays text.
        let source = "[LBSCNZ1Z](x)\n\nX\n";
        let n = source.find('N').unwrap();
        let chart = source.rfind("X\n").unwrap();
        let mut md = body_with(
            source,
            vec![
                (n..n + 1, FigureValue::Text("0".into())),
                (chart..chart + 1, table("Händelser")),
            ],
        );
        render_body(&mut md);
        assert_eq!(md.parts.len(), 2, "{:?}", md.parts);
        assert_eq!(
            md.parts[0].html, "<p><a href=\"x\">LBSC0Z1Z</a></p>\n",
            "the link is whole, its text the note's"
        );
        assert!(md.parts[0].chart.is_some());
        assert_eq!(md.parts[1].html, "");
    }

    #[test]
    fn a_figure_in_a_tight_list_item_is_spliced_in_too() {
        let mut md = body_with("- X\n- b\n", vec![(2..3, table("T"))]);
        render_body(&mut md);
        assert_eq!(md.parts.len(), 2);
        assert_eq!(md.parts[0].html, "<ul>\n<li>");
        assert_eq!(md.parts[1].html, "</li>\n<li>b</li>\n</ul>\n");
        assert!(md.parts[0].chart.is_some());
    }

    /// Markdown the parser trips on (a note with it is an error when
    /// read; a figure's text could still make it) renders without a
    /// panic: read without heading attributes, so `{#h}` is text. (The
    /// plain text is read without heading attributes anyway.)
    #[test]
    fn markdown_the_parser_trips_on_renders_without_a_panic() {
        let source = "Intro\n\n- Heading\n   {#h}\n  ---\n";
        assert!(!markdown::parses(source));
        let html = to_html(source);
        assert!(
            html.contains("<h2 id=\"heading-h\">Heading\n{#h}</h2>"),
            "{html}"
        );
        assert_eq!(to_text(source), "Intro Heading {#h}");
    }

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
