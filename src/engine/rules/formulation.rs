//! `formulation`: fixed political formulations written wrongly. The terms
//! (`以习近平为核心的党中央`, a character changed inside 习近平新时代中国特色
//! 社会主义思想, 党的 shortened to 党 …) are lexicon entries
//! (`data/lexicon/formulation.toml`, each with its source, checked against
//! the authoritative texts: `research/formulations.md`); users add their
//! own in packs or under `[formulation] terms`. This module adds what a
//! word list cannot say: a list of the members of a numbered formulation
//! (“四个意识”) with one misnamed, one missing, or the order changed.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::ParagraphContext;
use crate::engine::finding::Finding;
use crate::engine::lexicon::{StaticGroup, GROUPS};
use crate::engine::registry::Rule;
use crate::engine::severity::Severity;

pub fn check(cx: &ParagraphContext, out: &mut Vec<Finding>) {
    let text = cx.paragraph.text;
    let mut found: Vec<Finding> = Vec::new();
    super::terms::check(cx, Rule::Formulation, &mut found);
    let mut lists = Vec::new();
    for (group, list) in lists_in(text) {
        check_list(text, group, &list, &mut lists);
    }
    garbled_names(text, &mut lists);
    // A term already says what is wrong where a list or name finding would.
    for f in lists {
        if !found
            .iter()
            .any(|t| t.range.start < f.range.end && f.range.start < t.range.end)
        {
            found.push(f);
        }
    }
    out.extend(found);
}

/// A long fixed name and the two halves a garbled form keeps one of.
struct Name {
    text: &'static str,
    source: &'static str,
    chars: Vec<char>,
    halves: [memchr::memmem::Finder<'static>; 2],
    /// Characters in the first half.
    split: usize,
}

static NAMES: LazyLock<Vec<Name>> = LazyLock::new(|| {
    crate::engine::lexicon::NAMES
        .iter()
        .filter_map(|n| {
            let chars: Vec<char> = n.text.chars().collect();
            // Shorter names have too many correct neighbours one edit away.
            if chars.len() < MIN_NAME {
                return None;
            }
            let split = chars.len() / 2;
            let at = n.text.char_indices().nth(split)?.0;
            Some(Name {
                text: n.text,
                source: n.source,
                chars,
                halves: [
                    memchr::memmem::Finder::new(&n.text[..at]),
                    memchr::memmem::Finder::new(&n.text[at..]),
                ],
                split,
            })
        })
        .collect()
});

/// Names shorter than this are left to word lists.
const MIN_NAME: usize = 10;

/// Forms of a long name with one character changed, added or dropped
/// inside it (`习近平新时伐中国特色社会主义思想`): one half of the name is
/// intact, so each half is searched for and the window around it compared.
/// The first and last characters must be the name's, so a name cut short
/// at either end by the sentence is never taken for a garbled one.
fn garbled_names(text: &str, out: &mut Vec<Finding>) {
    for name in NAMES.iter() {
        let anchors: Vec<(usize, usize)> = name
            .halves
            .iter()
            .enumerate()
            .flat_map(|(half, f)| f.find_iter(text.as_bytes()).map(move |at| (half, at)))
            .collect();
        if anchors.is_empty() {
            continue;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let index = |byte: usize| chars.partition_point(|&(b, _)| b < byte);
        let n = name.chars.len();
        let mut seen: Vec<Range<usize>> = Vec::new();
        for (half, at) in anchors {
            let i = index(at);
            for len in [n, n - 1, n + 1] {
                let start = if half == 0 {
                    Some(i)
                } else {
                    (i + (n - name.split)).checked_sub(len)
                };
                let Some(start) = start else { continue };
                let end = start + len;
                if end > chars.len() {
                    continue;
                }
                let window: Vec<char> = chars[start..end].iter().map(|&(_, c)| c).collect();
                if window.first() != name.chars.first()
                    || window.last() != name.chars.last()
                    || !window.iter().all(|&c| crate::engine::chars::is_han(c))
                    || !one_edit_apart(&window, &name.chars)
                {
                    continue;
                }
                let range = chars[start].0..chars.get(end).map_or(text.len(), |&(b, _)| b);
                if text[range.clone()].contains(name.text)
                    || seen
                        .iter()
                        .any(|r| r.start < range.end && range.start < r.end)
                {
                    continue;
                }
                seen.push(range.clone());
                let got = &text[range.clone()];
                out.push(
                    Finding::new(
                        Rule::Formulation,
                        range,
                        format!(
                            "提法有误：“{got}”应为“{}”（依据：{}）",
                            name.text, name.source
                        ),
                    )
                    .with_fix(name.text.to_string()),
                );
            }
        }
    }
}

/// Whether `a` becomes `b` by changing, inserting or deleting exactly one
/// character.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[head..] == long[head + 1..]
        }
        _ => false,
    }
}

