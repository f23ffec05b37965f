//! The fuzz oracles: one plain function per fuzz target, asserting the
//! crate's properties (not just "does not crash"). The fuzz targets are
//! one-liners that call them; `tests/it/fuzz_replay.rs` includes this file
//! and replays every committed seed and regression through the same
//! functions on stable, in the ordinary test run.
//!
//! A property violation panics, which libFuzzer reports as a crash.

use arbitrary::{Arbitrary, Unstructured};
use clusctl::buffers::{
    self, Buffer, CryptoCheckpointInput, CryptoCheckpoints, Direction, Strictness,
};
use clusctl::checkpoint::{Checkpoint, CheckpointBuf, Utf16Checkpoint};
use clusctl::multi_sz::{self, MultiSz, MultiSzBuf, Utf16LeStr, decode_lenient};
use clusctl::{ClusPropErrorKind, ControlCode, DecodeErrorKind, Parts};

/// A fuzz oracle: panics when a property does not hold for the input.
pub type Oracle = fn(&[u8]);

/// Every target: its name (the folder under `corpus/` and `regressions/`)
/// and its oracle.
pub const TARGETS: &[(&str, Oracle)] = &[
    ("control_code", control_code),
    ("multi_sz", multi_sz),
    ("checkpoint_text", checkpoint_text),
    ("checkpoint_utf16", checkpoint_utf16),
    ("buffers", buffers),
    ("roundtrip_multi_sz", roundtrip_multi_sz),
    ("roundtrip_checkpoint", roundtrip_checkpoint),
    ("roundtrip_control_code", roundtrip_control_code),
    ("clusprop_property_list", clusprop_property_list),
    ("clusprop_value_list", clusprop_value_list),
    ("roundtrip_clusprop", roundtrip_clusprop),
    ("rpc_request", rpc_request),
    ("rpc_response", rpc_response),
    ("rpc_stream", rpc_stream),
];

/// Control codes from 4 bytes: fields, text and names are consistent and
/// lossless; parsing arbitrary text never panics.
pub fn control_code(data: &[u8]) {
    if let Some(bytes) = data.first_chunk::<4>() {
        let code = ControlCode::from(u32::from_le_bytes(*bytes));
        assert_eq!(ControlCode::from_parts(code.parts()), Ok(code));
        assert_eq!(code.operation().with_object(code.object()), code);
        assert_eq!(code.to_string().parse::<ControlCode>(), Ok(code));
        if let Some(name) = code.name() {
            assert!(code.aliases().any(|alias| alias == name));
            assert!(ControlCode::from_name(name).is_some());
        }
    }
    if let Ok(text) = core::str::from_utf8(data)
        && let Err(err) = text.parse::<ControlCode>()
    {
        assert!(err.offset() <= text.len(), "{err} for {text:?}");
    }
}

/// Multi-strings, strict and lenient: accepted bytes re-encode exactly,
/// offsets stay inside the input, lenient recovers a superset of strict.
pub fn multi_sz(data: &[u8]) {
    let lenient = decode_lenient(data);
    for deviation in lenient.deviations() {
        assert!(deviation.offset() <= data.len(), "{deviation}");
    }
    assert_eq!(lenient.iter().count(), lenient.len());
    for item in lenient.iter() {
        assert!(!item.is_empty());
        let at = item.offset();
        assert_eq!(
            data.get(at..at + item.as_bytes().len()),
            Some(item.as_bytes())
        );
        for c in item.chars() {
            if let Err(err) = c {
                assert!(err.offset() + 2 <= data.len());
            }
        }
    }
    match MultiSz::decode(data) {
        Ok(list) => {
            assert_eq!(list.as_bytes(), data);
            assert_eq!(list.iter().count(), list.len());
            assert!(
                lenient.is_strict(),
                "lenient must accept what strict accepts"
            );
            assert!(lenient.iter().eq(list.iter()));
            let encoded = multi_sz::to_vec(list.iter()).expect("valid items encode");
            assert_eq!(encoded.len(), multi_sz::encoded_len(list.iter()));
            if list.is_empty() {
                assert_eq!(encoded, [0, 0]);
            } else {
                assert_eq!(encoded, data, "re-encoding must give the accepted bytes");
            }
            assert_eq!(MultiSzBuf::from(list).as_multi_sz().len(), list.len());
        }
        Err(err) => {
            assert!(err.offset() <= data.len(), "{err}");
            assert!(
                !lenient.is_strict(),
                "strict refused {err} but lenient saw no deviation"
            );
        }
    }
}

