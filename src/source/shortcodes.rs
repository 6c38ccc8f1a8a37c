//! Shortcodes in a note's body: `{{ antal(kategori="klotter") }}` and the
//! other computed figures (see [`crate::model::shortcode`]). They are read
//! here, with the front matter, so a wrong name, key, id or period is an
//! error at its file, line and column before anything is built, like any
//! other mistake in a note.
//!
//! A `{{` inside code (a code span or block) or raw HTML is text, so a
//! note can show the syntax; `\{{` is text too. Every other `{{` must
//! start a shortcode: a typo never reaches a page as half a shortcode.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag};

use super::notes::NoteRefs;
use crate::config::Cadence;
use crate::diagnostics::{Diagnostic, Diagnostics, locate, suggest};
use crate::model::ledger::PeriodRef;
use crate::model::shortcode::{Compare, Shortcode, ShortcodeKind, Written};
use crate::model::{Meeting, Model};

const KEYS: [&str; 5] = ["kategori", "plats", "omrade", "period", "jamfor"];

/// The shortcodes of a body that starts at byte `body_at` of `text` (the
/// whole file). `None` when any of them is wrong (each reported).
pub fn parse(
    path: &Path,
    text: &str,
    body_at: usize,
    refs: &NoteRefs,
    diags: &mut Diagnostics,
) -> Option<Vec<Shortcode>> {
    let body = &text[body_at..];
    if !body.contains("{{") {
        return Some(Vec::new());
    }
    let Some((literal, paragraphs)) = markdown_ranges(body) else {
        diags.push(super::notes::trips(path, text, body_at));
        return None;
    };
    let mut r = Reader {
        path,
        text,
        body_at,
        refs,
        diags,
        ok: true,
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].find("{{").map(|i| from + i) {
        from = i + 2;
        let escaped = body[..i].ends_with('\\');
        if escaped || literal.iter().any(|l| l.contains(&i)) {
            continue;
        }
        if let Some(sc) = r.shortcode(body, i) {
            from = sc.span.end;
            r.alone_if_block(body, &sc, &paragraphs);
            out.push(sc);
        }
    }
    r.ok.then_some(out)
}

/// The byte ranges of a body's code and raw HTML, and of its paragraphs.
type Ranges = (Vec<Range<usize>>, Vec<Range<usize>>);

/// Byte ranges of the body's code and raw HTML, and of its paragraphs.
/// `None` where the parser panics (see [`crate::model::markdown`]; the
/// body parsed with the render's options, of which these are fewer, so
/// only a fault not met so far would).
fn markdown_ranges(body: &str) -> Option<Ranges> {
    use crate::model::markdown;
    let opts = markdown::without_attributes();
    let events: Vec<_> =
        markdown::guarded(|| Parser::new_ext(body, opts).into_offset_iter().collect())?;
    let mut literal = Vec::new();
    let mut paragraphs = Vec::new();
    for (event, range) in events {
        match event {
            Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => literal.push(range),
            Event::Start(Tag::Paragraph) => paragraphs.push(range),
            _ => {}
        }
    }
    Some((literal, paragraphs))
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    body_at: usize,
    refs: &'a NoteRefs<'a>,
    diags: &'a mut Diagnostics,
    ok: bool,
}

/// A `key="value"` with the body offset of its key and value.
#[derive(Debug)]
struct Arg<'b> {
    key: &'b str,
    key_at: usize,
    value: &'b str,
    value_at: usize,
}

