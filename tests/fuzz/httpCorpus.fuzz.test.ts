// A hand-written corpus of nasty HTTP inputs (10 MB strings, 100k-element arrays, 10,000- and
// 100,000-deep nesting, NaN/Infinity/-0, prototype keys, wrong content types and encodings, huge
// headers, truncated JSON, year 1 / 9999, out-of-range coordinates, unknown enums, reused ids,
// illegal transitions, oversized batches): each gets the expected clear 4xx, and afterwards the log
// and every projection are unchanged and nothing is polluted. Embedded (SQLite) store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_BATCH, MAX_FIXES_PER_BATCH } from '../../shared/caseEvent.ts';
import { at, reported, uniqueId } from '../support/factories.ts';
import type { TestServer } from '../support/testServer.ts';
import { eventOf, validFix } from './support/events.ts';
import { createTally } from './support/fuzzRun.ts';
import { errorCode, expectRefusal, send } from './support/http.ts';
import { captureState, startFuzzServer, expectUnchanged, type Baseline } from './support/invariants.ts';
import { postSeedSet, type SeedSet } from './support/seedSet.ts';

const tally = createTally('httpCorpus');
let server: TestServer;
let seed: SeedSet;
let baseline: Baseline;
beforeAll(async () => {
  server = await startFuzzServer();
  seed = await postSeedSet(server);
  baseline = await captureState(server);
});
afterAll(async () => {
  tally.report();
  await server?.dispose();
});

interface Case {
  name: string;
  path?: string;
  body: () => string | Uint8Array;
  headers?: Record<string, string>;
  statuses: number[];
  codes?: string[];
}
const EVENTS = '/api/v1/events';
const POSITIONS = '/api/v1/positions';
const batch = (...events: unknown[]) => JSON.stringify({ events });
const withEvent = (o: Record<string, unknown>) => () => batch({ ...reported(uniqueId('FZC')), ...o });
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObj = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const bytes =
  (...parts: (string | number[])[]) =>
  () =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const evId = () => `"eventId":"`;

