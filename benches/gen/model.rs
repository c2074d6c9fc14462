//! The generated network: locations, nodes and links, and their CSV form.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A tiny deterministic PRNG (xorshift64*), seeded by the node count.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Regions with their site codes (a site is `<code><n>`: `ams1`, `ams2`, …).
pub const REGIONS: &[(&str, &[&str])] = &[
    (
        "emea",
        &["ams", "fra", "lon", "par", "mad", "mil", "sto", "waw"],
    ),
    (
        "amer",
        &["nyc", "chi", "dal", "sfo", "sea", "tor", "mex", "gru"],
    ),
    ("apac", &["sin", "hkg", "tyo", "syd", "bom", "icn"]),
    ("mea", &["dxb", "jnb", "cai", "tlv"]),
];

/// Nodes per site.
pub const SITE_SIZE: usize = 100;

pub struct Location {
    pub name: String,
    pub parent: Option<String>,
    pub kind: &'static str,
    pub address: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Edge,
    Core,
    Dist,
    Oob,
    Access,
}

pub struct Node {
    pub name: String,
    pub vendor: &'static str,
    pub model: &'static str,
    pub role: &'static str,
    pub lifecycle: &'static str,
    pub location: String,
    pub mgmt_ip: String,
    pub os_version: &'static str,
    pub serial: String,
    pub asn: Option<u32>,
    pub kind: Kind,
    pub site: usize,
    pub region: usize,
    /// Building (1-based) and floor (1-based, 0 for building-level nodes).
    pub building: usize,
    pub floor: usize,
    /// Interface counters per interface class, for unique names.
    counters: [usize; 3],
}

pub struct Link {
    pub a: usize,
    pub a_if: String,
    pub z: Option<usize>,
    pub z_if: String,
    pub bandwidth: u32,
    pub mtu: Option<u32>,
    pub a_ip: String,
    pub z_ip: String,
    pub description: String,
}

pub struct Site {
    pub code: String,
}

pub struct Network {
    /// Whether some nodes run a non-compliant OS version (failed ASSERTs).
    pub violations: bool,
    pub locations: Vec<Location>,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    pub sites: Vec<Site>,
    /// For each node, its links in inventory order, with `true` when it is the `a` side.
    pub node_links: Vec<Vec<(usize, bool)>>,
}

/// Interface classes: fast uplinks, slower ports, management.
#[derive(Clone, Copy)]
pub enum Class {
    Fast = 0,
    Slow = 1,
    Mgmt = 2,
}

impl Node {
    /// The next unused interface of a class, named the way the vendor names it.
    fn next_if(&mut self, class: Class) -> String {
        let n = self.counters[class as usize];
        self.counters[class as usize] += 1;
        match (self.vendor, self.kind, class) {
            ("cisco", Kind::Edge, Class::Fast) => format!("TenGigabitEthernet0/1/{n}"),
            ("cisco", Kind::Edge, Class::Slow) => format!("GigabitEthernet0/0/{n}"),
            ("cisco", Kind::Edge, Class::Mgmt) => mgmt_name("GigabitEthernet0", n),
            ("cisco", _, Class::Fast) => format!("TenGigabitEthernet{}/1/{}", n / 8 + 1, n % 8 + 1),
            ("cisco", _, Class::Slow) => format!("GigabitEthernet{}/0/{}", n / 48 + 2, n % 48 + 1),
            ("cisco", _, Class::Mgmt) => mgmt_name("GigabitEthernet0/0", n),
            ("juniper", _, Class::Fast) => format!("et-0/0/{n}"),
            ("juniper", _, Class::Slow) => format!("xe-0/1/{n}"),
            ("juniper", _, Class::Mgmt) => mgmt_name("em0", n),
            (_, _, Class::Fast) => format!("Ethernet{}/{}", n / 4 + 49, n % 4 + 1),
            (_, _, Class::Slow) => format!("Ethernet{}", n + 1),
            (_, _, Class::Mgmt) => mgmt_name("Management1", n),
        }
    }
}

fn mgmt_name(base: &str, n: usize) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}.{n}")
    }
}

fn ipv4(n: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        n >> 24,
        (n >> 16) & 255,
        (n >> 8) & 255,
        n & 255
    )
}

