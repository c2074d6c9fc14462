//! Device configuration parsing: indent-based (IOS, NX-OS, EOS, IOS-XR), JunOS
//! braces and JunOS `set` format into one line tree; match patterns; slicing.
//!
//! Codes: `E06xx`.

pub mod pattern;

pub use pattern::{Pattern, PatternError};
