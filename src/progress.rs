//! Progress of a build, for people waiting on a long one.
//!
//! A build is a handful of steps whose count is known up front (read,
//! analyse, then per output a view and a render, then write), so progress
//! is "step k of n". [`Progress`] is what the pipeline calls; it knows
//! nothing about terminals. [`Display`] is what the command line shows:
//! nothing for the first second (a quick build stays quiet), then a bar
//! redrawn in place on a terminal, or one plain line per step when standard
//! error is a file or a pipe (CI logs, scheduled jobs).

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Told when each step of a build starts.
pub trait Progress: Sync {
    /// Step `done + 1` of `total` starts; `what` names it. `total` is 0
    /// while the number of steps is not known yet.
    fn step(&self, done: usize, total: usize, what: &str);
    /// The build is over (successfully or not).
    fn finish(&self) {}
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _: usize, _: usize, _: &str) {}
}

/// How long a build runs before progress is shown.
const DELAY: Duration = Duration::from_secs(1);
const BAR_WIDTH: usize = 24;

/// Progress on standard error: a bar on a terminal, plain lines otherwise.
pub struct Display {
    started: Instant,
    terminal: bool,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// The step announced last, drawn when the delay has passed.
    pending: Option<String>,
    /// Whether anything was drawn (so `finish` clears the bar).
    drawn: bool,
    finished: bool,
}

impl State {
    fn draw(&mut self, terminal: bool, line: &str) {
        let mut err = std::io::stderr().lock();
        // Progress is a courtesy: a closed standard error is no reason to fail.
        let _ = if terminal {
            write!(err, "\r\x1b[2K{line}")
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
        self.pending = None;
        self.drawn = true;
    }
}

impl Display {
    /// Starts the clock; a step still running after the delay is drawn then.
    pub fn new() -> Display {
        let terminal = std::io::stderr().is_terminal();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if let Ok(mut s) = shared.lock()
                && !s.finished
                && let Some(line) = s.pending.take()
            {
                s.draw(terminal, &line);
            }
        });
        Display {
            started: Instant::now(),
            terminal,
            state,
        }
    }
}

impl Default for Display {
    fn default() -> Self {
        Display::new()
    }
}

impl Progress for Display {
    fn step(&self, done: usize, total: usize, what: &str) {
        let line = if total == 0 {
            format!("{what} …")
        } else if self.terminal {
            bar(done, total, what)
        } else {
            format!("[{}/{}] {what}", done + 1, total)
        };
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if self.started.elapsed() < DELAY {
            state.pending = Some(line);
        } else {
            state.draw(self.terminal, &line);
        }
    }

    fn finish(&self) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.finished = true;
        if state.drawn && self.terminal {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
    }
}

/// Each step's wall time, and the processor time the process spent in it
/// (all threads, user and system), on standard error, one line per step
/// as it ends (`LAGESBILD_TIMINGS=1`): where a build spends its time and
/// how well it keeps both processors busy, for the benchmarks
/// (BENCHMARKS.md), never for tests.
pub struct Timings {
    state: Mutex<(Instant, f64, String)>,
    started: Instant,
}

impl Timings {
    pub fn new() -> Timings {
        let now = Instant::now();
        Timings {
            state: Mutex::new((now, cpu_ms(), String::new())),
            started: now,
        }
    }

    fn end_step(&self, next: &str) {
        let Ok(mut s) = self.state.lock() else {
            return;
        };
        let cpu = cpu_ms();
        if !s.2.is_empty() {
            let _ = writeln!(
                std::io::stderr(),
                "timing: {:>8.1} ms  {}  (cpu {:.0} ms)",
                s.0.elapsed().as_secs_f64() * 1000.0,
                s.2,
                cpu - s.1,
            );
        }
        *s = (Instant::now(), cpu, next.to_string());
    }
}

/// The processor time of the whole process so far, in milliseconds (0
/// where the system does not say, or off Linux with glibc, where the
/// program does not link libc).
fn cpu_ms() -> f64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes the struct it is given and nothing else.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0 {
            // SAFETY: written by the successful call above.
            let u = unsafe { usage.assume_init() };
            let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
            return ms(u.ru_utime) + ms(u.ru_stime);
        }
    }
    0.0
}

impl Default for Timings {
    fn default() -> Self {
        Timings::new()
    }
}

impl Progress for Timings {
    fn step(&self, _: usize, _: usize, what: &str) {
        self.end_step(what);
    }

    fn finish(&self) {
        self.end_step("");
        let _ = writeln!(
            std::io::stderr(),
            "timing: {:>8.1} ms  total  (cpu {:.0} ms)",
            self.started.elapsed().as_secs_f64() * 1000.0,
            cpu_ms(),
        );
    }
}

/// `[########----------------] 3/7 rendering public`.
fn bar(done: usize, total: usize, what: &str) -> String {
    let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {}/{} {what}",
        "#".repeat(filled),
        "-".repeat(BAR_WIDTH - filled),
        done + 1,
        total
    )
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_fills_with_the_steps() {
        assert_eq!(
            bar(0, 4, "reading"),
            format!("[{}] 1/4 reading", "-".repeat(24))
        );
        assert_eq!(
            bar(3, 4, "writing"),
            format!("[{}{}] 4/4 writing", "#".repeat(18), "-".repeat(6))
        );
    }
}
