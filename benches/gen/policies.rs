//! The generated policy program: 200 rules in the core syntax of DESIGN.md §3,
//! each paired with a Rust predicate so the generator knows what every node's
//! `custom_data` and applied templates will be (to write matching live configs).

use super::model::{Kind, Network, Node, REGIONS};
use std::collections::BTreeMap;

/// A value a rule SETs.
#[derive(Clone, Debug)]
pub enum V {
    S(String),
    I(i64),
    L(Vec<V>),
}

impl V {
    fn text(&self) -> String {
        match self {
            V::S(s) => format!("\"{s}\""),
            V::I(i) => i.to_string(),
            V::L(l) => format!("[{}]", l.iter().map(V::text).collect::<Vec<_>>().join(", ")),
        }
    }
    pub fn strings(&self) -> Vec<String> {
        match self {
            V::L(l) => l
                .iter()
                .map(|v| match v {
                    V::S(s) => s.clone(),
                    V::I(i) => i.to_string(),
                    V::L(_) => String::new(),
                })
                .collect(),
            V::S(s) => vec![s.clone()],
            V::I(i) => vec![i.to_string()],
        }
    }
}

pub enum Action {
    Apply(&'static str),
    Set(&'static str, V),
    Assert(String),
}

type Pred = Box<dyn Fn(&Node) -> bool>;

pub struct Rule {
    pub file: &'static str,
    pub when: String,
    pub pred: Pred,
    pub action: Action,
}

impl Rule {
    fn text(&self) -> String {
        let then = match &self.action {
            Action::Apply(t) => format!("APPLY \"{t}\""),
            Action::Set(p, v) => format!("SET custom_data.{p} TO {}", v.text()),
            Action::Assert(a) => format!("ASSERT {a}"),
        };
        format!("WHEN {}\nTHEN {then}\n", self.when)
    }
}

fn strs(v: &[&str]) -> V {
    V::L(v.iter().map(|s| V::S((*s).to_string())).collect())
}

fn region_regex(r: usize) -> String {
    format!("/^({})[0-9]+-/", REGIONS[r].1.join("|"))
}

/// The rules, in evaluation order (file, then position). At most 200.
pub fn rules(net: &Network) -> Vec<Rule> {
    let mut r: Vec<Rule> = Vec::new();
    let mut rule = |file, when: String, pred: Pred, action| {
        r.push(Rule {
            file,
            when,
            pred,
            action,
        })
    };
    // 00-apply: which templates each kind of node gets (20 templates).
    let apply: &[(&str, &str, &[&str])] = &[
        (
            "cisco",
            "router",
            &["system", "aaa", "interfaces", "routing", "acl", "line"],
        ),
        (
            "cisco",
            "switch",
            &[
                "system",
                "aaa",
                "interfaces",
                "access-ports",
                "vlans",
                "acl",
                "line",
            ],
        ),
        (
            "juniper",
            "router",
            &[
                "system",
                "snmp",
                "interfaces",
                "protocols",
                "policy-options",
                "routing-options",
            ],
        ),
        ("juniper", "switch", &["system", "snmp", "interfaces"]),
        ("arista", "switch", &["system", "management", "interfaces"]),
    ];
    for (vendor, role, tpls) in apply {
        for t in *tpls {
            let path: &'static str =
                Box::leak(format!("templates/{vendor}/{t}.j2").into_boxed_str());
            let (v, ro) = (*vendor, *role);
            rule(
                "policies/00-apply.unet",
                format!("node.vendor == \"{vendor}\" AND node.role == \"{role}\" AND node.lifecycle != \"decommissioned\""),
                Box::new(move |n| n.vendor == v && n.role == ro),
                Action::Apply(path),
            );
        }
    }
    // Arista distribution switches run routing, VLANs and MLAG; access ones VLANs.
    for (t, re, kinds) in [
        ("routing", "/-dist-/", &[Kind::Dist][..]),
        ("vlans", "/-(dist|acc)-/", &[Kind::Dist, Kind::Access][..]),
        ("mlag", "/-dist-/", &[Kind::Dist][..]),
    ] {
        let path: &'static str = Box::leak(format!("templates/arista/{t}.j2").into_boxed_str());
        let kinds = kinds.to_vec();
        rule(
            "policies/00-apply.unet",
            format!("node.vendor == \"arista\" AND node.name MATCHES {re}"),
            Box::new(move |n| n.vendor == "arista" && kinds.contains(&n.kind)),
            Action::Apply(path),
        );
    }

    // 10-global: services per region, defaults.
    let f = "policies/10-global.unet";
    rule(
        f,
        "node.role IN [\"router\", \"switch\"]".into(),
        Box::new(|_| true),
        Action::Set("snmp.contact", V::S("noc@example.net".into())),
    );
    rule(
        f,
        "node.vendor IS NOT NULL".into(),
        Box::new(|_| true),
        Action::Set(
            "banner",
            V::S("Authorised access only. Disconnect now if you are not authorised.".into()),
        ),
    );
    for (vendor, vrf) in [
        ("cisco", "Mgmt-vrf"),
        ("arista", "MGMT"),
        ("juniper", "mgmt_junos"),
    ] {
        rule(
            f,
            format!("node.vendor == \"{vendor}\""),
            Box::new(move |n| n.vendor == vendor),
            Action::Set("mgmt_vrf", V::S(vrf.into())),
        );
    }
    rule(
        f,
        "node.role == \"router\" OR node.name MATCHES /-dist-/".into(),
        Box::new(|n| n.role == "router" || n.kind == Kind::Dist),
        Action::Set("ospf.area", V::S("0.0.0.0".into())),
    );
    for (ri, (region, _)) in REGIONS.iter().enumerate() {
        let o = ri as u8 * 16;
        let re = region_regex(ri);
        let ntp = [format!("10.{o}.0.1"), format!("10.{o}.0.2")];
        let sys = [format!("10.{o}.1.10")];
        let dns = [format!("10.{o}.2.53"), format!("10.{o}.3.53")];
        for (path, vals) in [
            ("ntp.servers", &ntp[..]),
            ("syslog.servers", &sys[..]),
            ("dns.servers", &dns[..]),
        ] {
            let vals: Vec<&str> = vals.iter().map(String::as_str).collect();
            rule(
                f,
                format!("node.name MATCHES {re}"),
                Box::new(move |n| n.region == ri),
                Action::Set(path, strs(&vals)),
            );
        }
        let vl: Vec<V> = [10, 20, 30, 40, 99]
            .iter()
            .map(|v| V::I(v + 100 * ri as i64))
            .collect();
        rule(
            f,
            format!("node.name MATCHES {re} AND node.role == \"switch\""),
            Box::new(move |n| n.region == ri && n.role == "switch"),
            Action::Set("vlans", V::L(vl)),
        );
        let _ = region;
    }

    // 20-compliance: software versions and required data.
    let f = "policies/20-compliance.unet";
    for (model, os) in [
        ("ISR4451-X/K9", "17.9.4"),
        ("C9300-48P", "17.9.4"),
        ("MX204", "22.4R3"),
        ("EX4300-48P", "21.4R3"),
        ("DCS-7280SR3-48YC8", "4.30.4M"),
        ("DCS-7010T-48", "4.30.4M"),
        ("DCS-7050TX3-48C8", "4.30.4M"),
    ] {
        rule(
            f,
            format!("node.model == \"{model}\" AND node.lifecycle == \"live\""),
            Box::new(move |n| n.model == model),
            Action::Assert(format!("node.os_version IS \"{os}\"")),
        );
    }
    rule(
        f,
        "node.role == \"router\"".into(),
        Box::new(|n| n.role == "router"),
        Action::Assert("custom_data.bgp.asn IS NOT NULL".into()),
    );
    rule(
        f,
        "node.lifecycle == \"live\"".into(),
        Box::new(|_| true),
        Action::Assert("node.mgmt_ip IS NOT NULL".into()),
    );
    rule(
        f,
        "node.role == \"switch\" AND node.lifecycle IN [\"live\", \"implementing\"]".into(),
        Box::new(|_| true),
        Action::Assert("custom_data.vlans IS NOT NULL".into()),
    );
    rule(
        f,
        "node.vendor == \"cisco\" AND node.model MATCHES /^C9[23]00/".into(),
        Box::new(|_| true),
        Action::Assert("node.os_version MATCHES /^17\\.9\\./".into()),
    );

    // 50-sites: per building, per site, per floor, until 200 rules.
    let f = "policies/50-sites.unet";
    let mut extra: Vec<Rule> = Vec::new();
    let mut push = |when: String, pred: Pred, action| {
        extra.push(Rule {
            file: f,
            when,
            pred,
            action,
        })
    };
    for l in net.locations.iter().filter(|l| l.kind == "building") {
        let name = l.name.clone();
        let addr = l.address.clone();
        push(
            format!("node.location MATCHES /^{name}/"),
            Box::new(move |n| n.location.starts_with(&name)),
            Action::Set("snmp.location", V::S(addr)),
        );
    }
    for s in &net.sites {
        let code = s.code.clone();
        let c2 = code.clone();
        push(
            format!("node.name MATCHES /^{code}-/"),
            Box::new(move |n| n.name.starts_with(&format!("{c2}-"))),
            Action::Set("snmp.contact", V::S(format!("noc-{code}@example.net"))),
        );
    }
    for (i, l) in net
        .locations
        .iter()
        .filter(|l| l.kind == "floor")
        .enumerate()
    {
        let name = l.name.clone();
        push(
            format!("node.location == \"{name}\""),
            Box::new(move |n| n.location == name),
            Action::Set("access_vlan", V::I(100 + (i % 800) as i64)),
        );
    }
    for (i, l) in net
        .locations
        .iter()
        .filter(|l| l.kind == "floor")
        .enumerate()
    {
        let name = l.name.clone();
        push(
            format!("node.location == \"{name}\" AND node.role == \"switch\""),
            Box::new(move |n| n.location == name && n.role == "switch"),
            Action::Set("voice_vlan", V::I(1000 + (i % 800) as i64)),
        );
    }
    // Interleave the kinds so a cut at 200 keeps some of each.
    let room = 200usize.saturating_sub(r.len());
    let n_b = net
        .locations
        .iter()
        .filter(|l| l.kind == "building")
        .count();
    let n_s = net.sites.len();
    let n_f = net.locations.iter().filter(|l| l.kind == "floor").count();
    let groups = [n_b, n_s, n_f, n_f];
    let mut starts = [0; 4];
    for g in 1..4 {
        starts[g] = starts[g - 1] + groups[g - 1];
    }
    let mut take: Vec<usize> = Vec::new();
    let mut idx = [0usize; 4];
    while take.len() < room && take.len() < extra.len() {
        for g in 0..4 {
            if idx[g] < groups[g] && take.len() < room {
                take.push(starts[g] + idx[g]);
                idx[g] += 1;
            }
        }
    }
    take.sort_unstable();
    let mut extra: Vec<Option<Rule>> = extra.into_iter().map(Some).collect();
    for i in take {
        if let Some(rule) = extra[i].take() {
            r.push(rule);
        }
    }
    r
}

/// The policy files' text.
pub fn files(rules: &[Rule]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for r in rules {
        let text = out
            .entry(r.file.to_string())
            .or_insert_with(|| "# Generated by benches/gen.rs.\n".to_string());
        text.push('\n');
        text.push_str(&r.text());
    }
    out
}

/// What the policies give one node: `custom_data` (flattened dotted paths) and
/// templates applied, in order.
#[derive(Default)]
pub struct NodeData {
    pub custom: BTreeMap<&'static str, V>,
    pub applied: Vec<&'static str>,
}

impl NodeData {
    pub fn get(&self, path: &str) -> Option<&V> {
        self.custom.get(path)
    }
    pub fn strings(&self, path: &str) -> Vec<String> {
        self.get(path).map(V::strings).unwrap_or_default()
    }
}

/// Evaluates the rules per node (the generator's model of the evaluator).
pub fn evaluate(net: &Network, rules: &[Rule]) -> Vec<NodeData> {
    net.nodes
        .iter()
        .map(|n| {
            let mut d = NodeData::default();
            for r in rules {
                if !(r.pred)(n) {
                    continue;
                }
                match &r.action {
                    Action::Apply(t) => {
                        if !d.applied.contains(t) {
                            d.applied.push(t)
                        }
                    }
                    Action::Set(p, v) => {
                        d.custom.insert(p, v.clone());
                    }
                    Action::Assert(_) => {}
                }
            }
            d
        })
        .collect()
}

impl V {
    fn json(&self) -> serde_json::Value {
        match self {
            V::S(s) => serde_json::Value::String(s.clone()),
            V::I(i) => serde_json::Value::from(*i),
            V::L(l) => serde_json::Value::Array(l.iter().map(V::json).collect()),
        }
    }
}

impl NodeData {
    /// One JSON line: `{"name", "custom_data" (nested, with bgp.asn), "applied"}`,
    /// for the Python comparison (benches/compare.py), which has no policy engine.
    pub fn json_line(&self, name: &str, asn: Option<u32>) -> String {
        use serde_json::{Map, Value};
        let mut root = Map::new();
        for (path, v) in &self.custom {
            let mut cur = &mut root;
            let parts: Vec<&str> = path.split('.').collect();
            for p in &parts[..parts.len() - 1] {
                cur = cur
                    .entry(p.to_string())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("custom_data paths do not clash");
            }
            cur.insert(parts[parts.len() - 1].to_string(), v.json());
        }
        if let Some(asn) = asn {
            let mut bgp = Map::new();
            bgp.insert("asn".into(), Value::from(asn));
            root.insert("bgp".into(), Value::Object(bgp));
        }
        let line = serde_json::json!({
            "name": name,
            "custom_data": Value::Object(root),
            "applied": self.applied,
        });
        line.to_string()
    }
}
