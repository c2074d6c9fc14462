//! `unetc build` end to end: artifacts, determinism across thread counts,
//! stale config removal, nothing written on errors, `--only`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[path = "support/tree.rs"]
mod tree;
use tree::copy_dir;

/// A copy of the small fixture project in a temp dir.
fn fixture() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-small");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&src, dir.path());
    dir
}

fn unetc(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unetc"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env_remove("RAYON_NUM_THREADS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

#[test]
fn build_writes_every_artifact_and_snapshots_them() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    let out = unetc(&["build", dir], &[]);
    // r2 fails its os_version assertion: artifacts written, exit 1
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = tree(&p.path().join("out"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "configs/r1.cfg",
            "configs/r2.cfg",
            "manifest.json",
            "report.json",
            "report.junit.xml"
        ]
    );
    let mut all = String::new();
    for (path, bytes) in &files {
        all.push_str(&format!("==> {path}\n{}", String::from_utf8_lossy(bytes)));
    }
    insta::with_settings!({snapshot_path => "../snapshots/build", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("build-small", all);
    });
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    let a = p.path().join("a");
    let b = p.path().join("b");
    let c = p.path().join("c");
    unetc(
        &["build", dir, "--out", a.to_str().unwrap()],
        &[("RAYON_NUM_THREADS", "1")],
    );
    unetc(&["build", dir, "--out", b.to_str().unwrap()], &[]);
    unetc(
        &["build", dir, "--out", c.to_str().unwrap(), "-j", "4"],
        &[],
    );
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert!(ta.len() >= 5);
    assert!(ta == tb, "RAYON_NUM_THREADS=1 and default differ");
    assert!(ta == tc, "-j 4 differs");
}

#[test]
fn stale_configs_are_removed_but_nothing_else() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    let configs = p.path().join("out/configs");
    std::fs::create_dir_all(&configs).unwrap();
    std::fs::write(configs.join("gone.cfg"), "old").unwrap();
    std::fs::write(configs.join("notes.txt"), "mine").unwrap();
    // with --only nothing is removed
    unetc(&["build", dir, "--only", "r1"], &[]);
    assert!(configs.join("gone.cfg").exists());
    unetc(&["build", dir], &[]);
    assert!(!configs.join("gone.cfg").exists());
    assert!(configs.join("notes.txt").exists());
    assert!(configs.join("r1.cfg").exists());
}

#[test]
fn errors_write_nothing() {
    let p = fixture();
    std::fs::write(
        p.path().join("templates/broken.j2"),
        "{#- template-match: x #}\n{{ oops\n",
    )
    .unwrap();
    let out = unetc(&["build", p.path().to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0501"));
    assert!(!p.path().join("out").exists());
}

#[test]
fn only_selects_and_bad_selectors_are_usage_errors() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    unetc(&["build", dir, "--only", "name=r1"], &[]);
    let files = tree(&p.path().join("out"));
    assert!(files.contains_key("configs/r1.cfg") && !files.contains_key("configs/r2.cfg"));
    let report = String::from_utf8_lossy(&files["report.json"]).to_string();
    assert!(report.contains("\"selection\": \"name=r1\""));
    let out = unetc(&["build", dir, "--only", "vendr=cisco"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `vendor`?"));
    let out = unetc(&["build", dir, "--only", "zzz-*"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("selects no node"));
}

/// report.junit.xml is well-formed XML in the JUnit shape CI systems read:
/// parsed with a real XML parser, one testcase per (node, assertion), the
/// failing one carrying a `<failure>` with expected and actual values.
#[test]
fn junit_report_parses_as_junit() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    let _ = unetc(&["build", dir], &[]);
    let xml = std::fs::read_to_string(p.path().join("out/report.junit.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("report.junit.xml is well-formed XML");
    let root = doc.root_element();
    assert!(matches!(root.tag_name().name(), "testsuites" | "testsuite"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.path().join("out/report.json")).unwrap()).unwrap();
    let assertions = report["totals"]["assertions"].as_u64().unwrap() as usize;
    let failed = report["totals"]["assertions_failed"].as_u64().unwrap() as usize;
    assert!(assertions > 0);
    assert_eq!(
        cases.len(),
        assertions,
        "one testcase per (node, assertion)"
    );
    for c in &cases {
        assert!(c.attribute("name").is_some_and(|n| !n.is_empty()));
        assert!(c.attribute("classname").is_some_and(|n| !n.is_empty()));
    }
    let failures: Vec<_> = cases
        .iter()
        .filter_map(|c| c.children().find(|n| n.has_tag_name("failure")))
        .collect();
    assert_eq!(failures.len(), failed);
    assert_eq!(failed, 1, "r2 fails its os_version assertion");
    let f = failures[0];
    let text = format!(
        "{} {}",
        f.attribute("message").unwrap_or(""),
        f.text().unwrap_or("")
    );
    assert!(
        text.contains("17.9.4"),
        "expected value in the failure: {text}"
    );
    // suite counters agree with the cases
    let suite_failures: usize = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .filter_map(|n| n.attribute("failures")?.parse::<usize>().ok())
        .sum();
    assert_eq!(suite_failures, failed);
}

/// `--summary FILE` writes a Markdown page for CI job summaries, even when
/// the build fails on an assertion.
#[test]
fn summary_markdown_is_written_and_snapshotted() {
    let p = fixture();
    let dir = p.path().to_str().unwrap();
    let summary = p.path().join("summary.md");
    let out = unetc(&["build", dir, "--summary", summary.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| policies/main.unet:6 |"), "{md}");
    insta::with_settings!({snapshot_path => "../snapshots/build", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("build-small-summary", md);
    });
}
