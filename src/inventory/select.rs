//! `--only SELECTOR`: which nodes check, build and diff compile.
//!
//! Grammar (documented in `--help`):
//!
//! ```text
//! selector  = term ("," term)*          -- a node matching ANY term is selected
//! term      = condition ("+" condition)*   -- a term needs ALL its conditions
//! condition = GLOB                      -- node name glob: `ams1-*`, `*-core-0?`
//!           | KEY "=" VALUE              -- KEY: name, role, vendor, lifecycle, model, location
//! ```
//!
//! `location=ams1` selects nodes at `ams1` or anywhere under it. `role`,
//! `vendor` and `lifecycle` values are checked against the schema enums
//! (with a did-you-mean); `name` and `model` values are globs. A bad selector
//! is a usage error (exit 2) with a lowercase message, not a diagnostic: it is
//! a command-line mistake, not a project one.

use super::model::{LIFECYCLES, ROLES, VENDORS};
use super::{Inventory, Node};
use globset::{Glob, GlobMatcher};

/// The keys a condition may use.
pub const KEYS: &[&str] = &["name", "role", "vendor", "lifecycle", "model", "location"];

#[derive(Clone, Debug)]
enum Cond {
    Name(GlobMatcher),
    Model(GlobMatcher),
    Role(&'static str),
    Vendor(&'static str),
    Lifecycle(&'static str),
    Location(String),
}

/// A parsed `--only` selector.
///
/// ```
/// use unetc::inventory::select::Selector;
/// assert!(Selector::parse("ams1-*,role=router+vendor=juniper").is_ok());
/// let e = Selector::parse("role=swich").unwrap_err();
/// assert!(e.contains("did you mean `switch`?"));
/// ```
#[derive(Clone, Debug)]
pub struct Selector {
    text: String,
    terms: Vec<Vec<Cond>>,
}

impl Selector {
    /// Parses a selector; the error is a sentence for the command line.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut terms = Vec::new();
        for term in text.split(',') {
            let mut conds = Vec::new();
            for c in term.split('+') {
                let c = c.trim();
                if c.is_empty() {
                    return Err(format!(
                        "empty condition in `--only {text}`: write terms like `ams1-*`, `role=switch`, `role=router+vendor=cisco`"
                    ));
                }
                conds.push(parse_cond(text, c)?);
            }
            terms.push(conds);
        }
        Ok(Selector {
            text: text.to_string(),
            terms,
        })
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a node is selected.
    pub fn matches(&self, inventory: &Inventory, node: &Node) -> bool {
        self.terms
            .iter()
            .any(|t| t.iter().all(|c| cond_matches(inventory, node, c)))
    }

    /// Locations named by `location=` that the inventory does not have, each
    /// with a did-you-mean help line.
    pub fn unknown_locations(&self, inventory: &Inventory) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.terms.iter().flatten() {
            if let Cond::Location(l) = c {
                if inventory.location(l).is_none() {
                    out.push(format!(
                        "unknown location `{l}`: {}",
                        crate::diag::unknown_name_help(
                            l,
                            inventory.locations.iter().map(|x| x.name.as_str())
                        )
                    ));
                }
            }
        }
        out
    }
}

fn glob(selector: &str, pattern: &str) -> Result<GlobMatcher, String> {
    Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("invalid glob `{pattern}` in `--only {selector}`: {e}"))
}

fn enum_value(
    selector: &str,
    key: &str,
    value: &str,
    values: &'static [&'static str],
) -> Result<&'static str, String> {
    values.iter().copied().find(|v| *v == value).ok_or_else(|| {
        format!(
            "unknown {key} `{value}` in `--only {selector}`: {}",
            crate::diag::unknown_name_help(value, values.iter().copied())
        )
    })
}