impl Reader<'_> {
    fn fail(&mut self, body_offset: usize, message: String, hint: Option<String>) {
        self.diags.push(
            Diagnostic::error(self.path, 0, message)
                .at_offset(self.text, self.body_at + body_offset)
                .with_hint(hint),
        );
        self.ok = false;
    }

    fn written(&self, body_offset: usize) -> Written {
        let (line, column, snippet) = locate(self.text, self.body_at + body_offset);
        Written {
            line,
            column,
            snippet: snippet.to_string(),
        }
    }

    /// The shortcode that starts with the `{{` at `start`.
    fn shortcode(&mut self, body: &str, start: usize) -> Option<Shortcode> {
        let (name, name_at, args, end) = match syntax(body, start) {
            Ok(parts) => parts,
            Err((at, expected)) => {
                let hint = Some(crate::msg!("sc_syntax_hint"));
                self.fail(at, crate::msg!("sc_expected", expected = expected()), hint);
                return None;
            }
        };
        let Some(&(_, kind)) = ShortcodeKind::ALL.iter().find(|(n, _)| *n == name) else {
            let names = ShortcodeKind::ALL.iter().map(|(n, _)| *n);
            let hint = suggest(name, names.clone());
            let list = names.collect::<Vec<_>>().join(", ");
            self.fail(
                name_at,
                crate::msg!("sc_unknown", name = name, list = list),
                hint,
            );
            return None;
        };
        let mut sc = Shortcode {
            kind,
            span: start..end,
            category: None,
            place: None,
            area: None,
            period: None,
            compare: Compare::default(),
            place_at: None,
            category_at: None,
        };
        let mut seen: Vec<&str> = Vec::new();
        for a in &args {
            if seen.contains(&a.key) {
                self.fail(a.key_at, crate::msg!("sc_twice", key = a.key), None);
            }
            seen.push(a.key);
            self.argument(&mut sc, a);
        }
        if sc.place.is_some() && sc.area.is_some() {
            let at = args
                .iter()
                .find(|a| a.key == "omrade")
                .map_or(start, |a| a.key_at);
            self.fail(at, crate::msg!("sc_place_and_area"), None);
        }
        Some(sc)
    }

    fn argument(&mut self, sc: &mut Shortcode, a: &Arg) {
        let value = a.value;
        match a.key {
            "kategori" => {
                sc.category = self.found(
                    self.refs.categories.get(value),
                    a,
                    |v| crate::msg!("unknown_category_note", name = v),
                    self.refs.categories.names(),
                );
                sc.category_at = Some(self.written(a.value_at));
            }
            "plats" => {
                sc.place = self.found(
                    self.refs.places.get(value),
                    a,
                    |v| crate::msg!("unknown_place_note", name = v),
                    self.refs.places.names(),
                );
                sc.place_at = Some(self.written(a.value_at));
            }
            "omrade" => {
                let wanted = value.trim().to_lowercase();
                let areas = self.refs.areas;
                let found = areas.iter().find(|x| x.to_lowercase() == wanted).cloned();
                sc.area = self.found(
                    found,
                    a,
                    |v| crate::msg!("unknown_area_note", name = v),
                    areas.iter().map(String::as_str),
                );
            }
            "period" => match period_ref(value) {
                Some(p) => sc.period = Some(p),
                None => self.fail(
                    a.value_at,
                    crate::msg!("sc_bad_period", value = value),
                    None,
                ),
            },
            "jamfor" if sc.kind == ShortcodeKind::Change => match value {
                "foregaende" => sc.compare = Compare::Previous,
                "fjol" => sc.compare = Compare::YearAgo,
                _ => self.fail(
                    a.value_at,
                    crate::msg!("sc_bad_compare", value = value),
                    suggest(value, ["foregaende", "fjol"]),
                ),
            },
            key => {
                let keys = KEYS
                    .iter()
                    .copied()
                    .filter(|k| *k != "jamfor" || sc.kind == ShortcodeKind::Change);
                let hint = suggest(key, keys.clone());
                let list = keys.collect::<Vec<_>>().join(", ");
                self.fail(
                    a.key_at,
                    crate::msg!("sc_unknown_key", key = key, list = list),
                    hint,
                );
            }
        }
    }

    /// `found`, or an error at the value with a "did you mean".
    fn found<'n, T>(
        &mut self,
        found: Option<T>,
        a: &Arg,
        unknown: fn(&str) -> String,
        names: impl Iterator<Item = &'n str>,
    ) -> Option<T> {
        if found.is_none() {
            let hint = suggest(a.value, names);
            let message = unknown(a.value);
            self.fail(a.value_at, message, hint);
        }
        found
    }

    /// A chart or table must be a paragraph of its own.
    fn alone_if_block(&mut self, body: &str, sc: &Shortcode, paragraphs: &[Range<usize>]) {
        // The very paragraph the shortcode is in, by position: another
        // paragraph with the same text does not make an inline copy alone.
        let trimmed = |p: &Range<usize>| {
            let t = &body[p.clone()];
            p.start + (t.len() - t.trim_start().len())..p.end - (t.len() - t.trim_end().len())
        };
        let alone = paragraphs.iter().any(|p| trimmed(p) == sc.span);
        if sc.kind.is_block() && !alone {
            self.fail(
                sc.span.start,
                crate::msg!("sc_alone"),
                Some(crate::msg!("sc_alone_hint")),
            );
        }
    }
}

