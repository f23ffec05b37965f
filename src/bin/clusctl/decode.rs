//! `clusctl decode`: a captured buffer of a control code, as a table or as
//! one JSON document whose items are written one at a time.

use std::io::{self, Write};

use clap::Args;
use clusctl::buffers::{self, Buffer, BufferFormat, Direction, Strictness};
use clusctl::{ControlCode, DecodeError};
use serde_json::{Value, json};

use crate::code::code_json;
use crate::{Failure, dump, hex, parse_code, read_input, sorted, style, text_of};

const EXAMPLES: &str = "\
Every documented format decodes (property and value lists, strings, numbers, structs);
`clusctl code NAME` shows a code, `--json` prints the document `clusctl encode --from-json` reads.

Examples:
  clusctl decode --code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS tests/data/get_crypto_checkpoints.bin
  clusctl decode --code CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES tests/data/get_common_properties.bin
  clusctl --json decode --code CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES tests/data/get_required_dependencies.bin";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub(crate) struct DecodeArgs {
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
    /// Decode as this format instead of the code's own: `multi-sz`,
    /// `property-list`, `value-list`, `sz`, `dword`, `struct:NAME`, ... (any
    /// format `clusctl code` shows).
    #[arg(long = "as", value_name = "FORMAT", value_parser = parse_format)]
    as_format: Option<BufferFormat>,
    /// The input's format.
    #[arg(long, value_enum, default_value_t = dump::Format::Auto)]
    format: dump::Format,
    /// The file, or `-` for standard input.
    #[arg(default_value = "-")]
    file: String,
}

fn parse_format(text: &str) -> Result<BufferFormat, String> {
    text.parse().map_err(|e| {
        format!("{e}: a format like multi-sz, property-list, value-list, sz, dword or struct:NAME")
    })
}

/// What to decode a buffer as: the code, the direction, strict or lenient,
/// and an optional forced format.
#[derive(Clone, Copy, Debug)]
struct Request {
    code: ControlCode,
    direction: Direction,
    strictness: Strictness,
    as_format: Option<BufferFormat>,
}

impl Request {
    fn lenient(self) -> bool {
        self.strictness == Strictness::Lenient
    }

