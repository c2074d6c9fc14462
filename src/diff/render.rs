//! Diff output: text with unified diffs, side-by-side, JSON and a
//! self-contained HTML report. Secrets are masked here (per-syntax patterns)
//! unless [`Show::secrets`] is set; comparison itself always uses the real
//! values.
//!
//! # JSON schema (`unetc diff --json`)
//!
//! ```text
//! {
//!   "version": 1,
//!   "summary": { "nodes": N, "nodes_differing": N, "sections": N,
//!                "compliant": N, "missing": N, "extra": N, "changed": N,
//!                "unmanaged_lines": N },
//!   "nodes": [ {
//!     "node": "ams1-edge-01", "syntax": "ios", "source": "live/ams1-edge-01.cfg",
//!     "verdict": "compliant" | "differs",
//!     "sections": [ {
//!       "template": "templates/cisco/system.j2", "pattern": "/^hostname /",
//!       "verdict": "compliant" | "missing" | "extra" | "changed",
//!       "ordered": false,
//!       "missing": ["path > of > line", ...],   // only in intended
//!       "extra":   ["path > of > line", ...],   // only in running
//!       "diff": "unified diff text (\"\" when compliant)",
//!       "remediation": ["command", ...], "rollback": ["command", ...]
//!     } ],
//!     "unmanaged": [ { "line": 12, "text": "interface Vlan1", "lines": 3 } ],
//!     "remediation": [...], "rollback": [...]     // whole node, ordered
//!   } ]
//! }
//! ```
//! Commands keep the syntax's indentation (IOS-style: one indent unit per
//! context level). Secrets appear as `<masked>` unless `--show-secrets`.

use super::{NodeDiff, SectionDiff, Verdict};
use crate::config::Syntax;
use serde_json::json;
use std::fmt::Write as _;

/// What to print.
#[derive(Clone, Copy, Debug, Default)]
pub struct Show {
    /// Print secrets as they are.
    pub secrets: bool,
    /// Print remediation commands.
    pub remediation: bool,
    /// Print rollback commands.
    pub rollback: bool,
}

/// Masks secrets in a (multi-line) text unless `show`.
pub fn mask(syntax: Syntax, text: &str, show: bool) -> String {
    if show {
        return text.to_string();
    }
    let c = syntax.compiled();
    let mut out = String::with_capacity(text.len());
    for l in text.split_inclusive('\n') {
        let (body, nl) = match l.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (l, ""),
        };
        let t = body.trim_start();
        out.push_str(&body[..body.len() - t.len()]);
        out.push_str(&c.mask(t));
        out.push_str(nl);
    }
    out
}

fn mask_all(syntax: Syntax, lines: &[String], show: bool) -> Vec<String> {
    lines.iter().map(|l| mask(syntax, l, show)).collect()
}

/// The unified diff of a section (running → intended), masked.
pub fn unified(node: &NodeDiff, s: &SectionDiff, show: Show) -> String {
    if s.verdict == Verdict::Compliant {
        return String::new();
    }
    let run = mask(node.syntax, &s.running, show.secrets);
    let int = mask(node.syntax, &s.intended, show.secrets);
    similar::TextDiff::from_lines(&run, &int)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("running/{}", node.node),
            &format!("intended/{}", node.node),
        )
        .to_string()
}

/// Summary counts over nodes.
pub fn summary(diffs: &[NodeDiff]) -> serde_json::Value {
    let mut c = [0usize; 4];
    for d in diffs {
        for s in &d.sections {
            c[s.verdict as usize] += 1;
        }
    }
    json!({
        "nodes": diffs.len(),
        "nodes_differing": diffs.iter().filter(|d| d.differs()).count(),
        "sections": c.iter().sum::<usize>(),
        "compliant": c[0],
        "missing": c[1],
        "extra": c[2],
        "changed": c[3],
        "unmanaged_lines": diffs.iter().map(NodeDiff::unmanaged_lines).sum::<usize>(),
    })
}

/// The one-line summary closing a text report.
pub fn summary_line(diffs: &[NodeDiff]) -> String {
    let s = summary(diffs);
    format!(
        "diff: {} nodes ({} differ), {} sections: {} compliant, {} changed, {} missing, {} extra; {} unmanaged lines",
        s["nodes"], s["nodes_differing"], s["sections"], s["compliant"], s["changed"], s["missing"], s["extra"], s["unmanaged_lines"]
    )
}

