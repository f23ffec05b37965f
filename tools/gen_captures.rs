//! Writes the test captures of `clusctl capture` (tests/data/capture_*):
//! MS-CMRP control calls over DCE/RPC over TCP, framed here from scratch
//! (Ethernet / Linux cooked / raw IP, IPv4 / IPv6, TCP with checksums,
//! bind, bind_ack, request, response, fragments, NTLMSSP auth trailers),
//! with the stubs from `clusctl::rpc`'s encoders.
//!
//! Included by `tests/it/capture.rs` (which checks the checked-in files are
//! what this writes; `CLUSCTL_BLESS=1` rewrites them) and by
//! `examples/gen_capture.rs` (the benchmark's large captures).
#![allow(dead_code, unreachable_pub, reason = "each includer uses a part")]

use std::io::{self, Write};

use clusctl::ControlCode;
use clusctl::codes;
use clusctl::rpc::{
    ContextHandle, Function, Request, Response, Status, StubFormat, TransferSyntax, TypeName,
};

/// One control call to put on the wire.
#[derive(Clone, Debug)]
pub struct Call {
    pub function: Function,
    pub code: ControlCode,
    pub input: Option<Vec<u8>>,
    pub out_buffer_size: u32,
    pub output: Vec<u8>,
    pub required: u32,
    pub status: Status,
}

impl Call {
    fn request_stub(&self, syntax: TransferSyntax, handle: u8) -> Vec<u8> {
        let format = match syntax {
            TransferSyntax::Ndr20 => StubFormat::NDR20,
            TransferSyntax::Ndr64 => StubFormat::NDR64,
        };
        let name = utf16z("Physical Disk");
        Request::new(
            self.function,
            ContextHandle::new([handle; 20]),
            self.code,
            self.input.as_deref(),
            self.out_buffer_size,
        )
        .with_second_handle(ContextHandle::new([handle ^ 0xFF; 20]))
        .with_type_name(TypeName::new(&name))
        .to_vec(format)
        .expect("request stub")
    }

    fn response_stub(&self, syntax: TransferSyntax) -> Vec<u8> {
        let format = match syntax {
            TransferSyntax::Ndr20 => StubFormat::NDR20,
            TransferSyntax::Ndr64 => StubFormat::NDR64,
        };
        Response::new(
            self.out_buffer_size,
            &self.output,
            self.required,
            self.status,
        )
        .to_vec(format)
        .expect("response stub")
    }
}

/// UTF-16LE with a final NUL.
pub fn utf16z(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// A multi-string: each item NUL-terminated, one more NUL at the end.
pub fn multi_sz(items: &[&str]) -> Vec<u8> {
    let mut out: Vec<u8> = items.iter().flat_map(|s| utf16z(s)).collect();
    out.extend([0, 0]);
    out
}

/// How the link layer frames each packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Ethernet II, IPv4.
    Ethernet,
    /// Ethernet II with an 802.1Q tag, IPv4.
    EthernetVlan,
    /// Linux cooked capture v1, IPv4.
    Sll,
    /// Linux cooked capture v2, IPv4.
    Sll2,
    /// Raw IP, IPv6.
    RawIpv6,
}

impl Link {
    pub fn linktype(self) -> u32 {
        match self {
            Self::Ethernet | Self::EthernetVlan => 1,
            Self::Sll => 113,
            Self::Sll2 => 276,
            Self::RawIpv6 => 101,
        }
    }
}

/// How the calls are carried.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub link: Link,
    pub syntax: TransferSyntax,
    /// Most stub bytes per DCE/RPC fragment.
    pub max_stub_per_fragment: usize,
    /// Most TCP payload bytes per segment.
    pub mss: usize,
    /// Swap neighbouring segments and retransmit one.
    pub reorder: bool,
    /// NTLMSSP, packet privacy: the stubs are sealed.
    pub encrypted: bool,
    /// The server's (dynamic) port.
    pub server_port: u16,
    pub client_port: u16,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            link: Link::Ethernet,
            syntax: TransferSyntax::Ndr20,
            max_stub_per_fragment: 4256,
            mss: 1460,
            reorder: false,
            encrypted: false,
            server_port: 49705,
            client_port: 50001,
        }
    }
}

const CLUSAPI: [u8; 16] = uuid(
    0xb97d_b8b2,
    0x4c63,
    0x11cf,
    [0xbf, 0xf6, 0x08, 0x00, 0x2b, 0xe2, 0x3f, 0x2f],
);
const NDR20: [u8; 16] = uuid(
    0x8a88_5d04,
    0x1ceb,
    0x11c9,
    [0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60],
);
const NDR64: [u8; 16] = uuid(
    0x7171_0533,
    0xbeba,
    0x4937,
    [0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36],
);

