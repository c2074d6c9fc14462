//! The inventory pass: locations, nodes and links from CSV and TOML, validated.
//!
//! Input: the project's `inventory/*.csv|toml` files (already in the source
//! map). Output: an [`Inventory`] plus every problem found, each pointing at the
//! exact CSV cell or TOML key. The pass never stops at the first error.
//!
//! Which file holds what is decided by the file stem: `locations`, `nodes`,
//! `links` (`.csv` or `.toml`; both kinds may be mixed in one project). In a
//! TOML file every entity is one table of the array `[[location]]`,
//! `[[node]]` or `[[link]]` (singular; the plural is reported with a
//! did-you-mean). `custom.*` CSV columns and the TOML `custom` sub-table build
//! `custom_data`.
//!
//! Layout: `csv` and `toml` turn files into rows of cells with spans (`row`),
//! `fields` turns one row into one entity with field-level checks, `validate`
//! does the cross-entity checks (duplicates, references, cycles, interfaces,
//! addresses) and builds the indexes; `load` ties them together.
//!
//! The inventory holds only entities that can be used safely: duplicates (after
//! the first), links to unknown nodes, self-links and links that reuse an
//! interface are left out; an unknown location or parent reference is cleared.
//!
//! Codes: `E0101` unparseable CSV, `E0102` unknown inventory file, `E0103`
//! enum value, `E0104` unknown column/key, `E0105` missing required column/key,
//! `E0106` empty required value, `E0107` CSV row width, `E0108` duplicate name,
//! `E0109` hostname, `E0110` IP address, `E0111` CIDR, `E0112` number,
//! `E0113` unknown location, `E0114` unknown parent, `E0115` location cycle,
//! `E0116` link to unknown node, `E0117` self-link, `E0118` interface on two
//! links, `E0119` half a z end, `E0120` wrong TOML type, `E0121` invalid or
//! repeated column, `E0122` both link ends with one address; warnings `W0101`
//! link addresses in different subnets, `W0102` network/broadcast address on a
//! link, `W0103` one management address on two nodes. TOML syntax errors are
//! `E0001` as for every TOML file.

mod csv;
mod fields;
mod load;
pub mod model;
mod row;
pub mod select;
pub mod shard;
mod toml;
mod validate;

pub use fields::hostname_problem;
pub use load::load;
pub use model::{Inventory, Link, LinkEnd, Location, Node};
