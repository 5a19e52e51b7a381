//! Compiles jieba's dictionary (`data/jieba/dict.txt`, `word freq tag` per
//! line) into a finite-state transducer from word to frequency, embedded in
//! the binary. Building jieba-rs's trie from the same list at run time takes
//! 120–180 ms on our machines, more than the whole budget for opening a
//! report; the transducer is ready the moment the process starts.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

#[path = "build/generated.rs"]
mod generated;
#[path = "src/engine/segment/key.rs"]
mod key;
#[path = "build/lexicon.rs"]
mod lexicon;

const DICTIONARY: &str = "data/jieba/dict.txt";

fn main() {
    println!("cargo::rerun-if-changed={DICTIONARY}");
    println!("cargo::rerun-if-changed=src/engine/segment/key.rs");

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
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("dictionary.fst"), map.as_fst().as_bytes()).expect("write dictionary.fst");

    let mut rust = String::new();
    writeln!(
        rust,
        "/// The sum of all frequencies in the dictionary.\npub const TOTAL: u64 = {total};"
    )
    .unwrap();
    fs::write(out.join("dictionary.rs"), rust).expect("write dictionary.rs");

    println!("cargo::rerun-if-changed=build/lexicon.rs");
    println!("cargo::rerun-if-changed=src/engine/lexicon/schema.rs");
    println!("cargo::rerun-if-changed=build/generated.rs");
    lexicon::compile(&out, &words, total);
}
