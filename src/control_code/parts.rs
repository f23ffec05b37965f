//! The field types of a control code: [`Object`], [`Access`] and the
//! all-fields view [`Parts`].

use core::fmt;

use crate::error::{EncodeError, EncodeErrorKind};

/// The object a control code is addressed to: bits 24–31.
///
/// An open value space: every `u8` is a valid object. The named values are
/// associated constants; 128–255 belong to third-party ("user") objects.
///
/// ```
/// use clusctl::Object;
///
/// assert_eq!(Object::RESOURCE.get(), 1);
/// assert_eq!(Object::RESOURCE.name(), Some("RESOURCE"));
/// assert_eq!(Object::new(200).name(), None);
/// assert!(Object::new(200).is_third_party());
/// assert_eq!(Object::new(42).to_string(), "0x2A");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct Object(u8);

impl Object {
    /// `CLUS_OBJECT_INVALID` (0): the object field of a bare `CLCTL_*`
    /// operation code.
    pub const INVALID: Self = Self(0);
    /// `CLUS_OBJECT_RESOURCE` (1).
    pub const RESOURCE: Self = Self(1);
    /// `CLUS_OBJECT_RESOURCE_TYPE` (2).
    pub const RESOURCE_TYPE: Self = Self(2);
    /// `CLUS_OBJECT_GROUP` (3).
    pub const GROUP: Self = Self(3);
    /// `CLUS_OBJECT_NODE` (4).
    pub const NODE: Self = Self(4);
    /// `CLUS_OBJECT_NETWORK` (5).
    pub const NETWORK: Self = Self(5);
    /// `CLUS_OBJECT_NETINTERFACE` (6).
    pub const NETINTERFACE: Self = Self(6);
    /// `CLUS_OBJECT_CLUSTER` (7).
    pub const CLUSTER: Self = Self(7);
    /// `CLUS_OBJECT_GROUPSET` (8).
    pub const GROUPSET: Self = Self(8);
    /// `CLUS_OBJECT_AFFINITYRULE` (9).
    pub const AFFINITYRULE: Self = Self(9);
    /// `CLUS_OBJECT_USER` (128): the first third-party object value.
    pub const USER: Self = Self(128);

    /// The named objects, in value order.
    pub const NAMED: [Self; 11] = [
        Self::INVALID,
        Self::RESOURCE,
        Self::RESOURCE_TYPE,
        Self::GROUP,
        Self::NODE,
        Self::NETWORK,
        Self::NETINTERFACE,
        Self::CLUSTER,
        Self::GROUPSET,
        Self::AFFINITYRULE,
        Self::USER,
    ];

    /// Wraps a raw object value.
    #[must_use]
    pub const fn new(value: u8) -> Self {
        Self(value)
    }

    /// The raw value.
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The SDK name without its `CLUS_OBJECT_` prefix (`"RESOURCE"`), or
    /// `None` for an unnamed value.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "INVALID",
            1 => "RESOURCE",
            2 => "RESOURCE_TYPE",
            3 => "GROUP",
            4 => "NODE",
            5 => "NETWORK",
            6 => "NETINTERFACE",
            7 => "CLUSTER",
            8 => "GROUPSET",
            9 => "AFFINITYRULE",
            128 => "USER",
            _ => return None,
        })
    }

    /// Looks an object up by its name, with or without the `CLUS_OBJECT_`
    /// prefix, ignoring ASCII case (`"resource"`, `"CLUS_OBJECT_GROUP"`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let bare = strip_prefix_ignore_ascii_case(name, "CLUS_OBJECT_").unwrap_or(name);
        Self::NAMED
            .into_iter()
            .find(|object| object.name().is_some_and(|n| n.eq_ignore_ascii_case(bare)))
    }

    /// Whether the value is in the third-party range 128–255
    /// (`CLUS_OBJECT_USER` and above).
    #[must_use]
    pub const fn is_third_party(self) -> bool {
        self.0 >= Self::USER.0
    }
}

pub(crate) fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

impl From<u8> for Object {
    fn from(value: u8) -> Self {
        Self(value)
    }
}

impl From<Object> for u8 {
    fn from(object: Object) -> Self {
        object.0
    }
}

