//! The code table: every diagnostic code with its title and long explanation.
//!
//! The table is generated at build time from `lang/codes/<CODE>.md` (see
//! `build.rs`): one markdown file per code whose first line is
//! `# <CODE>: <title>`. `unetc explain CODE` prints the file.

/// One entry of the code table.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/codes.rs"));

/// Looks a code up (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Every code, sorted.
pub fn all() -> &'static [CodeInfo] {
    CODES
}
