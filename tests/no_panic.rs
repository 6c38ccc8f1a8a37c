//! The CSV, JSON and front-matter readers on many random and mutated inputs:
//! none may panic. A stable-toolchain stand-in for the fuzz targets in
//! `fuzz/` (which need nightly); inputs come from a fixed seed.

mod common;

use lagesbild::source::fuzzing;

const CSV_SEED: &str = "date;time;category;place;count;description\n2024-03-01;14.30;Skadegörelse;Torget;1;\"a; \"\"b\"\"\nc\"\n2024-02-29T23:30:00Z;;brand;torget;;x\n";
const NOTE_SEED: &str = "+++\ntitle = \"T\"\ndate = 2024-01-11\ngroup = \"operative\"\n[focus]\nplaces = [\"torget\"]\n[[actions]]\nid = \"A\"\nwhat = \"w\"\nstatus = \"planned\"\n+++\n## Rubrik\n";

/// Flips, inserts, deletes and duplicates bytes of `seed`.
fn mutate(rng: &mut common::Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let special = [
            b'"', b';', b',', b'\n', b'\r', b'\t', b'+', b'=', b'[', b']', 0xff, 0xc3, b'0', b'9',
            b'-', b':',
        ];
        let at = if v.is_empty() { 0 } else { rng.below(v.len()) };
        match rng.below(4) {
            0 if !v.is_empty() => v[at] = special[rng.below(special.len())],
            1 => v.insert(at, special[rng.below(special.len())]),
            2 if !v.is_empty() => {
                v.remove(at);
            }
            _ => {
                let end = (at + rng.below(16)).min(v.len());
                let chunk = v[at..end].to_vec();
                v.splice(at..at, chunk);
            }
        }
    }
    v
}

#[test]
fn csv_reader_never_panics() {
    let mut rng = common::Rng(0x5eed_1234);
    let mut accepted = 0;
    for i in 0..3000 {
        let input = if i % 10 == 0 {
            (0..rng.below(200)).map(|_| rng.next() as u8).collect()
        } else {
            mutate(&mut rng, CSV_SEED.as_bytes())
        };
        let (rows, _diags) = fuzzing::csv(&input);
        accepted += rows;
    }
    assert!(accepted > 0, "some mutated inputs still have valid rows");
    let (rows, diags) = fuzzing::csv(CSV_SEED.as_bytes());
    assert_eq!(rows, 2, "{:?}", diags.sorted());
}

const JSON_SEED: &str = "[{\"date\": \"2024-03-01 14:30:00 +01:00\", \"category\": \"Skadegörelse\", \"location\": {\"place\": \"Torget\", \"gps\": \"59.1,13.2\"}, \"count\": 2},\n {\"date\": \"2024-02-29T23:30:00Z\", \"category\": \"brand\", \"place\": \"torget\", \"n\": null, \"x\": [1, \"a\\\"]\"]}]\n";

#[test]
fn json_reader_never_panics() {
    let mut rng = common::Rng(0x150a_5eed);
    let mut accepted = 0;
    for i in 0..3000 {
        let input = if i % 10 == 0 {
            (0..rng.below(200)).map(|_| rng.next() as u8).collect()
        } else {
            mutate(&mut rng, JSON_SEED.as_bytes())
        };
        let (rows, _diags) = fuzzing::json(&input);
        accepted += rows;
    }
    assert!(accepted > 0, "some mutated inputs still have valid rows");
    let (rows, diags) = fuzzing::json(JSON_SEED.as_bytes());
    assert_eq!(rows, 2, "{:?}", diags.sorted());
}

#[test]
fn front_matter_reader_never_panics() {
    let mut rng = common::Rng(0xfeed_5678);
    let mut clean = 0;
    for _ in 0..3000 {
        let bytes = mutate(&mut rng, NOTE_SEED.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        if fuzzing::meeting(&text).is_empty() {
            clean += 1;
        }
    }
    assert!(clean > 0, "some mutations keep the note valid");
    assert!(fuzzing::meeting(NOTE_SEED).is_empty());
}
