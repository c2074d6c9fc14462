//! `report.junit.xml`: one `<testsuite>` per node with assertions, one
//! `<testcase>` per (node, assertion); a failed assertion is a `<failure>`
//! with the expected and actual values. No timestamps or durations, so the
//! file is deterministic.

use crate::driver::Compilation;
use std::fmt::Write;

/// Escapes text for XML 1.0 attributes and content; characters XML 1.0
/// cannot carry (most control characters) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML document.
pub fn junit_xml(comp: &Compilation) -> String {
    let project = &comp.project.manifest.project.name;
    let tests: usize = comp.evals.iter().map(|e| e.assertions.len()).sum();
    let failures: usize = comp
        .evals
        .iter()
        .map(|e| e.assertions.iter().filter(|a| !a.passed).count())
        .sum();
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"unetc {}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
        escape(project)
    );
    for e in comp.evals.iter().filter(|e| !e.assertions.is_empty()) {
        let f = e.assertions.iter().filter(|a| !a.passed).count();
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\">",
            escape(&e.node),
            e.assertions.len()
        );
        for a in &e.assertions {
            let sources = &comp.project.sources;
            let file_line = (sources.iter().count() > a.rule.span.file.0 as usize).then(|| {
                let f = sources.get(a.rule.span.file);
                (f.path.clone(), f.line_col(a.rule.span.start as usize).0)
            });
            let loc = file_line
                .as_ref()
                .map(|(p, l)| format!(" file=\"{}\" line=\"{l}\"", escape(p)))
                .unwrap_or_default();
            let _ = write!(
                x,
                "    <testcase classname=\"{}.{}\" name=\"{}: {}\"{loc}",
                escape(project),
                escape(&e.node),
                escape(&a.rule.name),
                escape(&a.assertion)
            );
            if a.passed {
                x.push_str("/>\n");
            } else {
                let msg = format!("expected {}, got {}", a.expected, a.actual);
                let _ = writeln!(
                    x,
                    ">\n      <failure type=\"assertion\" message=\"{}\">node: {}\nrule: {}\nassertion: {}\nexpected: {}\nactual: {}</failure>\n    </testcase>",
                    escape(&msg),
                    escape(&e.node),
                    escape(&a.rule.name),
                    escape(&a.assertion),
                    escape(&a.expected.to_string()),
                    escape(&a.actual.to_string()),
                );
            }
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_xml_cares_about() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\n"
        );
    }
}
