//! Buffers of UTF-16 strings: one string ([`Single`]) or a multi-string
//! ([`List`]) whose items are decoded as `T`s (checkpoints, key paths or
//! plain text).

use core::fmt;
use core::marker::PhantomData;

use crate::checkpoint::{Checkpoint, RegistryKeyPath, Utf16Checkpoint, Utf16RegistryKeyPath};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::multi_sz::{self, Deviation, Item, LenientMultiSz, MultiSz, Utf16LeStr};

#[cfg(feature = "alloc")]
use crate::checkpoint::CheckpointBuf;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use super::Strictness;

/// A value that can be decoded from one UTF-16 string of a buffer.
pub trait FromUtf16<'a>: Sized + sealed::Sealed {
    /// Decodes one string.
    ///
    /// # Errors
    /// A [`DecodeError`] with the offset in the original buffer.
    fn from_utf16(text: Utf16LeStr<'a>, strictness: Strictness) -> Result<Self, DecodeError>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::checkpoint::Utf16Checkpoint<'_> {}
    impl Sealed for crate::checkpoint::Utf16RegistryKeyPath<'_> {}
    impl Sealed for crate::checkpoint::Checkpoint<'_> {}
    impl Sealed for crate::checkpoint::RegistryKeyPath<'_> {}
    #[cfg(feature = "alloc")]
    impl Sealed for crate::checkpoint::CheckpointBuf {}
    impl Sealed for crate::multi_sz::Utf16LeStr<'_> {}
    impl Sealed for str {}
    #[cfg(feature = "alloc")]
    impl Sealed for alloc::string::String {}
    impl<T: Sealed + ?Sized> Sealed for &T {}
}

impl<'a> FromUtf16<'a> for Utf16Checkpoint<'a> {
    fn from_utf16(text: Utf16LeStr<'a>, strictness: Strictness) -> Result<Self, DecodeError> {
        match strictness {
            Strictness::Strict => Self::decode(text),
            Strictness::Lenient => Self::decode_lenient(text),
        }
    }
}

impl<'a> FromUtf16<'a> for Utf16RegistryKeyPath<'a> {
    fn from_utf16(text: Utf16LeStr<'a>, _: Strictness) -> Result<Self, DecodeError> {
        Self::decode(text)
    }
}

impl<'a> FromUtf16<'a> for Utf16LeStr<'a> {
    fn from_utf16(text: Utf16LeStr<'a>, _: Strictness) -> Result<Self, DecodeError> {
        Ok(text)
    }
}

/// A validated value the encoders accept for a typed buffer of `T`s: it
/// can only fail for lack of space.
pub trait EncodeAs<T>: Item + sealed::Sealed {}

impl EncodeAs<Utf16Checkpoint<'_>> for Checkpoint<'_> {}
impl EncodeAs<Utf16Checkpoint<'_>> for Utf16Checkpoint<'_> {}
#[cfg(feature = "alloc")]
impl EncodeAs<Utf16Checkpoint<'_>> for CheckpointBuf {}
impl EncodeAs<Utf16RegistryKeyPath<'_>> for RegistryKeyPath<'_> {}
impl EncodeAs<Utf16RegistryKeyPath<'_>> for Utf16RegistryKeyPath<'_> {}
impl EncodeAs<Utf16LeStr<'_>> for Utf16LeStr<'_> {}
impl EncodeAs<Utf16LeStr<'_>> for str {}
#[cfg(feature = "alloc")]
impl EncodeAs<Utf16LeStr<'_>> for alloc::string::String {}
impl<T, U: EncodeAs<T> + ?Sized> EncodeAs<T> for &U {}

/// A multi-string output buffer whose items are `T`s.
///
/// The framing is checked when the buffer is decoded; each item is decoded
/// as it is iterated, so one bad item does not hide the others. Item errors
/// carry absolute offsets.
pub struct List<'a, T> {
    items: multi_sz::Iter<'a>,
    len: usize,
    bytes: &'a [u8],
    deviations: Option<LenientMultiSz<'a>>,
    strictness: Strictness,
    _item: PhantomData<T>,
}

