//! `halfwidth-punctuation`: ASCII `,` `.` `:` `;` `?` `!` `(` `)` used as
//! punctuation of Chinese text (GB/T 15834 uses the full-width marks there).
//! Left alone: numbers (`3.5`, `1,000`), times (`8:30`), URLs and e-mail
//! addresses, file names (`报告.docx`), Latin phrases (`e.g.`,
//! `Hello, world`), brackets holding only Latin letters or digits
//! (`(1)`, `WTO(World Trade Organization)`), Markdown syntax (blanked), and
//! paragraphs of English prose that quote some Chinese.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::chars::{
    is_cjk_punct, is_digit, is_han, is_latin, is_space, mostly_latin, CharTable,
};
use crate::engine::finding::Finding;
use crate::engine::markers::malformed_heading_marker;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:https?|ftp|file)://[^\s\p{Han}，。；：、！？“”‘’（）《》【】]+|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s\p{Han}，。；：、！？“”‘’（）《》【】]*|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
    )
    .expect("built-in pattern")
});

fn is_cjk(c: char) -> bool {
    is_han(c) || (is_cjk_punct(c) && !is_space(c))
}

fn full_width(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => '。',
    }
}

/// What follows a full stop at the end of a sentence: nothing, closing
/// quotes and brackets, or a space before the next sentence.
fn ends_sentence(rest: &str) -> bool {
    let mut chars = rest.chars().skip_while(|c| "”’）》」』)]".contains(*c));
    chars.next().is_none_or(is_space)
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    if !text.chars().any(is_han) {
        return;
    }
    let mut skip: Vec<Range<usize>> = URL.find_iter(text).map(|m| m.range()).collect();
    let prose = URL.replace_all(text, "");
    if mostly_latin(&prose) {
        return;
    }
    if let Some(m) = malformed_heading_marker(text) {
        skip.push(m.range); // `一.`, `(三)，`: marker-style's
    }
    let skipped = |at: usize| skip.iter().any(|r| r.contains(&at));
    let t = CharTable::new(text);
    let mut opens: Vec<usize> = Vec::new();
    let mut k = 0;
    while k < t.len() {
        let (at, c) = t.chars[k];
        if skipped(at) {
            k += 1;
            continue;
        }
        let prev = t.before(k);
        let after_cjk = prev.is_some_and(is_cjk);
        match c {
            '.' => {
                let mut j = k;
                while t.get(j) == Some('.') {
                    j += 1;
                }
                let next = t.get(j);
                let n = j - k;
                let range = at..t.offset(j);
                // `报告.docx`, `附件1.2`: not a full stop.
                let glued = next.is_some_and(|c| is_latin(c) || is_digit(c));
                if after_cjk && !(n == 1 && glued) {
                    // `经济.发展`: a mark typed by mistake or a word lost;
                    // only at a sentence end is `。` certainly meant.
                    let ends = ends_sentence(&text[t.offset(j)..]);
                    let message = if n >= 3 {
                        "中文语句中使用了半角省略号“...”，应为“……”"
                    } else if ends {
                        "中文语句中使用了半角句点“.”，应为全角句号“。”"
                    } else {
                        "中文语句中间出现半角句点“.”，应删除，或补上漏掉的文字、改为相应的标点"
                    };
                    let f = Finding::new(Rule::HalfwidthPunctuation, range, message);
                    out.push(match n {
                        1 if ends => f.with_fix("。"),
                        1 | 2 => f,
                        _ => f.with_fix("……"),
                    });
                }
                k = j;
                continue;
            }
            ',' | ':' | ';' | '?' | '!' => {
                let next = t.get(k + 1);
                // `Hello,世界`: after a Latin word the mark belongs to it.
                let before_cjk = next.is_some_and(is_cjk) && !prev.is_some_and(is_latin);
                // `8:30`, `3,000`: between digits is a number.
                let in_number = prev.is_some_and(is_digit) && next.is_some_and(is_digit);
                if (after_cjk || before_cjk) && !in_number {
                    let right = full_width(c);
                    out.push(
                        Finding::new(
                            Rule::HalfwidthPunctuation,
                            at..at + 1,
                            format!("中文语句中使用了半角“{c}”，应为全角“{right}”"),
                        )
                        .with_fix(right.to_string()),
                    );
                }
            }
            '(' => opens.push(k),
            ')' => {
                if let Some(o) = opens.pop() {
                    let inside = &t.chars[o + 1..k];
                    if inside.iter().any(|&(_, c)| is_cjk(c)) {
                        for (idx, mark) in [(o, '('), (k, ')')] {
                            let right = full_width(mark);
                            let start = t.offset(idx);
                            out.push(
                                Finding::new(
                                    Rule::HalfwidthPunctuation,
                                    start..start + 1,
                                    format!(
                                        "括号内是中文，应使用全角括号“（）”，这里是半角“{mark}”"
                                    ),
                                )
                                .with_fix(right.to_string()),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{findings, flagged, flagged_md, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::HalfwidthPunctuation, &DEFAULT)
    }

    fn fixed(text: &str) -> String {
        let mut fs: Vec<_> = findings(text, &DEFAULT)
            .into_iter()
            .filter(|f| f.rule == Rule::HalfwidthPunctuation)
            .collect();
        fs.sort_by_key(|f| std::cmp::Reverse(f.range.start));
        let mut s = text.to_string();
        for f in fs {
            s.replace_range(f.range, &f.fix.unwrap().replacement);
        }
        s
    }

    #[test]
    fn spec_must_flag() {
        for (text, want) in [
            ("加强学习,提高能力", "加强学习，提高能力"),
            ("会议时间:上午", "会议时间：上午"),
            ("一是学习;二是落实", "一是学习；二是落实"),
            ("是否到位?", "是否到位？"),
            ("成效显著!", "成效显著！"),
            ("全面完成任务.", "全面完成任务。"),
            ("他说：“任务已经完成.”", "他说：“任务已经完成。”"),
            ("任务已经完成. 下一步", "任务已经完成。 下一步"),
            ("材料(第一批)已报送", "材料（第一批）已报送"),
            ("增长15%,位居前列", "增长15%，位居前列"),
            ("共2023,其中", "共2023，其中"),
            ("时间:8:30", "时间：8:30"),
            ("“两个确立”,“两个维护”", "“两个确立”，“两个维护”"),
            ("等等...", "等等……"),
            ("网址:https://www.gov.cn/", "网址：https://www.gov.cn/"),
        ] {
            assert_eq!(fixed(text), want, "{text}");
        }
        assert_eq!(hits("完成..下一步"), [".."]);
    }

    /// In mid-sentence the mark is flagged but not replaced: `。` would
    /// split the sentence, and the writer may have lost a word instead.
    #[test]
    fn a_stop_inside_a_sentence_gets_no_fix() {
        for text in ["推动经济.发展", "工作完成.下一步", "加强.“四个意识”"] {
            let got = crate::engine::testing::fixes(text, Rule::HalfwidthPunctuation);
            assert_eq!(got, [(".".to_string(), None)], "{text}");
        }
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "投入资金3.5亿元",
            "上午8:30召开",
            "比例为3:1",
            "共计1,000元",
            "详见https://www.gov.cn/zhengce/2023-01/05/content_1.htm?id=3,4;x=1",
            "访问www.example.com.cn了解",
            "联系邮箱zhang.san@example.com.cn",
            "英文写作e.g.格式",
            "他写道Hello, world!然后",
            "使用Node.js开发",
            "附件：工作报告.docx",
            "（1）学习\n(1)学习\n(a)学习",
            "世界贸易组织(WTO)成员",
            "增长(3.5%)",
            "and so on...等",
            "1)加强学习",
            "Version 2.0",
            "Chinese reports: 工作总结, 党建工作报告, and others (述职报告).",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn markdown_syntax_is_not_punctuation() {
        for text in [
            "见[说明](http://a.cn/b(c))。",
            "![图片](img.png)展示",
            "代码`a,b;c:d`示例",
            "1. 第一项\n2. 第二项",
        ] {
            assert_eq!(
                flagged_md(text, Rule::HalfwidthPunctuation),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_markers_are_left_to_marker_style() {
        assert_eq!(hits("一.总体情况"), Vec::<String>::new());
        assert_eq!(hits("(三),强化监督"), Vec::<String>::new());
    }
}
