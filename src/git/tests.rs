//! Unit tests of `files_at`, `locate` and `provenance` on repositories made
//! with git2 in temp dirs.

use super::*;
use std::fs;

/// Commits the work tree of `repo` (all files) with `msg`; returns the commit id.
pub(crate) fn commit_all(repo: &git2::Repository, msg: &str) -> String {
    let mut idx = repo.index().unwrap();
    idx.add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    idx.update_all(["*"], None).unwrap();
    idx.write().unwrap();
    let tree_id = idx.write_tree().unwrap();
    let tree = repo.find_tree(tree_id).unwrap();
    let sig =
        git2::Signature::new("t", "t@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &parents)
        .unwrap()
        .to_string()
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn subfolder_project_at_revision() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    let proj = tmp.path().join("net/site");
    write(&proj, "unet.toml", "[project]\nname = \"a\"\n");
    write(&proj, "policies/base.unet", "# v1\n");
    write(&proj, "out/configs/x.cfg", "ignored\n");
    write(tmp.path(), "README", "not a project file\n");
    let c1 = commit_all(&repo, "one");
    write(&proj, "policies/base.unet", "# v2\n");
    write(&proj, "policies/new.unet", "# new\n");
    commit_all(&repo, "two");
    // the work tree moves on; files_at reads history only
    write(&proj, "policies/base.unet", "# dirty\n");

    let set = files_at(&proj, &c1).unwrap();
    let paths: Vec<&str> = set.files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["policies/base.unet", "unet.toml"]);
    assert_eq!(set.files["policies/base.unet"], b"# v1\n");
    let set = files_at(&proj, "HEAD").unwrap();
    assert_eq!(set.files["policies/base.unet"], b"# v2\n");
    assert_eq!(
        fs::read_to_string(proj.join("policies/base.unet")).unwrap(),
        "# dirty\n"
    );

    // a project folder removed from the work tree is still readable at a revision
    fs::remove_dir_all(&proj).unwrap();
    assert_eq!(files_at(&proj, &c1).unwrap().files.len(), 2);
    assert!(files_at(&proj, "HEAD~1").is_ok());
    fs::create_dir_all(proj.join("policies")).unwrap();

    let loc = locate(&proj.join("policies")).unwrap();
    assert_eq!(loc.prefix, "net/site/policies/");
    assert_eq!(locate(&proj).unwrap().prefix, "net/site/");
}

#[test]
fn unknown_revision_suggests_a_tag() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    write(tmp.path(), "unet.toml", "[project]\nname = \"a\"\n");
    let c = commit_all(&repo, "one");
    let obj = repo.revparse_single(&c).unwrap();
    repo.tag_lightweight("release-1", &obj, false).unwrap();
    let e = files_at(tmp.path(), "relase-1").unwrap_err();
    assert_eq!(e.0.code, "E0802");
    assert_eq!(e.0.message, "unknown revision `relase-1`");
    assert_eq!(e.0.help.as_deref(), Some("did you mean `release-1`?"));
    assert!(e.to_string().contains("[E0802]"), "{e}");
}

#[test]
fn missing_project_at_revision_and_not_a_repo() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    write(tmp.path(), "README", "x\n");
    let first = commit_all(&repo, "one");
    write(tmp.path(), "proj/unet.toml", "[project]\nname = \"a\"\n");
    commit_all(&repo, "two");
    let e = files_at(&tmp.path().join("proj"), &first).unwrap_err();
    assert_eq!(e.0.code, "E0803");
    assert!(
        e.0.message
            .starts_with("the project folder `proj` does not exist at revision"),
        "{}",
        e.0.message
    );

    let plain = tempfile::tempdir().unwrap();
    let ceiling = plain.path().to_path_buf();
    // a folder outside any repository (temp dirs are not in one)
    if git2::Repository::discover(&ceiling).is_err() {
        let e = files_at(&ceiling, "HEAD").unwrap_err();
        assert_eq!(e.0.code, "E0801");
    }
}

#[test]
fn provenance_tracks_dirty_project_files_only() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    let proj = tmp.path().join("p");
    write(&proj, "unet.toml", "[project]\nname = \"a\"\n");
    write(tmp.path(), "other/file", "x\n");
    let c = commit_all(&repo, "one");
    let p = provenance(&proj).unwrap();
    assert_eq!(p.commit, c);
    assert!(!p.dirty);
    assert!(p.branch.is_some());
    write(&proj, "out/manifest.json", "{}\n");
    write(&proj, "live/r1.cfg", "hostname r1\n");
    write(&proj, "NOTES.md", "not an input\n");
    write(tmp.path(), "other/file", "changed\n");
    assert!(
        !provenance(&proj).unwrap().dirty,
        "out/ and files outside the project are ignored"
    );
    write(&proj, "unet.toml", "[project]\nname = \"b\"\n");
    assert!(provenance(&proj).unwrap().dirty);
    commit_all(&repo, "two");
    write(&proj, "policies/new.unet", "# untracked\n");
    assert!(
        provenance(&proj).unwrap().dirty,
        "an untracked project file makes it dirty"
    );
}
