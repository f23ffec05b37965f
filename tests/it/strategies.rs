//! Shared proptest generators.

use clusctl::{Access, Object, Parts};
use proptest::prelude::*;

/// Any access bit pattern.
pub(crate) fn access() -> impl Strategy<Value = Access> {
    (0u8..4).prop_map(|bits| Access::from_bits(bits).unwrap())
}

/// Any valid set of control-code fields.
pub(crate) fn parts() -> impl Strategy<Value = Parts> {
    (
        any::<u8>(),
        any::<[bool; 4]>(),
        0u32..=clusctl::ControlCode::FUNCTION_MAX,
        access(),
    )
        .prop_map(
            |(object, [global, modify, user, internal], function, access)| Parts {
                object: Object::new(object),
                global,
                modify,
                user,
                internal,
                function,
                access,
            },
        )
}
