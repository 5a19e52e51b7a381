//! 序次语: the numbering markers of GB/T 9704 §7.3.3 headings (`一、` →
//! `（一）` → `1.` → `（1）`, plus circled `①`) and of inline enumerations
//! (`一是`, `第一，`, `其一，`). Shared by the `misnumbered` rule and the outline.

use std::ops::Range;

/// How a marker is written; enough to write the same marker with another number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerStyle {
    /// `一、`
    Chinese,
    /// `（一）`, or `(一)` when `fullwidth` is false.
    ParenChinese { fullwidth: bool },
    /// `1.` `1．` `1、`
    Arabic { separator: char },
    /// `（1）` or `(1)`
    ParenArabic { fullwidth: bool },
    /// `①`–`⑳`
    Circled,
    /// `一是`
    Shi,
    /// `第一，` `第一、`
    Di { separator: char },
    /// `其一，` `其一、`
    Qi { separator: char },
}

impl MarkerStyle {
    /// Heading level 1–5 (5 = circled), `None` for inline enumerations.
    pub fn heading_level(self) -> Option<u8> {
        match self {
            MarkerStyle::Chinese => Some(1),
            MarkerStyle::ParenChinese { .. } => Some(2),
            MarkerStyle::Arabic { .. } => Some(3),
            MarkerStyle::ParenArabic { .. } => Some(4),
            MarkerStyle::Circled => Some(5),
            _ => None,
        }
    }

    /// The form of an inline enumeration; markers of one form count together.
    pub fn inline_form(self) -> Option<InlineForm> {
        match self {
            MarkerStyle::Shi => Some(InlineForm::Shi),
            MarkerStyle::Di { .. } => Some(InlineForm::Di),
            MarkerStyle::Qi { .. } => Some(InlineForm::Qi),
            _ => None,
        }
    }

    pub fn render(self, n: u32) -> String {
        match self {
            MarkerStyle::Chinese => format!("{}、", chinese_numeral(n)),
            MarkerStyle::ParenChinese { fullwidth: true } => format!("（{}）", chinese_numeral(n)),
            MarkerStyle::ParenChinese { fullwidth: false } => format!("({})", chinese_numeral(n)),
            MarkerStyle::Arabic { separator } => format!("{n}{separator}"),
            MarkerStyle::ParenArabic { fullwidth: true } => format!("（{n}）"),
            MarkerStyle::ParenArabic { fullwidth: false } => format!("({n})"),
            MarkerStyle::Circled => char::from_u32(0x2460 + n.saturating_sub(1))
                .filter(|_| (1..=20).contains(&n))
                .map_or_else(|| format!("({n})"), String::from),
            MarkerStyle::Shi => format!("{}是", chinese_numeral(n)),
            MarkerStyle::Di { separator } => format!("第{}{separator}", chinese_numeral(n)),
            MarkerStyle::Qi { separator } => format!("其{}{separator}", chinese_numeral(n)),
        }
    }
}

/// The three inline enumerations, which count independently of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineForm {
    /// `一是`
    Shi,
    /// `第一，`
    Di,
    /// `其一，`
    Qi,
}

impl InlineForm {
    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub style: MarkerStyle,
    pub number: u32,
    /// Byte range of the marker, relative to the paragraph text.
    pub range: Range<usize>,
}

/// The numbering markers of one paragraph: computed once per paragraph
/// text and cached with its findings, since numbering is checked across
/// the whole document on every change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphMarkers {
    pub heading: Option<Marker>,
    pub inline: Vec<Marker>,
    /// Numerals glued to the word after them at clause starts, in order.
    pub bare: Vec<BareNumeral>,
    /// Short and without a full stop: shaped like a heading.
    pub heading_like: bool,
}

impl ParagraphMarkers {
    pub fn of(paragraph: &str) -> ParagraphMarkers {
        let heading = heading_marker(paragraph);
        let skip = heading.as_ref().map_or(0, |m| m.range.end);
        let (inline, bare) = clause_markers(paragraph, skip);
        ParagraphMarkers {
            inline,
            bare,
            heading,
            heading_like: paragraph.chars().nth(HEADING_LENGTH).is_none()
                && !paragraph.contains(['。', '；', '！', '？']),
        }
    }
}

