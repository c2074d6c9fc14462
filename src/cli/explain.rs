//! `unetc explain CODE`: the long explanation of a diagnostic code.

use super::{GlobalArgs, Outcome};
use crate::diag::codes;
use clap::Args;

/// Arguments of `unetc explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The code, e.g. `E0103`. Without it, list every code.
    pub code: Option<String>,
}

pub fn run(args: ExplainArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    match args.code {
        None => {
            let mut s = String::new();
            for c in codes::all() {
                s.push_str(&format!("{}  {}\n", c.code, c.title));
            }
            super::print_stdout(&s)?;
            Ok(Outcome::Clean)
        }
        Some(code) => match codes::lookup(code.trim()) {
            Some(info) => {
                super::print_stdout(info.explanation)?;
                Ok(Outcome::Clean)
            }
            None => {
                let all: Vec<&str> = codes::all().iter().map(|c| c.code).collect();
                eprintln!(
                    "error: no diagnostic code `{code}`\nhelp: {}\nrun `unetc explain` to list every code",
                    crate::diag::unknown_name_help(&code.to_ascii_uppercase(), all.iter().copied())
                );
                Ok(Outcome::Usage)
            }
        },
    }
}
