//! Generator of the control-code catalog: turns `data/*.tsv` into
//! `src/codes.rs` (the public constants) and `src/control_code/table.rs`
//! (the lookup tables).
//!
//! It has no dependencies and no `main`: the integration test
//! `catalog::generated_files_match_data` includes it, compares its output
//! with the checked-in files and fails on any difference. To regenerate
//! after editing the data, run
//! `CLUSCTL_BLESS=1 cargo test --test it generated_files_match_data`.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The column header every code table starts with.
pub const HEADER: &str =
    "name\tvalue_hex\tobject\tglobal\tmodify\tuser\tinternal\tfunction\taccess\tsources\tnote";

/// The sources, in bit order of `clusctl::catalog::Sources`.
pub const SOURCES: [&str; 5] = ["windows-sys", "fsdk", "mingw-w64", "samba", "msdocs"];

/// One row of a code table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub value: u32,
    /// object, global, modify, user, internal, function, access as written.
    pub fields: [u32; 7],
    pub sources: u8,
    pub note: String,
    pub legacy: bool,
}

impl Row {
    fn is_operation(&self) -> bool {
        self.name.starts_with("CLCTL_")
    }

    fn rank(&self) -> impl Ord + '_ {
        let pre_release = self.name.contains("_RLUA_") || self.name.contains("_COLLECTION_");
        (
            self.legacy,
            self.sources & 1 == 0,
            Reverse(self.sources.count_ones()),
            pre_release,
            self.name.as_str(),
        )
    }
}

/// Parses one TSV code table.
pub fn parse_table(file: &str, text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(format!("{file}: first line is not the expected header"));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let at = format!("{file}:{}", i + 2);
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 11 {
            return Err(format!("{at}: expected 11 columns, found {}", cols.len()));
        }
        let hex = cols[1]
            .strip_prefix("0x")
            .ok_or_else(|| format!("{at}: value without 0x"))?;
        let value = u32::from_str_radix(hex, 16).map_err(|e| format!("{at}: value: {e}"))?;
        let mut fields = [0u32; 7];
        for (field, col) in fields.iter_mut().zip(&cols[2..9]) {
            *field = col
                .parse()
                .map_err(|e| format!("{at}: field {col:?}: {e}"))?;
        }
        let mut sources = 0u8;
        for source in cols[9].split(',') {
            let bit = SOURCES
                .iter()
                .position(|s| *s == source)
                .ok_or_else(|| format!("{at}: unknown source {source:?}"))?;
            sources |= 1 << bit;
        }
        rows.push(Row {
            name: cols[0].to_owned(),
            value,
            fields,
            sources,
            note: cols[10].to_owned(),
            legacy: false,
        });
    }
    Ok(rows)
}

/// The merged catalog: entries sorted by value then rank, and the index of
/// each distinct name's preferred entry, sorted by name.
pub struct Catalog {
    pub entries: Vec<Row>,
    pub by_name: Vec<usize>,
}

/// Merges the current tables with the legacy table: a legacy row whose name
/// and value are already present flags that entry; any other is added.
pub fn merge(current: Vec<Row>, legacy: Vec<Row>) -> Result<Catalog, String> {
    let mut entries = current;
    for mut row in legacy {
        match entries
            .iter_mut()
            .find(|e| e.name == row.name && e.value == row.value)
        {
            Some(existing) => existing.legacy = true,
            None => {
                row.legacy = true;
                entries.push(row);
            }
        }
    }
    entries.sort_by(|a, b| a.value.cmp(&b.value).then_with(|| a.rank().cmp(&b.rank())));
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        match names.get(entry.name.as_str()) {
            Some(&j) if !entries[j].legacy && !entry.legacy => {
                return Err(format!("{} is defined twice", entry.name));
            }
            Some(&j) if !entries[j].legacy => {}
            _ => {
                names.insert(&entry.name, i);
            }
        }
    }
    let by_name = names.into_values().collect();
    Ok(Catalog { entries, by_name })
}

fn describe(row: &Row) -> String {
    let v = row.value;
    let object = v >> 24;
    let mut text = format!("`{v:#010X}`: ");
    if !row.is_operation() {
        let name = match object {
            0 => "INVALID",
            1 => "RESOURCE",
            2 => "RESOURCE_TYPE",
            3 => "GROUP",
            4 => "NODE",
            5 => "NETWORK",
            6 => "NETINTERFACE",
            7 => "CLUSTER",
            8 => "GROUPSET",
            9 => "AFFINITYRULE",
            128 => "USER",
            _ => "unnamed",
        };
        let _ = write!(text, "object {name}, ");
    }
    let access = ["any", "read", "write", "read+write"][(v & 3) as usize];
    let _ = write!(text, "function {}, {access} access", (v >> 2) & 0x3_FFFF);
    for (bit, label) in [
        (23, "global"),
        (22, "modify"),
        (21, "user"),
        (20, "internal"),
    ] {
        if v & (1 << bit) != 0 {
            let _ = write!(text, ", {label}");
        }
    }
    text.push('.');
    text
}

