//! The incremental `check` cache: an unchanged project re-checks in
//! milliseconds.
//!
//! The key is a sha256 over everything the output depends on: every input
//! file (path and bytes, dependency files included), the unetc version, the
//! output format and colour, `--only`/`--shard`/`--rev`, and the current UTC
//! day (facts age warnings depend on the date). A hit replays the stored
//! output; anything else compiles and stores the new result. One entry per
//! project directory lives in `<cache dir>/check/` (`$UNETC_CACHE_DIR`,
//! `$XDG_CACHE_HOME/unetc` or `~/.cache/unetc`). The cache is best effort: a
//! missing, broken or unwritable entry just means a full check.

use crate::project::FileSet;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a check printed, and how it ended.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Diagnostics as rendered (stderr for human output, stdout otherwise).
    pub text: String,
    /// Closing lines of a human run (compliance and summary), shown unless `--quiet`.
    pub trailer: Vec<String>,
    pub failed: bool,
}

/// The cache key of a check (see the module doc).
pub fn key(files: &FileSet, settings: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for s in settings {
        h.update([0u8]);
        h.update(s.as_bytes());
    }
    for (path, bytes) in &files.files {
        h.update([1u8]);
        h.update(path.as_bytes());
        h.update([0u8]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    for d in &files.diagnostics {
        h.update([2u8]);
        h.update(d.code.as_bytes());
        h.update(d.message.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the entry of the project at `root` lives.
pub fn path(root: &Path) -> PathBuf {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let id: String = Sha256::digest(root.to_string_lossy().as_bytes())[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    crate::git::deps::default_cache_dir()
        .join("check")
        .join(format!("{id}.json"))
}

/// The stored entry for `key`, if there is one.
pub fn load(root: &Path, key: &str) -> Option<Entry> {
    let bytes = std::fs::read(path(root)).ok()?;
    let e: Entry = serde_json::from_slice(&bytes).ok()?;
    (e.key == key).then_some(e)
}

/// Stores an entry (errors are ignored: the cache is best effort).
pub fn store(root: &Path, entry: &Entry) {
    if let Ok(bytes) = serde_json::to_vec(entry) {
        let _ = crate::output::write_atomic(&path(root), &bytes);
    }
}
