//! How every stage reads Markdown: the options a note is rendered with,
//! and a parse that cannot take the build down.
//!
//! pulldown-cmark (0.13.6) panics on some Markdown with heading
//! attributes: a `{#id}` line under a setext heading in a list item or a
//! quote (`- a\n   {#h}\n  ---`). A note or page that trips it is an
//! error of its own, at the line where it trips, found as the notes are
//! read ([`trips_at`]); the render parses through [`guarded`] too, so that
//! text a figure filled in cannot crash it either. The release build
//! panics while the events are taken, not when the parser is made: a
//! guarded parse takes them all inside the guard.

use std::cell::Cell;
use std::panic;
use std::sync::Once;

use pulldown_cmark::{Options, Parser};

/// The options a note's or page's Markdown is rendered with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// [`options`] without heading attributes: for a note's plain text and
/// its shortcodes' places, and for Markdown the parser trips on with
/// attributes (every fault known needs them).
pub fn without_attributes() -> Options {
    options() - Options::ENABLE_HEADING_ATTRIBUTES
}

thread_local! {
    /// Set while [`guarded`] runs on this thread: a panic then is caught
    /// and told as an error of the input, so its message is not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// `f`'s value, or `None` where it panics (without the panic's message
/// on standard error; any other thread's panics are told as before).
/// For the parser's work only: a panic of this program's own code inside
/// `f` would be taken for the input's fault.
pub fn guarded<T>(f: impl FnOnce() -> T + panic::UnwindSafe) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let told = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                told(info)
            }
        }));
    });
    let was = QUIET.replace(true);
    let result = panic::catch_unwind(f);
    QUIET.set(was);
    result.ok()
}

/// Whether the Markdown parser reads `source` to its end.
pub fn parses(source: &str) -> bool {
    guarded(|| Parser::new_ext(source, options()).count()).is_some()
}

/// Where Markdown `body` trips the parser, `None` where it does not: the
/// byte offset of a line such that the body up to the line before it
/// parses and up to it trips (found by halving, so a long note costs a
/// few parses more, not one per line).
pub fn trips_at(body: &str) -> Option<usize> {
    // Every fault known needs an attribute block `{…}`; a body without
    // one is not parsed twice (the render's parse is guarded all the same).
    if !body.contains('{') || parses(body) {
        return None;
    }
    // Line ends, and the body up to `lo` lines parses (none do), up to
    // `hi` trips (all of it does).
    let ends: Vec<usize> = (body.match_indices('\n').map(|(i, _)| i + 1))
        .chain((!body.ends_with('\n')).then_some(body.len()))
        .collect();
    let (mut lo, mut hi) = (0, ends.len());
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        match parses(&body[..ends[mid - 1]]) {
            true => lo = mid,
            false => hi = mid,
        }
    }
    Some(if hi > 1 { ends[hi - 2] } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inputs found to trip pulldown-cmark 0.13.6: each is caught and
    /// placed at its underline (the line that makes it trip); Markdown
    /// that parses is left alone.
    #[test]
    fn a_parser_panic_is_caught_and_placed() {
        for (body, underline) in [
            ("Intro\n\n- Heading\n   {#h}\n  ---\n\nMore\n", 5),
            ("> w\n>  {#h}\n> -\n", 3),
            ("- r\n\t {}\n  -\n", 3),
        ] {
            assert!(!parses(body), "{body:?}");
            let at = trips_at(body).unwrap_or_else(|| panic!("{body:?} parses"));
            assert_eq!(body[..at].matches('\n').count() + 1, underline, "{body:?}");
        }
        assert_eq!(trips_at("# Rubrik {#id}\n\n- a\n  ---\n"), None);
        assert_eq!(guarded(|| 1 + 1), Some(2));
    }
}
