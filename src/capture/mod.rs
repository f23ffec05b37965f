//! Capture files to control calls (`capture` feature, `std`).
//!
//! [`Reader`] takes a pcap file, a pcapng file or tshark's field export of
//! DCE/RPC stubs (detected from the first bytes), and yields every
//! MS-CMRP control call in it as an [`Event`], reading one packet at a
//! time.
//!
//! ```text
//! file ──► source (pcap-parser / tshark lines)
//!            │ frames                        │ stub records
//!            ▼                               │
//!          packet: link layer, IPv4/IPv6, TCP │
//!            ▼                               │
//!          tcp: reassembly per direction      │
//!            ▼ in-order bytes, gaps          ▼
//!          rpc::Connection (PDUs, binds, fragments, pairing, stubs)
//!            ▼
//!          Event::Call / Event::Encrypted / Event::Deviation
//! ```
//!
//! DCE/RPC is recognised on any TCP port: a connection is followed until
//! its first bytes show whether they are connection-oriented DCE/RPC; a
//! connection that is not is dropped at once and its later segments are
//! skipped without copying.
//! MS-CMRP runs over `ncacn_ip_tcp`; DCE/RPC carried in SMB named pipes
//! (`ncacn_np`) and connection-less DCE/RPC over UDP (version 2.0) are not
//! followed.
//!
//! Memory is bounded whatever the size of the capture: the reader holds
//! one block of the file, and per open connection only the bytes of
//! unfinished PDUs and calls and at most [`tcp::MAX_PENDING_BYTES`] of
//! out-of-order segments per direction. Connections close on FIN from
//! both sides or RST; at most [`MAX_CONNECTIONS`] are followed at once
//! (beyond that the oldest is closed, and a deviation says so).
//!
//! | situation | verdict |
//! |---|---|
//! | a hole in a TCP stream (lost segment, snapshot ended) | [`DeviationKind::Gap`] with its size; the PDU it cuts is dropped |
//! | an IP fragment | [`DeviationKind::IpFragment`], skipped |
//! | a frame shorter than its headers | [`DeviationKind::Truncated`] |
//! | an unknown link type | [`DeviationKind::UnknownLinkType`] (once per type) |
//! | the file ends inside a block | [`DeviationKind::TruncatedFile`], the calls before it are kept |
//! | a corrupt block in the middle | [`CaptureError::Pcap`] after the calls before it |
//!
//! ```no_run
//! use clusctl::capture::{Event, Reader};
//!
//! let file = std::fs::File::open("tests/data/capture_single.pcap")?;
//! for event in Reader::new(file)? {
//!     if let Event::Call(call) = event? {
//!         println!("{} {}", call.call_id(), call.function().name());
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "a std module"
)]

use std::{
    boxed::Box,
    string::{String, ToString},
    vec::Vec,
};

mod packet;
mod source;
pub mod tcp;
pub mod tshark;

use std::collections::{HashMap, VecDeque};
use std::io::Read;

pub use packet::Endpoint;
pub use tshark::{StubRecord, TsharkError};

use crate::rpc;
use packet::{FIN, Frame, RST, SYN};
use source::{Item, Source};
use tcp::{Chunk, Stream};

/// At most this many TCP connections are followed at once.
pub const MAX_CONNECTIONS: usize = 4096;

/// The kind of input, detected from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Format {
    /// libpcap (any byte order, micro- or nanosecond).
    Pcap,
    /// pcapng.
    PcapNg,
    /// tshark's `-T fields` export of DCE/RPC stubs.
    TsharkFields,
}

impl Format {
    /// A short name: `pcap`, `pcapng`, `tshark-fields`.
    ///
    /// ```
    /// assert_eq!(clusctl::capture::Format::PcapNg.label(), "pcapng");
    /// ```
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Pcap => "pcap",
            Self::PcapNg => "pcapng",
            Self::TsharkFields => "tshark-fields",
        }
    }
}

/// Why a capture could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum CaptureError {
    /// Reading the input failed.
    Io(std::io::Error),
    /// The input is neither pcap, pcapng nor a tshark field export.
    NotACapture,
    /// A pcap or pcapng block is malformed.
    Pcap {
        /// Bytes of the file read before the bad block.
        offset: u64,
        /// What was wrong.
        message: String,
    },
    /// A line of a tshark export is malformed.
    Tshark(TsharkError),
}

