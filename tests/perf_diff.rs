//! Scale check for slicing + diffing (issue 5): 10,000 generated configs of
//! ~500 lines (IOS-style, one in ten JunOS), each with drift, diffed section
//! by section in parallel. Ignored by default; measure in release:
//!
//! ```text
//! cargo test --release --test perf_diff -- --ignored --nocapture
//! ```

use std::fmt::Write as _;
use std::time::Instant;
use unetc::config::Syntax;
use unetc::diag::FileId;
use unetc::diff;
use unetc::render::RenderedSection;

fn ios(n: usize, drift: bool) -> String {
    let mut s = String::with_capacity(24_000);
    if drift {
        s.push_str("Building configuration...\n\nCurrent configuration : 23456 bytes\n!\n");
    }
    let _ = writeln!(s, "hostname acc-{n:05}");
    for i in 0..4 {
        let _ = writeln!(s, "ntp server 10.0.{i}.1");
        let _ = writeln!(s, "logging host 10.1.{i}.1");
    }
    if drift {
        s.push_str("ntp server 10.9.9.9\n");
    }
    for v in 1..=20 {
        let _ = writeln!(s, "vlan {v}\n name VLAN{v}");
    }
    for p in 1..=48 {
        let _ = writeln!(s, "interface GigabitEthernet1/0/{p}");
        let desc = if drift && p == 7 { "old" } else { "user port" };
        let _ = writeln!(s, " description {desc} {p}");
        let _ = writeln!(s, " switchport access vlan {}", p % 20 + 1);
        s.push_str(" switchport voice vlan 20\n switchport mode access\n spanning-tree portfast\n spanning-tree bpduguard enable\n");
        if !(drift && p == 9) {
            s.push_str(" storm-control broadcast level 1.00\n");
        }
    }
    s.push_str("ip access-list extended MGMT\n");
    for e in 1..=20 {
        let _ = writeln!(s, " {} permit ip 10.255.{e}.0 0.0.0.255 any", e * 10);
    }
    s.push_str("router bgp 65001\n bgp log-neighbor-changes\n");
    for b in 0..20 {
        let _ = writeln!(
            s,
            " neighbor 10.2.{b}.1 remote-as 65000\n neighbor 10.2.{b}.1 description peer {b}"
        );
    }
    s.push_str("line vty 0 4\n transport input ssh\n");
    s
}

fn junos(n: usize, drift: bool) -> String {
    let mut s = String::with_capacity(24_000);
    let _ = writeln!(s, "system {{\n    host-name core-{n:05};\n    ntp {{\n        server 10.0.0.1;\n        server 10.0.1.1;\n    }}\n}}");
    s.push_str("interfaces {\n");
    for p in 0..48 {
        let mtu = if drift && p == 3 { 1500 } else { 9216 };
        let _ = writeln!(
            s,
            "    xe-0/0/{p} {{\n        description \"link {p}\";\n        mtu {mtu};\n        unit 0 {{\n            family inet {{\n                address 10.{}.{p}.0/31;\n            }}\n        }}\n    }}",
            n % 250
        );
    }
    s.push_str("}\nprotocols {\n    bgp {\n        group EBGP {\n");
    for b in 0..10 {
        let _ = writeln!(
            s,
            "            neighbor 10.3.{b}.1 {{\n                peer-as 65002;\n            }}"
        );
    }
    s.push_str("        }\n    }\n}\n");
    s
}

#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn slice_and_diff_10k_configs() {
    let n = 10_000;
    let ios_secs: Vec<RenderedSection> = [
        ("system.j2", "/^(hostname|ntp|logging) /"),
        ("vlans.j2", "vlan *"),
        ("interfaces.j2", "interface *"),
        ("acl.j2", "ip access-list *"),
        ("bgp.j2", "router bgp * > neighbor *"),
    ]
    .iter()
    .map(|(t, p)| RenderedSection {
        template: (*t).into(),
        pattern: (*p).into(),
        text: String::new(),
    })
    .collect();
    let junos_secs: Vec<RenderedSection> = [
        ("system.j2", "system"),
        ("interfaces.j2", "interfaces"),
        ("protocols.j2", "protocols"),
    ]
    .iter()
    .map(|(t, p)| RenderedSection {
        template: (*t).into(),
        pattern: (*p).into(),
        text: String::new(),
    })
    .collect();
    let t0 = Instant::now();
    let data: Vec<(Syntax, String, String)> = (0..n)
        .map(|i| {
            if i % 10 == 0 {
                (Syntax::Junos, junos(i, false), junos(i, true))
            } else {
                (Syntax::Ios, ios(i, false), ios(i, true))
            }
        })
        .collect();
    let lines: usize = data.iter().map(|d| d.2.lines().count()).sum();
    eprintln!(
        "generated {n} configs, {lines} running lines in {:?}",
        t0.elapsed()
    );
    let inputs: Vec<diff::NodeInput<'_>> = data
        .iter()
        .enumerate()
        .map(|(i, (syn, int, run))| diff::NodeInput {
            node: "node",
            syntax: *syn,
            sections: if *syn == Syntax::Junos {
                &junos_secs
            } else {
                &ios_secs
            },
            intended: int,
            intended_file: FileId(2 * i as u32),
            running: run,
            running_file: FileId(2 * i as u32 + 1),
            source: "bench",
        })
        .collect();
    let t1 = Instant::now();
    let (diffs, diags) = diff::diff_nodes(&inputs);
    let took = t1.elapsed();
    assert!(diags.is_empty());
    assert_eq!(diffs.len(), n);
    assert!(diffs.iter().all(diff::NodeDiff::differs));
    let cmds: usize = diffs.iter().map(|d| d.remediation.len()).sum();
    eprintln!(
        "sliced + diffed {n} configs ({lines} running lines, {} threads) in {:.2?}: {cmds} remediation commands",
        rayon::current_num_threads(),
        took
    );
}
