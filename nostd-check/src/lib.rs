//! Uses the zero-copy API of `clusctl` with neither `std` nor `alloc`.
#![no_std]

use clusctl::buffers::{CryptoCheckpoints, Strictness};
use clusctl::{ControlCode, MultiSz, multi_sz};

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

/// Decodes a GET_CRYPTO_CHECKPOINTS output and returns the sum of the
/// provider types of its valid checkpoints, or `u32::MAX` on a framing
/// error; re-encodes the multi-string into a stack buffer on the way.
#[unsafe(no_mangle)]
pub extern "C" fn clusctl_check_checkpoints(ptr: &[u8; 64]) -> u32 {
    let Ok(list) = CryptoCheckpoints::decode(ptr, Strictness::Lenient) else {
        return u32::MAX;
    };
    let mut scratch = [0u8; 128];
    if let Ok(strict) = MultiSz::decode(ptr) {
        let _ = multi_sz::encode_into(strict.iter(), &mut scratch);
    }
    list.iter()
        .filter_map(Result::ok)
        .map(|c| c.provider_type().get())
        .fold(0u32, u32::wrapping_add)
}

/// Walks a property list (strict, else lenient) without an allocator and
/// returns the sum of its DWORD values plus the number of properties.
#[unsafe(no_mangle)]
pub extern "C" fn clusctl_check_property_list(ptr: &[u8; 256]) -> u32 {
    use clusctl::clusprop::{PropertyList, ValueList};
    let list = PropertyList::decode(ptr).unwrap_or_else(|_| PropertyList::decode_lenient(ptr));
    let values = ValueList::decode_lenient(ptr);
    let dwords = list
        .iter()
        .flat_map(|p| p.values())
        .chain(values.iter())
        .filter_map(|v| v.dword().ok())
        .fold(0u32, u32::wrapping_add);
    dwords.wrapping_add(u32::try_from(list.len()).unwrap_or(u32::MAX))
}

/// Decodes `ptr` as the output of the control code `value` through the
/// typed dispatch (every documented format) and re-encodes it into a stack
/// buffer; returns the bytes written, or `u32::MAX` when it does not decode.
#[unsafe(no_mangle)]
pub extern "C" fn clusctl_check_dispatch(value: u32, ptr: &[u8; 64]) -> u32 {
    use clusctl::buffers::{self, Direction};
    let code = ControlCode::from(value);
    let Ok(buffer) = buffers::decode(code, Direction::Output, ptr, Strictness::Strict) else {
        return u32::MAX;
    };
    let mut scratch = [0u8; 64];
    match buffer.encode_into(&mut scratch) {
        Ok(n) => u32::try_from(n).unwrap_or(u32::MAX),
        Err(_) => u32::MAX,
    }
}

/// Decodes an ApiResourceControl request stub (NDR20) and re-encodes it
/// into a stack buffer: returns the control code, or `u32::MAX` when the
/// stub is refused or does not re-encode to the same bytes.
#[unsafe(no_mangle)]
pub extern "C" fn clusctl_check_rpc_request(stub: &[u8; 64], len: usize) -> u32 {
    use clusctl::rpc::{Function, Request, StubFormat};
    let Some(stub) = stub.get(..len) else {
        return u32::MAX;
    };
    let Ok(req) = Request::decode(stub, Function::ResourceControl, StubFormat::NDR20) else {
        return u32::MAX;
    };
    let mut out = [0u8; 64];
    match req.encode_into(StubFormat::NDR20, &mut out) {
        Ok(n) if out.get(..n) == Some(stub) => req.code().value(),
        _ => u32::MAX,
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
