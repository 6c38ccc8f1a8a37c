//! Bytes a build keeps for the next (the incidents it read, what the
//! analysis made of them), framed so that only the program that wrote
//! them takes them, and only whole.
//!
//! A frame is a header line (what the bytes are, and the program's
//! stamp), the body, and a check of both ([`check`]). Such a file is only
//! ever an optimisation: whatever does not open (another program, a file
//! cut short by a crash, a damaged one) means computing again.

use std::hash::Hasher;
use std::ops::Deref;

/// A kept file's bytes: read into memory, or the file mapped into it
/// (`output::OutDir::kept_part` maps a large part: reading the 32 MB of
/// a million incidents into fresh memory costs about 20 ms, nearly all of
/// it the page faults of that memory; mapping the file, whose pages the
/// system holds already, under a millisecond). Either way only read; the
/// read part's incidents are used where they lie in it (see
/// `source::cache::stored`), so it is kept until they are dropped, and
/// every other part is dropped once decoded.
#[derive(Debug)]
pub enum Bytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Read(Vec::new())
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes::Read(bytes)
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

/// The start of a frame: the line `HEADER PROGRAM`.
pub fn open(header: &str, program: &str) -> Vec<u8> {
    format!("{header} {program}\n").into_bytes()
}

/// The frame `bytes` (begun by [`open`]) ended by its check.
pub fn close(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = check(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The body of a frame written under `header` by `program`; none for
/// any other bytes.
pub fn body<'a>(bytes: &'a [u8], header: &str, program: &str) -> Option<&'a [u8]> {
    body_range(bytes, header, program).map(|r| &bytes[r])
}

/// Where in `bytes` [`body`] lies, for bytes kept a while before they are
/// decoded: checked once, not again when decoded.
pub fn body_range(bytes: &[u8], header: &str, program: &str) -> Option<std::ops::Range<usize>> {
    let (framed, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if check(framed) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let head = open(header, program);
    framed
        .starts_with(&head)
        .then_some(head.len()..framed.len())
}

/// A check of `bytes` against a file cut short or damaged (not against
/// one made to deceive: whoever can write the output folder can write
/// the outputs). About 2 ms for the 32 MB of a million incidents.
fn check(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.write_usize(bytes.len());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_opens_whole_under_its_header_and_program_only() {
        let mut bytes = open("kind 1", "prog");
        bytes.extend_from_slice(b"body");
        let bytes = close(bytes);
        assert_eq!(body(&bytes, "kind 1", "prog"), Some(&b"body"[..]));
        assert_eq!(body(&bytes, "kind 1", "other"), None);
        assert_eq!(body(&bytes, "kind 2", "prog"), None);
        for len in 0..bytes.len() {
            assert_eq!(body(&bytes[..len], "kind 1", "prog"), None, "cut at {len}");
        }
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert_eq!(body(&damaged, "kind 1", "prog"), None, "byte {at}");
        }
    }
}
