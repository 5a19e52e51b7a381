//! The XML walk: a `.docx` in, plain text (one paragraph per line) and a
//! source map out.
//!
//! Reading order: the body's paragraphs and table cells as they come, each
//! text box's paragraphs right after the paragraph that anchors it, then
//! footnotes, then endnotes. What a reader does not see is left out:
//! deleted text (`w:del`, `w:moveFrom`), field instructions, the cached
//! result of a table of contents (it repeats the headings), hidden text
//! (`w:vanish` on the run), ruby guides, footnote separators, and the
//! `mc:Fallback` copy of anything in `mc:AlternateContent` (the `mc:Choice`
//! is read). Inserted text (`w:ins`) is read. A tab is `\t`, a line break
//! `w:br` is U+2028 (a break a reader sees that does not end the
//! paragraph; page and column breaks add nothing), a non-breaking hyphen
//! `-`. Automatic numbering is rendered in front of the paragraph
//! (`numbering.rs`).
//!
//! Every character that came from a `w:t` (or a tab or break element) is
//! mapped back to its run and element; characters that did not — numbering
//! markers, the `\n` between paragraphs — are mapped to nothing, and the
//! writer does not edit them.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::NamespaceResolver;
use quick_xml::NsReader;

use super::numbering::{Counters, Numbering};
use super::package::{self, Package, Relationship};
use super::styles::{depth_of_outline_level, Styles};
use super::xml::{self, Ns};
use super::DocxError;

/// Where a paragraph sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    Body,
    Table,
    TextBox,
    Footnote,
    Endnote,
}

impl ParagraphKind {
    /// The value of `paragraph_kind` in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Body => "body",
            ParagraphKind::Table => "table",
            ParagraphKind::TextBox => "textbox",
            ParagraphKind::Footnote => "footnote",
            ParagraphKind::Endnote => "endnote",
        }
    }

    /// How the text output names it; body paragraphs need no name.
    pub fn label(self) -> Option<&'static str> {
        match self {
            ParagraphKind::Body => None,
            ParagraphKind::Table => Some("表格"),
            ParagraphKind::TextBox => Some("文本框"),
            ParagraphKind::Footnote => Some("脚注"),
            ParagraphKind::Endnote => Some("尾注"),
        }
    }
}

/// One paragraph: one line of [`Document::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphInfo {
    pub kind: ParagraphKind,
    /// From the paragraph's outline level or heading style.
    pub heading_depth: Option<u8>,
    pub(crate) part: usize,
    /// Where content may be inserted in the part's XML: after the
    /// paragraph's properties. `None` for an empty `<w:p/>`.
    pub(crate) content_at: Option<usize>,
    /// The `w:id` of the footnote or endnote the paragraph belongs to.
    pub(crate) note: Option<String>,
}

/// A part the text came from, kept to write it back.
pub(crate) struct Part {
    pub name: String,
    pub xml: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChildKind {
    /// `w:t`: its text is the atom's text.
    Text,
    /// `w:tab`, `w:br` …: one element, one character of text.
    Symbol,
    /// Anything else in the run, copied as it is.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Child {
    /// The element's bytes in the part.
    pub span: Range<usize>,
    pub kind: ChildKind,
}

/// A `w:r` whose text reached the document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Run {
    pub part: usize,
    pub span: Range<usize>,
    pub start_tag: Range<usize>,
    pub rpr: Option<Range<usize>>,
    pub children: Vec<Child>,
}

/// Text of one run child at a place in [`Document::text`].
#[derive(Debug, Clone)]
pub(crate) struct Atom {
    pub flat: Range<usize>,
    pub run: usize,
    pub child: usize,
    /// Not inside an existing revision, a field or an `mc:Choice`: a
    /// tracked change may be made here.
    pub editable: bool,
}

/// A Word document read for checking.
pub struct Document {
    /// The paragraphs in reading order, joined by `\n`.
    pub text: String,
    /// One per line of `text`.
    pub paragraphs: Vec<ParagraphInfo>,
    pub(crate) parts: Vec<Part>,
    pub(crate) runs: Vec<Run>,
    /// Sorted by position in `text`.
    pub(crate) atoms: Vec<Atom>,
    /// The largest numeric `w:id` in the parts read, so new comments and
    /// revisions do not collide with existing ones.
    pub(crate) max_id: u64,
    pub(crate) main_part: String,
    pub(crate) main_rels: Vec<Relationship>,
    /// Where each note is referenced: the run holding the first visible
    /// `w:footnoteReference`/`w:endnoteReference` to it.
    pub(crate) note_refs: Vec<NoteRef>,
}

