//! `unet.toml`: the project manifest, with a documented default for every value.
//!
//! Codes: `E0001` TOML syntax, `E0002` unknown key (did-you-mean), `E0003`
//! wrong type or value, `E0004` missing required key.

use super::toml_tree::{self, Kind, TableReader};
use crate::diag::{Diagnostic, FileId, Span};
use std::collections::BTreeMap;

/// The whole manifest.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub project: ProjectSection,
    pub build: BuildSection,
    pub snmp: SnmpSection,
    pub live: LiveSection,
    pub facts: FactsSection,
    /// `[vendors.<vendor>]`, keyed by vendor name.
    pub vendors: BTreeMap<String, VendorSection>,
    /// `[dependencies]`: shared policy/template libraries from git.
    pub dependencies: BTreeMap<String, Dependency>,
}

/// `[project]`
#[derive(Clone, Debug, Default)]
pub struct ProjectSection {
    /// Project name (required).
    pub name: String,
    /// Default DNS domain for node FQDNs (default: none).
    pub domain: Option<String>,
}

/// `[build]`
#[derive(Clone, Debug)]
pub struct BuildSection {
    /// Output directory, relative to the project (default `out`).
    pub out: String,
    /// Fuel for each template render (default 100000): a runaway loop is an error.
    pub template_fuel: u64,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            out: "out".into(),
            template_fuel: 100_000,
        }
    }
}

/// `[snmp]`
#[derive(Clone, Debug)]
pub struct SnmpSection {
    /// `"2c"` (default) or `"3"`.
    pub version: String,
    /// Environment variable holding the v2c community (default `UNET_SNMP_COMMUNITY`).
    pub community_env: String,
    /// UDP port (default 161).
    pub port: u16,
    /// Per-request timeout (default 1000 ms).
    pub timeout_ms: u64,
    /// Retries after a timeout (default 1).
    pub retries: u32,
    /// Nodes polled at once (default 64).
    pub concurrency: usize,
    /// `[snmp.v3]`, required when version is "3".
    pub v3: Option<SnmpV3>,
}

impl Default for SnmpSection {
    fn default() -> Self {
        SnmpSection {
            version: "2c".into(),
            community_env: "UNET_SNMP_COMMUNITY".into(),
            port: 161,
            timeout_ms: 1000,
            retries: 1,
            concurrency: 64,
            v3: None,
        }
    }
}

/// `[snmp.v3]`: user-based security; passwords come from the environment.
#[derive(Clone, Debug, Default)]
pub struct SnmpV3 {
    pub user: String,
    /// `sha` (default), `sha256`, `md5`, …
    pub auth: String,
    pub auth_pass_env: String,
    /// `aes` (default, AES-128) or `des`.
    pub privacy: String,
    pub priv_pass_env: String,
}

/// `[live]`: where `diff --live` reads running configs.
#[derive(Clone, Debug)]
pub struct LiveSection {
    /// `dir` (default), `git` or `ssh`.
    pub source: String,
    /// For `dir`: directory of `<node>.cfg` files (default `live`).
    pub path: String,
    /// For `git`: path or URL of the backups repository.
    pub repo: Option<String>,
    /// For `git`: revision to read (default `HEAD`).
    pub rev: String,
    /// For `git`: folder inside the repo holding the files (default: root).
    pub subdir: String,
    pub ssh: SshSection,
}

impl Default for LiveSection {
    fn default() -> Self {
        LiveSection {
            source: "dir".into(),
            path: "live".into(),
            repo: None,
            rev: "HEAD".into(),
            subdir: String::new(),
            ssh: SshSection::default(),
        }
    }
}

/// `[live.ssh]`
#[derive(Clone, Debug)]
pub struct SshSection {
    /// Login user (default: the ssh config's / current user).
    pub user: Option<String>,
    /// Private key file (default: the ssh agent / ssh config).
    pub key_file: Option<String>,
    /// SSH port (default 22).
    pub port: u16,
    /// Command that prints the running config (default per vendor).
    pub command: Option<String>,
    /// Per-vendor commands, `[live.ssh.commands] juniper = "show configuration | display set"`.
    pub commands: BTreeMap<String, String>,
    /// Seconds before a device is given up (default 20).
    pub timeout_s: u64,
    /// Devices fetched at once (default 8).
    pub concurrency: usize,
    /// Extra `-o` options passed to ssh (e.g. `UserKnownHostsFile=…`).
    pub options: Vec<String>,
}

impl Default for SshSection {
    fn default() -> Self {
        SshSection {
            user: None,
            key_file: None,
            port: 22,
            command: None,
            commands: BTreeMap::new(),
            timeout_s: 20,
            concurrency: 8,
            options: Vec::new(),
        }
    }
}

