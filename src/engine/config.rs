//! Configuration: the same keys whether they come from `report-lsp.toml` or
//! from editor settings (JSON section `reportLsp`). Parsing is pure; finding
//! the file on disk is the caller's business.
//!
//! ```toml
//! [rules]
//! repeated-word = "hint"      # off | hint | info | warning | error
//! misnumbered = "off"
//!
//! [placeholder]
//! patterns = ["某单位"]        # literal text
//! regex = ['第[A-Z]季度']      # regular expressions
//!
//! [repeated-word]
//! allow = ["研究研究"]
//!
//! [formulation]               # added to the built-in list of fixed formulations
//! terms = [{ wrong = "两学一做学习教育", right = "“两学一做”学习教育" }]
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::lexicon::{self, pack::Defaults, pack::RawEntry, Entry, Lexicon};
use super::registry::{Rule, RULES};
use super::severity::Severity;
use super::suppress::IgnoreEntry;
use super::text::{line_columns, ColumnUnit};

/// A rule's setting: off, or on at a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "off" => Ok(Level::Off),
            "hint" => Ok(Level::On(Severity::Hint)),
            "info" => Ok(Level::On(Severity::Info)),
            "warning" => Ok(Level::On(Severity::Warning)),
            "error" => Ok(Level::On(Severity::Error)),
            other => Err(de::Error::custom(format!(
                "级别 `{other}` 无效，应为 off、hint、info、warning 或 error"
            ))),
        }
    }
}

/// A rule code checked against the registry while parsing, so a typo is
/// reported at the key's own line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct RuleKey(Rule);

impl<'de> Deserialize<'de> for RuleKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rule::from_code(&s).map(RuleKey).ok_or_else(|| {
            let known: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            de::Error::custom(format!("未知规则 `{s}`，可用的规则：{}", known.join("、")))
        })
    }
}

/// Settings exactly as written; every key optional so that editor settings
/// can override a file key by key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    rules: BTreeMap<RuleKey, Level>,
    #[serde(default)]
    placeholder: PlaceholderSettings,
    #[serde(default, rename = "repeated-word")]
    repeated_word: RepeatedWordSettings,
    #[serde(default)]
    formulation: FormulationSettings,
    #[serde(default)]
    lexicon: LexiconSettings,
    /// `[[roster]]`: the people the reports name.
    roster: Option<Vec<RosterSetting>>,
    /// `[[ignore]]`: findings judged correct.
    ignore: Option<Vec<IgnoreSetting>>,
    #[serde(default)]
    length: LengthSettings,
    #[serde(default)]
    files: FilesSettings,
}

/// `[files]`: which reports a folder check and the workspace leave out.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilesSettings {
    /// Glob patterns, relative to the `report-lsp.toml` (`草稿/**`,
    /// `*-old.md`); a directory's name excludes what is under it.
    exclude: Option<Vec<String>>,
}

/// `[length]`: length targets, in characters not counting whitespace.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct LengthSettings {
    /// The whole document.
    max: Option<usize>,
    /// Per heading level (`1 = 1500` for each `一、` section).
    max_section: Option<BTreeMap<String, usize>>,
}

/// Length targets as the `over-length` rule uses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LengthTargets {
    pub document: Option<usize>,
    /// Index = heading level (1–8).
    pub section: [Option<usize>; 9],
}

/// `[[ignore]]`: `rule`, and optionally the flagged `text` and the `file`
/// (relative to the `report-lsp.toml` it is written in).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreSetting {
    rule: RuleKey,
    text: Option<String>,
    file: Option<String>,
}

