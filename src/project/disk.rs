//! Reads a project directory from disk into a [`FileSet`](super::FileSet).
//!
//! Only the files [`classify`](super::classify) recognises are read; `out/`,
//! `live/` and hidden directories are skipped.

use super::{classify, FileSet};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Finds the project root: `dir` itself if it holds `unet.toml`.
pub fn find_root(dir: &Path) -> Result<PathBuf> {
    if dir.join("unet.toml").is_file() {
        return Ok(dir.to_path_buf());
    }
    if !dir.exists() {
        anyhow::bail!("`{}` does not exist", dir.display());
    }
    anyhow::bail!(
        "`{}` is not a unetc project: no `unet.toml` there (run `unetc init {}` to create one)",
        dir.display(),
        dir.display()
    )
}

/// Reads every project file under `root`.
pub fn read(root: &Path) -> Result<FileSet> {
    let mut set = FileSet::default();
    walk(root, root, &mut set)?;
    Ok(set)
}

fn walk(root: &Path, dir: &Path, set: &mut FileSet) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory `{}`", dir.display()))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let ft = e.file_type()?;
        if ft.is_dir() {
            if rel == "out" || rel == "live" || rel == "target" {
                continue;
            }
            if matches!(
                rel.split('/').next(),
                Some("inventory" | "policies" | "templates")
            ) {
                walk(root, &path, set)?;
            }
        } else if classify(&rel).is_some() {
            let bytes = std::fs::read(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            set.insert(rel, bytes);
        }
    }
    Ok(())
}