type Syntax<'b> = (&'b str, usize, Vec<Arg<'b>>, usize);

/// Name, its offset, arguments and the end of `{{ name(key="v", …) }}`
/// starting at `start`; or where it goes wrong and what was expected.
/// Where a shortcode goes wrong and what was expected there (made only
/// when reported, in the language of the messages).
type SyntaxError = (usize, fn() -> String);

fn syntax(body: &str, start: usize) -> Result<Syntax<'_>, SyntaxError> {
    let mut at = skip_space(body, start + 2);
    let name_at = at;
    at = word_end(body, at);
    if at == name_at {
        return Err((at, || crate::msg!("sc_expect_name")));
    }
    let name = &body[name_at..at];
    at = expect(body, skip_space(body, at), "(", || {
        crate::msg!("sc_expect_paren")
    })?;
    let mut args = Vec::new();
    loop {
        at = skip_space(body, at);
        if body[at..].starts_with(')') {
            at += 1;
            break;
        }
        if !args.is_empty() {
            at = skip_space(
                body,
                expect(body, at, ",", || crate::msg!("sc_expect_comma"))?,
            );
        }
        let key_at = at;
        at = word_end(body, at);
        if at == key_at {
            return Err((at, || crate::msg!("sc_expect_key")));
        }
        let key = &body[key_at..at];
        at = expect(body, skip_space(body, at), "=", || {
            crate::msg!("sc_expect_equals")
        })?;
        at = expect(body, skip_space(body, at), "\"", || {
            crate::msg!("sc_expect_quote")
        })?;
        let value_at = at;
        let len = body[at..]
            .find(['"', '\n'])
            .filter(|&n| body[at + n..].starts_with('"'))
            .ok_or((
                at,
                (|| crate::msg!("sc_expect_closing_quote")) as fn() -> String,
            ))?;
        args.push(Arg {
            key,
            key_at,
            value: &body[value_at..value_at + len],
            value_at,
        });
        at += len + 1;
    }
    at = expect(body, skip_space(body, at), "}}", || {
        crate::msg!("sc_expect_close")
    })?;
    Ok((name, name_at, args, at))
}

fn skip_space(body: &str, at: usize) -> usize {
    at + body[at..].len() - body[at..].trim_start_matches([' ', '\t']).len()
}

fn word_end(body: &str, at: usize) -> usize {
    at + body[at..]
        .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
        .unwrap_or(body.len() - at)
}

fn expect(
    body: &str,
    at: usize,
    token: &str,
    expected: fn() -> String,
) -> Result<usize, SyntaxError> {
    if body[at..].starts_with(token) {
        Ok(at + token.len())
    } else {
        Err((at, expected))
    }
}

