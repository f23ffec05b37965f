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

use fearless_simd::{Level, Simd, SimdBase, SimdMask, dispatch, u8x64};

use super::scan::Scan;

#[cfg(feature = "alloc")]
mod decode;
mod encode;

#[cfg(feature = "alloc")]
pub(crate) use decode::to_string;
#[cfg(feature = "alloc")]
pub(crate) use encode::encode_items;
pub(crate) use encode::{encode_into_slice, write_str};

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
/// The mask of the first `n` units (`n <= 32`).
#[cfg(feature = "alloc")]
#[inline(always)]
pub(super) fn first_units(n: usize) -> u32 {
    if n >= 32 { u32::MAX } else { (1u32 << n) - 1 }
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

    proptest! {
        #[test]
        fn simd_scans_equal_the_reference((bytes, skew) in soup()) {
            check_all(&bytes, skew);
        }
    }
}
