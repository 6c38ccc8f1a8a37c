//! A site whose texts attack its readers: `tests/fixtures/hostile` has a
//! public note with a public body and a public free page, each carrying
//! every HTML payload we guard against (script, `onerror`/`onload`/
//! `onclick` handlers, also through heading attributes, `svg`, `iframe
//! srcdoc`, `javascript:` links and autolinks, `base`, `form`, `style`,
//! `object`, remote images), a category label with HTML (shown through
//! Markdown on the public numbers page) and an incident file whose area,
//! organisation and place start with spreadsheet formula characters.
//!
//! Every file of both outputs is scanned: its tags (a small scanner, as the
//! sanitised HTML always quotes its attributes) and its CSV cells.

mod common;

use std::collections::BTreeMap;

use lagesbild::site::Site;

/// Builds the fixture into its own folder (`name`: tests run in parallel).
fn build(
    name: &str,
) -> (
    BTreeMap<String, Vec<u8>>,
    lagesbild::diagnostics::Diagnostics,
) {
    let out = common::temp_dir(name);
    let (site, _) = Site::build(&common::fixture("hostile"), &out, None)
        .unwrap_or_else(|e| panic!("build failed: {:?}", e.diagnostics()));
    (common::read_tree(&out), site.diagnostics)
}

/// Every start tag of an HTML text: (name, [(attribute, value)]).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut s = &rest[name_end..];
        loop {
            s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if s.is_empty() || s.starts_with('>') {
                break;
            }
            let end = s
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(s.len());
            let attr = s[..end].to_ascii_lowercase();
            s = &s[end..];
            let mut value = String::new();
            if let Some(v) = s.strip_prefix('=') {
                let quote = v.chars().next().filter(|q| *q == '"' || *q == '\'');
                let (val, after) = match quote {
                    Some(q) => {
                        let close = v[1..].find(q).map_or(v.len(), |j| j + 1);
                        (&v[1..close], &v[(close + 1).min(v.len())..])
                    }
                    None => {
                        let close = v
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(v.len());
                        (&v[..close], &v[close..])
                    }
                };
                value = val.replace("&amp;", "&");
                s = after;
            }
            attrs.push((attr, value));
        }
        rest = s;
        out.push((name, attrs));
    }
    out
}

#[test]
fn no_payload_reaches_any_output_file() {
    let (files, _) = build("hostile-html");
    let html: Vec<(&String, &str)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, std::str::from_utf8(b).unwrap()))
        .collect();
    assert!(html.len() > 20, "both outputs were built: {}", html.len());
    let mut seen_prose = 0;
    for (path, text) in &html {
        for (tag, attrs) in tags(text) {
            assert!(
                !matches!(tag.as_str(), "iframe" | "base" | "object" | "embed"),
                "{path}: <{tag}>"
            );
            if tag == "script" {
                // Only the theme's own scripts, loaded from the site.
                let src = attrs.iter().find(|(a, _)| a == "src");
                assert!(
                    src.is_some_and(|(_, v)| v.ends_with("search.js") || v == "index.js"),
                    "{path}: <script {attrs:?}>"
                );
            }
            if tag == "form" {
                let class = attrs.iter().find(|(a, _)| a == "class").map(|(_, v)| v);
                assert!(
                    class.is_some_and(|c| c == "site-search" || c == "search-form"),
                    "{path}: a form that is not the theme's search: {attrs:?}"
                );
            }
            for (a, v) in &attrs {
                assert!(!a.starts_with("on"), "{path}: <{tag} {a}={v}>");
                let v = v.trim().to_ascii_lowercase();
                assert!(!v.starts_with("javascript:"), "{path}: <{tag} {a}={v}>");
                if a == "src" {
                    assert!(
                        !v.contains("//") && !v.starts_with("http"),
                        "{path}: remote <{tag} src={v}>"
                    );
                }
                if a == "style" {
                    assert!(!v.contains("url("), "{path}: <{tag} style={v}>");
                }
            }
        }
        if let Some(i) = text.find("<div class=\"prose\">") {
            seen_prose += 1;
            let prose = &text[i..text[i..].find("</main>").map_or(text.len(), |j| i + j)];
            for bad in [
                "<script", "<svg", "<style", "<form", "<input", "<iframe", "<object",
            ] {
                assert!(!prose.contains(bad), "{path}: {bad} in {prose}");
            }
            // A payload may remain as words a reader sees (the text of the
            // autolink `<javascript:alert(7)>`), never inside a tag.
            for (at, _) in prose.match_indices("alert(") {
                let open = prose[..at].rfind('<').unwrap_or(0);
                assert!(
                    prose[open..at].contains('>'),
                    "{path}: in a tag: {}",
                    &prose[open..]
                );
            }
        }
    }
    // The note and the page in both outputs, the numbers pages.
    assert!(seen_prose >= 5, "{seen_prose} texts from Markdown");
    for page in [
        "public/meetings/2024-03-07-oppet/index.html",
        "public/pages/om/index.html",
        "internal/meetings/2024-03-07-oppet/index.html",
    ] {
        let text = std::str::from_utf8(&files[page]).unwrap();
        // What is legitimate stays: the table region, the footnote, the
        // heading's id, the https-free text.
        assert!(
            text.contains("<div class=\"table-wrap\" role=\"region\""),
            "{page}"
        );
        assert!(text.contains("class=\"footnote-definition\""), "{page}");
        assert!(text.contains("<h2 id=\"x\">Rubrik</h2>"), "{page}");
        assert!(text.contains("<a>klick</a>"), "{page}: link kept as text");
    }
    let numbers = std::str::from_utf8(&files["public/numbers/index.html"]).unwrap();
    assert!(numbers.contains("Klotter"), "the label is shown");
}

#[test]
fn no_csv_cell_is_a_formula() {
    let (files, _) = build("hostile-csv");
    let mut cells = 0;
    let mut quoted = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".csv")) {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                quoted += usize::from(cell.starts_with("'="));
                let numeric = cell.parse::<f64>().is_ok();
                assert!(
                    !cell.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!cell.starts_with('-') || numeric),
                    "{path}: {cell:?}"
                );
            }
        }
    }
    assert!(cells > 1000, "{cells} cells read");
    assert!(quoted > 0, "the =HYPERLINK area is there, neutralised");
}

#[test]
fn a_public_body_naming_a_place_or_action_is_a_warning() {
    let (_, diags) = build("hostile-note");
    let w: Vec<String> = diags.warnings().map(|d| d.to_string()).collect();
    let note = w
        .iter()
        .find(|d| d.contains("2024-03-07-oppet.md") && d.contains("withholds"))
        .unwrap_or_else(|| panic!("{w:#?}"));
    assert!(
        note.contains("place \"Torget\"") && note.contains("action \"A-9\""),
        "{note}"
    );
}
