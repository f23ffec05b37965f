//! Samba's `ndrdump` (an NDR engine generated from Samba's clusapi.idl, not
//! from our code) parses every control-call stub we encode, for all 16
//! functions in NDR20 and NDR64, and agrees on every field; and every bad
//! stub our strict decoder refuses, it refuses too (or flags it when it
//! re-marshals).

use std::path::{Path, PathBuf};
use std::process::Command;

use clusctl::ControlCode;
use clusctl::rpc::{
    ContextHandle, Function, Request, Response, Status, StubFormat, TransferSyntax, TypeName,
};

use crate::oracles;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("clusctl-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs ndrdump; returns (success, output). Success means exit 0, `dump
/// OK`, and no re-marshalling `WARNING` (checked with `--validate`, which
/// ndrdump 4.17 supports for NDR20 only).
fn ndrdump(
    tool: &Path,
    function: Function,
    direction: &str,
    stub: &Path,
    request: Option<&Path>,
    syntax: TransferSyntax,
) -> (bool, String) {
    let mut cmd = Command::new(tool);
    cmd.args(["clusapi", function.samba_name(), direction])
        .arg(stub);
    if let Some(request) = request {
        cmd.arg("-c").arg(request);
    }
    match syntax {
        TransferSyntax::Ndr20 => cmd.arg("--validate"),
        TransferSyntax::Ndr64 => cmd.arg("--ndr64"),
    };
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let ok = out.status.success() && text.contains("dump OK") && !text.contains("WARNING");
    (ok, text)
}

/// The value of the last `name : value` line.
fn field<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    text.lines().rev().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim())
    })
}

/// The number in the trailing parentheses of a field (`0x07 (7)`).
fn number(text: &str, name: &str) -> u64 {
    let value = field(text, name).unwrap_or_else(|| panic!("no {name} in\n{text}"));
    let inner = value
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{name}: {value}"));
    inner.parse().unwrap()
}

/// The bytes of `name: ARRAY(n)`, or `None` when the pointer is NULL.
fn array(text: &str, name: &str) -> Option<Vec<u8>> {
    let mut lines = text.lines();
    let header = format!("{name}: ARRAY(");
    let count: usize = loop {
        let line = lines.next()?.trim();
        if let Some(rest) = line.strip_prefix(&header) {
            break rest.trim_end_matches(')').parse().unwrap();
        }
    };
    Some(
        lines
            .take(count)
            .map(|line| {
                let value = line.split_once(':').unwrap().1.trim();
                let hex = value.split_whitespace().next().unwrap();
                u8::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap()
            })
            .collect(),
    )
}

/// Samba's name for a status: `WERR_OK`, `WERR_MORE_DATA`, ...
fn werr(status: Status) -> String {
    match status.name().unwrap() {
        "ERROR_SUCCESS" => "WERR_OK".to_owned(),
        name => format!("WERR_{}", name.strip_prefix("ERROR_").unwrap()),
    }
}

/// (input, nOutBufferSize, output, lpcbRequired, status)
type Case<'a> = (Option<&'a [u8]>, u32, &'a [u8], u32, Status);

fn formats() -> [StubFormat; 2] {
    [StubFormat::NDR20, StubFormat::NDR64]
}