impl Network {
    pub fn generate(n_nodes: usize, n_links: usize, violations: bool) -> Network {
        let mut rng = Rng::new(n_nodes as u64);
        let mut net = Network {
            violations,
            locations: Vec::new(),
            nodes: Vec::new(),
            links: Vec::new(),
            sites: Vec::new(),
            node_links: Vec::new(),
        };
        let n_sites = n_nodes.div_ceil(SITE_SIZE);
        for (r, (region, _)) in REGIONS.iter().enumerate() {
            if r < n_sites {
                net.locations.push(Location {
                    name: (*region).to_string(),
                    parent: None,
                    kind: "region",
                    address: String::new(),
                });
            }
        }
        let mut per_region = vec![0usize; REGIONS.len()];
        let mut left = n_nodes;
        for s in 0..n_sites {
            let region = s % REGIONS.len();
            let k = per_region[region];
            per_region[region] += 1;
            let codes = REGIONS[region].1;
            let code = format!("{}{}", codes[k % codes.len()], k / codes.len() + 1);
            let size = if s + 1 == n_sites { left } else { SITE_SIZE };
            left -= size;
            net.add_site(s, region, code, size, &mut rng);
        }
        net.pad_links(n_links);
        net.node_links = vec![Vec::new(); net.nodes.len()];
        for (i, l) in net.links.iter().enumerate() {
            net.node_links[l.a].push((i, true));
            if let Some(z) = l.z {
                net.node_links[z].push((i, false));
            }
        }
        net
    }

    fn add_site(&mut self, s: usize, region: usize, code: String, size: usize, rng: &mut Rng) {
        let region_name = REGIONS[region].0;
        self.locations.push(Location {
            name: code.clone(),
            parent: Some(region_name.into()),
            kind: "site",
            address: format!("{} campus", code.to_uppercase()),
        });
        for b in 1..=2 {
            let bname = format!("{code}-b{b}");
            self.locations.push(Location {
                name: bname.clone(),
                parent: Some(code.clone()),
                kind: "building",
                address: format!("{} Example Street, {}", 10 * b + s % 7, code.to_uppercase()),
            });
            for f in 1..=3 {
                self.locations.push(Location {
                    name: format!("{bname}-f{f}"),
                    parent: Some(bname.clone()),
                    kind: "floor",
                    address: String::new(),
                });
            }
        }
        self.sites.push(Site { code: code.clone() });
        let first = self.nodes.len();
        // Infrastructure: 2 edge, 2 core, 4 dist, oob (1 per 48 nodes); the rest access.
        let n_oob = size.div_ceil(48).max(1);
        let infra = [
            (Kind::Edge, 2),
            (Kind::Core, 2),
            (Kind::Dist, 4),
            (Kind::Oob, n_oob),
        ];
        let mut plan: Vec<(Kind, usize, usize, usize)> = Vec::new();
        for (kind, count) in infra {
            for i in 0..count {
                let b = if kind == Kind::Dist { i / 2 + 1 } else { 1 };
                plan.push((kind, i + 1, b, 0));
            }
        }
        let n_access = size.saturating_sub(plan.len());
        plan.truncate(size);
        for i in 0..n_access {
            // Floors b1f1..b2f3 in turn.
            let slot = i % 6;
            plan.push((Kind::Access, i / 6 + 1, slot / 3 + 1, slot % 3 + 1));
        }
        for (kind, idx, b, f) in plan {
            let global = self.nodes.len() as u32;
            let mgmt_ip = ipv4((172 << 24 | 16 << 16) + global + 1);
            let (vendor, model, role, os, tag) = match kind {
                Kind::Edge => ("cisco", "ISR4451-X/K9", "router", "17.9.4", "edge"),
                Kind::Core => ("juniper", "MX204", "router", "22.4R3", "core"),
                Kind::Dist => ("arista", "DCS-7280SR3-48YC8", "switch", "4.30.4M", "dist"),
                Kind::Oob => ("arista", "DCS-7010T-48", "switch", "4.30.4M", "oob"),
                Kind::Access => match rng.below(10) {
                    0 => ("juniper", "EX4300-48P", "switch", "21.4R3", "acc"),
                    1 => ("arista", "DCS-7050TX3-48C8", "switch", "4.30.4M", "acc"),
                    _ => ("cisco", "C9300-48P", "switch", "17.9.4", "acc"),
                },
            };
            // With `--violations`, ~2 % deliberately non-compliant versions.
            let off = rng.below(50) == 0;
            let os = if off && self.violations {
                match vendor {
                    "cisco" => "17.6.5",
                    "juniper" => "21.2R3",
                    _ => "4.28.3M",
                }
            } else {
                os
            };
            let lifecycle = match rng.below(40) {
                0 => "planned",
                1 => "implementing",
                _ => "live",
            };
            let (name, location) = if kind == Kind::Access {
                (
                    format!("{code}-{tag}-b{b}f{f}-{:02}", idx),
                    format!("{code}-b{b}-f{f}"),
                )
            } else {
                (format!("{code}-{tag}-{:02}", idx), format!("{code}-b{b}"))
            };
            let asn = (role == "router").then(|| 64512 + s as u32);
            self.nodes.push(Node {
                name,
                vendor,
                model,
                role,
                lifecycle,
                location,
                mgmt_ip,
                os_version: os,
                serial: format!("SN{:08X}", rng.next() as u32),
                asn,
                kind,
                site: s,
                region,
                building: b,
                floor: f,
                counters: [0; 3],
            });
        }
        self.site_links(first, code);
    }