fn parse_cond(selector: &str, c: &str) -> Result<Cond, String> {
    let Some((key, value)) = c.split_once('=') else {
        return Ok(Cond::Name(glob(selector, c)?));
    };
    let (key, value) = (key.trim(), value.trim());
    if value.is_empty() {
        return Err(format!("`{key}=` needs a value in `--only {selector}`"));
    }
    Ok(match key {
        "name" => Cond::Name(glob(selector, value)?),
        "model" => Cond::Model(glob(selector, value)?),
        "role" => Cond::Role(enum_value(selector, key, value, ROLES)?),
        "vendor" => Cond::Vendor(enum_value(selector, key, value, VENDORS)?),
        "lifecycle" => Cond::Lifecycle(enum_value(selector, key, value, LIFECYCLES)?),
        "location" => Cond::Location(value.to_string()),
        other => {
            return Err(format!(
                "unknown selector key `{other}` in `--only {selector}`: {}",
                crate::diag::unknown_name_help(other, KEYS.iter().copied())
            ))
        }
    })
}

fn cond_matches(inventory: &Inventory, node: &Node, c: &Cond) -> bool {
    match c {
        Cond::Name(g) => g.is_match(&node.name),
        Cond::Model(g) => node.model.as_deref().is_some_and(|m| g.is_match(m)),
        Cond::Role(r) => node.role == Some(*r),
        Cond::Vendor(v) => node.vendor == Some(*v),
        Cond::Lifecycle(l) => node.lifecycle == Some(*l),
        Cond::Location(l) => node
            .location
            .as_deref()
            .is_some_and(|nl| nl == l || inventory.location_path(nl).iter().any(|x| x.name == *l)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Location;

    fn inv() -> Inventory {
        let loc = |n: &str, p: Option<&str>| Location {
            name: n.into(),
            parent: p.map(Into::into),
            ..Default::default()
        };
        let node = |n: &str, v: &'static str, r: &'static str, l: &str| Node {
            name: n.into(),
            vendor: Some(v),
            role: Some(r),
            lifecycle: Some("live"),
            model: Some(if v == "juniper" { "MX204" } else { "C9300-48P" }.into()),
            location: Some(l.into()),
            ..Default::default()
        };
        Inventory::new(
            vec![
                loc("emea", None),
                loc("ams1", Some("emea")),
                loc("ams1-b1", Some("ams1")),
                loc("nyc1", None),
            ],
            vec![
                node("ams1-core-01", "juniper", "router", "ams1-b1"),
                node("ams1-acc-01", "cisco", "switch", "ams1-b1"),
                node("nyc1-core-01", "juniper", "router", "nyc1"),
            ],
            vec![],
        )
    }

    fn names(sel: &str) -> Vec<String> {
        let inv = inv();
        let s = Selector::parse(sel).unwrap();
        inv.nodes
            .iter()
            .filter(|n| s.matches(&inv, n))
            .map(|n| n.name.clone())
            .collect()
    }

    #[test]
    fn selects() {
        assert_eq!(names("ams1-*"), ["ams1-core-01", "ams1-acc-01"]);
        assert_eq!(names("role=router"), ["ams1-core-01", "nyc1-core-01"]);
        assert_eq!(names("location=emea"), ["ams1-core-01", "ams1-acc-01"]);
        assert_eq!(names("role=router+location=ams1"), ["ams1-core-01"]);
        assert_eq!(
            names("vendor=cisco,nyc1-*"),
            ["ams1-acc-01", "nyc1-core-01"]
        );
        assert_eq!(
            names("lifecycle=live+model=MX*"),
            ["ams1-core-01", "nyc1-core-01"]
        );
        assert_eq!(names("name=*-01+vendor=cisco"), ["ams1-acc-01"]);
    }

    #[test]
    fn errors_are_helpful() {
        let e = Selector::parse("rol=switch").unwrap_err();
        assert!(
            e.contains("unknown selector key `rol`") && e.contains("`role`"),
            "{e}"
        );
        let e = Selector::parse("vendor=cisoc").unwrap_err();
        assert!(e.contains("did you mean `cisco`?"), "{e}");
        assert!(Selector::parse("a,,b").is_err());
        assert!(Selector::parse("role=").is_err());
        assert!(Selector::parse("[").is_err());
        let s = Selector::parse("location=ams").unwrap();
        assert_eq!(
            s.unknown_locations(&inv()),
            ["unknown location `ams`: did you mean `ams1`?"]
        );
    }
}
