//! The owned lists and their encoder: [`ValueBuf`], [`ValueListBuf`],
//! [`PropertyBuf`], [`PropertyListBuf`].

use alloc::vec::Vec;
use core::fmt;

use super::walk::{self, HEADER};
use super::{FileTime, Property, PropertyList, Syntax, Value, ValueList};
use crate::error::{DecodeError, EncodeError, EncodeErrorKind};
use crate::multi_sz::{self, Item, Utf16LeStr};

/// A cursor over the caller's buffer (its size already checked).
struct Writer<'o> {
    out: &'o mut [u8],
    pos: usize,
}

impl Writer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if let Some(dst) = self.out.get_mut(self.pos..self.pos + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
        self.pos += bytes.len();
    }

    fn u32(&mut self, value: u32) {
        self.put(&value.to_le_bytes());
    }

    /// One entry: header, data, padding (`pad`'s first bytes, zeros when
    /// built here).
    fn entry(&mut self, syntax: Syntax, data: &[u8], nul: bool, pad: [u8; 3]) {
        let len = data.len() + if nul { 2 } else { 0 };
        self.u32(syntax.get());
        self.u32(u32::try_from(len).unwrap_or(u32::MAX));
        self.put(data);
        if nul {
            self.put(&[0, 0]);
        }
        self.put(pad.get(..walk::pad_len(len)).unwrap_or_default());
    }
}

fn check_space(required: usize, out: &[u8]) -> Result<(), EncodeError> {
    if out.len() < required {
        Err(EncodeError::buffer_too_small(required, out.len()))
    } else {
        Ok(())
    }
}

fn pad_of(bytes: &[u8]) -> [u8; 3] {
    let mut pad = [0; 3];
    for (dst, src) in pad.iter_mut().zip(bytes) {
        *dst = *src;
    }
    pad
}

/// UTF-16LE bytes of `item` with a final NUL.
fn utf16_with_nul<T: Item>(item: &T, index: usize) -> Result<Vec<u8>, EncodeError> {
    let units = item.utf16_len();
    let mut out = alloc::vec![0; 2 * units + 2];
    let body = out.get_mut(..2 * units).unwrap_or_default();
    item.write_utf16le(body)
        .map_err(|position| EncodeError::new(EncodeErrorKind::NulInItem { index, position }))?;
    Ok(out)
}

/// One owned value: a [`Syntax`] and its data (and the padding bytes, zero
/// unless copied from a decoded list whose padding was not, so that every
/// decoded list re-encodes byte for byte).
///
/// The typed constructors build valid payloads; [`ValueBuf::new`] checks
/// raw data against the syntax's rules.
///
/// ```
/// use clusctl::clusprop::{Syntax, ValueBuf};
///
/// let v = ValueBuf::sz("10.0.0.5")?;
/// assert_eq!(v.syntax(), Syntax::LIST_VALUE_SZ);
/// assert_eq!(v.data().len(), 18);
/// assert!(v.as_value().string()? == "10.0.0.5");
/// assert_eq!(ValueBuf::dword(7).data(), &[7, 0, 0, 0]);
/// assert!(ValueBuf::new(Syntax::LIST_VALUE_DWORD, vec![1, 2, 3]).is_err());
/// let user = ValueBuf::new(Syntax::new(0x8000_0001), vec![1, 2, 3])?;
/// assert_eq!(user.encoded_len(), 12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ValueBuf {
    syntax: Syntax,
    data: Vec<u8>,
    pad: [u8; 3],
}

impl ValueBuf {
    /// A value of `syntax` with raw `data`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::InvalidEntry`] for `CLUSPROP_SYNTAX_ENDMARK`;
    /// [`EncodeErrorKind::InvalidValue`] when `data` breaks the syntax's
    /// rules (a DWORD that is not 4 bytes, an unterminated string, ...;
    /// user and unknown syntaxes take any data) or is longer than
    /// `u32::MAX`.
    pub fn new(syntax: Syntax, data: impl Into<Vec<u8>>) -> Result<Self, EncodeError> {
        let data = data.into();
        if syntax.is_endmark() {
            return Err(EncodeError::new(EncodeErrorKind::InvalidEntry { index: 0 }));
        }
        if u32::try_from(data.len()).is_err() || walk::validate_value(syntax, &data, 0).is_err() {
            return Err(EncodeError::new(EncodeErrorKind::InvalidValue { index: 0 }));
        }
        Ok(Self::raw(syntax, data))
    }

