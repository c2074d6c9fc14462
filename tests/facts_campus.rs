//! Generates `examples/campus/unet.lock` by polling snmpsim-simulated campus
//! devices with the real poller. Ignored by default; run after changing the
//! campus inventory:
//!
//! ```sh
//! cargo test --test facts_campus -- --ignored
//! ```
//!
//! Each live node with a mgmt_ip becomes a `.snmprec` (sysDescr and
//! sysObjectID per vendor/model, the interfaces its links use plus a few
//! more), served by one snmpsim on 127.0.0.1 and told apart by community.
//! Since every device then answers at the same address, the node's `agent`
//! is rewritten to `<mgmt_ip>:161`, what a real refresh records; the poll time
//! is fixed so regenerating gives the same file. `ams1-acc-b2f1-02` reports
//! 17.9.3 on purpose (the inventory says 17.9.4) to show drift warning W0704.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use support::snmp::Snmpsim;
use unetc::facts::poll::{poll_all, Credentials, PollOptions, Target};
use unetc::facts::refresh::merge;
use unetc::facts::{derive, Lockfile};

struct Node {
    name: String,
    vendor: String,
    model: String,
    mgmt_ip: String,
    os_version: String,
    location: String,
    snmp_location: String,
}

#[derive(Default)]
struct Port {
    alias: String,
    mbps: u64,
    mtu: u32,
    up: bool,
}

fn read_csv(path: &PathBuf) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The short ifName Cisco reports for a long interface name.
fn cisco_short(long: &str) -> String {
    for (l, s) in [
        ("TenGigabitEthernet", "Te"),
        ("GigabitEthernet", "Gi"),
        ("FortyGigabitEthernet", "Fo"),
        ("Vlan", "Vl"),
    ] {
        if let Some(rest) = long.strip_prefix(l) {
            return format!("{s}{rest}");
        }
    }
    long.to_string()
}

fn default_speed(name: &str) -> u64 {
    if name.starts_with("et-") || name.starts_with("Ethernet49") || name.starts_with("Ethernet50") {
        100_000
    } else if name.starts_with("xe-")
        || name.starts_with("TenGig")
        || name.starts_with("ethernet1/")
    {
        10_000
    } else if name.starts_with("Ethernet") && !name.contains('/') {
        25_000
    } else {
        1000
    }
}

/// sysDescr, sysObjectID and the extra interfaces of a device.
fn platform(n: &Node) -> (String, String, Vec<&'static str>) {
    let v = if n.name == "ams1-acc-b2f1-02" {
        "17.9.3".to_string()
    } else {
        n.os_version.clone()
    };
    match (n.vendor.as_str(), n.model.as_str()) {
        ("cisco", m) if m.starts_with("ISR") => (
            format!("Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version {v}, RELEASE SOFTWARE (fc5)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2023 by Cisco Systems, Inc."),
            "1.3.6.1.4.1.9.1.1861".into(),
            vec!["GigabitEthernet0/0/0", "GigabitEthernet0/0/1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/3", "GigabitEthernet0"],
        ),
        ("cisco", _) => (
            format!("Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version {v}, RELEASE SOFTWARE (fc5)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2023 by Cisco Systems, Inc."),
            "1.3.6.1.4.1.9.1.2494".into(),
            vec!["GigabitEthernet1/0/1", "GigabitEthernet1/0/2", "GigabitEthernet1/0/3", "GigabitEthernet1/0/4", "TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2", "TenGigabitEthernet1/1/3", "TenGigabitEthernet1/1/4", "GigabitEthernet0/0", "Vlan1"],
        ),
        ("juniper", m) => (
            format!("Juniper Networks, Inc. {} internet router, kernel JUNOS {v}.25, Build date: 2023-12-12 11:32:59 UTC Copyright (c) 1996-2023 Juniper Networks, Inc.", m.to_ascii_lowercase()),
            "1.3.6.1.4.1.2636.1.1.1.2.157".into(),
            vec!["et-0/0/0", "et-0/0/1", "et-0/0/2", "et-0/0/3", "xe-0/1/0", "xe-0/1/1", "xe-0/1/2", "xe-0/1/3", "fxp0"],
        ),
        ("arista", m) if m.contains("7010") => (
            format!("Arista Networks EOS version {v} running on an Arista Networks {m}"),
            "1.3.6.1.4.1.30065.1.3011.7010.427.48".into(),
            vec!["Ethernet1", "Ethernet2", "Ethernet3", "Ethernet4", "Ethernet5", "Ethernet6", "Ethernet7", "Ethernet8", "Management1"],
        ),
        ("arista", m) => (
            format!("Arista Networks EOS version {v} running on an Arista Networks {m}"),
            if m.contains("7050") { "1.3.6.1.4.1.30065.1.3011.7050.3741.48" } else { "1.3.6.1.4.1.30065.1.3011.7280.3348" }.into(),
            vec!["Ethernet1", "Ethernet2", "Ethernet3", "Ethernet4", "Ethernet5", "Ethernet6", "Ethernet7", "Ethernet8", "Ethernet49/1", "Ethernet50/1", "Management1"],
        ),
        ("paloalto", _) => (
            "Palo Alto Networks PA-3200 series firewall".into(),
            "1.3.6.1.4.1.25461.2.3.38".into(),
            vec!["ethernet1/1", "ethernet1/2", "ethernet1/3", "ethernet1/4", "mgmt"],
        ),
        ("fortinet", _) => (
            format!("FortiGate-100F v{v},build1639,240313 (GA.M)"),
            "1.3.6.1.4.1.12356.101.1.1004".into(),
            vec!["port1", "port2", "port3", "port4", "mgmt"],
        ),
        _ => ("Linux".into(), "1.3.6.1.4.1.8072.3.2.10".into(), vec!["eth0"]),
    }
}

