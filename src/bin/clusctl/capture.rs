//! `clusctl capture`: every control call of a pcap, pcapng or tshark field
//! export, as a table, one JSON document, or JSON lines as calls complete.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use clap::Args;
use clusctl::ControlCode;
use clusctl::buffers::{Direction, Strictness};
use clusctl::capture::{CaptureError, Deviation, Event, Reader};
use clusctl::rpc::{ControlCall, EncryptedCall};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::Failure;
use crate::code::code_json;
use crate::decode::{document, document_json};
use crate::progress::{self, Progress};

const EXAMPLES: &str = "\
A sealed (encrypted) capture is read through tshark's decrypted export:
tshark -r sealed.pcapng -o 'ntlmssp.nt_password:PASSWORD' --disable-protocol clusapi
-Y 'dcerpc.cn_flags.last_frag == 1' -T fields -e frame.number -e dcerpc.pkt_type
-e dcerpc.cn_call_id -e dcerpc.opnum -e dcerpc.decrypted_stub_data | clusctl capture -

Examples:
  clusctl capture tests/data/capture_all_functions.pcapng
  clusctl capture --jsonl tests/data/capture_more_data.pcap
  clusctl capture tests/data/capture_encrypted.decrypted.txt";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub(crate) struct CaptureArgs {
    /// Print one JSON object per call, one per line, as calls complete.
    #[arg(long, conflicts_with = "json")]
    jsonl: bool,
    /// A pcap, pcapng or tshark field export file, or `-` for standard
    /// input (the format is detected).
    file: String,
}

/// One call as the `--json` document and `--jsonl` lines show it: the
/// fields of the document, in its order, then added ones. The
/// `code`, `input` and `output` documents, rendered already, go between
/// `CallHead` and `CallTail`.
#[derive(Serialize)]
struct CallHead {
    call_id: u32,
    opnum: u16,
    function: &'static str,
    request_frame: u64,
    response_frame: Option<u64>,
}

#[derive(Serialize)]
struct CallTail {
    in_buffer_size: u32,
    out_buffer_size: u32,
    bytes_returned: Option<u32>,
    required: Option<u32>,
    rpc_status: Option<u32>,
    status: Option<StatusJson>,
    fault: bool,
    transfer_syntax: &'static str,
    stub_deviations: Vec<StubDeviation>,
}

#[derive(Serialize)]
struct StatusJson {
    value: u32,
    name: Option<&'static str>,
}

#[derive(Serialize)]
struct StubDeviation {
    stub: &'static str,
    offset: usize,
    message: String,
}

/// The JSON of control codes and decoded buffers, kept for the values
/// seen most (captures repeat the same queries): bounded, cleared when
/// full. Documents are found by a hash of (code, direction, bytes) and
/// the bytes compared.
#[derive(Default)]
struct Cache {
    codes: HashMap<u32, Box<[u8]>>,
    /// The buffer's bytes and its document, by `key`.
    documents: HashMap<u64, Cached>,
    document_bytes: usize,
    /// The line being written, reused from call to call.
    line: Vec<u8>,
}

/// A cached buffer's bytes and its document.
type Cached = (Box<[u8]>, Box<[u8]>);

/// Most cached codes, documents, and buffer bytes of cached documents;
/// buffers larger than `MAX_CACHED_BUFFER` are decoded every time.
const MAX_CACHED: usize = 4096;
const MAX_CACHED_BYTES: usize = 16 << 20;
const MAX_CACHED_BUFFER: usize = 64 << 10;

fn key(code: ControlCode, direction: Direction, bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (code.value(), direction == Direction::Input, bytes).hash(&mut h);
    h.finish()
}

/// A buffer's document (as `document` makes it), written with the code's
/// JSON rendered already.
fn made(code: ControlCode, code_json: &[u8], direction: Direction, bytes: &[u8]) -> Box<[u8]> {
    document_json(code, code_json, direction, bytes, Strictness::Lenient)
        .map_or_else(|_| Box::from(&b"null"[..]), Vec::into_boxed_slice)
}

/// A buffer's document: from the cache, or made for this call only.
enum Doc {
    Cached(u64),
    Made(Box<[u8]>),
}

impl Cache {
    fn code(&mut self, code: ControlCode) {
        if self.codes.len() >= MAX_CACHED && !self.codes.contains_key(&code.value()) {
            self.codes.clear();
        }
        self.codes.entry(code.value()).or_insert_with(|| {
            serde_json::to_vec(&code_json(code))
                .map_or_else(|_| Box::from(&b"null"[..]), Vec::into_boxed_slice)
        });
    }

