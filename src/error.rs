//! The crate's error types.
//!
//! Every error is small, `Copy`, allocation-free and says *where*: decoding
//! and parsing errors carry a byte offset counted from the start of the
//! buffer (or string) handed to the public entry point, encoding errors carry
//! the required and available sizes or the index of the offending item.
//!
//! The kinds are `#[non_exhaustive]` so new formats can add variants without
//! a breaking release; the types have the same shape under every feature set.

use core::fmt;

/// What went wrong while decoding bytes.
///
/// Offsets in the accompanying [`DecodeError`] are byte offsets into the
/// buffer given to the public decoding function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The buffer has an odd number of bytes, so it cannot be UTF-16; the
    /// offset is that of the lone last byte.
    OddLength,
    /// The last item has no terminating NUL code unit; the offset is where
    /// the item starts.
    UnterminatedItem,
    /// The items are all terminated but the closing NUL of the list is
    /// missing; the offset is the end of the buffer, where it should be.
    MissingListTerminator,
    /// Bytes follow the end of the format (a multi-string's terminator, a
    /// string's NUL, a fixed-size buffer's size, an empty buffer's start);
    /// the offset is the first of them.
    TrailingData,
    /// A UTF-16 code unit is a surrogate without its partner; the offset is
    /// that of the code unit.
    UnpairedSurrogate,
    /// The buffer is shorter than the format needs; the offset is the end of
    /// the buffer.
    Truncated,
    /// A string that must not be empty is empty; the offset is where it
    /// starts.
    EmptyString,
    /// A NUL code unit inside a string that must not contain one; the
    /// offset is that of the code unit.
    UnexpectedNul,
    /// A checkpoint string does not follow its grammar (see
    /// [`crate::checkpoint`]).
    Checkpoint(CheckpointErrorKind),
    /// A registry checkpoint path does not follow its grammar (see
    /// [`crate::checkpoint`]).
    RegistryPath(RegistryPathErrorKind),
    /// A value list or property list does not follow its format (see
    /// [`crate::clusprop`]).
    ClusProp(ClusPropErrorKind),
    /// An MS-CMRP stub or a DCE/RPC PDU breaks an NDR or framing rule (see
    /// [`crate::rpc`]).
    Rpc(RpcErrorKind),
}

/// What is wrong with a CLUSPROP value list or property list, or with one
/// of its values (see [`crate::clusprop`] for the format and the offset each
/// kind reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClusPropErrorKind {
    /// The buffer ends inside a 4-byte field (the property count, a syntax
    /// or a length); the offset is where the field starts.
    TruncatedHeader,
    /// An entry's length runs past the end of the buffer; the offset is
    /// where the entry starts.
    LengthPastEnd,
    /// An entry's data fits but its padding to 4 bytes does not; the offset
    /// is where the padding starts.
    PaddingPastEnd,
    /// A value list or a property's values end without an ENDMARK (the end
    /// of the buffer, or a property name, comes first); the offset is where
    /// the ENDMARK should be.
    MissingEndmark,
    /// The property count is larger than the properties present; the offset
    /// is where the next property should start.
    MissingProperty,
    /// A property does not start with a `CLUSPROP_SYNTAX_NAME` entry; the
    /// offset is that of the entry found.
    ExpectedName,
    /// A property has a name but no value; the offset is that of its
    /// ENDMARK.
    PropertyWithoutValue,
    /// A property name has an odd number of bytes; the offset is that of
    /// the name entry.
    NameOddLength,
    /// A property name is empty (length 0) or does not end with a NUL code
    /// unit; the offset is that of the name entry.
    NameNotTerminated,
    /// A property name has a NUL code unit before its end; the offset is
    /// that of the code unit.
    NameContainsNul,
    /// A value's length does not fit its syntax (a DWORD that is not 4
    /// bytes, ...); the offset is that of the value entry.
    ValueLength,
    /// A string value has an odd length, is empty or does not end with a
    /// NUL code unit; the offset is that of the value entry.
    StringNotTerminated,
    /// A string value has a NUL code unit before its end (for example the
    /// MS-CMRP example's length that counts the padding); the offset is that
    /// of the code unit.
    StringContainsNul,
    /// A multi-string value is not a valid multi-string; the offset is the
    /// one the multi-string decoder reports, in the whole buffer.
    InvalidMultiSz,
    /// Padding bytes are not zero (tolerated: the format says to ignore
    /// them; reported by lenient decoding only); the offset is that of the
    /// first non-zero byte.
    NonZeroPadding,
    /// Bytes follow the list (after its optional trailing ENDMARK); the
    /// offset is the first of them.
    TrailingData,
    /// A typed accessor was called on a value of another syntax; the offset
    /// is that of the value entry.
    UnexpectedSyntax,
}

