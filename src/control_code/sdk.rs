//! The Windows SDK's control-code macros (`ClusAPI.h`), as `const fn`s that
//! compute exactly what the C preprocessor computes.
//!
//! They are faithful, quirks included: nothing is masked, so an out-of-range
//! argument spills into neighbouring fields just as it does in C (unsigned
//! arithmetic wraps, it never panics). To *build* a code with checked
//! fields, use [`ControlCode::from_parts`](crate::ControlCode::from_parts).
//!
//! ```
//! use clusctl::control_code::sdk;
//! use clusctl::codes;
//!
//! let op = sdk::clctl_external_code(45, sdk::CLUS_ACCESS_READ, sdk::CLUS_NO_MODIFY);
//! assert_eq!(op, 0xB5);
//! assert_eq!(op, codes::CLCTL_GET_CRYPTO_CHECKPOINTS.value());
//! assert_eq!(sdk::clusctl_code(sdk::CLUS_OBJECT_RESOURCE, op), 0x010000B5);
//! ```

/// `CLUSCTL_ACCESS_SHIFT`.
pub const CLUSCTL_ACCESS_SHIFT: u32 = 0;
/// `CLUSCTL_FUNCTION_SHIFT`.
pub const CLUSCTL_FUNCTION_SHIFT: u32 = 2;
/// `CLCTL_INTERNAL_SHIFT`.
pub const CLCTL_INTERNAL_SHIFT: u32 = 20;
/// `CLCTL_USER_SHIFT`.
pub const CLCTL_USER_SHIFT: u32 = 21;
/// `CLCTL_MODIFY_SHIFT`.
pub const CLCTL_MODIFY_SHIFT: u32 = 22;
/// `CLCTL_GLOBAL_SHIFT`.
pub const CLCTL_GLOBAL_SHIFT: u32 = 23;
/// `CLUSCTL_OBJECT_SHIFT`.
pub const CLUSCTL_OBJECT_SHIFT: u32 = 24;

/// `CLCTL_INTERNAL_MASK`.
pub const CLCTL_INTERNAL_MASK: u32 = 1 << CLCTL_INTERNAL_SHIFT;
/// `CLCTL_USER_MASK`.
pub const CLCTL_USER_MASK: u32 = 1 << CLCTL_USER_SHIFT;
/// `CLCTL_MODIFY_MASK`.
pub const CLCTL_MODIFY_MASK: u32 = 1 << CLCTL_MODIFY_SHIFT;
/// `CLCTL_GLOBAL_MASK`.
pub const CLCTL_GLOBAL_MASK: u32 = 1 << CLCTL_GLOBAL_SHIFT;
/// `CLUSCTL_ACCESS_MODE_MASK`: bits 0–1.
pub const CLUSCTL_ACCESS_MODE_MASK: u32 = 0x0000_0003;
/// `CLUSCTL_OBJECT_MASK`: the object field *after* shifting it down.
pub const CLUSCTL_OBJECT_MASK: u32 = 0x0000_00FF;
/// `CLUSCTL_CONTROL_CODE_MASK`: bits 0–21. It keeps the access bits and the
/// user bit, so it is **not** the 18-bit function field
/// ([`ControlCode::function`](crate::ControlCode::function)).
pub const CLUSCTL_CONTROL_CODE_MASK: u32 = 0x003F_FFFF;

/// `CLCTL_CLUSTER_BASE`: the function base of cluster-defined codes.
pub const CLCTL_CLUSTER_BASE: u32 = 0;
/// `CLCTL_USER_BASE`: the function base of user-defined codes (bit 21 once
/// shifted into place — but see [`clusctl_user_code`]).
pub const CLCTL_USER_BASE: u32 = 1 << CLCTL_USER_SHIFT;

/// `CLUS_ACCESS_ANY`.
pub const CLUS_ACCESS_ANY: u32 = 0;
/// `CLUS_ACCESS_READ`.
pub const CLUS_ACCESS_READ: u32 = 1;
/// `CLUS_ACCESS_WRITE`.
pub const CLUS_ACCESS_WRITE: u32 = 2;
/// `CLUS_NO_MODIFY`.
pub const CLUS_NO_MODIFY: u32 = 0;
/// `CLUS_MODIFY`.
pub const CLUS_MODIFY: u32 = 1;
/// `CLUS_NOT_GLOBAL`.
pub const CLUS_NOT_GLOBAL: u32 = 0;
/// `CLUS_GLOBAL`.
pub const CLUS_GLOBAL: u32 = 1;

/// `CLUS_OBJECT_INVALID`.
pub const CLUS_OBJECT_INVALID: u32 = 0;
/// `CLUS_OBJECT_RESOURCE`.
pub const CLUS_OBJECT_RESOURCE: u32 = 1;
/// `CLUS_OBJECT_RESOURCE_TYPE`.
pub const CLUS_OBJECT_RESOURCE_TYPE: u32 = 2;
/// `CLUS_OBJECT_GROUP`.
pub const CLUS_OBJECT_GROUP: u32 = 3;
/// `CLUS_OBJECT_NODE`.
pub const CLUS_OBJECT_NODE: u32 = 4;
/// `CLUS_OBJECT_NETWORK`.
pub const CLUS_OBJECT_NETWORK: u32 = 5;
/// `CLUS_OBJECT_NETINTERFACE`.
pub const CLUS_OBJECT_NETINTERFACE: u32 = 6;
/// `CLUS_OBJECT_CLUSTER`.
pub const CLUS_OBJECT_CLUSTER: u32 = 7;
/// `CLUS_OBJECT_GROUPSET`.
pub const CLUS_OBJECT_GROUPSET: u32 = 8;
/// `CLUS_OBJECT_AFFINITYRULE`.
pub const CLUS_OBJECT_AFFINITYRULE: u32 = 9;
/// `CLUS_OBJECT_USER`.
pub const CLUS_OBJECT_USER: u32 = 128;

