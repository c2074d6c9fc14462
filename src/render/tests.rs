//! Rendering tests over hand-built projects, inventories and evals.

use super::*;
use crate::inventory::{Link, Location, Node};
use crate::policy::{AppliedTemplate, RuleRef};
use crate::project::FileSet;
use crate::value::Value;

fn project(templates: &[(&str, &str)]) -> Project {
    let mut fs = FileSet::default();
    fs.insert(
        "unet.toml",
        "[project]\nname = \"t\"\ndomain = \"example.net\"\n\n[build]\ntemplate_fuel = 5000\n",
    );
    for (p, t) in templates {
        fs.insert(*p, *t);
    }
    let (p, d) = crate::project::load(&fs);
    assert!(d.is_empty(), "{d:?}");
    p.unwrap()
}

fn inventory(n: usize) -> Inventory {
    let locations = vec![
        Location {
            name: "ams1".into(),
            kind: Some("site".into()),
            custom_data: Value::from_cell("x"),
            ..Default::default()
        },
        Location {
            name: "ams1-b1".into(),
            parent: Some("ams1".into()),
            kind: Some("building".into()),
            ..Default::default()
        },
    ];
    let nodes = (0..n)
        .map(|i| Node {
            name: format!("r{i}"),
            vendor: Some("cisco"),
            role: Some("router"),
            location: Some("ams1-b1".into()),
            mgmt_ip: Some(format!("10.255.0.{}", i % 250 + 1).parse().unwrap()),
            ..Default::default()
        })
        .collect();
    let links = (1..n)
        .map(|i| Link {
            a_node: "r0".into(),
            a_interface: format!("GigabitEthernet0/0/{i}"),
            z_node: Some(format!("r{i}")),
            z_interface: Some("TenGigabitEthernet1/1/1".into()),
            a_ip: Some(format!("10.0.{i}.0/31").parse().unwrap()),
            z_ip: Some(format!("10.0.{i}.1/31").parse().unwrap()),
            mtu: Some(9216),
            ..Default::default()
        })
        .collect();
    Inventory::new(locations, nodes, links)
}

fn eval(node: &str, templates: &[&str], custom: Value) -> NodeEval {
    NodeEval {
        node: node.into(),
        applied: templates
            .iter()
            .map(|t| AppliedTemplate {
                rule: RuleRef {
                    name: "r".into(),
                    span: Default::default(),
                },
                template: (*t).into(),
            })
            .collect(),
        custom_data: custom,
        ..Default::default()
    }
}

fn ntp() -> Value {
    let mut v = Value::Map(Default::default());
    v.set_path(
        &["ntp", "servers"],
        Value::List(vec![Value::Str("192.0.2.1".into())]),
    );
    v
}

fn run(p: &Project, inv: &Inventory, evals: &[NodeEval]) -> (Vec<RenderedConfig>, Vec<Diagnostic>) {
    let (t, mut d) = compile(p);
    let (c, d2) = render_all(&t, p, inv, &Lockfile::default(), evals);
    d.extend(d2);
    (c, d)
}

const SYSTEM: &str = "{#- template-match: /^(hostname|ntp) / #}\nhostname {{ node.name }}\n{% for s in custom_data | get('ntp.servers', []) %}\nntp server {{ s }}\n{% endfor %}\n";
const IFACES: &str = "{# template-match: interface * #}\n{% for l in links %}\ninterface {{ l.interface }}\n description {{ l.peer_node }} {{ l.peer_interface | interface_short }}\n ip address {{ l.ip | ipaddr }} {{ l.ip | netmask }}\n mtu {{ l.mtu }}\n{% endfor %}\n";

#[test]
fn renders_sections_in_apply_order() {
    let p = project(&[("templates/sys.j2", SYSTEM), ("templates/if.j2", IFACES)]);
    let inv = inventory(3);
    let evals = vec![eval("r1", &["templates/if.j2", "templates/sys.j2"], ntp())];
    let (c, d) = run(&p, &inv, &evals);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        c[0].text,
        "interface TenGigabitEthernet1/1/1\n description r0 Gi0/0/1\n ip address 10.0.1.1 255.255.255.254\n mtu 9216\n\nhostname r1\nntp server 192.0.2.1\n"
    );
    assert_eq!(c[0].sections.len(), 2);
    assert_eq!(c[0].sections[0].pattern, "interface *");
}

#[test]
fn context_has_every_part() {
    let tpl = "{# template-match: x #}\n{{ node.fqdn }} {{ location.path | join('/') }} {{ project.name }} {{ facts | length }} {{ links | length }} {{ node.mgmt_ip }}";
    let p = project(&[("templates/x.j2", tpl)]);
    let (c, d) = run(
        &p,
        &inventory(3),
        &[eval("r0", &["templates/x.j2"], Value::Null)],
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c[0].text, "r0.example.net ams1/ams1-b1 t 0 2 10.255.0.1\n");
}

