//! The policy evaluator: runs the compiled [`Program`] on each node.
//!
//! Input: the program, inventory, lockfile facts and the nodes to evaluate.
//! Output: one [`NodeEval`] per node (same order), computed in parallel with
//! rayon; each node's result depends only on that node, so the output never
//! depends on scheduling. Per-node diagnostics: `E0401` (failed assertion),
//! `E0402` (a value of the wrong type met at run time); [`group`] folds them
//! into one diagnostic per rule and code.
//!
//! Semantics (lang/reference.md): a missing (or null) value makes every
//! comparison false (`!=` and `NOT IN` too); `IS NULL` is true for it. SETs are
//! visible to every rule evaluated later and to later actions of the same rule.

use super::ast::CmpOp;
use super::program::{Access, CAction, CExpr, COp, Program};
use super::{version, AppliedTemplate, AssertionResult, NodeEval, RuleRef, SetResult};
use crate::diag::{Diagnostic, Span};
use crate::facts::Lockfile;
use crate::inventory::model::NODE_FIELDS;
use crate::inventory::{Inventory, Node};
use crate::project::Project;
use crate::value::Value;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Values shared by all nodes: every location's fields and custom data.
pub struct Prepared<'a> {
    locations: HashMap<&'a str, (Vec<Value>, &'a Value)>,
    domain: Option<&'a str>,
}

impl<'a> Prepared<'a> {
    pub fn new(inventory: &'a Inventory, project: &'a Project) -> Prepared<'a> {
        let mut locations = HashMap::new();
        for l in &inventory.locations {
            let path = inventory.location_path(&l.name);
            let Value::Map(mut m) = l.to_value(&path) else {
                continue;
            };
            let vals = crate::inventory::model::LOCATION_FIELDS
                .iter()
                .map(|(f, _)| m.remove(*f).unwrap_or_default())
                .collect();
            locations
                .entry(l.name.as_str())
                .or_insert((vals, &l.custom_data));
        }
        Prepared {
            locations,
            domain: project.manifest.project.domain.as_deref(),
        }
    }
}

struct Ctx<'a> {
    node: Vec<Value>,
    loc: Option<&'a (Vec<Value>, &'a Value)>,
    facts: Option<Value>,
    custom: Value,
    errors: RefCell<Vec<(Span, String)>>,
}

/// A value met during evaluation.
enum V<'a> {
    Val(&'a Value),
    Ver(Cow<'a, str>),
    Missing,
}

fn walk<'v>(mut v: &'v Value, path: &[String]) -> Option<&'v Value> {
    for seg in path {
        match v {
            Value::Map(m) => v = m.get(seg)?,
            _ => return None,
        }
    }
    Some(v)
}

impl<'a> Ctx<'a> {
    fn lookup(&self, a: &Access) -> Option<&Value> {
        let v = match a {
            Access::Node(i) => self.node.get(*i),
            Access::Loc(i) => self.loc.and_then(|l| l.0.get(*i)),
            Access::LocCustom(p) => self.loc.and_then(|l| walk(l.1, p)),
            Access::Custom(p) => walk(&self.custom, p),
            Access::Fact(p) => self.facts.as_ref().and_then(|f| walk(f, p)),
        }?;
        (!v.is_null()).then_some(v)
    }

    fn operand<'s>(&'s self, o: &'s COp) -> V<'s> {
        match o {
            COp::Lit(Value::Null) => V::Missing,
            COp::Lit(v) => V::Val(v),
            COp::Path(a) => self.lookup(a).map_or(V::Missing, V::Val),
            COp::Version(inner) => match self.operand(inner) {
                V::Val(Value::Str(s)) => V::Ver(Cow::Borrowed(s)),
                V::Val(Value::Int(i)) => V::Ver(Cow::Owned(i.to_string())),
                V::Val(Value::Float(f)) => V::Ver(Cow::Owned(f.to_string())),
                V::Ver(s) => V::Ver(s),
                _ => V::Missing,
            },
        }
    }

