//! `misnumbered`: heading and inline enumerations must count 1, 2, 3 …
//! within their scope.
//!
//! Scopes: level-1 headings count through the document; a level-n series
//! restarts after a heading of a higher level; an inline series (`一是`…)
//! may span paragraphs, restarts at `一是` and ends at any heading. A Markdown
//! `#` heading without a marker closes every series.
//!
//! Three shapes of real documents on top of that:
//! - A table of contents at the top lists the level-1 headings once before
//!   the body repeats them: the body counts afresh (see [`contents_end`]).
//! - Some houses number a level straight on across the sections above it
//!   (`（一）`…`（十）` across `一、二、三`). Which way a document numbers each
//!   level is read from the document itself (see [`numbering_styles`]);
//!   only items that go against the way the rest of the document counts
//!   are reported.
//! - A heading or an item that lost its mark (`四加强队伍建设` after `三、`,
//!   `三加强考核` after `二是`) is recognised from the numbering around it and
//!   reported there, instead of everything after it being counted wrong.

use std::collections::HashMap;
use std::ops::Range;

use crate::engine::chars::is_han;
use crate::engine::finding::Finding;
use crate::engine::markers::{InlineForm, MarkerStyle, ParagraphMarkers};
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

/// Measure words (量词) a numeral counts with: `三对`, `三家`, `三台` are
/// quantities, never an item that lost its `是`. Source: 《现代汉语八百词》
/// 附录“名词、量词配合表”; 黄伯荣、廖序东《现代汉语》第五章“量词”.
/// (`个项次名人位批类种条件点` and the time words are already kept out of
/// bare numerals by `markers::continues_numeral`.)
const MEASURE_WORDS: &str = "对家户所座支张份套组场篇部台辆间株棵头只双本册页遍回趟元角吨亩米斤克块片段节堂门句首幅封笔桩起例宗册副架艘架";

#[derive(Debug, Clone)]
pub struct Item {
    pub style: MarkerStyle,
    pub number: u32,
    /// Document byte range of the marker.
    pub range: Range<usize>,
    /// Written without its mark (`四加强…`, `三加强…`): the range is the
    /// numeral alone.
    pub unmarked: bool,
    /// The first item after a higher heading, in a document that numbers
    /// this level the other way (restarting or running on) elsewhere.
    pub against: Option<Numbering>,
    /// After a sibling heading whose marker cannot be read (`### 二）…`
    /// among `### （一）`): its number is unknown, so this item's is not
    /// judged and the count goes on from it.
    pub resync: bool,
}

/// How a level is numbered across the sections above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// `（一）` again under each `一、`, `二、` (GB/T 9704 practice).
    Restarts,
    /// `（一）（二）` under `一、`, `（三）` under `二、`: a house style.
    RunsOn,
}

/// A heading at the start of a paragraph, written with its marker or
/// recovered without it.
#[derive(Debug, Clone)]
struct Head {
    level: u8,
    style: MarkerStyle,
    number: u32,
    /// Document byte range of the marker.
    range: Range<usize>,
    unmarked: bool,
}

/// Every numbered series of the document, items in order. `markers[i]`
/// are the markers of `paragraphs[i]`.
pub fn series(paragraphs: &[Paragraph], markers: &[&ParagraphMarkers]) -> Vec<Vec<Item>> {
    let (heads, contents, styles) = numbering(paragraphs, markers);
    walk(paragraphs, markers, &heads, contents, &styles, None)
}

/// Whether paragraph `i` heads a part of the document that numbers its
/// sections afresh (`2024年工作回顾` … `2025年主要任务` / `一、`): a short
/// line without a marker, a full stop, a comma or a closing colon, after
/// level-1 sections, whose next heading (after at most a few paragraphs of
/// introduction) is a `一、`. A government report's two halves, a speech's
/// parts.
fn part_heading(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    heads: &[Option<Head>],
    i: usize,
) -> bool {
    /// Paragraphs of introduction a part may open with before its `一、`.
    const INTRODUCTION: usize = 3;
    // Most paragraphs are sentences: the cheap tests first.
    if !markers[i].heading_like
        || heads[i].is_some()
        || paragraphs[i].heading_depth.is_some()
        || !markers[i].inline.is_empty()
    {
        return false;
    }
    let text = paragraphs[i].text.trim();
    // `四对策建议`: a heading that lost its mark, not a part's title.
    if markers[i].bare.first().is_some_and(|b| b.range.start == 0)
        || text.is_empty()
        || text.contains(['，', ','])
        || text.ends_with(['：', ':'])
    {
        return false;
    }
    // The part's `一、`, or its `一` that lost the mark.
    let next = (i + 1..paragraphs.len().min(i + 2 + INTRODUCTION)).find(|&j| {
        heads[j].is_some()
            || paragraphs[j].heading_depth.is_some()
            || bare_one(markers[j]).is_some()
    });
    next.is_some_and(|j| {
        heads[j]
            .as_ref()
            .map_or(bare_one(markers[j]).is_some(), |h| {
                h.level == 1 && h.number == 1
            })
            && (i + 1..j).all(|k| !markers[k].heading_like)
    }) && heads[..i]
        .iter()
        .any(|h| h.as_ref().is_some_and(|h| h.level == 1))
}

/// Whether this document numbers `level` straight on across headings of
/// level `crossed` (a house style), rather than restarting it under each.
pub fn runs_on(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    level: u8,
    crossed: u8,
) -> bool {
    let (_, _, styles) = numbering(paragraphs, markers);
    style_at(&styles, level, crossed).0 == Numbering::RunsOn
}

