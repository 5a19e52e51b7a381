//! `placeholder`: template text left in the report (`XX局`, `*次`, `某某`,
//! `□`, `___`, `【待补充】`, `TODO`, and the user's own patterns).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::chars::{is_cjk_punct, is_digit, is_han, is_latin, is_space, CharTable};
use crate::engine::config::Config;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::{DocumentKind, Paragraph};
use crate::engine::titles::{ends_with_post, post_at_start, unit_at_start};

/// Characters that make a lone `X` a number: `X月`, `x%`, `X人`.
fn is_counter(c: char) -> bool {
    "年月日号次个人名项件条万亿元%％天期批家户位所".contains(c)
}

static NOTES: LazyLock<Regex> = LazyLock::new(|| {
    let words = "填写|待补充|待定|待填|请输入";
    Regex::new(&format!(
        r"\{{\{{[^{{}}]*\}}\}}|\$\{{[^{{}}]*\}}|【[^【】]*?(?:{words})[^【】]*】|\[[^\[\]]*?(?:{words})[^\[\]]*\]|（[^（）]*?(?:{words})[^（）]*）|\([^()]*?(?:{words})[^()]*\)|待补充|待完善|(?-u:\b)(?:TODO|TBD|FIXME)(?-u:\b)"
    ))
    .expect("built-in pattern")
});

static EMPTY_BRACKETS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"（[ \u{3000}\u{a0}]+）|【[ \u{3000}\u{a0}]+】|\[[ \u{3000}\u{a0}]+\]|\([ \u{3000}\u{a0}]+\)")
        .expect("built-in pattern")
});

#[derive(Clone, Copy)]
enum Kind {
    Placeholder,
    Blank,
    Note,
    Custom,
}

pub fn check(p: &Paragraph, kind: DocumentKind, config: &Config, out: &mut Vec<Finding>) {
    let text = p.text;
    let mut hits: Vec<(Range<usize>, Kind)> = Vec::new();
    let table = CharTable::new(text);
    scan_runs(&table, &mut hits);

    for m in NOTES.find_iter(text) {
        hits.push((m.range(), Kind::Note));
    }
    if kind == DocumentKind::PlainText {
        for m in EMPTY_BRACKETS.find_iter(text) {
            hits.push((m.range(), Kind::Blank));
        }
    }
    if let Some(ac) = config.placeholder_literals() {
        for m in ac.find_iter(text) {
            hits.push((m.range(), Kind::Custom));
        }
    }
    for re in config.placeholder_regexes() {
        for m in re.find_iter(text).filter(|m| !m.is_empty()) {
            hits.push((m.range(), Kind::Custom));
        }
    }

    // Longest first at each start, then drop anything inside an earlier hit.
    // Nothing in blanked Markdown (code, comments, link targets) is text;
    // a user pattern matching spaces would otherwise find it there, even
    // inside a blanked multi-byte character.
    if !p.blanked.is_empty() {
        hits.retain(|(range, _)| !range.clone().any(|i| p.is_blanked(i)));
    }
    hits.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut covered = 0;
    for (range, kind) in hits {
        if range.start < covered {
            continue;
        }
        covered = range.end;
        let shown = excerpt(&text[range.clone()]);
        let message = match kind {
            Kind::Placeholder => format!("模板占位符“{shown}”未替换，请填写实际内容"),
            Kind::Blank => format!("填空处“{shown}”未填写，请填写实际内容"),
            Kind::Note => format!("模板说明或待办标记“{shown}”未处理，请补充内容后删除"),
            Kind::Custom => format!("占位内容“{shown}”未替换（自定义规则），请填写实际内容"),
        };
        out.push(Finding::new(Rule::Placeholder, range, message));
    }
}