/// Headings run to about a line; GB/T 9704 titles to two.
const HEADING_LENGTH: usize = 40;

/// A Chinese numeral at a clause start, glued to what follows with no mark
/// of its own: `四加强队伍建设` (a heading that lost its `、`), `三加强考核`
/// (an item that lost its `是`). Whether it is a marker depends on the
/// numbering around it, which `misnumbered` decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareNumeral {
    pub number: u32,
    /// Byte range of the numeral, relative to the paragraph text.
    pub range: Range<usize>,
    /// The segmenter keeps the numeral apart (`四|加强`), not `四下|一步`.
    pub apart: bool,
    /// What follows, read on its own, starts with a word of two or more Han
    /// characters (`加强`), not `川|省`, `风|问题` or `下|一步`.
    pub before_word: bool,
}

/// Characters that make a numeral part of a number expression or a fixed
/// phrase (`三年`, `四项`, `二〇二四年`, `一把手`): never a lost mark.
fn continues_numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千万亿两年月日天周时分秒个项次名人位批类种条件点方面季期届级等号层轮线档产审楼大中小成倍些把手是、".contains(c)
}

fn bare_numeral_at(text: &str, at: usize) -> Option<BareNumeral> {
    use crate::engine::chars::is_han;
    let rest = &text[at..];
    let (number, len) = chinese_prefix(rest)?;
    let next = rest[len..].chars().next()?;
    if !(is_han(next) || next.is_ascii_digit()) || continues_numeral(next) {
        return None;
    }
    let window = |s: &str| {
        let end = s
            .char_indices()
            .take(10)
            .take_while(|&(_, c)| is_han(c) || c.is_ascii_digit())
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        s[..end].to_string()
    };
    let apart = crate::engine::segment::tokens(&window(rest))
        .first()
        .is_some_and(|t| t.word == &rest[..len]);
    // A Chinese numeral glued to Arabic digits (`二2024年`) is no number.
    let before_word = next.is_ascii_digit()
        || crate::engine::segment::tokens(&window(&rest[len..]))
            .first()
            .is_some_and(|t| t.word.chars().count() >= 2 && t.word.chars().all(is_han));
    Some(BareNumeral {
        number,
        range: at..at + len,
        apart,
        before_word,
    })
}

/// The heading marker a paragraph starts with, if any.
pub fn heading_marker(paragraph: &str) -> Option<Marker> {
    let mut chars = paragraph.char_indices();
    let (_, first) = chars.next()?;
    let marker = |style, number, len| {
        Some(Marker {
            style,
            number,
            range: 0..len,
        })
    };
    match first {
        '（' | '(' => {
            let open = first.len_utf8();
            let rest = &paragraph[open..];
            let (number, len, chinese) = match chinese_prefix(rest) {
                Some((n, l)) => (n, l, true),
                None => {
                    let (n, l) = arabic_prefix(rest)?;
                    (n, l, false)
                }
            };
            let close = rest[len..].chars().next()?;
            if close != '）' && close != ')' {
                return None;
            }
            let fullwidth = first == '（';
            let style = if chinese {
                MarkerStyle::ParenChinese { fullwidth }
            } else {
                MarkerStyle::ParenArabic { fullwidth }
            };
            marker(style, number, open + len + close.len_utf8())
        }
        '①'..='⑳' => marker(
            MarkerStyle::Circled,
            first as u32 - 0x2460 + 1,
            first.len_utf8(),
        ),
        '0'..='9' => {
            let (number, len) = arabic_prefix(paragraph)?;
            let mut after = paragraph[len..].chars();
            let separator = after.next()?;
            if !matches!(separator, '.' | '．' | '、') {
                return None;
            }
            // `1.5亿元` is a number, not a marker.
            if after.next().is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            marker(
                MarkerStyle::Arabic { separator },
                number,
                len + separator.len_utf8(),
            )
        }
        _ => {
            let (number, len) = chinese_prefix(paragraph)?;
            let rest = &paragraph[len..];
            let rest = rest.strip_prefix('、')?;
            if names_numbers(rest) {
                return None;
            }
            marker(MarkerStyle::Chinese, number, len + '、'.len_utf8())
        }
    }
}

