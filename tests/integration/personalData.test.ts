// Personal data end to end (invariant 7): reports and later events of a real server carry a
// citizen's name, phone numbers (spaced, full-width), ID cards, plates and house numbers. A wall
// screen (its transition lines, its snapshot's ticker, trends and alerts) and a case's history over
// HTTP with a screen token show them masked; the log lines of a server at trace level carry none of
// them; the store keeps the citizen's own words (made plain: shared/plainText.ts). The simulator's reports carry such data too (one
// in five names its reporter), and none of it survives the masking.
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEventInput } from '../../shared/caseEvent.ts';
import type { CaseHistory } from '../../shared/caseHistory.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { caseSummaryParts } from '../../server/simulator/summaries.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, at, uniqueId } from '../support/factories.ts';
import { killHard, spawnServer } from '../support/serverProcess.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

// What the citizens wrote, and what a screen must show of it.
const REPORT = '市民张晓明来电反映：河西区某小区12号楼3单元501室楼道堆放杂物，联系电话138 1234 5678';
const REPORT_MASKED = '市民张*明来电反映：河西区某小区*号楼*单元*室楼道堆放杂物，联系电话[电话]';
const RETURN_REASON = '联系人王建国（电话１３９１２３４５６７８）不在家，无法核实';
const RETURN_MASKED = '联系人王*国（电话[电话]）不在家，无法核实';
const ESCALATED_BY = '网格员李秀英';
const ESCALATED_BY_MASKED = '网格员李*英';
const RESOLVED_NOTE = '已联系业主欧阳娜娜（身份证１２０１０１１９９００１０１１２３Ｘ），杂物已清理';
const RESOLVED_MASKED = '已联系业主欧**娜（身份证[身份证号]），杂物已清理';
const PARKING = '居民孙丽丽、钱伟反映小区门口车牌津A·12345和津AD12345的车辆长期占用消防通道，座机022-2345 6789';
const PARKING_MASKED = '居民孙*丽、钱*反映小区门口车牌津A*****和津A******的车辆长期占用消防通道，座机[电话]';
const EXTENSION_REASON = '需协调车主赵志刚（津 A 1234 5）移车，家住5号楼2门301';
const EXTENSION_MASKED = '需协调车主赵*刚（津A*****）移车，家住*号楼*门*';
/** Everything above that identifies someone, as written. */
const SECRETS = [
  '张晓明',
  '12号楼',
  '501室',
  '138 1234 5678',
  '王建国',
  '１３９１２３４５６７８',
  '13912345678',
  '李秀英',
  '欧阳娜娜',
  '１２０１０１１９９００１０１１２３Ｘ',
  '12010119900101123X',
  '孙丽丽',
  '钱伟',
  '津A·12345',
  '津AD12345',
  '2345 6789',
  '赵志刚',
  '津 A 1234 5',
  '5号楼',
  '2门301',
];
const leaked = (text: string) => SECRETS.filter((s) => text.includes(s));

