//! `clusctl`: decode and encode ClusAPI control codes and their buffers
//! offline. See `clusctl --help` and the README.
//!
//! Exit codes: 0 success, 1 undecodable data, 2 usage error.
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "a std program"
)]

mod capture;
mod code;
mod completions;
mod decode;
mod dump;
mod encode;
mod man;
mod progress;
mod sorted;
mod style;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use clusctl::ControlCode;
use serde_json::{Value, json};

use code::{CodeArgs, ListArgs};
use decode::DecodeArgs;
use encode::EncodeArgs;

/// Decode and encode Windows Failover Cluster (ClusAPI) control codes and
/// their buffers, offline.
#[derive(Parser, Debug)]
#[command(name = "clusctl", version, about, propagate_version = true)]
#[command(after_help = "\
Examples:
  clusctl code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS
  clusctl decode --code CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS tests/data/get_crypto_checkpoints.bin
  clusctl --json list CHECKPOINT")]
struct Cli {
    /// Print JSON (one document) instead of a table.
    #[arg(long, global = true)]
    json: bool,
    /// Never show progress bars. Without it a bar appears on standard error
    /// for large inputs, only when standard error is a terminal and standard
    /// output is not a pipe, and never with --json.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Explain control codes (names, 0x hex or decimal), or build one from
    /// its fields.
    Code(CodeArgs),
    /// List the catalog, filtered by object and a name pattern.
    List(ListArgs),
    /// Decode a captured buffer of a control code.
    Decode(DecodeArgs),
    /// Build an input buffer for a control code.
    Encode(EncodeArgs),
    /// List the control calls of a capture (pcap, pcapng, tshark export).
    Capture(capture::CaptureArgs),
    /// Print a shell's completion script (bash, zsh, fish, powershell,
    /// elvish).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), or write every page into a directory.
    Man(man::ManArgs),
}

/// A failure: the message and the exit code.
pub(crate) struct Failure(pub(crate) String, pub(crate) u8);

impl Failure {
    pub(crate) fn data(message: impl Into<String>) -> Self {
        Self(message.into(), 1)
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self(message.into(), 2)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    progress::configure(cli.json, cli.quiet);
    style::configure(cli.json);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(&cli, &mut out);
    let flushed = out.flush();
    match result {
        Ok(status) => {
            if flushed.is_err() {
                // A closed pipe (`| head`) is not an error of ours.
                return ExitCode::SUCCESS;
            }
            ExitCode::from(status)
        }
        Err(Failure(message, code)) => {
            eprintln!("clusctl: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: &Cli, out: &mut dyn Write) -> Result<u8, Failure> {
    let (value, status) = match &cli.command {
        Command::Code(args) => (code::code(args)?, 0),
        Command::List(args) => (code::list(args)?, 0),
        Command::Decode(args) => return decode::run(args, cli.json, out),
        Command::Capture(args) => return capture::run(args, cli.json, out),
        Command::Completions(args) => return completions::run(args, out),
        Command::Man(args) => return man::run(args, out),
        Command::Encode(args) => {
            let bytes = encode::run(args)?;
            if args.raw {
                let _ = out.write_all(&bytes);
                return Ok(0);
            }
            (json!({ "bytes": bytes.len(), "hex": hex(&bytes) }), 0)
        }
    };
    let written = if cli.json {
        serde_json::to_writer_pretty(&mut *out, &value)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        render(&cli.command, &value, out)
    };
    // Output errors are a closed pipe: stop quietly.
    let _ = written;
    Ok(status)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn parse_code(text: &str) -> Result<ControlCode, Failure> {
    text.parse::<ControlCode>()
        .map_err(|e| Failure::usage(format!("control code {text:?}: {e}")))
}

/// Reads `file` (`-`: standard input) whole. A large file is read under a
/// byte-count progress bar, handed back so the command can carry it on
/// through its later stages (see `progress`).
pub(crate) fn read_input(file: &str) -> Result<(Vec<u8>, progress::Progress), Failure> {
    let mut data = Vec::new();
    let read = if file == "-" {
        let progress = progress::Progress::bytes(progress::stdin_len().unwrap_or(0), "reading");
        progress
            .reader(io::stdin().lock())
            .read_to_end(&mut data)
            .map(|_| progress)
    } else {
        std::fs::File::open(file).and_then(|f| {
            let size = f.metadata()?.len();
            let progress = progress::Progress::bytes(size, "reading");
            data.reserve(usize::try_from(size).unwrap_or(0));
            progress.reader(f).read_to_end(&mut data)?;
            Ok(progress)
        })
    };
    let progress = read.map_err(|e| Failure::usage(format!("{file}: {e}")))?;
    Ok((data, progress))
}

pub(crate) fn text_of(v: &Value) -> String {
    v.as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| v.to_string())
}

/// Human output: readable tables.
fn render(command: &Command, doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    match command {
        Command::Code(_) => code::render_code(doc, out),
        Command::List(_) => code::render_list(doc, out),
        Command::Decode(_) | Command::Capture(_) | Command::Completions(_) | Command::Man(_) => {
            Ok(())
        }
        Command::Encode(_) => writeln!(out, "{}", text_of(&doc["hex"])),
    }
}
