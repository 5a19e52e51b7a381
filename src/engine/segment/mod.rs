//! Word segmentation: jieba's precise mode without HMM, over jieba's own
//! dictionary compiled into the binary (see [`dictionary`]).
//!
//! The algorithm is jieba's, step for step, so the tokens are the ones
//! jieba-rs gives (`tests/segment_oracle.rs` compares them on the seeds, the
//! fixtures and random text). jieba-rs itself is not used at run time: it
//! builds its trie from the 349,045-word list on first use, which takes
//! longer than the whole budget for opening a report.
//!
//! - Text splits into runs of "word" characters (Han, ASCII letters and
//!   digits, `+#&._%-`) and everything else; every other character is a token
//!   of its own (`\r\n` together).
//! - In a run, every dictionary word starting at each character is an edge;
//!   a character that starts none is an edge of its own with frequency 1.
//! - The route maximises the sum of `ln(freq) - ln(total)` over its words,
//!   a tie going to the longer word; consecutive single ASCII letters or
//!   digits on the route join into one token.

mod dictionary;
mod key;

use std::ops::Range;

pub use dictionary::{dictionary, Dictionary};

/// A segment of text: its byte range and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub word: &'a str,
}

/// Precise-mode segmentation without HMM: HMM glues typos into new "words"
/// (`常抓抓长` → `常抓|抓长`), hiding exactly the doubling we look for.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut run = Run::default();
    let mut rest = text.char_indices().peekable();
    while let Some(&(start, first)) = rest.peek() {
        let in_word = is_word_char(first);
        let mut end = start;
        run.clear();
        while let Some(&(at, c)) = rest.peek() {
            if is_word_char(c) != in_word {
                break;
            }
            if in_word {
                run.push(at, c);
            }
            end = at + c.len_utf8();
            rest.next();
        }
        if in_word {
            run.segment(text, end, dictionary(), &mut out);
        } else {
            split_others(text, start, end, &mut out);
        }
    }
    out
}

/// The stretch of `text` that [`tokens`] segments as one unit around byte
/// `at` (a maximal run of dictionary characters), or `None` when the
/// character there is not one. Segmenting just this stretch gives exactly
/// the tokens segmenting the whole text gives for it, so a rule can
/// segment only where it needs tokens.
pub fn word_run(text: &str, at: usize) -> Option<Range<usize>> {
    let c = text.get(at..)?.chars().next()?;
    if !is_word_char(c) {
        return None;
    }
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(text.len(), |(i, _)| at + i);
    Some(start..end)
}

/// Whether `word` is in the dictionary.
pub fn has_word(word: &str) -> bool {
    dictionary().frequency(word).is_some()
}

/// The frequency jieba's dictionary gives `word`, if it lists it.
pub fn dictionary_frequency(word: &str) -> Option<u64> {
    dictionary().frequency(word)
}

/// jieba's `suggest_freq`: the frequency `segment` would need to be kept
/// whole, or its own frequency if higher.
pub fn suggest_freq(segment: &str) -> u64 {
    let dict = dictionary();
    let freq_or_one = |word: &str| dict.frequency(word).unwrap_or(1);
    let log_freq = tokens(segment).iter().fold(0f64, |sum, token| {
        sum + (freq_or_one(token.word) as f64).ln() - dict.log_total
    });
    ((log_freq + dict.log_total).exp() as u64 + 1).max(freq_or_one(segment))
}

/// jieba's default character class for dictionary runs.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2B73F}'
            | '\u{2B740}'..='\u{2B81F}'
            | '\u{2B820}'..='\u{2CEAF}'
            | '\u{2CEB0}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}'
        )
    }
}

/// Characters outside dictionary runs are tokens of their own, except that
/// `\r\n` stays together.
fn split_others<'a>(text: &'a str, start: usize, end: usize, out: &mut Vec<Token<'a>>) {
    let mut at = start;
    while at < end {
        let len = if text[at..end].starts_with("\r\n") {
            2
        } else {
            text[at..].chars().next().map_or(1, char::len_utf8)
        };
        out.push(token(text, at, at + len));
        at += len;
    }
}

fn token(text: &str, start: usize, end: usize) -> Token<'_> {
    Token {
        start,
        end,
        word: &text[start..end],
    }
}

/// One route step: the best log-probability of the rest of the run from
/// here, and where the chosen word ends (a character index).
#[derive(Clone, Copy)]
struct Step {
    log_prob: f64,
    end: usize,
}

/// A dictionary run being segmented, with buffers reused across runs.
#[derive(Default)]
struct Run {
    /// Byte offset in the text of each character.
    offsets: Vec<usize>,
    chars: Vec<char>,
    /// Dictionary words per start character: `edges[first[i]..first[i + 1]]`,
    /// as (end character index, ln frequency).
    first: Vec<usize>,
    edges: Vec<(usize, f64)>,
    route: Vec<Step>,
}

impl Run {
    fn clear(&mut self) {
        self.offsets.clear();
        self.chars.clear();
    }

    fn push(&mut self, offset: usize, c: char) {
        self.offsets.push(offset);
        self.chars.push(c);
    }

    fn segment<'a>(
        &mut self,
        text: &'a str,
        end: usize,
        dict: &Dictionary,
        out: &mut Vec<Token<'a>>,
    ) {
        let n = self.chars.len();
        self.first.clear();
        self.edges.clear();
        for at in 0..n {
            self.first.push(self.edges.len());
            let edges = &mut self.edges;
            dict.words_at(&self.chars, at, |end, freq| {
                edges.push((end, dict.ln(freq)))
            });
        }
        self.first.push(self.edges.len());

        // The same arithmetic, in the same order, as jieba: ties between
        // routes must break the same way.
        let log_total = dict.log_total;
        self.route.clear();
        self.route.resize(
            n + 1,
            Step {
                log_prob: 0.0,
                end: n,
            },
        );
        for at in (0..n).rev() {
            let mut best: Option<Step> = None;
            for &(end, log_freq) in &self.edges[self.first[at]..self.first[at + 1]] {
                let log_prob = log_freq - log_total + self.route[end].log_prob;
                if best.is_none_or(|b| {
                    log_prob > b.log_prob || (log_prob == b.log_prob && end > b.end)
                }) {
                    best = Some(Step { log_prob, end });
                }
            }
            self.route[at] = best.unwrap_or(Step {
                log_prob: (0.0 - log_total) + self.route[at + 1].log_prob,
                end: at + 1,
            });
        }

        let byte = |i: usize| if i == n { end } else { self.offsets[i] };
        let mut at = 0;
        let mut ascii_from: Option<usize> = None;
        while at < n {
            let next = self.route[at].end;
            if next - at == 1 && self.chars[at].is_ascii_alphanumeric() {
                ascii_from.get_or_insert(at);
            } else {
                if let Some(from) = ascii_from.take() {
                    out.push(token(text, byte(from), byte(at)));
                }
                out.push(token(text, byte(at), byte(next)));
            }
            at = next;
        }
        if let Some(from) = ascii_from {
            out.push(token(text, byte(from), byte(n)));
        }
    }
}
