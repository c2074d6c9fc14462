//! `unetc eval`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {}

pub fn run(_args: EvalArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("eval")
}
