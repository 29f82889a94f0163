// Personal-data masking: the one policy for anything that reaches a wall screen or a log line
// (invariant 7). The store keeps the citizen's own words; screens, case histories and logs get
//   - ID-card numbers (18 digits, last X; a 15-digit first-generation number) -> [身份证号]
//   - bank-card numbers (16-19 digits)                                        -> [卡号]
//   - mobile numbers (+86 too) and landlines (with area code or 7-8 digits)   -> [电话]
//   - plate numbers: province and issuing letter kept       津A·12345, 津AD12345 -> 津A*****, 津A******
//   - house numbers: 12号楼3单元501室 -> *号楼*单元*室, 3-2-501 -> *-*-*
//   - personal names found by their context (below): 张晓明 -> 张*明, 张强 -> 张*, 欧阳娜娜 -> 欧**娜
// The text is first made plain (shared/plainText.ts: NFKC, so full-width digits and ＠ count; no
// zero-width or other invisible characters between digits; a right-to-left override's run as it was
// seen). Numbers match with one separator between any two digits: a space, a dash, a dot, a slash,
// a bracket, an underscore or a middle dot (138.1234.5678, (022)2345/6789, 1_3_8…). A name is a surname from the list (single or compound) and one or
// two given characters, taken as a name only where the text says so: after a role word (市民, 业主,
// 联系人：, 名叫 …), before a reporting verb or a phone number (反映, 来电, 称, 表示, [电话] …; at a
// text's start, after punctuation or an address (…号楼) also 家, （, 先生, 老人, the text's end), listed
// with such a name (、和与及), or as the whole text of a short field (an escalation's `by`). Not names:
// a surname with a title or 某 (王先生, 李女士, 张师傅, 王某, 刘某某), and words that begin with a
// surname character (周边, 马路, 高温, 路面, 张贴 …: EXCLUDED). Over-reaching by a character is harmless
// (张强反映 taken as 张强反 still hides 强). Known limits, not found: a name with no such context
// (张晓明的车被刮), a name that is also an excluded word (高新), the third given character of a long
// name (张晓明明 -> 张*明明), names with a middle dot (买买提·艾力), names without their surname (晓明),
// surnames left out of the list because they are above all common words (向, 和, 平, 国, 海, 门, 井 …)
// and characters outside the basic CJK block. A 15-digit grid code stays (a 15-digit number is taken
// for a first-generation ID only when digits 7-12 read as a birth date in 1920-1999 and it does not
// follow 网格), as do service numbers (12345), dates, times, amounts and counts.

import { plainText } from './plainText.ts';

/**
 * The policy's version: raise it whenever what is masked changes, so that text masked by an older
 * policy and kept outside the log (a projection checkpoint's ticker and open cases) is not reused.
 */
export const MASKING_POLICY_VERSION = 4;

// ---- numbers -----------------------------------------------------------------------------------

