use super::*;
use crate::engine::config::Config;
use crate::engine::testing::{self, flagged, flagged_md, DEFAULT};

fn hits(text: &str) -> Vec<String> {
    flagged(text, Rule::Formulation, &DEFAULT)
}

fn fixes(text: &str) -> Vec<(String, Option<String>)> {
    testing::fixes(text, Rule::Formulation)
}

fn pair(a: &str, b: &str) -> Vec<(String, Option<String>)> {
    vec![(a.to_string(), Some(b.to_string()))]
}

/// The sentences of `research/formulations.md` that must never be flagged,
/// and more correct wording from the same texts.
const AUTHORITATIVE: &[&str] = &[
    "做到坚决维护习近平同志党中央的核心、全党的核心地位，坚决维护党中央权威和集中统一领导，确保全党步调一致向前进。",
    "党确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位。",
    "会议强调，维护习近平总书记党中央的核心、全党的核心地位，维护党中央权威和集中统一领导。",
    "把坚定维护以习近平同志为核心的党中央权威和集中统一领导写入党章。",
    "统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局。",
    "全面贯彻新时代中国特色社会主义思想。",
    "紧密团结在以习近平同志为核心的党中央周围",
    "增强政治意识、大局意识、核心意识和看齐意识，坚定道路自信、理论自信、制度自信和文化自信",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”",
    "不断提高政治判断力、政治领悟力、政治执行力",
    "一体推进不敢腐、不能腐、不想腐",
    "坚持以学铸魂、以学增智、以学正风、以学促干",
    "统筹推进经济建设、政治建设、文化建设、社会建设、生态文明建设",
    "把马克思主义基本原理同中国具体实际相结合、同中华优秀传统文化相结合",
    "深入贯彻中央八项规定及其实施细则精神，坚决反对形式主义、官僚主义、享乐主义和奢靡之风",
    "扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育",
    "深入学习贯彻党的二十大精神和党的二十届三中全会精神",
    "《习近平新时代中国特色社会主义思想学习纲要》",
    "新时代中国特色社会主义思想和基本方略",
    "增强政治意识、大局意识、核心意识、看齐意识、责任意识",
    "增强宗旨意识、责任意识、大局意识",
    "增强政治意识、大局意识、责任意识、服务意识",
    "增强政治意识、大局意识和责任意识",
    "增强政治意识、大局意识、核心意识和责任意识",
    "树立忧患意识、法治意识",
    "增强民族自信、历史自信",
    "加强政治建设、思想建设、组织建设、作风建设、纪律建设",
];

