//! Text forms of control codes: `Display`, `Debug` and `FromStr`.

use core::fmt;
use core::str::FromStr;

use super::{ControlCode, Operation, catalog};
use crate::error::{ParseError, ParseErrorKind};

impl ControlCode {
    /// Parses a catalog name (`CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS`), a
    /// `0x` hexadecimal number (`0x010000B5`) or a decimal number
    /// (`16777397`).
    ///
    /// # Errors
    /// [`ParseErrorKind::Empty`] for empty text, [`ParseErrorKind::InvalidDigit`]
    /// or [`ParseErrorKind::Overflow`] for a malformed or too large number,
    /// [`ParseErrorKind::UnknownName`] otherwise; each with the byte offset.
    ///
    /// ```
    /// use clusctl::ControlCode;
    ///
    /// let a = ControlCode::parse("CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS")?;
    /// let b = ControlCode::parse("0x010000b5")?;
    /// let c = ControlCode::parse("16777397")?;
    /// assert!(a == b && b == c);
    /// assert!(ControlCode::parse("CLUSCTL_NO_SUCH_CODE").is_err());
    /// # Ok::<(), clusctl::ParseError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        match text.as_bytes().first() {
            None => Err(ParseError::new(ParseErrorKind::Empty, 0)),
            Some(b'0'..=b'9') => parse_number(text).map(Self::new),
            Some(_) => Self::from_name(text).ok_or(ParseError::new(ParseErrorKind::UnknownName, 0)),
        }
    }

    /// The name `Display` prints: the canonical name when that name reads
    /// back as this value (not so for the three legacy values, whose names
    /// now mean the current values).
    fn display_name(self) -> Option<&'static str> {
        self.name()
            .filter(|name| catalog::by_name(name).is_some_and(|e| e.code() == self))
    }
}

/// Parses a `0x`-prefixed hexadecimal or a decimal `u32`.
pub(crate) fn parse_number(text: &str) -> Result<u32, ParseError> {
    let bytes = text.as_bytes();
    let (digits, radix, start) = match bytes {
        [b'0', b'x' | b'X', ..] => (bytes.get(2..).unwrap_or_default(), 16, 2),
        _ => (bytes, 10, 0),
    };
    if digits.is_empty() {
        return Err(ParseError::new(ParseErrorKind::InvalidDigit, start));
    }
    let mut value: u32 = 0;
    for (i, &byte) in digits.iter().enumerate() {
        let offset = start + i;
        let digit = char::from(byte)
            .to_digit(radix)
            .ok_or(ParseError::new(ParseErrorKind::InvalidDigit, offset))?;
        value = value
            .checked_mul(radix)
            .and_then(|v| v.checked_add(digit))
            .ok_or(ParseError::new(ParseErrorKind::Overflow, offset))?;
    }
    Ok(value)
}

impl FromStr for ControlCode {
    type Err = ParseError;

    /// See [`ControlCode::parse`].
    fn from_str(text: &str) -> Result<Self, ParseError> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for ControlCode {
    type Error = ParseError;

    /// See [`ControlCode::parse`].
    fn try_from(text: &str) -> Result<Self, ParseError> {
        Self::parse(text)
    }
}

/// The canonical name, or `0x` and eight upper-case hex digits when the
/// value has no name that reads back as itself.
impl fmt::Display for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.display_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#010X}", self.0),
        }
    }
}

/// `ControlCode(0x010000B5 CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS { object:
/// RESOURCE, ... })`: hex, name (if any) and every field.
impl fmt::Debug for ControlCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_fields(f, "ControlCode", *self, true)
    }
}

/// The shared `Debug` layout of [`ControlCode`] and [`Operation`].
fn debug_fields(
    f: &mut fmt::Formatter<'_>,
    type_name: &str,
    code: ControlCode,
    with_object: bool,
) -> fmt::Result {
    if with_object {
        write!(f, "{type_name}({:#010X}", code.value())?;
    } else {
        write!(f, "{type_name}({:#08X}", code.value())?;
    }
    if let Some(entry) = code.catalog_entry() {
        write!(f, " {}", entry.name())?;
        if entry.is_legacy() {
            f.write_str(" [legacy]")?;
        }
    }
    let mut fields = f.debug_struct("");
    if with_object {
        fields.field("object", &code.object());
    }
    fields
        .field("global", &code.is_global())
        .field("modify", &code.is_modify())
        .field("user", &code.is_user())
        .field("internal", &code.is_internal())
        .field("function", &code.function())
        .field("access", &code.access())
        .finish()?;
    f.write_str(")")
}

impl Operation {
    /// Parses a `CLCTL_*` name, a `0x` hexadecimal or a decimal number below
    /// 2^24.
    ///
    /// # Errors
    /// As [`ControlCode::parse`]; a number or name whose value has bits
    /// 24–31 set is [`ParseErrorKind::Overflow`] at byte 0.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let code = ControlCode::parse(text)?;
        Self::new(code.value()).ok_or(ParseError::new(ParseErrorKind::Overflow, 0))
    }
}

impl FromStr for Operation {
    type Err = ParseError;

    /// See [`Operation::parse`].
    fn from_str(text: &str) -> Result<Self, ParseError> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for Operation {
    type Error = ParseError;

    /// See [`Operation::parse`].
    fn try_from(text: &str) -> Result<Self, ParseError> {
        Self::parse(text)
    }
}

/// The canonical `CLCTL_*` name, or `0x` and six upper-case hex digits.
impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ControlCode::from(*self).display_name() {
            Some(name) => f.write_str(name),
            None => write!(f, "{:#08X}", self.0),
        }
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_fields(f, "Operation", ControlCode::from(*self), false)
    }
}
