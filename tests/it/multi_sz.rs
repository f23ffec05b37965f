//! The multi-string codec: every edge case of the format in both modes, on
//! aligned and unaligned input, and the round-trip properties.

use clusctl::DecodeErrorKind;
use clusctl::multi_sz::{DeviationKind, Iter, LenientMultiSz, MultiSz, decode_lenient};

/// A buffer aligned to 8 bytes, to place input at a chosen alignment.
#[repr(align(8))]
struct Aligned([u8; 512]);

/// Runs `check` on a copy of `bytes` at an 8-byte-aligned address and on
/// one at an odd address.
fn aligned_and_unaligned(bytes: &[u8], check: impl Fn(&[u8])) {
    assert!(bytes.len() < 500);
    for skew in [0, 1, 3] {
        let mut buf = Aligned([0xEE; 512]);
        buf.0[skew..skew + bytes.len()].copy_from_slice(bytes);
        check(&buf.0[skew..skew + bytes.len()]);
    }
}

/// Whether the items equal `expected`, compared without allocating.
fn same(items: Iter<'_>, expected: &[&str]) -> bool {
    items.len() == expected.len() && items.zip(expected).all(|(a, b)| a == *b)
}

fn kinds(list: &LenientMultiSz<'_>) -> Vec<(DeviationKind, usize)> {
    list.deviations()
        .iter()
        .map(|d| (d.kind(), d.offset()))
        .collect()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Every row of the edge-case table in the module docs: input, strict
/// verdict, lenient items and deviations.
type StrictVerdict = Result<&'static [&'static str], (DecodeErrorKind, usize)>;

#[allow(clippy::type_complexity)]
fn edge_cases() -> Vec<(
    &'static str,
    Vec<u8>,
    StrictVerdict,
    Vec<&'static str>,
    Vec<(DeviationKind, usize)>,
)> {
    use DecodeErrorKind as E;
    use DeviationKind as D;
    vec![
        ("zero bytes", vec![], Ok(&[]), vec![], vec![]),
        ("00 00", vec![0, 0], Ok(&[]), vec![], vec![]),
        ("00 00 00 00", vec![0; 4], Ok(&[]), vec![], vec![]),
        ("one item", utf16le("A\0\0"), Ok(&["A"]), vec!["A"], vec![]),
        (
            "two items",
            utf16le("AB\0C\0\0"),
            Ok(&["AB", "C"]),
            vec!["AB", "C"],
            vec![],
        ),
        (
            "non-BMP",
            utf16le("\u{1F511}key\0\u{10FFFF}\0\0"),
            Ok(&["\u{1F511}key", "\u{10FFFF}"]),
            vec!["\u{1F511}key", "\u{10FFFF}"],
            vec![],
        ),
        (
            "one odd byte",
            vec![0x41],
            Err((E::OddLength, 0)),
            vec![],
            vec![(D::OddTrailingByte, 0), (D::MissingListTerminator, 0)],
        ),
        (
            "odd byte after a complete list",
            [utf16le("A\0\0"), vec![0x7F]].concat(),
            Err((E::OddLength, 6)),
            vec!["A"],
            vec![(D::TrailingData { len: 1 }, 6)],
        ),
        (
            "odd byte inside the last item",
            [utf16le("A\0B"), vec![0x43]].concat(),
            Err((E::OddLength, 6)),
            vec!["A", "B"],
            vec![
                (D::UnterminatedItem, 4),
                (D::MissingListTerminator, 6),
                (D::OddTrailingByte, 6),
            ],
        ),
        (
            "unterminated only item",
            utf16le("A"),
            Err((E::UnterminatedItem, 0)),
            vec!["A"],
            vec![(D::UnterminatedItem, 0), (D::MissingListTerminator, 2)],
        ),
        (
            "unterminated last item",
            utf16le("AB\0CD"),
            Err((E::UnterminatedItem, 6)),
            vec!["AB", "CD"],
            vec![(D::UnterminatedItem, 6), (D::MissingListTerminator, 10)],
        ),
        (
            "list terminator missing",
            utf16le("A\0B\0"),
            Err((E::MissingListTerminator, 8)),
            vec!["A", "B"],
            vec![(D::MissingListTerminator, 8)],
        ),
        (
            "trailing data after a list",
            utf16le("A\0\0XY"),
            Err((E::TrailingData, 6)),
            vec!["A"],
            vec![(D::TrailingData { len: 4 }, 6)],
        ),
        (
            "trailing NULs (lpBytesReturned too large)",
            utf16le("A\0\0\0\0"),
            Err((E::TrailingData, 6)),
            vec!["A"],
            vec![(D::TrailingData { len: 4 }, 6)],
        ),
        (
            "trailing data after the empty list",
            utf16le("\0X"),
            Err((E::TrailingData, 2)),
            vec![],
            vec![(D::TrailingData { len: 2 }, 2)],
        ),
        (
            "trailing data after the four-byte empty list",
            utf16le("\0\0\0"),
            Err((E::TrailingData, 4)),
            vec![],
            vec![(D::TrailingData { len: 2 }, 4)],
        ),
        (
            "0x0100 and 0x0001 are not NUL",
            vec![0, 1, 1, 0, 0, 0, 0, 0],
            Ok(&["\u{100}\u{1}"]),
            vec!["\u{100}\u{1}"],
            vec![],
        ),
    ]
}

