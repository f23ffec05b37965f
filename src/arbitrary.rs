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

impl<'a> Arbitrary<'a> for crate::checkpoint::ProviderType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u32::arbitrary(u).map(Self::new)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        u32::size_hint(depth)
    }
}

/// Items are arbitrary code-unit strings (unpaired surrogates included);
/// NUL units become U+0001 and empty items are skipped, so every value is
/// one [`MultiSzBuf::from_items`](crate::MultiSzBuf::from_items) accepts.
impl<'a> Arbitrary<'a> for crate::MultiSzBuf {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let items: alloc::vec::Vec<alloc::vec::Vec<u16>> = Arbitrary::arbitrary(u)?;
        let items: alloc::vec::Vec<alloc::vec::Vec<u16>> = items
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(|item| item.into_iter().map(|unit| unit.max(1)).collect())
            .collect();
        Self::from_items(&items).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

/// A strictly valid checkpoint: type in `1..=999`, a name without `\`, a
/// non-empty key, no NUL; built through
/// [`CheckpointBuf::new`](crate::checkpoint::CheckpointBuf::new).
impl<'a> Arbitrary<'a> for crate::checkpoint::CheckpointBuf {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let provider_type = u.int_in_range(1..=999u32)?;
        let name: Option<alloc::string::String> = Arbitrary::arbitrary(u)?;
        let name = name.map(|n| n.replace(['\\', '\0'], "_"));
        let key: alloc::string::String = Arbitrary::arbitrary(u)?;
        let mut key = key.replace('\0', "_");
        if key.is_empty() {
            key.push('K');
        }
        Self::new(
            crate::checkpoint::ProviderType::new(provider_type),
            name.as_deref(),
            &key,
        )
        .map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}
