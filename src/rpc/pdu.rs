//! DCE/RPC connection-oriented PDUs (C706 chapter 12, MS-RPCE): the common
//! header, bind / bind_ack / alter_context (and its response), request,
//! response and fault, with their authentication trailer; decoding and
//! encoding.

use alloc::vec::Vec;
use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, RpcErrorKind};

/// The packet type of a PDU (an open newtype: every value is kept).
///
/// ```
/// use clusctl::rpc::pdu::PacketType;
/// assert_eq!(PacketType::new(0), PacketType::REQUEST);
/// assert_eq!(PacketType::BIND_ACK.name(), Some("bind_ack"));
/// assert_eq!(PacketType::new(99).name(), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PacketType(u8);

impl PacketType {
    /// `request` (0).
    pub const REQUEST: Self = Self(0);
    /// `response` (2).
    pub const RESPONSE: Self = Self(2);
    /// `fault` (3).
    pub const FAULT: Self = Self(3);
    /// `bind` (11).
    pub const BIND: Self = Self(11);
    /// `bind_ack` (12).
    pub const BIND_ACK: Self = Self(12);
    /// `bind_nak` (13).
    pub const BIND_NAK: Self = Self(13);
    /// `alter_context` (14).
    pub const ALTER_CONTEXT: Self = Self(14);
    /// `alter_context_resp` (15).
    pub const ALTER_CONTEXT_RESP: Self = Self(15);
    /// `auth3` (16).
    pub const AUTH3: Self = Self(16);
    /// `shutdown` (17).
    pub const SHUTDOWN: Self = Self(17);
    /// `co_cancel` (18).
    pub const CO_CANCEL: Self = Self(18);
    /// `orphaned` (19).
    pub const ORPHANED: Self = Self(19);

    /// The packet type with this value.
    #[must_use]
    pub const fn new(value: u8) -> Self {
        Self(value)
    }

    /// The value.
    ///
    /// ```
    /// assert_eq!(clusctl::rpc::pdu::PacketType::FAULT.value(), 3);
    /// ```
    #[must_use]
    pub const fn value(self) -> u8 {
        self.0
    }

    /// The C706 name of a connection-oriented packet type.
    ///
    /// ```
    /// use clusctl::rpc::pdu::PacketType;
    /// assert_eq!(PacketType::ALTER_CONTEXT_RESP.name(), Some("alter_context_resp"));
    /// ```
    #[must_use]
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "request",
            2 => "response",
            3 => "fault",
            11 => "bind",
            12 => "bind_ack",
            13 => "bind_nak",
            14 => "alter_context",
            15 => "alter_context_resp",
            16 => "auth3",
            17 => "shutdown",
            18 => "co_cancel",
            19 => "orphaned",
            _ => return None,
        })
    }

    /// Whether a connection-oriented PDU can have this type.
    ///
    /// ```
    /// use clusctl::rpc::pdu::PacketType;
    /// assert!(PacketType::AUTH3.is_connection_oriented());
    /// assert!(!PacketType::new(1).is_connection_oriented()); // connectionless "ping"
    /// ```
    #[must_use]
    pub const fn is_connection_oriented(self) -> bool {
        self.name().is_some()
    }
}

impl fmt::Display for PacketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "packet type {}", self.0),
        }
    }
}

/// `PFC_FIRST_FRAG`.
pub const PFC_FIRST_FRAG: u8 = 0x01;
/// `PFC_LAST_FRAG`.
pub const PFC_LAST_FRAG: u8 = 0x02;
/// `PFC_OBJECT_UUID`: a request carries a 16-byte object UUID.
pub const PFC_OBJECT_UUID: u8 = 0x80;
/// The authentication level `RPC_C_AUTHN_LEVEL_PKT_PRIVACY`: the stub is
/// encrypted.
pub const AUTH_LEVEL_PKT_PRIVACY: u8 = 6;