impl<T> Clone for List<'_, T> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
            len: self.len,
            bytes: self.bytes,
            deviations: self.deviations,
            strictness: self.strictness,
            _item: PhantomData,
        }
    }
}

/// The output of `CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS`: a multi-string
/// of `Type\Name\Key` checkpoints.
pub type CryptoCheckpoints<'a> = List<'a, Utf16Checkpoint<'a>>;

/// The output of `CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS`: a
/// multi-string of key paths under `HKEY_LOCAL_MACHINE`.
pub type RegistryCheckpoints<'a> = List<'a, Utf16RegistryKeyPath<'a>>;

/// A multi-string of plain text (`ENUM_*_PROPERTIES` names and the other
/// `multi-sz` outputs).
pub type Strings<'a> = List<'a, Utf16LeStr<'a>>;

impl<'a, T: FromUtf16<'a>> List<'a, T> {
    /// Decodes the buffer, its framing strictly or leniently.
    ///
    /// # Errors
    /// In strict mode the [`MultiSz::decode`] errors; lenient framing never
    /// fails (its deviations are in [`List::deviations`]).
    pub fn decode(bytes: &'a [u8], strictness: Strictness) -> Result<Self, DecodeError> {
        let (items, len, deviations) = match strictness {
            Strictness::Strict => {
                let list = MultiSz::decode(bytes)?;
                (list.iter(), list.len(), None)
            }
            Strictness::Lenient => {
                let list = multi_sz::decode_lenient(bytes);
                (list.iter(), list.len(), Some(list))
            }
        };
        Ok(Self {
            items,
            len,
            bytes,
            deviations,
            strictness,
            _item: PhantomData,
        })
    }

    /// The items, each decoded or an error with its absolute offset.
    pub fn iter(&self) -> ListIter<'a, T> {
        ListIter {
            items: self.items.clone(),
            strictness: self.strictness,
            _item: PhantomData,
        }
    }

    /// The strings as found (before item decoding), for their JSON.
    #[cfg(feature = "serde")]
    pub(super) fn raw_items(&self) -> multi_sz::Iter<'a> {
        self.items.clone()
    }

    /// The empty list has three valid forms (no byte, one NUL, two NULs:
    /// MS-DTYP leaves it open); a valid empty list re-encodes to the form
    /// it came in.
    fn empty_form(&self) -> Option<&'a [u8]> {
        (self.len == 0 && self.deviations().is_empty()).then_some(self.bytes)
    }

    /// What [`Buffer::encode_into`](super::Buffer::encode_into) writes: the
    /// items, or the empty form decoded.
    pub(super) fn encoded_len_as_decoded(&self) -> usize {
        self.empty_form()
            .map_or_else(|| multi_sz::encoded_len(self.items.clone()), <[u8]>::len)
    }

    pub(super) fn encode_as_decoded(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let Some(empty) = self.empty_form() else {
            return multi_sz::encode_into(self.items.clone(), out);
        };
        let available = out.len();
        let out = out
            .get_mut(..empty.len())
            .ok_or(EncodeError::buffer_too_small(empty.len(), available))?;
        out.copy_from_slice(empty);
        Ok(empty.len())
    }

    /// The number of strings in the buffer.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds no string.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The buffer, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The framing deviations that lenient decoding tolerated.
    #[must_use]
    pub fn deviations(&self) -> &[Deviation] {
        self.deviations
            .as_ref()
            .map_or(&[], LenientMultiSz::deviations)
    }
}

impl<'a, T> List<'a, T> {
    /// The bytes [`List::encode_into`] writes for `items`.
    pub fn encoded_len<I>(items: I) -> usize
    where
        I: IntoIterator,
        I::Item: EncodeAs<T>,
    {
        multi_sz::encoded_len(items)
    }

    /// Encodes `items` as the buffer; returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
    /// with the required size.
    pub fn encode_into<I>(items: I, out: &mut [u8]) -> Result<usize, EncodeError>
    where
        I: IntoIterator,
        I::IntoIter: Clone,
        I::Item: EncodeAs<T>,
    {
        multi_sz::encode_into(items, out)
    }

