//! What a writer reads about a rule: the rules document
//! (`docs/rules.md`, generated from the registry; a test keeps it current),
//! the link each diagnostic carries to its rule's section, and the hover
//! text that explains a finding — all from [`RULES`] and the lexicon, so
//! they cannot drift apart.

use super::config::Config;
use super::finding::Finding;
use super::registry::{Rule, RuleInfo, RULES};

/// Where the rules document lives by default: the repository declared in
/// `Cargo.toml`. Editors may point elsewhere (`reportLsp.docs.baseUrl`).
pub const DEFAULT_BASE_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// The rules document: `base` itself when it names a Markdown file, else
/// `docs/rules.md` in the repository at `base`.
pub fn document_url(base: &str) -> String {
    let base = base.trim_end_matches('/');
    if base.ends_with(".md") {
        base.to_string()
    } else {
        format!("{base}/blob/main/docs/rules.md")
    }
}

/// The link to a rule's section of the rules document.
pub fn rule_url(base: &str, rule: Rule) -> String {
    format!("{}#{}", document_url(base), rule.code())
}

fn toml_string(s: &str) -> String {
    // A TOML basic string: JSON escaping is a valid subset of it.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// The `report-lsp.toml` lines that silence one finding, this rule in one
/// file, or allow its text everywhere (for the rules with allow lists).
pub fn silencing(rule: Rule, text: &str, file: Option<&str>) -> String {
    let code = rule.code();
    let mut out = format!(
        "[[ignore]]\nrule = \"{code}\"\ntext = {}\n",
        toml_string(text)
    );
    if let Some(file) = file {
        out.push_str(&format!("file = {}\n", toml_string(file)));
    }
    out
}

/// The allow list a rule has, as its `report-lsp.toml` key.
pub fn allow_key(rule: Rule) -> Option<(&'static str, &'static str)> {
    match rule {
        Rule::RepeatedWord => Some(("repeated-word", "allow")),
        Rule::Typo | Rule::WordChoice | Rule::Formulation => Some(("lexicon", "allow")),
        _ => None,
    }
}

/// Hover text for a finding: the rule, what is wrong and expected, why (the
/// standard, or the lexicon entry's source), a wrong and a right example,
/// and how to silence it. `file` is the report's path as an `[[ignore]]`
/// entry would write it. Markdown, short enough for a hover window.
pub fn hover(f: &Finding, text: &str, config: &Config, file: Option<&str>, base: &str) -> String {
    let info = f.rule.info();
    let mut out = format!(
        "**{}** · `{}`（{}）\n\n{}\n\n",
        info.name,
        info.code,
        f.severity.as_str(),
        f.message
    );
    let flagged = text.get(f.range.clone()).unwrap_or("");
    let view = f.term.and_then(|t| config.lexicon().view(t));
    match &view {
        Some(v) => {
            out.push_str(&format!("**依据**：{}\n\n", v.source));
            if let (Some(wrong), Some(right)) = (v.flag.first(), v.fix) {
                let fixed = wrong.replacen(flagged, right, 1);
                if fixed != *wrong {
                    out.push_str(&format!("**例**：✗ {wrong} → ✓ {fixed}\n\n"));
                }
            } else if let Some(wrong) = v.flag.first() {
                out.push_str(&format!("**例**：✗ {wrong}\n\n"));
            }
            if let Some(pass) = v.pass.first() {
                out.push_str(&format!("**不报告**：{pass}\n\n"));
            }
        }
        None => {
            out.push_str(&format!("**依据**：{}\n\n", info.basis));
            out.push_str(&format!(
                "**例**：✗ {} → ✓ {}\n\n",
                info.example, info.corrected
            ));
        }
    }
    out.push_str("**不再提示**（写入 `report-lsp.toml`）：\n\n```toml\n");
    out.push_str(&silencing(f.rule, flagged, file));
    if let Some((section, key)) = allow_key(f.rule).filter(|_| !flagged.trim().is_empty()) {
        out.push_str(&format!(
            "# 或在所有报告中：\n[{section}]\n{key} = [{}]\n",
            toml_string(flagged)
        ));
    }
    out.push_str(&format!(
        "# 或关闭此规则：\n[rules]\n{} = \"off\"\n```\n\n",
        info.code
    ));
    out.push_str(&format!("[规则说明]({})", rule_url(base, f.rule)));
    out
}

fn section(out: &mut String, info: &RuleInfo) {
    out.push_str(&format!(
        "<a id=\"{code}\"></a>\n\n## `{code}` {name}\n\n",
        code = info.code,
        name = info.name
    ));
    out.push_str(&format!(
        "默认级别：{}。{}\n\n**依据**：{}\n\n",
        info.default_severity.as_str(),
        info.description,
        info.basis
    ));
    out.push_str("**检查什么**\n\n");
    for f in info.flags {
        out.push_str(&format!("- {f}\n"));
    }
    out.push_str("\n**不报告**\n\n");
    for f in info.leaves_alone {
        out.push_str(&format!("- {f}\n"));
    }
    out.push_str(&format!(
        "\n**例子**：`{}` → `{}`\n\n**配置**（`report-lsp.toml`）：\n\n```toml\n[rules]\n{} = \"{}\"   # off | hint | info | warning | error\n",
        info.example,
        info.corrected,
        info.code,
        info.default_severity.as_str()
    ));
    // `[section] key = value  # note`: each section's header once.
    let mut current: Option<&str> = None;
    for s in info.settings {
        match s.split_once("] ") {
            Some((head, rest)) if head.starts_with('[') => {
                if current != Some(head) {
                    out.push_str(&format!("{head}]\n"));
                    current = Some(head);
                }
                out.push_str(&format!("{rest}\n"));
            }
            _ => out.push_str(&format!("{s}\n")),
        }
    }
    out.push_str("```\n\n**不再提示一处**：编辑器中的“忽略此处”写入\n\n```toml\n");
    out.push_str(&silencing(info.rule, "被标出的文字", Some("报告.txt")));
    out.push_str("```\n\n");
}

/// `docs/rules.md`.
pub fn rules_document() -> String {
    let mut out = String::from(
        "# 规则说明\n\n<!-- 本文件由 `report-lsp rules --format document` 生成，请勿手工编辑；测试会检查它与代码一致。 -->\n\n\
         每条诊断都链接到这里对应的一节。规则代码用于配置（`report-lsp.toml` 的 `[rules]`、编辑器设置 `reportLsp.rules`）。\n\n\
         | 规则 | 名称 | 默认级别 | 检查什么 |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| [`{code}`](#{code}) | {} | {} | {} |\n",
            r.name,
            r.default_severity.as_str(),
            r.description,
            code = r.code
        ));
    }
    out.push_str(
        "\n不再提示的办法（都写在 `report-lsp.toml` 里，命令行和编辑器一样遵守）：\n\n\
         - `[[ignore]]`：按规则、被标出的文字和文件忽略一处（编辑器中的“忽略此处”）；不写 `text` 则在该文件中停用这条规则（“在本文件中停用规则”）。\n\
         - `[repeated-word] allow`、`[lexicon] allow`：这些文字在所有报告中都不再提示（“加入词表”）。\n\
         - Markdown 中：`<!-- report-lsp-disable 规则… -->` … `<!-- report-lsp-enable 规则… -->`（不写规则即全部），`<!-- report-lsp-disable-next-line 规则… -->`。\n\
         - `report-lsp check --show-ignored` 列出被忽略的问题。\n\n",
    );
    for r in RULES {
        section(&mut out, r);
    }
    out.push_str(
        "<a id=\"too-many-findings\"></a>\n\n## 未显示的问题\n\n\
         编辑器中每个文档最多显示 1000 个问题（编辑器设置 `reportLsp.maxDiagnostics`），\
         超出时在第一个未显示的问题处说明还有多少个：成千上万个问题多半来自粘贴进来的导出文本，\
         全部显示只会拖慢编辑器。命令行 `report-lsp check` 总是列出全部问题。\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::DEFAULT;
    use crate::engine::{check, DocumentKind};

    #[test]
    fn the_rules_document_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == rules_document(),
            "docs/rules.md is stale: regenerate it with `report-lsp rules --format document > docs/rules.md`"
        );
    }

    #[test]
    fn every_rule_has_a_section_and_a_link() {
        let doc = rules_document();
        for r in RULES {
            assert!(
                doc.contains(&format!("<a id=\"{}\"></a>", r.code)),
                "{}",
                r.code
            );
            assert!(rule_url(DEFAULT_BASE_URL, r.rule).ends_with(&format!("rules.md#{}", r.code)));
        }
    }

    #[test]
    fn hover_explains_a_repeated_word_and_how_to_silence_it() {
        let text = "广泛征集征集意见";
        let f = check(text, DocumentKind::PlainText, &DEFAULT)
            .into_iter()
            .find(|f| f.rule == Rule::RepeatedWord)
            .unwrap();
        let h = hover(&f, text, &DEFAULT, Some("总结.txt"), DEFAULT_BASE_URL);
        for needle in [
            "`repeated-word`",
            "词语重复",
            "征集",
            "依据",
            "[[ignore]]",
            "file = \"总结.txt\"",
            "[repeated-word]\nallow = [\"征集\"]",
            "rules.md#repeated-word",
        ] {
            assert!(h.contains(needle), "{needle} not in\n{h}");
        }
        assert!(h.chars().count() < 900, "{h}");
    }

    #[test]
    fn hover_of_a_term_cites_the_entry() {
        let text = "认真布署全年工作";
        let f = check(text, DocumentKind::PlainText, &DEFAULT)
            .into_iter()
            .find(|f| f.rule == Rule::Typo)
            .unwrap();
        let h = hover(&f, text, &DEFAULT, None, DEFAULT_BASE_URL);
        assert!(h.contains("《现代汉语词典》"), "{h}");
        assert!(h.contains("[lexicon]\nallow"), "{h}");
    }
}
