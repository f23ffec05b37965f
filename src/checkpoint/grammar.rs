//! The `Type\Name\Key` grammar, written once with nom over any input that
//! implements [`Text`]: UTF-8 `&str` (items are `char`s) and UTF-16LE
//! [`Units`] (items are code units, so the separator is the unit 0x005C and
//! no allocator is needed). nom stays inside this module.

use nom::bytes::complete::{take_till, take_while};
use nom::combinator::{all_consuming, rest};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Input, Needed, Parser};

use crate::error::CheckpointErrorKind;
use crate::multi_sz::CodeUnits;

/// How much of the grammar to enforce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Canonical decimal type in `1..=999`, non-empty key.
    Strict,
    /// Leading zeros, any `u32` type and an empty key are tolerated and
    /// reported.
    Lenient,
}

/// An input the grammar runs on.
pub(crate) trait Text: Input + Copy {
    /// Bytes per unit of `input_len` (1 for UTF-8, 2 for UTF-16).
    const UNIT: usize;
    /// The value of an ASCII decimal digit.
    fn digit(item: Self::Item) -> Option<u32>;
    /// Whether the item is `\`.
    fn is_separator(item: Self::Item) -> bool;
    /// Whether the item is NUL.
    fn is_nul(item: Self::Item) -> bool;
}

impl Text for &str {
    const UNIT: usize = 1;

    fn digit(item: char) -> Option<u32> {
        item.is_ascii_digit()
            .then(|| u32::from(item) - u32::from('0'))
    }

    fn is_separator(item: char) -> bool {
        item == '\\'
    }

    fn is_nul(item: char) -> bool {
        item == '\0'
    }
}

/// UTF-16LE code units over a byte slice of even length, any alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Units<'a>(pub(crate) &'a [u8]);

impl<'a> Units<'a> {
    fn at(self, start: usize, end: usize) -> Self {
        Self(self.0.get(2 * start..2 * end).unwrap_or_default())
    }
}

impl<'a> Input for Units<'a> {
    type Item = u16;
    type Iter = CodeUnits<'a>;
    type IterIndices = core::iter::Enumerate<CodeUnits<'a>>;

    fn input_len(&self) -> usize {
        self.0.len() / 2
    }

    fn take(&self, index: usize) -> Self {
        self.at(0, index.min(self.input_len()))
    }

    fn take_from(&self, index: usize) -> Self {
        self.at(index.min(self.input_len()), self.input_len())
    }

    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }

    fn position<P: Fn(u16) -> bool>(&self, predicate: P) -> Option<usize> {
        self.iter_elements().position(predicate)
    }

    fn iter_elements(&self) -> CodeUnits<'a> {
        crate::multi_sz::Utf16LeStr::new_unchecked_at(self.0, 0).code_units()
    }

    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }

    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        let len = self.input_len();
        if count <= len {
            Ok(count)
        } else {
            Err(Needed::new(count - len))
        }
    }
}

impl Text for Units<'_> {
    const UNIT: usize = 2;

    fn digit(item: u16) -> Option<u32> {
        (u16::from(b'0')..=u16::from(b'9'))
            .contains(&item)
            .then(|| u32::from(item) - u32::from(b'0'))
    }

    fn is_separator(item: u16) -> bool {
        item == 0x005C
    }

    fn is_nul(item: u16) -> bool {
        item == 0
    }
}

/// The crate-private nom error: our kind and the input where it happened.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GrammarError<I> {
    pub(crate) kind: CheckpointErrorKind,
    pub(crate) at: I,
}

impl<I> ParseError<I> for GrammarError<I> {
    fn from_error_kind(at: I, _: ErrorKind) -> Self {
        // Only reached when `all_consuming` finds input left, which `rest`
        // makes impossible; report it as the nearest grammar fault.
        Self {
            kind: CheckpointErrorKind::MissingKeySeparator,
            at,
        }
    }

    fn append(_: I, _: ErrorKind, other: Self) -> Self {
        other
    }
}

fn fail<I, O>(kind: CheckpointErrorKind, at: I) -> IResult<I, O, GrammarError<I>> {
    Err(nom::Err::Error(GrammarError { kind, at }))
}

/// What a tolerated deviation was, for lenient parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CheckpointDeviation {
    /// The provider type has leading zeros (`01`).
    LeadingZeros,
    /// The provider type is outside `1..=999`.
    TypeOutOfRange,
    /// The key container name is empty.
    EmptyKey,
}

/// The parts of a checkpoint, as sub-inputs of the parsed text, and what
/// was tolerated.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Raw<I> {
    pub(crate) type_digits: I,
    pub(crate) provider_type: u32,
    pub(crate) name: I,
    pub(crate) key: I,
    /// Deviations tolerated in lenient mode, at most one of each.
    pub(crate) deviations: [Option<CheckpointDeviation>; 3],
}

/// `type = 1*DIGIT`, then the `\` that ends it.
fn provider_type<I: Text>(input: I) -> IResult<I, I, GrammarError<I>> {
    let (after, digits) = take_while(|c| I::digit(c).is_some()).parse(input)?;
    // What follows the digits: nothing, the separator, or something else.
    let next = after.iter_elements().next().map(I::is_separator);
    match (digits.input_len(), next) {
        (0, None | Some(true)) => fail(CheckpointErrorKind::EmptyType, input),
        (0, Some(false)) => fail(CheckpointErrorKind::InvalidTypeDigit, input),
        (_, None) => fail(CheckpointErrorKind::MissingNameSeparator, after),
        (_, Some(true)) => Ok((after.take_from(1), digits)),
        (_, Some(false)) => fail(CheckpointErrorKind::InvalidTypeDigit, after),
    }
}

