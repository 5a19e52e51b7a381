//! Compiles the built-in term packs (`data/lexicon/*.toml`) into the
//! binary: the entries as static tables and one Aho-Corasick automaton of
//! every wrong form, serialised, so that neither TOML parsing nor building
//! the automaton (~10 ms for a thousand patterns) happens when a report is
//! checked. The entries are validated by the engine's own code at first use
//! and by the tests; here only the shape is checked.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

// The engine uses more of the schema than the build does.
#[allow(dead_code)]
#[path = "../src/engine/lexicon/schema.rs"]
mod schema;

pub const PACKS: &[&str] = &[
    "data/lexicon/typo.toml",
    "data/lexicon/word_choice.toml",
    "data/lexicon/formulation.toml",
];

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    }
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", parts.join(", "))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub fn compile(out: &Path, dict: &HashMap<&str, u64>, total: u64) {
    let mut rust = String::new();
    let mut packs = String::new();
    let mut entries = String::new();
    let mut groups = String::new();
    let mut names = String::new();
    // Wrong form → every (entry, wrong index) that has it.
    let mut patterns: BTreeMap<String, Vec<(u32, u8)>> = BTreeMap::new();
    let mut n_entries: u32 = 0;
    let mut specs: Vec<(schema::PackSpec, &str)> = Vec::new();
    for (pack_index, path) in PACKS.iter().enumerate() {
        println!("cargo::rerun-if-changed={path}");
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let spec: schema::PackSpec =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = Path::new(path).file_name().unwrap().to_string_lossy();
        writeln!(
            packs,
            "    StaticPack {{ name: {}, rule: {}, source: {} }},",
            lit(&name),
            opt(&spec.rule),
            opt(&spec.source)
        )
        .unwrap();
        for spanned in &spec.entry {
            let line = line_of(&text, spanned.span().start);
            let e = spanned.get_ref();
            assert!(
                !e.wrong.0.is_empty() && e.wrong.0.len() < 256,
                "{path}:{line}: wrong"
            );
            for (k, w) in e.wrong.0.iter().enumerate() {
                patterns
                    .entry(w.clone())
                    .or_default()
                    .push((n_entries, k as u8));
            }
            let fix = match e.fix {
                Some(b) => format!("Some({b})"),
                None => "None".into(),
            };
            writeln!(
                entries,
                "    StaticEntry {{ pack: {pack_index}, line: {line}, wrong: {}, right: {}, rule: {}, source: {}, note: {}, fix: {fix}, boundary: {}, before: {}, after: {}, not_before: {}, not_after: {}, flag: {}, pass: {} }},",
                list(&e.wrong.0),
                list(&e.right.0),
                opt(&e.rule),
                opt(&e.source),
                opt(&e.note),
                opt(&e.boundary),
                list(&e.before.0),
                list(&e.after.0),
                list(&e.not_before.0),
                list(&e.not_after.0),
                list(&e.examples.flag),
                list(&e.examples.pass),
            )
            .unwrap();
            n_entries += 1;
        }
        for g in &spec.group {
            let older: Vec<String> = g.older.iter().map(|o| list(o)).collect();
            writeln!(
                groups,
                "    StaticGroup {{ name: {}, members: {}, source: {}, older: &[{}] }},",
                lit(&g.name),
                list(&g.members),
                lit(&g.source),
                older.join(", ")
            )
            .unwrap();
        }
        for n in &spec.name {
            writeln!(
                names,
                "    StaticName {{ text: {}, source: {}, flag: {}, pass: {} }},",
                lit(&n.text),
                lit(&n.source),
                list(&n.examples.flag),
                list(&n.examples.pass)
            )
            .unwrap();
        }
        specs.push((spec, path));
    }
    let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build_with_values(
            patterns
                .keys()
                .enumerate()
                .map(|(i, p)| (p.as_str(), i as u32)),
        )
        .expect("built-in wrong forms make an automaton");
    fs::write(out.join("lexicon.daac"), automaton.serialize()).expect("write lexicon.daac");

    let mut pattern_table = String::new();
    for owners in patterns.values() {
        let parts: Vec<String> = owners.iter().map(|(e, k)| format!("({e}, {k})")).collect();
        writeln!(pattern_table, "    &[{}],", parts.join(", ")).unwrap();
    }
    writeln!(rust, "pub static PACKS: &[StaticPack] = &[\n{packs}];").unwrap();
    writeln!(rust, "pub static ENTRIES: &[StaticEntry] = &[\n{entries}];").unwrap();
    writeln!(rust, "pub static GROUPS: &[StaticGroup] = &[\n{groups}];").unwrap();
    writeln!(rust, "pub static NAMES: &[StaticName] = &[\n{names}];").unwrap();
    writeln!(
        rust,
        "/// Per automaton value: the (entry, wrong form) pairs of that pattern.\npub static PATTERNS: &[&[(u32, u8)]] = &[\n{pattern_table}];"
    )
    .unwrap();
    fs::write(out.join("lexicon.rs"), rust).expect("write lexicon.rs");

    // What the generated layer learns from the curated packs.
    let mut curated = crate::generated::Curated {
        wrong: HashSet::new(),
        confused: Vec::new(),
    };
    for (spec, _) in &specs {
        for e in &spec.entry {
            let e = e.get_ref();
            let typo = e.rule.as_deref().or(spec.rule.as_deref()) == Some("typo");
            for w in &e.wrong.0 {
                curated.wrong.insert(w.as_str());
                let Some(r) = e.right.0.first().filter(|_| typo) else {
                    continue;
                };
                let (wc, rc): (Vec<char>, Vec<char>) = (w.chars().collect(), r.chars().collect());
                let differ: Vec<usize> = (0..wc.len().min(rc.len()))
                    .filter(|&i| wc[i] != rc[i])
                    .collect();
                if wc.len() == rc.len() && differ.len() == 1 {
                    curated.confused.push((rc[differ[0]], wc[differ[0]]));
                }
            }
        }
    }
    crate::generated::compile(out, dict, total, &curated);
}
