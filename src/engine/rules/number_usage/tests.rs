use crate::engine::registry::Rule;
use crate::engine::testing::{self, findings, flagged, flagged_md, DEFAULT};
use crate::engine::{check_cached, DocumentKind, ParagraphCache, Severity};

use super::chinese;

fn hits(text: &str) -> Vec<String> {
    flagged(text, Rule::NumberUsage, &DEFAULT)
}

fn fixes(text: &str) -> Vec<(String, Option<String>)> {
    testing::fixes(text, Rule::NumberUsage)
}

fn flag_and_fix(cases: &[(&str, &str, Option<&str>)]) {
    for &(text, flagged, fix) in cases {
        assert_eq!(
            fixes(text),
            [(flagged.to_string(), fix.map(str::to_string))],
            "{text}"
        );
    }
}

fn quiet(texts: &[&str]) {
    for text in texts {
        assert_eq!(hits(text), Vec::<String>::new(), "{text}");
    }
}

/// Every example of the issue, and the same text written right.
#[test]
fn spec_must_flag() {
    flag_and_fix(&[
        ("二0二三年工作总结", "二0二三", Some("二〇二三")),
        ("五、六个人参加", "五、六", Some("五六")),
        ("组织三、四十名干部", "三、四十", Some("三四十")),
        ("历时七、八天", "七、八", Some("七八")),
        ("用时3-5年完成", "3-5", Some("3～5")),
        ("印发规划（2021-2025年）", "2021-2025", Some("2021—2025")),
        ("1-11月累计完成", "1-11", Some("1—11")),
        ("合格率95%-98%", "95%-98", Some("95%～98")),
        ("组织2千3百余人", "2千3百", Some("2300")),
        ("惠及2万5千户", "2万5千", Some("2.5万")),
        ("投资约1.2亿元左右", "约1.2亿元左右", None),
        ("2023年全年。23年上半年", "23", Some("2023")),
        (
            "截至2023.6.30，完成任务",
            "2023.6.30",
            Some("2023年6月30日"),
        ),
    ]);
}

#[test]
fn spec_must_not_flag() {
    quiet(&[
        "二〇二三年工作总结",
        "五六个人参加",
        "组织三四十名干部",
        "历时七八天",
        "用时3～5年完成",
        "印发规划（2021—2025年）",
        "1—11月累计完成",
        "合格率95%～98%",
        "组织2300余人",
        "惠及2.5万户",
        "投资约1.2亿元",
        "投资1.2亿元左右",
        "2023年全年。2023年上半年",
        "截至2023年6月30日，完成任务",
        // Abbreviated series keep their 顿号.
        "一、二季度完成投资",
        "荣获一、二等奖",
        "一、二年级学生",
        "三、四月份雨水多",
        // Never ranges.
        "执行GB/T 9704-2012标准",
        "联系电话0731-88888888",
        "于2023-07-01施行",
        // Units.
        "全程5千米",
        "重3千克",
        "装机10千瓦",
        "提高3个百分点",
        "所占百分比",
    ]);
}

#[test]
fn chinese_numerals_take_a_round_zero() {
    flag_and_fix(&[
        ("二O二四年", "二O二四", Some("二〇二四")),
        ("一九九0年", "一九九0", Some("一九九〇")),
        ("解放军第三0二医院", "三0二", Some("三〇二")),
        ("二0二三年十月", "二0二三", Some("二〇二三")),
        ("二００八年", "二００八", Some("二〇〇八")),
        ("二零二三年", "二零二三", Some("二〇二三")),
        ("一九九零年", "一九九零", Some("一九九〇")),
    ]);
    quiet(&[
        "二〇二四年",
        "一〇五九",
        "2023年",
        "G20峰会",
        "O2O模式",
        "A0三号",
        "20二三",
        "三O型",
        // U+25CB, a shape, is placeholder's business (`○○`), not ours.
        "二○二三年",
        "十0",
        "一百零八将",
        "三千零五十二个",
        "一万零五百年",
        "九十五点零六",
        "零容忍",
        "实现安全生产零事故",
        "一零",
    ]);
}

/// Each counter both ways: a count after it, the series nouns not.
#[test]
fn estimates_take_no_comma_before_every_counter() {
    let counters: Vec<&str> = chinese::COUNTERS.to_vec();
    for counter in counters {
        let noun = if ["名", "位"].contains(&counter) {
            "干部"
        } else {
            ""
        };
        let text = format!("约五、六{counter}{noun}");
        assert_eq!(
            fixes(&text),
            [("五、六".to_string(), Some("五六".to_string()))],
            "{text}"
        );
        quiet(&[
            &format!("约五六{counter}{noun}"),
            &format!("第五、六{counter}{noun}"),
        ]);
    }
}

