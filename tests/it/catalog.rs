//! The catalog against its data: generated code, every name, every value,
//! and the traps of REFERENCE.md §1.

#[path = "../../tools/gen_catalog.rs"]
#[allow(dead_code, unreachable_pub)]
mod gen_catalog;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clusctl::catalog::{self, Sources};
use clusctl::{ControlCode, Object, Operation, codes};

const CLUSCTL_TSV: &str = include_str!("../../data/clusctl_codes.tsv");
const CLCTL_TSV: &str = include_str!("../../data/clctl_codes.tsv");
const LEGACY_TSV: &str = include_str!("../../data/legacy_codes.tsv");

fn rows(file: &str, text: &str) -> Vec<gen_catalog::Row> {
    gen_catalog::parse_table(file, text).unwrap()
}

fn all_rows() -> Vec<gen_catalog::Row> {
    let mut all = rows("clusctl", CLUSCTL_TSV);
    all.extend(rows("clctl", CLCTL_TSV));
    all
}

#[test]
fn generated_files_match_data() {
    let (codes_rs, table_rs) = gen_catalog::generate(CLUSCTL_TSV, CLCTL_TSV, LEGACY_TSV).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let targets = [
        (root.join("src/codes.rs"), codes_rs),
        (root.join("src/control_code/table.rs"), table_rs),
    ];
    if std::env::var_os("CLUSCTL_BLESS").is_some() {
        for (path, text) in &targets {
            std::fs::write(path, text).unwrap();
        }
    }
    for (path, text) in &targets {
        let on_disk = std::fs::read_to_string(path).unwrap();
        assert!(
            on_disk == *text,
            "{} is out of date with data/*.tsv: run \
             `CLUSCTL_BLESS=1 cargo test --test it generated_files_match_data`",
            path.display()
        );
    }
}

#[test]
fn every_name_resolves_to_its_table_value_and_fields() {
    let all = all_rows();
    assert_eq!(all.len(), 542, "the five-source merge has 542 names");
    for row in &all {
        let code = ControlCode::from_name(&row.name)
            .unwrap_or_else(|| panic!("{} does not resolve", row.name));
        assert_eq!(code.value(), row.value, "{}", row.name);
        let [object, global, modify, user, internal, function, access] = row.fields;
        assert_eq!(
            u32::from(code.object().get()),
            object,
            "{} object",
            row.name
        );
        assert_eq!(u32::from(code.is_global()), global, "{} global", row.name);
        assert_eq!(u32::from(code.is_modify()), modify, "{} modify", row.name);
        assert_eq!(u32::from(code.is_user()), user, "{} user", row.name);
        assert_eq!(
            u32::from(code.is_internal()),
            internal,
            "{} internal",
            row.name
        );
        assert_eq!(code.function(), function, "{} function", row.name);
        assert_eq!(
            u32::from(code.access().bits()),
            access,
            "{} access",
            row.name
        );
        let entry = catalog::by_name(&row.name).unwrap();
        let expected: BTreeSet<&str> = row.sources_names().collect();
        let actual: BTreeSet<&str> = entry.sources().iter().collect();
        assert_eq!(actual, expected, "{} sources", row.name);
        assert_eq!(entry.note(), row.note, "{} note", row.name);
    }
}

trait SourceNames {
    fn sources_names(&self) -> impl Iterator<Item = &'static str>;
}

impl SourceNames for gen_catalog::Row {
    fn sources_names(&self) -> impl Iterator<Item = &'static str> {
        let bits = self.sources;
        gen_catalog::SOURCES
            .iter()
            .enumerate()
            .filter(move |(i, _)| bits & (1 << i) != 0)
            .map(|(_, s)| *s)
    }
}

#[test]
fn every_value_maps_back_to_a_name_within_its_alias_set() {
    let mut names_of: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for row in all_rows().into_iter().chain(rows("legacy", LEGACY_TSV)) {
        names_of.entry(row.value).or_default().insert(row.name);
    }
    for (value, names) in &names_of {
        let code = ControlCode::from(*value);
        let canonical = code.name().unwrap();
        assert!(names.contains(canonical), "{value:#X}: {canonical}");
        let aliases: BTreeSet<String> = code.aliases().map(str::to_owned).collect();
        assert_eq!(&aliases, names, "{value:#X}");
        assert_eq!(code.aliases().next(), Some(canonical));
        assert_eq!(code.aliases().len(), names.len());
    }
    // And the table holds nothing else.
    let distinct: BTreeSet<u32> = catalog::entries()
        .iter()
        .map(|e| e.code().value())
        .collect();
    assert_eq!(distinct.len(), names_of.len());
}

