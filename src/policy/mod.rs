//! The policy language: lexer, parser, typechecker and evaluator for `.unet` files.
//!
//! See `lang/reference.md` for the language and `lang/grammar.ebnf` for its
//! grammar. Codes: `E02xx` syntax ([`lexer`], [`parser`]), `E03xx`/`W03xx`
//! types ([`check`]), `E04xx` evaluation ([`eval`]).
//!
//! The driver calls [`compile`] once, then [`evaluate`] with the nodes to
//! compile, then [`eval_diagnostics`] to fold per-node assertion failures into
//! one diagnostic per rule. `unetc eval` uses [`trace`].

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

pub mod ast;
pub mod check;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod program;
pub mod version;

pub use eval::{Because, RuleTrace};
pub use program::Program;

use crate::facts::Lockfile;
use crate::inventory::{Inventory, Node};
use crate::project::Project;

/// Parses and typechecks every policy file of the project. Rules with errors
/// are left out of the program; the rest still evaluate.
pub fn compile(project: &Project, inventory: &Inventory) -> (Program, Vec<Diagnostic>) {
    let mut rules = Vec::new();
    let mut diags = Vec::new();
    for &f in &project.policy_files {
        let (r, d) = parser::parse(f, project.sources.text(f));
        rules.extend(r);
        diags.extend(d);
    }
    let (program, d) = check::check(rules, project, inventory);
    diags.extend(d);
    (program, diags)
}

/// Evaluates the program on each node (in parallel); one result per node, in
/// the order given. Failed assertions and run-time errors are in each
/// result's `diagnostics`; see [`eval_diagnostics`].
pub fn evaluate(
    program: &Program,
    inventory: &Inventory,
    lock: &Lockfile,
    project: &Project,
    nodes: &[&Node],
) -> Vec<NodeEval> {
    eval::evaluate(program, inventory, lock, project, nodes)
}

/// One diagnostic per failing rule (and code), listing the count and the
/// first few nodes; the full per-node detail stays in the [`NodeEval`]s.
pub fn eval_diagnostics(evals: &[NodeEval]) -> Vec<Diagnostic> {
    eval::group(evals)
}

/// Evaluates one node and explains every rule (for `unetc eval`).
pub fn trace(
    program: &Program,
    inventory: &Inventory,
    lock: &Lockfile,
    project: &Project,
    node: &Node,
) -> (NodeEval, Vec<RuleTrace>) {
    eval::trace(program, inventory, lock, project, node)
}

/// Totals over evaluated nodes, for the `compliance:` summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub nodes: usize,
    pub assertions: usize,
    pub failed: usize,
    pub failed_nodes: usize,
}

impl Compliance {
    pub fn of(evals: &[NodeEval]) -> Compliance {
        let mut c = Compliance {
            nodes: evals.len(),
            ..Default::default()
        };
        for e in evals {
            let f = e.assertions.iter().filter(|a| !a.passed).count();
            c.assertions += e.assertions.len();
            c.failed += f;
            c.failed_nodes += usize::from(f > 0);
        }
        c
    }
}

impl std::fmt::Display for Compliance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pl = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "compliance: {}, {}",
            pl(self.nodes, "node"),
            pl(self.assertions, "assertion")
        )?;
        if self.failed == 0 {
            write!(f, ", all passed")
        } else {
            write!(
                f,
                ", {} failed on {}",
                self.failed,
                pl(self.failed_nodes, "node")
            )
        }
    }
}
