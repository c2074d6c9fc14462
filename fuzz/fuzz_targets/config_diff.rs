//! Fuzz target `config_diff`: see `unetc::fuzzing::config_diff`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::config_diff(data));
