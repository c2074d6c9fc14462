//! `unetc init`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc init`.
#[derive(Args, Debug)]
pub struct InitArgs {}

pub fn run(_args: InitArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("init")
}
