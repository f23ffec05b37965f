//! Bench inputs, generated (deterministically) outside the timed code.

/// A deterministic xorshift generator.
#[derive(Debug)]
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// The next value.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn guid(rng: &mut Rng) -> String {
    let a = rng.next();
    let b = rng.next();
    format!(
        "{{{:08X}-{:04X}-{:04X}-{:04X}-{:012X}}}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// About `bytes` bytes of realistic checkpoint strings; with `non_ascii`,
/// about 10% of the characters are not ASCII.
pub(crate) fn checkpoints(bytes: usize, non_ascii: bool) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::new();
    let mut total = 2;
    let providers = [
        "Microsoft Enhanced Cryptographic Provider v1.0",
        "Microsoft Enhanced RSA and AES Cryptographic Provider",
        "",
    ];
    while total < bytes {
        let n = rng.next();
        let provider = providers[(n % 3) as usize];
        let ty = if provider.contains("AES") { 24 } else { 1 };
        let key = if non_ascii {
            // About 10% of the ~95 characters: "Schlüssel-ключ-鍵" adds 7
            // non-ASCII characters, one in every few strings an emoji.
            let extra = if n.is_multiple_of(5) {
                " \u{1F511}"
            } else {
                ""
            };
            format!(
                "Schl\u{fc}ssel-\u{43a}\u{43b}\u{44e}\u{447}-\u{9375}{extra}-{}",
                guid(&mut rng)
            )
        } else {
            guid(&mut rng)
        };
        let s = format!("{ty}\\{provider}\\{key}");
        total += 2 * (s.encode_utf16().count() + 1);
        out.push(s);
    }
    out
}

/// Three short checkpoint strings.
pub(crate) fn three() -> Vec<String> {
    vec![
        r"1\Microsoft Enhanced Cryptographic Provider v1.0\{6E3F2C1A-8B4D-4F2E-9A61-0C7B5D3E2F10}"
            .to_owned(),
        r"1\\SQLServerKey".to_owned(),
        r"24\Microsoft Enhanced RSA and AES Cryptographic Provider\B".to_owned(),
    ]
}

/// The multi-string encoding of `items`, placed at an offset of `skew`
/// bytes inside its buffer (1 gives an odd, unaligned address).
#[derive(Debug)]
pub(crate) struct Placed {
    buf: Vec<u8>,
    skew: usize,
}

impl Placed {
    /// Encodes `items` at `skew` bytes into a new buffer.
    pub(crate) fn new(items: &[String], skew: usize) -> Self {
        let mut buf = vec![0u8; skew];
        for s in items {
            buf.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            buf.extend([0, 0]);
        }
        buf.extend([0, 0]);
        Self { buf, skew }
    }

    /// The encoded bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.buf[self.skew..]
    }
}

/// Every input: (name, strings, skew).
pub(crate) fn all() -> Vec<(String, Vec<String>, usize)> {
    let mut out = Vec::new();
    for (kind, items) in [
        ("ascii-1MiB", checkpoints(1 << 20, false)),
        ("mixed-1MiB", checkpoints(1 << 20, true)),
        ("three", three()),
    ] {
        for (place, skew) in [("aligned", 0), ("unaligned", 1)] {
            out.push((format!("{kind}-{place}"), items.clone(), skew));
        }
    }
    out
}

/// About `bytes` bytes of CJK words separated by ASCII spaces, each word
/// starting with a character whose low byte is zero (U+4E00 "一" and the
/// like): `20 00 00 4E` puts an odd-offset `00 00` every few bytes, the
/// adversarial case for a byte-pair search such as memmem.
pub(crate) fn cjk_spaces(bytes: usize) -> Vec<String> {
    let mut rng = Rng(0xC0FF_EE00_D15E_A5E5);
    let starts = [
        '\u{4E00}', '\u{5000}', '\u{5100}', '\u{5B00}', '\u{6C00}', '\u{7A00}',
    ];
    let mut out = Vec::new();
    let mut total = 2;
    while total < bytes {
        let mut s = String::new();
        while s.chars().count() < 90 {
            let n = rng.next();
            if !s.is_empty() {
                s.push(' ');
            }
            s.push(starts[(n % 6) as usize]);
            for k in 0..(n >> 8) % 3 {
                s.push(char::from_u32(0x4E01 + ((n >> (16 + 8 * k)) & 0x3FF) as u32).unwrap());
            }
        }
        total += 2 * (s.encode_utf16().count() + 1);
        out.push(s);
    }
    out
}

/// The inputs added in the second performance round (issue 12): the
/// adversarial input for memmem and one beyond the caches.
pub(crate) fn extra() -> Vec<(String, Vec<String>, usize)> {
    vec![
        (
            "cjk-spaces-1MiB-unaligned".to_owned(),
            cjk_spaces(1 << 20),
            1,
        ),
        (
            "ascii-64MiB-aligned".to_owned(),
            checkpoints(64 << 20, false),
            0,
        ),
    ]
}
