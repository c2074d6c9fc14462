//! CSV inventory files: a header row, then one entity per row.
//!
//! The `csv` crate splits records and unescapes quoted cells; from each
//! record's position a small scanner recovers the raw byte range of every
//! cell (inside the quotes for a quoted cell) so diagnostics point at the
//! exact cell. Unquoted cells are borrowed from the source text, not copied.
//!
//! Codes: `E0101` (no header row, unterminated quote), `E0104` (unknown
//! column), `E0105` (missing required column), `E0107` (row width), `E0121`
//! (invalid or repeated column).

use super::fields::Builder;
use super::row::{Cell, CellValue, Column, EntityKind, Row};
use crate::diag::{unknown_name_help, Diagnostic, FileId, Span};
use std::borrow::Cow;
use std::ops::Range;

/// Reads one CSV file of `kind` into `b`.
pub(crate) fn read(file: FileId, path: &str, text: &str, kind: EntityKind, b: &mut Builder) {
    let bytes = text.as_bytes();
    // one row per line (an upper bound): growing the entity vectors by
    // doubling costs copies and fresh pages on a large file
    b.reserve(kind, bytes.iter().filter(|c| **c == b'\n').count());
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = ::csv::ByteRecord::new();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut header: Option<Vec<Option<Column>>> = None;
    let mut name_col: Option<usize> = None;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e
                    .position()
                    .map_or(0, |p| p.byte() as usize)
                    .min(text.len());
                b.diags.push(
                    Diagnostic::error("E0101", format!("`{path}` cannot be read as CSV: {e}"))
                        .with_label(Span::new(file, at..at), "reading stopped here")
                        .with_help("save the file as comma-separated values with a header row"),
                );
                return;
            }
        }
        let pos = rec
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        let row_range = match scan_record(bytes, pos, &mut ranges) {
            Ok(r) => r,
            Err(q) => {
                b.diags.push(
                    Diagnostic::error(
                        "E0101",
                        format!("`{path}` has a quoted cell that is never closed"),
                    )
                    .with_label(Span::new(file, q..q + 1), "this quote is never closed")
                    .with_help(
                        "close the cell with `\"`; write a quote inside a quoted cell as `\"\"`",
                    ),
                );
                return;
            }
        };
        // A disagreement with the csv crate cannot happen for valid UTF-8
        // input; if it did, every cell points at the row rather than panic.
        if ranges.len() != rec.len() {
            ranges.clear();
            ranges.resize(rec.len(), row_range.clone());
        }
        let row_span = Span::new(file, row_range.clone());
        let Some(columns) = &header else {
            let (cols, ok) = header_columns(file, path, text, kind, &ranges, row_span, b);
            if !ok {
                return;
            }
            name_col = cols.iter().position(|c| *c == Some(Column::Field("name")));
            header = Some(cols);
            continue;
        };
        if rec.len() != columns.len() {
            let (label, at) = if rec.len() < columns.len() {
                (
                    format!("expected {} cells, found {}", columns.len(), rec.len()),
                    row_span,
                )
            } else {
                let first_extra = ranges[columns.len()].start;
                (
                    match rec.len() - columns.len() {
                        1 => "1 cell more than the header".to_string(),
                        n => format!("{n} cells more than the header"),
                    },
                    Span::new(file, first_extra..row_range.end),
                )
            };
            b.diags.push(
                Diagnostic::error(
                    "E0107",
                    format!("row has {} cells but the header has {}", rec.len(), columns.len()),
                )
                .with_label(at, label)
                .with_help("give every row one cell per column; quote cells that contain a comma (`\"a, b\"`)"),
            );
            if let Some(i) = name_col.filter(|i| *i < rec.len()) {
                b.broken(kind, cell_text(text, &rec, &ranges, i).trim());
            }
            continue;
        }
        let mut cells = Vec::with_capacity(columns.len());
        for (i, col) in columns.iter().enumerate() {
            let Some(column) = col else { continue };
            let raw = &ranges[i];
            let value = cell_text(text, &rec, &ranges, i);
            let (value, span) = match value {
                Cow::Borrowed(s) => {
                    let lead = s.len() - s.trim_start().len();
                    let t = s.trim();
                    (
                        Cow::Borrowed(t),
                        Span::new(file, raw.start + lead..raw.start + lead + t.len()),
                    )
                }
                Cow::Owned(s) => {
                    let t = s.trim();
                    let v = if t.len() == s.len() { s } else { t.to_string() };
                    (Cow::Owned(v), Span::new(file, raw.clone()))
                }
            };
            if value.is_empty()
                && !matches!(column, Column::Field(f) if kind.required().contains(f))
            {
                continue;
            }
            cells.push(Cell {
                column,
                value: CellValue::Text(value),
                span,
            });
        }
        b.row(
            kind,
            &Row {
                span: row_span,
                cells,
                is_toml: false,
            },
        );
    }
    if header.is_none() {
        b.diags.push(
            Diagnostic::error("E0101", format!("`{path}` has no header row"))
                .with_label(Span::new(file, 0..0), "expected a header row here")
                .with_help(format!(
                    "start the file with the column names, e.g. `{}`",
                    kind.fields()[..kind.fields().len().min(4)].join(",")
                )),
        );
    }
}

