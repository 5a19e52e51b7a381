//! Automatic list numbering (`word/numbering.xml`), rendered into the
//! marker a reader sees (`一、`, `（二）`, `3.`), so that `misnumbered` and
//! the outline read what is on the page.
//!
//! Supported:
//! - `w:num` → `w:abstractNum`, one hop of `w:numStyleLink` (numbering
//!   styles), levels 0–8 with `w:start`, `w:numFmt`, `w:lvlText` (`%1`–`%9`,
//!   each in its own level's format), `w:isLgl`, `w:lvlRestart`, `w:suff`
//!   (`space` becomes a space; `tab` and `nothing` add nothing: a tab after a
//!   marker is alignment, not text), `w:pStyle` on a level (a style's level
//!   when the style names only the list).
//! - `w:lvlOverride` with `w:startOverride` (restarts that level when the
//!   `w:num` is first used) or a whole `w:lvl`.
//! - Counters belong to the abstract list, so several `w:num` of one
//!   `w:abstractNum` continue each other unless they override the start,
//!   which is how Word's "continue numbering"/"restart at 1" are written.
//! - Formats: decimal, decimalZero, decimalFullWidth, decimalHalfWidth,
//!   decimalEnclosedCircle(Chinese), decimalEnclosedFullstop,
//!   decimalEnclosedParen, chineseCounting, chineseCountingThousand,
//!   chineseLegalSimplified, taiwaneseCounting(Thousand),
//!   ideographTraditional (甲乙丙), ideographZodiac (子丑寅), ideographDigital,
//!   ideographEnclosedCircle, upper/lowerLetter, upper/lowerRoman, none.
//!   Bullets render as nothing (their glyphs are font symbols, and a `■`
//!   would read as a placeholder). Other formats fall back to decimal.
//! - In `mc:AlternateContent` the `mc:Fallback` is read: Word puts its
//!   `custom` formats (`w:format="一, 二, 三, ..."`) in the `mc:Choice` and a
//!   standard format for other readers in the fallback.
//!
//! Not supported: `w:lvlPicBulletId`, hidden levels (`w:vanish` in a
//! level's run properties), legacy `w:legacy` numbering, counters shared
//! across parts (footnotes count on their own).

use std::collections::{HashMap, HashSet};

use quick_xml::events::Event;

use super::styles::Styles;
use super::xml::{self, Ns};
use super::DocxError;

const LEVELS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    DecimalZero,
    DecimalFullWidth,
    EnclosedCircle,
    EnclosedFullstop,
    EnclosedParen,
    ChineseCounting,
    ChineseCountingThousand,
    ChineseLegalSimplified,
    IdeographTraditional,
    IdeographZodiac,
    IdeographDigital,
    IdeographEnclosedCircle,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    Bullet,
    None,
}

impl Format {
    fn parse(value: &str) -> Format {
        match value {
            "decimalZero" => Format::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => Format::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Format::EnclosedCircle,
            "decimalEnclosedFullstop" => Format::EnclosedFullstop,
            "decimalEnclosedParen" => Format::EnclosedParen,
            "chineseCounting" | "taiwaneseCounting" => Format::ChineseCounting,
            "chineseCountingThousand" | "taiwaneseCountingThousand" => {
                Format::ChineseCountingThousand
            }
            "chineseLegalSimplified" => Format::ChineseLegalSimplified,
            "ideographTraditional" => Format::IdeographTraditional,
            "ideographZodiac" => Format::IdeographZodiac,
            "ideographDigital" | "taiwaneseDigital" => Format::IdeographDigital,
            "ideographEnclosedCircle" => Format::IdeographEnclosedCircle,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            _ => Format::Decimal,
        }
    }

    fn render(self, n: u32) -> String {
        let table = |first: u32, count: u32| {
            (1..=count)
                .contains(&n)
                .then(|| char::from_u32(first + n - 1))
                .flatten()
                .map_or_else(|| n.to_string(), String::from)
        };
        match self {
            Format::Decimal => n.to_string(),
            Format::DecimalZero if n < 10 => format!("0{n}"),
            Format::DecimalZero => n.to_string(),
            Format::DecimalFullWidth => n
                .to_string()
                .chars()
                .filter_map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0)))
                .collect(),
            Format::EnclosedCircle => table(0x2460, 20),
            Format::EnclosedFullstop => table(0x2488, 20),
            Format::EnclosedParen => table(0x2474, 20),
            Format::IdeographEnclosedCircle => table(0x3280, 10),
            Format::ChineseCounting if n >= 100 => positional(n, &DIGITS),
            Format::ChineseCounting | Format::ChineseCountingThousand => {
                grouped(n, &DIGITS, &["十", "百", "千"], true)
            }
            Format::ChineseLegalSimplified => grouped(n, &LEGAL_DIGITS, &["拾", "佰", "仟"], false),
            Format::IdeographTraditional => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
            Format::IdeographZodiac => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
            Format::IdeographDigital => positional(n, &DIGITS),
            Format::UpperLetter => letters(n, b'A'),
            Format::LowerLetter => letters(n, b'a'),
            Format::UpperRoman => roman(n),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::Bullet | Format::None => String::new(),
        }
    }
}

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const LEGAL_DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

