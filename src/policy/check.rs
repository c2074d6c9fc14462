//! The policy typechecker: AST → [`Program`], checked against the schema.
//!
//! Input: parsed rules, the project (template paths, source text) and the
//! inventory (custom_data keys and their types). Output: the compiled program
//! (rules with errors are left out) and `E03xx` diagnostics: unknown field
//! (`E0301`), type mismatch (`E0302`), ordering on non-numbers (`E0303`), enum
//! literal not in the enum (`E0304`), invalid regex (`E0305`), missing template
//! (`E0306`), SET outside custom_data (`E0307`), conflicting SET types
//! (`E0308`), unknown function (`E0309`), duplicate rule name (`E0310`) and an
//! unknown custom_data path (warning `W0311`).

use super::ast::{Action, CmpOp, Expr, Operand, Rule};
use super::program::{Access, CAction, CExpr, COp, CRule, Program};
use super::RuleRef;
use crate::diag::{did_you_mean, unknown_name_help, Diagnostic, Span};
use crate::facts::FACT_FIELDS;
use crate::inventory::model::{FieldType, LOCATION_FIELDS, NODE_FIELDS};
use crate::inventory::Inventory;
use crate::project::Project;
use crate::value::Value;
use std::collections::BTreeMap;

/// A static type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Str,
    Num,
    Bool,
    Null,
    List,
    Map,
    Enum(&'static [&'static str]),
    Version,
    /// Unknown until run time (custom data of mixed types, facts lists, …).
    Any,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Str | Ty::Enum(_) => "string",
            Ty::Num => "number",
            Ty::Bool => "boolean",
            Ty::Null => "null",
            Ty::List => "list",
            Ty::Map => "map",
            Ty::Version => "version",
            Ty::Any => "any",
        }
    }
    fn of_value(v: &Value) -> Ty {
        match v {
            Value::Null => Ty::Null,
            Value::Bool(_) => Ty::Bool,
            Value::Int(_) | Value::Float(_) => Ty::Num,
            Value::Str(_) => Ty::Str,
            Value::List(_) => Ty::List,
            Value::Map(_) => Ty::Map,
        }
    }
    fn of_field(f: FieldType) -> Ty {
        match f {
            FieldType::Str | FieldType::Ip | FieldType::Cidr => Ty::Str,
            FieldType::Enum(e) => Ty::Enum(e),
            FieldType::Int => Ty::Num,
        }
    }
    fn stringy(self) -> bool {
        matches!(self, Ty::Str | Ty::Enum(_))
    }
}

/// Whether two types may be compared with `==`.
fn compatible(a: Ty, b: Ty) -> bool {
    a == Ty::Any
        || b == Ty::Any
        || a == Ty::Null
        || b == Ty::Null
        || (a.stringy() && b.stringy())
        || a == b
}

/// The custom_data keys known to the program: inventory columns and SET paths.
struct CustomSchema {
    /// Dotted path → type (Map for inner nodes).
    keys: BTreeMap<String, Ty>,
}

impl CustomSchema {
    fn from_inventory(inv: &Inventory) -> CustomSchema {
        let mut keys = BTreeMap::new();
        fn walk(prefix: &str, v: &Value, keys: &mut BTreeMap<String, Ty>) {
            if let Value::Map(m) = v {
                for (k, v) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    let t = Ty::of_value(v);
                    if t != Ty::Null {
                        let e = keys.entry(p.clone()).or_insert(t);
                        if *e != t {
                            *e = Ty::Any;
                        }
                    }
                    walk(&p, v, keys);
                }
            }
        }
        for n in &inv.nodes {
            walk("", &n.custom_data, &mut keys);
        }
        CustomSchema { keys }
    }

    fn add(&mut self, path: &str, t: Ty) {
        let mut acc = String::new();
        let segs: Vec<&str> = path.split('.').collect();
        for (i, s) in segs.iter().enumerate() {
            if i > 0 {
                acc.push('.');
            }
            acc.push_str(s);
            let t = if i + 1 == segs.len() { t } else { Ty::Map };
            let e = self.keys.entry(acc.clone()).or_insert(t);
            if *e != t && t != Ty::Null {
                *e = if *e == Ty::Null { t } else { Ty::Any };
            }
        }
    }
}

