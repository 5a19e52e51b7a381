//! How a word is spelled as a key of the compiled dictionary. Shared by
//! `build.rs`, which writes the keys, and the segmenter, which walks them.
//!
//! UTF-16 big-endian rather than UTF-8: a Han character is two transitions
//! instead of three, and the walk is the segmenter's hot loop. Big-endian
//! keeps the keys sorted by code unit, and surrogates keep supplementary
//! characters (Extension B) unambiguous.

/// The key bytes of `c`, without allocating: the buffer and its used length.
pub fn char_key(c: char) -> ([u8; 4], usize) {
    let mut units = [0u16; 2];
    let mut bytes = [0u8; 4];
    let encoded = c.encode_utf16(&mut units);
    for (i, unit) in encoded.iter().enumerate() {
        bytes[2 * i..2 * i + 2].copy_from_slice(&unit.to_be_bytes());
    }
    (bytes, 2 * encoded.len())
}
