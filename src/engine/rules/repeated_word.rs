//! `repeated-word`: a word or character typed twice (`征集征集`, `的的`,
//! `常抓抓长`), found from jieba tokens because the regex crate has no
//! backreferences and its Unicode `\b` sees Han text as one long word.

use crate::engine::chars::is_han;
use crate::engine::config::Config;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment::{self, Token};
use crate::engine::severity::Severity;
use crate::engine::text::Paragraph;

/// Verbs whose ABAB form is a colloquial "try doing" (`研究研究`): a hint,
/// not a typo.
const TENTATIVE_VERBS: &[&str] = &[
    "研究", "讨论", "商量", "考虑", "学习", "休息", "琢磨", "打听", "介绍", "活动", "锻炼", "收拾",
    "整理", "检查", "了解", "比较", "分析", "思考", "总结", "交流", "沟通", "调查", "准备", "体验",
    "尝试", "练习", "打扫", "清理", "熟悉", "体会", "议论", "商议", "合计", "盘算", "关心", "帮助",
    "提醒", "放松", "溜达", "散步", "说说", "聊聊", "想想", "看看",
];

/// Single characters whose doubling is a normal word when jieba splits it.
const REDUPLICATING_CHARS: &str = "人事处天家户个年时刻样层步次件条项位句声代";

/// A single character that legitimately follows a word ending in it
/// (`目的|的`), or precedes a word starting with it (`是|是否`, `的|的确`).
const PARTICLE_AFTER: &str = "的地得了";
const PARTICLE_BEFORE: &str = "是的";

pub fn check(p: &Paragraph, config: &Config, out: &mut Vec<Finding>) {
    let all = segment::tokens(p.text);
    // Whitespace tokens are dropped; `glued[i]` says whether only
    // whitespace separated token i from token i-1.
    let mut toks: Vec<Token> = Vec::with_capacity(all.len());
    let mut glued: Vec<bool> = Vec::with_capacity(all.len());
    for t in all {
        if t.word.chars().all(char::is_whitespace) {
            continue;
        }
        glued.push(gap_is_whitespace(p, toks.last(), &t));
        toks.push(t);
    }

    let mut flagged_until = 0usize; // byte offset: avoid overlapping findings
    for i in 1..toks.len() {
        if !glued[i] || toks[i].start < flagged_until {
            continue;
        }
        let (a, b) = (&toks[i - 1], &toks[i]);
        if let Some(f) = identical(&toks, &glued, i, p.text, config) {
            flagged_until = f.range.end;
            out.push(f);
        } else if let Some(f) = run_repeat(&toks, &glued, i, p.text, config) {
            flagged_until = f.range.end;
            out.push(f);
        } else if let Some(f) = doubled_across(a, b, p.text, config) {
            flagged_until = f.range.end;
            out.push(f);
        }
    }
}

/// Only typed whitespace joins two tokens; blanked Markdown (inline code,
/// an HTML comment) separates them like punctuation.
fn gap_is_whitespace(p: &Paragraph, prev: Option<&Token>, t: &Token) -> bool {
    prev.is_some_and(|prev| {
        p.text[prev.end..t.start].chars().all(char::is_whitespace)
            && !(prev.end..t.start).any(|i| p.is_blanked(i))
    })
}

fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Two identical tokens: `征集征集`, `的的`, `研究研究` (hint).
fn identical(
    toks: &[Token],
    glued: &[bool],
    i: usize,
    text: &str,
    config: &Config,
) -> Option<Finding> {
    let (a, b) = (&toks[i - 1], &toks[i]);
    if a.word != b.word || !has_han(a.word) {
        return None;
    }
    let doubled = &text[a.start..b.end];
    if config.repeated_word_allowed(a.word) || config.repeated_word_allowed(doubled) {
        return None;
    }
    if let Some(c) = single_char(a.word) {
        if REDUPLICATING_CHARS.contains(c) {
            return None;
        }
        // AABB (`干干净净`) when jieba splits it into characters.
        let pair = |x: usize, y: usize| {
            y < toks.len()
                && glued[y]
                && toks[x].word == toks[y].word
                && single_char(toks[x].word).is_some()
        };
        if pair(i + 1, i + 2) && glued[i + 1] || i >= 3 && pair(i - 3, i - 2) && glued[i - 1] {
            return None;
        }
    }
    // `一个一个`, `一步一步`: numeral-counter reduplication.
    if a.word.chars().count() == 2 && a.word.starts_with('一') {
        return None;
    }
    let range = a.end..b.end;
    if TENTATIVE_VERBS.contains(&a.word) {
        return Some(
            Finding::new(
                Rule::RepeatedWord,
                range,
                format!(
                    "“{doubled}”为口语化的重叠用法，公文中宜只用一个“{}”",
                    a.word
                ),
            )
            .with_severity(Severity::Hint)
            .with_fix(""),
        );
    }
    Some(
        Finding::new(
            Rule::RepeatedWord,
            range,
            format!("“{}”重复（{doubled}），应删除多余的“{}”", a.word, a.word),
        )
        .with_fix(""),
    )
}

