// The KPIs a duty leader reports upward, by the platform's names, each with the one line that
// defines it (docs/kpi-rulebook.md gives the rules and worked examples): what the console shows
// beside every figure. The keys are the API's (`GET /api/v1/kpis` figures).
import { locale } from './messages.ts';

export type KpiRate =
  | 'acceptanceRate'
  | 'resolutionRate'
  | 'closureRate'
  | 'onTimeRate'
  | 'extensionRate'
  | 'returnRate'
  | 'rehandleRate'
  | 'visitRate'
  | 'satisfaction';

export interface KpiTerm {
  name: string;
  definition: string;
}

const zh: Record<KpiRate, KpiTerm> = {
  acceptanceRate: { name: '接单率', definition: '期内上报、已到 1 小时受理时限的案件中（已受理或上报已超过 1 小时），1 小时内受理的比例' },
  resolutionRate: { name: '办结率', definition: '期内上报的案件中，至今已办结（处置完毕且未被核查退回）的比例' },
  closureRate: { name: '结案率', definition: '期内上报的案件中，至今已回访结案的比例' },
  onTimeRate: { name: '按期办结率', definition: '期内到期的时限（已办结或到期仍未办结）中，在时限内办结的比例；超期未办结的计入分母' },
  extensionRate: { name: '延期率', definition: '期内批准的延期次数 ÷ 期内受理的案件数' },
  returnRate: { name: '退回率', definition: '期内退回次数 ÷ 期内派遣次数' },
  rehandleRate: { name: '重办率', definition: '期内回访中，不满意而重新交办的比例' },
  visitRate: { name: '回访率', definition: '期内以评价了结的案件中，实际回访的比例（其余为 3 天未评价的默认满意）' },
  satisfaction: { name: '回访满意率', definition: '期内回访中，满意和基本满意的比例（不含默认满意）' },
};

const en: Record<KpiRate, KpiTerm> = {
  acceptanceRate: {
    name: 'Accepted within 1 h',
    definition: 'of the cases reported in the period whose hour for acceptance is up (accepted, or reported over an hour ago), the share accepted within it',
  },
  resolutionRate: { name: 'Resolution rate', definition: 'of the cases reported in the period, the share resolved by now (and not sent back by verification)' },
  closureRate: { name: 'Closure rate', definition: 'of the cases reported in the period, the share closed by now' },
  onTimeRate: {
    name: 'On time',
    definition: 'of the deadlines that fell in the period (resolved, or passed while owed), the share resolved by them; open overdue cases count',
  },
  extensionRate: { name: 'Extensions', definition: 'extensions granted in the period ÷ cases accepted in it' },
  returnRate: { name: 'Returns', definition: 'returns in the period ÷ dispatches in it' },
  rehandleRate: { name: 'Re-handled', definition: 'of the return visits in the period, the share unsatisfied and sent back' },
  visitRate: {
    name: 'Visited',
    definition: 'of the cases settled by a rating in the period, the share really visited (the rest closed by default after 3 days)',
  },
  satisfaction: { name: 'Satisfaction', definition: 'of the return visits in the period, satisfied or basically satisfied (default closes left out)' },
};

export const KPI_RATES = Object.keys(zh) as KpiRate[];
export const kpiTerms: Record<KpiRate, KpiTerm> = locale === 'en' ? en : zh;
