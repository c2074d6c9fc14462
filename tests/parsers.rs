//! The config parsers against real-world-shaped configs of every syntax
//! (tests/fixtures/configs, written for these tests): noise dropped,
//! nesting right, literals whole, source lines kept, slices as expected.

use unetc::config::{self, ConfigTree, LineKind, Pattern, Syntax};
use unetc::diag::FileId;

fn load(name: &str, syntax: Syntax) -> ConfigTree {
    let path = format!(
        "{}/tests/fixtures/configs/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let (t, d) = config::parse(&text, syntax, FileId(0));
    assert!(d.is_empty(), "{name}: {d:?}");
    t
}

fn tops(t: &ConfigTree) -> Vec<&str> {
    t.roots.iter().map(|&r| t.text(r)).collect()
}

fn child_texts<'a>(t: &'a ConfigTree, top: &str) -> Vec<&'a str> {
    let id = t
        .find_child(None, top)
        .unwrap_or_else(|| panic!("no `{top}`"));
    t.line(id).children.iter().map(|&c| t.text(c)).collect()
}

fn sliced(t: &ConfigTree, pats: &[&str]) -> String {
    let p: Vec<Pattern> = pats.iter().map(|p| Pattern::parse(p).unwrap()).collect();
    let r: Vec<&Pattern> = p.iter().collect();
    config::slice(t, &r).to_text()
}

#[test]
fn iosxe_campus_switch() {
    let t = load("iosxe-campus.cfg", Syntax::Ios);
    let tops = tops(&t);
    assert_eq!(tops[0], "version 17.9");
    assert!(!tops
        .iter()
        .any(|l| l.starts_with("Building") || l.starts_with("Current") || *l == "end"));
    assert!(tops.contains(&"hostname nyc1-acc-f1-01"));
    // address families with their exit lines dropped
    assert_eq!(
        child_texts(&t, "vrf definition Mgmt-vrf"),
        ["address-family ipv4", "address-family ipv6"]
    );
    let bgp = child_texts(&t, "router bgp 65002");
    assert_eq!(
        bgp,
        [
            "bgp router-id 10.255.1.21",
            "bgp log-neighbor-changes",
            "neighbor 10.1.2.0 remote-as 65002",
            "neighbor 10.1.2.0 description nyc1-dist-01",
            "address-family ipv4",
            "address-family ipv4 vrf GUEST"
        ]
    );
    // the certificate is one literal line under its chain, ending at `quit`
    let chain = t
        .find_child(None, "crypto pki certificate chain TP-self-signed-3201592")
        .unwrap();
    let cert = t.line(chain).children[0];
    assert_eq!(t.line(cert).kind, LineKind::Literal);
    assert!(t.text(cert).starts_with("certificate self-signed 01\n"));
    assert!(t.text(cert).ends_with("quit"));
    // the banner is one literal line, with its source line
    let banner = t
        .roots
        .iter()
        .copied()
        .find(|&r| t.text(r).starts_with("banner motd"))
        .unwrap();
    assert_eq!(t.line(banner).kind, LineKind::Literal);
    assert_eq!(t.text(banner).lines().count(), 5);
    assert_eq!(t.line(banner).source_line, 124);
    assert_eq!(
        sliced(&t, &["router bgp * > address-family * > neighbor *"]),
        "router bgp 65002\n address-family ipv4\n  neighbor 10.1.2.0 activate\n  neighbor 10.1.2.0 send-community both\n"
    );
    assert_eq!(
        sliced(&t, &["interface GigabitEthernet1/0/?"])
            .lines()
            .filter(|l| !l.starts_with(' '))
            .count(),
        2
    );
}

#[test]
fn nxos_leaf() {
    let t = load("nxos.cfg", Syntax::Nxos);
    let tops = tops(&t);
    assert_eq!(tops[0], "version 9.3(8) Bios:version 05.45");
    assert!(tops.contains(&"no feature telnet"));
    assert!(tops
        .iter()
        .any(|l| l.starts_with("banner motd #\nAuthorized access only\n#")));
    assert_eq!(
        sliced(&t, &["router bgp * > neighbor * > address-family *"]),
        "router bgp 65010\n  neighbor 10.2.0.0\n    address-family ipv4 unicast\n      send-community\n"
    );
    assert_eq!(
        child_texts(&t, "vrf context management"),
        ["ip route 0.0.0.0/0 10.255.2.1"]
    );
}

#[test]
fn eos_distribution_switch() {
    let t = load("eos.cfg", Syntax::Eos);
    let tops = tops(&t);
    assert_eq!(tops[0], "no aaa root");
    assert!(tops.contains(
        &"banner motd\nAuthorized access only.\nDisconnect now if you are not authorised.\nEOF"
    ));
    assert_eq!(tops.last(), Some(&"management api http-commands"));
    assert_eq!(
        child_texts(&t, "interface Ethernet1"),
        [
            "description ams1-core-01 xe-0/1/0",
            "mtu 9214",
            "no switchport",
            "ip address 10.0.1.1/31"
        ]
    );
    assert_eq!(
        sliced(&t, &["router bgp * > address-family ipv4"]),
        "router bgp 65001\n   address-family ipv4\n      neighbor 10.0.1.0 activate\n      network 10.255.0.11/32\n"
    );
}

