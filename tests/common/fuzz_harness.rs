//! The bodies of the three fuzz targets, shared by `fuzz/` (libFuzzer) and
//! `tests/robustness.rs` (which replays every saved input under
//! `tests/fixtures/fuzz/<target>/` on each `cargo test`). Each function
//! takes raw fuzzer bytes and panics when an invariant breaks.
//!
//! No dependency beyond report-lsp's own: inputs are decoded with a tiny
//! byte reader instead of `arbitrary`, so the same bytes mean the same
//! thing in both places.
#![allow(dead_code)]

use std::sync::LazyLock;

use report_lsp::engine::{self, Config, DocumentKind, Finding, Settings, Symbol};
use report_lsp::lsp::document::{Document, Encoding};
use tower_lsp_server::ls_types::{Position, Range};

static DEFAULT: LazyLock<Config> = LazyLock::new(Config::default);

/// A configuration that turns every rule on at `hint` and adds user
/// placeholders, so their code paths run too.
static ALL_ON: LazyLock<Config> = LazyLock::new(|| {
    Config::from_toml(
        "[rules]\nplaceholder = \"hint\"\nrepeated-word = \"hint\"\nunbalanced-quote = \"hint\"\n\
         unbalanced-bracket = \"hint\"\nmisnumbered = \"hint\"\n\
         [placeholder]\npatterns = [\"待定\", \"某\", \"\\r\\n\"]\nregex = [\"\", \"第.{0,2}次\", \"(?m)^$\"]\n\
         [repeated-word]\nallow = [\"研究\", \"\"]\n",
    )
    .expect("ALL_ON config")
});

const KINDS: [DocumentKind; 2] = [DocumentKind::PlainText, DocumentKind::Markdown];

// ---------------------------------------------------------------- engine

/// The engine on arbitrary text (lossy UTF-8 of the input), in both
/// document kinds: findings (default and all-rules-on configurations),
/// outline and renumbering must be well formed — ranges inside the text
/// on character boundaries, in order, symbols nested in their parents,
/// fixes applicable.
pub fn engine(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for kind in KINDS {
        let analysis = engine::analyze(&text, kind, &DEFAULT);
        let findings = analysis.findings;
        check_findings(&text, &findings);
        check_symbols(&text, &analysis.outline, 0..text.len());
        check_findings(&text, &engine::check(&text, kind, &ALL_ON));

        // Renumbering (each call re-prepares the text, so only a few): at
        // misnumbered findings and at arbitrary offsets, including inside
        // a character and past the end.
        let mut offsets: Vec<usize> = findings
            .iter()
            .filter(|f| f.rule.code() == "misnumbered")
            .map(|f| f.range.start)
            .take(3)
            .collect();
        let seed = data
            .iter()
            .fold(0usize, |h, &b| h.wrapping_mul(31).wrapping_add(b as usize));
        offsets.push(seed % (text.len() + 2));
        if data.first().is_some_and(|b| b & 1 == 1) {
            offsets.push(usize::MAX);
        }
        let each = engine::renumber_from(&text, kind, &offsets);
        assert_eq!(each.len(), offsets.len());
        for (at, edits) in offsets.into_iter().zip(each) {
            if let Some(edits) = edits {
                assert!(!edits.is_empty(), "Some(empty) renumbering at {at}");
                let mut end = 0;
                let mut out = text.to_string();
                for (range, _) in &edits {
                    assert!(range.start >= end, "renumbering edits overlap: {edits:?}");
                    assert_boundaries(&text, range);
                    end = range.end;
                }
                for (range, new) in edits.iter().rev() {
                    out.replace_range(range.clone(), new);
                }
            }
        }
    }
}

fn assert_boundaries(text: &str, range: &std::ops::Range<usize>) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "range {range:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "range {range:?} splits a character"
    );
}

