//! The zero-copy views: [`PropertyList`], [`Property`], [`ValueList`],
//! [`Value`] and their iterators.

use core::fmt;

use super::Syntax;
use super::deviation::{Deviation, Deviations};
use super::walk::{self, Entry, HEADER, Reporter};
use crate::error::DecodeError;
use crate::multi_sz::Utf16LeStr;

/// One entry of a value list or one value of a property, borrowed: its
/// [`Syntax`], its data (without padding) and the byte offset of the entry
/// in the decoded buffer.
///
/// The typed accessors ([`Value::dword`], [`Value::string`], ...) check the
/// syntax and the length and never panic.
///
/// ```
/// use clusctl::clusprop::{Syntax, ValueList};
///
/// let bytes = [2, 0, 1, 0, 4, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0];
/// let list = ValueList::decode(&bytes)?;
/// let value = list.iter().next().unwrap();
/// assert_eq!(value.syntax(), Syntax::LIST_VALUE_DWORD);
/// assert_eq!(value.data(), &[42, 0, 0, 0]);
/// assert_eq!(value.offset(), 0);
/// assert_eq!(value.dword()?, 42);
/// assert!(value.string().is_err());
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Value<'a> {
    pub(crate) syntax: Syntax,
    pub(crate) data: &'a [u8],
    pub(crate) pad: &'a [u8],
    pub(crate) offset: usize,
}

impl<'a> Value<'a> {
    /// The entry's syntax.
    #[must_use]
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// The data, without padding (`cbLength` bytes).
    #[must_use]
    pub const fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The padding bytes after the data (0 to 3 of them, as found; the
    /// format says to ignore their content).
    #[must_use]
    pub const fn padding(&self) -> &'a [u8] {
        self.pad
    }

    /// The byte offset of the entry (its syntax field) in the decoded
    /// buffer.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The byte offset of the data in the decoded buffer.
    #[must_use]
    pub const fn data_offset(&self) -> usize {
        self.offset + HEADER
    }

    /// The number of bytes the entry takes: header, data and padding.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        HEADER + self.data.len() + walk::pad_len(self.data.len())
    }

    fn from_entry(entry: Entry<'a>, offset: usize) -> Option<(Self, usize)> {
        match entry {
            Entry::Item {
                syntax,
                data,
                pad,
                next,
                ..
            } => Some((
                Self {
                    syntax,
                    data,
                    pad,
                    offset,
                },
                next,
            )),
            _ => None,
        }
    }
}

impl PartialEq for Value<'_> {
    /// Syntax, data and padding; not the offset.
    fn eq(&self, other: &Self) -> bool {
        self.syntax == other.syntax && self.data == other.data && self.pad == other.pad
    }
}

impl Eq for Value<'_> {}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Value");
        s.field("syntax", &self.syntax)
            .field("offset", &self.offset);
        match self.typed() {
            Ok(typed) => s.field("value", &typed),
            Err(_) => s.field("data", &super::payload::Hex(self.data)),
        };
        s.finish()
    }
}

/// The values of a property or a value list, in order, without
/// allocating (an [`ExactSizeIterator`]).
///
/// ```
/// use clusctl::clusprop::ValueList;
///
/// let list = ValueList::decode(&[2, 0, 1, 0, 4, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0])?;
/// let mut values = list.iter();
/// assert_eq!(values.len(), 1);
/// assert_eq!(values.next().unwrap().dword()?, 9);
/// assert!(values.next().is_none());
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Values<'a> {
    rest: &'a [u8],
    /// Absolute offset of `rest`.
    offset: usize,
    remaining: usize,
}

impl<'a> Iterator for Values<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        if self.remaining == 0 {
            return None;
        }
        let Some((value, next)) = Value::from_entry(walk::read_entry(self.rest, 0), self.offset)
        else {
            self.remaining = 0;
            return None;
        };
        self.rest = self.rest.get(next..).unwrap_or_default();
        self.offset += next;
        self.remaining -= 1;
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Values<'_> {}
impl core::iter::FusedIterator for Values<'_> {}

