//! Every text the tool writes into the example's pages, for a Swedish
//! reader to review: `tests/snapshots/sentences.txt`, sorted and without
//! repeats, compared byte for byte.
//!
//! How the text is taken: the example is built and every HTML page of both
//! outputs is read as text. Scripts and styles are dropped, and so is what
//! users wrote in notes and pages: the note body's container
//! (`<div class="prose">`) is left out but for the figures the tool draws
//! in it (their captions and text alternatives are generated). What is
//! left is cut into blocks at block elements (paragraphs, list items,
//! headings, table cells, captions, SVG text, titles and descriptions, line
//! breaks), and the `alt`, `title`, `aria-label` and `placeholder` texts
//! and the `data-*` ones that hold words (the search's messages) are taken
//! too. Inside a block, names and text from the content (note
//! titles, summaries and actions, places, areas, categories, groups,
//! organisations, attendees, the site's own title and description) are
//! written `…`, so a sentence is listed once for every name it is built
//! with, and the list holds only what the tool words. A block that is
//! nothing but numbers and punctuation, or one word beside digits (a date,
//! a chart's tick "12 sep", an action id), is left out. No-break spaces
//! are kept as they are (they group thousands: `1 198`).
//!
//! Each line is the text, a tab and the output that writes it:
//! `[internal]`, `[public]` or `[both]`.
//!
//! On a mismatch the test prints the lines that differ; to accept the new
//! text, run `LAGESBILD_UPDATE_SNAPSHOTS=1 cargo test --test sentences`
//! and commit the file.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use lagesbild::site::Site;

const SNAPSHOT: &str = "tests/snapshots/sentences.txt";

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "th",
    "td",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "summary",
    "title",
    "desc",
    "text",
    "label",
    "option",
    "button",
    "legend",
    "div",
    "section",
    "nav",
    "header",
    "footer",
    "main",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "br",
    "figure",
    "details",
    "svg",
    "g",
    "article",
    "aside",
    "form",
    "blockquote",
    "pre",
    "hr",
    "body",
    "head",
    "html",
    "thead",
    "tbody",
    "tfoot",
    "meta",
    "link",
];

/// Attributes whose text is read (and `data-*` ones holding words: the
/// search's messages, not ids).
const ATTRS: &[&str] = &["alt", "title", "aria-label", "placeholder"];