/// A UUID in DCE's little-endian wire order.
const fn uuid(a: u32, b: u16, c: u16, d: [u8; 8]) -> [u8; 16] {
    let a = a.to_le_bytes();
    let b = b.to_le_bytes();
    let c = c.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5], d[6],
        d[7],
    ]
}

const NTLMSSP: u8 = 10;
const PRIVACY: u8 = 6;

/// A DCE/RPC connection-oriented PDU: header, body, optional auth.
fn pdu(ptype: u8, flags: u8, call_id: u32, body: &[u8], auth: Option<&[u8]>) -> Vec<u8> {
    let mut out = vec![5, 0, ptype, flags, 0x10, 0, 0, 0, 0, 0, 0, 0];
    out.extend(call_id.to_le_bytes());
    out.extend_from_slice(body);
    if let Some(value) = auth {
        let pad = (4 - out.len() % 4) % 4;
        out.extend(std::iter::repeat_n(0, pad));
        out.extend([NTLMSSP, PRIVACY, pad as u8, 0, 0, 0, 0, 0]);
        out.extend_from_slice(value);
        out[10..12].copy_from_slice(&(value.len() as u16).to_le_bytes());
    }
    let len = out.len() as u16;
    out[8..10].copy_from_slice(&len.to_le_bytes());
    out
}

fn transfer(syntax: TransferSyntax) -> ([u8; 16], u32) {
    match syntax {
        TransferSyntax::Ndr20 => (NDR20, 2),
        TransferSyntax::Ndr64 => (NDR64, 1),
    }
}

fn bind(call_id: u32, syntax: TransferSyntax, auth: Option<&[u8]>) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(4280u16.to_le_bytes());
    b.extend(4280u16.to_le_bytes());
    b.extend(0u32.to_le_bytes());
    b.extend([1, 0, 0, 0]); // one context
    b.extend([0, 0, 1, 0]); // p_cont_id 0, one transfer syntax
    b.extend(CLUSAPI);
    b.extend(3u16.to_le_bytes());
    b.extend(0u16.to_le_bytes());
    let (uuid, version) = transfer(syntax);
    b.extend(uuid);
    b.extend(version.to_le_bytes());
    pdu(11, 3, call_id, &b, auth)
}

fn bind_ack(call_id: u32, syntax: TransferSyntax, port: u16, auth: Option<&[u8]>) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(4280u16.to_le_bytes());
    b.extend(4280u16.to_le_bytes());
    b.extend(0x0001_2345u32.to_le_bytes());
    let addr = format!("{port}\0");
    b.extend((addr.len() as u16).to_le_bytes());
    b.extend(addr.as_bytes());
    while (16 + b.len()) % 4 != 0 {
        b.push(0);
    }
    b.extend([1, 0, 0, 0]); // one result
    b.extend([0, 0, 0, 0]); // acceptance
    let (uuid, version) = transfer(syntax);
    b.extend(uuid);
    b.extend(version.to_le_bytes());
    pdu(12, 3, call_id, &b, auth)
}

/// Request (ptype 0) or response (2) PDUs of one stub, fragmented.
fn call_pdus(
    ptype: u8,
    call_id: u32,
    opnum: u16,
    stub: &[u8],
    max: usize,
    mut seal: Option<&mut ntlm::Sealer>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let pieces: Vec<&[u8]> = if stub.is_empty() {
        vec![stub]
    } else {
        stub.chunks(max).collect()
    };
    let mut left = stub.len();
    for (i, piece) in pieces.iter().enumerate() {
        let mut flags = 0;
        if i == 0 {
            flags |= 1;
        }
        if i + 1 == pieces.len() {
            flags |= 2;
        }
        let mut body = Vec::new();
        body.extend((left as u32).to_le_bytes());
        body.extend(0u16.to_le_bytes()); // p_cont_id
        if ptype == 0 {
            body.extend(opnum.to_le_bytes());
        } else {
            body.extend([0, 0]); // cancel count, reserved
        }
        if let Some(sealer) = seal.as_deref_mut() {
            // Stub and auth padding are sealed; the signature follows the
            // security trailer.
            let pad = (4 - (24 + piece.len()) % 4) % 4;
            let mut sealed = piece.to_vec();
            sealed.extend(std::iter::repeat_n(0, pad));
            let sig = sealer.seal(&mut sealed);
            body.extend(sealed);
            let mut pdu = pdu(ptype, flags, call_id, &body, None);
            pdu.extend([NTLMSSP, PRIVACY, pad as u8, 0, 0, 0, 0, 0]);
            pdu.extend(sig);
            let len = pdu.len() as u16;
            pdu[8..10].copy_from_slice(&len.to_le_bytes());
            pdu[10..12].copy_from_slice(&16u16.to_le_bytes());
            out.extend(pdu);
        } else {
            body.extend_from_slice(piece);
            out.extend(pdu(ptype, flags, call_id, &body, None));
        }
        left -= piece.len();
    }
    out
}

