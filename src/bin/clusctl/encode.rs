//! `clusctl encode`: build the input buffer of a control code, from
//! arguments or from a JSON document like the one `decode --json` prints.

use clap::Args;
use clusctl::ControlCode;
use clusctl::buffers::{
    self, BufferFormat, Direction, FieldType, FieldValue, StructBuf, StructLayout,
};
use clusctl::checkpoint::{CheckpointBuf, RegistryKeyPath};
use clusctl::clusprop::{FileTime, Guid, PropertyListBuf, ValueBuf};
use serde_json::Value;

use crate::{Failure, parse_code, read_input};

const EXAMPLES: &str = "\
Property arguments are NAME=VALUE (a string) or NAME:TYPE=VALUE with TYPE one of
sz, expand-sz, dword, long, word, ularge, large, filetime, multi-sz (VALUE split at
commas), binary (VALUE in hex). A NAME given twice gets two values.
A struct input takes FIELD=VALUE arguments (`clusctl decode --as struct:NAME` and the
README list the fields); unset fields are zero. A checkpoint input takes one
checkpoint (`1\\\\SQLServerKey`) or key path. --from-json reads what `decode --json`
prints (decode, edit, encode).

Examples:
  clusctl encode --code CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES Address=10.0.0.5 EnableDhcp:dword=0
  clusctl encode --code CLUSCTL_RESOURCE_STORAGE_SET_DRIVELETTER PartitionNumber=1 DriveLetterMask=0x10
  clusctl --json decode --code CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES tests/data/get_common_properties.bin | clusctl encode --code CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES --from-json -";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub(crate) struct EncodeArgs {
    /// The control code whose input buffer to build (optional with
    /// --from-json when the document names it).
    #[arg(long)]
    code: Option<String>,
    /// The value: one checkpoint (`1\\Provider\\Key`), key path, string or
    /// number; or properties (`Name=text`, `Name:dword=1`, ...); or struct
    /// fields (`FIELD=VALUE`).
    values: Vec<String>,
    /// Build a property list from this JSON document (`-` for standard
    /// input): the `items` (properties) and `endmark` that `decode --json`
    /// prints.
    #[arg(long, value_name = "FILE", conflicts_with = "values")]
    from_json: Option<String>,
    /// Write the raw bytes instead of hex.
    #[arg(long)]
    pub(crate) raw: bool,
}

/// `clusctl encode`: the bytes of the input buffer.
pub(crate) fn run(args: &EncodeArgs) -> Result<Vec<u8>, Failure> {
    let document = match &args.from_json {
        Some(file) => {
            let (text, _progress) = read_input(file)?;
            Some(
                serde_json::from_slice::<Value>(&text)
                    .map_err(|e| Failure::usage(format!("{file}: {e}")))?,
            )
        }
        None => None,
    };
    let code = match (&args.code, &document) {
        (Some(code), _) => parse_code(code)?,
        (None, Some(doc)) => match doc["code"]["value"].as_str() {
            Some(code) => parse_code(code)?,
            None => return Err(Failure::usage("give --code: the document names no code")),
        },
        (None, None) => return Err(Failure::usage("give --code")),
    };
    let format = buffers::format_of(code, Direction::Input);
    if let Some(doc) = document {
        if !accepts(format, BufferFormat::PropertyList) {
            return Err(cannot(code, format));
        }
        return from_document(&doc).map(|list| list.to_vec());
    }
    let alternatives = format.as_ref().map_or(&[][..], BufferFormat::alternatives);
    let properties = !args.values.is_empty() && args.values.iter().all(|v| v.contains('='));
    if properties && alternatives.contains(&BufferFormat::PropertyList) {
        return from_arguments(&args.values).map(|list| list.to_vec());
    }
    // A struct input: the first alternative that has every field named.
    let layouts: Vec<&'static StructLayout> = alternatives
        .iter()
        .filter_map(|f| match f {
            BufferFormat::Struct(layout) => Some(*layout),
            _ => None,
        })
        .collect();
    if let Some(&first) = layouts.first()
        && (properties || args.values.is_empty())
    {
        let names: Vec<&str> = args
            .values
            .iter()
            .filter_map(|v| v.split_once('=').map(|(name, _)| name))
            .collect();
        let layout = layouts
            .iter()
            .copied()
            .find(|l| {
                names
                    .iter()
                    .all(|n| l.fields().iter().any(|f| f.name() == *n))
            })
            .unwrap_or(first);
        return struct_from_arguments(layout, &args.values).map(|s| s.to_vec());
    }
    let [value] = args.values.as_slice() else {
        return Err(match format {
            Some(f) if f.alternatives().contains(&BufferFormat::PropertyList) => Failure::usage(
                format!("{code} takes a property list: give NAME=VALUE arguments or --from-json"),
            ),
            _ => Failure::usage(format!("{code} takes one value")),
        });
    };
    for alternative in alternatives {
        let built = match alternative {
            BufferFormat::CryptoCheckpoint => {
                let checkpoint: CheckpointBuf = value
                    .parse()
                    .map_err(|e| Failure::usage(format!("checkpoint {value:?}: {e}")))?;
                buffers::CryptoCheckpointInput::to_vec(&checkpoint)
            }
            BufferFormat::RegistryCheckpoint => {
                let path = RegistryKeyPath::parse(value)
                    .map_err(|e| Failure::usage(format!("key path {value:?}: {e}")))?;
                buffers::RegistryCheckpointInput::to_vec(&path)
            }
            BufferFormat::Sz => buffers::Text::to_vec(value),
            BufferFormat::Dword => return Ok(number::<u32>(value)?.to_le_bytes().to_vec()),
            BufferFormat::Ularge => return Ok(number::<u64>(value)?.to_le_bytes().to_vec()),
            _ => continue,
        };
        return built.map_err(|e| Failure::usage(e.to_string()));
    }
    Err(cannot(code, format))
}