/// One property of a [`PropertyList`], borrowed: its name and its values.
///
/// ```
/// use clusctl::clusprop::PropertyList;
///
/// let list = PropertyList::decode(&[
///     1, 0, 0, 0, //                                  one property
///     3, 0, 4, 0, 6, 0, 0, 0, b'I', 0, b'd', 0, 0, 0, 0, 0, // NAME "Id"
///     2, 0, 1, 0, 4, 0, 0, 0, 5, 0, 0, 0, //             DWORD 5
///     2, 0, 1, 0, 4, 0, 0, 0, 6, 0, 0, 0, //             DWORD 6
///     0, 0, 0, 0, //                                  ENDMARK
/// ])?;
/// let property = list.iter().next().unwrap();
/// assert!(property.name() == "Id");
/// assert_eq!(property.len(), 2);
/// let values: Vec<u32> = property.values().map(|v| v.dword().unwrap()).collect();
/// assert_eq!(values, [5, 6]);
/// assert_eq!(property.offset(), 4);
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Property<'a> {
    name_entry: Value<'a>,
    values: &'a [u8],
    values_offset: usize,
    count: usize,
    endmark: bool,
}

impl<'a> Property<'a> {
    /// The name, without its NUL terminator.
    #[must_use]
    pub fn name(&self) -> Utf16LeStr<'a> {
        Utf16LeStr::new_unchecked_at(
            walk::text_of(self.name_entry.data),
            self.name_entry.data_offset(),
        )
    }

    /// The name entry itself (syntax `CLUSPROP_SYNTAX_NAME`, data with the
    /// NUL, padding as found).
    #[must_use]
    pub const fn name_entry(&self) -> Value<'a> {
        self.name_entry
    }

    /// The byte offset of the property (its name entry).
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.name_entry.offset
    }

    /// The values, in order.
    #[must_use]
    pub fn values(&self) -> Values<'a> {
        Values {
            rest: self.values,
            offset: self.values_offset,
            remaining: self.count,
        }
    }

    /// The first value (strictly decoded properties always have one).
    #[must_use]
    pub fn value(&self) -> Option<Value<'a>> {
        self.values().next()
    }

    /// The number of values.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the property has no value (only after lenient recovery).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the property's ENDMARK was there (always, after strict
    /// decoding).
    #[must_use]
    pub const fn has_endmark(&self) -> bool {
        self.endmark
    }
}

impl PartialEq for Property<'_> {
    /// Name entry and values; not the offsets.
    fn eq(&self, other: &Self) -> bool {
        self.name_entry == other.name_entry
            && self.endmark == other.endmark
            && self.values().eq(other.values())
    }
}

impl Eq for Property<'_> {}

impl fmt::Debug for Property<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name())
            .field("values", &ListDebug(self.values()))
            .finish()
    }
}

struct ListDebug<I>(I);

impl<I: Iterator<Item = T> + Clone, T: fmt::Debug> fmt::Debug for ListDebug<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

/// The properties of a [`PropertyList`], in order, without allocating (an
/// [`ExactSizeIterator`]).
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use clusctl::clusprop::{PropertyList, PropertyListBuf};
///
/// let mut built = PropertyListBuf::new();
/// built.push_dword("A", 1)?.push_dword("B", 2)?;
/// let bytes = built.to_vec();
/// let list = PropertyList::decode(&bytes)?;
/// let names: Vec<String> = list.iter().map(|p| p.name().to_string()).collect::<Result<_, _>>()?;
/// assert_eq!(names, ["A", "B"]);
/// assert_eq!(list.iter().len(), 2);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Properties<'a> {
    rest: &'a [u8],
    offset: usize,
    remaining: usize,
}

impl<'a> Iterator for Properties<'a> {
    type Item = Property<'a>;

