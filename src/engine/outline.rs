//! The outline: title, numbered headings (levels 1–4), Markdown headings and
//! inline items (`一是…`). A section's range runs to the next heading of the
//! same or a higher level, so breadcrumbs follow the cursor.

use std::ops::Range;

use super::markers::{heading_marker, inline_markers};
use super::text::{Paragraph, Prepared};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    Title,
    Heading,
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// 0 for the title, 1… for headings by depth; items sit under headings.
    pub level: u8,
    /// The whole section, document byte offsets.
    pub range: Range<usize>,
    /// The part of the text the name was taken from.
    pub selection: Range<usize>,
    /// Characters in the section, not counting whitespace.
    pub chars: usize,
    pub children: Vec<Symbol>,
}

impl Symbol {
    /// `1,204 字`: writers work to length limits and read counts at a glance.
    pub fn length_label(&self) -> String {
        thousands(self.chars) + " 字"
    }
}

/// `1,204`: a count with thousands separated, as lengths are shown.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const ITEM_LEVEL: u8 = u8::MAX;
const MAX_NAME_CHARS: usize = 60;

struct Entry {
    kind: SymbolKind,
    level: u8,
    start: usize,
    selection: Range<usize>,
}

pub fn outline(prepared: &Prepared) -> Vec<Symbol> {
    let text = prepared.text();
    let paragraphs: Vec<Paragraph> = prepared.paragraphs().collect();
    let mut entries: Vec<Entry> = Vec::new();
    let mut md_depth = 0u8;

    for (i, p) in paragraphs.iter().enumerate() {
        let head = heading_marker(p.text);
        if let Some(depth) = p.heading_depth {
            md_depth = depth;
            let name = p.text.trim_end();
            entries.push(Entry {
                kind: SymbolKind::Heading,
                level: depth,
                start: p.start,
                selection: p.start..p.start + name.len(),
            });
        } else if let Some(level) = head
            .as_ref()
            .and_then(|m| m.style.heading_level())
            .filter(|l| *l <= 4)
        {
            entries.push(Entry {
                kind: SymbolKind::Heading,
                level: md_depth + level,
                start: p.start,
                selection: p.start..p.start + name_len(p.text, 0, "。！？："),
            });
        } else if i == 0 && is_title(p.text) {
            entries.push(Entry {
                kind: SymbolKind::Title,
                level: 0,
                start: p.start,
                selection: p.start..p.start + p.text.trim_end().len(),
            });
        } else if head.is_some() {
            // Circled markers at a paragraph start: items, like `一是`.
            entries.push(Entry {
                kind: SymbolKind::Item,
                level: ITEM_LEVEL,
                start: p.start,
                selection: p.start..p.start + name_len(p.text, 0, "，。；：！？"),
            });
        }
        let skip = head.as_ref().map_or(0, |m| m.range.end);
        for m in inline_markers(p.text, skip) {
            let start = p.start + m.range.start;
            entries.push(Entry {
                kind: SymbolKind::Item,
                level: ITEM_LEVEL,
                start,
                selection: start..p.start + name_len(p.text, m.range.end, "，。；：！？"),
            });
        }
    }

    let doc_end = trim_back(text, text.len());
    // Where each entry's section ends: at the next entry that is not nested
    // in it (headings: same or higher level; items: any next entry).
    let ends: Vec<usize> = (0..entries.len())
        .map(|i| {
            let e = &entries[i];
            let next = entries[i + 1..].iter().find(|n| match e.kind {
                SymbolKind::Title => false,
                SymbolKind::Heading => n.kind != SymbolKind::Item && n.level <= e.level,
                SymbolKind::Item => true,
            });
            next.map_or(doc_end, |n| trim_back(text, n.start))
                .max(e.selection.end)
        })
        .collect();

    let mut idx = 0;
    build(text, &entries, &ends, &mut idx, None)
}

