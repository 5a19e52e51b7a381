//! `report-lsp --version`: the version and the source revision the binary
//! was built from (build.rs), checked against git itself.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn version_line(flag: &str) -> String {
    let out = run(&[flag]);
    assert_eq!(out.status.code(), Some(0), "{flag}");
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{flag}: {text:?}");
    text.trim_end().to_string()
}

/// Stdout of `git args…` in the checkout, or None outside git.
fn git(args: &[&str]) -> Option<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

/// The checkout this package is, if it is one (not a directory inside some
/// other repository).
fn own_checkout() -> bool {
    git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        Path::new(top.trim()).canonicalize().ok()
            == Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().ok()
    })
}

#[test]
fn version_names_the_release_and_the_commit() {
    let line = version_line("--version");
    assert_eq!(line, version_line("-V"));
    let prefix = format!("report-lsp {} (", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&prefix) && line.ends_with(')'), "{line:?}");
    let revision = &line[prefix.len()..line.len() - 1];

    if !own_checkout() {
        assert_eq!(revision, "built outside git");
        return;
    }
    let commit = git(&["log", "-1", "--format=%h %cs"]).unwrap();
    let (hash, date) = commit.trim().split_once(' ').unwrap();
    // The same paths as build.rs: what the binary is compiled from.
    let changed = git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        "src",
        "data",
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
    ])
    .unwrap();
    let dirty = if changed.trim().is_empty() {
        ""
    } else {
        "-dirty"
    };
    assert_eq!(revision, format!("{hash}{dirty} {date}"), "{line:?}");
}
