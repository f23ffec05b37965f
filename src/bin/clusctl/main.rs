//! `clusctl`: decode and encode ClusAPI control codes and their buffers
//! offline. See `clusctl --help` and the README.
//!
//! Exit codes: 0 success, 1 undecodable data, 2 usage error.
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "a std program"
)]

mod dump;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clusctl::buffers::{self, Buffer, Direction, Strictness};
use clusctl::catalog::{self, CatalogEntry};
use clusctl::checkpoint::{CheckpointBuf, RegistryKeyPath, Utf16Checkpoint, Utf16RegistryKeyPath};
use clusctl::multi_sz::{self, Utf16LeStr};
use clusctl::{Access, ControlCode, DecodeError, Object, Parts};
use serde_json::{Value, json};

/// Decode and encode Windows Failover Cluster (ClusAPI) control codes and
/// their buffers, offline.
#[derive(Parser, Debug)]
#[command(name = "clusctl", version, about, propagate_version = true)]
struct Cli {
    /// Print JSON (one document) instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Explain control codes (names, 0x hex or decimal), or build one from
    /// its fields.
    Code(CodeArgs),
    /// List the catalog, filtered by object and a name pattern.
    List(ListArgs),
    /// Decode a captured buffer of a control code.
    Decode(DecodeArgs),
    /// Build an input buffer for a control code.
    Encode(EncodeArgs),
}

#[derive(Args, Debug)]
struct CodeArgs {
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
enum AccessArg {
    Any,
    Read,
    Write,
    ReadWrite,
}

#[derive(Args, Debug)]
struct ListArgs {
    /// Only codes addressed to this object (name or number).
    #[arg(long)]
    object: Option<String>,
    /// Only names containing this text (case-insensitive).
    pattern: Option<String>,
}

#[derive(Args, Debug)]
struct DecodeArgs {
    /// The control code the buffer belongs to.
    #[arg(long)]
    code: String,
    /// The buffer is the call's input buffer.
    #[arg(long, conflicts_with = "output")]
    input: bool,
    /// The buffer is the call's output buffer (the default).
    #[arg(long)]
    output: bool,
    /// Recover what can be recovered and report every deviation.
    #[arg(long)]
    lenient: bool,
    /// Decode as this format instead of the code's own.
    #[arg(long = "as", value_enum)]
    as_format: Option<AsFormat>,
    /// The input's format.
    #[arg(long, value_enum, default_value_t = dump::Format::Auto)]
    format: dump::Format,
    /// The file, or `-` for standard input.
    #[arg(default_value = "-")]
    file: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum AsFormat {
    /// Any multi-string (REG_MULTI_SZ framing).
    MultiSz,
}

#[derive(Args, Debug)]
struct EncodeArgs {
    /// The control code whose input buffer to build.
    #[arg(long)]
    code: String,
    /// The value: one checkpoint (`1\\Provider\\Key`) or key path.
    value: String,
    /// Write the raw bytes instead of hex.
    #[arg(long)]
    raw: bool,
}

/// A failure: the message and the exit code.
struct Failure(String, u8);

impl Failure {
    fn data(message: impl Into<String>) -> Self {
        Self(message.into(), 1)
    }

