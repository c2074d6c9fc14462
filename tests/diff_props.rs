//! Properties of the diff engine over generated configs:
//! * diff(x, x) is compliant everywhere, with no remediation;
//! * applying the remediation to running yields intended (as trees), and
//!   applying the rollback to intended yields running — for IOS-style
//!   configs (through a configuration-mode interpreter) and JunOS `set`
//!   configs (by loading the commands after the running lines).

use proptest::prelude::*;
use std::collections::BTreeMap;
use unetc::config::{self, Syntax};
use unetc::diag::FileId;
use unetc::diff::{self, remediation};
use unetc::render::RenderedSection;

const IOS_SECTIONS: &[(&str, &str)] = &[
    ("templates/system.j2", "/^(hostname|ntp|logging) /"),
    ("templates/interfaces.j2", "interface *"),
    ("templates/acl.j2", "ip access-list *"),
    ("templates/bgp.j2", "router bgp * > neighbor *"),
];

/// One interface: idempotent settings are unique by construction.
fn interface() -> impl Strategy<Value = (u8, Vec<String>)> {
    (
        0u8..5,
        proptest::option::of(0u8..3),
        proptest::option::of(1u8..4),
        proptest::option::of(0u8..3),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just(1500u16), Just(9000u16)]),
        any::<bool>(),
        proptest::option::of(1u8..3),
    )
        .prop_map(|(n, desc, vlan, ip, shut, mtu, portfast, storm)| {
            let mut c = Vec::new();
            if let Some(d) = desc {
                c.push(format!("description link {d}"));
            }
            if let Some(v) = vlan {
                c.push(format!("switchport access vlan {v}"));
            }
            if let Some(i) = ip {
                c.push(format!("ip address 10.{i}.0.1 255.255.255.0"));
            }
            if shut {
                c.push("shutdown".into());
            }
            if let Some(m) = mtu {
                c.push(format!("mtu {m}"));
            }
            if portfast {
                c.push("spanning-tree portfast".into());
            }
            if let Some(l) = storm {
                c.push(format!("storm-control broadcast level {l}.00"));
            }
            (n, c)
        })
}

fn ios_config() -> impl Strategy<Value = String> {
    (
        proptest::option::of(0u8..3),
        proptest::collection::btree_set(0u8..5, 0..4),
        proptest::collection::btree_set(0u8..5, 0..3),
        proptest::collection::vec(interface(), 0..4),
        proptest::collection::vec((0u8..3, proptest::collection::vec(0u8..4, 0..4)), 0..3),
        proptest::collection::btree_map(0u8..4, 0u8..3, 0..4),
        any::<bool>(),
    )
        .prop_map(|(host, ntp, log, ifs, acls, nbrs, bgp_extra)| {
            let mut out = String::new();
            if let Some(h) = host {
                out.push_str(&format!("hostname sw{h}\n"));
            }
            for n in ntp {
                out.push_str(&format!("ntp server 10.0.0.{n}\n"));
            }
            for l in log {
                out.push_str(&format!("logging host 10.1.1.{l}\n"));
            }
            let ifs: BTreeMap<u8, Vec<String>> = ifs.into_iter().collect();
            for (n, children) in ifs {
                out.push_str(&format!("interface GigabitEthernet1/0/{n}\n"));
                for c in children {
                    out.push_str(&format!(" {c}\n"));
                }
            }
            let acls: BTreeMap<u8, Vec<u8>> = acls.into_iter().collect();
            for (a, entries) in acls {
                out.push_str(&format!("ip access-list extended ACL{a}\n"));
                for (i, e) in entries.iter().enumerate() {
                    out.push_str(&format!(
                        " {} permit ip any host 10.9.0.{e}\n",
                        (i + 1) * 10
                    ));
                }
            }
            if !nbrs.is_empty() || bgp_extra {
                out.push_str("router bgp 65001\n");
                if bgp_extra {
                    out.push_str(" bgp log-neighbor-changes\n");
                }
                for (n, asn) in nbrs {
                    out.push_str(&format!(" neighbor 10.0.1.{n} remote-as 6500{asn}\n"));
                }
            }
            out
        })
}

/// The sections (their text is not needed: the diff slices the whole
/// intended config by each section's pattern).
fn sections(defs: &[(&str, &str)], _intended: &str) -> Vec<RenderedSection> {
    defs.iter()
        .map(|(t, p)| RenderedSection {
            template: (*t).into(),
            pattern: (*p).into(),
            text: String::new(),
        })
        .collect()
}

