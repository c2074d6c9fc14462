//! `unetc slice`: print the parts of a device config that match patterns.
//!
//! Reads one config file (the only I/O), parses it in the chosen syntax and
//! prints the matching subtrees (with their parents as context) as config
//! text or JSON. Parse problems (`E0601`–`E0606`) and bad patterns (`E0607`)
//! are diagnostics on stderr; each pattern is added to the source map as
//! `<pattern N>` so its diagnostic can point into it.

use super::{GlobalArgs, Outcome};
use crate::config::{self, Pattern, Syntax};
use crate::diag::{self, SourceMap, Span};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Arguments of `unetc slice`.
///
/// Exit status: 0 when at least one line matched, 1 when nothing matched or
/// the config / a pattern has errors, 2 when the file cannot be read.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 when something matched, 1 when nothing matched or there \
were errors (like grep), 2 when the file cannot be read.\n\n\
Examples:\n  unetc slice running.cfg 'interface GigabitEthernet1/0/*'\n  \
unetc slice running.cfg 'router bgp * > neighbor *' --format json\n  \
unetc slice core.conf 'protocols > bgp' --syntax junos"
)]
pub struct SliceArgs {
    /// The config file to read (`-` for stdin).
    pub file: PathBuf,
    /// Match patterns: segments separated by ` > `, each a glob
    /// (`interface Gi1/0/*`) or a `/regex/`. A line matching any pattern is
    /// printed with its subtree.
    #[arg(required = true, value_name = "PATTERN")]
    pub patterns: Vec<String>,
    /// The config syntax. Default: guessed from the text (JunOS braces,
    /// JunOS `set` lines, else IOS-style indentation).
    #[arg(long, value_enum)]
    pub syntax: Option<Syntax>,
    /// Output format (diagnostics always go to stderr as text).
    #[arg(long, value_enum, default_value_t = SliceFormat::Text)]
    pub format: SliceFormat,
}

/// `--format` of `unetc slice`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SliceFormat {
    /// The matching lines, indented as the syntax prints them.
    Text,
    /// `{ file, syntax, patterns, matches: [{ text, line, kind, children }] }`.
    Json,
}

/// Guesses a config's syntax from its text.
pub fn guess_syntax(text: &str) -> Syntax {
    let mut braces = 0;
    for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if l.starts_with('#') || l.starts_with('!') || l.starts_with("/*") {
            continue;
        }
        if l.starts_with("set ") {
            return Syntax::JunosSet;
        }
        if l.ends_with('{') || l == "}" {
            braces += 1;
            if braces >= 2 {
                return Syntax::Junos;
            }
        }
    }
    Syntax::Ios
}

pub fn run(args: SliceArgs, g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let bytes = if args.file.as_os_str() == "-" {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut v)?;
        v
    } else {
        match std::fs::read(&args.file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", args.file.display());
                return Ok(Outcome::Usage);
            }
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut sources = SourceMap::new();
    let path = args.file.to_string_lossy().replace('\\', "/");
    let file = sources.add(path.clone(), text.as_str());
    let mut diags = Vec::new();
    let mut patterns = Vec::new();
    for (i, p) in args.patterns.iter().enumerate() {
        let pid = sources.add(format!("<pattern {}>", i + 1), p.as_str());
        match Pattern::parse(p) {
            Ok(p) => patterns.push(p),
            Err(e) => diags.push(config::pattern_diagnostic(&e, Span::new(pid, 0..p.len()))),
        }
    }
    let syntax = args.syntax.unwrap_or_else(|| guess_syntax(&text));
    let (tree, d) = config::parse(&text, syntax, file);
    diags.extend(d);
    let refs: Vec<&Pattern> = patterns.iter().collect();
    let sliced = config::slice(&tree, &refs);
    diag::sort(&mut diags, &sources);
    if !diags.is_empty() {
        eprint!(
            "{}",
            diag::render(&diags, &sources, diag::Format::Human, g.color_stderr())
        );
    }
    let has_errors = diags.iter().any(diag::Diagnostic::is_error);
    if has_errors && patterns.len() < args.patterns.len() {
        return Ok(Outcome::Failed);
    }
    match args.format {
        SliceFormat::Text => super::print_stdout(&sliced.to_text())?,
        SliceFormat::Json => {
            let v = serde_json::json!({
                "file": path,
                "syntax": tree.syntax.name(),
                "patterns": args.patterns,
                "matches": sliced.to_json(),
            });
            super::print_stdout(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        }
    }
    Ok(if has_errors || sliced.roots.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_syntax("set system host-name a\n"), Syntax::JunosSet);
        assert_eq!(
            guess_syntax("## x\nsystem {\n host-name a;\n}\n"),
            Syntax::Junos
        );
        assert_eq!(guess_syntax("hostname a\ninterface Vlan1\n"), Syntax::Ios);
    }
}