#[test]
fn iosxr_pe() {
    let t = load("iosxr.cfg", Syntax::Iosxr);
    let tops = tops(&t);
    assert_eq!(tops[0], "hostname pe1.lab");
    assert!(!tops.iter().any(|l| l.starts_with("Mon ") || *l == "end"));
    assert_eq!(
        child_texts(&t, "prefix-set LOOPBACKS"),
        ["10.255.3.0/24 le 32"]
    );
    assert_eq!(
        child_texts(&t, "route-policy EXPORT"),
        ["if destination in LOOPBACKS then", "else", "endif"]
    );
    assert_eq!(
        sliced(&t, &["router bgp * > neighbor *"]),
        "router bgp 65003\n neighbor 10.3.0.1\n  remote-as 65003\n  update-source Loopback0\n  address-family ipv4 unicast\n   route-policy EXPORT out\n"
    );
}

#[test]
fn junos_brace_core() {
    let t = load("junos-core.conf", Syntax::Junos);
    assert_eq!(
        tops(&t),
        [
            "version 22.4R3.25",
            "system",
            "chassis",
            "interfaces",
            "snmp",
            "policy-options",
            "routing-options",
            "protocols"
        ]
    );
    let flat = t.flatten();
    let has = |s: &str| assert!(flat.iter().any(|l| l == s), "missing `{s}` in {flat:#?}");
    has("set system login message \"Authorized access only; {all} sessions are logged\"");
    has("set system name-server 10.255.0.53");
    has("set interfaces ae0 unit 0 family ethernet-switching vlan members 20");
    has("deactivate interfaces xe-0/1/0");
    has("set interfaces et-0/0/0 unit 0 family iso");
    has("set policy-options policy-statement EXPORT-LOOPBACKS term loopbacks then accept");
    // annotations and `## SECRET-DATA` comments are not statements
    assert!(!flat
        .iter()
        .any(|l| l.contains("managed by") || l.contains("SECRET-DATA")));
    let protocols = t.find_child(None, "protocols").unwrap();
    let bgp = t.line(protocols).children[0];
    assert_eq!((t.text(bgp), t.line(bgp).tag), ("bgp", Some("replace")));
    assert_eq!(
        sliced(&t, &["interfaces > xe-*"]),
        "interfaces {\n    inactive: xe-0/1/0 {\n        description \"ams1-dist-01 Ethernet1 (spare)\";\n        unit 0 {\n            family inet {\n                address 10.0.1.0/31;\n            }\n        }\n    }\n}\n"
    );
}

#[test]
fn junos_set_core_builds_the_brace_shape() {
    let t = load("junos-core.set", Syntax::Junos);
    assert_eq!(t.syntax, Syntax::JunosSet);
    assert_eq!(
        tops(&t),
        [
            "system",
            "interfaces",
            "snmp",
            "routing-options",
            "protocols"
        ]
    );
    let mut brace = t.clone();
    brace.syntax = Syntax::Junos;
    let text = brace.to_text();
    assert!(text.contains("    inactive: xe-0/1/0 {\n"), "{text}");
    assert!(text.contains("    syslog {\n        host 10.255.1.50 {\n            any notice;\n"));
    assert!(text.contains("        group EDGE {\n            type external;\n"));
    // the brace text parses back to the same set lines
    let (b, d) = config::parse(&text, Syntax::Junos, FileId(0));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(b.flatten(), t.flatten());
    assert_eq!(
        sliced(&t, &["protocols > ospf"]),
        "set protocols ospf area 0.0.0.0 interface lo0.0 passive\nset protocols ospf area 0.0.0.0 interface et-0/0/0.0 interface-type p2p\n"
    );
}

#[test]
fn parsers_never_panic_on_garbage() {
    let inputs = [
        "",
        "\n\n",
        "}",
        "{",
        "[",
        "]",
        ";",
        "\"",
        "/*",
        "banner motd ^C",
        "banner motd",
        "banner exec #x",
        "set",
        "delete",
        "a {\n b [ c\n",
        "\u{feff}hostname x\r\n interface\tx\r\n",
        " \t \n\t x",
        "certificate self-signed 01\n 00\n",
        "inactive:",
        "inactive: x {",
        "x \"a\\\"b\" ;",
    ];
    for s in ALL {
        for i in inputs {
            let _ = config::parse(i, *s, FileId(0));
        }
    }
}

const ALL: &[Syntax] = &[
    Syntax::Ios,
    Syntax::Nxos,
    Syntax::Eos,
    Syntax::Iosxr,
    Syntax::Junos,
    Syntax::JunosSet,
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// No input makes a parser panic; every diagnostic span lies inside the text.
    #[test]
    fn parsers_never_panic(text in "[a-z0-9\\\\ {}\\[\\];\"#!/*^\\n\\t\u{feff}é-]{0,200}") {
        for s in ALL {
            let (t, d) = config::parse(&text, *s, FileId(0));
            for diag in &d {
                let span = diag.primary.as_ref().unwrap().span;
                proptest::prop_assert!(span.end as usize <= text.len() && span.start <= span.end);
                proptest::prop_assert!(text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize));
            }
            let _ = t.to_text();
            let _ = t.flatten();
        }
    }
}

#[test]
fn byte_order_mark_is_ignored() {
    for s in [Syntax::Ios, Syntax::Junos, Syntax::JunosSet] {
        let text = match s {
            Syntax::Ios => "\u{feff}hostname a\n",
            Syntax::Junos => "\u{feff}system {\n    host-name a;\n}\n",
            _ => "\u{feff}set system host-name a\n",
        };
        let (t, d) = config::parse(text, s, FileId(0));
        assert!(d.is_empty(), "{d:?}");
        assert!(!t.text(t.roots[0]).starts_with('\u{feff}'));
    }
}
