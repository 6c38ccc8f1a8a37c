//! A warning when a note whose body is published (`public = true` and
//! `public_body = true`) names what the public output withholds: a place
//! of the register (places are never public as places: by id or name) or
//! an action that is not public. The body is published as written, so the
//! public output would show what it otherwise hides.
//!
//! Matching is by whole word, ignoring case: `Torget` in "vid Torget."
//! counts, in "Torgetgatan" it does not. An action's public flag follows
//! the action register's rule: the latest note that sets it decides.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Model;

/// `files` are the notes' files, matched to the notes by page name.
pub fn check(model: &Model, files: &[PathBuf], diags: &mut Diagnostics) {
    let withheld = withheld_words(model);
    let path_of: HashMap<String, &PathBuf> = files
        .iter()
        .map(|f| (super::notes::slug_of(f), f))
        .collect();
    for m in model.meetings.iter().filter(|m| m.public && m.public_body) {
        let body = m.body.to_lowercase();
        let named: Vec<&str> = withheld
            .iter()
            .filter(|(word, _)| contains_word(&body, word))
            .map(|(_, shown)| shown.as_str())
            .collect();
        if named.is_empty() {
            continue;
        }
        let Some(path) = path_of.get(&m.slug) else {
            continue;
        };
        diags.push(
            Diagnostic::warning(
                path,
                0,
                crate::msg!("public_body_names", named = named.join(", ")),
            )
            .with_hint(Some(crate::msg!("public_body_names_hint"))),
        );
    }
}

/// (lowercase word, how the warning shows it), sorted and without repeats.
fn withheld_words(model: &Model) -> Vec<(String, String)> {
    let mut words = std::collections::BTreeMap::new();
    for p in model.places.iter().filter(|p| p.registered) {
        for w in [&p.id, &p.name] {
            words.insert(w.to_lowercase(), format!("place \"{w}\""));
        }
    }
    let mut public: HashMap<&str, bool> = HashMap::new();
    let mut order = Vec::new();
    for a in model.meetings.iter().flat_map(|m| &m.actions) {
        let flag = public.entry(a.id.as_str()).or_insert_with(|| {
            order.push(a.id.as_str());
            false
        });
        *flag = a.public.unwrap_or(*flag);
    }
    for id in order.into_iter().filter(|id| !public[id]) {
        words.insert(id.to_lowercase(), format!("action \"{id}\""));
    }
    words
        .into_iter()
        .filter(|(w, _)| !w.trim().is_empty())
        .collect()
}

/// Whether `word` occurs in `text` with no letter, digit, `-` or `_` on
/// either side. Both are lowercase.
fn contains_word(text: &str, word: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    text.match_indices(word).any(|(i, _)| {
        !part(text[..i].chars().next_back()) && !part(text[i + word.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn whole_words_only() {
        assert!(contains_word("vid torget.", "torget"));
        assert!(contains_word("(a-2024-1) klar", "a-2024-1"));
        assert!(!contains_word("torgetgatan", "torget"));
        assert!(!contains_word("a-2024-12", "a-2024-1"));
        assert!(!contains_word("stora-torget", "torget"));
    }
}
