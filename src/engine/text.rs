//! The text model: lines, paragraphs, and (for Markdown) which bytes are
//! syntax or code rather than prose.
//!
//! Markdown syntax is blanked to ASCII spaces byte for byte, so every offset
//! in the blanked copy is an offset in the original and rules never need to
//! know about Markdown. The blanked ranges are kept for rules that care
//! whether a space was written by the user.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::suppress::{self, Directive};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DocumentKind {
    #[default]
    PlainText,
    Markdown,
}

impl DocumentKind {
    /// `.md`/`.markdown` are Markdown; everything else is a plain report.
    pub fn from_path(path: &str) -> DocumentKind {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            DocumentKind::Markdown
        } else {
            DocumentKind::PlainText
        }
    }

    pub fn from_language_id(id: &str) -> DocumentKind {
        if id == "markdown" {
            DocumentKind::Markdown
        } else {
            DocumentKind::PlainText
        }
    }
}

/// Leading indentation that is not part of a paragraph's content.
pub fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}')
}

/// A unit of analysis: one line in a plain report, a block in Markdown.
#[derive(Debug, Clone, Copy)]
pub struct Paragraph<'a> {
    /// Byte offset of `text` in the document.
    pub start: usize,
    /// Content without leading indentation or the final line break.
    pub text: &'a str,
    /// Depth of a Markdown `#` heading.
    pub heading_depth: Option<u8>,
    /// Byte ranges (document offsets) inside this paragraph that are
    /// blanked Markdown syntax or code.
    pub blanked: &'a [Range<usize>],
}

impl Paragraph<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Whether the byte at `i` (paragraph-relative) is Markdown syntax.
    pub fn is_blanked(&self, i: usize) -> bool {
        let at = self.start + i;
        self.blanked.iter().any(|r| r.contains(&at))
    }
}

/// A document split into paragraphs.
pub struct Prepared<'a> {
    text: Cow<'a, str>,
    spans: Vec<ParagraphSpan>,
    blanked: Vec<Range<usize>>,
    /// `<!-- report-lsp-disable … -->` comments, in order (Markdown only).
    directives: Vec<Directive>,
}

struct ParagraphSpan {
    range: Range<usize>,
    heading_depth: Option<u8>,
    blanked: Range<usize>,
}

impl<'a> Prepared<'a> {
    pub fn new(text: &'a str, kind: DocumentKind) -> Prepared<'a> {
        match kind {
            DocumentKind::PlainText => Prepared::with_heading_depths(text, &[]),
            DocumentKind::Markdown => prepare_markdown(text),
        }
    }

    /// A plain report whose headings are known from outside the text, as
    /// a Word document's heading styles are: `depths[i]` is the heading
    /// depth of line `i` (lines past the end are not headings). Headings
    /// nest numbered markers and close inline series as Markdown `#`
    /// headings do.
    pub fn with_heading_depths(text: &'a str, depths: &[Option<u8>]) -> Prepared<'a> {
        Prepared {
            spans: lines(text)
                .enumerate()
                .filter_map(|(i, line)| {
                    content_of(text, line).map(|range| ParagraphSpan {
                        range,
                        heading_depth: depths.get(i).copied().flatten(),
                        blanked: 0..0,
                    })
                })
                .collect(),
            text: Cow::Borrowed(text),
            blanked: Vec::new(),
            directives: Vec::new(),
        }
    }

    /// The text rules read (Markdown syntax blanked).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = Paragraph<'_>> + '_ {
        self.spans.iter().map(move |s| Paragraph {
            start: s.range.start,
            text: &self.text[s.range.clone()],
            heading_depth: s.heading_depth,
            blanked: &self.blanked[s.blanked.clone()],
        })
    }
}

/// Byte ranges of lines without their line break (`\n`, `\r\n`, `\r`).
pub fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(k) => {
                let i = pos + k;
                let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
                pos = i + if crlf { 2 } else { 1 };
                Some(start..i)
            }
            None => {
                done = true;
                (start < bytes.len()).then_some(start..bytes.len())
            }
        }
    })
}

/// The content of a line: indentation skipped; `None` when blank.
fn content_of(text: &str, line: Range<usize>) -> Option<Range<usize>> {
    let s = &text[line.clone()];
    let trimmed = s.trim_start_matches(is_indent);
    if trimmed.trim().is_empty() {
        return None;
    }
    Some(line.start + (s.len() - trimmed.len())..line.end)
}

