//! Instruction counts of the hot paths under valgrind's callgrind: unlike
//! times on a shared machine, they repeat exactly, so a regression shows.
//!
//! `cargo bench --bench instructions` builds this program, which runs each
//! workload of its own under `valgrind --tool=callgrind` (counting only
//! inside the workload function, not the input set-up) and prints a table.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a measuring tool"
)]

use std::hint::black_box;
use std::process::Command;

use clusctl::checkpoint::Checkpoint;
use clusctl::multi_sz::{self, MultiSz};
use clusctl::{ControlCode, catalog};

#[path = "support/inputs.rs"]
#[allow(dead_code)]
mod inputs;

#[path = "support/clusprop_inputs.rs"]
mod clusprop_inputs;

const WORKLOADS: &[&str] = &[
    "split",
    "decode",
    "lenient",
    "encode",
    "catalog",
    "checkpoints",
    "clusprop_walk_4096_properties",
    "clusprop_typed_4096_properties",
    "clusprop_build_4096_properties",
];

#[inline(never)]
fn workload_split(bytes: &[u8]) -> usize {
    MultiSz::decode(bytes)
        .unwrap()
        .iter()
        .map(|s| s.len())
        .sum()
}

#[inline(never)]
fn workload_decode(bytes: &[u8]) -> usize {
    MultiSz::decode(bytes).unwrap().to_strings().unwrap().len()
}

#[inline(never)]
fn workload_lenient(bytes: &[u8]) -> usize {
    multi_sz::decode_lenient(bytes)
        .iter()
        .map(|s| s.len())
        .sum()
}

#[inline(never)]
fn workload_encode(items: &[&str]) -> usize {
    multi_sz::to_vec(items).unwrap().len()
}

#[inline(never)]
fn workload_catalog(names: &[&str]) -> usize {
    names
        .iter()
        .filter_map(|n| ControlCode::from_name(n))
        .filter_map(ControlCode::name)
        .count()
}

#[inline(never)]
fn workload_checkpoints(texts: &[String]) -> usize {
    texts
        .iter()
        .filter(|t| Checkpoint::parse(t).is_ok())
        .count()
}

#[inline(never)]
fn workload_clusprop_walk_4096_properties(bytes: &[u8]) -> usize {
    let list = clusctl::clusprop::PropertyList::decode(bytes).unwrap();
    list.iter()
        .map(|p| p.name().len() + p.values().map(|v| v.data().len()).sum::<usize>())
        .sum()
}

#[inline(never)]
fn workload_clusprop_typed_4096_properties(bytes: &[u8]) -> usize {
    let list = clusctl::clusprop::PropertyList::decode(bytes).unwrap();
    list.iter()
        .flat_map(|p| p.values())
        .filter(|v| v.typed().is_ok())
        .count()
}

#[inline(never)]
fn workload_clusprop_build_4096_properties(properties: usize) -> usize {
    clusprop_inputs::property_list(properties).to_vec().len()
}

/// Issue 12: forces the SIMD level of the multi-string kernels.
fn force_level(level: &str) {
    #[cfg(feature = "simd")]
    assert!(
        multi_sz::force_simd_level(level),
        "level {level} not available"
    );
    #[cfg(not(feature = "simd"))]
    assert_eq!(level, "portable", "built without the simd feature");
}

