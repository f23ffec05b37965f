//! MS-CMRP control-call stubs and the DCE/RPC tracker: known answers from
//! CAPTURE.md's byte-level examples, every verdict of the module's table,
//! round-trip properties and the connection tracker's behaviour.

use clusctl::buffers::{Buffer, Direction, Strictness};
use clusctl::rpc::pdu::{
    Auth, Body, ContextResult, PFC_FIRST_FRAG, PFC_LAST_FRAG, PacketType, Pdu, PresentationContext,
    SyntaxId, fragments,
};
use clusctl::rpc::{
    Connection, ContextHandle, ControlCall, DeviationKind, Event, Function, Limits,
    ProtocolVersion, Request, Response, Side, Status, StubFormat, TransferSyntax, TypeName,
};
use clusctl::{ControlCode, DecodeErrorKind, RpcErrorKind, codes};
use proptest::prelude::*;

use crate::strategies::{request_parts, response_parts, stub_format};

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

const HANDLE: &str = "00000000 d4c3b2a1 01000200 00030000 00000049";

fn handle() -> ContextHandle {
    ContextHandle::new(hex(HANDLE).try_into().unwrap())
}

/// CAPTURE.md §1.3: get_crypto_checkpoints.req.stub.hex (36 bytes).
fn get_crypto_req() -> Vec<u8> {
    hex(&format!("{HANDLE} b5000001 00000000 00000000 00020000"))
}

/// CAPTURE.md §1.4: get_crypto_checkpoints.resp.stub.hex (48 bytes).
fn get_crypto_resp() -> Vec<u8> {
    hex(
        "00020000 00000000 14000000 31005c005c004d0079004b0065007900 00000000
         14000000 14000000 00000000 00000000",
    )
}

/// CAPTURE.md §1.3: add_crypto_checkpoint.req.stub.hex (60 bytes).
fn add_crypto_req() -> Vec<u8> {
    let mut stub = hex(&format!("{HANDLE} ae004001 00000200 12000000"));
    stub.extend(utf16("1\\\\MyKey\0"));
    stub.extend(hex("0000 12000000 00000000"));
    stub
}

fn err_kind(
    result: Result<impl std::fmt::Debug, clusctl::DecodeError>,
) -> (DecodeErrorKind, usize) {
    let err = result.unwrap_err();
    (err.kind(), err.offset())
}

fn rpc(kind: RpcErrorKind) -> DecodeErrorKind {
    DecodeErrorKind::Rpc(kind)
}

#[test]
fn capture_md_request_get_crypto_checkpoints() {
    let stub = get_crypto_req();
    assert_eq!(stub.len(), 36);
    let req = Request::decode(&stub, Function::ResourceControl, StubFormat::NDR20).unwrap();
    assert_eq!(req.handles()[0], handle());
    assert_eq!(req.code(), codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS);
    assert_eq!(req.input(), None);
    assert_eq!(req.referent(), 0);
    assert_eq!((req.in_buffer_size(), req.out_buffer_size()), (0, 512));
    let built = Request::new(
        Function::ResourceControl,
        handle(),
        codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
        None,
        512,
    );
    assert_eq!(built, req);
    assert_eq!(built.to_vec(StubFormat::NDR20).unwrap(), stub);
    assert_eq!(built.encoded_len(StubFormat::NDR20), 36);
}

#[test]
fn capture_md_request_add_crypto_checkpoint() {
    let stub = add_crypto_req();
    assert_eq!(stub.len(), 60);
    let req = Request::decode(&stub, Function::ResourceControl, StubFormat::NDR20).unwrap();
    assert_eq!(req.code(), codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT);
    assert_eq!(req.referent(), 0x0002_0000);
    assert_eq!(req.input().unwrap().len(), 18);
    assert_eq!(req.in_buffer_size(), 18);
    let Buffer::CryptoCheckpoint(input) = clusctl::buffers::decode(
        req.code(),
        Direction::Input,
        req.input().unwrap(),
        Strictness::Strict,
    )
    .unwrap() else {
        panic!("not a crypto checkpoint input")
    };
    assert!(input.value().key_container() == "MyKey");
    assert_eq!(req.to_vec(StubFormat::NDR20).unwrap(), stub);
}

#[test]
fn capture_md_responses() {
    let stub = get_crypto_resp();
    assert_eq!(stub.len(), 48);
    let resp = Response::decode(&stub, Some(512), StubFormat::NDR20).unwrap();
    assert_eq!((resp.max_count(), resp.offset()), (512, 0));
    assert_eq!(resp.output(), &utf16("1\\\\MyKey\0\0")[..]);
    assert_eq!((resp.bytes_returned(), resp.required()), (20, 20));
    assert_eq!(
        (resp.rpc_status(), resp.status()),
        (Some(0), Status::ERROR_SUCCESS)
    );
    assert_eq!(resp.to_vec(StubFormat::NDR20).unwrap(), stub);

    // more_data.resp.stub.hex (28 bytes)
    let more = hex("00000000 00000000 00000000 00000000 14000000 00000000 ea000000");
    let resp = Response::decode(&more, Some(0), StubFormat::NDR20).unwrap();
    assert_eq!(resp.status(), Status::ERROR_MORE_DATA);
    assert_eq!((resp.bytes_returned(), resp.required()), (0, 20));
    assert_eq!(resp.status().to_string(), "ERROR_MORE_DATA");
    assert_eq!(resp.to_vec(StubFormat::NDR20).unwrap(), more);
}

#[test]
fn ndr64_layouts_have_the_sizes_capture_md_gives() {
    let stub = get_crypto_req();
    let req = Request::decode(&stub, Function::ResourceControl, StubFormat::NDR20).unwrap();
    let wide = req.to_vec(StubFormat::NDR64).unwrap();
    assert_eq!(wide.len(), 40);
    assert_eq!(&wide[24..32], &[0; 8], "8-byte NULL referent at 0x18");
    assert_eq!(
        Request::decode(&wide, Function::ResourceControl, StubFormat::NDR64).unwrap(),
        req
    );

    let stub = get_crypto_resp();
    let resp = Response::decode(&stub, Some(512), StubFormat::NDR20).unwrap();
    let wide = resp.to_vec(StubFormat::NDR64).unwrap();
    assert_eq!(wide.len(), 60);
    assert_eq!(
        &wide[..24],
        &hex("0002000000000000 0000000000000000 1400000000000000")[..]
    );
    assert_eq!(
        Response::decode(&wide, Some(512), StubFormat::NDR64).unwrap(),
        resp
    );
    // The NDR64 request with an input: referent u64, max_count u64 (8-aligned).
    let stub = add_crypto_req();
    let req = Request::decode(&stub, Function::ResourceControl, StubFormat::NDR20).unwrap();
    let wide = req.to_vec(StubFormat::NDR64).unwrap();
    assert_eq!(&wide[24..40], &hex("0000020000000000 1200000000000000")[..]);
    assert_eq!(wide.len(), 40 + 18 + 2 + 8);
}

