//! `unetc init DIR`: scaffold a small working project.
//!
//! Writes `unet.toml`, an inventory (three locations, four nodes, three links,
//! as CSV), `policies/base.unet`, `templates/cisco/system.j2` and a
//! `.gitignore` for `out/`. The result passes `unetc check` as it is.
//!
//! Refuses (exit 2) when `DIR/unet.toml` already exists, unless `--force`;
//! with `--force` only the scaffold's own files are (re)written, nothing else
//! in the directory is touched. Every file is written atomically.

use super::{GlobalArgs, Outcome};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `unetc init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory to create the project in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The project name (default: the directory's name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Overwrite the scaffold's files in a directory that already holds a project.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let manifest = args.dir.join("unet.toml");
    if manifest.exists() && !args.force {
        eprintln!(
            "error: `{}` already exists: `{}` is a unetc project already\nhelp: pass `--force` to overwrite the scaffold's files, or choose another directory",
            manifest.display(),
            args.dir.display()
        );
        return Ok(Outcome::Usage);
    }
    let name = match &args.name {
        Some(n) => n.clone(),
        None => default_name(&args.dir),
    };
    for (path, text) in scaffold(&name) {
        crate::output::write_atomic(&args.dir.join(path), text.as_bytes())?;
    }
    if !g.quiet {
        eprintln!(
            "created project `{name}` in `{}`\nnext: run `unetc check {}`",
            args.dir.display(),
            args.dir.display()
        );
    }
    Ok(Outcome::Clean)
}

/// The project name from the directory's name (`.` → the current directory's).
fn default_name(dir: &Path) -> String {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let base = abs
        .components()
        .rev()
        .find_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .unwrap_or_default();
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim_matches('-').to_string();
    if clean.is_empty() {
        "network".into()
    } else {
        clean
    }
}

/// The scaffold's files: project-relative path and content.
pub fn scaffold(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("unet.toml", MANIFEST.replace("{name}", &toml_escape(name))),
        ("inventory/locations.csv", LOCATIONS.to_string()),
        ("inventory/nodes.csv", NODES.to_string()),
        ("inventory/links.csv", LINKS.to_string()),
        ("policies/base.unet", POLICY.to_string()),
        ("templates/cisco/system.j2", TEMPLATE.to_string()),
        (".gitignore", "out/\n".to_string()),
    ]
}

fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

const MANIFEST: &str = r#"# unetc project manifest. Every key has a default; see the README for all of them.
[project]
name = "{name}"
domain = "example.net"          # default domain for node FQDNs

[build]
out = "out"                     # build output (git-ignored)

[snmp]                          # used by `unetc facts refresh`
version = "2c"
community_env = "UNET_SNMP_COMMUNITY"   # the community comes from the environment

[live]
source = "dir"                  # running configs in live/<node>.cfg for `unetc diff --live`

[vendors.cisco]
syntax = "ios"

[vendors.arista]
syntax = "eos"
"#;

const LOCATIONS: &str = "\
name,parent,kind,address
europe,,region,
lab1,europe,site,\"1 Example Street, Amsterdam\"
lab1-r1,lab1,rack,
";

const NODES: &str = "\
name,vendor,model,role,lifecycle,location,mgmt_ip,os_version,custom.bgp.asn
lab1-rtr-01,cisco,ISR4451,router,live,lab1-r1,192.0.2.1,17.9.4,65000
lab1-rtr-02,cisco,ISR4451,router,live,lab1-r1,192.0.2.2,17.9.4,65000
lab1-sw-01,arista,DCS-7050SX3-48YC8,switch,live,lab1-r1,192.0.2.11,4.30.4M,
lab1-sw-02,cisco,C9300-48P,switch,planned,lab1-r1,192.0.2.12,17.9.4,
";

const LINKS: &str = "\
a_node,a_interface,z_node,z_interface,bandwidth_mbps,mtu,description,a_ip,z_ip
lab1-rtr-01,GigabitEthernet0/0/1,lab1-rtr-02,GigabitEthernet0/0/1,1000,,router interconnect,10.0.0.0/31,10.0.0.1/31
lab1-rtr-01,TenGigabitEthernet0/1/0,lab1-sw-01,Ethernet49/1,10000,9216,uplink,,
lab1-sw-01,Ethernet1,lab1-sw-02,TenGigabitEthernet1/1/1,10000,,access uplink,,
";

const POLICY: &str = r#"# The policy program: rules are evaluated per node, in file order.
# WHEN <condition> THEN <action>; actions are ASSERT, SET and APPLY.

# Every live Cisco device runs the approved IOS-XE release.
WHEN node.vendor == "cisco" AND node.lifecycle == "live"
THEN ASSERT node.os_version IS "17.9.4"

# Time and logging servers for every node (templates read custom_data).
WHEN node.lifecycle IN ["live", "implementing"]
THEN SET custom_data.ntp.servers TO ["192.0.2.123", "198.51.100.123"]

WHEN node.role == "router"
THEN SET custom_data.snmp.location TO "lab1 rack 1"

# Cisco devices get the system section from a template.
WHEN node.vendor == "cisco"
THEN APPLY "templates/cisco/system.j2"
"#;

const TEMPLATE: &str = r#"{#- template-match: /^(hostname|ntp) / #}
{# The system section of a Cisco device: the lines this template owns are the
   ones its header matches. Blocks eat their own line end (trim_blocks). #}
hostname {{ node.name }}
{% if custom_data.ntp is defined and custom_data.ntp.servers is defined %}
{% for server in custom_data.ntp.servers %}
ntp server {{ server }}
{% endfor %}
{% endif %}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_directory() {
        assert_eq!(default_name(Path::new("/tmp/my lab")), "my-lab");
        assert_eq!(default_name(Path::new("/tmp/campus/")), "campus");
    }

    #[test]
    fn the_scaffold_is_a_project_that_loads_cleanly() {
        let mut files = crate::project::FileSet::default();
        for (p, t) in scaffold("lab") {
            files.insert(p, t.into_bytes());
        }
        let comp = crate::driver::compile(&files, &Default::default()).unwrap();
        assert!(comp.diagnostics.is_empty(), "{:?}", comp.diagnostics);
        assert_eq!(comp.project.manifest.project.name, "lab");
    }
}
