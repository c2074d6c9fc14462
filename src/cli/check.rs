//! `unetc check`: compile a project and report every problem, writing nothing.

use super::{DiagArgs, GlobalArgs, Outcome};
use crate::driver;
use clap::Args;

/// Arguments of `unetc check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: super::ProjectArgs,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(args: CheckArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let files = args.project.load_files()?;
    let opts = driver::Options {
        only: args.project.only.clone(),
        shard: args.project.shard.clone(),
        now: Some(super::facts::now_rfc3339()),
    };
    let comp = driver::compile(&files, &opts)?;
    let text = crate::diag::render(
        &comp.diagnostics,
        &comp.project.sources,
        args.diag.format,
        g.color_stderr(),
    );
    if args.diag.format == crate::diag::Format::Human {
        eprint!("{text}");
        if !g.quiet {
            if !comp.evals.is_empty() && !comp.project.policy_files.is_empty() {
                eprintln!("{}", crate::policy::Compliance::of(&comp.evals));
            }
            let (e, w) = crate::diag::counts(&comp.diagnostics);
            eprintln!(
                "{}",
                summary("check", &comp.project.manifest.project.name, e, w)
            );
        }
    } else {
        super::print_stdout(&text)?;
    }
    Ok(if comp.has_errors() || comp.has_violations() {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// The closing line of a human run: `checked `campus`: 2 errors, 1 warning`.
pub fn summary(verb: &str, project: &str, errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if errors == 0 && warnings == 0 {
        format!("{verb}: `{project}` is clean")
    } else {
        format!(
            "{verb}: `{project}`: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}
