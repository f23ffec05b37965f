//! Typed input and output buffers of the control codes whose formats the
//! crate knows, and the dispatch from a control code to its format.
//!
//! This is the only module that knows which code carries which format:
//!
//! | code | input | output |
//! |---|---|---|
//! | `CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS` | none | [`CryptoCheckpoints`] |
//! | `CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT`, `..._DELETE_CRYPTO_CHECKPOINT` | [`CryptoCheckpointInput`] | none |
//! | `CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS` | none | [`RegistryCheckpoints`] |
//! | `CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT` (and `_32BIT`, `_64BIT`), `..._DELETE_REGISTRY_CHECKPOINT` | [`RegistryCheckpointInput`] | none |
//!
//! Every other code (among them the undocumented
//! `CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX`) decodes to
//! [`Buffer::Unknown`], which keeps the raw bytes.
//!
//! Offsets in every error are bytes from the start of the buffer given.
//!
//! ```
//! use clusctl::buffers::{self, Buffer, Direction, Strictness};
//! use clusctl::codes;
//!
//! let bytes: Vec<u8> = "1\\\\MyKey\0\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
//! let code = codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS;
//! let Buffer::CryptoCheckpoints(list) =
//!     buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?
//! else {
//!     unreachable!()
//! };
//! let first = list.iter().next().unwrap()?;
//! assert!(first.key_container() == "MyKey");
//! # Ok::<(), clusctl::DecodeError>(())
//! ```

use core::fmt;
use core::marker::PhantomData;

use crate::checkpoint::{Checkpoint, RegistryKeyPath, Utf16Checkpoint, Utf16RegistryKeyPath};
use crate::codes;
use crate::control_code::ControlCode;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::multi_sz::{self, Deviation, Item, LenientMultiSz, MultiSz, Utf16LeStr};

#[cfg(feature = "alloc")]
use crate::checkpoint::CheckpointBuf;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

/// Whether to decode strictly or tolerate (and report) deviations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Strictness {
    /// Refuse anything outside the format.
    #[default]
    Strict,
    /// Recover what can be recovered from captures, reporting each
    /// deviation.
    Lenient,
}

/// Which buffer of a control call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `lpInBuffer`.
    Input,
    /// `lpOutBuffer`.
    Output,
}

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

/// A validated value the encoders accept for a typed buffer of `T`s: it
/// can only fail for lack of space.
pub trait EncodeAs<T>: Item + sealed::Sealed {}

impl EncodeAs<Utf16Checkpoint<'_>> for Checkpoint<'_> {}
impl EncodeAs<Utf16Checkpoint<'_>> for Utf16Checkpoint<'_> {}
#[cfg(feature = "alloc")]
impl EncodeAs<Utf16Checkpoint<'_>> for CheckpointBuf {}
impl EncodeAs<Utf16RegistryKeyPath<'_>> for RegistryKeyPath<'_> {}
impl EncodeAs<Utf16RegistryKeyPath<'_>> for Utf16RegistryKeyPath<'_> {}
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
}

/// The input of `CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT` and
/// `CLUSCTL_RESOURCE_DELETE_CRYPTO_CHECKPOINT`.
pub type CryptoCheckpointInput<'a> = Single<'a, Utf16Checkpoint<'a>>;

/// The input of `CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT` (and its
/// `_32BIT`/`_64BIT` forms) and `CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT`.
pub type RegistryCheckpointInput<'a> = Single<'a, Utf16RegistryKeyPath<'a>>;

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

/// One NUL-terminated UTF-16 string filling the buffer exactly.
fn decode_sz(bytes: &[u8]) -> Result<Utf16LeStr<'_>, DecodeError> {
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

fn decode_sz_lenient(bytes: &[u8]) -> (Utf16LeStr<'_>, Option<SzDeviation>) {
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

/// The format of a buffer, as [`format_of`] knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BufferFormat {
    /// The code carries no data in this direction.
    Empty,
    /// [`CryptoCheckpoints`].
    CryptoCheckpoints,
    /// [`CryptoCheckpointInput`].
    CryptoCheckpoint,
    /// [`RegistryCheckpoints`].
    RegistryCheckpoints,
    /// [`RegistryCheckpointInput`].
    RegistryCheckpoint,
}