    fn code_json(&self, code: ControlCode) -> &[u8] {
        self.codes.get(&code.value()).map_or(b"null", |c| &**c)
    }

    fn document(&mut self, code: ControlCode, direction: Direction, bytes: &[u8]) -> Doc {
        let code_json = self.codes.get(&code.value()).map_or(&b"null"[..], |c| &**c);
        let make = || made(code, code_json, direction, bytes);
        if bytes.len() > MAX_CACHED_BUFFER {
            return Doc::Made(make());
        }
        let key = key(code, direction, bytes);
        match self.documents.get(&key) {
            Some((b, _)) if **b == *bytes => return Doc::Cached(key),
            Some(_) => return Doc::Made(make()),
            None => {}
        }
        if self.documents.len() >= MAX_CACHED
            || self.document_bytes + bytes.len() > MAX_CACHED_BYTES
        {
            self.documents.clear();
            self.document_bytes = 0;
        }
        let doc = make();
        self.document_bytes += bytes.len() + doc.len();
        self.documents.insert(key, (bytes.into(), doc));
        Doc::Cached(key)
    }

    fn get<'a>(&'a self, doc: Option<&'a Doc>) -> &'a [u8] {
        match doc {
            None => b"null",
            Some(Doc::Cached(key)) => self.documents.get(key).map_or(b"null", |(_, d)| &**d),
            Some(Doc::Made(d)) => d,
        }
    }

    /// Writes one call as JSON (one line, without its newline).
    fn write_call(&mut self, call: &ControlCall, out: &mut dyn Write) -> io::Result<()> {
        let code = call.code();
        self.code(code);
        let mut input = call
            .input()
            .map(|b| self.document(code, Direction::Input, b));
        let output = call
            .output()
            .map(|b| self.document(code, Direction::Output, b));
        // The output's insertion may have cleared the cache: make the
        // input's document again if so.
        if let (Some(Doc::Cached(k)), Some(bytes)) = (&input, call.input())
            && !self.documents.contains_key(k)
        {
            input = Some(Doc::Made(made(
                code,
                self.code_json(code),
                Direction::Input,
                bytes,
            )));
        }
        let status = call.status().or(call.fault());
        let head = CallHead {
            call_id: call.call_id(),
            opnum: call.opnum(),
            function: call.function().name(),
            request_frame: call.request_frame(),
            response_frame: call.response_frame(),
        };
        let tail = CallTail {
            in_buffer_size: call.in_buffer_size(),
            out_buffer_size: call.out_buffer_size(),
            bytes_returned: call.bytes_returned(),
            required: call.required(),
            rpc_status: call.rpc_status(),
            status: status.map(|s| StatusJson {
                value: s.value(),
                name: s.name(),
            }),
            fault: call.fault().is_some(),
            transfer_syntax: call.format().syntax.label(),
            stub_deviations: call
                .deviations()
                .iter()
                .map(|(d, e)| StubDeviation {
                    stub: if *d == Direction::Input {
                        "request"
                    } else {
                        "response"
                    },
                    offset: e.offset(),
                    message: e.to_string(),
                })
                .collect(),
        };
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        serde_json::to_writer(&mut line, &head).map_err(io::Error::other)?;
        line.pop(); // the head's `}`
        line.extend_from_slice(b",\"code\":");
        line.extend_from_slice(self.code_json(code));
        line.extend_from_slice(b",\"input\":");
        line.extend_from_slice(self.get(input.as_ref()));
        line.extend_from_slice(b",\"output\":");
        line.extend_from_slice(self.get(output.as_ref()));
        let tail_from = line.len();
        serde_json::to_writer(&mut line, &tail).map_err(io::Error::other)?;
        line[tail_from] = b','; // the tail's `{`
        let written = out.write_all(&line);
        self.line = line;
        written
    }

    /// One call, serialized.
    fn call(&mut self, call: &ControlCall) -> Box<RawValue> {
        let mut text = Vec::new();
        let _ = self.write_call(call, &mut text);
        String::from_utf8(text)
            .ok()
            .and_then(|t| RawValue::from_string(t).ok())
            .unwrap_or_else(|| RawValue::NULL.to_owned())
    }
}

