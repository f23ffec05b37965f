//! Checkpoints: the grammar's known answers, both input paths, the typed
//! buffers and the dispatch.

use clusctl::buffers::{
    self, Buffer, BufferFormat, CryptoCheckpointInput, CryptoCheckpoints, Direction,
    RegistryCheckpointInput, RegistryCheckpoints, Strictness,
};
use clusctl::checkpoint::{
    Checkpoint, CheckpointDeviation, ProviderCheck, ProviderType, RegistryKeyPath, Utf16Checkpoint,
    Utf16RegistryKeyPath,
};
use clusctl::multi_sz::Utf16LeStr;
use clusctl::{
    CheckpointErrorKind, ControlCode, DecodeErrorKind, ParseErrorKind, RegistryPathErrorKind, codes,
};

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Strict known answers: text, type, name, key.
const GOOD: &[(&str, u32, Option<&str>, &str)] = &[
    (
        r"1\Microsoft Base Cryptographic Provider v1.0\MyKey",
        1,
        Some("Microsoft Base Cryptographic Provider v1.0"),
        "MyKey",
    ),
    (r"1\\MyKey", 1, None, "MyKey"),
    (
        r"24\Microsoft Enhanced RSA and AES Cryptographic Provider\B",
        24,
        Some("Microsoft Enhanced RSA and AES Cryptographic Provider"),
        "B",
    ),
    (
        r"1\Microsoft Base Smart Card Crypto Provider\\\.\Reader 0\Container",
        1,
        Some("Microsoft Base Smart Card Crypto Provider"),
        r"\\.\Reader 0\Container",
    ),
    (
        r"1\\\\.\Reader 0\Container",
        1,
        None,
        r"\\.\Reader 0\Container",
    ),
    (
        "12\\\\Schl\u{fc}ssel \u{1F511}\u{10FFFF}",
        12,
        None,
        "Schl\u{fc}ssel \u{1F511}\u{10FFFF}",
    ),
    (r"999\P\K", 999, Some("P"), "K"),
    (r"1\ \ ", 1, Some(" "), " "),
    (r"1\\\", 1, None, "\\"),
];

#[test]
fn strict_known_answers_on_both_paths() {
    for &(text, ty, name, key) in GOOD {
        let c = Checkpoint::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(c.provider_type(), ProviderType::new(ty), "{text}");
        assert_eq!(c.provider_name(), name, "{text}");
        assert_eq!(c.key_container(), key, "{text}");
        assert_eq!(c.to_string(), text);
        assert_eq!(c.as_str(), text);
        assert!(c.is_strict());
        assert_eq!(c.type_text(), ty.to_string());

        // The UTF-16 path, at an offset inside a larger buffer.
        let bytes = [vec![0xAA, 0xBB], utf16le(text)].concat();
        let item =
            clusctl::MultiSz::decode(&[utf16le("x\0"), utf16le(text), vec![0, 0, 0, 0]].concat())
                .map(|l| l.iter().nth(1).unwrap().to_utf16())
                .unwrap();
        assert_eq!(item, text.encode_utf16().collect::<Vec<_>>());
        let u = Utf16Checkpoint::decode(Utf16LeStr::from_bytes(&bytes[2..]).unwrap()).unwrap();
        assert_eq!(u.provider_type(), ProviderType::new(ty));
        assert_eq!(
            u.provider_name().map(|n| n.to_string_lossy()),
            name.map(str::to_owned)
        );
        assert!(u.key_container() == key, "{text}");
        assert_eq!(u.to_buf().unwrap(), c.to_buf());
        assert_eq!(u.to_string(), text);
        assert!(u.type_text() == ty.to_string().as_str());
    }
}

#[test]
fn part_offsets_are_absolute_in_the_buffer() {
    let mut buffer = utf16le("A\0");
    let start = buffer.len();
    buffer.extend(utf16le(r"12\Prov\Key"));
    buffer.extend([0, 0, 0, 0]);
    let list = CryptoCheckpoints::decode(&buffer, Strictness::Strict).unwrap();
    let items: Vec<_> = list.iter().collect();
    let err = items[0].unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::Checkpoint(CheckpointErrorKind::InvalidTypeDigit)
    );
    assert_eq!(err.offset(), 0);
    let c = items[1].unwrap();
    assert_eq!(c.type_text().offset(), start);
    assert_eq!(c.provider_name().unwrap().offset(), start + 6);
    assert_eq!(c.key_container().offset(), start + 16);
}

