//! Turning poll results into lockfile facts: derivation ([`derive_facts`]) and
//! the merge rules of a refresh ([`merge`]).
//!
//! Input: the previous [`Lockfile`], [`PollResult`]s and the poll time.
//! Output: the updated lockfile and a [`MergeReport`] (which nodes changed,
//! stayed the same, or failed). No I/O and no clock here.
//!
//! Rules (documented in `docs/lockfile.md`):
//! * a node that answers gets fresh facts; when they equal the previous ones
//!   (ignoring `polled_at`, `stale`, `last_error`, and a `booted_at` within two
//!   minutes) the previous entry is kept byte for byte, minus any stale mark;
//! * a node that fails keeps its previous facts with `stale = true` and
//!   `last_error`; a node that fails with no previous facts gets no entry;
//! * `refreshed_at` becomes the poll time when at least one node answered;
//! * `dependencies` are never touched.

use super::derive;
use super::lock::{Lockfile, NodeFacts};
use super::poll::{PollError, PollResult, RawFacts};
use std::collections::BTreeSet;

/// Builds lockfile facts from what an agent answered.
pub fn derive_facts(raw: &RawFacts, agent: &str, polled_at_secs: i64) -> NodeFacts {
    let vendor = derive::vendor_from_oid(&raw.sys_object_id);
    let info = derive::parse_sys_descr(vendor, &raw.sys_descr);
    let mut interfaces = raw.interfaces.clone();
    interfaces.sort_by_key(|i| i.index);
    NodeFacts {
        polled_at: derive::format_rfc3339(polled_at_secs),
        agent: agent.to_string(),
        stale: false,
        last_error: None,
        sys_descr: raw.sys_descr.clone(),
        sys_object_id: raw.sys_object_id.clone(),
        sys_name: raw.sys_name.clone(),
        sys_contact: raw.sys_contact.clone(),
        sys_location: raw.sys_location.clone(),
        booted_at: if raw.uptime_ticks > 0 {
            derive::booted_at(polled_at_secs, raw.uptime_ticks)
        } else {
            String::new()
        },
        vendor: vendor.unwrap_or_default().to_string(),
        os_version: info.os_version,
        model: info.model,
        interfaces,
    }
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Nodes whose facts are new or changed.
    pub changed: Vec<String>,
    /// Nodes that answered with the facts already in the lockfile.
    pub unchanged: Vec<String>,
    /// Nodes that failed, with the error (their old facts, if any, are stale now).
    pub failed: Vec<(String, PollError)>,
    /// Entries removed because their node is no longer in the inventory.
    pub pruned: Vec<String>,
}

impl MergeReport {
    pub fn polled(&self) -> usize {
        self.changed.len() + self.unchanged.len()
    }
}

/// Seconds within which a new boot time is taken as the old one (rounding
/// and poll latency move it by a minute at most).
const BOOT_JITTER_S: i64 = 120;

fn same_boot(old: &str, new: &str) -> bool {
    match (derive::parse_rfc3339(old), derive::parse_rfc3339(new)) {
        (Some(a), Some(b)) => (a - b).abs() <= BOOT_JITTER_S,
        _ => old == new,
    }
}

