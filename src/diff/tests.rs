//! Unit tests of the diff engine: verdicts, remediation per vendor family
//! (exact command lists), rollback, unmanaged lines, masking.

use super::*;
use crate::diag::FileId;

fn sec(template: &str, pattern: &str, text: &str) -> RenderedSection {
    RenderedSection {
        template: template.into(),
        pattern: pattern.into(),
        text: text.into(),
    }
}

fn run(syntax: Syntax, sections: &[RenderedSection], running: &str) -> NodeDiff {
    let intended: String = sections.iter().map(|s| s.text.as_str()).collect();
    let (d, diags) = diff_texts(
        "n1",
        syntax,
        sections,
        &intended,
        FileId(0),
        running,
        FileId(1),
    );
    assert!(diags.is_empty(), "{diags:?}");
    d
}

#[test]
fn identical_is_compliant_with_no_commands() {
    let s = [sec(
        "t/sys.j2",
        "/^(hostname|ntp) /",
        "hostname a\nntp server 1.1.1.1\n",
    )];
    let d = run(Syntax::Ios, &s, "ntp server 1.1.1.1\nhostname a\n");
    assert_eq!(d.sections[0].verdict, Verdict::Compliant);
    assert!(d.remediation.is_empty() && d.rollback.is_empty());
    assert!(!d.differs());
}

#[test]
fn verdicts_missing_and_extra() {
    let s = [
        sec(
            "t/a.j2",
            "interface Loopback*",
            "interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n",
        ),
        sec("t/b.j2", "router ospf *", ""),
    ];
    let d = run(
        Syntax::Ios,
        &s,
        "router ospf 1\n network 0.0.0.0 255.255.255.255 area 0\nhostname x\n",
    );
    assert_eq!(d.sections[0].verdict, Verdict::Missing);
    assert_eq!(d.sections[1].verdict, Verdict::Extra);
    assert_eq!(d.unmanaged_lines(), 1);
    assert_eq!(
        d.remediation,
        [
            "no router ospf 1",
            "interface Loopback0",
            " ip address 10.0.0.1 255.255.255.255",
        ]
    );
    assert_eq!(
        d.rollback,
        [
            "no interface Loopback0",
            "router ospf 1",
            " network 0.0.0.0 255.255.255.255 area 0",
        ]
    );
}

const IOS_INTENDED: &str = "hostname ams1-acc-01\nip domain name example.net\nntp server 10.0.0.1\nntp server 10.0.0.2\n\
interface GigabitEthernet1/0/1\n description uplink to dist-01\n switchport mode trunk\n no shutdown\n\
ip access-list extended MGMT\n 10 permit ip 10.255.0.0 0.0.0.255 any\n 20 deny ip any any log\n\
router bgp 65001\n neighbor 10.0.0.1 remote-as 65000\n neighbor 10.0.0.1 description core\n";

const IOS_RUNNING: &str = "Building configuration...\n\nCurrent configuration : 999 bytes\n!\nhostname old-name\nip domain name example.net\nntp server 10.0.0.1\nntp server 10.9.9.9\n!\n\
interface GigabitEthernet1/0/1\n description old uplink\n switchport mode trunk\n spanning-tree portfast\n no shutdown\n!\n\
ip access-list extended MGMT\n 20 deny ip any any log\n 10 permit ip 10.255.0.0 0.0.0.255 any\n!\n\
router bgp 65001\n bgp log-neighbor-changes\n neighbor 10.0.0.9 remote-as 65009\n neighbor 10.0.0.1 remote-as 65000\n neighbor 10.0.0.1 description core\n!\nline vty 0 4\n transport input ssh\nend\n";

fn ios_sections() -> Vec<RenderedSection> {
    let t = IOS_INTENDED;
    let cut = |a: &str, b: Option<&str>| {
        let s = t.find(a).unwrap();
        let e = b.map_or(t.len(), |b| t.find(b).unwrap());
        t[s..e].to_string()
    };
    vec![
        sec(
            "templates/cisco/system.j2",
            "/^(hostname|ip domain|ntp) /",
            &cut("hostname", Some("interface")),
        ),
        sec(
            "templates/cisco/interfaces.j2",
            "interface *",
            &cut("interface", Some("ip access-list")),
        ),
        sec(
            "templates/cisco/acl.j2",
            "ip access-list *",
            &cut("ip access-list", Some("router bgp")),
        ),
        sec(
            "templates/cisco/routing.j2",
            "router bgp * > neighbor *",
            &cut("router bgp", None),
        ),
    ]
}

