//! Turning file bytes into text: UTF-8 (with or without BOM), UTF-16 with a
//! BOM, or GB18030/GBK — what Chinese reports are saved as by Word, WPS and
//! older Windows editors.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Files larger than this are refused rather than analysed for minutes.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("文件过大（上限 {MAX_BYTES} 字节）")]
    TooLarge,
    #[error("看起来是二进制文件（含 NUL 字节），不是文本报告")]
    Binary,
    #[error("带 {0} BOM，但内容不是有效的 {0}")]
    BadBom(&'static str),
    #[error("无法识别的编码：不是 UTF-8、带 BOM 的 UTF-16，也不是 GB18030/GBK")]
    Unknown,
}

pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.len() > MAX_BYTES {
        return Err(DecodeError::TooLarge);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| DecodeError::BadBom("UTF-8"));
    }
    for (bom, encoding, name) in [
        (b"\xFF\xFE", UTF_16LE, "UTF-16LE"),
        (b"\xFE\xFF", UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return strict(encoding, rest).ok_or(DecodeError::BadBom(name));
        }
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    strict(GB18030, bytes).ok_or(DecodeError::Unknown)
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_encoding() {
        let text = "一、总体情况：征集意见𠀀";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode(&gbk).unwrap(), text);
        let mut le = b"\xFF\xFE".to_vec();
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap(), text);
        let mut be = b"\xFE\xFF".to_vec();
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), text);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(decode(b"\x7fELF\x02\x01\x00\x00"), Err(DecodeError::Binary));
        assert_eq!(decode(b"\xff\xff\xff"), Err(DecodeError::Unknown));
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xff"),
            Err(DecodeError::BadBom("UTF-8"))
        );
    }
}
