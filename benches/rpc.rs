//! The MS-CMRP stub codec and the DCE/RPC connection tracker: stubs per
//! second, and tracker throughput on an in-memory conversation of control
//! calls (the work `clusctl capture` does after TCP reassembly).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::cast_possible_truncation,
    reason = "benchmarks are std programs"
)]

use std::hint::black_box;

use clusctl::ControlCode;
use clusctl::rpc::pdu::{
    Body, ContextResult, PacketType, Pdu, PresentationContext, SyntaxId, fragments,
};
use clusctl::rpc::{
    Connection, ContextHandle, Event, Function, Request, Response, Side, Status, StubFormat,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// `calls` GET_CRYPTO_CHECKPOINTS calls with `out` bytes of output each,
/// responses in fragments of 4,280 bytes: (client bytes, server bytes).
fn conversation(calls: u32, out: usize) -> (Vec<u8>, Vec<u8>) {
    let bind = |ptype, body| {
        Pdu {
            packet_type: ptype,
            flags: 3,
            call_id: 1,
            body,
            auth: None,
        }
        .to_vec()
        .unwrap()
    };
    let mut client = bind(
        PacketType::BIND,
        Body::Bind {
            max_xmit: 4280,
            max_recv: 4280,
            assoc_group: 0,
            contexts: vec![PresentationContext {
                id: 0,
                abstract_syntax: SyntaxId::CLUSAPI_V3,
                transfer_syntaxes: vec![SyntaxId::NDR20],
            }],
        },
    );
    let mut server = bind(
        PacketType::BIND_ACK,
        Body::BindAck {
            max_xmit: 4280,
            max_recv: 4280,
            assoc_group: 1,
            secondary_address: b"49705\0",
            results: vec![ContextResult {
                result: 0,
                reason: 0,
                transfer_syntax: SyntaxId::NDR20,
            }],
        },
    );
    let output: Vec<u8> = (0..out).map(|i| i as u8).collect();
    let code = ControlCode::new(0x0100_00B5);
    for call_id in 2..2 + calls {
        let req = Request::new(
            Function::ResourceControl,
            ContextHandle::default(),
            code,
            None,
            out as u32,
        )
        .to_vec(StubFormat::NDR20)
        .unwrap();
        let resp = Response::new(out as u32, &output, out as u32, Status::ERROR_SUCCESS)
            .to_vec(StubFormat::NDR20)
            .unwrap();
        let body = Body::Request {
            alloc_hint: 0,
            context_id: 0,
            opnum: 73,
            object: None,
            stub: &req,
        };
        fragments(body, call_id, 4256)
            .unwrap()
            .iter()
            .for_each(|f| client.extend(f));
        let body = Body::Response {
            alloc_hint: 0,
            context_id: 0,
            cancel_count: 0,
            stub: &resp,
        };
        fragments(body, call_id, 4256)
            .unwrap()
            .iter()
            .for_each(|f| server.extend(f));
    }
    (client, server)
}

fn rpc(c: &mut Criterion) {
    let output = vec![0x41u8; 1000];
    let req = Request::new(
        Function::NodeResourceControl,
        ContextHandle::default(),
        ControlCode::new(1),
        Some(&output[..100]),
        1000,
    )
    .to_vec(StubFormat::NDR20)
    .unwrap();
    let resp = Response::new(1000, &output, 1000, Status::ERROR_SUCCESS)
        .to_vec(StubFormat::NDR20)
        .unwrap();
    let mut g = c.benchmark_group("rpc/stub");
    g.throughput(Throughput::Elements(1));
    g.bench_function("request-decode", |b| {
        b.iter(|| {
            Request::decode(
                black_box(&req),
                Function::NodeResourceControl,
                StubFormat::NDR20,
            )
            .unwrap()
        })
    });
    g.bench_function("response-decode", |b| {
        b.iter(|| Response::decode(black_box(&resp), Some(1000), StubFormat::NDR20).unwrap())
    });
    g.finish();

    for (name, calls, out) in [("small-calls", 2000, 40), ("fragmented-calls", 100, 20_000)] {
        let (client, server) = conversation(calls, out);
        let mut g = c.benchmark_group(format!("rpc/connection/{name}"));
        g.throughput(Throughput::Bytes((client.len() + server.len()) as u64));
        g.bench_function("clusctl", |b| {
            b.iter(|| {
                let mut conn = Connection::new();
                let mut seen = 0;
                // 1,448-byte segments, alternating directions per call as
                // a capture interleaves them
                let mut c = client.chunks(1448);
                let mut s = server.chunks(1448);
                loop {
                    let (x, y) = (c.next(), s.next());
                    if x.is_none() && y.is_none() {
                        break;
                    }
                    if let Some(x) = x {
                        conn.push(Side::A, 1, x);
                    }
                    if let Some(y) = y {
                        conn.push(Side::B, 2, y);
                    }
                    while let Some(event) = conn.poll() {
                        if let Event::Call(call) = event {
                            seen += call.output().map_or(0, <[u8]>::len);
                        }
                    }
                }
                conn.finish();
                black_box(seen)
            })
        });
        g.finish();
    }
}

criterion_group!(benches, rpc);
criterion_main!(benches);