/// A person of the roster: `name = "王建军"`, `post = "党委书记"` (or a list).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterSetting {
    name: String,
    #[serde(default)]
    post: lexicon::schema::OneOrMany,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholderSettings {
    patterns: Option<Vec<String>>,
    regex: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepeatedWordSettings {
    allow: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconSettings {
    /// Users' term packs: paths, relative to the `report-lsp.toml` that
    /// names them (the I/O layer resolves and reads them).
    packs: Option<Vec<String>>,
    /// Texts the lexicon rules never flag.
    allow: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormulationSettings {
    terms: Option<Vec<TermSetting>>,
}

/// A user's formulation: text that is wrong and what to write instead.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSetting {
    wrong: String,
    right: String,
}

/// A user's term pack as read from disk: its name as shown to the user
/// (the path) and its text, or why it could not be read.
#[derive(Debug, Clone)]
pub struct PackText {
    pub name: String,
    pub text: Result<String, String>,
}

/// A configuration problem, with the 1-based line it is on when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file the problem is in when it is not the configuration itself
    /// (a term pack).
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}：")?;
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "第 {l} 行第 {c} 列：{}", self.message),
            (Some(l), None) => write!(f, "第 {l} 行：{}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl Settings {
    /// Parses `report-lsp.toml` text.
    pub fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_columns(text, &[span.start], ColumnUnit::Chars)[0];
                    let (l, c) = (l + 1, c + 1);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            ConfigError {
                file: None,
                line,
                column,
                // Some syntax errors come with no message at all (a bare
                // `\r`, a control character in a comment).
                message: match e.message().trim() {
                    "" => "TOML 语法错误（可能含有不允许的控制字符或单独的回车符）".to_string(),
                    m => m.to_string(),
                },
            }
        })
    }

    /// Parses editor settings (the `reportLsp` section). `null` means none.
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, ConfigError> {
        if value.is_null() {
            return Ok(Settings::default());
        }
        Settings::deserialize(value).map_err(|e| ConfigError {
            file: None,
            line: None,
            column: None,
            message: e.to_string(),
        })
    }

    /// `other` wins wherever it says something.
    pub fn overridden_by(mut self, other: &Settings) -> Settings {
        for (k, v) in &other.rules {
            self.rules.insert(*k, *v);
        }
        if other.placeholder.patterns.is_some() {
            self.placeholder.patterns = other.placeholder.patterns.clone();
        }
        if other.placeholder.regex.is_some() {
            self.placeholder.regex = other.placeholder.regex.clone();
        }
        if other.repeated_word.allow.is_some() {
            self.repeated_word.allow = other.repeated_word.allow.clone();
        }
        if other.formulation.terms.is_some() {
            self.formulation.terms = other.formulation.terms.clone();
        }
        if other.lexicon.packs.is_some() {
            self.lexicon.packs = other.lexicon.packs.clone();
        }
        if other.lexicon.allow.is_some() {
            self.lexicon.allow = other.lexicon.allow.clone();
        }
        if other.roster.is_some() {
            self.roster = other.roster.clone();
        }
        if let Some(more) = &other.files.exclude {
            self.files
                .exclude
                .get_or_insert_with(Vec::new)
                .extend(more.iter().cloned());
        }
        if other.length.max.is_some() {
            self.length.max = other.length.max;
        }
        if other.length.max_section.is_some() {
            self.length.max_section = other.length.max_section.clone();
        }
        // Entries from both: a file's and the editor's silence different things.
        if let Some(more) = &other.ignore {
            self.ignore
                .get_or_insert_with(Vec::new)
                .extend(more.iter().cloned());
        }
        self
    }

    /// The term packs named, as written.
    pub fn pack_paths(&self) -> &[String] {
        self.lexicon.packs.as_deref().unwrap_or(&[])
    }

    /// Resolves relative paths written in this file — term packs and the
    /// files of `[[ignore]]` entries — against its directory.
    pub fn resolve_paths(&mut self, base: &std::path::Path) {
        let resolve = |p: &str| base.join(p).display().to_string();
        if let Some(packs) = &mut self.lexicon.packs {
            for p in packs.iter_mut() {
                *p = resolve(p);
            }
        }
        for e in self.ignore.iter_mut().flatten() {
            if let Some(f) = &mut e.file {
                *f = resolve(f);
            }
        }
        // Glob patterns stay patterns: the base is put in front, escaped.
        let base_glob = globset::escape(&base.display().to_string());
        for p in self.files.exclude.iter_mut().flatten() {
            if !p.starts_with('/') {
                *p = format!(
                    "{}/{}",
                    base_glob.trim_end_matches('/'),
                    p.trim_start_matches("./")
                );
            }
        }
    }

    /// Compiles the settings into what the rules use, without term packs.
    pub fn compile(&self) -> Result<Config, ConfigError> {
        self.compile_with_packs(&[])
    }

    /// Compiles the settings with the term packs they name, read by the
    /// caller. A broken pack or entry is not fatal: the rest is used and
    /// the problems are kept in [`Config::problems`].
    pub fn compile_with_packs(&self, packs: &[PackText]) -> Result<Config, ConfigError> {
        let literals: Vec<String> = self
            .placeholder
            .patterns
            .iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect();
        let literal_matcher = if literals.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&literals).map_err(|e| ConfigError {
                file: None,
                line: None,
                column: None,
                message: format!("placeholder.patterns 无法使用：{e}"),
            })?)
        };
        let mut regexes = Vec::new();
        for source in self.placeholder.regex.iter().flatten() {
            let re = regex::RegexBuilder::new(source)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| ConfigError {
                    file: None,
                    line: None,
                    column: None,
                    message: format!("placeholder.regex 中的正则表达式 `{source}` 无效：{e}"),
                })?;
            regexes.push(re);
        }
        let mut lengths = LengthTargets {
            document: self.length.max.filter(|&n| n > 0),
            ..LengthTargets::default()
        };
        for (level, &max) in self.length.max_section.iter().flatten() {
            match level.trim().parse::<usize>() {
                Ok(l @ 1..=8) if max > 0 => lengths.section[l] = Some(max),
                Ok(1..=8) => {}
                _ => {
                    return Err(ConfigError {
                        file: None,
                        line: None,
                        column: None,
                        message: format!(
                            "length.max_section 的键应为标题级别 1～8，这里是 `{level}`"
                        ),
                    })
                }
            }
        }
        let excludes = exclude_set(self.files.exclude.as_deref().unwrap_or(&[]))?;
        let mut entries = formulation_terms(self.formulation.terms.as_deref().unwrap_or(&[]))?;
        let mut problems = Vec::new();
        for pack in packs {
            let text = match &pack.text {
                Ok(text) => text,
                Err(why) => {
                    problems.push(ConfigError {
                        file: Some(pack.name.clone()),
                        line: None,
                        column: None,
                        message: format!("无法读取词表：{why}"),
                    });
                    continue;
                }
            };
            let (found, errors) = lexicon::pack::parse_user_pack(&pack.name, text);
            entries.extend(found);
            problems.extend(errors.into_iter().map(|e| ConfigError {
                file: Some(pack.name.clone()),
                line: e.line,
                column: None,
                message: e.message,
            }));
        }
        Ok(Config(Arc::new(ConfigInner {
            levels: self.rules.iter().map(|(k, v)| (k.0, *v)).collect(),
            placeholder_literals: literal_matcher,
            placeholder_regexes: regexes,
            repeated_word_allow: self.repeated_word.allow.clone().unwrap_or_default(),
            lexicon: Lexicon::new(
                entries,
                self.lexicon.allow.clone().unwrap_or_default(),
                self.roster
                    .iter()
                    .flatten()
                    .map(|r| lexicon::Person {
                        name: r.name.trim().to_string(),
                        posts: r.post.0.iter().map(|p| p.trim().to_string()).collect(),
                    })
                    .collect(),
            ),
            lengths,
            excludes,
            ignores: self
                .ignore
                .iter()
                .flatten()
                .map(|e| IgnoreEntry {
                    rule: e.rule.0,
                    text: e.text.clone().filter(|t| !t.is_empty()),
                    file: e.file.clone().filter(|f| !f.is_empty()),
                })
                .collect(),
            problems,
        })))
    }
}

