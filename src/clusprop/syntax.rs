//! [`Syntax`] and its halves [`PropertyType`] and [`PropertyFormat`]: open
//! newtypes with the SDK's names.

use core::fmt;
use core::str::FromStr;

use crate::error::{ParseError, ParseErrorKind};

/// The 32-bit syntax of a value-list or property-list entry
/// (`CLUSPROP_SYNTAX`): [`PropertyType`] in the high 16 bits,
/// [`PropertyFormat`] in the low 16 bits.
///
/// An open value space: every `u32` is a syntax. The 27 predefined
/// `CLUSPROP_SYNTAX_*` values of the current Windows SDK are associated
/// constants; [`Syntax::name`] gives their SDK names verbatim. User-defined
/// syntaxes (type or format in the `0x8000` range) are ordinary values.
///
/// ```
/// use clusctl::clusprop::{PropertyFormat, PropertyType, Syntax};
///
/// let s = Syntax::LIST_VALUE_DWORD;
/// assert_eq!(s.get(), 0x0001_0002);
/// assert_eq!(s.type_(), PropertyType::LIST_VALUE);
/// assert_eq!(s.format(), PropertyFormat::DWORD);
/// assert_eq!(s.name(), Some("CLUSPROP_SYNTAX_LIST_VALUE_DWORD"));
/// assert_eq!(Syntax::from_parts(PropertyType::USER, PropertyFormat::DWORD).get(), 0x8000_0002);
/// assert_eq!(Syntax::new(0x8000_0002).name(), None);
/// assert_eq!("CLUSPROP_SYNTAX_LIST_VALUE_DWORD".parse(), Ok(s));
/// assert_eq!(Syntax::new(0x8000_0002).to_string(), "0x80000002");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct Syntax(u32);

