//! The incremental `check` cache: an unchanged project replays its stored
//! result; any change to an input (or to the flags) compiles again.

use std::path::Path;
use std::process::{Command, Output};

#[path = "support/tree.rs"]
mod tree;
use tree::copy_dir;

fn check(dir: &Path, cache: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", dir.to_str().unwrap()];
    args.extend(extra);
    Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(&args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1795392000")
        .env("UNETC_CACHE_DIR", cache)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn unchanged_projects_replay_and_changes_invalidate() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("p");
    let cache = tmp.path().join("cache");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-small"),
        &proj,
    );
    let first = check(&proj, &cache, &[]);
    assert_eq!(
        first.status.code(),
        Some(1),
        "the fixture fails one assertion"
    );
    assert!(stderr(&first).contains("E0401"));
    let entries: Vec<_> = std::fs::read_dir(cache.join("check"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(entries.len(), 1, "one entry per project");
    let entry_path = entries[0].path();

    // a hit replays the stored result: prove it by marking the stored text
    let second = check(&proj, &cache, &[]);
    assert_eq!(stderr(&second), stderr(&first));
    let mut entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&entry_path).unwrap()).unwrap();
    entry["text"] = serde_json::Value::String("replayed from the cache\n".into());
    std::fs::write(&entry_path, serde_json::to_vec(&entry).unwrap()).unwrap();
    let replay = check(&proj, &cache, &[]);
    assert!(stderr(&replay).starts_with("replayed from the cache\n"));
    assert_eq!(replay.status.code(), Some(1));

    // --no-cache compiles; other flags are other keys
    assert!(stderr(&check(&proj, &cache, &["--no-cache"])).contains("E0401"));
    let json = check(&proj, &cache, &["--format", "json"]);
    assert!(String::from_utf8_lossy(&json.stdout).contains("\"code\": \"E0401\""));

    // changing an input invalidates: fix the failing assertion
    let nodes = proj.join("inventory/nodes.csv");
    let text = std::fs::read_to_string(&nodes).unwrap();
    assert!(text.contains("17.6.5"));
    std::fs::write(&nodes, text.replace("17.6.5", "17.9.4")).unwrap();
    let fixed = check(&proj, &cache, &[]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert!(!stderr(&fixed).contains("replayed"));
}