/// How the members of a group look: what they share, and their length
/// when it is the same for all (then a misnamed member can be recognised
/// by its shape alone).
struct Shape {
    prefix: String,
    suffix: String,
    len: Option<usize>,
}

impl Shape {
    fn of(g: &StaticGroup) -> Shape {
        let members: Vec<Vec<char>> = g.members.iter().map(|m| m.chars().collect()).collect();
        let common = |from_end: bool| -> String {
            let first = &members[0];
            let mut n = 0;
            while n < first.len()
                && members.iter().all(|m| {
                    n < m.len()
                        && if from_end {
                            m[m.len() - 1 - n] == first[first.len() - 1 - n]
                        } else {
                            m[n] == first[n]
                        }
                })
            {
                n += 1;
            }
            if from_end {
                first[first.len() - n..].iter().collect()
            } else {
                first[..n].iter().collect()
            }
        };
        let len = members[0].len();
        Shape {
            prefix: common(false),
            suffix: common(true),
            len: members.iter().all(|m| m.len() == len).then_some(len),
        }
    }

    /// Whether `s` could be a member written wrongly.
    fn fits(&self, s: &str) -> bool {
        let n = s.chars().count();
        self.len == Some(n)
            && (self.prefix.chars().count() + self.suffix.chars().count()) < n
            && s.starts_with(&self.prefix)
            && s.ends_with(&self.suffix)
            && s.chars().all(crate::engine::chars::is_han)
    }
}

struct Groups {
    shapes: Vec<Shape>,
    /// Every member of every group; pattern → (group, member).
    members: AhoCorasick,
    owners: Vec<(usize, usize)>,
}

static LISTS: LazyLock<Groups> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    for (gi, g) in GROUPS.iter().enumerate() {
        for (mi, m) in g.members.iter().enumerate() {
            patterns.push(*m);
            owners.push((gi, mi));
        }
    }
    Groups {
        shapes: GROUPS.iter().map(Shape::of).collect(),
        members: AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("built-in group members"),
        owners,
    }
});

/// What joins the items of a list. The last may be a conjunction:
/// `政治意识、大局意识、核心意识和看齐意识` is complete.
const SEPARATORS: [&str; 5] = ["、", "以及", "和", "与", "及"];

fn separator_at(text: &str, at: usize) -> Option<&'static str> {
    SEPARATORS.into_iter().find(|s| text[at..].starts_with(s))
}

fn separator_before(text: &str, at: usize) -> Option<&'static str> {
    SEPARATORS.into_iter().find(|s| text[..at].ends_with(s))
}

/// One list of a group's items as written.
struct List {
    items: Vec<Range<usize>>,
    /// Whether the last item is joined by a conjunction (和, 及 …).
    closed_by_conjunction: bool,
    /// Whether a separator follows the last item: the list goes on with
    /// something unreadable (a garbled member), so what it lacks is unknown.
    runs_on: bool,
    /// The same before the first item (`XXX断力、政治领悟力、政治执行力`).
    runs_back: bool,
}

/// The lists of group members in a paragraph: member occurrences chained by
/// separators, extended by items of the members' shape (a misnamed one).
fn lists_in(text: &str) -> Vec<(&'static StaticGroup, List)> {
    let lists = &*LISTS;
    let mut out = Vec::new();
    let hits: Vec<(usize, Range<usize>)> = lists
        .members
        .find_iter(text)
        .map(|m| (lists.owners[m.pattern().as_usize()].0, m.range()))
        .collect();
    let mut i = 0;
    while i < hits.len() {
        let (g, first) = (hits[i].0, hits[i].1.clone());
        let shape = &lists.shapes[g];
        let mut items = vec![first.clone()];
        let mut conjunction = false;
        // Items of the same shape before the first member found.
        let mut start = first.start;
        while let Some(sep) = separator_before(text, start).filter(|s| *s == "、") {
            let end = start - sep.len();
            let Some(n) = shape.len else { break };
            let Some(begin) = text[..end].char_indices().rev().nth(n - 1).map(|(b, _)| b) else {
                break;
            };
            if !shape.fits(&text[begin..end]) {
                break;
            }
            items.insert(0, begin..end);
            start = begin;
        }
        let mut j = i + 1;
        let mut end = first.end;
        while let Some(sep) = separator_at(text, end) {
            let next = end + sep.len();
            let item = if j < hits.len() && hits[j].0 == g && hits[j].1.start == next {
                j += 1;
                hits[j - 1].1.clone()
            } else {
                let Some(n) = shape.len else { break };
                let Some(stop) = after_chars(text, next, n) else {
                    break;
                };
                if !shape.fits(&text[next..stop]) {
                    break;
                }
                next..stop
            };
            conjunction = sep != "、";
            items.push(item.clone());
            end = item.end;
            if conjunction {
                break;
            }
        }
        if items.len() >= 2 {
            out.push((
                &GROUPS[g],
                List {
                    items,
                    closed_by_conjunction: conjunction,
                    runs_on: !conjunction && separator_at(text, end).is_some(),
                    runs_back: separator_before(text, start) == Some("、"),
                },
            ));
        }
        i = j.max(i + 1);
        while i < hits.len() && hits[i].1.start < end {
            i += 1;
        }
    }
    out
}

