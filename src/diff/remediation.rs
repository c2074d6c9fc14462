//! Remediation: the ordered commands that turn the running side into the
//! intended side (and, swapped, the rollback).
//!
//! Indent-based syntaxes (IOS-style): a line only in running is negated (`no
//! <line>`, or `default <line>` where the syntax table says so; `no no X` is
//! `X`); negating a parent removes its children, so nothing below a negated
//! parent is emitted; idempotent commands (`description`, `hostname`, `ip
//! address`…, per the syntax table) that a new value replaces are not
//! negated; a parent is emitted before its children's commands (enter the
//! context, then change it); an ordered parent (ACL, route-map) whose entries
//! differ is negated and rebuilt whole. Context-only lines of a slice are
//! entered, never negated. Top-level groups are ordered by the syntax's
//! weights: removals first (heaviest first), then additions (lightest
//! first).
//!
//! JunOS (brace and set): `delete <path>` for what only running has, `set
//! <path>` for every leaf only intended has, `activate`/`deactivate` for the
//! inactive flag; deletes come first. A single-valued leaf (`host-name`,
//! `description`, per the table) is overwritten by its `set`, not deleted.

use super::compare::Op;
use crate::config::syntax::{Compiled, Family};
use crate::config::{ConfigTree, LineId, LineKind};
use std::collections::HashSet;

/// The commands of one top-level change, with its ordering weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub weight: i32,
    /// Commands that remove (ordered before every addition).
    pub removal: bool,
    pub lines: Vec<String>,
}

/// The remediation groups turning `b` (running) into `a` (intended), given
/// the comparison `ops` of `a` against `b`.
pub fn groups(a: &ConfigTree, b: &ConfigTree, ops: &[Op]) -> Vec<Group> {
    let rules = a.syntax.rules();
    let c = a.syntax.compiled();
    let mut out = Vec::new();
    let keys = missing_keys(a, ops, c);
    for op in ops {
        let weight = match op {
            Op::Both { a: x, .. } | Op::Missing(x) | Op::Replace { a: x, .. } => {
                c.weight(a.text(*x))
            }
            Op::Extra(y) => c.weight(b.text(*y)),
        };
        let (mut rem, mut add) = (Vec::new(), Vec::new());
        match rules.family {
            Family::Indent => ios_op(a, b, op, 0, &keys, c, &mut rem, &mut add),
            Family::Brace | Family::Set => junos_op(a, b, op, &keys, c, &mut rem, &mut add),
        }
        if !rem.is_empty() {
            out.push(Group {
                weight,
                removal: true,
                lines: rem,
            });
        }
        if !add.is_empty() {
            out.push(Group {
                weight,
                removal: false,
                lines: add,
            });
        }
    }
    out
}

/// Orders groups (removals heaviest first, then additions lightest first;
/// stable) and flattens them into commands.
pub fn order(mut groups: Vec<Group>) -> Vec<String> {
    groups.sort_by_key(|g| {
        if g.removal {
            (0, -g.weight)
        } else {
            (1, g.weight)
        }
    });
    groups.into_iter().flat_map(|g| g.lines).collect()
}

/// The replacement keys of idempotent lines only intended has at a level.
/// Also holds the full text of every missing leaf, so that an extra line
/// whose negation *is* a missing line (`feature x` vs `no feature x`) is not
/// negated twice.
fn missing_keys<'a>(a: &'a ConfigTree, ops: &[Op], c: &Compiled) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for op in ops {
        if let Op::Missing(x) = op {
            if a.line(*x).children.is_empty() {
                if let Some(k) = c.idempotent_key(a.text(*x)) {
                    out.insert(k);
                }
                out.insert(a.text(*x));
            }
        }
    }
    out
}

fn indent(tree: &ConfigTree, depth: usize, text: &str) -> String {
    let unit = tree.syntax.rules().indent_unit;
    let mut s = " ".repeat(depth * unit);
    s.push_str(text);
    s
}

/// `no X` / `default X` / `X` (for `no X`) for a line.
pub fn negate(tree: &ConfigTree, id: LineId) -> String {
    let text = tree.text(id);
    let c = tree.syntax.compiled();
    if tree.line(id).kind == LineKind::Literal {
        // `banner motd ^C…^C` → `no banner motd`; certificates by their first line
        let first = text.lines().next().unwrap_or(text);
        let words: Vec<&str> = first.split_whitespace().collect();
        let head = if words.first() == Some(&"banner") {
            words[..words.len().min(2)].join(" ")
        } else {
            first.trim().to_string()
        };
        return format!("{}{head}", tree.syntax.rules().negation);
    }
    if let Some(rest) = text.strip_prefix("no ") {
        return rest.to_string();
    }
    if let Some(d) = c.default_form(text) {
        return d;
    }
    format!("{}{text}", tree.syntax.rules().negation)
}

