//! The policy lexer: text → tokens (chumsky over `&str`), then "cooking":
//! string escapes, regex literals and numbers turned into values.
//!
//! Input: one policy file's text. Output: tokens with byte spans, plus
//! diagnostics `E0202` (unterminated string), `E0203` (bad escape), `E0204`
//! (unterminated regex), `E0205` (unknown regex flag), `E0206` (unexpected
//! character) and `E0207` (number out of range). The lexer never fails: an
//! unexpected character becomes [`Token::Bad`], which the parser treats as an
//! error it must not report twice.

use super::ast::CmpOp;
use crate::diag::{Diagnostic, FileId, Span};
use chumsky::prelude::*;
use std::fmt;

/// A keyword. Keywords are upper case; `true`, `false` and `null` are lower case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kw {
    When,
    Then,
    And,
    Or,
    Not,
    In,
    Is,
    Null,
    Contains,
    Matches,
    Assert,
    Set,
    To,
    Apply,
    Rule,
    Priority,
}

/// Every keyword with its spelling.
pub const KEYWORDS: &[(&str, Kw)] = &[
    ("WHEN", Kw::When),
    ("THEN", Kw::Then),
    ("AND", Kw::And),
    ("OR", Kw::Or),
    ("NOT", Kw::Not),
    ("IN", Kw::In),
    ("IS", Kw::Is),
    ("NULL", Kw::Null),
    ("CONTAINS", Kw::Contains),
    ("MATCHES", Kw::Matches),
    ("ASSERT", Kw::Assert),
    ("SET", Kw::Set),
    ("TO", Kw::To),
    ("APPLY", Kw::Apply),
    ("RULE", Kw::Rule),
    ("PRIORITY", Kw::Priority),
];

impl Kw {
    pub fn as_str(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("?", |(s, _)| s)
    }
}

/// A cooked token.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Kw(Kw),
    Ident(String),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    /// `/body/flags` with `\/` already turned into `/`.
    Regex(String, String),
    Dot,
    Comma,
    Colon,
    LParen,
    RParen,
    LBrack,
    RBrack,
    Op(CmpOp),
    /// A character that starts no token (reported by the lexer as `E0206`).
    Bad(char),
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Kw(k) => write!(f, "`{}`", k.as_str()),
            Token::Ident(s) => write!(f, "`{s}`"),
            Token::Str(s) => write!(f, "string {s:?}"),
            Token::Int(i) => write!(f, "`{i}`"),
            Token::Float(x) => write!(f, "`{x}`"),
            Token::Bool(b) => write!(f, "`{b}`"),
            Token::Null => f.write_str("`null`"),
            Token::Regex(b, fl) => write!(f, "regex `/{b}/{fl}`"),
            Token::Dot => f.write_str("`.`"),
            Token::Comma => f.write_str("`,`"),
            Token::Colon => f.write_str("`:`"),
            Token::LParen => f.write_str("`(`"),
            Token::RParen => f.write_str("`)`"),
            Token::LBrack => f.write_str("`[`"),
            Token::RBrack => f.write_str("`]`"),
            Token::Op(o) => write!(f, "`{}`", o.as_str()),
            Token::Bad(c) => write!(f, "`{c}`"),
        }
    }
}

