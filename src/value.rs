//! `Value`: the data model shared by inventory `custom.*` cells, policy
//! literals and SET results, SNMP facts and template contexts.
//!
//! Maps are `BTreeMap`s so that anything reaching output is sorted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A dynamically typed value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(untagged)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// The type's name as users see it in diagnostics.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// Types a CSV cell by its text: integer, float, boolean, or string.
    /// An empty cell is `Null`.
    pub fn from_cell(text: &str) -> Value {
        let t = text.trim();
        if t.is_empty() {
            return Value::Null;
        }
        if let Ok(i) = t.parse::<i64>() {
            // keep leading-zero strings (e.g. "007") as strings
            let leading_zero = t.len() > 1 && t.starts_with('0');
            if !leading_zero && !t.starts_with('+') {
                return Value::Int(i);
            }
        }
        if t.contains('.') && !t.ends_with('.') && !t.starts_with('.') {
            if let Ok(f) = t.parse::<f64>() {
                if f.is_finite() && t.chars().filter(|c| *c == '.').count() == 1 {
                    return Value::Float(f);
                }
            }
        }
        match t {
            "true" | "TRUE" | "True" => Value::Bool(true),
            "false" | "FALSE" | "False" => Value::Bool(false),
            _ => Value::Str(t.to_string()),
        }
    }

    /// Looks up a dotted path (`bgp.asn`) inside a map value.
    pub fn get_path(&self, path: &[&str]) -> Option<&Value> {
        let mut cur = self;
        for seg in path {
            match cur {
                Value::Map(m) => cur = m.get(*seg)?,
                _ => return None,
            }
        }
        Some(cur)
    }

    /// Sets a dotted path inside a map value, creating intermediate maps.
    /// A non-map value on the way is replaced by a map.
    pub fn set_path(&mut self, path: &[&str], value: Value) {
        let Some((last, init)) = path.split_last() else {
            *self = value;
            return;
        };
        let mut cur = self;
        for seg in init {
            if !matches!(cur, Value::Map(_)) {
                *cur = Value::Map(BTreeMap::new());
            }
            let Value::Map(m) = cur else { unreachable!() };
            cur = m
                .entry((*seg).to_string())
                .or_insert(Value::Map(BTreeMap::new()));
        }
        if !matches!(cur, Value::Map(_)) {
            *cur = Value::Map(BTreeMap::new());
        }
        if let Value::Map(m) = cur {
            m.insert((*last).to_string(), value);
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{s:?}"),
            Value::List(l) => {
                f.write_str("[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_typed_by_text() {
        assert_eq!(Value::from_cell("65001"), Value::Int(65001));
        assert_eq!(Value::from_cell("1.5"), Value::Float(1.5));
        assert_eq!(Value::from_cell("true"), Value::Bool(true));
        assert_eq!(Value::from_cell(""), Value::Null);
        assert_eq!(Value::from_cell("007"), Value::Str("007".into()));
        assert_eq!(Value::from_cell("10.0.0.1"), Value::Str("10.0.0.1".into()));
        assert_eq!(Value::from_cell("17.9"), Value::Float(17.9));
    }

    #[test]
    fn set_and_get_paths() {
        let mut v = Value::Map(Default::default());
        v.set_path(&["bgp", "asn"], Value::Int(65001));
        assert_eq!(v.get_path(&["bgp", "asn"]), Some(&Value::Int(65001)));
        assert_eq!(v.get_path(&["bgp", "x"]), None);
    }
}
