//! Name a control code and take it apart: every field of the 32-bit
//! bitfield, the object-less operation, the catalog's provenance, and the
//! way back from the fields to the same code.
//!
//! ```sh
//! cargo run --example control_code
//! cargo run --example control_code -- 0x00400245 CLUSCTL_GROUP_GET_COMMON_PROPERTIES 16777397
//! ```
//!
//! Each argument is a name, `0x` hex or decimal; without arguments the
//! example explains `CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS` and a code no
//! SDK names. `0x00400245` shows a Windows 7 value whose name later SDKs
//! moved to another number (printed as hex, named `legacy`).
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "an example program"
)]

use std::error::Error;

use clusctl::{Access, ControlCode, Object, Parts};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let texts: Vec<&str> = if args.is_empty() {
        vec!["CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS", "0x0A7FFFFE"]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for text in texts {
        // `FromStr` takes names, 0x hex and decimal; errors say where.
        let code: ControlCode = text.parse()?;
        explain(code);
        // Every u32 is a valid code, and its parts give back the same u32.
        let rebuilt = ControlCode::from_parts(code.parts())?;
        assert_eq!(rebuilt, code);
    }

    // Building a code from its fields, as the SDK's CLUSCTL_RESOURCE_CODE
    // macro does.
    let built = ControlCode::from_parts(Parts {
        object: Object::RESOURCE,
        global: false,
        modify: false,
        user: false,
        internal: false,
        function: 45,
        access: Access::Read,
    })?;
    println!("built from parts: {built} = {:#010X}", built.value());
    Ok(())
}

fn explain(code: ControlCode) {
    // `Display` is the canonical name when there is one, else 0x hex.
    println!("{code}");
    println!("  value        {:#010X} ({})", code.value(), code.value());
    match code.name() {
        Some(name) => println!("  name         {name}"),
        None => println!("  name         (none in the catalog)"),
    }
    for alias in code.aliases().skip(1) {
        println!("  alias        {alias}");
    }
    let object = code.object();
    println!(
        "  object       {} ({})",
        object.name().unwrap_or("unnamed"),
        object.get()
    );
    println!("  function     {}", code.function());
    println!("  access       {}", code.access().label());
    println!(
        "  bits         global={} modify={} user={} internal={}",
        code.is_global(),
        code.is_modify(),
        code.is_user(),
        code.is_internal()
    );
    // The operation is the code without its object: CLCTL_* in the SDK.
    let operation = code.operation();
    println!(
        "  operation    {:#08X} {}",
        operation.value(),
        operation.name().unwrap_or("(unnamed)")
    );
    println!("  full access  {}", code.requires_full_access());
    if let Some(entry) = code.catalog_entry() {
        println!("  sources      {}", entry.sources());
        if entry.is_legacy() {
            println!("  legacy       a Windows 7 SDK value");
        }
    }
}