#[test]
fn authoritative_wording_is_never_flagged() {
    for text in AUTHORITATIVE {
        assert_eq!(hits(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn no_wrong_form_occurs_inside_a_right_form_or_an_authoritative_sentence() {
    use crate::engine::lexicon::BUILT_IN;
    let rights: Vec<&str> = BUILT_IN
        .entries
        .iter()
        .filter(|e| e.rule == Rule::Formulation)
        .flat_map(|e| e.right.iter().map(String::as_str))
        .collect();
    for e in BUILT_IN
        .entries
        .iter()
        .filter(|e| e.rule == Rule::Formulation)
    {
        for text in AUTHORITATIVE.iter().copied().chain(rights.iter().copied()) {
            let found = crate::engine::lexicon::selftest::matches(e, text);
            assert!(found.is_empty(), "{:?} flags {text}", e.wrong);
        }
    }
    // Nor does the rule as a whole (names one edit away, lists) flag them.
    for text in AUTHORITATIVE.iter().copied().chain(rights.iter().copied()) {
        assert_eq!(hits(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn two_ways_of_the_two_safeguards_are_both_right_and_only_punctuation_is_fixed() {
    // Modelled on a real slip: the 、 between the two cores lost.
    assert_eq!(
        fixes("始终坚定维护习近平同志党中央的核心全党的核心地位，"),
        pair("党中央的核心全党的核心", "党中央的核心、全党的核心")
    );
    assert_eq!(
        fixes("坚决维护习近平总书记全党的核心、党中央的核心地位"),
        pair("全党的核心、党中央的核心", "党中央的核心、全党的核心")
    );
    assert_eq!(
        hits("坚决维护习近平同志党中央的核心地位"),
        Vec::<String>::new()
    );
}

#[test]
fn terms_with_their_right_form_as_the_fix() {
    for (text, wrong, right) in [
        (
            "紧密团结在以习近平为核心的党中央周围",
            "以习近平为核心的党中央",
            "以习近平同志为核心的党中央",
        ),
        (
            "坚决维护党中央权威和统一领导",
            "维护党中央权威和统一领导",
            "维护党中央权威和集中统一领导",
        ),
        (
            "深刻领悟“两个维护”的决定性意义",
            "“两个维护”的决定性意义",
            "“两个确立”的决定性意义",
        ),
        (
            "统筹推进“五位一体”战略布局",
            "“五位一体”战略布局",
            "“五位一体”总体布局",
        ),
        (
            "协调推进“四个全面”总体布局",
            "“四个全面”总体布局",
            "“四个全面”战略布局",
        ),
        (
            "同中华传统优秀文化相结合",
            "同中华传统优秀文化相结合",
            "同中华优秀传统文化相结合",
        ),
        (
            "推进两学一做学习教育常态化",
            "两学一做学习教育",
            "“两学一做”学习教育",
        ),
        (
            "深入开展“三严三实”主题教育",
            "“三严三实”主题教育",
            "“三严三实”专题教育",
        ),
        (
            "落实中央八项规定及实施细则精神",
            "中央八项规定及实施细则精神",
            "中央八项规定及其实施细则精神",
        ),
        (
            "反对享乐主义、奢靡主义",
            "享乐主义、奢靡主义",
            "享乐主义和奢靡之风",
        ),
        ("学习习总书记重要讲话", "习总书记", "习近平总书记"),
    ] {
        assert_eq!(fixes(text), pair(wrong, right), "{text}");
    }
    for wrong in [
        "习近平新时代特色社会主义思想",
        "习近平中国特色社会主义思想",
        "习近平新时代中国特色社会思想",
        "习近平新时代中国社会主义思想",
        "习近平新时代中国特色主义思想",
    ] {
        let text = format!("深入学习贯彻{wrong}，");
        assert_eq!(
            fixes(&text),
            pair(wrong, "习近平新时代中国特色社会主义思想"),
            "{text}"
        );
    }
}

#[test]
fn garbled_forms_without_a_certain_fix() {
    for (text, flagged) in [
        (
            "以__新时代中国特色社会主义思想为指导",
            "新时代中国特色社会主义思想",
        ),
        (
            "深入贯彻总书记新时代中国特色社会主义思想",
            "新时代中国特色社会主义思想",
        ),
        ("认真学习习主席重要讲话精神", "习主席"),
    ] {
        assert_eq!(fixes(text), vec![(flagged.to_string(), None)], "{text}");
    }
}

/// The garbled forms `research/formulations.md` lists whose repair is
/// certain: a member that lost its first character, 党的 shortened to 党.
#[test]
fn garbled_forms_with_a_certain_fix() {
    for (text, wrong, right) in [
        (
            "做到以学铸魂、学增智、以学正风、以学促干",
            "学增智",
            "以学增智",
        ),
        (
            "做到学铸魂、以学增智、以学正风、以学促干",
            "学铸魂",
            "以学铸魂",
        ),
        (
            "做到以学铸魂、以学增智、学正风、以学促干",
            "学正风",
            "以学正风",
        ),
        (
            "做到以学铸魂、以学增智、以学正风、学促干",
            "学促干",
            "以学促干",
        ),
        ("传达学习党二十届三中全会精神", "党二十届", "党的二十届"),
        ("深入学习贯彻党二十大精神", "党二十大", "党的二十大"),
        ("认真学习党十九大报告", "党十九大", "党的十九大"),
    ] {
        assert_eq!(fixes(text), pair(wrong, right), "{text}");
    }
    // 党 that belongs to the word before (全党, 入党) stays.
    for text in [
        "全党二十大以来的新气象",
        "中共二十大报告",
        "党的二十届三中全会",
    ] {
        assert_eq!(hits(text), Vec::<String>::new(), "{text}");
    }
}

/// One character changed, added or dropped inside the name of the thought
/// is found wherever it falls, with the name as the fix; correct names
/// next to it, and longer names built on it, are not.
#[test]
fn a_long_name_with_one_character_garbled() {
    let name = "习近平新时代中国特色社会主义思想";
    let chars: Vec<char> = name.chars().collect();
    // Every inner position, changed to a look-alike character, dropped,
    // and with a character added.
    for k in 1..chars.len() - 1 {
        let mut changed = chars.clone();
        changed[k] = if chars[k] == '伐' { '代' } else { '伐' };
        let mut dropped = chars.clone();
        dropped.remove(k);
        let mut added = chars.clone();
        added.insert(k, '的');
        for garbled in [changed, dropped, added] {
            let garbled: String = garbled.into_iter().collect();
            if garbled == name {
                continue;
            }
            let text = format!("坚持以{garbled}为指导，");
            let got = fixes(&text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].1.as_deref(), Some(name), "{text}");
        }
    }
    for text in [
        "坚持以习近平新时代中国特色社会主义思想为指导",
        "学习习近平新时代中国特色社会主义经济思想",
        "贯彻习近平新时代中国特色社会主义外交思想",
        "习近平新时代中国特色社会主义思想习近平新时代中国特色社会主义思想",
        "《习近平新时代中国特色社会主义思想学习纲要》",
        "全面贯彻新时代中国特色社会主义思想",
        "坚持和发展中国特色社会主义，坚持新时代中国特色社会主义思想",
    ] {
        assert_eq!(hits(text), Vec::<String>::new(), "{text}");
    }
    for n in crate::engine::lexicon::NAMES {
        assert!(!n.source.is_empty(), "{}", n.text);
        for text in n.flag {
            assert_eq!(
                fixes(text)
                    .iter()
                    .filter(|f| f.1.as_deref() == Some(n.text))
                    .count(),
                1,
                "{text}"
            );
        }
        for text in n.pass.iter().chain(AUTHORITATIVE) {
            assert_eq!(hits(text), Vec::<String>::new(), "{text}");
        }
    }
}

#[test]
fn lists_with_a_member_misnamed_missing_or_out_of_order() {
    assert_eq!(
        fixes("增强政治意识、全局意识、核心意识、看齐意识"),
        pair("全局意识", "大局意识")
    );
    // A member that keeps nothing of the one it replaces may be the
    // writer's own list: a hint without a fix.
    assert_eq!(
        fixes("坚定道路自信、理论自信、制度自信、历史自信"),
        vec![("历史自信".to_string(), None)]
    );
    assert_eq!(
        fixes("增强政治意识、大局意识、看齐意识，"),
        pair(
            "政治意识、大局意识、看齐意识",
            "政治意识、大局意识、核心意识、看齐意识"
        )
    );
    assert_eq!(
        fixes("坚定理论自信、道路自信、制度自信、文化自信"),
        pair(
            "理论自信、道路自信、制度自信、文化自信",
            "道路自信、理论自信、制度自信、文化自信"
        )
    );
    // The writer's joiners stay when only the order changes.
    assert_eq!(
        fixes("坚定理论自信、道路自信、制度自信和文化自信"),
        pair(
            "理论自信、道路自信、制度自信和文化自信",
            "道路自信、理论自信、制度自信和文化自信"
        )
    );
    assert_eq!(
        fixes("提高政治领悟力、政治判断力、政治执行力"),
        pair(
            "政治领悟力、政治判断力、政治执行力",
            "政治判断力、政治领悟力、政治执行力"
        )
    );
    assert_eq!(
        fixes("一体推进不能腐、不敢腐、不想腐"),
        pair("不能腐、不敢腐、不想腐", "不敢腐、不能腐、不想腐")
    );
    assert_eq!(
        fixes("统筹推进政治建设、经济建设、文化建设、社会建设、生态文明建设"),
        pair(
            "政治建设、经济建设、文化建设、社会建设、生态文明建设",
            "经济建设、政治建设、文化建设、社会建设、生态文明建设"
        )
    );
    assert_eq!(hits("增强大局意识、看齐意识、政治意识").len(), 1);
}

#[test]
fn a_fix_never_adds_a_member_the_text_already_has() {
    for text in [
        "增强政治意识、大局意识、核心意识和看齐意识",
        "增强政治意识、大局意识、看齐意识，特别是核心意识",
        "增强政治意识、大局意识和看齐意识",
    ] {
        assert_eq!(fixes(text), Vec::new(), "{text}");
    }
}

#[test]
fn the_older_three_confidences_are_a_hint_without_a_fix() {
    let f: Vec<_> = crate::engine::check(
        "坚定道路自信、理论自信、制度自信，",
        crate::engine::DocumentKind::PlainText,
        &DEFAULT,
    )
    .into_iter()
    .filter(|f| f.rule == Rule::Formulation)
    .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].severity, Severity::Hint);
    assert!(f[0].fix.is_none());
}

#[test]
fn markdown_emphasis_does_not_hide_a_wrong_formulation() {
    assert_eq!(
        flagged_md("团结在**以习近平为核心的党中央**周围", Rule::Formulation),
        ["以习近平为核心的党中央"]
    );
}

#[test]
fn user_terms_extend_and_win() {
    let config = Config::from_toml(
        "[formulation]\nterms = [\n  { wrong = \"两学一做教育\", right = \"“两学一做”学习教育\" },\n  { wrong = \"以习近平为核心的党中央\", right = \"以习近平同志为核心的党中央\" },\n]\n",
    )
    .unwrap();
    let got: Vec<Finding> = crate::engine::check(
        "开展两学一做教育，团结在以习近平为核心的党中央周围",
        crate::engine::DocumentKind::PlainText,
        &config,
    )
    .into_iter()
    .filter(|f| f.rule == Rule::Formulation)
    .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].fix.as_ref().unwrap().replacement,
        "“两学一做”学习教育"
    );
    assert!(got[1].message.contains("自定义"), "{}", got[1].message);
}

#[test]
fn a_list_that_runs_on_into_a_garbled_member_is_not_short_of_one() {
    // The third member typed wrongly: what the list lacks is unknown.
    assert_eq!(
        fixes("提高政治判断力、政治领悟力、政治执行执行力"),
        Vec::new()
    );
}

#[test]
fn a_list_that_follows_an_unreadable_member_is_not_short_of_one() {
    // The first member garbled or blanked: what the list lacks is unknown.
    for text in [
        "提高XXX断力、政治领悟力、政治执行力",
        "统筹推进经济建济建设、政治建设、文化建设、社会建设、生态文明建设",
    ] {
        assert_eq!(fixes(text), Vec::new(), "{text}");
    }
}

/// Every permutation of `items` but the first (the authoritative order).
fn other_orders<'a>(items: &[&'a str]) -> Vec<Vec<&'a str>> {
    fn permute<'a>(rest: &mut Vec<&'a str>, k: usize, out: &mut Vec<Vec<&'a str>>) {
        if k == rest.len() {
            out.push(rest.clone());
            return;
        }
        for i in k..rest.len() {
            rest.swap(k, i);
            permute(rest, k + 1, out);
            rest.swap(k, i);
        }
    }
    let mut out = Vec::new();
    permute(&mut items.to_vec(), 0, &mut out);
    out.retain(|p| p.as_slice() != items);
    out
}

