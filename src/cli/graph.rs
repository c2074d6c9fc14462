//! `unetc graph`: the topology of the inventory as Graphviz dot or Mermaid.
//!
//! Input: the project's inventory (loaded by the inventory pass; nothing else
//! is compiled). Output on stdout: nodes grouped by location as nested
//! clusters (dot) or subgraphs (Mermaid) following the location tree, one edge
//! per link labelled with both interfaces and the bandwidth, and provider
//! circuits (links with no z side) drawn to one `internet` node.
//!
//! The output is deterministic: locations, nodes and links are sorted by name.
//! Names are escaped for each format (dot: quoted IDs; Mermaid: generated IDs
//! with quoted labels), so any inventory name is safe. Inventory errors are
//! printed as diagnostics and nothing is drawn (exit 1).

use super::{GlobalArgs, Outcome, ProjectArgs};
use crate::inventory::select::Selector;
use crate::inventory::{Inventory, Link};
use clap::{Args, ValueEnum};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Arguments of `unetc graph`.
#[derive(Args, Debug)]
pub struct GraphArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// The output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

/// `--format` of `unetc graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz dot (`unetc graph | dot -Tsvg > topology.svg`).
    Dot,
    /// Mermaid flowchart (renders in GitHub/GitLab Markdown).
    Mermaid,
}

pub fn run(args: GraphArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let files = args.project.load_files()?;
    let (project, mut diags) = crate::project::load(&files);
    let Some(project) = project else {
        anyhow::bail!("no `unet.toml` in the project");
    };
    let (inv, d) = crate::inventory::load(&project);
    diags.extend(d);
    crate::diag::sort(&mut diags, &project.sources);
    if !diags.is_empty() {
        let fmt = crate::diag::Format::Human;
        eprint!(
            "{}",
            crate::diag::render(&diags, &project.sources, fmt, g.color_stderr())
        );
    }
    if diags.iter().any(crate::diag::Diagnostic::is_error) {
        return Ok(Outcome::Failed);
    }
    let selected = select(&inv, args.project.only.as_deref())?;
    let topo = Topology::new(&inv, &selected);
    let text = match args.format {
        GraphFormat::Dot => topo.dot(&project.manifest.project.name),
        GraphFormat::Mermaid => topo.mermaid(),
    };
    super::print_stdout(&text)?;
    Ok(Outcome::Clean)
}

/// The nodes `--only` keeps (the shared selector of check/build/diff, see
/// `inventory::select`); all nodes without it. A bad selector or an unknown
/// location is a usage error.
pub fn select(inv: &Inventory, only: Option<&str>) -> anyhow::Result<BTreeSet<String>> {
    let Some(sel) = only else {
        return Ok(inv.node_names().map(str::to_string).collect());
    };
    let sel = Selector::parse(sel).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(e) = sel.unknown_locations(inv).into_iter().next() {
        anyhow::bail!(e);
    }
    Ok(inv
        .nodes
        .iter()
        .filter(|n| sel.matches(inv, n))
        .map(|n| n.name.clone())
        .collect())
}

/// The part of the inventory that is drawn, sorted.
struct Topology<'a> {
    /// Location name → (child locations, nodes), both sorted.
    children: BTreeMap<&'a str, (BTreeSet<&'a str>, BTreeSet<&'a str>)>,
    /// Top-level locations (no parent, or a parent that is not drawn).
    roots: BTreeSet<&'a str>,
    /// Nodes without a (known) location.
    loose: BTreeSet<&'a str>,
    /// Links between drawn nodes (or to the internet), sorted.
    links: Vec<&'a Link>,
    inv: &'a Inventory,
}

/// The name of the node that provider circuits connect to.
const INTERNET: &str = "internet";