    fn next(&mut self) -> Option<Property<'a>> {
        if self.remaining == 0 {
            return None;
        }
        let Some((name_entry, mut pos)) =
            Value::from_entry(walk::read_entry(self.rest, 0), self.offset)
        else {
            self.remaining = 0;
            return None;
        };
        let values_start = pos;
        let mut count = 0;
        let mut endmark = false;
        let values_end = loop {
            match walk::skip_entry(self.rest, pos) {
                walk::Skip::Value { next } => {
                    count += 1;
                    pos = next;
                }
                walk::Skip::Endmark => {
                    endmark = true;
                    let end = pos;
                    pos += 4;
                    break end;
                }
                walk::Skip::Name | walk::Skip::Stop => break pos,
            }
        };
        let property = Property {
            name_entry,
            values: self.rest.get(values_start..values_end).unwrap_or_default(),
            values_offset: self.offset + values_start,
            count,
            endmark,
        };
        self.rest = self.rest.get(pos..).unwrap_or_default();
        self.offset += pos;
        self.remaining -= 1;
        Some(property)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Properties<'_> {}
impl core::iter::FusedIterator for Properties<'_> {}

/// A property list (`PROPERTY_LIST`), borrowed: the zero-copy view.
///
/// Built by [`PropertyList::decode`] (strict) or
/// [`PropertyList::decode_lenient`]. Iterating allocates nothing.
///
/// ```
/// use clusctl::clusprop::PropertyList;
///
/// let bytes = [
///     1, 0, 0, 0, //                                       count
///     3, 0, 4, 0, 4, 0, 0, 0, b'A', 0, 0, 0, //             NAME "A"
///     3, 0, 1, 0, 4, 0, 0, 0, b'x', 0, 0, 0, //             SZ "x"
///     0, 0, 0, 0, //                                       ENDMARK
///     0, 0, 0, 0, //                                       list ENDMARK
/// ];
/// let list = PropertyList::decode(&bytes)?;
/// assert_eq!(list.len(), 1);
/// assert!(list.has_endmark());
/// let property = list.get("A").unwrap();
/// assert!(property.value().unwrap().string()? == "x");
/// // Without the list-level ENDMARK, the list is just as valid.
/// assert!(!PropertyList::decode(&bytes[..32])?.has_endmark());
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct PropertyList<'a> {
    bytes: &'a [u8],
    props: &'a [u8],
    base: usize,
    declared: u32,
    count: usize,
    endmark: bool,
    deviations: Deviations,
}

impl<'a> PropertyList<'a> {
    /// Decodes a property list strictly: `count`, that many properties, and
    /// optionally the list-level ENDMARK; nothing else.
    ///
    /// # Errors
    /// A [`DecodeError`] of kind
    /// [`DecodeErrorKind::ClusProp`](crate::DecodeErrorKind::ClusProp) with
    /// the byte offset (see the [module docs](super) for each case).
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_at(bytes, 0)
    }

    /// [`PropertyList::decode`] for a list found at absolute offset `base`
    /// of a larger buffer (offsets in errors and views count from there).
    pub(crate) fn decode_at(bytes: &'a [u8], base: usize) -> Result<Self, DecodeError> {
        let layout = walk::property_list(
            bytes,
            &mut Reporter {
                base,
                lenient: None,
            },
        )?;
        Ok(Self::from_layout(bytes, base, layout, Deviations::NONE))
    }

    /// Decodes a property list leniently: recovers every property it can
    /// (from a truncated `ERROR_MORE_DATA` copy, a list with trailing
    /// bytes, a wrong count, ...) and reports each deviation with its
    /// offset. Never fails; on input [`PropertyList::decode`] accepts it
    /// gives the same list and no deviation.
    #[must_use]
    pub fn decode_lenient(bytes: &'a [u8]) -> Self {
        Self::decode_lenient_at(bytes, 0)
    }

    pub(crate) fn decode_lenient_at(bytes: &'a [u8], base: usize) -> Self {
        let mut deviations = Deviations::NONE;
        let layout = walk::property_list(
            bytes,
            &mut Reporter {
                base,
                lenient: Some(&mut deviations),
            },
        )
        .unwrap_or_default();
        Self::from_layout(bytes, base, layout, deviations)
    }

    fn from_layout(
        bytes: &'a [u8],
        base: usize,
        layout: walk::PropertyLayout,
        deviations: Deviations,
    ) -> Self {
        let strict = deviations.is_empty();
        Self {
            bytes: if strict {
                bytes.get(..layout.end).unwrap_or(bytes)
            } else {
                bytes
            },
            props: bytes.get(4..layout.props_end).unwrap_or_default(),
            base,
            declared: layout.declared,
            count: layout.count,
            endmark: layout.endmark,
            deviations,
        }
    }

    /// The properties, in order.
    #[must_use]
    pub fn iter(&self) -> Properties<'a> {
        Properties {
            rest: self.props,
            offset: self.base + 4,
            remaining: self.count,
        }
    }

    /// The first property named `name` (exact comparison of the UTF-16
    /// text).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Property<'a>> {
        self.iter().find(|p| p.name() == name)
    }

    /// The number of properties (recovered ones, after lenient decoding).
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list has no property.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The property count the buffer declares (equal to
    /// [`PropertyList::len`] after strict decoding).
    #[must_use]
    pub const fn declared_count(&self) -> u32 {
        self.declared
    }

    /// Whether the list-level ENDMARK follows the last property (Windows
    /// sends it; MS-CMRP's example omits it).
    #[must_use]
    pub const fn has_endmark(&self) -> bool {
        self.endmark
    }

    /// After strict decoding exactly the accepted bytes; after lenient
    /// decoding the whole input.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The deviations lenient decoding tolerated, in the order found (at
    /// most [`MAX_DEVIATIONS`](super::MAX_DEVIATIONS); see
    /// [`PropertyList::omitted_deviations`]). Empty after strict decoding.
    #[must_use]
    pub fn deviations(&self) -> &[Deviation] {
        self.deviations.as_slice()
    }

    /// How many further deviations were found but not kept.
    #[must_use]
    pub const fn omitted_deviations(&self) -> usize {
        self.deviations.omitted()
    }

    /// Whether the input was strictly valid (no deviation).
    #[must_use]
    pub const fn is_strict(&self) -> bool {
        self.deviations.is_empty()
    }

    /// An owned copy that re-encodes to the same bytes (for a strictly
    /// valid list: exactly [`PropertyList::as_bytes`]).
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_buf(&self) -> super::PropertyListBuf {
        super::PropertyListBuf::from(self)
    }
}

