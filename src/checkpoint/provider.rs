//! CSP provider types and the well-known Microsoft provider names.

use core::fmt;

/// A CSP provider type (`PROV_*`): an open newtype over `u32`.
///
/// In a checkpoint string it is always written in decimal (`1`, never
/// `PROV_RSA_FULL`); [`Display`](fmt::Display) prints exactly that.
///
/// ```
/// use clusctl::checkpoint::ProviderType;
///
/// assert_eq!(ProviderType::RSA_FULL.get(), 1);
/// assert_eq!(ProviderType::RSA_AES.name(), Some("PROV_RSA_AES"));
/// assert_eq!(ProviderType::new(19).name(), None);
/// assert_eq!(ProviderType::RSA_AES.to_string(), "24");
/// assert!(!ProviderType::new(1000).is_acceptable());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(transparent)]
pub struct ProviderType(u32);

macro_rules! provider_types {
    ($($name:ident = $value:literal,)*) => {
        impl ProviderType {
            $(
                #[doc = concat!("`PROV_", stringify!($name), "` (", stringify!($value), ").")]
                pub const $name: Self = Self($value);
            )*

            /// Every named provider type, in value order.
            pub const NAMED: &'static [Self] = &[$(Self::$name,)*];

            /// The SDK name (`PROV_RSA_FULL`), or `None` for an unnamed value.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(concat!("PROV_", stringify!($name))),)*
                    _ => None,
                }
            }
        }
    };
}

provider_types! {
    RSA_FULL = 1,
    RSA_SIG = 2,
    DSS = 3,
    FORTEZZA = 4,
    MS_EXCHANGE = 5,
    SSL = 6,
    STT_MER = 7,
    STT_ACQ = 8,
    STT_BRND = 9,
    STT_ROOT = 10,
    STT_ISS = 11,
    RSA_SCHANNEL = 12,
    DSS_DH = 13,
    EC_ECDSA_SIG = 14,
    EC_ECNRA_SIG = 15,
    EC_ECDSA_FULL = 16,
    EC_ECNRA_FULL = 17,
    DH_SCHANNEL = 18,
    SPYRUS_LYNKS = 20,
    RNG = 21,
    INTEL_SEC = 22,
    REPLACE_OWF = 23,
    RSA_AES = 24,
}

impl ProviderType {
    /// The range `CryptAcquireContext` accepts.
    pub const ACCEPTABLE: core::ops::RangeInclusive<u32> = 1..=999;

    /// Wraps a raw value.
    #[must_use]
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The raw value.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Whether `CryptAcquireContext` accepts the value (`1..=999`), as
    /// strict checkpoint parsing requires.
    #[must_use]
    pub const fn is_acceptable(self) -> bool {
        self.0 >= 1 && self.0 <= 999
    }

    /// The type looked up by its SDK name, with or without the `PROV_`
    /// prefix (`"PROV_RSA_FULL"`, `"RSA_AES"`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let bare = name.strip_prefix("PROV_").unwrap_or(name);
        Self::NAMED
            .iter()
            .copied()
            .find(|t| t.name().and_then(|n| n.strip_prefix("PROV_")) == Some(bare))
    }
}

impl From<u32> for ProviderType {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl From<ProviderType> for u32 {
    fn from(value: ProviderType) -> Self {
        value.0
    }
}

/// The decimal value, as the checkpoint grammar writes it.
impl fmt::Display for ProviderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for ProviderType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "ProviderType({} {name})", self.0),
            None => write!(f, "ProviderType({})", self.0),
        }
    }
}

/// The well-known Microsoft provider names and the type each belongs to.
pub const KNOWN_PROVIDERS: &[(&str, ProviderType)] = &[
    (
        "Microsoft Base Cryptographic Provider v1.0",
        ProviderType::RSA_FULL,
    ),
    (
        "Microsoft Enhanced Cryptographic Provider v1.0",
        ProviderType::RSA_FULL,
    ),
    (
        "Microsoft Strong Cryptographic Provider",
        ProviderType::RSA_FULL,
    ),
    (
        "Microsoft Base Smart Card Crypto Provider",
        ProviderType::RSA_FULL,
    ),
    (
        "Microsoft Base DSS Cryptographic Provider",
        ProviderType::DSS,
    ),
    (
        "Microsoft Base DSS and Diffie-Hellman Cryptographic Provider",
        ProviderType::DSS_DH,
    ),
    (
        "Microsoft RSA SChannel Cryptographic Provider",
        ProviderType::RSA_SCHANNEL,
    ),
    (
        "Microsoft DH SChannel Cryptographic Provider",
        ProviderType::DH_SCHANNEL,
    ),
    (
        "Microsoft Enhanced RSA and AES Cryptographic Provider",
        ProviderType::RSA_AES,
    ),
];

/// What [`check_provider`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderCheck {
    /// No name: the default provider of the type, which is machine
    /// configuration.
    Default,
    /// A well-known provider of this type.
    Matches,
    /// A well-known provider that belongs to another type.
    WrongType {
        /// The type the provider belongs to.
        expected: ProviderType,
    },
    /// Not a name this crate knows; nothing can be said.
    Unknown,
}

/// Checks a provider name against the well-known Microsoft providers
/// (names compared ignoring ASCII case, as registry key names are).
///
/// ```
/// use clusctl::checkpoint::{ProviderCheck, ProviderType, check_provider};
///
/// let dss = "Microsoft Base DSS Cryptographic Provider";
/// assert_eq!(check_provider(ProviderType::DSS, Some(dss)), ProviderCheck::Matches);
/// assert_eq!(
///     check_provider(ProviderType::RSA_FULL, Some(dss)),
///     ProviderCheck::WrongType { expected: ProviderType::DSS }
/// );
/// assert_eq!(check_provider(ProviderType::RSA_FULL, None), ProviderCheck::Default);
/// assert_eq!(check_provider(ProviderType::RSA_FULL, Some("Contoso CSP")), ProviderCheck::Unknown);
/// ```
#[must_use]
pub fn check_provider(provider_type: ProviderType, name: Option<&str>) -> ProviderCheck {
    let Some(name) = name else {
        return ProviderCheck::Default;
    };
    match known_provider_type(name) {
        None => ProviderCheck::Unknown,
        Some(expected) if expected == provider_type => ProviderCheck::Matches,
        Some(expected) => ProviderCheck::WrongType { expected },
    }
}

/// The type of a well-known provider name, ignoring ASCII case.
#[must_use]
pub fn known_provider_type(name: &str) -> Option<ProviderType> {
    KNOWN_PROVIDERS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, t)| *t)
}