    fn direction_label(self) -> &'static str {
        match self.direction {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// The decoded buffer as the library serializes it: `format`, `count`,
/// `items`, `deviations` (and `struct`, `hex`).
fn decode_body(request: Request, bytes: &[u8]) -> Result<Value, Failure> {
    let buffer = decode_buffer(request, bytes)?;
    serde_json::to_value(&buffer).map_err(|e| Failure::data(e.to_string()))
}

/// The decoded buffer, or the message of `decode_body`'s failure.
fn decode_buffer(request: Request, bytes: &[u8]) -> Result<Buffer<'_>, Failure> {
    let Request {
        code, direction, ..
    } = request;
    let fail =
        |e: DecodeError| Failure::data(format!("cannot decode as {}: {e}", describe(request)));
    let buffer = match request.as_format {
        Some(format) => buffers::decode_as(format, bytes, request.strictness).map_err(fail)?,
        None => buffers::decode(code, direction, bytes, request.strictness).map_err(fail)?,
    };
    if let Buffer::Unknown { .. } = buffer {
        return Err(Failure::data(format!(
            "the buffer format of {code} ({}) is not known to clusctl; {} bytes: {} (try --as multi-sz, --as property-list, ...)",
            request.direction_label(),
            bytes.len(),
            hex(bytes.get(..64).unwrap_or(bytes))
        )));
    }
    Ok(buffer)
}

/// The head of the document `decode --json` prints, without the items and
/// the deviations.
fn header(request: Request, bytes: &[u8], body: &Value) -> Value {
    let mut head = json!({
        "code": code_json(request.code),
        "direction": request.direction_label(),
        "bytes": bytes.len(),
        "lenient": request.lenient(),
    });
    if let (Some(head), Some(body)) = (head.as_object_mut(), body.as_object()) {
        for (key, value) in body {
            if key != "items" && key != "deviations" {
                head.insert(key.clone(), value.clone());
            }
        }
    }
    head
}

/// The document `decode --json` prints for `bytes` (without its
/// `input_format`, which belongs to a file), built in memory: for buffers
/// found elsewhere, such as the calls of a capture. A buffer that cannot be
/// decoded gives `format`, `bytes`, the `hex` and an `error` message.
#[allow(dead_code, reason = "the capture command embeds it per call")]
pub(crate) fn document(
    code: ControlCode,
    direction: Direction,
    bytes: &[u8],
    strictness: Strictness,
) -> Value {
    let request = Request {
        code,
        direction,
        strictness,
        as_format: None,
    };
    match decode_body(request, bytes) {
        Ok(mut body) => {
            let mut doc = header(request, bytes, &body);
            doc["items"] = body["items"].take();
            doc["deviations"] = body["deviations"].take();
            doc
        }
        Err(Failure(message, _)) => json!({
            "code": code_json(code),
            "direction": request.direction_label(),
            "bytes": bytes.len(),
            "lenient": request.lenient(),
            "format": buffers::format_of(code, direction).map_or("unknown".to_owned(), |f| f.to_string()),
            "hex": hex(bytes),
            "error": message,
        }),
    }
}

/// The JSON of `document(code, direction, bytes, strictness)`, byte for
/// byte, with the code's JSON (`code_json(code)` as `serde_json` writes
/// it) given already rendered: what a capture makes for every buffer of
/// every call. The decoded buffer is written straight to text with its keys
/// sorted as a `Value` sorts them (`sorted`), without building the code's
/// object again or a tree of the body.
pub(crate) fn document_json(
    code: ControlCode,
    code_json: &[u8],
    direction: Direction,
    bytes: &[u8],
    strictness: Strictness,
) -> serde_json::Result<Vec<u8>> {
    let request = Request {
        code,
        direction,
        strictness,
        as_format: None,
    };
    let general = || serde_json::to_vec(&document(code, direction, bytes, strictness));
    // Errors take the general path (it makes their message).
    let Ok(buffer) = decode_buffer(request, bytes) else {
        return general();
    };
    let mut body = Vec::with_capacity(bytes.len() * 4 + 64);
    let Some(mut entries) = sorted::entries(&buffer, &mut body)? else {
        return general();
    };
    // A repeated key keeps its last value, as in a `Value`.
    entries.reverse();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    let bytes_text = bytes.len().to_string();
    let direction_text = format!("\"{}\"", request.direction_label());
    let mut fields: Vec<(&str, &[u8])> = Vec::with_capacity(entries.len() + 6);
    fields.push(("code", code_json));
    fields.push(("direction", direction_text.as_bytes()));
    fields.push(("bytes", bytes_text.as_bytes()));
    fields.push((
        "lenient",
        if request.lenient() { b"true" } else { b"false" },
    ));
    // `document` takes these two from the body, null when it has none.
    fields.push(("items", b"null"));
    fields.push(("deviations", b"null"));
    // The body's keys replace the head's, as in `header`.
    fields.retain(|(key, _)| entries.binary_search_by(|e| e.0.as_str().cmp(key)).is_err());
    fields.extend(
        entries
            .iter()
            .map(|(key, range)| (key.as_str(), &body[range.clone()])),
    );
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let size = fields
        .iter()
        .map(|(k, v)| k.len() + v.len() + 4)
        .sum::<usize>()
        + 2;
    let mut text = Vec::with_capacity(size);
    text.push(b'{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            text.push(b',');
        }
        serde_json::to_writer(&mut text, key)?;
        text.push(b':');
        text.extend_from_slice(value);
    }
    text.push(b'}');
    Ok(text)
}

