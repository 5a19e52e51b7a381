//! `stray-space` (info): spaces inside Chinese text — between two Han
//! characters, between Han text and a digit, or next to Chinese punctuation
//! — and spaces at the end of a paragraph. 公文 puts no spaces there, unlike
//! web copy. Never paragraph indentation (not part of the paragraph), never
//! Markdown syntax or spaces touching it (`**重点** 内容`), and never spaces
//! next to Latin words (`使用 Word 软件`) or placeholders (`学习 *次`).
//!
//! Nor the spaces 公文 typesetting puts between Han characters on purpose,
//! recognised by the shape of the line (see [`typeset_spaces`]): a byline or
//! attendance line of posts and names (`局长  王  强`, a two-character name
//! padded to the width of three), a letter-spaced display title
//! (`工 作 报 告`), and a credit in brackets closing a title line
//! (`（宣传部 张三）`, `（2024年1月30日 李军）`). A sentence is never one of
//! these: any sentence punctuation outside a credit's brackets disqualifies
//! the line.

use std::ops::Range;

use crate::engine::chars::{is_cjk_punct, is_digit, is_han, is_space, mostly_latin};
use crate::engine::finding::Finding;
use crate::engine::markers::heading_marker;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;
use crate::engine::titles::{ends_with_post, ends_with_unit, is_credit_label};

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
    let mut typeset: Option<Vec<Range<usize>>> = None;
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
            // Trailing spaces are never typesetting.
            let intended = next.is_some()
                && typeset
                    .get_or_insert_with(|| typeset_spaces(text))
                    .iter()
                    .any(|r| r.start <= start && end <= r.end);
            if !intended {
                out.push(Finding::new(Rule::StraySpace, start..end, message).with_fix(""));
            }
        }
        i = j;
    }
}

/// Byte ranges of `text` (one paragraph) whose spaces are typesetting, line
/// by line: a Markdown paragraph may hold a whole title block.
fn typeset_spaces(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let content = line.trim_end_matches(['\n', '\r']);
        let body = content.trim_end_matches(is_space);
        let label = part_label(body);
        if let Some(label) = &label {
            // `第一章　总　　则`, `第一部分 过去五年的工作`: the label and
            // its title stand apart; the title may be letter-spaced.
            let title = body[label.end..].trim_start_matches(is_space);
            let spaces = label.end..body.len() - title.len();
            if is_spaced_title(title) {
                out.push(at..at + content.len());
            } else {
                out.push(at + spaces.start..at + spaces.end);
            }
        }
        if body.chars().count() <= MAX_LINE {
            if is_spaced_title(body) || is_byline(body) || is_parallel_title(body) {
                out.push(at..at + content.len());
            } else if let Some(credit) = bracketed_credit(body) {
                out.push(at + credit.start..at + credit.end);
            }
        }
        at += line.len();
    }
    out
}

/// Longer lines are sentences, whatever their shape.
const MAX_LINE: usize = 80;

/// The space-separated groups of a line, or `None` if a group holds
/// anything but Han characters, digits, the `·` of transcribed names, the
/// `、` between two posts (`党组书记、局长`) and the colon after a credit
/// label (`执笔：`).
fn groups(s: &str) -> Option<Vec<&str>> {
    let groups: Vec<&str> = s.split(is_space).filter(|g| !g.is_empty()).collect();
    let plain = |g: &&str| {
        g.chars()
            .all(|c| is_han(c) || is_digit(c) || matches!(c, '·' | '、' | '：'))
    };
    groups.iter().all(plain).then_some(groups)
}

/// A chapter, article or part label starting a line (`第一章`, `第十二条`,
/// `第二部分`): its byte range. Laws and 党内法规 set a full-width space
/// after it (`第一条　党员是…`), reports a space before the part's title.
fn part_label(s: &str) -> Option<Range<usize>> {
    let rest = s.strip_prefix('第')?;
    let numeral = rest
        .char_indices()
        .take_while(|&(_, c)| is_digit(c) || "〇零一二三四五六七八九十百千两".contains(c))
        .last()
        .map(|(b, c)| b + c.len_utf8())?;
    let unit = ["部分", "章", "节", "条", "编", "篇", "款", "卷"]
        .into_iter()
        .find(|u| rest[numeral..].starts_with(u))?;
    let end = '第'.len_utf8() + numeral + unit.len();
    s[end..].starts_with(is_space).then_some(0..end)
}

