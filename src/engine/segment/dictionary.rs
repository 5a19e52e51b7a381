//! jieba's dictionary, compiled into a finite-state transducer by `build.rs`
//! and embedded in the binary: looking a word up walks the transducer, and
//! nothing is built at run time but a table of where each common Han
//! character leads.

use std::sync::LazyLock;

use fst::raw::{CompiledAddr, Fst, Node, Output};

use super::key;

mod compiled {
    include!(concat!(env!("OUT_DIR"), "/dictionary.rs"));
    pub static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary.fst"));
}

/// The CJK Unified Ideographs block: nearly every character of a report.
const HAN_FIRST: u32 = 0x4E00;
const HAN_LAST: u32 = 0x9FFF;

pub struct Dictionary {
    fst: Fst<&'static [u8]>,
    /// ln of the total frequency: every word's probability is `freq / total`.
    pub log_total: f64,
    /// For each character of the main Han block, the state after its key and
    /// the output gathered so far, or `None` if no word starts with it. A
    /// walk starts at every character of the text, and its first character
    /// crosses the transducer's widest nodes (the root has a transition for
    /// every leading byte); this table skips them.
    han_start: Box<[Option<(CompiledAddr, u64)>]>,
    /// `ln(freq)` for the small frequencies most words have: the logarithm
    /// was a twentieth of segmenting. Computed by the same expression, so
    /// the route's arithmetic is unchanged to the bit.
    small_logs: Box<[f64]>,
}

const SMALL_FREQUENCIES: u64 = 1 << 12;

static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(Dictionary::embedded);

pub fn dictionary() -> &'static Dictionary {
    &DICTIONARY
}

impl Dictionary {
    fn embedded() -> Dictionary {
        let fst = Fst::new(compiled::FST).expect("build.rs writes a valid transducer");
        let mut dictionary = Dictionary {
            fst,
            log_total: (compiled::TOTAL as f64).ln(),
            han_start: Box::new([]),
            small_logs: (0..SMALL_FREQUENCIES).map(|f| (f as f64).ln()).collect(),
        };
        dictionary.han_start = (HAN_FIRST..=HAN_LAST)
            .map(|cp| {
                let c = char::from_u32(cp).expect("the Han block has no surrogates");
                let (node, out) = dictionary.step(dictionary.fst.root(), Output::zero(), c)?;
                Some((node.addr(), out.value()))
            })
            .collect();
        dictionary
    }

    /// Follows the key of `c` from `node`.
    #[inline]
    fn step<'f>(&'f self, node: Node<'f>, out: Output, c: char) -> Option<(Node<'f>, Output)> {
        let (bytes, len) = key::char_key(c);
        let (mut node, mut out) = (node, out);
        for &byte in &bytes[..len] {
            let t = node.transition(node.find_input(byte)?);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
        }
        Some((node, out))
    }

    /// The state after the key of `c` from the root.
    #[inline]
    fn start(&self, c: char) -> Option<(Node<'_>, Output)> {
        let cp = c as u32;
        if (HAN_FIRST..=HAN_LAST).contains(&cp) {
            let (addr, out) = self.han_start[(cp - HAN_FIRST) as usize]?;
            Some((self.fst.node(addr), Output::new(out)))
        } else {
            self.step(self.fst.root(), Output::zero(), c)
        }
    }

    /// `ln(freq)`, as `(freq as f64).ln()` gives it.
    #[inline]
    pub fn ln(&self, freq: u64) -> f64 {
        match self.small_logs.get(freq as usize) {
            Some(&ln) => ln,
            None => (freq as f64).ln(),
        }
    }

    /// The frequency of `word`, if it is in the dictionary.
    pub fn frequency(&self, word: &str) -> Option<u64> {
        let mut chars = word.chars();
        let (mut node, mut out) = self.start(chars.next()?)?;
        for c in chars {
            (node, out) = self.step(node, out, c)?;
        }
        node.is_final()
            .then(|| out.cat(node.final_output()).value())
    }

    /// Every dictionary word that starts at `chars[at]`, shortest first: calls
    /// `found(end, frequency)` with the index of the character after it.
    #[inline]
    pub fn words_at(&self, chars: &[char], at: usize, mut found: impl FnMut(usize, u64)) {
        let Some((mut node, mut out)) = self.start(chars[at]) else {
            return;
        };
        let mut end = at + 1;
        loop {
            if node.is_final() {
                found(end, out.cat(node.final_output()).value());
            }
            let Some(&next) = chars.get(end) else { break };
            match self.step(node, out, next) {
                Some(state) => (node, out) = state,
                None => break,
            }
            end += 1;
        }
    }
}
