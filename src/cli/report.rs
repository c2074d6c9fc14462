//! `unetc report merge`: join the `report.json` of several shards (or any
//! disjoint builds of one project) into one report with totals recomputed.
//!
//! Input: reports in the `unetc-report/1` schema (docs/report-json.md), e.g.
//! the `out/report.json` of `unetc build --shard K/N` on each CI runner.
//! Output: one report in the same schema, on stdout or atomically to `--out`:
//!
//! * `nodes`: the union, sorted by name. A node in two reports must have the
//!   same result in both (else a usage error: the shards disagree);
//! * `diagnostics`: the union without duplicates (project-wide diagnostics —
//!   manifest, policy, templates — are reported by every shard);
//! * `totals`: recomputed from the merged nodes and diagnostics;
//! * `tool`, `project`, `inputs`: must be equal in every report (the shards
//!   compiled the same inputs with the same unetc), else a usage error;
//! * `selection`: kept when every report has the same, else `null`, and
//!   `merged_from` lists each report's file and selection.
//!
//! Exit: 0, or 1 when the merged report has errors or failed assertions (the
//! same rule as `unetc build`), 2 for unreadable or incompatible reports.

use super::{GlobalArgs, Outcome};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The report schema this command reads and writes.
pub const SCHEMA: &str = "unetc-report/1";

/// Arguments of `unetc report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub command: ReportCommand,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Merge the report.json of several shards into one, with totals recomputed.
    Merge(MergeArgs),
}

/// Arguments of `unetc report merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The reports to merge (`out/report.json` of each shard).
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Write the merged report here (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: ReportArgs, g: &GlobalArgs) -> Result<Outcome> {
    match args.command {
        ReportCommand::Merge(a) => merge_cmd(a, g),
    }
}