/// Prints the name (`RESOURCE`) or, for an unnamed value, `0x` and two hex
/// digits.
impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#04X}", self.0),
        }
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Object::{name}"),
            None => write!(f, "Object({:#04X})", self.0),
        }
    }
}

/// The access a control code requires: bits 0–1.
///
/// All four bit patterns are representable, so decoding never loses a bit;
/// the SDK names three of them, and the fourth (`ReadWrite`, 3) occurs in no
/// defined code.
///
/// ```
/// use clusctl::Access;
///
/// assert_eq!(Access::from_bits(1), Some(Access::Read));
/// assert_eq!(Access::from_bits(4), None);
/// assert_eq!(Access::Write.name(), Some("CLUS_ACCESS_WRITE"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Access {
    /// `CLUS_ACCESS_ANY` (0).
    #[default]
    Any = 0,
    /// `CLUS_ACCESS_READ` (1).
    Read = 1,
    /// `CLUS_ACCESS_WRITE` (2).
    Write = 2,
    /// Both bits set (3): no SDK name and used by no defined code, but a
    /// `u32` may carry it and it must survive a round trip.
    ReadWrite = 3,
}

impl Access {
    /// The access field of `bits`, or `None` when `bits > 3`.
    #[must_use]
    pub const fn from_bits(bits: u8) -> Option<Self> {
        match bits {
            0 => Some(Self::Any),
            1 => Some(Self::Read),
            2 => Some(Self::Write),
            3 => Some(Self::ReadWrite),
            _ => None,
        }
    }

    /// The access field held in the two low bits of `bits`; higher bits are
    /// ignored.
    #[must_use]
    pub const fn from_bits_truncate(bits: u32) -> Self {
        match bits & 3 {
            0 => Self::Any,
            1 => Self::Read,
            2 => Self::Write,
            _ => Self::ReadWrite,
        }
    }

    /// The two-bit value.
    #[must_use]
    pub const fn bits(self) -> u8 {
        self as u8
    }

    /// The SDK constant name (`CLUS_ACCESS_READ`), or `None` for
    /// [`Access::ReadWrite`], which has none.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        match self {
            Self::Any => Some("CLUS_ACCESS_ANY"),
            Self::Read => Some("CLUS_ACCESS_READ"),
            Self::Write => Some("CLUS_ACCESS_WRITE"),
            Self::ReadWrite => None,
        }
    }

    /// A short lowercase label: `any`, `read`, `write` or `read+write`.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::Read => "read",
            Self::Write => "write",
            Self::ReadWrite => "read+write",
        }
    }
}

impl TryFrom<u8> for Access {
    type Error = EncodeError;

    /// Refuses values above 3 with [`EncodeErrorKind::AccessOutOfRange`].
    fn try_from(bits: u8) -> Result<Self, EncodeError> {
        Self::from_bits(bits).ok_or(EncodeError::new(EncodeErrorKind::AccessOutOfRange {
            access: bits as u32,
        }))
    }
}

/// Prints the [label](Access::label).
impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Every field of a control code, decoded.
///
/// [`ControlCode::parts`](crate::ControlCode::parts) and
/// [`ControlCode::from_parts`](crate::ControlCode::from_parts) convert
/// losslessly in both directions.
///
/// ```
/// use clusctl::{Access, ControlCode, Object, Parts};
///
/// let parts = Parts {
///     object: Object::RESOURCE,
///     function: 45,
///     access: Access::Read,
///     ..Parts::default()
/// };
/// assert_eq!(ControlCode::from_parts(parts)?.value(), 0x010000B5);
/// # Ok::<(), clusctl::EncodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Parts {
    /// Bits 24–31.
    pub object: Object,
    /// Bit 23 (`CLUS_GLOBAL`).
    pub global: bool,
    /// Bit 22 (`CLUS_MODIFY`).
    pub modify: bool,
    /// Bit 21 (`CLCTL_USER_BASE`).
    pub user: bool,
    /// Bit 20 (internal code).
    pub internal: bool,
    /// Bits 2–19: the function number, at most
    /// [`ControlCode::FUNCTION_MAX`](crate::ControlCode::FUNCTION_MAX).
    pub function: u32,
    /// Bits 0–1.
    pub access: Access,
}
