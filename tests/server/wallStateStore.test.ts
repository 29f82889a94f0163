// The walls' store contract, on both engines: the command log, each wall's latest state across a
// reopen, saved only over the version it was made from.
import { describe, expect, it } from 'vitest';
import { ENGINES, dropStore, useStores } from '../support/engines.ts';

describe.each(ENGINES)('the wall state store on %s', (engine) => {
  const open = useStores(engine);

  it("logs wall commands and reads a wall's newest ones back oldest first", async () => {
    const { store, loc } = await open();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await store.walls.appendCommand({
          wall: 'hall',
          at: 1000 + i,
          who: '张三',
          role: 'presenter',
          command: { type: 'seek', at: i },
          ok: true,
          code: null,
          error: null,
        }),
      );
    }
    ids.push(
      await store.walls.appendCommand({
        wall: 'desk',
        at: 2000,
        who: 'keyboard 1-1',
        role: 'keyboard',
        command: { type: 'live' },
        ok: true,
        code: null,
        error: null,
      }),
    );
    const refused = await store.walls.appendCommand({
      wall: 'hall',
      at: 3000,
      who: '张三',
      role: 'presenter',
      command: { type: 'scene', scene: 'nope' },
      ok: false,
      code: 'unknown_scene',
      error: 'no scene "nope"',
    });
    expect([...ids, refused]).toEqual([...ids, refused].sort((x, y) => x - y));
    const latest = await store.walls.readCommands('hall', 3);
    expect(latest.map((e) => e.at)).toEqual([1003, 1004, 3000]);
    expect(latest[2]).toEqual({
      id: refused,
      wall: 'hall',
      at: 3000,
      who: '张三',
      role: 'presenter',
      command: { type: 'scene', scene: 'nope' },
      ok: false,
      code: 'unknown_scene',
      error: 'no scene "nope"',
    });
    expect(latest[0]).toMatchObject({ command: { type: 'seek', at: 3 }, ok: true, code: null, error: null });
    expect(await store.walls.readCommands('desk', 10)).toEqual([
      { id: ids[5], wall: 'desk', at: 2000, who: 'keyboard 1-1', role: 'keyboard', command: { type: 'live' }, ok: true, code: null, error: null },
    ]);
    expect(await store.walls.readCommands('none', 10)).toEqual([]);
    await dropStore(loc);
  });

  it("keeps each wall's latest state across a reopen", async () => {
    const { store, loc } = await open();
    expect(await store.walls.loadStates()).toEqual(new Map());
    expect(await store.walls.saveState('hall', '{"version":1}', 1, 0)).toBe(true);
    expect(await store.walls.saveState('desk', '{"version":1}', 1)).toBe(true);
    expect(await store.walls.saveState('hall', '{"version":2}', 2, 1)).toBe(true);
    await store.close();
    const { store: again } = await open(loc);
    expect(await again.walls.loadStates()).toEqual(
      new Map([
        ['hall', '{"version":2}'],
        ['desk', '{"version":1}'],
      ]),
    );
    await dropStore(loc);
  });

  it('saves a wall state only over the version it was made from (two nodes commanding one wall)', async () => {
    const { store, loc } = await open();
    expect(await store.walls.saveState('hall', '{"version":1,"by":"a"}', 1, 0)).toBe(true);
    // another node made its version 2 from version 1 first
    expect(await store.walls.saveState('hall', '{"version":2,"by":"b"}', 2, 1)).toBe(true);
    expect(await store.walls.saveState('hall', '{"version":2,"by":"a"}', 2, 1)).toBe(false);
    expect((await store.walls.loadStates()).get('hall')).toBe('{"version":2,"by":"b"}');
    // unconditional (one process): always
    expect(await store.walls.saveState('hall', '{"version":9}', 9)).toBe(true);
    await dropStore(loc);
  });
});
