//! CLUSPROP value lists and property lists: the buffers of almost every
//! ClusAPI control code (`GET_*_PROPERTIES`, `SET_*`, `VALIDATE_*`,
//! `GET_REQUIRED_DEPENDENCIES`, the storage disk-info codes, ...). Lossless
//! and zero-copy, strict for dependents and lenient-but-honest for
//! captures; no allocator needed for the views.
//!
//! # The format
//!
//! Everything is little-endian; entries are 4-byte aligned relative to the
//! start of the list (never 8: 64-bit values are read unaligned).
//!
//! ```text
//! entry         = syntax:u32 length:u32 data[length] pad    ; pad: 0-3 bytes to a multiple of 4
//!               / ENDMARK                                   ; syntax 0 alone: 4 bytes, no length
//! value-list    = *value ENDMARK                            ; no count
//! property-list = count:u32 count*property [ENDMARK]        ; the trailer: Windows sends it, MS-CMRP omits it
//! property      = name 1*value ENDMARK
//! name          = entry with syntax CLUSPROP_SYNTAX_NAME (0x00040003): UTF-16LE text, NUL
//! value         = entry whose syntax is neither ENDMARK nor NAME (in a value list NAME is a value)
//! ```
//!
//! `length` counts the data only: the NUL of strings (both final NULs of a
//! multi-string), never the padding. The [`Syntax`] is a type (high 16
//! bits, [`PropertyType`]) and a format (low 16 bits, [`PropertyFormat`]);
//! the 27 predefined syntaxes are associated constants. Payload rules
//! checked for the predefined syntaxes (user and unknown syntaxes are kept
//! as syntax + raw bytes, never rejected):
//!
//! | syntax | data |
//! |---|---|
//! | `LIST_VALUE_DWORD`, `_LONG`, `DISK_SIGNATURE`, `DISK_NUMBER`, `SCSI_ADDRESS` | exactly 4 bytes |
//! | `LIST_VALUE_WORD` | exactly 2 bytes (then 2 pad bytes) |
//! | `LIST_VALUE_ULARGE_INTEGER`, `_LARGE_INTEGER`, `_FILETIME`, `DISK_SIZE` | exactly 8 bytes |
//! | `RESCLASS` | 4 (class) or 8 (class, subclass) bytes |
//! | `PARTITION_INFO` / `_EX` / `_EX2` | 1120 / 1160 / at least 1700 bytes |
//! | `FTSET_INFO` | at least 8 bytes |
//! | `NAME`, `LIST_VALUE_SZ`, `_EXPAND_SZ`, `_EXPANDED_SZ`, `DISK_SERIALNUMBER`, `DISK_GUID` | UTF-16LE, even length, ends with its only NUL unit |
//! | `LIST_VALUE_MULTI_SZ` | a valid [`MultiSz`](crate::MultiSz) |
//! | `LIST_VALUE_BINARY`, `_SECURITY_DESCRIPTOR`, `_PROPERTY_LIST`, `STORAGE_DEVICE_ID_DESCRIPTOR`, others | any bytes (a nested property list decodes on request: [`Value::property_list`]) |
//!
//! # Edge cases and verdicts
//!
//! Offsets are bytes from the start of the buffer handed to the decoder
//! (for a nested list: of the outer buffer). Strict is
//! [`PropertyList::decode`] / [`ValueList::decode`]; lenient is
//! `decode_lenient`, which never fails and reports a [`Deviation`] of the
//! same kind at the same offset where strict decoding fails. Kinds are
//! [`ClusPropErrorKind`](crate::ClusPropErrorKind) variants.
//!
//! | input | strict | lenient |
//! |---|---|---|
//! | property list with the list-level ENDMARK (Windows Server 2012 R2, I-2) | accepted, [`has_endmark`](PropertyList::has_endmark) `true` | the same |
//! | property list without it (MS-CMRP §4.1, docs, os-win) | accepted, `has_endmark` `false` | the same |
//! | `00000000` / `00000000 00000000` (no property) | empty list, without / with trailer | the same |
//! | 0–3 bytes (no count) | `TruncatedHeader` at 0 | empty list + that deviation |
//! | cut inside a syntax or length field | `TruncatedHeader` at the field | every property before it (the cut one with the values it has) + deviation |
//! | cut inside an entry's data | `LengthPastEnd` at the entry | the same recovery |
//! | cut inside an entry's padding | `PaddingPastEnd` at the padding | the entry is recovered |
//! | cut at an entry boundary before a property's ENDMARK | `MissingEndmark` at the end | the same recovery |
//! | count larger than the properties (end of buffer or ENDMARK where a name should be) | `MissingProperty` there | the properties present (an ENDMARK there is taken as the trailer) |
//! | count smaller than the properties | `TrailingData` at the first extra property | the counted properties + `TrailingData` |
//! | bytes after the list (after the trailer, if any; also 1–3 stray bytes) | `TrailingData` at the first | the list + `TrailingData` |
//! | a property starts with another syntax | `ExpectedName` at that entry | properties before it |
//! | NAME where a value or ENDMARK should be (ENDMARK missing) | `MissingEndmark` at the NAME | a new property starts there |
//! | property with a name and no value | `PropertyWithoutValue` at its ENDMARK | the property, with no value |
//! | name of odd length / without NUL / with a NUL inside | `NameOddLength` / `NameNotTerminated` at the entry, `NameContainsNul` at the NUL | the name up to its first NUL |
//! | empty name (length 2: just the NUL) | accepted | accepted |
//! | more than three values (I-6), `EXPAND_SZ` + `EXPANDED_SZ` twins | accepted | accepted |
//! | `RESCLASS` of 4 or 8 bytes (I-7) | accepted | accepted |
//! | `PARTITION_INFO_EX2` of 1700 or 1704 bytes (I-10) | accepted | accepted |
//! | DWORD value of 3 bytes (any fixed-size syntax with a wrong length) | `ValueLength` at the entry | kept raw; the typed accessor fails |
//! | string value of length 20 for 18 bytes of text (MS-CMRP §4.1 literally, I-1) | `StringContainsNul` at the first extra NUL | kept; [`Value::string`] gives the text before it |
//! | empty string value (length 2 + 2 pad) | accepted | accepted |
//! | string of odd length / length 0 / no final NUL | `StringNotTerminated` at the entry | kept raw |
//! | invalid multi-string value | `InvalidMultiSz` at the offset the multi-string decoder reports | kept raw |
//! | non-zero padding ("MUST be ignored") | accepted, kept for the round trip | accepted + `NonZeroPadding` at the first non-zero pad byte |
//! | user syntax (`0x8000` range) or unknown syntax | kept as syntax + raw bytes | the same |
//! | value list: no ENDMARK / bytes after it | `MissingEndmark` at the end / `TrailingData` | values + deviation |
//! | value list: several lists back to back (storage codes, I-8) | `TrailingData`; [`ValueList::decode_prefix`] takes one at a time | — |
//!
//! Lenient decoding keeps up to [`MAX_DEVIATIONS`] deviations inline and
//! counts the rest.
//!
//! # Encoding
//!
//! [`PropertyListBuf`] and [`ValueListBuf`] (with `alloc`) build lists with
//! typed setters, and encode with `encoded_len`, `encode_into` (too small:
//! [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
//! with the required size, like `ERROR_MORE_DATA`) and `to_vec`. Padding is
//! zero; the list-level ENDMARK is emitted by default (as Windows does) and
//! can be turned off. A list copied from a decoded view
//! ([`PropertyList::to_buf`], `PropertyListBuf::from(&view)`) keeps its
//! trailer form and its padding bytes, so every list strict decoding
//! accepts re-encodes byte for byte.
//!
//! ```
//! # #[cfg(feature = "alloc")] {
//! use clusctl::clusprop::{PropertyList, PropertyListBuf, ValueBuf};
//!
//! let mut list = PropertyListBuf::new();
//! list.push_dword("FixQuorum", 0)?
//!     .push("Path", [ValueBuf::expand_sz("%SystemRoot%")?, ValueBuf::expanded_sz("C:\\Windows")?])?;
//! let bytes = list.to_vec();
//!
//! let view = PropertyList::decode(&bytes)?;
//! let mut properties = view.iter();
//! assert_eq!(properties.next().unwrap().value().unwrap().dword()?, 0);
//! let path = properties.next().unwrap();
//! assert!(path.name() == "Path");
//! assert_eq!(path.len(), 2);
//! assert_eq!(view.to_buf().to_vec(), bytes);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # JSON (feature `serde`)
//!
//! The views serialize, the owned types serialize and deserialize, to the
//! same shape:
//!
//! ```json
//! {
//!   "endmark": true,
//!   "properties": [
//!     { "name": "FixQuorum",
//!       "values": [ { "syntax": "CLUSPROP_SYNTAX_LIST_VALUE_DWORD", "value": 0 } ] },
//!     { "name": "Blob",
//!       "values": [ { "syntax": "0x80000001", "hex": "0102ff" } ] }
//!   ]
//! }
//! ```
//!
//! A value list is `{ "values": [...] }`. A value's `syntax` is its SDK name
//! or `0x` and eight hex digits (on input also a number). `value` is typed
//! by the format: a number for DWORD, LONG, WORD, ULARGE_INTEGER,
//! LARGE_INTEGER and FILETIME; a string for the SZ formats (NAME,
//! EXPAND_SZ, EXPANDED_SZ, DISK_GUID, ...); an array of strings for
//! MULTI_SZ. Everything else (binary, security descriptors, the storage
//! structs, nested lists, user and unknown syntaxes, and any payload that
//! does not fit its syntax or is not valid UTF-16) is `hex` instead. A
//! property name that is not valid UTF-16 is `name_hex`. Non-zero padding
//! bytes, when a decoded list had them, are kept as `pad` (hex) so the JSON
//! round trip is lossless too. A `RESCLASS` value also shows `class` and
//! `subclass`, a `SCSI_ADDRESS` value `scsi_address` (`port_number`,
//! `path_id`, `target_id`, `lun`) and a `PARTITION_INFO*` value `partition`
//! (its fields), beside the `hex` that keeps the bytes. The views add each property's and value's byte `offset`,
//! and lenient views their `deviations` (`[{"offset", "message"}]`);
//! deserializing ignores those, so the JSON of a decoded view reads back as
//! the owned list (decode → edit → encode).

#[cfg(feature = "alloc")]
mod buf;
mod deviation;
mod list;
mod payload;
#[cfg(feature = "serde")]
mod serde_impl;
mod syntax;
pub(crate) mod walk;

#[cfg(feature = "alloc")]
pub use buf::{PropertyBuf, PropertyListBuf, ValueBuf, ValueListBuf};
pub use deviation::{Deviation, MAX_DEVIATIONS};
pub use list::{Properties, Property, PropertyList, Value, ValueList, Values};
pub use payload::{
    FileTime, Guid, PARTITION_INFO_EX_LEN, PARTITION_INFO_EX2_LEN, PARTITION_INFO_LEN,
    PartitionInfo, PartitionInfoEx, PartitionInfoEx2, ResourceClassInfo, ScsiAddress, TypedValue,
};
pub use syntax::{PropertyFormat, PropertyType, Syntax};
