//! The JunOS `set` format parser, and the canonical JunOS tree.
//!
//! Input: `display set` text (`set <path>`, `delete <path>`, `deactivate
//! <path>`, `activate <path>` lines). Output: the same tree the brace parser
//! builds for the same configuration. Which words of a path form one level
//! is JunOS schema knowledge kept as data below: containers (`system`,
//! `protocols`, `from`…), named containers that take one argument (`unit 0`,
//! `family inet`, `group EBGP`…) and lists of named children (`interfaces`,
//! `routing-instances`, `vlans`). Whatever follows is one leaf statement.
//!
//! [`canonical`] rebuilds any JunOS tree (brace or set) through its flattened
//! `set` lines, so both formats compare equal line for line in the diff.
//!
//! Codes: `E0606` unknown verb, `W0602` `delete`/`deactivate` of a path that
//! is not set.

use super::syntax::Syntax;
use super::tree::{ConfigTree, LineId};
use crate::diag::{Diagnostic, FileId, Span};

/// Statements that open a level of their own (no argument).
const CONTAINERS: &[&str] = &[
    "system",
    "services",
    "ssh",
    "netconf",
    "syslog",
    "login",
    "ntp",
    "snmp",
    "protocols",
    "bgp",
    "ospf",
    "ospf3",
    "isis",
    "lldp",
    "lldp-med",
    "rstp",
    "mstp",
    "vstp",
    "routing-options",
    "policy-options",
    "firewall",
    "chassis",
    "security",
    "forwarding-options",
    "class-of-service",
    "authentication",
    "from",
    "then",
    "static",
    "ethernet-switching",
    "switch-options",
    "event-options",
    "root-authentication",
    "archival",
    "configuration",
    "commit",
    "traceoptions",
    "management-instance",
    "bfd-liveness-detection",
    "igmp-snooping",
    "poe",
    "virtual-chassis",
    "aggregated-ether-options",
    "ether-options",
    "vlan",
    "multi-chassis",
    "graceful-restart",
    "sflow",
    "web-management",
    "extension-service",
    "dhcp-relay",
    "forwarding-table",
    "stp",
    "mpls",
    "rsvp",
    "ldp",
    "pim",
    "evpn",
    "vrrp-group",
    "trap-options",
    "v3",
    "usm",
    "vacm",
    "local-engine",
    "import",
    "export",
];

/// Statements that take one argument and open a level (`unit 0`).
const NAMED: &[&str] = &[
    "unit",
    "family",
    "group",
    "neighbor",
    "area",
    "interface",
    "policy-statement",
    "term",
    "prefix-list",
    "community",
    "user",
    "host",
    "file",
    "route",
    "filter",
    "instance",
    "trap-group",
    "class",
    "rib",
    "as-path",
    "server",
    "client",
    "routing-instance",
    "vlan-id-list",
    "interface-range",
    "authentication-key",
    "policer",
    "scheduler",
    "forwarding-class",
    "rib-group",
    "logical-systems",
];

/// Containers whose children are bare names (`interfaces xe-0/0/0 …`).
const NAME_LISTS: &[&str] = &[
    "interfaces",
    "routing-instances",
    "vlans",
    "bridge-domains",
    "groups",
];

/// Splits one line into words, keeping quoted strings (with spaces) whole.
/// Returns byte ranges relative to `line`.
pub fn words(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let s = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            if b[i] == b'"' {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            i += 1;
        }
        out.push((s, i.min(b.len())));
    }
    out
}

/// How many words starting at `i` form the next level under `parent`
/// (`None`: the rest of the words are one leaf).
fn level(in_name_list: bool, w: &[&str], i: usize) -> Option<usize> {
    let left = w.len() - i;
    if left < 2 {
        return None;
    }
    if in_name_list {
        return Some(1);
    }
    if CONTAINERS.contains(&w[i]) || NAME_LISTS.contains(&w[i]) {
        return Some(1);
    }
    if NAMED.contains(&w[i]) && left >= 3 {
        return Some(2);
    }
    None
}