#[derive(Clone, Debug)]
enum Raw<'s> {
    Word(&'s str),
    Str(&'s str),
    Num(&'s str),
    Regex(&'s str),
    Op(CmpOp),
    Ctrl(char),
    Bad(char),
}

fn raw_lexer<'s>(
) -> impl Parser<'s, &'s str, Vec<(Raw<'s>, SimpleSpan)>, extra::Err<Rich<'s, char>>> {
    let num = just('-')
        .or_not()
        .then(text::digits(10))
        .then(just('.').then(text::digits(10)).or_not())
        .to_slice()
        .map(Raw::Num);
    let string = just('"')
        .then(
            choice((
                just('\\').then(none_of('\n')).ignored(),
                none_of("\"\\\n").ignored(),
            ))
            .repeated(),
        )
        .then(just('"').or_not())
        .to_slice()
        .map(Raw::Str);
    let regex = just('/')
        .then(
            choice((
                just('\\').then(none_of('\n')).ignored(),
                none_of("/\\\n").ignored(),
            ))
            .repeated(),
        )
        .then(
            just('/')
                .then(
                    any()
                        .filter(|c: &char| c.is_ascii_alphanumeric())
                        .repeated(),
                )
                .or_not(),
        )
        .to_slice()
        .map(Raw::Regex);
    let word = any()
        .filter(|c: &char| c.is_ascii_alphabetic() || *c == '_')
        .then(
            any()
                .filter(|c: &char| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .repeated(),
        )
        .to_slice()
        .map(Raw::Word);
    let op = choice((
        just("==").to(CmpOp::Eq),
        just("!=").to(CmpOp::Ne),
        just("<=").to(CmpOp::Le),
        just(">=").to(CmpOp::Ge),
        just("<").to(CmpOp::Lt),
        just(">").to(CmpOp::Gt),
    ))
    .map(Raw::Op);
    let ctrl = one_of(".,:()[]").map(Raw::Ctrl);
    let bad = any().map(Raw::Bad);
    let token = choice((num, string, regex, word, op, ctrl, bad));
    let comment = just('#').then(none_of('\n').repeated()).ignored();
    let skip = choice((
        comment,
        any().filter(|c: &char| c.is_whitespace()).ignored(),
    ))
    .repeated();
    skip.ignore_then(token.map_with(|t, e| (t, e.span())))
        .repeated()
        .collect()
        .then_ignore(skip)
}

/// Lexes a policy file. Never fails; problems become diagnostics.
pub fn lex(file: FileId, text: &str) -> (Vec<(Token, SimpleSpan)>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let raw = raw_lexer().parse(text).into_output().unwrap_or_default();
    let mut out: Vec<(Token, SimpleSpan)> = Vec::with_capacity(raw.len());
    for (r, s) in raw {
        let span = Span::new(file, s.start..s.end);
        let tok = match r {
            Raw::Word(w) => match w {
                "true" => Token::Bool(true),
                "false" => Token::Bool(false),
                "null" => Token::Null,
                _ => match KEYWORDS.iter().find(|(k, _)| *k == w) {
                    Some((_, k)) => Token::Kw(*k),
                    None => Token::Ident(w.to_string()),
                },
            },
            Raw::Str(raw) => Token::Str(cook_string(raw, span, &mut diags)),
            Raw::Num(n) => cook_number(n, span, &mut diags),
            Raw::Regex(raw) => cook_regex(raw, span, &mut diags),
            Raw::Op(o) => Token::Op(o),
            Raw::Ctrl(c) => match c {
                '.' => Token::Dot,
                ',' => Token::Comma,
                ':' => Token::Colon,
                '(' => Token::LParen,
                ')' => Token::RParen,
                '[' => Token::LBrack,
                _ => Token::RBrack,
            },
            Raw::Bad(c) => {
                // `&&`, `||`: one diagnostic for the run
                let extends =
                    matches!(out.last(), Some((Token::Bad(p), ps)) if *p == c && ps.end == s.start);
                match diags
                    .last_mut()
                    .and_then(|d: &mut Diagnostic| d.primary.as_mut())
                {
                    Some(l) if extends && l.span.end == span.start => l.span.end = span.end,
                    _ => diags.push(bad_char(c, span)),
                }
                Token::Bad(c)
            }
        };
        out.push((tok, s));
    }
    (out, diags)
}

fn bad_char(c: char, span: Span) -> Diagnostic {
    let help = match c {
        '=' => "compare with `==` (or `IS`)".to_string(),
        '!' => "negate a condition with `NOT`; compare with `!=`".to_string(),
        '&' => "combine conditions with `AND`".to_string(),
        '|' => "combine conditions with `OR`".to_string(),
        '\'' => "strings are written in double quotes: `\"…\"`".to_string(),
        ';' => "rules need no terminator; start the next rule with `WHEN`".to_string(),
        _ => format!("remove `{c}`; see the grammar in lang/grammar.ebnf"),
    };
    Diagnostic::error(
        "E0206",
        format!("unexpected character `{}`", c.escape_debug()),
    )
    .with_label(span, "not part of any token")
    .with_help(help)
}

/// Turns `"…"` (quotes included) into its value, reporting bad escapes.
fn cook_string(raw: &str, span: Span, diags: &mut Vec<Diagnostic>) -> String {
    let terminated =
        raw.len() >= 2 && raw.ends_with('"') && !ends_with_escape(&raw[1..raw.len() - 1]);
    if !terminated {
        diags.push(
            Diagnostic::error("E0202", "unterminated string")
                .with_label(span, "this string has no closing `\"`")
                .with_help(
                    "close the string with `\"` on the same line (write a newline as `\\n`)",
                ),
        );
    }
    let body = if terminated {
        &raw[1..raw.len() - 1]
    } else {
        &raw[1..]
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let at = 1 + i;
        let Some((_, e)) = chars.next() else { break };
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'u' => {
                // \u{XXXX}
                let rest = &body[i + 2..];
                let ok = rest
                    .strip_prefix('{')
                    .and_then(|r| r.find('}').map(|end| &r[..end]));
                match ok.and_then(|hex| {
                    u32::from_str_radix(hex, 16)
                        .ok()
                        .filter(|_| !hex.is_empty() && hex.len() <= 6)
                        .and_then(char::from_u32)
                        .map(|c| (c, hex.len()))
                }) {
                    Some((ch, n)) => {
                        out.push(ch);
                        for _ in 0..n + 2 {
                            chars.next();
                        }
                    }
                    None => {
                        let len = ok.map_or(2, |h| h.len() + 4);
                        diags.push(
                            Diagnostic::error("E0203", "invalid unicode escape")
                                .with_label(span.sub(at..(at + len).min(raw.len())), "not a valid `\\u{…}` escape")
                                .with_help("write a unicode escape as `\\u{1F600}`: 1 to 6 hex digits of a valid code point"),
                        );
                    }
                }
            }
            other => {
                diags.push(
                    Diagnostic::error("E0203", format!("unknown escape `\\{}`", other.escape_debug()))
                        .with_label(span.sub(at..at + 1 + other.len_utf8()), "unknown escape")
                        .with_help("valid escapes are `\\n`, `\\t`, `\\r`, `\\0`, `\\\"`, `\\\\` and `\\u{…}`; write a backslash as `\\\\`"),
                );
                out.push(other);
            }
        }
    }
    out
}

fn ends_with_escape(body: &str) -> bool {
    body.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

fn cook_number(n: &str, span: Span, diags: &mut Vec<Diagnostic>) -> Token {
    if n.contains('.') {
        return Token::Float(n.parse().unwrap_or(0.0));
    }
    match n.parse::<i64>() {
        Ok(i) => Token::Int(i),
        Err(_) => {
            diags.push(
                Diagnostic::error("E0207", format!("integer `{n}` is out of range"))
                    .with_label(span, "does not fit in 64 bits")
                    .with_help("integers are 64-bit signed (−9223372036854775808 to 9223372036854775807); use a string for longer numbers"),
            );
            Token::Int(0)
        }
    }
}

/// Regex flags the language accepts (they map to the regex crate's inline flags).
pub const REGEX_FLAGS: &str = "imsxU";

fn cook_regex(raw: &str, span: Span, diags: &mut Vec<Diagnostic>) -> Token {
    // find the closing slash: the last unescaped '/' after the first
    let bytes = raw.as_bytes();
    let mut i = 1;
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
    let Some(close) = close else {
        diags.push(
            Diagnostic::error("E0204", "unterminated regex literal")
                .with_label(span, "this regex has no closing `/`")
                .with_help(
                    "close the regex with `/` on the same line; write a slash inside it as `\\/`",
                ),
        );
        return Token::Regex(raw[1..].replace("\\/", "/"), String::new());
    };
    let body = raw[1..close].replace("\\/", "/");
    let flags = &raw[close + 1..];
    for (k, c) in flags.char_indices() {
        if !REGEX_FLAGS.contains(c) || flags[..k].contains(c) {
            let at = close + 1 + k;
            diags.push(
                Diagnostic::error("E0205", format!("unknown regex flag `{c}`"))
                    .with_label(span.sub(at..at + c.len_utf8()), if flags[..k].contains(c) { "repeated flag" } else { "unknown flag" })
                    .with_help("regex flags are `i` (ignore case), `m` (multi-line), `s` (dot matches newline), `x` (verbose) and `U` (swap greed)"),
            );
        }
    }
    let flags: String = flags.chars().filter(|c| REGEX_FLAGS.contains(*c)).collect();
    Token::Regex(body, flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token> {
        let (t, d) = lex(FileId(0), s);
        assert!(d.is_empty(), "{d:?}");
        t.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn escapes_are_real() {
        assert_eq!(
            toks(r#""a\n\t\"\\\u{41}""#),
            vec![Token::Str("a\n\t\"\\A".into())]
        );
    }

    #[test]
    fn regex_and_flags() {
        assert_eq!(
            toks(r"/^C9[23]00\/x/i"),
            vec![Token::Regex("^C9[23]00/x".into(), "i".into())]
        );
    }

    #[test]
    fn keywords_numbers_comments() {
        assert_eq!(
            toks("WHEN x >= -3 # c\n AND 1.5 null"),
            vec![
                Token::Kw(Kw::When),
                Token::Ident("x".into()),
                Token::Op(CmpOp::Ge),
                Token::Int(-3),
                Token::Kw(Kw::And),
                Token::Float(1.5),
                Token::Null
            ]
        );
    }

    #[test]
    fn bad_escape_and_unterminated() {
        let (_, d) = lex(FileId(0), "\"a\\q\" \"open");
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["E0203", "E0202"]);
        assert_eq!(d[0].primary.as_ref().unwrap().span.range(), 2..4);
    }
}