/** One optional separator between digits: a space, a dash, a dot, a slash, a bracket, an underscore, a middle dot. */
const SEP = '[\\s\\-—./\\\\()\\[\\]_·•]?';
const d = (n: number) => Array.from({ length: n }, () => '\\d').join(SEP);
const ID_CARD = new RegExp(`(?<!\\d)${d(17)}${SEP}[\\dXx](?![\\dA-Za-z])`, 'g');
/** The first-generation card: region, YYMMDD, sequence; filtered by OLD_ID_DATE. */
const OLD_ID_CARD = /(?<!网格[编码号：:\s]{0,4})(?<!\d)\d{6}(\d{2})(\d{2})(\d{2})\d{3}(?!\d)/g;
/** 16 to 19 digits, a separator allowed between any two (6222 0212 3456 7890, 6222.0212.3456.7890). */
const BANK_CARD = new RegExp(`(?<!\\d)\\d(?:${SEP}\\d){15,18}(?!\\d)`, 'g');
const MOBILE = new RegExp(`(?<![\\d+])(?:\\+?86${SEP})?1${SEP}[3-9]${SEP}${d(9)}(?!\\d)`, 'g');
/** Quantities that follow a large number that is not a phone number (3000000元). */
const NOT_A_PHONE_AFTER = '(?!\\s*(?:元|万|亿|千|百|米|平|公里|公斤|斤|吨|块|个|人|次|户|辆|%|％))';
/** A landline: an optional area code (in brackets too), then 7 or 8 digits, a separator allowed between any two. */
const LANDLINE = new RegExp(
  `(?<![\\d+])(?!(?:19|20)\\d\\d${SEP}(?:19|20)\\d\\d(?!\\d))` + // not a span of years (2025-2026)
    `(?!(?:19|20)\\d\\d[-./]\\d{1,2}[-./]\\d{1,2}(?!\\d))` + // nor a date (2026.11.24, 2026/11/24)
    `(?:(?:\\+?86${SEP})?[(（]?${SEP}0(?:${SEP}\\d){2,3}${SEP}[)）]?${SEP})?[2-9](?:${SEP}\\d){6,7}(?!\\d)${NOT_A_PHONE_AFTER}`,
  'g',
);
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Province, issuing letter, then 5 (6: new-energy) letters and digits, spaces and a middle dot allowed. */
const PLATE = new RegExp(`([${PROVINCES}])\\s?([A-Za-z])[\\s·•．.\\-－]{0,2}((?:[A-Za-z0-9]\\s?){4,5}[A-Za-z0-9])(?![A-Za-z0-9])`, 'g');
/** A number of a building, a unit, a door or a room; not a date (11月2号) nor a metro line (3号线). */
const HOUSE_NUMBER = /(?<![\d月])\d+\s*(号楼|号院|号|栋|幢|单元|门|室)(?!线)/g;
/** Building-unit-room written with dashes (3-2-501), not a date (2026-11-24). */
const HOUSE_DASHED = /(?<![\d-])\d{1,3}-\d{1,2}-\d{2,4}(?![\d-])/g;
/** A room number right after the building or unit (3单元501, 5号楼3门502). */
const ROOM_AFTER_UNIT = /(?<=(?:号楼|单元|栋|幢|\*门)\s*)\d{2,4}(?![\d号元米天年月日人户辆个次])/g;

/** A plausible birth date in digits 7-12 of a 15-digit number (1920-1999). */
function oldIdDate(yy: string, mm: string, dd: string): boolean {
  const y = Number(yy);
  const m = Number(mm);
  const day = Number(dd);
  return y >= 20 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/** An e-mail address. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A messaging account after its name (微信wxm1990, QQ号：123456789): before the phone rules, which would take only its digits. */
const ACCOUNT = /(微信号?|微信id|wechat|weixin|vx|v信|QQ号?|qq号?|抖音号?|微博)([：:\s]*)[A-Za-z0-9][A-Za-z0-9_.-]{4,29}/gi;
/** A number read out in Chinese numerals (一三八一二三四五六七八): seven or more digits of them. */
const SPOKEN_NUMBER = /[〇零一二三四五六七八九幺两](?:[\s\-－]?[〇零一二三四五六七八九幺两]){6,}/g;

function maskNumbers(text: string): string {
  return text
    .replace(EMAIL, '[邮箱]')
    .replace(ACCOUNT, '$1$2[账号]')
    .replace(SPOKEN_NUMBER, '[电话]')
    .replace(ID_CARD, '[身份证号]')
    .replace(OLD_ID_CARD, (all, yy: string, mm: string, dd: string) => (oldIdDate(yy, mm, dd) ? '[身份证号]' : all))
    .replace(BANK_CARD, '[卡号]')
    .replace(MOBILE, '[电话]')
    .replace(LANDLINE, '[电话]')
    .replace(PLATE, (all, province: string, letter: string, tail: string) => {
      const chars = tail.replace(/\s/g, '');
      // a plate has digits; "新iPhone12" has not enough of them
      return (chars.match(/\d/g)?.length ?? 0) >= 3 ? `${province}${letter.toUpperCase()}${'*'.repeat(chars.length)}` : all;
    })
    .replace(HOUSE_DASHED, '*-*-*')
    .replace(HOUSE_NUMBER, '*$1')
    .replace(ROOM_AFTER_UNIT, '*');
}

// ---- names -------------------------------------------------------------------------------------

/**
 * Common single-character surnames (about 250, by frequency), less those that are above all common
 * words or function characters (向, 和, 平, 国, 海, 门, 井, 解, 连, 单, 费, 党, 司 …): those are not found.
 */
const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤穆卓古吉缪麦褚娄窦戚岑景冷晏卫柏宗瞿桂全佟臧闵苟邬卞姬仇栾隋刁巫寇桑郎甄丛仲虞敖巩佘苑迟邝匡鞠惠荆郁胥栗鄢谌冼蔺厉伊仝郜阚屠朴禹狄晁芮扈阙邸雍辜亓邰赫杭逯茹嵇湛戎茅於昝檀萧时车',
]);
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '万俟',
  '单于',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '闻人',
  '赫连',
  '拓跋',
  '左丘',
  '鲜于',
  '闾丘',
]);
/** A surname followed by these is a form of address, not a name (王先生, 张师傅, 刘某某). */
const TITLES = [
  '某',
  '先生',
  '女士',
  '小姐',
  '师傅',
  '师父',
  '老师',
  '阿姨',
  '大爷',
  '大妈',
  '大娘',
  '大姐',
  '大哥',
  '大叔',
  '奶奶',
  '爷爷',
  '姥姥',
  '姥爷',
  '老板',
  '经理',
  '主任',
  '书记',
  '同志',
  '医生',
  '律师',
  '警官',
  '科长',
  '处长',
  '局长',
  '队长',
  '组长',
  '站长',
  '所长',
  '总',
  '工',
  '姐',
  '哥',
  '叔',
  '婶',
  '姨',
  '伯',
  '家人',
  '家属',
  '姓',
];
/**
 * Common words that begin with a surname character: never taken as a name. The role words that
 * introduce a name are here too (车主, 房东), and so are a few place names of Tianjin.
 */
