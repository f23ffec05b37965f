//! Compact JSON with every object's keys sorted, byte for byte as
//! `serde_json::to_value` then `serde_json::to_writer` write it (a `Value`
//! object is a `BTreeMap`), but written straight into a byte buffer: no
//! tree of maps, strings and numbers is built and dropped per document.
//!
//! An object's entries are written in the order they come; when that order
//! is not sorted, the object's bytes are reordered once it ends (a repeated
//! key keeps its last value, as `BTreeMap::insert` does).

use std::ops::Range;

use serde::ser::{self, Serialize};
use serde_json::{Error, Value};

/// Writes `value` to `out` as `serde_json::to_writer(out,
/// &serde_json::to_value(value)?)` would.
#[cfg(test)]
pub(crate) fn write<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), Error> {
    value.serialize(Sorted { out, top: None })
}

/// The top-level entries of `value`, an object: each key with the range of
/// `out` that holds its value (written as `write` writes it), in the order
/// they came. `None` when `value` is not an object.
pub(crate) fn entries<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<Option<Entries>, Error> {
    let mut top = Vec::new();
    let mut is_map = false;
    value.serialize(Sorted {
        out,
        top: Some((&mut top, &mut is_map)),
    })?;
    Ok(is_map.then_some(top))
}

/// An object's entries: each key with the range of its value's text.
pub(crate) type Entries = Vec<(String, Range<usize>)>;

type Top<'a> = Option<(&'a mut Entries, &'a mut bool)>;

struct Sorted<'a> {
    out: &'a mut Vec<u8>,
    /// Where the entries of a top-level object go instead of `out`'s text.
    top: Top<'a>,
}

fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    serde_json::to_writer(out, value)
}

fn custom(message: &str) -> Error {
    ser::Error::custom(message)
}

/// A map key as a `Value` object holds it.
fn key_text<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(custom("key must be a string")),
    }
}

