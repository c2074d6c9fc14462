//! Section compliance, diffs and remediation between intended and running configs.
//!
//! Input, per node: the intended sections ([`crate::render::RenderedSection`]:
//! template, `template-match` pattern, text), the running config text and the
//! node's [`Syntax`]. Output: a [`NodeDiff`] with, per section, a
//! [`Verdict`], the intended and (aligned) running slices, the paths only one
//! side has, and the remediation and rollback commands; plus the running
//! lines no section covers ("unmanaged": counted and listed, never a
//! difference). Rendering (unified, side-by-side, JSON, HTML) is in
//! [`render`]; secrets are masked there unless asked otherwise. Live sources
//! of running configs are in [`live`].
//!
//! This pass does no I/O. JunOS trees (brace or set) are compared through
//! their canonical form ([`crate::config::junos_set::canonical`]), so a brace
//! intended config and a `display set` running config compare line for line.
//!
//! Codes: `E0607` (a section pattern that does not compile), parse
//! diagnostics `E0601`–`E0606` for the texts.

pub mod compare;
pub mod live;
pub mod markdown;
pub mod remediation;
pub mod render;

use crate::config::{self, junos_set, ConfigTree, Family, LineId, Pattern, Syntax};
use crate::diag::{Diagnostic, FileId};
use crate::render::RenderedSection;
use compare::Op;
use serde::Serialize;
use std::collections::HashMap;

/// The verdict for one section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Running holds exactly the intended lines.
    Compliant,
    /// Intended has lines, running has none of the section.
    Missing,
    /// Running has lines of the section, intended none.
    Extra,
    /// Both have lines and they differ.
    Changed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compliant => "compliant",
            Verdict::Missing => "missing",
            Verdict::Extra => "extra",
            Verdict::Changed => "changed",
        }
    }
}

/// The comparison of one section of one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionDiff {
    pub template: String,
    pub pattern: String,
    pub verdict: Verdict,
    /// Whether the section holds ordered blocks (ACLs, route-maps, terms),
    /// compared entry by entry in order.
    pub ordered: bool,
    /// The intended slice as config text (empty when compliant).
    pub intended: String,
    /// The running slice as config text, aligned with the intended order
    /// (empty when compliant).
    pub running: String,
    /// ` > `-joined paths only intended has.
    pub missing: Vec<String>,
    /// ` > `-joined paths only running has.
    pub extra: Vec<String>,
    /// Commands turning running into intended, in order.
    pub remediation: Vec<String>,
    /// Commands turning intended back into running.
    pub rollback: Vec<String>,
}

/// One unmanaged running line (the topmost of an unmanaged subtree).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unmanaged {
    /// 1-based line in the running config.
    pub line: u32,
    /// The line's text (first line of a multi-line literal).
    pub text: String,
    /// Lines in its subtree, itself included.
    pub lines: usize,
}

/// The comparison of one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDiff {
    pub node: String,
    pub syntax: Syntax,
    /// Where the running config came from (`live/ams1-edge-01.cfg`,
    /// `git:HEAD:ams1-edge-01`, `ssh:10.255.0.1`).
    pub source: String,
    pub sections: Vec<SectionDiff>,
    pub unmanaged: Vec<Unmanaged>,
    /// The node's remediation: every section's groups, ordered by weight.
    pub remediation: Vec<String>,
    pub rollback: Vec<String>,
}

impl NodeDiff {
    /// Whether any section differs.
    pub fn differs(&self) -> bool {
        self.sections
            .iter()
            .any(|s| s.verdict != Verdict::Compliant)
    }

    /// Total unmanaged lines.
    pub fn unmanaged_lines(&self) -> usize {
        self.unmanaged.iter().map(|u| u.lines).sum()
    }
}

/// A section to compare: its template and compiled pattern.
#[derive(Clone, Debug)]
pub struct Section {
    pub template: String,
    pub pattern: Pattern,
}

/// Compiles the sections' patterns; a pattern that does not compile is an
/// `E0607` diagnostic and the section is skipped.
pub fn sections(rendered: &[RenderedSection]) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for s in rendered {
        match Pattern::parse(&s.pattern) {
            Ok(pattern) => out.push(Section {
                template: s.template.clone(),
                pattern,
            }),
            Err(e) => diags.push(bad_pattern(s, &e.message)),
        }
    }
    (out, diags)
}

