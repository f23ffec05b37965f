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

/// One CLUSPROP value of any kind: every list format, the storage
/// syntaxes, user-defined syntaxes with raw bytes (never NAME, never
/// ENDMARK).
#[cfg(feature = "alloc")]
pub(crate) fn clusprop_value() -> impl Strategy<Value = clusctl::clusprop::ValueBuf> {
    use clusctl::clusprop::{FileTime, Syntax, ValueBuf};
    let text = || prop_oneof![1 => Just(Vec::new()), 4 => item_units()];
    let bytes = |max: usize| proptest::collection::vec(any::<u8>(), 0..max);
    // Fixed-size payloads from a seed: a per-byte strategy for 1,700-byte
    // structs would make every case slow to generate.
    let sized = |syntax: Syntax, len: usize| {
        any::<u64>().prop_map(move |seed| {
            let mut state = seed | 1;
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            ValueBuf::new(syntax, data).unwrap()
        })
    };
    let common = prop_oneof![
        any::<u32>().prop_map(ValueBuf::dword),
        any::<i32>().prop_map(ValueBuf::long),
        any::<u16>().prop_map(ValueBuf::word),
        any::<u64>().prop_map(ValueBuf::ularge),
        any::<i64>().prop_map(ValueBuf::large),
        any::<u64>().prop_map(|t| ValueBuf::filetime(FileTime::new(t))),
        text().prop_map(|t| ValueBuf::sz(t).unwrap()),
        text().prop_map(|t| ValueBuf::expand_sz(t).unwrap()),
        text().prop_map(|t| ValueBuf::expanded_sz(t).unwrap()),
        multi_sz_units().prop_map(|items| ValueBuf::multi_sz(items).unwrap()),
        bytes(24).prop_map(|b| ValueBuf::binary(&b)),
        bytes(24).prop_map(|b| ValueBuf::security_descriptor(&b)),
        (0x8000u32..0xFFFF, any::<u16>(), bytes(24)).prop_map(|(t, f, b)| {
            ValueBuf::new(Syntax::new((t << 16) | u32::from(f)), b).unwrap()
        }),
        (any::<u16>(), bytes(24)).prop_map(|(f, b)| {
            ValueBuf::new(Syntax::new(0x0001_8000 | u32::from(f & 0x7FFF)), b).unwrap()
        }),
    ];
    let storage = prop_oneof![
        sized(Syntax::DISK_SIGNATURE, 4),
        sized(Syntax::SCSI_ADDRESS, 4),
        sized(Syntax::DISK_NUMBER, 4),
        sized(Syntax::DISK_SIZE, 8),
        sized(Syntax::RESCLASS, 4),
        sized(Syntax::RESCLASS, 8),
        sized(Syntax::PARTITION_INFO, 1120),
        sized(Syntax::PARTITION_INFO_EX, 1160),
        sized(Syntax::PARTITION_INFO_EX2, 1700),
        sized(Syntax::PARTITION_INFO_EX2, 1704),
        text().prop_map(|t| ValueBuf::string(Syntax::DISK_GUID, t).unwrap()),
        text().prop_map(|t| ValueBuf::string(Syntax::DISK_SERIALNUMBER, t).unwrap()),
    ];
    prop_oneof![6 => common, 1 => storage]
}

/// A property name as code units (possibly empty, possibly with unpaired
/// surrogates).
#[cfg(feature = "alloc")]
pub(crate) fn clusprop_name() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![1 => Just(Vec::new()), 9 => item_units()]
}

/// A property list: any number of properties, 1 to 5 values each (multi-
/// valued beyond MS-CMRP's three), every format, both trailer forms.
#[cfg(feature = "alloc")]
pub(crate) fn clusprop_property_list() -> impl Strategy<Value = clusctl::clusprop::PropertyListBuf>
{
    let property = (
        clusprop_name(),
        proptest::collection::vec(clusprop_value(), 1..6),
    );
    (proptest::collection::vec(property, 0..6), any::<bool>()).prop_map(|(properties, endmark)| {
        let mut list = clusctl::clusprop::PropertyListBuf::new();
        list.set_endmark(endmark);
        for (name, values) in properties {
            list.push(name, values).unwrap();
        }
        list
    })
}

/// A value list: values of every kind, NAME entries included (as in
/// `GET_REQUIRED_DEPENDENCIES`).
#[cfg(feature = "alloc")]
pub(crate) fn clusprop_value_list() -> impl Strategy<Value = clusctl::clusprop::ValueListBuf> {
    use clusctl::clusprop::{Syntax, ValueBuf};
    let value = prop_oneof![
        6 => clusprop_value(),
        1 => item_units().prop_map(|t| ValueBuf::string(Syntax::NAME, t).unwrap()),
    ];
    proptest::collection::vec(value, 0..10).prop_map(|values| values.into_iter().collect())
}

/// A property list of the shape Samba's NDR model parses: one value per
/// property, list-level ENDMARK present, names without surrogates, values
/// of the 23 syntaxes Samba's IDL knows.
#[cfg(feature = "alloc")]
pub(crate) fn clusprop_ndr_shaped_list() -> impl Strategy<Value = clusctl::clusprop::PropertyListBuf>
{
    use clusctl::clusprop::Syntax;
    let value = clusprop_value().prop_filter("a syntax Samba's IDL names", |v| {
        let s = v.syntax();
        s.is_predefined()
            && s != Syntax::PARTITION_INFO_EX2
            && s != Syntax::LIST_VALUE_PROPERTY_LIST
            && s != Syntax::FTSET_INFO
            && s != Syntax::STORAGE_DEVICE_ID_DESCRIPTOR
    });
    proptest::collection::vec(("[A-Za-z][A-Za-z0-9]{0,20}", value), 0..10).prop_map(|props| {
        let mut list = clusctl::clusprop::PropertyListBuf::new();
        for (name, value) in props {
            list.push(name, [value]).unwrap();
        }
        list
    })
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
