//! The same work as `benches/codec.rs`, done with other crates, in the same
//! benchmark groups so one run compares them: memchr's `memmem` and a naive
//! loop for the split; std, a naive loop, encoding_rs, simdutf (C++) and
//! widestring for decoding; std, encoding_rs and simdutf for encoding;
//! linear scans for the catalog.
#![allow(
    unsafe_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "peer code for comparison, not the library"
)]

use std::hint::black_box;

use clusctl::{ControlCode, catalog};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memchr::memmem;

#[path = "support/inputs.rs"]
#[allow(dead_code)]
mod inputs;

/// The byte ranges of the items, found with memmem on `00 00` at even
/// offsets.
fn items_memmem<'a>(bytes: &'a [u8], finder: &memmem::Finder<'_>, mut f: impl FnMut(&'a [u8])) {
    let mut pos = 0;
    let mut from = 0;
    while let Some(i) = finder.find(&bytes[from..]) {
        let at = from + i;
        if at % 2 == 1 {
            from = at + 1;
            continue;
        }
        if at == pos {
            return;
        }
        f(&bytes[pos..at]);
        pos = at + 2;
        from = pos;
    }
}

fn items_naive(bytes: &[u8], mut f: impl FnMut(&[u8])) {
    let mut start = 0;
    for (i, unit) in bytes.chunks_exact(2).enumerate() {
        if unit == [0, 0] {
            if i * 2 == start {
                return;
            }
            f(&bytes[start..i * 2]);
            start = i * 2 + 2;
        }
    }
}

/// The units of an item: borrowed when aligned, copied when not.
fn with_units<R>(item: &[u8], scratch: &mut Vec<u16>, f: impl FnOnce(&[u16]) -> R) -> R {
    match bytemuck::try_cast_slice::<u8, u16>(item) {
        Ok(units) => f(units),
        Err(_) => {
            scratch.clear();
            scratch.extend(
                item.chunks_exact(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]])),
            );
            f(scratch)
        }
    }
}

fn simdutf_to_string(units: &[u16]) -> String {
    let mut out = Vec::with_capacity(units.len() * 3);
    // SAFETY: the output has room for the worst case (3 bytes a unit) and
    // simdutf writes only valid UTF-8, whose length it returns.
    unsafe {
        let n = simdutf::convert_utf16le_to_utf8(units.as_ptr(), units.len(), out.as_mut_ptr());
        out.set_len(n);
        String::from_utf8_unchecked(out)
    }
}

