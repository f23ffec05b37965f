//! tshark's field export of DCE/RPC stubs, as input.
//!
//! The lines come from
//!
//! ```text
//! tshark -r FILE [-o ntlmssp.nt_password:PASSWORD] --disable-protocol clusapi \
//!     -Y 'dcerpc.cn_flags.last_frag == 1' \
//!     -T fields -e frame.number -e dcerpc.pkt_type -e dcerpc.cn_call_id \
//!     -e dcerpc.opnum -e dcerpc.decrypted_stub_data     # or dcerpc.stub_data
//! ```
//!
//! Grammar (one record per line, fields separated by one tab):
//!
//! ```text
//! line     = frame TAB types TAB call-ids TAB opnums TAB stubs [TAB stream [TAB ignored]*] EOL
//! frame    = decimal                      ; frame.number
//! types    = list(decimal)                ; dcerpc.pkt_type: 0 request, 2 response, 3 fault
//! call-ids = list(decimal)                ; dcerpc.cn_call_id
//! opnums   = [list(decimal)]              ; dcerpc.opnum (responses carry it too)
//! stubs    = [list(hex)]                  ; the stub bytes, reassembled on the last fragment
//! stream   = [decimal]                    ; optional tcp.stream: one connection each
//! list(x)  = x *("," x)                   ; one value per DCE/RPC PDU of the frame
//! hex      = *(HEXDIG HEXDIG [":"])       ; "aabb" or "aa:bb"
//! ```
//!
//! | input | verdict |
//! |---|---|
//! | a header line (`-E header=y`: first field `frame.number`), an empty line | skipped |
//! | a PDU that is neither request (0) nor response (2) (bind, auth3, fault, ...) | skipped |
//! | one frame with several PDUs: comma lists; a list of one applies to all | one record each |
//! | lists of different lengths, a non-number, an odd count of hex digits | error with line and column |
//! | a request or response with no stub field (encrypted, not decrypted) | a record with `stub: None` |
//!
//! Without the `-Y` filter tshark also prints each non-last fragment's own
//! piece before the reassembled stub on the last fragment: the reader keeps
//! only the last of consecutive records of one call id and type. Without a
//! `tcp.stream` field all records are taken as one connection, so call ids
//! of several connections may mix: add `-e tcp.stream` for such captures.
//! Faults carry no stub and are not in the export: such a call shows no
//! response.

use std::vec::Vec;

use std::io::{BufRead, Read as _};

/// One DCE/RPC PDU's stub, as tshark exported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StubRecord {
    /// `frame.number`.
    pub frame: u64,
    /// `dcerpc.pkt_type`: 0 request, 2 response, 3 fault.
    pub pkt_type: u8,
    /// `dcerpc.cn_call_id`.
    pub call_id: u32,
    /// `dcerpc.opnum`, if exported.
    pub opnum: Option<u16>,
    /// The stub bytes; `None` when the field was empty.
    pub stub: Option<Vec<u8>>,
    /// `tcp.stream` (the connection), from an optional sixth field.
    pub stream: Option<u32>,
}

/// A line of the export that is not in its grammar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TsharkError {
    /// 1-based line number.
    pub line: u64,
    /// 1-based field number.
    pub field: usize,
    /// What was expected.
    pub expected: &'static str,
}

impl core::fmt::Display for TsharkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "tshark field export: expected {} in field {} of line {}",
            self.expected, self.field, self.line
        )
    }
}

impl std::error::Error for TsharkError {}

/// Longest accepted line: a 64 MiB stub in hex, plus the other fields.
pub const MAX_LINE: usize = 128 << 20 | 4096;

/// Whether the first bytes of a file look like a tshark field export.
pub(crate) fn looks_like_export(head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    first.starts_with(b"frame.number\t")
        || (!first.is_empty()
            && first.contains(&b'\t')
            && first
                .split(|&b| b == b'\t')
                .next()
                .is_some_and(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit)))
}

/// Reads records line by line.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    reader: R,
    line: u64,
    buf: Vec<u8>,
    pub(crate) consumed: u64,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            buf: Vec::new(),
            consumed: 0,
        }
    }

    /// The records of the next line with any; `Ok(None)` at the end.
    pub(crate) fn next_line(
        &mut self,
        out: &mut Vec<StubRecord>,
    ) -> Result<Option<()>, super::CaptureError> {
        loop {
            self.buf.clear();
            let limit = u64::try_from(MAX_LINE).unwrap_or(u64::MAX);
            let n = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)
                .map_err(super::CaptureError::Io)?;
            if n == 0 {
                return Ok(None);
            }
            self.consumed += n as u64;
            self.line += 1;
            if n >= MAX_LINE && self.buf.last() != Some(&b'\n') {
                return Err(super::CaptureError::Tshark(TsharkError {
                    line: self.line,
                    field: 1,
                    expected: "a line shorter than 128 MiB",
                }));
            }
            let before = out.len();
            parse_line(&self.buf, self.line, out).map_err(super::CaptureError::Tshark)?;
            if out.len() > before {
                return Ok(Some(()));
            }
        }
    }
}

