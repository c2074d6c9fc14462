//! The project: `unet.toml` plus the files a run reads, loaded into one [`SourceMap`].
//!
//! Input: a [`FileSet`] (project-relative path → bytes), read from disk by
//! [`disk::read`] or from a git tree by `crate::git`. Output: a [`Project`].
//! No pass after this one touches the filesystem.
//!
//! Codes: `E0001`–`E0004` (manifest, see [`manifest`]), `E0005` a file that is
//! not UTF-8.

pub mod disk;
pub mod manifest;
pub mod toml_tree;

pub use manifest::Manifest;

use crate::diag::{Diagnostic, FileId, SourceMap, Span};
use std::collections::BTreeMap;

/// The files of a project, by project-relative path with `/` separators.
#[derive(Clone, Debug, Default)]
pub struct FileSet {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Problems found while gathering the files (git dependencies); they
    /// point into `unet.toml` (always `FileId(0)`) and [`load`] reports them.
    pub diagnostics: Vec<Diagnostic>,
    /// The git commit the files come from (`None` outside a repository);
    /// recorded in build reports.
    pub provenance: Option<crate::git::Provenance>,
}

impl FileSet {
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

/// Which part of the project a file belongs to, by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Manifest,
    Lock,
    Inventory,
    Policy,
    Template,
}

/// Classifies a project-relative path; `None` for files unetc does not read.
/// Paths of dependency files carry a `name:` prefix (`corp:templates/ntp.j2`).
pub fn classify(path: &str) -> Option<FileKind> {
    let local = path.split_once(':').map_or(path, |(_, p)| p);
    let is_dep = local.len() != path.len();
    if !is_dep && path == "unet.toml" {
        return Some(FileKind::Manifest);
    }
    if !is_dep && path == "unet.lock" {
        return Some(FileKind::Lock);
    }
    if !is_dep
        && local.starts_with("inventory/")
        && !local[10..].contains('/')
        && (local.ends_with(".csv") || local.ends_with(".toml"))
    {
        return Some(FileKind::Inventory);
    }
    if local.starts_with("policies/") && local.ends_with(".unet") {
        return Some(FileKind::Policy);
    }
    if local.starts_with("templates/") && local.ends_with(".j2") {
        return Some(FileKind::Template);
    }
    None
}

/// A loaded project: manifest, source map and the files of each kind (sorted by path).
#[derive(Clone, Debug)]
pub struct Project {
    pub manifest: Manifest,
    pub sources: SourceMap,
    pub manifest_file: FileId,
    pub lock_file: Option<FileId>,
    pub inventory_files: Vec<FileId>,
    pub policy_files: Vec<FileId>,
    pub template_files: Vec<FileId>,
}

impl Project {
    /// The template file with this project path (`templates/x.j2`).
    pub fn template(&self, path: &str) -> Option<FileId> {
        self.template_files
            .iter()
            .copied()
            .find(|f| self.sources.path(*f) == path)
    }
}

/// Loads a project from its files. Returns `None` when there is no `unet.toml`.
pub fn load(files: &FileSet) -> (Option<Project>, Vec<Diagnostic>) {
    let mut diags = files.diagnostics.clone();
    let mut sources = SourceMap::new();
    let Some(manifest_bytes) = files.files.get("unet.toml") else {
        return (None, diags);
    };
    let mut project = Project {
        manifest: Manifest::default(),
        sources: SourceMap::new(),
        manifest_file: FileId(0),
        lock_file: None,
        inventory_files: Vec::new(),
        policy_files: Vec::new(),
        template_files: Vec::new(),
    };
    project.manifest_file = add_file("unet.toml", manifest_bytes, &mut sources, &mut diags);
    let (manifest, mdiags) =
        manifest::parse(project.manifest_file, sources.text(project.manifest_file));
    project.manifest = manifest;
    diags.extend(mdiags);
    for (path, bytes) in &files.files {
        let Some(kind) = classify(path) else { continue };
        if kind == FileKind::Manifest {
            continue;
        }
        let id = add_file(path, bytes, &mut sources, &mut diags);
        match kind {
            FileKind::Manifest => {}
            FileKind::Lock => project.lock_file = Some(id),
            FileKind::Inventory => project.inventory_files.push(id),
            FileKind::Policy => project.policy_files.push(id),
            FileKind::Template => project.template_files.push(id),
        }
    }
    project.sources = sources;
    (Some(project), diags)
}

/// Decodes a file as UTF-8 (dropping a BOM), adds it to the source map and
/// reports `E0005` at the first invalid byte.
fn add_file(
    path: &str,
    bytes: &[u8],
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> FileId {
    match std::str::from_utf8(bytes) {
        Ok(s) => sources.add(path, s.strip_prefix('\u{feff}').unwrap_or(s)),
        Err(e) => {
            let at = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).len();
            let id = sources.add(path, String::from_utf8_lossy(bytes).into_owned());
            diags.push(
                Diagnostic::error("E0005", format!("`{path}` is not valid UTF-8"))
                    .with_label(
                        Span::new(id, at..at + char::REPLACEMENT_CHARACTER.len_utf8()),
                        "invalid byte here",
                    )
                    .with_help("save the file as UTF-8"),
            );
            id
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_paths() {
        assert_eq!(classify("unet.toml"), Some(FileKind::Manifest));
        assert_eq!(classify("inventory/nodes.csv"), Some(FileKind::Inventory));
        assert_eq!(classify("inventory/x/nodes.csv"), None);
        assert_eq!(classify("policies/a/b.unet"), Some(FileKind::Policy));
        assert_eq!(
            classify("templates/cisco/base.j2"),
            Some(FileKind::Template)
        );
        assert_eq!(classify("corp:templates/ntp.j2"), Some(FileKind::Template));
        assert_eq!(classify("out/configs/a.cfg"), None);
    }
}
