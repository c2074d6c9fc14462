//! `unetc facts refresh` / `show` end to end: a project on disk whose one
//! live node's mgmt_ip is 127.0.0.1, with `[snmp] port` pointing at a real
//! snmpd started for the test.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use support::snmp::{self as sim, Snmpd};

const DESCR: &str =
    "Arista Networks EOS version 4.30.4M running on an Arista Networks DCS-7280SR3-48YC8";

fn agent() -> Snmpd {
    Snmpd::start(&format!(
        "sysDescr {DESCR}\nsysObjectID .1.3.6.1.4.1.30065.1.3011.7280.3348\nsysName lab-dist-01\n\
         override .1.3.6.1.2.1.2.2.1.2.1 octet_str \"Ethernet1\"\n\
         override .1.3.6.1.2.1.2.2.1.4.1 integer 9214\n\
         override .1.3.6.1.2.1.2.2.1.7.1 integer 1\n\
         override .1.3.6.1.2.1.2.2.1.8.1 integer 1\n\
         override .1.3.6.1.2.1.31.1.1.1.15.1 unsigned 25000\n"
    ))
}

fn project(dir: &Path, port: u16, os_version: &str) {
    std::fs::create_dir_all(dir.join("inventory")).unwrap();
    std::fs::write(
        dir.join("unet.toml"),
        format!("[project]\nname = \"lab\"\n\n[snmp]\ncommunity_env = \"UNETC_TEST_COMMUNITY\"\nport = {port}\ntimeout_ms = 300\nretries = 1\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("inventory/nodes.csv"),
        format!(
            "name,vendor,model,role,lifecycle,mgmt_ip,os_version\n\
             lab-dist-01,arista,DCS-7280SR3-48YC8,switch,live,127.0.0.1,{os_version}\n\
             lab-dist-02,arista,DCS-7280SR3-48YC8,switch,planned,127.0.0.1,4.30.4M\n"
        ),
    )
    .unwrap();
}

fn unetc(args: &[&str], community: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unetc"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env_remove("UNETC_TEST_COMMUNITY");
    if let Some(v) = community {
        c.env("UNETC_TEST_COMMUNITY", v);
    }
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn refresh_writes_the_lock_keeps_it_stable_and_marks_failures_stale() {
    let snmpd = agent();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let d = dir.to_str().unwrap();
    project(dir, snmpd.port, "4.30.4M");

    // No credential in the environment: E0703, exit 2, nothing written.
    let o = unetc(&["facts", "refresh", d], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0703") && stderr(&o).contains("UNETC_TEST_COMMUNITY"));
    assert!(!dir.join("unet.lock").exists());

    let o = unetc(&["facts", "refresh", d], Some(sim::COMMUNITY));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 polled (1 changed, 0 unchanged), 0 failed, 1 skipped"),
        "{}",
        stderr(&o)
    );
    let lock = std::fs::read_to_string(dir.join("unet.lock")).unwrap();
    assert!(!lock.contains(sim::COMMUNITY));
    assert!(lock.contains(&format!("agent = \"127.0.0.1:{}\"", snmpd.port)));
    assert!(lock.contains("os_version = \"4.30.4M\""));
    assert!(lock.contains("model = \"DCS-7280SR3-48YC8\""));
    assert!(lock.contains("name = \"Ethernet1\""));
    assert!(!lock.contains("lab-dist-02"), "planned nodes are skipped");

    // A second refresh finds nothing new: only refreshed_at may change.
    let o = unetc(&["facts", "refresh", d], Some(sim::COMMUNITY));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let again = std::fs::read_to_string(dir.join("unet.lock")).unwrap();
    let diff: Vec<_> = lock
        .lines()
        .zip(again.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        diff.iter().all(|(a, _)| a.starts_with("refreshed_at = ")),
        "{diff:?}"
    );

    // check sees drift once the inventory says another version.
    project(dir, snmpd.port, "4.31.1F");
    let o = unetc(&["check", d], None);
    assert!(stderr(&o).contains("W0704"), "{}", stderr(&o));

    // Wrong community: a timeout warning, exit 1 (nothing polled), old facts stale.
    let o = unetc(&["facts", "refresh", d], Some("wrong-community"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("W0701") && err.contains("no answer (timeout"),
        "{err}"
    );
    assert!(!err.contains("wrong-community"));
    let stale = std::fs::read_to_string(dir.join("unet.lock")).unwrap();
    assert!(stale.contains("stale = true"));
    assert!(stale.contains("os_version = \"4.30.4M\""));

    let o = unetc(&["facts", "show", d, "lab-dist-01"], None);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("STALE") && out.contains("Ethernet1"), "{out}");
}
