//! Match patterns over config line trees: ` > `-separated path segments, each a
//! glob or a `/regex/`.
//!
//! Input: the pattern text (from a template's `template-match` header or the
//! command line). Output: a compiled [`Pattern`] or a [`PatternError`] with the
//! byte range of the offending part, which callers turn into a diagnostic with
//! their own code and span. This module never reports diagnostics itself.
//!
//! Matching is always against the *trimmed* text of a line:
//!
//! * a glob segment (`interface GigabitEthernet1/0/*`) must match the whole
//!   line: `*` is any run of characters (including none, and including `/`),
//!   `?` is exactly one character, everything else is literal;
//! * a regex segment (`/^(hostname|ntp) /`) is an unanchored search unless the
//!   regex anchors itself; a trailing `i` (`/bgp/i`) makes it case-insensitive.
//!
//! A pattern of N segments matches a line at depth N (top level is depth 1)
//! whose ancestors match the first N-1 segments, in order.

use regex::Regex;
use std::fmt;
use std::ops::Range;

/// The separator between path segments.
pub const SEPARATOR: &str = " > ";

/// A compiled match pattern.
///
/// ```
/// use unetc::config::pattern::Pattern;
/// let p = Pattern::parse("router bgp * > neighbor *").unwrap();
/// assert!(p.matches_path(&["router bgp 65001", "neighbor 10.0.0.1 remote-as 65002"]));
/// assert!(!p.matches_path(&["router ospf 1", "neighbor 10.0.0.1"]));
/// assert!(!p.matches_line("router bgp 65001")); // one level only: not deep enough
///
/// let sys = Pattern::parse("/^(hostname|ntp|logging) /").unwrap();
/// assert!(sys.matches_line("  ntp server 10.0.0.1"));
/// assert!(!sys.matches_line("interface Vlan1"));
/// ```
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    segments: Vec<Segment>,
}

/// One path segment of a [`Pattern`].
#[derive(Clone, Debug)]
pub enum Segment {
    /// A glob, compiled to an anchored regex; `literal` is set when the glob
    /// has no wildcard (then a plain string comparison is used).
    Glob {
        text: String,
        literal: bool,
        regex: Regex,
    },
    /// A `/regex/`, searched unanchored.
    Regex { text: String, regex: Regex },
}

impl Segment {
    /// Whether this segment matches one line's text (trimmed first).
    pub fn matches(&self, line: &str) -> bool {
        let line = line.trim();
        match self {
            Segment::Glob {
                text,
                literal: true,
                ..
            } => text == line,
            Segment::Glob { regex, .. } | Segment::Regex { regex, .. } => regex.is_match(line),
        }
    }

    /// The segment as written.
    pub fn text(&self) -> &str {
        match self {
            Segment::Glob { text, .. } | Segment::Regex { text, .. } => text,
        }
    }
}