/// Checkpoint text: printing a parsed checkpoint gives the text back,
/// lenient accepts a superset of strict, the UTF-16 path agrees.
pub fn checkpoint_text(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let strict = Checkpoint::parse(text);
    let lenient = Checkpoint::parse_lenient(text);
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => {
            assert_eq!(s.to_string(), text);
            assert!(l.is_strict());
            assert_eq!(
                s.to_buf().to_string().parse::<CheckpointBuf>(),
                Ok(s.to_buf())
            );
        }
        (Ok(s), Err(e)) => panic!("strict accepted {s} but lenient refused: {e}"),
        (Err(_), Ok(l)) => {
            assert_eq!(l.to_string(), text);
            assert!(!l.is_strict());
        }
        (Err(_), Err(_)) => {}
    }
    for err in [strict.as_ref().err(), lenient.as_ref().err()]
        .into_iter()
        .flatten()
    {
        assert!(text.is_char_boundary(err.offset()), "{err}");
    }
    let units: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    if let Ok(item) = Utf16LeStr::from_bytes(&units) {
        match (Utf16Checkpoint::decode(item), strict) {
            (Ok(u), Ok(s)) => assert_eq!(u.to_buf().expect("valid UTF-16"), s.to_buf()),
            (Err(u), Err(s)) => {
                let chars = text.get(..s.offset()).map(|t| t.encode_utf16().count());
                assert_eq!(Some(u.offset()), chars.map(|n| 2 * n));
            }
            (u, s) => panic!("paths disagree: {u:?} vs {s:?}"),
        }
    }
}

/// Checkpoints from UTF-16 bytes: offsets inside the input, parts re-join
/// to the whole string.
pub fn checkpoint_utf16(data: &[u8]) {
    let even = data.get(..data.len() & !1).unwrap_or_default();
    let Ok(item) = Utf16LeStr::from_bytes(even) else {
        return;
    };
    for result in [
        Utf16Checkpoint::decode(item),
        Utf16Checkpoint::decode_lenient(item),
    ] {
        match result {
            Ok(c) => {
                let mut rejoined = c.type_text().to_utf16();
                rejoined.push(u16::from(b'\\'));
                rejoined.extend(c.provider_name().map(|n| n.to_utf16()).unwrap_or_default());
                rejoined.push(u16::from(b'\\'));
                rejoined.extend(c.key_container().to_utf16());
                assert_eq!(rejoined, item.to_utf16());
                let input = CryptoCheckpointInput::to_vec(&c).expect("valid");
                assert_eq!(input.get(..even.len()), Some(even));
            }
            Err(err) => assert!(err.offset() <= even.len(), "{err}"),
        }
    }
}