#[test]
fn version_2_responses_have_no_rpc_status() {
    let v2 = StubFormat::new(TransferSyntax::Ndr20, ProtocolVersion::V2);
    let v3 = get_crypto_resp();
    let mut stub = v3.clone();
    stub.drain(40..44); // rpc_status
    let resp = Response::decode(&stub, Some(512), v2).unwrap();
    assert_eq!(resp.rpc_status(), None);
    assert_eq!(resp.to_vec(v2).unwrap(), stub);
    // A v2 stub read as v3 is one u32 short; a v3 one read as v2 too long.
    assert_eq!(
        err_kind(Response::decode(&stub, Some(512), StubFormat::NDR20)),
        (DecodeErrorKind::Truncated, 44)
    );
    assert_eq!(
        err_kind(Response::decode(&v3, Some(512), v2)),
        (DecodeErrorKind::TrailingData, 44)
    );
}

#[test]
fn every_request_verdict_strict_and_lenient() {
    let f = Function::ResourceControl;
    let lenient = |stub: &[u8]| {
        let (_, devs) =
            Request::decode_with(stub, f, StubFormat::NDR20, Strictness::Lenient).unwrap();
        devs.iter()
            .map(|d| (d.kind(), d.offset()))
            .collect::<Vec<_>>()
    };
    // in max_count != nInBufferSize
    let mut stub = add_crypto_req();
    stub[52] = 0x10;
    let expected = (rpc(RpcErrorKind::InSizeMismatch), 28);
    assert_eq!(
        err_kind(Request::decode(&stub, f, StubFormat::NDR20)),
        expected
    );
    assert_eq!(lenient(&stub), [expected]);
    // non-zero padding
    let mut stub = add_crypto_req();
    stub[51] = 1;
    let expected = (rpc(RpcErrorKind::NonZeroPadding), 51);
    assert_eq!(
        err_kind(Request::decode(&stub, f, StubFormat::NDR20)),
        expected
    );
    assert_eq!(lenient(&stub), [expected]);
    let (req, _) = Request::decode_with(&stub, f, StubFormat::NDR20, Strictness::Lenient).unwrap();
    assert_eq!(
        req.to_vec(StubFormat::NDR20).unwrap(),
        add_crypto_req(),
        "re-encoding writes zeros"
    );
    // missing pad: nInBufferSize's bytes read as padding, then too short
    let mut stub = add_crypto_req();
    stub.drain(50..52);
    assert_eq!(
        err_kind(Request::decode(&stub, f, StubFormat::NDR20)),
        (rpc(RpcErrorKind::NonZeroPadding), 50)
    );
    assert_eq!(
        err_kind(Request::decode_with(
            &stub,
            f,
            StubFormat::NDR20,
            Strictness::Lenient
        )),
        (DecodeErrorKind::Truncated, 58)
    );
    // trailing bytes
    let mut stub = add_crypto_req();
    stub.extend([0; 4]);
    let expected = (DecodeErrorKind::TrailingData, 60);
    assert_eq!(
        err_kind(Request::decode(&stub, f, StubFormat::NDR20)),
        expected
    );
    assert_eq!(lenient(&stub), [expected]);
    // NULL with a size: accepted, flagged in both modes
    let mut stub = get_crypto_req();
    stub[28] = 4;
    let (req, devs) =
        Request::decode_with(&stub, f, StubFormat::NDR20, Strictness::Strict).unwrap();
    assert_eq!((req.input(), req.in_buffer_size()), (None, 4));
    assert_eq!(devs.as_slice()[0].kind(), rpc(RpcErrorKind::NullWithSize));
    assert_eq!(devs.as_slice()[0].offset(), 28);
    assert_eq!(req.to_vec(StubFormat::NDR20).unwrap(), stub);
    // referent 1: legal, kept
    let mut stub = add_crypto_req();
    stub[24..28].copy_from_slice(&[1, 0, 0, 0]);
    let req = Request::decode(&stub, f, StubFormat::NDR20).unwrap();
    assert_eq!(req.referent(), 1);
    assert_eq!(req.to_vec(StubFormat::NDR20).unwrap(), stub);
    // GroupSet out size range
    let mut stub = get_crypto_req();
    stub[32..36].copy_from_slice(&0x8000_0000u32.to_le_bytes());
    assert_eq!(
        err_kind(Request::decode(
            &stub,
            Function::GroupSetControl,
            StubFormat::NDR20
        )),
        (rpc(RpcErrorKind::OutOfRange), 32)
    );
    assert!(Request::decode(&stub, Function::GroupControl, StubFormat::NDR20).is_ok());
    // every truncation is an error, never a panic
    let stub = add_crypto_req();
    for end in 0..stub.len() {
        assert!(Request::decode(&stub[..end], f, StubFormat::NDR20).is_err());
        assert!(
            Request::decode_with(&stub[..end], f, StubFormat::NDR20, Strictness::Lenient).is_err()
        );
    }
}

fn type_name_req() -> Vec<u8> {
    // hCluster, "Disk" (5 units with NUL), pad 2, code, NULL, nIn 0, nOut 8
    let mut stub = hex(HANDLE);
    stub.extend(hex("05000000 00000000 05000000"));
    stub.extend(utf16("Disk\0"));
    stub.extend(hex("0000 01000002 00000000 00000000 08000000"));
    stub
}