fn snmprec(i: usize, n: &Node, ports: &BTreeMap<String, Port>) -> String {
    let (descr, oid, extra) = platform(n);
    let mut names: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    for p in ports.keys() {
        if !names.contains(p) {
            names.push(p.clone());
        }
    }
    let mut rows: Vec<(Vec<u64>, String)> = Vec::new();
    let mut add = |oid: String, t: &str, v: String| {
        let k: Vec<u64> = oid.split('.').map(|x| x.parse().unwrap()).collect();
        rows.push((k, format!("{oid}|{t}|{v}")));
    };
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    add("1.3.6.1.2.1.1.1.0".into(), "4x", hex(&descr));
    add("1.3.6.1.2.1.1.2.0".into(), "6", oid);
    // Up between 20 and 140 days, fixed per node.
    let uptime_s =
        86_400 * (20 + (i as u64 * 37) % 120) + 3_600 * (i as u64 % 24) + 60 * (i as u64 * 7 % 60);
    add(
        "1.3.6.1.2.1.1.3.0".into(),
        "67",
        (uptime_s * 100).min(u64::from(u32::MAX)).to_string(),
    );
    add(
        "1.3.6.1.2.1.1.4.0".into(),
        "4",
        "noc@campus.example.net".into(),
    );
    add(
        "1.3.6.1.2.1.1.5.0".into(),
        "4",
        format!("{}.campus.example.net", n.name),
    );
    let loc = if n.snmp_location.is_empty() {
        n.location.clone()
    } else {
        n.snmp_location.clone()
    };
    add("1.3.6.1.2.1.1.6.0".into(), "4", loc);
    for (k, long) in names.iter().enumerate() {
        let x = if n.vendor == "juniper" {
            500 + k
        } else {
            k + 1
        };
        let p = ports.get(long);
        let mgmt = matches!(
            long.as_str(),
            "fxp0" | "mgmt" | "Management1" | "GigabitEthernet0" | "GigabitEthernet0/0"
        );
        let up = p.is_some_and(|p| p.up) || mgmt;
        let mbps = p
            .map(|p| p.mbps)
            .filter(|m| *m > 0)
            .unwrap_or(if long.starts_with("Vlan") {
                0
            } else {
                default_speed(long)
            });
        let mtu = p.map(|p| p.mtu).filter(|m| *m > 0).unwrap_or(1500);
        let ifname = if n.vendor == "cisco" {
            cisco_short(long)
        } else {
            long.clone()
        };
        let alias = p.map(|p| p.alias.clone()).unwrap_or_else(|| {
            if mgmt {
                "management".into()
            } else {
                String::new()
            }
        });
        add(format!("1.3.6.1.2.1.2.2.1.1.{x}"), "2", x.to_string());
        add(format!("1.3.6.1.2.1.2.2.1.2.{x}"), "4", long.clone());
        add(format!("1.3.6.1.2.1.2.2.1.4.{x}"), "2", mtu.to_string());
        add(
            format!("1.3.6.1.2.1.2.2.1.5.{x}"),
            "66",
            (mbps * 1_000_000).min(u64::from(u32::MAX)).to_string(),
        );
        if !long.starts_with("Vlan") {
            add(
                format!("1.3.6.1.2.1.2.2.1.6.{x}"),
                "4x",
                format!(
                    "02{:02x}{:02x}00{:02x}{:02x}",
                    i,
                    x / 256,
                    (x * 7) % 256,
                    x % 256
                ),
            );
        }
        let admin = if long.starts_with("Vlan") { 2 } else { 1 };
        add(format!("1.3.6.1.2.1.2.2.1.7.{x}"), "2", admin.to_string());
        add(
            format!("1.3.6.1.2.1.2.2.1.8.{x}"),
            "2",
            if up { "1" } else { "2" }.into(),
        );
        add(format!("1.3.6.1.2.1.31.1.1.1.1.{x}"), "4", ifname);
        add(
            format!("1.3.6.1.2.1.31.1.1.1.15.{x}"),
            "66",
            mbps.to_string(),
        );
        add(format!("1.3.6.1.2.1.31.1.1.1.18.{x}"), "4x", hex(&alias));
    }
    rows.sort();
    rows.into_iter().map(|r| r.1 + "\n").collect()
}

