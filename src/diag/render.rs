//! Renders diagnostics as human text (miette), JSON, GitHub annotations or SARIF.
//!
//! Rendering is the only place where spans become `file:line:col`. Human
//! output is colourless unless the caller asks for colour (a terminal), and is
//! wrapped at a fixed width so snapshots are stable.

use super::{Diagnostic, Severity, SourceMap};
use serde_json::json;
use std::fmt::Write as _;
use std::sync::Arc;

/// How diagnostics are printed (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// Compiler-style text with source excerpts.
    #[default]
    Human,
    /// A JSON array, one object per diagnostic.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// Renders all diagnostics (already sorted) in the given format.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, format: Format, color: bool) -> String {
    match format {
        Format::Human => human(diags, sources, color),
        Format::Json => {
            let items: Vec<_> = diags.iter().map(|d| to_json(d, sources)).collect();
            let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Github => github(diags, sources),
        Format::Sarif => sarif(diags, sources),
    }
}

struct MietteAdapter<'a> {
    diag: &'a Diagnostic,
    /// Notes, and secondary labels that live in other files, printed after the report.
    notes: Vec<String>,
    source: Option<miette::NamedSource<Arc<str>>>,
    labels: Vec<miette::LabeledSpan>,
    help: Option<String>,
}

impl std::fmt::Debug for MietteAdapter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::fmt::Display for MietteAdapter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for MietteAdapter<'_> {}

impl miette::Diagnostic for MietteAdapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}[{}]",
            self.diag.severity.as_str(),
            self.diag.code
        )))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn adapter<'a>(d: &'a Diagnostic, sources: &SourceMap) -> MietteAdapter<'a> {
    let mut labels = Vec::new();
    let mut extra_notes = Vec::new();
    let source = d.primary.as_ref().map(|p| {
        let f = sources.get(p.span.file);
        miette::NamedSource::new(f.path.clone(), f.text.clone())
    });
    if let Some(p) = &d.primary {
        labels.push(miette::LabeledSpan::new_primary_with_span(
            Some(p.message.clone()),
            clamp(p.span.range(), sources.text(p.span.file).len()),
        ));
        for l in &d.labels {
            if l.span.file == p.span.file {
                labels.push(miette::LabeledSpan::new_with_span(
                    Some(l.message.clone()),
                    clamp(l.span.range(), sources.text(l.span.file).len()),
                ));
            } else {
                let (path, line, col) = sources.location(l.span);
                extra_notes.push(format!("{}: {path}:{line}:{col}", l.message));
            }
        }
    }
    let help = d.help.clone();
    let notes = d.notes.iter().cloned().chain(extra_notes).collect();
    MietteAdapter {
        diag: d,
        notes,
        source,
        labels,
        help,
    }
}

fn clamp(r: std::ops::Range<usize>, len: usize) -> (usize, usize) {
    let start = r.start.min(len);
    let end = r.end.min(len).max(start);
    (start, end - start)
}

fn human(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for d in diags {
        let a = adapter(d, sources);
        if handler.render_report(&mut out, &a).is_err() {
            let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        }
        for n in &a.notes {
            let _ = writeln!(out, "  note: {n}");
        }
        out.push('\n');
    }
    let mut codes: Vec<&str> = diags
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    match codes.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "for more, run `unetc explain {one}`");
        }
        many => {
            let _ = writeln!(
                out,
                "for more, run `unetc explain CODE` with one of: {}",
                many.join(", ")
            );
        }
    }
    out
}

fn to_json(d: &Diagnostic, sources: &SourceMap) -> serde_json::Value {
    let loc = |span: super::Span| {
        let f = sources.get(span.file);
        let (l, c) = f.line_col(span.start as usize);
        let (el, ec) = f.line_col(span.end as usize);
        json!({"file": f.path, "line": l, "column": c, "end_line": el, "end_column": ec})
    };
    let (file, line, column) = match &d.primary {
        Some(p) => {
            let (f, l, c) = sources.location(p.span);
            (json!(f), json!(l), json!(c))
        }
        None => (json!(null), json!(null), json!(null)),
    };
    let labels: Vec<_> = d
        .primary
        .iter()
        .map(|l| (l, true))
        .chain(d.labels.iter().map(|l| (l, false)))
        .map(|(l, primary)| {
            let mut v = loc(l.span);
            v["message"] = json!(l.message);
            v["primary"] = json!(primary);
            v
        })
        .collect();
    json!({
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
    })
}

fn gh_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_prop(s: &str) -> String {
    gh_escape(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut msg = d.message.clone();
        if let Some(p) = &d.primary {
            if !p.message.is_empty() {
                let _ = write!(msg, "\n{}", p.message);
            }
        }
        if let Some(h) = &d.help {
            let _ = write!(msg, "\nhelp: {h}");
        }
        let mut props = String::new();
        if let Some(p) = &d.primary {
            let f = sources.get(p.span.file);
            let (l, c) = f.line_col(p.span.start as usize);
            let (el, ec) = f.line_col(p.span.end as usize);
            let _ = write!(props, "file={},line={l},col={c}", gh_prop(&f.path));
            if el == l {
                let _ = write!(props, ",endColumn={ec}");
            } else {
                let _ = write!(props, ",endLine={el}");
            }
            props.push(',');
        }
        let _ = write!(props, "title={}", gh_prop(d.code));
        let _ = writeln!(out, "::{kind} {props}::{}", gh_escape(&msg));
    }
    out
}

fn sarif(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut rule_ids: Vec<&str> = diags.iter().map(|d| d.code).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<_> = rule_ids
        .iter()
        .map(|code| {
            let info = super::codes::lookup(code);
            json!({
                "id": code,
                "shortDescription": {"text": info.map(|i| i.title).unwrap_or(code)},
                "fullDescription": {"text": info.map(|i| i.explanation).unwrap_or("")},
                "help": {"text": format!("run `unetc explain {code}`")},
            })
        })
        .collect();
    let results: Vec<_> = diags
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                let _ = write!(text, "\nhelp: {h}");
            }
            let mut r = json!({
                "ruleId": d.code,
                "ruleIndex": rule_ids.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level,
                "message": {"text": text},
            });
            if let Some(p) = &d.primary {
                let f = sources.get(p.span.file);
                let (l, c) = f.line_col(p.span.start as usize);
                let (el, ec) = f.line_col(p.span.end as usize);
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec.max(c + usize::from(el == l && ec == c))},
                    },
                    "message": {"text": p.message},
                }]);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "unetc",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/unetc/unetc",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
