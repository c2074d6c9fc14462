//! Facts checks run by `check`/`build`/`diff`: drift between the inventory
//! and what devices reported, stale and old facts, nodes without facts and
//! facts without nodes. Pure: the caller passes the current time.
//!
//! Input: the [`Inventory`], the parsed [`Lockfile`] and its source text
//! (for spans), the manifest (`[facts] max_age_days`), `now` (RFC 3339).
//! Output: warnings, each pointing at the inventory cell or the lockfile line.
//!
//! Codes: `W0702` stale facts, `W0703` model drift, `W0704` OS version drift,
//! `W0705` vendor drift, `W0706` facts older than `max_age_days`, `W0707` a
//! live node with no facts, `W0708` facts for a node not in the inventory.
//! A project without `unet.lock` does not use facts: nothing is checked.

use super::derive;
use super::lock::Lockfile;
use crate::diag::{Diagnostic, FileId, Span};
use crate::inventory::{Inventory, Node};
use crate::project::Manifest;

/// The lockfile's place in the source map, for spans.
#[derive(Clone, Copy, Debug)]
pub struct LockSource<'a> {
    pub file: FileId,
    pub text: &'a str,
}

impl LockSource<'_> {
    /// The `[nodes.NAME]` header of a node's table.
    fn node_header(&self, node: &str) -> Option<std::ops::Range<usize>> {
        for h in [format!("[nodes.{node}]"), format!("[nodes.\"{node}\"]")] {
            let mut from = 0;
            while let Some(i) = self.text[from..].find(&h) {
                let at = from + i;
                if at == 0 || self.text.as_bytes()[at - 1] == b'\n' {
                    return Some(at..at + h.len());
                }
                from = at + h.len();
            }
        }
        None
    }

    fn node_span(&self, node: &str) -> Span {
        Span::new(self.file, self.node_header(node).unwrap_or(0..0))
    }

    /// The `key = …` line of a node's table (the value part), or the header.
    fn node_field(&self, node: &str, key: &str) -> Span {
        let Some(h) = self.node_header(node) else {
            return Span::new(self.file, 0..0);
        };
        let body = &self.text[h.end..];
        let end = body.find("\n[").unwrap_or(body.len());
        let pat = format!("\n{key} = ");
        match body[..end].find(&pat) {
            Some(i) => {
                let start = h.end + i + pat.len();
                let line_end = self.text[start..]
                    .find('\n')
                    .map_or(self.text.len(), |e| start + e);
                Span::new(self.file, start..line_end)
            }
            None => Span::new(self.file, h),
        }
    }

    fn top_field(&self, key: &str) -> Span {
        let pat = format!("\n{key} = ");
        match self.text.find(&pat) {
            Some(i) => {
                let start = i + pat.len();
                let end = self.text[start..]
                    .find('\n')
                    .map_or(self.text.len(), |e| start + e);
                Span::new(self.file, start..end)
            }
            None => Span::new(self.file, 0..0),
        }
    }
}

fn field_span(node: &Node, field: &str) -> Span {
    node.fields.get(field).copied().unwrap_or(node.span)
}

/// Runs every facts check. `src` is `None` when the project has no
/// `unet.lock` (then nothing is reported); `now` is `None` when the caller
/// has no clock (then the age check is skipped).
pub fn check(
    inventory: &Inventory,
    lock: &Lockfile,
    src: Option<LockSource<'_>>,
    manifest: &Manifest,
    now: Option<&str>,
) -> Vec<Diagnostic> {
    check_selected(inventory, lock, src, manifest, now, None)
}

