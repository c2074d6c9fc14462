//! Fuzz target `policy`: see `unetc::fuzzing::policy`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::policy(data));
