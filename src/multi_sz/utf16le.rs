//! [`Utf16LeStr`]: one UTF-16LE string, borrowed from a buffer.

use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind};

#[cfg(feature = "alloc")]
use alloc::string::String;

/// One UTF-16LE string borrowed from a byte buffer: an item of a
/// [`MultiSz`](super::MultiSz).
///
/// It holds the raw little-endian bytes (any alignment, never reinterpreted
/// as `&[u16]`), an even number of them, with no NUL code unit. Unpaired
/// surrogates are kept: they are visible through [`Utf16LeStr::chars`] with
/// their offset, refused by [`Utf16LeStr::to_string`], replaced by U+FFFD in
/// the lossy [`Display`](fmt::Display) and
/// [`to_string_lossy`](Utf16LeStr::to_string_lossy), and re-encoded
/// unchanged by the encoder.
///
/// A string taken from a buffer remembers its byte offset in that buffer
/// ([`Utf16LeStr::offset`]), so every error it reports is an offset into the
/// original buffer. Equality compares the text only, not the offset.
///
/// ```
/// use clusctl::{DecodeErrorKind, multi_sz::Utf16LeStr};
///
/// let s = Utf16LeStr::from_bytes(b"K\0e\0y\0")?;
/// assert_eq!(s.len(), 3);
/// assert!(s == "Key");
///
/// let lone = Utf16LeStr::from_bytes(&[0x41, 0x00, 0x00, 0xD8])?; // "A", lone high surrogate
/// let mut chars = lone.chars();
/// assert_eq!(chars.next(), Some(Ok('A')));
/// let err = chars.next().unwrap().unwrap_err();
/// assert_eq!((err.kind(), err.offset()), (DecodeErrorKind::UnpairedSurrogate, 2));
/// # #[cfg(feature = "alloc")]
/// assert_eq!(lone.to_string_lossy(), "A\u{FFFD}");
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy, Eq)]
pub struct Utf16LeStr<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Utf16LeStr<'a> {
    /// Wraps `bytes` (little-endian UTF-16, any alignment) as a string at
    /// offset 0.
    ///
    /// # Errors
    /// [`DecodeErrorKind::OddLength`] for an odd number of bytes,
    /// [`DecodeErrorKind::UnexpectedNul`] for a NUL code unit, with its
    /// offset.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        if !bytes.len().is_multiple_of(2) {
            return Err(DecodeError::new(
                DecodeErrorKind::OddLength,
                bytes.len() - 1,
            ));
        }
        if let Some(nul) = super::scan::find_nul(bytes) {
            return Err(DecodeError::new(DecodeErrorKind::UnexpectedNul, nul));
        }
        Ok(Self { bytes, offset: 0 })
    }

    /// An item known to be even-length and NUL-free, at `offset`.
    pub(crate) const fn new_unchecked_at(bytes: &'a [u8], offset: usize) -> Self {
        Self { bytes, offset }
    }

    /// The little-endian bytes, without a terminator.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The byte offset of the string in the buffer it was decoded from (0
    /// for [`Utf16LeStr::from_bytes`]).
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The length in UTF-16 code units.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.bytes.len() / 2
    }

    /// Whether the string has no code unit.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The code units, in order.
    pub fn code_units(&self) -> CodeUnits<'a> {
        CodeUnits(self.bytes.chunks_exact(2))
    }

    /// The characters, in order; an unpaired surrogate yields an error with
    /// its byte offset in the original buffer and the iteration goes on
    /// after it.
    pub fn chars(&self) -> Chars<'a> {
        Chars {
            units: self.code_units(),
            offset: self.offset,
        }
    }

    /// Whether the text is pure ASCII (every unit below 0x80).
    #[must_use]
    pub fn is_ascii(&self) -> bool {
        super::transcode::is_ascii_utf16le(self.bytes)
    }

    /// The string as UTF-8.
    ///
    /// # Errors
    /// [`DecodeErrorKind::UnpairedSurrogate`] with the byte offset (in the
    /// original buffer) of the first unpaired surrogate.
    #[cfg(feature = "alloc")]
    pub fn to_string(&self) -> Result<String, DecodeError> {
        super::transcode::to_string(self.bytes)
            .map_err(|at| DecodeError::new(DecodeErrorKind::UnpairedSurrogate, self.offset + at))
    }

    /// Appends the string as UTF-8 to `out`.
    ///
    /// # Errors
    /// As [`Utf16LeStr::to_string`]; `out` is left as it was.
    #[cfg(feature = "alloc")]
    pub fn push_to(&self, out: &mut String) -> Result<(), DecodeError> {
        super::transcode::push_utf16le(self.bytes, out)
            .map_err(|at| DecodeError::new(DecodeErrorKind::UnpairedSurrogate, self.offset + at))
    }

    /// The string as UTF-8, with U+FFFD for each unpaired surrogate.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_string_lossy(&self) -> String {
        let mut out = String::new();
        if self.push_to(&mut out).is_err() {
            out.clear();
            out.extend(
                self.chars()
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
            );
        }
        out
    }

    /// The code units as an owned vector.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_utf16(&self) -> alloc::vec::Vec<u16> {
        self.code_units().collect()
    }
}