/// An interface or transfer syntax identifier: a UUID (in its wire form,
/// the first three fields little-endian) and a version.
///
/// ```
/// use clusctl::rpc::pdu::SyntaxId;
/// assert_eq!(SyntaxId::CLUSAPI_V3.to_string(), "b97db8b2-4c63-11cf-bff6-08002be23f2f v3.0");
/// assert_eq!(SyntaxId::NDR64.to_string(), "71710533-beba-4937-8319-b5dbef9ccc36 v1.0");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxId {
    /// The UUID as on the wire (little-endian `time_low`, `time_mid`,
    /// `time_hi`).
    pub uuid: [u8; 16],
    /// The major version.
    pub major: u16,
    /// The minor version.
    pub minor: u16,
}

const fn uuid(time_low: u32, mid: u16, hi: u16, rest: [u8; 8]) -> [u8; 16] {
    let a = time_low.to_le_bytes();
    let b = mid.to_le_bytes();
    let c = hi.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], rest[0], rest[1], rest[2], rest[3],
        rest[4], rest[5], rest[6], rest[7],
    ]
}

const CLUSAPI_UUID: [u8; 16] = uuid(
    0xb97d_b8b2,
    0x4c63,
    0x11cf,
    [0xbf, 0xf6, 0x08, 0x00, 0x2b, 0xe2, 0x3f, 0x2f],
);

impl SyntaxId {
    /// The clusapi interface, version 3.0 (MS-CMRP over TCP).
    pub const CLUSAPI_V3: Self = Self {
        uuid: CLUSAPI_UUID,
        major: 3,
        minor: 0,
    };
    /// The clusapi interface, version 2.0.
    pub const CLUSAPI_V2: Self = Self {
        uuid: CLUSAPI_UUID,
        major: 2,
        minor: 0,
    };
    /// NDR 2.0.
    pub const NDR20: Self = Self {
        uuid: uuid(
            0x8a88_5d04,
            0x1ceb,
            0x11c9,
            [0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60],
        ),
        major: 2,
        minor: 0,
    };
    /// NDR64.
    pub const NDR64: Self = Self {
        uuid: uuid(
            0x7171_0533,
            0xbeba,
            0x4937,
            [0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36],
        ),
        major: 1,
        minor: 0,
    };

    /// Whether this is the clusapi interface (any version).
    ///
    /// ```
    /// use clusctl::rpc::pdu::SyntaxId;
    /// assert!(SyntaxId::CLUSAPI_V2.is_clusapi());
    /// assert!(!SyntaxId::NDR20.is_clusapi());
    /// ```
    #[must_use]
    pub fn is_clusapi(&self) -> bool {
        self.uuid == CLUSAPI_UUID
    }

    fn decode(bytes: &[u8]) -> Self {
        let mut uuid = [0u8; 16];
        uuid.copy_from_slice(bytes.get(..16).unwrap_or(&[0; 16]));
        Self {
            uuid,
            major: le16(bytes, 16),
            minor: le16(bytes, 18),
        }
    }

    fn emit(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.uuid);
        out.extend_from_slice(&self.major.to_le_bytes());
        out.extend_from_slice(&self.minor.to_le_bytes());
    }
}

impl fmt::Display for SyntaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = &self.uuid;
        let time_low = u32::from_le_bytes([u[0], u[1], u[2], u[3]]);
        let mid = u16::from_le_bytes([u[4], u[5]]);
        let hi = u16::from_le_bytes([u[6], u[7]]);
        write!(f, "{time_low:08x}-{mid:04x}-{hi:04x}-")?;
        u[8..10].iter().try_for_each(|b| write!(f, "{b:02x}"))?;
        f.write_str("-")?;
        u[10..].iter().try_for_each(|b| write!(f, "{b:02x}"))?;
        write!(f, " v{}.{}", self.major, self.minor)
    }
}

