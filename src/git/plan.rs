//! The change plan: which devices' intended configs a change touches, per
//! section, with line counts (`unetc diff --rev REV`).
//!
//! Input: the rendered configs of two compilations (base and head). Output:
//! a [`Plan`] — added, removed and changed devices; per changed device the
//! sections (matched by their `template-match` pattern, else by template)
//! added, removed or changed, with `+`/`-` line counts — printed as text or
//! JSON (for CI). [`run`] is the CLI side: base = the project at `REV`, head
//! = the work tree; `--rev A..B` compares two revisions.

use crate::cli::diff::DiffArgs;
use crate::cli::{GlobalArgs, Outcome};
use crate::render::{RenderedConfig, RenderedSection};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What happened to a device or a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }
}

/// One section of one device that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionPlan {
    /// The section's `template-match` pattern.
    pub pattern: String,
    /// The template rendering it (head side, or base for a removed section).
    pub template: String,
    pub change: Change,
    pub added_lines: usize,
    pub removed_lines: usize,
}

/// One device whose intended config differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodePlan {
    pub node: String,
    pub change: Change,
    pub added_lines: usize,
    pub removed_lines: usize,
    /// Differing sections, in head order then removed ones in base order.
    pub sections: Vec<SectionPlan>,
}

/// Totals over the whole plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub sections: usize,
    pub added_lines: usize,
    pub removed_lines: usize,
}

/// The whole plan, devices sorted by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub nodes: Vec<NodePlan>,
    pub totals: Totals,
}

fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = similar::TextDiff::from_lines(old, new);
    let (mut add, mut del) = (0, 0);
    for c in diff.iter_all_changes() {
        match c.tag() {
            similar::ChangeTag::Insert => add += 1,
            similar::ChangeTag::Delete => del += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    (add, del)
}

fn lines(s: &str) -> usize {
    s.lines().count()
}

fn key(s: &RenderedSection) -> &str {
    if s.pattern.is_empty() {
        &s.template
    } else {
        &s.pattern
    }
}

/// Sections of a config; a config without sections is one section holding
/// its whole text.
fn sections(c: &RenderedConfig) -> Vec<RenderedSection> {
    if c.sections.is_empty() && !c.text.is_empty() {
        vec![RenderedSection {
            template: String::new(),
            pattern: "(whole config)".into(),
            text: c.text.clone(),
        }]
    } else {
        c.sections.clone()
    }
}

fn node_plan(base: Option<&RenderedConfig>, head: Option<&RenderedConfig>) -> Option<NodePlan> {
    let (node, change) = match (base, head) {
        (None, Some(h)) => (h.node.clone(), Change::Added),
        (Some(b), None) => (b.node.clone(), Change::Removed),
        (Some(b), Some(h)) => {
            if b.text == h.text && b.sections == h.sections {
                return None;
            }
            (h.node.clone(), Change::Changed)
        }
        (None, None) => return None,
    };
    let bs = base.map(sections).unwrap_or_default();
    let hs = head.map(sections).unwrap_or_default();
    let mut out = Vec::new();
    for h in &hs {
        match bs.iter().find(|b| key(b) == key(h)) {
            None => out.push(SectionPlan {
                pattern: key(h).to_string(),
                template: h.template.clone(),
                change: Change::Added,
                added_lines: lines(&h.text),
                removed_lines: 0,
            }),
            Some(b) if b.text != h.text => {
                let (a, d) = line_counts(&b.text, &h.text);
                out.push(SectionPlan {
                    pattern: key(h).to_string(),
                    template: h.template.clone(),
                    change: Change::Changed,
                    added_lines: a,
                    removed_lines: d,
                });
            }
            Some(_) => {}
        }
    }
    for b in &bs {
        if !hs.iter().any(|h| key(h) == key(b)) {
            out.push(SectionPlan {
                pattern: key(b).to_string(),
                template: b.template.clone(),
                change: Change::Removed,
                added_lines: 0,
                removed_lines: lines(&b.text),
            });
        }
    }
    let (mut added_lines, mut removed_lines) = (0, 0);
    for s in &out {
        added_lines += s.added_lines;
        removed_lines += s.removed_lines;
    }
    if out.is_empty() {
        // Same sections, different joined text (order or separators).
        let (a, d) = line_counts(
            base.map_or("", |c| c.text.as_str()),
            head.map_or("", |c| c.text.as_str()),
        );
        added_lines = a;
        removed_lines = d;
    }
    Some(NodePlan {
        node,
        change,
        added_lines,
        removed_lines,
        sections: out,
    })
}

/// Compares two sets of rendered configs (matched by node name).
pub fn plan(base: &[RenderedConfig], head: &[RenderedConfig]) -> Plan {
    let b: BTreeMap<&str, &RenderedConfig> = base.iter().map(|c| (c.node.as_str(), c)).collect();
    let h: BTreeMap<&str, &RenderedConfig> = head.iter().map(|c| (c.node.as_str(), c)).collect();
    let mut names: Vec<&str> = b.keys().chain(h.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    let mut p = Plan::default();
    for n in names {
        match node_plan(b.get(n).copied(), h.get(n).copied()) {
            Some(np) => {
                let t = &mut p.totals;
                match np.change {
                    Change::Added => t.added += 1,
                    Change::Removed => t.removed += 1,
                    Change::Changed => t.changed += 1,
                }
                t.sections += np.sections.len();
                t.added_lines += np.added_lines;
                t.removed_lines += np.removed_lines;
                p.nodes.push(np);
            }
            None => p.totals.unchanged += 1,
        }
    }
    p
}

fn counts(a: usize, d: usize) -> String {
    match (a, d) {
        (0, 0) => String::new(),
        (a, 0) => format!("+{a}"),
        (0, d) => format!("-{d}"),
        (a, d) => format!("+{a} -{d}"),
    }
}

impl Plan {
    /// True when any device changes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The plan as text: one line per device, one indented line per section.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let width = self.nodes.iter().map(|n| n.node.len()).max().unwrap_or(0);
        for n in &self.nodes {
            let _ = writeln!(
                s,
                "{} {:<width$}  {}",
                n.change.sign(),
                n.node,
                counts(n.added_lines, n.removed_lines)
            );
            for sec in &n.sections {
                let tpl = if sec.template.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", sec.template)
                };
                let _ = writeln!(
                    s,
                    "    {} {}{tpl}  {}",
                    sec.change.sign(),
                    sec.pattern,
                    counts(sec.added_lines, sec.removed_lines)
                );
            }
        }
        s
    }

    /// The closing line: `3 devices change (1 added, 1 removed, 1 changed), …`.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let n = self.nodes.len();
        if n == 0 {
            return format!("no device changes ({} unchanged)", t.unchanged);
        }
        format!(
            "{n} device{} change{} ({} added, {} removed, {} changed), {} unchanged: {} section{}, +{} -{} lines",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            t.added,
            t.removed,
            t.changed,
            t.unchanged,
            t.sections,
            if t.sections == 1 { "" } else { "s" },
            t.added_lines,
            t.removed_lines
        )
    }
}

/// One side of a comparison, as shown in the plan's header and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    /// The revision as given, `None` for the work tree.
    pub rev: Option<String>,
    /// The commit it resolved to (the work tree: HEAD's commit, if any).
    pub commit: Option<String>,
    /// Only for the work tree: whether it differs from HEAD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dirty: Option<bool>,
}

impl Side {
    fn label(&self) -> String {
        match (&self.rev, &self.commit) {
            (Some(r), Some(c)) => format!("`{r}` ({})", super::short(c)),
            (Some(r), None) => format!("`{r}`"),
            (None, _) => format!(
                "work tree{}",
                if self.dirty == Some(true) {
                    " (uncommitted changes)"
                } else {
                    ""
                }
            ),
        }
    }
}

