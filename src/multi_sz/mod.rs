//! The UTF-16LE multi-string (`REG_MULTI_SZ`, "MULTI_SZ") codec: lossless,
//! zero-copy, strict for dependents and lenient-but-honest for captures.
//!
//! # The format
//!
//! All code units are 16-bit little-endian (the buffer may have any
//! alignment; it is never reinterpreted as `&[u16]`):
//!
//! ```text
//! list  = *( item NUL ) NUL        ; the list terminator is an empty item
//! item  = 1*unit                   ; any code unit except NUL
//! unit  = 2OCTET                   ; little-endian, not 0x0000
//! NUL   = %x00.00
//! ```
//!
//! An empty string cannot be an item: it would read as the terminator.
//! Items are not required to be valid UTF-16 (unpaired surrogates are kept
//! and re-encoded unchanged; see [`Utf16LeStr`]).
//!
//! # Edge cases and verdicts
//!
//! Offsets are bytes from the start of the buffer passed to
//! [`MultiSz::decode`] or [`decode_lenient`].
//!
//! | input | strict ([`MultiSz::decode`]) | lenient ([`decode_lenient`]) |
//! |---|---|---|
//! | 0 bytes (the API's "nothing to return") | empty list | empty list, no deviation |
//! | `00 00` | empty list | empty list |
//! | `00 00 00 00` (the other empty form seen in the wild) | empty list | empty list |
//! | `41 00 00 00 00 00` (`"A"`) | `["A"]` | `["A"]` |
//! | odd byte count | [`OddLength`](DecodeErrorKind::OddLength) at the last byte | the even prefix, plus [`OddTrailingByte`](DeviationKind::OddTrailingByte) (inside trailing data it is part of [`TrailingData`](DeviationKind::TrailingData)) |
//! | last item unterminated: `41 00` | [`UnterminatedItem`](DecodeErrorKind::UnterminatedItem) at the item's start | every item, the last one included, plus [`UnterminatedItem`](DeviationKind::UnterminatedItem) and [`MissingListTerminator`](DeviationKind::MissingListTerminator) |
//! | list terminator missing: `41 00 00 00` (a truncated `ERROR_MORE_DATA` copy) | [`MissingListTerminator`](DecodeErrorKind::MissingListTerminator) at the end | every item, plus [`MissingListTerminator`](DeviationKind::MissingListTerminator) |
//! | bytes after the terminator (`lpBytesReturned` larger than the list) | [`TrailingData`](DecodeErrorKind::TrailingData) at the first of them | the list, plus [`TrailingData`](DeviationKind::TrailingData) with the count |
//! | unpaired surrogate in an item | accepted (reported by [`Utf16LeStr::chars`] / [`Utf16LeStr::to_string`]) | the same |
//! | non-BMP character (surrogate pair) | accepted | accepted |
//!
//! An odd byte count is checked first in strict mode. For an empty list the
//! `00 00 00 00` form takes precedence over trailing data.
//!
//! # Encoding
//!
//! [`encoded_len`], [`encode_into`] and [`to_vec`] (with `alloc`) mirror the
//! decoder. The empty list encodes canonically as `00 00`; every non-empty
//! list that strict decoding accepts re-encodes to the identical bytes.
//! [`MultiSz::as_bytes`] gives back exactly the accepted bytes in all cases.
//!
//! ```
//! use clusctl::multi_sz::{self, MultiSz};
//!
//! // No allocator needed: encode into a stack buffer, decode in place.
//! let mut buf = [0u8; 64];
//! let n = multi_sz::encode_into(&["1\\\\Key", "24\\Prov\\B"], &mut buf)?;
//! let list = MultiSz::decode(&buf[..n])?;
//! assert_eq!(list.len(), 2);
//! let mut items = list.iter();
//! assert!(items.next().unwrap() == "1\\\\Key");
//! assert!(items.next().unwrap() == "24\\Prov\\B");
//!
//! let mut again = [0u8; 64];
//! assert_eq!(multi_sz::encode_into(list.iter(), &mut again)?, n);
//! assert_eq!(again[..n], buf[..n]);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

#[cfg(feature = "alloc")]
mod buf;
pub(crate) mod encode;
mod lenient;
pub(crate) mod scan;
#[cfg(feature = "simd")]
pub(crate) mod simd;
pub(crate) mod transcode;
mod utf16le;