fn ios_tree(text: &str) -> config::ConfigTree {
    let (t, d) = config::parse(text, Syntax::Ios, FileId(0));
    assert!(d.is_empty(), "{d:?}");
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ios_diff_of_itself_is_empty(x in ios_config()) {
        let s = sections(IOS_SECTIONS, &x);
        let (d, diags) = diff::diff_texts("n", Syntax::Ios, &s, &x, FileId(0), &x, FileId(1));
        prop_assert!(diags.is_empty());
        prop_assert!(!d.differs(), "{:#?}", d.sections);
        prop_assert!(d.remediation.is_empty() && d.rollback.is_empty());
    }

    #[test]
    fn ios_remediation_turns_running_into_intended(intended in ios_config(), running in ios_config()) {
        let s = sections(IOS_SECTIONS, &intended);
        let (d, _) = diff::diff_texts("n", Syntax::Ios, &s, &intended, FileId(0), &running, FileId(1));
        let secs = diff::sections(&s).0;
        let (i, r) = (ios_tree(&intended), ios_tree(&running));
        let fixed = remediation::apply_ios(&r, &d.remediation);
        let after = diff::diff_trees("n", &secs, &i, &fixed);
        prop_assert!(!after.differs(), "remediation {:#?}\nleft {:#?}", d.remediation, after.sections);
        let back = remediation::apply_ios(&i, &d.rollback);
        let after = diff::diff_trees("n", &secs, &r, &back);
        prop_assert!(!after.differs(), "rollback {:#?}\nleft {:#?}", d.rollback, after.sections);
    }
}

const JUNOS_SECTIONS: &[(&str, &str)] = &[
    ("templates/juniper/system.j2", "system"),
    ("templates/juniper/interfaces.j2", "interfaces"),
    ("templates/juniper/protocols.j2", "protocols"),
];

fn junos_config() -> impl Strategy<Value = String> {
    (
        proptest::option::of(0u8..3),
        proptest::collection::btree_set(0u8..4, 0..3),
        proptest::collection::btree_map(
            0u8..4,
            (
                proptest::option::of(0u8..3),
                proptest::option::of(0u8..3),
                any::<bool>(),
            ),
            0..4,
        ),
        proptest::collection::btree_map(0u8..4, 0u8..3, 0..3),
    )
        .prop_map(|(host, ntp, ifs, nbrs)| {
            let mut out = String::new();
            if let Some(h) = host {
                out.push_str(&format!("set system host-name r{h}\n"));
            }
            for n in ntp {
                out.push_str(&format!("set system ntp server 10.0.0.{n}\n"));
            }
            for (n, (desc, addr, inactive)) in ifs {
                let name = format!("xe-0/0/{n}");
                if let Some(d) = desc {
                    out.push_str(&format!("set interfaces {name} description \"link {d}\"\n"));
                }
                if let Some(a) = addr {
                    out.push_str(&format!(
                        "set interfaces {name} unit 0 family inet address 10.{a}.{n}.0/31\n"
                    ));
                }
                out.push_str(&format!("set interfaces {name} mtu 9216\n"));
                if inactive {
                    out.push_str(&format!("deactivate interfaces {name}\n"));
                }
            }
            for (n, asn) in nbrs {
                out.push_str(&format!(
                    "set protocols bgp group EBGP neighbor 10.1.0.{n} peer-as 6500{asn}\n"
                ));
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn junos_diff_of_itself_is_empty(x in junos_config()) {
        let s = sections(JUNOS_SECTIONS, &x);
        let (d, _) = diff::diff_texts("n", Syntax::Junos, &s, &x, FileId(0), &x, FileId(1));
        prop_assert!(!d.differs());
    }

    #[test]
    fn junos_remediation_turns_running_into_intended(intended in junos_config(), running in junos_config()) {
        let s = sections(JUNOS_SECTIONS, &intended);
        let secs = diff::sections(&s).0;
        let (d, _) = diff::diff_texts("n", Syntax::Junos, &s, &intended, FileId(0), &running, FileId(1));
        let applied = format!("{running}{}\n", d.remediation.join("\n"));
        let (i, _) = config::parse(&intended, Syntax::Junos, FileId(0));
        let (a, _) = config::parse(&applied, Syntax::Junos, FileId(0));
        let after = diff::diff_trees("n", &secs, &i, &a);
        prop_assert!(!after.differs(), "remediation {:#?}\nleft {:#?}", d.remediation, after.sections);
        let back = format!("{intended}{}\n", d.rollback.join("\n"));
        let (r, _) = config::parse(&running, Syntax::Junos, FileId(0));
        let (b, _) = config::parse(&back, Syntax::Junos, FileId(0));
        let after = diff::diff_trees("n", &secs, &r, &b);
        prop_assert!(!after.differs(), "rollback {:#?}\nleft {:#?}", d.rollback, after.sections);
    }
}