fn prepare_markdown(text: &str) -> Prepared<'_> {
    let mut keep = vec![false; text.len()];
    let mut headings: Vec<(usize, u8)> = Vec::new();
    let mut block_starts: Vec<usize> = Vec::new();
    let mut opaque = 0usize; // inside code blocks, HTML blocks, front matter
    let mut directives: Vec<Directive> = Vec::new();

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => opaque += 1,
                    Tag::Heading { level, .. } => headings.push((range.start, *level as u8)),
                    _ => {}
                }
                if matches!(
                    tag,
                    Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell
                ) {
                    block_starts.push(range.start);
                }
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                opaque = opaque.saturating_sub(1);
            }
            Event::Text(_) if opaque == 0 => {
                keep[range].iter_mut().for_each(|k| *k = true);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                directives.extend(suppress::directive(&html, range));
            }
            _ => {}
        }
    }

    let mut blanked_text = String::with_capacity(text.len());
    let mut blanked: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        if keep[i] || c == '\n' || c == '\r' {
            blanked_text.push(c);
        } else {
            let n = c.len_utf8();
            blanked_text.extend(std::iter::repeat_n(' ', n));
            match blanked.last_mut() {
                Some(last) if last.end == i => last.end = i + n,
                _ => blanked.push(i..i + n),
            }
        }
    }

    // Paragraphs: runs of non-blank lines, split where a block starts;
    // a heading is always a paragraph of its own.
    let mut spans: Vec<ParagraphSpan> = Vec::new();
    let mut current: Option<(Range<usize>, Option<u8>)> = None;
    let mut block_iter = block_starts.iter().peekable();
    let mut heading_iter = headings.iter().peekable();
    let flush = |cur: &mut Option<(Range<usize>, Option<u8>)>, spans: &mut Vec<ParagraphSpan>| {
        if let Some((range, depth)) = cur.take() {
            spans.push(ParagraphSpan {
                range,
                heading_depth: depth,
                blanked: 0..0,
            });
        }
    };
    for line in lines(&blanked_text) {
        let mut starts_block = false;
        while block_iter
            .peek()
            .is_some_and(|&&b| b < line.end.max(line.start + 1))
        {
            starts_block |= *block_iter.next().unwrap() >= line.start;
        }
        let mut heading = None;
        while heading_iter
            .peek()
            .is_some_and(|h| h.0 < line.end.max(line.start + 1))
        {
            let h = heading_iter.next().unwrap();
            if h.0 >= line.start {
                heading = Some(h.1);
            }
        }
        let Some(content) = content_of(&blanked_text, line.clone()) else {
            flush(&mut current, &mut spans);
            continue;
        };
        let continues = current.as_ref().is_some_and(|(_, d)| d.is_none())
            && !starts_block
            && heading.is_none();
        if continues {
            if let Some((range, _)) = current.as_mut() {
                range.end = content.end;
            }
        } else {
            flush(&mut current, &mut spans);
            current = Some((content, heading));
        }
    }
    flush(&mut current, &mut spans);

    // Each span gets the slice of blanked ranges that fall inside it.
    let mut first = 0;
    for span in &mut spans {
        while first < blanked.len() && blanked[first].end <= span.range.start {
            first += 1;
        }
        let mut last = first;
        while last < blanked.len() && blanked[last].start < span.range.end {
            last += 1;
        }
        span.blanked = first..last;
    }

    Prepared {
        text: Cow::Owned(blanked_text),
        spans,
        blanked,
        directives,
    }
}

/// `offset` clamped to `text` and moved back to the start of the character
/// it falls in.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What a column counts: LSP clients count UTF-16 code units unless they
/// offered UTF-8 bytes or characters; people (the CLI, Word paragraphs)
/// count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Chars,
}

impl ColumnUnit {
    /// Length of `s` in this unit.
    pub fn count(self, s: &str) -> usize {
        match self {
            ColumnUnit::Utf8 => s.len(),
            ColumnUnit::Chars => s.chars().count(),
            // Characters outside the BMP take two units; in UTF-8 exactly
            // they start with a byte of 0xF0 or more.
            ColumnUnit::Utf16 => s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count(),
        }
    }
}

