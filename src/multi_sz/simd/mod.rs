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
//!
//! The NUL-unit scan works on blocks whose NUL units make one 64-bit mask
//! ([`Layout`]): 128 bytes compared as 16-bit lanes at SSE2, SSE4.2 and
//! AVX-512, 64 bytes compared as bytes at AVX2. The validating scan counts
//! the items, finds the terminator and keeps the first few item ends for
//! the view (`scan::Ends`), so a short list is read once; the iterator
//! resumes its block where it stopped, and `Iterator::fold` walks the rest
//! of a list in one dispatched call. Input shorter than a block takes the
//! portable path (`scan::SIMD_MIN`): a padded copy would cost more than
//! the scan.

use fearless_simd::{Bytes, Level, Simd, SimdBase, SimdMask, dispatch, u8x64, u16x32};

use super::scan::{Ends, EndsBuilder, Scan};

#[cfg(feature = "alloc")]
mod decode;
mod encode;

#[cfg(feature = "alloc")]
pub(crate) use decode::{to_string, to_strings};
pub(crate) use encode::{encode_into_slice, write_str};
#[cfg(feature = "alloc")]
pub(crate) use encode::{encode_items, encode_items_inline};

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
#[inline]
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

/// How a level lays out the NUL-unit masks: AVX2 has no cheap
/// 16-bit-lane movemask (its `pext` is microcoded on older AMD CPUs), so it
/// compares bytes and keeps bit `2k` for unit `k` of a 64-byte block; the
/// other levels compare 16-bit lanes and keep bit `k` of a 128-byte block
/// (two 64-byte halves). Either way a block's mask is 64 bits, one loop
/// step. Folded away at compile time in each level's kernel.
#[derive(Clone, Copy)]
struct Layout {
    /// log2 of the bytes per mask bit: 0 (bit `2k`) or 1 (bit `k`).
    shift: u32,
    /// The level has a `popcnt` instruction (all but SSE2).
    popcnt: bool,
}

impl Layout {
    /// The level's layout.
    #[inline(always)]
    fn of<S: Simd>(simd: S) -> Self {
        #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
        match simd.level() {
            Level::Avx2(_) => Self {
                shift: 0,
                popcnt: true,
            },
            Level::Sse2(_) => Self {
                shift: 1,
                popcnt: false,
            },
            _ => Self {
                shift: 1,
                popcnt: true,
            },
        }
        #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
        {
            let _ = simd;
            Self {
                shift: 1,
                popcnt: true,
            }
        }
    }

    /// The number of set bits of `z`: without `popcnt`, cheap when there
    /// are at most two (a block holds one or two item ends in most lists).
    #[inline(always)]
    fn count(self, z: u64) -> usize {
        if self.popcnt {
            return z.count_ones() as usize;
        }
        let rest = z & z.wrapping_sub(1);
        if rest & rest.wrapping_sub(1) == 0 {
            usize::from(z != 0) + usize::from(rest != 0)
        } else {
            z.count_ones() as usize
        }
    }

    /// The bit distance between two adjacent units.
    #[inline(always)]
    const fn step(self) -> u32 {
        2 >> self.shift
    }

    /// The bit of a block's last unit.
    #[inline(always)]
    const fn last(self) -> u32 {
        64 - self.step()
    }

    /// The byte offset in the block of mask bit `bit`.
    #[inline(always)]
    const fn offset(self, bit: u32) -> usize {
        (bit as usize) << self.shift
    }

    /// The mask bits of the units at or after byte `from` (even, inside
    /// the block) of a block.
    #[inline(always)]
    const fn from(self, from: usize) -> u64 {
        u64::MAX << (from >> self.shift)
    }
}

/// Runs `$body` with `$n` bound to the block size of `$layout` (64 or 128
/// bytes), a constant in each instantiation.
macro_rules! with_block {
    ($layout:expr, $n:ident => $body:expr) => {
        if $layout.shift == 0 {
            const $n: usize = 64;
            $body
        } else {
            const $n: usize = 128;
            $body
        }
    };
}

/// The mask of the NUL code units of a 64-byte half block, in the level's
/// [`Layout`] (32 or 64 significant bits).
#[inline(always)]
fn half_mask<S: Simd>(simd: S, layout: Layout, half: &[u8; 64]) -> u64 {
    let v = u8x64::load_array_ref(simd, half);
    if layout.shift == 0 {
        let zero = v.simd_eq(0).to_bitmask();
        zero & (zero >> 1) & EVEN
    } else {
        let units: u16x32<S> = v.bitcast();
        units.simd_eq(0).to_bitmask()
    }
}