/// The headings (written and recovered), where the body starts after a
/// table of contents, and how each level is numbered.
fn numbering(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
) -> (Vec<Option<Head>>, Option<usize>, Styles) {
    let written = written_heads(paragraphs, markers);
    let mut contents = contents_end(paragraphs, markers, &written);
    let mut heads = recover_unmarked_heads(paragraphs, markers, written.clone(), contents);
    if contents.is_none() {
        // A contents line that lost its mark (`二主要做法`) breaks the run.
        contents = contents_end(paragraphs, markers, &heads);
        if contents.is_some() {
            heads = recover_unmarked_heads(paragraphs, markers, written, contents);
        }
    }
    let mut boundaries = Vec::new();
    walk(
        paragraphs,
        markers,
        &heads,
        contents,
        &HashMap::new(),
        Some(&mut boundaries),
    );
    let styles = numbering_styles(&boundaries);
    (heads, contents, styles)
}

fn written_heads(paragraphs: &[Paragraph], markers: &[&ParagraphMarkers]) -> Vec<Option<Head>> {
    paragraphs
        .iter()
        .zip(markers)
        .map(|(p, m)| {
            let m = m.heading.as_ref()?;
            Some(Head {
                level: m.style.heading_level()?,
                style: m.style,
                number: m.number,
                range: p.start + m.range.start..p.start + m.range.end,
                unmarked: false,
            })
        })
        .collect()
}

/// The first two Han characters of a heading's title, to compare a
/// contents line with the heading it lists (`一、基本情况……3`), even when
/// one of the two has a typo further on.
fn title_key(p: &Paragraph, marker_len: usize) -> String {
    p.text[marker_len..]
        .chars()
        .filter(|&c| is_han(c))
        .take(2)
        .collect()
}

/// Where the body starts after a table of contents: a run of consecutive
/// headings, two or more of level 1, then (perhaps after an introduction)
/// a `一、` (or an `一` that lost its mark) from which the body's level-1
/// titles repeat most of the run's. `None` if the document has no contents.
fn contents_end(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    heads: &[Option<Head>],
) -> Option<usize> {
    let is_level1 = |h: &Option<Head>| h.as_ref().is_some_and(|h| h.level == 1);
    let first = heads.iter().position(is_level1)?;
    let marker_len = |i: usize| {
        heads[i]
            .as_ref()
            .map_or(0, |h| h.range.end - paragraphs[i].start)
    };
    // The contents: consecutive headings, up to a `一、` that starts over
    // with the first title (`一、主要做法` in the contents, a `二、` typed
    // wrong, does not).
    let first_key = title_key(&paragraphs[first], marker_len(first));
    let restarts = |i: usize| {
        heads[i]
            .as_ref()
            .is_some_and(|h| h.level == 1 && h.number == 1)
            && title_key(&paragraphs[i], marker_len(i)) == first_key
    };
    let run_end = first
        + 1
        + (first + 1..heads.len())
            .take_while(|&i| heads[i].is_some() && !restarts(i))
            .count();
    let listed: Vec<String> = (first..run_end)
        .filter(|&i| is_level1(&heads[i]))
        .map(|i| title_key(&paragraphs[i], marker_len(i)))
        .collect();
    if listed.len() < 2 {
        return None;
    }
    // The body's first heading after the run: `一、`, or `一` without its mark.
    let again =
        (run_end..heads.len()).find(|&i| heads[i].is_some() || bare_one(markers[i]).is_some())?;
    let first_len = match &heads[again] {
        Some(h) if h.level == 1 && h.number == 1 => marker_len(again),
        Some(_) => return None,
        None => bare_one(markers[again])?,
    };
    let mut body = vec![title_key(&paragraphs[again], first_len)];
    body.extend(
        (again + 1..heads.len())
            .filter(|&i| is_level1(&heads[i]))
            .take(listed.len() - 1)
            .map(|i| title_key(&paragraphs[i], marker_len(i))),
    );
    let same = listed
        .iter()
        .zip(&body)
        .filter(|(a, b)| a == b && !a.is_empty())
        .count();
    (2 * same >= listed.len()).then_some(again)
}

/// The end of an `一` that starts a paragraph without its mark.
fn bare_one(markers: &ParagraphMarkers) -> Option<usize> {
    markers
        .bare
        .first()
        .filter(|b| b.range.start == 0 && b.number == 1)
        .map(|b| b.range.end)
}

