//! The CI-facing formats validate with real tools: `--format sarif` against
//! the official SARIF 2.1.0 JSON schema (ajv, from the npm registry), and
//! `--format github` annotations in the workflow-command syntax.
//!
//! The SARIF validator is installed on first use into `target/ci-tools`
//! (`npm install @microsoft/jest-sarif`, which carries the schema and ajv);
//! set `UNETC_CI_TOOLS` to a directory that already has it to skip that.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn unetc(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_unetc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run unetc");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// `node_modules` with @microsoft/jest-sarif (installing it when missing).
fn ci_tools() -> PathBuf {
    let dir = std::env::var_os("UNETC_CI_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/ci-tools"));
    let schema = dir.join("node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    if !schema.is_file() {
        std::fs::create_dir_all(&dir).unwrap();
        let st = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--silent",
                "@microsoft/jest-sarif@1.0.0-beta.0",
            ])
            .current_dir(&dir)
            .status()
            .expect("npm is needed to install the SARIF schema validator");
        assert!(
            st.success() && schema.is_file(),
            "npm install @microsoft/jest-sarif failed in {}",
            dir.display()
        );
    }
    dir.join("node_modules")
}

/// Every ui case that has diagnostics, rendered as SARIF.
fn sarif_cases() -> Vec<(String, String)> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/ui"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.join("cmd").exists())
        .collect();
    cases.sort();
    cases
        .iter()
        .map(|c| {
            let (code, out) = unetc(&["check", c.to_str().unwrap(), "--format", "sarif"]);
            assert!(code == 0 || code == 1, "{}: exit {code}", c.display());
            (c.file_name().unwrap().to_string_lossy().to_string(), out)
        })
        .collect()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let cases = sarif_cases();
    assert!(
        cases.iter().any(|(_, s)| s.contains("\"ruleId\"")),
        "no ui case produced a SARIF result"
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, sarif) in &cases {
        let v: serde_json::Value =
            serde_json::from_str(sarif).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert_eq!(v["version"], "2.1.0", "{name}");
        let f = tmp.path().join(format!("{name}.sarif"));
        std::fs::write(&f, sarif).unwrap();
        files.push(f);
    }
    let out = Command::new("node")
        .arg(root().join("tests/support/validate_sarif.js"))
        .args(&files)
        .env("NODE_PATH", ci_tools())
        .output()
        .expect("node is needed to validate SARIF");
    assert!(
        out.status.success(),
        "SARIF output does not validate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn github_annotations_are_workflow_commands() {
    let case = root().join("tests/ui/E0002-unknown-manifest-key");
    let (code, out) = unetc(&["check", case.to_str().unwrap(), "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    assert!(!lines.is_empty());
    for l in lines {
        // ::error file=F,line=L,col=C,title=T::message (newlines escaped as %0A)
        let (head, msg) = l
            .strip_prefix("::")
            .and_then(|r| r.split_once("::"))
            .unwrap_or_else(|| panic!("not a workflow command: {l}"));
        let (level, props) = head.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&level), "{l}");
        for key in ["file=", "line=", "col="] {
            assert!(
                props.split(',').any(|p| p.starts_with(key)),
                "{key} missing: {l}"
            );
        }
        assert!(!msg.is_empty() && !msg.contains('\n'), "{l}");
    }
}
