use std::collections::BTreeSet;
use std::path::Path;

use super::*;

#[test]
fn both_catalogues_have_the_same_keys_and_placeholders() {
    let en: Catalogue = toml::from_str(EN).expect("en.toml is a flat table of texts");
    let sv: Catalogue = toml::from_str(SV).expect("sv.toml is a flat table of texts");
    let keys = |c: &Catalogue| c.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&en), keys(&sv));
    for (key, text) in &en {
        assert_eq!(
            placeholders(text),
            placeholders(&sv[key]),
            "placeholders of {key}"
        );
    }
}

/// Every `msg!("key", name = …)` of the sources: (file, key, names).
fn uses() -> Vec<(String, String, BTreeSet<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("msg!(") {
            rest = &rest[at + 5..];
            let args = top_level_args(rest);
            let Some(key) = args.first().and_then(|k| k.strip_prefix('"')) else {
                continue;
            };
            let names = args[1..]
                .iter()
                .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
                .collect();
            let file = entry.path().display().to_string();
            out.push((file, key.trim_end_matches('"').to_string(), names));
        }
    }
    out
}

/// The comma-separated arguments of a call whose `(` was just passed.
fn top_level_args(text: &str) -> Vec<String> {
    let (mut depth, mut in_str, mut escaped) = (0i32, false, false);
    let mut args = vec![String::new()];
    for c in text.chars() {
        if in_str {
            in_str = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else {
            match c {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(String::new());
                    continue;
                }
                _ => {}
            }
        }
        if let Some(last) = args.last_mut() {
            last.push(c);
        }
    }
    args.iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

#[test]
fn every_key_the_code_uses_exists_with_the_placeholders_it_fills() {
    let en: Catalogue = toml::from_str(EN).unwrap();
    let found = uses();
    assert!(found.len() > 50, "only {} uses of msg! found", found.len());
    for (file, key, names) in found {
        if file.ends_with("messages/mod.rs") || file.ends_with("messages/tests.rs") {
            continue;
        }
        let Some(text) = en.get(&key) else {
            panic!("{file}: key {key:?} is not in the catalogue");
        };
        assert_eq!(placeholders(text), names, "{file}: {key}");
    }
}

#[test]
fn placeholders_are_filled_once() {
    let filled = fill(
        "a {x} b {y} { … } {z}",
        &[("x", "{y}".to_string()), ("y", "2".to_string())],
    );
    assert_eq!(filled, "a {y} b 2 { … } {z}");
}

#[test]
fn the_language_picks_the_catalogue() {
    assert_eq!(text_in(Lang::Sv, "severity_error", &[]), "fel");
    assert_eq!(text_in(Lang::En, "severity_error", &[]), "error");
    assert_eq!(text_in(Lang::En, "no_such_key", &[]), "no_such_key");
}

#[test]
fn our_own_messages_are_recognised_inside_a_toml_error() {
    let ours = text_in(Lang::En, "bad_count", &[("value", "x".into())]);
    assert!(made_here(&ours));
    assert!(!made_here("invalid string\nexpected `\"`, `'`"));
    assert_eq!(
        literal_pieces("\"{value}\" is not { … } a {x}"),
        vec!["\"", "\" is not { … } a "]
    );
}
