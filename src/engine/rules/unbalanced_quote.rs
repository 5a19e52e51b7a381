//! `unbalanced-quote`: `“”` `‘’` `「」` `『』` `〝〞` paired within a paragraph,
//! and ASCII `"`/`'` in Chinese text counted.
//!
//! Every bad mark is reported; a fix is offered only where the repair is
//! certain: a closer of the wrong shape after an opener that is right for
//! its depth (`“好’` → `”`: double quotes outside, single inside, GB/T
//! 15834 §4.1.3.2), an opening quote typed for the closing one with nothing
//! unpaired between (`“两会精神“`), or a paragraph whose quotes all point
//! the wrong way (`”两个确立“`). A text that pairs its quotes wrongly
//! throughout (`'两个确立“`, `‘四个意识”`) gets its marks reported, unfixed.

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

/// Whether `open` is the quote GB/T 15834 puts at this depth: double (or
/// corner) quotes outside, single quotes inside them.
fn right_for_depth(open: char, depth: usize) -> bool {
    let outer = matches!(open, '“' | '「' | '〝');
    outer == (depth % 2 == 0)
}

/// The mark pointing the other way, same width and byte length.
fn turned(c: char) -> Option<char> {
    Some(match c {
        '“' => '”',
        '”' => '“',
        '‘' => '’',
        '’' => '‘',
        _ => return None,
    })
}

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
    let apostrophe = |at: usize, c: char| c == '’' && latin_around(at);
    let (problems, leftover) = QUOTES.check(text, |at, c, _| apostrophe(at, c));
    let chinese = text.chars().any(is_han);
    let ascii = if chinese {
        ascii_quote_marks(&chars)
    } else {
        Vec::new()
    };
    if problems.is_empty() && leftover.is_empty() {
        report_ascii_counts(&ascii, out);
        return;
    }
    if all_turned(text, &apostrophe) {
        for &(at, c) in &chars {
            if let Some(right) = turned(c).filter(|_| !apostrophe(at, c)) {
                out.push(
                    Finding::new(
                        Rule::UnbalancedQuote,
                        at..at + c.len_utf8(),
                        format!("引号方向颠倒：这里应为 {right}"),
                    )
                    .with_fix(right.to_string()),
                );
            }
        }
        report_ascii_counts(&ascii, out);
        return;
    }

    // Marks that pair with nothing: between two of them no repair is certain.
    let mut unpaired: Vec<usize> = ascii.iter().map(|&(at, _)| at).collect();
    unpaired.extend(leftover.iter().map(|&(at, _)| at));
    for problem in &problems {
        unpaired.push(match *problem {
            Problem::Stray { at, .. } | Problem::Mismatch { at, .. } => at,
            Problem::Unclosed { at, .. } => at,
        });
    }
    let clear_between = |a: usize, b: usize| !unpaired.iter().any(|&u| a < u && u < b);

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
                depth,
                ..
            } => {
                let f = Finding::new(
                    Rule::UnbalancedQuote,
                    at..at + close.len_utf8(),
                    format!("引号不匹配：左引号 {open} 应与 {expected} 配对，这里却是 {close}"),
                );
                if right_for_depth(open, depth) {
                    f.with_fix(expected.to_string())
                } else {
                    f
                }
            }
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
            if open2 == open && clear_between(at, at2) {
                let close = QUOTES.closer_of(open).unwrap_or(open);
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

    // ASCII quotes among unpaired Chinese ones: those that pair with no
    // ASCII neighbour stand for a Chinese mark (`'两个确立“`).
    if ascii.is_empty() {
        return;
    }
    let mut marks: Vec<(usize, Option<char>)> = unpaired.iter().map(|&at| (at, None)).collect();
    for m in &mut marks {
        if let Some(&(_, c)) = ascii.iter().find(|a| a.0 == m.0) {
            m.1 = Some(c);
        }
    }
    marks.sort_unstable();
    marks.dedup();
    let mut k = 0;
    while k < marks.len() {
        let (at, mark) = marks[k];
        let Some(mark) = mark else {
            k += 1;
            continue;
        };
        if marks.get(k + 1).is_some_and(|n| n.1 == Some(mark)) {
            k += 2;
            continue;
        }
        out.push(Finding::new(
            Rule::UnbalancedQuote,
            at..at + 1,
            format!("英文引号 {mark} 与中文引号混用，无法确定如何配对（中文文本宜用“”或‘’）"),
        ));
        k += 1;
    }
}