/// A display title or heading of two or three parallel phrases set apart by
/// a wide space instead of a comma (`坚持党建引领  奋力推动高质量发展`,
/// `一、强化政治引领　筑牢思想根基`): after an optional heading marker,
/// phrases of four or more Han characters, each gap two spaces or an
/// ideographic one, and no sentence punctuation. A space typed by mistake
/// is a single ASCII one, mostly inside a sentence.
fn is_parallel_title(s: &str) -> bool {
    let skip = heading_marker(s).map_or(0, |m| m.range.end);
    let body = &s[skip..];
    if body.contains(['，', '。', '；', '：', '！', '？', ',', ';', ':']) {
        return false;
    }
    let mut phrases = 0;
    let mut rest = body;
    loop {
        let phrase_end = rest.find(is_space).unwrap_or(rest.len());
        let phrase = &rest[..phrase_end];
        let title_mark = |c: char| matches!(c, '“' | '”' | '《' | '》' | '‘' | '’' | '、' | '·');
        let han = phrase.chars().filter(|&c| is_han(c)).count();
        if han < 4
            || !phrase
                .chars()
                .all(|c| is_han(c) || is_digit(c) || title_mark(c))
        {
            return false;
        }
        phrases += 1;
        let after = &rest[phrase_end..];
        let next = after.trim_start_matches(is_space);
        if next.is_empty() {
            return (2..=3).contains(&phrases) && after.is_empty();
        }
        let gap = &after[..after.len() - next.len()];
        if !(gap.contains('\u{3000}') || gap.chars().count() >= 2) || gap.contains('\t') {
            return false;
        }
        rest = next;
    }
}

/// `工 作 报 告`, `目  录`: every character its own group.
fn is_spaced_title(s: &str) -> bool {
    groups(s).is_some_and(|g| g.len() >= 2 && g.iter().all(|g| is_single_han(g)))
}

/// Two-character surnames (复姓) of 《百家姓》, for four-character names.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "端木", "南宫", "西门", "独孤", "轩辕", "呼延", "闻人", "澹台",
];

/// A personal name: two or three Han characters (`李军`), four after a
/// two-character surname (`欧阳明远`), or a transcribed name joined by `·`.
fn is_name(g: &str) -> bool {
    let n = g.chars().count();
    if g.contains('·') {
        let han = g.chars().filter(|&c| is_han(c)).count();
        return han + 1 == n && (3..=12).contains(&n) && !g.starts_with('·') && !g.ends_with('·');
    }
    g.chars().all(is_han)
        && match n {
            2 | 3 => true,
            4 => COMPOUND_SURNAMES.iter().any(|s| g.starts_with(s)),
            _ => false,
        }
}

fn is_single_han(g: &str) -> bool {
    let mut chars = g.chars();
    chars.next().is_some_and(is_han) && chars.next().is_none()
}

/// How many groups from `at` make a name: one (`王强`), or two single
/// characters padded apart (`王  强`).
fn name_at(groups: &[&str], at: usize) -> Option<usize> {
    let g = *groups.get(at)?;
    if is_name(g) {
        return Some(1);
    }
    match groups.get(at + 1) {
        Some(h) if is_single_han(g) && is_single_han(h) => Some(2),
        _ => None,
    }
}

/// `2024年1月30日`, `二〇二四年一月`: a date.
fn is_date(g: &str) -> bool {
    let numeral = |c: char| is_digit(c) || "〇一二三四五六七八九十".contains(c);
    g.chars()
        .all(|c| numeral(c) || matches!(c, '年' | '月' | '日'))
        && g.ends_with(['年', '月', '日'])
        && g.chars().next().is_some_and(numeral)
}

