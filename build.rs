//! Generates the diagnostic code table from `lang/codes/*.md`.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("lang/codes");
    println!("cargo:rerun-if-changed=lang/codes");
    let mut entries: Vec<(String, String, String)> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().and_then(|s| s.to_str()) != Some("md") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", p.display());
            let text = std::fs::read_to_string(&p).expect("read code file");
            let code = p.file_stem().unwrap().to_string_lossy().to_string();
            let first = text.lines().next().unwrap_or("");
            let title = first
                .trim_start_matches('#')
                .trim()
                .trim_start_matches(code.as_str())
                .trim_start_matches(':')
                .trim()
                .to_string();
            entries.push((code, title, text));
        }
    }
    entries.sort();
    let mut out = String::from("static CODES: &[CodeInfo] = &[\n");
    for (code, title, text) in &entries {
        writeln!(
            out,
            "    CodeInfo {{ code: {code:?}, title: {title:?}, explanation: {text:?} }},"
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("codes.rs");
    std::fs::write(dest, out).unwrap();
}
