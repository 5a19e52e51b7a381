//! `split-word` (hint): a punctuation mark typed inside a common
//! two-character word, as in `征集寄语32条开，展谈心谈话` (开展 split).
//!
//! A mark between Han characters `a` and `b` is reported only when all of
//! these hold, which keeps the rule quiet on correct reports:
//! - `ab` is a word of the jieba dictionary, and at least one half is rare
//!   outside it (the word is at least half as frequent as its rarer
//!   character): the halves make no sense on their own;
//! - with the mark, jieba leaves `a` as a lone character at the end of its
//!   clause and `b` as a lone character at the start of the next: neither
//!   joins a word on its own side;
//! - without the mark, jieba segments `ab` as one word in that context;
//! - neither is a numeral (`一、二季度`, `十。二是` are numbering), `a` is
//!   not a measure word after a number (`收到意见21条，件件有回音`), and `b`
//!   is not doubled (`件件`, `人人`).

use crate::engine::chars::is_han;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment::{has_word, suggest_freq, tokens};
use crate::engine::text::Paragraph;

const MARKS: &str = "，、。；：！？";
const NUMERALS: &str = "〇零一二两三四五六七八九十百千万亿";

/// Dictionary frequency of a word (jieba's `suggest_freq` is the frequency
/// plus one for a word it keeps whole).
fn freq(word: &str) -> u64 {
    suggest_freq(word).saturating_sub(1)
}

fn single(word: &str) -> bool {
    word.chars().count() == 1
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for k in 1..chars.len().saturating_sub(1) {
        let (at, mark) = chars[k];
        if !MARKS.contains(mark) {
            continue;
        }
        let (a, b) = (chars[k - 1].1, chars[k + 1].1);
        if !is_han(a) || !is_han(b) || NUMERALS.contains(a) || NUMERALS.contains(b) {
            continue;
        }
        // `a` right after a number is its measure word (`21条，件件落实`);
        // `b` doubled is a reduplication (`件件`, `人人`): both stand alone.
        let after_number = k >= 2 && {
            let c = chars[k - 2].1;
            c.is_ascii_digit() || ('０'..='９').contains(&c) || NUMERALS.contains(c)
        };
        let doubled = chars.get(k + 2).is_some_and(|x| x.1 == b);
        if after_number || doubled {
            continue;
        }
        let word: String = [a, b].iter().collect();
        if !has_word(&word) {
            continue;
        }
        let rarer = freq(&a.to_string()).min(freq(&b.to_string()));
        if freq(&word) * 2 < rarer {
            continue;
        }
        // The Han runs on either side of the mark.
        let left_start = chars[..k]
            .iter()
            .rposition(|x| !is_han(x.1))
            .map_or(0, |i| chars[i].0 + chars[i].1.len_utf8());
        let right_end = chars[k + 1..]
            .iter()
            .position(|x| !is_han(x.1))
            .map_or(text.len(), |i| chars[k + 1 + i].0);
        let left = &text[left_start..at];
        let right = &text[at + mark.len_utf8()..right_end];
        let alone_left = tokens(left).last().is_some_and(|t| single(t.word));
        let alone_right = tokens(right).first().is_some_and(|t| single(t.word));
        if !alone_left || !alone_right {
            continue;
        }
        let joined = format!("{left}{right}");
        let a_at = left.len() - a.len_utf8();
        if !tokens(&joined)
            .iter()
            .any(|t| t.start == a_at && t.word == word)
        {
            continue;
        }
        let start = chars[k - 1].0;
        let end = at + mark.len_utf8() + b.len_utf8();
        out.push(Finding::new(
            Rule::SplitWord,
            start..end,
            format!("标点“{mark}”把词语“{word}”拆成了两半，标点应在“{word}”之前或之后"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::SplitWord, &DEFAULT)
    }

    #[test]
    fn spec_must_flag() {
        assert_eq!(hits("收集意见建议15条开，展专题谈心谈话8人次"), ["开，展"]);
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "一、二季度经济运行平稳",
            "坚持反复抓、抓反复",
            "思用贯通、知信行统一",
            "在关键环节，结合实际",
            "进一步提高。三是标本兼治",
            "按照督导计划，分组督查",
            "坚持严格要求，人人签订承诺书",
            "效果很好，在全系统推广",
            "我们要学习，习近平总书记指出",
            "支部委员会、党员大会、党小组会",
            "收到群众来信21条，件件有回音",
            "整改问题十二条，条条见底",
            "查处问题3起，起起通报",
            "发放慰问金5万元，人人有份",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