const EXCLUDED = new Set([
  '周边',
  '周末',
  '周围',
  '周日',
  '周一',
  '周二',
  '周三',
  '周四',
  '周五',
  '周六',
  '周内',
  '周期',
  '周转',
  '周到',
  '周边',
  '周密',
  '马路',
  '马上',
  '马桶',
  '马道',
  '马场',
  '高温',
  '高空',
  '高楼',
  '高层',
  '高峰',
  '高速',
  '高架',
  '高度',
  '高新',
  '高压',
  '高中',
  '高档',
  '高低',
  '高处',
  '黄色',
  '黄河',
  '黄土',
  '黄昏',
  '路面',
  '路灯',
  '路口',
  '路段',
  '路边',
  '路上',
  '路过',
  '路经',
  '路线',
  '路况',
  '路政',
  '路基',
  '路牌',
  '路人',
  '方向',
  '方面',
  '方便',
  '方式',
  '方案',
  '方法',
  '方位',
  '方圆',
  '安全',
  '安装',
  '安排',
  '安置',
  '安静',
  '安检',
  '安保',
  '安宁',
  '任何',
  '任意',
  '任务',
  '任性',
  '时间',
  '时候',
  '时常',
  '时段',
  '时期',
  '时而',
  '时刻',
  '时有',
  '白天',
  '白色',
  '白班',
  '白领',
  '常年',
  '常住',
  '常常',
  '常规',
  '常用',
  '常态',
  '江边',
  '江面',
  '金额',
  '金属',
  '金街',
  '石头',
  '石块',
  '石材',
  '林地',
  '林木',
  '林荫',
  '万元',
  '万分',
  '万一',
  '余额',
  '余下',
  '全部',
  '全市',
  '全天',
  '全家',
  '全区',
  '全体',
  '全面',
  '全程',
  '全年',
  '成本',
  '成为',
  '成功',
  '成立',
  '成人',
  '成员',
  '成群',
  '成片',
  '程序',
  '程度',
  '车辆',
  '车位',
  '车主',
  '车库',
  '车道',
  '车上',
  '车门',
  '车窗',
  '车内',
  '车棚',
  '车流',
  '车速',
  '车身',
  '房屋',
  '房间',
  '房东',
  '房顶',
  '房主',
  '房产',
  '房租',
  '房价',
  '严重',
  '严格',
  '严查',
  '严禁',
  '严管',
  '包括',
  '包装',
  '包裹',
  '文明',
  '文件',
  '文化',
  '文字',
  '文明',
  '关于',
  '关闭',
  '关注',
  '关心',
  '关系',
  '关门',
  '关键',
  '夏季',
  '夏天',
  '张贴',
  '张挂',
  '张罗',
  '施工',
  '管理',
  '管道',
  '管网',
  '管线',
  '管控',
  '管辖',
  '管护',
  '于是',
  '于今',
  '于昨',
  '于前',
  '于本',
  '于当',
  '于近',
  '于凌',
  '于早',
  '于晚',
  '于每',
  '于此',
  '于该',
  '于日',
  '谢谢',
  '何时',
  '何处',
  '何人',
  '胡同',
  '许多',
  '许可',
  '曾经',
  '陆续',
  '范围',
  '凌晨',
  '颜色',
  '柏油',
  '田地',
  '田间',
  '毛坯',
  '龙头',
  '温度',
  '温暖',
  '钟点',
  '孔洞',
  '易燃',
  '易碎',
  '齐全',
  '乔迁',
  '左右',
  '左侧',
  '左边',
  '武清',
  '宁河',
  '宁静',
  '付款',
  '付费',
  '叶子',
  '丁字',
  '卫生',
  '卫津',
  '苏醒',
  '华为',
  '康复',
  '艾滋',
  '申请',
  '申报',
  '尚未',
  '符合',
  '纪律',
  '梅江',
  '童车',
  '毕业',
  '曲线',
  '游客',
  '游玩',
  '游泳',
  '辛苦',
  '蒙受',
  '屈服',
  '古老',
  '吉祥',
  '冷气',
  '冷库',
  '冷水',
  '宗教',
  '桂花',
  '全新',
  '甘肃',
  '祝福',
  '包子',
  '柯南',
  '杨柳',
  '葛沽',
]);
/**
 * Characters that do not begin a given name, and that end one when they follow its first character:
 * function words and the places' last characters (庄, 村, 楼 …), so 王家庄 and 林荫道 are not names.
 */
