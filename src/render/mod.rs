//! Rendering: view models to files. Markdown to sanitised HTML, charts to SVG, pages
//! through Tera templates, reports' numbers to `data.json`/`data.csv`.
//!
//! Site-wide context (site data, translations) is turned into a Tera value
//! once; each page adds only its own view and its path back to the root,
//! which is what makes every link relative and the site work from file://.

mod charts;
pub mod data;
mod effect_chart;
pub mod feed;
mod figures;
mod map;
pub mod markdown;
mod sanitise;
pub mod search;

use std::collections::HashMap;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::audience::view::{HIDDEN, PageBody, PageView, SiteView};
use crate::i18n::{Translations, Words};

/// A file of the output, path relative to the output's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The theme parts render needs.
pub struct ThemeParts<'a> {
    pub templates: &'a std::collections::BTreeMap<String, String>,
    pub static_files: &'a std::collections::BTreeMap<String, Vec<u8>>,
    pub translations: &'a Translations,
}

pub fn render(site: SiteView, theme: &ThemeParts, words: Words) -> Result<Vec<OutFile>, String> {
    render_with(site, theme, words, None)
}

/// The pages an earlier render of one output made, by path, each with the
/// hash of the view it was made from (as the template gets it: charts
/// drawn, Markdown rendered); valid while the theme and the site-wide
/// context hash to `key`. A page whose view hashes the same is
/// taken from here instead of being drawn and rendered again: what makes
/// `lagesbild serve` re-render only the pages an edit changed.
#[derive(Default)]
pub struct RenderCache {
    key: Option<u64>,
    pages: HashMap<String, (u64, Vec<OutFile>)>,
    /// How many pages the last render drew anew.
    fresh: usize,
}

impl RenderCache {
    /// How many pages the last render drew anew (the others were taken
    /// from the cache).
    pub fn fresh(&self) -> usize {
        self.fresh
    }
}

/// [`render`], reusing and refilling `cache` when there is one (a build
/// has none: it renders every page once).
pub fn render_with(
    site: SiteView,
    theme: &ThemeParts,
    words: Words,
    cache: Option<&mut RenderCache>,
) -> Result<Vec<OutFile>, String> {
    let tera = engine(theme, words.clone())?;
    let mut base = Context::new();
    base.insert("site", &site.meta);
    base.insert("t", theme.translations);
    // Index and feed come from the same views as the pages, nothing else.
    let mut files = vec![
        search::index_file(&site.pages, theme.translations),
        search::page_file(&tera, &base, theme.translations)?,
        feed::feed_file(&site.meta, &site.pages, theme.translations, &words),
    ];
    match cache {
        None => {
            let pages: Vec<_> = site
                .pages
                .into_par_iter()
                .map(|p| render_page(&tera, &base, p))
                .collect();
            for p in pages {
                files.extend(p?);
            }
        }
        Some(cache) => {
            let key = view_hash(&(&site.meta, theme.templates, theme.translations));
            if key.is_none() || cache.key != key {
                *cache = RenderCache {
                    key,
                    ..RenderCache::default()
                };
            }
            files.extend(render_cached(&tera, &base, site.pages, cache)?);
        }
    }
    files.extend(theme.static_files.iter().map(|(path, bytes)| OutFile {
        path: format!("static/{path}"),
        bytes: bytes.clone(),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn engine(theme: &ThemeParts, words: Words) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| template_error(&e))?;
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    // A hidden count arrives as the string "..": shown as such, with words
    // for screen readers. The output is HTML: use it with `| safe`.
    let hidden = format!(
        "<span aria-hidden=\"true\">{HIDDEN}</span><span class=\"visually-hidden\">{}</span>",
        escape_html(&theme.translations.get("hidden_value"))
    );
    let w = words.clone();
    tera.register_filter("num", move |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(if v.is_string() {
            hidden.clone()
        } else {
            w.num(int(v))
        }))
    });
    let w = words.clone();
    tera.register_filter("signed", move |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(w.signed(int(v))))
    });
    tera.register_filter("pct", move |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(
            v.as_f64().map_or(String::new(), |p| words.pct(p)),
        ))
    });
    Ok(tera)
}

/// Renders the pages whose views changed since `cache` was filled, takes
/// the others from it, and refills it.
fn render_cached(
    tera: &Tera,
    base: &Context,
    pages: Vec<PageView>,
    cache: &mut RenderCache,
) -> Result<Vec<OutFile>, String> {
    let previous = &cache.pages;
    type Page = (String, Option<u64>, Vec<OutFile>, bool);
    let results: Vec<Result<Page, String>> = pages
        .into_par_iter()
        .map(|mut p| {
            // Hashed as the template gets it (charts drawn, Markdown as
            // HTML): a view's hash before that would miss what is not
            // serialised, such as a note's Markdown source.
            prepare(&mut p.body);
            let hash = view_hash(&p);
            let path = p.path.clone();
            match (hash, previous.get(&path)) {
                (Some(h), Some((old, files))) if h == *old => {
                    Ok((path, hash, files.clone(), false))
                }
                _ => render_prepared(tera, base, p).map(|f| (path, hash, f, true)),
            }
        })
        .collect();
    let mut files = Vec::new();
    let mut kept = HashMap::with_capacity(results.len());
    let mut fresh = 0;
    for r in results {
        let (path, hash, page_files, drawn) = r?;
        fresh += usize::from(drawn);
        files.extend(page_files.iter().cloned());
        if let Some(h) = hash {
            kept.insert(path, (h, page_files));
        }
    }
    cache.pages = kept;
    cache.fresh = fresh;
    Ok(files)
}

