//! The catalog of named control codes, with provenance.
//!
//! 542 names merged from five public sources (the current Windows SDK as
//! generated into `windows-sys`, the Windows 7 SDK `ClusAPI.h`, mingw-w64's
//! `clusapi.h`, Samba's `clusapi.idl` and Microsoft's per-code pages), plus
//! the three Windows 7 SDK values of `CLCTL_FILESERVER_SHARE_ADD/DEL/MODIFY`
//! kept as *legacy* entries so that old captures still get a name.
//!
//! The table is generated from the TSV files in the repository's `data/`
//! folder; a test fails when the two disagree.
//!
//! Several names can share one value (`CLUSCTL_RESOURCE_RLUA_*` =
//! `CLUSCTL_RESOURCE_NETNAME_*`, four names for `0x02000231`, ...). Each
//! value has one *canonical* name, chosen in this order: a current value
//! before a legacy one, a name in the current SDK first, then the name most
//! sources define, then names that are not pre-release spellings (`RLUA_`,
//! `COLLECTION_`), then alphabetical order.
//!
//! Lookups are hash-table probes over static tables built at compile time:
//! no allocation, usable without `alloc`.
//!
//! ```
//! use clusctl::{ControlCode, catalog};
//!
//! let entry = catalog::by_name("CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS").unwrap();
//! assert_eq!(entry.code(), ControlCode::from(0x010000B5));
//! assert!(entry.sources().contains(catalog::Sources::WINDOWS_SYS));
//! assert_eq!(catalog::by_value(0x02000231).len(), 4);
//! assert_eq!(catalog::entries().len(), 545);
//! ```

use core::fmt;

use super::ControlCode;
use super::table::{BY_NAME, ENTRIES};

/// The public sources that define a catalog name, as a small set.
///
/// ```
/// use clusctl::catalog::Sources;
///
/// let s = Sources::WINDOWS_SYS | Sources::SAMBA;
/// assert!(s.contains(Sources::SAMBA));
/// assert_eq!(s.len(), 2);
/// assert_eq!(s.to_string(), "windows-sys,samba");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Sources(u8);

impl Sources {
    /// The current Windows SDK, as generated into the `windows-sys` crate.
    pub const WINDOWS_SYS: Self = Self(1 << 0);
    /// The Windows 7-era SDK `ClusAPI.h`.
    pub const FSDK: Self = Self(1 << 1);
    /// mingw-w64's `clusapi.h`.
    pub const MINGW_W64: Self = Self(1 << 2);
    /// Samba's `librpc/idl/clusapi.idl`.
    pub const SAMBA: Self = Self(1 << 3);
    /// Microsoft's per-code documentation pages.
    pub const MSDOCS: Self = Self(1 << 4);

    /// Every source, in the order of [`Sources::iter`].
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::WINDOWS_SYS, "windows-sys"),
        (Self::FSDK, "fsdk"),
        (Self::MINGW_W64, "mingw-w64"),
        (Self::SAMBA, "samba"),
        (Self::MSDOCS, "msdocs"),
    ];

    /// The set of no source.
    #[must_use]
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The set with the given bits; bits that name no source are dropped.
    #[must_use]
    pub const fn from_bits_truncate(bits: u8) -> Self {
        Self(bits & 0b1_1111)
    }

    /// The raw bits.
    #[must_use]
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// Whether every source of `other` is in `self`.
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The number of sources in the set.
    #[must_use]
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The short names of the sources in the set (`windows-sys`, `fsdk`,
    /// `mingw-w64`, `samba`, `msdocs`).
    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        Self::ALL
            .into_iter()
            .filter(move |(source, _)| self.contains(*source))
            .map(|(_, name)| name)
    }

    /// The source with the short name `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|(_, n)| *n == name)
            .map(|(source, _)| source)
    }
}

impl core::ops::BitOr for Sources {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

/// Prints the short names separated by commas, as in the data files.
impl fmt::Display for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sources({self})")
    }
}

/// One named value of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CatalogEntry {
    name: &'static str,
    value: u32,
    sources: Sources,
    legacy: bool,
    note: &'static str,
}

impl CatalogEntry {
    pub(super) const fn new(
        name: &'static str,
        value: u32,
        sources: u8,
        legacy: bool,
        note: &'static str,
    ) -> Self {
        Self {
            name,
            value,
            sources: Sources::from_bits_truncate(sources),
            legacy,
            note,
        }
    }

    /// The SDK name, verbatim.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The value.
    #[must_use]
    pub const fn code(&self) -> ControlCode {
        ControlCode::new(self.value)
    }

    /// The sources that define this name with this value.
    #[must_use]
    pub const fn sources(&self) -> Sources {
        self.sources
    }

    /// Whether this is a superseded value from the Windows 7 SDK (the
    /// `FILESERVER_SHARE_ADD/DEL/MODIFY` family), kept so old captures get a
    /// name.
    #[must_use]
    pub const fn is_legacy(&self) -> bool {
        self.legacy
    }

