//! The CLUSPROP bench input: a large property list of the shape servers
//! send (mostly DWORD and SZ properties, some EXPAND_SZ twins, 64-bit and
//! binary values, multi-strings), with the list-level ENDMARK.

use clusctl::clusprop::{PropertyListBuf, ValueBuf};

/// A property list with `properties` properties.
pub(crate) fn property_list(properties: usize) -> PropertyListBuf {
    let mut list = PropertyListBuf::new();
    for i in 0..properties {
        let name = format!("Property{i:05}Name");
        match i % 8 {
            0..=2 => list.push_dword(name.as_str(), i as u32).unwrap(),
            3 => list
                .push_sz(
                    name.as_str(),
                    format!("value number {i} of the list").as_str(),
                )
                .unwrap(),
            4 => list
                .push(
                    name.as_str(),
                    [
                        ValueBuf::expand_sz("%SystemRoot%\\Cluster\\Reports").unwrap(),
                        ValueBuf::expanded_sz("C:\\Windows\\Cluster\\Reports").unwrap(),
                    ],
                )
                .unwrap(),
            5 => list.push_ularge(name.as_str(), (i as u64) << 33).unwrap(),
            6 => list.push_binary(name.as_str(), &[i as u8; 13]).unwrap(),
            _ => list
                .push_multi_sz(name.as_str(), ["node1", "node2", "node3"])
                .unwrap(),
        };
    }
    list
}
