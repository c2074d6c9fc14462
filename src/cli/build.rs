//! `unetc build`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc build`.
#[derive(Args, Debug)]
pub struct BuildArgs {}

pub fn run(_args: BuildArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("build")
}
