//! SIMD kernels in safe Rust, through `fearless_simd`'s portable vector API
//! and its `dispatch!` macro (never its `kernel!` macro, which would expand
//! an `unsafe` block into this crate; clippy's `disallowed-macros` bans it).
//!
//! Each public-to-the-crate entry point dispatches once to a generic
//! `#[inline(always)]` kernel compiled for every level (SSE2, SSE4.2, AVX2,
//! AVX-512 on x86-64; NEON on aarch64; a scalar fallback elsewhere). Every
//! helper between the dispatch and the vector operations must be
//! `#[inline(always)]`: one that is not is compiled without the level's
//! target features and turns every vector operation into a call (3x slower,
//! silently). `benches/instructions.rs` guards this in CI.
//!
//! With `std` the level is detected at run time (once, cached); without it,
//! the compile-time level serves (SSE2 on x86-64). The portable code of
//! `scan.rs` and `transcode.rs` stays the fallback and the test oracle.

use fearless_simd::{Level, Simd, SimdBase, SimdMask, dispatch, u8x32, u8x64};

use super::scan::Scan;
#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};

/// Even positions of a 64-bit byte mask.
const EVEN: u64 = 0x5555_5555_5555_5555;

/// The forced level (`0`: none; see [`force_level`]).
#[cfg(feature = "std")]
static FORCED: core::sync::atomic::AtomicU8 = core::sync::atomic::AtomicU8::new(0);

/// The SIMD level to use, or `None` for the portable code.
#[inline]
pub(crate) fn level() -> Option<Level> {
    #[cfg(feature = "std")]
    {
        let detected = Level::new();
        match FORCED.load(core::sync::atomic::Ordering::Relaxed) {
            0 => Some(detected),
            forced => capped(detected, forced),
        }
    }
    #[cfg(not(feature = "std"))]
    {
        Some(Level::baseline())
    }
}

/// `detected`, lowered to the level numbered `forced` (1: portable code, 2:
/// SSE2, 3: SSE4.2, 4: AVX2, 5: AVX-512); `None` for the portable code.
#[cfg(feature = "std")]
#[cold]
fn capped(detected: Level, forced: u8) -> Option<Level> {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    {
        match forced {
            2 => detected.as_sse2().map(Level::Sse2),
            3 => detected.as_sse4_2().map(Level::Sse4_2),
            4 => detected.as_avx2().map(Level::Avx2),
            5 => match detected {
                Level::Avx512(_) => Some(detected),
                _ => None,
            },
            _ => None,
        }
    }
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
    {
        match forced {
            1 => None,
            _ => Some(detected),
        }
    }
}

/// The names accepted by [`force_level`], lowest first.
#[cfg(feature = "std")]
pub(crate) const LEVEL_NAMES: [&str; 5] = ["portable", "sse2", "sse4.2", "avx2", "avx512"];

/// Forces the kernels of this process to one level (for benchmarks and
/// the instruction-count guard): one of [`LEVEL_NAMES`], or `"auto"` for the
/// detected level. Returns whether the CPU has it (`false` leaves the
/// detected level in place).
#[cfg(feature = "std")]
pub(crate) fn force_level(name: &str) -> bool {
    use core::sync::atomic::Ordering::Relaxed;
    if name == "auto" {
        FORCED.store(0, Relaxed);
        return true;
    }
    let Some(n) = LEVEL_NAMES.iter().position(|l| *l == name) else {
        return false;
    };
    #[expect(
        clippy::cast_possible_truncation,
        reason = "five names: the index fits a u8"
    )]
    let code = n as u8 + 1;
    if code > 1 && capped(Level::new(), code).is_none() {
        return false;
    }
    FORCED.store(code, Relaxed);
    true
}

/// The mask of the NUL code units of a 64-byte block: bit `2k` is set when
/// unit `k` (bytes `2k`, `2k + 1`) is zero; odd bits are clear.
#[inline(always)]
fn nul_mask<S: Simd>(simd: S, block: &[u8; 64]) -> u64 {
    let zero = u8x64::load_array_ref(simd, block).simd_eq(0).to_bitmask();
    zero & (zero >> 1) & EVEN
}