fn run(workload: &str) {
    // Issue 12: `NAME-ascii` runs workload NAME on ASCII checkpoints,
    // `NAME-three` on the three short strings (fixed costs).
    let (workload, items) = if let Some(w) = workload.strip_suffix("-ascii") {
        (w, inputs::checkpoints(256 << 10, false))
    } else if let Some(w) = workload.strip_suffix("-three") {
        (w, inputs::three())
    } else {
        (workload, inputs::checkpoints(256 << 10, true))
    };
    let placed = inputs::Placed::new(&items, 1);
    let bytes = placed.bytes();
    let strs: Vec<&str> = items.iter().map(String::as_str).collect();
    let names: Vec<&str> = catalog::entries().iter().map(|e| e.name()).collect();
    let n = match workload {
        "split" => workload_split(black_box(bytes)),
        "decode" => workload_decode(black_box(bytes)),
        "lenient" => workload_lenient(black_box(bytes)),
        "encode" => workload_encode(black_box(&strs)),
        "catalog" => workload_catalog(black_box(&names)),
        "checkpoints" => workload_checkpoints(black_box(&items)),
        "clusprop_walk_4096_properties" => {
            let list = clusprop_inputs::property_list(4096).to_vec();
            workload_clusprop_walk_4096_properties(black_box(&list))
        }
        "clusprop_typed_4096_properties" => {
            let list = clusprop_inputs::property_list(4096).to_vec();
            workload_clusprop_typed_4096_properties(black_box(&list))
        }
        "clusprop_build_4096_properties" => {
            workload_clusprop_build_4096_properties(black_box(4096))
        }
        other => panic!("unknown workload {other}"),
    };
    black_box(n);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--workload") {
        if let Some(at) = args.iter().position(|a| a == "--level") {
            force_level(&args[at + 1]);
        }
        run(&args[pos + 1]);
        return;
    }
    let me = std::env::current_exe().unwrap();
    let dir = std::env::temp_dir().join(format!("clusctl-callgrind-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!("| workload (256 KiB of checkpoints, unaligned) | instructions |");
    println!("|---|---|");
    for workload in WORKLOADS {
        let out = dir.join(format!("{workload}.out"));
        let status = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(format!("--toggle-collect=*workload_{workload}*"))
            .arg(&me)
            .args(["--workload", workload])
            .output()
            .expect("valgrind is installed");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let text = std::fs::read_to_string(&out).unwrap();
        let total = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("summary: ")
                    .or_else(|| l.strip_prefix("totals: "))
            })
            .and_then(|t| t.split_whitespace().next())
            .unwrap_or("?");
        println!("| {workload} | {total} |");
    }
    kernel_guard(&me, &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 12: the kernels (split, decode, encode) at each forced SIMD level,
/// against the ceilings recorded in `benches/support/instruction-ceilings.tsv`.
/// A dispatched kernel that stops being inlined runs its vector operations
/// as calls and costs several times its ceiling: the guard fails.
/// `CLUSCTL_BLESS=1` rewrites the file from this run (count + 10%).
fn kernel_guard(me: &std::path::Path, dir: &std::path::Path) {
    const KERNELS: &[&str] = &[
        "split",
        "decode",
        "encode",
        "decode-ascii",
        "encode-ascii",
        "split-three",
        "decode-three",
        "encode-three",
    ];
    const LEVELS: &[&str] = &["portable", "sse2", "sse4.2", "avx2"];
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/support/instruction-ceilings.tsv"
    );
    let recorded = std::fs::read_to_string(file).unwrap_or_default();
    let ceiling = |w: &str, l: &str| {
        recorded.lines().find_map(|line| {
            let mut f = line.split('\t');
            (f.next() == Some(w) && f.next() == Some(l))
                .then(|| f.next()?.trim().parse::<u64>().ok())
                .flatten()
        })
    };
    let bless = std::env::var_os("CLUSCTL_BLESS").is_some();
    let mut blessed = String::from(
        "# kernel\tlevel\tceiling (callgrind instructions, 256 KiB of checkpoints; CLUSCTL_BLESS=1 cargo bench --bench instructions)\n",
    );
    let mut failures = Vec::new();
    println!();
    println!("| kernel at a forced level | instructions | ceiling | within |");
    println!("|---|---|---|---|");
    for kernel in KERNELS {
        for level in LEVELS {
            let out = dir.join(format!("{kernel}-{level}.out"));
            let status = Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", out.display()))
                .arg(format!(
                    "--toggle-collect=*workload_{}*",
                    kernel.split('-').next().unwrap_or(kernel)
                ))
                .arg(me)
                .args(["--workload", kernel, "--level", level])
                .output()
                .expect("valgrind is installed");
            if !status.status.success() {
                // The level is not there (on this CPU, or under valgrind).
                println!("| {kernel} @ {level} | n/a | - | - |");
                continue;
            }
            let text = std::fs::read_to_string(&out).unwrap();
            let count: u64 = text
                .lines()
                .find_map(|l| {
                    l.strip_prefix("summary: ")
                        .or_else(|| l.strip_prefix("totals: "))
                })
                .and_then(|t| t.split_whitespace().next()?.parse().ok())
                .expect("callgrind wrote a total");
            blessed.push_str(&format!("{kernel}\t{level}\t{}\n", count + count / 10));
            let max = ceiling(kernel, level);
            let ok = max.is_none_or(|m| count <= m);
            println!(
                "| {kernel} @ {level} | {count} | {} | {} |",
                max.map_or("none recorded".to_owned(), |m| m.to_string()),
                if ok { "yes" } else { "**NO**" }
            );
            if !ok {
                failures.push(format!(
                    "{kernel} @ {level}: {count} > {}",
                    max.unwrap_or(0)
                ));
            }
        }
    }
    if bless {
        std::fs::write(file, blessed).unwrap();
        println!("\nceilings written to {file}");
        return;
    }
    assert!(
        failures.is_empty(),
        "instruction ceilings exceeded (a kernel no longer inlined?): {failures:?}"
    );
}
