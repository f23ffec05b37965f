//! TCP stream reassembly, one direction at a time.
//!
//! Bytes are handed on in sequence order, each exactly once:
//!
//! | segment | verdict |
//! |---|---|
//! | starts at the next expected byte | delivered, then any held segments it makes contiguous |
//! | starts before it (retransmission, overlap) | the bytes already delivered are dropped, the rest delivered |
//! | starts after it (out of order) | held until the hole is filled |
//! | held bytes exceed [`MAX_PENDING_BYTES`] or [`MAX_PENDING_SEGMENTS`] | the hole is declared a **gap**: reported with its size, never guessed over, and delivery resumes at the first held segment |
//! | the stream ends with segments still held | the same: a gap, then the held bytes |
//!
//! Sequence numbers wrap (RFC 793 arithmetic). The first SYN fixes the
//! initial sequence number; a stream whose handshake was not captured
//! starts at its first segment.

use std::vec::Vec;

/// At most this many out-of-order bytes are held per direction.
pub const MAX_PENDING_BYTES: usize = 4 << 20;
/// At most this many out-of-order segments are held per direction.
pub const MAX_PENDING_SEGMENTS: usize = 1024;

/// What reassembly hands on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Chunk<'a> {
    /// The next bytes of the stream.
    Data(&'a [u8]),
    /// This many bytes were never seen.
    Gap(u32),
}

/// One direction of a TCP connection.
#[derive(Debug, Default)]
pub(crate) struct Stream {
    next: Option<u32>,
    pending: Vec<(u32, Vec<u8>)>,
    pending_bytes: usize,
    /// Segments that carried only bytes already delivered.
    pub(crate) retransmissions: u64,
}

/// `a - b` in sequence space, as a signed distance.
fn distance(a: u32, b: u32) -> i64 {
    i64::from(a.wrapping_sub(b).cast_signed())
}