impl<'a> Topology<'a> {
    fn new(inv: &'a Inventory, selected: &BTreeSet<String>) -> Topology<'a> {
        let mut t = Topology {
            children: BTreeMap::new(),
            roots: BTreeSet::new(),
            loose: BTreeSet::new(),
            links: Vec::new(),
            inv,
        };
        for n in inv.nodes.iter().filter(|n| selected.contains(&n.name)) {
            let path = n
                .location
                .as_deref()
                .map(|l| inv.location_path(l))
                .unwrap_or_default();
            let Some(last) = path.last() else {
                t.loose.insert(&n.name);
                continue;
            };
            t.children.entry(&last.name).or_default().1.insert(&n.name);
            t.roots.insert(&path[0].name);
            for w in path.windows(2) {
                t.children
                    .entry(&w[0].name)
                    .or_default()
                    .0
                    .insert(&w[1].name);
            }
        }
        let sel = |n: &str| selected.contains(n);
        t.links = inv
            .links
            .iter()
            .filter(|l| sel(&l.a_node) && l.z_node.as_deref().is_none_or(sel))
            .collect();
        t.links.sort_by(|x, y| {
            (&x.a_node, &x.a_interface, &x.z_node, &x.z_interface).cmp(&(
                &y.a_node,
                &y.a_interface,
                &y.z_node,
                &y.z_interface,
            ))
        });
        t
    }

    fn has_internet(&self) -> bool {
        self.links.iter().any(|l| l.z_node.is_none())
    }

    fn location_label(&self, name: &str) -> String {
        match self.inv.location(name).and_then(|l| l.kind.as_deref()) {
            Some(kind) => format!("{name} ({kind})"),
            None => name.to_string(),
        }
    }

    fn node_label(&self, name: &str) -> String {
        let Some(n) = self.inv.node(name) else {
            return name.to_string();
        };
        let detail: Vec<&str> = [n.vendor, n.model.as_deref(), n.role]
            .into_iter()
            .flatten()
            .collect();
        if detail.is_empty() {
            name.to_string()
        } else {
            format!("{name}\n{}", detail.join(" "))
        }
    }

    /// Graphviz dot.
    fn dot(&self, project: &str) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "graph {} {{", dot_id(project));
        o.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", compound=true];\n");
        o.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
        o.push_str("  edge [fontname=\"Helvetica\", fontsize=8];\n");
        let mut cluster = 0;
        for r in &self.roots {
            self.dot_cluster(&mut o, r, 1, &mut cluster);
        }
        for n in &self.loose {
            let _ = writeln!(
                o,
                "  {} [label={}];",
                dot_id(n),
                dot_id(&self.node_label(n))
            );
        }
        if self.has_internet() {
            let _ = writeln!(o, "  {} [shape=ellipse, style=dashed];", dot_id(INTERNET));
        }
        for l in &self.links {
            let z = l.z_node.as_deref().unwrap_or(INTERNET);
            let mut attrs = vec![format!("taillabel={}", dot_id(&l.a_interface))];
            if let Some(zi) = l.z_interface.as_deref().filter(|s| !s.is_empty()) {
                attrs.push(format!("headlabel={}", dot_id(zi)));
            }
            if let Some(bw) = l.bandwidth_mbps {
                attrs.push(format!("label={}", dot_id(&bandwidth(bw))));
            }
            if l.z_node.is_none() {
                attrs.push("style=dashed".into());
            }
            let _ = writeln!(
                o,
                "  {} -- {} [{}];",
                dot_id(&l.a_node),
                dot_id(z),
                attrs.join(", ")
            );
        }
        o.push_str("}\n");
        o
    }

    fn dot_cluster(&self, o: &mut String, loc: &str, depth: usize, next: &mut usize) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(o, "{pad}subgraph cluster_{next} {{");
        *next += 1;
        let _ = writeln!(o, "{pad}  label={};", dot_id(&self.location_label(loc)));
        if let Some((locs, nodes)) = self.children.get(loc) {
            for c in locs {
                self.dot_cluster(o, c, depth + 1, next);
            }
            for n in nodes {
                let _ = writeln!(
                    o,
                    "{pad}  {} [label={}];",
                    dot_id(n),
                    dot_id(&self.node_label(n))
                );
            }
        }
        let _ = writeln!(o, "{pad}}}");
    }

    /// A Mermaid flowchart. Node and subgraph IDs are generated (`n0`, `l0`);
    /// names appear only in quoted labels.
    fn mermaid(&self) -> String {
        let mut ids: BTreeMap<&str, String> = BTreeMap::new();
        for (i, n) in self
            .inv
            .node_names()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .enumerate()
        {
            ids.insert(n, format!("n{i}"));
        }
        let mut o = String::from("flowchart TB\n");
        let mut next = 0;
        for r in &self.roots {
            self.mermaid_subgraph(&mut o, r, 1, &mut next, &ids);
        }
        for n in &self.loose {
            let _ = writeln!(o, "  {}[{}]", ids[n], mermaid_label(&self.node_label(n)));
        }
        if self.has_internet() {
            let _ = writeln!(o, "  internet(({}))", mermaid_label(INTERNET));
        }
        for l in &self.links {
            let z = match l.z_node.as_deref() {
                Some(z) => ids.get(z).map_or("internet", String::as_str),
                None => "internet",
            };
            let mut label = l.a_interface.clone();
            if let Some(zi) = l.z_interface.as_deref().filter(|s| !s.is_empty()) {
                let _ = write!(label, " – {zi}");
            }
            if let Some(bw) = l.bandwidth_mbps {
                let _ = write!(label, " ({})", bandwidth(bw));
            }
            let arrow = if l.z_node.is_none() { "-.-" } else { "---" };
            let _ = writeln!(
                o,
                "  {} {arrow}|{}| {z}",
                ids[l.a_node.as_str()],
                mermaid_label(&label)
            );
        }
        o
    }

    fn mermaid_subgraph(
        &self,
        o: &mut String,
        loc: &str,
        depth: usize,
        next: &mut usize,
        ids: &BTreeMap<&str, String>,
    ) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(
            o,
            "{pad}subgraph l{next}[{}]",
            mermaid_label(&self.location_label(loc))
        );
        *next += 1;
        if let Some((locs, nodes)) = self.children.get(loc) {
            for c in locs {
                self.mermaid_subgraph(o, c, depth + 1, next, ids);
            }
            for n in nodes {
                let _ = writeln!(
                    o,
                    "{pad}  {}[{}]",
                    ids[n],
                    mermaid_label(&self.node_label(n))
                );
            }
        }
        let _ = writeln!(o, "{pad}end");
    }
}

