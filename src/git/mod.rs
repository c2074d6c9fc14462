//! Git: projects at a revision, provenance, and pinned policy/template dependencies.
//!
//! * [`files_at`] reads a project as it was at a revision straight from the
//!   object database (no checkout; the work tree and index are not touched).
//!   The repository is discovered from the project directory upwards, so a
//!   project may live in a subfolder of its repository and unetc may run from
//!   any subdirectory.
//! * [`provenance`] says which commit a build came from and whether the
//!   project's files differ from it.
//! * [`deps`]: `[dependencies]` from other git repositories, cached, pinned in
//!   `unet.lock`, namespaced into the [`FileSet`] (`corp:templates/ntp.j2`).
//! * [`plan`]: which devices and sections a change touches (`unetc diff --rev`).
//!
//! This module is CLI-level: it reads git repositories and the cache; the
//! passes only ever see the resulting [`FileSet`].
//!
//! Codes: `E0801` not a git repository, `E0802` unknown revision, `E0803` path
//! missing at a revision, `E0804` dependency unreachable with no cache,
//! `E0805` pinned commit missing, `E0806` dependency pin missing or out of
//! date under `--locked`, `E0807` invalid dependency name.

pub mod deps;
pub mod plan;

pub use deps::{with_dependencies, DepOptions, PinMode};

use crate::diag::Diagnostic;
use crate::project::{classify, FileSet};
use std::path::{Path, PathBuf};

