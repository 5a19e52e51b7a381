//! The word classes `repeated-word` needs to tell a doubling typed by
//! mistake from Chinese reduplication. Each list is a grammatical class with
//! its source; `tests` in `repeated_word.rs` check every entry both ways
//! and against jieba's dictionary (`data/jieba/dict.txt`), so an entry the
//! segmenter would never see is caught.

/// Function words that never reduplicate: `的的`, `在在`, `和和` are always
/// typos. Closed classes — structural and aspect particles, modal
/// particles, prepositions, conjunctions, personal and demonstrative
/// pronouns, non-reduplicating adverbs, and the verbs of judgement,
/// existence and modality (是、有、要、能、会、应、须), which are not
/// volitional action verbs and so have no `VV` form.
///
/// Source: 黄伯荣、廖序东《现代汉语》（增订六版）第五章“词类”（介词、连词、
/// 助词、语气词不能重叠）; 吕叔湘主编《现代汉语八百词》（增订本）各虚词条;
/// 马庆株《自主动词和非自主动词》（1988：只有自主动词能重叠）.
/// Left out on purpose, because their doubling is a word: 往（往往）、
/// 仅（仅仅）、最（最最）、本（本本）、某（某某, a placeholder）、可（可可）、
/// 比（比比皆是）、朝（朝朝暮暮）、过（过过瘾, also a verb）.
pub const NEVER_DOUBLED: &str = concat!(
    "的地得之了着吗呢吧",                 // 助词、语气词
    "在对把被从向于以为与由给按据自跟同", // 介词
    "和及或并而但且既若则",               // 连词
    "我你他她它这那其该此各",             // 代词
    "不也就都还又再已才更很均却便亦皆将", // 副词
    "是有要能会应须",                     // 判断、存在、能愿动词
);

/// Prefix-like morphemes (类前缀) that start a new word after a word ending
/// in the same character: `食品安全全链条`, `党总支总负责`, `培育创新新动能`.
/// Source: 吕叔湘《汉语语法分析问题》（1979）§4“类前缀”（准、亚、次、超、
/// 半、单、多、不、无、非、反、自、前、代、伪; 不 is a function word here,
/// see [`NEVER_DOUBLED`]), with 全、总、副、新 as in 全过程、总负责、副职、
/// 新动能 (《现代汉语词典》第7版 各条: 用在名词前).
pub const CLASS_PREFIXES: &str = "准亚次超半单多无非反自前代伪全总副新";

/// Suffixes and suffix-like morphemes (后缀、类后缀) that make a word from
/// the one before them: `组织力`, `企业家`. After a compound ending in that
/// word, the doubling is two words (`基层党组织组织力`, `民营企业企业家`).
/// Source: 吕叔湘《汉语语法分析问题》（1979）§4（后缀“者”; 类后缀 员、家、
/// 人、民、界、物、品、具、件、子、种、类、别、度、率、法、学、体、质、力、
/// 气、性、化）.
pub const CLASS_SUFFIXES: &str = "者员家人民界物品具件子种类别度率法学体质力气性化";

/// The plural suffix, which never starts a word: a lone `们` after `我们`
/// is always typed twice. Source: 《现代汉语八百词》“们”条（后缀）.
pub const PLURAL_SUFFIX: char = '们';

/// Aspect markers: a single character followed by one of these is a verb
/// (`工作作了安排`: 工作|作了). Source: 《现代汉语八百词》“了”“着”“过”条
/// (动态助词).
pub const ASPECT_MARKERS: &str = "了着过";

/// Chinese numerals: `十五五` (“十五五”规划), `二〇二〇` are numbers, never
/// doubled words. Source: GB/T 15835-2011《出版物上数字用法》§3.2 (汉字
/// 数字) and 大写数字.
pub const NUMERALS: &str = "〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟";

