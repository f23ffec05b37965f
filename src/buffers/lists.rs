//! The buffers that are CLUSPROP lists with a narrower meaning: property
//! format lists (`GET_*_PROPERTY_FMTS`), required dependencies
//! (`GET_REQUIRED_DEPENDENCIES`) and storage disk lists (the storage
//! disk-info codes). Each wraps the [`clusprop`](crate::clusprop) view and
//! checks, in strict mode, the rule of its code:
//!
//! | buffer | strict rule (else `UnexpectedSyntax` at the entry) | lenient |
//! |---|---|---|
//! | [`PropertyFormats`] | every property has exactly one value, a `LIST_VALUE_WORD` | any property list |
//! | [`RequiredDependencies`] | every value is a `RESCLASS` or a `NAME` (MS-CMRP 3.1.4.3.1.5) | any value list |
//! | [`StorageDisks`] | one or more value lists back to back (one ENDMARK after all disks, or one per disk: I-8), each starting with a `DISK_SIGNATURE` or `DISK_GUID` unless empty | what the value-list decoder recovers from the first list |

use crate::clusprop::{
    Deviation, Property, PropertyFormat, PropertyList, ResourceClassInfo, Syntax, Value, ValueList,
};
use crate::error::{ClusPropErrorKind, DecodeError, DecodeErrorKind};
use crate::multi_sz::Utf16LeStr;

use super::Strictness;

fn unexpected(offset: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::ClusProp(ClusPropErrorKind::UnexpectedSyntax),
        offset,
    )
}

/// Decodes a property list strictly or leniently.
pub(super) fn property_list(
    bytes: &[u8],
    strictness: Strictness,
) -> Result<PropertyList<'_>, DecodeError> {
    match strictness {
        Strictness::Strict => PropertyList::decode(bytes),
        Strictness::Lenient => Ok(PropertyList::decode_lenient(bytes)),
    }
}

/// Decodes a value list strictly or leniently.
pub(super) fn value_list(
    bytes: &[u8],
    strictness: Strictness,
) -> Result<ValueList<'_>, DecodeError> {
    match strictness {
        Strictness::Strict => ValueList::decode(bytes),
        Strictness::Lenient => Ok(ValueList::decode_lenient(bytes)),
    }
}

/// The output of `GET_*_PROPERTY_FMTS`: a property list whose properties
/// each carry one `LIST_VALUE_WORD` holding a `CLUSPROP_FORMAT_*` code
/// (MS-CMRP 3.1.4.3.1.14).
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use clusctl::buffers::{self, Buffer, Direction, Strictness};
/// use clusctl::clusprop::{PropertyFormat, PropertyListBuf};
/// use clusctl::codes;
///
/// let mut list = PropertyListBuf::new();
/// list.push_word("Name", PropertyFormat::SZ.get())?;
/// let bytes = list.to_vec();
/// let code = codes::CLUSCTL_RESOURCE_GET_COMMON_PROPERTY_FMTS;
/// let Buffer::PropertyFormats(formats) = buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?
/// else {
///     unreachable!()
/// };
/// let (name, format) = formats.iter().next().unwrap();
/// assert!(name.name() == "Name");
/// assert_eq!(format, Some(PropertyFormat::SZ));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PropertyFormats<'a>(PropertyList<'a>);

impl<'a> PropertyFormats<'a> {
    /// Decodes and, in strict mode, checks the one-`LIST_VALUE_WORD` rule.
    ///
    /// # Errors
    /// The property-list errors; `UnexpectedSyntax` at a value that breaks
    /// the rule.
    pub fn decode(bytes: &'a [u8], strictness: Strictness) -> Result<Self, DecodeError> {
        let list = property_list(bytes, strictness)?;
        if strictness == Strictness::Strict {
            for property in list.iter() {
                for (i, value) in property.values().enumerate() {
                    if i > 0 || value.syntax() != Syntax::LIST_VALUE_WORD || value.word().is_err() {
                        return Err(unexpected(value.offset()));
                    }
                }
            }
        }
        Ok(Self(list))
    }

    /// The property list.
    #[must_use]
    pub const fn list(&self) -> &PropertyList<'a> {
        &self.0
    }

    /// Each property and its format (`None` when its value is not a
    /// `LIST_VALUE_WORD`, possible in lenient mode only).
    pub fn iter(&self) -> impl Iterator<Item = (Property<'a>, Option<PropertyFormat>)> + 'a {
        self.0.iter().map(|p| {
            let format = p
                .value()
                .filter(|v| v.syntax() == Syntax::LIST_VALUE_WORD)
                .and_then(|v| v.word().ok())
                .map(PropertyFormat::new);
            (p, format)
        })
    }
}

