//! UTF-16LE to UTF-8 at a SIMD level (see the [parent module](super)).
//!
//! One item costs at most two passes over its bytes and one allocation:
//! the first pass ([`measure`]) finds the item's end (its NUL unit, or the
//! end of the input) and counts its exact UTF-8 length, 64 bytes at a
//! time, keeping in a stack scratch the low 7 bits of the item's units
//! (every byte ASCII, the ASCII units exact) and each block's mask of
//! non-ASCII units. An item of up to 512 units is then built as a `String`
//! straight away ([`build`]): one aligned `str::from_utf8` over the scratch
//! (cheap: 16 ASCII bytes a step) makes it a `&str` whose pieces are the
//! item's ASCII runs, and each non-ASCII unit, found from the masks, is
//! pushed as a character (2-byte ones from a table of their encodings).
//! So mixed text is not validated a second time as a whole: safe Rust has
//! no unchecked `String::from_utf8`, whose byte-at-a-time walk over
//! unaligned text after each multi-byte character cost a quarter of the
//! mixed decode. A longer item takes a second vector pass ([`convert`]):
//! the ASCII prefix from the scratch, then ASCII runs narrowed 32 units at
//! a time straight into an exact-size buffer, runs of 2-byte characters (up
//! to 16) from the block's 2-byte encodings computed in vector lanes, the
//! other characters one at a time (surrogates strictly), then
//! `String::from_utf8`. A whole list is walked by one dispatched kernel
//! ([`to_strings`]), so the level is looked up once per list, not per item.

use alloc::{string::String, vec::Vec};

use fearless_simd::{
    Bytes, Level, Simd, SimdBase, SimdMask, SimdNarrow, SimdSplit, dispatch, i8x64, u8x64, u16x16,
    u16x32,
};

use super::EVEN;

/// The 64 bytes at `pos` of `src`, read in place, or zero-padded past the
/// end of `src` (a zero unit there reads as the end of the item).
#[inline(always)]
fn load<S: Simd>(simd: S, src: &[u8], pos: usize) -> u8x64<S> {
    if let Some(block) = src.get(pos..).and_then(|r| r.first_chunk::<64>()) {
        return u8x64::from_slice(simd, block);
    }
    let mut block = [0u8; 64];
    let tail = src.get(pos..).unwrap_or_default();
    if let Some(dst) = block.get_mut(..tail.len()) {
        dst.copy_from_slice(tail);
    }
    u8x64::from_slice(simd, &block)
}

/// Bit `2k` set for each unit `k` of a 64-byte block that is not ASCII,
/// given the block's zero-byte mask `z` (odd bits are clear).
#[inline(always)]
fn non_ascii_mask<S: Simd>(v: u8x64<S>, z: u64) -> u64 {
    // A low byte from 0x80, or a non-zero high byte.
    // (The sign bits: a signed compare with zero, which the bitmask
    // folds away, where an unsigned `>= 0x80` costs two operations.)
    (v.bitcast::<i8x64<S>>().simd_lt(0).to_bitmask() | !(z >> 1)) & EVEN
}

/// Units of an item narrowed by [`measure`] on the way: an item of up to
/// `SCRATCH` units is then built from there (its ASCII runs) and from its
/// non-ASCII units alone, without a second vector pass over it.
const SCRATCH: usize = 512;

/// What [`measure`] leaves of an item: the low 7 bits of its units (the
/// ASCII units exact, every byte ASCII, so that one cheap validation makes
/// all of it a `&str`), then 32 bytes more for a fixed-size window at any
/// unit; and each block's mask of non-ASCII units (bit `2k` for unit `k`).
#[repr(align(64))]
struct Scratch {
    low: [u8; SCRATCH + 32],
    masks: [u64; SCRATCH / 32],
}

impl Scratch {
    const NEW: Self = Self {
        low: [0; SCRATCH + 32],
        masks: [0; SCRATCH / 32],
    };
}

