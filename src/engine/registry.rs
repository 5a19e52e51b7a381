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
        example: "一是……二是……四是……",
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
}
