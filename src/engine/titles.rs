//! Posts, organisations and administrative divisions: the nouns that stand
//! next to a person's or a place's name. `stray-space` reads bylines with
//! them (`局长  王  强`), `placeholder` a lone `X` standing for a name
//! (`X镇`, `秘书长X`).
//!
//! Each list names its source. A word in a list matches at the end of a
//! longer title (`副市长`, `党委书记`, `中心主任` end in `市长`, `书记`,
//! `主任`), so only the head nouns are listed.

/// Post titles (职务名称).
const POSTS: &[(&str, &[&str])] = &[
    (
        "GB/T 12403-1990《干部职务名称代码》所列职务名称的中心词",
        &[
            "书记",
            "常委",
            "委员",
            "主任",
            "主席",
            "秘书长",
            "部长",
            "厅长",
            "局长",
            "处长",
            "科长",
            "股长",
            "省长",
            "市长",
            "县长",
            "区长",
            "乡长",
            "镇长",
            "院长",
            "校长",
            "所长",
            "站长",
            "馆长",
            "台长",
            "社长",
            "行长",
            "会长",
            "组长",
            "队长",
            "团长",
            "检察长",
            "庭长",
            "审判员",
            "政委",
            "巡视员",
            "调研员",
            "专员",
            "科员",
            "办事员",
            "主编",
        ],
    ),
    (
        "《中华人民共和国公司法》（董事会设董事长，公司可以设经理）",
        &["董事长", "经理"],
    ),
];

/// Labels that introduce the names of a byline or an attendance list
/// (`出席：…`, `执笔：…`), without the colon.
const CREDIT_LABELS: &[(&str, &[&str])] = &[
    (
        "GB/T 9704-2012《党政机关公文格式》§7.2.5（签发人）、§10.3（纪要的出席、请假、列席）",
        &["签发人", "出席", "请假", "列席"],
    ),
    (
        "《现代汉语词典》第7版：参加，加入某种组织或某种活动；纪要的与会名单常写作“参加会议：”“参会人员：”（同 GB/T 9704-2012 §10.3 的“出席”）",
        &["参加", "参会", "缺席"],
    ),
    (
        "《现代汉语词典》第7版：主持、记录、执笔、撰稿、审核、校对、整理、主讲，指承担会议或文稿中的这一职责",
        &[
            "主持", "记录", "执笔", "撰稿", "审核", "校对", "整理", "主讲",
        ],
    ),
];

/// The nouns a place or an organisation name comes before: `X镇`, `X委`.
const UNITS: &[(&str, &[&str])] = &[
    (
        "《中华人民共和国宪法》第三十条；国务院《行政区划管理条例》（2018）第二条",
        &["省", "自治区", "自治州", "市", "县", "区", "乡", "镇"],
    ),
    (
        "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第八十五条（街道办事处）、第七十九条（政府工作部门：厅、局、委员会）",
        &["街道", "政府", "人大", "政协", "厅", "局", "委", "办"],
    ),
    (
        "《中华人民共和国村民委员会组织法》第二条；《中华人民共和国城市居民委员会组织法》第二条",
        &["村", "社区", "居委会"],
    ),
    (
        "《中国共产党章程》第五章（党委、纪委）、第九章（党组）；《中国共产党支部工作条例（试行）》第五条（总支、支部）",
        &["党委", "党工委", "党组", "纪委", "总支", "支部"],
    ),
    (
        "《现代汉语词典》第7版：单位、部、处、科、室、中心、公司、集团、学校、党校、大学、医院，指机关、团体、企事业单位或其下属部门",
        &[
            "单位", "部", "处", "科", "室", "中心", "公司", "集团", "学校", "党校", "大学", "医院",
        ],
    ),
];

fn words(lists: &'static [(&str, &'static [&'static str])]) -> impl Iterator<Item = &'static str> {
    lists.iter().flat_map(|(_, words)| words.iter().copied())
}

/// `副市长`, `中心主任`, `党委书记`: a post title, possibly with its unit.
pub fn ends_with_post(s: &str) -> bool {
    words(POSTS).any(|w| s.ends_with(w))
}

/// `宣传部`, `办公室`, `市委`: an organisation's name.
pub fn ends_with_unit(s: &str) -> bool {
    words(UNITS).any(|w| s.ends_with(w)) || s.ends_with("办公室")
}

/// The byte length of the unit noun `s` starts with, if any: `镇` in `镇X村`.
pub fn unit_at_start(s: &str) -> Option<usize> {
    words(UNITS)
        .filter(|w| s.starts_with(w))
        .map(str::len)
        .max()
}

/// The byte length of the post title `s` starts with, if any: `书记` in `书记主持`.
pub fn post_at_start(s: &str) -> Option<usize> {
    words(POSTS)
        .filter(|w| s.starts_with(w))
        .map(str::len)
        .max()
}

/// `出席`, `执笔`, `述职人`: what stands before the colon of a byline.
pub fn is_credit_label(s: &str) -> bool {
    let n = s.chars().count();
    // `出席会议`, `列席人员`, `参会单位`: the label with what it names.
    let bare = ["会议", "人员", "单位"]
        .into_iter()
        .find_map(|tail| s.strip_suffix(tail))
        .filter(|b| !b.is_empty())
        .unwrap_or(s);
    (2..=5).contains(&n)
        && (words(CREDIT_LABELS).any(|w| bare == w || s == format!("{w}人"))
            || s.ends_with('人') && s.chars().all(crate::engine::chars::is_han))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_names_its_source_and_has_no_duplicates() {
        for lists in [POSTS, CREDIT_LABELS, UNITS] {
            let mut seen = std::collections::HashSet::new();
            for (source, words) in lists {
                assert!(!source.is_empty() && !words.is_empty());
                for w in *words {
                    assert!(seen.insert(*w), "{w} listed twice");
                    assert!(w.chars().all(crate::engine::chars::is_han), "{w}");
                }
            }
        }
    }

    #[test]
    fn titles_match_with_their_unit() {
        for post in words(POSTS) {
            assert!(ends_with_post(&format!("副{post}")), "{post}");
            assert!(ends_with_post(&format!("清河市{post}")), "{post}");
            assert!(!ends_with_post(&format!("{post}们")), "{post}");
            assert_eq!(post_at_start(&format!("{post}李明")), Some(post.len()));
        }
        for unit in words(UNITS) {
            assert_eq!(unit_at_start(&format!("{unit}X村")), Some(unit.len()));
            assert!(ends_with_unit(&format!("清河{unit}")), "{unit}");
        }
        assert!(ends_with_unit("市委办公室"));
        assert!(!ends_with_post("加强"));
        assert!(!ends_with_post("增长"));
        assert!(!ends_with_unit("学习"));
    }

    #[test]
    fn credit_labels() {
        for label in words(CREDIT_LABELS) {
            assert!(is_credit_label(label), "{label}");
        }
        for label in ["述职人", "报告人", "执笔人", "联系人"] {
            assert!(is_credit_label(label), "{label}");
        }
        for other in ["时间", "地点", "主要措施", "人", "一是"] {
            assert!(!is_credit_label(other), "{other}");
        }
    }
}