#[test]
fn estimates() {
    flag_and_fix(&[
        ("年龄十五、六岁", "十五、六", Some("十五六")),
        ("需要一、两个月", "一、两", Some("一两")),
        ("干了两、三年", "两、三", Some("两三")),
        ("投入五、六千元", "五、六千", Some("五六千")),
        ("已有三、五天", "三、五", Some("三五")),
        ("一、二十年来", "一、二十", Some("一二十")),
        ("五、六十岁的老党员", "五、六十", Some("五六十")),
        ("人数有三、四十。", "三、四十", Some("三四十")),
        ("十一、二岁的孩子", "十一、二", Some("十一二")),
        ("聘请三、四名专家", "三、四", Some("三四")),
        ("每人七、八篇", "七、八", Some("七八")),
        // In Arabic digits: Chinese numerals, no 顿号 (§4.2.2).
        ("选派7、8名业务骨干", "7、8", Some("七八")),
        ("每村2、3人", "2、3", Some("两三")),
        ("需要1、2个月", "1、2", Some("一两")),
        ("用时3、5天", "3、5", Some("三五")),
    ]);
    quiet(&[
        "一、二季度",
        "第一、二季度",
        "荣获一、二等奖",
        "一、二年级",
        "三、四年级",
        "三、四月份",
        "五、六月",
        "二、三产业",
        "第五、六名",
        "获得一、二名。",
        "周五、六休息",
        "星期五、六",
        "初五、六",
        "一、二类",
        "一、二级",
        "一、二期工程",
        "一、二号线",
        "三、四线城市",
        "一、二把手",
        "一、二次能源",
        "五、六十年代",
        "一、二、三产业",
        "三、四、五个",
        "思想统一、两个维护",
        "其中之一、两个方面",
        "每周一、三、五",
        "五六个人",
        "三、四层",
        "一、二批",
        "第三、四名干部",
        // Exact numbers, one each.
        "两组分别为三、四人",
        "两组人数依次为5、6人",
        "1、2月份",
        "第1、2名",
        "图1、2",
        "3、4季度",
        "1、2、3号",
        "12、13岁",
        "1.5、2.5个",
    ]);
}

#[test]
fn hyphen_ranges() {
    flag_and_fix(&[
        ("近3-5年", "3-5", Some("3～5")),
        ("合格率95-98%", "95-98%", Some("95%～98%")),
        ("投资3-5万元", "3-5万", Some("3万～5万")),
        ("投资9-16亿元", "9-16亿", Some("9亿～16亿")),
        ("投资3万元-5万元", "3万元-5", Some("3万元～5")),
        ("学习第1-3条", "1-3", Some("1—3")),
        ("2021年-2025年", "2021年-2025", Some("2021年—2025")),
        ("3月-5月", "3月-5", Some("3月—5")),
        ("2023年3月-2024年1月", "3月-2024", Some("3月—2024")),
        ("6月1-15日", "1-15", Some("1—15")),
        ("10-15个工作日", "10-15", Some("10～15")),
        ("气温8-10℃", "8-10", Some("8～10")),
        ("长3-5km的步道", "3-5", Some("3～5")),
        ("《规划（2021-2025）》", "2021-2025", Some("2021—2025")),
        ("2023-2024学年", "2023-2024", Some("2023—2024")),
        ("１－３季度", "１－３", Some("１—３")),
        ("0.5-1.5亿元", "0.5-1.5亿", Some("0.5亿～1.5亿")),
        ("每组3-5人", "3-5", Some("3～5")),
    ]);
    quiet(&[
        "执行GB/T 9704-2012标准",
        "按照GB 50016-2014规定",
        "按照GB50016-2014规定",
        "依据DB11/T 1234-2015要求",
        "YY/T 0287-2017",
        "ISO 9001:2015认证",
        "联系电话0731-88888888转8001",
        "电话：8421-5678。",
        "热线400-800-1234",
        "手机138-0000-0000",
        "于2023-07-01施行",
        "于2023-7-1施行",
        "2023-07-01 08:30开会",
        "2023-07-01T08:30:00",
        "截至2023-07",
        "上午8:30-10:00学习",
        "CR400AF-Z型复兴号",
        "歼-20飞机",
        "COVID-19疫情",
        "见表2-8",
        "如图3-1所示",
        "附件1-2",
        "1-2号楼",
        "3-501室",
        "1-3班",
        "以3-1战胜",
        "以1-3负于对手",
        "京政办发〔2023〕5号",
        "用时3～5年",
        "（2021—2025年）",
        "1—11月",
        "95%～98%",
        "气温-5℃",
        "气温-5～3℃",
        "网址https://a.gov.cn/2021-2025/plan.html",
        "参见 pp. 3-5 页",
        "See pages 3-5 of the 2021-2025 plan.",
        "5G-A网络",
        "第3-1条",
        "2025-2021年",
        "13-1月",
        "（2-1）",
    ]);
}

