//! `unetc build`: compile a project and write its artifacts to `out/`.
//!
//! * Any error other than a failed ASSERT (`E0401`): nothing is written, exit 1.
//! * Failed ASSERTs but no other error: every artifact is written (so CI can
//!   upload the reports), exit 1.
//! * Otherwise: every artifact is written, exit 0.
//!
//! Artifacts (see `crate::report`): `configs/<node>.cfg`, `report.json`,
//! `report.junit.xml`, `manifest.json`, each written atomically and left
//! untouched when unchanged. After a full build (no `--only`), `configs/*.cfg`
//! files of nodes that no longer get a config are removed; nothing else in the
//! output directory is ever deleted.

use super::{DiagArgs, GlobalArgs, Outcome};
use crate::driver;
use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The code of a failed ASSERT.
const ASSERTION_FAILED: &str = "E0401";

/// Arguments of `unetc build`.
#[derive(Args, Debug)]
#[command(
    after_help = "Examples:\n  unetc build examples/campus\n  unetc build . --only 'role=router,ams1-acc-*' --timings\n  unetc build . --out /tmp/out -j 1\n\n\
Exit status: 0 clean; 1 errors (nothing written) or failed assertions (artifacts written); 2 usage or I/O failure."
)]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: super::ProjectArgs,
    #[command(flatten)]
    pub diag: DiagArgs,
    /// Output directory (default: `[build] out` of unet.toml, relative to the project).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the time of each pass to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Also write a Markdown summary (totals, failed assertions by rule,
    /// diagnostics by code, configs) to FILE, e.g. `"$GITHUB_STEP_SUMMARY"`.
    /// Written even when the build fails, so the job page explains why.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
}

pub fn run(args: BuildArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let t_read = Instant::now();
    let root = crate::project::disk::find_root(&args.project.dir)?;
    let files = args.project.load_files()?;
    let read = t_read.elapsed();
    let opts = args.project.options();
    let comp = driver::compile(&files, &opts)?;
    let text = crate::diag::render(
        &comp.diagnostics,
        &comp.project.sources,
        args.diag.format,
        g.color_stderr(),
    );
    let human = args.diag.format == crate::diag::Format::Human;
    if human {
        eprint!("{text}");
    } else {
        super::print_stdout(&text)?;
    }
    let name = &comp.project.manifest.project.name;
    // failed assertions (`E0401`) are errors of the run but do not stop the
    // artifacts: CI uploads the reports, then fails on the exit code
    if let Some(path) = &args.summary {
        let md = crate::report::summary::build_markdown(&comp);
        crate::output::write_atomic(path, md.as_bytes())
            .with_context(|| format!("cannot write the summary to `{}`", path.display()))?;
    }
    let blocking = comp
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.code != ASSERTION_FAILED);
    if blocking {
        if args.timings {
            eprint!("{}", timings_table(read, &comp.timings, None));
        }
        if human && !g.quiet {
            let (e, w) = crate::diag::counts(&comp.diagnostics);
            eprintln!("{}", super::check::summary("build", name, e, w));
            eprintln!("build: nothing written");
        }
        return Ok(Outcome::Failed);
    }

    let t_write = Instant::now();
    let out_dir = match &args.out {
        Some(o) => o.clone(),
        None => root.join(&comp.project.manifest.build.out),
    };
    let selection = match (&opts.only, &opts.shard) {
        (Some(o), Some(s)) => Some(format!("{o} shard {s}")),
        (Some(o), None) => Some(o.clone()),
        (None, Some(s)) => Some(format!("shard {s}")),
        (None, None) => None,
    };
    let artifacts = crate::report::artifacts(&comp, &files, selection.as_deref());
    {
        use rayon::prelude::*;
        artifacts
            .par_iter()
            .try_for_each(|(rel, bytes)| crate::output::write_atomic(&out_dir.join(rel), bytes))?;
    }
    let removed = if opts.only.is_none() && opts.shard.is_none() {
        remove_stale(&out_dir, &artifacts)?
    } else {
        0
    };
    let write = t_write.elapsed();
    if args.timings {
        eprint!("{}", timings_table(read, &comp.timings, Some(write)));
    }

    let assertions: usize = comp.evals.iter().map(|e| e.assertions.len()).sum();
    let failed: usize = comp
        .evals
        .iter()
        .map(|e| e.assertions.iter().filter(|a| !a.passed).count())
        .sum();
    if human && !g.quiet {
        let configs = artifacts
            .keys()
            .filter(|k| k.starts_with("configs/"))
            .count();
        let stale = if removed > 0 {
            format!(", {removed} stale removed")
        } else {
            String::new()
        };
        eprintln!(
            "built `{name}`: {configs} config{}{stale}, {assertions} assertion{} ({failed} failed) → {}",
            if configs == 1 { "" } else { "s" },
            if assertions == 1 { "" } else { "s" },
            out_dir.display()
        );
    }
    Ok(if failed > 0 || comp.has_errors() {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// Removes `configs/*.cfg` files that this build did not produce. Returns how
/// many were removed.
fn remove_stale(
    out_dir: &Path,
    artifacts: &std::collections::BTreeMap<String, Vec<u8>>,
) -> anyhow::Result<usize> {
    let dir = out_dir.join("configs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut stale = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.ends_with(".cfg")
            && entry.file_type()?.is_file()
            && !artifacts.contains_key(&format!("configs/{name}"))
        {
            stale.push(entry.path());
        }
    }
    stale.sort();
    for p in &stale {
        std::fs::remove_file(p)
            .with_context(|| format!("cannot remove stale `{}`", p.display()))?;
    }
    Ok(stale.len())
}

/// The `--timings` table.
fn timings_table(
    read: Duration,
    passes: &[(&'static str, Duration)],
    write: Option<Duration>,
) -> String {
    let mut rows: Vec<(&str, Duration)> = vec![("read", read)];
    rows.extend(passes.iter().copied());
    if let Some(w) = write {
        rows.push(("write", w));
    }
    let total: Duration = rows.iter().map(|r| r.1).sum();
    let mut s = String::from("pass          time\n");
    for (name, d) in rows.iter().chain(std::iter::once(&("total", total))) {
        s.push_str(&format!(
            "{name:<10} {:>7.1} ms\n",
            d.as_secs_f64() * 1000.0
        ));
    }
    s
}