/// A footnote or endnote reference mark in the text.
#[derive(Debug, Clone)]
pub(crate) struct NoteRef {
    pub kind: ParagraphKind,
    pub id: String,
    /// Index into [`Document::runs`].
    pub run: usize,
}

impl Document {
    /// Reads a `.docx` from its bytes. `legacy_name`: the file is named
    /// `.doc`/`.wps` (changes the advice when it is not Word at all).
    pub fn from_bytes(bytes: &[u8], legacy_name: bool) -> Result<Document, DocxError> {
        let mut package = Package::open(bytes, legacy_name)?;
        let root_rels = match package.read_part("_rels/.rels")? {
            Some(x) => package::parse_rels(&x, "_rels/.rels", "")?,
            None => Vec::new(),
        };
        let main_part = root_rels
            .iter()
            .find(|r| r.kind == "officeDocument")
            .map(|r| r.target.clone())
            .filter(|t| package.has(t))
            .unwrap_or_else(|| "word/document.xml".to_string());
        let Some(main_xml) = package.read_part(&main_part)? else {
            return Err(if package.has("content.xml") || package.has("Contents") {
                DocxError::NotWord(format!("{main_part}，像是 ODF/WPS 的其他格式"))
            } else {
                DocxError::NotWord(main_part)
            });
        };
        let dir = main_part
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        let rels_name = package::rels_name(&main_part);
        let main_rels = match package.read_part(&rels_name)? {
            Some(x) => package::parse_rels(&x, &rels_name, &dir)?,
            None => Vec::new(),
        };
        let target = |kind: &str, default: &str| {
            main_rels
                .iter()
                .find(|r| r.kind == kind)
                .map_or_else(|| format!("{dir}/{default}"), |r| r.target.clone())
        };
        let styles_name = target("styles", "styles.xml");
        let styles = match package.read_part(&styles_name)? {
            Some(x) => Styles::parse(&x, &styles_name)?,
            None => Styles::default(),
        };
        let numbering_name = target("numbering", "numbering.xml");
        let numbering = match package.read_part(&numbering_name)? {
            Some(x) => Numbering::parse(&x, &numbering_name)?,
            None => Numbering::default(),
        };

        let mut builder = Builder::default();
        let mut parts = vec![Part {
            name: main_part.clone(),
            xml: main_xml,
        }];
        for (kind, default, paragraph_kind) in [
            ("footnotes", "footnotes.xml", ParagraphKind::Footnote),
            ("endnotes", "endnotes.xml", ParagraphKind::Endnote),
        ] {
            // Only notes the document declares: a stray entry is not read.
            if !main_rels.iter().any(|r| r.kind == kind) {
                continue;
            }
            let name = target(kind, default);
            if let Some(xml) = package.read_part(&name)? {
                parts.push(Part { name, xml });
                builder.note_kinds.push((parts.len() - 1, paragraph_kind));
            }
        }
        for (index, part) in parts.iter().enumerate() {
            let kind = builder
                .note_kinds
                .iter()
                .find(|(i, _)| *i == index)
                .map(|(_, k)| *k);
            Walker::new(&mut builder, &styles, &numbering, index, kind)
                .walk(&part.xml, &part.name)?;
        }
        builder.atoms.sort_by_key(|a| a.flat.start);
        Ok(Document {
            text: builder.text,
            paragraphs: builder.paragraphs,
            parts,
            runs: builder.runs,
            atoms: builder.atoms,
            max_id: builder.max_id,
            main_part,
            main_rels,
            note_refs: builder.note_refs,
        })
    }

    /// The run that carries the reference mark of the note paragraph
    /// `index` belongs to.
    pub(crate) fn note_reference(&self, index: usize) -> Option<usize> {
        let p = self.paragraphs.get(index)?;
        let id = p.note.as_deref()?;
        self.note_refs
            .iter()
            .find(|r| r.kind == p.kind && r.id == id)
            .map(|r| r.run)
    }

    /// Heading depth per line of [`Document::text`], for the engine.
    pub fn heading_depths(&self) -> Vec<Option<u8>> {
        self.paragraphs.iter().map(|p| p.heading_depth).collect()
    }

