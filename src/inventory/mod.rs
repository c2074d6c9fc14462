//! The inventory pass: locations, nodes and links from CSV and TOML, validated.
//!
//! Codes: `E01xx`.

pub mod model;
pub mod select;
pub mod shard;

pub use model::{Inventory, Link, LinkEnd, Location, Node};
mod load;

pub use load::load;
