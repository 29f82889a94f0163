// Hostile input on POST /api/v1/events and /api/v1/positions: generated garbage bodies, mutated
// events and fixes, schema-valid events the lifecycle must refuse, and a hand-written corpus of
// nasty cases. Every one is refused with a clear 4xx in the API's error shape; afterwards the
// server is up, the log and every projection are unchanged (and equal a fresh fold of the log),
// no prototype is polluted, and a valid ingest still works. Runs on the embedded (SQLite) store.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEventBatchSchema, type CaseEvent } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { at, reported, uniqueId } from '../support/factories.ts';
import type { TestServer } from '../support/testServer.ts';
import {
  EVENT_KEYS,
  EVENT_TYPES,
  eventOf,
  FIX_KEYS,
  futureInstant,
  outsidePoint,
  positionsMustBeRefused,
  schemaAccepts,
  unknownGridCode,
  validFix,
} from './support/events.ts';
import { check, createTally } from './support/fuzzRun.ts';
import { garbageBody, mutateObject, serialise } from './support/hostile.ts';
import { errorCode, expectRefusal, send, type Answer } from './support/http.ts';
import { captureState, startFuzzServer, expectNoPollution, expectUnchanged, readLog, type Baseline } from './support/invariants.ts';
import { postSeedSet, type SeedSet } from './support/seedSet.ts';

const tally = createTally('httpIngest');
let server: TestServer;
let seed: SeedSet;
let states: Map<string, CaseState>;
let baseline: Baseline;

beforeAll(async () => {
  server = await startFuzzServer();
  seed = await postSeedSet(server);
  const store = await server.openStore();
  states = await store.log.loadCases(seed.cases.map((c) => c.caseId));
  await store.close();
  baseline = await captureState(server);
});
afterAll(async () => {
  tally.report();
  await server?.dispose();
});

async function post(surface: string, path: string, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await send(server.url, { path, body, key: server.secrets.ingestKey, headers });
  tally.count(surface, answer.status);
  return answer;
}
const EVENTS = '/api/v1/events';
const POSITIONS = '/api/v1/positions';
const SCHEMA_CODES = ['invalid_payload', 'malformed_json', 'bad_request', 'unsupported_encoding', 'invalid_encoding', 'payload_too_large'];