/// `clusctl decode`.
pub(crate) fn run(args: &DecodeArgs, as_json: bool, out: &mut dyn Write) -> Result<u8, Failure> {
    let request = Request {
        code: parse_code(&args.code)?,
        direction: if args.input {
            Direction::Input
        } else {
            Direction::Output
        },
        strictness: if args.lenient {
            Strictness::Lenient
        } else {
            Strictness::Strict
        },
        as_format: args.as_format,
    };
    let (data, mut progress) = read_input(&args.file)?;
    progress.stage("decoding");
    let (bytes, format) =
        dump::read(data, args.format).map_err(|e| Failure::data(e.to_string()))?;
    let mut body = decode_body(request, &bytes)?;
    let mut header = header(request, &bytes, &body);
    header["input_format"] = json!(format.label());
    let count = body["count"].as_u64().unwrap_or_default();
    progress.items(count, "writing");
    let deviations = match body["deviations"].take() {
        Value::Array(list) => list,
        _ => Vec::new(),
    };
    let items = match body["items"].take() {
        Value::Array(list) => list,
        _ => Vec::new(),
    };
    let mut failures = 0usize;
    let mut first_failure = String::new();
    let mut items = items.into_iter().inspect(|item| {
        progress.inc(1);
        if let Some(err) = item.get("error") {
            if failures == 0 {
                first_failure = err["message"].as_str().unwrap_or_default().to_owned();
            }
            failures += 1;
        }
    });
    // Output errors mean a closed pipe: stop quietly.
    let _ = if as_json {
        write_json(out, &header, &mut items, &deviations)
    } else {
        write_table(out, &header, &mut items, &deviations)
    };
    drop(items);
    progress.finish();
    if failures > 0 {
        eprintln!(
            "clusctl: {failures} of {count} items could not be decoded; first: {first_failure}"
        );
        return Ok(1);
    }
    Ok(0)
}

/// One JSON document, its items written one at a time.
fn write_json(
    out: &mut dyn Write,
    header: &Value,
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
    if let Some(hex) = doc.get("hex").and_then(Value::as_str) {
        writeln!(out, "hex      {hex}")?;
    }
    let format = doc["format"].as_str().unwrap_or_default();
    let crypto = format.starts_with("crypto");
    let mut items = items.peekable();
    if let Some(first) = items.peek() {
        let heading = if crypto {
            format!("{:>7}  {:>4}  {:<58}  key", "offset", "type", "provider")
        } else if first.get("values").is_some() {
            format!("{:>7}  {:<32}  {:<28}  value", "offset", "name", "syntax")
        } else if first.get("type").is_some() && first.get("name").is_some() {
            format!("{:>7}  {:<32}  {:<14}  value", "offset", "field", "type")
        } else if first.get("syntax").is_some() {
            format!("{:>7}  {:<28}  value", "offset", "syntax")
        } else {
            format!("{:>7}  value", "offset")
        };
        writeln!(out, "{}", style::heading(heading))?;
    }
    for i in items {
        let offset = s(&i["offset"]);
        let text = i
            .get("path")
            .or_else(|| i.get("text"))
            .map(s)
            .unwrap_or_default();
        if let Some(err) = i.get("error") {
            let line = format!("{offset:>7}  error: {}  ({text})", s(&err["message"]));
            writeln!(out, "{}", style::error(line))?;
        } else if crypto {
            let provider = i["provider"].as_str().unwrap_or("(default)");
            writeln!(
                out,
                "{offset:>7}  {:>4}  {provider:<58}  {}",
                s(&i["type_text"]),
                s(&i["key"])
            )?;
        } else if let Some(values) = i.get("values").and_then(Value::as_array) {
            // A property (or a disk): one line per value, the name on the first.
            let name = match (i.get("name"), i.get("disk")) {
                (Some(name), _) => s(name),
                (None, Some(disk)) => format!("disk {disk}"),
                (None, None) => s(&i["name_hex"]),
            };
            if values.is_empty() {
                writeln!(out, "{offset:>7}  {name}")?;
            }
            // A property-format list names the format its WORD holds.
            let format = i
                .get("format")
                .and_then(Value::as_str)
                .map_or(String::new(), |f| {
                    format!("  ({})", f.strip_prefix("CLUSPROP_FORMAT_").unwrap_or(f))
                });
            for (n, v) in values.iter().enumerate() {
                writeln!(
                    out,
                    "{:>7}  {:<32}  {:<28}  {}{}",
                    s(&v["offset"]),
                    if n == 0 { name.as_str() } else { "" },
                    syntax_label(v),
                    value_text(v),
                    if n == 0 { format.as_str() } else { "" }
                )?;
            }
        } else if i.get("type").is_some() && i.get("name").is_some() {
            writeln!(
                out,
                "{offset:>7}  {:<32}  {:<14}  {}",
                s(&i["name"]),
                s(&i["type"]),
                value_text(&i)
            )?;
        } else if i.get("syntax").is_some() {
            writeln!(
                out,
                "{offset:>7}  {:<28}  {}",
                syntax_label(&i),
                value_text(&i)
            )?;
        } else if i.get("value").is_some() {
            writeln!(out, "{offset:>7}  {}", value_text(&i))?;
        } else {
            writeln!(out, "{offset:>7}  {text}")?;
        }
    }
    for d in deviations {
        let line = format!("tolerated: {}", s(&d["message"]));
        writeln!(out, "{}", style::warning(line))?;
    }
    Ok(())
}

