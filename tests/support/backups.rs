//! A backup repository as Oxidized keeps it, made with git2 in a temp dir:
//! one file per device, at the top level or in a group folder, one commit
//! per snapshot.

#![allow(dead_code)]

use git2::{Repository, Signature};
use std::path::Path;

/// Commits `files` (path → text) as the whole tree of a new commit on HEAD.
pub fn commit(repo: &Repository, files: &[(&str, &str)], message: &str) -> git2::Oid {
    let mut root = std::collections::BTreeMap::<String, Vec<(String, git2::Oid)>>::new();
    for (path, text) in files {
        let oid = repo.blob(text.as_bytes()).unwrap();
        let (dir, name) = path.rsplit_once('/').map_or(("", *path), |(d, n)| (d, n));
        root.entry(dir.to_string())
            .or_default()
            .push((name.to_string(), oid));
    }
    let mut top = repo.treebuilder(None).unwrap();
    for (dir, entries) in &root {
        let mut tb = repo.treebuilder(None).unwrap();
        for (n, oid) in entries {
            tb.insert(n, *oid, 0o100644).unwrap();
        }
        let tree_oid = tb.write().unwrap();
        if dir.is_empty() {
            let t = repo.find_tree(tree_oid).unwrap();
            for e in t.iter() {
                top.insert(e.name().unwrap(), e.id(), e.filemode()).unwrap();
            }
        } else {
            top.insert(dir, tree_oid, 0o040000).unwrap();
        }
    }
    let tree = repo.find_tree(top.write().unwrap()).unwrap();
    let sig = Signature::new(
        "oxidized",
        "oxidized@example.net",
        &git2::Time::new(1_700_000_000, 0),
    )
    .unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}

/// A new bare repository at `path`.
pub fn bare(path: &Path) -> Repository {
    Repository::init_bare(path).unwrap()
}
