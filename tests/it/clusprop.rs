//! CLUSPROP value and property lists: the Windows Server 2012 R2 captures,
//! one known-answer test per row of the edge-case tables (module docs of
//! `clusctl::clusprop` and CLUSPROP.md / CLUSPROP-vectors.md), every
//! truncation, and the round-trip properties.

use clusctl::ClusPropErrorKind as K;
use clusctl::DecodeErrorKind;
use clusctl::clusprop::{
    PropertyFormat, PropertyList, PropertyListBuf, PropertyType, ResourceClassInfo, ScsiAddress,
    Syntax, TypedValue, ValueBuf, ValueList, ValueListBuf,
};
use proptest::prelude::*;

use crate::strategies;

const CLUSTER: &[u8] = include_bytes!("../data/samba-2012r2-cluster-ro-common-properties.bin");
const NODE: &[u8] = include_bytes!("../data/samba-2012r2-node-ro-common-properties.bin");

fn u16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn u32le(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// One entry with zero padding.
fn entry(syntax: u32, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(u32le(syntax));
    out.extend(u32le(data.len() as u32));
    out.extend(data);
    out.resize(out.len() + (4 - data.len() % 4) % 4, 0);
    out
}

fn sz(s: &str) -> Vec<u8> {
    let mut v = u16le(s);
    v.extend([0, 0]);
    v
}

fn name(s: &str) -> Vec<u8> {
    entry(0x0004_0003, &sz(s))
}

const END: [u8; 4] = [0; 4];

fn kind(err: clusctl::DecodeError) -> (K, usize) {
    match err.kind() {
        DecodeErrorKind::ClusProp(k) => (k, err.offset()),
        other => panic!("not a clusprop error: {other:?}"),
    }
}

fn strict_err(bytes: &[u8]) -> (K, usize) {
    kind(PropertyList::decode(bytes).unwrap_err())
}

fn lenient_kinds(bytes: &[u8]) -> Vec<(K, usize)> {
    PropertyList::decode_lenient(bytes)
        .deviations()
        .iter()
        .map(|d| (d.kind(), d.offset()))
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    // Small, test-only SHA-256 (FIPS 180-4) to pin the captured vectors.
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = bytes.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend(((bytes.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes(block[4 * i..4 * i + 4].try_into().unwrap());
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

// ---------------------------------------------------------------- captures

#[test]
fn captured_vectors_are_the_published_bytes() {
    assert_eq!(
        sha256(CLUSTER),
        "4d8e1977c769e9f12f202f160fc90376fbc9177904eda16cbc1fc2582aa110ed"
    );
    assert_eq!(
        sha256(NODE),
        "9eb1a2858c1adee509146dafdcb15641577043f3e59eaf6016f4e2db464b365f"
    );
}

#[test]
fn windows_2012r2_cluster_properties_decode_and_reencode() {
    let list = PropertyList::decode(CLUSTER).unwrap();
    assert_eq!(list.len(), 6);
    assert_eq!(list.declared_count(), 6);
    assert!(list.has_endmark());
    assert!(list.is_strict());
    assert_eq!(list.as_bytes(), CLUSTER);
    let expected: [(&str, usize, Option<u32>, Option<&str>); 6] = [
        ("FixQuorum", 4, Some(0), None),
        ("PreventQuorum", 48, Some(0), None),
        ("IgnorePersistentStateOnStartup", 100, Some(0), None),
        ("SharedVolumesRoot", 188, None, Some("C:\\ClusterStorage")),
        ("WitnessDynamicWeight", 280, Some(1), None),
        ("AdminAccessPoint", 348, Some(1), None),
    ];
    for (property, (want_name, offset, dword, text)) in list.iter().zip(expected) {
        assert_eq!(property.name().to_string().unwrap(), want_name);
        assert_eq!(property.offset(), offset);
        assert_eq!(property.len(), 1);
        assert!(property.has_endmark());
        let value = property.value().unwrap();
        match (dword, text) {
            (Some(d), _) => {
                assert_eq!(value.syntax(), Syntax::LIST_VALUE_DWORD);
                assert_eq!(value.dword().unwrap(), d);
                assert_eq!(value.typed().unwrap(), TypedValue::Dword(d));
            }
            (None, Some(t)) => {
                assert_eq!(value.syntax(), Syntax::LIST_VALUE_SZ);
                assert_eq!(value.offset(), 232);
                assert_eq!(value.data().len(), 36);
                assert_eq!(value.string().unwrap().to_string().unwrap(), t);
            }
            _ => unreachable!(),
        }
    }
    // Name padding: 62-byte name → 2 pad bytes, zero.
    let ignore = list.get("IgnorePersistentStateOnStartup").unwrap();
    assert_eq!(ignore.name_entry().data().len(), 62);
    assert_eq!(ignore.name_entry().padding(), &[0, 0]);
    assert_eq!(list.to_buf().to_vec(), CLUSTER);
    assert_eq!(PropertyListBuf::from(&list).encoded_len(), CLUSTER.len());
}

#[test]
fn windows_2012r2_node_properties_decode_and_reencode() {
    let list = PropertyList::decode(NODE).unwrap();
    assert_eq!(list.len(), 12);
    assert!(list.has_endmark());
    let names: Vec<String> = list.iter().map(|p| p.name().to_string().unwrap()).collect();
    assert_eq!(
        names,
        [
            "NodeName",
            "NodeHighestVersion",
            "NodeLowestVersion",
            "MajorVersion",
            "MinorVersion",
            "BuildNumber",
            "CSDVersion",
            "NodeInstanceID",
            "NodeDrainStatus",
            "NodeDrainTarget",
            "DynamicWeight",
            "NeedsPreventQuorum",
        ]
    );
    let dword = |n: &str| list.get(n).unwrap().value().unwrap().dword().unwrap();
    let text = |n: &str| {
        list.get(n)
            .unwrap()
            .value()
            .unwrap()
            .string()
            .unwrap()
            .to_string()
            .unwrap()
    };
    assert_eq!(text("NodeName"), "node1");
    assert_eq!(dword("NodeHighestVersion"), 0x0008_2580);
    assert_eq!(dword("NodeLowestVersion"), 0x0008_2580);
    assert_eq!(dword("MajorVersion"), 6);
    assert_eq!(dword("MinorVersion"), 3);
    assert_eq!(dword("BuildNumber"), 9600);
    assert_eq!(text("CSDVersion"), "");
    assert_eq!(
        text("NodeInstanceID"),
        "00000000-0000-0000-0000-000000000002"
    );
    assert_eq!(dword("NodeDrainStatus"), 0);
    assert_eq!(dword("NodeDrainTarget"), 0xFFFF_FFFF);
    assert_eq!(dword("DynamicWeight"), 1);
    assert_eq!(dword("NeedsPreventQuorum"), 0);
    let csd = list.get("CSDVersion").unwrap().value().unwrap();
    assert_eq!(
        (csd.offset(), csd.data().len(), csd.padding()),
        (364, 2, &[0u8, 0][..])
    );
    let id = list.get("NodeInstanceID").unwrap().value().unwrap();
    assert_eq!((id.data().len(), id.padding().len()), (74, 2));
    assert_eq!(list.to_buf().to_vec(), NODE);
}

// ------------------------------------------------------- edge-case table

#[test]
fn both_trailer_forms_are_strict_valid_and_remembered() {
    let without = &CLUSTER[..408];
    let list = PropertyList::decode(without).unwrap();
    assert!(!list.has_endmark());
    assert_eq!(list.len(), 6);
    assert_eq!(list.to_buf().to_vec(), without);
    let with = PropertyList::decode(CLUSTER).unwrap();
    assert_eq!(
        list.iter().collect::<Vec<_>>(),
        with.iter().collect::<Vec<_>>()
    );
    assert_ne!(list, with, "the trailer is part of the list's identity");
}

#[test]
fn empty_lists() {
    let none = PropertyList::decode(&[0, 0, 0, 0]).unwrap();
    assert!(none.is_empty() && !none.has_endmark());
    let trailer = PropertyList::decode(&[0; 8]).unwrap();
    assert!(trailer.is_empty() && trailer.has_endmark());
    assert_eq!(trailer.to_buf().to_vec(), [0; 8]);
    assert_eq!(none.to_buf().to_vec(), [0; 4]);
    assert_eq!(PropertyListBuf::new().to_vec(), [0; 8]);
    let values = ValueList::decode(&[0; 4]).unwrap();
    assert!(values.is_empty());
    assert_eq!(ValueListBuf::new().to_vec(), [0; 4]);
}

#[test]
fn no_count() {
    for len in 0..4 {
        assert_eq!(strict_err(&CLUSTER[..len]), (K::TruncatedHeader, 0));
        let lenient = PropertyList::decode_lenient(&CLUSTER[..len]);
        assert!(lenient.is_empty());
        assert_eq!(lenient_kinds(&CLUSTER[..len]), [(K::TruncatedHeader, 0)]);
    }
}

#[test]
fn cut_inside_a_field_data_or_padding() {
    // Inside the first name's syntax field, its length field, its data.
    assert_eq!(strict_err(&CLUSTER[..6]), (K::TruncatedHeader, 4));
    assert_eq!(strict_err(&CLUSTER[..10]), (K::TruncatedHeader, 8));
    assert_eq!(strict_err(&CLUSTER[..12]), (K::LengthPastEnd, 4));
    assert_eq!(strict_err(&CLUSTER[..31]), (K::LengthPastEnd, 4));
    // Inside the padding of the 62-byte name at 100 (data ends at 170).
    assert_eq!(strict_err(&CLUSTER[..171]), (K::PaddingPastEnd, 170));
    let lenient = PropertyList::decode_lenient(&CLUSTER[..171]);
    assert_eq!(lenient.len(), 2, "the cut name is not a property yet");
    // Inside the padding of a value: the 74-byte NodeInstanceID.
    let cut = &NODE[..502];
    assert_eq!(strict_err(cut), (K::PaddingPastEnd, 502));
    let lenient = PropertyList::decode_lenient(cut);
    assert_eq!(lenient.len(), 8);
    let last = lenient.iter().last().unwrap();
    assert_eq!(
        last.value().unwrap().string().unwrap().to_string().unwrap(),
        "00000000-0000-0000-0000-000000000002"
    );
    assert!(!last.has_endmark());
    // At an entry boundary before a property's ENDMARK.
    assert_eq!(strict_err(&CLUSTER[..44]), (K::MissingEndmark, 44));
    let lenient = PropertyList::decode_lenient(&CLUSTER[..44]);
    assert_eq!(lenient.len(), 1);
    assert_eq!(
        lenient
            .iter()
            .next()
            .unwrap()
            .value()
            .unwrap()
            .dword()
            .unwrap(),
        0
    );
    assert_eq!(lenient_kinds(&CLUSTER[..44]), [(K::MissingEndmark, 44)]);
}

#[test]
fn documented_truncations_of_the_capture() {
    // CLUSPROP-vectors.md §5: cut at 4, 8, 12, 31 or 407 → clean error;
    // 408 → a valid list without the trailer; 409–411 → trailing bytes.
    for cut in [4, 8, 12, 31, 407] {
        let (_, offset) = strict_err(&CLUSTER[..cut]);
        assert!(offset <= cut);
    }
    assert_eq!(strict_err(&CLUSTER[..4]), (K::MissingProperty, 4));
    assert_eq!(strict_err(&CLUSTER[..407]), (K::TruncatedHeader, 404));
    assert!(PropertyList::decode(&CLUSTER[..408]).is_ok());
    for cut in 409..412 {
        assert_eq!(strict_err(&CLUSTER[..cut]), (K::TrailingData, 408));
        let lenient = PropertyList::decode_lenient(&CLUSTER[..cut]);
        assert_eq!(lenient.len(), 6);
        assert_eq!(lenient_kinds(&CLUSTER[..cut]), [(K::TrailingData, 408)]);
    }
}

#[test]
fn count_larger_or_smaller_than_the_properties() {
    let mut seven = CLUSTER.to_vec();
    seven[0] = 7;
    // The trailer sits where the seventh name should be.
    assert_eq!(strict_err(&seven), (K::MissingProperty, 408));
    let lenient = PropertyList::decode_lenient(&seven);
    assert_eq!(lenient.len(), 6);
    assert!(lenient.has_endmark());
    assert_eq!(lenient_kinds(&seven), [(K::MissingProperty, 408)]);
    // Without the trailer: the end of the buffer.
    assert_eq!(strict_err(&seven[..408]), (K::MissingProperty, 408));

    let mut five = CLUSTER.to_vec();
    five[0] = 5;
    assert_eq!(strict_err(&five), (K::TrailingData, 348));
    let lenient = PropertyList::decode_lenient(&five);
    assert_eq!(lenient.len(), 5);
    assert_eq!(lenient_kinds(&five), [(K::TrailingData, 348)]);
}

#[test]
fn bytes_after_the_list() {
    let mut extra = CLUSTER.to_vec();
    extra.extend([0, 0, 0, 0, 1]);
    assert_eq!(strict_err(&extra), (K::TrailingData, 412));
    let lenient = PropertyList::decode_lenient(&extra);
    assert_eq!(lenient.len(), 6);
    assert!(lenient.has_endmark());
    assert_eq!(lenient.as_bytes(), &extra[..]);
}

#[test]
fn property_must_start_with_a_name() {
    let mut bytes = u32le(1).to_vec();
    bytes.extend(entry(0x0001_0002, &u32le(5)));
    bytes.extend(END);
    assert_eq!(strict_err(&bytes), (K::ExpectedName, 4));
    assert!(PropertyList::decode_lenient(&bytes).is_empty());
}

#[test]
fn missing_property_endmark_before_the_next_name() {
    let mut bytes = u32le(2).to_vec();
    bytes.extend(name("A"));
    bytes.extend(entry(0x0001_0002, &u32le(1)));
    let second = bytes.len();
    bytes.extend(name("B"));
    bytes.extend(entry(0x0001_0002, &u32le(2)));
    bytes.extend(END);
    assert_eq!(strict_err(&bytes), (K::MissingEndmark, second));
    let lenient = PropertyList::decode_lenient(&bytes);
    assert_eq!(lenient.len(), 2);
    let got: Vec<(String, u32)> = lenient
        .iter()
        .map(|p| {
            (
                p.name().to_string().unwrap(),
                p.value().unwrap().dword().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("A".to_owned(), 1), ("B".to_owned(), 2)]);
    assert_eq!(lenient_kinds(&bytes), [(K::MissingEndmark, second)]);
}

#[test]
fn property_without_a_value() {
    let mut bytes = u32le(1).to_vec();
    bytes.extend(name("A"));
    let at = bytes.len();
    bytes.extend(END);
    assert_eq!(strict_err(&bytes), (K::PropertyWithoutValue, at));
    let lenient = PropertyList::decode_lenient(&bytes);
    assert_eq!(lenient.len(), 1);
    assert!(lenient.iter().next().unwrap().is_empty());
    assert!(PropertyListBuf::new().push("A", []).is_err());
}

fn list_with_name_data(data: &[u8]) -> Vec<u8> {
    let mut bytes = u32le(1).to_vec();
    bytes.extend(entry(0x0004_0003, data));
    bytes.extend(entry(0x0001_0002, &u32le(9)));
    bytes.extend(END);
    bytes
}

#[test]
fn bad_names() {
    let odd = list_with_name_data(b"A\0\0");
    assert_eq!(strict_err(&odd), (K::NameOddLength, 4));
    let unterminated = list_with_name_data(b"A\0B\0");
    assert_eq!(strict_err(&unterminated), (K::NameNotTerminated, 4));
    let zero = list_with_name_data(b"");
    assert_eq!(strict_err(&zero), (K::NameNotTerminated, 4));
    let nul = list_with_name_data(b"A\0\0\0B\0\0\0");
    assert_eq!(strict_err(&nul), (K::NameContainsNul, 14));
    let lenient = PropertyList::decode_lenient(&nul);
    let property = lenient.iter().next().unwrap();
    assert!(property.name() == "A");
    assert_eq!(property.value().unwrap().dword().unwrap(), 9);
    assert_eq!(lenient_kinds(&nul), [(K::NameContainsNul, 14)]);
    // An empty name (just the NUL) is valid.
    let empty = list_with_name_data(b"\0\0");
    let list = PropertyList::decode(&empty).unwrap();
    assert!(list.iter().next().unwrap().name().is_empty());
    assert_eq!(list.to_buf().to_vec(), empty);
}

fn one_property(values: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = u32le(1).to_vec();
    bytes.extend(name("P"));
    for v in values {
        bytes.extend(v);
    }
    bytes.extend(END);
    bytes.extend(END);
    bytes
}

#[test]
fn multi_valued_properties_and_expand_sz_twins() {
    let values: Vec<Vec<u8>> = (0..5u32).map(|i| entry(0x0001_0002, &u32le(i))).collect();
    let bytes = one_property(&values);
    let list = PropertyList::decode(&bytes).unwrap();
    let p = list.iter().next().unwrap();
    assert_eq!(p.len(), 5);
    let got: Vec<u32> = p.values().map(|v| v.dword().unwrap()).collect();
    assert_eq!(got, [0, 1, 2, 3, 4]);
    assert_eq!(list.to_buf().to_vec(), bytes);

    let twins = one_property(&[
        entry(0x0001_0004, &sz("%SystemRoot%\\Cluster")),
        entry(0x0001_0008, &sz("C:\\Windows\\Cluster")),
    ]);
    let list = PropertyList::decode(&twins).unwrap();
    let p = list.iter().next().unwrap();
    let mut values = p.values();
    assert_eq!(
        values.next().unwrap().typed().unwrap(),
        TypedValue::ExpandSz(
            clusctl::Utf16LeStr::from_bytes(&u16le("%SystemRoot%\\Cluster")).unwrap()
        )
    );
    assert!(values.next().unwrap().string().unwrap() == "C:\\Windows\\Cluster");
    assert_eq!(list.to_buf().to_vec(), twins);
}

#[test]
fn resclass_four_or_eight_bytes() {
    // CLUSPROP-vectors.md §2.3: required dependencies, RESCLASS of 4.
    let mut deps = entry(0x0002_0002, &u32le(1));
    deps.extend(name("Network Name"));
    deps.extend(END);
    assert_eq!(deps.len(), 52);
    assert_eq!(
        sha256(&deps),
        "7d7be85c33f97b6d7fc8a1dfb9e1a1d2a519d60335ab7876a6333fdd08def5ba"
    );
    let list = ValueList::decode(&deps).unwrap();
    let mut values = list.iter();
    assert_eq!(
        values.next().unwrap().resource_class().unwrap(),
        ResourceClassInfo {
            class: 1,
            subclass: None
        }
    );
    assert!(values.next().unwrap().string().unwrap() == "Network Name");
    assert_eq!(list.to_buf().to_vec(), deps);
    // MS-CMRP 3.1.4.3.1.5: class + subclass.
    let eight = [
        2, 0, 2, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0,
    ];
    let list = ValueList::decode(&eight).unwrap();
    assert_eq!(
        list.iter().next().unwrap().resource_class().unwrap(),
        ResourceClassInfo {
            class: 1,
            subclass: Some(0x8000_0000)
        }
    );
    let six = entry(0x0002_0002, &[1, 0, 0, 0, 0, 0]);
    let bytes = [six, END.to_vec()].concat();
    assert_eq!(
        kind(ValueList::decode(&bytes).unwrap_err()),
        (K::ValueLength, 0)
    );
}

#[test]
fn partition_info_ex2_of_1700_or_1704_bytes() {
    for len in [1700, 1704] {
        let mut data = vec![0u8; len];
        data[1696] = 8;
        let bytes = [entry(0x000E_0001, &data), END.to_vec()].concat();
        let list = ValueList::decode(&bytes).unwrap();
        let info = list.iter().next().unwrap().partition_info_ex2().unwrap();
        assert_eq!(info.encryption_flags(), 8);
        assert_eq!(list.to_buf().to_vec(), bytes);
    }
    let bytes = [entry(0x000E_0001, &[0; 1696]), END.to_vec()].concat();
    assert_eq!(
        kind(ValueList::decode(&bytes).unwrap_err()),
        (K::ValueLength, 0)
    );
}

#[test]
fn fixed_size_value_of_the_wrong_length() {
    let bytes = one_property(&[entry(0x0001_0002, &[1, 2, 3])]);
    let at = 4 + name("P").len();
    assert_eq!(strict_err(&bytes), (K::ValueLength, at));
    let lenient = PropertyList::decode_lenient(&bytes);
    let value = lenient.iter().next().unwrap().value().unwrap();
    assert_eq!(value.data(), &[1, 2, 3]);
    assert_eq!(kind(value.dword().unwrap_err()), (K::ValueLength, at));
    assert_eq!(lenient_kinds(&bytes), [(K::ValueLength, at)]);
}

#[test]
fn spec_literal_string_length_counting_the_padding() {
    // MS-CMRP §4.1 literally (I-1): "10.1.2.3" (18 bytes) with length 20.
    let literal = hex(
        "0b0000000300040010000000410064006400720065007300730000000300010014000000310030002e0031002e0032002e0033000000000000000000",
    );
    let canonical = {
        let mut b = literal.clone();
        b[32] = 18;
        b
    };
    let mut literal_one = literal.clone();
    literal_one[0] = 1;
    let mut canonical_one = canonical.clone();
    canonical_one[0] = 1;
    let ok = PropertyList::decode(&canonical_one).unwrap();
    assert!(
        ok.get("Address")
            .unwrap()
            .value()
            .unwrap()
            .string()
            .unwrap()
            == "10.1.2.3"
    );
    assert_eq!(strict_err(&literal_one), (K::StringContainsNul, 52));
    let lenient = PropertyList::decode_lenient(&literal_one);
    let v = lenient.get("Address").unwrap().value().unwrap();
    assert_eq!(v.data().len(), 20);
    assert!(v.string().unwrap() == "10.1.2.3");
    assert_eq!(lenient_kinds(&literal_one), [(K::StringContainsNul, 52)]);
    // As printed, the count 0xb is larger than the one property shown.
    assert_eq!(strict_err(&literal), (K::StringContainsNul, 52));
    assert_eq!(strict_err(&canonical), (K::MissingProperty, 60));
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn bad_string_values() {
    for (data, want) in [
        (&b"A\0B"[..], K::StringNotTerminated),
        (&b""[..], K::StringNotTerminated),
        (&b"A\0B\0"[..], K::StringNotTerminated),
    ] {
        let bytes = one_property(&[entry(0x0001_0003, data)]);
        assert_eq!(strict_err(&bytes).0, want);
        assert_eq!(PropertyList::decode_lenient(&bytes).len(), 1);
    }
    // The empty string: length 2, then 2 pad bytes.
    let empty = one_property(&[entry(0x0001_0003, &[0, 0])]);
    let list = PropertyList::decode(&empty).unwrap();
    assert!(
        list.iter()
            .next()
            .unwrap()
            .value()
            .unwrap()
            .string()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn multi_sz_values() {
    // CLUSPROP-vectors.md §2.4: three CLSIDs, length counts both final NULs.
    let clsids = [
        "{4EC90FB0-D0BB-11CF-B5EF-00A0C90AB505}",
        "{806EA659-39DC-4BC9-B9DE-B44B671F0236}",
        "{7904197E-F39E-4458-8848-A56CA675EE4D}",
    ];
    let mut data = Vec::new();
    for c in clsids {
        data.extend(sz(c));
    }
    data.extend([0, 0]);
    assert_eq!(data.len(), 236);
    let e = entry(0x0001_0005, &data);
    assert_eq!(&e[..8], &hex("05000100ec000000")[..]);
    assert_eq!(e.len(), 244);
    let bytes = one_property(&[e]);
    let list = PropertyList::decode(&bytes).unwrap();
    let items: Vec<String> = list
        .iter()
        .next()
        .unwrap()
        .value()
        .unwrap()
        .multi_sz()
        .unwrap()
        .iter()
        .map(|s| s.to_string().unwrap())
        .collect();
    assert_eq!(items, clsids);
    let built = ValueBuf::multi_sz(clsids).unwrap();
    assert_eq!(built.data(), &data[..]);
    // Not a multi-string: the list terminator is missing.
    let bad = one_property(&[entry(0x0001_0005, &sz("A"))]);
    assert_eq!(strict_err(&bad).0, K::InvalidMultiSz);
}

#[test]
fn fmts_entry() {
    // CLUSPROP-vectors.md §2.2: LIST_VALUE_WORD, size 2, format, 2 zero pad.
    let value_and_end = hex("0b000100020000000200000000000000");
    let mut bytes = u32le(1).to_vec();
    bytes.extend(name("Address"));
    bytes.extend(&value_and_end);
    let list = PropertyList::decode(&bytes).unwrap();
    let v = list.iter().next().unwrap().value().unwrap();
    assert_eq!(v.word().unwrap(), PropertyFormat::DWORD.get());
    let mut built = PropertyListBuf::new();
    built.set_endmark(false).push_word("Address", 2).unwrap();
    assert_eq!(built.to_vec(), bytes);
}

#[test]
fn os_win_list_without_trailer_and_unaligned_ularge() {
    // CLUSPROP-vectors.md §3.1 (derived from os-win's builder): no trailer,
    // a ULARGE_INTEGER at offset 196 (4- but not 8-aligned).
    let mut built = PropertyListBuf::new();
    built
        .set_endmark(false)
        .push_dword("Virtual Machine", 4)
        .unwrap()
        .push_dword("Virtual Machine Configuration", 4)
        .unwrap()
        .push_ularge("StatusInformation", 4)
        .unwrap()
        .push_dword("GroupType", 111)
        .unwrap();
    let bytes = built.to_vec();
    assert_eq!(bytes.len(), 252);
    assert_eq!(
        sha256(&bytes),
        "5163b7478c33115879a50dc804fc32f0d54ddd148ed44033a5153b5d395f4423"
    );
    let list = PropertyList::decode(&bytes).unwrap();
    assert!(!list.has_endmark());
    let status = list.get("StatusInformation").unwrap().value().unwrap();
    assert_eq!(status.data_offset(), 196);
    assert_eq!(status.ularge().unwrap(), 4);
}

#[test]
fn non_zero_padding_is_accepted_kept_and_reported_leniently() {
    let mut bytes = NODE.to_vec();
    bytes[374] = 0xAA; // CSDVersion's value padding (entry 364, data 372..374)
    let list = PropertyList::decode(&bytes).unwrap();
    assert_eq!(list.to_buf().to_vec(), bytes, "the pad bytes round-trip");
    let lenient = PropertyList::decode_lenient(&bytes);
    assert_eq!(lenient.len(), 12);
    assert_eq!(lenient_kinds(&bytes), [(K::NonZeroPadding, 374)]);
}

#[test]
fn user_and_unknown_syntaxes_are_kept() {
    let user = Syntax::from_parts(PropertyType::USER, PropertyFormat::DWORD);
    let unknown = Syntax::new(0x0042_0017);
    let bytes = one_property(&[
        entry(user.get(), &u32le(77)),
        entry(unknown.get(), &[1, 2, 3, 4, 5]),
    ]);
    let list = PropertyList::decode(&bytes).unwrap();
    let p = list.iter().next().unwrap();
    let mut v = p.values();
    let first = v.next().unwrap();
    assert_eq!(first.syntax(), user);
    assert_eq!(first.dword().unwrap(), 77, "user type, standard format");
    assert_eq!(first.typed().unwrap(), TypedValue::Other(&u32le(77)));
    let second = v.next().unwrap();
    assert_eq!(
        (second.syntax(), second.data()),
        (unknown, &[1u8, 2, 3, 4, 5][..])
    );
    assert_eq!(list.to_buf().to_vec(), bytes);
}

#[test]
fn value_list_edges() {
    let one = [entry(0x0007_0002, &u32le(3)), END.to_vec()].concat();
    assert_eq!(ValueList::decode(&one).unwrap().len(), 1);
    assert_eq!(
        kind(ValueList::decode(&one[..12]).unwrap_err()),
        (K::MissingEndmark, 12)
    );
    assert_eq!(
        kind(ValueList::decode(&[]).unwrap_err()),
        (K::MissingEndmark, 0)
    );
    let two = [one.clone(), one.clone()].concat();
    assert_eq!(
        kind(ValueList::decode(&two).unwrap_err()),
        (K::TrailingData, 16)
    );
    let (first, used) = ValueList::decode_prefix(&two).unwrap();
    assert_eq!((first.len(), used), (1, 16));
    let lenient = ValueList::decode_lenient(&two);
    assert_eq!(lenient.len(), 1);
    assert_eq!(lenient.deviations()[0].kind(), K::TrailingData);
    let cut = ValueList::decode_lenient(&one[..12]);
    assert_eq!((cut.len(), cut.has_endmark()), (1, false));
}

#[test]
fn storage_value_list() {
    let mut partition = vec![0u8; 1160];
    partition[4..10].copy_from_slice(&u16le("C:\\"));
    partition[1120..1128].copy_from_slice(&(500u64 << 30).to_le_bytes());
    let bytes = [
        entry(0x0005_0002, &u32le(0xDEAD_BEEF)),
        entry(0x0006_0002, &[1, 0, 2, 3]),
        entry(0x0007_0002, &u32le(2)),
        entry(0x000C_0006, &(1u64 << 40).to_le_bytes()),
        entry(0x000D_0001, &partition),
        entry(0x000B_0003, &sz("{00000000-0000-0000-0000-000000000001}")),
        entry(0x000A_0003, &sz("WD-123")),
        END.to_vec(),
    ]
    .concat();
    let list = ValueList::decode(&bytes).unwrap();
    let v: Vec<_> = list.iter().collect();
    assert_eq!(v[0].disk_signature().unwrap(), 0xDEAD_BEEF);
    assert_eq!(
        v[1].scsi_address().unwrap(),
        ScsiAddress {
            port_number: 1,
            path_id: 0,
            target_id: 2,
            lun: 3
        }
    );
    assert_eq!(v[2].disk_number().unwrap(), 2);
    assert_eq!(v[3].disk_size().unwrap(), 1 << 40);
    let ex = v[4].partition_info_ex().unwrap();
    assert!(ex.info().device_name() == "C:\\");
    assert_eq!(ex.total_size_in_bytes(), 500 << 30);
    assert_eq!(ex.info().device_name().offset(), v[4].data_offset() + 4);
    assert!(v[5].disk_guid().unwrap() == "{00000000-0000-0000-0000-000000000001}");
    assert!(v[6].disk_serial_number().unwrap() == "WD-123");
    assert_eq!(
        kind(v[0].disk_number().unwrap_err()),
        (K::UnexpectedSyntax, 0)
    );
    assert_eq!(list.to_buf().to_vec(), bytes);
}

#[test]
fn nested_property_list_parses_on_request() {
    let mut inner = PropertyListBuf::new();
    inner.push_dword("Inner", 5).unwrap();
    let mut outer = PropertyListBuf::new();
    outer
        .push("Outer", [ValueBuf::property_list(&inner)])
        .unwrap();
    let bytes = outer.to_vec();
    let list = PropertyList::decode(&bytes).unwrap();
    let v = list.iter().next().unwrap().value().unwrap();
    assert_eq!(v.syntax(), Syntax::LIST_VALUE_PROPERTY_LIST);
    let nested = v.property_list().unwrap();
    let p = nested.iter().next().unwrap();
    assert!(p.name() == "Inner");
    assert_eq!(
        p.offset(),
        v.data_offset() + 4,
        "offsets in the outer buffer"
    );
    assert_eq!(p.value().unwrap().dword().unwrap(), 5);
    // A broken nested list: the error offset is in the outer buffer.
    let broken = one_property(&[entry(0x0001_000E, &[1, 0, 0, 0])]);
    let list = PropertyList::decode(&broken).unwrap();
    let v = list.iter().next().unwrap().value().unwrap();
    assert_eq!(
        kind(v.property_list().unwrap_err()),
        (K::MissingProperty, v.data_offset() + 4)
    );
}

#[test]
fn many_deviations_are_counted_beyond_the_inline_ones() {
    let values: Vec<Vec<u8>> = (0..20)
        .map(|_| {
            let mut e = entry(0x0001_0001, &[1]);
            e[9] = 0xFF;
            e
        })
        .collect();
    let bytes = one_property(&values);
    let list = PropertyList::decode_lenient(&bytes);
    assert_eq!(list.deviations().len(), clusctl::clusprop::MAX_DEVIATIONS);
    assert_eq!(
        list.omitted_deviations(),
        20 - clusctl::clusprop::MAX_DEVIATIONS
    );
    assert!(PropertyList::decode(&bytes).is_ok());
}

// ------------------------------------------------------------------ syntax

#[test]
fn syntax_names_and_values() {
    let expected = [
        (0x0000_0000, "ENDMARK"),
        (0x0004_0003, "NAME"),
        (0x0002_0002, "RESCLASS"),
        (0x0001_0001, "LIST_VALUE_BINARY"),
        (0x0001_0002, "LIST_VALUE_DWORD"),
        (0x0001_0003, "LIST_VALUE_SZ"),
        (0x0001_0004, "LIST_VALUE_EXPAND_SZ"),
        (0x0001_0005, "LIST_VALUE_MULTI_SZ"),
        (0x0001_0006, "LIST_VALUE_ULARGE_INTEGER"),
        (0x0001_0007, "LIST_VALUE_LONG"),
        (0x0001_0008, "LIST_VALUE_EXPANDED_SZ"),
        (0x0001_0009, "LIST_VALUE_SECURITY_DESCRIPTOR"),
        (0x0001_000A, "LIST_VALUE_LARGE_INTEGER"),
        (0x0001_000B, "LIST_VALUE_WORD"),
        (0x0001_000C, "LIST_VALUE_FILETIME"),
        (0x0001_000E, "LIST_VALUE_PROPERTY_LIST"),
        (0x0005_0002, "DISK_SIGNATURE"),
        (0x0006_0002, "SCSI_ADDRESS"),
        (0x0007_0002, "DISK_NUMBER"),
        (0x0008_0001, "PARTITION_INFO"),
        (0x0009_0001, "FTSET_INFO"),
        (0x000A_0003, "DISK_SERIALNUMBER"),
        (0x000B_0003, "DISK_GUID"),
        (0x000C_0006, "DISK_SIZE"),
        (0x000D_0001, "PARTITION_INFO_EX"),
        (0x000E_0001, "PARTITION_INFO_EX2"),
        (0x000F_0001, "STORAGE_DEVICE_ID_DESCRIPTOR"),
    ];
    assert_eq!(Syntax::PREDEFINED.len(), 27);
    for (s, (value, short)) in Syntax::PREDEFINED.iter().zip(expected) {
        assert_eq!(s.get(), value);
        let full = format!("CLUSPROP_SYNTAX_{short}");
        assert_eq!(s.name(), Some(full.as_str()));
        assert_eq!(Syntax::from_name(short), Some(*s));
        assert_eq!(full.parse::<Syntax>(), Ok(*s));
        assert_eq!(s.to_string(), full);
        // Each syntax is its type and format.
        assert_eq!(Syntax::from_parts(s.type_(), s.format()), *s);
        if value != 0 {
            assert!(
                s.type_().name().is_some() && s.format().name().is_some(),
                "{full}"
            );
        }
    }
    assert_eq!(
        Syntax::LIST_VALUE_DWORD.type_().name(),
        Some("CLUSPROP_TYPE_LIST_VALUE")
    );
    assert_eq!(Syntax::SCSI_ADDRESS.type_(), PropertyType::SCSI_ADDRESS);
    assert_eq!(PropertyType::UNKNOWN.get(), 0xFFFF);
    assert!(!PropertyType::UNKNOWN.is_user());
    assert_eq!(
        PropertyFormat::PROPERTY_LIST.name(),
        Some("CLUSPROP_FORMAT_PROPERTY_LIST")
    );
    assert_eq!(PropertyFormat::NAMED.len(), 16);
    assert_eq!(PropertyType::NAMED.len(), 18);
    for n in [0x8000_0002u32, 0x0001_000D, 0x0042_0017] {
        let s = Syntax::new(n);
        assert_eq!(s.name(), None);
        assert_eq!(s.to_string().parse::<Syntax>(), Ok(s));
    }
    assert_eq!("65538".parse::<Syntax>(), Ok(Syntax::LIST_VALUE_DWORD));
    assert!("nonsense".parse::<Syntax>().is_err());
    assert!("0x1G".parse::<Syntax>().is_err());
}

// ----------------------------------------------------------- truncations

fn every_truncation_fails_strictly_and_recovers_leniently(bytes: &[u8]) {
    assert!(PropertyList::decode(bytes).is_ok());
    let full = PropertyList::decode(bytes).unwrap();
    for cut in 0..bytes.len() {
        let part = &bytes[..cut];
        if full.has_endmark() && cut == bytes.len() - 4 {
            // Cutting exactly the trailer leaves the other valid form.
            assert!(PropertyList::decode(part).is_ok());
            continue;
        }
        let err = PropertyList::decode(part).unwrap_err();
        assert!(err.offset() <= cut, "cut {cut}: {err}");
        assert!(err.offset() < bytes.len());
        let lenient = PropertyList::decode_lenient(part);
        assert!(!lenient.deviations().is_empty(), "cut {cut}");
        assert_eq!(lenient.deviations()[0].offset(), err.offset());
        assert!(lenient.len() <= full.len());
        // Every recovered property is a prefix of the original.
        for (got, want) in lenient.iter().zip(full.iter()) {
            assert_eq!(got.name(), want.name());
            for (a, b) in got.values().zip(want.values()) {
                assert_eq!(a.data(), b.data());
            }
        }
    }
}

#[test]
fn every_truncation_of_the_captures() {
    every_truncation_fails_strictly_and_recovers_leniently(CLUSTER);
    every_truncation_fails_strictly_and_recovers_leniently(NODE);
    every_truncation_fails_strictly_and_recovers_leniently(&CLUSTER[..408]);
}

#[test]
fn every_truncation_of_a_value_list() {
    let deps = [
        entry(0x0002_0002, &u32le(1)),
        name("Network Name"),
        END.to_vec(),
    ]
    .concat();
    for cut in 0..deps.len() {
        let err = ValueList::decode(&deps[..cut]).unwrap_err();
        assert!(err.offset() <= cut);
        let lenient = ValueList::decode_lenient(&deps[..cut]);
        assert_eq!(lenient.deviations()[0].offset(), err.offset());
    }
}

// ------------------------------------------------------------- properties

proptest! {
    #[test]
    fn generated_property_lists_round_trip(list in strategies::clusprop_property_list(), shift in 0usize..4) {
        let bytes = list.to_vec();
        prop_assert_eq!(bytes.len(), list.encoded_len());
        // Any alignment of the buffer in memory.
        let mut shifted = vec![0xEE; shift];
        shifted.extend(&bytes);
        let view = PropertyList::decode(&shifted[shift..]).unwrap();
        prop_assert_eq!(view.len(), list.len());
        prop_assert_eq!(view.has_endmark(), list.has_endmark());
        prop_assert_eq!(view.as_bytes(), &bytes[..]);
        prop_assert_eq!(&view.to_buf(), &list);
        let lenient = PropertyList::decode_lenient(&bytes);
        prop_assert!(lenient.is_strict());
        prop_assert_eq!(lenient, view);
        for (p, want) in view.iter().zip(list.iter()) {
            prop_assert_eq!(p.name(), want.name());
            prop_assert_eq!(p.len(), want.values().len());
            for (v, w) in p.values().zip(want.values()) {
                prop_assert_eq!(v.syntax(), w.syntax());
                prop_assert_eq!(v.data(), w.data());
                prop_assert_eq!(&bytes[v.data_offset()..v.data_offset() + v.data().len()], v.data());
                let _ = v.typed().unwrap();
            }
        }
        let mut out = vec![0u8; bytes.len()];
        prop_assert_eq!(list.encode_into(&mut out), Ok(bytes.len()));
        prop_assert_eq!(&out, &bytes);
        if !bytes.is_empty() {
            let err = list.encode_into(&mut out[..bytes.len() - 1]).unwrap_err();
            prop_assert_eq!(err.required(), Some(bytes.len()));
        }
    }

    #[test]
    fn generated_value_lists_round_trip(list in strategies::clusprop_value_list()) {
        let bytes = list.to_vec();
        prop_assert_eq!(bytes.len(), list.encoded_len());
        let view = ValueList::decode(&bytes).unwrap();
        prop_assert_eq!(view.len(), list.len());
        prop_assert_eq!(&ValueListBuf::from(&view), &list);
        prop_assert!(ValueList::decode_lenient(&bytes).is_strict());
    }

    #[test]
    fn mutated_lists_never_panic(
        list in strategies::clusprop_property_list(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = list.to_vec();
        for (at, v) in edits {
            let i = at.index(bytes.len());
            bytes[i] = v;
        }
        let cut = cut.index(bytes.len() + 1);
        let bytes = &bytes[..cut];
        let lenient = PropertyList::decode_lenient(bytes);
        for d in lenient.deviations() {
            prop_assert!(d.offset() <= bytes.len());
        }
        for p in lenient.iter() {
            let _ = p.name();
            for v in p.values() {
                prop_assert!(v.data_offset() + v.data().len() <= bytes.len());
                let _ = v.typed();
            }
        }
        match PropertyList::decode(bytes) {
            Ok(strict) => {
                prop_assert!(lenient.deviations().iter().all(|d| d.kind() == K::NonZeroPadding));
                prop_assert_eq!(strict.to_buf().to_vec(), strict.as_bytes());
            }
            Err(err) => {
                prop_assert!(err.offset() <= bytes.len());
                let first = lenient.deviations().iter().find(|d| d.kind() != K::NonZeroPadding);
                if lenient.omitted_deviations() == 0 {
                    prop_assert_eq!(first.map(|d| d.offset()), Some(err.offset()));
                }
            }
        }
        let values = ValueList::decode_lenient(bytes);
        prop_assert!(values.iter().count() == values.len());
        if let Ok(strict) = ValueList::decode(bytes) {
            prop_assert_eq!(strict.to_buf().to_vec(), bytes);
        }
    }
}

// ------------------------------------------------- ndrdump cross-check

/// What `ndrdump clusapi clusapi_PROPERTY_LIST struct FILE` printed: the
/// count, and per property its name, the name entry's size, the value's
/// syntax number and size.
fn ndrdump_parse(out: &str) -> (u32, Vec<(String, u32, u32, u32)>) {
    let number = |line: &str| -> u32 {
        let open = line.rfind('(').unwrap();
        line[open + 1..line.len() - 1].parse().unwrap()
    };
    let mut count = None;
    let mut props = Vec::new();
    let mut current: Option<(String, u32, u32, u32)> = None;
    for line in out.lines().map(str::trim) {
        if line.starts_with("propertyCount ") {
            count = Some(number(line));
        } else if line.starts_with("size ") {
            if let Some(p) = current.take() {
                props.push(p);
            }
            current = Some((String::new(), number(line), 0, 0));
        } else if let Some(rest) = line.strip_prefix("buffer ") {
            let text = rest.trim_start_matches([' ', ':']).trim();
            current.as_mut().unwrap().0 = text.trim_matches('\'').to_owned();
        } else if line.starts_with("Syntax ") {
            current.as_mut().unwrap().2 = number(line);
        } else if line.starts_with("Size ") {
            current.as_mut().unwrap().3 = number(line);
        }
    }
    props.extend(current);
    (count.expect("propertyCount printed"), props)
}

#[test]
fn ndrdump_parses_what_we_encode() {
    let Some(ndrdump) = crate::oracles::tool("ndrdump") else {
        return;
    };
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let strategy = strategies::clusprop_ndr_shaped_list();
    let mut runner = TestRunner::deterministic();
    let dir = std::env::temp_dir().join(format!("clusctl-clusprop-ndrdump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    let mut lists: Vec<PropertyListBuf> = vec![
        PropertyList::decode(CLUSTER).unwrap().to_buf(),
        PropertyList::decode(NODE).unwrap().to_buf(),
    ];
    for _ in 0..300 {
        lists.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    for (i, list) in lists.iter().enumerate() {
        let bytes = list.to_vec();
        let path = dir.join(format!("list-{i}.bin"));
        std::fs::write(&path, &bytes).unwrap();
        let out = std::process::Command::new(&ndrdump)
            .args(["clusapi", "clusapi_PROPERTY_LIST", "struct"])
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success()
                && text.contains("pull returned Success")
                && text.contains("dump OK"),
            "ndrdump refused list {i} ({bytes:02x?}):\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (count, props) = ndrdump_parse(&text);
        let view = PropertyList::decode(&bytes).unwrap();
        assert_eq!(count as usize, view.len(), "list {i}");
        let ours: Vec<(String, u32, u32, u32)> = view
            .iter()
            .map(|p| {
                let v = p.value().unwrap();
                (
                    p.name().to_string().unwrap(),
                    p.name_entry().data().len() as u32,
                    v.syntax().get(),
                    v.data().len() as u32,
                )
            })
            .collect();
        assert_eq!(props, ours, "list {i}:\n{text}");
        checked += 1;
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(checked, 302);
    eprintln!("ndrdump agreed on {checked} property lists");
}

// ------------------------------------------------------------------- JSON

#[cfg(feature = "serde")]
proptest! {
    #[test]
    fn json_round_trips_losslessly(list in strategies::clusprop_property_list()) {
        let json = serde_json::to_string(&list).unwrap();
        let back: PropertyListBuf = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &list);
        // The view's JSON (with offsets) reads back as the same list.
        let bytes = list.to_vec();
        let view = PropertyList::decode(&bytes).unwrap();
        let from_view: PropertyListBuf =
            serde_json::from_str(&serde_json::to_string(&view).unwrap()).unwrap();
        prop_assert_eq!(from_view.to_vec(), bytes);
    }

    #[test]
    fn value_list_json_round_trips(list in strategies::clusprop_value_list()) {
        let json = serde_json::to_string(&list).unwrap();
        let back: ValueListBuf = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, list);
    }
}

#[cfg(feature = "serde")]
#[test]
fn json_shape_of_the_capture() {
    let list = PropertyList::decode(NODE).unwrap();
    let json: serde_json::Value = serde_json::to_value(list).unwrap();
    assert_eq!(json["endmark"], true);
    let first = &json["properties"][0];
    assert_eq!(first["name"], "NodeName");
    assert_eq!(first["offset"], 4);
    assert_eq!(
        first["values"][0]["syntax"],
        "CLUSPROP_SYNTAX_LIST_VALUE_SZ"
    );
    assert_eq!(first["values"][0]["value"], "node1");
    assert_eq!(json["properties"][9]["values"][0]["value"], 0xFFFF_FFFFu32);
    // Non-zero padding survives the JSON round trip.
    let mut padded = NODE.to_vec();
    padded[374] = 0xAA;
    let view = PropertyList::decode(&padded).unwrap();
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains(r#""pad":"aa00""#));
    let back: PropertyListBuf = serde_json::from_str(&json).unwrap();
    assert_eq!(back.to_vec(), padded);
    // Lenient views carry their deviations.
    let cut = PropertyList::decode_lenient(&NODE[..52]);
    let json: serde_json::Value = serde_json::to_value(cut).unwrap();
    assert_eq!(json["deviations"][0]["offset"], 52);
    assert_eq!(json["deviations"][0]["message"], "expected an ENDMARK");
    // Hand-written input: names, numbers, hex, a syntax as a number.
    let input: PropertyListBuf = serde_json::from_str(
        r#"{"properties": [
            {"name": "Address", "values": [{"syntax": "CLUSPROP_SYNTAX_LIST_VALUE_SZ", "value": "10.0.0.5"}]},
            {"name": "EnableDhcp", "values": [{"syntax": 65538, "value": 0}]},
            {"name": "Blob", "values": [{"syntax": "0x80000001", "hex": "0102"}]}
        ]}"#,
    )
    .unwrap();
    let mut expected = PropertyListBuf::new();
    expected
        .push_sz("Address", "10.0.0.5")
        .unwrap()
        .push_dword("EnableDhcp", 0)
        .unwrap()
        .push(
            "Blob",
            [ValueBuf::new(Syntax::new(0x8000_0001), vec![1, 2]).unwrap()],
        )
        .unwrap();
    assert_eq!(input, expected);
    for bad in [
        r#"{"properties": [{"name": "A", "values": []}]}"#,
        r#"{"properties": [{"name": "A", "values": [{"syntax": "CLUSPROP_SYNTAX_LIST_VALUE_DWORD", "value": 4294967296}]}]}"#,
        r#"{"properties": [{"name": "A", "values": [{"syntax": "CLUSPROP_SYNTAX_LIST_VALUE_DWORD", "value": "x"}]}]}"#,
        r#"{"properties": [{"name": "A", "values": [{"syntax": "CLUSPROP_SYNTAX_LIST_VALUE_DWORD", "hex": "010203"}]}]}"#,
        r#"{"properties": [{"name": "A", "values": [{"syntax": "CLUSPROP_SYNTAX_ENDMARK", "hex": ""}]}]}"#,
    ] {
        assert!(
            serde_json::from_str::<PropertyListBuf>(bad).is_err(),
            "{bad}"
        );
    }
}