/// [`nul_mask`] of a last block shorter than 64 bytes (padded with
/// non-zero bytes).
#[inline(always)]
fn tail_mask<S: Simd>(simd: S, tail: &[u8]) -> u64 {
    let mut block = [0xFF; 64];
    if let Some(dst) = block.get_mut(..tail.len()) {
        dst.copy_from_slice(tail);
    }
    nul_mask(simd, &block)
}

/// The scan for the list terminator, at `level`.
pub(crate) fn scan(level: Level, even: &[u8]) -> Scan {
    dispatch!(level, simd => scan_g(simd, even))
}

#[inline(always)]
fn scan_g<S: Simd>(simd: S, even: &[u8]) -> Scan {
    let (blocks, rest) = even.as_chunks::<64>();
    // Bit 0: the unit before the block was NUL (true at the start, where
    // an item begins).
    let mut carry = 1u64;
    let mut nuls = 0usize;
    let mut at = 0usize;
    for block in blocks {
        let z = nul_mask(simd, block);
        if (z | carry) != 0
            && let Some(found) = block_step(z, &mut carry, &mut nuls, at)
        {
            return found;
        }
        at += 64;
    }
    if !rest.is_empty() {
        let z = tail_mask(simd, rest);
        if let Some(found) = block_step(z, &mut carry, &mut nuls, at) {
            return found;
        }
    }
    Scan {
        terminator: None,
        nuls,
    }
}

/// One block of [`scan_g`]: the terminator if it is in this block,
/// otherwise counts the block's NULs and updates the carry.
#[inline(always)]
fn block_step(z: u64, carry: &mut u64, nuls: &mut usize, at: usize) -> Option<Scan> {
    let starts = z & ((z << 2) | *carry);
    if starts != 0 {
        let k = starts.trailing_zeros();
        let before = z & ((1u64 << k) - 1);
        return Some(Scan {
            terminator: Some(at + k as usize),
            nuls: *nuls + before.count_ones() as usize,
        });
    }
    *nuls += z.count_ones() as usize;
    *carry = z >> 62;
    None
}

/// The first 64-byte block at or after byte `from` (a multiple of 64) of
/// `even` that holds a NUL unit: its offset and [`nul_mask`].
pub(crate) fn next_nul_block(level: Level, even: &[u8], from: usize) -> Option<(usize, u64)> {
    dispatch!(level, simd => next_nul_block_g(simd, even, from))
}

#[inline(always)]
fn next_nul_block_g<S: Simd>(simd: S, even: &[u8], from: usize) -> Option<(usize, u64)> {
    let rest = even.get(from..)?;
    let (blocks, tail) = rest.as_chunks::<64>();
    let mut at = from;
    for block in blocks {
        let z = nul_mask(simd, block);
        if z != 0 {
            return Some((at, z));
        }
        at += 64;
    }
    if tail.is_empty() {
        return None;
    }
    let z = tail_mask(simd, tail);
    (z != 0).then_some((at, z))
}

/// How many item ends [`collect_nuls`] queues per call.
pub(crate) const NUL_QUEUE: usize = 8;

/// Fills `out` with the offsets of the next NUL units of `even` at or
/// after byte `from` (even), at most [`NUL_QUEUE`]; returns how many, and
/// where to resume (`even.len()` once the end is reached).
pub(crate) fn collect_nuls(
    level: Level,
    even: &[u8],
    from: usize,
    out: &mut [usize; NUL_QUEUE],
) -> (usize, usize) {
    dispatch!(level, simd => collect_nuls_g(simd, even, from, out))
}

#[inline(always)]
fn collect_nuls_g<S: Simd>(
    simd: S,
    even: &[u8],
    from: usize,
    out: &mut [usize; NUL_QUEUE],
) -> (usize, usize) {
    let mut at = from & !63;
    // The units of the first block before `from` are not looked at.
    let mut keep = u64::MAX << (from - at);
    let mut n = 0;
    while at < even.len() {
        let rest = even.get(at..).unwrap_or_default();
        let mut z = match rest.first_chunk::<64>() {
            Some(block) => nul_mask(simd, block),
            None => tail_mask(simd, rest),
        } & keep;
        keep = u64::MAX;
        while z != 0 {
            let nul = at + z.trailing_zeros() as usize;
            z &= z - 1;
            if let Some(slot) = out.get_mut(n) {
                *slot = nul;
            }
            n += 1;
            if n == NUL_QUEUE {
                return (n, nul + 2);
            }
        }
        at += 64;
    }
    (n, even.len())
}

