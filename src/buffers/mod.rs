//! Typed input and output buffers of every control code whose format is
//! documented, and the dispatch from a control code to its format.
//!
//! Which code carries which format is data: `data/formats.tsv` (one row per
//! code name, with the evidence) and `data/structs.tsv` (struct layouts),
//! generated into this module's table. [`format_of`] answers from it and
//! [`decode`] decodes to the matching [`Buffer`] variant:
//!
//! | [`BufferFormat`] (its `Display`) | [`Buffer`] variant | carried by (examples) |
//! |---|---|---|
//! | `empty` (`none` in the data) | [`Buffer::Empty`] | the `SET_*` outputs, most `GET_*` inputs |
//! | `property-list` | [`Buffer::PropertyList`] | `GET_(RO_)COMMON/PRIVATE_PROPERTIES` outputs, `SET_*`/`VALIDATE_*` inputs |
//! | `property-formats` | [`Buffer::PropertyFormats`] | `GET_*_PROPERTY_FMTS` outputs |
//! | `value-list` | [`Buffer::ValueList`] | `STORAGE_GET_SHARED_VOLUME_INFO` |
//! | `required-dependencies` | [`Buffer::RequiredDependencies`] | `GET_REQUIRED_DEPENDENCIES` |
//! | `storage-disks` | [`Buffer::StorageDisks`] | `STORAGE_GET_DISK_INFO(_EX/_EX2)`, `STORAGE_GET_AVAILABLE_DISKS(_EX/_EX2_INT)` |
//! | `multi-sz` | [`Buffer::MultiSz`] | `ENUM_COMMON/PRIVATE_PROPERTIES` |
//! | `sz` | [`Buffer::Sz`] | `GET_NAME`, `GET_ID`, `SET_NAME`, ... |
//! | `dword` | [`Buffer::Dword`] | `GET_CHARACTERISTICS`, `GET_FLAGS` |
//! | `dword-array`, `ularge`, `filetime`, `guid`, `bytes` | [`Buffer::DwordArray`], [`Buffer::Ularge`], [`Buffer::Filetime`], [`Buffer::Guid`], [`Buffer::Bytes`] | `STORAGE_GET_DIRTY`, `GET_NODES_IN_FD`, `GET_STATE_CHANGE_TIME`, ... |
//! | `dword+sz`, `dword+ularge` | [`Buffer::DwordSz`], [`Buffer::DwordUlarge`] | `CLUSTER_GET_GUM_LOCK_OWNER`, `NODE_GET_STUCK_NODES` |
//! | `struct:NAME` | [`Buffer::Struct`] | `GET_CLASS_INFO` (`CLUS_RESOURCE_CLASS_INFO`), ... |
//! | `crypto-checkpoints`, `crypto-checkpoint` | [`Buffer::CryptoCheckpoints`], [`Buffer::CryptoCheckpoint`] | `CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS`, `..._ADD/DELETE_CRYPTO_CHECKPOINT` |
//! | `registry-checkpoints`, `registry-checkpoint` | [`Buffer::RegistryCheckpoints`], [`Buffer::RegistryCheckpoint`] | `CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS`, `..._ADD(_32BIT/_64BIT)/DELETE_REGISTRY_CHECKPOINT` |
//! | `A\|B` ([`BufferFormat::OneOf`]) | the first alternative that decodes strictly | `GROUPSET_GET_GROUPS` (`property-list\|multi-sz`), `VALIDATE_PATH` (`sz\|property-list`) |
//!
//! Names that share a value (`VM_START_MIGRATION` = `VM_CONFIG_UPDATE`,
//! `VALIDATE_PATH` = `WITNESS_VALIDATE_PATH`, ...) accept every
//! alternative of every name. A code whose format no source documents
//! (among them the undocumented `CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX`)
//! decodes to [`Buffer::Unknown`], which keeps the raw bytes.
//!
//! Every buffer that strict decoding accepts re-encodes byte for byte
//! ([`Buffer::encode_into`], [`Buffer::to_vec`]). Lenient decoding
//! tolerates what the format's lenient decoder tolerates (multi-strings,
//! strings, property and value lists); fixed-size buffers (`dword`,
//! structs, ...) are checked the same way in both modes.
//!
//! Offsets in every error are bytes from the start of the buffer given.
//!
//! # JSON (feature `serde`)
//!
//! A buffer serializes as a map:
//!
//! | key | value |
//! |---|---|
//! | `format` | the format's `Display` (`property-list`, `struct:CLUS_RESOURCE_CLASS_INFO`, ...; `unknown` for [`Buffer::Unknown`]) |
//! | `count` | the number of items |
//! | `items` | the items, each a map with its byte `offset` (below) |
//! | `deviations` | what lenient decoding tolerated: `{offset, message}` |
//! | `struct` | (structs only) the struct's name |
//! | `hex` | ([`Buffer::Unknown`] and `bytes` only) the bytes in hex |
//!
//! Items: checkpoints `{offset, text, type, type_name, type_text,
//! provider, key, deviations}`; registry key paths `{offset, path}`;
//! strings `{offset, text}`; numbers `{offset, value}` (GUIDs as text);
//! struct fields `{offset, name, type, value}` (numbers as numbers, text as
//! text, bytes as hex, records as lists of fields); properties of a
//! property list `{offset, name, values}` (`format` too in a
//! property-format list) and values of a value list `{offset, syntax,
//! value}` or `{offset, syntax, hex}` (`syntax` the SDK name or `0x` and
//! eight hex digits; `value` a number, text or list of text; readable
//! `class`/`subclass`, `scsi_address` and `partition` beside the hex of
//! those payloads); disks `{offset, disk, values}`. Property lists add
//! `endmark`. An item that cannot be decoded is `{offset, text, error:
//! {kind, offset, message}}` (its text lossy).
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
//!
//! let code = codes::CLUSCTL_RESOURCE_GET_FLAGS;
//! assert_eq!(buffers::format_of(code, Direction::Output).unwrap().to_string(), "dword");
//! assert!(matches!(
//!     buffers::decode(code, Direction::Output, &[1, 0, 0, 0], Strictness::Strict)?,
//!     Buffer::Dword(1)
//! ));
//! # Ok::<(), clusctl::DecodeError>(())
//! ```

