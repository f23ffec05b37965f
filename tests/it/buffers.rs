//! The buffer dispatch against its data: the generated table, every row of
//! data/formats.tsv decoded to its typed variant and re-encoded byte for
//! byte, and format_of for every documented code.

#[path = "../../tools/gen_formats.rs"]
#[allow(dead_code, unreachable_pub)]
mod gen_formats;

use std::path::Path;

const FORMATS_TSV: &str = include_str!("../../data/formats.tsv");
const STRUCTS_TSV: &str = include_str!("../../data/structs.tsv");

#[test]
fn generated_table_matches_data() {
    let table = gen_formats::generate(FORMATS_TSV, STRUCTS_TSV).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/buffers/table.rs");
    if std::env::var_os("CLUSCTL_BLESS").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == table,
        "{} is out of date with data/formats.tsv and data/structs.tsv: run \
         `CLUSCTL_BLESS=1 cargo test --all-features --test it generated_table_matches_data`",
        path.display()
    );
}

use clusctl::ControlCode;
use clusctl::buffers::{
    self, Buffer, BufferFormat, Dependency, Direction, FieldType, FieldValue, Strictness,
    StructLayout,
};
use clusctl::clusprop::{
    PropertyFormat, PropertyList, PropertyListBuf, Syntax, ValueBuf, ValueListBuf,
};

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Valid buffers of one struct layout: one per accepted size (a tail gets
/// a well-formed few bytes).
fn struct_samples(layout: &StructLayout) -> Vec<Vec<u8>> {
    let pattern = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|i| u8::try_from((i * 7 + 1) % 251).unwrap())
            .collect()
    };
    if !layout.has_tail() {
        return layout.sizes().iter().map(|&n| pattern(n)).collect();
    }
    let mut bytes = pattern(layout.min_size());
    let tail = match layout.fields().last().map(|f| f.ty()) {
        Some(FieldType::TextTail | FieldType::Utf16Tail) => utf16("Node1\0x"),
        Some(FieldType::MultiSzTail) => utf16("Node1\0Node2\0\0"),
        Some(FieldType::Array(record)) => pattern(2 * record.min_size()),
        _ => vec![0xAB, 0xCD, 0xEF],
    };
    bytes.extend(tail);
    vec![bytes]
}

/// Valid buffers of one simple format token, or None for the list
/// formats (built with clusprop's builders below).
fn samples(token: &str) -> Vec<Vec<u8>> {
    if let Some(name) = token.strip_prefix("struct:") {
        let layout = buffers::struct_layout(name).unwrap_or_else(|| panic!("no layout {name}"));
        return struct_samples(layout);
    }
    let one = |b: Vec<u8>| vec![b];
    match token {
        "none" => one(Vec::new()),
        "sz" => one(utf16("Cluster Name\0")),
        // The three empty forms (MS-DTYP leaves it open) keep their form.
        "multi-sz" => vec![
            utf16("Name\0Description\0\0"),
            vec![],
            vec![0, 0],
            vec![0, 0, 0, 0],
        ],
        "crypto-checkpoints" => vec![utf16("1\\MS Provider\\Key\0\0"), vec![0, 0, 0, 0]],
        "crypto-checkpoint" => one(utf16("1\\\\Key\0")),
        "registry-checkpoints" => vec![utf16("SOFTWARE\\Contoso\0\0"), vec![], vec![0, 0]],
        "registry-checkpoint" => one(utf16("SOFTWARE\\Contoso\0")),
        "dword" => one(vec![1, 2, 3, 4]),
        "dword-array" => one(vec![1, 0, 0, 0, 2, 0, 0, 0]),
        "ularge" | "filetime" => one((0x01D9_0000_1234_5678u64).to_le_bytes().to_vec()),
        "guid" => one((1..=16).collect()),
        "bytes" => one(vec![0xDE, 0xAD, 0xBE]),
        "dword+sz" => {
            let mut b = vec![7, 0, 0, 0];
            b.extend(utf16("Node2\0"));
            one(b)
        }
        "dword+ularge" => one((1..=12).collect()),
        other => list_samples(other),
    }
}

