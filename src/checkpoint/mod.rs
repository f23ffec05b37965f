//! Crypto and registry checkpoints: the `Type\Name\Key` grammar and the
//! registry key paths.
//!
//! # Crypto checkpoints (MS-CMRP 3.1.1.1.1.1)
//!
//! ```text
//! checkpoint = type "\" name "\" key
//! type       = 1*DIGIT                ; the CSP provider type in decimal
//! name       = *(CHAR except "\")     ; empty: the default CSP of the type
//! key        = *CHAR                  ; the key container; may contain "\"
//! CHAR       = any character except NUL
//! ```
//!
//! Type ends at the first `\`, Name at the second, Key is the rest of the
//! string (a smart-card container looks like `\\.\Reader 0\Container`).
//!
//! | rule | strict ([`Checkpoint::parse`]) | lenient ([`Checkpoint::parse_lenient`]) |
//! |---|---|---|
//! | type digits | canonical decimal: no sign, no space, no leading zero | leading zeros tolerated ([`CheckpointDeviation::LeadingZeros`]) |
//! | type value | `1..=999` (what `CryptAcquireContext` accepts) | any `u32` ([`CheckpointDeviation::TypeOutOfRange`]) |
//! | key | non-empty | may be empty ([`CheckpointDeviation::EmptyKey`]) |
//! | NUL anywhere | error | error |
//!
//! An empty name is kept as "no name" ([`Checkpoint::provider_name`] is
//! `None`): it means the machine's default provider of the type, and no name
//! is ever substituted. The accepted text is kept exactly, so printing a
//! parsed checkpoint gives back the same bytes (DELETE must resend exactly
//! what ADD stored).
//!
//! Errors carry the byte offset in the text for `&str` input, and the byte
//! offset in the original buffer for UTF-16 input ([`Utf16Checkpoint`]).
//!
//! ```
//! use clusctl::checkpoint::{Checkpoint, ProviderType};
//!
//! let c = Checkpoint::parse(r"1\\\\.\Reader 0\Container")?;
//! assert_eq!(c.provider_type(), ProviderType::RSA_FULL);
//! assert_eq!(c.provider_name(), None);
//! assert_eq!(c.key_container(), r"\\.\Reader 0\Container");
//! assert_eq!(c.to_string(), r"1\\\\.\Reader 0\Container");
//! # Ok::<(), clusctl::ParseError>(())
//! ```
//!
//! # Registry checkpoints
//!
//! A key path relative to `HKEY_LOCAL_MACHINE`: `key *("\" key)` with
//! non-empty key names, so no leading `\`, no `\\`, no trailing `\`
//! ([`RegistryKeyPath`], [`Utf16RegistryKeyPath`]).

mod grammar;
mod provider;

pub use grammar::CheckpointDeviation;
pub use provider::{
    KNOWN_PROVIDERS, ProviderCheck, ProviderType, check_provider, known_provider_type,
};

use core::fmt;

use grammar::{GrammarError, Mode, Raw, Text, Units};

use crate::error::{DecodeError, DecodeErrorKind, ParseError, ParseErrorKind};
use crate::multi_sz::Utf16LeStr;

#[cfg(feature = "alloc")]
use alloc::string::String;

/// The byte offset of `at` inside `whole` (both from the same input).
fn offset_in<I: Text>(whole: I, at: I) -> usize {
    whole.input_len().saturating_sub(at.input_len()) * I::UNIT
}

/// Up to three deviations, at most one of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
struct Deviations([Option<CheckpointDeviation>; 3]);

impl Deviations {
    fn iter(self) -> impl Iterator<Item = CheckpointDeviation> {
        self.0.into_iter().flatten()
    }

