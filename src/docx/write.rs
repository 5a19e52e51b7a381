//! `annotate`: a copy of the package with every finding as a Word comment
//! and, on request, the safe fixes as tracked changes.
//!
//! Only the XML parts that hold flagged text are rewritten, and in them only
//! the runs that hold flagged characters: such a run is split where a
//! comment starts or ends or a change begins, each piece keeping the run's
//! properties (`w:rPr` copied byte for byte). Every other byte of those
//! parts, and every other entry of the zip (copied compressed, as it was),
//! is unchanged. The comments go into `word/comments.xml`, created (with its
//! relationship and content type) or extended.
//!
//! A comment covers the flagged characters that came from the document's
//! runs; a finding on text the writer cannot edit — a numbering marker
//! Word draws — gets a comment at the nearest character of its paragraph,
//! and one in a footnote or endnote a comment around the note's reference
//! mark in the text (LibreOffice cannot load a comment inside a note).
//! A fix becomes a tracked change only where every character it replaces
//! is ordinary run text outside existing revisions, fields and
//! `mc:AlternateContent`; otherwise the comment still suggests it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::package::{self, Package};
use super::read::{ChildKind, Document, ParagraphKind, Run};
use super::xml;
use super::DocxError;
use crate::engine::text::floor_char_boundary;
use crate::engine::{self, Finding};

pub struct AnnotateOptions<'a> {
    /// Apply the safe fixes as tracked changes.
    pub fix: bool,
    pub author: &'a str,
    /// `w:date` of comments and revisions, ISO 8601 (`2024-05-01T09:30:00Z`).
    pub date: &'a str,
}

pub struct Annotated {
    /// The new `.docx`.
    pub bytes: Vec<u8>,
    pub comments: usize,
    /// Safe fixes written as tracked changes.
    pub revisions: usize,
}

const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// Something written between the pieces of a run.
#[derive(Debug, Clone)]
enum Markup {
    CommentStart(u64),
    /// The end of a comment's range and its reference mark.
    CommentEnd(u64),
    /// Inserted text (a fix), in the run's formatting.
    Insert(String),
}

/// What happens inside one run.
#[derive(Debug, Default)]
struct RunEdits {
    /// Written just before the character at this text offset.
    before: BTreeMap<usize, Vec<Markup>>,
    /// Written just after the character that ends at this text offset.
    after: BTreeMap<usize, Vec<Markup>>,
    deleted: Vec<Range<usize>>,
}

impl RunEdits {
    fn is_deleted(&self, at: usize) -> bool {
        self.deleted.iter().any(|r| r.contains(&at))
    }

    fn cuts(&self, within: Range<usize>) -> Vec<usize> {
        let mut cuts: Vec<usize> = self
            .before
            .range(within.clone())
            .map(|(k, _)| *k)
            .chain(
                self.after
                    .range(within.start + 1..within.end)
                    .map(|(k, _)| *k),
            )
            .chain(self.deleted.iter().flat_map(|r| [r.start, r.end]))
            .filter(|c| within.contains(c))
            .chain([within.start, within.end])
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }
}

/// Where a comment goes when none of its characters can carry it.
enum Point {
    Before(usize),
    After(usize),
    ParagraphStart(usize),
}

/// Element names with the part's own prefix for WordprocessingML.
struct Names {
    prefix: String,
}

impl Names {
    fn of(xml_text: &str) -> Names {
        Names {
            prefix: xml::w_prefix(xml_text).unwrap_or_else(|| "w".to_string()),
        }
    }

    fn n(&self, local: &str) -> String {
        if self.prefix.is_empty() {
            local.to_string()
        } else {
            format!("{}:{local}", self.prefix)
        }
    }
}

struct Plan<'a> {
    doc: &'a Document,
    options: &'a AnnotateOptions<'a>,
    runs: HashMap<usize, RunEdits>,
    /// Per part: XML to insert at a byte offset (comments on paragraphs
    /// with nothing to anchor them in a run).
    inserts: HashMap<usize, Vec<(usize, String)>>,
    next_id: u64,
    paragraph_starts: Vec<usize>,
}

impl<'a> Plan<'a> {
    fn paragraph_of(&self, offset: usize) -> usize {
        self.paragraph_starts.partition_point(|&s| s <= offset) - 1
    }

    fn paragraph_range(&self, index: usize) -> Range<usize> {
        let start = self.paragraph_starts[index];
        let end = self
            .paragraph_starts
            .get(index + 1)
            .map_or(self.doc.text.len(), |next| next - 1);
        start..end
    }

    fn run_of(&self, offset: usize) -> Option<usize> {
        self.doc.atom_at(offset).map(|a| a.run)
    }

    fn add(&mut self, run: usize, before: Option<usize>, after: Option<usize>, m: Markup) {
        let edits = self.runs.entry(run).or_default();
        if let Some(at) = before {
            edits.before.entry(at).or_default().push(m);
        } else if let Some(at) = after {
            edits.after.entry(at).or_default().push(m);
        }
    }

    fn add_before(&mut self, at: usize, m: Markup) -> bool {
        match self.run_of(at) {
            Some(run) => {
                self.add(run, Some(at), None, m);
                true
            }
            None => false,
        }
    }

    fn add_after(&mut self, end: usize, m: Markup) -> bool {
        let last = floor_char_boundary(&self.doc.text, end.saturating_sub(1));
        match (end > 0).then(|| self.run_of(last)).flatten() {
            Some(run) => {
                self.add(run, None, Some(end), m);
                true
            }
            None => false,
        }
    }