/// `name = *(char except "\")`, then the `\` that ends it.
fn provider_name<I: Text>(input: I) -> IResult<I, I, GrammarError<I>> {
    let (after, name) = take_till(|c| I::is_separator(c)).parse(input)?;
    if after.input_len() == 0 {
        return fail(CheckpointErrorKind::MissingKeySeparator, after);
    }
    Ok((after.take_from(1), name))
}

/// The value of the type digits (which start `whole`), refusing overflow at
/// the digit that overflows.
fn type_value<I: Text>(whole: I, digits: I) -> Result<u32, GrammarError<I>> {
    let mut value: u32 = 0;
    for (i, c) in digits.iter_indices() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(I::digit(c).unwrap_or(0)))
            .ok_or(GrammarError {
                kind: CheckpointErrorKind::TypeOverflow,
                at: whole.take_from(i),
            })?;
    }
    Ok(value)
}

/// Parses a whole checkpoint string.
pub(crate) fn checkpoint<I: Text>(input: I, mode: Mode) -> Result<Raw<I>, GrammarError<I>> {
    if let Some(nul) = input.position(I::is_nul) {
        return Err(GrammarError {
            kind: CheckpointErrorKind::Nul,
            at: input.take_from(nul),
        });
    }
    let (_, (type_digits, name, key)) = all_consuming((provider_type, provider_name, rest))
        .parse(input)
        .map_err(|e| match e {
            nom::Err::Error(e) | nom::Err::Failure(e) => e,
            // Only complete parsers are used: treat the impossible as the
            // end of input.
            nom::Err::Incomplete(_) => GrammarError {
                kind: CheckpointErrorKind::MissingKeySeparator,
                at: input.take_from(input.input_len()),
            },
        })?;
    let provider_type = type_value(input, type_digits)?;
    let mut deviations = [None; 3];
    let leading_zero = type_digits.input_len() > 1
        && type_digits.iter_elements().next().and_then(I::digit) == Some(0);
    let in_range = (1..=999).contains(&provider_type);
    let checks = [
        // The type starts the input; the key ends it.
        (
            leading_zero,
            CheckpointDeviation::LeadingZeros,
            CheckpointErrorKind::LeadingZero,
            input,
        ),
        (
            !in_range,
            CheckpointDeviation::TypeOutOfRange,
            CheckpointErrorKind::TypeOutOfRange,
            input,
        ),
        (
            key.input_len() == 0,
            CheckpointDeviation::EmptyKey,
            CheckpointErrorKind::EmptyKey,
            key,
        ),
    ];
    for (slot, (found, deviation, kind, at)) in deviations.iter_mut().zip(checks) {
        if found {
            match mode {
                Mode::Strict => return Err(GrammarError { kind, at }),
                Mode::Lenient => *slot = Some(deviation),
            }
        }
    }
    Ok(Raw {
        type_digits,
        provider_type,
        name,
        key,
        deviations,
    })
}

/// Validates a registry key path relative to HKLM: not empty, no leading
/// `\`, no empty component, no NUL. Returns the failing kind and where.
pub(crate) fn registry_path<I: Text>(
    input: I,
) -> Result<(), (crate::error::RegistryPathErrorKind, I)> {
    use crate::error::RegistryPathErrorKind as K;
    if let Some(nul) = input.position(I::is_nul) {
        return Err((K::Nul, input.take_from(nul)));
    }
    if input.input_len() == 0 {
        return Err((K::Empty, input));
    }
    let mut previous_was_separator = true;
    for (i, c) in input.iter_indices() {
        let separator = I::is_separator(c);
        if separator && previous_was_separator {
            let kind = if i == 0 {
                K::LeadingSeparator
            } else {
                K::EmptyComponent
            };
            return Err((kind, input.take_from(i)));
        }
        previous_was_separator = separator;
    }
    if previous_was_separator {
        return Err((K::EmptyComponent, input.take_from(input.input_len())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::rust_2024::*;

    fn units(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn units_input_slices_by_code_unit() {
        let bytes = units("a\\bc");
        let u = Units(&bytes);
        assert_eq!(u.input_len(), 4);
        assert_eq!(u.slice_index(2), Ok(2));
        assert_eq!(u.slice_index(4), Ok(4));
        assert_eq!(u.slice_index(6), Err(Needed::new(2)));
        assert_eq!(u.take(1).0, &bytes[..2]);
        assert_eq!(u.take_from(3).0, &bytes[6..]);
        assert_eq!(u.take_from(9).0, &[] as &[u8]);
        let (rest, head) = u.take_split(2);
        assert_eq!((head.0, rest.0), (&bytes[..4], &bytes[4..]));
        assert_eq!(u.position(|c| c == u16::from(b'\\')), Some(1));
        assert_eq!(u.iter_indices().nth(2), Some((2, u16::from(b'b'))));
    }

    #[test]
    fn a_nul_unit_is_refused_where_it_is() {
        let bytes = [units("1\\\\K"), vec![0, 0], units("ey")].concat();
        let err = checkpoint(Units(&bytes), Mode::Lenient).unwrap_err();
        assert_eq!(err.kind, CheckpointErrorKind::Nul);
        assert_eq!(err.at.0.len(), 6);
    }
}