    /// The atom holding the character at `offset` of the text.
    pub(crate) fn atom_at(&self, offset: usize) -> Option<&Atom> {
        let i = self.atoms.partition_point(|a| a.flat.start <= offset);
        let atom = self.atoms.get(i.checked_sub(1)?)?;
        (offset < atom.flat.end).then_some(atom)
    }
}

#[derive(Default)]
struct Builder {
    text: String,
    paragraphs: Vec<ParagraphInfo>,
    runs: Vec<Run>,
    atoms: Vec<Atom>,
    max_id: u64,
    note_kinds: Vec<(usize, ParagraphKind)>,
    note_refs: Vec<NoteRef>,
}

/// A paragraph being read.
struct OpenParagraph {
    kind: ParagraphKind,
    text: String,
    /// Atoms with offsets relative to `text`.
    atoms: Vec<Atom>,
    /// Text box paragraphs met inside this one, emitted after it.
    nested: Vec<FinishedParagraph>,
    style: Option<String>,
    num_id: Option<u32>,
    num_level: Option<u8>,
    outline_level: Option<u8>,
    heading_depth: Option<u8>,
    resolved: bool,
    content_at: Option<usize>,
    note: Option<String>,
}

struct FinishedParagraph {
    info: ParagraphInfo,
    text: String,
    atoms: Vec<Atom>,
    nested: Vec<FinishedParagraph>,
}

struct OpenRun {
    index: usize,
    hidden: bool,
    /// Where the child being read started.
    child_start: usize,
    rpr_start: usize,
    text: String,
}

struct Field {
    instruction: String,
    in_result: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    R,
    T,
    Tab,
    /// `w:br` (not a page or column break), `w:cr`.
    LineBreak,
    Hyphen,
    PPr,
    RPr,
    PStyle,
    NumPr,
    Ilvl,
    NumId,
    OutlineLvl,
    Vanish,
    /// `w:del`, `w:moveFrom`: their text is gone.
    Removed,
    /// `w:ins`, `w:moveTo`: existing revisions.
    Revision,
    InstrText,
    FldChar,
    FldSimple,
    TextBox,
    Cell,
    Note,
    /// `w:footnoteReference`, `w:endnoteReference`.
    NoteReference,
    /// Never read: `mc:Fallback`, ruby guides, content-control properties.
    Ignored,
    Choice,
    Other,
}

fn classify(ns: Ns, local: &[u8]) -> Tag {
    match ns {
        Ns::W => match local {
            b"p" => Tag::P,
            b"r" => Tag::R,
            b"t" => Tag::T,
            b"tab" | b"ptab" => Tag::Tab,
            b"br" | b"cr" => Tag::LineBreak,
            b"noBreakHyphen" => Tag::Hyphen,
            b"pPr" => Tag::PPr,
            b"rPr" => Tag::RPr,
            b"pStyle" => Tag::PStyle,
            b"numPr" => Tag::NumPr,
            b"ilvl" => Tag::Ilvl,
            b"numId" => Tag::NumId,
            b"outlineLvl" => Tag::OutlineLvl,
            b"vanish" => Tag::Vanish,
            b"del" | b"moveFrom" => Tag::Removed,
            b"ins" | b"moveTo" => Tag::Revision,
            b"instrText" => Tag::InstrText,
            b"fldChar" => Tag::FldChar,
            b"fldSimple" => Tag::FldSimple,
            b"txbxContent" => Tag::TextBox,
            b"tc" => Tag::Cell,
            b"footnote" | b"endnote" => Tag::Note,
            b"footnoteReference" | b"endnoteReference" => Tag::NoteReference,
            b"rt" | b"sdtPr" | b"sdtEndPr" => Tag::Ignored,
            _ => Tag::Other,
        },
        Ns::Mc => match local {
            b"Fallback" => Tag::Ignored,
            b"Choice" => Tag::Choice,
            _ => Tag::Other,
        },
        _ => Tag::Other,
    }
}

#[derive(Clone, Copy)]
struct Frame {
    tag: Tag,
    /// Opened outside any ignored element: its end is handled too.
    active: bool,
    ignores: bool,
    /// A direct child of the run open when it started.
    run_child: bool,
}