/// The groups of a byline with each `label：` split off: `执笔：何琳` is the
/// label `执笔` and the group `何琳`. `None` if a colon follows anything but
/// a credit label.
fn split_labels<'a>(groups: &[&'a str]) -> Option<Vec<Group<'a>>> {
    let mut out = Vec::new();
    for g in groups {
        match g.split_once('：') {
            Some((label, rest)) => {
                if !is_credit_label(label) || rest.contains('：') {
                    return None;
                }
                out.push(Group::Label);
                if !rest.is_empty() {
                    out.push(Group::Text(rest));
                }
            }
            None => out.push(Group::Text(g)),
        }
    }
    Some(out)
}

#[derive(Clone, Copy)]
enum Group<'a> {
    Label,
    Text(&'a str),
}

/// Posts and names, in pairs: `市长 李军`, `局长  王  强`, `中心主任 张三
/// 党委书记 李四`; after a credit label (`出席：`, `执笔：`, `述职人：`) also
/// units with names (`办公室 范小雨`) and names alone (`陈  静`).
fn is_byline(s: &str) -> bool {
    byline_names(s).is_some_and(|names| names > 0)
}

/// How many names a byline holds, `None` if it is no byline.
fn byline_names(s: &str) -> Option<usize> {
    let groups = groups(s)?;
    if groups.len() < 2 {
        return None;
    }
    let parts = split_labels(&groups)?;
    let mut labelled = false;
    let mut names = 0;
    let mut i = 0;
    // Names span one or two groups; look them up among the texts that follow.
    while i < parts.len() {
        let g = match parts[i] {
            Group::Label => {
                labelled = true;
                i += 1;
                continue;
            }
            Group::Text(g) => g,
        };
        let texts: Vec<&str> = parts[i..]
            .iter()
            .map_while(|p| match p {
                Group::Text(t) => Some(*t),
                Group::Label => None,
            })
            .collect();
        let role = ends_with_post(g) || labelled && ends_with_unit(g);
        let as_role = role.then(|| name_at(&texts, 1)).flatten().map(|n| n + 1);
        // After a label a name may end like a unit (`王德科`).
        let as_name = || labelled.then(|| name_at(&texts, 0)).flatten();
        // `列席：县林业局  县住建局`: units attending without names.
        let as_unit = || (labelled && ends_with_unit(g)).then_some(1);
        let step = as_role.or_else(as_name).or_else(as_unit)?;
        i += step;
        names += 1;
    }
    Some(names)
}