#[cfg(feature = "alloc")]
pub use buf::MultiSzBuf;
#[cfg(feature = "alloc")]
pub use encode::to_vec;
pub use encode::{Item, encode_into, encoded_len};
pub use lenient::{Deviation, DeviationKind, LenientMultiSz, decode_lenient};
pub use utf16le::{Chars, CodeUnits, Utf16LeStr};

/// The SIMD levels [`force_simd_level`] accepts, lowest first (`portable`
/// is the code without SIMD).
#[cfg(all(feature = "simd", feature = "std"))]
#[doc(hidden)]
pub const SIMD_LEVELS: [&str; 5] = simd::LEVEL_NAMES;

/// Forces the multi-string kernels of this process to one SIMD level (one
/// of [`SIMD_LEVELS`], or `"auto"`), for benchmarks and the instruction
/// count guard; returns `false` when the CPU lacks it. Not a stable API.
#[cfg(all(feature = "simd", feature = "std"))]
#[doc(hidden)]
pub fn force_simd_level(name: &str) -> bool {
    simd::force_level(name)
}

use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind};

#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};

/// A validated multi-string, borrowed: the zero-copy view.
///
/// Built by [`MultiSz::decode`] (strict). Iterating allocates nothing;
/// [`MultiSz::len`] is O(1) (counted during validation).
///
/// ```
/// use clusctl::MultiSz;
///
/// let list = MultiSz::decode(b"A\0\0\0B\0C\0\0\0\0\0")?;
/// assert_eq!(list.len(), 2);
/// let mut items = list.iter();
/// assert!(items.next().unwrap() == "A");
/// assert!(items.next().unwrap() == "BC");
/// assert!(items.next().is_none());
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct MultiSz<'a> {
    /// Exactly the accepted bytes.
    bytes: &'a [u8],
    /// The `(item NUL)*` part, without the list terminator.
    items: &'a [u8],
    count: usize,
}

impl<'a> MultiSz<'a> {
    /// The empty list, as `00 00`.
    pub const EMPTY: MultiSz<'static> = MultiSz {
        bytes: &[0, 0],
        items: &[],
        count: 0,
    };

    /// Decodes a multi-string strictly.
    ///
    /// # Errors
    /// A [`DecodeError`] whose kind is one of
    /// [`OddLength`](DecodeErrorKind::OddLength),
    /// [`UnterminatedItem`](DecodeErrorKind::UnterminatedItem),
    /// [`MissingListTerminator`](DecodeErrorKind::MissingListTerminator) or
    /// [`TrailingData`](DecodeErrorKind::TrailingData), with the byte offset
    /// given in the [module docs](self).
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        if !bytes.len().is_multiple_of(2) {
            return Err(DecodeError::new(
                DecodeErrorKind::OddLength,
                bytes.len() - 1,
            ));
        }
        let found = scan::scan(bytes);
        let Some(terminator) = found.terminator else {
            if bytes.is_empty() {
                return Ok(Self {
                    bytes,
                    items: bytes,
                    count: 0,
                });
            }
            return Err(unterminated_error(bytes));
        };
        let end = list_end(bytes, terminator);
        if end != bytes.len() {
            return Err(DecodeError::new(DecodeErrorKind::TrailingData, end));
        }
        Ok(Self {
            bytes,
            items: bytes.get(..terminator).unwrap_or_default(),
            count: found.nuls,
        })
    }

    /// Exactly the bytes that were accepted (for the empty list: 0, 2 or 4
    /// bytes, as given).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The number of items.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list has no item.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The items, in order, without allocating.
    #[must_use]
    pub fn iter(&self) -> Iter<'a> {
        Iter::new(self.items, 0, self.count)
    }

    /// The items as owned UTF-8 strings.
    ///
    /// # Errors
    /// [`DecodeErrorKind::UnpairedSurrogate`] with the byte offset of the
    /// first unpaired surrogate.
    #[cfg(feature = "alloc")]
    pub fn to_strings(&self) -> Result<Vec<String>, DecodeError> {
        // One dispatched kernel walks the whole list: the level is looked
        // up once, not per item.
        #[cfg(feature = "simd")]
        if let Some(level) = simd::level() {
            return simd::to_strings(level, self.items, self.count)
                .map_err(|at| DecodeError::new(DecodeErrorKind::UnpairedSurrogate, at));
        }
        let mut out = Vec::with_capacity(self.count);
        for item in self.iter() {
            out.push(item.to_string()?);
        }
        Ok(out)
    }

    /// An owned copy.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_buf(&self) -> MultiSzBuf {
        MultiSzBuf::from(*self)
    }
}

