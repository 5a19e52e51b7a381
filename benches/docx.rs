//! Word documents: reading a generated 1M-character `.docx` into the text
//! model, checking it, and writing every finding back as a comment (and the
//! safe fixes as tracked changes).
//!
//! `cargo bench --bench docx`

mod common;

use std::hint::black_box;
use std::io::{Cursor, Write};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use report_lsp::docx::{annotate, AnnotateOptions, Document};
use report_lsp::engine::{self, Config};

const NAMESPACES: &str =
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// The generated report as Word would hold it: a paragraph per line, runs
/// of about 20 characters alternating plain and bold, headings in a
/// heading style.
fn docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        body.push_str("<w:p>");
        if line.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
            && line.contains('、')
        {
            body.push_str(r#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>"#);
        }
        let chars: Vec<char> = line.chars().collect();
        for (i, piece) in chars.chunks(20).enumerate() {
            let piece: String = piece.iter().collect();
            let rpr = if i % 2 == 1 {
                "<w:rPr><w:b/></w:rPr>"
            } else {
                ""
            };
            body.push_str(&format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                piece.replace('&', "&amp;").replace('<', "&lt;")
            ));
        }
        body.push_str("</w:p>");
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, content: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    add(
        "word/_rels/document.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    add(
        "word/styles.xml",
        &format!(
            r#"<?xml version="1.0"?><w:styles {NAMESPACES}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>"#
        ),
    );
    add(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#
        ),
    );
    zip.finish().unwrap().into_inner()
}

fn word_documents(c: &mut Criterion) {
    engine::segment::dictionary(); // its start table, outside the timings
    let text = common::report(1_000_000);
    let bytes = docx(&text);
    let document = Document::from_bytes(&bytes, false).unwrap();
    assert_eq!(
        document.text.chars().count(),
        text.trim_end().chars().count()
    );
    let config = Config::default();
    let findings = engine::check_with_headings(&document.text, &document.heading_depths(), &config);
    let options = AnnotateOptions {
        fix: true,
        author: "report-lsp",
        date: "2024-05-01T09:30:00Z",
    };

    let mut group = c.benchmark_group("docx-1M-chars");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(document.text.len() as u64));
    group.bench_function("read", |b| {
        b.iter(|| Document::from_bytes(black_box(&bytes), false).unwrap())
    });
    group.bench_function("read+check", |b| {
        b.iter(|| {
            let d = Document::from_bytes(black_box(&bytes), false).unwrap();
            engine::check_with_headings(&d.text, &d.heading_depths(), &config)
        })
    });
    group.bench_function("annotate", |b| {
        b.iter(|| annotate(black_box(&bytes), &document, &findings, &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, word_documents);
criterion_main!(benches);
