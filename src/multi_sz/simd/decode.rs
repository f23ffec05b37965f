//! UTF-16LE to UTF-8 at a SIMD level (see the [parent module](super)).

use alloc::{string::String, vec::Vec};

use fearless_simd::{Level, Simd, SimdBase, SimdMask, dispatch, u8x32};

use super::first_units;

/// 32 code units classified: their low bytes, and bit masks (bit `k`:
/// unit `k`) of the units that are not ASCII, that are `0x800` or more,
/// and that are surrogates.
#[derive(Clone, Copy)]
struct Units32<S: Simd> {
    low: u8x32<S>,
    non_ascii: u32,
    wide: u32,
    surrogate: u32,
}

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
#[inline(always)]
fn padded(tail: &[u8]) -> ([u8; 64], usize) {
    let mut block = [0u8; 64];
    if let Some(dst) = block.get_mut(..tail.len()) {
        dst.copy_from_slice(tail);
    }
    (block, tail.len() / 2)
}

/// The UTF-8 length of the UTF-16LE `even` when it is valid (an upper
/// bound otherwise), at `level`.
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
pub(crate) fn to_string(level: Level, even: &[u8]) -> Result<String, usize> {
    let buf = dispatch!(level, simd => to_utf8_g(simd, even))?;
    // Safe Rust cannot skip this validation; `to_utf8_g` writes only
    // complete, valid UTF-8 sequences, so the fallback is never taken.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

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
#[inline(always)]
fn push_non_ascii(even: &[u8], mut pos: usize, buf: &mut Vec<u8>) -> Result<usize, usize> {
    use crate::multi_sz::transcode::{utf8_2, utf8_3, utf8_4};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::multi_sz::simd::tests::levels;
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

    fn utf16le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

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
    }
}