#[test]
fn digits_with_qian_and_bai() {
    flag_and_fix(&[
        ("5千万元", "5千万", Some("5000万")),
        ("3亿5千万元", "3亿5千万", Some("3.5亿")),
        ("1千2百万元", "1千2百万", Some("1200万")),
        ("3百多名", "3百", Some("300")),
        ("5千余万元", "5千", Some("5000")),
        ("3万零5百人", "3万零5百", Some("3.05万")),
        ("1.5千人", "1.5千", Some("1500")),
        ("2千3百米", "2千3百", Some("2300")),
        ("3百5十人", "3百5十", Some("350")),
        ("2万3千4百人", "2万3千4百", Some("2.34万")),
        ("2万3千4百5十人", "2万3千4百5十", Some("23450")),
    ]);
    quiet(&[
        "全程5千米",
        "重3千克",
        "装机10千瓦",
        "用电1千瓦时",
        "电压2千伏",
        "提高3个百分点",
        "所占百分比",
        "百分之三十",
        "我国1982年人口普查人数为10亿零817万5288人",
        "3.5万元",
        "100万",
        "第一百货",
        "2千3",
        "1万5千米",
        "5百2千",
        "A3千",
    ]);
}

#[test]
fn estimates_said_twice() {
    flag_and_fix(&[
        ("约300人左右", "约300人左右", None),
        ("大约5天左右", "大约5天左右", None),
        ("约有300人左右", "约有300人左右", None),
        ("约占30%左右", "约占30%左右", None),
        ("约三成左右", "约三成左右", None),
        ("面积约2.5平方公里左右", "约2.5平方公里左右", None),
    ]);
    quiet(&[
        "节约3万元左右",
        "制约5项左右",
        "签约5家左右",
        "约300人",
        "300人左右",
        "约5米，左右两侧",
        "大约5天",
    ]);
}

#[test]
fn shortened_years_need_four_digit_years_elsewhere() {
    let doc = |line: &str| format!("2023年工作总结\n2024年计划\n{line}\n");
    for (line, want) in [
        ("23年上半年完成", "2023"),
        ("23年下半年完成", "2023"),
        ("截至23年底", "2023"),
        ("23年初启动", "2023"),
        ("自22年以来", "2022"),
        ("23年3月召开", "2023"),
        ("23年十二月召开", "2023"),
        ("24年一季度", "2024"),
        ("24年第一季度", "2024"),
        ("与22年同期相比，23年上半年", "2023"),
    ] {
        let text = doc(line);
        let got = fixes(&text);
        assert_eq!(
            got.last().and_then(|f| f.1.clone()).as_deref(),
            Some(want),
            "{line}: {got:?}"
        );
    }
    for line in [
        "改革开放40年以来",
        "近20年以来",
        "工作23年来",
        "满20年",
        "23年3个月",
        "23个月",
        "建党100年",
        "23年以来，我们",
        "从23年起",
        "工作23年初步形成",
    ] {
        assert_eq!(hits(&doc(line)), Vec::<String>::new(), "{line}");
    }
    // No four-digit year in the document: `23` may be anything.
    assert_eq!(hits("23年上半年完成\n"), Vec::<String>::new());
}

/// The document check sees every paragraph on every run, so a finding
/// that depends on another paragraph comes and goes with it even when
/// its own paragraph's results come from the cache.
#[test]
fn shortened_year_follows_the_other_paragraphs_through_the_cache() {
    let mut cache = ParagraphCache::default();
    let with = "2023年工作总结\n23年上半年完成\n";
    let without = "工作总结\n23年上半年完成\n";
    let count = |text: &str, cache: &mut ParagraphCache| {
        check_cached(text, DocumentKind::PlainText, &DEFAULT, cache)
            .iter()
            .filter(|f| f.rule == Rule::NumberUsage)
            .count()
    };
    assert_eq!(count(with, &mut cache), 1);
    assert_eq!(count(without, &mut cache), 0);
    assert_eq!(count(with, &mut cache), 1);
}

#[test]
fn dotted_dates_are_info() {
    flag_and_fix(&[
        ("截至2023.06.30，", "2023.06.30", Some("2023年6月30日")),
        ("1999.12.31前", "1999.12.31", Some("1999年12月31日")),
    ]);
    let f = findings("截至2023.6.30，完成任务", &DEFAULT);
    assert_eq!(f[0].severity, Severity::Info);
    let f = findings("五、六个人", &DEFAULT);
    assert_eq!(f[0].severity, Severity::Warning);
    quiet(&[
        "版本v2023.6.30发布",
        "版本2023.6.30.1发布",
        "报告2023.6.30.docx",
        "见https://a.cn/2023.6.30/",
        "增长2023.6万元",
        "2023.13.30",
        "2023.6.32",
        "3.14",
    ]);
}

#[test]
fn markdown_code_is_not_checked() {
    assert_eq!(
        flagged_md("用时 `3-5年` 完成", Rule::NumberUsage),
        Vec::<String>::new()
    );
    assert_eq!(flagged_md("用时3-5年完成", Rule::NumberUsage), ["3-5"]);
}

#[test]
fn numeral_values() {
    assert_eq!(chinese::numeral_value('两'), Some(2));
    assert_eq!(chinese::numeral_value('十'), None);
}