impl Syntax {
    /// `CLUSPROP_SYNTAX_ENDMARK` (`0x00000000`): The end of a value list or of a property's values: 4 bytes, no length field.
    pub const ENDMARK: Self = Self(0x00000000);
    /// `CLUSPROP_SYNTAX_NAME` (`0x00040003`): A property name (NUL-terminated UTF-16LE); starts every property.
    pub const NAME: Self = Self(0x00040003);
    /// `CLUSPROP_SYNTAX_RESCLASS` (`0x00020002`): A resource class (`CLUSTER_RESOURCE_CLASS`, 4 bytes) or class and subclass (8 bytes).
    pub const RESCLASS: Self = Self(0x00020002);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_BINARY` (`0x00010001`): Opaque bytes.
    pub const LIST_VALUE_BINARY: Self = Self(0x00010001);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_DWORD` (`0x00010002`): A `u32`.
    pub const LIST_VALUE_DWORD: Self = Self(0x00010002);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_SZ` (`0x00010003`): A NUL-terminated UTF-16LE string.
    pub const LIST_VALUE_SZ: Self = Self(0x00010003);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ` (`0x00010004`): A NUL-terminated UTF-16LE string with `%VARIABLES%`.
    pub const LIST_VALUE_EXPAND_SZ: Self = Self(0x00010004);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ` (`0x00010005`): A UTF-16LE multi-string (`REG_MULTI_SZ`).
    pub const LIST_VALUE_MULTI_SZ: Self = Self(0x00010005);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER` (`0x00010006`): A `u64` (only 4-byte aligned in lists).
    pub const LIST_VALUE_ULARGE_INTEGER: Self = Self(0x00010006);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_LONG` (`0x00010007`): An `i32`.
    pub const LIST_VALUE_LONG: Self = Self(0x00010007);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_EXPANDED_SZ` (`0x00010008`): A NUL-terminated UTF-16LE string with its variables substituted by the server.
    pub const LIST_VALUE_EXPANDED_SZ: Self = Self(0x00010008);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR` (`0x00010009`): A self-relative security descriptor.
    pub const LIST_VALUE_SECURITY_DESCRIPTOR: Self = Self(0x00010009);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_LARGE_INTEGER` (`0x0001000a`): An `i64` (only 4-byte aligned in lists).
    pub const LIST_VALUE_LARGE_INTEGER: Self = Self(0x0001000a);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_WORD` (`0x0001000b`): A `u16` (length 2, then 2 pad bytes).
    pub const LIST_VALUE_WORD: Self = Self(0x0001000b);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_FILETIME` (`0x0001000c`): A `FILETIME` (8 bytes).
    pub const LIST_VALUE_FILETIME: Self = Self(0x0001000c);
    /// `CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST` (`0x0001000e`): A nested property list (SDK only, undocumented).
    pub const LIST_VALUE_PROPERTY_LIST: Self = Self(0x0001000e);
    /// `CLUSPROP_SYNTAX_DISK_SIGNATURE` (`0x00050002`): An MBR disk signature (`u32`).
    pub const DISK_SIGNATURE: Self = Self(0x00050002);
    /// `CLUSPROP_SYNTAX_SCSI_ADDRESS` (`0x00060002`): A `CLUS_SCSI_ADDRESS` (four bytes).
    pub const SCSI_ADDRESS: Self = Self(0x00060002);
    /// `CLUSPROP_SYNTAX_DISK_NUMBER` (`0x00070002`): A disk number (`u32`).
    pub const DISK_NUMBER: Self = Self(0x00070002);
    /// `CLUSPROP_SYNTAX_PARTITION_INFO` (`0x00080001`): A `CLUS_PARTITION_INFO` (1120 bytes).
    pub const PARTITION_INFO: Self = Self(0x00080001);
    /// `CLUSPROP_SYNTAX_FTSET_INFO` (`0x00090001`): A `CLUS_FTSET_INFO` (SDK only).
    pub const FTSET_INFO: Self = Self(0x00090001);
    /// `CLUSPROP_SYNTAX_DISK_SERIALNUMBER` (`0x000a0003`): A disk serial number (NUL-terminated UTF-16LE).
    pub const DISK_SERIALNUMBER: Self = Self(0x000a0003);
    /// `CLUSPROP_SYNTAX_DISK_GUID` (`0x000b0003`): A disk GUID as a curly-braced string (NUL-terminated UTF-16LE).
    pub const DISK_GUID: Self = Self(0x000b0003);
    /// `CLUSPROP_SYNTAX_DISK_SIZE` (`0x000c0006`): A disk size in bytes (`u64`).
    pub const DISK_SIZE: Self = Self(0x000c0006);
    /// `CLUSPROP_SYNTAX_PARTITION_INFO_EX` (`0x000d0001`): A `CLUS_PARTITION_INFO_EX` (1160 bytes).
    pub const PARTITION_INFO_EX: Self = Self(0x000d0001);
    /// `CLUSPROP_SYNTAX_PARTITION_INFO_EX2` (`0x000e0001`): A `CLUS_PARTITION_INFO_EX` followed by `CLUS_PARTITION_INFO_EX2` (1700 bytes or more).
    pub const PARTITION_INFO_EX2: Self = Self(0x000e0001);
    /// `CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR` (`0x000f0001`): A storage device-id descriptor (opaque, SDK only).
    pub const STORAGE_DEVICE_ID_DESCRIPTOR: Self = Self(0x000f0001);

