//! `unetc facts` against real SNMP agents on 127.0.0.1: Debian's snmpd for v2c,
//! v3 authPriv and the failure modes, snmpsim for many devices at once.
//! Agents are started per test on free ports and stopped by drop guards.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use support::snmp::{self as sim, Snmpd, Snmpsim};
use unetc::facts::poll::{poll_all, poll_one, Credentials, PollError, PollOptions, Target};
use unetc::facts::refresh::merge;
use unetc::facts::{derive, Interface, Lockfile};

const IOSXE: &str = "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.9.4, RELEASE SOFTWARE (fc5)";

/// snmpd faking a C9300 with three interfaces.
fn c9300() -> Snmpd {
    let mut conf = format!(
        "sysDescr {IOSXE}\nsysObjectID .1.3.6.1.4.1.9.1.2494\nsysName ams1-acc-b1f1-01\nsysContact noc@example.net\nsysLocation ams1-b1-f1\n"
    );
    let ifs = [
        (
            1,
            "GigabitEthernet1/0/1",
            "Gi1/0/1",
            "desk 1-01",
            1,
            1,
            1000,
            "001b54c20a01",
        ),
        (
            2,
            "TenGigabitEthernet1/1/1",
            "Te1/1/1",
            "uplink ams1-dist-01",
            1,
            1,
            10000,
            "001b54c20a02",
        ),
        (60, "Vlan1", "Vl1", "", 2, 2, 0, ""),
    ];
    for (i, descr, name, alias, admin, oper, mbps, mac) in ifs {
        let row =
            |col: &str, t: &str, v: String| format!("override .1.3.6.1.2.1.{col}.{i} {t} {v}\n");
        conf += &row("2.2.1.2", "octet_str", format!("\"{descr}\""));
        conf += &row("2.2.1.4", "integer", "1500".into());
        conf += &row(
            "2.2.1.5",
            "unsigned",
            (mbps * 1_000_000u64).min(4_294_967_295).to_string(),
        );
        if !mac.is_empty() {
            conf += &row("2.2.1.6", "octet_str", format!("0x{mac}"));
        }
        conf += &row("2.2.1.7", "integer", admin.to_string());
        conf += &row("2.2.1.8", "integer", oper.to_string());
        conf += &row("31.1.1.1.1", "octet_str", format!("\"{name}\""));
        conf += &row("31.1.1.1.15", "unsigned", mbps.to_string());
        if !alias.is_empty() {
            conf += &row("31.1.1.1.18", "octet_str", format!("\"{alias}\""));
        }
    }
    Snmpd::start(&conf)
}

fn v2c(community: &str) -> PollOptions {
    let mut o = PollOptions::new(Credentials::V2c {
        community: community.into(),
    });
    o.timeout = Duration::from_millis(300);
    o.retries = 1;
    o
}

