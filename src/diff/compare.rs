//! Tree comparison: matches the children of two sliced trees level by level.
//!
//! Children are matched by text. Under a parent the syntax lists as ordered
//! (ACLs, route-maps, JunOS terms), the whole child list must be equal, in
//! order, or the parent is [`Op::Replace`]d as a whole. The result is a list
//! of [`Op`]s per level in intended order, with lines only in running
//! appended in running order.

use crate::config::{ConfigTree, LineId};
use std::collections::HashMap;

/// One matched (or unmatched) line of a level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// On both sides; `sub` holds the comparison of the children.
    Both {
        a: LineId,
        b: LineId,
        sub: Vec<Op>,
        /// Some descendant differs (or the inactive flag does).
        changed: bool,
    },
    /// Only in `a` (the intended side).
    Missing(LineId),
    /// Only in `b` (the running side).
    Extra(LineId),
    /// An ordered parent present on both sides whose children differ.
    Replace { a: LineId, b: LineId },
}

impl Op {
    /// Whether this op is a difference.
    pub fn differs(&self) -> bool {
        !matches!(self, Op::Both { changed: false, .. })
    }
}

/// Compares two trees' top levels (`a` intended, `b` running).
pub fn compare(a: &ConfigTree, b: &ConfigTree) -> Vec<Op> {
    level(a, &a.roots, b, &b.roots)
}

fn level(a: &ConfigTree, ac: &[LineId], b: &ConfigTree, bc: &[LineId]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(ac.len().max(bc.len()));
    let mut used = vec![false; bc.len()];
    let index: Option<HashMap<&str, Vec<usize>>> = (bc.len() > 12).then(|| {
        let mut m: HashMap<&str, Vec<usize>> = HashMap::with_capacity(bc.len());
        for (i, &c) in bc.iter().enumerate() {
            m.entry(b.text(c)).or_default().push(i);
        }
        m
    });
    for &x in ac {
        let t = a.text(x);
        let found = match &index {
            Some(m) => m.get(t).and_then(|v| v.iter().copied().find(|&i| !used[i])),
            None => (0..bc.len()).find(|&i| !used[i] && b.text(bc[i]) == t),
        };
        match found {
            Some(i) => {
                used[i] = true;
                ops.push(pair(a, x, b, bc[i]));
            }
            None if at_default(a, x) || implicit(a, x, b, bc) => {}
            None => ops.push(Op::Missing(x)),
        }
    }
    for (i, &y) in bc.iter().enumerate() {
        if !used[i] && !at_default(b, y) && !implicit(b, y, a, ac) {
            ops.push(Op::Extra(y));
        }
    }
    ops
}

/// A leaf devices never print because it is the default (`no shutdown`),
/// while the running level does not hold its negation (`shutdown`).
fn implicit(a: &ConfigTree, x: LineId, b: &ConfigTree, bc: &[LineId]) -> bool {
    let text = a.text(x);
    if !a.line(x).children.is_empty() || !a.syntax.compiled().implicit.is_match(text) {
        return false;
    }
    let negated = text.strip_prefix("no ").unwrap_or(text);
    !bc.iter().any(|&y| b.text(y) == negated)
}

/// A line that, without children, is in its default state (an unconfigured
/// physical port): on one side only it is not a difference.
fn at_default(t: &ConfigTree, id: LineId) -> bool {
    t.line(id).children.is_empty() && t.syntax.compiled().empty_is_default.is_match(t.text(id))
}

fn pair(a: &ConfigTree, x: LineId, b: &ConfigTree, y: LineId) -> Op {
    let (la, lb) = (a.line(x), b.line(y));
    let ordered = !la.children.is_empty() && a.syntax.compiled().ordered.is_match(a.text(x));
    if ordered {
        if equal_ordered(a, &la.children, b, &lb.children) && la.inactive == lb.inactive {
            return Op::Both {
                a: x,
                b: y,
                sub: Vec::new(),
                changed: false,
            };
        }
        return Op::Replace { a: x, b: y };
    }
    let sub = level(a, &la.children, b, &lb.children);
    let changed = la.inactive != lb.inactive || sub.iter().any(Op::differs);
    Op::Both {
        a: x,
        b: y,
        sub,
        changed,
    }
}

fn equal_ordered(a: &ConfigTree, ac: &[LineId], b: &ConfigTree, bc: &[LineId]) -> bool {
    ac.len() == bc.len()
        && ac.iter().zip(bc).all(|(&x, &y)| {
            a.text(x) == b.text(y)
                && a.line(x).inactive == b.line(y).inactive
                && equal_ordered(a, &a.line(x).children, b, &b.line(y).children)
        })
}

