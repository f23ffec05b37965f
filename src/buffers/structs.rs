//! Fixed-layout structs carried directly as control-code buffers
//! (`GET_CLASS_INFO`'s `CLUS_RESOURCE_CLASS_INFO`, the maintenance-mode
//! structs, the storage-replica queries, ...).
//!
//! Their layouts are data (`data/structs.tsv`, generated into
//! `table.rs`): a [`StructLayout`] names the struct, the sizes it may have
//! and its [`Field`]s. A [`Struct`] is a zero-copy view of a buffer checked
//! against its layout; its fields are read on request, never panicking.
//!
//! | size rule | accepted buffer lengths |
//! |---|---|
//! | `N` | exactly `N` |
//! | `N\|M` | `N` or `M` (the sources disagree); fields beyond the end are absent |
//! | `N+` | at least `N`; the last field is a tail (the rest of the buffer) |
//!
//! A tail of records (`array[R]*`) must hold a whole number of records.

use core::fmt;

use crate::clusprop::Guid;
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::multi_sz::{self, MultiSz, Utf16LeStr};

/// The layout of a struct: its SDK name, sizes and fields.
#[derive(PartialEq, Eq, Hash)]
pub struct StructLayout {
    name: &'static str,
    sizes: &'static [usize],
    open: bool,
    fields: &'static [Field],
    source: &'static str,
}

impl StructLayout {
    pub(super) const fn new(
        name: &'static str,
        sizes: &'static [usize],
        open: bool,
        fields: &'static [Field],
        source: &'static str,
    ) -> Self {
        Self {
            name,
            sizes,
            open,
            fields,
            source,
        }
    }

    /// The SDK name (`CLUS_RESOURCE_CLASS_INFO`).
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The sizes the struct may have; with a tail ([`StructLayout::has_tail`])
    /// the one size is a minimum.
    #[must_use]
    pub const fn sizes(&self) -> &'static [usize] {
        self.sizes
    }

    /// Whether the last field takes the rest of the buffer.
    #[must_use]
    pub const fn has_tail(&self) -> bool {
        self.open
    }

    /// The fields, in offset order.
    #[must_use]
    pub const fn fields(&self) -> &'static [Field] {
        self.fields
    }

    /// Where the layout comes from.
    #[must_use]
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// The smallest accepted size.
    #[must_use]
    pub fn min_size(&self) -> usize {
        self.sizes.iter().copied().min().unwrap_or(0)
    }

    /// Checks `len` against the size rule; the error offset is where the
    /// buffer should have ended (too long) or did end (too short).
    fn check_len(&self, bytes: &[u8]) -> Result<(), DecodeError> {
        let len = bytes.len();
        if self.open {
            let min = self.min_size();
            if len < min {
                return Err(DecodeError::new(DecodeErrorKind::Truncated, len));
            }
            return self.check_tail(bytes);
        }
        if self.sizes.contains(&len) {
            return Ok(());
        }
        match self.sizes.iter().copied().filter(|&s| s < len).max() {
            Some(shorter) => Err(DecodeError::new(DecodeErrorKind::TrailingData, shorter)),
            None => Err(DecodeError::new(DecodeErrorKind::Truncated, len)),
        }
    }

    fn check_tail(&self, bytes: &[u8]) -> Result<(), DecodeError> {
        let Some(last) = self.fields.last() else {
            return Ok(());
        };
        let tail = bytes.get(last.offset..).unwrap_or_default();
        match last.ty {
            FieldType::Utf16Tail | FieldType::TextTail if !tail.len().is_multiple_of(2) => Err(
                DecodeError::new(DecodeErrorKind::OddLength, bytes.len() - 1),
            ),
            FieldType::MultiSzTail => MultiSz::decode(tail)
                .map(|_| ())
                .map_err(|e| DecodeError::new(e.kind(), e.offset() + last.offset)),
            FieldType::Array(record) => {
                let size = record.min_size().max(1);
                let rest = tail.len() % size;
                if rest == 0 {
                    Ok(())
                } else {
                    Err(DecodeError::new(
                        DecodeErrorKind::Truncated,
                        bytes.len() - rest,
                    ))
                }
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Debug for StructLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StructLayout")
            .field("name", &self.name)
            .field("sizes", &self.sizes)
            .field("tail", &self.open)
            .finish_non_exhaustive()
    }
}

/// One field of a [`StructLayout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    name: &'static str,
    offset: usize,
    ty: FieldType,
}

