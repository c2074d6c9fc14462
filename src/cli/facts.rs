//! `unetc facts`: `refresh` polls live nodes over SNMP and rewrites
//! `unet.lock`; `show` prints one node's facts; `list` prints a table of all.
//!
//! This is the only command that touches the network, and the place that
//! reads the clock and the credential environment variables (never printed,
//! never written). Exit codes of `refresh`: 0 when at least one node was
//! polled (or nothing needed polling), even if others failed (`W0701`
//! warnings); 1 when every node failed or the project has errors; 2 for
//! usage errors, including a missing credential variable (`E0703`).

use super::{DiagArgs, GlobalArgs, Outcome};
use crate::diag::{Diagnostic, Span};
use crate::facts::derive;
use crate::facts::poll::{self, Credentials, PollError, PollOptions, Target};
use crate::facts::{refresh, Lockfile, NodeFacts};
use crate::project::{self, Project};
use anyhow::Context;
use clap::{Args, Subcommand};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `unetc facts`.
#[derive(Args, Debug)]
pub struct FactsArgs {
    #[command(subcommand)]
    pub command: FactsCommand,
}

#[derive(Subcommand, Debug)]
pub enum FactsCommand {
    /// Poll every live node with a mgmt_ip over SNMP and rewrite unet.lock.
    ///
    /// Credentials come only from the environment variables unet.toml names
    /// (`[snmp] community_env`, `[snmp.v3] auth_pass_env` / `priv_pass_env`).
    /// A node that fails keeps its previous facts, marked stale.
    Refresh(RefreshArgs),
    /// Print the facts of one node: `unetc facts show [DIR] NODE`.
    Show(ShowArgs),
    /// Print a one-line summary of every node's facts.
    List(ListArgs),
}

#[derive(Args, Debug)]
pub struct RefreshArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only these nodes: a name glob (`ams1-*`), or `role=…`, `vendor=…`,
    /// `location=…`, `model=…`, `lifecycle=…`; `+` joins conditions, `,`
    /// alternatives (see `unetc check --help`).
    #[arg(long, value_name = "SELECTOR")]
    pub only: Option<String>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// `[DIR] NODE`: the project directory (default `.`) and the node name.
    #[arg(num_args = 1..=2, required = true, value_name = "DIR|NODE")]
    pub args: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// The project directory.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: FactsArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    match args.command {
        FactsCommand::Refresh(a) => run_refresh(a, g),
        FactsCommand::Show(a) => run_show(a),
        FactsCommand::List(a) => run_list(a),
    }
}

/// The current time as Unix seconds: `SOURCE_DATE_EPOCH` when set (for
/// reproducible output and tests), else the system clock.
pub fn now_secs() -> i64 {
    if let Some(s) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        return s;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The current time as RFC 3339, for `driver::Options::now`.
pub fn now_rfc3339() -> String {
    derive::format_rfc3339(now_secs())
}

fn load_project(dir: &std::path::Path) -> anyhow::Result<(PathBuf, Project, Vec<Diagnostic>)> {
    let root = project::disk::find_root(dir)?;
    let files = project::disk::read(&root)?;
    let (p, diags) = project::load(&files);
    let p = p.context("no `unet.toml` in the project")?;
    Ok((root, p, diags))
}

fn read_lock(p: &Project) -> (Lockfile, Vec<Diagnostic>) {
    match p.lock_file {
        Some(f) => Lockfile::parse(f, p.sources.text(f)),
        None => (Lockfile::default(), Vec::new()),
    }
}

/// The span of `key` in unet.toml (its value), or the file start.
fn manifest_span(p: &Project, key: &str) -> Span {
    let text = p.sources.text(p.manifest_file);
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let after = text[at + key.len()..].trim_start();
        if text[line_start..at].trim().is_empty() && after.starts_with('=') {
            let v = at + key.len() + (text[at + key.len()..].len() - after.len()) + 1;
            let v = v + (text[v..].len() - text[v..].trim_start().len());
            let end = text[v..].find('\n').map_or(text.len(), |e| v + e);
            return Span::new(p.manifest_file, v..end);
        }
        from = at + key.len();
    }
    Span::new(p.manifest_file, 0..0)
}

fn missing_env(p: &Project, key: &str, var: &str, what: &str) -> Diagnostic {
    Diagnostic::error("E0703", format!("the SNMP {what} is not available: environment variable `{var}` is not set"))
        .with_label(manifest_span(p, key), format!("`{var}` is read from the environment"))
        .with_help(format!("export {var}=… before `unetc facts refresh`; credentials are never read from files in the project"))
}