/// A quoted dot ID: `"` and `\` escaped, newlines as `\n` (centred lines).
fn dot_id(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A quoted Mermaid label: `"` as `#quot;`, newlines as `<br>`, and the
/// characters Mermaid would read as markup as entity codes.
fn mermaid_label(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("#quot;"),
            '\n' => o.push_str("<br>"),
            '<' => o.push_str("#lt;"),
            '>' => o.push_str("#gt;"),
            '#' => o.push_str("#35;"),
            '|' => o.push_str("#124;"),
            '\r' => {}
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// `10000` → `10G`, `2500` → `2.5G`, `100` → `100M`.
fn bandwidth(mbps: u64) -> String {
    if mbps >= 1_000_000 && mbps % 100_000 == 0 {
        trim_decimal(mbps as f64 / 1_000_000.0, "T")
    } else if mbps >= 1000 && mbps % 100 == 0 {
        trim_decimal(mbps as f64 / 1000.0, "G")
    } else {
        format!("{mbps}M")
    }
}

fn trim_decimal(v: f64, unit: &str) -> String {
    let s = format!("{v:.1}");
    format!("{}{unit}", s.strip_suffix(".0").unwrap_or(&s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::{Location, Node};

    fn inv() -> Inventory {
        let loc = |name: &str, parent: Option<&str>, kind: &str| Location {
            name: name.into(),
            parent: parent.map(Into::into),
            kind: Some(kind.into()),
            ..Default::default()
        };
        let node = |name: &str, loc: Option<&str>| Node {
            name: name.into(),
            vendor: Some("cisco"),
            role: Some("router"),
            location: loc.map(Into::into),
            ..Default::default()
        };
        let link = |a: &str, ai: &str, z: Option<&str>, zi: Option<&str>, bw: u64| Link {
            a_node: a.into(),
            a_interface: ai.into(),
            z_node: z.map(Into::into),
            z_interface: zi.map(Into::into),
            bandwidth_mbps: Some(bw),
            ..Default::default()
        };
        Inventory::new(
            vec![
                loc("emea", None, "region"),
                loc("ams1", Some("emea"), "site"),
            ],
            vec![
                node("r2", Some("ams1")),
                node("r1", Some("ams1")),
                node("odd\"name", None),
            ],
            vec![
                link("r1", "Gi0/0", Some("r2"), Some("Gi0/0"), 10_000),
                link("r1", "Gi0/1", None, None, 1000),
                link("r2", "Gi0/1", Some("odd\"name"), Some("eth|0"), 2500),
            ],
        )
    }

    #[test]
    fn dot_is_sorted_nested_and_escaped() {
        let inv = inv();
        let all = select(&inv, None).unwrap();
        let dot = Topology::new(&inv, &all).dot("campus");
        assert!(
            dot.contains(
                "subgraph cluster_0 {\n    label=\"emea (region)\";\n    subgraph cluster_1 {"
            ),
            "{dot}"
        );
        let r1 = dot.find("\"r1\" [label").unwrap();
        let r2 = dot.find("\"r2\" [label").unwrap();
        assert!(r1 < r2, "nodes sorted by name");
        assert!(
            dot.contains("\"odd\\\"name\" [label=\"odd\\\"name\\ncisco router\"];"),
            "{dot}"
        );
        assert!(
            dot.contains(
                "\"r1\" -- \"internet\" [taillabel=\"Gi0/1\", label=\"1G\", style=dashed];"
            ),
            "{dot}"
        );
        assert!(dot.contains("\"r2\" -- \"odd\\\"name\" [taillabel=\"Gi0/1\", headlabel=\"eth|0\", label=\"2.5G\"];"), "{dot}");
    }

    #[test]
    fn mermaid_uses_generated_ids_and_escapes_labels() {
        let inv = inv();
        let all = select(&inv, None).unwrap();
        let m = Topology::new(&inv, &all).mermaid();
        // sorted names: odd"name = n0, r1 = n1, r2 = n2
        assert!(m.contains("  n0[\"odd#quot;name<br>cisco router\"]"), "{m}");
        assert!(m.contains("  n1 -.-|\"Gi0/1 (1G)\"| internet"), "{m}");
        assert!(
            m.contains("  n2 ---|\"Gi0/1 – eth#124;0 (2.5G)\"| n0"),
            "{m}"
        );
        assert!(
            m.contains("subgraph l0[\"emea (region)\"]\n    subgraph l1[\"ams1 (site)\"]"),
            "{m}"
        );
    }

    #[test]
    fn only_keeps_links_between_selected_nodes() {
        let inv = inv();
        let sel = select(&inv, Some("r*")).unwrap();
        assert_eq!(sel.len(), 2);
        let dot = Topology::new(&inv, &sel).dot("x");
        assert!(!dot.contains("odd"), "{dot}");
        let sel = select(&inv, Some("location=emea")).unwrap();
        assert_eq!(sel.into_iter().collect::<Vec<_>>(), ["r1", "r2"]);
        assert!(select(&inv, Some("colour=red")).is_err());
        assert!(select(&inv, Some("location=emae")).is_err());
    }

    #[test]
    fn bandwidth_units() {
        assert_eq!(bandwidth(100), "100M");
        assert_eq!(bandwidth(1000), "1G");
        assert_eq!(bandwidth(2500), "2.5G");
        assert_eq!(bandwidth(400_000), "400G");
        assert_eq!(bandwidth(1_000_000), "1T");
        assert_eq!(bandwidth(1234), "1234M");
    }

    #[test]
    fn output_is_deterministic() {
        let inv = inv();
        let all = select(&inv, None).unwrap();
        let a = Topology::new(&inv, &all);
        assert_eq!(a.dot("p"), Topology::new(&inv, &all).dot("p"));
        assert_eq!(a.mermaid(), Topology::new(&inv, &all).mermaid());
    }
}
