//! Fuzz target `template`: see `unetc::fuzzing::template`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::template(data));
