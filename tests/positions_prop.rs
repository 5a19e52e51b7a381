//! Property tests for the document store's position conversions
//! (`Document::offset` / `Document::position` in UTF-8, UTF-16 and
//! UTF-32) and incremental edits, against an independent model
//! (`tests/common/fuzz_harness.rs`). Texts are built from the awkward
//! pieces: CRLF, lone CR, BOM, surrogate pairs (𠀀, emoji), combining
//! marks, ZWJ sequences, U+2028 (not a line break); positions go past the
//! end of a line and of the file.

#[path = "common/fuzz_harness.rs"]
mod fuzz_harness;

use fuzz_harness::{model_lines, model_offset, model_position, width};
use proptest::prelude::*;
use report_lsp::engine::DocumentKind;
use report_lsp::lsp::document::{Document, Encoding};
use tower_lsp_server::ls_types::{Position, Range};

const PIECES: &[&str] = &[
    "a",
    "甲",
    "乙",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "𠀀",
    "😀",
    "e\u{301}",
    "\u{0301}",
    "\u{1f468}\u{200d}\u{1f469}",
    "\u{2028}",
    "\u{85}",
    " ",
    "\t",
    "\0",
    "é",
    "\u{10ffff}",
    "\r\r\n",
    "\n\r",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])
}

/// A line and a character: mostly small (inside or just past the text),
/// sometimes the largest a position can hold.
fn position() -> impl Strategy<Value = Position> {
    let n = prop_oneof![8 => 0u32..12, 1 => Just(u32::MAX), 1 => 12u32..100_000];
    (n.clone(), n).prop_map(|(l, c)| Position::new(l, c))
}

fn doc(text: &str) -> Document {
    Document::new(text.to_string(), 1, DocumentKind::PlainText)
}

/// Byte offsets of every character boundary, except between the `\r`
/// and `\n` of a CRLF, which no position can name.
fn boundaries(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&o| !(o > 0 && b.get(o) == Some(&b'\n') && b[o - 1] == b'\r'))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offset_and_position_round_trip(text in text(), enc in encoding()) {
        let d = doc(&text);
        let lines = model_lines(&text);
        for o in boundaries(&text) {
            let p = d.position(o, enc);
            prop_assert_eq!(p, model_position(&text, &lines, o, enc), "position of {}", o);
            prop_assert_eq!(d.offset(p, enc), o, "offset of {:?}", p);
        }
    }

    /// Ranges converted together, as a document's findings are, land where
    /// converting each on its own does, including ranges that start inside
    /// a character or a `\r\n`, run across lines, or come out of order.
    #[test]
    fn ranges_in_order_match_ranges_one_by_one(
        text in text(),
        enc in encoding(),
        raw in prop::collection::vec((0usize..64, 0usize..16), 0..24),
    ) {
        let d = doc(&text);
        let mut starts: Vec<(usize, usize)> = raw
            .iter()
            .map(|&(s, len)| (s * text.len().max(1) / 64, len))
            .collect();
        starts.sort();
        // One step back, as a finding list never does, but must survive.
        if starts.len() > 2 {
            starts.swap(1, 2);
        }
        let spans: Vec<_> = starts
            .iter()
            .map(|&(start, len)| start..(start + len).min(text.len() + 3))
            .collect();
        let together = d.ranges(spans.iter().cloned(), enc);
        for (bytes, range) in spans.into_iter().zip(together) {
            prop_assert_eq!(range, d.range(bytes.clone(), enc), "{:?}", bytes);
        }
    }

    #[test]
    fn any_position_clamps_to_a_character_boundary(text in text(), enc in encoding(), p in position()) {
        let d = doc(&text);
        let lines = model_lines(&text);
        let o = d.offset(p, enc);
        prop_assert!(text.is_char_boundary(o));
        prop_assert_eq!(o, model_offset(&text, &lines, p, enc));
        // Clamping is idempotent: the clamped position names the same place.
        let q = d.position(o, enc);
        prop_assert_eq!(d.offset(q, enc), o);
        if (p.line as usize) < lines.len() {
            // On an existing line: same line, never further right.
            prop_assert_eq!(q.line, p.line);
            prop_assert!(q.character <= p.character);
            // Never into the line break.
            prop_assert!(o <= lines[p.line as usize].1);
        } else {
            prop_assert_eq!(o, text.len());
        }
    }

    #[test]
    fn columns_count_the_right_units(text in text(), enc in encoding()) {
        let d = doc(&text);
        for (line, &(start, end)) in model_lines(&text).iter().enumerate() {
            let units: usize = text[start..end].chars().map(|c| width(c, enc)).sum();
            let expected = match enc {
                Encoding::Utf8 => end - start,
                Encoding::Utf16 => text[start..end].encode_utf16().count(),
                Encoding::Utf32 => text[start..end].chars().count(),
            };
            prop_assert_eq!(units, expected);
            prop_assert_eq!(d.position(end, enc), Position::new(line as u32, units as u32));
            let far = Position::new(line as u32, u32::MAX);
            prop_assert_eq!(d.offset(far, enc), end);
        }
        prop_assert_eq!(d.position(usize::MAX, enc), d.position(text.len(), enc));
    }

    #[test]
    fn edits_match_a_string_model(
        start in text(),
        edits in prop::collection::vec((position(), position(), text(), 0u8..8), 1..12),
        enc in encoding(),
    ) {
        let mut d = doc(&start);
        let mut model = start.clone();
        for (a, b, new, full) in edits {
            if full == 0 {
                d.edit(None, &new, enc);
                model = new;
            } else {
                let lines = model_lines(&model);
                let x = model_offset(&model, &lines, a, enc);
                let y = model_offset(&model, &lines, b, enc);
                d.edit(Some(Range::new(a, b)), &new, enc);
                model.replace_range(x.min(y)..x.max(y), &new);
            }
            prop_assert_eq!(d.text().as_str(), model.as_str());
        }
        prop_assert_eq!(d.rope().to_string(), model.clone());
        let lines = model_lines(&model);
        for o in boundaries(&model) {
            prop_assert_eq!(d.position(o, enc), model_position(&model, &lines, o, enc));
        }
    }
}