fn le16(bytes: &[u8], at: usize) -> u16 {
    bytes
        .get(at..at + 2)
        .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

fn le32(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The 16-byte common header of every connection-oriented PDU.
///
/// ```
/// use clusctl::rpc::pdu::{Header, PacketType};
/// let bytes = [5, 0, 0, 3, 0x10, 0, 0, 0, 60, 0, 0, 0, 2, 0, 0, 0];
/// let h = Header::decode(&bytes)?;
/// assert_eq!(h.packet_type, PacketType::REQUEST);
/// assert_eq!((h.frag_length, h.call_id), (60, 2));
/// assert!(h.is_little_endian());
/// # Ok::<(), clusctl::DecodeError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// `rpc_vers_minor` (0 or 1).
    pub minor_version: u8,
    /// `PTYPE`.
    pub packet_type: PacketType,
    /// `pfc_flags`.
    pub flags: u8,
    /// The data representation label (`0x10 0 0 0` for little-endian
    /// ASCII IEEE).
    pub drep: [u8; 4],
    /// The PDU's length, header included.
    pub frag_length: u16,
    /// The length of the authentication value.
    pub auth_length: u16,
    /// The call id.
    pub call_id: u32,
}

/// The size of the common header.
pub const HEADER_LEN: usize = 16;

impl Header {
    /// Decodes the header at the start of `bytes` (lengths in the byte
    /// order the data representation names).
    ///
    /// # Errors
    /// [`DecodeErrorKind::Truncated`]; [`RpcErrorKind::BadVersion`] at byte
    /// 0 or 1 unless the version is 5.0 or 5.1; [`RpcErrorKind::BadLength`]
    /// at byte 8 when `frag_length` is below 16.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let Some(h) = bytes.first_chunk::<HEADER_LEN>() else {
            return Err(DecodeError::new(DecodeErrorKind::Truncated, bytes.len()));
        };
        if h[0] != 5 {
            return Err(rpc(RpcErrorKind::BadVersion, 0));
        }
        if h[1] > 1 {
            return Err(rpc(RpcErrorKind::BadVersion, 1));
        }
        let little = h[4] & 0xF0 != 0;
        let u16_at = |at: usize| {
            let pair = [h[at], h[at + 1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        };
        let quad = [h[12], h[13], h[14], h[15]];
        let header = Self {
            minor_version: h[1],
            packet_type: PacketType(h[2]),
            flags: h[3],
            drep: [h[4], h[5], h[6], h[7]],
            frag_length: u16_at(8),
            auth_length: u16_at(10),
            call_id: if little {
                u32::from_le_bytes(quad)
            } else {
                u32::from_be_bytes(quad)
            },
        };
        if usize::from(header.frag_length) < HEADER_LEN {
            return Err(rpc(RpcErrorKind::BadLength, 8));
        }
        Ok(header)
    }

    /// Whether the data representation is little-endian.
    ///
    /// ```
    /// use clusctl::rpc::pdu::Header;
    /// let be = [5, 0, 0, 3, 0x00, 0, 0, 0, 0, 60, 0, 0, 0, 0, 0, 2];
    /// let h = Header::decode(&be)?;
    /// assert!(!h.is_little_endian());
    /// assert_eq!((h.frag_length, h.call_id), (60, 2));
    /// assert!(h.is_first_fragment() && h.is_last_fragment());
    /// # Ok::<(), clusctl::DecodeError>(())
    /// ```
    #[must_use]
    pub const fn is_little_endian(&self) -> bool {
        self.drep[0] & 0xF0 != 0
    }

    /// Whether `PFC_FIRST_FRAG` is set.
    #[must_use]
    pub const fn is_first_fragment(&self) -> bool {
        self.flags & PFC_FIRST_FRAG != 0
    }

    /// Whether `PFC_LAST_FRAG` is set.
    #[must_use]
    pub const fn is_last_fragment(&self) -> bool {
        self.flags & PFC_LAST_FRAG != 0
    }
}

fn rpc(kind: RpcErrorKind, offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Rpc(kind), offset)
}

fn truncated(at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Truncated, at)
}

/// The authentication trailer (`sec_trailer`) and value of a PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Auth<'a> {
    /// `auth_type` (9 SPNEGO, 10 NTLMSSP, 16 Kerberos, ...).
    pub auth_type: u8,
    /// `auth_level` (6 = packet privacy: the stub is encrypted).
    pub auth_level: u8,
    /// `auth_pad_length`: padding bytes between the stub and the trailer.
    pub pad_length: u8,
    /// `auth_context_id`.
    pub context_id: u32,
    /// The authentication value (`auth_length` bytes).
    pub value: &'a [u8],
}

