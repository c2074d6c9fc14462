//! `[dependencies]`: shared policy and template libraries from git.
//!
//! `corp = { git = "URL or path", rev = "tag/branch/commit" }` in unet.toml is
//! resolved to a commit, pinned in `unet.lock` (`[dependencies.corp]` with
//! `git`, `rev`, `commit`), fetched into a cache and read from there. Its
//! `policies/**.unet` and `templates/**.j2` join the project's [`FileSet`]
//! under a `corp:` prefix (`corp:templates/ntp.j2`).
//!
//! The cache (`$UNETC_CACHE_DIR`, else `$XDG_CACHE_HOME/unetc`, else
//! `~/.cache/unetc`) holds one bare repository per source under
//! `git/<hash>-<name>.git`, where the hash is of the source's URL (or the
//! absolute path of a local repository). A pinned commit that the cache
//! holds needs no fetch: after the first run everything works offline.
//! Local paths (relative to the project) and `file://` URLs are fetched with
//! git2's local transport; a network URL is only contacted because the user
//! wrote it in unet.toml.
//!
//! Pins: a dependency with no pin, or whose pin names another `git`/`rev`
//! than unet.toml, is resolved and pinned by check/build/diff
//! ([`PinMode::Write`]), is an `E0806` error under `--locked`
//! ([`PinMode::Locked`]), and is resolved without writing for a project read
//! at a revision ([`PinMode::ReadOnly`]). `unetc update` moves pins
//! ([`update`]).
//!
//! Codes: `E0801` the path is not a git repository, `E0802` unknown `rev`,
//! `E0803` the dependency has no policies or templates, `E0804` unreachable
//! with no cache, `E0805` pinned commit missing, `E0806` pin missing or out
//! of date under `--locked`, `E0807` invalid dependency name. All point at
//! the dependency's key in unet.toml.

use super::{short, tree_files};
use crate::diag::{Diagnostic, FileId};
use crate::facts::lock::{Lockfile, PinnedDependency};
use crate::project::manifest::{self, Dependency};
use crate::project::FileSet;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to do about dependencies that are not pinned (or pinned to another
/// `git`/`rev` than unet.toml names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinMode {
    /// Resolve them and write the new pins to `<project>/unet.lock` (check, build, diff).
    Write,
    /// Resolve them for this run only (a project read at a revision).
    ReadOnly,
    /// Refuse: `E0806` (`--locked`, for CI).
    Locked,
}

/// Where dependencies come from and go.
#[derive(Clone, Debug)]
pub struct DepOptions {
    /// The project's directory on disk: relative `git` paths start there and
    /// `unet.lock` is written there.
    pub project_dir: PathBuf,
    /// The cache root (see [`default_cache_dir`]).
    pub cache_dir: PathBuf,
    pub mode: PinMode,
}

/// The cache root: `$UNETC_CACHE_DIR`, else `$XDG_CACHE_HOME/unetc`, else
/// `$HOME/.cache/unetc`, else `.unetc-cache` in the current directory.
pub fn default_cache_dir() -> PathBuf {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = env("UNETC_CACHE_DIR") {
        return d;
    }
    if let Some(d) = env("XDG_CACHE_HOME") {
        return d.join("unetc");
    }
    if let Some(d) = env("HOME") {
        return d.join(".cache").join("unetc");
    }
    PathBuf::from(".unetc-cache")
}

/// A pin that a run created or moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinChange {
    pub name: String,
    /// The previous commit, `None` for a new pin.
    pub old: Option<String>,
    pub new: PinnedDependency,
}

/// Reads every dependency into `files` (namespaced), pinning as `opts.mode`
/// says, and returns the extended set with the dependency diagnostics (they
/// point into `unet.toml`, which is always `FileId(0)` in the project's
/// source map). New pins are announced on stderr. `Err` only for I/O
/// failures writing `unet.lock`.
pub fn with_dependencies(
    files: FileSet,
    opts: &DepOptions,
) -> anyhow::Result<(FileSet, Vec<Diagnostic>)> {
    let (files, diags, changes) = resolve_all(files, opts)?;
    for c in &changes {
        eprintln!(
            "note: pinned dependency `{}` ({} `{}`) at {} in unet.lock",
            c.name,
            c.new.git,
            c.new.rev,
            short(&c.new.commit)
        );
    }
    Ok((files, diags))
}

