//! Editing `report-lsp.toml` for the editor's code actions (忽略此处, 在本文件
//! 中停用规则, 加入词表): a change is added to the file as it is, keeping its
//! comments and layout, never by rewriting it from the parsed settings.

use std::path::{Component, Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::config_file::{self, FILE_NAME};
use crate::engine::docs::allow_key;
use crate::engine::Rule;

/// What a code action asks the configuration to remember.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `[[ignore]]` with the rule, the flagged text (none: the whole rule)
    /// and the file relative to the configuration.
    Ignore {
        rule: Rule,
        text: Option<String>,
        file: Option<String>,
    },
    /// The text added to the rule's allow list.
    Allow { rule: Rule, text: String },
}

/// The new text of the configuration with `change`, or `None` when it
/// already says so. `existing` is the file's text (empty for a new file).
pub fn apply(existing: &str, change: &Change) -> Result<Option<String>, String> {
    let mut doc: DocumentMut = existing
        .parse()
        .map_err(|e| format!("{FILE_NAME} 无法解析，未修改：{e}"))?;
    let changed = match change {
        Change::Ignore { rule, text, file } => {
            add_ignore(&mut doc, *rule, text.as_deref(), file.as_deref())?
        }
        Change::Allow { rule, text } => {
            let (section, key) =
                allow_key(*rule).ok_or_else(|| format!("规则 {} 没有词表", rule.code()))?;
            add_allowed(&mut doc, section, key, text)?
        }
    };
    Ok(changed.then(|| doc.to_string()))
}

fn add_ignore(
    doc: &mut DocumentMut,
    rule: Rule,
    text: Option<&str>,
    file: Option<&str>,
) -> Result<bool, String> {
    let item = doc
        .entry("ignore")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let entries = item
        .as_array_of_tables_mut()
        .ok_or("ignore 应为 [[ignore]] 表数组，未修改")?;
    let same = |t: &Table| {
        t.get("rule").and_then(Item::as_str) == Some(rule.code())
            && t.get("text").and_then(Item::as_str) == text
            && t.get("file").and_then(Item::as_str) == file
    };
    if entries.iter().any(same) {
        return Ok(false);
    }
    let mut entry = Table::new();
    entry.insert("rule", toml_edit::value(rule.code()));
    if let Some(text) = text {
        entry.insert("text", toml_edit::value(text));
    }
    if let Some(file) = file {
        entry.insert("file", toml_edit::value(file));
    }
    entries.push(entry);
    Ok(true)
}

fn add_allowed(
    doc: &mut DocumentMut,
    section: &str,
    key: &str,
    text: &str,
) -> Result<bool, String> {
    let table = doc
        .entry(section)
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| format!("{section} 应为一个表，未修改"))?;
    let list = table
        .entry(key)
        .or_insert(Item::Value(Value::Array(Array::new())))
        .as_array_mut()
        .ok_or_else(|| format!("{section}.{key} 应为一个数组，未修改"))?;
    if list.iter().any(|v| v.as_str() == Some(text)) {
        return Ok(false);
    }
    list.push(text);
    Ok(true)
}

/// Which `report-lsp.toml` a code action writes for `report`: the nearest
/// one that applies to it; when there is none, a new one at the root of the
/// workspace folder holding the report, or next to the report outside any.
pub fn target_for(report: &Path, roots: &[PathBuf]) -> PathBuf {
    let dir = report.parent().unwrap_or(Path::new("."));
    if let Some(found) = config_file::find(dir) {
        return found;
    }
    roots
        .iter()
        .filter(|r| report.starts_with(r))
        .max_by_key(|r| r.components().count())
        .map_or_else(|| dir.join(FILE_NAME), |root| root.join(FILE_NAME))
}

/// `report` as an `[[ignore]]` entry in `config` names it: relative to the
/// configuration's directory, with `/` (the file may move between systems).
pub fn relative_file(config: &Path, report: &Path) -> String {
    let base = config.parent().unwrap_or(Path::new(""));
    let rel = report
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| {
            // Outside the configuration's directory: `../` as many as needed.
            let common = base
                .components()
                .zip(report.components())
                .take_while(|(a, b)| a == b)
                .count();
            let ups = base.components().count() - common;
            let mut p = PathBuf::new();
            for _ in 0..ups {
                p.push(Component::ParentDir);
            }
            p.extend(report.components().skip(common));
            p
        });
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ignore_entry_is_appended_and_comments_stay() {
        let before = "# 本单位的设置\n[rules]\nstray-space = \"off\"  # 排版另行处理\n";
        let change = Change::Ignore {
            rule: Rule::RepeatedWord,
            text: Some("征集".into()),
            file: Some("总结.txt".into()),
        };
        let after = apply(before, &change).unwrap().unwrap();
        assert!(after.starts_with(before), "{after}");
        assert!(
            after.contains(
                "[[ignore]]\nrule = \"repeated-word\"\ntext = \"征集\"\nfile = \"总结.txt\"\n"
            ),
            "{after}"
        );
        assert_eq!(
            apply(&after, &change).unwrap(),
            None,
            "the same entry twice"
        );
        let settings = crate::engine::Settings::from_toml(&after).unwrap();
        assert!(settings.compile().is_ok());
    }

    #[test]
    fn the_allow_list_grows_where_it_is() {
        let before = "[lexicon]\nallow = [\"反应问题\"] # 本地用法\n";
        let change = Change::Allow {
            rule: Rule::Typo,
            text: "布署".into(),
        };
        let after = apply(before, &change).unwrap().unwrap();
        assert!(
            after.contains("allow = [\"反应问题\", \"布署\"]"),
            "{after}"
        );
        assert!(after.contains("# 本地用法"), "{after}");
        let after = apply(
            "",
            &Change::Allow {
                rule: Rule::RepeatedWord,
                text: "研究研究".into(),
            },
        )
        .unwrap()
        .unwrap();
        assert_eq!(after, "[repeated-word]\nallow = [\"研究研究\"]\n");
        assert!(apply("[rules\n", &change).is_err());
    }

    #[test]
    fn files_are_named_relative_to_the_configuration() {
        assert_eq!(
            relative_file(
                Path::new("/w/report-lsp.toml"),
                Path::new("/w/2024/总结.txt")
            ),
            "2024/总结.txt"
        );
        assert_eq!(
            relative_file(
                Path::new("/w/a/report-lsp.toml"),
                Path::new("/w/b/总结.txt")
            ),
            "../b/总结.txt"
        );
    }
}