#[test]
fn ios_remediation_is_exact() {
    let d = run(Syntax::Ios, &ios_sections(), IOS_RUNNING);
    let verdicts: Vec<Verdict> = d.sections.iter().map(|s| s.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Changed,
            Verdict::Changed,
            Verdict::Changed,
            Verdict::Changed
        ]
    );
    assert!(d.sections[2].ordered);
    assert_eq!(
        d.remediation,
        [
            // removals, heaviest first (ntp 500 before the acl's 100)
            "no ntp server 10.9.9.9",
            "no ip access-list extended MGMT",
            // additions and changes, lightest first: the acl is rebuilt whole
            "hostname ams1-acc-01",
            "ip access-list extended MGMT",
            " 10 permit ip 10.255.0.0 0.0.0.255 any",
            " 20 deny ip any any log",
            "interface GigabitEthernet1/0/1",
            " default spanning-tree portfast",
            " description uplink to dist-01",
            "ntp server 10.0.0.2",
            "router bgp 65001",
            " no neighbor 10.0.0.9 remote-as 65009",
        ]
    );
    // `router bgp` is context only: never negated, its unmanaged child untouched
    assert!(!d.remediation.iter().any(|c| c == "no router bgp 65001"));
    assert!(d
        .unmanaged
        .iter()
        .any(|u| u.text == "bgp log-neighbor-changes"));
    assert!(d
        .unmanaged
        .iter()
        .any(|u| u.text == "line vty 0 4" && u.lines == 2));
    // applying the remediation to running gives intended, section by section
    let (r, _) = config::parse(IOS_RUNNING, Syntax::Ios, FileId(0));
    let applied = remediation::apply_ios(&r, &d.remediation);
    let again = diff_trees(
        "n1",
        &sections(&ios_sections()).0,
        &config::parse(IOS_INTENDED, Syntax::Ios, FileId(0)).0,
        &applied,
    );
    assert!(!again.differs(), "{:#?}", again.sections);
}

#[test]
fn ios_rollback_restores_running() {
    let d = run(Syntax::Ios, &ios_sections(), IOS_RUNNING);
    let (i, _) = config::parse(IOS_INTENDED, Syntax::Ios, FileId(0));
    let back = remediation::apply_ios(&i, &d.rollback);
    let (r, _) = config::parse(IOS_RUNNING, Syntax::Ios, FileId(0));
    let secs = sections(&ios_sections()).0;
    // compare running against the rolled-back intended: every section compliant
    let again = diff_trees("n1", &secs, &r, &back);
    assert!(!again.differs(), "{:#?}", again.sections);
}

#[test]
fn ios_banner_replaced_not_negated() {
    let s = [sec(
        "t/sys.j2",
        "/^banner /",
        "banner motd ^C\nAuthorized access only\n^C\n",
    )];
    let d = run(Syntax::Ios, &s, "banner motd ^C\nWelcome\n^C\nhostname a\n");
    assert_eq!(
        d.remediation,
        ["banner motd ^C\nAuthorized access only\n^C"]
    );
    let d = run(
        Syntax::Ios,
        &[sec("t/sys.j2", "/^banner /", "")],
        "banner motd ^C\nWelcome\n^C\n",
    );
    assert_eq!(d.remediation, ["no banner motd"]);
}

#[test]
fn ios_trunk_vlans_are_replaced_or_defaulted() {
    let s = [sec(
        "t/i.j2",
        "interface *",
        "interface Te1/1/1\n switchport trunk allowed vlan 10,20\n switchport mode trunk\ninterface Te1/1/2\n switchport mode trunk\n",
    )];
    let running = "interface Te1/1/1\n switchport trunk allowed vlan 10,20,30\n switchport mode trunk\ninterface Te1/1/2\n switchport trunk allowed vlan 99\n switchport mode trunk\n storm-control broadcast level 1.00\n";
    let d = run(Syntax::Ios, &s, running);
    assert_eq!(
        d.remediation,
        [
            "interface Te1/1/1",
            " switchport trunk allowed vlan 10,20",
            "interface Te1/1/2",
            " default switchport trunk allowed vlan",
            " default storm-control broadcast level",
        ]
    );
}

#[test]
fn unconfigured_ports_are_not_differences() {
    let s = [sec(
        "t/i.j2",
        "interface *",
        "interface GigabitEthernet1/0/1\n description user\n",
    )];
    let running = "interface GigabitEthernet1/0/1\n description user\ninterface GigabitEthernet1/0/2\ninterface GigabitEthernet1/0/3\n description old\ninterface Loopback9\n";
    let d = run(Syntax::Ios, &s, running);
    assert_eq!(d.sections[0].verdict, Verdict::Changed);
    assert_eq!(
        d.sections[0].extra,
        ["interface GigabitEthernet1/0/3", "interface Loopback9"]
    );
    assert_eq!(
        d.remediation,
        [
            "default interface GigabitEthernet1/0/3",
            "no interface Loopback9"
        ]
    );
}

