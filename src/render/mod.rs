//! Templates: the MiniJinja environment, network filters, template-match
//! headers and per-node rendering.
//!
//! Codes: `E05xx`.

use serde::Serialize;

/// One template's output for one node: a section of the config.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedSection {
    /// Project path of the template.
    pub template: String,
    /// The `template-match` pattern naming the section the template owns.
    pub pattern: String,
    pub text: String,
}

/// A node's full intended configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RenderedConfig {
    pub node: String,
    /// Sections in APPLY order.
    pub sections: Vec<RenderedSection>,
    /// The whole config: the sections joined.
    pub text: String,
}