/// Strict errors: text, kind, byte offset.
const BAD: &[(&str, CheckpointErrorKind, usize)] = &[
    ("", CheckpointErrorKind::EmptyType, 0),
    (r"\Prov\Key", CheckpointErrorKind::EmptyType, 0),
    ("1", CheckpointErrorKind::MissingNameSeparator, 1),
    (r"1\MyKey", CheckpointErrorKind::MissingKeySeparator, 7),
    (
        r"PROV_RSA_FULL\\Key",
        CheckpointErrorKind::InvalidTypeDigit,
        0,
    ),
    (r"+1\\Key", CheckpointErrorKind::InvalidTypeDigit, 0),
    (r"-1\\Key", CheckpointErrorKind::InvalidTypeDigit, 0),
    (r" 1\\Key", CheckpointErrorKind::InvalidTypeDigit, 0),
    (r"1 \\Key", CheckpointErrorKind::InvalidTypeDigit, 1),
    (r"0x1\\Key", CheckpointErrorKind::InvalidTypeDigit, 1),
    (r"4294967296\\Key", CheckpointErrorKind::TypeOverflow, 9),
    (r"99999999999\\Key", CheckpointErrorKind::TypeOverflow, 9),
    (r"1000\\Key", CheckpointErrorKind::TypeOutOfRange, 0),
    (r"0\\Key", CheckpointErrorKind::TypeOutOfRange, 0),
    (r"01\\Key", CheckpointErrorKind::LeadingZero, 0),
    (r"1\\", CheckpointErrorKind::EmptyKey, 3),
    (r"1\Prov\", CheckpointErrorKind::EmptyKey, 7),
    ("1\\\\K\0ey", CheckpointErrorKind::Nul, 4),
    ("\u{e9}\\\\K", CheckpointErrorKind::InvalidTypeDigit, 0),
    ("1\u{e9}\\\\K", CheckpointErrorKind::InvalidTypeDigit, 1),
];

#[test]
fn strict_errors_say_what_and_where_on_both_paths() {
    for &(text, kind, offset) in BAD {
        let err = Checkpoint::parse(text).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ParseErrorKind::Checkpoint(kind), offset),
            "{text:?}"
        );
        assert!(err.to_string().ends_with(&format!("at byte {offset}")));
        // UTF-16: the same kind, at the same character.
        let bytes = utf16le(text);
        let Ok(units) = Utf16LeStr::from_bytes(&bytes) else {
            // A NUL never reaches the UTF-16 grammar: it ends the string.
            assert_eq!(kind, CheckpointErrorKind::Nul);
            continue;
        };
        let err16 = Utf16Checkpoint::decode(units).unwrap_err();
        assert_eq!(err16.kind(), DecodeErrorKind::Checkpoint(kind), "{text:?}");
        let char_index = text[..offset].encode_utf16().count();
        assert_eq!(err16.offset(), 2 * char_index, "{text:?}");
    }
}

#[test]
fn lenient_parsing_keeps_the_text_and_reports() {
    let cases: &[(&str, u32, &[CheckpointDeviation])] = &[
        (r"001\\Key", 1, &[CheckpointDeviation::LeadingZeros]),
        (r"0\\Key", 0, &[CheckpointDeviation::TypeOutOfRange]),
        (
            r"4294967295\P\K",
            u32::MAX,
            &[CheckpointDeviation::TypeOutOfRange],
        ),
        (r"1\\", 1, &[CheckpointDeviation::EmptyKey]),
        (
            r"0000\\",
            0,
            &[
                CheckpointDeviation::LeadingZeros,
                CheckpointDeviation::TypeOutOfRange,
                CheckpointDeviation::EmptyKey,
            ],
        ),
        (r"1\\Key", 1, &[]),
    ];
    for &(text, ty, deviations) in cases {
        let c = Checkpoint::parse_lenient(text).unwrap();
        assert_eq!(c.to_string(), text);
        assert_eq!(c.provider_type().get(), ty);
        assert_eq!(c.deviations().collect::<Vec<_>>(), deviations, "{text}");
        assert_eq!(c.is_strict(), deviations.is_empty());
        assert_eq!(c.to_buf().to_string(), text);
        let bytes = utf16le(text);
        let u = Utf16Checkpoint::decode_lenient(Utf16LeStr::from_bytes(&bytes).unwrap()).unwrap();
        assert_eq!(u.deviations().collect::<Vec<_>>(), deviations);
        assert_eq!(u.provider_type().get(), ty);
    }
    for bad in [r"x\\K", "1", r"1\K", r"99999999999\\K"] {
        assert!(Checkpoint::parse_lenient(bad).is_err(), "{bad}");
    }
}