#[test]
fn resource_type_names() {
    let f = Function::ResourceTypeControl;
    let stub = type_name_req();
    let req = Request::decode(&stub, f, StubFormat::NDR20).unwrap();
    let name = req.type_name().unwrap();
    assert_eq!(name.chars().collect::<String>(), "Disk");
    assert_eq!((name.max_count(), name.offset()), (5, 0));
    assert_eq!(req.code(), ControlCode::new(0x0200_0001));
    assert_eq!(req.to_vec(StubFormat::NDR20).unwrap(), stub);
    // offset != 0
    let mut bad = stub.clone();
    bad[24] = 1;
    assert_eq!(
        err_kind(Request::decode(&bad, f, StubFormat::NDR20)),
        (rpc(RpcErrorKind::NonZeroOffset), 24)
    );
    // actual > max
    let mut bad = stub.clone();
    bad[20] = 4;
    assert_eq!(
        err_kind(Request::decode(&bad, f, StubFormat::NDR20)),
        (rpc(RpcErrorKind::ActualExceedsMax), 28)
    );
    // max > actual is well-formed and kept
    let mut wide = stub.clone();
    wide[20] = 9;
    let req = Request::decode(&wide, f, StubFormat::NDR20).unwrap();
    assert_eq!(req.type_name().unwrap().max_count(), 9);
    assert_eq!(req.to_vec(StubFormat::NDR20).unwrap(), wide);
    // no NUL
    let mut bad = stub;
    bad[40] = b'!';
    assert_eq!(
        err_kind(Request::decode(&bad, f, StubFormat::NDR20)),
        (rpc(RpcErrorKind::UnterminatedString), 32)
    );
    // the node variant: string, then the second handle
    let disk = utf16("Disk\0");
    let node = Request::new(
        Function::NodeResourceTypeControl,
        handle(),
        ControlCode::new(1),
        Some(b"abc"),
        0,
    )
    .with_type_name(TypeName::new(&disk))
    .with_second_handle(ContextHandle::new([9; 20]));
    let bytes = node.to_vec(StubFormat::NDR20).unwrap();
    assert_eq!(&bytes[44..64], &[9; 20]);
    assert_eq!(
        Request::decode(&bytes, Function::NodeResourceTypeControl, StubFormat::NDR20).unwrap(),
        node
    );
}

#[test]
fn every_response_verdict_strict_and_lenient() {
    let ok = get_crypto_resp();
    let f = StubFormat::NDR20;
    let both = |stub: &[u8], expected: (DecodeErrorKind, usize)| {
        assert_eq!(err_kind(Response::decode(stub, Some(512), f)), expected);
        let (_, devs) = Response::decode_with(stub, Some(512), f, Strictness::Lenient).unwrap();
        assert!(
            devs.iter().any(|d| (d.kind(), d.offset()) == expected),
            "{devs:?}"
        );
    };
    let mut bad = ok.clone();
    bad[1] = 4; // max 1024
    both(&bad, (rpc(RpcErrorKind::OutSizeMismatch), 0));
    assert!(
        Response::decode(&bad, None, f).is_ok(),
        "no request, no size check"
    );
    let mut bad = ok.clone();
    bad[4] = 4;
    both(&bad, (rpc(RpcErrorKind::NonZeroOffset), 4));
    let mut bad = ok.clone();
    bad[32] = 19; // lpBytesReturned
    both(&bad, (rpc(RpcErrorKind::BytesReturnedMismatch), 8));
    let small = Response::new(4, b"abcdefgh", 0, Status::ERROR_SUCCESS);
    let bytes = small.to_vec(f).unwrap();
    assert_eq!(
        err_kind(Response::decode(&bytes, Some(4), f)),
        (rpc(RpcErrorKind::ActualExceedsMax), 8)
    );
    let (lenient, _) = Response::decode_with(&bytes, Some(4), f, Strictness::Lenient).unwrap();
    assert_eq!(lenient.output(), b"abcdefgh");
    // padding
    let odd = Response::new(8, b"abc", 0, Status::ERROR_SUCCESS)
        .to_vec(f)
        .unwrap();
    let mut bad = odd.clone();
    bad[15] = 0xFF;
    assert_eq!(
        err_kind(Response::decode(&bad, Some(8), f)),
        (rpc(RpcErrorKind::NonZeroPadding), 15)
    );
    // every truncation fails
    for end in 0..ok.len() {
        assert!(Response::decode(&ok[..end], Some(512), f).is_err());
    }
}

#[test]
fn ndr20_refuses_what_it_cannot_carry() {
    let stub = get_crypto_resp();
    let resp = Response::decode(&stub, Some(512), StubFormat::NDR20).unwrap();
    let wide = resp.to_vec(StubFormat::NDR64).unwrap();
    let mut bad = wide;
    bad[4] = 1; // max_count 2^32 + 512
    let (resp, _) =
        Response::decode_with(&bad, None, StubFormat::NDR64, Strictness::Lenient).unwrap();
    assert!(resp.to_vec(StubFormat::NDR20).is_err());
    assert!(resp.to_vec(StubFormat::NDR64).is_ok());
    let mut small = [0u8; 10];
    let err = Response::new(0, b"", 0, Status::ERROR_SUCCESS)
        .encode_into(StubFormat::NDR20, &mut small)
        .unwrap_err();
    assert_eq!((err.required(), err.available()), (Some(28), Some(10)));
}

#[test]
fn functions_and_statuses() {
    for f in Function::ALL {
        assert_eq!(Function::from_opnum(f.opnum()), Some(f));
        assert_eq!(Function::from_name(f.name()), Some(f));
        assert_eq!(Function::from_name(f.samba_name()), Some(f));
        assert_eq!(
            f.samba_name().strip_prefix("clusapi_"),
            f.name().strip_prefix("Api")
        );
        assert_eq!(
            f.handles() == 2,
            f.name().starts_with("ApiNode") && f != Function::NodeControl
        );
    }
    let opnums: Vec<u16> = (0..=u16::MAX)
        .filter(|&o| Function::from_opnum(o).is_some())
        .collect();
    assert_eq!(
        opnums,
        [
            72, 73, 74, 75, 76, 77, 78, 79, 88, 89, 97, 98, 105, 106, 173, 174
        ]
    );
    assert_eq!(Status::from_name("ERROR_MORE_DATA"), Some(Status::new(234)));
    assert_eq!(
        Status::new(0x13B2).name(),
        Some("ERROR_CLUSTER_NODE_NOT_FOUND")
    );
    assert_eq!(
        Status::new(0x1707).to_string(),
        "ERROR_CLUSTER_PROPERTY_DATA_TYPE_MISMATCH"
    );
}

