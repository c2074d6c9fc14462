//! A TOML document as an owned tree in which every key and value keeps its span.
//!
//! `unet.toml`, TOML inventories and `unet.lock` are read through this tree so
//! that every diagnostic can point at the exact key or value. Syntax errors
//! become `E0001` diagnostics; [`TableReader`] reads typed fields and reports
//! unknown keys (with did-you-mean) and wrong types.

use crate::diag::{unknown_name_help, Diagnostic, FileId, Span};
use crate::value::Value;
use toml::de::{DeTable, DeValue};

/// A TOML value with its span.
#[derive(Clone, Debug)]
pub struct Item {
    pub value: Kind,
    pub span: Span,
}

/// The kinds of TOML values.
#[derive(Clone, Debug)]
pub enum Kind {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
    Array(Vec<Item>),
    Table(Table),
}

/// A key with its span.
#[derive(Clone, Debug)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// A table: entries in source order.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub entries: Vec<(Key, Item)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
    pub fn key(&self, key: &str) -> Option<&Key> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k)
    }
}

impl Kind {
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Str(_) => "string",
            Kind::Int(_) => "integer",
            Kind::Float(_) => "float",
            Kind::Bool(_) => "boolean",
            Kind::Datetime(_) => "datetime",
            Kind::Array(_) => "array",
            Kind::Table(_) => "table",
        }
    }
}

impl Item {
    /// Converts to a [`Value`] (datetimes become strings).
    pub fn to_value(&self) -> Value {
        match &self.value {
            Kind::Str(s) | Kind::Datetime(s) => Value::Str(s.clone()),
            Kind::Int(i) => Value::Int(*i),
            Kind::Float(f) => Value::Float(*f),
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Array(a) => Value::List(a.iter().map(Item::to_value).collect()),
            Kind::Table(t) => Value::Map(
                t.entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// Parses a TOML document. A syntax error is an `E0001` diagnostic.
#[allow(clippy::result_large_err)] // one diagnostic per file, not a hot path
pub fn parse(file: FileId, text: &str) -> Result<Table, Diagnostic> {
    match DeTable::parse(text) {
        Ok(t) => Ok(convert_table(file, t.get_ref())),
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            let msg = e.message().trim().to_string();
            let first = msg.lines().next().unwrap_or("invalid TOML").to_string();
            Err(Diagnostic::error("E0001", format!("invalid TOML: {first}"))
                .with_label(Span::new(file, range), first)
                .with_help("fix the TOML syntax; see https://toml.io for the format"))
        }
    }
}

fn convert_table(file: FileId, t: &DeTable<'_>) -> Table {
    Table {
        entries: t
            .iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: k.get_ref().to_string(),
                        span: Span::new(file, k.span()),
                    },
                    convert(file, v.get_ref(), v.span()),
                )
            })
            .collect(),
    }
}

fn convert(file: FileId, v: &DeValue<'_>, range: std::ops::Range<usize>) -> Item {
    let span = Span::new(file, range);
    let value = match v {
        DeValue::String(s) => Kind::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            Kind::Int(
                i64::from_str_radix(
                    digits
                        .trim_start_matches("0x")
                        .trim_start_matches("0o")
                        .trim_start_matches("0b"),
                    i.radix(),
                )
                .unwrap_or(0),
            )
        }
        DeValue::Float(f) => {
            let t = f.as_str().replace('_', "");
            Kind::Float(match t.as_str() {
                "inf" | "+inf" => f64::INFINITY,
                "-inf" => f64::NEG_INFINITY,
                "nan" | "+nan" | "-nan" => f64::NAN,
                _ => t.parse().unwrap_or(0.0),
            })
        }
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(d) => Kind::Datetime(d.to_string()),
        DeValue::Array(a) => Kind::Array(
            a.iter()
                .map(|x| convert(file, x.get_ref(), x.span()))
                .collect(),
        ),
        DeValue::Table(t) => Kind::Table(convert_table(file, t)),
    };
    Item { value, span }
}

