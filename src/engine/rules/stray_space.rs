//! `stray-space` (info): spaces inside Chinese text — between two Han
//! characters, between Han text and a digit, or next to Chinese punctuation
//! — and spaces at the end of a paragraph. 公文 puts no spaces there, unlike
//! web copy. Never paragraph indentation (not part of the paragraph), never
//! Markdown syntax or spaces touching it (`**重点** 内容`), and never spaces
//! next to Latin words (`使用 Word 软件`) or placeholders (`学习 *次`).

use crate::engine::chars::{is_cjk_punct, is_digit, is_han, is_space, mostly_latin};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

fn is_cjk(c: char) -> bool {
    is_han(c) || (is_cjk_punct(c) && !is_space(c))
}

fn describe(c: char) -> &'static str {
    match c {
        ' ' => "空格",
        '\u{a0}' => "不换行空格（U+00A0）",
        '\u{3000}' => "全角空格",
        _ => "制表符",
    }
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let english = mostly_latin(text);
    let mut i = 0;
    while i < chars.len() {
        if !is_space(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && is_space(chars[j].1) {
            j += 1;
        }
        let start = chars[i].0;
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        let written = !(start..end).any(|b| p.is_blanked(b));
        let prev = i.checked_sub(1).map(|k| chars[k].1);
        let next = chars.get(j).map(|c| c.1);
        let kind = describe(chars[i].1);
        let message = if next.is_none() {
            Some(format!("行尾有多余的{kind}，应删除"))
        } else if chars[i..j].iter().any(|c| c.1 == '\t') || english {
            None // tab-separated columns; English prose listing `年 月 日`
        } else {
            match (prev, next) {
                (Some(a), Some(b)) if is_cjk(a) && is_cjk(b) => {
                    let what = if is_han(a) && is_han(b) {
                        "汉字之间"
                    } else {
                        "汉字与标点之间"
                    };
                    Some(format!("{what}有多余的{kind}，应删除"))
                }
                (Some(a), Some(b)) if is_han(a) && is_digit(b) || is_digit(a) && is_han(b) => {
                    Some(format!("汉字与数字之间有多余的{kind}，公文中应删除"))
                }
                _ => None,
            }
        };
        if let (true, Some(message)) = (written, message) {
            out.push(Finding::new(Rule::StraySpace, start..end, message).with_fix(""));
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{flagged, flagged_md, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::StraySpace, &DEFAULT)
    }

    #[test]
    fn spec_must_flag() {
        for (text, want) in [
            ("加强 学习", " "),
            ("加强\u{3000}学习", "\u{3000}"),
            ("加强\u{a0}学习", "\u{a0}"),
            ("加强学习 ，提高", " "),
            ("完成任务。 下一步", " "),
            ("学习 《纲要》", " "),
            ("开展学习 12次", " "),
            ("2023 年", " "),
            ("上午 8:30", " "),
            ("全面完成任务。  ", "  "),
            ("全面完成任务。\u{a0}\u{a0}", "\u{a0}\u{a0}"),
            ("全面完成任务\t", "\t"),
        ] {
            assert_eq!(hits(text), [want], "{text:?}");
        }
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "\u{3000}\u{3000}段首缩进不算。",
            "    段首空格不算。",
            "使用 Word 软件",
            "开展集体学习 *次",
            "访问 https://www.gov.cn 查询",
            "姓名\t职务\t电话",
            "Hello world",
            "见附件 A 第3页",
            "counter characters (年 月 日 号) follow a digit",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn markdown_syntax_spaces_are_not_stray() {
        for text in [
            "**重点** 内容",
            "见 `code` 说明",
            "# 标题\n\n正文内容  \n第二行",
            "| 项目 | 完成 |\n|---|---|\n| 学习 | 12次 |",
            "- 一是学习\n- 二是落实",
        ] {
            assert_eq!(
                flagged_md(text, Rule::StraySpace),
                Vec::<String>::new(),
                "{text:?}"
            );
        }
        assert_eq!(flagged_md("正文 内容", Rule::StraySpace), [" "]);
    }
}
