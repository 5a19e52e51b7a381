//! `document-number`: the year of a 发文字号 goes in 六角括号 `〔〕`
//! (GB/T 9704-2012 §7.2.4): `国发〔2023〕5号`, not `国发[2023]5号`,
//! `国发（2023）5号` or `国发【2023】5号`. Case numbers that put the year
//! first (`（2023）京01民终123号`) are not 发文字号 and are left alone.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::text::Paragraph;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}([\[［【（(〖﹝〔])((?:19|20)\d\d)([\]］】）)〗﹞〕])第?\d{1,4}号")
        .expect("built-in pattern")
});

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    for caps in NUMBER.captures_iter(p.text) {
        let (open, year, close) = (&caps[1], &caps[2], &caps[3]);
        if open == "〔" && close == "〕" {
            continue;
        }
        let range = caps.get(1).expect("group").start()..caps.get(3).expect("group").end();
        out.push(
            Finding::new(
                Rule::DocumentNumber,
                range,
                format!("发文字号的年份应使用六角括号“〔{year}〕”，这里是“{open}{year}{close}”"),
            )
            .with_fix(format!("〔{year}〕")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::registry::Rule;
    use crate::engine::testing::{findings, flagged, DEFAULT};

    fn hits(text: &str) -> Vec<String> {
        flagged(text, Rule::DocumentNumber, &DEFAULT)
    }

    #[test]
    fn spec_must_flag() {
        for (text, want) in [
            ("根据国发[2023]5号文件", "[2023]"),
            ("国发（2023）5号", "（2023）"),
            ("国发【2023】5号", "【2023】"),
            ("宁政办发(2022)18号", "(2022)"),
            ("国办函［2021］103号", "［2021］"),
            ("国发﹝2023﹞5号", "﹝2023﹞"),
            ("中办发〔2019〕第12号与国发(2023)6号", "(2023)"),
        ] {
            assert_eq!(hits(text), [want], "{text}");
        }
        let f = findings("国发[2023]5号", &DEFAULT);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "〔2023〕");
    }

    #[test]
    fn spec_must_not_flag() {
        for text in [
            "国发〔2023〕5号",
            "根据《国务院关于印发……的通知》（国发〔2023〕5号）要求",
            "（2023）京01民终123号判决",
            "《规划（2021—2025年）》",
            "2023年（2023）",
            "共完成（2023）项",
            "[2023]5号",
        ] {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}
