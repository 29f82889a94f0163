// Hostile values and fast-check arbitraries: wrong types, huge and odd strings, numbers JSON cannot
// hold (written raw into the body), prototype keys, and mutations of valid case events, fixes,
// handshakes and wall commands that make them invalid.
import fc from 'fast-check';

/** Raw JSON tokens: written into the serialised body as they are (NaN, Infinity, -0, hex …). */
const RAW_TOKENS = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '-0', '0x1F', '01', '.5', '+1', 'undefined', "'single'", '1_000'] as const;
const rawMark = (t: string) => `@@RAW:${t}@@`;
/** JSON.stringify, then the raw-token markers replaced by the tokens themselves. */
export function serialise(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/"@@RAW:(.*?)@@"/g, (_m, t: string) => t);
}

/** Objects whose own keys are prototype keys (as JSON.parse makes them). */
export const protoObjects = (): unknown[] => [
  JSON.parse('{"__proto__": {"polluted": true, "isAdmin": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  JSON.parse('{"__proto__": null}'),
  JSON.parse('{"__proto__": [1, 2, 3]}'),
  { toString: 'x', valueOf: 1, hasOwnProperty: 'no' },
];

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

const HOSTILE_CONSTANTS: unknown[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  0.5,
  -0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 53 + 2),
  5e-324,
  1_000_001,
  '',
  ' ',
  '\t\n',
  'NaN',
  'Infinity',
  '-0',
  '1',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  '{}',
  '[]',
  "'; DROP TABLE events;--",
  '<script>alert(1)</script>',
  '\u0000',
  '\u202e\u2066',
  '../../etc/passwd',
  '%00',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
  '${7*7}',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2024-13-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01',
  '2024-01-01T25:00:00Z',
  '1700000000000',
  'x'.repeat(501),
  '长'.repeat(501),
  '😀'.repeat(300),
  'a'.repeat(65),
  [],
  {},
  [1, 2, 3],
  [null],
  { lon: 117, lat: 39 },
  nested(50),
  nested(500),
  ...RAW_TOKENS.map(rawMark),
  ...protoObjects(),
];

/** A value of the wrong kind for nearly any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: 501, max: 20_000 }).map((n) => 'y'.repeat(n)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }).map((d) => nested(d)) },
);

/** Key names a hostile client adds or corrupts. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'polluted',
    '',
    ' ',
    'eventId ',
    'EVENTID',
    'type\u0000',
    'a'.repeat(1000),
  ),
  fc.string({ maxLength: 20 }),
);

/** Sets, deletes or adds one key of an object (own keys, like JSON.parse makes them: `__proto__` included). */
export function mutateObject(base: Record<string, unknown>, knownKeys: readonly string[]): fc.Arbitrary<{ value: unknown; how: string }> {
  const set = fc.tuple(fc.oneof(fc.constantFrom(...knownKeys), hostileKey), hostileValue).map(([k, v]) => {
    const o: Record<string, unknown> = { ...base };
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return { value: o, how: `set ${JSON.stringify(k).slice(0, 40)}` };
  });
  const del = fc.constantFrom(...knownKeys).map((k) => {
    const o: Record<string, unknown> = { ...base };
    delete o[k];
    return { value: o, how: `delete ${k}` };
  });
  const replace = hostileValue.map((v) => ({ value: v, how: 'replace whole' }));
  return fc.oneof({ weight: 6, arbitrary: set }, { weight: 2, arbitrary: del }, { weight: 1, arbitrary: replace });
}

/** Whole bodies of garbage: text that is not JSON, JSON of the wrong shape, bytes. */
export const garbageBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }),
  hostileValue.map(serialise),
  fc.constantFrom(
    '',
    '{',
    '{"events":',
    '{"events":[',
    '{"events":[{"eventId":"a"',
    'null',
    '[]',
    '{}',
    '"events"',
    '{"events":{}}',
    '{"events":null}',
    '{"events":[]}',
    '\ufeff{"events":[]}',
    '{"events":[1,]}',
    "{'events':[]}",
    '{"events":[NaN]}',
    '{"events":[Infinity]}',
    '{"events":[-0]}',
    '{"events":1e999}',
  ),
);
