//! [`MultiSzBuf`]: the owned multi-string.

use alloc::{string::String, vec::Vec};
use core::fmt;

use super::{Item, Iter, MultiSz, encode_into, encoded_len};
use crate::error::{DecodeError, EncodeError, EncodeErrorKind};

/// An owned multi-string, always held in its encoded form (so
/// [`MultiSzBuf::as_bytes`] is free and the bytes are the canonical
/// encoding).
///
/// ```
/// use clusctl::multi_sz::MultiSzBuf;
///
/// let mut list = MultiSzBuf::new();
/// list.push("1\\\\Key")?;
/// list.push(String::from("12\\Microsoft RSA SChannel Cryptographic Provider\\K"))?;
/// assert_eq!(list.len(), 2);
/// assert!(list.push("").is_err());
///
/// let strings: Vec<String> = list.to_strings()?;
/// let again = MultiSzBuf::try_from(strings)?;
/// assert_eq!(again, list);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MultiSzBuf {
    /// The canonical encoding: `(item NUL)* NUL`.
    bytes: Vec<u8>,
    count: usize,
}

impl MultiSzBuf {
    /// The empty list.
    #[must_use]
    pub fn new() -> Self {
        Self {
            bytes: alloc::vec![0, 0],
            count: 0,
        }
    }

    /// A list of `items`.
    ///
    /// # Errors
    /// [`EncodeErrorKind::EmptyItem`] or [`EncodeErrorKind::NulInItem`] with
    /// the index of the offending item.
    pub fn from_items<I>(items: I) -> Result<Self, EncodeError>
    where
        I: IntoIterator,
        I::IntoIter: Clone,
        I::Item: Item,
    {
        let items = items.into_iter();
        let count = items.clone().count();
        let bytes = super::to_vec(items)?;
        Ok(Self { bytes, count })
    }

    /// Appends one item.
    ///
    /// # Errors
    /// [`EncodeErrorKind::EmptyItem`] or [`EncodeErrorKind::NulInItem`]
    /// (with the index the item would have had); the list is unchanged.
    pub fn push<T: Item>(&mut self, item: T) -> Result<(), EncodeError> {
        let index = self.count;
        let extra = encoded_len([&item]) - 2;
        let start = self.bytes.len() - 2;
        self.bytes.resize(start + extra + 2, 0);
        let tail = self.bytes.get_mut(start..).unwrap_or_default();
        match encode_into([&item], tail) {
            Ok(_) => {
                self.count += 1;
                Ok(())
            }
            Err(err) => {
                self.bytes.truncate(start);
                self.bytes.extend_from_slice(&[0, 0]);
                Err(EncodeError::new(match err.kind() {
                    EncodeErrorKind::EmptyItem { .. } => EncodeErrorKind::EmptyItem { index },
                    EncodeErrorKind::NulInItem { position, .. } => {
                        EncodeErrorKind::NulInItem { index, position }
                    }
                    other => other,
                }))
            }
        }
    }

    /// The borrowed view.
    #[must_use]
    pub fn as_multi_sz(&self) -> MultiSz<'_> {
        MultiSz {
            bytes: &self.bytes,
            items: self.bytes.get(..self.bytes.len() - 2).unwrap_or_default(),
            count: self.count,
            ends: super::scan::Ends::NONE,
        }
    }

    /// The items, in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        self.as_multi_sz().iter()
    }

    /// The number of items.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list has no item.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The canonical encoding.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The canonical encoding, by value.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The items as UTF-8 strings.
    ///
    /// # Errors
    /// [`DecodeErrorKind::UnpairedSurrogate`](crate::DecodeErrorKind::UnpairedSurrogate)
    /// with the byte offset in [`MultiSzBuf::as_bytes`].
    pub fn to_strings(&self) -> Result<Vec<String>, DecodeError> {
        self.as_multi_sz().to_strings()
    }

    /// Decodes `bytes` strictly into an owned list (the empty-list forms
    /// become the canonical `00 00`).
    ///
    /// # Errors
    /// As [`MultiSz::decode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        MultiSz::decode(bytes).map(Self::from)
    }
}

impl Default for MultiSzBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl From<MultiSz<'_>> for MultiSzBuf {
    /// Copies the list; an empty list becomes the canonical `00 00`.
    fn from(list: MultiSz<'_>) -> Self {
        let mut bytes = Vec::with_capacity(list.items.len() + 2);
        bytes.extend_from_slice(list.items);
        bytes.extend_from_slice(&[0, 0]);
        Self {
            bytes,
            count: list.count,
        }
    }
}

impl TryFrom<Vec<String>> for MultiSzBuf {
    type Error = EncodeError;

    /// # Errors
    /// As [`MultiSzBuf::from_items`].
    fn try_from(items: Vec<String>) -> Result<Self, EncodeError> {
        Self::from_items(&items)
    }
}

impl TryFrom<&[&str]> for MultiSzBuf {
    type Error = EncodeError;

    /// # Errors
    /// As [`MultiSzBuf::from_items`].
    fn try_from(items: &[&str]) -> Result<Self, EncodeError> {
        Self::from_items(items)
    }
}

impl TryFrom<&MultiSzBuf> for Vec<String> {
    type Error = DecodeError;

    /// # Errors
    /// As [`MultiSzBuf::to_strings`].
    fn try_from(list: &MultiSzBuf) -> Result<Self, DecodeError> {
        list.to_strings()
    }
}

impl<'a> IntoIterator for &'a MultiSzBuf {
    type Item = super::Utf16LeStr<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl fmt::Debug for MultiSzBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