/// A heading marker written with the wrong punctuation (GB/T 15834
/// appendix B.3): `（一）、`, `（1）、`, `①、` (a bracketed or circled marker
/// takes no mark), `1、` (should be `1.`), `一.`/`一，` (should be `一、`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// Byte range of the marker as written, from the paragraph start.
    pub range: Range<usize>,
    /// The marker as it should be written.
    pub right: String,
}

/// The malformed heading marker a paragraph starts with, if any. Does not
/// change what [`heading_marker`] accepts, so numbering is unaffected.
pub fn malformed_heading_marker(paragraph: &str) -> Option<Malformed> {
    const STRAY: [char; 5] = ['、', '，', ',', '.', '．'];
    if let Some(m) = heading_marker(paragraph) {
        let after = paragraph[m.range.end..].chars().next();
        return match m.style {
            MarkerStyle::ParenChinese { .. }
            | MarkerStyle::ParenArabic { .. }
            | MarkerStyle::Circled => {
                let mark = after.filter(|c| STRAY.contains(c))?;
                let right = match m.style {
                    MarkerStyle::ParenChinese { .. } => {
                        format!("（{}）", chinese_numeral(m.number))
                    }
                    MarkerStyle::ParenArabic { .. } => format!("（{}）", m.number),
                    _ => paragraph[m.range.clone()].to_string(),
                };
                Some(Malformed {
                    range: 0..m.range.end + mark.len_utf8(),
                    right,
                })
            }
            MarkerStyle::Arabic { separator: '、' } => Some(Malformed {
                range: m.range,
                right: format!("{}.", m.number),
            }),
            _ => None,
        };
    }
    let (number, len) = chinese_prefix(paragraph)?;
    let rest = &paragraph[len..];
    let mark = rest.chars().next().filter(|c| STRAY[1..].contains(c))?;
    let after = &rest[mark.len_utf8()..];
    let next = after.chars().next()?;
    if next.is_ascii_digit() || next.is_whitespace() || names_numbers(after) {
        return None;
    }
    Some(Malformed {
        range: 0..len + mark.len_utf8(),
        right: format!("{}、", chinese_numeral(number)),
    })
}

/// `一、二季度`, `一、二等奖`: the `、` joins numerals, it ends no marker.
fn names_numbers(after_comma: &str) -> bool {
    let Some((_, len)) = chinese_prefix(after_comma) else {
        return false;
    };
    after_comma[len..].chars().next().is_some_and(|c| {
        matches!(
            c,
            '、' | '季'
                | '等'
                | '级'
                | '类'
                | '期'
                | '批'
                | '档'
                | '产'
                | '线'
                | '号'
                | '轮'
                | '名'
                | '审'
                | '次'
                | '年'
                | '月'
                | '层'
                | '楼'
                | '届'
        )
    })
}

/// Inline enumeration markers at clause starts, in order. `exclude` is the
/// byte length of a heading marker at the start, which is not a clause start.
pub fn inline_markers(paragraph: &str, exclude: usize) -> Vec<Marker> {
    clause_markers(paragraph, exclude).0
}

/// The inline markers and the bare numerals at clause starts, in one pass.
/// Bare numerals count from 一 at the paragraph start (a heading that lost
/// its mark) and from 二 elsewhere (an item that lost its `是`).
fn clause_markers(paragraph: &str, exclude: usize) -> (Vec<Marker>, Vec<BareNumeral>) {
    let mut markers = Vec::new();
    let mut bare = Vec::new();
    let mut clause_start = exclude == 0;
    for (i, c) in paragraph.char_indices() {
        if i < exclude {
            continue;
        }
        if clause_start {
            if let Some(m) = inline_marker_at(paragraph, i) {
                markers.push(m);
            } else if let Some(b) = bare_numeral_at(paragraph, i) {
                if b.number >= 2 || i == 0 {
                    bare.push(b);
                }
            }
        }
        clause_start = i + c.len_utf8() == exclude
            // `,` typed for `，` (the halfwidth-punctuation finding) still
            // ends the clause before `二是`.
            || matches!(c, '。' | '；' | '：' | '！' | '？' | '，' | ';' | ':' | ',')
            || c.is_whitespace()
            || c == '\u{3000}';
    }
    (markers, bare)
}

