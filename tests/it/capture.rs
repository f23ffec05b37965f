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

/// `clusctl capture`, run as a user would.
#[cfg(feature = "cli")]
mod cli {
    use std::io::Write;
    use std::process::{Command, Output, Stdio};

    use serde_json::Value;

    use super::data;
    use crate::oracles;

    pub(super) fn clusctl(args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clusctl"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            let mut input = input;
            input.write_all(bytes).unwrap();
        }
        child.wait_with_output().unwrap()
    }

    pub(super) fn json(name: &str) -> Value {
        let path = data(name);
        let out = clusctl(&["capture", "--json", path.to_str().unwrap()], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    #[test]
    fn the_table_lists_every_call_with_code_buffers_and_status() {
        let path = data("capture_more_data.pcap");
        let out = clusctl(&["capture", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), 4, "{text}");
        assert!(rows[0].starts_with("6-7 "), "{text}");
        assert!(rows[0].contains("CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS"));
        assert!(rows[0].contains("ERROR_MORE_DATA"));
        assert!(rows[0].contains(" 142 "), "lpcbRequired: {text}");
        assert!(
            rows[1].contains("registry-checkpoints: SOFTWARE\\Contoso\\"),
            "{text}"
        );
        assert!(rows[1].ends_with("ERROR_SUCCESS"));
        assert!(
            rows[2].contains("registry-checkpoint: SOFTWARE\\Contoso\\P"),
            "{text}"
        );
        assert!(rows[3].contains("ApiGroupControl") && rows[3].ends_with("ERROR_ACCESS_DENIED"));
    }

    #[test]
    fn json_is_the_documented_document() {
        let doc = json("capture_single.pcap");
        assert_eq!(doc["encrypted_calls"], 0);
        assert_eq!(doc["deviations"], Value::Array(Vec::new()));
        let calls = doc["calls"].as_array().unwrap();
        assert_eq!(calls.len(), 1);
        let c = &calls[0];
        for key in [
            "call_id",
            "opnum",
            "function",
            "request_frame",
            "response_frame",
            "code",
            "input",
            "output",
            "in_buffer_size",
            "out_buffer_size",
            "bytes_returned",
            "required",
            "rpc_status",
            "status",
        ] {
            assert!(c.get(key).is_some(), "{key} missing: {c}");
        }
        assert_eq!(c["call_id"], 2);
        assert_eq!(c["opnum"], 73);
        assert_eq!(c["function"], "ApiResourceControl");
        assert_eq!(
            (c["request_frame"].clone(), c["response_frame"].clone()),
            (6.into(), 7.into())
        );
        assert_eq!(c["code"]["name"], "CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS");
        assert_eq!(c["code"]["value"], "0x010000B5");
        assert_eq!(c["input"], Value::Null);
        assert_eq!(c["output"]["format"], "crypto-checkpoints");
        assert_eq!(c["output"]["count"], 2);
        assert_eq!(c["output"]["items"][0]["key"], "MyKey");
        assert_eq!(
            c["output"]["items"][1]["provider"],
            "Microsoft Enhanced RSA and AES Cryptographic Provider"
        );
        assert_eq!(
            (c["in_buffer_size"].clone(), c["out_buffer_size"].clone()),
            (0.into(), 512.into())
        );
        assert_eq!(c["bytes_returned"], 148);
        assert_eq!(c["required"], 148);
        assert_eq!(c["rpc_status"], 0);
        assert_eq!(
            c["status"],
            serde_json::json!({ "value": 0, "name": "ERROR_SUCCESS" })
        );
        // The input document is what `decode --json` prints for the same bytes.
        let more = json("capture_more_data.pcap");
        let add = &more["calls"][2];
        assert_eq!(add["input"]["format"], "registry-checkpoint");
        assert_eq!(
            add["input"]["items"][0]["path"],
            "SOFTWARE\\Contoso\\Payroll"
        );
        assert_eq!(more["calls"][0]["status"]["name"], "ERROR_MORE_DATA");
        assert_eq!(more["calls"][0]["required"], 142);
        assert_eq!(more["calls"][1]["out_buffer_size"], 142);
    }

    #[test]
    fn jsonl_streams_one_call_per_line() {
        let path = data("capture_all_functions.pcapng");
        let out = clusctl(&["capture", "--jsonl", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 16);
        let whole = json("capture_all_functions.pcapng");
        assert_eq!(Value::Array(lines), whole["calls"]);
    }

    #[test]
    fn the_encrypted_capture_reports_encrypted_calls_and_exits_0() {
        let doc = json("capture_encrypted.pcap");
        assert_eq!(doc["encrypted_calls"], 4);
        assert_eq!(doc["calls"], Value::Array(Vec::new()));
        assert_eq!(doc["encrypted"][0]["auth_level"], 6);
        let path = data("capture_encrypted.pcap");
        let out = clusctl(&["capture", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("encrypted (NTLMSSP, auth level 6)"), "{text}");
        assert!(text.contains("4 calls encrypted"), "{text}");
        assert!(text.contains("ntlmssp.nt_password"), "{text}");
    }

    #[test]
    fn stdin_exit_codes_and_help() {
        let bytes = std::fs::read(data("capture_single.pcap")).unwrap();
        let out = clusctl(&["capture", "--json", "-"], Some(&bytes));
        assert_eq!(out.status.code(), Some(0));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["calls"].as_array().unwrap().len(), 1);
        // Read, but no control call: exit 0.
        let empty = [
            0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
        ];
        let out = clusctl(&["capture", "-"], Some(&empty));
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "no control calls\n");
        // Unreadable: exit 1, one line.
        let out = clusctl(&["capture", "-"], Some(b"GIF89a"));
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("clusctl: -: not a capture"), "{err}");
        let out = clusctl(&["capture", "/nonexistent/file.pcap"], None);
        assert_eq!(out.status.code(), Some(1));
        // Usage: exit 2.
        assert_eq!(clusctl(&["capture"], None).status.code(), Some(2));
        assert_eq!(
            clusctl(&["capture", "--json", "--jsonl", "x"], None)
                .status
                .code(),
            Some(2)
        );
        let help = clusctl(&["capture", "--help"], None);
        let help = String::from_utf8(help.stdout).unwrap();
        assert!(
            help.trim_end()
                .ends_with("clusctl capture tests/data/capture_encrypted.decrypted.txt"),
            "{help}"
        );
        assert!(help.contains("| clusctl capture -"), "{help}");
        assert!(help.contains("Examples:"));
    }

    #[test]
    fn a_corrupt_block_ends_the_read_with_exit_1_after_the_calls_before_it() {
        let mut bytes = std::fs::read(data("capture_more_data.pcap")).unwrap();
        // The ninth record (the second response) claims 2 GiB.
        let mut at = 24;
        for _ in 0..8 {
            let len = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap());
            at += 16 + len as usize;
        }
        bytes[at + 8..at + 12].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        let out = clusctl(&["capture", "-"], Some(&bytes));
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(rows.len(), 2, "{text}");
        assert!(rows[0].ends_with("ERROR_MORE_DATA"), "{text}");
        assert!(rows[1].contains("(no response)"), "{text}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err.trim_end(),
            format!("clusctl: -: capture file: a block larger than 16 MiB at byte {at}")
        );
    }

    #[test]
    fn the_checked_in_tshark_export_reads_like_its_capture() {
        let from_text = json("capture_more_data.tshark.txt");
        let from_pcap = json("capture_more_data.pcap");
        assert_eq!(from_text["calls"], from_pcap["calls"]);
    }

    /// tshark reads every test capture and agrees with `clusctl capture
    /// --json` on the calls, codes, sizes and statuses.
    #[test]
    fn tshark_agrees_on_every_test_capture() {
        let Some(tshark) = oracles::tool("tshark") else {
            return;
        };
        for (name, _) in super::gen_captures::all() {
            let ours = json(name);
            let path = data(name);
            let mut args: Vec<String> = [
                "-r",
                path.to_str().unwrap(),
                "-o",
                "tcp.reassemble_out_of_order:TRUE",
                "-T",
                "fields",
                "-E",
                "occurrence=a",
                "-e",
                "frame.number",
                "-e",
                "dcerpc.cn_call_id",
                "-e",
                "dcerpc.pkt_type",
                "-e",
                "dcerpc.opnum",
                "-e",
                "dcerpc.auth_level",
                "-e",
                "clusapi.werror",
            ]
            .map(String::from)
            .to_vec();
            const FIELDS: [&str; 6] = [
                "dwControlCode",
                "nInBufferSize",
                "nOutBufferSize",
                "lpBytesReturned",
                "lpcbRequired",
                "rpc_status",
            ];
            for f in clusctl::rpc::Function::ALL {
                for field in FIELDS {
                    args.push("-e".into());
                    args.push(format!(
                        "clusapi.clusapi_{}.{field}",
                        f.samba_name().trim_start_matches("clusapi_")
                    ));
                }
            }
            let out = Command::new(&tshark).args(&args).output().unwrap();
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            // call id -> (request frame, opnum, code, nIn, nOut) and
            // (response frame, bytes returned, required, rpc_status, status)
            let mut requests = std::collections::BTreeMap::new();
            let mut responses = std::collections::BTreeMap::new();
            let mut encrypted = 0;
            for line in text.lines() {
                let cols: Vec<&str> = line.split('\t').collect();
                let get = |i: usize| cols.get(i).copied().unwrap_or("");
                if get(1).is_empty() || get(3).is_empty() {
                    continue;
                }
                let call_id: u64 = get(1).parse().unwrap();
                // The values of the one control call in this frame.
                let values: Vec<&str> = cols[6..]
                    .iter()
                    .copied()
                    .filter(|v| !v.is_empty())
                    .collect();
                let num = |s: &str| s.parse::<u64>().unwrap();
                match get(2) {
                    "0" if get(4) == "6" => encrypted += 1,
                    // A fragment before the last: tshark dissects the call
                    // on the last one.
                    _ if values.is_empty() => {}
                    "0" => {
                        assert_eq!(values.len(), 3, "{name}: {line}");
                        requests.insert(
                            call_id,
                            (
                                num(get(0)),
                                num(get(3)),
                                num(values[0]),
                                num(values[1]),
                                num(values[2]),
                            ),
                        );
                    }
                    "2" if get(4) == "6" => {}
                    "2" => {
                        let status =
                            u64::from_str_radix(get(5).trim_start_matches("0x"), 16).unwrap();
                        assert_eq!(values.len(), 3, "{name}: {line}");
                        responses.insert(
                            call_id,
                            (
                                num(get(0)),
                                num(values[0]),
                                num(values[1]),
                                num(values[2]),
                                status,
                            ),
                        );
                    }
                    _ => {}
                }
            }
            assert_eq!(ours["encrypted_calls"], encrypted, "{name}");
            let calls = ours["calls"].as_array().unwrap();
            assert_eq!(calls.len(), requests.len(), "{name}: {text}");
            for c in calls {
                let id = c["call_id"].as_u64().unwrap();
                let (frame, opnum, code, n_in, n_out) = requests[&id];
                assert_eq!(c["request_frame"], frame, "{name} call {id}");
                assert_eq!(c["opnum"], opnum, "{name} call {id}");
                assert_eq!(c["code"]["decimal"], code, "{name} call {id}");
                assert_eq!(c["in_buffer_size"], n_in, "{name} call {id}");
                assert_eq!(c["out_buffer_size"], n_out, "{name} call {id}");
                let (frame, returned, required, rpc_status, status) = responses[&id];
                assert_eq!(c["response_frame"], frame, "{name} call {id}");
                assert_eq!(c["bytes_returned"], returned, "{name} call {id}");
                assert_eq!(c["required"], required, "{name} call {id}");
                assert_eq!(c["rpc_status"], rpc_status, "{name} call {id}");
                assert_eq!(c["status"]["value"], status, "{name} call {id}");
            }
        }
    }

    /// The README's second path: tshark exports the stubs, `clusctl
    /// capture` reads the export, and finds the same calls as in the pcap.
    #[test]
    fn tshark_field_exports_read_like_their_captures() {
        let Some(tshark) = oracles::tool("tshark") else {
            return;
        };
        for (name, _) in super::gen_captures::all() {
            let path = data(name);
            let out = Command::new(&tshark)
                .args([
                    "-r",
                    path.to_str().unwrap(),
                    "-o",
                    "tcp.reassemble_out_of_order:TRUE",
                ])
                .args([
                    "--disable-protocol",
                    "clusapi",
                    "-Y",
                    "dcerpc.cn_flags.last_frag == 1",
                ])
                .args([
                    "-T",
                    "fields",
                    "-e",
                    "frame.number",
                    "-e",
                    "dcerpc.pkt_type",
                ])
                .args([
                    "-e",
                    "dcerpc.cn_call_id",
                    "-e",
                    "dcerpc.opnum",
                    "-e",
                    "dcerpc.stub_data",
                ])
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}");
            let run = clusctl(&["capture", "--json", "-"], Some(&out.stdout));
            assert_eq!(
                run.status.code(),
                Some(0),
                "{name}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            let from_text: Value = serde_json::from_slice(&run.stdout).unwrap();
            let from_pcap = json(name);
            assert_eq!(from_text["calls"], from_pcap["calls"], "{name}");
            assert_eq!(
                from_text["encrypted_calls"], from_pcap["encrypted_calls"],
                "{name}"
            );
        }
    }
}

