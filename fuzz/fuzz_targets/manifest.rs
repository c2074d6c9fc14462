//! Fuzz target `manifest`: see `unetc::fuzzing::manifest`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::manifest(data));
