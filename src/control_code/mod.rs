//! ClusAPI control codes: the 32-bit bitfield, its fields, the SDK macros and
//! the catalog of named codes.
//!
//! # The bit layout
//!
//! | bits  | field    | accessor | values |
//! |-------|----------|----------|--------|
//! | 24–31 | object   | [`ControlCode::object`] | [`Object`]: INVALID 0, RESOURCE 1, RESOURCE_TYPE 2, GROUP 3, NODE 4, NETWORK 5, NETINTERFACE 6, CLUSTER 7, GROUPSET 8, AFFINITYRULE 9, USER 128 (128–255 third-party) |
//! | 23    | global   | [`ControlCode::is_global`] | `CLUS_NOT_GLOBAL` 0 / `CLUS_GLOBAL` 1 |
//! | 22    | modify   | [`ControlCode::is_modify`] | `CLUS_NO_MODIFY` 0 / `CLUS_MODIFY` 1 |
//! | 21    | user     | [`ControlCode::is_user`] | `CLCTL_CLUSTER_BASE` 0 / `CLCTL_USER_BASE` 1 |
//! | 20    | internal | [`ControlCode::is_internal`] | external 0 / internal 1 |
//! | 2–19  | function | [`ControlCode::function`] | 18 bits, 0..=262143 |
//! | 0–1   | access   | [`ControlCode::access`] | [`Access`]: ANY 0, READ 1, WRITE 2 (3 unnamed) |
//!
//! Bits 0–23 form the object-less *operation code* ([`Operation`], the
//! `CLCTL_*` constants); a `CLUSCTL_<OBJECT>_*` code is
//! `(object << 24) | operation`. The function number alone is not a key:
//! several operations share one (the user-bit Hyper-V codes reuse 1, 2 and
//! 5; 103 and 132 are shared too), so the identity of an operation is all 24
//! low bits.
//!
//! Every `u32` is a valid [`ControlCode`]: decoding never fails and
//! [`ControlCode::parts`] / [`ControlCode::from_parts`] are exact inverses.
//! Only *building* a code can fail, when a field does not fit its bits.
//!
//! Names come from the catalog ([`crate::catalog`], constants in
//! [`crate::codes`]); fields always come from the number, never from the
//! name (`CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE` has object RESOURCE).
//!
//! ```
//! use clusctl::{Access, ControlCode, Object, codes};
//!
//! let code = ControlCode::from(0x010000B5);
//! assert_eq!(code, codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS);
//! assert_eq!(code.object(), Object::RESOURCE);
//! assert_eq!(code.function(), 45);
//! assert_eq!(code.access(), Access::Read);
//! assert!(!code.requires_full_access());
//! assert_eq!(code.operation(), codes::CLCTL_GET_CRYPTO_CHECKPOINTS);
//! assert_eq!(code.to_string(), "CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS");
//! ```

pub mod catalog;
mod parts;
pub mod sdk;
#[rustfmt::skip]
mod table;
mod text;

pub use catalog::{CatalogEntry, Names, Sources};
pub use parts::{Access, Object, Parts};

use crate::error::{EncodeError, EncodeErrorKind};

/// A ClusAPI control code: the 32-bit value passed to `ClusterResourceControl`
/// and its siblings.
///
/// A transparent, `Copy` newtype; every `u32` is valid and converts both
/// ways without loss. See the [module docs](self) for the bit layout.
///
/// `Display` prints the canonical catalog name, or `0x%08X` when the value
/// has none; `FromStr` reads a name, `0x` hex or decimal, so
/// `parse(display(c)) == c` for every value. `Debug` shows the hex value,
/// the name and every field.
///
/// ```
/// use clusctl::ControlCode;
///
/// let add_ex = ControlCode::from(0x014002D6);
/// assert_eq!(add_ex.function(), 181); // 0xB5, but not the low byte 0xB5
/// assert!(add_ex.requires_full_access());
/// assert_eq!(add_ex.name(), Some("CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct ControlCode(u32);