    /// The 27 predefined syntaxes, in SDK order.
    pub const PREDEFINED: [Self; 27] = [
        Self::ENDMARK,
        Self::NAME,
        Self::RESCLASS,
        Self::LIST_VALUE_BINARY,
        Self::LIST_VALUE_DWORD,
        Self::LIST_VALUE_SZ,
        Self::LIST_VALUE_EXPAND_SZ,
        Self::LIST_VALUE_MULTI_SZ,
        Self::LIST_VALUE_ULARGE_INTEGER,
        Self::LIST_VALUE_LONG,
        Self::LIST_VALUE_EXPANDED_SZ,
        Self::LIST_VALUE_SECURITY_DESCRIPTOR,
        Self::LIST_VALUE_LARGE_INTEGER,
        Self::LIST_VALUE_WORD,
        Self::LIST_VALUE_FILETIME,
        Self::LIST_VALUE_PROPERTY_LIST,
        Self::DISK_SIGNATURE,
        Self::SCSI_ADDRESS,
        Self::DISK_NUMBER,
        Self::PARTITION_INFO,
        Self::FTSET_INFO,
        Self::DISK_SERIALNUMBER,
        Self::DISK_GUID,
        Self::DISK_SIZE,
        Self::PARTITION_INFO_EX,
        Self::PARTITION_INFO_EX2,
        Self::STORAGE_DEVICE_ID_DESCRIPTOR,
    ];

    /// The syntax with this value.
    #[must_use]
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The syntax of `type_` and `format` (`CLUSPROP_SYNTAX_VALUE`).
    #[must_use]
    pub const fn from_parts(type_: PropertyType, format: PropertyFormat) -> Self {
        Self(((type_.get() as u32) << 16) | format.get() as u32)
    }

    /// The 32-bit value.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The type: the high 16 bits.
    #[must_use]
    pub const fn type_(self) -> PropertyType {
        PropertyType((self.0 >> 16) as u16)
    }

    /// The format: the low 16 bits.
    #[must_use]
    pub const fn format(self) -> PropertyFormat {
        PropertyFormat((self.0 & 0xFFFF) as u16)
    }

    /// Whether this is `CLUSPROP_SYNTAX_ENDMARK` (0).
    #[must_use]
    pub const fn is_endmark(self) -> bool {
        self.0 == 0
    }

    /// Whether this is one of the 27 predefined syntaxes.
    #[must_use]
    pub const fn is_predefined(self) -> bool {
        self.name().is_some()
    }

    /// The SDK name (`CLUSPROP_SYNTAX_...`) of a predefined syntax.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x00000000 => "CLUSPROP_SYNTAX_ENDMARK",
            0x00040003 => "CLUSPROP_SYNTAX_NAME",
            0x00020002 => "CLUSPROP_SYNTAX_RESCLASS",
            0x00010001 => "CLUSPROP_SYNTAX_LIST_VALUE_BINARY",
            0x00010002 => "CLUSPROP_SYNTAX_LIST_VALUE_DWORD",
            0x00010003 => "CLUSPROP_SYNTAX_LIST_VALUE_SZ",
            0x00010004 => "CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ",
            0x00010005 => "CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ",
            0x00010006 => "CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER",
            0x00010007 => "CLUSPROP_SYNTAX_LIST_VALUE_LONG",
            0x00010008 => "CLUSPROP_SYNTAX_LIST_VALUE_EXPANDED_SZ",
            0x00010009 => "CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR",
            0x0001000a => "CLUSPROP_SYNTAX_LIST_VALUE_LARGE_INTEGER",
            0x0001000b => "CLUSPROP_SYNTAX_LIST_VALUE_WORD",
            0x0001000c => "CLUSPROP_SYNTAX_LIST_VALUE_FILETIME",
            0x0001000e => "CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST",
            0x00050002 => "CLUSPROP_SYNTAX_DISK_SIGNATURE",
            0x00060002 => "CLUSPROP_SYNTAX_SCSI_ADDRESS",
            0x00070002 => "CLUSPROP_SYNTAX_DISK_NUMBER",
            0x00080001 => "CLUSPROP_SYNTAX_PARTITION_INFO",
            0x00090001 => "CLUSPROP_SYNTAX_FTSET_INFO",
            0x000a0003 => "CLUSPROP_SYNTAX_DISK_SERIALNUMBER",
            0x000b0003 => "CLUSPROP_SYNTAX_DISK_GUID",
            0x000c0006 => "CLUSPROP_SYNTAX_DISK_SIZE",
            0x000d0001 => "CLUSPROP_SYNTAX_PARTITION_INFO_EX",
            0x000e0001 => "CLUSPROP_SYNTAX_PARTITION_INFO_EX2",
            0x000f0001 => "CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR",
            _ => return None,
        })
    }

    /// The predefined syntax with this SDK name (`CLUSPROP_SYNTAX_` prefix
    /// optional, ASCII case ignored).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let short = strip_prefix_ignore_case(name, "CLUSPROP_SYNTAX_");
        Self::PREDEFINED.into_iter().find(|s| {
            s.name()
                .is_some_and(|n| n.get(16..).is_some_and(|n| n.eq_ignore_ascii_case(short)))
        })
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> &'a str {
    match text.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => text.get(prefix.len()..).unwrap_or(""),
        _ => text,
    }
}

