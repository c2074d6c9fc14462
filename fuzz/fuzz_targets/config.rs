//! Fuzz target `config`: see `unetc::fuzzing::config`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::config(data));