fn sources_text(bits: u8) -> String {
    SOURCES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_constant(out: &mut String, row: &Row, indent: &str) {
    let _ = writeln!(out, "{indent}/// {}", describe(row));
    let _ = writeln!(out, "{indent}///");
    let _ = writeln!(
        out,
        "{indent}/// Defined by: {}.",
        sources_text(row.sources)
    );
    if row.legacy {
        let _ = writeln!(out, "{indent}///");
        let _ = writeln!(
            out,
            "{indent}/// Legacy: the Windows 7 SDK value, superseded in the current SDK."
        );
    }
    if !row.note.is_empty() {
        let _ = writeln!(out, "{indent}///");
        let _ = writeln!(out, "{indent}/// Note: `{}`", row.note.replace('`', "'"));
    }
    let (ty, expr) = if row.is_operation() {
        (
            "Operation",
            format!("ControlCode::new({:#010X}).operation()", row.value),
        )
    } else {
        (
            "ControlCode",
            format!("ControlCode::new({:#010X})", row.value),
        )
    };
    let _ = writeln!(out, "{indent}pub const {}: {ty} = {expr};", row.name);
}

/// Generates `(src/codes.rs, src/control_code/table.rs)`.
pub fn generate(clusctl: &str, clctl: &str, legacy: &str) -> Result<(String, String), String> {
    let mut current = parse_table("data/clusctl_codes.tsv", clusctl)?;
    current.extend(parse_table("data/clctl_codes.tsv", clctl)?);
    let legacy = parse_table("data/legacy_codes.tsv", legacy)?;
    let catalog = merge(current, legacy)?;

    let mut codes = String::new();
    codes.push_str(
        "// @generated by tools/gen_catalog.rs from data/*.tsv. Do not edit by hand:\n\
         // edit the data and run `CLUSCTL_BLESS=1 cargo test --test it generated_files_match_data`.\n\
         \n\
         //! Every named control code, as a constant with its SDK name verbatim.\n\
         //!\n\
         //! `CLUSCTL_*` names are [`ControlCode`]s (an object and an operation);\n\
         //! `CLCTL_*` names are object-less [`Operation`]s. Aliases are separate\n\
         //! constants with equal values. The Windows 7 SDK values of names that\n\
         //! the current SDK changed are in [`legacy`].\n\
         //!\n\
         //! ```\n\
         //! use clusctl::{Object, codes};\n\
         //!\n\
         //! assert_eq!(codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS.value(), 0x010000B5);\n\
         //! assert_eq!(\n\
         //!     codes::CLCTL_GET_CRYPTO_CHECKPOINTS.with_object(Object::RESOURCE),\n\
         //!     codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS\n\
         //! );\n\
         //! ```\n\
         \n\
         use crate::control_code::{ControlCode, Operation};\n\n",
    );
    for &i in &catalog.by_name {
        write_constant(&mut codes, &catalog.entries[i], "");
        codes.push('\n');
    }
    codes.push_str(
        "/// Values that the Windows 7 SDK gave names the current SDK defines\n\
         /// differently; old captures carry them.\n\
         pub mod legacy {\n\
         \x20   use crate::control_code::{ControlCode, Operation};\n",
    );
    let mut shadowed: Vec<&Row> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !catalog.by_name.contains(i))
        .map(|(_, row)| row)
        .collect();
    shadowed.sort_by(|a, b| a.name.cmp(&b.name));
    for row in shadowed {
        codes.push('\n');
        write_constant(&mut codes, row, "    ");
    }
    codes.push_str("}\n");

    let mut table = String::new();
    table.push_str(
        "// @generated by tools/gen_catalog.rs from data/*.tsv. Do not edit by hand.\n\
         \n\
         //! The catalog tables: entries sorted by value (canonical name first),\n\
         //! and the entry index of every distinct name, sorted by name.\n\
         \n\
         use super::catalog::CatalogEntry;\n\n",
    );
    let _ = writeln!(
        table,
        "pub(super) static ENTRIES: [CatalogEntry; {}] = [",
        catalog.entries.len()
    );
    for row in &catalog.entries {
        let _ = writeln!(
            table,
            "    CatalogEntry::new({:?}, {:#010X}, {:#07b}, {}, {:?}),",
            row.name, row.value, row.sources, row.legacy, row.note
        );
    }
    table.push_str("];\n\n");
    let _ = writeln!(
        table,
        "pub(super) static BY_NAME: [u16; {}] = [",
        catalog.by_name.len()
    );
    for chunk in catalog.by_name.chunks(16) {
        let line: Vec<String> = chunk.iter().map(ToString::to_string).collect();
        let _ = writeln!(table, "    {},", line.join(", "));
    }
    table.push_str("];\n");
    Ok((codes, table))
}