describe('POST /api/v1/events under generated hostile input', () => {
  it('refuses garbage bodies (not JSON, JSON of the wrong shape, raw bytes)', async () => {
    await check(
      'events: garbage bodies',
      fc.asyncProperty(garbageBody, async (body) => {
        fc.pre(typeof body !== 'string' || !schemaAccepts(body, caseEventBatchSchema));
        expectRefusal(await post('events: garbage bodies', EVENTS, body), { statuses: [400, 413, 415], codes: SCHEMA_CODES });
      }),
    );
    await expectUnchanged(server, baseline);
  });

  it('refuses batches with one mutated event (wrong types, huge values, unknown keys and enums, NaN …), storing none of the batch', async () => {
    const batch = fc
      .record({
        type: fc.constantFrom(...EVENT_TYPES),
        target: fc.constantFrom(...seed.cases.map((c) => c.caseId), 'NEW'),
        others: fc.integer({ min: 0, max: 2 }),
        where: fc.nat(),
      })
      .chain(({ type, target, others, where }) => {
        const caseId = target === 'NEW' ? uniqueId('FZN') : target;
        const event = eventOf(type, caseId, 45) as unknown as Record<string, unknown>;
        const fresh = Array.from({ length: others }, () => reported(uniqueId('FZV')));
        return mutateObject(event, EVENT_KEYS).map(({ value, how }) => {
          const events: unknown[] = [...fresh];
          events.splice(where % (others + 1), 0, value);
          return { text: serialise({ events }), how };
        });
      });
    await check(
      'events: mutated events',
      fc.asyncProperty(batch, async ({ text }) => {
        fc.pre(!schemaAccepts(text, caseEventBatchSchema));
        expectRefusal(await post('events: mutated events', EVENTS, text), { statuses: [400, 413], codes: SCHEMA_CODES });
      }),
    );
    await expectUnchanged(server, baseline);
  });

  it('refuses schema-valid events the log must not take (illegal transitions, reused ids, unknown grids, the future …), storing none of the batch', async () => {
    const caseIds = seed.cases.map((c) => c.caseId);
    const illegal = fc
      .record({
        type: fc.constantFrom(...EVENT_TYPES),
        caseId: fc.constantFrom(...caseIds),
        minute: fc.integer({ min: 40, max: 59 }),
        version: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }) }),
      })
      .map(({ type, caseId, minute, version }) => ({
        events: [eventOf(type, caseId, minute, version === undefined ? {} : { caseVersion: version })],
        why: 'lifecycle',
      }))
      .filter(({ events }) => !applyCaseEvent(states.get(events[0]!.caseId), events[0]!).ok);
    const classes = fc.oneof(
      illegal,
      fc
        .record({ type: fc.constantFrom(...EVENT_TYPES), when: futureInstant })
        .map(({ type, when }) => ({ events: [eventOf(type, uniqueId('FZF'), 0, { at: when })], why: 'future' })),
      unknownGridCode.map((g) => ({ events: [reported(uniqueId('FZG'), { gridCode: g })], why: 'unknown grid' })),
      outsidePoint.map((p) => {
        const { gridCode: _g, ...rest } = reported(uniqueId('FZO'));
        return { events: [{ ...rest, location: p } as unknown as CaseEvent], why: 'outside city' };
      }),
      fc.record({ i: fc.nat(), summary: fc.string({ minLength: 1, maxLength: 50 }) }).map(({ i, summary }) => {
        const stored = seed.events[i % seed.events.length]!;
        return {
          events: [{ ...stored, at: at(59), ...('summary' in stored ? { summary: `${stored.summary}${summary}` } : {}) } as CaseEvent],
          why: 'event id reused',
        };
      }),
      fc.constantFrom(...EVENT_TYPES.filter((t) => t !== 'reported')).map((t) => ({ events: [eventOf(t, uniqueId('FZU'), 5)], why: 'unknown case' })),
      fc
        .integer({ min: 1, max: 10_000 })
        .map((m) => ({ events: [reported(uniqueId('FZD'), { deadline: new Date(Date.parse(at(0)) - m * 60_000).toISOString() })], why: 'deadline in past' })),
    );
    // a refused event refuses its whole batch: a valid new report beside it is not stored either
    const batch = fc.tuple(classes, fc.boolean()).map(([c, withValid]) => ({ ...c, events: withValid ? [reported(uniqueId('FZV')), ...c.events] : c.events }));
    await check(
      'events: semantic refusals',
      fc.asyncProperty(batch, async ({ events }) => {
        const answer = await post('events: semantic refusals', EVENTS, JSON.stringify({ events }));
        expectRefusal(answer, { statuses: [400, 409, 422] });
        tally.count('events: semantic refusals (by code)', errorCode(answer));
      }),
    );
    await expectUnchanged(server, baseline);
  });
});

describe('POST /api/v1/positions under generated hostile input', () => {
  it('refuses garbage, mutated fixes and fixes in the future, outside the city or on no grid', async () => {
    const mutated = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat()).chain(([others, where]) =>
      mutateObject(validFix(seed.workerId) as unknown as Record<string, unknown>, FIX_KEYS).map(({ value }) => {
        const fixes: unknown[] = Array.from({ length: others }, () => validFix(seed.workerId));
        fixes.splice(where % (others + 1), 0, value);
        return serialise({ fixes });
      }),
    );
    const semantic = fc
      .oneof(
        futureInstant.map((when) => ({ ...validFix(seed.workerId), at: when })),
        unknownGridCode.map((g) => ({ ...validFix(seed.workerId), gridCode: g })),
        outsidePoint.map((p) => {
          const { gridCode: _g, ...rest } = validFix(seed.workerId);
          return { ...rest, ...p };
        }),
      )
      .map((f) => JSON.stringify({ fixes: [f] }));
    await check(
      'positions: hostile bodies',
      fc.asyncProperty(fc.oneof(garbageBody, mutated, semantic), async (body) => {
        fc.pre(typeof body !== 'string' || positionsMustBeRefused(body));
        const answer = await post('positions: hostile bodies', POSITIONS, body);
        expectRefusal(answer, { statuses: [400, 413, 415, 422] });
      }),
    );
    await expectUnchanged(server, baseline);
  });
});

describe('after the barrage', () => {
  it('still takes a valid batch, and stores exactly it', async () => {
    expectNoPollution(baseline);
    const event = reported(uniqueId('FZOK'));
    const answer = await send(server.url, { path: EVENTS, body: JSON.stringify({ events: [event] }), key: server.secrets.ingestKey });
    expect(answer.status, answer.text).toBe(200);
    const log = await readLog(server);
    expect(log).toHaveLength(baseline.log.length + 1);
    expect(log.at(-1)!.event).toMatchObject(event);
  });
});