#[test]
fn entries_are_sorted_and_names_unique_except_legacy() {
    let entries = catalog::entries();
    assert_eq!(entries.len(), 545);
    assert!(entries.windows(2).all(|w| w[0].code() <= w[1].code()));
    let mut seen = BTreeMap::new();
    for entry in entries {
        if let Some(previous) = seen.insert(entry.name(), entry.is_legacy()) {
            assert!(previous || entry.is_legacy(), "{} twice", entry.name());
        }
    }
    assert_eq!(seen.len(), 542);
}

#[test]
fn canonical_names_of_alias_groups() {
    let expect = [
        (
            0x0100016D,
            "CLUSCTL_RESOURCE_NETNAME_GET_VIRTUAL_SERVER_TOKEN",
            2,
        ),
        (0x0100017A, "CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFO", 2),
        (0x0100031A, "CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFOEX", 2),
        (0x014020E6, "CLUSCTL_CLOUD_WITNESS_RESOURCE_UPDATE_TOKEN", 2),
        (0x01600004, "CLUSCTL_RESOURCE_VM_START_MIGRATION", 2),
        (0x02000231, "CLUSCTL_RESOURCE_TYPE_GEN_APP_VALIDATE_PATH", 4),
        (
            0x0240020E,
            "CLUSCTL_RESOURCE_TYPE_STORAGE_REMOVE_VM_OWNERSHIP",
            2,
        ),
        (0x07000055, "CLUSCTL_CLUSTER_GET_RO_COMMON_PROPERTIES", 2),
        (0x07002D7A, "CLUSCTL_GROUP_GET_PROVIDER_COLLECTIONS", 2),
        (0x0740005E, "CLUSCTL_CLUSTER_SET_COMMON_PROPERTIES", 2),
    ];
    for (value, name, count) in expect {
        let code = ControlCode::from(value);
        assert_eq!(code.name(), Some(name));
        assert_eq!(code.aliases().len(), count, "{name}");
        let mut backwards: Vec<_> = code.aliases().rev().collect();
        backwards.reverse();
        assert_eq!(backwards, code.aliases().collect::<Vec<_>>());
        assert_eq!(code.to_string(), name);
        for alias in code.aliases() {
            assert_eq!(ControlCode::from_name(alias), Some(code));
        }
    }
    assert_eq!(
        codes::CLUSCTL_RESOURCE_RLUA_SET_PWD_INFO,
        codes::CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFO
    );
}

#[test]
fn legacy_fileserver_share_values_keep_a_name() {
    for (name, old, new) in [
        ("CLCTL_FILESERVER_SHARE_ADD", 0x00400245, 0x00400246),
        ("CLCTL_FILESERVER_SHARE_DEL", 0x00400249, 0x0040024A),
        ("CLCTL_FILESERVER_SHARE_MODIFY", 0x0040024D, 0x0040024E),
    ] {
        let old_code = ControlCode::from(old);
        assert_eq!(old_code.name(), Some(name));
        assert!(old_code.catalog_entry().unwrap().is_legacy());
        assert_eq!(old_code.catalog_entry().unwrap().sources(), Sources::FSDK);
        // The name means the current value; Display keeps the round trip.
        assert_eq!(ControlCode::from_name(name), Some(ControlCode::from(new)));
        assert!(!ControlCode::from(new).catalog_entry().unwrap().is_legacy());
        assert_eq!(old_code.to_string(), format!("{old:#010X}"));
        assert_eq!(ControlCode::from(new).to_string(), name);
        assert!(format!("{old_code:?}").contains("[legacy]"));
    }
    assert_eq!(
        codes::legacy::CLCTL_FILESERVER_SHARE_ADD.value(),
        0x00400245
    );
    assert_eq!(codes::CLCTL_FILESERVER_SHARE_ADD.value(), 0x00400246);
    // The resource forms in the catalog are built on the old values.
    let resource = codes::CLUSCTL_RESOURCE_FILESERVER_SHARE_ADD;
    assert_eq!(resource.value(), 0x01400245);
    assert!(resource.catalog_entry().unwrap().is_legacy());
    assert_eq!(
        resource.operation(),
        codes::legacy::CLCTL_FILESERVER_SHARE_ADD
    );
    assert_eq!(
        resource.to_string(),
        "CLUSCTL_RESOURCE_FILESERVER_SHARE_ADD"
    );
}