fn inline_marker_at(text: &str, at: usize) -> Option<Marker> {
    let rest = &text[at..];
    let make = |style, number, len: usize| Marker {
        style,
        number,
        range: at..at + len,
    };
    if let Some((number, len)) = chinese_prefix(rest) {
        if rest[len..].starts_with('是') {
            return Some(make(MarkerStyle::Shi, number, len + '是'.len_utf8()));
        }
        // `二 是`: a space typed inside the marker is the stray-space
        // finding; the numbering still counts it.
        let gap = rest[len..]
            .chars()
            .next()
            .filter(|&c| c == ' ' || c == '\u{3000}');
        if let Some(gap) = gap {
            if rest[len + gap.len_utf8()..].starts_with('是') {
                return Some(make(
                    MarkerStyle::Shi,
                    number,
                    len + gap.len_utf8() + '是'.len_utf8(),
                ));
            }
        }
        return None;
    }
    for (prefix, is_di) in [("第", true), ("其", false)] {
        if let Some(after) = rest.strip_prefix(prefix) {
            let (number, len) = chinese_prefix(after)?;
            let separator = after[len..].chars().next()?;
            if !matches!(separator, '，' | '、' | ',') {
                return None;
            }
            let style = if is_di {
                MarkerStyle::Di { separator }
            } else {
                MarkerStyle::Qi { separator }
            };
            let total = prefix.len() + len + separator.len_utf8();
            return Some(make(style, number, total));
        }
    }
    None
}

fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The Chinese numeral 一 … 九十九 at the start of `s`: value and byte length.
pub fn chinese_prefix(s: &str) -> Option<(u32, usize)> {
    let mut next = s.chars();
    let first = next.next()?;
    if first != '十' && digit_value(first).is_none() {
        return None; // most clause starts: no allocation, no lookahead
    }
    let chars = [Some(first), next.next(), next.next()];
    let chars: Vec<char> = chars.into_iter().flatten().collect();
    let w = '一'.len_utf8(); // every numeral character is three bytes
    match chars.as_slice() {
        [a, '十', b, ..] if digit_value(*a).is_some() && digit_value(*b).is_some() => {
            Some((digit_value(*a)? * 10 + digit_value(*b)?, 3 * w))
        }
        [a, '十', ..] if digit_value(*a).is_some() => Some((digit_value(*a)? * 10, 2 * w)),
        ['十', b, ..] if digit_value(*b).is_some() => Some((10 + digit_value(*b)?, 2 * w)),
        ['十', ..] => Some((10, w)),
        [a, ..] => digit_value(*a).map(|v| (v, w)),
        [] => None,
    }
}

/// One or two ASCII digits at the start of `s` (1–99).
fn arabic_prefix(s: &str) -> Option<(u32, usize)> {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 2 {
        return None;
    }
    let n: u32 = s[..len].parse().ok()?;
    (n > 0).then_some((n, len))
}

