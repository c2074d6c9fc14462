//! `unetc facts`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc facts`.
#[derive(Args, Debug)]
pub struct FactsArgs {}

pub fn run(_args: FactsArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("facts")
}
