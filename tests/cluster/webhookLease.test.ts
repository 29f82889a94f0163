// Webhooks scaled out: two nodes (real processes on one PostgreSQL log and one Redis) and one real
// receiver. Only the node holding the Redis lease delivers, so escalations ingested on both nodes
// reach the receiver once each; when that node is killed with SIGKILL the other takes the lease over
// and resumes from the cursor in PostgreSQL: every alert, once, in log order.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { reported, steps, uniqueId } from '../support/factories.ts';
import { clusterUnavailable, readClusterLog, startCluster, waitFor, type Cluster } from '../support/cluster.ts';
import { killHard } from '../support/serverProcess.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.ts';

const skipped = await clusterUnavailable();
if (skipped) console.warn(skipped);

const SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const escalated = (caseId: string): CaseEvent[] => [
  reported(caseId),
  ...steps(caseId, [{ type: 'accepted' }, { type: 'dispatched', unit: '街道综合执法队' }, { type: 'escalated', level: 'district', by: '街道网格中心' }]),
];

describe.skipIf(skipped !== null)('webhooks on two nodes', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
    const file = join(mkdtempSync(join(tmpdir(), 'gridwall-webhooks-')), 'webhooks.json');
    writeFileSync(file, JSON.stringify({ endpoints: [{ id: 'duty', url: receiver.url('/duty'), secretEnv: 'GRIDWALL_TEST_WEBHOOK_SECRET' }] }));
    cluster = await startCluster(2, { env: { WEBHOOKS_CONFIG: file, GRIDWALL_TEST_WEBHOOK_SECRET: SECRET } });
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
    await receiver?.close();
  });

  const healthz = async (i: number) =>
    (await (await fetch(`${cluster.nodes[i]!.url}/healthz`)).json()) as { webhooks: { delivering: boolean; endpoints: { cursor: number | null }[] } };
  const post = async (i: number, events: CaseEvent[]) => {
    const res = await fetch(`${cluster.nodes[i]!.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.tokens.ingestKey}` },
      body: JSON.stringify({ events }),
    });
    expect(res.status).toBe(200);
  };
  const delivered = () => receiver.taken('/duty').map((q) => q.body.id as string);

  it('one node delivers; when it is killed the other takes over: every alert once, in log order', async () => {
    // one of the two takes the lease, the other waits
    let leader = -1;
    await waitFor(async () => {
      const states = await Promise.all([0, 1].map(async (i) => (await healthz(i)).webhooks.delivering));
      leader = states.indexOf(true);
      return states.filter(Boolean).length === 1;
    }, 'exactly one node delivering');
    const survivor = 1 - leader;

    // escalations ingested on both nodes, interleaved
    const first = Array.from({ length: 10 }, () => uniqueId('CW'));
    for (const [n, caseId] of first.entries()) await post(n % 2, escalated(caseId));
    await receiver.until(() => delivered().length >= first.length, 'the first ten escalations', 30_000);
    // its cursor saved past the last of them (what the next node resumes from)
    const logEnd = (await readClusterLog(cluster.schema)).at(-1)!.seq;
    await waitFor(async () => ((await healthz(leader)).webhooks.endpoints[0]!.cursor ?? 0) >= logEnd, 'the cursor saved');

    await killHard(cluster.nodes[leader]!);
    // ingested on the survivor while the dead node's lease has not lapsed yet
    const second = Array.from({ length: 10 }, () => uniqueId('CW'));
    for (const caseId of second) await post(survivor, escalated(caseId));
    await receiver.until(() => delivered().length >= first.length + second.length, 'the ten escalations after the kill', 60_000);
    expect((await healthz(survivor)).webhooks.delivering).toBe(true);

    // once each, in the log's order, none missing
    const log = await readClusterLog(cluster.schema);
    const alertsInLog = log.filter((e) => e.event.type === 'escalated').map((e) => e.event.eventId);
    expect(delivered()).toEqual(alertsInLog);
    expect(receiver.requests.filter((q) => q.path === '/duty')).toHaveLength(first.length + second.length);
    expect(receiver.requests.every((q) => q.signatureProblem === null)).toBe(true);
  }, 120_000);
});
