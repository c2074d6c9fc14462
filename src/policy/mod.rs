//! The policy language: lexer, parser, typechecker and evaluator for `.unet` files.
//!
//! See `lang/` for the language reference. Codes: `E02xx` syntax, `E03xx`
//! types, `E04xx` evaluation.

use crate::diag::{Diagnostic, Span};
use crate::value::Value;
use serde::Serialize;

/// A rule as reports name it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleRef {
    /// The rule's name, or `<file>:<line>` when it has none.
    pub name: String,
    #[serde(skip)]
    pub span: Span,
}

/// The result of one ASSERT on one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssertionResult {
    pub rule: RuleRef,
    /// The assertion as written, e.g. `node.os_version IS "17.9.4"`.
    pub assertion: String,
    pub passed: bool,
    pub expected: Value,
    pub actual: Value,
}

/// One SET on one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SetResult {
    pub rule: RuleRef,
    /// `custom_data.…` path.
    pub path: String,
    pub value: Value,
}

/// One APPLY on one node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AppliedTemplate {
    pub rule: RuleRef,
    /// Project path of the template (`templates/cisco/base.j2`, or `dep:templates/…`).
    pub template: String,
}

/// Everything the policy program decided for one node.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NodeEval {
    pub node: String,
    pub matched_rules: Vec<RuleRef>,
    pub assertions: Vec<AssertionResult>,
    pub sets: Vec<SetResult>,
    /// Templates in APPLY order (each at most once).
    pub applied: Vec<AppliedTemplate>,
    /// The node's custom_data after all SETs.
    pub custom_data: Value,
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}
