//! The per-connection tracker: TCP stream bytes (or tshark-exported stubs)
//! in, control calls out.

use alloc::borrow::Cow;
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::vec::Vec;
use core::fmt;

use super::pdu::{AUTH_LEVEL_PKT_PRIVACY, Body, HEADER_LEN, Header, PacketType, Pdu, SyntaxId};
use super::stub::{
    ContextHandle, ProtocolVersion, Request, Response, StubDeviations, StubFormat, TransferSyntax,
};
use super::{Function, Status};
use crate::buffers::{self, Buffer, Direction, Strictness};
use crate::control_code::ControlCode;
use crate::error::DecodeError;

/// One direction of a TCP connection. Which side is the client is found
/// from the PDU types (bind and request come from the client).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// The side that sent the connection's first bytes (or any label the
    /// caller keeps stable).
    A,
    /// The other side.
    B,
}

impl Side {
    const fn index(self) -> usize {
        match self {
            Self::A => 0,
            Self::B => 1,
        }
    }

    /// The other side.
    ///
    /// ```
    /// use clusctl::rpc::Side;
    /// assert_eq!(Side::A.other(), Side::B);
    /// ```
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }
}

/// Memory limits of a [`Connection`].
///
/// ```
/// use clusctl::rpc::Limits;
/// let limits = Limits::default();
/// assert_eq!(limits.max_buffered, 64 << 20);
/// assert_eq!(limits.max_pending, 4096);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Bytes buffered at most: partial PDUs, fragments being reassembled
    /// and the stubs of unanswered requests.
    pub max_buffered: usize,
    /// Unanswered requests kept at most; beyond it the oldest is reported
    /// as a call without response.
    pub max_pending: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_buffered: 64 << 20,
            max_pending: 4096,
        }
    }
}

/// What a [`Deviation`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeviationKind {
    /// Bytes of this side were lost (a TCP gap): the partial PDU and the
    /// fragments being reassembled were dropped.
    Gap,
    /// Bytes that are not a PDU were skipped to find the next header.
    Resync {
        /// How many bytes were skipped.
        skipped: usize,
    },
    /// A PDU could not be decoded (the error's offset is in the PDU).
    Pdu(DecodeError),
    /// A fragment arrived without its first fragment, or a first fragment
    /// replaced an unfinished reassembly.
    Fragment,
    /// A response or fault for a call id with no request on record.
    ResponseWithoutRequest,
    /// A request reused the call id of an unanswered request; the older one
    /// is reported without response.
    DuplicateCallId,
    /// A call's stub broke an NDR rule; strict decoding failed and lenient
    /// decoding went on (the call carries the details).
    Stub {
        /// Which stub.
        direction: Direction,
        /// The strict error.
        error: DecodeError,
    },
    /// A stub could not be decoded even leniently: the call is lost.
    Undecodable {
        /// Which stub.
        direction: Direction,
        /// The error.
        error: DecodeError,
    },
    /// The transfer syntax or protocol version was not known from a bind
    /// and was guessed.
    Guessed {
        /// The format guessed.
        format: StubFormat,
    },
    /// A memory limit was hit and data were dropped.
    CapExceeded,
    /// The capture ended inside a PDU or a fragmented call.
    Incomplete {
        /// The bytes that were left.
        bytes: usize,
    },
    /// A request for a control opnum came without any opnum (tshark export).
    MissingOpnum,
}

/// Something the tracker found that is not as it should be, with where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deviation {
    /// The frame, when known.
    pub frame: Option<u64>,
    /// The call id, when known.
    pub call_id: Option<u32>,
    /// What.
    pub kind: DeviationKind,
}

impl fmt::Display for DeviationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = |d: &Direction| match d {
            Direction::Input => "request",
            Direction::Output => "response",
        };
        match self {
            Self::Gap => f.write_str("bytes lost in the TCP stream; partial PDU dropped"),
            Self::Resync { skipped } => {
                write!(f, "{skipped} bytes skipped to the next PDU header")
            }
            Self::Pdu(err) => write!(f, "bad PDU: {err}"),
            Self::Fragment => f.write_str("fragment out of sequence; reassembly dropped"),
            Self::ResponseWithoutRequest => f.write_str("response without a request"),
            Self::DuplicateCallId => {
                f.write_str("call id reused before the response; older request closed")
            }
            Self::Stub { direction, error } => {
                write!(f, "{} stub: {error} (decoded leniently)", dir(direction))
            }
            Self::Undecodable { direction, error } => {
                write!(f, "{} stub undecodable: {error}", dir(direction))
            }
            Self::Guessed { format } => write!(
                f,
                "no bind seen: stubs read as {} version {}",
                format.syntax.label(),
                match format.version {
                    ProtocolVersion::V2 => 2,
                    ProtocolVersion::V3 => 3,
                }
            ),
            Self::CapExceeded => f.write_str("memory limit reached; data dropped"),
            Self::Incomplete { bytes } => {
                write!(f, "capture ends inside a PDU or call ({bytes} bytes left)")
            }
            Self::MissingOpnum => f.write_str("request without opnum"),
        }
    }
}

/// `frame F: call C: message` (the parts that are known).
///
/// ```
/// use clusctl::rpc::{Deviation, DeviationKind};
/// let d = Deviation { frame: Some(7), call_id: Some(2), kind: DeviationKind::ResponseWithoutRequest };
/// assert_eq!(d.to_string(), "frame 7: call 2: response without a request");
/// ```
impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(frame) = self.frame {
            write!(f, "frame {frame}: ")?;
        }
        if let Some(call_id) = self.call_id {
            write!(f, "call {call_id}: ")?;
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

/// A call whose stubs are encrypted (auth level packet privacy): decrypt
/// the capture with tshark first (see the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EncryptedCall {
    /// The call id.
    pub call_id: u32,
    /// The opnum.
    pub opnum: u16,
    /// The request's frame.
    pub request_frame: u64,
    /// The response's frame, if one was seen.
    pub response_frame: Option<u64>,
    /// `auth_type` (9 SPNEGO, 10 NTLMSSP, 16 Kerberos).
    pub auth_type: u8,
    /// `auth_level` (6 = packet privacy).
    pub auth_level: u8,
}

