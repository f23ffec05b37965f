//! MS-CMRP control calls on the wire: the NDR request and response stubs of
//! the 16 `Api*Control` calls (no allocator needed) and, with `alloc`, the
//! DCE/RPC connection-oriented PDUs that carry them, fragment reassembly and
//! the pairing of responses with requests ([`Connection`]).
//!
//! # The calls
//!
//! | opnum | [`Function`] | `[in]` before `dwControlCode` |
//! |---|---|---|
//! | 72 | `ApiNodeResourceControl` | hResource, hNode |
//! | 73 | `ApiResourceControl` | hResource |
//! | 74 | `ApiNodeResourceTypeControl` | hCluster, lpszResourceTypeName, hNode |
//! | 75 | `ApiResourceTypeControl` | hCluster, lpszResourceTypeName |
//! | 76 / 77 | `ApiNodeGroupControl` / `ApiGroupControl` | hGroup (, hNode) |
//! | 78 / 79 | `ApiNodeNodeControl` / `ApiNodeControl` | hNode (, hHostNode) |
//! | 88 / 89 | `ApiNodeNetworkControl` / `ApiNetworkControl` | hNetwork (, hNode) |
//! | 97 / 98 | `ApiNodeNetInterfaceControl` / `ApiNetInterfaceControl` | hNetInterface (, hNode) |
//! | 105 / 106 | `ApiNodeClusterControl` / `ApiClusterControl` | hCluster (, hHostNode) |
//! | 173 / 174 | `ApiNodeGroupSetControl` / `ApiGroupSetControl` (v3 only; `nOutBufferSize` in `0..=0x7FFFFFFF`) | hGroupSet (, hNode) |
//!
//! # Request stub ([`Request`])
//!
//! Little-endian; alignment is relative to the start of the stub; every
//! padding byte is zero. A context handle is 20 bytes (`u32` attributes and a
//! GUID), aligned to 4.
//!
//! | field | NDR20 | NDR64 |
//! |---|---|---|
//! | first handle | 20 bytes | 20 bytes |
//! | `lpszResourceTypeName` (ResourceType calls) | `max_count u32`, `offset u32` (0), `actual_count u32`, UTF-16LE units (NUL included) | the three counts `u64`, 8-aligned |
//! | second handle (two-handle calls) | 20 bytes, 4-aligned | 20 bytes, 4-aligned |
//! | `dwControlCode` | `u32` | `u32` |
//! | `lpInBuffer` referent id (0 = NULL) | `u32` | `u64`, 8-aligned |
//! | (non-NULL) `max_count`, bytes | `u32`, `max_count` bytes | `u64` 8-aligned, bytes |
//! | `nInBufferSize`, `nOutBufferSize` | `u32`, `u32` (4-aligned) | `u32`, `u32` |
//!
//! # Response stub ([`Response`])
//!
//! | field | NDR20 | NDR64 |
//! |---|---|---|
//! | `lpOutBuffer` `max_count`, `offset` (0), `actual_count` | three `u32` | three `u64` |
//! | bytes | `actual_count` bytes | the same |
//! | `*lpBytesReturned`, `*lpcbRequired` | `u32` each, 4-aligned | the same |
//! | `*rpc_status` (version 3 only) | `u32` | `u32` |
//! | return value ([`Status`]) | `u32` | `u32` |
//!
//! The response carries no opnum: [`Connection`] pairs it with its request
//! by call id, and the request's `nOutBufferSize` is what `max_count` must
//! be.
//!
//! # Checks and verdicts
//!
//! Offsets are bytes from the start of the stub.
//!
//! | input | strict | lenient |
//! |---|---|---|
//! | in-array `max_count` ≠ `nInBufferSize` | [`InSizeMismatch`](RpcErrorKind::InSizeMismatch) at the `max_count` | the `max_count` bytes, deviation |
//! | out `max_count` ≠ request's `nOutBufferSize` | [`OutSizeMismatch`](RpcErrorKind::OutSizeMismatch) at byte 0 | deviation |
//! | array or string `offset` ≠ 0 | [`NonZeroOffset`](RpcErrorKind::NonZeroOffset) at the offset | deviation |
//! | `actual_count` > `max_count` | [`ActualExceedsMax`](RpcErrorKind::ActualExceedsMax) at the `actual_count` | the `actual_count` bytes, deviation |
//! | `actual_count` ≠ `*lpBytesReturned` | [`BytesReturnedMismatch`](RpcErrorKind::BytesReturnedMismatch) at the `actual_count` | deviation |
//! | non-zero padding | [`NonZeroPadding`](RpcErrorKind::NonZeroPadding) at the byte | deviation (re-encoding writes zeros) |
//! | bytes after the last field | [`TrailingData`](DecodeErrorKind::TrailingData) at the first | deviation |
//! | stub too short for its counts | [`Truncated`](DecodeErrorKind::Truncated) at the end | the same error |
//! | type name without final NUL | [`UnterminatedString`](RpcErrorKind::UnterminatedString) | deviation |
//! | GroupSet `nOutBufferSize` > `0x7FFFFFFF` | [`OutOfRange`](RpcErrorKind::OutOfRange) | deviation |
//! | NULL `lpInBuffer`, `nInBufferSize` ≠ 0 | accepted, flagged ([`NullWithSize`](RpcErrorKind::NullWithSize): a v3 server refuses it) | the same |
//! | referent id other than `0x00020000` | accepted and kept | the same |
//! | version 2 response (no `rpc_status`) | decoded with [`ProtocolVersion::V2`] | the same |
//! | big-endian data representation | [`BigEndian`](RpcErrorKind::BigEndian) from [`pdu::Pdu::decode`] | the same |
//!
//! Every stub strict decoding accepts re-encodes byte for byte.
//!
//! ```
//! use clusctl::codes;
//! use clusctl::buffers::{Buffer, Strictness};
//! use clusctl::rpc::{Response, StubFormat};
//!
//! // CAPTURE.md §1.4: the GET_CRYPTO_CHECKPOINTS response, "1\\MyKey".
//! let mut stub = vec![0, 2, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0];
//! stub.extend("1\\\\MyKey\0\0".encode_utf16().flat_map(u16::to_le_bytes));
//! stub.extend([20, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
//! let resp = Response::decode(&stub, Some(512), StubFormat::NDR20)?;
//! assert_eq!(resp.bytes_returned(), 20);
//! let buffer = clusctl::buffers::decode(
//!     codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
//!     clusctl::buffers::Direction::Output,
//!     resp.output(),
//!     Strictness::Strict,
//! )?;
//! assert!(matches!(buffer, Buffer::CryptoCheckpoints(list) if list.len() == 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Connections (`alloc`)
//!
//! [`Connection`] takes the in-order bytes of each direction of a TCP
//! connection. It reads PDU headers (a stream whose first bytes are not a
//! DCE/RPC header is [not DCE/RPC](Connection::is_dcerpc)), learns from
//! bind / alter_context and their acknowledgements which presentation
//! context is clusapi (`b97db8b2-4c63-11cf-bff6-08002be23f2f`, v3.0 or v2.0)
//! with which transfer syntax (NDR20 or NDR64), joins fragments by call id,
//! pairs responses and faults with requests, and reports
//! [`Event::Call`]s. Stubs sealed at packet-privacy level are reported as
//! [`Event::Encrypted`] with their auth type and level and counted, never
//! shown as buffers. Without a bind (a capture started late, or a tshark
//! export fed through [`Connection::push_stub`]) the format is guessed, as
//! [`Connection::push_stub`] explains. Memory is bounded by [`Limits`]:
//! only unfinished calls are kept.
//!
//! | situation | what the tracker does |
//! |---|---|
//! | a stream's first bytes are not a PDU header | [`is_dcerpc`](Connection::is_dcerpc) becomes `Some(false)`; later bytes are ignored |
//! | a PDU split across pushes | buffered: at most one partial PDU (≤ 65,535 bytes) per side |
//! | bytes that are not a header in a DCE/RPC stream | skipped to the next plausible header: [`Resync`](DeviationKind::Resync) |
//! | [`gap`](Connection::gap) | the side's partial PDU and reassemblies dropped ([`Gap`](DeviationKind::Gap)); the next header is searched |
//! | a PDU that does not decode (lengths, big-endian) | [`Pdu`](DeviationKind::Pdu) with the error; the PDU is skipped |
//! | a fragment without its first, or a first twice | [`Fragment`](DeviationKind::Fragment); that reassembly dropped |
//! | a request on another interface's context, or not a control opnum | ignored, and its response too |
//! | a response or fault without request | [`ResponseWithoutRequest`](DeviationKind::ResponseWithoutRequest) |
//! | a call id reused while unanswered | [`DuplicateCallId`](DeviationKind::DuplicateCallId); the older call is reported without response |
//! | a stub that strict decoding refuses | [`Stub`](DeviationKind::Stub); the call is decoded leniently, with [`ControlCall::deviations`] |
//! | a stub too short even for lenient decoding | [`Undecodable`](DeviationKind::Undecodable); no call |
//! | a fault | the call, with [`ControlCall::fault`] as its status and no output |
//! | auth level packet privacy | [`Event::Encrypted`] (auth type and level), [counted](Connection::encrypted_calls) |
//! | no bind seen | the format guessed (NDR20 then NDR64 strictly, else NDR20 leniently; version 3 then 2): [`Guessed`](DeviationKind::Guessed), once |
//! | more than [`Limits::max_pending`] unanswered requests | the oldest reported without response; [`CapExceeded`](DeviationKind::CapExceeded) |
//! | more than [`Limits::max_buffered`] bytes held | that reassembly or request dropped; [`CapExceeded`](DeviationKind::CapExceeded) |
//! | [`finish`](Connection::finish) | unanswered requests become calls without response; leftovers: [`Incomplete`](DeviationKind::Incomplete) |

#[cfg(feature = "alloc")]
mod connection;
mod function;
#[cfg(feature = "serde")]
mod json;
#[cfg(feature = "alloc")]
pub mod pdu;
mod stub;

#[cfg(feature = "alloc")]
pub use connection::{
    Connection, ControlCall, Deviation, DeviationKind, EncryptedCall, Event, Limits, Side,
};
pub use function::{Function, Status};
pub use stub::{
    ContextHandle, DEFAULT_REFERENT, MAX_STUB_DEVIATIONS, ProtocolVersion, Request, Response,
    StubDeviations, StubFormat, TransferSyntax, TypeName,
};

#[cfg(doc)]
use crate::error::{DecodeErrorKind, RpcErrorKind};