/// The README's two-step path for an encrypted capture: tshark decrypts
/// and exports (here the checked-in export; with tshark installed, made
/// afresh from the sealed pcap), `clusctl capture` reads the export and
/// finds the calls of the cleartext twin.
#[cfg(feature = "cli")]
#[test]
fn a_decrypted_export_of_the_sealed_capture_reads_like_its_cleartext_twin() {
    let strip = |doc: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut calls = doc["calls"].as_array().unwrap().clone();
        for c in &mut calls {
            let c = c.as_object_mut().unwrap();
            c.remove("request_frame");
            c.remove("response_frame");
        }
        calls
    };
    let plain = strip(&cli::json("capture_more_data.pcap"));
    assert_eq!(plain.len(), 4);
    let checked_in = cli::json("capture_encrypted.decrypted.txt");
    assert_eq!(strip(&checked_in), plain);
    assert_eq!(checked_in["encrypted_calls"], 0);
    assert_eq!(checked_in["calls"][0]["request_frame"], 7);
    let Some(tshark) = crate::oracles::tool("tshark") else {
        return;
    };
    let sealed = data("capture_encrypted.pcap");
    let out = std::process::Command::new(tshark)
        .args(["-r", sealed.to_str().unwrap()])
        .args([
            "-o",
            &format!("ntlmssp.nt_password:{}", gen_captures::ntlm::PASSWORD),
        ])
        .args([
            "--disable-protocol",
            "clusapi",
            "-Y",
            "dcerpc.cn_flags.last_frag == 1",
        ])
        .args([
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "dcerpc.pkt_type",
        ])
        .args([
            "-e",
            "dcerpc.cn_call_id",
            "-e",
            "dcerpc.opnum",
            "-e",
            "dcerpc.decrypted_stub_data",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        std::fs::read_to_string(data("capture_encrypted.decrypted.txt")).unwrap(),
        "tshark's decrypted export changed"
    );
    let run = cli::clusctl(&["capture", "--json", "-"], Some(&out.stdout));
    assert_eq!(run.status.code(), Some(0));
    let fresh: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(strip(&fresh), plain);
}