    /// The curator's note from the data files: disagreements between
    /// sources, layout surprises, derivations (may be empty).
    #[must_use]
    pub const fn note(&self) -> &'static str {
        self.note
    }
}

/// Every entry, sorted by value, each value's canonical name first.
#[must_use]
pub fn entries() -> &'static [CatalogEntry] {
    &ENTRIES
}

/// The lookup tables are open-addressing hash tables built at compile time
/// (1024 slots for about 550 keys, so probes are short and an empty slot
/// always ends a search). A slot holds an entry index plus one; 0 is empty.
const SLOTS: usize = 1024;
const SLOT_MASK: usize = SLOTS - 1;

/// A cheap hash of a name: its length, its last eight bytes (names differ
/// most at the end) and bytes 8..16 (past the common `CLUSCTL_`/`CLCTL_`
/// prefix), mixed by a multiplication.
const fn name_hash(name: &[u8]) -> usize {
    let len = name.len();
    let mut h = len as u64;
    let mut i = 0;
    while i < 8 && i < len {
        h = h.rotate_left(8) ^ name[len - 1 - i] as u64;
        i += 1;
    }
    let mut j = 8;
    while j < 16 && j < len {
        h ^= (name[j] as u64) << (8 * (j - 8));
        j += 1;
    }
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize & SLOT_MASK
}

const fn value_hash(value: u32) -> usize {
    ((value as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize & SLOT_MASK
}

const fn build_name_index() -> [u16; SLOTS] {
    let mut table = [0u16; SLOTS];
    let mut k = 0;
    while k < BY_NAME.len() {
        let index = BY_NAME[k];
        let mut slot = name_hash(ENTRIES[index as usize].name.as_bytes());
        while table[slot] != 0 {
            slot = (slot + 1) & SLOT_MASK;
        }
        table[slot] = index + 1;
        k += 1;
    }
    table
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "the catalog has fewer than 65535 entries"
)]
const fn build_value_index() -> [u16; SLOTS] {
    let mut table = [0u16; SLOTS];
    let mut k = 0;
    while k < ENTRIES.len() {
        // Only the first (canonical) entry of each value.
        if k == 0 || ENTRIES[k - 1].value != ENTRIES[k].value {
            let mut slot = value_hash(ENTRIES[k].value);
            while table[slot] != 0 {
                slot = (slot + 1) & SLOT_MASK;
            }
            table[slot] = k as u16 + 1;
        }
        k += 1;
    }
    table
}

// The tables fit their slots and entry indices their u16 cells.
const _: () = assert!(ENTRIES.len() < SLOTS * 3 / 4 && ENTRIES.len() < u16::MAX as usize);
static NAME_INDEX: [u16; SLOTS] = build_name_index();
static VALUE_INDEX: [u16; SLOTS] = build_value_index();

/// Probes `table` from `slot` for the first entry `matches` accepts.
fn probe(
    table: &[u16; SLOTS],
    mut slot: usize,
    matches: impl Fn(&CatalogEntry) -> bool,
) -> Option<usize> {
    loop {
        let index = usize::from(*table.get(slot)?).checked_sub(1)?;
        if ENTRIES.get(index).is_some_and(&matches) {
            return Some(index);
        }
        slot = (slot + 1) & SLOT_MASK;
    }
}

/// The entries of `value`, canonical first; empty when the value has no
/// name.
#[must_use]
pub fn by_value(value: u32) -> &'static [CatalogEntry] {
    let Some(start) = probe(&VALUE_INDEX, value_hash(value), |e| e.value == value) else {
        return &[];
    };
    let rest = ENTRIES.get(start..).unwrap_or_default();
    let len = rest.iter().take_while(|e| e.value == value).count();
    rest.get(..len).unwrap_or_default()
}

/// The entry named `name` (exact, case-sensitive SDK spelling). For the
/// three names with a legacy value, the current entry.
#[must_use]
pub fn by_name(name: &str) -> Option<&'static CatalogEntry> {
    let index = probe(&NAME_INDEX, name_hash(name.as_bytes()), |e| e.name == name)?;
    ENTRIES.get(index)
}

/// An iterator over the names of one value, canonical first
/// ([`ControlCode::aliases`]).
#[derive(Clone, Debug)]
pub struct Names(core::slice::Iter<'static, CatalogEntry>);

impl Names {
    pub(super) fn new(entries: &'static [CatalogEntry]) -> Self {
        Self(entries.iter())
    }
}

impl Iterator for Names {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        self.0.next().map(CatalogEntry::name)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl ExactSizeIterator for Names {}
impl DoubleEndedIterator for Names {
    fn next_back(&mut self) -> Option<&'static str> {
        self.0.next_back().map(CatalogEntry::name)
    }
}
impl core::iter::FusedIterator for Names {}