/// [`check`] for the nodes `selected` keeps (`--only`): per-node warnings
/// only for those; `W0708` (facts of unknown nodes) only without a selection;
/// the lockfile's age always.
pub fn check_selected(
    inventory: &Inventory,
    lock: &Lockfile,
    src: Option<LockSource<'_>>,
    manifest: &Manifest,
    now: Option<&str>,
    selected: Option<&dyn Fn(&Node) -> bool>,
) -> Vec<Diagnostic> {
    let Some(src) = src else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for node in &inventory.nodes {
        if selected.is_some_and(|keep| !keep(node)) {
            continue;
        }
        let live = node.lifecycle == Some("live");
        let Some(f) = lock.nodes.get(&node.name) else {
            if live {
                let help = if node.mgmt_ip.is_some() {
                    "run `unetc facts refresh` to poll it; until then policies and templates see `facts` as null".to_string()
                } else {
                    "give it a `mgmt_ip` so `unetc facts refresh` can poll it".to_string()
                };
                out.push(
                    Diagnostic::warning(
                        "W0707",
                        format!("live node `{}` has no facts in `unet.lock`", node.name),
                    )
                    .with_label(node.span, "no facts for this node")
                    .with_help(help),
                );
            }
            continue;
        };
        let n = &node.name;
        if f.stale {
            let mut d = Diagnostic::warning(
                "W0702",
                format!("facts of `{n}` are stale: the last refresh could not poll it"),
            )
            .with_label(src.node_span(n), format!("facts from {}", f.polled_at))
            .with_help("fix the agent, credentials or reachability and run `unetc facts refresh`");
            if let Some(e) = &f.last_error {
                d = d.with_note(format!("last error: {e}"));
            }
            out.push(d);
        }
        if let (Some(v), false) = (node.vendor, f.vendor.is_empty()) {
            if v != f.vendor {
                out.push(
                    Diagnostic::warning("W0705", format!("inventory says `{n}` is {v}, the device reports {}", f.vendor))
                        .with_label(field_span(node, "vendor"), format!("inventory vendor `{v}`"))
                        .with_secondary(src.node_field(n, "vendor"), "derived from sysObjectID")
                        .with_help(format!("correct `vendor` in the inventory to `{}`, or check that `mgmt_ip` is this device's address", f.vendor)),
                );
                // Another vendor's box: its model and version say nothing
                // about this node.
                continue;
            }
        }
        if let (Some(m), false) = (&node.model, f.model.is_empty()) {
            if !m.eq_ignore_ascii_case(&f.model) {
                out.push(
                    Diagnostic::warning(
                        "W0703",
                        format!(
                            "inventory says `{n}` is a `{m}`, the device reports `{}`",
                            f.model
                        ),
                    )
                    .with_label(field_span(node, "model"), "inventory model")
                    .with_secondary(src.node_field(n, "model"), "reported by the device")
                    .with_help(format!(
                        "correct `model` in the inventory to `{}` if the hardware was replaced",
                        f.model
                    )),
                );
            }
        }
        if let (Some(v), false) = (&node.os_version, f.os_version.is_empty()) {
            if !derive::version_matches(v, &f.os_version) {
                out.push(
                    Diagnostic::warning(
                        "W0704",
                        format!(
                            "inventory says `{n}` runs {v}, the device reports {}",
                            f.os_version
                        ),
                    )
                    .with_label(field_span(node, "os_version"), "intended version")
                    .with_secondary(src.node_field(n, "os_version"), "reported by the device")
                    .with_help(format!(
                        "upgrade the device to {v}, or set `os_version` to `{}` in the inventory",
                        f.os_version
                    )),
                );
            }
        }
    }
    for name in lock.nodes.keys() {
        if selected.is_none() && inventory.node(name).is_none() {
            let help = match crate::diag::did_you_mean(name, inventory.node_names()) {
                Some(s) => format!("did you mean `{s}`? a full `unetc facts refresh` removes facts of deleted nodes"),
                None => "a full `unetc facts refresh` removes facts of nodes deleted from the inventory".to_string(),
            };
            out.push(
                Diagnostic::warning(
                    "W0708",
                    format!("`unet.lock` has facts for `{name}`, which is not in the inventory"),
                )
                .with_label(src.node_span(name), "unknown node")
                .with_help(help),
            );
        }
    }
    let max = manifest.facts.max_age_days;
    if let (Some(now), true) = (
        now.and_then(derive::parse_rfc3339),
        max > 0 && (lock.refreshed_at.is_some() || !lock.nodes.is_empty()),
    ) {
        let (when, span) = match &lock.refreshed_at {
            Some(r) => (derive::parse_rfc3339(r), src.top_field("refreshed_at")),
            None => (
                lock.nodes
                    .values()
                    .filter_map(|f| derive::parse_rfc3339(&f.polled_at))
                    .max(),
                Span::new(src.file, 0..0),
            ),
        };
        if let Some(when) = when {
            let days = (now - when) / 86_400;
            if days > i64::from(max) {
                out.push(
                    Diagnostic::warning("W0706", format!("facts in `unet.lock` are {days} days old, more than `[facts] max_age_days` ({max})"))
                        .with_label(span, "last refresh")
                        .with_help("run `unetc facts refresh`, or raise `max_age_days` under `[facts]` in unet.toml (0 turns this check off)"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::NodeFacts;

    fn node(name: &str, model: &str, os: &str, lifecycle: &'static str) -> Node {
        Node {
            name: name.into(),
            vendor: Some("cisco"),
            model: Some(model.into()),
            os_version: Some(os.into()),
            lifecycle: Some(lifecycle),
            mgmt_ip: Some("10.0.0.1".parse().unwrap()),
            ..Default::default()
        }
    }

    fn facts(os: &str) -> NodeFacts {
        NodeFacts {
            polled_at: "2026-11-01T00:00:00Z".into(),
            agent: "10.0.0.1:161".into(),
            vendor: "cisco".into(),
            os_version: os.into(),
            ..Default::default()
        }
    }

    fn codes(d: &[Diagnostic]) -> Vec<&str> {
        d.iter().map(|d| d.code).collect()
    }

    #[test]
    fn drift_missing_unknown_stale_and_age() {
        let inv = Inventory::new(
            vec![],
            vec![
                node("a", "C9300-48P", "17.9.4", "live"),
                node("b", "C9300-48P", "17.9.4", "live"),
                node("c", "C9300-48P", "17.9.4", "planned"),
            ],
            vec![],
        );
        let mut lock = Lockfile {
            refreshed_at: Some("2026-11-01T00:00:00Z".into()),
            ..Default::default()
        };
        let mut a = facts("17.9.3");
        a.stale = true;
        lock.nodes.insert("a".into(), a);
        let mut z = facts("17.9.4");
        z.stale = true;
        z.last_error = Some("no answer".into());
        lock.nodes.insert("z".into(), z);
        let text = lock.to_toml();
        let src = LockSource {
            file: FileId(0),
            text: &text,
        };
        let m = Manifest::default();
        let d = check(&inv, &lock, Some(src), &m, Some("2026-11-10T00:00:00Z"));
        assert_eq!(codes(&d), vec!["W0702", "W0704", "W0707", "W0708"]);
        assert!(d[1]
            .message
            .contains("runs 17.9.4, the device reports 17.9.3"));
        let sec = &d[1].labels[0].span;
        assert_eq!(&text[sec.start as usize..sec.end as usize], "\"17.9.3\"");
        let head = d[3].primary.as_ref().unwrap().span;
        assert_eq!(&text[head.start as usize..head.end as usize], "[nodes.z]");
        // 45 days later: the age warning too.
        let d = check(&inv, &lock, Some(src), &m, Some("2026-12-16T00:00:00Z"));
        assert!(codes(&d).contains(&"W0706"), "{d:?}");
        // --only a: only a's warnings (and the lockfile's age).
        let only_a = |n: &Node| n.name == "a";
        let d = check_selected(
            &inv,
            &lock,
            Some(src),
            &m,
            Some("2026-11-10T00:00:00Z"),
            Some(&only_a),
        );
        assert_eq!(codes(&d), vec!["W0702", "W0704"]);
        // No lockfile: facts are not used, nothing to say.
        assert!(check(&inv, &lock, None, &m, None).is_empty());
    }

    #[test]
    fn model_and_vendor_drift() {
        let mut b = node("b", "MX204", "22.4R3", "live");
        b.vendor = Some("juniper");
        let inv = Inventory::new(
            vec![],
            vec![node("a", "MX204", "22.4R3", "live"), b],
            vec![],
        );
        let mut lock = Lockfile::default();
        let mut f = facts("21.1R1.1");
        f.vendor = "juniper".into();
        f.model = "MX304".into();
        lock.nodes.insert("a".into(), f.clone());
        f.os_version = "22.4R3-S2.11".into();
        lock.nodes.insert("b".into(), f);
        let text = lock.to_toml();
        let src = LockSource {
            file: FileId(0),
            text: &text,
        };
        let d = check(&inv, &lock, Some(src), &Manifest::default(), None);
        // `a` is another vendor's box: only W0705. `b`: model drift, version ok.
        assert_eq!(codes(&d), vec!["W0705", "W0703"]);
        assert!(d[1].message.contains("`b`"));
    }
}
