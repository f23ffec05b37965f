//! Generator of the buffer-format dispatch table: turns `data/formats.tsv`
//! (which control code carries which format) and `data/structs.tsv` (the
//! struct layouts) into `src/buffers/table.rs`.
//!
//! Like `gen_catalog.rs` it has no dependencies and no `main`: the
//! integration test `buffers::generated_table_matches_data` includes it,
//! compares its output with the checked-in file and fails on any
//! difference. To regenerate after editing the data, run
//! `CLUSCTL_BLESS=1 cargo test --all-features --test it generated_table_matches_data`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The column header of `data/formats.tsv`.
pub const FORMATS_HEADER: &str = "name\tvalue\tinput\toutput\tsource\tnotes";

/// The column header of `data/structs.tsv`.
pub const STRUCTS_HEADER: &str = "struct\tsize\tfields\tsource";

/// One row of `data/formats.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatRow {
    pub name: String,
    pub value: u32,
    /// The input format as written (`sz`, `property-list|sz`, ...).
    pub input: String,
    pub output: String,
    pub source: String,
}

/// One field of a struct layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRow {
    pub name: String,
    pub ty: String,
    pub offset: usize,
}

/// One row of `data/structs.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructRow {
    pub name: String,
    pub sizes: Vec<usize>,
    /// `N+`: the last field is a tail.
    pub open: bool,
    pub fields: Vec<FieldRow>,
    pub source: String,
}

/// The simple tokens and the `BufferFormat` variant each stands for.
pub const TOKENS: [(&str, &str); 21] = [
    ("none", "Empty"),
    ("crypto-checkpoints", "CryptoCheckpoints"),
    ("crypto-checkpoint", "CryptoCheckpoint"),
    ("registry-checkpoints", "RegistryCheckpoints"),
    ("registry-checkpoint", "RegistryCheckpoint"),
    ("property-list", "PropertyList"),
    ("property-formats", "PropertyFormats"),
    ("value-list", "ValueList"),
    ("required-dependencies", "RequiredDependencies"),
    ("storage-disks", "StorageDisks"),
    ("multi-sz", "MultiSz"),
    ("sz", "Sz"),
    ("dword", "Dword"),
    ("dword-array", "DwordArray"),
    ("ularge", "Ularge"),
    ("filetime", "Filetime"),
    ("guid", "Guid"),
    ("bytes", "Bytes"),
    ("dword+sz", "DwordSz"),
    ("dword+ularge", "DwordUlarge"),
    ("unknown", ""),
];

fn data_lines<'a>(
    file: &'a str,
    text: &'a str,
    header: &str,
) -> Result<impl Iterator<Item = (String, Vec<&'a str>)>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty());
    match lines.next() {
        Some((_, first)) if first == header => {}
        _ => {
            return Err(format!(
                "{file}: first data line is not the expected header"
            ));
        }
    }
    Ok(lines.map(move |(i, line)| (format!("{file}:{}", i + 1), line.split('\t').collect())))
}

/// Parses `data/formats.tsv`.
pub fn parse_formats(text: &str) -> Result<Vec<FormatRow>, String> {
    let mut rows = Vec::new();
    for (at, cols) in data_lines("data/formats.tsv", text, FORMATS_HEADER)? {
        if cols.len() != 6 {
            return Err(format!("{at}: expected 6 columns, found {}", cols.len()));
        }
        let hex = cols[1]
            .strip_prefix("0x")
            .ok_or_else(|| format!("{at}: value without 0x"))?;
        let value = u32::from_str_radix(hex, 16).map_err(|e| format!("{at}: value: {e}"))?;
        rows.push(FormatRow {
            name: cols[0].to_owned(),
            value,
            input: cols[2].to_owned(),
            output: cols[3].to_owned(),
            source: cols[4].to_owned(),
        });
    }
    Ok(rows)
}