/// Reads the credentials from the environment variables the manifest names.
fn credentials(p: &Project) -> Result<Credentials, Vec<Diagnostic>> {
    let s = &p.manifest.snmp;
    let env = |v: &str| std::env::var(v).ok().filter(|x| !x.is_empty());
    if s.version != "3" {
        return match env(&s.community_env) {
            Some(community) => Ok(Credentials::V2c { community }),
            None => Err(vec![missing_env(
                p,
                "community_env",
                &s.community_env,
                "community",
            )]),
        };
    }
    let Some(v3) = &s.v3 else {
        return Err(vec![Diagnostic::error(
            "E0703",
            "SNMPv3 is selected but `[snmp.v3]` is missing",
        )
        .with_label(
            manifest_span(p, "version"),
            "`version = \"3\"` needs `[snmp.v3]`",
        )
        .with_help(
            "add `[snmp.v3]` with `user`, `auth_pass_env` and `priv_pass_env`",
        )]);
    };
    let mut errs = Vec::new();
    for (key, val) in [
        ("user", &v3.user),
        ("auth_pass_env", &v3.auth_pass_env),
        ("priv_pass_env", &v3.priv_pass_env),
    ] {
        if val.is_empty() {
            errs.push(
                Diagnostic::error("E0703", format!("`[snmp.v3]` has no `{key}`"))
                    .with_label(manifest_span(p, "version"), "SNMPv3 selected here")
                    .with_help(format!("add `{key} = \"…\"` under `[snmp.v3]`")),
            );
        }
    }
    let auth_pass = env(&v3.auth_pass_env);
    let priv_pass = env(&v3.priv_pass_env);
    if auth_pass.is_none() && !v3.auth_pass_env.is_empty() {
        errs.push(missing_env(
            p,
            "auth_pass_env",
            &v3.auth_pass_env,
            "v3 auth password",
        ));
    }
    if priv_pass.is_none() && !v3.priv_pass_env.is_empty() {
        errs.push(missing_env(
            p,
            "priv_pass_env",
            &v3.priv_pass_env,
            "v3 privacy password",
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    use snmp2::v3::{AuthProtocol, Cipher};
    let auth = match v3.auth.as_str() {
        "md5" => AuthProtocol::Md5,
        "sha224" => AuthProtocol::Sha224,
        "sha256" => AuthProtocol::Sha256,
        "sha384" => AuthProtocol::Sha384,
        "sha512" => AuthProtocol::Sha512,
        _ => AuthProtocol::Sha1,
    };
    let cipher = if v3.privacy == "des" {
        Cipher::Des
    } else {
        Cipher::Aes128
    };
    Ok(Credentials::V3 {
        user: v3.user.clone(),
        auth,
        auth_pass: auth_pass.unwrap_or_default(),
        cipher,
        priv_pass: priv_pass.unwrap_or_default(),
    })
}

fn help_for(e: &PollError) -> &'static str {
    match e {
        PollError::Timeout { v3: false, .. } => {
            "agents do not answer a wrong community: check the community, the ACL on the device and the path to `mgmt_ip`"
        }
        PollError::Timeout { v3: true, .. } => "check the v3 user and that the device is reachable on its `mgmt_ip`",
        PollError::Refused => "check `mgmt_ip` and the route to it, `[snmp] port`, and that the SNMP agent is enabled on the device",
        PollError::Unreachable(_) => "check `mgmt_ip` and the route to the management network",
        PollError::AuthFailure(_) => "check `[snmp.v3] user`, `auth`, `privacy` and the password variables",
        PollError::Protocol(_) => "check the agent; run `snmpwalk` against it to compare",
    }
}

fn run_refresh(a: RefreshArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let (root, p, mut diags) = load_project(&a.dir)?;
    let (inventory, d) = crate::inventory::load(&p);
    diags.extend(d);
    let (mut lock, d) = read_lock(&p);
    diags.extend(d);
    let render = |diags: &mut Vec<Diagnostic>| -> anyhow::Result<()> {
        crate::diag::sort(diags, &p.sources);
        let text = crate::diag::render(diags, &p.sources, a.diag.format, g.color_stderr());
        if a.diag.format == crate::diag::Format::Human {
            eprint!("{text}");
            Ok(())
        } else {
            super::print_stdout(&text)
        }
    };
    if diags.iter().any(Diagnostic::is_error) {
        render(&mut diags)?;
        if !g.quiet {
            eprintln!("facts refresh: fix the errors above first; `unet.lock` was not touched");
        }
        return Ok(Outcome::Failed);
    }
    let only = match &a.only {
        Some(sel) => match crate::inventory::select::Selector::parse(sel) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Outcome::Usage);
            }
        },
        None => None,
    };
    let creds = match credentials(&p) {
        Ok(c) => c,
        Err(errs) => {
            diags.extend(errs);
            render(&mut diags)?;
            return Ok(Outcome::Usage);
        }
    };
    let mut targets = Vec::new();
    let mut skipped = 0usize;
    for n in &inventory.nodes {
        if only.as_ref().is_some_and(|s| !s.matches(&inventory, n)) {
            continue;
        }
        match (n.lifecycle, n.mgmt_ip) {
            (Some("live"), Some(ip)) => targets.push(Target::new(
                n.name.clone(),
                SocketAddr::new(ip, p.manifest.snmp.port),
            )),
            _ => skipped += 1,
        }
    }
    let mut opts = PollOptions::new(creds);
    opts.timeout = Duration::from_millis(p.manifest.snmp.timeout_ms);
    opts.retries = p.manifest.snmp.retries;
    opts.concurrency = p.manifest.snmp.concurrency;

    let bar = (!g.quiet && std::io::stderr().is_terminal() && !targets.is_empty()).then(|| {
        let b = indicatif::ProgressBar::new(targets.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} polling [{bar:30}] {pos}/{len} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    });
    let failed_count = std::sync::atomic::AtomicUsize::new(0);
    let on_done = |r: &poll::PollResult| {
        if let Some(b) = &bar {
            b.inc(1);
            if r.outcome.is_err() {
                let f = failed_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                b.set_message(format!("{f} failed"));
            }
        }
    };
    let results = poll::poll_all(&targets, &opts, &on_done);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let known: BTreeSet<String> = inventory.node_names().map(str::to_string).collect();
    let prune = (a.only.is_none() && !known.is_empty()).then_some(&known);
    let had_facts: BTreeSet<String> = lock.nodes.keys().cloned().collect();
    let rep = refresh::merge(&mut lock, &results, now_secs(), prune);

    for (node, err) in &rep.failed {
        let Some(n) = inventory.node(node) else {
            continue;
        };
        let agent = results
            .iter()
            .find(|r| &r.node == node)
            .map(|r| r.agent.clone())
            .unwrap_or_default();
        let span = n.fields.get("mgmt_ip").copied().unwrap_or(n.span);
        let mut d = Diagnostic::warning(
            "W0701",
            format!("`{node}` could not be polled at {agent}: {err}"),
        )
        .with_label(span, "polled here")
        .with_help(help_for(err));
        d = d.with_note(if had_facts.contains(node) {
            "its previous facts are kept in `unet.lock`, marked stale"
        } else {
            "it has no facts in `unet.lock` yet"
        });
        diags.push(d);
    }
    let lock_path = root.join("unet.lock");
    let text = lock.to_toml();
    let wrote = std::fs::read(&lock_path).ok().as_deref() != Some(text.as_bytes());
    if wrote {
        crate::output::write_durable(&lock_path, text.as_bytes())?;
    }
    render(&mut diags)?;
    if !g.quiet {
        let mut line = format!(
            "facts refresh: `{}`: {} polled ({} changed, {} unchanged), {} failed, {} skipped (not live or no mgmt_ip)",
            p.manifest.project.name,
            rep.polled(),
            rep.changed.len(),
            rep.unchanged.len(),
            rep.failed.len(),
            skipped
        );
        if !rep.pruned.is_empty() {
            line += &format!(", {} removed (not in the inventory)", rep.pruned.len());
        }
        line += if wrote {
            "; wrote unet.lock"
        } else {
            "; unet.lock unchanged"
        };
        eprintln!("{line}");
        if targets.is_empty() {
            let why = if a.only.is_some() {
                " matches `--only`"
            } else {
                ""
            };
            eprintln!(
                "  note: nothing to poll: no node with `lifecycle = live` and a `mgmt_ip`{why}"
            );
        }
    }
    Ok(if !targets.is_empty() && rep.polled() == 0 {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// `[DIR] NODE` → (dir, node).
fn dir_and_node(args: &[String]) -> (PathBuf, String) {
    match args {
        [node] => (PathBuf::from("."), node.clone()),
        [dir, node, ..] => (PathBuf::from(dir), node.clone()),
        [] => (PathBuf::from("."), String::new()),
    }
}

fn run_show(a: ShowArgs) -> anyhow::Result<Outcome> {
    let (dir, node) = dir_and_node(&a.args);
    let (_, p, _) = load_project(&dir)?;
    let (lock, d) = read_lock(&p);
    if !d.is_empty() {
        eprint!(
            "{}",
            crate::diag::render(&d, &p.sources, crate::diag::Format::Human, false)
        );
        return Ok(Outcome::Failed);
    }
    let Some(f) = lock.nodes.get(&node) else {
        let help = crate::diag::unknown_name_help(&node, lock.nodes.keys().map(String::as_str));
        eprintln!("error: `unet.lock` has no facts for `{node}`\n  help: {help}");
        return Ok(Outcome::Failed);
    };
    if a.json {
        super::print_stdout(&(serde_json::to_string_pretty(f)? + "\n"))?;
    } else {
        super::print_stdout(&show_text(&node, f))?;
    }
    Ok(Outcome::Clean)
}

/// The text form of `facts show`.
pub fn show_text(node: &str, f: &NodeFacts) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let mut kv = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = writeln!(s, "{k:<14}{v}");
        }
    };
    kv("node", node);
    kv("agent", &f.agent);
    kv("polled at", &f.polled_at);
    if f.stale {
        kv(
            "STALE",
            f.last_error.as_deref().unwrap_or("the last refresh failed"),
        );
    }
    kv("vendor", &f.vendor);
    kv("model", &f.model);
    kv("os version", &f.os_version);
    kv("sysName", &f.sys_name);
    kv("sysObjectID", &f.sys_object_id);
    kv("sysContact", &f.sys_contact);
    kv("sysLocation", &f.sys_location);
    kv("booted at", &f.booted_at);
    kv(
        "sysDescr",
        &f.sys_descr
            .replace("\r\n", "\n")
            .replace('\n', "\n              "),
    );
    if !f.interfaces.is_empty() {
        let w = f
            .interfaces
            .iter()
            .map(|i| i.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(s, "\ninterfaces ({}):", f.interfaces.len());
        let _ = writeln!(
            s,
            "  {:>6}  {:<w$}  {:<5} {:<14} {:>8} {:>6}  {:<17}  alias",
            "index", "name", "admin", "oper", "mbps", "mtu", "mac"
        );
        for i in &f.interfaces {
            let row = format!(
                "  {:>6}  {:<w$}  {:<5} {:<14} {:>8} {:>6}  {:<17}  {}",
                i.index, i.name, i.admin_status, i.oper_status, i.speed_mbps, i.mtu, i.mac, i.alias
            );
            let _ = writeln!(s, "{}", row.trim_end());
        }
    }
    s
}