/// Whether every directional quote of `text` points the wrong way: turned
/// round, they all pair.
fn all_turned(text: &str, apostrophe: &dyn Fn(usize, char) -> bool) -> bool {
    let mut count = 0;
    let swapped: String = text
        .char_indices()
        .map(|(at, c)| match turned(c).filter(|_| !apostrophe(at, c)) {
            Some(t) => {
                count += 1;
                t
            }
            None => c,
        })
        .collect();
    let (problems, leftover) =
        QUOTES.check(&swapped, |at, c, _| apostrophe(at, turned(c).unwrap_or(c)));
    count >= 2 && problems.is_empty() && leftover.is_empty()
}

fn unclosed(at: usize, open: char) -> Finding {
    let close = QUOTES.closer_of(open).unwrap_or(open);
    Finding::new(
        Rule::UnbalancedQuote,
        at..at + open.len_utf8(),
        format!("左引号 {open} 没有配对的右引号 {close}"),
    )
}

/// The ASCII `"` and `'` used as quotes (not apostrophes inside Latin words).
fn ascii_quote_marks(chars: &[(usize, char)]) -> Vec<(usize, char)> {
    chars
        .iter()
        .enumerate()
        .filter(|(k, (_, c))| {
            *c == '"'
                || *c == '\''
                    && !(k.checked_sub(1).is_some_and(|j| is_latin(chars[j].1))
                        && chars.get(k + 1).is_some_and(|n| is_latin(n.1)))
        })
        .map(|(_, &m)| m)
        .collect()
}

/// ASCII quotes have no direction: an odd count is unbalanced.
fn report_ascii_counts(ascii: &[(usize, char)], out: &mut Vec<Finding>) {
    for mark in ['"', '\''] {
        let positions: Vec<usize> = ascii.iter().filter(|m| m.1 == mark).map(|m| m.0).collect();
        if let Some(&at) = positions.last().filter(|_| positions.len() % 2 == 1) {
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

    fn with_fixes(text: &str) -> Vec<(String, Option<String>)> {
        crate::engine::testing::fixes(text, Rule::UnbalancedQuote)
    }

    fn fixed(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
            .collect()
    }

    /// A fix only where the repair is certain.
    #[test]
    fn fixes_only_where_certain() {
        // The opener is right at the top level: the closer is the error.
        assert_eq!(with_fixes("他说“抓紧落实’。"), fixed(&[("’", Some("”"))]));
        // A single opener at the top level: which mark is wrong is unknown.
        assert_eq!(with_fixes("坚定‘四个自信”。"), fixed(&[("”", None)]));
        // Consistently typed openers for closers: each second one is a closer.
        assert_eq!(
            with_fixes("增强“四个意识“、坚定“四个自信“。"),
            fixed(&[("“", Some("”")), ("“", Some("”"))])
        );
        // Every quote turned round.
        assert_eq!(
            with_fixes("捍卫”两个确立“，做到”两个维护“。"),
            fixed(&[
                ("”", Some("“")),
                ("“", Some("”")),
                ("”", Some("“")),
                ("“", Some("”"))
            ])
        );
    }

    #[test]
    fn quotes_paired_wrongly_throughout_are_reported_unfixed() {
        assert_eq!(
            with_fixes("捍卫'两个确立“，做到'两个维护“。"),
            fixed(&[("'", None), ("“", None), ("'", None), ("“", None)])
        );
        assert_eq!(
            with_fixes("增强‘四个意识“、坚定‘四个自信“。"),
            fixed(&[("‘", None), ("“", None), ("‘", None), ("“", None)])
        );
        // An opener for a closer only with nothing unpaired between: the
        // ASCII quote ends the first quotation, the last `“` the second.
        assert_eq!(
            with_fixes("贯彻“会议精神\"，落实“任务“。"),
            fixed(&[("“", None), ("\"", None), ("“", Some("”"))])
        );
    }

    #[test]
    fn paired_ascii_quotes_beside_a_lost_mark_are_not_suspect() {
        assert_eq!(hits("使用\"双引号\"标注，增强“四个意识。"), ["“"]);
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