impl Field {
    pub(super) const fn new(name: &'static str, offset: usize, ty: FieldType) -> Self {
        Self { name, offset, ty }
    }

    /// The SDK field name.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The byte offset in the struct.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The field's type.
    #[must_use]
    pub const fn ty(&self) -> FieldType {
        self.ty
    }
}

/// The type of a [`Field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldType {
    /// `u8`.
    U8,
    /// `u16`, little-endian.
    U16,
    /// `u32`, little-endian.
    U32,
    /// `u64`, little-endian, read unaligned.
    U64,
    /// A one-byte `BOOLEAN`.
    Bool8,
    /// A four-byte `BOOL`.
    Bool32,
    /// A 16-byte `GUID`.
    Guid,
    /// A `SYSTEMTIME`: eight `u16`s.
    SystemTime,
    /// A fixed array of this many UTF-16 units; the text ends at the first
    /// NUL.
    WcharArray(usize),
    /// This many opaque (reserved or padding) bytes.
    Bytes(usize),
    /// The rest of the buffer as UTF-16 text ending at the first NUL.
    TextTail,
    /// The rest of the buffer as UTF-16 units, NULs included.
    Utf16Tail,
    /// The rest of the buffer as a multi-string.
    MultiSzTail,
    /// The rest of the buffer as opaque bytes.
    BytesTail,
    /// The rest of the buffer as records of a fixed-size struct.
    Array(&'static StructLayout),
}

impl FieldType {
    /// The fixed size in bytes, `None` for a tail.
    #[must_use]
    pub const fn size(self) -> Option<usize> {
        Some(match self {
            Self::U8 | Self::Bool8 => 1,
            Self::U16 => 2,
            Self::U32 | Self::Bool32 => 4,
            Self::U64 => 8,
            Self::Guid | Self::SystemTime => 16,
            Self::WcharArray(n) => n * 2,
            Self::Bytes(n) => n,
            Self::TextTail
            | Self::Utf16Tail
            | Self::MultiSzTail
            | Self::BytesTail
            | Self::Array(_) => {
                return None;
            }
        })
    }
}