/// Parses `0x`-prefixed hex or decimal into a `u32`; text that does not
/// start with a digit is an unknown name.
fn parse_number(text: &str) -> Result<u32, ParseError> {
    if text.is_empty() {
        return Err(ParseError::new(ParseErrorKind::Empty, 0));
    }
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(ParseError::new(ParseErrorKind::UnknownName, 0));
    }
    let (digits, radix, skip) = match text.get(..2) {
        Some("0x" | "0X") => (text.get(2..).unwrap_or(""), 16, 2),
        _ => (text, 10, 0),
    };
    if digits.is_empty() {
        return Err(ParseError::new(ParseErrorKind::Empty, skip));
    }
    let mut value: u32 = 0;
    for (i, c) in digits.char_indices() {
        let digit = c
            .to_digit(radix)
            .ok_or(ParseError::new(ParseErrorKind::InvalidDigit, skip + i))?;
        value = value
            .checked_mul(radix)
            .and_then(|v| v.checked_add(digit))
            .ok_or(ParseError::new(ParseErrorKind::Overflow, 0))?;
    }
    Ok(value)
}

impl From<u32> for Syntax {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<Syntax> for u32 {
    fn from(syntax: Syntax) -> Self {
        syntax.0
    }
}

impl fmt::Display for Syntax {
    /// The SDK name, or `0x` and eight hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#010x}", self.0),
        }
    }
}

impl fmt::Debug for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Syntax({:#010x} {name})", self.0),
            None => write!(f, "Syntax({:#010x})", self.0),
        }
    }
}

impl FromStr for Syntax {
    type Err = ParseError;

    /// A predefined name (see [`Syntax::from_name`]), `0x` hex or decimal.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        if let Some(s) = Self::from_name(text) {
            return Ok(s);
        }
        parse_number(text).map(Self)
    }
}

/// The high half of a [`Syntax`] (`CLUSTER_PROPERTY_TYPE`): an open `u16` value space.
///
/// ```
/// use clusctl::clusprop::{PropertyType, Syntax};
///
/// assert_eq!(Syntax::DISK_SIGNATURE.type_(), PropertyType::SIGNATURE);
/// assert_eq!(PropertyType::SIGNATURE.name(), Some("CLUSPROP_TYPE_SIGNATURE"));
/// assert!(PropertyType::new(0x8001).is_user());
/// assert_eq!(PropertyType::new(0x8001).to_string(), "0x8001");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct PropertyType(u16);