/// Merges poll results into `lock` (see the module doc for the rules).
/// `known_nodes`: when given, entries for other nodes are removed (a full
/// refresh prunes nodes deleted from the inventory).
pub fn merge(
    lock: &mut Lockfile,
    results: &[PollResult],
    now_secs: i64,
    known_nodes: Option<&BTreeSet<String>>,
) -> MergeReport {
    let mut rep = MergeReport::default();
    for r in results {
        match &r.outcome {
            Ok(raw) => {
                let mut new = derive_facts(raw, &r.agent, now_secs);
                match lock.nodes.get(&r.node) {
                    Some(old) => {
                        if same_boot(&old.booted_at, &new.booted_at) {
                            new.booted_at.clone_from(&old.booted_at);
                        }
                        let mut cmp = new.clone();
                        cmp.polled_at.clone_from(&old.polled_at);
                        let mut old_clean = old.clone();
                        old_clean.stale = false;
                        old_clean.last_error = None;
                        if cmp == old_clean {
                            rep.unchanged.push(r.node.clone());
                            lock.nodes.insert(r.node.clone(), old_clean);
                        } else {
                            rep.changed.push(r.node.clone());
                            lock.nodes.insert(r.node.clone(), new);
                        }
                    }
                    None => {
                        rep.changed.push(r.node.clone());
                        lock.nodes.insert(r.node.clone(), new);
                    }
                }
            }
            Err(e) => {
                if let Some(old) = lock.nodes.get_mut(&r.node) {
                    old.stale = true;
                    old.last_error = Some(e.to_string());
                }
                rep.failed.push((r.node.clone(), e.clone()));
            }
        }
    }
    if let Some(known) = known_nodes {
        let gone: Vec<String> = lock
            .nodes
            .keys()
            .filter(|n| !known.contains(*n))
            .cloned()
            .collect();
        for n in gone {
            lock.nodes.remove(&n);
            rep.pruned.push(n);
        }
    }
    if rep.polled() > 0 {
        lock.refreshed_at = Some(derive::format_rfc3339(now_secs));
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Interface;
    use std::time::Duration;

    fn raw(descr: &str, uptime_s: u32) -> RawFacts {
        RawFacts {
            sys_descr: descr.into(),
            sys_object_id: "1.3.6.1.4.1.30065.1.3011.7280.3348".into(),
            sys_name: "ams1-dist-01".into(),
            uptime_ticks: uptime_s * 100,
            interfaces: vec![Interface {
                index: 1,
                name: "Ethernet1".into(),
                admin_status: "up".into(),
                oper_status: "up".into(),
                speed_mbps: 25000,
                mtu: 9214,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn ok(node: &str, r: RawFacts) -> PollResult {
        PollResult {
            node: node.into(),
            agent: "10.255.0.11:161".into(),
            outcome: Ok(r),
            elapsed: Duration::ZERO,
            requests: 1,
        }
    }

    const EOS: &str =
        "Arista Networks EOS version 4.30.4M running on an Arista Networks DCS-7280SR3-48YC8";

    #[test]
    fn derives_vendor_version_model_and_boot() {
        let t = derive::parse_rfc3339("2026-11-23T08:40:05Z").unwrap();
        let f = derive_facts(&raw(EOS, 3600), "a:161", t);
        assert_eq!(f.vendor, "arista");
        assert_eq!(f.os_version, "4.30.4M");
        assert_eq!(f.model, "DCS-7280SR3-48YC8");
        assert_eq!(f.booted_at, "2026-11-23T07:40:00Z");
        assert_eq!(f.polled_at, "2026-11-23T08:40:05Z");
    }

    #[test]
    fn unchanged_refresh_only_moves_refreshed_at() {
        let t0 = derive::parse_rfc3339("2026-11-23T08:40:05Z").unwrap();
        let mut lock = Lockfile::default();
        let rep = merge(&mut lock, &[ok("d1", raw(EOS, 3600))], t0, None);
        assert_eq!(rep.changed, vec!["d1"]);
        let first = lock.to_toml();
        // One day later, the device has been up one day longer: same facts.
        let t1 = t0 + 86_400;
        let rep = merge(
            &mut lock,
            &[ok("d1", raw(EOS, 3600 + 86_400 + 40))],
            t1,
            None,
        );
        assert_eq!(rep.unchanged, vec!["d1"]);
        let second = lock.to_toml();
        let diff: Vec<_> = first
            .lines()
            .zip(second.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(
            diff,
            vec![(
                "refreshed_at = \"2026-11-23T08:40:05Z\"",
                "refreshed_at = \"2026-11-24T08:40:05Z\""
            )]
        );
    }

    #[test]
    fn failure_keeps_old_facts_stale_and_recovery_clears_it() {
        let t0 = 1_800_000_000;
        let mut lock = Lockfile::default();
        merge(&mut lock, &[ok("d1", raw(EOS, 3600))], t0, None);
        let before = lock.nodes["d1"].clone();
        let fail = PollResult {
            node: "d1".into(),
            agent: "10.255.0.11:161".into(),
            outcome: Err(PollError::Refused),
            elapsed: Duration::ZERO,
            requests: 1,
        };
        let fail2 = PollResult {
            node: "d2".into(),
            ..fail.clone()
        };
        let rep = merge(&mut lock, &[fail, fail2], t0 + 60, None);
        assert_eq!(rep.failed.len(), 2);
        assert_eq!(rep.polled(), 0);
        let d1 = &lock.nodes["d1"];
        assert!(d1.stale);
        assert!(d1.last_error.as_deref().unwrap().starts_with("unreachable"));
        assert_eq!(d1.sys_descr, before.sys_descr);
        assert!(!lock.nodes.contains_key("d2"), "no facts invented for d2");
        assert_eq!(lock.refreshed_at.as_deref(), Some("2027-01-15T08:00:00Z"));
        merge(&mut lock, &[ok("d1", raw(EOS, 3720))], t0 + 120, None);
        assert_eq!(lock.nodes["d1"], before);
    }

    #[test]
    fn changed_facts_move_polled_at_and_prune_unknown_nodes() {
        let t0 = 1_800_000_000;
        let mut lock = Lockfile::default();
        merge(
            &mut lock,
            &[ok("d1", raw(EOS, 3600)), ok("old", raw(EOS, 1))],
            t0,
            None,
        );
        let upgraded = EOS.replace("4.30.4M", "4.31.1F");
        let known: BTreeSet<String> = ["d1".to_string()].into();
        let rep = merge(
            &mut lock,
            &[ok("d1", raw(&upgraded, 60))],
            t0 + 7200,
            Some(&known),
        );
        assert_eq!(rep.changed, vec!["d1"]);
        assert_eq!(rep.pruned, vec!["old"]);
        assert_eq!(lock.nodes["d1"].os_version, "4.31.1F");
        assert_eq!(
            lock.nodes["d1"].polled_at,
            derive::format_rfc3339(t0 + 7200)
        );
    }
}