struct Walker<'a> {
    out: &'a mut Builder,
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: Counters,
    part: usize,
    note_kind: Option<ParagraphKind>,
    /// The `w:id` of the note being read.
    note_id: Option<String>,
    stack: Vec<Frame>,
    ignored: usize,
    removed: usize,
    revisions: usize,
    choices: usize,
    text_boxes: usize,
    cells: usize,
    fields: Vec<Field>,
    simple_fields: Vec<bool>,
    paragraphs: Vec<OpenParagraph>,
    runs: Vec<OpenRun>,
}

fn is_toc(instruction: &str) -> bool {
    instruction
        .trim_start()
        .get(..3)
        .is_some_and(|s| s.eq_ignore_ascii_case("TOC"))
}

fn on_off(value: Option<String>) -> bool {
    value.is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

impl<'a> Walker<'a> {
    fn new(
        out: &'a mut Builder,
        styles: &'a Styles,
        numbering: &'a Numbering,
        part: usize,
        note_kind: Option<ParagraphKind>,
    ) -> Walker<'a> {
        Walker {
            out,
            styles,
            numbering,
            counters: Counters::default(),
            part,
            note_kind,
            note_id: None,
            stack: Vec::new(),
            ignored: 0,
            removed: 0,
            revisions: 0,
            choices: 0,
            text_boxes: 0,
            cells: 0,
            fields: Vec::new(),
            simple_fields: Vec::new(),
            paragraphs: Vec::new(),
            runs: Vec::new(),
        }
    }

    fn walk(mut self, xml_text: &str, name: &str) -> Result<(), DocxError> {
        let mut reader = NsReader::from_str(xml_text);
        loop {
            let before = reader.buffer_position() as usize;
            let (ns, event) = xml::next(&mut reader, name)?;
            let after = reader.buffer_position() as usize;
            match event {
                Event::Start(e) => {
                    let tag = classify(ns, xml::local(e.name()));
                    let frame = self.open(reader.resolver(), tag, &e, before..after, false);
                    self.stack.push(frame);
                }
                Event::Empty(e) => {
                    let tag = classify(ns, xml::local(e.name()));
                    let frame = self.open(reader.resolver(), tag, &e, before..after, true);
                    self.close(frame, before..after, true);
                }
                Event::End(_) => {
                    if let Some(frame) = self.stack.pop() {
                        self.close(frame, before..after, false);
                    }
                }
                Event::Text(t) if self.reading_text() => {
                    let text = t.xml10_content().map_err(|e| xml::bad_xml(name, e))?;
                    self.text(&text);
                }
                Event::GeneralRef(r) if self.reading_text() => {
                    let c = match r.resolve_char_ref().map_err(|e| xml::bad_xml(name, e))? {
                        Some(c) => Some(c.to_string()),
                        None => {
                            let name = r.decode().map_err(|e| xml::bad_xml(name, e))?;
                            quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                        }
                    };
                    if let Some(c) = c {
                        self.text(&c);
                    }
                }
                Event::CData(t) if self.reading_text() => {
                    let text = t.decode().map_err(|e| xml::bad_xml(name, e))?;
                    self.text(&text);
                }
                Event::Eof if self.stack.is_empty() => return Ok(()),
                Event::Eof => return Err(xml::bad_xml(name, "元素未闭合，文件不完整")),
                _ => {}
            }
        }
    }

    fn parent(&self, up: usize) -> Option<Tag> {
        self.stack
            .len()
            .checked_sub(up + 1)
            .map(|i| self.stack[i].tag)
    }

    fn reading_text(&self) -> bool {
        matches!(self.parent(0), Some(Tag::T | Tag::InstrText))
            && self.stack.last().is_some_and(|f| f.active)
    }

    fn text(&mut self, text: &str) {
        match self.parent(0) {
            Some(Tag::T) if self.parent(1) == Some(Tag::R) => {
                if let Some(run) = self.runs.last_mut() {
                    run.text.push_str(text);
                }
            }
            Some(Tag::InstrText) => {
                if let Some(f) = self.fields.last_mut() {
                    if !f.in_result && f.instruction.len() < 4096 {
                        f.instruction.push_str(text);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether text met now is what a reader sees.
    fn visible(&self) -> bool {
        self.removed == 0
            && !self.paragraphs.is_empty()
            && !self.runs.last().is_some_and(|r| r.hidden)
            && !self
                .fields
                .iter()
                .any(|f| f.in_result && is_toc(&f.instruction))
            && !self.simple_fields.iter().any(|toc| *toc)
    }

    fn editable(&self) -> bool {
        self.revisions == 0
            && self.choices == 0
            && self.fields.is_empty()
            && self.simple_fields.is_empty()
    }

    fn open(
        &mut self,
        reader: &NamespaceResolver,
        tag: Tag,
        e: &BytesStart,
        span: Range<usize>,
        empty: bool,
    ) -> Frame {
        let run_child = self.parent(0) == Some(Tag::R) && self.ignored == 0;
        let mut frame = Frame {
            tag,
            active: self.ignored == 0,
            ignores: false,
            run_child,
        };
        if !frame.active {
            if tag == Tag::Ignored || tag == Tag::Note {
                // Keep the count balanced with `close`.
                frame.ignores = true;
                self.ignored += 1;
            }
            return frame;
        }
        if memchr::memmem::find(e.attributes_raw(), b"id=").is_some() {
            if let Some(id) = xml::attr(reader, e, Ns::W, b"id").and_then(|v| v.parse().ok()) {
                self.out.max_id = self.out.max_id.max(id);
            }
        }
        if self.parent(0) == Some(Tag::P) && tag != Tag::PPr {
            self.resolve_paragraph();
        }
        if run_child {
            if let Some(run) = self.runs.last_mut() {
                run.child_start = span.start;
                if tag == Tag::RPr {
                    run.rpr_start = span.start;
                }
            }
        }
        let val = || xml::attr(reader, e, Ns::W, b"val");
        match tag {
            Tag::P => {
                let kind = match self.note_kind {
                    Some(k) => k,
                    None if self.text_boxes > 0 => ParagraphKind::TextBox,
                    None if self.cells > 0 => ParagraphKind::Table,
                    None => ParagraphKind::Body,
                };
                self.paragraphs.push(OpenParagraph {
                    kind,
                    text: String::new(),
                    atoms: Vec::new(),
                    nested: Vec::new(),
                    style: None,
                    num_id: None,
                    num_level: None,
                    outline_level: None,
                    heading_depth: None,
                    resolved: false,
                    content_at: (!empty).then_some(span.end),
                    note: self.note_id.clone(),
                });
            }
            Tag::R if !empty => {
                let index = self.out.runs.len();
                self.out.runs.push(Run {
                    part: self.part,
                    span: span.start..span.start,
                    start_tag: span.clone(),
                    ..Run::default()
                });
                self.runs.push(OpenRun {
                    index,
                    hidden: false,
                    child_start: span.start,
                    rpr_start: span.start,
                    text: String::new(),
                });
            }
            Tag::T => {
                if let Some(run) = self.runs.last_mut() {
                    run.text.clear();
                }
            }
            Tag::Vanish if self.parent(0) == Some(Tag::RPr) && self.parent(1) == Some(Tag::R) => {
                if let Some(run) = self.runs.last_mut() {
                    run.hidden = on_off(val());
                }
            }
            Tag::PStyle | Tag::OutlineLvl if self.in_paragraph_properties(0) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    if tag == Tag::PStyle {
                        p.style = val();
                    } else {
                        p.outline_level = val().and_then(|v| v.parse().ok());
                    }
                }
            }
            Tag::Ilvl | Tag::NumId
                if self.parent(0) == Some(Tag::NumPr) && self.in_paragraph_properties(1) =>
            {
                if let Some(p) = self.paragraphs.last_mut() {
                    if tag == Tag::Ilvl {
                        p.num_level = val().and_then(|v| v.parse().ok());
                    } else {
                        p.num_id = val().and_then(|v| v.parse().ok());
                    }
                }
            }
            Tag::Removed => self.removed += 1,
            Tag::Revision => self.revisions += 1,
            Tag::Choice => self.choices += 1,
            Tag::TextBox => self.text_boxes += 1,
            Tag::Cell => self.cells += 1,
            Tag::FldSimple => {
                let instruction = xml::attr(reader, e, Ns::W, b"instr").unwrap_or_default();
                self.simple_fields.push(is_toc(&instruction));
            }
            Tag::FldChar if run_child => {
                match xml::attr(reader, e, Ns::W, b"fldCharType").as_deref() {
                    Some("begin") => self.fields.push(Field {
                        instruction: String::new(),
                        in_result: false,
                    }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
            }
            Tag::Note => {
                let kind = xml::attr(reader, e, Ns::W, b"type");
                if matches!(
                    kind.as_deref(),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                ) {
                    frame.ignores = true;
                    self.ignored += 1;
                } else {
                    self.note_id = xml::attr(reader, e, Ns::W, b"id");
                }
            }
            Tag::NoteReference if run_child && self.note_kind.is_none() && self.removed == 0 => {
                let kind = if xml::local(e.name()) == b"endnoteReference" {
                    ParagraphKind::Endnote
                } else {
                    ParagraphKind::Footnote
                };
                if let (Some(id), Some(run)) =
                    (xml::attr(reader, e, Ns::W, b"id"), self.runs.last())
                {
                    if !self
                        .out
                        .note_refs
                        .iter()
                        .any(|r| r.kind == kind && r.id == id)
                    {
                        self.out.note_refs.push(NoteRef {
                            kind,
                            id,
                            run: run.index,
                        });
                    }
                }
            }
            Tag::Ignored => {
                frame.ignores = true;
                self.ignored += 1;
            }
            _ => {}
        }
        if tag == Tag::LineBreak && run_child {
            let page = matches!(
                xml::attr(reader, e, Ns::W, b"type").as_deref(),
                Some("page" | "column")
            );
            if page {
                frame.tag = Tag::Other;
            }
        }
        frame
    }

    /// Whether the element being opened `up` levels below the top of the
    /// stack is in the open paragraph's own `w:pPr` (not an old one in
    /// `w:pPrChange`).
    fn in_paragraph_properties(&self, up: usize) -> bool {
        self.parent(up) == Some(Tag::PPr) && self.parent(up + 1) == Some(Tag::P)
    }

    fn close(&mut self, frame: Frame, span: Range<usize>, empty: bool) {
        if frame.ignores {
            self.ignored -= 1;
        }
        if !frame.active {
            return;
        }
        match frame.tag {
            Tag::P => {
                if empty {
                    if let Some(p) = self.paragraphs.last_mut() {
                        p.content_at = None;
                    }
                }
                self.finish_paragraph();
            }
            Tag::PPr if self.parent(0) == Some(Tag::P) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.content_at = Some(span.end);
                }
                self.resolve_paragraph();
            }
            Tag::RPr if frame.run_child => {
                if let Some(run) = self.runs.last() {
                    let range = run.rpr_start..span.end;
                    self.out.runs[run.index].rpr = Some(range);
                }
            }
            Tag::R if !empty => {
                if let Some(run) = self.runs.pop() {
                    self.out.runs[run.index].span.end = span.end;
                }
            }
            Tag::Removed => self.removed -= 1,
            Tag::Revision => self.revisions -= 1,
            Tag::Choice => self.choices -= 1,
            Tag::TextBox => self.text_boxes -= 1,
            Tag::Cell => self.cells -= 1,
            Tag::FldSimple => {
                self.simple_fields.pop();
            }
            Tag::Note => self.note_id = None,
            _ => {}
        }
        if frame.run_child {
            self.finish_run_child(frame.tag, span.end);
        }
    }

    /// A direct child of the open run has ended at `end`.
    fn finish_run_child(&mut self, tag: Tag, end: usize) {
        if tag == Tag::RPr {
            return;
        }
        let visible = self.visible();
        let editable = self.editable();
        let Some(run) = self.runs.last_mut() else {
            return;
        };
        let span = run.child_start..end;
        let piece: Option<std::borrow::Cow<str>> = match tag {
            Tag::T => {
                let t = std::mem::take(&mut run.text);
                // One paragraph, one line.
                Some(if t.contains(['\n', '\r']) {
                    t.replace(['\n', '\r'], " ").into()
                } else {
                    t.into()
                })
            }
            Tag::Tab => Some("\t".into()),
            Tag::LineBreak => Some("\u{2028}".into()),
            Tag::Hyphen => Some("-".into()),
            _ => None,
        };
        let index = run.index;
        let record = &mut self.out.runs[index];
        let child = record.children.len();
        let paragraph = self.paragraphs.last_mut();
        match (piece.filter(|t| visible && !t.is_empty()), paragraph) {
            (Some(t), Some(p)) => {
                let start = p.text.len();
                p.text.push_str(&t);
                p.atoms.push(Atom {
                    flat: start..p.text.len(),
                    run: index,
                    child,
                    editable,
                });
                record.children.push(Child {
                    span,
                    kind: if tag == Tag::T {
                        ChildKind::Text
                    } else {
                        ChildKind::Symbol
                    },
                });
            }
            _ => record.children.push(Child {
                span,
                kind: ChildKind::Other,
            }),
        }
    }

    fn resolve_paragraph(&mut self) {
        let styles = self.styles;
        let Some(p) = self.paragraphs.last_mut() else {
            return;
        };
        if p.resolved {
            return;
        }
        p.resolved = true;
        let style = styles.effective(p.style.as_deref());
        p.heading_depth = match p.outline_level {
            Some(level) => depth_of_outline_level(level),
            None => style.and_then(|s| styles.heading_depth(s)),
        };
        let from_style = style.and_then(|s| styles.numbering(s));
        let (num_id, level) = match (p.num_id, from_style) {
            (Some(id), _) => (Some(id), p.num_level.or(from_style.and_then(|s| s.1))),
            (None, Some((id, l))) => (Some(id), p.num_level.or(l)),
            (None, None) => (None, None),
        };
        if let Some(id) = num_id.filter(|id| *id != 0) {
            if let Some(marker) =
                self.numbering
                    .next_marker(&mut self.counters, styles, id, level, style)
            {
                p.text.push_str(&marker);
            }
        }
    }

    fn finish_paragraph(&mut self) {
        self.resolve_paragraph();
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        let finished = FinishedParagraph {
            info: ParagraphInfo {
                kind: p.kind,
                heading_depth: p.heading_depth,
                part: self.part,
                content_at: p.content_at,
                note: p.note,
            },
            text: p.text,
            atoms: p.atoms,
            nested: p.nested,
        };
        match self.paragraphs.last_mut() {
            Some(outer) => outer.nested.push(finished),
            None => emit(self.out, finished),
        }
    }
}

fn emit(out: &mut Builder, p: FinishedParagraph) {
    if !out.paragraphs.is_empty() {
        out.text.push('\n');
    }
    let start = out.text.len();
    out.text.push_str(&p.text);
    out.atoms.extend(p.atoms.into_iter().map(|mut a| {
        a.flat = a.flat.start + start..a.flat.end + start;
        a
    }));
    out.paragraphs.push(p.info);
    for n in p.nested {
        emit(out, n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::testing::{docx, p};

    fn read(body: &str, parts: &[(&str, &str)]) -> Document {
        Document::from_bytes(&docx(body, parts), false).unwrap()
    }

    fn lines(doc: &Document) -> Vec<&str> {
        doc.text.split('\n').collect()
    }

    #[test]
    fn runs_are_joined_and_each_paragraph_is_a_line() {
        let body = format!(
            "{}{}<w:p/>{}",
            p(&["征", "集"]),
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>征集</w:t></w:r><w:r><w:t>征集</w:t><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t><w:br w:type="page"/><w:t>丙</w:t><w:noBreakHyphen/></w:r></w:p>"#,
            p(&["a &amp; b&#x4E00;", "行\n内"])
        );
        let doc = read(&body, &[]);
        assert_eq!(
            lines(&doc),
            ["征集", "征集征集\t甲\u{2028}乙丙-", "", "a & b一行 内"]
        );
        assert_eq!(doc.paragraphs.len(), 4);
        assert!(doc
            .paragraphs
            .iter()
            .all(|p| p.kind == ParagraphKind::Body && p.heading_depth.is_none()));
        // Every character of run text maps back to its run.
        let second = doc.text.find("征集征集").unwrap();
        let (a, b) = (
            doc.atom_at(second).unwrap(),
            doc.atom_at(second + 6).unwrap(),
        );
        assert_ne!(a.run, b.run);
        assert!(doc.atom_at(doc.text.find('\n').unwrap()).is_none());
    }

    #[test]
    fn what_a_reader_does_not_see_is_left_out() {
        let body = concat!(
            // A tracked deletion and insertion.
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:del w:id="7" w:author="a"><w:r><w:delText>删掉XX</w:delText></w:r></w:del>"#,
            r#"<w:ins w:id="8" w:author="a"><w:r><w:t>新增</w:t></w:r></w:ins>"#,
            r#"<w:moveFrom w:id="9"><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>"#,
            // A field: instruction skipped, result kept.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \@ "yyyy" </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2024</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>年</w:t></w:r></w:p>"#,
            // A table of contents repeats the headings: its result is skipped.
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \o "1-3"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、总体情况</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>二、存在问题</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:fldSimple w:instr="TOC"><w:r><w:t>三、目录</w:t></w:r></w:fldSimple><w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>"#,
            // Hidden text, ruby guides, content-control properties.
            r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r>"#,
            r#"<w:r><w:ruby><w:rt><w:r><w:t>zhù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>注</w:t></w:r></w:rubyBase></w:ruby></w:r>"#,
            r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt></w:p>"#,
        );
        let doc = read(body, &[]);
        assert_eq!(
            lines(&doc),
            ["正文新增", "2024年", "", "", "3", "可见注控件"]
        );
        // Text in revisions and fields cannot take a tracked change.
        let at = |s: &str| doc.atom_at(doc.text.find(s).unwrap()).unwrap().editable;
        assert!(at("正文") && !at("新增") && !at("2024") && at("年"));
    }

    #[test]
    fn text_boxes_follow_their_paragraph_and_one_branch_is_read() {
        let body = concat!(
            r#"<w:p><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>"#,
            r#"<w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r#"<w:r><w:t>后</w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let doc = read(body, &[]);
        assert_eq!(lines(&doc), ["前后", "框内", "格"]);
        let kinds: Vec<ParagraphKind> = doc.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                ParagraphKind::Body,
                ParagraphKind::TextBox,
                ParagraphKind::Table
            ]
        );
        assert!(
            !doc.atom_at(doc.text.find("框内").unwrap())
                .unwrap()
                .editable
        );
    }

    #[test]
    fn footnotes_and_endnotes_come_last_without_separators() {
        let notes = |kind: &str, text: &str| {
            format!(
                r#"<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p/></w:{kind}><w:{kind} w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>"#
            )
        };
        let doc = read(
            &p(&["正文"]),
            &[
                ("footnotes.xml", &notes("footnote", "脚注")),
                ("endnotes.xml", &notes("endnote", "尾注")),
            ],
        );
        assert_eq!(lines(&doc), ["正文", "脚注", "尾注"]);
        assert_eq!(doc.paragraphs[1].kind, ParagraphKind::Footnote);
        assert_eq!(doc.paragraphs[2].kind, ParagraphKind::Endnote);
        assert_eq!(doc.parts.len(), 3);
    }

    #[test]
    fn headings_from_styles_and_outline_levels() {
        let styles = concat!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style>"#,
            r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>"#,
        );
        let body = concat!(
            r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>总结</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>学习</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>直接大纲级别</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:pPrChange><w:pPr><w:outlineLvl w:val="4"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>旧属性不算</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>正文</w:t></w:r></w:p>"#,
        );
        let doc = read(body, &[("styles.xml", styles)]);
        assert_eq!(
            doc.heading_depths(),
            [None, Some(1), Some(2), Some(3), None, Some(1), None]
        );
    }

    #[test]
    fn automatic_numbering_is_written_in_front() {
        let numbering = concat!(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>"#,
            r#"<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
        let numbered = |style: &str, num: &str, text: &str| {
            format!(r#"<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let body = [
            numbered(r#"<w:pStyle w:val="H1"/>"#, "", "总体情况"),
            numbered(
                "",
                r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#,
                "加强学习",
            ),
            numbered(
                "",
                r#"<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>"#,
                "落实责任",
            ),
            numbered(r#"<w:pStyle w:val="H1"/>"#, "", "存在问题"),
            numbered(
                r#"<w:pStyle w:val="H1"/>"#,
                r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#,
                "不编号",
            ),
            numbered("", "", "四、手写的序号"),
        ]
        .concat();
        let doc = read(
            &body,
            &[("numbering.xml", numbering), ("styles.xml", styles)],
        );
        assert_eq!(
            lines(&doc),
            [
                "一、总体情况",
                "（一）加强学习",
                "（二）落实责任",
                "二、存在问题",
                "不编号",
                "四、手写的序号"
            ]
        );
        // The marker is not run text: nothing to edit there.
        assert!(doc.atom_at(0).is_none());
        assert!(doc.atom_at("一、".len()).is_some());
    }

    #[test]
    fn broken_parts_are_errors_not_panics() {
        for body in ["<w:p><w:r><w:t>错配</w:p>", "<w:p><w:r><w:t>未闭合"] {
            let bytes = docx(body, &[]);
            let err = Document::from_bytes(&bytes, false).err().unwrap();
            assert!(
                matches!(&err, DocxError::BadXml { part, .. } if part == "word/document.xml"),
                "{err:?}"
            );
        }
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(
            Document::from_bytes(&bytes, false).err(),
            Some(DocxError::NotWord("word/document.xml".into()))
        );
    }
}
