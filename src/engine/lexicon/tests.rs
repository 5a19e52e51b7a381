//! The built-in packs test themselves: every entry's examples, both ways.

use super::*;

/// Each text has one `typo` finding: `wrong`, fixed to `right`.
fn assert_typos(cases: &[(&str, &str, &str)]) {
    for &(text, wrong, right) in cases {
        assert_eq!(
            fixes(text, Rule::Typo),
            [(wrong.to_string(), Some(right.to_string()))],
            "{text}"
        );
    }
}

/// No text has a `typo` finding.
fn assert_no_typo(texts: &[&str]) {
    for text in texts {
        assert!(flagged(text, Rule::Typo, &DEFAULT).is_empty(), "{text}");
    }
}

#[test]
fn built_in_packs_load_without_problems() {
    let b = &*BUILT_IN;
    assert!(b.problems.is_empty(), "{:#?}", b.problems);
    assert!(builtin::AUTOMATON.is_some());
    assert!(!b.entries.is_empty());
}

#[test]
fn every_built_in_condition_compiles() {
    for e in &BUILT_IN.entries {
        if let Err(why) = pack::check_conditions(e) {
            panic!("{}:{}: {why}", e.origin.pack, e.origin.line);
        }
    }
}

#[test]
fn every_built_in_entry_passes_its_own_examples() {
    let mut failed = Vec::new();
    for e in &BUILT_IN.entries {
        for f in selftest::failures(e) {
            failed.push(format!("{}:{}: {f}", e.origin.pack, e.origin.line));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_built_in_entry_names_its_source_and_has_an_example_to_flag() {
    for e in &BUILT_IN.entries {
        let at = format!("{}:{}", e.origin.pack, e.origin.line);
        assert!(!e.source.trim().is_empty(), "{at}: no source");
        assert!(!e.flag.is_empty(), "{at}: no example to flag");
        // An entry gated by its context must show a look-alike it leaves alone.
        assert!(
            !e.has_conditions() || !e.pass.is_empty(),
            "{at}: conditions without an example to pass"
        );
    }
}

use crate::engine::config::{Config, PackText};
use crate::engine::testing::{fixes, flagged, DEFAULT};
use crate::engine::{check, DocumentKind};

fn with_pack(toml: &str, pack: &str) -> Config {
    crate::engine::Settings::from_toml(toml)
        .unwrap()
        .compile_with_packs(&[PackText {
            name: "本单位词表.toml".into(),
            text: Ok(pack.into()),
        }])
        .unwrap()
}

const PACK: &str = "[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nrule = \"typo\"\nsource = \"本单位机构名称\"\n";

#[test]
fn a_user_pack_adds_an_entry_with_its_fix_and_source() {
    let config = with_pack("[lexicon]\npacks = [\"本单位词表.toml\"]\n", PACK);
    assert!(config.problems().is_empty(), "{:?}", config.problems());
    let f: Vec<_> = check("县综治中新召开例会。", DocumentKind::PlainText, &config)
        .into_iter()
        .filter(|f| f.rule == Rule::Typo)
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].fix.as_ref().unwrap().replacement, "综治中心");
    assert!(f[0].message.contains("本单位机构名称"), "{}", f[0].message);
}

#[test]
fn a_broken_pack_entry_is_reported_at_its_line_and_the_rest_is_used() {
    let pack = format!(
        "{PACK}\n[[entry]]\nwrong = \"甲乙\"\nright = \"甲丙\"\nrule = \"typoo\"\n\n[[entry]]\nwrong = \"丙丁\"\nright = \"丙戊\"\nrule = \"typo\"\nexamples = {{ flag = [\"没有的句子\"] }}\n"
    );
    let config = with_pack("", &pack);
    let lines: Vec<Option<usize>> = config.problems().iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(7), Some(12)], "{:?}", config.problems());
    assert!(config.problems()[0].message.contains("typoo"));
    assert_eq!(
        config.problems()[0].file.as_deref(),
        Some("本单位词表.toml")
    );
    assert_eq!(
        flagged("县综治中新召开例会", Rule::Typo, &config),
        ["综治中新"]
    );
    let config = with_pack("", "[[entry]\nwrong = 1");
    assert_eq!(config.problems().len(), 1);
    assert_eq!(config.problems()[0].line, Some(1));
}

#[test]
fn the_allow_list_silences_a_text() {
    let config = Config::from_toml("[lexicon]\nallow = [\"反应问题\"]\n").unwrap();
    assert!(flagged("向上级反应问题", Rule::WordChoice, &config).is_empty());
    assert_eq!(
        flagged("向上级反应问题", Rule::WordChoice, &DEFAULT),
        ["反应"]
    );
}