/// The 0-based line and column of each of `offsets` (in any order), found
/// in one pass over the text: counting every column from its line start
/// would be quadratic when many offsets share one long line, as the
/// findings of a pasted export can. An offset inside a character counts as
/// its start, past the end as the end, and one at the `\n` of a `\r\n` is
/// still on the line the pair ends.
pub fn line_columns(text: &str, offsets: &[usize], unit: ColumnUnit) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let bytes = text.as_bytes();
    let mut out = vec![(0, 0); offsets.len()];
    let (mut line, mut at, mut column) = (0, 0, 0);
    for i in order {
        let offset = floor_char_boundary(text, offsets[i]);
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[at..offset]) {
            let brk = at + k;
            let next = if bytes[brk] == b'\r' && bytes.get(brk + 1) == Some(&b'\n') {
                brk + 2
            } else {
                brk + 1
            };
            if next > offset {
                break;
            }
            line += 1;
            at = next;
            column = 0;
        }
        column += unit.count(&text[at..offset]);
        at = offset;
        out[i] = (line, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str, kind: DocumentKind) -> Vec<(String, Option<u8>)> {
        let p = Prepared::new(text, kind);
        p.paragraphs()
            .map(|p| (p.text.to_string(), p.heading_depth))
            .collect()
    }

    #[test]
    fn plain_text_paragraphs_are_lines_without_indent() {
        let t = "标题\r\n\r\n\u{3000}\u{3000}一、总体情况\r二是加强。\n  \n末行";
        let got: Vec<String> = paras(t, DocumentKind::PlainText)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(got, ["标题", "一、总体情况", "二是加强。", "末行"]);
    }

    #[test]
    fn heading_depths_from_outside_belong_to_their_lines() {
        let t = "总结\n\n基本情况\n正文";
        let p = Prepared::with_heading_depths(t, &[None, Some(3), Some(1)]);
        let got: Vec<(&str, Option<u8>)> =
            p.paragraphs().map(|p| (p.text, p.heading_depth)).collect();
        assert_eq!(got, [("总结", None), ("基本情况", Some(1)), ("正文", None)]);
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let t = "甲\u{2028}乙\u{85}丙";
        assert_eq!(lines(t).count(), 1);
        assert_eq!(line_columns(t, &[t.len()], ColumnUnit::Chars), [(0, 5)]);
    }

    #[test]
    fn markdown_blanks_syntax_and_code() {
        let t = "---\ntitle: x\n---\n# 总结\n\n正文**重点**内容，`XX` 代码[链接](http://a.b/XX)。\n\n```\nXX局\n```\n- 一是加强\n- 二是落实\n";
        let p = paras(t, DocumentKind::Markdown);
        assert_eq!(p[0], ("总结".to_string(), Some(1)));
        assert_eq!(p[1].0, "正文  重点  内容，     代码 链接                。");
        assert_eq!(p[2].0, "一是加强");
        assert_eq!(p[3].0, "二是落实");
        assert_eq!(p.len(), 4);
    }

    #[test]
    fn line_columns_in_one_pass_equal_one_by_one() {
        let t = "ab\n𠀀甲c\r\nd\re";
        // One by one: the line is the number of line breaks ended before
        // the offset, the column the characters since the last of them.
        let one = |o: usize| {
            let o = floor_char_boundary(t, o);
            let before = &t[..o];
            let mut line = 0;
            let mut start = 0;
            for (i, b) in before.bytes().enumerate() {
                let ends = b == b'\n' || (b == b'\r' && t.as_bytes().get(i + 1) != Some(&b'\n'));
                if ends {
                    line += 1;
                    start = i + 1;
                }
            }
            (line, t[start..o].chars().count())
        };
        let offsets: Vec<usize> = (0..=t.len() + 2).rev().collect();
        let got = line_columns(t, &offsets, ColumnUnit::Chars);
        for (&o, &lc) in offsets.iter().zip(&got) {
            assert_eq!(lc, one(o), "offset {o}");
        }
        let c = t.find('c').unwrap();
        assert_eq!(line_columns(t, &[c], ColumnUnit::Utf16), [(1, 3)]);
        assert_eq!(line_columns(t, &[c], ColumnUnit::Utf8), [(1, 7)]);
    }
}