impl core::fmt::Display for CaptureError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "read error: {e}"),
            Self::NotACapture => f.write_str(
                "not a capture: expected pcap, pcapng or a tshark field export at byte 0",
            ),
            Self::Pcap { offset, message } => {
                write!(f, "capture file: {message} at byte {offset}")
            }
            Self::Tshark(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CaptureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Tshark(e) => Some(e),
            _ => None,
        }
    }
}

/// Something the capture layer tolerated, with where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Deviation {
    /// The frame (1-based), if one is to blame.
    pub frame: Option<u64>,
    /// The TCP connection (client first), if one is concerned.
    #[cfg_attr(feature = "serde", serde(serialize_with = "connection_text"))]
    pub connection: Option<(Endpoint, Endpoint)>,
    /// What happened.
    pub kind: DeviationKind,
}

#[cfg(feature = "serde")]
fn connection_text<S: serde::Serializer>(
    c: &Option<(Endpoint, Endpoint)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match c {
        Some((a, b)) => s.collect_str(&format_args!("{a} -> {b}")),
        None => s.serialize_none(),
    }
}

/// What a [`Deviation`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DeviationKind {
    /// Bytes of a TCP stream that were not captured.
    Gap {
        /// How many.
        bytes: u32,
    },
    /// An IPv4 or IPv6 fragment (not reassembled).
    IpFragment,
    /// A frame shorter than its headers say.
    Truncated {
        /// Which header or payload.
        what: &'static str,
    },
    /// A link type this reader does not decode.
    UnknownLinkType {
        /// The pcap `LINKTYPE_*` value.
        linktype: i32,
    },
    /// The file ends inside a block.
    TruncatedFile {
        /// The bytes of the incomplete block.
        bytes: u64,
    },
    /// More than [`MAX_CONNECTIONS`] at once: this one was closed early.
    TooManyConnections,
    /// Found by the DCE/RPC layer.
    Rpc {
        /// Its description.
        message: String,
    },
}

impl core::fmt::Display for Deviation {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The DCE/RPC layer's messages name their frame themselves.
        if let (Some(frame), false) = (self.frame, matches!(self.kind, DeviationKind::Rpc { .. })) {
            write!(f, "frame {frame}: ")?;
        }
        match &self.kind {
            DeviationKind::Gap { bytes } => write!(f, "{bytes} bytes of the TCP stream missing")?,
            DeviationKind::IpFragment => f.write_str("IP fragment skipped")?,
            DeviationKind::Truncated { what } => write!(f, "frame cut short in the {what}")?,
            DeviationKind::UnknownLinkType { linktype } => {
                write!(f, "link type {linktype} not decoded")?;
            }
            DeviationKind::TruncatedFile { bytes } => {
                write!(f, "the file ends inside a block ({bytes} bytes left)")?;
            }
            DeviationKind::TooManyConnections => {
                write!(
                    f,
                    "more than {MAX_CONNECTIONS} open connections: closed early"
                )?;
            }
            DeviationKind::Rpc { message } => f.write_str(message)?,
        }
        if let Some((a, b)) = &self.connection {
            write!(f, " ({a} -> {b})")?;
        }
        Ok(())
    }
}

/// One finding of the reader.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Event {
    /// A control call, request and (if captured) response.
    Call(rpc::ControlCall),
    /// A call whose stubs are encrypted (packet privacy).
    Encrypted(rpc::EncryptedCall),
    /// Something tolerated.
    Deviation(Deviation),
}

/// Counters of a read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stats {
    /// Frames (packets) read.
    pub frames: u64,
    /// TCP connections seen.
    pub connections: u64,
    /// Of those, connections carrying DCE/RPC.
    pub dcerpc_connections: u64,
    /// TCP segments that only repeated delivered bytes.
    pub retransmissions: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct FlowKey(Endpoint, Endpoint);

/// FNV-1a: the flow table is looked up once per frame, and its keys come
/// from the capture, not from an adversary who could only slow it down.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl core::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Flows = HashMap<FlowKey, Flow, core::hash::BuildHasherDefault<Fnv>>;

impl FlowKey {
    fn new(a: Endpoint, b: Endpoint) -> Self {
        if a <= b { Self(a, b) } else { Self(b, a) }
    }
}

enum Flow {
    /// Not DCE/RPC: segments are skipped.
    Ignored,
    Open(Box<OpenFlow>),
}

struct OpenFlow {
    /// The client (the SYN's sender, else the first sender): side A.
    client: Endpoint,
    server: Endpoint,
    conn: rpc::Connection,
    streams: [Stream; 2],
    fin: [bool; 2],
    opened: u64,
    last_frame: u64,
    counted_dcerpc: bool,
}