/// The table of verified additions in `research/formulations.md`, row by
/// row: each wrong form is flagged with its right form as the fix.
#[test]
fn every_verified_addition_fires_with_its_right_form() {
    for (text, wrong, right) in [
        (
            "深刻领悟“两个维护”的决定性意义",
            "“两个维护”的决定性意义",
            "“两个确立”的决定性意义",
        ),
        (
            "统筹推进“五位一体”战略布局",
            "“五位一体”战略布局",
            "“五位一体”总体布局",
        ),
        (
            "协调推进“四个全面”总体布局",
            "“四个全面”总体布局",
            "“四个全面”战略布局",
        ),
        (
            "把马克思主义基本原理同中国优秀传统文化相结合",
            "同中国优秀传统文化相结合",
            "同中华优秀传统文化相结合",
        ),
        (
            "把马克思主义基本原理同中华传统优秀文化相结合",
            "同中华传统优秀文化相结合",
            "同中华优秀传统文化相结合",
        ),
        (
            "学习《中共中央关于进一步全面深化改革推进中国式现代化的决定》",
            "进一步全面深化改革推进中国式现代化的决定",
            "进一步全面深化改革、推进中国式现代化的决定",
        ),
        (
            "学习《中共中央关于进一步全面深化改革，推进中国式现代化的决定》",
            "进一步全面深化改革，推进中国式现代化的决定",
            "进一步全面深化改革、推进中国式现代化的决定",
        ),
        (
            "推进两学一做学习教育常态化",
            "两学一做学习教育",
            "“两学一做”学习教育",
        ),
        (
            "开展“不忘初心牢记使命”主题教育",
            "不忘初心牢记使命”主题教育",
            "不忘初心、牢记使命”主题教育",
        ),
        (
            "开展“不忘初心，牢记使命”主题教育",
            "不忘初心，牢记使命”主题教育",
            "不忘初心、牢记使命”主题教育",
        ),
        (
            "深入开展“三严三实”主题教育",
            "“三严三实”主题教育",
            "“三严三实”专题教育",
        ),
        (
            "扎实开展学习习近平新时代中国特色社会主义思想主题教育",
            "学习习近平新时代中国特色社会主义思想主题教育",
            "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        ),
        (
            "严格落实中央八项规定实施细则精神",
            "中央八项规定实施细则精神",
            "中央八项规定及其实施细则精神",
        ),
        (
            "严格落实中央八项规定及实施细则精神",
            "中央八项规定及实施细则精神",
            "中央八项规定及其实施细则精神",
        ),
        (
            "反对形式主义、官僚主义、享乐主义和奢靡主义",
            "享乐主义和奢靡主义",
            "享乐主义和奢靡之风",
        ),
        (
            "反对形式主义、官僚主义、享乐主义、奢靡主义",
            "享乐主义、奢靡主义",
            "享乐主义和奢靡之风",
        ),
        ("深入学习贯彻党二十大精神", "党二十大", "党的二十大"),
    ] {
        assert_eq!(fixes(text), pair(wrong, right), "{text}");
    }
    // The two verbs swapped: each half gets its own verb back.
    let mut got = fixes("协调推进“五位一体”总体布局、统筹推进“四个全面”战略布局");
    got.sort();
    let mut want = vec![
        (
            "协调推进“五位一体”总体布局".to_string(),
            Some("统筹推进“五位一体”总体布局".to_string()),
        ),
        (
            "统筹推进“四个全面”战略布局".to_string(),
            Some("协调推进“四个全面”战略布局".to_string()),
        ),
    ];
    want.sort();
    assert_eq!(got, want);
    // A member without its 以.
    for (i, member) in ["以学铸魂", "以学增智", "以学正风", "以学促干"]
        .iter()
        .enumerate()
    {
        let mut items = ["以学铸魂", "以学增智", "以学正风", "以学促干"];
        let short = &member['以'.len_utf8()..];
        items[i] = short;
        let text = format!("做到{}", items.join("、"));
        assert_eq!(fixes(&text), pair(short, member), "{text}");
    }
    // Every other order of the ordered lists: fixed to the right order.
    for members in [
        &[
            "经济建设",
            "政治建设",
            "文化建设",
            "社会建设",
            "生态文明建设",
        ][..],
        &["政治判断力", "政治领悟力", "政治执行力"],
        &["不敢腐", "不能腐", "不想腐"],
        &["以学铸魂", "以学增智", "以学正风", "以学促干"],
    ] {
        let right = members.join("、");
        for order in other_orders(members) {
            let wrong = order.join("、");
            let text = format!("坚持{wrong}，");
            assert_eq!(fixes(&text), pair(&wrong, &right), "{text}");
        }
    }
}

/// A fix never repeats a member: applied to any list of a group with one
/// member missing, moved or misnamed, the fixed text names each member once.
#[test]
fn no_fix_duplicates_a_list_member() {
    for g in crate::engine::lexicon::GROUPS {
        let members = g.members;
        let mut lists: Vec<Vec<&str>> = other_orders(members);
        for k in 0..members.len() {
            let mut short = members.to_vec();
            short.remove(k);
            lists.push(short.clone());
            // The missing member named elsewhere in the paragraph.
            lists.push([short.as_slice(), &["，特别是"], &[members[k]]].concat());
        }
        for items in lists {
            let text = format!("坚持{}。", items.join("、")).replace("、，", "，");
            let mut fixed = text.clone();
            let mut found = testing::fixes(&text, Rule::Formulation);
            found.reverse();
            for (flagged, fix) in found {
                if let Some(fix) = fix {
                    let at = fixed.rfind(&flagged).expect("flagged text");
                    fixed.replace_range(at..at + flagged.len(), &fix);
                }
            }
            for m in members {
                assert!(fixed.matches(m).count() <= 1, "{text} → {fixed}: {m} twice");
            }
        }
    }
}