#[test]
fn implicit_defaults_are_not_differences() {
    let s = [sec("t/i.j2", "interface *", "interface Gi0/0/1\n description a\n no shutdown\ninterface Gi0/0/2\n description b\n no shutdown\n")];
    // running omits `no shutdown` (the default): compliant; an explicit shutdown differs
    let d = run(
        Syntax::Ios,
        &s,
        "interface Gi0/0/1\n description a\ninterface Gi0/0/2\n description b\n shutdown\n",
    );
    assert_eq!(d.sections[0].verdict, Verdict::Changed);
    assert_eq!(d.remediation, ["interface Gi0/0/2", " no shutdown"]);
    // and the rollback never shuts Gi0/0/1 because intended spells out the default
    assert_eq!(d.rollback, ["interface Gi0/0/2", " shutdown"]);
    let d = run(
        Syntax::Ios,
        &s,
        "interface Gi0/0/1\n description a\ninterface Gi0/0/2\n description b\n",
    );
    assert!(!d.differs());
}

#[test]
fn nxos_and_no_lines() {
    let s = [sec(
        "t/sys.j2",
        "/^(feature|no feature|hostname) /",
        "feature bgp\nno feature telnet\nhostname n9k\n",
    )];
    let d = run(Syntax::Nxos, &s, "!Command: show running-config\n!Time: Mon Nov 23 08:00:00 2026\nversion 9.3(8)\nfeature bgp\nfeature telnet\nfeature lldp\nhostname n9k\n");
    // `feature telnet` is not negated twice: the intended `no feature telnet` does it
    assert_eq!(d.remediation, ["no feature lldp", "no feature telnet"]);
}

#[test]
fn eos_interface_changes() {
    let s = [sec(
        "templates/arista/interfaces.j2",
        "interface Ethernet*",
        "interface Ethernet1\n   description to ams1-core-01\n   mtu 9214\n   no switchport\n   ip address 10.0.1.1/31\n",
    )];
    let running = "! Command: show running-config\n! device: ams1-dist-01 (DCS-7280SR3-48YC8, EOS-4.30.4M)\n!\ninterface Ethernet1\n   description to ams1-core-01\n   mtu 1500\n   no switchport\n   ip address 10.0.1.3/31\n!\ninterface Ethernet2\n   shutdown\nend\n";
    let d = run(Syntax::Eos, &s, running);
    // replaced values stand where their replacement stands, so the diff pairs them
    assert_eq!(
        d.sections[0].running,
        "interface Ethernet1\n   description to ams1-core-01\n   mtu 1500\n   no switchport\n   ip address 10.0.1.3/31\ninterface Ethernet2\n   shutdown\n"
    );
    assert!(render::unified(&d, &d.sections[0], render::Show::default())
        .contains("-   mtu 1500\n+   mtu 9214\n"));
    assert_eq!(
        d.remediation,
        [
            "default interface Ethernet2",
            "interface Ethernet1",
            "   mtu 9214",
            "   ip address 10.0.1.1/31"
        ]
    );
}

#[test]
fn iosxr_route_policy_is_ordered() {
    let s = [sec(
        "t/rp.j2",
        "route-policy *",
        "route-policy EXPORT\n  if destination in LOOPBACKS then\n    pass\n  endif\nend-policy\n",
    )];
    let d = run(
        Syntax::Iosxr,
        &s,
        "route-policy EXPORT\n  if destination in LOOPBACKS then\n    drop\n  endif\nend-policy\n",
    );
    assert_eq!(d.sections[0].verdict, Verdict::Changed);
    assert_eq!(
        d.remediation,
        [
            "no route-policy EXPORT",
            "route-policy EXPORT",
            " if destination in LOOPBACKS then",
            "  pass",
            " endif",
            "end-policy"
        ]
    );
}

const JUNOS_INTENDED: &str = "system {\n    host-name ams1-core-01;\n    name-server [ 10.0.0.53 10.0.1.53 ];\n    ntp {\n        server 10.0.0.1;\n    }\n}\ninterfaces {\n    xe-0/1/0 {\n        description \"to ams1-dist-01\";\n        mtu 9216;\n        unit 0 {\n            family inet {\n                address 10.0.0.0/31;\n            }\n        }\n    }\n}\n";

