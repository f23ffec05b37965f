//! `serde` for the views (Serialize) and the owned lists (Serialize and
//! Deserialize); the JSON shape is in the [module docs](super). Written by
//! hand so that it needs neither `std` nor serde's `alloc` feature.

use core::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::payload::Hex;
use super::{
    Deviation, PartitionInfo, PartitionInfoEx, PartitionInfoEx2, Property, PropertyList,
    ScsiAddress, Syntax, TypedValue, Value, ValueList,
};
use crate::multi_sz::Utf16LeStr;

/// A `Display` value as a JSON string.
struct Str<T>(T);

impl<T: fmt::Display> Serialize for Str<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn valid(text: Utf16LeStr<'_>) -> bool {
    text.chars().all(|c| c.is_ok())
}

/// The entries every value has: `syntax`, then `value` or `hex` (and
/// `class`/`subclass` for RESCLASS), then `pad` when not zero.
fn value_entries<M: SerializeMap>(m: &mut M, v: Value<'_>) -> Result<(), M::Error> {
    m.serialize_entry("syntax", &Str(v.syntax()))?;
    match v.typed() {
        Ok(TypedValue::Dword(n) | TypedValue::DiskSignature(n) | TypedValue::DiskNumber(n)) => {
            m.serialize_entry("value", &n)?;
        }
        Ok(TypedValue::Long(n)) => m.serialize_entry("value", &n)?,
        Ok(TypedValue::Word(n)) => m.serialize_entry("value", &n)?,
        Ok(TypedValue::ULargeInteger(n) | TypedValue::DiskSize(n)) => {
            m.serialize_entry("value", &n)?;
        }
        Ok(TypedValue::LargeInteger(n)) => m.serialize_entry("value", &n)?,
        Ok(TypedValue::FileTime(t)) => m.serialize_entry("value", &t.get())?,
        Ok(
            TypedValue::Sz(t)
            | TypedValue::ExpandSz(t)
            | TypedValue::ExpandedSz(t)
            | TypedValue::Name(t)
            | TypedValue::DiskSerialNumber(t)
            | TypedValue::DiskGuid(t),
        ) if valid(t) => m.serialize_entry("value", &Str(t))?,
        Ok(TypedValue::MultiSz(list)) if list.iter().all(valid) => {
            struct Items<'a>(crate::multi_sz::MultiSz<'a>);
            impl Serialize for Items<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.collect_seq(self.0.iter().map(Str))
                }
            }
            m.serialize_entry("value", &Items(list))?;
        }
        Ok(TypedValue::ResourceClass(c)) => {
            m.serialize_entry("hex", &Str(Hex(v.data())))?;
            m.serialize_entry("class", &c.class)?;
            m.serialize_entry("subclass", &c.subclass)?;
        }
        Ok(TypedValue::ScsiAddress(a)) => {
            m.serialize_entry("hex", &Str(Hex(v.data())))?;
            m.serialize_entry("scsi_address", &ScsiItem(a))?;
        }
        Ok(TypedValue::PartitionInfo(p)) => {
            m.serialize_entry("hex", &Str(Hex(v.data())))?;
            m.serialize_entry("partition", &PartitionItem(p, None, None))?;
        }
        Ok(TypedValue::PartitionInfoEx(p)) => {
            m.serialize_entry("hex", &Str(Hex(v.data())))?;
            m.serialize_entry("partition", &PartitionItem(p.info(), Some(p), None))?;
        }
        Ok(TypedValue::PartitionInfoEx2(p)) => {
            m.serialize_entry("hex", &Str(Hex(v.data())))?;
            let ex = p.ex();
            m.serialize_entry("partition", &PartitionItem(ex.info(), Some(ex), Some(p)))?;
        }
        _ => m.serialize_entry("hex", &Str(Hex(v.data())))?,
    }
    if v.padding().iter().any(|&b| b != 0) {
        m.serialize_entry("pad", &Str(Hex(v.padding())))?;
    }
    Ok(())
}

