//! UTF-8 to UTF-16LE at a SIMD level (see the [parent module](super)).

use fearless_simd::{Level, Simd, SimdBase, SimdMask, dispatch, u8x32};

use super::first_units;

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
mod tests {
    use super::*;
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
    }
}
