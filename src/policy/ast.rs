//! The policy program's syntax tree, as the parser builds it.
//!
//! Input: nothing (data only). Spans are byte ranges into the policy file the
//! rule came from ([`Rule::file`]). The typechecker ([`super::check`]) turns
//! this tree into the resolved program the evaluator runs.

use crate::diag::{FileId, Span};
use crate::value::Value;

/// One rule: `[RULE "name"] [PRIORITY n:] WHEN cond THEN action (THEN action)*`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub file: FileId,
    pub name: Option<(String, Span)>,
    pub priority: i64,
    pub cond: Expr,
    pub actions: Vec<Action>,
    /// From `RULE`/`PRIORITY`/`WHEN` to the end of the last action.
    pub span: Span,
}

/// A condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>, Span),
    Or(Box<Expr>, Box<Expr>, Span),
    Not(Box<Expr>, Span),
    /// `lhs <op> rhs`.
    Cmp(Operand, CmpOp, Operand, Span),
    /// `x MATCHES /re/flags`.
    Matches(Operand, Regex, Span),
    /// `x IS NULL` (`negated`: `IS NOT NULL`).
    IsNull(Operand, bool, Span),
    /// `x IN [..]` (`negated`: `NOT IN`).
    In(Operand, Operand, bool, Span),
    /// A bare operand used as a condition (`custom_data.oob`, `true`).
    Truthy(Operand, Span),
    /// A piece the parser could not read (already reported).
    Error(Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::And(_, _, s)
            | Expr::Or(_, _, s)
            | Expr::Not(_, s)
            | Expr::Cmp(_, _, _, s)
            | Expr::Matches(_, _, s)
            | Expr::IsNull(_, _, s)
            | Expr::In(_, _, _, s)
            | Expr::Truthy(_, s)
            | Expr::Error(s) => *s,
        }
    }
}

/// A comparison operator. `IS x` is `==`, `IS NOT x` is `!=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Contains => "CONTAINS",
        }
    }

    /// True for `< <= > >=`.
    pub fn is_ordering(self) -> bool {
        matches!(self, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge)
    }
}

/// A regex literal `/body/flags`.
#[derive(Clone, Debug, PartialEq)]
pub struct Regex {
    pub body: String,
    pub flags: String,
    pub span: Span,
}

/// Something with a value: a literal, a field path, a list or a call.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Lit(Value, Span),
    /// `[a, b, …]`: items are operands (literals in practice).
    List(Vec<Operand>, Span),
    /// `node.vendor`, `custom_data.ntp.servers`: segments and their spans.
    Path(Vec<(String, Span)>, Span),
    /// `version(x)`.
    Call(String, Span, Vec<Operand>, Span),
}

impl Operand {
    pub fn span(&self) -> Span {
        match self {
            Operand::Lit(_, s)
            | Operand::List(_, s)
            | Operand::Path(_, s)
            | Operand::Call(_, _, _, s) => *s,
        }
    }
}

/// What a matched rule does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `ASSERT cond`.
    Assert(Expr, Span),
    /// `SET path TO value`.
    Set(Operand, Operand, Span),
    /// `APPLY "template"`.
    Apply(String, Span, Span),
}

impl Action {
    pub fn span(&self) -> Span {
        match self {
            Action::Assert(_, s) | Action::Set(_, _, s) | Action::Apply(_, _, s) => *s,
        }
    }
}