struct Checker<'a> {
    project: &'a Project,
    custom: CustomSchema,
    diags: Vec<Diagnostic>,
    uses_facts: bool,
}

/// Typechecks parsed rules and compiles them into a [`Program`].
pub fn check(
    rules: Vec<Rule>,
    project: &Project,
    inventory: &Inventory,
) -> (Program, Vec<Diagnostic>) {
    let mut c = Checker {
        project,
        custom: CustomSchema::from_inventory(inventory),
        diags: Vec::new(),
        uses_facts: false,
    };
    // SET paths are known custom_data keys everywhere in the program; their
    // types must agree.
    let mut set_types: BTreeMap<String, (Ty, Span)> = BTreeMap::new();
    for r in &rules {
        for a in &r.actions {
            if let Action::Set(Operand::Path(segs, _), v, _) = a {
                if segs.len() >= 2 && segs[0].0 == "custom_data" {
                    let path: Vec<&str> = segs[1..].iter().map(|s| s.0.as_str()).collect();
                    let path = path.join(".");
                    let t = match v {
                        Operand::Lit(v, _) => Ty::of_value(v),
                        Operand::List(..) => Ty::List,
                        _ => Ty::Any,
                    };
                    match set_types.get(&path) {
                        Some((t0, s0))
                            if *t0 != Ty::Null
                                && t != Ty::Null
                                && !(t == *t0 || *t0 == Ty::Any || t == Ty::Any) =>
                        {
                            c.diags.push(
                                Diagnostic::error("E0308", format!("`custom_data.{path}` is set to a {} here but to a {} elsewhere", t.name(), t0.name()))
                                    .with_label(v.span(), format!("a {}", t.name()))
                                    .with_secondary(*s0, format!("set to a {} here", t0.name()))
                                    .with_help("give every SET of one path values of one type; templates read it as one type"),
                            );
                        }
                        Some(_) => {}
                        None => {
                            set_types.insert(path.clone(), (t, v.span()));
                        }
                    }
                    c.custom.add(&path, t);
                }
            }
        }
    }
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    let mut out = Vec::new();
    let mut skipped = 0;
    for r in rules {
        let before = c.error_count();
        if let Some((n, s)) = &r.name {
            if let Some(first) = names.get(n) {
                c.diags.push(
                    Diagnostic::error("E0310", format!("rule `{n}` is defined twice"))
                        .with_label(*s, "second definition")
                        .with_secondary(*first, "first defined here")
                        .with_help(
                            "rule names identify rules in reports; give each rule its own name",
                        ),
                );
            } else {
                names.insert(n.clone(), *s);
            }
        }
        let cond = c.expr(&r.cond);
        let mut actions = Vec::new();
        for a in &r.actions {
            if let Some(a) = c.action(a) {
                actions.push(a);
            }
        }
        if c.error_count() > before {
            skipped += 1;
            continue;
        }
        let Some(cond) = cond else {
            skipped += 1;
            continue;
        };
        let text = project.sources.text(r.file);
        let name = match &r.name {
            Some((n, _)) => n.clone(),
            None => {
                let (path, line, _) = project.sources.location(r.span);
                format!("{path}:{line}")
            }
        };
        out.push(CRule {
            rule: RuleRef { name, span: r.span },
            priority: r.priority,
            file: r.file,
            cond,
            cond_text: collapse(text.get(r.cond.span().range()).unwrap_or("")),
            actions,
        });
    }
    // evaluation order: priority (higher first), file path, position
    out.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then_with(|| {
                project
                    .sources
                    .path(a.file)
                    .cmp(project.sources.path(b.file))
            })
            .then(a.rule.span.start.cmp(&b.rule.span.start))
    });
    (
        Program {
            rules: out,
            uses_facts: c.uses_facts,
            skipped_rules: skipped,
        },
        c.diags,
    )
}

