//! Git-aware compiling against real repositories made with git2 in temp
//! dirs: `--rev` (unknown revision, missing path, subfolder project, running
//! from a subdirectory), dependencies pinned / used / updated from a repo
//! with two tags (plain path and `file://` URL), offline use once cached,
//! a pinned commit that is missing, and `diff --rev` plans.
//!
//! No network: every repository is local; each test has its own cache
//! (`UNETC_CACHE_DIR`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/tree.rs"]
mod tree;
use tree::copy_dir;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Stages everything in the work tree and commits it; returns the commit id.
fn commit_all(repo: &git2::Repository, msg: &str) -> String {
    let mut idx = repo.index().unwrap();
    idx.add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    idx.update_all(["*"], None).unwrap();
    idx.write().unwrap();
    let tree = repo.find_tree(idx.write_tree().unwrap()).unwrap();
    let sig =
        git2::Signature::new("t", "t@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &parents)
        .unwrap()
        .to_string()
}

fn tag(repo: &git2::Repository, name: &str) {
    let obj = repo.revparse_single("HEAD").unwrap();
    repo.tag_lightweight(name, &obj, false).unwrap();
}

struct Env {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        let cache = root.join("cache");
        Env {
            _tmp: tmp,
            root,
            cache,
        }
    }

    fn unetc(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_unetc"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env("UNETC_CACHE_DIR", &self.cache)
            .env("GIT_CEILING_DIRECTORIES", &self.root)
            .output()
            .unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const MANIFEST: &str = "[project]\nname = \"site\"\n";

/// A repo holding a project in `net/site`, two commits: the first has one
/// policy file, the second adds another.
fn project_repo(env: &Env) -> (git2::Repository, PathBuf, String, String) {
    let repo_dir = env.root.join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let proj = repo_dir.join("net/site");
    write(&proj, "unet.toml", MANIFEST);
    write(&proj, "policies/a.unet", "# a\n");
    let c1 = commit_all(&repo, "one");
    tag(&repo, "release-1");
    write(&proj, "policies/b.unet", "# b\n");
    let c2 = commit_all(&repo, "two");
    (repo, proj, c1, c2)
}

#[test]
fn rev_errors_are_clear() {
    let env = Env::new();
    let (_repo, proj, c1, _) = project_repo(&env);
    let o = env.unetc(&proj, &["check", ".", "--rev", "relese-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("unknown revision `relese-1` [E0802]"), "{e}");
    assert!(e.contains("help: did you mean `release-1`?"), "{e}");

    // a project created in a later commit does not exist at the first one
    let repo = git2::Repository::open(env.root.join("repo")).unwrap();
    write(&env.root.join("repo"), "net/other/unet.toml", MANIFEST);
    commit_all(&repo, "three");
    let o = env.unetc(
        &env.root.join("repo/net/other"),
        &["check", ".", "--rev", &c1],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("the project folder `net/other` does not exist at revision"),
        "{e}"
    );
    assert!(e.contains("[E0803]"), "{e}");

    // outside any repository (the ceiling stops discovery at the temp dir)
    let plain = env.root.join("plain");
    write(&plain, "unet.toml", MANIFEST);
    let o = env.unetc(&plain, &["check", ".", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not inside a git repository [E0801]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn subfolder_project_from_a_subdirectory() {
    let env = Env::new();
    let (_repo, proj, c1, _) = project_repo(&env);
    // the work tree has a broken manifest; the revision is fine
    write(&proj, "unet.toml", "[project\n");
    let o = env.unetc(&proj.join("policies"), &["check", "..", "--rev", &c1]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("`site` is clean"), "{}", stderr(&o));
    let o = env.unetc(
        &env.root.join("repo/net"),
        &["check", "site", "--rev", "HEAD"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = env.unetc(&proj, &["check", "."]);
    assert_eq!(o.status.code(), Some(1), "the work tree is broken");
    // the work tree was not touched
    assert_eq!(
        fs::read_to_string(proj.join("unet.toml")).unwrap(),
        "[project\n"
    );

    // the files read at each revision
    let at = |rev: &str| {
        unetc::git::files_at(&proj, rev)
            .unwrap()
            .files
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&c1), ["policies/a.unet", "unet.toml"]);
    assert_eq!(
        at("HEAD"),
        ["policies/a.unet", "policies/b.unet", "unet.toml"]
    );
}

/// A dependency repo with `v1` and `v2` tags of `templates/ntp.j2`.
fn dep_repo(dir: &Path) -> (String, String) {
    let repo = git2::Repository::init(dir).unwrap();
    write(
        dir,
        "templates/ntp.j2",
        "{#- template-match: /^ntp / #}\nntp server 1.1.1.1\n",
    );
    write(dir, "policies/ntp.unet", "# corp\n");
    write(dir, "README", "not read\n");
    let v1 = commit_all(&repo, "v1");
    tag(&repo, "v1");
    write(
        dir,
        "templates/ntp.j2",
        "{#- template-match: /^ntp / #}\nntp server 2.2.2.2\n",
    );
    let v2 = commit_all(&repo, "v2");
    tag(&repo, "v2");
    (v1, v2)
}

fn lock_pin(proj: &Path, name: &str) -> Option<String> {
    let text = fs::read_to_string(proj.join("unet.lock")).ok()?;
    let (l, d) = unetc::facts::Lockfile::parse(unetc::diag::FileId(0), &text);
    assert!(d.is_empty(), "{d:?}");
    l.dependencies.get(name).map(|p| p.commit.clone())
}

fn dep_files(env: &Env, proj: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let opts = unetc::git::DepOptions {
        project_dir: proj.to_path_buf(),
        cache_dir: env.cache.clone(),
        mode: unetc::git::PinMode::Locked,
    };
    let own = unetc::project::disk::read(proj).unwrap();
    let (files, diags) = unetc::git::with_dependencies(own, &opts).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    assert!(files.diagnostics.is_empty(), "{:?}", files.diagnostics);
    files
        .files
        .into_iter()
        .filter(|(k, _)| k.starts_with("corp:"))
        .collect()
}

fn pin_use_update(git_value: impl Fn(&Path) -> String) {
    let env = Env::new();
    let dep = env.root.join("corp");
    let (v1, v2) = dep_repo(&dep);
    let proj = env.root.join("proj");
    let manifest = |rev: &str| {
        format!(
            "{MANIFEST}\n[dependencies]\ncorp = {{ git = \"{}\", rev = \"{rev}\" }}\n",
            git_value(&dep)
        )
    };
    write(&proj, "unet.toml", &manifest("v1"));
    // facts already in the lockfile must survive pinning and updating
    write(
        &proj,
        "unet.lock",
        "version = 1\n\n[nodes.sw1]\npolled_at = \"2026-01-01T00:00:00Z\"\nagent = \"127.0.0.1:161\"\nsys_descr = \"Cisco IOS\"\n",
    );

    // --locked refuses to pin
    let o = env.unetc(&proj, &["check", ".", "--locked"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0806]"), "{}", stderr(&o));
    assert_eq!(lock_pin(&proj, "corp"), None);

    // check pins v1 and keeps the facts
    let o = env.unetc(&proj, &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: pinned dependency `corp`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(lock_pin(&proj, "corp").as_deref(), Some(v1.as_str()));
    let lock = fs::read_to_string(proj.join("unet.lock")).unwrap();
    assert!(
        lock.contains("[nodes.sw1]") && lock.contains("Cisco IOS"),
        "{lock}"
    );

    // the dependency's files join the project, namespaced
    let files = dep_files(&env, &proj);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["corp:policies/ntp.unet", "corp:templates/ntp.j2"]);
    assert!(String::from_utf8_lossy(&files["corp:templates/ntp.j2"]).contains("1.1.1.1"));

    // moving rev to v2: --locked sees the stale pin; update moves it
    write(&proj, "unet.toml", &manifest("v2"));
    let o = env.unetc(&proj, &["check", ".", "--locked"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is out of date"), "{}", stderr(&o));
    let o = env.unetc(&proj, &["update"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expect = format!("corp: {} → {}", &v1[..12], &v2[..12]);
    assert!(stderr(&o).contains(&expect), "{}", stderr(&o));
    assert_eq!(lock_pin(&proj, "corp").as_deref(), Some(v2.as_str()));
    let lock = fs::read_to_string(proj.join("unet.lock")).unwrap();
    assert!(lock.contains("Cisco IOS"), "facts kept: {lock}");
    let files = dep_files(&env, &proj);
    assert!(String::from_utf8_lossy(&files["corp:templates/ntp.j2"]).contains("2.2.2.2"));
    let o = env.unetc(&proj, &["update", ".", "corp"]);
    assert!(
        stderr(&o).contains("every dependency pin is up to date"),
        "{}",
        stderr(&o)
    );

    // offline: the source disappears, the pinned commit is in the cache
    fs::remove_dir_all(&dep).unwrap();
    let o = env.unetc(&proj, &["check", ".", "--locked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = dep_files(&env, &proj);
    assert!(String::from_utf8_lossy(&files["corp:templates/ntp.j2"]).contains("2.2.2.2"));
    // but update needs the source
    let o = env.unetc(&proj, &["update"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0804]"), "{}", stderr(&o));

    // a pin the cache lacks and the source cannot provide
    let text = fs::read_to_string(proj.join("unet.lock"))
        .unwrap()
        .replace(&v2, &"1".repeat(40));
    fs::write(proj.join("unet.lock"), text).unwrap();
    let o = env.unetc(&proj, &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("error[E0805]"), "{e}");
    assert!(e.contains("it is not in the cache and the"), "{e}");
}

#[test]
fn dependency_by_plain_path() {
    pin_use_update(|p| p.to_string_lossy().into_owned());
}

#[test]
fn dependency_by_file_url() {
    pin_use_update(|p| format!("file://{}", p.to_string_lossy()));
}

#[test]
fn dependency_by_relative_path_and_missing_pin() {
    let env = Env::new();
    let (v1, _) = dep_repo(&env.root.join("libs/corp"));
    let proj = env.root.join("proj");
    write(
        &proj,
        "unet.toml",
        &format!("{MANIFEST}\n[dependencies]\ncorp = {{ git = \"../libs/corp\", rev = \"v1\" }}\n"),
    );
    // a pin at a commit the repository does not have
    write(
        &proj,
        "unet.lock",
        &format!(
            "version = 1\n\n[dependencies.corp]\ngit = \"../libs/corp\"\nrev = \"v1\"\ncommit = \"{}\"\n",
            "2".repeat(40)
        ),
    );
    let o = env.unetc(&proj, &["check", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the repository does not have it"),
        "{}",
        stderr(&o)
    );
    let o = env.unetc(&proj, &["update", ".", "corp"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(lock_pin(&proj, "corp").as_deref(), Some(v1.as_str()));
    // offline with a relative path: the cache key does not depend on the source existing
    fs::remove_dir_all(env.root.join("libs")).unwrap();
    let o = env.unetc(&env.root, &["check", "proj", "--locked"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = env.unetc(&proj, &["update", ".", "crop"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `corp`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn dependency_of_a_project_at_a_revision_is_not_pinned_on_disk() {
    let env = Env::new();
    let (v1, _) = dep_repo(&env.root.join("corp"));
    let repo_dir = env.root.join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let dep = env.root.join("corp").to_string_lossy().into_owned();
    write(
        &repo_dir,
        "unet.toml",
        &format!("{MANIFEST}\n[dependencies]\ncorp = {{ git = \"{dep}\", rev = \"v1\" }}\n"),
    );
    commit_all(&repo, "one");
    let o = env.unetc(&repo_dir, &["check", ".", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !repo_dir.join("unet.lock").exists(),
        "--rev never writes unet.lock"
    );
    let o = env.unetc(&repo_dir, &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(lock_pin(&repo_dir, "corp").as_deref(), Some(v1.as_str()));
}

#[test]
fn diff_rev_prints_a_plan() {
    let env = Env::new();
    let (_repo, proj, c1, _) = project_repo(&env);
    let o = env.unetc(&proj, &["diff", ".", "--rev", "release-1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("plan: `release-1` ({}) → work tree\n", &c1[..12])),
        "{out}"
    );
    let o = env.unetc(&proj, &["diff", ".", "--rev", "release-1..HEAD", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["base"]["commit"], c1.as_str());
    assert_eq!(v["head"]["rev"], "HEAD");
    assert!(v["nodes"].is_array() && v["totals"].is_object(), "{v}");
    let o = env.unetc(&proj, &["diff", ".", "--rev", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("[E0802]"), "{}", stderr(&o));
}

#[test]
fn build_records_provenance() {
    let env = Env::new();
    let (_repo, proj, c1, c2) = project_repo(&env);
    let git_of = |file: &str| {
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(proj.join("out").join(file)).unwrap()).unwrap();
        v["git"].clone()
    };
    let o = env.unetc(&proj, &["build", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["manifest.json", "report.json"] {
        let g = git_of(f);
        assert_eq!(g["commit"], c2.as_str(), "{f}: {g}");
        assert_eq!(g["dirty"], false, "{f}: out/ itself does not make it dirty");
        assert!(g["branch"].is_string(), "{g}");
    }
    // a second build over its own out/ is still clean
    env.unetc(&proj, &["build", "."]);
    assert_eq!(git_of("manifest.json")["dirty"], false);
    write(&proj, "policies/a.unet", "# edited\n");
    env.unetc(&proj, &["build", "."]);
    assert_eq!(git_of("manifest.json")["dirty"], true);
    // the old revision, built into out/
    let o = env.unetc(&proj, &["build", ".", "--rev", "release-1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let g = git_of("report.json");
    assert_eq!(g["commit"], c1.as_str());
    assert_eq!(g["dirty"], false);
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(proj.join("out/manifest.json")).unwrap()).unwrap();
    let inputs: Vec<&String> = v["inputs"].as_object().unwrap().keys().collect();
    assert_eq!(
        inputs,
        ["policies/a.unet", "unet.toml"],
        "the files of release-1"
    );
}

#[test]
fn dependency_without_rev_follows_the_default_branch() {
    let env = Env::new();
    let dep = env.root.join("corp");
    let (_, v2) = dep_repo(&dep);
    let proj = env.root.join("proj");
    write(
        &proj,
        "unet.toml",
        &format!(
            "{MANIFEST}\n[dependencies]\ncorp = {{ git = \"{}\" }}\n",
            dep.to_string_lossy()
        ),
    );
    let o = env.unetc(&proj, &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(lock_pin(&proj, "corp").as_deref(), Some(v2.as_str()));
    let lock = fs::read_to_string(proj.join("unet.lock")).unwrap();
    assert!(lock.contains("rev = \"HEAD\""), "{lock}");
}

/// Two commits of a small real project (tests/fixtures/build-small) in a
/// subfolder of a repo: the second moves r1's management address (its
/// router-ids change: routing section only) and adds a node r3. The plan
/// shows exactly those devices and sections; r2 is unchanged.
#[test]
fn plan_between_two_commits_shows_exactly_the_changed_devices_and_sections() {
    let env = Env::new();
    let repo_dir = env.root.join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let proj = repo_dir.join("net/site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-small"),
        &proj,
    );
    let c1 = commit_all(&repo, "base");
    let nodes = fs::read_to_string(proj.join("inventory/nodes.csv"))
        .unwrap()
        .replace("10.255.0.1,", "10.255.0.11,");
    fs::write(
        proj.join("inventory/nodes.csv"),
        format!("{nodes}r3,cisco,C9300-48P,switch,live,,10.255.0.3,17.9.4,\n"),
    )
    .unwrap();
    let c2 = commit_all(&repo, "move r1, add r3");

    let o = env.unetc(
        &proj.join("policies"),
        &["diff", "..", "--rev", &format!("{c1}..{c2}"), "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let nodes: Vec<(String, String)> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["node"].as_str().unwrap().to_string(),
                n["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        nodes,
        [
            ("r1".into(), "changed".into()),
            ("r3".into(), "added".into())
        ],
        "{v:#}"
    );
    let r1 = &v["nodes"][0];
    assert_eq!(r1["sections"].as_array().unwrap().len(), 1, "{r1:#}");
    let s = &r1["sections"][0];
    assert_eq!(s["pattern"], "/^router (ospf|bgp) /");
    assert_eq!(s["template"], "templates/routing.j2");
    assert_eq!(
        (s["added_lines"].as_u64(), s["removed_lines"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(v["totals"]["unchanged"], 1);
    assert_eq!(v["totals"]["changed"], 1);
    assert_eq!(v["totals"]["added"], 1);

    // the same plan against the work tree (which is at c2), as text
    let o = env.unetc(&proj, &["diff", ".", "--rev", &c1]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("~ r1"), "{out}");
    assert!(
        out.contains("    ~ /^router (ospf|bgp) / (templates/routing.j2)  +2 -2"),
        "{out}"
    );
    assert!(out.contains("+ r3"), "{out}");
    assert!(!out.contains("r2"), "{out}");
    assert!(
        stderr(&o).contains("2 devices change (1 added, 0 removed, 1 changed), 1 unchanged"),
        "{}",
        stderr(&o)
    );
}

/// Compiles the project at `rev` up to rendered configs, with the policy
/// step done by hand (the evaluator is issue 3): every node gets
/// `templates/system.j2`, routers `templates/routing.j2`, and every node the
/// dependency's `corp:templates/ntp.j2`, with its inventory custom_data.
fn rendered_at(env: &Env, proj: &Path, rev: &str) -> Vec<unetc::render::RenderedConfig> {
    use unetc::policy::{AppliedTemplate, NodeEval, RuleRef};
    let files = unetc::git::files_at(proj, rev).unwrap();
    let opts = unetc::git::DepOptions {
        project_dir: proj.to_path_buf(),
        cache_dir: env.cache.clone(),
        mode: unetc::git::PinMode::ReadOnly,
    };
    let (files, d) = unetc::git::with_dependencies(files, &opts).unwrap();
    assert!(d.is_empty(), "{d:?}");
    assert!(files.files.contains_key("corp:templates/ntp.j2"));
    let (project, d) = unetc::project::load(&files);
    assert!(d.is_empty(), "{d:?}");
    let project = project.unwrap();
    let (inventory, d) = unetc::inventory::load(&project);
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    let apply = |t: &str| AppliedTemplate {
        rule: RuleRef {
            name: "by-hand".into(),
            span: Default::default(),
        },
        template: t.into(),
    };
    let evals: Vec<NodeEval> = inventory
        .nodes
        .iter()
        .map(|n| {
            let mut applied = vec![apply("templates/system.j2")];
            if n.role == Some("router") {
                applied.push(apply("templates/routing.j2"));
            }
            applied.push(apply("corp:templates/ntp.j2"));
            NodeEval {
                node: n.name.clone(),
                applied,
                custom_data: n.custom_data.clone(),
                ..Default::default()
            }
        })
        .collect();
    let (templates, d) = unetc::render::compile(&project);
    assert!(d.is_empty(), "{d:?}");
    let lock = unetc::facts::Lockfile::default();
    let (configs, d) = unetc::render::render_all(&templates, &project, &inventory, &lock, &evals);
    assert!(d.is_empty(), "{d:?}");
    configs
}

/// Two commits of a real project (tests/fixtures/build-small plus a
/// dependency) in a subfolder of a repo, read from history and rendered:
/// the plan holds exactly the devices and sections the second commit
/// changes (r1's router-ids, the new r3), and the dependency's section is
/// rendered on both sides and unchanged.
#[test]
fn plan_of_two_rendered_commits() {
    let env = Env::new();
    let dep = env.root.join("corp");
    dep_repo(&dep);
    let repo_dir = env.root.join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let proj = repo_dir.join("net/site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-small"),
        &proj,
    );
    let manifest = fs::read_to_string(proj.join("unet.toml")).unwrap();
    fs::write(
        proj.join("unet.toml"),
        format!(
            "{manifest}\n[dependencies]\ncorp = {{ git = \"{}\", rev = \"v1\" }}\n",
            dep.to_string_lossy()
        ),
    )
    .unwrap();
    let c1 = commit_all(&repo, "base");
    let nodes = fs::read_to_string(proj.join("inventory/nodes.csv"))
        .unwrap()
        .replace("10.255.0.1,", "10.255.0.11,");
    fs::write(
        proj.join("inventory/nodes.csv"),
        format!("{nodes}r3,cisco,C9300-48P,switch,live,,10.255.0.3,17.9.4,\n"),
    )
    .unwrap();
    let c2 = commit_all(&repo, "move r1, add r3");

    let base = rendered_at(&env, &proj, &c1);
    let head = rendered_at(&env, &proj, &c2);
    assert_eq!(base.len(), 2);
    assert!(
        base[0].text.contains("ntp server 1.1.1.1"),
        "{}",
        base[0].text
    );
    let plan = unetc::git::plan::plan(&base, &head);
    let nodes: Vec<(&str, unetc::git::plan::Change)> = plan
        .nodes
        .iter()
        .map(|n| (n.node.as_str(), n.change))
        .collect();
    use unetc::git::plan::Change;
    assert_eq!(
        nodes,
        [("r1", Change::Changed), ("r3", Change::Added)],
        "{}",
        plan.text()
    );
    let r1 = &plan.nodes[0];
    assert_eq!(r1.sections.len(), 1, "{}", plan.text());
    assert_eq!(r1.sections[0].pattern, "/^router (ospf|bgp) /");
    assert_eq!(r1.sections[0].template, "templates/routing.j2");
    assert_eq!(r1.sections[0].change, Change::Changed);
    assert_eq!(
        (r1.added_lines, r1.removed_lines),
        (2, 2),
        "{}",
        plan.text()
    );
    let r3: Vec<&str> = plan.nodes[1]
        .sections
        .iter()
        .map(|s| s.template.as_str())
        .collect();
    assert_eq!(r3, ["templates/system.j2", "corp:templates/ntp.j2"]);
    assert_eq!(plan.totals.unchanged, 1);
    assert!(
        plan.summary()
            .starts_with("2 devices change (1 added, 0 removed, 1 changed), 1 unchanged"),
        "{}",
        plan.summary()
    );
}

/// The git reader and the disk reader see the same project files.
#[test]
fn files_at_head_equals_the_clean_work_tree() {
    let env = Env::new();
    let repo_dir = env.root.join("repo");
    let repo = git2::Repository::init(&repo_dir).unwrap();
    let proj = repo_dir.join("p");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build-small"),
        &proj,
    );
    write(&proj, "policies/.draft/x.unet", "# hidden\n");
    write(&proj, "live/r1.cfg", "hostname r1\n");
    write(&proj, "out/configs/r1.cfg", "hostname r1\n");
    write(&proj, "inventory/sub/x.csv", "not read\n");
    write(&proj, "README.md", "not read\n");
    commit_all(&repo, "one");
    let from_git = unetc::git::files_at(&proj, "HEAD").unwrap();
    let from_disk = unetc::project::disk::read(&proj).unwrap();
    assert_eq!(from_git.files, from_disk.files);
    assert_eq!(from_git.files.len(), 7, "{:?}", from_git.files.keys());
}