/// The TCP payloads of one connection, in order: (from the client?, bytes).
fn conversation(calls: &[Call], o: &Options) -> Vec<(bool, Vec<u8>)> {
    let mut msgs = Vec::new();
    let neg = ntlm::negotiate();
    let chal = ntlm::challenge();
    msgs.push((true, bind(1, o.syntax, o.encrypted.then_some(&neg[..]))));
    msgs.push((
        false,
        bind_ack(1, o.syntax, o.server_port, o.encrypted.then_some(&chal[..])),
    ));
    let mut sealers = None;
    if o.encrypted {
        let auth = ntlm::authenticate();
        msgs.push((true, pdu(16, 3, 1, &[0; 4], Some(&auth))));
        sealers = Some((ntlm::Sealer::new(true), ntlm::Sealer::new(false)));
    }
    for (i, call) in calls.iter().enumerate() {
        let call_id = 2 + i as u32;
        let req = call.request_stub(o.syntax, (i % 255) as u8 + 1);
        let resp = call.response_stub(o.syntax);
        let opnum = call.function.opnum();
        let max = o.max_stub_per_fragment;
        let (client, server) = match &mut sealers {
            Some((c, s)) => (Some(c), Some(s)),
            None => (None, None),
        };
        msgs.push((true, call_pdus(0, call_id, opnum, &req, max, client)));
        msgs.push((false, call_pdus(2, call_id, opnum, &resp, max, server)));
    }
    msgs
}

/// A TCP segment on the wire: from the client?, flags, seq, ack, payload.
struct Segment {
    client: bool,
    flags: u8,
    seq: u32,
    ack: u32,
    payload: Vec<u8>,
}

fn segments(msgs: &[(bool, Vec<u8>)], o: &Options) -> Vec<Segment> {
    let isn = [0x1000_0000u32, 0x7000_0000u32];
    let mut next = [isn[0].wrapping_add(1), isn[1].wrapping_add(1)];
    let mut out = vec![
        Segment {
            client: true,
            flags: 0x02,
            seq: isn[0],
            ack: 0,
            payload: Vec::new(),
        },
        Segment {
            client: false,
            flags: 0x12,
            seq: isn[1],
            ack: next[0],
            payload: Vec::new(),
        },
        Segment {
            client: true,
            flags: 0x10,
            seq: next[0],
            ack: next[1],
            payload: Vec::new(),
        },
    ];
    for (client, bytes) in msgs {
        let (me, peer) = if *client { (0, 1) } else { (1, 0) };
        for chunk in bytes.chunks(o.mss) {
            out.push(Segment {
                client: *client,
                flags: 0x18,
                seq: next[me],
                ack: next[peer],
                payload: chunk.to_vec(),
            });
            next[me] = next[me].wrapping_add(chunk.len() as u32);
        }
    }
    if o.reorder {
        // Swap every other pair of neighbouring data segments of one
        // direction, and retransmit the first data segment after its twin.
        let mut i = 3;
        while i + 1 < out.len() {
            if out[i].client == out[i + 1].client {
                out.swap(i, i + 1);
                i += 3;
            } else {
                i += 1;
            }
        }
        let again = Segment {
            client: out[3].client,
            flags: out[3].flags,
            seq: out[3].seq,
            ack: out[3].ack,
            payload: out[3].payload.clone(),
        };
        out.insert(5, again);
    }
    let fin = [next[0], next[1]];
    out.push(Segment {
        client: true,
        flags: 0x11,
        seq: fin[0],
        ack: fin[1],
        payload: Vec::new(),
    });
    out.push(Segment {
        client: false,
        flags: 0x11,
        seq: fin[1],
        ack: fin[0] + 1,
        payload: Vec::new(),
    });
    out.push(Segment {
        client: true,
        flags: 0x10,
        seq: fin[0] + 1,
        ack: fin[1] + 1,
        payload: Vec::new(),
    });
    out
}

