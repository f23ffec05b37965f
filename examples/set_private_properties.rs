//! Build the input buffer of `CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES` with
//! the library, then read it back the way a resource DLL (or a capture
//! reader) would.
//!
//! Run with `cargo run --example set_private_properties`.

use clusctl::buffers::{self, Buffer, Direction, Strictness};
use clusctl::clusprop::{PropertyFormat, PropertyListBuf, ValueBuf};
use clusctl::codes;

fn main() -> Result<(), Box<dyn core::error::Error>> {
    // An IP Address resource's private properties: a string, two DWORDs and
    // a multi-valued property (the stored text and its expansion).
    let mut input = PropertyListBuf::new();
    input
        .push_sz("Address", "10.0.0.5")?
        .push_sz("SubnetMask", "255.255.255.0")?
        .push_dword("EnableDhcp", 0)?
        .push_dword("OverrideAddressMatch", 1)?
        .push(
            "LogPath",
            [
                ValueBuf::expand_sz("%SystemRoot%\\Cluster\\ip.log")?,
                ValueBuf::expanded_sz("C:\\Windows\\Cluster\\ip.log")?,
            ],
        )?;
    let bytes = input.to_vec();
    println!(
        "SET_PRIVATE_PROPERTIES input: {} properties, {} bytes",
        input.len(),
        bytes.len()
    );

    // Read it back through the dispatch, as the typed buffer of that code.
    let code = codes::CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES;
    println!(
        "format of {code} input: {}",
        buffers::format_of(code, Direction::Input).ok_or("no format")?
    );
    let buffer = buffers::decode(code, Direction::Input, &bytes, Strictness::Strict)?;
    let Buffer::PropertyList(list) = &buffer else {
        return Err("not a property list".into());
    };
    for property in list.iter() {
        print!("  {:<22}", property.name().to_string()?);
        for value in property.values() {
            let syntax = value.syntax();
            let shown = if syntax.format() == PropertyFormat::DWORD {
                value.dword()?.to_string()
            } else {
                value.string()?.to_string()?
            };
            print!(" {}={shown}", syntax.name().unwrap_or("user syntax"));
        }
        println!();
    }
    assert_eq!(
        list.get("EnableDhcp")
            .ok_or("missing")?
            .value()
            .ok_or("no value")?
            .dword()?,
        0
    );

    // The decoded buffer re-encodes to the same bytes.
    assert_eq!(buffer.to_vec()?, bytes);
    println!("re-encoded byte for byte");
    Ok(())
}