fn check_findings(text: &str, findings: &[Finding]) {
    let mut last = (0, 0);
    for f in findings {
        assert_boundaries(text, &f.range);
        assert!(!f.message.is_empty(), "finding without a message: {f:?}");
        assert!(
            (f.range.start, f.range.end) >= last,
            "findings out of order: {findings:?}"
        );
        last = (f.range.start, f.range.end);
        if let Some(fix) = &f.fix {
            let mut fixed = text.to_string();
            fixed.replace_range(f.range.clone(), &fix.replacement);
        }
    }
}

fn check_symbols(text: &str, symbols: &[Symbol], within: std::ops::Range<usize>) {
    for s in symbols {
        assert_boundaries(text, &s.range);
        assert_boundaries(text, &s.selection);
        assert!(
            within.start <= s.range.start && s.range.end <= within.end,
            "symbol {:?} {:?} outside its parent {within:?}",
            s.name,
            s.range
        );
        assert!(
            s.range.start <= s.selection.start && s.selection.end <= s.range.end,
            "selection {:?} outside range {:?} of {:?}",
            s.selection,
            s.range,
            s.name
        );
        assert!(
            s.chars <= text[s.range.clone()].chars().count(),
            "{:?} counts more characters than its range holds",
            s.name
        );
        check_symbols(text, &s.children, s.range.clone());
    }
}

// -------------------------------------------------------- document store

/// Reads fuzzer bytes; past the end everything is zero.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn done(&self) -> bool {
        self.0.is_empty()
    }

    /// Text built from a palette of awkward pieces (line breaks of every
    /// kind, astral characters, combining marks, BOM, NUL, markers).
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a",
            "甲",
            "\n",
            "\r\n",
            "\r",
            "𠀀",
            "😀",
            "e\u{301}",
            "\u{feff}",
            "\u{2028}",
            "\u{85}",
            "\0",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\t",
            "一、",
            "二、",
            "（一）",
            "1.",
            "一是",
            "三是",
            "“",
            "”",
            "（",
            "）",
            "XX",
            "征集",
            "。",
            "#",
            "*",
            "```",
            "\u{1f468}\u{200d}\u{1f469}",
            "Ｘ",
            "某某",
            "\r\r\n\n",
            "é",
            "\u{10ffff}",
        ];
        let n = self.u8() % 24;
        let mut s = String::new();
        for _ in 0..n {
            let b = self.u8() as usize;
            if b >= 240 {
                // A raw byte run, to leave the palette now and then.
                let len = (b - 240) + 1;
                let raw: Vec<u8> = (0..len).map(|_| self.u8()).collect();
                s.push_str(&String::from_utf8_lossy(&raw));
            } else {
                s.push_str(PIECES[b % PIECES.len()]);
            }
        }
        s
    }
}

/// Line starts and content ends of `text`, lines ending at `\n`, `\r\n`
/// or `\r` — an independent model of what the document store does.
pub fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, b.len()));
    lines
}

pub fn width(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The byte offset of a position: past the end of a line is its end, past
/// the last line is the end of the text, inside a character is its start.
pub fn model_offset(
    text: &str,
    lines: &[(usize, usize)],
    pos: Position,
    encoding: Encoding,
) -> usize {
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return text.len();
    };
    let col = pos.character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let w = width(c, encoding);
        if units + w > col {
            return start + i;
        }
        units += w;
    }
    end
}

pub fn model_position(
    text: &str,
    lines: &[(usize, usize)],
    offset: usize,
    encoding: Encoding,
) -> Position {
    let line = lines.partition_point(|&(start, _)| start <= offset) - 1;
    let start = lines[line].0;
    let col: usize = text[start..offset]
        .chars()
        .map(|c| width(c, encoding))
        .sum();
    Position::new(line as u32, col as u32)
}