    const fn raw(syntax: Syntax, data: Vec<u8>) -> Self {
        Self {
            syntax,
            data,
            pad: [0; 3],
        }
    }

    /// `LIST_VALUE_DWORD`.
    #[must_use]
    pub fn dword(value: u32) -> Self {
        Self::raw(Syntax::LIST_VALUE_DWORD, value.to_le_bytes().to_vec())
    }

    /// `LIST_VALUE_LONG`.
    #[must_use]
    pub fn long(value: i32) -> Self {
        Self::raw(Syntax::LIST_VALUE_LONG, value.to_le_bytes().to_vec())
    }

    /// `LIST_VALUE_WORD` (2 bytes, then 2 zero pad bytes).
    #[must_use]
    pub fn word(value: u16) -> Self {
        Self::raw(Syntax::LIST_VALUE_WORD, value.to_le_bytes().to_vec())
    }

    /// `LIST_VALUE_ULARGE_INTEGER`.
    #[must_use]
    pub fn ularge(value: u64) -> Self {
        Self::raw(
            Syntax::LIST_VALUE_ULARGE_INTEGER,
            value.to_le_bytes().to_vec(),
        )
    }

    /// `LIST_VALUE_LARGE_INTEGER`.
    #[must_use]
    pub fn large(value: i64) -> Self {
        Self::raw(
            Syntax::LIST_VALUE_LARGE_INTEGER,
            value.to_le_bytes().to_vec(),
        )
    }

    /// `LIST_VALUE_FILETIME`.
    #[must_use]
    pub fn filetime(value: FileTime) -> Self {
        Self::raw(
            Syntax::LIST_VALUE_FILETIME,
            value.get().to_le_bytes().to_vec(),
        )
    }

    /// `LIST_VALUE_BINARY`.
    #[must_use]
    pub fn binary(data: &[u8]) -> Self {
        Self::raw(Syntax::LIST_VALUE_BINARY, data.to_vec())
    }

    /// `LIST_VALUE_SECURITY_DESCRIPTOR` (the self-relative descriptor's
    /// bytes, not checked).
    #[must_use]
    pub fn security_descriptor(data: &[u8]) -> Self {
        Self::raw(Syntax::LIST_VALUE_SECURITY_DESCRIPTOR, data.to_vec())
    }

    /// A string of `syntax` (any whose format is `SZ`, `EXPAND_SZ` or
    /// `EXPANDED_SZ`): the text's UTF-16LE units and a NUL.
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in `text`;
    /// [`EncodeErrorKind::InvalidValue`] for a syntax of another format.
    pub fn string<T: Item>(syntax: Syntax, text: T) -> Result<Self, EncodeError> {
        use super::PropertyFormat as F;
        match syntax.format() {
            F::SZ | F::EXPAND_SZ | F::EXPANDED_SZ => {}
            _ => return Err(EncodeError::new(EncodeErrorKind::InvalidValue { index: 0 })),
        }
        Ok(Self::raw(syntax, utf16_with_nul(&text, 0)?))
    }

    /// `LIST_VALUE_SZ`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in `text`.
    pub fn sz<T: Item>(text: T) -> Result<Self, EncodeError> {
        Self::string(Syntax::LIST_VALUE_SZ, text)
    }

    /// `LIST_VALUE_EXPAND_SZ` (the stored text; a server adds the
    /// `EXPANDED_SZ` twin itself).
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in `text`.
    pub fn expand_sz<T: Item>(text: T) -> Result<Self, EncodeError> {
        Self::string(Syntax::LIST_VALUE_EXPAND_SZ, text)
    }

    /// `LIST_VALUE_EXPANDED_SZ` (what servers send after an `EXPAND_SZ`;
    /// clients must not send it).
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in `text`.
    pub fn expanded_sz<T: Item>(text: T) -> Result<Self, EncodeError> {
        Self::string(Syntax::LIST_VALUE_EXPANDED_SZ, text)
    }