/// The first pass over the item starting at byte `start` of `src`: where it
/// ends (its NUL unit, or the end of `src`) and its exact UTF-8 length when
/// it is valid UTF-16 (an upper bound otherwise); zero extra bytes means
/// pure ASCII; third, how many units come before the first non-ASCII one.
/// On the way the low 7 bits of the first `SCRATCH` units and the blocks'
/// non-ASCII masks land in `scratch` (see [`build`] and [`convert`]).
#[inline(always)]
fn measure<S: Simd>(
    simd: S,
    src: &[u8],
    start: usize,
    scratch: &mut Scratch,
) -> (usize, usize, usize) {
    let mut pos = start;
    // 1 byte per unit, +1 from 0x80, +1 from 0x800; a surrogate pair
    // counts 3 + 3 and needs 4.
    let mut extra = 0u32;
    // The units before the first non-ASCII one.
    let mut ascii = usize::MAX;
    loop {
        let v = load(simd, src, pos);
        let z = v.simd_eq(0).to_bitmask();
        let nul = z & (z >> 1) & EVEN;
        // The units before the first NUL unit (all of them without one).
        let valid = nul.wrapping_sub(1) & !nul;
        let non_ascii = non_ascii_mask(v, z) & valid;
        let block = (pos - start) / 64;
        if let Some(dst) = scratch
            .low
            .get_mut(32 * block..)
            .and_then(|d| d.first_chunk_mut::<32>())
        {
            *dst = narrow_ascii(v);
        }
        if let Some(mask) = scratch.masks.get_mut(block) {
            *mask = non_ascii;
        }
        if non_ascii != 0 {
            if extra == 0 {
                ascii = (pos - start + non_ascii.trailing_zeros() as usize) / 2;
            }
            let wide = (v.simd_ge(0x08).to_bitmask() >> 1) & EVEN & valid;
            let surrogate = ((v & 0xF8).simd_eq(0xD8).to_bitmask() >> 1) & EVEN & valid;
            extra += non_ascii.count_ones() + wide.count_ones() - surrogate.count_ones();
        }
        if nul != 0 {
            // Past the end of an odd-length `src` the padding could place
            // the NUL one byte out: stop at the last whole unit.
            let end = (pos + nul.trailing_zeros() as usize).min(src.len() & !1);
            let units = (end - start) / 2;
            return (end, units + extra as usize, ascii.min(units));
        }
        pos += 64;
    }
}

/// The low bytes of the 32 units of a block (exact for ASCII units).
#[inline(always)]
fn narrow<S: Simd>(v: u8x64<S>) -> [u8; 32] {
    let (a, b) = v.split();
    u16x16::from_bytes(a)
        .narrow(u16x16::from_bytes(b))
        .to_array()
}

/// The low 7 bits of the 32 units of a block, each an ASCII byte (exact
/// for ASCII units).
#[inline(always)]
fn narrow_ascii<S: Simd>(v: u8x64<S>) -> [u8; 32] {
    narrow((u16x32::from_bytes(v) & 0x7F).to_bytes())
}

/// Appends the first `n` (at most 32) bytes of `bytes` to `buf` without a
/// variable-length copy: the whole 32 bytes when the capacity has room
/// (then cut back), else two fixed-size pieces that overlap (the first and
/// the last 16, 8, 4 or 2 of the `n` bytes). Never reallocates when `buf`
/// has room for the `n` bytes.
#[inline(always)]
fn push_prefix(buf: &mut Vec<u8>, bytes: &[u8; 32], n: usize) {
    let len = buf.len();
    if buf.capacity() - len >= 32 {
        buf.extend_from_slice(bytes);
        buf.truncate(len + n);
    } else if n >= 16 {
        push_overlapping::<16>(buf, bytes, n);
    } else if n >= 8 {
        push_overlapping::<8>(buf, bytes, n);
    } else if n >= 4 {
        push_overlapping::<4>(buf, bytes, n);
    } else if n >= 2 {
        push_overlapping::<2>(buf, bytes, n);
    } else if n == 1
        && let Some(b) = bytes.first()
    {
        buf.push(*b);
    }
}