/// The remediation and/or rollback commands of a node, as `show` asks.
fn push_requested_commands(out: &mut String, d: &NodeDiff, show: Show) {
    if show.remediation {
        push_commands(out, "remediation", d.syntax, &d.remediation, show.secrets);
    }
    if show.rollback {
        push_commands(out, "rollback", d.syntax, &d.rollback, show.secrets);
    }
}

fn push_commands(out: &mut String, title: &str, syntax: Syntax, cmds: &[String], show: bool) {
    if cmds.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {title}:");
    for c in mask_all(syntax, cmds, show) {
        for l in c.lines() {
            let _ = writeln!(out, "    {l}");
        }
    }
}

/// The default text report: per node, per section verdicts with unified
/// diffs; unmanaged counts; remediation/rollback when asked.
pub fn text(diffs: &[NodeDiff], show: Show) -> String {
    let mut out = String::new();
    for d in diffs {
        let _ = writeln!(out, "{} ({}, {})", d.node, d.syntax.name(), d.source);
        for s in &d.sections {
            let _ = writeln!(
                out,
                "  {:<9} {}  [{}]",
                s.verdict.as_str(),
                s.template,
                s.pattern
            );
            let u = unified(d, s, show);
            for l in u.lines() {
                let _ = writeln!(out, "    {l}");
            }
            if u.is_empty() && s.verdict != Verdict::Compliant {
                let _ = writeln!(
                    out,
                    "    (the difference is in masked secrets; `--show-secrets` shows it)"
                );
            }
        }
        if !d.unmanaged.is_empty() {
            let _ = writeln!(
                out,
                "  unmanaged: {} lines in {} blocks (not compared)",
                d.unmanaged_lines(),
                d.unmanaged.len()
            );
        }
        push_requested_commands(&mut out, d, show);
    }
    out
}