fn properties(endmark: bool) -> PropertyListBuf {
    let mut list = PropertyListBuf::new();
    list.push_sz("Name", "Cluster IP Address")
        .unwrap()
        .push_dword("RestartAction", 2)
        .unwrap()
        .push_multi_sz("PossibleOwners", ["NODE1", "NODE2"])
        .unwrap()
        .push(
            "Path",
            [
                ValueBuf::expand_sz("%SystemRoot%\\cluster").unwrap(),
                ValueBuf::expanded_sz("C:\\Windows\\cluster").unwrap(),
            ],
        )
        .unwrap()
        .push_ularge("DeadlockTimeout", 300_000)
        .unwrap()
        .push_binary("Blob", &[1, 2, 3])
        .unwrap()
        .push(
            "UserDefined",
            [ValueBuf::new(Syntax::new(0x8000_8001), vec![9, 8, 7, 6, 5]).unwrap()],
        )
        .unwrap();
    list.set_endmark(endmark);
    list
}

fn disk(signature: u32, number: u32) -> Vec<ValueBuf> {
    vec![
        ValueBuf::new(Syntax::DISK_SIGNATURE, signature.to_le_bytes()).unwrap(),
        ValueBuf::new(Syntax::SCSI_ADDRESS, [1, 0, 2, 0]).unwrap(),
        ValueBuf::new(Syntax::DISK_NUMBER, number.to_le_bytes()).unwrap(),
        ValueBuf::new(Syntax::DISK_SIZE, (1u64 << 40).to_le_bytes()).unwrap(),
    ]
}

fn value_list(values: impl IntoIterator<Item = ValueBuf>) -> Vec<u8> {
    let mut list = ValueListBuf::new();
    for value in values {
        list.push(value);
    }
    list.to_vec()
}

/// The list formats: built with the clusprop builders.
fn list_samples(token: &str) -> Vec<Vec<u8>> {
    match token {
        "property-list" => vec![
            properties(true).to_vec(),
            properties(false).to_vec(),
            PropertyListBuf::new().to_vec(),
        ],
        "property-formats" => {
            let mut list = PropertyListBuf::new();
            for (name, format) in [
                ("Name", PropertyFormat::SZ),
                ("Flags", PropertyFormat::DWORD),
            ] {
                list.push_word(name, format.get()).unwrap();
            }
            let with = list.to_vec();
            list.set_endmark(false);
            vec![with, list.to_vec()]
        }
        "value-list" => vec![
            value_list([
                ValueBuf::dword(7),
                ValueBuf::sz("text").unwrap(),
                ValueBuf::binary(&[0xAA; 5]),
            ]),
            value_list([]),
        ],
        "required-dependencies" => vec![
            value_list([
                ValueBuf::new(Syntax::RESCLASS, 1u32.to_le_bytes()).unwrap(),
                ValueBuf::string(Syntax::NAME, "IP Address").unwrap(),
                ValueBuf::new(Syntax::RESCLASS, [2, 0, 0, 0, 0, 0, 0, 0x80]).unwrap(),
            ]),
            value_list([]),
        ],
        "storage-disks" => vec![
            // One ENDMARK after all disks (docs), and one list per disk (MS-CMRP).
            value_list(disk(0x1234, 1).into_iter().chain(disk(0x5678, 2))),
            [value_list(disk(0x1234, 1)), value_list(disk(0x5678, 2))].concat(),
            value_list([]),
        ],
        other => panic!("no sample builder for {other}"),
    }
}

struct Row {
    name: String,
    value: u32,
    formats: [String; 2],
}

fn rows() -> Vec<Row> {
    gen_formats::parse_formats(FORMATS_TSV)
        .unwrap()
        .into_iter()
        .map(|r| Row {
            name: r.name,
            value: r.value,
            formats: [r.input, r.output],
        })
        .collect()
}

const DIRECTIONS: [Direction; 2] = [Direction::Input, Direction::Output];

