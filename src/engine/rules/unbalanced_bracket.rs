//! `unbalanced-bracket`: `（）` `()` `【】` `[]` `［］` `《》` `〈〉` `〔〕` `〖〗` `{}`
//! paired within a paragraph — and, in a title block, across lines: a
//! bracketed note set over two or three short lines
//! (`（2024年1月6日在…第一次` / `全体会议上）`) is one note. Body paragraphs
//! stay independent.
//!
//! The paragraph check cannot see the next line (its result is cached by
//! the paragraph's own text), so it leaves the unpaired marks of a title
//! line to [`check_title_lines`], which runs over the whole document.

use crate::engine::finding::Finding;
use crate::engine::markers::chinese_prefix;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

use super::pairs::{Pairs, Problem};

pub const BRACKETS: Pairs = Pairs {
    pairs: &[
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('［', '］'),
        ('《', '》'),
        ('〈', '〉'),
        ('〔', '〕'),
        ('〖', '〗'),
        ('{', '}'),
    ],
    variants: &[('）', ')'), ('］', ']')],
};

fn name(c: char) -> &'static str {
    match c {
        '《' | '》' | '〈' | '〉' => "书名号",
        _ => "括号",
    }
}

fn pairing(text: &str) -> (Vec<Problem>, Vec<(usize, char)>) {
    BRACKETS.check(text, |at, c, top| {
        matches!(c, ')' | '）')
            && !matches!(top, Some('(' | '（'))
            && is_list_marker_close(text, at)
    })
}

/// A short line without sentence punctuation: a line of a title block,
/// whose bracketed note may go on in the next line.
fn is_title_line(text: &str) -> bool {
    const TITLE_LINE: usize = 40;
    text.chars().count() <= TITLE_LINE && !text.contains(['。', '；', '！', '？', '，', '\n', '\r'])
}

fn has_bracket(text: &str) -> bool {
    text.chars()
        .any(|c| BRACKETS.pairs.iter().any(|&(o, cl)| c == o || c == cl))
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    let (problems, leftover) = pairing(text);
    let title = is_title_line(text);
    for problem in problems {
        let f = match problem {
            Problem::Stray { .. } | Problem::Unclosed { .. } if title => continue,
            Problem::Stray { at, close } => stray(at, close),
            Problem::Mismatch {
                at,
                close,
                open,
                expected,
                ..
            } => Finding::new(
                Rule::UnbalancedBracket,
                at..at + close.len_utf8(),
                format!(
                    "{}不匹配：{open} 应以 {expected} 闭合，这里却是 {close}",
                    name(open)
                ),
            )
            .with_fix(expected.to_string()),
            Problem::Unclosed { at, open } => unclosed(at, open),
        };
        out.push(f);
    }
    if !title {
        for (at, open) in leftover {
            out.push(unclosed(at, open));
        }
    }
}

/// The unpaired marks of title lines, paired across consecutive title
/// lines: a closer at the start of its line's pairing closes what the line
/// before left open, if it is the matching mark. Document offsets.
pub fn check_title_lines(paragraphs: &[Paragraph], out: &mut Vec<Finding>) {
    // Openers still open from the lines above, in document offsets.
    let mut carried: Vec<(usize, char)> = Vec::new();
    let mut previous_line: Option<usize> = None;
    for (i, p) in paragraphs.iter().enumerate() {
        if !is_title_line(p.text) {
            continue;
        }
        if previous_line.is_none_or(|prev| prev + 1 != i) {
            carried
                .drain(..)
                .for_each(|(at, open)| out.push(unclosed(at, open)));
        }
        previous_line = Some(i);
        if !has_bracket(p.text) {
            continue;
        }
        let (problems, leftover) = pairing(p.text);
        for problem in problems {
            match problem {
                Problem::Stray { at, close } => {
                    let closes = carried
                        .last()
                        .is_some_and(|&(_, open)| BRACKETS.closer_of(open) == Some(close));
                    if closes {
                        carried.pop();
                    } else {
                        out.push(stray(p.start + at, close));
                    }
                }
                Problem::Unclosed { at, open } => out.push(unclosed(p.start + at, open)),
                Problem::Mismatch { .. } => {} // the paragraph check's
            }
        }
        carried.extend(leftover.into_iter().map(|(at, open)| (p.start + at, open)));
    }
    for (at, open) in carried {
        out.push(unclosed(at, open));
    }
}

