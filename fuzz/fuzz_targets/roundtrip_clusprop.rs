#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| clusctl_fuzz::roundtrip_clusprop(data));
