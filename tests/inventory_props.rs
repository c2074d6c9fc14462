//! Property tests: no input in the inventory files makes the loader panic,
//! and every diagnostic span lies inside its file on a char boundary.

use proptest::prelude::*;
use unetc::project::FileSet;

const MANIFEST: &[u8] = b"[project]\nname = \"p\"\n";

fn compile(nodes: &[u8], links: &[u8], locations: &[u8]) {
    let mut files = FileSet::default();
    files.insert("unet.toml", MANIFEST.to_vec());
    files.insert("inventory/nodes.csv", nodes.to_vec());
    files.insert("inventory/links.csv", links.to_vec());
    files.insert("inventory/locations.toml", locations.to_vec());
    let c = unetc::driver::compile(&files, &Default::default()).unwrap();
    for d in &c.diagnostics {
        for l in d.primary.iter().chain(&d.labels) {
            let text = c.project.sources.text(l.span.file);
            assert!(l.span.start <= l.span.end, "{d:?}");
            assert!((l.span.end as usize) <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(l.span.start as usize), "{d:?}");
            assert!(text.is_char_boundary(l.span.end as usize), "{d:?}");
        }
    }
    // rendering every diagnostic must not panic either
    let _ = unetc::diag::render(
        &c.diagnostics,
        &c.project.sources,
        unetc::diag::Format::Human,
        false,
    );
}

/// CSV-like text: header words, separators, quotes, newlines and some UTF-8.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("name".to_string()),
        Just("vendor".to_string()),
        Just("a_node".to_string()),
        Just("a_interface".to_string()),
        Just("z_node".to_string()),
        Just("z_interface".to_string()),
        Just("a_ip".to_string()),
        Just("z_ip".to_string()),
        Just("mtu".to_string()),
        Just("location".to_string()),
        Just("custom.a.b".to_string()),
        Just("custom.a".to_string()),
        Just("r1".to_string()),
        Just("r2".to_string()),
        Just("cisco".to_string()),
        Just("10.0.0.1/31".to_string()),
        Just(",".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just("#".to_string()),
        "[a-z0-9./:-]{0,6}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|t| t.concat().into_bytes())
}

/// TOML-like text for locations.
fn tomlish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just("[[location]]\n".to_string()),
        Just("[[locations]]\n".to_string()),
        Just("[location]\n".to_string()),
        Just("name = \"a\"\n".to_string()),
        Just("name = \"b\"\n".to_string()),
        Just("parent = \"a\"\n".to_string()),
        Just("parent = \"b\"\n".to_string()),
        Just("name = 5\n".to_string()),
        Just("custom = { x = [1, 2] }\n".to_string()),
        Just("custom = 3\n".to_string()),
        Just("[location.custom]\n".to_string()),
        Just("kind = \"site\"\n".to_string()),
        Just("\"".to_string()),
        Just("=".to_string()),
        "[a-z]{0,5}",
    ];
    prop::collection::vec(token, 0..30).prop_map(|t| t.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        nodes in prop::collection::vec(any::<u8>(), 0..300),
        links in prop::collection::vec(any::<u8>(), 0..300),
        locations in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        compile(&nodes, &links, &locations);
    }

    #[test]
    fn csv_and_toml_shaped_input_never_panics(
        nodes in csvish(),
        links in csvish(),
        locations in tomlish(),
    ) {
        compile(&nodes, &links, &locations);
    }
}
