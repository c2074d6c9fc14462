//! Build reports: report.json, JUnit XML, manifest.json, Markdown/HTML summaries.
