// Realistic free-text summaries, deliberately with the personal data a citizen's report carries
// (phone numbers, house numbers) so the wall's masking is exercised all day.
import type { Rng } from './caseScript.ts';

const PLACES = ['小区门口', '菜市场旁', '学校附近', '公交站', '十字路口', '河道旁', '商业街', '老旧小区'];
const ISSUES: Record<string, string[]> = {
  safety: ['楼道堆放杂物存在安全隐患', '消防通道被占用', '疑似燃气泄漏有异味'],
  dispute: ['邻里因噪音发生纠纷', '业主与物业因收费发生争执', '工人反映被拖欠工资'],
  opinion: ['居民建议增设健身器材', '群众反映办事排队时间长'],
  appearance: ['生活垃圾堆放未清运', '占道经营影响通行', '墙面张贴违规小广告'],
  worksafety: ['工地夜间施工未设围挡', '疑似违规存放危化品'],
  traffic: ['车辆违章停放堵塞道路', '信号灯故障'],
  facility: ['井盖破损有安全隐患', '路灯不亮', '道路出现坑洼'],
  environment: ['夜间施工噪声扰民', '餐饮油烟扰民', '河道水体发黑发臭'],
  livelihood: ['家中暖气不热', '小区停水未通知', '独居老人需要帮助'],
};

const pick = <T>(items: readonly T[], rng: Rng): T => items[Math.floor(rng() * items.length)]!;

export function caseSummary(category: string, rng: Rng): string {
  const major = category.split('.')[0]!;
  const place = pick(PLACES, rng);
  const issue = pick(ISSUES[major] ?? ['群众反映问题'], rng);
  const phone = `1${3 + Math.floor(rng() * 6)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;
  const house = `${1 + Math.floor(rng() * 30)}号楼`;
  return rng() < 0.5 ? `市民反映${place}${house}${issue}，联系电话${phone}` : `${place}${issue}，请尽快处理`;
}
