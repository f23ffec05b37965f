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

// ---- MS-CMRP control-call stubs (rpc) ----

/// An owned description of a request stub, from which a
/// [`clusctl::rpc::Request`] view is made.
#[derive(Clone, Debug)]
pub(crate) struct RequestParts {
    pub(crate) function: clusctl::rpc::Function,
    pub(crate) handles: [[u8; 20]; 2],
    /// UTF-16LE code units, the final NUL included.
    pub(crate) type_name: Vec<u8>,
    pub(crate) code: u32,
    pub(crate) input: Option<Vec<u8>>,
    pub(crate) referent: u64,
    pub(crate) out_buffer_size: u32,
}

impl RequestParts {
    /// The request view.
    pub(crate) fn request(&self) -> clusctl::rpc::Request<'_> {
        use clusctl::rpc::{ContextHandle, Request, TypeName};
        Request::new(
            self.function,
            ContextHandle::new(self.handles[0]),
            clusctl::ControlCode::new(self.code),
            self.input.as_deref(),
            self.out_buffer_size,
        )
        .with_second_handle(if self.function.handles() == 2 {
            ContextHandle::new(self.handles[1])
        } else {
            ContextHandle::default()
        })
        .with_type_name(TypeName::new(&self.type_name))
        .with_referent(self.referent)
    }
}

/// Any of the 16 control calls.
pub(crate) fn function() -> impl Strategy<Value = clusctl::rpc::Function> {
    proptest::sample::select(clusctl::rpc::Function::ALL.to_vec())
}

/// Requests that strict decoding accepts: consistent sizes, a
/// NUL-terminated type name, GroupSet sizes in range.
pub(crate) fn request_parts() -> impl Strategy<Value = RequestParts> {
    (
        function(),
        any::<[[u8; 20]; 2]>(),
        proptest::collection::vec(1u16..=u16::MAX, 0..12),
        any::<u32>(),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
        1u64..=u64::from(u32::MAX),
        any::<u32>(),
    )
        .prop_map(
            |(function, handles, name, code, input, referent, out)| RequestParts {
                function,
                handles,
                type_name: name
                    .iter()
                    .chain(&[0])
                    .flat_map(|u| u.to_le_bytes())
                    .collect(),
                code,
                input,
                referent,
                out_buffer_size: if function.has_out_size_range() {
                    out & 0x7FFF_FFFF
                } else {
                    out
                },
            },
        )
}

/// An owned description of a response stub.
#[derive(Clone, Debug)]
pub(crate) struct ResponseParts {
    pub(crate) out_buffer_size: u32,
    pub(crate) output: Vec<u8>,
    pub(crate) required: u32,
    pub(crate) rpc_status: u32,
    pub(crate) status: u32,
}

impl ResponseParts {
    /// The response view (`rpc_status` dropped for version 2).
    pub(crate) fn response(&self, v3: bool) -> clusctl::rpc::Response<'_> {
        clusctl::rpc::Response::new(
            self.out_buffer_size,
            &self.output,
            self.required,
            clusctl::rpc::Status::new(self.status),
        )
        .with_rpc_status(v3.then_some(self.rpc_status))
    }
}

/// Responses that strict decoding accepts for their `out_buffer_size`.
pub(crate) fn response_parts() -> impl Strategy<Value = ResponseParts> {
    (
        proptest::collection::vec(any::<u8>(), 0..48),
        0u32..1000,
        any::<u32>(),
        any::<u32>(),
        prop_oneof![Just(0u32), Just(0xEA), any::<u32>()],
    )
        .prop_map(
            |(output, extra, required, rpc_status, status)| ResponseParts {
                out_buffer_size: u32::try_from(output.len()).unwrap() + extra,
                output,
                required,
                rpc_status,
                status,
            },
        )
}

/// A stub format: NDR20 or NDR64, version 3 or 2.
pub(crate) fn stub_format() -> impl Strategy<Value = clusctl::rpc::StubFormat> {
    use clusctl::rpc::{ProtocolVersion, StubFormat, TransferSyntax};
    (any::<bool>(), any::<bool>()).prop_map(|(ndr64, v2)| {
        StubFormat::new(
            if ndr64 {
                TransferSyntax::Ndr64
            } else {
                TransferSyntax::Ndr20
            },
            if v2 {
                ProtocolVersion::V2
            } else {
                ProtocolVersion::V3
            },
        )
    })
}
