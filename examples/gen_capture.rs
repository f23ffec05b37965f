//! Writes a large pcap of control calls for the capture benchmark
//! (tools/bench_capture.sh):
//!
//! ```text
//! cargo run --release --example gen_capture --features std -- OUT.pcap MEGABYTES [distinct]
//! ```
//!
//! With `distinct`, every call carries a buffer of its own (a checkpoint
//! list naming the connection and the call), so nothing repeats.
//!
//! Connections of 1000 calls each (a mix of the test captures' calls: the
//! 16 functions, ERROR_MORE_DATA and its retry, an input buffer, a 10 KB
//! fragmented answer), one after another on new client ports, until the
//! file reaches the size asked for.
#![allow(
    clippy::std_instead_of_core,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    reason = "a tool"
)]

#[path = "../tools/gen_captures.rs"]
mod gen_captures;

use std::io::{BufWriter, Write};

use gen_captures::{
    Options, all_functions_calls, frames, large_call, more_data_calls, multi_sz, pcap_header,
    pcap_record, single_call,
};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(mb)) = (args.next(), args.next().and_then(|m| m.parse::<u64>().ok()))
    else {
        eprintln!("usage: gen_capture OUT.pcap MEGABYTES [distinct]");
        std::process::exit(2);
    };
    let distinct = args.next().as_deref() == Some("distinct");
    let target = mb << 20;
    let mut calls = Vec::new();
    while calls.len() < 1000 {
        calls.extend(all_functions_calls());
        calls.extend(more_data_calls());
        calls.extend(single_call());
        if calls.len() % 100 < 25 {
            calls.extend(large_call());
        }
    }
    calls.truncate(1000);
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    pcap_header(&mut out, 1)?;
    let (mut written, mut index, mut connections) = (24u64, 0u64, 0u32);
    while written < target {
        let o = Options {
            client_port: 1024 + (connections % 60000) as u16,
            ..Options::default()
        };
        if distinct {
            for (i, call) in calls.iter_mut().enumerate() {
                let key = format!("1\\\\Key{connections:06}-{i:04}");
                call.code = clusctl::codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS;
                call.output = multi_sz(&[
                    &key,
                    "24\\Microsoft Enhanced RSA and AES Cryptographic Provider\\Backup",
                ]);
                call.required = call.output.len() as u32;
                call.out_buffer_size = 512;
            }
        }
        for f in frames(&calls, &o) {
            pcap_record(&mut out, index, &f)?;
            written += 16 + f.len() as u64;
            index += 1;
        }
        connections += 1;
    }
    out.flush()?;
    eprintln!(
        "{path}: {written} bytes, {index} frames, {connections} connections, {} calls",
        u64::from(connections) * 1000
    );
    Ok(())
}
