//! UTF-16LE <-> UTF-8 transcoding kernels with ASCII fast paths.
//!
//! Every function has a plain version (`*_scalar`, a char at a time) and a
//! portable fast one that handles runs of ASCII eight bytes at a time; with
//! the `simd` feature [`to_string`] and [`write_str`] dispatch to the SIMD
//! kernels of `super::simd` (the portable ones are then `*_swar`). Tests
//! prove them all equal, the SIMD kernels at every level the CPU has.

#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};

/// Bits that must be clear in four little-endian units for all to be ASCII.
const NON_ASCII_UNITS: u64 = 0xFF80_FF80_FF80_FF80;

#[inline]
fn word(chunk: &[u8]) -> u64 {
    let mut out = [0u8; 8];
    out.copy_from_slice(chunk);
    u64::from_le_bytes(out)
}

/// Whether every code unit of `even` is below 0x80.
pub(crate) fn is_ascii_utf16le(even: &[u8]) -> bool {
    let mut chunks = even.chunks_exact(8);
    let mut acc = 0u64;
    for chunk in chunks.by_ref() {
        acc |= word(chunk);
    }
    let tail_ok = chunks
        .remainder()
        .chunks_exact(2)
        .all(|pair| pair.get(1) == Some(&0) && pair.first().is_some_and(|b| *b < 0x80));
    acc & NON_ASCII_UNITS == 0 && tail_ok
}

/// The number of UTF-16 code units needed for `text`: one per character
/// start, one more per 4-byte sequence. Pure ASCII is answered by std's
/// word-at-a-time check; the rest is counted 64 bytes at a time in `u8`
/// lanes, a loop LLVM vectorises.
pub(crate) fn utf16_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.is_ascii() {
        return bytes.len();
    }
    let units = |b: &u8| u8::from((*b as i8) >= -0x40) + u8::from(*b >= 0xF0);
    let (blocks, rest) = bytes.as_chunks::<64>();
    let mut total = 0usize;
    for block in blocks {
        // At most 2 * 64 = 128: fits a u8.
        total += usize::from(block.iter().map(units).fold(0u8, u8::wrapping_add));
    }
    total + rest.iter().map(|b| usize::from(units(b))).sum::<usize>()
}

/// Bits that must be clear in sixteen bytes for all to be ASCII.
const NON_ASCII_BYTES_16: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
/// One in every byte.
const ONE_BYTES_16: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;
/// Bits that must be clear in eight little-endian units for all to be ASCII.
#[cfg(feature = "alloc")]
const NON_ASCII_UNITS_8: u128 = 0xFF80_FF80_FF80_FF80_FF80_FF80_FF80_FF80;

/// Four bytes to four little-endian units with zero high bytes (bit
/// spreading in one register).
#[inline]
const fn spread(x: u32) -> u64 {
    let x = x as u64;
    let x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
    (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
}

/// The low bytes of four little-endian units (the inverse of [`spread`]).
#[cfg(feature = "alloc")]
#[inline]
#[expect(
    clippy::cast_possible_truncation,
    reason = "the gathered value has 32 bits"
)]
const fn gather(x: u64) -> u32 {
    let x = x & 0x00FF_00FF_00FF_00FF;
    let x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF;
    (x | (x >> 16)) as u32
}

/// Sixteen ASCII bytes to sixteen UTF-16LE units.
#[inline]
fn widen(src: &[u8; 16], dst: &mut [u8; 32]) {
    let (words, _) = src.as_chunks::<4>();
    let (out, _) = dst.as_chunks_mut::<8>();
    for (o, w) in out.iter_mut().zip(words) {
        *o = spread(u32::from_le_bytes(*w)).to_le_bytes();
    }
}

