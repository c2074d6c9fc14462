//! The per-node template context (DESIGN.md §4): `node`, `location`, `links`,
//! `facts`, `custom_data`, `project`.
//!
//! Input: the inventory, the lockfile and a node's [`NodeEval`]. Output: one
//! MiniJinja map value per node. What is the same for many nodes (project,
//! locations) is built once in [`Shared`] and shared by reference count, so
//! 10,000 contexts cost little more than their own data.

use crate::facts::Lockfile;
use crate::inventory::{Inventory, LinkEnd, Node};
use crate::policy::NodeEval;
use crate::value::Value;
use minijinja::Value as MjValue;
use std::collections::{BTreeMap, HashMap};

/// Converts a [`Value`] into a MiniJinja value.
pub fn to_mj(v: &Value) -> MjValue {
    match v {
        Value::Null => MjValue::from(()),
        Value::Bool(b) => MjValue::from(*b),
        Value::Int(i) => MjValue::from(*i),
        Value::Float(f) => MjValue::from(*f),
        Value::Str(s) => MjValue::from(s.as_str()),
        Value::List(l) => MjValue::from(l.iter().map(to_mj).collect::<Vec<_>>()),
        Value::Map(m) => MjValue::from(
            m.iter()
                .map(|(k, v)| (k.as_str(), to_mj(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
    }
}

/// What every node's context shares: `project` and the location values.
pub struct Shared {
    project: MjValue,
    locations: HashMap<String, MjValue>,
    /// Per node: what a link's `peer` shows of it.
    peers: HashMap<String, MjValue>,
    domain: Option<String>,
    empty_map: MjValue,
}

impl Shared {
    /// Builds the shared parts once per run.
    pub fn new(project_name: &str, domain: Option<&str>, inventory: &Inventory) -> Shared {
        let project = MjValue::from(BTreeMap::from([
            ("name", MjValue::from(project_name)),
            ("domain", domain.map_or(MjValue::from(()), MjValue::from)),
        ]));
        let locations = inventory
            .locations
            .iter()
            .map(|l| (l.name.clone(), location_value(inventory, &l.name)))
            .collect();
        let peers = inventory
            .nodes
            .iter()
            .map(|n| (n.name.clone(), peer_value(n, domain)))
            .collect();
        Shared {
            project,
            locations,
            peers,
            domain: domain.map(str::to_string),
            empty_map: MjValue::from(BTreeMap::<String, MjValue>::new()),
        }
    }
}

/// `location`: the location's fields, `path` (names, root first),
/// `ancestors` (each ancestor's name, kind and custom_data, root first), and
/// `custom_data` merged from the root down (nearer locations win).
fn location_value(inventory: &Inventory, name: &str) -> MjValue {
    let path = inventory.location_path(name);
    let Some(me) = path.last() else {
        return MjValue::from(());
    };
    let Value::Map(mut m) = me.to_value(&path) else {
        return MjValue::from(());
    };
    let mut merged = Value::Map(BTreeMap::new());
    let mut ancestors = Vec::new();
    for l in &path {
        merge(&mut merged, &l.custom_data);
        ancestors.push(Value::Map(BTreeMap::from([
            ("name".to_string(), Value::Str(l.name.clone())),
            (
                "kind".to_string(),
                l.kind.clone().map_or(Value::Null, Value::Str),
            ),
            ("custom_data".to_string(), l.custom_data.clone()),
        ])));
    }
    m.insert("ancestors".into(), Value::List(ancestors));
    m.insert("inherited".into(), merged);
    to_mj(&Value::Map(m))
}

/// Deep-merges `from` into `into` (maps merge, anything else replaces).
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

fn opt_str(s: Option<&str>) -> MjValue {
    s.map_or(MjValue::from(()), MjValue::from)
}

/// A link's `peer`: the other node's name, fqdn, vendor, role, model,
/// lifecycle, mgmt_ip and inventory custom_data.
fn peer_value(n: &Node, domain: Option<&str>) -> MjValue {
    MjValue::from(BTreeMap::from([
        ("name", MjValue::from(n.name.as_str())),
        ("fqdn", MjValue::from(n.fqdn(domain))),
        ("vendor", opt_str(n.vendor)),
        ("role", opt_str(n.role)),
        ("model", opt_str(n.model.as_deref())),
        ("lifecycle", opt_str(n.lifecycle)),
        (
            "mgmt_ip",
            n.mgmt_ip
                .map_or(MjValue::from(()), |ip| MjValue::from(ip.to_string())),
        ),
        ("custom_data", to_mj(&n.custom_data)),
    ]))
}

/// One link seen from this node's side.
fn link_value(shared: &Shared, end: &LinkEnd<'_>) -> MjValue {
    let l = end.link;
    let ip =
        |n: Option<ipnet::IpNet>| n.map_or(MjValue::from(()), |n| MjValue::from(n.to_string()));
    MjValue::from(BTreeMap::from([
        ("name", opt_str(l.name.as_deref())),
        ("interface", MjValue::from(end.interface())),
        ("peer_node", opt_str(end.peer_node())),
        ("peer_interface", opt_str(end.peer_interface())),
        ("ip", ip(end.ip())),
        ("peer_ip", ip(end.peer_ip())),
        (
            "bandwidth_mbps",
            l.bandwidth_mbps.map_or(MjValue::from(()), MjValue::from),
        ),
        ("mtu", l.mtu.map_or(MjValue::from(()), MjValue::from)),
        ("description", opt_str(l.description.as_deref())),
        ("custom_data", to_mj(&l.custom_data)),
        ("is_a", MjValue::from(end.is_a)),
        (
            "peer",
            end.peer_node()
                .and_then(|p| shared.peers.get(p).cloned())
                .unwrap_or(MjValue::from(())),
        ),
    ]))
}

/// The context of one node.
pub fn node_context(
    shared: &Shared,
    inventory: &Inventory,
    lock: &Lockfile,
    node: &Node,
    eval: &NodeEval,
) -> MjValue {
    let location = node
        .location
        .as_deref()
        .and_then(|l| shared.locations.get(l).cloned())
        .unwrap_or(MjValue::from(()));
    let links: Vec<MjValue> = inventory
        .links_of(&node.name)
        .iter()
        .map(|e| link_value(shared, e))
        .collect();
    let facts = lock
        .nodes
        .get(&node.name)
        .map_or_else(|| shared.empty_map.clone(), |f| to_mj(&f.to_value()));
    let custom_data = match &eval.custom_data {
        Value::Null => shared.empty_map.clone(),
        v => to_mj(v),
    };
    MjValue::from(BTreeMap::from([
        ("node", to_mj(&node.to_value(shared.domain.as_deref()))),
        ("location", location),
        ("links", MjValue::from(links)),
        ("facts", facts),
        ("custom_data", custom_data),
        ("project", shared.project.clone()),
    ]))
}
