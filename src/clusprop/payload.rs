//! Typed payloads: the accessors of [`Value`] and the structs they return.

use core::fmt;

use super::walk::{self, HEADER};
use super::{PropertyFormat, PropertyList, Syntax, Value};
use crate::error::{ClusPropErrorKind as Kind, DecodeError, DecodeErrorKind};
use crate::multi_sz::{MultiSz, Utf16LeStr};

/// The data size of `CLUS_PARTITION_INFO`.
///
/// ```
/// use clusctl::clusprop::{PARTITION_INFO_EX_LEN, PARTITION_INFO_EX2_LEN, PARTITION_INFO_LEN};
///
/// assert_eq!((PARTITION_INFO_LEN, PARTITION_INFO_EX_LEN, PARTITION_INFO_EX2_LEN), (1120, 1160, 1700));
/// ```
pub const PARTITION_INFO_LEN: usize = 1120;
/// The data size of `CLUS_PARTITION_INFO_EX`.
pub const PARTITION_INFO_EX_LEN: usize = 1160;
/// The (minimum) data size of a `PARTITION_INFO_EX2` value: the flat
/// MS-CMRP layout; a producer using the C `sizeof` may send 1704 (I-10).
pub const PARTITION_INFO_EX2_LEN: usize = 1700;

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    walk::read_u32(bytes, at).unwrap_or(0)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |b| u64::from_le_bytes(*b))
}

/// A `FILETIME`: 100-nanosecond intervals since 1601-01-01 UTC, as two
/// little-endian `u32` halves.
///
/// ```
/// use clusctl::clusprop::FileTime;
///
/// let t = FileTime::new(0x0000_0001_0000_0002);
/// assert_eq!((t.low(), t.high()), (2, 1));
/// assert_eq!(FileTime::from_parts(2, 1), t);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileTime(u64);

impl FileTime {
    /// The time with this 64-bit value.
    #[must_use]
    pub const fn new(value: u64) -> Self {
        Self(value)
    }

    /// The time of `dwLowDateTime` and `dwHighDateTime`.
    #[must_use]
    pub const fn from_parts(low: u32, high: u32) -> Self {
        Self(((high as u64) << 32) | low as u64)
    }

    /// The 64-bit value.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }

    /// `dwLowDateTime`.
    #[must_use]
    pub const fn low(self) -> u32 {
        (self.0 & 0xFFFF_FFFF) as u32
    }

    /// `dwHighDateTime`.
    #[must_use]
    pub const fn high(self) -> u32 {
        (self.0 >> 32) as u32
    }
}

/// `CLUS_SCSI_ADDRESS`: four bytes (the syntax's format says DWORD).
///
/// ```
/// use clusctl::clusprop::ScsiAddress;
///
/// let a = ScsiAddress::from_bytes([1, 2, 3, 4]);
/// assert_eq!((a.port_number, a.path_id, a.target_id, a.lun), (1, 2, 3, 4));
/// assert_eq!(a.to_bytes(), [1, 2, 3, 4]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct ScsiAddress {
    /// `PortNumber` (byte 0).
    pub port_number: u8,
    /// `PathId` (byte 1).
    pub path_id: u8,
    /// `TargetId` (byte 2).
    pub target_id: u8,
    /// `Lun` (byte 3).
    pub lun: u8,
}

impl ScsiAddress {
    /// The address of four wire bytes.
    #[must_use]
    pub const fn from_bytes(b: [u8; 4]) -> Self {
        Self {
            port_number: b[0],
            path_id: b[1],
            target_id: b[2],
            lun: b[3],
        }
    }

    /// The four wire bytes.
    #[must_use]
    pub const fn to_bytes(self) -> [u8; 4] {
        [self.port_number, self.path_id, self.target_id, self.lun]
    }
}

