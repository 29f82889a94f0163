import { describe, expect, it } from 'vitest';
import { caseEventBatchSchema, positionBatchSchema, MAX_EVENTS_PER_BATCH } from '../../shared/caseEvent.ts';
import { closedCase, fix, reported } from '../support/factories.ts';

const issuesOf = (body: unknown) => {
  const r = caseEventBatchSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('case event schema', () => {
  it('accepts every event of a full case', () => {
    expect(caseEventBatchSchema.safeParse({ events: closedCase('C-1') }).success).toBe(true);
  });

  it.each([
    ['unknown type', { ...reported('C'), type: 'teleported' }, 'events.0.type'],
    ['bad grid code', reported('C', { gridCode: '12010100' }), 'events.0.gridCode'],
    ['unknown category', reported('C', { category: 'aliens.landing' }), 'events.0.category'],
    ['unknown urgency', reported('C', { urgency: 'whenever' as never }), 'events.0.urgency'],
    ['time without zone', reported('C', { at: '2026-11-23 10:00:00' }), 'events.0.at'],
    ['empty summary', reported('C', { summary: '' }), 'events.0.summary'],
    ['huge summary', reported('C', { summary: '啊'.repeat(501) }), 'events.0.summary'],
    ['id with spaces', reported('C', { eventId: 'a b' }), 'events.0.eventId'],
    ['extra field', { ...reported('C'), citizenPhone: '13800000000' }, 'events.0'],
    ['the old 2-hour class name', reported('C', { urgency: 'general' as never }), 'events.0.urgency'],
    ['a visit with no result', { eventId: 'e', caseId: 'C', type: 'evaluated', at: '2026-11-23T00:00:00Z' }, 'events.0.result'],
    [
      'a visit with two results',
      { eventId: 'e', caseId: 'C', type: 'evaluated', at: '2026-11-23T00:00:00Z', result: 'satisfied', satisfied: true },
      'events.0.result',
    ],
    ['a result off the scale', { eventId: 'e', caseId: 'C', type: 'evaluated', at: '2026-11-23T00:00:00Z', result: 'delighted' }, 'events.0.result'],
    ['a rating off the scale', { eventId: 'e', caseId: 'C', type: 'evaluated', at: '2026-11-23T00:00:00Z', result: 'satisfied', rating: 6 }, 'events.0.rating'],
    [
      'a default close from a source',
      { eventId: 'e', caseId: 'C', type: 'evaluated', at: '2026-11-23T00:00:00Z', result: 'satisfied', byDefault: true },
      'events.0',
    ],
    ['__proto__ key', JSON.parse(`{"eventId":"x","caseId":"C","type":"accepted","at":"2026-11-23T00:00:00Z","__proto__":{"admin":true}}`), 'events.0'],
  ])('names the field when %s', (_what, event, path) => {
    expect(issuesOf({ events: [event] })).toContain(path);
  });

  it('refuses an empty batch and one over the limit', () => {
    expect(issuesOf({ events: [] })).toContain('events');
    const many = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => reported(`C${i}`));
    expect(issuesOf({ events: many })).toContain('events');
  });
});

describe('position batch schema', () => {
  it('accepts fixes inside Tianjin', () => {
    expect(positionBatchSchema.safeParse({ fixes: [fix('W1')] }).success).toBe(true);
  });
  it.each([
    ['NaN longitude', { lon: Number.NaN }],
    ['Infinity latitude', { lat: Number.POSITIVE_INFINITY }],
    ['a point in Shanghai', { lon: 121.47, lat: 31.23 }],
    ['a string coordinate', { lon: '117.2' as never }],
  ])('refuses %s', (_what, overrides) => {
    expect(positionBatchSchema.safeParse({ fixes: [fix('W1', overrides)] }).success).toBe(false);
  });
});