proptest! {
    #[test]
    fn requests_round_trip(parts in request_parts(), format in stub_format()) {
        let req = parts.request();
        let bytes = req.to_vec(format).unwrap();
        prop_assert_eq!(req.encoded_len(format), bytes.len());
        let mut exact = vec![0u8; bytes.len()];
        prop_assert_eq!(req.encode_into(format, &mut exact), Ok(bytes.len()));
        prop_assert_eq!(&exact, &bytes);
        if !bytes.is_empty() {
            let err = req.encode_into(format, &mut exact[1..]).unwrap_err();
            prop_assert_eq!(err.required(), Some(bytes.len()));
        }
        let back = Request::decode(&bytes, parts.function, format).unwrap();
        prop_assert_eq!(back, req);
        prop_assert_eq!(back.to_vec(format).unwrap(), bytes.clone());
        let (lenient, devs) =
            Request::decode_with(&bytes, parts.function, format, Strictness::Lenient).unwrap();
        prop_assert_eq!(lenient, req);
        prop_assert!(devs.is_empty());
        for end in 0..bytes.len() {
            prop_assert!(Request::decode(&bytes[..end], parts.function, format).is_err());
        }
    }

    #[test]
    fn responses_round_trip(parts in response_parts(), format in stub_format()) {
        let resp = parts.response(format.version == ProtocolVersion::V3);
        let bytes = resp.to_vec(format).unwrap();
        prop_assert_eq!(resp.encoded_len(format), bytes.len());
        let back = Response::decode(&bytes, Some(parts.out_buffer_size), format).unwrap();
        prop_assert_eq!(back, resp);
        prop_assert_eq!(back.to_vec(format).unwrap(), bytes.clone());
        let (lenient, devs) = Response::decode_with(
            &bytes, Some(parts.out_buffer_size), format, Strictness::Lenient).unwrap();
        prop_assert_eq!(lenient, resp);
        prop_assert!(devs.is_empty());
        for end in 0..bytes.len() {
            prop_assert!(Response::decode(&bytes[..end], None, format).is_err());
        }
    }

    #[test]
    fn strict_acceptance_means_exact_re_encoding(
        parts in request_parts(),
        format in stub_format(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = parts.request().to_vec(format).unwrap();
        for (at, value) in flips {
            let len = bytes.len();
            bytes[at % len] = value;
        }
        match Request::decode(&bytes, parts.function, format) {
            Ok(req) => prop_assert_eq!(req.to_vec(format).unwrap(), bytes.clone()),
            Err(err) => {
                prop_assert!(err.offset() <= bytes.len());
                if let Ok((_, devs)) =
                    Request::decode_with(&bytes, parts.function, format, Strictness::Lenient)
                {
                    prop_assert!(devs.iter().all(|d| d.offset() <= bytes.len()));
                }
            }
        }
    }
}

// ---- PDUs and the connection tracker ----

const CTX: u16 = 0;

fn bind(call_id: u32, contexts: Vec<PresentationContext>) -> Vec<u8> {
    Pdu {
        packet_type: PacketType::BIND,
        flags: PFC_FIRST_FRAG | PFC_LAST_FRAG,
        call_id,
        body: Body::Bind {
            max_xmit: 4280,
            max_recv: 4280,
            assoc_group: 0,
            contexts,
        },
        auth: None,
    }
    .to_vec()
    .unwrap()
}

fn bind_ack(call_id: u32, results: Vec<ContextResult>) -> Vec<u8> {
    Pdu {
        packet_type: PacketType::BIND_ACK,
        flags: PFC_FIRST_FRAG | PFC_LAST_FRAG,
        call_id,
        body: Body::BindAck {
            max_xmit: 4280,
            max_recv: 4280,
            assoc_group: 0x53f0,
            secondary_address: b"49705\0",
            results,
        },
        auth: None,
    }
    .to_vec()
    .unwrap()
}

fn clusapi_bind(syntax: SyntaxId) -> (Vec<u8>, Vec<u8>) {
    (
        bind(
            1,
            vec![PresentationContext {
                id: CTX,
                abstract_syntax: SyntaxId::CLUSAPI_V3,
                transfer_syntaxes: vec![syntax],
            }],
        ),
        bind_ack(
            1,
            vec![ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: syntax,
            }],
        ),
    )
}

fn request_pdus(call_id: u32, opnum: u16, stub: &[u8], max: usize) -> Vec<Vec<u8>> {
    fragments(
        Body::Request {
            alloc_hint: 0,
            context_id: CTX,
            opnum,
            object: None,
            stub,
        },
        call_id,
        max,
    )
    .unwrap()
}

fn response_pdus(call_id: u32, stub: &[u8], max: usize) -> Vec<Vec<u8>> {
    fragments(
        Body::Response {
            alloc_hint: 0,
            context_id: CTX,
            cancel_count: 0,
            stub,
        },
        call_id,
        max,
    )
    .unwrap()
}

fn events(conn: &mut Connection) -> (Vec<ControlCall>, Vec<Event>) {
    let mut calls = Vec::new();
    let mut other = Vec::new();
    while let Some(event) = conn.poll() {
        match event {
            Event::Call(call) => calls.push(call),
            e => other.push(e),
        }
    }
    (calls, other)
}

#[test]
fn capture_md_pdu_sizes() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    assert_eq!(
        (b.len(), ack.len()),
        (72, 60),
        "frames 4 and 5 minus 54 bytes of headers"
    );
    let req = request_pdus(2, 73, &get_crypto_req(), 4096);
    assert_eq!(req[0].len(), 60);
    assert_eq!(
        &req[0][..24],
        &hex("05000003 10000000 3c000000 02000000 24000000 0000 4900")[..]
    );
    let resp = response_pdus(2, &get_crypto_resp(), 4096);
    assert_eq!(resp[0].len(), 72);
    let pdu = Pdu::decode(&b).unwrap();
    assert_eq!(Pdu::decode(&pdu.to_vec().unwrap()).unwrap(), pdu);
    let Body::Bind { contexts, .. } = pdu.body else {
        panic!()
    };
    assert!(contexts[0].abstract_syntax.is_clusapi());
    let pdu = Pdu::decode(&ack).unwrap();
    assert_eq!(pdu.to_vec().unwrap(), ack);
}

#[test]
fn a_whole_conversation_decodes_to_calls() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    let mut conn = Connection::new();
    conn.push(Side::A, 4, &b);
    conn.push(Side::B, 5, &ack);
    for pdu in request_pdus(2, 73, &get_crypto_req(), 4096) {
        conn.push(Side::A, 6, &pdu);
    }
    for pdu in response_pdus(2, &get_crypto_resp(), 4096) {
        conn.push(Side::B, 7, &pdu);
    }
    assert_eq!(conn.is_dcerpc(), Some(true));
    assert_eq!(conn.client(), Some(Side::A));
    let (calls, other) = events(&mut conn);
    assert!(other.is_empty(), "{other:?}");
    let [call] = &calls[..] else {
        panic!("{calls:?}")
    };
    assert_eq!(
        (call.call_id(), call.opnum(), call.function()),
        (2, 73, Function::ResourceControl)
    );
    assert_eq!((call.request_frame(), call.response_frame()), (6, Some(7)));
    assert_eq!(call.code(), codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS);
    assert_eq!((call.in_buffer_size(), call.out_buffer_size()), (0, 512));
    assert_eq!(
        (call.bytes_returned(), call.required(), call.rpc_status()),
        (Some(20), Some(20), Some(0))
    );
    assert_eq!(call.status(), Some(Status::ERROR_SUCCESS));
    assert!(call.decoded_input(Strictness::Strict).is_none());
    let Some(Ok(Buffer::CryptoCheckpoints(list))) = call.decoded_output(Strictness::Strict) else {
        panic!()
    };
    assert_eq!(list.len(), 1);
    assert!(call.deviations().is_empty());
    assert_eq!(conn.buffered(), 0);
}