mod lists;
#[cfg(feature = "serde")]
mod ser;
mod strings;
mod structs;
#[rustfmt::skip]
mod table;

use core::fmt;

use crate::clusprop::{FileTime, Guid, PropertyList, ValueList};
use crate::control_code::ControlCode;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, ParseError, ParseErrorKind};

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

pub use lists::{Dependency, Disk, PropertyFormats, RequiredDependencies, StorageDisks};
pub use strings::{
    CryptoCheckpointInput, CryptoCheckpoints, EncodeAs, FromUtf16, List, ListIter,
    RegistryCheckpointInput, RegistryCheckpoints, Single, Strings, SzDeviation, Text,
};
#[cfg(feature = "alloc")]
pub use structs::StructBuf;
pub use structs::{Field, FieldType, FieldValue, Records, Struct, StructLayout};

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

/// The format of a buffer, as [`format_of`] knows it. `Display` gives the
/// token of `data/formats.tsv` (`property-list`, `value-list`, `multi-sz`,
/// `sz`, `dword`, `struct:CLUS_RESOURCE_CLASS_INFO`, `sz|property-list`,
/// ...), except `empty` for the data's `none`.
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
    /// A CLUSPROP property list.
    PropertyList,
    /// A property list with one `LIST_VALUE_WORD` format code per property
    /// (`GET_*_PROPERTY_FMTS`).
    PropertyFormats,
    /// A CLUSPROP value list.
    ValueList,
    /// A value list of resource classes and resource type names
    /// (`GET_REQUIRED_DEPENDENCIES`).
    RequiredDependencies,
    /// A value list of per-disk groups (the storage disk-info codes).
    StorageDisks,
    /// A multi-string of plain text.
    MultiSz,
    /// One NUL-terminated UTF-16 string.
    Sz,
    /// A little-endian `u32`.
    Dword,
    /// Little-endian `u32`s.
    DwordArray,
    /// A little-endian `u64`.
    Ularge,
    /// A `FILETIME` (100 ns intervals since 1601, little-endian `u64`).
    Filetime,
    /// A 16-byte GUID.
    Guid,
    /// Documented as opaque bytes.
    Bytes,
    /// A `u32` immediately followed by a NUL-terminated string.
    DwordSz,
    /// A `u32` immediately followed by a `u64`.
    DwordUlarge,
    /// A struct of this layout.
    Struct(&'static StructLayout),
    /// The sources disagree, or the server picks: any of these, tried in
    /// order.
    OneOf(&'static [BufferFormat]),
}

impl BufferFormat {
    /// A short lowercase label (`property-list`, `crypto-checkpoints`,
    /// ...); `struct` for every struct and `one-of` for alternatives (their
    /// `Display` says which).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::CryptoCheckpoints => "crypto-checkpoints",
            Self::CryptoCheckpoint => "crypto-checkpoint",
            Self::RegistryCheckpoints => "registry-checkpoints",
            Self::RegistryCheckpoint => "registry-checkpoint",
            Self::PropertyList => "property-list",
            Self::PropertyFormats => "property-formats",
            Self::ValueList => "value-list",
            Self::RequiredDependencies => "required-dependencies",
            Self::StorageDisks => "storage-disks",
            Self::MultiSz => "multi-sz",
            Self::Sz => "sz",
            Self::Dword => "dword",
            Self::DwordArray => "dword-array",
            Self::Ularge => "ularge",
            Self::Filetime => "filetime",
            Self::Guid => "guid",
            Self::Bytes => "bytes",
            Self::DwordSz => "dword+sz",
            Self::DwordUlarge => "dword+ularge",
            Self::Struct(_) => "struct",
            Self::OneOf(_) => "one-of",
        }
    }

    /// The alternatives: `[self]` for a single format.
    #[must_use]
    pub fn alternatives(&self) -> &[Self] {
        match self {
            Self::OneOf(list) => list,
            single => core::slice::from_ref(single),
        }
    }
}