/// The `[files] exclude` patterns: each matches files and, as a directory,
/// everything below it. A relative pattern (from the editor settings)
/// matches at any depth.
fn exclude_set(patterns: &[String]) -> Result<Option<globset::GlobSet>, ConfigError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = globset::GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_end_matches('/');
        let anchored = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("**/{p}")
        };
        for glob in [anchored.clone(), format!("{anchored}/**")] {
            let g = globset::GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| ConfigError {
                    file: None,
                    line: None,
                    column: None,
                    message: format!("files.exclude 中的模式 `{p}` 无效：{e}"),
                })?;
            set.add(g);
        }
    }
    set.build().map(Some).map_err(|e| ConfigError {
        file: None,
        line: None,
        column: None,
        message: format!("files.exclude 无法使用：{e}"),
    })
}

/// `[formulation] terms`, the older way to add formulations: entries of
/// the lexicon like any pack's.
fn formulation_terms(terms: &[TermSetting]) -> Result<Vec<Entry>, ConfigError> {
    let error = |message: String| ConfigError {
        file: None,
        line: None,
        column: None,
        message,
    };
    let mut out = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        let n = i + 1;
        if t.wrong.trim().is_empty() {
            return Err(error(format!("formulation.terms 第 {n} 项的 wrong 为空")));
        }
        if t.right.trim().is_empty() {
            return Err(error(format!("formulation.terms 第 {n} 项的 right 为空")));
        }
        if t.wrong == t.right {
            return Err(error(format!(
                "formulation.terms 第 {n} 项的 wrong 与 right 相同（“{}”）",
                t.wrong
            )));
        }
        if t.right.contains(&t.wrong) {
            return Err(error(format!(
                "formulation.terms 第 {n} 项的 right（“{}”）包含 wrong（“{}”），正确的写法也会被报告",
                t.right, t.wrong
            )));
        }
        let raw = RawEntry {
            wrong: std::slice::from_ref(&t.wrong),
            right: std::slice::from_ref(&t.right),
            rule: Some("formulation"),
            source: Some("自定义词条"),
            note: None,
            fix: None,
            boundary: Some("any"),
            before: &[],
            after: &[],
            not_before: &[],
            not_after: &[],
            flag: &[],
            pass: &[],
        };
        let origin = lexicon::entry::Origin {
            pack: "report-lsp.toml [formulation] terms".into(),
            line: n,
        };
        out.push(lexicon::pack::build(&raw, Defaults::default(), origin).map_err(error)?);
    }
    Ok(out)
}