    fn cond(&self, e: &CExpr) -> bool {
        match e {
            CExpr::And(a, b) => self.cond(a) && self.cond(b),
            CExpr::Or(a, b) => self.cond(a) || self.cond(b),
            CExpr::Not(a, _) => !self.cond(a),
            CExpr::IsNull(o, neg, _) => matches!(self.operand(o), V::Missing) != *neg,
            CExpr::Truthy(o, span) => match self.operand(o) {
                V::Val(Value::Bool(b)) => *b,
                V::Missing => false,
                V::Val(v) => {
                    let m = format!("a condition must be a boolean, found {} {v}", v.type_name());
                    self.errors.borrow_mut().push((*span, m));
                    false
                }
                V::Ver(_) => false,
            },
            CExpr::Matches(o, re, span) => match self.operand(o) {
                V::Val(Value::Str(s)) => re.is_match(s),
                V::Missing => false,
                V::Val(v) => {
                    let m = format!("MATCHES needs a string, found {} {v}", v.type_name());
                    self.errors.borrow_mut().push((*span, m));
                    false
                }
                V::Ver(s) => re.is_match(&s),
            },
            CExpr::In(o, list, neg, span) => {
                let r = match self.operand(list) {
                    V::Val(Value::List(items)) => {
                        let l = self.operand(o);
                        if matches!(l, V::Missing) {
                            return false;
                        }
                        Some(items.iter().any(|it| eq(&l, &V::Val(it))))
                    }
                    V::Missing => return false,
                    V::Val(v) => {
                        let m = format!("IN needs a list, found {} {v}", v.type_name());
                        self.errors.borrow_mut().push((*span, m));
                        None
                    }
                    V::Ver(_) => None,
                };
                r.is_some_and(|found| found != *neg)
            }
            CExpr::Cmp(a, op, b, span) => {
                let (l, r) = (self.operand(a), self.operand(b));
                match compare(&l, *op, &r) {
                    Ok(x) => x,
                    Err(m) => {
                        self.errors.borrow_mut().push((*span, m));
                        false
                    }
                }
            }
        }
    }

    /// The first sub-condition that made `e` false (or true under NOT):
    /// its span, the actual value and what was expected.
    fn why(&self, e: &CExpr, want: bool) -> Option<(Span, Value, String, Value)> {
        match e {
            CExpr::And(a, b) => {
                if want {
                    if !self.clone_eval(a) {
                        self.why(a, true)
                    } else {
                        self.why(b, true)
                    }
                } else {
                    self.why(a, false).or_else(|| self.why(b, false))
                }
            }
            CExpr::Or(a, b) => {
                if want {
                    self.why(a, true)
                } else if self.clone_eval(a) {
                    self.why(a, false)
                } else {
                    self.why(b, false)
                }
            }
            CExpr::Not(a, _) => self.why(a, !want),
            CExpr::IsNull(o, neg, s) => {
                let actual = self.actual(o);
                let exp = if *neg == want { "not null" } else { "null" };
                Some((
                    *s,
                    actual,
                    format!("IS {}", exp.to_uppercase()),
                    if exp == "null" {
                        Value::Null
                    } else {
                        Value::Str(exp.into())
                    },
                ))
            }
            CExpr::Truthy(o, s) => Some((
                *s,
                self.actual(o),
                if want { "true".into() } else { "false".into() },
                Value::Bool(want),
            )),
            CExpr::Matches(o, re, s) => Some((
                *s,
                self.actual(o),
                format!(
                    "{}MATCHES /{}/",
                    if want { "" } else { "NOT " },
                    re.as_str()
                ),
                Value::Str(format!("/{}/", re.as_str())),
            )),
            CExpr::In(o, l, neg, s) => {
                let lv = self.actual_lit(l);
                let not = *neg == want;
                Some((
                    *s,
                    self.actual(o),
                    format!("{}IN {lv}", if not { "NOT " } else { "" }),
                    lv,
                ))
            }
            CExpr::Cmp(a, op, b, s) => {
                let ev = self.actual_lit(b);
                let shown = match b {
                    COp::Version(_) => format!("version({ev})"),
                    _ => ev.to_string(),
                };
                let text = match (op, want) {
                    (CmpOp::Eq, true) => shown,
                    (CmpOp::Ne, false) => shown,
                    (o, true) => format!("{} {shown}", o.as_str()),
                    (o, false) => format!("NOT {} {shown}", o.as_str()),
                };
                Some((*s, self.actual(a), text, ev))
            }
        }
    }

