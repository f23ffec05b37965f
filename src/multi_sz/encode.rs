//! Encoding multi-strings: `encoded_len`, `encode_into`, `to_vec`.

use super::{Utf16LeStr, transcode};
use crate::error::{EncodeError, EncodeErrorKind};

#[cfg(feature = "alloc")]
use alloc::{string::String, vec, vec::Vec};

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A string the multi-string encoder accepts: `&str`, [`Utf16LeStr`]
/// (re-encoded unit for unit, unpaired surrogates included), `&[u16]`, and
/// with `alloc` `String` and `Vec<u16>`; references to any of these too.
///
/// Sealed: the encoder's internals may change without a breaking release.
pub trait Item: sealed::Sealed {
    /// The length in UTF-16 code units, without a terminator.
    #[doc(hidden)]
    fn utf16_len(&self) -> usize;

    /// An upper bound of [`Item::utf16_len`] that is cheap to compute.
    #[doc(hidden)]
    fn utf16_len_bound(&self) -> usize {
        self.utf16_len()
    }

    /// Writes the code units into `out`, which has room for at least
    /// `2 * utf16_len()` bytes, and returns the bytes written; on a NUL code
    /// unit returns its index.
    #[doc(hidden)]
    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize>;

    /// The item as UTF-8 text, when it is text (the encoder then converts
    /// it inside its own SIMD kernel instead of calling
    /// [`Item::write_utf16le`]).
    #[doc(hidden)]
    fn as_utf8(&self) -> Option<&str> {
        None
    }
}

impl<T: Item + ?Sized> sealed::Sealed for &T {}
impl<T: Item + ?Sized> Item for &T {
    fn utf16_len(&self) -> usize {
        (**self).utf16_len()
    }

    fn utf16_len_bound(&self) -> usize {
        (**self).utf16_len_bound()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        (**self).write_utf16le(out)
    }

    fn as_utf8(&self) -> Option<&str> {
        (**self).as_utf8()
    }
}

impl sealed::Sealed for str {}
impl Item for str {
    fn utf16_len(&self) -> usize {
        transcode::utf16_len(self)
    }

    /// A UTF-8 byte never needs more than one UTF-16 unit.
    fn utf16_len_bound(&self) -> usize {
        self.len()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        transcode::write_str(self, out)
    }

    fn as_utf8(&self) -> Option<&str> {
        Some(self)
    }
}

impl sealed::Sealed for Utf16LeStr<'_> {}
impl Item for Utf16LeStr<'_> {
    fn utf16_len(&self) -> usize {
        self.len()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        write_units_le(self.as_bytes(), out)
    }
}

impl sealed::Sealed for [u16] {}
impl Item for [u16] {
    fn utf16_len(&self) -> usize {
        self.len()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        for (i, (pair, unit)) in out.chunks_exact_mut(2).zip(self).enumerate() {
            if *unit == 0 {
                return Err(i);
            }
            pair.copy_from_slice(&unit.to_le_bytes());
        }
        Ok(2 * self.len())
    }
}

#[cfg(feature = "alloc")]
impl sealed::Sealed for String {}
#[cfg(feature = "alloc")]
impl Item for String {
    fn utf16_len(&self) -> usize {
        self.as_str().utf16_len()
    }

    fn utf16_len_bound(&self) -> usize {
        self.len()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        self.as_str().write_utf16le(out)
    }

