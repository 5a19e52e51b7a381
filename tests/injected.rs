//! Errors injected into clean reports, one per copy: each rule must find
//! its own kind of error (recall ≥ 0.97) and nothing may be reported
//! anywhere else in the copy (compared with the clean report's findings).
//!
//! Deterministic: the sites are drawn by a seeded generator. In-process:
//! the engine, not the binary. `cargo test --test injected -- --nocapture`
//! prints recall per rule and per kind of error.

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use report_lsp::engine::markers::{heading_marker, inline_markers, MarkerStyle};
use report_lsp::engine::text::Prepared;
use report_lsp::engine::{self, segment, Config, Finding, Rule};

use corpus::Report;

/// Copies per report and kind of error (fewer when a report has fewer sites).
const COPIES: usize = 24;
const MIN_RECALL: f64 = 0.97;

/// One error put into a report.
struct Mutation {
    /// What was done, for the failure message.
    what: String,
    kind: &'static str,
    rule: Rule,
    /// The clean text's bytes `replaced` became `inserted`.
    replaced: Range<usize>,
    inserted: String,
    /// Where, in the mutated text, the rule may report the error: the
    /// injected text, or for a deleted mark the span to its partner.
    region: Range<usize>,
}

impl Mutation {
    /// The clean text at `site` replaced by `token`, reported by `rule` on
    /// the token itself.
    fn replace(
        r: &Report,
        site: Range<usize>,
        token: &str,
        kind: &'static str,
        rule: Rule,
    ) -> Mutation {
        Mutation {
            what: format!("{:?} → {token:?}", &r.text[site.clone()]),
            kind,
            rule,
            region: site.start..site.start + token.len(),
            replaced: site,
            inserted: token.to_string(),
        }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        out.replace_range(self.replaced.clone(), &self.inserted);
        out
    }

    /// A clean-text offset in the mutated text (offsets inside the
    /// replaced span have no image).
    fn shift(&self, at: usize) -> Option<usize> {
        if at < self.replaced.start {
            Some(at)
        } else if at >= self.replaced.end {
            Some(at - self.replaced.len() + self.inserted.len())
        } else {
            None
        }
    }
}

/// A small deterministic generator (PCG-style LCG), so every run injects
/// the same errors.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// Up to `k` distinct items of `items`, in a random order.
    fn pick<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut pool: Vec<T> = items.to_vec();
        let mut out = Vec::new();
        while !pool.is_empty() && out.len() < k {
            out.push(pool.swap_remove(self.below(pool.len())));
        }
        out
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF)
}

/// The paragraphs of a report as the engine sees them: document offset and
/// text (Markdown syntax blanked).
fn paragraphs(r: &Report) -> Vec<(usize, String)> {
    Prepared::new(&r.text, r.kind)
        .paragraphs()
        .map(|p| (p.start, p.text.to_string()))
        .collect()
}

/// Bylines and spaced titles, where a changed character changes the shape
/// the line is recognised by: errors are injected into prose.
fn is_typeset(text: &str) -> bool {
    text.trim_end().contains([' ', '\u{3000}'])
}

/// Document byte ranges of every numbering marker (heading and inline).
fn marker_ranges(paras: &[(usize, String)]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (start, text) in paras {
        let head = heading_marker(text);
        let skip = head.as_ref().map_or(0, |m| m.range.end);
        if let Some(m) = head {
            out.push(start + m.range.start..start + m.range.end);
        }
        for m in inline_markers(text, skip) {
            out.push(start + m.range.start..start + m.range.end);
        }
    }
    out
}

