//! The container: a zip of XML parts. Sizes are bounded before anything is
//! decompressed, and every read stops at its limit whatever the zip's
//! directory claims, so a zip bomb costs at most the limits below.

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::xml::{self, Ns};
use super::DocxError;

/// A `.docx` file is read whole into memory; larger files are refused.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Entries in the zip directory. Word writes a few dozen.
pub const MAX_ENTRIES: usize = 10_000;
/// One decompressed XML part (`document.xml` of a 1,000-page report is
/// a few tens of MiB).
pub const MAX_PART_BYTES: u64 = 128 * 1024 * 1024;
/// All parts that are decompressed, together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

const MIB: u64 = 1024 * 1024;

/// An opened package: the zip directory and the decompressed parts read so far.
pub struct Package<'a> {
    pub archive: ZipArchive<Cursor<&'a [u8]>>,
    read_total: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip, or says what else the file is. `legacy_name`:
    /// the file is named `.doc`/`.wps`, so a non-Word file gets the advice
    /// to save it as `.docx`.
    pub fn open(bytes: &'a [u8], legacy_name: bool) -> Result<Package<'a>, DocxError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(DocxError::TooLarge(format!(
                "文件大于 {} MiB",
                MAX_FILE_BYTES / MIB
            )));
        }
        if bytes.starts_with(CFB_SIGNATURE) {
            // An OLE compound file: Office puts a password-protected .docx
            // into one as the stream "EncryptedPackage"; anything else in
            // this container is a legacy binary document.
            return Err(if contains_utf16le(bytes, "EncryptedPackage") {
                DocxError::Encrypted
            } else {
                DocxError::LegacyBinary
            });
        }
        if !bytes.starts_with(b"PK") {
            return Err(if legacy_name {
                DocxError::NotWordLegacyName
            } else {
                DocxError::NotZip
            });
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            ZipError::InvalidArchive(_) | ZipError::UnsupportedArchive(_) if legacy_name => {
                DocxError::NotWordLegacyName
            }
            other => DocxError::BadZip(other.to_string()),
        })?;
        if archive.len() > MAX_ENTRIES {
            return Err(DocxError::TooLarge(format!(
                "压缩包有 {} 个条目（上限 {MAX_ENTRIES}）",
                archive.len()
            )));
        }
        Ok(Package {
            archive,
            read_total: 0,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The decompressed text of a part, `None` when there is no such entry.
    pub fn read_part(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let mut file = self.archive.by_index(index).map_err(|e| match e {
            ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => DocxError::Encrypted,
            other => DocxError::BadZip(format!("{name}: {other}")),
        })?;
        let budget = MAX_PART_BYTES.min(MAX_TOTAL_BYTES - self.read_total);
        let bomb = || {
            DocxError::TooLarge(format!(
                "{name} 解压后超过 {} MiB（全部部件合计上限 {} MiB）",
                MAX_PART_BYTES / MIB,
                MAX_TOTAL_BYTES / MIB
            ))
        };
        // The directory's size is only a claim: the read below is bounded
        // whatever it says.
        if file.size() > budget {
            return Err(bomb());
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| DocxError::BadZip(format!("{name}: {e}")))?;
        if bytes.len() as u64 > budget {
            return Err(bomb());
        }
        self.read_total += bytes.len() as u64;
        let text = String::from_utf8(bytes).map_err(|_| DocxError::BadXml {
            part: name.to_string(),
            why: "不是 UTF-8 编码".to_string(),
        })?;
        Ok(Some(text))
    }
}

fn contains_utf16le(haystack: &[u8], needle: &str) -> bool {
    let needle: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(haystack, &needle).is_some()
}

/// One relationship of a part: its type (the last segment of the type
/// URI, e.g. `officeDocument`, `styles`) and its target as a zip entry name.
#[derive(Debug, Clone)]
pub struct Relationship {
    pub kind: String,
    pub target: String,
}

/// The relationships part of `part` (`word/document.xml` →
/// `word/_rels/document.xml.rels`, the package → `_rels/.rels`).
pub fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Parses a relationships part; targets are resolved against the folder of
/// the part they belong to. External targets (hyperlinks) are dropped.
pub fn parse_rels(
    xml_text: &str,
    name: &str,
    owner_dir: &str,
) -> Result<Vec<Relationship>, DocxError> {
    let mut out = Vec::new();
    xml::for_each_start(xml_text, name, |resolver, ns, local, e| {
        if ns != Ns::Relationships || local != b"Relationship" {
            return;
        }
        if xml::attr(resolver, e, Ns::None, b"TargetMode").as_deref() == Some("External") {
            return;
        }
        let (Some(kind), Some(target)) = (
            xml::attr(resolver, e, Ns::None, b"Type"),
            xml::attr(resolver, e, Ns::None, b"Target"),
        ) else {
            return;
        };
        out.push(Relationship {
            kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
            target: resolve_target(owner_dir, &target),
        });
    })?;
    Ok(out)
}

/// `Target` relative to `dir` (or absolute from the package root when it
/// starts with `/`), with `.` and `..` resolved.
pub fn resolve_target(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for s in target.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_like_paths() {
        assert_eq!(resolve_target("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_target("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(
            resolve_target("word/sub", "../media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(
            rels_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_name(""), "_rels/.rels");
    }

    #[test]
    fn what_is_not_a_docx_says_so() {
        let err = |b: &[u8], legacy| Package::open(b, legacy).err();
        assert_eq!(err(b"hello", false), Some(DocxError::NotZip));
        assert_eq!(err(b"{\\rtf1", true), Some(DocxError::NotWordLegacyName));
        let mut cfb = CFB_SIGNATURE.to_vec();
        cfb.extend_from_slice(&[0; 64]);
        assert_eq!(err(&cfb, false), Some(DocxError::LegacyBinary));
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(err(&cfb, false), Some(DocxError::Encrypted));
        assert!(matches!(
            err(b"PK\x03\x04junk", false),
            Some(DocxError::BadZip(_))
        ));
    }
}
