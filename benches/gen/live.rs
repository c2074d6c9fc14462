//! Running configs (`live/<node>.cfg`): what each applied template renders, as a
//! device would show it (noise lines, unmanaged lines, ~500 lines in all), with
//! deliberate drift on some nodes.

use super::model::{addr, netmask, prefixlen, End, Network, Rng};
use super::policies::NodeData;

struct Ctx<'a> {
    name: &'a str,
    mgmt_ip: &'a str,
    location: &'a str,
    asn: Option<u32>,
    d: &'a NodeData,
    ends: Vec<End<'a>>,
}

impl Ctx<'_> {
    fn list(&self, p: &str) -> Vec<String> {
        self.d.strings(p)
    }
    fn opt(&self, p: &str) -> Option<String> {
        self.d.get(p).map(|v| v.strings().join(", "))
    }
    fn ospf_area(&self) -> String {
        self.opt("ospf.area").unwrap_or_else(|| "0.0.0.0".into())
    }
}

/// The lines one template renders for a node (mirrors `templates.rs`).
fn section(t: &str, c: &Ctx) -> Vec<String> {
    let mut o: Vec<String> = Vec::new();
    let vrf = c.opt("mgmt_vrf").unwrap_or_else(|| "default".into());
    match t {
        "templates/cisco/system.j2" | "templates/arista/system.j2" => {
            let eos = t.contains("arista");
            o.push(format!("hostname {}", c.name));
            o.push(if eos {
                "ip domain-name example.net".into()
            } else {
                "ip domain name example.net".into()
            });
            for s in c.list("dns.servers") {
                o.push(if eos { format!("ip name-server vrf {vrf} {s}") } else { format!("ip name-server {s}") });
            }
            for s in c.list("ntp.servers") {
                o.push(if eos { format!("ntp server vrf {vrf} {s}") } else { format!("ntp server {s}") });
            }
            for s in c.list("syslog.servers") {
                o.push(format!("logging host {s}"));
            }
            if let Some(l) = c.opt("snmp.location") {
                o.push(format!("snmp-server location {l}"));
            }
            if let Some(l) = c.opt("snmp.contact") {
                o.push(format!("snmp-server contact {l}"));
            }
        }
        "templates/cisco/aaa.j2" => o.extend(lines(
            "aaa new-model\naaa authentication login default group tacacs+ local\naaa authorization exec default group tacacs+ local\naaa accounting exec default start-stop group tacacs+\nusername admin privilege 15 secret 9 $9$generated$notarealhash\ntacacs server TAC1\n address ipv4 10.250.0.10\n key 7 000000000000\ntacacs server TAC2\n address ipv4 10.250.0.11\n key 7 000000000000",
        )),
        "templates/cisco/interfaces.j2" => {
            for l in &c.ends {
                o.push(format!("interface {}", l.interface));
                match l.peer_node {
                    Some(p) => o.push(format!(" description to {p} {}", l.peer_interface.unwrap_or(""))),
                    None => o.push(" description provider circuit".into()),
                }
                o.push(" no switchport".into());
                o.push(format!(" ip address {} {}", addr(l.ip), netmask(l.ip)));
                o.push(format!(" bandwidth {}", l.bandwidth as u64 * 1000));
                o.push(" no shutdown".into());
            }
        }
        "templates/cisco/access-ports.j2" => {
            let vlan = c.opt("access_vlan").unwrap_or_else(|| "10".into());
            let voice = c.opt("voice_vlan");
            for p in 1..49 {
                o.push(format!("interface GigabitEthernet1/0/{p}"));
                o.push(format!(" description user port {p}"));
                o.push(" switchport mode access".into());
                o.push(format!(" switchport access vlan {vlan}"));
                if let Some(v) = &voice {
                    o.push(format!(" switchport voice vlan {v}"));
                }
                o.push(" spanning-tree portfast".into());
                o.push(" spanning-tree bpduguard enable".into());
                o.push(" no shutdown".into());
            }
        }
        "templates/cisco/vlans.j2" | "templates/arista/vlans.j2" => {
            let ind = if t.contains("arista") { "   " } else { " " };
            for v in c.list("vlans") {
                o.push(format!("vlan {v}"));
                o.push(format!("{ind}name VLAN{v}"));
            }
        }
        "templates/cisco/routing.j2" => {
            o.push("router ospf 1".into());
            o.push(format!(" router-id {}", c.mgmt_ip));
            for l in c.ends.iter().filter(|l| l.peer_node.is_some()) {
                o.push(format!(" network {} 0.0.0.0 area {}", addr(l.ip), c.ospf_area()));
            }
            if let Some(asn) = c.asn {
                o.push(format!("router bgp {asn}"));
                o.push(format!(" bgp router-id {}", c.mgmt_ip));
                o.push(" bgp log-neighbor-changes".into());
                for l in &c.ends {
                    if let (Some(p), Some(ip)) = (l.peer_node, l.peer_ip) {
                        o.push(format!(" neighbor {} remote-as {asn}", addr(ip)));
                        o.push(format!(" neighbor {} description {p}", addr(ip)));
                    }
                }
            }
        }
        "templates/cisco/acl.j2" => {
            o.extend(lines("ip access-list standard MGMT\n permit 10.250.0.0 0.0.255.255\n permit 172.16.0.0 0.15.255.255"));
            for s in c.list("syslog.servers") {
                o.push(format!(" permit host {s}"));
            }
            o.push(" deny any log".into());
        }
        "templates/cisco/line.j2" => o.extend(lines(
            "line con 0\n exec-timeout 15 0\n logging synchronous\nline vty 0 4\n access-class MGMT in vrf-also\n exec-timeout 15 0\n transport input ssh\nline vty 5 15\n access-class MGMT in vrf-also\n exec-timeout 15 0\n transport input ssh",
        )),
        "templates/juniper/system.j2" => {
            o.push("system {".into());
            o.push(format!("    host-name {};", c.name));
            o.push("    domain-name example.net;".into());
            let dns = c.list("dns.servers");
            if c.d.get("dns.servers").is_some() {
                o.push("    name-server {".into());
                o.extend(dns.iter().map(|s| format!("        {s};")));
                o.push("    }".into());
            }
            o.extend(lines("    services {\n        ssh {\n            root-login deny;\n        }\n        netconf {\n            ssh;\n        }\n    }"));
            if c.d.get("syslog.servers").is_some() {
                o.push("    syslog {".into());
                for s in c.list("syslog.servers") {
                    o.push(format!("        host {s} {{"));
                    o.push("            any notice;".into());
                    o.push("        }".into());
                }
                o.push("    }".into());
            }
            if c.d.get("ntp.servers").is_some() {
                o.push("    ntp {".into());
                o.extend(c.list("ntp.servers").iter().map(|s| format!("        server {s};")));
                o.push("    }".into());
            }
            o.push("}".into());
        }
        "templates/juniper/snmp.j2" => {
            o.push("snmp {".into());
            if let Some(l) = c.opt("snmp.location") {
                o.push(format!("    location \"{l}\";"));
            }
            if let Some(l) = c.opt("snmp.contact") {
                o.push(format!("    contact \"{l}\";"));
            }
            o.extend(lines("    community monitoring {\n        authorization read-only;\n    }\n}"));
        }
        "templates/juniper/interfaces.j2" => {
            o.push("interfaces {".into());
            for l in &c.ends {
                o.push(format!("    {} {{", l.interface));
                match l.peer_node {
                    Some(p) => o.push(format!("        description \"to {p} {}\";", l.peer_interface.unwrap_or(""))),
                    None => o.push("        description \"provider circuit\";".into()),
                }
                o.push("        unit 0 {".into());
                o.push("            family inet {".into());
                o.push(format!("                address {}/{};", addr(l.ip), prefixlen(l.ip)));
                o.extend(lines("            }\n        }\n    }"));
            }
            o.push("}".into());
        }
        "templates/juniper/protocols.j2" => {
            o.push("protocols {".into());
            o.push("    ospf {".into());
            o.push(format!("        area {} {{", c.ospf_area()));
            for l in c.ends.iter().filter(|l| l.peer_node.is_some()) {
                o.push(format!("            interface {}.0;", l.interface));
            }
            o.push("        }".into());
            o.push("    }".into());
            if c.asn.is_some() {
                o.extend(lines("    bgp {\n        group internal {\n            type internal;"));
                for l in &c.ends {
                    if let (Some(p), Some(ip)) = (l.peer_node, l.peer_ip) {
                        o.push(format!("            neighbor {} {{", addr(ip)));
                        o.push(format!("                description {p};"));
                        o.push("            }".into());
                    }
                }
                o.extend(lines("        }\n    }"));
            }
            o.extend(lines("    lldp {\n        interface all;\n    }\n}"));
        }
        "templates/juniper/policy-options.j2" => o.extend(lines(
            "policy-options {\n    prefix-list MGMT {\n        10.250.0.0/16;\n        172.16.0.0/12;\n    }\n    policy-statement EXPORT-LOOPBACKS {\n        term 1 {\n            from protocol direct;\n            then accept;\n        }\n        term 2 {\n            then reject;\n        }\n    }\n}",
        )),
        "templates/juniper/routing-options.j2" => {
            o.push("routing-options {".into());
            o.push(format!("    router-id {};", c.mgmt_ip));
            if let Some(asn) = c.asn {
                o.push(format!("    autonomous-system {asn};"));
            }
            o.push("}".into());
        }
        "templates/arista/management.j2" => o.extend(lines(
            "management api http-commands\n   protocol https\n   no shutdown\nmanagement ssh\n   idle-timeout 15\nusername admin privilege 15 role network-admin secret sha512 $6$generated$notarealhash",
        )),
        "templates/arista/interfaces.j2" => {
            for l in &c.ends {
                o.push(format!("interface {}", l.interface));
                match l.peer_node {
                    Some(p) => o.push(format!("   description to {p} {}", l.peer_interface.unwrap_or(""))),
                    None => o.push("   description provider circuit".into()),
                }
                if !l.interface.starts_with("Management") {
                    o.push("   no switchport".into());
                }
                o.push(format!("   ip address {}/{}", addr(l.ip), prefixlen(l.ip)));
            }
        }
        "templates/arista/routing.j2" => {
            o.push("router ospf 1".into());
            o.push(format!("   router-id {}", c.mgmt_ip));
            for l in c.ends.iter().filter(|l| l.peer_node.is_some()) {
                o.push(format!("   network {}/{} area {}", addr(l.ip), prefixlen(l.ip), c.ospf_area()));
            }
            o.push("   max-lsa 12000".into());
        }
        "templates/arista/mlag.j2" => {
            let first = c.name.ends_with('1') || c.name.ends_with('3');
            let (me, peer) = if first { (1, 2) } else { (2, 1) };
            o.extend(lines("interface Port-Channel2000\n   description MLAG peer link\n   switchport mode trunk\ninterface Vlan4094\n   description MLAG peer\n   no autostate"));
            o.push(format!("   ip address 169.254.0.{me}/31"));
            o.push("mlag configuration".into());
            o.push(format!("   domain-id {}", c.location));
            o.push("   local-interface Vlan4094".into());
            o.push(format!("   peer-address 169.254.0.{peer}"));
            o.push("   peer-link Port-Channel2000".into());
        }
        _ => {}
    }
    o
}

