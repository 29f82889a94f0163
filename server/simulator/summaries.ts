// Realistic free-text summaries, deliberately with the personal data a citizen's report carries
// (phone numbers, house numbers) so the wall's masking is exercised all day.
import type { Rng } from './caseScript.ts';

const PLACES = ['小区门口', '菜市场旁', '学校附近', '公交站', '十字路口', '河道旁', '商业街', '老旧小区'];
/** What a report of each sub-category says, so the text always matches the category the wall shows. */
const ISSUES: Record<string, string[]> = {
  'safety.hazard': ['楼道堆放杂物存在安全隐患', '老旧电线裸露存在隐患'],
  'safety.fire': ['消防通道被车辆占用', '楼道消防栓损坏'],
  'safety.gas': ['疑似燃气泄漏有异味', '燃气管道锈蚀'],
  'dispute.neighbour': ['邻里因噪音发生纠纷', '邻里因楼道占用发生争执'],
  'dispute.property': ['业主与物业因收费发生争执', '物业长期不维修公共设施'],
  'dispute.wage': ['工人反映被拖欠工资', '装修工人讨要工钱'],
  'opinion.suggestion': ['居民建议增设健身器材', '建议增设夜间公交线路'],
  'opinion.petition': ['群众反映办事排队时间长', '居民反映小区出入不便'],
  'appearance.garbage': ['生活垃圾堆放未清运', '建筑垃圾随意倾倒'],
  'appearance.vendor': ['占道经营影响通行', '流动摊贩占用人行道'],
  'appearance.ad': ['墙面张贴违规小广告', '电线杆上乱贴广告'],
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
};

const pick = <T>(items: readonly T[], rng: Rng): T => items[Math.floor(rng() * items.length)]!;

export function caseSummary(category: string, rng: Rng): string {
  const place = pick(PLACES, rng);
  const issue = pick(ISSUES[category] ?? ['群众反映问题'], rng);
  const phone = `1${3 + Math.floor(rng() * 6)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;
  const house = `${1 + Math.floor(rng() * 30)}号楼`;
  return rng() < 0.5 ? `市民反映${place}${house}${issue}，联系电话${phone}` : `${place}${issue}，请尽快处理`;
}
