//! The allow-list that every HTML made from Markdown passes through before
//! it reaches a page, so a note or a free page cannot put script, forms,
//! frames or remote content on a site that may be public.
//!
//! Allowed: ammonia's default set of text elements (no `script`, `style`,
//! `svg`, `iframe`, `form`, `base`, `object` …), their usual attributes and
//! no event handler. Links are relative, in-page (`#…`), `https:` or
//! `mailto:`; images only relative (the site's own files, never `http(s):`
//! or `//host`). What the Markdown renderer itself adds is kept: heading
//! ids, the `table-wrap` regions (`role`, `tabindex`, `aria-label`,
//! `aria-labelledby`), footnotes (`id`, their classes) and a table
//! column's `text-align`.
//!
//! Plain Markdown (see [`plain`]) makes HTML that the allow-list keeps
//! whole, so ammonia's work on it would be to parse it and write the same
//! tree again, in html5ever's spelling: [`html_of`] writes that spelling
//! without the parse (it was a seventh of a notes-only build). A test holds
//! the two ways to the same bytes over a corpus of Markdown.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd, html};

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(cleaner);

/// The HTML with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// The HTML of Markdown `events`, through the allow-list: pulldown-cmark
/// writes it, and ammonia cleans it unless every event is [`plain`].
pub fn html_of(events: Vec<Event>, capacity: usize) -> String {
    let plain = events.iter().all(plain);
    let mut out = String::with_capacity(capacity);
    html::push_html(&mut out, events.into_iter());
    if plain {
        respell(out).unwrap_or_else(|out| clean(&out))
    } else {
        clean(&out)
    }
}

/// Whether pulldown-cmark writes `event` as HTML that the allow-list keeps
/// whole: elements that ammonia allows (paragraphs, headings, lists,
/// quotes, emphasis, strong, `del`, code, breaks and rules), no attribute
/// but a heading's id and a list's `start`, and text, which pulldown-cmark
/// escapes. Raw HTML, links, images, tables, footnotes, a heading's
/// classes and attributes and a code block's language (a class) are not
/// plain: they go through ammonia.
fn plain(event: &Event) -> bool {
    match event {
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::BlockQuote(None)
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::Heading { classes, attrs, .. } => classes.is_empty() && attrs.is_empty(),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.split(' ').next() == Some(""),
            _ => false,
        },
        Event::End(end) => matches!(
            end,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(None)
                | TagEnd::CodeBlock
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
        ),
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        _ => false,
    }
}

/// pulldown-cmark's HTML of [`plain`] events as html5ever writes the same
/// tree, which is what ammonia returns for it: a void element without its
/// slash, a no-break space as `&nbsp;`, an apostrophe in an attribute as
/// itself. Nothing else differs: both escape `&`, `<` and `>` in text and
/// those and `"` in attributes, and no text or attribute can hold one of
/// these spellings, since their `&` or `<` would be escaped. The HTML back
/// (for ammonia) where html5ever's reading would change it: a carriage
/// return (read as a line feed; pulldown-cmark leaves a lone one in an ATX
/// heading with attributes) or a NUL (dropped from text, made U+FFFD in an
/// attribute).
fn respell(mut html: String) -> Result<String, String> {
    if html.contains(['\r', '\0']) {
        return Err(html);
    }
    for (from, to) in [
        ("<br />", "<br>"),
        ("<hr />", "<hr>"),
        ("&#39;", "'"),
        ("\u{a0}", "&nbsp;"),
    ] {
        if html.contains(from) {
            html = html.replace(from, to);
        }
    }
    Ok(html)
}