/// Feeds a whole conversation, cutting both streams at `cut` bytes per
/// push.
fn run(conversation: &[(Side, u64, Vec<u8>)], cut: usize) -> (Vec<ControlCall>, Vec<Event>) {
    let mut conn = Connection::new();
    for (side, frame, bytes) in conversation {
        for chunk in bytes.chunks(cut.max(1)) {
            conn.push(*side, *frame, chunk);
        }
    }
    conn.finish();
    events(&mut conn)
}

/// (function, code, input, output, status)
type CallSpec = (Function, ControlCode, Option<Vec<u8>>, Vec<u8>, Status);

/// (call id, code, input, output, status, nOutBufferSize)
type Summary = (
    u32,
    u32,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Status>,
    u32,
);

fn conversation(syntax: SyntaxId, max_frag: usize) -> Vec<(Side, u64, Vec<u8>)> {
    let format = if syntax == SyntaxId::NDR64 {
        StubFormat::NDR64
    } else {
        StubFormat::NDR20
    };
    let (b, ack) = clusapi_bind(syntax);
    let mut out = vec![(Side::A, 1, b), (Side::B, 2, ack)];
    let mut frame = 3;
    let big: Vec<u8> = (0..5000u32)
        .flat_map(|i| utf16(&format!("1\\\\K{i}\0")))
        .chain([0, 0])
        .collect();
    let calls: Vec<CallSpec> = vec![
        (
            Function::ResourceControl,
            codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
            None,
            vec![],
            Status::ERROR_MORE_DATA,
        ),
        (
            Function::ResourceControl,
            codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
            None,
            big,
            Status::ERROR_SUCCESS,
        ),
        (
            Function::GroupControl,
            ControlCode::new(0x0300_0001),
            Some(b"abcdefg".to_vec()),
            b"xyz".to_vec(),
            Status::ERROR_SUCCESS,
        ),
    ];
    for (i, (function, code, input, output, status)) in calls.into_iter().enumerate() {
        let call_id = 10 + u32::try_from(i).unwrap();
        let out_size = u32::try_from(output.len()).unwrap();
        let req = Request::new(function, handle(), code, input.as_deref(), out_size)
            .to_vec(format)
            .unwrap();
        let required = if status == Status::ERROR_MORE_DATA {
            40000
        } else {
            out_size
        };
        let resp = Response::new(out_size, &output, required, status)
            .to_vec(format)
            .unwrap();
        for pdu in request_pdus(call_id, function.opnum(), &req, max_frag) {
            out.push((Side::A, frame, pdu));
            frame += 1;
        }
        for pdu in response_pdus(call_id, &resp, max_frag) {
            out.push((Side::B, frame, pdu));
            frame += 1;
        }
    }
    out
}

fn summary(calls: &[ControlCall]) -> Vec<Summary> {
    calls
        .iter()
        .map(|c| {
            (
                c.call_id(),
                c.code().value(),
                c.input().map(<[u8]>::to_vec),
                c.output().map(<[u8]>::to_vec),
                c.status(),
                c.out_buffer_size(),
            )
        })
        .collect()
}

#[test]
fn fragmented_ndr64_and_resplit_streams_decode_the_same_calls() {
    let (plain, other) = run(&conversation(SyntaxId::NDR20, 65000 - 100), 1 << 20);
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(plain.len(), 3);
    assert_eq!(plain[0].status(), Some(Status::ERROR_MORE_DATA));
    assert_eq!(plain[0].required(), Some(40000));
    assert_eq!(
        plain[1].output().unwrap().len(),
        plain[1].out_buffer_size() as usize
    );
    let expected = summary(&plain);
    for (syntax, max_frag, cut) in [
        (SyntaxId::NDR20, 4256, 1 << 20),
        (SyntaxId::NDR20, 1000, 1),
        (SyntaxId::NDR20, 4256, 1447),
        (SyntaxId::NDR64, 64000, 1 << 20),
        (SyntaxId::NDR64, 333, 7),
    ] {
        let (calls, other) = run(&conversation(syntax, max_frag), cut);
        assert!(other.is_empty(), "{other:?}");
        assert_eq!(summary(&calls), expected, "{syntax} {max_frag} {cut}");
        let want = if syntax == SyntaxId::NDR64 {
            TransferSyntax::Ndr64
        } else {
            TransferSyntax::Ndr20
        };
        assert!(calls.iter().all(|c| c.format().syntax == want));
    }
}

#[test]
fn ndr64_is_taken_from_the_bind_ack_among_several_offers() {
    let other_if = SyntaxId {
        uuid: [7; 16],
        major: 1,
        minor: 0,
    };
    let b = bind(
        1,
        vec![
            PresentationContext {
                id: 0,
                abstract_syntax: other_if,
                transfer_syntaxes: vec![SyntaxId::NDR20],
            },
            PresentationContext {
                id: 1,
                abstract_syntax: SyntaxId::CLUSAPI_V3,
                transfer_syntaxes: vec![SyntaxId::NDR20],
            },
            PresentationContext {
                id: 2,
                abstract_syntax: SyntaxId::CLUSAPI_V3,
                transfer_syntaxes: vec![SyntaxId::NDR64],
            },
        ],
    );
    let reject = ContextResult {
        result: 2,
        reason: 2,
        transfer_syntax: SyntaxId {
            uuid: [0; 16],
            major: 0,
            minor: 0,
        },
    };
    let ack = bind_ack(
        1,
        vec![
            ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: SyntaxId::NDR20,
            },
            reject,
            ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: SyntaxId::NDR64,
            },
        ],
    );
    let req = Request::new(
        Function::ClusterControl,
        handle(),
        ControlCode::new(0x0700_0001),
        None,
        8,
    )
    .to_vec(StubFormat::NDR64)
    .unwrap();
    let resp = Response::new(8, b"12345678", 8, Status::ERROR_SUCCESS)
        .to_vec(StubFormat::NDR64)
        .unwrap();
    let mut conn = Connection::new();
    conn.push(Side::A, 1, &b);
    conn.push(Side::B, 2, &ack);
    let pdu = |ptype, ctx, opnum, stub: &[u8]| {
        Pdu {
            packet_type: ptype,
            flags: 3,
            call_id: 5,
            body: if ptype == PacketType::REQUEST {
                Body::Request {
                    alloc_hint: 0,
                    context_id: ctx,
                    opnum,
                    object: None,
                    stub,
                }
            } else {
                Body::Response {
                    alloc_hint: 0,
                    context_id: ctx,
                    cancel_count: 0,
                    stub,
                }
            },
            auth: None,
        }
        .to_vec()
        .unwrap()
    };
    // opnum 106 on the other interface's context is not a control call
    conn.push(Side::A, 3, &pdu(PacketType::REQUEST, 0, 106, &req));
    conn.push(Side::B, 4, &pdu(PacketType::RESPONSE, 0, 0, &resp));
    conn.push(Side::A, 5, &pdu(PacketType::REQUEST, 2, 106, &req));
    conn.push(Side::B, 6, &pdu(PacketType::RESPONSE, 2, 0, &resp));
    let (calls, other) = events(&mut conn);
    assert!(other.is_empty(), "{other:?}");
    let [call] = &calls[..] else {
        panic!("{calls:?}")
    };
    assert_eq!(
        (call.request_frame(), call.format()),
        (5, StubFormat::NDR64)
    );
    assert_eq!(call.output(), Some(&b"12345678"[..]));
}