/// A hash of a view as serialised for the templates (everything a page is
/// made from), written straight into the hasher.
fn view_hash(view: &impl serde::Serialize) -> Option<u64> {
    struct Hashing(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            std::hash::Hasher::write(&mut self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(Default::default());
    // A view that cannot be serialised is rendered (and fails) anew.
    serde_json::to_writer(&mut h, view)
        .ok()
        .map(|()| std::hash::Hasher::finish(&h.0))
}

/// HTML escaping of text and attribute values. Unlike Tera's default it
/// leaves `/` alone, so relative links stay readable (`../static/style.css`).
pub fn escape_html(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

fn int(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.as_u64().map(|u| u as i64))
        .unwrap_or(0)
}

/// Tera's error with its causes, which hold the template line.
fn template_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// `../` once per folder level of `path`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn render_page(tera: &Tera, base: &Context, mut page: PageView) -> Result<Vec<OutFile>, String> {
    prepare(&mut page.body);
    render_prepared(tera, base, page)
}

/// A page whose charts are drawn and Markdown rendered: its files.
fn render_prepared(tera: &Tera, base: &Context, page: PageView) -> Result<Vec<OutFile>, String> {
    let mut out = Vec::new();
    if let PageBody::Actions { actions } = &page.body {
        out.push(OutFile {
            path: "actions/data.json".into(),
            bytes: data::actions_json(actions),
        });
    }
    if let PageBody::Report(r) = &page.body {
        let dir = page.path.trim_end_matches("index.html");
        out.push(OutFile {
            path: format!("{dir}data.json"),
            bytes: data::json(r),
        });
        out.push(OutFile {
            path: format!("{dir}data.csv"),
            bytes: data::csv(r),
        });
    }
    let mut ctx = base.clone();
    ctx.insert("root", &root_of(&page.path));
    ctx.insert("page", &page);
    let html = tera
        .render(page.body.template(), &ctx)
        .map_err(|e| format!("{}: {}", page.path, template_error(&e)))?;
    out.push(OutFile {
        path: page.path,
        bytes: html.into_bytes(),
    });
    Ok(out)
}

/// Draws the charts and renders the Markdown of a page's view.
fn prepare(body: &mut PageBody) {
    match body {
        PageBody::Report(r) => {
            if let Some(t) = &mut r.timeline {
                charts::draw(t);
            }
            charts::draw(&mut r.category_chart);
            draw_insight(&mut r.insight);
        }
        PageBody::Index(v) => {
            if let Some(c) = &mut v.trend_chart {
                charts::draw(c);
            }
            v.surveys.iter_mut().for_each(figures::survey);
        }
        PageBody::Surveys { surveys } => surveys.iter_mut().for_each(figures::survey),
        PageBody::Place(p) => {
            for c in [&mut p.timeline, &mut p.categories].into_iter().flatten() {
                charts::draw(c);
            }
            for h in [&mut p.weekday_hour, &mut p.seasonal].into_iter().flatten() {
                figures::heat(h);
            }
        }
        PageBody::Meeting(m) => {
            if let Some(b) = &mut m.body {
                markdown::render_body(b);
                let charts = b.parts.iter_mut().filter(|p| !p.table_only);
                charts
                    .filter_map(|p| p.chart.as_mut())
                    .for_each(charts::draw);
            }
        }
        PageBody::Free { body } => body.html = markdown::to_html(&body.source),
        PageBody::Area(a) => {
            if let Some(c) = &mut a.chart {
                charts::draw(c);
            }
        }
        PageBody::Action(a) => {
            if let Some(e) = &mut a.effect {
                effect_chart::draw(&mut e.chart);
            }
        }
        _ => {}
    }
}

fn draw_insight(i: &mut crate::audience::insight_view::ReportInsight) {
    for h in [&mut i.weekday_hour, &mut i.seasonal].into_iter().flatten() {
        figures::heat(h);
    }
    if let Some(m) = &mut i.map {
        map::map(m);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn root_prefix_per_depth() {
        assert_eq!(super::root_of("index.html"), "");
        assert_eq!(
            super::root_of("reports/month/2024-03/index.html"),
            "../../../"
        );
    }
}