#[test]
fn every_row_decodes_to_its_typed_variant_and_re_encodes() {
    let mut checked = 0;
    for row in rows() {
        let code = ControlCode::new(row.value);
        for (direction, text) in DIRECTIONS.into_iter().zip(&row.formats) {
            let known = buffers::format_of(code, direction);
            for token in text.split('|').filter(|t| *t != "unknown") {
                let known =
                    known.unwrap_or_else(|| panic!("{} {direction:?}: no format", row.name));
                let expected = known
                    .alternatives()
                    .iter()
                    .copied()
                    .find(|f| display_token(*f) == token)
                    .unwrap_or_else(|| {
                        panic!("{} {direction:?}: {token} not in {known}", row.name)
                    });
                for bytes in samples(token) {
                    let at = format!("{} {direction:?} {token} {bytes:02x?}", row.name);
                    // Through the code: a typed variant, one of the code's formats.
                    let buffer = buffers::decode(code, direction, &bytes, Strictness::Strict)
                        .unwrap_or_else(|e| panic!("{at}: {e}"));
                    let got = buffer.format().unwrap_or_else(|| panic!("{at}: Unknown"));
                    assert!(
                        known.alternatives().contains(&got),
                        "{at}: decoded as {got}"
                    );
                    assert_eq!(buffer.to_vec().unwrap(), bytes, "{at}: re-encoding");
                    // As the row's own format: exactly that variant.
                    let buffer = buffers::decode_as(expected, &bytes, Strictness::Strict)
                        .unwrap_or_else(|e| panic!("{at}: {e}"));
                    assert_eq!(buffer.format(), Some(expected), "{at}");
                    assert_eq!(buffer.encoded_len(), bytes.len(), "{at}");
                    let mut out = vec![0u8; bytes.len()];
                    assert_eq!(buffer.encode_into(&mut out), Ok(bytes.len()), "{at}");
                    assert_eq!(out, bytes, "{at}: re-encoding");
                    if !bytes.is_empty() {
                        let err = buffer.encode_into(&mut out[1..]).unwrap_err();
                        assert_eq!(err.required(), Some(bytes.len()), "{at}");
                    }
                    // Lenient decoding of a valid buffer is the strict one.
                    let lenient = buffers::decode_as(expected, &bytes, Strictness::Lenient)
                        .unwrap_or_else(|e| panic!("{at}: lenient {e}"));
                    assert_eq!(lenient.to_vec().unwrap(), bytes, "{at}: lenient");
                    #[cfg(feature = "serde")]
                    {
                        let doc = serde_json::to_value(&lenient).unwrap();
                        assert_eq!(doc["format"], expected.to_string(), "{at}");
                        assert_eq!(doc["deviations"], serde_json::json!([]), "{at}");
                        let items = doc["items"].as_array().unwrap().len();
                        assert_eq!(doc["count"], items, "{at}");
                    }
                    mutants(code, direction, &bytes);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked} buffers checked");
}

/// Flipped bytes: whatever strict decoding still accepts re-encodes to
/// the same bytes, and nothing panics in either mode.
fn mutants(code: ControlCode, direction: Direction, bytes: &[u8]) {
    let positions = (0..bytes.len().min(40)).chain((40..bytes.len()).step_by(37));
    for i in positions {
        for flip in [0xFF, 0x01] {
            let mut m = bytes.to_vec();
            m[i] ^= flip;
            if let Ok(buffer) = buffers::decode(code, direction, &m, Strictness::Strict) {
                assert_eq!(
                    buffer.to_vec().unwrap(),
                    m,
                    "{code} {direction:?}: byte {i} ^ {flip:#x}"
                );
            }
            if let Ok(buffer) = buffers::decode(code, direction, &m, Strictness::Lenient) {
                let _ = buffer.to_vec().unwrap();
            }
        }
    }
}

/// The data token of a format (the data says `none` where Display says
/// `empty`).
fn display_token(format: BufferFormat) -> String {
    match format {
        BufferFormat::Empty => "none".to_owned(),
        other => other.to_string(),
    }
}

#[test]
fn format_of_answers_for_every_documented_code() {
    let mut documented = 0;
    let mut typed = std::collections::BTreeSet::new();
    for row in rows() {
        let code = ControlCode::new(row.value);
        for (direction, text) in DIRECTIONS.into_iter().zip(&row.formats) {
            let format = buffers::format_of(code, direction);
            if text == "unknown" {
                continue;
            }
            documented += 1;
            let format = format.unwrap_or_else(|| panic!("{} {direction:?}", row.name));
            for token in text.split('|').filter(|t| *t != "unknown") {
                assert!(
                    format
                        .alternatives()
                        .iter()
                        .any(|f| display_token(*f) == token),
                    "{} {direction:?}: {token} not in {format}",
                    row.name
                );
            }
            typed.insert(row.name.clone());
        }
    }
    // 356 rows; 45 are unknown both ways and 5 one way (CLUSPROP.md §7).
    assert_eq!(documented, 2 * 356 - 2 * 45 - 5);
    assert_eq!(typed.len(), 356 - 45);
}

#[test]
fn undocumented_codes_stay_unknown_with_their_bytes() {
    let code = clusctl::codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX;
    for direction in DIRECTIONS {
        assert_eq!(buffers::format_of(code, direction), None);
        let bytes = [1, 2, 3];
        let buffer = buffers::decode(code, direction, &bytes, Strictness::Strict).unwrap();
        assert!(matches!(buffer, Buffer::Unknown { bytes: b, .. } if b == bytes));
        assert_eq!(buffer.to_vec().unwrap(), bytes);
    }
    // Half-documented: the input of STORAGE_GET_DISKID is unknown, its output a struct.
    let code = clusctl::codes::CLUSCTL_RESOURCE_STORAGE_GET_DISKID;
    assert_eq!(buffers::format_of(code, Direction::Input), None);
    assert_eq!(
        buffers::format_of(code, Direction::Output)
            .unwrap()
            .to_string(),
        "struct:CLUSDSK_DISKID"
    );
}

#[test]
fn fixed_sizes_are_checked_with_offsets() {
    use clusctl::DecodeErrorKind::{TrailingData, Truncated};
    let flags = clusctl::codes::CLUSCTL_RESOURCE_GET_FLAGS;
    let class = clusctl::codes::CLUSCTL_RESOURCE_GET_CLASS_INFO;
    for (code, bytes, kind, offset) in [
        (flags, &[1u8, 0, 0][..], Truncated, 3),
        (flags, &[1, 0, 0, 0, 0][..], TrailingData, 4),
        (class, &[1, 0, 0, 0][..], Truncated, 4),
        (class, &[0; 9][..], TrailingData, 8),
    ] {
        for strictness in [Strictness::Strict, Strictness::Lenient] {
            let err = buffers::decode(code, Direction::Output, bytes, strictness).unwrap_err();
            assert_eq!(
                (err.kind(), err.offset()),
                (kind, offset),
                "{code} {bytes:?}"
            );
        }
    }
    // A tail of records must hold whole records.
    let drives = clusctl::codes::CLUSCTL_RESOURCE_POOL_GET_DRIVE_INFO;
    let err =
        buffers::decode(drives, Direction::Output, &[0; 2601], Strictness::Strict).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (Truncated, 2600));
    let Buffer::Struct(s) =
        buffers::decode(drives, Direction::Output, &[0; 5200], Strictness::Strict).unwrap()
    else {
        panic!()
    };
    let Some(buffers::FieldValue::Records(records)) = s.get("Drives") else {
        panic!()
    };
    assert_eq!(records.len(), 2);
    assert_eq!(records.iter().nth(1).unwrap().offset(), 2600);
}

/// The synthetic sample buffers in tests/data: their recipe. With
/// `CLUSCTL_BLESS=1` the files are (re)written; otherwise they must match.
fn sample_recipes() -> Vec<(&'static str, Vec<u8>)> {
    // A resource's GET_COMMON_PROPERTIES answer: the common properties of an
    // "IP Address" resource with the documented defaults (MS-CMRP 3.1.4.3.1.10;
    // docs "Resource Common Properties"), list-level ENDMARK as Windows sends it.
    let mut common = PropertyListBuf::new();
    common
        .push_sz("Name", "Cluster IP Address")
        .unwrap()
        .push_sz("Type", "IP Address")
        .unwrap()
        .push_sz("Description", "")
        .unwrap()
        .push_sz("DebugPrefix", "")
        .unwrap();
    for (name, value) in [
        ("SeparateMonitor", 0),
        ("PersistentState", 1),
        ("LooksAlivePollInterval", 5000),
        ("IsAlivePollInterval", 60000),
        ("RestartAction", 2),
        ("RestartThreshold", 1),
        ("RestartPeriod", 900_000),
        ("RestartDelay", 500),
        ("RetryPeriodOnFailure", 3_600_000),
        ("PendingTimeout", 180_000),
        ("DeadlockTimeout", 300_000),
        ("MonitorProcessId", 2_484),
    ] {
        common.push_dword(name, value).unwrap();
    }
    common
        .push_ularge("ResourceSpecificData1", 0)
        .unwrap()
        .push_multi_sz("PossibleOwners", ["NODE1", "NODE2"])
        .unwrap();
    // A resource type's GET_REQUIRED_DEPENDENCIES answer ("File Server"):
    // a storage-class resource (RESCLASS, 4 bytes as in docs
    // creating-value-lists.md) and a "Network Name" resource (NAME).
    let dependencies = value_list([
        ValueBuf::new(Syntax::RESCLASS, 1u32.to_le_bytes()).unwrap(),
        ValueBuf::string(Syntax::NAME, "Network Name").unwrap(),
    ]);
    // A physical disk's STORAGE_GET_DISK_INFO answer: signature, SCSI
    // address, disk number, size, and one CLUS_PARTITION_INFO (1120 bytes,
    // MS-CMRP 2.2.3.9) for an NTFS volume.
    let mut partition = vec![0u8; 1120];
    let mut put = |at: usize, bytes: &[u8]| partition[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, &(1u32 | 4 | 0x10).to_le_bytes()); // STICKY | USABLE | USABLE_FOR_CSV
    put(4, &utf16("\\Device\\Harddisk1\\Partition1"));
    put(524, &utf16("ClusterData"));
    put(1044, &0x5A3C_1F20u32.to_le_bytes());
    put(1048, &255u32.to_le_bytes());
    put(1052, &0x03E7_00FFu32.to_le_bytes());
    put(1056, &utf16("NTFS"));
    let disk_info = value_list([
        ValueBuf::new(Syntax::DISK_SIGNATURE, 0x9C3F_51A2u32.to_le_bytes()).unwrap(),
        ValueBuf::new(Syntax::SCSI_ADDRESS, [2, 0, 1, 0]).unwrap(),
        ValueBuf::new(Syntax::DISK_NUMBER, 1u32.to_le_bytes()).unwrap(),
        ValueBuf::new(Syntax::DISK_SIZE, (64u64 << 30).to_le_bytes()).unwrap(),
        ValueBuf::new(Syntax::PARTITION_INFO, partition).unwrap(),
    ]);
    vec![
        ("get_common_properties.bin", common.to_vec()),
        ("get_required_dependencies.bin", dependencies),
        ("storage_get_disk_info.bin", disk_info),
    ]
}

#[test]
fn sample_buffers_match_their_recipe() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for (file, bytes) in sample_recipes() {
        let path = dir.join(file);
        if std::env::var_os("CLUSCTL_BLESS").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert_eq!(
            std::fs::read(&path).unwrap_or_default(),
            bytes,
            "{file}: run `CLUSCTL_BLESS=1 cargo test --all-features --test it sample_buffers_match_their_recipe`"
        );
    }
}

#[test]
fn narrower_lists_check_their_rule_in_strict_mode_only() {
    use clusctl::{ClusPropErrorKind, DecodeErrorKind};
    let unexpected = DecodeErrorKind::ClusProp(ClusPropErrorKind::UnexpectedSyntax);
    // A FMTS list whose property holds a DWORD instead of a WORD.
    let mut bad = PropertyListBuf::new();
    bad.push_word("Name", 3)
        .unwrap()
        .push_dword("Flags", 2)
        .unwrap();
    let bytes = bad.to_vec();
    let fmts = clusctl::codes::CLUSCTL_CLUSTER_GET_COMMON_PROPERTY_FMTS;
    let err = buffers::decode(fmts, Direction::Output, &bytes, Strictness::Strict).unwrap_err();
    let second_value = PropertyList::decode(&bytes)
        .unwrap()
        .iter()
        .nth(1)
        .unwrap()
        .value()
        .unwrap();
    assert_eq!(
        (err.kind(), err.offset()),
        (unexpected, second_value.offset())
    );
    let Buffer::PropertyFormats(lenient) =
        buffers::decode(fmts, Direction::Output, &bytes, Strictness::Lenient).unwrap()
    else {
        panic!()
    };
    let formats: Vec<_> = lenient.iter().map(|(_, f)| f).collect();
    assert_eq!(formats, [Some(PropertyFormat::SZ), None]);

    // A dependency list with a DWORD in it.
    let bytes = value_list([
        ValueBuf::string(Syntax::NAME, "IP Address").unwrap(),
        ValueBuf::dword(1),
    ]);
    let deps = clusctl::codes::CLUSCTL_RESOURCE_GET_REQUIRED_DEPENDENCIES;
    let err = buffers::decode(deps, Direction::Output, &bytes, Strictness::Strict).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (unexpected, 32));
    let Buffer::RequiredDependencies(lenient) =
        buffers::decode(deps, Direction::Output, &bytes, Strictness::Lenient).unwrap()
    else {
        panic!()
    };
    let all: Vec<_> = lenient.iter().collect();
    assert!(matches!(all[0], Dependency::TypeName(n) if n == "IP Address"));
    assert!(matches!(all[1], Dependency::Other(v) if v.dword().unwrap() == 1));

    // A disk list that does not start with a signature or GUID.
    let bytes = value_list(disk(1, 2).into_iter().skip(1));
    let disks = clusctl::codes::CLUSCTL_RESOURCE_STORAGE_GET_DISK_INFO_EX;
    let err = buffers::decode(disks, Direction::Output, &bytes, Strictness::Strict).unwrap_err();
    assert_eq!((err.kind(), err.offset()), (unexpected, 0));
}

