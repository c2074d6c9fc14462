//! The sandboxed MiniJinja environment and the mapping of MiniJinja errors
//! to diagnostics.
//!
//! * Templates come only from the project's source map: every `templates/**.j2`
//!   file is added by its project path; there is no filesystem loader, so
//!   `include`/`import`/`extends` resolve only to files under `templates/`.
//!   Names resolve relative to the including template when they start with
//!   `./` or `../`, else from the `templates/` root (`cisco/_aaa.j2` and
//!   `templates/cisco/_aaa.j2` are the same file); `..` cannot climb out.
//! * Strict undefined, no auto-escaping, `trim_blocks` and `lstrip_blocks` on
//!   (as Ansible's template module), no functions touching the environment,
//!   files or network, and a fuel limit per render.
//!
//! Codes: `E0501` syntax error, `E0504` undefined value, `E0505` other render
//! error, `E0506` out of fuel, `E0508` include of a missing template.

use crate::diag::{Diagnostic, FileId, SourceMap, Span};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use std::borrow::Cow;
use std::collections::HashMap;

/// Builds the environment with the project's sandbox settings and filters.
pub fn new_environment(fuel: u64) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(fuel.max(1)));
    env.set_path_join_callback(join_path);
    env.remove_global("debug");
    super::filters::register(&mut env);
    env
}

/// Resolves an `include`/`import` name against the including template.
fn join_path<'s>(name: &'s str, parent: &'s str) -> Cow<'s, str> {
    // `corp:templates/a.j2` → namespace `corp:`
    let (ns, parent_local) = match parent.split_once(':') {
        Some((ns, rest)) => (&parent[..=ns.len()], rest),
        None => ("", parent),
    };
    let (name_ns, name_local) = match name.split_once(':') {
        Some((n, rest)) => (Some(n), rest),
        None => (None, name),
    };
    let relative = name_local.starts_with("./") || name_local.starts_with("../");
    let base: Vec<&str> = if relative && name_ns.is_none() {
        let mut b: Vec<&str> = parent_local.split('/').collect();
        b.pop();
        b
    } else if name_local.starts_with("templates/") {
        Vec::new()
    } else {
        vec!["templates"]
    };
    let mut parts = base;
    for seg in name_local.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.len() <= 1 {
                    // would leave templates/: make the name unresolvable
                    return Cow::Owned(format!("<outside templates/>/{name}"));
                }
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let ns = name_ns.map_or(ns.to_string(), |n| format!("{n}:"));
    Cow::Owned(format!("{ns}{}", parts.join("/")))
}

/// Resolves template names (as MiniJinja reports them) to files.
pub struct Names<'a> {
    pub by_name: &'a HashMap<String, FileId>,
    pub sources: &'a SourceMap,
}

/// A template failure, before the node name is attached.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Failure {
    pub code: &'static str,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl Failure {
    /// The diagnostic for the first node that hit this failure, with a note
    /// counting the others.
    pub fn to_diagnostic(&self, first_node: Option<&str>, others: &[&str]) -> Diagnostic {
        let msg = match first_node {
            Some(n) => format!("{} for node `{n}`", self.message),
            None => self.message.clone(),
        };
        let mut d = Diagnostic::error(self.code, msg).with_label(self.span, self.label.clone());
        if let Some(h) = &self.help {
            d = d.with_help(h.clone());
        }
        if !others.is_empty() {
            let shown: Vec<String> = others.iter().take(5).map(|n| format!("`{n}`")).collect();
            let more = if others.len() > 5 {
                format!(", … ({} more)", others.len() - 5)
            } else {
                String::new()
            };
            d = d.with_note(format!(
                "the same error on {} other node{}: {}{more}",
                others.len(),
                if others.len() == 1 { "" } else { "s" },
                shown.join(", ")
            ));
        }
        d
    }
}