/// The typed-buffer dispatch: a code (4 bytes), a flags byte (direction,
/// strictness), then the buffer. Errors stay inside the buffer; strictly
/// decoded lists and inputs re-encode to the same bytes.
pub fn buffers(data: &[u8]) {
    let Some((head, rest)) = data.split_first_chunk::<5>() else {
        return;
    };
    let [a, b, c, d, flags] = *head;
    let known = [
        clusctl::codes::CLUSCTL_RESOURCE_GET_CRYPTO_CHECKPOINTS,
        clusctl::codes::CLUSCTL_RESOURCE_ADD_CRYPTO_CHECKPOINT,
        clusctl::codes::CLUSCTL_RESOURCE_DELETE_CRYPTO_CHECKPOINT,
        clusctl::codes::CLUSCTL_RESOURCE_GET_REGISTRY_CHECKPOINTS,
        clusctl::codes::CLUSCTL_RESOURCE_ADD_REGISTRY_CHECKPOINT,
    ];
    // Mostly the family's codes, then any documented code, sometimes any code.
    let documented = buffers::documented();
    let pick = usize::from(u16::from_le_bytes([b, c])) % documented.len();
    let code = match (known.get(usize::from(a % 8)), a % 8) {
        (Some(code), _) => *code,
        (None, 5 | 6) => documented
            .map(|(code, _, _)| code)
            .nth(pick)
            .expect("in range"),
        (None, _) => ControlCode::from(u32::from_le_bytes([a, b, c, d])),
    };
    let direction = if flags & 1 == 0 {
        Direction::Input
    } else {
        Direction::Output
    };
    let strictness = if flags & 2 == 0 {
        Strictness::Strict
    } else {
        Strictness::Lenient
    };
    let decoded = buffers::decode(code, direction, rest, strictness);
    // Every typed buffer strict decoding accepts re-encodes byte for byte.
    if strictness == Strictness::Strict
        && let Ok(buffer) = &decoded
    {
        assert_eq!(buffer.to_vec().expect("exact size"), rest, "{code}");
    }
    match decoded {
        Err(err) => assert!(err.offset() <= rest.len(), "{err}"),
        Ok(Buffer::CryptoCheckpoints(list)) => {
            let items: Vec<_> = list.iter().collect();
            for err in items.iter().filter_map(|r| r.as_ref().err()) {
                assert!(err.offset() <= rest.len(), "{err}");
            }
            if strictness == Strictness::Strict
                && !list.is_empty()
                && let Ok(ok) = items.into_iter().collect::<Result<Vec<_>, _>>()
            {
                assert_eq!(CryptoCheckpoints::to_vec(&ok).expect("valid"), rest);
            }
        }
        Ok(Buffer::CryptoCheckpoint(input)) if strictness == Strictness::Strict => {
            assert_eq!(
                CryptoCheckpointInput::to_vec(&input.value()).expect("valid"),
                rest
            );
        }
        Ok(Buffer::RegistryCheckpoints(list)) => {
            for err in list.iter().filter_map(Result::err) {
                assert!(err.offset() <= rest.len(), "{err}");
                assert!(matches!(err.kind(), DecodeErrorKind::RegistryPath(_)));
            }
        }
        Ok(Buffer::Empty) => assert!(rest.is_empty()),
        Ok(Buffer::Unknown { bytes, .. }) => assert_eq!(bytes, rest),
        Ok(_) => {}
    }
}

/// Structure-aware: an arbitrary list of code-unit strings encodes, decodes
/// to the same list, and reports the right size to every smaller buffer.
pub fn roundtrip_multi_sz(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(list) = MultiSzBuf::arbitrary(&mut u) else {
        return;
    };
    let items: Vec<Vec<u16>> = list.iter().map(|s| s.to_utf16()).collect();
    let bytes = multi_sz::to_vec(&items).expect("valid items");
    assert_eq!(bytes, list.as_bytes());
    let decoded = MultiSz::decode(&bytes).expect("own encoding decodes");
    let back: Vec<Vec<u16>> = decoded.iter().map(|s| s.to_utf16()).collect();
    assert_eq!(back, items);
    let required = bytes.len();
    for size in [0, required / 2, required.saturating_sub(1)] {
        if size < required {
            let mut small = vec![0u8; size];
            let err = multi_sz::encode_into(&items, &mut small).expect_err("too small");
            assert_eq!(err.required(), Some(required));
        }
    }
}