/// Level-1 headings that lost their `、` (`四加强队伍建设`): a paragraph
/// that starts with the level-1 number due next, glued to a word, where the
/// numbering around it shows a heading belongs — a `（一）` series opens
/// under it, the next level-1 heading counts on from it, or it is a short
/// line of a word after the numeral.
fn recover_unmarked_heads(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    mut heads: Vec<Option<Head>>,
    contents: Option<usize>,
) -> Vec<Option<Head>> {
    let n = paragraphs.len();
    let candidate = |i: usize| {
        heads[i].is_none() && markers[i].bare.first().is_some_and(|b| b.range.start == 0)
    };
    if !(0..n).any(candidate) {
        return heads;
    }
    // The next written heading, and the next written level-1 number, after
    // each paragraph.
    let mut next_written: Vec<Option<usize>> = vec![None; n];
    let mut next_level1: Vec<Option<u32>> = vec![None; n];
    for i in (0..n.saturating_sub(1)).rev() {
        next_written[i] = if heads[i + 1].is_some() {
            Some(i + 1)
        } else {
            next_written[i + 1]
        };
        next_level1[i] = match &heads[i + 1] {
            Some(h) if h.level == 1 => Some(h.number),
            _ => next_level1[i + 1],
        };
    }
    let mut last: Option<u32> = None;
    // Whether the last level-1 heading was a title sentence closed by a
    // full stop (`五、巡察利剑作用充分发挥。`, perhaps with its text run in).
    let mut last_run_in = false;
    for i in 0..n {
        if Some(i) == contents || part_heading(paragraphs, markers, &heads, i) {
            last = None;
        }
        if let Some(h) = &heads[i] {
            if h.level == 1 {
                last = Some(h.number);
                last_run_in = run_in(&paragraphs[i].text[h.range.end - paragraphs[i].start..]);
            }
            continue;
        }
        let Some(bare) = markers[i].bare.first().filter(|b| b.range.start == 0) else {
            continue;
        };
        let due = last.map_or(1, |n| n + 1);
        if bare.number != due {
            continue;
        }
        let next = next_written[i].and_then(|j| heads[j].as_ref());
        let opens_below = next.is_some_and(|h| h.level > 1 && h.number == 1);
        // The next level-1 heading counts on from it: the numeral can only
        // be the heading, whatever word it seems to start (`四下|一步`).
        let counted_on = next_level1[i] == Some(due + 1);
        let word = bare.apart && bare.before_word;
        let heading_like = markers[i].heading_like;
        let opens = opens_below && (bare.apart || bare.before_word || heading_like);
        let shaped = last.is_some() && heading_like && word;
        // A title sentence like the heading before it: `六队伍建设全面加强。`.
        let run_in_too = last_run_in && word && run_in(&paragraphs[i].text[bare.range.end..]);
        if counted_on || opens || shaped || run_in_too {
            let start = paragraphs[i].start;
            heads[i] = Some(Head {
                level: 1,
                style: MarkerStyle::Chinese,
                number: due,
                range: start + bare.range.start..start + bare.range.end,
                unmarked: true,
            });
            last = Some(due);
        }
    }
    heads
}

/// Whether a heading's text starts with a title sentence: at most a
/// heading's length, no clause inside, closed by a full stop, perhaps with
/// the section's text run in after it (`五、巡察利剑作用充分发挥。完成…`,
/// `六、锻造忠诚干净担当的纪检监察铁军。`).
fn run_in(title: &str) -> bool {
    title.split_once('。').is_some_and(|(first, _)| {
        !first.contains(['，', '；', '：', ',', ';', ':']) && first.chars().count() <= RUN_IN_TITLE
    })
}

/// The longest run-in title, in characters (GB/T 9704 headings run to a
/// line, about 28 characters at 3号 type).
const RUN_IN_TITLE: usize = 28;

/// A level-n series met again after a higher heading: the level, the
/// highest level crossed (`1` for `一、`), the number the series had
/// reached and the number it goes on with. `clean`: the stretch before was
/// nested in a heading of the level crossed, and no heading crossed
/// restarted its own open series: across `（三）` `一、` `（四）` with an
/// `一、` before, the boundary shows no house style.
#[derive(Debug, Clone, Copy)]
struct Boundary {
    level: u8,
    crossed: u8,
    reached: u32,
    resumes: u32,
    clean: bool,
}

/// How the document numbers each level across each kind of higher heading
/// (`crossed`: `Some(level)`), and each level across any (`None`): the
/// way most of its boundaries go, restarting on a tie; and whether it goes
/// both ways.
type Styles = HashMap<(u8, Option<u8>), (Numbering, bool)>;