    fn is_empty(self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// A crypto checkpoint borrowed from UTF-8 text.
///
/// ```
/// use clusctl::checkpoint::{Checkpoint, CheckpointDeviation};
/// use clusctl::{CheckpointErrorKind, ParseErrorKind};
///
/// let c = Checkpoint::parse(r"24\Microsoft Enhanced RSA and AES Cryptographic Provider\B")?;
/// assert_eq!(c.provider_type().get(), 24);
/// assert_eq!(c.provider_name(), Some("Microsoft Enhanced RSA and AES Cryptographic Provider"));
/// assert_eq!(c.key_container(), "B");
///
/// let err = Checkpoint::parse(r"PROV_RSA_FULL\\Key").unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::Checkpoint(CheckpointErrorKind::InvalidTypeDigit));
/// assert_eq!(err.offset(), 0);
///
/// let lenient = Checkpoint::parse_lenient(r"001\\")?;
/// assert_eq!(lenient.to_string(), r"001\\"); // kept exactly
/// assert_eq!(
///     lenient.deviations().collect::<Vec<_>>(),
///     [CheckpointDeviation::LeadingZeros, CheckpointDeviation::EmptyKey]
/// );
/// # Ok::<(), clusctl::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Checkpoint<'a> {
    text: &'a str,
    type_digits: &'a str,
    provider_type: ProviderType,
    name: &'a str,
    key: &'a str,
    deviations: Deviations,
}

impl<'a> Checkpoint<'a> {
    fn from_raw(text: &'a str, raw: Raw<&'a str>) -> Self {
        Self {
            text,
            type_digits: raw.type_digits,
            provider_type: ProviderType::new(raw.provider_type),
            name: raw.name,
            key: raw.key,
            deviations: Deviations(raw.deviations),
        }
    }

    fn parse_mode(text: &'a str, mode: Mode) -> Result<Self, ParseError> {
        grammar::checkpoint(text, mode)
            .map(|raw| Self::from_raw(text, raw))
            .map_err(|GrammarError { kind, at }| {
                ParseError::new(ParseErrorKind::Checkpoint(kind), offset_in(text, at))
            })
    }

    /// Parses a checkpoint strictly.
    ///
    /// # Errors
    /// [`ParseErrorKind::Checkpoint`] with the
    /// [kind](crate::CheckpointErrorKind) and the byte offset in `text`.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        Self::parse_mode(text, Mode::Strict)
    }

    /// Parses a checkpoint leniently (see the [module docs](self)); what was
    /// tolerated is in [`Checkpoint::deviations`].
    ///
    /// # Errors
    /// As [`Checkpoint::parse`], for what even lenient parsing refuses: a
    /// missing separator, a non-digit or overflowing type, a NUL.
    pub fn parse_lenient(text: &'a str) -> Result<Self, ParseError> {
        Self::parse_mode(text, Mode::Lenient)
    }

    /// The whole text, exactly as parsed.
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The provider type.
    #[must_use]
    pub const fn provider_type(&self) -> ProviderType {
        self.provider_type
    }

    /// The provider type's digits exactly as written (`"001"` stays
    /// `"001"`).
    #[must_use]
    pub const fn type_text(&self) -> &'a str {
        self.type_digits
    }

    /// The provider name, or `None` when it was omitted (the default
    /// provider of the type).
    #[must_use]
    pub fn provider_name(&self) -> Option<&'a str> {
        (!self.name.is_empty()).then_some(self.name)
    }

    /// The key container name (may contain `\`; empty only after lenient
    /// parsing).
    #[must_use]
    pub const fn key_container(&self) -> &'a str {
        self.key
    }

    /// What lenient parsing tolerated (nothing after strict parsing).
    pub fn deviations(&self) -> impl Iterator<Item = CheckpointDeviation> {
        self.deviations.iter()
    }

    /// Whether the text follows the strict grammar.
    #[must_use]
    pub fn is_strict(&self) -> bool {
        self.deviations.is_empty()
    }

    /// Checks the provider name against the well-known Microsoft providers.
    #[must_use]
    pub fn check_provider(&self) -> ProviderCheck {
        check_provider(self.provider_type, self.provider_name())
    }

    /// An owned copy (the text is kept exactly).
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn to_buf(&self) -> CheckpointBuf {
        CheckpointBuf {
            text: String::from(self.text),
            type_len: self.type_digits.len(),
            name_len: self.name.len(),
            provider_type: self.provider_type,
            deviations: self.deviations,
        }
    }
}

/// The text exactly as parsed.
impl fmt::Display for Checkpoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl<'a> TryFrom<&'a str> for Checkpoint<'a> {
    type Error = ParseError;

    /// See [`Checkpoint::parse`].
    fn try_from(text: &'a str) -> Result<Self, ParseError> {
        Self::parse(text)
    }
}