#[test]
fn storage_disks_group_values_per_disk_in_both_layouts() {
    let disks = clusctl::codes::CLUSCTL_RESOURCE_TYPE_STORAGE_GET_AVAILABLE_DISKS_EX;
    let one = value_list(disk(0x11, 1).into_iter().chain(disk(0x22, 2)));
    let per_disk = [value_list(disk(0x11, 1)), value_list(disk(0x22, 2))].concat();
    for (bytes, lists) in [(&one, 1), (&per_disk, 2)] {
        let Buffer::StorageDisks(d) =
            buffers::decode(disks, Direction::Output, bytes, Strictness::Strict).unwrap()
        else {
            panic!()
        };
        assert_eq!(d.lists().count(), lists);
        let groups: Vec<Vec<_>> = d.disks().map(|g| g.values().collect()).collect();
        assert_eq!(groups.len(), 2);
        for (group, (signature, number)) in groups.iter().zip([(0x11, 1), (0x22, 2)]) {
            assert_eq!(group.len(), 4);
            assert_eq!(group[0].disk_signature().unwrap(), signature);
            assert_eq!(group[2].disk_number().unwrap(), number);
        }
        // Offsets are in the whole buffer: each value's entry is there.
        for value in d.values() {
            let at = value.offset();
            assert_eq!(&bytes[at..at + 4], &value.syntax().get().to_le_bytes());
        }
    }
    // Empty: one ENDMARK, no disk.
    let Buffer::StorageDisks(d) =
        buffers::decode(disks, Direction::Output, &[0, 0, 0, 0], Strictness::Strict).unwrap()
    else {
        panic!()
    };
    assert_eq!(d.disks().count(), 0);
}

