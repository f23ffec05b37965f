//! clusctl's own API on the bench inputs. `benches/peers.rs` does the same
//! work with other crates in the same groups; `tools/bench-summary.py`
//! turns a run into the README table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::cast_possible_truncation,
    reason = "benchmarks are std programs"
)]

use std::hint::black_box;

use clusctl::checkpoint::{Checkpoint, Utf16Checkpoint};
use clusctl::multi_sz::{self, MultiSz, decode_lenient};
use clusctl::{ControlCode, catalog};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/inputs.rs"]
#[allow(dead_code)]
mod inputs;

fn codec(c: &mut Criterion) {
    for (name, items, skew) in inputs::all() {
        let placed = inputs::Placed::new(&items, skew);
        let bytes = placed.bytes();
        let throughput = Throughput::Bytes(bytes.len() as u64);

        let mut g = c.benchmark_group(format!("split/{name}"));
        g.throughput(throughput.clone());
        g.bench_function("clusctl", |b| {
            b.iter(|| {
                let list = MultiSz::decode(black_box(bytes)).unwrap();
                list.iter().map(|s| s.len()).sum::<usize>()
            })
        });
        g.bench_function("clusctl-lenient", |b| {
            b.iter(|| {
                decode_lenient(black_box(bytes))
                    .iter()
                    .map(|s| s.len())
                    .sum::<usize>()
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("decode/{name}"));
        g.throughput(throughput.clone());
        g.bench_function("clusctl", |b| {
            b.iter(|| {
                MultiSz::decode(black_box(bytes))
                    .unwrap()
                    .to_strings()
                    .unwrap()
            })
        });
        g.finish();

        let strs: Vec<&str> = items.iter().map(String::as_str).collect();
        let mut g = c.benchmark_group(format!("encode/{name}"));
        g.throughput(throughput);
        g.bench_function("clusctl", |b| {
            b.iter(|| multi_sz::to_vec(black_box(&strs)).unwrap())
        });
        g.finish();
    }

    let entries = catalog::entries();
    let values: Vec<ControlCode> = entries.iter().map(|e| e.code()).collect();
    let names: Vec<&str> = entries.iter().map(|e| e.name()).collect();
    let mut g = c.benchmark_group("catalog/value-to-name");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("clusctl", |b| {
        b.iter(|| values.iter().filter_map(|v| black_box(*v).name()).count())
    });
    g.finish();
    let mut g = c.benchmark_group("catalog/name-to-value");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("clusctl", |b| {
        b.iter(|| {
            names
                .iter()
                .filter_map(|n| ControlCode::from_name(black_box(n)))
                .count()
        })
    });
    g.finish();

    let mut rng = inputs::Rng(7);
    let raw: Vec<u32> = (0..4096).map(|_| rng.next() as u32).collect();
    let mut g = c.benchmark_group("control-code/fields");
    g.throughput(Throughput::Elements(raw.len() as u64));
    g.bench_function("clusctl", |b| {
        b.iter(|| {
            raw.iter()
                .map(|v| ControlCode::from(black_box(*v)).parts().function)
                .fold(0u32, u32::wrapping_add)
        })
    });
    g.finish();

    let texts = inputs::checkpoints(64 << 10, true);
    let size: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("checkpoint/parse");
    g.throughput(Throughput::Bytes(size as u64));
    g.bench_function("clusctl-str", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter(|t| Checkpoint::parse(black_box(t)).is_ok())
                .count()
        })
    });
    let placed = inputs::Placed::new(&texts, 0);
    let list = MultiSz::decode(placed.bytes()).unwrap();
    g.bench_function("clusctl-utf16", |b| {
        b.iter(|| {
            list.iter()
                .filter(|t| Utf16Checkpoint::decode(black_box(*t)).is_ok())
                .count()
        })
    });
    g.finish();
}

/// Issue 12: the inputs of the second round (`inputs::extra`) and one row
/// per SIMD level (`clusctl@sse2`, ...; `clusctl@portable` is the code
/// without SIMD) in the same groups, so one run compares the levels with
/// each other and with the peers.
fn levels(c: &mut Criterion) {
    let extra: Vec<String> = inputs::extra().into_iter().map(|(n, ..)| n).collect();
    for (name, items, skew) in inputs::all().into_iter().chain(inputs::extra()) {
        let placed = inputs::Placed::new(&items, skew);
        let bytes = placed.bytes();
        let throughput = Throughput::Bytes(bytes.len() as u64);
        let samples = if bytes.len() > 8 << 20 { 10 } else { 100 };
        let strs: Vec<&str> = items.iter().map(String::as_str).collect();
        let mut rows: Vec<(String, &str)> = Vec::new();
        if extra.contains(&name) {
            rows.push(("clusctl".to_owned(), "auto"));
        }
        #[cfg(feature = "simd")]
        for level in multi_sz::SIMD_LEVELS {
            if multi_sz::force_simd_level(level) {
                rows.push((format!("clusctl@{level}"), level));
            }
        }
        let mut g = c.benchmark_group(format!("split/{name}"));
        g.sample_size(samples);
        g.throughput(throughput.clone());
        for (row, _level) in &rows {
            #[cfg(feature = "simd")]
            multi_sz::force_simd_level(_level);
            g.bench_function(row.as_str(), |b| {
                b.iter(|| {
                    let list = MultiSz::decode(black_box(bytes)).unwrap();
                    list.iter().map(|s| s.len()).sum::<usize>()
                })
            });
            if row == "clusctl" {
                g.bench_function("clusctl-lenient", |b| {
                    b.iter(|| {
                        decode_lenient(black_box(bytes))
                            .iter()
                            .map(|s| s.len())
                            .sum::<usize>()
                    })
                });
            }
        }
        g.finish();
        let mut g = c.benchmark_group(format!("decode/{name}"));
        g.sample_size(samples);
        g.throughput(throughput.clone());
        for (row, _level) in &rows {
            #[cfg(feature = "simd")]
            multi_sz::force_simd_level(_level);
            g.bench_function(row.as_str(), |b| {
                b.iter(|| {
                    MultiSz::decode(black_box(bytes))
                        .unwrap()
                        .to_strings()
                        .unwrap()
                })
            });
        }
        g.finish();
        let mut g = c.benchmark_group(format!("encode/{name}"));
        g.sample_size(samples);
        g.throughput(throughput);
        for (row, _level) in &rows {
            #[cfg(feature = "simd")]
            multi_sz::force_simd_level(_level);
            g.bench_function(row.as_str(), |b| {
                b.iter(|| multi_sz::to_vec(black_box(&strs)).unwrap())
            });
        }
        g.finish();
        #[cfg(feature = "simd")]
        multi_sz::force_simd_level("auto");
    }
}

criterion_group!(benches, codec);
criterion_group!(benches_levels, levels);
criterion_main!(benches, benches_levels);
