//! The JunOS curly-brace parser.
//!
//! Input: config text (as `show configuration` prints it) and the file id for
//! spans. Output: a [`ConfigTree`] whose lines are statements without their
//! `{` or `;` (`interfaces`, `xe-0/1/0`, `unit 0`, `address 10.0.0.1/31`),
//! plus diagnostics. `[ a b c ]` lists are expanded into one leaf per item
//! (`members 10; members 20;`), exactly as `display set` shows them; quoted
//! strings may hold braces and semicolons; `inactive:` marks a line inactive,
//! `replace:` / `protect:` are kept as tags; `/* annotations */`, `#` comments
//! and the `## Last commit:` header are dropped.
//!
//! Codes: `E0602` unexpected `}`, `E0603` unclosed `{`, `E0604` unterminated
//! string / list / comment, `E0605` statement without `;`.

use super::syntax::Syntax;
use super::tree::{ConfigTree, LineId};
use crate::diag::{Diagnostic, FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Word,
    Open,
    Close,
    Semi,
    LBracket,
    RBracket,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
}

impl<'a> Lexer<'a> {
    /// The next token as (kind, start, end, line), skipping comments.
    fn next(
        &mut self,
        file: FileId,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(Tok, usize, usize, u32)> {
        let b = self.text.as_bytes();
        loop {
            while self.pos < b.len() && b[self.pos].is_ascii_whitespace() {
                if b[self.pos] == b'\n' {
                    self.line += 1;
                }
                self.pos += 1;
            }
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            let line = self.line;
            match b[self.pos] {
                b'#' => {
                    while self.pos < b.len() && b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if b.get(self.pos + 1) == Some(&b'*') => {
                    match self.text[self.pos + 2..].find("*/") {
                        Some(e) => {
                            let stop = self.pos + 2 + e + 2;
                            self.line += self.text[self.pos..stop].matches('\n').count() as u32;
                            self.pos = stop;
                        }
                        None => {
                            diags.push(
                                Diagnostic::error("E0604", "unterminated comment")
                                    .with_label(
                                        Span::new(file, start..start + 2),
                                        "this `/*` is never closed",
                                    )
                                    .with_help("close the annotation with `*/`"),
                            );
                            self.pos = b.len();
                            return None;
                        }
                    }
                }
                b'{' => return self.single(Tok::Open, start, line),
                b'}' => return self.single(Tok::Close, start, line),
                b';' => return self.single(Tok::Semi, start, line),
                b'[' => return self.single(Tok::LBracket, start, line),
                b']' => return self.single(Tok::RBracket, start, line),
                _ => {
                    // a word, possibly containing quoted parts
                    while self.pos < b.len() {
                        match b[self.pos] {
                            b'"' => {
                                let qs = self.pos;
                                self.pos += 1;
                                loop {
                                    if self.pos >= b.len() {
                                        diags.push(
                                            Diagnostic::error("E0604", "unterminated string")
                                                .with_label(
                                                    Span::new(file, qs..qs + 1),
                                                    "this quote is never closed",
                                                )
                                                .with_help("close the string with `\"`"),
                                        );
                                        return Some((Tok::Word, start, b.len(), line));
                                    }
                                    match b[self.pos] {
                                        b'\\' => self.pos += 2,
                                        b'"' => {
                                            self.pos += 1;
                                            break;
                                        }
                                        b'\n' => {
                                            self.line += 1;
                                            self.pos += 1;
                                        }
                                        _ => self.pos += 1,
                                    }
                                }
                            }
                            c if c.is_ascii_whitespace()
                                || matches!(c, b'{' | b'}' | b';' | b'[' | b']') =>
                            {
                                break
                            }
                            _ => self.pos += 1,
                        }
                    }
                    let end = self.pos.min(b.len());
                    return Some((Tok::Word, start, end, line));
                }
            }
        }
    }

    fn single(&mut self, t: Tok, start: usize, line: u32) -> Option<(Tok, usize, usize, u32)> {
        self.pos += 1;
        Some((t, start, start + 1, line))
    }
}

/// A statement being collected: its words, an optional list, and its tag.
#[derive(Default)]
struct Stmt {
    start: usize,
    end: usize,
    line: u32,
    words: usize,
    list: Vec<(usize, usize)>,
    in_list: Option<usize>,
    /// Line where the last word ended (a quoted word may span lines).
    last_line: u32,
    inactive: bool,
    tag: Option<&'static str>,
}

/// Parses JunOS brace-format text.
pub fn parse(text: &str, file: FileId) -> (ConfigTree, Vec<Diagnostic>) {
    let mut tree = ConfigTree::with_source(Syntax::Junos, text);
    let mut diags = Vec::new();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lx = Lexer {
        text,
        pos: bom,
        line: 1,
    };
    let mut stack: Vec<(LineId, usize)> = Vec::new();
    let mut st = Stmt::default();
    while let Some((tok, s, e, line)) = lx.next(file, &mut diags) {
        if lx.pos >= text.len() && diags.iter().any(|d| d.code == "E0604") {
            // an unterminated string or comment swallowed the rest: stop, no cascade
            st = Stmt::default();
            stack.clear();
            break;
        }
        match tok {
            Tok::Word if st.in_list.is_some() => st.list.push((s, e)),
            Tok::Word => {
                let w = &text[s..e];
                if st.words > 0 && line > st.last_line {
                    // JunOS statements never continue on the next line: a `;` is missing
                    missing_semi(&st, file, &mut diags);
                    finish(&mut tree, &mut st, stack.last().map(|x| x.0), text);
                }
                st.last_line = lx.line;
                if st.words == 0 {
                    match w {
                        "inactive:" => {
                            st.inactive = true;
                            continue;
                        }
                        "replace:" | "protect:" => {
                            st.tag = Some(if w == "replace:" {
                                "replace"
                            } else {
                                "protect"
                            });
                            continue;
                        }
                        _ => {}
                    }
                    st.start = s;
                    st.line = line;
                }
                st.words += 1;
                st.end = e;
            }
            Tok::LBracket => {
                if st.words == 0 {
                    st.start = s;
                    st.line = line;
                }
                st.in_list = Some(s);
            }
            Tok::RBracket => {
                if st.in_list.take().is_none() {
                    diags.push(
                        Diagnostic::error("E0604", "unexpected `]`")
                            .with_label(Span::new(file, s..e), "no list is open here")
                            .with_help("remove the `]` or open the list with `[`"),
                    );
                }
            }
            Tok::Semi => {
                if st.in_list.is_some() {
                    unterminated_list(&mut st, file, &mut diags);
                }
                finish(&mut tree, &mut st, stack.last().map(|x| x.0), text);
            }
            Tok::Open => {
                if st.in_list.is_some() {
                    unterminated_list(&mut st, file, &mut diags);
                }
                if st.words == 0 {
                    diags.push(
                        Diagnostic::error("E0602", "`{` without a statement")
                            .with_label(Span::new(file, s..e), "this block has no name")
                            .with_help("write the statement before `{`, e.g. `system {`"),
                    );
                    // still track the block so its `}` balances
                    let id = tree.push_span(stack.last().map(|x| x.0), s..e, line, 0);
                    stack.push((id, s));
                    continue;
                }
                let parent = stack.last().map(|x| x.0);
                let id = tree.push_span(parent, st.start..st.end, st.line, 0);
                let l = tree.line_mut(id);
                l.inactive = st.inactive;
                l.tag = st.tag;
                stack.push((id, s));
                st = Stmt::default();
            }
            Tok::Close => {
                if st.words > 0 {
                    missing_semi(&st, file, &mut diags);
                    finish(&mut tree, &mut st, stack.last().map(|x| x.0), text);
                }
                if stack.pop().is_none() {
                    diags.push(
                        Diagnostic::error("E0602", "unexpected `}`")
                            .with_label(Span::new(file, s..e), "no block is open here")
                            .with_help("remove this `}` or add the missing `{` above"),
                    );
                }
            }
        }
    }
    if st.in_list.is_some() {
        unterminated_list(&mut st, file, &mut diags);
    }
    if st.words > 0 {
        missing_semi(&st, file, &mut diags);
        finish(&mut tree, &mut st, stack.last().map(|x| x.0), text);
    }
    if let Some(&(id, open)) = stack.first() {
        let name = tree.text(id).to_string();
        diags.push(
            Diagnostic::error("E0603", format!("block `{name}` is never closed"))
                .with_label(
                    Span::new(file, open..open + 1),
                    "this `{` has no matching `}`",
                )
                .with_help(format!("add {} `}}` at the end of the file", stack.len())),
        );
    }
    (tree, diags)
}

fn unterminated_list(st: &mut Stmt, file: FileId, diags: &mut Vec<Diagnostic>) {
    let at = st.in_list.take().unwrap_or(st.start);
    diags.push(
        Diagnostic::error("E0604", "unterminated list")
            .with_label(Span::new(file, at..at + 1), "this `[` is never closed")
            .with_help("close the list with `]` before `;`"),
    );
}

fn missing_semi(st: &Stmt, file: FileId, diags: &mut Vec<Diagnostic>) {
    let end = st.list.last().map_or(st.end, |l| l.1.max(st.end));
    diags.push(
        Diagnostic::error("E0605", "statement without `;`")
            .with_label(
                Span::new(file, st.start..end),
                "this statement is not terminated",
            )
            .with_help("end the statement with `;`"),
    );
}

/// Adds the collected statement as a leaf (one per list item).
fn finish(tree: &mut ConfigTree, st: &mut Stmt, parent: Option<LineId>, text: &str) {
    if st.words == 0 && st.list.is_empty() {
        *st = Stmt::default();
        return;
    }
    if st.list.is_empty() {
        let id = tree.push_span(parent, st.start..st.end, st.line, 0);
        let l = tree.line_mut(id);
        l.inactive = st.inactive;
        l.tag = st.tag;
    } else {
        let head = if st.words > 0 {
            &text[st.start..st.end]
        } else {
            ""
        };
        for &(s, e) in &st.list {
            let item = &text[s..e];
            let t = if head.is_empty() {
                item.to_string()
            } else {
                format!("{head} {item}")
            };
            let id = tree.push(parent, &t);
            let l = tree.line_mut(id);
            l.source_line = st.line;
            l.span = (st.start as u32, e as u32);
            l.inactive = st.inactive;
            l.tag = st.tag;
        }
    }
    *st = Stmt::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    const MX: &str = r#"## Last commit: 2026-11-20 10:00:00 UTC by admin
version 22.4R3.25;
system {
    host-name ams1-core-01;
    /* managed by unetc */
    login {
        message "Authorized { only }; go away";
        user admin {
            uid 2000;
            class super-user;
            authentication {
                encrypted-password "$6$abc;def"; ## SECRET-DATA
            }
        }
    }
    name-server [ 10.0.0.53 10.0.1.53 ];
}
interfaces {
    inactive: xe-0/1/0 {
        description "to ams1-dist-01";
        unit 0 {
            family inet {
                address 10.0.0.0/31;
            }
        }
    }
}
replace: protocols {
    lldp {
        interface all;
    }
}
"#;

    #[test]
    fn braces_lists_tags_and_quotes() {
        let (t, d) = parse(MX, FileId(0));
        assert!(d.is_empty(), "{d:?}");
        let tops: Vec<&str> = t.roots.iter().map(|&r| t.text(r)).collect();
        assert_eq!(
            tops,
            ["version 22.4R3.25", "system", "interfaces", "protocols"]
        );
        let flat = t.flatten();
        assert!(
            flat.contains(&"set system login message \"Authorized { only }; go away\"".to_string())
        );
        assert!(flat.contains(&"set system name-server 10.0.0.53".to_string()));
        assert!(flat.contains(&"set system name-server 10.0.1.53".to_string()));
        assert!(flat.contains(&"deactivate interfaces xe-0/1/0".to_string()));
        assert!(flat.contains(
            &"set interfaces xe-0/1/0 unit 0 family inet address 10.0.0.0/31".to_string()
        ));
        assert_eq!(t.line(t.roots[3]).tag, Some("replace"));
        let sys = t.roots[1];
        assert_eq!(t.line(sys).source_line, 3);
    }

    #[test]
    fn errors() {
        let (_, d) = parse("system {\n host-name a;\n}\n}\n", FileId(0));
        assert_eq!(d[0].code, "E0602");
        let (_, d) = parse("system {\n host-name a;\n", FileId(0));
        assert_eq!(d[0].code, "E0603");
        let (_, d) = parse("system {\n host-name \"a;\n}\n", FileId(0));
        assert_eq!(d[0].code, "E0604");
        let (_, d) = parse("system {\n host-name a\n}\n", FileId(0));
        assert_eq!(d[0].code, "E0605");
        let (_, d) = parse("x [ a b;\n", FileId(0));
        assert_eq!(d[0].code, "E0604");
    }
}