/// One connection of a tshark export, holding back the last record: a
/// record of the same call id and type replaces it (tshark prints each
/// fragment's piece before the reassembled stub).
struct Export {
    conn: rpc::Connection,
    pending: Option<StubRecord>,
}

impl Export {
    fn record(&mut self, r: StubRecord) {
        if self
            .pending
            .as_ref()
            .is_some_and(|p| (p.call_id, p.pkt_type) != (r.call_id, r.pkt_type))
        {
            self.flush();
        }
        self.pending = Some(r);
    }

    fn flush(&mut self) {
        let Some(r) = self.pending.take() else {
            return;
        };
        match &r.stub {
            // Control-call stubs are never empty: an empty field is a stub
            // tshark could not decrypt (auth type and level unknown: 0).
            None => self
                .conn
                .push_encrypted(r.frame, r.pkt_type, r.call_id, r.opnum, 0, 0),
            Some(stub) => self
                .conn
                .push_stub(r.frame, r.pkt_type, r.call_id, r.opnum, stub),
        }
    }
}

/// Streams the control calls out of a capture; see the [module docs](self).
pub struct Reader<R: Read> {
    source: Source<R>,
    format: Format,
    flows: Flows,
    /// Calls fed from a tshark export, one connection per `tcp.stream`.
    exports: HashMap<Option<u32>, Export>,
    events: VecDeque<Event>,
    unknown_links: Vec<i32>,
    stats: Stats,
    opened: u64,
    done: bool,
    /// The read error, returned after the events before it.
    error: Option<CaptureError>,
}

impl<R: Read> core::fmt::Debug for Reader<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reader")
            .field("format", &self.format)
            .field("connections", &self.flows.len())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl<R: Read + Send + 'static> Reader<R> {
    /// Detects the input's format and gets ready to read.
    ///
    /// ```
    /// use clusctl::capture::{Event, Format, Reader};
    ///
    /// // A tshark field export: a GET_CRYPTO_CHECKPOINTS request (NULL
    /// // input, out-buffer 512) and its answer, "1\\MyKey".
    /// let request = format!("{}b5000001{}00020000", "00".repeat(20), "00".repeat(8));
    /// let response = "0002000000000000140000003100\
    ///     5c005c004d0079004b006500790000000000\
    ///     14000000140000000000000000000000";
    /// let export = format!("6\t0\t2\t73\t{request}\n7\t2\t2\t73\t{response}\n");
    /// let len = export.len() as u64;
    /// let mut reader = Reader::new(std::io::Cursor::new(export.into_bytes()))?;
    /// assert_eq!(reader.format(), Format::TsharkFields);
    /// let calls: Vec<_> = reader
    ///     .by_ref()
    ///     .filter_map(|e| match e {
    ///         Ok(Event::Call(call)) => Some(call),
    ///         _ => None,
    ///     })
    ///     .collect();
    /// assert_eq!(calls.len(), 1);
    /// assert_eq!(calls[0].code().to_string(), "CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS");
    /// assert_eq!(calls[0].output().map(<[u8]>::len), Some(20));
    /// assert_eq!(reader.bytes_consumed(), len);
    /// # Ok::<(), clusctl::capture::CaptureError>(())
    /// ```
    ///
    /// # Errors
    /// [`CaptureError::NotACapture`] if the first bytes are no pcap,
    /// pcapng or tshark export header; [`CaptureError::Io`] or
    /// [`CaptureError::Pcap`] if the header cannot be read.
    pub fn new(input: R) -> Result<Self, CaptureError> {
        let (source, format) = Source::open(input)?;
        Ok(Self {
            source,
            format,
            flows: Flows::default(),
            exports: HashMap::new(),
            events: VecDeque::new(),
            unknown_links: Vec::new(),
            stats: Stats::default(),
            opened: 0,
            done: false,
            error: None,
        })
    }
}

impl<R: Read> Reader<R> {
    /// The input's format.
    #[must_use]
    pub fn format(&self) -> Format {
        self.format
    }

    /// Bytes of the input consumed so far (for a progress bar: compare
    /// with the file's length).
    #[must_use]
    pub fn bytes_consumed(&self) -> u64 {
        self.source.consumed()
    }