#[test]
fn every_truncation_of_a_property_list_buffer_is_an_error_or_a_recovery() {
    let code = clusctl::codes::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES;
    let bytes = properties(true).to_vec();
    let without = properties(false).to_vec();
    for cut in 0..bytes.len() {
        let part = &bytes[..cut];
        match buffers::decode(code, Direction::Output, part, Strictness::Strict) {
            // Cutting the trailer off leaves the other valid form.
            Ok(_) => assert_eq!(part, &without[..], "cut {cut}"),
            Err(err) => assert!(err.offset() <= cut, "cut {cut}: {err}"),
        }
        let Buffer::PropertyList(list) =
            buffers::decode(code, Direction::Output, part, Strictness::Lenient).unwrap()
        else {
            panic!("cut {cut}")
        };
        if part != &without[..] {
            assert!(!list.deviations().is_empty(), "cut {cut}");
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn buffers_serialize_to_the_documented_json() {
    use serde_json::json;
    let code = clusctl::codes::CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES;
    let bytes = properties(true).to_vec();
    let buffer = buffers::decode(code, Direction::Output, &bytes, Strictness::Strict).unwrap();
    let doc = serde_json::to_value(&buffer).unwrap();
    assert_eq!(doc["format"], "property-list");
    assert_eq!(doc["count"], 7);
    assert_eq!(doc["endmark"], true);
    assert_eq!(doc["deviations"], json!([]));
    let path = &doc["items"][3];
    assert_eq!(path["name"], "Path");
    assert_eq!(
        path["values"][0]["syntax"],
        "CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ"
    );
    assert_eq!(path["values"][1]["value"], "C:\\Windows\\cluster");
    assert_eq!(doc["items"][4]["values"][0]["value"], 300_000);
    assert_eq!(doc["items"][5]["values"][0]["hex"], "010203");
    assert_eq!(doc["items"][6]["values"][0]["syntax"], "0x80008001");
    assert_eq!(doc["items"][6]["values"][0]["hex"], "0908070605");

    // Lenient recovery lists its deviations with offsets.
    let cut = &bytes[..bytes.len() - 10];
    let buffer = buffers::decode(code, Direction::Output, cut, Strictness::Lenient).unwrap();
    let doc = serde_json::to_value(&buffer).unwrap();
    let deviation = &doc["deviations"][0];
    assert!(deviation["offset"].as_u64().unwrap() < cut.len() as u64);
    assert!(deviation["message"].as_str().unwrap().contains("byte"));

    // Structs, numbers and unknown buffers.
    let class = clusctl::codes::CLUSCTL_GROUP_GET_LAST_MOVE_TIME;
    let mut raw = vec![0u8; 32];
    raw[0] = 7;
    raw[8..10].copy_from_slice(&2024u16.to_le_bytes());
    raw[24] = 3;
    let buffer = buffers::decode(class, Direction::Output, &raw, Strictness::Strict).unwrap();
    let doc = serde_json::to_value(&buffer).unwrap();
    assert_eq!(doc["struct"], "CLUSCTL_GROUP_GET_LAST_MOVE_TIME_OUTPUT");
    assert_eq!(
        doc["items"][0],
        json!({"offset": 0, "name": "GetTickCount64", "type": "u64", "value": 7})
    );
    assert_eq!(doc["items"][1]["value"]["year"], 2024);
    assert_eq!(doc["items"][2]["value"], 3);
    assert_eq!(doc["items"][3]["value"], "00000000");
    let unknown = clusctl::codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX;
    let buffer = buffers::decode(unknown, Direction::Input, &[0xAB], Strictness::Strict).unwrap();
    assert_eq!(
        serde_json::to_value(&buffer).unwrap(),
        json!({"format": "unknown", "hex": "ab", "count": 0, "items": [], "deviations": []})
    );
}

#[test]
fn the_tables_are_sorted_for_their_lookups() {
    let values: Vec<u32> = buffers::documented().map(|(c, _, _)| c.value()).collect();
    assert!(values.windows(2).all(|w| w[0] < w[1]));
    // The 356 names share 342 values; 297 of them have a documented format.
    assert_eq!(values.len(), 342);
    let typed = buffers::documented()
        .filter(|(_, input, output)| input.is_some() || output.is_some())
        .count();
    assert_eq!(typed, 297);
    for row in gen_formats::parse_structs(STRUCTS_TSV).unwrap() {
        let layout = buffers::struct_layout(&row.name).unwrap();
        assert_eq!(layout.name(), row.name);
        assert_eq!(layout.fields().len(), row.fields.len(), "{}", row.name);
        let format: BufferFormat = format!("struct:{}", row.name).parse().unwrap();
        assert_eq!(format, BufferFormat::Struct(layout));
    }
}

/// A value for every field type, or None for a record tail (left empty).
fn field_sample(ty: FieldType, i: u32) -> Option<FieldValue<'static>> {
    const TEXT: &[u8] = b"N\0o\0d\0e\0";
    const UNITS: &[u8] = b"a\0\0\0b\0";
    const MULTI: &[u8] = b"A\0\0\0B\0\0\0\0\0";
    Some(match ty {
        FieldType::U8 => FieldValue::Uint(i % 2),
        FieldType::Bool8 => FieldValue::Bool(i % 2),
        FieldType::U16 => FieldValue::Uint(0x1234 + i),
        FieldType::U32 => FieldValue::Uint(0x8000_0000 + i),
        FieldType::Bool32 => FieldValue::Bool(1),
        FieldType::U64 => FieldValue::Uint64(0x1_0000_0000 + u64::from(i)),
        FieldType::Guid => FieldValue::Guid(clusctl::clusprop::Guid::from_bytes([i as u8; 16])),
        FieldType::SystemTime => FieldValue::SystemTime([2024, 11, 3, 25, 18, 30, 0, i as u16]),
        FieldType::WcharArray(_) | FieldType::TextTail => {
            FieldValue::Text(clusctl::Utf16LeStr::from_bytes(TEXT).unwrap())
        }
        FieldType::Bytes(n) => FieldValue::Bytes(&[0xA5; 8][..n.min(8)]),
        FieldType::Utf16Tail => FieldValue::Utf16(UNITS),
        FieldType::MultiSzTail => FieldValue::MultiSz(clusctl::MultiSz::decode(MULTI).unwrap()),
        FieldType::BytesTail => FieldValue::Bytes(&[1, 2, 3]),
        _ => return None,
    })
}

#[test]
fn struct_bufs_write_what_struct_views_read() {
    for row in gen_formats::parse_structs(STRUCTS_TSV).unwrap() {
        let layout = buffers::struct_layout(&row.name).unwrap();
        let mut buf = buffers::StructBuf::new(layout);
        let mut set = Vec::new();
        for (i, field) in layout.fields().iter().enumerate() {
            let Some(value) = field_sample(field.ty(), i as u32) else {
                continue;
            };
            // Overlapping union members: the later one wins.
            if matches!(field.ty(), FieldType::Bytes(n) if n > 8) {
                continue;
            }
            buf.set(field.name(), value.clone())
                .unwrap_or_else(|e| panic!("{} {}: {e}", row.name, field.name()));
            set.retain(|(offset, _, _): &(usize, &str, FieldValue<'_>)| *offset != field.offset());
            set.push((field.offset(), field.name(), value));
        }
        let bytes = buf.to_vec();
        let view = buffers::Struct::decode(layout, &bytes)
            .unwrap_or_else(|e| panic!("{}: {e} ({} bytes)", row.name, bytes.len()));
        for (_, name, value) in &set {
            assert_eq!(view.get(name).as_ref(), Some(value), "{} {name}", row.name);
        }
        assert_eq!(buffers::StructBuf::from_view(&view).to_vec(), bytes);
        // Errors: an unknown field, a value of the wrong type.
        let unknown = buf.set("NoSuchField", FieldValue::Uint(1)).unwrap_err();
        assert!(matches!(
            unknown.kind(),
            clusctl::EncodeErrorKind::InvalidValue { index } if index == layout.fields().len()
        ));
    }
    // Widths are checked, text must leave room for its NUL.
    let layout = buffers::struct_layout("SR_RESOURCE_TYPE_ELIGIBLE_DISKS_RESULT").unwrap();
    assert!(
        buffers::StructBuf::new(layout)
            .set("Count", FieldValue::Uint(0x1_0000))
            .is_err()
    );
    let layout = buffers::struct_layout("CLUS_NETNAME_PWD_INFO").unwrap();
    let sixteen = "x".repeat(16);
    assert!(
        buffers::StructBuf::new(layout)
            .set_text("Password", &sixteen)
            .is_err()
    );
    assert!(
        buffers::StructBuf::new(layout)
            .set_text("Password", &sixteen[1..])
            .is_ok()
    );
}