/// A position from two bytes: mostly inside the text, sometimes just past
/// the end of a line or of the document, sometimes absurdly far.
fn pick_position(
    r: &mut Bytes,
    text: &str,
    lines: &[(usize, usize)],
    encoding: Encoding,
) -> Position {
    let (lb, cb) = (r.u8(), r.u8());
    let line = lb as usize % (lines.len() + 2);
    let units = lines.get(line).map_or(0, |&(s, e)| {
        text[s..e].chars().map(|c| width(c, encoding)).sum()
    });
    let character = if cb >= 250 {
        u32::MAX - (cb - 250) as u32
    } else {
        (cb as usize % (units + 3)) as u32
    };
    let line = if lb == 255 { u32::MAX } else { line as u32 };
    Position::new(line, character)
}

/// The document store under a random sequence of incremental and full
/// edits, in one of the three encodings, against a plain `String` model:
/// the same text (as string and as rope) after every edit, the same
/// positions for every offset, and the same findings as analysing the
/// model text from scratch.
pub fn document(data: &[u8]) {
    let mut r = Bytes(data);
    let encoding = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][r.u8() as usize % 3];
    let kind = KINDS[r.u8() as usize % 2];
    let mut model = r.text();
    let mut doc = Document::new(model.clone(), 1, kind);
    let mut edits = 0;
    while !r.done() && edits < 64 {
        edits += 1;
        let op = r.u8();
        let lines = model_lines(&model);
        if op % 16 == 0 {
            let new = r.text();
            doc.edit(None, &new, encoding);
            model = new;
        } else {
            let a = pick_position(&mut r, &model, &lines, encoding);
            let b = pick_position(&mut r, &model, &lines, encoding);
            let new = r.text();
            let (x, y) = (
                model_offset(&model, &lines, a, encoding),
                model_offset(&model, &lines, b, encoding),
            );
            assert_eq!(doc.offset(a, encoding), x, "offset of {a:?} in {model:?}");
            assert_eq!(doc.offset(b, encoding), y, "offset of {b:?} in {model:?}");
            doc.edit(Some(Range::new(a, b)), &new, encoding);
            model.replace_range(x.min(y)..x.max(y), &new);
        }
        assert_eq!(doc.text().as_str(), model, "text after edit {edits}");
        if op & 0x10 != 0 || r.done() {
            check_positions(&doc, &model, encoding);
        }
    }
    assert_eq!(doc.rope().to_string(), model, "rope after {edits} edits");
    check_positions(&doc, &model, encoding);
    for config in [&*DEFAULT, &*ALL_ON] {
        assert_eq!(
            engine::check(doc.text(), kind, config),
            engine::check(&model, kind, config),
            "findings on the store's text differ from a fresh analysis"
        );
    }
}

fn check_positions(doc: &Document, model: &str, encoding: Encoding) {
    assert_eq!(doc.rope().to_string(), model, "rope and model differ");
    let lines = model_lines(model);
    let b = model.as_bytes();
    for (o, _) in model.char_indices().chain([(model.len(), ' ')]).take(400) {
        // Between the \r and \n of a CRLF there is no position to speak of.
        if o > 0 && b.get(o) == Some(&b'\n') && b[o - 1] == b'\r' {
            continue;
        }
        let want = model_position(model, &lines, o, encoding);
        assert_eq!(
            doc.position(o, encoding),
            want,
            "position of {o} in {model:?}"
        );
        assert_eq!(
            doc.offset(want, encoding),
            o,
            "offset of {want:?} in {model:?}"
        );
    }
    for (line, &(_, end)) in lines.iter().enumerate() {
        let far = Position::new(line as u32, u32::MAX);
        assert_eq!(
            doc.offset(far, encoding),
            end,
            "end of line {line} in {model:?}"
        );
    }
    let past = Position::new(lines.len() as u32, 0);
    assert_eq!(doc.offset(past, encoding), model.len());
    assert_eq!(
        doc.position(usize::MAX, encoding),
        model_position(model, &lines, model.len(), encoding)
    );
}

// ------------------------------------------------------------- settings

