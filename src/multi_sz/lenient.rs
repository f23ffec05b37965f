//! Lenient decoding for captured buffers: recover every item, report every
//! deviation.

use core::fmt;

use super::{Iter, MultiSz, last_item_start, list_end, scan};

/// A deviation from the strict format that [`decode_lenient`] tolerated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeviationKind {
    /// The buffer has an odd number of bytes and the last one is not part
    /// of trailing data; it was ignored.
    OddTrailingByte,
    /// The last item has no NUL terminator; it was recovered as it is.
    UnterminatedItem,
    /// The list terminator is missing (typical of a truncated copy).
    MissingListTerminator,
    /// `len` bytes follow the list terminator; they were not decoded.
    TrailingData {
        /// How many bytes follow the list.
        len: usize,
    },
}

/// One tolerated deviation and the byte offset where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deviation {
    kind: DeviationKind,
    offset: usize,
}

impl Deviation {
    /// What was tolerated.
    #[must_use]
    pub const fn kind(&self) -> DeviationKind {
        self.kind
    }

    /// The byte offset in the decoded buffer.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DeviationKind::OddTrailingByte => f.write_str("odd trailing byte ignored")?,
            DeviationKind::UnterminatedItem => f.write_str("last string not terminated")?,
            DeviationKind::MissingListTerminator => {
                f.write_str("multi-string list terminator missing")?;
            }
            DeviationKind::TrailingData { len } => {
                write!(f, "{len} trailing bytes after the multi-string terminator")?;
            }
        }
        write!(f, " at byte {}", self.offset)
    }
}

/// At most three deviations can occur together (an odd byte, an
/// unterminated item and the missing terminator it implies), so they are
/// kept inline, without an allocator.
const MAX_DEVIATIONS: usize = 3;
const PLACEHOLDER: Deviation = Deviation {
    kind: DeviationKind::OddTrailingByte,
    offset: 0,
};

/// The result of [`decode_lenient`]: the recovered items and the deviations
/// that were tolerated to get them.
///
/// ```
/// use clusctl::multi_sz::{DeviationKind, decode_lenient};
///
/// // "A", "B" then the copy was cut: the list terminator is missing.
/// let lenient = decode_lenient(b"A\0\0\0B\0\0\0");
/// assert_eq!(lenient.len(), 2);
/// assert_eq!(lenient.deviations().len(), 1);
/// assert_eq!(lenient.deviations()[0].kind(), DeviationKind::MissingListTerminator);
/// assert_eq!(lenient.deviations()[0].offset(), 8);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LenientMultiSz<'a> {
    bytes: &'a [u8],
    items: &'a [u8],
    count: usize,
    /// The first item ends found by the scan (see [`MultiSz`]).
    ends: scan::Ends,
    deviations: [Deviation; MAX_DEVIATIONS],
    deviation_count: usize,
    /// Where the strictly valid list at the start of the input ends (its
    /// view is made on demand: a copy kept here would be written by every
    /// decode, read or not).
    list_end: Option<usize>,
}

/// Decodes a multi-string leniently: recovers every item it can and
/// reports, with its offset, each deviation from the strict format it
/// tolerated (see the table in the [module docs](super)). Never fails and
/// never drops a byte silently.
///
/// On input that [`MultiSz::decode`] accepts it returns the same items and
/// no deviation.
#[must_use]
#[inline]
pub fn decode_lenient(bytes: &[u8]) -> LenientMultiSz<'_> {
    let even = bytes.get(..bytes.len() & !1).unwrap_or_default();
    let (found, ends) = scan::scan(even);
    // Valid input: the view built in one go, straight into its place (a
    // view built field by field and then moved is copied with wide loads
    // of narrow stores, a store-forwarding stall per load).
    if let Some(terminator) = found.terminator
        && list_end(even, terminator) == bytes.len()
    {
        let items = even.get(..terminator).unwrap_or_default();
        return LenientMultiSz {
            bytes,
            items,
            count: found.nuls,
            ends,
            deviations: [PLACEHOLDER; MAX_DEVIATIONS],
            deviation_count: 0,
            list_end: Some(bytes.len()),
        };
    }
    // The scan's fields one by one: a `Scan` passed by reference would be
    // copied with one wide load of its narrow stores (a stall).
    recover(bytes, even, found.terminator, found.nuls, ends)
}

