//! `serde::Serialize` for [`Buffer`] and the types it carries (feature
//! `serde`): the document `clusctl decode --json` prints, minus the fields
//! that describe the call (code, direction, ...).
//!
//! The shape is documented in the [`buffers`](super) module docs.

use core::fmt;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::{Buffer, Disk, FieldType, FieldValue, Records, Struct};
use crate::checkpoint::{Utf16Checkpoint, Utf16RegistryKeyPath};
use crate::clusprop::{Deviation, Property, PropertyFormat};
use crate::error::DecodeError;
use crate::multi_sz::{self, MultiSz, Utf16LeStr};

/// Bytes as lowercase hex, without allocating.
pub(super) struct Hex<'a>(pub(super) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// UTF-16 units as text, NULs included, unpaired surrogates as U+FFFD.
struct Units<'a>(&'a [u8]);

impl fmt::Display for Units<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = self
            .0
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]));
        for c in char::decode_utf16(units) {
            fmt::Write::write_char(f, c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

/// `Debug` through `Display`, for `collect_str`.
struct AsDebug<T>(T);

impl<T: fmt::Debug> fmt::Display for AsDebug<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A `Display` value serialized as a string.
struct Str<T>(T);

impl<T: fmt::Display> Serialize for Str<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

struct ErrorJson(DecodeError);

impl Serialize for ErrorJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("kind", &Str(AsDebug(self.0.kind())))?;
        m.serialize_entry("offset", &self.0.offset())?;
        m.serialize_entry("message", &Str(self.0))?;
        m.end()
    }
}

/// `{offset, text, error}` for an item that did not decode.
fn error_item<S: SerializeSeq>(
    seq: &mut S,
    offset: usize,
    raw: Utf16LeStr<'_>,
    err: DecodeError,
) -> Result<(), S::Error> {
    struct Item<'a>(usize, Utf16LeStr<'a>, DecodeError);
    impl Serialize for Item<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(3))?;
            m.serialize_entry("offset", &self.0)?;
            m.serialize_entry("text", &Str(self.1))?;
            m.serialize_entry("error", &ErrorJson(self.2))?;
            m.end()
        }
    }
    seq.serialize_element(&Item(offset, raw, err))
}

impl Serialize for Utf16Checkpoint<'_> {
    /// `{offset, text, type, type_name, type_text, provider, key,
    /// deviations}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Deviations<'a>(Utf16Checkpoint<'a>);
        impl Serialize for Deviations<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.deviations().map(|d| Str(AsDebug(d))))
            }
        }
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("offset", &self.as_utf16().offset())?;
        m.serialize_entry("text", &Str(self))?;
        m.serialize_entry("type", &self.provider_type().get())?;
        m.serialize_entry("type_name", &self.provider_type().name())?;
        m.serialize_entry("type_text", &Str(self.type_text()))?;
        m.serialize_entry("provider", &self.provider_name().map(Str))?;
        m.serialize_entry("key", &Str(self.key_container()))?;
        m.serialize_entry("deviations", &Deviations(*self))?;
        m.end()
    }
}

impl Serialize for Utf16RegistryKeyPath<'_> {
    /// `{offset, path}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("offset", &self.as_utf16().offset())?;
        m.serialize_entry("path", &Str(self))?;
        m.end()
    }
}

/// `{offset, text}` of a plain string; with `error` when it holds an
/// unpaired surrogate.
struct TextItem<'a>(Utf16LeStr<'a>);

impl Serialize for TextItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bad = self.0.chars().find_map(Result::err);
        let mut m = s.serialize_map(Some(2 + usize::from(bad.is_some())))?;
        m.serialize_entry("offset", &self.0.offset())?;
        m.serialize_entry("text", &Str(self.0))?;
        if let Some(err) = bad {
            m.serialize_entry("error", &ErrorJson(err))?;
        }
        m.end()
    }
}

/// `{offset, value}`.
struct Number<T>(usize, T);

impl<T: Serialize> Serialize for Number<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("offset", &self.0)?;
        m.serialize_entry("value", &self.1)?;
        m.end()
    }
}

