//! The indent-based parser: IOS / IOS-XE, NX-OS, EOS and IOS-XR.
//!
//! Input: config text, its [`Syntax`] and the file id for spans. Output: a
//! [`ConfigTree`] where a line's children are the following lines indented
//! deeper, plus diagnostics. Comments (`!`, `#` per syntax), device noise
//! (`Building configuration...`, byte counts, timestamps) and context-leaving
//! lines (`end`, `exit`, `exit-address-family`) are dropped; banners and
//! certificates are kept whole as one [`LineKind::Literal`] line.
//!
//! Codes: `E0601` unterminated multi-line literal.

use super::syntax::Syntax;
use super::tree::{ConfigTree, LineId, LineKind};
use crate::diag::{Diagnostic, FileId, Span};

/// One physical line: byte range (without the newline) and its number.
struct Phys {
    start: usize,
    end: usize,
    number: u32,
}

fn physical_lines(text: &str) -> Vec<Phys> {
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    // a byte-order mark is not part of the first line
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut number = 1;
    for (i, b) in text.bytes().enumerate().skip(start) {
        if b == b'\n' {
            let mut end = i;
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            out.push(Phys { start, end, number });
            start = i + 1;
            number += 1;
        }
    }
    if start < text.len() {
        let mut end = text.len();
        if text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        out.push(Phys { start, end, number });
    }
    out
}

/// Parses indent-based config text.
pub fn parse(text: &str, syntax: Syntax, file: FileId) -> (ConfigTree, Vec<Diagnostic>) {
    let rules = syntax.rules();
    let compiled = syntax.compiled();
    let mut tree = ConfigTree::with_source(syntax, text);
    let mut diags = Vec::new();
    let lines = physical_lines(text);
    let mut stack: Vec<(u32, LineId)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let p = &lines[i];
        i += 1;
        let raw = &text[p.start..p.end];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if rules
            .comment_prefixes
            .iter()
            .any(|c| trimmed.starts_with(c))
        {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        // device noise is never indented: skip the regexes for nested lines
        if rules.drop_lines.contains(&trimmed) || (lead == 0 && compiled.noise.is_match(trimmed)) {
            continue;
        }
        let indent = raw[..lead]
            .chars()
            .map(|c| if c == '\t' { 8 } else { 1 })
            .sum::<u32>();
        let start = p.start + lead;
        let mut end = p.start + raw.trim_end().len();
        let mut kind = LineKind::Command;
        if let Some((re, fixed, _)) = compiled
            .literals
            .iter()
            .find(|(re, _, prefix)| trimmed.starts_with(prefix.as_str()) && re.is_match(trimmed))
        {
            kind = LineKind::Literal;
            let after = re.find(trimmed).map_or(trimmed.len(), |m| m.end());
            match literal_end(text, &lines, i - 1, lead + after, *fixed) {
                Ok((last, e)) => {
                    end = e;
                    i = last + 1;
                }
                Err(delim) => {
                    let what = if trimmed.starts_with("banner") {
                        "banner"
                    } else {
                        "block"
                    };
                    diags.push(
                        Diagnostic::error("E0601", format!("unterminated {what}: no closing `{delim}`"))
                            .with_label(Span::new(file, start..end), format!("this {what} is never closed"))
                            .with_help(format!("end the {what} with `{delim}`; the rest of the file was read as part of it")),
                    );
                    end = lines.last().map_or(end, |l| l.end);
                    i = lines.len();
                }
            }
        }
        while stack.last().is_some_and(|&(ind, _)| ind >= indent) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, id)| id);
        let id = tree.push_span(parent, start..end, p.number, indent);
        tree.line_mut(id).kind = kind;
        stack.push((indent, id));
    }
    (tree, diags)
}