/// Whether blanking the word at `site` also garbles a fixed formulation:
/// the name in front of 新时代中国特色社会主义思想 left empty is the
/// formulation rule's finding as well as the placeholder rule's.
fn names_the_thought(text: &str, site: &Range<usize>) -> bool {
    text[site.end..].starts_with("新时代中国特色社会主义思想")
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

const PLACEHOLDERS: &[&str] = &[
    "XX", "xx", "XXX", "ＸＸ", "××", "*", "＊", "某某", "□□", "□", "___", "＿＿", "○○",
];

/// A word of prose (two or three Han characters) replaced by a placeholder.
fn placeholders(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let mut sites = Vec::new();
    for (start, text) in &paras {
        if is_typeset(text) {
            continue;
        }
        for t in segment::tokens(text) {
            let site = start + t.start..start + t.end;
            let n = t.word.chars().count();
            if (2..=3).contains(&n)
                && t.word.chars().all(is_han)
                && !markers.iter().any(|m| overlaps(m, &site))
                && !names_the_thought(&r.text, &site)
            {
                sites.push(site);
            }
        }
    }
    rng.pick(&sites, COPIES)
        .into_iter()
        .map(|site| {
            // `site` is a whole word: a placeholder stands for a word.
            let token = PLACEHOLDERS[rng.below(PLACEHOLDERS.len())];
            Mutation::replace(r, site, token, "placeholder", Rule::Placeholder)
        })
        .collect()
}

/// Nouns a place's or an organisation's name, or a person's, comes before.
const NAMED: &[&str] = &[
    "市", "县", "区", "镇", "乡", "村", "局", "委", "厅", "政府", "党委", "支部", "公司", "中心",
    "书记", "主任", "同志",
];

/// The two characters of a name before a unit or a post replaced by a
/// lone `X` (`清河市` → `X市`).
fn names_left_out(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let mut sites = Vec::new();
    for (start, text) in &paras {
        if is_typeset(text) {
            continue;
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for w in chars.windows(3) {
            let site = start + w[0].0..start + w[2].0;
            let named = NAMED.iter().any(|n| text[w[2].0..].starts_with(n));
            if is_han(w[0].1)
                && is_han(w[1].1)
                && named
                && !markers.iter().any(|m| overlaps(m, &site))
            {
                sites.push(site);
            }
        }
    }
    rng.pick(&sites, COPIES / 2)
        .into_iter()
        .map(|site| Mutation::replace(r, site, "X", "lone X for a name", Rule::Placeholder))
        .collect()
}

/// A word between two Han characters replaced by one stroke of a blank
/// (`以习近平新时代…` → `以_新时代…`).
fn strokes(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let mut sites = Vec::new();
    for (start, text) in &paras {
        if is_typeset(text) {
            continue;
        }
        let tokens = segment::tokens(text);
        for w in tokens.windows(3) {
            let (before, t, after) = (&w[0], &w[1], &w[2]);
            let site = start + t.start..start + t.end;
            let han_ends = before.word.ends_with(is_han) && after.word.starts_with(is_han);
            if (2..=3).contains(&t.word.chars().count())
                && t.word.chars().all(is_han)
                && han_ends
                && !markers.iter().any(|m| overlaps(m, &site))
                && !names_the_thought(&r.text, &site)
            {
                sites.push(site);
            }
        }
    }
    rng.pick(&sites, COPIES / 2)
        .into_iter()
        .map(|site| {
            let stroke = ["_", "＿"][rng.below(2)];
            Mutation::replace(r, site, stroke, "one stroke for a word", Rule::Placeholder)
        })
        .collect()
}

/// Units a blank number is written before (`XX万元`, `XXkg`).
const UNITS_AFTER_NUMBERS: &[&str] = &[
    "万元", "亿元", "元", "个", "人", "名", "项", "件", "次", "户", "家", "所", "%", "kg", "km",
];

/// The digits of a number before its unit replaced by `XX`.
fn blank_numbers(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let mut sites = Vec::new();
    for (start, text) in &paras {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let begin = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let site = start + begin..start + i;
            let glued = begin > 0 && (bytes[begin - 1].is_ascii_alphanumeric());
            if !glued
                && !text[begin..i].ends_with('.')
                && UNITS_AFTER_NUMBERS.iter().any(|u| text[i..].starts_with(u))
                && !markers.iter().any(|m| overlaps(m, &site))
            {
                sites.push(site);
            }
        }
    }
    rng.pick(&sites, COPIES / 2)
        .into_iter()
        .map(|site| Mutation::replace(r, site, "XX", "XX for a number", Rule::Placeholder))
        .collect()
}

/// A word of two to four Han characters typed twice; not a numeral with
/// its counter (`一次一次` is a legitimate reduplication).
fn doubled_words(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let mut sites = Vec::new();
    for (start, text) in &paras {
        if is_typeset(text) {
            continue;
        }
        for t in segment::tokens(text) {
            let n = t.word.chars().count();
            let site = start + t.start..start + t.end;
            let reduplicated = t
                .word
                .chars()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0] == w[1]);
            let numeral = t
                .word
                .starts_with(|c| "一二三四五六七八九十两几".contains(c));
            if (2..=4).contains(&n)
                && t.word.chars().all(is_han)
                && !numeral
                && !reduplicated
                && !markers.iter().any(|m| overlaps(m, &site))
            {
                sites.push(site);
            }
        }
    }
    // Also two-character words at the start or end of a longer word
    // (`责任` in `责任制`, `总结` in `认真总结`): the doubled copy merges
    // with the rest of it (`责任|责任制`), hiding the doubling from a
    // comparison of whole tokens.
    let mut inside = Vec::new();
    for (start, text) in &paras {
        if is_typeset(text) {
            continue;
        }
        for t in segment::tokens(text) {
            let chars: Vec<(usize, char)> = t.word.char_indices().collect();
            if chars.len() < 3 || !t.word.chars().all(is_han) {
                continue;
            }
            let head = 0..chars[2].0;
            let tail = chars[chars.len() - 2].0..t.word.len();
            for part in [head, tail] {
                let word = &t.word[part.clone()];
                let site = start + t.start + part.start..start + t.start + part.end;
                let mut c = word.chars();
                let (a, b) = (c.next().unwrap_or(' '), c.next().unwrap_or(' '));
                if a != b
                    && !"一二三四五六七八九十两几".contains(a)
                    && segment::has_word(word)
                    && !markers.iter().any(|m| overlaps(m, &site))
                {
                    inside.push(site);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (kind, pool) in [
        ("word doubled", &sites),
        ("two characters doubled", &inside),
    ] {
        for site in rng.pick(pool, COPIES) {
            let word = r.text[site.clone()].to_string();
            out.push(Mutation {
                what: format!("{word:?} doubled"),
                kind,
                rule: Rule::RepeatedWord,
                replaced: site.end..site.end,
                region: site.start..site.end + word.len(),
                inserted: word,
            });
        }
    }
    out
}

/// Each mark of `pairs` in the clean text with its partner, paired on one
/// stack over the whole text (the clean text is balanced, title notes set
/// over two lines included).
fn partners(text: &str, pairs: &[(char, char)]) -> Vec<(usize, char, usize)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if pairs.iter().any(|p| p.0 == c) {
            stack.push((i, c));
        } else if let Some(&(open, _)) = pairs.iter().find(|p| p.1 == c) {
            if let Some(&(at, o)) = stack.last() {
                if o == open {
                    stack.pop();
                    out.push((i, c, at));
                    out.push((at, o, i));
                }
            }
        }
    }
    out
}

/// A quotation mark or a bracket deleted; the region runs to its partner.
fn deleted_marks(
    r: &Report,
    rng: &mut Rng,
    kind: &'static str,
    rule: Rule,
    pairs: &[(char, char)],
) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let markers = marker_ranges(&paras);
    let sites: Vec<(usize, char, usize)> = partners(&r.text, pairs)
        .into_iter()
        .filter(|&(at, _, partner)| {
            // `（一）` is a heading marker, not a bracket of the prose.
            !markers
                .iter()
                .any(|m| m.contains(&at) || m.contains(&partner))
        })
        .collect();
    rng.pick(&sites, COPIES)
        .into_iter()
        .map(|(at, mark, partner)| {
            let len = mark.len_utf8();
            // In the mutated text; the deletion point (where the mark's
            // neighbours now touch) belongs to the error.
            let region = if partner < at {
                partner..at + 1
            } else {
                at..partner + 1 - len
            };
            Mutation {
                what: format!("{mark} deleted at {at}"),
                kind,
                rule,
                replaced: at..at + len,
                inserted: String::new(),
                region: region.start..region.end.max(region.start + 1),
            }
        })
        .collect()
}