    /// The actual and expected values of a passed assertion (its first
    /// comparison), without the text an explanation needs.
    fn values(&self, e: &CExpr) -> (Value, Value) {
        match e {
            // `x IS NOT NULL` may arrive as NOT (x IS NULL)
            CExpr::Not(a, _) if matches!(**a, CExpr::IsNull(..)) => {
                let CExpr::IsNull(o, neg, _) = &**a else {
                    unreachable!()
                };
                self.null_values(o, !*neg)
            }
            CExpr::And(a, _) | CExpr::Or(a, _) | CExpr::Not(a, _) => self.values(a),
            CExpr::IsNull(o, neg, _) => self.null_values(o, *neg),
            CExpr::Truthy(o, _) => (self.actual(o), Value::Bool(true)),
            CExpr::Matches(o, re, _) => (self.actual(o), Value::Str(format!("/{}/", re.as_str()))),
            CExpr::In(o, l, _, _) | CExpr::Cmp(o, _, l, _) => (self.actual(o), self.actual_lit(l)),
        }
    }

    /// Actual and expected of an `IS NULL` (`not_null` false) or `IS NOT NULL` test.
    fn null_values(&self, o: &COp, not_null: bool) -> (Value, Value) {
        let expected = if not_null {
            Value::Str("not null".into())
        } else {
            Value::Null
        };
        (self.actual(o), expected)
    }

    /// Evaluates without recording run-time errors (they were recorded once already).
    fn clone_eval(&self, e: &CExpr) -> bool {
        let n = self.errors.borrow().len();
        let r = self.cond(e);
        self.errors.borrow_mut().truncate(n);
        r
    }

    fn actual(&self, o: &COp) -> Value {
        match self.operand(o) {
            V::Val(v) => v.clone(),
            V::Ver(s) => Value::Str(s.into_owned()),
            V::Missing => Value::Null,
        }
    }