/// `CLCTL_EXTERNAL_CODE(Function, Access, Modify)`:
/// `Access | (CLCTL_CLUSTER_BASE + Function) << 2 | Modify << 22`.
///
/// ```
/// use clusctl::control_code::sdk::*;
///
/// assert_eq!(clctl_external_code(43, CLUS_ACCESS_WRITE, CLUS_MODIFY), 0x004000AE);
/// // Unmasked, like C: function 2^18 lands on the internal bit.
/// assert_eq!(clctl_external_code(1 << 18, 0, 0), CLCTL_INTERNAL_MASK);
/// ```
#[must_use]
pub const fn clctl_external_code(function: u32, access: u32, modify: u32) -> u32 {
    (access << CLUSCTL_ACCESS_SHIFT)
        | (CLCTL_CLUSTER_BASE.wrapping_add(function) << CLUSCTL_FUNCTION_SHIFT)
        | (modify << CLCTL_MODIFY_SHIFT)
}

/// `CLCTL_INTERNAL_CODE(Function, Access, Modify)`: the external code with
/// the internal bit (20) set.
///
/// ```
/// use clusctl::control_code::sdk::*;
///
/// // CLCTL_ADD_DEPENDENCY
/// assert_eq!(clctl_internal_code(4, CLUS_ACCESS_WRITE, CLUS_MODIFY), 0x00500012);
/// ```
#[must_use]
pub const fn clctl_internal_code(function: u32, access: u32, modify: u32) -> u32 {
    clctl_external_code(function, access, modify) | CLCTL_INTERNAL_MASK
}

/// The global form of a code: `Code | CLCTL_GLOBAL_MASK` (bit 23), as the
/// SDK writes the `CLCTL_*` codes defined with `CLUS_GLOBAL`.
#[must_use]
pub const fn clctl_global(code: u32) -> u32 {
    code | CLCTL_GLOBAL_MASK
}

/// `CLUSCTL_<OBJECT>_CODE(Code)`: `(Object << 24) | Code`.
///
/// ```
/// use clusctl::control_code::sdk::*;
///
/// assert_eq!(clusctl_code(CLUS_OBJECT_GROUP, 0x00000059), 0x03000059);
/// ```
#[must_use]
pub const fn clusctl_code(object: u32, code: u32) -> u32 {
    (object << CLUSCTL_OBJECT_SHIFT) | code
}

/// `CLUSCTL_USER_CODE(Function, Object)`:
/// `(Object << 24) | ((CLCTL_USER_BASE + Function) << 2)`.
///
/// The SDK quirk is kept: `CLCTL_USER_BASE` is already `1 << 21`, so the
/// extra shift by 2 moves it onto bit 23 (**global**), not bit 21 (user).
/// Codes built with this macro have `is_global() == true` and
/// `is_user() == false`, and no access bits.
///
/// ```
/// use clusctl::{ControlCode, control_code::sdk::*};
///
/// let code = ControlCode::from(clusctl_user_code(1, CLUS_OBJECT_RESOURCE));
/// assert_eq!(code.value(), 0x01800004);
/// assert!(code.is_global());
/// assert!(!code.is_user());
/// ```
#[must_use]
pub const fn clusctl_user_code(function: u32, object: u32) -> u32 {
    (object << CLUSCTL_OBJECT_SHIFT)
        | (CLCTL_USER_BASE.wrapping_add(function) << CLUSCTL_FUNCTION_SHIFT)
}

/// `CLUSCTL_GET_CONTROL_FUNCTION(ControlCode)`: `ControlCode &
/// CLUSCTL_CONTROL_CODE_MASK` (bits 0–21). Despite the name this is not the
/// function field; it keeps the access and user bits.
#[must_use]
pub const fn clusctl_get_control_function(code: u32) -> u32 {
    code & CLUSCTL_CONTROL_CODE_MASK
}

/// `CLUSCTL_GET_ACCESS_MODE(ControlCode)`: bits 0–1.
#[must_use]
pub const fn clusctl_get_access_mode(code: u32) -> u32 {
    (code >> CLUSCTL_ACCESS_SHIFT) & CLUSCTL_ACCESS_MODE_MASK
}

/// `CLUSCTL_GET_CONTROL_OBJECT(ControlCode)`: bits 24–31.
#[must_use]
pub const fn clusctl_get_control_object(code: u32) -> u32 {
    (code >> CLUSCTL_OBJECT_SHIFT) & CLUSCTL_OBJECT_MASK
}

/// `CLUSCTL_GET_USER(ControlCode)`: bit 21 as 0 or 1.
#[must_use]
pub const fn clusctl_get_user(code: u32) -> u32 {
    (code & CLCTL_USER_MASK) >> CLCTL_USER_SHIFT
}
