//! `lagesbild serve` as a coordinator uses it: started on a free loopback
//! port, a page fetched, a note edited and the new text served, a broken
//! note shown as an error in the page while the last good build stays
//! served, and the error gone once fixed.
//!
//! Deadlines here are generous (a slow, shared machine must not fail the
//! test): how quickly a change appears is measured in BENCHMARKS.md, not
//! asserted.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOTE: &str = "content/meetings/2024-01-11-operativ.md";
const PAGE: &str = "/meetings/2024-01-11-operativ/";
const DEADLINE: Duration = Duration::from_secs(60);

/// The server process, killed when the test ends, however it ends.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve` on a free port; returns it and the port.
fn start(site: &Path) -> (Serve, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lagesbild"))
        .env_remove("LAGESBILD_LANG")
        .args(["serve", "--port", "0", "--site"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // Keep reading: the server ends (as a closed pipe asks) when its
    // standard output is closed.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (Serve(child), port)
}

/// GET `path` with `host` as the Host header and `extra` header lines:
/// status and the response (headers and body).
fn get_as(port: u16, path: &str, host: &str, extra: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, raw)
}

/// GET `path` as the server's own pages do: status and body.
fn get(port: u16, path: &str) -> (u16, String) {
    let (status, raw) = get_as(port, path, &format!("127.0.0.1:{port}"), "");
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_string())
}

/// Fetches `path` until `ok` holds for its body; the time it took.
fn until(port: u16, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if ok(&body) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < DEADLINE,
            "{what}: not served after {DEADLINE:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_rebuilds_on_save_and_shows_errors_until_fixed() {
    let site = common::temp_dir("serve");
    common::copy_dir(&common::fixture("basic"), &site);
    let (_server, port) = start(&site);
    // The first build done: version 1.
    until(port, "/__lagesbild/version", "first build", |b| b == "1");

    let (status, page) = get(port, PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("Inget särskilt."), "the note's text");
    assert!(page.contains("/__lagesbild/version"), "the reload script");
    assert_eq!(get(port, "/no/such/page.html").0, 404);
    // Another site's page in the same browser is refused: by DNS
    // rebinding (another Host), or including the internal search index
    // as a script (the browser says Sec-Fetch-Site: cross-site); every
    // answer forbids other sites to include it.
    let foreign = format!("attacker.example:{port}");
    assert_eq!(get_as(port, PAGE, &foreign, "").0, 403);
    let own = format!("127.0.0.1:{port}");
    let cross = "Sec-Fetch-Site: cross-site\r\n";
    assert_eq!(get_as(port, "/search/index.js", &own, cross).0, 403);
    let same = "Sec-Fetch-Site: same-origin\r\n";
    let (status, raw) = get_as(port, "/search/index.js", &own, same);
    assert_eq!(status, 200);
    assert!(
        raw.contains("Cross-Origin-Resource-Policy: same-origin"),
        "{raw}"
    );

    let note = site.join(NOTE);
    let original = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{original}\nNytt ord: Klövervall.\n")).unwrap();
    let took = until(port, PAGE, "the edited note", |b| b.contains("Klövervall"));
    eprintln!("the edit was served after {took:?}");

    // A front-matter error: shown in every page, with file:line:column,
    // and the last good build (with the new word) still served.
    let broken = original.replacen("group = \"operative\"", "group = = \"operative\"", 1);
    std::fs::write(&note, &broken).unwrap();
    until(port, "/", "the error banner", |b| {
        b.contains("role=\"alert\"")
    });
    let (_, start) = get(port, "/");
    assert!(
        start.contains("2024-01-11-operativ.md:4:9"),
        "the error's position: {}",
        &start[..start.len().min(2000)]
    );
    // The site is Swedish, so is the banner (and the error in it).
    assert!(
        start.contains("Den senaste ändringen gick inte att bygga") && start.contains("fel: "),
        "a Swedish banner: {}",
        &start[..start.len().min(2000)]
    );
    assert!(
        get(port, PAGE).1.contains("Klövervall"),
        "last good build kept"
    );

    std::fs::write(&note, &original).unwrap();
    until(port, PAGE, "the fixed note", |b| {
        !b.contains("role=\"alert\"") && !b.contains("Klövervall")
    });
    let _ = std::fs::remove_dir_all(&site);
}

#[test]
fn a_built_output_never_holds_the_reload_script() {
    let site = common::fixture("basic");
    let out = common::temp_dir("serve-built");
    lagesbild::site::Site::build(&site, &out, None)
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics()));
    let files = common::read_tree(&out);
    assert!(files.keys().any(|p| p.ends_with(".html")));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("__lagesbild"),
            "{path} holds the served-only script"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