describe.each(ENGINES)('personal data on %s', (engine) => {
  let server: TestServer;
  let screen: Screen;
  const closed = uniqueId('PD');
  const parking = uniqueId('PDP');

  beforeAll(async () => {
    server = await startTestServer({ engine });
    screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    const step = (caseId: string, n: number, minute: number, e: object) => ({ eventId: `${caseId}:${n}`, caseId, at: at(minute), ...e }) as CaseEventInput;
    const events: CaseEventInput[] = [
      {
        eventId: `${closed}:1`,
        caseId: closed,
        type: 'reported',
        at: at(0),
        gridCode: GRID,
        category: 'safety.hazard',
        urgency: 'ordinary',
        source: 'hotline_12345',
        summary: REPORT,
      },
      step(closed, 2, 1, { type: 'accepted' }),
      step(closed, 3, 2, { type: 'dispatched', unit: '街道综合执法队' }),
      step(closed, 4, 3, { type: 'returned', reason: RETURN_REASON }),
      step(closed, 5, 4, { type: 'dispatched', unit: '街道综合执法队' }),
      step(closed, 6, 5, { type: 'started' }),
      step(closed, 7, 6, { type: 'escalated', level: 'district', by: ESCALATED_BY }),
      step(closed, 8, 7, { type: 'resolved', note: RESOLVED_NOTE }),
      step(closed, 9, 8, { type: 'verified', passed: true }),
      step(closed, 10, 9, { type: 'evaluated', satisfied: true, rating: 5 }),
      {
        eventId: `${parking}:1`,
        caseId: parking,
        type: 'reported',
        at: at(10),
        gridCode: GRID,
        category: 'safety.fire',
        urgency: 'urgent',
        source: 'hotline_8890',
        summary: PARKING,
      },
      step(parking, 2, 11, { type: 'accepted' }),
      step(parking, 3, 12, { type: 'dispatched', unit: '交警支队' }),
      step(parking, 4, 13, { type: 'extension_requested', reason: EXTENSION_REASON }),
    ];
    const posted = await server.post('/api/v1/events', { events });
    expect(posted.status).toBe(200);
    await screen.until(() => screen.lines.filter((l) => l.caseId === closed || l.caseId === parking).length === events.length, 'every transition');
  });
  afterAll(async () => {
    screen?.close();
    await server?.dispose();
  });

  it('shows the ticker masked: every transition line, and the snapshot of a screen that connects later', async () => {
    const lines = screen.lines.filter((l) => l.caseId === closed);
    expect(lines).toHaveLength(10);
    expect(new Set(lines.map((l) => l.summary))).toEqual(new Set([REPORT_MASKED]));
    expect(screen.lines.filter((l) => l.caseId === parking).map((l) => l.summary)).toEqual([PARKING_MASKED, PARKING_MASKED, PARKING_MASKED, PARKING_MASKED]);

    const late = connectScreen(server);
    try {
      await late.until(() => late.snapshots.length === 1, 'the snapshot');
      const ticker = late.snapshots[0]!.ticker;
      expect(ticker.find((l) => l.caseId === closed)?.summary).toBe(REPORT_MASKED);
      expect(ticker.find((l) => l.caseId === parking)?.summary).toBe(PARKING_MASKED);
      // nothing a screen received, trends and alerts included, carries any of it
      const received = JSON.stringify({ snapshots: late.snapshots, lines: screen.lines, trends: screen.trends, alerts: screen.alerts, kpis: screen.kpis });
      expect(leaked(received)).toEqual([]);
    } finally {
      late.close();
    }
  });

  it('shows a case history masked to a screen token: summary, notes, who acted and who escalated', async () => {
    const get = async (id: string) =>
      (await fetch(`${server.url}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } })).json() as Promise<CaseHistory>;
    const history = await get(closed);
    expect(history.summary).toBe(REPORT_MASKED);
    expect(history.steps.map((s) => [s.type, s.who, s.note])).toEqual([
      ['reported', null, null],
      ['accepted', null, null],
      ['dispatched', '街道综合执法队', null],
      ['returned', null, RETURN_MASKED],
      ['dispatched', '街道综合执法队', null],
      ['started', null, null],
      ['escalated', ESCALATED_BY_MASKED, null],
      ['resolved', null, RESOLVED_MASKED],
      ['verified', null, null],
      ['evaluated', null, null],
    ]);
    expect(history.escalations).toEqual([expect.objectContaining({ level: 'district', by: ESCALATED_BY_MASKED })]);
    const other = await get(parking);
    expect(other.summary).toBe(PARKING_MASKED);
    expect(other.steps[3]).toMatchObject({ type: 'extension_requested', note: EXTENSION_MASKED });
    expect(leaked(JSON.stringify([history, other]))).toEqual([]);
  });

  it('keeps the full original text in the store, made plain (full-width digits as digits)', async () => {
    const store = await server.openStore();
    try {
      const events = (await store.log.readCaseEvents(closed)).map((e) => e.event);
      expect(events[0]).toMatchObject({ type: 'reported', summary: REPORT });
      expect(events[3]).toMatchObject({ type: 'returned', reason: '联系人王建国（电话13912345678）不在家，无法核实' });
      expect(events[6]).toMatchObject({ type: 'escalated', by: ESCALATED_BY });
      expect(events[7]).toMatchObject({ type: 'resolved', note: '已联系业主欧阳娜娜（身份证12010119900101123X），杂物已清理' });
      const other = (await store.log.readCaseEvents(parking)).map((e) => e.event);
      expect(other[0]).toMatchObject({ summary: PARKING });
      expect(other[3]).toMatchObject({ reason: EXTENSION_REASON });
    } finally {
      await store.close();
    }
  });
});

describe('log lines', () => {
  it('of a server at trace level carry none of it, while it ingests, pushes and answers', async () => {
    const server = await spawnServer(mkdtempSync(join(tmpdir(), 'gridwall-pd-')), { LOG_LEVEL: 'trace' });
    let out = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const caseId = uniqueId('PDL');
      const post = (events: object[]) =>
        fetch(`${server.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
          body: JSON.stringify({ events }),
        });
      const screen = connectScreen({ url: server.url, secrets: { screenToken: server.screenToken } });
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const res = await post([
        {
          eventId: `${caseId}:1`,
          caseId,
          type: 'reported',
          at: at(0),
          gridCode: GRID,
          category: 'safety.hazard',
          urgency: 'ordinary',
          source: 'hotline_12345',
          summary: REPORT,
        },
        { eventId: `${caseId}:2`, caseId, type: 'accepted', at: at(1) },
        { eventId: `${caseId}:3`, caseId, type: 'dispatched', at: at(2), unit: '街道综合执法队' },
        { eventId: `${caseId}:4`, caseId, type: 'returned', at: at(3), reason: RETURN_REASON },
      ]);
      expect(res.status).toBe(200);
      // refused ones too: an illegal transition, and a malformed event that echoes its text
      expect((await post([{ eventId: `${caseId}:9`, caseId, type: 'resolved', at: at(4), note: RESOLVED_NOTE }])).status).toBe(409);
      expect((await post([{ eventId: `${caseId}:8`, caseId, type: 'escalated', at: at(4), level: 'street', by: ESCALATED_BY }])).status).toBe(400);
      await screen.until(() => screen.lines.filter((l) => l.caseId === caseId).length === 4, 'the transitions');
      expect((await fetch(`${server.url}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${server.screenToken}` } })).status).toBe(200);
      screen.close();
      await new Promise((r) => setTimeout(r, 300));
      expect(out).toContain('"level":20'); // debug lines were written
      expect(leaked(out)).toEqual([]);
    } finally {
      await killHard(server);
    }
  });

  it('mask every string a server logs: fields at any depth, errors, the message and its values', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'trace',
      new Writable({
        write: (chunk, _encoding, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    logger.warn({ path: '/api/v1/events', status: 400, body: JSON.stringify({ events: [{ summary: REPORT }] }) }, 'simulator post refused');
    logger.error({ event: { type: 'returned', reason: RETURN_REASON }, reason: 'illegal' }, 'simulator produced an illegal event');
    logger.error({ err: new Error(`cannot fold ${RESOLVED_NOTE}`) }, 'unhandled error');
    logger.info('escalated by %s: %s', ESCALATED_BY, PARKING);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, any>);
    expect(JSON.parse(logged[0]!.body).events[0].summary).toBe(REPORT_MASKED);
    expect(logged[1]!.event).toEqual({ type: 'returned', reason: RETURN_MASKED });
    expect(logged[2]!.err).toMatchObject({ type: 'Error', message: `cannot fold ${RESOLVED_MASKED}` });
    expect(logged[2]!.err.stack).toContain(`Error: cannot fold ${RESOLVED_MASKED}`);
    expect(logged[3]!.msg).toBe(`escalated by ${ESCALATED_BY_MASKED}: ${PARKING_MASKED}`);
    expect(leaked(lines.join(''))).toEqual([]);
  });
});

describe('simulated reports', () => {
  it('one in five names its reporter, and masking leaves nothing of the personal data in any of them', () => {
    const rng = seededRng(20_261_124);
    let named = 0;
    let personal = 0;
    const N = 5000;
    for (let i = 0; i < N; i++) {
      const parts = caseSummaryParts(CATEGORY_CODES[i % CATEGORY_CODES.length]!, rng);
      const masked = maskPersonalData(parts.text);
      if (parts.personal.some((p) => /^[\u4e00-\u9fff]{2,4}$/.test(p))) named += 1;
      if (parts.personal.length) personal += 1;
      for (const item of parts.personal) expect(masked, parts.text).not.toContain(item);
      expect(masked, parts.text).not.toMatch(/\d{5,}/);
    }
    expect(personal / N).toBeGreaterThan(0.35);
    expect(named / N).toBeGreaterThan(0.12);
  });
});