/// Structure-aware: an arbitrary valid checkpoint prints and parses back,
/// and its ADD input and list output encode and decode to it.
pub fn roundtrip_checkpoint(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(checkpoint) = CheckpointBuf::arbitrary(&mut u) else {
        return;
    };
    assert_eq!(
        checkpoint.to_string().parse::<CheckpointBuf>(),
        Ok(checkpoint.clone())
    );
    let input = CryptoCheckpointInput::to_vec(&checkpoint).expect("valid");
    let decoded = CryptoCheckpointInput::decode(&input, Strictness::Strict).expect("own encoding");
    assert_eq!(decoded.value().to_buf(), Ok(checkpoint.clone()));
    let list = CryptoCheckpoints::to_vec([&checkpoint, &checkpoint]).expect("valid");
    let decoded = CryptoCheckpoints::decode(&list, Strictness::Strict).expect("own encoding");
    for item in decoded.iter() {
        assert_eq!(item.map(|c| c.to_buf()), Ok(Ok(checkpoint.clone())));
    }
}

/// Structure-aware: arbitrary fields build a code that decodes to them.
pub fn roundtrip_control_code(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(parts) = Parts::arbitrary(&mut u) else {
        return;
    };
    let code = ControlCode::from_parts(parts).expect("arbitrary parts are valid");
    assert_eq!(code.parts(), parts);
    if let Ok(function) = u32::arbitrary(&mut u) {
        let wide = Parts { function, ..parts };
        assert_eq!(
            ControlCode::from_parts(wide).is_ok(),
            function <= ControlCode::FUNCTION_MAX
        );
    }
}

/// The first deviation strict decoding would have failed on (non-zero
/// padding is tolerated by both); `None` when it may have been omitted.
fn first_structural(
    deviations: &[clusctl::clusprop::Deviation],
    omitted: usize,
) -> Option<clusctl::clusprop::Deviation> {
    let found = deviations
        .iter()
        .find(|d| d.kind() != ClusPropErrorKind::NonZeroPadding)
        .copied();
    assert!(
        found.is_some() || omitted > 0,
        "strict failed without a deviation"
    );
    found
}

/// Every typed accessor of a value, through `typed()`: never panics, and
/// what it borrows lies inside the input.
fn clusprop_touch_value(value: clusctl::clusprop::Value<'_>, len: usize) {
    assert!(value.data_offset() + value.data().len() <= len);
    assert!(value.padding().len() < 4);
    let _ = value.typed();
    let _ = value.dword();
    let _ = value.ularge();
    if let Ok(text) = value.string() {
        assert!(text.offset() + text.as_bytes().len() <= len);
    }
    if let Ok(nested) = value.property_list() {
        for property in nested.iter() {
            for inner in property.values() {
                clusprop_touch_value(inner, len);
            }
        }
    }
}

/// Property lists, strict and lenient: strict acceptance means the whole
/// input, a byte-exact re-encoding and no lenient deviation; a strict error
/// is lenient's first deviation; every offset and borrow stays inside.
pub fn clusprop_property_list(data: &[u8]) {
    use clusctl::clusprop::PropertyList;
    let lenient = PropertyList::decode_lenient(data);
    for deviation in lenient.deviations() {
        assert!(deviation.offset() <= data.len(), "{deviation}");
    }
    assert_eq!(lenient.iter().count(), lenient.len());
    for property in lenient.iter() {
        let name = property.name();
        assert!(name.offset() + name.as_bytes().len() <= data.len());
        assert_eq!(property.values().count(), property.len());
        for value in property.values() {
            clusprop_touch_value(value, data.len());
        }
    }
    let _ = lenient.to_buf().to_vec();
    match PropertyList::decode(data) {
        Ok(list) => {
            assert!(
                lenient
                    .deviations()
                    .iter()
                    .all(|d| d.kind() == ClusPropErrorKind::NonZeroPadding),
                "lenient must accept what strict accepts (reporting only non-zero padding)"
            );
            assert_eq!(list.as_bytes(), data);
            assert_eq!(list, lenient);
            assert_eq!(
                list.to_buf().to_vec(),
                data,
                "strict lists re-encode exactly"
            );
            assert!(list.iter().all(|p| !p.is_empty() && p.has_endmark()));
        }
        Err(err) => {
            assert!(err.offset() <= data.len(), "{err}");
            if let Some(first) =
                first_structural(lenient.deviations(), lenient.omitted_deviations())
            {
                assert_eq!(first.offset(), err.offset());
                assert!(matches!(err.kind(), DecodeErrorKind::ClusProp(k) if k == first.kind()));
            }
        }
    }
}