impl EncryptedCall {
    /// The call, when the opnum is a control call.
    #[must_use]
    pub const fn function(&self) -> Option<Function> {
        Function::from_opnum(self.opnum)
    }
}

/// What the tracker reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A control call, with or without its response.
    Call(ControlCall),
    /// A control call whose stubs are encrypted.
    Encrypted(EncryptedCall),
    /// Something not as it should be.
    Deviation(Deviation),
}

/// A control call: the request's fields and, when a response came, its
/// fields; owned, so it outlives the capture buffers.
///
/// ```
/// use clusctl::ControlCode;
/// use clusctl::rpc::{Connection, ContextHandle, Event, Function, Request, Response, Status, StubFormat};
///
/// let req = Request::new(Function::NodeControl, ContextHandle::default(),
///     ControlCode::new(0x0400_0001), Some(b"in"), 8).to_vec(StubFormat::NDR20)?;
/// let resp = Response::new(8, b"", 16, Status::ERROR_MORE_DATA).to_vec(StubFormat::NDR20)?;
/// let mut conn = Connection::new();
/// conn.push_stub(3, 0, 7, Some(79), &req);
/// conn.push_stub(4, 2, 7, None, &resp);
/// let call = std::iter::from_fn(|| conn.poll())
///     .find_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
///     .unwrap();
/// assert_eq!((call.call_id(), call.opnum(), call.function().name()), (7, 79, "ApiNodeControl"));
/// assert_eq!((call.input(), call.in_buffer_size(), call.out_buffer_size()), (Some(&b"in"[..]), 2, 8));
/// assert_eq!((call.output(), call.bytes_returned(), call.required()), (Some(&b""[..]), Some(0), Some(16)));
/// assert_eq!((call.rpc_status(), call.status(), call.fault()), (Some(0), Some(Status::ERROR_MORE_DATA), None));
/// assert_eq!(call.format(), StubFormat::NDR20);
/// assert!(call.deviations().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlCall {
    call_id: u32,
    function: Function,
    request_frame: u64,
    response_frame: Option<u64>,
    format: StubFormat,
    handles: [ContextHandle; 2],
    type_name: Option<Vec<u8>>,
    code: ControlCode,
    input: Option<Vec<u8>>,
    in_buffer_size: u32,
    out_buffer_size: u32,
    output: Option<Vec<u8>>,
    bytes_returned: Option<u32>,
    required: Option<u32>,
    rpc_status: Option<u32>,
    status: Option<Status>,
    fault: Option<Status>,
    deviations: Vec<(Direction, DecodeError)>,
}

impl ControlCall {
    /// The call id.
    #[must_use]
    pub const fn call_id(&self) -> u32 {
        self.call_id
    }

    /// The call.
    #[must_use]
    pub const fn function(&self) -> Function {
        self.function
    }

    /// The opnum.
    #[must_use]
    pub const fn opnum(&self) -> u16 {
        self.function.opnum()
    }

    /// The frame of the request's last fragment.
    #[must_use]
    pub const fn request_frame(&self) -> u64 {
        self.request_frame
    }

    /// The frame of the response's last fragment, `None` when no response
    /// was seen.
    #[must_use]
    pub const fn response_frame(&self) -> Option<u64> {
        self.response_frame
    }

    /// The format the stubs were read in.
    #[must_use]
    pub const fn format(&self) -> StubFormat {
        self.format
    }

    /// The context handles (the second is zero for one-handle calls).
    #[must_use]
    pub const fn handles(&self) -> &[ContextHandle; 2] {
        &self.handles
    }

    /// `lpszResourceTypeName`'s UTF-16LE code units (NUL included), for
    /// the ResourceType calls.
    #[must_use]
    pub fn type_name_units(&self) -> Option<&[u8]> {
        self.type_name.as_deref()
    }

    /// `dwControlCode`.
    #[must_use]
    pub const fn code(&self) -> ControlCode {
        self.code
    }

    /// `lpInBuffer`, `None` for a NULL pointer.
    #[must_use]
    pub fn input(&self) -> Option<&[u8]> {
        self.input.as_deref()
    }

    /// `lpOutBuffer`'s returned bytes, `None` without a response (or after
    /// a fault).
    #[must_use]
    pub fn output(&self) -> Option<&[u8]> {
        self.output.as_deref()
    }

    /// `nInBufferSize`.
    #[must_use]
    pub const fn in_buffer_size(&self) -> u32 {
        self.in_buffer_size
    }

    /// `nOutBufferSize`.
    #[must_use]
    pub const fn out_buffer_size(&self) -> u32 {
        self.out_buffer_size
    }

    /// `*lpBytesReturned`.
    #[must_use]
    pub const fn bytes_returned(&self) -> Option<u32> {
        self.bytes_returned
    }

    /// `*lpcbRequired`.
    #[must_use]
    pub const fn required(&self) -> Option<u32> {
        self.required
    }

    /// `*rpc_status` (`None` without a response, and in version 2).
    #[must_use]
    pub const fn rpc_status(&self) -> Option<u32> {
        self.rpc_status
    }

    /// The result: the return value, or a fault's status; `None` without
    /// a response.
    #[must_use]
    pub const fn status(&self) -> Option<Status> {
        match self.fault {
            Some(fault) => Some(fault),
            None => self.status,
        }
    }

    /// The status of a fault PDU that answered the call.
    #[must_use]
    pub const fn fault(&self) -> Option<Status> {
        self.fault
    }

    /// The NDR deviations of the stubs (empty when both decoded strictly),
    /// each with its offset in its stub.
    #[must_use]
    pub fn deviations(&self) -> &[(Direction, DecodeError)] {
        &self.deviations
    }