/// Why a pattern does not compile, with the byte range (into the pattern
/// text) of the part at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
    pub range: Range<usize>,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Compiles a pattern.
    ///
    /// ```
    /// use unetc::config::pattern::Pattern;
    /// assert_eq!(Pattern::parse("interface * > ip address *").unwrap().len(), 2);
    /// let e = Pattern::parse("interface * > /ip (address/").unwrap_err();
    /// assert_eq!(e.range, 14..27);
    /// assert!(Pattern::parse("").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let mut segments = Vec::new();
        for (range, seg) in split_segments(text)? {
            segments.push(compile_segment(seg, range)?);
        }
        Ok(Pattern {
            source: text.to_string(),
            segments,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Number of segments (the depth of the lines it selects).
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Always false: a pattern has at least one segment.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The compiled segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether a line matches, given the texts of its ancestors and itself
    /// (`path[0]` is the top-level line, the last element the line itself).
    ///
    /// ```
    /// use unetc::config::pattern::Pattern;
    /// let p = Pattern::parse("interfaces > /^(et|xe)-/").unwrap();
    /// assert!(p.matches_path(&["interfaces", "xe-0/1/0"]));
    /// assert!(!p.matches_path(&["interfaces", "lo0"]));
    /// assert!(!p.matches_path(&["interfaces"]));
    /// ```
    pub fn matches_path(&self, path: &[&str]) -> bool {
        path.len() == self.segments.len()
            && self.segments.iter().zip(path).all(|(s, l)| s.matches(l))
    }

    /// Whether a line with this path could have matching descendants: the
    /// path is shorter than the pattern and every given line matches its
    /// segment. Used to prune tree walks.
    ///
    /// ```
    /// use unetc::config::pattern::Pattern;
    /// let p = Pattern::parse("router bgp * > neighbor *").unwrap();
    /// assert!(p.matches_ancestor(&["router bgp 1"]));
    /// assert!(!p.matches_ancestor(&["router bgp 1", "neighbor 1.1.1.1"]));
    /// ```
    pub fn matches_ancestor(&self, path: &[&str]) -> bool {
        path.len() < self.segments.len()
            && self.segments.iter().zip(path).all(|(s, l)| s.matches(l))
    }

    /// Whether a top-level line matches a one-segment pattern.
    ///
    /// ```
    /// use unetc::config::pattern::Pattern;
    /// let p = Pattern::parse("interface GigabitEthernet1/0/?").unwrap();
    /// assert!(p.matches_line("interface GigabitEthernet1/0/7"));
    /// assert!(!p.matches_line("interface GigabitEthernet1/0/17"));
    /// ```
    pub fn matches_line(&self, line: &str) -> bool {
        self.matches_path(&[line])
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// Splits a pattern into segments at ` > `, never inside a `/regex/`.
fn split_segments(text: &str) -> Result<Vec<(Range<usize>, &str)>, PatternError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        // skip leading spaces of a segment
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
        let rest = &text[start..];
        if rest == ">" || rest.starts_with("> ") {
            return Err(PatternError {
                message: "empty segment in pattern".into(),
                range: start..start + 1,
            });
        }
        let end;
        if start < bytes.len() && bytes[start] == b'/' {
            // a regex: find the closing unescaped slash
            let mut i = start + 1;
            let mut close = None;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'/' => {
                        close = Some(i);
                        break;
                    }
                    _ => i += 1,
                }
            }
            let Some(c) = close else {
                return Err(PatternError {
                    message: "unterminated `/regex/` segment".into(),
                    range: start..text.len(),
                });
            };
            let mut e = c + 1;
            while e < bytes.len() && bytes[e].is_ascii_alphabetic() {
                e += 1;
            }
            end = e;
            let rest = &text[end..];
            let trimmed = rest.trim_end();
            if !trimmed.is_empty() && !rest.starts_with(SEPARATOR) {
                return Err(PatternError {
                    message: "expected ` > ` after a `/regex/` segment".into(),
                    range: end..text.len(),
                });
            }
        } else {
            end = text[start..]
                .find(SEPARATOR)
                .map(|i| start + i)
                .unwrap_or(text.len());
        }
        let seg = text[start..end].trim_end();
        if seg.is_empty() {
            return Err(PatternError {
                message: if text.trim().is_empty() {
                    "empty pattern".into()
                } else {
                    "empty segment in pattern".into()
                },
                range: start..end.max(start),
            });
        }
        out.push((start..start + seg.len(), seg));
        if end >= text.len() || text[end..].trim().is_empty() {
            break;
        }
        start = end + SEPARATOR.len();
        if start > text.len() {
            start = text.len();
        }
    }
    Ok(out)
}

