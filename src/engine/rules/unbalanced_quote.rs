//! `unbalanced-quote`: `“”` `‘’` `「」` `『』` `〝〞` paired within a paragraph,
//! and ASCII `"`/`'` in Chinese text counted.

use crate::engine::chars::{is_han, is_latin};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

use super::pairs::{Pairs, Problem};

pub const QUOTES: Pairs = Pairs {
    pairs: &[
        ('“', '”'),
        ('‘', '’'),
        ('「', '」'),
        ('『', '』'),
        ('〝', '〞'),
    ],
    variants: &[],
};

/// `next_starts_with`: the first character of the next paragraph. GB/T
/// 15834 quotes several paragraphs by opening each one with `“` and closing
/// only the last, so an opener at the start of a paragraph is fine when the
/// next paragraph opens the same way.
pub fn check(p: &Paragraph, next_starts_with: Option<char>, out: &mut Vec<Finding>) {
    let text = p.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let latin_around = |at: usize| {
        let idx = chars.partition_point(|c| c.0 < at);
        let before = idx.checked_sub(1).map(|k| chars[k].1);
        let after = chars.get(idx + 1).map(|c| c.1);
        before.is_some_and(is_latin) && after.is_some_and(is_latin)
    };
    // `’` inside a Latin word is an apostrophe (`don’t`).
    let (problems, leftover) = QUOTES.check(text, |at, c, _| c == '’' && latin_around(at));

    for problem in problems {
        let f = match problem {
            Problem::Stray { at, close } => Finding::new(
                Rule::UnbalancedQuote,
                at..at + close.len_utf8(),
                format!("右引号 {close} 前面没有与之配对的左引号"),
            ),
            Problem::Mismatch {
                at,
                close,
                open,
                expected,
                ..
            } => Finding::new(
                Rule::UnbalancedQuote,
                at..at + close.len_utf8(),
                format!("引号不匹配：左引号 {open} 应与 {expected} 配对，这里却是 {close}"),
            )
            .with_fix(expected.to_string()),
            Problem::Unclosed { at, open } => unclosed(at, open),
        };
        out.push(f);
    }

    // Leftover openers. Two of the same shape in a row: the second stands
    // where the closing mark belongs (`“两会精神“`).
    let mut k = 0;
    while k < leftover.len() {
        let (at, open) = leftover[k];
        if let Some(&(at2, open2)) = leftover.get(k + 1) {
            if open2 == open {
                let close = QUOTES
                    .pairs
                    .iter()
                    .find(|p| p.0 == open)
                    .map_or(open, |p| p.1);
                out.push(
                    Finding::new(
                        Rule::UnbalancedQuote,
                        at2..at2 + open2.len_utf8(),
                        format!("此处应为右引号 {close}，与前面的左引号 {open} 配对"),
                    )
                    .with_fix(close.to_string()),
                );
                k += 2;
                continue;
            }
        }
        let continued = at == 0 && leftover.len() == 1 && next_starts_with == Some(open);
        if !continued {
            out.push(unclosed(at, open));
        }
        k += 1;
    }

    if text.chars().any(is_han) {
        ascii_quotes(text, &chars, out);
    }
}

fn unclosed(at: usize, open: char) -> Finding {
    let close = QUOTES
        .pairs
        .iter()
        .find(|p| p.0 == open)
        .map_or(open, |p| p.1);
    Finding::new(
        Rule::UnbalancedQuote,
        at..at + open.len_utf8(),
        format!("左引号 {open} 没有配对的右引号 {close}"),
    )
}

/// ASCII quotes have no direction: an odd count is unbalanced.
fn ascii_quotes(text: &str, chars: &[(usize, char)], out: &mut Vec<Finding>) {
    let _ = text;
    for mark in ['"', '\''] {
        let positions: Vec<usize> = chars
            .iter()
            .enumerate()
            .filter(|(k, (_, c))| {
                *c == mark
                    && !(mark == '\''
                        && k.checked_sub(1).is_some_and(|j| is_latin(chars[j].1))
                        && chars.get(k + 1).is_some_and(|n| is_latin(n.1)))
            })
            .map(|(_, (at, _))| *at)
            .collect();
        if positions.len() % 2 == 1 {
            let at = *positions.last().unwrap_or(&0);
            out.push(Finding::new(
                Rule::UnbalancedQuote,
                at..at + 1,
                format!("英文引号 {mark} 的个数为奇数，缺少配对的一个（中文文本宜用“”或‘’）"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{findings, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::UnbalancedQuote, &DEFAULT)
    }

    #[test]
    fn must_flag() {
        assert_eq!(hits("增强“四个意识，坚定信心"), ["“"]);
        assert_eq!(hits("增强四个意识”，坚定信心"), ["”"]);
        assert_eq!(hits("他说“好’。"), ["’"]);
        assert_eq!(hits("学习「文件"), ["「"]);
        assert_eq!(hits("使用\"XX方法解决"), ["\""]);
        assert_eq!(hits("嵌套“外‘内”"), ["‘"]);
    }

    #[test]
    fn opening_quote_where_closing_belongs() {
        let f = findings("贯彻“两会精神“，推动发展", &DEFAULT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "”");
        assert!(f[0].message.contains("右引号"));
    }

    #[test]
    fn must_not_flag() {
        for text in [
            "捍卫“两个确立”、增强“四个意识”",
            "他说：“要牢记‘两个务必’。”",
            "「甲」『乙』〝丙〞",
            "don’t worry 中文",
            "使用\"双引号\"的文本",
            "it's 中文",
            "English text with \" only",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn multi_paragraph_quotation() {
        let text = "他指出：\n“第一段内容。\n“第二段内容。\n“第三段内容。”\n正文。";
        assert_eq!(hits(text), Vec::<String>::new());
        let text = "“第一段内容。\n“第二段内容。\n正文。";
        assert_eq!(findings(text, &DEFAULT).len(), 1);
    }
}
