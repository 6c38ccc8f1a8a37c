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

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(cleaner);

/// The HTML with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
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
    use super::clean;

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
}