    /// The characters of `range` that came from runs: first start, last end.
    fn real_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        let atoms = &self.doc.atoms;
        let first = atoms.partition_point(|a| a.flat.end <= range.start);
        let mut span: Option<Range<usize>> = None;
        for a in atoms[first..]
            .iter()
            .take_while(|a| a.flat.start < range.end)
        {
            let piece = a.flat.start.max(range.start)..a.flat.end.min(range.end);
            if piece.is_empty() {
                continue;
            }
            span = Some(match span {
                None => piece,
                Some(s) => s.start..piece.end,
            });
        }
        span
    }

    /// The nearest character of the paragraph to carry a comment on `range`.
    fn point_near(&self, range: Range<usize>) -> Option<Point> {
        let paragraph = self.paragraph_of(range.start);
        let bounds = self.paragraph_range(paragraph);
        let atoms = &self.doc.atoms;
        let next = atoms.partition_point(|a| a.flat.end <= range.end);
        if let Some(a) = atoms.get(next).filter(|a| a.flat.start < bounds.end) {
            return Some(Point::Before(a.flat.start.max(range.end)));
        }
        let prev = atoms.partition_point(|a| a.flat.start < range.start);
        if let Some(a) = prev
            .checked_sub(1)
            .map(|i| &atoms[i])
            .filter(|a| a.flat.end > bounds.start)
        {
            return Some(Point::After(a.flat.end.min(range.start)));
        }
        self.doc.paragraphs[paragraph]
            .content_at
            .map(|_| Point::ParagraphStart(paragraph))
    }

    /// Whether `range` may be replaced by a tracked change.
    fn fixable(&self, range: Range<usize>, replacement: &str) -> bool {
        let text = &self.doc.text;
        if replacement.contains(['\t', '\n', '\r', '\u{2028}'])
            || text[range.clone()].contains('\n')
        {
            return false;
        }
        if range.is_empty() {
            if replacement.is_empty() {
                return false;
            }
            // Inserted after the character before, or else before the one after.
            let editable = |at: usize| {
                self.doc.atom_at(at).is_some_and(|a| a.editable)
                    && self.paragraph_of(at) == self.paragraph_of(range.start)
            };
            let before = range
                .start
                .checked_sub(1)
                .map(|i| floor_char_boundary(text, i));
            return match before.filter(|&b| self.doc.atom_at(b).is_some()) {
                Some(b) => editable(b),
                None => editable(range.start),
            };
        }
        // Every character covered by editable atoms.
        let mut at = range.start;
        while at < range.end {
            match self.doc.atom_at(at) {
                Some(a) if a.editable => at = a.flat.end,
                _ => return false,
            }
        }
        true
    }

    fn add_fix(&mut self, range: Range<usize>, replacement: &str) {
        let atoms = &self.doc.atoms;
        let first = atoms.partition_point(|a| a.flat.end <= range.start);
        let pieces: Vec<(usize, Range<usize>)> = atoms[first..]
            .iter()
            .take_while(|a| a.flat.start < range.end)
            .map(|a| {
                (
                    a.run,
                    a.flat.start.max(range.start)..a.flat.end.min(range.end),
                )
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        for (run, piece) in pieces {
            self.runs.entry(run).or_default().deleted.push(piece);
        }
        if !replacement.is_empty() {
            let insert = Markup::Insert(replacement.to_string());
            if !self.add_after(range.end, insert.clone()) {
                self.add_before(range.start, insert);
            }
        }
    }

    /// A finding in a footnote or endnote: its comment goes around the
    /// note's reference mark in the text. LibreOffice (7.4) refuses to open
    /// a document with a comment inside a note, and cannot show one there.
    fn add_note_comment(&mut self, id: u64, paragraph: usize) -> bool {
        let Some(run) = self.doc.note_reference(paragraph) else {
            return false;
        };
        let run = &self.doc.runs[run];
        let names = Names::of(&self.doc.parts[run.part].xml);
        let (mut start, mut end) = (String::new(), String::new());
        write_markup(&mut start, &names, &Markup::CommentStart(id), "", "", None);
        write_markup(&mut end, &names, &Markup::CommentEnd(id), "", "", None);
        let inserts = self.inserts.entry(run.part).or_default();
        inserts.push((run.span.start, start));
        inserts.push((run.span.end, end));
        true
    }

    fn add_comment(&mut self, id: u64, range: Range<usize>) -> bool {
        let paragraph = self.paragraph_of(range.start);
        if self.doc.paragraphs[paragraph].note.is_some() {
            return self.add_note_comment(id, paragraph);
        }
        if let Some(span) = self.real_span(range.clone()) {
            return self.add_before(span.start, Markup::CommentStart(id))
                && self.add_after(span.end, Markup::CommentEnd(id));
        }
        match self.point_near(range) {
            Some(Point::Before(at)) => {
                self.add_before(at, Markup::CommentStart(id))
                    && self.add_before(at, Markup::CommentEnd(id))
            }
            Some(Point::After(at)) => {
                self.add_after(at, Markup::CommentStart(id))
                    && self.add_after(at, Markup::CommentEnd(id))
            }
            Some(Point::ParagraphStart(p)) => {
                let info = &self.doc.paragraphs[p];
                let Some(at) = info.content_at else {
                    return false;
                };
                let names = Names::of(&self.doc.parts[info.part].xml);
                let mut x = String::new();
                write_markup(&mut x, &names, &Markup::CommentStart(id), "", "", None);
                write_markup(&mut x, &names, &Markup::CommentEnd(id), "", "", None);
                self.inserts.entry(info.part).or_default().push((at, x));
                true
            }
            None => false,
        }
    }
}

/// Writes the annotated package.
pub fn annotate(
    original: &[u8],
    doc: &Document,
    findings: &[Finding],
    options: &AnnotateOptions,
) -> Result<Annotated, DocxError> {
    let mut package = Package::open(original, false)?;
    let dir = doc
        .main_part
        .rsplit_once('/')
        .map_or("", |(d, _)| d)
        .to_string();
    let comments_name = doc
        .main_rels
        .iter()
        .find(|r| r.kind == "comments")
        .map(|r| r.target.clone());
    let existing_comments = match &comments_name {
        Some(name) => package.read_part(name)?,
        None => None,
    };
    let mut max_id = doc.max_id;
    if let Some(x) = &existing_comments {
        xml::for_each_start(x, "comments.xml", |resolver, ns, local, e| {
            if ns == xml::Ns::W && local == b"comment" {
                if let Some(id) =
                    xml::attr(resolver, e, xml::Ns::W, b"id").and_then(|v| v.parse::<u64>().ok())
                {
                    max_id = max_id.max(id);
                }
            }
        })?;
    }

    let mut paragraph_starts = vec![0];
    paragraph_starts.extend(doc.text.match_indices('\n').map(|(i, _)| i + 1));
    let mut plan = Plan {
        doc,
        options,
        runs: HashMap::new(),
        inserts: HashMap::new(),
        next_id: max_id + 1,
        paragraph_starts,
    };

    let safe: Vec<&Finding> = if options.fix {
        engine::safe_fixes(findings)
    } else {
        Vec::new()
    };
    let mut comments: Vec<(u64, String, Option<String>)> = Vec::new();
    let mut revisions = 0;
    for f in findings {
        let range = f.range.start.min(doc.text.len())..f.range.end.min(doc.text.len());
        let applied = match &f.fix {
            Some(fix) if safe.iter().any(|s| std::ptr::eq(*s, f)) => {
                plan.fixable(range.clone(), &fix.replacement) && {
                    plan.add_fix(range.clone(), &fix.replacement);
                    revisions += 1;
                    true
                }
            }
            _ => false,
        };
        let id = plan.next_id;
        if plan.add_comment(id, range.clone()) {
            plan.next_id += 1;
            let place = match doc.paragraphs[plan.paragraph_of(range.start)].kind {
                ParagraphKind::Footnote => "脚注中：",
                ParagraphKind::Endnote => "尾注中：",
                _ => "",
            };
            let flagged = &doc.text[range];
            let suggestion = f.fix.as_ref().map(|fix| {
                let what = if fix.replacement.is_empty() {
                    format!("建议删除“{flagged}”")
                } else {
                    format!("建议改为“{}”", fix.replacement)
                };
                if applied {
                    format!("{what}（已作为修订标出，可接受或拒绝）")
                } else {
                    what
                }
            });
            comments.push((
                id,
                format!("{place}{}（{}）", f.message, f.rule.code()),
                suggestion,
            ));
        }
    }

    // The rewritten parts.
    let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
    let mut touched_parts: Vec<usize> = plan
        .runs
        .keys()
        .map(|&r| doc.runs[r].part)
        .chain(plan.inserts.keys().copied())
        .collect();
    touched_parts.sort_unstable();
    touched_parts.dedup();
    for part in touched_parts {
        let xml_text = rewrite_part(&mut plan, part);
        replaced.insert(doc.parts[part].name.clone(), xml_text.into_bytes());
    }

    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    if !comments.is_empty() {
        let name = match &comments_name {
            Some(n) => n.clone(),
            None => unused_name(&package, &dir, "comments"),
        };
        let body = comments_xml(&comments, options, existing_comments.as_deref());
        match &existing_comments {
            Some(_) => {
                replaced.insert(name.clone(), body.into_bytes());
            }
            None => added.push((name.clone(), body.into_bytes())),
        }
        if comments_name.is_none() {
            let rels_name = package::rels_name(&doc.main_part);
            let target = name
                .strip_prefix(&format!("{dir}/"))
                .unwrap_or(&name)
                .to_string();
            let rels = package.read_part(&rels_name)?;
            let rels = add_relationship(rels.as_deref(), &target)
                .ok_or_else(|| xml::bad_xml(&rels_name, "找不到根元素"))?;
            if package.has(&rels_name) {
                replaced.insert(rels_name, rels.into_bytes());
            } else {
                added.push((rels_name, rels.into_bytes()));
            }
            let types_name = "[Content_Types].xml";
            let types = package
                .read_part(types_name)?
                .ok_or_else(|| DocxError::NotWord(types_name.to_string()))?;
            let types = add_override(&types, &format!("/{name}"))
                .ok_or_else(|| xml::bad_xml(types_name, "找不到根元素"))?;
            replaced.insert(types_name.to_string(), types.into_bytes());
        }
    }

    let bytes = write_zip(&mut package, &replaced, &added)?;
    Ok(Annotated {
        bytes,
        comments: comments.len(),
        revisions,
    })
}

fn unused_name(package: &Package, dir: &str, stem: &str) -> String {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut name = format!("{prefix}{stem}.xml");
    let mut n = 1;
    while package.has(&name) {
        name = format!("{prefix}{stem}{n}.xml");
        n += 1;
    }
    name
}

/// One replacement in a part: a run rewritten, or XML inserted.
enum Rep {
    Run(usize),
    Insert(String),
}

struct PartWriter<'p, 'a> {
    plan: &'p mut Plan<'a>,
    xml: &'a str,
    names: Names,
    /// Sorted by start; an insert sorts before a run at the same offset.
    reps: Vec<(Range<usize>, Rep)>,
    /// Text offsets of each rewritten run's text children.
    child_flat: HashMap<(usize, usize), Range<usize>>,
}

fn rewrite_part(plan: &mut Plan, part: usize) -> String {
    let doc = plan.doc;
    let xml_text = doc.parts[part].xml.as_str();
    let mut reps: Vec<(Range<usize>, Rep)> = plan
        .runs
        .keys()
        .filter(|&&r| doc.runs[r].part == part)
        .map(|&r| (doc.runs[r].span.clone(), Rep::Run(r)))
        .collect();
    for (at, x) in plan.inserts.remove(&part).unwrap_or_default() {
        reps.push((at..at, Rep::Insert(x)));
    }
    reps.sort_by_key(|(r, _)| (r.start, r.end));
    let child_flat = doc
        .atoms
        .iter()
        .filter(|a| plan.runs.contains_key(&a.run) && doc.runs[a.run].part == part)
        .map(|a| ((a.run, a.child), a.flat.clone()))
        .collect();
    let mut writer = PartWriter {
        plan,
        xml: xml_text,
        names: Names::of(xml_text),
        reps,
        child_flat,
    };
    let mut out = String::with_capacity(xml_text.len() + 4096);
    writer.copy(&mut out, 0..xml_text.len());
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Normal,
    Deleted,
}

impl PartWriter<'_, '_> {
    /// Copies `range` of the part, rewriting the runs and inserting the XML
    /// planned inside it.
    fn copy(&mut self, out: &mut String, range: Range<usize>) {
        let mut cursor = range.start;
        let mut i = self.reps.partition_point(|(r, _)| r.start < range.start);
        while i < self.reps.len() && self.reps[i].0.start < range.end {
            let at = self.reps[i].0.clone();
            out.push_str(&self.xml[cursor..at.start]);
            match &self.reps[i].1 {
                Rep::Insert(x) => out.push_str(x),
                Rep::Run(r) => {
                    let r = *r;
                    self.run(out, r);
                }
            }
            cursor = at.end;
            i += 1;
            while i < self.reps.len() && self.reps[i].0.start < cursor {
                i += 1;
            }
        }
        out.push_str(&self.xml[cursor..range.end]);
    }

    fn run(&mut self, out: &mut String, index: usize) {
        let doc = self.plan.doc;
        let run: &Run = &doc.runs[index];
        let edits = self.plan.runs.remove(&index).unwrap_or_default();
        let start_tag = &self.xml[run.start_tag.clone()];
        let qname = start_tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("w:r")
            .to_string();
        let rpr = run.rpr.clone().map_or("", |r| &self.xml[r]);
        let mut open = Open::None;
        let author = xml::escape(self.plan.options.author);
        let date = xml::escape(self.plan.options.date);

        for (ci, child) in run.children.iter().enumerate() {
            let flat = match child.kind {
                ChildKind::Other => None,
                _ => self.child_flat.get(&(index, ci)).cloned(),
            };
            let Some(flat) = flat else {
                self.open_as(
                    out,
                    &mut open,
                    Open::Normal,
                    start_tag,
                    rpr,
                    &qname,
                    &author,
                    &date,
                );
                self.copy(out, child.span.clone());
                continue;
            };
            let cuts = if child.kind == ChildKind::Text {
                edits.cuts(flat.clone())
            } else {
                vec![flat.start, flat.end]
            };
            for w in cuts.windows(2) {
                let (from, to) = (w[0], w[1]);
                if from > flat.start {
                    self.markups(
                        out,
                        &mut open,
                        &qname,
                        start_tag,
                        rpr,
                        edits.after.get(&from),
                    );
                }
                self.markups(
                    out,
                    &mut open,
                    &qname,
                    start_tag,
                    rpr,
                    edits.before.get(&from),
                );
                let state = if edits.is_deleted(from) {
                    Open::Deleted
                } else {
                    Open::Normal
                };
                self.open_as(
                    out, &mut open, state, start_tag, rpr, &qname, &author, &date,
                );
                match child.kind {
                    ChildKind::Text => {
                        let element = if state == Open::Deleted {
                            self.names.n("delText")
                        } else {
                            self.names.n("t")
                        };
                        let _ = write!(
                            out,
                            "<{element} xml:space=\"preserve\">{}</{element}>",
                            xml::escape(&doc.text[from..to])
                        );
                    }
                    _ => out.push_str(&self.xml[child.span.clone()]),
                }
            }
            self.markups(
                out,
                &mut open,
                &qname,
                start_tag,
                rpr,
                edits.after.get(&flat.end),
            );
        }
        self.close(out, &mut open, &qname);
    }

    #[allow(clippy::too_many_arguments)]
    fn open_as(
        &mut self,
        out: &mut String,
        open: &mut Open,
        want: Open,
        start_tag: &str,
        rpr: &str,
        qname: &str,
        author: &str,
        date: &str,
    ) {
        if *open == want {
            return;
        }
        self.close(out, open, qname);
        if want == Open::Deleted {
            let id = self.plan.next_id;
            self.plan.next_id += 1;
            let del = self.names.n("del");
            let _ = write!(
                out,
                "<{del} {id_attr}=\"{id}\" {author_attr}=\"{author}\" {date_attr}=\"{date}\">",
                id_attr = self.names.n("id"),
                author_attr = self.names.n("author"),
                date_attr = self.names.n("date"),
            );
        }
        out.push_str(start_tag);
        out.push_str(rpr);
        *open = want;
    }

    fn close(&self, out: &mut String, open: &mut Open, qname: &str) {
        match *open {
            Open::None => {}
            Open::Normal => {
                let _ = write!(out, "</{qname}>");
            }
            Open::Deleted => {
                let _ = write!(out, "</{qname}></{}>", self.names.n("del"));
            }
        }
        *open = Open::None;
    }

    fn markups(
        &mut self,
        out: &mut String,
        open: &mut Open,
        qname: &str,
        start_tag: &str,
        rpr: &str,
        markups: Option<&Vec<Markup>>,
    ) {
        let Some(markups) = markups else {
            return;
        };
        self.close(out, open, qname);
        for m in markups {
            let revision = match m {
                Markup::Insert(_) => {
                    let id = self.plan.next_id;
                    self.plan.next_id += 1;
                    Some((id, self.plan.options))
                }
                _ => None,
            };
            write_markup(out, &self.names, m, start_tag, rpr, revision);
        }
    }
}

/// `start_tag`/`rpr`: the run whose formatting inserted text takes.
fn write_markup(
    out: &mut String,
    names: &Names,
    m: &Markup,
    start_tag: &str,
    rpr: &str,
    revision: Option<(u64, &AnnotateOptions)>,
) {
    let id_attr = names.n("id");
    match m {
        Markup::CommentStart(id) => {
            let _ = write!(
                out,
                "<{} {id_attr}=\"{id}\"/>",
                names.n("commentRangeStart")
            );
        }
        Markup::CommentEnd(id) => {
            let r = names.n("r");
            let _ = write!(
                out,
                "<{} {id_attr}=\"{id}\"/><{r}><{} {id_attr}=\"{id}\"/></{r}>",
                names.n("commentRangeEnd"),
                names.n("commentReference"),
            );
        }
        Markup::Insert(text) => {
            let Some((id, options)) = revision else {
                return;
            };
            let ins = names.n("ins");
            let t = names.n("t");
            let qname = start_tag[1..]
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("w:r");
            let _ = write!(
                out,
                "<{ins} {id_attr}=\"{id}\" {}=\"{}\" {}=\"{}\">{start_tag}{rpr}<{t} xml:space=\"preserve\">{}</{t}></{qname}></{ins}>",
                names.n("author"),
                xml::escape(options.author),
                names.n("date"),
                xml::escape(options.date),
                xml::escape(text),
            );
        }
    }
}

/// `word/comments.xml` with the new comments, added to the existing part
/// when there is one.
fn comments_xml(
    comments: &[(u64, String, Option<String>)],
    options: &AnnotateOptions,
    existing: Option<&str>,
) -> String {
    let names = match existing {
        Some(x) => Names::of(x),
        None => Names {
            prefix: "w".to_string(),
        },
    };
    let n = |l: &str| names.n(l);
    let mut body = String::new();
    for (id, message, suggestion) in comments {
        let _ = write!(
            body,
            "<{c} {id_attr}=\"{id}\" {a}=\"{author}\" {d}=\"{date}\" {i}=\"RL\">",
            c = n("comment"),
            id_attr = n("id"),
            a = n("author"),
            d = n("date"),
            i = n("initials"),
            author = xml::escape(options.author),
            date = xml::escape(options.date),
        );
        for (k, line) in std::iter::once(message).chain(suggestion).enumerate() {
            let (p, r, t) = (n("p"), n("r"), n("t"));
            let mark = if k == 0 {
                format!("<{r}><{}/></{r}>", n("annotationRef"))
            } else {
                String::new()
            };
            let _ = write!(
                body,
                "<{p}>{mark}<{r}><{t} xml:space=\"preserve\">{}</{t}></{r}></{p}>",
                xml::escape(line)
            );
        }
        let _ = write!(body, "</{}>", n("comment"));
    }
    match existing.and_then(|x| insert_before_root_end(x, &body)) {
        Some(x) => x,
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{}\">{body}</w:comments>",
            xml::W_NS
        ),
    }
}

