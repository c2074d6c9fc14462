//! examples/campus against its shipped running configs (examples/campus/live):
//! the intended configs are rendered from the project's real templates, the
//! running configs drift on purpose (see live/README.md), and the diff must
//! find exactly that drift — per node, per section — with the exact
//! remediation for each vendor family (IOS-XE, EOS, JunOS brace and set).
//!
//! The templates are applied here the way the example's policies apply them
//! (each vendor's three templates), with the custom_data values the live
//! configs were generated from, so the test does not depend on the policy
//! program's choices.

use clap::Parser;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unetc::cli::{diff::compare, Cli, Command};
use unetc::diff::{render, Verdict};
use unetc::policy::{AppliedTemplate, NodeEval, RuleRef};
use unetc::value::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/campus")
}

/// The evaluation the example's policies produce for a live node.
fn eval(n: &unetc::inventory::Node) -> Option<NodeEval> {
    let dir = match n.vendor? {
        v @ ("cisco" | "juniper" | "arista") => v,
        _ => return None,
    };
    let third = if dir == "juniper" {
        "protocols"
    } else {
        "routing"
    };
    let applied = ["system", "interfaces", third]
        .iter()
        .map(|t| AppliedTemplate {
            rule: RuleRef {
                name: "test".into(),
                span: Default::default(),
            },
            template: format!("templates/{dir}/{t}.j2"),
        })
        .collect();
    let mut cd = n.custom_data.clone();
    let site = if n.name.starts_with("ams1") { 0 } else { 1 };
    let one = |s: String| Value::List(vec![Value::Str(s)]);
    cd.set_path(&["ntp", "servers"], one(format!("10.255.{site}.10")));
    cd.set_path(&["syslog", "servers"], one(format!("10.255.{site}.50")));
    cd.set_path(&["dns", "servers"], one(format!("10.255.{site}.53")));
    cd.set_path(
        &["snmp", "contact"],
        Value::Str("noc@campus.example.net".into()),
    );
    cd.set_path(
        &["banner"],
        Value::Str("Authorized access only. This device is managed by unetc.".into()),
    );
    Some(NodeEval {
        node: n.name.clone(),
        applied,
        custom_data: cd,
        ..Default::default()
    })
}

fn campus() -> unetc::driver::Compilation {
    let files = unetc::project::disk::read(&root()).unwrap();
    let mut comp = unetc::driver::compile(&files, &Default::default()).unwrap();
    assert!(!comp.has_errors(), "{:#?}", comp.diagnostics);
    let evals: Vec<NodeEval> = comp
        .inventory
        .nodes
        .iter()
        .filter(|n| n.lifecycle == Some("live"))
        .filter_map(eval)
        .collect();
    let (templates, d) = unetc::render::compile(&comp.project);
    assert!(d.is_empty(), "{d:#?}");
    let (configs, d) = unetc::render::render_all(
        &templates,
        &comp.project,
        &comp.inventory,
        &comp.lock,
        &evals,
    );
    assert!(!d.iter().any(|d| d.is_error()), "{d:#?}");
    comp.configs = configs;
    comp
}