/// Whether a member written wrongly keeps a character of the right one in
/// its place, apart from what all members share (`全局意识` for 大局意识).
fn near_miss(shape: &Shape, got: &str, want: &str) -> bool {
    let core = |s: &str| -> Vec<char> {
        s.strip_prefix(shape.prefix.as_str())
            .and_then(|s| s.strip_suffix(shape.suffix.as_str()))
            .unwrap_or(s)
            .chars()
            .collect()
    };
    let (g, w) = (core(got), core(want));
    g.len() == w.len() && g.iter().zip(&w).any(|(a, b)| a == b)
}

/// The byte offset `n` characters after `at`, if the text is that long.
fn after_chars(text: &str, at: usize, n: usize) -> Option<usize> {
    let mut it = text[at..].char_indices();
    for _ in 0..n {
        it.next()?;
    }
    Some(it.next().map_or(text.len(), |(b, _)| at + b))
}

fn check_list(text: &str, g: &StaticGroup, list: &List, out: &mut Vec<Finding>) {
    let names: Vec<&str> = list.items.iter().map(|r| &text[r.clone()]).collect();
    let whole = list.items[0].start..list.items[list.items.len() - 1].end;
    let official = |s: &str| g.members.contains(&s);
    let mut odd: Vec<usize> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if !official(name) || seen.contains(name) {
            odd.push(i);
        } else {
            seen.push(name);
        }
    }
    let missing: Vec<&str> = g
        .members
        .iter()
        .copied()
        .filter(|m| !seen.contains(m))
        .collect();
    let full = g.members.join("、");
    let n = g.members.len();
    let (name, source) = (g.name, g.source);
    if missing.is_empty() {
        let in_order = seen.iter().zip(g.members).all(|(a, b)| a == b);
        if names.len() == n && !in_order {
            // Keep the writer's joiners: only the order changes.
            let mut fixed = String::new();
            let mut at = whole.start;
            for (item, member) in list.items.iter().zip(g.members) {
                fixed.push_str(&text[at..item.start]);
                fixed.push_str(member);
                at = item.end;
            }
            out.push(
                Finding::new(
                    Rule::Formulation,
                    whole,
                    format!("“{name}”的顺序应为“{full}”（依据：{source}）"),
                )
                .with_fix(fixed),
            );
        }
        return;
    }
    if names.len() == n && odd.len() == 1 && missing.len() == 1 {
        // `…核心意识和责任意识`: a conjunction before an item of the
        // writer's own ends the list on purpose.
        if list.closed_by_conjunction && odd[0] == n - 1 {
            return;
        }
        let (r, got, want) = (&list.items[odd[0]], names[odd[0]], missing[0]);
        // `全局意识` for 大局意识 is the member miswritten; `历史自信` for
        // 文化自信 may be a list of the writer's own: a hint, no fix.
        if near_miss(&Shape::of(g), got, want) {
            out.push(
                Finding::new(
                    Rule::Formulation,
                    r.clone(),
                    format!("“{name}”是“{full}”，这里的“{got}”应为“{want}”（依据：{source}）"),
                )
                .with_fix(want.to_string()),
            );
        } else {
            out.push(
                Finding::new(
                    Rule::Formulation,
                    r.clone(),
                    format!(
                        "“{name}”是“{full}”，这里的“{got}”如指“{want}”，应改回原文（依据：{source}）"
                    ),
                )
                .with_severity(Severity::Hint),
            );
        }
        return;
    }
    // A shorter list is a subset the writer chose when it ends with a
    // conjunction, and an older formulation when it is one.
    if names.len() != n - 1
        || !odd.is_empty()
        || missing.len() != 1
        || list.closed_by_conjunction
        || list.runs_on
        || list.runs_back
    {
        return;
    }
    let want = missing[0];
    if text.contains(want) {
        return; // named elsewhere in the paragraph: never insert it twice
    }
    if g.older
        .iter()
        .any(|o| o.iter().copied().eq(names.iter().copied()))
    {
        out.push(
            Finding::new(
                Rule::Formulation,
                whole,
                format!(
                    "“{name}”是“{full}”；这里是此前的提法（少“{want}”），引用原文时无需改动（依据：{source}）"
                ),
            )
            .with_severity(Severity::Hint),
        );
        return;
    }
    let in_order = g
        .members
        .iter()
        .filter(|m| seen.contains(m))
        .zip(&seen)
        .all(|(a, b)| a == b);
    let f = Finding::new(
        Rule::Formulation,
        whole,
        format!("“{name}”是“{full}”，这里缺少“{want}”（依据：{source}）"),
    );
    out.push(if in_order { f.with_fix(full) } else { f });
}

#[cfg(test)]
mod tests;