impl ControlCode {
    /// Shift of the object field (`CLUSCTL_OBJECT_SHIFT`).
    pub const OBJECT_SHIFT: u32 = 24;
    /// Bit 23, `CLCTL_GLOBAL_MASK`.
    pub const GLOBAL_BIT: u32 = 1 << 23;
    /// Bit 22, `CLCTL_MODIFY_MASK`.
    pub const MODIFY_BIT: u32 = 1 << 22;
    /// Bit 21, `CLCTL_USER_MASK` (= `CLCTL_USER_BASE`).
    pub const USER_BIT: u32 = 1 << 21;
    /// Bit 20, `CLCTL_INTERNAL_MASK`.
    pub const INTERNAL_BIT: u32 = 1 << 20;
    /// Shift of the function field (`CLUSCTL_FUNCTION_SHIFT`).
    pub const FUNCTION_SHIFT: u32 = 2;
    /// The largest function number the 18-bit field holds.
    pub const FUNCTION_MAX: u32 = (1 << 18) - 1;
    /// The function field in place (bits 2–19). Not the SDK's
    /// `CLUSCTL_CONTROL_CODE_MASK`, which is [`sdk::CLUSCTL_CONTROL_CODE_MASK`].
    pub const FUNCTION_MASK: u32 = Self::FUNCTION_MAX << Self::FUNCTION_SHIFT;
    /// The access field (`CLUSCTL_ACCESS_MODE_MASK`, bits 0–1).
    pub const ACCESS_MASK: u32 = 0b11;
    /// The operation code: bits 0–23.
    pub const OPERATION_MASK: u32 = (1 << 24) - 1;

    /// Wraps a raw value.
    #[must_use]
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The raw value.
    #[must_use]
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The object field (bits 24–31).
    #[must_use]
    pub const fn object(self) -> Object {
        // The shift leaves exactly 8 bits.
        Object::new(self.0.to_be_bytes()[0])
    }

    /// The global bit (23): the code is meant for every node.
    #[must_use]
    pub const fn is_global(self) -> bool {
        self.0 & Self::GLOBAL_BIT != 0
    }

    /// The modify bit (22): the code changes state.
    #[must_use]
    pub const fn is_modify(self) -> bool {
        self.0 & Self::MODIFY_BIT != 0
    }

    /// The user bit (21, `CLCTL_USER_BASE`): a resource-DLL-defined code.
    ///
    /// Codes built with the SDK's `CLUSCTL_USER_CODE` macro do *not* have
    /// this bit set; see [`sdk::clusctl_user_code`].
    #[must_use]
    pub const fn is_user(self) -> bool {
        self.0 & Self::USER_BIT != 0
    }

    /// The internal bit (20): an internal rather than external code.
    #[must_use]
    pub const fn is_internal(self) -> bool {
        self.0 & Self::INTERNAL_BIT != 0
    }

    /// The function number (bits 2–19), `0..=FUNCTION_MAX`.
    #[must_use]
    pub const fn function(self) -> u32 {
        (self.0 & Self::FUNCTION_MASK) >> Self::FUNCTION_SHIFT
    }

    /// The access field (bits 0–1).
    #[must_use]
    pub const fn access(self) -> Access {
        Access::from_bits_truncate(self.0)
    }

    /// The object-less operation code (bits 0–23), the `CLCTL_*` value.
    #[must_use]
    pub const fn operation(self) -> Operation {
        Operation(self.0 & Self::OPERATION_MASK)
    }

    /// The same code addressed to another object: the operation bits are
    /// kept, bits 24–31 replaced.
    #[must_use]
    pub const fn with_object(self, object: Object) -> Self {
        self.operation().with_object(object)
    }

