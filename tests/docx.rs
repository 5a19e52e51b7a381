//! Word documents end to end: `check`, `outline` and `annotate` on `.docx`
//! files made by real Word writers (tests/docx/make_fixtures.py: python-docx
//! and LibreOffice), LibreOffice opening what `annotate` writes, and the
//! inputs that are not Word documents.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use quick_xml::events::Event;
use serde_json::Value;

fn report() -> PathBuf {
    fixture("docx/report.docx")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn entry(docx: &Path, name: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    file.read_to_end(&mut out).unwrap();
    Some(out)
}

fn part(docx: &Path, name: &str) -> String {
    String::from_utf8(entry(docx, name).unwrap_or_else(|| panic!("no {name}"))).unwrap()
}

/// What a Word document says, read independently of report-lsp: the kept
/// text of each paragraph (`w:t`), and for each comment id the text between
/// its range marks, kept and deleted.
struct Reading {
    paragraphs: Vec<String>,
    covered: BTreeMap<String, String>,
    deleted: Vec<String>,
    inserted: Vec<String>,
}

fn reading(xml_text: &str) -> Reading {
    let mut reader = quick_xml::Reader::from_str(xml_text);
    let mut r = Reading {
        paragraphs: Vec::new(),
        covered: BTreeMap::new(),
        deleted: Vec::new(),
        inserted: Vec::new(),
    };
    let mut open: Vec<String> = Vec::new();
    let (mut in_t, mut in_del_text, mut in_ins) = (false, false, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let id = e
                    .try_get_attribute("w:id")
                    .unwrap()
                    .map(|a| String::from_utf8(a.value.to_vec()).unwrap());
                match e.name().as_ref() {
                    b"w:p" => r.paragraphs.push(String::new()),
                    b"w:t" => in_t = true,
                    b"w:delText" => in_del_text = true,
                    b"w:ins" => {
                        in_ins = true;
                        r.inserted.push(String::new());
                    }
                    b"w:commentRangeStart" => {
                        let id = id.unwrap();
                        r.covered.entry(id.clone()).or_default();
                        open.push(id);
                    }
                    b"w:commentRangeEnd" => open.retain(|o| Some(o) != id.as_ref()),
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_t = false,
                b"w:delText" => in_del_text = false,
                b"w:ins" => in_ins = false,
                _ => {}
            },
            Event::Text(t) => {
                let t = t.decode().unwrap();
                if in_t {
                    if let Some(p) = r.paragraphs.last_mut() {
                        p.push_str(&t);
                    }
                    if in_ins {
                        r.inserted.last_mut().unwrap().push_str(&t);
                    }
                }
                if in_del_text {
                    r.deleted.push(t.to_string());
                }
                if in_t || in_del_text {
                    for id in &open {
                        r.covered.get_mut(id).unwrap().push_str(&t);
                    }
                }
            }
            Event::Eof => return r,
            _ => {}
        }
    }
}

/// Findings without the path, for comparing two files.
fn findings_of(path: &Path) -> (Option<i32>, Vec<Value>) {
    let out = check_json_file(path);
    let mut findings = json_findings(&out);
    for f in &mut findings {
        f.as_object_mut().unwrap().remove("path");
    }
    (out.status.code(), findings)
}

fn summary(findings: &[Value]) -> Vec<(String, u64, u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["paragraph_kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn check_reports_the_four_mistakes_of_the_word_document() {
    let out = check_json_file(&report());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = json_findings(&out);
    assert_eq!(
        summary(&findings),
        [
            ("placeholder".into(), 3, 3, "body".into()),
            ("repeated-word".into(), 4, 9, "body".into()),
            ("misnumbered".into(), 5, 10, "body".into()),
            ("unbalanced-bracket".into(), 7, 3, "table".into()),
        ]
    );
    let placeholder = &findings[0];
    assert_eq!(placeholder["end_column"], 5);
    assert_eq!(placeholder["path"], s(&report()));
    // The two runs of 征集 are one text: the second is the repeat.
    assert_eq!(findings[1]["fix"]["replacement"], "");
    assert_eq!(findings[2]["fix"]["replacement"], "二是");
    // The JSON keeps its shape and order, with one key more for Word
    // documents (serde_json's Value would sort the keys: read the text).
    let raw = stdout(&out);
    let first_object = &raw[..raw.find("\n  }").unwrap()];
    let keys: Vec<&str> = first_object
        .lines()
        .filter_map(|l| l.strip_prefix("    \"")?.split('"').next())
        .collect();
    assert_eq!(
        keys,
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "severity",
            "message",
            "fix",
            "paragraph_kind"
        ]
    );
}