pub fn chinese_numeral(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", D[(n / 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        for n in 1..=99 {
            let s = chinese_numeral(n);
            assert_eq!(chinese_prefix(&s), Some((n, s.len())), "{s}");
        }
    }

    #[test]
    fn heading_markers_by_level() {
        let level = |s: &str| heading_marker(s).and_then(|m| m.style.heading_level());
        assert_eq!(level("一、总体情况"), Some(1));
        assert_eq!(level("二十三、其他"), Some(1));
        assert_eq!(level("（一）加强领导"), Some(2));
        assert_eq!(level("(二)加强领导"), Some(2));
        assert_eq!(level("1.学习"), Some(3));
        assert_eq!(level("12．学习"), Some(3));
        assert_eq!(level("3、学习"), Some(3));
        assert_eq!(level("（1）学习"), Some(4));
        assert_eq!(level("②学习"), Some(5));
        assert_eq!(level("1.5亿元投入"), None);
        assert_eq!(level("一、二季度完成"), None);
        assert_eq!(level("一、二等奖各一名"), None);
        assert_eq!(level("2023年工作"), None);
        assert_eq!(level("一是加强"), None);
    }

    #[test]
    fn inline_markers_only_at_clause_starts() {
        let nums =
            |s: &str| -> Vec<u32> { inline_markers(s, 0).iter().map(|m| m.number).collect() };
        assert_eq!(nums("一是学习。二是落实；三是考核"), [1, 2, 3]);
        assert_eq!(
            nums("思想统一是基础，唯一是目标，之一是"),
            Vec::<u32>::new()
        );
        assert_eq!(nums("第一，学习；第二、落实"), [1, 2]);
        assert_eq!(nums("其一，学习。其二，落实"), [1, 2]);
        assert_eq!(nums("第一次会议"), Vec::<u32>::new());
        // A halfwidth comma or a space typed into the series (the
        // punctuation and space rules' findings) does not break it.
        assert_eq!(nums("一是学习,二是落实,三是考核"), [1, 2, 3]);
        assert_eq!(nums("第一,学习；第二,落实"), [1, 2]);
        assert_eq!(nums("一是学习。二 是落实。三是考核"), [1, 2, 3]);
        assert_eq!(nums("统一 是前提"), Vec::<u32>::new());
    }

    #[test]
    fn malformed_markers_and_their_right_form() {
        let m = |s: &str| malformed_heading_marker(s).map(|m| (s[m.range].to_string(), m.right));
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(m("（一）、加强领导"), pair("（一）、", "（一）"));
        assert_eq!(m("(二)、加强领导"), pair("(二)、", "（二）"));
        assert_eq!(m("（1）、学习"), pair("（1）、", "（1）"));
        assert_eq!(m("（3）．学习"), pair("（3）．", "（3）"));
        assert_eq!(m("①、学习"), pair("①、", "①"));
        assert_eq!(m("2、学习"), pair("2、", "2."));
        assert_eq!(m("一.总体情况"), pair("一.", "一、"));
        assert_eq!(m("十二，其他"), pair("十二，", "十二、"));
        assert_eq!(m("三．存在问题"), pair("三．", "三、"));
        for fine in [
            "一、总体情况",
            "（一）加强领导",
            "1.学习",
            "1．学习",
            "①学习",
            "一，二季度持续增长",
            "一.5",
            "十分重要，",
            "1、2月份完成",
            "一是加强",
        ] {
            assert_eq!(m(fine), None, "{fine}");
        }
    }

    #[test]
    fn bare_numerals_are_numerals_the_segmenter_keeps_apart() {
        let bare = |s: &str| -> Vec<(u32, bool, bool)> {
            ParagraphMarkers::of(s)
                .bare
                .iter()
                .map(|b| (b.number, b.apart, b.before_word))
                .collect()
        };
        assert_eq!(bare("四加强队伍建设"), [(4, true, true)]);
        assert_eq!(bare("五下一步工作打算"), [(5, true, false)]);
        assert_eq!(bare("四下一步工作打算"), [(4, false, false)]);
        assert_eq!(bare("二2024年工作安排"), [(2, true, true)]);
        assert_eq!(bare("三全面加强政府自身建设"), [(3, true, true)]);
        // Candidates, but no word follows: only the numbering around them
        // could make them markers.
        assert_eq!(bare("三严三实"), [(3, true, false)]);
        assert_eq!(bare("四川省"), [(4, false, false)]);
        assert_eq!(bare("一是学习。二是落实。三加强考核。"), [(3, true, true)]);
        for none in [
            "三年来，我们坚持学习",
            "四项措施落实到位",
            "二〇二四年工作要点",
            "一把手带头",
            "十分重要",
            "一是学习，二是落实",
            "坚持一体推进",
            "三是考核",
        ] {
            assert_eq!(bare(none), [], "{none}");
        }
        // After a heading marker only inline items count: no `一`.
        assert_eq!(bare("一、总体情况。一加强"), []);
    }

    #[test]
    fn render_keeps_the_style() {
        assert_eq!(
            MarkerStyle::ParenChinese { fullwidth: false }.render(3),
            "(三)"
        );
        assert_eq!(MarkerStyle::Arabic { separator: '．' }.render(12), "12．");
        assert_eq!(MarkerStyle::Circled.render(4), "④");
        assert_eq!(MarkerStyle::Di { separator: '、' }.render(2), "第二、");
    }
}