impl<'a> ser::Serializer for Sorted<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Map<'a>;
    type SerializeStructVariant = Map<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        // A `Value` number holds at most 64 bits.
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(v), _) => json(self.out, &v),
            (_, Ok(v)) => json(self.out, &v),
            _ => Err(custom("number out of range")),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(v) => json(self.out, &v),
            Err(_) => Err(custom("number out of range")),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // A `Value` keeps an f32 as the f64 it converts to.
        json(self.out, &f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        json(self.out, &v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        json(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        json(self.out, v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        json(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = Map::open(self, false);
        ser::SerializeMap::serialize_entry(&mut map, variant, value)?;
        ser::SerializeMap::end(map)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        self.out.push(b'[');
        Ok(Seq {
            out: self.out,
            first: true,
            close_variant: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a>, Error> {
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.extend_from_slice(b":[");
        Ok(Seq {
            out: self.out,
            first: true,
            close_variant: true,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a>, Error> {
        Ok(Map::open(self, false))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'a>, Error> {
        Ok(Map::open(self, false))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Map<'a>, Error> {
        self.out.push(b'{');
        json(self.out, variant)?;
        self.out.push(b':');
        Ok(Map::open(
            Sorted {
                out: self.out,
                top: None,
            },
            true,
        ))
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        // Written as it comes (one call per character for UTF-16 text),
        // then escaped in one pass if it needs it at all.
        let out = self.out;
        out.push(b'"');
        let from = out.len();
        std::fmt::write(&mut Text(out), format_args!("{value}"))
            .map_err(|_| custom("formatting failed"))?;
        if out[from..]
            .iter()
            .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
        {
            let text = out.split_off(from);
            out.pop();
            let text =
                std::str::from_utf8(&text).map_err(|_| custom("formatting gave bad UTF-8"))?;
            return json(out, text);
        }
        out.push(b'"');
        Ok(())
    }
}

/// `fmt::Write` into a byte buffer.
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

pub(crate) struct Seq<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    close_variant: bool,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(Sorted {
            out: self.out,
            top: None,
        })
    }

    fn close(self) -> Result<(), Error> {
        self.out
            .extend_from_slice(if self.close_variant { b"]}" } else { b"]" });
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// An object being written: after its `{`, each entry `"key":value`
/// (comma-separated), with the key and the range of the entry's text.
pub(crate) struct Map<'a> {
    out: &'a mut Vec<u8>,
    top: Top<'a>,
    /// Where the first entry starts (after the `{`).
    start: usize,
    entries: Vec<(String, Range<usize>)>,
    key: Option<String>,
    sorted: bool,
    close_variant: bool,
}

impl<'a> Map<'a> {
    fn open(s: Sorted<'a>, close_variant: bool) -> Self {
        let Sorted { out, mut top } = s;
        match &mut top {
            Some((_, is_map)) => **is_map = true,
            None => out.push(b'{'),
        }
        let start = out.len();
        Map {
            out,
            top,
            start,
            entries: Vec::new(),
            key: None,
            sorted: true,
            close_variant,
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), Error> {
        let from = self.out.len();
        let value_from = if self.top.is_some() {
            from
        } else {
            if from > self.start {
                self.out.push(b',');
            }
            let entry_from = self.out.len();
            json(self.out, &key)?;
            self.out.push(b':');
            entry_from
        };
        value.serialize(Sorted {
            out: self.out,
            top: None,
        })?;
        if let Some((last, _)) = self.entries.last()
            && *last >= key
        {
            self.sorted = false;
        }
        self.entries.push((key, value_from..self.out.len()));
        Ok(())
    }

    fn close(mut self) -> Result<(), Error> {
        if let Some((top, _)) = self.top {
            *top = self.entries;
            return Ok(());
        }
        if !self.sorted {
            // Reorder the entries' text: sorted by key, the last of equal
            // keys kept.
            let text = self.out.split_off(self.start);
            self.entries.reverse();
            self.entries.sort_by(|a, b| a.0.cmp(&b.0));
            self.entries.dedup_by(|a, b| a.0 == b.0);
            for (i, (_, range)) in self.entries.iter().enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                let (from, to) = (range.start - self.start, range.end - self.start);
                self.out.extend_from_slice(&text[from..to]);
            }
        }
        self.out
            .extend_from_slice(if self.close_variant { b"}}" } else { b"}" });
        Ok(())
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key_text(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| custom("serialize_value called before serialize_key"))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.entry(key.to_owned(), value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.entry(key.to_owned(), value)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn both<T: Serialize>(value: &T) -> (String, String) {
        let mut ours = Vec::new();
        write(value, &mut ours).unwrap();
        let theirs = serde_json::to_string(&serde_json::to_value(value).unwrap()).unwrap();
        (String::from_utf8(ours).unwrap(), theirs)
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tup(u8, &'static str),
        Rec { z: u8, a: Option<u8> },
    }

    #[derive(Serialize)]
    struct S {
        zeta: Vec<E>,
        alpha: (f32, f64, i128, char),
        mid: BTreeMap<u32, &'static str>,
        bytes: &'static [u8],
        #[serde(rename = "a\"q")]
        quoted: String,
        nested: Vec<S>,
    }

    #[test]
    fn writes_what_a_value_writes() {
        let leaf = S {
            zeta: vec![E::Unit, E::New(3), E::Tup(1, "x"), E::Rec { z: 1, a: None }],
            alpha: (1.5, f64::NAN, -5, '\u{1F600}'),
            mid: [(10, "ten"), (2, "two")].into_iter().collect(),
            bytes: &[0, 255],
            quoted: "tab\there \u{7}".to_owned(),
            nested: Vec::new(),
        };
        let root = S {
            zeta: Vec::new(),
            alpha: (0.1, 1e300, 1 << 70 >> 10, 'a'),
            mid: BTreeMap::new(),
            bytes: &[],
            quoted: String::new(),
            nested: vec![leaf],
        };
        let (ours, theirs) = both(&root);
        assert_eq!(ours, theirs);
        assert!(ours.starts_with("{\"a\\\"q\":\"\",\"alpha\":"), "{ours}");
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        struct Twice;
        impl Serialize for Twice {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("b", &1)?;
                m.serialize_entry("a", &2)?;
                m.serialize_entry("b", &3)?;
                m.end()
            }
        }
        let (ours, theirs) = both(&Twice);
        assert_eq!(ours, theirs);
        assert_eq!(ours, r#"{"a":2,"b":3}"#);
    }

    #[test]
    fn entries_of_the_top_object() {
        let mut out = Vec::new();
        let map: BTreeMap<&str, Vec<u8>> = [("k", vec![1, 2])].into_iter().collect();
        let got = entries(&map, &mut out).unwrap().unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "k");
        assert_eq!(&out[got[0].1.clone()], b"[1,2]");
        assert!(entries(&5u8, &mut Vec::new()).unwrap().is_none());
    }
}
