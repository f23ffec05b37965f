//! Decode a captured buffer for a control code, strictly first, and
//! leniently when strict decoding says where the capture is damaged.
//!
//! ```sh
//! cargo run --example decode_buffer
//! cargo run --example decode_buffer -- CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS \
//!     tests/data/get_crypto_checkpoints_truncated.bin
//! cargo run --example decode_buffer -- 0x014000AE tests/data/add_crypto_checkpoint.bin --input
//! cargo run --example decode_buffer -- CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES \
//!     tests/data/get_common_properties.bin
//! ```
//!
//! Arguments: `[CODE] [FILE] [--input]`; the code is a name, `0x` hex or
//! decimal (the default is `CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS`), the
//! file holds the raw bytes (the default is the crate's sample
//! `tests/data/get_crypto_checkpoints.bin`), and `--input` says the bytes
//! are the call's input buffer rather than its output.
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "an example program"
)]

use std::error::Error;
use std::path::PathBuf;

use clusctl::ControlCode;
use clusctl::buffers::{self, Buffer, Direction, Strictness};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let direction = match args.iter().position(|a| a == "--input") {
        Some(at) => {
            args.remove(at);
            Direction::Input
        }
        None => Direction::Output,
    };
    let code: ControlCode = args
        .first()
        .map_or("CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS", String::as_str)
        .parse()?;
    let path = args.get(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/get_crypto_checkpoints.bin"),
        PathBuf::from,
    );
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{code} ({:#010X}), {} bytes", code.value(), bytes.len());

    // Strict decoding is what a dependent validating its own buffers wants:
    // any deviation is an error that names the byte where it is.
    let buffer = match buffers::decode(code, direction, &bytes, Strictness::Strict) {
        Ok(buffer) => buffer,
        Err(err) => {
            println!("strict: {err}; decoding leniently");
            // A capture may be cut short (ERROR_MORE_DATA) or carry
            // trailing bytes: lenient decoding recovers what is there and
            // reports every deviation it tolerated.
            buffers::decode(code, direction, &bytes, Strictness::Lenient)?
        }
    };
    print_buffer(&buffer);
    Ok(())
}

fn print_buffer(buffer: &Buffer<'_>) {
    match buffer {
        Buffer::Empty => println!("no data (the code carries none in this direction)"),
        Buffer::CryptoCheckpoints(list) => {
            println!("{} crypto checkpoints", list.len());
            for item in list.iter() {
                match item {
                    Ok(c) => println!(
                        "  type {} ({}), provider {}, key {}",
                        c.provider_type(),
                        c.provider_type().name().unwrap_or("unnamed"),
                        c.provider_name()
                            .map_or_else(|| "(default)".to_owned(), |p| p.to_string_lossy()),
                        c.key_container()
                    ),
                    // One bad item does not hide the others.
                    Err(err) => println!("  undecodable item: {err}"),
                }
            }
            for deviation in list.deviations() {
                println!("  tolerated: {deviation}");
            }
        }
        Buffer::RegistryCheckpoints(list) => {
            println!("{} registry checkpoints", list.len());
            for item in list.iter() {
                match item {
                    Ok(path) => println!("  {path}"),
                    Err(err) => println!("  undecodable item: {err}"),
                }
            }
            for deviation in list.deviations() {
                println!("  tolerated: {deviation}");
            }
        }
        Buffer::CryptoCheckpoint(input) => println!("one crypto checkpoint: {}", input.value()),
        Buffer::RegistryCheckpoint(input) => {
            println!("one registry checkpoint: {}", input.value());
        }
        Buffer::PropertyList(list) => {
            // The common case of the other control codes: name, then each
            // value's syntax (`cargo run --example set_private_properties`
            // builds one and reads the values back).
            for property in list.iter() {
                let syntaxes: Vec<String> = property
                    .values()
                    .map(|value| value.syntax().to_string())
                    .collect();
                println!(
                    "  {:<24} {}",
                    property.name().to_string_lossy(),
                    syntaxes.join(", ")
                );
            }
        }
        Buffer::Unknown { code, bytes } => {
            println!(
                "{code}: format not known to clusctl, {} raw bytes kept",
                bytes.len()
            );
        }
        // `Buffer` is non-exhaustive: new formats arrive in minor releases.
        other => println!("{other:?}"),
    }
}
