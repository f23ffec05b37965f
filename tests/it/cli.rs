//! The `clusctl` binary, run as a user would: every sample capture, every
//! input format, bad input, JSON fields and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusctl"))
        .args(args)
        .output()
        .unwrap()
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clusctl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A failure is one clear line, never a panic or a backtrace.
fn assert_one_line_error(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "{}", stderr(out));
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    if code == 1 {
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("clusctl: "), "{err}");
    }
}

const GET: &str = "CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS";

#[test]
fn the_readme_command_decodes_the_sample_capture() {
    let path = data("get_crypto_checkpoints.bin");
    let out = run(&["decode", "--code", GET, path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("crypto-checkpoints, 484 bytes (raw input)"),
        "{text}"
    );
    assert!(text.contains("Microsoft Enhanced Cryptographic Provider v1.0"));
    assert!(text.contains("(default)"));
    assert!(text.contains(r"\\.\Reader 0\Container"));
    assert!(text.contains("Schl\u{fc}ssel \u{1F511}"));
}

#[test]
fn every_input_format_gives_the_same_items() {
    let reference = json(&run(&[
        "--json",
        "decode",
        "--code",
        GET,
        data("get_crypto_checkpoints.bin").to_str().unwrap(),
    ]));
    assert_eq!(reference["count"], 4);
    assert_eq!(reference["format"], "crypto-checkpoints");
    let first = &reference["items"][0];
    assert_eq!(first["offset"], 0);
    assert_eq!(first["type"], 1);
    assert_eq!(first["type_name"], "PROV_RSA_FULL");
    assert_eq!(
        first["provider"],
        "Microsoft Enhanced Cryptographic Provider v1.0"
    );
    assert_eq!(reference["items"][1]["provider"], Value::Null);
    assert_eq!(reference["items"][1]["key"], "SQLServerKey");
    assert_eq!(reference["items"][3]["type"], 24);
    for (file, format) in [
        ("get_crypto_checkpoints.xxd", "xxd"),
        ("get_crypto_checkpoints.hexdump", "hexdump"),
        ("get_crypto_checkpoints.hex", "hex"),
        ("get_crypto_checkpoints.spaced.txt", "hex"),
    ] {
        let doc = json(&run(&[
            "--json",
            "decode",
            "--code",
            "0x010000B5",
            data(file).to_str().unwrap(),
        ]));
        assert_eq!(doc["input_format"], format, "{file}");
        assert_eq!(doc["items"], reference["items"], "{file}");
    }
    // Standard input, and a forced format.
    let bytes = std::fs::read(data("get_crypto_checkpoints.bin")).unwrap();
    let doc = json(&run_stdin(
        &["--json", "decode", "--code", GET, "--format", "raw", "-"],
        &bytes,
    ));
    assert_eq!(doc["items"], reference["items"]);
}

#[test]
fn truncated_capture_fails_strictly_and_recovers_leniently() {
    let path = data("get_crypto_checkpoints_truncated.bin");
    let out = run(&["decode", "--code", GET, path.to_str().unwrap()]);
    assert_one_line_error(&out, 1);
    assert!(stderr(&out).contains("at byte 176"), "{}", stderr(&out));
    let doc = json(&run(&[
        "--json",
        "decode",
        "--lenient",
        "--code",
        GET,
        path.to_str().unwrap(),
    ]));
    assert_eq!(doc["count"], 2);
    assert_eq!(doc["items"][1]["key"], "SQLServer");
    let deviations: Vec<&str> = doc["deviations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        deviations,
        [
            "last string not terminated at byte 176",
            "multi-string list terminator missing at byte 200"
        ]
    );
    let doc = json(&run(&[
        "--json",
        "decode",
        "--lenient",
        "--code",
        GET,
        data("get_crypto_checkpoints_trailing.bin")
            .to_str()
            .unwrap(),
    ]));
    assert_eq!(doc["deviations"][0]["offset"], 484);
}

#[test]
fn empty_answer_is_valid() {
    let doc = json(&run(&[
        "--json",
        "decode",
        "--code",
        GET,
        data("get_crypto_checkpoints_empty.bin").to_str().unwrap(),
    ]));
    assert_eq!(doc["count"], 0);
    assert_eq!(doc["bytes"], 0);
}

#[test]
fn inputs_and_registry_buffers() {
    let doc = json(&run(&[
        "--json",
        "decode",
        "--input",
        "--code",
        "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT",
        data("add_crypto_checkpoint.bin").to_str().unwrap(),
    ]));
    assert_eq!(doc["format"], "crypto-checkpoint");
    assert_eq!(doc["items"][0]["text"], r"1\\SQLServerKey");
    let doc = json(&run(&[
        "--json",
        "decode",
        "--code",
        "CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS",
        data("get_registry_checkpoints.bin").to_str().unwrap(),
    ]));
    assert_eq!(doc["items"][0]["path"], r"SOFTWARE\Contoso\Payroll");
    assert_eq!(doc["count"], 2);
    let doc = json(&run(&[
        "--json",
        "decode",
        "--input",
        "--code",
        "CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT",
        data("add_registry_checkpoint.bin").to_str().unwrap(),
    ]));
    assert_eq!(doc["items"][0]["path"], r"SOFTWARE\Contoso\Payroll");
    let doc = json(&run(&[
        "--json",
        "decode",
        "--as",
        "multi-sz",
        "--code",
        "CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS",
        data("get_registry_checkpoints.bin").to_str().unwrap(),
    ]));
    assert_eq!(doc["format"], "multi-sz");
    assert_eq!(doc["items"][1]["offset"], 50);
}

#[test]
fn encode_builds_inputs_that_decode_back() {
    let add = "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT";
    let doc = json(&run(&[
        "--json",
        "encode",
        "--code",
        add,
        r"1\\SQLServerKey",
    ]));
    let expected = std::fs::read(data("add_crypto_checkpoint.bin")).unwrap();
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(doc["hex"], hex);
    assert_eq!(doc["bytes"], expected.len());
    let raw = run(&["encode", "--raw", "--code", add, r"1\\SQLServerKey"]);
    assert_eq!(raw.stdout, expected);
    let back = json(&run_stdin(
        &["--json", "decode", "--input", "--code", add],
        &raw.stdout,
    ));
    assert_eq!(back["items"][0]["key"], "SQLServerKey");
    let reg = run(&[
        "encode",
        "--code",
        "CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT",
        r"SOFTWARE\Contoso\Payroll",
    ]);
    let expected = std::fs::read(data("add_registry_checkpoint.bin")).unwrap();
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(String::from_utf8(reg.stdout).unwrap().trim(), hex);
    assert_one_line_error(&run(&["encode", "--code", add, r"PROV_RSA_FULL\\K"]), 2);
    assert_one_line_error(&run(&["encode", "--code", GET, "x"]), 2);
}

#[test]
fn code_by_number_and_by_name_agree() {
    let by_number = json(&run(&["--json", "code", "0x010000B5"]));
    let by_name = json(&run(&["--json", "code", GET]));
    let by_decimal = json(&run(&["--json", "code", "16777397"]));
    assert_eq!(by_number, by_name);
    assert_eq!(by_number, by_decimal);
    let c = &by_number["codes"][0];
    assert_eq!(c["name"], GET);
    assert_eq!(c["function"], 45);
    assert_eq!(c["access"], "read");
    assert_eq!(c["object"]["name"], "RESOURCE");
    assert_eq!(c["requires_full_access"], false);
    assert_eq!(c["operation"]["name"], "CLCTL_GET_CRYPTO_CHECKPOINTS");
    assert_eq!(c["sources"].as_array().unwrap().len(), 5);
    let built = json(&run(&[
        "--json",
        "code",
        "--object",
        "resource",
        "--function",
        "45",
        "--access",
        "read",
    ]));
    assert_eq!(built["codes"][0]["value"], "0x010000B5");
    let add_ex = json(&run(&[
        "--json",
        "code",
        "--object",
        "resource",
        "--function",
        "181",
        "--access",
        "write",
        "--modify",
    ]));
    assert_eq!(
        add_ex["codes"][0]["name"],
        "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX"
    );
    let text = String::from_utf8(run(&["code", "0x01600004"]).stdout).unwrap();
    assert!(
        text.contains("alias        CLUSCTL_RESOURCE_VM_CONFIG_UPDATE"),
        "{text}"
    );
    assert!(text.contains("user=true"), "{text}");
    assert_one_line_error(&run(&["code", "CLUSCTL_NO_SUCH"]), 2);
    assert_one_line_error(&run(&["code", "--function", "262144"]), 2);
}

#[test]
fn list_filters_the_catalog() {
    let doc = json(&run(&["--json", "list", "--object", "resource", "crypto"]));
    let names: Vec<&str> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&GET));
    assert!(names.iter().all(|n| n.contains("CRYPTO")));
    assert_eq!(doc["count"], names.len());
    let all = json(&run(&["--json", "list"]));
    assert_eq!(all["count"], 545);
    let text = String::from_utf8(run(&["list", "fileserver_share_add"]).stdout).unwrap();
    assert!(text.contains("(legacy)"), "{text}");
}

