//! The inventory's data model and schema: locations, nodes, links.
//!
//! The schema constants (field names, enum values) are shared with the policy
//! typechecker and the template context, so that all three agree.

use crate::diag::Span;
use crate::value::Value;
use ipnet::IpNet;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// `node.vendor` values.
pub const VENDORS: &[&str] = crate::project::manifest::VENDORS;
/// `node.role` values.
pub const ROLES: &[&str] = &[
    "router",
    "switch",
    "firewall",
    "load_balancer",
    "access_point",
    "server",
    "other",
];
/// `node.lifecycle` values.
pub const LIFECYCLES: &[&str] = &["planned", "implementing", "live", "decommissioned"];

/// The type of an inventory field, for the typechecker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Str,
    Enum(&'static [&'static str]),
    Ip,
    Cidr,
    Int,
}

/// Node fields and their types (besides `custom.*`).
pub const NODE_FIELDS: &[(&str, FieldType)] = &[
    ("name", FieldType::Str),
    ("domain", FieldType::Str),
    ("fqdn", FieldType::Str),
    ("vendor", FieldType::Enum(VENDORS)),
    ("model", FieldType::Str),
    ("role", FieldType::Enum(ROLES)),
    ("lifecycle", FieldType::Enum(LIFECYCLES)),
    ("location", FieldType::Str),
    ("mgmt_ip", FieldType::Ip),
    ("os_version", FieldType::Str),
    ("serial", FieldType::Str),
    ("asset_tag", FieldType::Str),
];

/// Location fields and their types (besides `custom.*`).
pub const LOCATION_FIELDS: &[(&str, FieldType)] = &[
    ("name", FieldType::Str),
    ("parent", FieldType::Str),
    ("kind", FieldType::Str),
    ("address", FieldType::Str),
    ("path", FieldType::Str),
];

/// Link fields and their types (besides `custom.*`).
pub const LINK_FIELDS: &[(&str, FieldType)] = &[
    ("name", FieldType::Str),
    ("a_node", FieldType::Str),
    ("a_interface", FieldType::Str),
    ("z_node", FieldType::Str),
    ("z_interface", FieldType::Str),
    ("bandwidth_mbps", FieldType::Int),
    ("mtu", FieldType::Int),
    ("description", FieldType::Str),
    ("a_ip", FieldType::Cidr),
    ("z_ip", FieldType::Cidr),
];

/// Where each field of a row was written (cell or TOML key), for diagnostics:
/// `fields.get("mgmt_ip")`, `fields.get("custom.bgp.asn")`.
///
/// A short list rather than a map: an entity has a dozen fields, and a list
/// of `&'static str` names costs no allocation per row on a large inventory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSpans {
    entries: Vec<(Cow<'static, str>, Span)>,
}

impl FieldSpans {
    /// An empty list with room for `n` fields.
    pub fn with_capacity(n: usize) -> FieldSpans {
        FieldSpans {
            entries: Vec::with_capacity(n),
        }
    }

    /// The span of a field, if it was written.
    pub fn get(&self, name: &str) -> Option<&Span> {
        self.entries.iter().find(|(k, _)| k == name).map(|(_, s)| s)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Records a field the caller knows is not recorded yet (no search).
    pub(crate) fn push(&mut self, name: impl Into<Cow<'static, str>>, span: Span) {
        self.entries.push((name.into(), span));
    }

    /// Records (or replaces) the span of a field.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, span: Span) {
        let name = name.into();
        match self.entries.iter_mut().find(|(k, _)| *k == name) {
            Some(e) => e.1 = span,
            None => self.entries.push((name, span)),
        }
    }

    /// Fields in the order they were written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.entries.iter().map(|(k, s)| (k.as_ref(), *s))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl std::ops::Index<&str> for FieldSpans {
    type Output = Span;
    /// The span of a field that is known to be there (panics otherwise).
    fn index(&self, name: &str) -> &Span {
        self.get(name).expect("field span recorded")
    }
}

