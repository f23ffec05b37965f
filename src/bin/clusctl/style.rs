//! Colour in tables: only when standard output is a terminal that wants
//! it (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb` are
//! honoured, as anstream reads them), and never in `--json`.

use std::fmt;
use std::io;
use std::sync::OnceLock;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Effects, Style};

static COLOUR: OnceLock<bool> = OnceLock::new();

/// Decides once per run whether tables are coloured. Called by `main`.
pub(crate) fn configure(json: bool) {
    let wanted = !json && AutoStream::choice(&io::stdout()) != ColorChoice::Never;
    let _ = COLOUR.set(wanted);
}

fn enabled() -> bool {
    *COLOUR.get().unwrap_or(&false)
}

/// `text` in `style` when colour is on, else `text` as it is.
#[derive(Debug)]
pub(crate) struct Painted<T>(Style, T);

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if enabled() {
            write!(f, "{}{}{:#}", self.0, self.1, self.0)
        } else {
            self.1.fmt(f)
        }
    }
}

/// A table's column headings and a record's title.
pub(crate) fn heading<T: fmt::Display>(text: T) -> Painted<T> {
    Painted(Style::new().effects(Effects::BOLD), text)
}

/// What could not be decoded.
pub(crate) fn error<T: fmt::Display>(text: T) -> Painted<T> {
    Painted(Style::new().fg_color(Some(AnsiColor::Red.into())), text)
}

/// What lenient decoding tolerated.
pub(crate) fn warning<T: fmt::Display>(text: T) -> Painted<T> {
    Painted(Style::new().fg_color(Some(AnsiColor::Yellow.into())), text)
}

/// Secondary detail (legacy markers, offsets of headers).
pub(crate) fn dim<T: fmt::Display>(text: T) -> Painted<T> {
    Painted(Style::new().effects(Effects::DIMMED), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_the_text_is_unchanged() {
        // `configure` is never called here: colour stays off.
        assert_eq!(heading("offset").to_string(), "offset");
        assert_eq!(format!("{:>8}", error("x")), "       x");
        assert_eq!(warning(3).to_string(), "3");
    }
}
