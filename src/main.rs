//! The `unetc` binary: parse arguments, run the command, map the result to an exit code.
use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = unetc::cli::Cli::parse();
    unetc::cli::main(cli)
}