    /// The input decoded by [`buffers::decode`]; `None` for a NULL input.
    ///
    /// ```
    /// use clusctl::buffers::{Buffer, Strictness};
    /// use clusctl::rpc::{Connection, ContextHandle, Event, Function, Request, StubFormat};
    /// let input: Vec<u8> = "1\\\\MyKey\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
    /// let code = clusctl::codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT;
    /// let stub = Request::new(Function::ResourceControl, ContextHandle::default(), code, Some(&input), 0)
    ///     .to_vec(StubFormat::NDR20)?;
    /// let mut conn = Connection::new();
    /// conn.push_stub(1, 0, 4, Some(73), &stub);
    /// conn.finish();
    /// let call = std::iter::from_fn(|| conn.poll())
    ///     .find_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
    ///     .unwrap();
    /// let Some(Ok(Buffer::CryptoCheckpoint(cp))) = call.decoded_input(Strictness::Strict) else { panic!() };
    /// assert!(cp.value().key_container() == "MyKey");
    /// assert!(call.decoded_output(Strictness::Strict).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The buffer's decode errors (offsets in the buffer).
    pub fn decoded_input(&self, strictness: Strictness) -> Option<Result<Buffer<'_>, DecodeError>> {
        self.input
            .as_deref()
            .map(|bytes| buffers::decode(self.code, Direction::Input, bytes, strictness))
    }

    /// The output decoded by [`buffers::decode`]; `None` without output:
    /// no response, a fault, or a failed call that returned no bytes (an
    /// `ERROR_MORE_DATA` answer carries no buffer to decode, only
    /// [`ControlCall::required`]).
    ///
    /// ```
    /// use clusctl::buffers::{Buffer, Strictness};
    /// use clusctl::codes;
    /// use clusctl::rpc::{Connection, ContextHandle, Event, Function, Request, Response, Status, StubFormat};
    ///
    /// let code = codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS;
    /// let out: Vec<u8> = "1\\\\MyKey\0\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
    /// let mut conn = Connection::new();
    /// for (call_id, size, output, status) in [(2, 0, &[][..], Status::ERROR_MORE_DATA), (3, 20, &out[..], Status::ERROR_SUCCESS)] {
    ///     let req = Request::new(Function::ResourceControl, ContextHandle::default(), code, None, size);
    ///     let resp = Response::new(size, output, 20, status);
    ///     conn.push_stub(1, 0, call_id, Some(73), &req.to_vec(StubFormat::NDR20)?);
    ///     conn.push_stub(2, 2, call_id, None, &resp.to_vec(StubFormat::NDR20)?);
    /// }
    /// let calls: Vec<_> = std::iter::from_fn(|| conn.poll())
    ///     .filter_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
    ///     .collect();
    /// assert!(calls[0].decoded_output(Strictness::Strict).is_none());
    /// assert_eq!(calls[0].required(), Some(20));
    /// let Some(Ok(Buffer::CryptoCheckpoints(list))) = calls[1].decoded_output(Strictness::Strict) else { panic!() };
    /// assert_eq!(list.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The buffer's decode errors (offsets in the buffer).
    pub fn decoded_output(
        &self,
        strictness: Strictness,
    ) -> Option<Result<Buffer<'_>, DecodeError>> {
        let failed = self.status().is_some_and(|s| !s.is_success());
        self.output
            .as_deref()
            .filter(|bytes| !(failed && bytes.is_empty()))
            .map(|bytes| buffers::decode(self.code, Direction::Output, bytes, strictness))
    }
}

#[derive(Clone, Copy, Debug)]
struct Context {
    clusapi: bool,
    version: ProtocolVersion,
    syntax: TransferSyntax,
}

#[derive(Debug)]
struct Partial {
    stub: Vec<u8>,
    encrypted: Option<(u8, u8)>,
}

#[derive(Debug)]
struct Pending {
    frame: u64,
    function: Function,
    opnum: u16,
    /// The presentation context (`None` from a tshark export): its format
    /// is looked up when the call completes.
    context_id: Option<u16>,
    stub: Vec<u8>,
    encrypted: Option<(u8, u8)>,
    seq: u64,
}

/// The DCE/RPC tracker of one TCP connection: feed it the bytes of each
/// direction in order ([`Connection::push`]), or stubs already reassembled
/// by tshark ([`Connection::push_stub`]); take the control calls and
/// deviations out with [`Connection::poll`] after each push (events wait
/// in a queue until polled; everything else the tracker holds is bounded
/// by its [`Limits`]: unanswered requests, fragments being joined, one
/// partial PDU per side).
///
/// ```
/// use clusctl::ControlCode;
/// use clusctl::rpc::{ContextHandle, Connection, Event, Function, Request, Response, Side, Status, StubFormat};
/// use clusctl::rpc::pdu::{fragments, Body};
///
/// let code = ControlCode::new(0x0100_00B5);
/// let req = Request::new(Function::ResourceControl, ContextHandle::default(), code, None, 512)
///     .to_vec(StubFormat::NDR20)?;
/// let resp = Response::new(512, b"x\0\0\0", 0, Status::ERROR_SUCCESS).to_vec(StubFormat::NDR20)?;
///
/// let mut conn = Connection::new();
/// for pdu in fragments(Body::Request { alloc_hint: 0, context_id: 0, opnum: 73, object: None, stub: &req }, 2, 4096)? {
///     conn.push(Side::A, 6, &pdu);
/// }
/// for pdu in fragments(Body::Response { alloc_hint: 0, context_id: 0, cancel_count: 0, stub: &resp }, 2, 4096)? {
///     conn.push(Side::B, 7, &pdu);
/// }
/// assert_eq!(conn.is_dcerpc(), Some(true));
/// let mut calls = Vec::new();
/// while let Some(event) = conn.poll() {
///     if let Event::Call(call) = event { calls.push(call); }
/// }
/// assert_eq!(calls.len(), 1);
/// assert_eq!(calls[0].code(), code);
/// assert_eq!((calls[0].request_frame(), calls[0].response_frame()), (6, Some(7)));
/// assert_eq!(calls[0].status(), Some(Status::ERROR_SUCCESS));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Connection {
    limits: Limits,
    streams: [Vec<u8>; 2],
    resync: [bool; 2],
    dcerpc: Option<bool>,
    client: Option<Side>,
    offered: BTreeMap<u32, Vec<(u16, SyntaxId)>>,
    contexts: BTreeMap<u16, Context>,
    partial: BTreeMap<(bool, u32), Partial>,
    pending: BTreeMap<u32, Pending>,
    /// Call ids of recent requests that are not control calls, so that
    /// their responses are not reported as strays.
    ignored: BTreeSet<u32>,
    events: VecDeque<Event>,
    buffered: usize,
    seq: u64,
    guess_reported: bool,
    calls: u64,
    encrypted_calls: u64,
    deviation_count: u64,
    cap_hits: u64,
    scanned: usize,
}

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

