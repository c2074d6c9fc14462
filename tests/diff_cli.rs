//! `unetc diff`'s comparison step (`cli::diff::compare`) on a compiled
//! project whose intended configs are given here, against running configs
//! in tests/fixtures/live (campus-shaped, with drift): per-section verdicts, `W0601` for
//! a node with no running config, remediation per vendor family, secrets
//! masked in every output format.

use clap::Parser;
use std::path::Path;
use unetc::cli::{diff::compare, Cli, Command};
use unetc::diff::{render, Verdict};
use unetc::inventory::{Inventory, Node};
use unetc::render::{RenderedConfig, RenderedSection};

fn section(template: &str, pattern: &str, text: &str) -> RenderedSection {
    RenderedSection {
        template: template.into(),
        pattern: pattern.into(),
        text: text.into(),
    }
}

fn config(node: &str, sections: Vec<RenderedSection>) -> RenderedConfig {
    let text = sections.iter().map(|s| s.text.as_str()).collect();
    RenderedConfig {
        node: node.into(),
        sections,
        text,
    }
}

fn node(name: &str, vendor: &'static str, ip: &str) -> Node {
    Node {
        name: name.into(),
        vendor: Some(vendor),
        mgmt_ip: Some(ip.parse().unwrap()),
        ..Default::default()
    }
}

fn compilation(root: &Path) -> unetc::driver::Compilation {
    let mut files = unetc::project::FileSet::default();
    files.insert(
        "unet.toml",
        "[project]\nname = \"campus\"\n[live]\nsource = \"dir\"\npath = \"live\"\n[vendors.juniper]\nsyntax = \"junos\"\n",
    );
    let (project, diags) = unetc::project::load(&files);
    assert!(diags.is_empty(), "{diags:?}");
    let live = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live");
    std::fs::create_dir_all(root.join("live")).unwrap();
    for n in ["ams1-edge-01", "ams1-core-01", "nyc1-core-01"] {
        std::fs::copy(
            live.join(format!("{n}.cfg")),
            root.join(format!("live/{n}.cfg")),
        )
        .unwrap();
    }
    let inventory = Inventory::new(
        vec![],
        vec![
            node("ams1-edge-01", "cisco", "10.255.0.1"),
            node("ams1-core-01", "juniper", "10.255.0.2"),
            node("nyc1-core-01", "juniper", "10.255.1.2"),
            node("ams1-acc-b2f1-03", "cisco", "10.255.0.27"),
        ],
        vec![],
    );
    let edge = config(
        "ams1-edge-01",
        vec![
            section(
                "templates/cisco/system.j2",
                "/^(hostname|ip domain|ntp|logging host|snmp-server|banner|username) /",
                "hostname ams1-edge-01\nip domain name campus.example.net\nlogging host 10.255.0.50\n\
                 username netops privilege 15 secret 9 $9$Pq2Wr4Et6Yu8.$Io0Pa2Sd4Fg6Hj8Kl0Zx2Cv4Bn6Mq8We0Rt2Yu4Io6P\n\
                 snmp-server community Ams1-r0-c0mm RO\nsnmp-server location Amsterdam, B1, MDF rack A1\n\
                 snmp-server contact noc@campus.example.net\nntp server 10.255.0.10\n\
                 banner motd ^C\nAuthorized access only. This device is managed by unetc.\n^C\n",
            ),
            section(
                "templates/cisco/interfaces.j2",
                "interface GigabitEthernet0/0/*",
                "interface GigabitEthernet0/0/0\n description Transit: AS64496, circuit AMS-IP-4471\n ip address 203.0.113.1 255.255.255.254\n negotiation auto\n\
                 interface GigabitEthernet0/0/1\n description ams1-core-01 xe-0/1/0\n ip address 10.0.0.0 255.255.255.254\n negotiation auto\n\
                 interface GigabitEthernet0/0/2\n description ams1-core-02 xe-0/1/0\n ip address 10.0.0.2 255.255.255.254\n negotiation auto\n",
            ),
        ],
    );
    let core_system = "system {\n    host-name ams1-core-01;\n    syslog {\n        host 10.255.0.50 {\n            any notice;\n        }\n        file messages {\n            any notice;\n        }\n    }\n    ntp {\n        server 10.255.0.10;\n    }\n}\n";
    let core = config(
        "ams1-core-01",
        vec![
            section("templates/juniper/system.j2", "system > /^(host-name|syslog|ntp)/", core_system),
            section(
                "templates/juniper/interfaces.j2",
                "interfaces > xe-*",
                "interfaces {\n    xe-0/1/0 {\n        description \"ams1-edge-01 GigabitEthernet0/0/1\";\n        mtu 9216;\n        unit 0 {\n            family inet {\n                address 10.0.0.1/31;\n            }\n        }\n    }\n    xe-0/1/1 {\n        description \"ams1-fw-01 ethernet1/1\";\n        unit 0 {\n            family inet {\n                address 10.0.0.14/31;\n            }\n        }\n    }\n}\n",
            ),
        ],
    );
    let nyc = config(
        "nyc1-core-01",
        vec![section(
            "templates/juniper/protocols.j2",
            "protocols > bgp",
            "protocols {\n    bgp {\n        group IBGP {\n            type internal;\n            local-address 10.255.1.2;\n            neighbor 10.0.1.0 {\n                description \"nyc1-edge-01\";\n            }\n        }\n    }\n}\n",
        )],
    );
    let planned = config(
        "ams1-acc-b2f1-03",
        vec![section(
            "templates/cisco/system.j2",
            "/^hostname /",
            "hostname ams1-acc-b2f1-03\n",
        )],
    );
    unetc::driver::Compilation {
        project: project.unwrap(),
        inventory,
        lock: Default::default(),
        evals: vec![],
        configs: vec![edge, core, nyc, planned],
        diagnostics: vec![],
        timings: vec![],
    }
}