/// A git problem that concerns no file (a command-line `--rev`, a project
/// outside any repository). It carries the diagnostic (code, message, help)
/// and prints as `message [CODE]` followed by the help line, so the CLI shows
/// it as a usage error (exit 2).
#[derive(Debug, Clone)]
pub struct GitError(pub Box<Diagnostic>);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.0.message, self.0.code)?;
        for n in &self.0.notes {
            write!(f, "\nnote: {n}")?;
        }
        if let Some(h) = &self.0.help {
            write!(f, "\nhelp: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GitError {}

impl From<Diagnostic> for GitError {
    fn from(d: Diagnostic) -> GitError {
        GitError(Box::new(d))
    }
}

/// A project located inside a repository.
pub struct Located {
    pub repo: git2::Repository,
    /// The project's folder inside the repository, with `/` separators and a
    /// trailing `/` (empty for a project at the repository root).
    pub prefix: String,
}

/// Discovers the repository holding `dir` and the project's prefix in it.
pub fn locate(dir: &Path) -> Result<Located, GitError> {
    let abs = absolute(dir);
    let existing = abs.ancestors().find(|a| a.exists()).unwrap_or(&abs);
    let repo = git2::Repository::discover(existing).map_err(|e| {
        GitError::from(
            Diagnostic::error(
                "E0801",
                format!("`{}` is not inside a git repository", dir.display()),
            )
            .with_note(e.message().to_string())
            .with_help("`--rev` reads the project from git history: run it in a clone of the project's repository"),
        )
    })?;
    let Some(workdir) = repo.workdir() else {
        return Err(Diagnostic::error(
            "E0801",
            format!("`{}` is inside a bare git repository", dir.display()),
        )
        .with_help("run unetc in a clone with a work tree")
        .into());
    };
    let workdir = canonical(workdir);
    let here = canonical_lenient(&abs);
    let rel = here.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let mut prefix = rel.to_string_lossy().replace('\\', "/");
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Ok(Located { repo, prefix })
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Canonicalises the longest existing ancestor of `p` and appends the rest,
/// so a project folder that exists only in history can still be located.
fn canonical_lenient(p: &Path) -> PathBuf {
    let mut base = p.to_path_buf();
    let mut rest = Vec::new();
    while !base.exists() {
        match (base.file_name().map(|n| n.to_os_string()), base.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                base = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = canonical(&base);
    for n in rest.iter().rev() {
        out.push(n);
    }
    out
}

/// Resolves `rev` (branch, tag, commit id, `HEAD~2`, …) to a commit, with
/// `E0802` and a did-you-mean over branch and tag names when it does not exist.
pub fn resolve<'r>(
    repo: &'r git2::Repository,
    rev: &str,
) -> Result<git2::Commit<'r>, Box<Diagnostic>> {
    let unknown = || {
        let names = ref_names(repo);
        let help = match crate::diag::did_you_mean(rev, names.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`?"),
            None if names.is_empty() => {
                "the repository has no branches or tags yet; use a commit id".to_string()
            }
            None => {
                let shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
                format!(
                    "use a branch, tag or commit id: {}{}",
                    shown.join(", "),
                    if names.len() > 8 { ", …" } else { "" }
                )
            }
        };
        Box::new(Diagnostic::error("E0802", format!("unknown revision `{rev}`")).with_help(help))
    };
    let obj = repo.revparse_single(rev).map_err(|_| unknown())?;
    obj.peel_to_commit().map_err(|_| {
        Box::new(
            Diagnostic::error("E0802", format!("revision `{rev}` is not a commit"))
                .with_help("name a branch, a tag or a commit id"),
        )
    })
}

/// Short branch and tag names of a repository, sorted.
pub fn ref_names(repo: &git2::Repository) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(refs) = repo.references() {
        for r in refs.flatten() {
            let Some(name) = r.name() else { continue };
            for p in ["refs/heads/", "refs/tags/"] {
                if let Some(n) = name.strip_prefix(p) {
                    names.push(n.to_string());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The short form of a commit id (12 hex digits).
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Reads the project in `dir` as it was at `rev`: every file
/// [`classify`](crate::project::classify) accepts under the project's folder,
/// with project-relative paths. Nothing on disk is read or written.
///
/// Errors: `E0801` not in a repository, `E0802` unknown revision, `E0803` the
/// project's folder (or its `unet.toml`) does not exist at that revision.
pub fn files_at(dir: &Path, rev: &str) -> Result<FileSet, GitError> {
    let loc = locate(dir)?;
    let commit = resolve(&loc.repo, rev).map_err(GitError)?;
    let tree = commit.tree().map_err(|e| internal(&e))?;
    let id = commit.id().to_string();
    let shown = if loc.prefix.is_empty() {
        ".".to_string()
    } else {
        loc.prefix.trim_end_matches('/').to_string()
    };
    let missing = |what: String| {
        GitError::from(
            Diagnostic::error(
                "E0803",
                format!("{what} does not exist at revision `{rev}` ({})", short(&id)),
            )
            .with_help(
                "pick a revision where the project exists (`git log -- <project dir>` lists them)",
            ),
        )
    };
    let sub = if loc.prefix.is_empty() {
        tree
    } else {
        let entry = tree
            .get_path(Path::new(loc.prefix.trim_end_matches('/')))
            .map_err(|_| missing(format!("the project folder `{shown}`")))?;
        entry
            .to_object(&loc.repo)
            .and_then(|o| o.peel_to_tree())
            .map_err(|_| missing(format!("the project folder `{shown}`")))?
    };
    let mut set = tree_files(&loc.repo, &sub, "")?;
    set.provenance = Some(Provenance {
        commit: id.clone(),
        dirty: false,
        branch: None,
    });
    if !set.files.contains_key("unet.toml") {
        let at = if loc.prefix.is_empty() {
            "`unet.toml`".to_string()
        } else {
            format!("`{}unet.toml`", loc.prefix)
        };
        return Err(missing(at));
    }
    Ok(set)
}

/// Every file under `tree` that `classify` accepts (with `ns` prepended, e.g.
/// `corp:`), as a [`FileSet`].
pub(crate) fn tree_files(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    ns: &str,
) -> Result<FileSet, GitError> {
    let mut set = FileSet::default();
    let mut failed: Option<git2::Error> = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let Some(name) = entry.name() else {
            return git2::TreeWalkResult::Ok;
        };
        let path = format!("{ns}{root}{name}");
        // as `project::disk` does: hidden files and folders are not project files
        let hidden = root.split('/').chain([name]).any(|c| c.starts_with('.'));
        if hidden || classify(&path).is_none() {
            return git2::TreeWalkResult::Ok;
        }
        match repo.find_blob(entry.id()) {
            Ok(b) => set.insert(path, b.content().to_vec()),
            Err(e) => {
                failed = Some(e);
                return git2::TreeWalkResult::Abort;
            }
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| internal(&e))?;
    if let Some(e) = failed {
        return Err(internal(&e));
    }
    Ok(set)
}

fn internal(e: &git2::Error) -> GitError {
    Diagnostic::error(
        "E0801",
        format!("cannot read the git repository: {}", e.message()),
    )
    .with_help("check the repository with `git fsck`")
    .into()
}

/// Where a build came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    /// Full id of the commit `HEAD` points at.
    pub commit: String,
    /// True when a project input (unet.toml, unet.lock, inventory, policies,
    /// templates) in the work tree or index differs from that commit,
    /// untracked inputs included; other files (out/, live/, docs) do not count.
    pub dirty: bool,
    /// The branch checked out, `None` on a detached HEAD.
    pub branch: Option<String>,
}

/// The commit and cleanliness of the project in `dir`; `None` outside a git
/// repository or before the first commit.
pub fn provenance(dir: &Path) -> Option<Provenance> {
    let loc = locate(dir).ok()?;
    let head = loc.repo.head().ok()?;
    let commit = head.peel_to_commit().ok()?.id().to_string();
    let branch = if head.is_branch() {
        head.shorthand().map(str::to_string)
    } else {
        None
    };
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true);
    if !loc.prefix.is_empty() {
        opts.pathspec(&loc.prefix);
    }
    let dirty = match loc.repo.statuses(Some(&mut opts)) {
        Ok(st) => st.iter().any(|e| {
            let Some(rel) = e.path().and_then(|p| p.strip_prefix(loc.prefix.as_str())) else {
                return false;
            };
            let hidden = rel.split('/').any(|c| c.starts_with('.'));
            !hidden && classify(rel).is_some() && e.status() != git2::Status::CURRENT
        }),
        Err(_) => true,
    };
    Some(Provenance {
        commit,
        dirty,
        branch,
    })
}

#[cfg(test)]
mod tests;
