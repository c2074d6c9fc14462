//! `unetc init`: the scaffold is a working project, and an existing project is
//! never overwritten without `--force`. Drives the real binary.

use std::path::Path;
use std::process::{Command, Output};

fn unetc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run unetc")
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn init_creates_a_project_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lab");
    let d = dir.to_str().unwrap();
    let out = unetc(&["init", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for f in [
        "unet.toml",
        "inventory/locations.csv",
        "inventory/nodes.csv",
        "inventory/links.csv",
        "policies/base.unet",
        "templates/cisco/system.j2",
        ".gitignore",
    ] {
        assert!(dir.join(f).is_file(), "missing {f}");
    }
    let manifest = std::fs::read_to_string(dir.join("unet.toml")).unwrap();
    assert!(manifest.contains("name = \"lab\""), "{manifest}");
    let tmpl = std::fs::read_to_string(dir.join("templates/cisco/system.j2")).unwrap();
    assert!(tmpl.starts_with("{#- template-match: /^(hostname|ntp) / #}"));
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "out/\n"
    );

    let out = unetc(&["check", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn init_refuses_to_overwrite_a_project_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().to_str().unwrap();
    let manifest = Path::new(d).join("unet.toml");
    std::fs::write(&manifest, "[project]\nname = \"mine\"\n").unwrap();

    let out = unetc(&["init", d]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&manifest).unwrap(),
        "[project]\nname = \"mine\"\n"
    );
    assert!(!Path::new(d).join("inventory").exists());

    let out = unetc(&["init", d, "--force", "--name", "lab2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(std::fs::read_to_string(&manifest)
        .unwrap()
        .contains("name = \"lab2\""));
    let out = unetc(&["check", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