/// The value of one field, read from a [`Struct`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// `u8`, `u16` or `u32`.
    Uint(u32),
    /// `u64`.
    Uint64(u64),
    /// `BOOLEAN` or `BOOL`: the raw value (any non-zero is true).
    Bool(u32),
    /// A GUID.
    Guid(Guid),
    /// A `SYSTEMTIME`: year, month, day of week, day, hour, minute, second,
    /// milliseconds.
    SystemTime([u16; 8]),
    /// UTF-16 text (up to the first NUL of its array or tail).
    Text(Utf16LeStr<'a>),
    /// UTF-16 units, NULs included (as bytes).
    Utf16(&'a [u8]),
    /// A multi-string.
    MultiSz(MultiSz<'a>),
    /// Opaque bytes.
    Bytes(&'a [u8]),
    /// Records of a fixed-size struct.
    Records(Records<'a>),
}

/// The records of an `array[R]*` tail.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Records<'a> {
    layout: &'static StructLayout,
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Records<'a> {
    /// The record layout.
    #[must_use]
    pub const fn layout(&self) -> &'static StructLayout {
        self.layout
    }

    /// The number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len() / self.layout.min_size().max(1)
    }

    /// Whether there is no record.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records, in order.
    pub fn iter(&self) -> impl Iterator<Item = Struct<'a>> + 'a {
        let layout = self.layout;
        let size = layout.min_size().max(1);
        let offset = self.offset;
        self.bytes
            .chunks_exact(size)
            .enumerate()
            .map(move |(i, bytes)| Struct {
                layout,
                bytes,
                offset: offset + i * size,
            })
    }
}

impl fmt::Debug for Records<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A struct buffer checked against its [`StructLayout`]: the buffer's
/// length follows the layout's size rule and its tail (if any) is well
/// formed. Field values are read on request.
///
/// ```
/// use clusctl::buffers::{self, Buffer, Direction, FieldValue, Strictness};
/// use clusctl::codes;
///
/// // GET_CLASS_INFO of a "Physical Disk": class STORAGE (1), subclass SHARED.
/// let bytes = [1, 0, 0, 0, 0, 0, 0, 0x80];
/// let code = codes::CLUSCTL_RESOURCE_GET_CLASS_INFO;
/// let Buffer::Struct(info) = buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?
/// else {
///     unreachable!()
/// };
/// assert_eq!(info.layout().name(), "CLUS_RESOURCE_CLASS_INFO");
/// assert_eq!(info.get("SubClass"), Some(FieldValue::Uint(0x8000_0000)));
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Struct<'a> {
    layout: &'static StructLayout,
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Struct<'a> {
    /// Checks `bytes` against `layout`.
    ///
    /// # Errors
    /// [`DecodeErrorKind::Truncated`] (too short, or a partial record),
    /// [`DecodeErrorKind::TrailingData`] (longer than every size), or the
    /// error of a malformed multi-string or odd UTF-16 tail.
    pub fn decode(layout: &'static StructLayout, bytes: &'a [u8]) -> Result<Self, DecodeError> {
        layout.check_len(bytes)?;
        Ok(Self {
            layout,
            bytes,
            offset: 0,
        })
    }

    /// The layout.
    #[must_use]
    pub const fn layout(&self) -> &'static StructLayout {
        self.layout
    }

    /// The buffer, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The struct's byte offset in the buffer it was decoded from.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The fields present in this buffer (a field past the end of a
    /// shorter alternative size is absent) with their values.
    pub fn fields(&self) -> impl Iterator<Item = (&'static Field, FieldValue<'a>)> + 'a {
        let this = *self;
        self.layout
            .fields
            .iter()
            .filter_map(move |field| this.read(field).map(|value| (field, value)))
    }

    /// The value of the field called `name`, if the layout has it and the
    /// buffer reaches it.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<FieldValue<'a>> {
        let field = self.layout.fields.iter().find(|f| f.name == name)?;
        self.read(field)
    }

    fn read(&self, field: &Field) -> Option<FieldValue<'a>> {
        let at = field.offset;
        let rest = self.bytes.get(at..)?;
        let fixed = |n: usize| rest.get(..n);
        let abs = self.offset + at;
        Some(match field.ty {
            FieldType::U8 => FieldValue::Uint(u32::from(*rest.first()?)),
            FieldType::Bool8 => FieldValue::Bool(u32::from(*rest.first()?)),
            FieldType::U16 => {
                FieldValue::Uint(u32::from(u16::from_le_bytes(fixed(2)?.try_into().ok()?)))
            }
            FieldType::U32 => FieldValue::Uint(u32::from_le_bytes(fixed(4)?.try_into().ok()?)),
            FieldType::Bool32 => FieldValue::Bool(u32::from_le_bytes(fixed(4)?.try_into().ok()?)),
            FieldType::U64 => FieldValue::Uint64(u64::from_le_bytes(fixed(8)?.try_into().ok()?)),
            FieldType::Guid => FieldValue::Guid(Guid::from_bytes(fixed(16)?.try_into().ok()?)),
            FieldType::SystemTime => {
                let mut words = [0u16; 8];
                for (word, pair) in words.iter_mut().zip(fixed(16)?.chunks_exact(2)) {
                    *word = u16::from_le_bytes([pair[0], pair[1]]);
                }
                FieldValue::SystemTime(words)
            }
            FieldType::WcharArray(n) => FieldValue::Text(text_to_nul(fixed(n * 2)?, abs)),
            FieldType::Bytes(n) => FieldValue::Bytes(fixed(n)?),
            FieldType::TextTail => FieldValue::Text(text_to_nul(rest, abs)),
            FieldType::Utf16Tail => FieldValue::Utf16(rest),
            FieldType::MultiSzTail => FieldValue::MultiSz(MultiSz::decode(rest).ok()?),
            FieldType::BytesTail => FieldValue::Bytes(rest),
            FieldType::Array(layout) => FieldValue::Records(Records {
                layout,
                bytes: rest,
                offset: abs,
            }),
        })
    }

    /// The bytes [`Struct::encode_into`] writes: the buffer's length.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    /// Encodes the struct: every field from its decoded value, at its
    /// offset; bytes no field covers (padding) are kept as they were.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
    /// with the required size.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let len = self.bytes.len();
        let available = out.len();
        let Some(out) = out.get_mut(..len) else {
            return Err(EncodeError::buffer_too_small(len, available));
        };
        out.copy_from_slice(self.bytes);
        for (field, value) in self.fields() {
            let Some(dst) = out.get_mut(field.offset..) else {
                continue;
            };
            write_field(field.ty, &value, dst);
        }
        Ok(len)
    }
}

