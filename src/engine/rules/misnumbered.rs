//! `misnumbered`: heading and inline enumerations must count 1, 2, 3 …
//! within their scope.
//!
//! Scopes: level-1 headings count through the document; a level-n series
//! restarts after a heading of a higher level; an inline series (`一是`…)
//! may span paragraphs, restarts at `一是` and ends at any heading. A Markdown
//! `#` heading without a marker closes every series.

use std::ops::Range;

use crate::engine::finding::Finding;
use crate::engine::markers::{MarkerStyle, ParagraphMarkers};
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

#[derive(Debug, Clone)]
pub struct Item {
    pub style: MarkerStyle,
    pub number: u32,
    /// Document byte range of the marker.
    pub range: Range<usize>,
}

/// Every numbered series of the document, items in order. `markers[i]`
/// are the markers of `paragraphs[i]`.
pub fn series(paragraphs: &[Paragraph], markers: &[&ParagraphMarkers]) -> Vec<Vec<Item>> {
    let mut all: Vec<Vec<Item>> = Vec::new();
    let mut open_heading: [Option<usize>; 6] = [None; 6];
    let mut open_inline: [Option<usize>; 3] = [None; 3];

    for (p, m) in paragraphs.iter().zip(markers) {
        let head = &m.heading;
        let head_level = head.as_ref().and_then(|m| m.style.heading_level());
        if p.heading_depth.is_some() || head_level.is_some() {
            open_inline = [None; 3];
            let keep_up_to = head_level.unwrap_or(0) as usize;
            for slot in open_heading.iter_mut().skip(keep_up_to + 1) {
                *slot = None;
            }
        }
        if let (Some(m), Some(level)) = (head, head_level) {
            let slot = &mut open_heading[level as usize];
            let idx = *slot.get_or_insert_with(|| {
                all.push(Vec::new());
                all.len() - 1
            });
            all[idx].push(Item {
                style: m.style,
                number: m.number,
                range: p.start + m.range.start..p.start + m.range.end,
            });
        }
        for m in &m.inline {
            let family = (m.style.family() - 10) as usize;
            let slot = &mut open_inline[family];
            if m.number == 1 || slot.is_none() {
                all.push(Vec::new());
                *slot = Some(all.len() - 1);
            }
            let idx = slot.expect("just opened");
            all[idx].push(Item {
                style: m.style,
                number: m.number,
                range: p.start + m.range.start..p.start + m.range.end,
            });
        }
    }
    all
}

/// What each item of a series should be numbered, when it is wrong.
/// A mismatch followed by the number that would come next is a typo in
/// one item (`一是 三是 三是`); otherwise the count resumes from the
/// written number (`一是 三是 四是` reports only the skip).
fn expectations(items: &[Item]) -> Vec<(usize, u32)> {
    let mut wrong = Vec::new();
    let mut expected = 1;
    for (i, item) in items.iter().enumerate() {
        if item.number == expected {
            expected += 1;
            continue;
        }
        wrong.push((i, expected));
        if items.get(i + 1).map(|n| n.number) == Some(expected + 1) {
            expected += 1;
        } else {
            expected = item.number + 1;
        }
    }
    wrong
}

pub fn check(paragraphs: &[Paragraph], markers: &[&ParagraphMarkers], out: &mut Vec<Finding>) {
    for items in series(paragraphs, markers) {
        for (i, expected) in expectations(&items) {
            let item = &items[i];
            let want = item.style.render(expected);
            let got = item.style.render(item.number);
            let message = if i == 0 {
                format!("序号应从“{}”开始，这里是“{got}”", item.style.render(1))
            } else {
                let prev = items[i - 1].style.render(items[i - 1].number);
                if items[..i].iter().any(|x| x.number == item.number) {
                    format!("序号“{got}”重复，应为“{want}”")
                } else if item.number < expected {
                    format!("序号倒退：上一项是“{prev}”，这里应为“{want}”")
                } else {
                    format!("序号跳号：上一项是“{prev}”，这里应为“{want}”")
                }
            };
            out.push(Finding::new(Rule::Misnumbered, item.range.clone(), message).with_fix(want));
        }
    }
}

