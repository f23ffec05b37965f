//! Reading entries and walking lists: the one place that knows the framing.
//! Strict and lenient decoding share these walkers; they differ only in
//! what a [`Reporter`] does with a problem.

use super::Syntax;
use super::deviation::Deviations;
use crate::error::{ClusPropErrorKind as Kind, DecodeError, DecodeErrorKind};
use crate::multi_sz::{MultiSz, scan};

/// The size of an entry header (syntax and length).
pub(crate) const HEADER: usize = 8;

/// The number of pad bytes after `len` data bytes.
pub(crate) const fn pad_len(len: usize) -> usize {
    (4 - (len & 3)) & 3
}

pub(crate) fn read_u32(buf: &[u8], at: usize) -> Option<u32> {
    buf.get(at..)?
        .first_chunk::<4>()
        .map(|b| u32::from_le_bytes(*b))
}

/// One entry read at some position.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Entry<'a> {
    /// The position is the end of the buffer.
    End,
    /// The buffer ends inside the syntax or length field starting at
    /// `field` (relative to the buffer).
    Truncated { field: usize },
    /// `CLUSPROP_SYNTAX_ENDMARK`: 4 bytes.
    Endmark,
    /// The header was read but the data runs past the end.
    PastEnd,
    /// A complete entry (its padding possibly cut short, `pad_complete`).
    Item {
        syntax: Syntax,
        data: &'a [u8],
        pad: &'a [u8],
        pad_complete: bool,
        /// Where the next entry starts (relative to the buffer).
        next: usize,
    },
}

/// Reads the entry at `at` (never panics, whatever `at` is).
pub(crate) fn read_entry(buf: &[u8], at: usize) -> Entry<'_> {
    let rest = buf.get(at..).unwrap_or_default();
    if rest.is_empty() {
        return Entry::End;
    }
    let Some(syntax) = read_u32(rest, 0) else {
        return Entry::Truncated { field: at };
    };
    if syntax == 0 {
        return Entry::Endmark;
    }
    let Some(len) = read_u32(rest, 4) else {
        return Entry::Truncated { field: at + 4 };
    };
    let len = len as usize;
    let body = rest.get(HEADER..).unwrap_or_default();
    let Some(data) = body.get(..len) else {
        return Entry::PastEnd;
    };
    let after = body.get(len..).unwrap_or_default();
    let want = pad_len(len);
    let pad_complete = after.len() >= want;
    let pad = after.get(..want).unwrap_or(after);
    Entry::Item {
        syntax: Syntax::new(syntax),
        data,
        pad,
        pad_complete,
        next: at + HEADER + len + pad.len(),
    }
}

/// What a light look at the entry at some position found (for walking a
/// list already validated: no slices built).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Skip {
    /// An ENDMARK.
    Endmark,
    /// A NAME entry.
    Name,
    /// Another entry; the next one starts at `next`.
    Value { next: usize },
    /// The end of the buffer or an incomplete entry.
    Stop,
}

/// Skips the entry at `at` (never panics).
pub(crate) fn skip_entry(buf: &[u8], at: usize) -> Skip {
    let Some(syntax) = read_u32(buf, at) else {
        return Skip::Stop;
    };
    if syntax == 0 {
        return Skip::Endmark;
    }
    if syntax == Syntax::NAME.get() {
        return Skip::Name;
    }
    let Some(len) = read_u32(buf, at + 4) else {
        return Skip::Stop;
    };
    let len = len as usize;
    let data_end = at + HEADER + len;
    if data_end > buf.len() {
        return Skip::Stop;
    }
    Skip::Value {
        next: (data_end + pad_len(len)).min(buf.len()),
    }
}

/// What to do with a problem: strict decoding fails, lenient decoding
/// records a deviation and goes on.
pub(crate) struct Reporter<'d> {
    /// Absolute offset of the walked buffer's first byte.
    pub(crate) base: usize,
    pub(crate) lenient: Option<&'d mut Deviations>,
}

impl Reporter<'_> {
    /// Reports `kind` at `at` (relative to the walked buffer).
    pub(crate) fn report(&mut self, kind: Kind, at: usize) -> Result<(), DecodeError> {
        self.report_abs(kind, self.base + at)
    }

    fn report_abs(&mut self, kind: Kind, offset: usize) -> Result<(), DecodeError> {
        match self.lenient.as_deref_mut() {
            Some(deviations) => {
                deviations.push(kind, offset);
                Ok(())
            }
            None => Err(DecodeError::new(DecodeErrorKind::ClusProp(kind), offset)),
        }
    }

    /// Lenient only: reports non-zero padding.
    fn pad(&mut self, pad: &[u8], at: usize) {
        if let Some(deviations) = self.lenient.as_deref_mut()
            && let Some(i) = pad.iter().position(|&b| b != 0)
        {
            deviations.push(Kind::NonZeroPadding, self.base + at + i);
        }
    }

    /// Checks a value's payload against its syntax.
    fn value(&mut self, syntax: Syntax, data: &[u8], at: usize) -> Result<(), DecodeError> {
        match validate_value(syntax, data, self.base + at) {
            Ok(()) => Ok(()),
            Err(err) => match err.kind() {
                DecodeErrorKind::ClusProp(kind) => self.report_abs(kind, err.offset()),
                _ => self.report_abs(Kind::InvalidMultiSz, err.offset()),
            },
        }
    }
}