/// A crypto checkpoint borrowed from a UTF-16LE string, split on the code
/// unit 0x005C without an allocator. Its parts are [`Utf16LeStr`]s that
/// keep their byte offsets in the original buffer.
///
/// ```
/// use clusctl::checkpoint::Utf16Checkpoint;
/// use clusctl::multi_sz::Utf16LeStr;
///
/// let bytes: Vec<u8> = r"1\\MyKey".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// let c = Utf16Checkpoint::decode(Utf16LeStr::from_bytes(&bytes)?)?;
/// assert_eq!(c.provider_type().get(), 1);
/// assert!(c.provider_name().is_none());
/// assert!(c.key_container() == "MyKey");
/// assert_eq!(c.key_container().offset(), 6);
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Utf16Checkpoint<'a> {
    text: Utf16LeStr<'a>,
    type_digits: Utf16LeStr<'a>,
    provider_type: ProviderType,
    name: Utf16LeStr<'a>,
    key: Utf16LeStr<'a>,
    deviations: Deviations,
}

impl<'a> Utf16Checkpoint<'a> {
    fn decode_mode(text: Utf16LeStr<'a>, mode: Mode) -> Result<Self, DecodeError> {
        let whole = Units(text.as_bytes());
        let raw = grammar::checkpoint(whole, mode).map_err(|GrammarError { kind, at }| {
            DecodeError::new(
                DecodeErrorKind::Checkpoint(kind),
                text.offset() + offset_in(whole, at),
            )
        })?;
        // The parts follow each other, one separator unit apart.
        let part = |units: Units<'a>, start: usize| {
            Utf16LeStr::new_unchecked_at(units.0, text.offset() + start)
        };
        let name_start = raw.type_digits.0.len() + 2;
        let key_start = name_start + raw.name.0.len() + 2;
        Ok(Self {
            text,
            type_digits: part(raw.type_digits, 0),
            provider_type: ProviderType::new(raw.provider_type),
            name: part(raw.name, name_start),
            key: part(raw.key, key_start),
            deviations: Deviations(raw.deviations),
        })
    }

    /// Decodes one UTF-16 string strictly.
    ///
    /// # Errors
    /// [`DecodeErrorKind::Checkpoint`] with the
    /// [kind](crate::CheckpointErrorKind) and the byte offset in the buffer
    /// `text` was taken from.
    pub fn decode(text: Utf16LeStr<'a>) -> Result<Self, DecodeError> {
        Self::decode_mode(text, Mode::Strict)
    }

    /// Decodes one UTF-16 string leniently.
    ///
    /// # Errors
    /// As [`Utf16Checkpoint::decode`], for what lenient parsing refuses.
    pub fn decode_lenient(text: Utf16LeStr<'a>) -> Result<Self, DecodeError> {
        Self::decode_mode(text, Mode::Lenient)
    }

    /// The whole string, exactly as decoded.
    #[must_use]
    pub const fn as_utf16(&self) -> Utf16LeStr<'a> {
        self.text
    }

    /// The provider type.
    #[must_use]
    pub const fn provider_type(&self) -> ProviderType {
        self.provider_type
    }

    /// The provider type's digits exactly as written.
    #[must_use]
    pub const fn type_text(&self) -> Utf16LeStr<'a> {
        self.type_digits
    }

    /// The provider name, or `None` when omitted (the default provider).
    #[must_use]
    pub fn provider_name(&self) -> Option<Utf16LeStr<'a>> {
        (!self.name.is_empty()).then_some(self.name)
    }

    /// The key container name.
    #[must_use]
    pub const fn key_container(&self) -> Utf16LeStr<'a> {
        self.key
    }

    /// What lenient decoding tolerated.
    pub fn deviations(&self) -> impl Iterator<Item = CheckpointDeviation> {
        self.deviations.iter()
    }

    /// Whether the string follows the strict grammar.
    #[must_use]
    pub fn is_strict(&self) -> bool {
        self.deviations.is_empty()
    }

    /// The checkpoint as owned UTF-8.
    ///
    /// # Errors
    /// [`DecodeErrorKind::UnpairedSurrogate`] with its offset in the buffer.
    #[cfg(feature = "alloc")]
    pub fn to_buf(&self) -> Result<CheckpointBuf, DecodeError> {
        Ok(CheckpointBuf {
            text: self.text.to_string()?,
            type_len: self.type_digits.len(),
            name_len: utf8_len(self.name)?,
            provider_type: self.provider_type,
            deviations: self.deviations,
        })
    }
}