#[test]
fn sealed_calls_are_reported_encrypted_never_as_buffers() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    let sealed = |ptype: PacketType, stub: &[u8]| {
        Pdu {
            packet_type: ptype,
            flags: 3,
            call_id: 2,
            body: if ptype == PacketType::REQUEST {
                Body::Request {
                    alloc_hint: 36,
                    context_id: CTX,
                    opnum: 73,
                    object: None,
                    stub,
                }
            } else {
                Body::Response {
                    alloc_hint: 48,
                    context_id: CTX,
                    cancel_count: 0,
                    stub,
                }
            },
            auth: Some(Auth {
                auth_type: 10,
                auth_level: 6,
                pad_length: 4,
                context_id: 0,
                value: &[0xAA; 16],
            }),
        }
        .to_vec()
        .unwrap()
    };
    let mut conn = Connection::new();
    conn.push(Side::A, 1, &b);
    conn.push(Side::B, 2, &ack);
    conn.push(Side::A, 3, &sealed(PacketType::REQUEST, &[0x5A; 36]));
    conn.push(Side::B, 4, &sealed(PacketType::RESPONSE, &[0x5B; 48]));
    let (calls, other) = events(&mut conn);
    assert!(calls.is_empty());
    let [Event::Encrypted(call)] = &other[..] else {
        panic!("{other:?}")
    };
    assert_eq!(
        (call.call_id, call.opnum, call.auth_type, call.auth_level),
        (2, 73, 10, 6)
    );
    assert_eq!((call.request_frame, call.response_frame), (3, Some(4)));
    assert_eq!(conn.encrypted_calls(), 1);
    let pdu = sealed(PacketType::REQUEST, &[0x5A; 36]);
    let decoded = Pdu::decode(&pdu).unwrap();
    assert_eq!(
        decoded.stub(),
        Some(&[0x5A; 36][..]),
        "auth padding stripped"
    );
    assert!(decoded.is_encrypted());
}

#[test]
fn faults_unanswered_requests_and_strangers() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    let fault = Pdu {
        packet_type: PacketType::FAULT,
        flags: 3,
        call_id: 2,
        body: Body::Fault {
            alloc_hint: 0,
            context_id: CTX,
            cancel_count: 0,
            status: 0x1C01_0002,
            stub: &[],
        },
        auth: None,
    }
    .to_vec()
    .unwrap();
    let mut conn = Connection::new();
    conn.push(Side::B, 1, &b); // roles come from PDU types, not labels
    conn.push(Side::A, 2, &ack);
    conn.push(Side::B, 3, &request_pdus(2, 73, &get_crypto_req(), 4096)[0]);
    conn.push(Side::A, 4, &fault);
    conn.push(Side::B, 5, &request_pdus(3, 77, &get_crypto_req(), 4096)[0]);
    conn.push(Side::A, 6, &response_pdus(99, &get_crypto_resp(), 4096)[0]);
    conn.finish();
    assert_eq!(conn.client(), Some(Side::B));
    let (calls, other) = events(&mut conn);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].status(), Some(Status::NCA_S_OP_RNG_ERROR));
    assert_eq!(calls[0].fault(), Some(Status::NCA_S_OP_RNG_ERROR));
    assert_eq!(calls[0].output(), None);
    assert_eq!(
        (
            calls[1].function(),
            calls[1].response_frame(),
            calls[1].status()
        ),
        (Function::GroupControl, None, None)
    );
    assert!(
        matches!(&other[..], [Event::Deviation(d)] if d.kind == DeviationKind::ResponseWithoutRequest && d.frame == Some(6))
    );

    let mut conn = Connection::new();
    conn.push(Side::A, 1, b"GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    assert_eq!(conn.is_dcerpc(), Some(false));
    conn.push(Side::A, 2, &b);
    assert_eq!(conn.poll(), None);
}

#[test]
fn gaps_drop_the_partial_pdu_and_resync() {
    let conv = conversation(SyntaxId::NDR20, 4256);
    let mut conn = Connection::new();
    for (i, (side, frame, bytes)) in conv.iter().enumerate() {
        if i == 4 {
            // lose the middle of the second call's first request fragment... and
            // resume in the middle of a PDU
            conn.push(*side, *frame, &bytes[..10]);
            conn.gap(*side, *frame);
            conn.push(*side, *frame, &bytes[30..]);
            continue;
        }
        conn.push(*side, *frame, bytes);
    }
    conn.finish();
    let (calls, other) = events(&mut conn);
    assert!(
        other
            .iter()
            .any(|e| matches!(e, Event::Deviation(d) if d.kind == DeviationKind::Gap))
    );
    // calls 10 and 12 survive; 11's request was lost
    let ids: Vec<u32> = calls.iter().map(ControlCall::call_id).collect();
    assert!(ids.contains(&10) && ids.contains(&12), "{ids:?} {other:?}");
    assert!(
        calls
            .iter()
            .all(|c| c.call_id() != 11 || c.deviations().is_empty())
    );
}