    fn usage(message: impl Into<String>) -> Self {
        Self(message.into(), 2)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(&cli, &mut out);
    let flushed = out.flush();
    match result {
        Ok(status) => {
            if flushed.is_err() {
                // A closed pipe (`| head`) is not an error of ours.
                return ExitCode::SUCCESS;
            }
            ExitCode::from(status)
        }
        Err(Failure(message, code)) => {
            eprintln!("clusctl: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: &Cli, out: &mut dyn Write) -> Result<u8, Failure> {
    let (value, status) = match &cli.command {
        Command::Code(args) => (code(args)?, 0),
        Command::List(args) => (list(args)?, 0),
        Command::Decode(args) => return decode(args, cli.json, out),
        Command::Encode(args) => {
            let bytes = encode(args)?;
            if args.raw {
                let _ = out.write_all(&bytes);
                return Ok(0);
            }
            (json!({ "bytes": bytes.len(), "hex": hex(&bytes) }), 0)
        }
    };
    let written = if cli.json {
        serde_json::to_writer_pretty(&mut *out, &value)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        render(&cli.command, &value, out)
    };
    // Output errors are a closed pipe: stop quietly.
    let _ = written;
    Ok(status)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_code(text: &str) -> Result<ControlCode, Failure> {
    text.parse::<ControlCode>()
        .map_err(|e| Failure::usage(format!("control code {text:?}: {e}")))
}

fn parse_object(text: &str) -> Result<Object, Failure> {
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

fn entry_json(entry: &CatalogEntry) -> Value {
    json!({
        "name": entry.name(),
        "value": format!("{:#010X}", entry.code().value()),
        "sources": entry.sources().iter().collect::<Vec<_>>(),
        "legacy": entry.is_legacy(),
        "note": entry.note(),
    })
}

fn code_json(code: ControlCode) -> Value {
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
    })
}

fn code(args: &CodeArgs) -> Result<Value, Failure> {
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

fn list(args: &ListArgs) -> Result<Value, Failure> {
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

fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    let mut data = Vec::new();
    let read = if file == "-" {
        io::stdin().lock().read_to_end(&mut data).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut data).map(|_| ()))
    };
    read.map_err(|e| Failure::usage(format!("{file}: {e}")))?;
    Ok(data)
}

fn error_json(err: &DecodeError) -> Value {
    json!({ "kind": format!("{:?}", err.kind()), "offset": err.offset(), "message": err.to_string() })
}

fn checkpoint_json(
    offset: usize,
    item: Result<Utf16Checkpoint<'_>, DecodeError>,
    raw: Utf16LeStr<'_>,
) -> Value {
    match item {
        Ok(c) => json!({
            "offset": offset,
            "text": c.to_string(),
            "type": c.provider_type().get(),
            "type_name": c.provider_type().name(),
            "type_text": c.type_text().to_string_lossy(),
            "provider": c.provider_name().map(|n| n.to_string_lossy()),
            "key": c.key_container().to_string_lossy(),
            "deviations": c.deviations().map(|d| format!("{d:?}")).collect::<Vec<_>>(),
        }),
        Err(err) => {
            json!({ "offset": offset, "text": raw.to_string_lossy(), "error": error_json(&err) })
        }
    }
}

fn path_json(
    offset: usize,
    item: Result<Utf16RegistryKeyPath<'_>, DecodeError>,
    raw: Utf16LeStr<'_>,
) -> Value {
    match item {
        Ok(p) => json!({ "offset": offset, "path": p.to_string() }),
        Err(err) => {
            json!({ "offset": offset, "text": raw.to_string_lossy(), "error": error_json(&err) })
        }
    }
}

fn string_json(item: Utf16LeStr<'_>) -> Value {
    match item.to_string() {
        Ok(text) => json!({ "offset": item.offset(), "text": text }),
        Err(err) => {
            json!({ "offset": item.offset(), "text": item.to_string_lossy(), "error": error_json(&err) })
        }
    }
}

/// A decoded buffer, ready to print: the header, the items (made one at
/// a time while printing, so memory stays bounded by the input) and the
/// deviations.
struct Report<'a> {
    header: Value,
    count: usize,
    items: Box<dyn Iterator<Item = Value> + 'a>,
    deviations: Vec<Value>,
}

fn deviation_json(d: &multi_sz::Deviation) -> Value {
    json!({ "offset": d.offset(), "message": d.to_string() })
}

fn decode_report<'a>(
    args: &DecodeArgs,
    code: ControlCode,
    bytes: &'a [u8],
) -> Result<Report<'a>, Failure> {
    let direction = if args.input {
        Direction::Input
    } else {
        Direction::Output
    };
    let strictness = if args.lenient {
        Strictness::Lenient
    } else {
        Strictness::Strict
    };
    let fail = |e: DecodeError| {
        Failure::data(format!(
            "cannot decode as {}: {e}",
            describe(code, direction, args)
        ))
    };
    let report = |format: &str,
                  count: usize,
                  items: Box<dyn Iterator<Item = Value> + 'a>,
                  deviations: Vec<Value>| Report {
        header: json!({ "format": format }),
        count,
        items,
        deviations,
    };
    if let Some(AsFormat::MultiSz) = args.as_format {
        return Ok(if args.lenient {
            let list = multi_sz::decode_lenient(bytes);
            let deviations = list.deviations().iter().map(deviation_json).collect();
            report(
                "multi-sz",
                list.len(),
                Box::new(list.iter().map(string_json)),
                deviations,
            )
        } else {
            let list = clusctl::MultiSz::decode(bytes).map_err(fail)?;
            report(
                "multi-sz",
                list.len(),
                Box::new(list.iter().map(string_json)),
                Vec::new(),
            )
        });
    }
    // The raw strings, walked beside the typed items for offsets and text.
    let raw = move || multi_sz::decode_lenient(bytes).iter();
    Ok(
        match buffers::decode(code, direction, bytes, strictness).map_err(fail)? {
            Buffer::CryptoCheckpoints(list) => {
                let deviations = list.deviations().iter().map(deviation_json).collect();
                let items = list
                    .iter()
                    .zip(raw())
                    .map(|(c, r)| checkpoint_json(r.offset(), c, r));
                report(
                    "crypto-checkpoints",
                    list.len(),
                    Box::new(items),
                    deviations,
                )
            }
            Buffer::RegistryCheckpoints(list) => {
                let deviations = list.deviations().iter().map(deviation_json).collect();
                let items = list
                    .iter()
                    .zip(raw())
                    .map(|(p, r)| path_json(r.offset(), p, r));
                report(
                    "registry-checkpoints",
                    list.len(),
                    Box::new(items),
                    deviations,
                )
            }
            Buffer::CryptoCheckpoint(input) => {
                let value = input.value();
                let item = checkpoint_json(0, Ok(value), value.as_utf16());
                let deviations = if args.lenient {
                    sz_deviations(bytes)
                } else {
                    Vec::new()
                };
                report(
                    "crypto-checkpoint",
                    1,
                    Box::new(std::iter::once(item)),
                    deviations,
                )
            }
            Buffer::RegistryCheckpoint(input) => {
                let item = path_json(0, Ok(input.value()), input.value().as_utf16());
                let deviations = if args.lenient {
                    sz_deviations(bytes)
                } else {
                    Vec::new()
                };
                report(
                    "registry-checkpoint",
                    1,
                    Box::new(std::iter::once(item)),
                    deviations,
                )
            }
            Buffer::Empty => report("empty", 0, Box::new(std::iter::empty()), Vec::new()),
            _ => {
                return Err(Failure::data(format!(
                    "the buffer format of {code} ({}) is not known to clusctl; {} bytes: {} (try --as multi-sz)",
                    if args.input { "input" } else { "output" },
                    bytes.len(),
                    hex(bytes.get(..64).unwrap_or(bytes))
                )));
            }
        },
    )
}

fn decode(args: &DecodeArgs, as_json: bool, out: &mut dyn Write) -> Result<u8, Failure> {
    let code = parse_code(&args.code)?;
    let data = read_input(&args.file)?;
    let (bytes, format) =
        dump::read(data, args.format).map_err(|e| Failure::data(e.to_string()))?;
    let report = decode_report(args, code, &bytes)?;
    let mut header = json!({
        "code": code_json(code),
        "direction": if args.input { "input" } else { "output" },
        "input_format": format.label(),
        "bytes": bytes.len(),
        "lenient": args.lenient,
        "format": report.header["format"],
        "count": report.count,
    });
    let mut failures = 0usize;
    let mut first_failure = String::new();
    let mut items = report.items.inspect(|item| {
        if let Some(err) = item.get("error") {
            if failures == 0 {
                first_failure = err["message"].as_str().unwrap_or_default().to_owned();
            }
            failures += 1;
        }
    });
    // Output errors mean a closed pipe: stop quietly.
    let _ = if as_json {
        write_json(out, &mut header, &mut items, &report.deviations)
    } else {
        write_table(out, &header, &mut items, &report.deviations)
    };
    drop(items);
    if failures > 0 {
        eprintln!(
            "clusctl: {failures} of {} items could not be decoded; first: {first_failure}",
            report.count
        );
        return Ok(1);
    }
    Ok(0)
}

/// One JSON document, its items written one at a time.
fn write_json(
    out: &mut dyn Write,
    header: &mut Value,
    items: &mut dyn Iterator<Item = Value>,
    deviations: &[Value],
) -> io::Result<()> {
    let head = serde_json::to_string_pretty(header).map_err(io::Error::other)?;
    let head = head
        .trim_end()
        .strip_suffix('}')
        .unwrap_or(&head)
        .trim_end();
    write!(out, "{head},\n  \"items\": [")?;
    for (i, item) in items.enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &item).map_err(io::Error::other)?;
    }
    let deviations = serde_json::to_string(deviations).map_err(io::Error::other)?;
    writeln!(out, "\n  ],\n  \"deviations\": {deviations}\n}}")
}