fn args(extra: &[&str]) -> unetc::cli::diff::DiffArgs {
    let mut v = vec!["unetc", "diff", "."];
    v.extend_from_slice(extra);
    match Cli::try_parse_from(v).unwrap().command {
        Command::Diff(a) => a,
        _ => unreachable!(),
    }
}

#[test]
fn diff_against_the_campus_live_configs() {
    let tmp = tempfile::tempdir().unwrap();
    let comp = compilation(tmp.path());
    let c = compare(&comp, tmp.path(), &args(&["--live"])).unwrap();
    // the planned node has no running config: a warning, the others go on
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0601"]);
    assert_eq!(
        c.diagnostics[0].message,
        "running config of `ams1-acc-b2f1-03` is unavailable: no file `live/ams1-acc-b2f1-03.cfg`"
    );
    let names: Vec<&str> = c.diffs.iter().map(|d| d.node.as_str()).collect();
    assert_eq!(names, ["ams1-core-01", "ams1-edge-01", "nyc1-core-01"]);

    let edge = &c.diffs[1];
    assert_eq!(edge.source, "live/ams1-edge-01.cfg");
    let v: Vec<Verdict> = edge.sections.iter().map(|s| s.verdict).collect();
    assert_eq!(v, [Verdict::Changed, Verdict::Changed]);
    assert_eq!(
        edge.remediation,
        [
            "no username test privilege 15 secret 9 $9$Zz9Yy8Xx7Ww6.$Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2H",
            "no ntp server 10.255.0.99",
            "interface GigabitEthernet0/0/0",
            " description Transit: AS64496, circuit AMS-IP-4471",
        ]
    );
    assert!(edge.unmanaged.iter().any(|u| u.text == "router bgp 65001"));

    let core = &c.diffs[0];
    assert_eq!(core.syntax.name(), "junos");
    assert_eq!(
        core.remediation,
        [
            "delete system syslog host 10.200.0.50",
            "set interfaces xe-0/1/0 description \"ams1-edge-01 GigabitEthernet0/0/1\"",
            "set interfaces xe-0/1/0 mtu 9216",
            "activate interfaces xe-0/1/1",
        ]
    );
    // the set-format running config is read as junos-set and compared the same way
    let nyc = &c.diffs[2];
    assert_eq!(nyc.sections[0].verdict, Verdict::Changed);
    assert_eq!(
        nyc.remediation,
        ["delete protocols bgp group IBGP neighbor 10.0.1.9"]
    );
    assert_eq!(
        nyc.sections[0].extra,
        ["protocols > bgp > group IBGP > neighbor 10.0.1.9"]
    );

    // secrets never leave unmasked, in any format
    let show = render::Show {
        remediation: true,
        rollback: true,
        ..Default::default()
    };
    let outputs = [
        render::text(&c.diffs, show),
        render::side_by_side(&c.diffs, show, 120),
        serde_json::to_string(&render::json(&c.diffs, show)).unwrap(),
        render::html(&c.diffs, show, "campus"),
    ];
    for out in &outputs {
        for secret in [
            "Ams1-r0-c0mm",
            "$9$Zz9Yy8",
            "$9$Pq2Wr4",
            "$6$Hh2jK",
            "Nyc1-r0-c0mm",
        ] {
            assert!(!out.contains(secret), "`{secret}` leaked");
        }
    }
    let text = &outputs[0];
    assert!(text.contains("  changed   templates/cisco/system.j2"));
    assert!(text.contains("-ntp server 10.255.0.99"));
    assert!(text.contains("    no username test privilege 15 secret 9 <masked>"));
    let json = render::json(&c.diffs, show);
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["nodes"], 3);
    assert_eq!(json["nodes"][1]["sections"][0]["verdict"], "changed");
}

#[test]
fn against_another_build() {
    let tmp = tempfile::tempdir().unwrap();
    let comp = compilation(tmp.path());
    let other = tmp.path().join("old/configs");
    std::fs::create_dir_all(&other).unwrap();
    for c in &comp.configs {
        let text = c
            .text
            .replace("ntp server 10.255.0.10", "ntp server 10.255.0.11");
        std::fs::write(other.join(format!("{}.cfg", c.node)), text).unwrap();
    }
    let dir = tmp.path().join("old");
    let c = compare(
        &comp,
        tmp.path(),
        &args(&["--against", dir.to_str().unwrap()]),
    )
    .unwrap();
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let differing: Vec<&str> = c
        .diffs
        .iter()
        .filter(|d| d.differs())
        .map(|d| d.node.as_str())
        .collect();
    // (the JunOS text has no `ntp server` line to change)
    assert_eq!(differing, ["ams1-edge-01"]);
    let edge = c.diffs.iter().find(|d| d.node == "ams1-edge-01").unwrap();
    assert_eq!(
        edge.source,
        format!("{}/configs/ams1-edge-01.cfg", dir.display())
    );
    assert_eq!(
        edge.remediation,
        ["no ntp server 10.255.0.11", "ntp server 10.255.0.10"]
    );
}
