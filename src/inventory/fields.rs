//! One row → one entity: reads every cell into the model and checks what can
//! be checked on a single value (required values, hostname syntax, IP and CIDR
//! syntax, enum values, numbers, TOML types, half-specified link ends).
//!
//! Cross-entity checks (duplicates, references, cycles) are in `validate`.
//!
//! Codes: `E0103`, `E0105` (TOML table without a required key), `E0106`,
//! `E0109`, `E0110`, `E0111`, `E0112`, `E0119`, `E0120`.

use super::model::{FieldSpans, Link, Location, Node, LIFECYCLES, ROLES, VENDORS};
use super::row::{Cell, CellValue, Column, EntityKind, Row};
use crate::diag::{unknown_name_help, Diagnostic, Span};
use crate::project::toml_tree::{Kind, Table};
use crate::value::Value;
use ipnet::IpNet;
use std::collections::{BTreeMap, HashSet};

use std::net::IpAddr;

/// Collects the entities of one or more files, and their diagnostics.
#[derive(Default)]
pub(crate) struct Builder {
    pub diags: Vec<Diagnostic>,
    pub locations: Vec<Location>,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    /// Names from rows that could not be read (wrong width): references to
    /// them are not reported a second time.
    pub broken_locations: HashSet<String>,
    pub broken_nodes: HashSet<String>,
}

impl Builder {
    /// Remembers the name of a row that could not be read.
    pub fn broken(&mut self, kind: EntityKind, name: &str) {
        if name.is_empty() {
            return;
        }
        match kind {
            EntityKind::Locations => self.broken_locations.insert(name.to_string()),
            EntityKind::Nodes => self.broken_nodes.insert(name.to_string()),
            EntityKind::Links => false,
        };
    }

    /// Makes room for `n` more entities of `kind`.
    pub fn reserve(&mut self, kind: EntityKind, n: usize) {
        match kind {
            EntityKind::Locations => self.locations.reserve(n),
            EntityKind::Nodes => self.nodes.reserve(n),
            EntityKind::Links => self.links.reserve(n),
        }
    }

    /// Reads one row into an entity of `kind`.
    pub fn row(&mut self, kind: EntityKind, row: &Row) {
        if !self.has_required(kind, row) {
            return;
        }
        match kind {
            EntityKind::Locations => self.location(row),
            EntityKind::Nodes => self.node(row),
            EntityKind::Links => self.link(row),
        }
    }

    /// Reports `E0105` for a TOML table without a required key (a CSV file
    /// reports the missing column once, at its header).
    fn has_required(&mut self, kind: EntityKind, row: &Row) -> bool {
        if !row.is_toml {
            // the CSV reader keeps required cells even when empty
            return true;
        }
        let mut ok = true;
        for req in kind.required() {
            if !row.cells.iter().any(|c| *c.column == Column::Field(req)) {
                ok = false;
                if row.is_toml {
                    self.diags.push(
                        Diagnostic::error("E0105", format!("`[[{}]]` has no `{req}`", kind.noun()))
                            .with_label(
                                row.span,
                                format!("this {} needs `{req} = \"…\"`", kind.noun()),
                            )
                            .with_help(format!(
                                "add `{req} = \"…\"` to the table: every {} needs one",
                                kind.noun()
                            )),
                    );
                }
            }
        }
        ok
    }

    fn location(&mut self, row: &Row) {
        let mut l = Location {
            custom_data: Value::Map(BTreeMap::new()),
            fields: FieldSpans::with_capacity(row.cells.len()),
            ..Default::default()
        };
        let mut ok = true;
        for cell in &row.cells {
            let Column::Field(f) = cell.column else {
                self.custom(cell, &mut l.custom_data, &mut l.fields);
                continue;
            };
            let Some(t) = self.text(EntityKind::Locations, cell, f) else {
                ok &= !EntityKind::Locations.required().contains(f);
                continue;
            };
            l.fields.push(*f, cell.span);
            match *f {
                "name" => {
                    l.name = t.to_string();
                    l.span = cell.span;
                }
                "parent" => l.parent = Some(t.to_string()),
                "kind" => l.kind = Some(t.to_string()),
                "address" => l.address = Some(t.to_string()),
                _ => {}
            }
        }
        if ok {
            self.locations.push(l);
        }
    }

