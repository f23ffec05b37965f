//! `clusctl decode`: a captured buffer of a control code, as a table or as
//! one JSON document whose items are written one at a time.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use clusctl::buffers::{self, Buffer, Direction, Strictness};
use clusctl::checkpoint::{Utf16Checkpoint, Utf16RegistryKeyPath};
use clusctl::multi_sz::{self, Utf16LeStr};
use clusctl::{ControlCode, DecodeError};
use serde_json::{Value, json};

use crate::code::code_json;
use crate::{Failure, dump, hex, parse_code, read_input, style, text_of};

#[derive(Args, Debug)]
#[command(after_help = "\
Examples:
  clusctl decode --code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS tests/data/get_crypto_checkpoints.xxd
  clusctl decode --code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS --lenient tests/data/get_crypto_checkpoints_truncated.bin
  clusctl --json decode --code 0x010000A9 - < tests/data/get_registry_checkpoints.bin")]
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
pub(crate) enum AsFormat {
    /// Any multi-string (REG_MULTI_SZ framing).
    MultiSz,
}

/// What to decode a buffer as: the code, the direction, strict or lenient,
/// and an optional forced format.
#[derive(Clone, Copy, Debug)]
struct Request {
    code: ControlCode,
    direction: Direction,
    strictness: Strictness,
    as_format: Option<AsFormat>,
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

/// A decoded buffer, ready to print: the format, the items (made one at a
/// time while printing, so memory stays bounded by the input) and the
/// deviations.
struct Report<'a> {
    format: &'static str,
    count: usize,
    items: Box<dyn Iterator<Item = Value> + 'a>,
    deviations: Vec<Value>,
}

impl<'a> Report<'a> {
    fn new(
        format: &'static str,
        count: usize,
        items: Box<dyn Iterator<Item = Value> + 'a>,
        deviations: Vec<Value>,
    ) -> Self {
        Self {
            format,
            count,
            items,
            deviations,
        }
    }
}

fn deviation_json(d: &multi_sz::Deviation) -> Value {
    json!({ "offset": d.offset(), "message": d.to_string() })
}

fn decode_report(request: Request, bytes: &[u8]) -> Result<Report<'_>, Failure> {
    let Request {
        code, direction, ..
    } = request;
    let lenient = request.lenient();
    let fail =
        |e: DecodeError| Failure::data(format!("cannot decode as {}: {e}", describe(request)));
    if let Some(AsFormat::MultiSz) = request.as_format {
        return Ok(if lenient {
            let list = multi_sz::decode_lenient(bytes);
            let deviations = list.deviations().iter().map(deviation_json).collect();
            Report::new(
                "multi-sz",
                list.len(),
                Box::new(list.iter().map(string_json)),
                deviations,
            )
        } else {
            let list = clusctl::MultiSz::decode(bytes).map_err(fail)?;
            Report::new(
                "multi-sz",
                list.len(),
                Box::new(list.iter().map(string_json)),
                Vec::new(),
            )
        });
    }
    // The raw strings, walked beside the typed items for offsets and text.
    let raw = move || multi_sz::decode_lenient(bytes).iter();
    let sz_deviations = || {
        if lenient {
            sz_deviations(bytes)
        } else {
            Vec::new()
        }
    };
    Ok(
        match buffers::decode(code, direction, bytes, request.strictness).map_err(fail)? {
            Buffer::CryptoCheckpoints(list) => {
                let deviations = list.deviations().iter().map(deviation_json).collect();
                let items = list
                    .iter()
                    .zip(raw())
                    .map(|(c, r)| checkpoint_json(r.offset(), c, r));
                Report::new(
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
                Report::new(
                    "registry-checkpoints",
                    list.len(),
                    Box::new(items),
                    deviations,
                )
            }
            Buffer::CryptoCheckpoint(input) => {
                let value = input.value();
                let item = checkpoint_json(0, Ok(value), value.as_utf16());
                Report::new(
                    "crypto-checkpoint",
                    1,
                    Box::new(std::iter::once(item)),
                    sz_deviations(),
                )
            }
            Buffer::RegistryCheckpoint(input) => {
                let item = path_json(0, Ok(input.value()), input.value().as_utf16());
                Report::new(
                    "registry-checkpoint",
                    1,
                    Box::new(std::iter::once(item)),
                    sz_deviations(),
                )
            }
            Buffer::Empty => Report::new("empty", 0, Box::new(std::iter::empty()), Vec::new()),
            _ => {
                return Err(Failure::data(format!(
                    "the buffer format of {code} ({}) is not known to clusctl; {} bytes: {} (try --as multi-sz)",
                    request.direction_label(),
                    bytes.len(),
                    hex(bytes.get(..64).unwrap_or(bytes))
                )));
            }
        },
    )
}

/// The head of the document `decode --json` prints, without the items and
/// the deviations.
fn header(request: Request, bytes: &[u8], report: &Report<'_>) -> Value {
    json!({
        "code": code_json(request.code),
        "direction": request.direction_label(),
        "bytes": bytes.len(),
        "lenient": request.lenient(),
        "format": report.format,
        "count": report.count,
    })
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
    match decode_report(request, bytes) {
        Ok(report) => {
            let mut doc = header(request, bytes, &report);
            doc["items"] = Value::Array(report.items.collect());
            doc["deviations"] = Value::Array(report.deviations);
            doc
        }
        Err(Failure(message, _)) => json!({
            "code": code_json(code),
            "direction": request.direction_label(),
            "bytes": bytes.len(),
            "lenient": request.lenient(),
            "format": buffers::format_of(code, direction).map_or("unknown", |f| f.label()),
            "hex": hex(bytes),
            "error": message,
        }),
    }
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
    let report = decode_report(request, &bytes)?;
    progress.items(report.count as u64, "writing");
    let mut header = header(request, &bytes, &report);
    header["input_format"] = json!(format.label());
    let mut failures = 0usize;
    let mut first_failure = String::new();
    let mut items = report.items.inspect(|item| {
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
        write_json(out, &header, &mut items, &report.deviations)
    } else {
        write_table(out, &header, &mut items, &report.deviations)
    };
    drop(items);
    progress.finish();
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
    let crypto = doc["format"]
        .as_str()
        .is_some_and(|f| f.starts_with("crypto"));
    let mut items = items.peekable();
    if items.peek().is_some() {
        let heading = if crypto {
            format!("{:>7}  {:>4}  {:<58}  key", "offset", "type", "provider")
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

fn describe(request: Request) -> String {
    let format = match request.as_format {
        Some(AsFormat::MultiSz) => "multi-sz",
        None => {
            buffers::format_of(request.code, request.direction).map_or("unknown", |f| f.label())
        }
    };
    format!("{format} ({} {})", request.code, request.direction_label())
}