    fn link(&mut self, a: usize, ac: Class, z: Option<usize>, zc: Class, bw: u32) {
        let a_if = self.nodes[a].next_if(ac);
        let z_if = z.map(|z| self.nodes[z].next_if(zc)).unwrap_or_default();
        let n = self.links.len() as u32;
        let base = (10 << 24) + 2 * n;
        let (a_ip, z_ip) = if z.is_some() {
            (
                format!("{}/31", ipv4(base)),
                format!("{}/31", ipv4(base + 1)),
            )
        } else {
            // Provider circuits: documentation space, our side only.
            (
                format!("{}/31", ipv4((100 << 24 | 64 << 16) + 2 * n)),
                String::new(),
            )
        };
        let mtu = matches!(bw, 100_000 | 40_000).then_some(9216);
        let description = match z {
            Some(z) => format!("{} to {}", self.nodes[a].name, self.nodes[z].name),
            None => format!("provider circuit CID-{:06}", n),
        };
        self.links.push(Link {
            a,
            a_if,
            z,
            z_if,
            bandwidth: bw,
            mtu,
            a_ip,
            z_ip,
            description,
        });
    }

    fn site_links(&mut self, first: usize, _code: String) {
        let ids: Vec<usize> = (first..self.nodes.len()).collect();
        let of = |k: Kind, nodes: &Vec<Node>| -> Vec<usize> {
            ids.iter()
                .copied()
                .filter(|&i| nodes[i].kind == k)
                .collect()
        };
        let edge = of(Kind::Edge, &self.nodes);
        let core = of(Kind::Core, &self.nodes);
        let dist = of(Kind::Dist, &self.nodes);
        let oob = of(Kind::Oob, &self.nodes);
        let access = of(Kind::Access, &self.nodes);
        for &e in &edge {
            self.link(e, Class::Slow, None, Class::Slow, 1000);
        }
        for &e in &edge {
            for &c in &core {
                self.link(e, Class::Fast, Some(c), Class::Slow, 10_000);
            }
        }
        if core.len() == 2 {
            self.link(core[0], Class::Fast, Some(core[1]), Class::Fast, 100_000);
            self.link(core[0], Class::Fast, Some(core[1]), Class::Fast, 100_000);
        }
        for &c in &core {
            for &d in &dist {
                self.link(c, Class::Fast, Some(d), Class::Fast, 100_000);
            }
        }
        for pair in dist.chunks(2) {
            if let [a, b] = pair {
                self.link(*a, Class::Fast, Some(*b), Class::Fast, 100_000);
                self.link(*a, Class::Fast, Some(*b), Class::Fast, 100_000);
            }
        }
        // Access uplinks to the building's distribution pair.
        for &a in &access {
            let b = self.nodes[a].building;
            let ds: Vec<usize> = dist
                .iter()
                .copied()
                .filter(|&d| self.nodes[d].building == b)
                .collect();
            for d in ds {
                self.link(a, Class::Fast, Some(d), Class::Slow, 10_000);
            }
        }
        // A ring per floor.
        let mut floors: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for &a in &access {
            let n = &self.nodes[a];
            floors.entry((n.building, n.floor)).or_default().push(a);
        }
        for ring in floors.values() {
            if ring.len() < 2 {
                continue;
            }
            for (i, &a) in ring.iter().enumerate() {
                if ring.len() == 2 && i == 1 {
                    break;
                }
                let z = ring[(i + 1) % ring.len()];
                self.link(a, Class::Fast, Some(z), Class::Fast, 10_000);
            }
        }
        // Out-of-band management: every node to an oob switch.
        if !oob.is_empty() {
            let managed: Vec<usize> = ids
                .iter()
                .copied()
                .filter(|&i| self.nodes[i].kind != Kind::Oob)
                .collect();
            for (k, n) in managed.into_iter().enumerate() {
                let o = oob[k % oob.len()];
                self.link(o, Class::Slow, Some(n), Class::Mgmt, 1000);
            }
        }
    }

