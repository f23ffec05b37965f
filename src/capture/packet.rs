//! Link layers, IPv4, IPv6 and TCP headers: from one captured frame to the
//! TCP segment it carries.
//!
//! | link type (pcap `LINKTYPE_*`) | value | header |
//! |---|---|---|
//! | `NULL` (BSD loopback) | 0 | 4-byte address family, host byte order |
//! | `ETHERNET` | 1 | 14 bytes, then any number of 802.1Q / 802.1ad tags |
//! | `RAW` | 101 (and 12, 14 on some systems) | none: the IP version nibble decides |
//! | `LOOP` (OpenBSD loopback) | 108 | 4-byte address family, network byte order |
//! | `LINUX_SLL` | 113 | 16 bytes, protocol at 14 |
//! | `IPV4`, `IPV6` | 228, 229 | none |
//! | `LINUX_SLL2` | 276 | 20 bytes, protocol at 0 |
//!
//! IPv4 and IPv6 fragments are not reassembled (TCP stacks avoid them):
//! such a frame is reported as [`Frame::Fragment`]. IPv6 extension headers
//! (hop-by-hop, routing, destination options) are skipped. The IP length
//! fields trim link-layer padding; a frame cut short by the snapshot length
//! is [`Frame::Truncated`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One end of a TCP connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    /// The IP address.
    pub addr: IpAddr,
    /// The TCP port.
    pub port: u16,
}

impl core::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.addr {
            IpAddr::V4(a) => write!(f, "{a}:{}", self.port),
            IpAddr::V6(a) => write!(f, "[{a}]:{}", self.port),
        }
    }
}

/// TCP flag bits.
pub(crate) const FIN: u8 = 0x01;
pub(crate) const SYN: u8 = 0x02;
pub(crate) const RST: u8 = 0x04;

/// A TCP segment, borrowed from its frame.
#[derive(Debug)]
pub(crate) struct Segment<'a> {
    pub(crate) src: Endpoint,
    pub(crate) dst: Endpoint,
    pub(crate) seq: u32,
    pub(crate) flags: u8,
    pub(crate) payload: &'a [u8],
}

/// What a frame turned out to be.
#[derive(Debug)]
pub(crate) enum Frame<'a> {
    /// A TCP segment.
    Tcp(Segment<'a>),
    /// Not TCP (ARP, UDP, ICMP, other link protocols): skipped.
    Other,
    /// An IP fragment (not reassembled).
    Fragment,
    /// Shorter than its headers say.
    Truncated(&'static str),
    /// A link type this reader does not know.
    UnknownLink,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86DD;

/// Decodes one frame of the given pcap link type.
pub(crate) fn parse(linktype: i32, data: &[u8]) -> Frame<'_> {
    match linktype {
        1 => ethernet(data),
        0 | 108 => {
            let Some(family) = data.get(..4) else {
                return Frame::Truncated("loopback header");
            };
            let rest = data.get(4..).unwrap_or_default();
            // Host order for NULL: either byte order; the family values
            // (2 = IPv4; 24, 28, 30 = IPv6 on the BSDs) fit in one byte.
            let family = family.iter().copied().max().unwrap_or(0);
            match family {
                2 => ipv4(rest),
                24 | 28 | 30 => ipv6(rest),
                _ => Frame::Other,
            }
        }
        12 | 14 | 101 => raw_ip(data),
        113 => match be16(data, 14) {
            Some(proto) => by_ethertype(proto, data.get(16..).unwrap_or_default()),
            None => Frame::Truncated("Linux cooked header"),
        },
        228 => ipv4(data),
        229 => ipv6(data),
        276 => match (be16(data, 0), data.get(20..)) {
            (Some(proto), Some(rest)) => by_ethertype(proto, rest),
            _ => Frame::Truncated("Linux cooked v2 header"),
        },
        _ => Frame::UnknownLink,
    }
}

fn ethernet(data: &[u8]) -> Frame<'_> {
    let mut at = 12;
    loop {
        let Some(ethertype) = be16(data, at) else {
            return Frame::Truncated("Ethernet header");
        };
        match ethertype {
            0x8100 | 0x88A8 | 0x9100 => at += 4,
            _ => return by_ethertype(ethertype, data.get(at + 2..).unwrap_or_default()),
        }
    }
}