/// A fast non-cryptographic hasher (FxHash) for the name indexes: inventory
/// names are not attacker-chosen keys, and SipHash dominated load time.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// A location in the hierarchy (region, site, building, floor, room, rack, …).
#[derive(Clone, Debug, Default)]
pub struct Location {
    pub name: String,
    pub parent: Option<String>,
    pub kind: Option<String>,
    pub address: Option<String>,
    pub custom_data: Value,
    /// The span of the `name` cell/key.
    pub span: Span,
    pub fields: FieldSpans,
}

/// A device.
#[derive(Clone, Debug, Default)]
pub struct Node {
    pub name: String,
    pub domain: Option<String>,
    pub vendor: Option<&'static str>,
    pub model: Option<String>,
    pub role: Option<&'static str>,
    pub lifecycle: Option<&'static str>,
    pub location: Option<String>,
    pub mgmt_ip: Option<IpAddr>,
    pub os_version: Option<String>,
    pub serial: Option<String>,
    pub asset_tag: Option<String>,
    pub custom_data: Value,
    /// The span of the `name` cell/key.
    pub span: Span,
    pub fields: FieldSpans,
}

/// A connection between two interfaces (or one interface and a provider).
#[derive(Clone, Debug, Default)]
pub struct Link {
    pub name: Option<String>,
    pub a_node: String,
    pub a_interface: String,
    pub z_node: Option<String>,
    pub z_interface: Option<String>,
    pub bandwidth_mbps: Option<u64>,
    pub mtu: Option<u32>,
    pub description: Option<String>,
    pub a_ip: Option<IpNet>,
    pub z_ip: Option<IpNet>,
    pub custom_data: Value,
    /// The span of the row (CSV) or table (TOML).
    pub span: Span,
    pub fields: FieldSpans,
}

/// One end of a link seen from a node: what templates get as `links`.
#[derive(Clone, Debug)]
pub struct LinkEnd<'a> {
    pub link: &'a Link,
    /// True when this node is the link's `a` side.
    pub is_a: bool,
}

impl LinkEnd<'_> {
    pub fn interface(&self) -> &str {
        if self.is_a {
            &self.link.a_interface
        } else {
            self.link.z_interface.as_deref().unwrap_or("")
        }
    }
    pub fn peer_node(&self) -> Option<&str> {
        if self.is_a {
            self.link.z_node.as_deref()
        } else {
            Some(&self.link.a_node)
        }
    }
    pub fn peer_interface(&self) -> Option<&str> {
        if self.is_a {
            self.link.z_interface.as_deref()
        } else {
            Some(&self.link.a_interface)
        }
    }
    pub fn ip(&self) -> Option<IpNet> {
        if self.is_a {
            self.link.a_ip
        } else {
            self.link.z_ip
        }
    }
    pub fn peer_ip(&self) -> Option<IpNet> {
        if self.is_a {
            self.link.z_ip
        } else {
            self.link.a_ip
        }
    }
}

/// The validated inventory, with name indexes.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    pub locations: Vec<Location>,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    node_index: FastMap<String, usize>,
    location_index: FastMap<String, usize>,
    /// For each node index, the indexes of its links.
    node_links: Vec<Vec<usize>>,
}

impl Inventory {
    /// Builds the indexes. Call after loading; later duplicates do not replace
    /// earlier entries.
    pub fn new(locations: Vec<Location>, nodes: Vec<Node>, links: Vec<Link>) -> Inventory {
        let mut inv = Inventory {
            locations,
            nodes,
            links,
            ..Default::default()
        };
        for (i, n) in inv.nodes.iter().enumerate() {
            inv.node_index.entry(n.name.clone()).or_insert(i);
        }
        for (i, l) in inv.locations.iter().enumerate() {
            inv.location_index.entry(l.name.clone()).or_insert(i);
        }
        inv.node_links = vec![Vec::new(); inv.nodes.len()];
        for (li, l) in inv.links.iter().enumerate() {
            let a = inv.node_index.get(&l.a_node).copied();
            if let Some(a) = a {
                inv.node_links[a].push(li);
            }
            if let Some(&z) = l.z_node.as_ref().and_then(|z| inv.node_index.get(z)) {
                if Some(z) != a {
                    inv.node_links[z].push(li);
                }
            }
        }
        inv
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.node_index.get(name).map(|&i| &self.nodes[i])
    }