/// The text of cell `i`: borrowed from the source when the raw cell is the
/// value (no quote inside the range: the csv crate only unescapes quotes),
/// unescaped by the csv crate otherwise.
fn cell_text<'t>(
    text: &'t str,
    rec: &::csv::ByteRecord,
    ranges: &[Range<usize>],
    i: usize,
) -> Cow<'t, str> {
    let r = ranges[i].clone();
    if !text.as_bytes()[r.clone()].contains(&b'"') {
        if let Some(s) = text.get(r) {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(String::from_utf8_lossy(rec.get(i).unwrap_or(b"")).into_owned())
}

/// Interprets the header row. Returns the columns (by position; `None` for a
/// column that is reported and ignored) and whether rows can be read (every
/// required column is present).
fn header_columns(
    file: FileId,
    path: &str,
    text: &str,
    kind: EntityKind,
    ranges: &[Range<usize>],
    row_span: Span,
    b: &mut Builder,
) -> (Vec<Option<Column>>, bool) {
    let mut cols: Vec<Option<Column>> = Vec::with_capacity(ranges.len());
    let mut seen: Vec<(&str, Span)> = Vec::new();
    let mut spans: Vec<Span> = Vec::with_capacity(ranges.len());
    for r in ranges {
        let raw = text.get(r.clone()).unwrap_or("");
        let name = raw.trim();
        let lead = raw.len() - raw.trim_start().len();
        let span = Span::new(file, r.start + lead..r.start + lead + name.len());
        spans.push(span);
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            b.diags.push(
                Diagnostic::error("E0121", format!("column `{name}` appears twice"))
                    .with_label(span, "repeated column")
                    .with_secondary(*first, "first used here")
                    .with_help("remove one of the two columns"),
            );
            cols.push(None);
            continue;
        }
        seen.push((name, span));
        cols.push(column_for(name, span, kind, b));
    }
    // `custom.a` and `custom.a.b` cannot both hold a value.
    for i in 0..cols.len() {
        for j in 0..cols.len() {
            if let (Some(Column::Custom { path: a, .. }), Some(Column::Custom { path: p, .. })) =
                (&cols[i], &cols[j])
            {
                if i != j && p.len() > a.len() && p.starts_with(a) {
                    let (si, sj) = (spans[i], spans[j]);
                    b.diags.push(
                        Diagnostic::error(
                            "E0121",
                            format!("column `custom.{}` is inside column `custom.{}`", p.join("."), a.join(".")),
                        )
                        .with_label(sj, "this path is nested in another column")
                        .with_secondary(si, "which already holds a value")
                        .with_help(format!(
                            "rename `custom.{}` (e.g. `custom.{}.value`) so no column is a prefix of another",
                            a.join("."),
                            a.join(".")
                        )),
                    );
                    cols[j] = None;
                }
            }
        }
    }
    let mut ok = true;
    for req in kind.required() {
        if !cols.contains(&Some(Column::Field(req))) {
            ok = false;
            b.diags.push(
                Diagnostic::error("E0105", format!("`{path}` has no `{req}` column"))
                    .with_label(row_span, format!("this header needs a `{req}` column"))
                    .with_help(format!(
                        "add a `{req}` column: every {} needs one",
                        kind.noun()
                    )),
            );
        }
    }
    (cols, ok)
}