    /// Whether the server demands full access on the handle for this code.
    ///
    /// MS-CMRP has the server check the modify bit (22): when it is set the
    /// handle must have been opened with full access. `WRITE` access does
    /// not imply it (several write codes leave the bit clear) and a read code
    /// may set it.
    #[must_use]
    pub const fn requires_full_access(self) -> bool {
        self.is_modify()
    }

    /// Every field, decoded. [`ControlCode::from_parts`] is the inverse.
    #[must_use]
    pub const fn parts(self) -> Parts {
        Parts {
            object: self.object(),
            global: self.is_global(),
            modify: self.is_modify(),
            user: self.is_user(),
            internal: self.is_internal(),
            function: self.function(),
            access: self.access(),
        }
    }

    /// Builds a code from its fields.
    ///
    /// # Errors
    /// [`EncodeErrorKind::FunctionOutOfRange`] when `parts.function` exceeds
    /// [`ControlCode::FUNCTION_MAX`] (the SDK macros would silently spill it
    /// into the internal, user and modify bits).
    ///
    /// ```
    /// use clusctl::{ControlCode, EncodeErrorKind, Parts};
    ///
    /// let too_big = Parts { function: 1 << 18, ..Parts::default() };
    /// assert_eq!(
    ///     ControlCode::from_parts(too_big).unwrap_err().kind(),
    ///     EncodeErrorKind::FunctionOutOfRange { function: 1 << 18 }
    /// );
    /// ```
    pub const fn from_parts(parts: Parts) -> Result<Self, EncodeError> {
        if parts.function > Self::FUNCTION_MAX {
            return Err(EncodeError::new(EncodeErrorKind::FunctionOutOfRange {
                function: parts.function,
            }));
        }
        let mut value = ((parts.object.get() as u32) << Self::OBJECT_SHIFT)
            | (parts.function << Self::FUNCTION_SHIFT)
            | parts.access.bits() as u32;
        if parts.global {
            value |= Self::GLOBAL_BIT;
        }
        if parts.modify {
            value |= Self::MODIFY_BIT;
        }
        if parts.user {
            value |= Self::USER_BIT;
        }
        if parts.internal {
            value |= Self::INTERNAL_BIT;
        }
        Ok(Self(value))
    }

    /// The canonical catalog name of this value, if it has one.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        self.catalog_entry().map(CatalogEntry::name)
    }

    /// Every catalog name of this value, canonical first (empty when the
    /// value is unnamed).
    ///
    /// ```
    /// use clusctl::codes;
    ///
    /// let names: Vec<_> = codes::CLUSCTL_RESOURCE_VM_START_MIGRATION.aliases().collect();
    /// assert_eq!(
    ///     names,
    ///     ["CLUSCTL_RESOURCE_VM_START_MIGRATION", "CLUSCTL_RESOURCE_VM_CONFIG_UPDATE"]
    /// );
    /// ```
    #[must_use]
    pub fn aliases(self) -> Names {
        Names::new(catalog::by_value(self.0))
    }

    /// The catalog entry of the canonical name, with its provenance.
    #[must_use]
    pub fn catalog_entry(self) -> Option<&'static CatalogEntry> {
        catalog::by_value(self.0).first()
    }

    /// Looks a code up by its exact SDK name (`CLUSCTL_*` or `CLCTL_*`).
    ///
    /// A name that the Windows 7 SDK gave another value
    /// (`CLCTL_FILESERVER_SHARE_ADD`) resolves to the current value; the old
    /// one is in [`codes::legacy`](crate::codes::legacy).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        catalog::by_name(name).map(CatalogEntry::code)
    }
}