/// [`with_dependencies`] without printing: also returns the pins written.
pub fn resolve_all(
    mut files: FileSet,
    opts: &DepOptions,
) -> anyhow::Result<(FileSet, Vec<Diagnostic>, Vec<PinChange>)> {
    let Some(text) = files
        .files
        .get("unet.toml")
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return Ok((files, Vec::new(), Vec::new()));
    };
    let (m, _) = manifest::parse(FileId(0), text.trim_start_matches('\u{feff}'));
    if m.dependencies.is_empty() {
        return Ok((files, Vec::new(), Vec::new()));
    }
    let lock_text = files
        .files
        .get("unet.lock")
        .map(|b| String::from_utf8_lossy(b).into_owned());
    let (lock, lock_ok) = match &lock_text {
        Some(t) => {
            let (l, d) = Lockfile::parse(FileId(1), t);
            (l, d.is_empty())
        }
        None => (Lockfile::default(), true),
    };
    let mut diags = Vec::new();
    let mut changes = Vec::new();
    for (name, dep) in &m.dependencies {
        if let Err(d) = check_name(name, dep) {
            diags.push(*d);
            continue;
        }
        let pin = lock.dependencies.get(name);
        let current = pin.filter(|p| p.git == dep.git && p.rev == dep.rev);
        let result = match current {
            Some(p) => use_pin(name, dep, p, opts),
            None if opts.mode == PinMode::Locked => Err(not_pinned(name, dep, pin)),
            None => resolve_fresh(name, dep, opts).map(|(repo, commit)| {
                let new = PinnedDependency {
                    git: dep.git.clone(),
                    rev: dep.rev.clone(),
                    commit: commit.clone(),
                };
                changes.push(PinChange {
                    name: name.clone(),
                    old: pin.map(|p| p.commit.clone()),
                    new,
                });
                (repo, commit)
            }),
        };
        match result {
            Ok((repo, commit)) => match read_dependency(name, dep, &repo, &commit) {
                Ok(set) => files.files.extend(set.files),
                Err(d) => diags.push(*d),
            },
            Err(d) => diags.push(*d),
        }
    }
    if opts.mode == PinMode::Write && !changes.is_empty() && lock_ok {
        let mut lock = lock;
        for c in &changes {
            lock.dependencies.insert(c.name.clone(), c.new.clone());
        }
        let text = lock.to_toml();
        crate::output::write_durable(&opts.project_dir.join("unet.lock"), text.as_bytes())?;
        files.insert("unet.lock", text.into_bytes());
    } else if opts.mode == PinMode::Write {
        changes.clear();
    }
    Ok((files, diags, changes))
}

/// Dependency names become path prefixes (`corp:`): letters, digits, `-`, `_`.
fn check_name(name: &str, dep: &Dependency) -> Result<(), Box<Diagnostic>> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        return Ok(());
    }
    let suggestion: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Err(Box::new(
        Diagnostic::error("E0807", format!("invalid dependency name `{name}`"))
            .with_label(
                dep.span,
                "used as a prefix in paths like `name:templates/x.j2`",
            )
            .with_help(format!(
                "use only letters, digits, `-` and `_`, e.g. `{}`",
                if suggestion.is_empty() {
                    "corp"
                } else {
                    &suggestion
                }
            )),
    ))
}

fn not_pinned(name: &str, dep: &Dependency, pin: Option<&PinnedDependency>) -> Box<Diagnostic> {
    let (msg, label) = match pin {
        None => (
            format!("dependency `{name}` is not pinned in unet.lock"),
            "no pin for this dependency".to_string(),
        ),
        Some(p) => (
            format!("the pin of dependency `{name}` in unet.lock is out of date"),
            if p.git != dep.git {
                format!(
                    "unet.lock pins it from `{}`, unet.toml now says `{}`",
                    p.git, dep.git
                )
            } else {
                format!(
                    "unet.lock pins rev `{}`, unet.toml now says `{}`",
                    p.rev, dep.rev
                )
            },
        ),
    };
    Box::new(
        Diagnostic::error("E0806", msg)
            .with_label(dep.span, label)
            .with_help(format!(
                "run `unetc update . {name}` and commit unet.lock, or run without `--locked`"
            )),
    )
}

/// Where a dependency comes from.
#[derive(Clone, Debug)]
pub struct Source {
    /// What libgit2 fetches from: the URL, or the absolute local path.
    pub fetch_url: String,
    /// A local repository path (for a better error when it is missing).
    pub local: Option<PathBuf>,
    /// The cache repository.
    pub cache: PathBuf,
}