    fn as_utf8(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

#[cfg(feature = "alloc")]
impl sealed::Sealed for Vec<u16> {}
#[cfg(feature = "alloc")]
impl Item for Vec<u16> {
    fn utf16_len(&self) -> usize {
        self.len()
    }

    fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
        self.as_slice().write_utf16le(out)
    }
}

/// Copies little-endian units that are already encoded. A [`Utf16LeStr`]
/// never holds a NUL unit (every constructor ensures it), so there is
/// nothing to refuse.
fn write_units_le(units: &[u8], out: &mut [u8]) -> Result<usize, usize> {
    if let Some(dst) = out.get_mut(..units.len()) {
        dst.copy_from_slice(units);
    }
    Ok(units.len())
}

/// The number of bytes [`encode_into`] writes for `items`: two per code
/// unit, two per item terminator, two for the list terminator. Pure
/// arithmetic over the items' lengths (the validity of the items is checked
/// by [`encode_into`]). Saturates at `usize::MAX`.
///
/// ```
/// use clusctl::multi_sz;
///
/// assert_eq!(multi_sz::encoded_len(&["AB", "C"]), 12);
/// assert_eq!(multi_sz::encoded_len(&[] as &[&str]), 2);
/// assert_eq!(multi_sz::encoded_len(&["\u{1F600}"]), 8); // a surrogate pair
/// ```
pub fn encoded_len<I>(items: I) -> usize
where
    I: IntoIterator,
    I::Item: Item,
{
    items.into_iter().fold(2usize, |total, item| {
        total.saturating_add(item.utf16_len().saturating_add(1).saturating_mul(2))
    })
}

/// Encodes `items` as a multi-string into `out` and returns the number of
/// bytes written (always [`encoded_len`]`(items)`). The empty list is
/// written as `00 00`.
///
/// `items` is walked twice (once to size, once to write), so it must be a
/// cloneable iterable such as a slice or [`MultiSz::iter`](super::MultiSz::iter).
///
/// # Errors
/// - [`EncodeErrorKind::BufferTooSmall`] when `out` is shorter than the
///   encoding, with the `required` size — the ClusAPI `ERROR_MORE_DATA`
///   contract: call again with a buffer that large. Checked first.
/// - [`EncodeErrorKind::EmptyItem`] for an empty item and
///   [`EncodeErrorKind::NulInItem`] for one containing U+0000, with the
///   item's index; `out` then holds an incomplete encoding and must not be
///   used.
///
/// ```
/// use clusctl::{EncodeErrorKind, multi_sz};
///
/// let mut buf = [0u8; 16];
/// let n = multi_sz::encode_into(&["AB", "C"], &mut buf)?;
/// assert_eq!(&buf[..n], b"A\0B\0\0\0C\0\0\0\0\0");
///
/// let err = multi_sz::encode_into(&["AB", ""], &mut buf).unwrap_err();
/// assert_eq!(err.kind(), EncodeErrorKind::EmptyItem { index: 1 });
/// # Ok::<(), clusctl::EncodeError>(())
/// ```
pub fn encode_into<I>(items: I, out: &mut [u8]) -> Result<usize, EncodeError>
where
    I: IntoIterator,
    I::IntoIter: Clone,
    I::Item: Item,
{
    let items = items.into_iter();
    let required = encoded_len(items.clone());
    let Some(out) = out.get_mut(..required) else {
        return Err(EncodeError::buffer_too_small(required, out.len()));
    };
    #[cfg(feature = "simd")]
    if let Some(level) = super::simd::level() {
        return super::simd::encode_into_slice(level, items, out);
    }
    write_items(items, out)
}

/// Writes `items` into `out`, which is large enough, and returns the bytes
/// written.
fn write_items<I>(items: I, out: &mut [u8]) -> Result<usize, EncodeError>
where
    I: Iterator,
    I::Item: Item,
{
    let mut at = 0;
    for (index, item) in items.enumerate() {
        let dst = out.get_mut(at..).unwrap_or_default();
        let written = item
            .write_utf16le(dst)
            .map_err(|position| EncodeError::new(EncodeErrorKind::NulInItem { index, position }))?;
        if written == 0 {
            return Err(EncodeError::new(EncodeErrorKind::EmptyItem { index }));
        }
        at += written;
        if let Some(nul) = out.get_mut(at..at + 2) {
            nul.copy_from_slice(&[0, 0]);
        }
        at += 2;
    }
    if let Some(nul) = out.get_mut(at..at + 2) {
        nul.copy_from_slice(&[0, 0]);
    }
    Ok(at + 2)
}

/// Encodes `items` into a new vector of exactly [`encoded_len`] bytes.
///
/// # Errors
/// As [`encode_into`], never `BufferTooSmall`.
#[cfg(feature = "alloc")]
pub fn to_vec<I>(items: I) -> Result<Vec<u8>, EncodeError>
where
    I: IntoIterator,
    I::IntoIter: Clone,
    I::Item: Item,
{
    // Sized by a cheap upper bound (one unit per UTF-8 byte), so the items
    // are read once; the vector is cut to what was written.
    let items = items.into_iter();
    let bound = items.clone().fold(2usize, |total, item| {
        total.saturating_add(item.utf16_len_bound().saturating_add(1).saturating_mul(2))
    });
    #[cfg(feature = "simd")]
    if let Some(level) = super::simd::level() {
        // No zero-fill: the kernel appends fixed-size blocks and cuts
        // back; the slack keeps a last full block from growing the vector.
        let mut out = Vec::with_capacity(bound.saturating_add(SLACK));
        if bound <= SHORT {
            let mut short = ShortVec(out);
            super::simd::encode_items_inline(level, items, &mut short)?;
            return Ok(short.0);
        }
        super::simd::encode_items(level, items, &mut out)?;
        return Ok(out);
    }
    let mut out = vec![0u8; bound];
    let written = write_items(items, &mut out)?;
    out.truncate(written);
    Ok(out)
}

/// Room beyond the size bound that `to_vec` reserves, so that a full
/// output block (128 bytes) never has to grow the vector.
#[cfg(all(feature = "alloc", feature = "simd"))]
const SLACK: usize = 128;

/// Where the SIMD encoder writes: it appends fixed-size blocks (which may
/// hold bytes past what is valid) and cuts back to the valid length.
#[cfg(feature = "simd")]
pub(crate) trait Sink {
    /// The bytes written (the valid length).
    fn written(&self) -> usize;

