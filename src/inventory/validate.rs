//! Cross-entity checks over everything the files held, then the indexes.
//!
//! Input: the entities read by `fields` (in file order). Output: the
//! [`Inventory`], holding only what is safe to use downstream — the first of
//! duplicate names, links whose ends exist, parents and locations that exist,
//! a location forest without cycles.
//!
//! Codes: `E0108` duplicate name, `E0113` unknown location, `E0114` unknown
//! parent, `E0115` location cycle, `E0116` link to an unknown node, `E0117`
//! self-link, `E0118` interface on two links, `E0122` both ends with one
//! address; warnings `W0101` ends in different subnets, `W0102` network or
//! broadcast address on a link, `W0103` management address shared by nodes.

use super::fields::Builder;
use super::model::{FastMap, Inventory, Link};
use crate::diag::{unknown_name_help, Diagnostic, Span};
use ipnet::IpNet;
use std::collections::hash_map::Entry;
use std::net::IpAddr;

/// How many did-you-mean searches one run does per kind of reference: each
/// is a scan of every name, so a file full of bad references stays fast.
const SUGGESTIONS: usize = 32;

/// Runs every cross-entity check and builds the inventory.
pub(crate) fn validate(b: Builder) -> (Inventory, Vec<Diagnostic>) {
    let Builder {
        mut diags,
        mut locations,
        mut nodes,
        mut links,
        broken_locations,
        broken_nodes,
    } = b;

    // Locations: unique names.
    let keep = unique(
        locations.iter().map(|l| (l.name.as_str(), l.span)),
        "location",
        &mut diags,
    );
    retain(&mut locations, &keep);

    // Parents: known, and no cycles.
    let loc_index: FastMap<&str, usize> = locations
        .iter()
        .enumerate()
        .map(|(i, l)| (l.name.as_str(), i))
        .collect();
    let mut left = SUGGESTIONS;
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(locations.len());
    let mut clear_parent: Vec<usize> = Vec::new();
    for (i, l) in locations.iter().enumerate() {
        let Some(p) = &l.parent else {
            parent.push(None);
            continue;
        };
        match loc_index.get(p.as_str()) {
            Some(&j) => parent.push(Some(j)),
            None => {
                parent.push(None);
                clear_parent.push(i);
                if broken_locations.contains(p) {
                    continue;
                }
                let help = suggest(p, &mut left, || locations.iter().map(|l| l.name.as_str()));
                diags.push(
                    Diagnostic::error("E0114", format!("unknown parent location `{p}`"))
                        .with_label(
                            field(&l.fields, "parent", l.span),
                            "no location has this name",
                        )
                        .with_help(help),
                );
            }
        }
    }
    for cycle in find_cycles(&parent) {
        let first = &locations[cycle[0]];
        let mut names: Vec<&str> = cycle.iter().map(|&i| locations[i].name.as_str()).collect();
        names.push(&first.name);
        let mut d = Diagnostic::error(
            "E0115",
            format!(
                "location `{}` is its own ancestor: {}",
                first.name,
                names.join(" → ")
            ),
        )
        .with_label(
            field(&first.fields, "parent", first.span),
            if cycle.len() == 1 {
                "a location cannot be its own parent".to_string()
            } else {
                format!("the cycle starts here: parent `{}`", names[1])
            },
        );
        for &i in &cycle[1..] {
            let l = &locations[i];
            let p = l.parent.as_deref().unwrap_or("");
            d = d.with_secondary(
                field(&l.fields, "parent", l.span),
                format!("`{}` has parent `{p}`", l.name),
            );
        }
        diags.push(d.with_help(format!(
            "locations form a tree: give `{}` a parent outside the cycle, or none for a top-level location",
            first.name
        )));
        clear_parent.push(cycle[0]);
    }
    drop(loc_index);
    for i in clear_parent {
        locations[i].parent = None;
    }

    // Nodes: unique names, known locations, distinct management addresses.
    let keep = unique(
        nodes.iter().map(|n| (n.name.as_str(), n.span)),
        "node",
        &mut diags,
    );
    retain(&mut nodes, &keep);
    let loc_names: FastMap<&str, ()> = locations.iter().map(|l| (l.name.as_str(), ())).collect();
    let mut left = SUGGESTIONS;
    let mut clear_location: Vec<usize> = Vec::new();
    let mut mgmt: FastMap<IpAddr, usize> = FastMap::default();
    for (i, n) in nodes.iter().enumerate() {
        if let Some(loc) = &n.location {
            if !loc_names.contains_key(loc.as_str()) {
                clear_location.push(i);
                if !broken_locations.contains(loc) {
                    let help =
                        suggest(loc, &mut left, || locations.iter().map(|l| l.name.as_str()));
                    diags.push(
                        Diagnostic::error("E0113", format!("unknown location `{loc}`"))
                            .with_label(
                                field(&n.fields, "location", n.span),
                                "no location has this name",
                            )
                            .with_help(help),
                    );
                }
            }
        }
        if let Some(ip) = n.mgmt_ip {
            match mgmt.entry(ip) {
                Entry::Occupied(e) => {
                    let first = &nodes[*e.get()];
                    diags.push(
                        Diagnostic::warning(
                            "W0103",
                            format!(
                                "`{}` and `{}` have the same management address `{ip}`",
                                first.name, n.name
                            ),
                        )
                        .with_label(field(&n.fields, "mgmt_ip", n.span), "address used again")
                        .with_secondary(
                            field(&first.fields, "mgmt_ip", first.span),
                            "first used here",
                        )
                        .with_help("give every node its own `mgmt_ip`"),
                    );
                }
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
    drop(loc_names);
    for i in clear_location {
        nodes[i].location = None;
    }

    // Links: unique names, known ends, no self-links, one link per interface.
    let keep = unique(
        links.iter().filter_map(|l| {
            l.name
                .as_deref()
                .map(|n| (n, field(&l.fields, "name", l.span)))
        }),
        "link",
        &mut diags,
    );
    let mut named = keep.into_iter();
    let mut keep: Vec<bool> = links
        .iter()
        .map(|l| l.name.is_none() || named.next().unwrap_or(true))
        .collect();
    let node_index: FastMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.name.as_str(), i))
        .collect();
    let mut left = SUGGESTIONS;
    let mut ifaces: FastMap<(&str, &str), (usize, &str)> =
        FastMap::with_capacity_and_hasher(links.len() * 2, Default::default());
    for (i, l) in links.iter().enumerate() {
        let mut ok = keep[i];
        let ends = [
            (
                "a_node",
                Some(l.a_node.as_str()),
                "a_interface",
                Some(l.a_interface.as_str()),
            ),
            (
                "z_node",
                l.z_node.as_deref(),
                "z_interface",
                l.z_interface.as_deref(),
            ),
        ];
        for (nf, node, _, _) in &ends {
            let Some(node) = node else { continue };
            if node_index.contains_key(node) {
                continue;
            }
            ok = false;
            if broken_nodes.contains(*node) {
                continue;
            }
            let help = suggest(node, &mut left, || nodes.iter().map(|n| n.name.as_str()));
            diags.push(
                Diagnostic::error("E0116", format!("link to unknown node `{node}`"))
                    .with_label(field(&l.fields, nf, l.span), "no node has this name")
                    .with_help(help),
            );
        }
        if l.z_node.as_deref() == Some(l.a_node.as_str()) {
            ok = false;
            diags.push(
                Diagnostic::error("E0117", format!("link connects `{}` to itself", l.a_node))
                    .with_label(field(&l.fields, "z_node", l.span), "same node as `a_node`")
                    .with_secondary(field(&l.fields, "a_node", l.span), "the `a` end")
                    .with_help("a link joins two different nodes; for a provider circuit leave `z_node` and `z_interface` empty"),
            );
        }
        for (nf, node, inf, iface) in &ends {
            let (Some(node), Some(iface)) = (node, iface) else {
                continue;
            };
            match ifaces.entry((node, iface)) {
                Entry::Occupied(e) => {
                    ok = false;
                    let (first, first_field) = *e.get();
                    let first = &links[first];
                    diags.push(
                        Diagnostic::error(
                            "E0118",
                            format!("interface `{iface}` of `{node}` is on two links"),
                        )
                        .with_label(field(&l.fields, inf, l.span), "used again here")
                        .with_secondary(
                            field(&first.fields, first_field, first.span),
                            "first used here",
                        )
                        .with_help(format!(
                            "an interface carries one link; check the `{}` of this row",
                            if *nf == "a_node" {
                                "a_interface"
                            } else {
                                "z_interface"
                            }
                        )),
                    );
                }
                Entry::Vacant(e) => {
                    e.insert((i, *inf));
                }
            }
        }
        check_addresses(l, &mut diags);
        keep[i] = ok;
    }
    drop(ifaces);
    drop(node_index);
    retain(&mut links, &keep);
    (Inventory::new(locations, nodes, links), diags)
}

/// The addresses of a link's two ends: one subnet, two different addresses,
/// neither the subnet's network or broadcast address (IPv4, /30 and shorter).
fn check_addresses(l: &Link, diags: &mut Vec<Diagnostic>) {
    for (f, net) in [("a_ip", l.a_ip), ("z_ip", l.z_ip)] {
        let Some(IpNet::V4(n)) = net else { continue };
        if n.prefix_len() <= 30 && (n.addr() == n.network() || n.addr() == n.broadcast()) {
            let which = if n.addr() == n.network() {
                "network"
            } else {
                "broadcast"
            };
            diags.push(
                Diagnostic::warning(
                    "W0102",
                    format!("`{n}` is the {which} address of its subnet"),
                )
                .with_label(
                    field(&l.fields, f, l.span),
                    format!("{which} address of `{}`", n.trunc()),
                )
                .with_help("use a host address of the subnet, or a /31 for a point-to-point link"),
            );
        }
    }
    let (Some(a), Some(z)) = (l.a_ip, l.z_ip) else {
        return;
    };
    let za = || field(&l.fields, "z_ip", l.span);
    let aa = || field(&l.fields, "a_ip", l.span);
    if a.addr() == z.addr() {
        diags.push(
            Diagnostic::error(
                "E0122",
                format!("both ends of the link have the address `{}`", a.addr()),
            )
            .with_label(za(), "same address as `a_ip`")
            .with_secondary(aa(), "the `a` end's address")
            .with_help("give each end its own address of the link's subnet"),
        );
    } else if a.trunc() != z.trunc() {
        diags.push(
            Diagnostic::warning(
                "W0101",
                format!("the link's ends are in different subnets: `{a}` and `{z}`"),
            )
            .with_label(za(), format!("in `{}`", z.trunc()))
            .with_secondary(aa(), format!("in `{}`", a.trunc()))
            .with_help(format!("put both ends in one subnet, e.g. `{}`", a.trunc())),
        );
    }
}

/// `E0108` for each repeated name; returns which items to keep (the first of each name).
fn unique<'a>(
    items: impl Iterator<Item = (&'a str, Span)>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut seen: FastMap<&str, Span> = FastMap::default();
    let mut keep = Vec::new();
    for (name, span) in items {
        match seen.entry(name) {
            Entry::Occupied(e) => {
                keep.push(false);
                diags.push(
                    Diagnostic::error("E0108", format!("{what} `{name}` is defined twice"))
                        .with_label(span, "defined again here")
                        .with_secondary(*e.get(), "first defined here")
                        .with_help(format!(
                            "{what} names are unique: rename or remove one of them"
                        )),
                );
            }
            Entry::Vacant(e) => {
                e.insert(span);
                keep.push(true);
            }
        }
    }
    keep
}

fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut it = keep.iter();
    v.retain(|_| *it.next().unwrap_or(&true));
}