/// The payload rules of the predefined syntaxes; other syntaxes (user,
/// unknown, binary, nested lists) are not checked. `entry` is the absolute
/// offset of the entry; errors carry absolute offsets.
pub(crate) fn validate_value(syntax: Syntax, data: &[u8], entry: usize) -> Result<(), DecodeError> {
    let fail = |kind, at| Err(DecodeError::new(DecodeErrorKind::ClusProp(kind), at));
    let size_ok = match syntax {
        Syntax::LIST_VALUE_DWORD
        | Syntax::LIST_VALUE_LONG
        | Syntax::DISK_SIGNATURE
        | Syntax::DISK_NUMBER
        | Syntax::SCSI_ADDRESS => data.len() == 4,
        Syntax::LIST_VALUE_WORD => data.len() == 2,
        Syntax::LIST_VALUE_ULARGE_INTEGER
        | Syntax::LIST_VALUE_LARGE_INTEGER
        | Syntax::LIST_VALUE_FILETIME
        | Syntax::DISK_SIZE => data.len() == 8,
        Syntax::RESCLASS => data.len() == 4 || data.len() == 8,
        Syntax::PARTITION_INFO => data.len() == super::payload::PARTITION_INFO_LEN,
        Syntax::PARTITION_INFO_EX => data.len() == super::payload::PARTITION_INFO_EX_LEN,
        Syntax::PARTITION_INFO_EX2 => data.len() >= super::payload::PARTITION_INFO_EX2_LEN,
        Syntax::FTSET_INFO => data.len() >= 8,
        Syntax::NAME
        | Syntax::LIST_VALUE_SZ
        | Syntax::LIST_VALUE_EXPAND_SZ
        | Syntax::LIST_VALUE_EXPANDED_SZ
        | Syntax::DISK_SERIALNUMBER
        | Syntax::DISK_GUID => return check_string(data, entry),
        Syntax::LIST_VALUE_MULTI_SZ => {
            return MultiSz::decode(data).map(|_| ()).map_err(|err| {
                DecodeError::new(
                    DecodeErrorKind::ClusProp(Kind::InvalidMultiSz),
                    entry + HEADER + err.offset(),
                )
            });
        }
        _ => true,
    };
    if size_ok {
        Ok(())
    } else {
        fail(Kind::ValueLength, entry)
    }
}

/// A string value: even, at least one unit, the last one NUL, no other NUL.
pub(crate) fn check_string(data: &[u8], entry: usize) -> Result<(), DecodeError> {
    let err = |kind, at| DecodeError::new(DecodeErrorKind::ClusProp(kind), at);
    if data.len() < 2 || !data.len().is_multiple_of(2) || !data.ends_with(&[0, 0]) {
        return Err(err(Kind::StringNotTerminated, entry));
    }
    let text = data.get(..data.len() - 2).unwrap_or_default();
    match scan::find_nul(text) {
        Some(nul) => Err(err(Kind::StringContainsNul, entry + HEADER + nul)),
        None => Ok(()),
    }
}

/// The text of a name or string entry: the even part of `data` up to its
/// first NUL unit.
pub(crate) fn text_of(data: &[u8]) -> &[u8] {
    let even = data.get(..data.len() & !1).unwrap_or_default();
    match scan::find_nul(even) {
        Some(nul) => even.get(..nul).unwrap_or_default(),
        None => even,
    }
}

/// The layout a property-list walk found (positions relative to the walked
/// buffer).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PropertyLayout {
    pub(crate) declared: u32,
    /// Properties recovered (strict: `declared`).
    pub(crate) count: usize,
    /// End of the last recovered property.
    pub(crate) props_end: usize,
    /// Whether the list-level ENDMARK follows.
    pub(crate) endmark: bool,
    /// End of the list (after the trailer, if any).
    pub(crate) end: usize,
}