#[test]
fn junos_brace_remediation_is_set_and_delete() {
    let s = [
        sec(
            "templates/juniper/system.j2",
            "system",
            &JUNOS_INTENDED[..JUNOS_INTENDED.find("interfaces").unwrap()],
        ),
        sec(
            "templates/juniper/interfaces.j2",
            "interfaces",
            &JUNOS_INTENDED[JUNOS_INTENDED.find("interfaces").unwrap()..],
        ),
    ];
    let running = "## Last commit: 2026-11-20 10:00:00 UTC by admin\nversion 22.4R3.25;\nsystem {\n    host-name old;\n    name-server {\n        10.0.0.53;\n    }\n    ntp {\n        server 10.0.0.1;\n        server 10.9.9.9;\n    }\n}\ninterfaces {\n    inactive: xe-0/1/0 {\n        description \"to ams1-dist-01\";\n        unit 0 {\n            family inet {\n                address 10.0.0.0/31;\n            }\n        }\n    }\n    xe-0/1/5 {\n        disable;\n    }\n}\n";
    let d = run(Syntax::Junos, &s, running);
    assert_eq!(
        d.remediation,
        [
            "delete system ntp server 10.9.9.9",
            "delete interfaces xe-0/1/5",
            "set system host-name ams1-core-01",
            "set system name-server 10.0.1.53",
            "set interfaces xe-0/1/0 mtu 9216",
            "activate interfaces xe-0/1/0",
        ]
    );
    // the same running config in set format gives the same commands
    let set = "set version 22.4R3.25\nset system host-name old\nset system name-server 10.0.0.53\nset system ntp server 10.0.0.1\nset system ntp server 10.9.9.9\nset interfaces xe-0/1/0 description \"to ams1-dist-01\"\nset interfaces xe-0/1/0 unit 0 family inet address 10.0.0.0/31\ndeactivate interfaces xe-0/1/0\nset interfaces xe-0/1/5 disable\n";
    let d2 = run(Syntax::Junos, &s, set);
    assert_eq!(d2.remediation, d.remediation);
    // applying the commands to the running set config yields intended
    let applied = format!("{set}{}\n", d.remediation.join("\n"));
    let (i, _) = config::parse(JUNOS_INTENDED, Syntax::Junos, FileId(0));
    let (r, diags) = config::parse(&applied, Syntax::Junos, FileId(0));
    assert!(diags.is_empty(), "{diags:?}");
    let secs = sections(&s).0;
    assert!(!diff_trees("n", &secs, &i, &r).differs());
    assert_eq!(d.rollback[0], "delete system name-server 10.0.1.53");
}

#[test]
fn junos_nested_pattern_keeps_context() {
    let s = [sec(
        "t/i.j2",
        "interfaces > xe-*",
        "interfaces {\n    xe-0/0/0 {\n        mtu 9216;\n    }\n}\n",
    )];
    let d = run(Syntax::Junos, &s, "interfaces {\n    xe-0/0/1 {\n        mtu 1500;\n    }\n    lo0 {\n        unit 0;\n    }\n}\n");
    assert_eq!(
        d.remediation,
        [
            "delete interfaces xe-0/0/1",
            "set interfaces xe-0/0/0 mtu 9216"
        ]
    );
    assert_eq!(d.unmanaged.len(), 1);
}

#[test]
fn secrets_are_masked_in_every_output() {
    let s = [sec(
        "t/sys.j2",
        "/^(enable|snmp-server) /",
        "enable secret 9 $9$NEW\nsnmp-server community n3wc0mm RO\n",
    )];
    let d = run(
        Syntax::Ios,
        &s,
        "enable secret 9 $9$OLD\nsnmp-server community 0ldc0mm RO\n",
    );
    let show = render::Show {
        remediation: true,
        rollback: true,
        ..Default::default()
    };
    for out in [
        render::text(std::slice::from_ref(&d), show),
        render::side_by_side(std::slice::from_ref(&d), show, 100),
        render::json(std::slice::from_ref(&d), show).to_string(),
        render::html(std::slice::from_ref(&d), show, "t"),
    ] {
        for secret in ["NEW", "OLD", "n3wc0mm", "0ldc0mm"] {
            assert!(!out.contains(secret), "{secret} leaked in:\n{out}");
        }
        assert!(out.contains("&lt;masked&gt;") || out.contains("<masked>"));
    }
    let shown = render::text(
        &[d],
        render::Show {
            secrets: true,
            remediation: true,
            ..Default::default()
        },
    );
    assert!(shown.contains("n3wc0mm"));
}

#[test]
fn html_is_escaped_and_self_contained() {
    let s = [sec("t/<x>.j2", "/^description /", "description <b>&\n")];
    let d = run(Syntax::Ios, &s, "description old\n");
    let h = render::html(&[d], render::Show::default(), "report <1>");
    assert!(!h.contains("<b>&"));
    assert!(h.contains("description &lt;b&gt;&amp;"));
    assert!(!h.contains("http://") && !h.contains("https://") && !h.contains("<script"));
}