#[test]
fn provider_types_and_known_providers() {
    assert_eq!(ProviderType::NAMED.len(), 23);
    for t in ProviderType::NAMED {
        let name = t.name().unwrap();
        assert_eq!(ProviderType::from_name(name), Some(*t));
        assert_eq!(ProviderType::from_name(&name["PROV_".len()..]), Some(*t));
        assert!(t.is_acceptable());
    }
    assert_eq!(ProviderType::new(19).name(), None);
    assert_eq!(ProviderType::from_name("PROV_NOPE"), None);
    assert_eq!(
        format!("{:?}", ProviderType::DSS_DH),
        "ProviderType(13 PROV_DSS_DH)"
    );
    assert!(!ProviderType::new(0).is_acceptable() && ProviderType::new(999).is_acceptable());
    let c = Checkpoint::parse(r"1\Microsoft Base DSS Cryptographic Provider\K").unwrap();
    assert_eq!(
        c.check_provider(),
        ProviderCheck::WrongType {
            expected: ProviderType::DSS
        }
    );
    let c = Checkpoint::parse(r"1\microsoft strong cryptographic provider\K").unwrap();
    assert_eq!(c.check_provider(), ProviderCheck::Matches);
    assert_eq!(
        Checkpoint::parse(r"1\\K").unwrap().check_provider(),
        ProviderCheck::Default
    );
}

#[test]
fn checkpoint_buf_builds_parses_and_refuses() {
    use clusctl::checkpoint::CheckpointBuf;
    let c = CheckpointBuf::new(ProviderType::RSA_AES, Some("P"), r"a\b").unwrap();
    assert_eq!(c.to_string(), r"24\P\a\b");
    assert_eq!(c.provider_name(), Some("P"));
    assert_eq!(c.key_container(), r"a\b");
    assert_eq!(c.provider_type(), ProviderType::RSA_AES);
    assert_eq!(c.as_checkpoint().as_str(), c.as_str());
    assert_eq!("24\\P\\a\\b".parse::<CheckpointBuf>().unwrap(), c);
    let default = CheckpointBuf::new(ProviderType::RSA_FULL, Some(""), "K").unwrap();
    assert_eq!(default.provider_name(), None);
    let err = CheckpointBuf::new(ProviderType::RSA_FULL, Some(r"a\b"), "K").unwrap_err();
    assert_eq!(
        err.kind(),
        ParseErrorKind::Checkpoint(CheckpointErrorKind::MissingKeySeparator)
    );
    assert!(CheckpointBuf::new(ProviderType::new(0), None, "K").is_err());
    assert!(CheckpointBuf::new(ProviderType::RSA_FULL, None, "").is_err());
    assert!(CheckpointBuf::new(ProviderType::RSA_FULL, None, "K\0").is_err());
    assert!("01\\\\K".parse::<CheckpointBuf>().is_err());
}

#[test]
fn registry_paths() {
    for good in [
        r"SOFTWARE\Contoso",
        "SOFTWARE",
        r"A\B\C",
        "k\u{e9}y \u{1F511}",
    ] {
        let p = RegistryKeyPath::parse(good).unwrap();
        assert_eq!(p.to_string(), good);
        let bytes = utf16le(good);
        let u = Utf16RegistryKeyPath::decode(Utf16LeStr::from_bytes(&bytes).unwrap()).unwrap();
        assert_eq!(u.to_string(), good);
        assert_eq!(p.components().count(), good.split('\\').count());
    }
    let bad = [
        ("", RegistryPathErrorKind::Empty, 0),
        (r"\SOFTWARE", RegistryPathErrorKind::LeadingSeparator, 0),
        (r"SOFTWARE\\X", RegistryPathErrorKind::EmptyComponent, 9),
        (r"SOFTWARE\", RegistryPathErrorKind::EmptyComponent, 9),
        ("A\0", RegistryPathErrorKind::Nul, 1),
    ];
    for (text, kind, offset) in bad {
        let err = RegistryKeyPath::parse(text).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ParseErrorKind::RegistryPath(kind), offset),
            "{text:?}"
        );
    }
}