/// Value lists, strict, prefix and lenient: the same contract.
pub fn clusprop_value_list(data: &[u8]) {
    use clusctl::clusprop::ValueList;
    let lenient = ValueList::decode_lenient(data);
    for deviation in lenient.deviations() {
        assert!(deviation.offset() <= data.len(), "{deviation}");
    }
    assert_eq!(lenient.iter().count(), lenient.len());
    for value in lenient.iter() {
        clusprop_touch_value(value, data.len());
    }
    match ValueList::decode(data) {
        Ok(list) => {
            assert!(
                lenient
                    .deviations()
                    .iter()
                    .all(|d| d.kind() == ClusPropErrorKind::NonZeroPadding)
            );
            assert_eq!(list.to_buf().to_vec(), data);
            let (prefix, used) = ValueList::decode_prefix(data).expect("a whole list is a prefix");
            assert_eq!((prefix, used), (list, data.len()));
        }
        Err(err) => {
            assert!(err.offset() <= data.len(), "{err}");
            if let Some(first) =
                first_structural(lenient.deviations(), lenient.omitted_deviations())
            {
                assert_eq!(first.offset(), err.offset());
            }
            if let Ok((prefix, used)) = ValueList::decode_prefix(data) {
                assert!(used < data.len());
                assert_eq!(prefix.to_buf().to_vec(), &data[..used]);
            }
        }
    }
}

/// Structure-aware: an arbitrary property list (names, multi-valued
/// properties of every kind, user syntaxes, either trailer form) encodes,
/// decodes strictly to itself, and reports the right size to a smaller
/// buffer.
pub fn roundtrip_clusprop(data: &[u8]) {
    use clusctl::clusprop::{FileTime, PropertyList, PropertyListBuf, Syntax, ValueBuf};
    let mut u = Unstructured::new(data);
    let value = |u: &mut Unstructured<'_>| -> arbitrary::Result<ValueBuf> {
        Ok(match u.int_in_range(0..=11u8)? {
            0 => ValueBuf::dword(u.arbitrary()?),
            1 => ValueBuf::long(u.arbitrary()?),
            2 => ValueBuf::word(u.arbitrary()?),
            3 => ValueBuf::ularge(u.arbitrary()?),
            4 => ValueBuf::large(u.arbitrary()?),
            5 => ValueBuf::filetime(FileTime::new(u.arbitrary()?)),
            6 => ValueBuf::sz(u.arbitrary::<String>()?.replace('\0', "")).expect("no NUL"),
            7 => ValueBuf::expand_sz(
                u.arbitrary::<Vec<u16>>()?
                    .into_iter()
                    .filter(|&c| c != 0)
                    .collect::<Vec<u16>>(),
            )
            .expect("no NUL"),
            8 => ValueBuf::binary(u.arbitrary()?),
            9 => match MultiSzBuf::arbitrary(u) {
                Ok(list) => ValueBuf::multi_sz(list.iter()).expect("valid items"),
                Err(_) => ValueBuf::dword(0),
            },
            10 => {
                let syntax = Syntax::new(0x8000_0000 | u.arbitrary::<u32>()? & 0x7FFF_FFFF);
                ValueBuf::new(syntax, u.arbitrary::<Vec<u8>>()?).expect("user syntax")
            }
            _ => ValueBuf::security_descriptor(u.arbitrary()?),
        })
    };
    let mut list = PropertyListBuf::new();
    let Ok(endmark) = u.arbitrary::<bool>() else {
        return;
    };
    list.set_endmark(endmark);
    while let Ok(true) = u.arbitrary::<bool>() {
        let Ok(name) = u.arbitrary::<String>() else {
            break;
        };
        let mut values = Vec::new();
        while values.is_empty() || matches!(u.arbitrary::<bool>(), Ok(true)) {
            match value(&mut u) {
                Ok(v) => values.push(v),
                Err(_) if values.is_empty() => values.push(ValueBuf::dword(1)),
                Err(_) => break,
            }
        }
        list.push(name.replace('\0', ""), values)
            .expect("valid property");
    }
    let bytes = list.to_vec();
    assert_eq!(bytes.len(), list.encoded_len());
    let decoded = PropertyList::decode(&bytes).expect("own encoding decodes");
    assert_eq!(decoded.len(), list.len());
    assert_eq!(decoded.to_buf(), list);
    let required = bytes.len();
    let mut small = vec![0u8; required / 2];
    let err = list.encode_into(&mut small).expect_err("too small");
    assert_eq!(err.required(), Some(required));
}

