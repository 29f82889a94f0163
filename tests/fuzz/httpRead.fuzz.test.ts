// Hostile path and query parameters on the read routes (regions, kpis, locate, trends, alerts,
// cases, walls): malformed codes and ids, percent-encoded garbage, repeated and bracketed keys,
// prototype keys, NaN/Infinity coordinates. Each answer is a clear 4xx — or a 200/404 where the
// input is well formed — never a 5xx; the log and projections are unchanged and nothing is polluted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from './support/fuzzRun.ts';
import { hostileKey, hostileValue } from './support/hostile.ts';
import { expectRefusal, send } from './support/http.ts';
import { expectUnchanged } from './support/invariants.ts';
import { useFuzzServer } from './support/fuzzServer.ts';

const fuzz = useFuzzServer('httpRead');

const REGION = /^12\d{2}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$/;
const SCOPE = /^12\d{2}(\d{2}(\d{3})?)?$/;
const CASE_ID = /^[\w.:-]{1,64}$/;
const WALL = /^[a-z0-9-]{1,40}$/;
const COORD = (v: string, min: number, max: number) => v.trim() !== '' && Number(v) >= min && Number(v) <= max;

/** Each route's parameters, and whether a value set is well formed (then 200 or 404 may answer; otherwise only a 4xx). */
const QUERY_ROUTES: { path: string; keys: string[]; wellFormed: (q: Map<string, string[]>) => boolean }[] = [
  {
    path: '/api/v1/kpis',
    keys: ['region', 'period'],
    wellFormed: (q) => ok(q, { region: (v) => REGION.test(v), period: (v) => ['today', 'week', '30d'].includes(v) }),
  },
  {
    path: '/api/v1/locate',
    keys: ['lon', 'lat'],
    wellFormed: (q) => q.has('lon') && q.has('lat') && ok(q, { lon: (v) => COORD(v, 115.5, 119), lat: (v) => COORD(v, 38, 41) }),
  },
  { path: '/api/v1/trends', keys: ['region'], wellFormed: (q) => ok(q, { region: (v) => SCOPE.test(v) }) },
  { path: '/api/v1/alerts', keys: ['region'], wellFormed: (q) => ok(q, { region: (v) => SCOPE.test(v) }) },
];
function ok(q: Map<string, string[]>, rules: Record<string, (v: string) => boolean>): boolean {
  return [...q].every(([k, vs]) => Object.hasOwn(rules, k) && vs.length === 1 && rules[k]!(vs[0]!));
}
const PATH_ROUTES: { prefix: string; wellFormed: (v: string) => boolean }[] = [
  { prefix: '/api/v1/regions/', wellFormed: (v) => REGION.test(v) },
  { prefix: '/api/v1/cases/', wellFormed: (v) => CASE_ID.test(v) },
  { prefix: '/api/v1/walls/', wellFormed: (v) => WALL.test(v) },
];

const text = fc.oneof(
  hostileValue.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))),
  fc.constantFrom(
    '1201',
    '120101',
    '120101001',
    '12010100100',
    '117.2',
    '39.1',
    'NaN',
    'Infinity',
    '-0',
    '1e3',
    '0x75',
    'today',
    'WEEK',
    '%',
    '%zz',
    '%00',
    '%ff%fe',
    '%ED%A0%80',
    '..',
    '../..',
    '.',
    ' ',
  ),
);
/** Percent-encodes the UTF-8 bytes of every character but `keep` (a lone surrogate goes as U+FFFD's bytes). */
const pct = (v: string, keep: RegExp) =>
  [...v].map((c) => (keep.test(c) ? c : [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''))).join('');
