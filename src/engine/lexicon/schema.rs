//! The format of a term pack, as written in TOML. Shared by `build.rs`,
//! which compiles the built-in packs into the binary, and by the engine,
//! which reads users' packs: one definition, so both read the same thing.
//!
//! ```toml
//! rule = "typo"                 # default for the entries below
//! source = "本单位机构名称"       # default source
//!
//! [[entry]]
//! wrong = "综治中新"             # or a list of wrong forms sharing the rest
//! right = "综治中心"             # or a list; the first is the fix
//! rule = "typo"                 # typo | word-choice | formulation
//! source = "本单位机构名称"
//! note = "为什么"                # optional, shown in the message
//! fix = true                    # optional (default: yes for typo and formulation)
//! boundary = "token"            # optional: token | any
//! 后接 = ["召开"]                # 前接 / 后接 / 不前接 / 不后接 (before, after,
//!                               # not_before, not_after): words, or /patterns/
//! examples = { flag = ["县综治中新召开例会"], pass = ["县综治中心召开例会"] }
//! ```

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// Default rule of the entries.
    pub rule: Option<String>,
    /// Default source of the entries.
    pub source: Option<String>,
    #[serde(default)]
    pub entry: Vec<toml::Spanned<EntrySpec>>,
    /// Numbered formulations whose members are listed (`formulation` only).
    #[serde(default)]
    pub group: Vec<GroupSpec>,
    /// Long fixed names whose garbled forms are found by comparison
    /// (`formulation` only).
    #[serde(default)]
    pub name: Vec<NameSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    pub wrong: OneOrMany,
    #[serde(default)]
    pub right: OneOrMany,
    pub rule: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub fix: Option<bool>,
    pub boundary: Option<String>,
    #[serde(default, alias = "前接")]
    pub before: OneOrMany,
    #[serde(default, alias = "后接")]
    pub after: OneOrMany,
    #[serde(default, alias = "不前接")]
    pub not_before: OneOrMany,
    #[serde(default, alias = "不后接")]
    pub not_after: OneOrMany,
    #[serde(default)]
    pub examples: ExamplesSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    /// Texts the entry must flag.
    #[serde(default)]
    pub flag: Vec<String>,
    /// Texts the entry must leave alone.
    #[serde(default)]
    pub pass: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// What the formulation is called (`四个意识`).
    pub name: String,
    /// The members in their authoritative order.
    pub members: Vec<String>,
    pub source: String,
    /// A list of only these members is a different, older formulation that
    /// appears in correct quotations (“三个自信”): at most a hint.
    #[serde(default)]
    pub older: Vec<Vec<String>>,
}

/// A long fixed name (习近平新时代中国特色社会主义思想): a form of it with
/// one character changed, added or dropped inside is flagged, with the
/// name as the fix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameSpec {
    pub text: String,
    pub source: String,
    #[serde(default)]
    pub examples: ExamplesSpec,
}

/// A string or a list of strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        Ok(OneOrMany(match Raw::deserialize(d)? {
            Raw::One(s) => vec![s],
            Raw::Many(v) => v,
        }))
    }
}

/// The three rules a term can belong to, by their registry codes.
pub const TERM_RULES: [&str; 3] = ["typo", "word-choice", "formulation"];

/// `/…/` is a pattern, anything else a word.
pub fn as_pattern(condition: &str) -> Option<&str> {
    condition
        .strip_prefix('/')
        .and_then(|s| s.strip_suffix('/'))
        .filter(|s| !s.is_empty())
}