    /// `LIST_VALUE_MULTI_SZ`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::EmptyItem`] or [`EncodeErrorKind::NulInItem`]
    /// with the index of the item.
    pub fn multi_sz<I>(items: I) -> Result<Self, EncodeError>
    where
        I: IntoIterator,
        I::IntoIter: Clone,
        I::Item: Item,
    {
        Ok(Self::raw(
            Syntax::LIST_VALUE_MULTI_SZ,
            multi_sz::to_vec(items)?,
        ))
    }

    /// `LIST_VALUE_PROPERTY_LIST`: a nested property list.
    #[must_use]
    pub fn property_list(list: &PropertyListBuf) -> Self {
        Self::raw(Syntax::LIST_VALUE_PROPERTY_LIST, list.to_vec())
    }

    /// The syntax.
    #[must_use]
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// The data, without padding.
    #[must_use]
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The padding bytes the encoder writes after the data.
    #[must_use]
    pub fn padding(&self) -> &[u8] {
        self.pad
            .get(..walk::pad_len(self.data.len()))
            .unwrap_or_default()
    }

    /// Sets the padding bytes (as many as the data needs, the rest zero).
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub(crate) fn set_padding(&mut self, pad: &[u8]) {
        self.pad = pad_of(pad);
    }

    /// The borrowed view (offset 0), for the typed accessors.
    #[must_use]
    pub fn as_value(&self) -> Value<'_> {
        Value {
            syntax: self.syntax,
            data: &self.data,
            pad: self.padding(),
            offset: 0,
        }
    }

    /// The bytes the entry takes: 8 + the data padded to 4.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        HEADER + self.data.len() + walk::pad_len(self.data.len())
    }

    fn write(&self, w: &mut Writer<'_>) {
        w.entry(self.syntax, &self.data, false, self.pad);
    }
}

impl From<Value<'_>> for ValueBuf {
    fn from(value: Value<'_>) -> Self {
        Self {
            syntax: value.syntax,
            data: value.data.to_vec(),
            pad: pad_of(value.pad),
        }
    }
}

impl From<&Value<'_>> for ValueBuf {
    fn from(value: &Value<'_>) -> Self {
        Self::from(*value)
    }
}

impl fmt::Debug for ValueBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_value(), f)
    }
}

/// An owned value list: values, then the ENDMARK.
///
/// ```
/// use clusctl::clusprop::{ResourceClassInfo, Syntax, ValueBuf, ValueList, ValueListBuf};
///
/// let mut deps = ValueListBuf::new();
/// deps.push(ValueBuf::new(Syntax::RESCLASS, ResourceClassInfo::STORAGE.to_le_bytes())?);
/// deps.push(ValueBuf::string(Syntax::NAME, "Network Name")?);
/// let bytes = deps.to_vec();
/// assert_eq!(bytes.len(), 52);
/// let view = ValueList::decode(&bytes)?;
/// assert_eq!(ValueListBuf::from(&view), deps);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct ValueListBuf {
    values: Vec<ValueBuf>,
}

impl ValueListBuf {
    /// The empty list (encodes as just the ENDMARK).
    #[must_use]
    pub const fn new() -> Self {
        Self { values: Vec::new() }
    }

    /// Decodes strictly and copies.
    ///
    /// # Errors
    /// As [`ValueList::decode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        ValueList::decode(bytes).map(|list| Self::from(&list))
    }

    /// Appends a value.
    pub fn push(&mut self, value: ValueBuf) -> &mut Self {
        self.values.push(value);
        self
    }

    /// The values.
    #[must_use]
    pub fn values(&self) -> &[ValueBuf] {
        &self.values
    }

    /// The values, to edit.
    pub fn values_mut(&mut self) -> &mut Vec<ValueBuf> {
        &mut self.values
    }

    /// The values, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, ValueBuf> {
        self.values.iter()
    }

    /// The number of values.
    #[must_use]
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is no value.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The encoded size.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        self.values.iter().map(ValueBuf::encoded_len).sum::<usize>() + 4
    }

    /// Encodes into `out` and returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`] with the required size.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let required = self.encoded_len();
        check_space(required, out)?;
        let mut w = Writer { out, pos: 0 };
        for value in &self.values {
            value.write(&mut w);
        }
        w.u32(0);
        Ok(w.pos)
    }

    /// The encoding.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = alloc::vec![0; self.encoded_len()];
        let _ = self.encode_into(&mut out);
        out
    }
}