/// The end of the list whose terminator is at `terminator`: after the
/// terminator, and for an empty list after a second `00 00` if present.
fn list_end(even: &[u8], terminator: usize) -> usize {
    let end = terminator + 2;
    if terminator == 0 && even.get(2..4) == Some(&[0, 0]) {
        4
    } else {
        end
    }
}

/// The strict error for an even, non-empty buffer with no list terminator.
fn unterminated_error(even: &[u8]) -> DecodeError {
    if even.ends_with(&[0, 0]) {
        DecodeError::new(DecodeErrorKind::MissingListTerminator, even.len())
    } else {
        DecodeError::new(DecodeErrorKind::UnterminatedItem, last_item_start(even))
    }
}

/// Where the last (unterminated) item of `even` starts: after the last NUL
/// unit, or at 0.
fn last_item_start(even: &[u8]) -> usize {
    even.chunks_exact(2)
        .rposition(|unit| unit == [0, 0])
        .map_or(0, |i| 2 * i + 2)
}

impl fmt::Debug for MultiSz<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for MultiSz<'a> {
    type Item = Utf16LeStr<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &MultiSz<'a> {
    type Item = Utf16LeStr<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> TryFrom<&'a [u8]> for MultiSz<'a> {
    type Error = DecodeError;

    /// See [`MultiSz::decode`].
    fn try_from(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode(bytes)
    }
}

/// The items of a [`MultiSz`] or [`LenientMultiSz`]: borrowed
/// [`Utf16LeStr`]s carrying their byte offsets.
///
/// With the `simd` feature the iterator walks the buffer once, 64 bytes at
/// a time, and queues the next few item ends it finds, so most items cost
/// no call into the SIMD code.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    /// `(item NUL)*`, possibly ending in one unterminated item (lenient
    /// recovery).
    items: &'a [u8],
    /// Where the next item starts in `items`.
    pos: usize,
    /// The byte offset of `items` in the decoded buffer.
    offset: usize,
    remaining: usize,
    /// The next NUL units found by the SIMD scan (offsets in `items`):
    /// `nuls[head..filled]`.
    #[cfg(feature = "simd")]
    nuls: [usize; simd::NUL_QUEUE],
    #[cfg(feature = "simd")]
    head: usize,
    #[cfg(feature = "simd")]
    filled: usize,
    /// Where the SIMD scan resumes.
    #[cfg(feature = "simd")]
    scan_from: usize,
    /// The SIMD level, chosen once per iterator (`None`: portable code).
    #[cfg(feature = "simd")]
    level: Option<fearless_simd::Level>,
}

impl<'a> Iter<'a> {
    pub(crate) fn new(items: &'a [u8], offset: usize, count: usize) -> Self {
        Self {
            #[cfg(feature = "simd")]
            level: simd::level(),
            items,
            pos: 0,
            offset,
            remaining: count,
            #[cfg(feature = "simd")]
            nuls: [0; simd::NUL_QUEUE],
            #[cfg(feature = "simd")]
            head: 0,
            #[cfg(feature = "simd")]
            filled: 0,
            #[cfg(feature = "simd")]
            scan_from: 0,
        }
    }

    /// The offset in `items` of the first NUL unit at or after `pos`.
    #[inline]
    fn next_nul(&mut self) -> Option<usize> {
        #[cfg(feature = "simd")]
        if let Some(level) = self.level {
            if self.head >= self.filled {
                if self.scan_from >= self.items.len() {
                    return None;
                }
                let (filled, next) =
                    simd::collect_nuls(level, self.items, self.scan_from, &mut self.nuls);
                self.head = 0;
                self.filled = filled;
                self.scan_from = next;
            }
            let nul = self.nuls.get(self.head..self.filled)?.first().copied();
            self.head += 1;
            return nul;
        }
        let rest = self.items.get(self.pos..).unwrap_or_default();
        scan::find_nul_swar(rest).map(|nul| self.pos + nul)
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Utf16LeStr<'a>;

    fn next(&mut self) -> Option<Utf16LeStr<'a>> {
        if self.pos >= self.items.len() {
            return None;
        }
        let (end, next) = match self.next_nul() {
            Some(nul) => (nul, nul + 2),
            None => (self.items.len(), self.items.len()),
        };
        let item = self.items.get(self.pos..end).unwrap_or_default();
        let at = self.offset + self.pos;
        self.pos = next;
        self.remaining = self.remaining.saturating_sub(1);
        Some(Utf16LeStr::new_unchecked_at(item, at))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Iter<'_> {}
impl core::iter::FusedIterator for Iter<'_> {}