/// Appends bytes `..n` of `bytes` (`N <= n <= 2 * N`) as bytes `..N`, then
/// bytes `n - N..n` over the end of the first piece.
#[inline(always)]
fn push_overlapping<const N: usize>(buf: &mut Vec<u8>, bytes: &[u8; 32], n: usize) {
    let len = buf.len();
    if let Some(first) = bytes.first_chunk::<N>() {
        buf.extend_from_slice(first);
    }
    if let Some(last) = bytes
        .get(n.saturating_sub(N)..)
        .and_then(|r| r.first_chunk::<N>())
    {
        buf.truncate((len + n).saturating_sub(N));
        buf.extend_from_slice(last);
    }
}

/// The second pass: the item `src[start..end]` (`len` UTF-8 bytes, from
/// [`measure`], which left the low bytes of its first units in `scratch`)
/// as UTF-8 in one exact-size buffer; on an unpaired surrogate its byte
/// offset in `src`.
#[inline(always)]
fn convert<S: Simd>(
    simd: S,
    src: &[u8],
    (start, end, len, ascii): (usize, usize, usize, usize),
    scratch: &[u8; SCRATCH + 32],
) -> Result<Vec<u8>, usize> {
    // The ASCII prefix, narrowed already (up to `SCRATCH` units): one copy.
    let prefix = ascii.min(SCRATCH);
    if prefix == len {
        return Ok(scratch.get(..prefix).unwrap_or_default().to_vec());
    }
    let mut buf = Vec::with_capacity(len);
    buf.extend_from_slice(scratch.get(..prefix).unwrap_or_default());
    let mut pos = start + 2 * prefix;
    if len == (end - start) / 2 {
        // Pure ASCII: narrow 32 units at a time.
        while pos + 64 <= end {
            push_prefix(&mut buf, &narrow(load(simd, src, pos)), 32);
            pos += 64;
        }
        if pos < end {
            push_prefix(&mut buf, &narrow(load(simd, src, pos)), (end - pos) / 2);
        }
        return Ok(buf);
    }
    let item = src.get(..end).unwrap_or_default();
    // The low bytes of a block, then zeros: a 32-byte window at any unit
    // of the block.
    let mut low = [0u8; 64];
    // The 2-byte encodings of a block's units, then zeros: a 32-byte
    // window at any unit of the block.
    let mut two_bytes = [0u8; 96];
    while pos < end {
        let v = load(simd, src, pos);
        let left = end - pos;
        let units = (left / 2).min(32);
        let in_item = if left >= 64 {
            u64::MAX
        } else {
            (1u64 << left) - 1
        };
        let z = v.simd_eq(0).to_bitmask();
        let mut non_ascii = non_ascii_mask(v, z) & in_item;
        if let Some(dst) = low.first_chunk_mut::<32>() {
            *dst = narrow(v);
        }
        // The units from 0x80 to 0x7FF, whose runs are copied from
        // `two_bytes` in one go.
        let mut two = 0;
        if non_ascii != 0 {
            two = non_ascii & !(v.simd_ge(0x08).to_bitmask() >> 1);
            if two != 0
                && let Some(dst) = two_bytes.first_chunk_mut::<64>()
            {
                *dst = encode_2(v);
            }
        }
        // Unit `k` of the block is the next to write: the ASCII run up to
        // each non-ASCII unit, then that character.
        let mut k = 0;
        while non_ascii != 0 {
            let j = non_ascii.trailing_zeros() as usize / 2;
            non_ascii &= non_ascii - 1;
            if j < k {
                // The low half of a pair, written with its high half.
                continue;
            }
            if j > k {
                push_window(&mut buf, &low, k, j - k);
            }
            if (two >> (2 * j)) & 1 != 0 {
                // A run of up to 16 2-byte characters.
                let run = ((!(two >> (2 * j)) & EVEN).trailing_zeros() as usize / 2).min(16);
                if let Some(window) = two_bytes.get(2 * j..).and_then(|w| w.first_chunk::<32>()) {
                    push_prefix(&mut buf, window, 2 * run);
                }
                k = j + run;
                // (The run's other units are done.)
                non_ascii &= u32::try_from(2 * k)
                    .ok()
                    .and_then(|s| u64::MAX.checked_shl(s))
                    .unwrap_or(0);
                continue;
            }
            k = j + 1 + push_char(item, pos + 2 * j, &mut buf)?;
        }
        push_window(&mut buf, &low, k, units.saturating_sub(k));
        // A pair at the block end takes the next block's first unit.
        pos += 2 * units.max(k);
    }
    Ok(buf)
}

