//! `unetc graph`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc graph`.
#[derive(Args, Debug)]
pub struct GraphArgs {}

pub fn run(_args: GraphArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("graph")
}