#[test]
fn name_prefix_does_not_decide_the_object() {
    let csv = codes::CLUSCTL_RESOURCE_TYPE_STORAGE_IS_CSV_FILE;
    assert_eq!(csv.value(), 0x01000229);
    assert_eq!(csv.object(), Object::RESOURCE);
    let groups = codes::CLUSCTL_GROUP_GET_PROVIDER_GROUPS;
    assert_eq!(groups.value(), 0x08002D7D);
    assert_eq!(groups.object(), Object::GROUPSET);
}

#[test]
fn user_bit_vm_codes_share_function_numbers_with_builtin_codes() {
    let vm = [
        (codes::CLUSCTL_RESOURCE_VM_START_MIGRATION, 1),
        (codes::CLUSCTL_RESOURCE_VM_CANCEL_MIGRATION, 2),
        (codes::CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION, 5),
    ];
    for (code, function) in vm {
        assert!(code.is_user(), "{code:?}");
        assert!(code.is_modify());
        assert!(!code.is_global());
        assert_eq!(code.function(), function);
        // Built-in resource codes with the same function number are other codes.
        let builtin: Vec<_> = catalog::entries()
            .iter()
            .map(|e| e.code())
            .filter(|c| c.object() == Object::RESOURCE && c.function() == function && !c.is_user())
            .collect();
        assert!(!builtin.is_empty(), "function {function}");
        assert!(builtin.iter().all(|c| c.operation() != code.operation()));
    }
    assert_eq!(
        codes::CLUSCTL_RESOURCE_VM_START_MIGRATION.value(),
        0x01600004
    );
    let user_bit: Vec<_> = catalog::entries()
        .iter()
        .filter(|e| e.code().is_user())
        .collect();
    assert_eq!(
        user_bit.len(),
        4,
        "only the Hyper-V VM codes have the user bit"
    );
}

#[test]
fn shared_function_numbers_are_told_apart_by_the_low_24_bits() {
    for function in [103, 132] {
        let ops: BTreeSet<Operation> = catalog::entries()
            .iter()
            .filter(|e| e.code().function() == function)
            .map(|e| e.code().operation())
            .collect();
        assert!(ops.len() >= 2, "function {function}: {ops:?}");
        let names: BTreeSet<_> = ops.iter().map(|op| op.name()).collect();
        assert_eq!(names.len(), ops.len(), "each operation has its own name");
    }
    let internal_31: BTreeSet<Operation> = catalog::entries()
        .iter()
        .filter(|e| e.code().function() == 31 && e.code().is_internal())
        .map(|e| e.code().operation())
        .collect();
    assert!(internal_31.len() >= 2, "{internal_31:?}");
}

#[test]
fn operation_lookup_covers_every_clctl_name() {
    for row in rows("clctl", CLCTL_TSV) {
        let op = Operation::from_name(&row.name).unwrap();
        assert_eq!(op.value(), row.value);
        assert!(op.aliases().any(|n| n == row.name));
        assert!(op.name().unwrap().starts_with("CLCTL_"));
    }
    assert_eq!(
        Operation::from_name("CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS"),
        None
    );
    assert_eq!(Operation::from_name("CLCTL_NOPE"), None);
}

#[test]
fn sources_round_trip_through_names() {
    for (source, name) in Sources::ALL {
        assert_eq!(Sources::from_name(name), Some(source));
        assert_eq!(source.iter().collect::<Vec<_>>(), [name]);
    }
    assert_eq!(Sources::from_name("nope"), None);
    let crypto = catalog::by_name("CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS").unwrap();
    assert_eq!(crypto.sources().len(), 5);
    assert_eq!(
        crypto.sources().to_string(),
        "windows-sys,fsdk,mingw-w64,samba,msdocs"
    );
}

#[test]
fn sources_set_operations() {
    let both = Sources::WINDOWS_SYS | Sources::SAMBA;
    assert_eq!(both.bits(), 0b1001);
    assert_eq!(
        Sources::WINDOWS_SYS | Sources::WINDOWS_SYS,
        Sources::WINDOWS_SYS
    );
    assert_eq!(Sources::SAMBA.bits(), 8);
    assert!(Sources::empty().is_empty());
    assert!(!both.is_empty());
    assert_eq!(Sources::empty().len(), 0);
    assert_eq!(Sources::from_bits_truncate(0xFF).len(), 5);
    assert_eq!(format!("{both:?}"), "Sources(windows-sys,samba)");
}
