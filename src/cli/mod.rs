//! The command line: clap definitions (one file per subcommand) and dispatch.
//!
//! Every flag is documented once, here and in the subcommand files; the man
//! page (`man/unetc.1`) and shell completions are generated from these
//! definitions.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::process::ExitCode;

pub mod build;
pub mod check;
pub mod check_cache;
pub mod completions;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod facts;
pub mod graph;
pub mod init;
pub mod report;
pub mod slice;
pub mod update;

/// unetc — a compiler for networks.
///
/// Compiles a project (inventory, policies, templates, facts) into per-device
/// configurations, compliance reports and remediation diffs.
#[derive(Parser, Debug)]
#[command(name = "unetc", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every subcommand accepts.
#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print only diagnostics, no summaries or progress.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `--color`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl GlobalArgs {
    /// Whether stderr output should be coloured.
    pub fn color_stderr(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
            }
        }
    }
}

/// The diagnostic output format, shared by the commands that compile.
#[derive(Args, Debug, Clone)]
pub struct DiagArgs {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = crate::diag::Format::Human)]
    pub format: crate::diag::Format,
}

/// Which project to compile, and which part of it. Shared by check, build and diff.
#[derive(Args, Debug, Clone)]
pub struct ProjectArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub dir: std::path::PathBuf,
    /// Compile the project as it was at this git revision (read from the
    /// object database; the work tree is not touched).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Only these nodes. Terms separated by `,` (a node matching any term),
    /// conditions inside a term joined by `+` (all must hold). A condition is
    /// a name glob (`ams1-*`) or `KEY=VALUE` with KEY one of `name` (glob),
    /// `role`, `vendor`, `lifecycle`, `model` (glob), `location` (the location
    /// or anything under it). Example: `role=router+location=ams1,nyc1-acc-*`.
    #[arg(long, value_name = "SELECTOR")]
    pub only: Option<String>,
    /// Only shard K of N (`--shard 2/8`): nodes are split by a stable hash of
    /// their name, so a CI matrix of N runners covers every node exactly once;
    /// join the reports with `unetc report merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Fail (E0806) instead of pinning a dependency that unet.lock does not
    /// pin yet (for CI).
    #[arg(long)]
    pub locked: bool,
}

impl ProjectArgs {
    /// The driver options these flags ask for, with the current time (for
    /// facts age warnings; `SOURCE_DATE_EPOCH` overrides the clock).
    pub fn options(&self) -> crate::driver::Options {
        crate::driver::Options {
            only: self.only.clone(),
            shard: self.shard.clone(),
            now: Some(facts::now_rfc3339()),
        }
    }

    /// Reads the project's files from disk (or, with `--rev`, from git), plus
    /// its `[dependencies]` (see `crate::git::deps`); dependency problems
    /// travel in `FileSet::diagnostics`.
    pub fn load_files(&self) -> anyhow::Result<crate::project::FileSet> {
        use crate::git::{DepOptions, PinMode};
        let (files, root, mode) = match &self.rev {
            Some(rev) => (
                crate::git::files_at(&self.dir, rev)?,
                self.dir.clone(),
                PinMode::ReadOnly,
            ),
            None => {
                let root = crate::project::disk::find_root(&self.dir)?;
                let mut files = crate::project::disk::read(&root)?;
                files.provenance = crate::git::provenance(&root);
                (files, root, PinMode::Write)
            }
        };
        let opts = DepOptions {
            project_dir: root,
            cache_dir: crate::git::deps::default_cache_dir(),
            mode: if self.locked { PinMode::Locked } else { mode },
        };
        let (mut files, diags) = crate::git::with_dependencies(files, &opts)?;
        files.diagnostics.extend(diags);
        Ok(files)
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new project with a working example.
    Init(init::InitArgs),
    /// Check a project: parse, typecheck, evaluate and dry-render every node.
    Check(check::CheckArgs),
    /// Build a project: write configs, reports and a manifest to out/.
    Build(build::BuildArgs),
    /// Compare intended configs with running ones (or another build / revision).
    Diff(diff::DiffArgs),
    /// Explain how the policy program treats one node.
    Eval(eval::EvalArgs),
    /// Poll devices over SNMP and manage the facts in unet.lock.
    Facts(facts::FactsArgs),
    /// Print the parts of a device config that match a pattern.
    Slice(slice::SliceArgs),
    /// Print the long explanation of a diagnostic code.
    Explain(explain::ExplainArgs),
    /// Move dependency pins in unet.lock to the revisions unet.toml names.
    Update(update::UpdateArgs),
    /// Draw the topology as Graphviz dot or Mermaid.
    Graph(graph::GraphArgs),
    /// Work with build reports (merge shard reports).
    Report(report::ReportArgs),
    /// Print shell completions.
    Completions(completions::CompletionsArgs),
}

/// The outcome of a command, mapped to the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: errors, failed assertions, or differences with `--exit-code`.
    Failed,
    /// Exit 2: usage or I/O failure.
    Usage,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Clean => ExitCode::from(0),
            Outcome::Failed => ExitCode::from(1),
            Outcome::Usage => ExitCode::from(2),
        }
    }
}

/// Runs the parsed command line.
pub fn main(cli: Cli) -> ExitCode {
    if let Some(n) = cli.global.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let g = &cli.global;
    let result = match cli.command {
        Command::Init(a) => init::run(a, g),
        Command::Check(a) => check::run(a, g),
        Command::Build(a) => build::run(a, g),
        Command::Diff(a) => diff::run(a, g),
        Command::Eval(a) => eval::run(a, g),
        Command::Facts(a) => facts::run(a, g),
        Command::Slice(a) => slice::run(a, g),
        Command::Explain(a) => explain::run(a, g),
        Command::Update(a) => update::run(a, g),
        Command::Graph(a) => graph::run(a, g),
        Command::Report(a) => report::run(a, g),
        Command::Completions(a) => completions::run(a, g),
    };
    match result {
        Ok(o) => o.into(),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(0);
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stdout, treating a closed pipe as success.
pub fn print_stdout(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The message for a subcommand that a later milestone builds.
pub fn not_built(what: &str) -> anyhow::Result<Outcome> {
    eprintln!("error: `unetc {what}` is not built yet in this version");
    Ok(Outcome::Usage)
}