#[test]
fn crypto_checkpoint_buffers_round_trip() {
    let items: Vec<Checkpoint<'_>> = GOOD
        .iter()
        .map(|g| Checkpoint::parse(g.0).unwrap())
        .collect();
    let bytes = CryptoCheckpoints::to_vec(&items).unwrap();
    assert_eq!(bytes.len(), CryptoCheckpoints::encoded_len(&items));
    let list = CryptoCheckpoints::decode(&bytes, Strictness::Strict).unwrap();
    assert_eq!(list.len(), GOOD.len());
    assert!(list.deviations().is_empty());
    let decoded: Vec<Utf16Checkpoint<'_>> = list.iter().map(Result::unwrap).collect();
    assert_eq!(CryptoCheckpoints::to_vec(&decoded).unwrap(), bytes);
    let mut small = vec![0u8; bytes.len() - 1];
    let err = CryptoCheckpoints::encode_into(&items, &mut small).unwrap_err();
    assert_eq!(err.required(), Some(bytes.len()));

    for c in &items {
        let input = CryptoCheckpointInput::to_vec(c).unwrap();
        assert_eq!(input, [utf16le(c.as_str()), vec![0, 0]].concat());
        let back = CryptoCheckpointInput::decode(&input, Strictness::Strict).unwrap();
        assert_eq!(back.value().to_buf().unwrap(), c.to_buf());
        assert_eq!(CryptoCheckpointInput::to_vec(&back.value()).unwrap(), input);
        assert_eq!(back.as_bytes(), input);
        let mut small = vec![0u8; input.len() - 1];
        assert_eq!(
            CryptoCheckpointInput::encode_into(c, &mut small)
                .unwrap_err()
                .required(),
            Some(input.len())
        );
    }
}

#[test]
fn single_string_inputs_framing() {
    let good = [utf16le(r"1\\K"), vec![0, 0]].concat();
    let cases: [(Vec<u8>, DecodeErrorKind, usize); 4] = [
        (
            good[..good.len() - 1].to_vec(),
            DecodeErrorKind::OddLength,
            good.len() - 2,
        ),
        (
            good[..good.len() - 2].to_vec(),
            DecodeErrorKind::UnterminatedItem,
            0,
        ),
        (
            [good.clone(), vec![0, 0]].concat(),
            DecodeErrorKind::TrailingData,
            good.len(),
        ),
        (
            vec![0, 0],
            DecodeErrorKind::Checkpoint(CheckpointErrorKind::EmptyType),
            0,
        ),
    ];
    for (bytes, kind, offset) in cases {
        let err = CryptoCheckpointInput::decode(&bytes, Strictness::Strict).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (kind, offset), "{bytes:?}");
    }
    let (lenient, deviation) =
        CryptoCheckpointInput::decode_lenient(&good[..good.len() - 1]).unwrap();
    assert!(lenient.value().key_container() == "K");
    assert_eq!(
        deviation,
        Some(buffers::SzDeviation::Unterminated { offset: 8 })
    );
    let (_, deviation) =
        CryptoCheckpointInput::decode_lenient(&[good.clone(), vec![7]].concat()).unwrap();
    assert_eq!(
        deviation,
        Some(buffers::SzDeviation::TrailingData { offset: 10, len: 1 })
    );
    assert!(CryptoCheckpointInput::decode(&good[..8], Strictness::Lenient).is_ok());

    let path = [utf16le(r"SOFTWARE\Contoso"), vec![0, 0]].concat();
    let input = RegistryCheckpointInput::decode(&path, Strictness::Strict).unwrap();
    assert_eq!(input.value().to_string(), r"SOFTWARE\Contoso");
    let p = RegistryKeyPath::parse(r"SOFTWARE\Contoso").unwrap();
    assert_eq!(RegistryCheckpointInput::to_vec(&p).unwrap(), path);
    let bad = [utf16le(r"\SOFTWARE"), vec![0, 0]].concat();
    let err = RegistryCheckpointInput::decode(&bad, Strictness::Strict).unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::RegistryPath(RegistryPathErrorKind::LeadingSeparator)
    );
}

