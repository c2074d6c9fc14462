//! `unetc check`: compile a project and report every problem, writing nothing.

use super::{check_cache, DiagArgs, GlobalArgs, Outcome};
use crate::driver;
use clap::Args;

/// Arguments of `unetc check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: super::ProjectArgs,
    #[command(flatten)]
    pub diag: DiagArgs,
    /// Compile even when the inputs are unchanged since the last check
    /// (by default an unchanged project replays its cached result).
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(args: CheckArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let files = args.project.load_files()?;
    let opts = args.project.options();
    let day = opts.now.as_deref().and_then(|n| n.get(..10)).unwrap_or("");
    let human = args.diag.format == crate::diag::Format::Human;
    let color = g.color_stderr();
    let root = args.project.dir.clone();
    let format = format!("{:?}", args.diag.format);
    let settings = [
        format.as_str(),
        if color { "color" } else { "plain" },
        args.project.only.as_deref().unwrap_or(""),
        args.project.shard.as_deref().unwrap_or(""),
        args.project.rev.as_deref().unwrap_or(""),
        day,
    ];
    let key = check_cache::key(&files, &settings);
    let entry = match check_cache::load(&root, &key).filter(|_| !args.no_cache) {
        Some(hit) => hit,
        None => {
            let entry = compile(&files, &opts, args.diag.format, color, key)?;
            check_cache::store(&root, &entry);
            entry
        }
    };
    if human {
        eprint!("{}", entry.text);
        if !g.quiet {
            for line in &entry.trailer {
                eprintln!("{line}");
            }
        }
    } else {
        super::print_stdout(&entry.text)?;
    }
    Ok(if entry.failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// Compiles the project and records what `check` prints.
fn compile(
    files: &crate::project::FileSet,
    opts: &driver::Options,
    format: crate::diag::Format,
    color: bool,
    key: String,
) -> anyhow::Result<check_cache::Entry> {
    let comp = driver::compile(files, opts)?;
    let text = crate::diag::render(&comp.diagnostics, &comp.project.sources, format, color);
    let mut trailer = Vec::new();
    if !comp.evals.is_empty() && !comp.project.policy_files.is_empty() {
        trailer.push(crate::policy::Compliance::of(&comp.evals).to_string());
    }
    let (e, w) = crate::diag::counts(&comp.diagnostics);
    trailer.push(summary("check", &comp.project.manifest.project.name, e, w));
    Ok(check_cache::Entry {
        key,
        text,
        trailer,
        failed: comp.has_errors() || comp.has_violations(),
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
