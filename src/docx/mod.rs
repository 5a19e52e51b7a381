//! Word documents (`.docx`): reading their text for the engine and writing
//! findings back as comments (批注) and tracked changes (修订).
//!
//! The engine never sees Word: [`Document::from_bytes`] flattens the body in
//! reading order into plain text, one paragraph per line, with each
//! paragraph's heading depth from its Word style; a source map remembers
//! which run and which characters of the XML every byte of that text came
//! from, so [`annotate`] can anchor a comment on exactly the flagged
//! characters and turn a safe fix into `w:del`/`w:ins`.
//!
//! - [`package`]: the zip container, its limits (zip bombs) and what is not
//!   a `.docx` (legacy `.doc`/`.wps`, encrypted files).
//! - [`styles`], [`numbering`]: heading styles and automatic list numbers.
//! - [`read`]: the XML walk that makes the text and the source map.
//! - [`write`]: annotating a copy of the package.

mod numbering;
mod package;
mod read;
mod styles;
mod write;
mod xml;

pub use package::MAX_FILE_BYTES;
pub use read::{Document, ParagraphInfo, ParagraphKind};
pub use write::{annotate, AnnotateOptions, Annotated};

/// Why a file could not be read or written as a Word document. Messages are
/// for the writer of the report, in Chinese; the caller prefixes the path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocxError {
    #[error("这是旧版 Word/WPS 二进制文档（.doc/.wps），不是 .docx：请在 Word/WPS 中另存为 .docx 后再检查")]
    LegacyBinary,
    #[error("文档已加密（设置了打开密码）：请在 Word/WPS 中取消密码后另存为 .docx 再检查")]
    Encrypted,
    #[error("不是有效的 .docx 文件（不是 zip 压缩包）")]
    NotZip,
    #[error("扩展名是 .doc/.wps，但内容不是 Word 文档：请在 Word/WPS 中另存为 .docx 后再检查")]
    NotWordLegacyName,
    #[error("是 zip 压缩包，但不是 Word 文档（缺少 {0}）")]
    NotWord(String),
    #[error("zip 压缩包已损坏：{0}")]
    BadZip(String),
    #[error("疑似压缩炸弹：{0}，已拒绝读取")]
    TooLarge(String),
    #[error("文档内部的 {part} 不是有效的 XML：{why}")]
    BadXml { part: String, why: String },
}

/// Packages built in memory for the unit tests: the parts a minimal Word
/// document needs, plus whatever a test adds.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::Write;

    pub const NAMESPACES: &str = concat!(
        r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
        r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
        r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    );

    /// A `.docx` whose body is `body`; `parts` are extra `word/` parts
    /// (`styles.xml`, `numbering.xml`, `footnotes.xml` …) with their root
    /// element's content.
    pub fn docx(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut add = |name: &str, content: &str| {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        };
        add(
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        );
        add(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        );
        add(
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#
            ),
        );
        let mut rels = String::new();
        for (i, (name, content)) in parts.iter().enumerate() {
            let root = name.trim_end_matches(".xml");
            add(
                &format!("word/{name}"),
                &format!(r#"<?xml version="1.0"?><w:{root} {NAMESPACES}>{content}</w:{root}>"#),
            );
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{root}" Target="{name}"/>"#,
                i + 10
            ));
        }
        add(
            "word/_rels/document.xml.rels",
            &format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        );
        zip.finish().unwrap().into_inner()
    }

    /// `<w:p>` with plain runs.
    pub fn p(runs: &[&str]) -> String {
        let runs: String = runs
            .iter()
            .map(|t| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>"))
            .collect();
        format!("<w:p>{runs}</w:p>")
    }
}