fn merge_cmd(args: MergeArgs, g: &GlobalArgs) -> Result<Outcome> {
    let mut reports = Vec::new();
    for p in &args.reports {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read `{}`", p.display()))?;
        let v: Value = serde_json::from_str(&text)
            .with_context(|| format!("`{}` is not JSON", p.display()))?;
        reports.push((p.display().to_string(), v));
    }
    let merged = merge(&reports)?;
    let mut text = serde_json::to_string_pretty(&merged)?;
    text.push('\n');
    match &args.out {
        Some(out) => crate::output::write_atomic(out, text.as_bytes())?,
        None => super::print_stdout(&text)?,
    }
    let totals = &merged["totals"];
    let failed =
        totals["errors"].as_u64().unwrap_or(0) + totals["assertions_failed"].as_u64().unwrap_or(0);
    if !g.quiet {
        eprintln!(
            "report merge: {} reports, {} nodes ({} failing), {} of {} assertions failed, {} errors, {} warnings",
            reports.len(),
            totals["nodes"],
            totals["nodes_failing"],
            totals["assertions_failed"],
            totals["assertions"],
            totals["errors"],
            totals["warnings"]
        );
    }
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// Merges reports (`(name for messages, report)`); errors are sentences for
/// the command line.
pub fn merge(reports: &[(String, Value)]) -> Result<Value> {
    let Some((first_name, first)) = reports.first() else {
        bail!("no reports to merge");
    };
    for (name, r) in reports {
        if r["schema"] != SCHEMA {
            bail!(
                "`{name}` is not a unetc report (expected `\"schema\": \"{SCHEMA}\"`, found {})",
                r["schema"]
            );
        }
        for key in ["tool", "project", "inputs"] {
            if r[key] != first[key] {
                bail!(
                    "`{name}` and `{first_name}` differ in `{key}`: shards must compile the same inputs with the same unetc"
                );
            }
        }
    }
    let mut nodes: BTreeMap<String, (&str, &Value)> = BTreeMap::new();
    let mut diagnostics: Vec<&Value> = Vec::new();
    for (name, r) in reports {
        for n in r["nodes"].as_array().map(Vec::as_slice).unwrap_or_default() {
            let Some(node) = n["name"].as_str() else {
                bail!("`{name}` has a node without a `name`");
            };
            match nodes.get(node) {
                Some((other, prev)) if *prev != n => {
                    bail!("node `{node}` has different results in `{other}` and `{name}`")
                }
                Some(_) => {}
                None => {
                    nodes.insert(node.to_string(), (name.as_str(), n));
                }
            }
        }
        for d in r["diagnostics"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if !diagnostics.contains(&d) {
                diagnostics.push(d);
            }
        }
    }
    diagnostics.sort_by_key(|d| diagnostic_key(d));
    let nodes: Vec<&Value> = nodes.values().map(|(_, n)| *n).collect();
    let totals = totals(&nodes, &diagnostics);
    let selections: Vec<&Value> = reports.iter().map(|(_, r)| &r["selection"]).collect();
    let selection = if selections.iter().all(|s| *s == selections[0]) {
        selections[0].clone()
    } else {
        Value::Null
    };
    let merged_from: Vec<Value> = reports
        .iter()
        .map(|(name, r)| json!({"report": name, "selection": r["selection"]}))
        .collect();
    let mut out = Map::new();
    out.insert("schema".into(), json!(SCHEMA));
    out.insert("tool".into(), first["tool"].clone());
    out.insert("project".into(), first["project"].clone());
    out.insert("selection".into(), selection);
    out.insert("merged_from".into(), Value::Array(merged_from));
    out.insert("totals".into(), totals);
    out.insert("inputs".into(), first["inputs"].clone());
    out.insert(
        "nodes".into(),
        Value::Array(nodes.into_iter().cloned().collect()),
    );
    out.insert(
        "diagnostics".into(),
        Value::Array(diagnostics.into_iter().cloned().collect()),
    );
    Ok(Value::Object(out))
}

/// Sort key of a diagnostic: file, line, column, code, message.
fn diagnostic_key(d: &Value) -> (String, u64, u64, String, String) {
    let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
    (
        s("file"),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
        s("code"),
        s("message"),
    )
}

/// The `totals` object of the schema, from nodes and diagnostics.
fn totals(nodes: &[&Value], diagnostics: &[&Value]) -> Value {
    let len = |n: &Value, k: &str| n[k].as_array().map_or(0, Vec::len);
    let mut t = BTreeMap::<&str, usize>::new();
    for n in nodes {
        let assertions = n["assertions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let failed = assertions.iter().filter(|a| a["passed"] == false).count();
        *t.entry("nodes").or_default() += 1;
        *t.entry("nodes_failing").or_default() += usize::from(n["status"] == "fail");
        *t.entry("configs").or_default() += usize::from(!n["config"].is_null());
        *t.entry("rules_matched").or_default() += len(n, "rules_matched");
        *t.entry("assertions").or_default() += assertions.len();
        *t.entry("assertions_passed").or_default() += assertions.len() - failed;
        *t.entry("assertions_failed").or_default() += failed;
        *t.entry("sets").or_default() += len(n, "sets");
        *t.entry("templates_applied").or_default() += len(n, "templates");
    }
    let sev = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count();
    let g = |k: &str| t.get(k).copied().unwrap_or(0);
    json!({
        "nodes": g("nodes"),
        "nodes_failing": g("nodes_failing"),
        "configs": g("configs"),
        "rules_matched": g("rules_matched"),
        "assertions": g("assertions"),
        "assertions_passed": g("assertions_passed"),
        "assertions_failed": g("assertions_failed"),
        "sets": g("sets"),
        "templates_applied": g("templates_applied"),
        "errors": sev("error"),
        "warnings": sev("warning"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, passed: &[bool]) -> Value {
        let assertions: Vec<Value> = passed.iter().map(|p| json!({"passed": p})).collect();
        json!({
            "name": name,
            "status": if passed.iter().all(|p| *p) { "pass" } else { "fail" },
            "rules_matched": [{}, {}],
            "assertions": assertions,
            "sets": [{}],
            "templates": [{}, {}, {}],
            "config": format!("configs/{name}.cfg"),
            "diagnostics": [],
        })
    }

    fn report(selection: &str, nodes: Vec<Value>, diags: Vec<Value>) -> Value {
        json!({
            "schema": SCHEMA,
            "tool": {"name": "unetc", "version": "0.1.0"},
            "project": {"name": "campus", "domain": "example.net"},
            "selection": selection,
            "totals": {"nodes": 999},
            "inputs": {"unet.toml": "abc"},
            "nodes": nodes,
            "diagnostics": diags,
        })
    }

    fn warn(line: u64) -> Value {
        json!({"code": "W0702", "severity": "warning", "file": "unet.lock", "line": line, "column": 1, "message": "stale"})
    }

    #[test]
    fn merges_nodes_dedups_diagnostics_and_recomputes_totals() {
        let a = report(
            "shard 1/2",
            vec![node("r2", &[true, false]), node("r1", &[true])],
            vec![warn(3), warn(1)],
        );
        let b = report("shard 2/2", vec![node("s1", &[true, true])], vec![warn(1)]);
        let m = merge(&[("a.json".into(), a), ("b.json".into(), b)]).unwrap();
        let names: Vec<&str> = m["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["r1", "r2", "s1"]);
        assert_eq!(
            m["totals"],
            json!({"nodes": 3, "nodes_failing": 1, "configs": 3, "rules_matched": 6, "assertions": 5,
                   "assertions_passed": 4, "assertions_failed": 1, "sets": 3, "templates_applied": 9,
                   "errors": 0, "warnings": 2})
        );
        assert_eq!(m["diagnostics"], json!([warn(1), warn(3)]));
        assert_eq!(m["selection"], Value::Null);
        assert_eq!(
            m["merged_from"][1],
            json!({"report": "b.json", "selection": "shard 2/2"})
        );
    }

    #[test]
    fn merging_is_order_independent_and_idempotent() {
        let a = report("x", vec![node("a", &[true])], vec![]);
        let b = report("x", vec![node("b", &[false])], vec![]);
        let ab = merge(&[("1".into(), a.clone()), ("2".into(), b.clone())]).unwrap();
        let ba = merge(&[("1".into(), b), ("2".into(), a.clone())]).unwrap();
        assert_eq!(ab["nodes"], ba["nodes"]);
        assert_eq!(ab["totals"], ba["totals"]);
        assert_eq!(ab["selection"], "x");
        let aa = merge(&[("1".into(), a.clone()), ("2".into(), a)]).unwrap();
        assert_eq!(aa["totals"]["nodes"], 1);
    }

    #[test]
    fn rejects_incompatible_reports() {
        let a = report("x", vec![node("a", &[true])], vec![]);
        let mut other_inputs = a.clone();
        other_inputs["inputs"] = json!({"unet.toml": "def"});
        let e = merge(&[("a".into(), a.clone()), ("b".into(), other_inputs)]).unwrap_err();
        assert!(e.to_string().contains("differ in `inputs`"), "{e}");
        let conflict = report("x", vec![node("a", &[false])], vec![]);
        let e = merge(&[("a".into(), a.clone()), ("b".into(), conflict)]).unwrap_err();
        assert!(
            e.to_string().contains("node `a` has different results"),
            "{e}"
        );
        let e = merge(&[("j".into(), json!({"schema": "other"}))]).unwrap_err();
        assert!(e.to_string().contains("not a unetc report"), "{e}");
        assert!(merge(&[]).is_err());
    }
}