/// Numbering broken: a number skipped or repeated, a heading's `、` or an
/// item's `是` lost.
fn misnumbered(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let paras = paragraphs(r);
    let mut sites: Vec<(&'static str, usize, MarkerStyle, u32, Range<usize>)> = Vec::new();
    for (start, text) in &paras {
        let head = heading_marker(text);
        let skip = head.as_ref().map_or(0, |m| m.range.end);
        let inline = inline_markers(text, skip);
        for m in head.iter().chain(&inline) {
            let range = start + m.range.start..start + m.range.end;
            if m.number >= 2 {
                sites.push((
                    "number skipped",
                    *start,
                    m.style,
                    m.number + 1,
                    range.clone(),
                ));
                sites.push((
                    "number repeated",
                    *start,
                    m.style,
                    m.number - 1,
                    range.clone(),
                ));
            }
            match m.style {
                MarkerStyle::Chinese => sites.push(("、 lost", *start, m.style, m.number, range)),
                MarkerStyle::Shi if m.number >= 2 => {
                    sites.push(("是 lost", *start, m.style, m.number, range))
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for kind in ["number skipped", "number repeated", "、 lost", "是 lost"] {
        let of_kind: Vec<_> = sites.iter().filter(|s| s.0 == kind).cloned().collect();
        for (kind, _, style, number, range) in rng.pick(&of_kind, COPIES / 2) {
            let inserted = match kind {
                "、 lost" | "是 lost" => {
                    let written = &r.text[range.clone()];
                    written.trim_end_matches(['、', '是']).to_string()
                }
                _ => style.render(number),
            };
            out.push(Mutation {
                what: format!("{:?} → {inserted:?}", &r.text[range.clone()]),
                kind,
                rule: Rule::Misnumbered,
                region: range.start..range.start + inserted.len().max(1),
                replaced: range,
                inserted,
            });
        }
    }
    out
}

fn mutations(r: &Report, rng: &mut Rng) -> Vec<Mutation> {
    let mut all = placeholders(r, rng);
    all.extend(names_left_out(r, rng));
    all.extend(strokes(r, rng));
    all.extend(blank_numbers(r, rng));
    all.extend(doubled_words(r, rng));
    all.extend(deleted_marks(
        r,
        rng,
        "quote deleted",
        Rule::UnbalancedQuote,
        &[('“', '”'), ('‘', '’')],
    ));
    all.extend(deleted_marks(
        r,
        rng,
        "bracket deleted",
        Rule::UnbalancedBracket,
        &[('（', '）'), ('《', '》'), ('〔', '〕')],
    ));
    all.extend(misnumbered(r, rng));
    all
}

#[derive(Default)]
struct Tally {
    injected: usize,
    found: usize,
    missed: Vec<String>,
}

struct Outcome {
    /// Per rule, and per kind of error.
    by_rule: BTreeMap<&'static str, Tally>,
    by_kind: BTreeMap<&'static str, Tally>,
    /// New findings outside the injected error's region.
    elsewhere: Vec<String>,
    /// New findings of another rule at the injected error.
    alongside: Vec<String>,
    /// Fixes offered for the injected error that do not give the clean
    /// text back.
    wrong_fixes: Vec<String>,
}

fn run() -> Outcome {
    let config = Config::default();
    // `INJECT_SEED=n` draws other sites, to look for new failures.
    let seed = std::env::var("INJECT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0011);
    let mut rng = Rng(seed);
    let mut outcome = Outcome {
        by_rule: BTreeMap::new(),
        by_kind: BTreeMap::new(),
        elsewhere: Vec::new(),
        alongside: Vec::new(),
        wrong_fixes: Vec::new(),
    };
    for r in corpus::clean_reports() {
        let clean = engine::check(&r.text, r.kind, &config);
        for m in mutations(&r, &mut rng) {
            let text = m.apply(&r.text);
            let before: Vec<(Rule, Range<usize>)> = clean
                .iter()
                .filter_map(|f| {
                    let start = m.shift(f.range.start)?;
                    let end = m.shift(f.range.end.saturating_sub(1))? + 1;
                    Some((f.rule, start..end.max(start)))
                })
                .collect();
            let new: Vec<Finding> = engine::check(&text, r.kind, &config)
                .into_iter()
                .filter(|f| {
                    !before
                        .iter()
                        .any(|(rule, range)| *rule == f.rule && *range == f.range)
                })
                .collect();
            let at_site = |f: &Finding| {
                overlaps(&f.range, &m.region)
                    || f.range.is_empty() && m.region.contains(&f.range.start)
            };
            let found = new.iter().any(|f| f.rule == m.rule && at_site(f));
            // A fix is offered only where the repair is certain: applied,
            // it gives back the clean report.
            for f in new.iter().filter(|f| f.rule == m.rule && at_site(f)) {
                if let Some(fix) = &f.fix {
                    let mut repaired = text.clone();
                    repaired.replace_range(f.range.clone(), &fix.replacement);
                    if repaired != r.text {
                        outcome.wrong_fixes.push(format!(
                            "{} ({}): {}[{}] {:?} → {:?}",
                            r.name,
                            m.what,
                            f.rule.code(),
                            f.range.start,
                            &text[f.range.clone()],
                            fix.replacement
                        ));
                    }
                }
            }
            let describe = |f: &Finding| {
                format!(
                    "{} ({}): {}[{}] {:?} {}",
                    r.name,
                    m.what,
                    f.rule.code(),
                    f.range.start,
                    &text[f.range.clone()],
                    f.message
                )
            };
            for f in &new {
                if !at_site(f) {
                    outcome.elsewhere.push(describe(f));
                } else if f.rule != m.rule {
                    outcome.alongside.push(describe(f));
                }
            }
            for tally in [
                outcome.by_rule.entry(m.rule.code()).or_default(),
                outcome.by_kind.entry(m.kind).or_default(),
            ] {
                tally.injected += 1;
                if found {
                    tally.found += 1;
                } else {
                    tally.missed.push(format!("{}: {}", r.name, m.what));
                }
            }
        }
    }
    outcome
}

fn recall(t: &Tally) -> f64 {
    t.found as f64 / t.injected.max(1) as f64
}

/// The run, shared by the tests below (and printed once).
fn outcome() -> &'static Outcome {
    static OUTCOME: OnceLock<Outcome> = OnceLock::new();
    OUTCOME.get_or_init(|| {
        let outcome = run();
        for (title, table) in [("rule", &outcome.by_rule), ("kind", &outcome.by_kind)] {
            println!("recall by {title}:");
            for (name, t) in table {
                println!(
                    "  {name:<24} {:>4}/{:<4} {:.3}",
                    t.found,
                    t.injected,
                    recall(t)
                );
            }
        }
        println!(
            "new findings elsewhere: {}; beside the injected error: {}; wrong fixes: {}",
            outcome.elsewhere.len(),
            outcome.alongside.len(),
            outcome.wrong_fixes.len()
        );
        for line in &outcome.wrong_fixes {
            println!("  wrong fix: {line}");
        }
        for line in &outcome.alongside {
            println!("  beside: {line}");
        }
        for line in &outcome.elsewhere {
            println!("  elsewhere: {line}");
        }
        for (name, t) in &outcome.by_kind {
            for m in t.missed.iter().take(5) {
                println!("  missed {name}: {m}");
            }
        }
        outcome
    })
}

fn assert_recall(rule: Rule) {
    let t = &outcome().by_rule[rule.code()];
    assert!(
        t.injected >= 100,
        "{}: only {} injected",
        rule.code(),
        t.injected
    );
    assert!(
        recall(t) >= MIN_RECALL,
        "{}: recall {:.3} < {MIN_RECALL}; missed:\n{}",
        rule.code(),
        recall(t),
        t.missed.join("\n")
    );
}

/// Each kind of error on its own, so a kind the rule misses is not hidden
/// by the others' numbers.
#[test]
fn every_kind_of_error_is_found() {
    for (kind, t) in &outcome().by_kind {
        assert!(t.injected >= 20, "{kind}: only {} injected", t.injected);
        assert!(
            recall(t) >= MIN_RECALL,
            "{kind}: recall {:.3} < {MIN_RECALL}; missed:\n{}",
            recall(t),
            t.missed.join("\n")
        );
    }
}

/// No other rule reports the injected error's own text either: one error,
/// one finding.
#[test]
fn no_other_rule_reports_the_injected_error() {
    let outcome = outcome();
    assert!(
        outcome.alongside.is_empty(),
        "other rules at the injected error:\n{}",
        outcome.alongside.join("\n")
    );
}

#[test]
fn injected_placeholders_are_found() {
    assert_recall(Rule::Placeholder);
}

#[test]
fn injected_quote_deletions_are_found() {
    assert_recall(Rule::UnbalancedQuote);
}

#[test]
fn injected_bracket_deletions_are_found() {
    assert_recall(Rule::UnbalancedBracket);
}

#[test]
fn injected_numbering_errors_are_found() {
    assert_recall(Rule::Misnumbered);
}

/// Whole words doubled and two characters doubled inside a compound
/// (`责任|责任制`), wherever the segmenter's boundaries fall.
#[test]
fn injected_doubled_words_are_found() {
    assert_recall(Rule::RepeatedWord);
}

#[test]
fn nothing_is_reported_away_from_the_injected_error() {
    let outcome = outcome();
    assert!(
        outcome.elsewhere.is_empty(),
        "findings away from the injected error:\n{}",
        outcome.elsewhere.join("\n")
    );
}

/// Every fix offered for an injected error repairs it exactly.
#[test]
fn every_fix_offered_gives_the_clean_report_back() {
    let outcome = outcome();
    assert!(
        outcome.wrong_fixes.is_empty(),
        "fixes that do not repair the injected error:\n{}",
        outcome.wrong_fixes.join("\n")
    );
}