/// The syntax of a list value: its name, or its hex value.
fn syntax_label(v: &Value) -> String {
    let syntax = text_of(&v["syntax"]);
    syntax
        .strip_prefix("CLUSPROP_SYNTAX_")
        .map_or(syntax.clone(), str::to_owned)
}

/// An item's value for a table: numbers also in hex, text as is, anything
/// else as compact JSON.
fn value_text(item: &Value) -> String {
    let value = item.get("value").unwrap_or(&Value::Null);
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(u) if u > 9 => format!("{u} ({u:#x})"),
            _ => n.to_string(),
        },
        Value::String(text) => text.clone(),
        Value::Null => match (item.get("hex"), item.get("text")) {
            _ if item.get("class").is_some() => {
                let class = &item["class"];
                let name = match class.as_u64() {
                    Some(0) => "UNKNOWN",
                    Some(1) => "STORAGE",
                    Some(2) => "NETWORK",
                    Some(0x8000) => "USER",
                    _ => "?",
                };
                match item["subclass"].as_u64() {
                    Some(sub) => format!("class {class} ({name}), subclass {sub:#x}"),
                    None => format!("class {class} ({name})"),
                }
            }
            _ if item.get("scsi_address").is_some() => {
                let a = &item["scsi_address"];
                format!(
                    "port {} path {} target {} lun {}",
                    a["port_number"], a["path_id"], a["target_id"], a["lun"]
                )
            }
            _ if item.get("partition").is_some() => {
                let p = &item["partition"];
                format!(
                    "{} \"{}\" {} flags {:#x}",
                    text_of(&p["device_name"]),
                    text_of(&p["volume_label"]),
                    text_of(&p["file_system"]),
                    p["flags"].as_u64().unwrap_or_default()
                )
            }
            (Some(hex), _) => {
                let hex = text_of(hex);
                match hex.get(..64) {
                    Some(head) if hex.len() > 64 => {
                        format!("0x{head}... ({} bytes)", hex.len() / 2)
                    }
                    _ => format!("0x{hex}"),
                }
            }
            (None, Some(text)) => text_of(text),
            (None, None) => String::new(),
        },
        other => other.to_string(),
    }
}

fn describe(request: Request) -> String {
    let format = request
        .as_format
        .or_else(|| buffers::format_of(request.code, request.direction))
        .map_or("unknown".to_owned(), |f| f.to_string());
    format!("{format} ({} {})", request.code, request.direction_label())
}
