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
mod rows;
mod sanitise;
pub mod search;
mod stream;

pub use stream::{Finished, Made, Making, Put, Reuse, Stream, context_key, render_to};

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::audience::fingerprint;
use crate::audience::view::{HIDDEN, PageBody, PageView, SiteView};
use crate::i18n::{Translations, Words};

/// A file of the output, path relative to the output's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    /// Shared: a page kept by [`RenderCache`] is not copied.
    pub bytes: std::sync::Arc<[u8]>,
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
    pages: HashMap<String, Kept>,
    /// How many pages the last render drew anew.
    fresh: usize,
    /// The template engine, made from the theme's templates and words
    /// (their fingerprint first): parsing the templates again would cost
    /// a rebuild more than the pages an edit changes.
    engine: Option<(Option<u64>, Arc<Tera>)>,
}

impl RenderCache {
    /// The engine for `theme`, whose templates and translations have the
    /// fingerprint `key`: the kept one while that is the key it was made
    /// under.
    fn engine(
        &mut self,
        theme: &ThemeParts,
        words: &Words,
        key: Option<u64>,
    ) -> Result<Arc<Tera>, String> {
        if let Some((k, tera)) = &self.engine
            && key.is_some()
            && *k == key
        {
            return Ok(Arc::clone(tera));
        }
        let tera = Arc::new(engine(theme, words.clone())?);
        self.engine = Some((key, Arc::clone(&tera)));
        Ok(tera)
    }

    /// How many pages the last render drew anew (the others were taken
    /// from the cache).
    pub fn fresh(&self) -> usize {
        self.fresh
    }
}

/// [`render`], reusing and refilling `cache` when there is one (the
/// preview's; a build streams its files instead, see [`Stream`]).
pub fn render_with(
    site: SiteView,
    theme: &ThemeParts,
    words: Words,
    cache: Option<&mut RenderCache>,
) -> Result<Vec<OutFile>, String> {
    let Some(cache) = cache else {
        // Every page in page order (so is the first failure's message).
        let files = std::sync::Mutex::new(Vec::new());
        let put = |f, page| {
            let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
            files.push((page, f));
            Ok(())
        };
        let engine = Engine::new(theme, words.clone())?;
        let pages = render_to(site, theme, words, &engine, &put, None);
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by_key(|(page, _)| *page);
        pages?;
        let mut files: Vec<OutFile> = files.into_iter().map(|(_, f)| f).collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        return Ok(files);
    };
    // The theme's fingerprint: the engine's key and part of the pages'.
    let theme_key = fingerprint::of(&(theme.templates, theme.translations));
    let tera = cache.engine(theme, &words, theme_key)?;
    let base = base_context(&site, theme);
    // Index and feed come from the same views as the pages, nothing else.
    let mut files = vec![
        search::page_file(&tera, &base, theme.translations)?,
        feed::feed_file(&site.meta, &site.pages, theme.translations, &words),
    ];
    let key = theme_key.and_then(|t| fingerprint::of(&(&site.meta, t)));
    if key.is_none() || cache.key != key {
        cache.key = key;
        cache.pages.clear();
    }
    let parts = Parts {
        tera: &tera,
        base: &base,
        texts: theme.translations,
    };
    files.extend(render_cached(&parts, site.pages, &site.known, cache)?);
    files.extend(static_files(theme));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The context every page of an output shares: the site and the words.
fn base_context(site: &SiteView, theme: &ThemeParts) -> Context {
    let mut base = Context::new();
    base.insert("site", &site.meta);
    base.insert("t", theme.translations);
    base
}

/// The theme's static files, below `static/`.
fn static_files<'a>(theme: &'a ThemeParts) -> impl Iterator<Item = OutFile> + 'a {
    theme.static_files.iter().map(|(path, bytes)| OutFile {
        path: format!("static/{path}"),
        bytes: bytes.as_slice().into(),
    })
}

/// A page's fingerprint: kept with the view (`known`), else hashed
/// before its charts are drawn and its Markdown rendered.
fn page_hash(known: &HashMap<String, u64>, p: &PageView) -> Option<u64> {
    known.get(&p.path).copied().or_else(|| fingerprint::page(p))
}