/// A resource class (`CLUSPROP_RESOURCE_CLASS`, 4 bytes) or class and
/// subclass (`CLUS_RESOURCE_CLASS_INFO`, 8 bytes): both sizes occur (I-7).
///
/// ```
/// use clusctl::clusprop::ResourceClassInfo;
///
/// let storage = ResourceClassInfo { class: ResourceClassInfo::STORAGE, subclass: None };
/// assert_eq!(storage.to_bytes().as_ref(), &[1, 0, 0, 0]);
/// let shared = ResourceClassInfo { class: 1, subclass: Some(0x8000_0000) };
/// assert_eq!(shared.to_bytes().as_ref(), &[1, 0, 0, 0, 0, 0, 0, 0x80]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct ResourceClassInfo {
    /// `CLUSTER_RESOURCE_CLASS`: 0 unknown, 1 storage, 2 network, 0x8000
    /// user.
    pub class: u32,
    /// The subclass, when the value has 8 bytes.
    pub subclass: Option<u32>,
}

impl ResourceClassInfo {
    /// `CLUS_RESCLASS_UNKNOWN`.
    pub const UNKNOWN: u32 = 0;
    /// `CLUS_RESCLASS_STORAGE`.
    pub const STORAGE: u32 = 1;
    /// `CLUS_RESCLASS_NETWORK`.
    pub const NETWORK: u32 = 2;
    /// `CLUS_RESCLASS_USER`.
    pub const USER: u32 = 0x8000;

    /// The wire bytes (4 or 8).
    #[must_use]
    pub fn to_bytes(self) -> impl AsRef<[u8]> {
        let mut out = [0u8; 8];
        let (class, subclass) = out.split_at_mut(4);
        class.copy_from_slice(&self.class.to_le_bytes());
        subclass.copy_from_slice(&self.subclass.unwrap_or(0).to_le_bytes());
        let len = if self.subclass.is_some() { 8 } else { 4 };
        Bytes { out, len }
    }
}

struct Bytes {
    out: [u8; 8],
    len: usize,
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        self.out.get(..self.len).unwrap_or_default()
    }
}

/// A GUID in its 16-byte MS-DTYP wire form (`Data1`–`Data3` little-endian).
/// `Display` gives `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
///
/// ```
/// use clusctl::clusprop::Guid;
///
/// let g = Guid::from_bytes([
///     0x86, 0x7a, 0x96, 0xbf, 0xe6, 0x0d, 0xd0, 0x11, 0xa2, 0x85, 0x00, 0xaa, 0x00, 0x30, 0x49, 0xe2,
/// ]);
/// assert_eq!(g.to_string(), "bf967a86-0de6-11d0-a285-00aa003049e2");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid([u8; 16]);

impl Guid {
    /// The GUID of these wire bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The wire bytes.
    #[must_use]
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    fn at(bytes: &[u8], at: usize) -> Self {
        Self(
            bytes
                .get(at..)
                .and_then(<[u8]>::first_chunk::<16>)
                .copied()
                .unwrap_or_default(),
        )
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.0;
        let d1 = u32_at(b, 0);
        let d2 = u16::from_le_bytes([b[4], b[5]]);
        let d3 = u16::from_le_bytes([b[6], b[7]]);
        write!(f, "{d1:08x}-{d2:04x}-{d3:04x}-{:02x}{:02x}-", b[8], b[9])?;
        for x in &b[10..] {
            write!(f, "{x:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Guid({self})")
    }
}

/// A fixed `WCHAR[n]` field: the text up to the first NUL.
fn wchars(bytes: &[u8], base: usize, at: usize, units: usize) -> Utf16LeStr<'_> {
    let field = bytes.get(at..at + 2 * units).unwrap_or_default();
    Utf16LeStr::new_unchecked_at(walk::text_of(field), base + at)
}