fn write_field(ty: FieldType, value: &FieldValue<'_>, dst: &mut [u8]) {
    let mut scratch = [0u8; 16];
    let src: &[u8] = match value {
        FieldValue::Uint(v) | FieldValue::Bool(v) => {
            // Only the field's own width: a u8 or u16 never holds more.
            let width = ty.size().unwrap_or(4).min(4);
            let bytes = v.to_le_bytes();
            let Some(src) = scratch.get_mut(..width) else {
                return;
            };
            src.copy_from_slice(bytes.get(..width).unwrap_or_default());
            src
        }
        FieldValue::Uint64(v) => {
            scratch[..8].copy_from_slice(&v.to_le_bytes());
            &scratch[..8]
        }
        FieldValue::Guid(g) => {
            scratch = g.to_bytes();
            &scratch
        }
        FieldValue::SystemTime(words) => {
            for (pair, word) in scratch.chunks_exact_mut(2).zip(words) {
                pair.copy_from_slice(&word.to_le_bytes());
            }
            &scratch
        }
        FieldValue::Text(t) => t.as_bytes(),
        FieldValue::Utf16(b) | FieldValue::Bytes(b) => b,
        FieldValue::MultiSz(m) => m.as_bytes(),
        FieldValue::Records(r) => {
            let size = r.layout.min_size();
            for (i, record) in r.iter().enumerate() {
                if let Some(d) = dst.get_mut(i * size..) {
                    let _ = record.encode_into(d);
                }
            }
            return;
        }
    };
    if let Some(d) = dst.get_mut(..src.len()) {
        d.copy_from_slice(src);
    }
}

/// The text of a UTF-16 array up to its first NUL (all of it without one).
fn text_to_nul(bytes: &[u8], offset: usize) -> Utf16LeStr<'_> {
    let even = bytes.get(..bytes.len() & !1).unwrap_or_default();
    let end = multi_sz::scan::find_nul(even).unwrap_or(even.len());
    Utf16LeStr::new_unchecked_at(even.get(..end).unwrap_or_default(), offset)
}

impl fmt::Debug for Struct<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct(self.layout.name);
        for (field, value) in self.fields() {
            s.field(field.name, &value);
        }
        s.finish()
    }
}

