//! Build artifacts: the configs, `report.json`, `report.junit.xml` and
//! `manifest.json` that `unetc build` writes to `out/`.
//!
//! Input: a [`Compilation`] and the [`FileSet`] it was compiled from. Output:
//! every artifact as bytes, by path relative to the output directory
//! ([`artifacts`]). Pure: no clock, no environment, no filesystem — the CLI
//! writes the bytes (atomically). Same inputs give byte-identical artifacts.
//!
//! Schemas: `docs/report-json.md` (report.json and manifest.json).

mod json;
mod junit;
pub mod summary;

use crate::driver::Compilation;
use crate::project::FileSet;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub use json::report_json;
pub use junit::junit_xml;

/// The tool version written into reports and the manifest.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `sha256:<hex>` of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The project files unetc read, by project path, with their hashes.
pub fn input_hashes(files: &FileSet) -> BTreeMap<String, String> {
    files
        .files
        .iter()
        .filter(|(p, _)| crate::project::classify(p).is_some())
        .map(|(p, b)| (p.clone(), sha256(b)))
        .collect()
}

/// The config file of a node, relative to the output directory.
pub fn config_path(node: &str) -> String {
    format!("configs/{node}.cfg")
}

/// Every artifact of a build, by path relative to the output directory.
/// `selection` is the `--only` selector, if any (recorded in the reports).
///
/// A node gets a config file when a template was applied to it.
pub fn artifacts(
    comp: &Compilation,
    files: &FileSet,
    selection: Option<&str>,
) -> BTreeMap<String, Vec<u8>> {
    let inputs = input_hashes(files);
    let mut out = BTreeMap::new();
    for c in &comp.configs {
        if !c.sections.is_empty() {
            out.insert(config_path(&c.node), c.text.as_bytes().to_vec());
        }
    }
    let report = report_json(comp, &inputs, selection, files.provenance.as_ref());
    out.insert("report.json".to_string(), report.into_bytes());
    out.insert("report.junit.xml".to_string(), junit_xml(comp).into_bytes());
    let manifest = manifest_json(comp, &inputs, &out, selection, files.provenance.as_ref());
    out.insert("manifest.json".to_string(), manifest.into_bytes());
    out
}

/// `manifest.json`: tool version, project, and the sha256 of every input and
/// every other artifact.
fn manifest_json(
    comp: &Compilation,
    inputs: &BTreeMap<String, String>,
    artifacts: &BTreeMap<String, Vec<u8>>,
    selection: Option<&str>,
    git: Option<&crate::git::Provenance>,
) -> String {
    let hashes: serde_json::Map<String, serde_json::Value> = artifacts
        .iter()
        .map(|(p, b)| (p.clone(), serde_json::Value::String(sha256(b))))
        .collect();
    let v = serde_json::json!({
        "schema": "unetc-manifest/1",
        "tool": {"name": "unetc", "version": TOOL_VERSION},
        "project": comp.project.manifest.project.name,
        "git": git,
        "selection": selection,
        "inputs": inputs,
        "artifacts": hashes,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_answer() {
        assert_eq!(
            sha256(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn inputs_are_only_project_files() {
        let mut fs = FileSet::default();
        fs.insert("unet.toml", "x");
        fs.insert("README.md", "y");
        fs.insert("templates/a.j2", "z");
        let h = input_hashes(&fs);
        assert_eq!(
            h.keys().collect::<Vec<_>>(),
            ["templates/a.j2", "unet.toml"]
        );
    }
}

#[cfg(test)]
mod build_tests;
