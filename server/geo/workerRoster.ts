// The grid workers: one full-time worker (专职网格员) per basic grid, as on the real platform,
// plus part-time workers (兼职网格员: building heads, volunteers) in about a quarter of the grids.
// Derived deterministically from the grid list, so every node and every restart agree on it.
// Names are synthetic; they are personal data all the same and reach screens only masked.
import type { GridRecord } from '../../shared/geoDataset.ts';
import { seededRng } from '../../shared/seededRng.ts';

export type WorkerRole = 'full_time' | 'part_time';
export interface GridWorker {
  id: string;
  name: string;
  role: WorkerRole;
  gridCode: string;
}

export const PART_TIME_SHARE = 0.25;
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰红梅志强海燕国庆春梅立新文华晓东雪梅淑珍凤英德胜宏伟振华永刚丽娜玉珍';

export function workerRoster(grids: readonly GridRecord[]): GridWorker[] {
  const rng = seededRng(20_261_123);
  const name = () => {
    const surname = SURNAMES[Math.floor(rng() * SURNAMES.length)]!;
    const given = Array.from({ length: rng() < 0.6 ? 2 : 1 }, () => GIVEN[Math.floor(rng() * GIVEN.length)]!).join('');
    return surname + given;
  };
  const roster: GridWorker[] = [];
  for (const g of grids) {
    roster.push({ id: `W${g.code}`, name: name(), role: 'full_time', gridCode: g.code });
    if (rng() < PART_TIME_SHARE) roster.push({ id: `P${g.code}`, name: name(), role: 'part_time', gridCode: g.code });
  }
  return roster;
}
