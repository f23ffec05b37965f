//! UTF-16LE <-> UTF-8 transcoding kernels with ASCII fast paths.
//!
//! Every function has a plain version (`*_scalar`, a char at a time) and a
//! fast one that handles runs of ASCII eight bytes at a time; tests prove
//! them equal.

#[cfg(feature = "alloc")]
use alloc::{string::String, vec::Vec};

/// Bits that must be clear in four little-endian units for all to be ASCII.
const NON_ASCII_UNITS: u64 = 0xFF80_FF80_FF80_FF80;
/// Bits that must be clear in eight bytes for all to be ASCII.
const NON_ASCII_BYTES: u64 = 0x8080_8080_8080_8080;

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

/// The number of UTF-16 code units needed for `text`.
pub(crate) fn utf16_len(text: &str) -> usize {
    // One unit per character start, one more for each 4-byte sequence.
    text.as_bytes()
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Writes `text` as UTF-16LE into `out`, which has exactly
/// `2 * utf16_len(text)` bytes. A NUL character is refused with its
/// code-unit index.
pub(crate) fn write_str(text: &str, out: &mut [u8]) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let mut read = 0;
    let mut written = 0;
    // ASCII runs: 8 bytes in, 16 bytes out.
    while let (Some(src), Some(dst)) = (
        bytes.get(read..read + 8),
        out.get_mut(written..written + 16),
    ) {
        let w = word(src);
        if w & NON_ASCII_BYTES != 0 {
            break;
        }
        for (pair, &b) in dst.chunks_exact_mut(2).zip(src) {
            pair.copy_from_slice(&[b, 0]);
        }
        // A zero byte in the run: report the exact unit.
        if (w.wrapping_sub(0x0101_0101_0101_0101) & !w & NON_ASCII_BYTES) != 0 {
            if let Some(i) = src.iter().position(|&b| b == 0) {
                return Err(written / 2 + i);
            }
        }
        read += 8;
        written += 16;
    }
    let rest = text.get(read..).unwrap_or_default();
    write_str_scalar_at(
        rest,
        out.get_mut(written..).unwrap_or_default(),
        written / 2,
    )
}

/// The reference: a character at a time.
#[cfg(test)]
pub(crate) fn write_str_scalar(text: &str, out: &mut [u8]) -> Result<(), usize> {
    write_str_scalar_at(text, out, 0)
}

fn write_str_scalar_at(text: &str, out: &mut [u8], first_unit: usize) -> Result<(), usize> {
    let mut pairs = out.chunks_exact_mut(2);
    for (i, u) in text.encode_utf16().enumerate() {
        if u == 0 {
            return Err(first_unit + i);
        }
        if let Some(pair) = pairs.next() {
            pair.copy_from_slice(&u.to_le_bytes());
        }
    }
    Ok(())
}

/// Appends the UTF-16LE `even` to `out` as UTF-8. On an unpaired surrogate
/// returns its byte offset and leaves `out` as it was.
#[cfg(feature = "alloc")]
pub(crate) fn push_utf16le(even: &[u8], out: &mut String) -> Result<(), usize> {
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

#[cfg(feature = "alloc")]
fn append_utf8(even: &[u8], buf: &mut Vec<u8>) -> Result<(), usize> {
    // Upper bound: a unit becomes at most 3 bytes (a pair of units, 4).
    buf.reserve(even.len() / 2 * 3);
    let mut read = 0;
    loop {
        // ASCII runs: 16 bytes (8 units) in, 8 bytes out.
        while let Some(src) = even.get(read..read + 16) {
            let (a, b) = src.split_at(8);
            if (word(a) | word(b)) & NON_ASCII_UNITS != 0 {
                break;
            }
            buf.extend(src.iter().step_by(2));
            read += 16;
        }
        let rest = even.get(read..).unwrap_or_default();
        // Then characters one at a time until the next ASCII run.
        match append_utf8_scalar_until_run(rest, buf) {
            Ok(None) => return Ok(()),
            Ok(Some(consumed)) => read += consumed,
            Err(at) => return Err(read + at),
        }
    }
}

/// Appends characters one at a time; stops after at least 8 units when an
/// aligned run of ASCII could start (returns the bytes consumed), or at the
/// end (`None`).
#[cfg(feature = "alloc")]
fn append_utf8_scalar_until_run(even: &[u8], buf: &mut Vec<u8>) -> Result<Option<usize>, usize> {
    let mut units = even
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]));
    let mut at = 0;
    let mut ascii_streak = 0;
    while let Some(u) = units.next() {
        if u < 0x80 {
            buf.push(u.to_le_bytes()[0]);
            at += 2;
            ascii_streak += 1;
            if ascii_streak >= 8 {
                return Ok(Some(at));
            }
            continue;
        }
        ascii_streak = 0;
        let c = match u {
            0xD800..=0xDBFF => match units.clone().next() {
                Some(low @ 0xDC00..=0xDFFF) => {
                    units.next();
                    let c = 0x1_0000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    at += 2;
                    c
                }
                _ => return Err(at),
            },
            0xDC00..=0xDFFF => return Err(at),
            _ => u32::from(u),
        };
        let ch = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut tmp = [0u8; 4];
        buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
        at += 2;
    }
    Ok(None)
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
                1 => Just("\\0".to_owned()),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    #[test]
    fn known_answers() {
        assert_eq!(utf16_len("A\u{E9}\u{20AC}\u{1F600}"), 5);
        let mut out = [0u8; 10];
        write_str("A\u{E9}\u{20AC}\u{1F600}", &mut out).unwrap();
        assert_eq!(out, [0x41, 0, 0xE9, 0, 0xAC, 0x20, 0x3D, 0xD8, 0x00, 0xDE]);
        let mut out = [0u8; 40];
        assert_eq!(
            write_str("0123456789abcd\0fghij", &mut out[..42 - 2]),
            Err(14)
        );
        assert!(is_ascii_utf16le(&utf16le(&[0x41; 9])));
        assert!(!is_ascii_utf16le(&utf16le(&[
            0x41, 0x41, 0x41, 0x41, 0x100
        ])));
        assert!(!is_ascii_utf16le(&utf16le(&[0x80])));
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn decoder_known_answers() {
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
            prop_assert_eq!(fast, slow);
            prop_assert_eq!(is_ascii_utf16le(bytes), units.iter().all(|u| *u < 0x80));
        }
    }
}