/// The numerals of a distributive phrase (`一个一个`, `两个两个地`,
/// `几户几户`): a digit's numeral, never a unit of ten or more (`万家`,
/// `千次` are words, and `万家万家` is typed twice). Source: 《现代汉语八百词》
/// “一”条（数量词重叠）; 黄伯荣、廖序东《现代汉语》第五章“量词”.
pub const DISTRIBUTIVE_NUMERALS: &str = "一二两三四五六七八九几";

/// Determiners and quantifiers (指示代词、不定数量词), which stand before a
/// common noun and never make a place's name: `部分社区社区服务` is typed
/// twice, `和平社区社区卫生服务中心` is not. Source: 《现代汉语八百词》
/// 各条（这、那、该、本、各、每、其他、其余、部分、全部、所有、一些、有些、
/// 有的、多数、少数、个别、若干）.
pub const DETERMINERS: &[&str] = &[
    "这",
    "那",
    "该",
    "本",
    "各",
    "每",
    "其他",
    "其余",
    "部分",
    "全部",
    "所有",
    "一些",
    "有些",
    "有的",
    "多数",
    "少数",
    "个别",
    "若干",
    "大部分",
    "多个",
    "这些",
    "那些",
    "各个",
    "每个",
];

/// Measure words whose numeral-measure phrase reduplicates distributively:
/// `一个一个`, `一步一步`, `一个村一个村地走访`, `一条条`. Each `一X` is a
/// numeral-measure word (tag `m`) in jieba's dictionary (a test checks).
/// Source: 《现代汉语八百词》附录“名词、量词配合表”; 黄伯荣、廖序东《现代汉语》
/// 第五章“量词”（数量词重叠表示“每一”或“逐一”）.
pub const MEASURE_WORDS: &str =
    "个位名条项件次批层级步点滴片句篇章段回遍代届茬轮道张本场处间座所支种类份套组家户年天月周日阵下笔桩堂封棵株番趟节栋幢";

/// Single-character localizers (方位词): one closes the phrase before it, so
/// a word starting with the same character may follow (`过程中中央`,
/// `会上上级`, `卒中中心`). Source: 《现代汉语八百词》“方位词”; 黄伯荣、
/// 廖序东《现代汉语》第五章“名词”（单纯方位词）.
pub const LOCALIZERS: &str = "上下前后左右东南西北里外内中间旁";

/// Generic parts (通名) of place names: the first of two such characters
/// ends a name and the second starts the next word (`人民路路口`,
/// `朝阳区区委`, `红星村村委会`). Source: 《地名管理条例》（2022年国务院令
/// 第753号）第二条所列行政区划名称、村民委员会所在地名称和街路巷名称的通名;
/// 《行政区划管理条例》（2018）.
pub const PLACE_GENERICS: &str = "省市县区州盟旗乡镇村屯街路巷弄道";

/// Levels of government among them: `市` alone is “the city” (`市市场
/// 监督管理局`, the city's market regulator).
pub const ADMINISTRATIVE_LEVELS: &str = "省市县区州盟旗乡镇村";

/// Two-character generic parts of place names (`和平社区社区卫生服务中心`).
/// Same source.
pub const PLACE_GENERICS_2: &[&str] = &["社区", "街道", "小区", "园区", "新区", "景区"];