/// One entry of a [`RequiredDependencies`] list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dependency<'a> {
    /// A resource of this class (`RESCLASS`).
    Class(ResourceClassInfo),
    /// A resource of this type (`NAME`: the type name).
    TypeName(Utf16LeStr<'a>),
    /// Any other value (lenient mode only).
    Other(Value<'a>),
}

/// The output of `GET_REQUIRED_DEPENDENCIES`: a value list of resource
/// classes (`RESCLASS`) and resource type names (`NAME`), in any order.
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use clusctl::buffers::{self, Buffer, Dependency, Direction, Strictness};
/// use clusctl::clusprop::{Syntax, ValueBuf, ValueListBuf};
/// use clusctl::codes;
///
/// let mut list = ValueListBuf::new();
/// list.push(ValueBuf::new(Syntax::RESCLASS, 1u32.to_le_bytes())?)
///     .push(ValueBuf::string(Syntax::NAME, "IP Address")?);
/// let bytes = list.to_vec();
/// let code = codes::CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES;
/// let Buffer::RequiredDependencies(deps) =
///     buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?
/// else {
///     unreachable!()
/// };
/// let all: Vec<_> = deps.iter().collect();
/// assert!(matches!(all[0], Dependency::Class(c) if c.class == 1));
/// assert!(matches!(all[1], Dependency::TypeName(n) if n == "IP Address"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequiredDependencies<'a>(ValueList<'a>);

impl<'a> RequiredDependencies<'a> {
    /// Decodes and, in strict mode, checks that every value is a valid
    /// `RESCLASS` or `NAME`.
    ///
    /// # Errors
    /// The value-list errors; `UnexpectedSyntax` at another value.
    pub fn decode(bytes: &'a [u8], strictness: Strictness) -> Result<Self, DecodeError> {
        let list = value_list(bytes, strictness)?;
        let this = Self(list);
        if strictness == Strictness::Strict
            && let Some(Dependency::Other(value)) =
                this.iter().find(|d| matches!(d, Dependency::Other(_)))
        {
            return Err(unexpected(value.offset()));
        }
        Ok(this)
    }

    /// The value list.
    #[must_use]
    pub const fn list(&self) -> &ValueList<'a> {
        &self.0
    }

    /// The dependencies, in order.
    pub fn iter(&self) -> impl Iterator<Item = Dependency<'a>> + 'a {
        self.0.iter().map(|value| match value.syntax() {
            Syntax::RESCLASS => value
                .resource_class()
                .map_or(Dependency::Other(value), Dependency::Class),
            Syntax::NAME => value
                .string()
                .map_or(Dependency::Other(value), Dependency::TypeName),
            _ => Dependency::Other(value),
        })
    }
}

/// The output of the storage disk-info codes (`STORAGE_GET_DISK_INFO`,
/// `_EX`, `_EX2`, `STORAGE_GET_AVAILABLE_DISKS`, ...): value lists whose
/// values form one group per disk, each group starting at its
/// `DISK_SIGNATURE` (MBR) or `DISK_GUID` (GPT).
///
/// Both groupings that sources describe are accepted (I-8): one ENDMARK
/// after all disks, or one value list per disk, back to back.
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use clusctl::buffers::{self, Buffer, Direction, Strictness};
/// use clusctl::clusprop::{ValueBuf, ValueListBuf, Syntax};
/// use clusctl::codes;
///
/// let disk = |signature: u32, number: u32| -> Result<Vec<u8>, clusctl::EncodeError> {
///     let mut list = ValueListBuf::new();
///     list.push(ValueBuf::new(Syntax::DISK_SIGNATURE, signature.to_le_bytes())?)
///         .push(ValueBuf::new(Syntax::DISK_NUMBER, number.to_le_bytes())?);
///     Ok(list.to_vec())
/// };
/// let bytes = [disk(0x1234, 1)?, disk(0x5678, 2)?].concat(); // one list per disk
/// let code = codes::CLUSCTL_RESOURCE_TYPE_STORAGE_GET_AVAILABLE_DISKS;
/// let Buffer::StorageDisks(disks) = buffers::decode(code, Direction::Output, &bytes, Strictness::Strict)?
/// else {
///     unreachable!()
/// };
/// assert_eq!(disks.disks().count(), 2);
/// let second: Vec<_> = disks.disks().nth(1).unwrap().values().collect();
/// assert_eq!(second[0].disk_signature()?, 0x5678);
/// assert_eq!(second[1].offset(), 40); // in the whole buffer: the second list starts at 28
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StorageDisks<'a> {
    bytes: &'a [u8],
    /// In lenient mode when strict decoding fails: the one list recovered.
    lenient: Option<ValueList<'a>>,
}