/// At most this many pages are rendered as one piece of work. Rayon cuts
/// a list into a few pieces per thread and cuts a piece again only when
/// another thread takes it over; a thread left with a run of heavy report
/// pages renders them alone while the other has nothing left (large tier:
/// one of two threads idle for the internal render's last 345 of 1,010 ms).
/// Small pieces keep both busy to the end; each costs a context's clone.
const PIECE: usize = 4;

/// The template engine of one theme and language, made once for every
/// output a build renders: parsing the templates is a fixed cost of about
/// a tenth of the small benchmark tier's build.
pub struct Engine(Tera);

impl Engine {
    pub fn new(theme: &ThemeParts, words: Words) -> Result<Engine, String> {
        engine(theme, words).map(Engine)
    }
}

fn engine(theme: &ThemeParts, words: Words) -> Result<Tera, String> {
    let mut tera = Tera::default();
    // Tera checks that every filter a template uses exists as it adds the
    // templates: the filters first.
    register_filters(&mut tera, theme, words);
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(write_escaped);
    tera.add_raw_templates(theme.templates.iter())
        .map_err(|e| template_error(&e))?;
    Ok(tera)
}

/// `default` as themes have had it (Tera 1's): for a value that is
/// missing *or* empty (`null`), where Tera 2's own takes only a missing
/// one. A view writes an absent date, owner or time as `null`.
fn register_default(tera: &mut Tera) {
    tera.register_filter("default", |v: Value, kw: Kwargs, _: &State| {
        if v.is_undefined() || v.is_none() {
            kw.must_get::<Value>("value")
        } else {
            Ok(v)
        }
    });
}

/// `num`, `signed` and `pct`: numbers as the site's language writes them;
/// and [`register_default`].
fn register_filters(tera: &mut Tera, theme: &ThemeParts, words: Words) {
    register_default(tera);
    // A hidden count arrives as the string "..": shown as such, with words
    // for screen readers. The output is HTML: use it with `| safe`.
    let hidden = format!(
        "<span aria-hidden=\"true\">{HIDDEN}</span><span class=\"visually-hidden\">{}</span>",
        escape_html(&theme.translations.get("hidden_value"))
    );
    let w = words.clone();
    tera.register_filter("num", move |v: Value, _: Kwargs, _: &State| {
        Ok(if defined(&v, "num")?.is_string() {
            hidden.clone()
        } else {
            w.num(int(&v))
        })
    });
    let w = words.clone();
    tera.register_filter("signed", move |v: Value, _: Kwargs, _: &State| {
        Ok(w.signed(int(defined(&v, "signed")?)))
    });
    tera.register_filter("pct", move |v: Value, _: Kwargs, _: &State| {
        let v = defined(&v, "pct")?;
        Ok(v.as_f64().map_or(String::new(), |p| words.pct(p)))
    });
}

/// A number filter's value, which must exist: Tera 2 hands a filter a
/// missing field (a misspelt name in a site's template) as "undefined",
/// which would otherwise be published as 0. Tera 1 stopped there; so does
/// this. An empty value (`null`) is a 0, as it was.
fn defined<'v>(v: &'v Value, filter: &str) -> tera::TeraResult<&'v Value> {
    if v.is_undefined() {
        return Err(tera::Error::message(format!(
            "`{filter}` got a value that is not defined (a misspelt field?)"
        )));
    }
    Ok(v)
}

/// What rendering a page takes besides its view.
struct Parts<'a> {
    tera: &'a Tera,
    base: &'a Context,
    texts: &'a Translations,
}

/// One page as the cache keeps it: its fingerprint, its files and its
/// search documents (shared: a kept page's are not copied).
type Kept = (u64, Vec<OutFile>, Arc<[search::Doc]>);

