//! Replays every file of `fuzz/corpus/<target>/` (seeds, and the reproducers of
//! crashes that were found and fixed, named `crash-*`) through the same entry
//! functions the cargo-fuzz targets call (`unetc::fuzzing`), so the corpus is
//! exercised by `cargo test` on stable. A panic names the file.

use std::path::Path;

#[test]
fn fuzz_corpus_replays_without_panics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut failures = Vec::new();
    let mut count = 0;
    for t in unetc::fuzzing::TARGETS {
        let dir = root.join(t.name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| {
                panic!(
                    "fuzz target `{}` has no corpus at {}: {e}",
                    t.name,
                    dir.display()
                )
            })
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "fuzz corpus for `{}` is empty", t.name);
        for f in files {
            let data = std::fs::read(&f).unwrap();
            count += 1;
            if std::panic::catch_unwind(|| (t.run)(&data)).is_err() {
                failures.push(f.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} corpus files panic: {failures:#?}",
        failures.len()
    );
}

#[test]
fn every_fuzz_target_has_a_cargo_fuzz_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    for t in unetc::fuzzing::TARGETS {
        assert!(
            root.join(format!("fuzz_targets/{}.rs", t.name)).is_file()
                && manifest.contains(&format!("name = \"{}\"", t.name)),
            "fuzz target `{}` has no fuzz/fuzz_targets/{0}.rs or [[bin]] in fuzz/Cargo.toml",
            t.name
        );
    }
}