    fn node(&mut self, row: &Row) {
        let mut n = Node {
            custom_data: Value::Map(BTreeMap::new()),
            fields: FieldSpans::with_capacity(row.cells.len()),
            ..Default::default()
        };
        let mut ok = true;
        for cell in &row.cells {
            let Column::Field(f) = cell.column else {
                self.custom(cell, &mut n.custom_data, &mut n.fields);
                continue;
            };
            let Some(t) = self.text(EntityKind::Nodes, cell, f) else {
                ok &= !EntityKind::Nodes.required().contains(f);
                continue;
            };
            n.fields.push(*f, cell.span);
            match *f {
                "name" => {
                    self.hostname(t, cell.span, "node name");
                    n.name = t.to_string();
                    n.span = cell.span;
                }
                "domain" => {
                    self.hostname(t, cell.span, "domain");
                    n.domain = Some(t.to_string());
                }
                "vendor" => n.vendor = self.choice(t, cell.span, "vendor", VENDORS),
                "model" => n.model = Some(t.to_string()),
                "role" => n.role = self.choice(t, cell.span, "role", ROLES),
                "lifecycle" => n.lifecycle = self.choice(t, cell.span, "lifecycle", LIFECYCLES),
                "location" => n.location = Some(t.to_string()),
                "mgmt_ip" => n.mgmt_ip = self.ip(t, cell.span),
                "os_version" => n.os_version = Some(t.to_string()),
                "serial" => n.serial = Some(t.to_string()),
                "asset_tag" => n.asset_tag = Some(t.to_string()),
                _ => {}
            }
        }
        if ok {
            self.nodes.push(n);
        }
    }

    fn link(&mut self, row: &Row) {
        let mut l = Link {
            custom_data: Value::Map(BTreeMap::new()),
            fields: FieldSpans::with_capacity(row.cells.len()),
            span: row.span,
            ..Default::default()
        };
        let mut ok = true;
        for cell in &row.cells {
            let Column::Field(f) = cell.column else {
                self.custom(cell, &mut l.custom_data, &mut l.fields);
                continue;
            };
            if matches!(*f, "bandwidth_mbps" | "mtu") {
                let (min, max, unit) = if *f == "mtu" {
                    (68, 65535, "bytes, e.g. `9216`")
                } else {
                    (1, 100_000_000, "Mbit/s, e.g. `10000` for 10G")
                };
                if let Some(v) = self.int(cell, f, min, max, unit) {
                    l.fields.push(*f, cell.span);
                    if *f == "mtu" {
                        l.mtu = Some(v as u32);
                    } else {
                        l.bandwidth_mbps = Some(v);
                    }
                }
                continue;
            }
            let Some(t) = self.text(EntityKind::Links, cell, f) else {
                ok &= !EntityKind::Links.required().contains(f);
                continue;
            };
            l.fields.push(*f, cell.span);
            match *f {
                "name" => l.name = Some(t.to_string()),
                "a_node" => l.a_node = t.to_string(),
                "a_interface" => l.a_interface = t.to_string(),
                "z_node" => l.z_node = Some(t.to_string()),
                "z_interface" => l.z_interface = Some(t.to_string()),
                "description" => l.description = Some(t.to_string()),
                "a_ip" => l.a_ip = self.cidr(t, cell.span, f),
                "z_ip" => l.z_ip = self.cidr(t, cell.span, f),
                _ => {}
            }
        }
        match (&l.z_node, &l.z_interface) {
            (Some(_), None) | (None, Some(_)) => ok = false,
            _ => {}
        }
        match (&l.z_node, &l.z_interface) {
            (Some(_), None) => self.diags.push(
                Diagnostic::error("E0119", "link has a `z_node` but no `z_interface`")
                    .with_label(l.fields["z_node"], "the far end's interface is missing")
                    .with_help("fill `z_interface`, or leave both `z_node` and `z_interface` empty for a provider circuit"),
            ),
            (None, Some(_)) => self.diags.push(
                Diagnostic::error("E0119", "link has a `z_interface` but no `z_node`")
                    .with_label(l.fields["z_interface"], "the interface's node is missing")
                    .with_help("fill `z_node`, or leave both `z_node` and `z_interface` empty for a provider circuit"),
            ),
            _ => {}
        }
        if ok {
            self.links.push(l);
        }
    }

