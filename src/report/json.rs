//! `report.json`: per-node results and totals of a build. Schema:
//! `docs/report-json.md` (`"schema": "unetc-report/1"`).

use super::{config_path, sha256, TOOL_VERSION};
use crate::diag::{self, Diagnostic, Span};
use crate::driver::Compilation;
use crate::policy::RuleRef;
use serde_json::{json, Value as J};
use std::collections::{BTreeMap, HashMap};

/// `{rule, file, line}` of a rule reference.
fn rule(comp: &Compilation, r: &RuleRef) -> J {
    let (file, line) = location(comp, r.span);
    json!({"name": r.name, "file": file, "line": line})
}

fn location(comp: &Compilation, span: Span) -> (J, J) {
    let sources = &comp.project.sources;
    if (span.file.0 as usize) < sources.iter().count() && span != Span::default() {
        let f = sources.get(span.file);
        let (l, _) = f.line_col(span.start as usize);
        (json!(f.path), json!(l))
    } else {
        (J::Null, J::Null)
    }
}

fn diagnostics_json(diags: &[Diagnostic], comp: &Compilation) -> J {
    if diags.is_empty() {
        return json!([]);
    }
    let text = diag::render(diags, &comp.project.sources, diag::Format::Json, false);
    serde_json::from_str(&text).unwrap_or(json!([]))
}

/// The report as pretty JSON, ending with a newline.
pub fn report_json(
    comp: &Compilation,
    inputs: &BTreeMap<String, String>,
    selection: Option<&str>,
    git: Option<&crate::git::Provenance>,
) -> String {
    let configs: HashMap<&str, &crate::render::RenderedConfig> =
        comp.configs.iter().map(|c| (c.node.as_str(), c)).collect();
    let domain = comp.project.manifest.project.domain.as_deref();
    let mut totals = Totals::default();
    // each node is serialised as soon as it is built, so the whole report is
    // never held as one `serde_json::Value` tree (10,000 nodes: ~10x smaller)
    let mut nodes = String::new();
    for e in &comp.evals {
        let node = comp.inventory.node(&e.node);
        let config = configs
            .get(e.node.as_str())
            .filter(|c| !c.sections.is_empty());
        let failed = e.assertions.iter().filter(|a| !a.passed).count();
        totals.nodes += 1;
        totals.rules_matched += e.matched_rules.len();
        totals.assertions += e.assertions.len();
        totals.assertions_failed += failed;
        totals.sets += e.sets.len();
        totals.templates_applied += e.applied.len();
        totals.configs += usize::from(config.is_some());
        if failed > 0 {
            totals.nodes_failing += 1;
        }
        let assertions: Vec<J> = e
            .assertions
            .iter()
            .map(|a| {
                json!({
                    "rule": rule(comp, &a.rule),
                    "assertion": a.assertion,
                    "passed": a.passed,
                    "expected": a.expected,
                    "actual": a.actual,
                })
            })
            .collect();
        let sets: Vec<J> = e
            .sets
            .iter()
            .map(|s| json!({"rule": rule(comp, &s.rule), "path": s.path, "value": s.value}))
            .collect();
        let templates: Vec<J> = e
            .applied
            .iter()
            .map(|t| json!({"template": t.template, "rule": rule(comp, &t.rule)}))
            .collect();
        let sections: Vec<J> = config.map_or_else(Vec::new, |c| {
            c.sections
                .iter()
                .map(|s| json!({"template": s.template, "pattern": s.pattern, "lines": s.text.lines().count()}))
                .collect()
        });
        let entry = json!({
            "name": e.node,
            "fqdn": node.map(|n| n.fqdn(domain)),
            "vendor": node.and_then(|n| n.vendor),
            "role": node.and_then(|n| n.role),
            "lifecycle": node.and_then(|n| n.lifecycle),
            "location": node.and_then(|n| n.location.as_deref()),
            "status": if failed > 0 { "fail" } else { "pass" },
            "rules_matched": e.matched_rules.iter().map(|r| rule(comp, r)).collect::<Vec<_>>(),
            "assertions": assertions,
            "sets": sets,
            "templates": templates,
            "sections": sections,
            "config": config.map(|c| config_path(&c.node)),
            "config_sha256": config.map(|c| sha256(c.text.as_bytes())),
            "diagnostics": diagnostics_json(&e.diagnostics, comp),
        });
        nodes.push_str(if nodes.is_empty() { "\n" } else { ",\n" });
        // pretty JSON has no raw newline inside strings: indent every line
        for (i, line) in serde_json::to_string_pretty(&entry)
            .unwrap_or_default()
            .lines()
            .enumerate()
        {
            if i > 0 {
                nodes.push('\n');
            }
            nodes.push_str("    ");
            nodes.push_str(line);
        }
    }
    let (errors, warnings) = diag::counts(&comp.diagnostics);
    let v = json!({
        "schema": "unetc-report/1",
        "tool": {"name": "unetc", "version": TOOL_VERSION},
        "project": {
            "name": comp.project.manifest.project.name,
            "domain": domain,
        },
        "git": git,
        "selection": selection,
        "totals": {
            "nodes": totals.nodes,
            "nodes_failing": totals.nodes_failing,
            "configs": totals.configs,
            "rules_matched": totals.rules_matched,
            "assertions": totals.assertions,
            "assertions_passed": totals.assertions - totals.assertions_failed,
            "assertions_failed": totals.assertions_failed,
            "sets": totals.sets,
            "templates_applied": totals.templates_applied,
            "errors": errors,
            "warnings": warnings,
        },
        "inputs": inputs,
        "nodes": [],
        "diagnostics": diagnostics_json(&comp.diagnostics, comp),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    if !nodes.is_empty() {
        nodes.push_str("\n  ]");
        s = s.replacen("\n  \"nodes\": []", &format!("\n  \"nodes\": [{nodes}"), 1);
    }
    s.push('\n');
    s
}

#[derive(Default)]
struct Totals {
    nodes: usize,
    nodes_failing: usize,
    configs: usize,
    rules_matched: usize,
    assertions: usize,
    assertions_failed: usize,
    sets: usize,
    templates_applied: usize,
}