/// Side-by-side text: running on the left, intended on the right.
pub fn side_by_side(diffs: &[NodeDiff], show: Show, width: usize) -> String {
    let col = width.saturating_sub(7) / 2;
    let mut out = String::new();
    for d in diffs {
        let _ = writeln!(out, "{} ({}, {})", d.node, d.syntax.name(), d.source);
        for s in &d.sections {
            let _ = writeln!(
                out,
                "  {:<9} {}  [{}]",
                s.verdict.as_str(),
                s.template,
                s.pattern
            );
            if s.verdict == Verdict::Compliant {
                continue;
            }
            let run = mask(d.syntax, &s.running, show.secrets);
            let int = mask(d.syntax, &s.intended, show.secrets);
            let _ = writeln!(out, "    {:<col$} | intended", "running");
            let diff = similar::TextDiff::from_lines(&run, &int);
            for op in diff.ops() {
                for change in diff.iter_changes(op) {
                    let t = change.value().trim_end_matches('\n');
                    let t = clip(t, col);
                    let line = match change.tag() {
                        similar::ChangeTag::Equal => format!("    {t:<col$}   {t}"),
                        similar::ChangeTag::Delete => format!("    {t:<col$} <"),
                        similar::ChangeTag::Insert => format!("    {:<col$} > {t}", ""),
                    };
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
        }
        push_requested_commands(&mut out, d, show);
    }
    out
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The JSON document (schema in the module docs and docs/diff-json.md).
pub fn json(diffs: &[NodeDiff], show: Show) -> serde_json::Value {
    let nodes: Vec<_> = diffs
        .iter()
        .map(|d| {
            let sections: Vec<_> = d
                .sections
                .iter()
                .map(|s| {
                    json!({
                        "template": s.template,
                        "pattern": s.pattern,
                        "verdict": s.verdict,
                        "ordered": s.ordered,
                        "missing": mask_all(d.syntax, &s.missing, show.secrets),
                        "extra": mask_all(d.syntax, &s.extra, show.secrets),
                        "diff": unified(d, s, show),
                        "remediation": mask_all(d.syntax, &s.remediation, show.secrets),
                        "rollback": mask_all(d.syntax, &s.rollback, show.secrets),
                    })
                })
                .collect();
            let unmanaged: Vec<_> = d
                .unmanaged
                .iter()
                .map(|u| json!({"line": u.line, "text": mask(d.syntax, &u.text, show.secrets), "lines": u.lines}))
                .collect();
            json!({
                "node": d.node,
                "syntax": d.syntax.name(),
                "source": d.source,
                "verdict": if d.differs() { "differs" } else { "compliant" },
                "sections": sections,
                "unmanaged": unmanaged,
                "remediation": mask_all(d.syntax, &d.remediation, show.secrets),
                "rollback": mask_all(d.syntax, &d.rollback, show.secrets),
            })
        })
        .collect();
    json!({ "version": 1, "summary": summary(diffs), "nodes": nodes })
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}\
table.sum td,table.sum th{padding:2px 10px;text-align:left}\
.v{display:inline-block;padding:0 6px;border-radius:3px;font-size:.85em;font-weight:600}\
.compliant{background:#dff5e1;color:#1b5e20}.missing{background:#fde2e1;color:#b71c1c}\
.extra{background:#fff1d6;color:#8a5300}.changed{background:#e3ecfd;color:#0d47a1}\
pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:.85em}\
.add{color:#1b5e20;background:#e9f7ea;display:block}.del{color:#b71c1c;background:#fdecea;display:block}\
.hunk{color:#6a1b9a;display:block}details{margin:.3em 0 .8em 1em}";

/// A self-contained HTML report (inline CSS, no scripts, no external assets;
/// every config text escaped).
pub fn html(diffs: &[NodeDiff], show: Show, title: &str) -> String {
    let s = summary(diffs);
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n",
        escape(title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", escape(title));
    let _ = writeln!(
        o,
        "<table class=\"sum\"><tr><th>nodes</th><th>differ</th><th>sections</th><th>compliant</th><th>changed</th><th>missing</th><th>extra</th><th>unmanaged lines</th></tr><tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>",
        s["nodes"], s["nodes_differing"], s["sections"], s["compliant"], s["changed"], s["missing"], s["extra"], s["unmanaged_lines"]
    );
    for d in diffs {
        let _ = writeln!(
            o,
            "<h2 id=\"{0}\">{0} <small>({1}, {2})</small></h2>",
            escape(&d.node),
            d.syntax.name(),
            escape(&d.source)
        );
        let _ = writeln!(o, "<ul>");
        for sec in &d.sections {
            let v = sec.verdict.as_str();
            let _ = writeln!(
                o,
                "<li><span class=\"v {v}\">{v}</span> <code>{}</code> <code>{}</code>",
                escape(&sec.template),
                escape(&sec.pattern)
            );
            let u = unified(d, sec, show);
            if !u.is_empty() {
                let _ = write!(o, "<details open><summary>diff</summary><pre>");
                for l in u.lines() {
                    let class = if l.starts_with("@@") {
                        "hunk"
                    } else if l.starts_with('+') && !l.starts_with("+++") {
                        "add"
                    } else if l.starts_with('-') && !l.starts_with("---") {
                        "del"
                    } else {
                        ""
                    };
                    if class.is_empty() {
                        let _ = writeln!(o, "{}", escape(l));
                    } else {
                        let _ = write!(o, "<span class=\"{class}\">{}</span>", escape(l));
                    }
                }
                let _ = writeln!(o, "</pre></details>");
            }
            let _ = writeln!(o, "</li>");
        }
        let _ = writeln!(o, "</ul>");
        if !d.unmanaged.is_empty() {
            let _ = writeln!(
                o,
                "<details><summary>unmanaged: {} lines in {} blocks</summary><pre>",
                d.unmanaged_lines(),
                d.unmanaged.len()
            );
            for u in &d.unmanaged {
                let _ = writeln!(
                    o,
                    "{:>5}  {}",
                    u.line,
                    escape(&mask(d.syntax, &u.text, show.secrets))
                );
            }
            let _ = writeln!(o, "</pre></details>");
        }
        for (title, cmds) in [("remediation", &d.remediation), ("rollback", &d.rollback)] {
            if cmds.is_empty() {
                continue;
            }
            let _ = write!(o, "<details><summary>{title}</summary><pre>");
            for c in mask_all(d.syntax, cmds, show.secrets) {
                let _ = writeln!(o, "{}", escape(&c));
            }
            let _ = writeln!(o, "</pre></details>");
        }
    }
    o.push_str("</body></html>\n");
    o
}
