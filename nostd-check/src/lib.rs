//! Uses the zero-copy API of `clusctl` with neither `std` nor `alloc`.
#![no_std]

use clusctl::ControlCode;

/// Decodes a control code and reports its function number, or `u32::MAX`
/// when the catalog does not name it.
#[unsafe(no_mangle)]
pub extern "C" fn clusctl_check_function(value: u32) -> u32 {
    let code = ControlCode::from(value);
    match code.name() {
        Some(name) if ControlCode::from_name(name).is_some() => code.function(),
        _ => u32::MAX,
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
