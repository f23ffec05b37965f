//! UTF-8 to UTF-16LE at a SIMD level (see the [parent module](super)).
//!
//! One dispatch per call: [`encode_items`] walks the whole list inside the
//! level's target features (no per-item level lookup), [`write_str`] is
//! the one-string form. Output goes through a [`Sink`] in fixed-size
//! blocks (64 widened bytes for 32 ASCII bytes), cut back to what is
//! valid: no zero-fill, no variable-length copy in the hot loop.
//! - ASCII: 32 bytes a step, widened; NUL and non-ASCII stop the run in
//!   the same test. A string's last bytes go through an overlapping last
//!   block (32, 16 or 8 bytes), so short tails need no padded copy.
//! - 1-, 2- and 3-byte characters (at the levels with byte shuffles):
//!   16 start positions a step, the code point of every position computed
//!   in `u16` lanes from three shifted loads, continuation positions
//!   compressed away.
//! - 4-byte characters one at a time.

use fearless_simd::{
    Bytes, Level, Select, Simd, SimdBase, SimdMask, SimdWiden, dispatch, i8x16, i8x32, i8x64,
    u8x16, u8x32, u8x64, u16x8, u64x2,
};

use crate::error::{EncodeError, EncodeErrorKind};
use crate::multi_sz::encode::{Item, Sink, SliceSink};

/// Writes `text` as UTF-16LE into `out` and returns the bytes written; a
/// NUL character is refused with its code-unit index. The contract of
/// `transcode::write_str`, at `level`.
///
/// A fixed-size block may write past the end of `text`'s encoding into
/// `out` (never past `out`): the caller writes everything after it later,
/// in order.
pub(crate) fn write_str(level: Level, text: &str, out: &mut [u8]) -> Result<usize, usize> {
    dispatch!(level, simd => {
        let mut sink = SliceSink::new(out);
        write_text(simd, text, &mut sink).map(|()| sink.written())
    })
}

/// [`encode_items`] into `out` (large enough for the encoding), through a
/// sink made inside the kernel, so its position stays in a register.
/// Returns the bytes written.
pub(crate) fn encode_into_slice<I>(
    level: Level,
    items: I,
    out: &mut [u8],
) -> Result<usize, EncodeError>
where
    I: Iterator,
    I::Item: Item,
{
    dispatch!(level, simd => {
        let mut sink = SliceSink::new(out);
        encode_items_g(simd, items, &mut sink).map(|()| sink.written())
    })
}

/// [`encode_items`] inlined into its caller, for short encodings (where
/// the call costs; on long ones, inlined, the SSE2 kernel came out 10%
/// slower).
#[cfg(feature = "alloc")]
#[inline]
pub(crate) fn encode_items_inline<I, K>(
    level: Level,
    items: I,
    sink: &mut K,
) -> Result<(), EncodeError>
where
    I: Iterator,
    I::Item: Item,
    K: Sink,
{
    dispatch!(level, simd => encode_items_g(simd, items, sink))
}

/// Encodes `items` as a multi-string into `sink` (item, NUL, ..., NUL).
/// The sink has room for the encoding (or grows).
#[cfg(feature = "alloc")]
pub(crate) fn encode_items<I, K>(level: Level, items: I, sink: &mut K) -> Result<(), EncodeError>
where
    I: Iterator,
    I::Item: Item,
    K: Sink,
{
    dispatch!(level, simd => encode_items_g(simd, items, sink))
}

#[inline(always)]
fn encode_items_g<S: Simd, I, K>(simd: S, items: I, sink: &mut K) -> Result<(), EncodeError>
where
    I: Iterator,
    I::Item: Item,
    K: Sink,
{
    for (index, item) in items.enumerate() {
        let start = sink.written();
        let result = match item.as_utf8() {
            Some(text) => write_text(simd, text, sink),
            None => sink.write_with(2 * item.utf16_len(), |room| item.write_utf16le(room)),
        };
        if let Err(position) = result {
            return Err(EncodeError::new(EncodeErrorKind::NulInItem {
                index,
                position,
            }));
        }
        if sink.written() == start {
            return Err(EncodeError::new(EncodeErrorKind::EmptyItem { index }));
        }
        sink.put(&[0, 0]);
    }
    sink.put(&[0, 0]);
    Ok(())
}