/// `CLUS_PARTITION_INFO` (1120 bytes), borrowed.
///
/// ```
/// use clusctl::clusprop::{PartitionInfo, PARTITION_INFO_LEN};
///
/// let mut raw = vec![0u8; PARTITION_INFO_LEN];
/// raw[0] = 4; // CLUSPROP_PIFLAG_USABLE
/// raw[4..10].copy_from_slice(b"C\0:\0\\\0");
/// let info = PartitionInfo::from_bytes(&raw).unwrap();
/// assert_eq!(info.flags(), 4);
/// assert!(info.device_name() == "C:\\");
/// assert!(info.volume_label().is_empty());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PartitionInfo<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl<'a> PartitionInfo<'a> {
    /// The view of at least 1120 bytes (`None` if shorter).
    #[must_use]
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Self> {
        (bytes.len() >= PARTITION_INFO_LEN).then_some(Self { bytes, base: 0 })
    }

    /// `dwFlags` (`CLUSPROP_PIFLAG_*`: STICKY 1, REMOVABLE 2, USABLE 4,
    /// DEFAULT_QUORUM 8, USABLE_FOR_CSV 0x10, ENCRYPTION_ENABLED 0x20, RAW
    /// 0x40, UNKNOWN 0x80000000).
    #[must_use]
    pub fn flags(&self) -> u32 {
        u32_at(self.bytes, 0)
    }

    /// `szDeviceName` (`WCHAR[260]` at 4).
    #[must_use]
    pub fn device_name(&self) -> Utf16LeStr<'a> {
        wchars(self.bytes, self.base, 4, 260)
    }

    /// `szVolumeLabel` (`WCHAR[260]` at 524).
    #[must_use]
    pub fn volume_label(&self) -> Utf16LeStr<'a> {
        wchars(self.bytes, self.base, 524, 260)
    }

    /// `dwSerialNumber` (at 1044).
    #[must_use]
    pub fn serial_number(&self) -> u32 {
        u32_at(self.bytes, 1044)
    }

    /// `rgdwMaximumComponentLength` (at 1048).
    #[must_use]
    pub fn maximum_component_length(&self) -> u32 {
        u32_at(self.bytes, 1048)
    }

    /// `dwFileSystemFlags` (at 1052).
    #[must_use]
    pub fn file_system_flags(&self) -> u32 {
        u32_at(self.bytes, 1052)
    }

    /// `szFileSystem` (`WCHAR[32]` at 1056).
    #[must_use]
    pub fn file_system(&self) -> Utf16LeStr<'a> {
        wchars(self.bytes, self.base, 1056, 32)
    }

    /// The raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl fmt::Debug for PartitionInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartitionInfo")
            .field("flags", &self.flags())
            .field("device_name", &self.device_name())
            .field("volume_label", &self.volume_label())
            .field("serial_number", &self.serial_number())
            .field("file_system", &self.file_system())
            .finish_non_exhaustive()
    }
}

/// `CLUS_PARTITION_INFO_EX` (1160 bytes), borrowed: a
/// [`PartitionInfo`] and sizes, numbers and the volume GUID.
///
/// ```
/// use clusctl::clusprop::{PartitionInfoEx, PARTITION_INFO_EX_LEN};
///
/// let mut raw = vec![0u8; PARTITION_INFO_EX_LEN];
/// raw[1120..1128].copy_from_slice(&(1u64 << 40).to_le_bytes());
/// raw[1140] = 2;
/// let info = PartitionInfoEx::from_bytes(&raw).unwrap();
/// assert_eq!(info.total_size_in_bytes(), 1 << 40);
/// assert_eq!(info.partition_number(), 2);
/// assert_eq!(info.info().flags(), 0);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PartitionInfoEx<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl<'a> PartitionInfoEx<'a> {
    /// The view of at least 1160 bytes (`None` if shorter).
    #[must_use]
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Self> {
        (bytes.len() >= PARTITION_INFO_EX_LEN).then_some(Self { bytes, base: 0 })
    }

    /// The `CLUS_PARTITION_INFO` part (the first 1120 bytes).
    #[must_use]
    pub const fn info(&self) -> PartitionInfo<'a> {
        PartitionInfo {
            bytes: self.bytes,
            base: self.base,
        }
    }

    /// `TotalSizeInBytes` (u64 at 1120, read unaligned).
    #[must_use]
    pub fn total_size_in_bytes(&self) -> u64 {
        u64_at(self.bytes, 1120)
    }

    /// `FreeSizeInBytes` (u64 at 1128).
    #[must_use]
    pub fn free_size_in_bytes(&self) -> u64 {
        u64_at(self.bytes, 1128)
    }

    /// `DeviceNumber` (at 1136).
    #[must_use]
    pub fn device_number(&self) -> u32 {
        u32_at(self.bytes, 1136)
    }

    /// `PartitionNumber` (at 1140).
    #[must_use]
    pub fn partition_number(&self) -> u32 {
        u32_at(self.bytes, 1140)
    }

    /// `VolumeGuid` (at 1144).
    #[must_use]
    pub fn volume_guid(&self) -> Guid {
        Guid::at(self.bytes, 1144)
    }

    /// The raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl fmt::Debug for PartitionInfoEx<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartitionInfoEx")
            .field("info", &self.info())
            .field("total_size_in_bytes", &self.total_size_in_bytes())
            .field("free_size_in_bytes", &self.free_size_in_bytes())
            .field("device_number", &self.device_number())
            .field("partition_number", &self.partition_number())
            .field("volume_guid", &self.volume_guid())
            .finish()
    }
}