/// `[facts]`
#[derive(Clone, Debug)]
pub struct FactsSection {
    /// Warn when unet.lock facts are older than this many days (default 30).
    pub max_age_days: u32,
}

impl Default for FactsSection {
    fn default() -> Self {
        FactsSection { max_age_days: 30 }
    }
}

/// `[vendors.<name>]`
#[derive(Clone, Debug, Default)]
pub struct VendorSection {
    /// Config syntax: ios | nxos | eos | iosxr | junos | junos-set.
    pub syntax: Option<String>,
}

/// `[dependencies] corp = { git = "…", rev = "v1.2" }`
#[derive(Clone, Debug)]
pub struct Dependency {
    pub git: String,
    pub rev: String,
    pub span: Span,
}

/// Known vendor names (shared with the inventory).
pub const VENDORS: &[&str] = &[
    "cisco", "juniper", "arista", "nokia", "huawei", "fortinet", "paloalto", "mikrotik", "linux",
    "generic",
];

/// Config syntaxes the slicer understands.
pub const SYNTAXES: &[&str] = &["ios", "nxos", "eos", "iosxr", "junos", "junos-set"];

/// Parses `unet.toml`. Returns the manifest (with defaults for what is
/// missing or broken) and every problem found.
pub fn parse(file: FileId, text: &str) -> (Manifest, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut m = Manifest::default();
    let root = match toml_tree::parse(file, text) {
        Ok(t) => t,
        Err(d) => return (m, vec![d]),
    };
    let mut r = TableReader::new(&root, "", &mut diags);
    let project = r.table("project");
    let build = r.table("build");
    let snmp = r.table("snmp");
    let live = r.table("live");
    let facts = r.table("facts");
    let vendors = r.table("vendors");
    let deps = r.table("dependencies");
    r.finish();

    match project {
        Some(t) => {
            let mut r = TableReader::new(t, "project", &mut diags);
            if let Some((n, _)) = r.string("name") {
                m.project.name = n;
            } else if t.get("name").is_none() {
                let key = root.key("project").map(|k| k.span).unwrap_or_default();
                r.diags.push(
                    Diagnostic::error("E0004", "`[project]` has no `name`")
                        .with_label(key, "this table needs `name = \"…\"`")
                        .with_help("add `name = \"my-network\"` under `[project]`"),
                );
            }
            m.project.domain = r.string("domain").map(|(s, _)| s);
            r.finish();
        }
        None => {
            if root.get("project").is_none() {
                diags.push(
                    Diagnostic::error("E0004", "`unet.toml` has no `[project]` table")
                        .with_label(Span::new(file, 0..0), "expected `[project]` here")
                        .with_help("start the manifest with `[project]` and `name = \"…\"`"),
                );
            }
        }
    }
    if let Some(t) = build {
        let mut r = TableReader::new(t, "build", &mut diags);
        if let Some((s, _)) = r.string("out") {
            m.build.out = s;
        }
        if let Some((n, _)) = r.int("template_fuel", 1000, i64::MAX) {
            m.build.template_fuel = n as u64;
        }
        r.finish();
    }
    if let Some(t) = snmp {
        let mut r = TableReader::new(t, "snmp", &mut diags);
        if let Some((v, _)) = r.choice("version", &["2c", "3"]) {
            m.snmp.version = v.to_string();
        }
        if let Some((s, _)) = r.string("community_env") {
            m.snmp.community_env = s;
        }
        if let Some((n, _)) = r.int("port", 1, 65535) {
            m.snmp.port = n as u16;
        }
        if let Some((n, _)) = r.int("timeout_ms", 1, 600_000) {
            m.snmp.timeout_ms = n as u64;
        }
        if let Some((n, _)) = r.int("retries", 0, 20) {
            m.snmp.retries = n as u32;
        }
        if let Some((n, _)) = r.int("concurrency", 1, 10_000) {
            m.snmp.concurrency = n as usize;
        }
        if let Some(v3) = r.table("v3") {
            let mut r = TableReader::new(v3, "snmp.v3", r.diags);
            let mut s = SnmpV3 {
                auth: "sha".into(),
                privacy: "aes".into(),
                ..Default::default()
            };
            s.user = r.string("user").map(|x| x.0).unwrap_or_default();
            if let Some((a, _)) = r.choice(
                "auth",
                &["md5", "sha", "sha224", "sha256", "sha384", "sha512"],
            ) {
                s.auth = a.into();
            }
            s.auth_pass_env = r.string("auth_pass_env").map(|x| x.0).unwrap_or_default();
            if let Some((p, _)) = r.choice("privacy", &["aes", "aes128", "des"]) {
                s.privacy = p.into();
            }
            s.priv_pass_env = r.string("priv_pass_env").map(|x| x.0).unwrap_or_default();
            r.finish();
            m.snmp.v3 = Some(s);
        }
        r.finish();
    }
    if let Some(t) = live {
        let mut r = TableReader::new(t, "live", &mut diags);
        if let Some((s, _)) = r.choice("source", &["dir", "git", "ssh"]) {
            m.live.source = s.into();
        }
        if let Some((s, _)) = r.string("path") {
            m.live.path = s;
        }
        m.live.repo = r.string("repo").map(|x| x.0);
        if let Some((s, _)) = r.string("rev") {
            m.live.rev = s;
        }
        if let Some((s, _)) = r.string("subdir") {
            m.live.subdir = s;
        }
        if let Some(ssh) = r.table("ssh") {
            let mut r = TableReader::new(ssh, "live.ssh", r.diags);
            let s = &mut m.live.ssh;
            s.user = r.string("user").map(|x| x.0);
            s.key_file = r.string("key_file").map(|x| x.0);
            if let Some((n, _)) = r.int("port", 1, 65535) {
                s.port = n as u16;
            }
            s.command = r.string("command").map(|x| x.0);
            if let Some((n, _)) = r.int("timeout_s", 1, 3600) {
                s.timeout_s = n as u64;
            }
            if let Some((n, _)) = r.int("concurrency", 1, 1000) {
                s.concurrency = n as usize;
            }
            if let Some(o) = r.string_list("options") {
                s.options = o.into_iter().map(|x| x.0).collect();
            }
            if let Some(cmds) = r.table("commands") {
                for (k, v) in &cmds.entries {
                    match &v.value {
                        Kind::Str(c) => {
                            s.commands.insert(k.name.clone(), c.clone());
                        }
                        other => r.diags.push(
                            Diagnostic::error(
                                "E0003",
                                format!(
                                    "`live.ssh.commands.{}` must be a string, found {}",
                                    k.name,
                                    other.type_name()
                                ),
                            )
                            .with_label(v.span, "expected a string")
                            .with_help("write the command as a quoted string"),
                        ),
                    }
                }
            }
            r.finish();
        }
        r.finish();
    }
    if let Some(t) = facts {
        let mut r = TableReader::new(t, "facts", &mut diags);
        if let Some((n, _)) = r.int("max_age_days", 0, 100_000) {
            m.facts.max_age_days = n as u32;
        }
        r.finish();
    }
    if let Some(t) = vendors {
        for (k, v) in &t.entries {
            if !VENDORS.contains(&k.name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "E0002",
                        format!("unknown vendor `{}` in `[vendors]`", k.name),
                    )
                    .with_label(k.span, "not a known vendor")
                    .with_help(crate::diag::unknown_name_help(
                        &k.name,
                        VENDORS.iter().copied(),
                    )),
                );
                continue;
            }
            let Kind::Table(vt) = &v.value else {
                diags.push(
                    Diagnostic::error("E0003", format!("`vendors.{}` must be a table", k.name))
                        .with_label(v.span, "expected a table")
                        .with_help(format!(
                            "write `[vendors.{}]` with `syntax = \"…\"`",
                            k.name
                        )),
                );
                continue;
            };
            let ctx = format!("vendors.{}", k.name);
            let mut r = TableReader::new(vt, ctx, &mut diags);
            let syntax = r.choice("syntax", SYNTAXES).map(|x| x.0.to_string());
            r.finish();
            m.vendors.insert(k.name.clone(), VendorSection { syntax });
        }
    }
    if let Some(t) = deps {
        for (k, v) in &t.entries {
            let Kind::Table(dt) = &v.value else {
                diags.push(
                    Diagnostic::error("E0003", format!("dependency `{}` must be a table", k.name))
                        .with_label(v.span, "expected `{ git = \"…\", rev = \"…\" }`")
                        .with_help(
                            "declare it as `name = { git = \"path or URL\", rev = \"tag\" }`",
                        ),
                );
                continue;
            };
            let ctx = format!("dependencies.{}", k.name);
            let mut r = TableReader::new(dt, ctx, &mut diags);
            let git = r.string("git");
            let rev = r.string("rev");
            r.finish();
            match git {
                Some((git, _)) => {
                    m.dependencies.insert(
                        k.name.clone(),
                        Dependency {
                            git,
                            rev: rev.map(|x| x.0).unwrap_or_else(|| "HEAD".into()),
                            span: k.span,
                        },
                    );
                }
                None => diags.push(
                    Diagnostic::error("E0004", format!("dependency `{}` has no `git`", k.name))
                        .with_label(v.span, "missing `git = \"…\"`")
                        .with_help("give the repository's path or URL with `git = \"…\"`"),
                ),
            }
        }
    }
    (m, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let (m, d) = parse(FileId(0), "[project]\nname = \"x\"\n[snmp]\nprot = 1\n");
        assert_eq!(m.project.name, "x");
        assert_eq!(m.build.out, "out");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0002");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `port`?"));
    }
}
