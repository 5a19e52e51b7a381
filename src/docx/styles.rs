//! Paragraph styles (`word/styles.xml`): which are headings, and which carry
//! list numbering.
//!
//! A style is a heading of depth N when, following `w:basedOn` from the
//! paragraph's style, the first style that says anything has
//! `w:outlineLvl` N−1 (what Word's navigation pane uses; 9 = body text), or
//! is named `heading N` (the built-in name Word stores whatever the UI
//! language), `标题 N` (WPS and localised templates) or has the style id
//! `HeadingN`/`标题N`. `Title`/`标题` is the document title, not a heading.

use std::collections::HashMap;

use super::xml::{self, Ns};
use super::DocxError;

#[derive(Debug, Default, Clone)]
pub struct Style {
    pub name: Option<String>,
    pub based_on: Option<String>,
    /// `w:pPr/w:outlineLvl`, 0-based; 9 is body text.
    pub outline_level: Option<u8>,
    pub num_id: Option<u32>,
    pub num_level: Option<u8>,
}

#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none.
    default_paragraph: Option<String>,
}

/// How far `w:basedOn` is followed: chains are short, and a cycle must end.
const MAX_CHAIN: usize = 16;

impl Styles {
    pub fn parse(xml_text: &str, part: &str) -> Result<Styles, DocxError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        let mut reader = quick_xml::NsReader::from_str(xml_text);
        // Depth inside the current style's `w:pPrChange` (old properties).
        let mut stack: Vec<Vec<u8>> = Vec::new();
        loop {
            let (ns, event) = xml::next(&mut reader, part)?;
            let (e, empty) = match event {
                quick_xml::events::Event::Start(e) => (e, false),
                quick_xml::events::Event::Empty(e) => (e, true),
                quick_xml::events::Event::End(_) => {
                    if let Some(name) = stack.pop() {
                        if name == b"style" {
                            if let Some((id, style)) = current.take() {
                                styles.styles.insert(id, style);
                            }
                        }
                    }
                    continue;
                }
                quick_xml::events::Event::Eof => break,
                _ => continue,
            };
            let local = xml::local(e.name()).to_vec();
            if ns == Ns::W {
                let val = || xml::attr(reader.resolver(), &e, Ns::W, b"val");
                let in_change = stack.iter().any(|n| n == b"pPrChange");
                match local.as_slice() {
                    b"style" => {
                        let is_paragraph = xml::attr(reader.resolver(), &e, Ns::W, b"type")
                            .is_none_or(|t| t == "paragraph" || t == "numbering");
                        let id = xml::attr(reader.resolver(), &e, Ns::W, b"styleId");
                        if let (true, Some(id)) = (is_paragraph, id) {
                            let default = xml::attr(reader.resolver(), &e, Ns::W, b"default")
                                .is_some_and(|d| d == "1" || d == "true");
                            if default && styles.default_paragraph.is_none() {
                                styles.default_paragraph = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                    }
                    _ if in_change => {}
                    b"name" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.name = val();
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.based_on = val();
                        }
                    }
                    b"outlineLvl" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.outline_level = val().and_then(|v| v.parse().ok());
                        }
                    }
                    b"numId" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.num_id = val().and_then(|v| v.parse().ok());
                        }
                    }
                    b"ilvl" => {
                        if let Some((_, s)) = current.as_mut() {
                            s.num_level = val().and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                }
            }
            if !empty {
                stack.push(local);
            } else if local == b"style" {
                if let Some((id, style)) = current.take() {
                    styles.styles.insert(id, style);
                }
            }
        }
        Ok(styles)
    }

    /// The style a paragraph with `w:pStyle` = `id` (or none) has.
    pub fn effective<'a>(&'a self, id: Option<&'a str>) -> Option<&'a str> {
        id.or(self.default_paragraph.as_deref())
    }

    /// The styles from `id` along `w:basedOn`, nearest first.
    fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = (&'a str, &'a Style)> + 'a {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.styles.get(id)?;
            next = style.based_on.as_deref();
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    /// Heading depth (1–9) of paragraphs in style `id`.
    pub fn heading_depth(&self, id: &str) -> Option<u8> {
        for (style_id, style) in self.chain(id) {
            if let Some(level) = style.outline_level {
                return depth_of_outline_level(level);
            }
            let named = style
                .name
                .as_deref()
                .and_then(heading_depth_of_name)
                .or_else(|| heading_depth_of_name(style_id));
            if named.is_some() {
                return named;
            }
        }
        None
    }

    /// The list a style numbers its paragraphs with: numId and level.
    pub fn numbering(&self, id: &str) -> Option<(u32, Option<u8>)> {
        self.chain(id)
            .find_map(|(_, s)| s.num_id.map(|n| (n, s.num_level)))
    }
}

/// `w:outlineLvl` 0–8 is heading depth 1–9; 9 is explicitly body text.
pub fn depth_of_outline_level(level: u8) -> Option<u8> {
    (level < 9).then_some(level + 1)
}

/// `heading 1`, `Heading1`, `标题 1`, `标题1` → 1 (depths 1–9).
fn heading_depth_of_name(name: &str) -> Option<u8> {
    let name = name.trim();
    let rest = if name
        .get(..7)
        .is_some_and(|h| h.eq_ignore_ascii_case("heading"))
    {
        &name[7..]
    } else {
        name.strip_prefix("标题")?
    };
    let digits = rest.trim_start();
    match digits.as_bytes() {
        [d @ b'1'..=b'9'] => Some(d - b'0'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names_in_every_spelling() {
        for (name, depth) in [
            ("heading 1", Some(1)),
            ("Heading 2", Some(2)),
            ("Heading3", Some(3)),
            ("标题 1", Some(1)),
            ("标题2", Some(2)),
            ("标题", None),
            ("Title", None),
            ("heading 10", None),
            ("Normal", None),
            ("标题文字", None),
        ] {
            assert_eq!(heading_depth_of_name(name), depth, "{name}");
        }
    }

    #[test]
    fn outline_level_and_based_on_decide() {
        let x = format!(
            r#"<w:styles xmlns:w="{}">
              <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="我的标题"/><w:basedOn w:val="1"/>
                <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Lvl"><w:name w:val="x"/>
                <w:pPr><w:outlineLvl w:val="1"/><w:pPrChange><w:pPr><w:outlineLvl w:val="5"/></w:pPr></w:pPrChange></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
              <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 char"/></w:style>
            </w:styles>"#,
            xml::W_NS
        );
        let s = Styles::parse(&x, "styles.xml").unwrap();
        assert_eq!(s.heading_depth("1"), Some(1));
        assert_eq!(s.heading_depth("Mine"), Some(1));
        assert_eq!(s.heading_depth("Lvl"), Some(2));
        assert_eq!(s.heading_depth("Body"), None);
        assert_eq!(s.heading_depth("Normal"), None);
        assert_eq!(s.heading_depth("Loop"), None);
        assert_eq!(s.heading_depth("Heading1Char"), None);
        assert_eq!(s.numbering("Mine"), Some((3, None)));
        assert_eq!(s.effective(None), Some("Normal"));
    }
}