fn bad_pattern(s: &RenderedSection, message: &str) -> Diagnostic {
    Diagnostic::error(
        "E0607",
        format!(
            "invalid match pattern `{}` in `{}`: {message}",
            s.pattern, s.template
        ),
    )
    .with_help("fix the template's `template-match` header")
}

/// Parses both texts and compares them section by section.
///
/// ```
/// use unetc::config::Syntax;
/// use unetc::diag::FileId;
/// use unetc::diff::{self, Verdict};
/// use unetc::render::RenderedSection;
/// let sections = vec![RenderedSection {
///     template: "templates/system.j2".into(),
///     pattern: "/^(hostname|ntp) /".into(),
///     text: "hostname sw1\nntp server 10.0.0.1\n".into(),
/// }];
/// let running = "hostname sw1\nntp server 10.9.9.9\ninterface Vlan1\n";
/// let (d, diags) = diff::diff_texts("sw1", Syntax::Ios, &sections, "hostname sw1\nntp server 10.0.0.1\n", FileId(0), running, FileId(1));
/// assert!(diags.is_empty());
/// assert_eq!(d.sections[0].verdict, Verdict::Changed);
/// assert_eq!(d.remediation, ["no ntp server 10.9.9.9", "ntp server 10.0.0.1"]);
/// assert_eq!(d.unmanaged[0].text, "interface Vlan1");
/// ```
#[allow(clippy::too_many_arguments)]
pub fn diff_texts(
    node: &str,
    syntax: Syntax,
    rendered: &[RenderedSection],
    intended: &str,
    intended_file: FileId,
    running: &str,
    running_file: FileId,
) -> (NodeDiff, Vec<Diagnostic>) {
    let (secs, mut diags) = sections(rendered);
    let (a, d) = config::parse(intended, syntax, intended_file);
    diags.extend(d);
    let (b, d) = config::parse(running, syntax, running_file);
    diags.extend(d);
    (diff_trees(node, &secs, &a, &b), diags)
}

/// One node's inputs for [`diff_nodes`].
#[derive(Clone, Debug)]
pub struct NodeInput<'a> {
    pub node: &'a str,
    pub syntax: Syntax,
    pub sections: &'a [RenderedSection],
    pub intended: &'a str,
    pub intended_file: FileId,
    pub running: &'a str,
    pub running_file: FileId,
    /// Where the running config came from (copied into [`NodeDiff::source`]).
    pub source: &'a str,
}