fn checksum(parts: &[&[u8]]) -> u16 {
    let mut sum = 0u32;
    for part in parts {
        for pair in part.chunks(2) {
            let word = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
            sum += u32::from(word);
        }
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !(sum as u16)
}

/// The link-layer bytes of one segment.
fn frame(s: &Segment, o: &Options) -> Vec<u8> {
    let (sport, dport) = if s.client {
        (o.client_port, o.server_port)
    } else {
        (o.server_port, o.client_port)
    };
    let mut tcp = Vec::with_capacity(20 + s.payload.len());
    tcp.extend(sport.to_be_bytes());
    tcp.extend(dport.to_be_bytes());
    tcp.extend(s.seq.to_be_bytes());
    tcp.extend(s.ack.to_be_bytes());
    tcp.extend([5 << 4, s.flags]);
    tcp.extend(65535u16.to_be_bytes());
    tcp.extend([0, 0, 0, 0]); // checksum, urgent
    tcp.extend_from_slice(&s.payload);
    let tcp_len = tcp.len() as u16;
    let mut ip;
    if o.link == Link::RawIpv6 {
        let mut a = [0u8; 16];
        a[0] = 0xfd;
        a[15] = 1;
        let mut b = a;
        b[15] = 2;
        let (src, dst) = if s.client { (a, b) } else { (b, a) };
        let pseudo = [
            &src[..],
            &dst[..],
            &u32::from(tcp_len).to_be_bytes(),
            &[0, 0, 0, 6],
        ];
        let sum = checksum(&[pseudo[0], pseudo[1], pseudo[2], pseudo[3], &tcp]);
        tcp[16..18].copy_from_slice(&sum.to_be_bytes());
        ip = vec![0x60, 0, 0, 0];
        ip.extend(tcp_len.to_be_bytes());
        ip.extend([6, 64]);
        ip.extend(src);
        ip.extend(dst);
    } else {
        let (src, dst) = if s.client {
            ([10, 0, 0, 1], [10, 0, 0, 2])
        } else {
            ([10, 0, 0, 2], [10, 0, 0, 1])
        };
        let sum = checksum(&[&src, &dst, &[0, 6], &tcp_len.to_be_bytes(), &tcp]);
        tcp[16..18].copy_from_slice(&sum.to_be_bytes());
        ip = vec![0x45, 0];
        ip.extend((20 + tcp_len).to_be_bytes());
        ip.extend([0, 0, 0x40, 0, 128, 6, 0, 0]);
        ip.extend(src);
        ip.extend(dst);
        let sum = checksum(&[&ip]);
        ip[10..12].copy_from_slice(&sum.to_be_bytes());
    }
    ip.extend(tcp);
    let mac = |client: bool| {
        if client {
            [2, 0, 0, 0, 0, 1]
        } else {
            [2, 0, 0, 0, 0, 2]
        }
    };
    let mut f = Vec::with_capacity(ip.len() + 20);
    match o.link {
        Link::Ethernet | Link::EthernetVlan => {
            f.extend(mac(!s.client));
            f.extend(mac(s.client));
            if o.link == Link::EthernetVlan {
                f.extend([0x81, 0x00, 0x00, 0x2A]);
            }
            f.extend([0x08, 0x00]);
        }
        Link::Sll => {
            f.extend(if s.client { [0, 4] } else { [0, 0] });
            f.extend([0, 1, 0, 6]);
            f.extend(mac(s.client));
            f.extend([0, 0, 0x08, 0x00]);
        }
        Link::Sll2 => {
            f.extend([
                0x08,
                0x00,
                0,
                0,
                0,
                0,
                0,
                1,
                0,
                1,
                if s.client { 4 } else { 0 },
                6,
            ]);
            f.extend(mac(s.client));
            f.extend([0, 0]);
        }
        Link::RawIpv6 => {}
    }
    f.extend(ip);
    f
}

/// The frames of one connection carrying `calls`.
pub fn frames(calls: &[Call], o: &Options) -> Vec<Vec<u8>> {
    segments(&conversation(calls, o), o)
        .iter()
        .map(|s| frame(s, o))
        .collect()
}

/// A libpcap file (microseconds, little-endian).
pub fn write_pcap(out: &mut impl Write, linktype: u32, frames: &[Vec<u8>]) -> io::Result<()> {
    pcap_header(out, linktype)?;
    for (i, f) in frames.iter().enumerate() {
        pcap_record(out, i as u64, f)?;
    }
    Ok(())
}

pub fn pcap_header(out: &mut impl Write, linktype: u32) -> io::Result<()> {
    out.write_all(&0xA1B2_C3D4u32.to_le_bytes())?;
    out.write_all(&[2, 0, 4, 0])?;
    out.write_all(&[0; 8])?;
    out.write_all(&262_144u32.to_le_bytes())?;
    out.write_all(&linktype.to_le_bytes())
}

/// One record; the time is 2026-01-01 plus `index` milliseconds.
pub fn pcap_record(out: &mut impl Write, index: u64, frame: &[u8]) -> io::Result<()> {
    let sec = 1_767_225_600 + index / 1000;
    let usec = (index % 1000) * 1000;
    out.write_all(&(sec as u32).to_le_bytes())?;
    out.write_all(&(usec as u32).to_le_bytes())?;
    out.write_all(&(frame.len() as u32).to_le_bytes())?;
    out.write_all(&(frame.len() as u32).to_le_bytes())?;
    out.write_all(frame)
}

/// A pcapng file: section header, one interface, enhanced packet blocks.
pub fn write_pcapng(out: &mut impl Write, linktype: u32, frames: &[Vec<u8>]) -> io::Result<()> {
    let block = |out: &mut dyn Write, kind: u32, body: &[u8]| -> io::Result<()> {
        let len = (12 + body.len().next_multiple_of(4)) as u32;
        out.write_all(&kind.to_le_bytes())?;
        out.write_all(&len.to_le_bytes())?;
        out.write_all(body)?;
        out.write_all(&vec![0; body.len().next_multiple_of(4) - body.len()])?;
        out.write_all(&len.to_le_bytes())
    };
    let mut shb = 0x1A2B_3C4Du32.to_le_bytes().to_vec();
    shb.extend([1, 0, 0, 0]);
    shb.extend(u64::MAX.to_le_bytes());
    block(out, 0x0A0D_0D0A, &shb)?;
    let mut idb = (linktype as u16).to_le_bytes().to_vec();
    idb.extend([0, 0]);
    idb.extend(262_144u32.to_le_bytes());
    block(out, 1, &idb)?;
    for (i, f) in frames.iter().enumerate() {
        let ts = (1_767_225_600u64 * 1000 + i as u64) * 1000;
        let mut epb = 0u32.to_le_bytes().to_vec();
        epb.extend(((ts >> 32) as u32).to_le_bytes());
        epb.extend((ts as u32).to_le_bytes());
        epb.extend((f.len() as u32).to_le_bytes());
        epb.extend((f.len() as u32).to_le_bytes());
        epb.extend_from_slice(f);
        block(out, 6, &epb)?;
    }
    Ok(())
}

/// The checkpoints of the single-call capture.
pub fn checkpoints() -> Vec<u8> {
    multi_sz(&[
        "1\\\\MyKey",
        "24\\Microsoft Enhanced RSA and AES Cryptographic Provider\\Backup",
    ])
}

fn call(
    function: Function,
    code: ControlCode,
    input: Option<Vec<u8>>,
    out_size: u32,
    output: Vec<u8>,
) -> Call {
    let required = output.len() as u32;
    Call {
        function,
        code,
        input,
        out_buffer_size: out_size,
        output,
        required,
        status: Status::ERROR_SUCCESS,
    }
}

/// GET_CRYPTO_CHECKPOINTS with a two-item answer.
pub fn single_call() -> Vec<Call> {
    vec![call(
        Function::ResourceControl,
        codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
        None,
        512,
        checkpoints(),
    )]
}

/// ERROR_MORE_DATA, then the retry with lpcbRequired, then an
/// ADD_REGISTRY_CHECKPOINT with an input buffer (odd length: padding).
pub fn more_data_calls() -> Vec<Call> {
    let list = multi_sz(&[
        "SOFTWARE\\Contoso\\Payroll",
        "SYSTEM\\CurrentControlSet\\Services\\ContosoSvc",
    ]);
    let code = codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS;
    let mut first = call(Function::ResourceControl, code, None, 0, Vec::new());
    first.required = list.len() as u32;
    first.status = Status::ERROR_MORE_DATA;
    let retry = call(
        Function::ResourceControl,
        code,
        None,
        list.len() as u32,
        list,
    );
    let add = call(
        Function::ResourceControl,
        codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT,
        Some(utf16z("SOFTWARE\\Contoso\\Payroll")),
        0,
        Vec::new(),
    );
    let mut bad = call(
        Function::GroupControl,
        codes::CLUSCTL_GROUP_GET_NAME,
        None,
        64,
        Vec::new(),
    );
    bad.status = Status::new(5); // ERROR_ACCESS_DENIED
    vec![first, retry, add, bad]
}

/// One call of each of the 16 functions.
pub fn all_functions_calls() -> Vec<Call> {
    let name = |s: &str| utf16z(s);
    Function::ALL
        .iter()
        .map(|&f| {
            let (code, output) = match f {
                Function::NodeResourceControl | Function::ResourceControl => (
                    codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
                    checkpoints(),
                ),
                Function::NodeResourceTypeControl | Function::ResourceTypeControl => (
                    codes::CLUSCTL_RESOURCE_TYPE_GET_REGISTRY_CHECKPOINTS,
                    multi_sz(&["SOFTWARE\\Contoso"]),
                ),
                Function::NodeGroupControl | Function::GroupControl => {
                    (codes::CLUSCTL_GROUP_GET_NAME, name("Cluster Group"))
                }
                Function::NodeNodeControl | Function::NodeControl => {
                    (codes::CLUSCTL_NODE_GET_NAME, name("NODE1"))
                }
                Function::NodeNetworkControl | Function::NetworkControl => {
                    (codes::CLUSCTL_NETWORK_GET_NAME, name("Cluster Network 1"))
                }
                Function::NodeNetInterfaceControl | Function::NetInterfaceControl => (
                    codes::CLUSCTL_NETINTERFACE_GET_NAME,
                    name("NODE1 - Ethernet"),
                ),
                Function::NodeClusterControl | Function::ClusterControl => {
                    (codes::CLUSCTL_CLUSTER_GET_FQDN, name("cluster.contoso.com"))
                }
                _ => (
                    codes::CLUSCTL_GROUPSET_GET_ID,
                    name("{6E3F2C1A-8B4D-4F2E-9A61-0C7B5D3E2F10}"),
                ),
            };
            call(f, code, None, 1024, output)
        })
        .collect()
}

/// A 10 KB output: 600 checkpoints.
pub fn large_call() -> Vec<Call> {
    let items: Vec<String> = (0..600).map(|i| format!("1\\\\K{i:04}")).collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let list = multi_sz(&items);
    vec![call(
        Function::ResourceControl,
        codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
        None,
        16384,
        list,
    )]
}

/// Every test capture: (file name, bytes).
pub fn all() -> Vec<(&'static str, Vec<u8>)> {
    let d = Options::default();
    let pcap = |calls: &[Call], o: Options| {
        let mut out = Vec::new();
        write_pcap(&mut out, o.link.linktype(), &frames(calls, &o)).expect("write to a Vec");
        out
    };
    let pcapng = |calls: &[Call], o: Options| {
        let mut out = Vec::new();
        write_pcapng(&mut out, o.link.linktype(), &frames(calls, &o)).expect("write to a Vec");
        out
    };
    vec![
        ("capture_single.pcap", pcap(&single_call(), d)),
        (
            "capture_ndr64.pcap",
            pcap(
                &single_call(),
                Options {
                    syntax: TransferSyntax::Ndr64,
                    link: Link::RawIpv6,
                    ..d
                },
            ),
        ),
        (
            "capture_more_data.pcap",
            pcap(
                &more_data_calls(),
                Options {
                    link: Link::Sll,
                    ..d
                },
            ),
        ),
        (
            "capture_reordered.pcap",
            pcap(
                &more_data_calls(),
                Options {
                    mss: 40,
                    reorder: true,
                    link: Link::EthernetVlan,
                    ..d
                },
            ),
        ),
        (
            "capture_all_functions.pcapng",
            pcapng(&all_functions_calls(), d),
        ),
        (
            "capture_large.pcap",
            pcap(
                &large_call(),
                Options {
                    max_stub_per_fragment: 16384,
                    ..d
                },
            ),
        ),
        (
            "capture_fragmented.pcap",
            pcap(
                &large_call(),
                Options {
                    link: Link::Sll2,
                    ..d
                },
            ),
        ),
        (
            "capture_encrypted.pcap",
            pcap(
                &more_data_calls(),
                Options {
                    encrypted: true,
                    ..d
                },
            ),
        ),
    ]
}

/// NTLMSSP (NTLMv2, extended session security, key exchange, 128-bit
/// RC4 sealing; MS-NLMP) for the encrypted capture, with a fixed
/// password, challenges and session key so the file is reproducible and
/// tshark can decrypt it (`-o ntlmssp.nt_password:Passw0rd!`).
pub mod ntlm {
    pub const USER: &str = "alice";
    pub const DOMAIN: &str = "CLUSTER";
    pub const PASSWORD: &str = "Passw0rd!";
    const SERVER_CHALLENGE: [u8; 8] = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
    const CLIENT_CHALLENGE: [u8; 8] = [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8];
    const SESSION_KEY: [u8; 16] = [0x5A; 16];
    /// 2026-01-01 in FILETIME units.
    const TIMESTAMP: u64 = 134_116_992_000_000_000;
    /// UNICODE, REQUEST_TARGET, SIGN, SEAL, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY,
    /// TARGET_INFO, 128, KEY_EXCH, 56.
    pub const FLAGS: u32 = 0xE088_8235;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn md4(msg: &[u8]) -> [u8; 16] {
        let mut h: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
        for block in pad(msg, false).chunks(64) {
            let x: Vec<u32> = block
                .chunks(4)
                .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
                .collect();
            let [mut a, mut b, mut c, mut d] = h;
            let f = |x: u32, y: u32, z: u32| (x & y) | (!x & z);
            let g = |x: u32, y: u32, z: u32| (x & y) | (x & z) | (y & z);
            let hh = |x: u32, y: u32, z: u32| x ^ y ^ z;
            for &i in &[0, 4, 8, 12] {
                a = a.wrapping_add(f(b, c, d)).wrapping_add(x[i]).rotate_left(3);
                d = d
                    .wrapping_add(f(a, b, c))
                    .wrapping_add(x[i + 1])
                    .rotate_left(7);
                c = c
                    .wrapping_add(f(d, a, b))
                    .wrapping_add(x[i + 2])
                    .rotate_left(11);
                b = b
                    .wrapping_add(f(c, d, a))
                    .wrapping_add(x[i + 3])
                    .rotate_left(19);
            }
            for &i in &[0, 1, 2, 3] {
                let k = 0x5A82_7999u32;
                a = a
                    .wrapping_add(g(b, c, d))
                    .wrapping_add(x[i])
                    .wrapping_add(k)
                    .rotate_left(3);
                d = d
                    .wrapping_add(g(a, b, c))
                    .wrapping_add(x[i + 4])
                    .wrapping_add(k)
                    .rotate_left(5);
                c = c
                    .wrapping_add(g(d, a, b))
                    .wrapping_add(x[i + 8])
                    .wrapping_add(k)
                    .rotate_left(9);
                b = b
                    .wrapping_add(g(c, d, a))
                    .wrapping_add(x[i + 12])
                    .wrapping_add(k)
                    .rotate_left(13);
            }
            for &i in &[0, 2, 1, 3] {
                let k = 0x6ED9_EBA1u32;
                a = a
                    .wrapping_add(hh(b, c, d))
                    .wrapping_add(x[i])
                    .wrapping_add(k)
                    .rotate_left(3);
                d = d
                    .wrapping_add(hh(a, b, c))
                    .wrapping_add(x[i + 8])
                    .wrapping_add(k)
                    .rotate_left(9);
                c = c
                    .wrapping_add(hh(d, a, b))
                    .wrapping_add(x[i + 4])
                    .wrapping_add(k)
                    .rotate_left(11);
                b = b
                    .wrapping_add(hh(c, d, a))
                    .wrapping_add(x[i + 12])
                    .wrapping_add(k)
                    .rotate_left(15);
            }
            h = [
                h[0].wrapping_add(a),
                h[1].wrapping_add(b),
                h[2].wrapping_add(c),
                h[3].wrapping_add(d),
            ];
        }
        let mut out = [0; 16];
        for (o, w) in out.chunks_mut(4).zip(h) {
            o.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    fn pad(msg: &[u8], _big_endian: bool) -> Vec<u8> {
        let mut m = msg.to_vec();
        m.push(0x80);
        while m.len() % 64 != 56 {
            m.push(0);
        }
        m.extend(((msg.len() as u64) * 8).to_le_bytes());
        m
    }

    pub fn md5(msg: &[u8]) -> [u8; 16] {
        const S: [u32; 64] = [
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20,
            5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
        ];
        let k: Vec<u32> = (0..64)
            .map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32)
            .collect();
        let mut h: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
        for block in pad(msg, false).chunks(64) {
            let m: Vec<u32> = block
                .chunks(4)
                .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
                .collect();
            let [mut a, mut b, mut c, mut d] = h;
            for i in 0..64 {
                let (f, g) = match i / 16 {
                    0 => ((b & c) | (!b & d), i),
                    1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                    2 => (b ^ c ^ d, (3 * i + 5) % 16),
                    _ => (c ^ (b | !d), (7 * i) % 16),
                };
                let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
                a = d;
                d = c;
                c = b;
                b = b.wrapping_add(f.rotate_left(S[i]));
            }
            h = [
                h[0].wrapping_add(a),
                h[1].wrapping_add(b),
                h[2].wrapping_add(c),
                h[3].wrapping_add(d),
            ];
        }
        let mut out = [0; 16];
        for (o, w) in out.chunks_mut(4).zip(h) {
            o.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn hmac_md5(key: &[u8], msg: &[u8]) -> [u8; 16] {
        let mut k = [0u8; 64];
        k[..key.len()].copy_from_slice(key);
        let inner: Vec<u8> = k
            .iter()
            .map(|b| b ^ 0x36)
            .chain(msg.iter().copied())
            .collect();
        let outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).chain(md5(&inner)).collect();
        md5(&outer)
    }

    /// RC4, a keystream kept across messages.
    pub struct Rc4 {
        s: [u8; 256],
        i: u8,
        j: u8,
    }

    impl Rc4 {
        pub fn new(key: &[u8]) -> Self {
            let mut s = [0u8; 256];
            for (i, v) in s.iter_mut().enumerate() {
                *v = i as u8;
            }
            let mut j = 0u8;
            for i in 0..256 {
                j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
                s.swap(i, j as usize);
            }
            Self { s, i: 0, j: 0 }
        }

        pub fn apply(&mut self, data: &mut [u8]) {
            for b in data {
                self.i = self.i.wrapping_add(1);
                self.j = self.j.wrapping_add(self.s[self.i as usize]);
                self.s.swap(self.i as usize, self.j as usize);
                let k = self.s
                    [(self.s[self.i as usize].wrapping_add(self.s[self.j as usize])) as usize];
                *b ^= k;
            }
        }
    }

    fn av_pairs() -> Vec<u8> {
        let mut t = Vec::new();
        for (id, value) in [
            (2u16, utf16(DOMAIN)),
            (1, utf16("NODE1")),
            (7, TIMESTAMP.to_le_bytes().to_vec()),
        ] {
            t.extend(id.to_le_bytes());
            t.extend((value.len() as u16).to_le_bytes());
            t.extend(value);
        }
        t.extend([0, 0, 0, 0]);
        t
    }

    fn field(len: usize, offset: usize) -> Vec<u8> {
        let mut f = (len as u16).to_le_bytes().to_vec();
        f.extend((len as u16).to_le_bytes());
        f.extend((offset as u32).to_le_bytes());
        f
    }

    pub fn negotiate() -> Vec<u8> {
        let mut m = b"NTLMSSP\0".to_vec();
        m.extend(1u32.to_le_bytes());
        m.extend(FLAGS.to_le_bytes());
        m.extend(field(0, 32));
        m.extend(field(0, 32));
        m
    }

    pub fn challenge() -> Vec<u8> {
        let name = utf16(DOMAIN);
        let info = av_pairs();
        let mut m = b"NTLMSSP\0".to_vec();
        m.extend(2u32.to_le_bytes());
        m.extend(field(name.len(), 48));
        m.extend((FLAGS | 0x0001_0000).to_le_bytes()); // TARGET_TYPE_DOMAIN
        m.extend(SERVER_CHALLENGE);
        m.extend([0; 8]);
        m.extend(field(info.len(), 48 + name.len()));
        m.extend(name);
        m.extend(info);
        m
    }

    fn response_key() -> [u8; 16] {
        let nt_hash = md4(&utf16(PASSWORD));
        let who = utf16(&(USER.to_uppercase() + DOMAIN));
        hmac_md5(&nt_hash, &who)
    }

    /// The AUTHENTICATE message and the exported session key.
    pub fn authenticate() -> Vec<u8> {
        let key = response_key();
        let mut temp = vec![1, 1, 0, 0, 0, 0, 0, 0];
        temp.extend(TIMESTAMP.to_le_bytes());
        temp.extend(CLIENT_CHALLENGE);
        temp.extend([0; 4]);
        temp.extend(av_pairs());
        temp.extend([0; 4]);
        let proof = hmac_md5(&key, &[&SERVER_CHALLENGE[..], &temp].concat());
        let nt_response = [&proof[..], &temp].concat();
        let base_key = hmac_md5(&key, &proof);
        let mut encrypted_key = SESSION_KEY;
        Rc4::new(&base_key).apply(&mut encrypted_key);
        let (domain, user, host) = (utf16(DOMAIN), utf16(USER), utf16("CLIENT1"));
        let lm = [0u8; 24];
        let mut offset = 64;
        let mut m = b"NTLMSSP\0".to_vec();
        m.extend(3u32.to_le_bytes());
        let mut payload = Vec::new();
        for part in [&lm[..], &nt_response, &domain, &user, &host, &encrypted_key] {
            m.extend(field(part.len(), offset));
            offset += part.len();
            payload.extend_from_slice(part);
        }
        m.extend(FLAGS.to_le_bytes());
        m.extend(payload);
        m
    }

    /// One direction's sealing state.
    pub struct Sealer {
        rc4: Rc4,
        sign_key: [u8; 16],
        seq: u32,
    }

    impl Sealer {
        /// `client`: the client-to-server direction.
        pub fn new(client: bool) -> Self {
            let dir = if client {
                "client-to-server"
            } else {
                "server-to-client"
            };
            let derive = |what: &str| {
                md5(&[
                    &SESSION_KEY[..],
                    format!("session key to {dir} {what} key magic constant\0").as_bytes(),
                ]
                .concat())
            };
            Self {
                rc4: Rc4::new(&derive("sealing")),
                sign_key: derive("signing"),
                seq: 0,
            }
        }

        /// Encrypts `data` in place and returns the 16-byte signature.
        pub fn seal(&mut self, data: &mut [u8]) -> [u8; 16] {
            let seq = self.seq.to_le_bytes();
            let mac = hmac_md5(&self.sign_key, &[&seq[..], data].concat());
            self.rc4.apply(data);
            let mut checksum = [0u8; 8];
            checksum.copy_from_slice(&mac[..8]);
            self.rc4.apply(&mut checksum);
            let mut sig = [0u8; 16];
            sig[..4].copy_from_slice(&1u32.to_le_bytes());
            sig[4..12].copy_from_slice(&checksum);
            sig[12..].copy_from_slice(&seq);
            self.seq += 1;
            sig
        }
    }

    #[test]
    fn known_answers() {
        // RFC 1320, RFC 1321, RFC 2104 test vectors.
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(&md4(b"abc")), "a448017aaf21d8525fc10ae87aa6729d");
        assert_eq!(hex(&md5(b"abc")), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hex(&hmac_md5(b"Jefe", b"what do ya want for nothing?")),
            "750c783e6ab0b503eaa86e310a5db738"
        );
        let mut rc4 = [0u8; 4];
        Rc4::new(b"Key").apply(&mut rc4);
        assert_eq!(hex(&rc4), "eb9f7781");
    }
}
