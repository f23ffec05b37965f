#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| clusctl_fuzz::clusprop_property_list(data));