/// Walks a property list. Strict: the first problem is the error. Lenient:
/// every problem is recorded; the walk stops at the first one that breaks
/// the framing.
pub(crate) fn property_list(
    buf: &[u8],
    rep: &mut Reporter<'_>,
) -> Result<PropertyLayout, DecodeError> {
    let mut out = PropertyLayout::default();
    let Some(declared) = read_u32(buf, 0) else {
        rep.report(Kind::TruncatedHeader, 0)?;
        return Ok(out);
    };
    out.declared = declared;
    let mut pos = 4;
    let mut stopped = false;
    'props: while (out.count as u64) < u64::from(declared) {
        let (data, pad, next) = match read_entry(buf, pos) {
            Entry::End => {
                rep.report(Kind::MissingProperty, pos)?;
                stopped = true;
                break;
            }
            Entry::Endmark => {
                // Taken as the list trailer below.
                rep.report(Kind::MissingProperty, pos)?;
                break;
            }
            Entry::Truncated { field } => {
                rep.report(Kind::TruncatedHeader, field)?;
                stopped = true;
                break;
            }
            Entry::PastEnd => {
                rep.report(Kind::LengthPastEnd, pos)?;
                stopped = true;
                break;
            }
            Entry::Item { syntax, .. } if syntax != Syntax::NAME => {
                rep.report(Kind::ExpectedName, pos)?;
                stopped = true;
                break;
            }
            Entry::Item {
                pad_complete: false,
                data,
                ..
            } => {
                rep.report(Kind::PaddingPastEnd, pos + HEADER + data.len())?;
                stopped = true;
                break;
            }
            Entry::Item {
                data, pad, next, ..
            } => (data, pad, next),
        };
        check_name(data, pos, rep)?;
        rep.pad(pad, pos + HEADER + data.len());
        out.count += 1;
        pos = next;
        let mut values = 0usize;
        loop {
            match read_entry(buf, pos) {
                Entry::End => {
                    rep.report(Kind::MissingEndmark, pos)?;
                    stopped = true;
                    break 'props;
                }
                Entry::Truncated { field } => {
                    rep.report(Kind::TruncatedHeader, field)?;
                    stopped = true;
                    break 'props;
                }
                Entry::PastEnd => {
                    rep.report(Kind::LengthPastEnd, pos)?;
                    stopped = true;
                    break 'props;
                }
                Entry::Endmark => {
                    if values == 0 {
                        rep.report(Kind::PropertyWithoutValue, pos)?;
                    }
                    pos += 4;
                    break;
                }
                Entry::Item { syntax, .. } if syntax == Syntax::NAME => {
                    // The next property starts here: this one's ENDMARK is
                    // missing.
                    rep.report(Kind::MissingEndmark, pos)?;
                    if values == 0 {
                        rep.report(Kind::PropertyWithoutValue, pos)?;
                    }
                    break;
                }
                Entry::Item {
                    syntax,
                    data,
                    pad,
                    pad_complete,
                    next,
                } => {
                    rep.value(syntax, data, pos)?;
                    values += 1;
                    if !pad_complete {
                        rep.report(Kind::PaddingPastEnd, pos + HEADER + data.len())?;
                        pos = next;
                        stopped = true;
                        break 'props;
                    }
                    rep.pad(pad, pos + HEADER + data.len());
                    pos = next;
                }
            }
        }
    }
    out.props_end = pos;
    if !stopped && read_u32(buf, pos) == Some(0) {
        out.endmark = true;
        pos += 4;
    }
    out.end = pos;
    if !stopped && pos < buf.len() {
        rep.report(Kind::TrailingData, pos)?;
    }
    Ok(out)
}

fn check_name(data: &[u8], at: usize, rep: &mut Reporter<'_>) -> Result<(), DecodeError> {
    if !data.len().is_multiple_of(2) {
        rep.report(Kind::NameOddLength, at)?;
    }
    let even = data.get(..data.len() & !1).unwrap_or_default();
    if !even.ends_with(&[0, 0]) {
        rep.report(Kind::NameNotTerminated, at)?;
        return Ok(());
    }
    let text = even.get(..even.len() - 2).unwrap_or_default();
    if let Some(nul) = scan::find_nul(text) {
        rep.report(Kind::NameContainsNul, at + HEADER + nul)?;
    }
    Ok(())
}

/// The layout a value-list walk found (relative positions).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ValueLayout {
    pub(crate) count: usize,
    /// End of the last recovered value (where the ENDMARK is).
    pub(crate) values_end: usize,
    pub(crate) endmark: bool,
    /// End of the list (after the ENDMARK).
    pub(crate) end: usize,
}

/// Walks a value list up to its ENDMARK. `whole`: bytes after the ENDMARK
/// are a problem (otherwise the caller takes them).
pub(crate) fn value_list(
    buf: &[u8],
    rep: &mut Reporter<'_>,
    whole: bool,
) -> Result<ValueLayout, DecodeError> {
    let mut out = ValueLayout::default();
    let mut pos = 0;
    loop {
        match read_entry(buf, pos) {
            Entry::End => {
                rep.report(Kind::MissingEndmark, pos)?;
                break;
            }
            Entry::Truncated { field } => {
                rep.report(Kind::TruncatedHeader, field)?;
                break;
            }
            Entry::PastEnd => {
                rep.report(Kind::LengthPastEnd, pos)?;
                break;
            }
            Entry::Endmark => {
                out.endmark = true;
                break;
            }
            Entry::Item {
                syntax,
                data,
                pad,
                pad_complete,
                next,
            } => {
                rep.value(syntax, data, pos)?;
                out.count += 1;
                if !pad_complete {
                    rep.report(Kind::PaddingPastEnd, pos + HEADER + data.len())?;
                    pos = next;
                    break;
                }
                rep.pad(pad, pos + HEADER + data.len());
                pos = next;
            }
        }
    }
    out.values_end = pos;
    out.end = if out.endmark { pos + 4 } else { pos };
    if whole && out.endmark && out.end < buf.len() {
        rep.report(Kind::TrailingData, out.end)?;
    }
    Ok(out)
}