/// A run of two to four tokens, three or more characters in all, typed
/// twice: `党员干部党员干部` when jieba splits it into `党员|干部|党员|干部`.
fn run_repeat(
    toks: &[Token],
    glued: &[bool],
    i: usize,
    text: &str,
    config: &Config,
) -> Option<Finding> {
    // `i` is the first token of the second copy; the first copy ends at i-1.
    for k in 2..=4 {
        if i < k || i + k > toks.len() {
            continue;
        }
        let first = &toks[i - k..i];
        let second = &toks[i..i + k];
        if first.iter().zip(second).any(|(x, y)| x.word != y.word) {
            continue;
        }
        if !glued[i - k + 1..i + k].iter().all(|g| *g) {
            continue;
        }
        let phrase = &text[first[0].start..first[k - 1].end];
        if phrase.chars().count() < 3 || !has_han(phrase) {
            continue;
        }
        if config.repeated_word_allowed(phrase) {
            return None;
        }
        return Some(
            Finding::new(
                Rule::RepeatedWord,
                first[k - 1].end..second[k - 1].end,
                format!("“{phrase}”重复，应删除多余的一处"),
            )
            .with_fix(""),
        );
    }
    None
}

/// A character doubled across a token boundary where one side is that
/// single character: `常抓|抓|长`, `我们|们`. Two real words that merely
/// touch (`学习|习近平`) are fine.
fn doubled_across(a: &Token, b: &Token, text: &str, config: &Config) -> Option<Finding> {
    let (a_single, b_single) = (single_char(a.word), single_char(b.word));
    let (c, second) = match (a_single, b_single) {
        (None, Some(c)) if a.word.ends_with(c) => {
            if PARTICLE_AFTER.contains(c) {
                return None;
            }
            // `一个|个` is `一个个`.
            if a.word.chars().count() == 2 && a.word.starts_with('一') {
                return None;
            }
            (c, b.start..b.end)
        }
        (Some(c), None) if b.word.starts_with(c) => {
            if PARTICLE_BEFORE.contains(c) {
                return None;
            }
            (c, b.start..b.start + c.len_utf8())
        }
        _ => return None,
    };
    if !is_han(c) {
        return None;
    }
    let doubled = &text[a.start..b.end];
    if config.repeated_word_allowed(doubled) {
        return None;
    }
    Some(
        Finding::new(
            Rule::RepeatedWord,
            second,
            format!("“{c}”字重复（{doubled}），应删除多余的“{c}”"),
        )
        .with_fix(""),
    )
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::severity::Severity;
    use crate::engine::testing::{findings, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::RepeatedWord, &DEFAULT)
    }

    #[test]
    fn spec_must_flag() {
        for (text, second) in [
            ("广泛征集征集意见建议", "征集"),
            ("我们我们要坚持", "我们"),
            ("我的的书", "的"),
            ("在在会上", "在"),
            ("党员干部党员干部要带头", "党员干部"),
            ("以韧劲常抓抓长", "抓"),
            ("我们们一定", "们"),
            ("组织 组织学习", " 组织"),
        ] {
            assert_eq!(hits(text), [second], "{text}");
        }
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "常常",
            "紧紧围绕",
            "牢牢把握",
            "层层签订",
            "看看",
            "原原本本学习",
            "实实在在的成效",
            "扎扎实实",
            "认认真真",
            "方方面面",
            "沉甸甸的责任",
            "一个一个落实",
            "人人有责",
            "事事有着落",
            "处处",
            "学习习近平总书记重要讲话",
            "健全全面从严治党",
            "工作作风",
            "党委委员",
            "具体体现",
            "交流发言33人次",
            "共1100人",
            "反复抓、抓反复",
            "实现目的的手段",
            "关键是是否落实",
            "一条条措施",
            "干干净净",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn abab_verbs_are_hints() {
        let f = findings("大家研究研究再定", &DEFAULT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Hint);
        let f = findings("讨论讨论", &DEFAULT);
        assert_eq!(f[0].severity, Severity::Hint);
        let f = findings("征集征集", &DEFAULT);
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn fix_deletes_the_second_occurrence() {
        let text = "广泛征集征集意见";
        let f = &findings(text, &DEFAULT)[0];
        let mut fixed = text.to_string();
        fixed.replace_range(f.range.clone(), &f.fix.as_ref().unwrap().replacement);
        assert_eq!(fixed, "广泛征集意见");
        let text = "我们 我们要";
        // The space between is also a `stray-space`; this is about the word.
        let f = &findings(text, &DEFAULT)
            .into_iter()
            .find(|f| f.rule == Rule::RepeatedWord)
            .unwrap();
        let mut fixed = text.to_string();
        fixed.replace_range(f.range.clone(), "");
        assert_eq!(fixed, "我们要");
    }

    #[test]
    fn allow_list() {
        let config = crate::engine::config::Config::from_toml(
            "[repeated-word]\nallow = [\"征集\", \"抓抓\"]\n",
        )
        .unwrap();
        assert!(flagged("征集征集", Rule::RepeatedWord, &config).is_empty());
    }
}