impl From<&ValueList<'_>> for ValueListBuf {
    fn from(list: &ValueList<'_>) -> Self {
        Self {
            values: list.iter().map(ValueBuf::from).collect(),
        }
    }
}

impl From<ValueList<'_>> for ValueListBuf {
    fn from(list: ValueList<'_>) -> Self {
        Self::from(&list)
    }
}

impl FromIterator<ValueBuf> for ValueListBuf {
    fn from_iter<I: IntoIterator<Item = ValueBuf>>(iter: I) -> Self {
        Self {
            values: iter.into_iter().collect(),
        }
    }
}

impl fmt::Debug for ValueListBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.values).finish()
    }
}

/// One owned property: a name and its values.
///
/// ```
/// use clusctl::clusprop::{PropertyBuf, ValueBuf};
///
/// let p = PropertyBuf::new("Path", [ValueBuf::expand_sz("%windir%")?, ValueBuf::expanded_sz("C:\\Windows")?])?;
/// assert!(p.name() == "Path");
/// assert_eq!(p.values().len(), 2);
/// assert!(PropertyBuf::new("Empty", []).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PropertyBuf {
    /// UTF-16LE, without the NUL.
    name: Vec<u8>,
    name_pad: [u8; 3],
    values: Vec<ValueBuf>,
    endmark: bool,
}

impl PropertyBuf {
    /// A property named `name` with `values`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in the name;
    /// [`EncodeErrorKind::InvalidEntry`] when there is no value (index 0)
    /// or a value has the `NAME` syntax (its index).
    pub fn new<N: Item>(
        name: N,
        values: impl IntoIterator<Item = ValueBuf>,
    ) -> Result<Self, EncodeError> {
        let mut name = utf16_with_nul(&name, 0)?;
        name.truncate(name.len() - 2);
        let values: Vec<ValueBuf> = values.into_iter().collect();
        if values.is_empty() {
            return Err(EncodeError::new(EncodeErrorKind::InvalidEntry { index: 0 }));
        }
        if let Some(index) = values.iter().position(|v| v.syntax == Syntax::NAME) {
            return Err(EncodeError::new(EncodeErrorKind::InvalidEntry { index }));
        }
        Ok(Self {
            name,
            name_pad: [0; 3],
            values,
            endmark: true,
        })
    }

    /// The name.
    #[must_use]
    pub fn name(&self) -> Utf16LeStr<'_> {
        Utf16LeStr::new_unchecked_at(&self.name, 0)
    }

    /// The values.
    #[must_use]
    pub fn values(&self) -> &[ValueBuf] {
        &self.values
    }

    /// The first value.
    #[must_use]
    pub fn value(&self) -> Option<&ValueBuf> {
        self.values.first()
    }

    /// Appends a value.
    ///
    /// # Errors
    /// [`EncodeErrorKind::InvalidEntry`] for a `NAME` value (its index).
    pub fn push(&mut self, value: ValueBuf) -> Result<&mut Self, EncodeError> {
        if value.syntax == Syntax::NAME {
            return Err(EncodeError::new(EncodeErrorKind::InvalidEntry {
                index: self.values.len(),
            }));
        }
        self.values.push(value);
        Ok(self)
    }

    /// The encoded size: name entry, values, ENDMARK.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        let name = self.name.len() + 2;
        HEADER
            + name
            + walk::pad_len(name)
            + self.values.iter().map(ValueBuf::encoded_len).sum::<usize>()
            + if self.endmark { 4 } else { 0 }
    }

    fn write(&self, w: &mut Writer<'_>) {
        w.entry(Syntax::NAME, &self.name, true, self.name_pad);
        for value in &self.values {
            value.write(w);
        }
        if self.endmark {
            w.u32(0);
        }
    }
}

