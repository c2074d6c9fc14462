//! `unetc diff`: compare intended configs with running ones (live) or with
//! another build's configs (`--against`).
//!
//! Compiles the project (`driver::compile`), fetches running configs from the
//! live source (`[live]` in unet.toml, or `--source`), adds every fetched text
//! to the source map (so parse diagnostics point into it), diffs every node
//! in parallel and prints per node, per section verdicts with unified diffs
//! (default), side by side, JSON, or an HTML file. A device whose running
//! config cannot be read is a `W0601` warning and is skipped.

use super::{DiagArgs, GlobalArgs, Outcome};
use crate::config::Syntax;
use crate::diag::{self, Diagnostic, FileId};
use crate::diff::{self, live, render};
use crate::driver;
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `unetc diff`.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 when the comparison ran (differences or not, unless \
--exit-code), 1 on compile errors, config errors or (with --exit-code) any difference, 2 on \
usage or I/O errors.\n\nExamples:\n  unetc diff examples/campus --live\n  \
unetc diff . --live --remediation --only 'ams1-*'\n  unetc diff . --live --json > drift.json\n  \
unetc diff . --against ../previous-build/out --side-by-side"
)]
pub struct DiffArgs {
    #[command(flatten)]
    pub project: super::ProjectArgs,
    /// Compare with the devices' running configs (from `[live]` in unet.toml).
    #[arg(long)]
    pub live: bool,
    /// Override `[live] source`: `dir`, `git` or `ssh`.
    #[arg(long, value_name = "SOURCE", value_parser = ["dir", "git", "ssh"])]
    pub source: Option<String>,
    /// Compare with another build instead of live configs: a build's output
    /// directory (holding `configs/`) or a directory of `<node>.cfg` files.
    #[arg(long, value_name = "DIR", conflicts_with = "live")]
    pub against: Option<PathBuf>,
    /// Show the two sides next to each other instead of a unified diff.
    #[arg(long, conflicts_with_all = ["json", "html"])]
    pub side_by_side: bool,
    /// Print the comparison as JSON (schema: docs/diff-json.md).
    #[arg(long)]
    pub json: bool,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Also write a Markdown summary (nodes that drift, section verdicts,
    /// remediation per node) to FILE, e.g. `"$GITHUB_STEP_SUMMARY"`.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Print the commands that turn running into intended.
    #[arg(long)]
    pub remediation: bool,
    /// Print the commands that turn intended back into running.
    #[arg(long)]
    pub rollback: bool,
    /// Exit 1 when any section differs.
    #[arg(long)]
    pub exit_code: bool,
    /// Parse every node's configs in this syntax (default: `[vendors.<v>]
    /// syntax` in unet.toml, else cisco → ios, juniper → junos, arista → eos,
    /// others → ios; JunOS text made of `set` lines is read as junos-set).
    #[arg(long, value_enum)]
    pub syntax: Option<Syntax>,
    /// Print passwords, secrets, keys and communities instead of `<masked>`.
    #[arg(long)]
    pub show_secrets: bool,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(args: DiffArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    if !args.live && args.against.is_none() {
        if args.project.rev.is_some() {
            // Hook for `--rev` without `--live`/`--against` (issue 7): the git
            // engineer replaces this with `crate::git::plan(...)`, which shows
            // which devices and sections the revision's change touches.
            return rev_plan(&args, g);
        }
        eprintln!("error: say what to compare with: `--live` (running configs) or `--against DIR` (another build)");
        return Ok(Outcome::Usage);
    }
    // `--rev` with `--live`/`--against`: `load_files` compiles the project as it was at REV.
    let files = args.project.load_files()?;
    let root = crate::project::disk::find_root(&args.project.dir)?;
    let opts = args.project.options();
    let comp = driver::compile(&files, &opts)?;
    if comp.has_errors() {
        print_diags(&comp.diagnostics, &comp.project.sources, &args, g)?;
        return Ok(Outcome::Failed);
    }
    let Compared {
        diffs,
        diagnostics: diags,
        sources,
    } = compare(&comp, &root, &args)?;
    print_diags(&diags, &sources, &args, g)?;
    let manifest = &comp.project.manifest;

    let show = render::Show {
        secrets: args.show_secrets,
        remediation: args.remediation,
        rollback: args.rollback,
    };
    if let Some(path) = &args.html {
        let title = format!("unetc diff: {}", manifest.project.name);
        crate::output::write_atomic(path, render::html(&diffs, show, &title).as_bytes())?;
    }
    if let Some(path) = &args.summary {
        let title = format!("unetc diff `{}`", manifest.project.name);
        let md = diff::markdown::markdown(&diffs, show, &title);
        crate::output::write_atomic(path, md.as_bytes())?;
    }
    if args.json {
        let v = render::json(&diffs, show);
        super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
    } else if args.side_by_side {
        super::print_stdout(&render::side_by_side(&diffs, show, 120))?;
    } else if args.html.is_none() || args.remediation || args.rollback {
        super::print_stdout(&render::text(&diffs, show))?;
    }
    if !g.quiet {
        eprintln!("{}", render::summary_line(&diffs));
    }
    let differs = diffs.iter().any(diff::NodeDiff::differs);
    Ok(
        if diags.iter().any(Diagnostic::is_error) || (args.exit_code && differs) {
            Outcome::Failed
        } else {
            Outcome::Clean
        },
    )
}

/// The comparison of a compiled project with its running configs (or
/// another build): what `unetc diff` prints.
#[derive(Debug)]
pub struct Compared {
    /// One per node whose running config could be read, sorted by name.
    pub diffs: Vec<diff::NodeDiff>,
    /// The compilation's diagnostics plus `W0601` per unavailable node and
    /// parse diagnostics of the configs, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The project's sources plus every compared config (intended as
    /// `out/configs/<node>.cfg`, running by its origin).
    pub sources: crate::diag::SourceMap,
}

/// Fetches the running configs (live source or `--against`) of every
/// compiled node and diffs them. `root` is the project directory (relative
/// live paths start there). `Err` only when the live source as a whole
/// cannot be used.
pub fn compare(
    comp: &driver::Compilation,
    root: &Path,
    args: &DiffArgs,
) -> anyhow::Result<Compared> {
    let mut diags = comp.diagnostics.clone();
    let manifest = &comp.project.manifest;
    let mut configs: Vec<&crate::render::RenderedConfig> = comp.configs.iter().collect();
    configs.sort_by(|a, b| a.node.cmp(&b.node));
    let targets: Vec<live::Target> = configs
        .iter()
        .map(|c| {
            let node = comp.inventory.node(&c.node);
            let vendor = node.and_then(|n| n.vendor).map(str::to_string);
            live::Target {
                node: c.node.clone(),
                syntax: args
                    .syntax
                    .unwrap_or_else(|| Syntax::for_node(vendor.as_deref(), manifest)),
                vendor,
                host: node.and_then(|n| n.mgmt_ip).map(|ip| ip.to_string()),
            }
        })
        .collect();
    let fetched = match &args.against {
        Some(dir) => fetch_against(dir, &targets),
        None => {
            let source = live::Source::from_manifest(&manifest.live, args.source.as_deref(), root)?;
            source.fetch(&targets)?
        }
    };
    let mut sources = comp.project.sources.clone();
    let mut inputs_meta: Vec<(usize, FileId, FileId)> = Vec::new();
    for (i, f) in fetched.iter().enumerate() {
        match &f.text {
            Ok(text) => {
                let c = configs[i];
                let ifile = sources.add(
                    format!("{}/configs/{}.cfg", manifest.build.out, c.node),
                    c.text.as_str(),
                );
                let rfile = sources.add(f.origin.clone(), text.as_str());
                inputs_meta.push((i, ifile, rfile));
            }
            Err(reason) => {
                let mut d = Diagnostic::warning(
                    "W0601",
                    format!("running config of `{}` is unavailable: {reason}", f.node),
                )
                .with_help(
                    "check the live source (`[live]` in unet.toml); this node is not compared",
                );
                if let Some(n) = comp.inventory.node(&f.node) {
                    if n.span != Default::default() {
                        d = d.with_label(n.span, "this node");
                    }
                }
                diags.push(d);
            }
        }
    }
    let inputs: Vec<diff::NodeInput<'_>> = inputs_meta
        .iter()
        .map(|&(i, ifile, rfile)| diff::NodeInput {
            node: &configs[i].node,
            syntax: targets[i].syntax,
            sections: &configs[i].sections,
            intended: &configs[i].text,
            intended_file: ifile,
            running: fetched[i].text.as_deref().unwrap_or(""),
            running_file: rfile,
            source: &fetched[i].origin,
        })
        .collect();
    let (diffs, d) = diff::diff_nodes(&inputs);
    diags.extend(d);
    diag::sort(&mut diags, &sources);
    Ok(Compared {
        diffs,
        diagnostics: diags,
        sources,
    })
}

fn print_diags(
    diags: &[Diagnostic],
    sources: &crate::diag::SourceMap,
    args: &DiffArgs,
    g: &GlobalArgs,
) -> anyhow::Result<()> {
    if diags.is_empty() {
        return Ok(());
    }
    let text = diag::render(diags, sources, args.diag.format, g.color_stderr());
    // diagnostics go to stderr so that stdout stays the diff (or its JSON)
    eprint!("{text}");
    Ok(())
}

/// Reads another build's configs: `DIR/configs/<node>.cfg` or `DIR/<node>.cfg`.
fn fetch_against(dir: &Path, targets: &[live::Target]) -> Vec<live::Fetched> {
    let base = if dir.join("configs").is_dir() {
        dir.join("configs")
    } else {
        dir.to_path_buf()
    };
    let display = base.to_string_lossy().replace('\\', "/");
    let source = live::Source::Dir {
        root: base,
        display: display.trim_end_matches('/').to_string(),
    };
    source.fetch(targets).unwrap_or_default()
}

/// `unetc diff --rev REV` alone: the change plan between the work tree and a
/// revision. Provided by the git-aware compiling work (issue 7).
fn rev_plan(args: &DiffArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    crate::git::plan::run(args, g)
}