impl fmt::Display for BufferFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Struct(layout) => write!(f, "struct:{}", layout.name()),
            Self::OneOf(list) => {
                for (i, format) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("|")?;
                    }
                    fmt::Display::fmt(format, f)?;
                }
                Ok(())
            }
            other => f.write_str(other.label()),
        }
    }
}

impl core::str::FromStr for BufferFormat {
    type Err = ParseError;

    /// Parses a format's `Display` (or the data's `none`):
    /// `property-list`, `sz`, `struct:CLUS_RESOURCE_CLASS_INFO`, ... A list
    /// of alternatives (`sz|property-list`) is not parsed: take it from
    /// [`format_of`].
    ///
    /// ```
    /// use clusctl::buffers::BufferFormat;
    ///
    /// for text in ["value-list", "empty", "struct:CLUS_DISK_NUMBER_INFO"] {
    ///     assert_eq!(text.parse::<BufferFormat>()?.to_string(), text);
    /// }
    /// assert!("struct:NO_SUCH".parse::<BufferFormat>().is_err());
    /// # Ok::<(), clusctl::ParseError>(())
    /// ```
    fn from_str(text: &str) -> Result<Self, ParseError> {
        use BufferFormat as F;
        if let Some(name) = text.strip_prefix("struct:") {
            return struct_layout(name)
                .map(F::Struct)
                .ok_or(ParseError::new(ParseErrorKind::UnknownName, 7));
        }
        let all = [
            F::Empty,
            F::CryptoCheckpoints,
            F::CryptoCheckpoint,
            F::RegistryCheckpoints,
            F::RegistryCheckpoint,
            F::PropertyList,
            F::PropertyFormats,
            F::ValueList,
            F::RequiredDependencies,
            F::StorageDisks,
            F::MultiSz,
            F::Sz,
            F::Dword,
            F::DwordArray,
            F::Ularge,
            F::Filetime,
            F::Guid,
            F::Bytes,
            F::DwordSz,
            F::DwordUlarge,
        ];
        if text == "none" {
            return Ok(F::Empty);
        }
        all.into_iter()
            .find(|f| f.label() == text)
            .ok_or(ParseError::new(
                if text.is_empty() {
                    ParseErrorKind::Empty
                } else {
                    ParseErrorKind::UnknownName
                },
                0,
            ))
    }
}

