//! Progress on long work, for a person watching a terminal, and never in
//! anyone else's way.
//!
//! A bar is drawn on standard error only when all of these hold:
//! - the run was not given `--json` or `--quiet` ([`configure`], called once
//!   by `main`);
//! - standard error is a terminal;
//! - standard output is not a pipe or a socket (on Unix; elsewhere it must
//!   be a terminal), so `clusctl ... | jq` or `| less` shows only the
//!   document;
//! - the work is large: at least [`LARGE`] bytes, so small inputs never
//!   flash a bar.
//!
//! The bar is cleared before the result is printed to a terminal, so it
//! never mixes with a table.
//!
//! Commands use it like this (a byte count over a file of known size):
//!
//! ```ignore
//! let file = std::fs::File::open(path)?;
//! let mut progress = Progress::bytes(file.metadata()?.len(), "reading");
//! let mut data = Vec::new();
//! progress.reader(file).read_to_end(&mut data)?;
//! progress.stage("decoding");          // a spinner while the bytes are parsed
//! progress.items(count, "writing");    // then a count of items written
//! progress.inc(1);
//! progress.finish();                   // clears the bar (so does drop)
//! ```

use std::io::{self, IsTerminal, Read};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work below this many bytes finishes too fast to need a bar.
pub(crate) const LARGE: u64 = 8 << 20;

static ALLOWED: OnceLock<bool> = OnceLock::new();

/// Records the run's output options: with `--json` or `--quiet` no bar is
/// ever drawn. Called once by `main`, before any command runs.
pub(crate) fn configure(json: bool, quiet: bool) {
    let _ = ALLOWED.set(!json && !quiet);
}

/// Whether a bar may be drawn at all in this run (options and terminals).
fn allowed() -> bool {
    *ALLOWED.get().unwrap_or(&false) && io::stderr().is_terminal() && !stdout_is_pipe()
}

/// Standard output is a pipe or a socket, not a terminal or a file.
#[cfg(unix)]
fn stdout_is_pipe() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
        return true;
    };
    match std::fs::File::from(fd).metadata() {
        Ok(meta) => meta.file_type().is_fifo() || meta.file_type().is_socket(),
        Err(_) => true,
    }
}

/// Elsewhere only a terminal counts as safe to share with a bar.
#[cfg(not(unix))]
fn stdout_is_pipe() -> bool {
    !io::stdout().is_terminal()
}

/// The size of standard input when it is a regular file (`< dump.hex`),
/// so reading it can show progress too; `None` for a pipe or a terminal.
#[cfg(unix)]
pub(crate) fn stdin_len() -> Option<u64> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then_some(meta.len())
}

/// Elsewhere the size of standard input is not looked for.
#[cfg(not(unix))]
pub(crate) fn stdin_len() -> Option<u64> {
    None
}

/// A progress bar on standard error, or nothing (see the module docs).
#[derive(Debug)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No bar: every method does nothing.
    pub(crate) const fn hidden() -> Self {
        Self { bar: None }
    }

    /// A byte count over work of `total` bytes (a file of known size),
    /// labelled `what`; hidden when the work is small or a bar is not
    /// allowed.
    pub(crate) fn bytes(total: u64, what: &'static str) -> Self {
        if total < LARGE || !allowed() {
            return Self::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(bytes_style())
            .with_message(what);
        // Draw at once: the first frame tells the user something started.
        bar.tick();
        Self { bar: Some(bar) }
    }

    /// Wraps a reader so that every byte read moves the bar.
    pub(crate) fn reader<R: Read>(&self, inner: R) -> impl Read + use<R> {
        Counted {
            inner,
            bar: self.bar.clone(),
        }
    }

    /// Moves the bar on by `n` (bytes or items).
    pub(crate) fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Turns the bar into a spinner labelled `what`, for a stage whose
    /// length is not known (parsing what was read).
    pub(crate) fn stage(&self, what: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_style(spinner_style());
            bar.set_message(what);
            bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    /// Replaces the bar with a count of `total` items labelled `what`; when
    /// the items are printed to the terminal itself, the bar is cleared
    /// instead (the output shows the progress, and must not be mixed with
    /// a bar).
    pub(crate) fn items(&mut self, total: u64, what: &'static str) {
        let Some(old) = self.bar.take() else {
            return;
        };
        old.finish_and_clear();
        if io::stdout().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(items_style())
            .with_message(what);
        bar.tick();
        self.bar = Some(bar);
    }

    /// Clears the bar (dropping the `Progress` does the same).
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn bytes_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg:>9} [{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:>9} {spinner} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn items_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg:>9} [{bar:30}] {human_pos}/{human_len} items {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// A reader that moves a bar by the bytes it reads.
struct Counted<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_passes_every_byte_through() {
        let progress = Progress::hidden();
        let mut out = Vec::new();
        progress
            .reader(&b"abc"[..])
            .read_to_end(&mut out)
            .map_err(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(out, b"abc");
    }
}
