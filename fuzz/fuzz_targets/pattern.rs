//! Fuzz target `pattern`: see `unetc::fuzzing::pattern`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::pattern(data));