fn by_ethertype(ethertype: u16, data: &[u8]) -> Frame<'_> {
    match ethertype {
        ETHERTYPE_IPV4 => ipv4(data),
        ETHERTYPE_IPV6 => ipv6(data),
        _ => Frame::Other,
    }
}

fn raw_ip(data: &[u8]) -> Frame<'_> {
    match data.first().map(|b| b >> 4) {
        Some(4) => ipv4(data),
        Some(6) => ipv6(data),
        Some(_) => Frame::Other,
        None => Frame::Truncated("IP header"),
    }
}

fn ipv4(data: &[u8]) -> Frame<'_> {
    let (Some(&first), Some(total), Some(frag), Some(&proto)) =
        (data.first(), be16(data, 2), be16(data, 6), data.get(9))
    else {
        return Frame::Truncated("IPv4 header");
    };
    let header = usize::from(first & 0x0F) * 4;
    if first >> 4 != 4 || header < 20 {
        return Frame::Other;
    }
    let (Some(src), Some(dst)) = (data.get(12..16), data.get(16..20)) else {
        return Frame::Truncated("IPv4 header");
    };
    // More fragments, or a non-zero fragment offset.
    if frag & 0x3FFF != 0 {
        return Frame::Fragment;
    }
    if proto != 6 {
        return Frame::Other;
    }
    // Total length 0 is TCP segmentation offload: take the frame's length.
    let end = if total == 0 {
        data.len()
    } else {
        usize::from(total)
    };
    let Some(body) = data.get(header..end) else {
        return Frame::Truncated("IPv4 payload");
    };
    let to_ip = |b: &[u8]| IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]));
    tcp(body, to_ip(src), to_ip(dst))
}

fn ipv6(data: &[u8]) -> Frame<'_> {
    let (Some(&first), Some(len), Some(&next), Some(src), Some(dst)) = (
        data.first(),
        be16(data, 4),
        data.get(6),
        data.get(8..24),
        data.get(24..40),
    ) else {
        return Frame::Truncated("IPv6 header");
    };
    if first >> 4 != 6 {
        return Frame::Other;
    }
    let end = if len == 0 {
        data.len()
    } else {
        40 + usize::from(len)
    };
    let Some(mut body) = data.get(40..end) else {
        return Frame::Truncated("IPv6 payload");
    };
    let mut next = next;
    loop {
        match next {
            6 => break,
            // Hop-by-hop, routing, destination options.
            0 | 43 | 60 => {
                let (Some(&n), Some(&l)) = (body.first(), body.get(1)) else {
                    return Frame::Truncated("IPv6 extension header");
                };
                let Some(rest) = body.get((usize::from(l) + 1) * 8..) else {
                    return Frame::Truncated("IPv6 extension header");
                };
                next = n;
                body = rest;
            }
            44 => return Frame::Fragment,
            _ => return Frame::Other,
        }
    }
    let to_ip = |b: &[u8]| {
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        IpAddr::V6(Ipv6Addr::from(a))
    };
    tcp(body, to_ip(src), to_ip(dst))
}

