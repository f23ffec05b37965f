//! Reading captured buffers: raw bytes, plain hex (spaces, colons or none,
//! which includes Wireshark's "hex stream"), `xxd` dumps and `hexdump -C`
//! dumps. Detection looks at the data; `--format` forces a reader.

use std::fmt;

/// The input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Look at the data and pick one of the others.
    Auto,
    /// The bytes themselves.
    Raw,
    /// Hex digit pairs, separated by spaces, colons, newlines or nothing.
    Hex,
    /// `xxd` output: `00000000: 3100 5c00 ...  1.\.`.
    Xxd,
    /// `hexdump -C` output: `00000000  31 00 5c 00 ...  |1.\.|`.
    Hexdump,
}

impl Format {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Raw => "raw",
            Self::Hex => "hex",
            Self::Xxd => "xxd",
            Self::Hexdump => "hexdump",
        }
    }
}

/// A dump that does not read as its format: what and where (line and
/// column are 1-based, in the dump text).
#[derive(Debug)]
pub(crate) struct DumpError {
    pub(crate) format: Format,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) what: &'static str,
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} input: {} at line {}, column {}",
            self.format.label(),
            self.what,
            self.line,
            self.column
        )
    }
}

/// Whether `data` looks like text a dump tool wrote.
fn is_text(data: &[u8]) -> bool {
    !data.is_empty()
        && data
            .iter()
            .all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7F).contains(&b))
}

/// Picks the format of `data`.
pub(crate) fn detect(data: &[u8]) -> Format {
    if !is_text(data) {
        return Format::Raw;
    }
    let first = data
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or_default();
    let is_offset = |s: &[u8]| s.len() >= 7 && s.iter().all(u8::is_ascii_hexdigit);
    if let Some(colon) = first.iter().position(|&b| b == b':')
        && is_offset(&first[..colon])
        && first.get(colon + 1) == Some(&b' ')
    {
        return Format::Xxd;
    }
    if first.len() > 10 && is_offset(&first[..8]) && first[8..10] == *b"  " {
        return Format::Hexdump;
    }
    Format::Hex
}

/// Reads `data` in `format` (detecting it for `Auto`); returns the bytes
/// and the format used.
pub(crate) fn read(data: Vec<u8>, format: Format) -> Result<(Vec<u8>, Format), DumpError> {
    let format = if format == Format::Auto {
        detect(&data)
    } else {
        format
    };
    let bytes = match format {
        Format::Auto | Format::Raw => data,
        Format::Hex => plain_hex(&data)?,
        Format::Xxd => xxd(&data)?,
        Format::Hexdump => hexdump(&data)?,
    };
    Ok((bytes, format))
}

fn nibble(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Hex digit pairs from `text`, skipping the separators in `skip`.
fn pairs(
    text: &[u8],
    out: &mut Vec<u8>,
    format: Format,
    line: usize,
    column0: usize,
) -> Result<(), DumpError> {
    let mut high: Option<(u8, usize)> = None;
    for (i, &b) in text.iter().enumerate() {
        let column = column0 + i + 1;
        if matches!(b, b' ' | b':' | b'\t' | b'\r' | b'-' | b',') {
            if high.is_some() && matches!(format, Format::Hexdump) {
                return Err(DumpError {
                    format,
                    line,
                    column,
                    what: "odd hex digit",
                });
            }
            continue;
        }
        let Some(value) = nibble(b) else {
            return Err(DumpError {
                format,
                line,
                column,
                what: "expected a hex digit",
            });
        };
        match high.take() {
            Some((h, _)) => out.push(h << 4 | value),
            None => high = Some((value, column)),
        }
    }
    match high {
        Some((_, column)) => Err(DumpError {
            format,
            line,
            column,
            what: "odd number of hex digits",
        }),
        None => Ok(()),
    }
}

fn lines(data: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    data.split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
}

fn plain_hex(data: &[u8]) -> Result<Vec<u8>, DumpError> {
    let mut out = Vec::with_capacity(data.len() / 2);
    for (line, text) in lines(data) {
        // Tolerate a leading "0x" on the whole line.
        let (text, skipped) = match text.strip_prefix(b"0x") {
            Some(rest) => (rest, 2),
            None => (text, 0),
        };
        pairs(text, &mut out, Format::Hex, line, skipped)?;
    }
    Ok(out)
}

fn parse_offset(text: &[u8], format: Format, line: usize) -> Result<usize, DumpError> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| usize::from_str_radix(t, 16).ok())
        .ok_or(DumpError {
            format,
            line,
            column: 1,
            what: "expected a hex offset",
        })
}