/// Whether two trees hold the same configuration (children compared as
/// sets, except under ordered parents).
pub fn same(a: &ConfigTree, b: &ConfigTree) -> bool {
    !compare(a, b).iter().any(Op::differs)
}

/// The running side re-ordered to follow the intended side where lines
/// match (extras after them), so a text diff shows only real differences.
pub fn aligned_running(a: &ConfigTree, b: &ConfigTree, ops: &[Op]) -> ConfigTree {
    let mut out = ConfigTree::new(b.syntax);
    build(a, b, ops, None, &mut out);
    out
}

fn build(a: &ConfigTree, b: &ConfigTree, ops: &[Op], parent: Option<LineId>, out: &mut ConfigTree) {
    // an extra idempotent line (`description old`) is shown where its
    // replacement (`description new`) stands, so the diff pairs them
    let c = a.syntax.compiled();
    let mut moved: Vec<LineId> = Vec::new();
    for op in ops {
        match op {
            Op::Missing(x) => {
                let Some(k) = c.idempotent_key(a.text(*x)) else {
                    continue;
                };
                let partner = ops.iter().find_map(|o| match o {
                    Op::Extra(y)
                        if !moved.contains(y)
                            && b.line(*y).children.is_empty()
                            && c.idempotent_key(b.text(*y)) == Some(k) =>
                    {
                        Some(*y)
                    }
                    _ => None,
                });
                if let Some(y) = partner {
                    out.copy_line(b, y, parent);
                    moved.push(y);
                }
            }
            Op::Extra(y) if moved.contains(y) => {}
            Op::Both { b: y, sub, .. } => {
                let id = out.copy_line(b, *y, parent);
                if sub.is_empty() {
                    for &ch in &b.line(*y).children {
                        out.copy_subtree(b, ch, Some(id));
                    }
                } else {
                    build(a, b, sub, Some(id), out);
                }
            }
            Op::Extra(y) | Op::Replace { b: y, .. } => {
                out.copy_subtree(b, *y, parent);
            }
        }
    }
}

/// The intended side as compared: lines in `ops` order, without the lines
/// the comparison ignores (implicit defaults, unconfigured ports), so a text
/// diff against [`aligned_running`] shows only real differences.
pub fn aligned_intended(a: &ConfigTree, ops: &[Op]) -> ConfigTree {
    let mut out = ConfigTree::new(a.syntax);
    build_intended(a, ops, None, &mut out);
    out
}

fn build_intended(a: &ConfigTree, ops: &[Op], parent: Option<LineId>, out: &mut ConfigTree) {
    for op in ops {
        match op {
            Op::Both { a: x, sub, .. } => {
                let id = out.copy_line(a, *x, parent);
                if sub.is_empty() {
                    for &ch in &a.line(*x).children {
                        out.copy_subtree(a, ch, Some(id));
                    }
                } else {
                    build_intended(a, sub, Some(id), out);
                }
            }
            Op::Missing(x) | Op::Replace { a: x, .. } => {
                out.copy_subtree(a, *x, parent);
            }
            Op::Extra(_) => {}
        }
    }
}

/// Paths (` > `-joined texts) of the lines only in intended (`missing`) and
/// only in running (`extra`); a whole missing or extra subtree counts once.
pub fn changed_paths(a: &ConfigTree, b: &ConfigTree, ops: &[Op]) -> (Vec<String>, Vec<String>) {
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    paths(a, b, ops, &mut missing, &mut extra);
    (missing, extra)
}

fn paths(
    a: &ConfigTree,
    b: &ConfigTree,
    ops: &[Op],
    missing: &mut Vec<String>,
    extra: &mut Vec<String>,
) {
    for op in ops {
        match op {
            Op::Missing(x) => missing.push(a.path(*x).join(" > ")),
            Op::Extra(y) => extra.push(b.path(*y).join(" > ")),
            Op::Replace { a: x, b: y } => {
                missing.push(a.path(*x).join(" > "));
                extra.push(b.path(*y).join(" > "));
            }
            Op::Both {
                a: x,
                b: y,
                sub,
                changed: true,
            } => {
                if a.line(*x).inactive != b.line(*y).inactive {
                    let p = a.path(*x).join(" > ");
                    if a.line(*x).inactive {
                        missing.push(format!("inactive: {p}"));
                    } else {
                        extra.push(format!("inactive: {p}"));
                    }
                }
                paths(a, b, sub, missing, extra);
            }
            Op::Both { .. } => {}
        }
    }
}