fn accepts(format: Option<BufferFormat>, wanted: BufferFormat) -> bool {
    format.is_some_and(|f| f.alternatives().contains(&wanted))
}

fn cannot(code: ControlCode, format: Option<BufferFormat>) -> Failure {
    Failure::usage(match format {
        Some(f) => format!("clusctl cannot build the input buffer of {code} ({f})"),
        None => format!("clusctl cannot build the input buffer of {code} (format not documented)"),
    })
}

fn number<T: TryFrom<i128>>(text: &str) -> Result<T, Failure> {
    let bad = || Failure::usage(format!("{text:?} is not a number of the right size"));
    let value = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i128::from_str_radix(hex, 16).map_err(|_| bad())?,
        None => text.parse::<i128>().map_err(|_| bad())?,
    };
    T::try_from(value).map_err(|_| bad())
}

fn unhex(text: &str) -> Result<Vec<u8>, Failure> {
    let bad = || Failure::usage(format!("{text:?} is not hex"));
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !text.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(bad)
        })
        .collect()
}

fn encode_error(what: &str) -> impl Fn(clusctl::EncodeError) -> Failure + '_ {
    move |e| Failure::usage(format!("{what}: {e}"))
}

/// One `NAME[:TYPE]=VALUE` argument's value.
fn argument_value(ty: &str, text: &str) -> Result<ValueBuf, Failure> {
    let what = format!("{ty} value {text:?}");
    Ok(match ty {
        "sz" => ValueBuf::sz(text).map_err(encode_error(&what))?,
        "expand-sz" => ValueBuf::expand_sz(text).map_err(encode_error(&what))?,
        "dword" => ValueBuf::dword(number(text)?),
        "long" => ValueBuf::long(number(text)?),
        "word" => ValueBuf::word(number(text)?),
        "ularge" => ValueBuf::ularge(number(text)?),
        "large" => ValueBuf::large(number(text)?),
        "filetime" => ValueBuf::filetime(FileTime::new(number(text)?)),
        "multi-sz" => ValueBuf::multi_sz(text.split(',')).map_err(encode_error(&what))?,
        "binary" => ValueBuf::binary(&unhex(text)?),
        other => {
            return Err(Failure::usage(format!(
                "unknown value type {other:?}: use sz, expand-sz, dword, long, word, ularge, large, filetime, multi-sz or binary"
            )));
        }
    })
}