#[test]
fn memory_stays_bounded_and_caps_are_reported() {
    let limits = Limits {
        max_buffered: 20_000,
        max_pending: 4,
    };
    let mut conn = Connection::with_limits(limits);
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    conn.push(Side::A, 1, &b);
    conn.push(Side::B, 2, &ack);
    // 10 requests, never answered: only 4 are kept
    for id in 0..10 {
        conn.push(
            Side::A,
            3,
            &request_pdus(100 + id, 73, &get_crypto_req(), 4096)[0],
        );
        assert!(conn.buffered() <= limits.max_buffered);
    }
    // a huge fragmented response that never ends
    let big = vec![0u8; 60_000];
    let frags = response_pdus(103, &big, 4000);
    for f in &frags[..frags.len() - 1] {
        conn.push(Side::B, 4, f);
        assert!(conn.buffered() <= limits.max_buffered + 65_535);
    }
    assert!(conn.cap_hits() >= 1);
    let (calls, other) = events(&mut conn);
    assert_eq!(calls.len(), 6, "the 6 oldest reported without response");
    assert!(calls.iter().all(|c| c.response_frame().is_none()));
    assert!(
        other
            .iter()
            .any(|e| matches!(e, Event::Deviation(d) if d.kind == DeviationKind::CapExceeded))
    );

    // first fragments with empty stubs hold no bytes, but are counted
    let mut conn = Connection::with_limits(limits);
    for id in 0..10 {
        let first_only = Pdu {
            packet_type: PacketType::REQUEST,
            flags: PFC_FIRST_FRAG,
            call_id: id,
            body: Body::Request {
                alloc_hint: 0,
                context_id: CTX,
                opnum: 73,
                object: None,
                stub: &[],
            },
            auth: None,
        };
        conn.push(Side::A, 1, &first_only.to_vec().unwrap());
    }
    assert_eq!(conn.cap_hits(), 6);
    let stub = get_crypto_req();
    let last = Pdu {
        packet_type: PacketType::REQUEST,
        flags: PFC_LAST_FRAG,
        call_id: 9,
        body: Body::Request {
            alloc_hint: 0,
            context_id: CTX,
            opnum: 73,
            object: None,
            stub: &stub,
        },
        auth: None,
    };
    conn.push(Side::A, 2, &last.to_vec().unwrap());
    conn.finish();
    let (calls, _) = events(&mut conn);
    assert_eq!(
        calls.iter().map(ControlCall::call_id).collect::<Vec<_>>(),
        [9]
    );
}

#[test]
fn big_endian_pdus_are_a_clear_error() {
    let mut pdu = request_pdus(2, 73, &get_crypto_req(), 4096).remove(0);
    pdu[4] = 0x00; // big-endian drep
    pdu[8..10].copy_from_slice(&60u16.to_be_bytes());
    let err = Pdu::decode(&pdu).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (rpc(RpcErrorKind::BigEndian), 4)
    );
    assert_eq!(
        err.to_string(),
        "big-endian data representation is not supported at byte 4"
    );
    let mut conn = Connection::new();
    conn.push(Side::A, 1, &pdu);
    let (calls, other) = events(&mut conn);
    assert!(calls.is_empty());
    assert!(matches!(&other[..], [Event::Deviation(d)] if d.kind == DeviationKind::Pdu(err)));
}

#[test]
fn tshark_exports_guess_the_format() {
    for format in [StubFormat::NDR20, StubFormat::NDR64] {
        let stub = add_crypto_req();
        let req = Request::decode(&stub, Function::ResourceControl, StubFormat::NDR20)
            .unwrap()
            .to_vec(format)
            .unwrap();
        let resp = Response::new(0, b"", 0, Status::ERROR_SUCCESS)
            .to_vec(format)
            .unwrap();
        let mut conn = Connection::new();
        conn.push_stub(6, 0, 2, Some(73), &req);
        conn.push_stub(7, 2, 2, None, &resp);
        let (calls, other) = events(&mut conn);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].format(), format);
        assert!(matches!(
            calls[0].decoded_input(Strictness::Strict),
            Some(Ok(Buffer::CryptoCheckpoint(_)))
        ));
        assert!(
            matches!(&other[..], [Event::Deviation(d)] if matches!(d.kind, DeviationKind::Guessed { .. }))
        );
    }
}

#[cfg(feature = "serde")]
#[test]
fn calls_serialize_with_the_issue_field_names() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    let mut conn = Connection::new();
    conn.push(Side::A, 4, &b);
    conn.push(Side::B, 5, &ack);
    conn.push(Side::A, 6, &request_pdus(2, 73, &get_crypto_req(), 4096)[0]);
    conn.push(Side::B, 7, &response_pdus(2, &get_crypto_resp(), 4096)[0]);
    conn.push(Side::A, 8, &request_pdus(3, 77, &get_crypto_req(), 4096)[0]);
    conn.finish();
    let (calls, _) = events(&mut conn);
    let json = serde_json::to_value(&calls[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "call_id": 2, "opnum": 73, "function": "ApiResourceControl",
            "request_frame": 6, "response_frame": 7,
            "in_buffer_size": 0, "out_buffer_size": 512,
            "bytes_returned": 20, "required": 20, "rpc_status": 0,
            "status": {"value": 0, "name": "ERROR_SUCCESS"},
            "fault": null, "transfer_syntax": "NDR20", "stub_deviations": [],
        })
    );
    let json = serde_json::to_value(&calls[1]).unwrap();
    assert_eq!(json["response_frame"], serde_json::Value::Null);
    assert_eq!(json["status"], serde_json::Value::Null);
    assert_eq!(json["function"], "ApiGroupControl");
    let deviation = clusctl::rpc::Deviation {
        frame: Some(9),
        call_id: None,
        kind: DeviationKind::Gap,
    };
    assert_eq!(
        serde_json::to_value(Event::Deviation(deviation)).unwrap(),
        serde_json::json!({"deviation": {"frame": 9, "call_id": null,
            "message": "bytes lost in the TCP stream; partial PDU dropped"}})
    );
    assert_eq!(
        serde_json::to_value(Status::new(0x1234)).unwrap(),
        serde_json::json!({"value": 0x1234, "name": null})
    );
}

#[test]
fn other_clusapi_calls_pass_silently() {
    let (b, ack) = clusapi_bind(SyntaxId::NDR20);
    let mut conn = Connection::new();
    conn.push(Side::A, 1, &b);
    conn.push(Side::B, 2, &ack);
    // ApiOpenResource (opnum 9), fragmented both ways, and its response
    for pdu in request_pdus(7, 9, &[0x41; 100], 40) {
        conn.push(Side::A, 3, &pdu);
    }
    for pdu in response_pdus(7, &[0; 100], 40) {
        conn.push(Side::B, 4, &pdu);
    }
    conn.push(Side::A, 5, &request_pdus(8, 73, &get_crypto_req(), 4096)[0]);
    conn.push(Side::B, 6, &response_pdus(8, &get_crypto_resp(), 4096)[0]);
    conn.finish();
    let (calls, other) = events(&mut conn);
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].call_id(), 8);
}

