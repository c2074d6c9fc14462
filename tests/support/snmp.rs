//! Real SNMP agents for tests, on 127.0.0.1 only: Debian's snmpd (net-snmp)
//! with a faked system group and interface table, and snmpsim serving
//! `.snmprec` files for many simulated devices. Each agent is stopped when
//! its guard is dropped. See `/work/shared/TESTING.md` for the recipes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free UDP port on 127.0.0.1 (bound, then released).
pub fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn snmpd_path() -> PathBuf {
    for p in ["/usr/sbin/snmpd", "/usr/bin/snmpd"] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("snmpd is not installed: run scripts/test (it installs Debian's snmpd) or `apt-get install -y snmpd snmp`");
}

/// Waits until `probe` says the agent answers.
fn wait_ready(what: &str, limit: Duration, mut probe: impl FnMut() -> bool) {
    let t = Instant::now();
    while t.elapsed() < limit {
        if probe() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not answer within {limit:?}");
}

/// Asks `addr` for sysDescr.0 over v2c; true when anything comes back.
pub fn answers(addr: &str, community: &str) -> bool {
    let Ok(mut s) = snmp2::SyncSession::new_v2c(
        addr,
        community.as_bytes(),
        Some(Duration::from_millis(200)),
        1,
    ) else {
        return false;
    };
    let oid = snmp2::Oid::from(&[1, 3, 6, 1, 2, 1, 1, 1, 0]).unwrap();
    s.get(&oid).is_ok()
}

/// A running snmpd; killed on drop.
pub struct Snmpd {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

pub const COMMUNITY: &str = "public-test";
pub const V3_USER: &str = "labuser";
pub const V3_AUTH: &str = "authpass123";
pub const V3_PRIV: &str = "privpass123";

impl Snmpd {
    /// Starts snmpd on 127.0.0.1 at a free port with the v2c community
    /// [`COMMUNITY`], the v3 authPriv user [`V3_USER`] (SHA/AES) and the given
    /// extra config lines (`sysDescr …`, `override …`).
    pub fn start(extra: &str) -> Snmpd {
        let exe = snmpd_path();
        let dir = tempfile::tempdir().unwrap();
        let port = free_udp_port();
        let conf = format!(
            "agentAddress udp:127.0.0.1:{port}\nrocommunity {COMMUNITY} 127.0.0.1\ncreateUser {V3_USER} SHA \"{V3_AUTH}\" AES \"{V3_PRIV}\"\nrouser {V3_USER} priv\n{extra}\n"
        );
        let conf_path = dir.path().join("snmpd.conf");
        std::fs::write(&conf_path, conf).unwrap();
        std::fs::create_dir_all(dir.path().join("persist")).unwrap();
        let child = Command::new(exe)
            .args(["-f", "-Lo", "-C", "-c"])
            .arg(&conf_path)
            .args([
                "-m",
                "",
                "-M",
                "/nonexistent",
                "-I",
                "-smux,ifTable,ifXTable,interfaces",
            ])
            .env("SNMP_PERSISTENT_DIR", dir.path().join("persist"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start snmpd");
        let me = Snmpd { child, port, dir };
        let addr = me.addr();
        wait_ready("snmpd", Duration::from_secs(10), || {
            answers(&addr, COMMUNITY)
        });
        me
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Snmpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where snmpsim's responder is: `$UNETC_SNMPSIM` (scripts/test sets it) or
/// the venv scripts/test creates.
pub fn snmpsim_path() -> PathBuf {
    if let Some(p) = std::env::var_os("UNETC_SNMPSIM") {
        return p.into();
    }
    let home = std::env::var_os("HOME").unwrap_or_default();
    let p = Path::new(&home).join(".cache/unetc-test/venv/bin/snmpsim-command-responder");
    assert!(
        p.exists(),
        "snmpsim is not installed: run scripts/test (it makes a venv with snmpsim + cryptography)"
    );
    p
}

/// A running snmpsim serving every `<name>.snmprec` in its data dir
/// (v2c community = `<name>`; v3 context = `<name>`); killed on drop.
pub struct Snmpsim {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl Snmpsim {
    /// Writes the devices (`name`, snmprec text), starts snmpsim and waits
    /// until the device `probe` answers.
    pub fn start(devices: &[(String, String)], ready_limit: Duration) -> Snmpsim {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        for (name, rec) in devices {
            std::fs::write(data.join(format!("{name}.snmprec")), rec).unwrap();
        }
        let port = free_udp_port();
        // snmpsim refuses to run as root unless it may drop privileges, and
        // after dropping them it cannot import from a venv under /root. The
        // agent only listens on 127.0.0.1 for the test's lifetime, so run it
        // through a tiny wrapper that keeps the current user.
        let responder = snmpsim_path();
        let python = responder.with_file_name("python3");
        let wrapper = dir.path().join("responder.py");
        std::fs::write(
            &wrapper,
            "import sys\nfrom snmpsim import daemon\nclass Stay:\n    def __init__(self, *a, **k): pass\n    def __enter__(self): pass\n    def __exit__(self, *a): pass\ndaemon.PrivilegesOf = Stay\nfrom snmpsim.commands.responder import main\nsys.argv[0] = 'snmpsim-command-responder'\nsys.exit(main())\n",
        )
        .unwrap();
        let child = Command::new(python)
            .arg(&wrapper)
            .arg(format!("--data-dir={}", data.display()))
            .arg(format!(
                "--cache-dir={}",
                dir.path().join("cache").display()
            ))
            .arg(format!("--agent-udpv4-endpoint=127.0.0.1:{port}"))
            .args([
                &format!("--v3-user={V3_USER}"),
                &format!("--v3-auth-key={V3_AUTH}"),
                "--v3-auth-proto=SHA",
                &format!("--v3-priv-key={V3_PRIV}"),
                "--v3-priv-proto=AES",
                "--logging-method=null",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start snmpsim");
        let me = Snmpsim { child, port, dir };
        let addr = format!("127.0.0.1:{port}");
        let probe = devices.last().map(|d| d.0.clone()).unwrap_or_default();
        wait_ready("snmpsim", ready_limit, || answers(&addr, &probe));
        me
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Snmpsim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `.snmprec` for a simulated device: the system group and `ifs`
/// interfaces (`name`, `alias`, speed in Mb/s). Lines are sorted by OID as
/// snmpsim requires.
pub fn snmprec(
    descr: &str,
    object_id: &str,
    name: &str,
    uptime_ticks: u32,
    ifs: &[(&str, &str, u64)],
) -> String {
    let mut rows: Vec<(Vec<u64>, String)> = Vec::new();
    let mut add = |oid: &str, t: &str, v: String| {
        let k: Vec<u64> = oid.split('.').map(|x| x.parse().unwrap()).collect();
        rows.push((k, format!("{oid}|{t}|{v}")));
    };
    add("1.3.6.1.2.1.1.1.0", "4", descr.into());
    add("1.3.6.1.2.1.1.2.0", "6", object_id.into());
    add("1.3.6.1.2.1.1.3.0", "67", uptime_ticks.to_string());
    add("1.3.6.1.2.1.1.4.0", "4", "noc@example.net".into());
    add("1.3.6.1.2.1.1.5.0", "4", name.into());
    add("1.3.6.1.2.1.1.6.0", "4", "lab".into());
    for (i, (ifname, alias, mbps)) in ifs.iter().enumerate() {
        let x = i + 1;
        add(&format!("1.3.6.1.2.1.2.2.1.1.{x}"), "2", x.to_string());
        add(&format!("1.3.6.1.2.1.2.2.1.2.{x}"), "4", (*ifname).into());
        add(&format!("1.3.6.1.2.1.2.2.1.4.{x}"), "2", "9216".into());
        add(
            &format!("1.3.6.1.2.1.2.2.1.5.{x}"),
            "66",
            (mbps * 1_000_000).min(u64::from(u32::MAX)).to_string(),
        );
        add(
            &format!("1.3.6.1.2.1.2.2.1.6.{x}"),
            "4x",
            format!("00163e00{:04x}", x),
        );
        add(&format!("1.3.6.1.2.1.2.2.1.7.{x}"), "2", "1".into());
        add(
            &format!("1.3.6.1.2.1.2.2.1.8.{x}"),
            "2",
            if alias.is_empty() { "2" } else { "1" }.into(),
        );
        add(
            &format!("1.3.6.1.2.1.31.1.1.1.1.{x}"),
            "4",
            (*ifname).into(),
        );
        add(
            &format!("1.3.6.1.2.1.31.1.1.1.15.{x}"),
            "66",
            mbps.to_string(),
        );
        add(
            &format!("1.3.6.1.2.1.31.1.1.1.18.{x}"),
            "4",
            (*alias).into(),
        );
    }
    rows.sort();
    let mut s: String = rows.into_iter().map(|r| r.1 + "\n").collect();
    s.shrink_to_fit();
    s
}
