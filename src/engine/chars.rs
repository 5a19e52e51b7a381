//! Character classes the rules share.

/// A Han ideograph (CJK Unified Ideographs, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || c == '〇'
}

/// Full-width and CJK punctuation, including curly quotes and the ellipsis.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x2018..=0x201F | 0x2026 | 0x2014 | 0x00B7 | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F)
}

/// A Latin letter, ASCII or full-width.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９')
}

/// Spaces a writer may type: ASCII, no-break and ideographic.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{3000}')
}

/// More Latin letters than Han characters: English prose that quotes some
/// Chinese, where Latin punctuation and spacing are right.
pub fn mostly_latin(text: &str) -> bool {
    let (mut latin, mut han) = (0usize, 0usize);
    for c in text.chars() {
        if is_latin(c) {
            latin += 1;
        } else if is_han(c) {
            han += 1;
        }
    }
    latin > han
}

/// The characters of a text with their byte offsets, for looking at neighbours.
pub struct CharTable {
    pub chars: Vec<(usize, char)>,
    len: usize,
}

impl CharTable {
    pub fn new(text: &str) -> CharTable {
        CharTable {
            chars: text.char_indices().collect(),
            len: text.len(),
        }
    }

    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|c| c.1)
    }

    /// The character before index `i`, if any.
    pub fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.get(j))
    }

    /// Byte offset of char index `i` (the text's length past the end).
    pub fn offset(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.len, |c| c.0)
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }
}