/// Whether the level has a byte shuffle (`swizzle_dyn`, `compress`); at
/// SSE2 and in the fallback they are scalar loops.
#[inline(always)]
fn has_shuffles(level: Level) -> bool {
    #[cfg(all(
        target_endian = "little",
        any(target_arch = "x86", target_arch = "x86_64")
    ))]
    {
        level.as_sse4_2().is_some()
    }
    #[cfg(all(target_endian = "little", target_arch = "aarch64"))]
    {
        level.as_neon().is_some()
    }
    #[cfg(not(all(
        target_endian = "little",
        any(target_arch = "x86", target_arch = "x86_64", target_arch = "aarch64")
    )))]
    {
        let _ = level;
        false
    }
}

/// The bits of the bytes of a 32-byte block that stop an ASCII run: NUL
/// and every byte from 0x80 (as `i8`: everything below 1).
#[inline(always)]
#[expect(
    clippy::cast_possible_truncation,
    reason = "a 32-lane mask has 32 bits"
)]
fn stops32<S: Simd>(v: u8x32<S>) -> u32 {
    i8x32::from_bytes(v).simd_lt(1).to_bitmask() as u32
}

/// [`stops32`] of a 64-byte block.
#[inline(always)]
fn stops64<S: Simd>(v: u8x64<S>) -> u64 {
    i8x64::from_bytes(v).simd_lt(1).to_bitmask()
}

/// 64 ASCII bytes as 128 bytes of UTF-16LE.
#[inline(always)]
fn widen64<S: Simd>(simd: S, v: u8x64<S>) -> [u8; 128] {
    #[cfg(target_endian = "little")]
    let (low, high) = {
        let (low, high) = v.widen();
        (low.to_bytes(), high.to_bytes())
    };
    #[cfg(not(target_endian = "little"))]
    let (low, high) = v.interleave(u8x64::splat(simd, 0));
    let _ = simd;
    let mut out = [0u8; 128];
    let (a, b) = out.split_at_mut(64);
    low.store_slice(a);
    high.store_slice(b);
    out
}

/// [`stops32`] of a 16-byte block.
#[inline(always)]
#[expect(
    clippy::cast_possible_truncation,
    reason = "a 16-lane mask has 16 bits"
)]
fn stops16<S: Simd>(v: u8x16<S>) -> u32 {
    u32::from(i8x16::from_bytes(v).simd_lt(1).to_bitmask() as u16)
}

/// 32 ASCII bytes as 64 bytes of UTF-16LE.
#[inline(always)]
fn widen32<S: Simd>(simd: S, v: u8x32<S>) -> [u8; 64] {
    #[cfg(target_endian = "little")]
    let (low, high) = {
        let (low, high) = v.widen();
        (low.to_bytes(), high.to_bytes())
    };
    #[cfg(not(target_endian = "little"))]
    let (low, high) = v.interleave(u8x32::splat(simd, 0));
    let _ = simd;
    let mut out = [0u8; 64];
    let (a, b) = out.split_at_mut(32);
    low.store_slice(a);
    high.store_slice(b);
    out
}

/// 16 ASCII bytes as 32 bytes of UTF-16LE.
#[inline(always)]
fn widen16<S: Simd>(simd: S, v: u8x16<S>) -> [u8; 32] {
    #[cfg(target_endian = "little")]
    let (low, high) = {
        let (low, high) = v.widen();
        (low.to_bytes(), high.to_bytes())
    };
    #[cfg(not(target_endian = "little"))]
    let (low, high) = v.interleave(u8x16::splat(simd, 0));
    let _ = simd;
    let mut out = [0u8; 32];
    let (a, b) = out.split_at_mut(16);
    low.store_slice(a);
    high.store_slice(b);
    out
}