/// Builds siblings from `entries[*idx..]` while they fit under `parent_level`.
fn build(
    text: &str,
    entries: &[Entry],
    ends: &[usize],
    idx: &mut usize,
    parent: Option<(u8, SymbolKind)>,
) -> Vec<Symbol> {
    let mut out = Vec::new();
    while *idx < entries.len() {
        let e = &entries[*idx];
        let nested = match parent {
            None => true,
            Some((_, SymbolKind::Title)) => true,
            Some((_, SymbolKind::Item)) => false,
            Some((level, SymbolKind::Heading)) => e.kind == SymbolKind::Item || e.level > level,
        };
        if !nested {
            break;
        }
        let range = e.start..ends[*idx];
        *idx += 1;
        let children = build(text, entries, ends, idx, Some((e.level, e.kind)));
        out.push(Symbol {
            name: display_name(&text[e.selection.clone()]),
            kind: e.kind,
            level: e.level,
            chars: text[range.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .count(),
            range,
            selection: e.selection.clone(),
            children,
        });
    }
    out
}

fn is_title(text: &str) -> bool {
    let t = text.trim_end();
    t.chars().count() <= 40 && !t.ends_with(['。', '；', '，', '：'])
}

/// Where a name that starts before `from` ends: at the first of `stops`
/// after `from` (or the end of the paragraph), trailing spaces dropped.
fn name_len(text: &str, from: usize, stops: &str) -> usize {
    let rest = &text[from..];
    let cut = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && stops.contains(c))
        .map_or(rest.len(), |(i, _)| i);
    text[..from + cut].trim_end().len()
}

fn display_name(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= MAX_NAME_CHARS {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX_NAME_CHARS).collect::<String>())
    }
}

/// The end of the last non-whitespace character before `at`.
fn trim_back(text: &str, at: usize) -> usize {
    text[..at].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::text::DocumentKind;

    fn tree(symbols: &[Symbol], depth: usize, out: &mut Vec<String>) {
        for s in symbols {
            out.push(format!("{}{}", "  ".repeat(depth), s.name));
            tree(&s.children, depth + 1, out);
        }
    }

    fn names(text: &str, kind: DocumentKind) -> Vec<String> {
        let mut out = Vec::new();
        tree(&outline(&Prepared::new(text, kind)), 0, &mut out);
        out
    }

    #[test]
    fn plain_report() {
        let text = "年度工作总结\n\n今年以来，成效明显。\n一、强化政治统领，坚定拥护。正文一是甲，乙。\n（一）加强学习\n1.读原著\n（二）落实责任：正文\n二、存在问题\n一是不足；二是差距。\n";
        assert_eq!(
            names(text, DocumentKind::PlainText),
            [
                "年度工作总结",
                "  一、强化政治统领，坚定拥护",
                "    （一）加强学习",
                "      1.读原著",
                "    （二）落实责任",
                "  二、存在问题",
                "    一是不足",
                "    二是差距",
            ]
        );
    }

    #[test]
    fn sections_cover_their_text_and_count_characters() {
        let text = "标题\n一、甲\n正文 一二\n二、乙\n末";
        let o = outline(&Prepared::new(text, DocumentKind::PlainText));
        let first = &o[0].children[0];
        assert_eq!(&text[first.range.clone()], "一、甲\n正文 一二");
        assert_eq!(first.chars, 7);
        assert_eq!(o[0].range, 0..text.len());
        assert_eq!(&text[o[0].children[1].range.clone()], "二、乙\n末");
    }

    #[test]
    fn long_first_line_is_not_a_title() {
        let text = "在上级党委的坚强领导下，我们认真贯彻落实各项决策部署，全面推进各项工作取得了新的成效。\n一、甲";
        assert_eq!(names(text, DocumentKind::PlainText), ["一、甲"]);
    }

    #[test]
    fn markdown_headings_nest_markers() {
        let text = "# 总结\n\n## 一、政治建设\n\n（一）学习\n\n## 二、作风\n";
        assert_eq!(
            names(text, DocumentKind::Markdown),
            ["总结", "  一、政治建设", "    （一）学习", "  二、作风"]
        );
    }
}
