use unetc::inventory::*;
use unetc::policy::*;
use unetc::value::Value;
#[test]
fn scratch() {
    let dir = std::path::Path::new("/tmp/campus");
    let mut fs = unetc::project::disk::read(dir).unwrap();
    for (p, b) in std::fs::read_dir("examples/campus/templates")
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| {
            let p = e.unwrap().path();
            (p.clone(), std::fs::read(p).unwrap())
        })
    {
        let rel = p
            .to_str()
            .unwrap()
            .trim_start_matches("examples/campus/")
            .to_string();
        fs.insert(rel, b);
    }
    let (p, _) = unetc::project::load(&fs);
    let p = p.unwrap();
    let mut nodes = vec![];
    let mut rdr = csv::Reader::from_path(dir.join("inventory/nodes.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let mut cd = Value::Map(Default::default());
        if !r[10].is_empty() {
            cd.set_path(&["bgp", "asn"], Value::from_cell(&r[10]));
        }
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        nodes.push(Node {
            name: r[0].into(),
            vendor: Some(leak(&r[1])),
            model: Some(r[2].into()),
            role: Some(leak(&r[3])),
            lifecycle: Some(leak(&r[4])),
            location: Some(r[5].into()),
            mgmt_ip: r[6].parse().ok(),
            os_version: Some(r[7].into()),
            custom_data: cd,
            ..Default::default()
        });
    }
    let mut links = vec![];
    let mut rdr = csv::Reader::from_path(dir.join("inventory/links.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let o = |s: &str| {
            if s.is_empty() {
                None
            } else {
                Some(s.to_string())
            }
        };
        links.push(Link {
            name: o(&r[0]),
            a_node: r[1].into(),
            a_interface: r[2].into(),
            z_node: o(&r[3]),
            z_interface: o(&r[4]),
            bandwidth_mbps: r[5].parse().ok(),
            mtu: r[6].parse().ok(),
            description: o(&r[7]),
            a_ip: r[8].parse().ok(),
            z_ip: r[9].parse().ok(),
            ..Default::default()
        });
    }
    let locs = vec![
        Location {
            name: "ams1-b1".into(),
            parent: Some("ams1".into()),
            ..Default::default()
        },
        Location {
            name: "ams1".into(),
            ..Default::default()
        },
    ];
    let inv = Inventory::new(locs, nodes, links);
    let evals: Vec<NodeEval> = inv
        .nodes
        .iter()
        .filter(|n| ["cisco", "juniper", "arista"].contains(&n.vendor.unwrap()))
        .map(|n| {
            let v = n.vendor.unwrap();
            let mut cd = n.custom_data.clone();
            cd.set_path(
                &["ntp", "servers"],
                Value::List(vec![
                    Value::Str("10.255.10.1".into()),
                    Value::Str("10.255.10.2".into()),
                ]),
            );
            cd.set_path(
                &["syslog", "servers"],
                Value::List(vec![Value::Str("10.255.10.5".into())]),
            );
            cd.set_path(
                &["dns", "servers"],
                Value::List(vec![Value::Str("10.255.10.53".into())]),
            );
            cd.set_path(&["snmp", "contact"], Value::Str("noc@example.net".into()));
            cd.set_path(
                &["banner"],
                Value::Str("Authorised access only.\nDisconnect now if you are not.".into()),
            );
            cd.set_path(&["mgmt_vrf"], Value::Str("MGMT".into()));
            cd.set_path(&["ospf", "area"], Value::Str("0.0.0.0".into()));
            let ts = match v {
                "juniper" => ["system", "interfaces", "protocols"],
                _ => ["system", "interfaces", "routing"],
            };
            NodeEval {
                node: n.name.clone(),
                custom_data: cd,
                applied: ts
                    .iter()
                    .map(|t| AppliedTemplate {
                        rule: RuleRef {
                            name: "x".into(),
                            span: Default::default(),
                        },
                        template: format!("templates/{v}/{t}.j2"),
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    let (t, d) = unetc::render::compile(&p);
    let (c, d2) = unetc::render::render_all(&t, &p, &inv, &Default::default(), &evals);
    let mut all = d;
    all.extend(d2);
    eprint!(
        "{}",
        unetc::diag::render(&all, &p.sources, unetc::diag::Format::Human, false)
    );
    for c in &c {
        std::fs::write(format!("/tmp/campus-out/{}.cfg", c.node), &c.text).unwrap();
    }
}