/// A struct from `FIELD=VALUE` arguments (unset fields are zero): numbers
/// (decimal or `0x` hex) for integers, `true`/`false`/numbers for
/// booleans, text for `WCHAR` arrays and text tails, a GUID
/// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, braces allowed), hex for bytes,
/// comma-separated text for a multi-string tail.
fn struct_from_arguments(
    layout: &'static StructLayout,
    arguments: &[String],
) -> Result<StructBuf, Failure> {
    let mut buf = StructBuf::new(layout);
    let fields: Vec<&str> = layout.fields().iter().map(|f| f.name()).collect();
    for argument in arguments {
        let Some((name, text)) = argument.split_once('=') else {
            return Err(Failure::usage(format!(
                "{argument:?}: expected FIELD=VALUE"
            )));
        };
        let field = layout
            .fields()
            .iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                Failure::usage(format!(
                    "{} has no field {name:?}; its fields: {}",
                    layout.name(),
                    fields.join(", ")
                ))
            })?;
        let bad = |e: clusctl::EncodeError| Failure::usage(format!("{name}={text:?}: {e}"));
        let bytes;
        let multi;
        let value = match field.ty() {
            FieldType::U64 => FieldValue::Uint64(number(text)?),
            FieldType::Bool8 | FieldType::Bool32 => FieldValue::Bool(match text {
                "true" => 1,
                "false" => 0,
                other => number(other)?,
            }),
            FieldType::Guid => FieldValue::Guid(guid(text)?),
            FieldType::WcharArray(_) | FieldType::TextTail => {
                buf.set_text(name, text).map_err(bad)?;
                continue;
            }
            FieldType::Bytes(_) | FieldType::BytesTail => {
                bytes = unhex(text)?;
                FieldValue::Bytes(&bytes)
            }
            FieldType::MultiSzTail => {
                multi = clusctl::multi_sz::to_vec(text.split(',')).map_err(bad)?;
                FieldValue::MultiSz(
                    clusctl::MultiSz::decode(&multi)
                        .map_err(|e| Failure::usage(format!("{name}: {e}")))?,
                )
            }
            FieldType::U8 | FieldType::U16 | FieldType::U32 => FieldValue::Uint(number(text)?),
            _ => {
                return Err(Failure::usage(format!(
                    "field {name} cannot be given as an argument"
                )));
            }
        };
        buf.set(name, value).map_err(bad)?;
    }
    Ok(buf)
}

/// A GUID in registry form (braces optional), as its wire bytes.
fn guid(text: &str) -> Result<Guid, Failure> {
    let bad = || Failure::usage(format!("{text:?} is not a GUID"));
    let inner = text.trim_start_matches('{').trim_end_matches('}');
    let groups: Vec<&str> = inner.split('-').collect();
    let [a, b, c, d, e] = groups.as_slice() else {
        return Err(bad());
    };
    if [a.len(), b.len(), c.len(), d.len(), e.len()] != [8, 4, 4, 4, 12] {
        return Err(bad());
    }
    let mut out = Vec::with_capacity(16);
    out.extend(u32::from_str_radix(a, 16).map_err(|_| bad())?.to_le_bytes());
    out.extend(u16::from_str_radix(b, 16).map_err(|_| bad())?.to_le_bytes());
    out.extend(u16::from_str_radix(c, 16).map_err(|_| bad())?.to_le_bytes());
    out.extend(unhex(d)?);
    out.extend(unhex(e)?);
    let bytes: [u8; 16] = out.try_into().map_err(|_| bad())?;
    Ok(Guid::from_bytes(bytes))
}

/// A property list from `NAME[:TYPE]=VALUE` arguments, in order; a name
/// given again adds a value to its property.
fn from_arguments(arguments: &[String]) -> Result<PropertyListBuf, Failure> {
    let mut properties: Vec<(String, Vec<ValueBuf>)> = Vec::new();
    for argument in arguments {
        let Some((key, text)) = argument.split_once('=') else {
            return Err(Failure::usage(format!("{argument:?}: expected NAME=VALUE")));
        };
        let (name, ty) = key.split_once(':').unwrap_or((key, "sz"));
        if name.is_empty() {
            return Err(Failure::usage(format!("{argument:?}: empty property name")));
        }
        let value = argument_value(ty, text)?;
        match properties.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(value),
            None => properties.push((name.to_owned(), vec![value])),
        }
    }
    let mut list = PropertyListBuf::new();
    for (name, values) in properties {
        list.push(name.as_str(), values)
            .map_err(encode_error(&format!("property {name:?}")))?;
    }
    Ok(list)
}

/// A property list from the `items` (properties) and `endmark` of a
/// `decode --json` document (or a clusprop document, `{"properties",
/// "endmark"}`), read by the library's `Deserialize`.
fn from_document(doc: &Value) -> Result<PropertyListBuf, Failure> {
    let properties = doc
        .get("items")
        .or_else(|| doc.get("properties"))
        .filter(|p| p.is_array())
        .ok_or_else(|| Failure::usage("the document has no \"items\" (properties)"))?;
    let mut list = serde_json::json!({ "properties": properties });
    if let Some(endmark) = doc.get("endmark") {
        list["endmark"] = endmark.clone();
    }
    serde_json::from_value(list).map_err(|e| Failure::usage(format!("property list: {e}")))
}