fn tcp(data: &[u8], src: IpAddr, dst: IpAddr) -> Frame<'_> {
    let (Some(sport), Some(dport), Some(seq), Some(&off), Some(&flags)) = (
        be16(data, 0),
        be16(data, 2),
        be32(data, 4),
        data.get(12),
        data.get(13),
    ) else {
        return Frame::Truncated("TCP header");
    };
    let header = usize::from(off >> 4) * 4;
    if header < 20 {
        return Frame::Truncated("TCP header length");
    }
    let Some(payload) = data.get(header..) else {
        return Frame::Truncated("TCP options");
    };
    Frame::Tcp(Segment {
        src: Endpoint {
            addr: src,
            port: sport,
        },
        dst: Endpoint {
            addr: dst,
            port: dport,
        },
        seq,
        flags,
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{string::ToString, vec, vec::Vec};

    fn tcp_header(flags: u8) -> Vec<u8> {
        let mut t = vec![0u8; 20];
        t[0..2].copy_from_slice(&1234u16.to_be_bytes());
        t[2..4].copy_from_slice(&135u16.to_be_bytes());
        t[4..8].copy_from_slice(&7u32.to_be_bytes());
        t[12] = 5 << 4;
        t[13] = flags;
        t
    }

    fn ipv4_packet(payload: &[u8]) -> Vec<u8> {
        let mut p = vec![
            0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        let total = u16::try_from(20 + payload.len()).unwrap();
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p.extend_from_slice(payload);
        p
    }

    fn segment(frame: Frame<'_>) -> Segment<'_> {
        match frame {
            Frame::Tcp(s) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_link_type_reaches_the_tcp_payload() {
        let mut t = tcp_header(0x18);
        t.extend_from_slice(b"hello");
        let ip = ipv4_packet(&t);
        let mut eth = vec![0u8; 12];
        eth.extend_from_slice(&[0x81, 0x00, 0, 5, 0x08, 0x00]);
        eth.extend_from_slice(&ip);
        eth.extend_from_slice(&[0; 6]); // Ethernet padding, trimmed by the IP length
        let mut sll = vec![0u8; 14];
        sll.extend_from_slice(&[0x08, 0x00]);
        sll.extend_from_slice(&ip);
        let mut sll2 = vec![0x08, 0x00];
        sll2.extend_from_slice(&[0; 18]);
        sll2.extend_from_slice(&ip);
        let mut null = 2u32.to_le_bytes().to_vec();
        null.extend_from_slice(&ip);
        for (linktype, frame) in [
            (1, &eth),
            (113, &sll),
            (276, &sll2),
            (101, &ip),
            (228, &ip),
            (0, &null),
        ] {
            let s = segment(parse(linktype, frame));
            assert_eq!(s.payload, b"hello", "link type {linktype}");
            assert_eq!(s.src.to_string(), "10.0.0.1:1234");
            assert_eq!(s.dst.port, 135);
            assert_eq!(s.seq, 7);
            assert_eq!(s.flags, 0x18);
        }
    }

    #[test]
    fn ipv6_with_an_extension_header() {
        let mut t = tcp_header(SYN);
        t.extend_from_slice(b"x");
        let mut p = vec![0x60, 0, 0, 0, 0, 0, 0, 64];
        let len = u16::try_from(8 + t.len()).unwrap();
        p[4..6].copy_from_slice(&len.to_be_bytes());
        p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        p.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        p.extend_from_slice(&[6, 0, 1, 4, 0, 0, 0, 0]); // destination options, 8 bytes
        p.extend_from_slice(&t);
        let s = segment(parse(229, &p));
        assert_eq!(s.payload, b"x");
        assert_eq!(s.src.to_string(), "[fe80::1]:1234");
        assert_eq!(s.flags, SYN);
    }

    #[test]
    fn fragments_truncations_and_other_protocols() {
        let mut ip = ipv4_packet(&tcp_header(0));
        assert!(matches!(parse(101, &ip), Frame::Tcp(_)));
        ip[6] = 0x20; // more fragments
        assert!(matches!(parse(101, &ip), Frame::Fragment));
        ip[6] = 0x40;
        ip[9] = 17;
        assert!(matches!(parse(101, &ip), Frame::Other));
        ip[9] = 6;
        for cut in 0..ip.len() {
            assert!(
                matches!(parse(101, &ip[..cut]), Frame::Truncated(_)),
                "cut at {cut}"
            );
        }
        assert!(matches!(parse(147, &ip), Frame::UnknownLink));
        assert!(matches!(parse(1, &[0; 13]), Frame::Truncated(_)));
        let mut arp = vec![0u8; 12];
        arp.extend_from_slice(&[0x08, 0x06, 0, 0]);
        assert!(matches!(parse(1, &arp), Frame::Other));
    }
}