/// A connection-oriented header: version 5.0 or 5.1, a connection-oriented
/// packet type, an ASCII IEEE data representation (either byte order).
const fn plausible_header(h: &[u8]) -> bool {
    match h {
        [5, 0 | 1, ptype, _, 0x10 | 0x00, 0, 0, 0, ..] => {
            PacketType::new(*ptype).is_connection_oriented()
        }
        _ => false,
    }
}

impl Connection {
    /// A tracker with the default [`Limits`].
    #[must_use]
    pub fn new() -> Self {
        Self::with_limits(Limits::default())
    }

    /// A tracker with these limits.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Limits};
    /// let conn = Connection::with_limits(Limits { max_buffered: 1 << 20, max_pending: 16 });
    /// assert_eq!(conn.is_dcerpc(), None);
    /// ```
    #[must_use]
    pub fn with_limits(limits: Limits) -> Self {
        Self {
            limits,
            streams: [Vec::new(), Vec::new()],
            resync: [false; 2],
            dcerpc: None,
            client: None,
            offered: BTreeMap::new(),
            contexts: BTreeMap::new(),
            partial: BTreeMap::new(),
            pending: BTreeMap::new(),
            ignored: BTreeSet::new(),
            events: VecDeque::new(),
            buffered: 0,
            seq: 0,
            guess_reported: false,
            calls: 0,
            encrypted_calls: 0,
            deviation_count: 0,
            cap_hits: 0,
            scanned: 0,
        }
    }

