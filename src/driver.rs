//! The driver: runs the passes in order and collects their diagnostics.
//!
//! `check` = load + inventory + facts + policy + template compile + dry render;
//! `build` = check + artifacts (see `cli::build`); `diff` = build + slice + diff.
//!
//! The driver is the only place that decides what runs after an error: a pass
//! keeps going where it can, and later passes skip only what depends on a
//! broken item. Diagnostics are sorted before they are returned.

use crate::diag::{self, Diagnostic};
use crate::facts::Lockfile;
use crate::inventory::Inventory;
use crate::policy::NodeEval;
use crate::project::{self, FileSet, Project};
use crate::render::RenderedConfig;
use std::time::{Duration, Instant};

/// What to compile.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these nodes: an `--only` selector (see
    /// [`crate::inventory::select`]); `None`: all nodes. A bad selector makes
    /// [`compile`] fail (a usage error).
    pub only: Option<String>,
    /// `--shard K/N`: only the nodes of shard K of N (see
    /// [`crate::inventory::shard`]), after `--only`. A bad value makes
    /// [`compile`] fail (a usage error).
    pub shard: Option<String>,
    /// The current time as RFC 3339, for facts age warnings (the driver's
    /// caller reads the clock; passes never do).
    pub now: Option<String>,
}

/// The result of compiling a project.
#[derive(Debug)]
pub struct Compilation {
    pub project: Project,
    pub inventory: Inventory,
    pub lock: Lockfile,
    /// One per compiled node, in inventory order.
    pub evals: Vec<NodeEval>,
    /// One per compiled node, in inventory order.
    pub configs: Vec<RenderedConfig>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time of each pass, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Compilation {
    /// Errors that stop artifacts from being written. Failed assertions
    /// (`E0401`) are not among them: they are compliance violations, reported
    /// and counted, and a build still writes its configs and reports (see
    /// [`Compilation::has_violations`]).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && d.code != "E0401")
    }

    /// Whether any assertion failed on any compiled node (exit status 1).
    pub fn has_violations(&self) -> bool {
        self.evals
            .iter()
            .any(|e| e.assertions.iter().any(|a| !a.passed))
    }
}

/// Compiles a project from its files. `Err` only when there is no project at all.
pub fn compile(files: &FileSet, opts: &Options) -> anyhow::Result<Compilation> {
    let selector = opts
        .only
        .as_deref()
        .map(crate::inventory::select::Selector::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!(e))?;
    let shard = opts
        .shard
        .as_deref()
        .map(crate::inventory::shard::Shard::parse)
        .transpose()
        .map_err(|e| anyhow::anyhow!(e))?;
    let mut timings = Vec::new();
    let t = Instant::now();
    let (project, mut diags) = project::load(files);
    let Some(project) = project else {
        anyhow::bail!("no `unet.toml` in the project");
    };
    timings.push(("load", t.elapsed()));

    let t = Instant::now();
    let (inventory, d) = crate::inventory::load(&project);
    diags.extend(d);
    timings.push(("inventory", t.elapsed()));

    let t = Instant::now();
    let lock = match project.lock_file {
        Some(f) => {
            let (l, d) = Lockfile::parse(f, project.sources.text(f));
            if d.is_empty() {
                let src = crate::facts::check::LockSource {
                    file: f,
                    text: project.sources.text(f),
                };
                let keep = |n: &crate::inventory::Node| {
                    selector.as_ref().is_none_or(|s| s.matches(&inventory, n))
                };
                diags.extend(crate::facts::check::check_selected(
                    &inventory,
                    &l,
                    Some(src),
                    &project.manifest,
                    opts.now.as_deref(),
                    selector
                        .is_some()
                        .then_some(&keep as &dyn Fn(&crate::inventory::Node) -> bool),
                ));
            }
            diags.extend(d);
            l
        }
        None => Lockfile::default(),
    };
    timings.push(("facts", t.elapsed()));

    // policy: parse, typecheck, evaluate (issue 3)
    // --only: evaluate and render the selected nodes only
    if let Some(sel) = &selector {
        if let Some(e) = sel.unknown_locations(&inventory).into_iter().next() {
            anyhow::bail!("{e} (in `--only {}`)", sel.as_str());
        }
        if !inventory.nodes.is_empty()
            && !inventory.nodes.iter().any(|n| sel.matches(&inventory, n))
        {
            anyhow::bail!("`--only {}` selects no node", sel.as_str());
        }
    }
    let t = Instant::now();
    let (program, d) = crate::policy::compile(&project, &inventory);
    diags.extend(d);
    let nodes: Vec<&crate::inventory::Node> = inventory
        .nodes
        .iter()
        .filter(|n| selector.as_ref().is_none_or(|s| s.matches(&inventory, n)))
        .filter(|n| shard.as_ref().is_none_or(|s| s.contains(&n.name)))
        .collect();
    let evals: Vec<NodeEval> =
        crate::policy::evaluate(&program, &inventory, &lock, &project, &nodes);
    diags.extend(crate::policy::eval_diagnostics(&evals));
    timings.push(("policy", t.elapsed()));
    // render: compile templates, render every node (issue 4)
    let t = Instant::now();
    let (templates, d) = crate::render::compile(&project);
    diags.extend(d);
    timings.push(("templates", t.elapsed()));
    let t = Instant::now();
    let (configs, d) = crate::render::render_all(&templates, &project, &inventory, &lock, &evals);
    diags.extend(d);
    timings.push(("render", t.elapsed()));

    diag::sort(&mut diags, &project.sources);
    Ok(Compilation {
        project,
        inventory,
        lock,
        evals,
        configs,
        diagnostics: diags,
        timings,
    })
}