#[test]
fn edge_cases_strict_and_lenient_aligned_and_unaligned() {
    for (name, bytes, strict, lenient, deviations) in edge_cases() {
        aligned_and_unaligned(&bytes, |input| {
            match (MultiSz::decode(input), strict) {
                (Ok(list), Ok(expected)) => {
                    assert!(same(list.iter(), expected), "{name}: {list:?}");
                    assert_eq!(list.len(), expected.len(), "{name}");
                    assert_eq!(list.is_empty(), expected.is_empty(), "{name}");
                    assert_eq!(list.as_bytes(), input, "{name}");
                }
                (Err(err), Err((kind, offset))) => {
                    assert_eq!((err.kind(), err.offset()), (kind, offset), "{name}");
                }
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
            let recovered = decode_lenient(input);
            assert!(same(recovered.iter(), &lenient), "{name}: {recovered:?}");
            assert_eq!(recovered.len(), lenient.len(), "{name}");
            assert_eq!(recovered.is_empty(), lenient.is_empty(), "{name}");
            assert_eq!(kinds(&recovered), deviations, "{name}");
            assert_eq!(recovered.is_strict(), deviations.is_empty(), "{name}");
            assert_eq!(recovered.as_bytes(), input);
        });
    }
}

/// The tests that need an allocator (owned strings, `to_vec`, `MultiSzBuf`).
#[cfg(feature = "alloc")]
mod owned {
    use super::*;
    use clusctl::multi_sz::{self, Deviation, MultiSzBuf, Utf16LeStr};
    use clusctl::{DecodeError, EncodeErrorKind};
    use proptest::prelude::*;

    use crate::strategies;

    fn items(list: &MultiSz<'_>) -> Vec<String> {
        list.iter().map(|s| s.to_string_lossy()).collect()
    }

    #[test]
    fn lenient_list_is_the_strict_prefix() {
        let bytes = utf16le("A\0\0XY");
        let recovered = decode_lenient(&bytes);
        let list = recovered.list().unwrap();
        assert_eq!(list.as_bytes(), &bytes[..6]);
        assert_eq!(items(&list), ["A"]);
        assert!(decode_lenient(&utf16le("A\0")).list().is_none());
        assert_eq!(decode_lenient(&[]).list().map(|l| l.len()), Some(0));
    }

    #[test]
    fn errors_and_deviations_print_their_offset() {
        let err = MultiSz::decode(&utf16le("A\0B\0")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "multi-string list terminator missing at byte 8"
        );
        let err = MultiSz::decode(&utf16le("AB")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "string not terminated by a NUL code unit at byte 0"
        );
        let bytes = utf16le("A\0\0XY");
        let recovered = decode_lenient(&bytes);
        let shown: Vec<String> = recovered
            .deviations()
            .iter()
            .map(Deviation::to_string)
            .collect();
        assert_eq!(
            shown,
            ["4 trailing bytes after the multi-string terminator at byte 6"]
        );
        assert!(format!("{recovered:?}").contains("TrailingData"));
    }

    #[test]
    fn items_carry_their_offsets_and_surrogate_errors_are_absolute() {
        // "AB", then "C" + lone high surrogate + "D".
        let mut bytes = utf16le("AB\0C");
        bytes.extend_from_slice(&0xD800u16.to_le_bytes());
        bytes.extend(utf16le("D\0\0"));
        aligned_and_unaligned(&bytes, |input| {
            let list = MultiSz::decode(input).unwrap();
            let all: Vec<Utf16LeStr<'_>> = list.iter().collect();
            assert_eq!(all[0].offset(), 0);
            assert_eq!(all[1].offset(), 6);
            assert_eq!(all[1].len(), 3);
            let chars: Vec<Result<char, DecodeError>> = all[1].chars().collect();
            assert_eq!(chars[0], Ok('C'));
            assert_eq!(
                chars[1],
                Err(DecodeError::new(DecodeErrorKind::UnpairedSurrogate, 8))
            );
            assert_eq!(chars[2], Ok('D'));
            assert_eq!(all[1].to_string().unwrap_err().offset(), 8);
            assert_eq!(all[1].to_string_lossy(), "C\u{FFFD}D");
            assert_eq!(
                all[1].to_string(),
                Err(DecodeError::new(DecodeErrorKind::UnpairedSurrogate, 8))
            );
            assert_eq!(format!("{}", all[1]), "C\u{FFFD}D");
            assert_eq!(list.to_strings().unwrap_err().offset(), 8);
            // Re-encoding keeps the surrogate.
            assert_eq!(multi_sz::to_vec(list.iter()).unwrap(), input);
        });
    }

    #[test]
    fn utf16lestr_basics() {
        let key = utf16le("Key\u{1F511}");
        let s = Utf16LeStr::from_bytes(&key).unwrap();
        assert_eq!(s.len(), 5);
        assert!(!s.is_empty());
        assert!(!s.is_ascii());
        assert!(s == "Key\u{1F511}");
        assert!("Key\u{1F511}" == s);
        assert!(s != "Key");
        assert!(s != "Key\u{1F511}!");
        assert_eq!(
            s.code_units().collect::<Vec<_>>(),
            "Key\u{1F511}".encode_utf16().collect::<Vec<_>>()
        );
        assert_eq!(s.code_units().next_back(), Some(0xDD11));
        assert_eq!(s.to_utf16().len(), 5);
        assert_eq!(s.as_bytes().len(), 10);
        assert_eq!(s.offset(), 0);
        assert_eq!(format!("{s:?}"), "\"Key\u{1F511}\"@0");
        let lone = Utf16LeStr::from_bytes(&[0x00, 0xDC]).unwrap();
        assert!(lone != "\u{FFFD}");
        assert_eq!(format!("{lone:?}"), "\"\\u{lone@0}\"@0");
        assert_eq!(
            Utf16LeStr::from_bytes(&[0x41]).unwrap_err(),
            DecodeError::new(DecodeErrorKind::OddLength, 0)
        );
        assert_eq!(
            Utf16LeStr::from_bytes(&[0x41, 0, 0, 0]).unwrap_err(),
            DecodeError::new(DecodeErrorKind::UnexpectedNul, 2)
        );
        let empty = Utf16LeStr::from_bytes(&[]).unwrap();
        assert!(empty.is_empty() && PartialEq::<str>::eq(&empty, "") && empty.is_ascii());
        // Equality ignores the offset.
        let bytes = utf16le("x\0Key\u{1F511}\0\0");
        let list = MultiSz::decode(&bytes).unwrap();
        assert_eq!(list.iter().nth(1).unwrap(), s);
    }

    #[test]
    fn encoder_refuses_empty_and_nul_items_with_their_index() {
        let mut buf = [0u8; 64];
        let cases: [(&[&str], EncodeErrorKind); 3] = [
            (&["A", ""], EncodeErrorKind::EmptyItem { index: 1 }),
            (&["", "A"], EncodeErrorKind::EmptyItem { index: 0 }),
            (
                &["A", "B", "C\0D"],
                EncodeErrorKind::NulInItem {
                    index: 2,
                    position: 1,
                },
            ),
        ];
        for (items, kind) in cases {
            assert_eq!(
                multi_sz::encode_into(items, &mut buf).unwrap_err().kind(),
                kind
            );
            assert_eq!(multi_sz::to_vec(items).unwrap_err().kind(), kind);
        }
        let units: [&[u16]; 2] = [&[0x41], &[0x42, 0, 0x43]];
        assert_eq!(
            multi_sz::to_vec(units).unwrap_err().kind(),
            EncodeErrorKind::NulInItem {
                index: 1,
                position: 1
            }
        );
        let long_ascii_with_nul = "0123456789abcdefghij\0k";
        assert_eq!(
            multi_sz::to_vec([long_ascii_with_nul]).unwrap_err().kind(),
            EncodeErrorKind::NulInItem {
                index: 0,
                position: 20
            }
        );
    }

    #[test]
    fn encoder_known_answers_and_item_types() {
        assert_eq!(multi_sz::to_vec::<[&str; 0]>([]).unwrap(), [0, 0]);
        let expected = utf16le("1\\\\MyKey\0\u{1F511}\0\0");
        assert_eq!(
            multi_sz::to_vec(["1\\\\MyKey", "\u{1F511}"]).unwrap(),
            expected
        );
        let owned = vec![String::from("1\\\\MyKey"), String::from("\u{1F511}")];
        assert_eq!(multi_sz::to_vec(&owned).unwrap(), expected);
        let units: Vec<Vec<u16>> = owned.iter().map(|s| s.encode_utf16().collect()).collect();
        assert_eq!(multi_sz::to_vec(&units).unwrap(), expected);
        let slices: Vec<&[u16]> = units.iter().map(Vec::as_slice).collect();
        assert_eq!(multi_sz::to_vec(&slices).unwrap(), expected);
        let list = MultiSz::decode(&expected).unwrap();
        assert_eq!(multi_sz::to_vec(list).unwrap(), expected);
        let mut small = [0u8; 3];
        let err = multi_sz::encode_into(["AB"], &mut small).unwrap_err();
        assert_eq!(
            err.kind(),
            EncodeErrorKind::BufferTooSmall {
                required: 8,
                available: 3
            }
        );
        assert_eq!((err.required(), err.available()), (Some(8), Some(3)));
        assert_eq!(
            err.to_string(),
            "output buffer too small: 8 bytes required, 3 available"
        );
        // A larger buffer is fine and only the required bytes are written,
        // terminators included.
        let mut big = [0xEEu8; 12];
        assert_eq!(multi_sz::encode_into(["AB"], &mut big), Ok(8));
        assert_eq!(big, [0x41, 0, 0x42, 0, 0, 0, 0, 0, 0xEE, 0xEE, 0xEE, 0xEE]);
        let mut dirty = [0xEEu8; 16];
        assert_eq!(multi_sz::encode_into(["A", "B"], &mut dirty), Ok(10));
        assert_eq!(dirty[..10], [0x41, 0, 0, 0, 0x42, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn multi_sz_buf_builds_pushes_and_converts() {
        let mut list = MultiSzBuf::new();
        assert!(list.is_empty());
        assert_eq!(list.as_bytes(), [0, 0]);
        list.push("A").unwrap();
        list.push("BC".to_owned()).unwrap();
        assert_eq!(
            list.push("X\0").unwrap_err().kind(),
            EncodeErrorKind::NulInItem {
                index: 2,
                position: 1
            }
        );
        assert_eq!(
            list.push("").unwrap_err().kind(),
            EncodeErrorKind::EmptyItem { index: 2 }
        );
        assert_eq!(list.len(), 2);
        assert!(!list.is_empty());
        assert_eq!(list.as_bytes(), utf16le("A\0BC\0\0"));
        assert_eq!(list.to_strings().unwrap(), ["A", "BC"]);
        assert_eq!(Vec::<String>::try_from(&list).unwrap(), ["A", "BC"]);
        assert_eq!(
            MultiSzBuf::try_from(vec!["A".to_owned(), "BC".to_owned()]).unwrap(),
            list
        );
        assert_eq!(MultiSzBuf::try_from(&["A", "BC"][..]).unwrap(), list);
        assert_eq!(MultiSzBuf::decode(list.as_bytes()).unwrap(), list);
        assert_eq!(MultiSz::decode(list.as_bytes()).unwrap().to_buf(), list);
        assert_eq!(list.as_multi_sz().len(), 2);
        assert_eq!((&list).into_iter().count(), 2);
        assert_eq!(format!("{list:?}"), "[\"A\"@0, \"BC\"@4]");
        assert_eq!(MultiSzBuf::decode(&[0; 4]).unwrap().as_bytes(), [0, 0]);
        assert_eq!(MultiSzBuf::default(), MultiSzBuf::new());
        assert_eq!(list.clone().into_bytes(), list.as_bytes());
        assert!(MultiSzBuf::try_from(vec![String::new()]).is_err());
    }

    proptest! {
        #[test]
        fn decode_of_encode_is_identity(list in strategies::multi_sz_units()) {
            let bytes = multi_sz::to_vec(&list).unwrap();
            prop_assert_eq!(bytes.len(), multi_sz::encoded_len(&list));
            let decoded = MultiSz::decode(&bytes).unwrap();
            prop_assert_eq!(decoded.len(), list.len());
            let back: Vec<Vec<u16>> = decoded.iter().map(|s| s.to_utf16()).collect();
            prop_assert_eq!(&back, &list);
            // Lenient agrees on valid input, with no deviation.
            let lenient = decode_lenient(&bytes);
            prop_assert!(lenient.is_strict());
            prop_assert!(lenient.iter().eq(decoded.iter()));
        }

        #[test]
        fn text_lists_round_trip(list in strategies::multi_sz_strings()) {
            let bytes = multi_sz::to_vec(&list).unwrap();
            let decoded = MultiSz::decode(&bytes).unwrap();
            prop_assert_eq!(decoded.to_strings().unwrap(), list.clone());
            let buf = MultiSzBuf::try_from(list.clone()).unwrap();
            prop_assert_eq!(buf.as_bytes(), &bytes[..]);
            prop_assert_eq!(buf.to_strings().unwrap(), list);
        }

        #[test]
        fn encode_of_decode_is_the_input(bytes in strategies::multi_sz_bytes()) {
            if let Ok(list) = MultiSz::decode(&bytes) {
                prop_assert_eq!(list.as_bytes(), &bytes[..]);
                if !list.is_empty() {
                    prop_assert_eq!(multi_sz::to_vec(list.iter()).unwrap(), bytes.clone());
                    let owned = MultiSzBuf::from(list);
                    prop_assert_eq!(owned.as_bytes(), &bytes[..]);
                }
            }
        }

        #[test]
        fn encode_into_reports_the_required_size(list in strategies::multi_sz_units()) {
            let required = multi_sz::encoded_len(&list);
            for size in 0..required {
                let mut buf = vec![0u8; size];
                let err = multi_sz::encode_into(&list, &mut buf).unwrap_err();
                prop_assert_eq!(err.kind(), EncodeErrorKind::BufferTooSmall { required, available: size });
            }
            let mut buf = vec![0u8; required + 3];
            prop_assert_eq!(multi_sz::encode_into(&list, &mut buf), Ok(required));
        }

        #[test]
        fn decoders_never_panic_and_offsets_are_inside(bytes in strategies::multi_sz_bytes()) {
            match MultiSz::decode(&bytes) {
                Ok(list) => prop_assert!(list.iter().all(|s| s.offset() + s.as_bytes().len() <= bytes.len())),
                Err(err) => prop_assert!(err.offset() <= bytes.len(), "{err}"),
            }
            let lenient = decode_lenient(&bytes);
            for d in lenient.deviations() {
                prop_assert!(d.offset() <= bytes.len(), "{d}");
            }
            prop_assert_eq!(lenient.iter().count(), lenient.len());
            for item in lenient.iter() {
                prop_assert!(!item.is_empty());
                prop_assert_eq!(&bytes[item.offset()..item.offset() + item.as_bytes().len()], item.as_bytes());
                for c in item.chars() {
                    if let Err(e) = c {
                        prop_assert!(e.offset() < bytes.len());
                    }
                }
            }
        }

        #[test]
        fn truncations_are_strict_errors_and_lenient_partial_recoveries(
            list in strategies::multi_sz_units().prop_filter("non-empty", |l| !l.is_empty())
        ) {
            let bytes = multi_sz::to_vec(&list).unwrap();
            for cut in 1..bytes.len() {
                let part = &bytes[..cut];
                prop_assert!(MultiSz::decode(part).is_err(), "cut at {cut}");
                let lenient = decode_lenient(part);
                prop_assert!(!lenient.is_strict());
                let got: Vec<Vec<u16>> = lenient.iter().map(|s| s.to_utf16()).collect();
                prop_assert!(got.len() <= list.len());
                for (i, item) in got.iter().enumerate() {
                    if i + 1 < got.len() {
                        prop_assert_eq!(item, &list[i]);
                    } else {
                        prop_assert!(list[i].starts_with(item), "cut at {cut}");
                    }
                }
            }
        }
    }
}

#[cfg(feature = "alloc")]
#[test]
fn push_to_reports_absolute_offsets_and_keeps_the_string() {
    // "ok", then "x" + a lone low surrogate at byte 8.
    let mut bytes = utf16le("ok\0x");
    bytes.extend_from_slice(&0xDC00u16.to_le_bytes());
    bytes.extend([0, 0, 0, 0]);
    let list = MultiSz::decode(&bytes).unwrap();
    let second = list.iter().nth(1).unwrap();
    let mut out = String::from("kept");
    let err = second.push_to(&mut out).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (DecodeErrorKind::UnpairedSurrogate, 8)
    );
    assert_eq!(out, "kept");
    let first = list.iter().next().unwrap();
    first.push_to(&mut out).unwrap();
    assert_eq!(out, "keptok");
    assert!(first != second);
    assert!(first == first);
}

#[test]
fn utf16lestr_comparisons_hashes_and_hints() {
    use clusctl::multi_sz::Utf16LeStr;
    use std::hash::{BuildHasher, RandomState};
    let a_bytes = utf16le("Key");
    let b_bytes = utf16le("Kex");
    let a = Utf16LeStr::from_bytes(&a_bytes).unwrap();
    let b = Utf16LeStr::from_bytes(&b_bytes).unwrap();
    assert!(a != b);
    assert!(*"Key" == a && *"Kex" != a);
    assert!("Key" == a && "Kex" != a);
    let state = RandomState::new();
    assert_eq!(
        state.hash_one(a),
        state.hash_one(Utf16LeStr::from_bytes(&a_bytes).unwrap())
    );
    assert_ne!(state.hash_one(a), state.hash_one(b));
    assert_eq!(a.code_units().size_hint(), (3, Some(3)));
    assert_eq!(a.code_units().len(), 3);
    assert_eq!(a.chars().size_hint(), (2, Some(3)));
    // After a surrogate pair the offsets go on from the pair's end.
    let mut units = utf16le("\u{1F511}");
    units.extend_from_slice(&0xDC00u16.to_le_bytes());
    let s = Utf16LeStr::from_bytes(&units).unwrap();
    let chars: Vec<_> = s.chars().collect();
    assert_eq!(chars[0], Ok('\u{1F511}'));
    assert_eq!(chars[1].unwrap_err().offset(), 4);
}
