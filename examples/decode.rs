//! Decodes control codes given on the command line (names, `0x` hex or
//! decimal) and prints every field.
//!
//! `cargo run --example decode -- 0x010000B5 CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT_EX`
#![allow(clippy::std_instead_of_core, reason = "a std program")]

use std::process::ExitCode;

use clusctl::ControlCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: decode <CODE>...   (a name, 0x hex or decimal)");
        return ExitCode::from(2);
    }
    for arg in args {
        match arg.parse::<ControlCode>() {
            Ok(code) => {
                let p = code.parts();
                println!("{:#010X}  {code}", code.value());
                for alias in code.aliases().skip(1) {
                    println!("  alias     {alias}");
                }
                println!("  operation {}", code.operation());
                println!("  object    {} ({})", p.object, p.object.get());
                println!("  function  {}", p.function);
                println!("  access    {}", p.access);
                println!(
                    "  flags     global={} modify={} user={} internal={}",
                    p.global, p.modify, p.user, p.internal
                );
                println!("  full access required: {}", code.requires_full_access());
                if let Some(entry) = code.catalog_entry() {
                    println!("  sources   {}", entry.sources());
                }
            }
            Err(err) => {
                eprintln!("error: {arg:?}: {err}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
