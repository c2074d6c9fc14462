//! SNMP facts: what devices report about themselves, cached in `unet.lock`.
//!
//! [`lock`] owns the lockfile (model, parse, atomic write). Polling lives in
//! the SNMP modules; compiling (`check`, `build`, `diff`) reads facts only from
//! the lockfile and never touches the network.
//!
//! Codes: `E07xx` errors, `W07xx` warnings (stale facts, drift, polling failures).

pub mod lock;

pub use lock::{Interface, Lockfile, NodeFacts, PinnedDependency};

use crate::inventory::model::FieldType;

/// Fields of `facts.*` that policies may read, and their types.
/// `facts.interfaces` is a list of interface maps (see [`Interface`]).
pub const FACT_FIELDS: &[(&str, FieldType)] = &[
    ("polled_at", FieldType::Str),
    ("agent", FieldType::Str),
    ("sys_descr", FieldType::Str),
    ("sys_object_id", FieldType::Str),
    ("sys_name", FieldType::Str),
    ("sys_contact", FieldType::Str),
    ("sys_location", FieldType::Str),
    ("booted_at", FieldType::Str),
    ("vendor", FieldType::Str),
    ("os_version", FieldType::Str),
    ("model", FieldType::Str),
    ("interface_count", FieldType::Int),
];

/// `facts.stale` is a boolean and `facts.interfaces` a list; both are known too.
pub const FACT_EXTRA_FIELDS: &[&str] = &["stale", "interfaces"];
