//! `typo`: 错别字 whose correction is certain — 音近字 and 形近字 in common
//! words (`布署`, `惯彻`), 成语 written wrongly (`再接再励`), `截止` where
//! `截至` is meant — from the built-in packs (`data/lexicon/typo.toml`,
//! each entry with its source) and the user's packs, with the fix.

use super::ParagraphContext;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

pub fn check(cx: &ParagraphContext, out: &mut Vec<Finding>) {
    super::terms::check(cx, Rule::Typo, out);
}