/// Parses `data/structs.tsv`.
pub fn parse_structs(text: &str) -> Result<Vec<StructRow>, String> {
    let mut rows = Vec::new();
    for (at, cols) in data_lines("data/structs.tsv", text, STRUCTS_HEADER)? {
        if cols.len() != 4 {
            return Err(format!("{at}: expected 4 columns, found {}", cols.len()));
        }
        let (size_text, open) = match cols[1].strip_suffix('+') {
            Some(min) => (min, true),
            None => (cols[1], false),
        };
        let sizes = size_text
            .split('|')
            .map(|s| s.parse().map_err(|e| format!("{at}: size {s:?}: {e}")))
            .collect::<Result<Vec<usize>, String>>()?;
        let mut fields = Vec::new();
        for spec in cols[2].split(';') {
            let (name, rest) = spec
                .split_once(':')
                .ok_or_else(|| format!("{at}: field {spec:?} has no type"))?;
            let (ty, offset) = rest
                .split_once('@')
                .ok_or_else(|| format!("{at}: field {spec:?} has no offset"))?;
            let offset = offset
                .parse()
                .map_err(|e| format!("{at}: field {spec:?}: {e}"))?;
            fields.push(FieldRow {
                name: name.to_owned(),
                ty: ty.to_owned(),
                offset,
            });
        }
        rows.push(StructRow {
            name: cols[0].to_owned(),
            sizes,
            open,
            fields,
            source: cols[3].to_owned(),
        });
    }
    Ok(rows)
}

fn static_name(name: &str) -> String {
    format!("S_{}", name.to_ascii_uppercase())
}

/// The Rust expression of a field type, and its fixed size (None: tail).
fn field_type(
    ty: &str,
    structs: &BTreeMap<&str, &StructRow>,
) -> Result<(String, Option<usize>), String> {
    let fixed = |expr: &str, size: usize| Ok((expr.to_owned(), Some(size)));
    match ty {
        "u8" => fixed("T::U8", 1),
        "u16" => fixed("T::U16", 2),
        "u32" => fixed("T::U32", 4),
        "u64" => fixed("T::U64", 8),
        "bool8" => fixed("T::Bool8", 1),
        "bool32" => fixed("T::Bool32", 4),
        "guid" => fixed("T::Guid", 16),
        "systemtime" => fixed("T::SystemTime", 16),
        "wchar*" => Ok(("T::TextTail".to_owned(), None)),
        "utf16*" => Ok(("T::Utf16Tail".to_owned(), None)),
        "multi-sz*" => Ok(("T::MultiSzTail".to_owned(), None)),
        "bytes*" => Ok(("T::BytesTail".to_owned(), None)),
        _ => {
            if let Some(n) = ty.strip_prefix("wchar[").and_then(|t| t.strip_suffix(']')) {
                let n: usize = n.parse().map_err(|e| format!("type {ty:?}: {e}"))?;
                return Ok((format!("T::WcharArray({n})"), Some(n * 2)));
            }
            if let Some(n) = ty.strip_prefix("bytes[").and_then(|t| t.strip_suffix(']')) {
                let n: usize = n.parse().map_err(|e| format!("type {ty:?}: {e}"))?;
                return Ok((format!("T::Bytes({n})"), Some(n)));
            }
            if let Some(r) = ty.strip_prefix("array[").and_then(|t| t.strip_suffix("]*")) {
                let record = structs
                    .get(r)
                    .ok_or_else(|| format!("type {ty:?}: no struct {r}"))?;
                if record.open || record.sizes.len() != 1 {
                    return Err(format!("type {ty:?}: {r} has no fixed size"));
                }
                return Ok((format!("T::Array(&{})", static_name(r)), None));
            }
            Err(format!("unknown field type {ty:?}"))
        }
    }
}

/// The Rust expression of a format (`F::Sz`, `F::OneOf(&[..])`), or None
/// for `unknown`.
fn format_expr(
    text: &str,
    structs: &BTreeMap<&str, &StructRow>,
) -> Result<Option<Vec<String>>, String> {
    let mut alternatives = Vec::new();
    for token in text.split('|') {
        if let Some(name) = token.strip_prefix("struct:") {
            if !structs.contains_key(name) {
                return Err(format!("no layout for struct {name} in data/structs.tsv"));
            }
            alternatives.push(format!("F::Struct(&{})", static_name(name)));
            continue;
        }
        let (_, variant) = TOKENS
            .iter()
            .find(|(t, _)| *t == token)
            .ok_or_else(|| format!("unknown format token {token:?}"))?;
        if !variant.is_empty() {
            alternatives.push(format!("F::{variant}"));
        }
    }
    Ok((!alternatives.is_empty()).then_some(alternatives))
}

