//! `unet.lock`: pinned dependencies and the SNMP facts snapshot.
//!
//! TOML, versioned (`version = 1`), sorted (every map is a `BTreeMap`,
//! interfaces by ifIndex), never holding a credential, written atomically
//! (`crate::output::write_atomic`). The file starts with a header comment
//! saying it is generated.
//!
//! Churn: the top-level `refreshed_at` is the only value a refresh that finds
//! nothing new changes. A node's `polled_at` is the time its facts as written
//! were first seen; `booted_at` is minute-rounded and kept when a re-poll
//! lands within two minutes of it. See `docs/lockfile.md`.

use crate::diag::{Diagnostic, FileId, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The lockfile format version this build writes and reads.
pub const LOCK_VERSION: u32 = 1;

const HEADER: &str = "# unet.lock — written by `unetc facts refresh` and `unetc update`.\n# Commit this file; do not edit it by hand.\n";

/// The whole lockfile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lockfile {
    pub version: u32,
    /// RFC 3339 UTC time of the last `unetc facts refresh` that polled at
    /// least one node. The only line a refresh that finds nothing new changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshed_at: Option<String>,
    /// Dependencies pinned to a commit, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dependencies: BTreeMap<String, PinnedDependency>,
    /// Facts per node, by node name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub nodes: BTreeMap<String, NodeFacts>,
}

/// A dependency resolved to a commit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedDependency {
    pub git: String,
    pub rev: String,
    pub commit: String,
}

/// What one device reported.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeFacts {
    /// RFC 3339 UTC time of the poll that first saw these facts: a re-poll
    /// that finds the same facts keeps it (so the file does not churn); see
    /// [`Lockfile::refreshed_at`] for when facts were last confirmed.
    pub polled_at: String,
    /// `ip:port` of the agent that answered.
    pub agent: String,
    /// True when the last refresh failed and these facts are from an earlier poll.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// Why the last refresh failed, when stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(default)]
    pub sys_descr: String,
    #[serde(default)]
    pub sys_object_id: String,
    #[serde(default)]
    pub sys_name: String,
    #[serde(default)]
    pub sys_contact: String,
    #[serde(default)]
    pub sys_location: String,
    /// Boot time derived from sysUpTime (minute precision), so that the
    /// lockfile does not churn on every poll.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub booted_at: String,
    /// Vendor derived from sysObjectID's enterprise number.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vendor: String,
    /// OS version parsed from sysDescr.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub os_version: String,
    /// Hardware model parsed from sysDescr, when it says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
}

/// One row of the interface table. `name` is ifName (ifDescr when the agent
/// has no ifName), `descr` is ifDescr when it differs from the name,
/// `speed_mbps` is ifHighSpeed (ifSpeed / 10^6 when ifHighSpeed is 0 or
/// missing), `mac` is ifPhysAddress as `aa:bb:cc:dd:ee:ff`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub index: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub descr: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alias: String,
    #[serde(default)]
    pub admin_status: String,
    #[serde(default)]
    pub oper_status: String,
    #[serde(default)]
    pub speed_mbps: u64,
    #[serde(default)]
    pub mtu: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mac: String,
}

impl NodeFacts {
    /// The facts as a [`crate::value::Value`] map (`facts.*` in policies and templates).
    pub fn to_value(&self) -> crate::value::Value {
        let mut v: crate::value::Value = serde_json::to_value(self)
            .ok()
            .and_then(|j| serde_json::from_value(j).ok())
            .unwrap_or_default();
        if let crate::value::Value::Map(m) = &mut v {
            m.entry("stale".into())
                .or_insert(crate::value::Value::Bool(self.stale));
            m.entry("interfaces".into())
                .or_insert(crate::value::Value::List(Vec::new()));
            m.insert(
                "interface_count".into(),
                crate::value::Value::Int(self.interfaces.len() as i64),
            );
        }
        v
    }
}

impl Lockfile {
    /// Serialises the lockfile: header comment, then sorted TOML.
    pub fn to_toml(&self) -> String {
        let mut me = self.clone();
        me.version = LOCK_VERSION;
        for n in me.nodes.values_mut() {
            n.interfaces.sort_by_key(|i| i.index);
        }
        let body = toml::to_string(&me).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// Parses `unet.lock`. A broken lockfile is an `E0701` error; a newer
    /// format version is `E0702`.
    pub fn parse(file: FileId, text: &str) -> (Lockfile, Vec<Diagnostic>) {
        match toml::from_str::<Lockfile>(text) {
            Ok(l) if l.version > LOCK_VERSION => {
                let at = text.find("version").unwrap_or(0);
                (
                    Lockfile::default(),
                    vec![Diagnostic::error(
                        "E0702",
                        format!("`unet.lock` has format version {}, newer than this unetc understands ({LOCK_VERSION})", l.version),
                    )
                    .with_label(Span::new(file, at..at + 7), "written by a newer unetc")
                    .with_help("upgrade unetc, or run `unetc facts refresh` to rewrite the lockfile")],
                )
            }
            Ok(l) => (l, Vec::new()),
            Err(e) => {
                let range = e.span().unwrap_or(0..0);
                let msg = e.message().lines().next().unwrap_or("invalid").to_string();
                (
                    Lockfile::default(),
                    vec![
                        Diagnostic::error("E0701", format!("`unet.lock` cannot be read: {msg}"))
                            .with_label(Span::new(file, range), msg)
                            .with_help(
                                "restore it from git, or run `unetc facts refresh` to rewrite it",
                            ),
                    ],
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_is_stable() {
        let mut l = Lockfile::default();
        l.nodes.insert(
            "sw1".into(),
            NodeFacts {
                polled_at: "2026-01-01T00:00:00Z".into(),
                agent: "127.0.0.1:161".into(),
                sys_descr: "Cisco IOS".into(),
                interfaces: vec![Interface {
                    index: 1,
                    name: "Gi1/0/1".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        );
        let text = l.to_toml();
        let (back, d) = Lockfile::parse(FileId(0), &text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(back.to_toml(), text);
    }
}
