//! `unetc diff --summary FILE`: the Markdown page for CI, on the shipped
//! campus drift — the drifting nodes are listed, compliant ones are not, and
//! secrets stay masked unless `--show-secrets`.

use std::path::Path;
use std::process::Command;

fn diff_summary(extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("summary.md");
    let campus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/campus");
    let mut args = vec![
        "diff",
        campus.to_str().unwrap(),
        "--live",
        "-q",
        "--summary",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(&args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .env("UNETC_CACHE_DIR", tmp.path().join("cache"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn summary_lists_drift_and_masks_secrets() {
    let md = diff_summary(&[]);
    assert!(md.starts_with("## unetc diff `campus`: ⚠️ drift"), "{md}");
    for node in [
        "ams1-edge-01",
        "ams1-core-01",
        "nyc1-core-01",
        "ams1-acc-b1f2-01",
    ] {
        assert!(
            md.contains(&format!("| `{node}` |")),
            "{node} missing:\n{md}"
        );
    }
    assert!(
        !md.contains("| `nyc1-acc-f1-01` |"),
        "a compliant node is listed"
    );
    assert!(md.contains("no snmp-server community <masked> RO"), "{md}");
    assert!(!md.contains("Ams1-r0-c0mm"), "secret leaked");
    let shown = diff_summary(&["--show-secrets"]);
    assert!(shown.contains("no snmp-server community Ams1-r0-c0mm RO"));
}
