//! `unetc eval DIR --node NAME`: how the policy program treats one node.
//!
//! Prints every rule in evaluation order, whether it matched (and if not, the
//! first sub-condition that was false, with the value it saw), what each SET
//! wrote, which templates were applied and each assertion with expected and
//! actual values. `--format json` prints the same as one JSON object.
//! Diagnostics of the compile go to stderr.

use super::{GlobalArgs, Outcome};
use crate::diag::Diagnostic;
use crate::facts::Lockfile;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;

/// Arguments of `unetc eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub dir: std::path::PathBuf,
    /// The node to explain.
    #[arg(long, value_name = "NAME")]
    pub node: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
}

/// `--format` of `unetc eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

pub fn run(args: EvalArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    // the same files check/build/diff read, dependency policies included
    let files = super::ProjectArgs {
        dir: args.dir.clone(),
        rev: None,
        only: None,
        shard: None,
        locked: false,
    }
    .load_files()?;
    let (project, mut diags) = crate::project::load(&files);
    let Some(project) = project else {
        anyhow::bail!("no `unet.toml` in the project");
    };
    let (inventory, d) = crate::inventory::load(&project);
    diags.extend(d);
    let lock = match project.lock_file {
        Some(f) => {
            let (l, d) = Lockfile::parse(f, project.sources.text(f));
            diags.extend(d);
            l
        }
        None => Lockfile::default(),
    };
    let (program, d) = crate::policy::compile(&project, &inventory);
    diags.extend(d);
    crate::diag::sort(&mut diags, &project.sources);
    let shown: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.is_error() || !g.quiet)
        .collect();
    if !shown.is_empty() {
        eprint!(
            "{}",
            crate::diag::render(
                &shown,
                &project.sources,
                crate::diag::Format::Human,
                g.color_stderr()
            )
        );
    }
    let Some(node) = inventory.node(&args.node) else {
        let help = crate::diag::unknown_name_help(&args.node, inventory.node_names());
        eprintln!(
            "error: no node `{}` in the inventory\n  help: {help}",
            args.node
        );
        return Ok(Outcome::Usage);
    };
    let (eval, traces) = crate::policy::trace(&program, &inventory, &lock, &project, node);
    let text = match args.format {
        EvalFormat::Json => {
            let v = serde_json::json!({
                "node": eval.node,
                "rules": traces,
                "assertions": eval.assertions,
                "sets": eval.sets,
                "applied": eval.applied,
                "custom_data": eval.custom_data,
            });
            let mut s = serde_json::to_string_pretty(&v)?;
            s.push('\n');
            s
        }
        EvalFormat::Text => text(&eval, &traces, &project.sources),
    };
    super::print_stdout(&text)?;
    let failed =
        eval.assertions.iter().any(|a| !a.passed) || shown.iter().any(Diagnostic::is_error);
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

fn text(
    eval: &crate::policy::NodeEval,
    traces: &[crate::policy::RuleTrace],
    sources: &crate::diag::SourceMap,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "node `{}`: {} of {} rules matched",
        eval.node,
        eval.matched_rules.len(),
        traces.len()
    );
    for t in traces {
        let (path, line, _) = sources.location(t.rule.span);
        let mark = if t.matched { "matched" } else { "skipped" };
        let _ = writeln!(
            s,
            "\n{mark}  {}  (priority {}, {path}:{line})",
            t.rule.name, t.priority
        );
        let _ = writeln!(s, "  WHEN {}", t.condition);
        if let Some(b) = &t.because {
            let _ = writeln!(
                s,
                "  false because `{}`: found {}, expected {}",
                b.condition, b.actual, b.expected
            );
        }
        if !t.matched {
            continue;
        }
        for set in eval.sets.iter().filter(|x| x.rule == t.rule) {
            let _ = writeln!(s, "  SET {} = {}", set.path, set.value);
        }
        for a in eval.applied.iter().filter(|x| x.rule == t.rule) {
            let _ = writeln!(s, "  APPLY {}", a.template);
        }
        for a in eval.assertions.iter().filter(|x| x.rule == t.rule) {
            let verdict = if a.passed { "pass" } else { "FAIL" };
            let _ = writeln!(
                s,
                "  ASSERT {}: {verdict} (actual {}, expected {})",
                a.assertion, a.actual, a.expected
            );
        }
    }
    let _ = writeln!(s, "\ntemplates, in order:");
    if eval.applied.is_empty() {
        let _ = writeln!(s, "  (none)");
    }
    for (i, a) in eval.applied.iter().enumerate() {
        let _ = writeln!(s, "  {}. {}  (by {})", i + 1, a.template, a.rule.name);
    }
    let passed = eval.assertions.iter().filter(|a| a.passed).count();
    let _ = writeln!(
        s,
        "assertions: {} passed, {} failed",
        passed,
        eval.assertions.len() - passed
    );
    let _ = writeln!(s, "custom_data: {}", eval.custom_data);
    s
}
