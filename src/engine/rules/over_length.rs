//! `over-length` (info): a document or a section longer than the target
//! the writer set in `[length]` — writers of 公文 work to length limits. The
//! finding sits on the heading (the title for the whole document), with
//! the current length and the target. Lengths count characters other than
//! whitespace, as the outline's `字` do.

use super::DocumentContext;
use crate::engine::finding::Finding;
use crate::engine::outline::{self, thousands as group, Symbol, SymbolKind};
use crate::engine::registry::Rule;

pub fn check(cx: &DocumentContext, out: &mut Vec<Finding>) {
    let targets = cx.config.lengths();
    if targets.document.is_none() && targets.section.iter().all(Option::is_none) {
        return;
    }
    let symbols = outline::outline(cx.prepared);
    if let Some(max) = targets.document {
        let text = cx.prepared.text();
        let total = text.chars().filter(|c| !c.is_whitespace()).count();
        if total > max {
            // On the title, else on the first paragraph.
            let at = symbols
                .iter()
                .find(|s| s.kind == SymbolKind::Title)
                .map(|s| s.selection.clone())
                .or_else(|| cx.paragraphs.first().map(|p| p.start..p.end()));
            if let Some(range) = at {
                out.push(Finding::new(
                    Rule::OverLength,
                    range,
                    format!(
                        "全文 {} 字，超过上限 {} 字（多 {} 字）",
                        group(total),
                        group(max),
                        group(total - max)
                    ),
                ));
            }
        }
    }
    sections(&symbols, &targets.section, out);
}

fn sections(symbols: &[Symbol], max: &[Option<usize>; 9], out: &mut Vec<Finding>) {
    for s in symbols {
        if s.kind == SymbolKind::Heading {
            if let Some(limit) = max.get(s.level as usize).copied().flatten() {
                if s.chars > limit {
                    out.push(Finding::new(
                        Rule::OverLength,
                        s.selection.clone(),
                        format!(
                            "“{}”一节 {} 字，超过第 {} 级标题的上限 {} 字（多 {} 字）",
                            s.name,
                            group(s.chars),
                            s.level,
                            group(limit),
                            group(s.chars - limit)
                        ),
                    ));
                }
            }
        }
        sections(&s.children, max, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::config::Config;
    use crate::engine::registry::Rule;
    use crate::engine::testing::flagged;

    const REPORT: &str = "年度工作总结\n一、主要工作\n全年召开会议十二次，开展学习二十次。\n（一）理论学习\n组织集中学习。\n二、存在问题\n学习不够深入。\n";

    #[test]
    fn only_past_a_target() {
        let none = Config::default();
        assert!(flagged(REPORT, Rule::OverLength, &none).is_empty());
        let generous =
            Config::from_toml("[length]\nmax = 5000\nmax_section = { 1 = 1500 }").unwrap();
        assert!(flagged(REPORT, Rule::OverLength, &generous).is_empty());
        let tight =
            Config::from_toml("[length]\nmax = 30\nmax_section = { 1 = 20, 2 = 100 }").unwrap();
        assert_eq!(
            flagged(REPORT, Rule::OverLength, &tight),
            ["年度工作总结", "一、主要工作"]
        );
    }

    #[test]
    fn the_message_says_length_and_target() {
        let c = Config::from_toml("[length]\nmax_section = { 1 = 20 }").unwrap();
        let f = crate::engine::check(REPORT, crate::engine::DocumentKind::PlainText, &c);
        let f: Vec<_> = f
            .into_iter()
            .filter(|f| f.rule == Rule::OverLength)
            .collect();
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("超过第 1 级标题的上限 20 字"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn bad_levels_are_configuration_errors() {
        let e = Config::from_toml("[length]\nmax_section = { \"九\" = 10 }").unwrap_err();
        assert!(e.message.contains("max_section"), "{e}");
    }
}
