//! The generated long-tail layer of `typo` (and `formulation`): from a
//! curated list of high-value words (`data/lexicon/words.toml`), every
//! variant that differs in one character by a homophone (same syllable and
//! tone, from the `pinyin` crate), a look-alike (`lookalike.toml`) or a pair
//! the curated typo pack already knows to be confused, and that is not
//! itself a word of jieba's dictionary nor allowed
//! (`generated_allow.txt`), is a typo of that word. jieba's dictionary was
//! counted from web text and records some common typos as words (`按排`,
//! `明查暗访`, `侯选人`, at a frequency of a few); those reviewed to have no
//! correct use are listed in `dictionary_typos.txt` and kept as variants.
//!
//! Short variants are kept only when a noisy-channel estimate says a slip
//! explains them better than the text does: a variant that is an ordinary
//! sequence of common words (`发张` = 发|张, as in 发张照片) is as likely
//! written on purpose, `惯彻` (惯|彻, both rare alone) is not.
//!
//! Output, read at run time without parsing: the words (a Rust table), and
//! the variants as fixed-size little-endian records sorted by the character
//! pair around the changed character, with a bitset of those pairs, so a
//! paragraph is scanned pair by pair at the cost of one bit test each.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use pinyin::ToPinyin;
use serde::Deserialize;

pub const WORDS: &str = "data/lexicon/words.toml";
pub const LOOKALIKES: &str = "data/lexicon/lookalike.toml";
pub const ALLOW: &str = "data/lexicon/generated_allow.txt";
pub const DICTIONARY_TYPOS: &str = "data/lexicon/dictionary_typos.txt";

/// Short variants are kept only when they are improbable as text: the best
/// split into dictionary words has a unigram probability below this (as a
/// natural log; `发张` = 发|张 is about −16, `惯彻` about −24) and below the
/// word's own. Longer variants are specific enough whatever their pieces.
const IMPROBABLE: f64 = -18.5;
const FILTERED_UP_TO: usize = 3;
/// From this length a character of another tone counts too: input methods
/// ignore tones, and a long word leaves little room for coincidence.
const TONELESS_FROM: usize = 3;
/// From this length fuzzy syllables and second-level characters count too.
const LOOSE_FROM: usize = 4;
/// Bits of the pair filter (2^BITS bits).
pub const BITS: u32 = 22;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    group: Vec<WordGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordGroup {
    source: String,
    #[serde(default)]
    rule: Option<String>,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LookalikeFile {
    set: Vec<LookalikeSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LookalikeSet {
    chars: String,
    #[allow(dead_code)] // documentation for people; the finding cites the word's source
    source: String,
}

/// Why a variant's character may have been typed for the right one.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Homophone = 0,
    Lookalike = 1,
    Confused = 2,
    /// The same syllable in another tone.
    NearHomophone = 3,
}

/// The two bytes of `c` in GB 2312 (row and cell, each from 0xA1), if it has
/// a place there.
fn gb2312_bytes(c: char) -> Option<(u8, u8)> {
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(c.encode_utf8(&mut buf));
    match *bytes {
        [row, cell] if !unmappable && (0xA1..=0xFE).contains(&cell) => Some((row, cell)),
        _ => None,
    }
}

/// A character of GB 2312's first level (3,755 characters in common use):
/// the ones an input method offers first, so the ones typed by mistake.
fn common(c: char) -> bool {
    gb2312_bytes(c)
        .is_some_and(|(row, cell)| (0xB0..=0xD7).contains(&row) && !(row == 0xD7 && cell > 0xF9))
}

/// A character of GB 2312's second level (3,008 less common characters).
fn second_level(c: char) -> bool {
    gb2312_bytes(c).is_some_and(|(row, _)| (0xD8..=0xF7).contains(&row))
}

/// The syllables an input method's fuzzy setting takes for `syl`, one
/// merge at a time: z/zh, c/ch, s/sh, n/l, and an/ang, en/eng, in/ing,
/// ian/iang, uan/uang.
fn fuzzy_syllables(syl: &str) -> Vec<String> {
    const INITIALS: &[(&str, &str)] = &[("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l")];
    const FINALS: &[(&str, &str)] = &[
        ("iang", "ian"),
        ("uang", "uan"),
        ("ang", "an"),
        ("eng", "en"),
        ("ing", "in"),
    ];
    let mut out = Vec::new();
    for &(a, b) in INITIALS {
        if let Some(rest) = syl.strip_prefix(a) {
            out.push(format!("{b}{rest}"));
        } else if let Some(rest) = syl.strip_prefix(b) {
            // `z` must not take `zh`'s syllables as its own (`zhi` is no `z`+`hi`).
            if !rest.starts_with('h') {
                out.push(format!("{a}{rest}"));
            }
        }
    }
    for &(a, b) in FINALS {
        if let Some(head) = syl.strip_suffix(a) {
            out.push(format!("{head}{b}"));
            break;
        } else if let Some(head) = syl.strip_suffix(b) {
            out.push(format!("{head}{a}"));
            break;
        }
    }
    out
}

/// The pair key that finds a variant: the changed character with the one
/// before it (or after it, when it is the first).
pub fn pair_key(a: char, b: char) -> u64 {
    ((a as u64) << 32) | b as u64
}

pub fn pair_hash(key: u64) -> u32 {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as u32
}

/// The primary reading with its tone (`guan4`).
fn reading(c: char) -> Option<&'static str> {
    c.to_pinyin().map(|p| p.with_tone_num_end())
}