/// Edits that renumber the series containing the marker at `at`, from that
/// item to the end, counting on from the item before it.
pub fn renumbering(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    at: usize,
) -> Option<Vec<(Range<usize>, String)>> {
    let all = series(paragraphs, markers);
    let (items, pos) = all.iter().find_map(|items| {
        items
            .iter()
            .position(|it| it.range.contains(&at) || it.range.start == at)
            .map(|pos| (items, pos))
    })?;
    let first = if pos == 0 {
        1
    } else {
        items[pos - 1].number + 1
    };
    let edits: Vec<_> = items[pos..]
        .iter()
        .zip(first..)
        .filter(|(item, n)| item.number != *n)
        .map(|(item, n)| (item.range.clone(), item.style.render(n)))
        .collect();
    (!edits.is_empty()).then_some(edits)
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::Misnumbered, &DEFAULT)
    }

    fn fixes(text: &str) -> Vec<String> {
        testing::fixes(text, Rule::Misnumbered)
            .into_iter()
            .map(|(_, fix)| fix.unwrap())
            .collect()
    }

    #[test]
    fn inline_skip_repeat_backwards_and_start() {
        assert_eq!(fixes("一是学习。三是落实。四是考核。"), ["二是"]);
        assert_eq!(fixes("一是学习。三是落实。三是考核。"), ["二是"]);
        assert_eq!(fixes("一是学习。二是落实。二是考核。四是总结。"), ["三是"]);
        assert_eq!(fixes("一是学习。二是落实。三是考核。二是总结。"), ["四是"]);
        assert_eq!(fixes("标题\n二是学习。三是落实。"), ["一是"]);
        assert_eq!(fixes("第一，学习；第三，落实。"), ["第二，"]);
        assert_eq!(fixes("其一，学习；其三，落实。"), ["其二，"]);
    }

    #[test]
    fn heading_levels_and_scopes() {
        let text = "一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n（三）子\n四、丁\n";
        assert_eq!(fixes(text), ["（二）", "三、"]);
        let text = "一、甲\n1.子\n2.子\n（1）孙\n（3）孙\n3.子\n";
        assert_eq!(fixes(text), ["（2）"]);
        assert_eq!(fixes("①甲\n②乙\n④丙\n"), ["③"]);
        assert_eq!(fixes("(一)甲\n(三)乙\n"), ["(二)"]);
    }

    #[test]
    fn inline_series_spans_paragraphs_and_ends_at_headings() {
        assert_eq!(
            hits("一是学习。\n二是落实。\n三是考核。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("一、甲\n一是学习。二是落实。\n二、乙\n一是学习。二是落实。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("存在问题：一是甲。二是乙。\n下一步：一是丙。二是丁。三是戊。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("一、强化政治统领，坚定拥护。一是甲。二是乙。\n二、高擎旗帜。一是丙。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn look_alikes_are_not_markers() {
        for text in [
            "一、二季度经济平稳",
            "获得一、二等奖",
            "思想统一是前提。唯一是目标。之一是",
            "2023.5亿元\n2024.6亿元",
            "第一次会议。第三次会议。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn renumbering_counts_on_from_the_item_before() {
        use crate::engine::markers::ParagraphMarkers;
        use crate::engine::text::{DocumentKind, Prepared};
        let text = "一是甲。三是乙。五是丙。";
        let prepared = Prepared::new(text, DocumentKind::PlainText);
        let paragraphs: Vec<_> = prepared.paragraphs().collect();
        let markers: Vec<_> = paragraphs
            .iter()
            .map(|p| ParagraphMarkers::of(p.text))
            .collect();
        let refs: Vec<&ParagraphMarkers> = markers.iter().collect();
        let at = text.find("三是").unwrap();
        let edits = super::renumbering(&paragraphs, &refs, at).unwrap();
        let got: Vec<&str> = edits.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(got, ["二是", "三是"]);
    }
}