/// The mask of a full block of `N` bytes (64 or 128, see [`Layout`]).
#[inline(always)]
fn nul_mask<S: Simd, const N: usize>(simd: S, layout: Layout, block: &[u8; N]) -> u64 {
    let (halves, _) = block.as_chunks::<64>();
    let mut z = 0;
    let mut bit = 0;
    for half in halves {
        z |= half_mask(simd, layout, half) << bit;
        bit += 32;
    }
    z
}

/// [`half_mask`] of the bytes of `even` from `at` on, fewer than 64 (and
/// not none): the last 64 bytes of `even` masked and shifted when there
/// are that many (no copy), else a copy padded with non-zero bytes.
#[inline(always)]
fn short_mask<S: Simd>(simd: S, layout: Layout, even: &[u8], at: usize) -> u64 {
    let len = even.len().saturating_sub(at);
    if let Some(block) = even.last_chunk::<64>() {
        return half_mask(simd, layout, block) >> ((64 - len) >> layout.shift);
    }
    let mut block = [0xFF; 64];
    if let (Some(dst), Some(src)) = (block.get_mut(..len), even.get(at..)) {
        dst.copy_from_slice(src);
    }
    half_mask(simd, layout, &block)
}

/// The mask of the last block of `even`, at byte `at`, shorter than `N`
/// bytes (and not empty).
#[inline(always)]
fn tail_mask<S: Simd, const N: usize>(simd: S, layout: Layout, even: &[u8], at: usize) -> u64 {
    let rest = even.get(at..).unwrap_or_default();
    match rest.first_chunk::<64>() {
        // N is 128 here: a full first half, then what is left.
        Some(half) if rest.len() > 64 => {
            half_mask(simd, layout, half) | (short_mask(simd, layout, even, at + 64) << 32)
        }
        Some(half) => half_mask(simd, layout, half),
        None => short_mask(simd, layout, even, at),
    }
}

/// The mask of the block of `N` bytes at byte `at` of `even` (full or the
/// tail), or `None` past the end.
#[inline(always)]
fn mask_at<S: Simd, const N: usize>(
    simd: S,
    layout: Layout,
    even: &[u8],
    at: usize,
) -> Option<u64> {
    let rest = even.get(at..).filter(|r| !r.is_empty())?;
    Some(match rest.first_chunk::<N>() {
        Some(block) => nul_mask(simd, layout, block),
        None => tail_mask::<S, N>(simd, layout, even, at),
    })
}

/// The scan for the list terminator, at `level`, and the first item ends.
#[inline]
pub(crate) fn scan(level: Level, even: &[u8]) -> (Scan, Ends) {
    dispatch!(level, simd => scan_g(simd, even))
}

#[inline(always)]
fn scan_g<S: Simd>(simd: S, even: &[u8]) -> (Scan, Ends) {
    let layout = Layout::of(simd);
    with_block!(layout, N => scan_n::<S, N>(simd, layout, even))
}

#[inline(always)]
fn scan_n<S: Simd, const N: usize>(simd: S, layout: Layout, even: &[u8]) -> (Scan, Ends) {
    let mut ends = EndsBuilder::NEW;
    let (blocks, rest) = even.as_chunks::<N>();
    // Bit 0: the unit before the block was NUL (true at the start, where
    // an item begins).
    let mut carry = 1u64;
    let mut nuls = 0usize;
    let mut at = 0usize;
    for block in blocks {
        let z = nul_mask(simd, layout, block);
        if (z | carry) != 0
            && let Some(found) = block_step(layout, z, &mut carry, &mut nuls, &mut ends, at)
        {
            return (found, ends.finish());
        }
        at += N;
    }
    if !rest.is_empty() {
        let z = tail_mask::<S, N>(simd, layout, even, at);
        if let Some(found) = block_step(layout, z, &mut carry, &mut nuls, &mut ends, at) {
            return (found, ends.finish());
        }
    }
    let found = Scan {
        terminator: None,
        nuls,
    };
    (found, ends.finish())
}