fn syllable(reading: &str) -> &str {
    reading.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// The best probability jieba's unigram model gives `word` as text: the
/// most likely split into dictionary words (an unknown character counts as
/// seen once), as a natural log.
fn ln_text_probability(word: &[char], dict: &HashMap<&str, u64>, ln_total: f64) -> f64 {
    let n = word.len();
    let mut best = vec![f64::NEG_INFINITY; n + 1];
    best[0] = 0.0;
    for i in 0..n {
        if best[i] == f64::NEG_INFINITY {
            continue;
        }
        for j in i + 1..=n {
            let piece: String = word[i..j].iter().collect();
            let freq = match dict.get(piece.as_str()) {
                Some(&f) if f > 0 => f,
                _ if j == i + 1 => 1,
                _ => continue,
            };
            let p = best[i] + (freq as f64).ln() - ln_total;
            if p > best[j] {
                best[j] = p;
            }
        }
    }
    best[n]
}

pub struct Curated<'a> {
    /// Every wrong form of the curated packs: those entries say it better.
    pub wrong: HashSet<&'a str>,
    /// Character pairs the curated typos confuse (`布署`/`部署`: 布↔部).
    pub confused: Vec<(char, char)>,
}

pub fn compile(out: &Path, dict: &HashMap<&str, u64>, total: u64, curated: &Curated) {
    for f in [WORDS, LOOKALIKES, ALLOW, DICTIONARY_TYPOS] {
        println!("cargo::rerun-if-changed={f}");
    }
    let words: WordsFile = toml::from_str(&fs::read_to_string(WORDS).expect(WORDS))
        .unwrap_or_else(|e| panic!("{WORDS}: {e}"));
    let lookalikes: LookalikeFile =
        toml::from_str(&fs::read_to_string(LOOKALIKES).expect(LOOKALIKES))
            .unwrap_or_else(|e| panic!("{LOOKALIKES}: {e}"));
    let allow_text = fs::read_to_string(ALLOW).expect(ALLOW);
    let allow: HashSet<&str> = allow_text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    let typos_text = fs::read_to_string(DICTIONARY_TYPOS).expect(DICTIONARY_TYPOS);
    let dictionary_typos: HashSet<&str> = typos_text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    for t in &dictionary_typos {
        assert!(
            dict.contains_key(t),
            "{DICTIONARY_TYPOS}: {t:?} is not in jieba's dictionary, so it needs no listing"
        );
    }
    let mut typos_used: HashSet<&str> = HashSet::new();
    let ln_total = (total as f64).ln();

    // Candidates per character: homophones among common characters,
    // look-alikes, and confusions the curated typos record.
    let mut by_reading: HashMap<&str, Vec<char>> = HashMap::new();
    for w in dict.keys() {
        let mut cs = w.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if common(c) {
                if let Some(r) = reading(c) {
                    by_reading.entry(r).or_default().push(c);
                }
            }
        }
    }
    let mut by_syllable: HashMap<&str, Vec<char>> = HashMap::new();
    for (r, chars) in &by_reading {
        by_syllable
            .entry(syllable(r))
            .or_default()
            .extend(chars.iter().copied());
    }
    let mut candidates: HashMap<char, BTreeMap<char, Kind>> = HashMap::new();
    let mut add = |a: char, b: char, kind: Kind| {
        if a != b {
            let slot = candidates.entry(a).or_default().entry(b).or_insert(kind);
            *slot = (*slot).min(kind);
        }
    };
    for chars in by_syllable.values() {
        for &a in chars {
            for &b in chars {
                let same_tone = reading(a) == reading(b);
                add(
                    a,
                    b,
                    if same_tone {
                        Kind::Homophone
                    } else {
                        Kind::NearHomophone
                    },
                );
            }
        }
    }
    for set in &lookalikes.set {
        let cs: Vec<char> = set.chars.chars().collect();
        for &a in &cs {
            for &b in &cs {
                add(a, b, Kind::Lookalike);
            }
        }
    }
    for &(a, b) in &curated.confused {
        add(a, b, Kind::Confused);
        add(b, a, Kind::Confused);
    }

    // Long words take looser likenesses: the syllables an input method's
    // fuzzy setting merges (名/民, 新/兴, 身/生), and second-level characters
    // of the same reading (惘 for 罔). A long word leaves little room for
    // a coincidence, so these cost no precision there.
    let mut long_candidates = candidates.clone();
    for (syl, chars) in &by_syllable {
        for other in fuzzy_syllables(syl) {
            let Some(typed) = by_syllable.get(other.as_str()) else {
                continue;
            };
            for &a in chars {
                for &b in typed {
                    let slot = long_candidates
                        .entry(a)
                        .or_default()
                        .entry(b)
                        .or_insert(Kind::NearHomophone);
                    *slot = (*slot).min(Kind::NearHomophone);
                }
            }
        }
    }
    let mut rare_by_reading: HashMap<&str, Vec<char>> = HashMap::new();
    for w in dict.keys() {
        let mut cs = w.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if second_level(c) {
                if let Some(r) = reading(c) {
                    rare_by_reading.entry(r).or_default().push(c);
                }
            }
        }
    }
    for (r, rare) in &rare_by_reading {
        let all: Vec<char> = by_reading
            .get(r)
            .into_iter()
            .flatten()
            .chain(rare)
            .copied()
            .collect();
        for &a in &all {
            for &b in &all {
                if a != b && (rare.contains(&a) || rare.contains(&b)) {
                    long_candidates
                        .entry(a)
                        .or_default()
                        .entry(b)
                        .or_insert(Kind::Homophone);
                }
            }
        }
    }

    let listed: HashSet<&str> = words
        .group
        .iter()
        .flat_map(|g| g.words.iter().map(String::as_str))
        .collect();
    let mut table = String::new();
    let mut sources: Vec<&str> = Vec::new();
    // (key, word, position, character, kind)
    let mut variants: Vec<(u64, u32, u8, u32, u8)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut emitted: HashSet<String> = HashSet::new();
    let mut n_word: u32 = 0;
    for g in &words.group {
        let rule = match g.rule.as_deref() {
            None | Some("typo") => 0,
            Some("formulation") => 1,
            Some(other) => panic!("{WORDS}: rule {other:?} (typo or formulation)"),
        };
        let source = match sources.iter().position(|s| *s == g.source) {
            Some(i) => i,
            None => {
                sources.push(&g.source);
                sources.len() - 1
            }
        };
        for word in &g.words {
            let chars: Vec<char> = word.chars().collect();
            assert!(
                (2..=32).contains(&chars.len()),
                "{WORDS}: {word:?} must have 2 to 32 characters"
            );
            writeln!(table, "    ({word:?}, {source}, {rule}),").unwrap();
            let ln_word = match dict.get(word.as_str()) {
                Some(&f) if f > 0 => (f as f64).ln() - ln_total,
                _ => ln_text_probability(&chars, dict, ln_total),
            };
            let ceiling = IMPROBABLE.min(ln_word);
            for (i, &c) in chars.iter().enumerate() {
                let pool = if chars.len() >= LOOSE_FROM {
                    &long_candidates
                } else {
                    &candidates
                };
                let Some(subs) = pool.get(&c) else {
                    continue;
                };
                for (&s, &kind) in subs {
                    if kind == Kind::NearHomophone && chars.len() < TONELESS_FROM {
                        continue;
                    }
                    let mut v = chars.clone();
                    v[i] = s;
                    let text: String = v.iter().collect();
                    let recorded_typo = dictionary_typos.get(text.as_str()).copied();
                    if (dict.contains_key(text.as_str()) && recorded_typo.is_none())
                        || allow.contains(text.as_str())
                        || listed.contains(text.as_str())
                        || curated.wrong.contains(text.as_str())
                        || !seen.insert(text.clone())
                    {
                        continue;
                    }
                    // A looser likeness must also be improbable as text:
                    // `民主团结` is 民主|团结, not a slip for 民族团结.
                    let loose = !candidates.get(&c).is_some_and(|m| m.contains_key(&s));
                    if recorded_typo.is_none()
                        && (chars.len() <= FILTERED_UP_TO || loose)
                        && ln_text_probability(&v, dict, ln_total) >= ceiling
                    {
                        continue;
                    }
                    typos_used.extend(recorded_typo);
                    emitted.insert(text);
                    let key = if i == 0 {
                        pair_key(s, chars[1])
                    } else {
                        pair_key(chars[i - 1], s)
                    };
                    variants.push((key, n_word, i as u8, s as u32, kind as u8));
                }
            }
            n_word += 1;
        }
    }
    let mut unused: Vec<&&str> = dictionary_typos.difference(&typos_used).collect();
    unused.sort();
    assert!(
        unused.is_empty(),
        "{DICTIONARY_TYPOS}: not a variant of any listed word (or listed elsewhere): {unused:?}"
    );
    variants.sort_unstable();

    // An allowed text longer than a variant it contains is a context: the
    // variant is right there (`民转刑` holds 转型's variant `转刑`).
    let mut contexts: Vec<(String, &str, usize)> = Vec::new();
    for line in &allow {
        let cs: Vec<char> = line.chars().collect();
        for start in 0..cs.len() {
            for end in start + 2..=cs.len() {
                if end - start == cs.len() {
                    continue;
                }
                let piece: String = cs[start..end].iter().collect();
                if emitted.contains(&piece) {
                    contexts.push((piece, line, start));
                }
            }
        }
    }
    contexts.sort_unstable();
    contexts.dedup();

    let mut bits = vec![0u64; 1 << (BITS - 6)];
    // 12 bytes a record: the pair key, the word's index in 24 bits, and the
    // position (6 bits) with the kind (2 bits). The typed character is not
    // stored: it is one of the key's two (the first for a change at the
    // start, else the second).
    let mut records = Vec::with_capacity(variants.len() * 12);
    for &(key, word, pos, ch, kind) in &variants {
        assert!(
            word < 1 << 24 && pos < 64 && kind < 4,
            "record fields overflow"
        );
        let typed = if pos == 0 {
            key >> 32
        } else {
            key & 0xFFFF_FFFF
        };
        assert_eq!(typed, u64::from(ch), "the typed character is in the key");
        let h = pair_hash(key) as usize;
        bits[h >> 6] |= 1 << (h & 63);
        records.extend_from_slice(&key.to_le_bytes());
        records.extend_from_slice(&word.to_le_bytes()[..3]);
        records.push(pos | kind << 6);
    }
    let bit_bytes: Vec<u8> = bits.iter().flat_map(|w| w.to_le_bytes()).collect();
    fs::write(out.join("generated_pairs.bits"), bit_bytes).expect("write pair bits");
    fs::write(out.join("generated_variants.bin"), records).expect("write variants");

    let mut rust = String::new();
    writeln!(
        rust,
        "/// (word, source index, rule: 0 typo, 1 formulation)\npub static WORDS: &[(&str, usize, u8)] = &[\n{table}];"
    )
    .unwrap();
    let src: Vec<String> = sources.iter().map(|s| format!("{s:?}")).collect();
    writeln!(rust, "pub static SOURCES: &[&str] = &[{}];", src.join(", ")).unwrap();
    writeln!(rust, "pub const BITS: u32 = {BITS};").unwrap();
    let context_rows: String = contexts
        .iter()
        .map(|(v, line, at)| format!("    ({v:?}, {line:?}, {at}),\n"))
        .collect();
    writeln!(
        rust,
        "/// (variant, allowed text around it, the variant's character offset in\n/// that text), sorted by variant.\npub static ALLOWED_CONTEXTS: &[(&str, &str, usize)] = &[\n{context_rows}];"
    )
    .unwrap();
    writeln!(rust, "pub const VARIANTS: usize = {};", variants.len()).unwrap();

    // Confusable characters for run-time use (a roster's names).
    let mut confusable = String::new();
    let mut chars: Vec<(&char, &BTreeMap<char, Kind>)> = candidates.iter().collect();
    chars.sort();
    for (c, subs) in chars {
        // Names are short: another tone is too loose a likeness for them.
        let s: String = subs
            .iter()
            .filter(|(_, k)| **k != Kind::NearHomophone)
            .map(|(c, _)| *c)
            .collect();
        if s.is_empty() {
            continue;
        }
        writeln!(confusable, "    ({c:?}, {s:?}),").unwrap();
    }
    writeln!(
        rust,
        "/// Per character (sorted): the characters that may be typed for it (same\n/// reading and tone, look-alike, or known confusion).\npub static CONFUSABLE: &[(char, &str)] = &[\n{confusable}];"
    )
    .unwrap();
    fs::write(out.join("generated.rs"), rust).expect("write generated.rs");
}
