//! TOML inventory files: one array of tables per file, `[[location]]` in
//! `locations.toml`, `[[node]]` in `nodes.toml`, `[[link]]` in `links.toml`.
//!
//! Keys are the CSV column names; `custom` is a sub-table with real TOML types
//! (`custom = { bgp = { asn = 65001 } }`, or dotted keys `custom.bgp.asn = 65001`).
//! Every key and value keeps its span through `project::toml_tree`.
//!
//! Codes: `E0001` (TOML syntax), `E0104` (unknown key, including the plural
//! `[[nodes]]` and a table that belongs in another file), `E0120` (a value of
//! the wrong type, e.g. `node = 5` or `[node]` instead of `[[node]]`).

use super::fields::Builder;
use super::row::{Cell, CellValue, Column, EntityKind, Row};
use crate::diag::{Diagnostic, FileId};
use crate::project::toml_tree::{self, Item, Kind, Table};

/// Reads one TOML file of `kind` into `b`.
pub(crate) fn read(file: FileId, path: &str, text: &str, kind: EntityKind, b: &mut Builder) {
    let root = match toml_tree::parse(file, text) {
        Ok(t) => t,
        Err(d) => {
            b.diags.push(d);
            return;
        }
    };
    let key = kind.noun();
    for (k, v) in &root.entries {
        if k.name != key {
            b.diags.push(unknown_top_key(&k.name, k.span, kind, path));
            continue;
        }
        let Kind::Array(items) = &v.value else {
            b.diags.push(
                Diagnostic::error(
                    "E0120",
                    format!(
                        "`{key}` must be an array of tables, found {}",
                        v.value.type_name()
                    ),
                )
                .with_label(v.span, "expected `[[…]]` tables")
                .with_help(format!("write each {key} as its own `[[{key}]]` table")),
            );
            continue;
        };
        for item in items {
            match &item.value {
                Kind::Table(t) => read_table(t, item, kind, b),
                other => b.diags.push(
                    Diagnostic::error(
                        "E0120",
                        format!("each `{key}` must be a table, found {}", other.type_name()),
                    )
                    .with_label(item.span, "expected a table")
                    .with_help(format!("write each {key} as its own `[[{key}]]` table")),
                ),
            }
        }
    }
}

fn unknown_top_key(
    name: &str,
    span: crate::diag::Span,
    kind: EntityKind,
    path: &str,
) -> Diagnostic {
    let key = kind.noun();
    let help = if name == kind.stem() {
        format!("did you mean `{key}`? each {key} is a `[[{key}]]` table (singular)")
    } else if let Some(other) = EntityKind::ALL
        .iter()
        .find(|k| **k != kind && (k.noun() == name || k.stem() == name))
    {
        format!(
            "`[[{}]]` tables belong in `inventory/{}.toml`; this file holds `[[{key}]]` tables",
            other.noun(),
            other.stem()
        )
    } else {
        format!("this file holds `[[{key}]]` tables only")
    };
    Diagnostic::error("E0104", format!("unknown key `{name}` in `{path}`"))
        .with_label(span, format!("not `[[{key}]]`"))
        .with_help(help)
}

fn read_table(t: &Table, item: &Item, kind: EntityKind, b: &mut Builder) {
    let mut columns: Vec<(Column, &Item, crate::diag::Span)> = Vec::with_capacity(t.entries.len());
    for (k, v) in &t.entries {
        let name = k.name.as_str();
        let column = if let Some(f) = kind.fields().iter().find(|f| **f == name) {
            Column::Field(f)
        } else if name == "custom" {
            Column::CustomTable
        } else if let Some(rest) = name.strip_prefix("custom.").filter(|r| !r.is_empty()) {
            Column::Custom {
                name: name.to_string(),
                path: rest.split('.').map(str::to_string).collect(),
            }
        } else {
            b.diags
                .push(super::csv::unknown_column(name, k.span, kind, "key"));
            continue;
        };
        let span = match column {
            Column::Field(_) => v.span,
            _ => k.span,
        };
        columns.push((column, v, span));
    }
    let cells = columns
        .iter()
        .map(|(c, v, span)| Cell {
            column: c,
            value: CellValue::Toml(v),
            span: *span,
        })
        .collect();
    b.row(
        kind,
        &Row {
            span: item.span,
            cells,
            is_toml: true,
        },
    );
}
