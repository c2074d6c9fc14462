//! `unetc update [DIR] [NAME…]`: move dependency pins in unet.lock to what
//! each dependency's `rev` in unet.toml resolves to now.
//!
//! Fetches every named dependency (all when none is named) into the cache,
//! resolves its `rev`, prints `name: old → new` per moved pin and writes
//! unet.lock atomically. The facts in unet.lock are left as they are. Pins of
//! dependencies no longer declared are dropped when updating all.

use super::{DiagArgs, GlobalArgs, Outcome};
use crate::facts::lock::Lockfile;
use crate::git::deps::{self, DepOptions, PinMode};
use crate::git::short;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `unetc update`.
#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  unetc update\n  unetc update examples/campus corp")]
pub struct UpdateArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only these dependencies (default: all).
    pub names: Vec<String>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(args: UpdateArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let root = crate::project::disk::find_root(&args.dir)?;
    let files = crate::project::disk::read(&root)?;
    let (project, mut diags) = crate::project::load(&files);
    let Some(project) = project else {
        anyhow::bail!("no `unet.toml` in `{}`", root.display());
    };
    let m = &project.manifest;
    for n in &args.names {
        if !m.dependencies.contains_key(n) {
            let help = crate::diag::unknown_name_help(n, m.dependencies.keys().map(String::as_str));
            anyhow::bail!("unet.toml declares no dependency `{n}`\nhelp: {help}");
        }
    }
    let lock = match project.lock_file {
        Some(f) => {
            let (l, d) = Lockfile::parse(f, project.sources.text(f));
            if !d.is_empty() {
                diags.extend(d);
                return finish(&diags, &project.sources, &args, g);
            }
            l
        }
        None => Lockfile::default(),
    };
    let opts = DepOptions {
        project_dir: root.clone(),
        cache_dir: deps::default_cache_dir(),
        mode: PinMode::Write,
    };
    let (pins, changes, d) = deps::update(m, &lock, &args.names, &opts);
    diags.extend(d);
    let mut out = String::new();
    for c in &changes {
        let old = c
            .old
            .as_deref()
            .map_or("(new)".to_string(), |o| short(o).to_string());
        out.push_str(&format!(
            "{}: {old} → {} (`{}` at {})\n",
            c.name,
            short(&c.new.commit),
            c.new.rev,
            c.new.git
        ));
    }
    let removed: Vec<&String> = lock
        .dependencies
        .keys()
        .filter(|k| !pins.contains_key(*k))
        .collect();
    for k in &removed {
        out.push_str(&format!("{k}: removed (no longer in unet.toml)\n"));
    }
    if pins != lock.dependencies {
        let mut new = lock.clone();
        new.dependencies = pins;
        crate::output::write_durable(&root.join("unet.lock"), new.to_toml().as_bytes())?;
    }
    if !g.quiet {
        if out.is_empty() && diags.is_empty() {
            out.push_str("every dependency pin is up to date\n");
        }
        eprint!("{out}");
    }
    finish(&diags, &project.sources, &args, g)
}

fn finish(
    diags: &[crate::diag::Diagnostic],
    sources: &crate::diag::SourceMap,
    args: &UpdateArgs,
    g: &GlobalArgs,
) -> anyhow::Result<Outcome> {
    let mut diags = diags.to_vec();
    crate::diag::sort(&mut diags, sources);
    if !diags.is_empty() {
        let text = crate::diag::render(&diags, sources, args.diag.format, g.color_stderr());
        if args.diag.format == crate::diag::Format::Human {
            eprint!("{text}");
        } else {
            super::print_stdout(&text)?;
        }
    }
    Ok(if diags.iter().any(crate::diag::Diagnostic::is_error) {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