impl fmt::Display for ClusPropErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TruncatedHeader => "buffer ends inside a list field",
            Self::LengthPastEnd => "entry length runs past the end of the buffer",
            Self::PaddingPastEnd => "entry padding runs past the end of the buffer",
            Self::MissingEndmark => "expected an ENDMARK",
            Self::MissingProperty => "property count larger than the properties present",
            Self::ExpectedName => "expected a property name entry",
            Self::PropertyWithoutValue => "property without a value",
            Self::NameOddLength => "property name of odd length",
            Self::NameNotTerminated => "property name not terminated by a NUL code unit",
            Self::NameContainsNul => "NUL code unit inside a property name",
            Self::ValueLength => "value length does not fit its syntax",
            Self::StringNotTerminated => "string value not terminated by a NUL code unit",
            Self::StringContainsNul => "NUL code unit inside a string value",
            Self::InvalidMultiSz => "invalid multi-string value",
            Self::NonZeroPadding => "non-zero padding",
            Self::TrailingData => "trailing data after the list",
            Self::UnexpectedSyntax => "value of another syntax",
        })
    }
}

/// What is wrong with a crypto checkpoint string `Type\Name\Key`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CheckpointErrorKind {
    /// The provider type is empty (the string starts with `\`).
    EmptyType,
    /// The provider type has a character that is not an ASCII digit (a sign,
    /// a space, a name such as `PROV_RSA_FULL`); the offset is that character.
    InvalidTypeDigit,
    /// The provider type has a leading zero (strict mode only).
    LeadingZero,
    /// The provider type does not fit a `u32`.
    TypeOverflow,
    /// The provider type is outside `1..=999`, the range CryptAcquireContext
    /// accepts (strict mode only).
    TypeOutOfRange,
    /// The string has no `\` after the provider type.
    MissingNameSeparator,
    /// The string has no `\` after the provider name.
    MissingKeySeparator,
    /// The key container name is empty (strict mode only).
    EmptyKey,
    /// The string contains a NUL character, which the wire format cannot
    /// carry inside a string.
    Nul,
}

/// What is wrong with a registry checkpoint key path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RegistryPathErrorKind {
    /// The path is empty.
    Empty,
    /// The path starts with `\`; paths are relative to `HKEY_LOCAL_MACHINE`.
    LeadingSeparator,
    /// Two separators follow each other, or the path ends with one: a key
    /// name would be empty.
    EmptyComponent,
    /// The path contains a NUL character.
    Nul,
}

/// An error from decoding a buffer: its [kind](DecodeErrorKind) and the byte
/// offset where it was found.
///
/// ```
/// use clusctl::{DecodeErrorKind, MultiSz};
///
/// let err = MultiSz::decode(&[b'A', 0, 0]).unwrap_err();
/// assert_eq!(err.kind(), DecodeErrorKind::OddLength);
/// assert_eq!(err.offset(), 2);
/// assert_eq!(err.to_string(), "odd number of bytes in UTF-16 data at byte 2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    offset: usize,
}

impl DecodeError {
    /// Builds an error of `kind` at byte `offset`.
    #[must_use]
    pub const fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The byte offset, from the start of the buffer handed to the public
    /// entry point, where the problem was found.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OddLength => f.write_str("odd number of bytes in UTF-16 data"),
            Self::UnterminatedItem => f.write_str("string not terminated by a NUL code unit"),
            Self::MissingListTerminator => f.write_str("multi-string list terminator missing"),
            Self::TrailingData => f.write_str("unexpected trailing data"),
            Self::UnpairedSurrogate => f.write_str("unpaired UTF-16 surrogate"),
            Self::Truncated => f.write_str("buffer truncated"),
            Self::EmptyString => f.write_str("empty string"),
            Self::UnexpectedNul => f.write_str("unexpected NUL code unit"),
            Self::Checkpoint(kind) => fmt::Display::fmt(kind, f),
            Self::RegistryPath(kind) => fmt::Display::fmt(kind, f),
            Self::ClusProp(kind) => fmt::Display::fmt(kind, f),
            Self::Rpc(kind) => fmt::Display::fmt(kind, f),
        }
    }
}

impl fmt::Display for CheckpointErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EmptyType => "empty provider type in checkpoint",
            Self::InvalidTypeDigit => "expected a decimal digit in the checkpoint provider type",
            Self::LeadingZero => "leading zero in the checkpoint provider type",
            Self::TypeOverflow => "checkpoint provider type does not fit 32 bits",
            Self::TypeOutOfRange => "checkpoint provider type outside 1..=999",
            Self::MissingNameSeparator => "expected '\\' after the checkpoint provider type",
            Self::MissingKeySeparator => "expected '\\' after the checkpoint provider name",
            Self::EmptyKey => "empty key container name in checkpoint",
            Self::Nul => "NUL character in checkpoint",
        })
    }
}