/// Renders the pages whose views changed since `cache` was filled, takes
/// the others (files and search documents) from it, refills it, and
/// writes the search index of all of them.
fn render_cached(
    parts: &Parts,
    pages: Vec<PageView>,
    known: &HashMap<String, u64>,
    cache: &mut RenderCache,
) -> Result<Vec<OutFile>, String> {
    let previous = &cache.pages;
    type Page = (String, Option<u64>, Vec<OutFile>, Arc<[search::Doc]>, bool);
    let results: Result<Vec<Page>, String> = pages
        .into_par_iter()
        .with_max_len(PIECE)
        .map_init(
            || parts.base.clone(),
            |ctx, p| {
                // An unchanged page costs its hash.
                let hash = page_hash(known, &p);
                let path = p.path.clone();
                match (hash, previous.get(&path)) {
                    (Some(h), Some((old, files, docs))) if h == *old => {
                        Ok((path, hash, files.clone(), docs.clone(), false))
                    }
                    _ => {
                        let docs = search::page_documents(&p, parts.texts).into();
                        render_page(parts.tera, ctx, p).map(|f| (path, hash, f, docs, true))
                    }
                }
            },
        )
        .collect();
    let results = results?;
    let mut files: Vec<OutFile> = (results.iter())
        .flat_map(|(_, _, f, _, _)| f.iter().cloned())
        .collect();
    files.extend(search::index_of(
        results
            .iter()
            .flat_map(|(_, _, _, d, _)| d.iter())
            .collect(),
    ));
    cache.fresh = results.iter().filter(|(.., drawn)| *drawn).count();
    cache.pages = (results.into_iter())
        .filter_map(|(path, hash, f, d, _)| Some((path, (hash?, f, d))))
        .collect();
    Ok(files)
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

/// Tera's error with its causes: where in which template, and why.
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

/// [`escape_html`] as Tera writes it: straight into the page, without a
/// string made for every value (most need no escaping at all).
fn write_escaped(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    html_escape::encode_quoted_attribute_to_writer(s, out)
}

/// [`escape_html`] appended to `out`.
fn push_escaped(out: &mut String, s: &str) {
    html_escape::encode_quoted_attribute_to_string(s, out);
}

/// `../` once per folder level of `path`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders `page` with `ctx`, the output's shared context ([`base_context`])
/// owned by the thread: only `root` and `page` change from one page to the
/// next, so the site's words are not copied for every page.
fn render_page(tera: &Tera, ctx: &mut Context, mut page: PageView) -> Result<Vec<OutFile>, String> {
    prepare(&mut page.body);
    render_prepared(tera, ctx, page)
}

/// A page whose charts are drawn and Markdown rendered: its files.
fn render_prepared(tera: &Tera, ctx: &mut Context, page: PageView) -> Result<Vec<OutFile>, String> {
    let mut out = Vec::new();
    if let PageBody::Actions { actions } = &page.body {
        out.push(OutFile {
            path: "actions/data.json".into(),
            bytes: data::actions_json(actions).into(),
        });
    }
    if let PageBody::Report(r) = &page.body {
        let dir = page.path.trim_end_matches("index.html");
        out.push(OutFile {
            path: format!("{dir}data.json"),
            bytes: data::json(&r.report).into(),
        });
        out.push(OutFile {
            path: format!("{dir}data.csv"),
            bytes: data::csv(&r.report).into(),
        });
    }
    let root = root_of(&page.path);
    // Set for every page: the context is reused by the next page.
    let events = match &page.body {
        PageBody::Report(r) => r.report.events.as_deref(),
        _ => None,
    };
    ctx.insert(
        "event_rows",
        &rows::event_rows(events.unwrap_or_default(), &root),
    );
    ctx.insert("root", &root);
    ctx.insert("page", &page);
    // Written into a buffer about the size of the thread's last page: a
    // report page of half a megabyte is not grown (and copied) from the
    // 16 KB `Tera::render` starts with. Tera writes only its templates'
    // and values' text, so the bytes are UTF-8 without checking them
    // again as `Tera::render` does.
    let template = (page.body.template())
        .ok_or_else(|| format!("{}: a page taken as it was has no template", page.path))?;
    let mut html = Vec::with_capacity(PAGE_SIZE.get());
    tera.render_to(template, ctx, &mut html)
        .map_err(|e| format!("{}: {}", page.path, template_error(&e)))?;
    PAGE_SIZE.set((html.len() + html.len() / 4).max(16 * 1024));
    out.push(OutFile {
        path: page.path,
        bytes: html.into(),
    });
    Ok(out)
}

thread_local! {
    /// The room [`render_prepared`] gives the next page (see there).
    static PAGE_SIZE: std::cell::Cell<usize> = const { std::cell::Cell::new(16 * 1024) };
}

/// Draws the charts and renders the Markdown of a page's view.
fn prepare(body: &mut PageBody) {
    match body {
        PageBody::Report(page) => {
            // A copy of a report the memo shares (only pages drawn anew).
            let r = std::sync::Arc::make_mut(&mut page.report);
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
