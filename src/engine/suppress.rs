//! Findings a writer has judged correct, silenced without touching the
//! report text where it has no comments (plain text is pasted into Word):
//!
//! - `[[ignore]]` entries of `report-lsp.toml`, keyed by rule, flagged text
//!   and file — not by line, so an entry survives edits elsewhere;
//! - in Markdown, `<!-- report-lsp-disable rule… -->` …
//!   `<!-- report-lsp-enable rule… -->` (no rule named: all) and
//!   `<!-- report-lsp-disable-next-line rule… -->`.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::finding::Finding;
use super::registry::{Rule, RULES};
use super::text::lines;

/// One `[[ignore]]` entry: a finding of `rule` (on `text`, in `file`) is
/// not reported. Without `text`, the rule is off for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    pub rule: Rule,
    pub text: Option<String>,
    /// An absolute path (resolved when the configuration was read).
    pub file: Option<String>,
}

/// A path compared by its components, `.` and `..` resolved without
/// touching the disk: the configuration and the editor may spell one file
/// differently.
pub fn normalise(path: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for c in Path::new(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl IgnoreEntry {
    /// Whether this entry hides `f` of `text` in the document at `path`.
    pub fn hides(&self, f: &Finding, text: &str, path: Option<&Path>) -> bool {
        if self.rule != f.rule {
            return false;
        }
        if let Some(want) = &self.text {
            if text.get(f.range.clone()) != Some(want.as_str()) {
                return false;
            }
        }
        match (&self.file, path) {
            (None, _) => true,
            (Some(file), Some(path)) => normalise(file) == path,
            (Some(_), None) => false,
        }
    }
}

/// Splits findings into those reported and those an `[[ignore]]` entry
/// hides. `path` is the document's absolute path, when it has one.
pub fn apply_ignores(
    findings: Vec<Finding>,
    text: &str,
    entries: &[IgnoreEntry],
    path: Option<&str>,
) -> (Vec<Finding>, Vec<Finding>) {
    if entries.is_empty() {
        return (findings, Vec::new());
    }
    let path = path.map(normalise);
    findings
        .into_iter()
        .partition(|f| !entries.iter().any(|e| e.hides(f, text, path.as_deref())))
}

/// A Markdown comment that switches rules off or on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the comment.
    pub range: Range<usize>,
    pub kind: DirectiveKind,
    /// Rule codes named; empty means every rule.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
}

/// The directive an HTML comment holds, if any.
pub fn directive(html: &str, range: Range<usize>) -> Option<Directive> {
    let body = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let mut words = body.split_whitespace();
    let kind = match words.next()? {
        "report-lsp-disable" => DirectiveKind::Disable,
        "report-lsp-enable" => DirectiveKind::Enable,
        "report-lsp-disable-next-line" => DirectiveKind::DisableNextLine,
        _ => return None,
    };
    // `rule-a, rule-b` and `rule-a rule-b` alike; unknown codes name nothing.
    let rules = words
        .flat_map(|w| w.split(','))
        .filter_map(|code| Rule::from_code(code.trim()))
        .collect();
    Some(Directive { range, kind, rules })
}

/// Where rules are off: byte ranges, each with the rules it silences
/// (empty: all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Silenced(Vec<(Range<usize>, Vec<Rule>)>);

impl Silenced {
    pub fn from_directives(text: &str, directives: &[Directive]) -> Silenced {
        let mut out = Vec::new();
        // Open `disable` ranges: per rule, and for all rules.
        let mut open: Vec<(Rule, usize)> = Vec::new();
        let mut all: Option<usize> = None;
        let line_ends: Vec<Range<usize>> = lines(text).collect();
        for d in directives {
            let at = d.range.end;
            match d.kind {
                DirectiveKind::Disable if d.rules.is_empty() => {
                    all.get_or_insert(at);
                }
                DirectiveKind::Disable => {
                    for &r in &d.rules {
                        if !open.iter().any(|(o, _)| *o == r) {
                            open.push((r, at));
                        }
                    }
                }
                DirectiveKind::Enable => {
                    if let Some(start) = all.take() {
                        out.push((start..at, Vec::new()));
                        // Still off: every rule not named here.
                        if !d.rules.is_empty() {
                            for info in RULES.iter().filter(|i| !d.rules.contains(&i.rule)) {
                                open.push((info.rule, at));
                            }
                        }
                    }
                    open.retain(|&(r, start)| {
                        let ends = d.rules.is_empty() || d.rules.contains(&r);
                        if ends {
                            out.push((start..at, vec![r]));
                        }
                        !ends
                    });
                }
                DirectiveKind::DisableNextLine => {
                    // The line after the one the comment ends on (a block's
                    // range may take the line break after `-->` too).
                    let close = text
                        .get(d.range.clone())
                        .and_then(|c| c.rfind("-->"))
                        .map_or(d.range.start, |i| d.range.start + i);
                    let next = line_ends
                        .iter()
                        .position(|l| l.start <= close && close <= l.end)
                        .and_then(|i| line_ends.get(i + 1));
                    if let Some(line) = next {
                        out.push((line.clone(), d.rules.clone()));
                    }
                }
            }
        }
        if let Some(start) = all {
            out.push((start..text.len(), Vec::new()));
        }
        for (r, start) in open {
            out.push((start..text.len(), vec![r]));
        }
        Silenced(out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn hides(&self, f: &Finding) -> bool {
        self.0.iter().any(|(range, rules)| {
            range.start <= f.range.start
                && f.range.start < range.end.max(range.start + 1)
                && (rules.is_empty() || rules.contains(&f.rule))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::flagged_md;

    #[test]
    fn directives_parse() {
        let d = directive(
            "<!-- report-lsp-disable repeated-word, placeholder -->",
            0..9,
        )
        .unwrap();
        assert_eq!(d.kind, DirectiveKind::Disable);
        assert_eq!(d.rules, [Rule::RepeatedWord, Rule::Placeholder]);
        assert_eq!(
            directive("<!--report-lsp-enable-->", 0..1).unwrap().rules,
            []
        );
        assert!(directive("<!-- 普通注释 -->", 0..1).is_none());
        assert!(directive("<!-- report-lsp-disabled -->", 0..1).is_none());
    }

    #[test]
    fn a_disabled_block_is_silent_and_the_text_after_it_is_checked() {
        let text = "征集征集意见。\n\n<!-- report-lsp-disable repeated-word -->\n\n征集征集意见。召开XX会议。\n\n<!-- report-lsp-enable repeated-word -->\n\n征集征集意见。\n";
        assert_eq!(flagged_md(text, Rule::RepeatedWord).len(), 2);
        assert_eq!(flagged_md(text, Rule::Placeholder), ["XX"]);
    }

    #[test]
    fn disable_all_and_disable_next_line() {
        let text = "<!-- report-lsp-disable -->\n\n召开XX会议，征集征集意见。\n\n<!-- report-lsp-enable -->\n\n召开XX会议。\n";
        assert_eq!(flagged_md(text, Rule::Placeholder), ["XX"]);
        assert!(flagged_md(text, Rule::RepeatedWord).is_empty());
        let text =
            "<!-- report-lsp-disable-next-line placeholder -->\n召开XX会议。\n\n召开XX会议。\n";
        assert_eq!(flagged_md(text, Rule::Placeholder), ["XX"]);
        // Enabling one rule inside a block where all are off.
        let text = "<!-- report-lsp-disable -->\n\n召开XX会议。\n\n<!-- report-lsp-enable placeholder -->\n\n召开XX会议，征集征集意见。\n";
        assert_eq!(flagged_md(text, Rule::Placeholder), ["XX"]);
        assert!(flagged_md(text, Rule::RepeatedWord).is_empty());
    }

    #[test]
    fn ignore_entries_match_rule_text_and_file() {
        let f = Finding::new(Rule::RepeatedWord, 6..12, "");
        let text = "征集征集";
        let entry = |text: Option<&str>, file: Option<&str>| IgnoreEntry {
            rule: Rule::RepeatedWord,
            text: text.map(str::to_string),
            file: file.map(str::to_string),
        };
        let here = Some(Path::new("/r/总结.txt"));
        assert!(entry(Some("征集"), Some("/r/./总结.txt")).hides(&f, text, here));
        assert!(entry(None, Some("/r/a/../总结.txt")).hides(&f, text, here));
        assert!(!entry(Some("集征"), None).hides(&f, text, here));
        assert!(!entry(None, Some("/r/其他.txt")).hides(&f, text, here));
        assert!(!entry(None, Some("/r/总结.txt")).hides(&f, text, None));
        assert!(entry(None, None).hides(&f, text, None));
    }
}