/// Diffs many nodes in parallel (rayon); results in input order.
pub fn diff_nodes(inputs: &[NodeInput<'_>]) -> (Vec<NodeDiff>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    // compile each distinct pattern once, not once per node
    let mut cache: HashMap<&str, Result<Pattern, String>> = HashMap::new();
    for i in inputs {
        for s in i.sections {
            cache
                .entry(s.pattern.as_str())
                .or_insert_with(|| Pattern::parse(&s.pattern).map_err(|e| e.message));
        }
    }
    let results: Vec<(NodeDiff, Vec<Diagnostic>)> = inputs
        .par_iter()
        .map(|i| {
            let mut diags = Vec::new();
            let mut secs = Vec::with_capacity(i.sections.len());
            for s in i.sections {
                match &cache[s.pattern.as_str()] {
                    Ok(p) => secs.push(Section {
                        template: s.template.clone(),
                        pattern: p.clone(),
                    }),
                    Err(m) => diags.push(bad_pattern(s, m)),
                }
            }
            let (a, d) = config::parse(i.intended, i.syntax, i.intended_file);
            diags.extend(d);
            let (b, d) = config::parse(i.running, i.syntax, i.running_file);
            diags.extend(d);
            let mut nd = diff_trees(i.node, &secs, &a, &b);
            nd.source = i.source.to_string();
            (nd, diags)
        })
        .collect();
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(results.len());
    for (d, ds) in results {
        out.push(d);
        diags.extend(ds);
    }
    (out, diags)
}

/// Compares two parsed configs section by section.
pub fn diff_trees(
    node: &str,
    sections: &[Section],
    intended: &ConfigTree,
    running: &ConfigTree,
) -> NodeDiff {
    let mut out = Vec::with_capacity(sections.len());
    let mut fix = Vec::new();
    let mut back = Vec::new();
    for s in sections {
        let (sd, g_fix, g_back) = diff_section(s, intended, running);
        fix.extend(g_fix);
        back.extend(g_back);
        out.push(sd);
    }
    let pats: Vec<&Pattern> = sections.iter().map(|s| &s.pattern).collect();
    let unmanaged = config::unmanaged(running, &pats)
        .into_iter()
        .map(|id| Unmanaged {
            line: running.line(id).source_line,
            text: running.text(id).lines().next().unwrap_or("").to_string(),
            lines: subtree_len(running, id),
        })
        .collect();
    NodeDiff {
        node: node.to_string(),
        syntax: intended.syntax,
        source: String::new(),
        sections: out,
        unmanaged,
        remediation: remediation::order(fix),
        rollback: remediation::order(back),
    }
}

fn subtree_len(t: &ConfigTree, id: LineId) -> usize {
    1 + t
        .line(id)
        .children
        .iter()
        .map(|&c| subtree_len(t, c))
        .sum::<usize>()
}

fn diff_section(
    s: &Section,
    intended: &ConfigTree,
    running: &ConfigTree,
) -> (
    SectionDiff,
    Vec<remediation::Group>,
    Vec<remediation::Group>,
) {
    let mut a = config::slice(intended, &[&s.pattern]);
    let mut b = config::slice(running, &[&s.pattern]);
    if intended.syntax.rules().family != Family::Indent {
        let shown = intended.syntax;
        a = junos_set::canonical(&a);
        b = junos_set::canonical(&b);
        mark_context(&mut a, &s.pattern);
        mark_context(&mut b, &s.pattern);
        a.syntax = shown;
        b.syntax = shown;
    }
    let ops = compare::compare(&a, &b);
    let differs = ops.iter().any(Op::differs);
    if !differs {
        let sd = SectionDiff {
            template: s.template.clone(),
            pattern: s.pattern.as_str().to_string(),
            verdict: Verdict::Compliant,
            ordered: has_ordered(&a),
            intended: String::new(),
            running: String::new(),
            missing: Vec::new(),
            extra: Vec::new(),
            remediation: Vec::new(),
            rollback: Vec::new(),
        };
        return (sd, Vec::new(), Vec::new());
    }
    let back_ops = compare::compare(&b, &a);
    let verdict = if !differs {
        Verdict::Compliant
    } else if b.roots.is_empty() {
        Verdict::Missing
    } else if a.roots.is_empty() {
        Verdict::Extra
    } else {
        Verdict::Changed
    };
    let ordered = has_ordered(&a);
    let (missing, extra) = compare::changed_paths(&a, &b, &ops);
    let fix = remediation::groups(&a, &b, &ops);
    let back = remediation::groups(&b, &a, &back_ops);
    let running_text = compare::aligned_running(&a, &b, &ops).to_text();
    let sd = SectionDiff {
        template: s.template.clone(),
        pattern: s.pattern.as_str().to_string(),
        verdict,
        ordered,
        intended: compare::aligned_intended(&a, &ops).to_text(),
        running: running_text,
        missing,
        extra,
        remediation: remediation::order(fix.clone()),
        rollback: remediation::order(back.clone()),
    };
    (sd, fix, back)
}

/// Whether a tree holds an ordered block (ACL, route-map, JunOS term).
fn has_ordered(t: &ConfigTree) -> bool {
    let c = t.syntax.compiled();
    t.lines
        .iter()
        .enumerate()
        .any(|(i, l)| !l.children.is_empty() && c.ordered.is_match(t.text(i as LineId)))
}

/// Marks the lines of a canonical JunOS slice that are only ancestors of
/// selected lines.
fn mark_context(t: &mut ConfigTree, p: &Pattern) {
    fn walk<'a>(
        t: &'a ConfigTree,
        id: LineId,
        p: &Pattern,
        path: &mut Vec<&'a str>,
        ctx: &mut Vec<LineId>,
    ) {
        path.push(t.text(id));
        if !p.matches_path(path) && p.matches_ancestor(path) {
            ctx.push(id);
            for &c in &t.line(id).children {
                walk(t, c, p, path, ctx);
            }
        }
        path.pop();
    }
    let mut ctx = Vec::new();
    let mut path = Vec::new();
    for &r in &t.roots {
        walk(t, r, p, &mut path, &mut ctx);
    }
    for id in ctx {
        t.line_mut(id).context = true;
    }
}

#[cfg(test)]
mod tests;