    /// Encodes `items` into a new vector.
    ///
    /// # Errors
    /// None in practice: the items are validated values.
    #[cfg(feature = "alloc")]
    pub fn to_vec<I>(items: I) -> Result<Vec<u8>, EncodeError>
    where
        I: IntoIterator,
        I::IntoIter: Clone,
        I::Item: EncodeAs<T>,
    {
        multi_sz::to_vec(items)
    }
}

impl<'a, T: FromUtf16<'a> + fmt::Debug> fmt::Debug for List<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("items", &ListDebug(self.iter()))
            .field("deviations", &self.deviations())
            .finish()
    }
}

struct ListDebug<'a, T>(ListIter<'a, T>);

impl<'a, T: FromUtf16<'a> + fmt::Debug> fmt::Debug for ListDebug<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

/// The items of a [`List`].
#[derive(Debug)]
pub struct ListIter<'a, T> {
    items: multi_sz::Iter<'a>,
    strictness: Strictness,
    _item: PhantomData<T>,
}

impl<T> Clone for ListIter<'_, T> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
            strictness: self.strictness,
            _item: PhantomData,
        }
    }
}

impl<'a, T: FromUtf16<'a>> Iterator for ListIter<'a, T> {
    type Item = Result<T, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.items
            .next()
            .map(|item| T::from_utf16(item, self.strictness))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl<'a, T: FromUtf16<'a>> ExactSizeIterator for ListIter<'a, T> {}

/// An input buffer of one NUL-terminated UTF-16 string holding a `T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Single<'a, T> {
    value: T,
    bytes: &'a [u8],
    deviation: Option<SzDeviation>,
}

/// The input of `CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT` and
/// `CLUSCTL_RESOURCE_DELETE_CRYPTO_CHECKPOINT`.
pub type CryptoCheckpointInput<'a> = Single<'a, Utf16Checkpoint<'a>>;

/// The input of `CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT` (and its
/// `_32BIT`/`_64BIT` forms) and `CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT`.
pub type RegistryCheckpointInput<'a> = Single<'a, Utf16RegistryKeyPath<'a>>;

/// A buffer of one NUL-terminated string of plain text (the `sz` inputs
/// and outputs: names, IDs, paths).
pub type Text<'a> = Single<'a, Utf16LeStr<'a>>;

impl<'a, T: FromUtf16<'a> + Copy> Single<'a, T> {
    /// Decodes the buffer: exactly one string and its NUL terminator.
    ///
    /// In lenient mode a missing terminator, an odd trailing byte and
    /// bytes after the terminator are tolerated (and the string's own
    /// grammar is applied leniently); use [`Single::decode_lenient`] to see
    /// what was tolerated.
    ///
    /// # Errors
    /// [`DecodeErrorKind::OddLength`], [`DecodeErrorKind::UnterminatedItem`],
    /// [`DecodeErrorKind::TrailingData`], or the string's own error.
    pub fn decode(bytes: &'a [u8], strictness: Strictness) -> Result<Self, DecodeError> {
        match strictness {
            Strictness::Strict => {
                let text = decode_sz(bytes)?;
                Ok(Self {
                    value: T::from_utf16(text, strictness)?,
                    bytes,
                    deviation: None,
                })
            }
            Strictness::Lenient => Self::decode_lenient(bytes).map(|(single, _)| single),
        }
    }

    /// Decodes the buffer leniently and says what was tolerated: at most
    /// one of an odd trailing byte, a missing terminator and trailing data.
    ///
    /// # Errors
    /// The string's own errors.
    pub fn decode_lenient(bytes: &'a [u8]) -> Result<(Self, Option<SzDeviation>), DecodeError> {
        let (text, deviation) = decode_sz_lenient(bytes);
        Ok((
            Self {
                value: T::from_utf16(text, Strictness::Lenient)?,
                bytes,
                deviation,
            },
            deviation,
        ))
    }

    /// The decoded value.
    #[must_use]
    pub const fn value(&self) -> T {
        self.value
    }

    /// The buffer, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// What lenient decoding tolerated (never anything in strict mode).
    #[must_use]
    pub const fn deviation(&self) -> Option<SzDeviation> {
        self.deviation
    }
}