/// One block of [`scan_n`]: the terminator if it is in this block,
/// otherwise counts the block's NULs and updates the carry.
#[inline(always)]
fn block_step(
    layout: Layout,
    z: u64,
    carry: &mut u64,
    nuls: &mut usize,
    ends: &mut EndsBuilder,
    at: usize,
) -> Option<Scan> {
    let starts = z & ((z << layout.step()) | *carry);
    if starts != 0 {
        let k = starts.trailing_zeros();
        let before = z & ((1u64 << k) - 1);
        keep_ends(layout, before, ends, at);
        return Some(Scan {
            terminator: Some(at + layout.offset(k)),
            nuls: *nuls + layout.count(before),
        });
    }
    keep_ends(layout, z, ends, at);
    *nuls += layout.count(z);
    *carry = z >> layout.last();
    None
}

/// Keeps the NUL units of mask `z` (block at `at`) in `ends` while it has
/// room.
#[inline(always)]
fn keep_ends(layout: Layout, mut z: u64, ends: &mut EndsBuilder, at: usize) {
    while z != 0 && !ends.closed() {
        ends.push(at + layout.offset(z.trailing_zeros()));
        z &= z - 1;
    }
}

/// The first NUL unit of `even`, at `level`.
pub(crate) fn find_nul(level: Level, even: &[u8]) -> Option<usize> {
    dispatch!(level, simd => find_nul_g(simd, even))
}

#[inline(always)]
fn find_nul_g<S: Simd>(simd: S, even: &[u8]) -> Option<usize> {
    let layout = Layout::of(simd);
    with_block!(layout, N => find_nul_n::<S, N>(simd, layout, even))
}

#[inline(always)]
fn find_nul_n<S: Simd, const N: usize>(simd: S, layout: Layout, even: &[u8]) -> Option<usize> {
    let (blocks, tail) = even.as_chunks::<N>();
    let mut at = 0;
    for block in blocks {
        let z = nul_mask(simd, layout, block);
        if z != 0 {
            return Some(at + layout.offset(z.trailing_zeros()));
        }
        at += N;
    }
    if tail.is_empty() {
        return None;
    }
    let z = tail_mask::<S, N>(simd, layout, even, at);
    (z != 0).then(|| at + layout.offset(z.trailing_zeros()))
}

/// How many item ends [`collect_nuls`] queues per call.
pub(crate) const NUL_QUEUE: usize = 8;

// The iterator queues every end a view kept.
const _: () = assert!(NUL_QUEUE >= super::scan::ENDS);

/// Where [`collect_nuls`] resumes: the NUL units of the block at `base`
/// not yet queued (`mask`), then the block at `next`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resume {
    /// Byte offset of the block `mask` belongs to.
    base: usize,
    /// Bits of the NUL units of that block still to report.
    mask: u64,
    /// Byte offset of the next block to read.
    next: usize,
}

impl Resume {
    /// Before the first block.
    pub(crate) const START: Self = Self {
        base: 0,
        mask: 0,
        next: 0,
    };
}

/// Fills `out` with the offsets of the next NUL units of `even`, from
/// `resume` on, at most [`NUL_QUEUE`]; returns how many and the new resume
/// point (fewer than [`NUL_QUEUE`] once the end is reached).
pub(crate) fn collect_nuls(
    level: Level,
    even: &[u8],
    resume: Resume,
    out: &mut [usize; NUL_QUEUE],
) -> (usize, Resume) {
    dispatch!(level, simd => collect_nuls_g(simd, even, resume, out))
}

#[inline(always)]
fn collect_nuls_g<S: Simd>(
    simd: S,
    even: &[u8],
    resume: Resume,
    out: &mut [usize; NUL_QUEUE],
) -> (usize, Resume) {
    let layout = Layout::of(simd);
    with_block!(layout, N => collect_nuls_n::<S, N>(simd, layout, even, resume, out))
}

#[inline(always)]
fn collect_nuls_n<S: Simd, const N: usize>(
    simd: S,
    layout: Layout,
    even: &[u8],
    resume: Resume,
    out: &mut [usize; NUL_QUEUE],
) -> (usize, Resume) {
    let Resume {
        mut base,
        mask: mut z,
        mut next,
    } = resume;
    let mut n = 0;
    loop {
        while z != 0 {
            let nul = base + layout.offset(z.trailing_zeros());
            z &= z - 1;
            if let Some(slot) = out.get_mut(n) {
                *slot = nul;
            }
            n += 1;
            if n == NUL_QUEUE {
                return (
                    n,
                    Resume {
                        base,
                        mask: z,
                        next,
                    },
                );
            }
        }
        let Some(mask) = mask_at::<S, N>(simd, layout, even, next) else {
            return (
                n,
                Resume {
                    base,
                    mask: 0,
                    next,
                },
            );
        };
        z = mask;
        base = next;
        next += N;
    }
}