impl<'a> StorageDisks<'a> {
    /// Decodes the value lists and, in strict mode, checks that each
    /// non-empty one starts a disk. Lenient mode takes the strict reading
    /// when there is one, else recovers what it can of one value list.
    ///
    /// # Errors
    /// The value-list errors (with offsets in the whole buffer);
    /// `UnexpectedSyntax` at a list's first value that does not start a
    /// disk.
    pub fn decode(bytes: &'a [u8], strictness: Strictness) -> Result<Self, DecodeError> {
        let strict = Self {
            bytes,
            lenient: None,
        };
        let checked = strict.check();
        match (checked, strictness) {
            (Ok(()), _) => Ok(strict),
            (Err(err), Strictness::Strict) => Err(err),
            (Err(_), Strictness::Lenient) => Ok(Self {
                bytes,
                lenient: Some(ValueList::decode_lenient(bytes)),
            }),
        }
    }

    fn check(&self) -> Result<(), DecodeError> {
        let mut at = 0;
        loop {
            let rest = self.bytes.get(at..).unwrap_or_default();
            let (list, used) = ValueList::decode_strict(rest, at, false)?;
            if let Some(value) = list.iter().next()
                && !starts_disk(value.syntax())
            {
                return Err(unexpected(value.offset()));
            }
            at += used;
            if at >= self.bytes.len() || used == 0 {
                return Ok(());
            }
        }
    }

    /// The value lists, in order: one when one ENDMARK ends all disks, one
    /// per disk otherwise (in lenient recovery, the one recovered). Offsets
    /// are in the whole buffer.
    pub fn lists(&self) -> impl Iterator<Item = ValueList<'a>> + 'a {
        let bytes = self.bytes;
        let mut lenient = self.lenient;
        let strict = lenient.is_none();
        let mut at = Some(0usize);
        core::iter::from_fn(move || {
            if !strict {
                return lenient.take();
            }
            let start = at.take()?;
            let rest = bytes.get(start..)?;
            let (list, used) = ValueList::decode_strict(rest, start, false).ok()?;
            let end = start + used;
            if end < bytes.len() && used > 0 {
                at = Some(end);
            }
            Some(list)
        })
    }

    /// The values of all lists, in order.
    pub fn values(&self) -> impl Iterator<Item = Value<'a>> + 'a {
        self.lists().flat_map(|list| list.iter())
    }

    /// The disks, in order: each from its `DISK_SIGNATURE` or `DISK_GUID`
    /// to the next one (values before the first such start are a group of
    /// their own).
    pub fn disks(&self) -> impl Iterator<Item = Disk<'a>> + 'a {
        let this = *self;
        let mut values = self.values().peekable();
        core::iter::from_fn(move || {
            let start = values.next()?.offset();
            while values.peek().is_some_and(|v| !starts_disk(v.syntax())) {
                values.next();
            }
            let end = values.peek().map_or(usize::MAX, Value::offset);
            Some(Disk {
                disks: this,
                start,
                end,
            })
        })
    }

    /// The buffer, as given.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// What lenient decoding tolerated.
    #[must_use]
    pub fn deviations(&self) -> &[Deviation] {
        self.lenient.as_ref().map_or(&[], ValueList::deviations)
    }
}

/// One disk of a [`StorageDisks`] buffer: a group of values.
#[derive(Clone, Copy, Debug)]
pub struct Disk<'a> {
    disks: StorageDisks<'a>,
    start: usize,
    end: usize,
}

impl<'a> Disk<'a> {
    /// The byte offset of the disk's first value.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.start
    }

    /// The disk's values: its `DISK_SIGNATURE` or `DISK_GUID`, then
    /// `SCSI_ADDRESS`, `DISK_NUMBER`, `DISK_SIZE`, `PARTITION_INFO*`, ... in
    /// the order sent.
    pub fn values(&self) -> impl Iterator<Item = Value<'a>> + 'a {
        let (start, end) = (self.start, self.end);
        self.disks
            .values()
            .filter(move |v| (start..end).contains(&v.offset()))
    }
}

fn starts_disk(syntax: Syntax) -> bool {
    syntax == Syntax::DISK_SIGNATURE || syntax == Syntax::DISK_GUID
}
