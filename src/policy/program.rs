//! The compiled policy program: rules in evaluation order with field paths
//! resolved to accessors and regexes compiled, ready for the evaluator.
//!
//! Built by [`super::check`]; run by [`super::eval`]. Holds no references to
//! the AST or the source text.

use super::ast::CmpOp;
use super::RuleRef;
use crate::diag::{FileId, Span};
use crate::value::Value;

/// Where a field path reads from, resolved at compile time.
#[derive(Clone, Debug)]
pub enum Access {
    /// `node.<field>`: index into `NODE_FIELDS`.
    Node(usize),
    /// `node.location.<field>`: index into `LOCATION_FIELDS`.
    Loc(usize),
    /// `node.location.custom_data.<path>`.
    LocCustom(Vec<String>),
    /// `custom_data.<path>` (the node's working custom_data, SETs included).
    Custom(Vec<String>),
    /// `facts.<path>`.
    Fact(Vec<String>),
}

/// A compiled operand.
#[derive(Clone, Debug)]
pub enum COp {
    Lit(Value),
    Path(Access),
    /// `version(x)`.
    Version(Box<COp>),
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum CExpr {
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    Not(Box<CExpr>, Span),
    Cmp(COp, CmpOp, COp, Span),
    Matches(COp, regex::Regex, Span),
    IsNull(COp, bool, Span),
    In(COp, COp, bool, Span),
    Truthy(COp, Span),
}

/// A compiled action.
#[derive(Clone, Debug)]
pub enum CAction {
    Assert {
        cond: CExpr,
        text: String,
        span: Span,
    },
    Set {
        path: Vec<String>,
        text: String,
        value: COp,
        span: Span,
    },
    Apply {
        template: String,
        span: Span,
    },
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct CRule {
    pub rule: RuleRef,
    pub priority: i64,
    pub file: FileId,
    pub cond: CExpr,
    /// The condition as written (whitespace collapsed), for explanations.
    pub cond_text: String,
    pub actions: Vec<CAction>,
}

/// The whole program, rules sorted in evaluation order (priority, higher
/// first; then file path; then position in the file).
#[derive(Clone, Debug, Default)]
pub struct Program {
    pub rules: Vec<CRule>,
    /// Whether any rule reads `facts.*` (facts are then prepared per node).
    pub uses_facts: bool,
    /// Rules left out because they had errors.
    pub skipped_rules: usize,
}