/// The 32 units of a block each as 2 bytes of UTF-8 (exact for the units
/// from 0x80 to 0x7FF): `0xC0 | u >> 6` then `0x80 | u & 0x3F`.
#[inline(always)]
fn encode_2<S: Simd>(v: u8x64<S>) -> [u8; 64] {
    let u = u16x32::from_bytes(v);
    let lead = (u >> 6) | 0xC0;
    let cont = ((u & 0x3F) | 0x80) << 8;
    (lead | cont).to_bytes().to_array()
}

/// Appends bytes `k..k + n` of `low` (`n <= 32`; nothing when `k > 32`) to
/// `buf`, as [`push_prefix`].
#[inline(always)]
fn push_window(buf: &mut Vec<u8>, low: &[u8; 64], k: usize, n: usize) {
    if let Some(window) = low.get(k..).and_then(|w| w.first_chunk::<32>()) {
        push_prefix(buf, window, n);
    }
}

/// Appends the character of the non-ASCII unit at byte `at` of `item` to
/// `buf` as UTF-8; returns how many more units it took (1 for a surrogate
/// pair), or the offset of an unpaired surrogate.
#[inline(always)]
fn push_char(item: &[u8], at: usize, buf: &mut Vec<u8>) -> Result<usize, usize> {
    use crate::multi_sz::transcode::{utf8_2, utf8_3, utf8_4};
    let unit = |at: usize| {
        item.get(at..)
            .and_then(|p| p.first_chunk::<2>())
            .map(|p| u16::from_le_bytes(*p))
    };
    match unit(at) {
        Some(u @ 0..0x800) => buf.extend_from_slice(&utf8_2(u)),
        Some(u @ 0xD800..0xDC00) => match unit(at + 2) {
            Some(low @ 0xDC00..0xE000) => {
                let c = 0x1_0000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                buf.extend_from_slice(&utf8_4(c));
                return Ok(1);
            }
            _ => return Err(at),
        },
        Some(0xDC00..0xE000) | None => return Err(at),
        Some(u) => buf.extend_from_slice(&utf8_3(u)),
    }
    Ok(0)
}

/// The item `src[start..end]` (`len` UTF-8 bytes, from [`measure`]) as a
/// string allocated once at its exact size, built from `scratch` without a
/// second vector pass and without validating the whole of it: the item's
/// low bytes there are ASCII, so one short validation makes them a `&str`
/// whose pieces are the item's ASCII runs; each non-ASCII unit (from the
/// masks) is pushed as a `char`. `None` when the item is longer than the
/// scratch (then [`convert`] serves); on an unpaired surrogate its byte
/// offset in `src`.
#[inline(always)]
fn build(
    src: &[u8],
    (start, end, len): (usize, usize, usize),
    scratch: &Scratch,
) -> Option<Result<String, usize>> {
    let units = (end - start) / 2;
    if units > SCRATCH {
        return None;
    }
    // (Validated to a multiple of 16 bytes: `from_utf8` checks 16 ASCII
    // bytes a step, then the rest one at a time.)
    if len == units {
        // Pure ASCII: one copy.
        let view = core::str::from_utf8(scratch.low.get(..units.next_multiple_of(16))?).ok()?;
        return Some(Ok(String::from(view.get(..units)?)));
    }
    // (With the 32 bytes past the item: a fixed-size window at any unit.)
    let view = core::str::from_utf8(scratch.low.get(..(units + 32).next_multiple_of(16))?).ok()?;
    let mut s = String::with_capacity(len);
    // Unit `k` of the item is the next to write: the ASCII run up to each
    // non-ASCII unit, then that character.
    let mut k = 0;
    for (b, &mask) in scratch.masks.get(..units.div_ceil(32))?.iter().enumerate() {
        let mut mask = mask;
        while mask != 0 {
            let j = 32 * b + mask.trailing_zeros() as usize / 2;
            mask &= mask - 1;
            // (Below `k`: the low half of a pair, written with its high
            // half.)
            if j >= k && j < units {
                push_ascii(&mut s, view, k, j - k);
                k = j
                    + 1
                    + match push_char_to(src, end, start + 2 * j, &mut s) {
                        Ok(more) => more,
                        Err(at) => return Some(Err(at)),
                    };
            }
        }
    }
    push_ascii(&mut s, view, k, units.saturating_sub(k));
    Some(Ok(s))
}

