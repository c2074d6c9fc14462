//! Section compliance, diffs and remediation between intended and running configs.