#[test]
fn every_generated_sentence_of_the_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = common::temp_dir("sentences");
    let (site, _) =
        Site::build(root, &out, None).unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let names = user_text(&site);
    let mut lines = BTreeSet::new();
    for output in ["internal", "public"] {
        let dir = out.join(output);
        for entry in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(path).unwrap();
            for block in blocks(&generated_only(&html)) {
                let block = mask(&block, &names);
                if keep(&block) {
                    lines.insert(format!("{output}\t{block}"));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    // A sentence both outputs write is listed once, marked `both`.
    let mut merged = BTreeSet::new();
    for line in &lines {
        let (output, text) = line.split_once('\t').unwrap();
        let other = if output == "internal" {
            "public"
        } else {
            "internal"
        };
        if lines.contains(&format!("{other}\t{text}")) {
            merged.insert(format!("{text}\t[both]"));
        } else {
            merged.insert(format!("{text}\t[{output}]"));
        }
    }
    let mut text = String::new();
    for line in &merged {
        text.push_str(line);
        text.push('\n');
    }
    let path = root.join(SNAPSHOT);
    if std::env::var_os("LAGESBILD_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if old != text {
        let (was, now): (BTreeSet<&str>, BTreeSet<&str>) =
            (old.lines().collect(), text.lines().collect());
        let mut diff = String::new();
        for l in was.difference(&now).take(40) {
            diff.push_str(&format!("- {l}\n"));
        }
        for l in now.difference(&was).take(40) {
            diff.push_str(&format!("+ {l}\n"));
        }
        if diff.is_empty() {
            diff.push_str("(the same lines, in other bytes: order, repeats or line ends)\n");
        }
        panic!(
            "the generated sentences differ from {SNAPSHOT} ({} lines gone, {} new; the first \
             40 of each):\n{diff}\nIf the new text is right, update the snapshot with \
             `LAGESBILD_UPDATE_SNAPSHOTS=1 cargo test --test sentences` and commit it.",
            was.difference(&now).count(),
            now.difference(&was).count(),
        );
    }
}

/// The text users wrote, longest first (so a name inside another is not
/// masked first).
fn user_text(site: &Site) -> Vec<String> {
    let m = &site.model;
    let c = &site.config;
    let mut v: Vec<String> = Vec::new();
    v.push(c.site.title.clone());
    v.push(c.site.description.clone());
    v.extend(c.site.notice.clone());
    v.push(c.municipality.name.clone());
    v.extend(m.categories.iter().map(|x| x.label.clone()));
    v.extend(m.places.iter().map(|x| x.name.clone()));
    v.extend(m.areas.iter().map(|x| x.name.clone()));
    v.extend(m.organisations.iter().cloned());
    v.extend(m.pages.iter().map(|x| x.title.clone()));
    v.extend(c.groups.iter().map(|g| g.label.clone()));
    for n in &m.meetings {
        v.push(n.title.clone());
        v.push(n.group.clone());
        v.extend(n.attendees.iter().cloned());
        v.extend(n.summary.clone());
        v.extend(n.public_summary.clone());
        for a in &n.actions {
            v.extend(a.what.clone());
            v.extend(a.owner.clone());
            v.extend(a.comment.clone());
        }
    }
    v.extend(m.descriptions.iter().cloned());
    for s in &m.surveys {
        v.push(s.indicator.clone());
        v.extend(s.group.clone());
        v.extend(s.source.clone());
    }
    let mut v: Vec<String> = v
        .into_iter()
        .map(|s| collapse(&s))
        .filter(|s| s.chars().count() >= 3)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v
}

/// The page without scripts, styles and the users' own text in note and
/// page bodies (the figures drawn there are kept).
fn generated_only(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let end = format!("</{tag}>");
            let b = s[a..].find(&end).map_or(s.len(), |i| a + i + end.len());
            s.replace_range(a..b, " ");
        }
    }
    let open = "<div class=\"prose\">";
    let mut out = String::new();
    let mut rest = s.as_str();
    while let Some(a) = rest.find(open) {
        out.push_str(&rest[..a]);
        let body = &rest[a + open.len()..];
        // The matching </div>, counting nested divs.
        let (mut depth, mut i) = (1, 0);
        while depth > 0 && i < body.len() {
            let next_open = body[i..].find("<div").map(|x| x + i);
            let next_close = body[i..].find("</div>").map(|x| x + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    i = o + 4;
                }
                (_, Some(c)) => {
                    depth -= 1;
                    i = c + 6;
                }
                _ => i = body.len(),
            }
        }
        let inner = &body[..i.saturating_sub(6).min(body.len())];
        // Keep the figures the tool drew in the body.
        let mut f = inner;
        while let Some(x) = f.find("<figure") {
            let end = f[x..].find("</figure>").map_or(f.len(), |y| x + y + 9);
            out.push_str(&f[x..end]);
            f = &f[end..];
        }
        rest = &body[i.min(body.len())..];
    }
    out.push_str(rest);
    out
}

/// The page's text cut at block elements, with attribute texts.
fn blocks(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut rest = html;
    while let Some(a) = rest.find('<') {
        cur.push_str(&rest[..a]);
        let Some(b) = rest[a..].find('>') else { break };
        let tag = &rest[a + 1..a + b];
        rest = &rest[a + b + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        for (attr, value) in attributes(tag) {
            if ATTRS.contains(&attr.as_str()) || attr.starts_with("data-") && value.contains(' ') {
                out.push(value);
            }
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push(std::mem::take(&mut cur));
        }
    }
    cur.push_str(rest);
    out.push(cur);
    out.into_iter()
        .map(|b| collapse(&html_escape::decode_html_entities(&b)))
        .filter(|b| !b.is_empty())
        .collect()
}

/// A tag's attributes, `name="value"` (the theme quotes every value).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq]
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let after = &rest[eq + 2..];
        let Some(end) = after.find('"') else { break };
        v.push((name, after[..end].to_string()));
        rest = &after[end + 1..];
    }
    v
}

/// Runs of ASCII white space as one space (a no-break space is kept: it
/// is part of how numbers are written).
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// `…` for every user text in `block`, where it stands as whole words.
fn mask(block: &str, names: &[String]) -> String {
    let mut s = block.to_string();
    for n in names {
        if !s.contains(n.as_str()) {
            continue;
        }
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(i) = rest.find(n.as_str()) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + n.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            out.push_str(&rest[..i]);
            if word(before) || word(after) {
                out.push_str(n);
            } else {
                out.push('…');
            }
            rest = &rest[i + n.len()..];
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// Whether a block holds words: not only numbers, punctuation and masked
/// names, nor a bare label of a number (a chart's "12 sep", an action's
/// "A-2025-01", a date "1 januari 2025": one word beside digits).
fn keep(block: &str) -> bool {
    let words = block
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    words >= 2 || words == 1 && !block.chars().any(|c| c.is_ascii_digit())
}
