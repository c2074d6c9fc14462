//! Live sources against real peers: an OpenSSH server on loopback with a
//! forced command playing the devices, and a git backup repository made with
//! git2 in a temp dir. The fetched configs then go through the diff engine.

#[path = "support/backups.rs"]
mod backups;
#[path = "support/sshd.rs"]
mod sshd;

use unetc::config::Syntax;
use unetc::diag::FileId;
use unetc::diff::{self, live, Verdict};
use unetc::render::RenderedSection;

const EDGE: &str = "Building configuration...\r\n\r\nCurrent configuration : 312 bytes\r\n!\r\nhostname ams1-edge-01\r\n!\r\nntp server 10.255.0.10\r\nntp server 10.9.9.9\r\n!\r\ninterface GigabitEthernet0/0/0\r\n description to ams1-core-01\r\n ip address 10.0.0.1 255.255.255.254\r\n!\r\nend\r\n";

const CORE_SET: &str = "## Last commit: 2026-11-20 09:14:02 UTC by netops\nset version 22.4R3.25\nset system host-name ams1-core-01\nset system ntp server 10.255.0.10\nset interfaces et-0/0/0 description \"to ams1-edge-01\"\nset interfaces et-0/0/0 mtu 1500\n";

fn target(node: &str, vendor: &str, host: &str) -> live::Target {
    live::Target {
        node: node.into(),
        vendor: Some(vendor.into()),
        host: Some(host.into()),
        syntax: Syntax::for_vendor(vendor),
    }
}

fn sections_edge() -> Vec<RenderedSection> {
    vec![RenderedSection {
        template: "templates/cisco/system.j2".into(),
        pattern: "/^(hostname|ntp) /".into(),
        text: "hostname ams1-edge-01\nntp server 10.255.0.10\nntp server 10.255.1.10\n".into(),
    }]
}