impl fmt::Display for RegistryPathErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "empty registry key path",
            Self::LeadingSeparator => "registry key path starts with '\\'",
            Self::EmptyComponent => "empty key name in registry key path",
            Self::Nul => "NUL character in registry key path",
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for DecodeError {}

/// What went wrong while encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeErrorKind {
    /// The output buffer is too small: the encoding needs `required` bytes
    /// and the buffer has `available`. Nothing meaningful was written; call
    /// again with a buffer of at least `required` bytes (the ClusAPI
    /// `ERROR_MORE_DATA` contract).
    BufferTooSmall {
        /// Bytes the complete encoding needs.
        required: usize,
        /// Bytes the caller's buffer has.
        available: usize,
    },
    /// Item `index` is empty; an empty string inside a multi-string would
    /// read as the list terminator.
    EmptyItem {
        /// The zero-based index of the item.
        index: usize,
    },
    /// Item `index` contains a NUL code unit at code unit `position`.
    NulInItem {
        /// The zero-based index of the item.
        index: usize,
        /// The zero-based code-unit position of the NUL inside the item.
        position: usize,
    },
    /// A control-code function number does not fit its 18-bit field.
    FunctionOutOfRange {
        /// The refused function number.
        function: u32,
    },
    /// A control-code access value does not fit its 2-bit field.
    AccessOutOfRange {
        /// The refused access value.
        access: u32,
    },
    /// An operation code does not fit 24 bits.
    OperationOutOfRange {
        /// The refused value.
        value: u32,
    },
    /// The value is not valid for the format (for example a checkpoint that
    /// would not parse back); `index` is the item concerned.
    InvalidValue {
        /// The zero-based index of the item.
        index: usize,
    },
    /// A property-list property would have no value (`index` is the
    /// property's), or a value would be an ENDMARK or, inside a property, a
    /// NAME entry (`index` is the value's).
    InvalidEntry {
        /// The zero-based index of the property or value.
        index: usize,
    },
}

/// An error from encoding a value.
///
/// ```
/// use clusctl::{EncodeErrorKind, multi_sz};
///
/// let mut small = [0u8; 4];
/// let err = multi_sz::encode_into(&["AB"], &mut small).unwrap_err();
/// assert_eq!(err.required(), Some(8));
/// assert_eq!(
///     err.kind(),
///     EncodeErrorKind::BufferTooSmall { required: 8, available: 4 }
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EncodeError {
    kind: EncodeErrorKind,
}

impl EncodeError {
    /// Builds an error of `kind`.
    #[must_use]
    pub const fn new(kind: EncodeErrorKind) -> Self {
        Self { kind }
    }

    /// The error for an output buffer of `available` bytes when `required`
    /// are needed.
    #[must_use]
    pub const fn buffer_too_small(required: usize, available: usize) -> Self {
        Self::new(EncodeErrorKind::BufferTooSmall {
            required,
            available,
        })
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> EncodeErrorKind {
        self.kind
    }

    /// The number of bytes the encoding needs, when the error is
    /// [`EncodeErrorKind::BufferTooSmall`].
    #[must_use]
    pub const fn required(&self) -> Option<usize> {
        match self.kind {
            EncodeErrorKind::BufferTooSmall { required, .. } => Some(required),
            _ => None,
        }
    }

    /// The size of the caller's buffer, when the error is
    /// [`EncodeErrorKind::BufferTooSmall`].
    #[must_use]
    pub const fn available(&self) -> Option<usize> {
        match self.kind {
            EncodeErrorKind::BufferTooSmall { available, .. } => Some(available),
            _ => None,
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EncodeErrorKind::BufferTooSmall {
                required,
                available,
            } => write!(
                f,
                "output buffer too small: {required} bytes required, {available} available"
            ),
            EncodeErrorKind::EmptyItem { index } => {
                write!(f, "empty string cannot be encoded at item {index}")
            }
            EncodeErrorKind::NulInItem { index, position } => write!(
                f,
                "NUL code unit at position {position} cannot be encoded at item {index}"
            ),
            EncodeErrorKind::FunctionOutOfRange { function } => write!(
                f,
                "control-code function {function} does not fit 18 bits (largest is 262143)"
            ),
            EncodeErrorKind::AccessOutOfRange { access } => {
                write!(f, "control-code access {access} does not fit 2 bits")
            }
            EncodeErrorKind::OperationOutOfRange { value } => {
                write!(f, "operation code {value:#X} does not fit 24 bits")
            }
            EncodeErrorKind::InvalidValue { index } => {
                write!(f, "value not valid for the format at item {index}")
            }
            EncodeErrorKind::InvalidEntry { index } => {
                write!(f, "entry not valid in a CLUSPROP list at item {index}")
            }
        }
    }
}

impl core::error::Error for EncodeError {}

/// What went wrong while parsing text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is empty.
    Empty,
    /// A character that is not a digit of the number's base.
    InvalidDigit,
    /// The number does not fit the target type.
    Overflow,
    /// The text is neither a number nor a known name.
    UnknownName,
    /// A checkpoint string does not follow its grammar.
    Checkpoint(CheckpointErrorKind),
    /// A registry key path does not follow its grammar.
    RegistryPath(RegistryPathErrorKind),
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("empty text"),
            Self::InvalidDigit => f.write_str("invalid digit"),
            Self::Overflow => f.write_str("number too large"),
            Self::UnknownName => f.write_str("expected a known name, 0x hex or decimal number"),
            Self::Checkpoint(kind) => fmt::Display::fmt(kind, f),
            Self::RegistryPath(kind) => fmt::Display::fmt(kind, f),
        }
    }
}

