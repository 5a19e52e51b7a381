//! `list-punctuation`: the marks between the items of a list.
//!
//! - Items that each carry quotation marks or 书名号 and stand side by
//!   side take no 顿号 (GB/T 15834-2011 §4.5.3.5): `“四个意识”、“四个自信”`
//!   is `“四个意识”“四个自信”`. When something stands between the items
//!   (`《规划》（2021年）、《方案》`, `增强“四个意识”、坚定“四个自信”`), the
//!   顿号 stays. The two marks must close and open sibling pairs of the
//!   same kind, so an unbalanced quote (unbalanced-quote's) is no list.
//! - The items of an inline series (`一是…二是…`, `第一，…第二，…`) end
//!   alike: with `；` between items of one sentence, or `。` when each item
//!   is a sentence (§4.6). A series that mixes the two is reported once,
//!   at the end of the first item that breaks the pattern; the last item
//!   ends the sentence and is not compared. No fix: which mark is meant
//!   is the writer's call.

use rustc_hash::FxHashMap;

use crate::engine::finding::Finding;
use crate::engine::markers::ParagraphMarkers;
use crate::engine::registry::Rule;
use crate::engine::rules::misnumbered;
use crate::engine::text::{is_indent, Paragraph};

/// Pairs whose side-by-side items take no 顿号, with the name used in messages.
const PAIRS: &[(char, char, &str)] = &[
    ('“', '”', "引号"),
    ('‘', '’', "引号"),
    ('「', '」', "引号"),
    ('『', '』', "引号"),
    ('《', '》', "书名号"),
    ('〈', '〉', "书名号"),
];

fn pair_of_open(c: char) -> Option<usize> {
    PAIRS.iter().position(|p| p.0 == c)
}

fn pair_of_close(c: char) -> Option<usize> {
    PAIRS.iter().position(|p| p.1 == c)
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    if !text.contains('、') {
        return;
    }
    // Each matched pair: (kind, open byte, close byte, parent pair index).
    struct Pair {
        kind: usize,
        open: usize,
        close: usize,
        parent: Option<usize>,
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // indices into `pairs`, close unknown
    for (i, c) in text.char_indices() {
        if let Some(kind) = pair_of_open(c) {
            pairs.push(Pair {
                kind,
                open: i,
                close: usize::MAX,
                parent: stack.last().copied(),
            });
            stack.push(pairs.len() - 1);
        } else if let Some(kind) = pair_of_close(c) {
            match stack.last() {
                Some(&top) if pairs[top].kind == kind => {
                    pairs[top].close = i;
                    stack.pop();
                }
                // Unbalanced: which marks pair up is no longer certain.
                _ => {
                    for &open in &stack {
                        pairs[open].close = usize::MAX;
                    }
                    stack.clear();
                }
            }
        }
    }
    let mut by_close: FxHashMap<usize, usize> = FxHashMap::default();
    let mut by_open: FxHashMap<usize, usize> = FxHashMap::default();
    for (k, p) in pairs.iter().enumerate() {
        if p.close != usize::MAX {
            by_close.insert(p.close, k);
            by_open.insert(p.open, k);
        }
    }
    for (i, c) in text.char_indices() {
        if c != '、' {
            continue;
        }
        let Some(before) = text[..i].chars().next_back() else {
            continue;
        };
        let after_at = i + c.len_utf8();
        let Some(after) = text[after_at..].chars().next() else {
            continue;
        };
        let (Some(k1), Some(k2)) = (pair_of_close(before), pair_of_open(after)) else {
            continue;
        };
        if k1 != k2 {
            continue;
        }
        let (Some(left), Some(right)) = (
            by_close.get(&(i - before.len_utf8())).copied(),
            by_open.get(&after_at).copied(),
        ) else {
            continue;
        };
        if pairs[left].parent != pairs[right].parent || pairs[left].kind != pairs[right].kind {
            continue;
        }
        let name = PAIRS[k1].2;
        out.push(
            Finding::new(
                Rule::ListPunctuation,
                i..after_at,
                format!(
                    "标有{name}的并列成分之间通常不用顿号，应删去这个顿号（GB/T 15834-2011 §4.5.3.5）"
                ),
            )
            .with_fix(""),
        );
    }
}

/// The mark an inline item ends with: `；` or `。`, closing quotes and
/// brackets looked through (`“…”；`, `…。”`).
fn end_mark(text: &str) -> Option<(usize, char)> {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || is_indent(c));
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' => {}
            '；' | '。' => return Some((i, c)),
            _ => return None,
        }
    }
    None
}

