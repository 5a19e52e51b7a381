//! `quote-nesting`: a quotation inside a quotation of the same shape
//! (`“…“…”…”`, `《…《…》…》`). GB/T 15834 §4.5.3.2 and §4.15.3.2: the inner
//! pair is `‘’` inside `“”` (and `『』` inside `「」`), `〈〉` inside `《》`.

use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

type Pair = (char, char);

/// Outer pair and the pair that belongs inside it.
const NESTING: &[(Pair, Pair)] = &[
    (('“', '”'), ('‘', '’')),
    (('「', '」'), ('『', '』')),
    (('《', '》'), ('〈', '〉')),
];

fn pair_of_open(c: char) -> Option<usize> {
    NESTING.iter().position(|n| n.0 .0 == c)
}

fn pair_of_close(c: char) -> Option<usize> {
    NESTING.iter().position(|n| n.0 .1 == c)
}

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    // Open marks: (kind, byte offset, the same-kind pairs closed directly
    // inside, waiting for this one to close).
    type Open = (usize, usize, Vec<(usize, usize)>);
    let mut stack: Vec<Open> = Vec::new();
    for (i, c) in text.char_indices() {
        if let Some(kind) = pair_of_open(c) {
            stack.push((kind, i, Vec::new()));
        } else if let Some(kind) = pair_of_close(c) {
            if stack.last().is_none_or(|top| top.0 != kind) {
                // Unbalanced: `unbalanced-quote`/`-bracket` report it, and
                // which marks pair up is no longer certain.
                stack.clear();
                continue;
            }
            let (_, open_at, inner) = stack.pop().expect("checked above");
            let close_end = i + c.len_utf8();
            // This pair is closed: the same-kind pairs directly inside it are
            // confirmed nestings.
            for (a, b) in inner {
                out.push(finding(text, kind, a, b));
            }
            if let Some(parent) = stack.last_mut().filter(|s| s.0 == kind) {
                parent.2.push((open_at, close_end));
            }
        }
    }
}

/// The inner pair `start..end` (both marks included) rewritten.
fn finding(text: &str, kind: usize, start: usize, end: usize) -> Finding {
    let ((open, close), (inner_open, inner_close)) = NESTING[kind];
    let body = &text[start + open.len_utf8()..end - close.len_utf8()];
    Finding::new(
        Rule::QuoteNesting,
        start..end,
        format!("{open}{close}内又用了{open}{close}，内层应改用{inner_open}{inner_close}"),
    )
    .with_fix(format!("{inner_open}{body}{inner_close}"))
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::QuoteNesting, &DEFAULT)
    }

    fn fixes(text: &str) -> Vec<String> {
        testing::fixes(text, Rule::QuoteNesting)
            .into_iter()
            .map(|(_, fix)| fix.unwrap())
            .collect()
    }

    #[test]
    fn spec_must_flag() {
        assert_eq!(hits("他说：“要做到“两个维护”，不能含糊。”"), ["“两个维护”"]);
        assert_eq!(
            fixes("他说：“要做到“两个维护”，不能含糊。”"),
            ["‘两个维护’"]
        );
        assert_eq!(fixes("学习《关于《条例》的说明》"), ["〈条例〉"]);
        assert_eq!(fixes("「甲「乙」丙」"), ["『乙』"]);
        assert_eq!(fixes("“一是“学”，二是“做”。”"), ["‘学’", "‘做’"]);
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "他说：“要做到‘两个维护’，不能含糊。”",
            "学习《关于〈条例〉的说明》",
            "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
            "《意见》《通知》《办法》",
            // Unbalanced: for unbalanced-quote, not a nesting.
            "深入学习“两会精神“，推动工作",
            "“甲“乙”",
            "“《条例》”",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