fn compile_segment(seg: &str, range: Range<usize>) -> Result<Segment, PatternError> {
    if let Some(body) = seg.strip_prefix('/') {
        let close = body.rfind('/').unwrap_or(body.len());
        let (re, flags) = (&body[..close], &body[(close + 1).min(body.len())..]);
        let mut prefix = String::new();
        for (i, f) in flags.char_indices() {
            match f {
                'i' => prefix.push_str("(?i)"),
                _ => {
                    let at = range.start + 1 + close + 1 + i;
                    return Err(PatternError {
                        message: format!("unknown regex flag `{f}`"),
                        range: at..at + f.len_utf8(),
                    });
                }
            }
        }
        if re.is_empty() {
            return Err(PatternError {
                message: "empty `/regex/` segment".into(),
                range,
            });
        }
        match Regex::new(&format!("{prefix}{re}")) {
            Ok(regex) => Ok(Segment::Regex {
                text: seg.to_string(),
                regex,
            }),
            Err(e) => Err(PatternError {
                message: format!("invalid regex: {}", regex_error_line(&e)),
                range,
            }),
        }
    } else {
        let literal = !seg.contains(['*', '?']);
        let mut re = String::with_capacity(seg.len() + 8);
        re.push_str("(?s)^");
        for c in seg.chars() {
            match c {
                '*' => re.push_str(".*"),
                '?' => re.push('.'),
                c => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
            }
        }
        re.push('$');
        let regex = Regex::new(&re).map_err(|e| PatternError {
            message: format!("invalid glob: {}", regex_error_line(&e)),
            range,
        })?;
        Ok(Segment::Glob {
            text: seg.to_string(),
            literal,
            regex,
        })
    }
}

/// The last line of a regex error (the part that says what is wrong).
fn regex_error_line(e: &regex::Error) -> String {
    let s = e.to_string();
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_the_whole_trimmed_line() {
        let p = Pattern::parse("interface GigabitEthernet1/0/*").unwrap();
        assert!(p.matches_line("interface GigabitEthernet1/0/1"));
        assert!(p.matches_line("  interface GigabitEthernet1/0/48  "));
        assert!(!p.matches_line("interface GigabitEthernet1/1/1"));
        assert!(!p.matches_line("no interface GigabitEthernet1/0/1"));
        let lit = Pattern::parse("system").unwrap();
        assert!(lit.matches_line("system"));
        assert!(!lit.matches_line("systems"));
        let dots = Pattern::parse("ip route 0.0.0.0 *").unwrap();
        assert!(!dots.matches_line("ip route 0a0.0.0 x"));
    }

    #[test]
    fn regex_segments_search_unless_anchored() {
        let p = Pattern::parse("/bgp/").unwrap();
        assert!(p.matches_line("router bgp 65001"));
        let a = Pattern::parse("/^bgp/").unwrap();
        assert!(!a.matches_line("router bgp 65001"));
        let i = Pattern::parse("/BGP/i").unwrap();
        assert!(i.matches_line("router bgp 1"));
    }

    #[test]
    fn separators_inside_regex_are_not_split() {
        let p = Pattern::parse("/a > b/ > c*").unwrap();
        assert_eq!(p.len(), 2);
        assert!(p.matches_path(&["x a > b", "cat"]));
    }

    #[test]
    fn errors_carry_ranges() {
        let e = Pattern::parse("interface * > ").unwrap_err();
        assert_eq!(e.message, "empty segment in pattern");
        let e = Pattern::parse("/abc").unwrap_err();
        assert_eq!(e.message, "unterminated `/regex/` segment");
        assert_eq!(e.range, 0..4);
        let e = Pattern::parse("/a/x").unwrap_err();
        assert_eq!(e.message, "unknown regex flag `x`");
        assert_eq!(e.range, 3..4);
        let e = Pattern::parse("/a/ b").unwrap_err();
        assert!(e.message.contains("expected ` > `"));
        let e = Pattern::parse("a >  > b").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.range.clone()),
            ("empty segment in pattern", 5..6)
        );
        let e = Pattern::parse("   ").unwrap_err();
        assert_eq!(e.message, "empty pattern");
        let e = Pattern::parse("x > /(/").unwrap_err();
        assert!(e.message.starts_with("invalid regex"), "{}", e.message);
        assert_eq!(e.range, 4..7);
    }

    #[test]
    fn ancestors_prune() {
        let p = Pattern::parse("a > b > c").unwrap();
        assert!(p.matches_ancestor(&["a"]));
        assert!(p.matches_ancestor(&["a", "b"]));
        assert!(!p.matches_ancestor(&["a", "x"]));
        assert!(p.matches_path(&["a", "b", "c"]));
    }
}
