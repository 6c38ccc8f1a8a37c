//! Encodings and delimiters of incident files as Excel and other systems
//! write them: UTF-8 with or without a byte-order mark, Windows-1252
//! ("CSV (semikolonavgränsad)"), `;`, `,` or tab.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use std::borrow::Cow;
use std::path::Path;

use crate::config::EncodingChoice;
use crate::diagnostics::{Diagnostic, not_text, not_utf8};

/// The file's text, or why it cannot be read as the source says. UTF-8
/// is the bytes themselves, checked, not a copy (a large site reads
/// hundreds of megabytes of it).
pub fn decode<'b>(
    path: &Path,
    bytes: &'b [u8],
    choice: EncodingChoice,
) -> Result<Cow<'b, str>, Diagnostic> {
    if let Some(d) = not_text(path, bytes, "CSV") {
        return Err(d);
    }
    let stripped = bytes.strip_prefix(b"\xef\xbb\xbf");
    let body = stripped.unwrap_or(bytes);
    match choice {
        EncodingChoice::Windows1252 => Ok(WINDOWS_1252.decode_without_bom_handling(body).0),
        EncodingChoice::Utf8 => utf8(body).ok_or_else(|| {
            not_utf8(path, body, Encoding::utf8_valid_up_to(body))
                .with_hint(Some(crate::msg!("utf8_or_encoding_hint")))
        }),
        EncodingChoice::Auto => match utf8(body) {
            Some(text) => Ok(text),
            None if stripped.is_some() => {
                let mut d = not_utf8(path, body, Encoding::utf8_valid_up_to(body));
                d.message = crate::msg!("not_utf8_despite_bom");
                Err(d)
            }
            None => Ok(WINDOWS_1252.decode_without_bom_handling(body).0),
        },
    }
}

/// The bytes as text if they are UTF-8, checked by encoding_rs (its
/// vectorised check is several times std's on Swedish text) and borrowed.
fn utf8(body: &[u8]) -> Option<Cow<'_, str>> {
    UTF_8.decode_without_bom_handling_and_without_replacement(body)
}

/// The delimiter that occurs most often (outside quotes) on the header line.
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// The byte offset of a quote that opens a field and is never closed, as
/// the CSV reader would read it (a quote only opens at the start of a
/// field; `""` inside quotes is a quote character).
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if field_start && b == b'"' {
            let open = i;
            i += 1;
            loop {
                match memchr_quote(&bytes[i..]) {
                    None => return Some(open),
                    Some(k) => {
                        i += k + 1;
                        if bytes.get(i) == Some(&b'"') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            field_start = false;
            continue;
        }
        field_start = b == delimiter || b == b'\n' || b == b'\r';
        i += 1;
    }
    None
}

fn memchr_quote(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'"')
}

/// Character column where field `index` starts on `line`.
pub fn field_column(line: &str, delimiter: u8, index: usize) -> usize {
    let mut field = 0;
    let mut quoted = false;
    for (col, ch) in line.chars().enumerate() {
        if field == index {
            return col + 1;
        }
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted && ch as u32 == delimiter as u32 {
            field += 1;
        }
    }
    line.chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("a,b,\"c;d\"\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("single"), b',');
    }

    #[test]
    fn finds_unclosed_quotes() {
        assert_eq!(unclosed_quote("a,\"b\nc", b','), Some(2));
        assert_eq!(unclosed_quote("a,\"b\"\"\nc\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\"c\n", b','), None);
        assert_eq!(unclosed_quote("\"a\"\"", b','), Some(0));
    }

    #[test]
    fn field_column_respects_quotes() {
        assert_eq!(field_column("a,\"b,c\",d", b',', 2), 9);
        assert_eq!(field_column("a;b", b';', 0), 1);
    }

    #[test]
    fn encodings() {
        fn decode(b: &[u8], c: EncodingChoice) -> Result<Cow<'_, str>, Diagnostic> {
            super::decode(Path::new("a.csv"), b, c)
        }
        assert_eq!(
            decode(b"Skadeg\xf6relse", EncodingChoice::Auto).unwrap(),
            "Skadegörelse"
        );
        assert_eq!(
            decode("\u{feff}å".as_bytes(), EncodingChoice::Auto).unwrap(),
            "å"
        );
        assert!(decode(b"Skadeg\xf6relse", EncodingChoice::Utf8).is_err());
        assert_eq!(
            decode("å".as_bytes(), EncodingChoice::Windows1252).unwrap(),
            "Ã¥"
        );
        assert!(decode(b"\xef\xbb\xbfbad \xf6", EncodingChoice::Auto).is_err());
        assert!(decode(b"a,b\n\x00\x01", EncodingChoice::Auto).is_err());
        // encoding_rs checks the text where std did: the same answer and
        // the same first bad byte for the diagnostic, also past 64 bytes,
        // where it takes its vectorised path.
        let long = "Skadegörelse;Åby centrum;2024-03-01 12:00;1\n".repeat(8);
        let mut late = long.clone().into_bytes();
        late.extend_from_slice(b"Stora torget \xe2\x82;1\n");
        let mut overlong = long.clone().into_bytes();
        overlong.splice(200..200, *b"\xc0\xaf");
        let samples: [&[u8]; 9] = [
            "Skadegörelse;Åby\n".as_bytes(),
            b"ab\xf6cd",
            b"ok \xc3",
            b"\xe2\x82",
            b"a\xed\xa0\x80b",
            b"",
            long.as_bytes(),
            &late,
            &overlong,
        ];
        for b in samples {
            assert_eq!(
                super::utf8(b).as_deref(),
                std::str::from_utf8(b).ok(),
                "{b:?}"
            );
            let std_up_to = std::str::from_utf8(b).map_or_else(|e| e.valid_up_to(), str::len);
            assert_eq!(Encoding::utf8_valid_up_to(b), std_up_to, "{b:?}");
        }
    }
}
