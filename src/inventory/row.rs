//! The loader's intermediate form: rows of cells, each with its column and
//! span, produced by the CSV and TOML readers and consumed by `fields`.
//!
//! Cells borrow from the source text (or the reader's record buffer) so that
//! reading a large inventory copies only what ends up in the model.

use crate::diag::Span;
use crate::project::toml_tree::Item;
use std::borrow::Cow;

/// Which kind of entity a file holds, decided by its file stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum EntityKind {
    Locations,
    Nodes,
    Links,
}

/// The file stems that name inventory files.
pub(crate) const STEMS: &[&str] = &["locations", "nodes", "links"];

impl EntityKind {
    pub(crate) const ALL: [EntityKind; 3] =
        [EntityKind::Locations, EntityKind::Nodes, EntityKind::Links];

    pub(crate) fn from_stem(stem: &str) -> Option<EntityKind> {
        match stem {
            "locations" => Some(EntityKind::Locations),
            "nodes" => Some(EntityKind::Nodes),
            "links" => Some(EntityKind::Links),
            _ => None,
        }
    }

    /// The file stem (`nodes`).
    pub(crate) fn stem(self) -> &'static str {
        STEMS[self as usize]
    }

    /// The TOML array-of-tables key and the singular noun (`node`).
    pub(crate) fn noun(self) -> &'static str {
        ["location", "node", "link"][self as usize]
    }

    /// The columns / keys a file of this kind may have (besides `custom.*`).
    pub(crate) fn fields(self) -> &'static [&'static str] {
        match self {
            EntityKind::Locations => &["name", "parent", "kind", "address"],
            EntityKind::Nodes => &[
                "name",
                "domain",
                "vendor",
                "model",
                "role",
                "lifecycle",
                "location",
                "mgmt_ip",
                "os_version",
                "serial",
                "asset_tag",
            ],
            EntityKind::Links => &[
                "name",
                "a_node",
                "a_interface",
                "z_node",
                "z_interface",
                "bandwidth_mbps",
                "mtu",
                "description",
                "a_ip",
                "z_ip",
            ],
        }
    }

    /// The columns every row must fill.
    pub(crate) fn required(self) -> &'static [&'static str] {
        match self {
            EntityKind::Locations | EntityKind::Nodes => &["name"],
            EntityKind::Links => &["a_node", "a_interface"],
        }
    }

    /// Why a column that looks like a field is not an input, if it is a
    /// computed one (`fqdn`, `path`).
    pub(crate) fn computed_help(self, column: &str) -> Option<&'static str> {
        match (self, column) {
            (EntityKind::Nodes, "fqdn") => {
                Some("`fqdn` is computed from `name` and `domain`; remove the column")
            }
            (EntityKind::Locations, "path") => {
                Some("`path` is computed from `parent`; remove the column")
            }
            _ => None,
        }
    }
}

/// What a column (CSV header cell / TOML key) means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// A schema field, by its name.
    Field(&'static str),
    /// `custom.a.b`: the column's full name and the path under `custom_data`
    /// (a CSV column or a quoted TOML key).
    Custom { name: String, path: Vec<String> },
    /// The TOML `custom` sub-table: merged into `custom_data` as it is.
    CustomTable,
}

/// A cell's content.
#[derive(Clone, Debug)]
pub(crate) enum CellValue<'a> {
    /// A CSV cell, unquoted and trimmed.
    Text(Cow<'a, str>),
    /// A TOML value, with its real type.
    Toml(&'a Item),
}

/// One cell: its column, value and the span of its text.
#[derive(Clone, Debug)]
pub(crate) struct Cell<'a, 'c> {
    pub column: &'c Column,
    pub value: CellValue<'a>,
    pub span: Span,
}

/// One entity's worth of cells.
#[derive(Clone, Debug)]
pub(crate) struct Row<'a, 'c> {
    /// The whole CSV row, or the TOML table's `[[node]]` header.
    pub span: Span,
    pub cells: Vec<Cell<'a, 'c>>,
    /// True for a TOML table: a missing required key is reported per row
    /// (a CSV file reports a missing required column once, at its header).
    pub is_toml: bool,
}
