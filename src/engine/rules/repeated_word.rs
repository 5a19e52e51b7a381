//! `repeated-word`: a word, phrase or character typed twice (`征集征集`,
//! `加强管理管理制度`, `的的`, `常抓抓长`).
//!
//! The regex crate has no backreferences, and jieba's tokens hide half the
//! doublings (`管理|管理制度`, `认真总结|总结经验`), so the search runs on
//! characters: at each position, the next `k` characters against the `k`
//! after them, for every `k` the run of text allows (at most
//! [`MAX_UNIT`]). That is linear in the paragraph for a bounded `k`, and
//! most positions fail on the first character.
//!
//! A doubling found that way is then judged against Chinese reduplication,
//! with tokens only where they are needed: the stretch around the doubling
//! is segmented on its own ([`segment::word_run`]), so a paragraph without
//! a doubled character is never segmented at all.
//!
//! - Two or more Han characters repeated are a typo wherever the token
//!   boundaries fall, unless the whole doubling is one dictionary word
//!   (`一点一点`), a distributive numeral-measure phrase (`一个村一个村`), a
//!   number (`二〇二〇`), a place name's generic part starting the next word
//!   (`和平社区社区卫生服务中心`), or an anonymised name (`某某局某某局`).
//! - A single character doubled is judged by the two tokens it straddles:
//!   see [`Scan::single_character`].

mod lexicon;

use lexicon::{
    ADMINISTRATIVE_LEVELS, ANONYMISED, ASPECT_MARKERS, CLASS_PREFIXES, CLASS_SUFFIXES, DETERMINERS,
    DISTRIBUTIVE_NUMERALS, LOCALIZERS, MEASURE_WORDS, NEVER_DOUBLED, NUMERALS, PLACE_GENERICS,
    PLACE_GENERICS_2, PLURAL_SUFFIX, TENTATIVE_VERBS, VERB_OBJECT,
};

use std::ops::Range;

use crate::engine::chars::is_han;
use crate::engine::config::Config;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment::{self, Token};
use crate::engine::text::Paragraph;

/// The longest doubled unit looked for, in characters: a title of a few
/// dozen characters typed twice is caught, and a line of thousands of
/// characters without punctuation costs at most this many comparisons per
/// character.
const MAX_UNIT: usize = 64;

/// The longest distributive numeral-measure phrase, in characters:
/// `一个问题一个问题`, `一个党支部一个党支部`.
const MAX_DISTRIBUTIVE: usize = 5;

/// The longest distributive phrase whose noun is a compound
/// (`一个村民小组一个村民小组`), accepted when no function word is in it.
const MAX_DISTRIBUTIVE_NOUN_PHRASE: usize = 7;

/// The longest item of an enumeration looked at for a parallel doubling,
/// in characters.
const PARALLEL_ITEM: usize = 10;

/// The least frequency (in jieba's dictionary) of a word rather than a
/// set phrase: jieba lists phrases (认真总结, 总结经验, 党员干部) at 3.
const LEXICAL_FREQUENCY: u64 = 10;

/// Title and quotation marks a doubled unit may contain, balanced
/// (`《工作要点》《工作要点》`, `“两个确立”“两个确立”`).
const INNER_MARKS: &str = "《》〈〉“”‘’（）「」『』";

pub fn check(p: &Paragraph, config: &Config, out: &mut Vec<Finding>) {
    let mut scan = Scan::new(p, config);
    let n = scan.chars.len();
    let mut i = 0;
    while i < n {
        match scan.doubling_at(i) {
            Some((f, resume)) => {
                out.push(f);
                i = resume;
            }
            None => i += 1,
        }
    }
}

/// One paragraph as characters, with the tokens of the stretches segmented
/// so far.
struct Scan<'a> {
    p: &'a Paragraph<'a>,
    config: &'a Config,
    chars: Vec<char>,
    /// Byte offset of each character, and the paragraph's length last.
    at: Vec<usize>,
    /// For each character, where its run of unit characters (Han, digits,
    /// title marks) ends; punctuation, spaces and Latin letters end a run.
    run_end: Vec<u32>,
    /// How many Han characters, numerals (Chinese or digits), marks and
    /// starts of `某某` come before each character: a unit's make-up in
    /// constant time, however often a periodic stretch (`二〇二〇…`) offers
    /// the same characters again.
    han_before: Vec<u32>,
    numerals_before: Vec<u32>,
    marks_before: Vec<u32>,
    placeholders_before: Vec<u32>,
    /// For each length, the first position at or after the last one looked
    /// at where `chars[x] != chars[x + len]`: every (position, length) is
    /// answered in amortised constant time, so the scan is linear in the
    /// paragraph times [`MAX_UNIT`].
    agree_until: [usize; MAX_UNIT + 1],
    /// For each length, where the last doubling of that length judged
    /// correct starts.
    correct_at: [Option<usize>; MAX_UNIT + 1],
    segmented: Vec<(Range<usize>, Vec<Token<'a>>)>,
    /// Set while a neighbouring item is judged for [`Scan::in_parallel`].
    in_parallel: bool,
}

/// Where the two copies are: the first is `chars[first..first + len]`, the
/// second `chars[second..second + len]`, with `second == first + len` or one
/// space between.
#[derive(Clone, Copy)]
struct Doubling {
    first: usize,
    second: usize,
    len: usize,
}

impl Doubling {
    fn glued(&self) -> bool {
        self.second == self.first + self.len
    }
}

/// Three consecutive tokens of one stretch: the one holding a character,
/// and its neighbours inside the stretch.
#[derive(Clone, Copy)]
struct Around<'a> {
    before: Option<Token<'a>>,
    token: Token<'a>,
    after: Option<Token<'a>>,
}

fn is_unit_char(c: char) -> bool {
    is_han(c) || c.is_ascii_digit() || ('０'..='９').contains(&c) || INNER_MARKS.contains(c)
}