/// The inline series of the document whose items end with different marks.
pub fn check_series(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    series: &[Vec<misnumbered::Item>],
    out: &mut Vec<Finding>,
) {
    if markers.iter().all(|m| m.inline.is_empty()) {
        return;
    }
    for items in series {
        if items.len() < 3 || items[0].style.heading_level().is_some() {
            continue;
        }
        // Each item but the last ends where the next one starts.
        let ends: Vec<Option<(usize, char)>> = items
            .windows(2)
            .map(|pair| {
                let next = pair[1].range.start;
                let p = paragraphs
                    .partition_point(|p| p.start <= next)
                    .checked_sub(1)?;
                let para = &paragraphs[p];
                let before = &para.text[..next - para.start];
                if before.trim_end_matches(is_indent).trim().is_empty() {
                    // The next item starts its paragraph: this one ended
                    // the paragraph before.
                    let prev = paragraphs[..p].last()?;
                    if prev.end() < pair[0].range.end {
                        return None;
                    }
                    end_mark(prev.text).map(|(i, c)| (prev.start + i, c))
                } else {
                    end_mark(before).map(|(i, c)| (para.start + i, c))
                }
            })
            .collect();
        // Items ending otherwise (`，`, a quote) neither set nor break it.
        let mut defined = ends
            .iter()
            .enumerate()
            .filter_map(|(k, e)| e.map(|e| (k, e)));
        let Some((j, (_, first))) = defined.next() else {
            continue;
        };
        let Some((k, (at, mark))) = defined.find(|&(_, (_, c))| c != first) else {
            continue;
        };
        let item = items[k].style.render(items[k].number);
        let first_item = items[j].style.render(items[j].number);
        out.push(Finding::new(
            Rule::ListPunctuation,
            at..at + mark.len_utf8(),
            format!(
                "并列各项末尾的标点应一致：“{first_item}”一项以“{first}”结尾，“{item}”一项却以“{mark}”结尾（GB/T 15834-2011 §4.6）"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, findings, flagged, flagged_md, DEFAULT};
    use crate::engine::Severity;

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::ListPunctuation, &DEFAULT)
    }

    /// Each finding as the text around it, with the fix applied.
    fn fixed(text: &str) -> Vec<String> {
        let fixes = testing::fixes(text, Rule::ListPunctuation);
        let mut out = text.to_string();
        for f in findings(text, &DEFAULT)
            .iter()
            .rev()
            .filter(|f| f.rule == Rule::ListPunctuation)
        {
            out.replace_range(f.range.clone(), &f.fix.as_ref().unwrap().replacement);
        }
        assert!(fixes
            .iter()
            .all(|(s, fix)| s == "、" && fix.as_deref() == Some("")));
        vec![out]
    }

    #[test]
    fn spec_must_flag() {
        for (text, want) in [
            ("增强“四个意识”、“四个自信”", "增强“四个意识”“四个自信”"),
            ("学习《宪法》、《选举法》", "学习《宪法》《选举法》"),
            ("他说：“要学‘两会’、‘两法’。”", "他说：“要学‘两会’‘两法’。”"),
            (
                "《宪法》、《选举法》、《组织法》等",
                "《宪法》《选举法》《组织法》等",
            ),
            ("「甲」、「乙」", "「甲」「乙」"),
            ("《关于“甲”、“乙”的通知》", "《关于“甲”“乙”的通知》"),
        ] {
            assert_eq!(fixed(text), [want], "{text}");
        }
        let f = findings("学习《宪法》、《选举法》", &DEFAULT);
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].message.contains("§4.5.3.5"), "{}", f[0].message);
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "增强“四个意识”“四个自信”",
            "学习《宪法》《选举法》",
            "《规划》（2021年）、《方案》",
            "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
            "《宪法》、“四个意识”",
            "“甲”，“乙”",
            // Unbalanced: no list, unbalanced-quote reports it.
            "“甲”、“乙",
            "甲”、“乙”",
            "“甲、“乙”",
            // Not siblings: one closes an outer quotation.
            "“学习‘甲’”、‘乙’",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn series_ending_with_different_marks() {
        for (text, want, message) in [
            (
                "一是加强学习；二是落实责任。三是强化考核；四是完善机制。",
                "。",
                "“二是”",
            ),
            (
                "一是加强学习。二是落实责任。三是强化考核；四是完善机制。",
                "；",
                "“三是”",
            ),
            (
                "第一，加强学习；第二，落实责任。第三，强化考核。",
                "。",
                "“第二，”",
            ),
            ("其一，学习；其二，落实。其三，考核。", "。", "“其二，”"),
            (
                "一是加强学习；\n二是落实责任。\n三是强化考核；\n四是完善机制。",
                "。",
                "“二是”",
            ),
            // `，` ends no item here: the pattern comes from the first `；`.
            (
                "一是加强学习，二是落实责任；三是强化考核。四是完善机制。",
                "。",
                "“三是”",
            ),
        ] {
            let f: Vec<_> = findings(text, &DEFAULT)
                .into_iter()
                .filter(|f| f.rule == Rule::ListPunctuation)
                .collect();
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(&text[f[0].range.clone()], want, "{text}");
            assert!(f[0].message.contains(message), "{}", f[0].message);
            assert!(f[0].fix.is_none());
        }
    }

    #[test]
    fn consistent_series_are_quiet() {
        for text in [
            "一是加强学习；二是落实责任；三是强化考核。",
            "一是加强学习。二是落实责任。三是强化考核。",
            "一是加强学习；二是落实责任。",
            "一是加强学习，二是落实责任，三是强化考核。",
            "一是加强学习；\n二是落实责任；\n三是强化考核。",
            "第一，持续深化理论武装；第二，推动融合；第三，加强培养。",
            "一是加强学习“四个意识”；二是落实“两个维护”；三是考核。",
            "一是学习。他说：“好。”二是落实。三是考核；",
            "一是学习；二是落实。\n一是考核。二是整改。三是提高。",
            "一、加强学习\n一是学习；二是落实。\n二、落实责任\n一是考核。二是整改。三是提高。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(
            flagged_md(
                "- 一是健全学习制度；\n- 二是丰富学习形式；\n- 三是注重学用结合。\n",
                Rule::ListPunctuation
            ),
            Vec::<String>::new()
        );
    }
}
