//! Walks every control call of a capture with the library API:
//!
//! ```text
//! cargo run --example walk_capture --features capture [FILE]
//! ```
//!
//! FILE defaults to `tests/data/capture_more_data.pcap`; any pcap, pcapng
//! or tshark field export works.
#![allow(clippy::std_instead_of_core, reason = "an example program")]

use clusctl::buffers::{Buffer, Strictness};
use clusctl::capture::{Event, Reader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/capture_more_data.pcap"
        )
        .into()
    });
    let reader = Reader::new(std::fs::File::open(&path)?)?;
    println!("{path}: {}", reader.format().label());
    for event in reader {
        match event? {
            Event::Call(call) => {
                let status = call
                    .status()
                    .map_or_else(|| "no response".into(), |s| s.to_string());
                println!(
                    "frame {:>4}  call {:>3}  {}  {}  -> {status}",
                    call.request_frame(),
                    call.call_id(),
                    call.function().name(),
                    call.code(),
                );
                // The typed buffers, through the same dispatch as `clusctl decode`.
                if let Some(Ok(Buffer::RegistryCheckpoint(input))) =
                    call.decoded_input(Strictness::Lenient)
                {
                    println!("    input: key {}", input.value());
                }
                match call.decoded_output(Strictness::Lenient) {
                    Some(Ok(Buffer::CryptoCheckpoints(list))) => {
                        for item in list.iter().flatten() {
                            println!("    checkpoint {item}");
                        }
                    }
                    Some(Ok(Buffer::RegistryCheckpoints(list))) => {
                        for item in list.iter().flatten() {
                            println!("    registry key {item}");
                        }
                    }
                    Some(Ok(Buffer::Empty)) | None => {}
                    Some(Ok(_)) => {
                        println!("    output: {} bytes", call.output().map_or(0, <[u8]>::len))
                    }
                    Some(Err(e)) => println!("    output undecodable: {e}"),
                }
            }
            Event::Encrypted(call) => println!(
                "frame {:>4}  call {:>3}  opnum {}  encrypted (auth type {}, level {})",
                call.request_frame, call.call_id, call.opnum, call.auth_type, call.auth_level
            ),
            Event::Deviation(d) => println!("tolerated: {d}"),
            _ => {}
        }
    }
    Ok(())
}