fn is_gap(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

impl<'a> Scan<'a> {
    fn new(p: &'a Paragraph<'a>, config: &'a Config) -> Scan<'a> {
        let (at, chars): (Vec<usize>, Vec<char>) = p.text.char_indices().unzip();
        let mut at = at;
        at.push(p.text.len());
        let n = chars.len();
        let mut run_end = vec![n as u32; n];
        for i in (0..n.saturating_sub(1)).rev() {
            if !is_unit_char(chars[i]) {
                run_end[i] = i as u32;
            } else {
                run_end[i] = run_end[i + 1];
            }
        }
        if n > 0 && !is_unit_char(chars[n - 1]) {
            run_end[n - 1] = (n - 1) as u32;
        }
        let before = |class: &dyn Fn(usize) -> bool| {
            let mut counts = Vec::with_capacity(n + 1);
            let mut k = 0u32;
            counts.push(0);
            for i in 0..n {
                k += u32::from(class(i));
                counts.push(k);
            }
            counts
        };
        let han_before = before(&|i| is_han(chars[i]));
        let numerals_before = before(&|i| NUMERALS.contains(chars[i]) || chars[i].is_ascii_digit());
        let marks_before = before(&|i| INNER_MARKS.contains(chars[i]));
        let anonymised: Vec<char> = ANONYMISED.chars().collect();
        let placeholders_before = before(&|i| chars[i..].starts_with(&anonymised));
        Scan {
            p,
            config,
            chars,
            at,
            run_end,
            han_before,
            numerals_before,
            marks_before,
            placeholders_before,
            agree_until: [0; MAX_UNIT + 1],
            correct_at: [None; MAX_UNIT + 1],
            segmented: Vec::new(),
            in_parallel: false,
        }
    }

    fn run_end(&self, i: usize) -> usize {
        self.run_end[i] as usize
    }

    /// How many characters of `from..to` a class count says are in it.
    fn count(counts: &[u32], from: usize, to: usize) -> usize {
        (counts[to] - counts[from]) as usize
    }

    /// Whether `chars[i..i + len] == chars[i + len..i + 2 * len]`.
    fn repeats(&mut self, i: usize, len: usize) -> bool {
        let n = self.chars.len();
        let until = &mut self.agree_until[len];
        if *until <= i {
            let mut x = i;
            while x + len < n && self.chars[x] == self.chars[x + len] {
                x += 1;
            }
            *until = x;
        }
        *until >= i + len
    }

    /// The doubling that starts at character `i`, if it is a typo: the
    /// finding and the character to go on from.
    fn doubling_at(&mut self, i: usize) -> Option<(Finding, usize)> {
        let end = self.run_end(i);
        if end == i {
            return None;
        }
        // Longest first: `常常常常` is `常常` twice, not `常` four times.
        for len in (1..=((end - i) / 2).min(MAX_UNIT)).rev() {
            if !self.repeats(i, len) {
                continue;
            }
            // A rotation of a doubling judged correct just before
            // (`一个一个一并` is `个一` twice from its second character) is
            // correct too.
            if self.correct_at[len].is_some_and(|start| i < start + len) {
                continue;
            }
            let d = Doubling {
                first: i,
                second: i + len,
                len,
            };
            let judged = self.judge(d);
            if judged.is_none() && len >= 2 {
                self.correct_at[len] = Some(i);
            }
            if let Some(f) = judged {
                let r = self.aligned(d);
                if r.first != d.first {
                    if let Some(named) = self.judge(r) {
                        return Some((named, r.second + r.len));
                    }
                }
                return Some((f, d.second + d.len));
            }
        }
        // The first copy ends the run and one typed space separates the
        // second (`组织 组织学习`).
        let len = end - i;
        let second = end + 1;
        if len <= MAX_UNIT
            && second < self.chars.len()
            && is_gap(self.chars[end])
            && !self.p.is_blanked(self.at[end])
            && second + len <= self.run_end(second)
            && self.chars[i..end] == self.chars[second..second + len]
        {
            let d = Doubling {
                first: i,
                second,
                len,
            };
            if let Some(f) = self.judge(d) {
                return Some((f, second + len));
            }
        }
        None
    }

    /// Among the rotations of a doubling (`ABCABCA` is `ABC` twice from the
    /// first character and `BCA` twice from the second), the first whose
    /// copy starts a token: the same deletion, named by the right word.
    fn aligned(&mut self, d: Doubling) -> Doubling {
        if d.len < 2 {
            return d;
        }
        // A rotation by `len` is the same unit again: at most `len - 1`.
        let end = self.run_end(d.first);
        let mut shift = 0;
        while shift + 1 < d.len
            && d.first + shift + 2 * d.len < end
            && self.chars[d.first + shift] == self.chars[d.first + shift + 2 * d.len]
        {
            shift += 1;
        }
        if shift == 0 || self.starts_token(d.first) {
            return d;
        }
        (1..=shift)
            .map(|s| Doubling {
                first: d.first + s,
                second: d.second + s,
                len: d.len,
            })
            .find(|r| self.starts_token(r.first))
            .unwrap_or(d)
    }

    /// Whether the doubling is the whole periodic stretch: the character
    /// before the first copy does not end the second, and the one after the
    /// second does not start the first.
    fn maximal(&self, d: Doubling) -> bool {
        let end = d.second + d.len;
        (d.first == 0 || self.chars[d.first - 1] != self.chars[end - 1])
            && self
                .chars
                .get(end)
                .is_none_or(|&c| c != self.chars[d.first])
    }

    fn starts_token(&mut self, i: usize) -> bool {
        self.around(i)
            .is_some_and(|around| around.token.start == self.at[i])
    }

    fn judge(&mut self, d: Doubling) -> Option<Finding> {
        if d.len == 1 {
            self.single_character(d)
        } else {
            self.unit(d)
        }
    }

    fn text(&self, from: usize, to: usize) -> &'a str {
        &self.p.text[self.at[from]..self.at[to]]
    }

    fn allowed(&self, texts: &[&str]) -> bool {
        texts.iter().any(|t| self.config.repeated_word_allowed(t))
    }

    /// Two or more characters typed twice.
    fn unit(&mut self, d: Doubling) -> Option<Finding> {
        let (from, to) = (d.first, d.first + d.len);
        let unit = self.text(from, to);
        if Self::count(&self.han_before, from, to) < 2
            || (Self::count(&self.marks_before, from, to) > 0
                && !balanced(&self.chars[from..to])
                && !one_sided(&self.chars[from..to]))
        {
            return None;
        }
        // A number (`二〇二〇`, `一九一九年`): not a word.
        if Self::count(&self.numerals_before, from, to) == d.len {
            return None;
        }
        // `一个一个`, `一步一步地`, `一个问题一个问题地解决`: a numeral, a
        // measure word and at most a short noun. A longer unit that starts
        // so (`一些干部担当作为不够`) is a clause typed twice; a noun phrase
        // (`一个村民小组一个村民小组地`) has no function word in it, a clause
        // (`一步一步把工作落到实处`) has.
        if DISTRIBUTIVE_NUMERALS.contains(self.chars[from])
            && MEASURE_WORDS.contains(self.chars[from + 1])
            && (d.len <= MAX_DISTRIBUTIVE
                || d.len <= MAX_DISTRIBUTIVE_NOUN_PHRASE
                    && !self.chars[from + 2..to]
                        .iter()
                        .any(|&c| NEVER_DOUBLED.contains(c)))
        {
            return None;
        }
        // `道路一路一长`, `全村一村一品`: the first copy's character ends the
        // word before, and the rest is the `一A一B` pattern (一路一长,
        // 一村一策), not `路一` typed twice. `统一统一` starts a word and is.
        if d.len == 2
            && d.glued()
            && self.chars[to - 1] == '一'
            && d.second + d.len < self.run_end(d.first)
            && is_han(self.chars[d.second + d.len])
            && !NUMERALS.contains(self.chars[d.second + d.len])
            && !self.starts_token(d.first)
        {
            return None;
        }
        // `某某局某某局`: the placeholder rule's finding.
        let marks_end = (to + 1)
            .saturating_sub(ANONYMISED.chars().count())
            .max(from);
        if Self::count(&self.placeholders_before, from, marks_end) > 0 {
            return None;
        }
        // `和平社区社区卫生服务中心`: the name's 社区, then a longer word
        // that starts with it (not `老旧小区小区`). What comes before must
        // be able to be a name: not a determiner or a function word
        // (`部分社区社区服务`, `对社区社区养老`).
        if PLACE_GENERICS_2.contains(&unit)
            && d.glued()
            && d.first > 0
            && is_han(self.chars[d.first - 1])
            && !self.determined(d.first)
            && self.around(d.second).is_some_and(|a| {
                a.token.start == self.at[d.second] && a.token.end > self.at[d.second + d.len]
            })
        {
            return None;
        }
        let both = self.text(d.first, d.second + d.len);
        if self.allowed(&[unit, both]) {
            return None;
        }
        // One dictionary word (`一点一点`, `很多很多`): jieba knows it.
        if d.glued() {
            if let Some(around) = self.around(d.first) {
                if around.token.end >= self.at[d.second + d.len] {
                    return None;
                }
            }
        }
        // `退税缓税缓费`: words in a row that share characters. The unit
        // (`税缓`) is no word, the first copy starts inside one (`退税`),
        // and the repetition goes no further either way, so no other
        // reading of it starts a word (`说到做到做到` is `做到` twice).
        if d.glued()
            && Self::count(&self.han_before, from, to) == d.len
            && !segment::has_word(unit)
            && !self.starts_token(d.first)
            && self.maximal(d)
        {
            return None;
        }
        // `基层党组织组织力`, `民营企业企业家`: the first copy ends a
        // compound and the second starts a word derived from it; two words,
        // nothing typed twice.
        if self.derived_after_compound(d) {
            return None;
        }
        let range = self.at[d.first + d.len]..self.at[d.second + d.len];
        let message = if TENTATIVE_VERBS.contains(&unit) {
            format!(
                "“{unit}{unit}”可能是口语化的动词重叠，也可能是多打了一遍；公文中应只用一个“{unit}”"
            )
        } else if d.len <= 8 {
            format!("“{unit}”重复（{unit}{unit}），应删除多余的“{unit}”")
        } else {
            format!("“{unit}”重复，应删除多余的一处")
        };
        Some(Finding::new(Rule::RepeatedWord, range, message).with_fix(""))
    }

    /// One Han character twice, judged by the tokens the two copies fall in:
    ///
    /// - inside one token: a dictionary word (`常常`, `沉甸甸`);
    /// - two words that touch (`学习|习近平`, `工作|作风`, `全县|县城`);
    /// - a word, then the character alone (`我们|们`, `常抓|抓|长`): a typo,
    ///   unless the character is a function word after a word ending in it
    ///   (`目的|的`, `导向|向`), a verb taking an aspect marker
    ///   (`工作|作|了`), a place name's generic part or a prefix starting the
    ///   next word (`全县|县|直`, `安全|全|链条`), the start of a word, of an
    ///   `ABAC` 四字格 (`教师|师|德|师|风`) or of a stretch of characters
    ///   jieba does not know (`组织|织|密|网络`), or the measure word of a
    ///   numeral-measure word (`一条|条`);
    /// - the character alone, then a word starting with it (`进|进一步`): a
    ///   typo, unless the character is a function word in front of an
    ///   unrelated word (`是|是否`, `对|对象`), the verb of a verb–object word
    ///   doubled (`治|治病`, `记|记笔记`), the end of a word jieba cut short
    ///   (`全|县|县城`), a localizer closing a phrase (`过程|中|中央`,
    ///   `卒|中|中心`), or a place name's generic part (`人民|路|路口`);
    /// - the character alone twice (`的|的`): a typo only for function words,
    ///   which never reduplicate; classifiers (`级级`), nouns (`村村`) and
    ///   action verbs (`记记`) do.
    ///
    /// Numerals (`十五|五`) and `AABB` (`认认真真`) are never typos.
    fn single_character(&mut self, d: Doubling) -> Option<Finding> {
        let c = self.chars[d.first];
        if !is_han(c) || NUMERALS.contains(c) {
            return None;
        }
        if self.aabb(d) {
            return None;
        }
        let first = self.around(d.first)?;
        let second = self.around(d.second)?;
        let (a, b) = (first.token, second.token);
        if a.start == b.start {
            return None;
        }
        let doubled = &self.p.text[a.start..b.end];
        let pair = self.text(d.first, d.second + 1);
        if self.allowed(&[doubled, pair, self.text(d.first, d.first + 1)]) {
            return None;
        }
        let range = self.at[d.first + 1]..self.at[d.second + 1];
        let message = match (a.word.chars().count(), b.word.chars().count()) {
            (1, 1) => {
                if !NEVER_DOUBLED.contains(c) {
                    return None;
                }
                format!("“{c}”重复（{pair}），应删除多余的“{c}”")
            }
            (_, 1) => {
                if self.second_copy_stands(d, a.word, second.after) || self.in_parallel(d) {
                    return None;
                }
                format!("“{c}”字重复（{doubled}），应删除多余的“{c}”")
            }
            (1, _) => {
                if self.first_copy_stands(d, first.before, b.word) || self.in_parallel(d) {
                    return None;
                }
                format!("“{c}”字重复（{doubled}），应删除多余的“{c}”")
            }
            _ => return None,
        };
        Some(Finding::new(Rule::RepeatedWord, range, message).with_fix(""))
    }

    /// Whether the first copy is the end of a longer word (`党组织`,
    /// `民营企业`) and the second the start of a word made with a
    /// suffix-like morpheme (`组织|力`, `企业家`). `认真总结|总结经验` and
    /// `主体|责任|责任制` are typos: the second is followed by a word, the
    /// first is a word of its own.
    fn derived_after_compound(&mut self, d: Doubling) -> bool {
        let (first_end, second_end) = (d.first + d.len, d.second + d.len);
        let Some(first) = self.around(first_end - 1) else {
            return false;
        };
        if first.token.start >= self.at[d.first] || first.token.end != self.at[first_end] {
            return false;
        }
        let Some(second) = self.around(d.second) else {
            return false;
        };
        if second.token.start != self.at[d.second] || second_end >= self.chars.len() {
            return false;
        }
        // `基层党组织|组织生活|会`: two words of the lexicon, the second a
        // compound of its own (two more characters), not a phrase (jieba
        // lists set phrases such as 认真总结, 总结经验 at frequency 3) nor
        // a word the copy makes with one more character (`党小组|小组会`,
        // `监督管理|管理局`, typed twice).
        let lexical =
            |w: &str| segment::dictionary_frequency(w).is_some_and(|f| f >= LEXICAL_FREQUENCY);
        if second.token.word.chars().count() >= d.len + 2
            && lexical(first.token.word)
            && lexical(second.token.word)
        {
            return true;
        }
        let suffix = self.chars[second_end];
        if !CLASS_SUFFIXES.contains(suffix) {
            return false;
        }
        let suffix_end = self.at[second_end + 1];
        second.token.end == suffix_end
            || (second.token.end == self.at[second_end]
                && second.after.is_some_and(|t| t.end == suffix_end))
    }

    /// Whether a neighbouring item of the enumeration (after or before a
    /// `、` or `，`) doubles a verb the same way and that doubling is
    /// correct: `开开会、发发文`, `听听汇报、看看材料`. Verbs reduplicate
    /// in parallel as classifiers do (`层层…级级`).
    fn in_parallel(&mut self, d: Doubling) -> bool {
        if self.in_parallel {
            return false;
        }
        let n = self.chars.len();
        let is_sep = |c: char| c == '、' || c == '，';
        let is_end = |c: char| is_sep(c) || "。；！？：".contains(c);
        let start = (0..d.first).rev().find(|&k| is_end(self.chars[k]));
        let end = (d.second + 1..n).find(|&k| is_end(self.chars[k]));
        let mut items = Vec::new();
        if let Some(s) = start.filter(|&s| is_sep(self.chars[s])) {
            let from = (0..s)
                .rev()
                .find(|&k| is_end(self.chars[k]))
                .map_or(0, |k| k + 1);
            items.push(from.max(s.saturating_sub(PARALLEL_ITEM))..s);
        }
        if let Some(e) = end.filter(|&e| is_sep(self.chars[e])) {
            let to = (e + 1..n).find(|&k| is_end(self.chars[k])).unwrap_or(n);
            items.push(e + 1..to.min(e + 1 + PARALLEL_ITEM));
        }
        self.in_parallel = true;
        let found = items.into_iter().any(|item| {
            (item.start..item.end.saturating_sub(2)).any(|k| {
                let ch = &self.chars;
                ch[k] == ch[k + 1]
                    && is_han(ch[k])
                    && is_han(ch[k + 2])
                    && ch[k + 2] != ch[k]
                    && (k == 0 || ch[k - 1] != ch[k])
                    // A word of its own (`常常`, `层层`) is no verb doubled.
                    && self.around(k).is_some_and(|a| a.token.end <= self.at[k + 1])
                    && self
                        .judge(Doubling {
                            first: k,
                            second: k + 1,
                            len: 1,
                        })
                        .is_none()
            })
        });
        self.in_parallel = false;
        found
    }

    /// Whether the word before character `i` is a determiner, a quantity
    /// or a function word (`部分|社区`, `38个|社区`, `对|社区`), which no
    /// place's name is.
    fn determined(&mut self, i: usize) -> bool {
        let Some(before) = self.around(i - 1) else {
            return true;
        };
        let word = before.token.word;
        let last = word.chars().last().unwrap_or(' ');
        DETERMINERS.contains(&word)
            || word.chars().all(|c| NEVER_DOUBLED.contains(c))
            || (MEASURE_WORDS.contains(last)
                && word
                    .chars()
                    .rev()
                    .nth(1)
                    .is_some_and(|c| NUMERALS.contains(c) || c.is_ascii_digit()))
            // `38|个|社区`: digits, then the measure word alone.
            || (word.chars().count() == 1
                && MEASURE_WORDS.contains(last)
                && i >= 2
                && (self.chars[i - 2].is_ascii_digit() || NUMERALS.contains(self.chars[i - 2])))
    }

    /// `认认真真`, `干干净净`: the doubled pair next to another doubled pair,
    /// also with a space typed between the pairs (`原原 本本`, the
    /// `stray-space` finding) or inside the second (`原原本 本`).
    fn aabb(&self, d: Doubling) -> bool {
        let ch = &self.chars;
        let i = d.first;
        let pair = |x: usize| x + 1 < ch.len() && ch[x] == ch[x + 1] && is_han(ch[x]);
        let gap = |x: usize| x < ch.len() && is_gap(ch[x]);
        if !d.glued() {
            // `原原本 本`: the spaced pair after a doubled pair.
            return i >= 2 && pair(i - 2) && ch[i - 1] != ch[i];
        }
        (i >= 2 && pair(i - 2) && ch[i - 1] != ch[i])
            || (i >= 3 && gap(i - 1) && pair(i - 3) && ch[i - 2] != ch[i])
            || (pair(i + 2) && ch[i + 2] != ch[i])
            || (gap(i + 2) && pair(i + 3) && ch[i + 3] != ch[i])
            || (i + 4 < ch.len() && gap(i + 3) && ch[i + 2] == ch[i + 4] && ch[i + 2] != ch[i])
    }

    /// After a word ending in the character (`A|c`), whether the lone second
    /// copy is a word of its own.
    fn second_copy_stands(&mut self, d: Doubling, a: &str, after: Option<Token>) -> bool {
        let c = self.chars[d.second];
        let next = d.second + 1;
        let ch = &self.chars;
        // ABAC: `师德师风`.
        let abac = next + 2 < self.run_end(d.second)
            && ch[next + 1] == c
            && is_han(ch[next])
            && is_han(ch[next + 2])
            && ch[next] != c
            && ch[next + 2] != c;
        let lone_after = after.filter(|t| t.word.chars().count() == 1);
        // `按照|照|ＸＸ`: a template's placeholder stands for the word the
        // lone character starts (`照镜子`); nothing is known to be doubled.
        let placeholder_after = self
            .chars
            .get(d.second + 1)
            .is_some_and(|&c| is_placeholder_char(c));
        // `学习|习|总书记`: a surname before a post title names a person.
        let surname = (next + 2..=(next + 4).min(self.run_end(d.second)))
            .any(|to| crate::engine::titles::ends_with_post(self.text(next, to)));
        // A function word after a word ending in it (`目的|的`, `导向|向`).
        if NEVER_DOUBLED.contains(c)
            || placeholder_after
            || surname && c != PLURAL_SUFFIX
            || abac
            || lone_after.is_some_and(|t| ASPECT_MARKERS.contains(t.word))
            || self.word_from(d.second)
            // `全县|县|直|单位`: an administrative compound jieba lacks.
            || PLACE_GENERICS.contains(c)
            // `食品安全|全|链条`: a prefix before the next word.
            || (CLASS_PREFIXES.contains(c) && after.is_some())
            // `一条|条`, `两项|项`.
            || (a.chars().count() == 2 && a.starts_with(|n| NUMERALS.contains(n)))
        {
            return true;
        }
        // `组织|织|密|网络`, `扩大开放|放|管|服`: the second copy starts a
        // stretch of lone characters, a word jieba does not know, which may
        // well begin with the doubled character. (`常抓|抓|长。`, where the
        // stretch is one character ending the clause, is a typo.)
        if c == PLURAL_SUFFIX {
            return false;
        }
        lone_after.is_some_and(|t| {
            t.word
                .chars()
                .all(|x| is_han(x) && !NEVER_DOUBLED.contains(x))
                && self
                    .around(next + 1)
                    .is_some_and(|n| n.token.start == t.end && n.token.word.chars().all(is_han))
        })
    }

    /// Before a word starting with the character (`c|cX`), whether the lone
    /// first copy is a word of its own or part of the word before.
    fn first_copy_stands(&self, d: Doubling, before: Option<Token>, b: &str) -> bool {
        let c = self.chars[d.first];
        NEVER_DOUBLED.contains(c)
            || VERB_OBJECT.contains(&b)
            || self.word_to(d.first)
            // `过程|中|中央`, `会|上|上级`: a localizer closes the phrase
            // before it.
            || (LOCALIZERS.contains(c) && before.is_some())
            // `，市|市场监督管理局`: a level of government said alone at the
            // start of a clause, then an office whose name starts with it.
            || (before.is_none() && ADMINISTRATIVE_LEVELS.contains(c))
            // `人民|路|路口`: a name, then its generic part; the name may be
            // a template's placeholder (`X市|市场监管局`).
            || (PLACE_GENERICS.contains(c)
                && (before.is_some_and(|t| t.word.chars().any(|ch| is_han(ch) || stands_for_a_name(ch)))
                    // `＊市|市场监管局`: the blank is outside the segmented stretch.
                    || d.first > 0 && is_placeholder_char(self.chars[d.first - 1])))
    }

    /// Whether a dictionary word of two or more characters starts at
    /// character `i` (`工作|作出` when jieba's route went the other way).
    fn word_from(&self, i: usize) -> bool {
        let end = self.run_end(i);
        (i + 2..=end.min(i + 4)).any(|to| segment::has_word(self.text(i, to)))
    }

    /// Whether a dictionary word of two or more characters ends at
    /// character `i` (`全县`, before `县城`).
    fn word_to(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i)
            .filter(|&from| self.chars[from..i].iter().all(|&c| is_unit_char(c)))
            .any(|from| segment::has_word(self.text(from, i + 1)))
    }

    /// The token holding character `i`, and its neighbours, from the
    /// segmentation of its stretch alone.
    fn around(&mut self, i: usize) -> Option<Around<'a>> {
        let byte = self.at[i];
        let text: &'a str = self.p.text;
        // Stretches are cached in order of their start; they never overlap.
        let k = self.segmented.partition_point(|(run, _)| run.end <= byte);
        if self
            .segmented
            .get(k)
            .is_none_or(|(run, _)| run.start > byte)
        {
            let run = segment::word_run(text, byte)?;
            let tokens = segment::tokens(&text[run.clone()])
                .into_iter()
                .map(|t| Token {
                    start: t.start + run.start,
                    end: t.end + run.start,
                    word: t.word,
                })
                .collect();
            self.segmented.insert(k, (run, tokens));
        }
        let tokens = &self.segmented[k].1;
        let t = tokens.partition_point(|t| t.end <= byte);
        let token = *tokens.get(t)?;
        Some(Around {
            before: t.checked_sub(1).map(|b| tokens[b]),
            token,
            after: tokens.get(t + 1).copied(),
        })
    }
}

