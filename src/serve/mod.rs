//! `lagesbild serve`: a preview for the coordinator writing a note.
//!
//! It renders one output into memory (nothing is written, neither in the
//! site folder nor in an output folder), serves it on 127.0.0.1 only,
//! and watches the site folder: on every saved change it renders again
//! and open pages reload themselves. A build with errors keeps the last
//! good build served and shows the errors, with file:line, at the top of
//! every page and in the terminal; fixing them removes the banner.
//!
//! Why these choices:
//! - **Memory, not a folder**: a preview must not touch `dist/` (a
//!   published copy may be synced from it) and needs no clean-up.
//! - **Only what an edit changed is redone** ([`Caches`]): the incident
//!   files' part of the model is kept while no incident file, register or
//!   the configuration changed; the analysis of the incident data and the
//!   report and place views made from it while nothing but notes changed
//!   (and no operative meeting moved); a page whose view fingerprint is
//!   unchanged is not drawn again. Editing a note on the large benchmark
//!   tier (a million rows) costs about a tenth of a second (BENCHMARKS.md).
//! - **Polling the folder** (every [`POLL`]): change notification
//!   (inotify and the like) does not work on the network shares where
//!   municipalities keep their site folders; listing a site's few hundred
//!   files' sizes and times costs about a millisecond.
//! - **The reload script is added when a page is served** ([`inject`]),
//!   so it never reaches a built output.
//! - **Loopback only, and only for its own pages**: the internal output is
//!   not for the network. A request whose `Host` is not the server's own
//!   (a web page in the same browser using DNS rebinding) is refused, and
//!   so is one the browser marks as coming from another site's page
//!   (`Sec-Fetch-Site`); every answer says `Cross-Origin-Resource-Policy:
//!   same-origin`, so another site cannot include the internal search
//!   index as a script.

mod http;
mod watch;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::progress::Silent;
use crate::site::{BuildError, Caches, Site};

/// How often the site folder is looked at.
pub const POLL: Duration = Duration::from_millis(100);

/// What `serve` serves, and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub site: PathBuf,
    /// The output to serve (a name from `[[outputs]]`); `internal` when it
    /// exists, else the first.
    pub output: Option<String>,
    /// 0: any free port.
    pub port: u16,
}

/// What the server holds: the last good build and the last build's errors.
#[derive(Default)]
struct Served {
    /// Goes up with every build, good or not: open pages reload when it
    /// changes.
    version: u64,
    /// The last good build's files by path.
    files: HashMap<String, Arc<[u8]>>,
    /// The last build's errors, when it failed.
    errors: Option<String>,
}

/// What happened, for the terminal.
pub enum Event {
    /// A build succeeded: its time, files served, files that changed.
    Built {
        elapsed: Duration,
        files: usize,
        changed: usize,
        warnings: Vec<String>,
    },
    /// A build failed: the errors; the last good build stays served.
    Failed { errors: Vec<String> },
}

/// A running preview: bound, built once, not yet serving.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    state: Arc<RwLock<Served>>,
    options: Options,
    output: Option<String>,
}

impl Server {
    /// Binds 127.0.0.1:`port`. Fails when the port is taken.
    pub fn bind(options: Options) -> Result<Server, String> {
        let http = tiny_http::Server::http(("127.0.0.1", options.port))
            .map_err(|e| crate::msg!("serve_listen", port = options.port, error = e))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(options.port);
        Ok(Server {
            http,
            port,
            state: Arc::default(),
            output: options.output.clone(),
            options,
        })
    }

    /// The address pages are served at.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Builds once, then serves until the process ends, rebuilding on
    /// every change of the site folder; `tell` hears of each build.
    pub fn run(mut self, tell: Arc<dyn Fn(Event) + Send + Sync>) {
        let mut output = self.output.take();
        let mut pages = Caches::default();
        // Looked at before the first build, so a file saved while it runs
        // is built next.
        let before = watch::snapshot(&self.options.site);
        rebuild(&self.options, &mut output, &mut pages, &self.state, &*tell);
        let state = Arc::clone(&self.state);
        let options = self.options.clone();
        std::thread::spawn(move || {
            watch::on_change(&options.site.clone(), before, POLL, || {
                rebuild(&options, &mut output, &mut pages, &state, &*tell);
            })
        });
        for request in self.http.incoming_requests() {
            http::answer(request, self.port, &self.state);
        }
    }
}

/// Renders the output into memory and swaps it in, or keeps the last good
/// build and records the errors.
fn rebuild(
    options: &Options,
    output: &mut Option<String>,
    pages: &mut Pages,
    state: &RwLock<Served>,
    tell: &dyn Fn(Event),
) {
    let started = Instant::now();
    match render(options, output, pages) {
        Ok((files, warnings)) => {
            let Ok(mut s) = state.write() else { return };
            // A file taken from the render cache is the same allocation:
            // compared by address first, not byte by byte.
            let same = |p: &String, b: &Arc<[u8]>| {
                s.files
                    .get(p)
                    .is_some_and(|old| Arc::ptr_eq(old, b) || old == b)
            };
            let changed = files.iter().filter(|(p, b)| !same(p, b)).count()
                + s.files.keys().filter(|p| !files.contains_key(*p)).count();
            s.files = files;
            s.errors = None;
            s.version += 1;
            tell(Event::Built {
                elapsed: started.elapsed(),
                files: s.files.len(),
                changed,
                warnings,
            });
        }
        Err(errors) => {
            let Ok(mut s) = state.write() else { return };
            s.errors = Some(errors.join("\n"));
            s.version += 1;
            tell(Event::Failed { errors });
        }
    }
}

type Files = HashMap<String, Arc<[u8]>>;

/// What the last render made, to redo only what an edit changed.
type Pages = Caches;

/// One output rendered: its files and the build's warnings, or the
/// errors as lines.
fn render(
    options: &Options,
    output: &mut Option<String>,
    pages: &mut Pages,
) -> Result<(Files, Vec<String>), Vec<String>> {
    let wanted = output.clone().unwrap_or_else(|| "internal".into());
    let rendered = match Site::rendered(&options.site, Some(&wanted), &Silent, Some(pages)) {
        // No output called `internal` and none asked for: the first.
        Err(BuildError::UnknownOutput(_)) if output.is_none() => {
            Site::rendered(&options.site, None, &Silent, Some(pages))
        }
        other => other,
    };
    let rendered = rendered.map_err(|e| lines(e.diagnostics()))?;
    let warnings = lines(rendered.site.diagnostics);
    let Some((name, files)) = rendered.outputs.into_iter().next() else {
        return Err(vec![crate::msg!("serve_no_outputs")]);
    };
    *output = Some(name);
    let files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    Ok((files, warnings))
}

fn lines(d: crate::diagnostics::Diagnostics) -> Vec<String> {
    d.sorted().into_iter().map(|d| d.to_string()).collect()
}
