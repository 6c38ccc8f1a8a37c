//! Incident files in JSON: a list of objects, one event each, as an API
//! gives them and a browser saves them (the police's events API:
//! `[{"id": …, "datetime": "2024-01-05 21:10:43 +01:00", "type": …,
//! "location": {"name": "Sunne", "gps": "59.83,13.14"}}, …]`).
//!
//! Each object becomes a row of the same shape as a CSV row, with nested
//! objects flattened, their names joined by `_` (`location` → `name`
//! becomes `location_name`): the names the feed's CSV archive uses, so one
//! `[sources.columns]` reads both, and the source's filter and checks apply
//! unchanged. A JSON file and a CSV of the same events give the same
//! numbers.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// Whether a file is read as JSON (by its extension, any case).
pub fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
}

/// The header (every name met, in the order first met) and one record per
/// event, each positioned at the line and byte where its object starts.
pub fn records(
    path: &Path,
    text: &str,
) -> Result<(csv::StringRecord, Vec<csv::StringRecord>), Diagnostic> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        Diagnostic::error(path, 0, crate::msg!("json_invalid", error = e)).at_offset(text, offset)
    })?;
    let Value::Array(events) = value else {
        return Err(Diagnostic::error(path, 1, crate::msg!("json_not_list")));
    };
    let starts = object_starts(text);
    let mut names: Vec<String> = Vec::new();
    let mut flat = Vec::with_capacity(events.len());
    for (k, event) in events.iter().enumerate() {
        let at = starts.get(k).copied().unwrap_or(0);
        let Value::Object(_) = event else {
            return Err(Diagnostic::error(
                path,
                0,
                crate::msg!("json_event_kind", n = k + 1, kind = kind(event)),
            )
            .at_offset(text, at));
        };
        let mut fields = Vec::new();
        if let Err(name) = flatten("", event, &mut fields) {
            return Err(Diagnostic::error(
                path,
                0,
                crate::msg!(
                    "json_fields_clash",
                    n = k + 1,
                    name = crate::diagnostics::echo(&name)
                ),
            )
            .at_offset(text, at));
        }
        for (name, _) in &fields {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        flat.push((at, fields));
    }
    let header = csv::StringRecord::from(names.clone());
    // Lines counted as the objects come, in order: once over the text.
    let (mut line, mut counted) = (1usize, 0usize);
    let rows = flat
        .into_iter()
        .map(|(at, fields)| {
            let at = at.clamp(counted, text.len());
            line += text.as_bytes()[counted..at]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = at;
            let mut r: csv::StringRecord = names
                .iter()
                .map(|n| {
                    fields
                        .iter()
                        .find(|(f, _)| f == n)
                        .map_or("", |(_, v)| v.as_str())
                })
                .collect();
            let mut pos = csv::Position::new();
            pos.set_byte(at as u64).set_line(line as u64);
            r.set_position(Some(pos));
            r
        })
        .collect();
    Ok((header, rows))
}

/// The fields of an object as (name, text): nested objects flattened with
/// `_` between the names, `null` empty, a list as its JSON text. A name
/// met twice (`location_name` beside `location: {name}`) is the `Err`.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    for (k, v) in map {
        let name = format!("{prefix}{k}");
        let text = match v {
            Value::Object(_) => {
                flatten(&format!("{name}_"), v, out)?;
                continue;
            }
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        if out.iter().any(|(n, _)| *n == name) {
            return Err(name);
        }
        out.push((name, text));
    }
    Ok(())
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(_) => crate::msg!("json_kind_bool"),
        Value::Number(_) => crate::msg!("json_kind_number"),
        Value::String(_) => crate::msg!("json_kind_text"),
        Value::Array(_) => crate::msg!("json_kind_list"),
        Value::Object(_) => crate::msg!("json_kind_object"),
    }
}

/// Byte offsets of the entries of the top-level list: where each `{` (or
/// other value) at depth 1 starts, outside strings.
fn object_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut expect = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expect && !b.is_ascii_whitespace() && b != b']' {
            out.push(i);
            expect = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expect = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    out
}

/// The byte offset of a 1-based line and column (serde_json counts
/// columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_objects_in_order_met() {
        let text = "[\n {\"id\": 1, \"location\": {\"name\": \"Sunne\", \"gps\": \"59.8,13.1\"}},\n {\"id\": 2, \"extra\": null}\n]";
        let (h, rows) = records(Path::new("a.json"), text).unwrap();
        assert_eq!(
            h.iter().collect::<Vec<_>>(),
            ["id", "location_gps", "location_name", "extra"]
        );
        assert_eq!(
            rows[0].iter().collect::<Vec<_>>(),
            ["1", "59.8,13.1", "Sunne", ""]
        );
        assert_eq!(rows[1].iter().collect::<Vec<_>>(), ["2", "", "", ""]);
        assert_eq!(rows[1].position().unwrap().line(), 3);
    }

    #[test]
    fn finds_entries_outside_strings() {
        assert_eq!(object_starts("[{\"a\":\"x,{[\"}, {\"b\":1}]"), [1, 15]);
        assert_eq!(object_starts("[]"), Vec::<usize>::new());
    }

    #[test]
    fn errors_have_positions() {
        let e = records(Path::new("a.json"), "[\n{\"a\": 1},\n{\"a\" 2}\n]").unwrap_err();
        assert_eq!(e.line, 3);
        let e = records(Path::new("a.json"), "[\n{\"a\": 1},\n 7\n]").unwrap_err();
        assert_eq!((e.line, e.column), (3, 2));
        assert!(e.message.contains("event 2 is a number"), "{}", e.message);
        assert!(records(Path::new("a.json"), "{}").is_err());
        let e = records(Path::new("a.json"), "[{\"a_b\": 1, \"a\": {\"b\": 2}}]").unwrap_err();
        assert!(e.message.contains("\"a_b\""), "{}", e.message);
    }
}