// ---- MS-CMRP control-call stubs and DCE/RPC framing (rpc) ----

/// The stub format a fuzz input's flag bits select.
fn rpc_format(flags: u8) -> clusctl::rpc::StubFormat {
    use clusctl::rpc::{ProtocolVersion, StubFormat, TransferSyntax};
    StubFormat::new(
        if flags & 1 == 0 {
            TransferSyntax::Ndr20
        } else {
            TransferSyntax::Ndr64
        },
        if flags & 2 == 0 {
            ProtocolVersion::V3
        } else {
            ProtocolVersion::V2
        },
    )
}

/// Request stubs: byte 0 picks the function (low 4 bits) and the transfer
/// syntax (bit 4); the rest is the stub. Strictly accepted stubs re-encode
/// exactly and lenient decoding agrees with no deviation; offsets stay
/// inside the input; lenient results re-encode and decode again.
pub fn rpc_request(data: &[u8]) {
    use clusctl::rpc::{Function, Request};
    let Some((&selector, stub)) = data.split_first() else {
        return;
    };
    let function = Function::ALL[usize::from(selector & 0x0F)];
    let format = rpc_format(selector >> 4);
    let strict = Request::decode(stub, function, format);
    let lenient = Request::decode_with(stub, function, format, Strictness::Lenient);
    match strict {
        Ok(req) => {
            assert_eq!(req.to_vec(format).unwrap(), stub, "strict re-encoding");
            assert_eq!(req.encoded_len(format), stub.len());
            let (lenient, deviations) = lenient.expect("lenient accepts what strict accepts");
            assert_eq!(lenient, req);
            assert!(
                deviations
                    .iter()
                    .all(|d| d.kind() == DecodeErrorKind::Rpc(clusctl::RpcErrorKind::NullWithSize))
            );
        }
        Err(err) => {
            assert!(err.offset() <= stub.len(), "{err}");
            if let Ok((req, deviations)) = lenient {
                assert!(deviations.iter().all(|d| d.offset() <= stub.len()));
                if let Ok(bytes) = req.to_vec(format) {
                    let (again, _) =
                        Request::decode_with(&bytes, function, format, Strictness::Lenient)
                            .expect("a lenient re-encoding decodes leniently");
                    assert_eq!(again.code(), req.code());
                    assert_eq!(again.input(), req.input());
                }
            }
        }
    }
}

