//! The one list of rules. The CLI (`report-lsp rules`), the configuration
//! (which codes are valid), the README table and the editor settings are all
//! derived from [`RULES`]; adding a rule starts here.

use serde::Serialize;

use super::finding::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Placeholder,
    RepeatedWord,
    UnbalancedQuote,
    UnbalancedBracket,
    Misnumbered,
    MarkerStyle,
    QuoteNesting,
    HalfwidthPunctuation,
    DoubledPunctuation,
    StraySpace,
    DocumentNumber,
    Formulation,
    SplitWord,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    #[serde(skip)]
    pub rule: Rule,
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line, Chinese, for users.
    pub description: &'static str,
    /// A short text the rule flags, for docs and `report-lsp rules`.
    pub example: &'static str,
}

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::Placeholder,
        code: "placeholder",
        default_severity: Severity::Warning,
        description: "模板占位符未替换（XX、××、*、某某、□、___、TODO 等）",
        example: "召开XX工作会议",
    },
    RuleInfo {
        rule: Rule::RepeatedWord,
        code: "repeated-word",
        default_severity: Severity::Warning,
        description: "词语或单字重复输入（征集征集、常抓抓长）",
        example: "征集征集廉政寄语",
    },
    RuleInfo {
        rule: Rule::UnbalancedQuote,
        code: "unbalanced-quote",
        default_severity: Severity::Error,
        description: "引号不成对或不匹配",
        example: "学习“两会精神",
    },
    RuleInfo {
        rule: Rule::UnbalancedBracket,
        code: "unbalanced-bracket",
        default_severity: Severity::Error,
        description: "括号、书名号不成对或不匹配",
        example: "制定《工作要点",
    },
    RuleInfo {
        rule: Rule::Misnumbered,
        code: "misnumbered",
        default_severity: Severity::Warning,
        description: "序号跳号、重号、倒序或不从一开始（一是、二是、四是）",
        example: "一是学习。二是落实。四是考核。",
    },
    RuleInfo {
        rule: Rule::MarkerStyle,
        code: "marker-style",
        default_severity: Severity::Warning,
        description: "序次语标点或层级不规范（如“（一）、”“1、”“一.”“①、”）",
        example: "（一）、加强领导",
    },
    RuleInfo {
        rule: Rule::QuoteNesting,
        code: "quote-nesting",
        default_severity: Severity::Warning,
        description: "引号、书名号内再套同形的引号、书名号（内层应为‘’、〈〉）",
        example: "提出“坚持“两个毫不动摇””",
    },
    RuleInfo {
        rule: Rule::HalfwidthPunctuation,
        code: "halfwidth-punctuation",
        default_severity: Severity::Warning,
        description: "中文语句中使用半角标点（, . : ; ? ! ( )），应为全角",
        example: "加强学习,提高能力",
    },
    RuleInfo {
        rule: Rule::DoubledPunctuation,
        code: "doubled-punctuation",
        default_severity: Severity::Warning,
        description: "标点重复或连用（，， 。。 、、 ，。）",
        example: "加强学习，，提高能力",
    },
    RuleInfo {
        rule: Rule::StraySpace,
        code: "stray-space",
        default_severity: Severity::Info,
        description: "汉字之间、汉字与数字或标点之间的多余空格，以及行尾空格",
        example: "加强 学习",
    },
    RuleInfo {
        rule: Rule::DocumentNumber,
        code: "document-number",
        default_severity: Severity::Warning,
        description: "发文字号年份应使用六角括号〔〕（国发〔2023〕5号）",
        example: "国发[2023]5号",
    },
    RuleInfo {
        rule: Rule::Formulation,
        code: "formulation",
        default_severity: Severity::Warning,
        description: "固定政治提法表述有误（可在配置中补充词条）",
        example: "以习近平为核心的党中央",
    },
    RuleInfo {
        rule: Rule::SplitWord,
        code: "split-word",
        default_severity: Severity::Hint,
        description: "标点把一个常用词拆成两半（开，展）",
        example: "征集寄语32条开，展谈心谈话",
    },
];

impl Rule {
    pub fn info(self) -> &'static RuleInfo {
        RULES
            .iter()
            .find(|info| info.rule == self)
            .expect("every Rule has a registry entry")
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        RULES.iter().find(|info| info.code == code).map(|i| i.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(a.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            for b in &RULES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.rule, b.rule);
            }
            assert_eq!(Rule::from_code(a.code), Some(a.rule));
        }
    }

    #[test]
    fn every_example_is_flagged_by_its_rule() {
        use crate::engine::{check, Config, DocumentKind};
        let config = Config::default();
        for info in RULES {
            let found = check(info.example, DocumentKind::PlainText, &config);
            assert!(
                found.iter().any(|f| f.rule == info.rule),
                "{}: {:?}",
                info.code,
                found
            );
        }
    }
}
