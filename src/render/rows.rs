//! The rows of the longest table a page has, written here instead of in
//! the template: an operative report lists up to 500 single events, and
//! Tera looks up each of a row's eight values through the page's context
//! (on the medium benchmark tier, a third of the time spent in report
//! templates). The markup is the default theme's, byte for byte; the view
//! still carries `events`, so a theme of its own can loop over them.

use std::fmt::Write as _;

use super::push_escaped;
use crate::audience::view::EventRow;

/// The `<tr>` rows of `events`, each after a line break, with links
/// relative to `root`: what the template gets as `event_rows`.
pub fn event_rows(events: &[EventRow], root: &str) -> String {
    let mut out = String::with_capacity(events.len() * 200);
    for e in events {
        out.push_str("\n<tr><td>");
        push_escaped(&mut out, &e.date);
        out.push_str("</td><td>");
        push_escaped(&mut out, e.time.as_deref().unwrap_or("–"));
        out.push_str("</td><td>");
        push_escaped(&mut out, &e.category);
        out.push_str("</td><td>");
        match &e.place {
            Some(place) => {
                out.push_str("<a href=\"");
                push_escaped(&mut out, root);
                push_escaped(&mut out, &place.href);
                out.push_str("\">");
                push_escaped(&mut out, &place.label);
                out.push_str("</a>");
            }
            None => out.push('–'),
        }
        out.push_str("</td><td>");
        push_escaped(&mut out, &e.organisation);
        let _ = write!(out, "</td><td class=\"n\">{}</td><td>", e.count);
        push_escaped(&mut out, e.description.as_deref().unwrap_or(""));
        out.push_str("</td></tr>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audience::view::Link;

    /// The loop `report.html` had before the rows were written here.
    const LOOP: &str = r#"{%- for e in events %}
<tr><td>{{ e.date }}</td><td>{{ e.time | default(value="–") }}</td><td>{{ e.category }}</td><td>{% if e.place %}<a href="{{ root }}{{ e.place.href }}">{{ e.place.label }}</a>{% else %}–{% endif %}</td><td>{{ e.organisation }}</td><td class="n">{{ e.count }}</td><td>{{ e.description | default(value="") }}</td></tr>
{%- endfor %}"#;

    fn event(time: Option<&str>, place: Option<(&str, &str)>, text: Option<&str>) -> EventRow {
        EventRow {
            date: "2024-03-05".into(),
            time: time.map(str::to_string),
            category: "Skadegörelse & <klotter>".into(),
            place: place.map(|(href, label)| Link {
                href: href.into(),
                label: label.into(),
            }),
            organisation: "Bolaget \"Hem\" AB".into(),
            count: 12,
            description: text.map(str::to_string),
        }
    }

    #[test]
    fn the_rows_are_the_templates_byte_for_byte() {
        let events = vec![
            event(
                Some("22:15"),
                Some(("places/torget/index.html", "Torget")),
                None,
            ),
            event(None, None, Some("Fönster <krossat> & 'sprejat'")),
            event(
                Some(""),
                Some(("places/a&b/index.html", "A & B \"C\"")),
                Some(""),
            ),
        ];
        let mut tera = tera::Tera::default();
        super::super::register_default(&mut tera);
        tera.add_raw_template("rows.html", LOOP).unwrap();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(super::super::write_escaped);
        for root in ["../../../", "", "a\"b/"] {
            let mut ctx = tera::Context::new();
            ctx.insert("events", &events);
            ctx.insert("root", root);
            let looped = tera.render("rows.html", &ctx).unwrap();
            assert_eq!(event_rows(&events, root), looped);
        }
        assert_eq!(event_rows(&[], "../"), "");
    }

    #[test]
    fn escaping_into_a_page_is_escape_html() {
        for text in ["", "plain", "a & b <c> \"d\" 'e' / –", "&amp;&&"] {
            let mut pushed = String::from("x");
            super::super::push_escaped(&mut pushed, text);
            let mut written = Vec::new();
            super::super::write_escaped(text, &mut written).unwrap();
            let expected = super::super::escape_html(text);
            assert_eq!(pushed, format!("x{expected}"));
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
        assert_eq!(
            super::super::escape_html("<&>\"'"),
            "&lt;&amp;&gt;&quot;&#x27;"
        );
    }
}