impl Serialize for FieldValue<'_> {
    /// Numbers as numbers, `BOOL`s 0/1 as booleans, text as text, bytes as
    /// hex, multi-strings as lists of text, records as lists of fields.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Uint(v) => s.serialize_u32(*v),
            Self::Uint64(v) => s.serialize_u64(*v),
            Self::Bool(0) => s.serialize_bool(false),
            Self::Bool(1) => s.serialize_bool(true),
            Self::Bool(v) => s.serialize_u32(*v),
            Self::Guid(g) => s.collect_str(g),
            Self::SystemTime(w) => {
                let mut m = s.serialize_map(Some(8))?;
                for (key, value) in [
                    "year",
                    "month",
                    "day_of_week",
                    "day",
                    "hour",
                    "minute",
                    "second",
                    "milliseconds",
                ]
                .iter()
                .zip(w)
                {
                    m.serialize_entry(key, value)?;
                }
                m.end()
            }
            Self::Text(t) => s.collect_str(t),
            Self::Utf16(b) => s.collect_str(&Units(b)),
            Self::MultiSz(list) => list.serialize(s),
            Self::Bytes(b) => s.collect_str(&Hex(b)),
            Self::Records(r) => r.serialize(s),
        }
    }
}

impl Serialize for MultiSz<'_> {
    /// The strings, as a list of text (lossy).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(Str))
    }
}

fn type_name(ty: FieldType) -> TypeName {
    TypeName(ty)
}

struct TypeName(FieldType);

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            FieldType::U8 => f.write_str("u8"),
            FieldType::U16 => f.write_str("u16"),
            FieldType::U32 => f.write_str("u32"),
            FieldType::U64 => f.write_str("u64"),
            FieldType::Bool8 => f.write_str("bool8"),
            FieldType::Bool32 => f.write_str("bool32"),
            FieldType::Guid => f.write_str("guid"),
            FieldType::SystemTime => f.write_str("systemtime"),
            FieldType::WcharArray(n) => write!(f, "wchar[{n}]"),
            FieldType::Bytes(n) => write!(f, "bytes[{n}]"),
            FieldType::TextTail => f.write_str("wchar*"),
            FieldType::Utf16Tail => f.write_str("utf16*"),
            FieldType::MultiSzTail => f.write_str("multi-sz*"),
            FieldType::BytesTail => f.write_str("bytes*"),
            FieldType::Array(r) => write!(f, "array[{}]*", r.name()),
        }
    }
}

/// The fields of a struct, as a list of `{offset, name, type, value}`.
struct Fields<'a>(Struct<'a>);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct F<'a>(usize, &'static super::Field, FieldValue<'a>);
        impl Serialize for F<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("offset", &self.0)?;
                m.serialize_entry("name", self.1.name())?;
                m.serialize_entry("type", &Str(type_name(self.1.ty())))?;
                m.serialize_entry("value", &self.2)?;
                m.end()
            }
        }
        let base = self.0.offset();
        s.collect_seq(
            self.0
                .fields()
                .map(|(field, value)| F(base + field.offset(), field, value)),
        )
    }
}

impl Serialize for Struct<'_> {
    /// `{struct, offset, fields}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("struct", self.layout().name())?;
        m.serialize_entry("offset", &self.offset())?;
        m.serialize_entry("fields", &Fields(*self))?;
        m.end()
    }
}

impl Serialize for Records<'_> {
    /// The records, each as a [`Struct`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// `{offset, message}`.
struct DeviationItem<T>(usize, T);

impl<T: fmt::Display> Serialize for DeviationItem<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("offset", &self.0)?;
        m.serialize_entry("message", &Str(&self.1))?;
        m.end()
    }
}

/// Whether `text` is well-formed UTF-16 (else it is shown as hex).
fn valid_text(text: Utf16LeStr<'_>) -> bool {
    text.chars().all(|c| c.is_ok())
}

/// `{offset, name, values}` (and `format` for a property-format list).
struct PropertyItem<'a>(Property<'a>, Option<Option<PropertyFormat>>);

