//! A Markdown summary of a diff, for CI job pages and pull-request comments
//! (`unetc diff --live --summary "$GITHUB_STEP_SUMMARY"`).
//!
//! Input: the per-node diffs. Output: a totals line, a table of the nodes
//! that differ (section verdicts, remediation size), and each differing
//! node's remediation in a collapsed block. Secrets are masked unless the
//! caller shows them, exactly as in every other diff output.

use super::render::{mask, summary_line, Show};
use super::{NodeDiff, Verdict};
use std::fmt::Write as _;

/// The diff summary as Markdown.
pub fn markdown(diffs: &[NodeDiff], show: Show, title: &str) -> String {
    let mut md = String::new();
    let differing: Vec<&NodeDiff> = diffs.iter().filter(|d| d.differs()).collect();
    let status = if differing.is_empty() {
        "✅ in sync"
    } else {
        "⚠️ drift"
    };
    let _ = writeln!(md, "## {title}: {status}\n");
    let _ = writeln!(md, "{}\n", summary_line(diffs));
    if differing.is_empty() {
        return md;
    }
    let _ = writeln!(
        md,
        "| node | changed | missing | extra | compliant | remediation commands |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|");
    for d in &differing {
        let count = |v: Verdict| d.sections.iter().filter(|s| s.verdict == v).count();
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} | {} |",
            d.node,
            count(Verdict::Changed),
            count(Verdict::Missing),
            count(Verdict::Extra),
            count(Verdict::Compliant),
            d.remediation.len()
        );
    }
    md.push('\n');
    for d in &differing {
        let _ = writeln!(
            md,
            "<details><summary><code>{}</code> — remediation ({} commands)</summary>\n",
            d.node,
            d.remediation.len()
        );
        let _ = writeln!(md, "```");
        let text = mask(d.syntax, &d.remediation.join("\n"), show.secrets);
        let _ = writeln!(md, "{}", text.trim_end().replace("```", "` ` `"));
        let _ = writeln!(md, "```\n\n</details>\n");
    }
    md
}
