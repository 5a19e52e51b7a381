//! Turning what a pack says into entries: the same checks for the built-in
//! packs (compiled into the binary by `build.rs`) and for users' packs
//! (read with their configuration), so a user's entry means what a
//! built-in one does.

use super::entry::{Boundary, Cond, Entry, Origin, Side};
use super::schema::{self, EntrySpec, PackSpec};
use crate::engine::registry::Rule;

/// An entry as written, borrowed from a parsed pack or from the tables
/// `build.rs` generates.
pub struct RawEntry<'a, S: AsRef<str>> {
    pub wrong: &'a [S],
    pub right: &'a [S],
    pub rule: Option<&'a str>,
    pub source: Option<&'a str>,
    pub note: Option<&'a str>,
    pub fix: Option<bool>,
    pub boundary: Option<&'a str>,
    pub before: &'a [S],
    pub after: &'a [S],
    pub not_before: &'a [S],
    pub not_after: &'a [S],
    pub flag: &'a [S],
    pub pass: &'a [S],
}

impl<'a> RawEntry<'a, String> {
    pub fn of(spec: &'a EntrySpec) -> Self {
        RawEntry {
            wrong: &spec.wrong.0,
            right: &spec.right.0,
            rule: spec.rule.as_deref(),
            source: spec.source.as_deref(),
            note: spec.note.as_deref(),
            fix: spec.fix,
            boundary: spec.boundary.as_deref(),
            before: &spec.before.0,
            after: &spec.after.0,
            not_before: &spec.not_before.0,
            not_after: &spec.not_after.0,
            flag: &spec.examples.flag,
            pass: &spec.examples.pass,
        }
    }
}

/// Pack-wide defaults.
#[derive(Clone, Copy, Default)]
pub struct Defaults<'a> {
    pub rule: Option<&'a str>,
    pub source: Option<&'a str>,
}

fn strings<S: AsRef<str>>(items: &[S]) -> Vec<String> {
    items.iter().map(|s| s.as_ref().to_string()).collect()
}

/// Conditions as written. Patterns are compiled when first needed; a
/// user's pack has them checked as it loads ([`check_conditions`]), the
/// built-in packs by the tests, so starting the checker compiles none.
fn conditions<S: AsRef<str>>(items: &[S]) -> Vec<Cond> {
    items
        .iter()
        .map(|s| {
            let s = s.as_ref();
            match schema::as_pattern(s) {
                Some(p) => Cond::pattern(p),
                None => Cond::Word(s.to_string()),
            }
        })
        .collect()
}

/// Whether every condition of an entry is usable (its patterns compile).
pub fn check_conditions(e: &Entry) -> Result<(), String> {
    for (conds, side, what) in [
        (&e.before, Side::Before, "前接（before）"),
        (&e.after, Side::After, "后接（after）"),
        (&e.not_before, Side::Before, "不前接（not_before）"),
        (&e.not_after, Side::After, "不后接（not_after）"),
    ] {
        for c in conds {
            c.check(side).map_err(|m| format!("{what}：{m}"))?;
        }
    }
    Ok(())
}

/// A term rule by its code: `typo`, `word-choice` or `formulation`.
pub fn term_rule(code: &str) -> Option<Rule> {
    schema::TERM_RULES
        .contains(&code)
        .then(|| Rule::from_code(code))
        .flatten()
}