const STOP = new Set([
  ...'的了是在和与及等说称也都已又还就才再曾被把将对从给让向于多上下内外里前后边旁侧面部门口路街道区市县镇乡村庄屯台营堡窝沽洼店桥湾坨坊寨铺港河湖楼号层院场站所厂房车辆米次个位名们某先女',
]);
/** The last character of a village's or a place's name (王家庄, 杨柳青镇 is a town name by its 镇 already). */
const PLACE_ENDS = '庄村屯营堡窝沽洼坨坊寨铺港';
/** Role words after which a name follows (市民张晓明, 联系人：王建国, 名叫李娜). */
const CUES_BEFORE = [
  '市民',
  '居民',
  '村民',
  '业主',
  '租户',
  '商户',
  '住户',
  '群众',
  '来电人',
  '反映人',
  '投诉人',
  '举报人',
  '联系人',
  '当事人',
  '报案人',
  '求助人',
  '申请人',
  '户主',
  '车主',
  '房主',
  '房东',
  '租客',
  '店主',
  '摊主',
  '姓名',
  '名字',
  '名叫',
  '叫做',
  '叫',
  '老人',
  '患者',
  '学生',
  '家长',
  '工人',
  '员工',
  '司机',
  '驾驶员',
  '孩子',
  '儿子',
  '女儿',
  '老伴',
  '丈夫',
  '妻子',
  '母亲',
  '父亲',
  '邻居',
  '负责人',
  '网格员',
  '志愿者',
  '楼长',
  '热心人',
  // who a note sends the reader to (请联系王小明, 已转告李娜)
  '联系',
  '转告',
  '转交',
  '告知',
  '通知',
  '交由',
  '交给',
  '找到',
  '寻找',
  '询问',
  '约见',
  '走访',
  '回访',
];
/** After a name, these say it is one, whatever comes before it (张晓明反映, 王建国[电话]). */
const CUES_AFTER = [
  '反映',
  '来电',
  '投诉',
  '举报',
  '称',
  '表示',
  '诉称',
  '致电',
  '拨打',
  '求助',
  '咨询',
  '报警',
  '电话',
  '手机',
  '联系电话',
  '[',
  '（身份证',
  '(身份证',
];
/** After a name, these say it is one where the name starts the text or follows punctuation (，张晓明家中). */
const WEAK_CUES_AFTER = ['家', '（', '(', '先生', '女士', '老人', '等人', '夫妇', '一家', '母子', '父子', '母女', '父女'];
/** What may stand between names listed together (张晓明、李娜反映). */
const LIST_SEPARATORS = '、和与及跟同';
/** Characters after which a name may start where a weak cue follows it: an address's last character. */
const ADDRESS_ENDS = '区楼室号门院栋村';
/** Where a given name of one character ends (张强反映): cues, titles, function words. */
const BREAKS = [
  ...CUES_AFTER,
  ...WEAK_CUES_AFTER,
  ...TITLES,
  ...STOP,
  ...LIST_SEPARATORS,
  '今日',
  '今天',
  '昨日',
  '昨天',
  '要求',
  '希望',
  '提出',
  '建议',
  '告知',
  '驾驶',
  '骑',
  '住',
  '讲',
];