/// The configuration parsers. First byte: 0 TOML text, 1 JSON, otherwise
/// TOML assembled from plausible keys and arbitrary values. Errors are
/// fine; panics are not, a line number must lie in the text, and whatever
/// compiles must be usable by the engine.
pub fn config(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let settings = match mode % 3 {
        0 => {
            let text = String::from_utf8_lossy(rest);
            let parsed = Settings::from_toml(&text);
            if let Err(e) = &parsed {
                check_error_position(&text, e);
            }
            parsed
        }
        1 => match serde_json::from_slice::<serde_json::Value>(rest) {
            Ok(value) => Settings::from_json(&value),
            Err(_) => return,
        },
        _ => {
            let text = assembled_toml(&mut Bytes(rest));
            let parsed = Settings::from_toml(&text);
            if let Err(e) = &parsed {
                check_error_position(&text, e);
            }
            parsed
        }
    };
    let Ok(settings) = settings else { return };
    let merged = Settings::default()
        .overridden_by(&settings)
        .overridden_by(&Settings::default());
    assert_eq!(
        merged, settings,
        "overriding with nothing changed the settings"
    );
    let Ok(config) = settings.compile() else {
        return;
    };
    let sample =
        "关于XX工作的总结\n一、总体情况\n征集征集意见，“两会精神“。\n三是加强学习（说明)。\n";
    for text in [sample, &String::from_utf8_lossy(rest)] {
        for kind in KINDS {
            check_findings(text, &engine::check(text, kind, &config));
        }
    }
}

fn check_error_position(text: &str, e: &engine::ConfigError) {
    assert!(
        !e.message.trim().is_empty(),
        "config error without a message: {e:?}"
    );
    if let Some(line) = e.line {
        let lines = text.split('\n').count();
        assert!(
            (1..=lines).contains(&line),
            "error on line {line} of a {lines}-line text: {e}"
        );
    }
    if let Some(column) = e.column {
        assert!(column >= 1, "column {column} is not 1-based: {e}");
    }
}

fn assembled_toml(r: &mut Bytes) -> String {
    const KEYS: &[&str] = &[
        "[rules]\n",
        "[placeholder]\n",
        "[repeated-word]\n",
        "placeholder = ",
        "repeated-word = ",
        "misnumbered = ",
        "unbalanced-quote = ",
        "unbalanced-bracket = ",
        "no-such-rule = ",
        "patterns = ",
        "regex = ",
        "allow = ",
        "[rules.placeholder]\n",
        "rules = ",
    ];
    const VALUES: &[&str] = &[
        "\"off\"",
        "\"hint\"",
        "\"info\"",
        "\"warning\"",
        "\"error\"",
        "\"fatal\"",
        "1",
        "true",
        "[]",
        "{}",
        "\"\"",
        "[\"\"]",
        "[\"XX\"]",
        "[\"(\"]",
        "[\"a{99999}\"]",
        "[\"\\\\b\"]",
        "[\"^\", \"$\"]",
        "[\"(?m)^\"]",
        "[\"\\\\p{Han}+\"]",
        "[\"某\", \"某某\"]",
    ];
    let mut s = String::new();
    while !r.done() {
        let b = r.u8();
        match b % 4 {
            0 | 1 => {
                s.push_str(KEYS[r.u8() as usize % KEYS.len()]);
                if !s.ends_with('\n') {
                    s.push_str(VALUES[r.u8() as usize % VALUES.len()]);
                    s.push('\n');
                }
            }
            2 => {
                // A string array of raw text, escaped as TOML needs.
                let key = ["patterns = ", "regex = ", "allow = "][r.u8() as usize % 3];
                let raw = r.text();
                let literal = toml_string(&raw);
                s.push_str(key);
                s.push('[');
                s.push_str(&literal);
                s.push_str("]\n");
            }
            _ => {
                let raw = r.text();
                s.push_str(&raw);
            }
        }
    }
    s
}

fn toml_string(raw: &str) -> String {
    let mut out = String::from("\"");
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
