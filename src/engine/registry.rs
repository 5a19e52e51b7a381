//! The one list of rules. The CLI (`report-lsp rules`), the configuration
//! (which codes are valid), the README table and the editor settings are all
//! derived from [`RULES`]; adding a rule starts here.

use serde::Serialize;

use super::severity::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Placeholder,
    RepeatedWord,
    UnbalancedQuote,
    UnbalancedBracket,
    Misnumbered,
    MarkerStyle,
    QuoteNesting,
    HalfwidthPunctuation,
    DoubledPunctuation,
    StraySpace,
    DocumentNumber,
    Formulation,
    SplitWord,
    Typo,
    WordChoice,
    NumberUsage,
    ListPunctuation,
    OverLength,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleInfo {
    #[serde(skip)]
    pub rule: Rule,
    pub code: &'static str,
    /// Chinese name, for hover and the rules document.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line, Chinese, for users.
    pub description: &'static str,
    /// A short text the rule flags (a test checks that it does).
    pub example: &'static str,
    /// The same text written right (a test checks the rule is silent on it).
    pub corrected: &'static str,
    /// `report-lsp.toml` the examples need (a rule that only works once
    /// configured); empty for most.
    pub example_config: &'static str,
    /// The standard, clause or authority the rule rests on (依据).
    pub basis: &'static str,
    /// What it flags, one case per line, for the rules document.
    pub flags: &'static [&'static str],
    /// What it leaves alone: as important to a writer as what it flags.
    pub leaves_alone: &'static [&'static str],
    /// `report-lsp.toml` keys of its own, beyond `[rules] <code> = …`.
    pub settings: &'static [&'static str],
}

pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::Placeholder,
        code: "placeholder",
        name: "模板占位符未替换",
        default_severity: Severity::Warning,
        description: "模板占位符未替换（XX、××、*、某某、□、___、TODO 等）",
        example: "召开XX工作会议",
        corrected: "召开全区工作会议",
        example_config: "",
        basis: "公文须内容完整、要素齐全（GB/T 9704-2012 §7）；模板中的占位符是未完成的标志",
        flags: &[
            "`XX`/`xx`/`Ｘ` 串（`XX局`、`20XX年`、`XXXX年XX月XX日`、带单位的 `XX万元`、`XXkg`），作数字用的单个 `X`（`X月X日`、`x.x%`）",
            "代替名称的单个 `X`：地名、机构名、职务之前（`X镇X村`、`在X委、X政府的领导下`、`X书记`、`X同志`）或职务之后（`秘书长X主持会议`）",
            "`××`、`×月`，汉字旁的 `*`/`＊`（`*党支部`、`学习 *次`、`20*年`）",
            "`某某`、`□`/`■`、`○○`、填空线 `___`/`＿＿`、汉字之间或紧挨书名号、引号内侧的单个 `_`/`＿`（`以_为指导`、`《_谈治国理政》`）、空括号 `（  ）`",
            "模板说明（`{{…}}`、`${…}`、`【此处填写…】`、`（待补充）`），`TODO`/`TBD`/`FIXME`、`待补充`、`待完善`",
            "配置中自定义的占位符",
        ],
        leaves_alone: &[
            "`X射线`、`X光`、`X线`、`Xbox`、`XXL`、`x86`、`iPhone X`、`file_name`",
            "`3×4`、`5*3`、Markdown 的强调和列表符号",
            "`某些`、`某种`、`某个`、`某一`，`二〇二三年` 中的 `〇`",
        ],
        settings: &[
            "[placeholder] patterns = [\"某单位\"]   # 自定义的占位文字",
            "[placeholder] regex = ['第[A-Z]季度']  # 自定义的正则表达式",
        ],
    },
    RuleInfo {
        rule: Rule::RepeatedWord,
        code: "repeated-word",
        name: "词语重复",
        default_severity: Severity::Warning,
        description: "词语或单字重复输入（征集征集、常抓抓长）",
        example: "征集征集廉政寄语",
        corrected: "征集廉政寄语",
        example_config: "",
        basis: "《现代汉语词典》（第7版）所收重叠式之外的重复是录入错误；GB/T 15834-2011 不涉及",
        flags: &[
            "紧挨着重复的词语和短语，不论分词边界落在哪里（`征集征集`、`加强管理管理制度`、`认真总结总结经验`、`党员干部党员干部`），以及整句、整个标题重复",
            "跨词界多打的一个字（`常抓抓长`、`我们们`、`要进进一步`）和重复的虚词（`的的`、`在在`）",
            "口语化的动词重叠（`研究研究`、`讨论讨论`）：同样是警告，说明可能是口语，也可能是多打了一遍",
        ],
        leaves_alone: &[
            "正常的重叠式：`常常`、`原原本本`、`扎扎实实`、`方方面面`、`沉甸甸`、`人人`、`一个一个`、`一个村一个村地走访`、`一个村民小组一个村民小组地`，前一词以 A 结尾的 `一A一B`（`道路一路一长`）",
            "量词、动词的重叠（`层层传导压力，级级压实责任`、`读读文件`、`记记笔记`、`洗洗澡、治治病`、`问问题`），列举中与邻项同样重叠的动词（`开开会、发发文`）",
            "只是在词界相接的字和词（`学习习近平`、`工作作风`、`工作作了安排`、`全县县城`、`教师师德师风`、`卒中中心`、`人民路路口`、`学习习总书记`、`基层党组织组织力`、`民营企业企业家`、`基层党组织组织生活会`）",
            "数字和规划序号（`33人次`、`二〇二〇年`、`“十四五”`、`“十五五”`），被标点隔开的重复（`反复抓、抓反复`）",
            "匿名化清单里重复的占位符（`XX局、XX局`、`XX局XX局`），那是 placeholder 规则的事",
        ],
        settings: &["[repeated-word] allow = [\"研究研究\"]   # 不再提示的写法"],
    },
    RuleInfo {
        rule: Rule::UnbalancedQuote,
        code: "unbalanced-quote",
        name: "引号不成对",
        default_severity: Severity::Error,
        description: "引号不成对或不匹配",
        example: "学习“两会精神",
        corrected: "学习“两会精神”",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§4.1（引号）",
        flags: &[
            "没有右引号的左引号、没有左引号的右引号、左右不匹配（`“…’`，左引号合乎层次时修复为 `”`）",
            "右引号误打成左引号（`“两会精神“`，两者之间没有其他落单的引号时修复为 `”`）",
            "整段引号方向颠倒（`”两个确立“`，逐个修复）",
            "通篇配错的引号（`'两个确立“`、`‘四个意识”`）：逐个报告，不给修复",
            "中文段落里个数为奇数的英文引号 `\"`",
        ],
        leaves_alone: &[
            "跨段引用：连续几段都以 `“` 开头、只有最后一段收尾（GB/T 15834 §4.1.3.4）",
            "英文单词里的撇号（`don't`），成对的英文引号",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::UnbalancedBracket,
        code: "unbalanced-bracket",
        name: "括号不成对",
        default_severity: Severity::Error,
        description: "括号、书名号不成对或不匹配",
        example: "制定《工作要点",
        corrected: "制定《工作要点》",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§4.9（括号）、§4.15（书名号）",
        flags: &[
            "没有配对的 `（）` `()` `【】` `[]` `［］` `《》` `〈〉` `〔〕` `〖〗` `{}`",
            "全角开、半角闭（`（说明)`，修复为 `）`）",
        ],
        leaves_alone: &[
            "段首或 `；` `。` 之后的列表序号 `1）`、`a)`",
            "标题区连续几个短行里分行排的括注（`（2024年1月6日在…第一次` / `全体会议上）`）",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::Misnumbered,
        code: "misnumbered",
        name: "序号错误",
        default_severity: Severity::Warning,
        description: "序号跳号、重号、倒序或不从一开始（一是、二是、四是）",
        example: "一是学习。二是落实。四是考核。",
        corrected: "一是学习。二是落实。三是考核。",
        example_config: "",
        basis: "GB/T 9704-2012《党政机关公文格式》§7.3.3（结构层次序数）",
        flags: &[
            "标题序号（`一、` `（一）` `1.` `（1）` `①`）和行内序号（`一是`、`第一，`、`其一，`）跳号、重号、倒序或不从一开始",
            "丢了标点的序号：`三、` 之后的 `四加强队伍建设`（修复为 `四、`），标题写成一句话时的 `六队伍建设全面加强。`，`二是` 之后的 `三加强考核`、同段的 `三做实结对共建`（修复为 `三是`）",
            "同一层级有的部分重新编号、有的部分连续编号：报告与多数做法不一致的序号",
        ],
        leaves_alone: &[
            "`一、二季度`、`一、二等奖`，`统一是`、`唯一是`，`三年来`、`四项措施`",
            "每个上级标题下重新计数的下级序号；全文一致地跨上级标题连续编号的下级序号（如 `（一）`…`（十）` 贯穿 `一、二、三`）",
            "文前目录：目录列出标题后，正文从 `一、` 重新开始（目录里的错号照样报告）",
            "分部分的报告：`2024年工作回顾`、`2025年主要任务` 等不带序号的部分标题之后，各部分从 `一、` 重新开始",
            "序号里误敲的半角逗号或空格（`一是…,二是`、`二 是`）：那是标点、空格规则的事，不打断计数",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::MarkerStyle,
        code: "marker-style",
        name: "序次语格式",
        default_severity: Severity::Warning,
        description: "序次语标点或层级不规范（如“（一）、”“1、”“一.”“①、”）",
        example: "（一）、加强领导",
        corrected: "（一）加强领导",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》附录 B.3；GB/T 9704-2012 §7.3.3",
        flags: &[
            "`（一）、`、`（1）、`、`①、`（括号和圈码后不加标点），`1、`（应为 `1.`），`一.`/`一，`（应为 `一、`）",
            "在下级列表两项之间插入的上级序号（`1.` … `一、` `二、` … `2.`）",
        ],
        leaves_alone: &[
            "`1．`、`一、二季度`、`1、2月份`",
            "下级序号跨部分连续编号的文稿中序号写错的部分标题（属序号错误）",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::QuoteNesting,
        code: "quote-nesting",
        name: "引号嵌套",
        default_severity: Severity::Warning,
        description: "引号、书名号内再套同形的引号、书名号（内层应为‘’、〈〉）",
        example: "提出“坚持“两个毫不动摇””",
        corrected: "提出“坚持‘两个毫不动摇’”",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§4.1.3.2（引号）、§4.15.3.2（书名号）",
        flags: &["`“…“…”…”`（内层应为 `‘’`）、`《…《…》…》`（内层应为 `〈〉`）、`「…「…」…」`"],
        leaves_alone: &["正确的嵌套、并列的引号（`“四个意识”“四个自信”`；并列项之间的顿号由 `list-punctuation` 提示）"],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::HalfwidthPunctuation,
        code: "halfwidth-punctuation",
        name: "半角标点",
        default_severity: Severity::Warning,
        description: "中文语句中使用半角标点（, . : ; ? ! ( )），应为全角",
        example: "加强学习,提高能力",
        corrected: "加强学习，提高能力",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§3（中文使用全角标点）",
        flags: &[
            "汉字旁的 `,` `.` `:` `;` `?` `!`，括着中文的 `(` `)`",
            "句中的 `.`（`经济.发展`）：只报告不修复，可能是多打的标点或漏了字；句末的 `.` 修复为 `。`",
        ],
        leaves_alone: &[
            "数字（`3.5`、`1,000`）、时间和比例（`8:30`、`3:1`）",
            "网址、邮箱、文件名（`报告.docx`），英文短语和英文段落",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::DoubledPunctuation,
        code: "doubled-punctuation",
        name: "标点重复",
        default_severity: Severity::Warning,
        description: "标点重复或连用（，， 。。 、、 ，。）",
        example: "加强学习，，提高能力",
        corrected: "加强学习，提高能力",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§4（各点号单用）",
        flags: &["`，，` `。。` `、、` `；；` `：：`（修复为一个），`，。` 等混用（不自动修复）"],
        leaves_alone: &["`？！`、`？？`、`！！`、`……`、`——`"],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::StraySpace,
        code: "stray-space",
        name: "多余空格",
        default_severity: Severity::Info,
        description: "汉字之间、汉字与数字或标点之间的多余空格，以及行尾空格",
        example: "加强 学习",
        corrected: "加强学习",
        example_config: "",
        basis: "GB/T 9704-2012 正文排版不在汉字间加空格（与网页排版不同）",
        flags: &["汉字之间、汉字与数字或中文标点之间的空格，段末空格"],
        leaves_alone: &[
            "段首缩进、英文单词旁的空格（`使用 Word 软件`）、制表符分隔的列",
            "署名、出席人员等职务加姓名的行（`市长 李军`、`局长  王  强`、`出席：县长 冯  涛  副县长 何晓光`），纪要的与会名单（`参加会议：刘畅  王建军`、`列席会议：县林业局  县住建局`）",
            "字距拉开的标题（`工 作 报 告`），标题行末括号里的署名、日期（`（宣传部 张三）`、`（2024年1月30日 李军）`）",
            "用两个空格或全角空格隔开的并列短语标题（`坚持党建引领  奋力推动高质量发展`），章、条、部分序号后的空格（`第一章　总　　则`、`第二部分 今后五年的任务`）",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::DocumentNumber,
        code: "document-number",
        name: "发文字号",
        default_severity: Severity::Warning,
        description: "发文字号年份应使用六角括号〔〕（国发〔2023〕5号）",
        example: "国发[2023]5号",
        corrected: "国发〔2023〕5号",
        example_config: "",
        basis: "GB/T 9704-2012《党政机关公文格式》§7.2.4（发文字号）",
        flags: &["发文字号年份用了 `[]`、`（）`、`【】`、`﹝﹞`"],
        leaves_alone: &["以年份开头的案号（`（2023）京01民终123号`），标题中的年份"],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::Formulation,
        code: "formulation",
        name: "固定提法",
        default_severity: Severity::Warning,
        description: "固定政治提法表述有误（可在配置中补充词条）",
        example: "以习近平为核心的党中央",
        corrected: "以习近平同志为核心的党中央",
        example_config: "",
        basis: "党章、党的二十大报告、十九届六中全会《决议》等权威文本（每个词条注明出处）",
        flags: &[
            "内置词表和自定义词表中提法的错误写法（`以习近平为核心的党中央`、`“五位一体”战略布局`、`两学一做学习教育`、`习总书记`）",
            "长名称中错、漏、多一个字（`习近平新时伐中国特色社会主义思想`），名称前的人名被删去或换成称谓（`以__新时代…`），并列成员丢了首字（`学增智`），“党的”写成“党”（`党二十届三中全会`）",
            "“四个意识”“四个自信”“五位一体”等列举缺项、错项或顺序颠倒",
        ],
        leaves_alone: &[
            "权威文本本身的写法：“两个维护”的两种写法（`维护习近平同志党中央的核心…`、`维护习近平总书记党中央的核心…`）、`新时代中国特色社会主义思想`",
            "以和、及、与、以及收尾的完整列举，其他意识、自信的列举（`宗旨意识、责任意识`），原文引用的“三个自信”只作提示",
        ],
        settings: &["[formulation] terms = [{ wrong = \"…\", right = \"…\" }]"],
    },
    RuleInfo {
        rule: Rule::SplitWord,
        code: "split-word",
        name: "标点拆词",
        default_severity: Severity::Hint,
        description: "标点把一个常用词拆成两半（开，展）",
        example: "征集寄语32条开，展谈心谈话",
        corrected: "征集寄语32条，开展谈心谈话",
        example_config: "",
        basis: "误敲标点；标点应在词语之前或之后",
        flags: &["两半都不能单用的常用词被标点隔开（`开，展`）"],
        leaves_alone: &["`反复抓、抓反复`、`一、二季度`等正常的标点"],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::Typo,
        code: "typo",
        name: "错别字",
        default_severity: Severity::Warning,
        description: "错别字：音近字、形近字、成语和固定词语写错（改正确定时给出修复）",
        example: "认真布署全年工作",
        corrected: "认真部署全年工作",
        example_config: "",
        basis: "《现代汉语词典》（第7版）、《第一批异形词整理表》、《通用规范汉字表》等（每个词条注明出处）",
        flags: &[
            "音近字、形近字写错的词语（`布署`、`惯彻`、`峻工`、`签属`、`坐谈会`、`震憾`）",
            "写错的成语和固定词语（`再接再励`、`按步就班`、`一股作气`、`如火如茶`）",
            "表示到某时为止却写作“截止”（`截止目前` → `截至目前`）",
            "与常用词只差一个同音字或形近字、本身又不成词的写法（`焕散` → `涣散`）",
            "人员名单中的姓名写错一个字（名单在配置中提供）",
            "自定义词表中的错误写法",
        ],
        leaves_alone: &[
            "正确写法和正当用法（`截止日期`、`报名截止`、`截止到`）",
            "跨词界偶然相连的字（`公布署名`中的“布署”）",
            "企业名称开头的字样（`宏扬新材料科技有限公司`）",
            "配置中 `allow` 列出的文字",
        ],
        settings: &[
            "[lexicon] packs = [\"本单位词表.toml\"]   # 自定义词表，路径相对于本文件",
            "[lexicon] allow = [\"反应问题\"]          # 不再提示的文字",
            "[[roster]] name = \"王建军\"          # 人员名单：每人一节",
            "[[roster]] post = \"党委书记\"        # 职务，可为列表",
        ],
    },
    RuleInfo {
        rule: Rule::WordChoice,
        code: "word-choice",
        name: "易混词",
        default_severity: Severity::Info,
        description: "易混词（反应/反映、必需/必须、的/地/得等），视语境提示",
        example: "认真反应群众诉求",
        corrected: "认真反映群众诉求",
        example_config: "",
        basis: "《现代汉语词典》（第7版）释义与用法说明（每个词条注明出处）",
        flags: &[
            "`反应` 用在问题、情况、意见、诉求等之前（应为 `反映`）",
            "`必需` 用在动词之前（应为 `必须`）",
            "语境确定时的的、地、得（`较好的完成了` → `较好地完成了`，`建设的更加美好` → `建设得更加美好`）",
            "职务与人员名单不符（名单在配置中提供）",
        ],
        leaves_alone: &[
            "`化学反应`、`反应迅速`、`必需品`、`必需的物资`",
            "作定语的“的”（`扎实的作风`、`取得的更加显著的成效`）",
        ],
        settings: &[
            "[lexicon] packs = [\"本单位词表.toml\"]",
            "[lexicon] allow = [\"反应问题\"]",
        ],
    },
    RuleInfo {
        rule: Rule::NumberUsage,
        code: "number-usage",
        name: "数字用法",
        default_severity: Severity::Warning,
        description: "数字用法不规范（二0二三年、五、六个人、3-5年、2千3百人、约…左右、23年、2023.6.30）",
        example: "三、四十名干部参加培训",
        corrected: "三四十名干部参加培训",
        example_config: "",
        basis: "GB/T 15835-2011《出版物上数字用法》§5.1.3（数值范围）、§5.1.4（年月日）、§5.2.1（概数）、§5.2.5（“零”和“〇”）、§5.3（阿拉伯数字与汉字数字同时使用）；GB/T 15834-2011《标点符号用法》§4.5.3.4（概数不用顿号）、§4.13（连接号）",
        flags: &[
            "逐位读的汉字数字里用 `0`、`O` 或 `零` 代替 `〇`（`二0二三年`、`二零二三年`，修复为 `二〇二三年`）",
            "相邻数字表示概数时中间的顿号（`五、六个人`、`三、四十名`、`十五、六岁`，修复为 `五六个人` 等）",
            "中文里用短横线表示范围：数值用 `～`（`3-5年` → `3～5年`，`95-98%` → `95%～98%`，`3-5万元` → `3万～5万元`），年份、月日用 `—`（`（2021-2025年）` → `（2021—2025年）`、`1-11月` → `1—11月`、`第1-3条` → `第1—3条`）",
            "阿拉伯数字与“千”“百”混用（`2千3百余人` → `2300余人`，`2万5千户` → `2.5万户`）",
            "“约”与“左右”同用（`约1.2亿元左右`，不自动修复：删去哪个由作者决定）",
            "简写的年份，只在明确是年份、且文中其他年份写全四位时（`23年上半年` → `2023年上半年`）",
            "正文中用圆点分隔的日期（`2023.6.30` → `2023年6月30日`，提示级别为 info）",
        ],
        leaves_alone: &[
            "`一、二季度`、`一、二等奖`、`一、二年级`、`三、四月份`、`二、三产业`、`第五、六名`、`周五、六`：顿号连接的是缩略的序列，不是概数",
            "标准号（`GB/T 9704-2012`）、电话（`0731-88888888`）、ISO 日期时间（`2023-07-01`）、型号和编号（`CR400AF-Z`、`表2-8`、`1-2号楼`）、英文里的短横线",
            "已用 `～`、`—` 写的范围，`千克`、`千米`、`千瓦`、`百分点`、`百分比` 等单位，`10亿零817万5288人`、`一百零八`",
            "`改革开放40年以来`、`近20年`：不是年份的“N年”",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::ListPunctuation,
        code: "list-punctuation",
        name: "列举标点",
        default_severity: Severity::Info,
        description: "并列的引号、书名号之间多了顿号；“一是……二是……”各项末尾的标点不一致",
        example: "学习《宪法》、《选举法》",
        corrected: "学习《宪法》《选举法》",
        example_config: "",
        basis: "GB/T 15834-2011《标点符号用法》§4.5.3.5（标有引号、书名号的并列成分之间通常不用顿号）、§4.6（分号）",
        flags: &[
            "紧挨着的两个带引号或书名号的并列项之间的顿号（`“四个意识”、“四个自信”` → `“四个意识”“四个自信”`，`《宪法》、《选举法》` → `《宪法》《选举法》`）",
            "“一是……二是……”“第一，……第二，……”等并列各项，有的以 `；` 结尾、有的以 `。` 结尾：在第一个不一致的项报告一次，不自动修复",
        ],
        leaves_alone: &[
            "中间插有其他成分的并列项（`《规划》（2021年）、《方案》`、`增强“四个意识”、坚定“四个自信”`）",
            "最后一项的句末标点（`一是……；二是……；三是……。`），以逗号或其他标点结尾的项",
        ],
        settings: &[],
    },
    RuleInfo {
        rule: Rule::OverLength,
        code: "over-length",
        name: "篇幅超限",
        default_severity: Severity::Info,
        description: "全文或某一级标题下的篇幅超过配置的字数上限（[length]）",
        example: "一、总体情况。全年召开党员大会十二次，开展专题学习二十次。",
        corrected: "一、总体情况。全年召开会议十二次。",
        example_config: "[length]\nmax_section = { 1 = 20 }",
        basis: "写作要求中的篇幅限制（在 report-lsp.toml 的 [length] 中设置）；字数不计空白",
        flags: &[
            "全文字数超过 `[length] max`（报告在标题处，没有标题时在第一段）",
            "某一级标题下的一节超过 `[length] max_section` 中该级的上限（报告在该标题处）",
        ],
        leaves_alone: &["没有设置 `[length]` 时什么都不报告", "空白字符（空格、换行）不计入字数"],
        settings: &[
            "[length] max = 5000                       # 全文字数上限",
            "[length] max_section = { 1 = 1500, 2 = 600 }   # 各级标题下一节的上限",
        ],
    },
];

impl Rule {
    pub fn info(self) -> &'static RuleInfo {
        RULES
            .iter()
            .find(|info| info.rule == self)
            .expect("every Rule has a registry entry")
    }

    pub fn code(self) -> &'static str {
        self.info().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        RULES.iter().find(|info| info.code == code).map(|i| i.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(a.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            for b in &RULES[i + 1..] {
                assert_ne!(a.code, b.code);
                assert_ne!(a.rule, b.rule);
            }
            assert_eq!(Rule::from_code(a.code), Some(a.rule));
        }
    }

    #[test]
    fn every_example_is_flagged_by_its_rule() {
        use crate::engine::{check, Config, DocumentKind};
        for info in RULES {
            let config = Config::from_toml(info.example_config).unwrap();
            let found = check(info.example, DocumentKind::PlainText, &config);
            assert!(
                found.iter().any(|f| f.rule == info.rule),
                "{}: {:?}",
                info.code,
                found
            );
        }
    }

    #[test]
    fn every_corrected_example_is_left_alone_by_its_rule() {
        use crate::engine::{check, Config, DocumentKind};
        for info in RULES {
            let config = Config::from_toml(info.example_config).unwrap();
            let found = check(info.corrected, DocumentKind::PlainText, &config);
            assert!(
                !found.iter().any(|f| f.rule == info.rule),
                "{}: {:?}",
                info.code,
                found
            );
            assert!(!info.name.is_empty() && !info.basis.is_empty() && !info.flags.is_empty());
        }
    }
}