/// The source of `git` (a URL, a `file://` URL, or a path relative to the project).
pub fn source(git: &str, opts: &DepOptions) -> Source {
    let (fetch_url, local) = if let Some(rest) = git.strip_prefix("file://") {
        (git.to_string(), Some(PathBuf::from(rest)))
    } else if git.contains("://") || is_scp_like(git) {
        (git.to_string(), None)
    } else {
        // Lexically normalised (not canonicalised), so that the cache key
        // stays the same when the source repository is gone (offline use).
        let p = Path::new(git);
        let abs = if p.is_absolute() {
            p.to_path_buf()
        } else {
            super::canonical(&super::absolute(&opts.project_dir)).join(p)
        };
        let abs = normalize(&abs);
        (abs.to_string_lossy().into_owned(), Some(abs))
    };
    let hash = Sha256::digest(fetch_url.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let base = fetch_url
        .trim_end_matches('/')
        .rsplit(['/', ':', '\\'])
        .next()
        .unwrap_or("repo")
        .trim_end_matches(".git");
    let base: String = base
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let cache = opts.cache_dir.join("git").join(format!("{hex}-{base}.git"));
    Source {
        fetch_url,
        local,
        cache,
    }
}

/// Resolves `.` and `..` components without touching the filesystem.
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `user@host:path` (scp-like ssh syntax).
fn is_scp_like(s: &str) -> bool {
    match s.split_once(':') {
        Some((a, b)) => a.contains('@') && !a.contains('/') && !b.is_empty(),
        None => false,
    }
}

/// Fetches every branch and tag of `src` into its cache repository
/// (created on first use) and points the cache's HEAD at the source's
/// default branch. `Err` holds the diagnostic for an unreachable source or
/// a path that is not a repository.
pub fn fetch(
    src: &Source,
    name: &str,
    dep: &Dependency,
) -> Result<git2::Repository, Box<Diagnostic>> {
    if let Some(p) = &src.local {
        if !p.exists() {
            return Err(unreachable(name, dep, src, "no such file or directory"));
        }
        if git2::Repository::open(p).is_err() {
            return Err(Box::new(
                Diagnostic::error(
                    "E0801",
                    format!("dependency `{name}`: `{}` is not a git repository", dep.git),
                )
                .with_label(dep.span, "`git` must name a git repository")
                .with_help("point `git` at a repository (a clone or a bare repository), or a `file://` or network URL"),
            ));
        }
    }
    let fresh = !src.cache.exists();
    let repo = match git2::Repository::open_bare(&src.cache) {
        Ok(r) => r,
        Err(_) => {
            if let Some(parent) = src.cache.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            git2::Repository::init_bare(&src.cache).map_err(|e| {
                unreachable(
                    name,
                    dep,
                    src,
                    &format!("cannot create the cache: {}", e.message()),
                )
            })?
        }
    };
    let result = (|| -> Result<(), git2::Error> {
        let mut remote = repo.remote_anonymous(&src.fetch_url)?;
        remote.connect(git2::Direction::Fetch)?;
        let default = remote
            .default_branch()
            .ok()
            .and_then(|b| b.as_str().map(str::to_string));
        remote.disconnect()?;
        let mut fo = git2::FetchOptions::new();
        fo.download_tags(git2::AutotagOption::All);
        remote.fetch(
            &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
            Some(&mut fo),
            None,
        )?;
        if let Some(d) = default {
            repo.set_head(&d)?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(repo),
        Err(e) => {
            drop(repo);
            if fresh {
                let _ = std::fs::remove_dir_all(&src.cache);
            }
            Err(unreachable(name, dep, src, e.message()))
        }
    }
}

fn unreachable(name: &str, dep: &Dependency, src: &Source, why: &str) -> Box<Diagnostic> {
    let cached = src.cache.exists();
    let why = why.trim_end_matches('.');
    Box::new(
        Diagnostic::error(
            "E0804",
            format!("dependency `{name}` is unreachable: `{}`: {why}", dep.git),
        )
        .with_label(
            dep.span,
            if cached {
                "cannot fetch this dependency"
            } else {
                "cannot fetch this dependency, and it is not in the cache"
            },
        )
        .with_help(
            "check `git` (a path is relative to the project); once fetched, a pinned dependency works offline",
        ),
    )
}

fn has_commit(repo: &git2::Repository, commit: &str) -> bool {
    git2::Oid::from_str(commit)
        .ok()
        .and_then(|o| repo.find_commit(o).ok())
        .is_some()
}

/// A pin that matches unet.toml: served from the cache when it holds the
/// commit (no fetch), otherwise fetched once.
fn use_pin(
    name: &str,
    dep: &Dependency,
    pin: &PinnedDependency,
    opts: &DepOptions,
) -> Result<(git2::Repository, String), Box<Diagnostic>> {
    let src = source(&dep.git, opts);
    if let Ok(repo) = git2::Repository::open_bare(&src.cache) {
        if has_commit(&repo, &pin.commit) {
            return Ok((repo, pin.commit.clone()));
        }
    }
    let had_cache = src.cache.exists();
    let repo = match fetch(&src, name, dep) {
        Ok(r) => r,
        Err(d) if d.code == "E0804" && had_cache => {
            return Err(pin_missing(
                name,
                dep,
                pin,
                "it is not in the cache and the repository is unreachable",
            ));
        }
        Err(d) => return Err(d),
    };
    if has_commit(&repo, &pin.commit) {
        Ok((repo, pin.commit.clone()))
    } else {
        Err(pin_missing(
            name,
            dep,
            pin,
            "the repository does not have it (history rewritten?)",
        ))
    }
}

fn pin_missing(name: &str, dep: &Dependency, pin: &PinnedDependency, why: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            "E0805",
            format!(
                "pinned commit {} of dependency `{name}` is missing: {why}",
                short(&pin.commit)
            ),
        )
        .with_label(
            dep.span,
            format!("unet.lock pins this dependency at {}", short(&pin.commit)),
        )
        .with_help(format!(
            "run `unetc update . {name}` to pin what `{}` resolves to now",
            dep.rev
        )),
    )
}

/// Fetches (falling back to the cache when the source is unreachable) and
/// resolves `dep.rev`.
fn resolve_fresh(
    name: &str,
    dep: &Dependency,
    opts: &DepOptions,
) -> Result<(git2::Repository, String), Box<Diagnostic>> {
    let src = source(&dep.git, opts);
    let repo = match fetch(&src, name, dep) {
        Ok(r) => r,
        Err(d) if d.code == "E0804" => match git2::Repository::open_bare(&src.cache) {
            Ok(r) => r,
            Err(_) => return Err(d),
        },
        Err(d) => return Err(d),
    };
    let commit = resolve_rev(&repo, name, dep)?;
    Ok((repo, commit))
}

/// `dep.rev` in the cache repository → a commit id (`E0802` with did-you-mean).
fn resolve_rev(
    repo: &git2::Repository,
    name: &str,
    dep: &Dependency,
) -> Result<String, Box<Diagnostic>> {
    match super::resolve(repo, &dep.rev) {
        Ok(c) => Ok(c.id().to_string()),
        Err(d) => {
            let mut d = *d;
            d.message = format!("dependency `{name}`: {}", d.message);
            d = d.with_label(
                dep.span,
                format!("`{}` has no revision `{}`", dep.git, dep.rev),
            );
            Err(Box::new(d))
        }
    }
}

/// The dependency's policies and templates at `commit`, namespaced.
fn read_dependency(
    name: &str,
    dep: &Dependency,
    repo: &git2::Repository,
    commit: &str,
) -> Result<FileSet, Box<Diagnostic>> {
    let tree = git2::Oid::from_str(commit)
        .and_then(|o| repo.find_commit(o))
        .and_then(|c| c.tree())
        .map_err(|e| {
            Box::new(
                Diagnostic::error(
                    "E0805",
                    format!(
                        "dependency `{name}`: cannot read commit {}: {}",
                        short(commit),
                        e.message()
                    ),
                )
                .with_label(dep.span, "this dependency")
                .with_help("delete the cache entry and run `unetc update`"),
            )
        })?;
    let set = tree_files(repo, &tree, &format!("{name}:")).map_err(|e| e.0)?;
    if set.files.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                "E0803",
                format!(
                    "dependency `{name}` has no `policies/*.unet` or `templates/*.j2` at `{}` ({})",
                    dep.rev,
                    short(commit)
                ),
            )
            .with_label(dep.span, "this dependency provides nothing")
            .with_help(
                "a dependency is a repository with `policies/` and/or `templates/` at its root",
            ),
        ));
    }
    Ok(set)
}