/// Whether eight bytes stop an ASCII run (a NUL or a byte from 0x80).
#[inline(always)]
const fn stops8(w: u64) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    w & HIGH != 0 || w.wrapping_sub(ONES) & !w & HIGH != 0
}

/// Eight ASCII bytes (little-endian) as 16 bytes of UTF-16LE, in
/// registers (no store of the halves to reload as one vector).
#[inline(always)]
fn widen8<S: Simd>(simd: S, w: u64) -> [u8; 16] {
    #[cfg(target_endian = "little")]
    {
        let (low, _) = u64x2::splat(simd, w).to_bytes().widen();
        <[u8; 16]>::from(low.to_bytes())
    }
    #[cfg(not(target_endian = "little"))]
    {
        let _ = simd;
        let spread = |x: u64| {
            let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
            (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
        };
        let low = spread(w & 0xFFFF_FFFF);
        let high = spread(w >> 32);
        (u128::from(low) | (u128::from(high) << 64)).to_le_bytes()
    }
}

/// Writes `text` into `sink`; on a NUL returns its code-unit index.
#[inline(always)]
fn write_text<S: Simd, K: Sink>(simd: S, text: &str, sink: &mut K) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let start = sink.written();
    let shuffles = has_shuffles(simd.level());
    let mut read = 0;
    loop {
        // ASCII, 64 bytes a step.
        while let Some(block) = bytes.get(read..).and_then(|r| r.first_chunk::<64>()) {
            let v = u8x64::load_array_ref(simd, block);
            let stop = stops64(v);
            sink.put(&widen64(simd, v));
            if stop == 0 {
                read += 64;
                continue;
            }
            let run = stop.trailing_zeros() as usize;
            sink.cut(sink.written() - 128 + 2 * run);
            read += run;
            break;
        }
        if bytes.len() - read < 64 && bytes.get(read).is_some_and(|b| (1..0x80).contains(b)) {
            read += ascii_tail64(simd, bytes, read, sink);
        }
        // At the end, a NUL, or a character from U+0080.
        let Some(&lead) = bytes.get(read) else {
            return Ok(());
        };
        if lead == 0 {
            return Err((sink.written() - start) / 2);
        }
        if shuffles && let Some(n) = multi_block(simd, bytes, read, sink) {
            read += n;
            continue;
        }
        // The characters up to the next ASCII byte, one at a time (`read`
        // is always a character boundary; were it not, stop rather than
        // loop for ever).
        let Some(rest) = text.get(read..) else {
            return Ok(());
        };
        for c in rest.chars() {
            if c.is_ascii() {
                break;
            }
            let mut units = [0u16; 2];
            let units = c.encode_utf16(&mut units);
            match units {
                [u] => sink.put(&u.to_le_bytes()),
                [hi, lo] => {
                    let [a, b] = hi.to_le_bytes();
                    let [c, d] = lo.to_le_bytes();
                    sink.put(&[a, b, c, d]);
                }
                _ => {}
            }
            read += c.len_utf8();
        }
    }
}