fn positional(n: u32, digits: &[&str; 10]) -> String {
    n.to_string()
        .bytes()
        .map(|b| digits[(b - b'0') as usize])
        .collect()
}

/// 一 … 十 十一 … 九十九 一百 一百零一 … 九千九百九十九; past that, digit by digit.
/// `bare_ten`: 10–19 are 十, 十一 (counting) rather than 壹拾 (legal).
fn grouped(n: u32, digits: &[&str; 10], units: &[&str; 3], bare_ten: bool) -> String {
    if n == 0 || n > 9999 {
        return positional(n, digits);
    }
    let places = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in places.iter().enumerate() {
        if d == 0 {
            pending_zero |= !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push_str(if bare_ten { "零" } else { digits[0] });
            pending_zero = false;
        }
        let unit = if i < 3 { units[2 - i] } else { "" };
        if !(bare_ten && i == 2 && d == 1 && out.is_empty()) {
            out.push_str(digits[d as usize]);
        }
        out.push_str(unit);
    }
    out
}

fn cycle(n: u32, set: &str) -> String {
    let chars: Vec<char> = set.chars().collect();
    match chars.get((n as usize).wrapping_sub(1)) {
        Some(c) => c.to_string(),
        None => n.to_string(),
    }
}

/// A … Z, AA … ZZ, AAA …: Word repeats the letter.
fn letters(n: u32, a: u8) -> String {
    if n == 0 || n > 26 * 64 {
        return n.to_string();
    }
    let letter = (a + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, glyph) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(glyph);
            n -= value;
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    /// `w:lvlRestart`: restart after a level numbered below this (1-based);
    /// 0 never restarts; unset restarts after any higher level.
    restart: Option<u32>,
    legal: bool,
    space_after: bool,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: Format::Decimal,
            text: String::new(),
            restart: None,
            legal: false,
            space_after: false,
            style: None,
        }
    }
}

#[derive(Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: u32,
    start_overrides: [Option<u32>; LEVELS],
    level_overrides: [Option<Level>; LEVELS],
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
}

/// Where a `w:lvl` being parsed goes.
enum Target {
    Abstract(u32, usize),
    Override(u32, usize),
}

fn level_index(v: Option<String>) -> Option<usize> {
    v?.parse::<usize>().ok().filter(|l| *l < LEVELS)
}