/// An entry from what was written, or what is wrong with it (in Chinese).
pub fn build<S: AsRef<str>>(
    raw: &RawEntry<'_, S>,
    defaults: Defaults<'_>,
    origin: Origin,
) -> Result<Entry, String> {
    let wrong = strings(raw.wrong);
    let right = strings(raw.right);
    if wrong.is_empty() || wrong.iter().any(|w| w.trim().is_empty()) {
        return Err("wrong（错误写法）不能为空".into());
    }
    if right.iter().any(|r| r.trim().is_empty()) {
        return Err("right（正确写法）不能为空字符串".into());
    }
    let code = raw
        .rule
        .or(defaults.rule)
        .ok_or("缺少 rule（typo、word-choice 或 formulation）")?;
    let rule = term_rule(code).ok_or_else(|| {
        format!("未知规则 `{code}`，词条的 rule 应为 typo、word-choice 或 formulation")
    })?;
    // Without a source, the pack itself is the authority; its file name is
    // what a reader of the message recognises, not the path it was read from.
    let pack_name = std::path::Path::new(&origin.pack)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(&origin.pack);
    let source = raw
        .source
        .or(defaults.source)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(pack_name)
        .to_string();
    let note = raw
        .note
        .map(str::to_string)
        .filter(|n| !n.trim().is_empty());
    let fix = raw
        .fix
        .unwrap_or(rule != Rule::WordChoice && right.len() == 1);
    if right.is_empty() && (fix || note.is_none()) {
        return Err("没有 right（正确写法）的词条须设 fix = false 并用 note 说明怎样改".into());
    }
    if let Some(w) = wrong.iter().find(|w| right.contains(w)) {
        return Err(format!("错误写法“{w}”与正确写法相同"));
    }
    let boundary = match raw.boundary {
        None => wrong
            .iter()
            .map(|w| Boundary::default_for(rule, w))
            .collect(),
        Some("token") => vec![Boundary::Token; wrong.len()],
        Some("any") => vec![Boundary::Any; wrong.len()],
        Some(other) => return Err(format!("boundary 应为 token 或 any，这里是 `{other}`")),
    };
    Ok(Entry {
        boundary,
        before: conditions(raw.before),
        after: conditions(raw.after),
        not_before: conditions(raw.not_before),
        not_after: conditions(raw.not_after),
        flag: strings(raw.flag),
        pass: strings(raw.pass),
        wrong,
        right,
        rule,
        source,
        note,
        fix,
        origin,
    })
}

/// A problem in a pack, at a line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub line: Option<usize>,
    pub message: String,
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses a user's pack. Entries that are wrong, or whose own examples
/// fail, are left out and reported; the others are used.
pub fn parse_user_pack(name: &str, text: &str) -> (Vec<Entry>, Vec<PackError>) {
    let spec: PackSpec = match toml::from_str(text) {
        Ok(spec) => spec,
        Err(e) => {
            // toml's messages run over several lines; an error is one line
            // of `path:line: message`.
            let message = match e.message().trim() {
                "" => "TOML 语法错误".to_string(),
                m => m.lines().map(str::trim).collect::<Vec<_>>().join("；"),
            };
            return (
                Vec::new(),
                vec![PackError {
                    line: e.span().map(|s| line_of(text, s.start)),
                    message,
                }],
            );
        }
    };
    let mut errors = Vec::new();
    if !spec.group.is_empty() {
        errors.push(PackError {
            line: None,
            message: "[[group]] 只用于内置词表，自定义词表请用 [[entry]]".into(),
        });
    }
    if !spec.name.is_empty() {
        errors.push(PackError {
            line: None,
            message: "[[name]] 只用于内置词表，自定义词表请用 [[entry]]".into(),
        });
    }
    let defaults = Defaults {
        rule: spec.rule.as_deref(),
        source: spec.source.as_deref(),
    };
    let mut entries = Vec::new();
    for spanned in &spec.entry {
        let line = line_of(text, spanned.span().start);
        let origin = Origin {
            pack: name.to_string(),
            line,
        };
        let built = build(&RawEntry::of(spanned.get_ref()), defaults, origin)
            .and_then(|e| check_conditions(&e).map(|()| e));
        let entry = match built {
            Ok(e) => e,
            Err(message) => {
                errors.push(PackError {
                    line: Some(line),
                    message,
                });
                continue;
            }
        };
        let failures = super::selftest::failures(&entry);
        if failures.is_empty() {
            entries.push(entry);
        } else {
            errors.push(PackError {
                line: Some(line),
                message: format!("词条的例句不成立：{}", failures.join("；")),
            });
        }
    }
    (entries, errors)
}
