// Access keys over a real store, on both engines: the first start's keys, what authenticate says of
// an unknown, revoked or expired token, rotation with and without grace, ends announced once (to
// close sockets), changes made by another process picked up by refresh, or at once by a lookup when
// an unknown token comes; the audit log's paging.
import { describe, expect, it } from 'vitest';
import { hashToken, openAccessKeys } from '../../server/auth/accessKeys.ts';
import { createAudit } from '../../server/auth/audit.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { ENGINES, openStoreAt, useStores } from '../support/engines.ts';

describe.each(ENGINES)('access keys on %s', (engine) => {
  const open = useStores(engine);

  it('a first start makes one key per role that the environment does not give; the store holds hashes', async () => {
    const { store } = await open();
    const keys = await openAccessKeys(store.keys, { screen: 'st_from-the-environment-0123' });
    expect(keys.created).toBe(true);
    // the keys made now are shown once; the environment's is its operator's: never among them (never printed)
    expect(Object.keys(keys.startTokens).sort()).toEqual(['admin', 'ingest', 'presenter']);
    const stored = await store.keys.readAll();
    expect(stored.map((k) => k.role).sort()).toEqual(['admin', 'ingest', 'presenter']);
    for (const k of stored) {
      const token = keys.startTokens[k.role]!;
      expect(k.tokenHash).toBe(hashToken(token));
      expect(JSON.stringify(k)).not.toContain(token);
    }
    expect(keys.authenticate('st_from-the-environment-0123')).toMatchObject({
      ok: true,
      principal: { role: 'screen', keyId: 'env-screen', walls: null, scope: '1201' },
    });
    // a second open makes nothing and shows no token
    const again = await openAccessKeys(store.keys, {});
    expect(again.created).toBe(false);
    expect(again.startTokens).toEqual({});
    expect(again.authenticate(keys.startTokens.admin)).toMatchObject({ ok: true, principal: { role: 'admin' } });
    expect(again.authenticate('st_from-the-environment-0123')).toEqual({ ok: false, reason: 'unknown' }); // the environment's key is gone with it
  });

  it('says why a token is refused, rotates with and without grace, and announces each end once', async () => {
    let clock = 1_000_000;
    const { store } = await open();
    const keys = await openAccessKeys(store.keys, {}, { makeFirstKeys: false, now: () => clock });
    const ended: string[][] = [];
    keys.onEnded((keys) => ended.push(keys.map((k) => `${k.id} ${k.reason}`)));
    expect(keys.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(keys.authenticate('st_nobody')).toEqual({ ok: false, reason: 'unknown' });
    expect(keys.authenticate('x'.repeat(5000))).toEqual({ ok: false, reason: 'unknown' });

    const a = await keys.create({ role: 'screen', label: '一号屏', walls: ['demo'], scope: '120101' }, 'test');
    expect(keys.authenticate(a.token)).toMatchObject({ ok: true, principal: { keyId: a.key.id, walls: ['demo'], scope: '120101', internal: false } });
    const rotated = await keys.rotate(a.key.id, 60, 'test');
    if ('refused' in rotated) throw new Error('refused');
    expect(rotated.key).toMatchObject({ role: 'screen', walls: ['demo'], scope: '120101', label: '一号屏', expiresAt: null });
    expect(keys.authenticate(a.token).ok).toBe(true);
    // in its grace period the old key is not rotated a second time: its replacement is
    expect(await keys.rotate(a.key.id, 60, 'test')).toEqual({ refused: 'rotated', replacedBy: rotated.key.id });
    expect(ended).toEqual([]);
    clock += 60_001;
    expect(keys.authenticate(a.token)).toEqual({ ok: false, reason: 'expired' });
    keys.sweep(); // the timer's check announces the expiry, without the store
    expect(ended).toEqual([[`${a.key.id} expired`]]);
    await keys.refresh();
    expect(ended).toHaveLength(1);

    expect(await keys.rotate(a.key.id, 0, 'test')).toEqual({ refused: 'unknown' }); // an expired key is not rotated again
    const b = rotated;
    expect((await keys.revoke(b.key.id))!.revokedAt).not.toBeNull();
    expect(keys.authenticate(b.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(ended).toEqual([[`${a.key.id} expired`], [`${b.key.id} revoked`]]);
    expect(await keys.revoke('key_000000000000')).toBeNull();
  });

  it("a rotation keeps the key's expiry; a refresh that read the store before a revoke was stored does not undo it", async () => {
    let clock = 5_000_000;
    const { store } = await open();
    const keys = await openAccessKeys(store.keys, {}, { makeFirstKeys: false, now: () => clock });
    const temp = await keys.create({ role: 'screen', label: '临时', scope: '1201', expiresAt: new Date(clock + 3_600_000).toISOString() }, 'test');
    const rotated = await keys.rotate(temp.key.id, 600, 'test');
    if ('refused' in rotated) throw new Error('refused');
    expect(rotated.key.expiresAt).toBe(new Date(clock + 3_600_000).toISOString());
    // a refresh whose read began before the revoke reached the store: the stale rows must not revive the key
    const stale = await store.keys.readAll();
    const original = store.keys.readAll.bind(store.keys);
    store.keys.readAll = async () => stale;
    await keys.revoke(rotated.key.id);
    await keys.refresh();
    store.keys.readAll = original;
    expect(keys.authenticate(rotated.token)).toEqual({ ok: false, reason: 'revoked' });
    clock += 1;
  });

  it('picks up keys made and revoked by another process (the CLI, another node) on refresh', async () => {
    const { store, loc } = await open();
    const server = await openAccessKeys(store.keys, {}, { makeFirstKeys: false });
    const ended: string[][] = [];
    server.onEnded((keys) => ended.push(keys.map((k) => `${k.id} ${k.reason}`)));
    const other = await openStoreAt(loc);
    const cli = await openAccessKeys(other.keys, {}, { makeFirstKeys: false });
    const made = await cli.create({ role: 'presenter', label: '平板', scope: '1201' }, 'cli');
    expect(server.authenticate(made.token)).toEqual({ ok: false, reason: 'unknown' });
    await server.refresh();
    expect(server.authenticate(made.token).ok).toBe(true);
    await cli.revoke(made.key.id);
    await other.close();
    await server.refresh();
    expect(server.authenticate(made.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(ended).toEqual([[`${made.key.id} revoked`]]);
  });

  it('lets in a key another node made a moment ago, before its refresh, with one store read per token', async () => {
    const { store, loc } = await open();
    const node2 = await openAccessKeys(store.keys, {}, { makeFirstKeys: false });
    const other = await openStoreAt(loc);
    const node1 = await openAccessKeys(other.keys, {}, { makeFirstKeys: false });
    const made = await node1.create({ role: 'screen', label: '二号屏', scope: '120106' }, 'admin');
    expect(node2.authenticate(made.token)).toEqual({ ok: false, reason: 'unknown' }); // not refreshed yet
    let reads = 0;
    const find = store.keys.find.bind(store.keys);
    store.keys.find = (hash) => {
      reads += 1;
      return find(hash);
    };
    // three screens with the new token at once: one lookup, all let in, and held from then on
    const answers = await Promise.all([1, 2, 3].map(() => node2.authenticateFresh(made.token)));
    for (const a of answers) expect(a).toMatchObject({ ok: true, principal: { keyId: made.key.id, role: 'screen', scope: '120106' } });
    expect(reads).toBe(1);
    expect(node2.authenticate(made.token).ok).toBe(true);
    // a revoked key found so is refused as revoked; what no key could be is not looked up at all
    const gone = await node1.create({ role: 'screen', label: '旧屏', scope: '1201' }, 'admin');
    await node1.revoke(gone.key.id);
    expect(await node2.authenticateFresh(gone.token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await node2.authenticateFresh('st_short')).toEqual({ ok: false, reason: 'unknown' });
    expect(await node2.authenticateFresh(`xx_${'a'.repeat(32)}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(await node2.authenticateFresh(`st_${'a'.repeat(32)}`)).toEqual({ ok: false, reason: 'unknown' }); // well formed: looked up, not found
    expect(reads).toBe(3);
    await other.close();
  });

  it('keeps the audit log newest first, pages back and filters by action', async () => {
    const { store } = await open();
    const audit = createAudit(store.audit, createLogger('silent'));
    const who = {
      keyId: 'key_aaaaaaaaaaaa',
      role: 'admin' as const,
      label: '管理员',
      walls: null,
      scope: '1201',
      sources: null,
      worker: null,
      internal: false,
    };
    for (let i = 0; i < 5; i++) await audit.record(who, i % 2 ? 'key.revoke' : 'key.create', `key_${i}`, true, { i }, '127.0.0.1');
    await audit.record('system', 'wall.command', 'demo', false, null);
    const all = await audit.read({ limit: 10 });
    expect(all.map((e) => e.target)).toEqual(['demo', 'key_4', 'key_3', 'key_2', 'key_1', 'key_0']);
    expect(all[0]).toMatchObject({ keyId: 'system', role: 'system', ok: false, detail: null, ip: null });
    expect(all[1]).toMatchObject({ keyId: who.keyId, role: 'admin', label: '管理员', action: 'key.create', ok: true, detail: { i: 4 }, ip: '127.0.0.1' });
    expect(Date.parse(all[1]!.at)).toBeGreaterThan(0);
    expect((await audit.read({ limit: 2, before: all[2]!.id })).map((e) => e.target)).toEqual(['key_2', 'key_1']);
    expect((await audit.read({ limit: 10, action: 'key.revoke' })).map((e) => e.target)).toEqual(['key_3', 'key_1']);
  });
});
