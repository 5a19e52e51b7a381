//! `marker-style`: 序次语 written with the wrong punctuation (GB/T 15834
//! appendix B.3, GB/T 9704 §7.3.3) — `（一）、`, `（1）、`, `①、` take no
//! mark, `1、` should be `1.`, `一.`/`一，` should be `一、` — and heading
//! markers used out of level order (`一、` items in the middle of a `1.` list).

use std::ops::Range;

use crate::engine::finding::Finding;
use crate::engine::markers::{malformed_heading_marker, MarkerStyle, ParagraphMarkers};
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

use super::misnumbered;

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let Some(m) = malformed_heading_marker(p.text) else {
        return;
    };
    let got = &p.text[m.range.clone()];
    out.push(
        Finding::new(
            Rule::MarkerStyle,
            m.range.clone(),
            format!("序次语“{got}”写法不规范，应为“{}”", m.right),
        )
        .with_fix(m.right),
    );
}

struct Head<'a> {
    level: u8,
    number: u32,
    /// Document byte range of the marker.
    range: Range<usize>,
    text: &'a str,
}

/// The marker style GB/T 9704 gives each level.
fn style_of_level(level: u8) -> Option<MarkerStyle> {
    Some(match level {
        1 => MarkerStyle::Chinese,
        2 => MarkerStyle::ParenChinese { fullwidth: true },
        3 => MarkerStyle::Arabic { separator: '.' },
        4 => MarkerStyle::ParenArabic { fullwidth: true },
        5 => MarkerStyle::Circled,
        _ => return None,
    })
}

/// Headings of a higher level that start a new series (`一、`) between two
/// consecutive items of a lower-level list (`1.` … `2.`): they were meant as
/// sub-items of that list and should use the level below it.
pub fn check_levels(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    out: &mut Vec<Finding>,
) {
    let heads: Vec<Head> = paragraphs
        .iter()
        .zip(markers)
        .filter_map(|(p, m)| {
            let m = m.heading.as_ref()?;
            Some(Head {
                level: m.style.heading_level()?,
                number: m.number,
                range: p.start + m.range.start..p.start + m.range.end,
                text: &p.text[m.range.clone()],
            })
        })
        .collect();
    let mut i = 1;
    while i < heads.len() {
        let list = &heads[i - 1];
        if heads[i].level >= list.level || heads[i].number != 1 {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < heads.len() && heads[j].level < list.level {
            j += 1;
        }
        let continues = heads
            .get(j)
            .is_some_and(|h| h.level == list.level && h.number == list.number + 1);
        if !continues {
            i = j.max(i + 1);
            continue;
        }
        let run = &heads[i..j];
        let top = run.iter().map(|h| h.level).min().unwrap_or(list.level);
        // A house style numbering this level on across the sections above
        // it: the heading between is one of those sections, misnumbered.
        if misnumbered::runs_on(paragraphs, markers, list.level, top) {
            i = j + 1;
            continue;
        }
        let same_level = run.iter().all(|h| h.level == run[0].level);
        let below = style_of_level(list.level + 1).filter(|_| same_level);
        for h in run {
            let mut message = format!(
                "序次语层级颠倒：“{}”用在“{}”与“{}”两项之间，层级却比所在列表高",
                h.text, list.text, heads[j].text
            );
            let f = match below {
                Some(style) => {
                    let right = style.render(h.number);
                    message.push_str(&format!("；作下一级序号应为“{right}”"));
                    Finding::new(Rule::MarkerStyle, h.range.clone(), message).with_fix(right)
                }
                None => Finding::new(Rule::MarkerStyle, h.range.clone(), message),
            };
            out.push(f);
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, flagged, flagged_md, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::MarkerStyle, &DEFAULT)
    }

    fn fixes(text: &str) -> Vec<(String, String)> {
        testing::fixes(text, Rule::MarkerStyle)
            .into_iter()
            .map(|(flagged, fix)| (flagged, fix.unwrap()))
            .collect()
    }

    #[test]
    fn spec_must_flag() {
        for (text, got, right) in [
            ("（一）、加强组织领导", "（一）、", "（一）"),
            ("（2）、完善制度", "（2）、", "（2）"),
            ("1、开展专题学习", "1、", "1."),
            ("一.总体情况", "一.", "一、"),
            ("二，存在问题", "二，", "二、"),
            ("①、学习党章", "①、", "①"),
            ("(三)，强化监督", "(三)，", "（三）"),
        ] {
            assert_eq!(
                fixes(text),
                [(got.to_string(), right.to_string())],
                "{text}"
            );
        }
        assert_eq!(hits("## 三.下一步打算\n"), Vec::<String>::new());
        assert_eq!(flagged_md("## 三.下一步打算\n", Rule::MarkerStyle), ["三."]);
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "一、总体情况\n（一）加强领导\n1.开展学习\n2．深化研讨\n（1）集中学习\n①个人自学",
            "一、二季度经济平稳运行。",
            "一，二等奖各评出3名。",
            "1、2月份完成全部任务。",
            "3.5亿元资金全部到位。",
            "十分重要，必须抓好。",
            "一是加强学习。二是强化管理。",
            "第一，加强学习；第二，强化管理。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_higher_level_inside_a_lower_list_is_out_of_order() {
        let text = "一、主要工作\n1.加强学习\n一、集中学习\n二、个人自学\n2.强化管理\n";
        assert_eq!(
            fixes(text),
            [
                ("一、".to_string(), "（1）".to_string()),
                ("二、".to_string(), "（2）".to_string())
            ]
        );
        let text = "一、甲\n1.子\n（一）孙\n2.子\n";
        assert_eq!(fixes(text), [("（一）".to_string(), "（1）".to_string())]);
    }

    /// Where the document numbers a level on across the sections above it,
    /// a misnumbered section heading between two items is misnumbered's,
    /// not a heading of the wrong level.
    #[test]
    fn a_house_style_section_between_items_is_in_order() {
        let text =
            "一、甲\n（一）子\n（二）子\n一、乙\n（三）子\n三、丙\n（四）子\n四、丁\n（五）子\n";
        assert_eq!(hits(text), Vec::<String>::new());
        // A list straight under 一、 is not nested in the （一） after it.
        let text = "一、甲\n1.子\n（一）孙\n2.子\n二、乙\n1.子\n（一）孙\n2.子\n";
        assert_eq!(hits(text), ["（一）", "（一）"]);
    }

    #[test]
    fn returning_to_a_higher_level_is_in_order() {
        for text in [
            "一、甲\n1.子\n2.子\n二、乙\n1.子\n2.子\n",
            "一、甲\n（一）子\n1.孙\n（二）子\n二、乙\n",
            // Numbering that wrongly continues across sections is misnumbered's.
            "一、甲\n1.子\n2.子\n二、乙\n3.子\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