/// Sixteen ASCII UTF-16LE units to sixteen bytes (the low bytes).
#[cfg(feature = "alloc")]
#[inline]
fn narrow(src: &[u8; 32]) -> [u8; 16] {
    let mut out = [0u8; 16];
    let (words, _) = src.as_chunks::<8>();
    let (o, _) = out.as_chunks_mut::<4>();
    for (o, w) in o.iter_mut().zip(words) {
        *o = gather(u64::from_le_bytes(*w)).to_le_bytes();
    }
    out
}

/// Writes `text` as UTF-16LE into `out`, which has at least
/// `2 * utf16_len(text)` bytes, and returns the bytes written. A NUL
/// character is refused with its code-unit index. ASCII runs go sixteen
/// bytes at a time; other characters one at a time.
pub(crate) fn write_str(text: &str, out: &mut [u8]) -> Result<usize, usize> {
    #[cfg(feature = "simd")]
    if let Some(level) = super::simd::level() {
        return super::simd::write_str(level, text, out);
    }
    write_str_swar(text, out)
}

/// The portable [`write_str`].
pub(crate) fn write_str_swar(text: &str, out: &mut [u8]) -> Result<usize, usize> {
    let bytes = text.as_bytes();
    let mut read = 0;
    let mut written = 0;
    loop {
        while let (Some(src), Some(dst)) = (
            bytes
                .get(read..read + 16)
                .and_then(|s| s.first_chunk::<16>()),
            out.get_mut(written..written + 32)
                .and_then(|d| d.first_chunk_mut::<32>()),
        ) {
            let w = u128::from_le_bytes(*src);
            if w & NON_ASCII_BYTES_16 != 0 {
                break;
            }
            // A zero byte (the borrow test is exact for "any").
            if w.wrapping_sub(ONE_BYTES_16) & !w & NON_ASCII_BYTES_16 != 0 {
                let i = src.iter().position(|&b| b == 0).unwrap_or(0);
                return Err(written / 2 + i);
            }
            widen(src, dst);
            read += 16;
            written += 32;
        }
        // Shorter ASCII runs (the end of a string): four bytes at a time.
        while let (Some(src), Some(dst)) = (
            bytes.get(read..read + 4).and_then(|s| s.first_chunk::<4>()),
            out.get_mut(written..written + 8)
                .and_then(|d| d.first_chunk_mut::<8>()),
        ) {
            let w = u32::from_le_bytes(*src);
            if w & 0x8080_8080 != 0 || w.wrapping_sub(0x0101_0101) & !w & 0x8080_8080 != 0 {
                break;
            }
            *dst = spread(w).to_le_bytes();
            read += 4;
            written += 8;
        }
        // Then one character the slow way, and back to the wide loops.
        let Some(c) = text.get(read..).and_then(|rest| rest.chars().next()) else {
            return Ok(written);
        };
        if c == '\0' {
            return Err(written / 2);
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

/// The reference: a character at a time.
#[cfg(test)]
pub(crate) fn write_str_scalar(text: &str, out: &mut [u8]) -> Result<usize, usize> {
    let mut pairs = out.chunks_exact_mut(2);
    let mut written = 0;
    for (i, u) in text.encode_utf16().enumerate() {
        if u == 0 {
            return Err(i);
        }
        if let Some(pair) = pairs.next() {
            pair.copy_from_slice(&u.to_le_bytes());
        }
        written += 2;
    }
    Ok(written)
}

/// Appends the UTF-16LE `even` to `out` as UTF-8. On an unpaired surrogate
/// returns its byte offset and leaves `out` as it was.
#[cfg(feature = "alloc")]
pub(crate) fn push_utf16le(even: &[u8], out: &mut String) -> Result<(), usize> {
    #[cfg(feature = "simd")]
    if let Some(level) = super::simd::level() {
        // The text is validated once, on its own (not with what `out`
        // already holds).
        let s = super::simd::to_string(level, even)?;
        if out.is_empty() && out.capacity() <= s.len() {
            *out = s;
        } else {
            out.push_str(&s);
        }
        return Ok(());
    }
    push_utf16le_swar(even, out)
}

/// The portable [`push_utf16le`].
#[cfg(feature = "alloc")]
pub(crate) fn push_utf16le_swar(even: &[u8], out: &mut String) -> Result<(), usize> {
    let mut buf = core::mem::take(out).into_bytes();
    let start = buf.len();
    let result = append_utf8(even, &mut buf);
    if result.is_err() {
        buf.truncate(start);
    }
    // `append_utf8` writes only complete, valid UTF-8 sequences.
    *out = String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    result
}

/// The UTF-16LE `even` as a new string; on an unpaired surrogate its byte
/// offset.
#[cfg(feature = "alloc")]
pub(crate) fn to_string(even: &[u8]) -> Result<String, usize> {
    #[cfg(feature = "simd")]
    if let Some(level) = super::simd::level() {
        return super::simd::to_string(level, even);
    }
    to_string_swar(even)
}

/// The portable [`to_string`].
#[cfg(feature = "alloc")]
pub(crate) fn to_string_swar(even: &[u8]) -> Result<String, usize> {
    let mut buf = Vec::new();
    append_utf8(even, &mut buf)?;
    // `append_utf8` writes only complete, valid UTF-8 sequences.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

#[cfg(feature = "alloc")]
fn append_utf8(even: &[u8], buf: &mut Vec<u8>) -> Result<(), usize> {
    // Exact for ASCII; grows for the rest.
    buf.reserve(even.len() / 2);
    let mut read = 0;
    loop {
        // ASCII runs: 32 bytes (16 units) in, 16 bytes out.
        while let Some(src) = even
            .get(read..read + 32)
            .and_then(|s| s.first_chunk::<32>())
        {
            let (a, b) = src.split_at(16);
            let a = u128::from_le_bytes(a.try_into().unwrap_or_default());
            let b = u128::from_le_bytes(b.try_into().unwrap_or_default());
            if (a | b) & NON_ASCII_UNITS_8 != 0 {
                break;
            }
            buf.extend_from_slice(&narrow(src));
            read += 32;
        }
        // Shorter ASCII runs (the end of a string): four units at a time.
        while let Some(src) = even.get(read..read + 8).and_then(|s| s.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*src);
            if w & 0xFF80_FF80_FF80_FF80 != 0 {
                break;
            }
            buf.extend_from_slice(&gather(w).to_le_bytes());
            read += 8;
        }
        // Then characters one at a time, until eight ASCII units in a row
        // make the wide loops worth trying again.
        let mut units = even
            .get(read..)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(unit);
        let mut ascii_run = 0;
        while ascii_run < 8 {
            let Some(u) = units.next() else {
                return Ok(());
            };
            read += 2;
            match u {
                0..0x80 => {
                    buf.push(u.to_le_bytes()[0]);
                    ascii_run += 1;
                    continue;
                }
                0x80..0x800 => buf.extend_from_slice(&utf8_2(u)),
                0xD800..0xDC00 => match units.next() {
                    Some(low @ 0xDC00..0xE000) => {
                        read += 2;
                        let c =
                            0x1_0000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                        buf.extend_from_slice(&utf8_4(c));
                    }
                    _ => return Err(read - 2),
                },
                0xDC00..0xE000 => return Err(read - 2),
                _ => buf.extend_from_slice(&utf8_3(u)),
            }
            ascii_run = 0;
        }
    }
}

/// The UTF-8 bytes of a code point in `0x80..0x800`.
#[cfg(feature = "alloc")]
#[inline(always)]
pub(crate) fn utf8_2(u: u16) -> [u8; 2] {
    let [lo, hi] = u.to_le_bytes();
    [0xC0 | (hi << 2) | (lo >> 6), 0x80 | (lo & 0x3F)]
}

/// The UTF-8 bytes of a BMP code point from `0x800` up (not a surrogate).
#[cfg(feature = "alloc")]
#[inline(always)]
pub(crate) fn utf8_3(u: u16) -> [u8; 3] {
    let [lo, hi] = u.to_le_bytes();
    [
        0xE0 | (hi >> 4),
        0x80 | ((hi & 0x0F) << 2) | (lo >> 6),
        0x80 | (lo & 0x3F),
    ]
}

/// The UTF-8 bytes of a supplementary code point (`0x10000..=0x10FFFF`).
#[cfg(feature = "alloc")]
#[inline(always)]
pub(crate) fn utf8_4(c: u32) -> [u8; 4] {
    let [b0, b1, b2, _] = c.to_le_bytes();
    [
        0xF0 | (b2 >> 2),
        0x80 | ((b2 & 0x03) << 4) | (b1 >> 4),
        0x80 | ((b1 & 0x0F) << 2) | (b0 >> 6),
        0x80 | (b0 & 0x3F),
    ]
}

/// A little-endian code unit from a 2-byte chunk (callers pass the chunks
/// of `chunks_exact(2)`, so the fallback arm is never taken).
#[inline]
pub(crate) fn unit(pair: &[u8]) -> u16 {
    match *pair {
        [lo, hi] => u16::from_le_bytes([lo, hi]),
        _ => 0,
    }
}

/// The reference decoder, through `char::decode_utf16`.
#[cfg(all(test, feature = "alloc"))]
pub(crate) fn push_utf16le_scalar(even: &[u8], out: &mut String) -> Result<(), usize> {
    let units = even
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]));
    let mut decoded = String::new();
    let mut at = 0;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                decoded.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(at),
        }
    }
    out.push_str(&decoded);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::prelude::rust_2024::*;

    fn utf16le(units: &[u16]) -> Vec<u8> {
        units.iter().flat_map(|u| u.to_le_bytes()).collect()
    }

    /// Text mixing long ASCII runs with every width of UTF-8.
    fn mixed_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => "[ -~]{0,20}",
                1 => "[\\u{80}-\\u{7FF}]{1,3}",
                1 => "[\\u{800}-\\u{D7FF}\\u{E000}-\\u{FFFF}]{1,3}",
                1 => "[\\u{10000}-\\u{10FFFF}]{1,2}",
                1 => Just("\0".to_owned()),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    #[test]
    fn known_answers() {
        assert_eq!(utf16_len("A\u{E9}\u{20AC}\u{1F600}"), 5);
        let mut out = [0u8; 10];
        assert_eq!(write_str("A\u{E9}\u{20AC}\u{1F600}", &mut out), Ok(10));
        assert_eq!(out, [0x41, 0, 0xE9, 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE]);
        let mut out = [0u8; 40];
        assert_eq!(
            write_str("0123456789abcd\0fghij", &mut out[..42 - 2]),
            Err(14)
        );
        // A NUL found by each path: the 16-byte loop (first and later
        // windows), the 4-byte loop, the character loop.
        let mut long = [0u8; 80];
        for (text, nul) in [
            ("0123456789abcdef\x000123456789abcdef", 16),
            ("0123456789abcdefghijklmnopqrstu\x00v", 31),
            ("0123456789abcdefwxy\x00", 19),
            ("ab\x00c", 2),
            ("\u{e9}\x00", 1),
        ] {
            assert_eq!(write_str(text, &mut long), Err(nul), "{text:?}");
            assert_eq!(write_str_scalar(text, &mut long), Err(nul), "{text:?}");
        }
        assert_eq!(write_str("0123456789abcdefwxyz", &mut long), Ok(40));
        assert_eq!(
            long[..40],
            utf16le(&"0123456789abcdefwxyz".encode_utf16().collect::<Vec<_>>())[..]
        );
        assert!(is_ascii_utf16le(&utf16le(&[0x41; 9])));
        assert!(!is_ascii_utf16le(&utf16le(&[
            0x41, 0x41, 0x41, 0x41, 0x100
        ])));
        assert!(!is_ascii_utf16le(&utf16le(&[0x80])));
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn utf8_encoders_equal_std_for_every_code_point() {
        let mut tmp = [0u8; 4];
        for c in (0x80u32..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.encode_utf8(&mut tmp).as_bytes().to_vec();
            let got = match u16::try_from(u32::from(c)) {
                Ok(u) if u < 0x800 => utf8_2(u).to_vec(),
                Ok(u) => utf8_3(u).to_vec(),
                Err(_) => utf8_4(u32::from(c)).to_vec(),
            };
            assert_eq!(got, expected, "{:X}", u32::from(c));
        }
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn decoder_known_answers() {
        // The same non-ASCII unit eight units apart: the two halves of the
        // 16-unit window must not cancel out in the ASCII test.
        let twin: Vec<u16> = "\u{e9}abcdefg\u{e9}hijklmnopqrstuvwxyz"
            .encode_utf16()
            .collect();
        let mut out = String::new();
        push_utf16le(&utf16le(&twin), &mut out).unwrap();
        assert_eq!(out, "\u{e9}abcdefg\u{e9}hijklmnopqrstuvwxyz");
        let mut s = String::from("x");
        assert_eq!(
            push_utf16le(&utf16le(&[0x41, 0xD800, 0x42]), &mut s),
            Err(2)
        );
        assert_eq!(s, "x", "unchanged on error");
        assert_eq!(push_utf16le(&utf16le(&[0x41, 0xDC00]), &mut s), Err(2));
        push_utf16le(&utf16le(&[0xD83D, 0xDE00, 0x41]), &mut s).unwrap();
        assert_eq!(s, "x\u{1F600}A");
    }

    proptest! {
        #[test]
        fn fast_encoder_equals_the_reference(text in mixed_text()) {
            let len = utf16_len(&text);
            prop_assert_eq!(len, text.encode_utf16().count());
            let mut fast = vec![0u8; 2 * len];
            let mut slow = vec![0u8; 2 * len];
            let a = write_str(&text, &mut fast);
            let b = write_str_scalar(&text, &mut slow);
            prop_assert_eq!(a, b);
            let mut portable = vec![0u8; 2 * len];
            prop_assert_eq!(write_str_swar(&text, &mut portable), b);
            if b.is_ok() {
                prop_assert_eq!(&portable, &slow);
            }
            if a.is_ok() {
                prop_assert_eq!(fast, slow);
            }
        }

        #[cfg(feature = "alloc")]
        #[test]
        fn fast_decoder_equals_the_reference(
            units in proptest::collection::vec(
                prop_oneof![6 => 0x20u16..0x7F, 1 => any::<u16>(), 1 => 0xD800u16..0xE000],
                0..80,
            ),
            skew in 0usize..2,
        ) {
            let bytes = [vec![0; skew * 2], utf16le(&units)].concat();
            let bytes = &bytes[skew * 2..];
            let mut fast = String::new();
            let mut slow = String::new();
            prop_assert_eq!(push_utf16le(bytes, &mut fast), push_utf16le_scalar(bytes, &mut slow));
            let mut portable = String::from("x");
            let mut slow2 = String::from("x");
            prop_assert_eq!(push_utf16le_swar(bytes, &mut portable), push_utf16le_scalar(bytes, &mut slow2));
            prop_assert_eq!(&portable, &slow2);
            let mut onto = String::from("x");
            let mut slow3 = String::from("x");
            prop_assert_eq!(push_utf16le(bytes, &mut onto), push_utf16le_scalar(bytes, &mut slow3));
            prop_assert_eq!(onto, slow3);
            let mut reference = String::new();
            let expected = push_utf16le_scalar(bytes, &mut reference).map(|()| reference);
            prop_assert_eq!(to_string(bytes), expected.clone());
            prop_assert_eq!(to_string_swar(bytes), expected);
            prop_assert_eq!(fast, slow);
            prop_assert_eq!(is_ascii_utf16le(bytes), units.iter().all(|u| *u < 0x80));
        }
    }
}
