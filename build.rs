//! Two things the binary carries from its build:
//!
//! - jieba's dictionary (`data/jieba/dict.txt`, `word freq tag` per line),
//!   compiled into a finite-state transducer from word to frequency. Building
//!   jieba-rs's trie from the same list at run time takes 120–180 ms on our
//!   machines, more than the whole budget for opening a report; the
//!   transducer is ready the moment the process starts.
//! - the built-in term packs and the generated typo layer
//!   (`build/lexicon.rs`, `build/generated.rs`), as static tables and a
//!   serialised automaton;
//! - the source revision for `report-lsp --version` (`REPORT_LSP_REVISION`):
//!   the commit's short hash and date, `-dirty` when the files the binary is
//!   built from differ from that commit, or that it was built outside git.

use std::collections::hash_map::DefaultHasher;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/generated.rs"]
mod generated;
#[path = "src/engine/segment/key.rs"]
mod key;
#[path = "build/lexicon.rs"]
mod lexicon;

const DICTIONARY: &str = "data/jieba/dict.txt";

/// What the binary is built from: a change to any of them may make the
/// build dirty, so the revision is looked at again.
const SOURCES: &[&str] = &["src", "data", "build.rs", "Cargo.toml", "Cargo.lock"];

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    source_revision();
    compiled_data(&out);
}

/// Everything the dictionary and the lexicon are built from.
const DATA_INPUTS: &[&str] = &[
    DICTIONARY,
    "src/engine/segment/key.rs",
    "src/engine/lexicon/schema.rs",
    "build.rs",
    "build/lexicon.rs",
    "build/generated.rs",
    generated::WORDS,
    generated::LOOKALIKES,
    generated::ALLOW,
    generated::DICTIONARY_TYPOS,
];

const DATA_OUTPUTS: &[&str] = &[
    "dictionary.fst",
    "dictionary.rs",
    "lexicon.rs",
    "lexicon.daac",
    "generated.rs",
    "generated_pairs.bits",
    "generated_variants.bin",
];

/// The dictionary, then the lexicon, which reads it.
fn compiled_data(out: &Path) {
    let inputs: Vec<&str> = DATA_INPUTS.iter().chain(lexicon::PACKS).copied().collect();
    for path in &inputs {
        println!("cargo::rerun-if-changed={path}");
    }
    // The script reruns on every source change (for the revision); compiling
    // the dictionary and the lexicon again each time would add seconds to
    // every build.
    let stamp = out.join("data.stamp");
    let fingerprint = {
        let mut h = DefaultHasher::new();
        for path in &inputs {
            fs::read(path)
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .hash(&mut h);
        }
        format!("{:016x}", h.finish())
    };
    let built = DATA_OUTPUTS.iter().all(|f| out.join(f).is_file());
    if built && fs::read_to_string(&stamp).is_ok_and(|s| s == fingerprint) {
        return;
    }

    let text = fs::read_to_string(DICTIONARY).unwrap_or_else(|e| panic!("{DICTIONARY}: {e}"));

    let mut entries: Vec<(Vec<u8>, u64)> = Vec::with_capacity(text.len() / 14);
    let mut words: std::collections::HashMap<&str, u64> =
        std::collections::HashMap::with_capacity(text.len() / 14);
    let mut total: u64 = 0;
    for (number, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq: u64 = match fields.next() {
            Some(f) => f
                .parse()
                .unwrap_or_else(|e| panic!("{DICTIONARY}:{}: frequency {f:?}: {e}", number + 1)),
            None => 0,
        };
        let mut spelled = Vec::with_capacity(word.len());
        for c in word.chars() {
            let (bytes, len) = key::char_key(c);
            spelled.extend_from_slice(&bytes[..len]);
        }
        entries.push((spelled, freq));
        words.insert(word, freq);
        total += freq;
    }
    entries.sort_unstable();
    if let Some(pair) = entries.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        panic!("{DICTIONARY}: a word is listed twice (key {:?})", pair[0].0);
    }

    let map = fst::Map::from_iter(entries).expect("keys are sorted and unique");
    fs::write(out.join("dictionary.fst"), map.as_fst().as_bytes()).expect("write dictionary.fst");

    let mut rust = String::new();
    writeln!(
        rust,
        "/// The sum of all frequencies in the dictionary.\npub const TOTAL: u64 = {total};"
    )
    .unwrap();
    fs::write(out.join("dictionary.rs"), rust).expect("write dictionary.rs");

    lexicon::compile(out, &words, total);
    fs::write(&stamp, fingerprint).expect("write data.stamp");
}

/// Emits `REPORT_LSP_REVISION`: `c4fa322 2026-12-01`, `c4fa322-dirty
/// 2026-12-01`, or `built outside git` (a source archive, a crate, or no
/// `git` on the machine). Git is asked only about this package's own
/// checkout, never a repository the sources happen to sit in.
fn source_revision() {
    for path in SOURCES {
        println!("cargo::rerun-if-changed={path}");
    }
    let revision = git_revision().unwrap_or_else(|| "built outside git".to_string());
    println!("cargo::rustc-env=REPORT_LSP_REVISION={revision}");
}

fn git_revision() -> Option<String> {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR")?);
    let paths = git(
        &root,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--show-toplevel",
            "--git-dir",
            "--git-common-dir",
            "--symbolic-full-name",
            "HEAD",
        ],
    )?;
    let mut lines = paths.lines();
    let (top, git_dir, common_dir, head_ref) =
        (lines.next()?, lines.next()?, lines.next()?, lines.next()?);
    if fs::canonicalize(top).ok()? != fs::canonicalize(&root).ok()? {
        return None;
    }
    // A commit, checkout or reset in this checkout moves HEAD or the branch it
    // names, and appends to HEAD's reflog (which also catches a branch that was
    // only in packed-refs). Dirtiness changes only with the SOURCES, watched
    // above. Not the index: `git status` in an editor or prompt rewrites it,
    // and every build would compile the crate again. Only files that exist:
    // cargo reruns the script on every build while a watched file is missing.
    let git_dir = Path::new(git_dir);
    let common_dir = Path::new(common_dir);
    let mut watched = vec![git_dir.join("HEAD"), git_dir.join("logs/HEAD")];
    if head_ref.starts_with("refs/") {
        let loose = common_dir.join(head_ref);
        watched.push(if loose.is_file() {
            loose
        } else {
            common_dir.join("packed-refs")
        });
    }
    for path in watched.iter().filter(|p| p.is_file()) {
        println!("cargo::rerun-if-changed={}", path.display());
    }

    let commit = git(&root, &["log", "-1", "--format=%h %cs"])?;
    let (hash, date) = commit.trim().split_once(' ')?;
    // --no-optional-locks: a build should not rewrite the index of the
    // checkout it builds (git status refreshes it otherwise).
    let mut status = vec![
        "--no-optional-locks",
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
    ];
    status.extend_from_slice(SOURCES);
    let dirty = if git(&root, &status)?.trim().is_empty() {
        ""
    } else {
        "-dirty"
    };
    Some(format!("{hash}{dirty} {date}"))
}

/// Stdout of a successful `git` run in `dir`; `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}