/// Appends `view[k..k + n]` (ASCII) to `s`: when `n <= 32` and the
/// capacity has room, a fixed 32-byte window cut back (no variable-length
/// copy); else the exact piece. Never reallocates when `s` has room for
/// the `n` bytes.
#[inline(always)]
fn push_ascii(s: &mut String, view: &str, k: usize, n: usize) {
    if n == 0 {
        return;
    }
    let len = s.len();
    if n <= 32
        && s.capacity() - len >= 32
        && let Some(window) = view.get(k..k + 32)
    {
        s.push_str(window);
        // (The window is ASCII: every cut is a character boundary.)
        s.truncate(len + n);
    } else if let Some(piece) = view.get(k..k + n) {
        s.push_str(piece);
    }
}

/// The UTF-8 encodings of U+0080 to U+07FF, in order, 2 bytes each.
const TWO_BYTE_UTF8: [u8; 2 * 0x780] = {
    let mut bytes = [0u8; 2 * 0x780];
    let mut i = 0;
    while i < 0x780 {
        let u = i + 0x80;
        // (Compile-time: below 0x800, `u >> 6` fits in 5 bits.)
        #[expect(clippy::cast_possible_truncation, reason = "u < 0x800")]
        {
            bytes[2 * i] = 0xC0 | (u >> 6) as u8;
            bytes[2 * i + 1] = 0x80 | (u & 0x3F) as u8;
        }
        i += 1;
    }
    bytes
};

/// [`TWO_BYTE_UTF8`] as a `&str` (validated at compile time).
const TWO_BYTE: &str = match core::str::from_utf8(&TWO_BYTE_UTF8) {
    Ok(s) => s,
    Err(_) => "",
};

/// Appends the character of the non-ASCII unit at byte `at` of
/// `src[..end]` to `s`; returns how many more units it took (1 for a
/// surrogate pair), or the offset of an unpaired surrogate.
#[inline(always)]
fn push_char_to(src: &[u8], end: usize, at: usize, s: &mut String) -> Result<usize, usize> {
    let unit = |at: usize| {
        src.get(at..end)
            .and_then(|p| p.first_chunk::<2>())
            .map(|p| u16::from_le_bytes(*p))
    };
    let u = unit(at).ok_or(at)?;
    if let Some(i) = usize::from(u).checked_sub(0x80)
        && let Some(encoded) = TWO_BYTE.get(2 * i..2 * i + 2)
    {
        // (Cheaper than `push` with its encoding.)
        s.push_str(encoded);
        return Ok(0);
    }
    if !(0xD800..0xE000).contains(&u) {
        s.push(char::from_u32(u32::from(u)).ok_or(at)?);
        return Ok(0);
    }
    match (u, unit(at + 2)) {
        (0xD800..0xDC00, Some(low @ 0xDC00..0xE000)) => {
            let c = 0x1_0000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
            s.push(char::from_u32(c).ok_or(at)?);
            Ok(1)
        }
        _ => Err(at),
    }
}