/// The byte length of a UTF-16 string once in UTF-8.
#[cfg(feature = "alloc")]
fn utf8_len(s: Utf16LeStr<'_>) -> Result<usize, DecodeError> {
    s.chars().try_fold(0, |n, c| c.map(|c| n + c.len_utf8()))
}

/// Lossy: unpaired surrogates print as U+FFFD.
impl fmt::Display for Utf16Checkpoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.text, f)
    }
}

/// An owned crypto checkpoint (feature `alloc`).
///
/// `FromStr` parses strictly; [`CheckpointBuf::new`] builds one from its
/// parts. `Display` prints the text, which for a checkpoint built or parsed
/// strictly is the canonical form `type\name\key` with the type in plain
/// decimal, so `parse(display(c)) == c`.
///
/// ```
/// use clusctl::checkpoint::{CheckpointBuf, ProviderType};
///
/// let c = CheckpointBuf::new(ProviderType::RSA_FULL, None, r"\\.\Reader 0\Container")?;
/// assert_eq!(c.to_string(), r"1\\\\.\Reader 0\Container");
/// assert_eq!(c.to_string().parse::<CheckpointBuf>()?, c);
/// # Ok::<(), clusctl::ParseError>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckpointBuf {
    text: String,
    type_len: usize,
    name_len: usize,
    provider_type: ProviderType,
    deviations: Deviations,
}

#[cfg(feature = "alloc")]
impl CheckpointBuf {
    /// Builds a checkpoint from its parts; `provider_name` `None` (or empty)
    /// means the default provider of the type.
    ///
    /// # Errors
    /// [`ParseErrorKind::Checkpoint`] when the parts do not make a strictly
    /// valid checkpoint (type outside `1..=999`, `\` in the name, empty key,
    /// NUL), with the offset in the canonical text.
    pub fn new(
        provider_type: ProviderType,
        provider_name: Option<&str>,
        key_container: &str,
    ) -> Result<Self, ParseError> {
        use core::fmt::Write as _;
        let mut text = String::new();
        let _ = write!(
            text,
            "{}\\{}\\{}",
            provider_type,
            provider_name.unwrap_or(""),
            key_container
        );
        let parsed = Checkpoint::parse(&text)?;
        let (type_len, name_len) = (parsed.type_digits.len(), parsed.name.len());
        // A `\` in the name moves the second separator: the parts must come
        // back as given.
        if parsed.name != provider_name.unwrap_or("") {
            let offset = type_len + 1 + parsed.name.len();
            return Err(ParseError::new(
                ParseErrorKind::Checkpoint(crate::CheckpointErrorKind::MissingKeySeparator),
                offset,
            ));
        }
        Ok(Self {
            type_len,
            name_len,
            provider_type,
            deviations: Deviations::default(),
            text,
        })
    }

    /// The borrowed view.
    #[must_use]
    pub fn as_checkpoint(&self) -> Checkpoint<'_> {
        let text = self.text.as_str();
        let name_start = self.type_len + 1;
        let key_start = name_start + self.name_len + 1;
        Checkpoint {
            text,
            type_digits: text.get(..self.type_len).unwrap_or_default(),
            provider_type: self.provider_type,
            name: text
                .get(name_start..name_start + self.name_len)
                .unwrap_or_default(),
            key: text.get(key_start..).unwrap_or_default(),
            deviations: self.deviations,
        }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The provider type.
    #[must_use]
    pub const fn provider_type(&self) -> ProviderType {
        self.provider_type
    }

    /// The provider name, or `None` for the default provider.
    #[must_use]
    pub fn provider_name(&self) -> Option<&str> {
        self.as_checkpoint().provider_name()
    }

    /// The key container name.
    #[must_use]
    pub fn key_container(&self) -> &str {
        self.as_checkpoint().key_container()
    }
}

#[cfg(feature = "alloc")]
impl core::str::FromStr for CheckpointBuf {
    type Err = ParseError;

