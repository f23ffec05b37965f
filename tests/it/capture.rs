//! Captures end to end: the generated test captures (tools/gen_captures.rs)
//! through `clusctl::capture::Reader`, against their plain twins and
//! against tshark.

#[path = "../../tools/gen_captures.rs"]
mod gen_captures;

use std::path::{Path, PathBuf};

use clusctl::capture::{Event, Reader};
use clusctl::rpc::ControlCall;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The checked-in captures are what the generator writes
/// (`CLUSCTL_BLESS=1` rewrites them).
#[test]
fn test_captures_are_current() {
    let bless = std::env::var_os("CLUSCTL_BLESS").is_some();
    for (name, bytes) in gen_captures::all() {
        let path = data(name);
        if bless {
            std::fs::write(&path, &bytes).unwrap();
        }
        let stored = std::fs::read(&path).unwrap_or_default();
        assert!(
            stored == bytes,
            "{name} differs from tools/gen_captures.rs; run CLUSCTL_BLESS=1 cargo test --all-features --test it capture"
        );
    }
}

fn events(name: &str) -> Vec<Event> {
    let file = std::fs::File::open(data(name)).unwrap();
    Reader::new(file).unwrap().map(Result::unwrap).collect()
}

fn calls(name: &str) -> Vec<ControlCall> {
    events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::Call(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// What a call is, without where it was: for comparing twins.
fn essence(c: &ControlCall) -> String {
    format!(
        "{} {:?} {} in={:?} out={:?} nIn={} nOut={} ret={:?} req={:?} rpc={:?} status={:?}",
        c.call_id(),
        c.function(),
        c.code(),
        c.input(),
        c.output(),
        c.in_buffer_size(),
        c.out_buffer_size(),
        c.bytes_returned(),
        c.required(),
        c.rpc_status(),
        c.status()
    )
}

fn deviations(name: &str) -> Vec<String> {
    events(name)
        .into_iter()
        .filter_map(|e| match e {
            Event::Deviation(d) => Some(d.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_generated_call_is_read_back() {
    use gen_captures::{all_functions_calls, large_call, more_data_calls, single_call};
    for (name, expected) in [
        ("capture_single.pcap", single_call()),
        ("capture_more_data.pcap", more_data_calls()),
        ("capture_all_functions.pcapng", all_functions_calls()),
        ("capture_large.pcap", large_call()),
    ] {
        let got = calls(name);
        assert_eq!(got.len(), expected.len(), "{name}");
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g.call_id(), 2 + i as u32, "{name}");
            assert_eq!(g.function(), e.function, "{name}");
            assert_eq!(g.code(), e.code, "{name}");
            assert_eq!(g.input(), e.input.as_deref(), "{name}");
            assert_eq!(g.output(), Some(&e.output[..]), "{name}");
            assert_eq!(g.out_buffer_size(), e.out_buffer_size, "{name}");
            assert_eq!(g.required(), Some(e.required), "{name}");
            assert_eq!(g.status(), Some(e.status), "{name}");
            // Request and response are frames 6 + 2i and 7 + 2i (after
            // the handshake, bind and bind_ack) unless segmented.
            assert!(g.response_frame() > Some(g.request_frame()), "{name}");
        }
        assert!(
            deviations(name).is_empty(),
            "{name}: {:?}",
            deviations(name)
        );
    }
}

#[test]
fn each_of_the_16_functions_is_named() {
    let got = calls("capture_all_functions.pcapng");
    let functions: Vec<_> = got.iter().map(|c| c.function()).collect();
    assert_eq!(functions, clusctl::rpc::Function::ALL);
    assert_eq!(got[0].request_frame(), 6);
    assert_eq!(got[0].response_frame(), Some(7));
}

#[test]
fn fragmented_ndr64_and_reordered_decode_as_their_plain_twins() {
    for (twin, plain) in [
        ("capture_fragmented.pcap", "capture_large.pcap"),
        ("capture_ndr64.pcap", "capture_single.pcap"),
        ("capture_reordered.pcap", "capture_more_data.pcap"),
    ] {
        let a: Vec<String> = calls(twin).iter().map(essence).collect();
        let b: Vec<String> = calls(plain).iter().map(essence).collect();
        assert!(!a.is_empty(), "{twin}");
        assert_eq!(a, b, "{twin} vs {plain}");
    }
    let ndr64 = calls("capture_ndr64.pcap");
    assert_eq!(
        ndr64[0].format().syntax,
        clusctl::rpc::TransferSyntax::Ndr64
    );
    // The reordered stream delivers each PDU at the frame that completes it.
    let frames: Vec<_> = calls("capture_reordered.pcap")
        .iter()
        .map(|c| (c.request_frame(), c.response_frame()))
        .collect();
    assert_eq!(
        frames,
        [
            (10, Some(12)),
            (14, Some(19)),
            (22, Some(24)),
            (26, Some(28))
        ]
    );
}

#[test]
fn the_encrypted_session_reports_encrypted_calls() {
    let events = events("capture_encrypted.pcap");
    let encrypted: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Encrypted(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(encrypted.len(), 4);
    assert!(
        encrypted
            .iter()
            .all(|c| c.auth_type == 10 && c.auth_level == 6)
    );
    assert_eq!(encrypted[3].opnum, 77);
    assert!(!events.iter().any(|e| matches!(e, Event::Call(_))));
}

#[test]
fn a_capture_cut_short_keeps_its_calls_and_says_so() {
    let bytes = std::fs::read(data("capture_more_data.pcap")).unwrap();
    // Cut inside the last response's record (before the three 72-byte
    // FIN/ACK records): the last call has no response.
    let cut = &bytes[..bytes.len() - 3 * 72 - 40];
    let mut reader = Reader::new(std::io::Cursor::new(cut.to_vec())).unwrap();
    let mut calls = Vec::new();
    let mut notes = Vec::new();
    while let Some(e) = reader.next_event().unwrap() {
        match e {
            Event::Call(c) => calls.push(c),
            Event::Deviation(d) => notes.push(d.to_string()),
            _ => {}
        }
    }
    assert_eq!(calls.len(), 4, "{notes:?}");
    assert_eq!(calls[2].response_frame(), Some(11));
    assert_eq!(calls[3].response_frame(), None);
    assert_eq!(calls[3].status(), None);
    assert!(
        notes.iter().any(|n| n.contains("ends inside a block")),
        "{notes:?}"
    );
    assert_eq!(reader.bytes_consumed(), cut.len() as u64);
}

#[test]
fn a_lost_segment_is_a_gap_not_a_guess() {
    use gen_captures::{Options, frames, more_data_calls, write_pcap};
    let o = Options {
        mss: 40,
        ..Options::default()
    };
    let mut f = frames(&more_data_calls(), &o);
    // Drop a segment in the middle of the second request.
    let lost = f.iter().position(|f| f.len() == 14 + 40 + 40).unwrap() + 4;
    f.remove(lost);
    let mut pcap = Vec::new();
    write_pcap(&mut pcap, 1, &f).unwrap();
    let events: Vec<Event> = Reader::new(std::io::Cursor::new(pcap))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let gaps: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Deviation(d) if d.to_string().contains("missing") => Some(d.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(gaps.len(), 1, "{events:?}");
    assert!(
        gaps[0].contains("40 bytes of the TCP stream missing"),
        "{gaps:?}"
    );
    // No call is made up from the bytes around the hole.
    let n = events
        .iter()
        .filter(|e| matches!(e, Event::Call(_)))
        .count();
    assert!(n < 4, "{events:?}");
}

#[test]
fn not_a_capture_is_an_error() {
    let err = Reader::new(std::io::Cursor::new(b"hello world".to_vec())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not a capture: expected pcap, pcapng or a tshark field export at byte 0"
    );
    assert!(Reader::new(std::io::Cursor::new(Vec::new())).is_err());
}

#[test]
fn truncating_a_capture_anywhere_never_panics() {
    let bytes = std::fs::read(data("capture_fragmented.pcap")).unwrap();
    for cut in (0..bytes.len()).step_by(97) {
        if let Ok(reader) = Reader::new(std::io::Cursor::new(bytes[..cut].to_vec())) {
            for e in reader {
                if e.is_err() {
                    break;
                }
            }
        }
    }
}