/// A presentation context offered in a bind or alter_context.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PresentationContext {
    /// `p_cont_id`.
    pub id: u16,
    /// The interface.
    pub abstract_syntax: SyntaxId,
    /// The transfer syntaxes offered.
    pub transfer_syntaxes: Vec<SyntaxId>,
}

/// One result of a bind_ack or alter_context_resp, for the context at the
/// same position in the bind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContextResult {
    /// 0 acceptance, 1 user rejection, 2 provider rejection, 3 negotiate
    /// acknowledgement (bind-time feature negotiation).
    pub result: u16,
    /// The reason (or the feature bits for result 3).
    pub reason: u16,
    /// The accepted transfer syntax.
    pub transfer_syntax: SyntaxId,
}

/// The body of a PDU, by packet type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Body<'a> {
    /// A request.
    Request {
        /// `alloc_hint`.
        alloc_hint: u32,
        /// `p_cont_id`.
        context_id: u16,
        /// The operation number.
        opnum: u16,
        /// The object UUID, when `PFC_OBJECT_UUID` is set.
        object: Option<[u8; 16]>,
        /// The stub (this fragment's part), without auth padding.
        stub: &'a [u8],
    },
    /// A response.
    Response {
        /// `alloc_hint`.
        alloc_hint: u32,
        /// `p_cont_id`.
        context_id: u16,
        /// `cancel_count`.
        cancel_count: u8,
        /// The stub (this fragment's part), without auth padding.
        stub: &'a [u8],
    },
    /// A fault.
    Fault {
        /// `alloc_hint`.
        alloc_hint: u32,
        /// `p_cont_id`.
        context_id: u16,
        /// `cancel_count`.
        cancel_count: u8,
        /// The fault status.
        status: u32,
        /// Any stub data after the fault header.
        stub: &'a [u8],
    },
    /// A bind or alter_context.
    Bind {
        /// `max_xmit_frag`.
        max_xmit: u16,
        /// `max_recv_frag`.
        max_recv: u16,
        /// `assoc_group_id`.
        assoc_group: u32,
        /// The contexts offered.
        contexts: Vec<PresentationContext>,
    },
    /// A bind_ack or alter_context_resp.
    BindAck {
        /// `max_xmit_frag`.
        max_xmit: u16,
        /// `max_recv_frag`.
        max_recv: u16,
        /// `assoc_group_id`.
        assoc_group: u32,
        /// The secondary address (port), its NUL included.
        secondary_address: &'a [u8],
        /// One result per offered context.
        results: Vec<ContextResult>,
    },
    /// A bind_nak.
    BindNak {
        /// `provider_reject_reason`.
        reason: u16,
        /// The rest of the body.
        rest: &'a [u8],
    },
    /// Any other packet type (auth3, shutdown, ...): the body after the
    /// header, before the auth trailer.
    Other {
        /// The body bytes.
        body: &'a [u8],
    },
}

/// A connection-oriented PDU: header fields, body and optional auth
/// trailer. Decoding reads one PDU of exactly `frag_length` bytes;
/// [`Pdu::to_vec`] computes `frag_length` and `auth_length` itself.
///
/// ```
/// use clusctl::rpc::pdu::{Body, PacketType, Pdu, PFC_FIRST_FRAG, PFC_LAST_FRAG};
///
/// let pdu = Pdu {
///     packet_type: PacketType::REQUEST,
///     flags: PFC_FIRST_FRAG | PFC_LAST_FRAG,
///     call_id: 2,
///     body: Body::Request { alloc_hint: 4, context_id: 0, opnum: 73, object: None, stub: &[1, 2, 3, 4] },
///     auth: None,
/// };
/// let bytes = pdu.to_vec()?;
/// assert_eq!(bytes.len(), 28);
/// assert_eq!(Pdu::decode(&bytes)?, pdu);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pdu<'a> {
    /// `PTYPE` (bind and alter_context share [`Body::Bind`], their
    /// responses [`Body::BindAck`]).
    pub packet_type: PacketType,
    /// `pfc_flags`.
    pub flags: u8,
    /// The call id.
    pub call_id: u32,
    /// The body.
    pub body: Body<'a>,
    /// The auth trailer, when `auth_length` is not zero.
    pub auth: Option<Auth<'a>>,
}