impl<T> Single<'_, T> {
    /// The bytes [`Single::encode_into`] writes for `value`: the string and
    /// its NUL.
    pub fn encoded_len<V: EncodeAs<T>>(value: &V) -> usize {
        value.utf16_len().saturating_add(1).saturating_mul(2)
    }

    /// Encodes `value` and its NUL terminator; returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
    /// with the required size.
    pub fn encode_into<V: EncodeAs<T>>(value: &V, out: &mut [u8]) -> Result<usize, EncodeError> {
        let required = Self::encoded_len(value);
        let Some(out) = out.get_mut(..required) else {
            return Err(EncodeError::buffer_too_small(required, out.len()));
        };
        let (text, nul) = out.split_at_mut(required - 2);
        value.write_utf16le(text).map_err(|position| {
            EncodeError::new(crate::EncodeErrorKind::NulInItem { index: 0, position })
        })?;
        nul.copy_from_slice(&[0, 0]);
        Ok(required)
    }

    /// Encodes `value` into a new vector.
    ///
    /// # Errors
    /// None in practice: the value is validated.
    #[cfg(feature = "alloc")]
    pub fn to_vec<V: EncodeAs<T>>(value: &V) -> Result<Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8; Self::encoded_len(value)];
        Self::encode_into(value, &mut out)?;
        Ok(out)
    }
}

/// A deviation tolerated while decoding a single-string buffer leniently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SzDeviation {
    /// The string has no NUL terminator (or the buffer ends in an odd
    /// byte, which was ignored); the offset is the end of the string.
    Unterminated {
        /// Where the terminator should be.
        offset: usize,
    },
    /// Bytes follow the terminator.
    TrailingData {
        /// The first of them.
        offset: usize,
        /// How many.
        len: usize,
    },
}

impl SzDeviation {
    /// Where the deviation is, in bytes from the start of the buffer.
    #[must_use]
    pub const fn offset(&self) -> usize {
        match *self {
            Self::Unterminated { offset } | Self::TrailingData { offset, .. } => offset,
        }
    }
}

impl fmt::Display for SzDeviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Unterminated { offset } => write!(f, "string not terminated at byte {offset}"),
            Self::TrailingData { offset, len } => {
                write!(f, "{len} trailing bytes at byte {offset}")
            }
        }
    }
}

/// One NUL-terminated UTF-16 string filling the buffer exactly.
pub(super) fn decode_sz(bytes: &[u8]) -> Result<Utf16LeStr<'_>, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::new(
            DecodeErrorKind::OddLength,
            bytes.len() - 1,
        ));
    }
    let Some(nul) = multi_sz::scan::find_nul(bytes) else {
        return Err(DecodeError::new(DecodeErrorKind::UnterminatedItem, 0));
    };
    if nul + 2 != bytes.len() {
        return Err(DecodeError::new(DecodeErrorKind::TrailingData, nul + 2));
    }
    Ok(Utf16LeStr::new_unchecked_at(
        bytes.get(..nul).unwrap_or_default(),
        0,
    ))
}

pub(super) fn decode_sz_lenient(bytes: &[u8]) -> (Utf16LeStr<'_>, Option<SzDeviation>) {
    let even = bytes.get(..bytes.len() & !1).unwrap_or_default();
    match multi_sz::scan::find_nul(even) {
        Some(nul) => {
            let end = nul + 2;
            let deviation = (end < bytes.len()).then_some(SzDeviation::TrailingData {
                offset: end,
                len: bytes.len() - end,
            });
            let text = even.get(..nul).unwrap_or_default();
            (Utf16LeStr::new_unchecked_at(text, 0), deviation)
        }
        None => (
            Utf16LeStr::new_unchecked_at(even, 0),
            Some(SzDeviation::Unterminated { offset: even.len() }),
        ),
    }
}
