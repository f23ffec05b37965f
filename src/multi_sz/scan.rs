//! The NUL-unit scans behind decoding and iteration.
//!
//! Each scan has a plain portable version (`*_scalar`, one code unit at a
//! time: the reference), a portable fast version that looks at 8 bytes
//! (four code units) per step (`*_swar`), and with the `simd` feature a
//! SIMD kernel (`super::simd`, 64 or 128 bytes a step) that [`scan`] and
//! [`find_nul`] dispatch to. Tests prove them all equal on random and
//! edge-case input, the SIMD kernel at every level the CPU has.
//!
//! All functions take a slice of **even** length (callers cut an odd last
//! byte off first) of any alignment; offsets are byte offsets into it and
//! always even.

/// What a scan for the list terminator found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Byte offset of the list terminator: the first NUL unit that starts an
    /// item (at offset 0, or right after another NUL unit).
    pub(crate) terminator: Option<usize>,
    /// The number of NUL units before the terminator (the whole slice when
    /// there is none): the number of terminated items.
    pub(crate) nuls: usize,
}

/// How many item ends a scan keeps for the view ([`Ends`]).
pub(crate) const ENDS: usize = 4;

/// The first item ends (NUL units) a validating scan found, kept by the
/// view so that iterating a short list does not scan it again.
///
/// One `u64`, so that it is stored and copied whole (a copy of several
/// narrower stores would stall the load that reads them back): four
/// 16-bit fields, the first end in the lowest, each the end's byte offset
/// halved. An item end is never at offset 0 (an item has a unit), so a
/// zero field is an empty one; all bits set ([`Ends::OVERFLOW`]) marks a set
/// that lost an end (one at 128 KiB or beyond among the first four).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(
    not(feature = "simd"),
    allow(dead_code, reason = "only the SIMD scan keeps ends")
)]
pub(crate) struct Ends(u64);

/// A cache of what the bytes hold: always equal, hashes to nothing, so
/// views that derive equality stay equal when one kept ends and the other
/// (another level, or an owned list's view) did not.
impl PartialEq for Ends {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Ends {}

impl core::hash::Hash for Ends {
    fn hash<H: core::hash::Hasher>(&self, _: &mut H) {}
}

#[cfg_attr(
    not(feature = "simd"),
    allow(dead_code, reason = "only the SIMD scan keeps ends")
)]
impl Ends {
    /// Nothing kept.
    pub(crate) const NONE: Self = Self(0);

    /// A set that lost an end.
    const OVERFLOW: u64 = u64::MAX;

    /// The kept ends when they are all `count` NUL units of the list
    /// (never for a set that lost one).
    #[inline]
    pub(crate) fn all(self, count: usize) -> Option<Self> {
        // The fields are filled from the lowest: the number in use.
        let used = (64 - self.0.leading_zeros()).div_ceil(16);
        (self.0 != Self::OVERFLOW && used as usize == count).then_some(self)
    }

    /// Takes the first kept end: its byte offset. (Never called on an
    /// overflowed set: the iterator takes only what [`Ends::all`] gives.)
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Option<usize> {
        let half = (self.0 & 0xFFFF) as usize;
        self.0 >>= 16;
        (half != 0).then_some(2 * half)
    }
}

/// [`Ends`] as a scan fills them: the next field's shift stays in a
/// register of the scan's loop.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(
    not(feature = "simd"),
    allow(dead_code, reason = "only the SIMD scan keeps ends")
)]
pub(crate) struct EndsBuilder {
    bits: u64,
    /// [`FIELD`] times the ends kept; above 64 when one was lost.
    shift: u32,
}

/// The bits of an [`Ends`] field.
const FIELD: u32 = 16;

#[cfg_attr(
    not(feature = "simd"),
    allow(dead_code, reason = "only the SIMD scan keeps ends")
)]
impl EndsBuilder {
    /// Nothing kept yet.
    pub(crate) const NEW: Self = Self { bits: 0, shift: 0 };

    /// Keeps the NUL unit at byte `offset` (even, not 0; the next one in
    /// order), or marks the set as lost when it cannot.
    #[inline(always)]
    pub(crate) fn push(&mut self, offset: usize) {
        let half = (offset / 2) as u64;
        if half <= 0xFFFF {
            self.bits |= half << self.shift;
            self.shift += FIELD;
        } else {
            self.shift = 128;
        }
    }

    /// Whether more ends would be dropped anyway (four kept, or one lost).
    #[inline(always)]
    pub(crate) fn closed(&self) -> bool {
        (self.shift / FIELD) as usize >= ENDS
    }

    /// The kept set.
    #[inline(always)]
    pub(crate) fn finish(self) -> Ends {
        if self.shift > 64 {
            Ends(Ends::OVERFLOW)
        } else {
            Ends(self.bits)
        }
    }
}