impl<'a> Pdu<'a> {
    /// Decodes one little-endian PDU; `bytes` may extend past
    /// `frag_length` (the rest is ignored).
    ///
    /// # Errors
    /// The [`Header::decode`] errors; [`RpcErrorKind::BigEndian`] at byte 4;
    /// [`DecodeErrorKind::Truncated`] when `bytes` is shorter than
    /// `frag_length` or the body than its packet type needs;
    /// [`RpcErrorKind::BadLength`] at byte 10 when the auth trailer does
    /// not fit. Offsets are from the start of the PDU.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        let header = Header::decode(bytes)?;
        if !header.is_little_endian() {
            return Err(rpc(RpcErrorKind::BigEndian, 4));
        }
        let frag_len = usize::from(header.frag_length);
        let pdu = bytes.get(..frag_len).ok_or(truncated(bytes.len()))?;
        let auth_len = usize::from(header.auth_length);
        let (body_end, auth) = if auth_len == 0 {
            (frag_len, None)
        } else {
            let trailer_at = frag_len
                .checked_sub(auth_len + 8)
                .filter(|&at| at >= HEADER_LEN)
                .ok_or(rpc(RpcErrorKind::BadLength, 10))?;
            let t = pdu
                .get(trailer_at..trailer_at + 8)
                .ok_or(truncated(frag_len))?;
            let auth = Auth {
                auth_type: t[0],
                auth_level: t[1],
                pad_length: t[2],
                context_id: le32(t, 4),
                value: pdu.get(trailer_at + 8..).unwrap_or_default(),
            };
            (trailer_at, Some(auth))
        };
        let stub_end = |start: usize| -> Result<usize, DecodeError> {
            let pad = usize::from(auth.map_or(0, |a| a.pad_length));
            body_end
                .checked_sub(pad)
                .filter(|&end| end >= start)
                .ok_or(rpc(RpcErrorKind::BadLength, 10))
        };
        let need = |n: usize| {
            if body_end < n {
                Err(truncated(body_end))
            } else {
                Ok(())
            }
        };
        let body = match header.packet_type {
            PacketType::REQUEST => {
                need(24)?;
                let (object, start) = if header.flags & PFC_OBJECT_UUID != 0 {
                    need(40)?;
                    let mut uuid = [0u8; 16];
                    uuid.copy_from_slice(pdu.get(24..40).unwrap_or(&[0; 16]));
                    (Some(uuid), 40)
                } else {
                    (None, 24)
                };
                Body::Request {
                    alloc_hint: le32(pdu, 16),
                    context_id: le16(pdu, 20),
                    opnum: le16(pdu, 22),
                    object,
                    stub: pdu.get(start..stub_end(start)?).unwrap_or_default(),
                }
            }
            PacketType::RESPONSE => {
                need(24)?;
                Body::Response {
                    alloc_hint: le32(pdu, 16),
                    context_id: le16(pdu, 20),
                    cancel_count: pdu.get(22).copied().unwrap_or(0),
                    stub: pdu.get(24..stub_end(24)?).unwrap_or_default(),
                }
            }
            PacketType::FAULT => {
                need(32)?;
                Body::Fault {
                    alloc_hint: le32(pdu, 16),
                    context_id: le16(pdu, 20),
                    cancel_count: pdu.get(22).copied().unwrap_or(0),
                    status: le32(pdu, 24),
                    stub: pdu.get(32..stub_end(32)?).unwrap_or_default(),
                }
            }
            PacketType::BIND | PacketType::ALTER_CONTEXT => {
                need(28)?;
                let count = usize::from(pdu.get(24).copied().unwrap_or(0));
                let mut contexts = Vec::with_capacity(count.min(16));
                let mut at = 28;
                for _ in 0..count {
                    need(at + 24)?;
                    let n = usize::from(pdu.get(at + 2).copied().unwrap_or(0));
                    need(at + 24 + 20 * n)?;
                    let abstract_syntax = SyntaxId::decode(pdu.get(at + 4..).unwrap_or_default());
                    let transfer_syntaxes = (0..n)
                        .map(|i| SyntaxId::decode(pdu.get(at + 24 + 20 * i..).unwrap_or_default()))
                        .collect();
                    contexts.push(PresentationContext {
                        id: le16(pdu, at),
                        abstract_syntax,
                        transfer_syntaxes,
                    });
                    at += 24 + 20 * n;
                }
                Body::Bind {
                    max_xmit: le16(pdu, 16),
                    max_recv: le16(pdu, 18),
                    assoc_group: le32(pdu, 20),
                    contexts,
                }
            }
            PacketType::BIND_ACK | PacketType::ALTER_CONTEXT_RESP => {
                need(26)?;
                let sec_len = usize::from(le16(pdu, 24));
                need(26 + sec_len)?;
                let secondary_address = pdu.get(26..26 + sec_len).unwrap_or_default();
                let mut at = (26 + sec_len).next_multiple_of(4);
                need(at + 4)?;
                let count = usize::from(pdu.get(at).copied().unwrap_or(0));
                at += 4;
                need(at + 24 * count)?;
                let results = (0..count)
                    .map(|i| {
                        let r = at + 24 * i;
                        ContextResult {
                            result: le16(pdu, r),
                            reason: le16(pdu, r + 2),
                            transfer_syntax: SyntaxId::decode(pdu.get(r + 4..).unwrap_or_default()),
                        }
                    })
                    .collect();
                Body::BindAck {
                    max_xmit: le16(pdu, 16),
                    max_recv: le16(pdu, 18),
                    assoc_group: le32(pdu, 20),
                    secondary_address,
                    results,
                }
            }
            PacketType::BIND_NAK => {
                need(18)?;
                Body::BindNak {
                    reason: le16(pdu, 16),
                    rest: pdu.get(18..body_end).unwrap_or_default(),
                }
            }
            _ => Body::Other {
                body: pdu.get(HEADER_LEN..body_end).unwrap_or_default(),
            },
        };
        Ok(Self {
            packet_type: header.packet_type,
            flags: header.flags,
            call_id: header.call_id,
            body,
            auth,
        })
    }

    /// The stub of a request, response or fault (this fragment's part).
    ///
    /// ```
    /// use clusctl::rpc::pdu::{Body, PacketType, Pdu};
    /// let pdu = Pdu { packet_type: PacketType::AUTH3, flags: 3, call_id: 1,
    ///     body: Body::Other { body: &[] }, auth: None };
    /// assert_eq!(pdu.stub(), None);
    /// ```
    #[must_use]
    pub const fn stub(&self) -> Option<&'a [u8]> {
        match self.body {
            Body::Request { stub, .. } | Body::Response { stub, .. } | Body::Fault { stub, .. } => {
                Some(stub)
            }
            _ => None,
        }
    }

    /// Whether the stub is encrypted (auth level packet privacy).
    ///
    /// ```
    /// use clusctl::rpc::pdu::{Auth, Body, PacketType, Pdu};
    /// let mut pdu = Pdu { packet_type: PacketType::RESPONSE, flags: 3, call_id: 1,
    ///     body: Body::Response { alloc_hint: 0, context_id: 0, cancel_count: 0, stub: &[0; 8] },
    ///     auth: Some(Auth { auth_type: 10, auth_level: 6, pad_length: 0, context_id: 0, value: &[0; 16] }) };
    /// assert!(pdu.is_encrypted());
    /// pdu.auth = None;
    /// assert!(!pdu.is_encrypted());
    /// ```
    #[must_use]
    pub fn is_encrypted(&self) -> bool {
        self.auth
            .is_some_and(|a| a.auth_level >= AUTH_LEVEL_PKT_PRIVACY)
    }

    /// Encodes the PDU, little-endian, computing `frag_length` and
    /// `auth_length`. An auth trailer is preceded by `pad_length` zero
    /// bytes.
    ///
    /// ```
    /// use clusctl::rpc::pdu::{Body, PacketType, Pdu};
    /// let fault = Pdu { packet_type: PacketType::FAULT, flags: 3, call_id: 4,
    ///     body: Body::Fault { alloc_hint: 0, context_id: 0, cancel_count: 0, status: 5, stub: &[] },
    ///     auth: None };
    /// let bytes = fault.to_vec()?;
    /// assert_eq!(bytes.len(), 32);
    /// assert_eq!(Pdu::decode(&bytes)?, fault);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EncodeErrorKind::InvalidValue`] when the PDU would exceed 65,535
    /// bytes or a list exceeds 255 entries.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let invalid = |index| EncodeError::new(EncodeErrorKind::InvalidValue { index });
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(&[5, 0, self.packet_type.0, self.flags, 0x10, 0, 0, 0]);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&self.call_id.to_le_bytes());
        match &self.body {
            Body::Request {
                alloc_hint,
                context_id,
                opnum,
                object,
                stub,
            } => {
                out.extend_from_slice(&alloc_hint.to_le_bytes());
                out.extend_from_slice(&context_id.to_le_bytes());
                out.extend_from_slice(&opnum.to_le_bytes());
                if let Some(object) = object {
                    out.extend_from_slice(object);
                }
                out.extend_from_slice(stub);
            }
            Body::Response {
                alloc_hint,
                context_id,
                cancel_count,
                stub,
            } => {
                out.extend_from_slice(&alloc_hint.to_le_bytes());
                out.extend_from_slice(&context_id.to_le_bytes());
                out.extend_from_slice(&[*cancel_count, 0]);
                out.extend_from_slice(stub);
            }
            Body::Fault {
                alloc_hint,
                context_id,
                cancel_count,
                status,
                stub,
            } => {
                out.extend_from_slice(&alloc_hint.to_le_bytes());
                out.extend_from_slice(&context_id.to_le_bytes());
                out.extend_from_slice(&[*cancel_count, 0]);
                out.extend_from_slice(&status.to_le_bytes());
                out.extend_from_slice(&[0; 4]);
                out.extend_from_slice(stub);
            }
            Body::Bind {
                max_xmit,
                max_recv,
                assoc_group,
                contexts,
            } => {
                out.extend_from_slice(&max_xmit.to_le_bytes());
                out.extend_from_slice(&max_recv.to_le_bytes());
                out.extend_from_slice(&assoc_group.to_le_bytes());
                out.extend_from_slice(&[
                    u8::try_from(contexts.len()).map_err(|_| invalid(0))?,
                    0,
                    0,
                    0,
                ]);
                for (i, c) in contexts.iter().enumerate() {
                    out.extend_from_slice(&c.id.to_le_bytes());
                    let n = u8::try_from(c.transfer_syntaxes.len()).map_err(|_| invalid(i))?;
                    out.extend_from_slice(&[n, 0]);
                    c.abstract_syntax.emit(&mut out);
                    c.transfer_syntaxes.iter().for_each(|t| t.emit(&mut out));
                }
            }
            Body::BindAck {
                max_xmit,
                max_recv,
                assoc_group,
                secondary_address,
                results,
            } => {
                out.extend_from_slice(&max_xmit.to_le_bytes());
                out.extend_from_slice(&max_recv.to_le_bytes());
                out.extend_from_slice(&assoc_group.to_le_bytes());
                let sec_len = u16::try_from(secondary_address.len()).map_err(|_| invalid(0))?;
                out.extend_from_slice(&sec_len.to_le_bytes());
                out.extend_from_slice(secondary_address);
                out.resize(out.len().next_multiple_of(4), 0);
                out.extend_from_slice(&[
                    u8::try_from(results.len()).map_err(|_| invalid(0))?,
                    0,
                    0,
                    0,
                ]);
                for r in results {
                    out.extend_from_slice(&r.result.to_le_bytes());
                    out.extend_from_slice(&r.reason.to_le_bytes());
                    r.transfer_syntax.emit(&mut out);
                }
            }
            Body::BindNak { reason, rest } => {
                out.extend_from_slice(&reason.to_le_bytes());
                out.extend_from_slice(rest);
            }
            Body::Other { body } => out.extend_from_slice(body),
        }
        let mut auth_len = 0u16;
        if let Some(auth) = &self.auth {
            out.resize(out.len() + usize::from(auth.pad_length), 0);
            out.extend_from_slice(&[auth.auth_type, auth.auth_level, auth.pad_length, 0]);
            out.extend_from_slice(&auth.context_id.to_le_bytes());
            out.extend_from_slice(auth.value);
            auth_len = u16::try_from(auth.value.len()).map_err(|_| invalid(0))?;
        }
        let frag_len = u16::try_from(out.len()).map_err(|_| invalid(0))?;
        out[8..10].copy_from_slice(&frag_len.to_le_bytes());
        out[10..12].copy_from_slice(&auth_len.to_le_bytes());
        Ok(out)
    }
}