/// The format of `code`'s buffer in `direction`, or `None` when no source
/// documents it.
///
/// ```
/// use clusctl::buffers::{Direction, format_of};
/// use clusctl::codes;
///
/// let code = codes::CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES;
/// assert_eq!(format_of(code, Direction::Output).unwrap().to_string(), "property-list");
/// assert_eq!(format_of(code, Direction::Input).unwrap().to_string(), "empty");
/// assert_eq!(format_of(codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX, Direction::Input), None);
/// ```
#[must_use]
pub fn format_of(code: ControlCode, direction: Direction) -> Option<BufferFormat> {
    let value = code.value();
    let i = table::FORMATS
        .binary_search_by_key(&value, |(v, _, _)| *v)
        .ok()?;
    let (_, input, output) = table::FORMATS.get(i)?;
    match direction {
        Direction::Input => *input,
        Direction::Output => *output,
    }
}

/// Every control-code value `data/formats.tsv` lists, with its input and
/// output formats as [`format_of`] gives them (`None` where no source
/// documents one), sorted by value.
pub fn documented()
-> impl ExactSizeIterator<Item = (ControlCode, Option<BufferFormat>, Option<BufferFormat>)> {
    table::FORMATS
        .iter()
        .map(|&(value, input, output)| (ControlCode::new(value), input, output))
}