#[test]
fn ndrdump_parses_every_stub_we_encode_and_agrees_on_the_fields() {
    let Some(tool) = oracles::tool("ndrdump") else {
        return;
    };
    let scratch = Scratch::new("rpc-ndrdump");
    // An even and an odd number of code units (NUL included): the odd one
    // pads the string before the next field.
    let names: [(&str, Vec<u8>); 2] = ["Physical Disk", "Disk"].map(|text| {
        let units = format!("{text}\0")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        (text, units)
    });
    let mut first = [0u8; 20];
    first.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8);
    let second = ContextHandle::new([0xA5; 20]);
    let mut checked = 0;
    for function in Function::ALL {
        for format in formats() {
            // (input, nOutBufferSize, output, lpcbRequired, status): a NULL
            // input answered by 10 of 64 bytes (2 pad bytes), an odd 7-byte
            // input (1 pad byte) answered by ERROR_MORE_DATA, and a 3-byte
            // input answered by an error.
            let cases: [Case<'_>; 3] = [
                (None, 64, b"0123456789", 10, Status::ERROR_SUCCESS),
                (Some(b"ABCDEFG"), 0, b"", 20, Status::ERROR_MORE_DATA),
                (Some(b"xyz"), 16, b"", 0, Status::ERROR_INVALID_FUNCTION),
            ];
            for (i, (input, out_size, output, required, status)) in cases.into_iter().enumerate() {
                let code = ControlCode::new(0x0100_0000 | (u32::from(function.opnum()) << 2) | 1);
                let (type_name, units) = &names[i % 2];
                let req = Request::new(function, ContextHandle::new(first), code, input, out_size)
                    .with_second_handle(second)
                    .with_type_name(TypeName::new(units));
                let resp =
                    Response::new(out_size, output, required, status).with_rpc_status(Some(0));
                let tag = format!("{}-{}-{i}", function.opnum(), format.syntax.label());
                let req_path = scratch.file(&format!("{tag}.in"), &req.to_vec(format).unwrap());
                let resp_path = scratch.file(&format!("{tag}.out"), &resp.to_vec(format).unwrap());

                let (ok, text) = ndrdump(&tool, function, "in", &req_path, None, format.syntax);
                assert!(ok, "{tag} in:\n{text}");
                assert_eq!(
                    number(&text, "dwControlCode"),
                    u64::from(code.value()),
                    "{tag}"
                );
                assert_eq!(
                    number(&text, "nInBufferSize"),
                    u64::from(req.in_buffer_size())
                );
                assert_eq!(number(&text, "nOutBufferSize"), u64::from(out_size));
                assert_eq!(
                    array(&text, "lpInBuffer").as_deref(),
                    input,
                    "{tag}\n{text}"
                );
                if input.is_none() {
                    assert_eq!(field(&text, "lpInBuffer"), Some("NULL"), "{tag}");
                }
                let handles = text.matches("handle_type").count();
                assert_eq!(handles, function.handles(), "{tag}\n{text}");
                let handle_type = u64::from(u32::from_le_bytes([0, 1, 2, 3]));
                assert!(
                    text.contains(&format!("({handle_type})")),
                    "{tag}: first handle's attributes"
                );
                if function.handles() == 2 {
                    assert!(text.contains("0xa5a5a5a5"), "{tag}: second handle\n{text}");
                }
                if function.has_type_name() {
                    assert_eq!(
                        field(&text, "lpszResourceTypeName"),
                        Some(format!("'{type_name}'").as_str()),
                        "{tag}\n{text}"
                    );
                }

                let (ok, text) = ndrdump(
                    &tool,
                    function,
                    "out",
                    &resp_path,
                    Some(&req_path),
                    format.syntax,
                );
                assert!(ok, "{tag} out:\n{text}");
                assert_eq!(
                    array(&text, "lpOutBuffer").unwrap_or_default(),
                    output,
                    "{tag}\n{text}"
                );
                assert_eq!(number(&text, "lpBytesReturned"), output.len() as u64);
                assert_eq!(number(&text, "lpcbRequired"), u64::from(required));
                assert_eq!(field(&text, "rpc_status"), Some("WERR_OK"), "{tag}");
                assert_eq!(field(&text, "result"), Some(werr(status).as_str()), "{tag}");
                checked += 2;
            }
        }
    }
    assert_eq!(checked, 16 * 2 * 3 * 2);
}

#[test]
fn ndrdump_refuses_what_strict_decoding_refuses() {
    let Some(tool) = oracles::tool("ndrdump") else {
        return;
    };
    let scratch = Scratch::new("rpc-ndrdump-bad");
    let f = Function::ResourceControl;
    let format = StubFormat::NDR20;
    let handle = ContextHandle::new([1; 20]);
    let input: &[u8] = b"1234567";
    let req = Request::new(f, handle, ControlCode::new(0x0100_00AE), Some(input), 64)
        .to_vec(format)
        .unwrap();
    let resp = Response::new(64, b"0123456789", 10, Status::ERROR_SUCCESS)
        .to_vec(format)
        .unwrap();
    let good_req = scratch.file("good.in", &req);
    let edit = |bytes: &[u8], at: usize, value: &[u8]| {
        let mut out = bytes.to_vec();
        out[at..at + value.len()].copy_from_slice(value);
        out
    };
    // (what, request?, bytes)
    let cases: Vec<(&str, bool, Vec<u8>)> = vec![
        ("in max_count != nInBufferSize", true, edit(&req, 40, &[8])),
        ("in non-zero padding", true, edit(&req, 39, &[0x55])),
        ("in trailing bytes", true, [&req[..], &[0; 4]].concat()),
        ("in missing pad", true, [&req[..39], &req[40..]].concat()),
        (
            "out max_count != nOutBufferSize",
            false,
            edit(&resp, 0, &[65]),
        ),
        ("out offset != 0", false, edit(&resp, 4, &[4])),
        (
            "out actual_count > max_count",
            false,
            edit(&edit(&resp, 0, &[2]), 8, &[10]),
        ),
        (
            "out actual_count != lpBytesReturned",
            false,
            edit(&resp, 24, &[9]),
        ),
        ("out non-zero padding", false, edit(&resp, 22, &[1])),
        ("out v2 layout", false, [&resp[..32], &resp[36..]].concat()),
    ];
    for (what, is_request, bytes) in &cases {
        let ours = if *is_request {
            Request::decode(bytes, f, format).map(|_| ())
        } else {
            Response::decode(bytes, Some(64), format).map(|_| ())
        };
        assert!(ours.is_err(), "{what}: strict decoding accepted it");
        let path = scratch.file("bad", bytes);
        let (ok, text) = if *is_request {
            ndrdump(&tool, f, "in", &path, None, format.syntax)
        } else {
            ndrdump(&tool, f, "out", &path, Some(&good_req), format.syntax)
        };
        assert!(!ok, "{what}: ndrdump accepted it\n{text}");
    }
    // And the good ones pass, so the failures above are about the edits.
    let path = scratch.file("good.out", &resp);
    assert!(ndrdump(&tool, f, "in", &good_req, None, format.syntax).0);
    assert!(ndrdump(&tool, f, "out", &path, Some(&good_req), format.syntax).0);
}