/// A `PARTITION_INFO_EX2` payload (at least 1700 bytes), borrowed: a
/// [`PartitionInfoEx`], then `CLUS_PARTITION_INFO_EX2`.
///
/// ```
/// use clusctl::clusprop::{PartitionInfoEx2, PARTITION_INFO_EX2_LEN};
///
/// let mut raw = vec![0u8; PARTITION_INFO_EX2_LEN];
/// raw[1176..1180].copy_from_slice(b"P\0\x31\0");
/// raw[1696] = 8; // encrypted
/// let info = PartitionInfoEx2::from_bytes(&raw).unwrap();
/// assert!(info.partition_name() == "P1");
/// assert_eq!(info.encryption_flags(), 8);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PartitionInfoEx2<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl<'a> PartitionInfoEx2<'a> {
    /// The view of at least 1700 bytes (`None` if shorter).
    #[must_use]
    pub fn from_bytes(bytes: &'a [u8]) -> Option<Self> {
        (bytes.len() >= PARTITION_INFO_EX2_LEN).then_some(Self { bytes, base: 0 })
    }

    /// The `CLUS_PARTITION_INFO_EX` part (the first 1160 bytes).
    #[must_use]
    pub const fn ex(&self) -> PartitionInfoEx<'a> {
        PartitionInfoEx {
            bytes: self.bytes,
            base: self.base,
        }
    }

    /// `GptPartitionId` (at 1160).
    #[must_use]
    pub fn gpt_partition_id(&self) -> Guid {
        Guid::at(self.bytes, 1160)
    }

    /// `szPartitionName` (`WCHAR[260]` at 1176).
    #[must_use]
    pub fn partition_name(&self) -> Utf16LeStr<'a> {
        wchars(self.bytes, self.base, 1176, 260)
    }

    /// `EncryptionFlags` (at 1696; BitLocker: ENABLED 1, DECRYPTED 4,
    /// ENCRYPTED 8, DECRYPTING 0x10, ENCRYPTING 0x20, PAUSED 0x40, STOPPED
    /// 0x80).
    #[must_use]
    pub fn encryption_flags(&self) -> u32 {
        u32_at(self.bytes, 1696)
    }

    /// The raw bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }
}

impl fmt::Debug for PartitionInfoEx2<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartitionInfoEx2")
            .field("ex", &self.ex())
            .field("gpt_partition_id", &self.gpt_partition_id())
            .field("partition_name", &self.partition_name())
            .field("encryption_flags", &self.encryption_flags())
            .finish()
    }
}