impl PartialEq for PropertyList<'_> {
    /// Properties and trailer; not offsets or deviations.
    fn eq(&self, other: &Self) -> bool {
        self.endmark == other.endmark && self.count == other.count && self.iter().eq(other.iter())
    }
}

impl Eq for PropertyList<'_> {}

impl fmt::Debug for PropertyList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("PropertyList");
        s.field("properties", &ListDebug(self.iter()))
            .field("endmark", &self.endmark);
        if !self.is_strict() {
            s.field("deviations", &self.deviations);
        }
        s.finish()
    }
}

impl<'a> IntoIterator for PropertyList<'a> {
    type Item = Property<'a>;
    type IntoIter = Properties<'a>;

    fn into_iter(self) -> Properties<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &PropertyList<'a> {
    type Item = Property<'a>;
    type IntoIter = Properties<'a>;

    fn into_iter(self) -> Properties<'a> {
        self.iter()
    }
}

impl<'a> TryFrom<&'a [u8]> for PropertyList<'a> {
    type Error = DecodeError;

    /// See [`PropertyList::decode`].
    fn try_from(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode(bytes)
    }
}

/// A value list, borrowed: entries up to an ENDMARK (no count). The
/// zero-copy view.
///
/// ```
/// use clusctl::clusprop::{Syntax, ValueList};
///
/// // GET_REQUIRED_DEPENDENCIES: a storage class and a "Network Name" type.
/// let mut bytes = vec![2, 0, 2, 0, 4, 0, 0, 0, 1, 0, 0, 0];
/// bytes.extend([3, 0, 4, 0, 26, 0, 0, 0]);
/// bytes.extend("Network Name\0".encode_utf16().flat_map(u16::to_le_bytes));
/// bytes.extend([0, 0, 0, 0, 0, 0]);
/// let list = ValueList::decode(&bytes)?;
/// assert_eq!(list.len(), 2);
/// let mut values = list.iter();
/// assert_eq!(values.next().unwrap().resource_class()?.class, 1);
/// let name = values.next().unwrap();
/// assert_eq!(name.syntax(), Syntax::NAME);
/// assert!(name.string()? == "Network Name");
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct ValueList<'a> {
    bytes: &'a [u8],
    values: &'a [u8],
    base: usize,
    count: usize,
    endmark: bool,
    deviations: Deviations,
}

