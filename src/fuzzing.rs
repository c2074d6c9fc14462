//! Fuzz entry points: one function per parser, shared by the cargo-fuzz
//! targets in `fuzz/` and the corpus replay test `tests/fuzz_corpus.rs`.
//!
//! Each function takes arbitrary bytes and drives one parser the way the
//! compiler does; its only contract is DESIGN.md §8's "never panic on input"
//! (malformed input gets diagnostics). A few targets also check a cheap
//! property (noted on the function). Nothing here reads the filesystem.
//!
//! Targets: `manifest`, `inventory`, `config`, `pattern`, `config_diff`,
//! `template_header`, `template`, `policy`.

use crate::config::{self, Pattern};
use crate::diag::FileId;
use crate::project::{self, FileSet};

/// A fuzz target: its name (the `fuzz/fuzz_targets/<name>.rs` and
/// `fuzz/corpus/<name>/` it owns) and its entry function.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    Target {
        name: "manifest",
        run: manifest,
    },
    Target {
        name: "inventory",
        run: inventory,
    },
    Target {
        name: "config",
        run: config,
    },
    Target {
        name: "pattern",
        run: pattern,
    },
    Target {
        name: "policy",
        run: policy,
    },
    Target {
        name: "config_diff",
        run: config_diff,
    },
    Target {
        name: "template_header",
        run: template_header,
    },
    Target {
        name: "template",
        run: template,
    },
    Target {
        name: "policy",
        run: policy,
    },
];

/// The target with this name.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// `unet.toml` parsing (`project::manifest::parse`).
pub fn manifest(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = project::manifest::parse(FileId(0), &text);
}

const MANIFEST: &str = "[project]\nname = \"fuzz\"\ndomain = \"example.net\"\n";
const LOCATIONS: &str = "name,parent,kind\nemea,,region\nams1,emea,site\n";
const NODES: &str = "name,vendor,role,location,mgmt_ip\nr1,cisco,router,ams1,10.0.0.1\nr2,juniper,router,ams1,10.0.0.2\n";
const LINKS: &str = "a_node,a_interface,z_node,z_interface,a_ip,z_ip\nr1,Gi0/0,r2,xe-0/0/0,10.1.0.0/31,10.1.0.1/31\n";

/// The inventory pass (`project::load` + `inventory::load`). The first byte
/// picks which file the rest replaces in a small valid project:
/// 0 `nodes.csv`, 1 `links.csv`, 2 `locations.csv`, 3 `locations.toml`,
/// 4 `nodes.toml`, 5 `links.toml` (TOML files are added beside the CSVs).
pub fn inventory(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let mut files = FileSet::default();
    files.insert("unet.toml", MANIFEST);
    files.insert("inventory/locations.csv", LOCATIONS);
    files.insert("inventory/nodes.csv", NODES);
    files.insert("inventory/links.csv", LINKS);
    let slot = match sel % 6 {
        0 => "inventory/nodes.csv",
        1 => "inventory/links.csv",
        2 => "inventory/locations.csv",
        3 => "inventory/locations.toml",
        4 => "inventory/nodes.toml",
        _ => "inventory/links.toml",
    };
    files.insert(slot, rest.to_vec());
    let (Some(project), _) = project::load(&files) else {
        return;
    };
    let _ = crate::inventory::load(&project);
}

/// Device config parsing. The first byte picks the syntax (`config::syntax::ALL`).
pub fn config(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let syntax = config::syntax::ALL[sel as usize % config::syntax::ALL.len()];
    let text = String::from_utf8_lossy(rest);
    let (tree, _) = config::parse(&text, syntax, FileId(0));
    let _ = tree.to_text();
}

/// Match patterns (`Pattern::parse`), then matching the pattern against itself.
pub fn pattern(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = Pattern::parse(&text) {
        let _ = p.matches_line(&text);
        let path: Vec<&str> = text.split(" > ").collect();
        let _ = p.matches_path(&path);
    }
}

/// Section diff and remediation (`diff::diff_texts`). Input: a syntax byte,
/// then `pattern\n` (the section's template-match), then the intended config,
/// then a line `---`, then the running config. Property: a config compared
/// with itself has no differing section and no remediation.
pub fn config_diff(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let syntax = config::syntax::ALL[sel as usize % config::syntax::ALL.len()];
    let text = String::from_utf8_lossy(rest);
    let (pattern, body) = text.split_once('\n').unwrap_or((&text, ""));
    let (intended, running) = body.split_once("\n---\n").unwrap_or((body, ""));
    let section = crate::render::RenderedSection {
        template: "templates/fuzz.j2".into(),
        pattern: pattern.to_string(),
        text: intended.to_string(),
    };
    let sections = std::slice::from_ref(&section);
    let _ = crate::diff::diff_texts(
        "fuzz",
        syntax,
        sections,
        intended,
        FileId(0),
        running,
        FileId(1),
    );
    let (same, _) = crate::diff::diff_texts(
        "fuzz",
        syntax,
        sections,
        intended,
        FileId(0),
        intended,
        FileId(1),
    );
    assert!(
        !same.differs() && same.remediation.is_empty(),
        "a config differs from itself: {same:?}"
    );
}

/// The `template-match` header parser (`render::header::parse`).
pub fn template_header(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(h) = crate::render::header::parse(FileId(0), &text) {
        let _ = h.pattern.matches_line(&h.key);
    }
}

/// Template compilation (`render::compile`: header + MiniJinja syntax) of the
/// input as `templates/fuzz.j2` in a small valid project.
pub fn template(data: &[u8]) {
    let mut files = FileSet::default();
    files.insert("unet.toml", MANIFEST);
    files.insert("templates/fuzz.j2", data.to_vec());
    let (Some(project), _) = project::load(&files) else {
        return;
    };
    let _ = crate::render::compile(&project);
}

const TEMPLATE: &str =
    "{#- template-match: /^(hostname|ntp server) / #}\nhostname {{ node.name }}\n";

/// The policy language: `policy::parser::parse` of the input, then the whole
/// driver (parse, typecheck, evaluate on two nodes, render) with the input as
/// `policies/fuzz.unet` in a small valid project with one template.
pub fn policy(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::policy::parser::parse(FileId(0), &text);
    let mut files = FileSet::default();
    files.insert("unet.toml", MANIFEST);
    files.insert("inventory/locations.csv", LOCATIONS);
    files.insert("inventory/nodes.csv", NODES);
    files.insert("inventory/links.csv", LINKS);
    files.insert("templates/base.j2", TEMPLATE);
    files.insert("policies/fuzz.unet", data.to_vec());
    let _ = crate::driver::compile(&files, &crate::driver::Options::default());
}
