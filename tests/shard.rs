//! `--shard K/N` splits the campus build across runners; `unetc report merge`
//! joins the shard reports into what one full build reports.

use std::path::Path;
use std::process::Command;

#[path = "support/tree.rs"]
mod tree;
use tree::copy_dir;

fn unetc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .output()
        .unwrap()
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn configs(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("configs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn shards_partition_the_nodes_and_merge_back() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("campus");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/campus"),
        &proj,
    );
    let p = proj.to_str().unwrap();
    let mut shard_configs = Vec::new();
    let mut reports = Vec::new();
    for k in 1..=3 {
        let out = tmp.path().join(format!("shard{k}"));
        let o = unetc(&[
            "build",
            p,
            "-q",
            "--shard",
            &format!("{k}/3"),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        shard_configs.extend(configs(&out));
        reports.push(out.join("report.json"));
    }
    let full = unetc(&["build", p, "-q"]);
    assert!(full.status.success());
    let all = configs(&proj.join("out"));
    shard_configs.sort();
    assert_eq!(
        shard_configs, all,
        "every config is built by exactly one shard"
    );

    let merged = tmp.path().join("merged.json");
    let mut args = vec!["report", "merge"];
    let names: Vec<String> = reports
        .iter()
        .map(|r| r.to_string_lossy().into_owned())
        .collect();
    args.extend(names.iter().map(String::as_str));
    args.extend(["-o", merged.to_str().unwrap()]);
    let o = unetc(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        json(&merged)["totals"],
        json(&proj.join("out/report.json"))["totals"]
    );

    let bad = unetc(&["check", p, "--shard", "4/3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid shard"));
}