/// The first NUL unit of `even`, at `level`.
#[inline]
pub(crate) fn find_nul(level: Level, even: &[u8]) -> Option<usize> {
    next_nul_block(level, even, 0).map(|(at, z)| at + z.trailing_zeros() as usize)
}

/// 32 code units classified: their low bytes, and bit masks (bit `k`:
/// unit `k`) of the units that are not ASCII, that are `0x800` or more,
/// and that are surrogates.
#[cfg(feature = "alloc")]
#[derive(Clone, Copy)]
struct Units32<S: Simd> {
    low: u8x32<S>,
    non_ascii: u32,
    wide: u32,
    surrogate: u32,
}

#[cfg(feature = "alloc")]
#[inline(always)]
#[expect(
    clippy::cast_possible_truncation,
    reason = "a 32-lane mask has 32 bits"
)]
fn classify<S: Simd>(simd: S, block: &[u8; 64]) -> Units32<S> {
    let (a, b) = block.split_at(32);
    let a = u8x32::from_slice(simd, a);
    let b = u8x32::from_slice(simd, b);
    let (low, high) = a.deinterleave(b);
    let non_ascii = (high.simd_ne(0).to_bitmask() | low.simd_ge(0x80).to_bitmask()) as u32;
    let wide = high.simd_ge(0x08).to_bitmask() as u32;
    let surrogate = (high & 0xF8).simd_eq(0xD8).to_bitmask() as u32;
    Units32 {
        low,
        non_ascii,
        wide,
        surrogate,
    }
}

/// A last block shorter than 64 bytes, zero-padded, and the number of
/// units in it.
#[cfg(feature = "alloc")]
#[inline(always)]
fn padded(tail: &[u8]) -> ([u8; 64], usize) {
    let mut block = [0u8; 64];
    if let Some(dst) = block.get_mut(..tail.len()) {
        dst.copy_from_slice(tail);
    }
    (block, tail.len() / 2)
}

/// The mask of the first `n` units (`n <= 32`).
#[inline(always)]
fn first_units(n: usize) -> u32 {
    if n >= 32 { u32::MAX } else { (1u32 << n) - 1 }
}

/// The UTF-8 length of the UTF-16LE `even` when it is valid (an upper
/// bound otherwise), at `level`.
#[cfg(feature = "alloc")]
#[inline(always)]
fn utf8_len_g<S: Simd>(simd: S, even: &[u8]) -> usize {
    // 1 byte per unit, +1 from 0x80, +1 from 0x800; a surrogate pair
    // counts 3 + 3 and needs 4.
    #[inline(always)]
    fn extra<S: Simd>(u: &Units32<S>, valid: u32) -> usize {
        ((u.non_ascii & valid).count_ones() + (u.wide & valid).count_ones()) as usize
            - (u.surrogate & valid).count_ones() as usize
    }
    let (blocks, tail) = even.as_chunks::<64>();
    let mut total = even.len() / 2;
    for block in blocks {
        let u = classify(simd, block);
        if u.non_ascii != 0 {
            total += extra(&u, u32::MAX);
        }
    }
    if !tail.is_empty() {
        let (block, n) = padded(tail);
        total += extra(&classify(simd, &block), first_units(n));
    }
    total
}

