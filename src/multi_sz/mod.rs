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
#[derive(Clone, Copy)]
pub struct MultiSz<'a> {
    /// Exactly the accepted bytes.
    bytes: &'a [u8],
    /// The `(item NUL)*` part, without the list terminator.
    items: &'a [u8],
    count: usize,
    /// The first item ends the validating scan found: iterating a short
    /// list scans nothing again.
    ends: scan::Ends,
}

/// Equal when the bytes are (everything else follows from them).
impl PartialEq for MultiSz<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for MultiSz<'_> {}

impl core::hash::Hash for MultiSz<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl<'a> MultiSz<'a> {
    /// The empty list, as `00 00`.
    pub const EMPTY: MultiSz<'static> = MultiSz {
        bytes: &[0, 0],
        items: &[],
        count: 0,
        ends: scan::Ends::NONE,
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
    #[inline]
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        if !bytes.len().is_multiple_of(2) {
            return Err(DecodeError::new(
                DecodeErrorKind::OddLength,
                bytes.len() - 1,
            ));
        }
        let (found, ends) = scan::scan(bytes);
        let Some(terminator) = found.terminator else {
            if bytes.is_empty() {
                return Ok(Self {
                    bytes,
                    items: bytes,
                    count: 0,
                    ends,
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
            ends,
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
    #[inline]
    pub fn iter(&self) -> Iter<'a> {
        Iter::new(self.items, 0, self.count, &self.ends)
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
/// With the `simd` feature the iterator starts from the item ends the
/// view's validating scan kept (a list of up to four items is not read
/// again), walks the rest of the buffer once, a block at a time, and queues
/// the next few item ends it finds, so most items cost no call into the
/// SIMD code; internal iteration (`fold`, and so `for_each`, `sum`,
/// `count`, ...) walks the rest of the list in one call.
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
    resume: simd::Resume,
    /// The item ends the view's scan kept, when they are all of them
    /// (taken before the queue; no scan, no level then).
    #[cfg(feature = "simd")]
    kept: scan::Ends,
    /// The SIMD level, chosen once per iterator (`None`: portable code).
    #[cfg(feature = "simd")]
    level: Option<fearless_simd::Level>,
}

impl<'a> Iter<'a> {
    /// The iterator over `items` (`count` NUL units, all of them or the
    /// first ones in `ends`) at `offset` in the buffer.
    #[inline]
    pub(crate) fn new(items: &'a [u8], offset: usize, count: usize, ends: &scan::Ends) -> Self {
        #[cfg(not(feature = "simd"))]
        let _ = ends;
        // Every item end kept by the scan: queued, nothing to scan (and no
        // level to look up).
        #[cfg(feature = "simd")]
        let all = ends.all(count);
        Self {
            // Short lists: the portable walk (see `scan::SIMD_MIN`).
            #[cfg(feature = "simd")]
            level: if all.is_none() && items.len() >= scan::SIMD_MIN {
                simd::level()
            } else {
                None
            },
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
            resume: simd::Resume::START,
            #[cfg(feature = "simd")]
            kept: all.unwrap_or(scan::Ends::NONE),
        }
    }

    /// The offset in `items` of the first NUL unit at or after `pos`.
    #[inline]
    fn next_nul(&mut self) -> Option<usize> {
        #[cfg(feature = "simd")]
        {
            if let Some(nul) = self.kept.pop() {
                return Some(nul);
            }
            if self.head >= self.filled
                && let Some(level) = self.level
            {
                let (filled, resume) =
                    simd::collect_nuls(level, self.items, self.resume, &mut self.nuls);
                self.head = 0;
                self.filled = filled;
                self.resume = resume;
                if filled == 0 {
                    return None;
                }
            }
            if self.head < self.filled {
                let nul = self.nuls.get(self.head).copied();
                self.head += 1;
                return nul;
            }
        }
        let rest = self.items.get(self.pos..).unwrap_or_default();
        scan::find_nul_swar(rest).map(|nul| self.pos + nul)
    }

    /// The item from `start` to `end` (offsets in `items`).
    #[inline]
    fn item(&self, start: usize, end: usize) -> Utf16LeStr<'a> {
        let item = self.items.get(start..end).unwrap_or_default();
        Utf16LeStr::new_unchecked_at(item, self.offset + start)
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Utf16LeStr<'a>;

    #[inline]
    fn next(&mut self) -> Option<Utf16LeStr<'a>> {
        if self.pos >= self.items.len() {
            return None;
        }
        let (end, next) = match self.next_nul() {
            Some(nul) => (nul, nul + 2),
            None => (self.items.len(), self.items.len()),
        };
        let item = self.item(self.pos, end);
        self.pos = next;
        self.remaining = self.remaining.saturating_sub(1);
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    #[cfg_attr(feature = "simd", allow(unused_mut, reason = "used without simd"))]
    #[inline]
    fn fold<B, G>(self, init: B, mut g: G) -> B
    where
        G: FnMut(B, Utf16LeStr<'a>) -> B,
    {
        #[cfg(feature = "simd")]
        return self.fold_queued(init, g);
        #[cfg(not(feature = "simd"))]
        {
            let mut acc = init;
            for item in self {
                acc = g(acc, item);
            }
            acc
        }
    }
}

#[cfg(feature = "simd")]
impl<'a> Iter<'a> {
    /// [`Iterator::fold`] with the `simd` feature: the item ends already
    /// queued, then the rest of the list in one dispatched walk (or the
    /// portable one).
    #[inline]
    fn fold_queued<B, G>(mut self, init: B, mut g: G) -> B
    where
        G: FnMut(B, Utf16LeStr<'a>) -> B,
    {
        let mut acc = init;
        let (items, offset) = (self.items, self.offset);
        let mut pos = self.pos;
        if pos >= items.len() {
            return acc;
        }
        while let Some(nul) = self.kept.pop() {
            let item = items.get(pos..nul).unwrap_or_default();
            acc = g(acc, Utf16LeStr::new_unchecked_at(item, offset + pos));
            pos = nul + 2;
        }
        for &nul in self.nuls.get(self.head..self.filled).unwrap_or_default() {
            let item = items.get(pos..nul).unwrap_or_default();
            acc = g(acc, Utf16LeStr::new_unchecked_at(item, offset + pos));
            pos = nul + 2;
        }
        if pos >= items.len() {
            return acc;
        }
        if let Some(level) = self.level {
            return simd::fold_items(level, items, pos, acc, |acc, start, end| {
                let item = items.get(start..end).unwrap_or_default();
                g(acc, Utf16LeStr::new_unchecked_at(item, offset + start))
            });
        }
        self.pos = pos;
        self.head = self.filled;
        for item in self {
            acc = g(acc, item);
        }
        acc
    }
}

impl ExactSizeIterator for Iter<'_> {}
impl core::iter::FusedIterator for Iter<'_> {}

#[cfg(all(test, feature = "simd"))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

    /// The items of `items` (an `(item NUL)*` part, perhaps ending in an
    /// unterminated item) at `offset`, walked by the portable code.
    fn reference(items: &[u8], offset: usize) -> Vec<(usize, Vec<u8>)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, unit) in items.chunks_exact(2).enumerate() {
            if unit == [0, 0] {
                out.push((offset + start, items[start..2 * i].to_vec()));
                start = 2 * i + 2;
            }
        }
        if start < items.len() {
            out.push((offset + start, items[start..].to_vec()));
        }
        out
    }

    fn seen(item: Utf16LeStr<'_>) -> (usize, Vec<u8>) {
        (item.offset(), item.as_bytes().to_vec())
    }

    /// `next()` only, `fold` only, and `next()` for the first `k` items
    /// then `fold`, at every level and without SIMD, against the reference.
    fn check_iter(items: &[u8], offset: usize) {
        let expected = reference(items, offset);
        let mut levels: Vec<(&str, Option<fearless_simd::Level>)> = simd::tests::levels()
            .into_iter()
            .map(|(n, l)| (n, Some(l)))
            .collect();
        levels.push(("portable", None));
        for (name, level) in levels {
            // Without kept ends, and with the ends the level's scan keeps
            // (all of them for a short terminated list).
            let kept = match level {
                Some(l) => simd::scan(l, items).1,
                None => scan::Ends::NONE,
            };
            for ends in [scan::Ends::NONE, kept] {
                let make = || {
                    let mut it = Iter::new(items, offset, expected.len(), &ends);
                    it.level = level;
                    it
                };
                let by_next: Vec<_> = make().map(seen).collect();
                assert_eq!(by_next, expected, "{name} next");
                let by_fold = make().fold(Vec::new(), |mut v, item| {
                    v.push(seen(item));
                    v
                });
                assert_eq!(by_fold, expected, "{name} fold");
                for k in [1, 2, 3, simd::NUL_QUEUE - 1, simd::NUL_QUEUE, 40] {
                    let mut it = make();
                    let mut got: Vec<_> = it.by_ref().take(k).map(seen).collect();
                    assert_eq!(it.len(), expected.len().saturating_sub(k), "{name}");
                    got = it.fold(got, |mut v, item| {
                        v.push(seen(item));
                        v
                    });
                    assert_eq!(got, expected, "{name} next x{k} then fold");
                }
            }
        }
    }

    #[test]
    fn iterators_at_every_level_on_edge_cases() {
        check_iter(&[], 0);
        check_iter(&[0x41, 0], 4);
        // Items ending at every position of a block and across blocks.
        for len in [2usize, 60, 62, 64, 66, 126, 128, 130, 200] {
            for end in (2..len).step_by(2) {
                let mut b = vec![0x41u8; len];
                b[end - 2] = 0;
                b[end - 1] = 0;
                check_iter(&b, 0);
                check_iter(&b[..len - 2], 6);
            }
        }
        // Many one-unit items: more than a queue's worth per block.
        check_iter(&[0x41, 0, 0, 0].repeat(100), 2);
        // An item end past 128 KiB among the first four cannot be kept, and
        // marks the kept set as lost (with exactly 15 items it was once
        // taken for the complete set).
        let mut long = [0x41u8, 0].repeat(70_000);
        long.extend([0, 0]);
        long.extend([0x42, 0, 0, 0].repeat(14));
        check_iter(&long, 0);
        let list_bytes = [long.as_slice(), &[0, 0]].concat();
        let list = MultiSz::decode(&list_bytes).unwrap();
        let lens: Vec<usize> = list.iter().map(|s| s.len()).collect();
        assert_eq!(lens, [[70_000].as_slice(), &[1; 14]].concat());
    }

    /// `n % m` as a byte (`m <= 256`).
    fn byte(n: usize, m: usize) -> u8 {
        u8::try_from(n % m).unwrap_or(u8::MAX)
    }

    proptest! {
        #[test]
        fn iterators_equal_the_reference(
            lens in proptest::collection::vec(1usize..90, 0..40),
            tail in 0usize..70,
            offset in 0usize..8,
        ) {
            let mut items = Vec::new();
            for (i, n) in lens.iter().enumerate() {
                items.extend((0..*n).flat_map(|k| [0x20 + byte(i + k, 90), byte(k, 3)]));
                items.extend([0, 0]);
            }
            items.extend((0..tail).flat_map(|k| [0x61, byte(k, 2)]));
            check_iter(&items, 2 * offset);
        }
    }
}