    /// Whether the connection carries DCE/RPC: `None` until its first
    /// bytes were seen, `Some(false)` when they are not a PDU header (the
    /// caller may drop the stream; later bytes are ignored).
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Side};
    /// let mut conn = Connection::new();
    /// assert_eq!(conn.is_dcerpc(), None);
    /// conn.push(Side::A, 1, b"SSH-2.0-OpenSSH_9.2\r\n");
    /// assert_eq!(conn.is_dcerpc(), Some(false));
    /// ```
    #[must_use]
    pub const fn is_dcerpc(&self) -> Option<bool> {
        self.dcerpc
    }

    /// The side found to be the client, once known.
    #[must_use]
    pub const fn client(&self) -> Option<Side> {
        self.client
    }

    /// Control calls reported so far.
    #[must_use]
    pub const fn calls(&self) -> u64 {
        self.calls
    }

    /// Encrypted control calls reported so far.
    #[must_use]
    pub const fn encrypted_calls(&self) -> u64 {
        self.encrypted_calls
    }

    /// StubDeviations reported so far.
    #[must_use]
    pub const fn deviation_count(&self) -> u64 {
        self.deviation_count
    }

    /// How often a memory limit was hit.
    #[must_use]
    pub const fn cap_hits(&self) -> u64 {
        self.cap_hits
    }

    /// Bytes currently buffered (partial PDUs, fragments, unanswered
    /// requests' stubs).
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.buffered + self.streams.iter().map(Vec::len).sum::<usize>()
    }

    /// The next event, if any: calls in the order their responses (or the
    /// end of the capture) completed them, deviations where they were found.
    ///
    /// ```
    /// let mut conn = clusctl::rpc::Connection::new();
    /// assert_eq!(conn.poll(), None);
    /// ```
    pub fn poll(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn deviation(&mut self, frame: Option<u64>, call_id: Option<u32>, kind: DeviationKind) {
        if matches!(kind, DeviationKind::CapExceeded) {
            self.cap_hits += 1;
        }
        self.deviation_count += 1;
        self.events.push_back(Event::Deviation(Deviation {
            frame,
            call_id,
            kind,
        }));
    }

    /// Feeds in-order stream bytes of `side`, all from `frame`. A PDU may
    /// be split anywhere; at most one partial PDU per side is buffered.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Side};
    /// // The first half of a 60-byte request PDU header
    /// let mut conn = Connection::new();
    /// conn.push(Side::A, 6, &[5, 0, 0, 3, 0x10, 0, 0, 0]);
    /// conn.push(Side::A, 6, &[60, 0, 0, 0, 2, 0, 0, 0]);
    /// assert_eq!(conn.buffered(), 16);
    /// ```
    pub fn push(&mut self, side: Side, frame: u64, data: &[u8]) {
        if self.dcerpc == Some(false) || data.is_empty() {
            return;
        }
        let i = side.index();
        if self.streams[i].is_empty() {
            let used = self.consume(side, frame, data);
            if let Some(rest) = data.get(used..) {
                self.stash(side, frame, rest);
            }
        } else {
            let mut buf = core::mem::take(&mut self.streams[i]);
            buf.extend_from_slice(data);
            let used = self.consume(side, frame, &buf);
            buf.drain(..used.min(buf.len()));
            if self.dcerpc == Some(false) {
                return;
            }
            if buf.len() > usize::from(u16::MAX) {
                self.deviation(Some(frame), None, DeviationKind::CapExceeded);
                buf.clear();
            }
            self.streams[i] = buf;
        }
    }

    fn stash(&mut self, side: Side, frame: u64, rest: &[u8]) {
        if rest.is_empty() || self.dcerpc == Some(false) {
            return;
        }
        // A PDU is at most 65,535 bytes: more than that unparsed is a bug
        // of the stream, not a PDU to wait for.
        if rest.len() > usize::from(u16::MAX) {
            self.deviation(Some(frame), None, DeviationKind::CapExceeded);
            return;
        }
        self.streams[side.index()].extend_from_slice(rest);
    }

    /// Parses whole PDUs from `data`; returns the bytes used.
    fn consume(&mut self, side: Side, frame: u64, data: &[u8]) -> usize {
        let i = side.index();
        let mut at = 0;
        while let Some(rest) = data.get(at..) {
            if rest.len() < HEADER_LEN {
                break;
            }
            if self.resync[i] || !plausible_header(rest) {
                // A stream that starts with something else is not DCE/RPC,
                // unless the caller said its start was lost (then look for a
                // header for up to 64 KiB).
                if self.dcerpc.is_none() && (!self.resync[i] || self.scanned > 1 << 16) {
                    self.dcerpc = Some(false);
                    return data.len();
                }
                let skip = (1..rest.len().saturating_sub(HEADER_LEN - 1))
                    .find(|&k| rest.get(k..).is_some_and(plausible_header))
                    .unwrap_or(0);
                let found = if self.resync[i] && plausible_header(rest) {
                    0
                } else {
                    skip
                };
                if found == 0 && !plausible_header(rest) {
                    // No header in sight: keep the last 15 bytes.
                    let keep = HEADER_LEN - 1;
                    let skipped = rest.len() - keep;
                    self.scanned = self.scanned.saturating_add(skipped);
                    self.deviation(Some(frame), None, DeviationKind::Resync { skipped });
                    at += skipped;
                    break;
                }
                if found > 0 {
                    self.scanned = self.scanned.saturating_add(found);
                    self.deviation(Some(frame), None, DeviationKind::Resync { skipped: found });
                }
                at += found;
                self.resync[i] = false;
                continue;
            }
            let header = match Header::decode(rest) {
                Ok(h) => h,
                Err(err) => {
                    self.deviation(Some(frame), None, DeviationKind::Pdu(err));
                    self.resync[i] = true;
                    at += 1;
                    continue;
                }
            };
            let len = usize::from(header.frag_length);
            let Some(pdu) = rest.get(..len) else { break };
            self.dcerpc = Some(true);
            self.pdu(side, frame, pdu);
            at += len;
        }
        at
    }

    /// Notes that bytes of `side` were lost before `frame`: the partial PDU
    /// and this side's fragment reassemblies are dropped, and the next
    /// bytes are scanned for a PDU header.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, DeviationKind, Event, Side};
    /// let mut conn = Connection::new();
    /// conn.push(Side::A, 1, &[5, 0, 0, 3, 0x10, 0, 0, 0, 60, 0, 0, 0, 2, 0, 0, 0]);
    /// conn.gap(Side::A, 2);
    /// assert_eq!(conn.buffered(), 0);
    /// assert!(matches!(conn.poll(), Some(Event::Deviation(d)) if d.kind == DeviationKind::Gap));
    /// ```
    pub fn gap(&mut self, side: Side, frame: u64) {
        let i = side.index();
        self.streams[i].clear();
        self.resync[i] = true;
        let response = self.client.map(|c| c != side);
        let dropped: Vec<(bool, u32)> = self
            .partial
            .keys()
            .filter(|(is_resp, _)| response.is_none_or(|r| r == *is_resp))
            .copied()
            .collect();
        for key in dropped {
            if let Some(p) = self.partial.remove(&key) {
                self.buffered = self.buffered.saturating_sub(p.stub.len());
            }
        }
        self.deviation(Some(frame), None, DeviationKind::Gap);
    }

    /// Ends the capture: unanswered requests become calls without a
    /// response (in call order), unfinished PDUs and fragments are
    /// reported.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Event};
    /// let mut conn = Connection::new();
    /// conn.push_stub(1, 0, 4, Some(79), &[0; 36]); // ApiNodeControl, no answer
    /// conn.finish();
    /// let call = std::iter::from_fn(|| conn.poll())
    ///     .find_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
    ///     .unwrap();
    /// assert_eq!((call.request_frame(), call.response_frame(), call.status()), (1, None, None));
    /// ```
    pub fn finish(&mut self) {
        let left: usize = self.streams.iter().map(Vec::len).sum::<usize>()
            + self.partial.values().map(|p| p.stub.len()).sum::<usize>();
        if left > 0 || !self.partial.is_empty() {
            self.deviation(None, None, DeviationKind::Incomplete { bytes: left });
        }
        self.streams = [Vec::new(), Vec::new()];
        self.partial.clear();
        let mut pending: Vec<(u32, Pending)> =
            core::mem::take(&mut self.pending).into_iter().collect();
        pending.sort_by_key(|(_, p)| p.seq);
        for (call_id, p) in pending {
            self.complete(call_id, p, None);
        }
        self.buffered = 0;
    }

    /// Feeds one stub already reassembled (and, for sealed traffic,
    /// decrypted) by tshark: `pdu_type` 0 for a request (with its opnum), 2
    /// for a response (paired by `call_id`); other types are ignored.
    ///
    /// The transfer syntax and version are not in tshark's export: unless
    /// a bind was pushed earlier, each request is read as NDR20 when that
    /// decodes strictly, else as NDR64 when that does, else as NDR20
    /// leniently; a response as version 3, then version 2, the same way.
    /// The guess is reported once per connection as
    /// [`DeviationKind::Guessed`].
    ///
    /// ```
    /// use clusctl::ControlCode;
    /// use clusctl::rpc::{ContextHandle, Connection, Event, Function, Request, Response, Status, StubFormat};
    ///
    /// let req = Request::new(Function::GroupControl, ContextHandle::default(),
    ///     ControlCode::new(0x0300_0001), None, 0).to_vec(StubFormat::NDR64)?;
    /// let resp = Response::new(0, b"", 0, Status::ERROR_SUCCESS).to_vec(StubFormat::NDR64)?;
    /// let mut conn = Connection::new();
    /// conn.push_stub(10, 0, 5, Some(77), &req);
    /// conn.push_stub(11, 2, 5, None, &resp);
    /// let call = std::iter::from_fn(|| conn.poll())
    ///     .find_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
    ///     .unwrap();
    /// assert_eq!(call.format(), StubFormat::NDR64);
    /// assert_eq!(call.response_frame(), Some(11));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_stub(
        &mut self,
        frame: u64,
        pdu_type: u8,
        call_id: u32,
        opnum: Option<u16>,
        stub: &[u8],
    ) {
        self.dcerpc = Some(true);
        match PacketType::new(pdu_type) {
            PacketType::REQUEST => {
                let Some(opnum) = opnum else {
                    self.deviation(Some(frame), Some(call_id), DeviationKind::MissingOpnum);
                    return;
                };
                self.request(frame, call_id, None, opnum, stub.to_vec(), None);
            }
            PacketType::RESPONSE => self.response(frame, call_id, None, stub, None),
            _ => {}
        }
    }

    /// Feeds a fault (`dcerpc.cn_status`) from a tshark export.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Event, Status};
    /// let mut conn = Connection::new();
    /// conn.push_stub(1, 0, 9, Some(73), &[0; 36]);
    /// conn.push_fault(2, 9, 0x1C01_0002);
    /// let call = std::iter::from_fn(|| conn.poll())
    ///     .find_map(|e| if let Event::Call(c) = e { Some(c) } else { None })
    ///     .unwrap();
    /// assert_eq!(call.status(), Some(Status::NCA_S_OP_RNG_ERROR));
    /// ```
    pub fn push_fault(&mut self, frame: u64, call_id: u32, status: u32) {
        self.dcerpc = Some(true);
        self.response(frame, call_id, None, &[], Some(status));
    }

    /// Feeds an encrypted request (`pdu_type` 0, with its opnum) or
    /// response (2) from a tshark export that had no keys.
    ///
    /// ```
    /// use clusctl::rpc::{Connection, Event};
    /// let mut conn = Connection::new();
    /// conn.push_encrypted(1, 0, 3, Some(73), 9, 6);
    /// conn.push_encrypted(2, 2, 3, None, 9, 6);
    /// let Some(Event::Encrypted(call)) = conn.poll() else { panic!() };
    /// assert_eq!((call.auth_type, call.auth_level, call.response_frame), (9, 6, Some(2)));
    /// assert_eq!(conn.encrypted_calls(), 1);
    /// ```
    pub fn push_encrypted(
        &mut self,
        frame: u64,
        pdu_type: u8,
        call_id: u32,
        opnum: Option<u16>,
        auth_type: u8,
        auth_level: u8,
    ) {
        self.dcerpc = Some(true);
        match PacketType::new(pdu_type) {
            PacketType::REQUEST => match opnum {
                Some(opnum) => self.request(
                    frame,
                    call_id,
                    None,
                    opnum,
                    Vec::new(),
                    Some((auth_type, auth_level)),
                ),
                None => self.deviation(Some(frame), Some(call_id), DeviationKind::MissingOpnum),
            },
            PacketType::RESPONSE => self.response(frame, call_id, None, &[], None),
            _ => {}
        }
    }

    fn pdu(&mut self, side: Side, frame: u64, bytes: &[u8]) {
        let pdu = match Pdu::decode(bytes) {
            Ok(pdu) => pdu,
            Err(err) => {
                let call_id = Header::decode(bytes).ok().map(|h| h.call_id);
                self.deviation(Some(frame), call_id, DeviationKind::Pdu(err));
                return;
            }
        };
        let from_client = matches!(
            pdu.packet_type,
            PacketType::BIND | PacketType::ALTER_CONTEXT | PacketType::REQUEST | PacketType::AUTH3
        );
        let from_server = matches!(
            pdu.packet_type,
            PacketType::BIND_ACK
                | PacketType::ALTER_CONTEXT_RESP
                | PacketType::RESPONSE
                | PacketType::FAULT
                | PacketType::BIND_NAK
        );
        if self.client.is_none() {
            if from_client {
                self.client = Some(side);
            } else if from_server {
                self.client = Some(side.other());
            }
        }
        let call_id = pdu.call_id;
        let first = pdu.flags & super::pdu::PFC_FIRST_FRAG != 0;
        let last = pdu.flags & super::pdu::PFC_LAST_FRAG != 0;
        let encrypted = pdu
            .auth
            .filter(|a| a.auth_level >= AUTH_LEVEL_PKT_PRIVACY)
            .map(|a| (a.auth_type, a.auth_level));
        match pdu.body {
            Body::Bind { contexts, .. } => {
                let offered = contexts.iter().map(|c| (c.id, c.abstract_syntax)).collect();
                self.offered.insert(call_id, offered);
                if self.offered.len() > 64 {
                    self.offered.pop_first();
                }
            }
            Body::BindAck { results, .. } => {
                let Some(offered) = self.offered.remove(&call_id) else {
                    return;
                };
                for ((id, syntax), result) in offered.into_iter().zip(results) {
                    if result.result != 0 {
                        continue;
                    }
                    let transfer = if result.transfer_syntax.uuid == SyntaxId::NDR64.uuid {
                        TransferSyntax::Ndr64
                    } else {
                        TransferSyntax::Ndr20
                    };
                    self.contexts.insert(
                        id,
                        Context {
                            clusapi: syntax.is_clusapi(),
                            version: if syntax.major == 2 {
                                ProtocolVersion::V2
                            } else {
                                ProtocolVersion::V3
                            },
                            syntax: transfer,
                        },
                    );
                }
            }
            Body::Request {
                context_id,
                opnum,
                stub,
                ..
            } => {
                let other_interface = self.contexts.get(&context_id).is_some_and(|c| !c.clusapi);
                if other_interface || Function::from_opnum(opnum).is_none() {
                    if first {
                        self.ignore(call_id);
                    }
                    return;
                }
                if let Some(stub) =
                    self.reassemble(frame, (false, call_id), (first, last), stub, encrypted)
                {
                    self.request(
                        frame,
                        call_id,
                        Some(context_id),
                        opnum,
                        stub.into_owned(),
                        encrypted,
                    );
                }
            }
            Body::Response {
                context_id, stub, ..
            } => {
                if !self.pending.contains_key(&call_id) {
                    let ignored = if last {
                        self.ignored.remove(&call_id)
                    } else {
                        self.ignored.contains(&call_id)
                    };
                    let clusapi = self.contexts.get(&context_id).is_none_or(|c| c.clusapi);
                    if !ignored && clusapi && last {
                        self.deviation(
                            Some(frame),
                            Some(call_id),
                            DeviationKind::ResponseWithoutRequest,
                        );
                    }
                    return;
                }
                if let Some(stub) =
                    self.reassemble(frame, (true, call_id), (first, last), stub, encrypted)
                {
                    self.response(frame, call_id, Some(context_id), &stub, None);
                }
            }
            Body::Fault {
                context_id, status, ..
            } => {
                if self.pending.contains_key(&call_id) {
                    self.response(frame, call_id, Some(context_id), &[], Some(status));
                } else {
                    self.ignored.remove(&call_id);
                }
            }
            _ => {}
        }
    }

    /// Joins the fragments of one PDU stream (`key`: response?, call id);
    /// returns the whole stub at the last fragment.
    fn reassemble<'s>(
        &mut self,
        frame: u64,
        key: (bool, u32),
        (first, last): (bool, bool),
        stub: &'s [u8],
        encrypted: Option<(u8, u8)>,
    ) -> Option<Cow<'s, [u8]>> {
        if first {
            if let Some(old) = self.partial.remove(&key) {
                self.buffered = self.buffered.saturating_sub(old.stub.len());
                self.deviation(Some(frame), Some(key.1), DeviationKind::Fragment);
            }
            if last {
                return Some(Cow::Borrowed(if encrypted.is_some() { &[] } else { stub }));
            }
            if self.partial.len() >= self.limits.max_pending
                && let Some((_, old)) = self.partial.pop_first()
            {
                self.buffered = self.buffered.saturating_sub(old.stub.len());
                self.deviation(Some(frame), Some(key.1), DeviationKind::CapExceeded);
            }
            self.partial.insert(
                key,
                Partial {
                    stub: Vec::new(),
                    encrypted,
                },
            );
        }
        let Some(partial) = self.partial.get_mut(&key) else {
            self.deviation(Some(frame), Some(key.1), DeviationKind::Fragment);
            return None;
        };
        if partial.encrypted.is_none() {
            if self.buffered.saturating_add(stub.len()) > self.limits.max_buffered {
                if let Some(p) = self.partial.remove(&key) {
                    self.buffered = self.buffered.saturating_sub(p.stub.len());
                }
                self.deviation(Some(frame), Some(key.1), DeviationKind::CapExceeded);
                return None;
            }
            partial.stub.extend_from_slice(stub);
            self.buffered += stub.len();
        }
        if !last {
            return None;
        }
        let p = self.partial.remove(&key)?;
        self.buffered = self.buffered.saturating_sub(p.stub.len());
        Some(Cow::Owned(p.stub))
    }

    /// Remembers (boundedly) that `call_id` is not a control call.
    fn ignore(&mut self, call_id: u32) {
        self.ignored.insert(call_id);
        if self.ignored.len() > 4096 {
            self.ignored.pop_first();
        }
    }

    fn request(
        &mut self,
        frame: u64,
        call_id: u32,
        context_id: Option<u16>,
        opnum: u16,
        stub: Vec<u8>,
        encrypted: Option<(u8, u8)>,
    ) {
        let Some(function) = Function::from_opnum(opnum) else {
            self.ignore(call_id);
            return;
        };
        self.ignored.remove(&call_id);
        if let Some(old) = self.pending.remove(&call_id) {
            self.buffered = self.buffered.saturating_sub(old.stub.len());
            self.deviation(Some(frame), Some(call_id), DeviationKind::DuplicateCallId);
            self.complete(call_id, old, None);
        }
        if self.pending.len() >= self.limits.max_pending
            && let Some((&oldest, _)) = self.pending.iter().min_by_key(|(_, p)| p.seq)
            && let Some(old) = self.pending.remove(&oldest)
        {
            self.buffered = self.buffered.saturating_sub(old.stub.len());
            self.deviation(Some(frame), Some(oldest), DeviationKind::CapExceeded);
            self.complete(oldest, old, None);
        }
        if self.buffered.saturating_add(stub.len()) > self.limits.max_buffered {
            self.deviation(Some(frame), Some(call_id), DeviationKind::CapExceeded);
            return;
        }
        self.buffered += stub.len();
        self.seq += 1;
        self.pending.insert(
            call_id,
            Pending {
                frame,
                function,
                opnum,
                context_id,
                stub,
                encrypted,
                seq: self.seq,
            },
        );
    }

    fn response(
        &mut self,
        frame: u64,
        call_id: u32,
        _context_id: Option<u16>,
        stub: &[u8],
        fault: Option<u32>,
    ) {
        let Some(pending) = self.pending.remove(&call_id) else {
            if self.ignored.remove(&call_id) {
                return;
            }
            self.deviation(
                Some(frame),
                Some(call_id),
                DeviationKind::ResponseWithoutRequest,
            );
            return;
        };
        self.buffered = self.buffered.saturating_sub(pending.stub.len());
        self.complete(call_id, pending, Some((frame, stub, fault)));
    }

    fn complete(&mut self, call_id: u32, p: Pending, response: Option<(u64, &[u8], Option<u32>)>) {
        if let Some((auth_type, auth_level)) = p.encrypted {
            self.encrypted_calls += 1;
            self.events.push_back(Event::Encrypted(EncryptedCall {
                call_id,
                opnum: p.opnum,
                request_frame: p.frame,
                response_frame: response.map(|(frame, _, _)| frame),
                auth_type,
                auth_level,
            }));
            return;
        }
        let frame = Some(p.frame);
        let known = p
            .context_id
            .and_then(|id| self.contexts.get(&id))
            .map(|c| StubFormat::new(c.syntax, c.version));
        let (req, format, req_devs, strict_err) = match decode_request(&p.stub, p.function, known) {
            Ok(found) => found,
            Err(error) => {
                self.deviation(
                    frame,
                    Some(call_id),
                    DeviationKind::Undecodable {
                        direction: Direction::Input,
                        error,
                    },
                );
                return;
            }
        };
        if known.is_none() && !self.guess_reported {
            self.guess_reported = true;
            self.deviation(frame, Some(call_id), DeviationKind::Guessed { format });
        }
        let mut deviations: Vec<(Direction, DecodeError)> =
            req_devs.iter().map(|d| (Direction::Input, *d)).collect();
        if let Some(error) = strict_err {
            self.deviation(
                frame,
                Some(call_id),
                DeviationKind::Stub {
                    direction: Direction::Input,
                    error,
                },
            );
        }
        let mut call = ControlCall {
            call_id,
            function: p.function,
            request_frame: p.frame,
            response_frame: None,
            format,
            handles: *req.handles(),
            type_name: req.type_name().map(|n| n.units().to_vec()),
            code: req.code(),
            input: req.input().map(<[u8]>::to_vec),
            in_buffer_size: req.in_buffer_size(),
            out_buffer_size: req.out_buffer_size(),
            output: None,
            bytes_returned: None,
            required: None,
            rpc_status: None,
            status: None,
            fault: None,
            deviations: Vec::new(),
        };
        if let Some((resp_frame, stub, fault)) = response {
            call.response_frame = Some(resp_frame);
            if let Some(status) = fault {
                call.fault = Some(Status::new(status));
            } else {
                let version = known.map(|f| f.version);
                match decode_response(stub, req.out_buffer_size(), format.syntax, version) {
                    Ok((resp, version, devs, strict_err)) => {
                        call.format.version = version;
                        deviations.extend(devs.iter().map(|d| (Direction::Output, *d)));
                        if let Some(error) = strict_err {
                            self.deviation(
                                Some(resp_frame),
                                Some(call_id),
                                DeviationKind::Stub {
                                    direction: Direction::Output,
                                    error,
                                },
                            );
                        }
                        call.output = Some(resp.output().to_vec());
                        call.bytes_returned = Some(resp.bytes_returned());
                        call.required = Some(resp.required());
                        call.rpc_status = resp.rpc_status();
                        call.status = Some(resp.status());
                    }
                    Err(error) => {
                        self.deviation(
                            Some(resp_frame),
                            Some(call_id),
                            DeviationKind::Undecodable {
                                direction: Direction::Output,
                                error,
                            },
                        );
                    }
                }
            }
        }
        call.deviations = deviations;
        self.calls += 1;
        self.events.push_back(Event::Call(call));
    }
}

