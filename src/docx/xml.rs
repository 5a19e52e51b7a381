//! Small helpers over quick-xml: names matched by namespace URI (the
//! prefix is the writer's choice), attribute lookup, escaping.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, NamespaceResolver, QName, ResolveResult};
use quick_xml::NsReader;

use super::DocxError;

/// The namespaces the reader cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML, transitional or strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office Math.
    Math,
    Relationships,
    ContentTypes,
    /// The `xml:` prefix.
    Xml,
    /// No namespace: unprefixed attributes.
    None,
    Other,
}

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MATH_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/math";
const MATH_STRICT_NS: &str = "http://purl.oclc.org/ooxml/officeDocument/math";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

pub fn ns_of(r: &ResolveResult) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(uri)) => match *uri {
            u if u == W_NS.as_bytes() || u == W_STRICT_NS.as_bytes() => Ns::W,
            u if u == MC_NS.as_bytes() => Ns::Mc,
            u if u == MATH_NS.as_bytes() || u == MATH_STRICT_NS.as_bytes() => Ns::Math,
            u if u == RELS_NS.as_bytes() => Ns::Relationships,
            u if u == CT_NS.as_bytes() => Ns::ContentTypes,
            u if u == XML_NS.as_bytes() => Ns::Xml,
            _ => Ns::Other,
        },
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

pub fn bad_xml(part: &str, e: impl std::fmt::Display) -> DocxError {
    DocxError::BadXml {
        part: part.to_string(),
        why: e.to_string(),
    }
}

/// The value of attribute `ns:local` of `e`, unescaped.
pub fn attr(resolver: &NamespaceResolver, e: &BytesStart, ns: Ns, local: &[u8]) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        let (resolved, name) = resolver.resolve_attribute(a.key);
        // `xml:` is bound without a declaration.
        let attr_ns = if a.key.prefix().is_some_and(|p| p.as_ref() == b"xml") {
            Ns::Xml
        } else {
            ns_of(&resolved)
        };
        if attr_ns == ns && name.as_ref() == local {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
    }
    None
}

/// Calls `f` on every start (or empty) element of a part.
pub fn for_each_start(
    xml_text: &str,
    part: &str,
    mut f: impl FnMut(&NamespaceResolver, Ns, &[u8], &BytesStart),
) -> Result<(), DocxError> {
    let mut reader = NsReader::from_str(xml_text);
    loop {
        let (ns, event) = next(&mut reader, part)?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let local = e.local_name();
                f(reader.resolver(), ns, local.as_ref(), &e);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The next event and the namespace of its name.
pub fn next<'i>(reader: &mut NsReader<&'i [u8]>, part: &str) -> Result<(Ns, Event<'i>), DocxError> {
    let (resolved, event) = reader.read_resolved_event().map_err(|e| bad_xml(part, e))?;
    Ok((ns_of(&resolved), event))
}

/// The prefix bound to WordprocessingML on the root element of a part, to
/// write new elements the way the part writes its own.
pub fn w_prefix(xml_text: &str) -> Option<String> {
    let mut reader = NsReader::from_str(xml_text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes().with_checks(false).flatten() {
                    let key = a.key.as_ref();
                    let Some(prefix) = key.strip_prefix(b"xmlns:") else {
                        continue;
                    };
                    let value = a.value.as_ref();
                    if value == W_NS.as_bytes() || value == W_STRICT_NS.as_bytes() {
                        return String::from_utf8(prefix.to_vec()).ok();
                    }
                }
                return None;
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Text for element content or a double-quoted attribute: `& < > "`
/// escaped, and characters XML 1.0 cannot hold at all dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The local name of a qualified name.
pub fn local<'a>(name: QName<'a>) -> &'a [u8] {
    name.local_name().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(escape("征集\t"), "征集\t");
    }

    #[test]
    fn finds_the_wordprocessingml_prefix() {
        let x = format!(r#"<?xml version="1.0"?><x:document xmlns:x="{W_NS}"/>"#);
        assert_eq!(w_prefix(&x).as_deref(), Some("x"));
        assert_eq!(w_prefix("<document/>"), None);
    }
}
