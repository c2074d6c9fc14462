//! Git: projects at a revision, provenance, and pinned policy/template dependencies.
//!
//! Codes: `E08xx`.
