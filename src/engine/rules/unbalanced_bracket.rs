//! `unbalanced-bracket`: `（）` `()` `【】` `[]` `［］` `《》` `〈〉` `〔〕` `〖〗` `{}`
//! paired within a paragraph.

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

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    let (problems, leftover) = BRACKETS.check(text, |at, c, top| {
        matches!(c, ')' | '）')
            && !matches!(top, Some('(' | '（'))
            && is_list_marker_close(text, at)
    });
    for problem in problems {
        let f = match problem {
            Problem::Stray { at, close } => Finding::new(
                Rule::UnbalancedBracket,
                at..at + close.len_utf8(),
                format!(
                    "右{} {close} 前面没有与之配对的左{}",
                    name(close),
                    name(close)
                ),
            ),
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
    for (at, open) in leftover {
        out.push(unclosed(at, open));
    }
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
    }

    #[test]
    fn fullwidth_opener_with_halfwidth_closer() {
        let f = findings("有关情况（说明)如下", &DEFAULT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "）");
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
