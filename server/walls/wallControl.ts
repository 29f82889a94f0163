// Each wall's presenter-held state: commands from the console (or a screen's keyboard) are run one
// at a time per wall, applied by wallCommands.ts, logged (who, when, what, accepted or why not) in
// the store, and the new state is kept in the store too so a restarted server shows what the wall
// showed (live: a playback is not resumed after a restart). Before a state is published, the
// `beforePublish` hooks get the chance to make it servable (a playback's projections are folded
// first) or to refuse it; then the `onPublished` listeners show it (the screens, the consoles) and,
// for a command run here, the `onCommanded` ones tell the other nodes.
// A store that cannot write (a full disk, PostgreSQL away) does not stop the hall: the command is
// still run and shown, the failed log entry or saved state is logged as an error (the entry is not
// in the console's history, and a restart would show the last state that was saved).
import { withinScope } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { SYSTEM_WHO, type CommandLogEntry, type CommandResult, type WallCommand, type WallState } from '../../shared/wallControl.ts';
import { createSerialQueue } from '../ingest/serialQueue.ts';
import type { Logger } from '../observability/logger.ts';
import type { WallStateStore } from '../store/wallStateStore.ts';
import { applyWallCommand, initialWallState } from './wallCommands.ts';
import type { WallLayouts } from './wallLayouts.ts';

/** Times a command is run again on a newer state another node saved first, before it is refused as busy. */
const STALE_RETRIES = 3;

/** Commands kept for the console's history on connect. */
export const COMMAND_LOG_SHOWN = 50;

export interface WallControlDeps {
  walls: WallLayouts;
  /** Where the walls' states and commands are kept. */
  wallStates: WallStateStore;
  /** A case's grid (undefined: no such case), for a spotlight's scope check. */
  caseGrid(caseId: string): Promise<string | undefined>;
  regionExists(code: string): boolean;
  /** How long an ended playback holds before the server takes the wall back to live, where its layout does not say (0: never). */
  liveAfterPlaybackS: number;
  logger: Logger;
}

/**
 * Whether a state from another node replaces this node's: a later version; of two states made at
 * once on two nodes from the same version, the same one everywhere (the later start, then the
 * greater text), so that every node settles on one.
 */
export function supersedes(next: WallState, current: WallState): boolean {
  if (next.version !== current.version) return next.version > current.version;
  if (next.effectiveAt !== current.effectiveAt) return next.effectiveAt > current.effectiveAt;
  return JSON.stringify(next) > JSON.stringify(current);
}