fn stray(at: usize, close: char) -> Finding {
    Finding::new(
        Rule::UnbalancedBracket,
        at..at + close.len_utf8(),
        format!(
            "右{} {close} 前面没有与之配对的左{}",
            name(close),
            name(close)
        ),
    )
}

fn unclosed(at: usize, open: char) -> Finding {
    let close = BRACKETS
        .pairs
        .iter()
        .find(|p| p.0 == open)
        .map_or(open, |p| p.1);
    Finding::new(
        Rule::UnbalancedBracket,
        at..at + open.len_utf8(),
        format!("左{} {open} 没有配对的右{} {close}", name(open), name(open)),
    )
}

/// `1）`, `a)`, `二）` at the start of a paragraph or after `；`/`。`/`：`:
/// a list marker, not a stray closer.
fn is_list_marker_close(text: &str, close_at: usize) -> bool {
    let before = &text[..close_at];
    let label_len = {
        let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) {
            digits
        } else if before.ends_with(|c: char| c.is_ascii_alphabetic())
            && !before[..before.len() - 1].ends_with(|c: char| c.is_ascii_alphabetic())
        {
            1
        } else {
            // Chinese numeral labels: `一）`.
            let mut found = 0;
            for (i, _) in before.char_indices().rev().take(3) {
                if chinese_prefix(&before[i..]).is_some_and(|(_, l)| l == before.len() - i) {
                    found = before.len() - i;
                }
            }
            found
        }
    };
    if label_len == 0 {
        return false;
    }
    let head = before[..before.len() - label_len].trim_end_matches([' ', '\u{3000}']);
    head.is_empty() || head.ends_with(['；', '。', '：', ';', ':'])
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{findings, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::UnbalancedBracket, &DEFAULT)
    }

    #[test]
    fn must_flag() {
        assert_eq!(hits("制定《工作要点，推动落实"), ["《"]);
        assert_eq!(hits("制定工作要点》，推动落实"), ["》"]);
        assert_eq!(hits("会议（扩大会议召开"), ["（"]);
        assert_eq!(hits("见【附件1"), ["【"]);
        assert_eq!(hits("〔2023〕5号〔"), ["〔"]);
        assert_eq!(hits("《关于（试行》"), ["（"]);
        // A closer whose opener was lost, before the enclosing closer: the
        // closer is stray, the enclosing pair intact.
        assert_eq!(hits("对照《支部工作条例试行）》"), ["）"]);
        // A mistyped closer still closes the innermost opener.
        let f = findings("对照《支部工作条例）", &DEFAULT);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "》");
    }

    #[test]
    fn fullwidth_opener_with_halfwidth_closer() {
        let f = findings("有关情况（说明)如下", &DEFAULT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "）");
    }

    #[test]
    fn a_note_set_over_the_lines_of_a_title_block_pairs_up() {
        for text in [
            "关于年度预算执行情况的报告\n（2024年3月8日在县第十八届人民代表大会\n常务委员会第十五次会议上）\n各位委员：\n",
            "工作报告\n（二〇二四年一月十日在中国共产党\n清水县第十五届委员会\n第六次全体会议上）\n",
            "学习贯彻《中国共产党\n纪律处分条例》的体会\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn lines_pair_only_with_their_neighbour_and_the_matching_mark() {
        // Not consecutive: a body paragraph between.
        let text = "（2024年3月8日在县人民代表大会\n会议听取了报告，审议通过了决议。\n常务委员会会议上）\n";
        assert_eq!(hits(text), ["（", "）"]);
        // The wrong mark closes nothing.
        let text = "（2024年3月8日在县人民代表大会\n常务委员会会议上》\n";
        assert_eq!(hits(text), ["（", "》"]);
        // Body paragraphs stay independent, short or not.
        let text = "会议强调（要加强学习，\n提高能力）。\n";
        assert_eq!(hits(text), ["（", "）"]);
        // A note left open at the end of the block.
        let text = "工作报告\n（2024年3月8日\n各位委员：\n";
        assert_eq!(hits(text), ["（"]);
        // Lost closers in a title line are still found.
        let text = "关于《年度工作要点的说明\n（2024年3月8日）\n";
        assert_eq!(hits(text), ["《"]);
    }

    #[test]
    fn must_not_flag() {
        for text in [
            "制定《国土整治修复中心2023年党建工作要点》",
            "（一）加强领导",
            "1）学习；2）落实。3）考核",
            "a) 第一项",
            "主要包括：1）学习",
            "一）加强",
            "国发〔2023〕5号",
            "【重要】〖标注〗〈篇名〉［注］",
            "函数f(x)与{a}",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
