//! `serde::Serialize` for the control-call reports, with the field names of
//! `clusctl capture --json` (fields may be added, never renamed).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{Function, Status};

/// `{"value": 234, "name": "ERROR_MORE_DATA"}` (`name` null when unknown).
impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Status", 2)?;
        s.serialize_field("value", &self.value())?;
        s.serialize_field("name", &self.name())?;
        s.end()
    }
}

/// The MS-CMRP name, `"ApiResourceControl"`.
impl Serialize for Function {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use alloc::vec::Vec;
    use core::fmt;

    use serde::ser::{Serialize, SerializeStruct, Serializer};

    use crate::buffers::Direction;
    use crate::error::DecodeError;
    use crate::rpc::{ControlCall, Deviation, EncryptedCall, Event, TransferSyntax};

    struct StubDeviation<'a>(&'a (Direction, DecodeError));

    impl fmt::Display for StubDeviation<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let (direction, error) = self.0;
            let which = match direction {
                Direction::Input => "request",
                Direction::Output => "response",
            };
            write!(f, "{which} stub: {error}")
        }
    }

    impl Serialize for StubDeviation<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self)
        }
    }

    /// The call's fields with the names of `clusctl capture --json`:
    /// `call_id`, `opnum`, `function`, `request_frame`, `response_frame`,
    /// `in_buffer_size`, `out_buffer_size`, `bytes_returned`, `required`,
    /// `rpc_status`, `status` (`{value, name}`, or a fault's status), and
    /// `fault` (`{value, name}` or null), `transfer_syntax` (`"NDR20"`,
    /// `"NDR64"`), `stub_deviations` (messages). The CLI adds `code`,
    /// `input` and `output` (e.g. with `#[serde(flatten)]`).
    impl Serialize for ControlCall {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("ControlCall", 14)?;
            s.serialize_field("call_id", &self.call_id())?;
            s.serialize_field("opnum", &self.opnum())?;
            s.serialize_field("function", &self.function())?;
            s.serialize_field("request_frame", &self.request_frame())?;
            s.serialize_field("response_frame", &self.response_frame())?;
            s.serialize_field("in_buffer_size", &self.in_buffer_size())?;
            s.serialize_field("out_buffer_size", &self.out_buffer_size())?;
            s.serialize_field("bytes_returned", &self.bytes_returned())?;
            s.serialize_field("required", &self.required())?;
            s.serialize_field("rpc_status", &self.rpc_status())?;
            s.serialize_field("status", &self.status())?;
            s.serialize_field("fault", &self.fault())?;
            s.serialize_field(
                "transfer_syntax",
                match self.format().syntax {
                    TransferSyntax::Ndr20 => "NDR20",
                    TransferSyntax::Ndr64 => "NDR64",
                },
            )?;
            let deviations: Vec<StubDeviation<'_>> =
                self.deviations().iter().map(StubDeviation).collect();
            s.serialize_field("stub_deviations", &deviations)?;
            s.end()
        }
    }

    /// `{"call_id", "opnum", "function" (null when not a control call),
    /// "request_frame", "response_frame", "auth_type", "auth_level"}`.
    impl Serialize for EncryptedCall {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("EncryptedCall", 7)?;
            s.serialize_field("call_id", &self.call_id)?;
            s.serialize_field("opnum", &self.opnum)?;
            s.serialize_field("function", &self.function())?;
            s.serialize_field("request_frame", &self.request_frame)?;
            s.serialize_field("response_frame", &self.response_frame)?;
            s.serialize_field("auth_type", &self.auth_type)?;
            s.serialize_field("auth_level", &self.auth_level)?;
            s.end()
        }
    }

    struct Message<'a>(&'a Deviation);

    impl Serialize for Message<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&self.0.kind)
        }
    }

    /// `{"frame", "call_id", "message"}` (frame and call id null when not
    /// known).
    impl Serialize for Deviation {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut s = serializer.serialize_struct("Deviation", 3)?;
            s.serialize_field("frame", &self.frame)?;
            s.serialize_field("call_id", &self.call_id)?;
            s.serialize_field("message", &Message(self))?;
            s.end()
        }
    }

    /// `{"call": {...}}`, `{"encrypted": {...}}` or `{"deviation": {...}}`.
    impl Serialize for Event {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::Call(call) => serializer.serialize_newtype_variant("Event", 0, "call", call),
                Self::Encrypted(call) => {
                    serializer.serialize_newtype_variant("Event", 1, "encrypted", call)
                }
                Self::Deviation(deviation) => {
                    serializer.serialize_newtype_variant("Event", 2, "deviation", deviation)
                }
            }
        }
    }
}