/// `{port_number, path_id, target_id, lun}`.
struct ScsiItem(ScsiAddress);

impl Serialize for ScsiItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("port_number", &a.port_number)?;
        m.serialize_entry("path_id", &a.path_id)?;
        m.serialize_entry("target_id", &a.target_id)?;
        m.serialize_entry("lun", &a.lun)?;
        m.end()
    }
}

/// The fields of a `CLUS_PARTITION_INFO` (and `_EX`, `_EX2`).
struct PartitionItem<'a>(
    PartitionInfo<'a>,
    Option<PartitionInfoEx<'a>>,
    Option<PartitionInfoEx2<'a>>,
);

impl Serialize for PartitionItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("flags", &p.flags())?;
        m.serialize_entry("device_name", &Str(p.device_name()))?;
        m.serialize_entry("volume_label", &Str(p.volume_label()))?;
        m.serialize_entry("serial_number", &p.serial_number())?;
        m.serialize_entry("maximum_component_length", &p.maximum_component_length())?;
        m.serialize_entry("file_system_flags", &p.file_system_flags())?;
        m.serialize_entry("file_system", &Str(p.file_system()))?;
        if let Some(ex) = self.1 {
            m.serialize_entry("total_size_in_bytes", &ex.total_size_in_bytes())?;
            m.serialize_entry("free_size_in_bytes", &ex.free_size_in_bytes())?;
            m.serialize_entry("device_number", &ex.device_number())?;
            m.serialize_entry("partition_number", &ex.partition_number())?;
            m.serialize_entry("volume_guid", &Str(ex.volume_guid()))?;
        }
        if let Some(ex2) = self.2 {
            m.serialize_entry("gpt_partition_id", &Str(ex2.gpt_partition_id()))?;
            m.serialize_entry("partition_name", &Str(ex2.partition_name()))?;
            m.serialize_entry("encryption_flags", &ex2.encryption_flags())?;
        }
        m.end()
    }
}

impl Serialize for Value<'_> {
    /// `{"offset", "syntax", "value" | "hex", ["scsi_address" | "partition"], ["pad"]}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("offset", &self.offset())?;
        value_entries(&mut m, *self)?;
        m.end()
    }
}

fn name_entry<M: SerializeMap>(m: &mut M, name: Utf16LeStr<'_>) -> Result<(), M::Error> {
    if valid(name) {
        m.serialize_entry("name", &Str(name))
    } else {
        m.serialize_entry("name_hex", &Str(Hex(name.as_bytes())))
    }
}

impl Serialize for Property<'_> {
    /// `{"offset", "name" | "name_hex", "values"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(Property<'a>);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.values())
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("offset", &self.offset())?;
        name_entry(&mut m, self.name())?;
        m.serialize_entry("values", &Values(*self))?;
        m.end()
    }
}

impl Serialize for Deviation {
    /// `{"offset", "message"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("offset", &self.offset())?;
        m.serialize_entry("message", &Str(self.kind()))?;
        m.end()
    }
}

struct Deviations<'b>(&'b [Deviation]);

impl Serialize for Deviations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0)
    }
}

impl Serialize for PropertyList<'_> {
    /// `{"properties", "endmark", ["deviations"]}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Properties<'a>(PropertyList<'a>);
        impl Serialize for Properties<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter())
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("properties", &Properties(*self))?;
        m.serialize_entry("endmark", &self.has_endmark())?;
        if !self.is_strict() {
            m.serialize_entry("deviations", &Deviations(self.deviations()))?;
        }
        m.end()
    }
}

impl Serialize for ValueList<'_> {
    /// `{"values", ["deviations"]}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(ValueList<'a>);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter())
            }
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("values", &Values(*self))?;
        if !self.is_strict() {
            m.serialize_entry("deviations", &Deviations(self.deviations()))?;
        }
        m.end()
    }
}