#[allow(clippy::too_many_arguments)]
fn ios_op(
    a: &ConfigTree,
    b: &ConfigTree,
    op: &Op,
    depth: usize,
    keys: &HashSet<&str>,
    c: &Compiled,
    rem: &mut Vec<String>,
    add: &mut Vec<String>,
) {
    match op {
        Op::Extra(y) => {
            let l = b.line(*y);
            if l.context {
                let mut inner = Vec::new();
                for &ch in &l.children {
                    let mut dummy = Vec::new();
                    ios_op(
                        a,
                        b,
                        &Op::Extra(ch),
                        depth + 1,
                        &HashSet::new(),
                        c,
                        &mut inner,
                        &mut dummy,
                    );
                }
                if !inner.is_empty() {
                    rem.push(indent(b, depth, b.text(*y)));
                    rem.extend(inner);
                }
            } else if l.children.is_empty()
                && c.idempotent_key(b.text(*y))
                    .is_some_and(|k| keys.contains(k))
            {
                // replaced by the intended value
            } else {
                let neg = negate(b, *y);
                if !keys.contains(neg.as_str()) {
                    rem.push(indent(b, depth, &neg));
                }
            }
        }
        Op::Missing(x) => emit_subtree(a, *x, depth, add),
        Op::Replace { a: x, b: y } => {
            rem.push(indent(b, depth, &negate(b, *y)));
            emit_subtree(a, *x, depth, add);
        }
        Op::Both {
            a: x,
            sub,
            changed: true,
            ..
        } => {
            // removals first, then additions, all inside the context
            let inner_keys = missing_keys(a, sub, c);
            let (mut r, mut ad) = (Vec::new(), Vec::new());
            for s in sub {
                ios_op(a, b, s, depth + 1, &inner_keys, c, &mut r, &mut ad);
            }
            if !r.is_empty() || !ad.is_empty() {
                add.push(indent(a, depth, a.text(*x)));
                add.extend(r);
                add.extend(ad);
            }
        }
        Op::Both { .. } => {}
    }
}

fn emit_subtree(a: &ConfigTree, x: LineId, depth: usize, out: &mut Vec<String>) {
    out.push(indent(a, depth, a.text(x)));
    for &c in &a.line(x).children {
        emit_subtree(a, c, depth + 1, out);
    }
    if let Some(end) = a.syntax.compiled().block_end(a.text(x)) {
        out.push(indent(a, depth, end));
    }
}

fn junos_op(
    a: &ConfigTree,
    b: &ConfigTree,
    op: &Op,
    keys: &HashSet<&str>,
    c: &Compiled,
    rem: &mut Vec<String>,
    add: &mut Vec<String>,
) {
    match op {
        Op::Extra(y) => {
            let l = b.line(*y);
            if l.context {
                for &ch in &l.children {
                    junos_op(a, b, &Op::Extra(ch), &HashSet::new(), c, rem, add);
                }
            } else if l.children.is_empty()
                && c.idempotent_key(b.text(*y))
                    .is_some_and(|k| keys.contains(k))
            {
                // overwritten by the `set`
            } else {
                rem.push(format!("delete {}", b.path(*y).join(" ")));
            }
        }
        Op::Missing(x) => set_subtree(a, *x, add),
        Op::Replace { a: x, b: y } => {
            rem.push(format!("delete {}", b.path(*y).join(" ")));
            set_subtree(a, *x, add);
        }
        Op::Both {
            a: x,
            b: y,
            sub,
            changed: true,
        } => {
            let (ia, ib) = (a.line(*x).inactive, b.line(*y).inactive);
            let inner_keys = missing_keys(a, sub, c);
            for s in sub {
                junos_op(a, b, s, &inner_keys, c, rem, add);
            }
            if ia != ib {
                let verb = if ia { "deactivate" } else { "activate" };
                add.push(format!("{verb} {}", a.path(*x).join(" ")));
            }
        }
        Op::Both { .. } => {}
    }
}

fn set_subtree(a: &ConfigTree, x: LineId, out: &mut Vec<String>) {
    let l = a.line(x);
    if l.children.is_empty() {
        out.push(format!("set {}", a.path(x).join(" ")));
    } else {
        for &c in &l.children {
            set_subtree(a, c, out);
        }
    }
    if l.inactive {
        out.push(format!("deactivate {}", a.path(x).join(" ")));
    }
}

/// Applies IOS-style commands (as [`order`] prints them) to a tree, the way
/// a device in configuration mode would: indentation enters contexts, `no X`
/// / `default X` removes `X` (for a banner, the banner of that type), an
/// idempotent command replaces the line with the same key, an existing line
/// is entered, anything else is appended. Used to check remediations.
/// (`default interface X` is modelled as removing the port's configuration
/// block; a device keeps an empty `interface X`.)
pub fn apply_ios(tree: &ConfigTree, commands: &[String]) -> ConfigTree {
    let mut t = tree.clone();
    let unit = t.syntax.rules().indent_unit.max(1);
    let c = t.syntax.compiled();
    let mut stack: Vec<LineId> = Vec::new();
    for cmd in commands {
        let lead = cmd.len() - cmd.trim_start().len();
        let depth = lead / unit;
        let text = cmd.trim_start();
        if t.syntax.rules().drop_lines.contains(&text) {
            continue;
        }
        stack.truncate(depth);
        let parent = stack.last().copied();
        let (negated, reset) = match text.strip_prefix("default ") {
            Some(rest) => (Some(rest), true),
            None => (text.strip_prefix("no "), false),
        };
        if let Some(target) = negated {
            // `default X` resets X whatever its arguments
            let victim = t.children(parent).iter().copied().find(|&ch| {
                let tx = t.text(ch);
                tx == target
                    || (reset
                        && tx.starts_with(target)
                        && tx.as_bytes().get(target.len()) == Some(&b' '))
                    || (t.line(ch).kind == LineKind::Literal && tx.starts_with(target))
            });
            if let Some(v) = victim {
                t.remove(v);
            }
            continue;
        }
        if let Some(e) = t.find_child(parent, text) {
            stack.push(e);
            continue;
        }
        if let Some(k) = c.idempotent_key(text) {
            let same: Vec<LineId> = t
                .children(parent)
                .iter()
                .copied()
                .filter(|&ch| {
                    t.line(ch).children.is_empty() && c.idempotent_key(t.text(ch)) == Some(k)
                })
                .collect();
            for s in same {
                t.remove(s);
            }
        }
        let id = t.push(parent, text);
        if text.contains('\n') {
            t.line_mut(id).kind = LineKind::Literal;
        }
        stack.push(id);
    }
    t
}