/// Response stubs: byte 0 picks the transfer syntax (bit 0), the version
/// (bit 1) and whether bytes 1..5 are the request's `nOutBufferSize` (bit
/// 2); the rest is the stub. The same properties as [`rpc_request`].
pub fn rpc_response(data: &[u8]) {
    use clusctl::rpc::Response;
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let format = rpc_format(flags);
    let (out_size, stub) = match rest.split_first_chunk::<4>() {
        Some((size, stub)) if flags & 4 != 0 => (Some(u32::from_le_bytes(*size)), stub),
        _ => (None, rest),
    };
    let lenient = Response::decode_with(stub, out_size, format, Strictness::Lenient);
    match Response::decode(stub, out_size, format) {
        Ok(resp) => {
            assert_eq!(resp.to_vec(format).unwrap(), stub, "strict re-encoding");
            let (lenient, deviations) = lenient.expect("lenient accepts what strict accepts");
            assert_eq!(lenient, resp);
            assert!(deviations.is_empty());
        }
        Err(err) => {
            assert!(err.offset() <= stub.len(), "{err}");
            if let Ok((resp, deviations)) = lenient {
                assert!(deviations.iter().all(|d| d.offset() <= stub.len()));
                assert!(resp.output().len() <= stub.len());
            }
        }
    }
}

/// The connection tracker on arbitrary TCP payloads: a sequence of
/// operations (byte: low 2 bits push / push / gap / tshark stub, bit 2 the
/// stub's request or response, bit 4 the side, bits 5..8 the stub's call
/// id; next byte a length, then that many bytes). Never panics, memory
/// stays within the limits, every call's fields are consistent.
pub fn rpc_stream(data: &[u8]) {
    use clusctl::rpc::{Connection, Event, Limits, Side};
    let limits = Limits {
        max_buffered: 1 << 16,
        max_pending: 8,
    };
    let mut conn = Connection::with_limits(limits);
    let mut rest = data;
    let mut frame = 0u64;
    while let Some((&op, tail)) = rest.split_first() {
        frame += 1;
        let (len, tail) = tail
            .split_first()
            .map_or((0, tail), |(&len, tail)| (usize::from(len), tail));
        let (chunk, tail) = tail.split_at(len.min(tail.len()));
        rest = tail;
        let side = if op & 0x10 == 0 { Side::A } else { Side::B };
        match op & 3 {
            0 | 1 => conn.push(side, frame, chunk),
            2 => conn.gap(side, frame),
            _ => {
                let call_id = u32::from(op >> 5);
                let opnum = chunk.first().map(|&b| 72 + u16::from(b & 3));
                let pdu_type = if op & 4 == 0 { 0 } else { 2 };
                conn.push_stub(
                    frame,
                    pdu_type,
                    call_id,
                    opnum,
                    chunk.get(1..).unwrap_or_default(),
                );
            }
        }
        assert!(
            conn.buffered() <= limits.max_buffered + 2 * usize::from(u16::MAX),
            "{} bytes buffered",
            conn.buffered()
        );
        drain_rpc_events(&mut conn);
    }
    conn.finish();
    assert_eq!(conn.buffered(), 0);
    drain_rpc_events(&mut conn);

    fn drain_rpc_events(conn: &mut Connection) {
        while let Some(event) = conn.poll() {
            match event {
                Event::Call(call) => {
                    assert_eq!(
                        call.input().map(<[u8]>::len).is_some(),
                        call.decoded_input(Strictness::Lenient).is_some()
                    );
                    if let Some(output) = call.output() {
                        assert!(call.response_frame().is_some());
                        assert!(call.status().is_some());
                        let _ = call.decoded_output(Strictness::Lenient);
                        if call.deviations().is_empty() {
                            assert_eq!(
                                Some(u32::try_from(output.len()).unwrap()),
                                call.bytes_returned()
                            );
                        }
                    }
                }
                Event::Deviation(deviation) => {
                    let _ = deviation.to_string();
                }
                _ => {}
            }
        }
    }
}
