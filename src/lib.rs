#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// docs.rs (`--cfg docsrs`, nightly): `doc_cfg` now also marks every
// `#[cfg(feature = ...)]` item with its feature automatically (the old
// `doc_auto_cfg` was folded into it), so no per-item `doc(cfg(...))` is
// needed; `.ci/run` checks a badge is rendered.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "arbitrary")]
mod arbitrary;
pub mod buffers;
#[cfg(feature = "capture")]
pub mod capture;
pub mod checkpoint;
pub mod clusprop;
pub mod control_code;
pub mod error;
pub mod multi_sz;
pub mod rpc;
#[rustfmt::skip]
pub mod codes;

pub use control_code::catalog;
pub use control_code::{Access, ControlCode, Object, Operation, Parts};
pub use error::{
    CheckpointErrorKind, ClusPropErrorKind, DecodeError, DecodeErrorKind, EncodeError,
    EncodeErrorKind, ParseError, ParseErrorKind, RegistryPathErrorKind, RpcErrorKind,
};
#[cfg(feature = "alloc")]
pub use multi_sz::MultiSzBuf;
pub use multi_sz::{MultiSz, Utf16LeStr};