const isHan = (c: string | undefined): boolean => c !== undefined && c >= '\u4e00' && c <= '\u9fff';
const startsWithAny = (text: string, at: number, words: readonly string[]) => words.some((w) => text.startsWith(w, at));
const BREAK_CHARS = new Set(BREAKS.filter((w) => w.length === 1));
const BREAK_WORDS = BREAKS.filter((w) => w.length > 1);
const breaksAt = (text: string, at: number) => at >= text.length || !isHan(text[at]) || BREAK_CHARS.has(text[at]!) || startsWithAny(text, at, BREAK_WORDS);

interface Candidate {
  start: number;
  end: number;
}

/** A surname at `i` and a given name of one or two characters after it, unless the text says it is something else. */
function candidateAt(text: string, i: number): Candidate | null {
  const surname = COMPOUND_SURNAMES.has(text.slice(i, i + 2)) && isHan(text[i + 2]) ? 2 : SURNAMES.has(text[i]!) ? 1 : 0;
  if (!surname || (surname === 1 && EXCLUDED.has(text.slice(i, i + 2)))) return null;
  const g = i + surname;
  if (!isHan(text[g]) || STOP.has(text[g]!) || startsWithAny(text, g, TITLES)) return null;
  // 王家庄, 李村: a place, not a person
  if (PLACE_ENDS.includes(text[g + 1] ?? '')) return null;
  // two given characters unless the text breaks after the first and not after the second
  const oneChar = !isHan(text[g + 1]) || STOP.has(text[g + 1]!) || (breaksAt(text, g + 1) && !breaksAt(text, g + 2));
  return { start: i, end: g + (oneChar ? 1 : 2) };
}

/** A role word ends at `at`, perhaps followed by a colon or space and 是/为. */
function cueBefore(text: string, at: number): boolean {
  const colonBefore = (j: number) => {
    for (let k = 0; k < 3 && j > 0 && /[：:\s]/.test(text[j - 1]!); k++) j--;
    return j;
  };
  const endsWithCue = (j: number) => CUES_BEFORE.some((w) => j >= w.length && text.startsWith(w, j - w.length));
  const j = colonBefore(at);
  return endsWithCue(j) || ((text[j - 1] === '是' || text[j - 1] === '为') && endsWithCue(colonBefore(j - 1)));
}

function skipSpaces(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

/** Whether the candidate is a name by what follows it (`depth`: names listed after it, checked in turn). */
function cuedAfter(text: string, c: Candidate, depth = 0): boolean {
  const after = skipSpaces(text, c.end);
  if (startsWithAny(text, after, CUES_AFTER)) return true;
  const leftOpen = c.start === 0 || !isHan(text[c.start - 1]) || ADDRESS_ENDS.includes(text[c.start - 1]!) || LIST_SEPARATORS.includes(text[c.start - 1]!);
  if (leftOpen && (after >= text.length || startsWithAny(text, after, WEAK_CUES_AFTER))) return true;
  // 张晓明、李娜反映: a name listed before another that is one
  if (depth < 4 && LIST_SEPARATORS.includes(text[c.end] ?? '')) {
    const next = candidateAt(text, c.end + 1);
    return next !== null && cuedAfter(text, next, depth + 1);
  }
  return false;
}

function maskNames(text: string): string {
  // a short field that is a name and nothing else (an escalation's `by`)
  const whole = candidateAt(text, 0);
  if (whole && whole.end === text.length) return maskPersonName(text);
  let out = '';
  let copied = 0;
  let lastNameEnd = -1;
  for (let i = 0; i < text.length; i++) {
    if (!SURNAMES.has(text[i]!) && !COMPOUND_SURNAMES.has(text.slice(i, i + 2))) continue;
    const c = candidateAt(text, i);
    if (!c) continue;
    const listed = lastNameEnd === i - 1 && LIST_SEPARATORS.includes(text[i - 1]!);
    if (!(listed || cueBefore(text, i) || cuedAfter(text, c))) continue;
    out += text.slice(copied, c.start) + maskPersonName(text.slice(c.start, c.end));
    copied = lastNameEnd = c.end;
    i = c.end - 1;
  }
  return out + text.slice(copied);
}

/** Anything that might be worth masking once plain: a digit, a Chinese character or an @ (most log lines have none). */
const MAYBE_PERSONAL = /[\d\u4e00-\u9fff@]/;

/** The text as a screen or a log line may show it: plain, the personal data in it masked (see the top of this file). */
export function maskPersonalData(input: string): string {
  const text = plainText(input);
  if (!MAYBE_PERSONAL.test(text)) return text;
  return maskNames(maskNumbers(text));
}

/** A person's name as a screen may show it: 张三 -> 张*, 王小明 -> 王*明, 欧阳娜娜 -> 欧**娜. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
