//! SNMP facts: what devices report about themselves, cached in `unet.lock`.
//!
//! * [`lock`]: the lockfile model, parse and serialisation (`E0701`, `E0702`).
//! * [`poll`]: SNMP v2c/v3 polling of [`poll::Target`]s with `snmp2`.
//! * [`derive`]: vendor, OS version, model and boot time from raw values.
//! * [`refresh`]: merging poll results into the lockfile (stale, no churn).
//! * [`check`]: drift and age warnings for `check`/`build` (`W0702`–`W0708`).
//!
//! `unetc facts refresh` (in `cli::facts`) is the only code that touches the
//! network; compiling (`check`, `build`, `diff`) reads facts only from the
//! lockfile. Refresh reports `E0703` (credentials not available) and `W0701`
//! (a node could not be polled). The lockfile scheme is described in
//! `docs/lockfile.md`.

pub mod check;
pub mod derive;
pub mod lock;
pub mod poll;
pub mod refresh;

pub use lock::{Interface, Lockfile, NodeFacts, PinnedDependency};

use crate::inventory::model::FieldType;

/// Fields of `facts.*` that policies may read, and their types.
/// `facts.interfaces` is a list of interface maps (see [`Interface`]).
pub const FACT_FIELDS: &[(&str, FieldType)] = &[
    ("polled_at", FieldType::Str),
    ("last_error", FieldType::Str),
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