/// `unetc diff --rev REV` (base REV, head the work tree) or `--rev A..B`.
/// Either side failing to compile (any error but a failed assertion) stops
/// with its diagnostics and exit 1.
pub fn run(args: &DiffArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let rev = args.project.rev.clone().unwrap_or_default();
    let (base_rev, head_rev) = match rev.split_once("..") {
        Some((a, b)) => (
            if a.is_empty() { "HEAD" } else { a }.to_string(),
            Some(if b.is_empty() { "HEAD" } else { b }.to_string()),
        ),
        None => (rev.clone(), None),
    };
    let mut sides = Vec::new();
    let mut configs = Vec::new();
    for r in [Some(base_rev.clone()), head_rev.clone()] {
        let mut pa = args.project.clone();
        pa.rev = r.clone();
        let files = pa.load_files()?;
        let opts = args.project.options();
        let comp = crate::driver::compile(&files, &opts)?;
        let label = r.clone().unwrap_or_else(|| "the work tree".into());
        // A failed ASSERT (E0401) is a compliance finding, not a broken
        // build: the configs are rendered all the same, so the plan goes on.
        let blocking = comp
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.code != "E0401");
        if blocking {
            let text = crate::diag::render(
                &comp.diagnostics,
                &comp.project.sources,
                args.diag.format,
                g.color_stderr(),
            );
            eprint!("{text}");
            eprintln!("error: the project at {label} does not compile; no plan");
            return Ok(Outcome::Failed);
        }
        let side = match &r {
            Some(r) => {
                let commit = super::locate(&args.project.dir)
                    .ok()
                    .and_then(|l| super::resolve(&l.repo, r).ok().map(|c| c.id().to_string()));
                Side {
                    rev: Some(r.clone()),
                    commit,
                    dirty: None,
                }
            }
            None => {
                let p = super::provenance(&args.project.dir);
                Side {
                    rev: None,
                    commit: p.as_ref().map(|p| p.commit.clone()),
                    dirty: p.map(|p| p.dirty),
                }
            }
        };
        sides.push(side);
        configs.push(comp.configs);
    }
    let plan = plan(&configs[0], &configs[1]);
    let json = args.json || args.diag.format == crate::diag::Format::Json;
    if json {
        let v = serde_json::json!({
            "base": sides[0],
            "head": sides[1],
            "nodes": plan.nodes,
            "totals": plan.totals,
        });
        crate::cli::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
    } else {
        let mut s = format!("plan: {} → {}\n", sides[0].label(), sides[1].label());
        s.push_str(&plan.text());
        crate::cli::print_stdout(&s)?;
    }
    if !g.quiet {
        eprintln!("{}", plan.summary());
    }
    Ok(if args.exit_code && !plan.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(node: &str, secs: &[(&str, &str, &str)]) -> RenderedConfig {
        let sections: Vec<RenderedSection> = secs
            .iter()
            .map(|(t, p, x)| RenderedSection {
                template: t.to_string(),
                pattern: p.to_string(),
                text: x.to_string(),
            })
            .collect();
        let text = sections.iter().map(|s| s.text.as_str()).collect();
        RenderedConfig {
            node: node.into(),
            sections,
            text,
        }
    }

    #[test]
    fn identical_is_empty() {
        let a = vec![cfg("r1", &[("t/s.j2", "hostname", "hostname r1\n")])];
        let p = plan(&a, &a);
        assert!(p.is_empty());
        assert_eq!(p.totals.unchanged, 1);
        assert_eq!(p.summary(), "no device changes (1 unchanged)");
    }

    #[test]
    fn sections_added_removed_changed_and_devices() {
        let base = vec![
            cfg(
                "r1",
                &[
                    (
                        "t/sys.j2",
                        "/^(hostname|ntp) /",
                        "hostname r1\nntp server 1.1.1.1\n",
                    ),
                    ("t/old.j2", "router ospf *", "router ospf 1\n network x\n"),
                ],
            ),
            cfg("r2", &[("t/sys.j2", "/^(hostname|ntp) /", "hostname r2\n")]),
            cfg(
                "gone",
                &[("t/sys.j2", "/^(hostname|ntp) /", "hostname gone\n")],
            ),
        ];
        let head = vec![
            cfg(
                "r1",
                &[
                    (
                        "t/sys.j2",
                        "/^(hostname|ntp) /",
                        "hostname r1\nntp server 2.2.2.2\nntp server 3.3.3.3\n",
                    ),
                    ("t/bgp.j2", "router bgp *", "router bgp 65001\n"),
                ],
            ),
            cfg("r2", &[("t/sys.j2", "/^(hostname|ntp) /", "hostname r2\n")]),
            cfg(
                "new",
                &[(
                    "t/sys.j2",
                    "/^(hostname|ntp) /",
                    "hostname new\nntp server 2.2.2.2\n",
                )],
            ),
        ];
        let p = plan(&base, &head);
        let names: Vec<(&str, Change)> = p
            .nodes
            .iter()
            .map(|n| (n.node.as_str(), n.change))
            .collect();
        assert_eq!(
            names,
            vec![
                ("gone", Change::Removed),
                ("new", Change::Added),
                ("r1", Change::Changed)
            ]
        );
        let r1 = &p.nodes[2];
        let secs: Vec<(&str, Change, usize, usize)> = r1
            .sections
            .iter()
            .map(|s| (s.pattern.as_str(), s.change, s.added_lines, s.removed_lines))
            .collect();
        assert_eq!(
            secs,
            vec![
                ("/^(hostname|ntp) /", Change::Changed, 2, 1),
                ("router bgp *", Change::Added, 1, 0),
                ("router ospf *", Change::Removed, 0, 2),
            ]
        );
        assert_eq!((r1.added_lines, r1.removed_lines), (3, 3));
        assert_eq!(p.totals.unchanged, 1);
        assert_eq!(p.totals.sections, 5);
        assert_eq!((p.totals.added_lines, p.totals.removed_lines), (5, 4));
        assert_eq!(
            p.text(),
            "- gone  -1\n    - /^(hostname|ntp) / (t/sys.j2)  -1\n\
             + new   +2\n    + /^(hostname|ntp) / (t/sys.j2)  +2\n\
             ~ r1    +3 -3\n    ~ /^(hostname|ntp) / (t/sys.j2)  +2 -1\n    \
             + router bgp * (t/bgp.j2)  +1\n    - router ospf * (t/old.j2)  -2\n"
        );
        assert_eq!(
            p.summary(),
            "3 devices change (1 added, 1 removed, 1 changed), 1 unchanged: 5 sections, +5 -4 lines"
        );
    }

    #[test]
    fn section_matched_by_pattern_when_template_moves() {
        let base = vec![cfg("r1", &[("a/sys.j2", "system", "system {\n}\n")])];
        let head = vec![cfg("r1", &[("b/sys.j2", "system", "system {\n  x;\n}\n")])];
        let p = plan(&base, &head);
        assert_eq!(p.nodes[0].sections.len(), 1);
        assert_eq!(p.nodes[0].sections[0].change, Change::Changed);
        assert_eq!(p.nodes[0].sections[0].template, "b/sys.j2");
    }

    #[test]
    fn json_shape() {
        let base = vec![cfg("r1", &[("t.j2", "a", "x\n")])];
        let head = vec![cfg("r1", &[("t.j2", "a", "y\n")])];
        let v = serde_json::to_value(plan(&base, &head)).unwrap();
        assert_eq!(v["nodes"][0]["change"], "changed");
        assert_eq!(v["nodes"][0]["sections"][0]["added_lines"], 1);
        assert_eq!(v["totals"]["changed"], 1);
    }
}