impl From<Property<'_>> for PropertyBuf {
    /// Copies the property as decoded (after lenient decoding a property
    /// may lack values or its ENDMARK; it is copied as it is).
    fn from(p: Property<'_>) -> Self {
        let entry = p.name_entry();
        let name = p.name().as_bytes().to_vec();
        Self {
            name_pad: pad_of(entry.padding()),
            name,
            values: p.values().map(ValueBuf::from).collect(),
            endmark: p.has_endmark(),
        }
    }
}

impl fmt::Debug for PropertyBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PropertyBuf")
            .field("name", &self.name())
            .field("values", &self.values)
            .finish()
    }
}

/// An owned property list: the builder and encoder.
///
/// The list-level ENDMARK after the last property is emitted by default, as
/// Windows does; [`PropertyListBuf::set_endmark`] turns it off (MS-CMRP's
/// form). A list copied from a decoded view keeps the form it had, so every
/// strictly decoded list re-encodes byte for byte.
///
/// ```
/// use clusctl::clusprop::{PropertyList, PropertyListBuf};
///
/// // CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES input, no hand-made bytes.
/// let mut input = PropertyListBuf::new();
/// input.push_sz("Address", "10.0.0.5")?.push_dword("EnableDhcp", 0)?;
/// let bytes = input.to_vec();
/// assert_eq!(bytes.len(), input.encoded_len());
///
/// let view = PropertyList::decode(&bytes)?;
/// assert_eq!(view.len(), 2);
/// assert!(view.get("Address").unwrap().value().unwrap().string()? == "10.0.0.5");
/// assert_eq!(view.to_buf(), input);
///
/// let mut small = [0u8; 8];
/// assert_eq!(input.encode_into(&mut small).unwrap_err().required(), Some(bytes.len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PropertyListBuf {
    properties: Vec<PropertyBuf>,
    endmark: bool,
}