#[test]
fn campus_live_drift_is_found_exactly() {
    let comp = campus();
    let args = match Cli::try_parse_from(["unetc", "diff", "examples/campus", "--live"])
        .unwrap()
        .command
    {
        Command::Diff(a) => a,
        _ => unreachable!(),
    };
    let c = compare(&comp, &root(), &args).unwrap();
    assert!(
        !c.diagnostics
            .iter()
            .any(|d| d.code.starts_with("E06") || d.code == "W0601"),
        "{:#?}",
        c.diagnostics
    );
    assert_eq!(c.diffs.len(), 17);

    // which sections differ, per node (everything else is compliant)
    let mut changed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in &c.diffs {
        for s in &d.sections {
            if s.verdict != Verdict::Compliant {
                assert_eq!(s.verdict, Verdict::Changed, "{} {}", d.node, s.template);
                let t = s.template.rsplit('/').next().unwrap();
                changed.entry(d.node.as_str()).or_default().push(t);
            }
        }
    }
    let expected: BTreeMap<&str, Vec<&str>> = [
        ("ams1-acc-b1f1-01", vec!["system.j2", "interfaces.j2"]),
        ("ams1-acc-b1f2-01", vec!["system.j2"]),
        ("ams1-core-01", vec!["system.j2", "interfaces.j2"]),
        ("ams1-core-02", vec!["interfaces.j2"]),
        ("ams1-dist-01", vec!["system.j2", "interfaces.j2"]),
        (
            "ams1-edge-01",
            vec!["system.j2", "interfaces.j2", "routing.j2"],
        ),
        ("nyc1-core-01", vec!["protocols.j2"]),
        ("nyc1-edge-01", vec!["routing.j2"]),
    ]
    .into_iter()
    .collect();
    assert_eq!(changed, expected);

    let node = |n: &str| c.diffs.iter().find(|d| d.node == n).unwrap();
    // IOS-XE router
    assert_eq!(
        node("ams1-edge-01").remediation,
        [
            "no ntp server 10.255.0.99",
            "interface GigabitEthernet0/0/0",
            " description Transit: AS64496, circuit AMS-IP-4471",
            "router bgp 65001",
            " neighbor 203.0.113.0 description ams1-transit-1",
        ]
    );
    assert_eq!(
        node("nyc1-edge-01").remediation,
        ["router ospf 1", " network 10.0.1.0 0.0.0.1 area 0.0.0.0"]
    );
    // IOS-XE access switches: a banner replaced whole, a description restored,
    // a missing syslog host, a hand-made SNMP community removed
    assert_eq!(
        node("ams1-acc-b1f1-01").remediation,
        [
            "interface TenGigabitEthernet1/1/2",
            " description ams1-dist-02 Et1 | access uplink",
            "banner motd ^C\nAuthorized access only. This device is managed by unetc.\n^C",
        ]
    );
    assert_eq!(
        node("ams1-acc-b1f2-01").remediation,
        [
            "no snmp-server community Ams1-r0-c0mm RO",
            "logging host 10.255.0.50"
        ]
    );
    // EOS: an administratively shut uplink, a stale SNMP location
    assert_eq!(
        node("ams1-dist-01").remediation,
        [
            "interface Ethernet3",
            "   no shutdown",
            "snmp-server location emea / ams1 / ams1-b1",
        ]
    );
    // JunOS brace
    assert_eq!(
        node("ams1-core-01").remediation,
        [
            "delete system syslog host 10.200.0.50",
            "delete interfaces xe-0/1/0 mtu 1500",
            "set interfaces xe-0/1/0 description \"ams1-edge-01 GigabitEthernet0/0/1 | edge to core\"",
            "activate interfaces xe-0/1/1",
        ]
    );
    assert_eq!(
        node("ams1-core-02").remediation,
        [
            "set interfaces et-0/0/2 description \"ams1-dist-02 Ethernet50/1 | core to distribution\"",
            "set interfaces et-0/0/2 mtu 9216",
            "set interfaces et-0/0/2 unit 0 family inet address 10.0.0.12/31",
            "set interfaces et-0/0/2 unit 0 family mpls",
        ]
    );
    // JunOS set format (as some backup tools keep it)
    assert_eq!(node("nyc1-core-01").syntax.name(), "junos");
    assert_eq!(
        node("nyc1-core-01").remediation,
        ["delete protocols bgp group internal neighbor 10.0.1.9"]
    );

    // device noise and unmanaged lines never count as differences
    let acc = node("nyc1-acc-f1-01");
    assert!(!acc.differs());
    assert!(acc.unmanaged.iter().any(|u| u.text == "line vty 0 4"));

    // secrets stay masked in every format
    let show = render::Show {
        remediation: true,
        rollback: true,
        ..Default::default()
    };
    for out in [
        render::text(&c.diffs, show),
        render::side_by_side(&c.diffs, show, 120),
        render::json(&c.diffs, show).to_string(),
        render::html(&c.diffs, show, "campus"),
    ] {
        assert!(!out.contains("Ams1-r0-c0mm"));
        assert!(!out.contains("$9$"));
    }
    if let Ok(dir) = std::env::var("UNETC_CAMPUS_REPORT") {
        // for a look by hand: UNETC_CAMPUS_REPORT=/tmp cargo test --test campus_live
        let dir = Path::new(&dir);
        std::fs::write(
            dir.join("campus-diff.html"),
            render::html(&c.diffs, show, "campus"),
        )
        .unwrap();
        std::fs::write(dir.join("campus-diff.txt"), render::text(&c.diffs, show)).unwrap();
    }
    let summary = render::summary_line(&c.diffs);
    assert!(
        summary.starts_with("diff: 17 nodes (8 differ), 51 sections: 38 compliant, 13 changed"),
        "{summary}"
    );
}
