//! A real OpenSSH server on loopback for tests: `sshd -D` with a forced
//! command that plays a network device. Each device is a loopback address
//! (127.0.0.1, 127.0.0.2, …) on one port; the fake CLI picks the stored
//! config by the address the client connected to (`SSH_CONNECTION`).
//!
//! The fake CLI answers `show running-config` with `<ip>.cfg`, `show
//! configuration | display set` with `<ip>.set`, `sleep` by sleeping 30 s
//! (for timeouts), and anything else with `% Invalid input` and exit 1.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SSHD: &str = "/usr/sbin/sshd";

/// A running sshd; killed on drop.
pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub client_key: PathBuf,
    pub known_hosts: PathBuf,
    pub user: String,
    child: Child,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether sshd is installed (scripts/test installs it).
pub fn available() -> bool {
    Path::new(SSHD).exists()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn keygen(path: &Path) {
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", ""])
        .arg("-f")
        .arg(path)
        .status()
        .expect("ssh-keygen");
    assert!(st.success());
}

impl Sshd {
    /// Starts sshd listening on `addrs` (e.g. `["127.0.0.1", "127.0.0.2"]`),
    /// serving `configs` (file name → text, e.g. `127.0.0.1.cfg`).
    pub fn start(addrs: &[&str], configs: &[(&str, &str)]) -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let user = std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| {
                String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
                    .unwrap()
                    .trim()
                    .to_string()
            });
        keygen(&d.join("hostkey"));
        keygen(&d.join("clientkey"));
        std::fs::create_dir_all(d.join("ak")).unwrap();
        std::fs::copy(d.join("clientkey.pub"), d.join("ak").join(&user)).unwrap();
        std::fs::create_dir_all(d.join("configs")).unwrap();
        for (name, text) in configs {
            std::fs::write(d.join("configs").join(name), text).unwrap();
        }
        let cli = d.join("fakecli.sh");
        std::fs::write(
            &cli,
            format!(
                "#!/bin/sh\nip=$(echo \"$SSH_CONNECTION\" | cut -d' ' -f3)\ncase \"$SSH_ORIGINAL_COMMAND\" in\n\
                 'show running-config') cat {c}/$ip.cfg ;;\n\
                 'show configuration | display set') cat {c}/$ip.set ;;\n\
                 sleep) sleep 30 ;;\n\
                 *) echo '% Invalid input detected'; exit 1 ;;\nesac\n",
                c = d.join("configs").display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o755)).unwrap();
        let port = free_port();
        let mut conf = String::new();
        for a in addrs {
            conf.push_str(&format!("ListenAddress {a}:{port}\n"));
        }
        conf.push_str(&format!(
            "HostKey {hk}\nPidFile none\nAuthorizedKeysFile {ak}/%u\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nAllowUsers {user}\n\
             PermitRootLogin prohibit-password\nForceCommand {cli}\n",
            hk = d.join("hostkey").display(),
            ak = d.join("ak").display(),
            cli = cli.display()
        ));
        std::fs::write(d.join("sshd_config"), conf).unwrap();
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd");
        // wait until it listens
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect((addrs[0], port)).is_err() {
            assert!(Instant::now() < deadline, "sshd did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Sshd {
            client_key: d.join("clientkey"),
            known_hosts: d.join("known_hosts"),
            port,
            user,
            child,
            dir,
        }
    }

    /// `[live.ssh]` settings that reach this server.
    pub fn settings(&self) -> unetc::project::manifest::SshSection {
        unetc::project::manifest::SshSection {
            user: Some(self.user.clone()),
            key_file: Some(self.client_key.to_string_lossy().into_owned()),
            port: self.port,
            command: None,
            commands: Default::default(),
            timeout_s: 10,
            concurrency: 4,
            options: vec![
                format!("UserKnownHostsFile={}", self.known_hosts.display()),
                "StrictHostKeyChecking=accept-new".into(),
                "IdentitiesOnly=yes".into(),
            ],
        }
    }
}
