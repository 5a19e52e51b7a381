//! What the three lexicon rules share: the paragraph's terms, scanned once
//! (`ParagraphContext::terms`), become findings of the rule asking.

use super::ParagraphContext;
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

pub fn check(cx: &ParagraphContext, rule: Rule, out: &mut Vec<Finding>) {
    let lexicon = cx.config.lexicon();
    out.extend(
        cx.terms()
            .iter()
            .filter_map(|hit| lexicon.finding(cx.paragraph.text, hit, rule)),
    );
}