/// Folds `f(acc, start, end)` over the items of `even` from byte `from`
/// (an item start): `(item NUL)*`, possibly ending in one unterminated
/// item, which ends at `even.len()`. One dispatch for the whole walk.
pub(crate) fn fold_items<B, F: FnMut(B, usize, usize) -> B>(
    level: Level,
    even: &[u8],
    from: usize,
    init: B,
    f: F,
) -> B {
    dispatch!(level, simd => fold_items_g(simd, even, from, init, f))
}

#[inline(always)]
fn fold_items_g<S: Simd, B, F: FnMut(B, usize, usize) -> B>(
    simd: S,
    even: &[u8],
    from: usize,
    init: B,
    f: F,
) -> B {
    let layout = Layout::of(simd);
    with_block!(layout, N => fold_items_n::<S, B, F, N>(simd, layout, even, from, init, f))
}

#[inline(always)]
fn fold_items_n<S: Simd, B, F: FnMut(B, usize, usize) -> B, const N: usize>(
    simd: S,
    layout: Layout,
    even: &[u8],
    from: usize,
    init: B,
    mut f: F,
) -> B {
    let mut acc = init;
    let mut start = from;
    let mut at = from - from % N;
    let mut keep = layout.from(from - at);
    let (blocks, tail) = even.as_chunks::<N>();
    for block in blocks.get(at / N..).unwrap_or_default() {
        let mut z = nul_mask(simd, layout, block) & keep;
        keep = u64::MAX;
        while z != 0 {
            let nul = at + layout.offset(z.trailing_zeros());
            z &= z - 1;
            acc = f(acc, start, nul);
            start = nul + 2;
        }
        at += N;
    }
    if !tail.is_empty() {
        let mut z = tail_mask::<S, N>(simd, layout, even, at) & keep;
        while z != 0 {
            let nul = at + layout.offset(z.trailing_zeros());
            z &= z - 1;
            acc = f(acc, start, nul);
            start = nul + 2;
        }
    }
    if start < even.len() {
        acc = f(acc, start, even.len());
    }
    acc
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
            let (found, ends) = scan(level, placed);
            assert_eq!(found, scan_scalar(bytes), "{name}");
            // The kept ends: the first NUL units before the terminator.
            let before: Vec<usize> = (0..bytes.len() / 2)
                .map(|i| 2 * i)
                .filter(|i| bytes[*i..*i + 2] == [0, 0] && found.terminator.is_none_or(|t| *i < t))
                .collect();
            if let Some(mut kept) = ends.all(found.nuls) {
                let kept: Vec<usize> = core::iter::from_fn(|| kept.pop()).collect();
                assert_eq!(kept, before, "{name}");
            } else {
                assert!(
                    found.nuls > crate::multi_sz::scan::ENDS || bytes.len() > 131_072,
                    "{name}"
                );
            }
            assert_eq!(find_nul(level, placed), find_nul_scalar(bytes), "{name}");
            // The iterator's queue: every NUL unit, in order, a queue at a
            // time, then nothing more.
            let all: Vec<usize> = (0..bytes.len() / 2)
                .filter(|i| bytes[2 * i..2 * i + 2] == [0, 0])
                .map(|i| 2 * i)
                .collect();
            let mut got = Vec::new();
            let mut resume = Resume::START;
            loop {
                let mut queue = [usize::MAX; NUL_QUEUE];
                let (n, next) = collect_nuls(level, placed, resume, &mut queue);
                got.extend_from_slice(&queue[..n]);
                resume = next;
                if n < NUL_QUEUE {
                    break;
                }
            }
            assert_eq!(got, all, "{name}");
            let mut queue = [usize::MAX; NUL_QUEUE];
            assert_eq!(collect_nuls(level, placed, resume, &mut queue).0, 0);
            // The fold: from every even start, the items as the reference
            // walk finds them (a last unterminated item included).
            for start in (0..=bytes.len()).step_by(2) {
                let got = fold_items(level, placed, start, Vec::new(), |mut v, a, b| {
                    v.push((a, b));
                    v
                });
                let mut expected = Vec::new();
                let mut a = start;
                for &nul in all.iter().filter(|p| **p >= start) {
                    expected.push((a, nul));
                    a = nul + 2;
                }
                if a < bytes.len() {
                    expected.push((a, bytes.len()));
                }
                assert_eq!(got, expected, "{name} fold from {start}");
            }
            for cut in (0..=bytes.len()).step_by(2) {
                assert_eq!(
                    scan(level, &bytes[..cut]).0,
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