#[test]
fn text_output_names_the_paragraph() {
    let out = run(&["check", s(&report())]);
    let text = stdout(&out);
    let path = report();
    let name = s(&path);
    assert!(
        text.contains(&format!(
            "{name}:第3段:3: warning[placeholder] 模板占位符“XX”未替换"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{name}:第7段（表格）:3: error[unbalanced-bracket]"
        )),
        "{text}"
    );
}

#[test]
fn outline_of_the_word_document_uses_its_heading_styles() {
    let out = run(&["outline", "--format", "json", s(&report())]);
    assert_eq!(out.status.code(), Some(0));
    let tree = json_findings(&out);
    let title = &tree[0];
    assert_eq!(title["name"], "2024年度党支部工作总结");
    assert_eq!(title["kind"], "title");
    let headings: Vec<(&str, u64, u64)> = title["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap(),
                h["level"].as_u64().unwrap(),
                h["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(headings, [("一、基本情况", 1, 2), ("二、下一步打算", 1, 6)]);
    let items: Vec<&str> = title["children"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["一是加强理论学习", "三是严格日常考核"]);
    let text = stdout(&run(&["outline", s(&report())]));
    assert!(text.contains("  一、基本情况  （第 2 段，"), "{text}");
}

#[test]
fn annotate_writes_one_anchored_comment_per_finding() {
    let dir = TempDir::new("annotate");
    let output = dir.path().join("批注.docx");
    let input_before = std::fs::read(report()).unwrap();
    let out = run(&["annotate", s(&report()), "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("写入 4 条批注"), "{}", stderr(&out));
    assert_eq!(std::fs::read(report()).unwrap(), input_before);

    let original = reading(&part(&report(), "word/document.xml"));
    let annotated = reading(&part(&output, "word/document.xml"));
    assert_eq!(annotated.paragraphs, original.paragraphs);
    assert!(annotated.deleted.is_empty() && annotated.inserted.is_empty());
    let covered: Vec<&str> = annotated.covered.values().map(String::as_str).collect();
    assert_eq!(covered, ["XX", "征集", "三是", "《"]);

    let document = part(&output, "word/document.xml");
    // The placeholder's run was split and kept its bold.
    assert!(
        document.contains(r#"<w:commentRangeStart w:id="1"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">XX</w:t></w:r><w:commentRangeEnd w:id="1"/>"#),
        "{document}"
    );
    let comments = part(&output, "word/comments.xml");
    assert_eq!(comments.matches("w:author=\"report-lsp\"").count(), 4);
    for id in annotated.covered.keys() {
        assert!(comments.contains(&format!("<w:comment w:id=\"{id}\"")));
        assert!(document.contains(&format!("<w:commentReference w:id=\"{id}\"/>")));
    }
    assert!(comments.contains("模板占位符“XX”未替换，请填写实际内容（placeholder）"));
    assert!(comments.contains("建议删除“征集”"));
    assert!(comments.contains("建议改为“二是”"));

    // The same findings, and every other entry as it was.
    let (_, before) = findings_of(&report());
    let (code, after) = findings_of(&output);
    assert_eq!((code, after), (Some(1), before));
    let names = |p: &Path| -> Vec<String> {
        let bytes = std::fs::read(p).unwrap();
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        zip.file_names().map(String::from).collect()
    };
    let original_names = names(&report());
    let written: Vec<String> = names(&output);
    assert_eq!(&written[..original_names.len()], &original_names[..]);
    assert_eq!(&written[original_names.len()..], ["word/comments.xml"]);
    for name in &original_names {
        if [
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "[Content_Types].xml",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        assert_eq!(entry(&report(), name), entry(&output, name), "{name}");
    }
}

#[test]
fn annotate_fix_shows_the_safe_fixes_as_tracked_changes() {
    let dir = TempDir::new("annotate-fix");
    let output = dir.path().join("fixed.docx");
    let out = run(&["annotate", "--fix", s(&report()), "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("4 条批注，2 处修订"),
        "{}",
        stderr(&out)
    );
    let document = part(&output, "word/document.xml");
    let fixed = reading(&document);
    assert_eq!(fixed.deleted, ["征集", "三是"]);
    assert_eq!(fixed.inserted, ["二是"]);
    // The first 征集 stays in its bold run; the second, italic and 14 pt,
    // is deleted as a revision by report-lsp with its formatting.
    assert!(
        document.contains(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>征集</w:t></w:r><w:commentRangeStart w:id="2"/><w:del w:id="5" w:author="report-lsp" w:date=""#),
        "{document}"
    );
    assert!(
        document.contains(r#"<w:r><w:rPr><w:i/><w:sz w:val="28"/></w:rPr><w:delText xml:space="preserve">征集</w:delText></w:r></w:del>"#),
        "{document}"
    );
    // Read as Word shows it with the changes accepted: those two are gone.
    let (code, findings) = findings_of(&output);
    assert_eq!(code, Some(1));
    let rules: Vec<String> = summary(&findings).into_iter().map(|s| s.0).collect();
    assert_eq!(rules, ["placeholder", "unbalanced-bracket"]);
}

#[test]
fn annotate_never_overwrites_the_input_and_needs_force_for_an_existing_output() {
    let dir = TempDir::new("annotate-refuse");
    let input = dir.path().join("总结.docx");
    std::fs::copy(report(), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for args in [
        vec!["annotate", s(&input), "-o", s(&input)],
        vec!["annotate", "--force", s(&input), "-o", s(&input)],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("不会覆盖输入"), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let output = dir.write("已有.docx", "别动我");
    let out = run(&["annotate", s(&input), "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("已存在；加 --force 覆盖"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "别动我");
    let out = run(&["annotate", "--force", s(&input), "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(part(&output, "word/comments.xml").contains("report-lsp"));
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 2);

    let out = run(&[
        "annotate",
        s(&fixture("clean_report.txt")),
        "-o",
        s(&dir.path().join("x.docx")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("clean_report.txt"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn libreoffice_document_numbering_text_boxes_and_footnotes() {
    let doc = fixture("docx/libreoffice.docx");
    let (code, findings) = findings_of(&doc);
    assert_eq!(code, Some(1));
    // Automatic Chinese numbering (一、 二、) is what misnumbered sees, so the
    // typed 四、 after it is a skip; the tracked deletion (with an XX in
    // it) is not read; the text box and the footnote are.
    assert_eq!(
        summary(&findings),
        [
            ("misnumbered".into(), 4, 1, "body".into()),
            ("repeated-word".into(), 7, 7, "textbox".into()),
            ("placeholder".into(), 8, 7, "footnote".into()),
        ]
    );
    let text = stdout(&run(&["outline", s(&doc)]));
    for heading in ["  一、总体情况", "  二、存在问题", "  四、下一步打算"] {
        assert!(text.contains(heading), "{text}");
    }
}

#[test]
fn directories_include_word_documents_but_not_word_lock_files() {
    let dir = TempDir::new("docx-dir");
    std::fs::copy(report(), dir.path().join("a.docx")).unwrap();
    dir.write("~$a.docx", b"\x05owner");
    dir.write("b.txt", "召开XX会议。\n");
    let out = run(&["check", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.contains("a.docx:第3段:3:") && text.contains("b.txt:1:3:"));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `zip` with the uncompressed size of `name` set to `size` in both its
/// local header and the central directory: a bomb that lies about itself.
fn claiming(mut zip: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
    let u16_at = |b: &[u8], i: usize| usize::from(u16::from_le_bytes([b[i], b[i + 1]]));
    // (signature, offset of the name length, of the name, of the size)
    for (signature, name_len, name_at, size_at) in
        [(b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)]
    {
        let mut i = 0;
        while let Some(found) = zip[i..].windows(4).position(|w| w == signature) {
            let at = i + found;
            let len = u16_at(&zip, at + name_len);
            if zip.get(at + name_at..at + name_at + len) == Some(name.as_bytes()) {
                zip[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    zip
}

/// An OLE compound file header followed by directory-like bytes.
fn compound_file(stream: &str) -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(512, 0);
    bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    bytes
}

fn copy_of(dir: &TempDir, name: &str) -> PathBuf {
    let to = dir.path().join(Path::new(name).file_name().unwrap());
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

#[test]
fn inputs_that_are_not_word_documents_are_named_and_the_rest_still_checked() {
    let dir = TempDir::new("docx-bad");
    // 200 MiB of one byte compresses to a few hundred KiB.
    let mut bomb = b"<w:document>".to_vec();
    bomb.resize(200 * 1024 * 1024, b' ');
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            dir.write("text.docx", "其实是文本"),
            "不是有效的 .docx 文件（不是 zip 压缩包）",
        ),
        (
            dir.write("other.docx", zip_of(&[("readme.txt", b"hello")])),
            "是 zip 压缩包，但不是 Word 文档（缺少 word/document.xml）",
        ),
        (
            dir.write("locked.docx", compound_file("EncryptedPackage")),
            "文档已加密",
        ),
        (
            dir.write("old.doc", compound_file("WordDocument")),
            "请在 Word/WPS 中另存为 .docx",
        ),
        (
            dir.write("old.wps", compound_file("WpsDocument")),
            "请在 Word/WPS 中另存为 .docx",
        ),
        (
            dir.write("rtf.doc", "{\\rtf1 hello}"),
            "请在 Word/WPS 中另存为 .docx",
        ),
        (
            dir.write("bomb.docx", zip_of(&[("word/document.xml", &bomb)])),
            "疑似压缩炸弹",
        ),
        (
            dir.write(
                "liar.docx",
                claiming(
                    zip_of(&[("word/document.xml", &bomb)]),
                    "word/document.xml",
                    1000,
                ),
            ),
            "疑似压缩炸弹",
        ),
        // Made by real writers (tests/docx/make_fixtures.py): Word's own
        // encryption (msoffcrypto-tool) and a Word 97 file from LibreOffice.
        (copy_of(&dir, "docx/encrypted.docx"), "文档已加密"),
        (
            copy_of(&dir, "docx/legacy.doc"),
            "请在 Word/WPS 中另存为 .docx",
        ),
        (
            dir.write("cut.docx", &zip_of(&[("a", b"b")])[..20]),
            "zip 压缩包已损坏",
        ),
        (
            dir.write(
                "broken.docx",
                zip_of(&[("word/document.xml", b"<w:document><w:body>")]),
            ),
            "不是有效的 XML",
        ),
    ];
    let good = dir.path().join("good.docx");
    std::fs::copy(report(), &good).unwrap();
    let mut args = vec!["check".to_string()];
    args.extend(cases.iter().map(|(p, _)| s(p).to_string()));
    args.push(s(&good).to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for (path, message) in &cases {
        let line = err
            .lines()
            .find(|l| l.contains(s(path)))
            .unwrap_or_else(|| panic!("{} not named:\n{err}", path.display()));
        assert!(line.contains(message), "{line}");
    }
    assert!(
        stdout(&out).contains("good.docx:第3段:3:"),
        "{}",
        stdout(&out)
    );
    // `annotate` says the same and writes nothing.
    let output = dir.path().join("out.docx");
    for (path, message) in &cases {
        let out = run(&["annotate", s(path), "-o", s(&output)]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let err = stderr(&out);
        assert!(err.contains(s(path)) && err.contains(message), "{err}");
        assert!(!output.exists());
    }
}

#[test]
fn too_many_zip_entries_are_refused() {
    let dir = TempDir::new("docx-entries");
    let names: Vec<String> = (0..10_001).map(|i| format!("f{i}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let path = dir.write("many.docx", zip_of(&entries));
    let out = run(&["check", s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("10001 个条目"), "{}", stderr(&out));
}

fn soffice() -> Option<PathBuf> {
    ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::var_os("PATH")?
            .to_str()?
            .split(':')
            .map(|d| Path::new(d).join(name))
            .find(|p| p.is_file())
    })
}

/// Runs LibreOffice headless with a profile of its own (tests run in
/// parallel; two instances cannot share one).
fn convert(soffice: &Path, input: &Path, to: &str, out_dir: &Path) -> std::process::Output {
    let profile = out_dir.join("profile");
    Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out_dir)
        .arg(input)
        .output()
        .expect("run soffice")
}

#[test]
fn libreoffice_opens_the_annotated_document() {
    let Some(soffice) = soffice() else {
        eprintln!("skipped: LibreOffice (soffice) is not installed; .ci/run installs it");
        return;
    };
    let dir = TempDir::new("docx-libreoffice");
    let annotated = dir.path().join("annotated.docx");
    let out = run(&["annotate", "--fix", s(&report()), "-o", s(&annotated)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let pdf_dir = dir.path().join("pdf");
    let out = convert(&soffice, &annotated, "pdf", &pdf_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read(pdf_dir.join("annotated.pdf")).expect("LibreOffice wrote a PDF");
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 1000);

    // LibreOffice's own reading: each comment by report-lsp around the
    // flagged text, the deletion a tracked change by report-lsp.
    let odf_dir = dir.path().join("odf");
    let out = convert(&soffice, &annotated, "fodt", &odf_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let odf = std::fs::read_to_string(odf_dir.join("annotated.fodt")).unwrap();
    assert_eq!(
        odf.matches("<dc:creator>report-lsp</dc:creator>").count(),
        4 + 3
    );
    let placeholder = odf.find("模板占位符").unwrap();
    let after = &odf[placeholder..];
    let end = after.find("<office:annotation-end").unwrap();
    let between = &after[after.find("</office:annotation>").unwrap()..end];
    let text: String = between
        .split('<')
        .filter_map(|piece| piece.split_once('>').map(|(_, t)| t))
        .collect();
    assert_eq!(text.trim(), "XX");
    assert!(odf.contains("<text:deletion>"));

    // LibreOffice's own document: a footnote, a text box, automatic
    // numbering and someone else's tracked deletion. LibreOffice refuses to
    // load a comment inside a footnote, so that one sits on the reference
    // mark in the text and says where the finding is.
    let annotated = dir.path().join("lo-annotated.docx");
    let out = run(&[
        "annotate",
        "--fix",
        s(&fixture("docx/libreoffice.docx")),
        "-o",
        s(&annotated),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 条批注，1 处修订"),
        "{}",
        stderr(&out)
    );
    let out = convert(&soffice, &annotated, "fodt", &odf_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let odf = std::fs::read_to_string(odf_dir.join("lo-annotated.fodt"))
        .expect("LibreOffice loaded the annotated document");
    // Three comments, and the fix as a deletion and an insertion.
    assert_eq!(
        odf.matches("<dc:creator>report-lsp</dc:creator>").count(),
        3 + 2
    );
    assert_eq!(odf.matches("<dc:creator>审核人</dc:creator>").count(), 1);
    let note = odf.find("脚注中：模板说明或待办标记").unwrap();
    let after = &odf[note..];
    let end = after.find("<office:annotation-end").unwrap();
    assert!(
        after[..end].contains("<text:note-citation>1</text:note-citation>"),
        "{}",
        &after[..end]
    );
    let out = convert(&soffice, &annotated, "pdf", &pdf_dir);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(pdf_dir.join("lo-annotated.pdf"))
        .expect("LibreOffice wrote a PDF")
        .starts_with(b"%PDF"));
}

/// The committed fixtures are what the script makes with the writers
/// installed now: a newer python-docx or LibreOffice is noticed here.
#[test]
fn the_script_makes_documents_that_read_like_the_fixtures() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docx/make_fixtures.py");
    let has_python_docx = Command::new("python3")
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut writers = Vec::new();
    if has_python_docx {
        writers.push(("python-docx", "report.docx"));
    } else {
        eprintln!("skipped python-docx: not installed (pip install python-docx; .ci/run does)");
    }
    if soffice().is_some() {
        writers.push(("libreoffice", "libreoffice.docx"));
    } else {
        eprintln!("skipped LibreOffice: soffice not installed (.ci/run installs it)");
    }
    for (writer, name) in writers {
        let dir = TempDir::new("docx-script");
        let out = Command::new("python3")
            .arg(&script)
            .arg(dir.path())
            .arg(writer)
            .output()
            .unwrap();
        assert!(out.status.success(), "{writer}: {}", stderr(&out));
        let made = dir.path().join(name);
        assert_eq!(
            findings_of(&made),
            findings_of(&fixture(&format!("docx/{name}"))),
            "{writer}"
        );
        let outline = |p: &Path| stdout(&run(&["outline", "--format", "json", s(p)]));
        assert_eq!(
            outline(&made),
            outline(&fixture(&format!("docx/{name}"))),
            "{writer}"
        );
    }
}
