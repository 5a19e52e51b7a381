//! Chinese numerals: the zero of a numeral read digit by digit is `〇`,
//! not `0`, `O` or `零` (GB/T 15835-2011 §5.2.5), and two numerals that make an estimate take
//! no 顿号 between them (§5.2.1; GB/T 15834-2011 §4.5.3.4).
//!
//! Which `X、Y` is an estimate is decided by what follows: a 量词 of
//! people, things or spans of time (`五、六个人`, `七、八天`) makes a count;
//! anything else (`一、二季度`, `一、二等奖`, `三、四月份`, `二、三产业`) is
//! the abbreviated series GB/T 15834 §4.5.3.4 keeps the 顿号 for. An
//! ordinal in front (`第五、六名`, `周五、六`) is a series too, and so is
//! `一、二` before a counter, since an estimate there says `一两`.

use crate::engine::chars::{is_han, is_latin, CharTable};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment;

use super::{is_digit, slice, starts_with};

/// A digit of a Chinese numeral, `两` included.
pub fn numeral_value(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
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

fn is_multiplier(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿')
}

pub fn check(text: &str, table: &CharTable, zeros: bool, estimates: bool, out: &mut Vec<Finding>) {
    if zeros {
        wrong_zeros(table, out);
    }
    if estimates {
        self::estimates(text, table, out);
    }
}

/// Whether some `0`/`O` touches a Chinese digit.
pub fn may_have_wrong_zero(text: &str) -> bool {
    let mut prev = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_wrong_zero(c) {
            let next = chars.peek().copied();
            if [prev, next]
                .into_iter()
                .flatten()
                .any(|n| n != '两' && is_digit_by_digit(n) && !is_wrong_zero(n))
            {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

/// Whether some 顿号 follows a digit.
pub fn may_have_estimate(text: &str) -> bool {
    text.match_indices('、').any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| numeral_value(c).is_some() || is_digit(c))
    })
}

/// What stands for the zero of `二〇二三` when `〇` is not typed.
/// `零` too: it is the zero of a number counted by position (`一百零八`),
/// while a numeral read digit by digit takes `〇` (`二〇一二`, not `二零一二`).
fn is_wrong_zero(c: char) -> bool {
    matches!(c, '0' | '０' | 'O' | 'Ｏ' | 'o' | '零')
}

fn is_digit_by_digit(c: char) -> bool {
    c == '〇' || (c != '两' && numeral_value(c).is_some()) || is_wrong_zero(c)
}

/// `二0二三年`, `一九九O年`, `三0二医院`, `二零二三年`: a run of numerals
/// read digit by digit with an Arabic `0`, a letter `O` or `零` among them.
fn wrong_zeros(table: &CharTable, out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < table.len() {
        if !table.get(i).is_some_and(is_digit_by_digit) {
            i += 1;
            continue;
        }
        let start = i;
        while table.get(i).is_some_and(is_digit_by_digit) {
            i += 1;
        }
        let run: Vec<char> = (start..i).filter_map(|k| table.get(k)).collect();
        let wrong = run.iter().filter(|&&c| is_wrong_zero(c)).count();
        let han = run.len() - wrong;
        // Touching Latin letters or Arabic digits, the `0`/`O` belongs to
        // a code or a number (`A0三`, `20二三`); touching `十`, `百` … the
        // numeral counts by position (`一百零八`, `三千零五十二`).
        let foreign = |c: Option<char>| {
            c.is_some_and(|c| is_latin(c) || is_digit(c) || is_multiplier(c) || c == '点')
        };
        if wrong == 0
            || han < 2
            || run.len() < 3
            || foreign(table.before(start))
            || foreign(table.get(i))
        {
            continue;
        }
        let fixed: String = run
            .iter()
            .map(|&c| if is_wrong_zero(c) { '〇' } else { c })
            .collect();
        let shown: String = run.iter().filter(|c| is_wrong_zero(**c)).take(1).collect();
        out.push(
            Finding::new(
                Rule::NumberUsage,
                table.offset(start)..table.offset(i),
                format!(
                    "汉字数字中的零应写作“〇”，不用“{shown}”：应为“{fixed}”（GB/T 15835-2011 §5.2.5）"
                ),
            )
            .with_fix(fixed),
        );
    }
}

/// Counters after which two numerals count people, things or time:
/// 量词 and units of 《现代汉语词典》（第7版）, in the senses that measure
/// an amount. Longer entries first where one starts another.
pub(super) const COUNTERS: &[&str] = &[
    "个", "名", "位", "人", "口", "户", "家", "岁", "天", "年", "周", "星期", "小时", "分钟",
    "秒钟", "夜", "晚", "次", "遍", "趟", "回", "场", "件", "条", "项", "种", "本", "篇", "所",
    "座", "台", "辆", "只", "头", "匹", "棵", "株", "份", "张", "支", "把", "根", "片", "块", "颗",
    "粒", "双", "对", "套", "部", "封", "首", "幅", "间", "栋", "幢", "处", "起", "例", "斤",
    "公斤", "吨", "亩", "米", "公里", "里", "元", "倍", "成", "步", "句",
];

/// Words that start with a counter but name an order or a series:
/// `一、二年级`, `五、六十年代`, `三、四年度`, `一、二周年`.
const SERIES_WORDS: &[&str] = &["年级", "年代", "年度", "周年"];

/// `名`, `位` also rank (`获得一、二名`); as counters they go before a noun.
const RANKS: &[&str] = &["名", "位"];

/// Right before an estimate's first numeral, these make it an ordinal:
/// `第五、六名`, `周五、六`, `星期五、六`, `初五、六`, `其一、二`.
fn makes_ordinal(c: char) -> bool {
    matches!(c, '第' | '周' | '期' | '拜' | '初' | '其' | '、')
}

fn estimates(text: &str, table: &CharTable, out: &mut Vec<Finding>) {
    for i in 0..table.len() {
        if table.get(i) != Some('、') {
            continue;
        }
        let found = estimate_at(text, table, i).or_else(|| arabic_estimate_at(text, table, i));
        if let Some(f) = found.filter(|_| !respective(table, i)) {
            out.push(f);
        }
    }
}

/// `分别为三、四人`, `依次为5、6名`: two exact numbers, one each. The
/// clause is read back a few words only, so a long line stays linear.
fn respective(table: &CharTable, comma: usize) -> bool {
    const LOOK_BACK: usize = 24;
    let clause_start = (comma.saturating_sub(LOOK_BACK)..comma)
        .rev()
        .find(|&k| table.get(k).is_some_and(|c| "，。；：！？,;:".contains(c)))
        .map_or(comma.saturating_sub(LOOK_BACK), |k| k + 1);
    let clause: String = (clause_start..comma).filter_map(|k| table.get(k)).collect();
    clause.contains("分别") || clause.contains("依次")
}

/// `7、8名`: an estimate written in Arabic digits. GB/T 15835-2011 §4.2.2
/// has estimates in Chinese numerals, and §5.2.1 without the 顿号, so the
/// fix is certain: `七八名`. Single digits only, one apart, before a
/// counter, as for Chinese numerals.
fn arabic_estimate_at(text: &str, table: &CharTable, comma: usize) -> Option<Finding> {
    let x_at = comma.checked_sub(1)?;
    let first = table.get(x_at).and_then(super::digit)?;
    let second = table.get(comma + 1).and_then(super::digit)?;
    let code = |c: Option<char>| {
        c.is_some_and(|c| is_digit(c) || is_latin(c) || super::is_point(c) || makes_ordinal(c))
    };
    if code(table.before(x_at)) || table.get(comma + 2).is_some_and(is_digit) {
        return None;
    }
    if !(1..=8).contains(&first) || !(second == first + 1 || (first, second) == (3, 5)) {
        return None;
    }
    if !counter_at(text, table, comma + 2) || !starts_a_word(text, table, x_at) {
        return None;
    }
    const NUMERALS: [&str; 10] = ["〇", "一", "两", "三", "四", "五", "六", "七", "八", "九"];
    let first_word = if first == 2 {
        "两"
    } else {
        NUMERALS[first as usize]
    };
    let second_word = if second == 2 {
        "两"
    } else {
        NUMERALS[second as usize]
    };
    let fixed = format!("{first_word}{second_word}");
    Some(
        Finding::new(
            Rule::NumberUsage,
            table.offset(x_at)..table.offset(comma + 2),
            format!(
                "数字连用表示概数，应使用汉字数字且中间不用顿号：应为“{fixed}”（GB/T 15835-2011 §4.2.2、§5.2.1）"
            ),
        )
        .with_fix(fixed),
    )
}

fn estimate_at(text: &str, table: &CharTable, comma: usize) -> Option<Finding> {
    // X: the numeral before the 顿号, ending in a digit (`五`, `十五`).
    let first = numeral_value(table.before(comma)?)?;
    let mut x_start = comma;
    while x_start > 0
        && table
            .get(x_start - 1)
            .is_some_and(|c| numeral_value(c).is_some() || is_multiplier(c) || c == '零')
    {
        x_start -= 1;
    }
    let x_compound = comma - x_start > 1;
    if let Some(b) = table.before(x_start) {
        if makes_ordinal(b) || is_digit(b) || is_latin(b) {
            return None;
        }
    }
    // Y: one digit, one more than X's last (or `三、五`, GB/T 15834's own
    // `三五天`), and its multipliers when X is a bare digit (`三、四十名`).
    let second = numeral_value(table.get(comma + 1)?)?;
    let adjacent = second == first + 1 || (first, second) == (3, 5);
    if !adjacent || table.get(comma + 1) == Some('两') && first != 1 {
        return None;
    }
    let mut y_end = comma + 2;
    while !x_compound && table.get(y_end).is_some_and(is_multiplier) {
        y_end += 1;
    }
    let multiplied = y_end > comma + 2;
    // An estimate of one or two says `一两` before a counter (`一两个`);
    // `一、二` there is first and second (`一、二把手`, `一、二次能源`).
    // Before a multiplier it counts: `一、二十年`.
    if !x_compound && (first, table.get(comma + 1)) == (1, Some('二')) && !multiplied {
        return None;
    }
    let after = y_end;
    let next = table.get(after);
    let counted = match next {
        Some('、') => false,
        Some(c) if multiplied && !is_han(c) => true,
        Some(_) => counter_at(text, table, after),
        None => multiplied,
    };
    if !counted || !starts_a_word(text, table, x_start) {
        return None;
    }
    let x = slice(text, table, x_start, comma);
    let y = slice(text, table, comma + 1, y_end);
    let fixed = format!("{x}{y}");
    Some(
        Finding::new(
            Rule::NumberUsage,
            table.offset(x_start)..table.offset(y_end),
            format!(
                "两个数字连用表示概数，中间不用顿号：应为“{fixed}”（GB/T 15835-2011 §5.2.1；GB/T 15834-2011 §4.5.3.4）"
            ),
        )
        .with_fix(fixed),
    )
}

fn counter_at(text: &str, table: &CharTable, at: usize) -> bool {
    if SERIES_WORDS.iter().any(|w| starts_with(text, table, at, w)) {
        return false;
    }
    let Some(counter) = COUNTERS
        .iter()
        .filter(|w| starts_with(text, table, at, w))
        .max_by_key(|w| w.len())
    else {
        return false;
    };
    if RANKS.contains(counter) {
        let after = at + counter.chars().count();
        return table.get(after).is_some_and(is_han);
    }
    true
}

/// Whether a word starts at char index `at`: `统一、两个…` ends the word
/// `统一`, it starts no numeral.
fn starts_a_word(text: &str, table: &CharTable, at: usize) -> bool {
    let Some(before) = table.before(at) else {
        return true;
    };
    if !is_han(before) {
        return true;
    }
    let from = at.saturating_sub(4);
    let from = (from..at)
        .rev()
        .find(|&k| !table.get(k).is_some_and(is_han))
        .map_or(from, |k| k + 1);
    let to = (at + 3).min(table.len());
    let window_start = table.offset(from);
    let window = &text[window_start..table.offset(to)];
    let boundary = table.offset(at) - window_start;
    segment::tokens(window).iter().any(|t| t.start == boundary)
}