/// Collapses runs of whitespace to one space.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Checker<'_> {
    fn error_count(&self) -> usize {
        self.diags.iter().filter(|d| d.is_error()).count()
    }

    fn action(&mut self, a: &Action) -> Option<CAction> {
        match a {
            Action::Assert(e, span) => {
                let cond = self.expr(e)?;
                let text = collapse(self.project.sources.snippet(e.span()));
                Some(CAction::Assert {
                    cond,
                    text,
                    span: *span,
                })
            }
            Action::Set(target, value, span) => {
                let path = match target {
                    Operand::Path(segs, _) if segs.len() >= 2 && segs[0].0 == "custom_data" => {
                        segs[1..].iter().map(|s| s.0.clone()).collect::<Vec<_>>()
                    }
                    other => {
                        let what = self.project.sources.snippet(other.span()).to_string();
                        self.diags.push(
                            Diagnostic::error("E0307", format!("cannot SET `{what}`: only `custom_data.…` paths can be set"))
                                .with_label(other.span(), "not a `custom_data` path")
                                .with_help(format!(
                                    "inventory fields are read-only in policies; derive data into custom data instead, e.g. `SET custom_data.{} TO …`",
                                    match other {
                                        Operand::Path(s, _) => s.last().map_or("x".into(), |x| x.0.clone()),
                                        _ => "x".into(),
                                    }
                                )),
                        );
                        return None;
                    }
                };
                let (value, _) = self.operand(value)?;
                let text = format!("custom_data.{}", path.join("."));
                Some(CAction::Set {
                    path,
                    text,
                    value,
                    span: *span,
                })
            }
            Action::Apply(t, tspan, span) => {
                if self.project.template(t).is_none() {
                    let paths: Vec<&str> = self
                        .project
                        .template_files
                        .iter()
                        .map(|f| self.project.sources.path(*f))
                        .collect();
                    let help = match did_you_mean(t, paths.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if paths.is_empty() => {
                            "the project has no templates; add one under `templates/`".into()
                        }
                        None => format!(
                            "templates are named by their project path, e.g. `{}`",
                            paths[0]
                        ),
                    };
                    self.diags.push(
                        Diagnostic::error("E0306", format!("template `{t}` does not exist"))
                            .with_label(*tspan, "no such template")
                            .with_help(help),
                    );
                    return None;
                }
                Some(CAction::Apply {
                    template: t.clone(),
                    span: *span,
                })
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> Option<CExpr> {
        match e {
            Expr::And(a, b, _) => {
                let (a, b) = (self.expr(a), self.expr(b));
                Some(CExpr::And(Box::new(a?), Box::new(b?)))
            }
            Expr::Or(a, b, _) => {
                let (a, b) = (self.expr(a), self.expr(b));
                Some(CExpr::Or(Box::new(a?), Box::new(b?)))
            }
            Expr::Not(a, s) => Some(CExpr::Not(Box::new(self.expr(a)?), *s)),
            Expr::Error(_) => None,
            Expr::Truthy(o, s) => {
                let (c, t) = self.operand(o)?;
                if !matches!(t, Ty::Bool | Ty::Any) {
                    self.diags.push(
                        Diagnostic::error(
                            "E0302",
                            format!("a condition must be a boolean, but this is a {}", t.name()),
                        )
                        .with_label(o.span(), format!("a {}", t.name()))
                        .with_help("compare it (`x == …`) or test for presence (`x IS NOT NULL`)"),
                    );
                    return None;
                }
                Some(CExpr::Truthy(c, *s))
            }
            Expr::IsNull(o, neg, s) => Some(CExpr::IsNull(self.operand(o)?.0, *neg, *s)),
            Expr::Matches(o, re, s) => {
                let l = self.operand(o);
                let rx = regex::RegexBuilder::new(&re.body)
                    .case_insensitive(re.flags.contains('i'))
                    .multi_line(re.flags.contains('m'))
                    .dot_matches_new_line(re.flags.contains('s'))
                    .ignore_whitespace(re.flags.contains('x'))
                    .swap_greed(re.flags.contains('U'))
                    .size_limit(1 << 20)
                    .build();
                let rx = match rx {
                    Ok(r) => Some(r),
                    Err(err) => {
                        let msg = err.to_string();
                        let last = msg
                            .lines()
                            .rev()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or("invalid")
                            .trim();
                        let last = last.strip_prefix("error: ").unwrap_or(last);
                        self.diags.push(
                            Diagnostic::error("E0305", format!("invalid regex: {last}"))
                                .with_label(re.span, last.to_string())
                                .with_help("regexes use Rust `regex` syntax (no look-around or back-references); escape `/` as `\\/`"),
                        );
                        None
                    }
                };
                let (l, t) = l?;
                if !matches!(t, Ty::Str | Ty::Enum(_) | Ty::Any) {
                    self.type_err(
                        o.span(),
                        format!("MATCHES needs a string, but this is a {}", t.name()),
                        "match a string field, e.g. `node.model MATCHES /^C93/`",
                    );
                    return None;
                }
                Some(CExpr::Matches(l, rx?, *s))
            }
            Expr::In(o, list, neg, s) => {
                let l = self.operand(o);
                let r = self.operand(list);
                let ((l, lt), (r, rt)) = (l?, r?);
                if !matches!(rt, Ty::List | Ty::Any) {
                    self.type_err(
                        list.span(),
                        format!("IN needs a list, but this is a {}", rt.name()),
                        "write the values as a list: `IN [\"a\", \"b\"]`",
                    );
                    return None;
                }
                if let Operand::List(items, _) = list {
                    let before = self.error_count();
                    for it in items {
                        if let Operand::Lit(v, is) = it {
                            self.compare_literal(lt, v, *is, o.span());
                        }
                    }
                    if self.error_count() > before {
                        return None;
                    }
                }
                Some(CExpr::In(l, r, *neg, *s))
            }
            Expr::Cmp(a, op, b, s) => {
                let l = self.operand(a);
                let r = self.operand(b);
                let ((l, lt), (r, rt)) = (l?, r?);
                let before = self.error_count();
                match op {
                    CmpOp::Eq | CmpOp::Ne => {
                        if let (Ty::Enum(_), Operand::Lit(v, vs)) = (lt, b) {
                            self.compare_literal(lt, v, *vs, a.span());
                        } else if let (Ty::Enum(_), Operand::Lit(v, vs)) = (rt, a) {
                            self.compare_literal(rt, v, *vs, b.span());
                        } else if !compatible(lt, rt) {
                            self.mismatch(a, lt, b, rt, *op);
                        }
                    }
                    CmpOp::Contains => {
                        let ok = match lt {
                            Ty::List | Ty::Any => true,
                            Ty::Str | Ty::Enum(_) => matches!(rt, Ty::Str | Ty::Enum(_) | Ty::Any),
                            _ => false,
                        };
                        if !ok {
                            self.type_err(*s, format!("CONTAINS needs a list or a string on the left and a matching value on the right, found {} and {}", lt.name(), rt.name()), "use `list CONTAINS item` or `string CONTAINS substring`");
                        }
                    }
                    _ => {
                        let ordered = |t: Ty| matches!(t, Ty::Num | Ty::Any);
                        let ok = (lt == Ty::Version || rt == Ty::Version)
                            && matches!(lt, Ty::Version | Ty::Any)
                            && matches!(rt, Ty::Version | Ty::Any)
                            || ordered(lt) && ordered(rt);
                        if !ok {
                            let help = if lt.stringy()
                                || rt.stringy()
                                || lt == Ty::Version
                                || rt == Ty::Version
                            {
                                "to compare versions, wrap both sides in `version(…)`: `version(node.os_version) >= version(\"17.9\")`"
                            } else {
                                "`<`, `<=`, `>` and `>=` compare numbers, or versions wrapped in `version(…)`"
                            };
                            self.diags.push(
                                Diagnostic::error(
                                    "E0303",
                                    format!(
                                        "`{}` cannot order a {} and a {}",
                                        op.as_str(),
                                        lt.name(),
                                        rt.name()
                                    ),
                                )
                                .with_label(
                                    *s,
                                    format!("{} {} {}", lt.name(), op.as_str(), rt.name()),
                                )
                                .with_help(help),
                            );
                        }
                    }
                }
                if self.error_count() > before {
                    return None;
                }
                Some(CExpr::Cmp(l, *op, r, *s))
            }
        }
    }

    fn type_err(&mut self, span: Span, msg: String, help: &str) {
        self.diags.push(
            Diagnostic::error("E0302", msg)
                .with_label(span, "wrong type here")
                .with_help(help),
        );
    }

    fn mismatch(&mut self, a: &Operand, lt: Ty, b: &Operand, rt: Ty, op: CmpOp) {
        let help = if (lt == Ty::Num && rt.stringy()) || (rt == Ty::Num && lt.stringy()) {
            "quote the number to compare strings (`\"65001\"`), or compare with a number field"
        } else {
            "compare values of the same type"
        };
        self.diags.push(
            Diagnostic::error(
                "E0302",
                format!(
                    "cannot compare a {} with a {} using `{}`",
                    lt.name(),
                    rt.name(),
                    op.as_str()
                ),
            )
            .with_label(b.span(), format!("a {}", rt.name()))
            .with_secondary(a.span(), format!("a {}", lt.name()))
            .with_help(help),
        );
    }

    /// Checks a literal compared with (or listed for) a value of type `t`.
    fn compare_literal(&mut self, t: Ty, v: &Value, vspan: Span, other: Span) {
        let vt = Ty::of_value(v);
        if let (Ty::Enum(vals), Value::Str(s)) = (t, v) {
            if !vals.contains(&s.as_str()) {
                let help = match did_you_mean(s, vals.iter().copied()) {
                    Some(m) => format!("did you mean \"{m}\"?"),
                    None => unknown_name_help(s, vals.iter().copied()),
                };
                let field = self.project.sources.snippet(other).to_string();
                self.diags.push(
                    Diagnostic::error("E0304", format!("\"{s}\" is not a value of `{field}`"))
                        .with_label(vspan, "not in the enum")
                        .with_help(help),
                );
            }
            return;
        }
        if !compatible(t, vt) {
            self.diags.push(
                Diagnostic::error(
                    "E0302",
                    format!("cannot compare a {} with a {}", t.name(), vt.name()),
                )
                .with_label(vspan, format!("a {}", vt.name()))
                .with_secondary(other, format!("a {}", t.name()))
                .with_help("compare values of the same type"),
            );
        }
    }

    fn operand(&mut self, o: &Operand) -> Option<(COp, Ty)> {
        match o {
            Operand::Lit(v, _) => Some((COp::Lit(v.clone()), Ty::of_value(v))),
            Operand::List(items, _) => {
                let mut vals = Vec::new();
                for it in items {
                    match it {
                        Operand::Lit(v, _) => vals.push(v.clone()),
                        Operand::List(..) => {
                            if let (COp::Lit(v), _) = self.operand(it)? {
                                vals.push(v);
                            }
                        }
                        other => {
                            self.type_err(
                                other.span(),
                                "list items must be literal values".into(),
                                "write the values out: `[\"10.0.0.1\", \"10.0.0.2\"]`",
                            );
                            return None;
                        }
                    }
                }
                Some((COp::Lit(Value::List(vals)), Ty::List))
            }
            Operand::Call(name, nspan, args, _) => {
                if name != "version" {
                    self.diags.push(
                        Diagnostic::error("E0309", format!("unknown function `{name}`"))
                            .with_label(*nspan, "not a function")
                            .with_help(unknown_name_help(name, ["version"])),
                    );
                    return None;
                }
                if args.len() != 1 {
                    self.diags.push(
                        Diagnostic::error(
                            "E0309",
                            format!("`version` takes 1 argument, found {}", args.len()),
                        )
                        .with_label(o.span(), "wrong number of arguments")
                        .with_help("write `version(node.os_version)` or `version(\"17.9\")`"),
                    );
                    return None;
                }
                let (a, t) = self.operand(&args[0])?;
                if !matches!(t, Ty::Str | Ty::Any | Ty::Num) {
                    self.type_err(
                        args[0].span(),
                        format!("`version` needs a string, but this is a {}", t.name()),
                        "pass a version string, e.g. `version(node.os_version)`",
                    );
                    return None;
                }
                Some((COp::Version(Box::new(a)), Ty::Version))
            }
            Operand::Path(segs, span) => self.path(segs, *span),
        }
    }

    fn unknown(
        &mut self,
        span: Span,
        what: String,
        name: &str,
        cands: &[&str],
    ) -> Option<(COp, Ty)> {
        self.diags.push(
            Diagnostic::error("E0301", format!("unknown field `{what}`"))
                .with_label(span, "unknown field")
                .with_help(unknown_name_help(name, cands.iter().copied())),
        );
        None
    }

    fn path(&mut self, segs: &[(String, Span)], span: Span) -> Option<(COp, Ty)> {
        let names: Vec<&str> = segs.iter().map(|s| s.0.as_str()).collect();
        let full = names.join(".");
        let rest = |i: usize| segs[i..].iter().map(|s| s.0.clone()).collect::<Vec<_>>();
        match names[0] {
            "node" => {
                let Some(&(ref f, fspan)) = segs.get(1) else {
                    return self.unknown(span, full, "", &["node.<field>"]);
                };
                if f == "custom_data" && segs.len() > 2 {
                    return self.custom(&segs[2..], span);
                }
                if f == "location" && segs.len() > 2 {
                    let (lf, lspan) = &segs[2];
                    if lf == "custom_data" {
                        return Some((COp::Path(Access::LocCustom(rest(3))), Ty::Any));
                    }
                    let Some(i) = LOCATION_FIELDS.iter().position(|(n, _)| n == lf) else {
                        let mut c: Vec<&str> = LOCATION_FIELDS.iter().map(|f| f.0).collect();
                        c.push("custom_data");
                        return self.unknown(*lspan, full, lf, &c);
                    };
                    if segs.len() > 3 {
                        return self.unknown(segs[3].1, full, &segs[3].0, &[]);
                    }
                    let t = if lf == "path" {
                        Ty::List
                    } else {
                        Ty::of_field(LOCATION_FIELDS[i].1)
                    };
                    return Some((COp::Path(Access::Loc(i)), t));
                }
                let Some(i) = NODE_FIELDS.iter().position(|(n, _)| n == f) else {
                    let mut c: Vec<&str> = NODE_FIELDS.iter().map(|f| f.0).collect();
                    c.push("custom_data");
                    return self.unknown(fspan, full, f, &c);
                };
                if segs.len() > 2 {
                    return self.unknown(segs[2].1, full, &segs[2].0, &[]);
                }
                Some((COp::Path(Access::Node(i)), Ty::of_field(NODE_FIELDS[i].1)))
            }
            "custom_data" if segs.len() > 1 => self.custom(&segs[1..], span),
            "facts" if segs.len() > 1 => {
                self.uses_facts = true;
                let (f, fspan) = &segs[1];
                let t = match f.as_str() {
                    "stale" => Ty::Bool,
                    "interfaces" => Ty::List,
                    _ => match FACT_FIELDS.iter().find(|(n, _)| n == f) {
                        Some((_, ft)) => Ty::of_field(*ft),
                        None => {
                            let mut c: Vec<&str> = FACT_FIELDS.iter().map(|f| f.0).collect();
                            c.extend(crate::facts::FACT_EXTRA_FIELDS);
                            return self.unknown(*fspan, full, f, &c);
                        }
                    },
                };
                if segs.len() > 2 && f != "interfaces" {
                    return self.unknown(segs[2].1, full, &segs[2].0, &[]);
                }
                Some((
                    COp::Path(Access::Fact(rest(1))),
                    if segs.len() > 2 { Ty::Any } else { t },
                ))
            }
            root => {
                let help_cands = ["node", "custom_data", "facts"];
                self.unknown(segs[0].1, full, root, &help_cands)
            }
        }
    }

    fn custom(&mut self, segs: &[(String, Span)], span: Span) -> Option<(COp, Ty)> {
        let path: Vec<String> = segs.iter().map(|s| s.0.clone()).collect();
        let dotted = path.join(".");
        let t = match self.custom.keys.get(&dotted) {
            Some(t) => *t,
            None => {
                let help = match did_you_mean(&dotted, self.custom.keys.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `custom_data.{s}`?"),
                    None => "no inventory `custom.*` column and no SET writes this path; it is always null".into(),
                };
                self.diags.push(
                    Diagnostic::warning(
                        "W0311",
                        format!("`custom_data.{dotted}` is never defined"),
                    )
                    .with_label(span, "not in the inventory and never SET")
                    .with_help(help),
                );
                Ty::Any
            }
        };
        let t = if t == Ty::Null { Ty::Any } else { t };
        Some((COp::Path(Access::Custom(path)), t))
    }
}