#[test]
fn undefined_is_an_error_with_the_line_and_one_diagnostic_for_many_nodes() {
    let tpl = "{# template-match: x #}\nhostname {{ node.name }}\nntp server {{ custom_data.ntp.server }}\n";
    let p = project(&[("templates/x.j2", tpl)]);
    let evals: Vec<_> = (0..10)
        .map(|i| eval(&format!("r{i}"), &["templates/x.j2"], ntp()))
        .collect();
    let (_, d) = run(&p, &inventory(10), &evals);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "E0504");
    assert!(
        d[0].message.contains("`custom_data.ntp.server`"),
        "{}",
        d[0].message
    );
    assert!(d[0].message.contains("`r0`"));
    assert!(d[0].notes[0].contains("9 other nodes"));
    let span = d[0].primary.as_ref().unwrap().span;
    let (line, _) = p.sources.get(span.file).line_col(span.start as usize);
    assert_eq!(line, 3);
}

#[test]
fn syntax_errors_and_bad_headers_at_compile() {
    let p = project(&[
        (
            "templates/a.j2",
            "{# template-match: x #}\n{% for x in y %}\n{{ x }\n",
        ),
        ("templates/b.j2", "{# template-match: x > /a(/ #}\n"),
        ("templates/_partial.j2", "no header needed\n"),
    ]);
    let (_, d) = compile(&p);
    let codes: Vec<_> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["E0501", "E0503"], "{d:?}");
    let s = d[0].primary.as_ref().unwrap().span;
    assert_eq!(p.sources.get(s.file).line_col(s.start as usize).0, 3);
}

#[test]
fn missing_header_only_when_applied() {
    let p = project(&[("templates/a.j2", "hostname x\n")]);
    let (_, d) = run(&p, &inventory(2), &[]);
    assert!(d.is_empty());
    let (_, d) = run(
        &p,
        &inventory(2),
        &[
            eval("r0", &["templates/a.j2"], Value::Null),
            eval("r1", &["templates/a.j2"], Value::Null),
        ],
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "E0502");
    assert!(d[0].notes[0].contains("2 nodes"));
}

#[test]
fn fuel_stops_runaway_loops() {
    let p = project(&[("templates/a.j2", "{# template-match: x #}\n{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}\n")]);
    let (_, d) = run(
        &p,
        &inventory(1),
        &[eval("r0", &["templates/a.j2"], Value::Null)],
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "E0506");
}

#[test]
fn duplicate_sections_are_one_error_per_pair() {
    let p = project(&[
        (
            "templates/a.j2",
            "{# template-match: router bgp * >  neighbor * #}\na\n",
        ),
        (
            "templates/b.j2",
            "{#- template-match: router bgp * > neighbor * -#}\nb\n",
        ),
    ]);
    let evals: Vec<_> = (0..5)
        .map(|i| {
            eval(
                &format!("r{i}"),
                &["templates/a.j2", "templates/b.j2"],
                Value::Null,
            )
        })
        .collect();
    let (c, d) = run(&p, &inventory(5), &evals);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "E0507");
    assert!(d[0].message.contains("`templates/a.j2`") && d[0].message.contains("`templates/b.j2`"));
    assert!(d[0].notes[0].contains("4 other nodes"));
    assert_eq!(c[0].text, "a\n");
}

#[test]
fn includes_stay_inside_templates() {
    let p = project(&[
        (
            "templates/a.j2",
            "{# template-match: x #}\n{% include './_p.j2' %}\n{% include 'common/_q.j2' %}\n",
        ),
        ("templates/_p.j2", "p {{ node.name }}\n"),
        ("templates/common/_q.j2", "q\n"),
        (
            "templates/esc.j2",
            "{# template-match: y #}\n{% include '../unet.toml' %}\n",
        ),
    ]);
    let (c, d) = run(
        &p,
        &inventory(1),
        &[eval(
            "r0",
            &["templates/a.j2", "templates/esc.j2"],
            Value::Null,
        )],
    );
    assert_eq!(c[0].text, "p r0\nq\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "E0508");
}

#[test]
fn filter_errors_point_at_the_line() {
    let p = project(&[(
        "templates/a.j2",
        "{# template-match: x #}\nok\nip {{ 'nope' | netmask }}\n",
    )]);
    let (_, d) = run(
        &p,
        &inventory(1),
        &[eval("r0", &["templates/a.j2"], Value::Null)],
    );
    assert_eq!(d[0].code, "E0505");
    assert!(
        d[0].message.contains("`nope` is not an IP address"),
        "{}",
        d[0].message
    );
    let s = d[0].primary.as_ref().unwrap().span;
    assert_eq!(p.sources.get(s.file).line_col(s.start as usize).0, 3);
}

#[test]
fn tidy_and_join() {
    assert_eq!(tidy("\n  \nx\n y  \n\n"), "x\n y\n");
    assert_eq!(tidy("\n \n"), "");
}

#[test]
fn unknown_filters_are_reported() {
    let p = project(&[(
        "templates/a.j2",
        "{# template-match: x #}\n{{ node.name | interface_shrt }}\n",
    )]);
    let (_, d) = run(
        &p,
        &inventory(1),
        &[eval("r0", &["templates/a.j2"], Value::Null)],
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "E0505");
    assert!(
        d[0].message.starts_with("unknown filter `interface_shrt`"),
        "{d:?}"
    );
    assert_eq!(
        d[0].help.as_deref(),
        Some("did you mean `interface_short`?")
    );
}