proptest! {
    /// Any calls, any fragment size, any TCP segmentation, either syntax:
    /// the tracker reports exactly the calls that were sent.
    #[test]
    fn the_tracker_recovers_every_call(
        calls in proptest::collection::vec((request_parts(), response_parts()), 1..5),
        ndr64 in any::<bool>(),
        max_frag in 1usize..300,
        segment in 1usize..2000,
        pipelined in any::<bool>(),
    ) {
        let (syntax, format) = if ndr64 {
            (SyntaxId::NDR64, StubFormat::NDR64)
        } else {
            (SyntaxId::NDR20, StubFormat::NDR20)
        };
        let (b, ack) = clusapi_bind(syntax);
        // per call: (request bytes, response bytes)
        let mut wire: Vec<(Vec<u8>, Vec<u8>)> = vec![(b, ack)];
        let mut expected = Vec::new();
        for (i, (req, resp)) in calls.iter().enumerate() {
            let call_id = 100 + u32::try_from(i).unwrap();
            let mut resp = resp.clone();
            resp.out_buffer_size = req.out_buffer_size.max(u32::try_from(resp.output.len()).unwrap());
            let mut req = req.clone();
            req.out_buffer_size = resp.out_buffer_size;
            if req.function.has_out_size_range() {
                req.out_buffer_size &= 0x7FFF_FFFF;
                resp.out_buffer_size = req.out_buffer_size;
                resp.output.truncate(resp.out_buffer_size as usize);
            }
            let req_stub = req.request().to_vec(format).unwrap();
            let resp_stub = resp.response(true).to_vec(format).unwrap();
            wire.push((
                request_pdus(call_id, req.function.opnum(), &req_stub, max_frag).concat(),
                response_pdus(call_id, &resp_stub, max_frag).concat(),
            ));
            expected.push((call_id, req.code, req.input.clone(), Some(resp.output.clone()), Some(Status::new(resp.status)), req.out_buffer_size));
        }
        let mut conn = Connection::new();
        let mut push = |side, bytes: &[u8]| {
            for piece in bytes.chunks(segment) {
                conn.push(side, 1, piece);
            }
        };
        if pipelined {
            // the bind answered, then every request before any response
            push(Side::A, &wire[0].0);
            push(Side::B, &wire[0].1);
            wire[1..].iter().for_each(|(req, _)| push(Side::A, req));
            wire[1..].iter().for_each(|(_, resp)| push(Side::B, resp));
        } else {
            for (req, resp) in &wire {
                push(Side::A, req);
                push(Side::B, resp);
            }
        }
        conn.finish();
        let (got, other) = events(&mut conn);
        prop_assert!(other.is_empty(), "{:?}", other);
        prop_assert_eq!(summary(&got), expected);
        prop_assert!(got.iter().all(|c| c.deviations().is_empty() && c.format() == format));
    }
}

#[test]
fn alter_context_and_integrity_level_auth() {
    let other_if = SyntaxId {
        uuid: [7; 16],
        major: 1,
        minor: 0,
    };
    let mut conn = Connection::new();
    conn.push(
        Side::A,
        1,
        &bind(
            1,
            vec![PresentationContext {
                id: 0,
                abstract_syntax: other_if,
                transfer_syntaxes: vec![SyntaxId::NDR20],
            }],
        ),
    );
    conn.push(
        Side::B,
        2,
        &bind_ack(
            1,
            vec![ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: SyntaxId::NDR20,
            }],
        ),
    );
    let alter = |ptype, body| {
        Pdu {
            packet_type: ptype,
            flags: 3,
            call_id: 2,
            body,
            auth: None,
        }
        .to_vec()
        .unwrap()
    };
    conn.push(
        Side::A,
        3,
        &alter(
            PacketType::ALTER_CONTEXT,
            Body::Bind {
                max_xmit: 4280,
                max_recv: 4280,
                assoc_group: 0,
                contexts: vec![PresentationContext {
                    id: 1,
                    abstract_syntax: SyntaxId::CLUSAPI_V3,
                    transfer_syntaxes: vec![SyntaxId::NDR20],
                }],
            },
        ),
    );
    conn.push(
        Side::B,
        4,
        &alter(
            PacketType::ALTER_CONTEXT_RESP,
            Body::BindAck {
                max_xmit: 4280,
                max_recv: 4280,
                assoc_group: 0,
                secondary_address: b"",
                results: vec![ContextResult {
                    result: 0,
                    reason: 0,
                    transfer_syntax: SyntaxId::NDR20,
                }],
            },
        ),
    );
    // Signed (auth level 5, integrity): the stub is clear text before the
    // auth padding and trailer.
    let signed = |ptype: PacketType, stub: &[u8]| {
        Pdu {
            packet_type: ptype,
            flags: 3,
            call_id: 3,
            body: if ptype == PacketType::REQUEST {
                Body::Request {
                    alloc_hint: 0,
                    context_id: 1,
                    opnum: 73,
                    object: None,
                    stub,
                }
            } else {
                Body::Response {
                    alloc_hint: 0,
                    context_id: 1,
                    cancel_count: 0,
                    stub,
                }
            },
            auth: Some(Auth {
                auth_type: 9,
                auth_level: 5,
                pad_length: 12,
                context_id: 0,
                value: &[0xCC; 16],
            }),
        }
        .to_vec()
        .unwrap()
    };
    conn.push(Side::A, 5, &signed(PacketType::REQUEST, &get_crypto_req()));
    conn.push(
        Side::B,
        6,
        &signed(PacketType::RESPONSE, &get_crypto_resp()),
    );
    let (calls, other) = events(&mut conn);
    assert!(other.is_empty(), "{other:?}");
    let [call] = &calls[..] else {
        panic!("{calls:?}")
    };
    assert_eq!(call.output().map(<[u8]>::len), Some(20));
    assert_eq!(conn.encrypted_calls(), 0);
}

#[test]
fn a_version_2_bind_reads_responses_without_rpc_status() {
    let b = bind(
        1,
        vec![PresentationContext {
            id: CTX,
            abstract_syntax: SyntaxId::CLUSAPI_V2,
            transfer_syntaxes: vec![SyntaxId::NDR20],
        }],
    );
    let ack = bind_ack(
        1,
        vec![ContextResult {
            result: 0,
            reason: 0,
            transfer_syntax: SyntaxId::NDR20,
        }],
    );
    let v2 = StubFormat::new(TransferSyntax::Ndr20, ProtocolVersion::V2);
    let resp = Response::new(512, &utf16("1\\\\MyKey\0\0"), 20, Status::ERROR_SUCCESS)
        .with_rpc_status(None)
        .to_vec(v2)
        .unwrap();
    let mut conn = Connection::new();
    conn.push(Side::A, 1, &b);
    conn.push(Side::B, 2, &ack);
    conn.push(Side::A, 3, &request_pdus(2, 73, &get_crypto_req(), 4096)[0]);
    conn.push(Side::B, 4, &response_pdus(2, &resp, 4096)[0]);
    let (calls, other) = events(&mut conn);
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(calls[0].format(), v2);
    assert_eq!(
        (calls[0].rpc_status(), calls[0].bytes_returned()),
        (None, Some(20))
    );
}