fn v3(auth_pass: &str) -> PollOptions {
    let mut o = PollOptions::new(Credentials::V3 {
        user: sim::V3_USER.into(),
        auth: snmp2::v3::AuthProtocol::Sha1,
        auth_pass: auth_pass.into(),
        cipher: snmp2::v3::Cipher::Aes128,
        priv_pass: sim::V3_PRIV.into(),
    });
    o.timeout = Duration::from_millis(500);
    o
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn target(agent: &Snmpd) -> Target {
    Target::new("ams1-acc-b1f1-01", agent.addr().parse().unwrap())
}

fn expected_interfaces() -> Vec<Interface> {
    vec![
        Interface {
            index: 1,
            name: "Gi1/0/1".into(),
            descr: "GigabitEthernet1/0/1".into(),
            alias: "desk 1-01".into(),
            admin_status: "up".into(),
            oper_status: "up".into(),
            speed_mbps: 1000,
            mtu: 1500,
            mac: "00:1b:54:c2:0a:01".into(),
        },
        Interface {
            index: 2,
            name: "Te1/1/1".into(),
            descr: "TenGigabitEthernet1/1/1".into(),
            alias: "uplink ams1-dist-01".into(),
            admin_status: "up".into(),
            oper_status: "up".into(),
            speed_mbps: 10000,
            mtu: 1500,
            mac: "00:1b:54:c2:0a:02".into(),
        },
        Interface {
            index: 60,
            name: "Vl1".into(),
            descr: "Vlan1".into(),
            alias: String::new(),
            admin_status: "down".into(),
            oper_status: "down".into(),
            speed_mbps: 0,
            mtu: 1500,
            mac: String::new(),
        },
    ]
}

fn check_facts(lock: &Lockfile, agent: &Snmpd) {
    let f = &lock.nodes["ams1-acc-b1f1-01"];
    assert_eq!(f.sys_descr, IOSXE);
    assert_eq!(f.sys_object_id, "1.3.6.1.4.1.9.1.2494");
    assert_eq!(f.sys_name, "ams1-acc-b1f1-01");
    assert_eq!(f.sys_contact, "noc@example.net");
    assert_eq!(f.sys_location, "ams1-b1-f1");
    assert_eq!(f.vendor, "cisco");
    assert_eq!(f.os_version, "17.9.4");
    assert_eq!(f.agent, agent.addr());
    assert!(!f.stale);
    assert!(
        derive::parse_rfc3339(&f.booted_at).is_some(),
        "{}",
        f.booted_at
    );
    assert_eq!(f.interfaces, expected_interfaces());
}

#[test]
fn v2c_and_v3_fill_the_lockfile_and_a_quiet_refresh_changes_one_line() {
    let agent = c9300();
    let t = target(&agent);

    let mut lock = Lockfile::default();
    let r = poll_one(&t, &v2c(sim::COMMUNITY));
    let t0 = now();
    let rep = merge(&mut lock, &[r], t0, None);
    assert_eq!(rep.changed.len(), 1, "{rep:?}");
    check_facts(&lock, &agent);
    let text = lock.to_toml();
    assert!(
        !text.contains(sim::COMMUNITY),
        "the community leaked into the lockfile"
    );
    assert!(text.contains("[[nodes.ams1-acc-b1f1-01.interfaces]]"));

    // v3 authPriv SHA/AES sees the same device: nothing changes but refreshed_at.
    let r = poll_one(&t, &v3(sim::V3_AUTH));
    assert!(r.outcome.is_ok(), "{:?}", r.outcome);
    let rep = merge(&mut lock, &[r], t0 + 61, None);
    assert_eq!(
        rep.unchanged,
        vec!["ams1-acc-b1f1-01".to_string()],
        "{rep:?}"
    );
    check_facts(&lock, &agent);
    let again = lock.to_toml();
    let diff: Vec<_> = text
        .lines()
        .zip(again.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert!(diff[0].0.starts_with("refreshed_at = "));
    for secret in [sim::V3_AUTH, sim::V3_PRIV, sim::COMMUNITY] {
        assert!(!again.contains(secret));
    }
}

#[test]
fn wrong_community_is_a_timeout_and_old_facts_stay_stale() {
    let agent = c9300();
    let t = target(&agent);
    let mut lock = Lockfile::default();
    merge(
        &mut lock,
        &[poll_one(&t, &v2c(sim::COMMUNITY))],
        now(),
        None,
    );
    let before = lock.nodes["ams1-acc-b1f1-01"].clone();

    let started = Instant::now();
    let r = poll_one(&t, &v2c("not-the-community"));
    let elapsed = started.elapsed();
    assert_eq!(
        r.outcome,
        Err(PollError::Timeout {
            tries: 2,
            timeout_ms: 300,
            v3: false
        })
    );
    assert!(
        elapsed >= Duration::from_millis(550),
        "one retry after a timeout: {elapsed:?}"
    );
    let rep = merge(&mut lock, &[r], now(), None);
    assert_eq!(rep.failed.len(), 1);
    let after = &lock.nodes["ams1-acc-b1f1-01"];
    assert!(after.stale);
    let err = after.last_error.as_deref().unwrap();
    assert!(err.starts_with("no answer (timeout"), "{err}");
    assert!(err.contains("check the community"), "{err}");
    assert!(!err.contains("not-the-community"));
    assert_eq!(after.interfaces, before.interfaces);
    assert_eq!(after.polled_at, before.polled_at);
}

#[test]
fn wrong_v3_password_is_an_authentication_failure() {
    let agent = c9300();
    let r = poll_one(&target(&agent), &v3("wrong-password-1"));
    match &r.outcome {
        Err(e @ PollError::AuthFailure(_)) => {
            let s = e.to_string();
            assert!(s.starts_with("authentication failed"), "{s}");
            assert!(!s.contains("wrong-password-1"));
        }
        other => panic!("expected an authentication failure, got {other:?}"),
    }
    assert!(
        r.elapsed < Duration::from_millis(400),
        "auth failures are immediate: {:?}",
        r.elapsed
    );

    // A wrong privacy password or user fails too, without echoing secrets.
    let mut bad_priv = v3(sim::V3_AUTH);
    if let Credentials::V3 { priv_pass, .. } = &mut bad_priv.credentials {
        *priv_pass = "wrong-privacy-2".into();
    }
    let mut bad_user = v3(sim::V3_AUTH);
    if let Credentials::V3 { user, .. } = &mut bad_user.credentials {
        *user = "nobody-here".into();
    }
    // The agent cannot decrypt a request with the wrong privacy key and
    // drops it: a timeout. An unknown user is reported back: auth failure.
    for (opts, timeout) in [(bad_priv, true), (bad_user, false)] {
        let r = poll_one(&target(&agent), &opts);
        let e = r.outcome.expect_err("must fail");
        assert_eq!(
            matches!(e, PollError::Timeout { v3: true, .. }),
            timeout,
            "{e:?}"
        );
        assert_eq!(matches!(e, PollError::AuthFailure(_)), !timeout, "{e:?}");
        let s = e.to_string();
        assert!(
            !s.contains("wrong-privacy-2") && !s.contains(sim::V3_AUTH),
            "{s}"
        );
    }
}

#[test]
fn unreachable_port_is_reported_and_does_not_stop_the_others() {
    let agent = c9300();
    let dead = sim::free_udp_port();
    let targets = vec![
        target(&agent),
        Target::new(
            "ams1-acc-b1f1-02",
            format!("127.0.0.1:{dead}").parse().unwrap(),
        ),
    ];
    let res = poll_all(&targets, &v2c(sim::COMMUNITY), &|_| {});
    assert_eq!(res.len(), 2);
    assert!(res[0].outcome.is_ok());
    assert_eq!(res[1].outcome, Err(PollError::Refused));
    assert!(res[1]
        .outcome
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("unreachable"));
    let mut lock = Lockfile::default();
    let known: BTreeSet<String> = targets.iter().map(|t| t.node.clone()).collect();
    let rep = merge(&mut lock, &res, now(), Some(&known));
    assert_eq!((rep.polled(), rep.failed.len()), (1, 1));
    assert!(lock.nodes.contains_key("ams1-acc-b1f1-01"));
    assert!(!lock.nodes.contains_key("ams1-acc-b1f1-02"));
}

/// `n` simulated devices of three vendors.
fn fleet(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let name = format!("dev{i:04}");
            let rec = match i % 3 {
                0 => sim::snmprec(IOSXE, "1.3.6.1.4.1.9.1.2494", &name, 12_345_600, &[
                    ("GigabitEthernet1/0/1", "desk", 1000),
                    ("TenGigabitEthernet1/1/1", "uplink", 10000),
                    ("TenGigabitEthernet1/1/2", "uplink", 10000),
                    ("Vlan1", "", 0),
                ]),
                1 => sim::snmprec(
                    "Juniper Networks, Inc. mx204 internet router, kernel JUNOS 22.4R3.25, Build date: 2023-12-12 11:32:59 UTC",
                    "1.3.6.1.4.1.2636.1.1.1.2.157",
                    &name,
                    98_765_400,
                    &[("et-0/0/0", "core", 100_000), ("xe-0/1/0", "dist", 10000), ("fxp0", "mgmt", 1000)],
                ),
                _ => sim::snmprec(
                    "Arista Networks EOS version 4.30.4M running on an Arista Networks DCS-7280SR3-48YC8",
                    "1.3.6.1.4.1.30065.1.3011.7280.3348",
                    &name,
                    5_555_500,
                    &[("Ethernet1", "acc", 25000), ("Ethernet49/1", "core", 100_000), ("Management1", "", 1000)],
                ),
            };
            (name, rec)
        })
        .collect()
}