fn lines(s: &str) -> impl Iterator<Item = String> + '_ {
    s.lines().map(str::to_string)
}

/// Drift: some nodes run something else than intended in one or two sections.
fn drift(sections: &mut [Vec<String>], rng: &mut Rng) {
    let roll = rng.below(100);
    if sections.is_empty() || roll >= 30 {
        return;
    }
    let s = rng.below(sections.len() as u64) as usize;
    let sec = &mut sections[s];
    if sec.len() < 2 {
        return;
    }
    let at = 1 + rng.below(sec.len() as u64 - 1) as usize;
    match roll % 3 {
        // changed: a value differs
        0 => {
            let line = sec[at].clone();
            // keep JunOS structure: only change the value of a `…;` statement
            let t = line.trim_end();
            if t.ends_with('{') || t.ends_with('}') {
                return;
            }
            if let Some(body) = t.strip_suffix(';') {
                if body.ends_with('"') {
                    return; // a quoted value: leave it whole
                }
                if let Some(p) = body.rfind(' ') {
                    sec[at] = format!("{} drifted-{};", &body[..p], rng.below(1000));
                }
                return;
            }
            let changed = match line.rfind(' ') {
                Some(p) if p + 1 < line.len() => {
                    format!("{} drifted-{}", &line[..p], rng.below(1000))
                }
                _ => format!("{line} drifted"),
            };
            sec[at] = changed;
        }
        // missing: a line was never configured
        1 => {
            let l = &sec[at];
            if !l.trim_end().ends_with('{') && l.trim() != "}" {
                sec.remove(at);
            }
        }
        // extra: someone added a line by hand
        _ => {
            let l = &sec[at];
            let indent: String = l.chars().take_while(|c| *c == ' ').collect();
            if !l.trim_end().ends_with('{') && l.trim() != "}" {
                let extra = if l.ends_with(';') {
                    format!("{indent}apply-groups MANUAL-{};", rng.below(100))
                } else {
                    format!("{indent}no ip redirects")
                };
                sec.insert(at + 1, extra);
            }
        }
    }
}