fn write_table(
    out: &mut dyn Write,
    doc: &Value,
    items: &mut dyn Iterator<Item = Value>,
    deviations: &[Value],
) -> io::Result<()> {
    let s = text_of;
    let code = &doc["code"];
    writeln!(
        out,
        "code     {} {}",
        s(&code["value"]),
        s(&code["display"])
    )?;
    writeln!(
        out,
        "buffer   {} {}, {} bytes ({} input){}",
        s(&doc["direction"]),
        s(&doc["format"]),
        doc["bytes"],
        s(&doc["input_format"]),
        if doc["lenient"] == true {
            ", lenient"
        } else {
            ""
        }
    )?;
    writeln!(out, "items    {}", doc["count"])?;
    let crypto = doc["format"]
        .as_str()
        .is_some_and(|f| f.starts_with("crypto"));
    let mut items = items.peekable();
    if items.peek().is_some() {
        if crypto {
            writeln!(
                out,
                "{:>7}  {:>4}  {:<58}  key",
                "offset", "type", "provider"
            )?;
        } else {
            writeln!(out, "{:>7}  value", "offset")?;
        }
    }
    for i in items {
        let offset = s(&i["offset"]);
        let text = i
            .get("path")
            .or_else(|| i.get("text"))
            .map(s)
            .unwrap_or_default();
        if let Some(err) = i.get("error") {
            writeln!(out, "{offset:>7}  error: {}  ({text})", s(&err["message"]))?;
        } else if crypto {
            let provider = i["provider"].as_str().unwrap_or("(default)");
            writeln!(
                out,
                "{offset:>7}  {:>4}  {provider:<58}  {}",
                s(&i["type_text"]),
                s(&i["key"])
            )?;
        } else {
            writeln!(out, "{offset:>7}  {text}")?;
        }
    }
    for d in deviations {
        writeln!(out, "tolerated: {}", s(&d["message"]))?;
    }
    Ok(())
}