/// `xml_text` with `content` added as the last children of its root element.
fn insert_before_root_end(xml_text: &str, content: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml_text);
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(format!(
                        "{}{content}{}",
                        &xml_text[..before],
                        &xml_text[before..]
                    ));
                }
            }
            Event::Empty(e) if depth == 0 => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).ok()?;
                let tag = &xml_text[before..after];
                let open = tag.strip_suffix("/>")?.trim_end();
                return Some(format!(
                    "{}{open}>{content}</{name}>{}",
                    &xml_text[..before],
                    &xml_text[after..]
                ));
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn add_relationship(rels: Option<&str>, target: &str) -> Option<String> {
    let rels = rels.unwrap_or(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>",
    );
    let mut n = 1;
    let id = loop {
        let id = format!("rIdReportLsp{n}");
        if !rels.contains(&format!("\"{id}\"")) {
            break id;
        }
        n += 1;
    };
    let element = format!(
        "<Relationship Id=\"{id}\" Type=\"{COMMENTS_TYPE}\" Target=\"{}\"/>",
        xml::escape(target)
    );
    insert_before_root_end(rels, &element)
}

fn add_override(types: &str, part_name: &str) -> Option<String> {
    if types.contains(&format!("PartName=\"{part_name}\"")) {
        return Some(types.to_string());
    }
    let element = format!(
        "<Override PartName=\"{}\" ContentType=\"{COMMENTS_CONTENT_TYPE}\"/>",
        xml::escape(part_name)
    );
    insert_before_root_end(types, &element)
}

