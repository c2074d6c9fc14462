//! `unetc report`.

use super::{GlobalArgs, Outcome};
use clap::Args;

/// Arguments of `unetc report`.
#[derive(Args, Debug)]
pub struct ReportArgs {}

pub fn run(_args: ReportArgs, _g: &GlobalArgs) -> anyhow::Result<Outcome> {
    super::not_built("report")
}