/// Finds where a multi-line literal starting on physical line `first` ends.
/// `after` is the byte offset (in the line) just after the start match.
/// Returns the index of the last physical line and the end byte offset, or
/// the delimiter that was never found.
fn literal_end(
    text: &str,
    lines: &[Phys],
    first: usize,
    after: usize,
    fixed: Option<&'static str>,
) -> Result<(usize, usize), String> {
    if let Some(end) = fixed {
        for (k, l) in lines.iter().enumerate().skip(first + 1) {
            if text[l.start..l.end].trim() == end {
                return Ok((k, l.start + text[l.start..l.end].trim_end().len()));
            }
        }
        return Err(end.to_string());
    }
    let p = &lines[first];
    let line = &text[p.start..p.end];
    let rest = line.get(after..).unwrap_or("").trim_start();
    let rest_at = p.end - rest.len();
    let delim: &str = if rest.starts_with("^C") {
        "^C"
    } else {
        match rest.chars().next() {
            Some(c) => &rest[..c.len_utf8()],
            // no delimiter on the line: a one-line command such as `banner motd`
            None => return Ok((first, p.start + line.trim_end().len())),
        }
    };
    let body = rest_at + delim.len();
    if text[body..p.end].contains(delim) {
        // opened and closed on the same line
        return Ok((first, p.start + line.trim_end().len()));
    }
    for (k, l) in lines.iter().enumerate().skip(first + 1) {
        if text[l.start..l.end].contains(delim) {
            return Ok((k, l.start + text[l.start..l.end].trim_end().len()));
        }
    }
    Err(delim.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str, s: Syntax) -> ConfigTree {
        let (t, d) = parse(text, s, FileId(0));
        assert!(d.is_empty(), "{d:?}");
        t
    }

    #[test]
    fn nesting_noise_and_banners() {
        let text = "Building configuration...\n\nCurrent configuration : 1234 bytes\n!\n! Last configuration change at 10:00:00 UTC Mon Nov 23 2026\nversion 17.9\nhostname sw1\n!\nbanner motd ^C\nAuthorized access only\n  ! not a comment\n^C\ninterface Vlan10\n ip address 10.0.0.1 255.255.255.0\n!\nrouter bgp 65001\n address-family ipv4\n  neighbor 10.0.0.2 activate\n exit-address-family\nend\n";
        let t = tree(text, Syntax::Ios);
        let tops: Vec<&str> = t.roots.iter().map(|&r| t.text(r)).collect();
        assert_eq!(tops[0], "version 17.9");
        assert_eq!(tops[1], "hostname sw1");
        assert_eq!(
            tops[2],
            "banner motd ^C\nAuthorized access only\n  ! not a comment\n^C"
        );
        assert_eq!(t.line(t.roots[2]).kind, LineKind::Literal);
        assert_eq!(t.line(t.roots[2]).source_line, 9);
        assert_eq!(tops[3], "interface Vlan10");
        assert_eq!(tops.len(), 5);
        let bgp = t.roots[4];
        let af = t.line(bgp).children[0];
        assert_eq!(t.text(af), "address-family ipv4");
        assert_eq!(t.text(t.line(af).children[0]), "neighbor 10.0.0.2 activate");
    }

    #[test]
    fn one_line_banner_and_eos_banner() {
        let t = tree("banner login #Hi there#\nhostname x\n", Syntax::Nxos);
        assert_eq!(t.roots.len(), 2);
        let t = tree("banner motd\nwelcome\n!\nEOF\nhostname a\n", Syntax::Eos);
        assert_eq!(t.text(t.roots[0]), "banner motd\nwelcome\n!\nEOF");
        assert_eq!(t.text(t.roots[1]), "hostname a");
    }

    #[test]
    fn certificates_are_one_line() {
        let text = "crypto pki certificate chain TP-self-signed-1\n certificate self-signed 01\n  30820330 30820218\n  A0030201\n  \tquit\nhostname r1\n";
        let t = tree(text, Syntax::Ios);
        assert_eq!(t.roots.len(), 2);
        let cert = t.line(t.roots[0]).children[0];
        assert!(t.text(cert).ends_with("quit"));
        assert_eq!(t.line(cert).kind, LineKind::Literal);
    }

    #[test]
    fn unterminated_banner_is_e0601() {
        let (t, d) = parse(
            "banner motd ^C\nhello\nhostname x\n",
            Syntax::Ios,
            FileId(3),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0601");
        assert_eq!(
            d[0].primary.as_ref().unwrap().span,
            Span::new(FileId(3), 0..14)
        );
        assert_eq!(t.roots.len(), 1);
    }

    #[test]
    fn iosxr_timestamp_and_terminators() {
        let text = "Mon Nov 23 08:00:00.123 UTC\nBuilding configuration...\n!! IOS XR Configuration 7.9.2\n!! Last configuration change at Mon Nov 23 07:00:00 2026 by admin\n!\nhostname xr1\nroute-policy PASS\n  pass\nend-policy\n!\nend\n";
        let t = tree(text, Syntax::Iosxr);
        let tops: Vec<&str> = t.roots.iter().map(|&r| t.text(r)).collect();
        assert_eq!(tops, ["hostname xr1", "route-policy PASS"]);
    }
}
