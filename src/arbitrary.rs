//! `arbitrary::Arbitrary` for the public value types (feature `arbitrary`),
//! always through their validating constructors, so a fuzzer only ever
//! builds values the crate itself could have produced.

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::control_code::{Access, ControlCode, Object, Operation, Parts};

impl<'a> Arbitrary<'a> for ControlCode {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u32::arbitrary(u).map(Self::new)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u32::size_hint(depth)
    }
}

impl<'a> Arbitrary<'a> for Operation {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        ControlCode::arbitrary(u).map(ControlCode::operation)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u32::size_hint(depth)
    }
}

impl<'a> Arbitrary<'a> for Object {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u8::arbitrary(u).map(Self::new)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u8::size_hint(depth)
    }
}

impl<'a> Arbitrary<'a> for Access {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u8::arbitrary(u).map(|bits| Self::from_bits_truncate(bits.into()))
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u8::size_hint(depth)
    }
}

impl<'a> Arbitrary<'a> for Parts {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        ControlCode::arbitrary(u).map(ControlCode::parts)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u32::size_hint(depth)
    }
}