/// Compiled configuration; cheap to clone and share between threads.
#[derive(Debug, Clone, Default)]
pub struct Config(Arc<ConfigInner>);

#[derive(Debug, Default)]
struct ConfigInner {
    levels: BTreeMap<Rule, Level>,
    placeholder_literals: Option<AhoCorasick>,
    placeholder_regexes: Vec<Regex>,
    repeated_word_allow: Vec<String>,
    lexicon: Lexicon,
    lengths: LengthTargets,
    excludes: Option<globset::GlobSet>,
    ignores: Vec<IgnoreEntry>,
    /// Problems that did not stop the configuration from being used (a
    /// broken term pack): reported by the caller.
    problems: Vec<ConfigError>,
}

impl Config {
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        Settings::from_toml(text)?.compile()
    }

    /// The same compiled configuration (not merely equal settings).
    pub fn same_as(&self, other: &Config) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn level(&self, rule: Rule) -> Level {
        self.0
            .levels
            .get(&rule)
            .copied()
            .unwrap_or(Level::On(rule.info().default_severity))
    }

    /// The level the user set, if any; rules may pick a severity of their
    /// own (a hint for a milder case) only where the user set none.
    pub fn explicit_level(&self, rule: Rule) -> Option<Level> {
        self.0.levels.get(&rule).copied()
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.level(rule) != Level::Off
    }

    pub(crate) fn placeholder_literals(&self) -> Option<&AhoCorasick> {
        self.0.placeholder_literals.as_ref()
    }

    pub(crate) fn placeholder_regexes(&self) -> &[Regex] {
        &self.0.placeholder_regexes
    }

    pub(crate) fn repeated_word_allowed(&self, text: &str) -> bool {
        self.0.repeated_word_allow.iter().any(|a| a == text)
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.0.lexicon
    }

    /// Whether `[files] exclude` leaves this report out of folder checks.
    pub fn excludes(&self, path: &std::path::Path) -> bool {
        self.0
            .excludes
            .as_ref()
            .is_some_and(|set| set.is_match(path))
    }

    pub fn lengths(&self) -> &LengthTargets {
        &self.0.lengths
    }

    pub fn ignores(&self) -> &[IgnoreEntry] {
        &self.0.ignores
    }

    /// Problems with term packs, which were left out; the rest is used.
    pub fn problems(&self) -> &[ConfigError] {
        &self.0.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_levels_and_lists_parse() {
        let c = Config::from_toml(
            "[rules]\nrepeated-word = \"off\"\nplaceholder = \"error\"\n\
             [placeholder]\npatterns = [\"某单位\"]\nregex = ['第[A-Z]季度']\n\
             [repeated-word]\nallow = [\"研究研究\"]\n",
        )
        .unwrap();
        assert_eq!(c.level(Rule::RepeatedWord), Level::Off);
        assert_eq!(c.level(Rule::Placeholder), Level::On(Severity::Error));
        assert_eq!(c.level(Rule::Misnumbered), Level::On(Severity::Warning));
        assert!(c.repeated_word_allowed("研究研究"));
        assert_eq!(c.placeholder_regexes().len(), 1);
    }

    #[test]
    fn unknown_rule_is_reported_at_its_line() {
        let e = Config::from_toml("[rules]\nplaceholder = \"off\"\nrepeted-word = \"off\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("repeted-word"), "{e}");
    }

    #[test]
    fn bad_level_and_bad_syntax_name_the_line() {
        let e = Config::from_toml("[rules]\n\nplaceholder = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = Config::from_toml("[rules\nplaceholder = 1").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn bad_regex_is_an_error_not_a_panic() {
        let e = Config::from_toml("[placeholder]\nregex = ['(']\n").unwrap_err();
        assert!(e.message.contains("("), "{e}");
    }

    #[test]
    fn formulation_terms_parse_from_toml_and_json() {
        let c = Config::from_toml(
            "[formulation]\nterms = [{ wrong = \"甲乙\", right = \"甲和乙\" }]\n",
        )
        .unwrap();
        let terms = c.lexicon().user_entries();
        assert_eq!(terms[0].right, ["甲和乙"]);
        let s = Settings::from_json(&serde_json::json!({
            "formulation": {"terms": [{"wrong": "丙丁", "right": "丙与丁"}]}
        }))
        .unwrap();
        assert_eq!(
            s.compile().unwrap().lexicon().user_entries()[0].right,
            ["丙与丁"]
        );
    }

    #[test]
    fn malformed_formulation_terms_are_errors_not_panics() {
        for (text, needle) in [
            ("[formulation]\nterms = [{ wrong = \"甲\" }]\n", "right"),
            (
                "[formulation]\nterms = [{ wrong = \"甲\", right = \"乙\", x = 1 }]\n",
                "x",
            ),
            ("[formulation]\nterms = [\"甲\"]\n", ""),
            (
                "[formulation]\nterms = { wrong = \"甲\", right = \"乙\" }\n",
                "",
            ),
            ("[formulation]\nterm = []\n", "term"),
            (
                "[formulation]\nterms = [{ wrong = \"\", right = \"乙\" }]\n",
                "wrong",
            ),
            (
                "[formulation]\nterms = [{ wrong = \"甲\", right = \" \" }]\n",
                "right",
            ),
            (
                "[formulation]\nterms = [{ wrong = \"甲\", right = \"甲\" }]\n",
                "相同",
            ),
            (
                "[formulation]\nterms = [{ wrong = \"甲\", right = \"甲乙\" }]\n",
                "包含",
            ),
        ] {
            let e = Config::from_toml(text).unwrap_err();
            assert!(e.message.contains(needle), "{text}: {e}");
        }
        let e = Settings::from_json(&serde_json::json!({"formulation": {"terms": [{"wrong": 1}]}}))
            .unwrap_err();
        assert!(!e.message.is_empty());
    }

    #[test]
    fn editor_settings_override_file() {
        let file =
            Settings::from_toml("[rules]\nplaceholder = \"off\"\nmisnumbered = \"off\"").unwrap();
        let editor =
            Settings::from_json(&serde_json::json!({"rules": {"placeholder": "hint"}})).unwrap();
        let c = file.overridden_by(&editor).compile().unwrap();
        assert_eq!(c.level(Rule::Placeholder), Level::On(Severity::Hint));
        assert_eq!(c.level(Rule::Misnumbered), Level::Off);
    }
}
