//! Shared proptest generators.
#![cfg_attr(
    not(feature = "alloc"),
    allow(
        dead_code,
        reason = "the multi-string generators serve the alloc tests"
    )
)]

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

/// One multi-string item as code units: ASCII, BMP, non-BMP pairs and
/// unpaired surrogates; never empty, never NUL.
pub(crate) fn item_units() -> impl Strategy<Value = Vec<u16>> {
    proptest::collection::vec(
        prop_oneof![
            6 => (0x20u16..0x7F).prop_map(|u| vec![u]),
            2 => (1u16..=0xFFFF).prop_map(|u| vec![u]),
            1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
            1 => (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| vec![h, l]),
        ],
        1..24,
    )
    .prop_map(|pieces| pieces.concat())
}

/// A list of items as code units.
pub(crate) fn multi_sz_units() -> impl Strategy<Value = Vec<Vec<u16>>> {
    proptest::collection::vec(item_units(), 0..8)
}

/// A list of items as valid text (no NUL, not empty).
pub(crate) fn multi_sz_strings() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec("[^\u{0}]{1,16}", 0..8)
}

/// Byte buffers near the format: valid encodings, then cut, extended,
/// flipped or left alone; plus plain random bytes.
pub(crate) fn multi_sz_bytes() -> impl Strategy<Value = Vec<u8>> {
    let encoded = || {
        multi_sz_units().prop_map(|list| {
            let mut out: Vec<u8> = Vec::new();
            for item in list {
                out.extend(item.iter().flat_map(|u| u.to_le_bytes()));
                out.extend([0, 0]);
            }
            out.extend([0, 0]);
            out
        })
    };
    prop_oneof![
        3 => encoded(),
        2 => (encoded(), any::<prop::sample::Index>()).prop_map(|(b, i)| {
            let cut = i.index(b.len() + 1);
            b[..cut].to_vec()
        }),
        2 => (encoded(), proptest::collection::vec(any::<u8>(), 1..5))
            .prop_map(|(b, tail)| [b, tail].concat()),
        2 => (encoded(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut b, i, v)| {
            if !b.is_empty() {
                let at = i.index(b.len());
                b[at] = v;
            }
            b
        }),
        1 => proptest::collection::vec(prop_oneof![3 => Just(0u8), 2 => any::<u8>()], 0..40),
    ]
}

/// Text near the checkpoint grammar: digits, separators, letters, spaces,
/// signs, non-ASCII and non-BMP characters, the odd NUL.
pub(crate) fn checkpoint_like_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => "[0-9]",
            3 => Just("\\".to_owned()),
            3 => "[a-zA-Z ]",
            1 => "[+\\-.x]",
            1 => Just("\u{e9}".to_owned()),
            1 => Just("\u{1F511}".to_owned()),
            1 => Just("\0".to_owned()),
        ],
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

/// The parts of a strictly valid checkpoint: type, optional name, key.
pub(crate) fn checkpoint_parts() -> impl Strategy<Value = (u32, Option<String>, String)> {
    (
        1u32..=999,
        proptest::option::of("[^\\\\\u{0}]{0,12}"),
        "[^\u{0}]{1,16}",
    )
}