fn run_list(a: ListArgs) -> anyhow::Result<Outcome> {
    let (_, p, _) = load_project(&a.dir)?;
    let (lock, d) = read_lock(&p);
    if !d.is_empty() {
        eprint!(
            "{}",
            crate::diag::render(&d, &p.sources, crate::diag::Format::Human, false)
        );
        return Ok(Outcome::Failed);
    }
    if a.json {
        let rows: serde_json::Map<String, serde_json::Value> = lock
            .nodes
            .iter()
            .map(|(n, f)| {
                (
                    n.clone(),
                    serde_json::json!({
                        "vendor": f.vendor, "model": f.model, "os_version": f.os_version,
                        "polled_at": f.polled_at, "stale": f.stale, "interfaces": f.interfaces.len(),
                    }),
                )
            })
            .collect();
        super::print_stdout(&(serde_json::to_string_pretty(&rows)? + "\n"))?;
        return Ok(Outcome::Clean);
    }
    let w = lock.nodes.keys().map(String::len).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:<w$}  {:<9} {:<20} {:<14} {:>4}  {:<20}  state\n",
        "node", "vendor", "model", "os version", "ifs", "polled at"
    );
    for (n, f) in &lock.nodes {
        out += &format!(
            "{n:<w$}  {:<9} {:<20} {:<14} {:>4}  {:<20}  {}\n",
            f.vendor,
            f.model,
            f.os_version,
            f.interfaces.len(),
            f.polled_at,
            if f.stale { "stale" } else { "ok" }
        );
    }
    if let Some(r) = &lock.refreshed_at {
        out += &format!("\n{} nodes; last refresh {r}\n", lock.nodes.len());
    }
    super::print_stdout(&out)?;
    Ok(Outcome::Clean)
}
