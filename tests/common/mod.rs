//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

pub mod lsp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_report-lsp")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The real reports in `../shared/seeds`, present beside every checkout
/// this project is developed and tested in.
pub fn seed(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/seeds")
        .join(name);
    assert!(path.is_file(), "seed report missing: {}", path.display());
    path
}

pub const SEED_000: &str = "000_af67df00b5c4fdf4.txt";
pub const SEED_001: &str = "001_3675291f22daf265.txt";

/// The (0-based) lines of a seed's level-1 headings, `一、` to `五、`.
pub fn level_one_heading_lines(text: &str) -> Vec<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            ["一、", "二、", "三、", "四、", "五、"]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .map(|(i, _)| i as u64)
        .collect()
}

pub fn run(args: &[&str]) -> Output {
    run_in(args, None, None)
}

pub fn run_in(args: &[&str], stdin: Option<&[u8]>, dir: Option<&Path>) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("start report-lsp");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "report-lsp-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// JSON findings of `report-lsp check --format json` on a text.
pub fn check_json(dir: &TempDir, name: &str, text: &str) -> Vec<serde_json::Value> {
    let path = dir.write(name, text);
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(&out)))
}

/// `report-lsp check --format json PATH`.
pub fn check_json_file(path: &Path) -> Output {
    run(&["check", "--format", "json", path.to_str().unwrap()])
}

/// The findings array printed by `check --format json`.
pub fn json_findings(out: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(out)))
}
