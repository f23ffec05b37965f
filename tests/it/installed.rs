//! The `clusctl` binary as an installed tool: the examples at the end of
//! every command's help run as written, completions load in bash, the man
//! pages render, and progress bars and colour appear on a terminal only
//! (checked under a pseudo-terminal made by `script`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::oracles;

/// The binary under test: the one cargo built for these tests, or the one
/// `CLUSCTL_BIN` names (`.ci/run` points it at the `cargo install`ed tool
/// and runs these tests again).
fn bin() -> String {
    std::env::var("CLUSCTL_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_clusctl").to_owned())
}
const GET_CRYPTO: &str = "CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS";

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clusctl-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn clusctl(args: &[&str]) -> Output {
    let out = Command::new(bin()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "clusctl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `bash -c script` with the built `clusctl` first on `PATH`, `HOME` in
/// `home`, from the crate's root (where the examples' sample paths are).
fn bash(script: &str, home: &Path) -> Output {
    let bin = bin();
    let bin_dir = Path::new(&bin).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    Command::new("bash")
        .args(["-o", "pipefail", "-c", script])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", path)
        .env("HOME", home)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The commands `clusctl --help` lists (so commands added later are
/// covered without touching this file).
fn commands() -> Vec<String> {
    let help = String::from_utf8(clusctl(&["--help"]).stdout).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// The example lines that end `help`: after a last `Examples:` line, two
/// or three `clusctl ...` lines and nothing else.
fn examples(help: &str) -> Vec<String> {
    let (_, tail) = help
        .rsplit_once("\nExamples:\n")
        .unwrap_or_else(|| panic!("no Examples: section at the end of\n{help}"));
    let lines: Vec<String> = tail
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(
        (2..=3).contains(&lines.len()),
        "two or three examples, got {lines:?}"
    );
    for line in &lines {
        assert!(
            line.starts_with("clusctl ") || line.contains("| clusctl "),
            "{line}"
        );
    }
    lines
}

#[test]
fn every_help_ends_with_examples_that_run() {
    let home = scratch("examples");
    let man = oracles::tool("man");
    let commands = commands();
    assert!(
        ["code", "list", "decode", "encode", "completions", "man"]
            .iter()
            .all(|c| commands.iter().any(|have| have == c)),
        "{commands:?}"
    );
    let mut pages: Vec<Vec<&str>> = vec![vec!["--help"]];
    pages.extend(commands.iter().map(|c| vec![c.as_str(), "--help"]));
    let mut ran = 0;
    for args in pages {
        let help = String::from_utf8(clusctl(&args).stdout).unwrap();
        for example in examples(&help) {
            if example.contains("man -l") && man.is_none() {
                continue;
            }
            // A redirect into the home directory needs its folder.
            if let Some((_, target)) = example.split_once("> ~/") {
                let target = target.split_whitespace().next().unwrap();
                let parent = home.join(target);
                std::fs::create_dir_all(parent.parent().unwrap()).unwrap();
            }
            let out = bash(&example, &home);
            assert!(
                out.status.success(),
                "{example}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !out.stdout.is_empty() || example.contains('>') || example.contains("--dir"),
                "{example} printed nothing"
            );
            ran += 1;
        }
    }
    assert!(ran >= 12, "only {ran} examples ran");
    // The examples that write files wrote them.
    assert!(
        home.join(".local/share/bash-completion/completions/clusctl")
            .is_file()
    );
    if man.is_some() {
        assert!(
            home.join(".local/share/man/man1/clusctl-decode.1")
                .is_file()
        );
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn completions_load_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = String::from_utf8(clusctl(&["completions", shell]).stdout).unwrap();
        assert!(
            script.contains("clusctl") && script.contains("decode") && script.contains("lenient"),
            "{shell}: {} bytes, no clusctl, decode or lenient",
            script.len()
        );
    }
    let home = scratch("completions");
    let out = bash(
        "source <(clusctl completions bash) && complete -p clusctl",
        &home,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let spec = String::from_utf8(out.stdout).unwrap();
    assert!(spec.contains("clusctl") && spec.contains("-F"), "{spec}");
    // Completing `clusctl dec` offers `decode`.
    let out = bash(
        "source <(clusctl completions bash) && COMP_WORDS=(clusctl dec) COMP_CWORD=1 \
         && _clusctl clusctl dec clusctl && printf '%s\\n' \"${COMPREPLY[@]}\"",
        &home,
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "decode");
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn man_pages_for_the_program_and_every_command() {
    let dir = scratch("man");
    clusctl(&["man", "--dir", dir.to_str().unwrap()]);
    for command in std::iter::once(String::new()).chain(commands()) {
        let name = if command.is_empty() {
            "clusctl".to_owned()
        } else {
            format!("clusctl-{command}")
        };
        let page = std::fs::read_to_string(dir.join(format!("{name}.1"))).unwrap();
        assert!(page.contains(&format!(".TH {name} 1")), "{page}");
        assert!(page.contains(".SH EXAMPLES"), "{name}: no examples");
        // `clusctl man COMMAND` prints the same page.
        let args: Vec<&str> = std::iter::once("man")
            .chain((!command.is_empty()).then_some(command.as_str()))
            .collect();
        assert_eq!(clusctl(&args).stdout, page.as_bytes());
    }
    // `help` has a page too (the program's page lists it), without a
    // version: it must render, not panic.
    let help = clusctl(&["man", "help"]).stdout;
    assert!(
        String::from_utf8(help)
            .unwrap()
            .contains(".TH clusctl-help 1")
    );
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        files,
        commands().len() + 2,
        "one page per command, help and the program"
    );
    let unknown = Command::new(bin())
        .args(["man", "no-such-command"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let Some(man) = oracles::tool("man") else {
        return;
    };
    let out = Command::new(man)
        .arg("-l")
        .arg(dir.join("clusctl-decode.1"))
        .env("MANWIDTH", "100")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "NAME",
        "clusctl-decode",
        "--lenient",
        "EXAMPLES",
        "get_crypto_checkpoints",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A GET_CRYPTO_CHECKPOINTS output of `items` checkpoints.
fn checkpoints(items: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for i in 0..items {
        let text = format!("1\\Microsoft Enhanced Cryptographic Provider v1.0\\Key-{i:08}");
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes.extend([0, 0]);
    }
    bytes.extend([0, 0]);
    bytes
}

/// Runs `command` (a shell line) under a pseudo-terminal and returns what
/// appeared on that terminal, line ends made plain.
fn on_terminal(script: &Path, command: &str, envs: &[(&str, &str)]) -> String {
    let out = Command::new(script)
        .args(["-qec", command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

/// `seen == expected`, reported briefly (the outputs are megabytes).
fn same(seen: &str, expected: &str) {
    let differs = seen.bytes().zip(expected.bytes()).position(|(a, b)| a != b);
    assert!(
        seen == expected,
        "{} bytes seen, {} expected; first difference at {differs:?}: {:?}",
        seen.len(),
        expected.len(),
        seen.get(..300.min(seen.len())),
    );
}

/// Checkpoints in the large dump: 124 bytes each, 248 hex digits.
const ITEMS: usize = 36_000;

#[test]
fn progress_and_colour_on_a_terminal_only() {
    let Some(script) = oracles::tool("script") else {
        return;
    };
    let dir = scratch("progress");
    // A hex dump large enough for a bar (progress::LARGE is 8 MiB).
    let big = dir.join("big.hex");
    let hex: String = checkpoints(ITEMS)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(&big, hex).unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() > 8 << 20);
    let big = big.to_str().unwrap();
    let bin = bin();
    let decode = format!("{bin} decode --code {GET_CRYPTO} {big}");
    let plain = clusctl(&["decode", "--code", GET_CRYPTO, big]).stdout;
    let plain = String::from_utf8(plain).unwrap();
    assert!(
        plain.contains(&format!("items    {ITEMS}\n")),
        "{}",
        &plain[..200]
    );
    assert!(!plain.contains('\x1b'), "colour in a pipe");

    // Output to a file, watched on a terminal: a bar on the terminal, and
    // the file holds the table alone.
    let table = dir.join("table.txt");
    let seen = on_terminal(&script, &format!("{decode} > {}", table.display()), &[]);
    assert!(seen.contains("reading ["), "no bar: {seen:?}");
    assert!(seen.contains("MiB"), "no byte count: {seen:?}");
    same(&std::fs::read_to_string(&table).unwrap(), &plain);

    // The same from standard input redirected from the file (its size is
    // known).
    let from_stdin = format!(
        "{bin} decode --code {GET_CRYPTO} - < {big} > {}",
        table.display()
    );
    let seen = on_terminal(&script, &from_stdin, &[]);
    assert!(seen.contains("reading ["), "no bar: {seen:?}");
    same(&std::fs::read_to_string(&table).unwrap(), &plain);

    // --quiet: nothing on the terminal.
    let seen = on_terminal(
        &script,
        &format!("{decode} --quiet > {}", table.display()),
        &[],
    );
    assert_eq!(seen, "");

    // Piped: the document alone, exactly as without a terminal.
    let seen = on_terminal(&script, &format!("{decode} | cat"), &[]);
    same(&seen, &plain);

    // --json on the terminal: one JSON document and nothing else.
    let seen = on_terminal(&script, &format!("{decode} --json"), &[]);
    let doc: Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(doc["count"], ITEMS);
    assert!(!seen.contains('\x1b'));

    // Colour: a table on the terminal has it, unless NO_COLOR is set.
    let sample = "tests/data/get_crypto_checkpoints.bin";
    let small = format!("{bin} decode --code {GET_CRYPTO} {sample}");
    let seen = on_terminal(&script, &small, &[]);
    assert!(seen.contains("\x1b[1m"), "no bold heading: {seen:?}");
    assert!(!seen.contains("reading"), "a bar for a small input");
    let seen = on_terminal(&script, &small, &[("NO_COLOR", "1")]);
    assert!(!seen.contains('\x1b'), "colour despite NO_COLOR: {seen:?}");
    let uncoloured = String::from_utf8(clusctl(&["decode", "--code", GET_CRYPTO, sample]).stdout);
    assert_eq!(seen, uncoloured.unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `clusctl capture` on a large capture: a bar on a terminal, none with
/// `--jsonl` or `--json`, and the output the same as without a terminal.
#[test]
fn capture_progress_on_a_terminal_only() {
    let Some(script) = oracles::tool("script") else {
        return;
    };
    let dir = scratch("capture-progress");
    // A pcap over 8 MiB: the records of a one-call capture, again and again
    // (the copies replay the same connection as new ones).
    let sample =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/capture_single.pcap"))
            .unwrap();
    let (header, records) = sample.split_at(24);
    let mut big = header.to_vec();
    while big.len() <= 9 << 20 {
        big.extend_from_slice(records);
    }
    let path = dir.join("big.pcap");
    std::fs::write(&path, &big).unwrap();
    let path = path.to_str().unwrap();
    let bin = bin();
    let plain = String::from_utf8(clusctl(&["capture", path]).stdout).unwrap();
    assert!(plain.contains("ApiResourceControl"), "{}", &plain[..200]);

    let table = dir.join("table.txt");
    let seen = on_terminal(
        &script,
        &format!("{bin} capture {path} > {}", table.display()),
        &[],
    );
    assert!(seen.contains("reading ["), "no bar: {seen:?}");
    same(&std::fs::read_to_string(&table).unwrap(), &plain);

    let lines = dir.join("lines.jsonl");
    let seen = on_terminal(
        &script,
        &format!("{bin} capture --jsonl {path} > {}", lines.display()),
        &[],
    );
    assert_eq!(seen, "", "a bar with --jsonl");
    let seen = on_terminal(&script, &format!("{bin} capture --json {path}"), &[]);
    let doc: Value = serde_json::from_str(&seen).unwrap();
    assert!(!doc["calls"].as_array().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
