//! Generated reports for benchmarks: realistic 公文 paragraphs with
//! numbered sections and `一是…` items, and a few errors of every kind, at
//! any size. Deterministic, so runs compare.
#![allow(dead_code)]

use report_lsp::engine::markers::chinese_numeral;

const SENTENCES: &[&str] = &[
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实上级各项决策部署",
    "严格落实“三会一课”制度，认真开展主题党日活动，推动组织生活规范化常态化",
    "聚焦主责主业，统筹推进党建与业务深度融合，不断提升服务保障能力和水平",
    "深入开展调查研究，梳理形成问题清单、任务清单和责任清单，逐项抓好整改落实",
    "组织党员干部赴革命纪念馆开展现场教学，教育引导大家传承红色基因、赓续精神血脉",
    "制定《年度理论学习计划》，全年组织集体学习12次、专题研讨4次，交流发言36人次",
    "坚持严管厚爱相结合，及时开展谈心谈话，对苗头性倾向性问题早提醒、早纠正",
    "健全完善内部管理制度，规范经费使用和资产管理，切实提高资金使用效益",
    "持续深化作风建设，驰而不息纠治“四风”，为基层减负松绑，推动工作落地见效",
    "加强意识形态阵地管理，落实稿件分级审核制度，牢牢把握意识形态工作主动权",
];

/// Mistakes a writer leaves in, one per paragraph now and then.
const MISTAKES: &[&str] = &[
    "召开XX工作会议，",
    "广泛征集征集意见建议，",
    "深入学习“两会精神，",
    "制定《支部工作要点，",
    "推动工作,取得成效，",
    "完成任务。。",
    "持续 推进，",
    "坚持以习近平为核心的党中央的坚强领导，",
];

/// A report of about `chars` characters.
pub fn report(chars: usize) -> String {
    let mut out = String::from("2024年度机关党支部工作总结\n\n");
    // Characters of `out` so far, counted on from the last call: counting
    // the whole report after each section made 1M characters quadratic.
    let (mut counted_bytes, mut counted_chars) = (0, 0);
    let mut length = |out: &str| {
        counted_chars += out[counted_bytes..].chars().count();
        counted_bytes = out.len();
        counted_chars
    };
    let mut n = 0usize;
    let mut level1 = 0u32;
    while length(&out) < chars {
        level1 = level1 % 99 + 1;
        out.push_str(&format!("{}、{}\n", chinese_numeral(level1), heading(n)));
        for level2 in 1..=10u32 {
            out.push_str(&format!(
                "（{}）{}\n",
                chinese_numeral(level2),
                heading(n + 3)
            ));
            for _ in 0..3 {
                out.push_str(&paragraph(n));
                out.push('\n');
                n += 1;
            }
            if length(&out) >= chars {
                break;
            }
        }
    }
    out
}

fn heading(n: usize) -> String {
    let s = SENTENCES[n % SENTENCES.len()];
    s.split('，').next().unwrap_or(s).to_string()
}

fn paragraph(n: usize) -> String {
    let mut p = String::new();
    for (k, numeral) in ["一", "二", "三"].iter().enumerate() {
        // Every 40th paragraph skips a number: 一是、三是、三是.
        let numeral = if n % 40 == 7 && k == 1 {
            "三"
        } else {
            numeral
        };
        p.push_str(&format!("{numeral}是"));
        if k == 1 && n % 5 == 0 {
            p.push_str(MISTAKES[(n / 5) % MISTAKES.len()]);
        }
        p.push_str(SENTENCES[(n * 3 + k) % SENTENCES.len()]);
        p.push('。');
    }
    p
}
