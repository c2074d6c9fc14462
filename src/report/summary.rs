//! A Markdown summary of a build, for CI job pages (`unetc build --summary
//! "$GITHUB_STEP_SUMMARY"`, a GitLab artifact, a PR comment).
//!
//! Input: a [`Compilation`]. Output: Markdown text — totals, diagnostics by
//! code, failed assertions grouped by rule (with the first nodes), and the
//! configs built. Deterministic: everything is sorted; no times or paths of
//! the machine appear.

use crate::driver::Compilation;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many nodes a failed rule lists before "and N more".
const NODES_SHOWN: usize = 5;

/// One failed assertion on one node: node, actual, expected.
type Failure<'a> = (&'a str, String, String);

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The build summary as Markdown.
pub fn build_markdown(comp: &Compilation) -> String {
    let mut md = String::new();
    let name = &comp.project.manifest.project.name;
    let (errors, warnings) = crate::diag::counts(&comp.diagnostics);
    let compliance = crate::policy::Compliance::of(&comp.evals);
    let configs = comp
        .configs
        .iter()
        .filter(|c| !c.sections.is_empty())
        .count();
    let status = if errors > 0 || compliance.failed > 0 {
        "❌ failed"
    } else {
        "✅ passed"
    };
    let _ = writeln!(md, "## unetc build `{}`: {status}\n", cell(name));
    let _ = writeln!(
        md,
        "| nodes | configs | assertions | failed | errors | warnings |"
    );
    let _ = writeln!(md, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        md,
        "| {} | {configs} | {} | {} | {errors} | {warnings} |\n",
        comp.evals.len(),
        compliance.assertions,
        compliance.failed
    );

    // failed assertions, grouped by rule
    let mut by_rule: BTreeMap<(&str, &str), Vec<Failure>> = BTreeMap::new();
    for e in &comp.evals {
        for a in e.assertions.iter().filter(|a| !a.passed) {
            by_rule
                .entry((a.rule.name.as_str(), a.assertion.as_str()))
                .or_default()
                .push((
                    e.node.as_str(),
                    a.actual.to_string(),
                    a.expected.to_string(),
                ));
        }
    }
    if !by_rule.is_empty() {
        let _ = writeln!(md, "### Failed assertions\n");
        let _ = writeln!(
            md,
            "| rule | assertion | nodes | first nodes (actual → expected) |"
        );
        let _ = writeln!(md, "|---|---|---:|---|");
        for ((rule, assertion), nodes) in &by_rule {
            let mut shown: Vec<String> = nodes
                .iter()
                .take(NODES_SHOWN)
                .map(|(n, actual, expected)| format!("`{n}`: {actual} → {expected}"))
                .collect();
            if nodes.len() > NODES_SHOWN {
                shown.push(format!("… and {} more", nodes.len() - NODES_SHOWN));
            }
            let _ = writeln!(
                md,
                "| {} | `{}` | {} | {} |",
                cell(rule),
                cell(assertion),
                nodes.len(),
                cell(&shown.join("; "))
            );
        }
        md.push('\n');
    }

    // diagnostics by code
    let mut by_code: BTreeMap<&str, (usize, &str, String)> = BTreeMap::new();
    for d in &comp.diagnostics {
        let entry = by_code
            .entry(d.code)
            .or_insert((0, d.severity.as_str(), d.message.clone()));
        entry.0 += 1;
    }
    if !by_code.is_empty() {
        let _ = writeln!(md, "### Diagnostics\n");
        let _ = writeln!(md, "| code | severity | count | first message |");
        let _ = writeln!(md, "|---|---|---:|---|");
        for (code, (n, sev, msg)) in &by_code {
            let _ = writeln!(md, "| {code} | {sev} | {n} | {} |", cell(msg));
        }
        let _ = writeln!(
            md,
            "\nRun `unetc explain CODE` for the long explanation of a code.\n"
        );
    }

    // configs: templates per node, collapsed
    if configs > 0 {
        let _ = writeln!(md, "<details><summary>{configs} configs built</summary>\n");
        let _ = writeln!(md, "| node | sections | lines |");
        let _ = writeln!(md, "|---|---|---:|");
        for c in comp.configs.iter().filter(|c| !c.sections.is_empty()) {
            let templates: Vec<&str> = c.sections.iter().map(|s| s.template.as_str()).collect();
            let _ = writeln!(
                md,
                "| `{}` | {} | {} |",
                cell(&c.node),
                cell(&templates.join(", ")),
                c.text.lines().count()
            );
        }
        let _ = writeln!(md, "\n</details>");
    }
    md
}
