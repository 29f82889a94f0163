// The load generator of bench:push, in its own process: case reports and worker fixes posted over
// HTTP at steady rates, then a burst. A case id carries the time it was sent (ms), so a receiver can
// measure ingest-to-receipt latency of the report on the same machine's clock. Five seconds after
// its report each case runs through the rest of its loop to closure (6 more events), so the number
// of open cases stays level and a long run measures a steady state.
// Usage: tsx bench/push/load.ts <baseUrl> <key|-> <seconds> <fixesPerSec> <casesPerSec> <burstCasesPerSec> <burstSeconds>
import { grids } from '../../tests/support/factories.ts';

const [url, key, seconds, fixesPerSec, casesPerSec, burstRate, burstSeconds] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
const headers = { 'content-type': 'application/json', ...(key !== '-' && { authorization: `Bearer ${key}` }) };
const WORKERS = 15_000;
const TICK_MS = 100;
let caseNo = 0;
let sentCases = 0;
let sentFixes = 0;
let failures = 0;

async function post(path: string, body: unknown) {
  try {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) failures += 1;
    await res.arrayBuffer();
  } catch {
    failures += 1;
  }
}

function cases(n: number) {
  const now = Date.now();
  return Array.from({ length: n }, () => {
    const g = grids.grids[(caseNo * 7919) % grids.grids.length]!;
    const caseId = `P-${now}-${++caseNo}`;
    return {
      eventId: `${caseId}:1`,
      caseId,
      type: 'reported',
      at: new Date(now).toISOString(),
      gridCode: g.code,
      category: 'appearance.garbage',
      urgency: 'ordinary',
      source: 'hotline_12345',
      summary: '小区门口生活垃圾堆放未清运',
    };
  });
}

const toClose: { caseId: string; at: number }[] = [];
const FOLLOW_UP: Record<string, unknown>[] = [
  { type: 'accepted' },
  { type: 'dispatched', unit: '街道综合执法队' },
  { type: 'started' },
  { type: 'resolved', note: '已处置' },
  { type: 'verified', passed: true },
  { type: 'evaluated', satisfied: true },
];
function closures(): unknown[] {
  const due = Date.now() - 5000;
  const events: unknown[] = [];
  while (toClose.length && toClose[0]!.at <= due) {
    const { caseId } = toClose.shift()!;
    const at = new Date().toISOString();
    FOLLOW_UP.forEach((e, i) => events.push({ ...e, eventId: `${caseId}:${i + 2}`, caseId, at }));
  }
  return events;
}

let workerCursor = 0;
function fixes(n: number) {
  const at = new Date().toISOString();
  return Array.from({ length: n }, () => {
    const w = workerCursor++ % WORKERS;
    const g = grids.grids[w % grids.grids.length]!;
    return { workerId: `W${w}`, gridCode: g.code, lon: g.centroid[0] + (Math.random() - 0.5) * 1e-3, lat: g.centroid[1] + (Math.random() - 0.5) * 1e-3, at };
  });
}

async function phase(durationS: number, fixRate: number, caseRate: number) {
  const ticks = Math.round((durationS * 1000) / TICK_MS);
  let fixDebt = 0,
    caseDebt = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let t = 0; t < ticks; t++) {
    fixDebt += (fixRate * TICK_MS) / 1000;
    caseDebt += (caseRate * TICK_MS) / 1000;
    const nf = Math.floor(fixDebt);
    const nc = Math.floor(caseDebt);
    fixDebt -= nf;
    caseDebt -= nc;
    if (nf) {
      inFlight.push(post('/api/v1/positions', { fixes: fixes(nf) }));
      sentFixes += nf;
    }
    for (let k = 0; k < nc; k += 1000) {
      const batch = cases(Math.min(1000, nc - k));
      for (const c of batch) toClose.push({ caseId: c.caseId, at: Date.now() });
      inFlight.push(post('/api/v1/events', { events: batch }));
    }
    const follow = closures();
    for (let k = 0; k < follow.length; k += 996) inFlight.push(post('/api/v1/events', { events: follow.slice(k, k + 996) }));
    sentCases += nc;
    const wait = start + (t + 1) * TICK_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inFlight);
}

await phase(Number(seconds), Number(fixesPerSec), Number(casesPerSec));
await phase(Number(burstSeconds), Number(fixesPerSec), Number(burstRate));
process.stdout.write(`${JSON.stringify({ sentCases, sentFixes, failures })}\n`);