fn parse_line(raw: &[u8], line: u64, out: &mut Vec<StubRecord>) -> Result<(), TsharkError> {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    if raw.is_empty() || raw.starts_with(b"frame.number") {
        return Ok(());
    }
    let err = |field, expected| TsharkError {
        line,
        field,
        expected,
    };
    let mut fields = raw.split(|&b| b == b'\t');
    let mut next = || fields.next().unwrap_or_default();
    let (frame, types, calls, opnums, stubs, stream) =
        (next(), next(), next(), next(), next(), next());
    let frame: u64 = number(frame).ok_or_else(|| err(1, "a frame number"))?;
    if types.is_empty() {
        // Not a DCE/RPC frame (an export without a display filter).
        return Ok(());
    }
    let split = |f: &[u8]| -> Vec<Vec<u8>> {
        if f.is_empty() {
            Vec::new()
        } else {
            f.split(|&b| b == b',').map(<[u8]>::to_vec).collect()
        }
    };
    let (types, calls, opnums, stubs) = (split(types), split(calls), split(opnums), split(stubs));
    let stream = if stream.is_empty() {
        None
    } else {
        Some(number(stream).ok_or_else(|| err(6, "a tcp.stream number"))?)
    };
    let n = types.len();
    let pick = |v: &[Vec<u8>], i: usize| -> Option<Vec<u8>> {
        match v.len() {
            0 => None,
            1 => v.first().cloned(),
            _ => v.get(i).cloned(),
        }
    };
    for (field, v) in [(3, &calls), (4, &opnums), (5, &stubs)] {
        if v.len() > 1 && v.len() != n {
            return Err(err(field, "one value per DCE/RPC PDU of the frame"));
        }
    }
    for i in 0..n {
        let pkt_type: u8 = types
            .get(i)
            .and_then(|t| number(t))
            .ok_or_else(|| err(2, "a packet type number"))?;
        if !matches!(pkt_type, 0 | 2) {
            continue;
        }
        let call_id: u32 = pick(&calls, i)
            .and_then(|c| number(&c))
            .ok_or_else(|| err(3, "a call id"))?;
        let opnum = match pick(&opnums, i) {
            None => None,
            Some(o) => Some(number(&o).ok_or_else(|| err(4, "an opnum"))?),
        };
        let stub = match pick(&stubs, i) {
            None => None,
            Some(h) if h.is_empty() => None,
            Some(h) => Some(unhex(&h).ok_or_else(|| err(5, "hex digits in pairs"))?),
        };
        out.push(StubRecord {
            frame,
            pkt_type,
            call_id,
            opnum,
            stub,
            stream,
        });
    }
    Ok(())
}

fn number<T: core::str::FromStr>(text: &[u8]) -> Option<T> {
    core::str::from_utf8(text).ok()?.trim().parse().ok()
}

fn unhex(text: &[u8]) -> Option<Vec<u8>> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut digits = text.iter().copied().filter(|&c| c != b':');
    while let Some(hi) = digits.next() {
        let lo = digits.next()?;
        out.push(digit(hi)? << 4 | digit(lo)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{string::ToString, vec::Vec};

    fn parse(text: &str) -> Result<Vec<StubRecord>, TsharkError> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            parse_line(line.as_bytes(), i as u64 + 1, &mut out)?;
        }
        Ok(out)
    }

    #[test]
    fn requests_responses_and_several_pdus_per_frame() {
        let records = parse(
            "frame.number\tdcerpc.pkt_type\tdcerpc.cn_call_id\tdcerpc.opnum\tdcerpc.stub_data\n\
             4\t11\t1\t\t\n\
             6\t0\t2\t73\t0a0B\n\
             7\t2,2\t2,3\t73\tff,aa:bb\n\
             8\t0\t4\t73\t\t3\n",
        )
        .unwrap();
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].stub.as_deref(), Some(&[0x0a, 0x0b][..]));
        assert_eq!((records[1].call_id, records[2].call_id), (2, 3));
        assert_eq!(records[2].stub.as_deref(), Some(&[0xaa, 0xbb][..]));
        assert_eq!(records[2].opnum, Some(73));
        assert_eq!(records[3].stub, None);
        assert_eq!((records[2].stream, records[3].stream), (None, Some(3)));
        assert!(looks_like_export(b"6\t0\t2\t73\t0a0b\n"));
        assert!(looks_like_export(b"frame.number\tdcerpc.pkt_type\n"));
        assert!(!looks_like_export(b"\xd4\xc3\xb2\xa1"));
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = parse("6\t0\t2\t73\t0a0\n").unwrap_err();
        assert_eq!((e.line, e.field), (1, 5));
        assert_eq!(
            e.to_string(),
            "tshark field export: expected hex digits in pairs in field 5 of line 1"
        );
        let e = parse("\n6\t0,2\t1,2,3\t73\t00\n").unwrap_err();
        assert_eq!((e.line, e.field), (2, 3));
        assert_eq!(parse("x\t0\t2\t73\t00").unwrap_err().field, 1);
        assert_eq!(parse("6\tq\t2\t73\t00").unwrap_err().field, 2);
    }
}