impl<'a> ValueList<'a> {
    /// Decodes a value list strictly: entries, the ENDMARK, nothing after.
    ///
    /// # Errors
    /// A [`DecodeError`] of kind
    /// [`DecodeErrorKind::ClusProp`](crate::DecodeErrorKind::ClusProp) with
    /// the byte offset (see the [module docs](super)).
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_strict(bytes, 0, true).map(|(list, _)| list)
    }

    /// Decodes the strictly valid value list at the start of `bytes` and
    /// returns it with the number of bytes it takes (its ENDMARK included);
    /// what follows is left to the caller (for the storage codes, whose
    /// servers may send one value list per disk).
    ///
    /// ```
    /// use clusctl::clusprop::ValueList;
    ///
    /// let two = [2, 0, 7, 0, 4, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, /* next: */ 0, 0, 0, 0];
    /// let (first, used) = ValueList::decode_prefix(&two)?;
    /// assert_eq!((first.len(), used), (1, 16));
    /// assert_eq!(first.iter().next().unwrap().disk_number()?, 3);
    /// # Ok::<(), clusctl::DecodeError>(())
    /// ```
    ///
    /// # Errors
    /// As [`ValueList::decode`], except that bytes after the ENDMARK are not
    /// an error.
    pub fn decode_prefix(bytes: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        Self::decode_strict(bytes, 0, false)
    }

    pub(crate) fn decode_strict(
        bytes: &'a [u8],
        base: usize,
        whole: bool,
    ) -> Result<(Self, usize), DecodeError> {
        let layout = walk::value_list(
            bytes,
            &mut Reporter {
                base,
                lenient: None,
            },
            whole,
        )?;
        Ok((
            Self::from_layout(bytes, base, layout, Deviations::NONE),
            layout.end,
        ))
    }

    /// Decodes a value list leniently: recovers every entry it can and
    /// reports each deviation with its offset. Never fails; on input
    /// [`ValueList::decode`] accepts it gives the same list and no
    /// deviation.
    #[must_use]
    pub fn decode_lenient(bytes: &'a [u8]) -> Self {
        Self::decode_lenient_at(bytes, 0)
    }

    pub(crate) fn decode_lenient_at(bytes: &'a [u8], base: usize) -> Self {
        let mut deviations = Deviations::NONE;
        let layout = walk::value_list(
            bytes,
            &mut Reporter {
                base,
                lenient: Some(&mut deviations),
            },
            true,
        )
        .unwrap_or_default();
        Self::from_layout(bytes, base, layout, deviations)
    }

    fn from_layout(
        bytes: &'a [u8],
        base: usize,
        layout: walk::ValueLayout,
        deviations: Deviations,
    ) -> Self {
        let strict = deviations.is_empty();
        Self {
            bytes: if strict {
                bytes.get(..layout.end).unwrap_or(bytes)
            } else {
                bytes
            },
            values: bytes.get(..layout.values_end).unwrap_or_default(),
            base,
            count: layout.count,
            endmark: layout.endmark,
            deviations,
        }
    }

    /// The values, in order.
    #[must_use]
    pub fn iter(&self) -> Values<'a> {
        Values {
            rest: self.values,
            offset: self.base,
            remaining: self.count,
        }
    }

    /// The number of values.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list has no value (just the ENDMARK).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the ENDMARK was found (always, after strict decoding).
    #[must_use]
    pub const fn has_endmark(&self) -> bool {
        self.endmark
    }

    /// After strict decoding exactly the accepted bytes; after lenient
    /// decoding the whole input.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The deviations lenient decoding tolerated, in the order found.
    #[must_use]
    pub fn deviations(&self) -> &[Deviation] {
        self.deviations.as_slice()
    }

    /// How many further deviations were found but not kept.
    #[must_use]
    pub const fn omitted_deviations(&self) -> usize {
        self.deviations.omitted()
    }

    /// Whether the input was strictly valid (no deviation).
    #[must_use]
    pub const fn is_strict(&self) -> bool {
        self.deviations.is_empty()
    }

    /// An owned copy that re-encodes to the same bytes.
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_buf(&self) -> super::ValueListBuf {
        super::ValueListBuf::from(self)
    }
}

impl PartialEq for ValueList<'_> {
    /// Values; not offsets or deviations.
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

impl Eq for ValueList<'_> {}

impl fmt::Debug for ValueList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("ValueList");
        s.field("values", &ListDebug(self.iter()));
        if !self.is_strict() {
            s.field("deviations", &self.deviations);
        }
        s.finish()
    }
}

impl<'a> IntoIterator for ValueList<'a> {
    type Item = Value<'a>;
    type IntoIter = Values<'a>;

    fn into_iter(self) -> Values<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &ValueList<'a> {
    type Item = Value<'a>;
    type IntoIter = Values<'a>;

    fn into_iter(self) -> Values<'a> {
        self.iter()
    }
}

impl<'a> TryFrom<&'a [u8]> for ValueList<'a> {
    type Error = DecodeError;

    /// See [`ValueList::decode`].
    fn try_from(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode(bytes)
    }
}