impl From<u32> for ControlCode {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<ControlCode> for u32 {
    fn from(code: ControlCode) -> Self {
        code.0
    }
}

impl From<Operation> for ControlCode {
    /// The operation as a code with object [`Object::INVALID`] (0).
    fn from(operation: Operation) -> Self {
        Self(operation.0)
    }
}

/// An object-less operation code: the low 24 bits of a control code, the
/// value of a `CLCTL_*` constant.
///
/// Always below 2^24. It has the same fields as a [`ControlCode`] except the
/// object, and its own name lookup over the `CLCTL_*` names.
///
/// ```
/// use clusctl::{Object, Operation, codes};
///
/// let op = Operation::try_from(0xB5)?;
/// assert_eq!(op.name(), Some("CLCTL_GET_CRYPTO_CHECKPOINTS"));
/// assert_eq!(op.function(), 45);
/// assert_eq!(
///     op.with_object(Object::RESOURCE),
///     codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS
/// );
/// assert!(Operation::try_from(0x0100_0000).is_err());
/// # Ok::<(), clusctl::EncodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct Operation(u32);

impl Operation {
    /// The operation code of `value`, or `None` when bits 24–31 are not
    /// zero.
    #[must_use]
    pub const fn new(value: u32) -> Option<Self> {
        if value & !ControlCode::OPERATION_MASK == 0 {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The raw 24-bit value.
    #[must_use]
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The operation as a control code with object 0.
    #[must_use]
    const fn code(self) -> ControlCode {
        ControlCode(self.0)
    }

    /// The global bit (23).
    #[must_use]
    pub const fn is_global(self) -> bool {
        self.code().is_global()
    }

    /// The modify bit (22).
    #[must_use]
    pub const fn is_modify(self) -> bool {
        self.code().is_modify()
    }

    /// The user bit (21).
    #[must_use]
    pub const fn is_user(self) -> bool {
        self.code().is_user()
    }

    /// The internal bit (20).
    #[must_use]
    pub const fn is_internal(self) -> bool {
        self.code().is_internal()
    }

    /// The function number (bits 2–19).
    #[must_use]
    pub const fn function(self) -> u32 {
        self.code().function()
    }

    /// The access field (bits 0–1).
    #[must_use]
    pub const fn access(self) -> Access {
        self.code().access()
    }

    /// Whether the server demands full access on the handle (the modify
    /// bit); see [`ControlCode::requires_full_access`].
    #[must_use]
    pub const fn requires_full_access(self) -> bool {
        self.is_modify()
    }

    /// The control code of this operation addressed to `object`: the SDK's
    /// `CLUSCTL_<OBJECT>_CODE` macro.
    #[must_use]
    pub const fn with_object(self, object: Object) -> ControlCode {
        ControlCode(((object.get() as u32) << ControlCode::OBJECT_SHIFT) | self.0)
    }

    /// The canonical `CLCTL_*` name of this operation, if it has one.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        self.code().name()
    }

    /// Every `CLCTL_*` name of this operation, canonical first.
    #[must_use]
    pub fn aliases(self) -> Names {
        self.code().aliases()
    }

    /// The catalog entry of the canonical name, with its provenance.
    #[must_use]
    pub fn catalog_entry(self) -> Option<&'static CatalogEntry> {
        self.code().catalog_entry()
    }

    /// Looks an operation up by its exact `CLCTL_*` name; `None` for names
    /// of codes that carry an object.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        ControlCode::from_name(name).and_then(|code| Self::new(code.0))
    }
}

impl TryFrom<u32> for Operation {
    type Error = EncodeError;

    /// Refuses values with any of bits 24–31 set, with
    /// [`EncodeErrorKind::OperationOutOfRange`].
    fn try_from(value: u32) -> Result<Self, EncodeError> {
        Self::new(value).ok_or(EncodeError::new(EncodeErrorKind::OperationOutOfRange {
            value,
        }))
    }
}

impl From<Operation> for u32 {
    fn from(operation: Operation) -> Self {
        operation.0
    }
}

impl PartialEq<Operation> for ControlCode {
    /// A code equals an operation when it has object 0 and the same bits.
    fn eq(&self, other: &Operation) -> bool {
        self.0 == other.0
    }
}

impl PartialEq<ControlCode> for Operation {
    fn eq(&self, other: &ControlCode) -> bool {
        self.0 == other.0
    }
}
