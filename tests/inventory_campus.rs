//! The example project `examples/campus` loads cleanly and its inventory holds
//! what the shared contract (BRIEF) promises: other passes rely on these facts.

use std::path::Path;
use unetc::driver::{compile, Compilation};
use unetc::value::Value;

fn campus() -> Compilation {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/campus");
    let files = unetc::project::disk::read(&root).expect("read examples/campus");
    compile(&files, &Default::default()).expect("compile examples/campus")
}

#[test]
fn campus_inventory_has_no_diagnostics() {
    let c = campus();
    let inv: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("E01") || d.code.starts_with("W01"))
        .collect();
    assert!(inv.is_empty(), "{inv:#?}");
}

#[test]
fn campus_inventory_holds_the_contract() {
    let c = campus();
    let inv = &c.inventory;
    assert_eq!(inv.nodes.len(), 20);
    assert_eq!(inv.locations.len(), 11);
    assert_eq!(inv.links.len(), 36);

    // nodes: enums, addresses, custom data typed from CSV cells
    let edge = inv.node("ams1-edge-01").expect("ams1-edge-01");
    assert_eq!(edge.vendor, Some("cisco"));
    assert_eq!(edge.role, Some("router"));
    assert_eq!(edge.lifecycle, Some("live"));
    assert_eq!(edge.model.as_deref(), Some("ISR4451"));
    assert_eq!(edge.mgmt_ip, Some("10.255.0.1".parse().unwrap()));
    assert_eq!(
        edge.custom_data.get_path(&["bgp", "asn"]),
        Some(&Value::Int(65001))
    );
    assert_eq!(
        edge.custom_data.get_path(&["oob"]),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        edge.custom_data.get_path(&["snmp", "location"]),
        Some(&Value::Str("Amsterdam, B1, MDF rack A1".into()))
    );
    assert_eq!(
        edge.fqdn(c.project.manifest.project.domain.as_deref()),
        "ams1-edge-01.campus.example.net"
    );
    let nyc = inv.node("nyc1-core-01").unwrap();
    assert_eq!(nyc.vendor, Some("juniper"));
    assert_eq!(
        nyc.custom_data.get_path(&["bgp", "asn"]),
        Some(&Value::Int(65002))
    );
    // an empty custom cell leaves the key absent
    assert_eq!(
        inv.node("ams1-dist-01")
            .unwrap()
            .custom_data
            .get_path(&["bgp", "asn"]),
        None
    );
    assert_eq!(
        inv.node("ams1-acc-b2f1-03").unwrap().lifecycle,
        Some("planned")
    );
    assert_eq!(
        inv.node("ams1-acc-b1f2-01").unwrap().os_version.as_deref(),
        Some("17.9.4")
    );

    // locations: a 4-level tree, TOML custom data with real types
    let path: Vec<&str> = inv
        .location_path("ams1-b1-f2")
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(path, ["emea", "ams1", "ams1-b1", "ams1-b1-f2"]);
    let ams1 = inv.location("ams1").unwrap();
    assert_eq!(ams1.kind.as_deref(), Some("site"));
    assert_eq!(
        ams1.custom_data.get_path(&["snmp", "contact"]),
        Some(&Value::Str("noc-ams@campus.example.net".into()))
    );

    // links: seen from each side, with peers and /31 addresses
    let core = inv.links_of("ams1-core-01");
    let to_dist = core
        .iter()
        .find(|e| e.peer_node() == Some("ams1-dist-02"))
        .expect("ams1-core-01 links to ams1-dist-02");
    assert_eq!(to_dist.interface(), "et-0/0/2");
    assert_eq!(to_dist.peer_interface(), Some("Ethernet49/1"));
    assert_eq!(to_dist.ip(), Some("10.0.0.8/31".parse().unwrap()));
    assert_eq!(to_dist.peer_ip(), Some("10.0.0.9/31".parse().unwrap()));
    assert_eq!(to_dist.link.mtu, Some(9216));
    let dist = inv.links_of("ams1-dist-02");
    let back = dist
        .iter()
        .find(|e| e.peer_node() == Some("ams1-core-01"))
        .unwrap();
    assert!(!back.is_a);
    assert_eq!(back.interface(), "Ethernet49/1");
    assert_eq!(back.ip(), Some("10.0.0.9/31".parse().unwrap()));
    // every access switch has two uplinks in ams1 (one per distribution switch)
    assert_eq!(inv.links_of("ams1-acc-b1f1-01").len(), 2);
    // the provider circuit has no z end
    let transit = inv.links_of("ams1-edge-01");
    let t = transit
        .iter()
        .find(|e| e.link.name.as_deref() == Some("ams1-transit-1"))
        .unwrap();
    assert_eq!(t.peer_node(), None);
    assert_eq!(t.link.bandwidth_mbps, Some(1000));
}

#[test]
fn campus_check_exits_zero() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/campus");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unetc"))
        .arg("check")
        .arg(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
