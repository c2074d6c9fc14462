//! `unetc diff`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {}

pub fn run(_args: DiffArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("diff")
}