/// Parses `set`-format text.
pub fn parse(text: &str, file: FileId) -> (ConfigTree, Vec<Diagnostic>) {
    let mut tree = ConfigTree::with_source(Syntax::JunosSet, text);
    let mut diags = Vec::new();
    let noise = Syntax::JunosSet.compiled();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    for (n, raw) in text[bom..].split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("/*")
            || noise.noise.is_match(trimmed)
        {
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let base = line_start + lead;
        let ws: Vec<(usize, usize)> = words(trimmed)
            .into_iter()
            .map(|(s, e)| (base + s, base + e))
            .collect();
        let verb = &text[ws[0].0..ws[0].1];
        let line_no = n as u32 + 1;
        let path = &ws[1..];
        let span = Span::new(file, base..base + trimmed.len());
        match verb {
            "set" if !path.is_empty() => insert(&mut tree, text, path, line_no),
            "delete" | "deactivate" | "activate" if !path.is_empty() => {
                match find(&tree, text, path) {
                    Some(id) => match verb {
                        "delete" => remove_pruning(&mut tree, id),
                        "deactivate" => tree.line_mut(id).inactive = true,
                        _ => tree.line_mut(id).inactive = false,
                    },
                    None => diags.push(
                        Diagnostic::warning(
                            "W0602",
                            format!("`{verb}` of a statement that is not set"),
                        )
                        .with_label(span, "nothing above sets this path")
                        .with_help(format!(
                            "remove this line, or `set` the path before `{verb}`"
                        )),
                    ),
                }
            }
            "set" | "delete" | "deactivate" | "activate" => diags.push(
                Diagnostic::error("E0606", format!("`{verb}` without a path"))
                    .with_label(span, "expected a configuration path after the verb")
                    .with_help(format!(
                        "write `{verb} <path>`, e.g. `{verb} system host-name r1`"
                    )),
            ),
            "annotate" | "protect" | "unprotect" | "insert" => {}
            other => {
                let verbs = [
                    "set",
                    "delete",
                    "deactivate",
                    "activate",
                    "annotate",
                    "protect",
                    "insert",
                ];
                diags.push(
                    Diagnostic::error(
                        "E0606",
                        format!("unknown statement `{other}` in set format"),
                    )
                    .with_label(
                        Span::new(file, ws[0].0..ws[0].1),
                        "expected `set`, `delete`, `deactivate` or `activate`",
                    )
                    .with_help(crate::diag::unknown_name_help(other, verbs.iter().copied())),
                );
            }
        }
    }
    (tree, diags)
}

/// Inserts one `set` path (word ranges into the tree's source).
fn insert(tree: &mut ConfigTree, src: &str, path: &[(usize, usize)], line_no: u32) {
    let w: Vec<&str> = path.iter().map(|&(s, e)| &src[s..e]).collect();
    let mut parent: Option<LineId> = None;
    let mut i = 0;
    while i < w.len() {
        let in_list = parent.is_some_and(|p| NAME_LISTS.contains(&tree.text(p)));
        let (n, leaf) = match level(in_list, &w, i) {
            Some(n) => (n, false),
            None => (w.len() - i, true),
        };
        let range = path[i].0..path[i + n - 1].1;
        let text = &src[range.clone()];
        let existing = tree.find_child(parent, text);
        let id = match existing {
            Some(id) => id,
            None => {
                if leaf {
                    // a single-valued leaf (`host-name x`) replaces the old value
                    let c = Syntax::JunosSet.compiled();
                    if let Some(k) = c.idempotent_key(text) {
                        let old: Vec<LineId> = tree
                            .children(parent)
                            .iter()
                            .copied()
                            .filter(|&ch| {
                                tree.line(ch).children.is_empty()
                                    && c.idempotent_key(tree.text(ch)) == Some(k)
                            })
                            .collect();
                        for o in old {
                            tree.remove(o);
                        }
                    }
                }
                tree.push_span(parent, range, line_no, 0)
            }
        };
        if leaf {
            break;
        }
        parent = Some(id);
        i += n;
    }
}

