//! The segmenter follows jieba's algorithm over jieba's dictionary compiled
//! into the binary; these tests hold it to jieba-rs itself, token for token,
//! on real reports, the fixtures, generated reports and random text.

mod common;
#[path = "../benches/common/mod.rs"]
mod generated;

use std::sync::LazyLock;

use jieba_rs::Jieba;
use proptest::prelude::*;
use report_lsp::engine::segment;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Byte ranges of jieba-rs's precise cut without HMM.
fn reference(text: &str) -> Vec<(usize, usize)> {
    JIEBA
        .cut(text, false)
        .iter()
        .map(|t| (t.byte_start, t.byte_end))
        .collect()
}

fn ours(text: &str) -> Vec<(usize, usize)> {
    segment::tokens(text)
        .iter()
        .map(|t| (t.start, t.end))
        .collect()
}

/// Compares line by line, so a difference names its line.
fn assert_same_cut(name: &str, text: &str) {
    for (number, line) in text.split_inclusive('\n').enumerate() {
        assert_eq!(ours(line), reference(line), "{name}:{}: {line}", number + 1);
    }
    assert_eq!(ours(text), reference(text), "{name} as a whole");
}

#[test]
fn same_cut_on_the_seed_reports() {
    for name in [common::SEED_000, common::SEED_001] {
        let text = std::fs::read_to_string(common::seed(name)).unwrap();
        assert_same_cut(name, &text);
    }
}

#[test]
fn same_cut_on_the_fixtures() {
    let dir = common::fixture("");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            assert_same_cut(&path.display().to_string(), &text);
        }
    }
}

#[test]
fn same_cut_on_a_generated_report() {
    assert_same_cut("generated", &generated::report(30_000));
}

/// Exact ties between routes: `丁税|政` and `丁|税政` score the same (both
/// two-character words have frequency 3, both single characters 3607), and
/// jieba takes the longer word first.
#[test]
fn ties_go_to_the_longer_word_first() {
    for text in ["丁税政", "上划上", "万万万"] {
        assert_eq!(ours(text), reference(text), "{text}");
    }
    let words: Vec<&str> = segment::tokens("丁税政").iter().map(|t| t.word).collect();
    assert_eq!(words, ["丁税", "政"]);
}

/// Words of every kind the dictionary holds: plain Han, mixed with ASCII
/// (`4S店`, `A股`), and some that it doesn't.
const WORDS: &[&str] = &[
    "我们",
    "开展",
    "征集",
    "意见",
    "建议",
    "原原本本",
    "习近平",
    "常抓",
    "抓长",
    "4S店",
    "A股",
    "1号店",
    "卡拉OK",
    "T恤",
    "维护",
    "核心",
    "不存在的词",
    "𠀀",
    "开",
    "展",
    "的",
];

#[test]
fn same_lookups_as_jieba() {
    for word in WORDS {
        assert_eq!(
            segment::has_word(word),
            JIEBA.has_word(word),
            "has_word {word}"
        );
        assert_eq!(
            segment::suggest_freq(word),
            JIEBA.suggest_freq(word) as u64,
            "suggest_freq {word}"
        );
    }
}

/// Text from pieces that exercise every branch: Han with and without
/// dictionary words, Extension B, ASCII runs that join, the other word
/// characters (`+#&._%-`), full-width punctuation, whitespace and `\r\n`.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "征集",
        "意见",
        "建议",
        "开展",
        "工作",
        "党员",
        "干部",
        "的",
        "了",
        "是",
        "抓",
        "常",
        "长",
        "原",
        "本",
        "学习",
        "习近平",
        "𠀀",
        "𪚥",
        "A",
        "b",
        "4",
        "S",
        "店",
        "OK",
        "+",
        "#",
        ".",
        "-",
        "%",
        "，",
        "。",
        "“",
        "”",
        "《",
        "》",
        " ",
        "\u{3000}",
        "\t",
        "\r\n",
        "\n",
        "\r",
        "😀",
        "é",
        "Ｘ",
        "X",
    ])
}

proptest! {
    #[test]
    fn same_cut_on_random_text(pieces in prop::collection::vec(piece(), 0..40)) {
        let text: String = pieces.concat();
        prop_assert_eq!(ours(&text), reference(&text), "{:?}", text);
    }

    #[test]
    fn same_suggest_freq_on_random_words(pieces in prop::collection::vec(piece(), 1..4)) {
        let word: String = pieces.concat();
        prop_assert_eq!(segment::has_word(&word), JIEBA.has_word(&word));
        prop_assert_eq!(segment::suggest_freq(&word), JIEBA.suggest_freq(&word) as u64, "{:?}", word);
    }
}