#[test]
fn registry_checkpoint_lists() {
    let paths: Vec<RegistryKeyPath<'_>> = [r"SOFTWARE\A", r"SYSTEM\B\C"]
        .iter()
        .map(|p| RegistryKeyPath::parse(p).unwrap())
        .collect();
    let bytes = RegistryCheckpoints::to_vec(&paths).unwrap();
    let list = RegistryCheckpoints::decode(&bytes, Strictness::Strict).unwrap();
    let got: Vec<String> = list.iter().map(|p| p.unwrap().to_string()).collect();
    assert_eq!(got, [r"SOFTWARE\A", r"SYSTEM\B\C"]);
    // A truncated capture: lenient recovers the first path and reports.
    let cut = &bytes[..bytes.len() - 6];
    assert!(RegistryCheckpoints::decode(cut, Strictness::Strict).is_err());
    let lenient = RegistryCheckpoints::decode(cut, Strictness::Lenient).unwrap();
    assert_eq!(lenient.len(), 2);
    assert!(!lenient.deviations().is_empty());
    assert!(format!("{lenient:?}").contains("deviations"));
}

#[test]
fn dispatch_by_code() {
    use Direction::{Input, Output};
    let expect = [
        (
            codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
            Input,
            Some(BufferFormat::Empty),
        ),
        (
            codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
            Output,
            Some(BufferFormat::CryptoCheckpoints),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT,
            Input,
            Some(BufferFormat::CryptoCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_DELETE_CRYPTO_CHECKPOINT,
            Input,
            Some(BufferFormat::CryptoCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT,
            Output,
            Some(BufferFormat::Empty),
        ),
        (
            codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS,
            Output,
            Some(BufferFormat::RegistryCheckpoints),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT,
            Input,
            Some(BufferFormat::RegistryCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT_32BIT,
            Input,
            Some(BufferFormat::RegistryCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT_64BIT,
            Input,
            Some(BufferFormat::RegistryCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_DELETE_REGISTRY_CHECKPOINT,
            Input,
            Some(BufferFormat::RegistryCheckpoint),
        ),
        (
            codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX,
            Input,
            None,
        ),
        (ControlCode::from(0x030000B5), Output, None),
        // Issue 10: every documented format is typed (tests/it/buffers.rs).
        (
            codes::CLUSCTL_RESOURCE_GET_CHARACTERISTICS,
            Output,
            Some(BufferFormat::Dword),
        ),
    ];
    for (code, direction, format) in expect {
        assert_eq!(
            buffers::format_of(code, direction),
            format,
            "{code} {direction:?}"
        );
    }
    let bytes = [utf16le(r"1\\K"), vec![0, 0, 0, 0]].concat();
    let code = codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS;
    match buffers::decode(code, Output, &bytes, Strictness::Strict).unwrap() {
        Buffer::CryptoCheckpoints(list) => assert_eq!(list.len(), 1),
        other => panic!("{other:?}"),
    }
    match buffers::decode(code, Input, &[], Strictness::Strict).unwrap() {
        Buffer::Empty => {}
        other => panic!("{other:?}"),
    }
    let err = buffers::decode(code, Input, &[1, 2], Strictness::Lenient).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (DecodeErrorKind::TrailingData, 0)
    );
    let unknown = codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX;
    match buffers::decode(unknown, Input, &[1, 2, 3], Strictness::Strict).unwrap() {
        Buffer::Unknown { code, bytes } => {
            assert_eq!(code, unknown);
            assert_eq!(bytes, [1, 2, 3]);
        }
        other => panic!("{other:?}"),
    }
    let add = codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT;
    let input = [utf16le(r"1\\K"), vec![0, 0]].concat();
    assert!(matches!(
        buffers::decode(add, Input, &input, Strictness::Strict),
        Ok(Buffer::CryptoCheckpoint(_))
    ));
    let reg = codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS;
    assert!(matches!(
        buffers::decode(reg, Output, &[0, 0], Strictness::Strict),
        Ok(Buffer::RegistryCheckpoints(_))
    ));
    let add_reg = codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT;
    let input = [utf16le("SOFTWARE"), vec![0, 0]].concat();
    assert!(matches!(
        buffers::decode(add_reg, Input, &input, Strictness::Strict),
        Ok(Buffer::RegistryCheckpoint(_))
    ));
    assert_eq!(
        BufferFormat::CryptoCheckpoints.label(),
        "crypto-checkpoints"
    );
}

mod properties {
    use super::*;
    use crate::strategies;
    use clusctl::checkpoint::CheckpointBuf;
    use proptest::prelude::*;

    /// The character index of a byte offset in UTF-8 text, as a UTF-16 byte
    /// offset.
    fn utf16_offset(text: &str, utf8_offset: usize) -> usize {
        2 * text[..utf8_offset].encode_utf16().count()
    }

    proptest! {
        #[test]
        fn display_of_parse_is_the_text(text in strategies::checkpoint_like_text()) {
            let strict = Checkpoint::parse(&text);
            let lenient = Checkpoint::parse_lenient(&text);
            if let Ok(c) = &strict {
                prop_assert_eq!(c.to_string(), text.clone());
                prop_assert_eq!(c.to_buf().to_string(), text.clone());
                // Lenient accepts a superset, with the same parts.
                let l = lenient.unwrap();
                prop_assert!(l.is_strict());
                prop_assert_eq!((l.provider_type(), l.provider_name(), l.key_container()),
                    (c.provider_type(), c.provider_name(), c.key_container()));
            }
            if let Ok(l) = &lenient {
                prop_assert_eq!(l.to_string(), text.clone());
                prop_assert_eq!(l.is_strict(), strict.is_ok());
            }
            for err in [strict.err(), lenient.err()].into_iter().flatten() {
                prop_assert!(err.offset() <= text.len());
                prop_assert!(text.is_char_boundary(err.offset()));
            }
        }

        #[test]
        fn the_str_and_utf16_paths_agree(text in strategies::checkpoint_like_text()) {
            let bytes = utf16le(&text);
            let Ok(units) = Utf16LeStr::from_bytes(&bytes) else {
                prop_assert!(text.contains('\0'));
                return Ok(());
            };
            for lenient in [false, true] {
                let (s, u) = if lenient {
                    (Checkpoint::parse_lenient(&text), Utf16Checkpoint::decode_lenient(units))
                } else {
                    (Checkpoint::parse(&text), Utf16Checkpoint::decode(units))
                };
                match (s, u) {
                    (Ok(s), Ok(u)) => {
                        prop_assert_eq!(u.to_buf().unwrap(), s.to_buf());
                        prop_assert_eq!(s.deviations().collect::<Vec<_>>(), u.deviations().collect::<Vec<_>>());
                    }
                    (Err(s), Err(u)) => {
                        let ParseErrorKind::Checkpoint(kind) = s.kind() else { panic!("{s:?}") };
                        prop_assert_eq!(u.kind(), DecodeErrorKind::Checkpoint(kind));
                        prop_assert_eq!(u.offset(), utf16_offset(&text, s.offset()));
                    }
                    (s, u) => prop_assert!(false, "{text:?}: {s:?} vs {u:?}"),
                }
            }
        }

        #[test]
        fn parse_of_display_is_the_checkpoint((ty, name, key) in strategies::checkpoint_parts()) {
            let c = CheckpointBuf::new(ProviderType::new(ty), name.as_deref(), &key).unwrap();
            let shown = c.to_string();
            prop_assert_eq!(shown.parse::<CheckpointBuf>().unwrap(), c.clone());
            prop_assert_eq!(c.provider_type().get(), ty);
            prop_assert_eq!(c.provider_name(), name.as_deref().filter(|n| !n.is_empty()));
            prop_assert_eq!(c.key_container(), key.as_str());
        }

        #[test]
        fn typed_buffers_round_trip(parts in proptest::collection::vec(strategies::checkpoint_parts(), 0..6)) {
            let items: Vec<CheckpointBuf> = parts
                .iter()
                .map(|(t, n, k)| CheckpointBuf::new(ProviderType::new(*t), n.as_deref(), k).unwrap())
                .collect();
            let bytes = CryptoCheckpoints::to_vec(&items).unwrap();
            let list = CryptoCheckpoints::decode(&bytes, Strictness::Strict).unwrap();
            let back: Vec<CheckpointBuf> = list.iter().map(|c| c.unwrap().to_buf().unwrap()).collect();
            prop_assert_eq!(&back, &items);
            let decoded: Vec<Utf16Checkpoint<'_>> = list.iter().map(Result::unwrap).collect();
            prop_assert_eq!(CryptoCheckpoints::to_vec(&decoded).unwrap(), bytes);
            for c in &items {
                let input = CryptoCheckpointInput::to_vec(c).unwrap();
                let value = CryptoCheckpointInput::decode(&input, Strictness::Strict).unwrap().value();
                prop_assert_eq!(CryptoCheckpointInput::to_vec(&value).unwrap(), input);
            }
        }

        #[test]
        fn typed_buffer_decoders_never_panic(bytes in strategies::multi_sz_bytes(), code in any::<u32>()) {
            for direction in [Direction::Input, Direction::Output] {
                for strictness in [Strictness::Strict, Strictness::Lenient] {
                    for code in [ControlCode::from(code), codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
                                 codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT,
                                 codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS,
                                 codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT] {
                        match buffers::decode(code, direction, &bytes, strictness) {
                            Err(e) => prop_assert!(e.offset() <= bytes.len()),
                            Ok(Buffer::CryptoCheckpoints(list)) => {
                                for e in list.iter().filter_map(Result::err) {
                                    prop_assert!(e.offset() <= bytes.len());
                                }
                            }
                            Ok(Buffer::RegistryCheckpoints(list)) => {
                                for e in list.iter().filter_map(Result::err) {
                                    prop_assert!(e.offset() <= bytes.len());
                                }
                            }
                            Ok(_) => {}
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn list_and_single_accessors() {
    let empty = CryptoCheckpoints::decode(&[0, 0], Strictness::Strict).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.iter().size_hint(), (0, Some(0)));
    let bytes = [
        utf16le(r"1\\A"),
        vec![0, 0],
        utf16le(r"1\\B"),
        vec![0, 0, 0, 0],
    ]
    .concat();
    let two = CryptoCheckpoints::decode(&bytes, Strictness::Strict).unwrap();
    assert!(!two.is_empty());
    assert_eq!(two.iter().size_hint(), (2, Some(2)));
    assert_eq!(two.iter().len(), 2);
    assert_eq!(two.as_bytes(), bytes);

    let good = [utf16le(r"1\\K"), vec![0, 0]].concat();
    let (_, none) = CryptoCheckpointInput::decode_lenient(&good).unwrap();
    assert_eq!(none, None);
    let (_, three) =
        CryptoCheckpointInput::decode_lenient(&[good.clone(), vec![1, 2, 3]].concat()).unwrap();
    assert_eq!(
        three,
        Some(buffers::SzDeviation::TrailingData { offset: 10, len: 3 })
    );

    let strict = Utf16Checkpoint::decode(Utf16LeStr::from_bytes(&good[..8]).unwrap()).unwrap();
    assert!(strict.is_strict());
    let loose_bytes = utf16le(r"01\\K");
    let loose =
        Utf16Checkpoint::decode_lenient(Utf16LeStr::from_bytes(&loose_bytes).unwrap()).unwrap();
    assert!(!loose.is_strict());

    // A bad registry path after a good one: the offset is absolute.
    let paths = [
        utf16le("SOFTWARE"),
        vec![0, 0],
        utf16le(r"A\\B"),
        vec![0, 0, 0, 0],
    ]
    .concat();
    let list = RegistryCheckpoints::decode(&paths, Strictness::Strict).unwrap();
    let errors: Vec<_> = list.iter().filter_map(Result::err).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].offset(), 18 + 4);
    assert_eq!(
        errors[0].kind(),
        DecodeErrorKind::RegistryPath(RegistryPathErrorKind::EmptyComponent)
    );
    assert_eq!(u32::from(ProviderType::from(24)), 24);
}