/// [`decode_lenient`] of input that is not a strictly valid list, or
/// is followed by trailing data: `even` is `bytes` without an odd last
/// byte, and `terminator`, `nuls`, `ends` what its scan found.
#[cold]
fn recover<'a>(
    bytes: &'a [u8],
    even: &'a [u8],
    terminator: Option<usize>,
    nuls: usize,
    ends: scan::Ends,
) -> LenientMultiSz<'a> {
    let mut out = LenientMultiSz {
        bytes,
        items: even,
        count: nuls,
        ends,
        deviations: [PLACEHOLDER; MAX_DEVIATIONS],
        deviation_count: 0,
        list_end: None,
    };
    match terminator {
        Some(terminator) => {
            out.items = even.get(..terminator).unwrap_or_default();
            let end = list_end(even, terminator);
            if end < bytes.len() {
                out.push(
                    DeviationKind::TrailingData {
                        len: bytes.len() - end,
                    },
                    end,
                );
            }
            // The list up to its terminator is strictly valid: no second scan.
            out.list_end = Some(end);
        }
        None if even.is_empty() => {
            if !bytes.len().is_multiple_of(2) {
                out.push(DeviationKind::OddTrailingByte, bytes.len() - 1);
                out.push(DeviationKind::MissingListTerminator, even.len());
            } else {
                // No byte at all: the empty list, as `MultiSz::decode` has it.
                out.list_end = Some(0);
            }
        }
        None => {
            if !even.ends_with(&[0, 0]) {
                out.push(DeviationKind::UnterminatedItem, last_item_start(even));
                out.count += 1;
            }
            out.push(DeviationKind::MissingListTerminator, even.len());
            if !bytes.len().is_multiple_of(2) {
                out.push(DeviationKind::OddTrailingByte, bytes.len() - 1);
            }
        }
    }
    out
}

impl<'a> LenientMultiSz<'a> {
    fn push(&mut self, kind: DeviationKind, offset: usize) {
        if let Some(slot) = self.deviations.get_mut(self.deviation_count) {
            *slot = Deviation { kind, offset };
            self.deviation_count += 1;
        }
    }

    /// The recovered items, in order (the last one may have been
    /// unterminated), without allocating.
    #[must_use]
    #[inline]
    pub fn iter(&self) -> Iter<'a> {
        Iter::new(self.items, 0, self.count, &self.ends)
    }

    /// The number of recovered items.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether no item was recovered.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The deviations tolerated, in the order found.
    #[must_use]
    pub fn deviations(&self) -> &[Deviation] {
        self.deviations
            .get(..self.deviation_count)
            .unwrap_or_default()
    }

    /// Whether the input was strictly valid (no deviation).
    #[must_use]
    pub const fn is_strict(&self) -> bool {
        self.deviation_count == 0
    }

    /// The whole input, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The strictly valid list at the start of the input, when the list
    /// terminator was found (only trailing data may have been tolerated).
    #[must_use]
    pub const fn list(&self) -> Option<MultiSz<'a>> {
        let Some(end) = self.list_end else {
            return None;
        };
        let Some((bytes, _)) = self.bytes.split_at_checked(end) else {
            return None;
        };
        Some(MultiSz {
            bytes,
            items: self.items,
            count: self.count,
            ends: self.ends,
        })
    }
}

impl fmt::Debug for LenientMultiSz<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LenientMultiSz")
            .field("items", &ItemsDebug(self.iter()))
            .field("deviations", &self.deviations())
            .finish()
    }
}

struct ItemsDebug<'a>(Iter<'a>);

impl fmt::Debug for ItemsDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}
