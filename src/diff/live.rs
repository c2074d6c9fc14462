//! Live sources of running configs: a directory, a git repository of backups
//! (as Oxidized / RANCID keep them), or SSH with the system OpenSSH client.
//!
//! This module is the I/O edge of the diff: it reads files, git objects and
//! runs `ssh`. It never decides what a failure means: every device gets a
//! [`Fetched`] whose `text` is the config or the reason it could not be read;
//! the CLI turns a reason into a `W0601` warning (one unreachable device
//! never aborts the run).
//!
//! * `dir`: `<path>/<node>.cfg` (or `<path>/<node>`), path relative to the project.
//! * `git`: a bare or normal repository, read at a revision straight from the
//!   object database (no checkout): the file `<node>` or `<node>.cfg`,
//!   directly under `subdir` or one group folder below it (`<group>/<node>`).
//! * `ssh`: `ssh -o BatchMode=yes -o ConnectTimeout=N [-p port] [-i key]
//!   [-l user] [-o option]… <mgmt_ip or name> <command>`; the command is
//!   `[live.ssh.commands] <vendor>`, else `[live.ssh] command`, else the
//!   syntax's default (`show running-config`, `show configuration | display
//!   set`). Each device has an overall timeout; at most `concurrency` run at once.

use crate::config::Syntax;
use crate::project::manifest::{LiveSection, SshSection};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A device whose running config is wanted.
#[derive(Clone, Debug)]
pub struct Target {
    pub node: String,
    pub vendor: Option<String>,
    /// Address to connect to over SSH (the node name when absent).
    pub host: Option<String>,
    pub syntax: Syntax,
}

/// What a source returned for one device.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub node: String,
    /// Where it came from: `live/sw1.cfg`, `git:HEAD:sw1.cfg`, `ssh:10.0.0.1`.
    pub origin: String,
    /// The config text, or why it could not be read.
    pub text: Result<String, String>,
}

/// A source of running configs.
#[derive(Clone, Debug)]
pub enum Source {
    Dir {
        root: PathBuf,
        display: String,
    },
    Git {
        repo: PathBuf,
        rev: String,
        subdir: String,
    },
    Ssh(SshSection),
}

impl Source {
    /// The source the manifest's `[live]` names (or `kind` overrides),
    /// with paths relative to the project root.
    pub fn from_manifest(
        live: &LiveSection,
        kind: Option<&str>,
        project_root: &Path,
    ) -> anyhow::Result<Source> {
        match kind.unwrap_or(&live.source) {
            "dir" => Ok(Source::Dir {
                root: project_root.join(&live.path),
                display: live.path.trim_end_matches('/').to_string(),
            }),
            "git" => {
                let Some(repo) = &live.repo else {
                    anyhow::bail!(
                        "the live source is `git` but `[live] repo` is not set in unet.toml"
                    );
                };
                let p = Path::new(repo.strip_prefix("file://").unwrap_or(repo));
                Ok(Source::Git {
                    repo: if p.is_absolute() {
                        p.to_path_buf()
                    } else {
                        project_root.join(p)
                    },
                    rev: live.rev.clone(),
                    subdir: live.subdir.trim_matches('/').to_string(),
                })
            }
            "ssh" => Ok(Source::Ssh(live.ssh.clone())),
            other => {
                anyhow::bail!("unknown live source `{other}` (expected `dir`, `git` or `ssh`)")
            }
        }
    }

    /// Fetches every target's running config, in target order. `Err` only
    /// when the source as a whole cannot be used (a git repository that does
    /// not open, an unknown revision).
    pub fn fetch(&self, targets: &[Target]) -> anyhow::Result<Vec<Fetched>> {
        match self {
            Source::Dir { root, display } => Ok(targets
                .iter()
                .map(|t| fetch_dir(root, display, t))
                .collect()),
            Source::Git { repo, rev, subdir } => fetch_git(repo, rev, subdir, targets),
            Source::Ssh(s) => Ok(fetch_ssh(s, targets)),
        }
    }
}

fn fetch_dir(root: &Path, display: &str, t: &Target) -> Fetched {
    for name in [format!("{}.cfg", t.node), t.node.clone()] {
        let p = root.join(&name);
        if p.is_file() {
            let text = std::fs::read(&p)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| format!("cannot read `{}`: {e}", p.display()));
            return Fetched {
                node: t.node.clone(),
                origin: format!("{display}/{name}"),
                text,
            };
        }
    }
    Fetched {
        node: t.node.clone(),
        origin: format!("{display}/{}.cfg", t.node),
        text: Err(format!("no file `{display}/{}.cfg`", t.node)),
    }
}

