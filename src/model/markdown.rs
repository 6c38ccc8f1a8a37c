//! How every stage reads Markdown: the options a note is rendered with,
//! and a parse that cannot take the build down.
//!
//! pulldown-cmark (0.13.6) panics on some Markdown with heading
//! attributes: a `{#id}` line under a setext heading in a list item or a
//! quote (`- a\n   {#h}\n  ---`). A note or page that trips it is an
//! error of its own, at the line where it trips, found as the notes are
//! read ([`trips_at`]); the render parses through [`guarded`] too, so that
//! text a figure filled in cannot crash it either.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use pulldown_cmark::{Options, Parser};

/// The options a note's or page's Markdown is rendered with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

thread_local! {
    /// Set while [`guarded`] runs on this thread: a panic then is caught
    /// and told as an error of the input, so its message is not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// `f`'s value, or `None` where it panics (without the panic's message
/// on standard error; any other thread's panics are told as before).
pub fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
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
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.set(was);
    result.ok()
}

/// Whether the Markdown parser reads `source` to its end.
pub fn parses(source: &str) -> bool {
    guarded(|| Parser::new_ext(source, options()).count()).is_some()
}

/// Where Markdown `body` trips the parser, `None` where it does not: the
/// byte offset of the first line that makes the body up to it trip.
pub fn trips_at(body: &str) -> Option<usize> {
    if parses(body) {
        return None;
    }
    let mut end = 0;
    for line in body.split_inclusive('\n') {
        end += line.len();
        if !parses(&body[..end]) {
            return Some(end - line.len());
        }
    }
    Some(0)
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