    fn actual_lit(&self, o: &COp) -> Value {
        match o {
            COp::Version(inner) => self.actual(inner),
            _ => self.actual(o),
        }
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn eq(l: &V<'_>, r: &V<'_>) -> bool {
    match (l, r) {
        (V::Missing, _) | (_, V::Missing) => false,
        (V::Ver(a), V::Ver(b)) => version::compare(a, b) == Ordering::Equal,
        (V::Ver(a), V::Val(Value::Str(b))) | (V::Val(Value::Str(b)), V::Ver(a)) => {
            version::compare(a, b) == Ordering::Equal
        }
        (V::Val(a), V::Val(b)) => match (num(a), num(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
        _ => false,
    }
}

fn compare(l: &V<'_>, op: CmpOp, r: &V<'_>) -> Result<bool, String> {
    if matches!(l, V::Missing) || matches!(r, V::Missing) {
        return Ok(false);
    }
    let ord = |o: Ordering| match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
        _ => false,
    };
    match op {
        CmpOp::Eq => Ok(eq(l, r)),
        CmpOp::Ne => Ok(!eq(l, r)),
        CmpOp::Contains => match (l, r) {
            (V::Val(Value::List(items)), _) => Ok(items.iter().any(|it| eq(&V::Val(it), r))),
            (V::Val(Value::Str(s)), V::Val(Value::Str(t))) => Ok(s.contains(t.as_str())),
            (V::Val(a), _) => Err(format!(
                "CONTAINS needs a list or a string, found {} {a}",
                a.type_name()
            )),
            _ => Ok(false),
        },
        _ => match (l, r) {
            (V::Ver(a), V::Ver(b)) => Ok(ord(version::compare(a, b))),
            (V::Val(a), V::Val(b)) => match (num(a), num(b)) {
                (Some(x), Some(y)) => Ok(x.partial_cmp(&y).is_some_and(ord)),
                _ => Err(format!(
                    "`{}` cannot order {} {a} and {} {b}",
                    op.as_str(),
                    a.type_name(),
                    b.type_name()
                )),
            },
            _ => Err(format!(
                "`{}` compares a version with a non-version",
                op.as_str()
            )),
        },
    }
}

/// One rule's outcome on one node, for `unetc eval`.
#[derive(Clone, Debug, Serialize)]
pub struct RuleTrace {
    pub rule: RuleRef,
    pub priority: i64,
    pub condition: String,
    pub matched: bool,
    /// For a rule that did not match: the first sub-condition that was false,
    /// with the value it saw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<Because>,
}

/// Why a condition was false.
#[derive(Clone, Debug, Serialize)]
pub struct Because {
    /// The sub-condition as written.
    pub condition: String,
    pub actual: Value,
    pub expected: String,
}

/// Evaluates the program on every node, in parallel; results in input order.
pub fn evaluate(
    program: &Program,
    inventory: &Inventory,
    lock: &Lockfile,
    project: &Project,
    nodes: &[&Node],
) -> Vec<NodeEval> {
    let prep = Prepared::new(inventory, project);
    nodes
        .par_iter()
        .map(|n| run_node(program, &prep, lock, project, n, None))
        .collect()
}

/// Evaluates one node and records why each rule did or did not match.
pub fn trace(
    program: &Program,
    inventory: &Inventory,
    lock: &Lockfile,
    project: &Project,
    node: &Node,
) -> (NodeEval, Vec<RuleTrace>) {
    let prep = Prepared::new(inventory, project);
    let mut t = Vec::new();
    let e = run_node(program, &prep, lock, project, node, Some(&mut t));
    (e, t)
}

fn run_node(
    program: &Program,
    prep: &Prepared<'_>,
    lock: &Lockfile,
    project: &Project,
    node: &Node,
    mut trace: Option<&mut Vec<RuleTrace>>,
) -> NodeEval {
    let node_vals = match node.to_value(prep.domain) {
        Value::Map(mut m) => NODE_FIELDS
            .iter()
            .map(|(f, _)| m.remove(*f).unwrap_or_default())
            .collect(),
        _ => Vec::new(),
    };
    let mut ctx = Ctx {
        node: node_vals,
        loc: node.location.as_deref().and_then(|l| prep.locations.get(l)),
        facts: if program.uses_facts {
            lock.nodes.get(&node.name).map(|f| f.to_value())
        } else {
            None
        },
        custom: if node.custom_data.is_null() {
            Value::Map(Default::default())
        } else {
            node.custom_data.clone()
        },
        errors: RefCell::new(Vec::new()),
    };
    let mut out = NodeEval {
        node: node.name.clone(),
        ..Default::default()
    };
    for r in &program.rules {
        let matched = ctx.cond(&r.cond);
        if let Some(t) = trace.as_deref_mut() {
            let because = if matched {
                None
            } else {
                ctx.why(&r.cond, true)
                    .map(|(s, actual, expected, _)| Because {
                        condition: super::check::collapse(project.sources.snippet(s)),
                        actual,
                        expected,
                    })
            };
            t.push(RuleTrace {
                rule: r.rule.clone(),
                priority: r.priority,
                condition: r.cond_text.clone(),
                matched,
                because,
            });
        }
        if !matched {
            continue;
        }
        out.matched_rules.push(r.rule.clone());
        for a in &r.actions {
            match a {
                CAction::Assert { cond, text, span } => {
                    let passed = ctx.cond(cond);
                    let (actual, expected) = if passed {
                        ctx.values(cond)
                    } else {
                        match ctx.why(cond, true) {
                            Some((_, actual, exp_text, exp)) => {
                                out.diagnostics.push(
                                    Diagnostic::error(
                                        "E0401",
                                        format!("assertion failed on `{}`", node.name),
                                    )
                                    .with_label(
                                        *span,
                                        format!("found {actual}, expected {exp_text}"),
                                    )
                                    .with_note(format!("`{text}`")),
                                );
                                (actual, exp)
                            }
                            None => (Value::Null, Value::Null),
                        }
                    };
                    out.assertions.push(AssertionResult {
                        rule: r.rule.clone(),
                        assertion: text.clone(),
                        passed,
                        expected,
                        actual,
                    });
                }
                CAction::Set {
                    path, text, value, ..
                } => {
                    let v = ctx.actual(value);
                    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
                    ctx.custom.set_path(&segs, v.clone());
                    out.sets.push(SetResult {
                        rule: r.rule.clone(),
                        path: text.clone(),
                        value: v,
                    });
                }
                CAction::Apply { template, .. } => {
                    if !out.applied.iter().any(|a| &a.template == template) {
                        out.applied.push(AppliedTemplate {
                            rule: r.rule.clone(),
                            template: template.clone(),
                        });
                    }
                }
            }
        }
    }
    for (span, m) in ctx.errors.take() {
        out.diagnostics.push(
            Diagnostic::error("E0402", format!("{m} (on `{}`)", node.name)).with_label(span, m),
        );
    }
    out.custom_data = ctx.custom;
    out
}

/// How many nodes a grouped diagnostic names before "and N more".
const SHOWN: usize = 5;

/// Folds per-node `E0401`/`E0402` diagnostics into one per (code, place):
/// the first node in the label, the next few as notes, then a count.
pub fn group(evals: &[NodeEval]) -> Vec<Diagnostic> {
    type Key = (&'static str, Span);
    let mut groups: Vec<(Key, Vec<(&str, &Diagnostic)>)> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for e in evals {
        for d in &e.diagnostics {
            let Some(p) = &d.primary else { continue };
            let key = (d.code, p.span);
            let i = *index.entry(key).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            });
            groups[i].1.push((e.node.as_str(), d));
        }
    }
    let mut out = Vec::new();
    for ((code, span), items) in groups {
        let (first_node, first) = items[0];
        let label = first
            .primary
            .as_ref()
            .map_or(String::new(), |p| p.message.clone());
        let n = items.len();
        let what = if code == "E0401" {
            "assertion failed"
        } else {
            "run-time type error"
        };
        let mut d = if n == 1 {
            let mut d = first.clone();
            if code == "E0402" {
                d.message = format!("{what} on `{first_node}`");
            }
            d
        } else {
            let mut d = Diagnostic::error(code, format!("{what} on {n} nodes"))
                .with_label(span, format!("on `{first_node}`: {label}"));
            d.notes = first.notes.clone();
            for (node, dd) in items.iter().skip(1).take(SHOWN - 1) {
                let l = dd.primary.as_ref().map_or("", |p| p.message.as_str());
                d.notes.push(format!("on `{node}`: {l}"));
            }
            if n > SHOWN {
                d.notes.push(format!(
                    "… and {} more nodes; every node's values are in out/report.json",
                    n - SHOWN
                ));
            }
            d
        };
        d.help = Some(if code == "E0401" {
            format!("run `unetc eval <dir> --node {first_node}` to see how the policy treats this node; fix the inventory, the device or the rule")
        } else {
            "the data has a type the rule does not expect; fix the inventory value or guard the rule with a type-safe comparison".to_string()
        });
        out.push(d);
    }
    out
}
