//! The policy parser (chumsky over the lexer's tokens): tokens → [`ast::Rule`]s.
//!
//! Input: one policy file. Output: its rules and `E02xx` diagnostics. The
//! parser recovers at rule boundaries (`WHEN`, `RULE`, `PRIORITY`), so one run
//! reports a syntax error in every broken rule and keeps every good one.
//! Grammar: `lang/grammar.ebnf`.

use super::ast::{Action, CmpOp, Expr, Operand, Regex, Rule};
use super::lexer::{self, Kw, Token, KEYWORDS};
use crate::diag::{Diagnostic, FileId, Span};
use crate::value::Value;
use chumsky::error::{RichPattern, RichReason};
use chumsky::input::ValueInput;
use chumsky::prelude::*;

type Err<'a> = extra::Err<Rich<'a, Token, SimpleSpan>>;

/// Parses one policy file. Never fails; rules that cannot be read are
/// reported and left out.
pub fn parse(file: FileId, text: &str) -> (Vec<Rule>, Vec<Diagnostic>) {
    let (tokens, mut diags) = lexer::lex(file, text);
    let eoi: SimpleSpan = (text.len()..text.len()).into();
    let (rules, errs) = program(file)
        .parse(tokens.as_slice().map(eoi, |(t, s)| (t, s)))
        .into_output_errors();
    // A parse error in a rule that already has a lexer error is usually its
    // echo (an unterminated string swallowed the rest of the line): skip it.
    let lex_errors: Vec<u32> = diags
        .iter()
        .filter_map(|d| d.primary.as_ref().map(|l| l.span.start))
        .collect();
    for e in errs {
        let at = e.span().start;
        let rule_start = tokens
            .iter()
            .filter(|(t, s)| {
                s.start <= at && matches!(t, Token::Kw(Kw::When | Kw::Rule | Kw::Priority))
            })
            .map(|(_, s)| s.start)
            .next_back()
            .unwrap_or(0);
        let next_rule = tokens
            .iter()
            .find(|(t, s)| {
                s.start > at && matches!(t, Token::Kw(Kw::When | Kw::Rule | Kw::Priority))
            })
            .map_or(usize::MAX, |(_, s)| s.start);
        if lex_errors
            .iter()
            .any(|&l| l as usize >= rule_start && (l as usize) < next_rule)
        {
            continue;
        }
        if let Some(d) = to_diagnostic(file, &e) {
            diags.push(d);
        }
    }
    (
        rules.unwrap_or_default().into_iter().flatten().collect(),
        diags,
    )
}

fn sp(file: FileId, s: SimpleSpan) -> Span {
    Span::new(file, s.start..s.end)
}

fn kw<'a, I>(k: Kw) -> impl Parser<'a, I, Token, Err<'a>> + Clone
where
    I: ValueInput<'a, Token = Token, Span = SimpleSpan>,
{
    just(Token::Kw(k))
}