    /// Adds extra access uplink members (round-robin over sites) until `target` links.
    fn pad_links(&mut self, target: usize) {
        let access: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| self.nodes[i].kind == Kind::Access)
            .collect();
        let dist_of: BTreeMap<(usize, usize), usize> = (0..self.nodes.len())
            .filter(|&i| self.nodes[i].kind == Kind::Dist)
            .map(|i| ((self.nodes[i].site, self.nodes[i].building), i))
            .collect();
        let mut k = 0;
        while self.links.len() < target && !access.is_empty() && k < access.len() * 8 {
            let a = access[(k * 7919) % access.len()];
            k += 1;
            let n = &self.nodes[a];
            if let Some(&d) = dist_of.get(&(n.site, n.building)) {
                self.link(a, Class::Fast, Some(d), Class::Slow, 10_000);
            }
        }
    }

    pub fn manifest(&self) -> String {
        format!(
            "# Generated by benches/gen.rs: {} nodes, {} links.\n\
             [project]\nname = \"bench-{}\"\ndomain = \"example.net\"\n\n\
             [live]\nsource = \"dir\"\n\n\
             [vendors.cisco]\nsyntax = \"ios\"\n\n\
             [vendors.juniper]\nsyntax = \"junos\"\n\n\
             [vendors.arista]\nsyntax = \"eos\"\n",
            self.nodes.len(),
            self.links.len(),
            self.nodes.len()
        )
    }

    pub fn locations_csv(&self) -> String {
        let mut s = String::from("name,parent,kind,address\n");
        for l in &self.locations {
            let _ = writeln!(
                s,
                "{},{},{},{}",
                l.name,
                l.parent.as_deref().unwrap_or(""),
                l.kind,
                csv_field(&l.address)
            );
        }
        s
    }

    pub fn nodes_csv(&self) -> String {
        let mut s = String::from(
            "name,vendor,model,role,lifecycle,location,mgmt_ip,os_version,serial,custom.bgp.asn,custom.oob\n",
        );
        for n in &self.nodes {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{},{},{}",
                n.name,
                n.vendor,
                n.model,
                n.role,
                n.lifecycle,
                n.location,
                n.mgmt_ip,
                n.os_version,
                n.serial,
                n.asn.map(|a| a.to_string()).unwrap_or_default(),
                n.kind != Kind::Oob
            );
        }
        s
    }

    pub fn links_csv(&self) -> String {
        let mut s = String::from(
            "a_node,a_interface,z_node,z_interface,bandwidth_mbps,mtu,description,a_ip,z_ip\n",
        );
        for l in &self.links {
            let _ = writeln!(
                s,
                "{},{},{},{},{},{},{},{},{}",
                self.nodes[l.a].name,
                l.a_if,
                l.z.map(|z| self.nodes[z].name.as_str()).unwrap_or(""),
                l.z_if,
                l.bandwidth,
                l.mtu.map(|m| m.to_string()).unwrap_or_default(),
                csv_field(&l.description),
                l.a_ip,
                l.z_ip
            );
        }
        s
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One link seen from a node, as templates see it in `links`.
pub struct End<'a> {
    pub interface: &'a str,
    pub peer_node: Option<&'a str>,
    pub peer_interface: Option<&'a str>,
    /// `a.b.c.d/len`
    pub ip: &'a str,
    pub peer_ip: Option<&'a str>,
    pub bandwidth: u32,
}

impl Network {
    pub fn ends(&self, node: usize) -> Vec<End<'_>> {
        self.node_links[node]
            .iter()
            .map(|&(li, is_a)| {
                let l = &self.links[li];
                if is_a {
                    End {
                        interface: &l.a_if,
                        peer_node: l.z.map(|z| self.nodes[z].name.as_str()),
                        peer_interface: l.z.map(|_| l.z_if.as_str()),
                        ip: &l.a_ip,
                        peer_ip: (!l.z_ip.is_empty()).then_some(l.z_ip.as_str()),
                        bandwidth: l.bandwidth,
                    }
                } else {
                    End {
                        interface: &l.z_if,
                        peer_node: Some(self.nodes[l.a].name.as_str()),
                        peer_interface: Some(&l.a_if),
                        ip: &l.z_ip,
                        peer_ip: Some(&l.a_ip),
                        bandwidth: l.bandwidth,
                    }
                }
            })
            .collect()
    }
}

/// The address part of `a.b.c.d/len`.
pub fn addr(cidr: &str) -> &str {
    cidr.split('/').next().unwrap_or(cidr)
}

/// The dotted netmask of `a.b.c.d/len`.
pub fn netmask(cidr: &str) -> String {
    let len: u32 = cidr
        .rsplit('/')
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(32);
    let m = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    ipv4(m)
}

/// The prefix length of `a.b.c.d/len`.
pub fn prefixlen(cidr: &str) -> &str {
    cidr.rsplit('/').next().unwrap_or("32")
}