/// A period written as its report's link name: `2026-10`, `2026-b5`,
/// `2026-t3`, `2026-q3`, `2026` or an operative period's end `2026-10-08`.
pub fn period_ref(s: &str) -> Option<PeriodRef> {
    let s = s.trim().to_ascii_lowercase();
    let year_ok = |y: &str| {
        y.len() == 4
            && y.parse::<i32>()
                .is_ok_and(|y| super::dates::YEARS.contains(&y))
    };
    let (year, rest) = s.split_once('-').unwrap_or((&s, ""));
    // `2026-` is no period (a year is written `2026`).
    if !year_ok(year) || (s.contains('-') && rest.is_empty()) {
        return None;
    }
    let numbered = |max: u32| {
        rest[1..]
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n) && rest[1..].len() == 1)
    };
    let cadence = match rest.chars().next() {
        None => Cadence::Year,
        Some('b') => numbered(6).map(|_| Cadence::Bimonth)?,
        Some('t') => numbered(3).map(|_| Cadence::Tertial)?,
        Some('q') => numbered(4).map(|_| Cadence::Quarter)?,
        Some(_) if rest.len() == 2 => {
            let m: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
            NaiveDate::from_ymd_opt(2000, m, 1).map(|_| Cadence::Month)?
        }
        Some(_) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == s)
            .map(|_| Cadence::Operative)?,
    };
    Some(PeriodRef { cadence, slug: s })
}

/// Errors for what a published body may not count: a place (the public
/// output shows areas, never places) or a category that is not public.
/// `files` are the notes' files, matched to the notes by page name.
pub fn check_public(model: &Model, files: &[PathBuf], diags: &mut Diagnostics) {
    let published = |m: &&Meeting| m.public && m.public_body && !m.shortcodes.is_empty();
    if !model.meetings.iter().any(|m| published(&m)) {
        return;
    }
    let path_of: HashMap<String, &PathBuf> = files
        .iter()
        .map(|f| (super::notes::slug_of(f), f))
        .collect();
    for m in model.meetings.iter().filter(published) {
        // Checked even when the note's file is not found by its page name
        // (the error then names the page): a privacy check fails closed.
        let fallback = PathBuf::from(&m.slug);
        let path = path_of.get(&m.slug).copied().unwrap_or(&fallback);
        for sc in &m.shortcodes {
            if let (Some(p), Some(at)) = (sc.place, &sc.place_at) {
                let name = &model.places[p as usize].id;
                let message = crate::msg!("sc_public_place", name = name);
                diags.push(error_at(
                    path,
                    at,
                    message,
                    &crate::msg!("sc_public_place_hint"),
                ));
            }
            if let (Some(c), Some(at)) = (sc.category, &sc.category_at) {
                let c = &model.categories[c as usize];
                if !c.public {
                    let message = crate::msg!("sc_public_category", id = c.id);
                    diags.push(error_at(
                        path,
                        at,
                        message,
                        &crate::msg!("sc_public_category_hint"),
                    ));
                }
            }
        }
    }
}

fn error_at(path: &Path, at: &Written, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(path, at.line, message)
        .at_column(at.column)
        .with_snippet(at.snippet.clone())
        .with_hint(Some(hint.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_report_names() {
        let p = |s: &str| period_ref(s).map(|p| (p.cadence, p.slug));
        assert_eq!(p("2026-10"), Some((Cadence::Month, "2026-10".into())));
        assert_eq!(p("2026-Q3"), Some((Cadence::Quarter, "2026-q3".into())));
        assert_eq!(p("2026-b6"), Some((Cadence::Bimonth, "2026-b6".into())));
        assert_eq!(p("2026-t3"), Some((Cadence::Tertial, "2026-t3".into())));
        assert_eq!(p("2026"), Some((Cadence::Year, "2026".into())));
        assert_eq!(
            p("2026-10-08"),
            Some((Cadence::Operative, "2026-10-08".into()))
        );
        for bad in [
            "2026-13",
            "2026-q5",
            "2026-t4",
            "2026-b7",
            "26",
            "2026-02-30",
            "2026-1",
            "2026-",
            "x",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn syntax_reads_keys_and_values() {
        let body = "Se {{ antal( kategori = \"klotter\", period=\"2026\" ) }} nu";
        let (name, _, args, end) = syntax(body, 3).unwrap();
        assert_eq!(name, "antal");
        assert_eq!(args.len(), 2);
        assert_eq!((args[0].key, args[0].value), ("kategori", "klotter"));
        assert_eq!(&body[end..], " nu");
        let (at, expected) = syntax("{{ antal(kategori=klotter) }}", 0).unwrap_err();
        assert_eq!((at, expected().as_str()), (18, "a value in double quotes"));
    }
}