/// Whether the title and quotation marks in a unit pair up inside it.
fn balanced(unit: &[char]) -> bool {
    let mut open = Vec::new();
    for &c in unit {
        if let Some(k) = INNER_MARKS.chars().position(|m| m == c) {
            if k % 2 == 0 {
                open.push(c);
            } else {
                let opener = INNER_MARKS.chars().nth(k - 1);
                if open.pop() != opener {
                    return false;
                }
            }
        }
    }
    open.is_empty()
}
/// Whether a unit's marks all open or all close, and its words are long
/// enough to be a phrase: `要“坚持改革` typed twice left one mark unpaired
/// (the quote rule's finding too); correct text never repeats it so.
fn one_sided(unit: &[char]) -> bool {
    let marks: Vec<usize> = unit
        .iter()
        .filter_map(|&c| INNER_MARKS.chars().position(|m| m == c))
        .collect();
    let han = unit.iter().filter(|&&c| is_han(c)).count();
    han >= MIN_ONE_SIDED && (marks.iter().all(|k| k % 2 == 0) || marks.iter().all(|k| k % 2 == 1))
}

/// Han characters a unit with unpaired marks needs to count as a phrase.
const MIN_ONE_SIDED: usize = 4;

/// A template's placeholder character, standing for a name (`X市`, `×县`).
fn stands_for_a_name(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ' | '×' | '*' | '＊')
}