/// The ASCII run at `read`, fewer than 64 bytes before the end: written,
/// its length returned. An overlapping last block of 64 bytes, else a
/// 32-byte step and [`ascii_tail`].
#[inline(always)]
fn ascii_tail64<S: Simd, K: Sink>(simd: S, bytes: &[u8], read: usize, sink: &mut K) -> usize {
    let rest = bytes.len() - read;
    if let Some(block) = bytes.last_chunk::<64>() {
        let v = u8x64::load_array_ref(simd, block);
        if stops64(v) == 0 {
            sink.cut(sink.written() - 2 * (64 - rest));
            sink.put(&widen64(simd, v));
            return rest;
        }
    }
    let mut at = read;
    if let Some(block) = bytes.get(at..).and_then(|r| r.first_chunk::<32>()) {
        let v = u8x32::load_array_ref(simd, block);
        let stop = stops32(v);
        sink.put(&widen32(simd, v));
        if stop != 0 {
            let run = stop.trailing_zeros() as usize;
            sink.cut(sink.written() - 64 + 2 * run);
            return run;
        }
        at += 32;
    }
    at + ascii_tail(simd, bytes, at, sink) - read
}

/// The ASCII run at `read`, fewer than 32 bytes before the end: written,
/// its length returned. Overlapping last blocks of 32, 16 or 8 bytes
/// (rewriting ASCII already written) where the string is that long.
#[inline(always)]
fn ascii_tail<S: Simd, K: Sink>(simd: S, bytes: &[u8], read: usize, sink: &mut K) -> usize {
    let rest = bytes.len() - read;
    if rest == 0 {
        return 0;
    }
    if let Some(block) = bytes.last_chunk::<32>() {
        let v = u8x32::load_array_ref(simd, block);
        if stops32(v) == 0 {
            sink.cut(sink.written() - 2 * (32 - rest));
            sink.put(&widen32(simd, v));
            return rest;
        }
    }
    let mut at = read;
    if let Some(block) = bytes.get(at..).and_then(|r| r.first_chunk::<16>()) {
        let v = u8x16::load_array_ref(simd, block);
        let stop = stops16(v);
        sink.put(&widen16(simd, v));
        if stop != 0 {
            let run = stop.trailing_zeros() as usize;
            sink.cut(sink.written() - 32 + 2 * run);
            return at + run - read;
        }
        at += 16;
    }
    let rest = bytes.len() - at;
    if rest == 0 {
        return at - read;
    }
    if let Some(block) = bytes.last_chunk::<16>() {
        let v = u8x16::load_array_ref(simd, block);
        if stops16(v) == 0 {
            sink.cut(sink.written() - 2 * (16 - rest));
            sink.put(&widen16(simd, v));
            return bytes.len() - read;
        }
    }
    if let Some(block) = bytes.get(at..).and_then(|r| r.first_chunk::<8>()) {
        let w = u64::from_le_bytes(*block);
        if stops8(w) {
            return at + ascii_bytes(bytes, at, sink) - read;
        }
        sink.put(&widen8(simd, w));
        at += 8;
    }
    let rest = bytes.len() - at;
    if rest == 0 {
        return at - read;
    }
    if let Some(block) = bytes.last_chunk::<8>()
        && !stops8(u64::from_le_bytes(*block))
    {
        sink.cut(sink.written() - 2 * (8 - rest));
        sink.put(&widen8(simd, u64::from_le_bytes(*block)));
        return bytes.len() - read;
    }
    at + ascii_bytes(bytes, at, sink) - read
}

/// The ASCII run at `at`, a byte at a time: written, its length returned.
#[inline(always)]
fn ascii_bytes<K: Sink>(bytes: &[u8], at: usize, sink: &mut K) -> usize {
    let mut n = 0;
    for &b in bytes.get(at..).unwrap_or_default() {
        if b == 0 || b >= 0x80 {
            break;
        }
        sink.put(&[b, 0]);
        n += 1;
    }
    n
}