#[test]
fn ssh_fetches_configs_and_reports_failures_per_device() {
    if !sshd::available() {
        eprintln!(
            "SKIPPED: {} is not installed (scripts/test installs openssh-server)",
            sshd::SSHD
        );
        return;
    }
    let server = sshd::Sshd::start(
        &["127.0.0.1", "127.0.0.2"],
        &[("127.0.0.1.cfg", EDGE), ("127.0.0.2.set", CORE_SET)],
    );
    let mut s = server.settings();
    let targets = vec![
        target("ams1-edge-01", "cisco", "127.0.0.1"),
        target("ams1-core-01", "juniper", "127.0.0.2"),
        // nothing listens there: a warning for this device only
        target("ams1-dist-01", "arista", "127.0.0.3"),
    ];
    let got = live::fetch_ssh(&s, &targets);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].text.as_deref(), Ok(EDGE), "{:?}", got[0].text);
    assert_eq!(got[0].origin, "ssh:127.0.0.1");
    assert_eq!(got[1].text.as_deref(), Ok(CORE_SET), "{:?}", got[1].text);
    let err = got[2].text.as_ref().unwrap_err();
    assert!(err.starts_with("ssh to `127.0.0.3` failed"), "{err}");

    // the fetched config goes through the diff: noise dropped, drift found
    let (d, diags) = diff::diff_texts(
        "ams1-edge-01",
        Syntax::Ios,
        &sections_edge(),
        &sections_edge()[0].text,
        FileId(0),
        got[0].text.as_ref().unwrap(),
        FileId(1),
    );
    assert!(diags.is_empty());
    assert_eq!(d.sections[0].verdict, Verdict::Changed);
    assert_eq!(
        d.remediation,
        ["no ntp server 10.9.9.9", "ntp server 10.255.1.10"]
    );
    assert_eq!(d.unmanaged_lines(), 3);

    // a command the device rejects
    s.commands.insert("cisco".into(), "show bogus".into());
    let got = live::fetch_ssh(&s, &targets[..1]);
    let err = got[0].text.as_ref().unwrap_err();
    assert!(err.starts_with("`show bogus` exited with 1"), "{err}");

    // a device that never answers: the per-device timeout
    s.commands.insert("cisco".into(), "sleep".into());
    s.timeout_s = 1;
    let t0 = std::time::Instant::now();
    let got = live::fetch_ssh(&s, &targets[..1]);
    assert_eq!(got[0].text.as_ref().unwrap_err(), "timed out after 1 s");
    assert!(t0.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn ssh_arguments() {
    let mut s = unetc::project::manifest::SshSection {
        user: Some("netops".into()),
        key_file: Some("/k".into()),
        port: 2222,
        options: vec!["UserKnownHostsFile=/kh".into()],
        ..Default::default()
    };
    let t = target("r1", "juniper", "10.0.0.1");
    assert_eq!(
        live::ssh_args(&s, &t),
        [
            "-o",
            "BatchMode=yes",
            "-o",
            "ConnectTimeout=20",
            "-p",
            "2222",
            "-i",
            "/k",
            "-l",
            "netops",
            "-o",
            "UserKnownHostsFile=/kh",
            "--",
            "10.0.0.1",
            "show configuration | display set"
        ]
    );
    s.command = Some("show run".into());
    assert_eq!(live::ssh_command(&s, &t), "show run");
    s.commands
        .insert("juniper".into(), "show configuration".into());
    assert_eq!(live::ssh_command(&s, &t), "show configuration");
}

#[test]
fn git_backups_bare_repo_at_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = backups::bare(&tmp.path().join("backups.git"));
    let first = backups::commit(
        &repo,
        &[("ams1-edge-01", EDGE), ("juniper/ams1-core-01", CORE_SET)],
        "oxidized: first",
    );
    let edge2 = EDGE.replace("ntp server 10.9.9.9\r\n", "ntp server 10.255.1.10\r\n");
    backups::commit(
        &repo,
        &[("ams1-edge-01", &edge2), ("juniper/ams1-core-01", CORE_SET)],
        "oxidized: second",
    );
    let targets = vec![
        target("ams1-edge-01", "cisco", "10.255.0.1"),
        target("ams1-core-01", "juniper", "10.255.0.2"),
        target("nyc1-edge-01", "cisco", "10.255.1.1"),
    ];
    let path = tmp.path().join("backups.git");
    let head = live::fetch_git(&path, "HEAD", "", &targets).unwrap();
    assert_eq!(head[0].text.as_deref(), Ok(edge2.as_str()));
    assert_eq!(head[0].origin, "git:HEAD:ams1-edge-01");
    assert_eq!(head[1].text.as_deref(), Ok(CORE_SET));
    assert_eq!(head[1].origin, "git:HEAD:juniper/ams1-core-01");
    assert!(head[2]
        .text
        .as_ref()
        .unwrap_err()
        .starts_with("no backup of `nyc1-edge-01`"));
    let old = live::fetch_git(&path, &first.to_string(), "", &targets[..1]).unwrap();
    assert_eq!(old[0].text.as_deref(), Ok(EDGE));
    let prev = live::fetch_git(&path, "HEAD~1", "", &targets[..1]).unwrap();
    assert_eq!(prev[0].text.as_deref(), Ok(EDGE));
    // the work tree is never needed: the repository is bare
    assert!(repo.is_bare());
    let e = live::fetch_git(&path, "v9.9", "", &targets)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("unknown revision `v9.9`"), "{e}");
    let e = live::fetch_git(&tmp.path().join("nope"), "HEAD", "", &targets)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("cannot open the backups repository"), "{e}");
}

#[test]
fn git_backups_normal_repo_with_subdir_and_cfg_suffix() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    backups::commit(
        &repo,
        &[("configs/ams1-edge-01.cfg", EDGE), ("README", "backups\n")],
        "rancid",
    );
    let targets = vec![target("ams1-edge-01", "cisco", "10.255.0.1")];
    let got = live::fetch_git(tmp.path(), "HEAD", "configs", &targets).unwrap();
    assert_eq!(got[0].text.as_deref(), Ok(EDGE));
    assert_eq!(got[0].origin, "git:HEAD:configs/ams1-edge-01.cfg");
    // nothing was checked out
    assert!(!tmp.path().join("configs").exists());
}

#[test]
fn dir_source() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("live")).unwrap();
    std::fs::write(tmp.path().join("live/ams1-edge-01.cfg"), EDGE).unwrap();
    let live_sec = unetc::project::manifest::LiveSection::default();
    let src = live::Source::from_manifest(&live_sec, None, tmp.path()).unwrap();
    let got = src
        .fetch(&[
            target("ams1-edge-01", "cisco", "x"),
            target("gone", "cisco", "y"),
        ])
        .unwrap();
    assert_eq!(got[0].origin, "live/ams1-edge-01.cfg");
    assert_eq!(got[0].text.as_deref(), Ok(EDGE));
    assert_eq!(got[1].text.as_ref().unwrap_err(), "no file `live/gone.cfg`");
    let e = live::Source::from_manifest(&live_sec, Some("git"), tmp.path()).unwrap_err();
    assert!(e.to_string().contains("`[live] repo` is not set"));
}