/// Removes a line and any ancestor left without children.
fn remove_pruning(tree: &mut ConfigTree, id: LineId) {
    let mut cur = id;
    loop {
        let parent = tree.line(cur).parent;
        tree.remove(cur);
        match parent {
            Some(p) if tree.line(p).children.is_empty() => cur = p,
            _ => break,
        }
    }
}

/// Finds the line a `delete`/`deactivate` path names: an exact node, or a leaf
/// whose text starts with the remaining words.
fn find(tree: &ConfigTree, text: &str, path: &[(usize, usize)]) -> Option<LineId> {
    let w: Vec<&str> = path.iter().map(|&(s, e)| &text[s..e]).collect();
    let mut parent: Option<LineId> = None;
    let mut i = 0;
    while i < w.len() {
        let rest = w[i..].join(" ");
        let children = tree.children(parent);
        if let Some(&c) = children.iter().find(|&&c| tree.text(c) == rest) {
            return Some(c);
        }
        let mut next = None;
        for &c in children {
            let t = tree.text(c);
            let k = t.split(' ').count();
            if i + k <= w.len() && w[i..i + k].join(" ") == t {
                next = Some((c, k));
                break;
            }
            if tree.line(c).children.is_empty()
                && t.starts_with(&rest)
                && t.as_bytes().get(rest.len()) == Some(&b' ')
            {
                return Some(c);
            }
        }
        let (c, k) = next?;
        parent = Some(c);
        i += k;
    }
    parent
}

/// Rebuilds a JunOS tree (brace or set) through its `set` lines, so that
/// the same configuration gives the same tree whatever its format.
pub fn canonical(tree: &ConfigTree) -> ConfigTree {
    let mut text = String::new();
    for l in tree.flatten() {
        text.push_str(&l);
        text.push('\n');
    }
    parse(&text, FileId(0)).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_lines_build_the_brace_tree() {
        let text = "## Last commit: 2026-11-20\nset version 22.4R3\nset system host-name r1\nset system syslog host 10.0.0.1 any info\nset interfaces xe-0/1/0 description \"to dist 01\"\nset interfaces xe-0/1/0 unit 0 family inet address 10.0.0.0/31\nset protocols bgp group EBGP neighbor 10.1.1.1 peer-as 65002\ndeactivate interfaces xe-0/1/0\n";
        let (t, d) = parse(text, FileId(0));
        assert!(d.is_empty(), "{d:?}");
        let brace = "system {\n    host-name r1;\n    syslog {\n        host 10.0.0.1 {\n            any info;\n        }\n    }\n}\ninterfaces {\n    inactive: xe-0/1/0 {\n        description \"to dist 01\";\n        unit 0 {\n            family inet {\n                address 10.0.0.0/31;\n            }\n        }\n    }\n}\nprotocols {\n    bgp {\n        group EBGP {\n            neighbor 10.1.1.1 {\n                peer-as 65002;\n            }\n        }\n    }\n}\n";
        let mut j = t.clone();
        j.syntax = Syntax::Junos;
        assert_eq!(j.to_text(), brace);
        let (b, d) = super::super::junos::parse(brace, FileId(0));
        assert!(d.is_empty());
        assert_eq!(canonical(&b).flatten(), canonical(&t).flatten());
        assert_eq!(b.flatten(), t.flatten());
    }

    #[test]
    fn delete_and_errors() {
        let (t, d) = parse("set system host-name r1\nset system ntp server 1.1.1.1\ndelete system ntp\nfoo bar\ndelete system nope\nset\n", FileId(0));
        assert_eq!(t.flatten(), ["set system host-name r1"]);
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0606", "W0602", "E0606"]);
        let (t, _) = parse(
            "set system host-name r1\ndelete system host-name\n",
            FileId(0),
        );
        assert!(t.flatten().is_empty());
    }
}