impl Default for PropertyListBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl PropertyListBuf {
    /// The empty list, with the list-level ENDMARK on.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            properties: Vec::new(),
            endmark: true,
        }
    }

    /// Decodes strictly and copies.
    ///
    /// # Errors
    /// As [`PropertyList::decode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        PropertyList::decode(bytes).map(|list| Self::from(&list))
    }

    /// Whether the list-level ENDMARK is emitted.
    #[must_use]
    pub const fn has_endmark(&self) -> bool {
        self.endmark
    }

    /// Chooses whether to emit the list-level ENDMARK.
    pub fn set_endmark(&mut self, endmark: bool) -> &mut Self {
        self.endmark = endmark;
        self
    }

    /// Appends a property.
    pub fn push_property(&mut self, property: PropertyBuf) -> &mut Self {
        self.properties.push(property);
        self
    }

    /// Appends a property named `name` with `values`.
    ///
    /// # Errors
    /// As [`PropertyBuf::new`].
    pub fn push<N: Item>(
        &mut self,
        name: N,
        values: impl IntoIterator<Item = ValueBuf>,
    ) -> Result<&mut Self, EncodeError> {
        let property = PropertyBuf::new(name, values)?;
        Ok(self.push_property(property))
    }

    /// Appends a property with one `LIST_VALUE_DWORD`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in the name.
    pub fn push_dword<N: Item>(&mut self, name: N, value: u32) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::dword(value)])
    }

    /// Appends a property with one `LIST_VALUE_LONG`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_long<N: Item>(&mut self, name: N, value: i32) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::long(value)])
    }

    /// Appends a property with one `LIST_VALUE_WORD`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_word<N: Item>(&mut self, name: N, value: u16) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::word(value)])
    }

    /// Appends a property with one `LIST_VALUE_ULARGE_INTEGER`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_ularge<N: Item>(&mut self, name: N, value: u64) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::ularge(value)])
    }

    /// Appends a property with one `LIST_VALUE_LARGE_INTEGER`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_large<N: Item>(&mut self, name: N, value: i64) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::large(value)])
    }

    /// Appends a property with one `LIST_VALUE_FILETIME`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_filetime<N: Item>(
        &mut self,
        name: N,
        value: FileTime,
    ) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::filetime(value)])
    }

    /// Appends a property with one `LIST_VALUE_SZ`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::NulInItem`] for a NUL in the name (index 0) or
    /// the value.
    pub fn push_sz<N: Item, T: Item>(
        &mut self,
        name: N,
        value: T,
    ) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::sz(value)?])
    }

    /// Appends a property with one `LIST_VALUE_EXPAND_SZ`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_sz`].
    pub fn push_expand_sz<N: Item, T: Item>(
        &mut self,
        name: N,
        value: T,
    ) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::expand_sz(value)?])
    }

    /// Appends a property with one `LIST_VALUE_MULTI_SZ`.
    ///
    /// # Errors
    /// As [`ValueBuf::multi_sz`], or a NUL in the name.
    pub fn push_multi_sz<N: Item, I>(&mut self, name: N, items: I) -> Result<&mut Self, EncodeError>
    where
        I: IntoIterator,
        I::IntoIter: Clone,
        I::Item: Item,
    {
        self.push(name, [ValueBuf::multi_sz(items)?])
    }

    /// Appends a property with one `LIST_VALUE_BINARY`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_binary<N: Item>(&mut self, name: N, data: &[u8]) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::binary(data)])
    }

    /// Appends a property with one `LIST_VALUE_SECURITY_DESCRIPTOR`.
    ///
    /// # Errors
    /// As [`PropertyListBuf::push_dword`].
    pub fn push_security_descriptor<N: Item>(
        &mut self,
        name: N,
        data: &[u8],
    ) -> Result<&mut Self, EncodeError> {
        self.push(name, [ValueBuf::security_descriptor(data)])
    }

    /// The properties.
    #[must_use]
    pub fn properties(&self) -> &[PropertyBuf] {
        &self.properties
    }

    /// The properties, to edit.
    pub fn properties_mut(&mut self) -> &mut Vec<PropertyBuf> {
        &mut self.properties
    }

    /// The properties, in order.
    pub fn iter(&self) -> core::slice::Iter<'_, PropertyBuf> {
        self.properties.iter()
    }

    /// The first property named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&PropertyBuf> {
        self.properties.iter().find(|p| p.name() == name)
    }

    /// Removes every property named `name`; returns how many there were.
    pub fn remove(&mut self, name: &str) -> usize {
        let before = self.properties.len();
        self.properties.retain(|p| p.name() != name);
        before - self.properties.len()
    }

    /// The number of properties.
    #[must_use]
    pub fn len(&self) -> usize {
        self.properties.len()
    }

    /// Whether there is no property.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The encoded size, computed arithmetically.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        4 + self
            .properties
            .iter()
            .map(PropertyBuf::encoded_len)
            .sum::<usize>()
            + if self.endmark { 4 } else { 0 }
    }

    /// Encodes into `out` and returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeErrorKind::BufferTooSmall`] with the required size (the
    /// `ERROR_MORE_DATA` contract); nothing meaningful is written then.
    pub fn encode_into(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let required = self.encoded_len();
        check_space(required, out)?;
        let mut w = Writer { out, pos: 0 };
        w.u32(u32::try_from(self.properties.len()).unwrap_or(u32::MAX));
        for property in &self.properties {
            property.write(&mut w);
        }
        if self.endmark {
            w.u32(0);
        }
        Ok(w.pos)
    }

    /// The encoding.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = alloc::vec![0; self.encoded_len()];
        let _ = self.encode_into(&mut out);
        out
    }
}

impl From<&PropertyList<'_>> for PropertyListBuf {
    fn from(list: &PropertyList<'_>) -> Self {
        Self {
            properties: list.iter().map(PropertyBuf::from).collect(),
            endmark: list.has_endmark(),
        }
    }
}

impl From<PropertyList<'_>> for PropertyListBuf {
    fn from(list: PropertyList<'_>) -> Self {
        Self::from(&list)
    }
}

impl fmt::Debug for PropertyListBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PropertyListBuf")
            .field("properties", &self.properties)
            .field("endmark", &self.endmark)
            .finish()
    }
}