#[test]
fn time_words_after_jiezhi() {
    for (text, want) in [
        ("截止目前，共完成12项", Some("截至")),
        ("截止2024年6月底，累计培训", Some("截至")),
        ("报名截止日期为5月20日", None),
        ("报名于5月20日截止", None),
        ("截止到5月20日，共收到", None),
    ] {
        let got: Vec<Option<String>> = fixes(text, Rule::Typo).into_iter().map(|f| f.1).collect();
        match want {
            Some(w) => assert_eq!(got, [Some(w.to_string())], "{text}"),
            None => assert!(got.is_empty(), "{text}: {got:?}"),
        }
    }
}

#[test]
fn generated_variants_of_listed_words_are_typos_of_them() {
    assert!(generated::len() > 0);
    assert_typos(&[
        ("基层组织焕散的问题依然存在", "焕散", "涣散"),
        ("密切联系人民群种", "人民群种", "人民群众"),
    ]);
    // 发张 is a variant of 发展 in shape only: as text it is 发|张.
    assert_no_typo(&["给我发张照片", "推进工作", "人民群众", "坚持稳中求进"]);
}

#[test]
fn long_words_take_fuzzy_syllables_and_rarer_homophones() {
    assert_typos(&[
        (
            "为实现中华名族伟大复兴而奋斗",
            "中华名族伟大复兴",
            "中华民族伟大复兴",
        ),
        ("医务人员舍身忘死守护健康", "舍身忘死", "舍生忘死"),
        ("对群众诉求决不能置若惘闻", "置若惘闻", "置若罔闻"),
    ]);
    // A looser likeness that reads as ordinary words is text, not a slip:
    // 民主|团结 beside 民族团结; two-character words never take them
    // (名人 is no 民人).
    assert_no_typo(&[
        "坚持团结和民主两大主题，促进民主团结",
        "邀请社会名人参加活动",
        "为实现中华民族伟大复兴而奋斗",
    ]);
}

#[test]
fn a_compound_the_dictionary_records_misspelt_is_a_typo() {
    // jieba's dictionary has 会议记要 beside 会议纪要: the slip hides in one token.
    assert_eq!(
        fixes("会后及时印发会议记要", Rule::Typo),
        [("记要".to_string(), Some("纪要".to_string()))]
    );
    assert!(flagged("会后及时印发会议纪要", Rule::Typo, &DEFAULT).is_empty());
}

#[test]
fn an_allowed_text_around_a_variant_keeps_it_quiet() {
    // 转刑 is a variant of 转型; inside the police term 民转刑 it is right.
    assert_eq!(
        fixes("推动产业转刑升级", Rule::Typo),
        [("转刑".to_string(), Some("转型".to_string()))]
    );
    assert_no_typo(&[
        "有效防止“民转刑”案件发生",
        "推进紧密型医联体建设",
        "实行总分馆制",
    ]);
}

#[test]
fn a_firm_may_be_named_anything() {
    assert_no_typo(&[
        "宏扬新材料科技有限公司年产值突破5亿元。",
        "项目由宏扬建设集团承建。",
    ]);
    // The same spelling in a sentence, or before a firm with no name between.
    for text in [
        "大力宏扬奋斗精神。",
        "宏扬公司精神。",
        "宏扬优良传统，推动公司发展。",
    ] {
        assert_eq!(
            fixes(text, Rule::Typo),
            [("宏扬".to_string(), Some("弘扬".to_string()))],
            "{text}"
        );
    }
}

#[test]
fn roster_names_and_posts() {
    let config = Config::from_toml(
        "[[roster]]\nname = \"王建军\"\npost = \"党委书记\"\n\n[[roster]]\nname = \"李明\"\npost = [\"局长\", \"党委副书记\"]\n",
    )
    .unwrap();
    let typo = |t: &str| flagged(t, Rule::Typo, &config);
    let choice = |t: &str| flagged(t, Rule::WordChoice, &config);
    assert_eq!(typo("党委书记王建君主持会议"), ["王建君"]);
    assert_eq!(
        fixes("党委书记王建君主持会议", Rule::Typo)
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "without the roster nothing is flagged"
    );
    assert_eq!(choice("局长王建军作报告"), ["局长"]);
    assert_eq!(choice("会议由王建军局长主持"), ["局长"]);
    for fine in [
        "党委书记王建军主持会议",
        "王建军党委书记、李明局长出席",
        "张伟同志发言",
        "黎明时分出发",
        "党委副书记李明讲话",
    ] {
        assert!(typo(fine).is_empty(), "{fine}");
        assert!(choice(fine).is_empty(), "{fine}");
    }
}