#[test]
fn bad_input_fails_cleanly_with_the_right_exit_code() {
    let dir = std::env::temp_dir().join(format!("clusctl-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    };
    // Odd hex, a bad digit, random bytes, an unknown code, a code without a
    // known format, a missing file, no arguments.
    let odd = write("odd.hex", b"31 00 5c 0");
    let out = run(&["decode", "--code", GET, &odd]);
    assert_one_line_error(&out, 1);
    assert!(
        stderr(&out).contains("odd number of hex digits"),
        "{}",
        stderr(&out)
    );
    let bad = write("bad.hex", b"31 00 zz");
    assert_one_line_error(&run(&["decode", "--code", GET, &bad]), 1);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..40 {
        let len = (seed % 97) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        let file = write(&format!("random-{round}.bin"), &bytes);
        for args in [
            vec!["decode", "--code", GET, file.as_str()],
            vec!["decode", "--lenient", "--code", GET, file.as_str()],
            vec![
                "decode",
                "--input",
                "--code",
                "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT",
                file.as_str(),
            ],
            vec![
                "--json",
                "decode",
                "--as",
                "multi-sz",
                "--code",
                "0",
                file.as_str(),
            ],
        ] {
            let out = run(&args);
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(1),
                "{args:?}: {code:?} {}",
                stderr(&out)
            );
            if code == Some(1) {
                assert_one_line_error(&out, 1);
            }
        }
    }
    assert_one_line_error(&run(&["decode", "--code", "CLUSCTL_NOPE", &odd]), 2);
    let unknown = run(&[
        "decode",
        "--code",
        "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX",
        "--input",
        &odd,
    ]);
    assert_one_line_error(&unknown, 1);
    assert_one_line_error(&run(&["decode", "--code", GET, "/nonexistent/clusctl"]), 2);
    assert_one_line_error(&run(&[]), 2);
    assert_one_line_error(&run(&["decode"]), 2);
    let empty = write("empty", b"");
    assert_eq!(
        run(&["decode", "--code", GET, &empty]).status.code(),
        Some(0)
    );
    assert_one_line_error(
        &run(&[
            "decode",
            "--input",
            "--code",
            "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT",
            &empty,
        ]),
        1,
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decode_prints_a_typed_view_of_a_property_list() {
    let path = data("get_common_properties.bin");
    let code = "CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES";
    let out = run(&["decode", "--code", code, path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("output property-list, 1088 bytes"), "{text}");
    assert!(text.contains("items    18"), "{text}");
    let line = |name: &str| {
        text.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("no {name} line in {text}"))
            .to_owned()
    };
    assert!(line("Name").ends_with("LIST_VALUE_SZ                 Cluster IP Address"));
    assert!(line("PendingTimeout").contains("LIST_VALUE_DWORD"));
    assert!(line("PendingTimeout").ends_with("180000 (0x2bf20)"));
    assert!(line("PossibleOwners").ends_with(r#"["NODE1","NODE2"]"#));

    let doc = json(&run(&[
        "--json",
        "decode",
        "--code",
        code,
        path.to_str().unwrap(),
    ]));
    assert_eq!(doc["format"], "property-list");
    assert_eq!(doc["count"], 18);
    assert_eq!(doc["endmark"], true);
    let items = doc["items"].as_array().unwrap();
    let get = |name: &str| items.iter().find(|p| p["name"] == name).unwrap();
    // Numbers as numbers, strings as text, multi-strings as lists.
    assert_eq!(get("RestartAction")["values"][0]["value"], 2);
    assert_eq!(
        get("RestartAction")["values"][0]["syntax"],
        "CLUSPROP_SYNTAX_LIST_VALUE_DWORD"
    );
    assert_eq!(get("Type")["values"][0]["value"], "IP Address");
    assert_eq!(get("ResourceSpecificData1")["values"][0]["value"], 0);
    assert_eq!(
        get("PossibleOwners")["values"][0]["value"],
        serde_json::json!(["NODE1", "NODE2"])
    );
    assert_eq!(items[0]["offset"], 4);
    assert_eq!(items[0]["values"][0]["offset"], 24);
}

#[test]
fn decode_prints_a_typed_view_of_value_lists() {
    let deps = data("get_required_dependencies.bin");
    let code = "CLUSCTL_RESOURCE_TYPE_GET_REQUIRED_DEPENDENCIES";
    let out = run(&["decode", "--code", code, deps.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("output required-dependencies, 52 bytes"),
        "{text}"
    );
    assert!(
        text.contains("RESCLASS                      class 1 (STORAGE)"),
        "{text}"
    );
    assert!(
        text.contains("NAME                          Network Name"),
        "{text}"
    );
    let doc = json(&run(&[
        "--json",
        "decode",
        "--code",
        code,
        deps.to_str().unwrap(),
    ]));
    assert_eq!(doc["count"], 2);
    assert_eq!(doc["items"][0]["syntax"], "CLUSPROP_SYNTAX_RESCLASS");
    assert_eq!(doc["items"][0]["class"], 1);
    assert_eq!(doc["items"][1]["value"], "Network Name");
    assert_eq!(doc["items"][1]["offset"], 12);

    let disk = data("storage_get_disk_info.bin");
    let code = "CLUSCTL_RESOURCE_STORAGE_GET_DISK_INFO";
    let doc = json(&run(&[
        "--json",
        "decode",
        "--code",
        code,
        disk.to_str().unwrap(),
    ]));
    assert_eq!(doc["format"], "storage-disks");
    assert_eq!(doc["count"], 1);
    let values = doc["items"][0]["values"].as_array().unwrap();
    assert_eq!(values.len(), 5);
    assert_eq!(values[0]["value"], 0x9C3F_51A2u32);
    assert_eq!(values[1]["scsi_address"]["target_id"], 1);
    assert_eq!(values[3]["value"], 64u64 << 30);
    assert_eq!(values[4]["partition"]["file_system"], "NTFS");
    assert_eq!(values[4]["partition"]["volume_label"], "ClusterData");
    let out = run(&["decode", "--code", code, disk.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("disk 1"), "{text}");
    assert!(
        text.contains(r#"\Device\Harddisk1\Partition1 "ClusterData" NTFS"#),
        "{text}"
    );
}

#[test]
fn decode_prints_numbers_strings_and_structs() {
    let flags = run_stdin(
        &[
            "--json",
            "decode",
            "--code",
            "CLUSCTL_RESOURCE_GET_FLAGS",
            "--format",
            "hex",
            "-",
        ],
        b"01000000",
    );
    let doc = json(&flags);
    assert_eq!(
        (doc["format"].as_str(), doc["items"][0]["value"].as_u64()),
        (Some("dword"), Some(1))
    );
    let class = json(&run_stdin(
        &[
            "--json",
            "decode",
            "--code",
            "CLUSCTL_RESOURCE_GET_CLASS_INFO",
            "--format",
            "hex",
            "-",
        ],
        b"0100000000000080",
    ));
    assert_eq!(class["format"], "struct:CLUS_RESOURCE_CLASS_INFO");
    assert_eq!(class["struct"], "CLUS_RESOURCE_CLASS_INFO");
    assert_eq!(class["items"][1]["name"], "SubClass");
    assert_eq!(class["items"][1]["value"], 0x8000_0000u32);
    let name: Vec<u8> = "NODE1\0"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let doc = json(&run_stdin(
        &[
            "--json",
            "decode",
            "--code",
            "CLUSCTL_NODE_GET_NAME",
            "--format",
            "raw",
            "-",
        ],
        &name,
    ));
    assert_eq!(
        (doc["format"].as_str(), doc["items"][0]["text"].as_str()),
        (Some("sz"), Some("NODE1"))
    );
    // A wrong size is one clear error line.
    assert_one_line_error(
        &run_stdin(
            &[
                "decode",
                "--code",
                "CLUSCTL_RESOURCE_GET_CLASS_INFO",
                "--format",
                "hex",
                "-",
            ],
            b"0100",
        ),
        1,
    );
}

#[test]
fn encode_builds_property_lists_from_arguments_and_json() {
    let code = "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES";
    let built = run(&[
        "encode",
        "--raw",
        "--code",
        code,
        "Address=10.0.0.5",
        "EnableDhcp:dword=0",
    ]);
    assert!(built.status.success(), "{}", stderr(&built));
    let bytes = built.stdout;
    let doc = json(&run_stdin(
        &[
            "--json", "decode", "--input", "--code", code, "--format", "raw", "-",
        ],
        &bytes,
    ));
    assert_eq!(doc["format"], "property-list");
    assert_eq!(doc["items"][0]["name"], "Address");
    assert_eq!(doc["items"][0]["values"][0]["value"], "10.0.0.5");
    assert_eq!(doc["items"][1]["name"], "EnableDhcp");
    assert_eq!(doc["items"][1]["values"][0]["value"], 0);
    assert_eq!(
        doc["items"][1]["values"][0]["syntax"],
        "CLUSPROP_SYNTAX_LIST_VALUE_DWORD"
    );

    // decode → edit → encode, and the unedited document re-encodes exactly.
    let text = serde_json::to_vec(&doc).unwrap();
    let again = run_stdin(&["encode", "--raw", "--from-json", "-"], &text);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(again.stdout, bytes);
    let mut edited = doc.clone();
    edited["items"][1]["values"][0]["value"] = serde_json::json!(1);
    let edited = run_stdin(
        &["encode", "--raw", "--code", code, "--from-json", "-"],
        &serde_json::to_vec(&edited).unwrap(),
    );
    let back = json(&run_stdin(
        &[
            "--json", "decode", "--input", "--code", code, "--format", "raw", "-",
        ],
        &edited.stdout,
    ));
    assert_eq!(back["items"][1]["values"][0]["value"], 1);

    // A real capture survives the same trip byte for byte.
    let sample = data("get_common_properties.bin");
    let doc = run(&[
        "--json",
        "decode",
        "--code",
        "CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES",
        sample.to_str().unwrap(),
    ]);
    let set = run_stdin(
        &[
            "encode",
            "--raw",
            "--code",
            "CLUSCTL_RESOURCE_SET_COMMON_PROPERTIES",
            "--from-json",
            "-",
        ],
        &doc.stdout,
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(set.stdout, std::fs::read(&sample).unwrap());

    // Strings and numbers for the sz and dword inputs; bad arguments are usage errors.
    let name = run(&["encode", "--code", "CLUSCTL_RESOURCE_SET_NAME", "New"]);
    assert_eq!(
        String::from_utf8(name.stdout).unwrap().trim(),
        "4e00650077000000"
    );
    assert_one_line_error(&run(&["encode", "--code", code, "Flag:dword=x"]), 2);
    assert_one_line_error(&run(&["encode", "--code", code, "Flag:nosuch=1"]), 2);
    assert_one_line_error(&run(&["encode", "--code", code, "bare"]), 2);
}

#[test]
fn decode_as_any_format_for_undocumented_codes() {
    let list = data("get_common_properties.bin");
    let code = "CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX";
    // Undocumented: an error that suggests --as.
    let out = run(&["decode", "--input", "--code", code, list.to_str().unwrap()]);
    assert_one_line_error(&out, 1);
    assert!(
        stderr(&out).contains("--as property-list"),
        "{}",
        stderr(&out)
    );
    let doc = json(&run(&[
        "--json",
        "decode",
        "--input",
        "--code",
        code,
        "--as",
        "property-list",
        list.to_str().unwrap(),
    ]));
    assert_eq!(doc["format"], "property-list");
    assert_eq!(doc["count"], 18);
    let doc = json(&run_stdin(
        &[
            "--json",
            "decode",
            "--code",
            code,
            "--as",
            "struct:CLUS_DISK_NUMBER_INFO",
            "--format",
            "hex",
            "-",
        ],
        b"0300000000020000",
    ));
    assert_eq!(doc["items"][1]["value"], 512);
    assert_one_line_error(
        &run(&["decode", "--code", code, "--as", "struct:NO_SUCH", "-"]),
        2,
    );
}

#[test]
fn a_cut_property_list_is_a_strict_error_and_a_lenient_recovery() {
    let bytes = std::fs::read(data("get_common_properties.bin")).unwrap();
    let cut = &bytes[..500];
    let code = "CLUSCTL_RESOURCE_GET_COMMON_PROPERTIES";
    let strict = run_stdin(&["decode", "--code", code, "--format", "raw", "-"], cut);
    assert_one_line_error(&strict, 1);
    assert!(stderr(&strict).contains("at byte"), "{}", stderr(&strict));
    let doc = json(&run_stdin(
        &[
            "--json",
            "decode",
            "--lenient",
            "--code",
            code,
            "--format",
            "raw",
            "-",
        ],
        cut,
    ));
    assert_eq!(doc["lenient"], true);
    assert!(doc["count"].as_u64().unwrap() > 5, "{doc}");
    assert_eq!(doc["items"][0]["name"], "Name");
    let deviation = &doc["deviations"][0];
    assert!(deviation["offset"].as_u64().unwrap() <= 500, "{doc}");
    let text = String::from_utf8(
        run_stdin(
            &[
                "decode",
                "--lenient",
                "--code",
                code,
                "--format",
                "raw",
                "-",
            ],
            cut,
        )
        .stdout,
    )
    .unwrap();
    assert!(text.contains("tolerated: "), "{text}");
}

#[test]
fn property_format_lists_name_each_format() {
    let built = run(&[
        "encode",
        "--raw",
        "--code",
        "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES",
        "Name:word=3",
        "Flags:word=2",
    ]);
    assert!(built.status.success(), "{}", stderr(&built));
    let code = "CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS";
    let doc = json(&run_stdin(
        &["--json", "decode", "--code", code, "--format", "raw", "-"],
        &built.stdout,
    ));
    assert_eq!(doc["format"], "property-formats");
    assert_eq!(doc["items"][0]["format"], "CLUSPROP_FORMAT_SZ");
    assert_eq!(doc["items"][1]["format"], "CLUSPROP_FORMAT_DWORD");
    let text = String::from_utf8(
        run_stdin(
            &["decode", "--code", code, "--format", "raw", "-"],
            &built.stdout,
        )
        .stdout,
    )
    .unwrap();
    assert!(
        text.contains("LIST_VALUE_WORD               3  (SZ)"),
        "{text}"
    );
    // A DWORD where the WORD should be: strict names the offset.
    let bad = run(&[
        "encode",
        "--raw",
        "--code",
        "CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES",
        "Name:dword=3",
    ]);
    let out = run_stdin(
        &["decode", "--code", code, "--format", "raw", "-"],
        &bad.stdout,
    );
    assert_one_line_error(&out, 1);
    assert!(stderr(&out).contains("at byte 24"), "{}", stderr(&out));
}

#[test]
fn encode_builds_struct_inputs_from_fields() {
    let out = run(&[
        "encode",
        "--code",
        "CLUSCTL_RESOURCE_STORAGE_SET_DRIVELETTER",
        "PartitionNumber=1",
        "DriveLetterMask=0x10",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "0100000010000000"
    );
    // Alternatives: the struct that has the fields named.
    let code = "CLUSCTL_RESOURCE_SET_MAINTENANCE_MODE";
    let ex = run(&[
        "encode",
        "--raw",
        "--code",
        code,
        "InMaintenance=true",
        "MaintainenceModeType=2",
        "Signature=0xABBAF00F",
    ]);
    assert_eq!(ex.stdout.len(), 16);
    let doc = json(&run_stdin(
        &[
            "--json", "decode", "--input", "--code", code, "--format", "raw", "-",
        ],
        &ex.stdout,
    ));
    assert_eq!(doc["format"], "struct:CLUS_MAINTENANCE_MODE_INFOEX");
    assert_eq!(doc["items"][0]["value"], true);
    assert_eq!(doc["items"][3]["value"], 0xABBA_F00Fu32);
    let plain = run(&["encode", "--raw", "--code", code, "InMaintenance=1"]);
    assert_eq!(plain.stdout, [1, 0, 0, 0]);
    // Text, GUIDs and errors.
    let guid = run(&[
        "encode",
        "--code",
        "CLUSCTL_RESOURCE_TYPE_STORAGE_GET_AVAILABLE_DISKS_EX2_INT",
        "dwFlags=1",
        "guidPoolFilter={6E3F2C1A-8B4D-4F2E-9A61-0C7B5D3E2F10}",
    ]);
    assert_eq!(
        String::from_utf8(guid.stdout).unwrap().trim(),
        "010000001a2c3f6e4d8b2e4f9a610c7b5d3e2f10"
    );
    assert_one_line_error(&run(&["encode", "--code", code, "Nope=1"]), 2);
    assert_one_line_error(
        &run(&[
            "encode",
            "--code",
            "CLUSCTL_RESOURCE_NETNAME_SET_PWD_INFO",
            &format!("Password={}", "x".repeat(16)),
        ]),
        2,
    );
}
