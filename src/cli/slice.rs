//! `unetc slice`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc slice`.
#[derive(Args, Debug)]
pub struct SliceArgs {}

pub fn run(_args: SliceArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("slice")
}