impl PropertyType {
    /// `CLUSPROP_TYPE_ENDMARK` (0x0000): The ENDMARK syntax's type.
    pub const ENDMARK: Self = Self(0x0000);
    /// `CLUSPROP_TYPE_LIST_VALUE` (0x0001): A plain value of a property or value list.
    pub const LIST_VALUE: Self = Self(0x0001);
    /// `CLUSPROP_TYPE_RESCLASS` (0x0002): A resource class.
    pub const RESCLASS: Self = Self(0x0002);
    /// `CLUSPROP_TYPE_RESERVED1` (0x0003): Reserved (SDK only).
    pub const RESERVED1: Self = Self(0x0003);
    /// `CLUSPROP_TYPE_NAME` (0x0004): A property name.
    pub const NAME: Self = Self(0x0004);
    /// `CLUSPROP_TYPE_SIGNATURE` (0x0005): A disk signature.
    pub const SIGNATURE: Self = Self(0x0005);
    /// `CLUSPROP_TYPE_SCSI_ADDRESS` (0x0006): A SCSI address (MS-CMRP spells it `SCSIADDRESS`).
    pub const SCSI_ADDRESS: Self = Self(0x0006);
    /// `CLUSPROP_TYPE_DISK_NUMBER` (0x0007): A disk number.
    pub const DISK_NUMBER: Self = Self(0x0007);
    /// `CLUSPROP_TYPE_PARTITION_INFO` (0x0008): Partition information.
    pub const PARTITION_INFO: Self = Self(0x0008);
    /// `CLUSPROP_TYPE_FTSET_INFO` (0x0009): Fault-tolerant set information (SDK only).
    pub const FTSET_INFO: Self = Self(0x0009);
    /// `CLUSPROP_TYPE_DISK_SERIALNUMBER` (0x000a): A disk serial number.
    pub const DISK_SERIALNUMBER: Self = Self(0x000a);
    /// `CLUSPROP_TYPE_DISK_GUID` (0x000b): A disk GUID.
    pub const DISK_GUID: Self = Self(0x000b);
    /// `CLUSPROP_TYPE_DISK_SIZE` (0x000c): A disk size.
    pub const DISK_SIZE: Self = Self(0x000c);
    /// `CLUSPROP_TYPE_PARTITION_INFO_EX` (0x000d): Extended partition information.
    pub const PARTITION_INFO_EX: Self = Self(0x000d);
    /// `CLUSPROP_TYPE_PARTITION_INFO_EX2` (0x000e): Extended partition information, version 2 (SDK, MS-CMRP).
    pub const PARTITION_INFO_EX2: Self = Self(0x000e);
    /// `CLUSPROP_TYPE_STORAGE_DEVICE_ID_DESCRIPTOR` (0x000f): A storage device-id descriptor (SDK only).
    pub const STORAGE_DEVICE_ID_DESCRIPTOR: Self = Self(0x000f);
    /// `CLUSPROP_TYPE_USER` (0x8000): The first user-defined type.
    pub const USER: Self = Self(0x8000);
    /// `CLUSPROP_TYPE_UNKNOWN` (0xffff): `CLUSPROP_TYPE_UNKNOWN` (-1 in the SDK enum).
    pub const UNKNOWN: Self = Self(0xffff);

    /// The named values, in value order.
    pub const NAMED: [Self; 18] = [
        Self::ENDMARK,
        Self::LIST_VALUE,
        Self::RESCLASS,
        Self::RESERVED1,
        Self::NAME,
        Self::SIGNATURE,
        Self::SCSI_ADDRESS,
        Self::DISK_NUMBER,
        Self::PARTITION_INFO,
        Self::FTSET_INFO,
        Self::DISK_SERIALNUMBER,
        Self::DISK_GUID,
        Self::DISK_SIZE,
        Self::PARTITION_INFO_EX,
        Self::PARTITION_INFO_EX2,
        Self::STORAGE_DEVICE_ID_DESCRIPTOR,
        Self::USER,
        Self::UNKNOWN,
    ];

    /// The value with this number.
    #[must_use]
    pub const fn new(value: u16) -> Self {
        Self(value)
    }

    /// The 16-bit value.
    #[must_use]
    pub const fn get(self) -> u16 {
        self.0
    }

    /// Whether the value is in the user-defined range (`0x8000..0xFFFF`).
    #[must_use]
    pub const fn is_user(self) -> bool {
        self.0 >= 0x8000 && self.0 != 0xFFFF
    }

