//! Loading every inventory file of a project: which file is which (by file
//! stem), reading the files in parallel, then the cross-entity checks.
//!
//! Codes: `E0102` (an inventory file whose stem is not `locations`, `nodes`
//! or `links`); the readers and checks report the rest.

use super::fields::Builder;
use super::row::{EntityKind, STEMS};
use super::Inventory;
use crate::diag::{did_you_mean, Diagnostic, FileId, Span};
use crate::project::Project;
use rayon::prelude::*;

/// Loads and validates every inventory file of the project.
///
/// Files are read locations first, then nodes, then links, each kind in path
/// order, so entity order (and so output order) is the same on every run.
pub fn load(project: &Project) -> (Inventory, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(EntityKind, FileId, &str, bool)> = Vec::new();
    for &f in &project.inventory_files {
        let path = project.sources.path(f);
        let name = path.rsplit('/').next().unwrap_or(path);
        let (stem, is_csv) = match name.strip_suffix(".csv") {
            Some(s) => (s, true),
            None => (name.strip_suffix(".toml").unwrap_or(name), false),
        };
        match EntityKind::from_stem(stem) {
            Some(k) => files.push((k, f, path, is_csv)),
            None => diags.push(
                Diagnostic::error("E0102", format!("unknown inventory file `{path}`"))
                    .with_label(Span::new(f, 0..0), "unetc does not know what this file holds")
                    .with_help(match did_you_mean(stem, STEMS.iter().copied()) {
                        Some(s) => format!(
                            "did you mean `inventory/{s}.{}`? inventory files are named `locations`, `nodes` or `links`",
                            if is_csv { "csv" } else { "toml" }
                        ),
                        None => "rename it to `locations`, `nodes` or `links` (`.csv` or `.toml`), or move it out of `inventory/`".to_string(),
                    }),
            ),
        }
    }
    files.sort_by_key(|(k, _, path, _)| (*k, *path));
    let builders: Vec<Builder> = files
        .par_iter()
        .map(|&(kind, f, path, is_csv)| {
            let mut b = Builder::default();
            let text = project.sources.text(f);
            if is_csv {
                super::csv::read(f, path, text, kind, &mut b);
            } else {
                super::toml::read(f, path, text, kind, &mut b);
            }
            b
        })
        .collect();
    let mut all = Builder::default();
    for b in builders {
        all.diags.extend(b.diags);
        all.locations.extend(b.locations);
        all.nodes.extend(b.nodes);
        all.links.extend(b.links);
        all.broken_locations.extend(b.broken_locations);
        all.broken_nodes.extend(b.broken_nodes);
    }
    let (inv, d) = super::validate::validate(all);
    diags.extend(d);
    (inv, diags)
}
