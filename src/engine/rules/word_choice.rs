//! `word-choice` (info): 易混词 whose right form depends on context —
//! `反应`/`反映`, `必需`/`必须`, 的/地/得 — each entry gated by conditions on
//! the words around it (`data/lexicon/word_choice.toml`). A fix only where
//! the context makes the correction certain.

use super::ParagraphContext;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

pub fn check(cx: &ParagraphContext, out: &mut Vec<Finding>) {
    super::terms::check(cx, Rule::WordChoice, out);
}
