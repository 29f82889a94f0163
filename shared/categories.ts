// The category catalogue of the grid-governance platform: major classes with sub-classes (Dongli's
// platform routes 3 classes / 306 items; this catalogue grows toward that, each new sub-category with
// its line in the duty list, config/departments.json, and its weight in config/simulation.json).
// Codes are stable identifiers on the wire; names are what the wall shows.
export interface Category {
  code: string;
  name: string;
  en: string;
  subs: { code: string; name: string; en: string }[];
}

export const CATEGORIES: Category[] = [
  {
    code: 'safety',
    name: '公共安全',
    en: 'Public safety',
    subs: [
      { code: 'safety.hazard', name: '安全隐患', en: 'Safety hazard' },
      { code: 'safety.fire', name: '消防通道', en: 'Fire lane' },
      { code: 'safety.gas', name: '燃气安全', en: 'Gas safety' },
      { code: 'safety.group_rental', name: '群租房', en: 'Overcrowded rental' },
      { code: 'safety.food', name: '食品安全', en: 'Food safety' },
    ],
  },
  {
    code: 'dispute',
    name: '矛盾纠纷',
    en: 'Disputes',
    subs: [
      { code: 'dispute.neighbour', name: '邻里纠纷', en: 'Neighbour dispute' },
      { code: 'dispute.property', name: '物业纠纷', en: 'Property management dispute' },
      { code: 'dispute.wage', name: '劳资纠纷', en: 'Unpaid wages' },
    ],
  },
  {
    code: 'opinion',
    name: '社情民意',
    en: 'Public opinion',
    subs: [
      { code: 'opinion.suggestion', name: '意见建议', en: 'Suggestion' },
      { code: 'opinion.petition', name: '群众诉求', en: 'Petition' },
    ],
  },
  {
    code: 'appearance',
    name: '市容环境',
    en: 'City appearance',
    subs: [
      { code: 'appearance.garbage', name: '垃圾堆放', en: 'Garbage piled up' },
      { code: 'appearance.vendor', name: '占道经营', en: 'Street vending' },
      { code: 'appearance.ad', name: '违规广告', en: 'Illegal advertising' },
      { code: 'appearance.construction', name: '违章搭建', en: 'Illegal construction' },
    ],
  },
  {
    code: 'worksafety',
    name: '安全生产',
    en: 'Work safety',
    subs: [
      { code: 'worksafety.site', name: '施工安全', en: 'Construction site' },
      { code: 'worksafety.chemicals', name: '危化品', en: 'Hazardous chemicals' },
    ],
  },
  {
    code: 'traffic',
    name: '交通秩序',
    en: 'Traffic order',
    subs: [
      { code: 'traffic.parking', name: '违章停车', en: 'Illegal parking' },
      { code: 'traffic.signal', name: '信号灯故障', en: 'Signal fault' },
    ],
  },
  {
    code: 'facility',
    name: '城市设施',
    en: 'City facilities',
    subs: [
      { code: 'facility.manhole', name: '井盖破损', en: 'Broken manhole cover' },
      { code: 'facility.streetlight', name: '路灯不亮', en: 'Street light out' },
      { code: 'facility.road', name: '道路破损', en: 'Damaged road' },
    ],
  },
  {
    code: 'environment',
    name: '生态环境',
    en: 'Environment',
    subs: [
      { code: 'environment.noise', name: '噪声扰民', en: 'Noise' },
      { code: 'environment.smoke', name: '油烟污染', en: 'Cooking fumes' },
      { code: 'environment.water', name: '水体污染', en: 'Water pollution' },
    ],
  },
  {
    code: 'livelihood',
    name: '民生服务',
    en: 'Livelihood services',
    subs: [
      { code: 'livelihood.heating', name: '供暖问题', en: 'Heating' },
      { code: 'livelihood.water', name: '供水问题', en: 'Water supply' },
      { code: 'livelihood.elderly', name: '养老服务', en: 'Elderly care' },
      { code: 'livelihood.power', name: '供电问题', en: 'Power supply' },
      { code: 'livelihood.health', name: '医疗卫生', en: 'Health care' },
      { code: 'livelihood.education', name: '教育服务', en: 'Education' },
    ],
  },
];

const subByCode = new Map(CATEGORIES.flatMap((c) => c.subs.map((s) => [s.code, { ...s, major: c }] as const)));

export const CATEGORY_CODES = [...subByCode.keys()] as [string, ...string[]];

export function categoryOf(code: string) {
  return subByCode.get(code);
}
