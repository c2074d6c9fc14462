//! The man pages in `man/` are generated from the clap definition; this test
//! fails when they are stale. Regenerate with
//! `UNETC_BLESS=1 cargo test --test man`.
//!
//! Layout (like git's): `man/unetc.1` for the command and its global options,
//! and `man/unetc-<sub>.1` for each subcommand (nested ones as
//! `unetc-<sub>-<subsub>.1`), each with its own synopsis and options.
//!
//! Also: every subcommand appears in the bash, zsh and fish completions.

use clap::CommandFactory;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every man page, by file name.
fn pages() -> BTreeMap<String, Vec<u8>> {
    let mut cmd = unetc::cli::Cli::command();
    cmd.build();
    let mut out = BTreeMap::new();
    render(&cmd, "unetc", &mut out);
    out
}

fn render(cmd: &clap::Command, name: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    // clap's `Str` takes `&'static str` without its "string" feature; a test may leak.
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    let bin: &'static str = Box::leak(name.replace('-', " ").into_boxed_str());
    let page = cmd.clone().name(leaked).display_name(leaked).bin_name(bin);
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .date("")
        .source(format!("unetc {}", env!("CARGO_PKG_VERSION")))
        .manual("unetc manual")
        .render(&mut buf)
        .expect("render man page");
    out.insert(format!("{name}.1"), buf);
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        render(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

#[test]
fn man_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let want = pages();
    if std::env::var_os("UNETC_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".1") && !want.contains_key(&name) {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        for (name, bytes) in &want {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, bytes) in &want {
        if std::fs::read(dir.join(name)).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(name.clone());
        }
    }
    let extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".1") && !want.contains_key(n))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "man pages are stale: {stale:?}, no longer generated: {extra:?}; run `UNETC_BLESS=1 cargo test --test man`"
    );
}

#[test]
fn man_page_lists_every_subcommand() {
    let cmd = unetc::cli::Cli::command();
    let main = String::from_utf8(pages().remove("unetc.1").unwrap()).unwrap();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        assert!(
            main.contains(sub.get_name()),
            "unetc.1 does not mention `{}`",
            sub.get_name()
        );
    }
}

#[test]
fn completions_mention_every_subcommand() {
    let cmd = unetc::cli::Cli::command();
    let subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(subs.len() >= 10, "expected the full CLI, got {subs:?}");
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::new(env!("CARGO_BIN_EXE_unetc"))
            .args(["completions", shell])
            .output()
            .expect("run unetc completions");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        for s in &subs {
            let found = match shell {
                // bash dispatches on `unetc,<sub>)` and offers the names in the top-level `opts`
                "bash" => {
                    let top_opts = text
                        .lines()
                        .find(|l| l.trim_start().starts_with("opts=\"") && l.contains("--version"))
                        .unwrap_or("");
                    text.contains(&format!("unetc,{s})")) && top_opts.contains(&format!(" {s} "))
                }
                _ => text.contains(s.as_str()),
            };
            assert!(found, "{shell} completion does not mention `{s}`");
        }
    }
}