/// Splits a request or response stub into fragments of at most
/// `max_stub` stub bytes each (at least one fragment, even for an empty
/// stub) and encodes them, with `PFC_FIRST_FRAG` and `PFC_LAST_FRAG` set as
/// C706 says and `alloc_hint` the whole stub's length.
///
/// ```
/// use clusctl::rpc::pdu::{fragments, Body, Pdu};
///
/// let stub = [7u8; 10];
/// let frags = fragments(Body::Response { alloc_hint: 0, context_id: 0, cancel_count: 0, stub: &stub }, 9, 4)?;
/// assert_eq!(frags.len(), 3);
/// let first = Pdu::decode(&frags[0])?;
/// assert_eq!((first.flags, first.stub().unwrap().len()), (1, 4));
/// assert_eq!(Pdu::decode(&frags[2])?.flags, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`EncodeErrorKind::InvalidValue`] for a body that is not a request or
/// response, or a fragment that would exceed 65,535 bytes.
pub fn fragments(
    body: Body<'_>,
    call_id: u32,
    max_stub: usize,
) -> Result<Vec<Vec<u8>>, EncodeError> {
    let invalid = EncodeError::new(EncodeErrorKind::InvalidValue { index: 0 });
    let (packet_type, whole) = match &body {
        Body::Request { stub, .. } => (PacketType::REQUEST, *stub),
        Body::Response { stub, .. } => (PacketType::RESPONSE, *stub),
        _ => return Err(invalid),
    };
    let alloc_hint = u32::try_from(whole.len()).map_err(|_| invalid)?;
    let chunk = max_stub.max(1);
    let count = whole.len().div_ceil(chunk).max(1);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let part = whole
            .get(i * chunk..((i + 1) * chunk).min(whole.len()))
            .unwrap_or_default();
        let mut flags = 0;
        if i == 0 {
            flags |= PFC_FIRST_FRAG;
        }
        if i + 1 == count {
            flags |= PFC_LAST_FRAG;
        }
        let body = match &body {
            Body::Request {
                context_id,
                opnum,
                object,
                ..
            } => Body::Request {
                alloc_hint,
                context_id: *context_id,
                opnum: *opnum,
                object: *object,
                stub: part,
            },
            Body::Response {
                context_id,
                cancel_count,
                ..
            } => Body::Response {
                alloc_hint,
                context_id: *context_id,
                cancel_count: *cancel_count,
                stub: part,
            },
            _ => return Err(invalid),
        };
        let pdu = Pdu {
            packet_type,
            flags: flags
                | if matches!(
                    body,
                    Body::Request {
                        object: Some(_),
                        ..
                    }
                ) {
                    PFC_OBJECT_UUID
                } else {
                    0
                },
            call_id,
            body,
            auth: None,
        };
        out.push(pdu.to_vec()?);
    }
    Ok(out)
}