    /// The SDK name (`CLUSPROP_TYPE_...`) of a named value.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0000 => "CLUSPROP_TYPE_ENDMARK",
            0x0001 => "CLUSPROP_TYPE_LIST_VALUE",
            0x0002 => "CLUSPROP_TYPE_RESCLASS",
            0x0003 => "CLUSPROP_TYPE_RESERVED1",
            0x0004 => "CLUSPROP_TYPE_NAME",
            0x0005 => "CLUSPROP_TYPE_SIGNATURE",
            0x0006 => "CLUSPROP_TYPE_SCSI_ADDRESS",
            0x0007 => "CLUSPROP_TYPE_DISK_NUMBER",
            0x0008 => "CLUSPROP_TYPE_PARTITION_INFO",
            0x0009 => "CLUSPROP_TYPE_FTSET_INFO",
            0x000a => "CLUSPROP_TYPE_DISK_SERIALNUMBER",
            0x000b => "CLUSPROP_TYPE_DISK_GUID",
            0x000c => "CLUSPROP_TYPE_DISK_SIZE",
            0x000d => "CLUSPROP_TYPE_PARTITION_INFO_EX",
            0x000e => "CLUSPROP_TYPE_PARTITION_INFO_EX2",
            0x000f => "CLUSPROP_TYPE_STORAGE_DEVICE_ID_DESCRIPTOR",
            0x8000 => "CLUSPROP_TYPE_USER",
            0xffff => "CLUSPROP_TYPE_UNKNOWN",
            _ => return None,
        })
    }
}

impl fmt::Display for PropertyType {
    /// The SDK name, or `0x` and four hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#06x}", self.0),
        }
    }
}

impl fmt::Debug for PropertyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PropertyType({self})")
    }
}

/// The low half of a [`Syntax`] (`CLUSTER_PROPERTY_FORMAT`): an open `u16` value space.
///
/// ```
/// use clusctl::clusprop::{PropertyFormat, Syntax};
///
/// assert_eq!(Syntax::LIST_VALUE_SZ.format(), PropertyFormat::SZ);
/// assert_eq!(PropertyFormat::SZ.name(), Some("CLUSPROP_FORMAT_SZ"));
/// assert_eq!(PropertyFormat::new(0x8000), PropertyFormat::USER);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct PropertyFormat(u16);

impl PropertyFormat {
    /// `CLUSPROP_FORMAT_UNKNOWN` (0x0000): No format (used by ENDMARK).
    pub const UNKNOWN: Self = Self(0x0000);
    /// `CLUSPROP_FORMAT_BINARY` (0x0001): Opaque bytes.
    pub const BINARY: Self = Self(0x0001);
    /// `CLUSPROP_FORMAT_DWORD` (0x0002): A `u32`.
    pub const DWORD: Self = Self(0x0002);
    /// `CLUSPROP_FORMAT_SZ` (0x0003): A NUL-terminated UTF-16LE string.
    pub const SZ: Self = Self(0x0003);
    /// `CLUSPROP_FORMAT_EXPAND_SZ` (0x0004): A NUL-terminated UTF-16LE string with `%VARIABLES%`.
    pub const EXPAND_SZ: Self = Self(0x0004);
    /// `CLUSPROP_FORMAT_MULTI_SZ` (0x0005): A UTF-16LE multi-string.
    pub const MULTI_SZ: Self = Self(0x0005);
    /// `CLUSPROP_FORMAT_ULARGE_INTEGER` (0x0006): A `u64`.
    pub const ULARGE_INTEGER: Self = Self(0x0006);
    /// `CLUSPROP_FORMAT_LONG` (0x0007): An `i32`.
    pub const LONG: Self = Self(0x0007);
    /// `CLUSPROP_FORMAT_EXPANDED_SZ` (0x0008): A NUL-terminated UTF-16LE string with variables substituted.
    pub const EXPANDED_SZ: Self = Self(0x0008);
    /// `CLUSPROP_FORMAT_SECURITY_DESCRIPTOR` (0x0009): A self-relative security descriptor.
    pub const SECURITY_DESCRIPTOR: Self = Self(0x0009);
    /// `CLUSPROP_FORMAT_LARGE_INTEGER` (0x000a): An `i64`.
    pub const LARGE_INTEGER: Self = Self(0x000a);
    /// `CLUSPROP_FORMAT_WORD` (0x000b): A `u16`.
    pub const WORD: Self = Self(0x000b);
    /// `CLUSPROP_FORMAT_FILETIME` (0x000c): A `FILETIME`.
    pub const FILETIME: Self = Self(0x000c);
    /// `CLUSPROP_FORMAT_VALUE_LIST` (0x000d): A nested value list (SDK only, undocumented).
    pub const VALUE_LIST: Self = Self(0x000d);
    /// `CLUSPROP_FORMAT_PROPERTY_LIST` (0x000e): A nested property list (SDK only, undocumented).
    pub const PROPERTY_LIST: Self = Self(0x000e);
    /// `CLUSPROP_FORMAT_USER` (0x8000): The first user-defined format.
    pub const USER: Self = Self(0x8000);

