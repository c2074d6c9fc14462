//! UI tests: every folder under `tests/ui/` is a small project (or input) and
//! the binary's output on it is snapshotted into `snapshots/`.
//!
//! A case runs `unetc check <case>` unless the folder has a file `cmd` with
//! other arguments (one line; `{dir}` is replaced by the case's path), e.g.
//! `slice {dir}/running.cfg "interface *"` or `build {dir} --format json`.
//! Paths are normalised to `[CASE]` so snapshots are the same on every machine.
//!
//! Review changes with `cargo insta review` (or set INSTA_UPDATE=always).

use std::path::Path;
use std::process::Command;

fn run_case(dir: &Path) -> String {
    let cmd_file = dir.join("cmd");
    let dir_s = dir.to_string_lossy().to_string();
    let args: Vec<String> = if cmd_file.exists() {
        let line = std::fs::read_to_string(&cmd_file).unwrap();
        split_args(line.trim())
            .into_iter()
            .map(|a| a.replace("{dir}", &dir_s))
            .collect()
    } else {
        vec!["check".into(), dir_s.clone()]
    };
    // a fresh dependency cache per case: no case sees another's fetches
    let cache = tempfile::tempdir().expect("temp cache dir");
    let out = Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(&args)
        .env("NO_COLOR", "1")
        .env("UNETC_CACHE_DIR", cache.path())
        .env_remove("UNET_SNMP_COMMUNITY")
        // A fixed clock (2026-11-23T00:00:00Z) for the facts age check.
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .output()
        .expect("run unetc");
    let norm = |s: &[u8]| String::from_utf8_lossy(s).replace(&dir_s, "[CASE]");
    let shown: Vec<String> = args.iter().map(|a| a.replace(&dir_s, "[CASE]")).collect();
    format!(
        "args: {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        shown.join(" "),
        out.status.code().unwrap_or(-1),
        norm(&out.stdout),
        norm(&out.stderr)
    )
}

/// Splits a command line on spaces, honouring double quotes.
fn split_args(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            _ => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn ui_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no ui cases under tests/ui");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/ui"));
    settings.set_prepend_module_to_snapshot(false);
    let mut failed = Vec::new();
    settings.bind(|| {
        for case in &cases {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let output = run_case(case);
            assert!(
                !output.contains("panicked at"),
                "unetc panicked on ui case {name}:\n{output}"
            );
            // keep going so one run shows every changed snapshot
            let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                insta::assert_snapshot!(name.clone(), output);
            }));
            if ok.is_err() {
                failed.push(name);
            }
        }
    });
    assert!(failed.is_empty(), "ui snapshots differ: {failed:?}");
}

/// Every diagnostic code has a long explanation and at least one ui case
/// whose folder name starts with the code; every ui case names a real code or
/// is a `ok-` case.
#[test]
fn every_code_has_a_ui_case() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let cases: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    let codes: Vec<&str> = unetc::diag::codes::all().iter().map(|c| c.code).collect();
    let missing: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| !cases.iter().any(|k| k.starts_with(c)))
        .collect();
    assert!(missing.is_empty(), "codes without a ui case: {missing:?}");
    for case in &cases {
        let prefix = case.split('-').next().unwrap_or("");
        assert!(
            prefix == "ok" || codes.contains(&prefix),
            "ui case `{case}` must start with a known code or `ok-`"
        );
    }
}
