//! `unetc completions SHELL`: shell completion scripts generated from the CLI.

use super::{Cli, GlobalArgs, Outcome};
use clap::{Args, CommandFactory};

/// Arguments of `unetc completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: CompletionsArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "unetc", &mut buf);
    super::print_stdout(&String::from_utf8_lossy(&buf))?;
    Ok(Outcome::Clean)
}