fn join(alternatives: Option<&Vec<String>>) -> String {
    match alternatives {
        None => "None".to_owned(),
        Some(v) if v.len() == 1 => format!("Some({})", v[0]),
        Some(v) => format!("Some(F::OneOf(&[{}]))", v.join(", ")),
    }
}

/// Generates `src/buffers/table.rs`.
pub fn generate(formats: &str, structs: &str) -> Result<String, String> {
    let formats = parse_formats(formats)?;
    let struct_rows = parse_structs(structs)?;
    let mut by_name: BTreeMap<&str, &StructRow> = BTreeMap::new();
    for row in &struct_rows {
        if by_name.insert(&row.name, row).is_some() {
            return Err(format!("struct {} is defined twice", row.name));
        }
    }

    let mut out = String::new();
    out.push_str(
        "// @generated by tools/gen_formats.rs from data/formats.tsv and data/structs.tsv.\n\
         // Do not edit by hand: edit the data and run\n\
         // `CLUSCTL_BLESS=1 cargo test --all-features --test it generated_table_matches_data`.\n\
         \n\
         //! Which control code carries which format (sorted by value; names that\n\
         //! share a value merge their formats), and the struct layouts.\n\
         \n\
         use super::BufferFormat as F;\n\
         use super::structs::{Field, FieldType as T, StructLayout};\n\n",
    );
    for row in &struct_rows {
        let max = row.sizes.iter().copied().max().unwrap_or(0);
        let mut fields = Vec::new();
        for (i, field) in row.fields.iter().enumerate() {
            let (expr, size) = field_type(&field.ty, &by_name)
                .map_err(|e| format!("struct {} field {}: {e}", row.name, field.name))?;
            match size {
                Some(size) if field.offset + size > max && !row.open => {
                    return Err(format!(
                        "struct {} field {} ends past the largest size {max}",
                        row.name, field.name
                    ));
                }
                None if i + 1 != row.fields.len() => {
                    return Err(format!(
                        "struct {} field {}: a tail must be the last field",
                        row.name, field.name
                    ));
                }
                _ => {}
            }
            fields.push(format!(
                "        Field::new({:?}, {}, {expr}),",
                field.name, field.offset
            ));
        }
        if row.open && row.sizes.len() != 1 {
            return Err(format!("struct {}: `N+` takes one size", row.name));
        }
        let _ = writeln!(out, "/// `{}`: {}", row.name, row.source.replace('`', "'"));
        let _ = writeln!(
            out,
            "pub(super) static {}: StructLayout = StructLayout::new(\n    {:?},\n    &{:?},\n    {},\n    &[\n{}\n    ],\n    {:?},\n);\n",
            static_name(&row.name),
            row.name,
            row.sizes,
            row.open,
            fields.join("\n"),
            row.source
        );
    }
    let _ = writeln!(
        out,
        "/// Every struct layout, sorted by name.\npub(super) static STRUCTS: [&StructLayout; {}] = [",
        by_name.len()
    );
    for name in by_name.keys() {
        let _ = writeln!(out, "    &{},", static_name(name));
    }
    out.push_str("];\n\n");

    // Merge the names that share a value: the union of their formats.
    let mut merged: BTreeMap<u32, [Option<Vec<String>>; 2]> = BTreeMap::new();
    let mut names: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for row in &formats {
        let input = format_expr(&row.input, &by_name).map_err(|e| format!("{}: {e}", row.name))?;
        let output =
            format_expr(&row.output, &by_name).map_err(|e| format!("{}: {e}", row.name))?;
        names.entry(row.value).or_default().push(&row.name);
        let entry = merged.entry(row.value).or_default();
        for (slot, new) in entry.iter_mut().zip([input, output]) {
            let Some(new) = new else { continue };
            let list = slot.get_or_insert_with(Vec::new);
            for alternative in new {
                if !list.contains(&alternative) {
                    list.push(alternative);
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "/// `(value, input, output)` for every documented value, sorted by value.\n\
         pub(super) static FORMATS: [(u32, Option<F>, Option<F>); {}] = [",
        merged.len()
    );
    for (value, [input, output]) in &merged {
        let _ = writeln!(
            out,
            "    ({value:#010X}, {}, {}), // {}",
            join(input.as_ref()),
            join(output.as_ref()),
            names.get(value).map(|n| n.join(", ")).unwrap_or_default()
        );
    }
    out.push_str("];\n");
    Ok(out)
}
