// Realistic free-text summaries, deliberately with the personal data a citizen's report carries, so
// the wall's masking (shared/masking.ts) is exercised all day: one report in five names its reporter
// (with a phone number, a house number or, for a vehicle, its plate), one in four gives a phone or
// house number only, written as hotline operators type them (spaced, with dashes, full-width digits).
import type { Rng } from './caseScript.ts';

const PLACES = ['小区门口', '菜市场旁', '学校附近', '公交站', '十字路口', '河道旁', '商业街', '老旧小区'];
/** What a report of each sub-category says, so the text always matches the category the wall shows. */
const ISSUES: Record<string, string[]> = {
  'safety.hazard': ['楼道堆放杂物存在安全隐患', '老旧电线裸露存在隐患'],
  'safety.fire': ['消防通道被车辆占用', '楼道消防栓损坏'],
  'safety.gas': ['疑似燃气泄漏有异味', '燃气管道锈蚀'],
  'safety.food': ['饭店后厨卫生脏乱', '超市出售过期食品'],
  'safety.group_rental': ['出租屋隔断群租住了十几人', '地下室违规群租存在隐患'],
  'dispute.neighbour': ['邻里因噪音发生纠纷', '邻里因楼道占用发生争执'],
  'dispute.property': ['业主与物业因收费发生争执', '物业长期不维修公共设施'],
  'dispute.wage': ['工人反映被拖欠工资', '装修工人讨要工钱'],
  'opinion.suggestion': ['居民建议增设健身器材', '建议增设夜间公交线路'],
  'opinion.petition': ['群众反映办事排队时间长', '居民反映小区出入不便'],
  'appearance.garbage': ['生活垃圾堆放未清运', '建筑垃圾随意倾倒'],
  'appearance.vendor': ['占道经营影响通行', '流动摊贩占用人行道'],
  'appearance.ad': ['墙面张贴违规小广告', '电线杆上乱贴广告'],
  'appearance.construction': ['楼顶私搭乱建彩钢房', '一楼住户违章扩建院墙'],
  'worksafety.site': ['工地夜间施工未设围挡', '工地脚手架不稳'],
  'worksafety.chemicals': ['疑似违规存放危化品', '小作坊存放大量油漆'],
  'traffic.parking': ['车辆违章停放堵塞道路', '共享单车堆放占道'],
  'traffic.signal': ['路口信号灯故障', '信号灯配时过短行人过不去'],
  'facility.manhole': ['井盖破损有安全隐患', '井盖缺失'],
  'facility.streetlight': ['路灯不亮', '路灯杆倾斜'],
  'facility.road': ['道路出现坑洼', '人行道地砖松动'],
  'environment.noise': ['夜间施工噪声扰民', '广场舞音响声音过大'],
  'environment.smoke': ['餐饮油烟扰民', '露天烧烤油烟大'],
  'environment.water': ['河道水体发黑发臭', '河道漂浮垃圾'],
  'livelihood.heating': ['家中暖气不热', '供暖管道漏水'],
  'livelihood.water': ['小区停水未通知', '自来水发黄'],
  'livelihood.elderly': ['独居老人需要帮助', '老人申请助餐服务'],
  'livelihood.power': ['小区突然停电至今未恢复', '楼道电表箱冒火花'],
  'livelihood.health': ['社区卫生服务站夜间无人值守', '诊所疑似无证行医'],
  'livelihood.education': ['学校门口上下学时段拥堵', '校外培训机构违规收费'],
};
/** Categories whose reports may give a vehicle's plate. */
const VEHICLE_CATEGORIES: ReadonlySet<string> = new Set(['traffic.parking', 'safety.fire']);

// Synthetic reporters: common surnames (a few compound) and given-name characters.
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '郑',
  '欧阳',
  '司马',
  '诸葛',
];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞刚华建国玉红梅志海燕庆春立文晓东雪淑珍凤德胜宏振永';
/** Tianjin plates: 津 and an issuing letter; new-energy plates have one character more. */
const PLATE_LETTERS = 'ABCDEFGHJKLMN';

const pick = <T>(items: readonly T[], rng: Rng): T => items[Math.floor(rng() * items.length)]!;
const digits = (n: number, rng: Rng) => Array.from({ length: n }, () => String(Math.floor(rng() * 10))).join('');
const fullWidth = (text: string) => text.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function personName(rng: Rng): string {
  const given = Array.from({ length: rng() < 0.6 ? 2 : 1 }, () => GIVEN[Math.floor(rng() * GIVEN.length)]!).join('');
  return pick(SURNAMES, rng) + given;
}

/** A mobile or landline number as people write it. */
function phoneNumber(rng: Rng): string {
  const mobile = `1${3 + Math.floor(rng() * 6)}${digits(9, rng)}`;
  const r = rng();
  if (r < 0.5) return mobile;
  if (r < 0.7) return `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  if (r < 0.85) return fullWidth(mobile);
  return `022-${2 + Math.floor(rng() * 7)}${digits(7, rng)}`;
}

function houseNumber(rng: Rng): string {
  const building = 1 + Math.floor(rng() * 30);
  const unit = 1 + Math.floor(rng() * 6);
  const room = `${1 + Math.floor(rng() * 18)}0${1 + Math.floor(rng() * 4)}`;
  const r = rng();
  if (r < 0.4) return `${building}号楼`;
  if (r < 0.8) return `${building}号楼${unit}单元${room}室`;
  return `${building}-${unit}-${room}`;
}

function plateNumber(rng: Rng): string {
  const letter = pick([...PLATE_LETTERS], rng);
  const tail = rng() < 0.25 ? `D${digits(5, rng)}` : digits(5, rng);
  return rng() < 0.5 ? `津${letter}·${tail}` : `津${letter}${tail}`;
}

/** A report's text and the personal data written into it (for tests: none of it may reach a screen). */
export function caseSummaryParts(category: string, rng: Rng): { text: string; personal: string[] } {
  const place = pick(PLACES, rng);
  const issue = pick(ISSUES[category] ?? ['群众反映问题'], rng);
  const r = rng();
  if (r < 0.2) {
    const name = personName(rng);
    const phone = phoneNumber(rng);
    const house = houseNumber(rng);
    if (VEHICLE_CATEGORIES.has(category) && rng() < 0.5) {
      const plate = plateNumber(rng);
      return { text: `市民${name}反映${place}${issue}，车牌${plate}，联系电话${phone}`, personal: [name, plate, phone] };
    }
    switch (Math.floor(rng() * 4)) {
      case 0:
        return { text: `市民${name}来电反映${place}${issue}，联系电话${phone}`, personal: [name, phone] };
      case 1:
        return { text: `居民${name}反映${place}${house}${issue}`, personal: [name, house] };
      case 2:
        return { text: `${place}${issue}，联系人：${name}，电话${phone}`, personal: [name, phone] };
      default:
        return { text: `${name}（${house}住户）反映${place}${issue}，请尽快处理`, personal: [name, house] };
    }
  }
  if (r < 0.45) {
    const phone = phoneNumber(rng);
    const house = houseNumber(rng);
    return rng() < 0.5
      ? { text: `市民反映${place}${house}${issue}，联系电话${phone}`, personal: [house, phone] }
      : { text: `${place}${issue}，来电人电话${phone}`, personal: [phone] };
  }
  return { text: rng() < 0.5 ? `${place}${issue}，请尽快处理` : `市民反映${place}${issue}`, personal: [] };
}

export function caseSummary(category: string, rng: Rng): string {
  return caseSummaryParts(category, rng).text;
}