    pub fn location(&self, name: &str) -> Option<&Location> {
        self.location_index.get(name).map(|&i| &self.locations[i])
    }

    /// The location and its ancestors, root first. Stops at cycles.
    pub fn location_path(&self, name: &str) -> Vec<&Location> {
        let mut path = Vec::new();
        let mut cur = self.location(name);
        while let Some(l) = cur {
            if path.iter().any(|p: &&Location| p.name == l.name) || path.len() > 64 {
                break;
            }
            path.push(l);
            cur = l.parent.as_deref().and_then(|p| self.location(p));
        }
        path.reverse();
        path
    }

    /// The links of a node, seen from its side, in inventory order.
    pub fn links_of(&self, node: &str) -> Vec<LinkEnd<'_>> {
        let Some(&i) = self.node_index.get(node) else {
            return Vec::new();
        };
        self.node_links[i]
            .iter()
            .map(|&li| {
                let link = &self.links[li];
                LinkEnd {
                    link,
                    is_a: link.a_node == node,
                }
            })
            .collect()
    }

    /// All node names, in inventory order.
    pub fn node_names(&self) -> impl Iterator<Item = &str> + Clone {
        self.nodes.iter().map(|n| n.name.as_str())
    }
}

impl Node {
    /// `name.domain`, with the node's domain or the project default.
    pub fn fqdn(&self, default_domain: Option<&str>) -> String {
        match self.domain.as_deref().or(default_domain) {
            Some(d) if !d.is_empty() => format!("{}.{d}", self.name),
            _ => self.name.clone(),
        }
    }

    /// The node as a [`Value`] map (what policies see as `node.*` and
    /// templates as `node`), without `location` details.
    pub fn to_value(&self, default_domain: Option<&str>) -> Value {
        let mut m = BTreeMap::new();
        let s = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
        let e = |v: Option<&'static str>| v.map_or(Value::Null, |x| Value::Str(x.into()));
        m.insert("name".into(), Value::Str(self.name.clone()));
        m.insert(
            "domain".into(),
            self.domain
                .clone()
                .or(default_domain.map(str::to_string))
                .map_or(Value::Null, Value::Str),
        );
        m.insert("fqdn".into(), Value::Str(self.fqdn(default_domain)));
        m.insert("vendor".into(), e(self.vendor));
        m.insert("model".into(), s(&self.model));
        m.insert("role".into(), e(self.role));
        m.insert("lifecycle".into(), e(self.lifecycle));
        m.insert("location".into(), s(&self.location));
        m.insert(
            "mgmt_ip".into(),
            self.mgmt_ip
                .map_or(Value::Null, |ip| Value::Str(ip.to_string())),
        );
        m.insert("os_version".into(), s(&self.os_version));
        m.insert("serial".into(), s(&self.serial));
        m.insert("asset_tag".into(), s(&self.asset_tag));
        Value::Map(m)
    }
}

impl Location {
    /// The location as a [`Value`] map, with `path` (names root first).
    pub fn to_value(&self, path: &[&Location]) -> Value {
        let mut m = BTreeMap::new();
        let s = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
        m.insert("name".into(), Value::Str(self.name.clone()));
        m.insert("parent".into(), s(&self.parent));
        m.insert("kind".into(), s(&self.kind));
        m.insert("address".into(), s(&self.address));
        m.insert(
            "path".into(),
            Value::List(path.iter().map(|l| Value::Str(l.name.clone())).collect()),
        );
        m.insert("custom_data".into(), self.custom_data.clone());
        Value::Map(m)
    }
}