impl PartialEq for Utf16LeStr<'_> {
    /// Compares the text; the offsets may differ.
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl core::hash::Hash for Utf16LeStr<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl PartialEq<str> for Utf16LeStr<'_> {
    /// Compares with UTF-8 text without allocating. A string with an
    /// unpaired surrogate equals no `str`.
    fn eq(&self, other: &str) -> bool {
        let mut units = self.code_units();
        other.encode_utf16().all(|u| units.next() == Some(u)) && units.next().is_none()
    }
}

impl PartialEq<&str> for Utf16LeStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<Utf16LeStr<'_>> for str {
    fn eq(&self, other: &Utf16LeStr<'_>) -> bool {
        *other == *self
    }
}

impl PartialEq<Utf16LeStr<'_>> for &str {
    fn eq(&self, other: &Utf16LeStr<'_>) -> bool {
        *other == **self
    }
}

/// Lossy: unpaired surrogates print as U+FFFD. Allocates nothing.
impl fmt::Display for Utf16LeStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Encoded into a small buffer and written a chunk at a time: one
        // `write_str` per chunk instead of one `write_char` per character.
        let mut chunk = [0u8; 128];
        let mut len = 0;
        for c in self.chars() {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            if len + c.len_utf8() > chunk.len() {
                f.write_str(utf8(&chunk[..len]))?;
                len = 0;
            }
            len += c.encode_utf8(&mut chunk[len..]).len();
        }
        f.write_str(utf8(&chunk[..len]))
    }
}

/// Bytes that `char::encode_utf8` wrote, as the text they are.
fn utf8(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap_or_default()
}

/// Shows the lossy text in quotes, with escapes, and the offset.
impl fmt::Debug for Utf16LeStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        f.write_char('"')?;
        for c in self.chars() {
            match c {
                Ok(c) => {
                    for e in c.escape_debug() {
                        f.write_char(e)?;
                    }
                }
                Err(e) => write!(f, "\\u{{lone@{}}}", e.offset())?,
            }
        }
        write!(f, "\"@{}", self.offset)
    }
}

/// The code units of a [`Utf16LeStr`].
#[derive(Clone, Debug)]
pub struct CodeUnits<'a>(core::slice::ChunksExact<'a, u8>);

impl Iterator for CodeUnits<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        self.0.next().map(unit)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for CodeUnits<'_> {
    fn next_back(&mut self) -> Option<u16> {
        self.0.next_back().map(unit)
    }
}

impl ExactSizeIterator for CodeUnits<'_> {}
impl core::iter::FusedIterator for CodeUnits<'_> {}

use super::transcode::unit;

/// The characters of a [`Utf16LeStr`]: `Ok(char)`, or an
/// [`DecodeErrorKind::UnpairedSurrogate`] error with the surrogate's byte
/// offset in the original buffer.
#[derive(Clone, Debug)]
pub struct Chars<'a> {
    units: CodeUnits<'a>,
    offset: usize,
}

impl Iterator for Chars<'_> {
    type Item = Result<char, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.units.next()?;
        let at = self.offset;
        self.offset += 2;
        if !(0xD800..0xE000).contains(&first) {
            return Some(Ok(
                char::from_u32(u32::from(first)).unwrap_or(char::REPLACEMENT_CHARACTER)
            ));
        }
        let lone = DecodeError::new(DecodeErrorKind::UnpairedSurrogate, at);
        if first >= 0xDC00 {
            return Some(Err(lone));
        }
        let mut peek = self.units.clone();
        match peek.next() {
            Some(low @ 0xDC00..=0xDFFF) => {
                self.units = peek;
                self.offset += 2;
                let c = 0x1_0000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                Some(Ok(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)))
            }
            _ => Some(Err(lone)),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let units = self.units.len();
        (units.div_ceil(2), Some(units))
    }
}

impl core::iter::FusedIterator for Chars<'_> {}

#[cfg(all(test, feature = "alloc"))]
mod display_tests {
    use super::Utf16LeStr;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// Display writes every character, across chunk boundaries, with lone
    /// surrogates as U+FFFD.
    #[test]
    fn display_matches_char_by_char() {
        let mut units: Vec<u16> = Vec::new();
        for i in 0..200u16 {
            units.extend(match i % 5 {
                0 => "a".encode_utf16().collect::<Vec<_>>(),
                1 => "é".encode_utf16().collect(),
                2 => "€".encode_utf16().collect(),
                3 => "😀".encode_utf16().collect(),
                _ => [0xD800].into(),
            });
        }
        let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        let text = Utf16LeStr::from_bytes(&bytes).unwrap();
        let expected: String = char::decode_utf16(units.iter().copied())
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        assert_eq!(format!("{text}"), expected);
        assert!(expected.len() > 256);
    }
}