const LANE_LOW: u64 = 0x7FFF_7FFF_7FFF_7FFF;
const LANE_HIGH: u64 = 0x8000_8000_8000_8000;
const LANE_ONE: u64 = 0x0001_0001_0001_0001;

/// Non-zero when one of the four little-endian units of `x` is zero. The
/// lowest set bit is exact (bit 15 of the first zero unit); bits above it
/// may be false positives (the borrow), so use [`zero_units`] to count.
#[inline]
const fn has_zero_unit(x: u64) -> u64 {
    x.wrapping_sub(LANE_ONE) & !x & LANE_HIGH
}

/// A 4-bit mask of the zero code units among the four little-endian units
/// of `x`: bit `k` is set when unit `k` is zero. Exact (no false
/// positives), unlike [`has_zero_unit`].
#[inline]
#[expect(
    clippy::cast_possible_truncation,
    reason = "the packed mask has four bits"
)]
fn zero_units(x: u64) -> u32 {
    let nonzero = ((x & LANE_LOW).wrapping_add(LANE_LOW) | x) & LANE_HIGH;
    let zero = !nonzero & LANE_HIGH;
    // Bits 15, 31, 47, 63 -> bits 0, 1, 2, 3; the values fit in 4 bits.
    let packed = ((zero >> 15) & 1) | ((zero >> 30) & 2) | ((zero >> 45) & 4) | ((zero >> 60) & 8);
    packed as u32
}

/// The four little-endian words of a 32-byte block.
#[inline]
fn words(block: &[u8; 32]) -> [u64; 4] {
    let (w, _) = block.as_chunks::<8>();
    let mut out = [0u64; 4];
    for (o, w) in out.iter_mut().zip(w) {
        *o = u64::from_le_bytes(*w);
    }
    out
}

/// The reference scan for the list terminator.
#[cfg(test)]
pub(crate) fn scan_scalar(even: &[u8]) -> Scan {
    scan_scalar_from(even, true)
}

/// Below this many bytes the portable code is faster than a dispatch to a
/// SIMD kernel (which would also have to copy the bytes into a padded
/// 64-byte block).
#[cfg(feature = "simd")]
pub(crate) const SIMD_MIN: usize = 64;

/// The scan for the list terminator: the SIMD kernel at the current level
/// (feature `simd`), which also keeps the first item ends, else (and for
/// short input) [`scan_swar`] (which keeps none).
#[inline]
pub(crate) fn scan(even: &[u8]) -> (Scan, Ends) {
    #[cfg(feature = "simd")]
    if even.len() >= SIMD_MIN
        && let Some(level) = super::simd::level()
    {
        return super::simd::scan(level, even);
    }
    (scan_swar(even), Ends::NONE)
}

/// The first NUL code unit of `even`: the SIMD kernel at the current level
/// (feature `simd`), else [`find_nul_swar`].
#[inline]
pub(crate) fn find_nul(even: &[u8]) -> Option<usize> {
    #[cfg(feature = "simd")]
    if even.len() >= SIMD_MIN
        && let Some(level) = super::simd::level()
    {
        return super::simd::find_nul(level, even);
    }
    find_nul_swar(even)
}

/// The portable fast scan for the list terminator: 32 bytes per step,
/// skipping blocks without a NUL unit with a cheap test, exact work only
/// where NULs are.
pub(crate) fn scan_swar(even: &[u8]) -> Scan {
    let (blocks, rest) = even.as_chunks::<32>();
    // Bit 0 of `carry`: the unit before the current position was NUL (true
    // at the start, where an item begins).
    let mut carry = 1u32;
    let mut nuls = 0;
    for (i, block) in blocks.iter().enumerate() {
        let w = words(block);
        if carry == 0
            && (has_zero_unit(w[0])
                | has_zero_unit(w[1])
                | has_zero_unit(w[2])
                | has_zero_unit(w[3]))
                == 0
        {
            continue;
        }
        for (j, word) in w.into_iter().enumerate() {
            if has_zero_unit(word) == 0 {
                carry = 0;
                continue;
            }
            let zeros = zero_units(word);
            let starts = zeros & ((zeros << 1) | carry);
            if starts != 0 {
                let k = starts.trailing_zeros();
                let before = zeros & ((1 << k) - 1);
                return Scan {
                    terminator: Some(32 * i + 8 * j + 2 * k as usize),
                    nuls: nuls + before.count_ones() as usize,
                };
            }
            nuls += zeros.count_ones() as usize;
            carry = (zeros >> 3) & 1;
        }
    }
    let base = 32 * blocks.len();
    let tail = scan_scalar_from(rest, carry == 1);
    Scan {
        terminator: tail.terminator.map(|t| base + t),
        nuls: nuls + tail.nuls,
    }
}