fn encrypted_json(call: &EncryptedCall) -> Value {
    json!({
        "call_id": call.call_id,
        "opnum": call.opnum,
        "function": call.function().map(|f| f.name()),
        "request_frame": call.request_frame,
        "response_frame": call.response_frame,
        "auth_type": call.auth_type,
        "auth_level": call.auth_level,
    })
}

fn deviation_json(d: &Deviation) -> Value {
    let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
    v["message"] = Value::String(d.to_string());
    v
}

/// `clusctl capture`.
pub(crate) fn run(args: &CaptureArgs, as_json: bool, out: &mut dyn Write) -> Result<u8, Failure> {
    // A byte-count bar over the capture (terminal only, never with --json,
    // --jsonl or --quiet; see `progress`).
    let bar = |total: u64| {
        if args.jsonl {
            Progress::hidden()
        } else {
            Progress::bytes(total, "reading")
        }
    };
    let (input, progress): (Box<dyn Read + Send>, Progress) = if args.file == "-" {
        let progress = bar(progress::stdin_len().unwrap_or(0));
        (Box::new(progress.reader(io::stdin())), progress)
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| Failure::data(format!("{}: {e}", args.file)))?;
        let progress = bar(file.metadata().map_or(0, |m| m.len()));
        (Box::new(progress.reader(file)), progress)
    };
    let reader = Reader::new(input).map_err(|e| Failure::data(format!("{}: {e}", args.file)))?;
    let mode = if args.jsonl {
        Mode::Lines
    } else if as_json {
        Mode::Document
    } else {
        Mode::Table
    };
    let mut sink = Sink {
        mode,
        cache: Cache::default(),
        calls: Vec::new(),
        encrypted: Vec::new(),
        deviations: Vec::new(),
        rows: 0,
    };
    let mut failure = None;
    // Output errors are a closed pipe: stop quietly.
    for event in reader {
        match event {
            Ok(event) => {
                if sink.event(event, out).is_err() {
                    return Ok(0);
                }
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    progress.finish();
    let _ = sink.finish(out);
    match failure {
        Some(e) => {
            let _ = out.flush();
            Err(Failure::data(format!("{}: {}", args.file, describe(&e))))
        }
        None => Ok(0),
    }
}

fn describe(e: &CaptureError) -> String {
    e.to_string()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Table,
    Document,
    Lines,
}

struct Sink {
    mode: Mode,
    cache: Cache,
    calls: Vec<Box<RawValue>>,
    encrypted: Vec<EncryptedCall>,
    deviations: Vec<Deviation>,
    rows: usize,
}

impl Sink {
    fn event(&mut self, event: Event, out: &mut dyn Write) -> io::Result<()> {
        match event {
            Event::Call(call) => match self.mode {
                Mode::Lines => {
                    self.cache.write_call(&call, out)?;
                    out.write_all(b"\n")?;
                }
                Mode::Document => {
                    let line = self.cache.call(&call);
                    self.calls.push(line);
                }
                Mode::Table => self.row(&call, out)?,
            },
            Event::Encrypted(call) => {
                if self.mode == Mode::Table {
                    self.encrypted_row(&call, out)?;
                }
                self.encrypted.push(call);
            }
            Event::Deviation(d) => self.deviations.push(d),
            _ => {}
        }
        Ok(())
    }

    fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.rows == 0 {
            writeln!(
                out,
                "{:<11}  {:>4}  {:<27}  {:<48}  {:<40}  {:<40}  {:>8}  result",
                "frames", "call", "function", "code", "input", "output", "required"
            )?;
        }
        self.rows += 1;
        Ok(())
    }

    fn row(&mut self, call: &ControlCall, out: &mut dyn Write) -> io::Result<()> {
        self.header(out)?;
        let frames = match call.response_frame() {
            Some(r) => format!("{}-{r}", call.request_frame()),
            None => format!("{}-", call.request_frame()),
        };
        let code = call.code();
        let input = summary(document_of(call, Direction::Input).as_ref(), call.input());
        let output = match call.output() {
            None => "(no response)".to_owned(),
            Some(bytes) => summary(document_of(call, Direction::Output).as_ref(), Some(bytes)),
        };
        let required = call.required().map_or_else(String::new, |r| r.to_string());
        let result = match (call.fault(), call.status()) {
            (Some(fault), _) => format!("fault {}", status_text(fault)),
            (None, Some(status)) => status_text(status),
            (None, None) => "-".to_owned(),
        };
        writeln!(
            out,
            "{frames:<11}  {:>4}  {:<27}  {:<48}  {:<40}  {:<40}  {required:>8}  {result}",
            call.call_id(),
            call.function().name(),
            code.to_string(),
            clip(&input, 40),
            clip(&output, 40),
        )
    }

    fn encrypted_row(&mut self, call: &EncryptedCall, out: &mut dyn Write) -> io::Result<()> {
        self.header(out)?;
        let frames = match call.response_frame {
            Some(r) => format!("{}-{r}", call.request_frame),
            None => format!("{}-", call.request_frame),
        };
        let function = call
            .function()
            .map_or_else(|| format!("opnum {}", call.opnum), |f| f.name().to_owned());
        let how = if call.auth_type == 0 && call.auth_level == 0 {
            "no stub in the export: not decrypted".to_owned()
        } else {
            format!(
                "{}, auth level {}",
                auth_name(call.auth_type),
                call.auth_level
            )
        };
        writeln!(
            out,
            "{frames:<11}  {:>4}  {function:<27}  encrypted ({how})",
            call.call_id,
        )
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.mode {
            Mode::Document => {
                let doc = json!({
                    "calls": std::mem::take(&mut self.calls),
                    "encrypted_calls": self.encrypted.len(),
                    "encrypted": self.encrypted.iter().map(encrypted_json).collect::<Vec<_>>(),
                    "deviations": self.deviations.iter().map(deviation_json).collect::<Vec<_>>(),
                });
                serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
                writeln!(out)?;
            }
            Mode::Lines => {
                out.flush()?;
                if !self.encrypted.is_empty() || !self.deviations.is_empty() {
                    eprintln!(
                        "clusctl: {} encrypted calls (not in the output), {} deviations",
                        self.encrypted.len(),
                        self.deviations.len()
                    );
                }
                if !self.encrypted.is_empty() {
                    eprintln!("{DECRYPT_HINT}");
                }
            }
            Mode::Table => {
                if self.rows == 0 {
                    writeln!(out, "no control calls")?;
                }
                for d in &self.deviations {
                    writeln!(out, "tolerated: {d}")?;
                }
                if !self.encrypted.is_empty() {
                    writeln!(
                        out,
                        "{} calls encrypted (packet privacy): their buffers cannot be shown.",
                        self.encrypted.len()
                    )?;
                    writeln!(out, "{DECRYPT_HINT}")?;
                }
            }
        }
        Ok(())
    }
}

const DECRYPT_HINT: &str = "To decode them, decrypt and export with tshark, then read its output:\n  \
tshark -r FILE -o 'ntlmssp.nt_password:PASSWORD' --disable-protocol clusapi -Y 'dcerpc.cn_flags.last_frag == 1' \
-T fields -e frame.number -e dcerpc.pkt_type -e dcerpc.cn_call_id -e dcerpc.opnum -e dcerpc.decrypted_stub_data > calls.txt\n  \
clusctl capture calls.txt";

fn auth_name(auth_type: u8) -> String {
    match auth_type {
        0 => "auth type unknown".to_owned(),
        9 => "SPNEGO".to_owned(),
        10 => "NTLMSSP".to_owned(),
        16 => "Kerberos".to_owned(),
        other => format!("auth type {other}"),
    }
}

fn status_text(status: clusctl::rpc::Status) -> String {
    match status.name() {
        Some(name) => name.to_owned(),
        None => format!("{:#010X}", status.value()),
    }
}

fn document_of(call: &ControlCall, direction: Direction) -> Option<Value> {
    let bytes = match direction {
        Direction::Input => call.input(),
        Direction::Output => call.output(),
    }?;
    Some(document(call.code(), direction, bytes, Strictness::Lenient))
}

/// A buffer in a few words, as `decode` shows it: the format, the items.
fn summary(doc: Option<&Value>, bytes: Option<&[u8]>) -> String {
    let (Some(doc), Some(bytes)) = (doc, bytes) else {
        return "NULL".to_owned();
    };
    if bytes.is_empty() {
        return "(empty)".to_owned();
    }
    let format = doc["format"].as_str().unwrap_or("unknown");
    if doc.get("error").is_some() {
        return format!("{} bytes ({format})", bytes.len());
    }
    let items: Vec<String> = doc["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            match ["path", "text", "name", "value"]
                .iter()
                .find_map(|k| i.get(*k))
            {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => "?".to_owned(),
            }
        })
        .collect();
    if items.is_empty() {
        return format!("{format}, {} bytes", bytes.len());
    }
    format!("{format}: {}", items.join(", "))
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}
