//! A deliberately naive multi-string decoder, written from the spec as a
//! plain loop over code units, compared with the real (word-at-a-time)
//! decoders on random and mutated inputs.

use clusctl::multi_sz::{DeviationKind, MultiSz, decode_lenient};
use clusctl::{DecodeErrorKind, MultiSzBuf};
use proptest::prelude::*;

use crate::strategies;

/// What the naive decoder found: items, where the list ended (if it did),
/// and where the item being read when the input ran out started.
struct Naive {
    items: Vec<Vec<u16>>,
    list_end: Option<usize>,
    open_item: Option<(usize, Vec<u16>)>,
}

fn naive_scan(bytes: &[u8]) -> Naive {
    let mut items = Vec::new();
    let mut current = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let unit = u16::from(bytes[i]) | (u16::from(bytes[i + 1]) << 8);
        i += 2;
        if unit != 0 {
            current.push(unit);
            continue;
        }
        if current.is_empty() {
            // The terminator; an empty list may be written as two NULs.
            let mut end = i;
            if items.is_empty() && bytes.len() >= 4 && bytes[2] == 0 && bytes[3] == 0 && end == 2 {
                end = 4;
            }
            return Naive {
                items,
                list_end: Some(end),
                open_item: None,
            };
        }
        items.push(std::mem::take(&mut current));
        start = i;
    }
    let open_item = (!current.is_empty()).then_some((start, current));
    Naive {
        items,
        list_end: None,
        open_item,
    }
}

fn naive_strict(bytes: &[u8]) -> Result<Vec<Vec<u16>>, (DecodeErrorKind, usize)> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    if bytes.len() % 2 == 1 {
        return Err((DecodeErrorKind::OddLength, bytes.len() - 1));
    }
    let naive = naive_scan(bytes);
    match (naive.list_end, naive.open_item) {
        (Some(end), _) if end == bytes.len() => Ok(naive.items),
        (Some(end), _) => Err((DecodeErrorKind::TrailingData, end)),
        (None, Some((start, _))) => Err((DecodeErrorKind::UnterminatedItem, start)),
        (None, None) => Err((DecodeErrorKind::MissingListTerminator, bytes.len())),
    }
}

fn naive_lenient(bytes: &[u8]) -> (Vec<Vec<u16>>, Vec<(DeviationKind, usize)>) {
    let naive = naive_scan(bytes);
    let even = bytes.len() - bytes.len() % 2;
    let mut items = naive.items;
    let mut deviations = Vec::new();
    match naive.list_end {
        Some(end) => {
            if end < bytes.len() {
                deviations.push((
                    DeviationKind::TrailingData {
                        len: bytes.len() - end,
                    },
                    end,
                ));
            }
        }
        None if even == 0 && bytes.len() == 1 => {
            deviations.push((DeviationKind::OddTrailingByte, 0));
            deviations.push((DeviationKind::MissingListTerminator, 0));
        }
        None if even == 0 => {}
        None => {
            if let Some((start, item)) = naive.open_item {
                deviations.push((DeviationKind::UnterminatedItem, start));
                items.push(item);
            }
            deviations.push((DeviationKind::MissingListTerminator, even));
            if bytes.len() % 2 == 1 {
                deviations.push((DeviationKind::OddTrailingByte, bytes.len() - 1));
            }
        }
    }
    (items, deviations)
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let real = MultiSz::decode(bytes)
        .map(|l| l.iter().map(|s| s.to_utf16()).collect::<Vec<_>>())
        .map_err(|e| (e.kind(), e.offset()));
    prop_assert_eq!(real, naive_strict(bytes), "strict on {:02x?}", bytes);
    let lenient = decode_lenient(bytes);
    let real_items: Vec<Vec<u16>> = lenient.iter().map(|s| s.to_utf16()).collect();
    let real_deviations: Vec<_> = lenient
        .deviations()
        .iter()
        .map(|d| (d.kind(), d.offset()))
        .collect();
    let (items, deviations) = naive_lenient(bytes);
    prop_assert_eq!(real_items, items, "lenient items on {:02x?}", bytes);
    prop_assert_eq!(
        real_deviations,
        deviations,
        "lenient deviations on {:02x?}",
        bytes
    );
    Ok(())
}

proptest! {
    #[test]
    fn real_decoders_equal_the_naive_one(
        bytes in strategies::multi_sz_bytes(),
        mutations in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..24),
        skew in 0usize..4,
    ) {
        // The input, then one mutation more at each step, at an odd or
        // even address.
        let mut current = bytes;
        for (index, value) in mutations {
            let padded = [vec![0xAB; skew], current.clone()].concat();
            check(&padded[skew..])?;
            if current.is_empty() {
                current.push(value);
            } else {
                let at = index.index(current.len());
                match value % 3 {
                    0 => current[at] = value,
                    1 => current.truncate(at),
                    _ => current.insert(at, if value & 8 == 0 { 0 } else { value }),
                }
            }
        }
        check(&current)?;
    }

    #[test]
    fn owned_lists_equal_the_naive_decoding(list in strategies::multi_sz_units()) {
        let owned = MultiSzBuf::from_items(&list).unwrap();
        prop_assert_eq!(naive_strict(owned.as_bytes()), Ok(list));
    }
}