fn cleaner() -> Builder<'static> {
    let mut b = Builder::default();
    b.url_schemes(HashSet::from(["https", "mailto"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        // Removed with everything inside them, not only the tags.
        .clean_content_tags(HashSet::from([
            "script", "style", "svg", "math", "iframe", "template", "noscript", "object",
            "textarea", "select",
        ]))
        .add_tag_attributes(
            "div",
            ["id", "role", "tabindex", "aria-label", "aria-labelledby"],
        )
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_allowed_classes("div", ["table-wrap", "footnote-definition"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .attribute_filter(filter);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b
}

/// The checks ammonia's options cannot express: no scheme-relative
/// (`//host`) link, images only relative, `style` only a cell's alignment.
fn filter<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let v = value.trim();
    match (element, attribute) {
        (_, "href") if v.starts_with("//") || v.starts_with("\\\\") => None,
        ("img", "src") if !is_local(v) => None,
        (_, "style") => matches!(
            v,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// A relative URL into the site: no scheme, not `//host` and not `/…`
/// (which on a web server leaves the site's folder).
fn is_local(url: &str) -> bool {
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    !url.is_empty() && !url.starts_with('/') && !url.starts_with('\\') && !before_path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::{clean, html_of};

    #[test]
    fn scripts_and_handlers_go() {
        let h =
            clean("<p onclick=\"x()\">a<script>alert(1)</script><img src=x onerror=alert(2)></p>");
        assert_eq!(h, "<p>a<img src=\"x\"></p>");
    }

    #[test]
    fn links_relative_https_mailto_only() {
        let h = clean(
            "<a href=\"javascript:alert(1)\">j</a><a href=\"//evil.example/\">s</a>\
             <a href=\"http://x.example/\">h</a><a href=\"https://x.example/\">ok</a>\
             <a href=\"mailto:a@b.se\">m</a><a href=\"../pages/om/index.html#x\">r</a>",
        );
        assert_eq!(
            h,
            "<a>j</a><a>s</a><a>h</a><a href=\"https://x.example/\">ok</a>\
             <a href=\"mailto:a@b.se\">m</a><a href=\"../pages/om/index.html#x\">r</a>"
        );
    }

    #[test]
    fn images_only_from_the_site() {
        for bad in [
            "https://x.example/a.png",
            "http://x.example/a.png",
            "//x.example/a.png",
            "/etc/a.png",
            "data:image/png;base64,AA",
        ] {
            let h = clean(&format!("<img src=\"{bad}\" alt=\"a\">"));
            assert_eq!(h, "<img alt=\"a\">", "{bad}");
        }
        assert_eq!(
            clean("<img src=\"../static/a.png\" alt=\"a\">"),
            "<img src=\"../static/a.png\" alt=\"a\">"
        );
    }

    #[test]
    fn dangerous_elements_go_with_their_content() {
        let h = clean(
            "<base href=\"https://x.example/\"><form action=\"https://x.example/\"><input name=a>f</form>\
             <iframe srcdoc=\"&lt;script&gt;\">i</iframe><svg onload=\"alert(1)\"><text>s</text></svg>\
             <style>p{}</style>",
        );
        assert_eq!(h, "f");
    }

    #[test]
    fn the_renderers_own_markup_stays() {
        let own = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"x\">\
                   <table><thead><tr><th style=\"text-align: right\">a</th></tr></thead></table></div>\
                   <h2 id=\"x\">X</h2><sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>\
                   <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup></div>";
        assert_eq!(clean(own), own);
        assert_eq!(
            clean("<td style=\"background: url(https://x.example/)\">a</td>"),
            "a"
        );
        assert_eq!(
            clean("<div class=\"notice table-wrap\">a</div>"),
            "<div class=\"table-wrap\">a</div>"
        );
    }

    /// The Markdown of the corpus: every `.md` file of the repository
    /// (the example's notes, the test corpus and fixtures), and pieces
    /// with every construct and character [`super::respell`] deals with,
    /// alone, in pairs and with a line break between.
    fn corpus() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut docs: Vec<String> = ["content", "tests", "examples", "README.md"]
            .iter()
            .flat_map(|d| walkdir::WalkDir::new(format!("{root}/{d}")).sort_by_file_name())
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            // Some fixtures are not UTF-8 on purpose.
            .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).expect("readable")).into())
            .collect();
        let pieces = [
            "Text with \"quotes\", 'apostrophes', & < > and &amp; &lt; &gt; &quot; &#39; &nbsp; &copy;",
            "No\u{a0}break, tab\there, form\u{c}feed, control\u{1}x, \u{7f}, \u{fdd0}, \u{feff}mark",
            "Invalid references: &#0; &#xD800; &#x110000; &bogus; &amp &",
            "# Heading 'one' \"two\" & <three>\u{a0}four",
            "## Heading {#its-own-id}",
            "## Heading {#it's-\"quoted\"&<id>}",
            "## Heading {#it's}",
            "## H {#a\"b}",
            "# a\rb",
            "# a\rb {#c}",
            "# a {#x\u{0}y}",
            "*a *b *c *d *e* f* g* h* i*",
            "```\n\nfoo\n```",
            "\u{feff}# a",
            "## Heading {#a&b\u{a0}c}",
            "## Heading {.with-class}",
            "Setext heading\n===",
            "# Same\n\n# Same\n\n# Same",
            "- a\n- b\n  - c\n    - d",
            "* loose\n\n* list\n\n  with a second paragraph",
            "1. one\n2. two",
            "3. three\n4. four",
            "0. zero",
            "1) paren\n2) list",
            "> quote\n> more\n>> deeper",
            "> - a list\n>   in a quote",
            "*em* **strong** ~~del~~ `code & <x> \"q\" 'a'` ***both*** _u_ __s__",
            "*a **b* c** and **a *b** c*",
            "line  \nbreak and line\\\nbreak",
            "---",
            "***\n___",
            "    indented code <x> & \"y\" 'z'\n\n    more",
            "```\nfenced <x> & 'y'\n```",
            "~~~\ntilde\u{a0}fence\n~~~",
            "```rust\nwith a language\n```",
            "[a link](https://example.org/ \"title\")",
            "<https://example.org/auto>",
            "![an image](a.png)",
            "<b>raw</b> and <span onclick=\"x()\">inline</span>",
            "<div>\nblock html\n</div>",
            "<!-- a comment -->",
            "| a | b |\n|---|:-:|\n| 1 | 2 |",
            "Footnote[^1].\n\n[^1]: The note.",
            "- [ ] a task\n- [x] done",
            "Å ä ö – “smart” quotes… and emoji 🙂",
            "\\<escaped\\> \\& \\* \\` \\# and LBSC0Z",
            "Windows\r\nline ends\r\n",
            "A NUL \u{0} inside",
            "Trailing spaces   ",
            "",
        ];
        for a in pieces {
            docs.push(a.to_string());
            for b in pieces {
                docs.push(format!("{a}\n\n{b}"));
                docs.push(format!("{a}\n{b}"));
            }
        }
        docs
    }

    /// Where [`html_of`] writes plain Markdown's HTML without ammonia, it
    /// writes ammonia's bytes: over the whole corpus, the two ways agree,
    /// and most of the corpus takes the plain way.
    #[test]
    fn plain_markdown_is_written_as_ammonia_writes_it() {
        use pulldown_cmark::html;
        let opts = crate::model::markdown::options();
        let (mut plain, mut total) = (0, 0);
        for doc in corpus() {
            // The events as the render has them (heading ids, tables wrapped).
            let Some(events) = super::super::markdown::rendered_events(&doc, opts) else {
                continue;
            };
            let mut written = String::new();
            html::push_html(&mut written, events.iter().cloned());
            let cleaned = clean(&written);
            total += 1;
            if events.iter().all(super::plain) && super::respell(written).is_ok() {
                plain += 1;
            }
            assert_eq!(html_of(events, 0), cleaned, "{doc:?}");
        }
        assert!(plain * 3 > total, "{plain} of {total} plain");
        assert!(total > 3000, "{total}");
    }
}