#[test]
fn inside_a_character_means_its_start() {
    let d = doc("𠀀é😀\u{feff}x");
    // UTF-16: the middle of a surrogate pair.
    assert_eq!(d.offset(Position::new(0, 1), Encoding::Utf16), 0);
    assert_eq!(d.offset(Position::new(0, 2), Encoding::Utf16), 4);
    assert_eq!(d.offset(Position::new(0, 4), Encoding::Utf16), 6);
    // UTF-8: inside a multi-byte character.
    for i in 1..4 {
        assert_eq!(d.offset(Position::new(0, i), Encoding::Utf8), 0);
    }
    assert_eq!(d.offset(Position::new(0, 5), Encoding::Utf8), 4);
    // The BOM is a character like any other: one UTF-16 unit, three bytes.
    let x = "𠀀é😀\u{feff}".len();
    assert_eq!(d.position(x, Encoding::Utf16), Position::new(0, 6));
    assert_eq!(d.position(x, Encoding::Utf8), Position::new(0, 13));
    assert_eq!(d.position(x, Encoding::Utf32), Position::new(0, 4));
}

#[test]
fn lone_cr_crlf_and_separators() {
    let text = "甲\r乙\r\n丙\n\r丁\u{2028}戊\u{85}";
    let d = doc(text);
    // Lines: 甲 | 乙 | 丙 | (empty) | 丁\u{2028}戊\u{85}
    assert_eq!(d.rope().len_lines(), 5);
    assert_eq!(
        d.offset(Position::new(1, 0), Encoding::Utf16),
        text.find('乙').unwrap()
    );
    assert_eq!(
        d.offset(Position::new(3, 9), Encoding::Utf16),
        text.find("\r丁").unwrap()
    );
    assert_eq!(
        d.offset(Position::new(4, 2), Encoding::Utf32),
        text.find('戊').unwrap()
    );
    // Past the end of a CRLF line: before the \r, never between \r and \n.
    assert_eq!(
        d.offset(Position::new(1, 99), Encoding::Utf16),
        text.find("\r\n").unwrap()
    );
    // Past the last line: the end.
    assert_eq!(d.offset(Position::new(99, 0), Encoding::Utf16), text.len());
}