/// Reads backups from a git repository at `rev`, without a checkout.
pub fn fetch_git(
    repo: &Path,
    rev: &str,
    subdir: &str,
    targets: &[Target],
) -> anyhow::Result<Vec<Fetched>> {
    let r = git2::Repository::open(repo).map_err(|e| {
        anyhow::anyhow!(
            "cannot open the backups repository `{}`: {}",
            repo.display(),
            e.message()
        )
    })?;
    let obj = r.revparse_single(rev).map_err(|e| {
        anyhow::anyhow!(
            "unknown revision `{rev}` in `{}`: {}",
            repo.display(),
            e.message()
        )
    })?;
    let commit_tree = obj
        .peel_to_tree()
        .map_err(|e| anyhow::anyhow!("revision `{rev}` has no tree: {}", e.message()))?;
    let tree = if subdir.is_empty() {
        commit_tree
    } else {
        let entry = commit_tree.get_path(Path::new(subdir)).map_err(|_| {
            anyhow::anyhow!("no folder `{subdir}` in `{}` at `{rev}`", repo.display())
        })?;
        entry
            .to_object(&r)
            .and_then(|o| o.peel_to_tree())
            .map_err(|_| {
                anyhow::anyhow!(
                    "`{subdir}` is not a folder in `{}` at `{rev}`",
                    repo.display()
                )
            })?
    };
    // index: device name → path, from the top level and one group level down
    let mut index: BTreeMap<String, (String, git2::Oid)> = BTreeMap::new();
    let mut add = |name: &str, path: String, oid: git2::Oid| {
        let dev = name.strip_suffix(".cfg").unwrap_or(name).to_string();
        let top = !path.contains('/');
        match index.get(&dev) {
            Some((p, _)) if !p.contains('/') || !top => {}
            _ => {
                index.insert(dev, (path, oid));
            }
        }
    };
    for e in tree.iter() {
        let Some(name) = e.name() else { continue };
        match e.kind() {
            Some(git2::ObjectType::Blob) => add(name, name.to_string(), e.id()),
            Some(git2::ObjectType::Tree) => {
                if let Ok(sub) = r.find_tree(e.id()) {
                    for s in sub.iter() {
                        if let (Some(n), Some(git2::ObjectType::Blob)) = (s.name(), s.kind()) {
                            add(n, format!("{name}/{n}"), s.id());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let prefix = if subdir.is_empty() {
        String::new()
    } else {
        format!("{subdir}/")
    };
    Ok(targets
        .iter()
        .map(|t| match index.get(&t.node) {
            Some((path, oid)) => Fetched {
                node: t.node.clone(),
                origin: format!("git:{rev}:{prefix}{path}"),
                text: r
                    .find_blob(*oid)
                    .map(|b| String::from_utf8_lossy(b.content()).into_owned())
                    .map_err(|e| format!("cannot read `{prefix}{path}`: {}", e.message())),
            },
            None => Fetched {
                node: t.node.clone(),
                origin: format!("git:{rev}:{prefix}{}", t.node),
                text: Err(format!(
                    "no backup of `{}` in `{}` at `{rev}`",
                    t.node,
                    repo.display()
                )),
            },
        })
        .collect())
}

/// The command that prints a device's running config.
pub fn ssh_command(s: &SshSection, t: &Target) -> String {
    t.vendor
        .as_deref()
        .and_then(|v| s.commands.get(v))
        .or(s.command.as_ref())
        .cloned()
        .unwrap_or_else(|| t.syntax.rules().ssh_command.to_string())
}

/// The `ssh` argument list for a device.
pub fn ssh_args(s: &SshSection, t: &Target) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "-o".into(),
        "BatchMode=yes".into(),
        "-o".into(),
        format!("ConnectTimeout={}", s.timeout_s.clamp(1, 3600)),
        "-p".into(),
        s.port.to_string(),
    ];
    if let Some(k) = &s.key_file {
        a.push("-i".into());
        a.push(k.clone());
    }
    if let Some(u) = &s.user {
        a.push("-l".into());
        a.push(u.clone());
    }
    for o in &s.options {
        a.push("-o".into());
        a.push(o.clone());
    }
    a.push("--".into());
    a.push(t.host.clone().unwrap_or_else(|| t.node.clone()));
    a.push(ssh_command(s, t));
    a
}

/// Fetches over SSH, `concurrency` devices at a time.
pub fn fetch_ssh(s: &SshSection, targets: &[Target]) -> Vec<Fetched> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Fetched>>> = targets
        .iter()
        .map(|_| std::sync::Mutex::new(None))
        .collect();
    let workers = s.concurrency.clamp(1, 256).min(targets.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(t) = targets.get(i) else { break };
                let f = fetch_one_ssh(s, t);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(f);
                }
            });
        }
    });
    results
        .into_iter()
        .zip(targets)
        .map(|(m, t)| {
            m.into_inner().ok().flatten().unwrap_or_else(|| Fetched {
                node: t.node.clone(),
                origin: "ssh".into(),
                text: Err("worker failed".into()),
            })
        })
        .collect()
}

fn fetch_one_ssh(s: &SshSection, t: &Target) -> Fetched {
    let host = t.host.clone().unwrap_or_else(|| t.node.clone());
    let origin = format!("ssh:{host}");
    let fail = |msg: String| Fetched {
        node: t.node.clone(),
        origin: origin.clone(),
        text: Err(msg),
    };
    let mut child = match Command::new("ssh")
        .args(ssh_args(s, t))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return fail(format!("cannot run `ssh`: {e}")),
    };
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_end(&mut v);
        }
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_end(&mut v);
        }
        v
    });
    let deadline = Instant::now() + Duration::from_secs(s.timeout_s.max(1));
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => break None,
        }
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    match status {
        None => fail(format!("timed out after {} s", s.timeout_s)),
        Some(st) if st.code() == Some(255) => fail(format!("ssh to `{host}` failed: {last}")),
        Some(st) if !st.success() => fail(format!(
            "`{}` exited with {} on `{host}`: {last}",
            ssh_command(s, t),
            st.code().map_or("a signal".to_string(), |c| c.to_string())
        )),
        Some(_) => Fetched {
            node: t.node.clone(),
            origin,
            text: Ok(String::from_utf8_lossy(&stdout).into_owned()),
        },
    }
}