/// An owned struct buffer built field by field (the input of
/// `SET_MAINTENANCE_MODE`, `STORAGE_SET_DRIVELETTER`, ...): zeroed at the
/// layout's largest fixed size, each field written at its offset; setting
/// the tail field replaces everything from its offset on.
///
/// ```
/// use clusctl::buffers::{self, Direction, FieldValue, Strictness, StructBuf};
/// use clusctl::codes;
///
/// let code = codes::CLUSCTL_RESOURCE_SET_SHARED_VOLUME_BACKUP_MODE;
/// let mut input = StructBuf::new(buffers::struct_layout("CLUS_SHARED_VOLUME_BACKUP_MODE").unwrap());
/// input
///     .set("BackupState", FieldValue::Uint(1))?
///     .set("DelayTimerInSecs", FieldValue::Uint(30))?
///     .set_text("VolumeName", r"C:\ClusterStorage\Volume1")?;
/// let bytes = input.to_vec();
/// assert_eq!(bytes.len(), 528);
/// let buffers::Buffer::Struct(view) = buffers::decode(code, Direction::Input, &bytes, Strictness::Strict)?
/// else {
///     unreachable!()
/// };
/// assert_eq!(view.get("DelayTimerInSecs"), Some(FieldValue::Uint(30)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructBuf {
    layout: &'static StructLayout,
    bytes: alloc::vec::Vec<u8>,
}

#[cfg(feature = "alloc")]
impl StructBuf {
    /// A zeroed struct of the layout's largest fixed size (its minimum
    /// when it has a tail).
    #[must_use]
    pub fn new(layout: &'static StructLayout) -> Self {
        let size = if layout.open {
            layout.min_size()
        } else {
            layout.sizes.iter().copied().max().unwrap_or(0)
        };
        Self {
            layout,
            bytes: alloc::vec![0; size],
        }
    }

    /// A copy of a decoded struct.
    #[must_use]
    pub fn from_view(view: &Struct<'_>) -> Self {
        Self {
            layout: view.layout,
            bytes: view.bytes.to_vec(),
        }
    }