/// What a header cell names, reporting unknown and invalid names.
fn column_for(name: &str, span: Span, kind: EntityKind, b: &mut Builder) -> Option<Column> {
    if let Some(f) = kind.fields().iter().find(|f| **f == name) {
        return Some(Column::Field(f));
    }
    if let Some(rest) = name.strip_prefix("custom.") {
        let path: Vec<String> = rest.split('.').map(str::to_string).collect();
        if path.iter().any(|s| s.trim().is_empty() || s.trim() != s) {
            b.diags.push(
                Diagnostic::error("E0121", format!("`{name}` is not a valid custom column"))
                    .with_label(span, "empty or padded segment in the path")
                    .with_help("write custom columns as `custom.<key>` or `custom.<key>.<subkey>`, e.g. `custom.bgp.asn`"),
            );
            return None;
        }
        return Some(Column::Custom {
            name: name.to_string(),
            path,
        });
    }
    if name == "custom" {
        b.diags.push(
            Diagnostic::error("E0121", "column `custom` needs a path")
                .with_label(span, "no key after `custom`")
                .with_help("name the key the column fills, e.g. `custom.bgp.asn`"),
        );
        return None;
    }
    b.diags.push(unknown_column(name, span, kind, "column"));
    None
}

/// `E0104` for an unknown CSV column or TOML key.
pub(crate) fn unknown_column(name: &str, span: Span, kind: EntityKind, what: &str) -> Diagnostic {
    let help = match kind.computed_help(name) {
        Some(h) => h.to_string(),
        None => match crate::diag::did_you_mean(name, kind.fields().iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "{}; put other data in `custom.*` {what}s",
                unknown_name_help(name, kind.fields().iter().copied())
            ),
        },
    };
    let file_kind = kind.stem();
    Diagnostic::error("E0104", format!("unknown {what} `{name}` in {file_kind}"))
        .with_label(span, format!("not a {} {what}", kind.noun()))
        .with_help(help)
}

/// Finds the raw cells of the record at `pos` (blank lines before it are
/// skipped). A quoted cell's range is its inside when the cell is exactly one
/// quoted string. Returns the record's range, or the offset of a quote that
/// is never closed.
pub(crate) fn scan_record(
    b: &[u8],
    mut i: usize,
    out: &mut Vec<Range<usize>>,
) -> Result<Range<usize>, usize> {
    out.clear();
    while i < b.len() && (b[i] == b'\n' || b[i] == b'\r') {
        i += 1;
    }
    let start = i;
    let is_end = |c: u8| c == b',' || c == b'\n' || c == b'\r';
    loop {
        let cell_start = i;
        if i < b.len() && b[i] == b'"' {
            i += 1;
            loop {
                match b[i..].iter().position(|c| *c == b'"') {
                    None => return Err(cell_start),
                    Some(off) => {
                        let j = i + off;
                        if j + 1 < b.len() && b[j + 1] == b'"' {
                            i = j + 2;
                        } else {
                            i = j + 1;
                            break;
                        }
                    }
                }
            }
            let quoted_end = i;
            while i < b.len() && !is_end(b[i]) {
                i += 1;
            }
            if i == quoted_end {
                out.push(cell_start + 1..quoted_end - 1);
            } else {
                out.push(cell_start..i);
            }
        } else {
            while i < b.len() && !is_end(b[i]) {
                i += 1;
            }
            out.push(cell_start..i);
        }
        if i < b.len() && b[i] == b',' {
            i += 1;
            continue;
        }
        break;
    }
    Ok(start..i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        scan_record(text.as_bytes(), 0, &mut out).unwrap();
        out.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn scans_plain_and_quoted_cells() {
        assert_eq!(cells("a,b,,c\nx"), ["a", "b", "", "c"]);
        assert_eq!(cells("\"a, b\",c"), ["a, b", "c"]);
        assert_eq!(cells("\"say \"\"hi\"\"\",z\r\n"), ["say \"\"hi\"\"", "z"]);
        assert_eq!(cells("\"ab\"c,d"), ["\"ab\"c", "d"]);
        assert_eq!(cells("a,"), ["a", ""]);
        assert_eq!(cells("\n\r\nq"), ["q"]);
        assert_eq!(cells("\"multi\nline\",x"), ["multi\nline", "x"]);
    }

    #[test]
    fn unterminated_quote_is_reported_at_the_quote() {
        let mut out = Vec::new();
        assert_eq!(scan_record(b"a,\"bc,d\n", 0, &mut out), Err(2));
    }
}