/// Verb–object words whose verb doubles before the object (`AAB`):
/// `洗洗澡`, `治治病`, `把把关`, `记记笔记`. jieba keeps the word whole and
/// leaves the first copy of the verb alone (`治|治病`), which looks like a
/// character typed twice.
///
/// Source: 《现代汉语词典》（第7版）注音中加“//”的动宾式离合词（洗澡 xǐ//zǎo,
/// 散步 sàn//bù …）, whose reduplication doubles only the verb (黄伯荣、
/// 廖序东《现代汉语》第五章“动词”：离合词重叠为 AAB 式); the three-character
/// entries are verb–object phrases jieba lists as words (照镜子、记笔记).
/// A test checks every entry is a word in jieba's dictionary.
pub const VERB_OBJECT: &[&str] = &[
    // 日常动作
    "洗澡",
    "洗脸",
    "洗手",
    "刷牙",
    "理发",
    "散步",
    "跑步",
    "游泳",
    "爬山",
    "逛街",
    "睡觉",
    "吃饭",
    "喝茶",
    "做饭",
    "扫地",
    "下棋",
    "唱歌",
    "跳舞",
    "写字",
    "看书",
    "读书",
    "念书",
    "说话",
    "聊天",
    "谈天",
    "见面",
    "握手",
    "点头",
    "鞠躬",
    "拍照",
    "照相",
    "敲门",
    "串门",
    "跑腿",
    "帮忙",
    "动手",
    "伸手",
    "动脑",
    "出力",
    "出汗",
    "操心",
    "费心",
    "留心",
    "上心",
    "用心",
    "提神",
    "醒脑",
    "醒酒",
    "浇水",
    "施肥",
    "种地",
    "走路",
    "干活",
    "下乡",
    // 工作、会议、学习
    "开会",
    "上课",
    "讲课",
    "听课",
    "备课",
    "补课",
    "讲话",
    "发言",
    "谈话",
    "谈心",
    "交心",
    "交底",
    "透底",
    "摸底",
    "通气",
    "碰头",
    "问计",
    "签字",
    "报名",
    "填表",
    "值班",
    "站岗",
    "过关",
    "让位",
    "定调",
    "算账",
    "对账",
    "查账",
    "盘点",
    "过瘾",
    "过日子",
    // 党建、作风用语
    "红脸",
    "出丑",
    "亮丑",
    "揭短",
    "亮相",
    "露脸",
    "洗脑",
    "把关",
    "把脉",
    "号脉",
    "问诊",
    "看病",
    "治病",
    "排毒",
    "消毒",
    "补钙",
    "充电",
    "加油",
    "鼓劲",
    "鼓气",
    "打气",
    "撑腰",
    "把舵",
    "松绑",
    "减负",
    "加压",
    "降温",
    "吹风",
    "提醒",
    "泄气",
    "消气",
    "照镜子",
    "记笔记",
    // Not a 离合词 but the object noun of the verb it starts with:
    // 《现代汉语词典》“问”①“有不知道或不明白的事情请人解答：～问题”.
    "问题",
    "动脑筋",
    "挑毛病",
    "咬耳朵",
    "开玩笑",
    "打招呼",
    "压担子",
    "敲警钟",
    "泼冷水",
    "拉家常",
];

/// Two-character verbs whose `ABAB` form is the colloquial "try doing"
/// (`研究研究`, `讨论讨论`): it is still wrong in a 公文, but the message
/// says it may be colloquial rather than typed twice.
///
/// Source: 持续性自主动词的 ABAB 重叠式（尝试、短时义）, 《现代汉语八百词》
/// （增订本）“现代汉语语法要点”中的动词重叠; 马庆株（1988）.
pub const TENTATIVE_VERBS: &[&str] = &[
    "研究", "讨论", "商量", "考虑", "学习", "休息", "琢磨", "打听", "介绍", "活动", "锻炼", "收拾",
    "整理", "检查", "了解", "比较", "分析", "思考", "总结", "交流", "沟通", "调查", "准备", "体验",
    "尝试", "练习", "打扫", "清理", "熟悉", "体会", "议论", "商议", "合计", "盘算", "关心", "帮助",
    "提醒", "放松", "溜达", "散步", "梳理", "反思", "对照", "调整", "改进", "修改", "核实", "核对",
    "推敲", "酝酿", "协调", "指导", "督促", "鼓励", "表扬", "批评", "教育", "宣传", "动员", "调研",
    "走访", "座谈", "说明", "解释", "汇报", "斟酌", "权衡", "审视", "观察", "考察",
];

/// The mark of an anonymised name: a doubling that contains it
/// (`某某局某某局`) is the `placeholder` rule's finding. ASCII `X` never
/// enters a doubled unit at all (units are Han, digits and title marks).
pub const ANONYMISED: &str = "某某";