/// Reads typed fields from a table and reports unknown keys and wrong types.
///
/// Create it, call the typed getters for every known key, then call
/// [`TableReader::finish`] to get an `E0002` for each key nobody asked for.
pub struct TableReader<'t, 'd> {
    table: &'t Table,
    /// Dotted name of this table, for messages (`snmp`, `live.ssh`).
    context: String,
    known: Vec<&'static str>,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl<'t, 'd> TableReader<'t, 'd> {
    pub fn new(
        table: &'t Table,
        context: impl Into<String>,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Self {
        TableReader {
            table,
            context: context.into(),
            known: Vec::new(),
            diags,
        }
    }

    /// Marks a key as known and returns its item.
    pub fn item(&mut self, key: &'static str) -> Option<&'t Item> {
        self.known.push(key);
        self.table.get(key)
    }

    fn wrong_type(&mut self, key: &str, item: &Item, expected: &str) {
        self.diags.push(
            Diagnostic::error(
                "E0003",
                format!(
                    "`{}` must be {expected}, found {}",
                    self.qualified(key),
                    item.value.type_name()
                ),
            )
            .with_label(item.span, format!("expected {expected}"))
            .with_help(format!("write `{key}` as {expected}")),
        );
    }

    fn qualified(&self, key: &str) -> String {
        if self.context.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.context)
        }
    }

    pub fn string(&mut self, key: &'static str) -> Option<(String, Span)> {
        let item = self.item(key)?;
        match &item.value {
            Kind::Str(s) => Some((s.clone(), item.span)),
            _ => {
                self.wrong_type(key, item, "a string");
                None
            }
        }
    }

    pub fn int(&mut self, key: &'static str, min: i64, max: i64) -> Option<(i64, Span)> {
        let item = self.item(key)?;
        match &item.value {
            Kind::Int(i) if (min..=max).contains(i) => Some((*i, item.span)),
            Kind::Int(i) => {
                self.diags.push(
                    Diagnostic::error(
                        "E0003",
                        format!("`{}` is out of range: {i}", self.qualified(key)),
                    )
                    .with_label(item.span, format!("expected {min}..={max}"))
                    .with_help(format!("use a value from {min} to {max}")),
                );
                None
            }
            _ => {
                self.wrong_type(key, item, "an integer");
                None
            }
        }
    }

    pub fn bool(&mut self, key: &'static str) -> Option<(bool, Span)> {
        let item = self.item(key)?;
        match &item.value {
            Kind::Bool(b) => Some((*b, item.span)),
            _ => {
                self.wrong_type(key, item, "a boolean (`true` or `false`)");
                None
            }
        }
    }

    pub fn table(&mut self, key: &'static str) -> Option<&'t Table> {
        let item = self.item(key)?;
        match &item.value {
            Kind::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, item, "a table");
                None
            }
        }
    }

    pub fn string_list(&mut self, key: &'static str) -> Option<Vec<(String, Span)>> {
        let item = self.item(key)?;
        match &item.value {
            Kind::Array(a) => {
                let mut out = Vec::new();
                for x in a {
                    match &x.value {
                        Kind::Str(s) => out.push((s.clone(), x.span)),
                        _ => self.wrong_type(key, x, "a list of strings"),
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, item, "a list of strings");
                None
            }
        }
    }

    /// A string that must be one of `choices`.
    pub fn choice(
        &mut self,
        key: &'static str,
        choices: &[&'static str],
    ) -> Option<(&'static str, Span)> {
        let (s, span) = self.string(key)?;
        match choices.iter().find(|c| **c == s) {
            Some(c) => Some((c, span)),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        "E0003",
                        format!("`{}` has an unknown value `{s}`", self.qualified(key)),
                    )
                    .with_label(span, "not an accepted value")
                    .with_help(unknown_name_help(&s, choices.iter().copied())),
                );
                None
            }
        }
    }

    /// Reports every key that was not asked for as `E0002`.
    pub fn finish(self) {
        for (k, _) in &self.table.entries {
            if !self.known.contains(&k.name.as_str()) {
                let place = if self.context.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in `[{}]`", self.context)
                };
                self.diags.push(
                    Diagnostic::error("E0002", format!("unknown key `{}` {place}", k.name))
                        .with_label(k.span, "unknown key")
                        .with_help(unknown_name_help(&k.name, self.known.iter().copied())),
                );
            }
        }
    }
}