/** A value as a URL part: fully encoded, or raw where it can be (a stray `%` makes a malformed escape). */
const encode = fc
  .tuple(text, fc.boolean())
  .map(([v, raw]) => (raw ? pct(v, /^[\x21-\x7e]$/).replace(/[#?&/]/g, (c) => pct(c, /^$/)) : pct(v, /^[A-Za-z0-9_.~-]$/)));

async function get(surface: string, path: string) {
  const answer = await send(fuzz.server.url, { method: 'GET', path, key: fuzz.server.secrets.screenToken });
  fuzz.tally.count(surface, answer.status);
  return answer;
}

describe('read routes under hostile parameters', () => {
  it('answer hostile query strings with a 4xx (or, where well formed, 200/404), never a 5xx', async () => {
    const query = fc.record({
      route: fc.constantFrom(...QUERY_ROUTES),
      pairs: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'region',
              'period',
              'lon',
              'lat',
              'region[]',
              'region[x]',
              '__proto__',
              '__proto__[polluted]',
              'constructor[prototype][polluted]',
              'full',
            ),
            hostileKey.map((k) => k.slice(0, 50)),
          ),
          encode,
        ),
        { maxLength: 4 },
      ),
    });
    await check(
      'read: query strings',
      fc.asyncProperty(query, async ({ route, pairs }) => {
        const qs = pairs.map(([k, v]) => `${pct(k, /^[A-Za-z0-9_.~[\]-]$/)}=${v}`).join('&');
        const answer = await get('read: query strings', `${route.path}?${qs}`);
        const parsed = new Map<string, string[]>();
        let decodable = true;
        for (const [k, v] of new URLSearchParams(qs)) {
          parsed.set(k, [...(parsed.get(k) ?? []), v]);
          if (/%(?![0-9a-f]{2})/i.test(v)) decodable = false;
        }
        if (decodable && route.wellFormed(parsed) && answer.status < 300) return;
        if (answer.status === 404 && decodable && route.wellFormed(parsed)) {
          expectRefusal(answer);
          return;
        }
        expectRefusal(answer, { statuses: [400, 403, 404, 414, 431] });
      }),
    );
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });

  it('answer hostile path parameters with a 4xx (or, where well formed, 200/404), never a 5xx', async () => {
    const path = fc.record({ route: fc.constantFrom(...PATH_ROUTES), value: encode });
    await check(
      'read: path parameters',
      fc.asyncProperty(path, async ({ route, value }) => {
        fc.pre(value.length > 0 && !['.', '..', '%2e', '%2E', '.%2e', '%2e.'].includes(value)); // dot segments: the client resolves them away
        const answer = await get('read: path parameters', `${route.prefix}${value}`);
        let decoded: string | null = null;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          /* malformed percent-encoding: must be a 400 */
        }
        if (decoded !== null && route.wellFormed(decoded) && (answer.status === 200 || answer.status === 404)) return;
        expectRefusal(answer, { statuses: [400, 403, 404, 414, 431] });
      }),
    );
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });

  it('refuses a few hand-picked ones with the documented codes', async () => {
    const cases: [string, number, string][] = [
      ['/api/v1/regions/%E0%A4%A', 400, 'bad_request'],
      ['/api/v1/regions/1299', 403, 'outside_scope'],
      ['/api/v1/regions/12x', 400, 'invalid_payload'],
      ['/api/v1/kpis?region=1201&region=120101', 400, 'invalid_payload'],
      ['/api/v1/kpis?__proto__[polluted]=1', 400, 'invalid_payload'],
      ['/api/v1/kpis?period=forever', 400, 'invalid_payload'],
      ['/api/v1/locate?lon=NaN&lat=Infinity', 400, 'invalid_payload'],
      ['/api/v1/locate?lon=200&lat=39', 400, 'invalid_payload'],
      ['/api/v1/locate?lon=115.6&lat=38.1', 404, 'outside_city'],
      ['/api/v1/trends?region=120101001001', 400, 'invalid_payload'],
      ['/api/v1/alerts?region=1299', 403, 'outside_scope'],
      [`/api/v1/cases/${'a'.repeat(65)}`, 400, 'invalid_payload'],
      ['/api/v1/cases/NOPE?full=maybe', 400, 'invalid_payload'],
      ['/api/v1/walls/..%2F..%2Fetc', 400, 'invalid_wall'],
      ['/api/v1/walls/constructor', 404, 'unknown_wall'],
      ['/api/v1/walls/__proto__', 400, 'invalid_wall'],
      ['/api/v1/nothing-here', 404, 'not_found'],
    ];
    for (const [path, status, code] of cases) {
      const answer = await get('read: hand-picked', path);
      expectRefusal(answer, { statuses: [status], codes: [code] });
    }
    expect(true).toBe(true);
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });
});