type Decoded<'a, T> = (T, StubFormat, StubDeviations, Option<DecodeError>);

/// Strict in the known (or each guessed) format, then lenient.
fn decode_request(
    stub: &[u8],
    function: Function,
    known: Option<StubFormat>,
) -> Result<Decoded<'_, Request<'_>>, DecodeError> {
    let candidates: &[StubFormat] = match known {
        Some(ref f) => core::slice::from_ref(f),
        None => &[StubFormat::NDR20, StubFormat::NDR64],
    };
    let mut first_err = None;
    for &format in candidates {
        match Request::decode_with(stub, function, format, Strictness::Strict) {
            Ok((req, devs)) => return Ok((req, format, devs, None)),
            Err(err) => {
                first_err.get_or_insert(err);
            }
        }
    }
    let format = known.unwrap_or(StubFormat::NDR20);
    let (req, devs) = Request::decode_with(stub, function, format, Strictness::Lenient)?;
    Ok((req, format, devs, first_err))
}

type DecodedResponse<'a> = (
    Response<'a>,
    ProtocolVersion,
    StubDeviations,
    Option<DecodeError>,
);

fn decode_response(
    stub: &[u8],
    out_buffer_size: u32,
    syntax: TransferSyntax,
    known: Option<ProtocolVersion>,
) -> Result<DecodedResponse<'_>, DecodeError> {
    let candidates: &[ProtocolVersion] = match known {
        Some(ref v) => core::slice::from_ref(v),
        None => &[ProtocolVersion::V3, ProtocolVersion::V2],
    };
    let mut first_err = None;
    for &version in candidates {
        let format = StubFormat::new(syntax, version);
        match Response::decode_with(stub, Some(out_buffer_size), format, Strictness::Strict) {
            Ok((resp, devs)) => return Ok((resp, version, devs, None)),
            Err(err) => {
                first_err.get_or_insert(err);
            }
        }
    }
    let version = known.unwrap_or(ProtocolVersion::V3);
    let format = StubFormat::new(syntax, version);
    let (resp, devs) =
        Response::decode_with(stub, Some(out_buffer_size), format, Strictness::Lenient)?;
    Ok((resp, version, devs, first_err))
}