fn numbering_styles(boundaries: &[Boundary]) -> Styles {
    let mut counts: HashMap<(u8, Option<u8>), (usize, usize)> = HashMap::new();
    for b in boundaries.iter().filter(|b| b.clean) {
        for key in [(b.level, Some(b.crossed)), (b.level, None)] {
            let c = counts.entry(key).or_default();
            if b.resumes == 1 {
                c.0 += 1;
            } else if b.resumes == b.reached + 1 {
                c.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (restarts, runs_on))| restarts + runs_on > 0)
        .map(|(key, (restarts, runs_on))| {
            let style = if runs_on > restarts {
                Numbering::RunsOn
            } else {
                Numbering::Restarts
            };
            (key, (style, restarts > 0 && runs_on > 0))
        })
        .collect()
}

/// The style of a boundary: that of its kind, or, where every boundary of
/// its kind is itself misnumbered, that of its level.
fn style_at(styles: &Styles, level: u8, crossed: u8) -> (Numbering, bool) {
    if let Some(&style) = styles.get(&(level, Some(crossed))) {
        return style;
    }
    styles
        .get(&(level, None))
        .map_or((Numbering::Restarts, false), |&(style, _)| (style, false))
}

/// Builds the series. `styles` says, per level and highest level crossed,
/// whether the level runs on (and whether the document mixes both ways);
/// with `boundaries`, every place where a closed series could resume is
/// recorded.
fn walk(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    heads: &[Option<Head>],
    contents: Option<usize>,
    styles: &Styles,
    mut boundaries: Option<&mut Vec<Boundary>>,
) -> Vec<Vec<Item>> {
    const LEVELS: usize = 6;
    let mut all: Vec<Vec<Item>> = Vec::new();
    let mut open_heading: [Option<usize>; LEVELS] = [None; LEVELS];
    // Series closed by a higher heading, with the highest level crossed
    // since and whether every heading crossed was in sequence.
    let mut closed: [Option<(usize, u8, bool)>; LEVELS] = [None; LEVELS];
    // The levels above each level's current stretch of items: a list of
    // `1.` straight under `一、` is not nested in the `（一）` after it.
    let mut nested_in: [[bool; LEVELS]; LEVELS] = [[false; LEVELS]; LEVELS];
    let mut open_inline: [Option<usize>; 3] = [None; 3];
    // The Markdown depth each level's headings are set at, and the levels
    // whose next item follows an unreadable sibling.
    let mut md_depth: [Option<u8>; LEVELS] = [None; LEVELS];
    let mut resync = [false; LEVELS];
    // Pass 1 (collecting boundaries) needs the headings only.
    let with_inline = boundaries.is_none();
    let upcoming = if with_inline {
        upcoming_inline(paragraphs, markers, heads)
    } else {
        Upcoming {
            first: Vec::new(),
            numbers: Vec::new(),
        }
    };

    for (i, (p, m)) in paragraphs.iter().zip(markers).enumerate() {
        if Some(i) == contents {
            open_heading = [None; LEVELS];
            closed = [None; LEVELS];
            open_inline = [None; 3];
        }
        let head = heads[i].as_ref();
        let part = head.is_none() && part_heading(paragraphs, markers, heads, i);
        if let (Some(h), Some(depth)) = (head, p.heading_depth) {
            md_depth[h.level as usize] = Some(depth);
        }
        if p.heading_depth.is_some() || head.is_some() || part {
            open_inline = [None; 3];
            let level = match (head, p.heading_depth) {
                (Some(h), _) => h.level,
                // A Markdown heading without a marker closes the series
                // set as deeper headings, not those above it (`###` under
                // `## 一、` leaves 一、 open); one at the depth of an open
                // series is a sibling whose marker is unreadable.
                (None, Some(depth)) if !part => {
                    for l in 1..LEVELS {
                        if md_depth[l] == Some(depth) && open_heading[l].is_some() {
                            resync[l] = true;
                        }
                    }
                    (1..LEVELS)
                        .filter(|&l| {
                            md_depth[l].is_some_and(|d| d < depth)
                                || (md_depth[l] == Some(depth) && open_heading[l].is_some())
                        })
                        .max()
                        .unwrap_or(0) as u8
                }
                _ => 0,
            };
            // `一、` while a level-1 series is open: a list restarting
            // where a section belongs (`1.` `一、` `二、` `2.`), no section
            // a house style could number across.
            let in_sequence = head.is_none_or(|h| {
                !(h.number == 1
                    && open_heading[level as usize].is_some_and(|idx| !all[idx].is_empty()))
            });
            for l in level as usize + 1..LEVELS {
                if let Some(idx) = open_heading[l].take() {
                    closed[l] = Some((idx, level, in_sequence));
                } else if let Some((_, crossed, clean)) = closed[l].as_mut() {
                    *crossed = (*crossed).min(level);
                    *clean &= in_sequence;
                }
            }
        }
        if let Some(h) = head {
            let level = h.level as usize;
            let mut against = None;
            let idx = match (open_heading[level], closed[level].take()) {
                (Some(idx), _) => idx,
                (None, Some((prev, crossed, in_sequence))) if crossed >= 1 => {
                    let reached = all[prev].last().map_or(0, |it| it.number);
                    let clean = in_sequence && nested_in[level][crossed as usize];
                    if let Some(b) = boundaries.as_deref_mut() {
                        b.push(Boundary {
                            level: h.level,
                            crossed,
                            reached,
                            resumes: h.number,
                            clean,
                        });
                    }
                    let (style, mixed) = style_at(styles, h.level, crossed);
                    let went = if h.number == 1 {
                        Some(Numbering::Restarts)
                    } else if h.number == reached + 1 {
                        Some(Numbering::RunsOn)
                    } else {
                        None
                    };
                    if mixed && went.is_some_and(|w| w != style) {
                        against = Some(style);
                    }
                    if style == Numbering::RunsOn {
                        prev
                    } else {
                        all.push(Vec::new());
                        all.len() - 1
                    }
                }
                (None, _) => {
                    all.push(Vec::new());
                    all.len() - 1
                }
            };
            if open_heading[level].is_none() {
                for l in 0..level {
                    nested_in[level][l] = open_heading[l].is_some();
                }
            }
            open_heading[level] = Some(idx);
            all[idx].push(Item {
                style: h.style,
                number: h.number,
                range: h.range.clone(),
                unmarked: h.unmarked,
                against,
                resync: std::mem::take(&mut resync[level]),
            });
        }

        if !with_inline {
            continue;
        }
        let head_is_bare = head.is_some_and(|h| h.unmarked);
        let mut bare = m
            .bare
            .iter()
            .filter(|b| !(head_is_bare && b.range.start == 0))
            .peekable();
        let mut inline = m.inline.iter().enumerate().peekable();
        loop {
            let take_bare = match (inline.peek(), bare.peek()) {
                (Some((_, mk)), Some(b)) => b.range.start < mk.range.start,
                (None, Some(_)) => true,
                (_, None) => false,
            };
            if take_bare {
                let b = bare.next().expect("peeked");
                let slot = InlineForm::Shi.index();
                let Some(idx) = open_inline[slot] else {
                    continue;
                };
                let reached = all[idx].last().map_or(0, |it| it.number);
                let then = inline
                    .peek()
                    .map(|&(_, mk)| mk)
                    .filter(|mk| mk.style == MarkerStyle::Shi);
                let counted_on = then.is_some_and(|mk| mk.number == b.number + 1);
                // `一是…；二是…；三做实…`: the series' last item is in this
                // paragraph and the numeral stands alone before a verb,
                // not a quantity (`三对夫妻`, `三家企业`).
                let here = all[idx].last().is_some_and(|it| it.range.start >= p.start);
                let quantity = p.text[b.range.end..]
                    .chars()
                    .next()
                    .is_none_or(|c| MEASURE_WORDS.contains(c));
                let confirmed = b.apart && b.before_word
                    || counted_on && (b.apart || b.before_word)
                    || here && b.apart && !quantity;
                if b.number == reached + 1 && confirmed {
                    all[idx].push(Item {
                        style: MarkerStyle::Shi,
                        number: b.number,
                        range: p.start + b.range.start..p.start + b.range.end,
                        unmarked: true,
                        against: None,
                        resync: false,
                    });
                }
                continue;
            }
            let Some((j, mk)) = inline.next() else {
                break;
            };
            let Some(form) = mk.style.inline_form() else {
                continue;
            };
            let slot = &mut open_inline[form.index()];
            // `一是 一是 三是`: the second `一是` is the series' `二是`
            // mistyped, not a new series.
            let reached = slot.and_then(|idx| all[idx].last()).map(|it| it.number);
            let mistyped = reached.is_some_and(|r| upcoming.get(i, j) == Some(r + 2));
            if (mk.number == 1 && !mistyped) || slot.is_none() {
                all.push(Vec::new());
                *slot = Some(all.len() - 1);
            }
            let idx = slot.expect("just opened");
            all[idx].push(Item {
                style: mk.style,
                number: mk.number,
                range: p.start + mk.range.start..p.start + mk.range.end,
                unmarked: false,
                against: None,
                resync: false,
            });
        }
    }
    all
}

/// For each inline marker, the number of the next marker of its form
/// before a heading ends the series: [`Upcoming::get`]`(i, j)` for marker
/// `j` of paragraph `i`.
struct Upcoming {
    /// Where each paragraph's markers start in `numbers`.
    first: Vec<usize>,
    numbers: Vec<Option<u32>>,
}

impl Upcoming {
    fn get(&self, paragraph: usize, marker: usize) -> Option<u32> {
        self.numbers
            .get(self.first.get(paragraph)? + marker)
            .copied()
            .flatten()
    }
}

fn upcoming_inline(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    heads: &[Option<Head>],
) -> Upcoming {
    let mut first = Vec::with_capacity(markers.len());
    let mut total = 0;
    for m in markers {
        first.push(total);
        total += m.inline.len();
    }
    let mut numbers = vec![None; total];
    let mut next: [Option<u32>; 3] = [None; 3];
    for i in (0..paragraphs.len()).rev() {
        for (j, mk) in markers[i].inline.iter().enumerate().rev() {
            if let Some(form) = mk.style.inline_form() {
                numbers[first[i] + j] = next[form.index()];
                next[form.index()] = Some(mk.number);
            }
        }
        if heads[i].is_some() || paragraphs[i].heading_depth.is_some() {
            next = [None; 3];
        }
    }
    Upcoming { first, numbers }
}

/// What each item of a series should be numbered, when it is wrong.
/// A mismatch followed by the number that would come next is a typo in
/// one item (`一是 三是 三是`); otherwise the count resumes from the
/// written number (`一是 三是 四是` reports only the skip).
fn expectations(items: &[Item]) -> Vec<(usize, u32)> {
    let mut wrong = Vec::new();
    let mut expected = 1;
    for (i, item) in items.iter().enumerate() {
        if item.number == expected || item.resync {
            expected = item.number + 1;
            continue;
        }
        wrong.push((i, expected));
        if items.get(i + 1).map(|n| n.number) == Some(expected + 1) {
            expected += 1;
        } else {
            expected = item.number + 1;
        }
    }
    wrong
}

pub fn check(series: &[Vec<Item>], out: &mut Vec<Finding>) {
    for items in series {
        let wrong = expectations(items);
        for (i, item) in items.iter().enumerate() {
            if item.unmarked && !wrong.iter().any(|w| w.0 == i) {
                let right = item.style.render(item.number);
                let numeral = right.trim_end_matches(['、', '是']);
                let mark = if item.style == MarkerStyle::Shi {
                    "“是”"
                } else {
                    "顿号"
                };
                let what = if item.style == MarkerStyle::Shi {
                    "行内序号"
                } else {
                    "标题序号"
                };
                out.push(
                    Finding::new(
                        Rule::Misnumbered,
                        item.range.clone(),
                        format!("{what}“{numeral}”后缺少{mark}，应为“{right}”"),
                    )
                    .with_fix(right),
                );
            }
        }
        for (i, expected) in wrong {
            let item = &items[i];
            let want = item.style.render(expected);
            let got = item.style.render(item.number);
            let mut message = if i == 0 {
                format!("序号应从“{}”开始，这里是“{got}”", item.style.render(1))
            } else {
                let prev = items[i - 1].style.render(items[i - 1].number);
                if items[..i].iter().any(|x| x.number == item.number) {
                    format!("序号“{got}”重复，应为“{want}”")
                } else if item.number < expected {
                    format!("序号倒退：上一项是“{prev}”，这里应为“{want}”")
                } else {
                    format!("序号跳号：上一项是“{prev}”，这里应为“{want}”")
                }
            };
            match item.against {
                Some(Numbering::RunsOn) => {
                    message.push_str("（本文这一级序号在各部分之间连续编号）");
                }
                Some(Numbering::Restarts) => {
                    message.push_str("（本文这一级序号在各部分内重新编号）");
                }
                None => {}
            }
            out.push(Finding::new(Rule::Misnumbered, item.range.clone(), message).with_fix(want));
        }
    }
}

/// For each of `ats`, the edits that renumber the series containing the
/// marker there, from that item to the end, counting on from the item
/// before it. The series are found once for all of them.
pub fn renumberings(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    ats: &[usize],
) -> Vec<Option<Renumbering>> {
    let all = series(paragraphs, markers);
    ats.iter().map(|&at| renumbering(&all, at)).collect()
}

/// The edits that renumber a list: each marker's range and its new text.
pub type Renumbering = Vec<(Range<usize>, String)>;

fn renumbering(all: &[Vec<Item>], at: usize) -> Option<Renumbering> {
    let (items, pos) = all.iter().find_map(|items| {
        items
            .iter()
            .position(|it| it.range.contains(&at) || it.range.start == at)
            .map(|pos| (items, pos))
    })?;
    let first = if pos == 0 {
        1
    } else {
        items[pos - 1].number + 1
    };
    let edits: Vec<_> = items[pos..]
        .iter()
        .zip(first..)
        .filter(|(item, n)| item.number != *n)
        .map(|(item, n)| (item.range.clone(), item.style.render(n)))
        .collect();
    (!edits.is_empty()).then_some(edits)
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{self, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::Misnumbered, &DEFAULT)
    }

    fn fixes(text: &str) -> Vec<String> {
        testing::fixes(text, Rule::Misnumbered)
            .into_iter()
            .map(|(_, fix)| fix.unwrap())
            .collect()
    }

    #[test]
    fn inline_skip_repeat_backwards_and_start() {
        assert_eq!(fixes("一是学习。三是落实。四是考核。"), ["二是"]);
        assert_eq!(fixes("一是学习。三是落实。三是考核。"), ["二是"]);
        assert_eq!(fixes("一是学习。二是落实。二是考核。四是总结。"), ["三是"]);
        assert_eq!(fixes("一是学习。二是落实。三是考核。二是总结。"), ["四是"]);
        assert_eq!(fixes("标题\n二是学习。三是落实。"), ["一是"]);
        assert_eq!(fixes("第一，学习；第三，落实。"), ["第二，"]);
        assert_eq!(fixes("其一，学习；其三，落实。"), ["其二，"]);
    }

    #[test]
    fn heading_levels_and_scopes() {
        let text = "一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n（三）子\n四、丁\n";
        assert_eq!(fixes(text), ["（二）", "三、"]);
        let text = "一、甲\n1.子\n2.子\n（1）孙\n（3）孙\n3.子\n";
        assert_eq!(fixes(text), ["（2）"]);
        assert_eq!(fixes("①甲\n②乙\n④丙\n"), ["③"]);
        assert_eq!(fixes("(一)甲\n(三)乙\n"), ["(二)"]);
    }

    #[test]
    fn inline_series_spans_paragraphs_and_ends_at_headings() {
        assert_eq!(
            hits("一是学习。\n二是落实。\n三是考核。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("一、甲\n一是学习。二是落实。\n二、乙\n一是学习。二是落实。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("存在问题：一是甲。二是乙。\n下一步：一是丙。二是丁。三是戊。"),
            Vec::<String>::new()
        );
        assert_eq!(
            hits("一、强化政治统领，坚定拥护。一是甲。二是乙。\n二、高擎旗帜。一是丙。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn look_alikes_are_not_markers() {
        for text in [
            "一、二季度经济平稳",
            "获得一、二等奖",
            "思想统一是前提。唯一是目标。之一是",
            "2023.5亿元\n2024.6亿元",
            "第一次会议。第三次会议。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    fn found(text: &str) -> Vec<(String, String)> {
        testing::fixes(text, Rule::Misnumbered)
            .into_iter()
            .map(|(flagged, fix)| (flagged, fix.unwrap()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_table_of_contents_is_not_a_repeated_series() {
        for text in [
            "年度报告\n目  录\n一、总体情况\n二、主要做法\n三、下一步打算\n现将情况报告如下。\n一、总体情况\n正文。\n二、主要做法\n正文。\n三、下一步打算\n正文。\n",
            "目录\n一、总体情况……1\n（一）基本数据……1\n二、主要做法……3\n一、总体情况\n（一）基本数据\n正文。\n（二）对比分析\n二、主要做法\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
        // A typo in one title does not hide the contents.
        let text = "目录\n一、基本情况\n二、ＸＸ做法\n三、存在问题\n一、基本情况\n正文。\n二、主要做法\n正文。\n三、存在问题\n";
        assert_eq!(hits(text), Vec::<String>::new());
        // The body is still counted.
        let text = "目录\n一、总体情况\n二、主要做法\n三、下一步打算\n一、总体情况\n正文。\n二、主要做法\n正文。\n四、下一步打算\n";
        assert_eq!(fixes(text), ["三、"]);
        // Headings repeated after body text are no contents.
        let text = "一、总体情况\n正文。\n二、主要做法\n正文。\n一、总体情况\n正文。\n";
        assert_eq!(fixes(text), ["三、"]);
        // Nor is a run of headings whose first title does not come back.
        let text = "一、总体情况\n二、主要做法\n一、存在问题\n";
        assert_eq!(fixes(text), ["三、"]);
    }

    #[test]
    fn a_heading_that_lost_its_mark_is_reported_where_it_is() {
        let text = "一、甲\n正文。\n二、乙\n正文。\n三、丙\n（一）子\n（二）子\n四加强队伍建设\n（一）子\n（二）子\n";
        assert_eq!(found(text), pairs(&[("四", "四、")]));
        let f = testing::findings(text, &DEFAULT);
        assert!(f[0].message.contains("缺少顿号"), "{}", f[0].message);
        // Before the next level-1 heading, with body text and no sub-series.
        let text = "一、甲\n正文。\n二完善工作机制，推动落实。正文。\n三、丙\n";
        assert_eq!(found(text), pairs(&[("二", "二、")]));
        // A short heading-like line after the last heading.
        let text = "一、甲\n正文。\n二、乙\n正文。\n三持续深化改革\n正文。\n";
        assert_eq!(found(text), pairs(&[("三", "三、")]));
        // The first heading, with 二、 after it.
        let text = "一总体情况\n正文。\n二、主要做法\n";
        assert_eq!(found(text), pairs(&[("一", "一、")]));
    }

    #[test]
    fn numerals_that_start_a_sentence_are_no_lost_marks() {
        for text in [
            "一、甲\n正文。\n二、乙\n三年来，我们坚持学习，成效明显。\n",
            "一、甲\n二、乙\n三项制度落实到位\n",
            "一、甲\n二、乙\n三严三实要求贯穿始终。\n",
            "一、甲\n二、乙\n正文。\n四加强队伍建设\n",
            "一、甲\n二、乙\n三下乡活动深入开展\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn an_inline_item_that_lost_its_shi_is_reported() {
        assert_eq!(
            found("一是加强学习。二是严格管理。三加强考核，确保实效。"),
            pairs(&[("三", "三是")])
        );
        assert_eq!(
            found("一是加强学习；\n二是严格管理；\n三强化监督。\n"),
            pairs(&[("三", "三是")])
        );
        // `三|下|乡` is no word after the numeral, but 四是 follows.
        assert_eq!(
            found("一是学习。二是落实。三下基层调研。四是总结。"),
            pairs(&[("三", "三是")])
        );
        for text in [
            "一是加强学习。二是严格管理。三年来成效明显。",
            "一是加强学习，二是严格管理，四风问题明显减少。",
            "一是加强学习。二是严格管理。三下乡活动开展顺利。",
            "加强学习。三加强考核。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    /// A report in parts (a government report's review and plan, a
    /// speech's parts) numbers each part's sections afresh after the part's
    /// own unnumbered title.
    #[test]
    fn each_part_numbers_its_sections_afresh() {
        for text in [
            "2024年工作回顾\n一、甲。\n二、乙。\n三、丙。\n2025年工作安排\n一、丁。\n二、戊。\n",
            "第一部分 过去五年的工作\n一、甲\n正文。\n二、乙\n正文。\n第二部分 今后五年的任务\n一、丁\n正文。\n二、戊\n正文。\n",
            // The part's title, then an introduction, then its `一、`.
            "一、甲。正文。\n二、乙。正文。\n2025年主要任务\n今年是收官之年，重点抓好以下工作。\n一、丙。\n二、丁。\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
        // No title between: the `一、` is a repeated number.
        assert_eq!(
            fixes("一、甲。\n正文。\n二、乙。\n正文。\n一、丙。\n"),
            ["三、"]
        );
        // A sentence, or a line that introduces a list, is no part's title.
        assert_eq!(
            fixes("一、甲。\n正文。\n二、乙。\n下一步，我们将重点抓好以下工作：\n一、丙。\n"),
            ["三、"]
        );
        // A heading that lost its mark is no part's title.
        assert_eq!(
            found("一、甲\n正文。\n二、乙\n正文。\n三加强队伍建设\n正文。\n"),
            pairs(&[("三", "三、")])
        );
    }

    #[test]
    fn a_title_sentence_that_lost_its_mark_is_reported() {
        // Headings written as one short sentence, the section run in after.
        let text = "一、政治监督精准有力。全年开展专项监督。\n二、作风建设持续深化。查处问题23起。\n三惩治腐败高压态势持续保持。全年立案153件。\n";
        assert_eq!(found(text), pairs(&[("三", "三、")]));
        let text = "一、强化政治监督。\n二、纠治“四风”。\n三推进反腐败斗争。\n";
        assert_eq!(found(text), pairs(&[("三", "三、")]));
        // The first heading of a part, after the part's title.
        let text = "一、甲。正文。\n二、乙。正文。\n2025年主要任务\n一强化政治监督。正文。\n二、纠治“四风”。正文。\n";
        assert_eq!(found(text), pairs(&[("一", "一、")]));
        // Not after headings of another shape, nor a sentence of a clause.
        for text in [
            "一、甲\n正文。\n二、乙\n正文。\n三严三实要求贯彻始终。\n",
            "一、政治监督精准有力。全年开展专项监督。\n二、作风建设持续深化。查处问题23起。\n三年来，全县立案153件。\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_contents_line_typed_wrong_does_not_hide_the_contents() {
        let text = "目录\n一、基本情况\n一、主要做法\n三、存在问题\n一、基本情况\n正文。\n二、主要做法\n正文。\n三、存在问题\n正文。\n";
        assert_eq!(found(text), pairs(&[("一、", "二、")]));
        let text = "目录\n一、基本情况\n二、主要做法\n三、存在问题\n四对策建议\n为了解情况，开展调研。\n一、基本情况\n正文。\n二、主要做法\n正文。\n三、存在问题\n正文。\n四、对策建议\n正文。\n";
        assert_eq!(found(text), pairs(&[("四", "四、")]));
    }

    #[test]
    fn an_item_that_lost_its_shi_before_a_one_character_verb() {
        assert_eq!(
            found("一是加强学习；二是严格管理；三做实结对共建。"),
            pairs(&[("三", "三是")])
        );
        // A numeral counting with a measure word is a quantity.
        for text in [
            "一是加强学习；二是严格管理；三对夫妻获评文明家庭。",
            "一是加强学习；二是严格管理。\n三家企业获评示范单位。",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn markdown_headings_without_a_marker_close_only_the_levels_below() {
        use crate::engine::testing::flagged_md;
        // `### 二）…` is a sibling of `### （一）` whose marker cannot be
        // read: 一、 and 二、 above stay one series, and （三） is not judged.
        let text = "## 一、甲\n\n### （一）子\n\n正文。\n\n### 二）子\n\n正文。\n\n### （三）子\n\n正文。\n\n## 二、乙\n\n正文。\n";
        assert_eq!(flagged_md(text, Rule::Misnumbered), Vec::<String>::new());
        // An unnumbered heading above the series still closes it.
        let text = "## 一、甲\n\n正文。\n\n# 附件\n\n## 二、乙\n\n正文。\n";
        assert_eq!(flagged_md(text, Rule::Misnumbered), ["二、"]);
        // A `###` without a marker under `## 一、` leaves 一、 open.
        let text = "## 一、甲\n\n### 小结\n\n正文。\n\n## 二、乙\n\n正文。\n";
        assert_eq!(flagged_md(text, Rule::Misnumbered), Vec::<String>::new());
    }

    #[test]
    fn numbering_that_runs_on_throughout_is_a_house_style() {
        for text in [
            "一、甲\n（一）子\n（二）子\n二、乙\n（三）子\n（四）子\n三、丙\n（五）子\n",
            "一、甲\n（一）子\n1.孙\n2.孙\n（二）子\n3.孙\n4.孙\n二、乙\n（一）子\n1.孙\n（二）子\n2.孙\n",
            "一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n三、丙\n（一）子\n",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_document_that_numbers_both_ways_is_reported_against_its_majority() {
        let text = "一、甲\n（一）子\n（二）子\n二、乙\n（三）子\n三、丙\n（一）子\n（二）子\n四、丁\n（一）子\n";
        assert_eq!(found(text), pairs(&[("（三）", "（一）")]));
        let f = testing::findings(text, &DEFAULT);
        assert!(f[0].message.contains("重新编号"), "{}", f[0].message);

        let text = "一、甲\n（一）子\n（二）子\n二、乙\n（三）子\n（四）子\n三、丙\n（五）子\n四、丁\n（一）子\n";
        assert_eq!(found(text), pairs(&[("（一）", "（六）")]));
        let f = testing::findings(text, &DEFAULT);
        assert!(f[0].message.contains("连续编号"), "{}", f[0].message);
    }

    #[test]
    fn an_item_mistyped_as_the_first_continues_its_series() {
        assert_eq!(
            found("一是学习。一是落实。三是考核。"),
            pairs(&[("一是", "二是")])
        );
        assert_eq!(
            found("第一，学习；第一，落实；第三，考核。"),
            pairs(&[("第一，", "第二，")])
        );
        // A new series that starts at 一是 is a new series.
        assert_eq!(
            hits("一是甲。二是乙。\n一是丙。二是丁。"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_misnumbered_boundary_takes_the_style_of_its_level() {
        // 1.–6. run on across （一）（二）and 二、; the 4. mistyped as 5.
        // does not make the 5. under 二、 start a new list.
        let text =
            "一、甲\n（一）子\n1.孙\n2.孙\n（二）子\n3.孙\n5.孙\n二、乙\n（一）子\n5.孙\n6.孙\n";
        assert_eq!(found(text), pairs(&[("5.", "4.")]));
    }

    #[test]
    fn renumbering_counts_on_from_the_item_before() {
        use crate::engine::markers::ParagraphMarkers;
        use crate::engine::text::{DocumentKind, Prepared};
        let text = "一是甲。三是乙。五是丙。";
        let prepared = Prepared::new(text, DocumentKind::PlainText);
        let paragraphs: Vec<_> = prepared.paragraphs().collect();
        let markers: Vec<_> = paragraphs
            .iter()
            .map(|p| ParagraphMarkers::of(p.text))
            .collect();
        let refs: Vec<&ParagraphMarkers> = markers.iter().collect();
        let at = text.find("三是").unwrap();
        let edits = super::renumberings(&paragraphs, &refs, &[at])
            .remove(0)
            .unwrap();
        let got: Vec<&str> = edits.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(got, ["二是", "三是"]);
    }
}