fn text_of(v: &Value) -> String {
    v.as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string())
}

fn sz_deviations(bytes: &[u8]) -> Vec<Value> {
    match buffers::CryptoCheckpointInput::decode_lenient(bytes).map(|(_, d)| d) {
        Ok(Some(buffers::SzDeviation::Unterminated { offset })) => {
            vec![
                json!({ "offset": offset, "message": format!("string not terminated at byte {offset}") }),
            ]
        }
        Ok(Some(buffers::SzDeviation::TrailingData { offset, len })) => {
            vec![
                json!({ "offset": offset, "message": format!("{len} trailing bytes at byte {offset}") }),
            ]
        }
        _ => Vec::new(),
    }
}

fn describe(code: ControlCode, direction: Direction, args: &DecodeArgs) -> String {
    let format = match args.as_format {
        Some(AsFormat::MultiSz) => "multi-sz",
        None => buffers::format_of(code, direction).map_or("unknown", |f| f.label()),
    };
    format!(
        "{format} ({code} {})",
        if args.input { "input" } else { "output" }
    )
}

fn encode(args: &EncodeArgs) -> Result<Vec<u8>, Failure> {
    let code = parse_code(&args.code)?;
    match buffers::format_of(code, Direction::Input) {
        Some(buffers::BufferFormat::CryptoCheckpoint) => {
            let checkpoint: CheckpointBuf = args
                .value
                .parse()
                .map_err(|e| Failure::usage(format!("checkpoint {:?}: {e}", args.value)))?;
            buffers::CryptoCheckpointInput::to_vec(&checkpoint)
                .map_err(|e| Failure::usage(e.to_string()))
        }
        Some(buffers::BufferFormat::RegistryCheckpoint) => {
            let path = RegistryKeyPath::parse(&args.value)
                .map_err(|e| Failure::usage(format!("key path {:?}: {e}", args.value)))?;
            buffers::RegistryCheckpointInput::to_vec(&path)
                .map_err(|e| Failure::usage(e.to_string()))
        }
        _ => Err(Failure::usage(format!(
            "clusctl cannot build the input buffer of {code}"
        ))),
    }
}

/// Human output: readable tables.
fn render(command: &Command, doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    let s = text_of;
    match command {
        Command::Code(_) => {
            for c in doc["codes"].as_array().into_iter().flatten() {
                writeln!(out, "{}  {}", s(&c["value"]), s(&c["display"]))?;
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
        }
        Command::List(_) => {
            for e in doc["entries"].as_array().into_iter().flatten() {
                let legacy = if e["legacy"] == true {
                    "  (legacy)"
                } else {
                    ""
                };
                writeln!(out, "{}  {}{legacy}", s(&e["value"]), s(&e["name"]))?;
            }
            writeln!(out, "{} codes", doc["count"])?;
        }
        Command::Decode(_) => {}
        Command::Encode(_) => writeln!(out, "{}", s(&doc["hex"]))?,
    }
    Ok(())
}