impl Stream {
    /// Takes one segment; `syn` says the segment carries the SYN flag.
    pub(crate) fn segment(
        &mut self,
        seq: u32,
        syn: bool,
        payload: &[u8],
        sink: &mut dyn FnMut(Chunk<'_>),
    ) {
        let seq = if syn {
            let data = seq.wrapping_add(1);
            if self.next.is_none() {
                self.next = Some(data);
            }
            data
        } else {
            seq
        };
        if payload.is_empty() {
            return;
        }
        let next = *self.next.get_or_insert(seq);
        let d = distance(seq, next);
        if d > 0 {
            self.hold(seq, payload, sink);
            return;
        }
        let skip = usize::try_from(-d).unwrap_or(usize::MAX);
        match payload.get(skip..) {
            Some(rest) if !rest.is_empty() => {
                self.advance(rest.len());
                sink(Chunk::Data(rest));
                self.drain(sink);
            }
            _ => self.retransmissions += 1,
        }
    }

    fn advance(&mut self, len: usize) {
        if let Some(next) = &mut self.next {
            // Segments are at most 64 KiB (or a TSO frame): no truncation.
            *next = next.wrapping_add(u32::try_from(len).unwrap_or(u32::MAX));
        }
    }

    fn hold(&mut self, seq: u32, payload: &[u8], sink: &mut dyn FnMut(Chunk<'_>)) {
        if self
            .pending
            .iter()
            .any(|(s, p)| *s == seq && p.len() >= payload.len())
        {
            self.retransmissions += 1;
            return;
        }
        self.pending_bytes += payload.len();
        self.pending.push((seq, payload.to_vec()));
        while self.pending_bytes > MAX_PENDING_BYTES || self.pending.len() > MAX_PENDING_SEGMENTS {
            if !self.skip_gap(sink) {
                break;
            }
        }
    }

    /// Delivers every held segment that has become contiguous.
    fn drain(&mut self, sink: &mut dyn FnMut(Chunk<'_>)) {
        while let Some(next) = self.next {
            let Some(i) = self
                .pending
                .iter()
                .position(|(s, _)| distance(*s, next) <= 0)
            else {
                return;
            };
            let (seq, data) = self.pending.swap_remove(i);
            self.pending_bytes -= data.len();
            let skip = usize::try_from(-distance(seq, next)).unwrap_or(usize::MAX);
            match data.get(skip..) {
                Some(rest) if !rest.is_empty() => {
                    self.advance(rest.len());
                    sink(Chunk::Data(rest));
                }
                _ => self.retransmissions += 1,
            }
        }
    }

    /// Declares the hole before the first held segment a gap and
    /// delivers from there; false if nothing is held.
    fn skip_gap(&mut self, sink: &mut dyn FnMut(Chunk<'_>)) -> bool {
        let Some(next) = self.next else {
            return false;
        };
        let Some(first) = self
            .pending
            .iter()
            .map(|(s, _)| *s)
            .min_by_key(|s| distance(*s, next))
        else {
            return false;
        };
        sink(Chunk::Gap(first.wrapping_sub(next)));
        self.next = Some(first);
        self.drain(sink);
        true
    }

    /// The stream ended: whatever is held comes out after its gaps.
    pub(crate) fn finish(&mut self, sink: &mut dyn FnMut(Chunk<'_>)) {
        while self.skip_gap(sink) {}
    }

    /// Bytes held out of order.
    #[cfg(test)]
    pub(crate) fn pending_bytes(&self) -> usize {
        self.pending_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{format, string::String, vec, vec::Vec};

    fn run(stream: &mut Stream, out: &mut Vec<String>, seq: u32, syn: bool, data: &[u8]) {
        stream.segment(seq, syn, data, &mut |c| out.push(show(&c)));
    }

    fn show(c: &Chunk<'_>) -> String {
        match c {
            Chunk::Data(d) => String::from_utf8_lossy(d).into_owned(),
            Chunk::Gap(n) => format!("<gap {n}>"),
        }
    }

    #[test]
    fn in_order_out_of_order_and_retransmitted() {
        let mut s = Stream::default();
        let mut out = Vec::new();
        run(&mut s, &mut out, 99, true, b"");
        run(&mut s, &mut out, 100, false, b"abc");
        run(&mut s, &mut out, 106, false, b"ghi"); // held
        run(&mut s, &mut out, 100, false, b"abc"); // retransmission
        run(&mut s, &mut out, 101, false, b"bcdef"); // overlap
        run(&mut s, &mut out, 106, false, b"ghi"); // already delivered
        assert_eq!(out, ["abc", "def", "ghi"]);
        assert_eq!(s.retransmissions, 2);
        assert_eq!(s.pending_bytes(), 0);
    }

    #[test]
    fn sequence_numbers_wrap() {
        let mut s = Stream::default();
        let mut out = Vec::new();
        run(&mut s, &mut out, u32::MAX - 1, true, b"");
        run(&mut s, &mut out, 1, false, b"cd");
        run(&mut s, &mut out, u32::MAX, false, b"ab!");
        assert_eq!(out, ["ab!", "d"]);
    }

    #[test]
    fn a_hole_at_the_end_is_a_gap_not_a_guess() {
        let mut s = Stream::default();
        let mut out = Vec::new();
        run(&mut s, &mut out, 0, false, b"ab");
        run(&mut s, &mut out, 10, false, b"kl");
        run(&mut s, &mut out, 5, false, b"fg");
        s.finish(&mut |c| out.push(show(&c)));
        assert_eq!(out, ["ab", "<gap 3>", "fg", "<gap 3>", "kl"]);
    }

    #[test]
    fn held_bytes_are_capped() {
        let mut s = Stream::default();
        let mut out = Vec::new();
        run(&mut s, &mut out, 0, false, b"a");
        let big = vec![b'x'; 1 << 16];
        let mut seq = 10u32;
        for _ in 0..(MAX_PENDING_BYTES >> 16) + 1 {
            run(&mut s, &mut out, seq, false, &big);
            seq += 1 << 16;
        }
        assert!(s.pending_bytes() <= MAX_PENDING_BYTES);
        assert_eq!(out[1], "<gap 9>");
    }
}