/// `unetc update`: fetches the named dependencies (all when `names` is
/// empty), resolves what unet.toml's `rev` names now and returns the new
/// lockfile dependency table, the pins that moved (old commit → new) and the
/// diagnostics. Pins of dependencies no longer in unet.toml are dropped when
/// every dependency is updated.
pub fn update(
    m: &manifest::Manifest,
    lock: &Lockfile,
    names: &[String],
    opts: &DepOptions,
) -> (
    BTreeMap<String, PinnedDependency>,
    Vec<PinChange>,
    Vec<Diagnostic>,
) {
    let mut pins = lock.dependencies.clone();
    if names.is_empty() {
        pins.retain(|k, _| m.dependencies.contains_key(k));
    }
    let mut changes = Vec::new();
    let mut diags = Vec::new();
    for (name, dep) in &m.dependencies {
        if !names.is_empty() && !names.contains(name) {
            continue;
        }
        if let Err(d) = check_name(name, dep) {
            diags.push(*d);
            continue;
        }
        let src = source(&dep.git, opts);
        let repo = match fetch(&src, name, dep) {
            Ok(r) => r,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let commit = match resolve_rev(&repo, name, dep) {
            Ok(c) => c,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let new = PinnedDependency {
            git: dep.git.clone(),
            rev: dep.rev.clone(),
            commit,
        };
        let old = pins.get(name);
        if old != Some(&new) {
            changes.push(PinChange {
                name: name.clone(),
                old: old.map(|p| p.commit.clone()),
                new: new.clone(),
            });
        }
        pins.insert(name.clone(), new);
    }
    (pins, changes, diags)
}