    /// The layout.
    #[must_use]
    pub const fn layout(&self) -> &'static StructLayout {
        self.layout
    }

    /// Writes `value` into the field called `name`: integers and booleans
    /// into fields of their width or wider, a GUID, a `SYSTEMTIME`, text
    /// shorter than a `WCHAR` array (zero-filled after its NUL), bytes of a
    /// `bytes[N]` field's exact size; into the tail, text (NUL added),
    /// UTF-16 units, a multi-string, bytes or records of the tail's layout.
    ///
    /// # Errors
    /// [`EncodeErrorKind::InvalidValue`](crate::EncodeErrorKind::InvalidValue)
    /// with the field's index (one past the last field for an unknown name)
    /// when the value does not fit the field.
    pub fn set(&mut self, name: &str, value: FieldValue<'_>) -> Result<&mut Self, EncodeError> {
        let fields = self.layout.fields;
        let Some(index) = fields.iter().position(|f| f.name == name) else {
            return Err(invalid(fields.len()));
        };
        let field = fields.get(index).copied().ok_or(invalid(index))?;
        let mut scratch = [0u8; 16];
        let fixed: Option<&[u8]> = match (field.ty, &value) {
            (
                FieldType::U8
                | FieldType::Bool8
                | FieldType::U16
                | FieldType::U32
                | FieldType::Bool32,
                FieldValue::Uint(v) | FieldValue::Bool(v),
            ) => {
                let width = field.ty.size().unwrap_or(4);
                let wide = u64::from(*v);
                if width < 4 && wide >> (8 * width) != 0 {
                    return Err(invalid(index));
                }
                scratch
                    .get_mut(..4)
                    .ok_or(invalid(index))?
                    .copy_from_slice(&v.to_le_bytes());
                scratch.get(..width)
            }
            (FieldType::U64, FieldValue::Uint64(v)) => {
                scratch
                    .get_mut(..8)
                    .ok_or(invalid(index))?
                    .copy_from_slice(&v.to_le_bytes());
                scratch.get(..8)
            }
            (FieldType::U64, FieldValue::Uint(v)) => {
                scratch
                    .get_mut(..8)
                    .ok_or(invalid(index))?
                    .copy_from_slice(&u64::from(*v).to_le_bytes());
                scratch.get(..8)
            }
            (FieldType::Guid, FieldValue::Guid(g)) => {
                scratch = g.to_bytes();
                Some(&scratch[..])
            }
            (FieldType::SystemTime, FieldValue::SystemTime(words)) => {
                for (pair, word) in scratch.chunks_exact_mut(2).zip(words) {
                    pair.copy_from_slice(&word.to_le_bytes());
                }
                Some(&scratch[..])
            }
            (FieldType::WcharArray(n), FieldValue::Text(t)) => {
                let room = n.saturating_mul(2);
                let dst = self
                    .bytes
                    .get_mut(field.offset..field.offset + room)
                    .ok_or(invalid(index))?;
                // The text and at least one NUL must fit.
                if t.as_bytes().len() >= room {
                    return Err(invalid(index));
                }
                dst.fill(0);
                let (head, _) = dst.split_at_mut(t.as_bytes().len());
                head.copy_from_slice(t.as_bytes());
                return Ok(self);
            }
            (FieldType::Bytes(n), FieldValue::Bytes(b)) if b.len() == n => Some(*b),
            _ => None,
        };
        if let Some(src) = fixed {
            let dst = self
                .bytes
                .get_mut(field.offset..field.offset + src.len())
                .ok_or(invalid(index))?;
            dst.copy_from_slice(src);
            return Ok(self);
        }
        let tail: &[u8] = match (field.ty, &value) {
            (FieldType::TextTail, FieldValue::Text(t)) => t.as_bytes(),
            (FieldType::Utf16Tail, FieldValue::Utf16(b)) if b.len().is_multiple_of(2) => b,
            (FieldType::MultiSzTail, FieldValue::MultiSz(m)) => m.as_bytes(),
            (FieldType::BytesTail, FieldValue::Bytes(b)) => b,
            (FieldType::Array(layout), FieldValue::Records(r)) if r.layout == layout => r.bytes,
            _ => return Err(invalid(index)),
        };
        let mut bytes = self.bytes.clone();
        bytes.truncate(field.offset);
        bytes.resize(field.offset, 0);
        bytes.extend_from_slice(tail);
        if field.ty == FieldType::TextTail {
            bytes.extend_from_slice(&[0, 0]);
        }
        if !self.layout.open {
            // A closed struct with a tail (a fixed-size text field whose size
            // the sources disagree on): zero-fill to the smallest size that
            // holds it.
            let size = self
                .layout
                .sizes
                .iter()
                .copied()
                .filter(|&s| s >= bytes.len())
                .min()
                .ok_or(invalid(index))?;
            bytes.resize(size, 0);
        }
        self.bytes = bytes;
        Ok(self)
    }

    /// Writes `text` (UTF-16LE) into a `WCHAR` array or the text tail.
    ///
    /// # Errors
    /// As [`StructBuf::set`]; a NUL inside `text` is invalid too.
    pub fn set_text(&mut self, name: &str, text: &str) -> Result<&mut Self, EncodeError> {
        let index = self
            .layout
            .fields
            .iter()
            .position(|f| f.name == name)
            .unwrap_or(self.layout.fields.len());
        let units: alloc::vec::Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let text = Utf16LeStr::from_bytes(&units).map_err(|_| invalid(index))?;
        self.set(name, FieldValue::Text(text))
    }

    /// The bytes, as [`StructBuf::to_vec`] gives them.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The encoded size.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    /// Copies the struct into `out`; returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`](crate::EncodeErrorKind::BufferTooSmall)
    /// with the required size.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let available = out.len();
        let dst = out
            .get_mut(..self.bytes.len())
            .ok_or(EncodeError::buffer_too_small(self.bytes.len(), available))?;
        dst.copy_from_slice(&self.bytes);
        Ok(self.bytes.len())
    }

    /// The struct's bytes.
    #[must_use]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        self.bytes.clone()
    }
}

#[cfg(feature = "alloc")]
fn invalid(index: usize) -> EncodeError {
    EncodeError::new(crate::EncodeErrorKind::InvalidValue { index })
}