/// The layout of the struct called `name` (`CLUS_RESOURCE_CLASS_INFO`).
///
/// ```
/// let layout = clusctl::buffers::struct_layout("CLUS_DISK_NUMBER_INFO").unwrap();
/// assert_eq!(layout.sizes(), [8]);
/// let names: Vec<_> = layout.fields().iter().map(|f| (f.name(), f.offset())).collect();
/// assert_eq!(names, [("DiskNumber", 0), ("BytesPerSector", 4)]);
/// ```
#[must_use]
pub fn struct_layout(name: &str) -> Option<&'static StructLayout> {
    let i = table::STRUCTS
        .binary_search_by(|layout| layout.name().cmp(name))
        .ok()?;
    table::STRUCTS.get(i).copied()
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
    /// A property list.
    PropertyList(PropertyList<'a>),
    /// A property list of formats (`GET_*_PROPERTY_FMTS`).
    PropertyFormats(PropertyFormats<'a>),
    /// A value list.
    ValueList(ValueList<'a>),
    /// Resource classes and type names (`GET_REQUIRED_DEPENDENCIES`).
    RequiredDependencies(RequiredDependencies<'a>),
    /// Value lists of disks (the storage disk-info codes).
    StorageDisks(StorageDisks<'a>),
    /// A multi-string of plain text.
    MultiSz(Strings<'a>),
    /// One string.
    Sz(Text<'a>),
    /// A `u32`.
    Dword(u32),
    /// `u32`s.
    DwordArray(DwordArray<'a>),
    /// A `u64`.
    Ularge(u64),
    /// A `FILETIME` (100 ns intervals since 1601-01-01 UTC).
    Filetime(FileTime),
    /// A GUID.
    Guid(Guid),
    /// Bytes the sources document as opaque.
    Bytes(&'a [u8]),
    /// A `u32` and a string.
    DwordSz(u32, Text<'a>),
    /// A `u32` and a `u64`.
    DwordUlarge(u32, u64),
    /// A struct.
    Struct(Struct<'a>),
    /// The crate does not know this code's buffer format: the bytes, as
    /// given.
    Unknown {
        /// The control code.
        code: ControlCode,
        /// The raw buffer.
        bytes: &'a [u8],
    },
}

#[cfg(feature = "alloc")]
enum ListBuf {
    Properties(crate::clusprop::PropertyListBuf),
    Values(crate::clusprop::ValueListBuf),
}

#[cfg(feature = "alloc")]
impl ListBuf {
    fn encoded_len(&self) -> usize {
        match self {
            Self::Properties(l) => l.encoded_len(),
            Self::Values(l) => l.encoded_len(),
        }
    }

    fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        match self {
            Self::Properties(l) => l.encode_into(out),
            Self::Values(l) => l.encode_into(out),
        }
    }
}

/// A buffer of little-endian `u32`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DwordArray<'a>(&'a [u8]);

impl<'a> DwordArray<'a> {
    /// Checks that `bytes` holds whole `u32`s.
    ///
    /// # Errors
    /// [`DecodeErrorKind::Truncated`] at the start of a partial `u32`.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let rest = bytes.len() % 4;
        if rest == 0 {
            Ok(Self(bytes))
        } else {
            Err(DecodeError::new(
                DecodeErrorKind::Truncated,
                bytes.len() - rest,
            ))
        }
    }

    /// The values.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + 'a {
        self.0
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The buffer, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], DecodeError> {
    match bytes.len() {
        len if len < N => Err(DecodeError::new(DecodeErrorKind::Truncated, len)),
        len if len > N => Err(DecodeError::new(DecodeErrorKind::TrailingData, N)),
        _ => bytes
            .try_into()
            .map_err(|_| DecodeError::new(DecodeErrorKind::Truncated, 0)),
    }
}

fn shift(err: DecodeError, by: usize) -> DecodeError {
    DecodeError::new(err.kind(), err.offset() + by)
}

/// Decodes `code`'s buffer in `direction`.
///
/// # Errors
/// The errors of the format's decoder (for alternatives, the first
/// alternative's error); for a code that carries no data,
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
    decode_as(format, bytes, strictness)
}

/// Decodes `bytes` as `format` (what [`decode`] does once it knows the
/// format). Alternatives are tried strictly, in order; in lenient mode,
/// when none decodes strictly, the first is decoded leniently.
///
/// ```
/// use clusctl::buffers::{self, Buffer, BufferFormat, Strictness};
///
/// // An undocumented code's buffer, read as a plain string.
/// let bytes = [b'O', 0, b'K', 0, 0, 0];
/// let Buffer::Sz(text) = buffers::decode_as(BufferFormat::Sz, &bytes, Strictness::Strict)? else {
///     unreachable!()
/// };
/// assert!(text.value() == "OK");
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
///
/// # Errors
/// As [`decode`].
pub fn decode_as(
    format: BufferFormat,
    bytes: &[u8],
    strictness: Strictness,
) -> Result<Buffer<'_>, DecodeError> {
    use BufferFormat as F;
    Ok(match format {
        F::OneOf(list) => {
            let mut first_error = None;
            for &alternative in list {
                match decode_as(alternative, bytes, Strictness::Strict) {
                    Ok(buffer) => return Ok(buffer),
                    Err(err) => {
                        first_error.get_or_insert(err);
                    }
                }
            }
            if strictness == Strictness::Lenient
                && let Some(&first) = list.first()
            {
                return decode_as(first, bytes, strictness);
            }
            return Err(first_error.unwrap_or(DecodeError::new(DecodeErrorKind::Truncated, 0)));
        }
        F::Empty if bytes.is_empty() => Buffer::Empty,
        F::Empty => {
            return Err(DecodeError::new(DecodeErrorKind::TrailingData, 0));
        }
        F::CryptoCheckpoints => Buffer::CryptoCheckpoints(List::decode(bytes, strictness)?),
        F::CryptoCheckpoint => Buffer::CryptoCheckpoint(Single::decode(bytes, strictness)?),
        F::RegistryCheckpoints => Buffer::RegistryCheckpoints(List::decode(bytes, strictness)?),
        F::RegistryCheckpoint => Buffer::RegistryCheckpoint(Single::decode(bytes, strictness)?),
        F::MultiSz => Buffer::MultiSz(List::decode(bytes, strictness)?),
        F::Sz => Buffer::Sz(Single::decode(bytes, strictness)?),
        F::Dword => Buffer::Dword(u32::from_le_bytes(fixed(bytes)?)),
        F::DwordArray => Buffer::DwordArray(DwordArray::decode(bytes)?),
        F::Ularge => Buffer::Ularge(u64::from_le_bytes(fixed(bytes)?)),
        F::Filetime => Buffer::Filetime(FileTime::new(u64::from_le_bytes(fixed(bytes)?))),
        F::Guid => Buffer::Guid(Guid::from_bytes(fixed(bytes)?)),
        F::Bytes => Buffer::Bytes(bytes),
        F::DwordSz => {
            let head = bytes.get(..4).unwrap_or(bytes);
            let value = u32::from_le_bytes(fixed(head)?);
            let text = Single::decode(bytes.get(4..).unwrap_or_default(), strictness)
                .map_err(|e| shift(e, 4))?;
            Buffer::DwordSz(value, text)
        }
        F::DwordUlarge => {
            let all: [u8; 12] = fixed(bytes)?;
            let (head, tail) = all.split_at(4);
            Buffer::DwordUlarge(
                u32::from_le_bytes(fixed(head)?),
                u64::from_le_bytes(fixed(tail)?),
            )
        }
        F::Struct(layout) => Buffer::Struct(Struct::decode(layout, bytes)?),
        F::PropertyList => Buffer::PropertyList(lists::property_list(bytes, strictness)?),
        F::PropertyFormats => Buffer::PropertyFormats(PropertyFormats::decode(bytes, strictness)?),
        F::ValueList => Buffer::ValueList(lists::value_list(bytes, strictness)?),
        F::RequiredDependencies => {
            Buffer::RequiredDependencies(RequiredDependencies::decode(bytes, strictness)?)
        }
        F::StorageDisks => Buffer::StorageDisks(StorageDisks::decode(bytes, strictness)?),
    })
}

impl<'a> Buffer<'a> {
    /// The format this buffer was decoded as (`None` for
    /// [`Buffer::Unknown`]).
    #[must_use]
    pub fn format(&self) -> Option<BufferFormat> {
        use BufferFormat as F;
        Some(match self {
            Self::Empty => F::Empty,
            Self::CryptoCheckpoints(_) => F::CryptoCheckpoints,
            Self::CryptoCheckpoint(_) => F::CryptoCheckpoint,
            Self::RegistryCheckpoints(_) => F::RegistryCheckpoints,
            Self::RegistryCheckpoint(_) => F::RegistryCheckpoint,
            Self::PropertyList(_) => F::PropertyList,
            Self::PropertyFormats(_) => F::PropertyFormats,
            Self::ValueList(_) => F::ValueList,
            Self::RequiredDependencies(_) => F::RequiredDependencies,
            Self::StorageDisks(_) => F::StorageDisks,
            Self::MultiSz(_) => F::MultiSz,
            Self::Sz(_) => F::Sz,
            Self::Dword(_) => F::Dword,
            Self::DwordArray(_) => F::DwordArray,
            Self::Ularge(_) => F::Ularge,
            Self::Filetime(_) => F::Filetime,
            Self::Guid(_) => F::Guid,
            Self::Bytes(_) => F::Bytes,
            Self::DwordSz(..) => F::DwordSz,
            Self::DwordUlarge(..) => F::DwordUlarge,
            Self::Struct(s) => F::Struct(s.layout()),
            Self::Unknown { .. } => return None,
        })
    }

    /// The number of items: strings, properties, values, struct fields
    /// (1 for a single number or string, 0 for [`Buffer::Empty`],
    /// [`Buffer::Bytes`] and [`Buffer::Unknown`]).
    #[must_use]
    pub fn count(&self) -> usize {
        match self {
            Self::Empty | Self::Unknown { .. } | Self::Bytes(_) => 0,
            Self::CryptoCheckpoints(list) => list.len(),
            Self::RegistryCheckpoints(list) => list.len(),
            Self::MultiSz(list) => list.len(),
            Self::PropertyList(list) => list.len(),
            Self::PropertyFormats(list) => list.list().len(),
            Self::ValueList(list) => list.len(),
            Self::RequiredDependencies(list) => list.list().len(),
            Self::StorageDisks(disks) => disks.disks().count(),
            Self::CryptoCheckpoint(_)
            | Self::RegistryCheckpoint(_)
            | Self::Sz(_)
            | Self::Dword(_)
            | Self::Ularge(_)
            | Self::Filetime(_)
            | Self::Guid(_) => 1,
            Self::DwordSz(..) | Self::DwordUlarge(..) => 2,
            Self::DwordArray(a) => a.iter().len(),
            Self::Struct(s) => s.fields().count(),
        }
    }

    /// The bytes [`Buffer::encode_into`] writes.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self {
            Self::Empty => 0,
            Self::CryptoCheckpoints(list) => list.encoded_len_as_decoded(),
            Self::RegistryCheckpoints(list) => list.encoded_len_as_decoded(),
            Self::MultiSz(list) => list.encoded_len_as_decoded(),
            Self::PropertyList(_)
            | Self::PropertyFormats(_)
            | Self::ValueList(_)
            | Self::RequiredDependencies(_)
            | Self::StorageDisks(_) => self.list_encoded_len(),
            Self::CryptoCheckpoint(single) => Text::encoded_len(&single.value().as_utf16()),
            Self::RegistryCheckpoint(single) => Text::encoded_len(&single.value().as_utf16()),
            Self::Sz(single) => Text::encoded_len(&single.value()),
            Self::Dword(_) => 4,
            Self::Ularge(_) | Self::Filetime(_) => 8,
            Self::Guid(_) => 16,
            Self::DwordUlarge(..) => 12,
            Self::DwordSz(_, text) => 4 + Text::encoded_len(&text.value()),
            Self::DwordArray(a) => a.as_bytes().len(),
            Self::Bytes(b) | Self::Unknown { bytes: b, .. } => b.len(),
            Self::Struct(s) => s.encoded_len(),
        }
    }

    /// Encodes the buffer from its decoded content; returns the bytes
    /// written. A buffer that strict decoding accepted encodes to the
    /// bytes it was decoded from.
    ///
    /// ```
    /// use clusctl::buffers::{self, Direction, Strictness};
    /// use clusctl::codes;
    ///
    /// let code = codes::CLUSCTL_RESOURCE_GET_CLASS_INFO;
    /// let bytes = [2, 0, 0, 0, 0, 0, 0, 0x80];
    /// let buffer = buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?;
    /// let mut out = [0u8; 8];
    /// assert_eq!(buffer.encode_into(&mut out), Ok(8));
    /// assert_eq!(out, bytes);
    /// let err = buffer.encode_into(&mut out[..4]).unwrap_err();
    /// assert_eq!(err.required(), Some(8)); // like ERROR_MORE_DATA
    /// # Ok::<(), clusctl::DecodeError>(())
    /// ```
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
    /// with the required size.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let required = self.encoded_len();
        let available = out.len();
        let Some(out) = out.get_mut(..required) else {
            return Err(EncodeError::buffer_too_small(required, available));
        };
        let put = |out: &mut [u8], src: &[u8]| {
            out.copy_from_slice(src);
            Ok(required)
        };
        match self {
            Self::Empty => Ok(0),
            Self::CryptoCheckpoints(list) => list.encode_as_decoded(out),
            Self::RegistryCheckpoints(list) => list.encode_as_decoded(out),
            Self::MultiSz(list) => list.encode_as_decoded(out),
            Self::PropertyList(_)
            | Self::PropertyFormats(_)
            | Self::ValueList(_)
            | Self::RequiredDependencies(_)
            | Self::StorageDisks(_) => self.list_encode_into(out),
            Self::CryptoCheckpoint(single) => Text::encode_into(&single.value().as_utf16(), out),
            Self::RegistryCheckpoint(single) => Text::encode_into(&single.value().as_utf16(), out),
            Self::Sz(single) => Text::encode_into(&single.value(), out),
            Self::Dword(v) => put(out, &v.to_le_bytes()),
            Self::Ularge(v) => put(out, &v.to_le_bytes()),
            Self::Filetime(t) => put(out, &t.get().to_le_bytes()),
            Self::Guid(g) => put(out, &g.to_bytes()),
            Self::DwordUlarge(a, b) => {
                let (head, tail) = out.split_at_mut(4);
                head.copy_from_slice(&a.to_le_bytes());
                put(tail, &b.to_le_bytes())
            }
            Self::DwordSz(v, text) => {
                let (head, tail) = out.split_at_mut(4);
                head.copy_from_slice(&v.to_le_bytes());
                Text::encode_into(&text.value(), tail).map(|n| n + 4)
            }
            Self::DwordArray(a) => {
                for (chunk, v) in out.chunks_exact_mut(4).zip(a.iter()) {
                    chunk.copy_from_slice(&v.to_le_bytes());
                }
                Ok(required)
            }
            Self::Bytes(b) | Self::Unknown { bytes: b, .. } => put(out, b),
            Self::Struct(s) => s.encode_into(out),
        }
    }

    /// The CLUSPROP lists: with `alloc`, each list re-encoded by its
    /// builder (what it re-encodes to is checked against the input by the
    /// tests); without, the lists' bytes.
    fn list_encoded_len(&self) -> usize {
        #[cfg(feature = "alloc")]
        {
            self.lists().map(|l| l.encoded_len()).sum()
        }
        #[cfg(not(feature = "alloc"))]
        {
            self.list_bytes().len()
        }
    }

    fn list_encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        #[cfg(feature = "alloc")]
        {
            let mut at = 0;
            for list in self.lists() {
                let rest = out.get_mut(at..).unwrap_or_default();
                at += list.encode_into(rest)?;
            }
            Ok(at)
        }
        #[cfg(not(feature = "alloc"))]
        {
            let bytes = self.list_bytes();
            let available = out.len();
            let out = out
                .get_mut(..bytes.len())
                .ok_or(EncodeError::buffer_too_small(bytes.len(), available))?;
            out.copy_from_slice(bytes);
            Ok(bytes.len())
        }
    }

    #[cfg(not(feature = "alloc"))]
    fn list_bytes(&self) -> &'a [u8] {
        match self {
            Self::PropertyList(l) => l.as_bytes(),
            Self::PropertyFormats(l) => l.list().as_bytes(),
            Self::ValueList(l) => l.as_bytes(),
            Self::RequiredDependencies(l) => l.list().as_bytes(),
            Self::StorageDisks(l) => l.as_bytes(),
            _ => &[],
        }
    }

    /// The owned builders of the CLUSPROP lists in this buffer.
    #[cfg(feature = "alloc")]
    fn lists(&self) -> impl Iterator<Item = ListBuf> + '_ {
        let (property, values): (Option<&PropertyList<'a>>, Option<ValueList<'a>>) = match self {
            Self::PropertyList(l) => (Some(l), None),
            Self::PropertyFormats(l) => (Some(l.list()), None),
            Self::ValueList(l) => (None, Some(*l)),
            Self::RequiredDependencies(l) => (None, Some(*l.list())),
            _ => (None, None),
        };
        let disks = match self {
            Self::StorageDisks(d) => Some(d.lists()),
            _ => None,
        };
        property
            .map(|l| ListBuf::Properties(l.to_buf()))
            .into_iter()
            .chain(values.map(|l| ListBuf::Values(l.to_buf())))
            .chain(
                disks
                    .into_iter()
                    .flatten()
                    .map(|l| ListBuf::Values(l.to_buf())),
            )
    }

    /// Encodes the buffer into a new vector.
    ///
    /// # Errors
    /// As [`Buffer::encode_into`] (never in practice: the size is exact).
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8; self.encoded_len()];
        let written = self.encode_into(&mut out)?;
        out.truncate(written);
        Ok(out)
    }
}