/// The UTF-16LE `even` as a new string, allocated once at its exact size
/// (counted first); on an unpaired surrogate its byte offset.
#[cfg(feature = "alloc")]
pub(crate) fn to_string(level: Level, even: &[u8]) -> Result<String, usize> {
    let buf = dispatch!(level, simd => to_utf8_g(simd, even))?;
    // Safe Rust cannot skip this validation; `to_utf8_g` writes only
    // complete, valid UTF-8 sequences, so the fallback is never taken.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

#[cfg(feature = "alloc")]
#[inline(always)]
fn to_utf8_g<S: Simd>(simd: S, even: &[u8]) -> Result<Vec<u8>, usize> {
    let mut buf = Vec::with_capacity(utf8_len_g(simd, even));
    let mut pos = 0;
    // Full blocks are read in place, the last one from a padded copy.
    while let Some(block) = even.get(pos..).and_then(|r| r.first_chunk::<64>()) {
        pos = utf8_step(simd, block, 32, even, pos, &mut buf)?;
    }
    while pos < even.len() {
        let (block, n) = padded(even.get(pos..).unwrap_or_default());
        pos = utf8_step(simd, &block, n, even, pos, &mut buf)?;
    }
    Ok(buf)
}

/// One step of [`to_utf8_g`] on the block at `pos` (`n` units of it in
/// `even`): its ASCII run, then the characters up to the next ASCII unit.
/// Returns where to continue.
#[cfg(feature = "alloc")]
#[inline(always)]
fn utf8_step<S: Simd>(
    simd: S,
    block: &[u8; 64],
    n: usize,
    even: &[u8],
    pos: usize,
    buf: &mut Vec<u8>,
) -> Result<usize, usize> {
    let u = classify(simd, block);
    let low = u.low.to_array();
    let non_ascii = u.non_ascii & first_units(n);
    if non_ascii == 0 {
        buf.extend_from_slice(low.get(..n).unwrap_or_default());
        return Ok(pos + 2 * n);
    }
    let run = non_ascii.trailing_zeros() as usize;
    buf.extend_from_slice(low.get(..run).unwrap_or_default());
    push_non_ascii(even, pos + 2 * run, buf)
}

/// Appends the characters from `pos` up to the next ASCII unit (or the
/// end) to `buf` as UTF-8; returns where it stopped, or an unpaired
/// surrogate's offset.
#[cfg(feature = "alloc")]
#[inline(always)]
fn push_non_ascii(even: &[u8], mut pos: usize, buf: &mut Vec<u8>) -> Result<usize, usize> {
    use super::transcode::{utf8_2, utf8_3, utf8_4};
    while let Some(pair) = even.get(pos..pos + 2).and_then(|p| p.first_chunk::<2>()) {
        let u = u16::from_le_bytes(*pair);
        match u {
            0..0x80 => break,
            0x80..0x800 => buf.extend_from_slice(&utf8_2(u)),
            0xD800..0xDC00 => {
                let low = even
                    .get(pos + 2..pos + 4)
                    .and_then(|p| p.first_chunk::<2>())
                    .map(|p| u16::from_le_bytes(*p));
                match low {
                    Some(low @ 0xDC00..0xE000) => {
                        let c =
                            0x1_0000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                        buf.extend_from_slice(&utf8_4(c));
                        pos += 2;
                    }
                    _ => return Err(pos),
                }
            }
            0xDC00..0xE000 => return Err(pos),
            _ => buf.extend_from_slice(&utf8_3(u)),
        }
        pos += 2;
    }
    Ok(pos)
}

/// Writes `text` as UTF-16LE into `out` and returns the bytes written; a
/// NUL character is refused with its code-unit index. The contract of
/// `transcode::write_str`, at `level`: ASCII 32 bytes at a time (widened
/// by interleaving with zeros), other characters one at a time.
///
/// A full 64-byte store may write past the end of `text`'s encoding into
/// `out` (never past `out`): the encoder writes everything after it
/// later, in order.
pub(crate) fn write_str(level: Level, text: &str, out: &mut [u8]) -> Result<usize, usize> {
    dispatch!(level, simd => write_str_g(simd, text, out))
}

#[inline(always)]
#[expect(
    clippy::cast_possible_truncation,
    reason = "a 32-lane mask has 32 bits"
)]
fn write_str_g<S: Simd>(simd: S, text: &str, out: &mut [u8]) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut read = 0;
    let mut written = 0;
    while read < bytes.len() {
        let rest = bytes.get(read..).unwrap_or_default();
        let block = match rest.first_chunk::<32>() {
            Some(block) => *block,
            None => {
                // Padded with non-ASCII bytes: the run stops at the end.
                let mut block = [0x80; 32];
                if let Some(dst) = block.get_mut(..rest.len()) {
                    dst.copy_from_slice(rest);
                }
                block
            }
        };
        let v = u8x32::load_array_ref(simd, &block);
        let stop = v.simd_ge(0x80).to_bitmask() as u32;
        let run = if stop == 0 {
            32
        } else {
            stop.trailing_zeros() as usize
        };
        let nul = v.simd_eq(0).to_bitmask() as u32 & first_units(run);
        if nul != 0 {
            return Err(written / 2 + nul.trailing_zeros() as usize);
        }
        let zero = u8x32::splat(simd, 0);
        let (low, high) = v.interleave(zero);
        if let Some((d0, d1)) = out
            .get_mut(written..written + 64)
            .and_then(|d| d.first_chunk_mut::<64>())
            .map(|d| d.split_at_mut(32))
        {
            low.store_slice(d0);
            high.store_slice(d1);
        } else {
            let mut wide = [0u8; 64];
            let (d0, d1) = wide.split_at_mut(32);
            low.store_slice(d0);
            high.store_slice(d1);
            let n = 2 * run;
            if let (Some(dst), Some(src)) = (out.get_mut(written..written + n), wide.get(..n)) {
                dst.copy_from_slice(src);
            }
        }
        read += run;
        written += 2 * run;
        if run == 32 {
            continue;
        }
        // The characters up to the next ASCII byte, one at a time.
        let tail = text.get(read..).unwrap_or_default();
        for c in tail.chars() {
            if c.is_ascii() {
                break;
            }
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                if let Some(pair) = out.get_mut(written..written + 2) {
                    pair.copy_from_slice(&u.to_le_bytes());
                }
                written += 2;
            }
            read += c.len_utf8();
        }
    }
    Ok(written)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::multi_sz::scan::{find_nul_scalar, scan_scalar};
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

    /// Every level this CPU supports, lowest first, named.
    pub(crate) fn levels() -> Vec<(&'static str, Level)> {
        let detected = Level::try_detect().unwrap_or_else(Level::baseline);
        let mut out = Vec::new();
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        {
            if let Some(t) = detected.as_sse2() {
                out.push(("sse2", Level::Sse2(t)));
            }
            if let Some(t) = detected.as_sse4_2() {
                out.push(("sse4.2", Level::Sse4_2(t)));
            }
            if let Some(t) = detected.as_avx2() {
                out.push(("avx2", Level::Avx2(t)));
            }
            if matches!(detected, Level::Avx512(_)) {
                out.push(("avx512", detected));
            }
        }
        #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
        out.push(("detected", detected));
        out.push(("baseline", Level::baseline()));
        out
    }

    #[test]
    fn the_levels_are_there() {
        let names: Vec<_> = levels().into_iter().map(|(n, _)| n).collect();
        std::println!("SIMD levels tested: {names:?}");
        assert!(!names.is_empty());
        #[cfg(target_arch = "x86_64")]
        assert!(names.contains(&"sse2"), "SSE2 is x86-64's baseline");
        // With CLUSCTL_REQUIRE_LEVELS=sse4.2,avx2 (set by .ci/run from the
        // CPU's flags), a level the CPU has must be tested.
        if let Ok(required) = std::env::var("CLUSCTL_REQUIRE_LEVELS") {
            for r in required.split(',').filter(|r| !r.is_empty()) {
                assert!(names.contains(&r), "level {r} not tested: {names:?}");
            }
        }
    }

    #[cfg(feature = "std")]
    #[test]
    fn forcing_a_level_caps_it() {
        assert!(!force_level("no-such-level"));
        assert!(force_level("portable"));
        assert!(level().is_none());
        assert!(force_level("auto"));
        assert!(level().is_some());
    }

    /// Byte vectors rich in NUL units, long enough to cross blocks.
    fn soup() -> impl Strategy<Value = (Vec<u8>, usize)> {
        (
            proptest::collection::vec(
                prop_oneof![
                    2 => Just([0u8, 0u8]),
                    1 => Just([0, 1]),
                    1 => Just([1, 0]),
                    8 => any::<[u8; 2]>().prop_filter("not NUL", |u| *u != [0, 0]),
                ],
                0..300,
            ),
            0usize..64,
        )
            .prop_map(|(units, skew)| (units.concat(), skew))
    }

    /// The scans at every level, on every suffix/prefix of `bytes` placed
    /// at `skew`.
    fn check_all(bytes: &[u8], skew: usize) {
        let skewed = [vec![0xAA; skew], bytes.to_vec()].concat();
        let placed = &skewed[skew..];
        for (name, level) in levels() {
            assert_eq!(scan(level, placed), scan_scalar(bytes), "{name}");
            assert_eq!(find_nul(level, placed), find_nul_scalar(bytes), "{name}");
            // The iterator's queue: every NUL unit, in order, from every
            // even start.
            let all: Vec<usize> = (0..bytes.len() / 2)
                .filter(|i| bytes[2 * i..2 * i + 2] == [0, 0])
                .map(|i| 2 * i)
                .collect();
            for start in (0..=bytes.len()).step_by(2) {
                let mut got = Vec::new();
                let mut from = start;
                while from < bytes.len() {
                    let mut queue = [usize::MAX; NUL_QUEUE];
                    let (n, next) = collect_nuls(level, placed, from, &mut queue);
                    assert!(n == NUL_QUEUE || next == bytes.len(), "{name}");
                    got.extend_from_slice(&queue[..n]);
                    from = next;
                }
                let expected: Vec<usize> = all.iter().copied().filter(|p| *p >= start).collect();
                assert_eq!(got, expected, "{name} from {start}");
            }
            for cut in (0..=bytes.len()).step_by(2) {
                assert_eq!(
                    scan(level, &bytes[..cut]),
                    scan_scalar(&bytes[..cut]),
                    "{name} ..{cut}"
                );
                assert_eq!(
                    find_nul(level, &bytes[cut..]),
                    find_nul_scalar(&bytes[cut..]),
                    "{name} {cut}.."
                );
            }
        }
    }

    #[test]
    fn edge_cases_at_every_level() {
        // The terminator at each position of a block and across blocks, a
        // NUL unit as the last unit of a block (the carry), the odd-offset
        // `00 00` pattern (`A\u{3000}`), no NUL at all.
        for len in [0usize, 2, 62, 64, 66, 126, 128, 130, 190, 256] {
            for t in (0..len).step_by(2) {
                let mut b = vec![0x41u8; len];
                b[t] = 0;
                b[t + 1] = 0;
                check_all(&b, 1);
                if t + 4 <= len {
                    b[t + 2] = 0;
                    b[t + 3] = 0;
                    check_all(&b, 0);
                }
            }
        }
        let cjk = [0x41u8, 0, 0, 0x30].repeat(100);
        check_all(&cjk, 3);
        let mut carry = vec![0x41u8; 128];
        carry[62] = 0;
        carry[63] = 0;
        carry[64] = 0;
        carry[65] = 0;
        check_all(&carry, 5);
    }

    #[cfg(feature = "alloc")]
    fn utf16le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[cfg(feature = "alloc")]
    /// The decoder at every level against the reference, at every skew.
    fn check_decode(units: &[u16]) {
        let bytes = utf16le(units);
        let mut expected = String::new();
        let reference = crate::multi_sz::transcode::push_utf16le_scalar(&bytes, &mut expected)
            .map(|()| expected);
        assert_eq!(
            crate::multi_sz::transcode::to_string_swar(&bytes),
            reference
        );
        for skew in 0..4 {
            let placed = [vec![0xEE; skew], bytes.clone()].concat();
            for (name, level) in levels() {
                let got = to_string(level, &placed[skew..]);
                assert_eq!(got, reference, "{name} skew {skew}");
                if let Ok(s) = got {
                    assert_eq!(s.capacity(), s.len(), "{name}: one exact allocation");
                }
            }
        }
    }

    /// The encoder at every level against the reference, into a buffer
    /// of the exact size and into one with room to spare.
    fn check_encode(text: &str) {
        use crate::multi_sz::transcode::write_str_scalar;
        let len = 2 * text.encode_utf16().count();
        let mut expected = vec![0u8; len];
        let reference = write_str_scalar(text, &mut expected);
        for (name, level) in levels() {
            for spare in [0, 64] {
                let mut got = vec![0xAB; len + spare];
                let r = write_str(level, text, &mut got[..len]);
                assert_eq!(r, reference, "{name} {text:?}");
                if r.is_ok() {
                    assert_eq!(got[..len], expected[..], "{name} {text:?}");
                    assert!(
                        got[len..].iter().all(|b| *b == 0xAB),
                        "{name}: wrote past `out`"
                    );
                }
                let mut roomy = vec![0u8; len + spare];
                assert_eq!(write_str(level, text, &mut roomy), reference, "{name}");
                if r.is_ok() {
                    assert_eq!(roomy[..len], expected[..], "{name} {text:?}");
                }
            }
        }
    }

    #[test]
    fn encode_edge_cases_at_every_level() {
        for len in [0usize, 1, 31, 32, 33, 63, 64, 65, 100] {
            let ascii: String = (0..len)
                .map(|i| char::from(b'!' + u8::try_from(i % 90).unwrap()))
                .collect();
            check_encode(&ascii);
            for at in 0..len {
                for odd in [
                    '\0',
                    '\u{7F}',
                    '\u{80}',
                    '\u{E9}',
                    '\u{7FF}',
                    '\u{800}',
                    '\u{20AC}',
                    '\u{FFFF}',
                    '\u{1F600}',
                    '\u{3000}',
                ] {
                    let mut v: Vec<char> = ascii.chars().collect();
                    v[at] = odd;
                    check_encode(&v.iter().collect::<String>());
                }
            }
        }
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn decode_edge_cases_at_every_level() {
        for len in [0usize, 1, 31, 32, 33, 63, 64, 65, 100] {
            let ascii: Vec<u16> = (0..len)
                .map(|i| 0x21 + u16::try_from(i % 90).unwrap())
                .collect();
            check_decode(&ascii);
            for at in 0..len {
                for odd in [
                    0x7Fu16, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xFFFF, 0xD800, 0xDC00, 0x100,
                    0x3000,
                ] {
                    let mut v = ascii.clone();
                    v[at] = odd;
                    check_decode(&v);
                }
                // A pair at every position, also across the block end.
                if at + 1 < len {
                    let mut v = ascii.clone();
                    v[at] = 0xD83D;
                    v[at + 1] = 0xDE00;
                    check_decode(&v);
                }
            }
        }
    }

    proptest! {
        #[cfg(feature = "alloc")]
        #[test]
        fn simd_decoder_equals_the_reference(
            units in proptest::collection::vec(
                prop_oneof![
                    8 => 0x20u16..0x7F,
                    2 => 0x80u16..0x800,
                    2 => 0x800u16..0xD800,
                    1 => any::<u16>(),
                    1 => 0xD800u16..0xE000,
                    1 => Just(0xD83Du16),
                    1 => Just(0xDE00u16),
                ],
                0..200,
            ),
        ) {
            check_decode(&units);
        }

        #[test]
        fn simd_encoder_equals_the_reference(
            parts in proptest::collection::vec(
                prop_oneof![
                    6 => "[ -~]{0,40}",
                    1 => "[\\u{80}-\\u{7FF}]{1,3}",
                    1 => "[\\u{800}-\\u{D7FF}\\u{E000}-\\u{FFFF}]{1,3}",
                    1 => "[\\u{10000}-\\u{10FFFF}]{1,2}",
                    1 => Just("\\0".to_owned()),
                ],
                0..8,
            ),
            skew in 0usize..32,
        ) {
            // The text at every alignment: behind `skew` ASCII bytes.
            let text = parts.concat();
            let placed = format!("{}{text}", "x".repeat(skew));
            check_encode(&placed[skew..]);
            check_encode(&placed);
        }

        #[test]
        fn simd_scans_equal_the_reference((bytes, skew) in soup()) {
            check_all(&bytes, skew);
        }
    }
}