/// The span of a field, or `default` when the field was not written.
fn field(fields: &super::model::FieldSpans, name: &str, default: Span) -> Span {
    fields.get(name).copied().unwrap_or(default)
}

/// A did-you-mean help line, while the budget lasts.
fn suggest<'a, I>(name: &str, left: &mut usize, candidates: impl FnOnce() -> I) -> String
where
    I: Iterator<Item = &'a str> + Clone,
{
    if *left == 0 {
        return "check the spelling against the inventory".to_string();
    }
    *left -= 1;
    unknown_name_help(name, candidates())
}

/// Every cycle in a parent forest, each as the member indexes in parent
/// order, starting at its smallest index (so reports are stable).
pub(crate) fn find_cycles(parent: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut state = vec![0u8; parent.len()]; // 0 new, 1 on the current walk, 2 done
    let mut cycles = Vec::new();
    let mut walk = Vec::new();
    for start in 0..parent.len() {
        walk.clear();
        let mut cur = Some(start);
        while let Some(c) = cur {
            match state[c] {
                0 => {
                    state[c] = 1;
                    walk.push(c);
                    cur = parent[c];
                }
                1 => {
                    let pos = walk.iter().position(|&x| x == c).unwrap_or(0);
                    let mut cycle = walk[pos..].to_vec();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, v)| **v)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(min);
                    cycles.push(cycle);
                    break;
                }
                _ => break,
            }
        }
        for &w in &walk {
            state[w] = 2;
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::find_cycles;

    #[test]
    fn finds_each_cycle_once() {
        // 0 → 1 → 2 → 0, 3 → 0 (tail into the cycle), 4 → 4, 5 root
        let parent = [Some(1), Some(2), Some(0), Some(0), Some(4), None];
        assert_eq!(find_cycles(&parent), vec![vec![0, 1, 2], vec![4]]);
        // the cycle is reported from its smallest member even when entered elsewhere
        let parent = [Some(2), None, Some(3), Some(2)];
        assert_eq!(find_cycles(&parent), vec![vec![2, 3]]);
        assert!(find_cycles(&[None, Some(0), Some(1)]).is_empty());
    }
}
