//! Fuzz target `template_header`: see `unetc::fuzzing::template_header`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unetc::fuzzing::template_header(data));