/// Widens a byte range to the nearest character boundaries of `text`.
fn char_bounds(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = r.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = r.end.min(text.len()).max(start);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Maps a MiniJinja error to a [`Failure`]. `fallback` is the template being
/// compiled or rendered (used when the error names no template).
pub fn failure(e: &Error, fallback: FileId, names: &Names<'_>, fuel: u64) -> Failure {
    let file = e
        .name()
        .and_then(|n| names.by_name.get(n).copied())
        .unwrap_or(fallback);
    let text = names.sources.text(file);
    // MiniJinja's ranges may fall inside a multi-byte character (found by
    // fuzzing): widen them to character boundaries before using them.
    let span = match e.range().map(|r| char_bounds(text, r)) {
        Some(r) if r.end <= text.len() && e.kind() == ErrorKind::UndefinedError => {
            Span::new(file, char_bounds(text, widen_expression(text, r)))
        }
        Some(r) if r.end <= text.len() => Span::new(file, r),
        _ => match e.line() {
            Some(line) => line_span(text, file, line),
            None => Span::new(file, 0..0),
        },
    };
    let snippet = {
        let s = text.get(span.range()).unwrap_or("");
        (!s.is_empty() && s.len() <= 80 && !s.contains('\n')).then(|| s.trim().to_string())
    };
    let detail = e.detail().unwrap_or("").to_string();
    match e.kind() {
        ErrorKind::SyntaxError => Failure {
            code: "E0501",
            span,
            message: format!("syntax error in template `{}`", names.sources.path(file)),
            label: nonempty(&detail, "invalid syntax here"),
            help: Some("every `{{` needs `}}`, every `{%` needs `%}`, and every block its `{% end… %}`".into()),
        },
        ErrorKind::UndefinedError => Failure {
            code: "E0504",
            span,
            message: match &snippet {
                Some(s) => format!("undefined value `{s}`"),
                None => "undefined value".to_string(),
            },
            label: "undefined for this node".into(),
            help: Some(
                "check the name, or guard it: `{% if x is defined %}`, or `custom_data | get(\"a.b\", default)`".into(),
            ),
        },
        ErrorKind::OutOfFuel => Failure {
            code: "E0506",
            span,
            message: format!("template ran out of fuel (more than {fuel} steps)"),
            label: "still running here".into(),
            help: Some("look for a loop that never ends or grows too fast; raise `[build] template_fuel` in unet.toml if the work is real".into()),
        },
        ErrorKind::TemplateNotFound => Failure {
            code: "E0508",
            span,
            message: format!(
                "included template not found: {}",
                nonempty(&detail, "unknown template")
            ),
            label: "included here".into(),
            help: Some("includes and imports resolve inside `templates/` only: `{% include \"cisco/_aaa.j2\" %}` or `\"./_aaa.j2\"`".into()),
        },
        ErrorKind::UnknownFilter | ErrorKind::UnknownTest | ErrorKind::UnknownFunction => {
            let what = match e.kind() {
                ErrorKind::UnknownFilter => "filter",
                ErrorKind::UnknownTest => "test",
                _ => "function",
            };
            let name = snippet.clone().unwrap_or_default();
            let help = if e.kind() == ErrorKind::UnknownFilter && !name.is_empty() {
                crate::diag::unknown_name_help(&name, super::filters::FILTER_NAMES.iter().copied())
            } else {
                "the filters and tests are listed in lang/templates.md".to_string()
            };
            Failure {
                code: "E0505",
                span,
                message: if name.is_empty() {
                    format!("unknown {what}")
                } else {
                    format!("unknown {what} `{name}`")
                },
                label: format!("unknown {what}"),
                help: Some(help),
            }
        }
        _ => Failure {
            code: "E0505",
            span,
            message: format!(
                "template error: {}",
                nonempty(&detail, &e.kind().to_string())
            ),
            label: match &snippet {
                Some(s) => format!("in `{s}`"),
                None => "here".into(),
            },
            help: Some(
                "check the value and the arguments given here; every filter is described in lang/templates.md".into(),
            ),
        },
    }
}

/// MiniJinja points an undefined attribute at `.ntp.server`; widen the range
/// over the whole dotted name (`custom_data.ntp.server`).
fn widen_expression(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let is_name = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
    let b = text.as_bytes();
    let mut start = r.start;
    while start > 0 && is_name(b[start - 1]) {
        start -= 1;
    }
    let mut end = r.end;
    while end < b.len() && is_name(b[end]) {
        end += 1;
    }
    start..end
}

fn nonempty(s: &str, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_string()
    } else {
        s.to_string()
    }
}

/// The span of a 1-based line, without its newline.
fn line_span(text: &str, file: FileId, line: usize) -> Span {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Span::new(file, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_paths_stay_in_templates() {
        let p = "templates/cisco/system.j2";
        assert_eq!(join_path("cisco/_aaa.j2", p), "templates/cisco/_aaa.j2");
        assert_eq!(join_path("templates/x.j2", p), "templates/x.j2");
        assert_eq!(join_path("./_aaa.j2", p), "templates/cisco/_aaa.j2");
        assert_eq!(
            join_path("../common/_ntp.j2", p),
            "templates/common/_ntp.j2"
        );
        assert!(join_path("../../etc/passwd", p).starts_with("<outside"));
        assert!(join_path("../../../unet.toml", p).starts_with("<outside"));
        assert!(join_path("/etc/passwd", p).ends_with("templates/etc/passwd"));
        assert_eq!(
            join_path("./_ntp.j2", "corp:templates/a.j2"),
            "corp:templates/_ntp.j2"
        );
    }
}