/// [`scan_scalar`] with the state "the previous unit was NUL" given.
fn scan_scalar_from(even: &[u8], mut after_nul: bool) -> Scan {
    let mut nuls = 0;
    for (i, unit) in even.chunks_exact(2).enumerate() {
        if unit == [0, 0] {
            if after_nul {
                return Scan {
                    terminator: Some(i * 2),
                    nuls,
                };
            }
            nuls += 1;
            after_nul = true;
        } else {
            after_nul = false;
        }
    }
    Scan {
        terminator: None,
        nuls,
    }
}

/// The reference search for the first NUL code unit (also the tail of
/// [`find_nul`]).
pub(crate) fn find_nul_scalar(even: &[u8]) -> Option<usize> {
    even.chunks_exact(2)
        .position(|unit| unit == [0, 0])
        .map(|i| i * 2)
}

/// The portable fast search for the first NUL code unit: 32 bytes per step
/// with a cheap test, the exact position from the first word that has one.
#[inline]
pub(crate) fn find_nul_swar(even: &[u8]) -> Option<usize> {
    let (blocks, rest) = even.as_chunks::<32>();
    for (i, block) in blocks.iter().enumerate() {
        let w = words(block);
        let t = [
            has_zero_unit(w[0]),
            has_zero_unit(w[1]),
            has_zero_unit(w[2]),
            has_zero_unit(w[3]),
        ];
        if (t[0] | t[1] | t[2] | t[3]) == 0 {
            continue;
        }
        for (j, t) in t.into_iter().enumerate() {
            if t != 0 {
                // The lowest flagged unit is exact.
                return Some(32 * i + 8 * j + 2 * (t.trailing_zeros() / 16) as usize);
            }
        }
    }
    let base = 32 * blocks.len();
    find_nul_scalar(rest).map(|i| base + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

    /// Byte vectors rich in NUL units, at every length and alignment.
    fn unit_soup() -> impl Strategy<Value = (Vec<u8>, usize)> {
        (
            proptest::collection::vec(
                prop_oneof![3 => Just([0u8, 0u8]), 1 => Just([0, 1]), 1 => Just([1, 0]), 2 => any::<[u8; 2]>()],
                0..64,
            ),
            0usize..8,
        )
            .prop_map(|(units, skew)| (units.concat(), skew))
    }

    #[test]
    fn known_answers() {
        assert_eq!(
            scan_swar(&[]),
            Scan {
                terminator: None,
                nuls: 0
            }
        );
        assert_eq!(
            scan_swar(&[0, 0]),
            Scan {
                terminator: Some(0),
                nuls: 0
            }
        );
        assert_eq!(
            scan_swar(b"A\0\0\0\0\0"),
            Scan {
                terminator: Some(4),
                nuls: 1
            }
        );
        assert_eq!(
            scan_swar(b"A\0\0\0"),
            Scan {
                terminator: None,
                nuls: 1
            }
        );
        // 0x0100 and 0x0001 are not NUL units; a zero byte pair across a
        // unit boundary is not one either.
        assert_eq!(
            scan_swar(&[1, 0, 0, 1, 0, 0, 0, 0]),
            Scan {
                terminator: Some(6),
                nuls: 1
            }
        );
        assert_eq!(find_nul_swar(&[1, 0, 0, 1]), None);
        assert_eq!(
            find_nul_swar(&[0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0, 0]),
            Some(8)
        );
        // A block whose words have the same NUL pattern, after a block
        // without NULs: the skip test must not cancel them out.
        let mut same = [b'x', 0].repeat(16);
        same.extend(b"a\0b\0c\0\0\0d\0e\0f\0\0\0g\0h\0i\0j\0k\0l\0m\0n\0\0\0\0\0");
        assert_eq!(scan_swar(&same), scan_scalar(&same));
        assert_eq!(
            scan_swar(&same),
            Scan {
                terminator: Some(66),
                nuls: 3
            }
        );
        // The terminator straddling two 8-byte words.
        let straddle = b"ABC\0D\0E\0F\0G\0\0\0\0\0";
        assert_eq!(scan_swar(&straddle[3..]), scan_scalar(&straddle[3..]));
    }

    proptest! {
        #[test]
        fn fast_scans_equal_the_reference((bytes, skew) in unit_soup()) {
            let skewed = [vec![0xAA; skew], bytes.clone()].concat();
            let unaligned = &skewed[skew..];
            prop_assert_eq!(scan_swar(unaligned), scan_scalar(&bytes));
            prop_assert_eq!(scan(unaligned).0, scan_scalar(&bytes));
            prop_assert_eq!(find_nul(unaligned), find_nul_scalar(&bytes));
            prop_assert_eq!(find_nul_swar(unaligned), find_nul_scalar(&bytes));
            for cut in (0..=bytes.len()).step_by(2) {
                prop_assert_eq!(scan_swar(&bytes[..cut]), scan_scalar(&bytes[..cut]));
                prop_assert_eq!(find_nul_swar(&bytes[cut..]), find_nul_scalar(&bytes[cut..]));
            }
        }
    }
}