impl Serialize for Syntax {
    /// The SDK name, or `0x` and eight hex digits.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "alloc")]
mod owned {
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, Serializer};

    use super::super::{
        PropertyBuf, PropertyFormat as F, PropertyListBuf, Syntax, ValueBuf, ValueListBuf, walk,
    };
    use super::{name_entry, value_entries};
    use crate::multi_sz;

    impl Serialize for ValueBuf {
        /// `{"syntax", "value" | "hex", ["pad"]}`.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            value_entries(&mut m, self.as_value())?;
            m.end()
        }
    }

    impl Serialize for PropertyBuf {
        /// `{"name" | "name_hex", "values"}`.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(2))?;
            name_entry(&mut m, self.name())?;
            m.serialize_entry("values", self.values())?;
            m.end()
        }
    }

    impl Serialize for PropertyListBuf {
        /// `{"properties", "endmark"}`.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry("properties", self.properties())?;
            m.serialize_entry("endmark", &self.has_endmark())?;
            m.end()
        }
    }

    impl Serialize for ValueListBuf {
        /// `{"values"}`.
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry("values", self.values())?;
            m.end()
        }
    }

    /// An owned string, without serde's `alloc` feature.
    struct Text(String);

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Text;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                    Ok(Text(String::from(v)))
                }
            }
            d.deserialize_str(V)
        }
    }

    /// An owned sequence, without serde's `alloc` feature.
    struct Seq<T>(Vec<T>);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Seq<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<T>(core::marker::PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
                type Value = Seq<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an array")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seq<T>, A::Error> {
                    let mut out = Vec::new();
                    while let Some(item) = seq.next_element()? {
                        out.push(item);
                    }
                    Ok(Seq(out))
                }
            }
            d.deserialize_seq(V(core::marker::PhantomData))
        }
    }

    /// A `value` before its syntax is known.
    enum Loose {
        Unsigned(u64),
        Signed(i64),
        Text(String),
        Texts(Vec<String>),
    }

    impl<'de> Deserialize<'de> for Loose {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Loose;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an integer, a string or an array of strings")
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
                    Ok(Loose::Unsigned(v))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
                    Ok(match u64::try_from(v) {
                        Ok(u) => Loose::Unsigned(u),
                        Err(_) => Loose::Signed(v),
                    })
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
                    Ok(Loose::Text(String::from(v)))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                    let mut out = Vec::new();
                    while let Some(Text(item)) = seq.next_element()? {
                        out.push(item);
                    }
                    Ok(Loose::Texts(out))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// A syntax as its name, `0x` hex or decimal text, or a number.
    struct SyntaxIn(Syntax);

    impl<'de> Deserialize<'de> for SyntaxIn {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = SyntaxIn;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a CLUSPROP_SYNTAX_* name, a 0x hex string or a u32")
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<SyntaxIn, E> {
                    u32::try_from(v)
                        .map(|v| SyntaxIn(Syntax::new(v)))
                        .map_err(|_| E::custom("syntax does not fit 32 bits"))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<SyntaxIn, E> {
                    u32::try_from(v)
                        .map(|v| SyntaxIn(Syntax::new(v)))
                        .map_err(|_| E::custom("syntax does not fit 32 bits"))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<SyntaxIn, E> {
                    v.parse().map(SyntaxIn).map_err(E::custom)
                }
            }
            d.deserialize_any(V)
        }
    }

    /// A map key, kept as text (unknown keys are ignored).
    struct Key(String);

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Text::deserialize(d).map(|Text(t)| Key(t))
        }
    }

    fn hex<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
        let digits = text.as_bytes();
        if !digits.len().is_multiple_of(2) {
            return Err(E::custom("hex text of odd length"));
        }
        digits
            .chunks_exact(2)
            .map(|pair| {
                let hi = (pair[0] as char).to_digit(16);
                let lo = (pair[1] as char).to_digit(16);
                match (hi, lo) {
                    (Some(h), Some(l)) => u8::try_from(h * 16 + l).map_err(E::custom),
                    _ => Err(E::custom("invalid hex digit")),
                }
            })
            .collect()
    }

    fn utf16z(text: &str) -> Vec<u8> {
        let mut out: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        out.extend([0, 0]);
        out
    }

    /// The data of `value` for `syntax`'s format.
    fn typed_data<E: de::Error>(syntax: Syntax, value: Loose) -> Result<Vec<u8>, E> {
        let range = |_| E::custom("number out of range for the syntax");
        Ok(match (syntax.format(), value) {
            (F::DWORD, Loose::Unsigned(n)) => {
                u32::try_from(n).map_err(range)?.to_le_bytes().to_vec()
            }
            (F::LONG, Loose::Unsigned(n)) => {
                i32::try_from(n).map_err(range)?.to_le_bytes().to_vec()
            }
            (F::LONG, Loose::Signed(n)) => i32::try_from(n).map_err(range)?.to_le_bytes().to_vec(),
            (F::WORD, Loose::Unsigned(n)) => {
                u16::try_from(n).map_err(range)?.to_le_bytes().to_vec()
            }
            (F::ULARGE_INTEGER | F::FILETIME, Loose::Unsigned(n)) => n.to_le_bytes().to_vec(),
            (F::LARGE_INTEGER, Loose::Unsigned(n)) => {
                i64::try_from(n).map_err(range)?.to_le_bytes().to_vec()
            }
            (F::LARGE_INTEGER, Loose::Signed(n)) => n.to_le_bytes().to_vec(),
            (F::SZ | F::EXPAND_SZ | F::EXPANDED_SZ, Loose::Text(t)) => utf16z(&t),
            (F::MULTI_SZ, Loose::Texts(items)) => multi_sz::to_vec(&items).map_err(E::custom)?,
            _ => {
                return Err(E::custom(
                    "value does not fit the syntax's format (use \"hex\")",
                ));
            }
        })
    }

    impl<'de> Deserialize<'de> for ValueBuf {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = ValueBuf;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a value: {\"syntax\", \"value\" or \"hex\"}")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueBuf, A::Error> {
                    let (mut syntax, mut value, mut data, mut pad) = (None, None, None, None);
                    while let Some(Key(key)) = map.next_key()? {
                        match key.as_str() {
                            "syntax" => syntax = Some(map.next_value::<SyntaxIn>()?.0),
                            "value" => value = Some(map.next_value::<Loose>()?),
                            "hex" => data = Some(hex(&map.next_value::<Text>()?.0)?),
                            "pad" => pad = Some(hex(&map.next_value::<Text>()?.0)?),
                            _ => {
                                map.next_value::<de::IgnoredAny>()?;
                            }
                        }
                    }
                    let syntax = syntax.ok_or_else(|| de::Error::missing_field("syntax"))?;
                    let data = match (data, value) {
                        (Some(data), _) => data,
                        (None, Some(value)) => typed_data(syntax, value)?,
                        (None, None) => return Err(de::Error::missing_field("value")),
                    };
                    let want = walk::pad_len(data.len());
                    let mut out = ValueBuf::new(syntax, data).map_err(de::Error::custom)?;
                    if let Some(pad) = pad {
                        if pad.len() != want {
                            return Err(de::Error::custom("pad of the wrong length"));
                        }
                        out.set_padding(&pad);
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }

    impl<'de> Deserialize<'de> for PropertyBuf {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = PropertyBuf;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a property: {\"name\", \"values\"}")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PropertyBuf, A::Error> {
                    let (mut name, mut values) = (None::<Vec<u16>>, None);
                    while let Some(Key(key)) = map.next_key()? {
                        match key.as_str() {
                            "name" => {
                                name = Some(map.next_value::<Text>()?.0.encode_utf16().collect())
                            }
                            "name_hex" => {
                                let bytes = hex(&map.next_value::<Text>()?.0)?;
                                if !bytes.len().is_multiple_of(2) {
                                    return Err(de::Error::custom("name_hex of odd length"));
                                }
                                name = Some(
                                    bytes
                                        .chunks_exact(2)
                                        .map(|p| u16::from_le_bytes([p[0], p[1]]))
                                        .collect(),
                                );
                            }
                            "values" => values = Some(map.next_value::<Seq<ValueBuf>>()?.0),
                            _ => {
                                map.next_value::<de::IgnoredAny>()?;
                            }
                        }
                    }
                    let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
                    let values = values.ok_or_else(|| de::Error::missing_field("values"))?;
                    PropertyBuf::new(name, values).map_err(de::Error::custom)
                }
            }
            d.deserialize_map(V)
        }
    }

    impl<'de> Deserialize<'de> for PropertyListBuf {
        /// `{"properties", ["endmark"]}` (the ENDMARK defaults to on);
        /// other keys (`deviations`, ...) are ignored.
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = PropertyListBuf;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a property list: {\"properties\", \"endmark\"}")
                }
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<PropertyListBuf, A::Error> {
                    let (mut properties, mut endmark) = (None, true);
                    while let Some(Key(key)) = map.next_key()? {
                        match key.as_str() {
                            "properties" => {
                                properties = Some(map.next_value::<Seq<PropertyBuf>>()?.0);
                            }
                            "endmark" => endmark = map.next_value()?,
                            _ => {
                                map.next_value::<de::IgnoredAny>()?;
                            }
                        }
                    }
                    let mut list = PropertyListBuf::new();
                    list.set_endmark(endmark);
                    for p in properties.ok_or_else(|| de::Error::missing_field("properties"))? {
                        list.push_property(p);
                    }
                    Ok(list)
                }
            }
            d.deserialize_map(V)
        }
    }

    impl<'de> Deserialize<'de> for ValueListBuf {
        /// `{"values"}`; other keys are ignored.
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = ValueListBuf;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a value list: {\"values\"}")
                }
                fn visit_map<A: MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<ValueListBuf, A::Error> {
                    let mut values = None;
                    while let Some(Key(key)) = map.next_key()? {
                        if key == "values" {
                            values = Some(map.next_value::<Seq<ValueBuf>>()?.0);
                        } else {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                    Ok(values
                        .ok_or_else(|| de::Error::missing_field("values"))?
                        .into_iter()
                        .collect())
                }
            }
            d.deserialize_map(V)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::super::super::{PropertyList, PropertyListBuf, ValueBuf};

        #[test]
        fn json_round_trip() {
            let mut list = PropertyListBuf::new();
            list.push_dword("A", 7)
                .unwrap()
                .push_sz("B", "text")
                .unwrap()
                .push_multi_sz("C", ["x", "y"])
                .unwrap()
                .push_large("D", -5)
                .unwrap()
                .push_binary("E", &[1, 2, 255])
                .unwrap();
            let json = serde_json::to_string(&list).unwrap();
            assert!(json.contains(r#""syntax":"CLUSPROP_SYNTAX_LIST_VALUE_DWORD","value":7"#));
            assert!(json.contains(r#""value":["x","y"]"#));
            assert!(json.contains(r#""hex":"0102ff""#));
            let back: PropertyListBuf = serde_json::from_str(&json).unwrap();
            assert_eq!(back, list);
            let bytes = list.to_vec();
            let view = PropertyList::decode(&bytes).unwrap();
            let from_view: PropertyListBuf =
                serde_json::from_str(&serde_json::to_string(&view).unwrap()).unwrap();
            assert_eq!(from_view, list);
            let v: ValueBuf = serde_json::from_str(r#"{"syntax": 65538, "value": 3}"#).unwrap();
            assert_eq!(v, ValueBuf::dword(3));
        }
    }
}
