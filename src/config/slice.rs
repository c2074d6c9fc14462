//! Slicing: the parts of a [`ConfigTree`] that match patterns.
//!
//! A selected line comes with its whole subtree; its ancestors come along as
//! `context` lines (without their other children), so a slice is itself a
//! valid config fragment. Lines outside every pattern are "unmanaged".

use super::pattern::Pattern;
use super::tree::{ConfigTree, LineId};

/// The lines of `tree` matching any of `patterns`, as a new tree.
pub fn slice(tree: &ConfigTree, patterns: &[&Pattern]) -> ConfigTree {
    let mut out = ConfigTree::new(tree.syntax);
    let mut path: Vec<&str> = Vec::new();
    // (line in `tree`, its copy in `out` once materialised)
    let mut chain: Vec<(LineId, Option<LineId>)> = Vec::new();
    for &r in &tree.roots {
        walk(tree, r, patterns, &mut path, &mut chain, &mut out);
    }
    out
}

fn walk<'t>(
    tree: &'t ConfigTree,
    id: LineId,
    patterns: &[&Pattern],
    path: &mut Vec<&'t str>,
    chain: &mut Vec<(LineId, Option<LineId>)>,
    out: &mut ConfigTree,
) {
    path.push(tree.text(id));
    if patterns.iter().any(|p| p.matches_path(path)) {
        let parent = materialise(tree, chain, out);
        out.copy_subtree(tree, id, parent);
    } else if patterns.iter().any(|p| p.matches_ancestor(path)) {
        chain.push((id, None));
        for &c in &tree.line(id).children {
            walk(tree, c, patterns, path, chain, out);
        }
        chain.pop();
    }
    path.pop();
}

/// Copies the not-yet-copied ancestors in `chain` as context lines; returns
/// the copy of the innermost one.
fn materialise(
    tree: &ConfigTree,
    chain: &mut [(LineId, Option<LineId>)],
    out: &mut ConfigTree,
) -> Option<LineId> {
    let mut parent = None;
    for entry in chain.iter_mut() {
        match entry.1 {
            Some(c) => parent = Some(c),
            None => {
                let c = out.copy_line(tree, entry.0, parent);
                out.line_mut(c).context = true;
                entry.1 = Some(c);
                parent = Some(c);
            }
        }
    }
    parent
}

/// The lines no pattern covers: not selected, not inside a selected subtree,
/// and not an ancestor of a selected line. Only the topmost such line of a
/// subtree is returned (its descendants are unmanaged with it).
pub fn unmanaged(tree: &ConfigTree, patterns: &[&Pattern]) -> Vec<LineId> {
    let mut out = Vec::new();
    let mut path: Vec<&str> = Vec::new();
    for &r in &tree.roots {
        unmanaged_walk(tree, r, patterns, &mut path, &mut out);
    }
    out
}

/// Returns whether the subtree at `id` holds any selected line.
fn unmanaged_walk<'t>(
    tree: &'t ConfigTree,
    id: LineId,
    patterns: &[&Pattern],
    path: &mut Vec<&'t str>,
    out: &mut Vec<LineId>,
) -> bool {
    path.push(tree.text(id));
    let covered = if patterns.iter().any(|p| p.matches_path(path)) {
        true
    } else if patterns.iter().any(|p| p.matches_ancestor(path)) {
        let mark = out.len();
        let mut any = false;
        for &c in &tree.line(id).children {
            any |= unmanaged_walk(tree, c, patterns, path, out);
        }
        if !any {
            out.truncate(mark);
        }
        any
    } else {
        false
    };
    path.pop();
    if !covered {
        out.push(id);
    }
    covered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse, Syntax};
    use crate::diag::FileId;

    const CFG: &str = "hostname sw1\nrouter bgp 65001\n bgp log-neighbor-changes\n neighbor 10.0.0.1 remote-as 65002\n neighbor 10.0.0.1 description core\n address-family ipv4\n  neighbor 10.0.0.1 activate\ninterface Gi1/0/1\n description x\n";

    #[test]
    fn nested_patterns_keep_context() {
        let (t, _) = parse(CFG, Syntax::Ios, FileId(0));
        let p = Pattern::parse("router bgp * > neighbor *").unwrap();
        let s = slice(&t, &[&p]);
        assert_eq!(
            s.to_text(),
            "router bgp 65001\n neighbor 10.0.0.1 remote-as 65002\n neighbor 10.0.0.1 description core\n"
        );
        assert!(s.line(s.roots[0]).context);
        assert_eq!(s.line(s.roots[0]).source_line, 2);
        let un: Vec<&str> = unmanaged(&t, &[&p]).iter().map(|&i| t.text(i)).collect();
        assert_eq!(
            un,
            [
                "hostname sw1",
                "bgp log-neighbor-changes",
                "address-family ipv4",
                "interface Gi1/0/1"
            ]
        );
    }

    #[test]
    fn several_patterns() {
        let (t, _) = parse(CFG, Syntax::Ios, FileId(0));
        let a = Pattern::parse("/^hostname /").unwrap();
        let b = Pattern::parse("interface *").unwrap();
        let s = slice(&t, &[&a, &b]);
        assert_eq!(
            s.to_text(),
            "hostname sw1\ninterface Gi1/0/1\n description x\n"
        );
        let un: Vec<&str> = unmanaged(&t, &[&a, &b])
            .iter()
            .map(|&i| t.text(i))
            .collect();
        assert_eq!(un, ["router bgp 65001"]);
    }
}
