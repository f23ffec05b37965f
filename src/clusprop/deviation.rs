//! [`Deviation`]: what lenient decoding tolerated, kept inline (no
//! allocator).

use core::fmt;

use crate::error::ClusPropErrorKind;

/// One deviation from the strict format that lenient decoding
/// ([`PropertyList::decode_lenient`](super::PropertyList::decode_lenient),
/// [`ValueList::decode_lenient`](super::ValueList::decode_lenient))
/// tolerated, with the byte offset where it was found. The kind is the
/// error strict decoding would have reported there.
///
/// ```
/// use clusctl::ClusPropErrorKind;
/// use clusctl::clusprop::PropertyList;
///
/// // One property "A" = DWORD 7, then the copy was cut before its ENDMARK.
/// let bytes = [
///     1, 0, 0, 0, //                      count
///     3, 0, 4, 0, 4, 0, 0, 0, b'A', 0, 0, 0, // NAME "A"
///     2, 0, 1, 0, 4, 0, 0, 0, 7, 0, 0, 0, // DWORD 7
/// ];
/// let list = PropertyList::decode_lenient(&bytes);
/// assert_eq!(list.len(), 1);
/// let deviation = list.deviations()[0];
/// assert_eq!(deviation.kind(), ClusPropErrorKind::MissingEndmark);
/// assert_eq!(deviation.offset(), 28);
/// assert_eq!(deviation.to_string(), "expected an ENDMARK at byte 28");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deviation {
    kind: ClusPropErrorKind,
    offset: usize,
}

impl Deviation {
    /// What was tolerated.
    #[must_use]
    pub const fn kind(&self) -> ClusPropErrorKind {
        self.kind
    }

    /// The byte offset, from the start of the buffer given to the decoder.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

/// How many deviations a decoded list keeps; further ones are counted
/// ([`PropertyList::omitted_deviations`](super::PropertyList::omitted_deviations)).
///
/// ```
/// use clusctl::clusprop::{MAX_DEVIATIONS, ValueList};
///
/// // Twenty one-byte binary values, each with a non-zero pad byte.
/// let mut bytes = Vec::new();
/// for _ in 0..20 {
///     bytes.extend([1, 0, 1, 0, 1, 0, 0, 0, 7, 0xFF, 0, 0]);
/// }
/// bytes.extend([0; 4]);
/// let list = ValueList::decode_lenient(&bytes);
/// assert_eq!(list.len(), 20);
/// assert_eq!(list.deviations().len(), MAX_DEVIATIONS);
/// assert_eq!(list.omitted_deviations(), 20 - MAX_DEVIATIONS);
/// ```
pub const MAX_DEVIATIONS: usize = 8;

const PLACEHOLDER: Deviation = Deviation {
    kind: ClusPropErrorKind::TrailingData,
    offset: 0,
};

/// The deviations of one lenient decode, inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Deviations {
    items: [Deviation; MAX_DEVIATIONS],
    len: usize,
    omitted: usize,
}

impl Deviations {
    pub(crate) const NONE: Self = Self {
        items: [PLACEHOLDER; MAX_DEVIATIONS],
        len: 0,
        omitted: 0,
    };

    pub(crate) fn push(&mut self, kind: ClusPropErrorKind, offset: usize) {
        match self.items.get_mut(self.len) {
            Some(slot) => {
                *slot = Deviation { kind, offset };
                self.len += 1;
            }
            None => self.omitted += 1,
        }
    }

    pub(crate) fn as_slice(&self) -> &[Deviation] {
        self.items.get(..self.len).unwrap_or_default()
    }

    pub(crate) const fn omitted(&self) -> usize {
        self.omitted
    }

    pub(crate) const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Debug for Deviations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}
