//! `clusctl code` and `clusctl list`: explain, build and list control codes.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use clusctl::buffers::{self, Direction};
use clusctl::catalog::{self, CatalogEntry};
use clusctl::{Access, ControlCode, Object, Parts};
use serde_json::{Value, json};

use crate::{Failure, parse_code, text_of};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS 0x00400245
  clusctl code --object resource --function 45 --access read
  clusctl --json code 16777397")]
pub(crate) struct CodeArgs {
    /// Codes to explain: names, 0x hex or decimal.
    #[arg(conflicts_with_all = ["object", "function"])]
    codes: Vec<String>,
    /// Build a code: the object (name like `resource`, or a number).
    #[arg(long, requires = "function")]
    object: Option<String>,
    /// Build a code: the function number (0..=262143).
    #[arg(long)]
    function: Option<u32>,
    /// Build a code: the access.
    #[arg(long, value_enum, default_value_t = AccessArg::Any)]
    access: AccessArg,
    /// Build a code: set the modify bit.
    #[arg(long)]
    modify: bool,
    /// Build a code: set the global bit.
    #[arg(long)]
    global: bool,
    /// Build a code: set the internal bit.
    #[arg(long)]
    internal: bool,
    /// Build a code: set the user bit.
    #[arg(long)]
    user: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum AccessArg {
    Any,
    Read,
    Write,
    ReadWrite,
}

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl list CHECKPOINT
  clusctl list --object group PROPERTIES
  clusctl --json list --object cluster")]
pub(crate) struct ListArgs {
    /// Only codes addressed to this object (name or number).
    #[arg(long)]
    object: Option<String>,
    /// Only names containing this text (case-insensitive).
    pattern: Option<String>,
}

pub(crate) fn parse_object(text: &str) -> Result<Object, Failure> {
    if let Some(object) = Object::from_name(text) {
        return Ok(object);
    }
    let number = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u8::from_str_radix(hex, 16).ok(),
        None => text.parse::<u8>().ok(),
    };
    number.map(Object::new).ok_or_else(|| {
        Failure::usage(format!(
            "object {text:?}: expected a name (resource, group, ...) or 0..=255"
        ))
    })
}

pub(crate) fn entry_json(entry: &CatalogEntry) -> Value {
    json!({
        "name": entry.name(),
        "value": format!("{:#010X}", entry.code().value()),
        "sources": entry.sources().iter().collect::<Vec<_>>(),
        "legacy": entry.is_legacy(),
        "note": entry.note(),
    })
}

pub(crate) fn code_json(code: ControlCode) -> Value {
    let entry = code.catalog_entry();
    let op = code.operation();
    json!({
        "value": format!("{:#010X}", code.value()),
        "decimal": code.value(),
        "name": code.name(),
        "display": code.to_string(),
        "aliases": code.aliases().collect::<Vec<_>>(),
        "object": { "value": code.object().get(), "name": code.object().name() },
        "global": code.is_global(),
        "modify": code.is_modify(),
        "user": code.is_user(),
        "internal": code.is_internal(),
        "function": code.function(),
        "access": code.access().label(),
        "operation": { "value": format!("{:#08X}", op.value()), "name": op.name() },
        "requires_full_access": code.requires_full_access(),
        "sources": entry.map(|e| e.sources().iter().collect::<Vec<_>>()).unwrap_or_default(),
        "legacy": entry.is_some_and(CatalogEntry::is_legacy),
        "note": entry.map_or("", CatalogEntry::note),
        "buffers": {
            "input": buffers::format_of(code, Direction::Input).map(|f| f.to_string()),
            "output": buffers::format_of(code, Direction::Output).map(|f| f.to_string()),
        },
    })
}

