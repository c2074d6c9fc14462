//! Templates: the MiniJinja environment, network filters, template-match
//! headers and per-node rendering.
//!
//! Two entry points for the driver:
//!
//! * [`compile`]: every `templates/**.j2` file of the project → [`Templates`]
//!   (syntax errors `E0501`, malformed headers `E0503`);
//! * [`render_all`]: every node's applied templates, in APPLY order, rendered
//!   in parallel → one [`RenderedConfig`] per node (missing headers `E0502`,
//!   undefined values `E0504`, filter and other errors `E0505`, fuel `E0506`,
//!   two templates claiming one section `E0507`, missing includes `E0508`).
//!
//! The same failure on many nodes is one diagnostic naming the first node and
//! counting the others. Output order never depends on the thread schedule.
//!
//! A section's text is the template's output with leading blank lines and
//! trailing whitespace removed, ending with a newline; a config is its
//! non-empty sections joined by one blank line.

mod context;
mod env;
pub mod filters;
pub mod header;

use crate::diag::{Diagnostic, FileId};
use crate::facts::Lockfile;
use crate::inventory::Inventory;
use crate::policy::NodeEval;
use crate::project::Project;
use env::{Failure, Names};
use header::{Header, HeaderError};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

pub use context::to_mj;

/// One template's output for one node: a section of the config.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenderedSection {
    /// Project path of the template.
    pub template: String,
    /// The `template-match` pattern naming the section the template owns.
    pub pattern: String,
    pub text: String,
}

/// A node's full intended configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RenderedConfig {
    pub node: String,
    /// Sections in APPLY order.
    pub sections: Vec<RenderedSection>,
    /// The whole config: the sections joined.
    pub text: String,
}

/// One compiled template file.
struct TemplateInfo {
    file: FileId,
    /// Whether MiniJinja compiled it (no syntax error).
    compiled: bool,
    header: Result<Header, HeaderError>,
}

/// The project's compiled templates and the environment that renders them.
pub struct Templates {
    env: minijinja::Environment<'static>,
    infos: BTreeMap<String, TemplateInfo>,
    by_name: HashMap<String, FileId>,
    fuel: u64,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.infos.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    /// The section pattern a template claims, when its header is valid.
    pub fn pattern(&self, path: &str) -> Option<&str> {
        self.infos
            .get(path)
            .and_then(|i| i.header.as_ref().ok())
            .map(|h| h.pattern.as_str())
    }
}

/// Compiles every template of the project. Syntax errors (`E0501`) and
/// malformed header patterns (`E0503`) are reported here; a missing header is
/// reported by [`render_all`] only for templates a node applies, so partials
/// meant for `include` need none.
pub fn compile(project: &Project) -> (Templates, Vec<Diagnostic>) {
    let fuel = project.manifest.build.template_fuel;
    let mut env = env::new_environment(fuel);
    let mut diags = Vec::new();
    let mut infos = BTreeMap::new();
    let mut by_name = HashMap::new();
    for &file in &project.template_files {
        by_name.insert(project.sources.path(file).to_string(), file);
    }
    let names = Names {
        by_name: &by_name,
        sources: &project.sources,
    };
    for &file in &project.template_files {
        let path = project.sources.path(file).to_string();
        let text = project.sources.text(file);
        let header = header::parse(file, text);
        if let Err(e @ HeaderError::BadPattern { .. }) = &header {
            diags.push(e.to_diagnostic(&path));
        }
        let compiled = match env.add_template_owned(path.clone(), text.to_string()) {
            Ok(()) => true,
            Err(e) => {
                diags.push(env::failure(&e, file, &names, fuel).to_diagnostic(None, &[]));
                false
            }
        };
        infos.insert(
            path,
            TemplateInfo {
                file,
                compiled,
                header,
            },
        );
    }
    (
        Templates {
            env,
            infos,
            by_name,
            fuel,
        },
        diags,
    )
}

/// What went wrong on one node.
enum NodeProblem {
    Failure(Failure),
    /// Two templates claim the same section: (first, second) template paths.
    Duplicate(String, String),
    /// A template without a header was applied.
    NoHeader(String),
}

