//! The input file: format detection, then pcap or pcapng blocks (through
//! `pcap-parser`'s streaming readers) or tshark export lines.

use std::{borrow::ToOwned, boxed::Box, format, string::String, vec::Vec};

use std::io::{BufReader, Chain, Cursor, Read};

use pcap_parser::pcapng::Block;
use pcap_parser::traits::{PcapNGPacketBlock, PcapReaderIterator};
use pcap_parser::{LegacyPcapReader, PcapBlockOwned, PcapError, PcapNGReader};

use super::tshark::{self, Lines, StubRecord};
use super::{CaptureError, Format};

/// The reader's buffer; it grows up to [`MAX_BLOCK`] for larger blocks.
const CAPACITY: usize = 64 << 10;
/// The largest pcap record or pcapng block accepted.
pub(crate) const MAX_BLOCK: usize = 16 << 20;

type Input<R> = Chain<Cursor<Vec<u8>>, R>;

/// What the source yielded.
pub(crate) enum Item<'a> {
    /// A captured frame: its 1-based number, link type and bytes.
    Frame {
        number: u64,
        linktype: i32,
        data: &'a [u8],
    },
    /// Records of one tshark export line.
    Stubs(&'a [StubRecord]),
    /// The capture ends inside a block: the bytes left over.
    TruncatedEnd(u64),
}

pub(crate) enum Source<R: Read> {
    Pcap {
        reader: Box<dyn PcapReaderIterator + Send>,
        /// Link type per pcapng interface (one entry for pcap).
        linktypes: Vec<i32>,
        frames: u64,
        consumed: u64,
        capacity: usize,
        _input: core::marker::PhantomData<R>,
    },
    Tshark {
        lines: Lines<BufReader<Input<R>>>,
        records: Vec<StubRecord>,
    },
}

impl<R: Read + Send + 'static> Source<R> {
    pub(crate) fn open(mut input: R) -> Result<(Self, Format), CaptureError> {
        let mut head = Vec::with_capacity(4096);
        (&mut input)
            .take(4096)
            .read_to_end(&mut head)
            .map_err(CaptureError::Io)?;
        let magic = head
            .get(..4)
            .and_then(|m| <[u8; 4]>::try_from(m).ok())
            .map(u32::from_le_bytes);
        let input = Cursor::new(head.clone()).chain(input);
        let pcap_error = |e: PcapError<&[u8]>| CaptureError::Pcap {
            offset: 0,
            message: describe(&e),
        };
        let (reader, format): (Box<dyn PcapReaderIterator + Send>, _) = match magic {
            Some(0x0A0D_0D0A) => (
                Box::new(PcapNGReader::new(CAPACITY, input).map_err(pcap_error)?),
                Format::PcapNg,
            ),
            Some(0xA1B2_C3D4 | 0xD4C3_B2A1 | 0xA1B2_3C4D | 0x4D3C_B2A1) => (
                Box::new(LegacyPcapReader::new(CAPACITY, input).map_err(pcap_error)?),
                Format::Pcap,
            ),
            _ if tshark::looks_like_export(&head) => {
                return Ok((
                    Self::Tshark {
                        lines: Lines::new(BufReader::with_capacity(1 << 16, input)),
                        records: Vec::new(),
                    },
                    Format::TsharkFields,
                ));
            }
            _ => return Err(CaptureError::NotACapture),
        };
        Ok((
            Self::Pcap {
                reader,
                linktypes: Vec::new(),
                frames: 0,
                consumed: 0,
                capacity: CAPACITY,
                _input: core::marker::PhantomData,
            },
            format,
        ))
    }
}

impl<R: Read> Source<R> {
    pub(crate) fn consumed(&self) -> u64 {
        match self {
            Self::Pcap { consumed, .. } => *consumed,
            Self::Tshark { lines, .. } => lines.consumed,
        }
    }

    /// Hands the next item to `f`; false at the end of the input.
    pub(crate) fn next(&mut self, f: &mut dyn FnMut(Item<'_>)) -> Result<bool, CaptureError> {
        match self {
            Self::Tshark { lines, records } => {
                records.clear();
                match lines.next_line(records)? {
                    Some(()) => {
                        f(Item::Stubs(records));
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }
            Self::Pcap {
                reader,
                linktypes,
                frames,
                consumed,
                capacity,
                ..
            } => loop {
                match reader.next() {
                    Ok((offset, block)) => {
                        match block {
                            PcapBlockOwned::LegacyHeader(h) => {
                                linktypes.clear();
                                linktypes.push(h.network.0);
                            }
                            PcapBlockOwned::Legacy(b) => {
                                *frames += 1;
                                let linktype = linktypes.first().copied().unwrap_or(1);
                                f(Item::Frame {
                                    number: *frames,
                                    linktype,
                                    data: b.data,
                                });
                            }
                            PcapBlockOwned::NG(Block::SectionHeader(_)) => linktypes.clear(),
                            PcapBlockOwned::NG(Block::InterfaceDescription(idb)) => {
                                linktypes.push(idb.linktype.0);
                            }
                            PcapBlockOwned::NG(Block::EnhancedPacket(epb)) => {
                                *frames += 1;
                                let linktype = usize::try_from(epb.if_id)
                                    .ok()
                                    .and_then(|i| linktypes.get(i))
                                    .copied()
                                    .unwrap_or(-1);
                                f(Item::Frame {
                                    number: *frames,
                                    linktype,
                                    data: epb.packet_data(),
                                });
                            }
                            PcapBlockOwned::NG(Block::SimplePacket(spb)) => {
                                *frames += 1;
                                let linktype = linktypes.first().copied().unwrap_or(-1);
                                f(Item::Frame {
                                    number: *frames,
                                    linktype,
                                    data: spb.packet_data(),
                                });
                            }
                            PcapBlockOwned::NG(_) => {}
                        }
                        reader.consume(offset);
                        *consumed += offset as u64;
                        return Ok(true);
                    }
                    Err(PcapError::Eof) => return Ok(false),
                    Err(PcapError::Incomplete(_)) => {
                        reader.refill().map_err(|e| CaptureError::Pcap {
                            offset: *consumed,
                            message: describe(&e),
                        })?;
                    }
                    Err(PcapError::UnexpectedEof) => {
                        // The capture was cut inside a block.
                        let left = reader.data().len();
                        reader.consume(left);
                        *consumed += left as u64;
                        f(Item::TruncatedEnd(left as u64));
                        return Ok(false);
                    }
                    Err(PcapError::BufferTooSmall) => {
                        let grown = capacity.saturating_mul(2);
                        if grown > MAX_BLOCK || !reader.grow(grown) {
                            return Err(CaptureError::Pcap {
                                offset: *consumed,
                                message: format!("a block larger than {} MiB", MAX_BLOCK >> 20),
                            });
                        }
                        *capacity = grown;
                    }
                    Err(e) => {
                        return Err(CaptureError::Pcap {
                            offset: *consumed,
                            message: describe(&e),
                        });
                    }
                }
            },
        }
    }
}

fn describe(e: &PcapError<&[u8]>) -> String {
    match e {
        PcapError::Eof | PcapError::UnexpectedEof | PcapError::Incomplete(_) => {
            "unexpected end of file".to_owned()
        }
        PcapError::ReadError => "read error".to_owned(),
        PcapError::BufferTooSmall => "block too large".to_owned(),
        PcapError::HeaderNotRecognized => "not a pcap or pcapng header".to_owned(),
        PcapError::NomError(_, kind) | PcapError::OwnedNomError(_, kind) => {
            format!("malformed block ({kind:?})")
        }
    }
}