fn operand<'a, I>(file: FileId) -> impl Parser<'a, I, Operand, Err<'a>> + Clone
where
    I: ValueInput<'a, Token = Token, Span = SimpleSpan>,
{
    recursive(move |operand| {
        let lit = select! {
            Token::Str(s) => Value::Str(s),
            Token::Int(i) => Value::Int(i),
            Token::Float(x) => Value::Float(x),
            Token::Bool(b) => Value::Bool(b),
            Token::Null => Value::Null,
            Token::Kw(Kw::Null) => Value::Null,
        }
        .map_with(move |v, e| Operand::Lit(v, sp(file, e.span())))
        .labelled("value");
        let ident = select! { Token::Ident(s) => s }.map_with(move |s, e| (s, sp(file, e.span())));
        let list = operand
            .clone()
            .separated_by(just(Token::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(just(Token::LBrack), just(Token::RBrack))
            .map_with(move |items, e| Operand::List(items, sp(file, e.span())))
            .labelled("list");
        let call = ident
            .then(
                operand
                    .separated_by(just(Token::Comma))
                    .collect::<Vec<_>>()
                    .delimited_by(just(Token::LParen), just(Token::RParen)),
            )
            .map_with(move |((name, nspan), args), e| {
                Operand::Call(name, nspan, args, sp(file, e.span()))
            });
        // after a dot, any word is a field name (`custom_data.null`, `custom_data.IN`)
        let seg = select! {
            Token::Ident(s) => s,
            Token::Null => "null".to_string(),
            Token::Bool(b) => b.to_string(),
            Token::Kw(k) => k.as_str().to_string(),
        }
        .map_with(move |s, e| (s, sp(file, e.span())))
        .labelled("field name");
        let path = ident
            .then(
                just(Token::Dot)
                    .ignore_then(seg)
                    .repeated()
                    .collect::<Vec<_>>(),
            )
            .map_with(move |(first, mut rest), e| {
                rest.insert(0, first);
                Operand::Path(rest, sp(file, e.span()))
            })
            .labelled("field path");
        choice((lit, list, call, path)).labelled("value or field path")
    })
}

fn condition<'a, I>(file: FileId) -> impl Parser<'a, I, Expr, Err<'a>> + Clone
where
    I: ValueInput<'a, Token = Token, Span = SimpleSpan>,
{
    recursive(move |cond| {
        let operand = operand(file);
        let regex = select! { Token::Regex(b, f) => (b, f) }
            .map_with(move |(body, flags), e| Regex {
                body,
                flags,
                span: sp(file, e.span()),
            })
            .labelled("regex literal `/…/`");
        let op = select! { Token::Op(o) => o }.labelled("comparison operator");
        #[derive(Clone)]
        enum Tail {
            Cmp(CmpOp, Operand),
            Matches(Regex),
            IsNull(bool),
            In(Operand, bool),
        }
        let tail = choice((
            op.then(operand.clone()).map(|(o, r)| Tail::Cmp(o, r)),
            kw(Kw::Contains)
                .ignore_then(operand.clone())
                .map(|r| Tail::Cmp(CmpOp::Contains, r)),
            kw(Kw::Matches).ignore_then(regex).map(Tail::Matches),
            kw(Kw::Is)
                .then(kw(Kw::Not))
                .then(kw(Kw::Null))
                .to(Tail::IsNull(true)),
            kw(Kw::Is).then(kw(Kw::Null)).to(Tail::IsNull(false)),
            kw(Kw::Is)
                .then(kw(Kw::Not))
                .ignore_then(operand.clone())
                .map(|r| Tail::Cmp(CmpOp::Ne, r)),
            kw(Kw::Is)
                .ignore_then(operand.clone())
                .map(|r| Tail::Cmp(CmpOp::Eq, r)),
            kw(Kw::Not)
                .then(kw(Kw::In))
                .ignore_then(operand.clone())
                .map(|r| Tail::In(r, true)),
            kw(Kw::In)
                .ignore_then(operand.clone())
                .map(|r| Tail::In(r, false)),
        ));
        let comparison = operand.then(tail.or_not()).map_with(move |(l, t), e| {
            let s = sp(file, e.span());
            match t {
                None => Expr::Truthy(l, s),
                Some(Tail::Cmp(o, r)) => Expr::Cmp(l, o, r, s),
                Some(Tail::Matches(re)) => Expr::Matches(l, re, s),
                Some(Tail::IsNull(n)) => Expr::IsNull(l, n, s),
                Some(Tail::In(r, n)) => Expr::In(l, r, n, s),
            }
        });
        let atom = cond
            .delimited_by(just(Token::LParen), just(Token::RParen))
            .or(comparison)
            .labelled("condition");
        let not = kw(Kw::Not)
            .map_with(move |_, e| sp(file, e.span()))
            .repeated()
            .foldr(atom, |ns: Span, e: Expr| {
                let s = union(ns, e.span());
                Expr::Not(Box::new(e), s)
            });
        let and = not
            .clone()
            .foldl(kw(Kw::And).ignore_then(not).repeated(), |a, b| {
                let s = union(a.span(), b.span());
                Expr::And(Box::new(a), Box::new(b), s)
            });
        and.clone()
            .foldl(kw(Kw::Or).ignore_then(and).repeated(), |a, b| {
                let s = union(a.span(), b.span());
                Expr::Or(Box::new(a), Box::new(b), s)
            })
    })
}

fn union(a: Span, b: Span) -> Span {
    Span {
        file: a.file,
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

fn program<'a, I>(file: FileId) -> impl Parser<'a, I, Vec<Option<Rule>>, Err<'a>>
where
    I: ValueInput<'a, Token = Token, Span = SimpleSpan>,
{
    let string = select! { Token::Str(s) => s }
        .map_with(move |s, e| (s, sp(file, e.span())))
        .labelled("string");
    let int = select! { Token::Int(i) => i }.labelled("integer");
    let path = operand(file).labelled("`custom_data.…` path");
    let action = choice((
        kw(Kw::Assert)
            .ignore_then(condition(file))
            .map_with(move |c, e| Action::Assert(c, sp(file, e.span()))),
        kw(Kw::Set)
            .ignore_then(path)
            .then_ignore(kw(Kw::To))
            .then(operand(file))
            .map_with(move |(p, v), e| Action::Set(p, v, sp(file, e.span()))),
        kw(Kw::Apply)
            .ignore_then(string)
            .map_with(move |(t, ts), e| Action::Apply(t, ts, sp(file, e.span()))),
    ))
    .labelled("action (`ASSERT`, `SET` or `APPLY`)");
    let header = choice((
        kw(Kw::Rule)
            .ignore_then(string)
            .then(kw(Kw::Priority).ignore_then(int).or_not())
            .map(|(n, p)| (Some(n), p.unwrap_or(0))),
        kw(Kw::Priority).ignore_then(int).map(|p| (None, p)),
    ))
    .then_ignore(just(Token::Colon));
    let rule = header
        .or_not()
        .then_ignore(kw(Kw::When))
        .then(condition(file))
        .then(
            kw(Kw::Then)
                .ignore_then(action)
                .repeated()
                .at_least(1)
                .collect::<Vec<_>>(),
        )
        .map_with(move |((h, cond), actions), e| {
            let (name, priority) = h.unwrap_or((None, 0));
            Some(Rule {
                file,
                name,
                priority,
                cond,
                actions,
                span: sp(file, e.span()),
            })
        });
    let rule_start = one_of([
        Token::Kw(Kw::When),
        Token::Kw(Kw::Rule),
        Token::Kw(Kw::Priority),
    ]);
    let recovery = any()
        .then(any().and_is(rule_start.not()).repeated())
        .to(None);
    rule.recover_with(via_parser(recovery))
        .repeated()
        .collect::<Vec<_>>()
        .then_ignore(end())
}

/// Turns a chumsky error into an `E0201` diagnostic (or nothing, when the
/// lexer already reported the token the parser stumbled on).
fn to_diagnostic(file: FileId, e: &Rich<'_, Token, SimpleSpan>) -> Option<Diagnostic> {
    let span = sp(file, *e.span());
    let (expected, found) = match e.reason() {
        RichReason::ExpectedFound { expected, found } => {
            (expected.clone(), found.as_deref().cloned())
        }
        RichReason::Custom(m) => {
            return Some(
                Diagnostic::error("E0201", m.clone())
                    .with_label(span, "here")
                    .with_help("see lang/grammar.ebnf"),
            )
        }
    };
    if matches!(found, Some(Token::Bad(_))) {
        return None;
    }
    let mut exp: Vec<String> = expected
        .iter()
        .filter_map(|p| match p {
            RichPattern::Token(t) => Some(t.to_string()),
            RichPattern::Label(l) => Some(l.to_string()),
            RichPattern::Identifier(i) => Some(format!("`{i}`")),
            RichPattern::EndOfInput => Some("end of file".into()),
            RichPattern::Any | RichPattern::SomethingElse => None,
        })
        .collect();
    exp.sort();
    exp.dedup();
    let exp_text = match exp.len() {
        0 => "something else".to_string(),
        1 => exp[0].clone(),
        _ => {
            let (last, init) = exp.split_last().unwrap_or((&exp[0], &[]));
            format!("{} or {last}", init.join(", "))
        }
    };
    let found_text = found
        .as_ref()
        .map_or("end of file".to_string(), |t| t.to_string());
    let has = |s: &str| exp.iter().any(|x| x.contains(s));
    let help = match &found {
        Some(Token::Ident(w)) if KEYWORDS.iter().any(|(k, _)| k.eq_ignore_ascii_case(w)) => {
            format!("keywords are upper case: write `{}`", w.to_ascii_uppercase())
        }
        Some(Token::Kw(Kw::When)) | None if has("`THEN`") => {
            "a rule is `WHEN <condition> THEN <action>`; this one has no `THEN`".to_string()
        }
        Some(Token::Kw(Kw::Null)) | Some(Token::Null) if has("comparison") => {
            "test for a missing value with `IS NULL` or `IS NOT NULL`".to_string()
        }
        _ if has("action") => {
            "an action is `ASSERT <condition>`, `SET custom_data.<path> TO <value>` or `APPLY \"<template>\"`".to_string()
        }
        _ if has("`TO`") => "write `SET custom_data.<path> TO <value>`".to_string(),
        _ if has("`:`") => "a rule header is `RULE \"name\" PRIORITY <n>:` followed by `WHEN …`".to_string(),
        _ if has("`WHEN`") => "every rule starts with `WHEN` (optionally after `RULE \"name\" PRIORITY <n>:`)".to_string(),
        _ if has("regex") => "write a regex literal as `/pattern/flags`, e.g. `/^C9[23]00/i`".to_string(),
        None => "the file ends in the middle of a rule".to_string(),
        _ => "see the grammar in lang/grammar.ebnf, or run `unetc explain E0201`".to_string(),
    };
    let message = if exp.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {exp_text}, found {found_text}")
    };
    Some(
        Diagnostic::error("E0201", message)
            .with_label(span, format!("expected {exp_text}"))
            .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<Rule> {
        let (r, d) = parse(FileId(0), s);
        assert!(d.is_empty(), "{d:?}");
        r
    }

    fn shape(e: &Expr) -> String {
        match e {
            Expr::And(a, b, _) => format!("({} AND {})", shape(a), shape(b)),
            Expr::Or(a, b, _) => format!("({} OR {})", shape(a), shape(b)),
            Expr::Not(a, _) => format!("NOT {}", shape(a)),
            Expr::Truthy(Operand::Path(p, _), _) => p[0].0.clone(),
            Expr::Cmp(..) => "cmp".into(),
            Expr::IsNull(..) => "isnull".into(),
            _ => "?".into(),
        }
    }

    #[test]
    fn precedence_not_and_or() {
        let r = p("WHEN a OR NOT b AND c OR d THEN APPLY \"t\"");
        assert_eq!(shape(&r[0].cond), "((a OR (NOT b AND c)) OR d)");
        let r = p("WHEN (a OR b) AND c THEN APPLY \"t\"");
        assert_eq!(shape(&r[0].cond), "((a OR b) AND c)");
        let r = p("WHEN NOT x IS NULL THEN APPLY \"t\"");
        assert_eq!(shape(&r[0].cond), "NOT isnull");
    }

    #[test]
    fn header_and_actions() {
        let r = p("RULE \"ntp\" PRIORITY 10:\nWHEN node.vendor == \"cisco\"\nTHEN SET custom_data.ntp.servers TO [\"10.0.0.1\"]\nTHEN APPLY \"templates/x.j2\"\nPRIORITY -2: WHEN true THEN ASSERT node.name IS NOT NULL");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].name.as_ref().unwrap().0, "ntp");
        assert_eq!(r[0].priority, 10);
        assert_eq!(r[0].actions.len(), 2);
        assert_eq!(r[1].priority, -2);
    }

    #[test]
    fn every_broken_rule_is_reported() {
        let src =
            "WHEN a == THEN APPLY \"x\"\nWHEN b == 1 APPLY \"y\"\nWHEN c == 1 THEN APPLY \"z\"\n";
        let (r, d) = parse(FileId(0), src);
        assert_eq!(r.len(), 1, "the good rule is kept");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|d| d.code == "E0201"));
    }

    #[test]
    fn lowercase_keyword_hint() {
        let (_, d) = parse(FileId(0), "WHEN a == 1 and b == 2 THEN APPLY \"x\"");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].help.as_deref().unwrap().contains("`AND`"), "{d:?}");
    }
}
