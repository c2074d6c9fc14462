//! The template-match header: the first line of a template names the config
//! section the template owns.
//!
//! ```text
//! {#- template-match: interface GigabitEthernet* #}
//! ```
//!
//! Input: a template's text and file id. Output: a [`Header`] (the compiled
//! [`Pattern`], its normalised key and span) or a [`HeaderError`] that the
//! caller reports as `E0502` (no header) or `E0503` (bad pattern). The comment
//! may be written `{#` or `{#-`, closed `#}` or `-#}`, with any whitespace.

use crate::config::pattern::Pattern;
use crate::diag::{Diagnostic, FileId, Span};

/// The keyword after `{#`.
pub const KEYWORD: &str = "template-match";

/// A parsed header.
#[derive(Clone, Debug)]
pub struct Header {
    pub pattern: Pattern,
    /// The pattern with segments re-joined by one ` > `: two headers claim
    /// the same section when their keys are equal.
    pub key: String,
    /// Span of the pattern text.
    pub span: Span,
}

/// Why a template has no usable header.
#[derive(Clone, Debug)]
pub enum HeaderError {
    /// No `template-match` comment on the first line (`E0502`).
    Missing { span: Span, detail: String },
    /// The pattern does not compile (`E0503`).
    BadPattern { span: Span, message: String },
}

impl HeaderError {
    /// The diagnostic for this error; `path` is the template's project path.
    pub fn to_diagnostic(&self, path: &str) -> Diagnostic {
        match self {
            HeaderError::Missing { span, detail } => Diagnostic::error(
                "E0502",
                format!("template `{path}` has no `template-match` header"),
            )
            .with_label(*span, detail.clone())
            .with_help(
                "start the template with the section it owns, e.g. `{#- template-match: interface * #}`",
            ),
            HeaderError::BadPattern { span, message } => Diagnostic::error(
                "E0503",
                format!("malformed `template-match` pattern in `{path}`"),
            )
            .with_label(*span, message.clone())
            .with_help(
                "a pattern is segments separated by ` > `, each a glob (`interface *`) or a `/regex/`",
            ),
        }
    }
}

/// Parses the header on the first line of `text`.
pub fn parse(file: FileId, text: &str) -> Result<Header, HeaderError> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..line_end];
    let line = line.strip_suffix('\r').unwrap_or(line);
    let first_line_span = Span::new(file, 0..line.len());
    let missing = |detail: &str| HeaderError::Missing {
        span: first_line_span,
        detail: detail.to_string(),
    };
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    let Some(after_open) = rest.strip_prefix("{#") else {
        return Err(missing(
            "expected `{#- template-match: <pattern> #}` on the first line",
        ));
    };
    let after_open = after_open.strip_prefix('-').unwrap_or(after_open);
    let body_start = line.len() - after_open.len();
    let Some(close) = after_open.find("#}") else {
        return Err(missing(
            "the header comment must close with `#}` on the first line",
        ));
    };
    let mut body = &after_open[..close];
    if let Some(b) = body.strip_suffix('-') {
        body = b;
    }
    let kw_lead = body.len() - body.trim_start().len();
    let body_t = &body[kw_lead..];
    let Some(after_kw) = body_t.strip_prefix(KEYWORD) else {
        let word: String = body_t
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ':')
            .collect();
        let detail = if !word.is_empty() && strsim::levenshtein(&word, KEYWORD) <= 3 {
            format!("`{word}` is not `{KEYWORD}`")
        } else {
            format!("this comment is not a `{KEYWORD}` header")
        };
        return Err(missing(&detail));
    };
    let after_kw_t = after_kw.trim_start();
    let Some(pat_raw) = after_kw_t.strip_prefix(':') else {
        return Err(missing("expected `:` after `template-match`"));
    };
    let pat_lead = pat_raw.len() - pat_raw.trim_start().len();
    let pat = pat_raw.trim();
    let pat_start = body_start + (body.len() - pat_raw.len()) + pat_lead;
    let pat_span = Span::new(file, pat_start..pat_start + pat.len());
    if pat.is_empty() {
        return Err(HeaderError::BadPattern {
            span: Span::new(file, body_start..body_start + body.len()),
            message: "the pattern is empty".into(),
        });
    }
    match Pattern::parse(pat) {
        Ok(pattern) => {
            let key = pattern
                .segments()
                .iter()
                .map(|s| s.text().trim())
                .collect::<Vec<_>>()
                .join(" > ");
            Ok(Header {
                pattern,
                key,
                span: pat_span,
            })
        }
        Err(e) => {
            let r = e.range.start.min(pat.len())..e.range.end.min(pat.len());
            let span = if r.is_empty() {
                pat_span
            } else {
                pat_span.sub(r)
            };
            Err(HeaderError::BadPattern {
                span,
                message: e.message,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Header {
        parse(FileId(0), text).unwrap()
    }

    fn span_text(text: &str, s: Span) -> &str {
        &text[s.range()]
    }

    #[test]
    fn accepts_the_usual_spellings() {
        for t in [
            "{#- template-match: interface * #}\nx",
            "{# template-match: interface * #}\n",
            "{#template-match:interface *#}",
            "  {#-   template-match :   interface *   -#}\r\nx",
        ] {
            let h = ok(t);
            assert_eq!(h.pattern.as_str(), "interface *", "{t}");
            assert_eq!(span_text(t, h.span), "interface *", "{t}");
        }
    }

    #[test]
    fn normalises_the_key() {
        let a = ok("{# template-match: router bgp * > neighbor * #}");
        assert_eq!(a.key, "router bgp * > neighbor *");
        let b = ok("{# template-match: /^(hostname|ntp) / #}");
        assert_eq!(b.key, "/^(hostname|ntp) /");
    }

    #[test]
    fn missing_header() {
        for t in [
            "hostname x\n",
            "",
            "{# just a comment #}\n",
            "{# template-match interface * #}",
            "{# template-match: x",
        ] {
            assert!(
                matches!(parse(FileId(0), t), Err(HeaderError::Missing { .. })),
                "{t}"
            );
        }
        let Err(HeaderError::Missing { detail, .. }) = parse(FileId(0), "{# template-mach: x #}")
        else {
            panic!()
        };
        assert!(detail.contains("template-mach"));
    }

    #[test]
    fn bad_patterns_point_inside_the_header() {
        let t = "{#- template-match: interface * > /ip (address/ #}\n";
        let Err(HeaderError::BadPattern { span, message }) = parse(FileId(0), t) else {
            panic!()
        };
        assert_eq!(span_text(t, span), "/ip (address/");
        assert!(!message.is_empty());
        let t = "{# template-match: #}";
        assert!(matches!(
            parse(FileId(0), t),
            Err(HeaderError::BadPattern { .. })
        ));
    }
}
