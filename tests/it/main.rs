//! The one integration-test binary (linked once: it matters on 2 cores).
#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    reason = "tests are std programs that fail loudly"
)]

#[cfg(feature = "alloc")]
mod buffers;
#[cfg(feature = "capture")]
mod capture;
mod catalog;
#[cfg(feature = "alloc")]
mod checkpoint;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "alloc")]
mod clusprop;
mod control_code;
#[cfg(feature = "alloc")]
mod differential;
#[cfg(feature = "arbitrary")]
mod fuzz_replay;
#[cfg(feature = "cli")]
mod installed;
mod multi_sz;
mod oracles;
#[cfg(feature = "alloc")]
mod rpc;
#[cfg(feature = "alloc")]
mod rpc_ndrdump;
mod strategies;
