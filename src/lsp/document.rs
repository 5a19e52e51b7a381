//! An open document: its text as a rope (for positions) and as one string
//! (for the engine), kept in step edit by edit, plus the position encoding
//! conversions. Every conversion clamps instead of panicking: clients do send
//! positions past the end of a line or of the document.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

use crate::engine::text::{floor_char_boundary, line_columns, ColumnUnit};
use crate::engine::DocumentKind;

/// How `Position::character` counts, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

#[derive(Clone)]
pub struct Document {
    rope: Rope,
    /// The same text as `rope`. Shared with a running analysis; an edit
    /// while one runs makes its own copy.
    text: Arc<String>,
    pub version: i32,
    pub kind: DocumentKind,
}

impl Document {
    pub fn new(text: String, version: i32, kind: DocumentKind) -> Document {
        Document {
            rope: Rope::from_str(&text),
            text: Arc::new(text),
            version,
            kind,
        }
    }

    pub fn text(&self) -> &Arc<String> {
        &self.text
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Replaces `range` (or everything, when `None`) with `new_text`.
    pub fn edit(&mut self, range: Option<Range>, new_text: &str, encoding: Encoding) {
        let Some(range) = range else {
            self.rope = Rope::from_str(new_text);
            self.text = Arc::new(new_text.to_string());
            return;
        };
        let a = self.offset(range.start, encoding);
        let b = self.offset(range.end, encoding);
        let (start, end) = (a.min(b), a.max(b));
        let (start_char, end_char) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        Arc::make_mut(&mut self.text).replace_range(start..end, new_text);
    }

    /// Byte offset of a position; past the end of a line means its end, past
    /// the last line means the end of the document, inside a character
    /// means its start.
    pub fn offset(&self, pos: Position, encoding: Encoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let line_start_byte = rope.line_to_byte(line);
        let line_start_char = rope.line_to_char(line);
        let content_chars = line_content_chars(rope, line);
        let col = pos.character as usize;
        let char_idx = match encoding {
            Encoding::Utf32 => line_start_char + col.min(content_chars),
            Encoding::Utf8 => {
                let content_bytes =
                    rope.char_to_byte(line_start_char + content_chars) - line_start_byte;
                rope.byte_to_char(line_start_byte + col.min(content_bytes))
            }
            Encoding::Utf16 => {
                let start_cu = rope.char_to_utf16_cu(line_start_char);
                let end_cu = rope.char_to_utf16_cu(line_start_char + content_chars);
                rope.utf16_cu_to_char(start_cu + col.min(end_cu - start_cu))
            }
        };
        rope.char_to_byte(char_idx)
    }

    /// The position of a byte offset (clamped to the document, and to the
    /// start of the character it falls in), found in the rope: no longer
    /// for an offset deep in a long line than for one at its start.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(&self.text, offset);
        let rope = &self.rope;
        let line = rope.byte_to_line(offset);
        let column = match encoding {
            Encoding::Utf8 => offset - rope.line_to_byte(line),
            Encoding::Utf32 => rope.byte_to_char(offset) - rope.line_to_char(line),
            Encoding::Utf16 => {
                rope.char_to_utf16_cu(rope.byte_to_char(offset))
                    - rope.char_to_utf16_cu(rope.line_to_char(line))
            }
        };
        Position::new(line as u32, column as u32)
    }

    /// Positions of a byte range.
    pub fn range(&self, bytes: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(bytes.start, encoding),
            self.position(bytes.end.max(bytes.start), encoding),
        )
    }

    /// Positions of many byte ranges, such as a document's findings, in
    /// one pass over the text (see [`line_columns`]).
    pub fn ranges(
        &self,
        ranges: impl Iterator<Item = std::ops::Range<usize>>,
        encoding: Encoding,
    ) -> Vec<Range> {
        let offsets: Vec<usize> = ranges.flat_map(|r| [r.start, r.end.max(r.start)]).collect();
        let unit = match encoding {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf32 => ColumnUnit::Chars,
        };
        let at = |(line, column): (usize, usize)| Position::new(line as u32, column as u32);
        line_columns(&self.text, &offsets, unit)
            .chunks_exact(2)
            .map(|pair| Range::new(at(pair[0]), at(pair[1])))
            .collect()
    }
}

/// Characters in a line, not counting its line break.
fn line_content_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut n = slice.len_chars();
    if n > 0 && slice.char(n - 1) == '\n' {
        n -= 1;
    }
    if n > 0 && slice.char(n - 1) == '\r' {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(text.to_string(), 1, DocumentKind::PlainText)
    }

    #[test]
    fn astral_characters_in_all_encodings() {
        let d = doc("𠀀甲\r\n乙😀丙");
        let bing = "𠀀甲\r\n乙😀".len();
        assert_eq!(d.position(bing, Encoding::Utf16), Position::new(1, 3));
        assert_eq!(d.position(bing, Encoding::Utf32), Position::new(1, 2));
        assert_eq!(d.position(bing, Encoding::Utf8), Position::new(1, 7));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(d.offset(d.position(bing, enc), enc), bing);
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let d = doc("甲乙\n丙");
        assert_eq!(
            d.offset(Position::new(0, 99), Encoding::Utf16),
            "甲乙".len()
        );
        assert_eq!(
            d.offset(Position::new(9, 0), Encoding::Utf16),
            d.text().len()
        );
        // Inside a character: its start.
        assert_eq!(d.offset(Position::new(0, 1), Encoding::Utf8), 0);
        let d = doc("𠀀x");
        assert_eq!(d.offset(Position::new(0, 1), Encoding::Utf16), 0);
        assert_eq!(d.position(999, Encoding::Utf16), Position::new(0, 3));
    }

    #[test]
    fn unicode_separators_are_not_lines() {
        let d = doc("甲\u{2028}乙\u{85}丙\n丁");
        assert_eq!(d.rope().len_lines(), 2);
        assert_eq!(
            d.position(d.text().len(), Encoding::Utf32),
            Position::new(1, 1)
        );
    }

    #[test]
    fn edits_keep_rope_and_text_in_step() {
        let mut d = doc("𠀀甲乙\n丙丁");
        d.edit(
            Some(Range::new(Position::new(0, 2), Position::new(0, 3))),
            "X",
            Encoding::Utf16,
        );
        assert_eq!(d.text().as_str(), "𠀀X乙\n丙丁");
        d.edit(
            Some(Range::new(Position::new(1, 5), Position::new(0, 4))),
            "",
            Encoding::Utf16,
        );
        assert_eq!(d.text().as_str(), "𠀀X乙");
        assert_eq!(d.rope().to_string(), "𠀀X乙");
        d.edit(None, "新", Encoding::Utf16);
        assert_eq!(d.rope().to_string(), "新");
    }
}
