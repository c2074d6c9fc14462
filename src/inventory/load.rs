//! Loading every inventory file of a project: which file is which (by file
//! stem), reading the files in parallel, then the cross-entity checks.
//!
//! Codes: `E0102` (an inventory file whose stem is not `locations`, `nodes`
//! or `links`); the readers and checks report the rest.

use super::fields::Builder;
use super::row::{EntityKind, STEMS};
use super::Inventory;
use crate::diag::{did_you_mean, Diagnostic, FileId, Span};
use crate::project::Project;
use rayon::prelude::*;

/// Loads and validates every inventory file of the project.
///
/// Files are read locations first, then nodes, then links, each kind in path
/// order, so entity order (and so output order) is the same on every run.
pub fn load(project: &Project) -> (Inventory, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(EntityKind, FileId, &str, bool)> = Vec::new();
    for &f in &project.inventory_files {
        let path = project.sources.path(f);
        let name = path.rsplit('/').next().unwrap_or(path);
        let (stem, is_csv) = match name.strip_suffix(".csv") {
            Some(s) => (s, true),
            None => (name.strip_suffix(".toml").unwrap_or(name), false),
        };
        match EntityKind::from_stem(stem) {
            Some(k) => files.push((k, f, path, is_csv)),
            None => diags.push(
                Diagnostic::error("E0102", format!("unknown inventory file `{path}`"))
                    .with_label(Span::new(f, 0..0), "unetc does not know what this file holds")
                    .with_help(match did_you_mean(stem, STEMS.iter().copied()) {
                        Some(s) => format!(
                            "did you mean `inventory/{s}.{}`? inventory files are named `locations`, `nodes` or `links`",
                            if is_csv { "csv" } else { "toml" }
                        ),
                        None => "rename it to `locations`, `nodes` or `links` (`.csv` or `.toml`), or move it out of `inventory/`".to_string(),
                    }),
            ),
        }
    }
    files.sort_by_key(|(k, _, path, _)| (*k, *path));
    let builders: Vec<Builder> = files
        .par_iter()
        .map(|&(kind, f, path, is_csv)| {
            let mut b = Builder::default();
            let text = project.sources.text(f);
            if is_csv {
                super::csv::read(f, path, text, kind, &mut b);
            } else {
                super::toml::read(f, path, text, kind, &mut b);
            }
            b
        })
        .collect();
    let mut all = Builder::default();
    for b in builders {
        all.diags.extend(b.diags);
        all.locations.extend(b.locations);
        all.nodes.extend(b.nodes);
        all.links.extend(b.links);
        all.broken_locations.extend(b.broken_locations);
        all.broken_nodes.extend(b.broken_nodes);
    }
    let (inv, d) = super::validate::validate(all);
    diags.extend(d);
    (inv, diags)
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostic;
    use crate::inventory::Inventory;
    use crate::project::{self, FileSet, Project};
    use crate::value::Value;

    fn load(files: &[(&str, &str)]) -> (Project, Inventory, Vec<Diagnostic>) {
        let mut fs = FileSet::default();
        fs.insert("unet.toml", "[project]\nname = \"t\"\n");
        for (p, t) in files {
            fs.insert(*p, *t);
        }
        let (p, d) = project::load(&fs);
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        let (inv, diags) = super::load(&p);
        (p, inv, diags)
    }

    /// The text a diagnostic's primary label covers.
    fn snippet<'a>(p: &'a Project, d: &Diagnostic) -> &'a str {
        p.sources.snippet(d.primary.as_ref().unwrap().span)
    }

    #[test]
    fn csv_spans_cover_the_cell_inside_quotes() {
        let (p, inv, d) = load(&[(
            "inventory/nodes.csv",
            "name,vendor,model,custom.note\n\"bad_name\", cisoc ,\"ISR, 4451\",\"say \"\"hi\"\"\"\n",
        )]);
        let codes: Vec<_> = d.iter().map(|d| (d.code, snippet(&p, d))).collect();
        assert_eq!(codes, [("E0109", "bad_name"), ("E0103", "cisoc")]);
        let n = &inv.nodes[0];
        assert_eq!(n.model.as_deref(), Some("ISR, 4451"));
        assert_eq!(
            n.custom_data.get_path(&["note"]),
            Some(&Value::Str("say \"hi\"".into()))
        );
        // a cell with escaped quotes: the span is the raw text between the outer quotes
        assert_eq!(p.sources.snippet(n.fields["custom.note"]), "say \"\"hi\"\"");
        assert_eq!(p.sources.snippet(n.fields["model"]), "ISR, 4451");
    }

    #[test]
    fn toml_spans_point_at_values_and_keys() {
        let (p, inv, d) = load(&[(
            "inventory/nodes.toml",
            "[[node]]\nname = \"r1\"\nvendor = \"cisoc\"\ncustom.bgp.asn = 65001\n\n[[node]]\nrole = \"router\"\n",
        )]);
        let codes: Vec<_> = d.iter().map(|d| (d.code, snippet(&p, d))).collect();
        assert_eq!(codes, [("E0103", "\"cisoc\""), ("E0105", "[[node]]")]);
        let n = &inv.nodes[0];
        assert_eq!(
            n.custom_data.get_path(&["bgp", "asn"]),
            Some(&Value::Int(65001))
        );
        assert_eq!(p.sources.snippet(n.fields["name"]), "\"r1\"");
        assert_eq!(p.sources.snippet(n.fields["custom.bgp.asn"]), "asn");
        // the E0105 table header is the second one, on line 6
        let at = d[1].primary.as_ref().unwrap().span;
        assert_eq!(p.sources.location(at).1, 6);
    }

    #[test]
    fn csv_and_toml_mix_and_every_error_is_reported() {
        let (p, inv, d) = load(&[
            ("inventory/locations.toml", "[[location]]\nname = \"a\"\nparent = \"b\"\n\n[[location]]\nname = \"b\"\nparent = \"a\"\n"),
            ("inventory/nodes.toml", "[[node]]\nname = \"r1\"\n\n[[node]]\nname = \"r2\"\nlocation = \"c\"\n"),
            ("inventory/links.csv", "a_node,a_interface,z_node,z_interface\nr1,e0,r2,e0\nr1,e0,r3,e1\nr2,e1,r2,e2\n"),
        ]);
        let codes: Vec<_> = d.iter().map(|d| (d.code, snippet(&p, d))).collect();
        assert_eq!(
            codes,
            [
                ("E0115", "\"b\""),
                ("E0113", "\"c\""),
                ("E0116", "r3"),
                ("E0118", "e0"),
                ("E0117", "r2"),
            ]
        );
        // the cycle is broken, the bad links are left out, the good one stays
        assert_eq!(inv.location("a").unwrap().parent, None);
        assert_eq!(inv.location_path("b").len(), 2);
        assert_eq!(inv.links.len(), 1);
        assert_eq!(inv.links_of("r2")[0].peer_node(), Some("r1"));
    }
}