proptest::proptest! {
    /// Any corruption of a capture (pcap or pcapng, any byte, any number of
    /// them) is read to an end or an error: never a panic.
    #[test]
    fn corrupted_captures_never_panic(
        file in 0usize..3,
        edits in proptest::collection::vec((proptest::num::usize::ANY, proptest::num::u8::ANY), 1..8),
        cut in proptest::option::of(proptest::num::usize::ANY),
    ) {
        let name = ["capture_fragmented.pcap", "capture_all_functions.pcapng", "capture_encrypted.pcap"][file];
        let mut bytes = std::fs::read(data(name)).unwrap();
        for (at, value) in edits {
            let at = at % bytes.len();
            bytes[at] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        if let Ok(reader) = Reader::new(std::io::Cursor::new(bytes)) {
            for e in reader.take(10_000) {
                if e.is_err() {
                    break;
                }
            }
        }
    }
}

#[test]
fn interleaved_connections_and_a_capture_started_late() {
    use gen_captures::{Options, frames, more_data_calls, single_call, write_pcap};
    let a = frames(&more_data_calls(), &Options::default());
    let b = frames(
        &single_call(),
        &Options {
            client_port: 50002,
            ..Options::default()
        },
    );
    // Connection A without its handshake (captured late, bind still in);
    // B's frames between A's.
    let mut mixed = Vec::new();
    let mut b = b.into_iter();
    for f in a.into_iter().skip(3) {
        mixed.push(f);
        mixed.extend(b.next());
    }
    mixed.extend(b);
    let mut pcap = Vec::new();
    write_pcap(&mut pcap, 1, &mixed).unwrap();
    let reader = Reader::new(std::io::Cursor::new(pcap)).unwrap();
    let mut calls: Vec<(u32, String)> = Vec::new();
    let mut others = Vec::new();
    for e in reader {
        match e.unwrap() {
            Event::Call(c) => calls.push((c.call_id(), c.code().to_string())),
            other => others.push(format!("{other:?}")),
        }
    }
    calls.sort();
    assert_eq!(calls.len(), 5, "{calls:?} {others:?}");
    assert_eq!(
        calls.iter().filter(|(id, _)| *id == 2).count(),
        2,
        "call id 2 on both connections: {calls:?}"
    );
    assert!(others.is_empty(), "{others:?}");
}