fn peers(c: &mut Criterion) {
    let finder = memmem::Finder::new(b"\0\0");
    for (name, items, skew) in inputs::all().into_iter().chain(inputs::extra()) {
        let placed = inputs::Placed::new(&items, skew);
        let bytes = placed.bytes();
        let throughput = Throughput::Bytes(bytes.len() as u64);
        // Inputs beyond the caches: criterion's smallest sample.
        let samples = if bytes.len() > 8 << 20 { 10 } else { 100 };

        let mut g = c.benchmark_group(format!("split/{name}"));
        g.sample_size(samples);
        g.throughput(throughput.clone());
        g.bench_function("memmem", |b| {
            b.iter(|| {
                let mut total = 0;
                items_memmem(black_box(bytes), &finder, |item| total += item.len() / 2);
                total
            })
        });
        g.bench_function("naive", |b| {
            b.iter(|| {
                let mut total = 0;
                items_naive(black_box(bytes), |item| total += item.len() / 2);
                total
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("decode/{name}"));
        g.sample_size(samples);
        g.throughput(throughput.clone());
        g.bench_function("std", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                items_memmem(black_box(bytes), &finder, |item| {
                    let units = item
                        .chunks_exact(2)
                        .map(|p| u16::from_le_bytes([p[0], p[1]]));
                    out.push(
                        char::decode_utf16(units)
                            .collect::<Result<String, _>>()
                            .unwrap(),
                    );
                });
                out
            })
        });
        g.bench_function("naive", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                items_naive(black_box(bytes), |item| {
                    let units: Vec<u16> = item
                        .chunks_exact(2)
                        .map(|p| u16::from_le_bytes([p[0], p[1]]))
                        .collect();
                    out.push(String::from_utf16(&units).unwrap());
                });
                out
            })
        });
        g.bench_function("encoding_rs", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                items_memmem(black_box(bytes), &finder, |item| {
                    let text = encoding_rs::UTF_16LE
                        .decode_without_bom_handling_and_without_replacement(item)
                        .unwrap();
                    out.push(text.into_owned());
                });
                out
            })
        });
        g.bench_function("simdutf", |b| {
            let mut scratch = Vec::new();
            b.iter(|| {
                let mut out = Vec::new();
                items_memmem(black_box(bytes), &finder, |item| {
                    out.push(with_units(item, &mut scratch, |units| {
                        assert!(simdutf::validate_utf16le(units));
                        simdutf_to_string(units)
                    }));
                });
                out
            })
        });
        // The best peer: one transcode of the whole buffer (NUL units
        // become NUL bytes), then one `String` per item.
        g.bench_function("simdutf-whole", |b| {
            let mut scratch = Vec::new();
            b.iter(|| {
                with_units(black_box(bytes), &mut scratch, |units| {
                    assert!(simdutf::validate_utf16le(units));
                    let text = simdutf_to_string(units);
                    let mut out = Vec::new();
                    for s in text.split('\0') {
                        if s.is_empty() {
                            break;
                        }
                        out.push(s.to_owned());
                    }
                    out
                })
            })
        });
        g.bench_function("widestring", |b| {
            let mut scratch = Vec::new();
            b.iter(|| {
                let mut out = Vec::new();
                items_memmem(black_box(bytes), &finder, |item| {
                    out.push(with_units(item, &mut scratch, |units| {
                        widestring::U16Str::from_slice(units).to_string().unwrap()
                    }));
                });
                out
            })
        });
        g.finish();

        let strs: Vec<&str> = items.iter().map(String::as_str).collect();
        let units: usize = strs.iter().map(|s| s.len() + 1).sum::<usize>() + 1;
        let mut g = c.benchmark_group(format!("encode/{name}"));
        g.sample_size(samples);
        g.throughput(throughput);
        g.bench_function("std", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(units * 2);
                for s in black_box(&strs) {
                    for u in s.encode_utf16() {
                        out.extend_from_slice(&u.to_le_bytes());
                    }
                    out.extend_from_slice(&[0, 0]);
                }
                out.extend_from_slice(&[0, 0]);
                out
            })
        });
        g.bench_function("encoding_rs", |b| {
            b.iter(|| {
                let mut out = vec![0u16; units];
                let mut at = 0;
                for s in black_box(&strs) {
                    at += encoding_rs::mem::convert_str_to_utf16(s, &mut out[at..]) + 1;
                }
                out.truncate(at + 1);
                out
            })
        });
        g.bench_function("simdutf", |b| {
            b.iter(|| {
                let mut out: Vec<u16> = Vec::with_capacity(units);
                let mut at = 0;
                for s in black_box(&strs) {
                    // SAFETY: `out` has room for one unit per UTF-8 byte
                    // plus the terminators, more than any valid input needs.
                    at += unsafe {
                        simdutf::convert_utf8_to_utf16le(
                            s.as_ptr(),
                            s.len(),
                            out.as_mut_ptr().add(at),
                        )
                    };
                    unsafe { out.as_mut_ptr().add(at).write(0) };
                    at += 1;
                }
                unsafe {
                    out.as_mut_ptr().add(at).write(0);
                    out.set_len(at + 1);
                }
                out
            })
        });
        g.finish();
    }

    let entries = catalog::entries();
    let values: Vec<ControlCode> = entries.iter().map(|e| e.code()).collect();
    let names: Vec<&str> = entries.iter().map(|e| e.name()).collect();
    let mut g = c.benchmark_group("catalog/value-to-name");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("linear-scan", |b| {
        b.iter(|| {
            values
                .iter()
                .filter_map(|v| {
                    entries
                        .iter()
                        .find(|e| e.code() == black_box(*v))
                        .map(|e| e.name())
                })
                .count()
        })
    });
    g.finish();
    let mut g = c.benchmark_group("catalog/name-to-value");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("linear-scan", |b| {
        b.iter(|| {
            names
                .iter()
                .filter_map(|n| {
                    entries
                        .iter()
                        .find(|e| e.name() == black_box(*n))
                        .map(|e| e.code())
                })
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, peers);
criterion_main!(benches);
