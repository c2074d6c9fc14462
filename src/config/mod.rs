//! Device configuration parsing: indent-based (IOS, NX-OS, EOS, IOS-XR), JunOS
//! braces and JunOS `set` format into one line tree; match patterns; slicing.
//!
//! Input: config text, a [`Syntax`] and a [`FileId`] (the caller adds the
//! text to its `SourceMap` so spans resolve). Output: a [`ConfigTree`] and
//! diagnostics; parsing never fails and never panics.
//!
//! Codes: `E0601` unterminated banner or block, `E0602` unexpected `}`,
//! `E0603` unclosed `{`, `E0604` unterminated string / list / comment,
//! `E0605` statement without `;`, `E0606` unknown statement in set format,
//! `E0607` invalid match pattern (reported by callers, see
//! [`pattern_diagnostic`]), `W0602` `delete` of a path that is not set.
//!
//! ```
//! use unetc::config::{self, Pattern, Syntax};
//! use unetc::diag::FileId;
//! let text = "hostname sw1\ninterface Vlan10\n ip address 10.0.0.1 255.255.255.0\n";
//! let (tree, diags) = config::parse(text, Syntax::Ios, FileId(0));
//! assert!(diags.is_empty());
//! let p = Pattern::parse("interface *").unwrap();
//! let s = config::slice(&tree, &[&p]);
//! assert_eq!(s.to_text(), "interface Vlan10\n ip address 10.0.0.1 255.255.255.0\n");
//! ```

pub mod indent;
pub mod junos;
pub mod junos_set;
pub mod pattern;
mod slice;
pub mod syntax;
pub mod tree;

pub use pattern::{Pattern, PatternError};
pub use slice::{slice, unmanaged};
pub use syntax::{Family, Syntax};
pub use tree::{ConfigTree, Line, LineId, LineKind};

use crate::diag::{Diagnostic, FileId, Span};

/// Parses a config in `syntax` (JunOS text made of `set` lines is read as
/// `junos-set` whatever was asked).
pub fn parse(text: &str, syntax: Syntax, file: FileId) -> (ConfigTree, Vec<Diagnostic>) {
    match syntax.detect(text) {
        Syntax::Junos => junos::parse(text, file),
        Syntax::JunosSet => junos_set::parse(text, file),
        s => indent::parse(text, s, file),
    }
}

/// The `E0607` diagnostic for a pattern that does not compile; `span` covers
/// the whole pattern text.
pub fn pattern_diagnostic(e: &PatternError, span: Span) -> Diagnostic {
    Diagnostic::error("E0607", format!("invalid match pattern: {}", e.message))
        .with_label(span.sub(e.range.clone()), "here")
        .with_help("a pattern is segments separated by ` > `, each a glob (`interface Gi1/0/*`) or a `/regex/`")
}