/// A node's running config as the device would show it.
pub fn running_config(net: &Network, i: usize, d: &NodeData) -> String {
    let n = &net.nodes[i];
    let c = Ctx {
        name: &n.name,
        mgmt_ip: &n.mgmt_ip,
        location: &n.location,
        asn: n.asn,
        d,
        ends: net.ends(i),
    };
    let mut sections: Vec<Vec<String>> = d.applied.iter().map(|t| section(t, &c)).collect();
    let mut rng = Rng::new(0xC0FFEE ^ (i as u64 + 1));
    drift(&mut sections, &mut rng);
    let target = 480 + rng.below(40) as usize;
    let mut out: Vec<String> = Vec::new();
    let junos = n.vendor == "juniper";
    match n.vendor {
        "juniper" => {
            out.push(format!(
                "## Last commit: 2026-11-02 10:{:02}:00 UTC by admin",
                i % 60
            ));
            out.push(format!("version {};", n.os_version));
        }
        "arista" => {
            out.push("! Command: show running-config".into());
            out.push(format!(
                "! device: {} ({}, EOS-{})",
                n.name, n.model, n.os_version
            ));
            out.push("!".into());
            out.push("service routing protocols model multi-agent".into());
            out.push("!".into());
        }
        _ => {
            out.push("Building configuration...".into());
            out.push(String::new());
            out.push("Current configuration : 24512 bytes".into());
            out.push("!".into());
            out.push(format!(
                "! Last configuration change at 10:{:02}:00 UTC Mon Nov 2 2026 by admin",
                i % 60
            ));
            out.push("!".into());
            out.push(format!(
                "version {}",
                n.os_version
                    .split('.')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(".")
            ));
            out.push("service timestamps debug datetime msec".into());
            out.push("service timestamps log datetime msec".into());
            out.push("service password-encryption".into());
            out.push("no ip http server".into());
            out.push("!".into());
        }
    }
    for s in sections {
        out.extend(s);
        if !junos {
            out.push("!".into());
        }
    }
    // Unmanaged lines (no template owns them) up to the target size.
    let have = out.len() + 2;
    if have < target {
        let room = target - have;
        if junos {
            out.push("firewall {".into());
            out.push("    family inet {".into());
            out.push("        filter PROTECT-RE {".into());
            let terms = room.saturating_sub(6) / 6;
            for t in 0..terms {
                out.push(format!("            term t{t} {{"));
                out.push("                from {".into());
                out.push(format!(
                    "                    source-address 10.{}.{}.0/24;",
                    200 + t / 256 % 50,
                    t % 256
                ));
                out.push("                }".into());
                out.push("                then accept;".into());
                out.push("            }".into());
            }
            out.push("        }".into());
            out.push("    }".into());
            out.push("}".into());
        } else {
            for t in 0..room {
                out.push(format!(
                    "ip prefix-list PL-UNMANAGED seq {} permit 10.{}.{}.0/24",
                    (t + 1) * 5,
                    200 + t / 256 % 50,
                    t % 256
                ));
            }
            out.push("!".into());
        }
    }
    if !junos {
        out.push("end".into());
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}
