//! `doubled-punctuation`: a punctuation mark typed twice (`，，` `。。` `、、`
//! `；；` `：：`) or two marks run together (`，。` `。，` `；。`). Left alone:
//! `？！`, `？？`, `！！` (GB/T 15834 allows them for strong feeling), and the
//! two-character marks `……` and `——`.

use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

/// Marks that are never doubled.
fn is_single(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：')
}

fn is_mark(c: char) -> bool {
    is_single(c) || matches!(c, '？' | '！')
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_mark(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && is_mark(chars[j].1) {
            j += 1;
        }
        let run: Vec<char> = chars[i..j].iter().map(|c| c.1).collect();
        if run.len() >= 2 && run.iter().any(|&c| is_single(c)) {
            let start = chars[i].0;
            let end = chars.get(j).map_or(text.len(), |c| c.0);
            let shown: String = run.iter().collect();
            let first = run[0];
            let same = run.iter().all(|&c| c == first);
            let f = if same && !(first == '。' && run.len() >= 3) {
                Finding::new(
                    Rule::DoubledPunctuation,
                    start..end,
                    format!("标点“{first}”重复，应只保留一个"),
                )
                .with_fix(first.to_string())
            } else if same {
                Finding::new(
                    Rule::DoubledPunctuation,
                    start..end,
                    format!("标点“{shown}”连用：省略号应为“……”，句末只用一个“。”"),
                )
            } else {
                Finding::new(
                    Rule::DoubledPunctuation,
                    start..end,
                    format!("标点“{shown}”连用，应只保留其中一个"),
                )
            };
            out.push(f);
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::DoubledPunctuation, &DEFAULT)
    }

    fn fixes(text: &str) -> Vec<Option<String>> {
        testing::fixes(text, Rule::DoubledPunctuation)
            .into_iter()
            .map(|(_, fix)| fix)
            .collect()
    }

    #[test]
    fn spec_must_flag() {
        for (text, run, fix) in [
            ("加强学习，，提高能力", "，，", Some("，")),
            ("全面完成。。", "。。", Some("。")),
            ("学习、、研讨", "、、", Some("、")),
            ("一是学习；；二是落实", "；；", Some("；")),
            ("主要做法：：", "：：", Some("：")),
            ("加强学习，，，提高", "，，，", Some("，")),
            ("全面完成，。", "，。", None),
            ("全面完成。，下一步", "。，", None),
            ("是否到位？。", "？。", None),
            ("未完待续。。。", "。。。", None),
        ] {
            assert_eq!(hits(text), [run], "{text}");
            assert_eq!(fixes(text), [fix.map(String::from)], "{text}");
        }
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "难道不是吗？！",
            "这是真的吗？？",
            "太好了！！",
            "等等……",
            "政治建设——首要任务",
            "“两个确立”、“两个维护”",
            "他说：“好。”",
            "（一）、",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