#[test]
#[ignore]
fn generate_campus_lock() {
    let dir = std::env::var_os("UNETC_CAMPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/campus"));
    let out = std::env::var_os("UNETC_CAMPUS_LOCK")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("unet.lock"));
    let nodes: Vec<Node> = read_csv(&dir.join("inventory/nodes.csv"))
        .into_iter()
        .filter(|r| r["lifecycle"] == "live" && !r["mgmt_ip"].is_empty())
        .map(|r| Node {
            name: r["name"].clone(),
            vendor: r["vendor"].clone(),
            model: r["model"].clone(),
            mgmt_ip: r["mgmt_ip"].clone(),
            os_version: r["os_version"].clone(),
            location: r.get("location").cloned().unwrap_or_default(),
            snmp_location: r.get("custom.snmp.location").cloned().unwrap_or_default(),
        })
        .collect();
    let mut ports: BTreeMap<String, BTreeMap<String, Port>> = BTreeMap::new();
    for l in read_csv(&dir.join("inventory/links.csv")) {
        let mbps = l["bandwidth_mbps"].parse().unwrap_or(0);
        let mtu = l["mtu"].parse().unwrap_or(0);
        let (a, ai, z, zi) = (
            &l["a_node"],
            &l["a_interface"],
            &l["z_node"],
            &l["z_interface"],
        );
        let desc = &l["description"];
        let a_alias = if z.is_empty() {
            desc.clone()
        } else {
            format!("{desc}: {z} {zi}")
        };
        let planned = desc.contains("planned");
        ports.entry(a.clone()).or_default().insert(
            ai.clone(),
            Port {
                alias: a_alias,
                mbps,
                mtu,
                up: !planned,
            },
        );
        if !z.is_empty() {
            ports.entry(z.clone()).or_default().insert(
                zi.clone(),
                Port {
                    alias: format!("{desc}: {a} {ai}"),
                    mbps,
                    mtu,
                    up: !planned,
                },
            );
        }
    }
    let empty = BTreeMap::new();
    let devices: Vec<(String, String)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.name.clone(),
                snmprec(i + 1, n, ports.get(&n.name).unwrap_or(&empty)),
            )
        })
        .collect();
    let sim = Snmpsim::start(&devices, Duration::from_secs(60));
    let targets: Vec<Target> = nodes
        .iter()
        .map(|n| {
            let mut t = Target::new(n.name.clone(), sim.addr().parse().unwrap());
            t.community = Some(n.name.clone());
            t
        })
        .collect();
    let mut opts = PollOptions::new(Credentials::V2c {
        community: String::new(),
    });
    opts.timeout = Duration::from_secs(3);
    let mut results = poll_all(&targets, &opts, &|_| {});
    for (r, n) in results.iter_mut().zip(&nodes) {
        r.agent = format!("{}:161", n.mgmt_ip);
    }
    let mut lock = match std::fs::read_to_string(&out) {
        Ok(t) => Lockfile::parse(unetc::diag::FileId(0), &t).0,
        Err(_) => Lockfile::default(),
    };
    lock.nodes.clear();
    let now = derive::parse_rfc3339("2026-11-23T06:00:00Z").unwrap();
    let rep = merge(&mut lock, &results, now, None);
    assert!(rep.failed.is_empty(), "{:?}", rep.failed);
    assert_eq!(lock.nodes["ams1-acc-b2f1-02"].os_version, "17.9.3");
    unetc::output::write_atomic(&out, lock.to_toml().as_bytes()).unwrap();
    eprintln!("wrote {} ({} nodes)", out.display(), lock.nodes.len());
}