/// Renders every node's applied templates, in parallel. Returns one config per
/// eval (same order); nodes the inventory does not know are skipped.
pub fn render_all(
    templates: &Templates,
    project: &Project,
    inventory: &Inventory,
    lock: &Lockfile,
    evals: &[NodeEval],
) -> (Vec<RenderedConfig>, Vec<Diagnostic>) {
    let shared = context::Shared::new(
        &project.manifest.project.name,
        project.manifest.project.domain.as_deref(),
        inventory,
    );
    let names = Names {
        by_name: &templates.by_name,
        sources: &project.sources,
    };
    let results: Vec<Option<(RenderedConfig, Vec<NodeProblem>)>> = evals
        .par_iter()
        .map(|eval| {
            let node = inventory.node(&eval.node)?;
            Some(render_node(
                templates, &names, &shared, inventory, lock, node, eval,
            ))
        })
        .collect();

    // group identical problems across nodes, in node order
    let mut failures: Vec<(Failure, Vec<&str>)> = Vec::new();
    let mut failure_index: HashMap<Failure, usize> = HashMap::new();
    let mut dups: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    let mut no_header: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut configs = Vec::with_capacity(results.len());
    for (eval, r) in evals.iter().zip(&results) {
        let Some((config, problems)) = r else {
            continue;
        };
        configs.push(config.clone());
        for p in problems {
            match p {
                NodeProblem::Failure(f) => {
                    let i = *failure_index.entry(f.clone()).or_insert_with(|| {
                        failures.push((f.clone(), Vec::new()));
                        failures.len() - 1
                    });
                    failures[i].1.push(&eval.node);
                }
                NodeProblem::Duplicate(a, b) => dups
                    .entry((a.clone(), b.clone()))
                    .or_default()
                    .push(&eval.node),
                NodeProblem::NoHeader(t) => {
                    no_header.entry(t.clone()).or_default().push(&eval.node)
                }
            }
        }
    }
    let mut diags = Vec::new();
    for (f, nodes) in &failures {
        diags.push(f.to_diagnostic(nodes.first().copied(), &nodes[1..]));
    }
    for (t, nodes) in &no_header {
        if let Some(Err(e)) = templates.infos.get(t).map(|i| &i.header) {
            let mut d = e.to_diagnostic(t);
            d = d.with_note(format!(
                "applied to {} node{}, first `{}`",
                nodes.len(),
                if nodes.len() == 1 { "" } else { "s" },
                nodes[0]
            ));
            diags.push(d);
        }
    }
    for ((a, b), nodes) in &dups {
        diags.push(duplicate_diagnostic(templates, a, b, nodes));
    }
    (configs, diags)
}

fn duplicate_diagnostic(templates: &Templates, a: &str, b: &str, nodes: &[&str]) -> Diagnostic {
    let header = |t: &str| templates.infos.get(t).and_then(|i| i.header.as_ref().ok());
    let key = header(b).map_or("", |h| h.key.as_str());
    let others = nodes.len().saturating_sub(1);
    let mut d = Diagnostic::error(
        "E0507",
        format!(
            "templates `{a}` and `{b}` both claim section `{key}` for node `{}`",
            nodes.first().copied().unwrap_or_default()
        ),
    )
    .with_help("give each template its own section, or APPLY only one of them to a node");
    if let (Some(ha), Some(hb)) = (header(a), header(b)) {
        d = d
            .with_label(hb.span, "claimed again here")
            .with_secondary(ha.span, "first claimed here");
    }
    if others > 0 {
        d = d.with_note(format!(
            "the same conflict on {others} other node{}",
            if others == 1 { "" } else { "s" }
        ));
    }
    d
}

fn render_node(
    templates: &Templates,
    names: &Names<'_>,
    shared: &context::Shared,
    inventory: &Inventory,
    lock: &Lockfile,
    node: &crate::inventory::Node,
    eval: &NodeEval,
) -> (RenderedConfig, Vec<NodeProblem>) {
    let mut problems = Vec::new();
    let mut sections = Vec::with_capacity(eval.applied.len());
    let mut claimed: Vec<(&str, &str)> = Vec::new(); // (key, template)
    let mut ctx = None;
    for applied in &eval.applied {
        let path = applied.template.as_str();
        // a template the project lacks is the policy checker's error (APPLY of a
        // missing template); one that failed to compile was reported by `compile`
        let Some(info) = templates.infos.get(path) else {
            continue;
        };
        if !info.compiled {
            continue;
        }
        let header = match &info.header {
            Ok(h) => h,
            Err(HeaderError::Missing { .. }) => {
                problems.push(NodeProblem::NoHeader(path.to_string()));
                continue;
            }
            Err(HeaderError::BadPattern { .. }) => continue,
        };
        if let Some((_, first)) = claimed.iter().find(|(k, _)| *k == header.key) {
            problems.push(NodeProblem::Duplicate(first.to_string(), path.to_string()));
            continue;
        }
        claimed.push((&header.key, path));
        let ctx =
            ctx.get_or_insert_with(|| context::node_context(shared, inventory, lock, node, eval));
        let rendered = templates
            .env
            .get_template(path)
            .and_then(|t| t.render(&*ctx));
        match rendered {
            Ok(text) => sections.push(RenderedSection {
                template: path.to_string(),
                pattern: header.pattern.as_str().to_string(),
                text: tidy(&text),
            }),
            Err(e) => problems.push(NodeProblem::Failure(env::failure(
                &e,
                info.file,
                names,
                templates.fuel,
            ))),
        }
    }
    let text = join_sections(&sections);
    (
        RenderedConfig {
            node: node.name.clone(),
            sections,
            text,
        },
        problems,
    )
}

/// Leading blank lines and trailing whitespace removed; ends with a newline
/// unless empty.
fn tidy(text: &str) -> String {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    let t = text[start..].trim_end();
    if t.is_empty() {
        String::new()
    } else {
        let mut s = String::with_capacity(t.len() + 1);
        s.push_str(t);
        s.push('\n');
        s
    }
}

/// The non-empty sections joined by one blank line.
fn join_sections(sections: &[RenderedSection]) -> String {
    let mut out = String::new();
    for s in sections.iter().filter(|s| !s.text.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&s.text);
    }
    out
}

#[cfg(test)]
mod tests;