fn sim_targets(sim: &Snmpsim, devices: &[(String, String)], v3: bool) -> Vec<Target> {
    devices
        .iter()
        .map(|(name, _)| {
            let mut t = Target::new(name.clone(), sim.addr().parse().unwrap());
            if v3 {
                t.context = Some(name.clone());
            } else {
                t.community = Some(name.clone());
            }
            t
        })
        .collect()
}

#[test]
fn snmpsim_serves_a_small_fleet_over_v2c_and_v3() {
    let devices = fleet(6);
    let sim = Snmpsim::start(&devices, Duration::from_secs(60));
    for (v3mode, opts) in [(false, v2c("unused")), (true, v3(sim::V3_AUTH))] {
        let mut opts = opts;
        opts.timeout = Duration::from_millis(2000);
        let targets = sim_targets(&sim, &devices, v3mode);
        let res = poll_all(&targets, &opts, &|_| {});
        let mut lock = Lockfile::default();
        let rep = merge(&mut lock, &res, now(), None);
        assert_eq!(rep.failed, vec![], "v3={v3mode}");
        assert_eq!(lock.nodes["dev0001"].vendor, "juniper");
        assert_eq!(lock.nodes["dev0001"].model, "MX204");
        assert_eq!(lock.nodes["dev0001"].os_version, "22.4R3.25");
        assert_eq!(lock.nodes["dev0002"].os_version, "4.30.4M");
        assert_eq!(lock.nodes["dev0000"].os_version, "17.9.4");
        let names: Vec<&str> = lock.nodes["dev0002"]
            .interfaces
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["Ethernet1", "Ethernet49/1", "Management1"]);
        assert_eq!(lock.nodes["dev0002"].interfaces[1].speed_mbps, 100_000);
        assert_eq!(lock.nodes["dev0000"].interfaces[0].mac, "00:16:3e:00:00:01");
    }
}