impl Numbering {
    pub fn parse(xml_text: &str, part: &str) -> Result<Numbering, DocxError> {
        let mut numbering = Numbering::default();
        let mut reader = quick_xml::NsReader::from_str(xml_text);
        let mut stack: Vec<(Ns, Vec<u8>)> = Vec::new();
        let mut abstract_id: Option<u32> = None;
        let mut num_id: Option<u32> = None;
        let mut override_level: Option<usize> = None;
        let mut target: Option<Target> = None;
        let mut level = Level::default();
        loop {
            let (ns, event) = xml::next(&mut reader, part)?;
            let (e, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    if let Some((ns, name)) = stack.pop() {
                        numbering.close(ns, &name, &mut target, &mut level);
                        match (ns, name.as_slice()) {
                            (Ns::W, b"abstractNum") => abstract_id = None,
                            (Ns::W, b"num") => num_id = None,
                            (Ns::W, b"lvlOverride") => override_level = None,
                            _ => {}
                        }
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let local = xml::local(e.name()).to_vec();
            let in_choice = stack.iter().any(|(n, l)| *n == Ns::Mc && l == b"Choice");
            if ns == Ns::W && !in_choice {
                let val = || xml::attr(reader.resolver(), &e, Ns::W, b"val");
                let num = |v: Option<String>| v.and_then(|v| v.parse::<u32>().ok());
                match local.as_slice() {
                    b"abstractNum" => {
                        abstract_id =
                            num(xml::attr(reader.resolver(), &e, Ns::W, b"abstractNumId"));
                        if let Some(id) = abstract_id {
                            numbering.abstracts.entry(id).or_default();
                        }
                    }
                    b"num" => {
                        num_id = num(xml::attr(reader.resolver(), &e, Ns::W, b"numId"));
                        if let Some(id) = num_id {
                            numbering.nums.entry(id).or_default();
                        }
                    }
                    b"abstractNumId" => {
                        if let (Some(id), Some(a)) = (num_id, num(val())) {
                            if let Some(n) = numbering.nums.get_mut(&id) {
                                n.abstract_id = a;
                            }
                        }
                    }
                    b"numStyleLink" => {
                        if let Some(a) = abstract_id.and_then(|id| numbering.abstracts.get_mut(&id))
                        {
                            a.style_link = val();
                        }
                    }
                    b"lvlOverride" => {
                        override_level =
                            level_index(xml::attr(reader.resolver(), &e, Ns::W, b"ilvl"));
                    }
                    b"startOverride" => {
                        if let (Some(id), Some(l)) = (num_id, override_level) {
                            if let Some(n) = numbering.nums.get_mut(&id) {
                                n.start_overrides[l] = num(val());
                            }
                        }
                    }
                    b"lvl" => {
                        let ilvl = level_index(xml::attr(reader.resolver(), &e, Ns::W, b"ilvl"));
                        target = match (abstract_id, num_id, ilvl.or(override_level)) {
                            (Some(a), _, Some(l)) => Some(Target::Abstract(a, l)),
                            (None, Some(n), Some(l)) => Some(Target::Override(n, l)),
                            _ => None,
                        };
                        level = Level::default();
                    }
                    _ if target.is_some() => match local.as_slice() {
                        b"start" => level.start = num(val()).unwrap_or(1),
                        b"numFmt" => level.format = Format::parse(&val().unwrap_or_default()),
                        b"lvlText" => level.text = val().unwrap_or_default(),
                        b"lvlRestart" => level.restart = num(val()),
                        b"isLgl" => level.legal = val().is_none_or(|v| v != "0" && v != "false"),
                        b"suff" => level.space_after = val().as_deref() == Some("space"),
                        b"pStyle" => level.style = val(),
                        _ => {}
                    },
                    _ => {}
                }
            }
            if empty {
                numbering.close(ns, &local, &mut target, &mut level);
            } else {
                stack.push((ns, local));
            }
        }
        Ok(numbering)
    }

    fn close(&mut self, ns: Ns, name: &[u8], target: &mut Option<Target>, level: &mut Level) {
        if ns != Ns::W || name != b"lvl" {
            return;
        }
        let done = std::mem::take(level);
        match target.take() {
            Some(Target::Abstract(a, l)) => {
                if let Some(a) = self.abstracts.get_mut(&a) {
                    a.levels[l] = Some(done);
                }
            }
            Some(Target::Override(n, l)) => {
                if let Some(n) = self.nums.get_mut(&n) {
                    n.level_overrides[l] = Some(done);
                }
            }
            None => {}
        }
    }

    /// The abstract list a `w:num` counts in, following a numbering style
    /// link once.
    fn abstract_of(&self, num: &Num, styles: &Styles) -> Option<(u32, &Abstract)> {
        let a = self.abstracts.get(&num.abstract_id)?;
        if a.levels.iter().all(Option::is_none) {
            if let Some(link) = &a.style_link {
                let (linked, _) = styles.numbering(link)?;
                let target = self.nums.get(&linked)?;
                let b = self.abstracts.get(&target.abstract_id)?;
                return Some((target.abstract_id, b));
            }
        }
        Some((num.abstract_id, a))
    }
}

/// Counter state while a part is read in document order.
#[derive(Debug, Default)]
pub struct Counters {
    lists: HashMap<u32, [Option<u32>; LEVELS]>,
    started: HashSet<u32>,
}

impl Numbering {
    /// The marker of a paragraph numbered by list `num_id` at `ilvl` (or the
    /// level whose `w:pStyle` is `style`), advancing the counters. `None`
    /// for unnumbered paragraphs and bullets.
    pub fn next_marker(
        &self,
        counters: &mut Counters,
        styles: &Styles,
        num_id: u32,
        ilvl: Option<u8>,
        style: Option<&str>,
    ) -> Option<String> {
        let num = self.nums.get(&num_id)?;
        let (abstract_id, abs) = self.abstract_of(num, styles)?;
        let level_of = |l: usize| num.level_overrides[l].as_ref().or(abs.levels[l].as_ref());
        let ilvl = match ilvl {
            Some(l) => (l as usize).min(LEVELS - 1),
            None => (0..LEVELS)
                .find(|&l| style.is_some() && level_of(l).and_then(|x| x.style.as_deref()) == style)
                .unwrap_or(0),
        };
        let level = level_of(ilvl)?;
        let start_of =
            |l: usize| num.start_overrides[l].unwrap_or_else(|| level_of(l).map_or(1, |x| x.start));

        let counts = counters.lists.entry(abstract_id).or_default();
        if counters.started.insert(num_id) {
            for (l, start) in num.start_overrides.iter().enumerate() {
                if start.is_some() {
                    counts[l] = None;
                }
            }
        }
        counts[ilvl] = Some(counts[ilvl].map_or(start_of(ilvl), |c| c.saturating_add(1)));
        for (deeper, count) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_below = level_of(deeper)
                .and_then(|x| x.restart)
                .unwrap_or(deeper as u32);
            if (ilvl as u32) < restart_below {
                *count = None;
            }
        }
        if level.format == Format::Bullet {
            return None;
        }

        let mut marker = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let referenced = match (c, chars.peek()) {
                ('%', Some(d @ '1'..='9')) => Some(*d as usize - '1' as usize),
                _ => None,
            };
            let Some(l) = referenced else {
                marker.push(c);
                continue;
            };
            chars.next();
            let value = counts[l].unwrap_or_else(|| start_of(l));
            let format = match level_of(l).map(|x| x.format) {
                Some(f) if level.legal && f != Format::None => Format::Decimal,
                Some(f) => f,
                None => Format::Decimal,
            };
            marker.push_str(&format.render(value));
        }
        if level.space_after && !marker.is_empty() {
            marker.push(' ');
        }
        (!marker.is_empty()).then_some(marker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_render_what_word_shows() {
        let r = |f: &str, n| Format::parse(f).render(n);
        assert_eq!(r("chineseCounting", 1), "一");
        assert_eq!(r("chineseCounting", 10), "十");
        assert_eq!(r("chineseCounting", 11), "十一");
        assert_eq!(r("chineseCounting", 20), "二十");
        assert_eq!(r("chineseCounting", 99), "九十九");
        assert_eq!(r("chineseCounting", 100), "一〇〇");
        assert_eq!(r("chineseCountingThousand", 15), "十五");
        assert_eq!(r("chineseCountingThousand", 101), "一百零一");
        assert_eq!(r("chineseCountingThousand", 110), "一百一十");
        assert_eq!(r("chineseCountingThousand", 1005), "一千零五");
        assert_eq!(r("chineseLegalSimplified", 10), "壹拾");
        assert_eq!(r("chineseLegalSimplified", 23), "贰拾叁");
        assert_eq!(r("decimal", 7), "7");
        assert_eq!(r("decimalZero", 7), "07");
        assert_eq!(r("decimalFullWidth", 12), "１２");
        assert_eq!(r("decimalEnclosedCircle", 3), "③");
        assert_eq!(r("decimalEnclosedCircle", 21), "21");
        assert_eq!(r("decimalEnclosedParen", 2), "⑵");
        assert_eq!(r("ideographTraditional", 3), "丙");
        assert_eq!(r("ideographZodiac", 12), "亥");
        assert_eq!(r("upperLetter", 28), "BB");
        assert_eq!(r("lowerRoman", 14), "xiv");
        assert_eq!(r("bullet", 1), "");
        assert_eq!(r("somethingNew", 4), "4");
    }

    fn numbering_xml(body: &str) -> String {
        format!(
            r#"<w:numbering xmlns:w="{}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">{body}</w:numbering>"#,
            xml::W_NS
        )
    }

    const GONGWEN: &str = r#"
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/><w:lvlText w:val="（%4）"/></w:lvl>
        <w:lvl w:ilvl="4"><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%5"/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/>
          <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>
          <mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>
          <w:lvlText w:val="%1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="■"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num>
    "#;

    #[test]
    fn counts_restarts_and_overrides() {
        let n = Numbering::parse(&numbering_xml(GONGWEN), "numbering.xml").unwrap();
        let styles = Styles::default();
        let mut c = Counters::default();
        let mut next = |num, lvl| n.next_marker(&mut c, &styles, num, Some(lvl), None);
        assert_eq!(next(1, 0).as_deref(), Some("一、"));
        assert_eq!(next(1, 1).as_deref(), Some("（一）"));
        assert_eq!(next(1, 1).as_deref(), Some("（二）"));
        assert_eq!(next(1, 2).as_deref(), Some("1."));
        assert_eq!(next(1, 3).as_deref(), Some("（1）"));
        assert_eq!(next(1, 4).as_deref(), Some("1.1 "));
        // Another w:num of the same list continues it…
        assert_eq!(next(2, 0).as_deref(), Some("二、"));
        // …deeper levels restart, except the one that never does.
        assert_eq!(next(2, 1).as_deref(), Some("（一）"));
        assert_eq!(next(2, 3).as_deref(), Some("（2）"));
        // A start override restarts the level when its w:num is first used.
        assert_eq!(next(3, 0).as_deref(), Some("一、"));
        assert_eq!(next(3, 0).as_deref(), Some("二、"));
        assert_eq!(next(1, 0).as_deref(), Some("三、"));
        // The fallback format is read, bullets render as nothing.
        assert_eq!(next(4, 0).as_deref(), Some("03"));
        assert_eq!(next(4, 1), None);
        // A level redefined by a w:num counts on in its own format.
        assert_eq!(next(5, 0).as_deref(), Some("IV)"));
        assert_eq!(next(99, 0), None);
    }
}