impl Serialize for PropertyItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(Property<'a>);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.values())
            }
        }
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("offset", &p.offset())?;
        let name = p.name();
        if valid_text(name) {
            m.serialize_entry("name", &Str(name))?;
        } else {
            m.serialize_entry("name_hex", &Str(Hex(name.as_bytes())))?;
        }
        if let Some(format) = self.1 {
            match format {
                Some(f) => m.serialize_entry("format", &Str(f))?,
                None => m.serialize_entry("format", &None::<&str>)?,
            }
        }
        m.serialize_entry("values", &Values(p))?;
        m.end()
    }
}

/// `{offset, disk, values}`.
struct DiskItem<'a>(usize, Disk<'a>);

impl Serialize for DiskItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(Disk<'a>);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.values())
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("offset", &self.1.offset())?;
        m.serialize_entry("disk", &self.0)?;
        m.serialize_entry("values", &Values(self.1))?;
        m.end()
    }
}

struct Items<'b, 'a>(&'b Buffer<'a>);

impl Serialize for Items<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.count()))?;
        match self.0 {
            Buffer::Empty | Buffer::Unknown { .. } | Buffer::Bytes(_) => {}
            Buffer::PropertyList(list) => {
                for p in list.iter() {
                    seq.serialize_element(&PropertyItem(p, None))?;
                }
            }
            Buffer::PropertyFormats(list) => {
                for (p, format) in list.iter() {
                    seq.serialize_element(&PropertyItem(p, Some(format)))?;
                }
            }
            Buffer::ValueList(list) => {
                for v in list.iter() {
                    seq.serialize_element(&v)?;
                }
            }
            Buffer::RequiredDependencies(list) => {
                for v in list.list().iter() {
                    seq.serialize_element(&v)?;
                }
            }
            Buffer::StorageDisks(disks) => {
                for (i, disk) in disks.disks().enumerate() {
                    seq.serialize_element(&DiskItem(i + 1, disk))?;
                }
            }
            Buffer::CryptoCheckpoints(list) => {
                for (raw, item) in list.raw_items().zip(list.iter()) {
                    match item {
                        Ok(c) => seq.serialize_element(&c)?,
                        Err(err) => error_item(&mut seq, raw.offset(), raw, err)?,
                    }
                }
            }
            Buffer::RegistryCheckpoints(list) => {
                for (raw, item) in list.raw_items().zip(list.iter()) {
                    match item {
                        Ok(p) => seq.serialize_element(&p)?,
                        Err(err) => error_item(&mut seq, raw.offset(), raw, err)?,
                    }
                }
            }
            Buffer::CryptoCheckpoint(single) => seq.serialize_element(&single.value())?,
            Buffer::RegistryCheckpoint(single) => seq.serialize_element(&single.value())?,
            Buffer::MultiSz(list) => {
                for raw in list.raw_items() {
                    seq.serialize_element(&TextItem(raw))?;
                }
            }
            Buffer::Sz(single) => seq.serialize_element(&TextItem(single.value()))?,
            Buffer::Dword(v) => seq.serialize_element(&Number(0, v))?,
            Buffer::DwordArray(a) => {
                for (i, v) in a.iter().enumerate() {
                    seq.serialize_element(&Number(i * 4, v))?;
                }
            }
            Buffer::Ularge(v) => seq.serialize_element(&Number(0, v))?,
            Buffer::Filetime(t) => seq.serialize_element(&Number(0, t.get()))?,
            Buffer::Guid(g) => seq.serialize_element(&Number(0, Str(g)))?,
            Buffer::DwordSz(v, text) => {
                seq.serialize_element(&Number(0, v))?;
                let text = text.value();
                seq.serialize_element(&TextItem(Utf16LeStr::new_unchecked_at(text.as_bytes(), 4)))?;
            }
            Buffer::DwordUlarge(a, b) => {
                seq.serialize_element(&Number(0, a))?;
                seq.serialize_element(&Number(4, b))?;
            }
            Buffer::Struct(st) => {
                struct F<'a>(&'static super::Field, FieldValue<'a>);
                impl Serialize for F<'_> {
                    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        let mut m = s.serialize_map(Some(4))?;
                        m.serialize_entry("offset", &self.0.offset())?;
                        m.serialize_entry("name", self.0.name())?;
                        m.serialize_entry("type", &Str(type_name(self.0.ty())))?;
                        m.serialize_entry("value", &self.1)?;
                        m.end()
                    }
                }
                for (field, value) in st.fields() {
                    seq.serialize_element(&F(field, value))?;
                }
            }
        }
        seq.end()
    }
}

