//! Diagnostics: the one type every pass reports problems with, and its renderers.
//!
//! A pass returns `(output, Vec<Diagnostic>)`; it never prints. The driver sorts
//! all diagnostics by file and position and renders them once, at the end, in
//! the format the user chose (`human`, `json`, `github`, `sarif`).
//!
//! Every diagnostic has a code (`E0101`, `W0701`, …) whose long explanation
//! lives in `lang/codes/<CODE>.md` and is printed by `unetc explain CODE`.

pub mod codes;
mod render;
mod source;

pub use render::{render, Format};
pub use source::{FileId, SourceFile, SourceMap, Span};

use serde::Serialize;

/// How bad a diagnostic is. Errors make the run fail; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A span with a short message that points at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in the user's input.
///
/// Build one with [`Diagnostic::error`] or [`Diagnostic::warning`] and the
/// builder methods:
///
/// ```
/// use unetc::diag::{Diagnostic, FileId, Span};
/// let span = Span::new(FileId(0), 4..9);
/// let d = Diagnostic::error("E0103", "unknown vendor `cisoc`")
///     .with_label(span, "not a known vendor")
///     .with_help("did you mean `cisco`?");
/// assert_eq!(d.code, "E0103");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The main place; `None` only for problems that concern no file (rare).
    pub primary: Option<Label>,
    /// Secondary places (may be in other files).
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            primary: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }

    /// Sets the primary span and its label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.primary = Some(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a secondary span.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: file path, position, then code and message, so output never
    /// depends on thread scheduling.
    fn sort_key<'a>(
        &'a self,
        sources: &'a SourceMap,
    ) -> (&'a str, u32, u32, &'static str, &'a str) {
        match &self.primary {
            Some(l) => (
                sources.path(l.span.file),
                l.span.start,
                l.span.end,
                self.code,
                &self.message,
            ),
            None => ("", 0, 0, self.code, &self.message),
        }
    }
}

/// Sorts diagnostics by file and position and removes exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>, sources: &SourceMap) {
    diags.sort_by(|a, b| a.sort_key(sources).cmp(&b.sort_key(sources)));
    diags.dedup();
}

/// Counts of errors and warnings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

/// Suggests the closest candidate to `name`, for "did you mean" hints.
///
/// Returns `None` when nothing is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(name) {
            return Some(c);
        }
        let score = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
        let lev = strsim::levenshtein(&lower, &c.to_ascii_lowercase());
        let close = score >= 0.8 || lev <= (name.len().max(3) / 3).max(1);
        if close && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A help line for an unknown name: "did you mean `x`?" or the list of valid names.
pub fn unknown_name_help<'a, I>(name: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    match did_you_mean(name, candidates.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                "there is nothing of that kind defined".to_string()
            } else if all.len() <= 12 {
                format!(
                    "expected one of {}",
                    all.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                format!(
                    "expected one of {}, … ({} in all)",
                    all[..10]
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    all.len()
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos() {
        let vendors = ["cisco", "juniper", "arista"];
        assert_eq!(did_you_mean("cisoc", vendors), Some("cisco"));
        assert_eq!(did_you_mean("Juniper", vendors), Some("juniper"));
        assert_eq!(did_you_mean("zzzzzz", vendors), None);
    }
}