/// Whether a byte continues a UTF-8 sequence.
#[inline(always)]
const fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The code points of eight start positions (garbage at continuation
/// positions): `l0` the bytes there, `l1`, `l2` the next two bytes.
#[inline(always)]
fn code_points<S: Simd>(l0: u16x8<S>, l1: u16x8<S>, l2: u16x8<S>) -> u16x8<S> {
    let c1 = l1 & 0x3F;
    let c2 = l2 & 0x3F;
    let two = ((l0 & 0x1F) << 6) | c1;
    let three = (l0 << 12) | (c1 << 6) | c2;
    let is3 = l0.simd_ge(0xE0);
    let is2 = l0.simd_ge(0xC0);
    is3.select(three, is2.select(two, l0))
}

/// The characters starting in the 16 bytes at `read` (a character start),
/// when none of them is NUL or a 4-byte sequence and 18 bytes are there:
/// written, the bytes consumed returned (16 to 18: up to the end of the
/// character that starts last).
#[inline(always)]
fn multi_block<S: Simd, K: Sink>(
    simd: S,
    bytes: &[u8],
    read: usize,
    sink: &mut K,
) -> Option<usize> {
    let window = bytes.get(read..read + 18)?;
    let (b0, b1, b2) = (
        window.first_chunk::<16>()?,
        window.get(1..)?.first_chunk::<16>()?,
        window.last_chunk::<16>()?,
    );
    let v0 = u8x16::load_array_ref(simd, b0);
    let special = (v0.simd_ge(0xF0) | v0.simd_eq(0)).to_bitmask();
    if special != 0 {
        return None;
    }
    let cont = (v0 & 0xC0).simd_eq(0x80).to_bitmask();
    let (l0a, l0b) = v0.widen();
    let (l1a, l1b) = u8x16::load_array_ref(simd, b1).widen();
    let (l2a, l2b) = u8x16::load_array_ref(simd, b2).widen();
    let halves = [
        (l0a, l1a, l2a, cont & 0xFF),
        (l0b, l1b, l2b, (cont >> 8) & 0xFF),
    ];
    for (l0, l1, l2, cont) in halves {
        let units = code_points(l0, l1, l2);
        let keep = (l0 & 0xC0).simd_ne(0x80);
        let packed = <[u8; 16]>::from(units.compress(keep).to_bytes());
        sink.put(&packed);
        sink.cut(sink.written() - 2 * cont.count_ones() as usize);
    }
    let &[.., b16, b17] = window else {
        return None;
    };
    Some(
        16 + usize::from(is_continuation(b16))
            + usize::from(is_continuation(b16) && is_continuation(b17)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "alloc")]
    use crate::multi_sz::encode::ShortVec;
    use crate::multi_sz::simd::tests::levels;
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

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

    #[cfg(feature = "alloc")]
    /// The multi-string encoding of `items`, a character at a time.
    fn reference<T: AsRef<[u16]>>(items: &[T]) -> Result<Vec<u8>, EncodeErrorKind> {
        let mut out = Vec::new();
        for (index, units) in items.iter().enumerate() {
            let units = units.as_ref();
            if units.is_empty() {
                return Err(EncodeErrorKind::EmptyItem { index });
            }
            if let Some(position) = units.iter().position(|u| *u == 0) {
                return Err(EncodeErrorKind::NulInItem { index, position });
            }
            out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
            out.extend([0, 0]);
        }
        out.extend([0, 0]);
        Ok(out)
    }

    #[cfg(feature = "alloc")]
    /// The list encoder at every level against the reference: into a
    /// growing vector, into one with the capacity `to_vec` gives, and into
    /// an exact-size slice inside a larger buffer (nothing written past).
    fn check_items<T: Item>(items: &[T], expected: &Result<Vec<u8>, EncodeErrorKind>) {
        let bound = items
            .iter()
            .map(|i| 2 * i.utf16_len_bound() + 2)
            .sum::<usize>()
            + 2;
        for (name, level) in levels() {
            for capacity in [0, bound + 64] {
                let mut v = Vec::with_capacity(capacity);
                let got = encode_items(level, items.iter(), &mut v)
                    .map(|()| v)
                    .map_err(|e| e.kind());
                assert_eq!(&got, expected, "{name} capacity {capacity}");
                let mut short = ShortVec(Vec::with_capacity(capacity));
                let got = encode_items_inline(level, items.iter(), &mut short)
                    .map(|()| short.0)
                    .map_err(|e| e.kind());
                assert_eq!(&got, expected, "{name} short, capacity {capacity}");
            }
            let len = expected.as_ref().map_or(bound, Vec::len);
            let mut buf = vec![0xAB; len + 64];
            let mut sink = SliceSink::new(&mut buf[..len]);
            let got = encode_items(level, items.iter(), &mut sink).map_err(|e| e.kind());
            match expected {
                Ok(bytes) => {
                    assert_eq!(got, Ok(()), "{name}");
                    assert_eq!(sink.written(), len, "{name}");
                    assert_eq!(&buf[..len], &bytes[..], "{name}");
                }
                Err(kind) => assert_eq!(got, Err(*kind), "{name}"),
            }
            assert!(buf[len..].iter().all(|b| *b == 0xAB), "{name}: wrote past");
        }
    }

    #[cfg(feature = "alloc")]
    /// `check_items` for text items, and for the same items as UTF-16.
    fn check_list(items: &[&str]) {
        let units: Vec<Vec<u16>> = items.iter().map(|s| s.encode_utf16().collect()).collect();
        let expected = reference(&units);
        check_items(items, &expected);
        let strings: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
        check_items(&strings, &expected);
        let slices: Vec<&[u16]> = units.iter().map(Vec::as_slice).collect();
        check_items(&slices, &expected);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn list_edge_cases_at_every_level() {
        check_list(&[]);
        check_list(&["a"]);
        check_list(&["", "a"]);
        check_list(&["a", ""]);
        check_list(&["ab\0c", "d"]);
        check_list(&["x", "\u{1F600}\0"]);
        check_list(&[
            "1\\Microsoft Enhanced Cryptographic Provider v1.0\\{6E3F2C1A}",
            "1\\\\SQLServerKey",
        ]);
        check_list(&[
            "Schl\u{fc}ssel-\u{43a}\u{43b}\u{44e}\u{447}-\u{9375} \u{1F511}-{6E3F2C1A-8B4D-4F2E-9A61-0C7B5D3E2F10}",
        ]);
        for len in 0..70 {
            let ascii: String =
                "0123456789abcdefghijklmnopqrstuvwxyz".repeat(2)[..len.min(72)].to_owned();
            for odd in ['\u{E9}', '\u{20AC}', '\u{1F600}', '\0'] {
                for at in [0, len / 2, len] {
                    let mut s = ascii.clone();
                    s.insert(at.min(s.len()), odd);
                    check_list(&[&s, &ascii, &s]);
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

    proptest! {
        #[test]
        fn simd_encoder_equals_the_reference(
            parts in proptest::collection::vec(
                prop_oneof![
                    6 => "[ -~]{0,40}",
                    1 => "[\\u{80}-\\u{7FF}]{1,3}",
                    1 => "[\\u{800}-\\u{D7FF}\\u{E000}-\\u{FFFF}]{1,3}",
                    1 => "[\\u{10000}-\\u{10FFFF}]{1,2}",
                    1 => Just("\0".to_owned()),
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

        #[cfg(feature = "alloc")]
        #[test]
        fn list_encoder_equals_the_reference(
            items in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        6 => "[ -~]{0,40}",
                        2 => "[\\u{80}-\\u{7FF}]{1,20}",
                        2 => "[\\u{800}-\\u{D7FF}\\u{E000}-\\u{FFFF}]{1,20}",
                        2 => "[\\u{80}-\\u{7FF}a-z\\u{800}-\\u{D7FF}]{1,40}",
                        1 => "[\\u{10000}-\\u{10FFFF}]{1,2}",
                        1 => Just("\0".to_owned()),
                    ],
                    0..6,
                ).prop_map(|parts| parts.concat()),
                0..6,
            ),
        ) {
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            check_list(&items);
        }
    }
}