/// A bracketed credit closing a title line or standing alone:
/// `（宣传部 张三）`, `（2024年1月30日 李军）`, `（办公室 范小雨 整理）`. Its
/// range, brackets included. Every group is a name, a unit, a post, a date
/// or a credit word, and one of them is not a name: two words that merely
/// look like names (`（时间 地点）`) are no credit.
fn bracketed_credit(s: &str) -> Option<Range<usize>> {
    let opens = ['（', '('];
    let closes = ['）', ')'];
    let (open_at, open_len, close_len) = match s.strip_suffix(closes) {
        Some(t) => match t.rfind(opens) {
            Some(at) => (at, s[at..].chars().next()?.len_utf8(), s.len() - t.len()),
            // The opener lost (unbalanced-bracket's finding): still a credit.
            None => (0, 0, s.len() - t.len()),
        },
        // The closer lost: a line that opens a credit and never closes it.
        None if s.starts_with(opens) && !s.contains(closes) => (0, s.chars().next()?.len_utf8(), 0),
        None => return None,
    };
    let content = &s[open_at + open_len..s.len() - close_len];
    let sentence = |c: char| matches!(c, '，' | '。' | '；' | '！' | '？' | '：' | ',' | ';');
    if s[..open_at].contains(sentence) || content.contains('：') {
        return None;
    }
    let groups = groups(content)?;
    if !(2..=4).contains(&groups.len()) {
        return None;
    }
    let mut anchored = false;
    let mut i = 0;
    while i < groups.len() {
        let g = groups[i];
        if is_date(g) || ends_with_post(g) || ends_with_unit(g) || is_credit_label(g) {
            anchored = true;
            i += 1;
        } else {
            i += name_at(&groups, i)?;
        }
    }
    anchored.then_some(open_at..s.len())
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

    /// 公文 typesetting: bylines, attendance lines, letter-spaced titles and
    /// bracketed credits, recognised by their shape.
    #[test]
    fn typesetting_is_not_stray() {
        for text in [
            "县委书记 孙建国",
            "副县长  刘  洋",
            "市委副书记 欧阳明远",
            "总经理 孔令辉  副总经理 郑  欣",
            "党组书记、局长 吴海涛",
            "执笔：何  琳  审核：唐建华",
            "出席：县长 冯  涛  副县长 何晓光  办公室主任 罗  斌",
            "记录：党政办 贺  莹",
            "汇报人：阿不都·热合曼",
            "通  知",
            "决 定",
            "年 度 工 作 要 点",
            "（市委政策研究室 马  骏）",
            "（2023年12月28日 宋志远）",
            "（二〇二四年三月 县委办公室）",
            "在全县秋季农业生产现场会上的讲话（2024年9月3日 黎  晓）",
            "关于乡村治理的几点思考（县委党校 白云飞 整理）",
            // A credit that lost a bracket is the bracket rule's finding.
            "（市委政策研究室 马  骏",
            "2023年12月28日 宋志远）",
            // Titles and headings of parallel phrases set apart by a wide space.
            "坚持党建引领  奋力推动高质量发展",
            "强化政治引领\u{3000}筑牢思想根基",
            "一、聚焦主责主业  推动工作落实",
            "（二）坚持“两个毫不动摇”\u{3000}促进民营经济发展",
            // Attendance lines of a 纪要: names, posts with names, units.
            "参加会议：刘  畅  王建军  赵一鸣",
            "出席会议：县长 孙海涛  副县长 刘  畅",
            "列席会议：县林业局  县住建局  县财政局",
            "参会人员：张立  何  静",
            // Chapter, article and part labels.
            "第一章　总　　则",
            "第二部分 今后五年的主要任务",
            "第十二条　党员必须履行下列义务：",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text:?}");
        }
    }

    /// Sentences and headings with a space typed in stay flagged, however
    /// much they look like a byline.
    #[test]
    fn body_text_shaped_like_typesetting_is_still_checked() {
        for (text, want) in [
            ("推动 工作落实", vec![" "]),
            ("落实 责任", vec![" "]),
            ("干部 学习", vec![" "]),
            ("全面 从严 治党", vec![" ", " "]),
            ("副局长 李明同志主持会议，研究部署工作。", vec![" "]),
            ("会议要求 各科室抓好落实", vec![" "]),
            ("会议强调 要加强学习。", vec![" "]),
            ("时间 地点", vec![" "]),
            ("做好会议保障（时间 地点）", vec![" "]),
            ("发言（主任 李明）后，大家进行了讨论。", vec![" "]),
            ("市长 李军  ", vec!["  "]),
            ("工 作报告", vec![" "]),
            ("地点：会议室 三楼", vec![" "]),
            // One ASCII space between phrases is a space typed by mistake;
            // phrases too short, or a sentence, are no display title.
            ("坚持党建引领 奋力推动高质量发展", vec![" "]),
            ("加强  学习", vec!["  "]),
            ("坚持党建引领  奋力推动高质量发展。", vec!["  "]),
            ("会议指出，坚持党建引领  奋力推动高质量发展", vec!["  "]),
            // A label that is not one of a 纪要's, and a part label mid-line.
            ("会议地点：三楼  会议室", vec!["  "]),
            ("在第二部分 今后五年的主要任务中", vec![" "]),
        ] {
            assert_eq!(hits(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_markdown_title_block_is_read_line_by_line() {
        let text = "工 作 总 结\n市场监管局局长 韩  梅\n正文 内容\n";
        assert_eq!(flagged_md(text, Rule::StraySpace), [" "]);
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