fn check_offset(expected: usize, got: usize, format: Format, line: usize) -> Result<(), DumpError> {
    if expected == got {
        Ok(())
    } else {
        Err(DumpError {
            format,
            line,
            column: 1,
            what: "offset does not follow the previous line",
        })
    }
}

/// `xxd`: `OFFSET: HEX  ASCII`; the hex part ends at the first double space.
fn xxd(data: &[u8]) -> Result<Vec<u8>, DumpError> {
    let format = Format::Xxd;
    let mut out = Vec::with_capacity(data.len() / 4);
    for (line, text) in lines(data) {
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let colon = text.iter().position(|&b| b == b':').ok_or(DumpError {
            format,
            line,
            column: 1,
            what: "expected 'OFFSET:'",
        })?;
        let offset = parse_offset(&text[..colon], format, line)?;
        check_offset(out.len(), offset, format, line)?;
        let rest = &text[colon + 1..];
        let hex_end = rest
            .windows(2)
            .position(|w| w == b"  ")
            .unwrap_or(rest.len());
        pairs(&rest[..hex_end], &mut out, format, line, colon + 1)?;
    }
    Ok(out)
}

/// `hexdump -C`: `OFFSET  HEX  |ASCII|`, `*` for repeated lines, and a last
/// line with the total length.
fn hexdump(data: &[u8]) -> Result<Vec<u8>, DumpError> {
    let format = Format::Hexdump;
    let mut out = Vec::with_capacity(data.len() / 4);
    let mut previous: Vec<u8> = Vec::new();
    let mut repeating = false;
    for (line, text) in lines(data) {
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if text == b"*" {
            repeating = true;
            continue;
        }
        let offset_end = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
        let offset = parse_offset(&text[..offset_end], format, line)?;
        if repeating {
            if previous.is_empty() || offset < out.len() {
                return Err(DumpError {
                    format,
                    line,
                    column: 1,
                    what: "'*' without a line to repeat",
                });
            }
            while out.len() < offset {
                let need = offset - out.len();
                out.extend_from_slice(&previous[..need.min(previous.len())]);
            }
            repeating = false;
        }
        check_offset(out.len(), offset, format, line)?;
        let rest = &text[offset_end..];
        let hex_end = rest.iter().position(|&b| b == b'|').unwrap_or(rest.len());
        let start = out.len();
        pairs(&rest[..hex_end], &mut out, format, line, offset_end)?;
        if out.len() > start {
            previous = out[start..].to_vec();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BYTES: &[u8] = b"1\0\\\0\\\0K\0\0\0\0\0";

    #[test]
    fn every_format_reads_back() {
        let hex: String = BYTES.iter().map(|b| format!("{b:02x}")).collect();
        let spaced: Vec<String> = BYTES.iter().map(|b| format!("{b:02X}")).collect();
        let xxd = "00000000: 3100 5c00 5c00 4b00 0000 0000            1.\\.\\.K.....\n";
        let hexdump = "00000000  31 00 5c 00 5c 00 4b 00  00 00 00 00              |1.\\.\\.K.....|\n0000000c\n";
        for (text, format) in [
            (hex.clone(), Format::Hex),
            (spaced.join(" "), Format::Hex),
            (spaced.join(":"), Format::Hex),
            (xxd.to_owned(), Format::Xxd),
            (hexdump.to_owned(), Format::Hexdump),
        ] {
            assert_eq!(detect(text.as_bytes()), format, "{text}");
            let (bytes, used) = read(text.into_bytes(), Format::Auto).unwrap();
            assert_eq!((bytes.as_slice(), used), (BYTES, format));
        }
        assert_eq!(detect(BYTES), Format::Raw);
    }

    #[test]
    fn hexdump_repeats_starred_lines() {
        let dump = "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000030  41 00                                             |A.|\n00000032\n";
        let (bytes, _) = read(dump.as_bytes().to_vec(), Format::Auto).unwrap();
        assert_eq!(bytes.len(), 0x32);
        assert_eq!(&bytes[0x30..], b"A\0");
    }

    #[test]
    fn errors_say_where() {
        let err = read(b"31 0g".to_vec(), Format::Auto).unwrap_err();
        assert_eq!(
            (err.line, err.column, err.what),
            (1, 5, "expected a hex digit")
        );
        let err = read(b"310".to_vec(), Format::Hex).unwrap_err();
        assert_eq!(err.what, "odd number of hex digits");
        let err = read(b"00000010: 3100\n".to_vec(), Format::Xxd).unwrap_err();
        assert_eq!(err.what, "offset does not follow the previous line");
        assert!(err.to_string().starts_with("xxd input:"));
    }
}