impl BufferFormat {
    /// A short lowercase label (`crypto-checkpoints`, ...).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::CryptoCheckpoints => "crypto-checkpoints",
            Self::CryptoCheckpoint => "crypto-checkpoint",
            Self::RegistryCheckpoints => "registry-checkpoints",
            Self::RegistryCheckpoint => "registry-checkpoint",
        }
    }
}

/// The format of `code`'s buffer in `direction`, or `None` when the crate
/// does not know it.
#[must_use]
pub fn format_of(code: ControlCode, direction: Direction) -> Option<BufferFormat> {
    use BufferFormat as F;
    use Direction::{Input, Output};
    let get_crypto = codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS;
    let get_registry = codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS;
    let crypto_inputs = [
        codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT,
        codes::CLUSCTL_RESOURCE_DELETE_CRYPTO_CHECKPOINT,
    ];
    let registry_inputs = [
        codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT,
        codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT_32BIT,
        codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT_64BIT,
        codes::CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT,
    ];
    Some(match direction {
        Input if code == get_crypto || code == get_registry => F::Empty,
        Output if code == get_crypto => F::CryptoCheckpoints,
        Output if code == get_registry => F::RegistryCheckpoints,
        Input if crypto_inputs.contains(&code) => F::CryptoCheckpoint,
        Input if registry_inputs.contains(&code) => F::RegistryCheckpoint,
        Output if crypto_inputs.contains(&code) || registry_inputs.contains(&code) => F::Empty,
        _ => return None,
    })
}

/// A decoded buffer.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Buffer<'a> {
    /// The code carries no data in this direction, and none was given.
    Empty,
    /// A `GET_CRYPTO_CHECKPOINTS` output.
    CryptoCheckpoints(CryptoCheckpoints<'a>),
    /// An `ADD`/`DELETE_CRYPTO_CHECKPOINT` input.
    CryptoCheckpoint(CryptoCheckpointInput<'a>),
    /// A `GET_REGISTRY_CHECKPOINTS` output.
    RegistryCheckpoints(RegistryCheckpoints<'a>),
    /// An `ADD`/`DELETE_REGISTRY_CHECKPOINT` input.
    RegistryCheckpoint(RegistryCheckpointInput<'a>),
    /// The crate does not know this code's buffer format: the bytes, as
    /// given.
    Unknown {
        /// The control code.
        code: ControlCode,
        /// The raw buffer.
        bytes: &'a [u8],
    },
}

/// Decodes `code`'s buffer in `direction`.
///
/// # Errors
/// The errors of the format's decoder; for a code that carries no data,
/// [`DecodeErrorKind::TrailingData`] at byte 0 when `bytes` is not empty
/// (in both modes: nothing is dropped silently). An unknown format is not an error: it is
/// [`Buffer::Unknown`].
pub fn decode(
    code: ControlCode,
    direction: Direction,
    bytes: &[u8],
    strictness: Strictness,
) -> Result<Buffer<'_>, DecodeError> {
    let Some(format) = format_of(code, direction) else {
        return Ok(Buffer::Unknown { code, bytes });
    };
    Ok(match format {
        BufferFormat::Empty if bytes.is_empty() => Buffer::Empty,
        BufferFormat::Empty => {
            return Err(DecodeError::new(DecodeErrorKind::TrailingData, 0));
        }
        BufferFormat::CryptoCheckpoints => {
            Buffer::CryptoCheckpoints(List::decode(bytes, strictness)?)
        }
        BufferFormat::CryptoCheckpoint => {
            Buffer::CryptoCheckpoint(Single::decode(bytes, strictness)?)
        }
        BufferFormat::RegistryCheckpoints => {
            Buffer::RegistryCheckpoints(List::decode(bytes, strictness)?)
        }
        BufferFormat::RegistryCheckpoint => {
            Buffer::RegistryCheckpoint(Single::decode(bytes, strictness)?)
        }
    })
}