    /// Parses strictly; see [`Checkpoint::parse`].
    fn from_str(text: &str) -> Result<Self, ParseError> {
        Checkpoint::parse(text).map(|c| c.to_buf())
    }
}

#[cfg(feature = "alloc")]
impl fmt::Display for CheckpointBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A registry checkpoint key path borrowed from UTF-8 text: relative to
/// `HKEY_LOCAL_MACHINE`, no leading `\`, no empty key name.
///
/// ```
/// use clusctl::checkpoint::RegistryKeyPath;
/// use clusctl::{ParseErrorKind, RegistryPathErrorKind};
///
/// assert!(RegistryKeyPath::parse(r"SOFTWARE\Contoso\App").is_ok());
/// let err = RegistryKeyPath::parse(r"SOFTWARE\\App").unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::RegistryPath(RegistryPathErrorKind::EmptyComponent));
/// assert_eq!(err.offset(), 9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegistryKeyPath<'a>(&'a str);

impl<'a> RegistryKeyPath<'a> {
    /// Validates a key path.
    ///
    /// # Errors
    /// [`ParseErrorKind::RegistryPath`] with the kind and byte offset.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        grammar::registry_path(text)
            .map(|()| Self(text))
            .map_err(|(kind, at)| {
                ParseError::new(ParseErrorKind::RegistryPath(kind), offset_in(text, at))
            })
    }

    /// The path.
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.0
    }

    /// The key names, in order.
    pub fn components(&self) -> impl Iterator<Item = &'a str> {
        self.0.split('\\')
    }
}

impl fmt::Display for RegistryKeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A registry checkpoint key path borrowed from a UTF-16LE string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Utf16RegistryKeyPath<'a>(Utf16LeStr<'a>);

impl<'a> Utf16RegistryKeyPath<'a> {
    /// Validates a key path.
    ///
    /// # Errors
    /// [`DecodeErrorKind::RegistryPath`] with the kind and the byte offset
    /// in the buffer `text` was taken from.
    pub fn decode(text: Utf16LeStr<'a>) -> Result<Self, DecodeError> {
        let whole = Units(text.as_bytes());
        grammar::registry_path(whole)
            .map(|()| Self(text))
            .map_err(|(kind, at)| {
                DecodeError::new(
                    DecodeErrorKind::RegistryPath(kind),
                    text.offset() + offset_in(whole, at),
                )
            })
    }

    /// The path.
    #[must_use]
    pub const fn as_utf16(&self) -> Utf16LeStr<'a> {
        self.0
    }
}

/// Lossy: unpaired surrogates print as U+FFFD.
impl fmt::Display for Utf16RegistryKeyPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Encoding support: checkpoints and key paths are multi-string items.
mod items {
    use super::{Checkpoint, RegistryKeyPath, Utf16Checkpoint, Utf16RegistryKeyPath};
    use crate::multi_sz::Item;
    use crate::multi_sz::encode::sealed::Sealed;

    macro_rules! item_via {
        ($ty:ty, |$v:ident| $inner:expr $(, $utf8:ident)?) => {
            impl Sealed for $ty {}
            impl Item for $ty {
                fn utf16_len(&self) -> usize {
                    let $v = self;
                    Item::utf16_len(&$inner)
                }

                fn write_utf16le(&self, out: &mut [u8]) -> Result<usize, usize> {
                    let $v = self;
                    Item::write_utf16le(&$inner, out)
                }

                $(
                    fn utf16_len_bound(&self) -> usize {
                        let $v = self;
                        Item::utf16_len_bound($inner)
                    }

                    /// The text, for the list encoder's own kernel.
                    fn $utf8(&self) -> Option<&str> {
                        let $v = self;
                        Some($inner)
                    }
                )?
            }
        };
    }

    item_via!(Checkpoint<'_>, |c| c.as_str(), as_utf8);
    item_via!(Utf16Checkpoint<'_>, |c| c.as_utf16());
    item_via!(RegistryKeyPath<'_>, |p| p.as_str(), as_utf8);
    item_via!(Utf16RegistryKeyPath<'_>, |p| p.as_utf16());
    #[cfg(feature = "alloc")]
    item_via!(super::CheckpointBuf, |c| c.as_str(), as_utf8);
}