/// `buf` as a string. Safe Rust cannot skip this validation; the kernels
/// write only complete, valid UTF-8 sequences, so the fallback is never
/// taken.
#[inline(always)]
fn into_string(buf: Vec<u8>) -> String {
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The UTF-16LE `even` as a new string, allocated once at its exact size
/// (counted first); on an unpaired surrogate its byte offset.
pub(crate) fn to_string(level: Level, even: &[u8]) -> Result<String, usize> {
    dispatch!(level, simd => to_string_g(simd, even))
}

#[inline(always)]
fn to_string_g<S: Simd>(simd: S, even: &[u8]) -> Result<String, usize> {
    let mut scratch = Scratch::NEW;
    let (end, len, ascii) = measure(simd, even, 0, &mut scratch);
    if end != even.len() {
        // A NUL unit inside (never in a `Utf16LeStr`): the portable code
        // keeps it as a character.
        return crate::multi_sz::transcode::to_string_swar(even);
    }
    item(simd, even, (0, end, len, ascii), &scratch)
}

/// The items of `items` (`(item NUL)*`, as validated by
/// [`MultiSz::decode`](crate::multi_sz::MultiSz::decode); `count` of them)
/// as strings, each allocated once at its exact size; on an unpaired
/// surrogate its byte offset in `items`.
#[inline]
pub(crate) fn to_strings(level: Level, items: &[u8], count: usize) -> Result<Vec<String>, usize> {
    dispatch!(level, simd => to_strings_g(simd, items, count))
}

#[inline(always)]
fn to_strings_g<S: Simd>(simd: S, items: &[u8], count: usize) -> Result<Vec<String>, usize> {
    let mut out = Vec::with_capacity(count);
    let mut scratch = Scratch::NEW;
    let mut pos = 0;
    while pos < items.len() {
        let (end, len, ascii) = measure(simd, items, pos, &mut scratch);
        out.push(item(simd, items, (pos, end, len, ascii), &scratch)?);
        pos = end + 2;
    }
    Ok(out)
}

/// The measured item `src[start..end]` as a string: [`build`], or
/// [`convert`] for an item longer than the scratch.
#[inline(always)]
fn item<S: Simd>(
    simd: S,
    src: &[u8],
    (start, end, len, ascii): (usize, usize, usize, usize),
    scratch: &Scratch,
) -> Result<String, usize> {
    match build(src, (start, end, len), scratch) {
        Some(built) => built,
        None => convert(simd, src, (start, end, len, ascii), &scratch.low).map(into_string),
    }
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
                // (A NUL unit, never in a `Utf16LeStr`, takes the portable
                // code.)
                if let Ok(s) = got
                    && !units.contains(&0)
                {
                    assert_eq!(s.capacity(), s.len(), "{name}: one exact allocation");
                }
            }
        }
    }

    /// The list kernel at every level against the reference, item by
    /// item, at every skew.
    fn check_list(items: &[Vec<u16>]) {
        let mut bytes = Vec::new();
        let mut expected = Ok(Vec::new());
        for item in items {
            let start = bytes.len();
            let encoded = utf16le(item);
            let mut s = String::new();
            let r = crate::multi_sz::transcode::push_utf16le_scalar(&encoded, &mut s);
            if let (Ok(v), r) = (&mut expected, r) {
                match r {
                    Ok(()) => v.push(s),
                    Err(at) => expected = Err(start + at),
                }
            }
            bytes.extend_from_slice(&encoded);
            bytes.extend_from_slice(&[0, 0]);
        }
        for skew in 0..4 {
            let placed = [vec![0xEE; skew], bytes.clone()].concat();
            for (name, level) in levels() {
                let got = to_strings(level, &placed[skew..], items.len());
                assert_eq!(got, expected, "{name} skew {skew}");
                for s in got.iter().flatten() {
                    assert_eq!(s.capacity(), s.len(), "{name}: one exact allocation");
                }
            }
        }
    }

    #[test]
    fn list_edge_cases_at_every_level() {
        check_list(&[]);
        for len in [1usize, 2, 15, 16, 31, 32, 33, 63, 64, 65, 100] {
            let ascii: Vec<u16> = (0..len)
                .map(|i| 0x21 + u16::try_from(i % 90).unwrap())
                .collect();
            for at in 0..len {
                for odd in [0x80u16, 0x7FF, 0x800, 0xFFFF, 0xD800, 0xDC00] {
                    let mut v = ascii.clone();
                    v[at] = odd;
                    check_list(&[v.clone(), ascii.clone()]);
                    check_list(&[ascii.clone(), v.clone(), vec![0x41]]);
                }
                // A pair cut by the item end.
                if at + 1 == len {
                    let mut v = ascii.clone();
                    v[at] = 0xD83D;
                    check_list(&[v, vec![0xDE00]]);
                }
            }
            check_list(&[ascii.clone(), ascii.clone(), ascii]);
        }
    }

    /// Runs of 2-byte characters of every length at every position, also
    /// across the block end, ended by ASCII, a 3-byte character, a pair or
    /// an unpaired surrogate.
    #[test]
    fn two_byte_runs_at_every_level() {
        let ascii: Vec<u16> = (0..80).map(|i| 0x21 + (i % 90)).collect();
        for at in 0..40 {
            for run in 1..40 {
                for next in [0x41u16, 0x3000, 0xD83D, 0xDC00] {
                    let mut v = ascii.clone();
                    for (i, u) in v.iter_mut().skip(at).take(run).enumerate() {
                        *u = 0x80 + u16::try_from(i * 37).unwrap();
                    }
                    v[at + run] = next;
                    v[at + run + 1] = 0xDE00;
                    check_list(&[v]);
                }
            }
        }
    }

    /// ASCII items on both sides of the scratch size (copied from the
    /// scratch, or narrowed a second time), next to shorter ones.
    #[test]
    fn long_ascii_items_at_every_level() {
        for len in [
            SCRATCH - 33,
            SCRATCH - 32,
            SCRATCH - 1,
            SCRATCH,
            SCRATCH + 1,
            1000,
        ] {
            let ascii: Vec<u16> = (0..len)
                .map(|i| 0x21 + u16::try_from(i % 90).unwrap())
                .collect();
            check_decode(&ascii);
            check_list(&[ascii.clone(), vec![0x41], ascii.clone()]);
            let mut late = ascii.clone();
            late[len - 1] = 0xE9;
            check_list(&[ascii.clone(), late.clone(), ascii.clone()]);
            check_decode(&late);
            // The first non-ASCII unit at the scratch's end.
            for at in [SCRATCH - 1, SCRATCH, SCRATCH + 1] {
                for odd in [0x20ACu16, 0xDC00, 0xD83D] {
                    if at + 1 < len {
                        let mut v = ascii.clone();
                        v[at] = odd;
                        v[at + 1] = 0xDE00;
                        check_list(&[vec![0x41], v.clone()]);
                        check_decode(&v);
                    }
                }
            }
        }
    }

    /// Mixed items on both sides of the scratch size (built from the
    /// scratch, or converted in a second vector pass), a pair across unit
    /// `SCRATCH`, after longer items (whose bytes stay in the scratch) and
    /// before shorter ones.
    #[test]
    fn mixed_items_around_the_scratch_size() {
        let pattern = [
            0x41u16, 0xFC, 0x43A, 0x43B, 0x2D, 0x9375, 0x20, 0xD83D, 0xDD11, 0x7A, 0x7FF, 0x800,
            0xFFFF, 0x80,
        ];
        for len in [
            SCRATCH - 40,
            SCRATCH - 2,
            SCRATCH - 1,
            SCRATCH,
            SCRATCH + 1,
            SCRATCH + 2,
            SCRATCH + 40,
        ] {
            for shift in [0usize, 1, 5, 13] {
                let mut v: Vec<u16> = pattern
                    .iter()
                    .cycle()
                    .skip(shift)
                    .take(len)
                    .copied()
                    .collect();
                // (No pair cut by the item end.)
                if (0xD800..0xDC00).contains(&v[len - 1]) {
                    v[len - 1] = 0x42;
                }
                if (0xDC00..0xE000).contains(&v[0]) {
                    v[0] = 0x42;
                }
                check_decode(&v);
                let long: Vec<u16> = (0..SCRATCH + 100)
                    .map(|i| 0x100 + u16::try_from(i % 500).unwrap())
                    .collect();
                check_list(&[long, v.clone(), vec![0xE9, 0x41], v.clone()]);
                // A pair across unit `SCRATCH`, and an unpaired one there.
                if len > SCRATCH {
                    let mut p = v.clone();
                    p[SCRATCH - 1] = 0xD83D;
                    p[SCRATCH] = 0xDE00;
                    check_list(&[p.clone(), vec![0x41]]);
                    p[SCRATCH] = 0x41;
                    check_list(&[vec![0x41], p]);
                }
            }
        }
    }

    /// The table of 2-byte encodings: each character of U+0080..U+07FF, in
    /// order (never the empty fallback).
    #[test]
    fn two_byte_table_holds_every_2_byte_character() {
        let expected: String = (0x80u32..0x800).filter_map(char::from_u32).collect();
        assert_eq!(TWO_BYTE, expected);
        assert_eq!(TWO_BYTE.len(), 2 * 0x780);
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

    /// A unit of an item (never NUL): ASCII with weight `ascii`, 2- and
    /// 3-byte characters, any unit, the two halves of U+1F600 alone, and
    /// any surrogate with weight `surrogate`.
    fn item_unit(ascii: u32, surrogate: u32) -> impl Strategy<Value = u16> {
        prop_oneof![
            ascii => 0x20u16..0x7F,
            2 + ascii / 20 => 0x80u16..0x800,
            2 => 0x800u16..0xD800,
            1 => 1u16..,
            surrogate => 0xD800u16..0xE000,
            1 => Just(0xD83Du16),
            1 => Just(0xDE00u16),
        ]
    }

    /// A run of units of valid UTF-16, mostly: ASCII (often long, so the
    /// other pieces land at every position of a block), 2- and 3-byte
    /// characters, surrogate pairs, and now and then a lone surrogate.
    fn valid_piece() -> impl Strategy<Value = Vec<u16>> {
        prop_oneof![
            6 => proptest::collection::vec(0x20u16..0x7F, 1..40),
            3 => (0x80u16..0x800).prop_map(|u| vec![u]),
            2 => (0x800u16..0xD800).prop_map(|u| vec![u]),
            1 => (0xE000u16..=0xFFFF).prop_map(|u| vec![u]),
            3 => (0xD800u16..0xDC00, 0xDC00u16..0xE000).prop_map(|(h, l)| vec![h, l]),
            1 => proptest::collection::vec(0x80u16..0x800, 2..20),
            1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
        ]
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

        /// Mostly valid text: surrogates come as pairs (anywhere, so also
        /// across block ends), lone ones are rare.
        #[test]
        fn simd_decoder_equals_the_reference_on_valid_text(
            pieces in proptest::collection::vec(valid_piece(), 0..120),
        ) {
            check_decode(&pieces.concat());
        }

        #[test]
        fn simd_list_decoder_equals_the_reference(
            items in proptest::collection::vec(
                proptest::collection::vec(item_unit(8, 1), 1..100),
                0..8,
            ),
        ) {
            check_list(&items);
        }

        /// Lists of mostly valid items (see `valid_piece`).
        #[test]
        fn simd_list_decoder_equals_the_reference_on_valid_text(
            items in proptest::collection::vec(
                proptest::collection::vec(valid_piece(), 1..80),
                0..8,
            ),
        ) {
            let items: Vec<Vec<u16>> = items.into_iter().map(|p| p.concat()).collect();
            check_list(&items);
        }

        /// Items on both sides of the scratch size (built from the
        /// scratch, or converted), mostly ASCII with runs of the rest.
        #[test]
        fn simd_list_decoder_equals_the_reference_on_long_items(
            items in proptest::collection::vec(
                proptest::collection::vec(item_unit(40, 0), 400..640),
                1..4,
            ),
        ) {
            check_list(&items);
        }
    }
}