/// Polls 1,000 simulated devices served by one snmpsim process and prints
/// the time. Ignored by default (snmpsim needs ~10 s to index 1,000 files);
/// run with `cargo test --release --test facts_snmp -- --ignored --nocapture`
/// or `scripts/bench-facts`.
#[test]
#[ignore]
fn snmpsim_thousand_devices() {
    let n: usize = std::env::var("UNETC_SIM_DEVICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let devices = fleet(n);
    let t = Instant::now();
    let sim = Snmpsim::start(&devices, Duration::from_secs(180));
    eprintln!("snmpsim ready with {n} devices in {:?}", t.elapsed());
    let mut opts = v2c("unused");
    opts.timeout = Duration::from_millis(5000);
    opts.concurrency = 64;
    let targets = sim_targets(&sim, &devices, false);
    let t = Instant::now();
    let res = poll_all(&targets, &opts, &|_| {});
    let took = t.elapsed();
    let mut lock = Lockfile::default();
    let rep = merge(&mut lock, &res, now(), None);
    let requests: u32 = res.iter().map(|r| r.requests).sum();
    eprintln!(
        "polled {} devices ({} failed) in {:?} with concurrency {}: {:.0} devices/s, {requests} requests ({:.0}/s)",
        rep.polled(),
        rep.failed.len(),
        took,
        opts.concurrency,
        n as f64 / took.as_secs_f64(),
        f64::from(requests) / took.as_secs_f64()
    );
    assert_eq!(rep.failed, vec![]);
    assert_eq!(lock.nodes.len(), n);
}

/// Polls the one snmpd agent 1,000 times (64 at once) to measure the
/// poller itself against a fast agent written in C; snmpsim (Python) is the
/// bottleneck of `snmpsim_thousand_devices`. Ignored by default.
#[test]
#[ignore]
fn snmpd_thousand_polls() {
    let agent = c9300();
    let targets: Vec<Target> = (0..1000)
        .map(|i| Target::new(format!("n{i:04}"), agent.addr().parse().unwrap()))
        .collect();
    let mut opts = v2c(sim::COMMUNITY);
    opts.timeout = Duration::from_millis(5000);
    let t = Instant::now();
    let res = poll_all(&targets, &opts, &|_| {});
    let took = t.elapsed();
    let requests: u32 = res.iter().map(|r| r.requests).sum();
    let failed = res.iter().filter(|r| r.outcome.is_err()).count();
    eprintln!(
        "snmpd: 1000 polls ({failed} failed) in {took:?}: {requests} requests, {:.0} polls/s",
        1000.0 / took.as_secs_f64()
    );
    assert_eq!(failed, 0);
}