/// A value's payload, typed by its (predefined) syntax; see
/// [`Value::typed`].
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use clusctl::clusprop::{PropertyList, PropertyListBuf, TypedValue};
///
/// let mut built = PropertyListBuf::new();
/// built.push_long("Offset", -3)?.push_multi_sz("Nodes", ["n1", "n2"])?;
/// let bytes = built.to_vec();
/// let list = PropertyList::decode(&bytes)?;
/// for property in list.iter() {
///     match property.value().unwrap().typed()? {
///         TypedValue::Long(n) => assert_eq!(n, -3),
///         TypedValue::MultiSz(items) => assert_eq!(items.len(), 2),
///         other => panic!("unexpected {other:?}"),
///     }
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TypedValue<'a> {
    /// `LIST_VALUE_BINARY`.
    Binary(&'a [u8]),
    /// `LIST_VALUE_DWORD`.
    Dword(u32),
    /// `LIST_VALUE_SZ`.
    Sz(Utf16LeStr<'a>),
    /// `LIST_VALUE_EXPAND_SZ`.
    ExpandSz(Utf16LeStr<'a>),
    /// `LIST_VALUE_MULTI_SZ` (item offsets count from the value's data).
    MultiSz(MultiSz<'a>),
    /// `LIST_VALUE_ULARGE_INTEGER`.
    ULargeInteger(u64),
    /// `LIST_VALUE_LONG`.
    Long(i32),
    /// `LIST_VALUE_EXPANDED_SZ`.
    ExpandedSz(Utf16LeStr<'a>),
    /// `LIST_VALUE_SECURITY_DESCRIPTOR`: the self-relative descriptor's
    /// bytes.
    SecurityDescriptor(&'a [u8]),
    /// `LIST_VALUE_LARGE_INTEGER`.
    LargeInteger(i64),
    /// `LIST_VALUE_WORD`.
    Word(u16),
    /// `LIST_VALUE_FILETIME`.
    FileTime(FileTime),
    /// `LIST_VALUE_PROPERTY_LIST`: the nested list's bytes (decode them
    /// with [`Value::property_list`]).
    PropertyList(&'a [u8]),
    /// `NAME` (in a value list: a resource type name).
    Name(Utf16LeStr<'a>),
    /// `RESCLASS`.
    ResourceClass(ResourceClassInfo),
    /// `DISK_SIGNATURE`.
    DiskSignature(u32),
    /// `SCSI_ADDRESS`.
    ScsiAddress(ScsiAddress),
    /// `DISK_NUMBER`.
    DiskNumber(u32),
    /// `PARTITION_INFO`.
    PartitionInfo(PartitionInfo<'a>),
    /// `FTSET_INFO` (raw bytes).
    FtSetInfo(&'a [u8]),
    /// `DISK_SERIALNUMBER`.
    DiskSerialNumber(Utf16LeStr<'a>),
    /// `DISK_GUID` (a curly-braced GUID string).
    DiskGuid(Utf16LeStr<'a>),
    /// `DISK_SIZE`.
    DiskSize(u64),
    /// `PARTITION_INFO_EX`.
    PartitionInfoEx(PartitionInfoEx<'a>),
    /// `PARTITION_INFO_EX2`.
    PartitionInfoEx2(PartitionInfoEx2<'a>),
    /// `STORAGE_DEVICE_ID_DESCRIPTOR` (raw bytes).
    StorageDeviceIdDescriptor(&'a [u8]),
    /// Any other syntax (user-defined or unknown): the raw data.
    Other(&'a [u8]),
}

impl<'a> Value<'a> {
    fn err(&self, kind: Kind) -> DecodeError {
        DecodeError::new(DecodeErrorKind::ClusProp(kind), self.offset)
    }

    fn want_format(&self, format: PropertyFormat) -> Result<(), DecodeError> {
        if self.syntax.format() == format {
            Ok(())
        } else {
            Err(self.err(Kind::UnexpectedSyntax))
        }
    }

    fn want_syntax(&self, syntax: Syntax) -> Result<(), DecodeError> {
        if self.syntax == syntax {
            Ok(())
        } else {
            Err(self.err(Kind::UnexpectedSyntax))
        }
    }

    fn array<const N: usize>(&self) -> Result<[u8; N], DecodeError> {
        match self.data.first_chunk::<N>() {
            Some(bytes) if self.data.len() == N => Ok(*bytes),
            _ => Err(self.err(Kind::ValueLength)),
        }
    }

    /// A DWORD: any syntax of format `CLUSPROP_FORMAT_DWORD` (user types
    /// included) with 4 data bytes.
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax) or
    /// [`ValueLength`](Kind::ValueLength) at the value's offset (as for
    /// every typed accessor).
    pub fn dword(&self) -> Result<u32, DecodeError> {
        self.want_format(PropertyFormat::DWORD)?;
        self.array().map(u32::from_le_bytes)
    }

    /// A LONG (format `LONG`, 4 bytes).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn long(&self) -> Result<i32, DecodeError> {
        self.want_format(PropertyFormat::LONG)?;
        self.array().map(i32::from_le_bytes)
    }

    /// A WORD (format `WORD`, 2 bytes; the FMTS lists' format numbers).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn word(&self) -> Result<u16, DecodeError> {
        self.want_format(PropertyFormat::WORD)?;
        self.array().map(u16::from_le_bytes)
    }

    /// A ULARGE_INTEGER (format `ULARGE_INTEGER`, 8 bytes, read
    /// unaligned); `DISK_SIZE` has this format too.
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn ularge(&self) -> Result<u64, DecodeError> {
        self.want_format(PropertyFormat::ULARGE_INTEGER)?;
        self.array().map(u64::from_le_bytes)
    }

    /// A LARGE_INTEGER (format `LARGE_INTEGER`, 8 bytes, read unaligned).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn large(&self) -> Result<i64, DecodeError> {
        self.want_format(PropertyFormat::LARGE_INTEGER)?;
        self.array().map(i64::from_le_bytes)
    }

    /// A FILETIME (format `FILETIME`, 8 bytes).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn filetime(&self) -> Result<FileTime, DecodeError> {
        self.want_format(PropertyFormat::FILETIME)?;
        self.array().map(|b| FileTime(u64::from_le_bytes(b)))
    }

    /// A string: format `SZ`, `EXPAND_SZ` or `EXPANDED_SZ` (so also `NAME`,
    /// `DISK_SERIALNUMBER`, `DISK_GUID`), without its NUL. A string whose
    /// length counts extra NULs (tolerated by lenient decoding) gives the
    /// text before the first one.
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax), or
    /// [`StringNotTerminated`](Kind::StringNotTerminated) for an odd,
    /// empty or unterminated string.
    pub fn string(&self) -> Result<Utf16LeStr<'a>, DecodeError> {
        match self.syntax.format() {
            PropertyFormat::SZ | PropertyFormat::EXPAND_SZ | PropertyFormat::EXPANDED_SZ => {}
            _ => return Err(self.err(Kind::UnexpectedSyntax)),
        }
        if self.data.len() < 2
            || !self.data.len().is_multiple_of(2)
            || !self.data.ends_with(&[0, 0])
        {
            return Err(self.err(Kind::StringNotTerminated));
        }
        Ok(Utf16LeStr::new_unchecked_at(
            walk::text_of(self.data),
            self.data_offset(),
        ))
    }

    /// A multi-string (format `MULTI_SZ`). The items' offsets count from
    /// the value's data; errors carry offsets in the whole buffer.
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax), or
    /// [`InvalidMultiSz`](Kind::InvalidMultiSz) at the offset the
    /// multi-string decoder reports.
    pub fn multi_sz(&self) -> Result<MultiSz<'a>, DecodeError> {
        self.want_format(PropertyFormat::MULTI_SZ)?;
        MultiSz::decode(self.data).map_err(|err| {
            DecodeError::new(
                DecodeErrorKind::ClusProp(Kind::InvalidMultiSz),
                self.data_offset() + err.offset(),
            )
        })
    }

    /// Binary data (format `BINARY`: `LIST_VALUE_BINARY`, the partition
    /// structs, user types with that format).
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax).
    pub fn binary(&self) -> Result<&'a [u8], DecodeError> {
        self.want_format(PropertyFormat::BINARY)?;
        Ok(self.data)
    }

    /// A self-relative security descriptor's bytes (format
    /// `SECURITY_DESCRIPTOR`).
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax).
    pub fn security_descriptor(&self) -> Result<&'a [u8], DecodeError> {
        self.want_format(PropertyFormat::SECURITY_DESCRIPTOR)?;
        Ok(self.data)
    }

    /// `DISK_SIGNATURE`: the MBR signature.
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn disk_signature(&self) -> Result<u32, DecodeError> {
        self.want_syntax(Syntax::DISK_SIGNATURE)?;
        self.array().map(u32::from_le_bytes)
    }

    /// `SCSI_ADDRESS`.
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn scsi_address(&self) -> Result<ScsiAddress, DecodeError> {
        self.want_syntax(Syntax::SCSI_ADDRESS)?;
        self.array().map(ScsiAddress::from_bytes)
    }

    /// `DISK_NUMBER`.
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn disk_number(&self) -> Result<u32, DecodeError> {
        self.want_syntax(Syntax::DISK_NUMBER)?;
        self.array().map(u32::from_le_bytes)
    }

    /// `DISK_SIZE`: the disk's size in bytes.
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn disk_size(&self) -> Result<u64, DecodeError> {
        self.want_syntax(Syntax::DISK_SIZE)?;
        self.array().map(u64::from_le_bytes)
    }

    /// `DISK_GUID`: the curly-braced GUID string.
    ///
    /// # Errors
    /// As [`Value::string`].
    pub fn disk_guid(&self) -> Result<Utf16LeStr<'a>, DecodeError> {
        self.want_syntax(Syntax::DISK_GUID)?;
        self.string()
    }

    /// `DISK_SERIALNUMBER`.
    ///
    /// # Errors
    /// As [`Value::string`].
    pub fn disk_serial_number(&self) -> Result<Utf16LeStr<'a>, DecodeError> {
        self.want_syntax(Syntax::DISK_SERIALNUMBER)?;
        self.string()
    }

    /// `RESCLASS` (4 or 8 bytes).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn resource_class(&self) -> Result<ResourceClassInfo, DecodeError> {
        self.want_syntax(Syntax::RESCLASS)?;
        match self.data.len() {
            4 | 8 => Ok(ResourceClassInfo {
                class: u32_at(self.data, 0),
                subclass: (self.data.len() == 8).then(|| u32_at(self.data, 4)),
            }),
            _ => Err(self.err(Kind::ValueLength)),
        }
    }

    /// `PARTITION_INFO` (1120 bytes).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn partition_info(&self) -> Result<PartitionInfo<'a>, DecodeError> {
        self.want_syntax(Syntax::PARTITION_INFO)?;
        if self.data.len() != PARTITION_INFO_LEN {
            return Err(self.err(Kind::ValueLength));
        }
        Ok(PartitionInfo {
            bytes: self.data,
            base: self.data_offset(),
        })
    }

    /// `PARTITION_INFO_EX` (1160 bytes).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn partition_info_ex(&self) -> Result<PartitionInfoEx<'a>, DecodeError> {
        self.want_syntax(Syntax::PARTITION_INFO_EX)?;
        if self.data.len() != PARTITION_INFO_EX_LEN {
            return Err(self.err(Kind::ValueLength));
        }
        Ok(PartitionInfoEx {
            bytes: self.data,
            base: self.data_offset(),
        })
    }

    /// `PARTITION_INFO_EX2` (1700 bytes or more).
    ///
    /// # Errors
    /// As [`Value::dword`].
    pub fn partition_info_ex2(&self) -> Result<PartitionInfoEx2<'a>, DecodeError> {
        self.want_syntax(Syntax::PARTITION_INFO_EX2)?;
        if self.data.len() < PARTITION_INFO_EX2_LEN {
            return Err(self.err(Kind::ValueLength));
        }
        Ok(PartitionInfoEx2 {
            bytes: self.data,
            base: self.data_offset(),
        })
    }

    /// A nested property list (format `PROPERTY_LIST`), decoded strictly;
    /// offsets count from the start of the outer buffer.
    ///
    /// # Errors
    /// [`UnexpectedSyntax`](Kind::UnexpectedSyntax), or the nested list's
    /// decoding error.
    pub fn property_list(&self) -> Result<PropertyList<'a>, DecodeError> {
        self.want_format(PropertyFormat::PROPERTY_LIST)?;
        PropertyList::decode_at(self.data, self.data_offset())
    }

    /// The payload typed by the syntax: every predefined syntax has its
    /// variant; other syntaxes give [`TypedValue::Other`].
    ///
    /// ```
    /// use clusctl::clusprop::{TypedValue, ValueList};
    ///
    /// let list = ValueList::decode(&[6, 0, 12, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])?;
    /// assert_eq!(list.iter().next().unwrap().typed()?, TypedValue::DiskSize(1 << 32));
    /// # Ok::<(), clusctl::DecodeError>(())
    /// ```
    ///
    /// # Errors
    /// The typed accessor's error when the data does not fit the syntax.
    pub fn typed(&self) -> Result<TypedValue<'a>, DecodeError> {
        Ok(match self.syntax {
            Syntax::LIST_VALUE_BINARY => TypedValue::Binary(self.data),
            Syntax::LIST_VALUE_DWORD => TypedValue::Dword(self.dword()?),
            Syntax::LIST_VALUE_SZ => TypedValue::Sz(self.string()?),
            Syntax::LIST_VALUE_EXPAND_SZ => TypedValue::ExpandSz(self.string()?),
            Syntax::LIST_VALUE_MULTI_SZ => TypedValue::MultiSz(self.multi_sz()?),
            Syntax::LIST_VALUE_ULARGE_INTEGER => TypedValue::ULargeInteger(self.ularge()?),
            Syntax::LIST_VALUE_LONG => TypedValue::Long(self.long()?),
            Syntax::LIST_VALUE_EXPANDED_SZ => TypedValue::ExpandedSz(self.string()?),
            Syntax::LIST_VALUE_SECURITY_DESCRIPTOR => TypedValue::SecurityDescriptor(self.data),
            Syntax::LIST_VALUE_LARGE_INTEGER => TypedValue::LargeInteger(self.large()?),
            Syntax::LIST_VALUE_WORD => TypedValue::Word(self.word()?),
            Syntax::LIST_VALUE_FILETIME => TypedValue::FileTime(self.filetime()?),
            Syntax::LIST_VALUE_PROPERTY_LIST => TypedValue::PropertyList(self.data),
            Syntax::NAME => TypedValue::Name(self.string()?),
            Syntax::RESCLASS => TypedValue::ResourceClass(self.resource_class()?),
            Syntax::DISK_SIGNATURE => TypedValue::DiskSignature(self.disk_signature()?),
            Syntax::SCSI_ADDRESS => TypedValue::ScsiAddress(self.scsi_address()?),
            Syntax::DISK_NUMBER => TypedValue::DiskNumber(self.disk_number()?),
            Syntax::PARTITION_INFO => TypedValue::PartitionInfo(self.partition_info()?),
            Syntax::FTSET_INFO => TypedValue::FtSetInfo(self.data),
            Syntax::DISK_SERIALNUMBER => TypedValue::DiskSerialNumber(self.disk_serial_number()?),
            Syntax::DISK_GUID => TypedValue::DiskGuid(self.disk_guid()?),
            Syntax::DISK_SIZE => TypedValue::DiskSize(self.disk_size()?),
            Syntax::PARTITION_INFO_EX => TypedValue::PartitionInfoEx(self.partition_info_ex()?),
            Syntax::PARTITION_INFO_EX2 => TypedValue::PartitionInfoEx2(self.partition_info_ex2()?),
            Syntax::STORAGE_DEVICE_ID_DESCRIPTOR => {
                TypedValue::StorageDeviceIdDescriptor(self.data)
            }
            _ => TypedValue::Other(self.data),
        })
    }
}

/// Bytes shown as lowercase hex.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

const _: () = assert!(HEADER == 8);