    /// The text of a cell, or `None` when it is empty (reported as `E0106`
    /// when the field is required) or not a TOML string (`E0120`).
    fn text<'r>(&mut self, kind: EntityKind, cell: &'r Cell, field: &str) -> Option<&'r str> {
        let t: &str = match &cell.value {
            CellValue::Text(t) => t,
            CellValue::Toml(item) => match &item.value {
                Kind::Str(s) => s,
                other => {
                    self.diags.push(
                        Diagnostic::error(
                            "E0120",
                            format!("`{field}` must be a string, found {}", other.type_name()),
                        )
                        .with_label(item.span, "expected a string")
                        .with_help(format!("quote the value: `{field} = \"…\"`")),
                    );
                    return None;
                }
            },
        };
        if t.trim().is_empty() {
            if kind.required().contains(&field) {
                self.diags.push(
                    Diagnostic::error("E0106", format!("`{field}` is empty"))
                        .with_label(cell.span, format!("`{field}` is required"))
                        .with_help(format!("fill in `{field}`, or remove the {}", kind.noun())),
                );
            }
            return None;
        }
        Some(t)
    }

    /// An integer cell in `min..=max` (`E0112`, or `E0120` for a TOML non-integer).
    fn int(&mut self, cell: &Cell, field: &str, min: u64, max: u64, unit: &str) -> Option<u64> {
        let v: Option<i128> = match &cell.value {
            CellValue::Text(t) => {
                if t.is_empty() {
                    return None;
                }
                match t.parse::<u64>() {
                    Ok(v) => Some(v as i128),
                    Err(_) => {
                        self.diags.push(
                            Diagnostic::error(
                                "E0112",
                                format!("`{field}` must be a whole number, found `{t}`"),
                            )
                            .with_label(cell.span, "not a whole number")
                            .with_help(format!("write `{field}` in {unit}")),
                        );
                        return None;
                    }
                }
            }
            CellValue::Toml(item) => match &item.value {
                Kind::Int(i) => Some(*i as i128),
                other => {
                    self.diags.push(
                        Diagnostic::error(
                            "E0120",
                            format!("`{field}` must be an integer, found {}", other.type_name()),
                        )
                        .with_label(item.span, "expected an integer")
                        .with_help(format!("write `{field}` as a bare integer in {unit}")),
                    );
                    return None;
                }
            },
        };
        let v = v?;
        if v < min as i128 || v > max as i128 {
            self.diags.push(
                Diagnostic::error("E0112", format!("`{field}` is out of range: {v}"))
                    .with_label(cell.span, format!("expected {min}..={max}"))
                    .with_help(format!("write `{field}` in {unit}")),
            );
            return None;
        }
        Some(v as u64)
    }

    /// `E0103` for a value outside an enum.
    fn choice(
        &mut self,
        t: &str,
        span: Span,
        field: &str,
        choices: &[&'static str],
    ) -> Option<&'static str> {
        if let Some(c) = choices.iter().find(|c| **c == t) {
            return Some(c);
        }
        self.diags.push(
            Diagnostic::error("E0103", format!("unknown {field} `{t}`"))
                .with_label(span, format!("not a known {field}"))
                .with_help(unknown_name_help(t, choices.iter().copied())),
        );
        None
    }

    /// `E0109` when `t` is not a hostname (RFC 1123).
    fn hostname(&mut self, t: &str, span: Span, what: &str) {
        if let Some(problem) = hostname_problem(t) {
            let fixed = suggest_hostname(t);
            let mut help =
                "use letters, digits and `-` (RFC 1123), at most 63 characters per dot-separated label, not starting or ending with `-`"
                    .to_string();
            if !fixed.is_empty() && fixed != t {
                help.push_str(&format!(", e.g. `{fixed}`"));
            }
            self.diags.push(
                Diagnostic::error("E0109", format!("`{t}` is not a valid {what}"))
                    .with_label(span, problem)
                    .with_help(help),
            );
        }
    }

    /// `E0110` unless `t` is an IPv4 or IPv6 address.
    fn ip(&mut self, t: &str, span: Span) -> Option<IpAddr> {
        if let Ok(ip) = t.parse::<IpAddr>() {
            return Some(ip);
        }
        let (label, help) = match t.split_once('/') {
            Some((addr, _)) if addr.parse::<IpAddr>().is_ok() => (
                "a management address has no prefix length".to_string(),
                format!("write the address alone: `{addr}`"),
            ),
            _ => (
                "expected an IPv4 or IPv6 address".to_string(),
                "write an address such as `10.255.0.1` or `2001:db8::1`".to_string(),
            ),
        };
        self.diags.push(
            Diagnostic::error("E0110", format!("`{t}` is not a valid IP address"))
                .with_label(span, label)
                .with_help(help),
        );
        None
    }

    /// `E0111` unless `t` is an address with a prefix length.
    fn cidr(&mut self, t: &str, span: Span, field: &str) -> Option<IpNet> {
        if let Ok(net) = t.parse::<IpNet>() {
            return Some(net);
        }
        let (label, help) = if t.parse::<IpAddr>().is_ok() {
            (
                "the prefix length is missing".to_string(),
                format!("write the interface address with its prefix length, e.g. `{t}/31`"),
            )
        } else {
            (
                "expected an address with a prefix length".to_string(),
                format!(
                    "write `{field}` as address/prefix, e.g. `10.0.0.0/31` or `2001:db8::/127`"
                ),
            )
        };
        self.diags.push(
            Diagnostic::error("E0111", format!("`{t}` is not a valid CIDR address"))
                .with_label(span, label)
                .with_help(help),
        );
        None
    }

    /// Merges a `custom.*` cell or the TOML `custom` table into `data`.
    fn custom(&mut self, cell: &Cell, data: &mut Value, fields: &mut FieldSpans) {
        match (cell.column, &cell.value) {
            (Column::Custom { name, path }, CellValue::Text(t)) => {
                let v = Value::from_cell(t);
                if !v.is_null() {
                    set_path(data, path, v);
                    fields.insert(name.clone(), cell.span);
                }
            }
            (Column::Custom { name, path }, CellValue::Toml(item)) => {
                set_path(data, path, item.to_value());
                fields.insert(name.clone(), cell.span);
            }
            (Column::CustomTable, CellValue::Toml(item)) => match &item.value {
                Kind::Table(t) => {
                    fields.insert("custom".to_string(), cell.span);
                    merge_table(t, data, "custom", fields);
                }
                other => self.diags.push(
                    Diagnostic::error("E0120", format!("`custom` must be a table, found {}", other.type_name()))
                        .with_label(item.span, "expected a table")
                        .with_help("write `custom = { key = value }` or a `[node.custom]`-style sub-table with typed values"),
                ),
            },
            _ => {}
        }
    }
}