const CORPUS: Case[] = [
  // sizes
  { name: '10 MB summary', body: withEvent({ summary: 'x'.repeat(10_000_000) }), statuses: [413], codes: ['payload_too_large'] },
  { name: '10 MB of whitespace', body: () => ' '.repeat(10_000_000), statuses: [413] },
  { name: '3 MB body of positions over nothing', path: POSITIONS, body: () => `{"fixes":[${'0,'.repeat(1_500_000)}0]}`, statuses: [400] },
  {
    name: '5 MB positions body',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [validFix('W'), { ...validFix('W'), workerId: 'x'.repeat(5_000_000) }] }),
    statuses: [413],
  },
  { name: '100k-element events array', body: () => JSON.stringify({ events: new Array(100_000).fill(1) }), statuses: [400], codes: ['invalid_payload'] },
  { name: '100k-element string in a field', body: withEvent({ summary: new Array(100_000).fill('a') }), statuses: [400] },
  {
    name: `${MAX_EVENTS_PER_BATCH + 1} valid events (over the batch maximum)`,
    body: () => batch(...Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => reported(uniqueId('FZB')))),
    statuses: [400],
    codes: ['invalid_payload'],
  },
  {
    name: `${MAX_FIXES_PER_BATCH + 1} valid fixes (over the batch maximum)`,
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: Array.from({ length: MAX_FIXES_PER_BATCH + 1 }, (_, i) => validFix(`FZW-${i}`)) }),
    statuses: [400],
  },
  { name: 'empty events array', body: () => batch(), statuses: [400] },
  // nesting
  { name: '10,000-deep arrays as events', body: () => `{"events":${deep(10_000)}}`, statuses: [400] },
  { name: '10,000-deep objects in summary', body: () => batch({ ...reported('FZC-deep'), summary: '@' }).replace('"@"', deepObj(10_000)), statuses: [400] },
  { name: '100,000-deep arrays', body: () => `{"events":[${deep(100_000)}]}`, statuses: [400] },
  // numbers JSON cannot hold, or holds oddly
  {
    name: 'NaN literal',
    body: () => batch({ ...reported('FZC-n'), caseVersion: 0 }).replace('"caseVersion":0', '"caseVersion":NaN'),
    statuses: [400],
    codes: ['malformed_json'],
  },
  {
    name: 'Infinity literal',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [validFix('W')] }).replace(/"lon":[\d.]+/, '"lon":Infinity'),
    statuses: [400],
    codes: ['malformed_json'],
  },
  {
    name: '1e999 (parses to Infinity)',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [validFix('W')] }).replace(/"lat":[\d.]+/, '"lat":1e999'),
    statuses: [400],
    codes: ['invalid_payload'],
  },
  { name: '-0 as a coordinate', path: POSITIONS, body: () => JSON.stringify({ fixes: [validFix('W')] }).replace(/"lon":[\d.]+/, '"lon":-0'), statuses: [400] },
  { name: '"NaN" as a string', path: POSITIONS, body: () => JSON.stringify({ fixes: [{ ...validFix('W'), lon: 'NaN' }] }), statuses: [400] },
  { name: 'caseVersion "1" (a number as a string)', body: withEvent({ caseVersion: '1' }), statuses: [400] },
  { name: 'caseVersion 1.5', body: withEvent({ caseVersion: 1.5 }), statuses: [400] },
  { name: 'caseVersion 2^53+2', body: withEvent({ caseVersion: 2 ** 53 + 2 }), statuses: [400] },
  { name: 'rating 1e308', body: () => batch(eventOf('evaluated', seed.cases[0]!.caseId, 50, { rating: 1e308 })), statuses: [400] },
  {
    name: 'lat as a hex literal',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [validFix('W')] }).replace(/"lat":[\d.]+/, '"lat":0x27'),
    statuses: [400],
    codes: ['malformed_json'],
  },
  // coordinates and times
  { name: 'lon 200', path: POSITIONS, body: () => JSON.stringify({ fixes: [{ ...validFix('W'), lon: 200 }] }), statuses: [400] },
  { name: 'lat -91', body: withEvent({ gridCode: undefined, location: { lon: 117.2, lat: -91 } }), statuses: [400] },
  { name: 'location (0, 0)', body: withEvent({ gridCode: undefined, location: { lon: 0, lat: 0 } }), statuses: [400] },
  {
    name: 'location in range but outside every grid',
    body: withEvent({ gridCode: undefined, location: { lon: 115.6, lat: 38.1 } }),
    statuses: [422],
    codes: ['outside_city'],
  },
  { name: 'location with an extra key', body: withEvent({ gridCode: undefined, location: { lon: 117.2, lat: 39.1, alt: 3 } }), statuses: [400] },
  { name: 'report in year 9999', body: withEvent({ at: '9999-12-31T23:59:59Z' }), statuses: [400], codes: ['future_timestamp'] },
  { name: 'report in year +010000 (expanded year)', body: withEvent({ at: '+010000-01-01T00:00:00Z' }), statuses: [400] },
  { name: 'report without an offset', body: withEvent({ at: '2024-01-01T00:00:00' }), statuses: [400] },
  { name: 'report on 30 February', body: withEvent({ at: '2024-02-30T00:00:00Z' }), statuses: [400] },
  { name: 'report at 25:00', body: withEvent({ at: '2024-01-01T25:00:00Z' }), statuses: [400] },
  { name: 'report as epoch millis', body: withEvent({ at: Date.now() }), statuses: [400] },
  {
    name: 'fix in year 9999',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [{ ...validFix('W'), at: '9999-01-01T00:00:00Z' }] }),
    statuses: [400],
    codes: ['future_timestamp'],
  },
  { name: 'deadline before the report', body: withEvent({ deadline: '2000-01-01T00:00:00Z' }), statuses: [422], codes: ['deadline_in_past'] },
  // enums and keys
  { name: 'unknown type', body: withEvent({ type: 'deleted' }), statuses: [400] },
  {
    name: 'type overdue from a source',
    body: () => batch({ eventId: 'FZC-o:2', caseId: seed.cases[0]!.caseId, type: 'overdue', at: at(50), deadline: at(1) }),
    statuses: [400],
  },
  { name: 'unknown category', body: withEvent({ category: 'appearance.unicorns' }), statuses: [400] },
  { name: 'unknown urgency', body: withEvent({ urgency: 'URGENT' }), statuses: [400] },
  { name: 'unknown source', body: withEvent({ source: 'hotline_110' }), statuses: [400] },
  { name: 'status field (not an event field)', body: withEvent({ status: 'closed' }), statuses: [400] },
  { name: 'escalation level street (not upwards)', body: () => batch(eventOf('escalated', seed.cases[2]!.caseId, 50, { level: 'street' })), statuses: [400] },
  {
    name: '__proto__ key in an event',
    body: () => batch(reported('FZC-p')).replace('{"eventId"', '{"__proto__":{"polluted":true,"isAdmin":true},"eventId"'),
    statuses: [400],
  },
  { name: '__proto__ key at the top', body: () => `{"__proto__":{"polluted":true},"events":${JSON.stringify([reported(uniqueId('FZC'))])}}`, statuses: [400] },
  {
    name: 'constructor.prototype key',
    body: () => batch(reported('FZC-c')).replace('{"eventId"', '{"constructor":{"prototype":{"polluted":true}},"eventId"'),
    statuses: [400],
  },
  {
    name: '__proto__ in location',
    body: () =>
      batch({ ...reported('FZC-l'), gridCode: undefined, location: { lon: 117.2, lat: 39.13 } }).replace(
        '"location":{',
        '"location":{"__proto__":{"polluted":1},',
      ),
    statuses: [400],
  },
  {
    name: '__proto__ in a fix',
    path: POSITIONS,
    body: () => JSON.stringify({ fixes: [validFix('W')] }).replace('{"workerId"', '{"__proto__":{"polluted":true},"workerId"'),
    statuses: [400],
  },
  {
    name: 'duplicate keys (last wins to a bad value)',
    body: () => batch(reported('FZC-k')).replace('"urgency":"ordinary"', '"urgency":"ordinary","urgency":"whenever"'),
    statuses: [400],
  },
  // text
  { name: 'lone surrogate in an event id', body: () => batch(reported('FZC-s')).replace('"eventId":"FZC-s:1"', '"eventId":"FZC-s\\ud800"'), statuses: [400] },
  {
    name: 'invalid UTF-8 bytes in an event id',
    body: bytes(`{"events":[{${evId()}FZC-`, [0xff, 0xfe, 0xc3, 0x28], `","caseId":"FZC-u","type":"accepted","at":"${at(50)}"}]}`),
    statuses: [400],
  },
  { name: 'UTF-16 body', body: () => Buffer.from(batch(reported(uniqueId('FZC'))), 'utf16le'), statuses: [400] },
  { name: 'NUL bytes body', body: () => new Uint8Array(1000), statuses: [400] },
  { name: 'summary over 500 characters', body: withEvent({ summary: '长'.repeat(501) }), statuses: [400] },
  { name: 'empty summary', body: withEvent({ summary: '' }), statuses: [400] },
  { name: 'event id with a slash', body: withEvent({ eventId: '../../etc/passwd' }), statuses: [400] },
  { name: 'event id of 65 characters', body: withEvent({ eventId: 'a'.repeat(65) }), statuses: [400] },
  // JSON syntax and bodies
  { name: 'empty body', body: () => '', statuses: [400] },
  { name: 'truncated JSON', body: () => batch(reported('FZC-t')).slice(0, 60), statuses: [400], codes: ['malformed_json'] },
  { name: 'trailing garbage', body: () => `${batch(reported('FZC-g'))}xyz`, statuses: [400], codes: ['malformed_json'] },
  { name: 'a bare string (strict JSON)', body: () => '"events"', statuses: [400] },
  { name: 'null', body: () => 'null', statuses: [400] },
  { name: 'an array at the top', body: () => JSON.stringify([reported('FZC-a')]), statuses: [400] },
  { name: 'single quotes', body: () => "{'events':[]}", statuses: [400], codes: ['malformed_json'] },
  { name: 'a comment', body: () => '{"events":[] /* hi */}', statuses: [400], codes: ['malformed_json'] },
  // headers
  { name: 'text/plain content type', body: () => batch(reported(uniqueId('FZC'))), headers: { 'content-type': 'text/plain' }, statuses: [400, 415] },
  { name: 'form content type', body: () => 'events=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, statuses: [400, 415] },
  { name: 'multipart content type', body: () => '--x\r\n\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' }, statuses: [400, 415] },
  { name: 'charset latin1', body: () => batch(reported(uniqueId('FZC'))), headers: { 'content-type': 'application/json; charset=latin1' }, statuses: [415] },
  {
    name: 'charset utf-16',
    body: () => batch(reported(uniqueId('FZC'))),
    headers: { 'content-type': 'application/json; charset=utf-16' },
    statuses: [400, 415],
  },
  { name: 'gzip encoding over garbage', body: () => 'not gzip', headers: { 'content-encoding': 'gzip' }, statuses: [400, 415] },
  { name: 'unknown content encoding', body: () => batch(reported(uniqueId('FZC'))), headers: { 'content-encoding': 'x-zip' }, statuses: [415] },
  { name: '100 KB header', body: () => batch(reported(uniqueId('FZC'))), headers: { 'x-filler': 'a'.repeat(100_000) }, statuses: [431] },
  {
    name: '100 KB authorization header',
    body: () => batch(reported(uniqueId('FZC'))),
    headers: { authorization: `Bearer ${'a'.repeat(100_000)}` },
    statuses: [431],
  },
  { name: 'a wrong key', body: () => batch(reported(uniqueId('FZC'))), headers: { authorization: 'Bearer ik_not-a-key-0000000000000000' }, statuses: [401] },
  { name: 'a key of Latin-1 bytes', body: () => batch(reported(uniqueId('FZC'))), headers: { 'x-api-key': 'ik_\u00e9\u00ff' }, statuses: [401] },
  // the lifecycle
  {
    name: 'accepted on a closed case',
    body: () => batch(eventOf('accepted', seed.cases.find((c) => c.status === 'closed')!.caseId, 50)),
    statuses: [409],
    codes: ['illegal_transition'],
  },
  { name: 'started on a reported case', body: () => batch(eventOf('started', seed.cases[0]!.caseId, 50)), statuses: [409], codes: ['illegal_transition'] },
  {
    name: 'evaluated before verified',
    body: () => batch(eventOf('evaluated', seed.cases.find((c) => c.status === 'resolved')!.caseId, 50)),
    statuses: [409],
    codes: ['illegal_transition'],
  },
  {
    name: 'escalated to district twice',
    body: () => batch(eventOf('escalated', seed.cases.find((c) => c.status === 'escalated')!.caseId, 50, { level: 'district' })),
    statuses: [409],
    codes: ['illegal_transition'],
  },
  { name: 'an event older than the case', body: () => batch(eventOf('accepted', seed.cases[0]!.caseId, -30)), statuses: [409], codes: ['out_of_order'] },
  {
    name: 'a stale caseVersion',
    body: () => batch(eventOf('accepted', seed.cases[0]!.caseId, 50, { caseVersion: 1 })),
    statuses: [409],
    codes: ['stale_version'],
  },
  {
    name: 'a reported case reported again',
    body: () => batch(reported(seed.cases[0]!.caseId, { eventId: `${seed.cases[0]!.caseId}:again` })),
    statuses: [409],
    codes: ['case_exists'],
  },
  {
    name: 'a stored event id with different content',
    body: () => batch({ ...seed.events[0]!, summary: 'different' }),
    statuses: [409],
    codes: ['event_id_reused'],
  },
  {
    name: 'a new case then an illegal event (all or nothing)',
    body: () => batch(reported(uniqueId('FZC')), eventOf('verified', seed.cases[0]!.caseId, 50)),
    statuses: [409],
    codes: ['illegal_transition'],
  },
  {
    name: 'a report and its own acceptance before it',
    body: () => {
      const c = uniqueId('FZC');
      return batch(eventOf('accepted', c, 1), reported(c));
    },
    statuses: [409],
    codes: ['unknown_case'],
  },
];

describe('a hand-written corpus of hostile HTTP input', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const answer = await send(server.url, {
      path: c.path ?? EVENTS,
      body: c.body(),
      key: c.headers?.authorization || c.headers?.['x-api-key'] ? null : server.secrets.ingestKey,
      headers: c.headers,
    });
    tally.count(c.path === POSITIONS ? 'positions: corpus' : 'events: corpus', answer.status);
    expectRefusal(answer, { statuses: c.statuses, ...(c.codes && { codes: c.codes }) });
    if (answer.status === 400 && errorCode(answer) === 'invalid_payload')
      expect((answer.body as { error: { details: unknown[] } }).error.details.length).toBeGreaterThan(0);
  });

  it('left the log and every projection unchanged', async () => {
    await expectUnchanged(server, baseline);
  });
});