/// An error from parsing text: its [kind](ParseErrorKind) and the byte
/// offset (in the UTF-8 text) where it was found.
///
/// ```
/// use clusctl::{ControlCode, ParseErrorKind};
///
/// let err = "0x01G".parse::<ControlCode>().unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::InvalidDigit);
/// assert_eq!(err.offset(), 4);
/// assert_eq!(err.to_string(), "invalid digit at byte 4");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseError {
    kind: ParseErrorKind,
    offset: usize,
}

impl ParseError {
    /// Builds an error of `kind` at byte `offset`.
    #[must_use]
    pub const fn new(kind: ParseErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The byte offset in the text where the problem was found.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for ParseError {}

/// What is wrong with an MS-CMRP control-call stub or a DCE/RPC PDU (see
/// [`crate::rpc`] for the layouts and the verdict table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RpcErrorKind {
    /// The PDU's data representation is big-endian; the crate decodes
    /// little-endian stubs only.
    BigEndian,
    /// The in-array `max_count` differs from `nInBufferSize`.
    InSizeMismatch,
    /// The out-array `max_count` differs from the request's
    /// `nOutBufferSize`.
    OutSizeMismatch,
    /// A conformant varying array or string has a non-zero `offset`.
    NonZeroOffset,
    /// The out-array `actual_count` differs from `*lpBytesReturned`.
    BytesReturnedMismatch,
    /// An `actual_count` exceeds its `max_count`.
    ActualExceedsMax,
    /// An alignment padding byte is not zero.
    NonZeroPadding,
    /// `lpInBuffer` is NULL but `nInBufferSize` is not zero (well-formed
    /// NDR that a version 3 server refuses).
    NullWithSize,
    /// The resource-type name is not terminated by a NUL code unit.
    UnterminatedString,
    /// `nOutBufferSize` of a GroupSet call exceeds `0x7FFFFFFF`, the IDL's
    /// `range`.
    OutOfRange,
    /// An NDR64 count or pointer does not fit the 32 bits its value needs.
    CountOverflow,
    /// A PDU header is not DCE/RPC connection-oriented version 5.0.
    BadVersion,
    /// A PDU's `frag_length` or `auth_length` does not fit the PDU.
    BadLength,
    /// A PDU's packet type is not one this crate decodes.
    UnknownPacketType,
}

impl fmt::Display for RpcErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BigEndian => "big-endian data representation is not supported",
            Self::InSizeMismatch => "in-buffer max_count differs from nInBufferSize",
            Self::OutSizeMismatch => "out-buffer max_count differs from nOutBufferSize",
            Self::NonZeroOffset => "non-zero array offset",
            Self::BytesReturnedMismatch => "actual_count differs from lpBytesReturned",
            Self::ActualExceedsMax => "actual_count exceeds max_count",
            Self::NonZeroPadding => "non-zero alignment padding",
            Self::NullWithSize => "NULL lpInBuffer with a non-zero nInBufferSize",
            Self::UnterminatedString => "resource-type name not terminated by NUL",
            Self::OutOfRange => "nOutBufferSize outside 0..=0x7FFFFFFF",
            Self::CountOverflow => "NDR64 value does not fit 32 bits",
            Self::BadVersion => "not a DCE/RPC connection-oriented 5.0 PDU",
            Self::BadLength => "PDU length fields inconsistent",
            Self::UnknownPacketType => "unknown DCE/RPC packet type",
        })
    }
}