    /// The named values, in value order.
    pub const NAMED: [Self; 16] = [
        Self::UNKNOWN,
        Self::BINARY,
        Self::DWORD,
        Self::SZ,
        Self::EXPAND_SZ,
        Self::MULTI_SZ,
        Self::ULARGE_INTEGER,
        Self::LONG,
        Self::EXPANDED_SZ,
        Self::SECURITY_DESCRIPTOR,
        Self::LARGE_INTEGER,
        Self::WORD,
        Self::FILETIME,
        Self::VALUE_LIST,
        Self::PROPERTY_LIST,
        Self::USER,
    ];

    /// The value with this number.
    #[must_use]
    pub const fn new(value: u16) -> Self {
        Self(value)
    }

    /// The 16-bit value.
    #[must_use]
    pub const fn get(self) -> u16 {
        self.0
    }

    /// Whether the value is in the user-defined range (`0x8000..0xFFFF`).
    #[must_use]
    pub const fn is_user(self) -> bool {
        self.0 >= 0x8000 && self.0 != 0xFFFF
    }

    /// The SDK name (`CLUSPROP_FORMAT_...`) of a named value.
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0x0000 => "CLUSPROP_FORMAT_UNKNOWN",
            0x0001 => "CLUSPROP_FORMAT_BINARY",
            0x0002 => "CLUSPROP_FORMAT_DWORD",
            0x0003 => "CLUSPROP_FORMAT_SZ",
            0x0004 => "CLUSPROP_FORMAT_EXPAND_SZ",
            0x0005 => "CLUSPROP_FORMAT_MULTI_SZ",
            0x0006 => "CLUSPROP_FORMAT_ULARGE_INTEGER",
            0x0007 => "CLUSPROP_FORMAT_LONG",
            0x0008 => "CLUSPROP_FORMAT_EXPANDED_SZ",
            0x0009 => "CLUSPROP_FORMAT_SECURITY_DESCRIPTOR",
            0x000a => "CLUSPROP_FORMAT_LARGE_INTEGER",
            0x000b => "CLUSPROP_FORMAT_WORD",
            0x000c => "CLUSPROP_FORMAT_FILETIME",
            0x000d => "CLUSPROP_FORMAT_VALUE_LIST",
            0x000e => "CLUSPROP_FORMAT_PROPERTY_LIST",
            0x8000 => "CLUSPROP_FORMAT_USER",
            _ => return None,
        })
    }
}

impl fmt::Display for PropertyFormat {
    /// The SDK name, or `0x` and four hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#06x}", self.0),
        }
    }
}

impl fmt::Debug for PropertyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PropertyFormat({self})")
    }
}
