//! CLUSPROP property lists: walking, decoding and building a large list
//! (thousands of properties). Before measuring, a counting allocator checks
//! that walking a list (strict or lenient, every value typed) allocates
//! nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::cast_possible_truncation,
    reason = "benchmarks are std programs"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use clusctl::clusprop::{PropertyList, PropertyListBuf};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "support/clusprop_inputs.rs"]
mod clusprop_inputs;

/// Counts allocations, to show that walking allocates nothing.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
#[allow(unsafe_code, reason = "a counting wrapper around System")]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is System's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Walks every property and value, typing each value.
fn walk(list: &PropertyList<'_>) -> usize {
    let mut total = 0;
    for property in list.iter() {
        total += property.name().len();
        for value in property.values() {
            total += value.data().len();
            if let Ok(n) = value.dword() {
                total += n as usize;
            }
        }
    }
    total
}

fn typed(list: &PropertyList<'_>) -> usize {
    list.iter()
        .flat_map(|p| p.values())
        .filter(|v| v.typed().is_ok())
        .count()
}

fn assert_walks_do_not_allocate(bytes: &[u8]) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let list = PropertyList::decode(black_box(bytes)).unwrap();
    black_box(walk(&list));
    black_box(typed(&list));
    let lenient = PropertyList::decode_lenient(black_box(bytes));
    black_box(walk(&lenient));
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(after, before, "walking a property list allocated");
}

fn clusprop(c: &mut Criterion) {
    for properties in [64, 4096] {
        let built = clusprop_inputs::property_list(properties);
        let bytes = built.to_vec();
        assert_walks_do_not_allocate(&bytes);
        let throughput = Throughput::Bytes(bytes.len() as u64);

        let mut g = c.benchmark_group(format!("clusprop/{properties}-properties"));
        g.throughput(throughput);
        g.bench_function("walk", |b| {
            b.iter(|| walk(&PropertyList::decode(black_box(&bytes)).unwrap()))
        });
        g.bench_function("walk-lenient", |b| {
            b.iter(|| walk(&PropertyList::decode_lenient(black_box(&bytes))))
        });
        g.bench_function("decode-typed", |b| {
            b.iter(|| typed(&PropertyList::decode(black_box(&bytes)).unwrap()))
        });
        g.bench_function("to-owned", |b| {
            b.iter(|| PropertyList::decode(black_box(&bytes)).unwrap().to_buf())
        });
        g.bench_function("build", |b| {
            b.iter(|| clusprop_inputs::property_list(black_box(properties)).to_vec())
        });
        let mut out = vec![0u8; bytes.len()];
        g.bench_function("encode-into", |b| {
            b.iter(|| black_box(&built).encode_into(&mut out).unwrap())
        });
        g.finish();
        black_box(PropertyListBuf::new());
    }
}

criterion_group!(benches, clusprop);
criterion_main!(benches);