pub(crate) fn code(args: &CodeArgs) -> Result<Value, Failure> {
    if let Some(function) = args.function {
        let object = match &args.object {
            Some(object) => parse_object(object)?,
            None => Object::INVALID,
        };
        let access = match args.access {
            AccessArg::Any => Access::Any,
            AccessArg::Read => Access::Read,
            AccessArg::Write => Access::Write,
            AccessArg::ReadWrite => Access::ReadWrite,
        };
        let parts = Parts {
            object,
            global: args.global,
            modify: args.modify,
            user: args.user,
            internal: args.internal,
            function,
            access,
        };
        let code = ControlCode::from_parts(parts).map_err(|e| Failure::usage(e.to_string()))?;
        return Ok(json!({ "codes": [code_json(code)] }));
    }
    if args.codes.is_empty() {
        return Err(Failure::usage(
            "give codes to explain, or --function (and --object, --access, ...) to build one",
        ));
    }
    let codes = args
        .codes
        .iter()
        .map(|text| parse_code(text).map(code_json))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "codes": codes }))
}

pub(crate) fn list(args: &ListArgs) -> Result<Value, Failure> {
    let object = args.object.as_deref().map(parse_object).transpose()?;
    let pattern = args.pattern.as_deref().map(str::to_ascii_uppercase);
    let entries: Vec<Value> = catalog::entries()
        .iter()
        .filter(|e| object.is_none_or(|o| e.code().object() == o))
        .filter(|e| pattern.as_deref().is_none_or(|p| e.name().contains(p)))
        .map(entry_json)
        .collect();
    Ok(json!({ "count": entries.len(), "entries": entries }))
}

/// The table for `code`.
pub(crate) fn render_code(doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    let s = text_of;

    for c in doc["codes"].as_array().into_iter().flatten() {
        let title = format!("{}  {}", s(&c["value"]), s(&c["display"]));
        writeln!(out, "{}", crate::style::heading(title))?;
        for alias in c["aliases"].as_array().into_iter().flatten().skip(1) {
            writeln!(out, "  alias        {}", s(alias))?;
        }
        let object = &c["object"];
        let object_name = object["name"].as_str().unwrap_or("unnamed");
        writeln!(out, "  object       {} ({})", object_name, object["value"])?;
        writeln!(
            out,
            "  operation    {} {}",
            s(&c["operation"]["value"]),
            c["operation"]["name"].as_str().unwrap_or("(unnamed)")
        )?;
        writeln!(out, "  function     {}", c["function"])?;
        writeln!(out, "  access       {}", s(&c["access"]))?;
        writeln!(
            out,
            "  bits         global={} modify={} user={} internal={}",
            c["global"], c["modify"], c["user"], c["internal"]
        )?;
        writeln!(
            out,
            "  full access  {}",
            if c["requires_full_access"] == true {
                "required (modify bit)"
            } else {
                "not required"
            }
        )?;
        let format = |f: &Value| f.as_str().unwrap_or("not documented").to_owned();
        writeln!(
            out,
            "  buffers      input {}, output {}",
            format(&c["buffers"]["input"]),
            format(&c["buffers"]["output"])
        )?;
        let sources: Vec<String> = c["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(s)
            .collect();
        if !sources.is_empty() {
            writeln!(out, "  sources      {}", sources.join(", "))?;
        }
        if c["legacy"] == true {
            writeln!(out, "  legacy       Windows 7 SDK value")?;
        }
        if let Some(note) = c["note"].as_str().filter(|n| !n.is_empty()) {
            writeln!(out, "  note         {note}")?;
        }
    }
    Ok(())
}

/// The table for `list`.
pub(crate) fn render_list(doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    let s = text_of;

    for e in doc["entries"].as_array().into_iter().flatten() {
        let legacy = if e["legacy"] == true {
            "  (legacy)"
        } else {
            ""
        };
        writeln!(
            out,
            "{}  {}{}",
            s(&e["value"]),
            s(&e["name"]),
            crate::style::dim(legacy)
        )?;
    }
    writeln!(out, "{} codes", doc["count"])?;
    Ok(())
}