    /// Counters so far.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The next event; `Ok(None)` once the input is exhausted and every
    /// open connection has been closed out.
    ///
    /// # Errors
    /// A [`CaptureError`] when the input cannot be read further, once:
    /// after the events before it and those of closing the connections
    /// that were open (their calls without response); then `Ok(None)`.
    pub fn next_event(&mut self) -> Result<Option<Event>, CaptureError> {
        loop {
            if let Some(event) = self.events.pop_front() {
                return Ok(Some(event));
            }
            if self.done {
                return match self.error.take() {
                    Some(e) => Err(e),
                    None => Ok(None),
                };
            }
            let mut item_events = Vec::new();
            let more = {
                let flows = &mut self.flows;
                let exports = &mut self.exports;
                let stats = &mut self.stats;
                let unknown = &mut self.unknown_links;
                let opened = &mut self.opened;
                self.source.next(&mut |item| match item {
                    Item::Frame {
                        number,
                        linktype,
                        data,
                    } => {
                        stats.frames += 1;
                        frame(
                            flows,
                            stats,
                            opened,
                            unknown,
                            number,
                            linktype,
                            data,
                            &mut item_events,
                        );
                    }
                    Item::Stubs(records) => {
                        for r in records {
                            let export = exports.entry(r.stream).or_insert_with(|| Export {
                                conn: rpc::Connection::new(),
                                pending: None,
                            });
                            export.record(r.clone());
                            drain(&mut export.conn, None, &mut item_events);
                        }
                    }
                    Item::TruncatedEnd(bytes) => item_events.push(Event::Deviation(Deviation {
                        frame: None,
                        connection: None,
                        kind: DeviationKind::TruncatedFile { bytes },
                    })),
                })
            };
            let more = match more {
                Ok(more) => more,
                Err(e) => {
                    self.events.extend(item_events);
                    self.finish_all();
                    self.error = Some(e);
                    self.done = true;
                    continue;
                }
            };
            self.events.extend(item_events);
            if !more {
                self.finish_all();
                self.done = true;
            }
        }
    }