export async function createWallControl(deps: WallControlDeps) {
  const { walls, wallStates, logger } = deps;
  const states = new Map<string, WallState>();
  const stored = await wallStates.loadStates();
  for (const wall of walls.list()) {
    let state = initialWallState(wall.id);
    const body = stored.get(wall.id);
    if (body) {
      try {
        // what the wall showed, live: a playback's clock means nothing after a restart
        state = { ...(JSON.parse(body) as WallState), playback: null, flight: null, effectiveAt: 0 };
      } catch (err) {
        logger.warn({ wall: wall.id, err: (err as Error).message }, 'stored wall state unreadable: the wall starts from its configuration');
      }
    }
    states.set(wall.id, state);
  }
  const queues = new Map(walls.list().map((w) => [w.id, createSerialQueue()]));
  const hooks = {
    /** Make a state servable before it is published (e.g. fold a playback's projections); throw to refuse it. */
    beforePublish: [] as ((prev: WallState, next: WallState) => Promise<void>)[],
    /** A state was accepted (here or on another node): show it. */
    published: [] as ((state: WallState) => void)[],
    /** A command was logged (accepted or refused). */
    logged: [] as ((entry: CommandLogEntry) => void)[],
    /** A command was accepted on this node: the other nodes adopt its state (scale-out). */
    commanded: [] as ((state: WallState) => void)[],
  };
  const prepare = async (prev: WallState, next: WallState) => {
    for (const hook of hooks.beforePublish) await hook(prev, next);
  };
  const publish = (state: WallState) => hooks.published.forEach((listener) => listener(state));

  /** Tries a command against this node's state of the wall; `stale` when another node saved a newer state first. */
  async function attempt(
    wallId: string,
    command: WallCommand,
    who: string,
    keyScope: string,
    now: number,
    ifVersion: number | undefined,
  ): Promise<CommandResult | 'stale' | 'superseded'> {
    const wall = walls.get(wallId)!;
    const prev = states.get(wallId)!;
    if (ifVersion !== undefined && prev.version !== ifVersion) return 'superseded';
    const caseGrid = command.type === 'spotlight' && command.caseId !== null ? await deps.caseGrid(command.caseId) : undefined;
    const outcome = applyWallCommand(prev, command, {
      // the wall's scope, or the commanding key's where that is narrower: a district's presenter points at his district only
      now,
      wall,
      scope: withinScope(wall.scope ?? CITY_CODE, keyScope) ? (wall.scope ?? CITY_CODE) : keyScope,
      regionExists: deps.regionExists,
      caseGrid,
      who,
      liveAfterMs: (wall.liveAfterPlaybackS ?? deps.liveAfterPlaybackS) * 1000,
    });
    if (!outcome.ok) return outcome;
    try {
      await prepare(prev, outcome.state);
    } catch (err) {
      return { ok: false, code: 'not_servable', message: (err as Error).message };
    }
    // saved only over the state it was made from: of two nodes commanding one wall at once, one wins
    // and the other runs its command again on the winner's state
    const saved = await wallStates.saveState(wallId, JSON.stringify(outcome.state), outcome.state.version, prev.version).catch((err: Error) => {
      logger.error(
        { wall: wallId, version: outcome.state.version, err: err.message, code: (err as { code?: string }).code },
        'wall state could not be saved in the store; the wall shows it, a restart would not',
      );
      return true; // the store away does not stop the hall
    });
    if (!saved) {
      const stored = (await wallStates.loadStates()).get(wallId);
      if (stored) await adopt(JSON.parse(stored) as WallState);
      return 'stale';
    }
    return outcome;
  }

  /** Runs and logs a command; null (nothing run, nothing logged) when `ifVersion` is given and the wall has moved on from it. */
  async function run(
    wallId: string,
    command: WallCommand,
    who: string,
    role: CommandLogEntry['role'],
    keyScope: string,
    ifVersion?: number,
  ): Promise<CommandResult | null> {
    const now = Date.now();
    let outcome: CommandResult | 'stale' | 'superseded' = 'stale';
    for (let tries = 0; outcome === 'stale' && tries < STALE_RETRIES; tries++) outcome = await attempt(wallId, command, who, keyScope, now, ifVersion);
    if (outcome === 'superseded') return null;
    if (outcome === 'stale')
      outcome = {
        ok: false,
        code: 'busy',
        message: `wall ${wallId} was changed by other commands at the same moment, ${STALE_RETRIES} times: look at it again and repeat the command`,
      };
    const entry: Omit<CommandLogEntry, 'id'> = {
      wall: wallId,
      at: now,
      who,
      role,
      command,
      ok: outcome.ok,
      code: outcome.ok ? null : outcome.code,
      error: outcome.ok ? null : outcome.message,
    };
    const id = await wallStates.appendCommand(entry).catch((err: Error) => {
      logger.error(
        { wall: wallId, who, command, err: err.message, code: (err as { code?: string }).code },
        'wall command could not be logged in the store; it is run all the same',
      );
      return null;
    });
    if (id !== null) hooks.logged.forEach((listener) => listener({ id, ...entry }));
    if (!outcome.ok) {
      logger.info({ wall: wallId, who, role, command, refused: outcome.message }, 'wall command refused');
      return outcome;
    }
    states.set(wallId, outcome.state);
    logger.info({ wall: wallId, who, role, command, version: outcome.state.version }, 'wall command');
    publish(outcome.state);
    hooks.commanded.forEach((listener) => listener(outcome.state));
    return outcome;
  }

  /** A state accepted on another node (or read from the store): shown here too if it supersedes this node's. */
  async function adopt(next: WallState): Promise<boolean> {
    const prev = states.get(next.wall);
    if (!prev || !supersedes(next, prev)) return false;
    try {
      await prepare(prev, next);
    } catch (err) {
      // accepted where it was commanded: shown here too, whatever this node could not prepare
      logger.warn({ wall: next.wall, version: next.version, err: (err as Error).message }, 'a wall state from another node could not be prepared here');
    }
    states.set(next.wall, next);
    publish(next);
    return true;
  }

  return {
    beforePublish: (hook: (prev: WallState, next: WallState) => Promise<void>) => void hooks.beforePublish.push(hook),
    onPublished: (listener: (state: WallState) => void) => void hooks.published.push(listener),
    onLogged: (listener: (entry: CommandLogEntry) => void) => void hooks.logged.push(listener),
    onCommanded: (listener: (state: WallState) => void) => void hooks.commanded.push(listener),
    state: (wall: string): WallState | undefined => states.get(wall),
    /** Runs a command on a wall, after any still running there; resolves with the new state or the refusal. */
    command(wall: string, command: WallCommand, who: string, role: CommandLogEntry['role'], keyScope: string = CITY_CODE): Promise<CommandResult> {
      const queue = queues.get(wall);
      if (!queue) return Promise.resolve({ ok: false, code: 'unknown_wall', message: `no wall "${wall}"` });
      return queue(async () => (await run(wall, command, who, role, keyScope))!);
    },
    /**
     * The server's own `live` after a playback ended (logged as SYSTEM_WHO), only if the wall still
     * shows state `version`: null when a presenter (or another node) changed it meanwhile.
     */
    returnToLive(wall: string, version: number): Promise<CommandResult | null> {
      const queue = queues.get(wall);
      if (!queue) return Promise.resolve(null);
      return queue(() => run(wall, { type: 'live' }, SYSTEM_WHO, 'system', CITY_CODE, version));
    },
    /** Takes a wall's state from another node (after any command still running here); resolves whether it was taken. */
    adopt(state: WallState): Promise<boolean> {
      const queue = queues.get(state.wall);
      return queue ? queue(() => adopt(state)) : Promise.resolve(false);
    },
    /**
     * Takes every stored state of a later version than this node's (messages between nodes lost while
     * Redis was away). Only a later version: the state this node started from is the stored one
     * without its playback, which must not come back.
     */
    async resync(): Promise<void> {
      for (const [wall, body] of await wallStates.loadStates()) {
        const current = states.get(wall);
        if (!current) continue;
        try {
          const stored = JSON.parse(body) as WallState;
          if (stored.version > current.version) await this.adopt(stored);
        } catch (err) {
          logger.warn({ wall, err: (err as Error).message }, 'stored wall state unreadable');
        }
      }
    },
    /** The latest commands on a wall, oldest first. */
    history: (wall: string, limit = COMMAND_LOG_SHOWN) => wallStates.readCommands(wall, limit),
  };
}

export type WallControl = Awaited<ReturnType<typeof createWallControl>>;