fn excerpt(s: &str) -> String {
    const MAX: usize = 16;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// Title and quotation marks a blank may stand just inside of.
const OPENING_MARKS: &str = "《〈“‘「『（【";
const CLOSING_MARKS: &str = "》〉”’」』）】";

/// Runs of one placeholder character class: `XX`, `××`, `**`, `某某`, `□`,
/// `○○`, `___`, `＿＿`.
fn scan_runs(t: &CharTable, hits: &mut Vec<(Range<usize>, Kind)>) {
    let has_han = t.chars.iter().any(|&(_, c)| is_han(c));
    // `_强调_内容`: CommonMark leaves an intraword `_` as text, but the
    // writer meant emphasis, opened at a word start.
    let mut emphasis_open = false;
    let mut i = 0;
    while i < t.len() {
        let Some(class) = RunClass::of(t.chars[i].1) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < t.len() && RunClass::of(t.chars[j].1) == Some(class) {
            j += 1;
        }
        let n = j - i;
        let prev = t.before(i);
        let next = t.get(j);
        let between_han = prev.is_some_and(is_han) && next.is_some_and(is_han);
        let hit = class.min_len().is_some_and(|min| n >= min)
            || match class {
                RunClass::Ex => x_run(t, i, j),
                RunClass::Times => prev.is_some_and(is_han) || next.is_some_and(is_han),
                RunClass::Star => star_run(t, i, j, has_han),
                // `以_新时代…`: a blank line shortened to one stroke; also
                // just inside a title or quotation mark (`《_谈治国理政》`)
                // when no other stroke follows to make it emphasis.
                RunClass::Underscore | RunClass::FullUnderscore => {
                    let opens = prev.is_none_or(|c| is_space(c) || is_cjk_punct(c));
                    let closes = std::mem::replace(&mut emphasis_open, opens && n == 1);
                    let alone = !t.chars[j..]
                        .iter()
                        .any(|&(_, c)| RunClass::of(c) == Some(class));
                    let inside_mark = alone
                        && (prev.is_some_and(|c| OPENING_MARKS.contains(c))
                            && next.is_some_and(is_han)
                            || prev.is_some_and(is_han)
                                && next.is_some_and(|c| CLOSING_MARKS.contains(c)));
                    (between_han || inside_mark) && !(closes && n == 1)
                }
                RunClass::Mou | RunClass::Square | RunClass::Circle => false,
            };
        if hit {
            hits.push((t.offset(i)..t.offset(j), class.kind()));
        }
        i = j;
    }
}

/// The characters a placeholder run is made of; a run is one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunClass {
    /// `X` `x` `Ｘ` `ｘ`
    Ex,
    /// `×`
    Times,
    /// `*` `＊`
    Star,
    /// `某`
    Mou,
    /// `□` `■`
    Square,
    /// `○`
    Circle,
    /// `_`
    Underscore,
    /// `＿`
    FullUnderscore,
}

impl RunClass {
    fn of(c: char) -> Option<RunClass> {
        Some(match c {
            'X' | 'x' | 'Ｘ' | 'ｘ' => RunClass::Ex,
            '×' => RunClass::Times,
            '*' | '＊' => RunClass::Star,
            '某' => RunClass::Mou,
            '□' | '■' => RunClass::Square,
            '○' => RunClass::Circle,
            '_' => RunClass::Underscore,
            '＿' => RunClass::FullUnderscore,
            _ => return None,
        })
    }

    /// Runs this long are placeholders wherever they stand; shorter ones
    /// only in the contexts [`scan_runs`] checks. `None`: the context
    /// decides at every length (`XXL` and `5*3` are no placeholders).
    fn min_len(self) -> Option<usize> {
        match self {
            RunClass::Ex | RunClass::Star => None,
            RunClass::Square => Some(1),
            RunClass::Times | RunClass::Mou | RunClass::Circle | RunClass::FullUnderscore => {
                Some(2)
            }
            RunClass::Underscore => Some(3),
        }
    }

    fn kind(self) -> Kind {
        match self {
            RunClass::Underscore | RunClass::FullUnderscore => Kind::Blank,
            _ => Kind::Placeholder,
        }
    }
}

fn is_ex(c: char) -> bool {
    RunClass::of(c) == Some(RunClass::Ex)
}

/// Units written in Latin letters after a number: `XXkg`, `XXkm`. Not `L`,
/// `S` or `M`, which are also clothing sizes (`XXL`).
const LATIN_UNITS: &[&str] = &[
    "kg", "mg", "g", "t", "km", "cm", "mm", "m", "m2", "m3", "km2", "ml", "mL", "kW", "kWh", "MW",
    "GW", "kV", "Pa", "kPa", "MPa", "GB", "MB", "TB", "ha", "h", "min",
];

/// The Latin unit glued to the end of a run at `j`, if the unit ends the
/// Latin word: `kg` in `XXkg的`, nothing in `Xbox`.
fn latin_unit_at(t: &CharTable, j: usize) -> bool {
    let mut k = j;
    let mut word = String::new();
    while let Some(c) = t.get(k).filter(|&c| c.is_ascii_alphanumeric()) {
        word.push(c);
        k += 1;
    }
    LATIN_UNITS.contains(&word.as_str())
}

