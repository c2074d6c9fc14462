//! unetc — a compiler for networks.
//!
//! A project (inventory, policy program, templates, facts lockfile) is compiled
//! by a sequence of passes, each in its own module, each a function from
//! immutable input to output plus [`diag::Diagnostic`]s:
//!
//! ```text
//! project (load) → inventory → policy (parse, check, eval) → render → config (slice) → diff
//! ```
//!
//! The [`driver`] runs the passes; [`cli`] is the command line on top.

pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod driver;
pub mod facts;
pub mod fuzzing;
pub mod git;
pub mod inventory;
pub mod output;
pub mod policy;
pub mod project;
pub mod render;
pub mod report;
pub mod value;
