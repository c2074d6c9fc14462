//! Artifacts of a hand-built compilation: snapshot of every file, and
//! byte-identical output whatever the thread count.

use super::*;
use crate::diag::Span;
use crate::inventory::{Inventory, Link, Node};
use crate::policy::{AppliedTemplate, AssertionResult, NodeEval, RuleRef, SetResult};
use crate::value::Value;

const POLICY: &str = "WHEN node.vendor == \"cisco\" THEN APPLY \"templates/system.j2\"\nWHEN node.vendor == \"cisco\" THEN ASSERT node.os_version IS \"17.9.4\"\nWHEN node.vendor == \"cisco\" THEN SET custom_data.ntp.servers TO [\"192.0.2.1\"]\n";

fn files() -> FileSet {
    let mut fs = FileSet::default();
    fs.insert(
        "unet.toml",
        "[project]\nname = \"small\"\ndomain = \"example.net\"\n",
    );
    fs.insert("policies/main.unet", POLICY);
    fs.insert(
        "templates/system.j2",
        "{#- template-match: /^(hostname|ntp) / #}\nhostname {{ node.name }}\n{% for s in custom_data | get('ntp.servers', []) %}\nntp server {{ s }}\n{% endfor %}\n",
    );
    fs.insert(
        "templates/interfaces.j2",
        "{#- template-match: interface * #}\n{% for l in links | natural_sort('interface') %}\ninterface {{ l.interface }}\n description <{{ l.peer_node }}> & \"{{ l.peer_interface | interface_short }}\"\n ip address {{ l.ip | ipaddr }} {{ l.ip | netmask }}\n!\n{% endfor %}\n",
    );
    fs
}

fn compilation(n: usize) -> Compilation {
    let fs = files();
    let (project, d) = crate::project::load(&fs);
    assert!(d.is_empty());
    let project = project.unwrap();
    let policy = project.policy_files[0];
    let rule = |line: usize, name: &str| {
        let start: usize = POLICY
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        RuleRef {
            name: name.into(),
            span: Span::new(policy, start..start + 4),
        }
    };
    let nodes: Vec<Node> = (0..n)
        .map(|i| Node {
            name: format!("sw{i:03}"),
            vendor: Some("cisco"),
            role: Some("switch"),
            os_version: Some(if i % 7 == 1 { "17.6.5" } else { "17.9.4" }.into()),
            ..Default::default()
        })
        .collect();
    let links: Vec<Link> = (1..n)
        .map(|i| Link {
            a_node: format!("sw{:03}", i - 1),
            a_interface: format!("GigabitEthernet1/0/{}", i % 48 + 1),
            z_node: Some(format!("sw{i:03}")),
            z_interface: Some("TenGigabitEthernet1/1/1".into()),
            a_ip: Some(format!("10.{}.{}.0/31", i / 256, i % 256).parse().unwrap()),
            z_ip: Some(format!("10.{}.{}.1/31", i / 256, i % 256).parse().unwrap()),
            ..Default::default()
        })
        .collect();
    let inventory = Inventory::new(vec![], nodes, links);
    let evals: Vec<NodeEval> = inventory
        .nodes
        .iter()
        .map(|node| {
            let mut cd = Value::Map(Default::default());
            let servers = Value::List(vec![Value::Str("192.0.2.1".into())]);
            cd.set_path(&["ntp", "servers"], servers.clone());
            let os = node.os_version.clone().unwrap();
            NodeEval {
                node: node.name.clone(),
                matched_rules: vec![
                    rule(1, "main.unet:1"),
                    rule(2, "os-version"),
                    rule(3, "main.unet:3"),
                ],
                assertions: vec![AssertionResult {
                    rule: rule(2, "os-version"),
                    assertion: "node.os_version IS \"17.9.4\"".into(),
                    passed: os == "17.9.4",
                    expected: Value::Str("17.9.4".into()),
                    actual: Value::Str(os),
                }],
                sets: vec![SetResult {
                    rule: rule(3, "main.unet:3"),
                    path: "custom_data.ntp.servers".into(),
                    value: servers,
                }],
                applied: ["templates/system.j2", "templates/interfaces.j2"]
                    .iter()
                    .map(|t| AppliedTemplate {
                        rule: rule(1, "main.unet:1"),
                        template: (*t).into(),
                    })
                    .collect(),
                custom_data: cd,
                diagnostics: vec![],
            }
        })
        .collect();
    let lock = crate::facts::Lockfile::default();
    let (templates, d) = crate::render::compile(&project);
    assert!(d.is_empty(), "{d:?}");
    let (configs, d) = crate::render::render_all(&templates, &project, &inventory, &lock, &evals);
    assert!(d.is_empty(), "{d:?}");
    Compilation {
        project,
        inventory,
        lock,
        evals,
        configs,
        diagnostics: vec![],
        timings: vec![],
    }
}

#[test]
fn artifacts_snapshot() {
    let comp = compilation(3);
    let arts = artifacts(&comp, &files(), None);
    let mut all = String::new();
    for (path, bytes) in &arts {
        all.push_str(&format!("==> {path}\n{}", String::from_utf8_lossy(bytes)));
    }
    insta::with_settings!({snapshot_path => "../../snapshots/report", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("build_artifacts", all);
    });
}

#[test]
fn artifacts_are_identical_across_thread_counts() {
    let build = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| artifacts(&compilation(300), &files(), None))
    };
    let one = build(1);
    let four = build(4);
    assert_eq!(one.len(), 303);
    assert!(one == four, "artifacts differ between 1 and 4 threads");
}
