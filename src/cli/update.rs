//! `unetc update`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc update`.
#[derive(Args, Debug)]
pub struct UpdateArgs {}

pub fn run(_args: UpdateArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("update")
}