fn write_zip(
    package: &mut Package,
    replaced: &HashMap<String, Vec<u8>>,
    added: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, DocxError> {
    let zip_error = |e: zip::result::ZipError| DocxError::BadZip(e.to_string());
    let io_error = |e: std::io::Error| DocxError::BadZip(e.to_string());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..package.archive.len() {
        let name = package
            .archive
            .name_for_index(i)
            .unwrap_or_default()
            .to_string();
        match replaced.get(&name) {
            Some(bytes) => {
                writer.start_file(name, options).map_err(zip_error)?;
                writer.write_all(bytes).map_err(io_error)?;
            }
            None => {
                let file = package.archive.by_index_raw(i).map_err(zip_error)?;
                writer.raw_copy_file(file).map_err(zip_error)?;
            }
        }
    }
    for (name, bytes) in added {
        writer
            .start_file(name.as_str(), options)
            .map_err(zip_error)?;
        writer.write_all(bytes).map_err(io_error)?;
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_goes_before_the_root_end() {
        assert_eq!(
            insert_before_root_end("<?xml version=\"1.0\"?><a><b/></a>", "<c/>").as_deref(),
            Some("<?xml version=\"1.0\"?><a><b/><c/></a>")
        );
        assert_eq!(
            insert_before_root_end("<a x=\"1\"/>", "<c/>").as_deref(),
            Some("<a x=\"1\"><c/></a>")
        );
        assert_eq!(insert_before_root_end("", "<c/>"), None);
    }

    #[test]
    fn relationship_ids_do_not_collide() {
        let rels = r#"<Relationships xmlns="x"><Relationship Id="rIdReportLsp1"/></Relationships>"#;
        let out = add_relationship(Some(rels), "comments.xml").unwrap();
        assert!(out.contains("Id=\"rIdReportLsp2\""), "{out}");
        let types = r#"<Types><Override PartName="/word/comments.xml"/></Types>"#;
        assert_eq!(add_override(types, "/word/comments.xml").unwrap(), types);
    }
}

#[cfg(test)]
mod annotate_tests {
    use std::collections::BTreeMap;
    use std::io::Read;

    use super::*;
    use crate::docx::testing::{docx, p};
    use crate::engine::{Finding, Rule};

    const OPTIONS: AnnotateOptions = AnnotateOptions {
        fix: true,
        author: "report-lsp",
        date: "2024-05-01T09:30:00Z",
    };

    fn part(bytes: &[u8], name: &str) -> Option<String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut file = zip.by_name(name).ok()?;
        let mut s = String::new();
        file.read_to_string(&mut s).unwrap();
        Some(s)
    }

    /// The text (kept and deleted) between each comment's range marks.
    fn covered(xml_text: &str) -> BTreeMap<String, String> {
        let mut reader = Reader::from_str(xml_text);
        let mut open: Vec<String> = Vec::new();
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        let mut in_text = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) => {
                    let id = e
                        .try_get_attribute("w:id")
                        .unwrap()
                        .map(|a| String::from_utf8(a.value.to_vec()).unwrap());
                    match e.name().as_ref() {
                        b"w:commentRangeStart" => {
                            let id = id.unwrap();
                            out.entry(id.clone()).or_default();
                            open.push(id);
                        }
                        b"w:commentRangeEnd" => open.retain(|o| Some(o) != id.as_ref()),
                        b"w:t" | b"w:delText" => in_text = true,
                        _ => {}
                    }
                }
                Event::End(_) => in_text = false,
                Event::Text(t) if in_text => {
                    for id in &open {
                        out.get_mut(id).unwrap().push_str(&t.decode().unwrap());
                    }
                }
                Event::Eof => return out,
                _ => {}
            }
        }
    }

    fn finding(doc: &Document, rule: Rule, text: &str) -> Finding {
        let at = doc.text.find(text).unwrap();
        Finding::new(rule, at..at + text.len(), "测试")
    }

    #[test]
    fn a_comment_covers_exactly_its_characters_across_runs() {
        let body = concat!(
            r#"<w:p><w:r w:rsidR="00AB"><w:rPr><w:b/></w:rPr><w:t>召开XX会</w:t></w:r>"#,
            r#"<w:r><w:rPr><w:i/></w:rPr><w:t>议，征集</w:t></w:r></w:p>"#
        );
        let original = docx(body, &[]);
        let doc = Document::from_bytes(&original, false).unwrap();
        let findings = [finding(&doc, Rule::Placeholder, "XX会议")];
        let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
        assert_eq!((out.comments, out.revisions), (1, 0));
        let xml_text = part(&out.bytes, "word/document.xml").unwrap();
        assert_eq!(
            covered(&xml_text).into_values().collect::<Vec<_>>(),
            ["XX会议"]
        );
        // Each piece keeps its run's start tag and properties.
        assert!(xml_text.contains(r#"<w:r w:rsidR="00AB"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">召开</w:t></w:r><w:commentRangeStart w:id="1"/><w:r w:rsidR="00AB"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">XX会</w:t></w:r>"#), "{xml_text}");
        assert!(xml_text.contains(r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">议</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">，征集</w:t></w:r>"#), "{xml_text}");
        // The text reads the same.
        let again = Document::from_bytes(&out.bytes, false).unwrap();
        assert_eq!(again.text, doc.text);
        let comments = part(&out.bytes, "word/comments.xml").unwrap();
        assert!(comments.contains(
            r#"<w:comment w:id="1" w:author="report-lsp" w:date="2024-05-01T09:30:00Z""#
        ));
        assert!(comments.contains("测试（placeholder）"));
        assert!(part(&out.bytes, "word/_rels/document.xml.rels")
            .unwrap()
            .contains("relationships/comments\" Target=\"comments.xml\""));
        assert!(part(&out.bytes, "[Content_Types].xml").unwrap().contains(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#));
    }

    #[test]
    fn safe_fixes_become_tracked_changes() {
        let body = [
            p(&["征集", "征集", "意见"]),
            r#"<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>一是学习。三是落实。</w:t></w:r></w:p>"#.to_string(),
        ]
        .concat();
        let original = docx(&body, &[]);
        let doc = Document::from_bytes(&original, false).unwrap();
        let second = doc.text.find("征集意见").unwrap();
        let mut findings = vec![
            Finding::new(Rule::RepeatedWord, second..second + 6, "重复").with_fix(""),
            finding(&doc, Rule::Misnumbered, "三是").with_fix("二是"),
        ];
        findings.sort_by_key(|f| f.range.start);
        let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
        assert_eq!((out.comments, out.revisions), (2, 2));
        let xml_text = part(&out.bytes, "word/document.xml").unwrap();
        assert!(xml_text.contains(r#"<w:del w:id="3" w:author="report-lsp" w:date="2024-05-01T09:30:00Z"><w:r><w:delText xml:space="preserve">征集</w:delText></w:r></w:del>"#), "{xml_text}");
        assert!(xml_text.contains(r#"<w:ins w:id="5" w:author="report-lsp" w:date="2024-05-01T09:30:00Z"><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">二是</w:t></w:r></w:ins>"#), "{xml_text}");
        assert_eq!(
            covered(&xml_text).into_values().collect::<Vec<_>>(),
            ["征集", "三是二是"]
        );
        // Accepting the changes is what reading skips deletions gives.
        let fixed = Document::from_bytes(&out.bytes, false).unwrap();
        assert_eq!(fixed.text, "征集意见\n一是学习。二是落实。");
        // Without --fix the text stays and the comment suggests.
        let plain = AnnotateOptions {
            fix: false,
            ..OPTIONS
        };
        let out = annotate(&original, &doc, &findings, &plain).unwrap();
        assert_eq!(out.revisions, 0);
        assert_eq!(
            Document::from_bytes(&out.bytes, false).unwrap().text,
            doc.text
        );
        assert!(part(&out.bytes, "word/comments.xml")
            .unwrap()
            .contains("建议删除“征集”"));
    }

    #[test]
    fn text_that_cannot_be_edited_still_gets_its_comment() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
        let body = concat!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>"#,
            r#"<w:p><w:fldSimple w:instr="REF x"><w:r><w:t>征集征集</w:t></w:r></w:fldSimple></w:p>"#,
        );
        let original = docx(body, &[("numbering.xml", numbering)]);
        let doc = Document::from_bytes(&original, false).unwrap();
        assert_eq!(doc.text, "一、总体情况\n二、\n征集征集");
        let marker = doc.text.find("二、").unwrap();
        let field = doc.text.find("征集征集").unwrap() + 6;
        let findings = [
            Finding::new(Rule::Misnumbered, 0..6, "序号").with_fix("三、"),
            Finding::new(Rule::Misnumbered, marker..marker + 6, "序号"),
            Finding::new(Rule::RepeatedWord, field..field + 6, "重复").with_fix(""),
        ];
        let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
        assert_eq!((out.comments, out.revisions), (3, 0));
        let xml_text = part(&out.bytes, "word/document.xml").unwrap();
        let got = covered(&xml_text);
        // The marker is Word's: a point comment before the paragraph's text;
        // the empty numbered paragraph carries one after its properties.
        assert_eq!(got.values().cloned().collect::<Vec<_>>(), ["", "", "征集"]);
        assert!(xml_text.contains(r#"</w:pPr><w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:t xml:space="preserve">总体情况</w:t></w:r>"#), "{xml_text}");
        assert!(
            xml_text.contains(r#"</w:numPr></w:pPr><w:commentRangeStart w:id="2"/>"#),
            "{xml_text}"
        );
        assert_eq!(
            Document::from_bytes(&out.bytes, false).unwrap().text,
            doc.text
        );
    }

    #[test]
    fn existing_comments_are_kept_and_other_entries_copied_as_they_were() {
        let body = r#"<w:p><w:commentRangeStart w:id="4"/><w:r><w:t>原有批注XX</w:t></w:r><w:commentRangeEnd w:id="4"/><w:r><w:commentReference w:id="4"/></w:r></w:p>"#;
        let comments = r#"<w:comment w:id="4" w:author="同事"><w:p><w:r><w:t>请核实</w:t></w:r></w:p></w:comment>"#;
        let original = docx(body, &[("comments.xml", comments), ("styles.xml", "")]);
        let doc = Document::from_bytes(&original, false).unwrap();
        let findings = [finding(&doc, Rule::Placeholder, "XX")];
        let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
        let all = part(&out.bytes, "word/comments.xml").unwrap();
        assert!(
            all.contains("请核实") && all.contains(r#"<w:comment w:id="5""#),
            "{all}"
        );
        let rels = part(&out.bytes, "word/_rels/document.xml.rels").unwrap();
        assert_eq!(rels.matches("relationships/comments").count(), 1);
        let mut before = zip::ZipArchive::new(Cursor::new(&original[..])).unwrap();
        let mut after = zip::ZipArchive::new(Cursor::new(&out.bytes[..])).unwrap();
        let names: Vec<String> = before.file_names().map(String::from).collect();
        assert_eq!(
            after.file_names().map(String::from).collect::<Vec<_>>(),
            names
        );
        for name in names {
            if name == "word/document.xml" || name == "word/comments.xml" {
                continue;
            }
            let raw = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>| {
                let index = zip.index_for_name(&name).unwrap();
                let mut file = zip.by_index_raw(index).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                (bytes, file.crc32())
            };
            assert_eq!(raw(&mut before), raw(&mut after), "{name}");
        }
    }

    #[test]
    fn comments_in_text_boxes_and_notes() {
        let reference = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#;
        let body = format!(
            "{}<w:p><w:r><w:t>正文</w:t></w:r>{reference}</w:p>{}",
            concat!(
                r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>"#,
                r#"<w:p><w:r><w:t>框内XX</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
                r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内XX</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            ),
            r#"<w:p><w:r><w:t>尾</w:t></w:r><w:r><w:endnoteReference w:id="2"/></w:r></w:p>"#,
        );
        let footnotes = concat!(
            r#"<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>脚注XX</w:t></w:r></w:p></w:footnote>"#,
            // Referenced nowhere: a reader never sees it.
            r#"<w:footnote w:id="9"><w:p><w:r><w:t>孤立XX</w:t></w:r></w:p></w:footnote>"#,
        );
        let endnotes = r#"<w:endnote w:id="2"><w:p><w:r><w:t>尾注XX</w:t></w:r></w:p></w:endnote>"#;
        let original = docx(
            &body,
            &[("footnotes.xml", footnotes), ("endnotes.xml", endnotes)],
        );
        let doc = Document::from_bytes(&original, false).unwrap();
        let at = |s: &str| doc.text.find(s).unwrap() + s.len() - 2;
        let findings: Vec<Finding> = ["框内XX", "脚注XX", "孤立XX", "尾注XX"]
            .iter()
            .map(|s| Finding::new(Rule::Placeholder, at(s)..at(s) + 2, "占位").with_fix("某"))
            .collect();
        let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
        // Editing one branch of mc:AlternateContent would make the two
        // disagree: no tracked change there, but the notes take theirs.
        assert_eq!((out.comments, out.revisions), (3, 3));
        let document = part(&out.bytes, "word/document.xml").unwrap();
        let ranges = covered(&document);
        assert_eq!(ranges.values().collect::<Vec<_>>(), ["XX", "", ""]);
        let ids: Vec<&String> = ranges.keys().collect();
        // A comment inside a note keeps LibreOffice from opening the file:
        // the note's comment is on its reference mark.
        assert!(
            document.contains(&format!(
                r#"<w:commentRangeStart w:id="{id}"/>{reference}<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#,
                id = ids[1]
            )),
            "{document}"
        );
        assert!(
            document.contains(&format!(
                r#"<w:commentRangeStart w:id="{id}"/><w:r><w:endnoteReference w:id="2"/></w:r><w:commentRangeEnd w:id="{id}"/>"#,
                id = ids[2]
            )),
            "{document}"
        );
        for name in ["word/footnotes.xml", "word/endnotes.xml"] {
            let notes = part(&out.bytes, name).unwrap();
            assert!(!notes.contains("comment"), "{notes}");
            assert_eq!(
                notes.matches("<w:ins ").count(),
                1 + usize::from(name.contains("foot"))
            );
        }
        let comments = part(&out.bytes, "word/comments.xml").unwrap();
        assert!(
            comments.contains(">脚注中：占位（placeholder）<"),
            "{comments}"
        );
        assert!(
            comments.contains(">尾注中：占位（placeholder）<"),
            "{comments}"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::docx::testing::docx;
    use crate::engine::{Finding, Rule};

    const OPTIONS: AnnotateOptions = AnnotateOptions {
        fix: false,
        author: "report-lsp",
        date: "2024-05-01T09:30:00Z",
    };

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec!["征", "集", "X", "a", " ", "&amp;", "&lt;", "𠀀", "。"]),
            1..5,
        )
        .prop_map(|v| v.concat())
    }

    /// Run-level content: plain and formatted runs, tabs and breaks, and
    /// the containers a run can sit in.
    fn content(simple: bool) -> BoxedStrategy<String> {
        let run = (text(), any::<bool>()).prop_map(|(t, bold)| {
            let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
            format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{t}</w:t></w:r>")
        });
        let symbols = (text(), prop::sample::select(vec!["<w:tab/>", "<w:br/>"]))
            .prop_map(|(t, s)| format!("<w:r><w:t>{t}</w:t>{s}<w:t>{t}</w:t></w:r>"));
        if simple {
            return prop_oneof![run, symbols].boxed();
        }
        let wrapped = (text(), 0..6usize).prop_map(|(t, kind)| {
            let r = format!("<w:r><w:t>{t}</w:t></w:r>");
            match kind {
                0 => format!("<w:ins w:id=\"90\" w:author=\"甲\">{r}</w:ins>"),
                1 => format!("<w:del w:id=\"91\" w:author=\"甲\"><w:r><w:delText>{t}</w:delText></w:r></w:del>"),
                2 => format!("<w:hyperlink r:id=\"rId9\">{r}</w:hyperlink>"),
                3 => format!("<w:fldSimple w:instr=\"PAGE\">{r}</w:fldSimple>"),
                4 => format!(
                    "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p>{r}</w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p>{r}</w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
                ),
                _ => format!("<w:r><w:rPr><w:vanish/></w:rPr><w:t>{t}</w:t></w:r>"),
            }
        });
        prop_oneof![3 => run, 1 => symbols, 2 => wrapped].boxed()
    }

    fn body(simple: bool) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::collection::vec(content(simple), 1..5), 1..5).prop_map(
            |paragraphs| {
                paragraphs
                    .iter()
                    .map(|runs| format!("<w:p>{}</w:p>", runs.concat()))
                    .collect()
            },
        )
    }

    /// Findings at arbitrary character ranges of one paragraph each, in
    /// document order, some with fixes.
    fn findings_for(doc: &Document, picks: &[(usize, usize, usize)]) -> Vec<Finding> {
        let bounds: Vec<usize> = doc
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([doc.text.len()])
            .collect();
        let mut out: Vec<Finding> = picks
            .iter()
            .filter_map(|&(a, len, fix)| {
                let start = bounds[a % bounds.len()];
                let end = bounds[(a % bounds.len() + len % 3).min(bounds.len() - 1)];
                if doc.text[start..end].contains('\n') {
                    return None;
                }
                let f = Finding::new(Rule::Placeholder, start..end, "测试");
                Some(match fix % 3 {
                    0 => f,
                    // Deleting nothing is no fix.
                    1 if start < end => f.with_fix(""),
                    _ => f.with_fix("某&"),
                })
            })
            .collect();
        out.sort_by_key(|f| (f.range.start, f.range.end));
        out
    }

    fn apply(text: &str, fixes: &[&Finding]) -> String {
        let mut out = text.to_string();
        for f in fixes.iter().rev() {
            let replacement = &f.fix.as_ref().unwrap().replacement;
            out.replace_range(f.range.clone(), replacement);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the document and the findings: every finding becomes a
        /// comment and the text reads as before.
        #[test]
        fn comments_never_change_the_text(
            body in body(false),
            picks in proptest::collection::vec((0..400usize, 0..3usize, 0..3usize), 0..6),
        ) {
            let original = docx(&body, &[]);
            let doc = Document::from_bytes(&original, false).unwrap();
            let findings = findings_for(&doc, &picks);
            let out = annotate(&original, &doc, &findings, &OPTIONS).unwrap();
            prop_assert_eq!(out.comments, findings.len());
            let again = Document::from_bytes(&out.bytes, false).unwrap();
            prop_assert_eq!(&again.text, &doc.text);
            let with_fixes = AnnotateOptions { fix: true, ..OPTIONS };
            let out = annotate(&original, &doc, &findings, &with_fixes).unwrap();
            prop_assert_eq!(out.comments, findings.len());
            Document::from_bytes(&out.bytes, false).unwrap();
        }

        /// In ordinary runs every safe fix is applied, and accepting the
        /// tracked changes gives the fixed text.
        #[test]
        fn tracked_changes_are_the_safe_fixes(
            body in body(true),
            picks in proptest::collection::vec((0..400usize, 0..3usize, 0..3usize), 0..6),
        ) {
            let original = docx(&body, &[]);
            let doc = Document::from_bytes(&original, false).unwrap();
            let findings = findings_for(&doc, &picks);
            let safe = engine::safe_fixes(&findings);
            let options = AnnotateOptions { fix: true, ..OPTIONS };
            let out = annotate(&original, &doc, &findings, &options).unwrap();
            prop_assert_eq!(out.revisions, safe.len());
            let fixed = Document::from_bytes(&out.bytes, false).unwrap();
            prop_assert_eq!(fixed.text, apply(&doc.text, &safe));
        }
    }
}