/// A character a template's blank is written with (`XX`, `□□`, `___`).
fn is_placeholder_char(c: char) -> bool {
    stands_for_a_name(c) || matches!(c, '□' | '○' | '〇' | '_' | '＿' | '某')
}

#[cfg(test)]
mod tests {
    use super::lexicon::{
        LOCALIZERS, MEASURE_WORDS, NEVER_DOUBLED, PLACE_GENERICS, TENTATIVE_VERBS, VERB_OBJECT,
    };
    use crate::engine::registry::Rule;
    use crate::engine::segment;
    use crate::engine::severity::Severity;
    use crate::engine::testing::{findings, fixes, flagged, flagged_md, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::RepeatedWord, &DEFAULT)
    }

    /// `text` with each finding's fix applied.
    fn fixed(text: &str) -> String {
        let mut out = text.to_string();
        let mut found = findings(text, &DEFAULT);
        found.retain(|f| f.rule == Rule::RepeatedWord);
        for f in found.iter().rev() {
            out.replace_range(f.range.clone(), &f.fix.as_ref().unwrap().replacement);
        }
        out
    }

    #[test]
    fn spec_must_flag() {
        for (text, second) in [
            ("广泛征集征集意见建议", "征集"),
            ("我们我们要坚持", "我们"),
            ("我的的书", "的"),
            ("在在会上", "在"),
            ("党员干部党员干部要带头", "党员干部"),
            ("以韧劲常抓抓长", "抓"),
            ("我们们一定", "们"),
            ("组织 组织学习", " 组织"),
        ] {
            assert_eq!(hits(text), [second], "{text}");
        }
    }

    /// A string of two or more Han characters typed twice, wherever jieba's
    /// boundaries fall, and long phrases.
    #[test]
    fn doublings_across_token_boundaries() {
        for (text, second) in [
            // 规范|规范化: the second copy is glued to the next word.
            ("推动支部建设规范规范化", "规范"),
            // 深入推进|推进全面: both copies glued to neighbours.
            ("深入推进推进全面从严治党向纵深发展", "推进"),
            // 服务|服务群众.
            ("切实提高服务服务群众的能力", "服务"),
            ("严格落实落实“三会一课”制度", "落实"),
            ("全面加强党的建设党的建设", "党的建设"),
            ("坚持问题导向问题导向，查找短板", "问题导向"),
            (
                "二〇二四年度机关党支部工作总结二〇二四年度机关党支部工作总结",
                "二〇二四年度机关党支部工作总结",
            ),
            (
                "学习《中国共产党纪律处分条例》《中国共产党纪律处分条例》",
                "《中国共产党纪律处分条例》",
            ),
            ("常常常常", "常常"),
            // A phrase with an opening mark typed twice.
            (
                "总书记强调，要“坚持以改革为牵引要“坚持以改革为牵引，",
                "要“坚持以改革为牵引",
            ),
            // Not a place name's generic part before a longer word.
            ("改造老旧小区小区32个", "小区"),
            // A phrase entry ending in the copy, then a word: typed twice.
            ("全面从严治党要切实加强加强领导", "加强"),
            // A unit of ten is no distributive numeral: `万家` is a word.
            ("惠及万家万家灯火", "万家"),
            // A clause in a distributive frame has a function word in it.
            ("一名党员的作用一名党员的作用", "一名党员的作用"),
            // A determiner, not a place's name, before 社区.
            ("部分社区社区服务场所面积不足", "社区"),
            ("走访38个社区社区养老服务站", "社区"),
            // The copy makes a word with one more character: typed twice.
            ("市场监督管理管理局", "管理"),
            ("召开党小组小组会", "小组"),
            // Alone, a one-character verb before a word starting with it.
            ("要认真发发文件", "发"),
            // `统一` starts a word: typed twice.
            ("进一步统一统一思想", "统一"),
            // Starts like `一个一个`, but is a clause.
            (
                "一些干部担当作为不够一些干部担当作为不够",
                "一些干部担当作为不够",
            ),
            (
                "一步一步把工作落到实处一步一步把工作落到实处",
                "一步一步把工作落到实处",
            ),
        ] {
            assert_eq!(hits(text), [second], "{text}");
        }
    }

    #[test]
    fn single_characters_typed_twice() {
        for (text, second) in [
            ("这是我们们的责任", "们"),
            ("要进进一步加强管理", "进"),
            ("加快推推进项目建设", "推"),
            ("会议和和活动", "和"),
            ("把问题都都解决了", "都"),
            ("这是是一项长期任务", "是"),
        ] {
            assert_eq!(hits(text), [second], "{text}");
        }
    }

    #[test]
    fn words_in_a_row_that_share_characters_are_no_doubling() {
        for text in [
            "落实减税降费及退税缓税缓费政策",
            "2024年，市市场监督管理局坚持依法行政",
            "县市场监管局、市市政工程管理处",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
        // A copy that starts a word is typed twice, whatever follows.
        for (text, second) in [
            ("落实退税退税政策", "退税"),
            ("一是一是加强理论学习", "一是"),
            ("作为“一把手把手”工程", "把手"),
            ("这也是也是一项长期任务", "也是"),
            ("全面落实落实减税降费政策", "落实"),
            ("召开市场市场监管工作会议", "市场"),
        ] {
            assert_eq!(hits(text), [second], "{text}");
        }
        // The repetition runs on (`到做到做到`): one reading is `做到` twice.
        assert_eq!(hits("要做到说到做到做到").len(), 1);
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "常常",
            "紧紧围绕",
            "牢牢把握",
            "层层签订",
            "看看",
            "原原本本学习",
            "实实在在的成效",
            "扎扎实实",
            "认认真真",
            "方方面面",
            "沉甸甸的责任",
            "一个一个落实",
            "人人有责",
            "事事有着落",
            "处处",
            "学习习近平总书记重要讲话",
            "健全全面从严治党",
            "工作作风",
            "党委委员",
            "具体体现",
            "交流发言33人次",
            "共1100人",
            "反复抓、抓反复",
            "实现目的的手段",
            "关键是是否落实",
            "一条条措施",
            "干干净净",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    /// The false alarms of issue 11, each a class, in sentences of our own.
    #[test]
    fn legitimate_classes() {
        for text in [
            // A word, then the character as a verb with an aspect marker.
            "会上对明年工作作了具体部署",
            "支部对合作作过专门研究",
            // Two words that touch.
            "统筹推进全县县城更新改造",
            "全面提升基层党组织组织力",
            "召开民营企业企业家座谈会",
            "全市市场主体持续增加",
            // ABAC 四字格 after a word ending in its first character.
            "持续加强教师师德师风建设",
            // jieba does not know the word the lone characters make.
            "建成胸痛中心和卒中中心",
            // A place name's generic part, then a word starting with it.
            "人民路路口新建人行天桥",
            "朝阳区区委召开专题会议",
            "和平社区社区卫生服务中心投入使用",
            // Plan numbers and Chinese numerals.
            "科学谋划“十五五”发展思路",
            "“十四五”规划目标任务全面完成",
            "二〇二〇年以来",
            // Reduplicated measure words in parallel.
            "层层传导压力，级级压实责任",
            "项项有着落，件件有回音",
            // A one-character verb doubled before its object.
            "不能满足于读读文件、记记笔记",
            "要多想想办法",
            "经常照照镜子、找找差距",
            "照镜子、正衣冠、洗洗澡、治治病",
            "敢于红红脸、出出汗",
            "帮助基层把把关、鼓鼓劲",
            // A function word before an unrelated word starting with it.
            "要对对象进行分类管理",
            "着力解决就就业问题",
            "促进人与自然和和谐共生",
            "我们要要求自己更严一些",
            // Distributive numeral-measure phrases, and their rotations.
            "一个问题一个问题地解决",
            "把问题一个一个一并解决",
            "某某局某某局某某局",
            "一个村一个村地走访",
            "一步一步推进",
            // Placeholders belong to the placeholder rule.
            "XX局、XX局",
            "XX县区、XX县区",
            "XX局XX局",
            "XX县区XX县区",
            "某某局某某局",
            // Other particles after a word ending in them.
            "这些问题我们受不了了",
            // A function word after a word ending in it.
            "坚持问题导向向纵深推进",
            // The second copy starts a word jieba does not know.
            "全县县直单位",
            "强化组织织密网络",
            "持续深化扩大开放放管服改革",
            "食品安全全链条监管",
            "培育创新新动能",
            // A distributive phrase whose noun is a compound.
            "一个村民小组一个村民小组地走访",
            "一家规上企业一家规上企业地上门服务",
            // `一A一B` after a word ending in A.
            "实现农村道路一路一长全覆盖",
            "推动全村一村一品发展",
            // A blank after the lone copy stands for the word it starts.
            "按照照ＸＸ、正衣冠的要求",
            "＊市市场监管局",
            // Verbs doubled in parallel, the object noun of 问.
            "不能满足于开开会、发发文",
            "多向企业问问题、听意见",
            // Two words of the lexicon, the second a compound of its own.
            "开好基层党组织组织生活会",
            // A surname before a post title (习总书记 is the formulation rule's).
            "认真学习习总书记重要讲话",
            "会见王主任和李书记",
            // Two words with a space typed between (the `stray-space` finding).
            "开好基层党组织 组织生活会",
            // AABB with a space typed in (the `stray-space` finding).
            "坚持原原 本本学",
            "坚持原原本 本学",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn abab_verbs_are_warnings_that_say_why() {
        for text in ["大家研究研究再定", "讨论讨论"] {
            let f = findings(text, &DEFAULT);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f[0].severity, Severity::Warning);
            assert!(f[0].message.contains("口语"), "{}", f[0].message);
            assert!(f[0].message.contains("多打"), "{}", f[0].message);
        }
        assert_eq!(fixed("大家研究研究再定"), "大家研究再定");
        let f = findings("征集征集", &DEFAULT);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(!f[0].message.contains("口语"), "{}", f[0].message);
    }

    #[test]
    fn fix_deletes_the_second_occurrence() {
        for (text, right) in [
            ("广泛征集征集意见", "广泛征集意见"),
            ("加强管理管理制度建设", "加强管理制度建设"),
            ("认真总结总结经验", "认真总结经验"),
            ("压实主体责任责任制", "压实主体责任制"),
            ("以韧劲常抓抓长", "以韧劲常抓长"),
            ("我们们一定", "我们一定"),
        ] {
            assert_eq!(fixed(text), right, "{text}");
        }
        let text = "我们 我们要";
        // The space between is also a `stray-space`; this is about the word.
        assert_eq!(
            fixes(text, Rule::RepeatedWord),
            [(" 我们".into(), Some(String::new()))]
        );
        assert_eq!(fixed(text), "我们要");
    }

    /// The copy named is the word a reader sees, not a rotation of it:
    /// `建设美丽乡村美丽乡村` deletes the second `美丽乡村`.
    #[test]
    fn finding_names_the_word() {
        let f = findings("大力建设美丽乡村美丽乡村", &DEFAULT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("“美丽乡村”"), "{}", f[0].message);
        assert_eq!(fixed("大力建设美丽乡村美丽乡村"), "大力建设美丽乡村");
        // 村美丽乡村 is the same deletion from one character on; the
        // message still names 美丽乡村.
        let f = findings("美丽乡村美丽乡村村", &DEFAULT);
        assert!(f[0].message.contains("“美丽乡村”"), "{}", f[0].message);
    }

    #[test]
    fn punctuation_markdown_and_tabs_separate() {
        for text in ["征集、征集", "征集\t征集", "征集  征集", "征集。征集"] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text:?}");
        }
        assert_eq!(
            flagged_md("征集`x`征集", Rule::RepeatedWord),
            Vec::<String>::new()
        );
        assert_eq!(flagged_md("征集征集", Rule::RepeatedWord), ["征集"]);
    }

    #[test]
    fn a_phrase_typed_many_times_without_punctuation() {
        // 500 copies of one clause and no punctuation: each pair of copies is
        // one finding, and the scan never looks past MAX_UNIT characters.
        let clause = "各级党组织要切实担负起管党治党主体责任";
        let text = clause.repeat(500);
        let found = hits(&text);
        assert!(!found.is_empty());
        // Each finding is a whole number of copies of the clause.
        for f in &found {
            assert_eq!(f.chars().count() % clause.chars().count(), 0, "{f}");
            assert!(f.starts_with(clause), "{f}");
        }
    }

    #[test]
    fn allow_list() {
        let config = crate::engine::config::Config::from_toml(
            "[repeated-word]\nallow = [\"征集\", \"抓抓\", \"研究研究\"]\n",
        )
        .unwrap();
        assert!(flagged("征集征集", Rule::RepeatedWord, &config).is_empty());
        assert!(flagged("以韧劲常抓抓长", Rule::RepeatedWord, &config).is_empty());
        assert!(flagged("研究研究", Rule::RepeatedWord, &config).is_empty());
        assert_eq!(flagged("我们我们", Rule::RepeatedWord, &config), ["我们"]);
    }

    /// Every function word that "never doubles" is split by jieba when
    /// doubled (so no dictionary word hides it) and flagged in a sentence.
    #[test]
    fn never_doubled_entries() {
        for c in NEVER_DOUBLED.chars() {
            let doubled = format!("{c}{c}");
            let words: Vec<&str> = segment::tokens(&doubled).iter().map(|t| t.word).collect();
            assert_eq!(words.len(), 2, "{doubled} is one word: {words:?}");
            assert_eq!(hits(&doubled), [c.to_string()], "{doubled}");
        }
    }

    #[test]
    fn measure_word_entries() {
        for m in MEASURE_WORDS.chars() {
            let numeral_measure = format!("一{m}");
            assert!(
                dictionary_tag(&numeral_measure) == Some("m"),
                "{numeral_measure} is not a numeral-measure word in jieba's dictionary"
            );
            let text = format!("一{m}一{m}地落实");
            assert_eq!(hits(&text), Vec::<String>::new(), "{text}");
        }
        // Not a measure word: 一是 typed twice is a typo.
        assert_eq!(hits("一是一是加强学习"), ["一是"]);
    }

    #[test]
    fn verb_object_entries() {
        for word in VERB_OBJECT {
            assert!(
                segment::has_word(word),
                "{word} is not in jieba's dictionary"
            );
            let verb = word.chars().next().unwrap();
            let text = format!("大家都要{verb}{word}");
            assert_eq!(hits(&text), Vec::<String>::new(), "{text}");
        }
        // Not verb-object words: the doubled first character is a typo.
        for (text, second) in [("大家都要推推进", "推"), ("大家都要加加强", "加")] {
            assert_eq!(hits(text), [second], "{text}");
        }
    }

    #[test]
    fn place_generic_entries() {
        for (g, word) in [
            ('省', "省委"),
            ('市', "市委"),
            ('县', "县委"),
            ('区', "区委"),
            ('州', "州委"),
            ('盟', "盟委"),
            ('旗', "旗委"),
            ('乡', "乡镇"),
            ('镇', "镇区"),
            ('村', "村委会"),
            ('屯', "屯垦"),
            ('街', "街道"),
            ('路', "路口"),
            ('巷', "巷口"),
            ('弄', "弄堂"),
            ('道', "道路"),
        ] {
            assert!(PLACE_GENERICS.contains(g), "{g}");
            let text = format!("新华{g}{word}");
            assert_eq!(hits(&text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(PLACE_GENERICS.chars().count(), 16);
    }

    #[test]
    fn localizer_entries() {
        for (l, word) in [
            ('上', "上级"),
            ('下', "下级"),
            ('前', "前期"),
            ('后', "后续"),
            ('左', "左右"),
            ('右', "右侧"),
            ('东', "东部"),
            ('南', "南部"),
            ('西', "西部"),
            ('北', "北部"),
            ('里', "里程碑"),
            ('外', "外资"),
            ('内', "内部"),
            ('中', "中央"),
            ('间', "间接"),
            ('旁', "旁听"),
        ] {
            assert!(LOCALIZERS.contains(l), "{l}");
            let text = format!("在会议{l}{word}");
            assert_eq!(hits(&text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(LOCALIZERS.chars().count(), 16);
    }

    #[test]
    fn tentative_verb_entries() {
        for verb in TENTATIVE_VERBS {
            assert!(segment::has_word(verb), "{verb}");
            assert_eq!(verb.chars().count(), 2, "{verb}");
            let f = findings(&format!("请大家{verb}{verb}"), &DEFAULT);
            assert_eq!(f.len(), 1, "{verb}");
            assert!(f[0].message.contains("口语"), "{verb}: {}", f[0].message);
        }
    }

    /// The part-of-speech tag of `word` in jieba's dictionary.
    fn dictionary_tag(word: &str) -> Option<&'static str> {
        static DICT: &str = include_str!("../../../data/jieba/dict.txt");
        DICT.lines().find_map(|line| {
            let mut fields = line.split(' ');
            (fields.next() == Some(word))
                .then(|| fields.nth(1))
                .flatten()
        })
    }
}