    /// Closes every open connection (the end of the input).
    fn finish_all(&mut self) {
        let mut open: Vec<(u64, Box<OpenFlow>)> = self
            .flows
            .drain()
            .filter_map(|(_, f)| match f {
                Flow::Open(f) => Some((f.opened, f)),
                Flow::Ignored => None,
            })
            .collect();
        open.sort_by_key(|(o, _)| *o);
        let mut events = Vec::new();
        for (_, mut flow) in open {
            close(&mut flow, &mut events);
        }
        let mut exports: Vec<_> = self.exports.drain().collect();
        exports.sort_by_key(|(stream, _)| *stream);
        for (_, mut export) in exports {
            export.flush();
            export.conn.finish();
            drain(&mut export.conn, None, &mut events);
        }
        self.events.extend(events);
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<Event, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_event() {
            Ok(Some(e)) => Some(Ok(e)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

fn deviation(frame: u64, kind: DeviationKind) -> Event {
    Event::Deviation(Deviation {
        frame: Some(frame),
        connection: None,
        kind,
    })
}

#[expect(
    clippy::too_many_arguments,
    reason = "the reader's fields, split for borrows"
)]
fn frame(
    flows: &mut Flows,
    stats: &mut Stats,
    opened: &mut u64,
    unknown: &mut Vec<i32>,
    number: u64,
    linktype: i32,
    data: &[u8],
    events: &mut Vec<Event>,
) {
    let seg = match packet::parse(linktype, data) {
        Frame::Tcp(seg) => seg,
        Frame::Other => return,
        Frame::Fragment => return events.push(deviation(number, DeviationKind::IpFragment)),
        Frame::Truncated(what) => {
            return events.push(deviation(number, DeviationKind::Truncated { what }));
        }
        Frame::UnknownLink => {
            if !unknown.contains(&linktype) {
                unknown.push(linktype);
                events.push(deviation(
                    number,
                    DeviationKind::UnknownLinkType { linktype },
                ));
            }
            return;
        }
    };
    let key = FlowKey::new(seg.src, seg.dst);
    let syn = seg.flags & SYN != 0;
    let flow = match flows.get_mut(&key) {
        Some(flow) => flow,
        None => {
            // A connection starts with any segment; a bare ACK or FIN
            // without data is not worth following.
            if seg.payload.is_empty() && !syn {
                return;
            }
            if flows.len() >= MAX_CONNECTIONS {
                evict(flows, events);
            }
            stats.connections += 1;
            *opened += 1;
            let client_is_src = !(syn && seg.flags & 0x10 != 0); // SYN+ACK: the server
            let (client, server) = if client_is_src {
                (seg.src, seg.dst)
            } else {
                (seg.dst, seg.src)
            };
            flows.entry(key).or_insert(Flow::Open(Box::new(OpenFlow {
                client,
                server,
                conn: rpc::Connection::new(),
                streams: [Stream::default(), Stream::default()],
                fin: [false; 2],
                opened: *opened,
                last_frame: number,
                counted_dcerpc: false,
            })))
        }
    };
    let Flow::Open(open) = flow else {
        return;
    };
    let (side, index) = if seg.src == open.client {
        (rpc::Side::A, 0)
    } else {
        (rpc::Side::B, 1)
    };
    if syn && seg.flags & 0x10 == 0 && open.fin.iter().any(|f| *f) {
        // A new connection on the same ports: close the old one first.
        let Some(Flow::Open(mut old)) = flows.remove(&key) else {
            return;
        };
        close(&mut old, events);
        return frame(
            flows, stats, opened, unknown, number, linktype, data, events,
        );
    }
    open.last_frame = number;
    {
        let OpenFlow { conn, streams, .. } = &mut **open;
        let retrans = streams[index].retransmissions;
        streams[index].segment(seg.seq, syn, seg.payload, &mut |chunk| match chunk {
            Chunk::Data(bytes) => conn.push(side, number, bytes),
            Chunk::Gap(n) => {
                conn.gap(side, number);
                events.push(Event::Deviation(Deviation {
                    frame: Some(number),
                    connection: None,
                    kind: DeviationKind::Gap { bytes: n },
                }));
            }
        });
        stats.retransmissions += streams[index].retransmissions - retrans;
    }
    let connection = Some((open.client, open.server));
    for e in events.iter_mut() {
        if let Event::Deviation(d) = e
            && d.connection.is_none()
            && matches!(d.kind, DeviationKind::Gap { .. })
        {
            d.connection = connection;
        }
    }
    match open.conn.is_dcerpc() {
        Some(false) => {
            flows.insert(key, Flow::Ignored);
            return;
        }
        Some(true) if !open.counted_dcerpc => {
            open.counted_dcerpc = true;
            stats.dcerpc_connections += 1;
        }
        _ => {}
    }
    drain(&mut open.conn, connection, events);
    if seg.flags & FIN != 0 {
        open.fin[index] = true;
    }
    if (seg.flags & RST != 0 || open.fin == [true; 2])
        && let Some(Flow::Open(mut done)) = flows.remove(&key)
    {
        close(&mut done, events);
    }
}

fn evict(flows: &mut Flows, events: &mut Vec<Event>) {
    flows.retain(|_, f| matches!(f, Flow::Open(_)));
    let oldest = flows
        .iter()
        .filter_map(|(k, f)| match f {
            Flow::Open(f) => Some((f.opened, *k)),
            Flow::Ignored => None,
        })
        .min();
    if flows.len() >= MAX_CONNECTIONS
        && let Some((_, key)) = oldest
        && let Some(Flow::Open(mut flow)) = flows.remove(&key)
    {
        events.push(Event::Deviation(Deviation {
            frame: None,
            connection: Some((flow.client, flow.server)),
            kind: DeviationKind::TooManyConnections,
        }));
        close(&mut flow, events);
    }
}

fn close(flow: &mut OpenFlow, events: &mut Vec<Event>) {
    let connection = Some((flow.client, flow.server));
    let last = flow.last_frame;
    for (index, side) in [(0, rpc::Side::A), (1, rpc::Side::B)] {
        let OpenFlow { conn, streams, .. } = flow;
        let mut gaps = Vec::new();
        streams[index].finish(&mut |chunk| match chunk {
            Chunk::Data(bytes) => conn.push(side, last, bytes),
            Chunk::Gap(n) => {
                conn.gap(side, last);
                gaps.push(n);
            }
        });
        for bytes in gaps {
            events.push(Event::Deviation(Deviation {
                frame: Some(last),
                connection,
                kind: DeviationKind::Gap { bytes },
            }));
        }
    }
    flow.conn.finish();
    drain(&mut flow.conn, connection, events);
}

fn drain(
    conn: &mut rpc::Connection,
    connection: Option<(Endpoint, Endpoint)>,
    events: &mut Vec<Event>,
) {
    while let Some(event) = conn.poll() {
        events.push(match event {
            rpc::Event::Call(call) => Event::Call(call),
            rpc::Event::Encrypted(e) => Event::Encrypted(e),
            rpc::Event::Deviation(d) => Event::Deviation(Deviation {
                frame: d.frame,
                connection,
                kind: DeviationKind::Rpc {
                    message: d.to_string(),
                },
            }),
        });
    }
}