/// `XX局`, `20XX年`, `X月X日`, `x.x%`, `XXkg`, `X镇X村`, `秘书长X` — but not
/// `XXL`, `Xbox`, `x86`, `X射线`.
fn x_run(t: &CharTable, i: usize, j: usize) -> bool {
    let prev = t.before(i);
    let next = t.get(j);
    if prev.is_some_and(is_latin) {
        return false;
    }
    if next.is_some_and(is_latin) {
        return j - i >= 2 && latin_unit_at(t, j);
    }
    if j - i >= 2 {
        return true;
    }
    let is_x_or_digit = |c: Option<char>| c.is_some_and(|c| is_digit(c) || is_ex(c));
    if prev.is_some_and(is_digit) || next.is_some_and(is_counter) {
        return true;
    }
    if next == Some('.') && is_x_or_digit(t.get(j + 1)) {
        return true;
    }
    if prev == Some('.') && i >= 2 && is_x_or_digit(t.get(i - 2)) {
        return true;
    }
    if next.is_some_and(is_digit) {
        // `X0人` is a number with a placeholder digit; `x86` is a name.
        let mut k = j;
        while t.get(k).is_some_and(is_digit) {
            k += 1;
        }
        return t.get(k).is_some_and(is_counter);
    }
    stands_for_a_name(t, i, j)
}

/// A lone `X` in the place of a proper name: before the noun of a place or
/// an organisation (`X镇X村`, `在X委、X政府的领导下`), before a post or
/// `同志` (`X书记`, `X同志`), or after a post (`秘书长X主持会议`).
fn stands_for_a_name(t: &CharTable, i: usize, j: usize) -> bool {
    let after: String = t.chars[j..].iter().take(4).map(|&(_, c)| c).collect();
    if unit_at_start(&after).is_some() || post_at_start(&after).is_some() {
        return true;
    }
    if after.starts_with("同志") {
        return true;
    }
    let from = i.saturating_sub(4);
    let before: String = t.chars[from..i].iter().map(|&(_, c)| c).collect();
    let next = t.get(j);
    ends_with_post(&before) && next.is_none_or(|c| is_han(c) || is_cjk_punct(c))
}