struct Deviations<'b, 'a>(&'b Buffer<'a>);

impl Serialize for Deviations<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn list(
            d: &[multi_sz::Deviation],
        ) -> impl Iterator<Item = DeviationItem<multi_sz::Deviation>> + '_ {
            d.iter().map(|d| DeviationItem(d.offset(), *d))
        }
        fn props(d: &[Deviation]) -> impl Iterator<Item = DeviationItem<Deviation>> + '_ {
            d.iter().map(|d| DeviationItem(d.offset(), *d))
        }
        match self.0 {
            Buffer::CryptoCheckpoints(l) => s.collect_seq(list(l.deviations())),
            Buffer::RegistryCheckpoints(l) => s.collect_seq(list(l.deviations())),
            Buffer::MultiSz(l) => s.collect_seq(list(l.deviations())),
            Buffer::PropertyList(l) => s.collect_seq(props(l.deviations())),
            Buffer::PropertyFormats(l) => s.collect_seq(props(l.list().deviations())),
            Buffer::ValueList(l) => s.collect_seq(props(l.deviations())),
            Buffer::RequiredDependencies(l) => s.collect_seq(props(l.list().deviations())),
            Buffer::StorageDisks(l) => s.collect_seq(props(l.deviations())),
            Buffer::CryptoCheckpoint(x) => {
                s.collect_seq(x.deviation().map(|d| DeviationItem(d.offset(), d)))
            }
            Buffer::RegistryCheckpoint(x) => {
                s.collect_seq(x.deviation().map(|d| DeviationItem(d.offset(), d)))
            }
            Buffer::Sz(x) => s.collect_seq(x.deviation().map(|d| DeviationItem(d.offset(), d))),
            Buffer::DwordSz(_, x) => s.collect_seq(
                x.deviation()
                    .map(|d| DeviationItem(d.offset() + 4, Shifted(d))),
            ),
            _ => s.collect_seq(core::iter::empty::<DeviationItem<&str>>()),
        }
    }
}

/// A string deviation of the text after a `dword+sz`'s DWORD: its offsets
/// are 4 bytes further in the buffer.
struct Shifted(super::SzDeviation);

impl fmt::Display for Shifted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::SzDeviation as D;
        let shifted = match self.0 {
            D::Unterminated { offset } => D::Unterminated { offset: offset + 4 },
            D::TrailingData { offset, len } => D::TrailingData {
                offset: offset + 4,
                len,
            },
        };
        fmt::Display::fmt(&shifted, f)
    }
}

impl Serialize for Buffer<'_> {
    /// `{format, count, items, deviations}` (and `struct` or `hex`): see
    /// the [`buffers`](crate::buffers#json-feature-serde) module docs.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.format() {
            Some(format) => m.serialize_entry("format", &Str(format))?,
            None => m.serialize_entry("format", "unknown")?,
        }
        if let Buffer::Struct(st) = self {
            m.serialize_entry("struct", st.layout().name())?;
        }
        match self {
            Buffer::PropertyList(l) => m.serialize_entry("endmark", &l.has_endmark())?,
            Buffer::PropertyFormats(l) => m.serialize_entry("endmark", &l.list().has_endmark())?,
            _ => {}
        }
        if let Buffer::Unknown { bytes, .. } | Buffer::Bytes(bytes) = self {
            m.serialize_entry("hex", &Str(Hex(bytes)))?;
        }
        m.serialize_entry("count", &self.count())?;
        m.serialize_entry("items", &Items(self))?;
        m.serialize_entry("deviations", &Deviations(self))?;
        m.end()
    }
}