/// `Value::set_path` for an owned path, without collecting it first.
fn set_path(data: &mut Value, path: &[String], v: Value) {
    let mut buf: [&str; 8] = [""; 8];
    if path.len() <= buf.len() {
        for (b, p) in buf.iter_mut().zip(path) {
            *b = p;
        }
        data.set_path(&buf[..path.len()], v);
    } else {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        data.set_path(&p, v);
    }
}

/// Merges a TOML table into a map value, recording the span of every key.
fn merge_table(t: &Table, data: &mut Value, prefix: &str, fields: &mut FieldSpans) {
    if !matches!(data, Value::Map(_)) {
        *data = Value::Map(BTreeMap::new());
    }
    let Value::Map(m) = data else { return };
    for (k, v) in &t.entries {
        let path = format!("{prefix}.{}", k.name);
        match &v.value {
            Kind::Table(sub) => {
                fields.insert(path.clone(), k.span);
                let slot = m.entry(k.name.clone()).or_insert(Value::Null);
                merge_table(sub, slot, &path, fields);
            }
            _ => {
                m.insert(k.name.clone(), v.to_value());
                fields.insert(path, k.span);
            }
        }
    }
}

/// What is wrong with `s` as a hostname (RFC 1123), if anything (`None`: valid).
pub fn hostname_problem(s: &str) -> Option<String> {
    if s.len() > 253 {
        return Some(format!("{} characters, at most 253 are allowed", s.len()));
    }
    for label in s.split('.') {
        if label.is_empty() {
            return Some("empty label (a leading, trailing or doubled `.`)".into());
        }
        if label.len() > 63 {
            return Some(format!(
                "a label of {} characters, at most 63 are allowed",
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
        {
            return Some(match c {
                ' ' => "spaces are not allowed in a hostname".into(),
                _ => format!("`{c}` is not allowed in a hostname"),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!("label `{label}` starts or ends with `-`"));
        }
    }
    None
}

/// A hostname close to `s`: invalid characters become `-`, edges trimmed.
fn suggest_hostname(s: &str) -> String {
    s.split('.')
        .map(|l| {
            let m: String = l
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            m.trim_matches('-').chars().take(63).collect::<String>()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames_follow_rfc_1123() {
        assert_eq!(hostname_problem("ams1-core-01"), None);
        assert_eq!(hostname_problem("sw1.lab"), None);
        assert_eq!(hostname_problem("1"), None);
        assert!(hostname_problem("ams1_core").unwrap().contains('_'));
        assert!(hostname_problem("-a").is_some());
        assert!(hostname_problem("a-").is_some());
        assert!(hostname_problem("a..b").is_some());
        assert!(hostname_problem(&"a".repeat(64)).is_some());
        assert!(hostname_problem("a b").unwrap().contains("spaces"));
        assert_eq!(suggest_hostname("Core_Sw 1"), "core-sw-1");
    }
}
