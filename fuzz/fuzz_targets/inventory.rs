//! Fuzz target `inventory`: see `unetc::fuzzing::inventory`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::inventory(data));