/// `*党支部`, `学习 *次`, `20*年` — but not `5*3`, `note*`, or a bullet.
fn star_run(t: &CharTable, i: usize, j: usize, has_han: bool) -> bool {
    let prev = t.before(i);
    let next = t.get(j);
    if prev.is_some_and(is_latin) || next.is_some_and(is_latin) {
        return false;
    }
    if prev.is_none() && next.is_some_and(is_space) {
        return false; // a bullet at the start of a paragraph
    }
    // Past spaces: `2 * 3` is arithmetic.
    let mut a = i;
    while a > 0 && t.get(a - 1).is_some_and(is_space) {
        a -= 1;
    }
    let mut b = j;
    while t.get(b).is_some_and(is_space) {
        b += 1;
    }
    let far_prev = a.checked_sub(1).and_then(|k| t.get(k));
    let far_next = t.get(b);
    if far_prev.is_some_and(is_digit) && far_next.is_some_and(is_digit) {
        return false;
    }
    if prev.is_some_and(is_han) || next.is_some_and(is_han) {
        return true;
    }
    let open = |c: Option<char>| c.is_none_or(|c| is_space(c) || is_cjk_punct(c));
    // `1.*《条例》`: the `.` of a list marker opens the item like a space.
    let after_marker =
        matches!(prev, Some('.' | '．')) && i >= 2 && t.get(i - 2).is_some_and(is_digit);
    has_han && (open(prev) || after_marker) && (open(next) || next.is_some_and(is_digit))
        || prev.is_some_and(is_digit) && next.is_some_and(is_cjk_punct)
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::Placeholder, &DEFAULT)
    }

    #[test]
    fn spec_must_flag() {
        for (text, want) in [
            ("召开XX局会议", "XX"),
            ("xx县人民政府", "xx"),
            ("20XX年工作总结", "XX"),
            ("XXXX年XX月XX日", "XXXX"),
            ("于X月X日召开", "X"),
            ("增长x.x%", "x"),
            ("共2xxxx人参加", "xxxx"),
            ("××局", "××"),
            ("×××同志", "×××"),
            ("×月召开", "×"),
            ("\u{a0}*党支部全面学习", "*"),
            ("开展集体学习 *次", "*"),
            ("关于开展**工作的通知", "**"),
            ("20*年", "*"),
            ("1.*《实施意见》", "*"),
            ("某某单位", "某某"),
            ("某某某同志", "某某某"),
            ("□□公司", "□□"),
            ("■项目", "■"),
            ("○○镇", "○○"),
            ("联系人：___", "___"),
            ("电话＿＿", "＿＿"),
            ("时间（  ）", "（  ）"),
            ("负责人【 】", "【 】"),
            ("{{单位名称}}召开会议", "{{单位名称}}"),
            ("${name}同志", "${name}"),
            ("成效【此处填写具体数据】明显", "【此处填写具体数据】"),
            ("完成[待补充]项", "[待补充]"),
            ("共计（请输入金额）元", "（请输入金额）"),
            ("数据待定（待定）", "（待定）"),
            ("TODO 补充案例", "TODO"),
            ("经费TBD", "TBD"),
            ("FIXME：核对", "FIXME"),
            ("典型案例待补充。", "待补充"),
            ("内容待完善", "待完善"),
            // A lone X for a name: before a place or organisation noun, a
            // post or 同志, or after a post.
            ("深入X乡调研", "X"),
            ("在x区农业农村局召开", "x"),
            ("由X县政协副主席主持", "X"),
            ("Ｘ党委、Ｘ纪委联合开展", "Ｘ"),
            ("与X公司签订协议", "X"),
            ("X书记作总结讲话", "X"),
            ("X同志当选", "X"),
            ("副局长X介绍情况", "X"),
            ("主任委员X，", "X"),
            // One stroke of a blank between Chinese characters.
            ("坚持以_引领发展", "_"),
            ("组织学习《_谈治国理政》", "_"),
            ("完成＿项任务", "＿"),
            ("落实__精神", "__"),
            // A blank number with its unit.
            ("运输XXkg物资", "XX"),
            ("新建道路xxkm", "xx"),
            ("投入资金XX万元", "XX"),
        ] {
            let got = hits(text);
            assert!(got.contains(&want.to_string()), "{text}: {got:?}");
        }
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "X射线检查",
            "购买Xbox主机",
            "XXL码",
            "x86架构服务器",
            "iPhone X发布",
            "面积3×4米",
            "2 × 3 = 6",
            "结果为5*3",
            "见附注note*",
            "某些方面",
            "某种程度",
            "某个环节",
            "某一时期",
            "二〇二三年",
            "待办事项",
            "TODOS list",
            "（一）加强领导",
            "数据（截至6月）",
            "拍摄X光片",
            "X线检查",
            "开展X射线探伤",
            "XXL号服装",
            "XXS码",
            "X-ray检测",
            "iPhone X发布会",
            "SpaceX公司",
            "新建Xbox体验区",
            "使用file_name命名",
            "文件_2024版",
            "_强调_内容",
            "《_强调_》",
            "一行_",
            "X轴方向",
            "X代表未知数",
            "XXth Century",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn markdown_syntax_is_not_a_placeholder() {
        use crate::engine::testing::flagged_md;
        for text in [
            "**重点**工作",
            "* 列表项",
            "_强调_内容",
            "`XX` 代码",
            "[链接](http://a/XX)",
        ] {
            assert_eq!(
                flagged_md(text, Rule::Placeholder),
                Vec::<String>::new(),
                "{text}"
            );
        }
        assert_eq!(flagged_md("关于*党支部", Rule::Placeholder), ["*"]);
    }

    #[test]
    fn empty_brackets_only_in_plain_text() {
        use crate::engine::testing::flagged_md;
        assert_eq!(
            flagged_md("- [ ] 任务", Rule::Placeholder),
            Vec::<String>::new()
        );
    }

    #[test]
    fn user_patterns() {
        let config = crate::engine::config::Config::from_toml(
            "[placeholder]\npatterns = [\"某单位\"]\nregex = ['第[A-Z]季度']\n",
        )
        .unwrap();
        assert_eq!(
            flagged("某单位第Q季度", Rule::Placeholder, &config),
            ["某单位", "第Q季度"]
        );
    }
}