    /// Appends `block`.
    fn put<const N: usize>(&mut self, block: &[u8; N]);

    /// Cuts back to `len` bytes (at most [`Sink::written`]).
    fn cut(&mut self, len: usize);

    /// Lets `write` fill at most `n` bytes at the end, and keeps the
    /// bytes it reports written; its error is passed on (nothing kept).
    fn write_with(
        &mut self,
        n: usize,
        write: impl FnOnce(&mut [u8]) -> Result<usize, usize>,
    ) -> Result<(), usize>;
}

#[cfg(all(feature = "simd", feature = "alloc"))]
impl Sink for Vec<u8> {
    #[inline(always)]
    fn written(&self) -> usize {
        self.len()
    }

    #[inline(always)]
    fn put<const N: usize>(&mut self, block: &[u8; N]) {
        self.extend_from_slice(block);
    }

    #[inline(always)]
    fn cut(&mut self, len: usize) {
        self.truncate(len);
    }

    #[inline(always)]
    fn write_with(
        &mut self,
        n: usize,
        write: impl FnOnce(&mut [u8]) -> Result<usize, usize>,
    ) -> Result<(), usize> {
        let at = self.len();
        self.resize(at.saturating_add(n), 0);
        let result = write(self.get_mut(at..).unwrap_or_default());
        self.truncate(at + result.unwrap_or(0));
        result.map(|_| ())
    }
}

/// Up to this many bytes `to_vec` writes through a [`ShortVec`].
#[cfg(all(feature = "alloc", feature = "simd"))]
const SHORT: usize = 1024;

/// The vector [`Sink`] for short encodings, where fixed costs count: it
/// appends the two-byte NUL units with `extend` (inlined) rather than
/// through `extend_from_slice` (which the kernel calls out of line for
/// them). On long encodings the plain vector sink is faster.
#[cfg(all(feature = "alloc", feature = "simd"))]
pub(crate) struct ShortVec(pub(crate) Vec<u8>);

#[cfg(all(feature = "alloc", feature = "simd"))]
impl Sink for ShortVec {
    #[inline(always)]
    fn written(&self) -> usize {
        self.0.len()
    }

    #[inline(always)]
    fn put<const N: usize>(&mut self, block: &[u8; N]) {
        if N <= 2 {
            self.0.extend(*block);
        } else {
            self.0.extend_from_slice(block);
        }
    }

    #[inline(always)]
    fn cut(&mut self, len: usize) {
        self.0.truncate(len);
    }

    #[inline(always)]
    fn write_with(
        &mut self,
        n: usize,
        write: impl FnOnce(&mut [u8]) -> Result<usize, usize>,
    ) -> Result<(), usize> {
        self.0.write_with(n, write)
    }
}

/// A [`Sink`] over a slice that is large enough for the valid bytes; a
/// block that runs past its end is cut at the end.
#[cfg(feature = "simd")]
#[derive(Debug)]
pub(crate) struct SliceSink<'a> {
    out: &'a mut [u8],
    at: usize,
}

#[cfg(feature = "simd")]
impl<'a> SliceSink<'a> {
    /// Writes into `out` from its start.
    pub(crate) const fn new(out: &'a mut [u8]) -> Self {
        Self { out, at: 0 }
    }

    /// The part of `block` that fits at `at` (the end of the slice). By
    /// value, not `&mut self`: the sink stays in registers.
    #[cold]
    #[inline(never)]
    fn put_partial(out: &mut [u8], at: usize, block: &[u8]) {
        let dst = out.get_mut(at..).unwrap_or_default();
        let n = dst.len().min(block.len());
        if let (Some(dst), Some(src)) = (dst.get_mut(..n), block.get(..n)) {
            dst.copy_from_slice(src);
        }
    }
}

#[cfg(feature = "simd")]
impl Sink for SliceSink<'_> {
    #[inline(always)]
    fn written(&self) -> usize {
        self.at
    }

    #[inline(always)]
    fn put<const N: usize>(&mut self, block: &[u8; N]) {
        if let Some(dst) = self
            .out
            .get_mut(self.at..)
            .and_then(|d| d.first_chunk_mut::<N>())
        {
            *dst = *block;
        } else {
            Self::put_partial(self.out, self.at, block);
        }
        self.at += N;
    }

    #[inline(always)]
    fn cut(&mut self, len: usize) {
        self.at = len;
    }

    #[inline(always)]
    fn write_with(
        &mut self,
        n: usize,
        write: impl FnOnce(&mut [u8]) -> Result<usize, usize>,
    ) -> Result<(), usize> {
        let room = self.out.get_mut(self.at..).unwrap_or_default();
        let room_len = room.len().min(n);
        let written = write(room.get_mut(..room_len).unwrap_or_default())?;
        self.at += written;
        Ok(())
    }
}
